//! What a contributor's typed organization or accelerator names: a record,
//! an organization created in this run, or nothing yet (with the close
//! matches to offer).

use super::{Match, NewError, NewOrganization, find_hardware, find_organization, organization_id};
use crate::record::{Categorization, RecordSet, name_key};

/// What a typed organization names.
#[derive(Debug, Clone, PartialEq)]
pub enum Named {
    /// A record, or an organization created earlier in this run.
    Known { id: String, name: String },
    /// No record: these are close, best first.
    Unknown { close: Vec<(String, String)> },
}

/// Finds the organization `typed` names, among the records and those
/// `created` in this run.
pub fn name_organization(set: &RecordSet, created: &[NewOrganization], typed: &str) -> Named {
    match find_organization(set, typed) {
        Match::Exact { id, name } => Named::Known { id, name },
        Match::Close(close) => match created.iter().find(|o| name_key(&o.name) == name_key(typed)) {
            Some(made) => Named::Known { id: made.id.clone(), name: made.name.clone() },
            None => Named::Unknown { close },
        },
    }
}

/// The organization to create for `typed`, refusing a taken name or id.
pub fn new_organization(
    set: &RecordSet,
    typed: &str,
    categorization: Option<Categorization>,
    country: Option<String>,
    wanted_id: Option<&str>,
) -> Result<NewOrganization, NewError> {
    let id = organization_id(typed, wanted_id, set)?;
    Ok(NewOrganization { id, name: typed.to_string(), categorization, country, links: Vec::new() })
}

/// The existing organizations close to `typed` (none when one is exactly it).
pub fn close_organizations(set: &RecordSet, typed: &str) -> Vec<(String, String)> {
    match find_organization(set, typed) {
        Match::Exact { id, name } => vec![(id, name)],
        Match::Close(close) => close,
    }
}

/// The accelerator `typed` names, or the error that lists close matches.
pub fn name_hardware(set: &RecordSet, typed: &str) -> Result<String, NewError> {
    match find_hardware(set, typed) {
        Match::Exact { id, .. } => Ok(id),
        Match::Close(close) => Err(NewError::UnknownHardware { typed: typed.to_string(), close }),
    }
}

/// `; close matches: a (A), b (B)`, or nothing.
pub(super) fn close_hint(close: &[(String, String)], show_names: bool) -> String {
    if close.is_empty() {
        return String::new();
    }
    let items: Vec<String> =
        close.iter().map(|(id, name)| if show_names { format!("{id} ({name})") } else { id.clone() }).collect();
    format!("; close matches: {}", items.join(", "))
}
