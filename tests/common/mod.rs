//! Helpers shared by the integration tests.

#![allow(dead_code)]

pub mod worst_shapes;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// The binary, with no color and no inherited repository.
pub fn flopdb() -> Command {
    let mut cmd = Command::cargo_bin("flopdb").expect("the flopdb binary is built");
    cmd.env("NO_COLOR", "1").env_remove("GITHUB_ACTIONS");
    cmd
}

/// Copies a fixture tree into a temporary folder (outside any git repository).
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    copy_tree(&fixture(name), dir.path());
    dir
}

pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

pub fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).to_string()
}

pub fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

/// Commits every file of the work tree on the current branch, dated `day` days after 1970.
pub fn commit_all(repo: &git2::Repository, message: &str, day: i64) {
    let mut index = repo.index().unwrap();
    index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).unwrap();
    index.update_all(["*"], None).unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let signature =
        git2::Signature::new("test", "test@example.com", &git2::Time::new(day * 86_400 + 43_200, 0)).unwrap();
    let parents: Vec<git2::Commit> = repo.head().ok().and_then(|h| h.peel_to_commit().ok()).into_iter().collect();
    let parents: Vec<&git2::Commit> = parents.iter().collect();
    repo.commit(Some("HEAD"), &signature, &signature, message, &tree, &parents).unwrap();
}

/// Whether a tool the tests meet as users would (from the package
/// registries, installed by `.ci/run`) is here. Elsewhere its absence skips
/// the test with a note; under CI it is a failure.
pub fn tool_present(found: bool, what: &str, install: &str) -> bool {
    assert!(found || std::env::var_os("CI").is_none(), "CI needs {what} ({install})");
    if !found {
        eprintln!("skipped: {what} is not installed ({install}; see .ci/run)");
    }
    found
}
