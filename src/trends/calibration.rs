//! A calibration against the figures Epoch AI publishes today: each figure
//! with its value, interval, definition, address and date, and flopdb's
//! result on the same definition from the records. The paper's calibration
//! (`paper_points`) checks the method; this one checks the data and the
//! subsets against Epoch's current headline numbers.

use chrono::NaiveDate;
use serde::Serialize;

use super::era::{Era, EraScale};
use super::{Filter, Quantity, Settings, analyze, select, threshold_counts};
use crate::estimate::EstimateConfig;
use crate::record::RecordSet;

/// What a published figure measures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Measure {
    /// Growth per year of `quantity` over the models of the subset.
    Growth { quantity: Quantity },
    /// Models at or above `threshold` FLOP published up to the window's end.
    Count { threshold: f64 },
    /// Distinct developers of those models.
    Developers { threshold: f64 },
}

/// The subset a figure is of.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Subset {
    pub notable: bool,
    pub top_n: Option<usize>,
    pub no_finetunes: bool,
    pub language: bool,
}

/// One figure Epoch AI publishes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EpochFigure {
    pub what: &'static str,
    pub measure: Measure,
    pub subset: Subset,
    /// The models' publication window.
    pub since: Option<&'static str>,
    pub until: &'static str,
    /// Epoch's value (growth per year, or a count).
    pub value: f64,
    /// Epoch's interval, and what it is (`90%`, `80%`), where it gives one.
    pub interval: Option<(f64, f64, &'static str)>,
    pub source: &'static str,
    /// When Epoch published (or last updated) the figure.
    pub published: &'static str,
    /// Why flopdb's result differs, where it does beyond the interval.
    pub note: &'static str,
}

const NOTABLE: Subset = Subset { notable: true, top_n: None, no_finetunes: false, language: false };
const FRONTIER: Subset = Subset { notable: false, top_n: Some(10), no_finetunes: true, language: false };
const ALL: Subset = Subset { notable: false, top_n: None, no_finetunes: false, language: false };

