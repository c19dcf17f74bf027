//! The compute trends of Sevilla et al. (2022), "Compute Trends Across Three
//! Eras of Machine Learning", by the method of the paper's published code:
//! least-squares fits of log10 training FLOP on the publication date, per
//! era, with Z-score outliers and large-scale models, and seeded bootstrap
//! intervals. `analyze` takes points and settings and returns numbers; the
//! renderers in `report` and the figure in `crate::plot` show them.

mod bootstrap;
pub mod calibration;
mod classify;
mod counts;
mod era;
mod input;
mod quantity;
mod record_setters;
mod regression;
pub mod report;

pub use bootstrap::{BootstrapSettings, Interval};
pub use classify::{Scale, Thresholds};
pub use counts::{Crossing, ThresholdCounts, YearCounts, largest, threshold_counts};
pub use era::{Era, EraOptionError, EraScale, apply_era_option};
pub use input::{
    Filter, benchmark_points, developer_kind, paper_points, points_from_csv, points_from_records, points_of_quantity,
    points_of_quantity_from_csv, select, top_n_at_release,
};
pub use quantity::Quantity;
pub use record_setters::{RecordSetters, setters as record_setters};
pub use regression::{Fit, doubling_months, oom_per_year};

use chrono::NaiveDate;
use serde::Serialize;

/// One model as the analysis sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Point {
    /// The record id (empty when the input has none).
    pub id: String,
    pub name: String,
    pub published: NaiveDate,
    /// The quantity fitted (`Quantity`): the training compute unless asked
    /// otherwise.
    pub value: f64,
    /// The training compute, for the subsets that speak of it (at least a
    /// threshold, the top N at release), whatever quantity is fitted.
    pub compute: Option<f64>,
    /// The developers' kind: `industry`, `academia`, `academia + industry`, ...
    pub categorization: String,
    pub domains: Vec<String>,
    pub notable: bool,
    pub confidence: Option<String>,
    /// The developing organizations' names.
    pub organizations: Vec<String>,
    /// Their countries.
    pub countries: Vec<String>,
    pub open_weights: Option<bool>,
    /// Built on base models (a fine-tune, or trained further).
    pub finetune: bool,
    /// Epoch's own frontier flag.
    pub epoch_frontier: bool,
    /// How the training compute was found (`models.csv`'s method: stated,
    /// operation-counting, hardware, geometric-mean, lineage).
    pub compute_method: Option<String>,
    /// Epoch's estimate from benchmark scores, for a model with no compute.
    pub benchmark_estimate: Option<f64>,
}

impl Point {
    /// The point with its benchmark estimate as its compute, where it has
    /// no other (`--benchmark-estimates`: counted as Epoch counts).
    pub fn with_benchmark_estimate(mut self) -> Point {
        if self.compute.is_none()
            && let Some(estimate) = self.benchmark_estimate
        {
            self.compute = Some(estimate);
            self.compute_method = Some("benchmarks".to_string());
        }
        self
    }
}

/// Every number of the method; `Settings::paper()` holds the paper's.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub eras: Vec<Era>,
    pub thresholds: Thresholds,
    pub bootstrap: BootstrapSettings,
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

impl Settings {
    /// The paper's eras, thresholds, window, resamples, noise, and a seed.
    pub fn paper() -> Self {
        let deep_learning = date(2009, 12, 31);
        let large_scale = date(2015, 9, 1);
        Settings {
            eras: vec![
                Era::new("pre-deep-learning", None, Some(deep_learning), EraScale::All),
                Era::new("deep-learning", Some(deep_learning), None, EraScale::Regular),
                Era::new("large-scale", Some(large_scale), None, EraScale::Large),
            ],
            thresholds: Thresholds { window_days: 364, outlier_z: -2.0, large_z: 0.76, large_since: large_scale },
            bootstrap: BootstrapSettings { resamples: 1000, noise: 2.0, seed: 0 },
        }
    }
}

/// A model with what the classification made of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Classified {
    #[serde(flatten)]
    pub point: Point,
    pub z: Option<f64>,
    pub scale: Scale,
}

