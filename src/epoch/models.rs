//! Rows of a models export into model and organization records.

use std::collections::{BTreeMap, BTreeSet};

use super::cells::RowReader;
use super::cells::SlashOrder;
use super::columns::{Dictionary, EpochColumn, extra_key};
use super::export_kind::ExportKind;
use super::hardware::column_order;
use super::matching::{Found, Matching};
use crate::diag::{Code, Diagnostic};
use crate::import::{CsvRow, CsvRows, CsvSource, CsvTable, Ids, Reported, Stats};
use crate::quantity::{
    ChipTime, DataSize, Dimension, Duration, Flop, Fraction, Power, format_number, readable, stated_result,
};
use crate::record::{
    Accessibility, Approach, Categorization, CodeAccessibility, Compute, Confidence, Count, DatePrecision, Domain,
    ExtraCompute, Id, Loaded, Method, Model, Notability, OneOrMany, Organization, Origin, Precision, RecordSet, Task,
    Term, TrainingData, TrainingHardware, slugify,
};
use crate::record::{loose_name_key as loose_key, name_key};

/// Less compute than any training run takes (seconds on one laptop): a
/// fine-tune or post-training value below it is a value cut short.
const MIN_PLAUSIBLE_FLOP: f64 = 1e10;

/// A model read from a row, before ids are given to what it names.
struct Draft {
    model: Model,
    dated: bool,
    line: usize,
    organizations: Vec<String>,
    categorizations: Vec<Option<Categorization>>,
    countries: Vec<Option<String>>,
    /// The cells as written, kept verbatim when they conflict with an earlier row.
    categorization_cell: Option<String>,
    country_cell: Option<String>,
    /// Lists of another length than the organizations, checked once every
    /// organization's own values are known: (column, the cell's values).
    unpaired: Vec<(EpochColumn, Vec<String>)>,
    base_model: Option<String>,
    /// The accelerators as the row names them.
    hardware_names: Vec<String>,
    /// The row's cells as written, for the columns an import may keep
    /// verbatim (`kept`).
    raw: Vec<(EpochColumn, String)>,
}

/// A model read from a row.
pub struct ImportedModel {
    pub id: String,
    pub model: Model,
    /// Whether the row gives a publication date.
    pub dated: bool,
    /// The row's line in the CSV.
    pub line: usize,
    /// The record's name before the export renamed the model (kept as an
    /// alias).
    pub renamed_from: Option<String>,
}

pub struct Imported {
    /// Each model with its id, and whether it has a publication date (only
    /// a model that is already a record can lack one: it keeps its own).
    pub models: Vec<ImportedModel>,
    pub organizations: Vec<(String, Organization)>,
    /// Rows refused (reported): new models without a publication date, and
    /// rows that claim one record equally.
    pub refused: usize,
    /// Records several rows claim equally: left as they are, not absent.
    pub held: Vec<String>,
}

