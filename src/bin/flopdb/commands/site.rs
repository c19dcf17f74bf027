//! `flopdb site [--out site/]`: the dataset as a static site.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use flopdb::diag::render::Format;
use flopdb::site::{SiteError, SiteOptions, origin_address, site};

use crate::output::{FormatArg, GlobalArgs, print_refusal, tally_text};

/// Write the dataset as a static site that works opened from disk or from
/// any static host: an interactive chart of training compute over time with
/// the eras' trends, a table of every model that its filters narrow, a page
/// per model with every field, each estimate's working and the check's
/// findings, pages per organization and accelerator, the trends with the
/// paper's calibration, and the dataset for download (data/). Refuses while
/// check finds errors.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The output folder (replaced whole)
    #[arg(long, value_name = "DIR", default_value = "site")]
    pub out: PathBuf,
    /// The repository's web address, for the "edit this record" and
    /// "history" links [default: the `origin` remote's]
    #[arg(long, value_name = "URL")]
    pub repository: Option<String>,
    /// The branch those links point at
    #[arg(long, default_value = "main")]
    pub branch: String,
    /// Format of the errors that refuse the site
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
}

pub fn exec(global: &GlobalArgs, args: SiteArgs) -> anyhow::Result<ExitCode> {
    let root = global.root()?;
    let options = SiteOptions {
        today: flopdb::check::today(),
        repository: args.repository.clone().or_else(|| origin_address(&root)),
        branch: args.branch.clone(),
    };
    let out = if args.out.is_absolute() { args.out.clone() } else { std::env::current_dir()?.join(&args.out) };
    let output = match site(&root, &out, &options) {
        Ok(output) => output,
        Err(SiteError::Invalid(report)) => {
            print_refusal("site", &report, Format::from(args.format), global.color_stderr())?;
            return Ok(ExitCode::from(1));
        }
        Err(other) => {
            return Err(anyhow::Error::from(other).context(format!("cannot write the site in {}", out.display())));
        }
    };
    eprintln!(
        "wrote {}: {} pages ({}); open {}",
        args.out.display(),
        output.pages,
        tally_text(output.report.tally()),
        args.out.join("index.html").display()
    );
    Ok(ExitCode::SUCCESS)
}