/// One era's trend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EraTrend {
    pub era: Era,
    /// The first and last publication dates of the models fitted.
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub n: usize,
    pub slope_oom_per_year: f64,
    pub slope_interval_oom_per_year: Option<Interval>,
    /// `None` when the trend does not grow.
    pub doubling_months: Option<f64>,
    /// From the slope interval: the faster growth gives the shorter time.
    pub doubling_interval_months: Option<Interval>,
    pub r_squared: f64,
    /// How many times the trend line grows from the first model to the last.
    pub growth_factor: f64,
    /// Growth per year, as Epoch AI publishes trends (`4.1x per year`).
    pub growth_per_year: f64,
    /// Its 90% interval, Epoch's (from the same resamples as the slope's).
    pub growth_per_year_interval: Option<Interval>,
    #[serde(skip)]
    pub fit: Fit,
    /// The day that `fit`'s x counts from.
    #[serde(skip)]
    pub origin: NaiveDate,
}

impl EraTrend {
    /// The trend line's log10 FLOP on a day.
    pub fn line_at(&self, day: NaiveDate) -> f64 {
        self.fit.intercept + self.fit.slope * (day - self.origin).num_days() as f64
    }
}

/// Everything `flopdb trends` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    pub eras: Vec<EraTrend>,
    /// Every model with compute, in date order, classified.
    pub models: Vec<Classified>,
    pub record_setters: Vec<RecordSetters>,
}

impl Analysis {
    pub fn outliers(&self) -> impl Iterator<Item = &Classified> {
        self.models.iter().filter(|m| m.scale == Scale::Outlier)
    }

