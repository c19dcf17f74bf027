//! One answer at a time, checked, with a message that says what to type.

use chrono::NaiveDate;

use crate::quantity::plausible::{self, Plausible};
use crate::quantity::{Dimension, parse, parse_number};
use crate::record::{Domain, Precision, Term};

/// Why an answer is refused, and what to type instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidAnswer(pub String);

/// How the training compute of a new model is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComputeSource {
    Stated,
    Hardware,
    Estimated,
}

impl ComputeSource {
    /// The choices, in the order a menu shows them, with their wording.
    pub const CHOICES: [(ComputeSource, &'static str); 3] = [
        (ComputeSource::Stated, "The developers state it"),
        (ComputeSource::Hardware, "From the hardware and the training time"),
        (ComputeSource::Estimated, "Not known (flopdb estimates it from parameters and data)"),
    ];

    /// What flags given imply: a stated compute wins, then hardware.
    pub fn from_flags(compute: bool, hardware: bool) -> ComputeSource {
        match (compute, hardware) {
            (true, _) => ComputeSource::Stated,
            (false, true) => ComputeSource::Hardware,
            (false, false) => ComputeSource::Estimated,
        }
    }
}

/// A publication date, `2024-01-31`.
pub fn parse_date(text: &str) -> Result<NaiveDate, InvalidAnswer> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| InvalidAnswer(format!("`{}` is not a date; write it as 2024-01-31", text.trim())))
}

/// A positive number: `7e9`, `175000000000`, `1.3e8`.
pub fn parse_positive(text: &str) -> Result<f64, InvalidAnswer> {
    match parse_number(text.trim().replace('_', "").as_str()) {
        Some(n) if n.is_finite() && n > 0.0 => Ok(n),
        _ => Err(InvalidAnswer(format!("`{}` is not a positive number; write it as 7e9 or 7000000000", text.trim()))),
    }
}

/// Active parameters are those one token uses, so never more than all of
/// them; both unknown or either unknown passes.
pub fn check_active_parameters(active: Option<f64>, total: Option<f64>) -> Result<(), InvalidAnswer> {
    match (active, total) {
        (Some(active), Some(total)) if active > total => Err(InvalidAnswer(format!(
            "the active parameters ({active:e}) exceed the parameters ({total:e}): active parameters are those used per token"
        ))),
        _ => Ok(()),
    }
}

/// A quantity of the given dimension, kept as written: `300e9 tokens`, `34 days`.
/// Refused outside its plausible range (`quantity::plausible`), as `check`
/// would refuse the record.
pub fn parse_quantity(text: &str, dimension: Dimension) -> Result<String, InvalidAnswer> {
    let text = text.trim();
    let quantity = parse(text, dimension).map_err(|error| InvalidAnswer(error.to_string()))?;
    match plausible::of(&quantity) {
        Some((value, range)) if !range.holds(value) => Err(outside(text, range)),
        _ => Ok(text.to_string()),
    }
}

pub(crate) fn outside(text: &str, range: &Plausible) -> InvalidAnswer {
    InvalidAnswer(format!("`{text}` is outside the plausible {}, {}: {}", range.what, range.text, range.why))
}

/// A parameter count, within the plausible range.
pub fn parse_parameters(text: &str) -> Result<f64, InvalidAnswer> {
    let count = parse_positive(text)?;
    if plausible::PARAMETERS.holds(count) { Ok(count) } else { Err(outside(text.trim(), &plausible::PARAMETERS)) }
}

/// A chip count, within the plausible range.
pub fn parse_chips(text: &str) -> Result<u64, InvalidAnswer> {
    let count = text
        .trim()
        .replace('_', "")
        .parse::<u64>()
        .map_err(|_| InvalidAnswer(format!("`{}` is not a whole number", text.trim())))?;
    if plausible::CHIPS.holds(count as f64) { Ok(count) } else { Err(outside(text.trim(), &plausible::CHIPS)) }
}

/// Domains separated by commas, by id or label: `language, vision`.
pub fn parse_domains(text: &str) -> Result<Vec<Domain>, InvalidAnswer> {
    let mut domains = Vec::new();
    for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let domain = Domain::from_epoch_label(item).ok_or_else(|| {
            let known: Vec<&str> = Domain::ALL.iter().map(|d| d.id()).collect();
            InvalidAnswer(format!("`{item}` is not a domain; one of: {}", known.join(", ")))
        })?;
        if !domains.contains(&domain) {
            domains.push(domain);
        }
    }
    Ok(domains)
}

/// A number format: `bf16`, `FP32`.
pub fn parse_precision(text: &str) -> Result<Precision, InvalidAnswer> {
    Precision::from_epoch_label(text.trim()).ok_or_else(|| {
        let known: Vec<&str> = Precision::ALL.iter().map(|p| p.id()).collect();
        InvalidAnswer(format!("`{}` is not a number format; one of: {}", text.trim(), known.join(", ")))
    })
}

/// A link, which must be https.
pub fn parse_link(text: &str) -> Result<String, InvalidAnswer> {
    let text = text.trim();
    if text.starts_with("https://") && text.len() > "https://".len() && !text.contains(char::is_whitespace) {
        Ok(text.to_string())
    } else {
        Err(InvalidAnswer(format!("`{text}` is not an https link")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn active_parameters_never_exceed_the_parameters() {
        assert!(check_active_parameters(Some(37e9), Some(671e9)).is_ok());
        assert!(check_active_parameters(Some(37e9), None).is_ok());
        assert!(check_active_parameters(None, Some(671e9)).is_ok());
        let refused = check_active_parameters(Some(7e9), Some(1e9));
        assert!(refused.is_err_and(|e| e.0.contains("exceed the parameters")));
    }

    #[test]
    fn answers_are_checked_with_a_hint() {
        assert_eq!(parse_date(" 2024-02-01 ").unwrap().to_string(), "2024-02-01");
        assert!(parse_date("1 Feb 2024").unwrap_err().0.contains("2024-01-31"));
        assert_eq!(parse_positive("175_000_000_000").unwrap(), 1.75e11);
        assert!(parse_positive("-3").is_err());
        assert_eq!(parse_quantity("300e9 tokens", Dimension::DataSize).unwrap(), "300e9 tokens");
        assert!(parse_quantity("34 days", Dimension::Flop).unwrap_err().0.contains("duration"));
        assert_eq!(parse_domains("Language, vision, language").unwrap(), [Domain::Language, Domain::Vision]);
        assert!(parse_domains("cooking").unwrap_err().0.contains("language"));
        assert_eq!(parse_precision("BF16").unwrap(), Precision::Bf16);
        assert!(parse_link("http://x").is_err());
        assert!(parse_link("https://arxiv.org/abs/1").is_ok());
    }
}
