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

/// The site (and the dataset it carries) for a tree of the `valid`
/// fixture's records and one model of any text: when the records pass the
/// check, every page holds only the tags its templates write (no text of a
/// record becomes markup), every link is the site's own or a web address,
/// `data.js` is JSON, and no output holds a number that is not finite.
pub fn site(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(dir) = tempfile::tempdir() else { return };
    let root = dir.path().join("tree");
    for (path, contents) in VALID_RECORDS {
        write_file(&root.join(path), contents);
    }
    write_file(&root.join("records/models/fuzz.toml"), text);
    let options = flopdb::site::SiteOptions {
        today: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date"),
        repository: Some("https://example.com/owner/records".to_string()),
        branch: "main".to_string(),
        url: Some("https://example.com/records/".to_string()),
    };
    let out = dir.path().join("site");
    if flopdb::site::site(&root, &out, &options).is_err() {
        return;
    }
    for (folder, template) in
        [("models", MODEL_TEMPLATE), ("organizations", RECORD_TEMPLATE), ("hardware", RECORD_TEMPLATE)]
    {
        let allowed = tags_of(&[BASE_TEMPLATE, HEAD_TEMPLATE, FIELDS_TEMPLATE, template]);
        for entry in std::fs::read_dir(out.join(folder)).expect("the site's folder").flatten() {
            page_holds_only(&std::fs::read_to_string(entry.path()).expect("a page"), &allowed);
        }
    }
    page_holds_only(
        &std::fs::read_to_string(out.join("index.html")).expect("index"),
        &tags_of(&[BASE_TEMPLATE, HEAD_TEMPLATE, INDEX_TEMPLATE]),
    );
    let script = std::fs::read_to_string(out.join("data.js")).expect("data.js");
    let json = script
        .trim_end()
        .strip_prefix("window.flopdbData = ")
        .and_then(|s| s.strip_suffix(";"))
        .expect("data.js's form");
    let _: serde_json::Value = serde_json::from_str(json).expect("data.js is JSON");
    let models_json = std::fs::read_to_string(out.join("data/models.json")).expect("models.json");
    let _: serde_json::Value = serde_json::from_str(&models_json).expect("models.json is JSON");
    let csv = std::fs::read_to_string(out.join("data/models.csv")).expect("models.csv");
    for cell in csv.split([',', '\n', '\r']) {
        let cell = cell.trim_matches('"').to_ascii_lowercase();
        assert!(!matches!(cell.as_str(), "inf" | "-inf" | "nan" | "infinity" | "-infinity"), "models.csv holds {cell}");
    }
}

const VALID_RECORDS: [(&str, &str); 5] = [
    ("records/models/gpt-3-175b.toml", include_str!("../tests/fixtures/valid/records/models/gpt-3-175b.toml")),
    ("records/models/resnet-50.toml", include_str!("../tests/fixtures/valid/records/models/resnet-50.toml")),
    ("records/organizations/openai.toml", include_str!("../tests/fixtures/valid/records/organizations/openai.toml")),
    (
        "records/organizations/microsoft-research.toml",
        include_str!("../tests/fixtures/valid/records/organizations/microsoft-research.toml"),
    ),
    (
        "records/hardware/nvidia-v100-sxm2.toml",
        include_str!("../tests/fixtures/valid/records/hardware/nvidia-v100-sxm2.toml"),
    ),
];
const BASE_TEMPLATE: &str = include_str!("../src/site/templates/base.html");
const HEAD_TEMPLATE: &str = include_str!("../src/site/templates/head.html");
const FIELDS_TEMPLATE: &str = include_str!("../src/site/templates/fields.html");
const MODEL_TEMPLATE: &str = include_str!("../src/site/templates/model.html");
const RECORD_TEMPLATE: &str = include_str!("../src/site/templates/record.html");
const INDEX_TEMPLATE: &str = include_str!("../src/site/templates/index.html");

fn write_file(path: &Path, contents: &str) {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).expect("a folder");
    }
    std::fs::write(path, contents).expect("a file");
}

/// The tag names a text's markup opens or closes, each `<` followed by a
/// letter or `/` and a letter.
fn tag_names(text: &str) -> Vec<String> {
    text.match_indices('<')
        .filter_map(|(at, _)| {
            let rest = text.get(at + 1..)?;
            let rest = rest.strip_prefix('/').unwrap_or(rest);
            let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            (!name.is_empty()).then(|| name.to_ascii_lowercase())
        })
        .collect()
}

fn tags_of(templates: &[&str]) -> std::collections::BTreeSet<String> {
    templates.iter().flat_map(|t| tag_names(t)).collect()
}

/// Every `<` of the page starts a tag its templates write or a comment or
/// doctype; every link goes to the site, an anchor, or a web address.
fn page_holds_only(page: &str, allowed: &std::collections::BTreeSet<String>) {
    for (at, _) in page.match_indices('<') {
        let rest = page.get(at + 1..).unwrap_or_default();
        if rest.starts_with('!') {
            continue;
        }
        let name: String =
            rest.strip_prefix('/').unwrap_or(rest).chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        assert!(allowed.contains(&name.to_ascii_lowercase()), "a tag `<{name}` no template writes in:\n{page}");
    }
    for (at, _) in page.match_indices("href=\"") {
        // As the browser reads the attribute: its character references decoded.
        let target = decoded(page.get(at + 6..).unwrap_or_default().split('"').next().unwrap_or_default());
        let web = target.starts_with("https://") || target.starts_with("http://");
        let relative = !target.contains(':') && !target.starts_with("//") && !target.contains('\\');
        assert!(web || relative, "a link to {target}");
    }
}

/// An attribute's text with its character references (`&#x2f;`, `&amp;`)
/// decoded; an unknown one is kept as written.
fn decoded(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let Some(end) = after.find(';').filter(|end| *end <= 10) else {
            out.push('&');
            rest = after;
            continue;
        };
        let name = &after[..end];
        let c = match name {
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "lt" => Some('<'),
            "gt" => Some('>'),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
