//! `new`: a scaffolded record from a contributor's answers. The answers are
//! checked one at a time (so a prompt can ask again), the record is written
//! in canonical form with the `#:schema` line and commented placeholders for
//! what is still unknown, and ids and names already taken are refused.

mod answers;
mod hardware;
mod named;
mod suggest;

pub use answers::{
    ComputeSource, InvalidAnswer, check_active_parameters, parse_chips, parse_date, parse_domains, parse_link,
    parse_parameters, parse_positive, parse_precision, parse_quantity,
};
pub use hardware::{NewHardware, PEAK_KEYS, hardware_id, hardware_text, parse_hardware_kind, parse_peak};
pub use named::{Named, close_organizations, name_hardware, name_organization, new_organization};
pub use suggest::{Match, find_hardware, find_organization};

use std::fmt::Write;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::format::format_record;
use crate::quantity::format_number;
use crate::record::name_key;
use crate::record::{Categorization, Domain, Precision, RecordKind, RecordSet, Term};

/// The answers for a new model record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewModel {
    pub name: String,
    pub published: Option<NaiveDate>,
    /// Organization ids (existing, or created alongside).
    pub organizations: Vec<String>,
    pub domains: Vec<Domain>,
    pub parameters: Option<f64>,
    /// For a mixture of experts: parameters active per token.
    pub active_parameters: Option<f64>,
    /// A dataset size as written: `300e9 tokens`.
    pub data_size: Option<String>,
    /// What training went through, as written: `250e9 tokens`.
    pub data_seen: Option<String>,
    /// A FLOP count as written: `3.14e23 FLOP`.
    pub compute: Option<String>,
    /// The accelerator's record id.
    pub hardware: Option<String>,
    pub chips: Option<u64>,
    /// A duration as written: `34 days`.
    pub training_time: Option<String>,
    /// Accelerator time as written: `2.1e6 chip-hours`.
    pub chip_time: Option<String>,
    /// As written: `40%`.
    pub utilization: Option<String>,
    pub precision: Option<Precision>,
    pub links: Vec<String>,
}

/// An organization to create with the model.
#[derive(Debug, Clone, PartialEq)]
pub struct NewOrganization {
    pub id: String,
    pub name: String,
    pub categorization: Option<Categorization>,
    pub country: Option<String>,
    pub links: Vec<String>,
}

/// Why a record cannot be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NewError {
    #[error("a {kind} is already called `{name}` ({path})")]
    NameTaken { kind: RecordKind, name: String, path: String },
    #[error("{path} already exists")]
    IdTaken { path: String },
    #[error(
        "`{0}` gives no id: a record's id (its file name) is made of the name's ASCII letters and digits, and this name has none; pass one with --id, such as --id my-model-7b"
    )]
    NoId(String),
    #[error("`{0}` is not an id: ids are lowercase ASCII letters, digits and single hyphens, such as my-model-7b")]
    BadId(String),
    #[error(
        "no organization record is called `{typed}`{}. Pass an id, or add --create-organizations to create it",
        named::close_hint(close, true)
    )]
    UnknownOrganization { typed: String, close: Vec<(String, String)> },
    #[error(
        "no hardware record is `{typed}`{}. Give one of those ids, add the chip first (`flopdb new hardware --name \"{typed}\"`), or leave the hardware out",
        named::close_hint(close, false)
    )]
    UnknownHardware { typed: String, close: Vec<(String, String)> },
    #[error(
        "`{typed}` was not created: it is close to {}. If it is one of them, give its id; if it is another one, {}",
        named::close_hint(close, true).trim_start_matches("; close matches: "),
        if *on_its_own { "pass --distinct".to_string() } else { format!("create it on its own with `flopdb new {kind} --name \"{typed}\"`") }
    )]
    CloseToExisting { kind: RecordKind, typed: String, close: Vec<(String, String)>, on_its_own: bool },
    #[error("cannot write {path}: {message}")]
    Write { path: String, message: String },
}

/// Writes the new records under `root`, organizations first (the model
/// refers to them), each refused if its file exists. Returns the paths
/// written, relative to the root.
pub fn write_records(
    root: &std::path::Path,
    model_id: &str,
    model: &NewModel,
    organizations: &[NewOrganization],
) -> Result<Vec<PathBuf>, NewError> {
    let files = organizations
        .iter()
        .map(|o| (RecordKind::Organization, o.id.as_str(), organization_text(o)))
        .chain(std::iter::once((RecordKind::Model, model_id, model_text(model))));
    files.map(|(kind, id, text)| write_record(root, kind, id, &text)).collect()
}

