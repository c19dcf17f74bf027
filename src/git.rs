//! Git provenance: for each record file, the date of the commit that added
//! it and of the last commit that changed it, from one walk over history
//! (each commit diffed once against its first parent, within `records/`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use git2::{Delta, DiffOptions, Repository, Sort, StatusOptions};

/// When a record file was added and last changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileDates {
    pub created: NaiveDate,
    pub last_modified: NaiveDate,
}

/// What git can say about the repository.
#[derive(Debug, Clone, PartialEq)]
pub enum Provenance {
    /// Dates per file (paths relative to the repository root, like
    /// `records/models/x.toml`), the commit built, and whether the work
    /// tree had uncommitted changes.
    Known { dates: BTreeMap<PathBuf, FileDates>, commit: String, dirty: bool },
    /// A shallow clone: history is cut, so dates would be wrong.
    Shallow { commit: String, dirty: bool },
    /// Not inside a git repository, or one with no commit yet.
    NotARepository,
}

impl Provenance {
    pub fn commit(&self) -> Option<&str> {
        match self {
            Provenance::Known { commit, .. } | Provenance::Shallow { commit, .. } => Some(commit),
            Provenance::NotARepository => None,
        }
    }

    pub fn dirty(&self) -> Option<bool> {
        match self {
            Provenance::Known { dirty, .. } | Provenance::Shallow { dirty, .. } => Some(*dirty),
            Provenance::NotARepository => None,
        }
    }

    pub fn dates(&self, path: &Path) -> Option<FileDates> {
        match self {
            Provenance::Known { dates, .. } => dates.get(path).copied(),
            _ => None,
        }
    }

    /// Why there are no dates, as said once to the person building.
    pub fn notice(&self) -> Option<&'static str> {
        match self {
            Provenance::Known { .. } => None,
            Provenance::Shallow { .. } => Some(
                "this is a shallow clone: the created and last_modified columns are left empty (fetch the full history with `git fetch --unshallow`)",
            ),
            Provenance::NotARepository => {
                Some("not a git repository (or no commit yet): the created and last_modified columns are left empty")
            }
        }
    }
}

/// Reads provenance for the records under `root`.
pub fn provenance(root: &Path) -> Result<Provenance, git2::Error> {
    let Ok(repo) = Repository::discover(root) else { return Ok(Provenance::NotARepository) };
    let Ok(head) = repo.head().and_then(|h| h.peel_to_commit()) else { return Ok(Provenance::NotARepository) };
    let commit = head.id().to_string();
    let dirty = is_dirty(&repo)?;
    if repo.is_shallow() {
        return Ok(Provenance::Shallow { commit, dirty });
    }
    // Paths in git are relative to the work tree; `root` may lie below it.
    let workdir = repo.workdir().map(|w| w.canonicalize().unwrap_or_else(|_| w.to_path_buf()));
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let prefix = workdir.as_ref().and_then(|w| root.strip_prefix(w).ok()).map(Path::to_path_buf).unwrap_or_default();
    let records = prefix.join(crate::repo::RECORDS_DIR);

    let mut walk = repo.revwalk()?;
    walk.push(head.id())?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)?;
    let mut dates: BTreeMap<PathBuf, FileDates> = BTreeMap::new();
    let mut options = DiffOptions::new();
    options.pathspec(records.to_string_lossy().replace('\\', "/"));
    for oid in walk {
        let commit = repo.find_commit(oid?)?;
        let day = commit_date(&commit);
        let tree = commit.tree()?;
        let parent_tree = match commit.parents().next() {
            Some(parent) => Some(parent.tree()?),
            None => None,
        };
        let diff = repo.diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), Some(&mut options))?;
        for delta in diff.deltas() {
            let Some(path) = delta.new_file().path().or_else(|| delta.old_file().path()) else { continue };
            let Ok(relative) = path.strip_prefix(&prefix) else { continue };
            let relative = relative.to_path_buf();
            match delta.status() {
                Delta::Deleted => {
                    dates.remove(&relative);
                }
                Delta::Added | Delta::Renamed | Delta::Copied => {
                    dates.insert(relative, FileDates { created: day, last_modified: day });
                }
                _ => {
                    dates
                        .entry(relative)
                        .and_modify(|d| d.last_modified = day)
                        .or_insert(FileDates { created: day, last_modified: day });
                }
            }
        }
    }
    Ok(Provenance::Known { dates, commit, dirty })
}

/// The commit's date (committer time, in UTC).
fn commit_date(commit: &git2::Commit<'_>) -> NaiveDate {
    chrono::DateTime::from_timestamp(commit.time().seconds(), 0).map(|t| t.date_naive()).unwrap_or_default()
}

fn is_dirty(repo: &Repository) -> Result<bool, git2::Error> {
    if repo.is_bare() {
        return Ok(false);
    }
    let mut options = StatusOptions::new();
    options.include_untracked(true).include_ignored(false).exclude_submodules(true);
    Ok(!repo.statuses(Some(&mut options))?.is_empty())
}
