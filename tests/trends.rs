//! `flopdb trends` and `flopdb plot`: the paper's numbers on the paper's own
//! data, the same answer from every input, seeded determinism, and clear
//! errors.

mod common;

use common::{flopdb, stderr, stdout};
use serde_json::Value;

/// The paper's 123 systems, as flopdb embeds them (`src/trends/paper/`).
fn paper_snapshot() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/trends/paper/compute_trends_paper_snapshot_2022-02.csv")
}

fn trends_json(args: &[&str]) -> Value {
    let output = flopdb().arg("trends").args(args).args(["--format", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

fn era<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["eras"].as_array().unwrap().iter().find(|e| e["era"]["name"] == name).unwrap()
}

fn round(value: &Value, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value.as_f64().unwrap() * scale).round() / scale
}

#[test]
fn calibration_the_pre_deep_learning_era_as_the_paper_reports_it() {
    let paper = paper_snapshot();
    let report = trends_json(&["--input", paper.to_str().unwrap()]);
    let pre = era(&report, "pre-deep-learning");
    assert_eq!(pre["n"], 19);
    assert_eq!(round(&pre["doubling_months"], 1), 21.3);
    assert_eq!(round(&pre["r_squared"], 2), 0.77);
    // The other eras, by the same method: about 6 months, and about 10 for large-scale.
    let deep = era(&report, "deep-learning");
    let large = era(&report, "large-scale");
    let months = |e: &Value| e["doubling_months"].as_f64().unwrap();
    assert!((5.0..7.0).contains(&months(deep)), "{deep}");
    assert!((9.0..12.0).contains(&months(large)), "{large}");
    let names = |key: &str| -> Vec<String> {
        report[key].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(names("outliers"), ["DeepStack", "Hanabi 4 player", "Hide and Seek", "LSUN Bedroom model", "ERNIE 3.0"]);
    assert!(names("large_scale").contains(&"GPT-3 175B".to_string()));
    // The interval holds the headline, and the doubling interval is the slope's, inverted.
    let slope = &pre["slope_interval_oom_per_year"];
    assert!(slope["low"].as_f64() < pre["slope_oom_per_year"].as_f64());
    assert!(pre["slope_oom_per_year"].as_f64() < slope["high"].as_f64());
}

#[test]
fn records_and_the_built_csv_give_the_same_trends_as_the_export() {
    let tree = tempfile::tempdir().unwrap();
    std::fs::create_dir(tree.path().join("records")).unwrap();
    let paper = paper_snapshot();
    let import = flopdb().arg("--root").arg(tree.path()).arg("import").arg("epoch").arg(&paper).output().unwrap();
    assert_eq!(import.status.code(), Some(0), "{}", stderr(&import));
    let from_export = trends_json(&["--input", paper.to_str().unwrap()]);
    let from_records = trends_json(&["--root", tree.path().to_str().unwrap()]);
    let built = flopdb()
        .arg("--root")
        .arg(tree.path())
        .arg("build")
        .arg("--out")
        .arg(tree.path().join("dist"))
        .output()
        .unwrap();
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let models = tree.path().join("dist/models.csv");
    let from_csv = trends_json(&["--input", models.to_str().unwrap()]);
    assert_eq!(from_records["eras"], from_export["eras"]);
    assert_eq!(from_csv["eras"], from_export["eras"]);
    assert_eq!(from_csv["outliers"], from_records["outliers"]);
}

#[test]
fn the_bootstrap_is_seeded() {
    let paper = paper_snapshot();
    let run = |seed: &str| {
        let output = flopdb()
            .args(["trends", "--input", paper.to_str().unwrap(), "--seed", seed, "--format", "csv"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        stdout(&output)
    };
    let first = run("42");
    assert_eq!(first, run("42"));
    assert_ne!(first, run("43"));
    let lines: Vec<&str> = first.lines().collect();
    assert_eq!(lines.len(), 4, "a header and a row per era:\n{first}");
    assert!(lines[0].starts_with("era,era_start,era_end,first,last,n,slope_oom_per_year"));
    assert!(lines[1].starts_with("pre-deep-learning,,2009-12-31,1952-01-01,2009-06-15,19,"));
}

#[test]
fn eras_move_with_the_era_flag() {
    let paper = paper_snapshot();
    let paper = paper.to_str().unwrap();
    let moved = trends_json(&["--input", paper, "--era", "deep-learning=2012-01-01..", "--bootstrap", "10"]);
    let deep = era(&moved, "deep-learning");
    assert_eq!(deep["era"]["start"], "2012-01-01");
    assert!(deep["first"].as_str().unwrap() >= "2012-01-01");
    let dropped = trends_json(&["--input", paper, "--era", "pre-deep-learning=off", "--bootstrap", "10"]);
    assert_eq!(dropped["eras"].as_array().unwrap().len(), 2);
    let bad = flopdb().args(["trends", "--input", paper, "--era", "deep-learning=2012"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("expected START..END"), "{}", stderr(&bad));
}

#[test]
fn an_era_with_too_few_models_is_a_clear_error() {
    let paper = paper_snapshot();
    let output =
        flopdb().args(["trends", "--input", paper.to_str().unwrap(), "--since", "2021-01-01"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(text.contains("the era `pre-deep-learning` has 0 model(s) to fit; a trend needs at least 3"), "{text}");
    assert!(text.contains("--era NAME=off"), "{text}");
    assert!(!text.contains("panicked"), "{text}");
}

#[test]
fn no_compute_at_all_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("models.csv");
    std::fs::write(&csv, "id,name,published,training_compute_flop\nm,M,2020-01-01,\n").unwrap();
    let output = flopdb().args(["trends", "--input", csv.to_str().unwrap()]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no model has a training compute"), "{}", stderr(&output));
}

#[test]
fn table_and_markdown_show_every_era_and_the_lists() {
    let paper = paper_snapshot();
    for format in ["table", "markdown"] {
        let output = flopdb()
            .args(["trends", "--input", paper.to_str().unwrap(), "--bootstrap", "50", "--format", format])
            .output()
            .unwrap();
        let text = stdout(&output);
        for expected in
            ["pre-deep-learning", "deep-learning", "large-scale", "21.3 [", "0.77", "DeepStack", "AlphaGo Fan"]
        {
            assert!(text.contains(expected), "{format} lacks {expected}:\n{text}");
        }
        assert!(text.contains("Record-setters"), "{text}");
    }
}

#[test]
fn plot_writes_the_figure() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("figure.svg");
    let paper = paper_snapshot();
    let output = flopdb()
        .args(["plot", "--input", paper.to_str().unwrap(), "--bootstrap", "10", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.starts_with("<svg"));
    assert!(svg.contains("pre-deep-learning: 21.3-month doubling"), "the legend has each era's doubling time");
    assert!(svg.contains("Training compute (FLOP)"));
}

/// Regression: on records with fine-tunes, the analysis read the fine-tunes'
/// own runs while `models.csv` gives their totals over the lineage (bases'
/// compute plus their own), so `trends` and `trends --input models.csv`
/// disagreed on the shipped records (deep-learning era: 1,115 models and 6.5
/// months against 1,167 and 5.8). Both now read the dataset's figure.
#[test]
fn the_shipped_records_and_their_built_csv_give_the_same_trends() {
    let repository = env!("CARGO_MANIFEST_DIR");
    let out = tempfile::tempdir().unwrap();
    let built = flopdb().args(["--root", repository, "build", "--out"]).arg(out.path().join("dist")).output().unwrap();
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let models = out.path().join("dist/models.csv");
    let from_csv = trends_json(&["--input", models.to_str().unwrap()]);
    let from_records = trends_json(&["--root", repository]);
    assert_eq!(from_records["eras"], from_csv["eras"]);
    // The same models with the same compute (the CSV knows the developers'
    // kind only through its organization columns, so that is not compared).
    let figures = |report: &Value, key: &str| -> Vec<(String, f64)> {
        let models = report[key].as_array().unwrap();
        models.iter().map(|m| (m["id"].as_str().unwrap().to_string(), m["flop"].as_f64().unwrap())).collect()
    };
    assert_eq!(figures(&from_records, "outliers"), figures(&from_csv, "outliers"));
    assert_eq!(figures(&from_records, "large_scale"), figures(&from_csv, "large_scale"));
}
