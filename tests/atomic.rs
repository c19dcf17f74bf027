//! Nothing lost: every command that replaces a file, interrupted at the
//! worst moment (the new contents complete, the rename not yet done, made
//! to fail through the debug-build hook `FLOPDB_TEST_INTERRUPT_WRITE`),
//! leaves the old file as it was and no temporary file behind. And an
//! import never replaces a record whose comments or keys it would drop.

mod common;

use std::path::Path;

use common::{copy_fixture, fixture, flopdb, stderr};
use flopdb::fsio::INTERRUPT_VARIABLE;

/// Every file under `root` with its bytes, temporary files included.
fn snapshot(root: &Path) -> Snapshot {
    Snapshot(files(root))
}

/// Compared whole; shown by file name and size, not byte by byte.
#[derive(PartialEq)]
struct Snapshot(Vec<(String, Vec<u8>)>);

impl std::fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.0.iter().map(|(name, bytes)| format!("{name} ({} bytes)", bytes.len()))).finish()
    }
}

fn files(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push((path.strip_prefix(root).unwrap().display().to_string(), std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

fn interrupted(root: &Path, which: &str, args: &[&str]) -> std::process::Output {
    flopdb().arg("--root").arg(root).args(args).env(INTERRUPT_VARIABLE, which).output().unwrap()
}

#[test]
fn fmt_interrupted_keeps_the_record() {
    let tree = copy_fixture("valid");
    let file = tree.path().join("records/models/gpt-3-175b.toml");
    std::fs::write(&file, "parameters = 175e9 # a comment\nname = \"GPT-3\"\npublished = 2020-05-28\n").unwrap();
    let before = snapshot(tree.path());
    let output = interrupted(tree.path(), "gpt-3-175b.toml", &["fmt", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("interrupted on purpose"), "{}", stderr(&output));
    assert_eq!(snapshot(tree.path()), before, "the record and its folder are as they were");
}

#[test]
fn build_interrupted_keeps_the_previous_dataset() {
    let tree = copy_fixture("valid");
    let out = tree.path().join("dist");
    let build = |env: Option<&str>| {
        let mut command = flopdb();
        command.arg("--root").arg(tree.path()).arg("build").arg("--out").arg(&out);
        if let Some(which) = env {
            command.env(INTERRUPT_VARIABLE, which);
        }
        command.output().unwrap()
    };
    assert_eq!(build(None).status.code(), Some(0));
    let before = snapshot(&out);
    let resnet = tree.path().join("records/models/resnet-50.toml");
    let text = std::fs::read_to_string(&resnet).unwrap();
    std::fs::write(&resnet, text.replace("epochs = 120", "epochs = 90")).unwrap();
    for which in ["models.csv", "datapackage.json", "*"] {
        let output = build(Some(which));
        assert_ne!(output.status.code(), Some(0), "{which}");
        assert_eq!(snapshot(&out), before, "interrupted at {which}: the previous dataset, whole");
    }
    assert_eq!(build(None).status.code(), Some(0));
    assert_ne!(snapshot(&out), before, "and a build that is not interrupted does replace it");
}

#[test]
fn import_sync_interrupted_keeps_the_records() {
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir(repo.path().join("records")).unwrap();
    let csv = fixture("epoch/all_ml_systems_2025-08-07.sample.csv");
    let import = |env: Option<&str>| {
        let mut command = flopdb();
        command.arg("--root").arg(repo.path()).args(["import", "epoch"]).arg(&csv);
        if let Some(which) = env {
            command.env(INTERRUPT_VARIABLE, which);
        }
        command.output().unwrap()
    };
    // (Exit 1: the sample's truncated fine-tune values are refused, E205.)
    assert_eq!(import(None).status.code(), Some(1));
    let gpt3 = repo.path().join("records/models/gpt-3-175b-davinci.toml");
    // A record imported before digests were kept: the sync takes it as the
    // import wrote it, so it will write the export's citations back.
    let original = std::fs::read_to_string(&gpt3).unwrap();
    let without_digests: String =
        original.lines().filter(|l| !l.starts_with("synced = ")).map(|l| format!("{l}\n")).collect();
    let edited = without_digests.replace("citations = 32643", "citations = 1");
    assert_ne!(edited, without_digests);
    std::fs::write(&gpt3, &edited).unwrap();
    let before = snapshot(repo.path());
    let output = import(Some("*"));
    assert_ne!(output.status.code(), Some(0));
    assert_eq!(snapshot(repo.path()), before, "every record as it was: {}", stderr(&output));
    // Not interrupted, the sync writes the export's value.
    let output = import(None);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(std::fs::read_to_string(&gpt3).unwrap().contains("citations = 32643"));
}

#[test]
fn import_sync_keeps_comments_keys_and_edits_by_hand() {
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir(repo.path().join("records")).unwrap();
    let csv = fixture("epoch/all_ml_systems_2025-08-07.sample.csv");
    let import = || flopdb().arg("--root").arg(repo.path()).args(["import", "epoch"]).arg(&csv).output().unwrap();
    assert_eq!(import().status.code(), Some(1), "the sample's truncated fine-tune values are refused");
    let gpt3 = repo.path().join("records/models/gpt-3-175b-davinci.toml");
    let original = std::fs::read_to_string(&gpt3).unwrap();
    let edited = original
        .replacen("\nname = ", "\n# checked against the paper, 2026-11-29\nname = ", 1)
        .replace("\n[data]\n", "\nnotes = \"added by hand\"\n\n[data]\n")
        .replace("citations = 32643", "citations = 40000");
    assert_ne!(edited, original);
    std::fs::write(&gpt3, &edited).unwrap();
    let output = import();
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("warning[W206]") && text.contains("`citations` of gpt-3-175b-davinci"), "{text}");
    assert!(text.contains("1 conflicts"), "{text}");
    let after = std::fs::read_to_string(&gpt3).unwrap();
    assert!(after.contains("# checked against the paper, 2026-11-29"), "{after}");
    assert!(after.contains("notes = \"added by hand\""), "{after}");
    assert!(after.contains("citations = 40000"), "{after}");
    // Again: nothing changes, not a byte.
    let before = snapshot(repo.path());
    import();
    assert_eq!(snapshot(repo.path()), before);
}

#[test]
fn new_interrupted_leaves_no_file() {
    let tree = copy_fixture("valid");
    let before = snapshot(tree.path());
    let output = interrupted(tree.path(), "*", &["new", "--name", "Brand New", "--published", "2024-01-01"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(snapshot(tree.path()), before, "no record, no temporary file");
}

#[test]
fn schema_and_plot_interrupted_keep_their_files() {
    let tree = copy_fixture("valid");
    std::fs::create_dir(tree.path().join("schema")).unwrap();
    std::fs::write(tree.path().join("schema/model.schema.json"), "old").unwrap();
    let before = snapshot(tree.path());
    let output = interrupted(tree.path(), "model.schema.json", &["schema"]);
    assert_ne!(output.status.code(), Some(0));
    assert_eq!(std::fs::read(tree.path().join("schema/model.schema.json")).unwrap(), b"old");
    let figure = tree.path().join("figure.svg");
    std::fs::write(&figure, "old figure").unwrap();
    let paper = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src/trends/paper/compute_trends_paper_snapshot_2022-02.csv");
    let output = flopdb()
        .args(["plot", "--bootstrap", "5", "--input"])
        .arg(&paper)
        .arg("--out")
        .arg(&figure)
        .env(INTERRUPT_VARIABLE, "figure.svg")
        .output()
        .unwrap();
    assert_ne!(output.status.code(), Some(0));
    assert_eq!(std::fs::read(&figure).unwrap(), b"old figure");
    let after: Vec<_> = files(tree.path())
        .into_iter()
        .filter(|(name, _)| !name.starts_with("schema/") && name != "figure.svg")
        .collect();
    let before: Vec<_> = before.0.into_iter().filter(|(name, _)| !name.starts_with("schema/")).collect();
    assert!(after == before, "nothing else changed");
    assert!(
        !std::fs::read_dir(tree.path().join("schema")).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".tmp"))
    );
}
