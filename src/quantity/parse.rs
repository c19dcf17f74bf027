//! From text to a uom quantity, with errors that say what was expected and
//! what was found.

use std::fmt;

use uom::si::energy::{gigawatt_hour, kilowatt_hour, megawatt_hour, watt_hour};
use uom::si::f64::{Energy, Frequency, Information, Power, Ratio, Time};
use uom::si::information::{byte, gibibyte, gigabyte, kibibyte, kilobyte, mebibyte, megabyte, tebibyte, terabyte};
use uom::si::power::{gigawatt, kilowatt, megawatt, watt};
use uom::si::time::{day, hour, minute, second};

use super::dimension::{DataUnit, Dimension};
use super::number::{is_number_syntax, parse_number};
use super::units::{self, flop, flop_rate};

/// A parsed value with its dimension.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Quantity {
    Flop(Ratio),
    FlopRate(Frequency),
    Duration(Time),
    Power(Power),
    Energy(Energy),
    Bytes(Information),
    DataSize(f64, DataUnit),
    ChipTime(Time),
    Fraction(f64),
}

impl Quantity {
    pub fn dimension(&self) -> Dimension {
        match self {
            Quantity::Flop(_) => Dimension::Flop,
            Quantity::FlopRate(_) => Dimension::FlopRate,
            Quantity::Duration(_) => Dimension::Duration,
            Quantity::Power(_) => Dimension::Power,
            Quantity::Energy(_) => Dimension::Energy,
            Quantity::Bytes(_) => Dimension::Bytes,
            Quantity::DataSize(..) => Dimension::DataSize,
            Quantity::ChipTime(_) => Dimension::ChipTime,
            Quantity::Fraction(_) => Dimension::Fraction,
        }
    }
}

type Make = fn(f64) -> Quantity;

/// Every unit spelling flopdb reads, with the uom unit it stands for. Lookup
/// ignores case: no two entries differ only by case, and none is a milli-
/// or pico- unit that case would tell apart from mega- or peta-.
static SPELLINGS: &[(&[&str], Make)] = &[
    (&["FLOP", "FLOPs"], |v| Quantity::Flop(Ratio::new::<flop::flop>(v))),
    (&["kFLOP"], |v| Quantity::Flop(Ratio::new::<flop::kiloflop>(v))),
    (&["MFLOP"], |v| Quantity::Flop(Ratio::new::<flop::megaflop>(v))),
    (&["GFLOP"], |v| Quantity::Flop(Ratio::new::<flop::gigaflop>(v))),
    (&["TFLOP"], |v| Quantity::Flop(Ratio::new::<flop::teraflop>(v))),
    (&["PFLOP"], |v| Quantity::Flop(Ratio::new::<flop::petaflop>(v))),
    (&["EFLOP"], |v| Quantity::Flop(Ratio::new::<flop::exaflop>(v))),
    (&["ZFLOP"], |v| Quantity::Flop(Ratio::new::<flop::zettaflop>(v))),
    (&["YFLOP"], |v| Quantity::Flop(Ratio::new::<flop::yottaflop>(v))),
    (&["petaflop/s-days", "petaflop/s-day", "pfs-days", "pfs-day", "PF-days", "PF-day"], |v| {
        Quantity::Flop(Ratio::new::<flop::petaflop_per_second_day>(v))
    }),
    (&["FLOP/s", "OP/s"], |v| Quantity::FlopRate(Frequency::new::<flop_rate::flop_per_second>(v))),
    (&["kFLOP/s", "kOP/s"], |v| Quantity::FlopRate(Frequency::new::<flop_rate::kiloflop_per_second>(v))),
    (&["MFLOP/s", "MOP/s"], |v| Quantity::FlopRate(Frequency::new::<flop_rate::megaflop_per_second>(v))),
    (&["GFLOP/s", "GOP/s"], |v| Quantity::FlopRate(Frequency::new::<flop_rate::gigaflop_per_second>(v))),
    (&["TFLOP/s", "TOP/s"], |v| Quantity::FlopRate(Frequency::new::<flop_rate::teraflop_per_second>(v))),
    (&["PFLOP/s", "POP/s"], |v| Quantity::FlopRate(Frequency::new::<flop_rate::petaflop_per_second>(v))),
    (&["EFLOP/s", "EOP/s"], |v| Quantity::FlopRate(Frequency::new::<flop_rate::exaflop_per_second>(v))),
    (&["s", "sec", "second", "seconds"], |v| Quantity::Duration(Time::new::<second>(v))),
    (&["min", "minute", "minutes"], |v| Quantity::Duration(Time::new::<minute>(v))),
    (&["h", "hr", "hrs", "hour", "hours"], |v| Quantity::Duration(Time::new::<hour>(v))),
    (&["d", "day", "days"], |v| Quantity::Duration(Time::new::<day>(v))),
    (&["week", "weeks", "wk"], |v| Quantity::Duration(Time::new::<units::time::week>(v))),
    (&["W"], |v| Quantity::Power(Power::new::<watt>(v))),
    (&["kW"], |v| Quantity::Power(Power::new::<kilowatt>(v))),
    (&["MW"], |v| Quantity::Power(Power::new::<megawatt>(v))),
    (&["GW"], |v| Quantity::Power(Power::new::<gigawatt>(v))),
    (&["Wh"], |v| Quantity::Energy(Energy::new::<watt_hour>(v))),
    (&["kWh"], |v| Quantity::Energy(Energy::new::<kilowatt_hour>(v))),
    (&["MWh"], |v| Quantity::Energy(Energy::new::<megawatt_hour>(v))),
    (&["GWh"], |v| Quantity::Energy(Energy::new::<gigawatt_hour>(v))),
    (&["B", "bytes"], |v| Quantity::Bytes(Information::new::<byte>(v))),
    (&["kB"], |v| Quantity::Bytes(Information::new::<kilobyte>(v))),
    (&["MB"], |v| Quantity::Bytes(Information::new::<megabyte>(v))),
    (&["GB"], |v| Quantity::Bytes(Information::new::<gigabyte>(v))),
    (&["TB"], |v| Quantity::Bytes(Information::new::<terabyte>(v))),
    (&["KiB"], |v| Quantity::Bytes(Information::new::<kibibyte>(v))),
    (&["MiB"], |v| Quantity::Bytes(Information::new::<mebibyte>(v))),
    (&["GiB"], |v| Quantity::Bytes(Information::new::<gibibyte>(v))),
    (&["TiB"], |v| Quantity::Bytes(Information::new::<tebibyte>(v))),
    (&["chip-hours", "chip-hour", "gpu-hours", "gpu-hour", "tpu-hours", "tpu-hour"], |v| {
        Quantity::ChipTime(Time::new::<hour>(v))
    }),
    (&["chip-days", "chip-day", "gpu-days", "gpu-day", "tpu-days", "tpu-day"], |v| {
        Quantity::ChipTime(Time::new::<day>(v))
    }),
    (&["%"], |v| Quantity::Fraction(v / 100.0)),
];