/// Writes one new record (refused if its file exists). Returns its path,
/// relative to the root.
pub fn write_record(root: &std::path::Path, kind: RecordKind, id: &str, text: &str) -> Result<PathBuf, NewError> {
    let path = record_path(kind, id);
    let write_error = |e: std::io::Error| NewError::Write { path: path.display().to_string(), message: e.to_string() };
    // A tree made by an import of models has no hardware folder yet.
    if let Some(folder) = root.join(&path).parent() {
        std::fs::create_dir_all(folder).map_err(write_error)?;
    }
    crate::fsio::write_new(&root.join(&path), text.as_bytes(), false).map_err(write_error)?;
    Ok(path)
}

/// The id a new model's name gives, refusing a name, alias or id already taken.
pub fn model_id(name: &str, wanted: Option<&str>, set: &RecordSet) -> Result<String, NewError> {
    let names = set.models.values().map(|m| (std::iter::once(&m.record.name).chain(&m.record.aliases), &m.path));
    free_id(RecordKind::Model, name, wanted, names, |id| set.models.contains_key(id))
}

/// The id for a new organization, refusing a name, alias or id already taken.
pub fn organization_id(name: &str, wanted: Option<&str>, set: &RecordSet) -> Result<String, NewError> {
    let names = set.organizations.values().map(|o| (std::iter::once(&o.record.name).chain(&o.record.aliases), &o.path));
    free_id(RecordKind::Organization, name, wanted, names, |id| set.organizations.contains_key(id))
}

/// The slug of `name`, if neither the name (by any record's names) nor the
/// slug (by `taken`) is in use.
pub(crate) fn free_id<'a, N>(
    kind: RecordKind,
    name: &str,
    wanted: Option<&str>,
    records: impl Iterator<Item = (N, &'a PathBuf)>,
    taken: impl Fn(&str) -> bool,
) -> Result<String, NewError>
where
    N: IntoIterator<Item = &'a String>,
{
    let id = match wanted {
        Some(id) if crate::record::is_valid_id(id) => id.to_string(),
        Some(id) => return Err(NewError::BadId(id.to_string())),
        // `日本語モデル` or `!!!`: no letter an id can hold (it was `unnamed`).
        None => crate::record::slug(name).ok_or_else(|| NewError::NoId(name.to_string()))?,
    };
    let key = name_key(name);
    for (names, path) in records {
        if names.into_iter().any(|n| name_key(n) == key) {
            return Err(NewError::NameTaken { kind, name: name.to_string(), path: path.display().to_string() });
        }
    }
    if taken(&id) {
        return Err(NewError::IdTaken { path: record_path(kind, &id).display().to_string() });
    }
    Ok(id)
}

pub(crate) fn quoted(text: &str) -> String {
    toml_edit::Value::from(text).to_string()
}

pub(crate) fn list<S: AsRef<str>>(items: &[S]) -> String {
    format!("[{}]", items.iter().map(|s| quoted(s.as_ref())).collect::<Vec<_>>().join(", "))
}

/// A line: the value when known, else the commented placeholder.
pub(crate) fn line(out: &mut String, key: &str, value: Option<String>, placeholder: &str) {
    let _ = match value {
        Some(value) => writeln!(out, "{key} = {value}"),
        None => writeln!(out, "# {key} = {placeholder}"),
    };
}

/// The text of the new model record: canonical, with the schema line, and
/// each field a curator should fill in present as a commented example.
pub fn model_text(model: &NewModel) -> String {
    let mut out = String::new();
    line(&mut out, "name", Some(quoted(&model.name)), "");
    line(&mut out, "published", model.published.map(|d| d.to_string()), "2024-01-31");
    line(
        &mut out,
        "organizations",
        (!model.organizations.is_empty()).then(|| list(&model.organizations)),
        "[\"organization-id\"]",
    );
    let domains: Vec<&str> = model.domains.iter().map(|d| d.id()).collect();
    line(&mut out, "domains", (!domains.is_empty()).then(|| list(&domains)), "[\"language\"]");
    line(&mut out, "tasks", None, "[\"language-modeling-generation\"]");
    line(&mut out, "notability", None, "[\"sota-improvement\"]");
    line(&mut out, "confidence", None, "\"likely\" # confident, likely or speculative");
    line(&mut out, "links", (!model.links.is_empty()).then(|| list(&model.links)), "[\"https://arxiv.org/abs/...\"]");
    line(&mut out, "parameters", model.parameters.map(format_number), "7e9");
    line(
        &mut out,
        "active_parameters",
        model.active_parameters.map(format_number),
        "2.2e10 # a mixture of experts: parameters active per token",
    );

    out.push_str("\n[data]\n");
    line(&mut out, "size", model.data_size.as_deref().map(quoted), "\"2e12 tokens\"");
    line(&mut out, "epochs", None, "1");
    line(
        &mut out,
        "seen",
        model.data_seen.as_deref().map(quoted),
        "\"2.5e11 tokens\" # what training went through, when stated: used instead of size x epochs",
    );

    out.push_str("\n[compute]\n");
    line(
        &mut out,
        "value",
        model.compute.as_deref().map(quoted),
        "\"3.14e23 FLOP\" # as stated; else flopdb estimates",
    );
    let method = match (&model.compute, &model.hardware) {
        (Some(_), _) => Some("reported"),
        (None, Some(_)) => Some("hardware"),
        (None, None) if model.parameters.is_some() && (model.data_size.is_some() || model.data_seen.is_some()) => {
            Some("operation-counting")
        }
        _ => None,
    };
    line(&mut out, "method", method.map(quoted), "\"reported\"");
    line(&mut out, "notes", None, "\"where the figure comes from: a table, a page, a calculation\"");

    out.push_str("\n[hardware]\n");
    line(&mut out, "accelerator", model.hardware.as_deref().map(quoted), "\"nvidia-a100-sxm4-80-gb\"");
    line(&mut out, "count", model.chips.map(|c| c.to_string()), "1024");
    line(&mut out, "duration", model.training_time.as_deref().map(quoted), "\"34 days\"");
    line(&mut out, "chip_time", model.chip_time.as_deref().map(quoted), "\"3.55e6 chip-hours\"");
    line(&mut out, "utilization", model.utilization.as_deref().map(quoted), "\"40%\"");
    line(&mut out, "precision", model.precision.map(|p| quoted(p.id())), "\"bf16\"");
    canonical(RecordKind::Model, &out)
}

