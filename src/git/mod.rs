//! Git provenance: for each record file, the date of the commit that added
//! it and of the last commit that changed it, from one walk over the
//! first-parent history, each commit compared with its parent within
//! `records/` (see `tree_diff` for how that stays cheap on large folders).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use git2::{ObjectType, Oid, Repository, Sort, StatusOptions};

mod changes;
mod tree_diff;

pub use changes::{Changes, ChangesError, changed_since, fetch_command};

use tree_diff::{Change, Folder};

/// When a record file was added and last changed: each left unknown when
/// the commit that gives it has a date no commit can have (`commit_date`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileDates {
    pub created: Option<NaiveDate>,
    pub last_modified: Option<NaiveDate>,
}

impl FileDates {
    fn new(day: Option<NaiveDate>) -> FileDates {
        FileDates { created: day, last_modified: day }
    }

    /// A later commit changed the file. Commits are walked in order, so
    /// the last modification is the latest date seen: a commit dated before
    /// an earlier one (a clock set wrong) never puts it before the creation.
    /// A change of unknown date makes the last change unknown; a dated one
    /// is never before the creation or an earlier dated change.
    fn modified(&mut self, day: Option<NaiveDate>) {
        self.last_modified =
            day.map(|day| [self.last_modified, self.created].into_iter().flatten().fold(day, NaiveDate::max));
    }
}

/// The first day a commit can have: git's first release (2005-04-07).
/// Anything earlier (`@0`, 1970) is a clock or a forged date.
pub const FIRST_COMMIT_DAY: NaiveDate = match NaiveDate::from_ymd_opt(2005, 4, 7) {
    Some(day) => day,
    None => panic!("a valid date"),
};

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
/// Commit dates outside [`FIRST_COMMIT_DAY`] to a day past `today` give no
/// date: the dataset's `created` and `last_modified` stay within what a
/// table schema, Parquet's date and every reader hold (a committer date of
/// year 10000 made `+10000-01-01`, which pandas cannot read).
pub fn provenance(root: &Path, today: NaiveDate) -> Result<Provenance, git2::Error> {
    // Re-hashing every object read (SHA-1 with collision detection) was over
    // half the walk's time. Reading history trusts the local object store,
    // as `git log` does.
    git2::opts::strict_hash_verification(false);
    let Ok(repo) = Repository::discover(root) else { return Ok(Provenance::NotARepository) };
    let Ok(head) = repo.head().and_then(|h| h.peel_to_commit()) else { return Ok(Provenance::NotARepository) };
    let commit = head.id().to_string();
    // A file replaced while its status is read (a `fmt` running meanwhile)
    // fails the hashing inside libgit2, whose message may name no file.
    let dirty = is_dirty(&repo).map_err(|e| {
        let tree = repo.workdir().unwrap_or_else(|| repo.path()).display().to_string();
        git2::Error::from_str(&format!(
            "cannot read the status of the work tree {tree} (did files change while the build read them? run it again): {}",
            e.message()
        ))
    })?;
    if repo.is_shallow() {
        return Ok(Provenance::Shallow { commit, dirty });
    }
    // Paths in git are relative to the work tree; `root` may lie below it.
    let workdir = repo.workdir().map(|w| w.canonicalize().unwrap_or_else(|_| w.to_path_buf()));
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let prefix = workdir.as_ref().and_then(|w| root.strip_prefix(w).ok()).map(Path::to_path_buf).unwrap_or_default();
    let records = prefix.join(crate::repo::RECORDS_DIR);

    // The first-parent chain: a record is created the day it reached the
    // main line, and each commit is compared with the one walked before it.
    let mut walk = repo.revwalk()?;
    walk.push(head.id())?;
    walk.simplify_first_parent()?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)?;
    let odb = repo.odb()?;
    let mut dates: BTreeMap<PathBuf, FileDates> = BTreeMap::new();
    let mut records_id: Option<Oid> = None;
    let mut folders: BTreeMap<String, (Oid, git2::OdbObject<'_>, Folder)> = BTreeMap::new();
    for oid in walk {
        let commit = repo.find_commit(oid?)?;
        let id = commit.tree()?.get_path(&records).ok().map(|e| e.id());
        if id == records_id {
            continue;
        }
        records_id = id;
        let day = commit_date(&commit, today);
        // The kind folders (models, organizations, hardware) of this commit.
        let mut now: BTreeMap<String, Oid> = BTreeMap::new();
        if let Some(id) = id {
            let tree = repo.find_tree(id)?;
            for entry in tree.iter().filter(|e| e.kind() == Some(ObjectType::Tree)) {
                now.insert(String::from_utf8_lossy(entry.name_bytes()).to_string(), entry.id());
            }
        }
        let mut record = |folder: &str, change: Change| {
            let (name, deleted, added) = match change {
                Change::Added(name) => (name, false, true),
                Change::Modified(name) => (name, false, false),
                Change::Deleted(name) => (name, true, false),
            };
            let path = Path::new(crate::repo::RECORDS_DIR).join(folder).join(name);
            if deleted {
                dates.remove(&path);
            } else if added {
                dates.insert(path, FileDates::new(day));
            } else {
                dates.entry(path).and_modify(|d| d.modified(day)).or_insert(FileDates::new(day));
            }
        };
        for (folder, (_, raw, old)) in folders.iter().filter(|(name, _)| !now.contains_key(*name)) {
            for change in old.all_added(raw.data()) {
                if let Change::Added(name) = change {
                    record(folder, Change::Deleted(name));
                }
            }
        }
        folders.retain(|name, _| now.contains_key(name));
        for (folder, id) in now {
            if folders.get(&folder).is_some_and(|(old_id, _, _)| *old_id == id) {
                continue;
            }
            let object = odb.read(id)?;
            let raw = object.data();
            let (changes, new) = match folders.get(&folder) {
                Some((_, old_raw, old)) => old.diff(old_raw.data(), raw),
                None => Folder::parse(raw).map(|f| (f.all_added(raw), f)),
            }
            .ok_or_else(|| git2::Error::from_str(&format!("a malformed tree object for records/{folder}")))?;
            for change in changes {
                record(&folder, change);
            }
            folders.insert(folder, (id, object, new));
        }
    }
    Ok(Provenance::Known { dates, commit, dirty })
}

