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
        models.iter().map(|m| (m["id"].as_str().unwrap().to_string(), m["value"].as_f64().unwrap())).collect()
    };
    assert_eq!(figures(&from_records, "outliers"), figures(&from_csv, "outliers"));
    assert_eq!(figures(&from_records, "large_scale"), figures(&from_csv, "large_scale"));
}

// Trends as Epoch AI publishes them (#27): any quantity, any subset,
// threshold counts, and the records of a past day.

/// A tree of the `valid` fixture's organizations and chip, with models made
/// from (id, date, parameters, compute, extra lines).
fn tree_of(models: &[(&str, &str, f64, f64, &str)]) -> tempfile::TempDir {
    let tree = common::copy_fixture("valid");
    let folder = tree.path().join("records/models");
    for entry in std::fs::read_dir(&folder).unwrap() {
        std::fs::remove_file(entry.unwrap().path()).unwrap();
    }
    for (id, date, parameters, compute, extra) in models {
        let text = format!(
            "name = \"{id}\"\npublished = {date}\norganizations = [\"openai\"]\nlinks = [\"https://example.com/{id}\"]\nparameters = {parameters:e}\n{extra}\n[compute]\nvalue = \"{compute:e} FLOP\"\n"
        );
        std::fs::write(folder.join(format!("{id}.toml")), text).unwrap();
    }
    tree
}

/// One fit over every model, as Epoch fits its trends.
const ONE_FIT: [&str; 8] =
    ["--era", "pre-deep-learning=off", "--era", "deep-learning=off", "--era", "large-scale=off", "--era", "all=..:all"];

#[test]
fn a_quantity_other_than_compute_is_fitted_with_the_same_method() {
    // Parameters triple every year exactly (compute is noise): 3x a year.
    let models: Vec<(String, String, f64, f64)> = (0..12)
        .map(|i| {
            let day = chrono::NaiveDate::from_ymd_opt(2015, 1, 1).unwrap() + chrono::Duration::days(i * 365);
            (format!("m{i}"), day.to_string(), 1e9 * 3f64.powi(i as i32), 1e20 * ((i * 7 % 5) + 1) as f64)
        })
        .collect();
    let rows: Vec<(&str, &str, f64, f64, &str)> =
        models.iter().map(|(id, day, p, c)| (id.as_str(), day.as_str(), *p, *c, "")).collect();
    let tree = tree_of(&rows);
    let root = tree.path().to_str().unwrap();
    let report =
        trends_json(&[&["--root", root, "--quantity", "parameters", "--bootstrap", "50"][..], &ONE_FIT].concat());
    let fit = era(&report, "all");
    assert_eq!(fit["n"], 12);
    assert!((fit["growth_per_year"].as_f64().unwrap() - 3.0).abs() < 1e-9, "{fit}");
    assert!((fit["r_squared"].as_f64().unwrap() - 1.0).abs() < 1e-12);
    let interval = &fit["growth_per_year_interval"];
    assert!(interval["low"].as_f64().unwrap() <= 3.0 && interval["high"].as_f64().unwrap() >= 3.0, "{interval}");
    // The same models' compute has no such trend.
    let compute = trends_json(&[&["--root", root, "--bootstrap", "50"][..], &ONE_FIT].concat());
    assert!(era(&compute, "all")["r_squared"].as_f64().unwrap() < 0.5);
}

