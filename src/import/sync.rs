//! Sync: an export's values merged into a record that already exists, field
//! by field and three ways. The record's `source.synced` holds a digest of
//! what the last import wrote to each field. A field the export speaks for
//! takes the export's value while the record still holds what the import
//! wrote (the digest matches); a field a person has changed since is kept,
//! and reported as a conflict. Fields the export is silent on (its columns
//! are absent), hand-added keys and comments stay as they are.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value as Json};

use crate::document;
use crate::format::{format_record, set_field};
use crate::quantity::format_number;
use crate::record::RecordKind;
use crate::source::SourceFile;

/// The provenance table: not a field, rewritten by every sync.
const PROVENANCE: &str = "source";
/// Provenance keys that always take the export's value.
const PROVENANCE_KEYS: [&str; 4] = ["dataset", "last_modified", "name", "published"];

/// What a sync did to the fields of the records it touched.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FieldCounts {
    /// Fields the record did not have, filled from the export.
    pub added: usize,
    /// Fields whose value the export changed.
    pub updated: usize,
    /// Fields the export emptied (its cell is now blank).
    pub removed: usize,
    pub unchanged: usize,
    /// Fields changed by hand since the last sync, kept as they are.
    pub conflicts: usize,
}

impl FieldCounts {
    pub fn add(&mut self, other: FieldCounts) {
        self.added += other.added;
        self.updated += other.updated;
        self.removed += other.removed;
        self.unchanged += other.unchanged;
        self.conflicts += other.conflicts;
    }
}

/// A field kept as a person left it, though the export has another value.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub field: String,
    pub kept: Option<Json>,
    pub export: Option<Json>,
}

/// A record merged with an export's values.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub text: String,
    pub counts: FieldCounts,
    pub conflicts: Vec<Conflict>,
}

/// The fields of a record as JSON, by dotted path: `name`, `compute.value`,
/// `extra.x`. The provenance table is not a field.
pub fn fields(record: &Json) -> BTreeMap<String, Json> {
    let mut out = BTreeMap::new();
    let Some(map) = record.as_object() else { return out };
    for (key, value) in map.iter().filter(|(key, _)| key.as_str() != PROVENANCE) {
        match value {
            Json::Object(inner) => {
                for (inner_key, inner_value) in inner {
                    out.insert(format!("{key}.{inner_key}"), inner_value.clone());
                }
            }
            Json::Null => {}
            value => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    out
}

/// A value's text with numbers in the canonical format, so that `4` and
/// `4.0` (a TOML integer read back, a float written) are the same value.
fn canonical(value: &Json) -> String {
    match value {
        Json::Number(n) => n.as_f64().map(format_number).unwrap_or_else(|| n.to_string()),
        Json::Array(items) => format!("[{}]", items.iter().map(canonical).collect::<Vec<_>>().join(",")),
        Json::Object(map) => {
            let items: Vec<String> = map.iter().map(|(k, v)| format!("{k:?}:{}", canonical(v))).collect();
            format!("{{{}}}", items.join(","))
        }
        other => other.to_string(),
    }
}

/// A short digest of a value (FNV-1a over its canonical text, 32 bits in
/// hex): enough to tell whether a field still holds what was written.
pub fn digest(value: &Json) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in canonical(value).bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}", (hash ^ (hash >> 32)) & 0xffff_ffff)
}

fn same(a: Option<&Json>, b: Option<&Json>) -> bool {
    a.map(canonical) == b.map(canonical)
}

/// The digests a new record's `source.synced` starts with: every field the
/// export covers.
pub fn synced_digests(record: &Json, covers: &dyn Fn(&str) -> bool) -> BTreeMap<String, String> {
    fields(record).iter().filter(|(path, _)| covers(path)).map(|(path, value)| (path.clone(), digest(value))).collect()
}

