//! The column dictionary: every column of Epoch AI's exports that flopdb
//! reads or writes, with its name in the 2025 layout and every other
//! spelling it has had. Readers and the export name columns by these
//! variants, never by their text, so a spelling lives here and nowhere else,
//! and a header is mapped one column at a time, in any order.

/// What a column holds, for the export's Table Schema and the readers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holds {
    Text,
    Number,
    /// Computed by Epoch from other columns or other tables: records do not
    /// store it, so the importer neither takes it nor keeps it as extra.
    DerivedText,
    DerivedNumber,
}

impl Holds {
    pub fn is_number(self) -> bool {
        matches!(self, Holds::Number | Holds::DerivedNumber)
    }

    pub fn is_derived(self) -> bool {
        matches!(self, Holds::DerivedText | Holds::DerivedNumber)
    }
}

/// A dictionary of columns, as the cell readers use it.
pub trait Dictionary: Copy + 'static {
    /// Every header this column has had, the 2025 name first.
    fn spellings(self) -> &'static [&'static str];
    fn holds(self) -> Holds;
    /// The column a header names, in any of its spellings.
    fn from_header(header: &str) -> Option<Self>;
}

/// Declares a dictionary: an enum of columns, each with its 2025 name,
/// other spellings and what it holds, and `ALL` in declaration order.
macro_rules! dictionary {
    ($(#[$meta:meta])* $enum:ident {
        $($(#[$doc:meta])* $variant:ident: $name:literal $(| $also:literal)*, $holds:ident;)*
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $enum {
            $($(#[$doc])* $variant,)*
        }

        impl $enum {
            pub const ALL: &'static [$enum] = &[$($enum::$variant,)*];

            /// The column's name in the 2025 layout.
            pub const fn name(self) -> &'static str {
                match self {
                    $($enum::$variant => $name,)*
                }
            }

        }

        impl Dictionary for $enum {
            fn spellings(self) -> &'static [&'static str] {
                match self {
                    $($enum::$variant => &[$name $(, $also)*],)*
                }
            }

            fn holds(self) -> Holds {
                match self {
                    $($enum::$variant => Holds::$holds,)*
                }
            }

            fn from_header(header: &str) -> Option<$enum> {
                let live = crate::import::retired_name(header).unwrap_or(header);
                $enum::ALL.iter().copied().find(|c| c.spellings().contains(&header) || c.spellings().contains(&live))
            }
        }
    };
}

dictionary! {
    /// A column of a models export.
    EpochColumn {
        Model: "Model" | "System", Text;
        Domain: "Domain", Text;
        Task: "Task", Text;
        Organization: "Organization" | "Organization(s)", Text;
        Authors: "Authors" | "Author(s)", Text;
        PublicationDate: "Publication date", Text;
        Reference: "Reference", Text;
        Link: "Link", Text;
        Citations: "Citations", Number;
        NotabilityCriteria: "Notability criteria" | "Inclusion criteria", Text;
        NotabilityCriteriaNotes: "Notability criteria notes", Text;
        Parameters: "Parameters", Number;
        ParametersNotes: "Parameters notes", Text;
        TrainingCompute: "Training compute (FLOP)" | "Training compute (FLOPs)", Number;
        TrainingComputeNotes: "Training compute notes", Text;
        TrainingDataset: "Training dataset", Text;
        TrainingDatasetNotes: "Training dataset notes", Text;
        TrainingDatasetSize: "Training dataset size (datapoints)" | "Training dataset size (total)" | "Training dataset size (gradients)", Number;
        DatasetSizeNotes: "Dataset size notes", Text;
        TrainingTime: "Training time (hours)", Number;
        TrainingTimeNotes: "Training time notes", Text;
        TrainingHardware: "Training hardware", Text;
        Approach: "Approach", Text;
        Confidence: "Confidence", Text;
        Abstract: "Abstract", Text;
        Epochs: "Epochs", Number;
        BenchmarkData: "Benchmark data" | "WikiText and Penn Treebank data", Text;
        ModelAccessibility: "Model accessibility", Text;
        // `(from Organization)`: the 2024 and early-2025 exports' name (the
        // 2025-02 notable models: 647 of 726 cells as the 2025-08 export's,
        // the rest updated since).
        Country: "Country (of organization)" | "Country (from Organization)", Text;
        BaseModel: "Base model", Text;
        FinetuneCompute: "Finetune compute (FLOP)", Number;
        FinetuneComputeNotes: "Finetune compute notes", Text;
        HardwareQuantity: "Hardware quantity", Number;
        // `Hardware utilization`: the name before the MFU and HFU columns were
        // split (the 2025-02 notable models: 37 of 37 cells the 2025-08
        // export's MFU, to its four digits).
        HardwareUtilization: "Hardware utilization (MFU)" | "Hardware utilization", Number;
        LastModified: "Last modified", Text;
        CloudVendor: "Training cloud compute vendor", Text;
        DataCenter: "Training data center", Text;
        ArchivedLinks: "Archived links", Text;
        BatchSize: "Batch size", Number;
        BatchSizeNotes: "Batch size notes", Text;
        OrganizationCategorization: "Organization categorization" | "Organization Categorization", Text;
        FoundationModel: "Foundation model", Text;
        TrainingComputeLowerBound: "Training compute lower bound", Number;
        TrainingComputeUpperBound: "Training compute upper bound", Number;
        TrainingChipHours: "Training chip-hours", Number;
        // `Code accessibility`: the 2024 large-scale export's name, with the
        // same terms.
        TrainingCodeAccessibility: "Training code accessibility" | "Code accessibility", Text;
        AccessibilityNotes: "Accessibility notes", Text;
        CategorizationFromOrganization: "Organization categorization (from Organization)", DerivedText;
        TrainingComputeCost2023: "Training compute cost (2023 USD)", Text;
        UtilizationNotes: "Utilization notes", Text;
        NumericalFormat: "Numerical format", Text;
        TrainingPowerDraw: "Training power draw (W)", Number;
        EstimationMethod: "Training compute estimation method", Text;
        HuggingFaceDeveloper: "Hugging Face developer id", Text;
        PostTrainingCompute: "Post-training compute (FLOP)", Number;
        PostTrainingComputeNotes: "Post-training compute notes", Text;
        ComputeRank: "Compute rank when published", DerivedNumber;
        // Columns of the 2026 exports.
        FrontierModel: "Frontier model", Text;
        OpenWeights: "Open model weights?", Text;
        PossiblyOver1e23: "Possibly over 1e23 FLOP", Text;
        InferenceCodeAccessibility: "Inference code accessibility", Text;
        HardwareUtilizationHfu: "Hardware utilization (HFU)", Number;
        TrainingComputeCostCloud: "Training compute cost (cloud)", Number;
        TrainingComputeCostUpfront: "Training compute cost (upfront)", Number;
        HardwareAcquisitionCost: "Hardware acquisition cost", Number;
        ComputeCostNotes: "Compute cost notes", Text;
        /// The 2022 tables' year, beside the date (sometimes instead of it).
        Year: "Year", Number;
        ComputeTimesParameters: "Training compute times parameters", DerivedNumber;
        ComputePerParameter: "Training compute per parameter (FLOPs)", DerivedNumber;
    }
}

dictionary! {
    /// A column of an accelerator table.
    HardwareColumn {
        Name: "Hardware name" | "Name of the hardware", Text;
        Type: "Type", Text;
        Fp64: "FP64 (double precision) performance (FLOP/s)" | "FP64 (double precision) Performance (FLOP/s)", Number;
        Fp32: "FP32 (single precision) performance (FLOP/s)" | "FP32 (single precision) Performance (FLOP/s)", Number;
        Tf32: "TF32 (TensorFloat-32) performance (FLOP/s)", Number;
        Fp16: "FP16 (half precision) performance (FLOP/s)" | "FP16 (half precision) Performance (FLOP/s)", Number;
        Tensor16: "Tensor-FP16/BF16 performance (FLOP/s)", Number;
        Fp8: "FP8 performance (FLOP/s)", Number;
        Int8: "INT8 performance (OP/s)" | "INT8 Performance (OP/s)", Number;
        Fp4: "FP4 performance (FLOP/s)", Number;
        Manufacturer: "Manufacturer", Text;
        ReleaseDate: "Release date", Text;
        Tdp: "TDP (W)", Number;
        Memory: "Memory size per board (Byte)", Number;
        Price: "Release price (USD)", Number;
        Datasheet: "Link to datasheet", Text;
    }
}

impl EpochColumn {
    /// The record fields this column fills (dotted paths into a model
    /// record), so a sync knows which fields an export speaks for and which
    /// it is silent on. Organization-level and derived columns fill none.
    pub fn fields(self) -> &'static [&'static str] {
        use EpochColumn as C;
        match self {
            C::Model => &["name"],
            C::Domain => &["domains"],
            C::Task => &["tasks"],
            C::Organization => &["organizations"],
            C::Authors => &["authors"],
            C::PublicationDate | C::Year => &["published", "published_precision"],
            C::Reference => &["reference"],
            C::Link => &["links"],
            C::Citations => &["citations"],
            C::NotabilityCriteria => &["notability"],
            C::NotabilityCriteriaNotes => &["notability_notes"],
            C::Parameters => &["parameters"],
            C::ParametersNotes => &["parameters_notes"],
            C::TrainingCompute => &["compute.value"],
            C::TrainingComputeNotes => &["compute.notes", "compute.benchmark_estimate"],
            C::TrainingDataset => &["data.datasets"],
            C::TrainingDatasetNotes => &["data.notes"],
            C::TrainingDatasetSize => &["data.size"],
            C::DatasetSizeNotes => &["data.size_notes"],
            C::TrainingTime => &["hardware.duration"],
            C::TrainingTimeNotes => &["hardware.duration_notes"],
            C::TrainingHardware => &["hardware.accelerator"],
            C::Approach => &["approach"],
            C::Confidence => &["confidence"],
            C::Abstract => &["abstract"],
            C::Epochs => &["data.epochs"],
            C::BenchmarkData => &["benchmark_name"],
            C::ModelAccessibility => &["accessibility"],
            C::BaseModel => &["base_model"],
            C::FinetuneCompute => &["finetune.value"],
            C::FinetuneComputeNotes => &["finetune.notes"],
            C::HardwareQuantity => &["hardware.count"],
            C::HardwareUtilization => &["hardware.utilization"],
            C::CloudVendor => &["hardware.cloud_vendor"],
            C::DataCenter => &["hardware.data_center"],
            C::ArchivedLinks => &["archived_links"],
            C::BatchSize => &["data.batch_size"],
            C::BatchSizeNotes => &["data.batch_size_notes"],
            C::FoundationModel => &["foundation_model"],
            C::TrainingComputeLowerBound => &["compute.lower"],
            C::TrainingComputeUpperBound => &["compute.upper"],
            C::TrainingChipHours => &["hardware.chip_time"],
            C::TrainingCodeAccessibility => &["code_accessibility"],
            C::AccessibilityNotes => &["accessibility_notes"],
            C::TrainingComputeCost2023 => &["compute.cost_2023_usd"],
            C::UtilizationNotes => &["hardware.utilization_notes"],
            C::NumericalFormat => &["hardware.precision"],
            C::TrainingPowerDraw => &["hardware.power_draw"],
            C::EstimationMethod => &["compute.method"],
            C::HuggingFaceDeveloper => &["hugging_face_developer"],
            C::PostTrainingCompute => &["post_training.value"],
            C::PostTrainingComputeNotes => &["post_training.notes"],
            C::FrontierModel => &["frontier_model"],
            C::OpenWeights => &["open_weights"],
            C::PossiblyOver1e23 => &["compute.possibly_over_1e23"],
            C::InferenceCodeAccessibility => &["inference_code_accessibility"],
            C::HardwareUtilizationHfu => &["hardware.hfu"],
            C::TrainingComputeCostCloud => &["compute.cost_cloud_usd"],
            C::TrainingComputeCostUpfront => &["compute.cost_upfront_usd"],
            C::HardwareAcquisitionCost => &["compute.hardware_acquisition_cost_usd"],
            C::ComputeCostNotes => &["compute.cost_notes"],
            // The organization's own records hold these, or Epoch derives them.
            C::Country
            | C::OrganizationCategorization
            | C::CategorizationFromOrganization
            | C::LastModified
            | C::ComputeRank
            | C::ComputeTimesParameters
            | C::ComputePerParameter => &[],
        }
    }
}

/// The columns of Epoch's 2025 "All ML Systems" export, in its order: the
/// layout `build --layout epoch` writes.
pub const EXPORT_2025: [EpochColumn; 57] = [
    EpochColumn::Model,
    EpochColumn::Domain,
    EpochColumn::Task,
    EpochColumn::Organization,
    EpochColumn::Authors,
    EpochColumn::PublicationDate,
    EpochColumn::Reference,
    EpochColumn::Link,
    EpochColumn::Citations,
    EpochColumn::NotabilityCriteria,
    EpochColumn::NotabilityCriteriaNotes,
    EpochColumn::Parameters,
    EpochColumn::ParametersNotes,
    EpochColumn::TrainingCompute,
    EpochColumn::TrainingComputeNotes,
    EpochColumn::TrainingDataset,
    EpochColumn::TrainingDatasetNotes,
    EpochColumn::TrainingDatasetSize,
    EpochColumn::DatasetSizeNotes,
    EpochColumn::TrainingTime,
    EpochColumn::TrainingTimeNotes,
    EpochColumn::TrainingHardware,
    EpochColumn::Approach,
    EpochColumn::Confidence,
    EpochColumn::Abstract,
    EpochColumn::Epochs,
    EpochColumn::BenchmarkData,
    EpochColumn::ModelAccessibility,
    EpochColumn::Country,
    EpochColumn::BaseModel,
    EpochColumn::FinetuneCompute,
    EpochColumn::FinetuneComputeNotes,
    EpochColumn::HardwareQuantity,
    EpochColumn::HardwareUtilization,
    EpochColumn::LastModified,
    EpochColumn::CloudVendor,
    EpochColumn::DataCenter,
    EpochColumn::ArchivedLinks,
    EpochColumn::BatchSize,
    EpochColumn::BatchSizeNotes,
    EpochColumn::OrganizationCategorization,
    EpochColumn::FoundationModel,
    EpochColumn::TrainingComputeLowerBound,
    EpochColumn::TrainingComputeUpperBound,
    EpochColumn::TrainingChipHours,
    EpochColumn::TrainingCodeAccessibility,
    EpochColumn::AccessibilityNotes,
    EpochColumn::CategorizationFromOrganization,
    EpochColumn::TrainingComputeCost2023,
    EpochColumn::UtilizationNotes,
    EpochColumn::NumericalFormat,
    EpochColumn::TrainingPowerDraw,
    EpochColumn::EstimationMethod,
    EpochColumn::HuggingFaceDeveloper,
    EpochColumn::PostTrainingCompute,
    EpochColumn::PostTrainingComputeNotes,
    EpochColumn::ComputeRank,
];

/// The key of a column in a record's `extra`: `Training cost (2020 USD)` is
/// `training_cost_2020_usd`.
pub fn extra_key(header: &str) -> String {
    crate::record::slugify(header).replace('-', "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_names_one_column() {
        let mut seen = std::collections::BTreeMap::new();
        for column in EpochColumn::ALL {
            for spelling in column.spellings() {
                assert_eq!(seen.insert(*spelling, *column), None, "{spelling} is spelled twice");
                assert_eq!(EpochColumn::from_header(spelling), Some(*column));
            }
        }
        assert_eq!(EpochColumn::from_header("Training compute (FLOPs)"), Some(EpochColumn::TrainingCompute));
        assert_eq!(EpochColumn::from_header("Nothing like it"), None);
        for column in HardwareColumn::ALL {
            assert_eq!(column.spellings().first(), Some(&column.name()));
        }
    }

    #[test]
    fn the_export_lists_each_column_once() {
        let unique: std::collections::BTreeSet<EpochColumn> = EXPORT_2025.iter().copied().collect();
        assert_eq!(unique.len(), EXPORT_2025.len());
        assert_eq!(EXPORT_2025.first().map(|c| c.name()), Some("Model"));
    }
}
