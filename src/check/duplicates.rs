//! Records that are likely one thing twice: two models of one model (a
//! source's rename synced as a second record, or a model added twice under
//! different names), and organizations no model references (most often the
//! old name of one that a source renamed).

use std::collections::{BTreeMap, BTreeSet};

use super::finding::Finding;
use crate::diag::{Code, Diagnostic};
use crate::document::Part;
use crate::record::{Id, Loaded, ModelSummary, RecordSet, same_model_names};

/// A bucket larger than this (thousands of models of one date and
/// organization, only in a generated tree) is not compared pair by pair.
const MOST_IN_BUCKET: usize = 500;

/// Why two models look like one.
fn likeness(a: &Loaded<ModelSummary>, b: &Loaded<ModelSummary>) -> Option<&'static str> {
    if a.record.published != b.record.published || listed(a, b) {
        return None;
    }
    let (a, b) = (&a.record, &b.record);
    let organizations = !a.organizations.is_empty() && sorted(&a.organizations) == sorted(&b.organizations);
    if organizations && a.shares_link(b) && a.figures_agree(b) && same_model_names(&a.name, &b.name) {
        return Some("the same date, organizations and link, and names of one model");
    }
    (a.same_primary_link(b) && a.same_figures(b)).then_some("the same date, primary link, compute and parameters")
}

/// One lists the other as distinct, or as its base model (a fine-tune
/// shares its base's date and paper).
fn listed(a: &Loaded<ModelSummary>, b: &Loaded<ModelSummary>) -> bool {
    let names = |m: &ModelSummary, id: &str| m.distinct_from.iter().chain(&m.base_model).any(|i| i.as_str() == id);
    names(&a.record, &b.id) || names(&b.record, &a.id)
}

fn sorted(ids: &[Id]) -> Vec<&str> {
    let mut ids: Vec<&str> = ids.iter().map(Id::as_str).collect();
    ids.sort_unstable();
    ids
}

/// Pairs of models that look like one model (W117), each reported on both.
pub fn likely_duplicate_models(set: &RecordSet, out: &mut Vec<Finding>) {
    // Candidates share a date and either their organizations or their
    // primary link: bucket by both, so no bucket compares the whole tree.
    let mut buckets: BTreeMap<(chrono::NaiveDate, String), Vec<&Loaded<ModelSummary>>> = BTreeMap::new();
    for loaded in set.model_index.values() {
        let m = &loaded.record;
        buckets.entry((m.published, format!("o:{}", sorted(&m.organizations).join(",")))).or_default().push(loaded);
        if let Some(link) = m.links.first() {
            let link = link.trim_end_matches('/').to_ascii_lowercase();
            buckets.entry((m.published, format!("l:{link}"))).or_default().push(loaded);
        }
    }
    let mut pairs: BTreeSet<(&str, &str)> = BTreeSet::new();
    for bucket in buckets.values().filter(|b| b.len() > 1 && b.len() <= MOST_IN_BUCKET) {
        for (i, a) in bucket.iter().enumerate() {
            for b in bucket.iter().skip(i + 1) {
                let key = if a.id < b.id { (a.id.as_str(), b.id.as_str()) } else { (b.id.as_str(), a.id.as_str()) };
                if pairs.contains(&key) {
                    continue;
                }
                if let Some(why) = likeness(a, b) {
                    pairs.insert(key);
                    report(a, b, why, out);
                    report(b, a, why, out);
                }
            }
        }
    }
}

fn report(this: &Loaded<ModelSummary>, other: &Loaded<ModelSummary>, why: &str, out: &mut Vec<Finding>) {
    out.push(Finding::new(
        &this.path,
        "/name",
        Part::Value,
        Diagnostic::new(
            Code::LikelyDuplicate,
            format!("`{}` and `{}` ({}) look like one model: {why}", this.record.name, other.record.name, other.id),
        )
        .with_help(format!(
            "if they are one model, keep one record, give it the other's name as an alias and delete the other; if not, add `distinct_from = [\"{}\"]` and say how they differ in the notes",
            other.id
        )),
    ));
}

/// Organizations that no model names (W118).
pub fn unreferenced_organizations(set: &RecordSet, out: &mut Vec<Finding>) {
    let used: BTreeSet<&str> =
        set.model_index.values().flat_map(|m| m.record.organizations.iter().map(Id::as_str)).collect();
    for (id, loaded) in &set.organizations {
        if used.contains(id.as_str()) {
            continue;
        }
        out.push(Finding::new(
            &loaded.path,
            "/name",
            Part::Value,
            Diagnostic::new(
                Code::UnreferencedOrganization,
                format!("no model names the organization `{}` ({id})", loaded.record.name),
            )
            .with_help("if it is another name of an organization that models name, add it to that one's aliases and delete this record; otherwise delete it, or add the models it made"),
        ));
    }
}
