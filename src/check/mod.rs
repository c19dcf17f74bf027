//! `check`: every record through every stage, and the rules across them.
//! Never stops at the first problem; returns the records that decoded and
//! every diagnostic, sorted.

mod changed;
mod cross;
pub mod document;
mod finding;
mod load;
mod rules;
mod schema;

pub use changed::{ChangedScope, changed_scope};
pub use cross::name_key;
pub use finding::Finding;
pub use load::load;
pub use rules::{DateWindow, dotted};
pub use schema::Schemas;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::config::Config;
use crate::diag::{self, Diagnostic, render::Sources};
use crate::record::{Record, RecordKind, RecordSet};
use crate::repo::{self, RecordPath};

/// What to check.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Report only on these files (relative to the root); `None` for all.
    /// The whole tree is still read, so references and names are checked
    /// against every record.
    pub only: Option<BTreeSet<PathBuf>>,
    /// Records changed or removed (kind and id): with `only`, the records
    /// that reference one of them are checked too, since a change to a
    /// chip or an organization, or its removal, can break them.
    pub touched: BTreeSet<(RecordKind, String)>,
    /// The date that bounds publication dates (today, in production).
    pub today: NaiveDate,
}

/// The outcome of a check.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// The records that decoded.
    pub records: RecordSet,
    pub diagnostics: Vec<Diagnostic>,
    /// The texts diagnostics point into.
    pub sources: Sources,
    /// How many record files the report covers.
    pub checked: usize,
    pub config: Config,
}

impl CheckReport {
    pub fn tally(&self) -> diag::Tally {
        diag::Tally::of(&self.diagnostics)
    }
}

/// Checks the repository at `root`.
pub fn check(root: &Path, options: &CheckOptions) -> Result<CheckReport, String> {
    let schemas = Schemas::new()?;
    let (config, mut diagnostics) = Config::load(root);
    let (paths, walk_diagnostics) = repo::discover(root);
    let mut report = CheckReport { config, ..CheckReport::default() };
    let loaded = load_all(root, &schemas, &paths);
    // Files with problems of their own, kept until the selection is known.
    let mut troubled = Vec::new();
    for (record_path, outcome) in paths.iter().zip(loaded) {
        let (record, mut file_diagnostics, source) = outcome;
        file_diagnostics.extend(repo::check_id(record_path));
        if !file_diagnostics.is_empty() {
            troubled.push((record_path.path.clone(), file_diagnostics, source));
        }
        if let Some(record) = record.filter(|_| crate::record::is_valid_id(&record_path.id)) {
            report.records.insert(&record_path.id, record_path.path.clone(), record);
        }
    }
    let mut only = options.only.clone();
    if let Some(only) = only.as_mut() {
        only.extend(cross::referencing(&report.records, &options.touched));
    }
    let selected = |path: &Path| only.as_ref().is_none_or(|only| only.contains(path));
    diagnostics.extend(walk_diagnostics.into_iter().filter(|d| only.is_none() || d.file().is_none_or(selected)));
    report.checked = paths.iter().filter(|p| selected(&p.path)).count();
    for (_, file_diagnostics, source) in troubled.into_iter().filter(|(path, ..)| selected(path)) {
        // Texts are kept only for files with something to show: at 100,000
        // records they would be most of the memory. Rule findings read
        // their file again when placed.
        if let Some(source) = source {
            report.sources.insert(source);
        }
        diagnostics.extend(file_diagnostics);
    }

    let mut findings = Vec::new();
    let window = DateWindow::around(options.today);
    for loaded in report.records.models.values().filter(|l| selected(&l.path)) {
        rules::model(loaded, &window, &mut findings);
        crate::estimate::cross_check(loaded, &report.records, &report.config.estimate, &mut findings);
    }
    for loaded in report.records.organizations.values().filter(|l| selected(&l.path)) {
        rules::organization(loaded, &mut findings);
    }
    for loaded in report.records.hardware.values().filter(|l| selected(&l.path)) {
        rules::hardware(loaded, &window, &mut findings);
    }
    // References and names are checked against every record; a clash is
    // reported on each record involved, so filtering to the selected files
    // keeps every problem that touches them (and a changed-only check
    // selects the records that reference changed or removed ones).
    let mut across = Vec::new();
    cross::references(&report.records, &mut across);
    cross::duplicate_names(&report.records, &mut across);
    findings.extend(across.into_iter().filter(|f| selected(&f.file)));
    diagnostics.extend(finding::resolve(findings, root, &mut report.sources));

    diag::sort(&mut diagnostics);
    diagnostics.dedup();
    report.diagnostics = diagnostics;
    Ok(report)
}

type Outcome = (Option<Record>, Vec<Diagnostic>, Option<std::sync::Arc<crate::source::SourceFile>>);

/// Reads and decodes every file, on all cores: the work per file is
/// independent, and the results come back in the order of `paths`.
fn load_all(root: &Path, schemas: &Schemas, paths: &[RecordPath]) -> Vec<Outcome> {
    let one = |record_path: &RecordPath| -> Outcome {
        match repo::read_record(root, &record_path.path) {
            Ok(source) => {
                let (record, diagnostics) = load(schemas, record_path.kind, &source);
                // The text goes as soon as it has nothing to show.
                let keep = !diagnostics.is_empty();
                (record, diagnostics, keep.then_some(source))
            }
            Err(diagnostic) => (None, vec![diagnostic], None),
        }
    };
    let threads = std::thread::available_parallelism().map_or(1, usize::from).min(8);
    if threads <= 1 || paths.len() < 64 {
        return paths.iter().map(one).collect();
    }
    let chunk = paths.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> =
            paths.chunks(chunk).map(|part| scope.spawn(move || part.iter().map(one).collect::<Vec<_>>())).collect();
        // A worker that panicked is a bug: re-raise it rather than let the
        // results slip out of step with `paths`.
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    })
}
