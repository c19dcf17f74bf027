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
    for header in &table.header {
        if let Some(column) = EpochColumn::from_header(header) {
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
    let mut matched = BTreeSet::new();
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
        let old = crate::repo::read_record(root, &loaded.path).ok().map(|source| source.text.clone());
        let Some((old, merged)) = old.and_then(|old| merge(RecordKind::Model, &old, &json, &covers).map(|m| (old, m)))
        else {
            diagnostics.push(
                Diagnostic::new(Code::Io, format!("{} could not be read to merge the export into it", id))
                    .in_file(&loaded.path),
            );
            continue;
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
