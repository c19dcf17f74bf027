//! `flopdb estimate`: training compute from parameters and data, from
//! hardware and time, or for a record, with the working shown.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use flopdb::check::{CheckOptions, check, load_records};
use flopdb::estimate::{
    OperationInputs, Resolution, Run, hardware_time, lineage_text, operation_counting, resolution_text, resolve,
    resolve_model, run_inputs,
};
use flopdb::quantity::{ChipTime, DataSize, DataUnit, Duration, Fraction};
use flopdb::scaffold::{self, InvalidAnswer};

use crate::output::GlobalArgs;

/// Estimate training compute. Ad hoc from flags
/// (`--parameters 175e9 --data-size "300e9 tokens"`, or `--hardware ID
/// --chips N --training-time "34 days"`), or for a record:
/// `flopdb estimate records/models/<id>.toml`. The flags are `flopdb new`'s,
/// with its quantity syntax.
#[derive(Debug, Args)]
pub struct EstimateArgs {
    /// A model record to estimate
    pub record: Option<PathBuf>,
    /// Parameter count, such as 7e9
    #[arg(long, visible_alias = "params", value_name = "N", allow_hyphen_values = true)]
    pub parameters: Option<String>,
    /// For a mixture of experts: parameters active per token (what operation counting uses)
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub active_parameters: Option<String>,
    /// Training data, such as "15.5e12 tokens" (a bare number is tokens)
    #[arg(long, visible_alias = "tokens", value_name = "SIZE", allow_hyphen_values = true)]
    pub data_size: Option<String>,
    /// Passes over the data
    #[arg(long, allow_hyphen_values = true)]
    pub epochs: Option<String>,
    /// What training went through, such as "250e9 tokens" (used instead of data size x epochs)
    #[arg(long, value_name = "SIZE", allow_hyphen_values = true)]
    pub tokens_seen: Option<String>,
    /// The accelerator: its record id, name or alias
    #[arg(long, value_name = "ID_OR_NAME")]
    pub hardware: Option<String>,
    /// Number of accelerators
    #[arg(long, value_name = "N")]
    pub chips: Option<u64>,
    /// Training time, such as "34 days"
    #[arg(long, visible_alias = "time", value_name = "DURATION", allow_hyphen_values = true)]
    pub training_time: Option<String>,
    /// Total accelerator time, such as "2.1e6 chip-hours" (instead of --chips and --training-time)
    #[arg(long, value_name = "CHIP_TIME", allow_hyphen_values = true)]
    pub chip_hours: Option<String>,
    /// Number format of training: fp32, tf32, fp16, bf16, fp8, int8 ...
    #[arg(long, value_name = "FORMAT")]
    pub precision: Option<String>,
    /// Hardware utilization, such as 40% or 0.4 (default: 30% for language models, 40% otherwise, or flopdb.toml's)
    #[arg(long, value_name = "FRACTION")]
    pub utilization: Option<String>,
    /// A language model: its default utilization, as a record with the domain `language` gets
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
    match estimate(global, &args) {
        // A flag that cannot be read is the user's input refused: exit 1
        // (2 is for a command that cannot run).
        Err(error)
            if error.downcast_ref::<InvalidAnswer>().is_some()
                || error.downcast_ref::<scaffold::NewError>().is_some() =>
        {
            eprintln!("error: {error:#}");
            Ok(ExitCode::from(1))
        }
        other => other,
    }
}

/// A flag's value read by `read`, its name before what is wrong with it.
fn flag<T>(
    name: &str,
    text: &Option<String>,
    read: impl Fn(&str) -> Result<T, InvalidAnswer>,
) -> Result<Option<T>, InvalidAnswer> {
    text.as_deref().map(|t| read(t).map_err(|e| InvalidAnswer(format!("--{name}: {e}")))).transpose()
}

/// A data size with its unit, or a bare number of tokens.
fn data_size(text: &str) -> Result<(f64, DataUnit), InvalidAnswer> {
    if let Ok(tokens) = scaffold::parse_positive(text) {
        return Ok((tokens, DataUnit::Tokens));
    }
    let size = DataSize::parse(text.trim()).map_err(|e| InvalidAnswer(e.to_string()))?;
    match size.value() {
        (value, unit) if value > 0.0 => Ok((value, unit)),
        _ => Err(InvalidAnswer(format!("`{}` is not a positive size", text.trim()))),
    }
}

