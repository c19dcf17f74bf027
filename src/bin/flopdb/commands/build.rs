//! `flopdb build [--out dist/]`: compile the records into the dataset.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use clap::{Args, ValueEnum};
use flopdb::build::{BuildError, BuildOptions, Layout, Progress, build};
use flopdb::diag::render::Format;
use indicatif::{ProgressBar, ProgressStyle};

use crate::output::{FormatArg, GlobalArgs, print_refusal, tally_text};

/// Compile the records into dist/: models.csv, organizations.csv,
/// hardware.csv, the link tables, models.json and datapackage.json.
/// Refuses while check finds errors.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The output folder
    #[arg(long, value_name = "DIR", default_value = "dist")]
    pub out: PathBuf,
    /// Column layout of models.csv
    #[arg(long, value_enum, default_value_t = LayoutArg::Flopdb)]
    pub layout: LayoutArg,
    /// Format of the errors that refuse a build
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LayoutArg {
    /// flopdb's documented snake_case columns
    Flopdb,
    /// Epoch AI's own column names and formats (their 2025 export)
    Epoch,
}

/// A bar on stderr, drawn only on a terminal and only once the build has
/// taken long enough to notice. Told from the build's worker threads.
struct Bar {
    started: Instant,
    terminal: bool,
    state: Mutex<BarState>,
}

#[derive(Default)]
struct BarState {
    bar: Option<ProgressBar>,
    stage: &'static str,
    total: usize,
    /// The stage the bar shows.
    drawn: &'static str,
}

impl Bar {
    fn new() -> Bar {
        Bar { started: Instant::now(), terminal: std::io::stderr().is_terminal(), state: Mutex::default() }
    }

    fn state(&self) -> MutexGuard<'_, BarState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The bar, made once the build has taken long enough to notice.
    fn shown<'s>(&self, state: &'s mut BarState) -> Option<&'s ProgressBar> {
        if state.bar.is_none() && self.terminal && self.started.elapsed() > Duration::from_millis(300) {
            state.bar = Some(ProgressBar::new(0));
        }
        let bar = state.bar.as_ref()?;
        // A bar for a known number of steps, a count for an unknown one.
        let template = if state.total == 0 { "{msg:>20} {pos}" } else { "{msg:>20} [{bar:30}] {pos}/{len}" };
        if state.drawn != state.stage {
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_message(state.stage);
            bar.set_length(state.total as u64);
            bar.set_position(0);
            state.drawn = state.stage;
        }
        state.bar.as_ref()
    }

    fn finish(&self) {
        if let Some(bar) = self.state().bar.take() {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn stage(&self, name: &'static str, total: usize) {
        let mut state = self.state();
        state.stage = name;
        state.total = total;
        self.shown(&mut state);
    }

    fn advance(&self, done: usize) {
        if let Some(bar) = self.shown(&mut self.state()) {
            bar.set_position(done as u64);
        }
    }
}

pub fn exec(global: &GlobalArgs, args: BuildArgs) -> anyhow::Result<ExitCode> {
    let root = global.root()?;
    let options = BuildOptions {
        layout: match args.layout {
            LayoutArg::Flopdb => Layout::Flopdb,
            LayoutArg::Epoch => Layout::Epoch,
        },
        today: flopdb::check::today(),
    };
    let bar = Bar::new();
    let out = if args.out.is_absolute() { args.out.clone() } else { std::env::current_dir()?.join(&args.out) };
    let built = build(&root, &out, &options, &bar);
    bar.finish();
    let output = match built {
        Ok(output) => output,
        Err(BuildError::Invalid(report)) => {
            print_refusal("build", &report, Format::from(args.format), global.color_stderr())?;
            return Ok(ExitCode::from(1));
        }
        Err(other) => {
            return Err(anyhow::Error::from(other).context(format!("cannot build the dataset in {}", out.display())));
        }
    };
    if output.removed_stale > 0 {
        eprintln!("note: removed {} unfinished build(s) left beside {}", output.removed_stale, args.out.display());
    }
    if let Some(notice) = output.provenance.notice() {
        eprintln!("note: {notice}");
    }
    let names: Vec<&str> = output.files.iter().map(String::as_str).collect();
    let commit =
        output.provenance.commit().map(|c| format!(" at commit {}", c.get(..12).unwrap_or(c))).unwrap_or_default();
    writeln!(
        std::io::stderr(),
        "built {} from {} models{commit}: {} ({})",
        args.out.display(),
        output.models,
        names.join(", "),
        tally_text(output.report.tally())
    )?;
    Ok(ExitCode::SUCCESS)
}
