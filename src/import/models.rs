//! Rows of a models export into model and organization records.

use std::collections::BTreeMap;

use super::ids::Ids;
use super::layout::Layout;
use super::row::{RowReader, Stats};
use super::table::Table;
use crate::record::name_key;
use crate::diag::{Code, Diagnostic};
use crate::quantity::{ChipTime, DataSize, Dimension, Duration, Flop, Fraction, Power, format_number, readable};
use crate::record::{
    Accessibility, Approach, Categorization, CodeAccessibility, Compute, Confidence, Count, Domain, ExtraCompute, Id,
    Method, Model, Notability, OneOrMany, Organization, Precision, RecordSet, Source, Task, Term, TrainingData,
    TrainingHardware, slugify,
};

/// A model read from a row, before ids are given to what it names.
struct Draft {
    model: Model,
    dated: bool,
    line: usize,
    organizations: Vec<String>,
    categorizations: Vec<Option<Categorization>>,
    countries: Vec<Option<String>>,
    /// The cells as written, kept verbatim when they conflict with an earlier row.
    categorization_cell: Option<String>,
    country_cell: Option<String>,
    base_model: Option<String>,
}

pub struct Imported {
    /// Each model with its id, and whether it has a publication date (a
    /// model without one is written without `published`, and check says so).
    pub models: Vec<(String, Model, bool)>,
    pub organizations: Vec<(String, Organization)>,
}

