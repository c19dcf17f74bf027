//! What must hold for any input: the fuzz targets feed these functions
//! random input, and `tests/fuzz_regressions.rs` replays every crash kept
//! in `tests/fixtures/fuzz/` through them. Each panics when a property fails.

use std::path::Path;
use std::sync::OnceLock;

use flopdb::check::{Schemas, load};
use flopdb::epoch::{Target, plan_bytes};
use flopdb::format::format_record;
use flopdb::import::TableKind;
use flopdb::quantity::{Dimension, format_number, parse, parse_number};
use flopdb::record::{RecordKind, RecordSet};
use flopdb::source::SourceFile;

/// Quantity and number parsing never panic; a parsed number written in the
/// canonical format reads back as the same value (`-0` is written `0` on
/// purpose: equal as floats).
pub fn quantity(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for dimension in Dimension::ALL {
        if let Err(error) = parse(text, dimension) {
            let _ = error.to_string();
        }
    }
    if let Some(number) = parse_number(text) {
        let written = format_number(number);
        assert_eq!(parse_number(&written), Some(number), "{text:?} -> {written:?}");
    }
}

fn schemas() -> &'static Schemas {
    static SCHEMAS: OnceLock<Schemas> = OnceLock::new();
    SCHEMAS.get_or_init(|| Schemas::new().expect("the schemas compile"))
}

/// Equal tables; NaN (which is not equal to itself) compared by its text.
fn same(a: &toml::Table, b: &toml::Table) -> bool {
    a == b || matches!((toml::to_string(a), toml::to_string(b)), (Ok(x), Ok(y)) if x == y)
}

/// A record file of any kind goes through the one-file check without a
/// panic, and `fmt` keeps its meaning and is idempotent.
pub fn record(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for kind in RecordKind::ALL {
        let source = SourceFile::new("records/models/fuzz.toml", text.to_string());
        let (_record, diagnostics) = load(schemas(), kind, &source);
        let _ = flopdb::diag::render::json::render_all(&diagnostics);
    }
    if let (Ok(before), Ok(formatted)) = (text.parse::<toml::Table>(), format_record(RecordKind::Model, text)) {
        let after: toml::Table = formatted.parse().expect("fmt wrote TOML that does not parse");
        assert!(same(&before, &after), "fmt changed the meaning of {text:?} into {formatted:?}");
        let again = format_record(RecordKind::Model, &formatted).ok();
        assert_eq!(again.as_deref(), Some(formatted.as_str()), "fmt is not idempotent on {text:?}");
    }
}

/// Any bytes as an Epoch CSV go through both imports without a panic, and
/// every record an import would write is TOML.
pub fn import_csv(data: &[u8]) {
    let existing = RecordSet::default();
    for kind in [TableKind::Models, TableKind::Hardware] {
        let target = Target { existing: &existing, root: None, all_hardware: true, named_hardware: &[], adopt: false };
        let plan = plan_bytes(data, Path::new("fuzz.csv"), kind, target);
        for file in &plan.files {
            assert!(file.text.parse::<toml::Table>().is_ok(), "import wrote a record that is not TOML:\n{}", file.text);
        }
    }
}
