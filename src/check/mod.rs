//! `check`: every record through every stage, and the rules across them.
//! Never stops at the first problem; returns the records that decoded and
//! every diagnostic, sorted.

mod arithmetic;
mod changed;
mod compute;
mod cross;
mod duplicates;
mod finding;
mod load;
mod rules;
mod validation;

pub use changed::{ChangedScope, changed_scope};
pub use finding::Finding;
pub use load::{load, load_partial};
pub use rules::{DateWindow, dotted};
pub use validation::Schemas;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::config::Config;
use crate::diag::{self, Diagnostic, render::Sources};
use crate::estimate::{Resolution, resolve_model};
use crate::parallel;
use crate::record::{Loaded, Model, ModelSummary, Record, RecordKind, RecordSet};
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

impl CheckOptions {
    /// Every record, with today's date as the bound of publication dates.
    pub fn everything() -> CheckOptions {
        CheckOptions { only: None, touched: BTreeSet::new(), today: today() }
    }

    /// Reports on `files` only (relative to the root); the whole tree is
    /// still read. An empty set reports on nothing: the records are loaded.
    pub fn files(files: BTreeSet<PathBuf>) -> CheckOptions {
        CheckOptions { only: Some(files), ..CheckOptions::everything() }
    }
}

/// The local date, which bounds publication dates: the one place flopdb
/// reads the clock.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Why a check could not run at all (problems with records are diagnostics).
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("the {kind} schema does not compile: {message}")]
    Schema { kind: RecordKind, message: String },
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
    /// Every model's compute over its lineage (own, bases', total), worked
    /// out once every model is read.
    pub lineages: BTreeMap<String, crate::estimate::Lineage>,
}

impl CheckReport {
    pub fn tally(&self) -> diag::Tally {
        diag::Tally::of(&self.diagnostics)
    }
}

/// Checks the repository at `root`, keeping every record that decodes in
/// the report (for the commands that use them: diff, trends, new, import).
pub fn check(root: &Path, options: &CheckOptions) -> Result<CheckReport, CheckError> {
    let (mut report, models) = scan(root, options, |loaded, _, _| loaded)?;
    report.records.models = models;
    Ok(report)
}

/// The repository's records (those that decode) and its settings, for the
/// commands that read them (estimate, import, new); no file is reported on.
pub fn load_records(root: &Path) -> Result<CheckReport, CheckError> {
    check(root, &CheckOptions::files(BTreeSet::new()))
}

