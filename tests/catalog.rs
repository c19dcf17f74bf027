//! The shipped chip catalog: the current generation gives dense peaks with
//! their source, figures with sparsity are above the dense ones, and a chip
//! without peaks says why.

use std::path::Path;

fn hardware(id: &str) -> toml::Table {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("records/hardware/{id}.toml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.parse().unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn table<'a>(record: &'a toml::Table, key: &str) -> Option<&'a toml::Table> {
    record.get(key).and_then(|v| v.as_table())
}

/// A peak such as `"1.979 PFLOP/s"` in FLOP/s.
fn flop_per_second(text: &str) -> f64 {
    let (number, unit) = text.split_once(' ').unwrap_or_else(|| panic!("{text}"));
    let scale = match unit {
        "GFLOP/s" => 1e9,
        "TFLOP/s" => 1e12,
        "PFLOP/s" => 1e15,
        other => panic!("unit {other} in {text}"),
    };
    number.parse::<f64>().unwrap_or_else(|e| panic!("{text}: {e}")) * scale
}

fn notes(record: &toml::Table) -> &str {
    record.get("notes").and_then(|v| v.as_str()).unwrap_or_default()
}

/// The accelerators of the list, each with the number formats its
/// vendor gives: a 16-bit tensor peak everywhere, fp8 where the chip has it.
#[test]
fn the_current_generation_gives_dense_peaks_with_their_source() {
    let chips: &[(&str, &[&str])] = &[
        ("nvidia-b200", &["tensor_16bit", "fp8", "fp4"]),
        ("nvidia-gb200", &["tensor_16bit", "fp8", "fp4"]),
        ("nvidia-h200-sxm", &["tensor_16bit", "fp8"]),
        ("nvidia-h100-sxm5-80gb", &["tensor_16bit", "fp8"]),
        ("nvidia-h100-nvl", &["tensor_16bit", "fp8"]),
        ("nvidia-h800-sxm5", &["tensor_16bit", "fp8"]),
        ("amd-instinct-mi300x", &["tensor_16bit", "fp8"]),
        ("amd-instinct-mi325x", &["tensor_16bit", "fp8"]),
        ("google-tpu-v5e", &["tensor_16bit"]),
        ("google-tpu-v5p", &["tensor_16bit", "fp8"]),
        ("google-tpu-v6e-trillium", &["tensor_16bit", "fp8"]),
        ("google-tpu-v7-ironwood", &["tensor_16bit", "fp8"]),
        ("intel-habana-gaudi3", &["tensor_16bit", "fp8"]),
        ("amazon-trainium2", &["tensor_16bit", "fp8"]),
    ];
    for (id, formats) in chips {
        let record = hardware(id);
        let peak = table(&record, "peak").unwrap_or_else(|| panic!("{id}: no [peak]"));
        for format in *formats {
            let value = peak.get(*format).and_then(|v| v.as_str()).unwrap_or_else(|| panic!("{id}: no {format} peak"));
            assert!(flop_per_second(value) > 1e13, "{id}: {format} = {value}");
        }
        let links = record.get("links").and_then(|v| v.as_array()).map_or(0, |l| l.len());
        assert!(links > 0, "{id}: no link to its source");
    }
    // Peaks that are not Epoch's say where they come from.
    for id in ["nvidia-b200", "nvidia-gb200", "nvidia-h100-nvl", "nvidia-h800-sxm5", "amd-instinct-mi325x"] {
        assert!(notes(&hardware(id)).contains("dense"), "{id}: the notes do not give the source of its peaks");
    }
}

/// A GB200 is counted in GPUs, as the curators count it: its 16-bit peak is
/// one Blackwell GPU's (2.5 PFLOP/s dense), not the superchip's two.
#[test]
fn the_gb200_is_one_gpu_of_the_superchip() {
    let record = hardware("nvidia-gb200");
    let peak = table(&record, "peak").unwrap();
    assert_eq!(flop_per_second(peak["tensor_16bit"].as_str().unwrap()), 2.5e15);
    assert!(notes(&record).contains("a count is of GPUs"), "{}", notes(&record));
}

/// Every figure with sparsity is the dense one doubled, give or take the
/// datasheets' rounding to two or three digits (the B200's TF32: 2.2 PFLOP/s
/// printed with sparsity, 1.125 dense).
#[test]
fn sparse_peaks_are_twice_the_dense_ones() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("records/hardware");
    let mut seen = 0;
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        let id = path.file_stem().unwrap().to_string_lossy().to_string();
        let record = hardware(&id);
        let Some(sparse) = table(&record, "sparse_peak") else { continue };
        let dense = table(&record, "peak").unwrap_or_else(|| panic!("{id}: sparse figures without dense ones"));
        for (format, value) in sparse {
            let sparse = flop_per_second(value.as_str().unwrap());
            let dense = dense.get(format).and_then(|v| v.as_str()).map(flop_per_second);
            let dense = dense.unwrap_or_else(|| panic!("{id}: {format} with sparsity but no dense peak"));
            let ratio = sparse / dense;
            assert!((1.95..=2.05).contains(&ratio), "{id}: {format} sparse/dense = {ratio}");
            seen += 1;
        }
    }
    assert!(seen >= 30, "only {seen} sparse figures");
}

/// A chip that models name but whose peaks no source gave says why, so a
/// contributor knows what to add rather than guessing.
#[test]
fn a_chip_without_peaks_says_why() {
    for id in ["nvidia-b300-blackwell-ultra", "nvidia-gb300-blackwell-ultra", "nvidia-h200", "nvidia-h100-80g"] {
        let record = hardware(id);
        assert!(table(&record, "peak").is_none(), "{id} has peaks now: update this test");
        assert!(notes(&record).contains("No peak is given"), "{id}: {}", notes(&record));
    }
}
