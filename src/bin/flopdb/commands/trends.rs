//! `flopdb trends`: the compute trends of the three eras, on the records or
//! on a CSV (flopdb's models.csv or an Epoch AI export).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use flopdb::check::{CheckOptions, check};
use flopdb::diag::render::Format;
use flopdb::trends::{self, Analysis, Filter, Point, Settings, apply_era_option, report};

use crate::output::{GlobalArgs, print_refusal};

/// Fit the growth of training compute per era, as Sevilla et al. (2022) do:
/// slopes, doubling times with bootstrap intervals, outliers, large-scale
/// models and record-setters.
#[derive(Debug, Args)]
pub struct TrendsArgs {
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    /// Output format (a table on a terminal by default)
    #[arg(long, value_enum, default_value_t = TrendsFormat::Table)]
    pub format: TrendsFormat,
    /// Instead of the fits: how many models reach each of these training
    /// computes, per year and in all, the first to reach each, and from how
    /// many developers (default thresholds 1e23,1e24,1e25,1e26)
    #[arg(long, value_name = "FLOP,...", num_args = 0..=1, default_missing_value = "1e23,1e24,1e25,1e26")]
    pub counts: Option<String>,
    /// With --counts: the N largest runs, with their figures, how each was
    /// found and its confidence
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub largest: usize,
    /// Instead of the fits: Epoch AI's published figures (value, interval,
    /// window, address, date) beside flopdb's result on the same definition
    #[arg(long)]
    pub calibration: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TrendsFormat {
    Table,
    Csv,
    Json,
    Markdown,
}

/// What to analyse and how: shared by `trends` and `plot`.
#[derive(Debug, Args)]
pub struct AnalysisArgs {
    /// Read the models from this CSV (flopdb's models.csv, or any Epoch AI
    /// models export) instead of the records
    #[arg(long, value_name = "CSV")]
    pub input: Option<PathBuf>,
    /// Change, add or drop an era: NAME=[START]..[END][:all|regular|large],
    /// or NAME=off. The paper's: pre-deep-learning=..2009-12-31:all,
    /// deep-learning=2009-12-31..:regular, large-scale=2015-09-01..:large
    #[arg(long = "era", value_name = "SPEC")]
    pub eras: Vec<String>,
    /// Half-width in days of the window that Z scores are taken over
    #[arg(long, default_value_t = 364)]
    pub window_days: i64,
    /// Z below this: a low-compute outlier, left out of every fit
    #[arg(long, default_value_t = -2.0, allow_negative_numbers = true)]
    pub outlier_z: f64,
    /// Z above this (and published after --large-scale-since): a large-scale model
    #[arg(long, default_value_t = 0.76, allow_negative_numbers = true)]
    pub large_z: f64,
    /// Large-scale models are those published after this day
    #[arg(long, value_name = "DATE", default_value = "2015-09-01")]
    pub large_scale_since: NaiveDate,
    /// Bootstrap resamples for the confidence intervals
    #[arg(long, value_name = "B", default_value_t = 1000)]
    pub bootstrap: usize,
    /// Each resampled compute is scaled by a factor drawn log-uniformly from [1/N, N]
    #[arg(long, value_name = "N", default_value_t = 2.0)]
    pub noise: f64,
    /// Seed of the bootstrap: the same input and seed give the same output
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Keep only models of this domain (repeatable: any of them)
    #[arg(long = "domain", value_name = "DOMAIN")]
    pub domains: Vec<String>,
    /// Keep only models published on or after this day
    #[arg(long, value_name = "DATE")]
    pub since: Option<NaiveDate>,
    /// Keep only models published on or before this day
    #[arg(long, value_name = "DATE")]
    pub until: Option<NaiveDate>,
    /// Keep only models that meet a notability criterion
    #[arg(long)]
    pub notable_only: bool,
    /// Keep only models whose compute is at least this sure
    #[arg(long, value_name = "LEVEL", value_parser = ["speculative", "likely", "confident"])]
    pub min_confidence: Option<String>,
    /// The quantity fitted: compute, own-compute, parameters, active-parameters,
    /// data-size, data-seen, cost, energy, power, chips, training-time, chip-hours
    #[arg(long, value_name = "QUANTITY", default_value = "compute", value_parser = quantity)]
    pub quantity: trends::Quantity,
    /// Keep only models of at least this training compute (Epoch's large-scale: 1e23)
    #[arg(long, value_name = "FLOP")]
    pub min_compute: Option<f64>,
    /// Keep only models among the N most compute-intensive at their release
    /// (Epoch's frontier: 10): fewer than N models published on or before
    /// their day have more compute, among the models the other filters keep
    #[arg(long, value_name = "N")]
    pub top_n: Option<usize>,
    /// Keep only models Epoch AI flags as frontier models
    #[arg(long)]
    pub epoch_frontier: bool,
    /// Keep only models with open weights
    #[arg(long)]
    pub open_weights: bool,
    /// Leave out models built on other models (fine-tunes)
    #[arg(long)]
    pub no_finetunes: bool,
    /// Keep models of this organization (part of its name; repeatable: any of them)
    #[arg(long = "organization", value_name = "NAME")]
    pub organizations: Vec<String>,
    /// Keep models of this country (repeatable: any of them)
    #[arg(long = "country", value_name = "COUNTRY")]
    pub countries: Vec<String>,
    /// Keep models whose developers are of this kind: industry, academia, government, ... (repeatable)
    #[arg(long = "kind", value_name = "KIND")]
    pub kinds: Vec<String>,
    /// Analyse the records as the repository held them on this day (the last
    /// commit on or before it), to rerun a published figure on its data
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
    /// Count Epoch's estimates from benchmark scores (compute.benchmark_estimate)
    /// as training compute where a model has no other, as Epoch counts its
    /// models over 1e25 FLOP
    #[arg(long)]
    pub benchmark_estimates: bool,
}

fn quantity(name: &str) -> Result<trends::Quantity, String> {
    trends::Quantity::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = trends::Quantity::ALL.iter().map(|q| q.name()).collect();
        format!("one of: {}", names.join(", "))
    })
}