/// Reads every row of a models table.
/// Reads every row of a models table, streaming: a row that cannot be a
/// record (a new model without a publication date) is refused as it is
/// read, so what is held is the models an import writes.
pub fn import_models(
    source: &CsvSource,
    rows: &mut CsvRows,
    export: &ExportKind,
    existing: &RecordSet,
    diagnostics: &mut Reported,
    stats: &mut Stats,
) -> Imported {
    let slash_order = column_order(source, EpochColumn::PublicationDate);
    let table = rows.table.clone();
    let table = &table;
    // An undated row is kept only when it may be a record already (which
    // keeps its own date); matched as `match_existing` matches.
    let existing_names: BTreeSet<String> = existing
        .models
        .values()
        .flat_map(|m| {
            let record = &m.record;
            let source = record.source.as_ref().and_then(|s| s.name.as_deref());
            [Some(record.name.as_str()), source].into_iter().flatten().flat_map(|n| [name_key(n), loose_key(n)])
        })
        .collect();
    // Organizations the records know, by every name: an unquoted cell's
    // pieces that join into one of them are that organization.
    let known_organizations: BTreeSet<String> = existing
        .organizations
        .values()
        .flat_map(|o| std::iter::once(&o.record.name).chain(&o.record.aliases).map(|n| name_key(n)))
        .collect();
    let mut drafts: Vec<Draft> = Vec::new();
    let mut refused = 0;
    while let Some(row) = rows.next_row(diagnostics) {
        let draft = read_row(table, &row, export, slash_order, &known_organizations, diagnostics, stats);
        let name = &draft.model.name;
        if draft.dated || existing_names.contains(&name_key(name)) || existing_names.contains(&loose_key(name)) {
            drafts.push(draft);
            continue;
        }
        refused += 1;
        diagnostics.push(undated(&table.path, draft.line, name));
    }
    let report = |diagnostics: &mut Reported, stats: &mut Stats, line: usize, column: EpochColumn, message: String| {
        let index = table.position(column.spellings()).map_or(1, |i| i + 1);
        stats.values_reported += 1;
        diagnostics.push(Diagnostic::new(Code::ImportValue, message).at_line(&table.path, line, index));
    };

    // Organizations: existing records are matched by name or alias; new ones
    // are made once per name, with the first categorization and country
    // given for them.
    let mut existing_orgs: BTreeMap<String, String> = BTreeMap::new();
    for (id, org) in &existing.organizations {
        for name in std::iter::once(&org.record.name).chain(&org.record.aliases) {
            existing_orgs.entry(name_key(name)).or_insert_with(|| id.clone());
        }
    }
    // New organizations never take an id a record already has.
    let mut org_ids = Ids::taken(existing.organizations.keys().cloned());
    let mut new_orgs: BTreeMap<String, (String, Organization)> = BTreeMap::new();
    let mut org_id_by_key: BTreeMap<String, String> = existing_orgs.clone();
    let mut models_out = Vec::new();
    let mut drafts_with_orgs = Vec::new();
    for mut draft in drafts {
        let mut ids = Vec::new();
        for (i, name) in draft.organizations.iter().enumerate() {
            let key = name_key(name);
            let category = draft.categorizations.get(i).copied().flatten();
            let country = draft.countries.get(i).cloned().flatten();
            let id = org_id_by_key.entry(key.clone()).or_insert_with(|| org_ids.allocate(name)).clone();
            if !existing_orgs.contains_key(&key) {
                let entry = new_orgs.entry(key).or_insert_with(|| {
                    let org = Organization {
                        name: name.clone(),
                        aliases: Vec::new(),
                        categorization: None,
                        country: None,
                        links: Vec::new(),
                        notes: None,
                    };
                    (id.clone(), org)
                });
                let org = &mut entry.1;
                match (org.categorization, category) {
                    (None, Some(c)) => org.categorization = Some(c),
                    (Some(a), Some(b)) if a != b => {
                        report(
                            diagnostics,
                            stats,
                            draft.line,
                            EpochColumn::OrganizationCategorization,
                            format!(
                                "`{name}` is categorized `{}` here and `{}` in an earlier row; the organization keeps the first, this row's cell is kept as extra",
                                b.epoch_label(),
                                a.epoch_label()
                            ),
                        );
                        keep_cell(
                            &mut draft.model,
                            EpochColumn::OrganizationCategorization,
                            &draft.categorization_cell,
                        );
                    }
                    _ => {}
                }
                match (&org.country, country) {
                    (None, Some(c)) => org.country = Some(c),
                    (Some(a), Some(b)) if *a != b => {
                        report(
                            diagnostics,
                            stats,
                            draft.line,
                            EpochColumn::Country,
                            format!(
                                "`{name}` is in `{b}` here and `{a}` in an earlier row; the organization keeps the first, this row's cell is kept as extra"
                            ),
                        );
                        keep_cell(&mut draft.model, EpochColumn::Country, &draft.country_cell);
                    }
                    _ => {}
                }
            }
            ids.extend(Id::new(&id));
        }
        draft.model.organizations = ids;
        drafts_with_orgs.push(draft);
    }
    for draft in &mut drafts_with_orgs {
        for (column, values) in std::mem::take(&mut draft.unpaired) {
            let known = |id: &str| -> Option<String> {
                let record = existing.organizations.get(id).map(|o| &o.record);
                let made = new_orgs.values().find(|(made_id, _)| made_id == id).map(|(_, o)| o);
                let org = record.or(made)?;
                match column {
                    EpochColumn::Country => org.country.clone(),
                    _ => org.categorization.map(|c| c.epoch_label().to_string()),
                }
            };
            let held: Option<BTreeSet<String>> =
                draft.model.organizations.iter().map(|id| known(id.as_str())).collect();
            let listed: BTreeSet<String> = values.iter().cloned().collect();
            // Nothing is lost when the organizations' own records hold
            // exactly the values the cell lists.
            if held.as_ref() == Some(&listed) {
                continue;
            }
            stats.values_taken = stats.values_taken.saturating_sub(1);
            report(
                diagnostics,
                stats,
                draft.line,
                column,
                format!(
                    "row at line {}, column `{}`: {} values for {} organizations, so they cannot be paired, and the organizations' records do not hold them: `{}`",
                    draft.line,
                    column.name(),
                    values.len(),
                    draft.organizations.len(),
                    values.join(",")
                ),
            );
            let cell = match column {
                EpochColumn::Country => draft.country_cell.clone(),
                _ => draft.categorization_cell.clone(),
            };
            keep_cell(&mut draft.model, column, &cell);
        }
    }

    // A row that is a model already in the repository (a re-import) keeps
    // that record's id and name, so `--force` updates it in place; a model
    // the export renamed keeps its record's id and takes the new name.
    let rows: Vec<&Model> = drafts_with_orgs.iter().map(|d| &d.model).collect();
    let matching = super::matching::match_rows(&rows, existing);
    report_matching(&matching, &drafts_with_orgs, existing, &table.path, diagnostics);
    let mut held: Vec<String> = matching.ambiguous.iter().map(|(id, _)| id.clone()).collect();
    let mut kept_drafts = Vec::with_capacity(drafts_with_orgs.len());
    let mut matched: Vec<Option<String>> = Vec::with_capacity(drafts_with_orgs.len());
    let mut renames: Vec<Option<String>> = Vec::with_capacity(drafts_with_orgs.len());
    for (mut draft, found) in drafts_with_orgs.into_iter().zip(matching.found) {
        let record = found.id().and_then(|id| existing.models.get(id));
        let mut renamed_from = None;
        match (&found, record) {
            (Found::Ambiguous, _) => {
                refused += 1;
                continue;
            }
            (Found::RenamedInExport(_), Some(record)) => renamed_from = Some(record.record.name.clone()),
            (_, Some(record)) if record.record.name != draft.model.name => {
                let original = std::mem::replace(&mut draft.model.name, record.record.name.clone());
                draft.model.source.get_or_insert_with(Origin::default).name = Some(original);
            }
            _ => {}
        }
        matched.push(found.id().map(str::to_string));
        renames.push(renamed_from);
        kept_drafts.push(draft);
    }
    let mut drafts_with_orgs = kept_drafts;
    held.sort();

    // Names: the first model of a name keeps it; a later one gets its
    // organization (or date) added, and the source's name is kept.
    let mut seen_names: BTreeMap<String, usize> = existing
        .models
        .iter()
        .filter(|(id, _)| !matched.iter().flatten().any(|m| m == *id))
        .map(|(_, m)| (name_key(&m.record.name), 0))
        .collect();
    // A row that has its record keeps the name, wherever it stands.
    for (draft, _) in drafts_with_orgs.iter().zip(&matched).filter(|(_, m)| m.is_some()) {
        seen_names.insert(name_key(&draft.model.name), 0);
    }
    for (draft, matched) in drafts_with_orgs.iter_mut().zip(&matched) {
        if matched.is_some() {
            continue;
        }
        let original = draft.model.name.clone();
        if seen_names.contains_key(&name_key(&original)) {
            let org = draft.organizations.first().cloned();
            let mut renamed = match org {
                Some(org) => format!("{original} ({org})"),
                None => format!("{original} ({})", draft.model.published),
            };
            if seen_names.contains_key(&name_key(&renamed)) {
                renamed = format!("{original} ({})", draft.model.published);
            }
            let mut n = 2;
            while seen_names.contains_key(&name_key(&renamed)) {
                renamed = format!("{original} ({}, {n})", draft.model.published);
                n += 1;
            }
            report(
                diagnostics,
                stats,
                draft.line,
                EpochColumn::Model,
                format!(
                    "another model is named `{original}`; this one is named `{renamed}`, the source's name kept in source.name"
                ),
            );
            draft.model.name = renamed;
            draft.model.source.get_or_insert_with(Origin::default).name = Some(original);
        }
        seen_names.insert(name_key(&draft.model.name), 0);
    }

    // Ids, in row order; then base models by their source name.
    let mut model_ids = Ids::taken(existing.models.keys().cloned());
    let mut id_by_source_name: BTreeMap<String, String> =
        existing.models.iter().map(|(id, m)| (name_key(&m.record.name), id.clone())).collect();
    let mut ids = Vec::new();
    for (draft, matched) in drafts_with_orgs.iter().zip(&matched) {
        let id = matched.clone().unwrap_or_else(|| model_ids.allocate(&draft.model.name));
        let source_name =
            draft.model.source.as_ref().and_then(|s| s.name.clone()).unwrap_or_else(|| draft.model.name.clone());
        id_by_source_name.entry(name_key(&source_name)).or_insert_with(|| id.clone());
        ids.push(id);
    }
    // Accelerators by the name or alias of a record that exists (Epoch's
    // `NVIDIA B200 GPUs` is the `NVIDIA B200`), else by the name's slug.
    let mut hardware_by_name: BTreeMap<String, &str> = BTreeMap::new();
    for (id, hardware) in &existing.hardware {
        for name in std::iter::once(&hardware.record.name).chain(&hardware.record.aliases) {
            hardware_by_name.entry(name_key(name)).or_insert(id);
        }
    }
    for draft in &mut drafts_with_orgs {
        if let Some(hardware) = draft.model.hardware.as_mut() {
            let id = |name: &String| match hardware_by_name.get(&name_key(name)) {
                Some(id) => Id::new(id),
                None => Id::new(&slugify(name)),
            };
            hardware.accelerator = OneOrMany(draft.hardware_names.iter().filter_map(id).collect());
        }
    }
    // The records a row's cells are compared with, for those kept verbatim.
    let mut organizations = existing.organizations.clone();
    for (id, organization) in new_orgs.values() {
        let loaded = Loaded { id: id.clone(), path: std::path::PathBuf::new(), record: organization.clone() };
        organizations.entry(id.clone()).or_insert(loaded);
    }
    let named = drafts_with_orgs.iter().flat_map(|d| d.hardware_names.iter().map(|name| (slugify(name), name.clone())));
    let compared = super::kept::import_set(organizations, &existing.hardware, named);
    for ((draft, id), renamed_from) in drafts_with_orgs.into_iter().zip(ids).zip(renames) {
        let mut model = draft.model;
        if let Some(base) = &draft.base_model {
            let resolve = |name: &str| {
                id_by_source_name.get(&name_key(name)).and_then(|b| Id::new(b)).filter(|b| b.as_str() != id)
            };
            // One name (which may hold a comma), else a list of names
            // (NVLM: `Qwen2-72B,InternViT-6B`), each a model of the table.
            let several = || -> Option<Vec<Id>> {
                let names = super::cells::split_list(base);
                (names.len() > 1).then(|| names.iter().map(|n| resolve(n.trim())).collect()).flatten()
            };
            match resolve(base).map(|one| vec![one]).or_else(several) {
                Some(base_ids) => model.base_model = OneOrMany(base_ids),
                None => {
                    report(
                        diagnostics,
                        stats,
                        draft.line,
                        EpochColumn::BaseModel,
                        format!("the base model `{base}` is not a model of this table; kept as extra.base_model"),
                    );
                    model.extra.insert("base_model".to_string(), base.clone());
                }
            }
        }
        super::kept::keep(&mut model, &draft.raw, &compared);
        models_out.push(ImportedModel { id, model, dated: draft.dated, line: draft.line, renamed_from });
    }
    Imported { models: models_out, organizations: new_orgs.into_values().collect(), refused, held }
}

