//! A regular expression for each dimension's quantity strings, for the JSON
//! Schema: editors and validators that know nothing of flopdb (Taplo,
//! check-jsonschema) then refuse `"3.14e23 parsecs"`, a unit of another
//! dimension, or a number that is not positive. flopdb's own check reads
//! the quantity itself (a `format`), with messages that say what to write.

use super::parse::unit_spellings;
use super::{DataUnit, Dimension};

/// A positive number as flopdb reads it: digits with single underscores, a
/// decimal point, an exponent; at least one non-zero digit before the
/// exponent (zero is not positive). No look-around: the patterns must run
/// on Rust's `regex` as well as ECMA-262.
const POSITIVE: &str = r"\+?(?:[0-9_]*[1-9][0-9_]*(?:\.[0-9_]*)?|[0-9_]*\.[0-9_]*[1-9][0-9_]*)(?:[eE][+-]?[0-9]+)?";

/// The pattern a quantity string of `dimension` matches: `^ *NUMBER *UNIT *$`,
/// units in any case (as flopdb reads them).
pub fn quantity_pattern(dimension: Dimension) -> String {
    let mut units: Vec<String> = unit_spellings(dimension).iter().map(|u| any_case(u)).collect();
    // Longest first, so an alternation never stops at a prefix.
    units.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    units.dedup();
    let unit = if units.is_empty() { String::new() } else { format!("(?:{})", units.join("|")) };
    let unit = if dimension == Dimension::Fraction { format!("{unit}?") } else { unit };
    format!("^ *{POSITIVE} *{unit} *$")
}

/// A unit spelling matched in any case: `[Ff][Ll][Oo][Pp]`, special
/// characters escaped. `FLOPs` is the one spelling matched as written
/// (`FLOPS` is refused: a rate to some, a count to others).
fn any_case(unit: &str) -> String {
    if unit == "FLOPs" {
        return "FLOPs".to_string();
    }
    unit.chars()
        .map(|c| {
            if c.is_ascii_alphabetic() {
                format!("[{}{}]", c.to_ascii_uppercase(), c.to_ascii_lowercase())
            } else if c.is_ascii_alphanumeric() {
                c.to_string()
            } else {
                format!("\\{c}")
            }
        })
        .collect()
}

/// The data units' words, as `DataUnit::from_word` reads them.
pub(super) fn data_unit_words() -> Vec<String> {
    let mut words = Vec::new();
    for unit in DataUnit::ALL {
        let plural = unit.plural();
        words.push(plural.to_string());
        if let Some(singular) = plural.strip_suffix('s') {
            words.push(singular.to_string());
        }
    }
    words.push("hour-of-audio".to_string());
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quantity::parse;

    /// As a JSON Schema validator sees it.
    fn matches(dimension: Dimension, text: &str) -> bool {
        let schema = serde_json::json!({ "type": "string", "pattern": quantity_pattern(dimension) });
        jsonschema::is_valid(&schema, &serde_json::json!(text))
    }

    #[test]
    fn every_unit_and_example_matches_and_parses() {
        for dimension in Dimension::ALL {
            for example in dimension.examples() {
                assert!(matches(dimension, example), "{dimension:?} {example}");
            }
            for unit in unit_spellings(dimension) {
                let number = if dimension == Dimension::Fraction { "25" } else { "2.5e3" };
                let text = format!("{number} {unit}");
                assert!(matches(dimension, &text), "{text}");
                assert!(parse(&text, dimension).is_ok(), "the pattern's unit does not parse: {text}");
            }
        }
    }

    #[test]
    fn what_flopdb_refuses_the_pattern_refuses() {
        for (dimension, text) in [
            (Dimension::Flop, "3.14e23 parsecs"),
            (Dimension::Flop, "3.14e23"),
            (Dimension::Flop, "0 FLOP"),
            (Dimension::Flop, "-5 FLOP"),
            (Dimension::Flop, "3.14e23 FLOPS"),
            (Dimension::Flop, "3.14e23 FLOP/s"),
            (Dimension::Duration, "2.1e6 chip-hours"),
            (Dimension::Duration, "2,100,000 hours"),
            (Dimension::DataSize, "15.5e12"),
            (Dimension::ChipTime, "34 days"),
        ] {
            assert!(!matches(dimension, text), "{dimension:?} {text}");
            assert!(parse(text, dimension).is_err(), "{dimension:?} {text}");
        }
        assert!(matches(Dimension::Flop, "3.14E23 flop"));
        assert!(matches(Dimension::Fraction, "0.4"));
        assert!(matches(Dimension::Fraction, "40%"));
        assert!(matches(Dimension::DataSize, "1_000 images"));
    }
}
