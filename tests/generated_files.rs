//! Files generated from the code must match what the code generates now.

use std::path::Path;

#[test]
fn committed_schemas_match_the_record_types() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let stale = flopdb::schema::stale(root);
    assert!(
        stale.is_empty(),
        "{stale:?} differ from the code; regenerate them with `cargo run -- schema` and commit the result"
    );
}

#[test]
fn committed_diagnostics_doc_matches_the_catalogue() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let committed = std::fs::read_to_string(root.join("docs/diagnostics.md")).unwrap_or_default();
    assert!(
        committed == flopdb::diag::Code::catalogue_markdown(),
        "docs/diagnostics.md is out of date; regenerate it with `cargo run -- explain --all > docs/diagnostics.md`"
    );
}