/// Reports what a person should know of how rows found their records:
/// renames followed or kept, pairs that may be renames, and rows refused
/// because they claim one record equally.
fn report_matching(
    matching: &Matching,
    drafts: &[Draft],
    existing: &RecordSet,
    path: &std::path::Path,
    diagnostics: &mut Reported,
) {
    let line = |i: usize| drafts.get(i).map_or(0, |d| d.line);
    let name = |i: usize| drafts.get(i).map_or("", |d| d.model.name.as_str());
    let record = |id: &str| existing.models.get(id);
    for (i, found) in matching.found.iter().enumerate() {
        let (Found::RenamedByHand(id) | Found::RenamedInExport(id)) = found else { continue };
        let Some(loaded) = record(id) else { continue };
        let message = match found {
            Found::RenamedByHand(_) => format!(
                "row at line {}: `{}` is {id}, renamed by hand to `{}`; the record keeps its name, the export's is kept in source.name",
                line(i),
                name(i),
                loaded.record.name
            ),
            _ => format!(
                "row at line {}: `{}` is {id}, which the export called `{}`: the record takes the new name, keeps its id and the old name as an alias",
                line(i),
                name(i),
                loaded.record.name
            ),
        };
        diagnostics.push(
            Diagnostic::new(Code::Renamed, message)
                .in_file(&loaded.path)
                .with_help("nothing to do if this is right; otherwise restore the record's name by hand"),
        );
    }
    for (id, i) in &matching.uncertain {
        let Some(loaded) = record(id) else { continue };
        diagnostics.push(
            Diagnostic::new(
                Code::PossibleRename,
                format!(
                    "row at line {}: `{}` may be {id} (`{}`), whose row is gone; not merged",
                    line(*i),
                    name(*i),
                    loaded.record.name
                ),
            )
            .at_line(path, line(*i), 1)
            .with_help(format!(
                "if they are one model, give {id} the new name `{}` (the old one as an alias) and delete the new record; the next sync matches it",
                name(*i)
            )),
        );
    }
    for (id, rows) in &matching.ambiguous {
        let lines: Vec<String> = rows.iter().map(|i| format!("line {} (`{}`)", line(*i), name(*i))).collect();
        diagnostics.push(
            Diagnostic::new(
                Code::AmbiguousRows,
                format!(
                    "{} claim {id} equally: none of them is imported and the record is left as it is",
                    lines.join(" and ")
                ),
            )
            .at_line(path, rows.first().map_or(0, |i| line(*i)), 1)
            .with_help("tell the rows apart in the export, or edit the record to match its row, and sync again"),
        );
    }
}

