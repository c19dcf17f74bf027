//! `flopdb build`: determinism, atomicity, provenance, formula safety, the
//! Data Package, and the Epoch layout.

mod common;

use std::path::Path;

use common::{commit_all, copy_fixture, flopdb, stderr};
use git2::Repository;

fn build(root: &Path, extra: &[&str]) -> std::process::Output {
    flopdb().arg("build").arg("--root").arg(root).arg("--out").arg(root.join("dist")).args(extra).output().unwrap()
}

fn read(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header = reader.headers().unwrap().iter().map(str::to_string).collect();
    (header, reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect())
}

fn column<'a>(header: &[String], row: &'a [String], name: &str) -> &'a str {
    let i = header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    &row[i]
}

#[test]
fn two_builds_are_byte_identical() {
    let tree = copy_fixture("valid");
    assert_eq!(build(tree.path(), &[]).status.code(), Some(0));
    let first: Vec<(String, Vec<u8>)> = std::fs::read_dir(tree.path().join("dist"))
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().to_string_lossy().to_string(), std::fs::read(e.path()).unwrap()))
        .collect();
    assert_eq!(first.len(), 13, "CSV, JSON, the package, a Parquet twin of each table, and the output marker");
    assert!(first.iter().any(|(name, _)| name == flopdb::fsio::OUTPUT_MARKER));
    assert_eq!(build(tree.path(), &[]).status.code(), Some(0));
    for (name, bytes) in first {
        assert_eq!(std::fs::read(tree.path().join("dist").join(&name)).unwrap(), bytes, "{name} changed");
    }
}

#[test]
fn a_failing_build_leaves_the_previous_outputs() {
    let tree = copy_fixture("valid");
    assert_eq!(build(tree.path(), &[]).status.code(), Some(0));
    let before = std::fs::read(tree.path().join("dist/models.csv")).unwrap();

    // Records with an error: the build refuses and shows the error.
    let model = tree.path().join("records/models/resnet-50.toml");
    std::fs::write(
        &model,
        std::fs::read_to_string(&model).unwrap().replace("published = 2015-12-10", "published = \"soon\""),
    )
    .unwrap();
    let output = build(tree.path(), &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("error[E017]") && stderr(&output).contains("build refused"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read(tree.path().join("dist/models.csv")).unwrap(), before);

    // A write that fails after every file is complete: nothing is replaced,
    // and nothing is left beside the output folder but its lock.
    std::fs::write(
        &model,
        std::fs::read_to_string(&model).unwrap().replace("published = \"soon\"", "published = 2015-12-11"),
    )
    .unwrap();
    let output = flopdb()
        .args(["build", "--root"])
        .arg(tree.path())
        .env(flopdb::fsio::INTERRUPT_VARIABLE, "models.json")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_eq!(std::fs::read(tree.path().join("dist/models.csv")).unwrap(), before, "models.csv was replaced");
    let leftovers = std::fs::read_dir(tree.path())
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().contains("staging"))
        .count()
        + std::fs::read_dir(tree.path().join("dist"))
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().ends_with(".tmp"))
            .count();
    assert_eq!(leftovers, 0);
}

