//! Models in Epoch AI's own layout: the 57 columns of the 2025 "All ML
//! Systems" export, filled from the records, so notebooks written for
//! Epoch's file read flopdb's. A cell the importer could not map (kept in
//! the record's `extra`) is written back verbatim.

use uom::si::time::hour;

use crate::import::column_key;
use crate::quantity::format_number;
use crate::record::{Model, RecordSet, Term};

/// The columns of Epoch's 2025 export, in its order.
pub const COLUMNS: [&str; 57] = [
    "Model",
    "Domain",
    "Task",
    "Organization",
    "Authors",
    "Publication date",
    "Reference",
    "Link",
    "Citations",
    "Notability criteria",
    "Notability criteria notes",
    "Parameters",
    "Parameters notes",
    "Training compute (FLOP)",
    "Training compute notes",
    "Training dataset",
    "Training dataset notes",
    "Training dataset size (datapoints)",
    "Dataset size notes",
    "Training time (hours)",
    "Training time notes",
    "Training hardware",
    "Approach",
    "Confidence",
    "Abstract",
    "Epochs",
    "Benchmark data",
    "Model accessibility",
    "Country (of organization)",
    "Base model",
    "Finetune compute (FLOP)",
    "Finetune compute notes",
    "Hardware quantity",
    "Hardware utilization (MFU)",
    "Last modified",
    "Training cloud compute vendor",
    "Training data center",
    "Archived links",
    "Batch size",
    "Batch size notes",
    "Organization categorization",
    "Foundation model",
    "Training compute lower bound",
    "Training compute upper bound",
    "Training chip-hours",
    "Training code accessibility",
    "Accessibility notes",
    "Organization categorization (from Organization)",
    "Training compute cost (2023 USD)",
    "Utilization notes",
    "Numerical format",
    "Training power draw (W)",
    "Training compute estimation method",
    "Hugging Face developer id",
    "Post-training compute (FLOP)",
    "Post-training compute notes",
    "Compute rank when published",
];

fn labels<T: Term>(terms: &[T]) -> String {
    terms.iter().map(|t| t.epoch_label()).collect::<Vec<_>>().join(",")
}

fn number(value: Option<f64>) -> String {
    value.map(format_number).unwrap_or_default()
}

fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

/// One model as a row of [`COLUMNS`].
pub fn row(model: &Model, set: &RecordSet) -> Vec<String> {
    COLUMNS.iter().map(|column| cell(column, model, set)).collect()
}

/// The base model as Epoch names it: by the name it was imported under, or
/// its own; by its id when `set` does not have it (yet: the build reads
/// models in file order, and fills the names in once it has them all).
pub fn base_model_name(id: &str, set: &RecordSet) -> String {
    set.model_index.get(id).map_or_else(|| id.to_string(), |b| b.record.epoch_name().to_string())
}

/// The base model's id, when the "Base model" column is made from it (and
/// not kept verbatim from an import).
pub fn derived_base_model(m: &Model) -> Option<&str> {
    m.base_model.as_ref().filter(|_| !m.extra.contains_key(&column_key("Base model"))).map(|id| id.as_str())
}

