//! The third hostile trial (#29): each defect's repro, run as written, gives
//! a clear error or the right output, with nothing lost and nothing written
//! outside the repository.

mod common;

use std::path::Path;

use common::{commit_all, copy_fixture, flopdb, stderr, stdout};

/// Runs in the tree, as a person would (`--out` and paths are relative to it).
fn run(root: &Path, args: &[&str]) -> std::process::Output {
    flopdb().current_dir(root).args(args).output().unwrap()
}

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A model of the `valid` fixture's organizations and chip, with `extra`
/// lines appended (a `[hardware]` table, a `[data]` table).
fn model(name: &str, extra: &str) -> String {
    format!(
        "#:schema ../../schema/model.schema.json\nname = \"{name}\"\npublished = 2024-01-01\norganizations = [\"openai\"]\nlinks = [\"https://example.com/{}\"]\n{extra}",
        name.len()
    )
}

fn codes(output: &std::process::Output) -> Vec<String> {
    stdout(output)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|d| d["code"].as_str().map(str::to_string))
        .collect()
}

// 1. `site --out` and `build --out` replace only a folder flopdb made.

#[test]
fn site_into_the_records_folder_is_refused_and_deletes_nothing() {
    let tree = copy_fixture("valid");
    std::fs::remove_file(tree.path().join("records/README.md")).ok();
    let before = std::fs::read_dir(tree.path().join("records/models")).unwrap().count();
    for command in ["site", "build"] {
        for out in ["records", "records/models", "records/new", "."] {
            let output = run(tree.path(), &[command, "--out", out]);
            assert!(!output.status.success(), "{command} --out {out}: {}", stderr(&output));
            assert!(stderr(&output).contains("records folder"), "{}", stderr(&output));
        }
    }
    assert_eq!(std::fs::read_dir(tree.path().join("records/models")).unwrap().count(), before);
}

#[test]
fn a_folder_of_a_persons_files_named_like_a_site_is_kept() {
    let tree = copy_fixture("valid");
    write(tree.path(), "p/data/thesis.csv", "x\n");
    write(tree.path(), "p/index.html", "hi\n");
    let output = run(tree.path(), &["site", "--out", "p"]);
    assert!(!output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("not made by flopdb"), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(tree.path().join("p/data/thesis.csv")).unwrap(), "x\n");
    assert_eq!(std::fs::read_to_string(tree.path().join("p/index.html")).unwrap(), "hi\n");
    // A folder flopdb made is replaced, again and again.
    for _ in 0..2 {
        let output = run(tree.path(), &["site", "--out", "site"]);
        assert!(output.status.success(), "{}", stderr(&output));
    }
}

// 2. Every input of an estimate, and the estimate, within a plausible range.

#[test]
fn out_of_range_inputs_and_estimates_are_errors_everywhere() {
    let hardware = |line: &str| format!("\n[hardware]\naccelerator = \"nvidia-v100-sxm2\"\ncount = 1\n{line}\n");
    let cases = [
        ("a", hardware("duration = \"1e200 h\""), vec!["E020", "E030"]),
        ("b", hardware("duration = \"1e30 h\""), vec!["E020", "E030"]),
        ("c", hardware("chip_time = \"1e40 chip-hours\""), vec!["E020", "E030"]),
        (
            "d",
            "\n[hardware]\naccelerator = \"nvidia-v100-sxm2\"\ncount = 100000000000\nduration = \"1 h\"\n".into(),
            vec!["E020"],
        ),
        ("e", hardware("duration = \"1e-300 h\""), vec!["E020", "E030"]),
        ("f", hardware("duration = \"1e306 weeks\""), vec!["E020", "E030"]),
        ("g", "parameters = 1e15\n\n[data]\nsize = \"1e15 tokens\"\nepochs = 1e7\n".into(), vec!["E030"]),
    ];
    for (name, extra, expected) in cases {
        let tree = copy_fixture("valid");
        write(tree.path(), &format!("records/models/{name}.toml"), &model(name, &extra));
        let output = run(tree.path(), &["check", "--format", "json"]);
        assert_eq!(output.status.code(), Some(1), "{name}: {}", stdout(&output));
        let found = codes(&output);
        for code in &expected {
            assert!(found.contains(&code.to_string()), "{name}: {code} in {found:?}");
        }
        // build, site and estimate refuse the record as check does; no `inf` is written.
        for command in [vec!["build"], vec!["site"], vec!["estimate", &format!("records/models/{name}.toml")]] {
            let output = run(tree.path(), &command.iter().map(|s| &**s).collect::<Vec<_>>());
            assert!(!output.status.success(), "{name} {command:?}: {}", stderr(&output));
        }
        assert!(!tree.path().join("dist").exists() && !tree.path().join("site").exists());
    }
}

