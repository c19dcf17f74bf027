//! `flopdb new [model]`: a model record, by questions on a terminal or by
//! flags in scripts.

use std::process::ExitCode;

use anyhow::bail;
use clap::Args;
use flopdb::check::load_records;
use flopdb::quantity::Dimension;
use flopdb::record::{Categorization, RecordKind, RecordSet, Term};
use flopdb::scaffold::{self, ComputeSource, InvalidAnswer, Named, NewError, NewModel, NewOrganization};

use super::{Asker, Common, answer, check_written, record_name};
use crate::output::GlobalArgs;

/// A model record (the default): records/models/<id>.toml.
#[derive(Debug, Args)]
pub struct ModelArgs {
    /// The model's name, as its developers write it
    #[arg(long)]
    pub name: Option<String>,
    /// The record's id (its file name), when the name gives none or another is wanted: lowercase ASCII letters, digits and hyphens
    #[arg(long)]
    pub id: Option<String>,
    /// Publication date, 2024-01-31
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// An organization, by id, name or alias (repeatable)
    #[arg(long = "organization", value_name = "ID_OR_NAME")]
    pub organizations: Vec<String>,
    /// Create the organizations given by --organization that have no record
    #[arg(long)]
    pub create_organizations: bool,
    /// Domains, such as language or vision (repeatable, or comma-separated)
    #[arg(long = "domain", value_name = "DOMAIN")]
    pub domains: Vec<String>,
    /// Parameter count, such as 7e9
    #[arg(long, value_name = "N")]
    pub parameters: Option<String>,
    /// For a mixture of experts: parameters active per token, such as 2.2e10
    #[arg(long, value_name = "N")]
    pub active_parameters: Option<String>,
    /// Training data size with its unit, such as "2e12 tokens"
    #[arg(long, value_name = "SIZE")]
    pub data_size: Option<String>,
    /// What training went through, when the source states it, such as "250e9 tokens"
    /// (operation counting uses it instead of data size x epochs)
    #[arg(long, value_name = "SIZE")]
    pub tokens_seen: Option<String>,
    /// Training compute as stated, such as "3.14e23 FLOP"
    #[arg(long, value_name = "FLOP")]
    pub compute: Option<String>,
    /// The accelerator's record id or name
    #[arg(long, value_name = "ID_OR_NAME")]
    pub hardware: Option<String>,
    /// Number of accelerators
    #[arg(long, value_name = "N")]
    pub chips: Option<u64>,
    /// Training time, such as "34 days"
    #[arg(long, value_name = "DURATION")]
    pub training_time: Option<String>,
    /// Total accelerator time, such as "2.1e6 chip-hours"
    #[arg(long, value_name = "CHIP_TIME")]
    pub chip_hours: Option<String>,
    /// Hardware utilization, such as 40%
    #[arg(long, value_name = "FRACTION")]
    pub utilization: Option<String>,
    /// Number format of training, such as bf16
    #[arg(long, value_name = "FORMAT")]
    pub precision: Option<String>,
    /// A source: the paper or announcement (https; repeatable)
    #[arg(long = "link", value_name = "URL")]
    pub links: Vec<String>,
    #[command(flatten)]
    pub common: Common,
}

