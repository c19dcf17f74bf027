//! Resolution: one training-compute figure per model, with its method.
//! The stated value when there is one; else operation counting; else
//! hardware-time; with both estimates and no stated value, their geometric
//! mean.

use serde::Serialize;
use uom::si::f64::Time;

use super::EstimateConfig;
use super::hardware_time::{EnergyInputs, HardwareInputs, Unavailable, choose_peak, energy_kwh, hardware_time};
use super::operation_counting::{OperationInputs, operation_counting};
use super::{Estimate, show};
use crate::quantity::round_computed;
use crate::record::{Hardware, Model, Precision, RecordSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResolvedMethod {
    Stated,
    OperationCounting,
    Hardware,
    GeometricMean,
}

impl ResolvedMethod {
    /// The value of the dataset's `training_compute_method` column.
    pub fn id(self) -> &'static str {
        match self {
            ResolvedMethod::Stated => "stated",
            ResolvedMethod::OperationCounting => "operation-counting",
            ResolvedMethod::Hardware => "hardware",
            ResolvedMethod::GeometricMean => "geometric-mean",
        }
    }
}

/// Everything flopdb can say about a model's training compute.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resolution {
    /// The resolved figure, if any.
    pub flop: Option<f64>,
    pub method: Option<ResolvedMethod>,
    /// How the resolved figure was reached.
    pub working: Option<String>,
    pub stated: Option<f64>,
    pub operation_counting: Option<Estimate>,
    pub hardware: Option<Estimate>,
    /// Why the hardware estimate could not be made although its inputs are given.
    pub hardware_unavailable: Option<Unavailable>,
    pub energy_kwh: Option<f64>,
}

impl Resolution {
    /// The figure the record's own inputs give, without its stated value:
    /// an estimate, or both resolved (their geometric mean).
    pub fn estimated(&self) -> Option<f64> {
        combined(self.operation_counting.as_ref().map(|e| e.flop), self.hardware.as_ref().map(|e| e.flop))
    }
}

/// What the estimates resolve to without a stated value: the geometric
/// mean of both, or the one there is.
fn combined(operation: Option<f64>, hardware: Option<f64>) -> Option<f64> {
    match (operation, hardware) {
        (Some(op), Some(hw)) => Some(round_computed((op * hw).sqrt())),
        (op, hw) => op.or(hw),
    }
}

/// Resolves from a stated value and the two estimates.
pub fn resolve(stated: Option<f64>, operation: Option<Estimate>, hardware: Option<Estimate>) -> Resolution {
    let (flop, method, working) = match (stated, &operation, &hardware) {
        (Some(value), _, _) => {
            (Some(value), Some(ResolvedMethod::Stated), Some(format!("stated: {} FLOP", show(value))))
        }
        (None, Some(op), Some(hw)) => {
            let mean = combined(Some(op.flop), Some(hw.flop)).unwrap_or_default();
            let working = format!(
                "sqrt({} x {}) = {} FLOP (geometric mean of both estimates)",
                show(op.flop),
                show(hw.flop),
                show(mean)
            );
            (Some(mean), Some(ResolvedMethod::GeometricMean), Some(working))
        }
        (None, Some(op), None) => (Some(op.flop), Some(ResolvedMethod::OperationCounting), Some(op.working.clone())),
        (None, None, Some(hw)) => (Some(hw.flop), Some(ResolvedMethod::Hardware), Some(hw.working.clone())),
        (None, None, None) => (None, None, None),
    };
    Resolution {
        flop,
        method,
        working,
        stated,
        operation_counting: operation,
        hardware,
        hardware_unavailable: None,
        energy_kwh: None,
    }
}

/// The inputs of operation counting in a model record.
pub fn operation_inputs(model: &Model) -> OperationInputs {
    let data = model.data.as_ref();
    let compute = model.compute.as_ref();
    OperationInputs {
        parameters: model.parameters,
        active_parameters: model.active_parameters,
        data: data.and_then(|d| d.size.as_ref()).map(|s| s.value()),
        seen: data.and_then(|d| d.seen.as_ref()).map(|s| s.value()),
        epochs: data.and_then(|d| d.epochs),
        forward_flop_per_example: compute.and_then(|c| c.forward_flop_per_example.as_ref()).map(|f| f.flop()),
        language: model.is_language_model(),
        backward_forward_ratio: compute.and_then(|c| c.backward_forward_ratio),
    }
}

