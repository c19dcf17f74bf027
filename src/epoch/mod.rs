//! Epoch AI's exports, in one place: the column dictionary (`columns`), the
//! vintages of their exports (`vintage`), the readers that turn a row into
//! records (`cells`, `models`, `hardware`), and their own layout written back
//! from the records (`export`). `plan` reads an export into the record files
//! an import writes (`import::write` puts them in place); `read_models`
//! reads one into memory for analyses.

mod cells;
pub mod columns;
pub mod export;
mod hardware;
mod models;
mod vintage;

pub use columns::{EpochColumn, HardwareColumn, extra_key};
pub use export::EpochLayout;
pub use vintage::Vintage;

use std::collections::BTreeSet;
use std::path::Path;

use crate::diag::{Code, Diagnostic};
use crate::format::record_text;
use crate::import::{CsvTable, ImportPlan, PlannedFile, Stats, TableKind};
use crate::record::{Record, RecordKind, RecordSet};

/// Reads `csv` (shown in diagnostics as `shown_as`) into the record files it
/// holds. `existing` is the repository's records: organizations are matched
/// to them by name, and a hardware import takes the accelerators its models
/// reference (every row when `all_hardware`).
pub fn plan(csv: &Path, shown_as: &Path, expect: TableKind, existing: &RecordSet, all_hardware: bool) -> ImportPlan {
    match CsvTable::read(csv, shown_as) {
        Ok((table, row_problems)) => plan_table(table, row_problems, shown_as, expect, existing, all_hardware),
        Err(diagnostic) => ImportPlan { diagnostics: vec![diagnostic], ..ImportPlan::default() },
    }
}

/// `plan` on a CSV already in memory (the fuzz target's way in).
pub fn plan_bytes(
    bytes: &[u8],
    shown_as: &Path,
    expect: TableKind,
    existing: &RecordSet,
    all_hardware: bool,
) -> ImportPlan {
    let (table, row_problems) = CsvTable::parse(bytes, shown_as);
    plan_table(table, row_problems, shown_as, expect, existing, all_hardware)
}

fn plan_table(
    table: CsvTable,
    row_problems: Vec<Diagnostic>,
    shown_as: &Path,
    expect: TableKind,
    existing: &RecordSet,
    all_hardware: bool,
) -> ImportPlan {
    let mut plan = ImportPlan { diagnostics: row_problems, ..ImportPlan::default() };
    let vintage = match Vintage::detect(&table) {
        Ok(vintage) => vintage,
        Err(diagnostic) => {
            plan.diagnostics.push(diagnostic);
            return plan;
        }
    };
    plan.read_as = Some(format!("{vintage:?}"));
    let (wanted_kind, command) = match expect {
        TableKind::Models => (true, "import epoch"),
        TableKind::Hardware => (false, "import epoch-hardware"),
    };
    if vintage.is_models() != wanted_kind {
        plan.diagnostics.push(
            Diagnostic::new(Code::ImportHeader, format!("`{command}` was given a {vintage:?} table"))
                .at_line(shown_as, 1, 1)
                .with_help(
                    "models tables go to `flopdb import epoch`, accelerator tables to `flopdb import epoch-hardware`",
                ),
        );
        return plan;
    }
    let mut diagnostics = std::mem::take(&mut plan.diagnostics);
    match expect {
        TableKind::Models => {
            let imported = models::import_models(&table, vintage, existing, &mut diagnostics, &mut plan.stats);
            for (id, model, dated) in imported.models {
                let mut json = serde_json::to_value(&model).unwrap_or_default();
                if !dated && let Some(map) = json.as_object_mut() {
                    map.remove("published");
                }
                plan.files.push(PlannedFile {
                    kind: RecordKind::Model,
                    id,
                    text: record_text(RecordKind::Model, &json),
                });
            }
            for (id, organization) in imported.organizations {
                let json = serde_json::to_value(&organization).unwrap_or_default();
                plan.files.push(PlannedFile {
                    kind: RecordKind::Organization,
                    id,
                    text: record_text(RecordKind::Organization, &json),
                });
            }
        }
        TableKind::Hardware => {
            let referenced: BTreeSet<String> = existing
                .models
                .values()
                .filter_map(|m| m.record.hardware.as_ref())
                .flat_map(|h| h.accelerator.iter().map(|id| id.to_string()))
                .collect();
            let wanted = (!all_hardware).then_some(&referenced);
            let (records, missing) =
                hardware::import_hardware(&table, vintage, wanted, &mut diagnostics, &mut plan.stats);
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
                let json = serde_json::to_value(&hardware).unwrap_or_default();
                plan.files.push(PlannedFile {
                    kind: RecordKind::Hardware,
                    id,
                    text: record_text(RecordKind::Hardware, &json),
                });
            }
        }
    }
    plan.diagnostics = diagnostics;
    plan
}

/// The models (with a publication date) and organizations of an Epoch
/// models export, read into memory without writing records: for analyses
/// that take Epoch's table as it is. Problems with cells come back as
/// diagnostics; a table that is not a models export is an error.
pub fn read_models(csv: &Path) -> Result<(RecordSet, Vec<Diagnostic>), Diagnostic> {
    let (table, mut diagnostics) = CsvTable::read(csv, csv)?;
    let vintage = Vintage::detect(&table)?;
    if !vintage.is_models() {
        return Err(Diagnostic::new(Code::ImportHeader, format!("expected a models table, found a {vintage:?} table"))
            .at_line(csv, 1, 1));
    }
    let imported =
        models::import_models(&table, vintage, &RecordSet::default(), &mut diagnostics, &mut Stats::default());
    let mut set = RecordSet::default();
    let path = csv.to_path_buf();
    for (id, model, dated) in imported.models {
        if dated {
            set.insert(&id, path.clone(), Record::Model(Box::new(model)));
        }
    }
    for (id, organization) in imported.organizations {
        set.insert(&id, path.clone(), Record::Organization(organization));
    }
    Ok((set, diagnostics))
}
