//! Controlled vocabularies. Each term has the id written in records, the
//! label Epoch AI's exports use (for import and the Epoch layout), and a
//! description that becomes the schema's, so editors show it.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

/// A vocabulary term: its record id and Epoch's label.
pub trait Term: Sized + Copy + PartialEq + 'static {
    const ALL: &'static [Self];
    fn id(self) -> &'static str;
    fn epoch_label(self) -> &'static str;

    fn from_id(id: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|t| t.id() == id)
    }

    /// Labels an older export used for a term, with the term Epoch's later
    /// exports give the same rows (the evidence beside each).
    const FORMER_LABELS: &'static [(&'static str, Self)] = &[];

    /// Epoch's label, ignoring case and spacing (`VIsion`, `SOTA Improvement`),
    /// or a label of an older export.
    fn from_epoch_label(label: &str) -> Option<Self> {
        let wanted = term_key(label);
        Self::ALL.iter().copied().find(|t| term_key(t.epoch_label()) == wanted || t.id() == wanted).or_else(|| {
            Self::FORMER_LABELS.iter().find(|(former, _)| term_key(former) == wanted).map(|(_, term)| *term)
        })
    }
}

/// How terms compare: case, spacing and punctuation ignored
/// (`Image generation` is `image-generation`).
pub fn term_key(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[doc = $doc:literal])* $variant:ident = $id:literal, $label:literal; )+
        }
        $( former { $( $(#[doc = $fdoc:literal])* $flabel:literal => $fvariant:ident; )* } )?
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
        pub enum $name {
            $( $(#[doc = $doc])* #[serde(rename = $id)] $variant, )+
        }

        impl Term for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
            $( const FORMER_LABELS: &'static [(&'static str, Self)] = &[ $( ($flabel, $name::$fvariant) ),* ]; )?
            fn id(self) -> &'static str {
                match self { $($name::$variant => $id),+ }
            }
            fn epoch_label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }
    };
}

vocabulary! {
    /// The field a model works in.
    Domain {
        /// Natural-language text: generation, translation, question answering.
        Language = "language", "Language";
        /// Images and video frames: classification, detection, segmentation.
        Vision = "vision", "Vision";
        /// Proteins, genomes, molecules.
        Biology = "biology", "Biology";
        /// Several modalities at once, such as text and images.
        Multimodal = "multimodal", "Multimodal";
        /// Generating images.
        ImageGeneration = "image-generation", "Image generation";
        /// Understanding or generating video.
        Video = "video", "Video";
        /// Speech recognition and synthesis.
        Speech = "speech", "Speech";
        /// Board, card and video games.
        Games = "games", "Games";
        /// Control of physical or simulated robots.
        Robotics = "robotics", "Robotics";
        /// Music and other sound.
        Audio = "audio", "Audio";
        /// Medical data and diagnosis.
        Medicine = "medicine", "Medicine";
        /// Theorem proving and mathematical problem solving.
        Mathematics = "mathematics", "Mathematics";
        /// 3D shapes and scenes.
        ThreeDModeling = "3d-modeling", "3D modeling";
        /// 3D reconstruction (2022 tables).
        ThreeDReconstruction = "3d-reconstruction", "3D reconstruction";
        /// Recommender systems.
        Recommendation = "recommendation", "Recommendation";
        /// Materials and chemistry.
        MaterialsScience = "materials-science", "Materials science";
        /// Weather, climate and geoscience.
        EarthScience = "earth-science", "Earth science";
        /// Autonomous driving.
        Driving = "driving", "Driving";
        /// Web and document search.
        Search = "search", "Search";
        /// Drawing and image synthesis (2022 tables).
        Drawing = "drawing", "Drawing";
        /// Reading comprehension (2022 tables).
        Reading = "reading", "Reading";
        /// Stars, planets and the universe.
        Astronomy = "astronomy", "Astronomy";
        /// Human behaviour and the mind.
        Psychology = "psychology", "Psychology";
        /// Finding and exploiting software vulnerabilities.
        Cybersecurity = "cybersecurity", "Cybersecurity";
        /// Anything else.
        Other = "other", "Other";
    }
}

impl Domain {
    /// Epoch's default utilization and the operation-counting rules treat
    /// language models apart.
    pub fn is_language(self) -> bool {
        self == Domain::Language
    }
}