#[test]
fn the_top_n_at_release_rule_and_the_subsets_keep_what_they_say() {
    // By day: a 1e20, b 1e22, c 1e21 (third largest so far), d 1e23 (a
    // fine-tune), e 1e20 and f 1e24 on one day.
    let tree = tree_of(&[
        ("a", "2020-01-01", 1e9, 1e20, ""),
        ("b", "2020-02-01", 1e9, 1e22, ""),
        ("c", "2020-03-01", 1e9, 1e21, ""),
        ("d", "2020-04-01", 1e9, 1e23, "open_weights = true\nbase_model = [\"b\"]\n"),
        ("e", "2020-05-01", 1e9, 1e20, ""),
        ("f", "2020-05-01", 1e9, 1e24, "open_weights = true\n"),
    ]);
    let root = tree.path().to_str().unwrap();
    let ids = |extra: &[&str]| -> Vec<String> {
        let args = [&["--root", root, "--counts", "1e19", "--largest", "10"][..], extra].concat();
        let report = trends_json(&args);
        let mut ids: Vec<String> =
            report["largest"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap().to_string()).collect();
        ids.sort();
        ids
    };
    // Top 2 at release: a (alone), b (largest), c (second of a, b, c: a is
    // below it), d (largest), not e (b, d and f above it), f (largest).
    assert_eq!(ids(&["--top-n", "2"]), ["a", "b", "c", "d", "f"]);
    assert_eq!(ids(&["--top-n", "1"]), ["a", "b", "d", "f"]);
    assert_eq!(ids(&["--min-compute", "1e22"]), ["b", "d", "f"]);
    assert_eq!(ids(&["--open-weights"]), ["d", "f"]);
    assert_eq!(ids(&["--no-finetunes", "--min-compute", "1e22"]), ["b", "f"]);
    assert_eq!(ids(&["--organization", "openai", "--since", "2020-04-01"]), ["d", "e", "f"]);
    assert!(ids(&["--organization", "nobody"]).is_empty());
}

