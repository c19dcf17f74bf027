//! Models in Epoch AI's own layout: the 57 columns of the 2025 "All ML
//! Systems" export, filled from the records, so notebooks written for
//! Epoch's file read flopdb's. A cell the importer could not map (kept in
//! the record's `extra`) is written back verbatim, and so is a cell the
//! import kept as the source wrote it (`kept`). The base model's name needs
//! every model: the build fills it in through `complete`.

use uom::si::time::hour;

use super::columns::{Dictionary, EXPORT_2025, EpochColumn, extra_key};
use crate::dataset::cell::Cell;
use crate::dataset::layout::{Complete, ModelsLayout};
use crate::dataset::models::ModelRow;
use crate::dataset::table::{Field, FieldType, Table};
use crate::quantity::format_number;
use crate::record::{Model, RecordSet, Term};

/// Epoch's layout of `models.csv` (`build --layout epoch`).
pub struct EpochLayout;

impl ModelsLayout for EpochLayout {
    fn name(&self) -> &'static str {
        "epoch"
    }

    fn table(&self) -> Table {
        let fields = EXPORT_2025
            .iter()
            .map(|column| Field {
                name: column.name(),
                ty: match column {
                    EpochColumn::PublicationDate => FieldType::Date,
                    EpochColumn::LastModified => FieldType::DateTime,
                    EpochColumn::ComputeRank => FieldType::Integer,
                    // `checked` (2025) or `True` (2026), else empty.
                    EpochColumn::FoundationModel => FieldType::Boolean,
                    _ if column.holds().is_number() => FieldType::Number,
                    _ => FieldType::String,
                },
                unit: None,
                description: column_description(*column).into(),
                required: *column == EpochColumn::Model,
            })
            .collect();
        Table {
            name: "models",
            description: "One row per ML model, in Epoch AI's 2025 layout (its column names and order), written from the records.",
            fields,
            rows: Vec::new(),
            // No key: the layout writes the names Epoch's export gave, and
            // no set of Epoch's columns is unique (its 2025 export has two
            // `P-LLama3` of 2024-08-12 with the same organization).
            primary_key: Vec::new(),
            foreign_keys: Vec::new(),
            dialect: crate::dataset::cell::Dialect::Epoch,
        }
    }

    fn cells(&self, row: &ModelRow) -> (Vec<Cell>, Option<String>) {
        let from_source = fields_from_source(row.model);
        let cells = EXPORT_2025
            .iter()
            .map(|column| {
                let (text, epochs_own) = guarded_cell(*column, row.model, row.set, &from_source);
                match text {
                    text if text.is_empty() => Cell::Empty,
                    text if epochs_own => Cell::Text(text),
                    text => Cell::Text(crate::dataset::cell::neutralized(text)),
                }
            })
            .collect();
        (cells, derived_base_model(row.model))
    }

    fn has_model_ids(&self) -> bool {
        false
    }

    fn newest_first(&self) -> bool {
        true
    }

    fn typed(&self) -> bool {
        false
    }

    fn complete<'a>(
        &'a self,
        set: &'a RecordSet,
        _: &'a std::collections::BTreeMap<String, crate::estimate::Lineage>,
    ) -> Complete<'a> {
        let base_column = EXPORT_2025.iter().position(|c| *c == EpochColumn::BaseModel);
        Box::new(move |base_model, cells| {
            if let (Some(at), Some(base)) = (base_column, base_model)
                && let Some(cell) = cells.get_mut(at)
            {
                // Names of other records, any of which a pull request may have
                // written: guarded as every text not Epoch's own.
                *cell = Cell::Text(crate::dataset::cell::neutralized(base_model_names(base.split(' '), set)));
            }
        })
    }
}

/// What a column of the layout holds and where it comes from: the record
/// fields it is written from, or how it is computed.
fn column_description(column: EpochColumn) -> String {
    let fields = column.fields();
    let from = if fields.is_empty() {
        String::new()
    } else {
        format!(
            " Written from the record's {}.",
            fields.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ")
        )
    };
    let how = match column {
        EpochColumn::ComputeRank => {
            " Epoch's rank as its export gave it, kept at the import (`source.cells`) while the record's training compute is the one Epoch ranked; empty for every other model: flopdb computes no rank, as Epoch's rule (which models it ranks) cannot be rebuilt from its public tables."
        }
        EpochColumn::BaseModel => " The base models' names as Epoch writes them, comma-separated.",
        _ if column.holds() == super::columns::Holds::DerivedText
            || column.holds() == super::columns::Holds::DerivedNumber =>
        {
            " Computed from other records (Epoch computes it from its other tables)."
        }
        _ => "",
    };
    let unit = if column.holds().is_number() { " A number." } else { "" };
    format!("Epoch AI's column `{}` (2025 layout).{unit}{from}{how}", column.name())
}

