//! `diff`: what a change does to the dataset. Both revisions are compiled
//! from git objects into the same tables `build` writes, and compared row
//! by row and column by column.

mod markdown;
mod revision;

pub use markdown::{capped, markdown};
pub use revision::{Revision, load_revision};

use std::collections::BTreeMap;
use std::path::Path;

use crate::check::Schemas;
use crate::dataset::models::{ModelRow, columns, complete_lineage};
use crate::dataset::others::{self, Row};
use crate::dataset::table::Table;
use crate::estimate::{Node, lineages, resolve_model};

/// Columns that say when a file changed, not what the data is: equal in
/// every diff (provenance is not compiled for it) and left out.
const NOT_DATA: &[&str] = &["created", "last_modified"];

/// One row of a table: its id, name, and cells by column.
#[derive(Debug, Clone, PartialEq)]
pub struct RowText {
    pub id: String,
    pub name: String,
    pub cells: Vec<(&'static str, String)>,
}

impl RowText {
    pub fn get(&self, column: &str) -> &str {
        self.cells.iter().find(|(c, _)| *c == column).map_or("", |(_, v)| v.as_str())
    }
}

/// One changed field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub column: &'static str,
    pub old: String,
    pub new: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChangedRow {
    pub id: String,
    pub name: String,
    pub fields: Vec<FieldChange>,
    /// The row as it is now.
    pub row: RowText,
}

/// What changed in one table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableDiff {
    pub added: Vec<RowText>,
    pub removed: Vec<RowText>,
    pub changed: Vec<ChangedRow>,
    pub before: usize,
    pub after: usize,
}

impl TableDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// What a reviewer checks of a model added or changed, besides its fields:
/// how its compute was reached (with what was assumed) and what the check
/// says of it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Review {
    /// Each estimate's working, its assumptions, and the resolution.
    pub workings: Vec<String>,
    /// The check's findings on the record: `W101: ...`.
    pub findings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DatasetDiff {
    pub base: (String, String),
    pub head: (String, String),
    pub models: TableDiff,
    pub organizations: TableDiff,
    pub hardware: TableDiff,
    /// Record files at the head that do not load, left out of its dataset.
    pub unreadable: Vec<std::path::PathBuf>,
    /// By model id, for the models added or changed.
    pub reviews: BTreeMap<String, Review>,
    /// Record files the working tree changed that a diff of commits leaves
    /// out (`--worktree` takes them in).
    pub uncommitted: Vec<std::path::PathBuf>,
}

/// The revision a diff compares with its base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Head<'a> {
    /// A commit (`HEAD`, a branch), read from git objects.
    Commit(&'a str),
    /// The working tree as it is, uncommitted changes included.
    WorkTree,
}

#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error("{0} is not inside a git repository")]
    NotARepository(std::path::PathBuf),
    #[error("`{revision}` is not a commit of this repository ({message}); fetch it first (`{fetch}`)")]
    UnknownRevision { revision: String, message: String, fetch: String },
    #[error("reading revision `{revision}`: {message}")]
    Revision { revision: String, message: String },
    #[error(transparent)]
    Check(#[from] crate::check::CheckError),
}

/// The records as the repository held them on `day`: at the last commit of
/// the first-parent history committed on or before that day (UTC). `None`
/// when no commit is that old.
pub fn records_as_of(root: &Path, day: chrono::NaiveDate) -> Result<Option<Revision>, DiffError> {
    let (repository, prefix) =
        crate::git::open_at(root).ok_or_else(|| DiffError::NotARepository(root.to_path_buf()))?;
    let revision = |message: String| DiffError::Revision { revision: format!("as of {day}"), message };
    let end = day.and_hms_opt(23, 59, 59).map(|t| t.and_utc().timestamp()).unwrap_or(i64::MAX);
    let mut walk = repository.revwalk().map_err(|e| revision(e.message().to_string()))?;
    walk.push_head().map_err(|e| revision(e.message().to_string()))?;
    walk.simplify_first_parent().map_err(|e| revision(e.message().to_string()))?;
    let mut found = None;
    for oid in walk {
        let oid = oid.map_err(|e| revision(e.message().to_string()))?;
        let commit = repository.find_commit(oid).map_err(|e| revision(e.message().to_string()))?;
        if commit.time().seconds() <= end {
            found = Some(oid.to_string());
            break;
        }
    }
    let Some(commit) = found else { return Ok(None) };
    let schemas = Schemas::new()?;
    load_revision(&repository, &commit, &prefix, &schemas).map(Some).map_err(|e| revision(e.message().to_string()))
}

