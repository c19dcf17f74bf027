//! Names the commit the binary is built from, for `flopdb --version`.

use std::process::Command;

fn main() {
    let commit = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_string())
        .filter(|commit| !commit.is_empty())
        .unwrap_or_else(|| "unknown".to_string());
    let dirty = Command::new("git")
        // Without optional locks, `git status` does not rewrite the index
        // (which would make this script run again at every build).
        .env("GIT_OPTIONAL_LOCKS", "0")
        .args(["status", "--porcelain", "--untracked-files=no"])
        .output()
        .ok()
        .filter(|output| output.status.success())
        .is_some_and(|output| !output.stdout.is_empty());
    let suffix = if dirty { ", with uncommitted changes" } else { "" };
    println!("cargo:rustc-env=FLOPDB_COMMIT={commit}{suffix}");
    // Built again when HEAD moves (a commit, a checkout); only files that
    // exist, since cargo takes a missing one as changed at every build.
    println!("cargo:rerun-if-changed=build.rs");
    for path in [".git/HEAD", ".git/index", ".git/packed-refs", ".git/refs/heads"] {
        if std::path::Path::new(path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
}
