//! Shared rendering at the CLI edge: diagnostics in the chosen format, and
//! the global options every command takes.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};
use flopdb::diag::render::{self, Format, Sources};
use flopdb::diag::{Diagnostic, Tally};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// rustc-style with source lines, on stderr
    Human,
    /// one JSON object per diagnostic per line, on stdout
    Json,
    /// GitHub Actions annotations, on stdout
    Github,
    /// a CSV report for curators, a row per finding with its record and suggested correction, on stdout
    Csv,
}

impl From<FormatArg> for Format {
    fn from(arg: FormatArg) -> Format {
        match arg {
            FormatArg::Human => Format::Human,
            FormatArg::Json => Format::Json,
            FormatArg::Github => Format::Github,
            FormatArg::Csv => Format::Csv,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// The repository root (the folder holding records/); found by looking
    /// upward from the current folder when not given
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// When to color human output
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

impl GlobalArgs {
    pub fn root(&self) -> anyhow::Result<PathBuf> {
        match &self.root {
            Some(root) => std::fs::canonicalize(root)
                .with_context(|| format!("cannot open the repository root {}", root.display())),
            None => {
                let here = std::env::current_dir().context("cannot read the current folder")?;
                Ok(flopdb::repo::find_root(&here)?)
            }
        }
    }

    pub fn color_stderr(&self) -> bool {
        match self.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        }
    }
}

/// Prints diagnostics: human on stderr, machine formats on stdout.
pub fn print_diagnostics(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    format: Format,
    color: bool,
) -> anyhow::Result<()> {
    match format {
        Format::Human => {
            let text = render::human::render_all(diagnostics, sources, color);
            std::io::stderr().write_all(text.as_bytes())?;
        }
        Format::Json => std::io::stdout().write_all(render::json::render_all(diagnostics).as_bytes())?,
        Format::Github => std::io::stdout().write_all(render::github::render_all(diagnostics).as_bytes())?,
        Format::Csv => std::io::stdout().write_all(render::csv::render_all(diagnostics).as_bytes())?,
    }
    Ok(())
}

/// "2 errors, 1 warning".
pub fn tally_text(tally: Tally) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!("{}, {}", plural(tally.errors, "error"), plural(tally.warnings, "warning"))
}

/// A command that needs valid records found errors: shows them (warnings
/// are `check`'s to list) and says so, with what was refused.
pub fn print_refusal(
    what: &str,
    report: &flopdb::check::CheckReport,
    format: Format,
    color: bool,
) -> anyhow::Result<()> {
    let errors: Vec<Diagnostic> = report.diagnostics.iter().filter(|d| d.is_error()).cloned().collect();
    print_diagnostics(&errors, &report.sources, format, color)?;
    eprintln!("{what} refused: {} in the records (`flopdb check` lists everything)", tally_text(report.tally()));
    Ok(())
}