/// Compiles the dataset at `base` and at `head` and compares them.
pub fn diff(root: &Path, base: &str, head: Head) -> Result<DatasetDiff, DiffError> {
    let (repository, prefix) =
        crate::git::open_at(root).ok_or_else(|| DiffError::NotARepository(root.to_path_buf()))?;
    let schemas = Schemas::new()?;
    let load = |revision: &str| {
        // An unknown name is the contributor's to fix (a fetch); libgit2's
        // own wording (with its class and code) is kept to its message.
        if let Err(error) = repository.revparse_single(revision).and_then(|o| o.peel_to_commit()) {
            return Err(DiffError::UnknownRevision {
                revision: revision.to_string(),
                message: error.message().to_string(),
                fetch: crate::git::fetch_command(&repository, revision),
            });
        }
        load_revision(&repository, revision, &prefix, &schemas).map_err(|source| DiffError::Revision {
            revision: revision.to_string(),
            message: source.message().to_string(),
        })
    };
    let old = load(base)?;
    let (new, uncommitted) = match head {
        Head::Commit(head) => {
            let new = load(head)?;
            // Edits not committed are not in a diff of commits: said, not hidden.
            let at_head = repository.head().ok().and_then(|h| h.target()).map(|id| id.to_string());
            let uncommitted = if at_head.as_deref() == Some(new.commit.as_str()) {
                crate::git::uncommitted_records(&repository, &prefix)
            } else {
                Vec::new()
            };
            (new, uncommitted)
        }
        Head::WorkTree => (work_tree(root)?, Vec::new()),
    };
    let [old_models, new_models] = [&old, &new].map(model_rows);
    let [old_orgs, new_orgs] = [&old, &new].map(organization_rows);
    let [old_hardware, new_hardware] = [&old, &new].map(hardware_rows);
    let models = compare(&old_models, &new_models);
    let reviewed: std::collections::BTreeSet<String> =
        models.added.iter().map(|r| r.id.clone()).chain(models.changed.iter().map(|r| r.id.clone())).collect();
    Ok(DatasetDiff {
        base: (old.name.clone(), old.commit.clone()),
        head: (new.name.clone(), new.commit.clone()),
        reviews: reviews(&new, &reviewed),
        models,
        organizations: compare(&old_orgs, &new_orgs),
        hardware: compare(&old_hardware, &new_hardware),
        unreadable: new.unreadable.clone(),
        uncommitted,
    })
}

/// The records of the working tree, as `check` reads them.
fn work_tree(root: &Path) -> Result<Revision, DiffError> {
    let report = crate::check::check(root, &crate::check::CheckOptions::everything())?;
    let loaded: std::collections::BTreeSet<&Path> = report
        .records
        .models
        .values()
        .map(|m| m.path.as_path())
        .chain(report.records.organizations.values().map(|o| o.path.as_path()))
        .chain(report.records.hardware.values().map(|h| h.path.as_path()))
        .collect();
    let mut unreadable: Vec<std::path::PathBuf> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.file())
        .filter(|file| !loaded.contains(file))
        .map(Path::to_path_buf)
        .collect();
    unreadable.sort();
    unreadable.dedup();
    Ok(Revision {
        name: "working tree".to_string(),
        commit: "uncommitted".to_string(),
        records: report.records,
        config: report.config,
        unreadable,
    })
}

