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
        }
    }

    /// The filtered points, from the CSV or the records. `None` when the
    /// records have errors (printed).
    fn points(&self, global: &GlobalArgs) -> anyhow::Result<Option<Vec<Point>>> {
        let points = match &self.input {
            Some(path) => {
                let (points, problems) = trends::points_from_csv(path)
                    .with_context(|| format!("cannot read models from {}", path.display()))?;
                if let Some(first) = problems.first() {
                    eprintln!(
                        "note: {} value(s) of {} could not be read as they are; the first: {}",
                        problems.total(),
                        flopdb::diag::render::printable(&path.display().to_string(), true),
                        flopdb::diag::render::printable(&first.to_string(), true)
                    );
                }
                points
            }
            None => {
                let root = global.root()?;
                let report = check(&root, &CheckOptions::everything())?;
                if report.tally().errors > 0 {
                    print_refusal("analysis", &report, Format::Human, global.color_stderr())?;
                    return Ok(None);
                }
                trends::points_from_records(&report.records, &report.config.estimate)
            }
        };
        let filter = self.filter();
        Ok(Some(points.into_iter().filter(|p| filter.keeps(p)).collect()))
    }

    /// The analysis, or `None` when the records have errors.
    pub fn analyze(&self, global: &GlobalArgs) -> anyhow::Result<Option<(Analysis, Settings)>> {
        let settings = self.settings()?;
        let Some(points) = self.points(global)? else { return Ok(None) };
        let analysis = trends::analyze(points, &settings).map_err(|error| match error {
            trends::TrendError::TooFew { .. } | trends::TrendError::OneDay { .. } => anyhow::anyhow!(
                "{error}\n  help: widen the filters, move the era with --era NAME=START..END, or drop it with --era NAME=off"
            ),
            other => anyhow::Error::from(other),
        })?;
        Ok(Some((analysis, settings)))
    }
}

pub fn exec(global: &GlobalArgs, args: TrendsArgs) -> anyhow::Result<ExitCode> {
    let Some((analysis, settings)) = args.analysis.analyze(global)? else { return Ok(ExitCode::from(1)) };
    let format = match args.format {
        TrendsFormat::Table => report::Format::Table,
        TrendsFormat::Csv => report::Format::Csv,
        TrendsFormat::Json => report::Format::Json,
        TrendsFormat::Markdown => report::Format::Markdown,
    };
    std::io::stdout().write_all(report::render(&analysis, &settings, format).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
