//! `flopdb check` run as a user runs it, on fixture trees.

mod common;

use common::{copy_fixture, fixture, flopdb, stderr, stdout};

#[test]
fn valid_records_of_every_kind_pass_with_no_warning() {
    let output = flopdb().args(["check", "--deny", "warnings", "--root"]).arg(fixture("valid")).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "checked 5 records: 0 errors, 0 warnings\n");
}

/// Every deliberate mistake, as (code, file, line, column).
const EXPECTED: &[(&str, &str, Option<usize>, Option<usize>)] = &[
    ("W007", "records/datasets", None, None),
    ("E010", "records/hardware/bad-peak.toml", Some(2), Some(12)),
    ("E006", "records/models/Bad Name.toml", None, None),
    ("E025", "records/models/bad-dates.toml", Some(2), Some(13)),
    ("E016", "records/models/bad-id-ref.toml", Some(3), Some(18)),
    ("E015", "records/models/bad-numbers.toml", Some(5), Some(9)),
    ("E015", "records/models/bad-numbers.toml", Some(6), Some(9)),
    ("E015", "records/models/bad-numbers.toml", Some(7), Some(9)),
    ("E015", "records/models/bad-numbers.toml", Some(10), Some(12)),
    ("E014", "records/models/bad-terms.toml", Some(3), Some(12)),
    ("E014", "records/models/bad-terms.toml", Some(4), Some(14)),
    ("E014", "records/models/bad-terms.toml", Some(5), Some(15)),
    ("E014", "records/models/bad-terms.toml", Some(8), Some(10)),
    ("E015", "records/models/bad-units.toml", Some(5), Some(9)),
    ("E015", "records/models/bad-units.toml", Some(10), Some(12)),
    ("E015", "records/models/bad-units.toml", Some(11), Some(15)),
    ("E022", "records/models/dangling.toml", Some(3), Some(18)),
    ("E022", "records/models/dangling.toml", Some(3), Some(27)),
    ("E022", "records/models/dangling.toml", Some(4), Some(14)),
    ("E022", "records/models/dangling.toml", Some(7), Some(15)),
    ("E017", "records/models/datetime.toml", Some(2), Some(13)),
    ("W101", "records/models/disagrees.toml", Some(10), Some(9)),
    ("E023", "records/models/duplicate-a.toml", Some(1), Some(8)),
    ("E023", "records/models/duplicate-b.toml", Some(1), Some(8)),
    ("W102", "records/models/estimates-disagree.toml", Some(9), Some(1)),
    ("E025", "records/models/future-date.toml", Some(2), Some(13)),
    ("W106", "records/models/http-link.toml", Some(3), Some(10)),
    ("E026", "records/models/infinite.toml", Some(3), Some(21)),
    ("E013", "records/models/missing-published.toml", Some(1), Some(1)),
    ("E026", "records/models/nan-value.toml", Some(3), Some(14)),
    ("W105", "records/models/no-peak.toml", Some(5), Some(15)),
    ("E015", "records/models/no-unit.toml", Some(5), Some(8)),
    ("W007", "records/models/notes.txt", None, None),
    ("E020", "records/models/out-of-range.toml", Some(3), Some(14)),
    ("E020", "records/models/out-of-range.toml", Some(6), Some(9)),
    ("E024", "records/models/out-of-range.toml", Some(7), Some(9)),
    ("W103", "records/models/out-of-range.toml", Some(8), Some(9)),
    ("E020", "records/models/out-of-range.toml", Some(11), Some(9)),
    ("E010", "records/models/syntax-error.toml", Some(1), Some(21)),
    ("E012", "records/models/unknown-keys.toml", Some(3), Some(1)),
    ("E012", "records/models/unknown-keys.toml", Some(6), Some(1)),
    ("E011", "records/models/wrong-types.toml", Some(3), Some(11)),
    ("E011", "records/models/wrong-types.toml", Some(4), Some(14)),
    ("E020", "records/models/wrong-types.toml", Some(5), Some(13)),
    // No model of the tree names OpenAI (the records that would are broken).
    ("W118", "records/organizations/openai.toml", Some(2), Some(8)),
    ("E012", "records/organizations/wrong-kind.toml", Some(2), Some(1)),
    ("E014", "records/organizations/wrong-kind.toml", Some(3), Some(18)),
];