#[test]
fn threshold_counts_per_year_and_their_first_crossings() {
    let tree = tree_of(&[
        ("a", "2021-03-01", 1e9, 2e23, ""),
        ("b", "2022-03-01", 1e9, 3e24, ""),
        ("c", "2022-09-01", 1e9, 5e22, ""),
        ("d", "2024-01-01", 1e9, 2e25, ""),
    ]);
    let report = trends_json(&["--root", tree.path().to_str().unwrap(), "--counts", "1e23,1e24,1e25"]);
    let years = report["counts"]["years"].as_array().unwrap();
    let row = |year: i64| years.iter().find(|y| y["year"] == year).unwrap();
    assert_eq!(row(2021)["new"], serde_json::json!([1, 0, 0]));
    assert_eq!(row(2022)["cumulative"], serde_json::json!([2, 1, 0]));
    assert_eq!(row(2023)["new"], serde_json::json!([0, 0, 0]));
    assert_eq!(row(2024)["cumulative"], serde_json::json!([3, 2, 1]));
    assert_eq!(row(2024)["developers"], serde_json::json!([1, 1, 1]));
    let first: Vec<&str> =
        report["counts"]["first"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(first, ["a", "b", "d"]);
    // The table says the same for people.
    let output = flopdb().args(["--root", tree.path().to_str().unwrap(), "trends", "--counts"]).output().unwrap();
    assert!(stdout(&output).contains(">=1e25: d (2024-01-01, 2.00e25 FLOP)"), "{}", stdout(&output));
}

#[test]
fn as_of_a_day_the_records_are_those_of_its_last_commit() {
    let tree = tree_of(&[("a", "2021-03-01", 1e9, 2e23, ""), ("b", "2022-03-01", 1e9, 3e24, "")]);
    let repo = git2::Repository::init(tree.path()).unwrap();
    // 2024-01-10, then a model added on 2024-06-10.
    common::commit_all(&repo, "first", 19_732);
    std::fs::write(
        tree.path().join("records/models/c.toml"),
        "name = \"c\"\npublished = 2024-05-01\norganizations = [\"openai\"]\nlinks = [\"https://example.com/c\"]\n\n[compute]\nvalue = \"1e25 FLOP\"\n",
    )
    .unwrap();
    common::commit_all(&repo, "second", 19_884);
    let root = tree.path().to_str().unwrap();
    let count = |extra: &[&str]| -> usize {
        let report = trends_json(&[&["--root", root, "--counts", "1e20"][..], extra].concat());
        report["largest"].as_array().unwrap().len()
    };
    assert_eq!(count(&[]), 3);
    assert_eq!(count(&["--as-of", "2024-06-10"]), 3);
    assert_eq!(count(&["--as-of", "2024-06-09"]), 2, "before the second commit");
    let output = flopdb().args(["--root", root, "trends", "--counts", "--as-of", "2020-01-01"]).output().unwrap();
    assert!(!output.status.success() && stderr(&output).contains("no commit"), "{}", stderr(&output));
}

/// Each quantity is its `models.csv` column: the records and the CSV built
/// from them give every model the same figure.
#[test]
fn every_quantity_reads_the_same_from_the_records_and_from_models_csv() {
    let hardware = "\n[hardware]\naccelerator = \"nvidia-v100-sxm2\"\ncount = 512\nduration = \"20 days\"\nchip_time = \"245760 chip-hours\"\npower_draw = \"250 kW\"\n";
    let data = "active_parameters = 5e8\n\n[data]\nsize = \"3e11 tokens\"\nseen = \"6e11 tokens\"\n";
    let tree = tree_of(&[
        ("a", "2021-03-01", 1e9, 2e23, hardware),
        ("b", "2022-03-01", 2e9, 3e24, data),
        ("c", "2023-03-01", 4e9, 5e24, "base_model = [\"b\"]\n"),
    ]);
    let root = tree.path().to_str().unwrap();
    let dist = tree.path().join("dist");
    let built = flopdb().args(["--root", root, "build", "--out"]).arg(&dist).output().unwrap();
    assert!(built.status.success(), "{}", stderr(&built));
    let csv = dist.join("models.csv");
    let names = [
        "compute",
        "own-compute",
        "parameters",
        "active-parameters",
        "data-size",
        "data-seen",
        "cost",
        "energy",
        "power",
        "chips",
        "training-time",
        "chip-hours",
    ];
    let mut seen = 0;
    for quantity in names {
        let values = |input: &[&str]| -> Vec<(String, f64)> {
            let args =
                [&["--root", root, "--quantity", quantity, "--counts", "1", "--largest", "100"][..], input].concat();
            let output = flopdb().arg("trends").args(&args).args(["--format", "json"]).output().unwrap();
            let report: Value = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
            let mut values: Vec<(String, f64)> = report["largest"]
                .as_array()
                .map(|models| {
                    models
                        .iter()
                        .map(|m| (m["id"].as_str().unwrap().to_string(), m["value"].as_f64().unwrap()))
                        .collect()
                })
                .unwrap_or_default();
            values.sort_by(|a, b| a.0.cmp(&b.0));
            values
        };
        let (from_records, from_csv) = (values(&[]), values(&["--input", csv.to_str().unwrap()]));
        assert_eq!(from_records, from_csv, "{quantity}");
        // Every quantity but the cost (no record here states one) is read.
        assert!(quantity == "cost" || !from_records.is_empty(), "{quantity}");
        seen += from_records.len();
    }
    assert!(seen >= 15, "the quantities were read: {seen}");
}

/// The calibration against Epoch AI's published figures: at least ten, each
/// with its address and date, and each within Epoch's interval (or Epoch's
/// value within flopdb's) or with its difference explained.
#[test]
fn every_published_figure_agrees_or_its_difference_is_explained() {
    let output = flopdb()
        .args(["--root", env!("CARGO_MANIFEST_DIR"), "trends", "--calibration", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let rows: Value = serde_json::from_slice(&output.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert!(rows.len() >= 10, "{}", rows.len());
    for row in rows {
        assert!(row["source"].as_str().unwrap().starts_with("https://epoch.ai/"), "{row}");
        assert!(row["flopdb"].as_f64().is_some(), "computed: {row}");
        let agrees = row["agrees"].as_str().unwrap();
        assert!(agrees == "yes" || !row["note"].as_str().unwrap().is_empty(), "unexplained: {row}");
    }
}

/// A benchmark estimate counts only when asked, and never as a fit's compute.
#[test]
fn benchmark_estimates_count_only_when_asked() {
    let tree = tree_of(&[
        ("a", "2024-03-01", 1e9, 2e25, ""),
        ("b", "2024-06-01", 1e9, 3e25, ""),
        ("d", "2024-12-01", 2e9, 5e25, ""),
    ]);
    std::fs::write(
        tree.path().join("records/models/c.toml"),
        "name = \"c\"\npublished = 2024-09-01\nparameters = 5e8\norganizations = [\"openai\"]\nlinks = [\"https://example.com/c\"]\n\n[compute]\nmethod = \"benchmarks\"\nnotes = \"Training compute estimated to be 3.8e25 FLOP from benchmark scores.\"\nbenchmark_estimate = \"3.8e25 FLOP\"\n",
    )
    .unwrap();
    let root = tree.path().to_str().unwrap();
    let total = |extra: &[&str]| -> u64 {
        let report = trends_json(&[&["--root", root, "--counts", "1e25"][..], extra].concat());
        report["counts"]["years"].as_array().unwrap().last().unwrap()["cumulative"][0].as_u64().unwrap()
    };
    assert_eq!(total(&[]), 3);
    assert_eq!(total(&["--benchmark-estimates"]), 4);
    let report = trends_json(&["--root", root, "--counts", "1e25", "--benchmark-estimates"]);
    let c = report["largest"].as_array().unwrap().iter().find(|m| m["id"] == "c").unwrap().clone();
    assert_eq!(c["compute_method"], "benchmarks", "{c}");
    // Regression (#28): fitting another quantity, a model with only a
    // benchmark estimate passed --min-compute without being asked to count it.
    let fitted = |extra: &[&str]| -> u64 {
        let args =
            [&["--root", root, "--quantity", "parameters", "--min-compute", "1e25"][..], &ONE_FIT, extra].concat();
        trends_json(&args)["eras"][0]["n"].as_u64().unwrap()
    };
    assert_eq!(fitted(&[]), 3);
    assert_eq!(fitted(&["--benchmark-estimates"]), 4);
}

/// The table names the largest model with its figure and how sure it is.
#[test]
fn the_largest_is_named_with_its_figure() {
    let models: Vec<(String, String)> = (0..8).map(|i| (format!("m{i}"), format!("20{:02}-01-01", 10 + i))).collect();
    let rows: Vec<(&str, &str, f64, f64, &str)> = models
        .iter()
        .enumerate()
        .map(|(i, (id, day))| (id.as_str(), day.as_str(), 1e9, 1e20 * 10f64.powi(i as i32), ""))
        .collect();
    let tree = tree_of(&rows);
    let args = [&["--root", tree.path().to_str().unwrap(), "trends"][..], &ONE_FIT].concat();
    let output = flopdb().args(&args).output().unwrap();
    // A figure the record gives without its method is never called stated (#28).
    let said = stdout(&output);
    assert!(said.contains("Largest: m7 (2017-01-01), 1e27") && !said.contains("stated"), "{said}");
}

/// `plot` names the quantity on its y axis.
#[test]
fn the_figure_names_the_quantity_fitted() {
    let models: Vec<(String, String)> = (0..8).map(|i| (format!("m{i}"), format!("20{:02}-01-01", 10 + i))).collect();
    let rows: Vec<(&str, &str, f64, f64, &str)> = models
        .iter()
        .enumerate()
        .map(|(i, (id, day))| (id.as_str(), day.as_str(), 1e9 * (i + 1) as f64, 1e20, ""))
        .collect();
    let tree = tree_of(&rows);
    let out = tree.path().join("figure.svg");
    let args = [
        &["--root", tree.path().to_str().unwrap(), "plot", "--quantity", "parameters", "--out", out.to_str().unwrap()]
            [..],
        &ONE_FIT,
    ]
    .concat();
    let output = flopdb().args(&args).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let svg = std::fs::read_to_string(out).unwrap();
    assert!(svg.contains("Parameters") && !svg.contains("Training compute (FLOP)"));
}
