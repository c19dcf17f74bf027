//! A model record: `records/models/<id>.toml`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::fields::{Count, OneOrMany};
use super::id::Id;
use super::vocab::{
    Accessibility, Approach, CodeAccessibility, Confidence, DatePrecision, Domain, Method, Notability, Precision, Task,
};
use crate::quantity::{ChipTime, DataSize, Duration, Flop, Fraction, Power};

/// One machine-learning model: when it was published, by whom, how large it
/// is, what it was trained on, and how much compute its training took.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "flopdb model record")]
pub struct Model {
    /// The model's name as its developers write it, such as "GPT-3 175B (davinci)".
    pub name: String,
    /// Other names the model is known by.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Models a person has compared with this one and found to be other
    /// models, by id: the likely-duplicate check (W117) leaves these pairs
    /// alone. Say how they differ in the notes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub distinct_from: Vec<Id>,
    /// Date of first publication (paper, blog post or release): `2020-05-28`.
    /// When only the month or the year is known, the first day of it, with
    /// `published_precision` saying so.
    pub published: NaiveDate,
    /// How much of `published` is known: `month` or `year` (a day when left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_precision: Option<DatePrecision>,
    /// Ids of the developing organizations (files in records/organizations/).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organizations: Vec<Id>,
    /// Authors, in the order of the publication.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// Fields the model works in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<Domain>,
    /// Tasks the model was built for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<Task>,
    /// Why the model belongs in the dataset.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notability: Vec<Notability>,
    /// Evidence for the notability criteria.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notability_notes: Option<String>,
    /// How sure the training-compute figure is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    /// Who can use the trained model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accessibility: Option<Accessibility>,
    /// Whether the training code is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_accessibility: Option<CodeAccessibility>,
    /// Whether the inference code is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inference_code_accessibility: Option<CodeAccessibility>,
    /// Whether the weights are published (Epoch's "Open model weights?").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_weights: Option<bool>,
    /// Notes on accessibility.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accessibility_notes: Option<String>,
    /// Learning approaches.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub approach: Vec<Approach>,
    /// A foundation model (Epoch's flag).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub foundation_model: Option<bool>,
    /// Among the largest training runs of its time (Epoch's "Frontier model").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frontier_model: Option<bool>,
    /// Id of the model this one was fine-tuned from, or the ids of the
    /// models it was built on (NVLM: a language model and a vision encoder).
    #[serde(default, skip_serializing_if = "OneOrMany::is_empty")]
    pub base_model: OneOrMany<Id>,
    /// Title of the publication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Links to the publication (https).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<String>,
    /// Archived copies of the links.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub archived_links: Vec<String>,
    /// Citation count of the publication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citations: Option<Count>,
    /// The publication's abstract.
    #[serde(default, rename = "abstract", skip_serializing_if = "Option::is_none")]
    pub abstract_text: Option<String>,
    /// Number of trainable parameters, such as `175e9`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub parameters: Option<f64>,
    /// For a mixture of experts: parameters active per token, used by operation counting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub active_parameters: Option<f64>,
    /// Where the parameter count comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters_notes: Option<String>,
    /// The model's name in Epoch's benchmark data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub benchmark_name: Option<String>,
    /// The developer's id on Hugging Face.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hugging_face_developer: Option<String>,
    /// Anything else worth knowing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// The training data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<TrainingData>,
    /// Pre-training compute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compute: Option<Compute>,
    /// The hardware the model was trained on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hardware: Option<TrainingHardware>,
    /// Compute spent fine-tuning from the base model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finetune: Option<ExtraCompute>,
    /// Compute spent after pre-training (RLHF and the like).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_training: Option<ExtraCompute>,
    /// Columns of Epoch's older layouts that flopdb has no field for, kept
    /// verbatim by the importer (`training_cost_2020_usd = "1.2e6"`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
    /// Where this record's data came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Origin>,
}

/// The training data.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrainingData {
    /// Names of the datasets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub datasets: Vec<String>,
    /// Notes on the datasets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Size of the training set with what it counts: `"300e9 tokens"`, `"1.28e6 images"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<DataSize>,
    /// How the size was worked out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_notes: Option<String>,
    /// Passes over the training set (may be fractional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub epochs: Option<f64>,
    /// What training actually went through, when the source says it: a
    /// stated count (`"250e9 tokens"` of a 3T-token set) or steps x batch.
    /// Operation counting prefers it to size x epochs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen: Option<DataSize>,
    /// Batch size, in the unit of the data size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub batch_size: Option<f64>,
    /// Notes on the batch size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_size_notes: Option<String>,
}

