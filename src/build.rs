//! `build`: the records compiled into the dataset analysts download.

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;

use crate::check::{CheckOptions, CheckReport, scan};
use crate::dataset::cell::Cell;
use crate::dataset::datapackage;
use crate::dataset::layout::ModelsLayout;
use crate::dataset::models::{FlopdbLayout, ModelRow};
use crate::dataset::others::{self, Row};
use crate::dataset::parquet::{BackgroundWriter, to_parquet};
use crate::dataset::spill::{self, Slot, Spill};
use crate::dataset::table::Table;
use crate::epoch::EpochLayout;
use crate::fsio::OutputSet;
use crate::git::{Provenance, provenance};
use crate::parallel;
use crate::record::{Loaded, ModelSummary};

/// The column layout of `models.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// flopdb's documented snake_case columns.
    #[default]
    Flopdb,
    /// Epoch AI's 57 columns of their 2025 export.
    Epoch,
}

impl Layout {
    fn models(self) -> &'static dyn ModelsLayout {
        match self {
            Layout::Flopdb => &FlopdbLayout,
            Layout::Epoch => &EpochLayout,
        }
    }
}

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub layout: Layout,
    /// Bounds publication dates in the check (today, in production).
    pub today: NaiveDate,
}

/// Progress of a long build, for a progress bar; the library draws nothing.
/// Told from the threads that do the work, hence `Sync` and `&self`.
pub trait Progress: Sync {
    /// A new stage, with its number of steps (0 when not known ahead).
    fn stage(&self, name: &'static str, total: usize);
    fn advance(&self, done: usize);
}

/// No progress shown.
pub struct Quiet;

impl Progress for Quiet {
    fn stage(&self, _: &'static str, _: usize) {}
    fn advance(&self, _: usize) {}
}

/// Every file a build may write into its output folder (which it replaces whole).
const OUTPUT_FILES: [&str; 12] = [
    "models.csv",
    "models.json",
    "datapackage.json",
    "organizations.csv",
    "hardware.csv",
    "model_organizations.csv",
    "model_hardware.csv",
    "models.parquet",
    "organizations.parquet",
    "hardware.parquet",
    "model_organizations.parquet",
    "model_hardware.parquet",
];

/// Models read between two reports of progress.
const PROGRESS_EVERY: usize = 256;

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("the records have errors; fix them before building")]
    Invalid(Box<CheckReport>),
    #[error(transparent)]
    Check(#[from] crate::check::CheckError),
    #[error("reading git history")]
    Git(#[from] git2::Error),
    #[error("writing the dataset")]
    Io(#[from] std::io::Error),
}

/// What a build wrote.
#[derive(Debug)]
pub struct Output {
    /// The files written, in a fixed order.
    pub files: Vec<String>,
    pub provenance: Provenance,
    pub models: usize,
    /// The check's report (warnings only, since errors stop the build).
    pub report: CheckReport,
    /// Staging folders of earlier builds that did not finish, removed.
    pub removed_stale: usize,
}

/// A model's row as CSV and JSON, and its cells when a Parquet file is
/// written too.
type Rendered = (Vec<u8>, Vec<u8>, Option<Vec<Cell>>);

/// What the build keeps of a model while the others are read: where its
/// row is set aside, and what the whole-dataset columns need.
struct Made {
    slot: Slot,
    /// What the layout set aside until every model is read.
    later: Option<String>,
}

/// Rows read back and written per round; each round is made on every core.
const ROUND: usize = 1024;

/// Checks the records and writes the dataset into `out`, reading the
/// records once: each model is checked and its row made on the thread that
/// read it, and the row set aside on disk (`dataset::spill`) until every
/// model is read and the date order is known. Only the models' summaries
/// and their rows' places are held, so memory stays flat as the records
/// grow. Outputs are written into a staging folder beside `out` and switched
/// in whole when all are complete (`fsio::OutputSet`): a failure, or a kill
/// at any moment, leaves the previous outputs as they were.
pub fn build(root: &Path, out: &Path, options: &BuildOptions, progress: &dyn Progress) -> Result<Output, BuildError> {
    progress.stage("reading git history", 0);
    let provenance = provenance(root, options.today)?;
    progress.stage("checking records", 0);
    let mut staging = OutputSet::begin(out, &OUTPUT_FILES, &root.join(crate::repo::RECORDS_DIR))?;
    let removed_stale = staging.removed_stale;
    let spill = Spill::new_in(staging.folder())?;
    let layout = options.layout.models();
    let check_options = CheckOptions { today: options.today, ..CheckOptions::everything() };
    let read = std::sync::atomic::AtomicUsize::new(0);
    let scanned = scan(root, &check_options, |loaded, resolution, set| -> std::io::Result<Made> {
        let count = read.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        if count.is_multiple_of(PROGRESS_EVERY) {
            progress.advance(count);
        }
        let dates = provenance.dates(&loaded.path);
        let row = ModelRow { id: &loaded.id, model: &loaded.record, set, resolution, dates };
        let (cells, later) = layout.cells(&row);
        Ok(Made { slot: spill.put(&cells)?, later })
    });
    let (report, made) = scanned?;
    if report.tally().errors > 0 {
        // Refused before anything was switched in: the staging folder goes.
        drop(spill);
        drop(staging);
        return Err(BuildError::Invalid(Box::new(report)));
    }
    let set = &report.records;
    let mut order: Vec<(&Loaded<ModelSummary>, Made)> = Vec::with_capacity(made.len());
    for (id, made) in made {
        if let Some(summary) = set.model_index.get(&id) {
            order.push((summary, made?));
        }
    }
    order.sort_by(|a, b| (a.0.record.published, &a.0.id).cmp(&(b.0.record.published, &b.0.id)));
    if layout.newest_first() {
        order.reverse();
    }
    let model_ids: Vec<&str> = order.iter().map(|(summary, _)| summary.id.as_str()).collect();

    let models = layout.table();
    // The cells that need every model, filled in as rows are written.
    let complete = layout.complete(set, &report.lineages);

    progress.stage("writing models", order.len());
    let mut csv_out = staging.file("models.csv")?;
    let mut json_out = staging.file("models.json")?;
    let mut parquet_out = match layout.typed() {
        true => Some(BackgroundWriter::new(staging.file("models.parquet")?, models.clone())),
        false => None,
    };
    csv_out.write_all(&models.csv_header())?;
    json_out.write_all(b"[")?;
    let mut rows = spill.finish()?;
    let mut done = 0;
    for round in order.chunks(ROUND) {
        // Read back in order (one file), then decode, complete and render on
        // every core: the files are the same as one thread would write.
        let mut raw = Vec::with_capacity(round.len());
        for (_, made) in round {
            raw.push((made, rows.read(made.slot)?));
        }
        let typed = parquet_out.is_some();
        let rendered = parallel::map(&raw, |(made, bytes)| -> std::io::Result<Rendered> {
            let mut cells = spill::decode(bytes)?;
            complete(made.later.as_deref(), &mut cells);
            let mut csv = Vec::new();
            let mut json = Vec::new();
            models.write_csv_row(&mut csv, &cells)?;
            models.write_json_object(&mut json, &cells).map_err(std::io::Error::from)?;
            // The cells go on to the Parquet writer's thread, else they are
            // freed here, on the worker that made them.
            Ok((csv, json, typed.then_some(cells)))
        });
        let mut group = Vec::with_capacity(if typed { round.len() } else { 0 });
        for (position, row) in (done..).zip(rendered) {
            let (csv, json, cells) = row?;
            csv_out.write_all(&csv)?;
            json_out.write_all(if position == 0 { b"\n" } else { b",\n" })?;
            json_out.write_all(&json)?;
            group.extend(cells);
        }
        if let Some(parquet) = parquet_out.as_mut() {
            parquet.write(group).map_err(std::io::Error::other)?;
        }
        done += round.len();
        progress.advance(done);
    }
    json_out.write_all(b"\n]\n")?;
    staging.close(csv_out)?;
    staging.close(json_out)?;
    if let Some(parquet) = parquet_out {
        staging.close(parquet.finish().map_err(std::io::Error::other)?)?;
    }

    progress.stage("writing tables", 0);
    let organizations: Vec<Row<_>> = set
        .organizations
        .iter()
        .map(|(id, o)| Row { id, record: &o.record, dates: provenance.dates(&o.path) })
        .collect();
    let hardware: Vec<Row<_>> =
        set.hardware.iter().map(|(id, h)| Row { id, record: &h.record, dates: provenance.dates(&h.path) }).collect();
    let mut tables = vec![others::organizations(&organizations), others::hardware(&hardware)];
    // The link tables key on model ids.
    if layout.has_model_ids() {
        tables.push(others::model_organizations(set, &model_ids));
        tables.push(others::model_hardware(set, &model_ids));
    }
    // Each table's CSV and Parquet made on a thread of its own (the link
    // tables have a row per model and organization), written in order.
    let encoded: Vec<std::io::Result<(Vec<u8>, Vec<u8>)>> = std::thread::scope(|scope| {
        let threads: Vec<_> = tables
            .iter()
            .map(|table| scope.spawn(move || Ok((table.to_csv(), to_parquet(table).map_err(std::io::Error::other)?))))
            .collect();
        threads
            .into_iter()
            .map(|thread| thread.join().unwrap_or_else(|_| Err(std::io::Error::other("a table's writer panicked"))))
            .collect()
    });
    for (table, bytes) in tables.iter().zip(encoded) {
        let (csv, parquet) = bytes?;
        let mut writer = staging.file(&table.file_name())?;
        writer.write_all(&csv)?;
        staging.close(writer)?;
        let mut writer = staging.file(&format!("{}.parquet", table.name))?;
        writer.write_all(&parquet)?;
        staging.close(writer)?;
    }
    let described: Vec<&Table> = std::iter::once(&models).chain(&tables).collect();
    let mut writer = staging.file("datapackage.json")?;
    writer.write_all(&pretty(&datapackage::descriptor(&described, &provenance, layout.name())))?;
    staging.close(writer)?;
    staging.finish()?;

    let mut files: Vec<String> = described.iter().map(|t| t.file_name()).collect();
    files.extend(["models.json".to_string(), "datapackage.json".to_string()]);
    let typed = described.iter().filter(|t| t.name != "models" || layout.typed());
    files.extend(typed.map(|t| format!("{}.parquet", t.name)));
    let count = order.len();
    drop(model_ids);
    drop(order);
    drop(complete);
    Ok(Output { files, provenance, models: count, report, removed_stale })
}

fn pretty(json: &serde_json::Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(json).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