    pub fn large_scale(&self) -> impl Iterator<Item = &Classified> {
        self.models.iter().filter(|m| m.scale == Scale::Large)
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TrendError {
    #[error("no model has the quantity to fit (a positive, finite value)")]
    NoCompute,
    #[error("the era `{era}` has {n} model(s) to fit; a trend needs at least 3")]
    TooFew { era: String, n: usize },
    #[error("the models of era `{era}` were all published on one day; no trend can be fitted")]
    OneDay { era: String },
    #[error("no era to fit")]
    NoEras,
}

/// The minimum number of models for an era's fit.
pub const MIN_MODELS: usize = 3;

/// Classifies the points, fits each era, bootstraps its intervals and finds
/// the record-setters. Points need not be sorted; ones without a positive,
/// finite compute are ignored.
pub fn analyze(points: Vec<Point>, settings: &Settings) -> Result<Analysis, TrendError> {
    if settings.eras.is_empty() {
        return Err(TrendError::NoEras);
    }
    let mut points: Vec<Point> = points.into_iter().filter(|p| p.value.is_finite() && p.value > 0.0).collect();
    if points.is_empty() {
        return Err(TrendError::NoCompute);
    }
    points.sort_by(|a, b| (a.published, &a.id, &a.name).cmp(&(b.published, &b.id, &b.name)));
    let origin = points.first().map(|p| p.published).unwrap_or_default();
    let days = |d: NaiveDate| (d - origin).num_days();
    let xy: Vec<(i64, f64)> = points.iter().map(|p| (days(p.published), p.value.log10())).collect();
    let z = classify::z_scores(&xy, settings.thresholds.window_days);
    let models: Vec<Classified> = points
        .into_iter()
        .zip(z)
        .map(|(point, z)| {
            let scale = classify::classify(z, point.published, &settings.thresholds);
            Classified { point, z, scale }
        })
        .collect();

    // Each era's points and fit, in order; then the bootstraps, one thread
    // per era (each has its own random stream, so the result is the same).
    let mut fitted = Vec::with_capacity(settings.eras.len());
    for era in &settings.eras {
        let members: Vec<&Classified> = models.iter().filter(|m| era.fits(m.point.published, m.scale)).collect();
        if members.len() < MIN_MODELS {
            return Err(TrendError::TooFew { era: era.name.clone(), n: members.len() });
        }
        let data: Vec<(f64, f64)> =
            members.iter().map(|m| (days(m.point.published) as f64, m.point.value.log10())).collect();
        let fit = regression::fit(&data).ok_or_else(|| TrendError::OneDay { era: era.name.clone() })?;
        let first = members.first().map(|m| m.point.published).unwrap_or(origin);
        let last = members.last().map(|m| m.point.published).unwrap_or(origin);
        fitted.push((era, data, fit, first, last));
    }
    let bootstraps: Vec<Option<bootstrap::SlopeIntervals>> = std::thread::scope(|scope| {
        let handles: Vec<_> = fitted
            .iter()
            .enumerate()
            .map(|(index, (_, data, ..))| {
                scope.spawn(move || bootstrap::slope_intervals(data, &settings.bootstrap, index as u64))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    });
    let mut eras = Vec::with_capacity(fitted.len());
    for ((era, _, fit, first, last), intervals) in fitted.into_iter().zip(bootstraps) {
        let slope_interval = intervals.map(|i| i.ci95);
        let per_year = |slope_per_day: f64| 10f64.powf(oom_per_year(slope_per_day));
        eras.push(EraTrend {
            era: era.clone(),
            first,
            last,
            n: fit.n,
            slope_oom_per_year: oom_per_year(fit.slope),
            slope_interval_oom_per_year: slope_interval.map(|i| Interval {
                low: oom_per_year(i.low),
                median: oom_per_year(i.median),
                high: oom_per_year(i.high),
            }),
            doubling_months: doubling_months(fit.slope),
            doubling_interval_months: slope_interval.and_then(|i| {
                Some(Interval {
                    low: doubling_months(i.high)?,
                    median: doubling_months(i.median)?,
                    high: doubling_months(i.low)?,
                })
            }),
            r_squared: fit.r_squared,
            growth_factor: 10f64.powf(fit.slope * (last - first).num_days() as f64),
            growth_per_year: per_year(fit.slope),
            growth_per_year_interval: intervals.map(|i| Interval {
                low: per_year(i.ci90.low),
                median: per_year(i.ci90.median),
                high: per_year(i.ci90.high),
            }),
            fit,
            origin,
        });
    }
    let record_setters = record_setters::per_era(&models, &settings.eras);
    Ok(Analysis { eras, models, record_setters })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(name: &str, day: NaiveDate, flop: f64) -> Point {
        Point {
            id: name.to_string(),
            name: name.to_string(),
            published: day,
            value: flop,
            compute: Some(flop),
            categorization: "industry".to_string(),
            notable: true,
            ..Point::default()
        }
    }

    #[test]
    fn an_exact_doubling_is_recovered_in_each_era() {
        // Doubling every 20 months before 2010, every 6 months after.
        let mut points = Vec::new();
        let start = date(1990, 1, 1);
        for i in 0..40 {
            let day = start + chrono::Duration::days(i * 150);
            let months = (day - start).num_days() as f64 / 30.0;
            points.push(point(&format!("old{i}"), day, 1e10 * 2f64.powf(months / 20.0)));
        }
        let turn = date(2010, 6, 1);
        for i in 0..40 {
            let day = turn + chrono::Duration::days(i * 40);
            let months = (day - turn).num_days() as f64 / 30.0;
            points.push(point(&format!("new{i}"), day, 1e16 * 2f64.powf(months / 6.0)));
        }
        let mut settings = Settings::paper();
        settings.eras.truncate(2);
        settings.bootstrap.resamples = 50;
        let analysis = analyze(points, &settings).unwrap();
        let [old, new] = [&analysis.eras[0], &analysis.eras[1]];
        assert_eq!(old.n, 40);
        assert!((old.doubling_months.unwrap() - 20.0).abs() < 1e-9, "{old:?}");
        assert!((old.r_squared - 1.0).abs() < 1e-12);
        assert!((new.doubling_months.unwrap() - 6.0).abs() < 1e-9, "{new:?}");
        // The growth over the era follows from the doubling time.
        let span = (new.last - new.first).num_days() as f64 / 30.0;
        assert!((new.growth_factor.log2() - span / 6.0).abs() < 1e-6);
    }

    #[test]
    fn too_few_models_and_no_compute_are_errors() {
        let settings = Settings::paper();
        assert_eq!(analyze(Vec::new(), &settings), Err(TrendError::NoCompute));
        let nan = vec![point("a", date(2000, 1, 1), f64::NAN), point("b", date(2000, 1, 1), 0.0)];
        assert_eq!(analyze(nan, &settings), Err(TrendError::NoCompute));
        let few = vec![point("a", date(2000, 1, 1), 1e10), point("b", date(2001, 1, 1), 1e11)];
        assert_eq!(analyze(few, &settings), Err(TrendError::TooFew { era: "pre-deep-learning".to_string(), n: 2 }));
        let same_day: Vec<Point> = (0..3).map(|i| point(&format!("m{i}"), date(2000, 1, 1), 1e10)).collect();
        let mut one_era = Settings::paper();
        one_era.eras.truncate(1);
        assert_eq!(analyze(same_day, &one_era), Err(TrendError::OneDay { era: "pre-deep-learning".to_string() }));
    }
}
