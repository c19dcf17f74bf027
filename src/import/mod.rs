//! Importing Epoch AI's exports: models (2022 to 2025 layouts, told apart by
//! the header) and accelerator tables. `plan` reads a CSV into record files
//! and diagnostics without touching the disk; `write` puts them in place.

mod hardware;
mod ids;
mod layout;
mod models;
mod row;
mod table;

pub use layout::Layout;
pub use row::{Stats, column_key};
pub use table::Table;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::diag::{Code, Diagnostic};
use crate::record::{Record, RecordKind, RecordSet, write::json_to_toml};

/// What an import table holds: models or accelerators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Models,
    Hardware,
}

/// A record file an import would write.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedFile {
    pub kind: RecordKind,
    pub id: String,
    pub text: String,
}

impl PlannedFile {
    pub fn relative_path(&self) -> PathBuf {
        Path::new(self.kind.folder()).join(format!("{}.toml", self.id))
    }
}

#[derive(Debug, Clone)]
pub struct ImportPlan {
    pub layout: Option<Layout>,
    pub files: Vec<PlannedFile>,
    pub diagnostics: Vec<Diagnostic>,
    pub stats: Stats,
}

/// Reads `csv` (shown in diagnostics as `shown_as`) into the record files it
/// holds. `existing` is the repository's records: organizations are matched
/// to them by name, and a hardware import takes the accelerators its models
/// reference (every row when `all_hardware`).
pub fn plan(csv: &Path, shown_as: &Path, expect: Source, existing: &RecordSet, all_hardware: bool) -> ImportPlan {
    match Table::read(csv, shown_as) {
        Ok((table, row_problems)) => plan_table(table, row_problems, shown_as, expect, existing, all_hardware),
        Err(diagnostic) => {
            ImportPlan { layout: None, files: Vec::new(), diagnostics: vec![diagnostic], stats: Stats::default() }
        }
    }
}

/// `plan` on a CSV already in memory (the fuzz target's way in).
pub fn plan_bytes(
    bytes: &[u8],
    shown_as: &Path,
    expect: Source,
    existing: &RecordSet,
    all_hardware: bool,
) -> ImportPlan {
    let (table, row_problems) = Table::parse(bytes, shown_as);
    plan_table(table, row_problems, shown_as, expect, existing, all_hardware)
}

fn plan_table(
    table: Table,
    row_problems: Vec<Diagnostic>,
    shown_as: &Path,
    expect: Source,
    existing: &RecordSet,
    all_hardware: bool,
) -> ImportPlan {
    let mut plan = ImportPlan { layout: None, files: Vec::new(), diagnostics: row_problems, stats: Stats::default() };
    let layout = match Layout::detect(&table) {
        Ok(layout) => layout,
        Err(diagnostic) => {
            plan.diagnostics.push(diagnostic);
            return plan;
        }
    };
    plan.layout = Some(layout);
    let (wanted_kind, command) = match expect {
        Source::Models => (true, "import epoch"),
        Source::Hardware => (false, "import epoch-hardware"),
    };
    if layout.is_models() != wanted_kind {
        plan.diagnostics.push(
            Diagnostic::new(Code::ImportHeader, format!("`{command}` was given a {layout:?} table"))
                .at_line(shown_as, 1, 1)
                .with_help(
                    "models tables go to `flopdb import epoch`, accelerator tables to `flopdb import epoch-hardware`",
                ),
        );
        return plan;
    }
    let mut diagnostics = std::mem::take(&mut plan.diagnostics);
    match expect {
        Source::Models => {
            let imported = models::import_models(&table, layout, existing, &mut diagnostics, &mut plan.stats);
            for (id, model, dated) in imported.models {
                let mut json = serde_json::to_value(&model).unwrap_or_default();
                if !dated && let Some(map) = json.as_object_mut() {
                    map.remove("published");
                }
                plan.files.push(PlannedFile {
                    kind: RecordKind::Model,
                    id,
                    text: json_to_toml(RecordKind::Model, &json),
                });
            }
            for (id, organization) in imported.organizations {
                let json = serde_json::to_value(&organization).unwrap_or_default();
                plan.files.push(PlannedFile {
                    kind: RecordKind::Organization,
                    id,
                    text: json_to_toml(RecordKind::Organization, &json),
                });
            }
        }
        Source::Hardware => {
            let referenced: BTreeSet<String> = existing
                .models
                .values()
                .filter_map(|m| m.record.hardware.as_ref())
                .flat_map(|h| h.accelerator.iter().map(|id| id.to_string()))
                .collect();
            let wanted = (!all_hardware).then_some(&referenced);
            let (records, missing) =
                hardware::import_hardware(&table, layout, wanted, &mut diagnostics, &mut plan.stats);
            for id in missing {
                let users: Vec<&str> = existing
                    .models
                    .iter()
                    .filter(|(_, m)| {
                        m.record.hardware.as_ref().is_some_and(|h| h.accelerator.iter().any(|a| a.as_str() == id))
                    })
                    .map(|(model_id, _)| model_id.as_str())
                    .take(5)
                    .collect();
                plan.stats.values_reported += 1;
                diagnostics.push(
                    Diagnostic::new(
                        Code::ImportValue,
                        format!("no row of the table is the accelerator `{id}`, used by {}", users.join(", ")),
                    )
                    .in_file(shown_as)
                    .with_help("add the hardware record by hand, or correct the models' accelerator id"),
                );
            }
            for (id, hardware) in records {
                let json = serde_json::to_value(&hardware).unwrap_or_default();
                plan.files.push(PlannedFile {
                    kind: RecordKind::Hardware,
                    id,
                    text: json_to_toml(RecordKind::Hardware, &json),
                });
            }
        }
    }
    plan.diagnostics = diagnostics;
    plan
}