/// Reads every row of a models table.
pub fn import_models(
    table: &Table,
    layout: Layout,
    existing: &RecordSet,
    diagnostics: &mut Vec<Diagnostic>,
    stats: &mut Stats,
) -> Imported {
    let drafts: Vec<Draft> = table.rows.iter().map(|row| read_row(table, row, layout, diagnostics, stats)).collect();
    let report = |diagnostics: &mut Vec<Diagnostic>, stats: &mut Stats, line: usize, column: &str, message: String| {
        let index = table.header.iter().position(|h| h == column).map_or(1, |i| i + 1);
        stats.values_reported += 1;
        diagnostics.push(Diagnostic::new(Code::ImportValue, message).at_line(&table.path, line, index));
    };

    // Organizations: existing records are matched by name or alias; new ones
    // are made once per name, with the first categorization and country
    // given for them.
    let mut existing_orgs: BTreeMap<String, String> = BTreeMap::new();
    for (id, org) in &existing.organizations {
        for name in std::iter::once(&org.record.name).chain(&org.record.aliases) {
            existing_orgs.entry(name_key(name)).or_insert_with(|| id.clone());
        }
    }
    let mut org_ids = Ids::default();
    let mut new_orgs: BTreeMap<String, (String, Organization)> = BTreeMap::new();
    let mut org_id_by_key: BTreeMap<String, String> = existing_orgs.clone();
    let mut models_out = Vec::new();
    let mut drafts_with_orgs = Vec::new();
    for mut draft in drafts {
        let mut ids = Vec::new();
        for (i, name) in draft.organizations.iter().enumerate() {
            let key = name_key(name);
            let category = draft.categorizations.get(i).copied().flatten();
            let country = draft.countries.get(i).cloned().flatten();
            let id = org_id_by_key.entry(key.clone()).or_insert_with(|| org_ids.allocate(name)).clone();
            if !existing_orgs.contains_key(&key) {
                let entry = new_orgs.entry(key).or_insert_with(|| {
                    let org = Organization {
                        name: name.clone(),
                        aliases: Vec::new(),
                        categorization: None,
                        country: None,
                        links: Vec::new(),
                        notes: None,
                    };
                    (id.clone(), org)
                });
                let org = &mut entry.1;
                let categorization_column = categorization_column(layout);
                match (org.categorization, category) {
                    (None, Some(c)) => org.categorization = Some(c),
                    (Some(a), Some(b)) if a != b => {
                        report(
                            diagnostics,
                            stats,
                            draft.line,
                            categorization_column,
                            format!(
                                "`{name}` is categorized `{}` here and `{}` in an earlier row; the organization keeps the first, this row's cell is kept as extra",
                                b.epoch_label(),
                                a.epoch_label()
                            ),
                        );
                        keep_cell(&mut draft.model, categorization_column, &draft.categorization_cell);
                    }
                    _ => {}
                }
                match (&org.country, country) {
                    (None, Some(c)) => org.country = Some(c),
                    (Some(a), Some(b)) if *a != b => {
                        report(
                            diagnostics,
                            stats,
                            draft.line,
                            COUNTRY,
                            format!(
                                "`{name}` is in `{b}` here and `{a}` in an earlier row; the organization keeps the first, this row's cell is kept as extra"
                            ),
                        );
                        keep_cell(&mut draft.model, COUNTRY, &draft.country_cell);
                    }
                    _ => {}
                }
            }
            ids.extend(Id::new(&id));
        }
        draft.model.organizations = ids;
        drafts_with_orgs.push(draft);
    }

    // A row that is a model already in the repository (a re-import) keeps
    // that record's id and name, so `--force` updates it in place.
    let matched = match_existing(&drafts_with_orgs, existing);
    for (draft, id) in drafts_with_orgs.iter_mut().zip(&matched) {
        if let Some(record) = id.as_ref().and_then(|id| existing.models.get(id))
            && record.record.name != draft.model.name
        {
            let original = std::mem::replace(&mut draft.model.name, record.record.name.clone());
            draft.model.source.get_or_insert_with(Source::default).name = Some(original);
        }
    }

    // Names: the first model of a name keeps it; a later one gets its
    // organization (or date) added, and the source's name is kept.
    let mut seen_names: BTreeMap<String, usize> = existing
        .models
        .iter()
        .filter(|(id, _)| !matched.iter().flatten().any(|m| m == *id))
        .map(|(_, m)| (name_key(&m.record.name), 0))
        .collect();
    for (draft, matched) in drafts_with_orgs.iter_mut().zip(&matched) {
        if matched.is_some() {
            seen_names.insert(name_key(&draft.model.name), 0);
            continue;
        }
        let original = draft.model.name.clone();
        if seen_names.contains_key(&name_key(&original)) {
            let org = draft.organizations.first().cloned();
            let mut renamed = match org {
                Some(org) => format!("{original} ({org})"),
                None => format!("{original} ({})", draft.model.published),
            };
            if seen_names.contains_key(&name_key(&renamed)) {
                renamed = format!("{original} ({})", draft.model.published);
            }
            let mut n = 2;
            while seen_names.contains_key(&name_key(&renamed)) {
                renamed = format!("{original} ({}, {n})", draft.model.published);
                n += 1;
            }
            report(
                diagnostics,
                stats,
                draft.line,
                name_column(layout),
                format!(
                    "another model is named `{original}`; this one is named `{renamed}`, the source's name kept in source.name"
                ),
            );
            draft.model.name = renamed;
            draft.model.source.get_or_insert_with(Source::default).name = Some(original);
        }
        seen_names.insert(name_key(&draft.model.name), 0);
    }

    // Ids, in row order; then base models by their source name.
    let mut model_ids = Ids::taken(existing.models.keys().cloned());
    let mut id_by_source_name: BTreeMap<String, String> =
        existing.models.iter().map(|(id, m)| (name_key(&m.record.name), id.clone())).collect();
    let mut ids = Vec::new();
    for (draft, matched) in drafts_with_orgs.iter().zip(&matched) {
        let id = matched.clone().unwrap_or_else(|| model_ids.allocate(&draft.model.name));
        let source_name =
            draft.model.source.as_ref().and_then(|s| s.name.clone()).unwrap_or_else(|| draft.model.name.clone());
        id_by_source_name.entry(name_key(&source_name)).or_insert_with(|| id.clone());
        ids.push(id);
    }
    for (draft, id) in drafts_with_orgs.into_iter().zip(ids) {
        let mut model = draft.model;
        if let Some(base) = &draft.base_model {
            match id_by_source_name.get(&name_key(base)).and_then(|b| Id::new(b)).filter(|b| b.as_str() != id) {
                Some(base_id) => model.base_model = Some(base_id),
                None => {
                    report(
                        diagnostics,
                        stats,
                        draft.line,
                        "Base model",
                        format!("the base model `{base}` is not a model of this table; kept as extra.base_model"),
                    );
                    model.extra.insert("base_model".to_string(), base.clone());
                }
            }
        }
        models_out.push((id, model, draft.dated));
    }
    Imported { models: models_out, organizations: new_orgs.into_values().collect() }
}

