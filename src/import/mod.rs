//! Importing tables into records, whatever their source: a CSV read within
//! limits and streaming (`CsvSource`), its diagnostics capped (`Reported`), ids allocated from names (`Ids`), and the plan of
//! record files an import would write, put in place by `write`. What an
//! Epoch AI export means is `epoch`'s.

mod ids;
mod reported;
mod sync;
mod table;

pub use ids::Ids;
pub use reported::Reported;
pub use sync::{Conflict, FieldCounts, Merged, digest, fields, merge, synced_digests};
pub use table::{CsvRow, CsvRows, CsvSource, CsvTable, MAX_CSV_BYTES, retired_name};

use std::path::{Path, PathBuf};

use crate::diag::{Code, Diagnostic};
use crate::format::would_lose;
use crate::record::RecordKind;

/// What an import table holds: models or accelerators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    Models,
    Hardware,
}

/// What an import took and what it reported.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub rows: usize,
    pub values_taken: usize,
    pub values_reported: usize,
}

/// A record file an import would write.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedFile {
    pub kind: RecordKind,
    pub id: String,
    pub text: String,
    /// An existing record, merged with the export (`sync`): replaced without
    /// `--force`, since the merge keeps what a person wrote.
    pub merged: bool,
}

impl PlannedFile {
    pub fn relative_path(&self) -> PathBuf {
        Path::new(self.kind.folder()).join(format!("{}.toml", self.id))
    }
}

/// What an import would write, and what it found, before anything is written.
#[derive(Debug, Clone, Default)]
pub struct ImportPlan {
    /// What the table was read as (an export's vintage); `None` when it
    /// could not be read.
    pub read_as: Option<String>,
    pub files: Vec<PlannedFile>,
    pub diagnostics: Vec<Diagnostic>,
    pub stats: Stats,
    pub sync: SyncStats,
}

/// What a sync did, record by record and field by field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncStats {
    /// Records the export adds.
    pub new: usize,
    /// Rows that cannot be a record (no publication date), not written.
    pub refused: usize,
    /// Existing records the export changes.
    pub updated: usize,
    /// Existing records the export leaves as they are.
    pub unchanged: usize,
    /// Existing records from this source that the export does not have
    /// (kept, never deleted).
    pub absent: usize,
    /// Records the export renamed: their id kept, the old name an alias.
    pub renamed: usize,
    /// Records of a row's name that the source did not write, kept.
    pub not_synced: usize,
    pub fields: FieldCounts,
}

impl SyncStats {
    /// The records' counts in words: `3 new, 1 updated, ...`.
    pub fn records_text(&self) -> String {
        format!(
            "{} new, {} updated, {} renamed, {} unchanged, {} refused, {} not from the source (kept), {} no longer in the export (kept)",
            self.new, self.updated, self.renamed, self.unchanged, self.refused, self.not_synced, self.absent
        )
    }
}

/// Writes the planned files under `records` (atomically, each), refusing to
/// replace an existing file unless `force`. Returns the paths written and a
/// diagnostic per file not written.
pub fn write(plan: &ImportPlan, records: &Path, force: bool) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    // Folders first, then the files on every core: each write waits for its
    // file to reach the disk, and thousands of those one after another were
    // most of an import's time.
    let folders: std::collections::BTreeSet<PathBuf> =
        plan.files.iter().filter_map(|f| records.join(f.relative_path()).parent().map(Path::to_path_buf)).collect();
    let mut diagnostics = Vec::new();
    for folder in folders {
        if let Err(e) = std::fs::create_dir_all(&folder) {
            diagnostics
                .push(Diagnostic::new(Code::Io, format!("cannot create {}: {e}", folder.display())).in_file(&folder));
        }
    }
    let outcomes = crate::parallel::map(&plan.files, |file| write_one(file, records, force));
    let mut written = Vec::new();
    for outcome in outcomes {
        match outcome {
            Ok(relative) => written.push(relative),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    (written, diagnostics)
}

/// Writes one planned file: a merged record in place; a new one only where
/// no file is, or with `force` where the file holds nothing a person wrote.
fn write_one(file: &PlannedFile, records: &Path, force: bool) -> Result<PathBuf, Diagnostic> {
    let relative = file.relative_path();
    let path = records.join(&relative);
    let io =
        |e: std::io::Error| Diagnostic::new(Code::Io, format!("cannot write {}: {e}", path.display())).in_file(&path);
    if file.merged {
        return crate::fsio::write_atomic(&path, file.text.as_bytes()).map(|()| relative).map_err(io);
    }
    // Replacing a record a person has worked on must not lose their words.
    if force && let Some(lost) = std::fs::read_to_string(&path).ok().and_then(|old| would_lose(&old, &file.text)) {
        return Err(Diagnostic::new(
            Code::WouldOverwrite,
            format!("{} not replaced: it has {lost} that the import would drop", path.display()),
        )
        .in_file(&path)
        .with_help("merge the import into the record by hand, or delete the file and import again"));
    }
    match crate::fsio::write_new(&path, file.text.as_bytes(), force) {
        Ok(()) => Ok(relative),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(Diagnostic::new(Code::WouldOverwrite, format!("{} exists; not replaced", path.display()))
                .in_file(&path)
                .with_help("pass --force to replace existing records"))
        }
        Err(e) => Err(io(e)),
    }
}
