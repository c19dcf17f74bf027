//! A hardware record: `records/hardware/<id>.toml`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::vocab::{HardwareKind, Precision};
use crate::quantity::{FlopRate, Memory, Power};

/// An accelerator used to train models.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "flopdb hardware record")]
pub struct Hardware {
    /// The product name, such as "NVIDIA A100 SXM4 80 GB".
    pub name: String,
    /// Other names, used to match imports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The maker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manufacturer: Option<String>,
    /// GPU, TPU, CPU, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<HardwareKind>,
    /// Release date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub released: Option<NaiveDate>,
    /// Peak throughput per number format, dense: what estimates use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peak: Option<Peak>,
    /// The datasheet's peaks with structured sparsity (2:4), per number
    /// format, where it prints them: never used by an estimate (training
    /// runs dense), kept so that a working which multiplies one is
    /// recognized (W115).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sparse_peak: Option<SparsePeak>,
    /// Thermal design power: `"400 W"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tdp: Option<Power>,
    /// Memory per chip: `"80 GB"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<Memory>,
    /// Release price in US dollars.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("minimum" = 0))]
    pub price_usd: Option<f64>,
    /// Datasheets and other links.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<String>,
    /// Anything else worth knowing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Columns of Epoch's hardware tables that flopdb has no field for, kept
    /// verbatim by the importer.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
}

/// Peak throughput per number format, as on the datasheet (dense, no sparsity).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Peak {
    /// FP64: `"9.7 TFLOP/s"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fp64: Option<FlopRate>,
    /// FP32 without tensor cores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fp32: Option<FlopRate>,
    /// TF32 on tensor cores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tf32: Option<FlopRate>,
    /// FP16 without tensor cores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fp16: Option<FlopRate>,
    /// FP16/BF16 on tensor cores (or the chip's 16-bit matrix units).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tensor_16bit: Option<FlopRate>,
    /// FP8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fp8: Option<FlopRate>,
    /// INT8, in OP/s.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub int8: Option<FlopRate>,
    /// FP4.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fp4: Option<FlopRate>,
}

/// The datasheet's peaks with structured sparsity: a tensor-core feature,
/// so only the tensor formats (an FP64, FP32 or FP16 figure "with
/// sparsity" is not a thing a datasheet prints, and is refused).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SparsePeak {
    /// TF32 on tensor cores, with sparsity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tf32: Option<FlopRate>,
    /// FP16/BF16 on tensor cores, with sparsity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tensor_16bit: Option<FlopRate>,
    /// FP8, with sparsity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fp8: Option<FlopRate>,
    /// INT8, in OP/s, with sparsity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub int8: Option<FlopRate>,
    /// FP4, with sparsity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fp4: Option<FlopRate>,
}

impl SparsePeak {
    /// As a [`Peak`], so that a number format picks its sparse figure by the
    /// same rule (and label) as its dense one.
    pub fn as_peak(&self) -> Peak {
        Peak {
            tf32: self.tf32.clone(),
            tensor_16bit: self.tensor_16bit.clone(),
            fp8: self.fp8.clone(),
            int8: self.int8.clone(),
            fp4: self.fp4.clone(),
            ..Peak::default()
        }
    }
}

impl Peak {
    /// Every format's peak, by its key.
    pub fn entries(&self) -> [(&'static str, Option<&FlopRate>); 8] {
        [
            ("fp64", self.fp64.as_ref()),
            ("fp32", self.fp32.as_ref()),
            ("tf32", self.tf32.as_ref()),
            ("fp16", self.fp16.as_ref()),
            ("tensor_16bit", self.tensor_16bit.as_ref()),
            ("fp8", self.fp8.as_ref()),
            ("int8", self.int8.as_ref()),
            ("fp4", self.fp4.as_ref()),
        ]
    }

    /// The peak for a number format, and a note when another format's peak
    /// stands in for it. With no format: the 16-bit tensor peak where there
    /// is one, else FP32 (the estimation rule of the issue and of Epoch).
    pub fn for_precision(&self, precision: Option<Precision>) -> Option<(&FlopRate, &'static str)> {
        fn pick<'a>(rate: &'a Option<FlopRate>, label: &'static str) -> Option<(&'a FlopRate, &'static str)> {
            rate.as_ref().map(|r| (r, label))
        }
        match precision {
            Some(Precision::Fp64) => pick(&self.fp64, "fp64 peak"),
            Some(Precision::Fp32) => pick(&self.fp32, "fp32 peak"),
            Some(Precision::Tf32) => {
                pick(&self.tf32, "tf32 peak").or_else(|| pick(&self.fp32, "fp32 peak (no tf32 peak)"))
            }
            Some(Precision::Fp16 | Precision::Bf16) => pick(&self.tensor_16bit, "16-bit tensor peak")
                .or_else(|| pick(&self.fp16, "fp16 peak (no 16-bit tensor peak)")),
            Some(Precision::Fp8) => pick(&self.fp8, "fp8 peak"),
            Some(Precision::Int8) => pick(&self.int8, "int8 peak"),
            // NVFP4 runs on the FP4 tensor cores: the FP4 peak is its peak.
            Some(Precision::Fp4 | Precision::Nvfp4) => pick(&self.fp4, "fp4 peak"),
            None => pick(&self.tensor_16bit, "16-bit tensor peak (no precision given)")
                .or_else(|| pick(&self.fp32, "fp32 peak (no precision given, no 16-bit tensor peak)")),
        }
    }
}

impl Hardware {
    /// Its name, then its aliases: what a person may call it.
    pub fn names(&self) -> Vec<&str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str)).collect()
    }
}
