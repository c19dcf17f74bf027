//! Rows of an accelerator table into hardware records.

use std::collections::{BTreeMap, BTreeSet};

use super::cells::RowReader;
use super::cells::SlashOrder;
use super::columns::{Dictionary, HardwareColumn};
use super::export_kind::ExportKind;
use crate::diag::{Code, Diagnostic};
use crate::import::{CsvRow, CsvRows, CsvSource, CsvTable, Reported, Stats};
use crate::quantity::{Dimension, FlopRate, Memory, Power, readable};
use crate::record::name_key;
use crate::record::{Hardware, HardwareKind, Peak, slugify};

/// Reads the rows of a hardware table whose id (the slug of the name, as
/// model imports reference them) is in `wanted`, or every row for `None`.
/// Returns the records by id, and the wanted ids no row had.
pub fn import_hardware(
    source: &CsvSource,
    rows: &mut CsvRows,
    _export: &ExportKind,
    wanted: Option<&BTreeSet<String>>,
    diagnostics: &mut Reported,
    stats: &mut Stats,
) -> (Vec<(String, Hardware)>, Vec<String>) {
    let mut by_id: BTreeMap<String, Hardware> = BTreeMap::new();
    let mut names_seen: BTreeSet<String> = BTreeSet::new();
    let slash_order = column_order(source, HardwareColumn::ReleaseDate);
    let table = rows.table.clone();
    let table = &table;
    let name_index = table.position(HardwareColumn::Name.spellings());
    while let Some(row) = rows.next_row(diagnostics) {
        let row = &row;
        let name = name_index.and_then(|i| row.cells.get(i)).map(|c| c.trim()).unwrap_or_default();
        let id = slugify(name);
        if name.is_empty() {
            // Only a full import owes an account of every row.
            if wanted.is_none() {
                stats.values_reported += 1;
                diagnostics.push(
                    Diagnostic::new(
                        Code::ImportValue,
                        format!("the row at line {} has no hardware name; it is skipped", row.line),
                    )
                    .at_line(&table.path, row.line, name_index.map_or(1, |i| i + 1)),
                );
            }
            continue;
        }
        if wanted.is_some_and(|w| !w.contains(&id)) {
            continue;
        }
        if !names_seen.insert(name_key(name)) || by_id.contains_key(&id) {
            stats.values_reported += 1;
            diagnostics.push(
                Diagnostic::new(
                    Code::ImportValue,
                    format!("`{name}` appears again at line {}; the first row is kept", row.line),
                )
                .at_line(&table.path, row.line, name_index.map_or(1, |i| i + 1)),
            );
            continue;
        }
        let hardware = read_row(table, row, slash_order, diagnostics, stats);
        by_id.insert(id, hardware);
    }
    let missing = wanted.map(|w| w.iter().filter(|id| !by_id.contains_key(*id)).cloned().collect()).unwrap_or_default();
    (by_id.into_iter().collect(), missing)
}

fn read_row(
    table: &CsvTable,
    row: &CsvRow,
    slash_order: SlashOrder,
    diagnostics: &mut Reported,
    stats: &mut Stats,
) -> Hardware {
    let mut r = RowReader::new(table, row, slash_order, diagnostics, stats);
    let rate = |r: &mut RowReader<HardwareColumn>, column: HardwareColumn| -> Option<FlopRate> {
        r.positive(column).and_then(|v| readable(v, Dimension::FlopRate)).and_then(|t| FlopRate::parse(&t).ok())
    };
    let name = r.name(HardwareColumn::Name).unwrap_or_default();
    let kind = r.terms::<HardwareKind>(HardwareColumn::Type, "hardware type").first().copied();
    let peak = Peak {
        fp64: rate(&mut r, HardwareColumn::Fp64),
        fp32: rate(&mut r, HardwareColumn::Fp32),
        tf32: rate(&mut r, HardwareColumn::Tf32),
        fp16: rate(&mut r, HardwareColumn::Fp16),
        tensor_16bit: rate(&mut r, HardwareColumn::Tensor16),
        fp8: rate(&mut r, HardwareColumn::Fp8),
        int8: rate(&mut r, HardwareColumn::Int8),
        fp4: rate(&mut r, HardwareColumn::Fp4),
    };
    let hardware = Hardware {
        name,
        aliases: Vec::new(),
        manufacturer: r.text(HardwareColumn::Manufacturer),
        kind,
        released: r.date(HardwareColumn::ReleaseDate).map(|(date, _)| date),
        peak: (peak != Peak::default()).then_some(peak),
        // Epoch's table gives dense peaks only.
        sparse_peak: None,
        tdp: r
            .positive(HardwareColumn::Tdp)
            .and_then(|v| readable(v, Dimension::Power))
            .and_then(|t| Power::parse(&t).ok()),
        memory: r
            .positive(HardwareColumn::Memory)
            .and_then(|v| readable(v, Dimension::Bytes))
            .and_then(|t| Memory::parse(&t).ok()),
        price_usd: r.number(HardwareColumn::Price),
        links: r.links(HardwareColumn::Datasheet),
        notes: None,
        extra: Default::default(),
    };
    let extra = r.finish();
    Hardware { extra, ..hardware }
}

/// How the table writes the slash dates of `column`: a pass of its own
/// over the rows (what is wrong with them is reported by the pass that
/// reads them).
pub(super) fn column_order<C: Dictionary>(source: &CsvSource, column: C) -> SlashOrder {
    let mut unreported = Reported::default();
    let Ok(mut rows) = source.rows(&mut unreported) else {
        return SlashOrder::of(std::iter::empty::<&str>());
    };
    let index = rows.table.position(column.spellings());
    let cells = std::iter::from_fn(|| rows.next_row(&mut unreported))
        .filter_map(|row| index.and_then(|i| row.cells.into_iter().nth(i)));
    SlashOrder::of(cells)
}
