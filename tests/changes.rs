//! The pull-request path: `check --changed-since` and `diff`, on a git
//! repository made by the test (a base branch, then a branch that adds one
//! good and one bad record and changes one value).

mod common;

use std::path::Path;

use common::{commit_all, copy_fixture, flopdb, stderr, stdout};
use git2::Repository;

const GOOD: &str = "\
#:schema ../../schema/model.schema.json
name = \"BERT-Large\"
published = 2018-10-11
organizations = [\"openai\"]
domains = [\"language\"]
links = [\"https://arxiv.org/abs/1810.04805\"]
parameters = 3.4e8

[compute]
value = \"2.85e20 FLOP\"
method = \"reported\"
";

const BAD: &str = "\
#:schema ../../schema/model.schema.json
name = \"Broken Model\"
published = 2021-02-03
organizations = [\"nobody-labs\"]
domains = [\"cooking\"]
parameters = \"many\"
";

/// A repository whose `main` holds the valid fixture, and a checked-out
/// branch `feature` that adds GOOD and BAD and changes ResNet-50's
/// training epochs (so its estimated compute changes too).
fn repository() -> (tempfile::TempDir, Repository) {
    let tree = copy_fixture("valid");
    std::fs::write(tree.path().join(".gitignore"), "dist/\n").unwrap();
    let repo = Repository::init(tree.path()).unwrap();
    commit_all(&repo, "base", 19_000);
    {
        let base = repo.head().unwrap().peel_to_commit().unwrap();
        repo.branch("main", &base, true).unwrap();
        repo.branch("feature", &base, true).unwrap();
    }
    repo.set_head("refs/heads/feature").unwrap();
    let models = tree.path().join("records/models");
    std::fs::write(models.join("bert-large.toml"), GOOD).unwrap();
    std::fs::write(models.join("broken-model.toml"), BAD).unwrap();
    let resnet = models.join("resnet-50.toml");
    let text = std::fs::read_to_string(&resnet).unwrap();
    std::fs::write(&resnet, text.replace("epochs = 120", "epochs = 90")).unwrap();
    commit_all(&repo, "feature: two models and a correction", 19_001);
    (tree, repo)
}

fn run(root: &Path, args: &[&str]) -> std::process::Output {
    flopdb().arg("--root").arg(root).args(args).output().unwrap()
}

#[test]
fn changed_since_reports_only_the_bad_record() {
    let (tree, _repo) = repository();
    let output = run(tree.path(), &["check", "--changed-since", "main", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let diagnostics: Vec<serde_json::Value> =
        stdout(&output).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(diagnostics.len() >= 2, "an unknown domain, a non-number: {diagnostics:?}");
    for diagnostic in &diagnostics {
        assert_eq!(diagnostic["file"], "records/models/broken-model.toml", "{diagnostic}");
    }
    let human = run(tree.path(), &["check", "--changed-since", "main"]);
    let text = stderr(&human);
    assert!(text.contains("checked 3 records (changed since main (merge base "), "{text}");
    assert!(text.contains("3 added or changed, 0 removed"), "{text}");
    // A full check sees the same errors: nothing a change can break was left out.
    let full = run(tree.path(), &["check", "--format", "json"]);
    assert_eq!(stdout(&full), stdout(&output));
    // Nothing changed since HEAD: nothing to check, and a pass.
    let same = run(tree.path(), &["check", "--changed-since", "HEAD"]);
    assert_eq!(same.status.code(), Some(0), "{}", stderr(&same));
    assert!(stderr(&same).contains("checked 0 records"), "{}", stderr(&same));
}

#[test]
fn changed_since_checks_the_records_a_removal_breaks() {
    let (tree, _repo) = repository();
    std::fs::remove_file(tree.path().join("records/models/broken-model.toml")).unwrap();
    // Uncommitted: the working tree counts.
    std::fs::remove_file(tree.path().join("records/organizations/microsoft-research.toml")).unwrap();
    let output = run(tree.path(), &["check", "--changed-since", "main", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("records/models/resnet-50.toml"), "the model whose organization went: {text}");
    assert!(text.contains("microsoft-research"), "{text}");
}

#[test]
fn changed_since_an_unknown_reference_is_a_clear_error() {
    let (tree, _repo) = repository();
    let output = run(tree.path(), &["check", "--changed-since", "no-such-branch"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("`no-such-branch` is not a commit of this repository"), "{}", stderr(&output));
    assert!(stderr(&output).contains("`git fetch origin no-such-branch`"), "{}", stderr(&output));
    // Regression: `upstream/main` suggested `git fetch origin upstream/main`.
    let output = run(tree.path(), &["check", "--changed-since", "upstream/main"]);
    assert!(stderr(&output).contains("`git fetch upstream main`"), "{}", stderr(&output));
    // Regression: `diff` printed libgit2's message twice.
    let output = run(tree.path(), &["diff", "upstream/main"]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{text}");
    let message = text.lines().next().unwrap_or_default();
    let cause = message.rsplit(": ").next().unwrap_or_default();
    assert_eq!(message.matches(cause).count(), 1, "{text}");
    // And it says what to do, as check does, without libgit2's class and code.
    assert!(text.contains("`git fetch upstream main`") && !text.contains("class="), "{text}");
}

#[test]
fn diff_prints_the_pull_request_summary() {
    let (tree, repo) = repository();
    let output = run(tree.path(), &["diff", "main"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let mut text = stdout(&output);
    // Commit ids depend on libgit2's object format only, but keep the snapshot about the data.
    for reference in ["main", "HEAD"] {
        let id = repo.revparse_single(reference).unwrap().id().to_string();
        text = text.replace(&id[..12], &format!("<{reference}>"));
    }
    insta::assert_snapshot!("diff_feature_branch", text);
}

/// `diff main` compares commits: an edit not committed is said to be left
/// out, and `--worktree` takes it in.
#[test]
fn diff_says_uncommitted_edits_are_left_out_and_worktree_takes_them_in() {
    let (tree, _repo) = repository();
    let model = tree.path().join("records/models/resnet-50.toml");
    let text = std::fs::read_to_string(&model).unwrap();
    std::fs::write(&model, text.replace("epochs = 90", "epochs = 45")).unwrap();
    let committed = stdout(&run(tree.path(), &["diff", "main"]));
    assert!(committed.contains("uncommitted changes to 1 record file(s)"), "{committed}");
    assert!(committed.contains("| `epochs` | 120 | 90 |"), "{committed}");
    let output = run(tree.path(), &["diff", "main", "--worktree"]);
    let worktree = stdout(&output);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(worktree.contains("-> `working tree` (uncommitted)"), "{worktree}");
    assert!(worktree.contains("| `epochs` | 120 | 45 |"), "{worktree}");
    assert!(!worktree.contains("uncommitted changes to"), "{worktree}");
}
