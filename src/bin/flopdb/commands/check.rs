//! `flopdb check [PATH...]`: validate the records.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use flopdb::check::{CheckOptions, check};
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
    let mut only = None;
    let mut early = Vec::new();
    if !args.paths.is_empty() {
        let mut selected = BTreeSet::new();
        for path in &args.paths {
            match flopdb::repo::classify(&root, path) {
                Ok(record) => {
                    if !root.join(&record.path).exists() {
                        anyhow::bail!("{} does not exist", path.display());
                    }
                    selected.insert(record.path);
                }
                Err(diagnostic) => early.push(diagnostic),
            }
        }
        only = Some(selected);
    }
    let mut touched = BTreeSet::new();
    let mut scope = None;
    if let Some(reference) = &args.changed_since {
        let changes = flopdb::git::changed_since(&root, reference)?;
        for path in changes.changed.iter().chain(&changes.removed) {
            if let Ok(record) = flopdb::repo::classify(&root, &root.join(path)) {
                touched.insert((record.kind, record.id));
            }
        }
        let base = changes.base.get(..12).unwrap_or(&changes.base).to_string();
        scope = Some(format!(
            "changed since {reference} (merge base {base}): {} added or changed, {} removed{}",
            changes.changed.len(),
            changes.removed.len(),
            if changes.config_changed { "; flopdb.toml changed, so every record" } else { "" }
        ));
        // A new flopdb.toml can change any record's findings.
        if !changes.config_changed {
            only = Some(changes.changed.into_iter().filter(|p| root.join(p).is_file()).collect());
        }
    }
    let today = chrono::Local::now().date_naive();
    let mut report = check(&root, &CheckOptions { touched, only, today }).map_err(anyhow::Error::msg)?;
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
