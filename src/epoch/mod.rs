//! Epoch AI's exports, in one place: the column dictionary (`columns`), what
//! an export is from its columns (`export_kind`), the readers that turn a row into
//! records (`cells`, `models`, `hardware`), and their own layout written back
//! from the records (`export`). `plan` reads an export into the record files
//! an import writes (`import::write` puts them in place); `read_models`
//! reads one into memory for analyses.

mod cells;
pub mod columns;
pub mod export;
mod export_kind;
mod hardware;
mod kept;
mod matching;
mod models;
mod sync;

pub use columns::{EpochColumn, HardwareColumn, extra_key};
pub use export::EpochLayout;
pub use export_kind::ExportKind;

use std::collections::BTreeSet;
use std::path::Path;

use crate::diag::{Code, Diagnostic};
use crate::format::record_text;
use crate::import::{CsvRows, CsvSource, ImportPlan, PlannedFile, Reported, Stats, TableKind};
use crate::record::{Record, RecordKind, RecordSet};

/// Where an import goes.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// The repository's records: models are matched to them (and merged,
    /// see `import::merge`), organizations by name, and a hardware import
    /// takes the accelerators their models reference.
    pub existing: &'a RecordSet,
    /// The folder `existing`'s paths are relative to, where their files are
    /// read for the merge; `None` plans whole records (nothing is read).
    pub root: Option<&'a Path>,
    /// Every row of a hardware table, not only the accelerators used.
    pub all_hardware: bool,
    /// Accelerators to import by name besides those used (a new
    /// generation no model uses yet).
    pub named_hardware: &'a [String],
    /// Let the export update records it has no sync history with (made by
    /// hand, or from another source) when a row has their name; without it
    /// such a record is kept and the row reported.
    pub adopt: bool,
}

/// Reads `csv` (shown in diagnostics as `shown_as`) into the record files it
/// holds for `target`: new records whole, existing models merged.
pub fn plan(csv: &Path, shown_as: &Path, expect: TableKind, target: Target) -> ImportPlan {
    plan_source(&CsvSource::file(csv, shown_as), expect, target)
}

/// `plan` on a CSV already in memory (the fuzz target's way in).
pub fn plan_bytes(bytes: &[u8], shown_as: &Path, expect: TableKind, target: Target) -> ImportPlan {
    plan_source(&CsvSource::bytes(bytes, shown_as), expect, target)
}

fn plan_source(source: &CsvSource, expect: TableKind, target: Target) -> ImportPlan {
    let mut diagnostics = Reported::default();
    let mut plan = ImportPlan::default();
    match source.rows(&mut diagnostics) {
        Ok(mut rows) => plan_rows(source, &mut rows, expect, target, &mut plan, &mut diagnostics),
        Err(diagnostic) => diagnostics.push(diagnostic),
    }
    plan.diagnostics = diagnostics.into_vec();
    plan
}

