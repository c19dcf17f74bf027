//! `flopdb sync [SOURCE...]`: fetches Epoch AI's published files and syncs
//! the records with them. Each file is checked before anything is written
//! (status, not HTML, the table's kind, at least a share of the last sync's
//! rows); the same SHA-256 as the last sync means nothing to do. What each
//! sync took is kept in `records/upstream.toml`.

use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::Args;
use flopdb::check::load_records;
use flopdb::diag::{Code, Diagnostic, Tally, render::Format};
use flopdb::epoch::{Target, plan_bytes};
use flopdb::fetch::{Limits, get, unzip};
use flopdb::import::{ImportPlan, TableKind, write};
use flopdb::upstream::{self, Assessment, LastSync, Refusal, STATE_FILE, Source, assess};

use crate::output::{FormatArg, GlobalArgs, print_diagnostics, tally_text};

/// Fetch Epoch AI's published files and sync the records with them
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Which files: all, notable, large-scale, frontier, hardware (default: all notable hardware)
    pub sources: Vec<String>,
    /// Fetch this address instead of the source's own (one source only, or
    /// the archive with --archive; https, or http to 127.0.0.1 for tests)
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Take the model tables from Epoch's ai_models.zip, one download for all
    /// of them (the accelerator table is fetched on its own)
    #[arg(long)]
    pub archive: bool,
    /// Seconds a fetch may take, connection to last byte
    #[arg(long, default_value_t = 120, value_name = "SECONDS")]
    pub timeout: u64,
    /// The largest file fetched, in MB
    #[arg(long, default_value_t = 256, value_name = "MB")]
    pub max_mb: u64,
    /// The share of the last sync's rows a file must have to be trusted
    #[arg(long, default_value_t = 0.9, value_name = "SHARE")]
    pub min_rows: f64,
    /// Sync again even when the file is the one synced last (same SHA-256)
    #[arg(long)]
    pub again: bool,
    /// Let the export update a record of the same name that it did not write
    #[arg(long)]
    pub adopt: bool,
    /// Write the sync's report as Markdown (a pull request's body)
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Output format of the reported values
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
}

/// What one source's sync did, for the report.
struct Outcome {
    source: Source,
    line: String,
    notes: Vec<String>,
}