/// Resolves one organization the contributor named: an existing record, a
/// close match they pick, or a new record.
fn organization(
    asker: &Asker,
    set: &RecordSet,
    typed: &str,
    create: bool,
    created: &mut Vec<NewOrganization>,
) -> anyhow::Result<Option<String>> {
    let close = match scaffold::name_organization(set, created, typed) {
        Named::Known { id, name } => {
            if asker.terminal {
                eprintln!("  = {id} ({name})");
            }
            return Ok(Some(id));
        }
        Named::Unknown { close } => close,
    };
    if !asker.terminal {
        if !create {
            return Err(NewError::UnknownOrganization { typed: typed.to_string(), close }.into());
        }
        // `Moonshot AI` beside `Moonshot`: never a second record without a word.
        if !close.is_empty() {
            return Err(NewError::CloseToExisting {
                kind: RecordKind::Organization,
                typed: typed.to_string(),
                close,
                on_its_own: false,
            }
            .into());
        }
        let made = scaffold::new_organization(set, typed, None, None, None)?;
        let id = made.id.clone();
        created.push(made);
        return Ok(Some(id));
    }
    let mut items: Vec<String> = close.iter().map(|(id, name)| format!("{name} ({id})")).collect();
    items.push(format!("Create a new organization \"{typed}\""));
    items.push("Type the name again".to_string());
    let prompt =
        if close.is_empty() { format!("No organization is called \"{typed}\"") } else { "Did you mean".to_string() };
    let picked = asker.choose(&prompt, &items)?;
    if let Some((id, _)) = close.get(picked) {
        return Ok(Some(id.clone()));
    }
    if picked > close.len() {
        return Ok(None);
    }
    // Checked before asking more: a taken name or id is refused now.
    scaffold::new_organization(set, typed, None, None, None)?;
    let mut kinds: Vec<String> = Categorization::ALL.iter().map(|c| c.id().to_string()).collect();
    kinds.push("not known".to_string());
    let kind = asker.choose(&format!("What kind of organization is {typed}"), &kinds)?;
    let country = asker.text("Country (empty if not known)", true, |t| Ok::<_, InvalidAnswer>(t.trim().to_string()))?;
    let made = scaffold::new_organization(set, typed, Categorization::ALL.get(kind).copied(), country, None)?;
    let id = made.id.clone();
    created.push(made);
    Ok(Some(id))
}