/// Legal forms that end a company's name and are never a name alone.
const LEGAL_FORMS: [&str; 10] = ["ltd", "inc", "llc", "co", "corp", "gmbh", "limited", "plc", "s.a", "l.l.c"];

/// Joins an item that is only a legal form (`Ltd.`, `Inc (Foo)`) to the
/// company before it: Epoch's 2026 exports write `Shanghai Xingzhi
/// Technology Co., Ltd.` unquoted in a comma-separated cell, which reads as
/// two organizations, the second called `Ltd.`.
fn join_legal_forms(items: Vec<String>) -> Vec<String> {
    let mut joined: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        let first_word = item.split([' ', '(']).next().unwrap_or_default().trim_end_matches('.').to_lowercase();
        let legal_form = LEGAL_FORMS.iter().any(|form| form.trim_end_matches('.') == first_word);
        match joined.last_mut() {
            Some(company) if legal_form => {
                company.push_str(", ");
                company.push_str(&item);
            }
            _ => joined.push(item),
        }
    }
    joined
}

/// The longest run of adjacent items that an organization the records know
/// is called, joined back into one: the 2026 exports write `Booz Allen
/// Hamilton, McLean` unquoted in a comma-separated cell, which reads as two
/// organizations.
fn join_known(items: Vec<String>, known: &BTreeSet<String>) -> Vec<String> {
    /// Names of more pieces than this are not looked for.
    const MOST_PIECES: usize = 4;
    if items.len() < 2 || known.is_empty() {
        return items;
    }
    let mut joined = Vec::with_capacity(items.len());
    let mut start = 0;
    while start < items.len() {
        let longest = (2..=MOST_PIECES.min(items.len() - start)).rev().find_map(|pieces| {
            let name = items.get(start..start + pieces)?.join(", ");
            known.contains(&name_key(&name)).then_some((pieces, name))
        });
        match longest {
            Some((pieces, name)) => {
                joined.push(name);
                start += pieces;
            }
            None => {
                joined.extend(items.get(start).cloned());
                start += 1;
            }
        }
    }
    joined
}