fn estimate(global: &GlobalArgs, args: &EstimateArgs) -> anyhow::Result<ExitCode> {
    let ad_hoc = args.parameters.is_some()
        || args.active_parameters.is_some()
        || args.data_size.is_some()
        || args.tokens_seen.is_some()
        || args.hardware.is_some();
    let (title, resolution, lineage) = match (&args.record, ad_hoc) {
        (Some(_), true) => bail!("give a record or estimation flags, not both"),
        (None, false) => bail!(
            "give a record (`flopdb estimate records/models/<id>.toml`) or flags (`--parameters 175e9 --data-size \"300e9 tokens\"`)"
        ),
        (Some(path), false) => record_resolution(global, path)?,
        (None, true) => {
            let root = global.root().ok();
            let report = match &root {
                Some(root) => Some(load_records(root)?),
                None => None,
            };
            let config = report.as_ref().map(|r| r.config.estimate.clone()).unwrap_or_default();
            let parameters = flag("parameters", &args.parameters, scaffold::parse_parameters)?;
            let active = flag("active-parameters", &args.active_parameters, scaffold::parse_parameters)?;
            scaffold::check_active_parameters(active, parameters)?;
            let data = flag("data-size", &args.data_size, data_size)?;
            let seen = flag("tokens-seen", &args.tokens_seen, data_size)?;
            let operation = match (parameters.or(active), data.or(seen)) {
                (Some(_), Some(_)) => operation_counting(
                    &OperationInputs {
                        parameters,
                        active_parameters: active,
                        data,
                        seen,
                        epochs: flag("epochs", &args.epochs, scaffold::parse_positive)?,
                        language: args.language,
                        ..Default::default()
                    },
                    config.backward_forward_ratio,
                ),
                (None, None) => None,
                _ => bail!(
                    "operation counting needs --parameters (or --active-parameters) and --data-size (or --tokens-seen)"
                ),
            };
            let hardware = match &args.hardware {
                None => None,
                Some(id) => {
                    let report = report.as_ref().context(
                        "--hardware needs a repository with records/hardware/ (run inside one, or pass --root)",
                    )?;
                    // An id, a name or an alias; close ones are named when none is.
                    let id = &scaffold::name_hardware(&report.records, id)?;
                    let record = report
                        .records
                        .hardware
                        .get(id)
                        .with_context(|| format!("no hardware record `{id}` in records/hardware/"))?;
                    let precision = flag("precision", &args.precision, scaffold::parse_precision)?;
                    let duration = flag("training-time", &args.training_time, |t| {
                        Duration::parse(t.trim()).map_err(|e| InvalidAnswer(format!("{e}; {}", e.help())))
                    })?;
                    let chip_time = flag("chip-hours", &args.chip_hours, |t| {
                        ChipTime::parse(t.trim()).map_err(|e| InvalidAnswer(format!("{e}; {}", e.help())))
                    })?;
                    let utilization = flag("utilization", &args.utilization, |u| {
                        Fraction::parse(u.trim()).map_err(|e| InvalidAnswer(e.to_string()))
                    })?;
                    let chips = match args.chips {
                        Some(0) => {
                            return Err(InvalidAnswer("--chips: a training run has at least one chip".into()).into());
                        }
                        chips => chips,
                    };
                    if chip_time.is_none() && (chips.is_none() || duration.is_none()) {
                        bail!("hardware-time needs --chips and --training-time (such as \"34 days\"), or --chip-hours");
                    }
                    let run = Run {
                        chips,
                        duration: duration.map(|d| (d.value(), d.text().to_string())),
                        chip_time: chip_time.map(|c| (c.value(), c.text().to_string())),
                        precision,
                        utilization: utilization.map(|u| u.value()),
                        language: args.language,
                    };
                    let inputs = run_inputs(id, &record.record, run, &config)?;
                    hardware_time(&inputs)
                }
            };
            ("estimate".to_string(), resolve(None, operation, hardware), None)
        }
    };
    let figures = [
        resolution.flop,
        resolution.operation_counting.as_ref().map(|e| e.flop),
        resolution.hardware.as_ref().map(|e| e.flop),
    ];
    // The range `check` holds every estimate to (E030): what it refuses in
    // a record, `estimate` does not give either.
    let range = &flopdb::quantity::plausible::COMPUTE_FLOP;
    if let Some(flop) = figures.iter().flatten().find(|flop| !range.holds(**flop)) {
        return Err(InvalidAnswer(format!(
            "the estimate, {} FLOP, is outside the plausible compute, {} ({}); check the inputs' exponents and units",
            flopdb::estimate::show(*flop),
            range.text,
            range.why
        ))
        .into());
    }
    match args.format {
        EstimateFormat::Json => println!("{}", serde_json::to_string_pretty(&resolution)?),
        EstimateFormat::Human => print!("{}{}", resolution_text(&title, &resolution), lineage.unwrap_or_default()),
    }
    Ok(ExitCode::SUCCESS)
}

/// A record's title, resolution, and for a model with base models the line
/// that adds their compute to its own.
fn record_resolution(
    global: &GlobalArgs,
    path: &std::path::Path,
) -> anyhow::Result<(String, Resolution, Option<String>)> {
    let root = global.root()?;
    let record = flopdb::repo::classify(&root, path)?;
    let report = check(&root, &CheckOptions::files([record.path.clone()].into_iter().collect()))?;
    // The record's own diagnostics, the cross-check warnings among them.
    let color = global.color_stderr();
    crate::output::print_diagnostics(&report.diagnostics, &report.sources, flopdb::diag::render::Format::Human, color)?;
    let Some(model) = report.records.models.get(&record.id) else {
        bail!("{} is not a valid model record; the problems are listed above", path.display());
    };
    // A record `check` refuses is not estimated: build and site leave it out.
    if report.tally().errors > 0 {
        bail!("{} has errors (above); `build` and `site` refuse it, so no estimate is given", path.display());
    }
    let resolution = resolve_model(&model.record, &report.records, &report.config.estimate);
    let bases: Vec<&str> = model.record.base_model.iter().map(|b| b.as_str()).collect();
    let lineage_line =
        report.lineages.get(&record.id).and_then(|l| lineage_text(&bases, l, resolution.stated.is_some()));
    Ok((format!("{} ({})", model.record.name, record.path.display()), resolution, lineage_line))
}
