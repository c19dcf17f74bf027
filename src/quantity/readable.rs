//! Writing a value in the unit a person would choose (`312 TFLOP/s`,
//! `80 GB`), but only when that text reads back as exactly the same value.

use super::dimension::Dimension;
use super::number::format_number;
use super::parse::{Quantity, parse};

/// Units tried from the largest down, per dimension; the last is the base.
fn preferred(dimension: Dimension) -> &'static [(&'static str, f64)] {
    match dimension {
        Dimension::FlopRate => &[
            ("EFLOP/s", 1e18),
            ("PFLOP/s", 1e15),
            ("TFLOP/s", 1e12),
            ("GFLOP/s", 1e9),
            ("MFLOP/s", 1e6),
            ("FLOP/s", 1.0),
        ],
        Dimension::Bytes => &[("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3), ("B", 1.0)],
        Dimension::Power => &[("MW", 1e6), ("kW", 1e3), ("W", 1.0)],
        _ => &[],
    }
}

/// `value` (in the dimension's base unit: FLOP/s, bytes, watts) as text.
/// Returns `None` for dimensions without preferred units.
pub fn readable(value: f64, dimension: Dimension) -> Option<String> {
    let units = preferred(dimension);
    let exact = |text: &str| parse(text, dimension).ok().map(base_value) == Some(Some(value));
    for (symbol, factor) in units {
        let scaled = value / factor;
        if scaled >= 1.0 {
            let text = format!("{} {symbol}", format_number(scaled));
            if exact(&text) {
                return Some(text);
            }
        }
    }
    units.last().map(|(symbol, _)| format!("{} {symbol}", format_number(value)))
}

fn base_value(quantity: Quantity) -> Option<f64> {
    match quantity {
        Quantity::FlopRate(rate) => Some(rate.value),
        Quantity::Bytes(bytes) => Some(bytes.get::<uom::si::information::byte>()),
        Quantity::Power(power) => Some(power.value),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn prefers_the_unit_a_person_writes() {
        assert_eq!(readable(3.12e14, Dimension::FlopRate).as_deref(), Some("312 TFLOP/s"));
        assert_eq!(readable(8e10, Dimension::Bytes).as_deref(), Some("80 GB"));
        assert_eq!(readable(400.0, Dimension::Power).as_deref(), Some("400 W"));
        assert_eq!(readable(1.949e13, Dimension::FlopRate).as_deref(), Some("19.49 TFLOP/s"));
    }

    proptest! {
        #[test]
        fn always_reads_back_exactly(value in 1.0f64..1e20) {
            for dimension in [Dimension::FlopRate, Dimension::Bytes, Dimension::Power] {
                let text = readable(value, dimension).unwrap();
                prop_assert_eq!(parse(&text, dimension).ok().and_then(base_value), Some(value), "{}", text);
            }
        }
    }
}
