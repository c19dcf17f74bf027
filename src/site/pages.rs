//! What each page shows, as plain values for the templates: the records,
//! their resolutions and findings made into rows of text.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value as Json;

use super::readable::{readable_count, readable_flop};
use crate::diag::{Diagnostic, Severity};
use crate::estimate::{
    Estimate, Lineage, Origin, Resolution, compute_provenance, dataset_compute, lineage_working, totals_lineage,
};
use crate::git::FileDates;
use crate::record::{Model, RecordSet, Term};

/// One row of the table on the home page.
#[derive(Debug, Clone, Serialize)]
pub struct TableRow {
    pub id: String,
    pub name: String,
    pub published: String,
    pub organizations: String,
    pub domains: String,
    pub parameters: String,
    /// For sorting without parsing the readable text.
    pub parameters_value: Option<f64>,
    pub data: String,
    pub compute: String,
    pub compute_value: Option<f64>,
    pub method: String,
    pub confidence: String,
    /// What the explorer filters and searches on, beside the text shown.
    pub aliases: Vec<String>,
    pub organization_names: Vec<String>,
    pub domain_labels: Vec<String>,
    /// The developers' kind (`industry`, `academia + industry`, ...).
    pub kind: String,
    pub notable: bool,
    /// The data size's number, for sorting (units differ between domains).
    pub data_value: Option<f64>,
    /// Whose figure the compute is (`Origin::id`), and as the table says it.
    pub origin: String,
    pub origin_label: String,
    /// Every quantity of `trends::Quantity::ALL`, in that order, as
    /// `trends` and `models.csv` give it.
    pub values: Vec<Option<f64>>,
    pub countries: Vec<String>,
    pub accessibility: String,
    pub hardware_names: Vec<String>,
    pub finetune: bool,
    pub epoch_frontier: bool,
    pub open_weights: Option<bool>,
}

/// An estimate as `flopdb estimate` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct EstimateView {
    pub method: &'static str,
    pub working: String,
    pub assumptions: Vec<String>,
    pub chosen: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingView {
    pub severity: &'static str,
    pub code: &'static str,
    pub message: String,
    pub help: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WebLink {
    pub url: String,
    pub web: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub id: String,
    pub name: String,
}

/// Everything a model's page shows.
#[derive(Debug, Clone, Serialize)]
pub struct ModelPage {
    pub id: String,
    pub name: String,
    /// Every field of the record, by its dotted path, as its text (units
    /// written out, as in the record).
    pub fields: Vec<(String, String)>,
    pub compute: Option<String>,
    /// flopdb's method for its own figure (`lineage`, `operation-counting`...),
    /// `stated` for the record's.
    pub method: Option<&'static str>,
    /// Whose figure it is and how it was obtained, as a sentence.
    pub provenance: Option<String>,
    /// The record's fields in the page's sections.
    pub sections: Vec<super::model_view::Section>,
    /// Why flopdb has no estimate of its own, per method.
    pub not_estimated: Vec<String>,
    /// Why the figure shown is the one chosen.
    pub why: String,
    /// For a model with bases: its bases' compute plus its own.
    pub lineage: Option<String>,
    pub estimates: Vec<EstimateView>,
    pub hardware_unavailable: Option<String>,
    pub findings: Vec<FindingView>,
    /// The record's links; only `http(s)` ones become links (a record
    /// from a pull request could hold `javascript:`).
    pub links: Vec<WebLink>,
    pub bases: Vec<Link>,
    pub fine_tunes: Vec<Link>,
    pub organizations: Vec<Link>,
    pub hardware: Vec<Link>,
    pub created: Option<String>,
    pub last_modified: Option<String>,
    pub path: String,
}

/// Links to records by id, each named by its record (by its id where the
/// set has none).
fn linked<'a>(ids: impl Iterator<Item = &'a crate::record::Id>, name: impl Fn(&str) -> Option<&'a str>) -> Vec<Link> {
    ids.map(|id| Link { id: id.to_string(), name: name(id.as_str()).unwrap_or(id.as_str()).to_string() }).collect()
}

fn organization_links(model: &Model, set: &RecordSet) -> Vec<Link> {
    linked(model.organizations.iter(), |id| set.organizations.get(id).map(|o| o.record.name.as_str()))
}

