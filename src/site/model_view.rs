//! A model's page in sections a reader follows (the model, its training
//! compute and how it was obtained, parameters and data, hardware and time,
//! cost and energy, sources and notes, provenance), each field under a
//! label with its value made readable (`$388M`, `5e26 FLOP`, `3 T
//! parameters`) and the https addresses in its text linked. The raw fields
//! stay on the page too, in a collapsed table.

use serde::Serialize;

use super::readable::{Segment, grouped, linked_text, readable_count, readable_dollars, readable_flop};
use crate::estimate::Resolution;
use crate::record::Model;

/// One labelled value.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub label: String,
    pub value: Vec<Segment>,
    /// Long text (notes, abstracts): shown as a paragraph.
    pub long: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub id: &'static str,
    pub title: &'static str,
    pub rows: Vec<Row>,
}

/// The sections, in the page's order; `compute` also holds the figure's
/// provenance and flopdb's working (the template adds them).
const SECTIONS: [(&str, &str); 7] = [
    ("model", "The model"),
    ("compute", "Training compute and how it was obtained"),
    ("parameters", "Parameters and data"),
    ("hardware", "Hardware and time"),
    ("cost", "Cost and energy"),
    ("sources", "Sources and notes"),
    ("provenance", "Provenance"),
];

/// The section of a field, by its dotted path.
fn section_of(path: &str) -> &'static str {
    match path {
        p if p.starts_with("compute.cost") || p.ends_with("_usd") || p == "hardware.power_draw" => "cost",
        p if p.starts_with("compute.")
            || p.starts_with("finetune.")
            || p.starts_with("post_training.")
            || p == "confidence" =>
        {
            "compute"
        }
        p if p.starts_with("parameters") || p == "active_parameters" || p.starts_with("data.") => "parameters",
        p if p.starts_with("hardware.") => "hardware",
        "links" | "archived_links" | "notes" | "reference" => "sources",
        p if p.starts_with("extra.") => "sources",
        p if p.starts_with("source.") => "provenance",
        _ => "model",
    }
}

