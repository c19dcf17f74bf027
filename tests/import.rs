//! `flopdb import` on rows cut from each of Epoch AI's vintages
//! (tests/fixtures/epoch/README.md credits them) and on malformed CSVs.

mod common;

use std::path::{Path, PathBuf};

use common::{fixture, flopdb, stderr, stdout};
use flopdb::check::{CheckOptions, check};
use flopdb::epoch::{self, export};

fn epoch_fixture(name: &str) -> PathBuf {
    fixture("epoch").join(name)
}

fn import(kind: &str, csv: &str, repo: &Path, extra: &[&str]) -> std::process::Output {
    flopdb()
        .args(["import", kind])
        .arg(epoch_fixture(csv))
        .arg("--into")
        .arg(repo.join("records"))
        .args(extra)
        .output()
        .unwrap()
}

/// The JSON diagnostics of a command, as (code, line, column, message).
fn diagnostics(output: &std::process::Output) -> Vec<(String, Option<u64>, Option<u64>, String)> {
    stdout(output)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["code"].as_str().unwrap().to_string(),
                v["line"].as_u64(),
                v["column"].as_u64(),
                v["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header = reader.headers().unwrap().iter().map(|h| h.trim_start_matches('\u{feff}').to_string()).collect();
    let rows = reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    (header, rows)
}

/// Whether two cells of a column say the same thing: numbers as numbers,
/// lists as lists, text exactly.
fn same(column: &str, source: &str, ours: &str) -> bool {
    let (a, b) = (source.trim(), ours.trim());
    if a == b {
        return true;
    }
    let number = |s: &str| s.replace(['$', ','], "").parse::<f64>().ok();
    if let (Some(x), Some(y)) = (number(a), number(b)) {
        return x == y || (x - y).abs() <= 1e-12 * x.abs().max(y.abs());
    }
    let list = |s: &str, sep: &[char]| -> Vec<String> {
        let mut items: Vec<String> = Vec::new();
        for item in s.split(sep).map(str::trim).filter(|i| !i.is_empty()) {
            if !items.iter().any(|i| i == item) {
                items.push(item.to_string());
            }
        }
        items
    };
    match column {
        "Link" | "Archived links" => list(a, &[' ', '\n', '\r', '\t']) == list(b, &[' ', '\n', '\r', '\t']),
        _ => list(a, &[',']) == list(b, &[',']),
    }
}

#[test]
fn the_2025_table_round_trips_value_by_value() {
    let repo = tempfile::tempdir().unwrap();
    let output = import("epoch", "all_ml_systems_2025-08-07.sample.csv", repo.path(), &[]);
    // The sample's three truncated fine-tune values are refused (E205), and
    // kept verbatim: the round trip below writes them back as they were.
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(stderr(&output).matches("error[E205]").count(), 3, "{}", stderr(&output));
    let output = import("epoch-hardware", "ml_hardware_2025-08-07.sample.csv", repo.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("9 hardware"), "{}", stderr(&output));

    let output = flopdb().arg("check").arg("--root").arg(repo.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "the imported records check without errors: {}", stderr(&output));

    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let report = check(repo.path(), &CheckOptions { touched: Default::default(), only: None, today }).unwrap();
    let (header, rows) = read_csv(&epoch_fixture("all_ml_systems_2025-08-07.sample.csv"));
    assert_eq!(
        header,
        epoch::columns::EXPORT_2025.iter().map(|c| c.name()).collect::<Vec<_>>(),
        "the layout's columns are Epoch's"
    );
    assert_eq!(report.records.models.len(), rows.len(), "one record per row");
    let mut ours: Vec<Vec<String>> =
        report.records.models.values().map(|m| export::row(&m.record, &report.records)).collect();
    let derived = ["Compute rank when published", "Organization categorization (from Organization)"];
    let mut compared = 0;
    for source in &rows {
        let agrees = |candidate: &Vec<String>| {
            header
                .iter()
                .zip(source)
                .zip(candidate)
                .all(|((column, a), b)| derived.contains(&column.as_str()) || same(column, a, b))
        };
        match ours.iter().position(agrees) {
            Some(i) => {
                ours.remove(i);
                compared += header.len() - derived.len();
            }
            None => {
                let name = &source[0];
                let candidate = ours.iter().find(|r| &r[0] == name).cloned().unwrap_or_default();
                let diffs: Vec<String> = header
                    .iter()
                    .zip(source)
                    .zip(&candidate)
                    .filter(|((column, a), b)| !derived.contains(&column.as_str()) && !same(column, a, b))
                    .map(|((column, a), b)| format!("{column}: source {a:?} / flopdb {b:?}"))
                    .collect();
                panic!("no record reproduces the row of `{name}`:\n{}", diffs.join("\n"));
            }
        }
    }
    assert_eq!(compared, rows.len() * 55);
}

#[test]
fn name_clashes_are_renamed_and_reported() {
    let repo = tempfile::tempdir().unwrap();
    let output = import("epoch", "all_ml_systems_2025-08-07.sample.csv", repo.path(), &["--format", "json"]);
    let clashes: Vec<String> =
        diagnostics(&output).into_iter().map(|d| d.3).filter(|m| m.starts_with("another model is named")).collect();
    assert_eq!(clashes.len(), 2, "{clashes:?}");
    // The second of each pair is renamed, and keeps the source's name.
    let renamed: Vec<String> = std::fs::read_dir(repo.path().join("records/models"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .filter(|text| {
            text.contains("\n[source]\n") && text.lines().any(|l| l.starts_with("name = ") && l.contains(" ("))
        })
        .filter(|text| text.split("[source]").nth(1).is_some_and(|s| s.contains("\nname = ")))
        .collect();
    assert_eq!(renamed.len(), 2, "{renamed:?}");
    let output = flopdb().args(["check", "--format", "json", "--root"]).arg(repo.path()).output().unwrap();
    assert!(!diagnostics(&output).iter().any(|d| d.0 == "E023"), "no duplicate names remain");
}

#[test]
fn older_vintages_import_with_their_own_conventions() {
    for (csv, rows) in
        [("notable_ml_systems_2022-09-01.sample.csv", 7), ("compute_trends_paper_snapshot_2022-02.sample.csv", 6)]
    {
        let repo = tempfile::tempdir().unwrap();
        let output = import("epoch", csv, repo.path(), &["--format", "json"]);
        assert_eq!(output.status.code(), Some(0), "{csv}: {}", stderr(&output));
        let models = std::fs::read_dir(repo.path().join("records/models")).unwrap().count();
        assert_eq!(models, rows, "{csv}: every row kept");
        let unnamed = diagnostics(&output).iter().filter(|d| d.3.contains("no name")).count();
        assert!(unnamed >= 1, "{csv}: the unnamed rows are reported");
        let output = flopdb().args(["check", "--format", "json", "--root"]).arg(repo.path()).output().unwrap();
        let errors: Vec<_> =
            diagnostics(&output).into_iter().filter(|d| d.0.starts_with('E') && d.0 != "E022").collect();
        assert!(errors.is_empty(), "{csv}: {errors:?}");
    }
    // dd/mm/yyyy in the 2022 table: "28/04/2020" is 28 April.
    let repo = tempfile::tempdir().unwrap();
    import("epoch", "notable_ml_systems_2022-09-01.sample.csv", repo.path(), &[]);
    let gpt3 = std::fs::read_to_string(repo.path().join("records/models/gpt-3-175b.toml")).unwrap();
    assert!(gpt3.contains("published = 2020-04-28"), "{gpt3}");
    // Columns the 2022 layout has and records do not are kept verbatim.
    assert!(gpt3.contains("[extra]\n") && gpt3.contains("compute_sponsor_categorization = \"Industry\""), "{gpt3}");
}

/// Vintages outside shared/data (#26.8): the 2025-02 notable models use the
/// retired method label `Reported FLOPs per token/update` (Epoch's later
/// exports call each of those rows `Operation counting`), and a 2026
/// large-scale export marks a column `(DEPRECATED)`: the label is read as
/// its term, the retired column as the column it names (with a note), and
/// its new columns are kept verbatim; nothing lands in `extra` by accident.
#[test]
fn later_and_earlier_vintages_map_their_columns_and_terms() {
    let repo = tempfile::tempdir().unwrap();
    let output = import("epoch", "notable_ai_models_2025-02-24.sample.csv", repo.path(), &["--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let found = diagnostics(&output);
    assert!(!found.iter().any(|d| d.3.contains("estimation method")), "{found:?}");
    // Its `Country (from Organization)` and `Hardware utilization` are the
    // later exports' `Country (of organization)` and `... (MFU)`: every
    // one of its 42 columns is known.
    assert!(!found.iter().any(|d| d.3.contains("not one flopdb knows")), "{found:?}");
    let lstm = std::fs::read_to_string(repo.path().join("records/models/lstm.toml")).unwrap();
    assert!(!lstm.contains("[extra]"), "{lstm}");
    let yolox = std::fs::read_to_string(repo.path().join("records/models/yolox-x.toml")).unwrap();
    assert!(yolox.contains("method = \"operation-counting\""), "{yolox}");
    let mae = std::fs::read_to_string(repo.path().join("records/models/masked-autoencoders-vit-h.toml")).unwrap();
    assert!(mae.contains("method = [\"hardware\", \"operation-counting\"]"), "the term once: {mae}");

    let repo = tempfile::tempdir().unwrap();
    let output = import("epoch", "large_scale_ai_models_2026-02.sample.csv", repo.path(), &["--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let found = diagnostics(&output);
    let retired: Vec<_> = found.iter().filter(|d| d.3.contains("marked retired")).collect();
    assert_eq!(retired.len(), 1, "{found:?}");
    assert_eq!(retired[0].2, Some(17), "at the column's header");
    let ling = std::fs::read_to_string(repo.path().join("records/models/ling-1t.toml")).unwrap();
    assert!(ling.contains("size = \"2e13"), "the retired column is read: {ling}");
    assert!(!ling.contains("deprecated"), "{ling}");
    let unknown: Vec<&str> =
        found.iter().filter(|d| d.3.contains("not one flopdb knows")).map(|d| d.3.as_str()).collect();
    // Its new cost columns are the dictionary's (`Training compute cost (cloud)`, `(upfront)`).
    assert!(unknown.is_empty(), "{unknown:?}");
    let check = flopdb().args(["check", "--format", "json", "--root"]).arg(repo.path()).output().unwrap();
    let errors: Vec<_> = diagnostics(&check).into_iter().filter(|d| d.0.starts_with('E') && d.0 != "E022").collect();
    assert!(errors.is_empty(), "{errors:?}");
}

/// A number column that holds something else in a file (accelerator names
/// in `Hardware quantity`) is reported once at its header and not read:
/// its cells are kept verbatim, and a sync of it leaves the records' values.
#[test]
fn a_column_that_holds_another_type_is_reported_once_and_not_read() {
    let repo = tempfile::tempdir().unwrap();
    let output = import("epoch", "mistyped-column.csv", repo.path(), &["--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let about: Vec<_> = diagnostics(&output).into_iter().filter(|d| d.3.contains("Hardware quantity")).collect();
    assert_eq!(about.len(), 1, "one note, not one per row: {about:?}");
    assert_eq!((about[0].1, about[0].2), (Some(1), Some(7)), "at the header");
    assert!(about[0].3.contains("5 of its 6"), "{about:?}");
    let five = std::fs::read_to_string(repo.path().join("records/models/alpha-5.toml")).unwrap();
    assert!(!five.contains("count ="), "the column is not read, not even its one number: {five}");
    assert!(five.contains("hardware_quantity = \"1024\""), "{five}");
    let one = std::fs::read_to_string(repo.path().join("records/models/alpha-1.toml")).unwrap();
    assert!(one.contains("hardware_quantity = \"NVIDIA A100\""), "{one}");
}

#[test]
fn malformed_values_are_reported_with_row_and_column() {
    let repo = tempfile::tempdir().unwrap();
    let output = import("epoch", "malformed-values.csv", repo.path(), &["--format", "json"]);
    // The row whose date reads two ways cannot be a record: refused (E208);
    // the others are imported with their bad cells reported and kept.
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let found = diagnostics(&output);
    let at = |line: u64, column: u64, text: &str| {
        found.iter().any(|d| d.1 == Some(line) && d.2 == Some(column) && d.3.contains(text))
    };
    assert!(at(2, 6, "could be read two ways"), "{found:?}");
    assert!(found.iter().any(|d| d.0 == "E208" && d.1 == Some(2)), "{found:?}");
    assert!(!repo.path().join("records/models/ambiguous-date.toml").exists());
    assert!(at(3, 12, "not a number"), "{found:?}");
    assert!(at(5, 2, "unknown domain Astrology"), "{found:?}");
    // Nothing lost: the cells are kept verbatim.
    let text = std::fs::read_to_string(repo.path().join("records/models/not-a-number.toml")).unwrap();
    assert!(text.contains("parameters = \"175B\""), "{text}");
    assert!(stderr(&output).contains("read 4 rows"), "{}", stderr(&output));
    // What was written checks without errors: no record without its date.
    let output = flopdb().args(["check", "--root"]).arg(repo.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

/// A regression: the cell `103000000,103000000` was read as 1.03e17
/// datapoints, and the estimate from it topped the dataset at 1.3e27 FLOP.
#[test]
fn two_numbers_run_together_are_no_number() {
    let repo = tempfile::tempdir().unwrap();
    let output = import("epoch", "run-together-numbers.csv", repo.path(), &["--format", "json"]);
    let found = diagnostics(&output);
    assert!(found.iter().any(|d| d.1 == Some(2) && d.2 == Some(16) && d.3.contains("not a number")), "{found:?}");
    let text = std::fs::read_to_string(repo.path().join("records/models/deq-trellisnet-wt-103.toml")).unwrap();
    assert!(!text.contains("size = "), "{text}");
    assert!(text.contains("training_dataset_size_total = \"103000000,103000000\""), "{text}");
}

/// Regression: a base model cell naming two models (NVLM: `Qwen2-72B,
/// InternViT-6B`) was kept verbatim in `extra`; each is a model of the
/// table, so the record names both.
#[test]
fn a_cell_of_several_base_models_names_each() {
    let repo = tempfile::tempdir().unwrap();
    let output = import("epoch", "several-base-models.csv", repo.path(), &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(repo.path().join("records/models/nvlm-d-72b.toml")).unwrap();
    assert!(text.contains("base_model = [\"qwen2-72b\", \"internvit-6b\"]"), "{text}");
    assert!(!text.contains("[extra]\nbase_model"), "{text}");
    // InternViT-6B's own base (LLaMA-7B) is not in the table: kept, and said.
    let vit = std::fs::read_to_string(repo.path().join("records/models/internvit-6b.toml")).unwrap();
    assert!(vit.contains("base_model = \"LLaMA-7B\""), "{vit}");
    assert!(stderr(&output).contains("the base model `LLaMA-7B` is not a model of this table"), "{}", stderr(&output));
}

#[test]
fn a_broken_row_is_reported_and_the_rest_imported() {
    let repo = tempfile::tempdir().unwrap();
    let output = import("epoch", "broken-row.csv", repo.path(), &["--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let found = diagnostics(&output);
    assert!(found.iter().any(|d| d.0 == "E203" && d.1 == Some(3)), "{found:?}");
    assert!(repo.path().join("records/models/fine-row.toml").exists());
}

#[test]
fn an_unknown_header_names_the_expected_columns() {
    let repo = tempfile::tempdir().unwrap();
    let output = import("epoch", "unknown-header.csv", repo.path(), &[]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(text.contains("error[E202]") && text.contains("`Model`") && text.contains("`Hardware name`"), "{text}");
}

#[test]
fn a_year_alone_is_kept_as_written() {
    let repo = tempfile::tempdir().unwrap();
    import("epoch", "year-only-2022.csv", repo.path(), &[]);
    let text = std::fs::read_to_string(repo.path().join("records/models/year-only.toml")).unwrap();
    assert!(text.contains("published = 1995-01-01") && text.contains("published = \"1995\""), "{text}");
}

#[test]
fn existing_records_are_not_replaced_without_force() {
    let repo = tempfile::tempdir().unwrap();
    import("epoch", "all_ml_systems_2025-08-07.sample.csv", repo.path(), &[]);
    let path = repo.path().join("records/models/gpt-3-175b-davinci.toml");
    // (Edited with no comment and no key of its own: --force may replace it;
    // tests/atomic.rs holds the refusal to drop comments and keys.)
    std::fs::write(&path, "name = \"edited by hand\"\n").unwrap();
    let output = import("epoch", "all_ml_systems_2025-08-07.sample.csv", repo.path(), &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("error[E204]"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "name = \"edited by hand\"\n");
    let output = import("epoch", "all_ml_systems_2025-08-07.sample.csv", repo.path(), &["--force"]);
    assert!(!stderr(&output).contains("error[E204]"), "{}", stderr(&output));
    assert!(std::fs::read_to_string(&path).unwrap().contains("GPT-3 175B (davinci)"));
}

#[test]
fn hardware_that_no_row_has_is_reported() {
    let repo = tempfile::tempdir().unwrap();
    import("epoch", "all_ml_systems_2025-08-07.sample.csv", repo.path(), &[]);
    let output = import("epoch-hardware", "hardware_2022-07-19.sample.csv", repo.path(), &["--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let missing =
        diagnostics(&output).iter().filter(|d| d.3.starts_with("no row of the table is the accelerator")).count();
    assert_eq!(missing, 9, "{}", stdout(&output));
    let output = import("epoch-hardware", "hardware_2022-07-19.sample.csv", repo.path(), &["--all"]);
    assert!(stderr(&output).contains("5 hardware"), "{}", stderr(&output));
    let k40 = std::fs::read_to_string(repo.path().join("records/hardware/nvidia-k40.toml")).unwrap();
    assert!(k40.contains("released = 2013-10-01"), "{k40}");
}

#[test]
fn the_wrong_kind_of_table_is_refused() {
    let repo = tempfile::tempdir().unwrap();
    let output = import("epoch", "ml_hardware_2025-08-07.sample.csv", repo.path(), &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("was given an accelerator table"), "{}", stderr(&output));
}

/// Regression: `import --force` on a tree that already holds the import made
/// new records with suffixed ids (`gpt-3-175b-davinci-openai`) instead of
/// updating the existing ones. Now a re-import is a sync, in place; an edit
/// made by hand since is kept (and reported).
#[test]
fn reimport_updates_records_in_place() {
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir(repo.path().join("records")).unwrap();
    let csv = common::fixture("epoch/all_ml_systems_2025-08-07.sample.csv");
    let import = |force: bool| {
        let mut command = common::flopdb();
        command.arg("--root").arg(repo.path()).args(["import", "epoch"]).arg(&csv);
        if force {
            command.arg("--force");
        }
        // 1: the sample's truncated fine-tune values are refused (E205).
        assert_eq!(command.output().unwrap().status.code(), Some(1));
    };
    import(false);
    let listing = |dir: &str| {
        let mut names: Vec<(String, String)> = std::fs::read_dir(repo.path().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| (p.file_name().unwrap().to_string_lossy().to_string(), std::fs::read_to_string(&p).unwrap()))
            .collect();
        names.sort();
        names
    };
    let models = listing("records/models");
    let gpt3 = repo.path().join("records/models/gpt-3-175b-davinci.toml");
    let text = std::fs::read_to_string(&gpt3).unwrap();
    let edited = text.replacen("citations = ", "citations = 9", 1);
    std::fs::write(&gpt3, &edited).unwrap();
    import(true);
    let after = listing("records/models");
    assert_eq!(after.iter().map(|(n, _)| n).collect::<Vec<_>>(), models.iter().map(|(n, _)| n).collect::<Vec<_>>());
    for ((name, new), (_, old)) in after.iter().zip(&models) {
        let expected = if name == "gpt-3-175b-davinci.toml" { &edited } else { old };
        assert_eq!(new, expected, "{name}");
    }
}

/// Import and `fmt` write one canonical text: an imported tree is already
/// formatted, whatever the vintage.
#[test]
fn imported_records_are_already_canonical() {
    for csv in ["all_ml_systems_2025-08-07.sample.csv", "notable_ml_systems_2022-09-01.sample.csv"] {
        let repo = tempfile::tempdir().unwrap();
        import("epoch", csv, repo.path(), &[]);
        import("epoch-hardware", "ml_hardware_2025-08-07.sample.csv", repo.path(), &["--all"]);
        let output = flopdb().args(["fmt", "--check", "--root"]).arg(repo.path()).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{csv}: {}{}", stdout(&output), stderr(&output));
        assert!(stderr(&output).contains("would reformat 0 files"), "{}", stderr(&output));
    }
}

/// A new generation no model uses yet is imported by name, and only it.
#[test]
fn an_accelerator_is_imported_by_name() {
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(repo.path().join("records")).unwrap();
    let output =
        import("epoch-hardware", "ml_hardware_2025-08-07.sample.csv", repo.path(), &["--name", "NVIDIA H100 NVL"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let written: Vec<String> = std::fs::read_dir(repo.path().join("records/hardware"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(written, ["nvidia-h100-nvl.toml"]);
}