/// The hardware inputs of a model record: `Ok(None)` when it gives none,
/// `Err` when it gives them but they make no estimate.
pub fn hardware_inputs(
    model: &Model,
    set: &RecordSet,
    config: &EstimateConfig,
) -> Result<Option<HardwareInputs>, Unavailable> {
    let Some(hw) = &model.hardware else { return Ok(None) };
    let has_time = (hw.count.is_some() && hw.duration.is_some()) || hw.chip_time.is_some();
    let accelerator = match hw.accelerator.0.as_slice() {
        _ if !has_time => return Ok(None),
        [] => return Ok(None),
        [one] => one.as_str(),
        many => return Err(Unavailable::SeveralAccelerators(many.len())),
    };
    let hardware =
        set.hardware.get(accelerator).ok_or_else(|| Unavailable::NoHardwareRecord(accelerator.to_string()))?;
    let run = Run {
        chips: hw.count.map(|c| c.0),
        duration: hw.duration.as_ref().map(|d| (d.value(), d.text().to_string())),
        chip_time: hw.chip_time.as_ref().map(|c| (c.value(), c.text().to_string())),
        precision: hw.precision.0.first().copied(),
        utilization: hw.utilization.as_ref().map(|u| u.value()),
        language: model.is_language_model(),
    };
    run_inputs(accelerator, &hardware.record, run, config).map(Some)
}

/// A training run on one kind of accelerator, as a record or flags give it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Run {
    pub chips: Option<u64>,
    /// The duration with the text it was written as.
    pub duration: Option<(Time, String)>,
    pub chip_time: Option<(Time, String)>,
    pub precision: Option<Precision>,
    pub utilization: Option<f64>,
    /// Whether the language-model default utilization applies.
    pub language: bool,
}

/// The inputs of hardware-time for `run` on the accelerator `id`: its peak
/// for the run's number format, and the default utilization for the kind
/// of model.
pub fn run_inputs(
    id: &str,
    hardware: &Hardware,
    run: Run,
    config: &EstimateConfig,
) -> Result<HardwareInputs, Unavailable> {
    let peak = choose_peak(id, hardware, run.precision)?;
    let default_utilization = if run.language { config.utilization_language } else { config.utilization_other };
    Ok(HardwareInputs {
        chips: run.chips,
        peak,
        duration: run.duration,
        chip_time: run.chip_time,
        utilization: run.utilization,
        default_utilization,
    })
}

/// Everything about one model's compute, from its record and the hardware records.
pub fn resolve_model(model: &Model, set: &RecordSet, config: &EstimateConfig) -> Resolution {
    let stated = model.compute.as_ref().and_then(|c| c.value.as_ref()).map(|v| v.flop());
    let operation = operation_counting(&operation_inputs(model), config.backward_forward_ratio);
    let (hardware, unavailable) = match hardware_inputs(model, set, config) {
        Ok(inputs) => (inputs.as_ref().and_then(hardware_time), None),
        Err(why) => (None, Some(why)),
    };
    let mut resolution = resolve(stated, operation, hardware);
    resolution.hardware_unavailable = unavailable;
    resolution.energy_kwh = energy(model, set, config);
    resolution
}

fn energy(model: &Model, set: &RecordSet, config: &EstimateConfig) -> Option<f64> {
    let hw = model.hardware.as_ref()?;
    let [accelerator] = hw.accelerator.0.as_slice() else { return None };
    let tdp = set.hardware.get(accelerator.as_str())?.record.tdp.as_ref()?.value();
    energy_kwh(&EnergyInputs {
        chips: hw.count.map(|c| c.0),
        tdp,
        duration: hw.duration.as_ref().map(|d| d.value()),
        chip_time: hw.chip_time.as_ref().map(|c| -> Time { c.value() }),
        pue: config.pue,
    })
}

#[cfg(test)]
mod tests {
    use super::super::EstimateMethod;
    use super::*;

    fn estimate(method: EstimateMethod, flop: f64) -> Estimate {
        Estimate { method, flop, working: String::new(), assumptions: Vec::new(), run: None }
    }

    #[test]
    fn stated_wins() {
        let r = resolve(Some(3.14e23), Some(estimate(EstimateMethod::OperationCounting, 3.15e23)), None);
        assert_eq!(r.flop, Some(3.14e23));
        assert_eq!(r.method, Some(ResolvedMethod::Stated));
    }

    #[test]
    fn geometric_mean_of_both() {
        // sqrt(1e22 x 4e22) = 2e22
        let r = resolve(
            None,
            Some(estimate(EstimateMethod::OperationCounting, 1e22)),
            Some(estimate(EstimateMethod::Hardware, 4e22)),
        );
        assert_eq!(r.flop, Some(2e22));
        assert_eq!(r.method, Some(ResolvedMethod::GeometricMean));
        assert_eq!(r.working.as_deref(), Some("sqrt(1e22 x 4e22) = 2e22 FLOP (geometric mean of both estimates)"));
    }

    #[test]
    fn one_estimate_alone() {
        let r = resolve(None, None, Some(estimate(EstimateMethod::Hardware, 5e20)));
        assert_eq!((r.flop, r.method), (Some(5e20), Some(ResolvedMethod::Hardware)));
        assert_eq!(resolve(None, None, None).flop, None);
    }
}