/// The figure the dataset gives a model, and its method.
fn compute_of(
    model: &Model,
    resolution: &Resolution,
    lineage: Option<&Lineage>,
) -> (Option<f64>, Option<&'static str>) {
    dataset_compute(resolution, !model.base_model.is_empty(), lineage)
}

pub fn table_row(
    id: &str,
    model: &Model,
    set: &RecordSet,
    resolution: &Resolution,
    lineage: Option<&Lineage>,
) -> TableRow {
    let provenance = compute_provenance(model, resolution, lineage);
    let flop = provenance.as_ref().map(|p| p.flop);
    let organizations: Vec<&crate::record::Organization> =
        model.organizations.iter().filter_map(|o| set.organizations.get(o.as_str())).map(|o| &o.record).collect();
    let mut countries: Vec<String> = organizations.iter().filter_map(|o| o.country.clone()).collect();
    countries.sort();
    countries.dedup();
    let accelerators = model.hardware.iter().flat_map(|h| h.accelerator.iter());
    let data = model.data.as_ref().and_then(|d| d.size.as_ref()).map(|size| size.text().to_string());
    let data_value = data.as_deref().and_then(|text| text.split_whitespace().next()).and_then(|n| n.parse().ok());
    let organization_names: Vec<String> = organization_links(model, set).into_iter().map(|link| link.name).collect();
    let domain_labels: Vec<String> = model.domains.iter().map(|d| d.epoch_label().to_string()).collect();
    TableRow {
        id: id.to_string(),
        name: model.name.clone(),
        published: model.published.format("%Y-%m-%d").to_string(),
        organizations: organization_names.join(", "),
        domains: domain_labels.join(", "),
        aliases: model.aliases.clone(),
        organization_names,
        domain_labels,
        kind: crate::trends::developer_kind(model, set),
        notable: !model.notability.is_empty(),
        data_value,
        parameters: model.parameters.map(readable_count).unwrap_or_default(),
        parameters_value: model.parameters,
        data: data.unwrap_or_default(),
        compute: flop.map(readable_flop).unwrap_or_default(),
        compute_value: flop,
        method: provenance.as_ref().map(|p| p.method_text()).unwrap_or_default(),
        origin: provenance.as_ref().map(|p| p.origin.id()).unwrap_or_default().to_string(),
        origin_label: provenance.as_ref().map(|p| p.origin.short()).unwrap_or_default().to_string(),
        confidence: model.confidence.map(|c| c.epoch_label().to_string()).unwrap_or_default(),
        values: crate::trends::Quantity::ALL.iter().map(|q| q.of(model, resolution, flop, lineage)).collect(),
        countries,
        accessibility: model.accessibility.map(|a| a.epoch_label().to_string()).unwrap_or_default(),
        hardware_names: accelerators
            .map(|id| set.hardware.get(id.as_str()).map_or(id.as_str(), |h| h.record.name.as_str()).to_string())
            .collect(),
        finetune: !model.base_model.is_empty(),
        epoch_frontier: model.frontier_model == Some(true),
        open_weights: model.open_weights,
    }
}

/// A record's fields by dotted path (`compute.value`), each as its text.
fn fields(record: &impl Serialize) -> Vec<(String, String)> {
    fn text(value: &Json) -> String {
        match value {
            Json::String(s) => s.clone(),
            Json::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(", "),
            Json::Object(map) => map.iter().map(|(k, v)| format!("{k}: {}", text(v))).collect::<Vec<_>>().join("; "),
            // Numbers in the canonical text the records use (`1.75e11`).
            Json::Number(n) => n.as_f64().map_or_else(|| n.to_string(), crate::quantity::format_number),
            other => other.to_string(),
        }
    }
    let json = serde_json::to_value(record).unwrap_or_default();
    let mut out = Vec::new();
    let Some(map) = json.as_object() else { return out };
    for (key, value) in map {
        match value {
            // Provenance digests say nothing to a reader.
            Json::Object(_) if key == "source" => {
                if let Some(dataset) = value.get("dataset").and_then(Json::as_str) {
                    out.push(("source.dataset".to_string(), dataset.to_string()));
                }
            }
            Json::Object(inner) => {
                out.extend(inner.iter().map(|(k, v)| (format!("{key}.{k}"), text(v))));
            }
            Json::Null => {}
            value => out.push((key.clone(), text(value))),
        }
    }
    out
}