/// The commit's date (committer time, in UTC), if it is one a commit can
/// have: from git's first release to the day after `today`.
fn commit_date(commit: &git2::Commit<'_>, today: NaiveDate) -> Option<NaiveDate> {
    let day = chrono::DateTime::from_timestamp(commit.time().seconds(), 0).map(|t| t.date_naive())?;
    let last = today.checked_add_days(chrono::Days::new(1)).unwrap_or(today);
    (FIRST_COMMIT_DAY..=last).contains(&day).then_some(day)
}

fn is_dirty(repo: &Repository) -> Result<bool, git2::Error> {
    if repo.is_bare() {
        return Ok(false);
    }
    let mut options = StatusOptions::new();
    options.include_untracked(true).include_ignored(false).exclude_submodules(true);
    Ok(!repo.statuses(Some(&mut options))?.is_empty())
}

/// The repository holding `root`, and `root`'s path inside its work tree
/// (empty when `root` is the top): records are at `<prefix>/records/` in
/// every tree and diff.
/// The record files (and `flopdb.toml`) under `prefix` that the working
/// tree has changed, added or removed against HEAD, relative to `prefix`.
pub fn uncommitted_records(repository: &Repository, prefix: &Path) -> Vec<PathBuf> {
    let mut options = git2::StatusOptions::new();
    options
        .include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_ignored(false)
        .pathspec(prefix.join(crate::repo::RECORDS_DIR).to_string_lossy().as_ref())
        .pathspec(prefix.join(crate::repo::CONFIG_FILE).to_string_lossy().as_ref());
    let Ok(statuses) = repository.statuses(Some(&mut options)) else { return Vec::new() };
    statuses
        .iter()
        .filter(|entry| entry.status() != git2::Status::CURRENT)
        .filter_map(|entry| {
            entry.path().ok().map(|p| Path::new(p).strip_prefix(prefix).unwrap_or(Path::new(p)).to_path_buf())
        })
        .collect()
}

pub fn open_at(root: &Path) -> Option<(Repository, PathBuf)> {
    let repository = Repository::discover(root).ok()?;
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let workdir = canonical(repository.workdir()?);
    let prefix = canonical(root).strip_prefix(&workdir).map(Path::to_path_buf).unwrap_or_default();
    Some((repository, prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression (found by the commit-date property test): a change of
    /// unknown date cleared the last change, and a later one dated before
    /// the creation set it below `created`.
    #[test]
    fn the_last_change_is_never_before_the_creation() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        let mut dates = FileDates::new(day(2013, 11, 25));
        dates.modified(None);
        assert_eq!(dates.last_modified, None, "unknown after a change of unknown date");
        dates.modified(day(2005, 5, 3));
        assert_eq!(dates.last_modified, day(2013, 11, 25));
        dates.modified(day(2020, 1, 1));
        assert_eq!(dates.last_modified, day(2020, 1, 1));
    }
}
