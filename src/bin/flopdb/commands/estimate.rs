//! `flopdb estimate`: training compute from parameters and data, from
//! hardware and time, or for a record, with the working shown.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use flopdb::check::{CheckOptions, check, load_records};
use flopdb::estimate::{
    OperationInputs, Resolution, Run, hardware_time, operation_counting, resolution_text, resolve, resolve_model,
    run_inputs,
};
use flopdb::quantity::{DataUnit, Duration, Fraction, parse_number};
use flopdb::record::{Precision, Term};

use crate::output::GlobalArgs;

/// Estimate training compute. Ad hoc from flags
/// (`--params 175e9 --tokens 300e9`, or `--hardware ID --chips N --time "34 days"`),
/// or for a record: `flopdb estimate records/models/<id>.toml`.
#[derive(Debug, Args)]
pub struct EstimateArgs {
    /// A model record to estimate
    pub record: Option<PathBuf>,
    /// Parameters (or active parameters of a mixture of experts)
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub params: Option<String>,
    /// Training tokens
    #[arg(long, value_name = "D", allow_hyphen_values = true)]
    pub tokens: Option<String>,
    /// Passes over the data
    #[arg(long, allow_hyphen_values = true)]
    pub epochs: Option<String>,
    /// Hardware id (a file in records/hardware/)
    #[arg(long, value_name = "ID")]
    pub hardware: Option<String>,
    /// Number of chips
    #[arg(long)]
    pub chips: Option<u64>,
    /// Training time, such as "34 days"
    #[arg(long, allow_hyphen_values = true)]
    pub time: Option<String>,
    /// Number format: fp32, tf32, fp16, bf16, fp8, int8 ...
    #[arg(long)]
    pub precision: Option<String>,
    /// Utilization, such as 40% or 0.4 (default: 30% for language models, 40% otherwise, or flopdb.toml's)
    #[arg(long)]
    pub utilization: Option<String>,
    /// Use the language-model default utilization
    #[arg(long)]
    pub language: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = EstimateFormat::Human)]
    pub format: EstimateFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EstimateFormat {
    Human,
    Json,
}

pub fn exec(global: &GlobalArgs, args: EstimateArgs) -> anyhow::Result<ExitCode> {
    let number = |flag: &str, text: &Option<String>| -> anyhow::Result<Option<f64>> {
        text.as_deref()
            .map(|t| {
                parse_number(t.trim())
                    .filter(|v| *v > 0.0)
                    .with_context(|| format!("--{flag}: `{t}` is not a positive number"))
            })
            .transpose()
    };
    let ad_hoc = args.params.is_some() || args.tokens.is_some() || args.hardware.is_some();
    let (title, resolution) = match (&args.record, ad_hoc) {
        (Some(_), true) => bail!("give a record or estimation flags, not both"),
        (None, false) => bail!(
            "give a record (`flopdb estimate records/models/<id>.toml`) or flags (`--params 175e9 --tokens 300e9`)"
        ),
        (Some(path), false) => record_resolution(global, path)?,
        (None, true) => {
            let root = global.root().ok();
            let report = match &root {
                Some(root) => Some(load_records(root)?),
                None => None,
            };
            let config = report.as_ref().map(|r| r.config.estimate.clone()).unwrap_or_default();
            let operation = match (number("params", &args.params)?, number("tokens", &args.tokens)?) {
                (Some(n), Some(d)) => operation_counting(
                    &OperationInputs {
                        parameters: Some(n),
                        data: Some((d, DataUnit::Tokens)),
                        epochs: number("epochs", &args.epochs)?,
                        ..Default::default()
                    },
                    config.backward_forward_ratio,
                ),
                (None, None) => None,
                _ => bail!("operation counting needs both --params and --tokens"),
            };
            let hardware = match &args.hardware {
                None => None,
                Some(id) => {
                    let report = report.as_ref().context(
                        "--hardware needs a repository with records/hardware/ (run inside one, or pass --root)",
                    )?;
                    let record = report
                        .records
                        .hardware
                        .get(id)
                        .with_context(|| format!("no hardware record `{id}` in records/hardware/"))?;
                    let precision = args
                        .precision
                        .as_deref()
                        .map(|p| {
                            Precision::from_id(&p.to_lowercase())
                                .with_context(|| format!("--precision: unknown number format `{p}`"))
                        })
                        .transpose()?;
                    let time = args.time.as_deref().context("hardware-time needs --time, such as \"34 days\"")?;
                    let duration = Duration::parse(time).map_err(|e| anyhow::anyhow!("--time: {e}; {}", e.help()))?;
                    let utilization = args
                        .utilization
                        .as_deref()
                        .map(|u| Fraction::parse(u).map_err(|e| anyhow::anyhow!("--utilization: {e}")))
                        .transpose()?;
                    let run = Run {
                        chips: Some(args.chips.context("hardware-time needs --chips")?),
                        duration: Some((duration.value(), duration.text().to_string())),
                        chip_time: None,
                        precision,
                        utilization: utilization.map(|u| u.value()),
                        language: args.language,
                    };
                    let inputs = run_inputs(id, &record.record, run, &config)?;
                    hardware_time(&inputs)
                }
            };
            ("estimate".to_string(), resolve(None, operation, hardware))
        }
    };
    let figures = [
        resolution.flop,
        resolution.operation_counting.as_ref().map(|e| e.flop),
        resolution.hardware.as_ref().map(|e| e.flop),
    ];
    if figures.iter().flatten().any(|flop| !flop.is_finite()) {
        bail!("the estimate does not fit in a number (the inputs multiply past 1.8e308); check their exponents");
    }
    match args.format {
        EstimateFormat::Json => println!("{}", serde_json::to_string_pretty(&resolution)?),
        EstimateFormat::Human => print!("{}", resolution_text(&title, &resolution)),
    }
    Ok(ExitCode::SUCCESS)
}

fn record_resolution(global: &GlobalArgs, path: &std::path::Path) -> anyhow::Result<(String, Resolution)> {
    let root = global.root()?;
    let record = flopdb::repo::classify(&root, path)?;
    let report = check(&root, &CheckOptions::files([record.path.clone()].into_iter().collect()))?;
    // The record's own diagnostics, the cross-check warnings among them.
    let color = global.color_stderr();
    crate::output::print_diagnostics(&report.diagnostics, &report.sources, flopdb::diag::render::Format::Human, color)?;
    let Some(model) = report.records.models.get(&record.id) else {
        bail!("{} is not a valid model record; the problems are listed above", path.display());
    };
    let resolution = resolve_model(&model.record, &report.records, &report.config.estimate);
    Ok((format!("{} ({})", model.record.name, record.path.display()), resolution))
}
