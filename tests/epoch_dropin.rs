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

/// Regression: Epoch writes the foundation-model flag `checked` (2025) or
/// `True` (2026). Declared as text, the column read as booleans in polars
/// and DuckDB once no `checked` was left (the shipped records, after the
/// merge of GPT-4's 2025 record), against the package. It is a boolean
/// column whose words the package lists, and a boolean in models.json.
#[test]
fn the_foundation_model_flag_is_a_boolean_in_both_spellings() {
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir(repo.path().join("records")).unwrap();
    let sample = repo.path().join("flags.csv");
    std::fs::write(
        &sample,
        "Model,Organization,Publication date,Domain,Foundation model,Link\nA,Acme,2024-01-01,Language,checked,https://a.example/\nB,Acme,2024-02-01,Language,,https://b.example/\nC,Acme,2024-03-01,Language,True,https://c.example/\n",
    )
    .unwrap();
    let output = flopdb().arg("--root").arg(repo.path()).args(["import", "epoch"]).arg(&sample).output().unwrap();
    assert_ne!(output.status.code(), Some(2), "{}", stderr(&output));
    let out = repo.path().join("dist");
    let output = flopdb()
        .arg("--root")
        .arg(repo.path())
        .args(["build", "--layout", "epoch", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let package: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("datapackage.json")).unwrap()).unwrap();
    let models = package["resources"].as_array().unwrap().iter().find(|r| r["name"] == "models").unwrap();
    let field =
        models["schema"]["fields"].as_array().unwrap().iter().find(|f| f["name"] == "Foundation model").unwrap();
    assert_eq!(field["type"], "boolean", "{field}");
    let words: Vec<&str> = field["trueValues"].as_array().unwrap().iter().filter_map(|v| v.as_str()).collect();
    assert!(words.contains(&"checked") && words.contains(&"True"), "{field}");
    let (header, rows) = read(&out.join("models.csv"));
    let at = header.iter().position(|h| h == "Foundation model").unwrap();
    let words: Vec<&str> = rows.iter().map(|r| r[at].as_str()).collect();
    assert!(words.contains(&"checked") && words.contains(&"True"), "Epoch's words are given back: {words:?}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("models.json")).unwrap()).unwrap();
    let flags: Vec<&serde_json::Value> =
        json.as_array().unwrap().iter().map(|m| &m["Foundation model"]).filter(|v| !v.is_null()).collect();
    assert!(!flags.is_empty() && flags.iter().all(|v| **v == serde_json::Value::Bool(true)), "{flags:?}");
}
