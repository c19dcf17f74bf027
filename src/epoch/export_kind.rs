//! What an export is, told from its columns one by one: a models table
//! (a `Model` or `System` column) or an accelerator table (`Hardware name`),
//! and which of its columns flopdb does not know. No whole-header
//! signature: an export with any mix of known columns reads.

use std::path::Path;

use super::columns::{Dictionary, EpochColumn, HardwareColumn, extra_key};
use crate::diag::{Code, Diagnostic};
use crate::import::{CsvSource, CsvTable, TableKind, retired_name};

/// An export's kind and how its columns map.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportKind {
    pub kind: TableKind,
    /// How the source is credited in each record it gives.
    pub credit: String,
    /// The columns no field takes, by position: their cells go to `extra`.
    pub unknown: Vec<(usize, String)>,
    /// Columns the export marks as retired and that are read as the column
    /// they name, no live column of that name being there.
    pub retired: Vec<(usize, String)>,
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
        let mut unknown = Vec::new();
        let mut retired = Vec::new();
        for (i, header) in table.header.iter().enumerate().filter(|(_, h)| !h.trim().is_empty()) {
            let live = retired_name(header).filter(|_| known(header));
            match live {
                // Read in place of the live column it names, when that one is absent;
                // beside it, kept verbatim (nothing is dropped).
                Some(live) if table.header.iter().any(|h| h == live) => unknown.push((i, header.clone())),
                Some(_) => retired.push((i, header.clone())),
                None if known(header) => {}
                None => unknown.push((i, header.clone())),
            }
        }
        let file = table
            .path
            .file_name()
            .map_or_else(|| table.path.display().to_string(), |f| f.to_string_lossy().to_string());
        Ok(ExportKind { kind, credit: format!("Epoch AI, {file} (CC BY 4.0)"), unknown, retired })
    }

    /// One note per column no field takes (not one per row), and per
    /// retired column read as the column it names.
    pub fn unknown_columns(&self, shown_as: &Path) -> Vec<Diagnostic> {
        let unknown = self.unknown.iter().map(|(index, header)| {
            Diagnostic::new(Code::ImportValue, format!("column `{header}` is not one flopdb knows"))
                .at_line(shown_as, 1, index + 1)
                .with_help(format!("its cells are kept verbatim as `extra.{}` in each record", extra_key(header)))
        });
        let retired = self.retired.iter().map(|(index, header)| {
            let live = retired_name(header).unwrap_or(header);
            Diagnostic::new(
                Code::ImportValue,
                format!("column `{header}` is marked retired by its source; read as `{live}`, which this export does not have"),
            )
            .at_line(shown_as, 1, index + 1)
            .with_help("a later export may drop it: its values stay in the records, and a sync that no longer has it leaves them as they are")
        });
        unknown.chain(retired).collect()
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

/// A number column of this file whose cells are mostly not numbers: it
/// holds something else here (a linked record's name where a number is
/// expected), so no field reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Mistyped {
    pub index: usize,
    pub header: String,
    pub not_numbers: usize,
    pub filled: usize,
    /// One cell that is not a number, as an example.
    pub example: String,
}

/// At least this many filled cells before a column is judged: a few odd
/// cells are each reported on their own (W201).
const MIN_JUDGED: usize = 5;

/// The number columns of a file (by `C`'s dictionary) that hold something
/// else: more than half of their filled cells are not numbers. One pass
/// over the rows, before any is read.
pub fn mistyped_columns<C: Dictionary>(source: &CsvSource) -> Vec<Mistyped> {
    let mut unreported = crate::import::Reported::default();
    let Ok(mut rows) = source.rows(&mut unreported) else { return Vec::new() };
    let columns: Vec<(usize, String)> = rows
        .table
        .header
        .iter()
        .enumerate()
        .filter(|(_, h)| C::from_header(h).is_some_and(|c| c.holds().is_number() && !c.holds().is_derived()))
        .map(|(i, h)| (i, h.clone()))
        .collect();
    let mut counts = vec![(0usize, 0usize, String::new()); columns.len()];
    while let Some(row) = rows.next_row(&mut unreported) {
        for ((index, _), (filled, not_numbers, example)) in columns.iter().zip(counts.iter_mut()) {
            let cell = row.cells.get(*index).map(|c| c.trim()).unwrap_or_default();
            if cell.is_empty() {
                continue;
            }
            *filled += 1;
            if super::cells::number_in(cell).is_none() {
                *not_numbers += 1;
                if example.is_empty() {
                    *example = cell.chars().take(60).collect();
                }
            }
        }
    }
    columns
        .into_iter()
        .zip(counts)
        .filter(|(_, (filled, not_numbers, _))| *filled >= MIN_JUDGED && *not_numbers * 2 > *filled)
        .map(|((index, header), (filled, not_numbers, example))| Mistyped {
            index,
            header,
            not_numbers,
            filled,
            example,
        })
        .collect()
}

impl Mistyped {
    /// The one note for the column, at its header.
    pub fn diagnostic(&self, shown_as: &Path) -> Diagnostic {
        Diagnostic::new(
            Code::ImportValue,
            format!(
                "column `{}` holds something other than numbers in {} of its {} filled cells (such as `{}`), so it is not read as numbers",
                self.header, self.not_numbers, self.filled, self.example
            ),
        )
        .at_line(shown_as, 1, self.index + 1)
        .with_help(format!(
            "its cells are kept verbatim as `extra.{}` in each record; an export that names another column this way has changed what the column holds",
            extra_key(&self.header)
        ))
    }
}