/// Pre-training compute: a stated value, or the inputs to estimate one.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Compute {
    /// Total pre-training compute: `"3.14e23 FLOP"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Flop>,
    /// How the value was obtained.
    #[serde(default, skip_serializing_if = "OneOrMany::is_empty")]
    pub method: OneOrMany<Method>,
    /// The working behind the value, with sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Epoch's estimate from benchmark scores, where the notes state one
    /// figure and `value` is empty (`method` holds `benchmarks`): kept apart
    /// from `value`, so no analysis counts it unless asked (`trends
    /// --benchmark-estimates`, as Epoch counts its models over 1e25 FLOP).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub benchmark_estimate: Option<Flop>,
    /// Lower bound of the compute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lower: Option<Flop>,
    /// Upper bound of the compute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upper: Option<Flop>,
    /// Forward-pass FLOP per example, for operation counting without a parameter count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forward_flop_per_example: Option<Flop>,
    /// Ratio of backward- to forward-pass compute (default 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub backward_forward_ratio: Option<f64>,
    /// Cost of the training compute in 2023 US dollars.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("minimum" = 0))]
    pub cost_2023_usd: Option<f64>,
    /// Cost of the training compute at cloud rental prices, in US dollars as
    /// Epoch publishes it (the export does not state the currency year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("minimum" = 0))]
    pub cost_cloud_usd: Option<f64>,
    /// Cost of the training compute as the hardware's purchase price spread
    /// over the run, in US dollars as Epoch publishes it (no currency year stated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("minimum" = 0))]
    pub cost_upfront_usd: Option<f64>,
    /// Price of the hardware used for training, in US dollars as Epoch
    /// publishes it (no currency year stated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("minimum" = 0))]
    pub hardware_acquisition_cost_usd: Option<f64>,
    /// How the costs were found, with their currency and year where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_notes: Option<String>,
    /// Epoch's screening flag: the compute may exceed 1e23 FLOP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub possibly_over_1e23: Option<bool>,
}

/// The hardware of the training run.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrainingHardware {
    /// Hardware id(s) (files in records/hardware/).
    #[serde(default, skip_serializing_if = "OneOrMany::is_empty")]
    pub accelerator: OneOrMany<Id>,
    /// Number of chips.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<Count>,
    /// Wall-clock training time: `"14.8 days"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<Duration>,
    /// Notes on the training time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_notes: Option<String>,
    /// Total accelerator time: `"3.55e6 chip-hours"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chip_time: Option<ChipTime>,
    /// Achieved share of peak throughput (model FLOP utilization): `"30%"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utilization: Option<Fraction>,
    /// Achieved share of peak throughput counting every operation the
    /// hardware ran, recomputation included (hardware FLOP utilization): `"45%"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hfu: Option<Fraction>,
    /// Notes on the utilization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utilization_notes: Option<String>,
    /// Number format(s) used in training.
    #[serde(default, skip_serializing_if = "OneOrMany::is_empty")]
    pub precision: OneOrMany<Precision>,
    /// Power drawn by the training cluster: `"5.1 MW"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub power_draw: Option<Power>,
    /// Cloud vendor that provided the compute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud_vendor: Option<String>,
    /// Data center of the training run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_center: Option<String>,
    /// Anything else about the hardware.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// Compute beyond pre-training.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtraCompute {
    /// Compute: `"1e21 FLOP"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Flop>,
    /// The working behind the value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// Provenance of an imported record: the `[source]` table.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Source")]
pub struct Origin {
    /// The dataset the record was imported from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dataset: Option<String>,
    /// The source's own last-modified stamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// The name in the source, where the record's name differs from it
    /// (two models of the source shared a name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The publication date as the source wrote it, where it was not a full
    /// date (a year or a month alone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// What the last import or sync wrote, field by field (`"compute.value"`),
    /// as a short digest: a sync updates a field only while it still holds
    /// what the import wrote, so an edit by hand is kept (and reported).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub synced: BTreeMap<String, String>,
    /// The source's cells as it wrote them, by column name, where flopdb
    /// writes the record's values otherwise (spaces, separators, inner
    /// quotes) or has no field for the column (Epoch's compute rank):
    /// `build --layout epoch` writes a kept cell back while flopdb's own
    /// writing of that column still is what it was at the import.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub cells: BTreeMap<String, KeptCell>,
}

/// A source's cell kept verbatim (`source.cells`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeptCell {
    /// The cell's text, as the source wrote it.
    pub text: String,
    /// A digest of what flopdb wrote for the column when the cell was kept:
    /// once the record's values change, flopdb's own writing differs and the
    /// kept text, now stale, is no longer written.
    pub of: String,
}

impl Model {
    pub fn is_language_model(&self) -> bool {
        self.domains.iter().any(|d| d.is_language())
    }
}
