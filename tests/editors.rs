//! What an editor sees: Taplo (the TOML language server of most editors)
//! validates records through their `#:schema` line, with flopdb's JSON
//! Schema alone, and formats them as `flopdb fmt` does (`.taplo.toml`).
//! Taplo is installed by `.ci/run` (`pip install taplo`); without it these
//! tests say so and pass.

mod common;

use std::path::Path;
use std::process::Command;

fn taplo() -> Option<Command> {
    let found = Command::new("taplo").arg("--version").output().is_ok_and(|o| o.status.success());
    common::tool_present(found, "Taplo", "python3 -m pip install taplo==0.9.3").then(|| Command::new("taplo"))
}

fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A wrong unit and a negative parameter count are refused by the schema
/// alone, where flopdb is not running; every shipped record passes.
#[test]
fn taplo_validates_records_with_the_schema_alone() {
    let Some(mut taplo) = taplo() else { return };
    let shipped = taplo.current_dir(repository()).args(["check", "records/models/gpt-3-175b.toml"]).output().unwrap();
    assert!(shipped.status.success(), "{}", String::from_utf8_lossy(&shipped.stderr));

    let folder = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(folder.path().join("records/models")).unwrap();
    std::fs::create_dir_all(folder.path().join("schema")).unwrap();
    for file in ["model.schema.json", "organization.schema.json", "hardware.schema.json"] {
        std::fs::copy(repository().join("schema").join(file), folder.path().join("schema").join(file)).unwrap();
    }
    let record = folder.path().join("records/models/bad.toml");
    for (line, expected) in [
        ("parameters = -5", "-5 is less than or equal to the minimum of 0"),
        ("parameters = 7e9\n\n[compute]\nvalue = \"3.14e23 parsecs\"", "does not match"),
        ("parameters = 7e9\n\n[hardware]\nduration = \"2.1e6 chip-hours\"", "does not match"),
        ("parameters = 7e9\n\n[hardware]\nchips = 2048", "chips"),
    ] {
        let text = format!(
            "#:schema ../../schema/model.schema.json\nname = \"Bad\"\npublished = 2025-02-20\norganizations = [\"x\"]\n{line}\n"
        );
        std::fs::write(&record, text).unwrap();
        let output = Command::new("taplo")
            .current_dir(folder.path())
            .args(["check", "records/models/bad.toml"])
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{line}: taplo accepted it\n{said}");
        assert!(said.contains(expected), "{line}: {said}");
        // One message for one key: no `anyOf` branches repeated.
        assert!(!said.contains("anyOf"), "{line}: {said}");
    }
}

/// Every shipped record: valid for Taplo, formatted for Taplo (with
/// `.taplo.toml`) and for flopdb.
#[test]
fn taplo_and_flopdb_agree_on_every_shipped_record() {
    let Some(mut taplo) = taplo() else { return };
    let checked = taplo.current_dir(repository()).args(["check"]).output().unwrap();
    assert!(checked.status.success(), "{}", String::from_utf8_lossy(&checked.stderr));
    let formatted = Command::new("taplo").current_dir(repository()).args(["fmt", "--check"]).output().unwrap();
    assert!(formatted.status.success(), "taplo would reformat: {}", String::from_utf8_lossy(&formatted.stderr));
    let ours = common::flopdb().current_dir(repository()).args(["fmt", "--check"]).output().unwrap();
    assert!(ours.status.success(), "{}", String::from_utf8_lossy(&ours.stdout));

    // And a file flopdb formats is one Taplo leaves as it is.
    let folder = tempfile::tempdir().unwrap();
    std::fs::copy(repository().join(".taplo.toml"), folder.path().join(".taplo.toml")).unwrap();
    std::fs::create_dir_all(folder.path().join("records/models")).unwrap();
    let record = folder.path().join("records/models/m.toml");
    std::fs::write(
        &record,
        "name   = \"M\"\nlinks=[ \"https://a\",\"https://b\" ]\npublished = 2024-01-01\n\n\n[data]\nsize=\"1e9 tokens\"  # a comment\n",
    )
    .unwrap();
    let fmt = common::flopdb().current_dir(folder.path()).args(["fmt", "records/models/m.toml"]).output().unwrap();
    assert!(fmt.status.success(), "{}", String::from_utf8_lossy(&fmt.stderr));
    let after = Command::new("taplo").current_dir(folder.path()).args(["fmt", "--check"]).output().unwrap();
    assert!(
        after.status.success(),
        "{}\n{}",
        std::fs::read_to_string(&record).unwrap(),
        String::from_utf8_lossy(&after.stderr)
    );
}
