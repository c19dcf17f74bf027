//! What a model's training-compute figure is, said honestly: reported by its
//! developers, an estimate by the record's source (Epoch AI's, with its
//! method), a figure whose method nobody gave, flopdb's own estimate, or a
//! fine-tune's lineage total. A record's `compute.value` is not a report
//! just because the record states it: most of Epoch's figures are Epoch's
//! own estimates (#28).

use serde::Serialize;

use super::lineage::{Lineage, dataset_compute};
use super::resolve::{Resolution, ResolvedMethod};
use crate::record::{Method, Model, Term};

/// Where a figure comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// The developers reported it (the record's method says `reported`).
    Reported,
    /// Epoch AI's estimate: a figure the sync wrote from Epoch's data, by the
    /// methods the record names.
    EpochEstimate,
    /// A contributor's estimate, by the methods the record names.
    RecordEstimate,
    /// A figure the record gives without saying how it was obtained.
    Unattributed,
    /// flopdb's estimate from the record's inputs (its working is shown).
    FlopdbEstimate,
    /// A model built on others: its bases' compute plus its own run.
    LineageTotal,
}

impl Origin {
    /// The value of `models.csv`'s `training_compute_provenance`.
    pub fn id(self) -> &'static str {
        match self {
            Origin::Reported => "reported",
            Origin::EpochEstimate => "epoch-estimate",
            Origin::RecordEstimate => "record-estimate",
            Origin::Unattributed => "unattributed",
            Origin::FlopdbEstimate => "flopdb-estimate",
            Origin::LineageTotal => "lineage-total",
        }
    }

    /// As a sentence begins with it: "Epoch AI's estimate".
    pub fn label(self) -> &'static str {
        match self {
            Origin::Reported => "Reported by the developers",
            Origin::EpochEstimate => "Epoch AI's estimate",
            Origin::RecordEstimate => "The record's estimate",
            Origin::Unattributed => "A figure without a stated method",
            Origin::FlopdbEstimate => "flopdb's estimate",
            Origin::LineageTotal => "A lineage total (base models plus this model's own run)",
        }
    }

    /// In a table's few words: "Epoch AI's estimate", "lineage total".
    pub fn short(self) -> &'static str {
        match self {
            Origin::Reported => "reported",
            Origin::EpochEstimate => "Epoch AI's estimate",
            Origin::RecordEstimate => "record's estimate",
            Origin::Unattributed => "method not given",
            Origin::FlopdbEstimate => "flopdb's estimate",
            Origin::LineageTotal => "lineage total",
        }
    }
}

/// A model's figure and what it is.
#[derive(Debug, Clone, PartialEq)]
pub struct ComputeProvenance {
    pub flop: f64,
    pub origin: Origin,
    /// How it was obtained: the record's methods for a figure it states
    /// (`comparison-with-other-models`), flopdb's method otherwise
    /// (`operation-counting`, `hardware`, `geometric-mean`, `lineage`).
    pub methods: Vec<&'static str>,
}

impl ComputeProvenance {
    /// The methods as one cell: `hardware; operation-counting`.
    pub fn method_text(&self) -> String {
        self.methods.join("; ")
    }
}

/// Whether the record's compute came from Epoch AI's data: imported from
/// it, with the value the sync wrote.
fn from_epoch(model: &Model) -> bool {
    model.source.as_ref().is_some_and(|source| {
        source.dataset.as_deref().is_some_and(|d| d.starts_with("Epoch AI"))
            && source.synced.contains_key("compute.value")
    })
}

/// What the figure `models.csv` gives a model is (none without a figure).
pub fn compute_provenance(
    model: &Model,
    resolution: &Resolution,
    lineage: Option<&Lineage>,
) -> Option<ComputeProvenance> {
    let (flop, method) = dataset_compute(resolution, !model.base_model.is_empty(), lineage);
    let flop = flop?;
    if method == Some("lineage") {
        return Some(ComputeProvenance { flop, origin: Origin::LineageTotal, methods: vec!["lineage"] });
    }
    if resolution.method != Some(ResolvedMethod::Stated) {
        return Some(ComputeProvenance { flop, origin: Origin::FlopdbEstimate, methods: method.into_iter().collect() });
    }
    let methods: Vec<Method> = model.compute.as_ref().map(|c| c.method.iter().copied().collect()).unwrap_or_default();
    let origin = if methods.contains(&Method::Reported) {
        Origin::Reported
    } else if methods.is_empty() {
        Origin::Unattributed
    } else if from_epoch(model) {
        Origin::EpochEstimate
    } else {
        Origin::RecordEstimate
    };
    Some(ComputeProvenance { flop, origin, methods: methods.into_iter().map(Term::id).collect() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimate::resolve;

    /// A model from its fields as TOML (the date quoted: the toml crate
    /// gives dates as its own type, which the record's loader converts).
    fn model(toml: &str) -> Model {
        let text = format!("name = \"M\"\npublished = \"2025-01-01\"\n{toml}");
        let value: toml::Value = toml::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
        let json = serde_json::to_value(value).unwrap_or_default();
        serde_json::from_value(json).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn an_estimate_in_the_record_is_not_a_report() {
        let epoch = "[compute]\nvalue = \"5e26 FLOP\"\nmethod = \"comparison-with-other-models\"\n[source]\ndataset = \"Epoch AI, x.csv\"\nsynced = { \"compute.value\" = \"1\" }\n";
        let grok = model(epoch);
        let r = resolve(Some(5e26), None, None);
        let p = compute_provenance(&grok, &r, None);
        assert_eq!(p.as_ref().map(|p| p.origin), Some(Origin::EpochEstimate));
        assert_eq!(p.map(|p| p.method_text()).as_deref(), Some("comparison-with-other-models"));
        let reported = model("[compute]\nvalue = \"1e24 FLOP\"\nmethod = [\"reported\", \"hardware\"]\n");
        assert_eq!(compute_provenance(&reported, &r, None).map(|p| p.origin), Some(Origin::Reported));
        let bare = model("[compute]\nvalue = \"1e24 FLOP\"\n");
        assert_eq!(compute_provenance(&bare, &r, None).map(|p| p.origin), Some(Origin::Unattributed));
        let contributor = model("[compute]\nvalue = \"1e24 FLOP\"\nmethod = \"hardware\"\n");
        assert_eq!(compute_provenance(&contributor, &r, None).map(|p| p.origin), Some(Origin::RecordEstimate));
    }

    #[test]
    fn flopdb_estimates_and_nothing() {
        let m = model("");
        let none = resolve(None, None, None);
        assert_eq!(compute_provenance(&m, &none, None), None);
        let estimate = crate::estimate::Estimate {
            method: crate::estimate::EstimateMethod::OperationCounting,
            flop: 6e20,
            working: String::new(),
            assumptions: vec![],
            run: None,
        };
        let r = resolve(None, Some(estimate), None);
        let p = compute_provenance(&m, &r, None);
        assert_eq!(p.as_ref().map(|p| p.origin), Some(Origin::FlopdbEstimate));
        assert_eq!(p.map(|p| p.methods), Some(vec!["operation-counting"]));
    }
}
