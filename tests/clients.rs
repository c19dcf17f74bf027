//! The dataset as analysts read it: both layouts built from the shipped
//! records, read by pandas, polars, DuckDB and pyarrow
//! (`scripts/read_with_clients.py`: every column's type against the Data
//! Package, every Parquet value against the CSV's) and validated by
//! Frictionless. The Python packages are installed by `.ci/run` from the
//! package registry; elsewhere, without them, these tests say so and pass,
//! but under CI they must run.

mod common;

use std::path::Path;
use std::process::Command;

use common::{commit_all, copy_fixture, flopdb, stderr};

fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Whether the clients are installed; under CI their absence is a failure.
fn clients() -> bool {
    let found = Command::new("python3")
        .args(["-c", "import pandas, polars, duckdb, pyarrow, frictionless"])
        .output()
        .is_ok_and(|o| o.status.success());
    common::tool_present(found, "pandas, polars, duckdb, pyarrow and frictionless", "python3 -m pip install")
}

fn built(layout: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let output = flopdb()
        .args(["build", "--layout", layout, "--root"])
        .arg(repository())
        .arg("--out")
        .arg(out.path().join("dist"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    out
}

fn read_with_clients(dist: &Path) {
    let output =
        Command::new("python3").arg(repository().join("scripts/read_with_clients.py")).arg(dist).output().unwrap();
    let said = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "{said}");
    assert!(said.contains(" 0 mismatches"), "{said}");
}

fn frictionless_validates(dist: &Path) {
    let output = Command::new("python3")
        .args(["-m", "frictionless", "validate", "datapackage.json"])
        .current_dir(dist)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{said}{}", String::from_utf8_lossy(&output.stderr));
    assert!(!said.contains("INVALID"), "{said}");
}

#[test]
fn the_flopdb_layout_and_its_parquet_read_with_the_right_types_in_every_client() {
    if !clients() {
        return;
    }
    let out = built("flopdb");
    let dist = out.path().join("dist");
    assert!(dist.join("models.parquet").is_file());
    read_with_clients(&dist);
    frictionless_validates(&dist);
}

#[test]
fn the_epoch_layout_reads_with_the_right_types_in_every_client() {
    if !clients() {
        return;
    }
    let out = built("epoch");
    let dist = out.path().join("dist");
    // A CSV drop-in for Epoch's file: no Parquet twin of its models table.
    assert!(!dist.join("models.parquet").exists());
    read_with_clients(&dist);
    frictionless_validates(&dist);
}

/// A model of the `valid` fixture's tree with the given lines.
fn write_model(root: &Path, id: &str, name: &str, published: &str, lines: &str) {
    let text = format!(
        "#:schema ../../schema/model.schema.json\nname = {name:?}\npublished = {published}\norganizations = [\"openai\"]\nlinks = [\"https://example.com/{id}\"]\n{lines}"
    );
    std::fs::write(root.join(format!("records/models/{id}.toml")), text).unwrap();
}

/// Regression (#29.2, #29.4): a tree of the most extreme values the rules
/// allow (each input at an end of its plausible range, the estimates they
/// give, names in every script, the first and last dates, a commit of
/// git's first day) builds to files every client reads and Frictionless
/// validates: no `inf`, no `NaN`, no year past 9999.
#[test]
fn the_most_extreme_values_the_rules_allow_read_cleanly_in_every_client() {
    if !clients() {
        return;
    }
    let tree = copy_fixture("valid");
    let root = tree.path();
    std::fs::write(
        root.join("records/hardware/fastest.toml"),
        "name = \"Fastest\"\n\n[peak]\nfp32 = \"1e18 FLOP/s\"\ntensor_16bit = \"1e18 FLOP/s\"\n\n[sparse_peak]\ntensor_16bit = \"1e18 FLOP/s\"\n",
    )
    .unwrap();
    std::fs::write(root.join("records/hardware/slowest.toml"), "name = \"Slowest\"\n\n[peak]\nfp32 = \"1e3 FLOP/s\"\n")
        .unwrap();
    let last_day = (flopdb::check::today() + chrono::Days::new(90)).to_string();
    write_model(
        root,
        "largest",
        "最大モデル Большая",
        &last_day,
        "parameters = 1e15\n\n[compute]\nvalue = \"1e32 FLOP\"\n",
    );
    write_model(root, "smallest", "Smallest", "1940-01-01", "parameters = 1\n\n[compute]\nvalue = \"1 FLOP\"\n");
    write_model(
        root,
        "widest",
        "Widest",
        "2020-01-01",
        "\n[hardware]\naccelerator = \"fastest\"\ncount = 10000000\nduration = \"1 s\"\npower_draw = \"10 GW\"\nutilization = \"100%\"\n",
    );
    write_model(
        root,
        "longest",
        "Longest",
        "2020-01-02",
        "\n[hardware]\naccelerator = \"slowest\"\ncount = 1\nduration = \"87660 h\"\nchip_time = \"87660 chip-hours\"\npower_draw = \"1 W\"\n",
    );
    write_model(
        root,
        "chip-years",
        "Chip years",
        "2020-01-03",
        "\n[hardware]\naccelerator = \"slowest\"\nchip_time = \"1e12 chip-hours\"\n",
    );
    write_model(
        root,
        "counted",
        "Counted",
        "2020-01-04",
        "parameters = 1e15\nactive_parameters = 1\n\n[data]\nsize = \"1e15 tokens\"\nepochs = 1e-6\n",
    );
    let repo = git2::Repository::init(root).unwrap();
    // 2005-04-07, git's first day: the first commit date a column may hold.
    commit_all(&repo, "first day", 12_880);
    let check = flopdb().arg("--root").arg(root).args(["check", "--format", "json"]).output().unwrap();
    assert_eq!(
        check.status.code(),
        Some(0),
        "every value is within its range: {}",
        String::from_utf8_lossy(&check.stdout)
    );
    let out = tempfile::tempdir().unwrap();
    let dist = out.path().join("dist");
    let output = flopdb().arg("--root").arg(root).arg("build").arg("--out").arg(&dist).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    for file in ["models.csv", "models.json", "hardware.csv"] {
        let text = std::fs::read_to_string(dist.join(file)).unwrap().to_lowercase();
        for word in ["inf", "nan", "null,\"method\": \"geometric"] {
            assert!(!text.split(|c: char| !c.is_alphanumeric()).any(|w| w == word), "{file} holds {word}");
        }
    }
    assert!(std::fs::read_to_string(dist.join("models.csv")).unwrap().contains("2005-04-07"));
    read_with_clients(&dist);
    frictionless_validates(&dist);
    let site = flopdb().arg("--root").arg(root).arg("site").arg("--out").arg(out.path().join("site")).output().unwrap();
    assert!(site.status.success(), "{}", stderr(&site));
}
