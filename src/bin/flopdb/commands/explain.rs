//! `flopdb explain CODE`: what a diagnostic code means.

use std::process::ExitCode;

use clap::Args;
use flopdb::diag::Code;

/// Explain a diagnostic code (E012, or its name, unknown-key)
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The code to explain
    #[arg(required_unless_present = "all")]
    pub code: Option<String>,
    /// Print the whole catalogue as Markdown (the text of docs/diagnostics.md)
    #[arg(long)]
    pub all: bool,
}

pub fn exec(args: ExplainArgs) -> anyhow::Result<ExitCode> {
    if args.all {
        print!("{}", Code::catalogue_markdown());
        return Ok(ExitCode::SUCCESS);
    }
    let wanted = args.code.unwrap_or_default();
    let Some(code) = Code::from_id(&wanted) else {
        anyhow::bail!("no diagnostic code `{wanted}`; `flopdb explain --all` lists them");
    };
    println!("{} {} ({:?})\n\n{}\n\n{}", code.id(), code.name(), code.severity(), code.summary(), code.explanation());
    Ok(ExitCode::SUCCESS)
}