/// The workings and findings of the models `ids` at `revision`.
fn reviews(revision: &Revision, ids: &std::collections::BTreeSet<String>) -> BTreeMap<String, Review> {
    let set = &revision.records;
    let estimate = &revision.config.estimate;
    let mut findings = crate::check::model_findings(set, ids, estimate, crate::check::today());
    ids.iter()
        .filter_map(|id| set.models.get(id).map(|loaded| (id, loaded)))
        .map(|(id, loaded)| {
            let resolution = resolve_model(&loaded.record, set, estimate);
            let mut workings = Vec::new();
            for estimate in [&resolution.operation_counting, &resolution.hardware].into_iter().flatten() {
                workings.push(format!("{}: {}", estimate.method.label(), estimate.working));
                workings.extend(estimate.assumptions.iter().map(|a| format!("assumed: {a}")));
            }
            if let Some(unavailable) = &resolution.hardware_unavailable {
                workings.push(format!("no hardware-time estimate: {unavailable}"));
            }
            // The resolution is worth a line when it is not one estimate's working.
            let estimates = [&resolution.operation_counting, &resolution.hardware];
            workings.extend(
                resolution
                    .working
                    .iter()
                    .filter(|w| !estimates.iter().flat_map(|e| e.iter()).any(|e| &e.working == *w))
                    .map(|w| format!("resolved: {w}")),
            );
            let findings = findings
                .remove(id)
                .unwrap_or_default()
                .into_iter()
                .map(|d| format!("{}: {}", d.code, d.message))
                .collect();
            (id.clone(), Review { workings, findings })
        })
        .collect()
}

fn rows_of(table: &Table) -> BTreeMap<String, RowText> {
    table
        .rows
        .iter()
        .map(|row| {
            let cells: Vec<(&'static str, String)> = table
                .fields
                .iter()
                .zip(row)
                .filter(|(f, _)| !NOT_DATA.contains(&f.name))
                .map(|(f, c)| (f.name, c.plain_text()))
                .collect();
            let text = RowText { id: String::new(), name: String::new(), cells };
            let id = text.get("id").to_string();
            let name = text.get("name").to_string();
            (id.clone(), RowText { id, name, ..text })
        })
        .collect()
}

fn model_rows(revision: &Revision) -> BTreeMap<String, RowText> {
    let set = &revision.records;
    let contexts: Vec<ModelRow> = set
        .models
        .iter()
        .map(|(id, loaded)| ModelRow {
            id,
            model: &loaded.record,
            set,
            resolution: resolve_model(&loaded.record, set, &revision.config.estimate),
            dates: None,
        })
        .collect();
    // The lineage columns, as the build fills them.
    let nodes: BTreeMap<String, Node> =
        contexts.iter().map(|row| (row.id.to_string(), Node::resolved(row.model, &row.resolution))).collect();
    let mut table = Table::build("models", "", &columns(), &contexts);
    let lineages = lineages(&nodes);
    let fill = complete_lineage(&lineages);
    for row in &mut table.rows {
        fill(row);
    }
    let mut rows = rows_of(&table);
    // A model's own compute is its total unless it has bases: shown once.
    for row in rows.values_mut() {
        if row.get("own_compute_flop") == row.get("training_compute_flop") {
            row.cells.retain(|(column, _)| *column != "own_compute_flop");
        }
    }
    rows
}

fn organization_rows(revision: &Revision) -> BTreeMap<String, RowText> {
    let rows: Vec<Row<_>> =
        revision.records.organizations.iter().map(|(id, o)| Row { id, record: &o.record, dates: None }).collect();
    rows_of(&others::organizations(&rows))
}

fn hardware_rows(revision: &Revision) -> BTreeMap<String, RowText> {
    let rows: Vec<Row<_>> =
        revision.records.hardware.iter().map(|(id, h)| Row { id, record: &h.record, dates: None }).collect();
    rows_of(&others::hardware(&rows))
}

fn compare(old: &BTreeMap<String, RowText>, new: &BTreeMap<String, RowText>) -> TableDiff {
    let mut diff = TableDiff { before: old.len(), after: new.len(), ..TableDiff::default() };
    for (id, row) in new {
        match old.get(id) {
            None => diff.added.push(row.clone()),
            Some(before) => {
                let fields: Vec<FieldChange> = row
                    .cells
                    .iter()
                    .filter_map(|(column, value)| {
                        let was = before.get(column);
                        (was != value).then(|| FieldChange { column, old: was.to_string(), new: value.clone() })
                    })
                    .collect();
                if !fields.is_empty() {
                    diff.changed.push(ChangedRow { id: id.clone(), name: row.name.clone(), fields, row: row.clone() });
                }
            }
        }
    }
    diff.removed = old.iter().filter(|(id, _)| !new.contains_key(*id)).map(|(_, row)| row.clone()).collect();
    diff
}