/// A field's label as a reader says it.
fn label_of(path: &str) -> String {
    let known = match path {
        "published" => "Published",
        "published_precision" => "Date known to the",
        "organizations" => "Organizations",
        "aliases" => "Also known as",
        "distinct_from" => "Not to be confused with",
        "notability" => "Notable for",
        "confidence" => "Confidence in the compute (the source's)",
        "accessibility" => "Model accessibility",
        "open_weights" => "Open weights",
        "base_model" => "Built on",
        "abstract" => "Abstract",
        "parameters" => "Parameters",
        "active_parameters" => "Active parameters",
        "compute.value" => "Training compute, as the record gives it",
        "compute.method" => "Method (the record's)",
        "compute.notes" => "How the figure was obtained",
        "compute.benchmark_estimate" => "Epoch AI's estimate from benchmark scores",
        "compute.lower" => "Lower bound",
        "compute.upper" => "Upper bound",
        "compute.cost_2023_usd" => "Training cost (2023 US dollars)",
        "compute.cost_cloud_usd" => "Training cost at cloud prices",
        "compute.cost_upfront_usd" => "Hardware cost up front",
        "compute.hardware_acquisition_cost_usd" => "Hardware acquisition cost",
        "compute.cost_notes" => "Notes on the cost",
        "data.size" => "Training data size",
        "data.seen" => "Data seen in training",
        "data.epochs" => "Epochs",
        "data.datasets" => "Datasets",
        "hardware.accelerator" => "Accelerator",
        "hardware.count" => "Chips",
        "hardware.duration" => "Training time",
        "hardware.chip_time" => "Chip time",
        "hardware.utilization" => "Utilization (MFU)",
        "hardware.hfu" => "Hardware FLOP utilization",
        "hardware.power_draw" => "Power draw",
        "hardware.data_center" => "Data center",
        "finetune.value" => "Fine-tuning compute (its own run)",
        "post_training.value" => "Post-training compute",
        "source.dataset" => "Imported from",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_string();
    }
    let last = path.rsplit('.').next().unwrap_or(path);
    let words = last.replace('_', " ");
    let mut chars = words.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The first number of a field's text (`"5e26 FLOP"` is 5e26).
fn leading_number(text: &str) -> Option<f64> {
    text.split_whitespace().next()?.parse().ok().filter(|v: &f64| v.is_finite())
}

/// A field's value as a reader wants it.
fn readable_value(path: &str, text: &str) -> String {
    let number = leading_number(text);
    let unit = text.split_once(' ').map(|(_, unit)| unit).unwrap_or_default();
    match (path, number) {
        (p, Some(n)) if p.ends_with("_usd") => readable_dollars(n),
        (
            "compute.value"
            | "compute.lower"
            | "compute.upper"
            | "compute.benchmark_estimate"
            | "finetune.value"
            | "post_training.value",
            Some(n),
        ) => readable_flop(n),
        ("parameters" | "active_parameters", Some(n)) => format!("{} parameters", readable_count(n)),
        ("data.size" | "data.seen", Some(n)) if !unit.is_empty() => format!("{} {unit}", readable_count(n)),
        ("hardware.count", Some(n)) if n >= 0.0 && n.fract() == 0.0 && n < 1e15 => {
            format!("{} chips", grouped(n as u64))
        }
        ("citations", Some(n)) if n >= 0.0 && n.fract() == 0.0 && n < 1e15 => grouped(n as u64),
        (_, _) if text == "true" => "yes".to_string(),
        (_, _) if text == "false" => "no".to_string(),
        _ => text.to_string(),
    }
}

/// The record's fields (`pages::fields`) in sections; the name is the page's
/// title and left out.
pub fn sections(fields: &[(String, String)], resolution: &Resolution) -> Vec<Section> {
    let mut out: Vec<Section> = SECTIONS.iter().map(|(id, title)| Section { id, title, rows: Vec::new() }).collect();
    let mut put = |section: &str, row: Row| {
        if let Some(s) = out.iter_mut().find(|s| s.id == section) {
            s.rows.push(row);
        }
    };
    for (path, text) in fields {
        // The title, the byline and the list of links say these already.
        if matches!(path.as_str(), "name" | "organizations" | "links") {
            continue;
        }
        let long = path.ends_with("notes") || path == "abstract" || text.len() > 160;
        let value = readable_value(path, text);
        put(section_of(path), Row { label: label_of(path), value: linked_text(&value), long });
    }
    if let Some(kwh) = resolution.energy_kwh {
        let text = format!("{} kWh (flopdb's estimate: chips x power x time)", readable_count(kwh));
        put("cost", Row { label: "Training energy".into(), value: linked_text(&text), long: false });
    }
    out.retain(|s| !s.rows.is_empty() || s.id == "compute" || s.id == "provenance");
    out
}

/// Why flopdb has no estimate of its own for a model, one line per method.
pub fn not_estimated(model: &Model, resolution: &Resolution) -> Vec<String> {
    let mut out = Vec::new();
    if resolution.operation_counting.is_none() {
        let data = model.data.as_ref();
        let mut missing = Vec::new();
        let forward = model.compute.as_ref().and_then(|c| c.forward_flop_per_example.as_ref()).is_some();
        if model.parameters.is_none() && !forward {
            missing.push("no parameter count");
        }
        if data.and_then(|d| d.seen.as_ref()).is_none() && data.and_then(|d| d.size.as_ref()).is_none() {
            missing.push("no training data size (tokens seen, or data size and epochs)");
        }
        let why = if missing.is_empty() {
            "its inputs are in units operation counting cannot combine".to_string()
        } else {
            format!("the record gives {}", missing.join(" and "))
        };
        out.push(format!("Operation counting (6 x parameters x tokens): {why}."));
    }
    if resolution.hardware.is_none() {
        let why = match &resolution.hardware_unavailable {
            Some(reason) => reason.to_string(),
            None => {
                let hardware = model.hardware.as_ref();
                let mut missing = Vec::new();
                if hardware.is_none_or(|h| h.accelerator.is_empty()) {
                    missing.push("no accelerator");
                }
                let time = hardware.is_some_and(|h| h.duration.is_some() && h.count.is_some());
                if !time && hardware.is_none_or(|h| h.chip_time.is_none()) {
                    missing.push("no chip count with a training time (nor chip-hours)");
                }
                if missing.is_empty() {
                    "its inputs do not combine".to_string()
                } else {
                    format!("the record gives {}", missing.join(" and "))
                }
            }
        };
        out.push(format!("Hardware-time (chips x peak x time x utilization): {why}."));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_with_their_units() {
        assert_eq!(readable_value("compute.cost_2023_usd", "3.8784267808636147e8"), "$388M");
        assert_eq!(readable_value("compute.value", "5.0000000000001e26 FLOP"), "5e26 FLOP");
        assert_eq!(readable_value("parameters", "3e12"), "3 T parameters");
        assert_eq!(readable_value("data.size", "1.5e13 tokens"), "15 T tokens");
        assert_eq!(readable_value("hardware.count", "200000"), "200,000 chips");
        assert_eq!(readable_value("open_weights", "false"), "no");
        assert_eq!(readable_value("reference", "Grok 4"), "Grok 4");
        assert_eq!(label_of("compute.cost_notes"), "Notes on the cost");
        assert_eq!(label_of("code_accessibility"), "Code accessibility");
    }

    #[test]
    fn every_field_has_a_section() {
        assert_eq!(section_of("compute.cost_2023_usd"), "cost");
        assert_eq!(section_of("compute.notes"), "compute");
        assert_eq!(section_of("data.size"), "parameters");
        assert_eq!(section_of("hardware.duration"), "hardware");
        assert_eq!(section_of("links"), "sources");
        assert_eq!(section_of("tasks"), "model");
        assert_eq!(section_of("source.dataset"), "provenance");
    }
}
