//! Which record a row of an export is. A sync must never put one model's
//! numbers into another's record, nor make a second record of a model it
//! already has, so a row is matched, in this order:
//!
//! 1. by the name its record was imported with (`source.name`, else the
//!    record's name), or by the digest of that name in `source.synced`
//!    when a person has renamed the record since (the record keeps its new
//!    name). Among several rows of one name, the row closest to the
//!    record's synced digests takes it; rows equally close are refused,
//!    not guessed between;
//! 2. by a name that differs only in punctuation (Epoch's `Grok-3` became
//!    `Grok 3`), when exactly one record no row names has it;
//! 3. as a rename: a record from the source whose row is gone, and a new
//!    row with its date, an organization, a link and a related name
//!    (`GPT-4` and `GPT-4 (Mar 2023)`), each the other's only such match.
//!    A pair that shares less (a close date, an organization, and a link or
//!    a related name) is reported for a person and not merged.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value as Json;

use crate::import::{digest, fields};
use crate::record::{Loaded, Model, ModelSummary, RecordSet, loose_name_key as loose_key, name_key, related_names};

/// How far apart two dates may be for a pair to be worth a person's look.
const CLOSE_DAYS: i64 = 31;

/// How a row found its record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Found {
    /// By the name the record was imported with, or one differing only in
    /// punctuation.
    Name(String),
    /// By the name it was imported with, which a person has changed since.
    RenamedByHand(String),
    /// The record of a model the export now calls by another name.
    RenamedInExport(String),
    /// Several rows of the record's name, none closer to it than another.
    Ambiguous,
    None,
}

impl Found {
    pub(super) fn id(&self) -> Option<&str> {
        match self {
            Found::Name(id) | Found::RenamedByHand(id) | Found::RenamedInExport(id) => Some(id),
            Found::Ambiguous | Found::None => None,
        }
    }
}

/// The rows' records, and what a person should look at.
#[derive(Debug, Default)]
pub(super) struct Matching {
    /// Per row.
    pub found: Vec<Found>,
    /// Records several rows claim equally, with those rows (indices): the
    /// rows are refused and the record is left as it is.
    pub ambiguous: Vec<(String, Vec<usize>)>,
    /// A record whose row is gone and a new row that may be it, not merged.
    pub uncertain: Vec<(String, usize)>,
}

/// Matches each row (a model as the export gives it, with its organizations'
/// ids) to a record of `existing`.
pub(super) fn match_rows(rows: &[&Model], existing: &RecordSet) -> Matching {
    let mut found = vec![Found::None; rows.len()];
    let mut taken: BTreeSet<&str> = BTreeSet::new();
    let ambiguous = by_names(rows, existing, &mut found, &mut taken);
    by_aliases(rows, existing, &mut found, &mut taken);
    by_loose_names(rows, existing, &mut found, &mut taken);
    let uncertain = by_renames(rows, existing, &mut found, &taken);
    Matching { found, ambiguous, uncertain }
}

/// The name a record was imported with, as names compare.
fn import_key(model: &Model) -> String {
    name_key(model.source.as_ref().and_then(|s| s.name.as_deref()).unwrap_or(&model.name))
}

fn synced(model: &Model) -> Option<&BTreeMap<String, String>> {
    model.source.as_ref().map(|s| &s.synced).filter(|s| !s.is_empty())
}

/// Digests of a row's fields, as `source.synced` keeps them.
fn row_digests(row: &Model) -> BTreeMap<String, String> {
    let json = serde_json::to_value(row).unwrap_or_default();
    fields(&json).iter().map(|(path, value)| (path.clone(), digest(value))).collect()
}

/// How many of the record's synced fields the row holds as they were
/// written, and one more for the same organizations.
fn closeness(record: &Model, row: &Model, digests: &BTreeMap<String, String>) -> usize {
    let same = synced(record).map_or(0, |s| s.iter().filter(|(path, d)| digests.get(*path) == Some(*d)).count());
    same + usize::from(record.organizations == row.organizations)
}