impl AnalysisArgs {
    pub fn settings(&self) -> anyhow::Result<Settings> {
        let mut settings = Settings::paper();
        settings.thresholds.window_days = self.window_days;
        settings.thresholds.outlier_z = self.outlier_z;
        settings.thresholds.large_z = self.large_z;
        settings.thresholds.large_since = self.large_scale_since;
        settings.bootstrap.resamples = self.bootstrap;
        settings.bootstrap.noise = self.noise;
        settings.bootstrap.seed = self.seed;
        if self.window_days < 0 {
            bail!("--window-days must not be negative");
        }
        if !(self.noise.is_finite() && self.noise >= 1.0) {
            bail!("--noise must be a factor of at least 1 (1 adds no noise)");
        }
        for option in &self.eras {
            apply_era_option(&mut settings.eras, option).context("in --era")?;
        }
        Ok(settings)
    }

    fn filter(&self) -> Filter {
        Filter {
            domains: self.domains.clone(),
            since: self.since,
            until: self.until,
            notable_only: self.notable_only,
            min_confidence: self.min_confidence.clone(),
            min_compute: self.min_compute,
            top_n: self.top_n,
            epoch_frontier: self.epoch_frontier,
            open_weights: self.open_weights,
            no_finetunes: self.no_finetunes,
            organizations: self.organizations.clone(),
            countries: self.countries.clone(),
            kinds: self.kinds.clone(),
        }
    }