/// For each row, the existing model record it is, if any: one whose name
/// (or source name) is the row's, preferring the one with the same
/// organizations; each record matched once, in row order.
fn match_existing(drafts: &[Draft], existing: &RecordSet) -> Vec<Option<String>> {
    let mut by_name: BTreeMap<String, Vec<&String>> = BTreeMap::new();
    for (id, loaded) in &existing.models {
        let record = &loaded.record;
        let source = record.source.as_ref().and_then(|s| s.name.as_deref()).unwrap_or(&record.name);
        by_name.entry(name_key(source)).or_default().push(id);
    }
    let mut used: std::collections::BTreeSet<&String> = std::collections::BTreeSet::new();
    drafts
        .iter()
        .map(|draft| {
            let candidates: Vec<&String> = by_name
                .get(&name_key(&draft.model.name))
                .map(|ids| ids.iter().copied().filter(|id| !used.contains(id)).collect())
                .unwrap_or_default();
            let same_orgs = |id: &&String| {
                existing.models.get(id.as_str()).is_some_and(|m| m.record.organizations == draft.model.organizations)
            };
            let pick = candidates.iter().copied().find(same_orgs).or_else(|| candidates.first().copied());
            pick.map(|id| {
                used.insert(id);
                id.clone()
            })
        })
        .collect()
}

const COUNTRY: &str = "Country (of organization)";

fn categorization_column(layout: Layout) -> &'static str {
    if layout == Layout::Models2025 { "Organization categorization" } else { "Organization Categorization" }
}

/// Keeps a row's cell verbatim in the model's `extra` (once).
fn keep_cell(model: &mut Model, column: &str, cell: &Option<String>) {
    if let Some(cell) = cell {
        model.extra.entry(super::row::column_key(column)).or_insert_with(|| cell.clone());
    }
}

fn name_column(layout: Layout) -> &'static str {
    if layout == Layout::Models2025 { "Model" } else { "System" }
}