/// Every spelling of a unit `parse` reads as a quantity of `dimension`.
pub fn unit_spellings(dimension: Dimension) -> Vec<String> {
    let mut units: Vec<String> = SPELLINGS
        .iter()
        .filter(|(_, make)| make(1.0).dimension() == dimension)
        .flat_map(|(names, _)| names.iter().map(|n| n.to_string()))
        .collect();
    match dimension {
        // `hours` of audio are data; so is any data unit's word.
        Dimension::DataSize => {
            units.extend(super::pattern::data_unit_words());
            units.push("hours".to_string());
        }
        Dimension::Duration => units.push("hours-of-audio".to_string()),
        _ => {}
    }
    units
}

/// Units people type that mean something else or nothing exact, with what to
/// write instead.
fn hint_for(unit: &str) -> Option<&'static str> {
    let lower = unit.to_ascii_lowercase();
    Some(match lower.as_str() {
        "flops" | "kflops" | "mflops" | "gflops" | "tflops" | "pflops" | "eflops" => {
            "`FLOPS` is ambiguous: write `TFLOP/s` for a rate, or `TFLOP` for a count"
        }
        "month" | "months" | "mo" | "year" | "years" | "y" | "yr" => {
            "months and years have no fixed length: write days or weeks"
        }
        "m" => "`m` is ambiguous: write `min` for minutes",
        _ => return None,
    })
}

/// The record field a quantity of this dimension belongs in, where one does.
fn field_for(dimension: Dimension) -> Option<&'static str> {
    match dimension {
        Dimension::ChipTime => Some("hardware.chip_time"),
        Dimension::Duration => Some("hardware.duration"),
        Dimension::Flop => Some("compute.value"),
        Dimension::DataSize => Some("data.size"),
        _ => None,
    }
}

