//! `flopdb plot`: the compute-trends figure as SVG.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use super::trends::AnalysisArgs;
use crate::output::GlobalArgs;

/// Draw training compute against publication date, with each era's trend
/// (Figure 1 of Sevilla et al. 2022, in spirit), as SVG.
#[derive(Debug, Args)]
pub struct PlotArgs {
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    /// Where to write the figure
    #[arg(long, value_name = "FILE", default_value = "compute-trends.svg")]
    pub out: PathBuf,
    /// The figure's title
    #[arg(long, default_value = "Training compute of notable ML models")]
    pub title: String,
}

pub fn exec(global: &GlobalArgs, args: PlotArgs) -> anyhow::Result<ExitCode> {
    let Some((analysis, _)) = args.analysis.analyze(global)? else { return Ok(ExitCode::from(1)) };
    // The y axis names the quantity fitted (`--quantity`), capitalised.
    let label = args.analysis.quantity.label();
    let label: String = label.chars().take(1).flat_map(char::to_uppercase).chain(label.chars().skip(1)).collect();
    let svg = flopdb::plot::svg_of(&analysis, &args.title, &label)?;
    flopdb::fsio::write_atomic(&args.out, svg.as_bytes())
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    eprintln!("wrote {} ({} models, {} eras)", args.out.display(), analysis.models.len(), analysis.eras.len());
    Ok(ExitCode::SUCCESS)
}