/// Stage 1: rows by the name their record was imported with.
fn by_names<'a>(
    rows: &[&Model],
    existing: &'a RecordSet,
    found: &mut [Found],
    taken: &mut BTreeSet<&'a str>,
) -> Vec<(String, Vec<usize>)> {
    let mut by_name: BTreeMap<String, Vec<&'a Loaded<Model>>> = BTreeMap::new();
    let mut by_name_digest: BTreeMap<&'a str, Vec<&'a Loaded<Model>>> = BTreeMap::new();
    for loaded in existing.models.values() {
        by_name.entry(import_key(&loaded.record)).or_default().push(loaded);
        // A record renamed by hand: its synced name is no longer its name.
        let record = &loaded.record;
        let has_source_name = record.source.as_ref().is_some_and(|s| s.name.is_some());
        if let Some(written) = synced(record).and_then(|s| s.get("name"))
            && !has_source_name
            && *written != digest(&Json::String(record.name.clone()))
        {
            by_name_digest.entry(written.as_str()).or_default().push(loaded);
        }
    }
    // Every (row, record) pair that names agree on, with how close they are.
    let mut pairs: Vec<(usize, usize, &'a str, bool)> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let exact = by_name.get(&name_key(&row.name)).map(Vec::as_slice).unwrap_or_default();
        let by_hand = by_name_digest.get(digest(&Json::String(row.name.clone())).as_str());
        let candidates: Vec<(&Loaded<Model>, bool)> =
            exact.iter().map(|l| (*l, false)).chain(by_hand.into_iter().flatten().map(|l| (*l, true))).collect();
        if candidates.is_empty() {
            continue;
        }
        let digests = row_digests(row);
        for (loaded, renamed) in candidates {
            pairs.push((closeness(&loaded.record, row, &digests), i, loaded.id.as_str(), renamed));
        }
    }
    // Closest first; among equals, in row order.
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    // The rows that claim a record at a closeness, looked up rather than
    // searched for each pair.
    let mut claims: BTreeMap<(&str, usize), Vec<usize>> = BTreeMap::new();
    for &(score, row, id, _) in &pairs {
        claims.entry((id, score)).or_default().push(row);
    }
    let mut ambiguous: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
    for &(score, row, id, renamed) in &pairs {
        if taken.contains(id) || found.get(row).is_some_and(|f| *f != Found::None) {
            continue;
        }
        let rivals: Vec<usize> = claims
            .get(&(id, score))
            .into_iter()
            .flatten()
            .copied()
            .filter(|r| *r != row && found.get(*r).is_some_and(|f| *f == Found::None))
            .collect();
        if !rivals.is_empty() {
            let rows = ambiguous.entry(id).or_default();
            rows.insert(row);
            for r in rivals {
                rows.insert(r);
            }
            for &r in rows.iter() {
                if let Some(f) = found.get_mut(r) {
                    *f = Found::Ambiguous;
                }
            }
            taken.insert(id);
            continue;
        }
        if let Some(f) = found.get_mut(row) {
            *f = if renamed { Found::RenamedByHand(id.to_string()) } else { Found::Name(id.to_string()) };
        }
        taken.insert(id);
    }
    ambiguous.into_iter().map(|(id, rows)| (id.to_string(), rows.into_iter().collect())).collect()
}

/// Stage 1b: a row whose name is the current name or an alias of one record
/// (the name before a rename followed or merged by hand, or the name the
/// record took from a later export): a sync of an older export finds the
/// record, not a place for a second one.
fn by_aliases<'a>(rows: &[&Model], existing: &'a RecordSet, found: &mut [Found], taken: &mut BTreeSet<&'a str>) {
    let mut by_alias: BTreeMap<String, Vec<&'a str>> = BTreeMap::new();
    for (id, loaded) in &existing.models {
        for alias in std::iter::once(&loaded.record.name).chain(&loaded.record.aliases) {
            by_alias.entry(name_key(alias)).or_default().push(id.as_str());
        }
    }
    take_the_only_one(rows, found, taken, |row| by_alias.get(&name_key(&row.name)).cloned().unwrap_or_default());
}

/// Stage 2: a name that differs only in punctuation, when one record that no
/// row names exactly has it.
fn by_loose_names<'a>(rows: &[&Model], existing: &'a RecordSet, found: &mut [Found], taken: &mut BTreeSet<&'a str>) {
    let mut by_loose: BTreeMap<String, Vec<&'a str>> = BTreeMap::new();
    for (id, loaded) in &existing.models {
        by_loose.entry(loose_key(&import_key(&loaded.record))).or_default().push(id.as_str());
    }
    let exact_names: BTreeSet<String> = rows.iter().map(|r| name_key(&r.name)).collect();
    take_the_only_one(rows, found, taken, |row| {
        let candidates = by_loose.get(&loose_key(&row.name)).into_iter().flatten().copied();
        // A record another row names exactly is that row's; one this row
        // names exactly (its source name is another export's spelling) is
        // this row's.
        candidates
            .filter(|id| {
                existing.models.get(*id).is_some_and(|m| {
                    let own = name_key(&m.record.name);
                    own == name_key(&row.name) || !exact_names.contains(&own)
                })
            })
            .collect()
    });
}

