//! Hardware-time: C = chips x peak FLOP/s x time x utilization, or
//! chip-time x peak x utilization. All arithmetic is in uom quantities:
//! a rate times a time is a dimensionless FLOP count.

use uom::si::energy::kilowatt_hour;
use uom::si::f64::{Energy, Frequency, Power, Ratio, Time};
use uom::si::ratio::ratio;

use super::{Estimate, EstimateMethod, RunFigures, show};
use crate::quantity::round_computed;
use crate::record::{Hardware, Precision, Term};

/// The peak throughput chosen for the estimate, and why it was chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct PeakChoice {
    pub rate: Frequency,
    /// The peak as written, such as `312 TFLOP/s`.
    pub text: String,
    /// For example `16-bit tensor peak (no precision given)`.
    pub label: String,
    /// The hardware id or name.
    pub hardware: String,
    /// The same format's peak with sparsity, where the record gives it.
    pub sparse: Option<Frequency>,
}

/// Why a record that names hardware and time still gives no hardware-time
/// estimate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unavailable {
    #[error("{0} accelerators are named; hardware-time needs one")]
    SeveralAccelerators(usize),
    #[error("no hardware record `{0}`")]
    NoHardwareRecord(String),
    #[error("`{hardware}` has no {} peak throughput", precision.map_or("16-bit tensor or fp32", |p| p.id()))]
    NoPeak { hardware: String, precision: Option<Precision> },
}