#[test]
fn provenance_dates_come_from_history() {
    let tree = copy_fixture("valid");
    let resnet = tree.path().join("records/models/resnet-50.toml");
    let resnet_text = std::fs::read_to_string(&resnet).unwrap();
    std::fs::remove_file(&resnet).unwrap();
    std::fs::write(tree.path().join(".gitignore"), "dist/\n").unwrap();
    let repo = Repository::init(tree.path()).unwrap();
    // 2021-01-01 is day 18628 of the Unix epoch.
    commit_all(&repo, "add records", 18_628);
    std::fs::write(&resnet, &resnet_text).unwrap();
    let gpt3 = tree.path().join("records/models/gpt-3-175b.toml");
    std::fs::write(&gpt3, std::fs::read_to_string(&gpt3).unwrap() + "\n# reviewed\n").unwrap();
    commit_all(&repo, "add resnet, touch gpt-3", 18_628 + 31);

    let output = build(tree.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stderr(&output).contains("note:"), "{}", stderr(&output));
    let (header, rows) = read(&tree.path().join("dist/models.csv"));
    let row = |id: &str| rows.iter().find(|r| r[0] == id).unwrap().clone();
    assert_eq!(column(&header, &row("gpt-3-175b"), "created"), "2021-01-01");
    assert_eq!(column(&header, &row("gpt-3-175b"), "last_modified"), "2021-02-01");
    assert_eq!(column(&header, &row("resnet-50"), "created"), "2021-02-01");
    assert_eq!(column(&header, &row("resnet-50"), "last_modified"), "2021-02-01");
    let package: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tree.path().join("dist/datapackage.json")).unwrap()).unwrap();
    let head = repo.head().unwrap().peel_to_commit().unwrap().id().to_string();
    assert_eq!(package["flopdb"]["commit"], head.as_str());
    assert_eq!(package["flopdb"]["uncommitted_changes"], false);

    // A shallow clone: the dates are left empty, and the build says why once.
    let shallow = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("git")
        .args(["clone", "-q", "--depth", "1"])
        .arg(format!("file://{}", tree.path().display()))
        .arg(shallow.path().join("clone"))
        .status();
    if let Ok(status) = status {
        assert!(status.success());
        let clone = shallow.path().join("clone");
        let output = build(&clone, &[]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_eq!(stderr(&output).matches("shallow clone").count(), 1, "{}", stderr(&output));
        let (header, rows) = read(&clone.join("dist/models.csv"));
        assert!(
            rows.iter()
                .all(|r| column(&header, r, "created").is_empty() && column(&header, r, "last_modified").is_empty())
        );
    }
}

#[test]
fn outside_git_the_dates_are_empty_and_said_so() {
    let tree = copy_fixture("valid");
    let output = build(tree.path(), &[]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stderr(&output).matches("not a git repository").count(), 1, "{}", stderr(&output));
    let (header, rows) = read(&tree.path().join("dist/models.csv"));
    assert!(rows.iter().all(|r| column(&header, r, "created").is_empty()));
    assert!(!stderr(&output).contains("resolving compute"), "no progress bar when stderr is not a terminal");
}

#[test]
fn spreadsheet_formulas_are_neutralized() {
    let tree = copy_fixture("valid");
    let model = tree.path().join("records/models/resnet-50.toml");
    let text = std::fs::read_to_string(&model)
        .unwrap()
        .replace("name = \"ResNet-50\"", "name = \"=HYPERLINK(\\\"https://evil.example\\\")\"");
    std::fs::write(&model, text).unwrap();
    assert_eq!(build(tree.path(), &[]).status.code(), Some(0));
    let (header, rows) = read(&tree.path().join("dist/models.csv"));
    let names: Vec<&str> = rows.iter().map(|r| column(&header, r, "name")).collect();
    assert!(names.contains(&"'=HYPERLINK(\"https://evil.example\")"), "{names:?}");
    // JSON holds the text as written.
    let json = std::fs::read_to_string(tree.path().join("dist/models.json")).unwrap();
    assert!(json.contains("\"=HYPERLINK(\\\"https://evil.example\\\")\""));
}

/// Every foreign key names a resource (or itself) that has the field.
fn assert_keys_resolve(package: &serde_json::Value) {
    let resources = package["resources"].as_array().unwrap();
    let has = |resource: &str, field: &str| {
        resources.iter().any(|r| {
            r["name"] == resource && r["schema"]["fields"].as_array().unwrap().iter().any(|f| f["name"] == field)
        })
    };
    for resource in resources {
        for key in resource["schema"]["foreignKeys"].as_array().into_iter().flatten() {
            let target = key["reference"]["resource"].as_str().unwrap();
            let target = if target.is_empty() { resource["name"].as_str().unwrap() } else { target };
            let field = key["reference"]["fields"].as_str().unwrap();
            assert!(has(target, field), "{} -> {target}.{field}", resource["name"]);
            assert!(has(resource["name"].as_str().unwrap(), key["fields"].as_str().unwrap()));
        }
    }
}