fn read_row(
    table: &Table,
    row: &super::table::Row,
    layout: Layout,
    diagnostics: &mut Vec<Diagnostic>,
    stats: &mut Stats,
) -> Draft {
    let mut r = RowReader::new(table, row, layout, diagnostics, stats);
    let line = r.line();
    let name = match r.text(&["Model", "System"]) {
        Some(name) => name,
        None => {
            let placeholder = format!("Unnamed system (line {line})");
            r.report_missing(&["Model", "System"], &format!("no name; the record is named `{placeholder}`"));
            placeholder
        }
    };
    let mut source = Source { dataset: Some(layout.source_name().to_string()), ..Source::default() };
    // The 2022 tables give a year beside the date, and sometimes only a year.
    let year = r.number(&["Year"]).filter(|y| y.fract() == 0.0 && (1900.0..3000.0).contains(y));
    let published = match r.date(&["Publication date"]) {
        Some(date) => Some(date),
        None => year.and_then(|y| {
            source.published = Some(format_number(y));
            chrono::NaiveDate::from_ymd_opt(y as i32, 1, 1)
        }),
    };
    let organizations = r.list(&["Organization", "Organization(s)"]);
    let categorization_cell = r.peek(&["Organization categorization", "Organization Categorization"]);
    let country_cell = r.peek(&["Country (of organization)"]);
    let categorization_labels = r.list(&["Organization categorization", "Organization Categorization"]);
    let categorizations = line_up(
        &mut r,
        &organizations,
        categorization_labels,
        &["Organization categorization", "Organization Categorization"],
        |l| Categorization::from_epoch_label(l).map(Some),
    );
    let country_labels = r.list(&["Country (of organization)"]);
    let countries =
        line_up(&mut r, &organizations, country_labels, &["Country (of organization)"], |l| Some(Some(l.to_string())));

    let domains = r.terms::<Domain>(&["Domain"], "domain");
    let task_terms = r.terms_with(&["Task"], "task", Task::from_epoch_label);
    let notability = r.terms::<Notability>(&["Notability criteria", "Inclusion criteria"], "notability criterion");
    let confidence = r.terms::<Confidence>(&["Confidence"], "confidence").first().copied();
    let accessibility = r.terms::<Accessibility>(&["Model accessibility"], "accessibility").first().copied();
    let code_accessibility =
        r.terms::<CodeAccessibility>(&["Training code accessibility"], "code accessibility").first().copied();
    let approach = r.terms::<Approach>(&["Approach"], "approach");
    let methods = r.terms::<Method>(&["Training compute estimation method"], "estimation method");
    let precision = r.terms::<Precision>(&["Numerical format"], "number format");
    let links = r.links(&["Link"]);
    let archived_links = r.links(&["Archived links"]);
    let foundation = r.text(&["Foundation model"]);
    let foundation_model = match foundation.as_deref() {
        None => None,
        Some("checked") => Some(true),
        Some(_) => {
            r.keep(&["Foundation model"], "expected `checked` or nothing");
            None
        }
    };

    let flop = |r: &mut RowReader, names: &[&str]| -> Option<Flop> {
        let value = r.positive(names)?;
        Flop::from_flop(value).map_err(|e| r.keep(names, &e.to_string())).ok()
    };
    let quantity = |r: &mut RowReader, names: &[&str], unit: &str| -> Option<String> {
        r.positive(names).map(|v| format!("{} {unit}", format_number(v)))
    };
    let compute = Compute {
        value: flop(&mut r, &["Training compute (FLOP)", "Training compute (FLOPs)"]),
        method: OneOrMany(methods),
        notes: r.text(&["Training compute notes"]),
        lower: flop(&mut r, &["Training compute lower bound"]),
        upper: flop(&mut r, &["Training compute upper bound"]),
        forward_flop_per_example: None,
        backward_forward_ratio: None,
        cost_2023_usd: r.number(&["Training compute cost (2023 USD)"]),
    };
    let size =
        quantity(&mut r, &["Training dataset size (datapoints)"], "datapoints").and_then(|t| DataSize::parse(&t).ok());
    let data = TrainingData {
        datasets: r.list(&["Training dataset"]),
        notes: r.text(&["Training dataset notes"]),
        size,
        size_notes: r.text(&["Dataset size notes"]),
        epochs: r.positive(&["Epochs"]),
        batch_size: r.positive(&["Batch size"]),
        batch_size_notes: r.text(&["Batch size notes"]),
    };
    let hardware_names = r.list(&["Training hardware"]);
    let count =
        r.positive(&["Hardware quantity"]).and_then(|v| if v.fract() == 0.0 { Some(Count(v as u64)) } else { None });
    let utilization = r.positive(&["Hardware utilization (MFU)"]).and_then(|v| match Fraction::new(v) {
        Ok(f) => Some(f),
        Err(e) => {
            r.keep(&["Hardware utilization (MFU)"], &e.to_string());
            None
        }
    });
    let hardware = TrainingHardware {
        accelerator: OneOrMany(hardware_names.iter().filter_map(|n| Id::new(&slugify(n))).collect()),
        count,
        duration: quantity(&mut r, &["Training time (hours)"], "h").and_then(|t| Duration::parse(&t).ok()),
        duration_notes: r.text(&["Training time notes"]),
        chip_time: quantity(&mut r, &["Training chip-hours"], "chip-hours").and_then(|t| ChipTime::parse(&t).ok()),
        utilization,
        utilization_notes: r.text(&["Utilization notes"]),
        precision: OneOrMany(precision),
        power_draw: r
            .positive(&["Training power draw (W)"])
            .and_then(|v| readable(v, Dimension::Power))
            .and_then(|t| Power::parse(&t).ok()),
        cloud_vendor: r.text(&["Training cloud compute vendor"]),
        data_center: r.text(&["Training data center"]),
        notes: None,
    };
    let extra_compute = |r: &mut RowReader, value: &[&str], notes: &[&str]| -> Option<ExtraCompute> {
        let extra = ExtraCompute { value: flop(r, value), notes: r.text(notes) };
        (extra != ExtraCompute::default()).then_some(extra)
    };
    let finetune = extra_compute(&mut r, &["Finetune compute (FLOP)"], &["Finetune compute notes"]);
    let post_training = extra_compute(&mut r, &["Post-training compute (FLOP)"], &["Post-training compute notes"]);
    let citations =
        r.number(&["Citations"]).and_then(|c| if c >= 0.0 && c.fract() == 0.0 { Some(Count(c as u64)) } else { None });
    source.last_modified = r.text(&["Last modified"]);
    let model = Model {
        name,
        aliases: Vec::new(),
        // Left out of the written record when unknown (see `dated`).
        published: published.unwrap_or_default(),
        organizations: Vec::new(),
        authors: r.list(&["Authors", "Author(s)"]),
        domains,
        tasks: task_terms,
        notability,
        notability_notes: r.text(&["Notability criteria notes"]),
        confidence,
        accessibility,
        code_accessibility,
        accessibility_notes: r.text(&["Accessibility notes"]),
        approach,
        foundation_model,
        base_model: None,
        reference: r.text(&["Reference"]),
        links,
        archived_links,
        citations,
        abstract_text: r.text(&["Abstract"]),
        parameters: r.positive(&["Parameters"]),
        active_parameters: None,
        parameters_notes: r.text(&["Parameters notes"]),
        benchmark_name: r.text(&["Benchmark data"]),
        hugging_face_developer: r.text(&["Hugging Face developer id"]),
        notes: None,
        data: (data != TrainingData::default()).then_some(data),
        compute: (compute != Compute::default()).then_some(compute),
        hardware: (hardware != TrainingHardware::default()).then_some(hardware),
        finetune,
        post_training,
        extra: BTreeMap::new(),
        source: Some(source),
    };
    let base_model = r.text(&["Base model"]);
    let extra = r.finish();
    let model = Model { extra, ..model };
    Draft {
        model,
        dated: published.is_some(),
        line,
        organizations,
        categorizations,
        countries,
        categorization_cell,
        country_cell,
        base_model,
    }
}

/// Lines a per-organization list up with the organizations. A list of
/// another length cannot be paired without guessing: it is reported and kept.
fn line_up<T>(
    r: &mut RowReader,
    organizations: &[String],
    labels: Vec<String>,
    column: &[&str],
    parse: impl Fn(&str) -> Option<Option<T>>,
) -> Vec<Option<T>> {
    if labels.is_empty() {
        return Vec::new();
    }
    if labels.len() != organizations.len() {
        r.keep(
            column,
            &format!("{} values for {} organizations, so they cannot be paired", labels.len(), organizations.len()),
        );
        return Vec::new();
    }
    let parsed: Option<Vec<Option<T>>> = labels.iter().map(|l| parse(l)).collect();
    match parsed {
        Some(values) => values,
        None => {
            r.keep(column, "an unknown value");
            Vec::new()
        }
    }
}