fn labels<T: Term>(terms: &[T]) -> String {
    terms.iter().map(|t| t.epoch_label()).collect::<Vec<_>>().join(",")
}

fn number(value: Option<f64>) -> String {
    value.map(python_float).unwrap_or_default()
}

/// A number as Epoch's exports write it (pandas, so Python's `repr` of a
/// float): the shortest digits that read back, fixed-point with at least
/// one decimal (`6144.0`, `0.3156`) from 1e-4 up to 1e16, else scientific
/// with a signed two-digit exponent (`9.3368077e+23`, `1e-05`). Every
/// number column then reads as floats in clients that guess types from the
/// first rows, as Epoch's file does.
pub fn python_float(value: f64) -> String {
    if !value.is_finite() {
        return format_number(value);
    }
    let scientific = format!("{value:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if (-4..16).contains(&exponent) {
        let fixed = format!("{value}");
        if fixed.contains('.') { fixed } else { format!("{fixed}.0") }
    } else {
        let sign = if exponent < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exponent.abs())
    }
}

/// A list item as Epoch writes it in a comma-separated cell: in double
/// quotes when it holds a comma (or starts with a quote), the inverse of
/// `cells::split_list`.
fn quoted_item(item: &str) -> String {
    if item.contains(',') || item.starts_with('"') {
        format!("\"{}\"", item.replace('"', "\"\""))
    } else {
        item.to_string()
    }
}

fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

/// One model as a row of [`EXPORT_2025`].
pub fn row(model: &Model, set: &RecordSet) -> Vec<String> {
    EXPORT_2025.iter().map(|column| cell(*column, model, set)).collect()
}

/// A cell of the layout: the source's own, kept at the import, while it
/// still stands for the record's values; else flopdb's writing.
fn cell(column: EpochColumn, m: &Model, set: &RecordSet) -> String {
    guarded_cell(column, m, set, &fields_from_source(m)).0
}

/// A model's fields: those it holds, and of them those that still hold
/// what the last sync wrote (their digest is `source.synced`'s): Epoch's own
/// text, not a contributor's.
#[derive(Default)]
struct FromSource {
    held: std::collections::BTreeSet<String>,
    synced: std::collections::BTreeSet<String>,
}

impl FromSource {
    /// Whether every field of `column` the model holds is the sync's, and
    /// it holds one.
    fn column(&self, column: EpochColumn) -> bool {
        let mut held = column.fields().iter().filter(|f| self.held.contains(**f)).peekable();
        held.peek().is_some() && held.all(|f| self.synced.contains(*f))
    }
}

fn fields_from_source(m: &Model) -> FromSource {
    let Some(synced) = m.source.as_ref().map(|s| &s.synced).filter(|s| !s.is_empty()) else {
        return FromSource::default();
    };
    let Ok(json) = serde_json::to_value(m) else { return FromSource::default() };
    let fields = crate::import::fields(&json);
    let matches =
        |path: &String, value: &serde_json::Value| synced.get(path).is_some_and(|d| *d == crate::import::digest(value));
    FromSource {
        synced: fields.iter().filter(|(path, value)| matches(path, value)).map(|(path, _)| path.clone()).collect(),
        held: fields.into_keys().collect(),
    }
}

/// A cell and whether it is Epoch's own text: a cell kept verbatim, or one
/// written from fields the sync wrote and nobody changed since. Only those
/// are written as they are (a note of Epoch's that starts with `=` stays
/// so, as in Epoch's file); any other text that a spreadsheet would run as
/// a formula (a name from a pull request, `=cmd|' /C calc'!A0`) gets a
/// leading `'`, as in flopdb's own tables.
fn guarded_cell(column: EpochColumn, m: &Model, set: &RecordSet, from_source: &FromSource) -> (String, bool) {
    let kept = super::kept::still_kept(column, m, set);
    let epochs_own = kept.is_some()
        || m.extra.contains_key(&extra_key(column.name()))
            && from_source.synced.contains(&format!("extra.{}", extra_key(column.name())))
        || from_source.column(column);
    let text = kept.unwrap_or_else(|| written(column, m, set));
    // A number column holds numbers only: a cell kept verbatim that is not
    // one (Epoch's 2026 export runs two numbers together in 24 cells, which
    // stops polars' and DuckDB's readers) is left empty.
    if column.holds().is_number() && !text.is_empty() && text.trim().parse::<f64>().is_err() {
        return (String::new(), true);
    }
    (text, epochs_own)
}