pub fn exec(global: &GlobalArgs, args: SyncArgs) -> anyhow::Result<ExitCode> {
    let names: Vec<String> = if args.sources.is_empty() {
        ["all", "notable", "hardware"].iter().map(|s| s.to_string()).collect()
    } else {
        args.sources.clone()
    };
    let sources: Vec<Source> = names
        .iter()
        .map(|n| {
            upstream::source(n)
                .with_context(|| format!("no source is called `{n}`: all, notable, large-scale, frontier or hardware"))
        })
        .collect::<anyhow::Result<_>>()?;
    if args.url.is_some() && sources.len() != 1 && !args.archive {
        bail!(
            "--url replaces one source's address: name exactly one source (or pass --archive: then it is the archive's)"
        );
    }
    if !(0.0..=1.0).contains(&args.min_rows) {
        bail!("--min-rows is a share between 0 and 1, such as 0.9");
    }
    let root = global.root()?;
    let records = root.join(flopdb::repo::RECORDS_DIR);
    let state_path = records.join(STATE_FILE);
    let mut state = upstream::read(&state_path)?;
    let limits = Limits { timeout: Duration::from_secs(args.timeout), max_bytes: args.max_mb.saturating_mul(1 << 20) };
    let today = chrono::Utc::now().date_naive().to_string();
    let mut outcomes = Vec::new();
    let mut failed = false;
    // With --archive, the model tables come out of one download.
    let mut archive = if args.archive {
        let wanted: Vec<&str> = sources.iter().filter(|s| s.kind == TableKind::Models).map(|s| s.file_name()).collect();
        let url = args.url.clone().unwrap_or_else(|| upstream::MODELS_ARCHIVE.to_string());
        match get(&url, &limits).and_then(|zip| unzip(&zip, &wanted, limits.max_bytes)) {
            Ok(members) => Some(members),
            Err(e) => {
                writeln!(std::io::stderr(), "error: {e}; nothing was written")?;
                return Ok(ExitCode::from(1));
            }
        }
    } else {
        None
    };
    for source in sources {
        let member = archive.as_mut().and_then(|members| {
            let at = members.iter().position(|m| m.url.ends_with(&format!("#{}", source.file_name())))?;
            Some(members.remove(at))
        });
        let url = match &member {
            Some(member) => member.url.clone(),
            None if args.archive => source.url.to_string(),
            None => args.url.clone().unwrap_or_else(|| source.url.to_string()),
        };
        let fetched = match member.map_or_else(|| get(&url, &limits), Ok) {
            Ok(fetched) => fetched,
            Err(e) => {
                writeln!(std::io::stderr(), "error: {}: {e}; nothing was written", source.name)?;
                outcomes.push(Outcome { source, line: format!("failed: {e}"), notes: Vec::new() });
                failed = true;
                continue;
            }
        };
        let last = upstream::last(&state, source.name);
        let (rows, shown) = match assess(source, &url, &fetched, last.as_ref(), &today, args.min_rows, args.again) {
            Ok(Assessment::Fresh { rows, shown }) => (rows, shown),
            Ok(Assessment::Unchanged { since }) => {
                writeln!(
                    std::io::stderr(),
                    "{}: unchanged since the sync of {since} (same SHA-256); nothing to do",
                    source.name
                )?;
                outcomes.push(Outcome { source, line: format!("unchanged since {since}"), notes: Vec::new() });
                continue;
            }
            Err(refusal) => {
                let shown = match &refusal {
                    Refusal::Table(diagnostic) => diagnostic.to_string(),
                    other => other.to_string(),
                };
                writeln!(std::io::stderr(), "error: {}: {shown}; nothing was written", source.name)?;
                outcomes.push(Outcome { source, line: format!("failed: {refusal}"), notes: Vec::new() });
                failed = true;
                continue;
            }
        };
        let existing = if records.is_dir() { load_records(&root)?.records } else { Default::default() };
        let target = Target {
            existing: &existing,
            root: Some(&root),
            all_hardware: false,
            named_hardware: &[],
            adopt: args.adopt,
        };
        let planned = plan_bytes(&fetched.bytes, &shown, source.kind, target);
        let (_, mut problems) = write(&planned, &records, false);
        let mut diagnostics = planned.diagnostics.clone();
        diagnostics.append(&mut problems);
        print_diagnostics(&diagnostics, &Default::default(), Format::from(args.format), global.color_stderr())?;
        let tally = Tally::of(&diagnostics);
        let line = summary(&planned, rows, tally);
        writeln!(std::io::stderr(), "{}: {line}", source.name)?;
        // Rows refused (no date, equal claims) are findings for the report,
        // not a failed sync: the scheduled job fails only on a bad download.
        let sync = LastSync {
            url: url.clone(),
            date: today.clone(),
            sha256: fetched.sha256.clone(),
            bytes: fetched.bytes.len() as u64,
            rows: rows as u64,
        };
        upstream::set(&mut state, source.name, &sync);
        flopdb::fsio::write_atomic(&state_path, state.to_string().as_bytes())
            .with_context(|| format!("cannot write {}", state_path.display()))?;
        outcomes.push(Outcome { source, line, notes: notes(&diagnostics) });
    }
    if let Some(path) = &args.report {
        flopdb::fsio::write_atomic(path, report(&outcomes).as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn summary(planned: &ImportPlan, rows: usize, tally: Tally) -> String {
    let sync = &planned.sync;
    format!(
        "{rows} rows: {}, {} fields kept as edited ({})",
        sync.records_text(),
        sync.fields.conflicts,
        tally_text(tally)
    )
}

/// The findings a reviewer of the sync reads: renames, possible renames,
/// conflicts, refused and absent rows.
fn notes(diagnostics: &[Diagnostic]) -> Vec<String> {
    const SHOWN: [Code; 7] = [
        Code::Renamed,
        Code::PossibleRename,
        Code::SyncConflict,
        Code::NotSynced,
        Code::AmbiguousRows,
        Code::AbsentFromExport,
        Code::IncompleteRow,
    ];
    diagnostics.iter().filter(|d| SHOWN.contains(&d.code)).map(|d| format!("{} {}", d.code, d.message)).collect()
}

fn report(outcomes: &[Outcome]) -> String {
    let mut out = String::from("## Sync with Epoch AI's data\n\n| source | what the sync did |\n|---|---|\n");
    for outcome in outcomes {
        let _ = writeln!(
            out,
            "| `{}` ({}) | {} |",
            outcome.source.name,
            outcome.source.url,
            outcome.line.replace('|', "\\|")
        );
    }
    for outcome in outcomes.iter().filter(|o| !o.notes.is_empty()) {
        let _ = writeln!(out, "\n### {}\n", outcome.source.name);
        for note in &outcome.notes {
            // Names from the source are text, not Markdown.
            let _ = writeln!(out, "- {}", note.replace(['`', '<', '>', '|'], "'"));
        }
    }
    out.push_str("\nData: Epoch AI, https://epoch.ai/data (CC BY 4.0).\n");
    out
}
