//! `flopdb fmt [--check] [PATH...]`: put records in their canonical form.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use flopdb::diag::render::{Format, printable};
use flopdb::format::format_files;

use crate::output::{FormatArg, GlobalArgs, print_diagnostics};

/// Rewrite records in canonical form: key order, quoting, numbers, dates,
/// arrays, one blank line before each table. Comments are kept. With
/// --check, list the files that would change and exit 1, changing nothing.
#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Record files or folders (default: every record)
    pub paths: Vec<PathBuf>,
    /// Change nothing; list the files that are not formatted and exit 1 if any
    #[arg(long)]
    pub check: bool,
    /// Format of the diagnostics for files that cannot be read or parsed
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
}

pub fn exec(global: &GlobalArgs, args: FmtArgs) -> anyhow::Result<ExitCode> {
    let root = global.root()?;
    let (selection, mut early) = flopdb::repo::select_records(&root, &args.paths)?;
    let mut outcome = format_files(&root, selection.as_deref(), args.check);
    early.append(&mut outcome.diagnostics);
    let format = Format::from(args.format);
    print_diagnostics(&early, &outcome.sources, format, global.color_stderr())?;
    if args.check && format != Format::Human {
        // One annotation per file, on its first line that differs.
        print_diagnostics(&outcome.unformatted, &outcome.sources, format, global.color_stderr())?;
    } else if args.check {
        // What would change, file by file, as cargo fmt --check shows it.
        let mut stdout = std::io::stdout().lock();
        for diff in &outcome.diffs {
            write!(stdout, "{}", printable(diff, false))?;
        }
    } else {
        let mut stdout = std::io::stdout().lock();
        for path in &outcome.changed {
            writeln!(stdout, "{}", printable(&path.display().to_string(), true))?;
        }
    }
    let verb = if args.check { "would reformat" } else { "reformatted" };
    eprintln!(
        "{verb} {} file{}, {} already formatted{}",
        outcome.changed.len(),
        if outcome.changed.len() == 1 { "" } else { "s" },
        outcome.unchanged,
        if early.is_empty() { String::new() } else { format!(", {} not readable", early.len()) }
    );
    let failed = !early.is_empty() || (args.check && !outcome.changed.is_empty());
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
