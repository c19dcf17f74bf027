//! `flopdb check [PATH...]`: validate the records.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use flopdb::check::{CheckOptions, scan};
use flopdb::diag::render::Format;

use crate::output::{FormatArg, GlobalArgs, print_diagnostics, tally_text};

/// Check records: TOML syntax, schema, units, ranges, references and names.
/// Exit 0 when clean, 1 when problems were found, 2 when the check could not run.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Record files to report on (default: the whole tree). References and
    /// names are still checked against every record.
    pub paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
    /// Check only what changed since the merge base of REF and HEAD (the
    /// working tree included): records added or changed, the records that
    /// reference a changed or removed one, and the names and references
    /// across the whole tree
    #[arg(long, value_name = "REF", conflicts_with = "paths")]
    pub changed_since: Option<String>,
    /// Treat warnings as errors for the exit code (`--deny warnings`)
    #[arg(long, value_enum)]
    pub deny: Option<Deny>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    Warnings,
}

pub fn exec(global: &GlobalArgs, args: CheckArgs) -> anyhow::Result<ExitCode> {
    let root = global.root()?;
    let (selection, mut early) = flopdb::repo::select_records(&root, &args.paths)?;
    let mut only: Option<BTreeSet<PathBuf>> = selection.map(|records| records.into_iter().map(|r| r.path).collect());
    let mut touched = BTreeSet::new();
    let mut scope = None;
    if let Some(reference) = &args.changed_since {
        let changed = flopdb::check::changed_scope(&root, reference)?;
        only = changed.only;
        touched = changed.touched;
        scope = Some(changed.summary);
    }
    let options = CheckOptions { touched, only, ..CheckOptions::everything() };
    // Each model is checked and dropped: nothing here needs the records after.
    let (mut report, _) = scan(&root, &options, |_, _, _| ())?;
    early.append(&mut report.diagnostics);
    report.diagnostics = early;
    let format = Format::from(args.format);
    print_diagnostics(&report.diagnostics, &report.sources, format, global.color_stderr())?;
    let tally = report.tally();
    // The summary goes to stderr in every format: stdout is for machines.
    {
        let records = if report.checked == 1 { "record" } else { "records" };
        let scope = scope.map(|s| format!(" ({s})")).unwrap_or_default();
        writeln!(std::io::stderr(), "checked {} {records}{scope}: {}", report.checked, tally_text(tally))?;
    }
    let failed = tally.errors > 0 || (args.deny == Some(Deny::Warnings) && tally.warnings > 0);
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