/// A row refused for want of a publication date (E208).
pub(super) fn undated(path: &std::path::Path, line: usize, name: &str) -> Diagnostic {
    Diagnostic::new(Code::IncompleteRow, format!("row at line {line}: `{name}` has no publication date; not imported"))
        .at_line(path, line, 1)
        .with_help("a record needs its publication date: add the model by hand (`flopdb new`) once it is known")
}

/// Keeps a row's cell verbatim in the model's `extra` (once).
fn keep_cell(model: &mut Model, column: EpochColumn, cell: &Option<String>) {
    if let Some(cell) = cell {
        model.extra.entry(extra_key(column.name())).or_insert_with(|| cell.clone());
    }
}

fn read_row(
    table: &CsvTable,
    row: &CsvRow,
    export: &ExportKind,
    slash_order: SlashOrder,
    known_organizations: &BTreeSet<String>,
    diagnostics: &mut Reported,
    stats: &mut Stats,
) -> Draft {
    let mut r = RowReader::new(table, row, slash_order, diagnostics, stats);
    let line = r.line();
    let name = match r.name(EpochColumn::Model) {
        Some(name) => name,
        None => {
            let placeholder = format!("Unnamed system (line {line})");
            r.report_missing(EpochColumn::Model, &format!("no name; the record is named `{placeholder}`"));
            placeholder
        }
    };
    let mut source = Origin { dataset: Some(export.credit.clone()), ..Origin::default() };
    // A name with spaces around it (`Granite 3.2 2B `) is the record's name
    // trimmed; Epoch's other tables join on the name as written.
    source.name = r.raw(EpochColumn::Model).filter(|raw| *raw != name).map(str::to_string);
    // The 2022 tables give a year beside the date, and sometimes only a year.
    let year = r.number(EpochColumn::Year).filter(|y| y.fract() == 0.0 && (1900.0..3000.0).contains(y));
    let (published, published_precision) = match r.date(EpochColumn::PublicationDate) {
        Some((date, precision)) => (Some(date), precision),
        None => match year.and_then(|y| chrono::NaiveDate::from_ymd_opt(y as i32, 1, 1)) {
            Some(date) => (Some(date), Some(DatePrecision::Year)),
            None => (None, None),
        },
    };
    if published_precision.is_some() {
        // The source's own words for a date known only in part.
        source.published = r.peek(EpochColumn::PublicationDate).or_else(|| year.map(format_number));
    }
    let organizations = join_known(join_legal_forms(r.name_list(EpochColumn::Organization)), known_organizations);
    let categorization_cell = r.peek(EpochColumn::OrganizationCategorization);
    let country_cell = r.peek(EpochColumn::Country);
    let categorization_labels = r.list(EpochColumn::OrganizationCategorization);
    let mut unpaired = Vec::new();
    let categorizations = line_up(
        &mut r,
        &organizations,
        categorization_labels,
        EpochColumn::OrganizationCategorization,
        &mut unpaired,
        |l| Categorization::from_epoch_label(l).map(Some),
    );
    let country_labels = r.list(EpochColumn::Country);
    let countries = line_up(&mut r, &organizations, country_labels, EpochColumn::Country, &mut unpaired, |l| {
        Some(Some(l.to_string()))
    });

    let domains = r.terms::<Domain>(EpochColumn::Domain, "domain");
    let task_terms = r.terms_with(EpochColumn::Task, "task", Task::from_epoch_label);
    let notability = r.terms::<Notability>(EpochColumn::NotabilityCriteria, "notability criterion");
    let confidence = r.terms::<Confidence>(EpochColumn::Confidence, "confidence").first().copied();
    let accessibility = r.terms::<Accessibility>(EpochColumn::ModelAccessibility, "accessibility").first().copied();
    let code_accessibility =
        r.terms::<CodeAccessibility>(EpochColumn::TrainingCodeAccessibility, "code accessibility").first().copied();
    let approach = r.terms::<Approach>(EpochColumn::Approach, "approach");
    let methods = r.terms::<Method>(EpochColumn::EstimationMethod, "estimation method");
    let precision = r.terms::<Precision>(EpochColumn::NumericalFormat, "number format");
    let links = r.links(EpochColumn::Link);
    let archived_links = r.links(EpochColumn::ArchivedLinks);
    let foundation_model = r.flag(EpochColumn::FoundationModel);
    let frontier_model = r.flag(EpochColumn::FrontierModel);
    let open_weights = r.flag(EpochColumn::OpenWeights);
    let possibly_over_1e23 = r.flag(EpochColumn::PossiblyOver1e23);
    // The inference column writes `Open access (...)` where the training
    // column writes `Open (...)`: the same terms.
    let inference_code_accessibility = r
        .terms_with(EpochColumn::InferenceCodeAccessibility, "code accessibility", |label| {
            CodeAccessibility::from_epoch_label(&label.replacen("Open access", "Open", 1))
        })
        .first()
        .copied();

    let flop = |r: &mut RowReader<EpochColumn>, column: EpochColumn| -> Option<Flop> {
        let value = r.positive(column)?;
        Flop::from_flop(value).map_err(|e| r.keep(column, &e.to_string())).ok()
    };
    let quantity = |r: &mut RowReader<EpochColumn>, column: EpochColumn, unit: &str| -> Option<String> {
        r.positive(column).map(|v| format!("{} {unit}", format_number(v)))
    };
    let value = flop(&mut r, EpochColumn::TrainingCompute);
    let notes = r.text(EpochColumn::TrainingComputeNotes);
    // A figure Epoch imputed from benchmark scores, stated only in the notes:
    // the method says so, or (in an export without the method column, the
    // notable models') the notes do.
    let from_benchmarks = methods.contains(&Method::Benchmarks)
        || notes.as_deref().is_some_and(|n| n.to_lowercase().contains("benchmark"));
    let benchmark_estimate = (value.is_none() && from_benchmarks)
        .then(|| notes.as_deref().and_then(crate::quantity::benchmark_estimate_in))
        .flatten()
        .and_then(|v| Flop::from_flop(v).ok());
    let compute = Compute {
        value,
        method: OneOrMany(methods),
        notes,
        benchmark_estimate,
        lower: flop(&mut r, EpochColumn::TrainingComputeLowerBound),
        upper: flop(&mut r, EpochColumn::TrainingComputeUpperBound),
        forward_flop_per_example: None,
        backward_forward_ratio: None,
        cost_2023_usd: r.number(EpochColumn::TrainingComputeCost2023),
        cost_cloud_usd: r.number(EpochColumn::TrainingComputeCostCloud),
        cost_upfront_usd: r.number(EpochColumn::TrainingComputeCostUpfront),
        hardware_acquisition_cost_usd: r.number(EpochColumn::HardwareAcquisitionCost),
        cost_notes: r.text(EpochColumn::ComputeCostNotes),
        possibly_over_1e23,
    };
    let size = quantity(&mut r, EpochColumn::TrainingDatasetSize, "datapoints").and_then(|t| DataSize::parse(&t).ok());
    let data = TrainingData {
        datasets: r.list(EpochColumn::TrainingDataset),
        notes: r.text(EpochColumn::TrainingDatasetNotes),
        size,
        size_notes: r.text(EpochColumn::DatasetSizeNotes),
        epochs: r.positive(EpochColumn::Epochs),
        seen: None,
        batch_size: r.positive(EpochColumn::BatchSize),
        batch_size_notes: r.text(EpochColumn::BatchSizeNotes),
    };
    let hardware_names = r.list(EpochColumn::TrainingHardware);
    let count = r
        .positive(EpochColumn::HardwareQuantity)
        .and_then(|v| if v.fract() == 0.0 { Some(Count(v as u64)) } else { None });
    let fraction = |r: &mut RowReader<EpochColumn>, column: EpochColumn| {
        r.positive(column).and_then(|v| match Fraction::new(v) {
            Ok(f) => Some(f),
            Err(e) => {
                r.keep(column, &e.to_string());
                None
            }
        })
    };
    let utilization = fraction(&mut r, EpochColumn::HardwareUtilization);
    let hfu = fraction(&mut r, EpochColumn::HardwareUtilizationHfu);
    let hardware = TrainingHardware {
        accelerator: OneOrMany(hardware_names.iter().filter_map(|n| Id::new(&slugify(n))).collect()),
        count,
        duration: quantity(&mut r, EpochColumn::TrainingTime, "h").and_then(|t| Duration::parse(&t).ok()),
        duration_notes: r.text(EpochColumn::TrainingTimeNotes),
        chip_time: quantity(&mut r, EpochColumn::TrainingChipHours, "chip-hours")
            .and_then(|t| ChipTime::parse(&t).ok()),
        utilization,
        hfu,
        utilization_notes: r.text(EpochColumn::UtilizationNotes),
        precision: OneOrMany(precision),
        power_draw: r
            .positive(EpochColumn::TrainingPowerDraw)
            .and_then(|v| readable(v, Dimension::Power))
            .and_then(|t| Power::parse(&t).ok()),
        cloud_vendor: r.text(EpochColumn::CloudVendor),
        data_center: r.text(EpochColumn::DataCenter),
        notes: None,
    };
    let extra_compute =
        |r: &mut RowReader<EpochColumn>, value: EpochColumn, notes: EpochColumn| -> Option<ExtraCompute> {
            let notes = r.text(notes);
            let value = flop(r, value).and_then(|flop| {
                if flop.flop() >= MIN_PLAUSIBLE_FLOP {
                    return Some(flop);
                }
                // The notes' result, when it is the value the export cut short
                // (its first digit is the cell's).
                let leading = |v: f64| format!("{v:e}").chars().next();
                let stated = notes
                    .as_deref()
                    .and_then(stated_result)
                    .filter(|v| *v >= MIN_PLAUSIBLE_FLOP && leading(*v) == leading(flop.flop()));
                let hint =
                    stated.map(|v| format!("the notes state {} FLOP; check it and set it by hand", format_number(v)));
                r.refuse(
                    value,
                    &format!("below {} FLOP, likely cut short by the export", format_number(MIN_PLAUSIBLE_FLOP)),
                    hint,
                );
                None
            });
            let extra = ExtraCompute { value, notes };
            (extra != ExtraCompute::default()).then_some(extra)
        };
    let finetune = extra_compute(&mut r, EpochColumn::FinetuneCompute, EpochColumn::FinetuneComputeNotes);
    let post_training = extra_compute(&mut r, EpochColumn::PostTrainingCompute, EpochColumn::PostTrainingComputeNotes);
    let citations = r
        .number(EpochColumn::Citations)
        .and_then(|c| if c >= 0.0 && c.fract() == 0.0 { Some(Count(c as u64)) } else { None });
    source.last_modified = r.text(EpochColumn::LastModified);
    let model = Model {
        name,
        aliases: Vec::new(),
        distinct_from: Vec::new(),
        // Left out of the written record when unknown (see `dated`).
        published: published.unwrap_or_default(),
        published_precision,
        organizations: Vec::new(),
        authors: r.authors(EpochColumn::Authors),
        domains,
        tasks: task_terms,
        notability,
        notability_notes: r.text(EpochColumn::NotabilityCriteriaNotes),
        confidence,
        accessibility,
        code_accessibility,
        inference_code_accessibility,
        open_weights,
        accessibility_notes: r.text(EpochColumn::AccessibilityNotes),
        approach,
        foundation_model,
        frontier_model,
        base_model: OneOrMany::default(),
        reference: r.text(EpochColumn::Reference),
        links,
        archived_links,
        citations,
        abstract_text: r.text(EpochColumn::Abstract),
        parameters: r.positive(EpochColumn::Parameters),
        active_parameters: None,
        parameters_notes: r.text(EpochColumn::ParametersNotes),
        benchmark_name: r.text(EpochColumn::BenchmarkData),
        hugging_face_developer: r.text(EpochColumn::HuggingFaceDeveloper),
        notes: None,
        data: (data != TrainingData::default()).then_some(data),
        compute: (compute != Compute::default()).then_some(compute),
        hardware: (hardware != TrainingHardware::default()).then_some(hardware),
        finetune,
        post_training,
        extra: BTreeMap::new(),
        source: Some(source),
    };
    let base_model = r.text(EpochColumn::BaseModel);
    let raw = super::columns::EXPORT_2025
        .iter()
        .filter(|c| super::kept::keeps(**c))
        .filter_map(|c| Some((*c, r.raw(*c)?.to_string())))
        .collect();
    let extra = r.finish();
    let model = Model { extra, ..model };
    Draft {
        model,
        dated: published.is_some(),
        line,
        organizations,
        categorizations,
        countries,
        categorization_cell,
        country_cell,
        unpaired,
        base_model,
        hardware_names,
        raw,
    }
}