vocabulary! {
    /// Why a model belongs in the dataset (Epoch's notability criteria).
    Notability {
        /// Improved the state of the art on a recognised benchmark.
        SotaImprovement = "sota-improvement", "SOTA improvement";
        /// Over 1000 citations.
        HighlyCited = "highly-cited", "Highly cited";
        /// Historically significant.
        HistoricalSignificance = "historical-significance", "Historical significance";
        /// Among the most expensive training runs of its time.
        TrainingCost = "training-cost", "Training cost";
        /// Used by many people.
        SignificantUse = "significant-use", "Significant use";
        /// Chosen by the curators although no other criterion applies.
        Discretionary = "discretionary", "Discretionary";
        /// Historical relevance (2022 tables' wording).
        HistoricalRelevance = "historical-relevance", "Historical relevance";
        /// Important context (2022 tables).
        ImportantContext = "important-context", "Important context";
    }
}

vocabulary! {
    /// How sure the curators are of the training compute (Epoch's scale).
    Confidence {
        /// Within a factor of 3 either way (about 90% sure).
        Confident = "confident", "Confident";
        /// Within a factor of 10.
        Likely = "likely", "Likely";
        /// Order of magnitude or worse.
        Speculative = "speculative", "Speculative";
        /// Not assessed.
        Unknown = "unknown", "Unknown";
    }
}

vocabulary! {
    /// Who can use the trained model.
    Accessibility {
        /// Weights published with no restriction on use.
        OpenWeightsUnrestricted = "open-weights-unrestricted", "Open weights (unrestricted)";
        /// Weights published with a restrictive licence.
        OpenWeightsRestricted = "open-weights-restricted", "Open weights (restricted use)";
        /// Weights published for non-commercial use only.
        OpenWeightsNonCommercial = "open-weights-non-commercial", "Open weights (non-commercial)";
        /// Usable through a paid or public API.
        ApiAccess = "api-access", "API access";
        /// Usable in a hosted product without an API.
        HostedAccess = "hosted-access", "Hosted access (no API)";
        /// Not released.
        Unreleased = "unreleased", "Unreleased";
    }
}

vocabulary! {
    /// Whether the training code is published.
    CodeAccessibility {
        /// Published under an open-source licence.
        OpenSource = "open-source", "Open source";
        /// Published for non-commercial use.
        OpenNonCommercial = "open-non-commercial", "Open (non-commercial)";
        /// Published with restrictions on use.
        OpenRestricted = "open-restricted", "Open (restricted use)";
        /// Not published.
        Unreleased = "unreleased", "Unreleased";
    }
}

vocabulary! {
    /// The learning approach.
    Approach {
        /// Self-supervised learning (for example next-token prediction).
        SelfSupervised = "self-supervised", "Self-supervised learning";
        /// Supervised learning on labelled data.
        Supervised = "supervised", "Supervised";
        /// Unsupervised learning.
        Unsupervised = "unsupervised", "Unsupervised";
        /// Reinforcement learning.
        ReinforcementLearning = "reinforcement-learning", "Reinforcement learning";
        /// Supervised fine-tuning of a base model.
        SupervisedFineTuning = "supervised-fine-tuning", "Supervised fine-tuning (SFT)";
    }
}

vocabulary! {
    /// How a training-compute value was obtained (Epoch's methods).
    Method {
        /// From parameters and data: 6 x N x D.
        OperationCounting = "operation-counting", "Operation counting";
        /// From hardware and time: chips x peak FLOP/s x time x utilization.
        Hardware = "hardware", "Hardware";
        /// Stated by the developers.
        Reported = "reported", "Reported";
        /// Estimated by a third party.
        ThirdPartyEstimation = "third-party-estimation", "Third-party estimation";
        /// By analogy with comparable models.
        ComparisonWithOtherModels = "comparison-with-other-models", "Comparison with other models";
        /// From benchmark performance.
        Benchmarks = "benchmarks", "Benchmarks";
        /// From the training cost.
        Cost = "cost", "Cost";
        /// Another way, explained in the notes.
        Other = "other", "Other";
    }
    former {
        /// Epoch's exports to early 2025 (the notable models of 2025-02-24);
        /// from the 2025-08 export on, each of its six rows says "Operation
        /// counting" instead (YOLOX-X, LSTM, Big-Little Net (speech), ...).
        "Reported FLOPs per token/update" => OperationCounting;
    }
}

vocabulary! {
    /// The number format used in training.
    Precision {
        Fp64 = "fp64", "FP64";
        Fp32 = "fp32", "FP32";
        Tf32 = "tf32", "TF32";
        Fp16 = "fp16", "FP16";
        Bf16 = "bf16", "BF16";
        Fp8 = "fp8", "FP8";
        Int8 = "int8", "INT8";
        Fp4 = "fp4", "FP4";
        /// NVIDIA's 4-bit float with block scaling (Blackwell).
        Nvfp4 = "nvfp4", "NVFP4";
    }
}

