//! The files generated from the code: the JSON Schema files in `schema/`
//! (from the record types) and the dataset's codebook, `docs/dataset.md`
//! (from the column declarations).

use std::path::{Path, PathBuf};

use crate::record::RecordKind;

pub const SCHEMA_DIR: &str = "schema";

/// The text of a kind's schema file: pretty JSON and a final newline.
pub fn render(kind: RecordKind) -> String {
    let schema = kind.json_schema();
    // Serializing a JSON value cannot fail.
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

/// Every generated file, relative to the root, with its text: the three
/// schemas and the dataset's codebook.
fn generated() -> Vec<(PathBuf, String)> {
    RecordKind::ALL
        .into_iter()
        .map(|kind| (Path::new(SCHEMA_DIR).join(kind.schema_file()), render(kind)))
        .chain(std::iter::once((
            PathBuf::from(crate::dataset::codebook::CODEBOOK_FILE),
            crate::dataset::codebook::markdown(&[(
                "`models.csv` in Epoch's layout (`build --layout epoch`)",
                crate::dataset::layout::ModelsLayout::table(&crate::epoch::EpochLayout),
            )]),
        )))
        .collect()
}

/// The generated files that differ from what the code generates.
pub fn stale(root: &Path) -> Vec<PathBuf> {
    generated()
        .into_iter()
        .filter(|(rel, text)| std::fs::read_to_string(root.join(rel)).ok().as_deref() != Some(text.as_str()))
        .map(|(rel, _)| rel)
        .collect()
}

/// Writes every schema file (atomically), returning the paths written.
pub fn write_all(root: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (rel, text) in generated() {
        if let Some(folder) = root.join(&rel).parent() {
            std::fs::create_dir_all(folder)?;
        }
        crate::fsio::write_atomic(&root.join(&rel), text.as_bytes())?;
        written.push(rel);
    }
    Ok(written)
}
