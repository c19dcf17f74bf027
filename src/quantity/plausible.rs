//! The plausible range of every input of an estimate and of the estimate
//! itself, in one place, each with its reason (`flopdb explain E020`, the
//! README's "Reliability"). A value outside its range is an error: it is
//! almost always an exponent or a unit typed wrong, and one such value moves
//! every trend (a run of `1e200 h` made a chip estimate of 1e218 FLOP that
//! took the large-scale era's R² from 0.86 to 0.03). Every product of values
//! within these ranges is a finite number, so no output holds `inf`.

/// A closed range of a quantity, in the unit it is named in.
#[derive(Debug, Clone, Copy)]
pub struct Plausible {
    /// What the range is of, as a message names it.
    pub what: &'static str,
    pub min: f64,
    pub max: f64,
    /// The range as the messages and the documentation write it.
    pub text: &'static str,
    /// Why these bounds: what the data holds and how far past it they are.
    pub why: &'static str,
}

impl Plausible {
    /// Whether `value` lies within the range (never for NaN).
    pub fn holds(&self, value: f64) -> bool {
        (self.min..=self.max).contains(&value)
    }
}

/// A model's parameters (and active parameters).
pub const PARAMETERS: Plausible = Plausible {
    what: "parameter count",
    min: 1.0,
    max: 1e15,
    text: "1 to 1e15 parameters",
    why: "the records run from 10 parameters (1950s systems) to 1e14 (Persia, a recommender); the largest language models have a few 1e12",
};

/// Passes over the training data.
pub const EPOCHS: Plausible = Plausible {
    what: "epochs",
    min: 1e-6,
    max: 1e7,
    text: "1e-6 to 1e7 epochs",
    why: "the records run from 0.12 epochs to 191,400 (a small network trained on a small table)",
};

/// Chips in one training run.
pub const CHIPS: Plausible = Plausible {
    what: "chip count",
    min: 1.0,
    max: 1e7,
    text: "1 to 1e7 chips",
    why: "the largest run the records give used 200,000 chips (Grok 4); ten million is past any cluster built or announced",
};

/// Wall-clock training time, hours: one second to ten years.
pub const DURATION_HOURS: Plausible = Plausible {
    what: "training time",
    min: 1.0 / 3600.0,
    max: 87_660.0,
    text: "1 second to 10 years",
    why: "the records' runs take from 6 minutes to 9,023 hours (about a year); one second to ten years holds every run with room",
};

/// Chip time, chip-hours: one chip-second to ten million chips for ten years.
pub const CHIP_HOURS: Plausible = Plausible {
    what: "chip time",
    min: 1.0 / 3600.0,
    max: 1e12,
    text: "1 chip-second to 1e12 chip-hours",
    why: "the most chips for the longest time above: 1e7 chips for 87,660 hours is under 1e12 chip-hours",
};

/// A chip's peak throughput in any number format, FLOP/s.
pub const PEAK_FLOP_PER_SECOND: Plausible = Plausible {
    what: "peak",
    min: 1e3,
    max: 1e18,
    text: "1e3 to 1e18 FLOP/s",
    why: "the hardware records' peaks run from 1.9e10 FLOP/s (an fp16 peak of 2016) to 2e16 FLOP/s (GB200 at fp4); a wafer-scale engine peaks near 1.25e17",
};

/// The power drawn by a training cluster, watts.
pub const CLUSTER_POWER_WATTS: Plausible = Plausible {
    what: "power draw",
    min: 1.0,
    max: 1e10,
    text: "1 W to 10 GW",
    why: "the records' largest cluster draws 110 MW (Grok 3); 10 GW is past any site built or announced",
};

/// Training compute, stated or estimated, FLOP.
pub const COMPUTE_FLOP: Plausible = Plausible {
    what: "compute",
    min: 1.0,
    max: 1e32,
    text: "1 to 1e32 FLOP",
    why: "the largest runs of 2026 are near 5e26 FLOP; 1e32 is a million times more",
};

/// The range a parsed quantity is held to, with its value in the range's
/// unit: a duration as a training time, a rate as a chip's peak, a power
/// as a cluster's draw. Data sizes, energies, memory and fractions have
/// none here (a data size's ceiling is a warning, W107).
pub fn of(quantity: &super::Quantity) -> Option<(f64, &'static Plausible)> {
    use super::Quantity;
    use super::units::flop_rate::flop_per_second;
    use uom::si::{power::watt, ratio::ratio, time::hour};
    match quantity {
        Quantity::Flop(v) => Some((v.get::<ratio>(), &COMPUTE_FLOP)),
        Quantity::FlopRate(v) => Some((v.get::<flop_per_second>(), &PEAK_FLOP_PER_SECOND)),
        Quantity::Duration(v) => Some((v.get::<hour>(), &DURATION_HOURS)),
        Quantity::ChipTime(v) => Some((v.get::<hour>(), &CHIP_HOURS)),
        Quantity::Power(v) => Some((v.get::<watt>(), &CLUSTER_POWER_WATTS)),
        Quantity::Energy(_) | Quantity::Bytes(_) | Quantity::DataSize(..) | Quantity::Fraction(_) => None,
    }
}

/// Every range, for the documentation and its test.
pub const ALL: [Plausible; 8] =
    [PARAMETERS, EPOCHS, CHIPS, DURATION_HOURS, CHIP_HOURS, PEAK_FLOP_PER_SECOND, CLUSTER_POWER_WATTS, COMPUTE_FLOP];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ranges_hold_their_ends_and_refuse_nan() {
        for range in ALL {
            assert!(range.holds(range.min) && range.holds(range.max), "{}", range.what);
            assert!(!range.holds(f64::NAN) && !range.holds(f64::INFINITY), "{}", range.what);
            assert!(!range.holds(range.max * 1.01) && !range.holds(range.min * 0.99), "{}", range.what);
        }
    }

    /// The products of values in range are finite: no output holds `inf`.
    #[test]
    fn the_largest_run_the_ranges_allow_is_a_finite_number_in_range_of_nothing_else() {
        let hardware = CHIPS.max * DURATION_HOURS.max * 3600.0 * PEAK_FLOP_PER_SECOND.max;
        assert!(hardware.is_finite(), "{hardware}");
        let energy = CLUSTER_POWER_WATTS.max * DURATION_HOURS.max;
        assert!(energy.is_finite());
        // 6 x 1e15 parameters x 1e15 tokens x 1e7 epochs: finite, and out of range.
        let counted = 6.0 * PARAMETERS.max * 1e15 * EPOCHS.max;
        assert!(counted.is_finite() && !COMPUTE_FLOP.holds(counted));
    }

    /// `flopdb explain E020` gives each range: the text and this table agree.
    #[test]
    fn the_explanation_names_every_range() {
        let text = crate::diag::Code::OutOfRange.explanation();
        for range in ALL {
            assert!(text.contains(range.text), "E020's text lacks {} {}", range.what, range.text);
        }
    }
}
