//! `flopdb import epoch` as a sync, and the column dictionary: every
//! vintage through one mapping, columns in any order and any known
//! spelling, RFC 4180 list cells, dates known to the month or the year, and
//! a second export merged into the records of the first (rows from Epoch
//! AI's exports, CC BY 4.0; tests/fixtures/epoch/README.md credits them).

mod common;

use std::path::{Path, PathBuf};

use common::{fixture, flopdb, stderr};

fn sample(name: &str) -> PathBuf {
    fixture("epoch").join(name)
}

fn import(csv: &Path, repo: &Path) -> std::process::Output {
    flopdb().arg("--root").arg(repo).args(["import", "epoch"]).arg(csv).output().unwrap()
}

fn new_repo() -> tempfile::TempDir {
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir(repo.path().join("records")).unwrap();
    repo
}

fn record(repo: &Path, kind: &str, id: &str) -> String {
    std::fs::read_to_string(repo.join("records").join(kind).join(format!("{id}.toml")))
        .unwrap_or_else(|e| panic!("{kind}/{id}: {e}"))
}

/// Every file under `records/`, with its text.
fn snapshot(repo: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for kind in ["models", "organizations", "hardware"] {
        let Ok(entries) = std::fs::read_dir(repo.join("records").join(kind)) else { continue };
        for entry in entries.flatten() {
            files.push((
                format!("{kind}/{}", entry.file_name().to_string_lossy()),
                std::fs::read_to_string(entry.path()).unwrap(),
            ));
        }
    }
    files.sort();
    files
}

fn data_rows(csv: &Path) -> usize {
    csv::ReaderBuilder::new().flexible(true).from_path(csv).unwrap().records().count()
}

fn model_files(repo: &Path) -> usize {
    std::fs::read_dir(repo.join("records/models")).map_or(0, |d| d.count())
}

#[test]
fn every_vintage_imports_through_the_one_dictionary() {
    for name in [
        "all_ml_systems_2025-08-07.sample.csv",
        "notable_ml_systems_2022-09-01.sample.csv",
        "compute_trends_paper_snapshot_2022-02.sample.csv",
        "all_ai_models_2026-03-30.sample.csv",
        "notable_ai_models_2026-08-19.sample.csv",
    ] {
        let repo = new_repo();
        let output = import(&sample(name), repo.path());
        let text = stderr(&output);
        assert_ne!(output.status.code(), Some(2), "{name}: {text}");
        assert!(!text.contains("E202"), "{name}: {text}");
        assert_eq!(model_files(repo.path()), data_rows(&sample(name)), "{name}: a record per row\n{text}");
        assert!(text.contains("a models export"), "{name}: {text}");
    }
    // The 2026 exports' own columns are fields, not extra.
    let repo = new_repo();
    import(&sample("all_ai_models_2026-03-30.sample.csv"), repo.path());
    let palm = record(repo.path(), "models", "palm-540b");
    assert!(palm.contains("frontier_model = true"), "{palm}");
    assert!(!palm.contains("[extra]"), "{palm}");
    let mini = record(repo.path(), "models", "minimax-m2-1");
    assert!(mini.contains("notability = [\"discretionary\"]") || mini.contains("\"discretionary\""), "{mini}");
}

/// A 2023-style export: the 2025 sample with its columns in reverse order,
/// `Model` spelled `System` and the dataset size spelled `(gradients)`. It
/// gives the same records, byte for byte.
#[test]
fn shuffled_and_renamed_columns_give_the_same_records() {
    let original = sample("all_ml_systems_2025-08-07.sample.csv");
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_path(&original).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let folder = tempfile::tempdir().unwrap();
    // The same file name: the records credit it.
    let shuffled = folder.path().join("all_ml_systems_2025-08-07.sample.csv");
    let mut writer = csv::Writer::from_path(&shuffled).unwrap();
    for (i, row) in rows.iter().enumerate() {
        let mut cells: Vec<String> = row.iter().rev().map(str::to_string).collect();
        if i == 0 {
            for cell in &mut cells {
                match cell.as_str() {
                    "Model" => *cell = "System".to_string(),
                    "Training dataset size (datapoints)" => *cell = "Training dataset size (gradients)".to_string(),
                    _ => {}
                }
            }
        }
        writer.write_record(&cells).unwrap();
    }
    writer.flush().unwrap();
    let (a, b) = (new_repo(), new_repo());
    import(&original, a.path());
    import(&shuffled, b.path());
    let (left, right) = (snapshot(a.path()), snapshot(b.path()));
    assert_eq!(left.len(), right.len());
    for ((name, x), (_, y)) in left.iter().zip(&right) {
        // Cells kept verbatim in `extra` are keyed by the header as written.
        let normalize = |t: &str| t.replace("training_dataset_size_gradients", "training_dataset_size_datapoints");
        assert_eq!(normalize(x), normalize(y), "{name}");
    }
    assert!(record(b.path(), "models", "gpt-3-175b-davinci").contains("size = \"3.74e11 datapoints\""));
}