fn estimate_view(method: &'static str, estimate: &Option<Estimate>, chosen: bool) -> Option<EstimateView> {
    estimate.as_ref().map(|e| EstimateView {
        method,
        working: e.working.clone(),
        assumptions: e.assumptions.clone(),
        chosen,
    })
}

fn why(resolution: &Resolution) -> String {
    use crate::estimate::ResolvedMethod as M;
    match resolution.method {
        Some(M::Stated) if resolution.estimated().is_some() => {
            "The record gives this figure; flopdb's own estimates from the record's inputs are below, for comparison."
                .into()
        }
        Some(M::Stated) => {
            "The record gives this figure; flopdb cannot estimate it from the record's inputs (below).".into()
        }
        Some(M::OperationCounting) => "No stated value: the operation count, from parameters and tokens.".into(),
        Some(M::Hardware) => "No stated value and no operation count: chips x peak x time x utilization.".into(),
        Some(M::GeometricMean) => format!(
            "No stated value: the geometric mean of both estimates{}.",
            resolution.working.as_ref().map(|w| format!(" ({w})")).unwrap_or_default()
        ),
        None => "No estimate: the record gives neither parameters and tokens, nor hardware, chips and time.".into(),
    }
}

fn finding(d: &Diagnostic) -> FindingView {
    FindingView {
        severity: match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        code: d.code.id(),
        message: d.message.clone(),
        help: d.help.clone(),
    }
}

/// The models built on each model (its fine-tunes), by base id.
pub fn fine_tunes(set: &RecordSet) -> BTreeMap<String, Vec<Link>> {
    let mut out: BTreeMap<String, Vec<Link>> = BTreeMap::new();
    for (id, model) in &set.models {
        for base in model.record.base_model.iter() {
            out.entry(base.to_string()).or_default().push(Link { id: id.clone(), name: model.record.name.clone() });
        }
    }
    out
}

pub struct PageInputs<'a> {
    pub id: &'a str,
    pub model: &'a Model,
    pub lineage: Option<&'a Lineage>,
    pub path: String,
    pub set: &'a RecordSet,
    pub resolution: &'a Resolution,
    pub findings: &'a [&'a Diagnostic],
    pub dates: Option<FileDates>,
    pub fine_tunes: Vec<Link>,
}

pub fn model_page(inputs: PageInputs<'_>) -> ModelPage {
    use crate::estimate::ResolvedMethod as M;
    let r = inputs.resolution;
    let chosen = |m: M| r.method == Some(m) || r.method == Some(M::GeometricMean);
    let estimates = [
        estimate_view("operation counting", &r.operation_counting, chosen(M::OperationCounting)),
        estimate_view("hardware-time", &r.hardware, chosen(M::Hardware)),
    ]
    .into_iter()
    .flatten()
    .collect();
    let set = inputs.set;
    let bases = linked(inputs.model.base_model.iter(), |id| set.models.get(id).map(|m| m.record.name.as_str()));
    let organizations = organization_links(inputs.model, set);
    let accelerators = inputs.model.hardware.iter().flat_map(|h| h.accelerator.iter());
    let hardware = linked(accelerators, |id| set.hardware.get(id).map(|h| h.record.name.as_str()));
    let (flop, method) = compute_of(inputs.model, r, inputs.lineage);
    let names: Vec<&str> = bases.iter().map(|b| b.name.as_str()).collect();
    let lineage = inputs.lineage.and_then(|l| lineage_working(&names, l, r.stated.is_some()));
    let why = match method {
        Some("lineage") => {
            "No stated value for a model built on others: its bases' compute plus its own run's estimate (below)."
                .to_string()
        }
        None if totals_lineage(r, !inputs.model.base_model.is_empty()) => {
            "No total: the compute of a base model is not known, so the whole cannot be added up.".to_string()
        }
        _ => why(r),
    };
    let provenance = compute_provenance(inputs.model, r, inputs.lineage).map(|p| provenance_sentence(&p, inputs.model));
    let fields = fields(inputs.model);
    ModelPage {
        provenance,
        sections: super::model_view::sections(&fields, r),
        not_estimated: super::model_view::not_estimated(inputs.model, r),
        organizations,
        hardware,
        id: inputs.id.to_string(),
        name: inputs.model.name.clone(),
        fields,
        compute: flop.map(readable_flop),
        method,
        why,
        lineage,
        estimates,
        hardware_unavailable: r.hardware_unavailable.as_ref().map(ToString::to_string),
        findings: inputs.findings.iter().map(|d| finding(d)).collect(),
        links: inputs
            .model
            .links
            .iter()
            .map(|url| WebLink { url: url.clone(), web: url.starts_with("https://") || url.starts_with("http://") })
            .collect(),
        bases,
        fine_tunes: inputs.fine_tunes,
        created: inputs.dates.and_then(|d| d.created).map(|d| d.format("%Y-%m-%d").to_string()),
        last_modified: inputs.dates.and_then(|d| d.last_modified).map(|d| d.format("%Y-%m-%d").to_string()),
        path: inputs.path,
    }
}

