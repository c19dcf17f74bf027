//! `flopdb new hardware`: an accelerator record, with its peak throughput
//! per number format.

use std::process::ExitCode;

use clap::Args;
use flopdb::check::load_records;
use flopdb::quantity::Dimension;
use flopdb::record::RecordKind;
use flopdb::scaffold::{self, InvalidAnswer, Match, NewHardware};

use super::{Asker, Common, answer, check_written, record_name, refuse_close};
use crate::output::GlobalArgs;

/// An accelerator record: records/hardware/<id>.toml.
#[derive(Debug, Args)]
pub struct HardwareArgs {
    /// The product name, such as "NVIDIA H100 SXM5 80GB"
    #[arg(long)]
    pub name: Option<String>,
    /// The record's id (its file name), when the name gives none or another is wanted: lowercase ASCII letters, digits and hyphens
    #[arg(long)]
    pub id: Option<String>,
    /// The maker, such as NVIDIA
    #[arg(long)]
    pub manufacturer: Option<String>,
    /// gpu, tpu, cpu, asic, fpga or other
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
    /// Release date, 2024-03-18
    #[arg(long, value_name = "DATE")]
    pub released: Option<String>,
    /// A dense peak from the datasheet, FORMAT=RATE: "bf16=989 TFLOP/s", "fp8=1979 TFLOP/s" (repeatable)
    #[arg(long = "peak", value_name = "FORMAT=RATE")]
    pub peaks: Vec<String>,
    /// Memory per chip, such as "80 GB"
    #[arg(long, value_name = "SIZE")]
    pub memory: Option<String>,
    /// Thermal design power, such as "700 W"
    #[arg(long, value_name = "POWER")]
    pub tdp: Option<String>,
    /// Create it even when an accelerator with a close name exists
    #[arg(long)]
    pub distinct: bool,
    /// The datasheet (https; repeatable)
    #[arg(long = "link", value_name = "URL")]
    pub links: Vec<String>,
    #[command(flatten)]
    pub common: Common,
}

pub fn scaffold(global: &GlobalArgs, args: HardwareArgs) -> anyhow::Result<ExitCode> {
    let root = global.root()?;
    let existing = load_records(&root)?;
    let set = &existing.records;
    let asker = Asker::new(&args.common);
    let name = record_name(&asker, args.name.as_deref(), "Accelerator name (as on its datasheet)", |n| {
        scaffold::hardware_id(n, args.id.as_deref(), set)
    })?;
    // `NVIDIA H100` when `nvidia-h100-sxm5-80gb` exists: offered first.
    let close = match scaffold::find_hardware(set, &name) {
        Match::Exact { id, name } => vec![(id, name)],
        Match::Close(close) => close,
    };
    refuse_close(&asker, RecordKind::Hardware, &name, close, args.distinct)?;
    let mut hardware = NewHardware { name, ..NewHardware::default() };
    hardware.manufacturer = answer(&asker, args.manufacturer.as_deref(), "Manufacturer (empty if not known)", |t| {
        Ok::<_, InvalidAnswer>(t.trim().to_string())
    })?
    .filter(|m| !m.is_empty());
    hardware.kind = answer(
        &asker,
        args.kind.as_deref(),
        "Kind: gpu, tpu, cpu, asic, fpga or other",
        scaffold::parse_hardware_kind,
    )?;
    hardware.released = answer(
        &asker,
        args.released.as_deref(),
        "Release date (YYYY-MM-DD; empty if not known)",
        scaffold::parse_date,
    )?;
    for peak in &args.peaks {
        let parsed = scaffold::parse_peak(peak).map_err(|e| InvalidAnswer(format!("--peak: {e}")))?;
        add_peak(&mut hardware.peaks, parsed).map_err(|e| InvalidAnswer(format!("--peak: {e}")))?;
    }
    if args.peaks.is_empty() && asker.terminal {
        while let Some(peak) = asker.text(
            "A dense peak, FORMAT=RATE such as bf16=989 TFLOP/s (empty when done)",
            true,
            scaffold::parse_peak,
        )? {
            if let Err(error) = add_peak(&mut hardware.peaks, peak) {
                eprintln!("{error}");
            }
        }
    }
    hardware.memory =
        answer(&asker, args.memory.as_deref(), "Memory per chip (such as 80 GB; empty if not known)", |t| {
            scaffold::parse_quantity(t, Dimension::Bytes)
        })?;
    hardware.tdp =
        answer(&asker, args.tdp.as_deref(), "Thermal design power (such as 700 W; empty if not known)", |t| {
            scaffold::parse_quantity(t, Dimension::Power)
        })?;
    let link = (!args.links.is_empty()).then(|| args.links.join(" "));
    hardware.links = answer(&asker, link.as_deref(), "The datasheet (https; empty to skip)", |t| {
        t.split_whitespace().map(scaffold::parse_link).collect::<Result<Vec<_>, _>>()
    })?
    .unwrap_or_default();
    let id = scaffold::hardware_id(&hardware.name, args.id.as_deref(), set)?;
    let path = scaffold::write_record(&root, RecordKind::Hardware, &id, &scaffold::hardware_text(&hardware))?;
    let errors = check_written(global, &root, std::slice::from_ref(&path), args.common.format)?;
    eprintln!(
        "\nnext steps:\n  1. fill in what the datasheet gives (uncomment the `# key = example` lines): dense peaks, not with sparsity\n  2. use it in a model: `[hardware] accelerator = \"{id}\"`, then `flopdb estimate records/models/<id>.toml`\n  3. flopdb fmt && flopdb check --changed-since origin/main, then commit and open a pull request"
    );
    Ok(if errors { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Adds a format's peak: a format given twice with the same rate is kept
/// once; with two rates, refused (neither is dropped without a word).
fn add_peak(peaks: &mut Vec<(String, String)>, (key, rate): (String, String)) -> Result<(), InvalidAnswer> {
    match peaks.iter().find(|(k, _)| *k == key) {
        Some((_, first)) if *first != rate => Err(InvalidAnswer(format!(
            "`{key}` is given twice, as `{first}` and as `{rate}`; give each number format once"
        ))),
        Some(_) => Ok(()),
        None => {
            peaks.push((key, rate));
            Ok(())
        }
    }
}
