//! Training-compute estimation as Epoch AI's methodology does it: operation
//! counting (6ND), hardware-time (chips x peak x time x utilization), their
//! resolution into one figure, and training energy. Pure functions: no I/O.
//! The warnings for figures that disagree are `check`'s (`check::compute`).

mod config;
mod hardware_time;
mod lineage;
mod operation_counting;
mod provenance;
mod resolve;
mod text;

pub use config::EstimateConfig;
pub use hardware_time::{
    EnergyInputs, HardwareInputs, PeakChoice, Unavailable, choose_peak, energy_kwh, hardware_time,
};
pub use lineage::{Lineage, Node, dataset_compute, lineages, lineages_of, totals_lineage};
pub use operation_counting::{OperationInputs, operation_counting};
pub use provenance::{ComputeProvenance, Origin, compute_provenance};
pub use resolve::{Resolution, ResolvedMethod, Run, resolve, resolve_model, run_inputs};
pub use text::{lineage_text, lineage_working, resolution_text};

use crate::quantity::{format_number, round_significant};

/// Which estimator produced a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EstimateMethod {
    OperationCounting,
    Hardware,
}

impl EstimateMethod {
    pub fn label(self) -> &'static str {
        match self {
            EstimateMethod::OperationCounting => "operation counting",
            EstimateMethod::Hardware => "hardware-time",
        }
    }
}

/// An estimate with the one-line working that produced it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Estimate {
    pub method: EstimateMethod,
    pub flop: f64,
    /// For example `6 x 1.75e11 parameters x 3e11 tokens = 3.15e23 FLOP`.
    pub working: String,
    /// Assumptions made, such as a default utilization.
    pub assumptions: Vec<String>,
    /// A hardware estimate's run: its peak (FLOP/s), the utilization it
    /// used and whether the record gave it, for checks against the stated
    /// compute.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run: Option<RunFigures>,
}

/// What a hardware-time estimate multiplied.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RunFigures {
    /// The chip's peak for the number format, FLOP/s.
    pub peak: f64,
    /// Which peak: `16-bit tensor peak`, `fp32 peak`, ...
    pub peak_label: String,
    /// The same format's peak with sparsity, where the chip's record gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sparse_peak: Option<f64>,
    pub utilization: f64,
    /// Whether the record gave the utilization (else the default).
    pub utilization_stated: bool,
}

/// A number as shown in a working: the canonical format, rounded to four
/// significant digits.
pub fn show(value: f64) -> String {
    if !value.is_finite() {
        return format!("{value}");
    }
    format_number(round_significant(value, 4))
}

/// How far apart two positive figures are, as a factor of at least 1.
pub fn factor_between(a: f64, b: f64) -> f64 {
    if a <= 0.0 || b <= 0.0 { f64::INFINITY } else { (a / b).max(b / a) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_four_significant_digits() {
        assert_eq!(show(3.15e23), "3.15e23");
        assert_eq!(show(3.1456789e23), "3.146e23");
        assert_eq!(show(1024.0), "1024");
        assert_eq!(show(0.3), "0.3");
        assert_eq!(show(19.68), "19.68");
        assert_eq!(show(175e9), "1.75e11");
    }
}