fn plan_rows(
    source: &CsvSource,
    rows: &mut CsvRows,
    expect: TableKind,
    target: Target,
    plan: &mut ImportPlan,
    diagnostics: &mut Reported,
) {
    let existing = target.existing;
    let shown_as = source.shown_as();
    let table = rows.table.clone();
    // Nothing read at all (no row could be read): its own errors say why, alone.
    if table.header.is_empty() && !diagnostics.is_empty() {
        return;
    }
    let export = match ExportKind::of(&table) {
        Ok(export) => export,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return;
        }
    };
    plan.read_as = Some(export.describe(table.header.len()));
    let command = match expect {
        TableKind::Models => "import epoch",
        TableKind::Hardware => "import epoch-hardware",
    };
    if export.kind != expect {
        let found = match export.kind {
            TableKind::Models => "a models",
            TableKind::Hardware => "an accelerator",
        };
        diagnostics.push(
            Diagnostic::new(Code::ImportHeader, format!("`{command}` was given {found} table"))
                .at_line(shown_as, 1, 1)
                .with_help(
                    "models tables go to `flopdb import epoch`, accelerator tables to `flopdb import epoch-hardware`",
                ),
        );
        return;
    }
    let unknown = export.unknown_columns(shown_as);
    plan.stats.values_reported += unknown.len();
    diagnostics.extend(unknown);
    // Number columns that hold something else in this file: not read.
    let mistyped = match expect {
        TableKind::Models => export_kind::mistyped_columns::<columns::EpochColumn>(source),
        TableKind::Hardware => export_kind::mistyped_columns::<columns::HardwareColumn>(source),
    };
    for column in &mistyped {
        plan.stats.values_reported += 1;
        diagnostics.push(column.diagnostic(shown_as));
    }
    rows.table.withheld = mistyped.iter().map(|m| m.index).collect();
    let table = rows.table.clone();
    match expect {
        TableKind::Models => {
            let imported = models::import_models(source, rows, &export, existing, diagnostics, &mut plan.stats);
            sync::plan_models(plan, imported, &table, &export, target, diagnostics);
        }
        TableKind::Hardware => {
            let referenced: BTreeSet<String> = existing
                .models
                .values()
                .filter_map(|m| m.record.hardware.as_ref())
                .flat_map(|h| h.accelerator.iter().map(|id| id.to_string()))
                .chain(target.named_hardware.iter().map(|name| crate::record::slugify(name)))
                .collect();
            let wanted = (!target.all_hardware).then_some(&referenced);
            let (records, missing) =
                hardware::import_hardware(source, rows, &export, wanted, diagnostics, &mut plan.stats);
            for id in missing {
                let users: Vec<&str> = existing
                    .models
                    .iter()
                    .filter(|(_, m)| {
                        m.record.hardware.as_ref().is_some_and(|h| h.accelerator.iter().any(|a| a.as_str() == id))
                    })
                    .map(|(model_id, _)| model_id.as_str())
                    .take(5)
                    .collect();
                plan.stats.values_reported += 1;
                diagnostics.push(
                    Diagnostic::new(
                        Code::ImportValue,
                        format!("no row of the table is the accelerator `{id}`, used by {}", users.join(", ")),
                    )
                    .in_file(shown_as)
                    .with_help("add the hardware record by hand, or correct the models' accelerator id"),
                );
            }
            for (id, hardware) in records {
                // An accelerator with a record keeps it: a hardware import adds
                // the ones that have none.
                if existing.hardware.contains_key(&id) && target.root.is_some() {
                    plan.sync.unchanged += 1;
                    continue;
                }
                let json = serde_json::to_value(&hardware).unwrap_or_default();
                plan.sync.new += 1;
                plan.files.push(PlannedFile {
                    kind: RecordKind::Hardware,
                    id,
                    text: record_text(RecordKind::Hardware, &json),
                    merged: false,
                });
            }
        }
    }
}

/// What an export holds before it is imported: its kind (refused when it is
/// not `expect`) and its number of rows. A sync asks this of a fetched file
/// before anything is written.
pub fn survey(bytes: &[u8], shown_as: &Path, expect: TableKind) -> Result<(ExportKind, usize), Diagnostic> {
    let source = CsvSource::bytes(bytes, shown_as);
    let mut diagnostics = Reported::default();
    let mut rows = source.rows(&mut diagnostics)?;
    let export = ExportKind::of(&rows.table)?;
    if export.kind != expect {
        let wanted = match expect {
            TableKind::Models => "a models table",
            TableKind::Hardware => "an accelerator table",
        };
        return Err(Diagnostic::new(Code::ImportHeader, format!("expected {wanted}, found another kind of table"))
            .at_line(shown_as, 1, 1));
    }
    let mut count = 0;
    while rows.next_row(&mut diagnostics).is_some() {
        count += 1;
    }
    Ok((export, count))
}

/// The models (with a publication date) and organizations of an Epoch
/// models export, read into memory without writing records: for analyses
/// that take Epoch's table as it is. Problems with cells come back as
/// diagnostics; a table that is not a models export is an error.
pub fn read_models(csv: &Path) -> Result<(RecordSet, Reported), Diagnostic> {
    read_models_from(&CsvSource::file(csv, csv))
}

/// [`read_models`] from any source (a file, or bytes the binary embeds).
pub fn read_models_from(source: &CsvSource) -> Result<(RecordSet, Reported), Diagnostic> {
    let csv = source.shown_as();
    let mut diagnostics = Reported::default();
    let mut rows = source.rows(&mut diagnostics)?;
    let export = ExportKind::of(&rows.table)?;
    if export.kind != TableKind::Models {
        return Err(Diagnostic::new(Code::ImportHeader, "expected a models table, found an accelerator table")
            .at_line(csv, 1, 1));
    }
    let imported = models::import_models(
        source,
        &mut rows,
        &export,
        &RecordSet::default(),
        &mut diagnostics,
        &mut Stats::default(),
    );
    let mut set = RecordSet::default();
    let path = csv.to_path_buf();
    for made in imported.models.into_iter().filter(|m| m.dated) {
        set.insert(&made.id, path.clone(), Record::Model(Box::new(made.model)));
    }
    for (id, organization) in imported.organizations {
        set.insert(&id, path.clone(), Record::Organization(organization));
    }
    Ok((set, diagnostics))
}
