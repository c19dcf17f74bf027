//! A models export planned as a sync: new models and organizations whole,
//! models that exist merged field by field (`import::merge`) over the
//! fields the export's columns speak for, and models of an earlier Epoch
//! import that the export no longer has reported, never deleted.

use std::collections::BTreeSet;

use serde_json::Value as Json;

use super::columns::{Dictionary, EpochColumn, extra_key};
use super::export_kind::ExportKind;
use super::models::Imported;
use crate::diag::{Code, Diagnostic};
use crate::format::record_text;
use crate::import::{CsvTable, ImportPlan, PlannedFile, Reported, merge, synced_digests};
use crate::record::RecordKind;

use super::Target;

/// How many absent models the report names before it only counts.
const NAMED_ABSENT: usize = 20;

/// The record fields an export speaks for: those of its known columns, and
/// the `extra` key of every column (a cell that fits no field is kept there).
fn covered_fields(table: &CsvTable) -> BTreeSet<String> {
    let mut covered = BTreeSet::new();
    for (index, header) in table.header.iter().enumerate() {
        // A column withheld in this file speaks for no field: the records
        // keep what they hold.
        let read = !table.withheld.contains(&index);
        if let Some(column) = EpochColumn::from_header(header).filter(|_| read) {
            covered.extend(column.fields().iter().map(|f| f.to_string()));
            covered.insert(format!("source.cells.{}", column.name()));
        }
        covered.insert(format!("extra.{}", extra_key(header)));
    }
    covered
}

pub(super) fn plan_models(
    plan: &mut ImportPlan,
    imported: Imported,
    table: &CsvTable,
    export: &ExportKind,
    target: Target,
    diagnostics: &mut Reported,
) {
    plan.sync.refused += imported.refused;
    let covered = covered_fields(table);
    let covers = |path: &str| covered.contains(path);
    // Records that rows claim equally are left as they are, not absent.
    let mut matched: BTreeSet<String> = imported.held.iter().cloned().collect();
    // Organizations are written only for the models written or kept.
    let mut used_organizations: BTreeSet<String> = BTreeSet::new();
    for made in imported.models {
        let id = made.id;
        let mut json = serde_json::to_value(&made.model).unwrap_or_default();
        if !made.dated
            && let Some(map) = json.as_object_mut()
        {
            map.remove("published");
        }
        let existing = target.existing.models.get(&id).zip(target.root);
        // A record needs a publication date: a new row without one is refused
        // (a record that exists keeps its own, below).
        if !made.dated && existing.is_none() {
            plan.sync.refused += 1;
            diagnostics.push(super::models::undated(&table.path, made.line, &made.model.name));
            continue;
        }
        let covers = |path: &str| covers(path) && (made.dated || !path.starts_with("published"));
        used_organizations.extend(made.model.organizations.iter().map(|id| id.to_string()));
        let Some((loaded, root)) = existing else {
            let digests = synced_digests(&json, &covers);
            if let Some(source) = json.get_mut("source").and_then(Json::as_object_mut) {
                source.insert("synced".to_string(), serde_json::to_value(digests).unwrap_or_default());
            }
            plan.sync.new += 1;
            let text = record_text(RecordKind::Model, &json);
            plan.files.push(PlannedFile { kind: RecordKind::Model, id, text, merged: false });
            continue;
        };
        matched.insert(id.clone());
        // A record the source did not write is not the sync's to change.
        if !target.adopt && !from_source(&loaded.record) {
            plan.sync.not_synced += 1;
            diagnostics.push(
                Diagnostic::new(
                    Code::NotSynced,
                    format!(
                        "row at line {}: `{}` has the name of {id}, which was not imported from Epoch AI; the record is kept as it is",
                        made.line, made.model.name
                    ),
                )
                .in_file(&loaded.path)
                .with_help("if it is the export's model, pass --adopt to let the export update it from now on"),
            );
            continue;
        }
        let old = crate::repo::read_record(root, &loaded.path).ok().map(|source| source.text.clone());
        let Some((old, merged)) = old.and_then(|old| merge(RecordKind::Model, &old, &json, &covers).map(|m| (old, m)))
        else {
            diagnostics.push(
                Diagnostic::new(Code::Io, format!("{} could not be read to merge the export into it", id))
                    .in_file(&loaded.path),
            );
            continue;
        };
        let merged = match &made.renamed_from {
            Some(old_name) => {
                plan.sync.renamed += 1;
                crate::import::Merged { text: add_alias(RecordKind::Model, &merged.text, old_name), ..merged }
            }
            None => merged,
        };
        plan.sync.fields.add(merged.counts);
        for conflict in &merged.conflicts {
            let show = |v: &Option<Json>| v.as_ref().map_or_else(|| "nothing".to_string(), |v| shorten(&v.to_string()));
            diagnostics.push(
                Diagnostic::new(
                    Code::SyncConflict,
                    format!(
                        "`{}` of {id} was changed since the last sync: kept {}, the export has {}",
                        conflict.field,
                        show(&conflict.kept),
                        show(&conflict.export)
                    ),
                )
                .in_file(&loaded.path)
                .with_help("keep the record's value, or take the export's by hand"),
            );
        }
        if merged.text == old {
            plan.sync.unchanged += 1;
        } else {
            plan.sync.updated += 1;
            plan.files.push(PlannedFile { kind: RecordKind::Model, id, text: merged.text, merged: true });
        }
    }
    for (id, organization) in imported.organizations.into_iter().filter(|(id, _)| used_organizations.contains(id)) {
        let json = serde_json::to_value(&organization).unwrap_or_default();
        let text = record_text(RecordKind::Organization, &json);
        plan.files.push(PlannedFile { kind: RecordKind::Organization, id, text, merged: false });
    }
    if target.root.is_some() {
        report_absent(plan, export, target, &matched, diagnostics);
    }
}

