//! `flopdb new organization`: an organization record.

use std::process::ExitCode;

use clap::Args;
use flopdb::check::load_records;
use flopdb::record::{Categorization, RecordKind, Term};
use flopdb::scaffold::{self, InvalidAnswer};

use super::{Asker, Common, answer, check_written, record_name, refuse_close};
use crate::output::GlobalArgs;

/// An organization record: records/organizations/<id>.toml.
#[derive(Debug, Args)]
pub struct OrganizationArgs {
    /// The organization's name, as it writes it
    #[arg(long)]
    pub name: Option<String>,
    /// The record's id (its file name), when the name gives none or another is wanted: lowercase ASCII letters, digits and hyphens
    #[arg(long)]
    pub id: Option<String>,
    /// industry, academia, government or research-collective
    #[arg(long, value_name = "KIND")]
    pub categorization: Option<String>,
    /// The country it is based in, such as "United States of America"
    #[arg(long)]
    pub country: Option<String>,
    /// Create it even when an organization with a close name exists
    #[arg(long)]
    pub distinct: bool,
    /// Its website or a page about it (https; repeatable)
    #[arg(long = "link", value_name = "URL")]
    pub links: Vec<String>,
    #[command(flatten)]
    pub common: Common,
}

fn categorization(text: &str) -> Result<Categorization, InvalidAnswer> {
    Categorization::from_epoch_label(text.trim()).ok_or_else(|| {
        let known: Vec<&str> = Categorization::ALL.iter().map(|c| c.id()).collect();
        InvalidAnswer(format!("`{}` is not a categorization; one of: {}", text.trim(), known.join(", ")))
    })
}

pub fn scaffold(global: &GlobalArgs, args: OrganizationArgs) -> anyhow::Result<ExitCode> {
    let root = global.root()?;
    let existing = load_records(&root)?;
    let set = &existing.records;
    let asker = Asker::new(&args.common);
    let name = record_name(&asker, args.name.as_deref(), "Organization name", |n| {
        scaffold::organization_id(n, args.id.as_deref(), set)
    })?;
    // A close name is offered before a second record is made.
    let close = scaffold::close_organizations(set, &name);
    refuse_close(&asker, RecordKind::Organization, &name, close, args.distinct)?;
    let categorization = match (&args.categorization, asker.terminal) {
        (Some(text), _) => Some(categorization(text)?),
        (None, true) => {
            let mut kinds: Vec<String> = Categorization::ALL.iter().map(|c| c.id().to_string()).collect();
            kinds.push("not known".to_string());
            Categorization::ALL.get(asker.choose(&format!("What kind of organization is {name}"), &kinds)?).copied()
        }
        (None, false) => None,
    };
    let country = answer(&asker, args.country.as_deref(), "Country (empty if not known)", |t| {
        Ok::<_, InvalidAnswer>(t.trim().to_string())
    })?
    .filter(|c| !c.is_empty());
    let link = (!args.links.is_empty()).then(|| args.links.join(" "));
    let links = answer(&asker, link.as_deref(), "Its website (https; empty to skip)", |t| {
        t.split_whitespace().map(scaffold::parse_link).collect::<Result<Vec<_>, _>>()
    })?
    .unwrap_or_default();
    let mut organization = scaffold::new_organization(set, &name, categorization, country, args.id.as_deref())?;
    organization.links = links;
    let path = scaffold::write_record(
        &root,
        RecordKind::Organization,
        &organization.id,
        &scaffold::organization_text(&organization),
    )?;
    let errors = check_written(global, &root, std::slice::from_ref(&path), args.common.format)?;
    eprintln!(
        "\nnext steps:\n  1. fill in what you know (uncomment the `# key = example` lines)\n  2. name it in a model: `organizations = [\"{}\"]`\n  3. flopdb fmt && flopdb check --changed-since origin/main, then commit and open a pull request",
        organization.id
    );
    Ok(if errors { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
