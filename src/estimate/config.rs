//! The estimation defaults a repository may change (`[estimate]` in
//! `flopdb.toml`, read by `config`).

use serde::Deserialize;

/// Defaults of the estimators and cross-checks.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EstimateConfig {
    /// Utilization assumed for language models when a record gives none (Epoch: 0.3).
    pub utilization_language: f64,
    /// Utilization assumed for other models (Epoch: 0.4).
    pub utilization_other: f64,
    /// Two compute figures further apart than this factor are flagged.
    pub disagreement_factor: f64,
    /// Power usage effectiveness of the data center, for training energy.
    pub pue: f64,
    /// Backward-pass compute as a multiple of the forward pass.
    pub backward_forward_ratio: f64,
}

impl Default for EstimateConfig {
    fn default() -> Self {
        EstimateConfig {
            utilization_language: 0.3,
            utilization_other: 0.4,
            disagreement_factor: 3.0,
            pue: 1.1,
            backward_forward_ratio: 2.0,
        }
    }
}
