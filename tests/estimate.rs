//! `flopdb estimate`, ad hoc and on records.

mod common;

use common::{fixture, flopdb, stderr, stdout};

#[test]
fn gpt3_from_parameters_and_tokens() {
    let output = flopdb().args(["estimate", "--params", "175e9", "--tokens", "300e9"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("6 x 1.75e11 parameters x 3e11 tokens = 3.15e23 FLOP"), "{}", stdout(&output));
}

#[test]
fn hardware_time_with_json_output() {
    let output = flopdb()
        .args(["estimate", "--hardware", "nvidia-v100-sxm2", "--chips", "1024", "--time", "34 days"])
        .args(["--precision", "fp16", "--utilization", "40%", "--format", "json", "--root"])
        .arg(fixture("valid"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    // 1024 chips x 125e12 FLOP/s x 34 x 86400 s x 0.4
    let expected = 1024.0 * 125e12 * 34.0 * 86400.0 * 0.4;
    let flop = json["flop"].as_f64().unwrap();
    assert!((flop - expected).abs() / expected < 1e-12, "{flop}");
    assert_eq!(json["method"], "hardware");
}

#[test]
fn a_record_shows_every_estimate_and_the_resolution() {
    let root = fixture("valid");
    let output = flopdb()
        .arg("estimate")
        .arg(root.join("records/models/gpt-3-175b.toml"))
        .arg("--root")
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    insta::assert_snapshot!("estimate_gpt3_record", stdout(&output));
}

#[test]
fn a_disagreeing_record_shows_the_warning() {
    let root = fixture("mistakes");
    let output = flopdb()
        .arg("estimate")
        .arg(root.join("records/models/disagrees.toml"))
        .arg("--root")
        .arg(&root)
        .output()
        .unwrap();
    assert!(stderr(&output).contains("warning[W101]"), "{}", stderr(&output));
    assert!(stdout(&output).contains("resolved:           1e22 FLOP (stated)"), "{}", stdout(&output));
}

/// A missing flag is a usage error (2); a value that cannot be read is
/// refused input (1), named by its flag.
#[test]
fn bad_flags_are_clear_errors() {
    for (args, code, message) in [
        (vec!["--params", "175e9"], 2, "needs --parameters (or --active-parameters) and --data-size"),
        (vec!["--params", "-1", "--tokens", "1e9"], 1, "--parameters: `-1` is not a positive number"),
        (vec!["--params", "NaN", "--tokens", "1e9"], 1, "not a positive number"),
        (vec!["--hardware", "nvidia-v100-sxm2", "--chips", "8", "--time", "3 months"], 1, "no fixed length"),
        (vec!["--hardware", "nvidia-v100-sxm2", "--chips", "8", "--time", "5 TFLOP"], 1, "expected a duration"),
        (vec!["--hardware", "nvidia-v100-sxm2", "--chips", "8"], 2, "or --chip-hours"),
        (
            vec!["--hardware", "nvidia-v100-sxm2", "--chips", "8", "--time", "1 day", "--precision", "fp7"],
            1,
            "--precision: ",
        ),
    ] {
        let output = flopdb().arg("estimate").args(&args).arg("--root").arg(fixture("valid")).output().unwrap();
        assert_eq!(output.status.code(), Some(code), "{args:?}: {}", stderr(&output));
        assert!(stderr(&output).contains(message), "{args:?}: {}", stderr(&output));
    }
}

/// `estimate` takes `new`'s flag names and quantity syntax (the old names
/// stay as aliases); a value it cannot read exits 1, not 2.
#[test]
fn estimate_speaks_the_vocabulary_of_new() {
    let same = |args: &[&str]| {
        let output = common::flopdb().args(["estimate", "--format", "json"]).args(args).output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).to_string()
    };
    let new_names = same(&["--parameters", "7e9", "--data-size", "15.5e12 tokens"]);
    assert_eq!(new_names, same(&["--params", "7e9", "--tokens", "15.5e12"]));
    assert!(new_names.contains("6.51e23"), "{new_names}");
    let moe = same(&["--parameters", "1e12", "--active-parameters", "3.2e10", "--data-size", "15.5e12 tokens"]);
    assert!(moe.contains("2.976e24"), "{moe}");
    // What training went through wins over the set's size x epochs.
    let seen = same(&[
        "--parameters",
        "1.07e10",
        "--data-size",
        "3e12 tokens",
        "--epochs",
        "2",
        "--tokens-seen",
        "250e9 tokens",
    ]);
    assert!(seen.contains("1.605e22") && seen.contains("tokens seen"), "{seen}");
    for bad in [
        vec!["--parameters", "7e9", "--data-size", "15.5e12 parsecs"],
        vec!["--parameters", "-7", "--data-size", "1e9"],
        vec!["--parameters", "1e308", "--data-size", "1e308"],
        vec!["--parameters", "1e9", "--active-parameters", "2e9", "--data-size", "1e9"],
    ] {
        let output = common::flopdb().arg("estimate").args(&bad).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{bad:?}: {}", String::from_utf8_lossy(&output.stderr));
    }
}
