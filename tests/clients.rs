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

use common::{flopdb, stderr};

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