#[test]
fn every_mistake_is_reported_at_its_place_in_one_run() {
    let output = flopdb().args(["check", "--format", "json", "--root"]).arg(fixture("mistakes")).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let found: Vec<(String, String, Option<usize>, Option<usize>)> = stdout(&output)
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            (
                v["code"].as_str().unwrap().to_string(),
                v["file"].as_str().unwrap().to_string(),
                v["line"].as_u64().map(|n| n as usize),
                v["column"].as_u64().map(|n| n as usize),
            )
        })
        // W109 (no link) is on most of these made-up records; its own test holds it.
        .filter(|(code, ..)| code != "W109")
        .collect();
    let expected: Vec<_> = EXPECTED.iter().map(|(c, f, l, col)| (c.to_string(), f.to_string(), *l, *col)).collect();
    assert_eq!(found, expected);
    let kinds: std::collections::BTreeSet<_> = EXPECTED.iter().map(|e| e.0).collect();
    assert!(kinds.len() >= 20, "only {} kinds of mistake", kinds.len());
}

#[test]
fn human_output_matches_the_snapshot() {
    let output = flopdb().args(["check", "--root"]).arg(fixture("mistakes")).output().unwrap();
    insta::assert_snapshot!("check_mistakes_human", stderr(&output));
}

#[test]
fn github_annotations_match_the_snapshot() {
    let output = flopdb().args(["check", "--format", "github", "--root"]).arg(fixture("mistakes")).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!("check_mistakes_github", stdout(&output));
}

#[test]
fn finds_the_root_from_a_subfolder_of_a_plain_folder() {
    let tree = copy_fixture("valid");
    let output = flopdb().arg("check").current_dir(tree.path().join("records/models")).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn checks_only_the_named_files() {
    let root = fixture("mistakes");
    let output = flopdb()
        .args(["check", "--format", "json", "--root"])
        .arg(&root)
        .arg(root.join("records/models/unknown-keys.toml"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.lines().all(|l| l.contains("unknown-keys.toml")));
}

#[test]
fn warnings_fail_only_when_denied() {
    let tree = copy_fixture("valid");
    let model = tree.path().join("records/models/gpt-3-175b.toml");
    let text = std::fs::read_to_string(&model).unwrap().replace("3.14e23 FLOP", "3.14e25 FLOP");
    std::fs::write(&model, text).unwrap();
    let output = flopdb().arg("check").arg("--root").arg(tree.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(stderr(&output).contains("warning[W101]"), "{}", stderr(&output));
    let output = flopdb().args(["check", "--deny", "warnings", "--root"]).arg(tree.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn an_empty_or_missing_records_folder_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("records/models")).unwrap();
    let output = flopdb().arg("check").arg("--root").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("error[E005]"), "{}", stderr(&output));

    let plain = tempfile::tempdir().unwrap();
    let output = flopdb().arg("check").current_dir(plain.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no `records/` folder"), "{}", stderr(&output));
}

#[test]
fn a_records_file_instead_of_a_folder_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("records"), "not a folder").unwrap();
    let output = flopdb().arg("check").arg("--root").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("`records` is a file, not a folder"));
}