/// Why a text is not a quantity of the expected dimension.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct QuantityError {
    pub text: String,
    pub expected: Dimension,
    pub reason: Reason,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    Empty,
    BadNumber,
    /// A number too large (or small) for a float: `1e999`.
    NotFinite,
    MissingUnit,
    UnknownUnit {
        unit: String,
    },
    WrongDimension {
        found: Dimension,
    },
    NotPositive,
    FractionAboveOne,
    /// `2,100,000 chip-hours`.
    ThousandsSeparators,
}

impl QuantityError {
    /// Advice for the person who wrote the value.
    pub fn help(&self) -> String {
        let examples = self.expected.examples().iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(" or ");
        match &self.reason {
            Reason::UnknownUnit { unit } => match hint_for(unit) {
                Some(hint) => hint.to_string(),
                None => format!("write {} with a unit, like {examples}", self.expected),
            },
            Reason::FractionAboveOne => "a fraction is at most 1 (100%)".to_string(),
            Reason::ThousandsSeparators => {
                let digits: String = self.text.chars().filter(|c| *c != ',').collect();
                format!(
                    "write the number without separators: `{}`, or with an exponent, like {examples}",
                    digits.trim()
                )
            }
            Reason::WrongDimension { found } => match field_for(*found) {
                Some(field) => format!("{found} goes in `{field}`; here, write {} like {examples}", self.expected),
                None => format!("write {} like {examples}", self.expected),
            },
            Reason::NotPositive => "every quantity in a record is greater than zero".to_string(),
            _ => format!("write {} like {examples}", self.expected),
        }
    }
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let expected = self.expected;
        let text = &self.text;
        match &self.reason {
            Reason::Empty => write!(f, "expected {expected}, found an empty string"),
            Reason::BadNumber => write!(f, "expected {expected}, found `{text}`, which does not start with a number"),
            Reason::NotFinite => write!(f, "the number in `{text}` is too large to hold (beyond 1.8e308)"),
            Reason::MissingUnit => write!(f, "expected {expected}, found `{text}` with no unit"),
            Reason::UnknownUnit { unit } => write!(f, "unknown unit `{unit}` in `{text}`; expected {expected}"),
            Reason::WrongDimension { found } => write!(f, "expected {expected}, found `{text}`, which is {found}"),
            Reason::NotPositive => write!(f, "expected {expected} greater than zero, found `{text}`"),
            Reason::ThousandsSeparators => write!(f, "`{text}` writes its number with thousands separators"),
            Reason::FractionAboveOne => write!(f, "expected a fraction from 0 to 1, found `{text}`"),
        }
    }
}

/// Parses `text` as a quantity of dimension `expected`.
pub fn parse(text: &str, expected: Dimension) -> Result<Quantity, QuantityError> {
    let fail = |reason| QuantityError { text: text.to_string(), expected, reason };
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(fail(Reason::Empty));
    }
    let split = trimmed
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '+' | '-' | 'e' | 'E' | '_')))
        .unwrap_or(trimmed.len());
    // `3e5 examples` must not read the `e` of `examples` as an exponent.
    let (number_text, unit_text) = split_number(trimmed, split);
    let Some(value) = parse_number(number_text) else {
        let reason = if number_text.is_empty() { Reason::BadNumber } else { Reason::NotFinite };
        return Err(fail(reason));
    };
    let unit = unit_text.trim();
    // `2,100,000 chip-hours`: a number with thousands separators, not a unit `,100,000 chip-hours`.
    if unit_text.starts_with(',') && unit_text.chars().nth(1).is_some_and(|c| c.is_ascii_digit()) {
        return Err(fail(Reason::ThousandsSeparators));
    }
    let quantity = if unit.is_empty() {
        if expected == Dimension::Fraction {
            Quantity::Fraction(value)
        } else {
            return Err(fail(Reason::MissingUnit));
        }
    } else if unit.to_ascii_lowercase().ends_with("flops") && unit != "FLOPs" {
        // `FLOPS` is a rate to some and a plural count to others.
        return Err(fail(Reason::UnknownUnit { unit: unit.to_string() }));
    } else if let Some(data_unit) = DataUnit::from_word(unit) {
        Quantity::DataSize(value, data_unit)
    } else if let Some((_, make)) =
        SPELLINGS.iter().find(|(names, _)| names.iter().any(|n| n.eq_ignore_ascii_case(unit)))
    {
        make(value)
    } else {
        return Err(fail(Reason::UnknownUnit { unit: unit.to_string() }));
    };
    // Hours of training time and "hours" of audio data share a word.
    let quantity = match (quantity, expected) {
        (Quantity::DataSize(v, DataUnit::Hours), Dimension::Duration) => Quantity::Duration(Time::new::<hour>(v)),
        (Quantity::Duration(t), Dimension::DataSize) if unit.eq_ignore_ascii_case("hours") => {
            Quantity::DataSize(t.get::<hour>(), DataUnit::Hours)
        }
        (q, _) => q,
    };
    if quantity.dimension() != expected {
        return Err(fail(Reason::WrongDimension { found: quantity.dimension() }));
    }
    if value <= 0.0 {
        return Err(fail(Reason::NotPositive));
    }
    if let Quantity::Fraction(f) = quantity
        && f > 1.0
    {
        return Err(fail(Reason::FractionAboveOne));
    }
    Ok(quantity)
}

