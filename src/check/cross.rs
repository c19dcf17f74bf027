//! Rules across records: references resolve, names are unique per kind.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::finding::Finding;
use crate::diag::{Code, Diagnostic};
use crate::document::Part;
use crate::record::{Loaded, RecordKind, RecordSet, loose_name_key, name_key};

// How many ids, in all, the "did you mean" of dangling references may
// compare: a suggestion costs a comparison with every record of the kind,
// and a tree with thousands of dangling references must not make the check
// take hours. Past it, the help says what to do without a suggestion.
use crate::limits::SUGGESTION_BUDGET;

/// Every id a model names (organizations, base model, accelerators) must
/// be a record of that kind.
pub fn references(set: &RecordSet, out: &mut Vec<Finding>) {
    references_within(set, out, SUGGESTION_BUDGET);
}

fn references_within(set: &RecordSet, out: &mut Vec<Finding>, mut budget: usize) {
    let out = &mut Dangling { out, budget: &mut budget };
    for loaded in set.model_index.values() {
        let m = &loaded.record;
        for (i, org) in m.organizations.iter().enumerate() {
            dangling(
                &set.organizations,
                organization_names,
                org.as_str(),
                RecordKind::Organization,
                loaded,
                &format!("/organizations/{i}"),
                out,
            );
        }
        for (i, base) in m.base_model.iter().enumerate() {
            let pointer = if m.base_model.len() == 1 { "/base_model".to_string() } else { format!("/base_model/{i}") };
            dangling(&set.model_index, summary_names, base.as_str(), RecordKind::Model, loaded, &pointer, out);
        }
        for (i, other) in m.distinct_from.iter().enumerate() {
            let pointer = format!("/distinct_from/{i}");
            dangling(&set.model_index, summary_names, other.as_str(), RecordKind::Model, loaded, &pointer, out);
        }
        let many = m.accelerators.len() > 1;
        for (i, accelerator) in m.accelerators.iter().enumerate() {
            let pointer = if many { format!("/hardware/accelerator/{i}") } else { "/hardware/accelerator".to_string() };
            dangling(&set.hardware, hardware_names, accelerator.as_str(), RecordKind::Hardware, loaded, &pointer, out);
        }
    }
}

/// The files of the models that reference one of `touched` (an
/// organization, accelerator or base model, by kind and id).
pub fn referencing(set: &RecordSet, touched: &BTreeSet<(RecordKind, String)>) -> Vec<PathBuf> {
    if touched.is_empty() {
        return Vec::new();
    }
    let hit = |kind: RecordKind, id: &str| touched.contains(&(kind, id.to_string()));
    set.model_index
        .values()
        .filter(|loaded| {
            let m = &loaded.record;
            m.organizations.iter().any(|o| hit(RecordKind::Organization, o.as_str()))
                || m.base_model.iter().any(|b| hit(RecordKind::Model, b.as_str()))
                || m.accelerators.iter().any(|a| hit(RecordKind::Hardware, a.as_str()))
        })
        .map(|loaded| loaded.path.clone())
        .collect()
}

/// Where dangling references go, with what is left of the suggestion budget.
struct Dangling<'a> {
    out: &'a mut Vec<Finding>,
    budget: &'a mut usize,
}

fn organization_names(o: &Loaded<crate::record::Organization>) -> Vec<&str> {
    o.record.names()
}

fn hardware_names(h: &Loaded<crate::record::Hardware>) -> Vec<&str> {
    h.record.names()
}

fn summary_names(m: &Loaded<crate::record::ModelSummary>) -> Vec<&str> {
    std::iter::once(m.record.name.as_str()).chain(m.record.aliases.iter().map(String::as_str)).collect()
}

#[allow(clippy::too_many_arguments)]
fn dangling<V, T>(
    records: &BTreeMap<String, V>,
    names: impl Fn(&V) -> Vec<&str>,
    wanted: &str,
    kind: RecordKind,
    loaded: &Loaded<T>,
    pointer: &str,
    found: &mut Dangling,
) {
    // A map lookup: a scan of every id for every reference made the check
    // quadratic in the number of models.
    if records.contains_key(wanted) {
        return;
    }
    // The suggester of `new` and `estimate`: a name or alias typed for an
    // id is found, and a chip of another family is never offered.
    let suggestion = if *found.budget >= records.len() {
        *found.budget -= records.len();
        let candidates = records.iter().map(|(id, record)| (id.as_str(), names(record)));
        crate::suggest::lookup(candidates, wanted).best().map(|(id, _)| id.to_string())
    } else {
        None
    };
    let out = &mut *found.out;
    let help = match suggestion {
        Some(near) => format!("did you mean `{near}`? (records/{}/{near}.toml)", kind.folder()),
        None => format!(
            "create records/{}/{wanted}.toml (`flopdb new {}`), or fix the id",
            kind.folder(),
            match kind {
                RecordKind::Model => "model",
                RecordKind::Organization => "organization",
                RecordKind::Hardware => "hardware",
            }
        ),
    };
    out.push(Finding::new(
        &loaded.path,
        pointer,
        Part::Value,
        Diagnostic::new(Code::DanglingReference, format!("no {kind} record has the id `{wanted}`")).with_help(help),
    ));
}

/// A name or alias of a record, for the duplicate check.
struct NameEntry {
    id: String,
    path: PathBuf,
    pointer: String,
    name: String,
}

