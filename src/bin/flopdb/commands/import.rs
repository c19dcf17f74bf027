//! `flopdb import epoch|epoch-hardware <CSV>`: Epoch AI's exports into records.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Subcommand};
use flopdb::check::load_records;
use flopdb::diag::{Tally, render::Format};
use flopdb::epoch::{Target, plan};
use flopdb::import::{TableKind, write};
use flopdb::record::RecordSet;

use crate::output::{FormatArg, GlobalArgs, print_diagnostics, tally_text};

/// Import Epoch AI's public exports into records
#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub what: ImportWhat,
}

#[derive(Debug, Subcommand)]
pub enum ImportWhat {
    /// A models table of any vintage from 2022 to 2025 ("All ML Systems",
    /// "Notable ML systems", the 2022 paper's snapshot), told apart by its header
    Epoch(Common),
    /// An accelerator table: imports every accelerator the records' models use
    EpochHardware(HardwareArgs),
}

#[derive(Debug, Args)]
pub struct Common {
    /// The CSV file
    pub csv: PathBuf,
    /// The records folder to write into (default: the repository's records/)
    #[arg(long, value_name = "DIR")]
    pub into: Option<PathBuf>,
    /// Replace records that exist already
    #[arg(long)]
    pub force: bool,
    /// Let the export update a record of the same name that it did not
    /// write (made by hand, or from another source); without it such a
    /// record is kept and the row reported (W209)
    #[arg(long)]
    pub adopt: bool,
    /// Output format of the reported values
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct HardwareArgs {
    #[command(flatten)]
    pub common: Common,
    /// Import every row, not only the accelerators the models use
    #[arg(long)]
    pub all: bool,
    /// Also import this accelerator, by its name in the table (repeatable):
    /// a new generation no model uses yet, such as "AMD Instinct MI325X"
    #[arg(long = "name", value_name = "NAME")]
    pub names: Vec<String>,
}

pub fn exec(global: &GlobalArgs, args: ImportArgs) -> anyhow::Result<ExitCode> {
    let (common, kind, all, names) = match args.what {
        ImportWhat::Epoch(common) => (common, TableKind::Models, false, Vec::new()),
        ImportWhat::EpochHardware(h) => (h.common, TableKind::Hardware, h.all, h.names),
    };
    let records = match &common.into {
        Some(dir) => dir.clone(),
        None => global.root()?.join(flopdb::repo::RECORDS_DIR),
    };
    let existing = existing_records(&records)?;
    let root = records.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let shown = common.csv.file_name().map_or_else(|| common.csv.clone(), PathBuf::from);
    let target = Target {
        existing: &existing,
        root: Some(root),
        all_hardware: all,
        named_hardware: &names,
        adopt: common.adopt,
    };
    let planned = plan(&common.csv, &shown, kind, target);
    let (written, mut problems) =
        if planned.read_as.is_some() { write(&planned, &records, common.force) } else { (Vec::new(), Vec::new()) };
    let mut diagnostics = planned.diagnostics.clone();
    diagnostics.append(&mut problems);
    let format = Format::from(common.format);
    print_diagnostics(&diagnostics, &Default::default(), format, global.color_stderr())?;
    let tally = Tally::of(&diagnostics);
    let stats = planned.stats;
    if let Some(read_as) = &planned.read_as {
        let count = |kind| planned.files.iter().filter(|f| f.kind == kind).count();
        writeln!(
            std::io::stderr(),
            "read {} rows of {} ({read_as}): {} models, {} organizations, {} hardware; {} values taken, {} reported; wrote {} files to {} ({})",
            stats.rows,
            shown.display(),
            count(flopdb::record::RecordKind::Model),
            count(flopdb::record::RecordKind::Organization),
            count(flopdb::record::RecordKind::Hardware),
            stats.values_taken,
            stats.values_reported,
            written.len(),
            records.display(),
            tally_text(tally),
        )?;
        let sync = &planned.sync;
        let fields = sync.fields;
        writeln!(
            std::io::stderr(),
            "sync: {}; fields: {} added, {} updated, {} emptied, {} unchanged, {} conflicts (kept as edited)",
            sync.records_text(),
            fields.added,
            fields.updated,
            fields.removed,
            fields.unchanged,
            fields.conflicts,
        )?;
    }
    Ok(if tally.errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The records already in the repository that holds `records` (none when it
/// does not exist yet). Their problems are `check`'s business, not import's.
fn existing_records(records: &Path) -> anyhow::Result<RecordSet> {
    if !records.is_dir() {
        std::fs::create_dir_all(records).with_context(|| format!("cannot create {}", records.display()))?;
        return Ok(RecordSet::default());
    }
    let root = records.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    Ok(load_records(root)?.records)
}
