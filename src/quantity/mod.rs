//! Quantities with units: parsing what curators type (`"14.8 days"`,
//! `"3.14e23 FLOP"`, `"312 TFLOP/s"`, `"30%"`), converting with uom, and the
//! canonical number format every output uses.

mod dimension;
mod number;
mod parse;
mod pattern;
pub mod plausible;
mod readable;
mod typed;
pub mod units;

pub use dimension::{DataUnit, Dimension};
pub use number::{
    benchmark_estimate_in, format_number, is_number_syntax, parse_number, round_computed, round_significant,
    stated_result, without_thousands_separators,
};
pub use parse::{Quantity, QuantityError, parse, unit_spellings};
pub use pattern::quantity_pattern;
pub use readable::readable;
pub use typed::{ChipTime, DataSize, Duration, Flop, FlopRate, Fraction, Kind, Measured, Memory, Power};