#[cfg(unix)]
#[test]
fn unreadable_inputs_are_reported_not_panicked_on() {
    let tree = copy_fixture("valid");
    let models = tree.path().join("records/models");
    std::fs::write(models.join("latin1.toml"), b"name = \"Caf\xe9\"\npublished = 2020-01-01\n").unwrap();
    std::fs::write(models.join("huge.toml"), vec![b'#'; 2 << 20]).unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.toml"), "name = \"x\"\n").unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.toml"), models.join("link.toml")).unwrap();
    let output = flopdb().args(["check", "--format", "json", "--root"]).arg(tree.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("\"code\":\"E002\"") && text.contains("\"line\":1,\"column\":12"), "{text}");
    assert!(text.contains("\"code\":\"E003\""), "{text}");
    assert!(text.contains("\"code\":\"E004\""), "{text}");
}

#[test]
fn explain_documents_every_code() {
    let output = flopdb().args(["explain", "E012"]).output().unwrap();
    assert!(stdout(&output).starts_with("E012 unknown-key"), "{}", stdout(&output));
    let output = flopdb().args(["explain", "E999"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}

/// A training set larger than all text ever written is a slip (Epoch's
/// 2026 export: `1.03000000103e17` for WikiText-103, two numbers run
/// together); an ordinary size is not flagged.
#[test]
fn an_implausible_data_size_is_a_warning() {
    let tree = common::copy_fixture("valid");
    let clean = common::flopdb().arg("check").arg("--root").arg(tree.path()).output().unwrap();
    assert!(!common::stderr(&clean).contains("W107"), "{}", common::stderr(&clean));
    std::fs::write(
        tree.path().join("records/models/wt103-slip.toml"),
        "name = \"WT103 slip\"\npublished = 2019-09-03\nparameters = 1.8e8\n\n[data]\nsize = \"1.03000000103e17 datapoints\"\n",
    )
    .unwrap();
    let output = common::flopdb().arg("check").arg("--root").arg(tree.path()).output().unwrap();
    let text = common::stderr(&output);
    assert_eq!(output.status.code(), Some(0), "a warning: {text}");
    assert!(text.contains("warning[W107]") && text.contains("wt103-slip.toml:6:8"), "{text}");
}

/// `Qwen3 32B` beside `Qwen3-32B` is likely one model added twice; `Command
/// R+` beside `Command R` is not.
#[test]
fn a_near_duplicate_name_is_a_warning_that_names_the_other_record() {
    let tree = common::copy_fixture("valid");
    let models = tree.path().join("records/models");
    for (id, name) in [
        ("qwen3-32b", "Qwen3-32B"),
        ("qwen3-32b-2", "Qwen3 32B"),
        ("command-r", "Command R"),
        ("command-r-plus", "Command R+"),
    ] {
        let text = format!("name = \"{name}\"\npublished = 2025-04-29\nlinks = [\"https://example.org/{id}\"]\n");
        std::fs::write(models.join(format!("{id}.toml")), text).unwrap();
    }
    let output = common::flopdb().arg("check").arg("--root").arg(tree.path()).output().unwrap();
    let text = common::stderr(&output);
    assert_eq!(text.matches("warning[W108]").count(), 2, "{text}");
    assert!(text.contains("`Qwen3 32B` (qwen3-32b-2)") && text.contains("`Qwen3-32B` (qwen3-32b)"), "{text}");
    assert!(!text.contains("Command R"), "{text}");
}

#[test]
fn the_version_names_the_commit_it_was_built_from() {
    let output = common::flopdb().arg("--version").output().unwrap();
    let text = common::stdout(&output);
    assert!(text.starts_with("flopdb ") && text.contains("(commit "), "{text}");
}

/// Messages that say what to write: accelerator time in `duration` names
/// `chip_time`; thousands separators are named as such, not as a unit.
#[test]
fn quantity_messages_name_the_field_and_the_separators() {
    let tree = common::copy_fixture("valid");
    std::fs::write(
        tree.path().join("records/models/msgs.toml"),
        "name = \"Msgs\"\npublished = 2025-01-01\n\n[hardware]\nduration = \"2.1e6 chip-hours\"\nchip_time = \"2,100,000 chip-hours\"\n",
    )
    .unwrap();
    let output = common::flopdb().arg("check").arg("--root").arg(tree.path()).output().unwrap();
    let text = common::stderr(&output);
    assert!(text.contains("accelerator time goes in `hardware.chip_time`"), "{text}");
    assert!(text.contains("thousands separators") && text.contains("`2100000 chip-hours`"), "{text}");
    assert!(!text.contains("unknown unit `,100,000"), "{text}");
}

/// Messages that say what to write: a key people use for another
/// (`chips`), a quantity without its unit, a date that does not exist.
#[test]
fn common_slips_get_a_help_line_that_says_what_to_write() {
    let tree = common::copy_fixture("valid");
    let models = tree.path().join("records/models");
    std::fs::write(models.join("chips.toml"), "name = \"Chips\"\npublished = 2025-01-01\n\n[hardware]\nchips = 2048\n")
        .unwrap();
    std::fs::write(models.join("size.toml"), "name = \"Size\"\npublished = 2025-01-01\n\n[data]\nsize = 15.5e12\n")
        .unwrap();
    std::fs::write(models.join("date.toml"), "name = \"Date\"\npublished = 2025-02-30\n").unwrap();
    let output = common::flopdb().arg("check").arg("--root").arg(tree.path()).output().unwrap();
    let text = common::stderr(&output);
    assert!(text.contains("unknown key `chips`") && text.contains("did you mean `count`?"), "{text}");
    assert!(text.contains("`\"15.5e12 tokens\"`"), "{text}");
    assert!(text.contains("write a date that exists, as YYYY-MM-DD"), "{text}");
}

/// A model with no link to a source is a warning; the fixture's records,
/// which all give one, are not.
#[test]
fn a_model_without_a_link_is_a_warning() {
    let tree = common::copy_fixture("valid");
    std::fs::write(tree.path().join("records/models/unsourced.toml"), "name = \"Unsourced\"\npublished = 2025-01-01\n")
        .unwrap();
    let output = common::flopdb().arg("check").arg("--root").arg(tree.path()).output().unwrap();
    let text = common::stderr(&output);
    assert_eq!(text.matches("warning[W109]").count(), 1, "{text}");
    assert!(text.contains("unsourced.toml:1:1") && text.contains("`Unsourced` gives no link"), "{text}");
}

/// Every problem in one run: a record with a unit error is still checked
/// for its references and its name (they took a second push before).
#[test]
fn a_record_that_does_not_decode_still_meets_the_rules_across_records() {
    let tree = common::copy_fixture("valid");
    std::fs::write(
        tree.path().join("records/models/five-mistakes.toml"),
        "name = \"GPT-3 175B (davinci)\"\npublished = 2025-01-01\norganizations = [\"moonshot\"]\nlinks = [\"https://example.org\"]\n\n[hardware]\naccelerator = \"nvidia-h100-sxm5\"\nduration = \"2.1e6 chip-hours\"\ncount = \"many\"\n",
    )
    .unwrap();
    let output = common::flopdb().args(["check", "--format", "json", "--root"]).arg(tree.path()).output().unwrap();
    let codes: Vec<String> = common::stdout(&output)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|d| d["file"] == "records/models/five-mistakes.toml")
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    for code in ["E015", "E011", "E022", "E023"] {
        assert!(codes.iter().any(|c| c == code), "{code} missing from {codes:?}");
    }
    assert_eq!(codes.iter().filter(|c| *c == "E022").count(), 2, "the organization and the accelerator: {codes:?}");
}

/// The consistency warnings of the curators' slips: each fires on a record
/// with the slip, at the field, and is quiet on one whose figures agree.
#[test]
fn consistency_warnings_fire_on_slips_and_stay_quiet_otherwise() {
    let tree = copy_fixture("valid");
    let write =
        |id: &str, text: &str| std::fs::write(tree.path().join(format!("records/models/{id}.toml")), text).unwrap();
    let head = |name: &str| format!("name = \"{name}\"\npublished = 2024-01-01\nlinks = [\"https://example.org\"]\n");
    // W110: a mixture of experts without active parameters; with them, quiet.
    write("sparse-a22b", &format!("{}parameters = 2.35e11\n", head("Sparse-235B-A22B")));
    write(
        "sparse-ok-a22b",
        &format!("{}parameters = 2.35e11\nactive_parameters = 2.2e10\n", head("Sparse-OK-235B-A22B")),
    );
    // W111: 504 chip-hours for 32 chips over 504 hours (the wall clock).
    let hardware = |chip_time: &str| {
        format!(
            "\n[hardware]\naccelerator = \"nvidia-v100-sxm2\"\ncount = 32\nduration = \"504 h\"\nchip_time = \"{chip_time}\"\n"
        )
    };
    write("wall-clock", &format!("{}{}", head("Wall Clock"), hardware("504 chip-hours")));
    write("chip-hours-ok", &format!("{}{}", head("Chip Hours OK"), hardware("16128 chip-hours")));
    // W112: a working that does not multiply to what it writes.
    let notes = |working: &str| format!("\n[compute]\nvalue = \"6e21 FLOP\"\nnotes = \"{working}\"\n");
    write("bad-sum", &format!("{}parameters = 1e9{}", head("Bad Sum"), notes("6ND = 6*10^9 * 100*10^9 = 6*10^21")));
    write("good-sum", &format!("{}parameters = 1e9{}", head("Good Sum"), notes("6ND = 6*10^9 * 1000*10^9 = 6*10^21")));
    // W114: 8 V100s (125 TFLOP/s 16-bit) for 10 h can do 3.6e19 FLOP at most.
    let run = |value: &str, utilization: &str, working: &str| {
        format!(
            "\n[compute]\nvalue = \"{value}\"\nnotes = \"{working}\"\n\n[hardware]\naccelerator = \"nvidia-v100-sxm2\"\ncount = 8\nduration = \"10 h\"\n{utilization}"
        )
    };
    write("beyond-peak", &format!("{}{}", head("Beyond Peak"), run("3.5e20 FLOP", "", "")));
    write("within-peak", &format!("{}{}", head("Within Peak"), run("1.44e19 FLOP", "", "")));
    write("mfu-off", &format!("{}{}", head("MFU Off"), run("3.6e18 FLOP", "utilization = \"50%\"\n", "")));
    // W115: the notes multiply 250 TFLOP/s, twice the V100's dense 125.
    let sparse = "250 TFLOP/s * 8 * 36000 * 0.4 = 2.88e19";
    write("sparse-peak", &format!("{}{}", head("Sparse Peak"), run("2.88e19 FLOP", "", sparse)));
    let dense = "125 TFLOP/s * 8 * 36000 * 0.4 = 1.44e19";
    write("dense-peak", &format!("{}{}", head("Dense Peak"), run("1.44e19 FLOP", "utilization = \"40%\"\n", dense)));
    // W116: a fine-tune of GPT-3 whose stated own compute dropped a unit
    // (s1-32B's 9.024e11 FLOP for 4.7M tokens x 32B x 6 x 5 epochs, 4.5e18).
    let finetune = |value: &str| {
        format!(
            "base_model = \"gpt-3-175b\"\nparameters = 3.2e10\n\n[data]\nsize = \"4.7e6 tokens\"\nepochs = 5\n\n[finetune]\nvalue = \"{value}\"\n"
        )
    };
    write("unit-dropped", &format!("{}{}", head("Unit Dropped"), finetune("9.024e11 FLOP")));
    write("finetune-ok", &format!("{}{}", head("Finetune OK"), finetune("4.5e18 FLOP")));
    // Within the data's conventions (30x: examples for tokens), quiet.
    write("finetune-30x", &format!("{}{}", head("Finetune 30x"), finetune("1.35e20 FLOP")));

    let output = flopdb().args(["check", "--format", "json", "--root"]).arg(tree.path()).output().unwrap();
    let found: Vec<(String, String)> = stdout(&output)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|d| {
            (d["code"].as_str().unwrap_or_default().to_string(), d["file"].as_str().unwrap_or_default().to_string())
        })
        .collect();
    let fired = |code: &str, id: &str| found.contains(&(code.to_string(), format!("records/models/{id}.toml")));
    assert!(fired("W110", "sparse-a22b"), "{found:?}");
    assert!(fired("W111", "wall-clock"), "{found:?}");
    assert!(fired("W112", "bad-sum"), "{found:?}");
    assert!(fired("W114", "beyond-peak") && fired("W114", "mfu-off"), "{found:?}");
    assert!(fired("W115", "sparse-peak"), "{found:?}");
    assert!(fired("W116", "unit-dropped"), "{found:?}");
    for quiet in
        ["sparse-ok-a22b", "chip-hours-ok", "good-sum", "within-peak", "dense-peak", "finetune-ok", "finetune-30x"]
    {
        assert!(
            // W117: the made-up pairs share their date, link and figures by construction.
            !found.iter().any(|(code, file)| file.contains(quiet) && code.as_str() >= "W110" && code != "W117"),
            "{quiet}: {found:?}"
        );
    }
    let text = stderr(&flopdb().args(["check", "--root"]).arg(tree.path()).output().unwrap());
    assert!(text.contains("It equals the wall-clock hours"), "{text}");
    assert!(text.contains("multiplies to 6e20, not the 6e21 it writes"), "{text}");
    assert!(
        text.contains(
            "stated fine-tune compute 9.024e11 FLOP differs from the operation counting estimate of its own run by 5e6x"
        ),
        "{text}"
    );
}