const HEADER_2025: &str = "Model,Organization,Authors,Publication date,Training dataset,Domain";

#[test]
fn list_cells_are_read_as_rfc_4180_reads_a_record() {
    let folder = tempfile::tempdir().unwrap();
    let csv = folder.path().join("lists.csv");
    let rows = [
        HEADER_2025,
        r#"Quoted Org,"""SambaNova Systems, Inc"",Stanford University","Rumelhart, David E.; Hinton, Geoffrey E.; Williams, Ronald J.",2020-01-01,"""BookCorpus (BooksCorpus, Toronto Book Corpus)"",The Pile",Language"#,
        r#"Nickname,"""NERSC, Lawrence Berkeley National Laboratory""","Johan Bjorck, Linxi ""Jim"" Fan",2020-01-02,,Language"#,
    ];
    std::fs::write(&csv, rows.join("\n") + "\n").unwrap();
    let repo = new_repo();
    let output = import(&csv, repo.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let quoted = record(repo.path(), "models", "quoted-org");
    assert!(quoted.contains("organizations = [\"sambanova-systems-inc\", \"stanford-university\"]"), "{quoted}");
    assert!(quoted.contains("\"BookCorpus (BooksCorpus, Toronto Book Corpus)\", \"The Pile\""), "{quoted}");
    assert!(
        quoted.contains("authors = [\"Rumelhart, David E.\", \"Hinton, Geoffrey E.\", \"Williams, Ronald J.\"]"),
        "{quoted}"
    );
    assert!(
        record(repo.path(), "organizations", "sambanova-systems-inc").contains("name = \"SambaNova Systems, Inc\"")
    );
    let nickname = record(repo.path(), "models", "nickname");
    assert!(nickname.contains("authors = [\"Johan Bjorck\", 'Linxi \"Jim\" Fan']"), "{nickname}");
    assert!(nickname.contains("organizations = [\"nersc-lawrence-berkeley-national-laboratory\"]"), "{nickname}");
    // No organization is a fragment of a name.
    let organizations: Vec<String> =
        snapshot(repo.path()).into_iter().filter(|(n, _)| n.starts_with("organizations/")).map(|(n, _)| n).collect();
    assert_eq!(organizations.len(), 3, "{organizations:?}");
}

#[test]
fn a_date_known_to_the_month_or_the_year_says_so() {
    let folder = tempfile::tempdir().unwrap();
    let csv = folder.path().join("dates.csv");
    std::fs::write(
        &csv,
        "Model,Publication date\nA Year,2019\nA Month,05/2020\nAn ISO Month,2021-03\nA Day,2022-04-05\n",
    )
    .unwrap();
    let repo = new_repo();
    let output = import(&csv, repo.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let year = record(repo.path(), "models", "a-year");
    assert!(year.contains("published = 2019-01-01\npublished_precision = \"year\""), "{year}");
    assert!(year.contains("published = \"2019\""), "the source's own words: {year}");
    let month = record(repo.path(), "models", "a-month");
    assert!(month.contains("published = 2020-05-01\npublished_precision = \"month\""), "{month}");
    assert!(record(repo.path(), "models", "an-iso-month").contains("published_precision = \"month\""));
    assert!(!record(repo.path(), "models", "a-day").contains("published_precision"));
    let output = flopdb().arg("check").arg("--root").arg(repo.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

/// The notable-only export has 47 of the 57 columns: a sync from it keeps
/// the fields it has no column for, takes the values it changed, reports the
/// models it lacks (and keeps them), and a second run changes nothing.
#[test]
fn a_notable_only_export_merges_into_the_records_of_a_full_one() {
    let repo = new_repo();
    import(&sample("all_ai_models_2026-03-30.sample.csv"), repo.path());
    let before = record(repo.path(), "models", "gpt-3-175b-davinci");
    assert!(before.contains("chip_time = \"3.552e6 chip-hours\"") && before.contains("approach = "), "{before}");
    let output = import(&sample("notable_ai_models_2026-08-19.sample.csv"), repo.path());
    let text = stderr(&output);
    assert_ne!(output.status.code(), Some(2), "{text}");
    let after = record(repo.path(), "models", "gpt-3-175b-davinci");
    // No column for these in the notable export: kept.
    assert!(after.contains("chip_time = \"3.552e6 chip-hours\""), "{after}");
    assert!(after.contains("approach = [\"self-supervised\"]"), "{after}");
    // Its own columns: taken.
    assert!(after.contains("citations = 58240"), "{after}");
    assert!(after.contains("dataset = \"Epoch AI, notable_ai_models_2026-08-19.sample.csv (CC BY 4.0)\""), "{after}");
    // Models of the first export that the second lacks: reported, kept.
    assert!(text.contains("warning[W207]") && text.contains("mlp-with-back-propagation"), "{text}");
    assert!(repo.path().join("records/models/mlp-with-back-propagation.toml").exists());
    // New models of the second export are added.
    assert!(repo.path().join("records/models/grok-3.toml").exists(), "{text}");
    assert!(text.contains("sync: 4 new,"), "{text}");
    // Again: not a byte changes.
    let once = snapshot(repo.path());
    let output = import(&sample("notable_ai_models_2026-08-19.sample.csv"), repo.path());
    assert_eq!(snapshot(repo.path()), once, "{}", stderr(&output));
    assert!(stderr(&output).contains(" 0 updated,"), "{}", stderr(&output));
}

#[test]
fn a_truncated_fine_tune_compute_is_an_error_with_the_notes_value() {
    let tree = common::copy_fixture("valid");
    let path = tree.path().join("records/models/truncated.toml");
    std::fs::write(
        &path,
        "name = \"Truncated\"\npublished = 2025-03-01\n\n[finetune]\nvalue = \"1 FLOP\"\nnotes = \"6 FLOP / parameter / token * 27e9 parameters * 67e9 tokens = 1.0854e+22 FLOP\"\n",
    )
    .unwrap();
    let output = flopdb().arg("check").arg("--root").arg(tree.path()).output().unwrap();
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("error[E030]") && text.contains("the notes state 1.0854e22 FLOP"), "{text}");
    assert!(text.contains("truncated.toml:5:9"), "points at the value: {text}");
}

/// Every export of Epoch AI's data folder imports whole: each row a record
/// (or a reported refusal), through the same dictionary. Reads the files
/// themselves (shared/, beside the repository); skipped where it is absent.
#[test]
fn every_epoch_export_in_the_data_folder_imports_whole() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/epoch");
    if !folder.is_dir() {
        eprintln!("skipped: {} is not here", folder.display());
        return;
    }
    use flopdb::epoch::{Target, plan};
    use flopdb::import::TableKind;
    let existing = flopdb::record::RecordSet::default();
    let target = Target { existing: &existing, root: None, all_hardware: true, named_hardware: &[], adopt: false };
    let mut seen = 0;
    for entry in std::fs::read_dir(&folder).unwrap().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "csv") {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let kind = if name.contains("hardware") { TableKind::Hardware } else { TableKind::Models };
        let planned = plan(&path, Path::new(&name), kind, target);
        assert!(planned.read_as.is_some(), "{name}: {:?}", planned.diagnostics.first());
        let refused = planned.diagnostics.iter().filter(|d| d.code == flopdb::diag::Code::ImportRow).count();
        let rows = planned.stats.rows;
        match kind {
            TableKind::Models => {
                let models = planned.files.iter().filter(|f| f.kind == flopdb::record::RecordKind::Model).count();
                let incomplete =
                    planned.diagnostics.iter().filter(|d| d.code == flopdb::diag::Code::IncompleteRow).count();
                assert_eq!(incomplete, planned.sync.refused, "{name}");
                assert_eq!(models + incomplete, rows, "{name}: a record per row read, or a refusal");
                assert_eq!(rows + refused, data_rows(&path), "{name}: every row read or refused");
            }
            TableKind::Hardware => {
                // Unnamed and repeated accelerators are reported, one each.
                let hardware = planned.files.len();
                let reported = planned.diagnostics.len();
                assert!(hardware > 0 && hardware <= rows, "{name}");
                assert!(hardware + reported + refused >= data_rows(&path), "{name}: every row written or reported");
            }
        }
        seen += 1;
    }
    assert_eq!(seen, 7, "the seven exports of the data folder");
}

/// Regression: a new organization whose name slugs to the id of an existing
/// organization with another name (`"Indraprastha ...` written with its
/// quotes by an earlier import) was planned onto that file, and refused (E204).
#[test]
fn a_new_organization_never_takes_an_existing_id() {
    let repo = new_repo();
    let organizations = repo.path().join("records/organizations");
    std::fs::create_dir_all(&organizations).unwrap();
    std::fs::write(organizations.join("acme-labs.toml"), "name = '\"Acme Labs'\n").unwrap();
    let folder = tempfile::tempdir().unwrap();
    let csv = folder.path().join("orgs.csv");
    std::fs::write(&csv, "Model,Organization,Publication date\nWidget,Acme Labs,2020-01-01\n").unwrap();
    let output = import(&csv, repo.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(record(repo.path(), "models", "widget").contains("organizations = [\"acme-labs-2\"]"));
    assert_eq!(record(repo.path(), "organizations", "acme-labs"), "name = '\"Acme Labs'\n");
}

/// A row without a publication date cannot be a record: refused with its
/// line. A record that exists keeps its own date when a later export has none.
#[test]
fn a_row_without_a_date_is_refused_and_an_existing_date_kept() {
    let folder = tempfile::tempdir().unwrap();
    let first = folder.path().join("first.csv");
    std::fs::write(
        &first,
        "Model,Publication date,Parameters,Organization\nDated,2020-01-01,1e9,Kept Labs\nUndated,,2e9,Refused Labs\n",
    )
    .unwrap();
    let repo = new_repo();
    let output = import(&first, repo.path());
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("error[E208]") && text.contains("first.csv:3:1"), "{text}");
    assert!(!repo.path().join("records/models/undated.toml").exists());
    // Regression: the organizations of refused rows were written all the same.
    assert!(repo.path().join("records/organizations/kept-labs.toml").exists());
    assert!(!repo.path().join("records/organizations/refused-labs.toml").exists());
    let later = folder.path().join("later.csv");
    std::fs::write(&later, "Model,Publication date,Parameters\nDated,,3e9\n").unwrap();
    import(&later, repo.path());
    let dated = record(repo.path(), "models", "dated");
    assert!(dated.contains("published = 2020-01-01") && dated.contains("parameters = 3e9"), "{dated}");
}

/// Epoch renames models between exports (`Grok-3` became `Grok 3`): a name
/// that differs only in punctuation and spacing is the same record, when
/// exactly one record has it; Epoch's new name goes to `source.name`.
#[test]
fn a_model_renamed_in_punctuation_is_the_same_record() {
    let folder = tempfile::tempdir().unwrap();
    let first = folder.path().join("first.csv");
    std::fs::write(&first, "Model,Publication date,Parameters\nGrok-3,2025-02-17,1e12\n").unwrap();
    let repo = new_repo();
    import(&first, repo.path());
    let later = folder.path().join("later.csv");
    std::fs::write(&later, "Model,Publication date,Parameters\nGrok 3,2025-02-17,2e12\n").unwrap();
    let output = import(&later, repo.path());
    assert!(stderr(&output).contains("sync: 0 new, 1 updated"), "{}", stderr(&output));
    let grok = record(repo.path(), "models", "grok-3");
    assert!(grok.contains("name = \"Grok-3\"") && grok.contains("parameters = 2e12"), "{grok}");
    assert!(grok.contains("name = \"Grok 3\""), "Epoch's name kept in source.name: {grok}");
    assert_eq!(model_files(repo.path()), 1);
}
