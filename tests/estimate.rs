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

#[test]
fn bad_flags_are_clear_errors() {
    for (args, message) in [
        (vec!["--params", "175e9"], "needs both --params and --tokens"),
        (vec!["--params", "-1", "--tokens", "1e9"], "not a positive number"),
        (vec!["--params", "NaN", "--tokens", "1e9"], "not a positive number"),
        (vec!["--hardware", "nvidia-v100-sxm2", "--chips", "8", "--time", "3 months"], "no fixed length"),
        (vec!["--hardware", "nvidia-v100-sxm2", "--chips", "8", "--time", "5 TFLOP"], "expected a duration"),
        (
            vec!["--hardware", "nvidia-v100-sxm2", "--chips", "8", "--time", "1 day", "--precision", "fp7"],
            "unknown number format",
        ),
    ] {
        let output = flopdb().arg("estimate").args(&args).arg("--root").arg(fixture("valid")).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(stderr(&output).contains(message), "{args:?}: {}", stderr(&output));
    }
}
