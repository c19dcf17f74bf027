//! `flopdb new`: scaffold a record, by questions on a terminal or by flags
//! in scripts: a model (the default), an organization or an accelerator.
//! Each is written in canonical form with commented placeholders, checked,
//! and followed by the next steps.

mod hardware;
mod model;
mod organization;

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use dialoguer::{Input, Select};
use flopdb::check::{CheckOptions, check};
use flopdb::diag::render::Format;
use flopdb::scaffold::{InvalidAnswer, NewError};

use crate::output::{FormatArg, GlobalArgs, print_diagnostics, tally_text};

/// Scaffold a record: a model (the default, `flopdb new --name ...`), an
/// organization or an accelerator. On a terminal, asks for what the flags
/// do not give, one question at a time; in scripts (or with --no-input),
/// takes flags only. Writes the record in canonical form with commented
/// placeholders, checks it, and prints the next steps.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct NewArgs {
    #[command(subcommand)]
    pub kind: Option<NewKind>,
    #[command(flatten)]
    pub model: model::ModelArgs,
}

#[derive(Debug, Subcommand)]
pub enum NewKind {
    /// A model record: records/models/<id>.toml (what `flopdb new` makes)
    Model(model::ModelArgs),
    /// An organization record: records/organizations/<id>.toml
    Organization(organization::OrganizationArgs),
    /// An accelerator record: records/hardware/<id>.toml
    Hardware(hardware::HardwareArgs),
}

/// The flags every kind takes.
#[derive(Debug, Args)]
pub struct Common {
    /// Never ask; fail when a required flag is missing
    #[arg(long)]
    pub no_input: bool,
    /// Format of the check's diagnostics on the new record
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
}

pub fn exec(global: &GlobalArgs, args: NewArgs) -> anyhow::Result<ExitCode> {
    let made = match args.kind {
        None => model::scaffold(global, args.model),
        Some(NewKind::Model(model)) => model::scaffold(global, model),
        Some(NewKind::Organization(organization)) => organization::scaffold(global, organization),
        Some(NewKind::Hardware(hardware)) => hardware::scaffold(global, hardware),
    };
    match made {
        // An answer or a flag that cannot make the record: nothing written,
        // exit 1 like any refused input (2 is for a command that cannot run).
        Err(error)
            if error.downcast_ref::<InvalidAnswer>().is_some()
                || error.downcast_ref::<NewError>().is_some_and(|e| !matches!(e, NewError::Write { .. })) =>
        {
            eprintln!("error: {error:#}");
            Ok(ExitCode::from(1))
        }
        other => other,
    }
}

/// Questions on the terminal, or none.
pub struct Asker {
    pub terminal: bool,
}

impl Asker {
    pub fn new(common: &Common) -> Asker {
        Asker { terminal: !common.no_input && std::io::stdin().is_terminal() && std::io::stderr().is_terminal() }
    }
}

impl Asker {
    /// Asks until the answer passes `check`; `None` for an empty answer when `optional`.
    pub fn text<T>(
        &self,
        prompt: &str,
        optional: bool,
        check: impl Fn(&str) -> Result<T, InvalidAnswer>,
    ) -> anyhow::Result<Option<T>> {
        let answer: String = Input::new()
            .with_prompt(prompt)
            .allow_empty(optional)
            .validate_with(|text: &String| -> Result<(), InvalidAnswer> {
                if optional && text.trim().is_empty() { Ok(()) } else { check(text).map(|_| ()) }
            })
            .interact_text()?;
        if answer.trim().is_empty() {
            return Ok(None);
        }
        Ok(Some(check(&answer)?))
    }

    pub fn choose(&self, prompt: &str, items: &[String]) -> anyhow::Result<usize> {
        Ok(Select::new().with_prompt(prompt).items(items).default(0).interact()?)
    }
}

/// A flag's value checked, or the question asked, or nothing.
pub fn answer<T>(
    asker: &Asker,
    flag: Option<&str>,
    prompt: &str,
    check: impl Fn(&str) -> Result<T, InvalidAnswer>,
) -> anyhow::Result<Option<T>> {
    match flag {
        Some(text) => Ok(Some(check(text)?)),
        None if asker.terminal => asker.text(prompt, true, check),
        None => Ok(None),
    }
}

/// A new record's name: the flag's, or asked for on a terminal; refused
/// when it (or the id it gives, by `id_of`) is taken.
pub fn record_name(
    asker: &Asker,
    flag: Option<&str>,
    prompt: &str,
    id_of: impl Fn(&str) -> Result<String, NewError>,
) -> anyhow::Result<String> {
    let name_ok = |text: &str| -> Result<String, InvalidAnswer> {
        let name = text.trim().to_string();
        if name.is_empty() {
            return Err(InvalidAnswer("the name is required".to_string()));
        }
        // The characters a name may hold: the rule `check` applies (E032).
        if let Some(flaw) = flopdb::record::name_flaw(&name).filter(flopdb::record::NameFlaw::is_error) {
            return Err(InvalidAnswer(format!("the name holds {}; type it again", flaw.describe())));
        }
        if !name.chars().any(char::is_alphanumeric) {
            return Err(InvalidAnswer(format!("`{name}` has no letter or digit; write the name its developers use")));
        }
        id_of(&name).map(|_| name).map_err(|e| InvalidAnswer(e.to_string()))
    };
    match (flag, asker.terminal) {
        (Some(name), _) => Ok(name_ok(name)?),
        (None, true) => Ok(asker.text(prompt, false, name_ok)?.unwrap_or_default()),
        (None, false) => anyhow::bail!("--name is required (there is no terminal to ask on)"),
    }
}

/// Before a second record of a kind is made beside close names: on a
/// terminal they are offered (the contributor says which it is); without
/// one, refused, unless `distinct`.
pub fn refuse_close(
    asker: &Asker,
    kind: flopdb::record::RecordKind,
    name: &str,
    close: Vec<(String, String)>,
    distinct: bool,
) -> anyhow::Result<()> {
    if close.is_empty() || distinct {
        return Ok(());
    }
    let chosen_distinct = asker.terminal && {
        let mut items: Vec<String> = close.iter().map(|(id, name)| format!("{name} ({id}) is the one: stop")).collect();
        items.push(format!("\"{name}\" is another {kind}: create it"));
        asker.choose("Close names exist", &items)? == close.len()
    };
    if chosen_distinct {
        return Ok(());
    }
    Err(NewError::CloseToExisting { kind, typed: name.to_string(), close, on_its_own: true }.into())
}

/// Checks the records just written, prints what the check found and what
/// was created; whether there were errors.
pub fn check_written(global: &GlobalArgs, root: &Path, written: &[PathBuf], format: FormatArg) -> anyhow::Result<bool> {
    let only: BTreeSet<PathBuf> = written.iter().cloned().collect();
    let report = check(root, &CheckOptions::files(only))?;
    print_diagnostics(&report.diagnostics, &report.sources, Format::from(format), global.color_stderr())?;
    for file in written {
        eprintln!("created {}", file.display());
    }
    eprintln!("checked: {}", tally_text(report.tally()));
    Ok(report.tally().errors > 0)
}