#[test]
fn the_data_package_describes_every_csv_exactly() {
    let tree = copy_fixture("valid");
    let output = build(tree.path(), &["--layout", "epoch"]);
    assert_eq!(output.status.code(), Some(0));
    let package: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tree.path().join("dist/datapackage.json")).unwrap()).unwrap();
    assert_keys_resolve(&package);
    assert_eq!(package["resources"].as_array().unwrap().len(), 3, "no link tables without model ids");
    std::fs::remove_dir_all(tree.path().join("dist")).unwrap();
    assert_eq!(build(tree.path(), &[]).status.code(), Some(0));
    let package: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tree.path().join("dist/datapackage.json")).unwrap()).unwrap();
    assert_eq!(package["licenses"][0]["name"], "CC-BY-4.0");
    assert_keys_resolve(&package);
    let resources = package["resources"].as_array().unwrap();
    assert_eq!(resources.len(), 5);
    for resource in resources {
        let path = tree.path().join("dist").join(resource["path"].as_str().unwrap());
        let (header, _) = read(&path);
        let fields: Vec<String> = resource["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(fields, header, "{}", path.display());
    }
    let models = &resources[0]["schema"];
    assert_eq!(models["primaryKey"], serde_json::json!(["id"]));
    let units: Vec<&str> = models["fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["description"].as_str())
        .filter(|d| d.contains("Unit: FLOP."))
        .collect();
    assert!(units.len() >= 5);
    let links = &resources[3]["schema"]["foreignKeys"];
    assert_eq!(links[1]["reference"]["resource"], "organizations");
}

#[test]
fn the_epoch_layout_reads_back_with_epochs_columns_and_the_records_values() {
    let tree = copy_fixture("valid");
    let output = build(tree.path(), &["--layout", "epoch"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let (header, rows) = read(&tree.path().join("dist/models.csv"));
    assert_eq!(header, flopdb::epoch::columns::EXPORT_2025.iter().map(|c| c.name()).collect::<Vec<_>>());
    let gpt3 = rows.iter().find(|r| r[0] == "GPT-3 175B (davinci)").unwrap();
    assert_eq!(column(&header, gpt3, "Publication date"), "2020-05-28");
    assert_eq!(column(&header, gpt3, "Organization"), "OpenAI");
    assert_eq!(column(&header, gpt3, "Parameters").parse::<f64>().unwrap(), 175e9);
    assert_eq!(column(&header, gpt3, "Training compute (FLOP)").parse::<f64>().unwrap(), 3.14e23);
    assert_eq!(column(&header, gpt3, "Training hardware"), "NVIDIA Tesla V100 SXM2");
    assert_eq!(column(&header, gpt3, "Hardware quantity"), "10000.0", "as Epoch writes numbers (Python floats)");
    assert_eq!(column(&header, gpt3, "Training time (hours)"), "355.2");
    assert_eq!(column(&header, gpt3, "Organization categorization"), "Industry");
    // flopdb computes no rank: only Epoch's, kept at an import, is written.
    assert_eq!(column(&header, gpt3, "Compute rank when published"), "");
    // ResNet-50 states no compute (flopdb estimates it): the layout shows none.
    let resnet = rows.iter().find(|r| r[0] == "ResNet-50").unwrap();
    assert_eq!(column(&header, resnet, "Training compute (FLOP)"), "");
}

/// Cells kept as Epoch wrote them (`source.cells`) are written back while
/// flopdb's own writing of the column is what it was at the import, and
/// left out once the record changes: Epoch's rank stands on the compute it
/// ranked, the links' separators on the links.
#[test]
fn kept_cells_are_written_back_until_the_record_changes() {
    let tree = copy_fixture("valid");
    let path = tree.path().join("records/models/gpt-3-175b.toml");
    let original = std::fs::read_to_string(&path).unwrap();
    // The digests of what flopdb writes for the two columns.
    let digest = |text: &str| flopdb::import::digest(&serde_json::Value::String(text.to_string()));
    let kept = format!(
        "{original}\n[source.cells]\n\"Compute rank when published\" = {{ text = \"7\", of = \"{}\" }}\n\
         \"Link\" = {{ text = \"https://arxiv.org/abs/2005.14165\\n\\n\", of = \"{}\" }}\n",
        digest("3.14e23"),
        digest("https://arxiv.org/abs/2005.14165"),
    );
    std::fs::write(&path, &kept).unwrap();
    let output = build(tree.path(), &["--layout", "epoch"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let (header, rows) = read(&tree.path().join("dist/models.csv"));
    let gpt3 = rows.iter().find(|r| r[0] == "GPT-3 175B (davinci)").unwrap();
    assert_eq!(column(&header, gpt3, "Compute rank when published"), "7");
    assert_eq!(column(&header, gpt3, "Link"), "https://arxiv.org/abs/2005.14165\n\n");

    // A corrected compute makes Epoch's rank stale; the links are unchanged.
    std::fs::write(&path, kept.replace("3.14e23 FLOP", "3.2e23 FLOP")).unwrap();
    let output = build(tree.path(), &["--layout", "epoch"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let (header, rows) = read(&tree.path().join("dist/models.csv"));
    let gpt3 = rows.iter().find(|r| r[0] == "GPT-3 175B (davinci)").unwrap();
    assert_eq!(column(&header, gpt3, "Compute rank when published"), "");
    assert_eq!(column(&header, gpt3, "Link"), "https://arxiv.org/abs/2005.14165\n\n");
}

/// The columns that need every model (the Epoch layout's base model name,
/// the link tables) come out right although the build reads each
/// model once, in file order, and sets its row aside: here the fine-tune
/// sorts before its base model by file name and after it by date.
#[test]
fn whole_dataset_columns_see_every_model() {
    let tree = copy_fixture("valid");
    std::fs::write(
        tree.path().join("records/models/a-gpt-3-fine-tune.toml"),
        "name = \"A GPT-3 fine-tune\"\npublished = 2021-01-01\norganizations = [\"openai\"]\n\
         domains = [\"language\"]\nbase_model = \"gpt-3-175b\"\n",
    )
    .unwrap();
    let output = build(tree.path(), &["--layout", "epoch"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let (header, rows) = read(&tree.path().join("dist/models.csv"));
    // Newest first, lines ending in LF, as Epoch's exports are written.
    let names: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(names, ["A GPT-3 fine-tune", "GPT-3 175B (davinci)", "ResNet-50"]);
    let fine_tune = &rows[0];
    assert_eq!(column(&header, fine_tune, "Base model"), "GPT-3 175B (davinci)");
    let bytes = std::fs::read(tree.path().join("dist/models.csv")).unwrap();
    assert!(!bytes.contains(&b'\r') || bytes.windows(2).all(|w| w != b"\r\n"), "LF line ends");

    let output = build(tree.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let (header, rows) = read(&tree.path().join("dist/models.csv"));
    assert_eq!(column(&header, &rows[2], "base_model"), "gpt-3-175b");
    let (_, links) = read(&tree.path().join("dist/model_organizations.csv"));
    let firsts: Vec<&str> = links.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(firsts.last(), Some(&"a-gpt-3-fine-tune"));
}

/// A refused build writes nothing, not even an empty output folder.
#[test]
fn a_refused_build_leaves_no_output_folder() {
    let tree = copy_fixture("mistakes");
    let output = build(tree.path(), &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(!tree.path().join("dist").exists());
}

/// A fine-tune's compute, own and cumulative: with one base and with two
/// (NVLM: a language model and a vision encoder), never mixed; a stated
/// value below the base's is a warning (W113).
#[test]
fn a_fine_tune_reports_its_own_and_its_cumulative_compute() {
    let tree = copy_fixture("valid");
    let write =
        |id: &str, text: &str| std::fs::write(tree.path().join(format!("records/models/{id}.toml")), text).unwrap();
    let head = |name: &str| {
        format!(
            "name = \"{name}\"\npublished = 2021-01-01\nlinks = [\"https://example.org\"]\ndomains = [\"language\"]\n"
        )
    };
    // Fine-tuned from GPT-3 (3.14e23 stated): 6 x 1.75e11 x 1e9 tokens = 1.05e21 of its own.
    write(
        "tuned",
        &format!(
            "{}base_model = \"gpt-3-175b\"\nparameters = 1.75e11\n\n[data]\nsize = \"1e9 tokens\"\n",
            head("Tuned")
        ),
    );
    // Built on GPT-3 and ResNet-50, with a stated fine-tune compute.
    write(
        "two-bases",
        &format!(
            "{}base_model = [\"gpt-3-175b\", \"resnet-50\"]\n\n[finetune]\nvalue = \"1e20 FLOP\"\n",
            head("Two Bases")
        ),
    );
    // A stated whole below its base's: the fine-tune alone.
    write("below", &format!("{}base_model = \"gpt-3-175b\"\n\n[compute]\nvalue = \"1e21 FLOP\"\n", head("Below")));
    let output = build(tree.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("(0 errors, 1 warning)"), "{}", stderr(&output));
    let (header, rows) = read(&tree.path().join("dist/models.csv"));
    let row = |id: &str| rows.iter().find(|r| r[0] == id).unwrap_or_else(|| panic!("no row {id}"));
    let get = |id: &str, name: &str| column(&header, row(id), name).to_string();
    let resnet = get("resnet-50", "training_compute_flop").parse::<f64>().unwrap();

    assert_eq!(get("tuned", "own_compute_flop"), "1.05e21");
    assert_eq!(get("tuned", "base_compute_flop"), "3.14e23");
    assert_eq!(get("tuned", "training_compute_flop"), "3.1505e23");
    assert_eq!(get("tuned", "training_compute_method"), "lineage");
    assert_eq!(get("tuned", "training_compute_includes_base"), "true");

    assert_eq!(get("two-bases", "own_compute_flop"), "1e20");
    let bases = get("two-bases", "base_compute_flop").parse::<f64>().unwrap();
    assert!((bases / (3.14e23 + resnet) - 1.0).abs() < 1e-9, "{bases}");
    assert_eq!(get("two-bases", "base_model"), "gpt-3-175b; resnet-50");

    assert_eq!(get("below", "training_compute_flop"), "1e21", "stated, as stated");
    assert_eq!(get("gpt-3-175b", "training_compute_includes_base"), "false");

    let check = flopdb().args(["check", "--root"]).arg(tree.path()).output().unwrap();
    let text = stderr(&check);
    assert!(text.contains("warning[W113]") && text.contains("below.toml"), "{text}");
    assert!(!text.contains("tuned.toml"), "a fine-tune compared with its own estimate alone: {text}");
}

/// Every figure with sparsity a record can hold reaches `hardware.csv`
/// (the B200's and GB200's FP4 figures had no column and were dropped); a
/// figure "with sparsity" for a format without tensor cores is refused.
#[test]
fn every_sparse_figure_has_its_column_and_non_tensor_ones_are_refused() {
    let tree = copy_fixture("valid");
    let chip = tree.path().join("records/hardware/chip-x.toml");
    let sparse = "[sparse_peak]\ntf32 = \"2 PFLOP/s\"\ntensor_16bit = \"4 PFLOP/s\"\nfp8 = \"8 PFLOP/s\"\nint8 = \"8 PFLOP/s\"\nfp4 = \"16 PFLOP/s\"\n";
    let dense = "[peak]\ntf32 = \"1 PFLOP/s\"\ntensor_16bit = \"2 PFLOP/s\"\nfp8 = \"4 PFLOP/s\"\nint8 = \"4 PFLOP/s\"\nfp4 = \"8 PFLOP/s\"\n";
    std::fs::write(&chip, format!("name = \"Chip X\"\n\n{dense}\n{sparse}")).unwrap();
    assert_eq!(build(tree.path(), &[]).status.code(), Some(0), "{}", stderr(&build(tree.path(), &[])));
    let (header, rows) = read(&tree.path().join("dist/hardware.csv"));
    let row = rows.iter().find(|r| r[0] == "chip-x").unwrap();
    for (format, value) in [("tf32", "2"), ("tensor_16bit", "4"), ("fp8", "8"), ("int8", "8"), ("fp4", "16")] {
        let name =
            if format == "int8" { "sparse_peak_int8_op_s".to_string() } else { format!("sparse_peak_{format}_flop_s") };
        assert_eq!(column(&header, row, &name).parse::<f64>().unwrap(), value.parse::<f64>().unwrap() * 1e15, "{name}");
    }
    std::fs::write(&chip, "name = \"Chip X\"\n\n[peak]\nfp64 = \"1 TFLOP/s\"\n\n[sparse_peak]\nfp64 = \"2 TFLOP/s\"\n")
        .unwrap();
    let output = flopdb().arg("check").arg("--root").arg(tree.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("unknown key `fp64` in `sparse_peak`"), "{}", stderr(&output));
}