/// The base model as Epoch names it: by the name it was imported under, or
/// its own; by its id when `set` does not have it (yet: the build reads
/// models in file order, and fills the names in once it has them all).
pub fn base_model_name(id: &str, set: &RecordSet) -> String {
    set.model_index.get(id).map_or_else(|| id.to_string(), |b| b.record.epoch_name().to_string())
}

/// The base models as Epoch's cell lists them: names, comma-separated.
pub fn base_model_names<'a>(ids: impl Iterator<Item = &'a str>, set: &RecordSet) -> String {
    ids.map(|id| quoted_item(&base_model_name(id, set))).collect::<Vec<_>>().join(",")
}

/// The base models' ids (space-separated: ids hold no space), when the
/// "Base model" column is made from them (and not kept verbatim from an
/// import).
pub fn derived_base_model(m: &Model) -> Option<String> {
    let imported_verbatim = m.extra.contains_key(&extra_key(EpochColumn::BaseModel.name()));
    (!m.base_model.is_empty() && !imported_verbatim)
        .then(|| m.base_model.iter().map(|id| id.as_str()).collect::<Vec<_>>().join(" "))
}

/// flopdb's writing of a column from the record (a cell the import could
/// not map, kept in `extra`, verbatim).
pub(super) fn written(column: EpochColumn, m: &Model, set: &RecordSet) -> String {
    if let Some(kept) = m.extra.get(&extra_key(column.name())) {
        return kept.clone();
    }
    let data = m.data.clone().unwrap_or_default();
    let compute = m.compute.clone().unwrap_or_default();
    let hw = m.hardware.clone().unwrap_or_default();
    let organizations: Vec<_> = m.organizations.iter().map(|id| set.organizations.get(id.as_str())).collect();
    let per_org = |f: &dyn Fn(&crate::record::Organization) -> Option<String>| -> String {
        let values: Vec<Option<String>> = organizations.iter().map(|o| o.and_then(|o| f(&o.record))).collect();
        if values.iter().all(Option::is_some) {
            values.into_iter().flatten().collect::<Vec<_>>().join(",")
        } else {
            String::new()
        }
    };
    let categorization = || per_org(&|o| o.categorization.map(|c| c.epoch_label().to_string()));
    match column {
        EpochColumn::Model => m.source.as_ref().and_then(|s| s.name.clone()).unwrap_or_else(|| m.name.clone()),
        EpochColumn::Domain => labels(&m.domains),
        EpochColumn::Task => m.tasks.iter().map(|t| t.epoch_label()).collect::<Vec<_>>().join(","),
        EpochColumn::Organization => m
            .organizations
            .iter()
            .zip(&organizations)
            .map(|(id, o)| o.map_or_else(|| id.to_string(), |o| o.record.name.clone()))
            .map(|name| quoted_item(&name))
            .collect::<Vec<_>>()
            .join(","),
        // `Last, First; Last, First` when a name holds a comma, as Epoch writes them.
        EpochColumn::Authors if m.authors.iter().any(|a| a.contains(',')) => m.authors.join("; "),
        EpochColumn::Authors => m.authors.join(", "),
        // A full date, as the 2025 layout always writes (a date known to the
        // year is its first day; `published_precision` in flopdb's layout).
        EpochColumn::PublicationDate => m.published.format("%Y-%m-%d").to_string(),
        EpochColumn::Reference => text(&m.reference),
        EpochColumn::Link => m.links.join("\n"),
        EpochColumn::Citations => number(m.citations.map(|c| c.0 as f64)),
        EpochColumn::NotabilityCriteria => labels(&m.notability),
        EpochColumn::NotabilityCriteriaNotes => text(&m.notability_notes),
        EpochColumn::Parameters => number(m.parameters),
        EpochColumn::ParametersNotes => text(&m.parameters_notes),
        EpochColumn::TrainingCompute => number(compute.value.as_ref().map(|f| f.flop())),
        EpochColumn::TrainingComputeNotes => text(&compute.notes),
        EpochColumn::TrainingDataset => data.datasets.iter().map(|d| quoted_item(d)).collect::<Vec<_>>().join(","),
        EpochColumn::TrainingDatasetNotes => text(&data.notes),
        EpochColumn::TrainingDatasetSize => number(data.size.as_ref().map(|s| s.value().0)),
        EpochColumn::DatasetSizeNotes => text(&data.size_notes),
        EpochColumn::TrainingTime => number(hw.duration.as_ref().map(|d| d.value().get::<hour>())),
        EpochColumn::TrainingTimeNotes => text(&hw.duration_notes),
        EpochColumn::TrainingHardware => hw
            .accelerator
            .iter()
            .map(|id| set.hardware.get(id.as_str()).map_or_else(|| id.to_string(), |h| h.record.name.clone()))
            .collect::<Vec<_>>()
            .join(","),
        EpochColumn::Approach => labels(&m.approach),
        EpochColumn::Confidence => m.confidence.map(|c| c.epoch_label().to_string()).unwrap_or_default(),
        EpochColumn::Abstract => text(&m.abstract_text),
        EpochColumn::Epochs => number(data.epochs),
        EpochColumn::BenchmarkData => text(&m.benchmark_name),
        EpochColumn::ModelAccessibility => m.accessibility.map(|a| a.epoch_label().to_string()).unwrap_or_default(),
        EpochColumn::Country => per_org(&|o| o.country.clone()),
        EpochColumn::BaseModel => base_model_names(m.base_model.iter().map(|id| id.as_str()), set),
        EpochColumn::FinetuneCompute => number(m.finetune.as_ref().and_then(|f| f.value.as_ref()).map(|f| f.flop())),
        EpochColumn::FinetuneComputeNotes => m.finetune.as_ref().map(|f| text(&f.notes)).unwrap_or_default(),
        EpochColumn::HardwareQuantity => number(hw.count.map(|c| c.0 as f64)),
        EpochColumn::HardwareUtilization => number(hw.utilization.as_ref().map(|u| u.value())),
        EpochColumn::LastModified => m.source.as_ref().map(|s| text(&s.last_modified)).unwrap_or_default(),
        EpochColumn::CloudVendor => text(&hw.cloud_vendor),
        EpochColumn::DataCenter => text(&hw.data_center),
        EpochColumn::ArchivedLinks => m.archived_links.join("\n"),
        EpochColumn::BatchSize => number(data.batch_size),
        EpochColumn::BatchSizeNotes => text(&data.batch_size_notes),
        EpochColumn::OrganizationCategorization | EpochColumn::CategorizationFromOrganization => categorization(),
        EpochColumn::FoundationModel => {
            if m.foundation_model == Some(true) {
                "checked".to_string()
            } else {
                String::new()
            }
        }
        EpochColumn::TrainingComputeLowerBound => number(compute.lower.as_ref().map(|f| f.flop())),
        EpochColumn::TrainingComputeUpperBound => number(compute.upper.as_ref().map(|f| f.flop())),
        EpochColumn::TrainingChipHours => number(hw.chip_time.as_ref().map(|c| c.value().get::<hour>())),
        EpochColumn::TrainingCodeAccessibility => {
            m.code_accessibility.map(|a| a.epoch_label().to_string()).unwrap_or_default()
        }
        EpochColumn::AccessibilityNotes => text(&m.accessibility_notes),
        EpochColumn::TrainingComputeCost2023 => compute.cost_2023_usd.map(|c| format!("${c:.2}")).unwrap_or_default(),
        EpochColumn::UtilizationNotes => text(&hw.utilization_notes),
        EpochColumn::NumericalFormat => labels(&hw.precision.0),
        EpochColumn::TrainingPowerDraw => {
            number(hw.power_draw.as_ref().map(|p| p.value().get::<uom::si::power::watt>()))
        }
        EpochColumn::EstimationMethod => labels(&compute.method.0),
        EpochColumn::HuggingFaceDeveloper => text(&m.hugging_face_developer),
        EpochColumn::PostTrainingCompute => {
            number(m.post_training.as_ref().and_then(|f| f.value.as_ref()).map(|f| f.flop()))
        }
        EpochColumn::PostTrainingComputeNotes => m.post_training.as_ref().map(|f| text(&f.notes)).unwrap_or_default(),
        // Derived from the whole dataset (filled by `complete`), or a column
        // the 2025 layout does not have.
        EpochColumn::ComputeRank
        | EpochColumn::FrontierModel
        | EpochColumn::OpenWeights
        | EpochColumn::PossiblyOver1e23
        | EpochColumn::InferenceCodeAccessibility
        | EpochColumn::HardwareUtilizationHfu
        | EpochColumn::TrainingComputeCostCloud
        | EpochColumn::TrainingComputeCostUpfront
        | EpochColumn::HardwareAcquisitionCost
        | EpochColumn::ComputeCostNotes
        | EpochColumn::Year
        | EpochColumn::ComputeTimesParameters
        | EpochColumn::ComputePerParameter => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::python_float;

    /// The texts Python's `repr` gives, as in Epoch's exports.
    #[test]
    fn numbers_are_written_as_python_writes_floats() {
        for (value, text) in [
            (6144.0, "6144.0"),
            (8.3e9, "8300000000.0"),
            (0.3156, "0.3156"),
            (9.3368077e23, "9.3368077e+23"),
            (1e16, "1e+16"),
            (1.5e15, "1500000000000000.0"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (0.0, "0.0"),
        ] {
            assert_eq!(python_float(value), text, "{value}");
        }
    }
}
