//! Rows of an accelerator table into hardware records.

use std::collections::{BTreeMap, BTreeSet};

use super::layout::Layout;
use super::row::{RowReader, Stats};
use super::table::Table;
use crate::record::name_key;
use crate::diag::{Code, Diagnostic};
use crate::quantity::{Dimension, FlopRate, Memory, Power, readable};
use crate::record::{Hardware, HardwareKind, Peak, slugify};

/// Reads the rows of a hardware table whose id (the slug of the name, as
/// model imports reference them) is in `wanted`, or every row for `None`.
/// Returns the records by id, and the wanted ids no row had.
pub fn import_hardware(
    table: &Table,
    layout: Layout,
    wanted: Option<&BTreeSet<String>>,
    diagnostics: &mut Vec<Diagnostic>,
    stats: &mut Stats,
) -> (Vec<(String, Hardware)>, Vec<String>) {
    let mut by_id: BTreeMap<String, Hardware> = BTreeMap::new();
    let mut names_seen: BTreeSet<String> = BTreeSet::new();
    let name_index = table.header.iter().position(|h| h == "Hardware name" || h == "Name of the hardware");
    for row in &table.rows {
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
        let hardware = read_row(table, row, layout, diagnostics, stats);
        by_id.insert(id, hardware);
    }
    let missing = wanted.map(|w| w.iter().filter(|id| !by_id.contains_key(*id)).cloned().collect()).unwrap_or_default();
    (by_id.into_iter().collect(), missing)
}

fn read_row(
    table: &Table,
    row: &super::table::Row,
    layout: Layout,
    diagnostics: &mut Vec<Diagnostic>,
    stats: &mut Stats,
) -> Hardware {
    let mut r = RowReader::new(table, row, layout, diagnostics, stats);
    let rate = |r: &mut RowReader, names: &[&str]| -> Option<FlopRate> {
        r.positive(names).and_then(|v| readable(v, Dimension::FlopRate)).and_then(|t| FlopRate::parse(&t).ok())
    };
    let name = r.text(&["Hardware name", "Name of the hardware"]).unwrap_or_default();
    let kind = r.terms::<HardwareKind>(&["Type"], "hardware type").first().copied();
    let peak = Peak {
        fp64: rate(
            &mut r,
            &["FP64 (double precision) performance (FLOP/s)", "FP64 (double precision) Performance (FLOP/s)"],
        ),
        fp32: rate(
            &mut r,
            &["FP32 (single precision) performance (FLOP/s)", "FP32 (single precision) Performance (FLOP/s)"],
        ),
        tf32: rate(&mut r, &["TF32 (TensorFloat-32) performance (FLOP/s)"]),
        fp16: rate(
            &mut r,
            &["FP16 (half precision) performance (FLOP/s)", "FP16 (half precision) Performance (FLOP/s)"],
        ),
        tensor_16bit: rate(&mut r, &["Tensor-FP16/BF16 performance (FLOP/s)"]),
        fp8: rate(&mut r, &["FP8 performance (FLOP/s)"]),
        int8: rate(&mut r, &["INT8 performance (OP/s)", "INT8 Performance (OP/s)"]),
        fp4: rate(&mut r, &["FP4 performance (FLOP/s)"]),
    };
    let hardware = Hardware {
        name,
        aliases: Vec::new(),
        manufacturer: r.text(&["Manufacturer"]),
        kind,
        released: r.date(&["Release date"]),
        peak: (peak != Peak::default()).then_some(peak),
        tdp: r.positive(&["TDP (W)"]).and_then(|v| readable(v, Dimension::Power)).and_then(|t| Power::parse(&t).ok()),
        memory: r
            .positive(&["Memory size per board (Byte)"])
            .and_then(|v| readable(v, Dimension::Bytes))
            .and_then(|t| Memory::parse(&t).ok()),
        price_usd: r.number(&["Release price (USD)"]),
        links: r.links(&["Link to datasheet"]),
        notes: None,
        extra: Default::default(),
    };
    let extra = r.finish();
    Hardware { extra, ..hardware }
}
