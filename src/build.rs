//! `build`: the records compiled into the dataset analysts download.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;

use crate::check::{CheckOptions, CheckReport, check};
use crate::dataset::cell::Cell;
use crate::dataset::models::{ModelRow, columns};
use crate::dataset::others::{self, Row};
use crate::dataset::table::{Field, FieldType, ForeignKey, Table};
use crate::dataset::{datapackage, epoch};
use crate::estimate::resolve_model;
use crate::fsio::Staging;
use crate::git::{Provenance, provenance};
use crate::record::{Loaded, Model, RecordSet};

/// The column layout of `models.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// flopdb's documented snake_case columns.
    #[default]
    Flopdb,
    /// Epoch AI's 57 columns of their 2025 export.
    Epoch,
}

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub layout: Layout,
    /// Bounds publication dates in the check (today, in production).
    pub today: NaiveDate,
}

/// Progress of a long build, for a progress bar; the library draws nothing.
pub trait Progress {
    fn stage(&mut self, name: &'static str, total: usize);
    fn advance(&mut self, done: usize);
}

/// No progress shown.
pub struct Quiet;

impl Progress for Quiet {
    fn stage(&mut self, _: &'static str, _: usize) {}
    fn advance(&mut self, _: usize) {}
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("the records have errors; fix them before building")]
    Invalid(Box<CheckReport>),
    #[error("{0}")]
    Check(String),
    #[error("reading git history: {0}")]
    Git(#[from] git2::Error),
    #[error("writing the dataset: {0}")]
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
}

/// Checks the records, then writes the dataset into `out`. Rows are made
/// and written one at a time (the models table is never held whole), into
/// files staged beside their targets and renamed into place only when all
/// are complete: a failure leaves the previous outputs as they were.
pub fn build(
    root: &Path,
    out: &Path,
    options: &BuildOptions,
    progress: &mut dyn Progress,
) -> Result<Output, BuildError> {
    progress.stage("checking records", 0);
    let report = check(root, &CheckOptions { touched: Default::default(), only: None, today: options.today })
        .map_err(BuildError::Check)?;
    if report.tally().errors > 0 {
        return Err(BuildError::Invalid(Box::new(report)));
    }
    progress.stage("reading git history", 0);
    let provenance = provenance(root)?;
    let set = &report.records;
    let config = &report.config.estimate;

    let mut order: Vec<(&String, &Loaded<Model>)> = set.models.iter().collect();
    order.sort_by(|a, b| (a.1.record.published, a.0).cmp(&(b.1.record.published, b.0)));
    let model_ids: Vec<&str> = order.iter().map(|(id, _)| id.as_str()).collect();
    let mut staging = Staging::new(out)?;
    let columns = columns();
    let (models, ranks) = match options.layout {
        Layout::Flopdb => {
            let mut table = Table::build("models", "One row per ML model.", &columns, &[]);
            table.primary_key = vec!["id"];
            table.foreign_keys = vec![ForeignKey { fields: "base_model", resource: "", reference: "id" }];
            (table, Vec::new())
        }
        Layout::Epoch => {
            let points: Vec<(NaiveDate, Option<f64>)> = order
                .iter()
                .map(|&(id, loaded)| {
                    (loaded.record.published, model_row(id, loaded, set, config, &provenance).resolution.flop)
                })
                .collect();
            (epoch_table(), compute_ranks(&points))
        }
    };
    let rank_column = epoch::COLUMNS.iter().position(|c| *c == "Compute rank when published");
    progress.stage("writing models", order.len());
    let mut csv_out = staging.file("models.csv")?;
    let mut json_out = staging.file("models.json")?;
    csv_out.write_all(&models.csv_header())?;
    json_out.write_all(b"[")?;
    // One row's cells, from its place in the date order.
    let cells_of = |i: usize| -> Vec<Cell> {
        let Some(&(id, loaded)) = order.get(i) else { return Vec::new() };
        let row = model_row(id, loaded, set, config, &provenance);
        match options.layout {
            Layout::Flopdb => columns.iter().map(|c| (c.get)(&row)).collect(),
            Layout::Epoch => {
                let mut cells: Vec<Cell> = epoch::row(row.model, set)
                    .into_iter()
                    .map(|text| if text.is_empty() { Cell::Empty } else { Cell::Text(text) })
                    .collect();
                if let (Some(at), Some(Some(rank))) = (rank_column, ranks.get(i))
                    && let Some(cell) = cells.get_mut(at)
                {
                    *cell = Cell::Integer(*rank);
                }
                cells
            }
        }
    };
    // Rows are made and rendered on every core, a batch at a time, and
    // written in order: the files are the same as one thread's, and only a
    // batch of rendered rows is ever held.
    let threads = std::thread::available_parallelism().map_or(1, usize::from).clamp(1, 8);
    let per_thread = 512;
    let mut done = 0;
    for batch in order.chunks(per_thread * threads) {
        let render = |first: usize, count: usize| -> std::io::Result<(Vec<u8>, Vec<u8>)> {
            let mut csv = Vec::new();
            let mut json = Vec::new();
            for i in first..first + count {
                let cells = cells_of(i);
                models.write_csv_row(&mut csv, &cells)?;
                json.write_all(if i == 0 { b"\n" } else { b",\n" })?;
                models.write_json_object(&mut json, &cells).map_err(std::io::Error::from)?;
            }
            Ok((csv, json))
        };
        let parts: Vec<std::io::Result<(Vec<u8>, Vec<u8>)>> = std::thread::scope(|scope| {
            let handles: Vec<_> = batch
                .chunks(per_thread)
                .enumerate()
                .map(|(n, part)| {
                    let render = &render;
                    let count = part.len();
                    scope.spawn(move || render(done + n * per_thread, count))
                })
                .collect();
            // A worker that panicked is a bug: re-raise it.
            handles.into_iter().map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
        });
        for part in parts {
            let (csv, json) = part?;
            csv_out.write_all(&csv)?;
            json_out.write_all(&json)?;
        }
        done += batch.len();
        progress.advance(done);
    }
    json_out.write_all(b"\n]\n")?;
    Staging::close(csv_out)?;
    Staging::close(json_out)?;

    progress.stage("writing tables", 0);
    let organizations: Vec<Row<_>> = set
        .organizations
        .iter()
        .map(|(id, o)| Row { id, record: &o.record, dates: provenance.dates(&o.path) })
        .collect();
    let hardware: Vec<Row<_>> =
        set.hardware.iter().map(|(id, h)| Row { id, record: &h.record, dates: provenance.dates(&h.path) }).collect();
    let mut tables = vec![others::organizations(&organizations), others::hardware(&hardware)];
    // The link tables key on model ids, which only flopdb's layout has.
    if options.layout == Layout::Flopdb {
        tables.push(others::model_organizations(set, &model_ids));
        tables.push(others::model_hardware(set, &model_ids));
    }
    for table in &tables {
        let mut writer = staging.file(&table.file_name())?;
        writer.write_all(&table.to_csv())?;
        Staging::close(writer)?;
    }
    let layout = match options.layout {
        Layout::Flopdb => "flopdb",
        Layout::Epoch => "epoch",
    };
    let described: Vec<&Table> = std::iter::once(&models).chain(&tables).collect();
    let mut writer = staging.file("datapackage.json")?;
    writer.write_all(&pretty(&datapackage::descriptor(&described, &provenance, layout)))?;
    Staging::close(writer)?;
    staging.finish()?;

    let mut files: Vec<String> = described.iter().map(|t| t.file_name()).collect();
    files.extend(["models.json".to_string(), "datapackage.json".to_string()]);
    let count = order.len();
    drop(order);
    Ok(Output { files, provenance, models: count, report })
}

/// The context of one row of `models.csv`.
fn model_row<'a>(
    id: &'a str,
    loaded: &'a Loaded<Model>,
    set: &'a RecordSet,
    config: &crate::config::EstimateConfig,
    provenance: &Provenance,
) -> ModelRow<'a> {
    ModelRow {
        id,
        model: &loaded.record,
        set,
        resolution: resolve_model(&loaded.record, set, config),
        dates: provenance.dates(&loaded.path),
    }
}