#[test]
fn a_chip_with_an_impossible_peak_is_refused_by_new_and_by_check() {
    let tree = copy_fixture("valid");
    let output =
        run(tree.path(), &["new", "hardware", "--no-input", "--name", "Z chip", "--peak", "bf16=1e300 TFLOP/s"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("outside the plausible peak"), "{}", stderr(&output));
    assert!(!tree.path().join("records/hardware/z-chip.toml").exists());
    write(
        tree.path(),
        "records/hardware/z-chip.toml",
        "name = \"Z chip\"\n\n[peak]\ntensor_16bit = \"1e300 TFLOP/s\"\n",
    );
    let output = run(tree.path(), &["check", "--format", "json"]);
    assert!(codes(&output).contains(&"E020".to_string()), "{}", stdout(&output));
}

#[test]
fn new_refuses_a_training_time_no_run_takes() {
    let tree = copy_fixture("valid");
    let output = run(
        tree.path(),
        &[
            "new",
            "--no-input",
            "--name",
            "Zed",
            "--published",
            "2025-01-01",
            "--hardware",
            "nvidia-v100-sxm2",
            "--chips",
            "8",
            "--training-time",
            "1e300 days",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("outside the plausible training time"), "{}", stderr(&output));
    assert!(!tree.path().join("records/models/zed.toml").exists());
}

// 3. The output lock follows no link.

#[test]
fn a_committed_link_under_the_locks_name_is_refused() {
    let tree = copy_fixture("valid");
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("planted");
    std::os::unix::fs::symlink(&target, tree.path().join(".dist.lock")).unwrap();
    let output = run(tree.path(), &["build"]);
    assert!(!output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("symbolic link"), "{}", stderr(&output));
    assert!(!target.exists(), "nothing created outside the repository");
}

// 4. Commit dates a provenance column may hold.

#[test]
fn commits_dated_before_git_or_after_today_give_no_dates() {
    let tree = copy_fixture("valid");
    let repo = git2::Repository::init(tree.path()).unwrap();
    // Year 10000 (the repro's @253402300800), then 1970 (@0).
    commit_all(&repo, "far future", 253_402_300_800 / 86_400);
    write(tree.path(), "records/models/resnet-50.toml", &{
        let text = std::fs::read_to_string(tree.path().join("records/models/resnet-50.toml")).unwrap();
        format!("{text}# touched\n")
    });
    commit_all(&repo, "epoch zero", 0);
    let output = run(tree.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let csv = std::fs::read_to_string(tree.path().join("dist/models.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    for row in reader.records() {
        let row = row.unwrap();
        let (created, modified) = (&row[column("created")], &row[column("last_modified")]);
        assert!(created.is_empty() && modified.is_empty(), "{created} {modified}");
    }
    assert!(!csv.contains("+10000"));
    // A commit of today, after them: the dates it gives are its own, and the
    // last change is never before the creation.
    write(tree.path(), "records/models/resnet-50.toml", &{
        let text = std::fs::read_to_string(tree.path().join("records/models/resnet-50.toml")).unwrap();
        format!("{text}# again\n")
    });
    let today = chrono::Utc::now().timestamp() / 86_400;
    commit_all(&repo, "today", today);
    let output = run(tree.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let csv = std::fs::read_to_string(tree.path().join("dist/models.csv")).unwrap();
    let day = chrono::DateTime::from_timestamp(today * 86_400 + 43_200, 0).unwrap().date_naive().to_string();
    assert!(csv.contains(&day), "{csv}");
}

// 6. The characters a name may hold.

#[test]
fn invisible_characters_in_names_are_errors_and_look_alikes_warnings() {
    let tree = copy_fixture("valid");
    write(tree.path(), "records/models/zw.toml", &model("GPT-3 175B\u{200B} (davinci)", ""));
    write(tree.path(), "records/models/cy.toml", &model("ResNet-50 Сlone", ""));
    let output = run(tree.path(), &["check", "--format", "json"]);
    let found = codes(&output);
    assert!(found.contains(&"E032".to_string()), "{found:?}");
    assert!(found.contains(&"W119".to_string()), "{found:?}");
    // Messages name the character by its escape, never print it raw.
    let human = run(tree.path(), &["check"]);
    assert!(stderr(&human).contains("U+200B"), "{}", stderr(&human));
    assert!(!stderr(&human).contains('\u{200B}'), "printed raw: {}", stderr(&human));
}

// 9 and 10. `new`: names without an id, repeated flags.

#[test]
fn new_says_why_a_name_gives_no_id_and_takes_one() {
    let tree = copy_fixture("valid");
    let output = run(tree.path(), &["new", "--no-input", "--name", "!!!", "--published", "2025-01-01"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("no letter or digit"), "{}", stderr(&output));
    let name = "日本語モデル";
    let output = run(tree.path(), &["new", "--no-input", "--name", name, "--published", "2025-01-01"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("--id"), "{}", stderr(&output));
    assert!(!tree.path().join("records/models/unnamed.toml").exists());
    let args = ["new", "--no-input", "--name", name, "--id", "nihongo-model", "--published", "2025-01-01"];
    let output = run(tree.path(), &args);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(tree.path().join("records/models/nihongo-model.toml")).unwrap();
    assert!(text.contains(name));
    let output = run(tree.path(), &["new", "--no-input", "--name", "Other", "--id", "Not An Id"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("is not an id"), "{}", stderr(&output));
}

#[test]
fn a_repeated_flag_is_one_value_or_refused() {
    let tree = copy_fixture("valid");
    let peaks =
        ["new", "hardware", "--no-input", "--name", "Chipz", "--peak", "bf16=1 TFLOP/s", "--peak", "bf16=2 TFLOP/s"];
    let output = run(tree.path(), &peaks);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("given twice"), "{}", stderr(&output));
    let args = ["new", "--no-input", "--name", "Zed", "--published", "2025-01-01"];
    let output = run(tree.path(), &[&args[..], &["--organization", "openai", "--organization", "OpenAI"]].concat());
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(tree.path().join("records/models/zed.toml")).unwrap();
    assert!(text.contains("organizations = [\"openai\"]"), "{text}");
    let check = run(tree.path(), &["check", "records/models/zed.toml", "--format", "json"]);
    assert!(!codes(&check).contains(&"W104".to_string()), "{}", stdout(&check));
}

// 13. `new hardware` in a tree without a hardware folder.

#[test]
fn new_hardware_makes_the_hardware_folder() {
    let tree = copy_fixture("valid");
    std::fs::remove_dir_all(tree.path().join("records/hardware")).unwrap();
    std::fs::remove_file(tree.path().join("records/models/resnet-50.toml")).unwrap();
    let output = run(tree.path(), &["new", "hardware", "--no-input", "--name", "Chipz", "--peak", "bf16=100 TFLOP/s"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(tree.path().join("records/hardware/chipz.toml").is_file());
}

// 5. The Epoch layout guards every text but Epoch's own.

#[test]
fn the_epoch_layout_guards_formulas_from_a_pull_request() {
    let tree = copy_fixture("valid");
    write(tree.path(), "records/models/formula.toml", &model("=cmd|' /C calc'!A0", ""));
    write(tree.path(), "records/models/tuned.toml", &model("Tuned", "base_model = [\"formula\"]\n"));
    let output = run(tree.path(), &["build", "--layout", "epoch"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let csv = std::fs::read_to_string(tree.path().join("dist/models.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let base = header.iter().position(|h| h == "Base model").unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(rows.iter().any(|r| &r[0] == "'=cmd|' /C calc'!A0"), "{csv}");
    assert!(rows.iter().any(|r| &r[base] == "'=cmd|' /C calc'!A0"), "{csv}");
    for row in &rows {
        for cell in row {
            assert!(!cell.starts_with('='), "a formula starts a cell: {cell}");
        }
    }
}

// 8. The site links only to web addresses.

#[test]
fn a_repository_that_is_not_a_web_address_is_refused() {
    let tree = copy_fixture("valid");
    let output = run(tree.path(), &["site", "--repository", "javascript:alert(document.domain)//"]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("not a web address"), "{}", stderr(&output));
    assert!(!tree.path().join("site").exists());
}

// 11. A summary cut to a comment's size keeps its notes.

#[test]
fn the_note_on_records_that_do_not_load_survives_the_cut() {
    let tree = copy_fixture("valid");
    let repo = git2::Repository::init(tree.path()).unwrap();
    for i in 0..600 {
        let name = format!("Model number {i} with a long name for a wide row");
        write(tree.path(), &format!("records/models/m{i}.toml"), &model(&name, "parameters = 1000000\n"));
    }
    commit_all(&repo, "base", 19_000);
    // 300 renames (new id, new name), 300 deletions, one record that does not load.
    for i in 0..600 {
        std::fs::remove_file(tree.path().join(format!("records/models/m{i}.toml"))).unwrap();
    }
    for i in 0..300 {
        let name = format!("Renamed model {i} with a long name for a wide row");
        write(tree.path(), &format!("records/models/r{i}.toml"), &model(&name, "parameters = 2000000\n"));
    }
    write(tree.path(), "records/models/broken.toml", "name = \"Broken\"\npublished = \"not a date\"\n");
    commit_all(&repo, "head", 19_001);
    let head = repo.head().unwrap().peel_to_commit().unwrap().id().to_string();
    let base = repo.head().unwrap().peel_to_commit().unwrap().parent_id(0).unwrap().to_string();
    let output = run(tree.path(), &["diff", &base, &head, "--out", "whole.md"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let summary = stdout(&output);
    assert!(summary.contains("cut here"), "the summary is cut: {} characters", summary.len());
    assert!(summary.contains("do not load"), "{}", &summary[..summary.len().min(2000)]);
    assert!(summary.contains("broken.toml"));
    let whole = std::fs::read_to_string(tree.path().join("whole.md")).unwrap();
    assert!(whole.find("do not load").unwrap() < whole.find("Models added").unwrap(), "the note comes first");
}

// 12. A suggested command is one a shell reads as one.

#[test]
fn the_fetch_suggested_for_an_unknown_reference_is_quoted() {
    let tree = copy_fixture("valid");
    let repo = git2::Repository::init(tree.path()).unwrap();
    commit_all(&repo, "base", 19_000);
    let output = run(tree.path(), &["check", "--changed-since", "master;rm -rf /"]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("git fetch origin 'master;rm -rf /'"), "{}", stderr(&output));
    assert!(!stderr(&output).contains("origin master;rm"), "{}", stderr(&output));
}

// 15. One suggester for every place that suggests a record.

#[test]
fn a_dangling_accelerator_is_offered_its_own_family() {
    let tree = copy_fixture("valid");
    for (id, name) in [("nvidia-a100", "NVIDIA A100"), ("nvidia-h100-sxm5-80gb", "NVIDIA H100 SXM5 80GB")] {
        write(
            tree.path(),
            &format!("records/hardware/{id}.toml"),
            &format!("name = \"{name}\"\n\n[peak]\nfp32 = \"19.5 TFLOP/s\"\n"),
        );
    }
    write(tree.path(), "records/models/h.toml", &model("H", "\n[hardware]\naccelerator = \"nvidia-h100\"\n"));
    let output = run(tree.path(), &["check", "records/models/h.toml"]);
    let said = stderr(&output);
    assert!(said.contains("did you mean `nvidia-h100-sxm5-80gb`?"), "{said}");
    assert!(!said.contains("nvidia-a100"), "{said}");
}

// 4, generalized: any committer dates give provenance dates a reader holds.

mod commit_dates {
    use proptest::prelude::*;

    fn commit(repo: &git2::Repository, root: &std::path::Path, seconds: i64, n: usize) {
        let file = root.join("records/models/resnet-50.toml");
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, format!("{text}# {n}\n")).unwrap();
        let mut index = repo.index().unwrap();
        index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).unwrap();
        index.write().unwrap();
        let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
        let who = git2::Signature::new("t", "t@example.com", &git2::Time::new(seconds, 0)).unwrap();
        let parents: Vec<git2::Commit> = repo.head().ok().and_then(|h| h.peel_to_commit().ok()).into_iter().collect();
        let parents: Vec<&git2::Commit> = parents.iter().collect();
        repo.commit(Some("HEAD"), &who, &who, "c", &tree, &parents).unwrap();
    }

    /// The input the property test found (times git reads back as other
    /// dates): kept as a case of its own.
    #[test]
    fn the_case_the_property_found() {
        let tree = super::copy_fixture("valid");
        let repo = git2::Repository::init(tree.path()).unwrap();
        for (n, seconds) in [61_514_879_744i64, -46_131_808_257, 190_093_700_979].iter().enumerate() {
            commit(&repo, tree.path(), *seconds, n);
        }
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        let flopdb::git::Provenance::Known { dates, .. } = flopdb::git::provenance(tree.path(), today).unwrap() else {
            panic!("a repository with commits")
        };
        for d in dates.values() {
            if let (Some(created), Some(modified)) = (d.created, d.last_modified) {
                assert!(modified >= created, "{created} then {modified}");
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn dates_stay_between_git_and_tomorrow_in_order(times in proptest::collection::vec(-100_000_000_000i64..300_000_000_000, 1..5)) {
            let tree = super::copy_fixture("valid");
            let repo = git2::Repository::init(tree.path()).unwrap();
            for (n, seconds) in times.iter().enumerate() {
                commit(&repo, tree.path(), *seconds, n);
            }
            let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
            let flopdb::git::Provenance::Known { dates, .. } = flopdb::git::provenance(tree.path(), today).unwrap() else {
                panic!("a repository with commits")
            };
            let last = today.succ_opt().unwrap();
            for (path, d) in &dates {
                for day in [d.created, d.last_modified].into_iter().flatten() {
                    prop_assert!((flopdb::git::FIRST_COMMIT_DAY..=last).contains(&day), "{path:?}: {day}");
                }
                if let (Some(created), Some(modified)) = (d.created, d.last_modified) {
                    prop_assert!(modified >= created, "{path:?}: {created} then {modified}");
                }
            }
        }
    }
}