/// Whether a record came from Epoch AI's exports: it holds the digests of
/// what a sync wrote, or names an Epoch export (an import from before
/// digests were kept).
fn from_source(model: &crate::record::Model) -> bool {
    model
        .source
        .as_ref()
        .is_some_and(|s| !s.synced.is_empty() || s.dataset.as_deref().is_some_and(|d| d.starts_with("Epoch AI")))
}

/// A record's text with `name` added to its aliases (once).
fn add_alias(kind: RecordKind, text: &str, name: &str) -> String {
    let Ok(mut document) = text.parse::<toml_edit::DocumentMut>() else { return text.to_string() };
    let mut aliases: Vec<Json> = document
        .get("aliases")
        .and_then(|a| a.as_array())
        .map(|a| a.iter().filter_map(|v| v.as_str()).map(|v| Json::String(v.to_string())).collect())
        .unwrap_or_default();
    let current = document.get("name").and_then(|n| n.as_str()).unwrap_or_default();
    let key = crate::record::name_key(name);
    if crate::record::name_key(current) == key
        || aliases.iter().any(|a| a.as_str().map(crate::record::name_key) == Some(key.clone()))
    {
        return text.to_string();
    }
    aliases.push(Json::String(name.to_string()));
    crate::format::set_field(&mut document, "aliases", Some(&Json::Array(aliases)));
    let edited = document.to_string();
    crate::format::format_record(kind, &edited).unwrap_or(edited)
}

/// Models of an earlier Epoch import that this export does not have.
fn report_absent(
    plan: &mut ImportPlan,
    export: &ExportKind,
    target: Target,
    matched: &BTreeSet<String>,
    diagnostics: &mut Reported,
) {
    let absent: Vec<&String> = target
        .existing
        .models
        .iter()
        .filter(|(id, m)| {
            let from_epoch =
                m.record.source.as_ref().and_then(|s| s.dataset.as_deref()).is_some_and(|d| d.starts_with("Epoch AI"));
            from_epoch && !matched.contains(*id)
        })
        .map(|(id, _)| id)
        .collect();
    plan.sync.absent = absent.len();
    if absent.is_empty() {
        return;
    }
    let named: Vec<&str> = absent.iter().take(NAMED_ABSENT).map(|id| id.as_str()).collect();
    let more = absent.len().saturating_sub(NAMED_ABSENT);
    diagnostics.push(
        Diagnostic::new(
            Code::AbsentFromExport,
            format!(
                "{} models imported from Epoch AI are not in {}: {}{}",
                absent.len(),
                export.credit,
                named.join(", "),
                if more > 0 { format!(" and {more} more") } else { String::new() }
            ),
        )
        .with_help("kept as they are; check whether Epoch renamed or removed them"),
    );
}

fn shorten(text: &str) -> String {
    const MAX: usize = 80;
    if text.chars().count() <= MAX { text.to_string() } else { text.chars().take(MAX).collect::<String>() + "…" }
}