/// Checks the repository at `root`, handing each model that decodes to
/// `each_model` on the thread that decoded it (with its resolved compute,
/// and the organizations and hardware, which are read first) and keeping
/// only its summary: the check and the build need not hold every record at
/// once. Returns the report (without `records.models`) and what
/// `each_model` made, by id.
pub fn scan<T: Send>(
    root: &Path,
    options: &CheckOptions,
    each_model: impl Fn(Loaded<Model>, Resolution, &RecordSet) -> T + Sync,
) -> Result<(CheckReport, BTreeMap<String, T>), CheckError> {
    let schemas = Schemas::new()?;
    let (config, mut diagnostics) = Config::load(root);
    let (paths, walk_diagnostics) = repo::discover(root);
    let mut report = CheckReport { config, ..CheckReport::default() };
    let window = DateWindow::around(options.today);
    let (model_paths, other_paths): (Vec<&RecordPath>, Vec<&RecordPath>) =
        paths.iter().partition(|p| p.kind == RecordKind::Model);
    // Files with problems of their own, kept until the selection is known.
    let mut troubled = Vec::new();
    let mut findings = Vec::new();

    // Organizations and hardware first: a model's rules and estimates read them.
    let loaded = parallel::map(&other_paths, |path| load_file(root, &schemas, path));
    for (record_path, (record, _, file_diagnostics, source)) in other_paths.iter().zip(loaded) {
        if !file_diagnostics.is_empty() {
            troubled.push((record_path.path.clone(), file_diagnostics, source));
        }
        if let Some(record) = record {
            report.records.insert(&record_path.id, record_path.path.clone(), record);
        }
    }
    for loaded in report.records.organizations.values() {
        rules::organization(loaded, &mut findings);
    }
    for loaded in report.records.hardware.values() {
        rules::hardware(loaded, &window, &mut findings);
    }

    let estimate = &report.config.estimate;
    let outcomes = parallel::map(&model_paths, |record_path| {
        let (record, partial, file_diagnostics, source) = load_file(root, &schemas, record_path);
        let mut found = Vec::new();
        let made = record.and_then(Record::into_model).map(|model| {
            let loaded = Loaded { id: record_path.id.clone(), path: record_path.path.clone(), record: model };
            rules::model(&loaded, &window, &mut found);
            let resolution = resolve_model(&loaded.record, &report.records, estimate);
            compute::cross_check(&loaded, &resolution, estimate, &mut found);
            let mut record = ModelSummary::of(&loaded.record);
            record.estimated_flop = resolution.estimated();
            let summary = Loaded { id: loaded.id.clone(), path: loaded.path.clone(), record };
            (summary, each_model(loaded, resolution, &report.records))
        });
        let partial = partial.map(|summary| Loaded {
            id: record_path.id.clone(),
            path: record_path.path.clone(),
            record: summary,
        });
        (made, partial, file_diagnostics, source, found)
    });
    let mut made = BTreeMap::new();
    for (record_path, (model, partial, file_diagnostics, source, found)) in model_paths.iter().zip(outcomes) {
        if !file_diagnostics.is_empty() {
            troubled.push((record_path.path.clone(), file_diagnostics, source));
        }
        findings.extend(found);
        // A model that did not decode still meets the rules across records
        // with what it holds (its own errors are reported above).
        if let Some(summary) = partial {
            report.records.insert_summary(summary);
        }
        if let Some((summary, value)) = model {
            made.insert(summary.id.clone(), value);
            report.records.insert_summary(summary);
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
    // References and names are checked against every record; a clash is
    // reported on each record involved, so filtering to the selected files
    // keeps every problem that touches them (and a changed-only check
    // selects the records that reference changed or removed ones).
    cross::references(&report.records, &mut findings);
    cross::duplicate_names(&report.records, &mut findings);
    duplicates::likely_duplicate_models(&report.records, &mut findings);
    duplicates::unreferenced_organizations(&report.records, &mut findings);
    report.lineages = crate::estimate::lineages_of(&report.records);
    compute::lineage_checks(&report.records, &report.lineages, &report.config.estimate, &mut findings);
    findings.retain(|f| selected(&f.file));
    diagnostics.extend(finding::resolve(findings, root, &mut report.sources));

    diag::sort(&mut diagnostics);
    diagnostics.dedup();
    report.diagnostics = diagnostics;
    Ok((report, made))
}

/// What the check would say of the models `ids` of a set already in memory
/// (a revision read from git, for `diff`): their own rules, their compute
/// cross-checks, and the rules across records that touch them. By model id,
/// in the check's order; positions are not placed (there is no file).
pub fn model_findings(
    set: &RecordSet,
    ids: &BTreeSet<String>,
    estimate: &crate::estimate::EstimateConfig,
    today: NaiveDate,
) -> BTreeMap<String, Vec<Diagnostic>> {
    let window = DateWindow::around(today);
    let mut findings = Vec::new();
    for loaded in ids.iter().filter_map(|id| set.models.get(id)) {
        rules::model(loaded, &window, &mut findings);
        let resolution = resolve_model(&loaded.record, set, estimate);
        compute::cross_check(loaded, &resolution, estimate, &mut findings);
    }
    cross::references(set, &mut findings);
    cross::duplicate_names(set, &mut findings);
    duplicates::likely_duplicate_models(set, &mut findings);
    duplicates::unreferenced_organizations(set, &mut findings);
    let id_of: BTreeMap<&Path, &String> =
        ids.iter().filter_map(|id| set.models.get(id).map(|m| (m.path.as_path(), id))).collect();
    let mut by_model: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
    for finding in findings {
        if let Some(id) = id_of.get(finding.file.as_path()) {
            by_model.entry((*id).clone()).or_default().push(finding.diagnostic);
        }
    }
    for diagnostics in by_model.values_mut() {
        diag::sort(diagnostics);
        diagnostics.dedup();
    }
    by_model
}

type Outcome =
    (Option<Record>, Option<ModelSummary>, Vec<Diagnostic>, Option<std::sync::Arc<crate::source::SourceFile>>);

/// Reads and decodes one file. The text goes as soon as it has nothing to
/// show; a record whose file name is not a valid id is reported and dropped.
fn load_file(root: &Path, schemas: &Schemas, record_path: &RecordPath) -> Outcome {
    let (record, partial, mut diagnostics, source) = match repo::read_record(root, &record_path.path) {
        Ok(source) => {
            let (record, json, diagnostics) = load_partial(schemas, record_path.kind, &source);
            let keep = !diagnostics.is_empty();
            let partial =
                json.filter(|_| record_path.kind == RecordKind::Model).and_then(|j| ModelSummary::from_partial(&j));
            (record, partial, diagnostics, keep.then_some(source))
        }
        Err(diagnostic) => (None, None, vec![diagnostic], None),
    };
    diagnostics.extend(repo::check_id(record_path));
    let valid_id = crate::record::is_valid_id(&record_path.id);
    (record.filter(|_| valid_id), partial.filter(|_| valid_id), diagnostics, source)
}