/// Lines a per-organization list up with the organizations. One value is
/// every organization's; a list of another length cannot be paired without
/// guessing, and is set aside for `check_unpaired`.
fn line_up<T>(
    r: &mut RowReader<EpochColumn>,
    organizations: &[String],
    labels: Vec<String>,
    column: EpochColumn,
    unpaired: &mut Vec<(EpochColumn, Vec<String>)>,
    parse: impl Fn(&str) -> Option<Option<T>>,
) -> Vec<Option<T>> {
    if labels.is_empty() {
        return Vec::new();
    }
    // Epoch lists a value once when every organization has it.
    let mut distinct = labels.clone();
    distinct.dedup();
    let labels = match distinct.as_slice() {
        [one] if organizations.len() > 1 => vec![one.clone(); organizations.len()],
        _ => labels,
    };
    if labels.len() != organizations.len() {
        // Checked against the organizations' own records once they are all
        // known (`check_unpaired`).
        unpaired.push((column, labels));
        return Vec::new();
    }
    let parsed: Option<Vec<Option<T>>> = labels.iter().map(|l| parse(l)).collect();
    match parsed {
        Some(values) => values,
        None => {
            r.keep(column, "an unknown value");
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_legal_form_joins_the_company_before_it() {
        let items = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            join_legal_forms(items(&["Shanghai Xingzhi Technology Co.", "Ltd.", "Peking University"])),
            items(&["Shanghai Xingzhi Technology Co., Ltd.", "Peking University"])
        );
        assert_eq!(
            join_legal_forms(items(&["Hangzhou Hikvision Co.", "Ltd. (Hikvision)"])),
            items(&["Hangzhou Hikvision Co., Ltd. (Hikvision)"])
        );
        assert_eq!(join_legal_forms(items(&["Acme", "Inc"])), items(&["Acme, Inc"]));
        // A name that only starts like one stays itself.
        assert_eq!(
            join_legal_forms(items(&["Acme", "Incubator 491", "Cohere"])),
            items(&["Acme", "Incubator 491", "Cohere"])
        );
        assert_eq!(join_legal_forms(items(&["Ltd."])), items(&["Ltd."]));
    }

    #[test]
    fn pieces_of_a_known_organization_join_back() {
        let items = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let known: BTreeSet<String> =
            ["booz allen hamilton, mclean", "nersc, lawrence berkeley national laboratory", "eleutherai"]
                .into_iter()
                .map(String::from)
                .collect();
        assert_eq!(
            join_known(items(&["EleutherAI", "Booz Allen Hamilton", "McLean"]), &known),
            items(&["EleutherAI", "Booz Allen Hamilton, McLean"])
        );
        assert_eq!(
            join_known(items(&["NERSC", "Lawrence Berkeley National Laboratory"]), &known),
            items(&["NERSC, Lawrence Berkeley National Laboratory"])
        );
        // Pieces that are no known name stay apart.
        assert_eq!(join_known(items(&["McLean", "EleutherAI"]), &known), items(&["McLean", "EleutherAI"]));
        assert_eq!(join_known(items(&["A"]), &known), items(&["A"]));
    }
}