/// Epoch AI's figures, as published at their addresses.
pub const FIGURES: [EpochFigure; 12] = [
    EpochFigure {
        what: "training compute of notable models since 2010",
        measure: Measure::Growth { quantity: Quantity::Compute },
        subset: NOTABLE,
        since: Some("2010-01-01"),
        until: "2024-06-19",
        value: 4.7,
        interval: Some((4.3, 5.2, "90%")),
        source: "https://epoch.ai/data-insights/compute-trend-post-2010",
        published: "2024-06-19",
        note: "Epoch fitted its 428 models of June 2024; the records (Epoch's data of 2026) hold 468 in that window, models added and figures revised since, and fit 4.1x, as Epoch's own figure of October 2024 does.",
    },
    EpochFigure {
        what: "training compute of notable models since 2010",
        measure: Measure::Growth { quantity: Quantity::Compute },
        subset: NOTABLE,
        since: Some("2010-01-01"),
        until: "2024-10-09",
        value: 4.1,
        interval: None,
        source: "https://epoch.ai/data/notable-ai-models",
        published: "2024-10-09",
        note: "",
    },
    EpochFigure {
        what: "training compute of frontier models (top 10 at release, no fine-tunes) since 2018",
        measure: Measure::Growth { quantity: Quantity::Compute },
        subset: FRONTIER,
        since: Some("2018-01-01"),
        until: "2025-01-08",
        value: 4.17,
        interval: Some((3.74, 4.62, "80%")),
        source: "https://epoch.ai/data-insights/training-compute-decomposition",
        published: "2025-01-08",
        note: "",
    },
    EpochFigure {
        what: "hardware quantity of frontier models since 2018",
        measure: Measure::Growth { quantity: Quantity::Chips },
        subset: FRONTIER,
        since: Some("2018-01-01"),
        until: "2025-01-08",
        value: 1.69,
        interval: Some((1.5, 1.91, "80%")),
        source: "https://epoch.ai/data-insights/training-compute-decomposition",
        published: "2025-01-08",
        note: "The intervals overlap. The records give chip counts to models Epoch's data of January 2025 had none for (43 here); the fit is of every frontier model with a count, Epoch's of those it had.",
    },
    EpochFigure {
        what: "training time of frontier models since 2018",
        measure: Measure::Growth { quantity: Quantity::TrainingTime },
        subset: FRONTIER,
        since: Some("2018-01-01"),
        until: "2025-01-08",
        value: 1.53,
        interval: Some((1.37, 1.71, "80%")),
        source: "https://epoch.ai/data-insights/training-compute-decomposition",
        published: "2025-01-08",
        note: "",
    },
    EpochFigure {
        what: "training data of notable language models since 2010",
        measure: Measure::Growth { quantity: Quantity::DataSize },
        subset: Subset { notable: true, top_n: None, no_finetunes: false, language: true },
        since: Some("2010-01-01"),
        until: "2024-10-09",
        value: 2.9,
        interval: None,
        source: "https://epoch.ai/data/notable-ai-models",
        published: "2024-10-09",
        note: "",
    },
    EpochFigure {
        what: "training compute of notable language models, June 2017 to May 2024",
        measure: Measure::Growth { quantity: Quantity::Compute },
        subset: Subset { notable: true, top_n: None, no_finetunes: false, language: true },
        since: Some("2017-06-01"),
        until: "2024-05-31",
        value: 9.0,
        interval: None,
        source: "https://epoch.ai/blog/training-compute-of-frontier-ai-models-grows-by-4-5x-per-year",
        published: "2024-05-28",
        note: "",
    },
    EpochFigure {
        what: "models over 1e25 FLOP, as of June 2025",
        measure: Measure::Count { threshold: 1e25 },
        subset: ALL,
        since: None,
        until: "2025-06-06",
        value: 30.0,
        interval: None,
        source: "https://epoch.ai/data-insights/models-over-1e25-flop",
        published: "2025-06-06",
        note: "Counted with Epoch's estimates from benchmark scores (compute.benchmark_estimate, 12 records), as Epoch counts them; without them, 19.",
    },
    EpochFigure {
        what: "developers of models over 1e25 FLOP, as of June 2025",
        measure: Measure::Developers { threshold: 1e25 },
        subset: ALL,
        since: None,
        until: "2025-06-06",
        value: 12.0,
        interval: None,
        source: "https://epoch.ai/data-insights/models-over-1e25-flop",
        published: "2025-06-06",
        note: "With the estimates from benchmark scores. Two more developers than Epoch's 12: the records name each organization of a model (Google and Google DeepMind, say), Epoch counts developers as it groups them.",
    },
    EpochFigure {
        what: "models over 1e25 FLOP, as of January 2025",
        measure: Measure::Count { threshold: 1e25 },
        subset: ALL,
        since: None,
        until: "2025-01-30",
        value: 25.0,
        interval: None,
        source: "https://epoch.ai/data-insights/models-over-1e25-flop",
        published: "2025-01-30",
        note: "With the estimates from benchmark scores, as above; without them, 13.",
    },
    EpochFigure {
        what: "models over 1e23 FLOP with known compute, as of June 2024",
        measure: Measure::Count { threshold: 1e23 },
        subset: ALL,
        since: None,
        until: "2024-06-28",
        value: 103.0,
        interval: None,
        source: "https://epoch.ai/data/large-scale-ai-models",
        published: "2024-06-28",
        note: "Coverage: Epoch's database of 2026 gives a compute above 1e23 to 215 models published by June 2024 (Epoch then counted 103 confirmed and 90 more likely); models were added and estimated since.",
    },
    EpochFigure {
        what: "models over 1e23 FLOP published by the end of 2022",
        measure: Measure::Count { threshold: 1e23 },
        subset: ALL,
        since: None,
        until: "2022-12-31",
        value: 32.0,
        interval: None,
        source: "https://epoch.ai/data/large-scale-ai-models",
        published: "2024-06-28",
        note: "Coverage, as above: models published by 2022 that Epoch added or estimated after June 2024.",
    },
];

/// A figure with flopdb's result on its definition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibrated {
    pub what: String,
    /// A growth per year (else a count).
    pub growth: bool,
    pub window: String,
    pub epoch: f64,
    pub epoch_interval: Option<(f64, f64)>,
    pub interval_kind: Option<String>,
    pub flopdb: Option<f64>,
    /// flopdb's 90% interval (growth figures).
    pub flopdb_interval: Option<(f64, f64)>,
    pub n: usize,
    /// `yes`: flopdb's value lies in Epoch's interval, or Epoch's in
    /// flopdb's (growth), or within 20% of it (a figure without interval);
    /// `intervals overlap`; or `no`.
    pub agrees: &'static str,
    pub source: String,
    pub published: String,
    pub note: String,
}