/// Gives each row still without a record the one record among its
/// candidates that no row has taken; none when there are several.
fn take_the_only_one<'a>(
    rows: &[&Model],
    found: &mut [Found],
    taken: &mut BTreeSet<&'a str>,
    candidates: impl Fn(&Model) -> Vec<&'a str>,
) {
    for (row, slot) in rows.iter().zip(found.iter_mut()) {
        if *slot != Found::None {
            continue;
        }
        let free: Vec<&str> = candidates(row).into_iter().filter(|id| !taken.contains(id)).collect();
        if let [one] = free.as_slice() {
            *slot = Found::Name(one.to_string());
            taken.insert(one);
        }
    }
}

/// How much a record and a new row share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kinship {
    /// Same date, an organization, a link and a related name, and no figure
    /// that differs: the same model renamed.
    Same,
    /// A close date, an organization, and a link or a related name.
    Perhaps,
    Strangers,
}

fn kinship(record: &ModelSummary, row: &ModelSummary) -> Kinship {
    let days = (record.published - row.published).num_days().abs();
    let organization = record.organizations.iter().any(|o| row.organizations.contains(o));
    if days > CLOSE_DAYS || !organization || !record.figures_agree(row) {
        return Kinship::Strangers;
    }
    let link = record.shares_link(row);
    let named = related_names(&record.name, &row.name);
    match (days == 0 && link && named, link || named) {
        (true, _) => Kinship::Same,
        (false, true) => Kinship::Perhaps,
        (false, false) => Kinship::Strangers,
    }
}

/// Stage 3: renames, between records of the source that no row matched and
/// rows that matched no record.
fn by_renames(
    rows: &[&Model],
    existing: &RecordSet,
    found: &mut [Found],
    taken: &BTreeSet<&str>,
) -> Vec<(String, usize)> {
    let orphans: Vec<&Loaded<Model>> =
        existing.models.values().filter(|l| !taken.contains(l.id.as_str()) && synced(&l.record).is_some()).collect();
    let fresh: Vec<usize> = (0..rows.len()).filter(|i| found.get(*i) == Some(&Found::None)).collect();
    if orphans.is_empty() || fresh.is_empty() {
        return Vec::new();
    }
    // Rows by date, so each record looks at the rows near its own.
    let mut by_date: BTreeMap<chrono::NaiveDate, Vec<usize>> = BTreeMap::new();
    for &i in &fresh {
        if let Some(row) = rows.get(i) {
            by_date.entry(row.published).or_default().push(i);
        }
    }
    let mut same: Vec<(&str, usize)> = Vec::new();
    let mut perhaps: Vec<(String, usize)> = Vec::new();
    let summaries: BTreeMap<usize, ModelSummary> =
        fresh.iter().filter_map(|&i| Some((i, ModelSummary::of(rows.get(i)?)))).collect();
    for loaded in &orphans {
        let record = ModelSummary::of(&loaded.record);
        let window = chrono::Duration::days(CLOSE_DAYS);
        for &i in by_date.range(record.published - window..=record.published + window).flat_map(|(_, v)| v) {
            match summaries.get(&i).map(|row| kinship(&record, row)) {
                Some(Kinship::Same) => same.push((loaded.id.as_str(), i)),
                Some(Kinship::Perhaps) => perhaps.push((loaded.id.clone(), i)),
                _ => {}
            }
        }
    }
    // A rename is followed when the record and the row are each other's one
    // closest match; the rest is for a person.
    let closest = |id: &str, i: usize| {
        let record = existing.models.get(id).map(|l| &l.record);
        let row = rows.get(i);
        record.zip(row).map_or(0, |(record, row)| closeness(record, row, &row_digests(row)))
    };
    let scored: Vec<(&str, usize, usize)> = same.iter().map(|&(id, i)| (id, i, closest(id, i))).collect();
    let best_of = |keep: &dyn Fn(&(&str, usize, usize)) -> bool| -> Vec<(&str, usize, usize)> {
        let candidates: Vec<_> = scored.iter().copied().filter(keep).collect();
        let top = candidates.iter().map(|c| c.2).max().unwrap_or(0);
        candidates.into_iter().filter(|c| c.2 == top).collect()
    };
    for &(id, i, _) in &scored {
        let for_record = best_of(&|c| c.0 == id);
        let for_row = best_of(&|c| c.1 == i);
        let unique = matches!(for_record.as_slice(), [(_, r, _)] if *r == i)
            && matches!(for_row.as_slice(), [(r, _, _)] if *r == id);
        if unique && let Some(slot) = found.get_mut(i) {
            *slot = Found::RenamedInExport(id.to_string());
        } else {
            perhaps.push((id.to_string(), i));
        }
    }
    let followed: BTreeSet<&str> = found
        .iter()
        .filter_map(|f| match f {
            Found::RenamedInExport(id) => Some(id.as_str()),
            _ => None,
        })
        .collect();
    perhaps.retain(|(id, i)| !followed.contains(id.as_str()) && found.get(*i) == Some(&Found::None));
    perhaps.sort();
    perhaps.dedup();
    perhaps
}
