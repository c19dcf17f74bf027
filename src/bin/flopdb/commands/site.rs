//! `flopdb site [--out site/]`: the dataset as a static site.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use flopdb::diag::render::Format;
use flopdb::site::{SiteError, SiteOptions, origin_address, site};

use crate::output::{FormatArg, GlobalArgs, print_refusal, tally_text};

/// Write the dataset as a static site that works opened from disk or from
/// any static host: an interactive chart of any quantity (against the date
/// or another quantity) with trend lines refitted to what it shows, a table
/// of every model that its filters narrow, downloads of the chart (PNG,
/// SVG) and of the rows shown (CSV), an embed view, a citation on every
/// page, a page per model in sections with each figure's provenance and
/// working, pages per organization and accelerator with their chart, the
/// trends with the paper's calibration, and the dataset for download
/// (data/). Refuses while check finds errors.
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
    /// Where the site is published (such as https://owner.github.io/flopdb/):
    /// link previews (Open Graph, Twitter cards) then name the page and its
    /// image by their full address, as crawlers want
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
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
        url: args.url.clone(),
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
