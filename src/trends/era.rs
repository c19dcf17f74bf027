//! Eras: a period of publication dates and the models of it that are fitted.

use chrono::NaiveDate;
use serde::Serialize;

use super::classify::Scale;

/// Which models of its period an era fits (low-compute outliers never).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EraScale {
    /// Every model.
    All,
    /// Models that are not large-scale.
    Regular,
    /// Large-scale models only.
    Large,
}

/// A named period, `start` included and `end` excluded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Era {
    pub name: String,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub scale: EraScale,
}

impl Era {
    pub fn new(name: &str, start: Option<NaiveDate>, end: Option<NaiveDate>, scale: EraScale) -> Self {
        Era { name: name.to_string(), start, end, scale }
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start.is_none_or(|start| day >= start) && self.end.is_none_or(|end| day < end)
    }

    /// Whether a model of this date and scale is fitted in this era.
    pub fn fits(&self, day: NaiveDate, scale: Scale) -> bool {
        self.contains(day)
            && match (self.scale, scale) {
                (_, Scale::Outlier) => false,
                (EraScale::All, _) => true,
                (EraScale::Regular, scale) => scale == Scale::Regular,
                (EraScale::Large, scale) => scale == Scale::Large,
            }
    }

    /// The period as written on the command line: `2009-12-31..`.
    pub fn period(&self) -> String {
        let show = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        format!("{}..{}", show(self.start), show(self.end))
    }
}

/// Why an `--era` option is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct EraOptionError(pub String);

/// Applies one `--era NAME=[START]..[END][:SCALE]` to the eras: it changes
/// the era of that name, or adds one (fitting every model unless a scale is
/// given). `NAME=off` drops the era.
pub fn apply_era_option(eras: &mut Vec<Era>, option: &str) -> Result<(), EraOptionError> {
    let (name, spec) = option.split_once('=').ok_or_else(|| {
        EraOptionError(format!(
            "`{option}`: expected NAME=START..END, such as deep-learning=2012-01-01.. (either date may be left out)"
        ))
    })?;
    let name = name.trim();
    if name.is_empty() {
        return Err(EraOptionError(format!("`{option}`: the era needs a name before `=`")));
    }
    if spec.trim() == "off" {
        let before = eras.len();
        eras.retain(|e| e.name != name);
        return if eras.len() < before { Ok(()) } else { Err(EraOptionError(format!("no era is called `{name}`"))) };
    }
    let (range, scale) = match spec.split_once(':') {
        Some((range, scale)) => (range, Some(parse_scale(scale)?)),
        None => (spec, None),
    };
    let (start, end) = range.split_once("..").ok_or_else(|| {
        EraOptionError(format!("`{spec}`: expected START..END, such as 2012-01-01.. or ..2009-12-31"))
    })?;
    let start = parse_day(start)?;
    let end = parse_day(end)?;
    if let (Some(start), Some(end)) = (start, end)
        && start >= end
    {
        return Err(EraOptionError(format!("`{spec}`: the era ends ({end}) before it starts ({start})")));
    }
    match eras.iter_mut().find(|e| e.name == name) {
        Some(era) => {
            era.start = start;
            era.end = end;
            if let Some(scale) = scale {
                era.scale = scale;
            }
        }
        None => eras.push(Era::new(name, start, end, scale.unwrap_or(EraScale::All))),
    }
    Ok(())
}

fn parse_day(text: &str) -> Result<Option<NaiveDate>, EraOptionError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| EraOptionError(format!("`{text}` is not a date of the form 2012-01-31")))
}

fn parse_scale(text: &str) -> Result<EraScale, EraOptionError> {
    match text.trim() {
        "all" => Ok(EraScale::All),
        "regular" => Ok(EraScale::Regular),
        "large" => Ok(EraScale::Large),
        other => Err(EraOptionError(format!("`{other}` is not a scale; expected all, regular or large"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trends::Settings;

    #[test]
    fn an_era_can_be_moved_added_and_dropped() {
        let mut eras = Settings::paper().eras;
        apply_era_option(&mut eras, "deep-learning=2012-01-01..").unwrap();
        let deep = eras.iter().find(|e| e.name == "deep-learning").unwrap();
        assert_eq!(deep.period(), "2012-01-01..");
        assert_eq!(deep.scale, EraScale::Regular, "the scale is kept");
        apply_era_option(&mut eras, "recent=2020-01-01..2023-01-01:large").unwrap();
        assert_eq!(eras.last().unwrap().scale, EraScale::Large);
        apply_era_option(&mut eras, "pre-deep-learning=off").unwrap();
        assert!(eras.iter().all(|e| e.name != "pre-deep-learning"));
        for bad in
            ["nothing", "=2000-01-01..", "x=2000", "x=2001-01-01..2000-01-01", "x=..:huge", "y=off", "x=2000-13-01.."]
        {
            assert!(apply_era_option(&mut eras, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn outliers_are_never_fitted() {
        let era = Era::new("all", None, None, EraScale::All);
        let day = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        assert!(era.fits(day, Scale::Large));
        assert!(!era.fits(day, Scale::Outlier));
        let bounded = Era::new("b", Some(day), Some(day + chrono::Duration::days(1)), EraScale::Regular);
        assert!(bounded.fits(day, Scale::Regular));
        assert!(!bounded.fits(day + chrono::Duration::days(1), Scale::Regular), "the end is excluded");
        assert!(!bounded.fits(day, Scale::Large));
    }
}