vocabulary! {
    /// The kind of organization.
    Categorization {
        Industry = "industry", "Industry";
        Academia = "academia", "Academia";
        Government = "government", "Government";
        /// An open collective of researchers, such as EleutherAI.
        ResearchCollective = "research-collective", "Research collective";
    }
}

vocabulary! {
    /// The kind of processor.
    HardwareKind {
        Gpu = "gpu", "GPU";
        Tpu = "tpu", "TPU";
        Cpu = "cpu", "CPU";
        /// Another application-specific chip.
        Asic = "asic", "ASIC";
        Fpga = "fpga", "FPGA";
        Other = "other", "Other";
    }
}

/// A task from the vocabulary in `tasks.rs`, stored as its id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Task(String);

impl<'de> Deserialize<'de> for Task {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let id = String::deserialize(deserializer)?;
        Task::from_id(&id).ok_or_else(|| serde::de::Error::custom(format!("`{id}` is not a task of the vocabulary")))
    }
}

impl Task {
    pub fn from_id(id: &str) -> Option<Task> {
        super::tasks::TASKS.iter().find(|(t, _)| *t == id).map(|(t, _)| Task((*t).to_string()))
    }

    pub fn from_epoch_label(label: &str) -> Option<Task> {
        let wanted = term_key(label);
        let relabeled = super::tasks::RELABELED.iter().find(|(key, _)| *key == wanted).map(|(_, id)| *id);
        Task::from_id(relabeled.unwrap_or(&wanted))
    }

    pub fn id(&self) -> &str {
        &self.0
    }

    pub fn epoch_label(&self) -> &str {
        super::tasks::TASKS.iter().find(|(t, _)| *t == self.0).map_or(self.0.as_str(), |(_, label)| label)
    }
}

impl JsonSchema for Task {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Task")
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let ids: Vec<&str> = super::tasks::TASKS.iter().map(|(id, _)| *id).collect();
        json_schema!({
            "description": "A task from flopdb's vocabulary (src/record/tasks.rs).",
            "type": "string",
            "enum": ids,
        })
    }
}

vocabulary! {
    /// How much of a date is known, where it is not the day.
    DatePrecision {
        /// Known to the month: the date is the month's first day.
        Month = "month", "Month";
        /// Known to the year: the date is the year's first day.
        Year = "year", "Year";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_labels_map_both_ways() {
        assert_eq!(Domain::from_epoch_label("Image generation"), Some(Domain::ImageGeneration));
        assert_eq!(Domain::from_epoch_label("VIsion"), Some(Domain::Vision));
        assert_eq!(Notability::from_epoch_label("SOTA Improvement"), Some(Notability::SotaImprovement));
        assert_eq!(Accessibility::from_epoch_label("Hosted access (no API)"), Some(Accessibility::HostedAccess));
        assert_eq!(
            Task::from_epoch_label("Language modeling/generation").map(|t| t.epoch_label().to_string()),
            Some("Language modeling/generation".to_string())
        );
    }

    #[test]
    fn ids_are_unique_and_well_formed() {
        fn check<T: Term>() {
            let mut seen = std::collections::BTreeSet::new();
            for t in T::ALL {
                assert!(seen.insert(t.id()), "duplicate {}", t.id());
                assert!(crate::record::is_valid_id(t.id()), "{}", t.id());
            }
        }
        check::<Domain>();
        check::<Notability>();
        check::<Confidence>();
        check::<Accessibility>();
        check::<CodeAccessibility>();
        check::<Approach>();
        check::<Method>();
        check::<Precision>();
        check::<Categorization>();
        check::<HardwareKind>();
        for (id, _) in super::super::tasks::TASKS {
            assert!(crate::record::is_valid_id(id), "{id}");
        }
    }

    /// An older export's label reads as the term Epoch's later exports give
    /// the same rows; a former label is never a current one.
    #[test]
    fn former_labels_read_as_their_terms() {
        assert_eq!(Method::from_epoch_label("Reported FLOPs per token/update"), Some(Method::OperationCounting));
        assert_eq!(Method::from_epoch_label("reported flops per token / update"), Some(Method::OperationCounting));
        for (former, _) in Method::FORMER_LABELS {
            assert!(Method::ALL.iter().all(|m| term_key(m.epoch_label()) != term_key(former)), "{former}");
        }
    }
}
