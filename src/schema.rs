//! The JSON Schema files in `schema/`, generated from the record types.

use std::path::{Path, PathBuf};

use crate::record::RecordKind;

pub const SCHEMA_DIR: &str = "schema";

/// The text of a kind's schema file: pretty JSON and a final newline.
pub fn render(kind: RecordKind) -> String {
    let schema = kind.json_schema();
    // Serializing a JSON value cannot fail.
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

/// The schema files that differ from what the types generate.
pub fn stale(root: &Path) -> Vec<PathBuf> {
    RecordKind::ALL
        .into_iter()
        .map(|kind| Path::new(SCHEMA_DIR).join(kind.schema_file()))
        .zip(RecordKind::ALL)
        .filter(|(rel, kind)| std::fs::read_to_string(root.join(rel)).ok().as_deref() != Some(render(*kind).as_str()))
        .map(|(rel, _)| rel)
        .collect()
}

/// Writes every schema file (atomically), returning the paths written.
pub fn write_all(root: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(root.join(SCHEMA_DIR))?;
    let mut written = Vec::new();
    for kind in RecordKind::ALL {
        let rel = Path::new(SCHEMA_DIR).join(kind.schema_file());
        crate::fsio::write_atomic(&root.join(&rel), render(kind).as_bytes())?;
        written.push(rel);
    }
    Ok(written)
}