/// The text of a new organization record.
pub fn organization_text(organization: &NewOrganization) -> String {
    let mut out = String::new();
    line(&mut out, "name", Some(quoted(&organization.name)), "");
    line(
        &mut out,
        "categorization",
        organization.categorization.map(|c| quoted(c.id())),
        "\"industry\" # industry, academia, government or research-collective",
    );
    line(&mut out, "country", organization.country.as_deref().map(quoted), "\"United States of America\"");
    line(&mut out, "links", (!organization.links.is_empty()).then(|| list(&organization.links)), "[\"https://...\"]");
    canonical(RecordKind::Organization, &out)
}

/// Through `fmt`, so that a new record is already formatted.
pub(crate) fn canonical(kind: RecordKind, text: &str) -> String {
    format_record(kind, text).unwrap_or_else(|_| text.to_string())
}

/// The file a new record goes to.
pub fn record_path(kind: RecordKind, id: &str) -> PathBuf {
    PathBuf::from(crate::repo::RECORDS_DIR).join(kind.folder()).join(format!("{id}.toml"))
}

/// Each commented placeholder of a scaffold (`# key = example`), and the
/// text with that one line uncommented: what CONTRIBUTING asks a
/// contributor to do.
#[cfg(test)]
pub(crate) fn each_placeholder_uncommented(text: &str) -> Vec<(String, String)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let uncommented = line.strip_prefix("# ").filter(|l| l.contains(" = "))?;
            let edited = text
                .lines()
                .enumerate()
                .map(|(j, l)| if j == i { format!("{uncommented}\n") } else { format!("{l}\n") })
                .collect();
            Some((line.to_string(), edited))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: placeholders had two spaces before their comment, so
    /// uncommenting one, as CONTRIBUTING says, failed `fmt --check`.
    #[test]
    fn every_placeholder_uncommented_is_already_formatted() {
        let model =
            NewModel { name: "M".into(), published: NaiveDate::from_ymd_opt(2024, 2, 1), ..NewModel::default() };
        let organization =
            NewOrganization { id: "o".into(), name: "O".into(), categorization: None, country: None, links: vec![] };
        for (kind, text) in
            [(RecordKind::Model, model_text(&model)), (RecordKind::Organization, organization_text(&organization))]
        {
            let variants = each_placeholder_uncommented(&text);
            for (line, edited) in &variants {
                assert_eq!(&format_record(kind, edited).unwrap(), edited, "uncommenting {line:?}");
            }
            assert!(variants.len() >= 3, "{text}");
        }
    }

    #[test]
    fn a_new_record_is_formatted_and_reads_back() {
        let model = NewModel {
            name: "Test \"Model\"".into(),
            published: NaiveDate::from_ymd_opt(2024, 2, 1),
            organizations: vec!["openai".into()],
            domains: vec![Domain::Language],
            parameters: Some(7e9),
            data_size: Some("2e12 tokens".into()),
            ..NewModel::default()
        };
        let text = model_text(&model);
        assert!(text.starts_with("#:schema ../../schema/model.schema.json\nname = 'Test \"Model\"'\n"), "{text}");
        assert!(text.contains("parameters = 7e9\n"), "{text}");
        assert!(text.contains("method = \"operation-counting\""), "{text}");
        assert!(text.contains("# accelerator = \"nvidia-a100-sxm4-80-gb\""), "{text}");
        assert_eq!(format_record(RecordKind::Model, &text).unwrap(), text, "already formatted");
        let parsed: toml_edit::DocumentMut = text.parse().unwrap();
        assert_eq!(parsed["data"]["size"].as_str(), Some("2e12 tokens"));
    }
}
