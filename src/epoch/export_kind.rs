//! What an export is, told from its columns one by one: a models table
//! (a `Model` or `System` column) or an accelerator table (`Hardware name`),
//! and which of its columns flopdb does not know. No whole-header
//! signature: an export with any mix of known columns reads.

use std::path::Path;

use super::columns::{Dictionary, EpochColumn, HardwareColumn, extra_key};
use crate::diag::{Code, Diagnostic};
use crate::import::{CsvTable, TableKind};

/// An export's kind and how its columns map.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportKind {
    pub kind: TableKind,
    /// How the source is credited in each record it gives.
    pub credit: String,
    /// The columns no field takes, by position: their cells go to `extra`.
    pub unknown: Vec<(usize, String)>,
}

impl ExportKind {
    pub fn of(table: &CsvTable) -> Result<ExportKind, Diagnostic> {
        let names_models = table.header.iter().any(|h| EpochColumn::from_header(h) == Some(EpochColumn::Model));
        let names_hardware = table.header.iter().any(|h| HardwareColumn::from_header(h) == Some(HardwareColumn::Name));
        let kind = match (names_models, names_hardware) {
            (true, false) => TableKind::Models,
            (false, true) => TableKind::Hardware,
            (both, _) => {
                let what = if both { "both a model and an accelerator column" } else { "no column that names a model" };
                return Err(Diagnostic::new(
                    Code::ImportHeader,
                    format!("the CSV header has {what}, so it is not an Epoch AI export flopdb can read"),
                )
                .at_line(&table.path, 1, 1)
                .with_help(format!(
                    "a models export has a `{}` column (or `{}`); an accelerator table has `{}`",
                    EpochColumn::Model.name(),
                    EpochColumn::Model.spellings().get(1).copied().unwrap_or_default(),
                    HardwareColumn::Name.name()
                )));
            }
        };
        let known = |header: &str| match kind {
            TableKind::Models => EpochColumn::from_header(header).is_some(),
            TableKind::Hardware => HardwareColumn::from_header(header).is_some(),
        };
        let unknown = table
            .header
            .iter()
            .enumerate()
            .filter(|(_, h)| !h.trim().is_empty() && !known(h))
            .map(|(i, h)| (i, h.clone()))
            .collect();
        let file = table
            .path
            .file_name()
            .map_or_else(|| table.path.display().to_string(), |f| f.to_string_lossy().to_string());
        Ok(ExportKind { kind, credit: format!("Epoch AI, {file} (CC BY 4.0)"), unknown })
    }

    /// One note per column no field takes (not one per row).
    pub fn unknown_columns(&self, shown_as: &Path) -> Vec<Diagnostic> {
        self.unknown
            .iter()
            .map(|(index, header)| {
                Diagnostic::new(Code::ImportValue, format!("column `{header}` is not one flopdb knows"))
                    .at_line(shown_as, 1, index + 1)
                    .with_help(format!("its cells are kept verbatim as `extra.{}` in each record", extra_key(header)))
            })
            .collect()
    }

    /// `a models export (57 columns, 2 kept as extra)`.
    pub fn describe(&self, columns: usize) -> String {
        let what = match self.kind {
            TableKind::Models => "a models export",
            TableKind::Hardware => "an accelerator table",
        };
        format!("{what}, {columns} columns, {} kept as extra", self.unknown.len())
    }
}