fn cell(column: &str, m: &Model, set: &RecordSet) -> String {
    if let Some(kept) = m.extra.get(&column_key(column)) {
        return kept.clone();
    }
    let data = m.data.clone().unwrap_or_default();
    let compute = m.compute.clone().unwrap_or_default();
    let hw = m.hardware.clone().unwrap_or_default();
    let organizations: Vec<_> = m.organizations.iter().map(|id| set.organizations.get(id.as_str())).collect();
    let per_org = |f: &dyn Fn(&crate::record::Organization) -> Option<String>| -> String {
        let values: Vec<Option<String>> = organizations.iter().map(|o| o.and_then(|o| f(&o.record))).collect();
        if values.iter().all(Option::is_some) {
            values.into_iter().flatten().collect::<Vec<_>>().join(",")
        } else {
            String::new()
        }
    };
    let categorization = || per_org(&|o| o.categorization.map(|c| c.epoch_label().to_string()));
    match column {
        "Model" => m.source.as_ref().and_then(|s| s.name.clone()).unwrap_or_else(|| m.name.clone()),
        "Domain" => labels(&m.domains),
        "Task" => m.tasks.iter().map(|t| t.epoch_label()).collect::<Vec<_>>().join(","),
        "Organization" => m
            .organizations
            .iter()
            .zip(&organizations)
            .map(|(id, o)| o.map_or_else(|| id.to_string(), |o| o.record.name.clone()))
            .collect::<Vec<_>>()
            .join(","),
        "Authors" => m.authors.join(", "),
        "Publication date" => m
            .source
            .as_ref()
            .and_then(|s| s.published.clone())
            .unwrap_or_else(|| m.published.format("%Y-%m-%d").to_string()),
        "Reference" => text(&m.reference),
        "Link" => m.links.join("\n"),
        "Citations" => m.citations.map(|c| c.0.to_string()).unwrap_or_default(),
        "Notability criteria" => labels(&m.notability),
        "Notability criteria notes" => text(&m.notability_notes),
        "Parameters" => number(m.parameters),
        "Parameters notes" => text(&m.parameters_notes),
        "Training compute (FLOP)" => number(compute.value.as_ref().map(|f| f.flop())),
        "Training compute notes" => text(&compute.notes),
        "Training dataset" => data.datasets.join(","),
        "Training dataset notes" => text(&data.notes),
        "Training dataset size (datapoints)" => number(data.size.as_ref().map(|s| s.value().0)),
        "Dataset size notes" => text(&data.size_notes),
        "Training time (hours)" => number(hw.duration.as_ref().map(|d| d.value().get::<hour>())),
        "Training time notes" => text(&hw.duration_notes),
        "Training hardware" => hw
            .accelerator
            .iter()
            .map(|id| set.hardware.get(id.as_str()).map_or_else(|| id.to_string(), |h| h.record.name.clone()))
            .collect::<Vec<_>>()
            .join(","),
        "Approach" => labels(&m.approach),
        "Confidence" => m.confidence.map(|c| c.epoch_label().to_string()).unwrap_or_default(),
        "Abstract" => text(&m.abstract_text),
        "Epochs" => number(data.epochs),
        "Benchmark data" => text(&m.benchmark_name),
        "Model accessibility" => m.accessibility.map(|a| a.epoch_label().to_string()).unwrap_or_default(),
        "Country (of organization)" => per_org(&|o| o.country.clone()),
        "Base model" => m.base_model.as_ref().map(|id| base_model_name(id.as_str(), set)).unwrap_or_default(),
        "Finetune compute (FLOP)" => number(m.finetune.as_ref().and_then(|f| f.value.as_ref()).map(|f| f.flop())),
        "Finetune compute notes" => m.finetune.as_ref().map(|f| text(&f.notes)).unwrap_or_default(),
        "Hardware quantity" => hw.count.map(|c| c.0.to_string()).unwrap_or_default(),
        "Hardware utilization (MFU)" => number(hw.utilization.as_ref().map(|u| u.value())),
        "Last modified" => m.source.as_ref().map(|s| text(&s.last_modified)).unwrap_or_default(),
        "Training cloud compute vendor" => text(&hw.cloud_vendor),
        "Training data center" => text(&hw.data_center),
        "Archived links" => m.archived_links.join("\n"),
        "Batch size" => number(data.batch_size),
        "Batch size notes" => text(&data.batch_size_notes),
        "Organization categorization" | "Organization categorization (from Organization)" => categorization(),
        "Foundation model" => {
            if m.foundation_model == Some(true) {
                "checked".to_string()
            } else {
                String::new()
            }
        }
        "Training compute lower bound" => number(compute.lower.as_ref().map(|f| f.flop())),
        "Training compute upper bound" => number(compute.upper.as_ref().map(|f| f.flop())),
        "Training chip-hours" => number(hw.chip_time.as_ref().map(|c| c.value().get::<hour>())),
        "Training code accessibility" => m.code_accessibility.map(|a| a.epoch_label().to_string()).unwrap_or_default(),
        "Accessibility notes" => text(&m.accessibility_notes),
        "Training compute cost (2023 USD)" => compute.cost_2023_usd.map(|c| format!("${c:.2}")).unwrap_or_default(),
        "Utilization notes" => text(&hw.utilization_notes),
        "Numerical format" => labels(&hw.precision.0),
        "Training power draw (W)" => number(hw.power_draw.as_ref().map(|p| p.value().get::<uom::si::power::watt>())),
        "Training compute estimation method" => labels(&compute.method.0),
        "Hugging Face developer id" => text(&m.hugging_face_developer),
        "Post-training compute (FLOP)" => {
            number(m.post_training.as_ref().and_then(|f| f.value.as_ref()).map(|f| f.flop()))
        }
        "Post-training compute notes" => m.post_training.as_ref().map(|f| text(&f.notes)).unwrap_or_default(),
        // Derived from the whole dataset; `build` fills it.
        _ => String::new(),
    }
}