fn name_entries<T>(
    records: &BTreeMap<String, Loaded<T>>,
    names: impl Fn(&T) -> (&String, &[String]),
) -> Vec<NameEntry> {
    let mut list = Vec::new();
    for (id, loaded) in records {
        let (name, aliases) = names(&loaded.record);
        let entry = |pointer: String, name: &String| NameEntry {
            id: id.clone(),
            path: loaded.path.clone(),
            pointer,
            name: name.clone(),
        };
        list.push(entry("/name".to_string(), name));
        list.extend(aliases.iter().enumerate().map(|(i, alias)| entry(format!("/aliases/{i}"), alias)));
    }
    list
}

/// Two records of a kind sharing a name or alias. Each clash is reported
/// on every record involved, naming the others.
pub fn duplicate_names(set: &RecordSet, out: &mut Vec<Finding>) {
    let kinds = [
        (RecordKind::Model, name_entries(&set.model_index, |m| (&m.name, &m.aliases))),
        (RecordKind::Organization, name_entries(&set.organizations, |o| (&o.name, &o.aliases))),
        (RecordKind::Hardware, name_entries(&set.hardware, |h| (&h.name, &h.aliases))),
    ];
    for (kind, entries) in kinds {
        for holders in groups_sharing(&entries, name_key) {
            for entry in &holders {
                let mut others: Vec<&str> =
                    holders.iter().filter(|h| h.id != entry.id).map(|h| h.id.as_str()).collect();
                others.dedup();
                // A record whose alias repeats its own name is no clash.
                if others.is_empty() {
                    continue;
                }
                let list = others.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", ");
                out.push(Finding::new(
                    &entry.path,
                    entry.pointer.as_str(),
                    Part::Value,
                    Diagnostic::new(
                        Code::DuplicateName,
                        format!("the {kind} name `{}` is also used by {list}", entry.name),
                    )
                    .with_help("merge the records, or make the names distinct"),
                ));
            }
        }
        near_duplicates(kind, &entries, out);
    }
}

/// The entries whose names share a key, in groups of two or more, in key
/// order. A blank key is left out: a blank name is its own error (E013), not a
/// clash with other blanks.
fn groups_sharing(entries: &[NameEntry], key: fn(&str) -> String) -> Vec<Vec<&NameEntry>> {
    let mut groups: BTreeMap<String, Vec<&NameEntry>> = BTreeMap::new();
    for entry in entries {
        let key = key(&entry.name);
        if !key.is_empty() {
            groups.entry(key).or_default().push(entry);
        }
    }
    groups.into_values().filter(|group| group.len() > 1).collect()
}

/// Names that differ only in case, spacing and punctuation (`Qwen3 32B`
/// beside `Qwen3-32B`): most likely one model added twice.
fn near_duplicates(kind: RecordKind, entries: &[NameEntry], out: &mut Vec<Finding>) {
    for holders in groups_sharing(entries, loose_name_key) {
        for entry in &holders {
            // Other records whose name is not the same one (that is E016's).
            let mut others: Vec<(&str, &str)> = holders
                .iter()
                .filter(|h| h.id != entry.id && name_key(&h.name) != name_key(&entry.name))
                .map(|h| (h.id.as_str(), h.name.as_str()))
                .collect();
            others.dedup();
            if others.is_empty() {
                continue;
            }
            let list = others.iter().map(|(id, name)| format!("`{name}` ({id})")).collect::<Vec<_>>().join(", ");
            out.push(Finding::new(
                &entry.path,
                entry.pointer.as_str(),
                Part::Value,
                Diagnostic::new(
                    Code::NearDuplicateName,
                    format!("the {kind} name `{}` differs from {list} only in case, spacing or punctuation", entry.name),
                )
                .with_help("if they are one model, merge the records (keep the other name as an alias); if not, say how they differ in the names"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Model, Organization};

    fn set(models: usize) -> RecordSet {
        let mut set = RecordSet::default();
        let org: Organization = serde_json::from_value(serde_json::json!({ "name": "OpenAI" })).unwrap();
        set.organizations.insert("openai".into(), Loaded { id: "openai".into(), path: "o".into(), record: org });
        for i in 0..models {
            let model: Model = serde_json::from_value(serde_json::json!({
                "name": format!("m{i}"), "published": "2020-01-01", "organizations": ["opena"]
            }))
            .unwrap();
            set.insert(&format!("m{i}"), format!("m{i}.toml").into(), crate::record::Record::Model(Box::new(model)));
        }
        set
    }

    fn helps(set: &RecordSet, budget: usize) -> Vec<String> {
        let mut out = Vec::new();
        references_within(set, &mut out, budget);
        out.iter().map(|f| f.diagnostic.help.clone().unwrap_or_default()).collect()
    }

    #[test]
    fn suggestions_stop_when_the_budget_is_spent() {
        // Regression: 13,790 dangling references among 100,000 models took
        // over 14 minutes to check, each compared with every id.
        let set = set(3);
        let all = helps(&set, SUGGESTION_BUDGET);
        assert!(all.iter().all(|h| h.starts_with("did you mean `openai`?")), "{all:?}");
        let two = helps(&set, 2);
        assert_eq!(two.iter().filter(|h| h.starts_with("did you mean")).count(), 2, "{two:?}");
        assert!(
            two.iter()
                .any(|h| h == "create records/organizations/opena.toml (`flopdb new organization`), or fix the id"),
            "{two:?}"
        );
    }
}