/// The longest prefix of the numeric-looking run that is a number: in
/// `2Examples` the `E` belongs to the unit, in `3e5 examples` to the number.
fn split_number(text: &str, split: usize) -> (&str, &str) {
    (1..=split)
        .rev()
        .find(|&cut| text.get(..cut).is_some_and(is_number_syntax))
        .map_or(("", text), |cut| text.split_at(cut))
}

#[cfg(test)]
mod tests {
    use super::*;
    use uom::si::ratio::ratio;

    fn flop(text: &str) -> f64 {
        match parse(text, Dimension::Flop) {
            Ok(Quantity::Flop(r)) => r.get::<ratio>(),
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn reads_flop_in_every_spelling() {
        assert_eq!(flop("3.14e23 FLOP"), 3.14e23);
        assert_eq!(flop("3.14E+23 FLOP"), 3.14e23);
        assert_eq!(flop("1.2 ZFLOP"), 1.2e21);
        assert_eq!(flop("3640 petaflop/s-days"), 3640.0 * 8.64e19);
        assert_eq!(flop("5e3FLOP"), 5e3);
    }

    #[test]
    fn reads_durations() {
        let hours = |t: &str| match parse(t, Dimension::Duration) {
            Ok(Quantity::Duration(d)) => d.get::<hour>(),
            other => panic!("{t}: {other:?}"),
        };
        assert_eq!(hours("355 hours"), 355.0);
        assert!((hours("14.8 days") - 355.2).abs() < 1e-9);
        assert_eq!(hours("2 weeks"), 336.0);
    }

    #[test]
    fn reads_fractions_and_data_sizes() {
        assert_eq!(parse("30%", Dimension::Fraction), Ok(Quantity::Fraction(0.3)));
        assert_eq!(parse("0.3", Dimension::Fraction), Ok(Quantity::Fraction(0.3)));
        assert_eq!(parse("300e9 tokens", Dimension::DataSize), Ok(Quantity::DataSize(300e9, DataUnit::Tokens)));
        assert_eq!(parse("3e5 examples", Dimension::DataSize), Ok(Quantity::DataSize(3e5, DataUnit::Examples)));
        assert_eq!(parse("1000 hours", Dimension::DataSize), Ok(Quantity::DataSize(1000.0, DataUnit::Hours)));
    }

    #[test]
    fn says_what_was_expected_and_found() {
        let err = parse("5 TFLOP", Dimension::Duration).unwrap_err();
        assert_eq!(err.reason, Reason::WrongDimension { found: Dimension::Flop });
        assert_eq!(err.to_string(), "expected a duration, found `5 TFLOP`, which is a FLOP count");
        let err = parse("312 TFLOPS", Dimension::FlopRate).unwrap_err();
        assert!(err.help().contains("ambiguous"), "{}", err.help());
        let err = parse("3 months", Dimension::Duration).unwrap_err();
        assert!(err.help().contains("no fixed length"));
    }

    #[test]
    fn rejects_non_positive_and_non_finite() {
        for bad in ["0 FLOP", "-1 FLOP", "NaN FLOP", "inf FLOP", "1e999 FLOP", "FLOP", "", "1 2 FLOP"] {
            assert!(parse(bad, Dimension::Flop).is_err(), "{bad:?}");
        }
        assert_eq!(parse("150%", Dimension::Fraction).unwrap_err().reason, Reason::FractionAboveOne);
        assert_eq!(parse("10", Dimension::Duration).unwrap_err().reason, Reason::MissingUnit);
    }
}
