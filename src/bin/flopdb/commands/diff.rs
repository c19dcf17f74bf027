//! `flopdb diff <BASE> [<HEAD>]`: what a change does to the dataset, as Markdown.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

use crate::output::GlobalArgs;

/// Compile the dataset at two revisions (from git objects, nothing checked
/// out) and print the models, organizations and accelerators added, removed
/// and changed, as Markdown for a pull-request comment.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The revision to compare against (a branch, tag or commit)
    pub base: String,
    /// The revision to compare
    #[arg(default_value = "HEAD")]
    pub head: String,
}

pub fn exec(global: &GlobalArgs, args: DiffArgs) -> anyhow::Result<ExitCode> {
    let root = global.root()?;
    let diff = flopdb::diff::diff(&root, &args.base, &args.head)?;
    std::io::stdout().write_all(flopdb::diff::markdown(&diff).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
