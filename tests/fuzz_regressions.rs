//! Every input the fuzzers found a problem with, kept under
//! tests/fixtures/fuzz/<target>/, replayed through the same properties the
//! fuzz targets check (fuzz/properties.rs, shared by both).

#[path = "../fuzz/properties.rs"]
mod properties;

mod common;

fn replay(target: &str, property: fn(&[u8])) -> usize {
    let folder = common::fixture("fuzz").join(target);
    let mut count = 0;
    // A target with no crash kept has no folder (git keeps no empty folders).
    let Ok(entries) = std::fs::read_dir(&folder) else { return 0 };
    for entry in entries {
        let path = entry.unwrap().path();
        property(&std::fs::read(&path).unwrap());
        count += 1;
    }
    count
}

#[test]
fn quantity_crashes_stay_fixed() {
    assert!(replay("quantity", properties::quantity) >= 1);
}

#[test]
fn record_crashes_stay_fixed() {
    assert!(replay("record", properties::record) >= 1);
}

#[test]
fn import_crashes_stay_fixed() {
    replay("import_csv", properties::import_csv);
}

#[test]
fn site_crashes_stay_fixed() {
    replay("site", properties::site);
}

#[test]
fn the_seed_corpora_hold_too() {
    for (target, property) in [
        ("quantity", properties::quantity as fn(&[u8])),
        ("record", properties::record),
        ("import_csv", properties::import_csv),
        ("site", properties::site),
    ] {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus").join(target);
        for entry in std::fs::read_dir(folder).unwrap() {
            property(&std::fs::read(entry.unwrap().path()).unwrap());
        }
    }
}