fn day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// flopdb's result for each of `figures`, on the records of `set`. The
/// counts take Epoch's estimates from benchmark scores as compute, as Epoch
/// counts them (`select`).
pub fn calibrate(figures: &[EpochFigure], set: &RecordSet, config: &EstimateConfig) -> Vec<Calibrated> {
    figures
        .iter()
        .map(|figure| {
            let filter = Filter {
                since: figure.since.and_then(day),
                until: day(figure.until),
                notable_only: figure.subset.notable,
                no_finetunes: figure.subset.no_finetunes,
                top_n: figure.subset.top_n,
                domains: if figure.subset.language { vec!["language".to_string()] } else { Vec::new() },
                ..Filter::default()
            };
            let (flopdb, flopdb_interval, n) = match figure.measure {
                Measure::Growth { quantity } => {
                    let points = select(set, config, quantity, &filter, false);
                    let n = points.len();
                    let mut settings = Settings::paper();
                    settings.eras = vec![Era::new("figure", None, None, EraScale::All)];
                    match analyze(points, &settings) {
                        Ok(analysis) => match analysis.eras.first() {
                            Some(era) => {
                                (Some(era.growth_per_year), era.growth_per_year_interval.map(|i| (i.low, i.high)), n)
                            }
                            None => (None, None, n),
                        },
                        Err(_) => (None, None, n),
                    }
                }
                Measure::Count { threshold } | Measure::Developers { threshold } => {
                    let points = select(set, config, Quantity::Compute, &filter, true);
                    let counts = threshold_counts(&points, &[threshold]);
                    let last = counts.years.last();
                    let (count, developers) = last
                        .map(|y| {
                            (y.cumulative.first().copied().unwrap_or(0), y.developers.first().copied().unwrap_or(0))
                        })
                        .unwrap_or((0, 0));
                    let value = if matches!(figure.measure, Measure::Count { .. }) { count } else { developers };
                    (Some(value as f64), None, count)
                }
            };
            let within = |value: f64, (low, high): (f64, f64)| (low..=high).contains(&value);
            let epochs = figure.interval.map(|(low, high, _)| (low, high));
            let agrees = match flopdb {
                Some(ours) if epochs.is_some_and(|i| within(ours, i)) => "yes",
                Some(_) if flopdb_interval.is_some_and(|i| within(figure.value, i)) => "yes",
                Some(ours) if epochs.is_none() && (ours - figure.value).abs() <= 0.2 * figure.value => "yes",
                Some(_) if matches!((epochs, flopdb_interval), (Some(a), Some(b)) if a.0 <= b.1 && b.0 <= a.1) => {
                    "intervals overlap"
                }
                _ => "no",
            };
            Calibrated {
                what: figure.what.to_string(),
                growth: matches!(figure.measure, Measure::Growth { .. }),
                window: format!("{} to {}", figure.since.unwrap_or("the first model"), figure.until),
                epoch: figure.value,
                epoch_interval: figure.interval.map(|(low, high, _)| (low, high)),
                interval_kind: figure.interval.map(|(_, _, kind)| kind.to_string()),
                flopdb,
                flopdb_interval,
                n,
                agrees,
                source: figure.source.to_string(),
                published: figure.published.to_string(),
                note: figure.note.to_string(),
            }
        })
        .collect()
}

/// A row as people read it: values with their intervals, as text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShownRow {
    pub what: String,
    pub window: String,
    pub epoch: String,
    pub flopdb: String,
    pub n: usize,
    pub agrees: &'static str,
    pub source: String,
    pub source_shown: String,
    pub published: String,
    pub note: String,
}

/// The rows as the site and the Markdown show them.
pub fn shown(rows: &[Calibrated]) -> Vec<ShownRow> {
    rows.iter()
        .map(|row| {
            let show = |v: f64| if row.growth { format!("{v:.2}x") } else { format!("{v:.0}") };
            let epoch = match (row.epoch_interval, &row.interval_kind) {
                (Some((low, high)), Some(kind)) => format!("{} [{low}, {high}] ({kind})", show(row.epoch)),
                _ => show(row.epoch),
            };
            let flopdb = match (row.flopdb, row.flopdb_interval) {
                (Some(v), Some((low, high))) => format!("{} [{low:.2}, {high:.2}]", show(v)),
                (Some(v), None) => show(v),
                (None, _) => "-".to_string(),
            };
            ShownRow {
                what: row.what.clone(),
                window: row.window.clone(),
                epoch,
                flopdb,
                n: row.n,
                agrees: row.agrees,
                source: row.source.clone(),
                source_shown: row.source.trim_start_matches("https://").to_string(),
                published: row.published.clone(),
                note: row.note.clone(),
            }
        })
        .collect()
}

/// The calibration as a Markdown table.
pub fn markdown(rows: &[Calibrated]) -> String {
    let mut out = String::from(
        "| Epoch AI's figure | window | Epoch | flopdb | N | agrees | source (published) | difference |\n|---|---|---:|---:|---:|---|---|---|\n",
    );
    for row in shown(rows) {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | [{}]({}) ({}) | {} |\n",
            row.what,
            row.window,
            row.epoch,
            row.flopdb,
            row.n,
            row.agrees,
            row.source_shown,
            row.source,
            row.published,
            row.note
        ));
    }
    out
}