/// Whose figure a model's compute is, with its method and confidence:
/// "Epoch AI's estimate, by comparison with other models; Epoch AI's
/// confidence: speculative."
fn provenance_sentence(provenance: &crate::estimate::ComputeProvenance, model: &Model) -> String {
    let methods: Vec<String> = provenance.methods.iter().map(|m| m.replace('-', " ")).collect();
    let how = match provenance.origin {
        Origin::LineageTotal | Origin::Unattributed | Origin::Reported => String::new(),
        _ if methods.is_empty() => String::new(),
        _ => format!(", by {}", methods.join(" and ")),
    };
    let whose = match provenance.origin {
        Origin::EpochEstimate => "Epoch AI's",
        _ => "the source's",
    };
    let confidence = match (provenance.origin, model.confidence) {
        (Origin::FlopdbEstimate | Origin::LineageTotal, _) | (_, None) => String::new(),
        (_, Some(c)) => format!("; {whose} confidence: {}", c.epoch_label().to_lowercase()),
    };
    format!("{}{how}{confidence}.", provenance.origin.label())
}

/// A model in a list: its page, date and compute.
#[derive(Debug, Clone, Serialize)]
pub struct ModelItem {
    pub id: String,
    pub name: String,
    pub published: String,
    pub compute: String,
}

/// An organization's or an accelerator's page: its record and its models,
/// newest first.
#[derive(Debug, Clone, Serialize)]
pub struct RecordPage {
    pub id: String,
    pub name: String,
    /// `organization` or `accelerator`.
    pub kind: &'static str,
    pub fields: Vec<(String, String)>,
    pub models: Vec<ModelItem>,
    pub path: String,
}

pub fn record_page(
    kind: &'static str,
    id: &str,
    name: &str,
    record: &impl Serialize,
    path: String,
    mut models: Vec<ModelItem>,
) -> RecordPage {
    models.sort_by(|a, b| (&b.published, &a.id).cmp(&(&a.published, &b.id)));
    RecordPage { id: id.to_string(), name: name.to_string(), kind, fields: fields(record), models, path }
}

/// An era's trend as a row of the trends page's tables.
#[derive(Debug, Clone, Serialize)]
pub struct EraRow {
    pub name: String,
    pub period: String,
    pub models: usize,
    pub oom_per_year: String,
    pub doubling_months: String,
    pub r_squared: String,
}

pub fn era_rows(analysis: &crate::trends::Analysis) -> Vec<EraRow> {
    let interval = |i: &Option<crate::trends::Interval>| {
        i.as_ref().map(|i| format!(" [{:.1}, {:.1}]", i.low, i.high)).unwrap_or_default()
    };
    analysis
        .eras
        .iter()
        .map(|era| EraRow {
            name: era.era.name.clone(),
            period: format!("{} to {}", era.first, era.last),
            models: era.n,
            oom_per_year: format!("{:.2}", era.slope_oom_per_year),
            doubling_months: era.doubling_months.map_or_else(
                || "no growth".to_string(),
                |d| format!("{d:.1}{}", interval(&era.doubling_interval_months)),
            ),
            r_squared: format!("{:.2}", era.r_squared),
        })
        .collect()
}
