//! The validated records of a repository, keyed by id.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;

use super::{Hardware, Id, Model, Organization};

/// A decoded record with its id and file.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded<T> {
    pub id: String,
    pub path: PathBuf,
    pub record: T,
}

/// What other records and whole-dataset outputs need of a model: its names,
/// date and references. A check keeps this for every model, so the rules
/// across records and the build's link tables do not need the records
/// themselves in memory (at 100,000 models those would be most of it).
#[derive(Debug, Clone, PartialEq)]
pub struct ModelSummary {
    pub name: String,
    pub aliases: Vec<String>,
    /// The name in the dataset the record was imported from, if it differs.
    pub source_name: Option<String>,
    pub published: NaiveDate,
    pub organizations: Vec<Id>,
    pub base_model: Vec<Id>,
    pub accelerators: Vec<Id>,
    /// Links to the publication.
    pub links: Vec<String>,
    pub parameters: Option<f64>,
    /// Models a person found distinct from this one (`distinct_from`).
    pub distinct_from: Vec<Id>,
    /// `compute.value`, in FLOP.
    pub stated_flop: Option<f64>,
    /// `finetune.value`, in FLOP.
    pub finetune_flop: Option<f64>,
    /// The estimate from the record's own inputs (set by the check, which
    /// resolves it).
    pub estimated_flop: Option<f64>,
}

impl ModelSummary {
    pub fn of(model: &Model) -> ModelSummary {
        ModelSummary {
            name: model.name.clone(),
            aliases: model.aliases.clone(),
            source_name: model.source.as_ref().and_then(|s| s.name.clone()),
            published: model.published,
            organizations: model.organizations.clone(),
            base_model: model.base_model.0.clone(),
            accelerators: model.hardware.as_ref().map(|h| h.accelerator.0.clone()).unwrap_or_default(),
            links: model.links.clone(),
            parameters: model.parameters,
            distinct_from: model.distinct_from.clone(),
            stated_flop: model.compute.as_ref().and_then(|c| c.value.as_ref()).map(|v| v.flop()),
            finetune_flop: model.finetune.as_ref().and_then(|f| f.value.as_ref()).map(|v| v.flop()),
            estimated_flop: None,
        }
    }

    /// What the rules across records need, read leniently from a model that
    /// does not decode (a unit error, a wrong type): its names and references,
    /// so a contributor sees a duplicate name or an unknown organization in
    /// the same run as the record's own errors. `None` without a name.
    pub fn from_partial(json: &serde_json::Value) -> Option<ModelSummary> {
        let text = |pointer: &str| json.pointer(pointer).and_then(serde_json::Value::as_str);
        let ids = |pointer: &str| -> Vec<Id> {
            match json.pointer(pointer) {
                Some(serde_json::Value::String(one)) => Id::new(one).into_iter().collect(),
                Some(serde_json::Value::Array(items)) => {
                    items.iter().filter_map(serde_json::Value::as_str).filter_map(Id::new).collect()
                }
                _ => Vec::new(),
            }
        };
        let name = text("/name").filter(|n| !n.trim().is_empty())?.to_string();
        let aliases = match json.pointer("/aliases") {
            Some(serde_json::Value::Array(items)) => {
                items.iter().filter_map(serde_json::Value::as_str).map(str::to_string).collect()
            }
            _ => Vec::new(),
        };
        Some(ModelSummary {
            name,
            aliases,
            source_name: text("/source/name").map(str::to_string),
            published: text("/published").and_then(|d| d.parse().ok()).unwrap_or_default(),
            organizations: ids("/organizations"),
            base_model: ids("/base_model"),
            accelerators: ids("/hardware/accelerator"),
            links: Vec::new(),
            parameters: None,
            distinct_from: ids("/distinct_from"),
            stated_flop: None,
            finetune_flop: None,
            estimated_flop: None,
        })
    }

    /// How Epoch's export names the model (as a base model, say): the name
    /// it was imported under, or its own.
    pub fn epoch_name(&self) -> &str {
        self.source_name.as_deref().unwrap_or(&self.name)
    }

    /// Whether a link of one is a link of the other (case and a trailing
    /// slash aside).
    pub fn shares_link(&self, other: &ModelSummary) -> bool {
        self.links.iter().any(|l| other.links.iter().any(|m| same_link(l, m)))
    }

    /// Whether the primary links are one.
    pub fn same_primary_link(&self, other: &ModelSummary) -> bool {
        self.links.first().zip(other.links.first()).is_some_and(|(l, m)| same_link(l, m))
    }

    /// The stated compute and the parameters, where both give them, are
    /// equal: no figure says they are different models.
    pub fn figures_agree(&self, other: &ModelSummary) -> bool {
        same_figure(self.stated_flop, other.stated_flop).unwrap_or(true)
            && same_figure(self.parameters, other.parameters).unwrap_or(true)
    }

    /// Both give the stated compute and the parameters, and they are equal.
    pub fn same_figures(&self, other: &ModelSummary) -> bool {
        same_figure(self.stated_flop, other.stated_flop) == Some(true)
            && same_figure(self.parameters, other.parameters) == Some(true)
    }
}

fn same_link(a: &str, b: &str) -> bool {
    a.trim_end_matches('/').eq_ignore_ascii_case(b.trim_end_matches('/'))
}

/// Whether two figures are one (records write numbers canonically, so one
/// figure is one float; the tolerance is for arithmetic before), `None`
/// when either is missing.
fn same_figure(a: Option<f64>, b: Option<f64>) -> Option<bool> {
    let (a, b) = a.zip(b)?;
    Some((a - b).abs() <= 1e-9 * a.abs().max(b.abs()))
}

/// Every record that decoded, by kind and id (sorted, so every output built
/// from it is in a stable order).
///
/// `model_index` has every model that decoded; `models` has their records
/// only when the check was asked to keep them (`check::check` does,
/// `check::scan` hands each model to its caller instead).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecordSet {
    pub models: BTreeMap<String, Loaded<Model>>,
    pub model_index: BTreeMap<String, Loaded<ModelSummary>>,
    pub organizations: BTreeMap<String, Loaded<Organization>>,
    pub hardware: BTreeMap<String, Loaded<Hardware>>,
}

impl RecordSet {
    /// Adds a decoded record under its id, from the file it came from.
    pub fn insert(&mut self, id: &str, path: PathBuf, record: super::Record) {
        let id = id.to_string();
        match record {
            super::Record::Model(m) => {
                self.insert_summary(Loaded { id: id.clone(), path: path.clone(), record: ModelSummary::of(&m) });
                self.models.insert(id.clone(), Loaded { id, path, record: *m });
            }
            super::Record::Organization(o) => {
                self.organizations.insert(id.clone(), Loaded { id, path, record: o });
            }
            super::Record::Hardware(h) => {
                self.hardware.insert(id.clone(), Loaded { id, path, record: *h });
            }
        }
    }

    /// Adds a model's summary alone, its record kept elsewhere or dropped.
    pub fn insert_summary(&mut self, summary: Loaded<ModelSummary>) {
        self.model_index.insert(summary.id.clone(), summary);
    }

    /// How many records decoded, of every kind.
    pub fn len(&self) -> usize {
        self.model_index.len() + self.organizations.len() + self.hardware.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