/// Merges `new` (the record as the export gives it) into the record file
/// `old_text`. `covers` says which fields the export speaks for. `None` when
/// the old text is not a TOML record (nothing is merged into it).
///
/// A record with no `source.synced` was imported before digests were kept:
/// it is taken as still holding what that import wrote.
pub fn merge(kind: RecordKind, old_text: &str, new: &Json, covers: &dyn Fn(&str) -> bool) -> Option<Merged> {
    let source = SourceFile::new("record.toml", old_text.to_string());
    let parsed = document::parse(&source).ok()?;
    let old = document::to_json(&parsed, &source, &mut Vec::new());
    let mut editable: toml_edit::DocumentMut = old_text.parse().ok()?;
    let base: BTreeMap<String, String> = old
        .pointer("/source/synced")
        .and_then(Json::as_object)
        .map(|m| m.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string()))).collect())
        .unwrap_or_default();
    let bootstrap = base.is_empty();
    let (old_fields, new_fields) = (fields(&old), fields(new));
    let paths: BTreeSet<&String> = old_fields.keys().chain(new_fields.keys()).filter(|p| covers(p)).collect();
    let mut counts = FieldCounts::default();
    let mut conflicts = Vec::new();
    let mut synced = Map::new();
    for path in paths {
        let (was, now) = (old_fields.get(path), new_fields.get(path));
        if same(was, now) {
            if let Some(now) = now {
                counts.unchanged += 1;
                synced.insert(path.clone(), Json::String(digest(now)));
            }
            continue;
        }
        let untouched = bootstrap
            || match base.get(path) {
                Some(written) => was.map(digest).as_ref() == Some(written),
                None => was.is_none(),
            };
        if !untouched {
            counts.conflicts += 1;
            conflicts.push(Conflict { field: path.clone(), kept: was.cloned(), export: now.cloned() });
            if let Some(written) = base.get(path) {
                synced.insert(path.clone(), Json::String(written.clone()));
            }
            continue;
        }
        set_field(&mut editable, path, now);
        match (was, now) {
            (None, Some(_)) => counts.added += 1,
            (Some(_), None) => counts.removed += 1,
            _ => counts.updated += 1,
        }
        if let Some(now) = now {
            synced.insert(path.clone(), Json::String(digest(now)));
        }
    }
    // Digests of fields this export is silent on stay for the next sync.
    for (path, written) in &base {
        if !covers(path) {
            synced.insert(path.clone(), Json::String(written.clone()));
        }
    }
    for key in PROVENANCE_KEYS {
        let path = format!("{PROVENANCE}.{key}");
        set_field(&mut editable, &path, new.pointer(&format!("/{PROVENANCE}/{key}")));
    }
    // Kept cells: the export's own for the columns it has, the others' kept.
    let mut cells = old.pointer("/source/cells").and_then(Json::as_object).cloned().unwrap_or_default();
    cells.retain(|column, _| !covers(&format!("{PROVENANCE}.cells.{column}")));
    if let Some(new_cells) = new.pointer("/source/cells").and_then(Json::as_object) {
        cells.extend(new_cells.clone());
    }
    let cells = (!cells.is_empty()).then_some(Json::Object(cells));
    set_field(&mut editable, &format!("{PROVENANCE}.cells"), cells.as_ref());
    let synced = (!synced.is_empty()).then_some(Json::Object(synced));
    set_field(&mut editable, &format!("{PROVENANCE}.synced"), synced.as_ref());
    let text = editable.to_string();
    let text = format_record(kind, &text).unwrap_or(text);
    Some(Merged { text, counts, conflicts })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn every(_: &str) -> bool {
        true
    }

    const OLD: &str = "name = \"M\"\npublished = 2020-01-01\n# a person's comment\nparameters = 7e9\nnotes = \"by hand\"\n\n[data]\nepochs = 4\n\n[source]\ndataset = \"old\"\n";

    #[test]
    fn a_first_sync_takes_the_export_and_keeps_what_it_does_not_speak_for() {
        let new = json!({"name": "M", "published": "2020-01-01", "parameters": 8e9,
            "data": {"epochs": 4.0}, "source": {"dataset": "new"}});
        let covers = |path: &str| path != "notes";
        let merged = merge(RecordKind::Model, OLD, &new, &covers).unwrap();
        assert!(merged.text.contains("parameters = 8e9"), "{}", merged.text);
        assert!(merged.text.contains("# a person's comment"), "{}", merged.text);
        assert!(merged.text.contains("notes = \"by hand\""), "{}", merged.text);
        assert!(merged.text.contains("dataset = \"new\""), "{}", merged.text);
        assert!(merged.text.contains("synced = { \"data.epochs\" = "), "{}", merged.text);
        assert_eq!(merged.counts, FieldCounts { updated: 1, unchanged: 3, ..FieldCounts::default() });
        // The same export again: nothing changes, not a byte.
        let again = merge(RecordKind::Model, &merged.text, &new, &covers).unwrap();
        assert_eq!(again.text, merged.text);
        assert_eq!(again.counts.updated + again.counts.added + again.counts.conflicts, 0);
    }

    #[test]
    fn a_value_changed_by_hand_since_the_sync_is_kept_and_reported() {
        let first = json!({"name": "M", "published": "2020-01-01", "parameters": 8e9, "source": {"dataset": "new"}});
        let synced = merge(RecordKind::Model, OLD, &first, &every).unwrap().text;
        let edited = synced.replace("parameters = 8e9", "parameters = 9e9");
        let second = json!({"name": "M", "published": "2020-01-01", "parameters": 1e10, "source": {"dataset": "new"}});
        let merged = merge(RecordKind::Model, &edited, &second, &every).unwrap();
        assert!(merged.text.contains("parameters = 9e9"), "{}", merged.text);
        assert_eq!(merged.counts.conflicts, 1);
        assert_eq!(merged.conflicts.first().map(|c| c.field.as_str()), Some("parameters"));
    }

    #[test]
    fn numbers_compare_by_value() {
        assert_eq!(digest(&json!(4)), digest(&json!(4.0)));
        assert_ne!(digest(&json!(4)), digest(&json!(5)));
        assert_eq!(digest(&json!("x")).len(), 8);
    }

    /// A sync replaces the kept cells of the columns its export has and
    /// keeps the others' (a 2026 export, without Epoch's compute rank, keeps
    /// the rank a 2025 import kept).
    #[test]
    fn kept_cells_of_columns_the_export_lacks_stay() {
        let old = format!(
            "{OLD}cells = {{ Link = {{ text = \"a\\n\\nb\", of = \"1\" }}, \"Compute rank when published\" = {{ text = \"7\", of = \"2\" }} }}\n"
        );
        let new = json!({ "name": "M", "published": "2020-01-01", "source": { "dataset": "new" } });
        let covers = |path: &str| path != "source.cells.Compute rank when published";
        let merged = merge(RecordKind::Model, &old, &new, &covers).unwrap();
        assert!(merged.text.contains("Compute rank when published"), "{}", merged.text);
        assert!(!merged.text.contains("Link"), "the export has links, and writes them as flopdb does: {}", merged.text);

        let new = json!({ "name": "M", "published": "2020-01-01", "source": { "cells": { "Link": { "text": "c, d", "of": "3" } } } });
        let merged = merge(RecordKind::Model, &old, &new, &covers).unwrap();
        assert!(merged.text.contains("c, d") && !merged.text.contains("a\\n\\nb"), "{}", merged.text);
        assert!(merged.text.contains("Compute rank when published"), "{}", merged.text);
    }
}