/// The models (with a publication date) and organizations of an Epoch
/// models export, read into memory without writing records: for analyses
/// that take Epoch's table as it is. Problems with cells come back as
/// diagnostics; a table that is not a models export is an error.
pub fn read_models(csv: &Path) -> Result<(RecordSet, Vec<Diagnostic>), Diagnostic> {
    let (table, mut diagnostics) = Table::read(csv, csv)?;
    let layout = Layout::detect(&table)?;
    if !layout.is_models() {
        return Err(Diagnostic::new(Code::ImportHeader, format!("expected a models table, found a {layout:?} table"))
            .at_line(csv, 1, 1));
    }
    let imported =
        models::import_models(&table, layout, &RecordSet::default(), &mut diagnostics, &mut Stats::default());
    let mut set = RecordSet::default();
    let path = csv.to_path_buf();
    for (id, model, dated) in imported.models {
        if dated {
            set.insert(&id, path.clone(), Record::Model(Box::new(model)));
        }
    }
    for (id, organization) in imported.organizations {
        set.insert(&id, path.clone(), Record::Organization(organization));
    }
    Ok((set, diagnostics))
}

/// Writes the planned files under `records` (atomically, each), refusing to
/// replace an existing file unless `force`. Returns the paths written and a
/// diagnostic per file not written.
pub fn write(plan: &ImportPlan, records: &Path, force: bool) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut written = Vec::new();
    let mut diagnostics = Vec::new();
    for file in &plan.files {
        let relative = file.relative_path();
        let path = records.join(&relative);
        // Replacing a record a person has worked on must not lose their words.
        if force && let Some(lost) = std::fs::read_to_string(&path).ok().and_then(|old| would_lose(&old, &file.text)) {
            diagnostics.push(
                Diagnostic::new(
                    Code::WouldOverwrite,
                    format!("{} not replaced: it has {lost} that the import would drop", path.display()),
                )
                .in_file(&path)
                .with_help("merge the import into the record by hand, or delete the file and import again"),
            );
            continue;
        }
        let result = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| crate::fsio::write_new(&path, file.text.as_bytes(), force));
        match result {
            Ok(()) => written.push(relative),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => diagnostics.push(
                Diagnostic::new(Code::WouldOverwrite, format!("{} exists; not replaced", path.display()))
                    .in_file(&path)
                    .with_help("pass --force to replace existing records"),
            ),
            Err(e) => diagnostics
                .push(Diagnostic::new(Code::Io, format!("cannot write {}: {e}", path.display())).in_file(&path)),
        }
    }
    (written, diagnostics)
}

/// What replacing `old` with `new` would lose: comments, or keys that `new`
/// does not have. `None` when nothing would be lost (or `old` is not TOML,
/// which holds nothing to keep).
fn would_lose(old: &str, new: &str) -> Option<String> {
    let old_document: toml_edit::DocumentMut = old.parse().ok()?;
    let new_document: toml_edit::DocumentMut = new.parse().ok()?;
    // The schema line is the import's own; any other comment is a person's.
    let body = old.strip_prefix("#:schema").map_or(old, |rest| rest.split_once('\n').map_or("", |(_, b)| b));
    let has_comments = body
        .parse::<toml_edit::DocumentMut>()
        .is_ok_and(|d| d.trailing().as_str().is_some_and(|t| t.contains('#')) || has_comment(d.as_table()));
    let mut old_keys = Vec::new();
    key_paths(old_document.as_table(), "", &mut old_keys);
    let mut new_keys = Vec::new();
    key_paths(new_document.as_table(), "", &mut new_keys);
    let missing: Vec<String> = old_keys.into_iter().filter(|k| !new_keys.contains(k)).collect();
    match (has_comments, missing.is_empty()) {
        (false, true) => None,
        (true, true) => Some("comments".to_string()),
        (has_comments, false) => Some(format!(
            "{}keys the import does not have ({})",
            if has_comments { "comments and " } else { "" },
            missing.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
        )),
    }
}

fn key_paths(table: &toml_edit::Table, prefix: &str, out: &mut Vec<String>) {
    for (key, item) in table.iter() {
        let path = if prefix.is_empty() { key.to_string() } else { format!("{prefix}.{key}") };
        match item.as_table() {
            Some(sub) => key_paths(sub, &path, out),
            None => out.push(path),
        }
    }
}

/// Whether a comment is written anywhere in the table: before or after a
/// key, a value, a table header, or inside a list. A `#` inside a string is
/// text, not a comment, and does not count.
fn has_comment(table: &toml_edit::Table) -> bool {
    decor_has_comment(table.decor())
        || table.iter().any(|(key, item)| {
            table.key(key).is_some_and(|k| decor_has_comment(k.leaf_decor()))
                || match item {
                    toml_edit::Item::Value(value) => value_has_comment(value),
                    toml_edit::Item::Table(sub) => has_comment(sub),
                    _ => false,
                }
        })
}

fn decor_has_comment(decor: &toml_edit::Decor) -> bool {
    [decor.prefix(), decor.suffix()].into_iter().flatten().any(|raw| raw.as_str().is_some_and(|s| s.contains('#')))
}

fn value_has_comment(value: &toml_edit::Value) -> bool {
    decor_has_comment(value.decor())
        || match value {
            toml_edit::Value::Array(array) => {
                array.trailing().as_str().is_some_and(|t| t.contains('#')) || array.iter().any(value_has_comment)
            }
            toml_edit::Value::InlineTable(inline) => inline.iter().any(|(_, v)| value_has_comment(v)),
            _ => false,
        }
}