impl serde::Serialize for Unavailable {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The peak of hardware record `id` for a number format (see
/// [`crate::record::Peak::for_precision`] for the rule when none is given).
pub fn choose_peak(id: &str, hardware: &Hardware, precision: Option<Precision>) -> Result<PeakChoice, Unavailable> {
    let (rate, label) = hardware
        .peak
        .as_ref()
        .and_then(|p| p.for_precision(precision))
        .ok_or_else(|| Unavailable::NoPeak { hardware: id.to_string(), precision })?;
    // The sparse figure of the same format only (the same rule, the same label).
    let sparse = hardware.sparse_peak.as_ref().map(|p| p.as_peak()).and_then(|p| {
        p.for_precision(precision).filter(|(_, sparse_label)| *sparse_label == label).map(|(rate, _)| rate.value())
    });
    Ok(PeakChoice {
        rate: rate.value(),
        text: rate.text().to_string(),
        label: label.to_string(),
        hardware: id.to_string(),
        sparse,
    })
}

#[derive(Debug, Clone, PartialEq)]
pub struct HardwareInputs {
    pub chips: Option<u64>,
    pub peak: PeakChoice,
    pub duration: Option<(Time, String)>,
    pub chip_time: Option<(Time, String)>,
    /// The record's utilization, if it gives one.
    pub utilization: Option<f64>,
    /// The default for this kind of model (language or not).
    pub default_utilization: f64,
}

/// The estimate, or `None` without chips and a duration, or a chip-time.
pub fn hardware_time(inputs: &HardwareInputs) -> Option<Estimate> {
    let mut assumptions = Vec::new();
    let utilization = inputs.utilization.unwrap_or_else(|| {
        assumptions.push(format!("no utilization given: {}% assumed", show(inputs.default_utilization * 100.0)));
        inputs.default_utilization
    });
    assumptions.push(format!("{} of {}", inputs.peak.label, inputs.peak.hardware));
    let u = Ratio::new::<ratio>(utilization);
    let peak = &inputs.peak;
    let utilization_text = format!("{}% utilization", show(utilization * 100.0));
    let (flop, working_inputs) = match (inputs.chips, &inputs.duration, &inputs.chip_time) {
        (Some(chips), Some((duration, duration_text)), _) => {
            let flop: Ratio = peak.rate * *duration * u * chips as f64;
            (flop, format!("{chips} chips x {} x {duration_text} x {utilization_text}", peak.text))
        }
        (_, _, Some((chip_time, chip_time_text))) => {
            let flop: Ratio = peak.rate * *chip_time * u;
            (flop, format!("{chip_time_text} x {} x {utilization_text}", peak.text))
        }
        _ => return None,
    };
    let flop = round_computed(flop.get::<ratio>());
    let working = format!("{working_inputs} = {} FLOP", show(flop));
    let per_second = |rate: Frequency| rate.get::<crate::quantity::units::flop_rate::flop_per_second>();
    let run = RunFigures {
        peak: per_second(peak.rate),
        sparse_peak: peak.sparse.map(per_second),
        peak_label: peak.label.to_string(),
        utilization,
        utilization_stated: inputs.utilization.is_some(),
    };
    Some(Estimate { method: EstimateMethod::Hardware, flop, working, assumptions, run: Some(run) })
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnergyInputs {
    pub chips: Option<u64>,
    pub tdp: Power,
    pub duration: Option<Time>,
    pub chip_time: Option<Time>,
    pub pue: f64,
}

/// Training energy in kWh: chips x TDP x time x PUE (or chip-time x TDP x PUE).
pub fn energy_kwh(inputs: &EnergyInputs) -> Option<f64> {
    let chip_time = match (inputs.chips, inputs.duration, inputs.chip_time) {
        (Some(chips), Some(duration), _) => duration * chips as f64,
        (_, _, Some(chip_time)) => chip_time,
        _ => return None,
    };
    let energy: Energy = inputs.tdp * chip_time * inputs.pue;
    Some(round_computed(energy.get::<kilowatt_hour>()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quantity::units::flop_rate::teraflop_per_second;
    use uom::si::power::watt;
    use uom::si::time::{day, hour};

    fn a100(chips: Option<u64>, days: Option<f64>, utilization: Option<f64>) -> HardwareInputs {
        HardwareInputs {
            chips,
            peak: PeakChoice {
                rate: Frequency::new::<teraflop_per_second>(312.0),
                text: "312 TFLOP/s".into(),
                label: "bf16 peak".into(),
                hardware: "nvidia-a100".into(),
                sparse: None,
            },
            duration: days.map(|d| (Time::new::<day>(d), format!("{d} days"))),
            chip_time: None,
            utilization,
            default_utilization: 0.3,
        }
    }

    #[test]
    fn hand_computed_case() {
        // 1024 x 312e12 FLOP/s x 34 days x 86400 s/day x 0.4
        //   = 1024 x 312e12 x 2_937_600 s x 0.4 = 3.754...e23 FLOP
        let expected = 1024.0 * 312e12 * 34.0 * 86400.0 * 0.4;
        let estimate = hardware_time(&a100(Some(1024), Some(34.0), Some(0.4))).unwrap();
        assert!((estimate.flop - expected).abs() / expected < 1e-12);
        assert!((estimate.flop - 3.7541e23).abs() / 3.7541e23 < 1e-4);
        assert_eq!(estimate.working, "1024 chips x 312 TFLOP/s x 34 days x 40% utilization = 3.754e23 FLOP");
    }

    #[test]
    fn default_utilization_is_said() {
        let estimate = hardware_time(&a100(Some(8), Some(1.0), None)).unwrap();
        assert_eq!(estimate.flop, 8.0 * 312e12 * 86400.0 * 0.3);
        assert!(estimate.assumptions.iter().any(|a| a.contains("30% assumed")));
    }

    #[test]
    fn chip_time_alone() {
        let mut inputs = a100(None, None, Some(0.5));
        inputs.chip_time = Some((Time::new::<hour>(1000.0), "1000 chip-hours".into()));
        let estimate = hardware_time(&inputs).unwrap();
        assert_eq!(estimate.flop, 312e12 * 3.6e6 * 0.5);
        assert!(hardware_time(&a100(Some(8), None, None)).is_none());
    }

    proptest::proptest! {
        #[test]
        fn linear_in_each_input(chips in 1u64..100_000, days in 0.01f64..1000.0, utilization in 0.01f64..1.0, k in 1u64..100) {
            let base = hardware_time(&a100(Some(chips), Some(days), Some(utilization))).unwrap().flop;
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs());
            let kf = k as f64;
            let more_chips = hardware_time(&a100(Some(chips * k), Some(days), Some(utilization))).unwrap().flop;
            let longer = hardware_time(&a100(Some(chips), Some(days * kf), Some(utilization))).unwrap().flop;
            let busier = hardware_time(&a100(Some(chips), Some(days), Some(utilization / kf))).unwrap().flop;
            proptest::prop_assert!(close(more_chips, base * kf));
            proptest::prop_assert!(close(longer, base * kf));
            proptest::prop_assert!(close(busier * kf, base));
        }
    }

    #[test]
    fn energy() {
        let inputs = EnergyInputs {
            chips: Some(1000),
            tdp: Power::new::<watt>(400.0),
            duration: Some(Time::new::<hour>(10.0)),
            chip_time: None,
            pue: 1.1,
        };
        // 1000 x 400 W x 10 h x 1.1 = 4400 kWh
        assert!((energy_kwh(&inputs).unwrap() - 4400.0).abs() < 1e-9);
    }
}
