//! What a branch changed: the record files added, changed or removed between
//! the merge base of a reference and the working tree (index and untracked
//! files included), for `check --changed-since`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use git2::{Delta, DiffOptions};

use crate::repo::CONFIG_FILE;
use crate::repo::RECORDS_DIR;

/// The record files a change touches, relative to the flopdb root.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes {
    /// The merge base the working tree was compared with.
    pub base: String,
    /// Files added or changed (they exist in the working tree).
    pub changed: BTreeSet<PathBuf>,
    /// Files that the base had and the working tree does not.
    pub removed: BTreeSet<PathBuf>,
    /// `flopdb.toml` changed: every record may be affected.
    pub config_changed: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ChangesError {
    #[error("{0} is not inside a git repository")]
    NotARepository(PathBuf),
    #[error("`{reference}` is not a commit of this repository ({message}); fetch it first (`{fetch}`)")]
    UnknownReference { reference: String, message: String, fetch: String },
    #[error(
        "no merge base between HEAD and `{0}`: their histories are unrelated, or the clone is too shallow to find it (fetch with more depth)"
    )]
    NoMergeBase(String),
    #[error(transparent)]
    Git(#[from] git2::Error),
}

/// The changes between the merge base of `reference` and HEAD, and the
/// working tree under `root`'s `records/` (and its `flopdb.toml`).
pub fn changed_since(root: &Path, reference: &str) -> Result<Changes, ChangesError> {
    let (repository, prefix) = super::open_at(root).ok_or_else(|| ChangesError::NotARepository(root.to_path_buf()))?;

    let unknown = |error: git2::Error| ChangesError::UnknownReference {
        reference: reference.to_string(),
        message: error.message().to_string(),
        fetch: fetch_command(&repository, reference),
    };
    let target = repository.revparse_single(reference).and_then(|o| o.peel_to_commit()).map_err(unknown)?;
    let head = repository.head().and_then(|h| h.peel_to_commit())?;
    let base =
        repository.merge_base(head.id(), target.id()).map_err(|_| ChangesError::NoMergeBase(reference.to_string()))?;
    let base_tree = repository.find_commit(base)?.tree()?;

    let records = prefix.join(RECORDS_DIR);
    let config = prefix.join(CONFIG_FILE);
    let mut options = DiffOptions::new();
    options
        .include_untracked(true)
        .recurse_untracked_dirs(true)
        .pathspec(records.to_string_lossy().as_ref())
        .pathspec(config.to_string_lossy().as_ref());
    let diff = repository.diff_tree_to_workdir_with_index(Some(&base_tree), Some(&mut options))?;

    let mut changes = Changes { base: base.to_string(), ..Changes::default() };
    let relative = |path: Option<&Path>| path.and_then(|p| p.strip_prefix(&prefix).ok()).map(Path::to_path_buf);
    for delta in diff.deltas() {
        let old = relative(delta.old_file().path());
        let new = relative(delta.new_file().path());
        if old.as_deref() == Some(Path::new(CONFIG_FILE)) || new.as_deref() == Some(Path::new(CONFIG_FILE)) {
            changes.config_changed = true;
            continue;
        }
        match delta.status() {
            Delta::Deleted => changes.removed.extend(old),
            Delta::Renamed => {
                changes.removed.extend(old);
                changes.changed.extend(new);
            }
            Delta::Unmodified | Delta::Ignored => {}
            _ => changes.changed.extend(new),
        }
    }
    Ok(changes)
}

/// How to fetch `reference`: `upstream/main` is the branch `main` of the
/// remote `upstream` (`git fetch upstream main`), where such a remote exists;
/// anything else is fetched from `origin`.
/// The command that fetches `reference` from its remote (`upstream/main`:
/// `git fetch upstream main`).
pub fn fetch_command(repository: &git2::Repository, reference: &str) -> String {
    let remotes = repository.remotes().ok();
    let remote_names: Vec<&str> = remotes.as_ref().map(|r| r.iter().flatten().flatten().collect()).unwrap_or_default();
    match reference.split_once('/') {
        Some((remote, branch)) if remote_names.contains(&remote) || remote == "origin" || remote == "upstream" => {
            format!("git fetch {} {}", shell_word(remote), shell_word(branch))
        }
        _ => format!("git fetch origin {}", shell_word(reference)),
    }
}

/// A word as a POSIX shell reads it back whole: as it is when it holds only
/// characters no shell acts on, else in single quotes (a reference typed
/// as `master;rm -rf /` is suggested quoted, never as two commands).
pub fn shell_word(word: &str) -> String {
    let plain = !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_./@+=:,%".contains(c));
    if plain { word.to_string() } else { format!("'{}'", word.replace('\'', "'\\''")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression (#29.12): `master;rm -rf /` was suggested unquoted.
    #[test]
    fn suggested_commands_quote_what_a_shell_would_act_on() {
        assert_eq!(shell_word("main"), "main");
        assert_eq!(shell_word("release/2026.12"), "release/2026.12");
        assert_eq!(shell_word("master;rm -rf /"), "'master;rm -rf /'");
        assert_eq!(shell_word("it's"), "'it'\\''s'");
        assert_eq!(shell_word("$(id)"), "'$(id)'");
        assert_eq!(shell_word(""), "''");
    }
}