fn hardware(asker: &Asker, set: &RecordSet, typed: &str) -> anyhow::Result<Option<String>> {
    match scaffold::name_hardware(set, typed) {
        Ok(id) => Ok(Some(id)),
        Err(NewError::UnknownHardware { close, .. }) if asker.terminal && !close.is_empty() => {
            let items: Vec<String> = close.iter().map(|(id, name)| format!("{name} ({id})")).collect();
            let picked = asker.choose("Did you mean", &items)?;
            Ok(close.get(picked).map(|(id, _)| id.clone()))
        }
        Err(error) => Err(error.into()),
    }
}
pub fn scaffold(global: &GlobalArgs, args: ModelArgs) -> anyhow::Result<ExitCode> {
    let root = global.root()?;
    let existing = load_records(&root)?;
    let set = &existing.records;
    let asker = Asker::new(&args.common);

    let name =
        record_name(&asker, args.name.as_deref(), "Model name", |n| scaffold::model_id(n, args.id.as_deref(), set))?;
    let mut model = NewModel { name, ..NewModel::default() };
    let id = scaffold::model_id(&model.name, args.id.as_deref(), set)?;
    model.published = match (&args.published, asker.terminal) {
        (Some(date), _) => Some(scaffold::parse_date(date)?),
        (None, true) => asker.text("Publication date (YYYY-MM-DD)", false, scaffold::parse_date)?,
        (None, false) => bail!("--published is required (there is no terminal to ask on)"),
    };

    let mut created = Vec::new();
    for typed in &args.organizations {
        // One organization named twice (by id, name or alias) is listed once.
        if let Some(id) = organization(&asker, set, typed, args.create_organizations, &mut created)?
            && !model.organizations.contains(&id)
        {
            model.organizations.push(id);
        }
    }
    if args.organizations.is_empty() && asker.terminal {
        while let Some(typed) = asker.text("Organization (id or name; empty when done)", true, |t| {
            Ok::<_, InvalidAnswer>(t.trim().to_string())
        })? {
            if let Some(id) = organization(&asker, set, &typed, true, &mut created)?
                && !model.organizations.contains(&id)
            {
                model.organizations.push(id);
            }
        }
    }
    let domains = (!args.domains.is_empty()).then(|| args.domains.join(","));
    model.domains = answer(
        &asker,
        domains.as_deref(),
        "Domains (such as language, vision; empty to skip)",
        scaffold::parse_domains,
    )?
    .unwrap_or_default();
    model.parameters = answer(
        &asker,
        args.parameters.as_deref(),
        "Parameters (such as 7e9; empty if not known)",
        scaffold::parse_parameters,
    )?;
    model.active_parameters = answer(
        &asker,
        args.active_parameters.as_deref(),
        "Active parameters per token, for a mixture of experts (empty if dense)",
        scaffold::parse_parameters,
    )?;
    scaffold::check_active_parameters(model.active_parameters, model.parameters)?;
    model.data_size = answer(
        &asker,
        args.data_size.as_deref(),
        "Training data size (such as 2e12 tokens; empty if not known)",
        |t| scaffold::parse_quantity(t, Dimension::DataSize),
    )?;
    model.data_seen = answer(
        &asker,
        args.tokens_seen.as_deref(),
        "Tokens (or examples) trained on, if the source states it (empty if not)",
        |t| scaffold::parse_quantity(t, Dimension::DataSize),
    )?;

    // Any run flag means hardware-time, so each is checked (none is dropped unread).
    let hardware_flags = args.hardware.is_some()
        || args.chips.is_some()
        || args.training_time.is_some()
        || args.chip_hours.is_some()
        || args.utilization.is_some()
        || args.precision.is_some();
    let ask_compute = asker.terminal && args.compute.is_none() && !hardware_flags;
    let source = if ask_compute {
        let ways: Vec<String> = ComputeSource::CHOICES.iter().map(|(_, way)| way.to_string()).collect();
        let picked = asker.choose("How is the training compute known", &ways)?;
        ComputeSource::CHOICES.get(picked).map_or(ComputeSource::Estimated, |(source, _)| *source)
    } else {
        ComputeSource::from_flags(args.compute.is_some(), hardware_flags)
    };
    if source == ComputeSource::Stated {
        model.compute = answer(&asker, args.compute.as_deref(), "Training compute (such as 3.14e23 FLOP)", |t| {
            scaffold::parse_quantity(t, Dimension::Flop)
        })?;
    }
    if source == ComputeSource::Hardware {
        model.hardware = match (&args.hardware, asker.terminal) {
            (Some(typed), _) => hardware(&asker, set, typed)?,
            (None, true) => match asker
                .text("Accelerator (hardware id or name)", true, |t| Ok::<_, InvalidAnswer>(t.trim().to_string()))?
            {
                Some(typed) => hardware(&asker, set, &typed)?,
                None => None,
            },
            (None, false) => None,
        };
        let chips = args.chips.map(|c| c.to_string());
        model.chips =
            answer(&asker, chips.as_deref(), "Number of accelerators (empty if not known)", scaffold::parse_chips)
                .map_err(|e| InvalidAnswer(format!("--chips: {e}")))?;
        model.training_time = answer(&asker, args.training_time.as_deref(), "Training time (such as 34 days)", |t| {
            scaffold::parse_quantity(t, Dimension::Duration)
        })?;
        model.chip_time = answer(
            &asker,
            args.chip_hours.as_deref(),
            "Total accelerator time (such as 2.1e6 chip-hours; empty if not known)",
            |t| scaffold::parse_quantity(t, Dimension::ChipTime),
        )?;
        model.utilization =
            answer(&asker, args.utilization.as_deref(), "Utilization (such as 40%; empty for the default)", |t| {
                scaffold::parse_quantity(t, Dimension::Fraction)
            })?;
        model.precision = answer(
            &asker,
            args.precision.as_deref(),
            "Number format (such as bf16; empty if not known)",
            scaffold::parse_precision,
        )?;
    }
    let link = if args.links.is_empty() { None } else { Some(args.links.join(" ")) };
    model.links = answer(&asker, link.as_deref(), "Link to the paper or announcement (https; empty to skip)", |t| {
        t.split_whitespace().map(scaffold::parse_link).collect::<Result<Vec<_>, _>>()
    })?
    .unwrap_or_default();

    let written = scaffold::write_records(&root, &id, &model, &created)?;
    let path = scaffold::record_path(RecordKind::Model, &id);

    let errors = check_written(global, &root, &written, args.common.format)?;
    eprintln!(
        "\nnext steps:\n  1. fill in what you know: each `# key = example` line is a field left empty (uncomment it);\n     give a source in `links` and say how the compute was found in `compute.notes`\n  2. flopdb estimate {} (the compute flopdb derives, and whether estimates disagree)\n  3. flopdb fmt && flopdb check --changed-since origin/main\n  4. commit, push, and open a pull request (CONTRIBUTING.md)",
        path.display()
    );
    Ok(if errors { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