/// A chip whose record gives the datasheet's peak with sparsity: a working
/// that multiplies that figure is named for what it is, even where it is
/// not twice the dense one (here 190 against a dense 100).
#[test]
fn a_declared_sparse_peak_in_the_notes_is_recognized() {
    let tree = copy_fixture("valid");
    std::fs::write(
        tree.path().join("records/hardware/chip-x.toml"),
        "name = \"Chip X\"\n\n[peak]\ntensor_16bit = \"100 TFLOP/s\"\n\n[sparse_peak]\ntensor_16bit = \"190 TFLOP/s\"\n",
    )
    .unwrap();
    let model = |id: &str, working: &str| {
        let text = format!(
            "name = \"{id}\"\npublished = 2024-01-01\nlinks = [\"https://example.org\"]\n\n[compute]\nvalue = \"2.7e19 FLOP\"\nnotes = \"{working}\"\n\n[hardware]\naccelerator = \"chip-x\"\ncount = 10\nduration = \"10 h\"\nutilization = 0.4\n"
        );
        std::fs::write(tree.path().join(format!("records/models/{id}.toml")), text).unwrap();
    };
    model("uses-sparse", "190 TFLOP/s * 10 * 36000 s * 0.4 = 2.736e19");
    model("uses-dense", "100 TFLOP/s * 10 * 36000 s * 0.4 = 1.44e19");
    let output = flopdb().args(["check", "--root"]).arg(tree.path()).output().unwrap();
    let text = stderr(&output);
    assert!(
        text.contains("the notes use 1.9e14 FLOP/s, the chip's 16-bit tensor peak (no precision given) with sparsity (its record's sparse_peak)"),
        "{text}"
    );
    let output = flopdb().args(["check", "--format", "json", "--root"]).arg(tree.path()).output().unwrap();
    let sparse_peak_in: Vec<String> = stdout(&output)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|d| d["code"] == "W115")
        .map(|d| d["file"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(sparse_peak_in, ["records/models/uses-sparse.toml"], "{text}");
}