    /// The filtered points, from the CSV or the records. `None` when the
    /// records have errors (printed).
    fn points(&self, global: &GlobalArgs) -> anyhow::Result<Option<Vec<Point>>> {
        let filter = self.filter();
        if let Some(path) = &self.input {
            if self.as_of.is_some() {
                bail!("--as-of reads the records of a past commit; it does not apply to --input");
            }
            if self.benchmark_estimates {
                bail!(
                    "--benchmark-estimates reads the records; with --input, use the CSV's training_compute_benchmark_estimate_flop yourself"
                );
            }
            let (points, problems) = trends::points_of_quantity_from_csv(path, self.quantity)
                .with_context(|| format!("cannot read models from {}", path.display()))?;
            if let Some(first) = problems.first() {
                eprintln!(
                    "note: {} value(s) of {} could not be read as they are; the first: {}",
                    problems.total(),
                    flopdb::diag::render::printable(&path.display().to_string(), true),
                    flopdb::diag::render::printable(&first.to_string(), true)
                );
            }
            // The frontier is ranked over every model with a compute.
            if self.top_n.is_some() && self.quantity != trends::Quantity::Compute {
                let ranked = trends::points_of_quantity_from_csv(path, trends::Quantity::Compute)?.0;
                return Ok(Some(filter.apply_ranked(points, ranked)));
            }
            return Ok(Some(filter.apply(points)));
        }
        let root = global.root()?;
        let select =
            |records, config| trends::select(records, config, self.quantity, &filter, self.benchmark_estimates);
        match self.as_of {
            Some(day) => {
                let revision = flopdb::diff::records_as_of(&root, day)?
                    .with_context(|| format!("no commit of this repository is as old as {day}"))?;
                eprintln!(
                    "note: the records as of {day}: commit {} ({} record files that did not load left out)",
                    revision.commit.get(..12).unwrap_or(&revision.commit),
                    revision.unreadable.len()
                );
                Ok(Some(select(&revision.records, &revision.config.estimate)))
            }
            None => {
                let report = check(&root, &CheckOptions::everything())?;
                if report.tally().errors > 0 {
                    print_refusal("analysis", &report, Format::Human, global.color_stderr())?;
                    return Ok(None);
                }
                Ok(Some(select(&report.records, &report.config.estimate)))
            }
        }
    }

    /// The analysis, or `None` when the records have errors.
    pub fn analyze(&self, global: &GlobalArgs) -> anyhow::Result<Option<(Analysis, Settings)>> {
        let settings = self.settings()?;
        let Some(points) = self.points(global)? else { return Ok(None) };
        let analysis = trends::analyze(points, &settings).map_err(|error| match error {
            trends::TrendError::TooFew { .. } | trends::TrendError::OneDay { .. } => anyhow::anyhow!(
                "{error}\n  help: widen the filters, move the era with --era NAME=START..END, or drop it with --era NAME=off"
            ),
            trends::TrendError::NoCompute => anyhow::anyhow!(
                "no model has a {} to fit\n  help: widen the filters, or choose another --quantity",
                self.quantity.label()
            ),
            other => anyhow::Error::from(other),
        })?;
        Ok(Some((analysis, settings)))
    }
}

pub fn exec(global: &GlobalArgs, args: TrendsArgs) -> anyhow::Result<ExitCode> {
    let format = match args.format {
        TrendsFormat::Table => report::Format::Table,
        TrendsFormat::Csv => report::Format::Csv,
        TrendsFormat::Json => report::Format::Json,
        TrendsFormat::Markdown => report::Format::Markdown,
    };
    if args.calibration {
        let root = global.root()?;
        let report = check(&root, &CheckOptions::everything())?;
        if report.tally().errors > 0 {
            print_refusal("calibration", &report, Format::Human, global.color_stderr())?;
            return Ok(ExitCode::from(1));
        }
        let rows =
            trends::calibration::calibrate(&trends::calibration::FIGURES, &report.records, &report.config.estimate);
        let text = match format {
            report::Format::Json => serde_json::to_string_pretty(&rows)? + "\n",
            _ => trends::calibration::markdown(&rows),
        };
        std::io::stdout().write_all(text.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(list) = &args.counts {
        let thresholds = list
            .split(',')
            .map(|t| t.trim().parse::<f64>().ok().filter(|v| v.is_finite() && *v > 0.0))
            .collect::<Option<Vec<f64>>>()
            .with_context(|| format!("--counts takes compute thresholds such as 1e23,1e24: `{list}`"))?;
        let Some(points) = args.analysis.points(global)? else { return Ok(ExitCode::from(1)) };
        let counts = trends::threshold_counts(&points, &thresholds);
        let largest = trends::largest(&points, args.largest);
        std::io::stdout().write_all(report::render_counts(&counts, &largest, format).as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    let Some((analysis, settings)) = args.analysis.analyze(global)? else { return Ok(ExitCode::from(1)) };
    std::io::stdout().write_all(report::render(&analysis, &settings, format).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
