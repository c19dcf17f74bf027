//! The Epoch layout as a drop-in for Epoch AI's own file: an export
//! imported into an empty tree and built with `--layout epoch` gives back
//! that export cell by cell (numbers compared as numbers), but for the
//! differences listed here, each with its reason (README, "The Epoch
//! layout"). Reads the exports themselves (shared/, beside the repository);
//! skipped where they are absent.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{copy_tree, flopdb, stderr};

fn data(name: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/epoch").join(name);
    path.is_file().then_some(path)
}

/// A CSV file as its header (2025 names) and rows.
fn read(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_path(path).unwrap();
    // The 2026 exports renamed one column the layout writes under its 2025 name.
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}'))
        .map(|h| if h == "Training dataset size (total)" { "Training dataset size (datapoints)" } else { h })
        .map(str::to_string)
        .collect();
    let rows = reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    (header, rows)
}

fn same(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let number = |s: &str| s.trim().trim_start_matches('$').parse::<f64>().ok();
    matches!((number(a), number(b)), (Some(x), Some(y)) if x == y || (x - y).abs() <= 1e-12 * x.abs().max(y.abs()))
}

/// Imports `export` into an empty tree holding the shipped accelerator
/// records, builds the Epoch layout, and counts the differing cells per
/// column, rows paired by name, date and last modified. Also returns how
/// many of the export's rows have no row in the layout.
fn differences(export: &Path) -> (BTreeMap<String, usize>, usize) {
    let tree = tempfile::tempdir().unwrap();
    let hardware = Path::new(env!("CARGO_MANIFEST_DIR")).join("records/hardware");
    copy_tree(&hardware, &tree.path().join("records/hardware"));
    let output = flopdb().args(["import", "epoch"]).arg(export).arg("--root").arg(tree.path()).output().unwrap();
    assert!(output.status.code().is_some_and(|c| c <= 1), "{}", stderr(&output));
    let out = tree.path().join("dist");
    let output = flopdb()
        .args(["build", "--layout", "epoch", "--root"])
        .arg(tree.path())
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let (epoch_header, epoch_rows) = read(export);
    let (layout_header, layout_rows) = read(&out.join("models.csv"));
    let at = |header: &[String], name: &str| header.iter().position(|h| h == name);
    let key = |header: &[String], row: &[String]| -> (String, String, String) {
        let cell = |name: &str| at(header, name).and_then(|i| row.get(i)).cloned().unwrap_or_default();
        (cell("Model"), cell("Publication date"), cell("Last modified"))
    };
    let mut layout: BTreeMap<_, Vec<&Vec<String>>> = BTreeMap::new();
    for row in &layout_rows {
        layout.entry(key(&layout_header, row)).or_default().push(row);
    }
    let mut counts = BTreeMap::new();
    let mut unmatched = 0;
    for row in &epoch_rows {
        let Some(theirs) = layout.get_mut(&key(&epoch_header, row)).and_then(|rows| rows.pop()) else {
            unmatched += 1;
            continue;
        };
        for (i, name) in epoch_header.iter().enumerate() {
            let Some(j) = at(&layout_header, name) else { continue };
            if !same(&row[i], &theirs[j]) {
                *counts.entry(name.clone()).or_insert(0) += 1;
            }
        }
    }
    (counts, unmatched)
}

fn expected(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

/// The 2025 "All ML Systems" export: every cell but four, which hold control
/// characters (`\x1c`, `\x1e`, `\x02` from a PDF's ligatures) that a TOML
/// record cannot keep as text.
#[test]
fn the_epoch_layout_gives_back_the_2025_export() {
    let Some(export) = data("all_ml_systems_2025-08-07.csv") else {
        eprintln!("skipped: the 2025 export is not here");
        return;
    };
    let (counts, unmatched) = differences(&export);
    assert_eq!(unmatched, 0);
    assert_eq!(counts, expected(&[("Abstract", 1), ("Parameters notes", 1), ("Training dataset notes", 2)]));
}

/// The 2026 all-models export, in the 52 columns the 2025 layout shares
/// with it: 18 rows without a publication date cannot be records; four
/// cells hold control or format characters (a `\u{202c}` in one abstract);
/// one organization categorization that Epoch left empty is the
/// organization's own; one base model's name holds a comma and is quoted,
/// as Epoch's other list cells quote such an item (`Mamba 2, 2.7B`); 24
/// dataset sizes of two numbers run together (`103000000,103000000`) are
/// left out of the number column.
#[test]
fn the_epoch_layout_gives_back_the_2026_export() {
    let Some(export) = data("all_ai_models_2026-03-30.csv") else {
        eprintln!("skipped: the 2026 export is not here");
        return;
    };
    let (counts, unmatched) = differences(&export);
    assert_eq!(unmatched, 18);
    assert_eq!(
        counts,
        expected(&[
            ("Abstract", 2),
            ("Base model", 1),
            ("Dataset size notes", 1),
            ("Organization categorization", 1),
            ("Parameters notes", 1),
            ("Training dataset size (datapoints)", 24),
        ])
    );
}
