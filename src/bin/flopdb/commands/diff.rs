//! `flopdb diff <BASE> [<HEAD>]`: what a change does to the dataset, as Markdown.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;
use flopdb::diff::Head;

use crate::output::GlobalArgs;

/// Compile the dataset at two revisions (from git objects, nothing checked
/// out) and print the models, organizations and accelerators added, removed
/// and changed, as Markdown for a pull-request comment.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The revision to compare against (a branch, tag or commit)
    pub base: String,
    /// The revision to compare
    #[arg(default_value = "HEAD", conflicts_with = "worktree")]
    pub head: String,
    /// Compare the working tree as it is, uncommitted edits included
    #[arg(long)]
    pub worktree: bool,
    /// Also write the whole summary to this file (what is printed is cut to
    /// what a pull-request comment holds)
    #[arg(long, value_name = "FILE")]
    pub out: Option<std::path::PathBuf>,
}

pub fn exec(global: &GlobalArgs, args: DiffArgs) -> anyhow::Result<ExitCode> {
    let root = global.root()?;
    let head = if args.worktree { Head::WorkTree } else { Head::Commit(&args.head) };
    let diff = flopdb::diff::diff(&root, &args.base, head)?;
    let whole = flopdb::diff::markdown(&diff);
    let whole_at = match &args.out {
        Some(path) => {
            flopdb::fsio::write_atomic(path, whole.as_bytes())?;
            format!("`{}`, the workflow's dataset artifact", path.display())
        }
        None => "`flopdb diff --out FILE` writes it".to_string(),
    };
    let shown = flopdb::diff::capped(&whole, flopdb::limits::MAX_DIFF_CHARS, &whole_at);
    std::io::stdout().write_all(shown.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
