//! `build`: the records compiled into the dataset analysts download. Pure
//! until `write`: `compile` returns every file's bytes.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;

use crate::check::{CheckOptions, CheckReport, check};
use crate::dataset::cell::Cell;
use crate::dataset::models::{ModelRow, columns};
use crate::dataset::others::{self, Row};
use crate::dataset::table::{Field, FieldType, ForeignKey, Table};
use crate::dataset::{datapackage, epoch};
use crate::estimate::resolve_model;
use crate::git::{Provenance, provenance};

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
}

/// The compiled dataset: file names and bytes, in a fixed order.
#[derive(Debug)]
pub struct Output {
    pub files: Vec<(String, Vec<u8>)>,
    pub provenance: Provenance,
    pub models: usize,
    /// The check's report (warnings only, since errors stop the build).
    pub report: CheckReport,
}

pub fn compile(root: &Path, options: &BuildOptions, progress: &mut dyn Progress) -> Result<Output, BuildError> {
    progress.stage("checking records", 0);
    let report = check(root, &CheckOptions { only: None, today: options.today }).map_err(BuildError::Check)?;
    if report.tally().errors > 0 {
        return Err(BuildError::Invalid(Box::new(report)));
    }
    progress.stage("reading git history", 0);
    let provenance = provenance(root)?;
    let set = &report.records;

    let mut order: Vec<(&String, &crate::record::Loaded<crate::record::Model>)> = set.models.iter().collect();
    order.sort_by(|a, b| (a.1.record.published, a.0).cmp(&(b.1.record.published, b.0)));
    progress.stage("resolving compute", order.len());
    let mut rows = Vec::with_capacity(order.len());
    for (i, (id, loaded)) in order.iter().enumerate() {
        rows.push(ModelRow {
            id,
            model: &loaded.record,
            set,
            resolution: resolve_model(&loaded.record, set, &report.config.estimate),
            dates: provenance.dates(&loaded.path),
        });
        if i % 1024 == 0 {
            progress.advance(i);
        }
    }
    progress.advance(order.len());
    progress.stage("writing tables", 0);
    let model_ids: Vec<&str> = order.iter().map(|(id, _)| id.as_str()).collect();
    let models = match options.layout {
        Layout::Flopdb => {
            let mut table = Table::build("models", "One row per ML model.", &columns(), &rows);
            table.primary_key = vec!["id"];
            table.foreign_keys = vec![ForeignKey { fields: "base_model", resource: "", reference: "id" }];
            table
        }
        Layout::Epoch => epoch_table(&rows),
    };
    let organizations: Vec<Row<_>> = set
        .organizations
        .iter()
        .map(|(id, o)| Row { id, record: &o.record, dates: provenance.dates(&o.path) })
        .collect();
    let hardware: Vec<Row<_>> =
        set.hardware.iter().map(|(id, h)| Row { id, record: &h.record, dates: provenance.dates(&h.path) }).collect();
    let mut tables = vec![models, others::organizations(&organizations), others::hardware(&hardware)];
    // The link tables key on model ids, which only flopdb's layout has.
    if options.layout == Layout::Flopdb {
        tables.push(others::model_organizations(set, &model_ids));
        tables.push(others::model_hardware(set, &model_ids));
    }
    let layout = match options.layout {
        Layout::Flopdb => "flopdb",
        Layout::Epoch => "epoch",
    };
    let mut files: Vec<(String, Vec<u8>)> = tables.iter().map(|t| (t.file_name(), t.to_csv())).collect();
    if let Some(models) = tables.first() {
        files.push(("models.json".to_string(), pretty(&models.to_json())));
    }
    let table_refs: Vec<&Table> = tables.iter().collect();
    files.push(("datapackage.json".to_string(), pretty(&datapackage::descriptor(&table_refs, &provenance, layout))));
    let count = rows.len();
    drop(rows);
    Ok(Output { files, provenance, models: count, report })
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

/// `models.csv` in Epoch's layout, with the compute rank filled in: 1 for the
/// largest training compute among the models published up to that day.
fn epoch_table(rows: &[ModelRow<'_>]) -> Table {
    let ranks = compute_ranks(rows);
    let rank_column = epoch::COLUMNS.iter().position(|c| *c == "Compute rank when published");
    let cells = rows
        .iter()
        .zip(&ranks)
        .map(|(row, rank)| {
            let mut cells: Vec<Cell> = epoch::row(row.model, row.set)
                .into_iter()
                .map(|text| if text.is_empty() { Cell::Empty } else { Cell::Text(text) })
                .collect();
            if let (Some(i), Some(rank)) = (rank_column, rank)
                && let Some(cell) = cells.get_mut(i)
            {
                *cell = Cell::Integer(*rank);
            }
            cells
        })
        .collect();
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
        rows: cells,
        primary_key: Vec::new(),
        foreign_keys: Vec::new(),
    }
}

/// Rows are in date order; a model's rank counts the larger computes
/// published on or before its day.
fn compute_ranks(rows: &[ModelRow<'_>]) -> Vec<Option<u64>> {
    let mut by_day: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
    for (i, row) in rows.iter().enumerate() {
        by_day.entry(row.model.published).or_default().push(i);
    }
    let mut seen: Vec<f64> = Vec::new();
    let mut ranks = vec![None; rows.len()];
    for indices in by_day.values() {
        for &i in indices {
            if let Some(flop) = rows.get(i).and_then(|r| r.resolution.flop) {
                let at = seen.partition_point(|&x| x < flop);
                seen.insert(at, flop);
            }
        }
        for &i in indices {
            if let (Some(flop), Some(rank)) = (rows.get(i).and_then(|r| r.resolution.flop), ranks.get_mut(i)) {
                let larger = seen.len() - seen.partition_point(|&x| x <= flop);
                *rank = Some(larger as u64 + 1);
            }
        }
    }
    ranks
}

/// Writes the compiled files into `out`, each atomically (all staged before
/// any is renamed).
pub fn write(out: &Path, output: &Output) -> std::io::Result<()> {
    crate::fsio::write_all_atomic(out, &output.files)
}