fn pretty(json: &serde_json::Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(json).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Epoch's columns that hold numbers.
const EPOCH_NUMBERS: &[&str] = &[
    "Citations",
    "Parameters",
    "Training compute (FLOP)",
    "Training dataset size (datapoints)",
    "Training time (hours)",
    "Epochs",
    "Finetune compute (FLOP)",
    "Hardware quantity",
    "Hardware utilization (MFU)",
    "Batch size",
    "Training compute lower bound",
    "Training compute upper bound",
    "Training chip-hours",
    "Training power draw (W)",
    "Post-training compute (FLOP)",
    "Compute rank when published",
];

/// The columns of `models.csv` in Epoch's layout.
fn epoch_table() -> Table {
    let fields = epoch::COLUMNS
        .iter()
        .map(|name| Field {
            name,
            ty: if EPOCH_NUMBERS.contains(name) { FieldType::Number } else { FieldType::String },
            unit: None,
            description: "Epoch AI's column of the same name (2025 layout).",
            required: false,
        })
        .collect();
    Table {
        name: "models",
        description: "One row per ML model, in Epoch AI's 2025 layout.",
        fields,
        rows: Vec::new(),
        primary_key: Vec::new(),
        foreign_keys: Vec::new(),
    }
}

/// "Compute rank when published": 1 for the largest training compute among
/// the models published up to that day. `points` are in date order.
fn compute_ranks(points: &[(NaiveDate, Option<f64>)]) -> Vec<Option<u64>> {
    let mut by_day: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
    for (i, (day, _)) in points.iter().enumerate() {
        by_day.entry(*day).or_default().push(i);
    }
    let flop = |i: usize| points.get(i).and_then(|p| p.1);
    let mut seen: Vec<f64> = Vec::new();
    let mut ranks = vec![None; points.len()];
    for indices in by_day.values() {
        for &i in indices {
            if let Some(flop) = flop(i) {
                let at = seen.partition_point(|&x| x < flop);
                seen.insert(at, flop);
            }
        }
        for &i in indices {
            if let (Some(flop), Some(rank)) = (flop(i), ranks.get_mut(i)) {
                let larger = seen.len() - seen.partition_point(|&x| x <= flop);
                *rank = Some(larger as u64 + 1);
            }
        }
    }
    ranks
}
