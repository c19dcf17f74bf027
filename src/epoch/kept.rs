//! Epoch's cells kept verbatim (`source.cells`), so the Epoch layout gives
//! back the export it was imported from: where flopdb would write a
//! column otherwise (an author list's separators, a name's trailing space,
//! an organization's inner comma) or has no field for it (the compute rank),
//! the import keeps the cell with a digest of what flopdb wrote then, and
//! the layout writes the cell back while flopdb's writing is still that.
//! An edit to the record changes flopdb's writing, and the stale cell is
//! left out: a kept cell never hides a correction.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value as Json;

use super::columns::{EXPORT_2025, EpochColumn};
use crate::import::digest;
use crate::record::{Hardware, KeptCell, Loaded, Model, RecordSet};

/// The columns whose cells an import may keep: every column of the layout
/// but the base model's, which names other records and is written once
/// every name is known.
pub fn keeps(column: EpochColumn) -> bool {
    column != EpochColumn::BaseModel && EXPORT_2025.contains(&column)
}

/// The column whose writing a kept cell stands on: its own, or for the
/// compute rank (which flopdb does not compute) the training compute it
/// ranked.
fn witness(column: EpochColumn) -> EpochColumn {
    match column {
        EpochColumn::ComputeRank => EpochColumn::TrainingCompute,
        other => other,
    }
}

/// The digest of flopdb's writing of a cell; a number's in its canonical
/// text, so a change of how the layout writes numbers leaves it standing.
fn digest_of(text: &str) -> String {
    match text.parse::<f64>() {
        Ok(number) => digest(&Json::String(crate::quantity::format_number(number))),
        Err(_) => digest(&Json::String(text.to_string())),
    }
}

/// Whether flopdb's writing of a cell says what the source's does: the same
/// text, or the same number however written (`8300000000.0`, `8.3e9`).
fn agrees(written: &str, source: &str) -> bool {
    if written == source {
        return true;
    }
    let number = |s: &str| s.trim().trim_start_matches('$').parse::<f64>().ok();
    match (number(written), number(source)) {
        (Some(a), Some(b)) => a == b || (a - b).abs() <= 1e-12 * a.abs().max(b.abs()),
        _ => false,
    }
}

/// Keeps each of a model's source cells (`raw`, by column) that flopdb
/// would write otherwise, with the digest of flopdb's writing.
pub fn keep(model: &mut Model, raw: &[(EpochColumn, String)], set: &RecordSet) {
    let mut cells = BTreeMap::new();
    for (column, text) in raw {
        let written = super::export::written(*column, model, set);
        if agrees(&written, text) {
            continue;
        }
        let of = digest_of(&super::export::written(witness(*column), model, set));
        cells.insert(column.name().to_string(), KeptCell { text: text.clone(), of });
    }
    if !cells.is_empty() {
        model.source.get_or_insert_with(Default::default).cells = cells;
    }
}

/// The kept cell of a column, while flopdb's writing of it is what it was
/// when the cell was kept.
pub fn still_kept(column: EpochColumn, model: &Model, set: &RecordSet) -> Option<String> {
    let kept = model.source.as_ref()?.cells.get(column.name())?;
    (digest_of(&super::export::written(witness(column), model, set)) == kept.of).then(|| kept.text.clone())
}

/// The records an import's models are written against: the organizations
/// known and made, and every accelerator the rows name, named as the rows
/// name it where no record has it yet (the accelerator table is imported
/// after the models, and names its records as the rows do).
pub fn import_set(
    organizations: BTreeMap<String, Loaded<crate::record::Organization>>,
    existing_hardware: &BTreeMap<String, Loaded<Hardware>>,
    named: impl Iterator<Item = (String, String)>,
) -> RecordSet {
    let mut hardware = existing_hardware.clone();
    for (id, name) in named {
        hardware.entry(id.clone()).or_insert_with(|| Loaded {
            id,
            path: PathBuf::new(),
            record: Hardware { name, ..Hardware::default() },
        });
    }
    RecordSet { organizations, hardware, ..RecordSet::default() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_agree_however_written() {
        assert!(agrees("8.3e9", "8300000000.0"));
        assert!(agrees("$6770000.00", "$6770000.00"));
        assert!(agrees("1.0000000001e25", "1.0000000001e+25"));
        assert!(!agrees("8.3e9", "8.4e9"));
        assert!(!agrees("Granite 3.2 2B", "Granite 3.2 2B "));
    }

    #[test]
    fn a_rank_stands_on_the_compute_it_ranked() {
        assert_eq!(witness(EpochColumn::ComputeRank), EpochColumn::TrainingCompute);
        assert_eq!(witness(EpochColumn::Link), EpochColumn::Link);
        assert!(!keeps(EpochColumn::BaseModel));
        assert!(keeps(EpochColumn::ComputeRank));
    }
}
