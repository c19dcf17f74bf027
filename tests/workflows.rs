//! The workflows are code: every action pinned by a commit with its version
//! in a comment (a tag can be moved), Dependabot keeping the pins current,
//! and `.ci/run` linting every workflow with actionlint (which flags an
//! action whose runtime GitHub removed).

use std::path::{Path, PathBuf};

fn workflows() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yml" || ext == "yaml"))
        .collect();
    paths.sort();
    paths
}

/// The `uses:` references of a workflow that name an action (not a local
/// `./` one), with their line.
fn action_references(text: &str) -> Vec<(&str, &str)> {
    text.lines()
        .filter_map(|line| {
            let reference = line.trim_start().trim_start_matches("- ").strip_prefix("uses:")?.trim();
            (!reference.starts_with("./")).then_some((reference, line))
        })
        .collect()
}

#[test]
fn every_action_is_pinned_by_a_commit_with_its_version() {
    let paths = workflows();
    assert!(paths.len() >= 3, "records, site and sync: {paths:?}");
    let mut actions = 0;
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap();
        for (reference, line) in action_references(&text) {
            actions += 1;
            let (action, rest) = reference.split_once('@').unwrap_or_else(|| panic!("{path:?}: unpinned: {line}"));
            let sha: String = rest.chars().take_while(|c| c.is_ascii_hexdigit()).collect();
            assert_eq!(sha.len(), 40, "{path:?}: {action} is pinned by a commit: {line}");
            let version = rest.split_once("# v").map(|(_, version)| version.trim());
            assert!(
                version.is_some_and(|v| v.split('.').count() == 3),
                "{path:?}: {action} names its full version: {line}"
            );
        }
    }
    assert!(actions >= 8, "the pins were read: {actions}");
}

#[test]
fn the_pin_check_fails_on_a_tag() {
    // The check above cannot pass on what it is meant to catch.
    let refs = action_references("      - uses: actions/checkout@v4\n      - uses: ./local\n");
    assert_eq!(refs.len(), 1);
    let sha: String = refs[0].0.split_once('@').unwrap().1.chars().take_while(|c| c.is_ascii_hexdigit()).collect();
    assert_ne!(sha.len(), 40);
}

#[test]
fn least_privilege_is_the_default_of_every_workflow() {
    for path in workflows() {
        let text = std::fs::read_to_string(&path).unwrap();
        let top: Vec<&str> = text.lines().filter(|l| l.starts_with("permissions:")).collect();
        assert_eq!(top.len(), 1, "{path:?} sets its token's permissions at the top");
        assert!(
            top[0] == "permissions: {}" || text.contains("permissions:\n  contents: read\n"),
            "{path:?}: read-only or nothing unless a job asks"
        );
        assert!(!text.contains("write-all") && !text.contains("pull_request_target"), "{path:?}");
    }
}

#[test]
fn dependabot_keeps_the_actions_current_and_ci_lints_every_workflow() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dependabot = std::fs::read_to_string(root.join(".github/dependabot.yml")).unwrap();
    assert!(dependabot.contains("package-ecosystem: github-actions"), "{dependabot}");
    assert!(dependabot.contains("package-ecosystem: cargo"), "{dependabot}");
    let ci = std::fs::read_to_string(root.join(".ci/run")).unwrap();
    let lint = ci.lines().find(|l| l.trim_start().starts_with("actionlint")).expect("actionlint runs in .ci/run");
    // With no file named, actionlint lints every workflow of the repository.
    assert_eq!(lint.trim(), "actionlint", "every workflow, not one: {lint}");
}
