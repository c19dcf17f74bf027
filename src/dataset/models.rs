//! `models.csv`: one row per model, every field of the record, the
//! resolved training compute with each estimate, training energy, the
//! organizations' categorization and country, and git provenance.

use uom::si::power::watt;
use uom::si::time::hour;

use super::cell::Cell;
use super::layout::{Complete, ModelsLayout};
use super::table::{Column, FieldType as T, Table};
use crate::estimate::Resolution;
use crate::git::FileDates;
use crate::record::{Model, Organization, RecordSet, Term};

/// What a row of `models.csv` is made from.
pub struct ModelRow<'a> {
    pub id: &'a str,
    pub model: &'a Model,
    pub set: &'a RecordSet,
    pub resolution: Resolution,
    pub dates: Option<FileDates>,
}

impl ModelRow<'_> {
    fn organizations(&self) -> Vec<Option<&Organization>> {
        self.model.organizations.iter().map(|id| self.set.organizations.get(id.as_str()).map(|o| &o.record)).collect()
    }

    /// One value per organization, or nothing when any is unknown (a list
    /// with gaps could not be lined up with the organizations).
    fn per_organization(&self, get: impl Fn(&Organization) -> Option<String>) -> Cell {
        let values: Option<Vec<String>> = self.organizations().into_iter().map(|o| o.and_then(&get)).collect();
        values.map_or(Cell::Empty, Cell::list)
    }
}

fn terms<X: Term>(items: &[X]) -> Cell {
    Cell::list(items.iter().map(|t| t.id()))
}

fn term<X: Term>(item: Option<X>) -> Cell {
    Cell::text(item.map(|t| t.id()))
}

fn col<'a>(
    name: &'static str,
    ty: T,
    unit: Option<&'static str>,
    description: &'static str,
    get: fn(&ModelRow<'a>) -> Cell,
) -> Column<ModelRow<'a>> {
    Column { name, ty, unit, description, required: false, get }
}

/// A row's cells, in the order of `columns`.
pub fn cells(row: &ModelRow) -> Vec<Cell> {
    columns().iter().map(|column| (column.get)(row)).collect()
}

/// flopdb's own layout: the documented snake_case columns.
pub struct FlopdbLayout;

impl ModelsLayout for FlopdbLayout {
    fn name(&self) -> &'static str {
        "flopdb"
    }

    fn table(&self) -> Table {
        let mut table = Table::build("models", "One row per ML model.", &columns(), &[]);
        table.primary_key = vec!["id"];
        // (No foreign key on base_model: a model built on several lists them.)
        table
    }

    fn cells(&self, row: &ModelRow) -> (Vec<Cell>, Option<String>) {
        (cells(row), None)
    }

    fn has_model_ids(&self) -> bool {
        true
    }

    fn complete<'a>(
        &'a self,
        _: &'a RecordSet,
        lineages: &'a std::collections::BTreeMap<String, crate::estimate::Lineage>,
    ) -> Complete<'a> {
        let fill = complete_lineage(lineages);
        Box::new(move |_, cells| fill(cells))
    }
}

/// What a row's compute is; none while its total waits for its bases'
/// (`complete_lineage` fills it then).
fn provenance_of(r: &ModelRow) -> Option<crate::estimate::ComputeProvenance> {
    if waits_for_bases(r) {
        return None;
    }
    crate::estimate::compute_provenance(r.model, &r.resolution, None)
}

/// Whether a row's total compute waits for its bases' (`complete_lineage`):
/// a model with bases and no stated whole.
fn waits_for_bases(r: &ModelRow) -> bool {
    crate::estimate::totals_lineage(&r.resolution, !r.model.base_model.is_empty())
}

/// Fills the lineage columns of a row of `models.csv` (found by its id):
/// its own compute, the bases', and for a model with bases and no stated
/// value, its total and the method that made it.
pub fn complete_lineage(
    lineages: &std::collections::BTreeMap<String, crate::estimate::Lineage>,
) -> impl Fn(&mut [Cell]) + Sync + '_ {
    let fields = columns();
    let at = |name: &str| fields.iter().position(|c| c.name == name);
    let [id, total, method, provenance, own, base, includes] = [
        "id",
        "training_compute_flop",
        "training_compute_method",
        "training_compute_provenance",
        "own_compute_flop",
        "base_compute_flop",
        "training_compute_includes_base",
    ]
    .map(at);
    move |cells: &mut [Cell]| {
        let Some(Cell::Text(model)) = id.and_then(|i| cells.get(i)) else { return };
        let Some(lineage) = lineages.get(model).copied() else { return };
        let total_missing = matches!(total.and_then(|i| cells.get(i)), Some(Cell::Empty));
        let mut set = |column: Option<usize>, cell: Cell| {
            if let Some(slot) = column.and_then(|i| cells.get_mut(i)) {
                *slot = cell;
            }
        };
        set(own, Cell::number(lineage.own));
        let Some(bases) = lineage.bases else { return };
        set(base, Cell::number(Some(bases)));
        set(includes, Cell::Bool(lineage.includes_bases));
        if total_missing {
            set(total, Cell::number(lineage.total));
            set(method, Cell::text(lineage.total.map(|_| "lineage")));
            set(provenance, Cell::text(lineage.total.map(|_| crate::estimate::Origin::LineageTotal.id())));
        }
    }
}

/// The columns of `models.csv`, in order.
pub fn columns<'a>() -> Vec<Column<ModelRow<'a>>> {
    let flop = Some("FLOP");
    vec![
        Column {
            required: true,
            ..col("id", T::String, None, "The record's id: its file name under records/models/.", |r| {
                Cell::Text(r.id.to_string())
            })
        },
        Column {
            required: true,
            ..col("name", T::String, None, "The model's name.", |r| Cell::Text(r.model.name.clone()))
        },
        col("aliases", T::List, None, "Other names of the model.", |r| Cell::list(&r.model.aliases)),
        Column {
            required: true,
            ..col(
                "published",
                T::Date,
                None,
                "Date of first publication; the first day of the month or year when published_precision says so.",
                |r| Cell::Date(r.model.published),
            )
        },
        col(
            "published_precision",
            T::String,
            None,
            "How much of published is known: month or year (a day when empty).",
            |r| term(r.model.published_precision),
        ),
        col("organizations", T::List, None, "Names of the developing organizations.", |r| {
            Cell::list(
                r.model
                    .organizations
                    .iter()
                    .zip(r.organizations())
                    .map(|(id, o)| o.map_or_else(|| id.to_string(), |o| o.name.clone())),
            )
        }),
        col(
            "organization_ids",
            T::List,
            None,
            "Ids of the developing organizations (organizations.csv); also in model_organizations.csv.",
            |r| Cell::list(&r.model.organizations),
        ),
        col(
            "organization_categorizations",
            T::List,
            None,
            "Categorization of each organization, in the same order: industry, academia, government, research-collective.",
            |r| r.per_organization(|o| o.categorization.map(|c| c.id().to_string())),
        ),
        col("countries", T::List, None, "Country of each organization, in the same order.", |r| {
            r.per_organization(|o| o.country.clone())
        }),
        col("authors", T::List, None, "Authors.", |r| Cell::list(&r.model.authors)),
        col("domains", T::List, None, "Fields the model works in (flopdb's vocabulary ids).", |r| {
            terms(&r.model.domains)
        }),
        col("tasks", T::List, None, "Tasks (flopdb's vocabulary ids).", |r| {
            Cell::list(r.model.tasks.iter().map(|t| t.id()))
        }),
        col("notability", T::List, None, "Notability criteria.", |r| terms(&r.model.notability)),
        col("notability_notes", T::String, None, "Evidence for the notability criteria.", |r| {
            Cell::text(r.model.notability_notes.as_deref())
        }),
        col(
            "confidence",
            T::String,
            None,
            "Confidence in the training compute: confident, likely, speculative, unknown.",
            |r| term(r.model.confidence),
        ),
        col("accessibility", T::String, None, "Who can use the model.", |r| term(r.model.accessibility)),
        col("code_accessibility", T::String, None, "Whether the training code is published.", |r| {
            term(r.model.code_accessibility)
        }),
        col("inference_code_accessibility", T::String, None, "Whether the inference code is published.", |r| {
            term(r.model.inference_code_accessibility)
        }),
        col(
            "open_weights",
            T::Boolean,
            None,
            "Whether the weights are published (Epoch's \"Open model weights?\").",
            |r| r.model.open_weights.map_or(Cell::Empty, Cell::Bool),
        ),
        col("accessibility_notes", T::String, None, "Notes on accessibility.", |r| {
            Cell::text(r.model.accessibility_notes.as_deref())
        }),
        col("approach", T::List, None, "Learning approaches.", |r| terms(&r.model.approach)),
        col("foundation_model", T::Boolean, None, "A foundation model (Epoch's flag).", |r| {
            r.model.foundation_model.map_or(Cell::Empty, Cell::Bool)
        }),
        col("frontier_model", T::Boolean, None, "Among the largest training runs of its time (Epoch's flag).", |r| {
            r.model.frontier_model.map_or(Cell::Empty, Cell::Bool)
        }),
        col("base_model", T::List, None, "Ids of the models this one was fine-tuned from or built on.", |r| {
            Cell::list(r.model.base_model.iter().map(|b| b.as_str().to_string()).collect::<Vec<_>>())
        }),
        col("reference", T::String, None, "Title of the publication.", |r| Cell::text(r.model.reference.as_deref())),
        col("links", T::List, None, "Links to the publication.", |r| Cell::list(&r.model.links)),
        col("archived_links", T::List, None, "Archived copies of the links.", |r| Cell::list(&r.model.archived_links)),
        col("citations", T::Integer, None, "Citations of the publication.", |r| {
            r.model.citations.map_or(Cell::Empty, |c| Cell::Integer(c.0))
        }),
        col("abstract", T::String, None, "The publication's abstract.", |r| {
            Cell::text(r.model.abstract_text.as_deref())
        }),
        col("parameters", T::Number, None, "Trainable parameters.", |r| Cell::number(r.model.parameters)),
        col("active_parameters", T::Number, None, "Parameters active per token (mixture of experts).", |r| {
            Cell::number(r.model.active_parameters)
        }),
        col("parameters_notes", T::String, None, "Where the parameter count comes from.", |r| {
            Cell::text(r.model.parameters_notes.as_deref())
        }),
        col("datasets", T::List, None, "Training datasets.", |r| {
            Cell::list(r.model.data.iter().flat_map(|d| &d.datasets))
        }),
        col("data_notes", T::String, None, "Notes on the training data.", |r| {
            Cell::text(r.model.data.as_ref().and_then(|d| d.notes.as_deref()))
        }),
        col("data_size", T::Number, None, "Size of the training set, in data_unit.", |r| {
            Cell::number(r.model.data.as_ref().and_then(|d| d.size.as_ref()).map(|s| s.value().0))
        }),
        col(
            "data_unit",
            T::String,
            None,
            "What data_size counts: tokens, words, images, datapoints (Epoch's unit: tokens for language models) ...",
            |r| Cell::text(r.model.data.as_ref().and_then(|d| d.size.as_ref()).map(|s| s.value().1.plural())),
        ),
        col("data_size_notes", T::String, None, "How the data size was worked out.", |r| {
            Cell::text(r.model.data.as_ref().and_then(|d| d.size_notes.as_deref()))
        }),
        col("epochs", T::Number, None, "Passes over the training set.", |r| {
            Cell::number(r.model.data.as_ref().and_then(|d| d.epochs))
        }),
        col(
            "data_seen",
            T::Number,
            None,
            "What training went through (tokens seen), in data_seen_unit, where the source says it; operation counting prefers it to data_size x epochs.",
            |r| Cell::number(r.model.data.as_ref().and_then(|d| d.seen.as_ref()).map(|s| s.value().0)),
        ),
        col("data_seen_unit", T::String, None, "What data_seen counts: tokens, images, ...", |r| {
            Cell::text(r.model.data.as_ref().and_then(|d| d.seen.as_ref()).map(|s| s.value().1.plural()))
        }),
        col("batch_size", T::Number, None, "Batch size, in data_unit.", |r| {
            Cell::number(r.model.data.as_ref().and_then(|d| d.batch_size))
        }),
        col("batch_size_notes", T::String, None, "Notes on the batch size.", |r| {
            Cell::text(r.model.data.as_ref().and_then(|d| d.batch_size_notes.as_deref()))
        }),
        col(
            "training_compute_flop",
            T::Number,
            flop,
            "Everything that went into the model: the stated value, else operation counting, else hardware-time, else the geometric mean of both; for a model with base models and no stated value, the bases' training_compute_flop plus its own (own_compute_flop), empty when a base's is not known.",
            |r| Cell::number(r.resolution.flop.filter(|_| !waits_for_bases(r))),
        ),
        col(
            "training_compute_method",
            T::String,
            None,
            "How training_compute_flop was obtained: for a figure the record gives, the record's methods (reported, operation-counting, hardware, comparison-with-other-models, benchmarks, ...; empty when it names none); for flopdb's estimate, operation-counting, hardware or geometric-mean; lineage for the bases' compute plus the model's own. training_compute_provenance says whose figure it is.",
            |r| Cell::text(provenance_of(r).map(|p| p.method_text()).filter(|m| !m.is_empty()).as_deref()),
        ),
        col(
            "training_compute_provenance",
            T::String,
            None,
            "Whose figure training_compute_flop is: reported (the developers reported it), epoch-estimate (Epoch AI's estimate, by training_compute_method), record-estimate (a contributor's estimate, by training_compute_method), unattributed (a figure the record gives without its method), flopdb-estimate (flopdb's estimate from the record's inputs), or lineage-total (the bases' compute plus the model's own run).",
            |r| Cell::text(provenance_of(r).map(|p| p.origin.id())),
        ),
        col(
            "own_compute_flop",
            T::Number,
            flop,
            "The model's own training run: for a model with base models, its fine-tune compute (finetune.value, else the estimate from its inputs); else training_compute_flop.",
            // The lineage's own figure (`complete_lineage`).
            |_| Cell::Empty,
        ),
        col(
            "base_compute_flop",
            T::Number,
            flop,
            "The base models' training_compute_flop, summed (empty without base models, or when one is not known).",
            |_| Cell::Empty,
        ),
        col(
            "training_compute_includes_base",
            T::Boolean,
            None,
            "Whether training_compute_flop includes base models' compute (a stated value does, by Epoch's convention; W113 flags one below its base's).",
            |r| if r.model.base_model.is_empty() { Cell::Bool(false) } else { Cell::Empty },
        ),
        col("training_compute_stated_flop", T::Number, flop, "The compute the record states.", |r| {
            Cell::number(r.resolution.stated)
        }),
        col(
            "training_compute_benchmark_estimate_flop",
            T::Number,
            flop,
            "Epoch AI's estimate from benchmark scores, where its notes state one and no training compute is given (compute.benchmark_estimate); never in training_compute_flop.",
            |r| Cell::number(r.model.compute.as_ref().and_then(|c| c.benchmark_estimate.as_ref()).map(|f| f.flop())),
        ),
        col(
            "compute_operation_counting_flop",
            T::Number,
            flop,
            "flopdb's operation-counting estimate (2 x N x D x epochs x (1 + backward/forward ratio)).",
            |r| Cell::number(r.resolution.operation_counting.as_ref().map(|e| e.flop)),
        ),
        col(
            "compute_hardware_flop",
            T::Number,
            flop,
            "flopdb's hardware-time estimate (chips x peak x time x utilization).",
            |r| Cell::number(r.resolution.hardware.as_ref().map(|e| e.flop)),
        ),
        col("training_compute_lower_flop", T::Number, flop, "Lower bound of the compute.", |r| {
            Cell::number(r.model.compute.as_ref().and_then(|c| c.lower.as_ref()).map(|f| f.flop()))
        }),
        col("training_compute_upper_flop", T::Number, flop, "Upper bound of the compute.", |r| {
            Cell::number(r.model.compute.as_ref().and_then(|c| c.upper.as_ref()).map(|f| f.flop()))
        }),
        col("compute_methods", T::List, None, "How the record's stated compute was obtained (Epoch's methods).", |r| {
            Cell::list(r.model.compute.iter().flat_map(|c| c.method.iter().map(|m| m.id())))
        }),
        col("compute_notes", T::String, None, "The working behind the stated compute.", |r| {
            Cell::text(r.model.compute.as_ref().and_then(|c| c.notes.as_deref()))
        }),
        col("forward_flop_per_example", T::Number, flop, "Forward-pass compute per example.", |r| {
            Cell::number(r.model.compute.as_ref().and_then(|c| c.forward_flop_per_example.as_ref()).map(|f| f.flop()))
        }),
        col(
            "backward_forward_ratio",
            T::Number,
            None,
            "Backward- to forward-pass compute, where the record sets it (default 2).",
            |r| Cell::number(r.model.compute.as_ref().and_then(|c| c.backward_forward_ratio)),
        ),
        col("cost_2023_usd", T::Number, Some("2023 US dollars"), "Cost of the training compute.", |r| {
            Cell::number(r.model.compute.as_ref().and_then(|c| c.cost_2023_usd))
        }),
        col(
            "cost_cloud_usd",
            T::Number,
            Some("US dollars (currency year not stated by Epoch)"),
            "Cost of the training compute at cloud rental prices.",
            |r| Cell::number(r.model.compute.as_ref().and_then(|c| c.cost_cloud_usd)),
        ),
        col(
            "cost_upfront_usd",
            T::Number,
            Some("US dollars (currency year not stated by Epoch)"),
            "Cost of the training compute from the hardware's purchase price.",
            |r| Cell::number(r.model.compute.as_ref().and_then(|c| c.cost_upfront_usd)),
        ),
        col(
            "hardware_acquisition_cost_usd",
            T::Number,
            Some("US dollars (currency year not stated by Epoch)"),
            "Price of the training hardware.",
            |r| Cell::number(r.model.compute.as_ref().and_then(|c| c.hardware_acquisition_cost_usd)),
        ),
        col("cost_notes", T::String, None, "How the costs were found.", |r| {
            Cell::text(r.model.compute.as_ref().and_then(|c| c.cost_notes.as_deref()))
        }),
        col(
            "possibly_over_1e23_flop",
            T::Boolean,
            None,
            "Epoch's screening flag: the compute may exceed 1e23 FLOP.",
            |r| r.model.compute.as_ref().and_then(|c| c.possibly_over_1e23).map_or(Cell::Empty, Cell::Bool),
        ),
        col(
            "hardware",
            T::List,
            None,
            "Ids of the training hardware (hardware.csv); also in model_hardware.csv.",
            |r| Cell::list(r.model.hardware.iter().flat_map(|h| h.accelerator.iter())),
        ),
        col("hardware_count", T::Integer, None, "Number of chips.", |r| {
            r.model.hardware.as_ref().and_then(|h| h.count).map_or(Cell::Empty, |c| Cell::Integer(c.0))
        }),
        col("training_time_hours", T::Number, Some("hours"), "Wall-clock training time.", |r| {
            Cell::number(r.model.hardware.as_ref().and_then(|h| h.duration.as_ref()).map(|d| d.value().get::<hour>()))
        }),
        col("training_time_notes", T::String, None, "Notes on the training time.", |r| {
            Cell::text(r.model.hardware.as_ref().and_then(|h| h.duration_notes.as_deref()))
        }),
        col("chip_hours", T::Number, Some("chip-hours"), "Total accelerator time.", |r| {
            Cell::number(r.model.hardware.as_ref().and_then(|h| h.chip_time.as_ref()).map(|c| c.value().get::<hour>()))
        }),
        col("utilization", T::Number, Some("fraction of peak"), "Model FLOP utilization.", |r| {
            Cell::number(r.model.hardware.as_ref().and_then(|h| h.utilization.as_ref()).map(|u| u.value()))
        }),
        col(
            "hfu",
            T::Number,
            Some("fraction of peak"),
            "Hardware FLOP utilization: every operation the hardware ran, recomputation included.",
            |r| Cell::number(r.model.hardware.as_ref().and_then(|h| h.hfu.as_ref()).map(|u| u.value())),
        ),
        col("utilization_notes", T::String, None, "Notes on the utilization.", |r| {
            Cell::text(r.model.hardware.as_ref().and_then(|h| h.utilization_notes.as_deref()))
        }),
        col("precision", T::List, None, "Number formats used in training.", |r| {
            Cell::list(r.model.hardware.iter().flat_map(|h| h.precision.iter().map(|p| p.id())))
        }),
        col("power_draw_w", T::Number, Some("W"), "Power drawn by the training cluster.", |r| {
            Cell::number(r.model.hardware.as_ref().and_then(|h| h.power_draw.as_ref()).map(|p| p.value().get::<watt>()))
        }),
        col("training_energy_kwh", T::Number, Some("kWh"), "flopdb's estimate: chips x TDP x time x PUE.", |r| {
            Cell::number(r.resolution.energy_kwh)
        }),
        col("cloud_vendor", T::String, None, "Cloud vendor of the compute.", |r| {
            Cell::text(r.model.hardware.as_ref().and_then(|h| h.cloud_vendor.as_deref()))
        }),
        col("data_center", T::String, None, "Data center of the training run.", |r| {
            Cell::text(r.model.hardware.as_ref().and_then(|h| h.data_center.as_deref()))
        }),
        col("hardware_notes", T::String, None, "Notes on the hardware.", |r| {
            Cell::text(r.model.hardware.as_ref().and_then(|h| h.notes.as_deref()))
        }),
        col("finetune_compute_flop", T::Number, flop, "Compute spent fine-tuning from the base model.", |r| {
            Cell::number(r.model.finetune.as_ref().and_then(|f| f.value.as_ref()).map(|f| f.flop()))
        }),
        col("finetune_notes", T::String, None, "Notes on the fine-tuning compute.", |r| {
            Cell::text(r.model.finetune.as_ref().and_then(|f| f.notes.as_deref()))
        }),
        col("post_training_compute_flop", T::Number, flop, "Compute spent after pre-training.", |r| {
            Cell::number(r.model.post_training.as_ref().and_then(|f| f.value.as_ref()).map(|f| f.flop()))
        }),
        col("post_training_notes", T::String, None, "Notes on the post-training compute.", |r| {
            Cell::text(r.model.post_training.as_ref().and_then(|f| f.notes.as_deref()))
        }),
        col("benchmark_name", T::String, None, "The model's name in Epoch's benchmark data.", |r| {
            Cell::text(r.model.benchmark_name.as_deref())
        }),
        col("hugging_face_developer", T::String, None, "The developer's id on Hugging Face.", |r| {
            Cell::text(r.model.hugging_face_developer.as_deref())
        }),
        col("notes", T::String, None, "Anything else about the model.", |r| Cell::text(r.model.notes.as_deref())),
        col(
            "extra",
            T::Object,
            None,
            "Source columns with no field, kept verbatim: a JSON object (its text in CSV).",
            |r| {
                if r.model.extra.is_empty() { Cell::Empty } else { Cell::Object(r.model.extra.clone()) }
            },
        ),
        col("source_dataset", T::String, None, "The dataset the record was imported from.", |r| {
            Cell::text(r.model.source.as_ref().and_then(|s| s.dataset.as_deref()))
        }),
        col("source_name", T::String, None, "The name in the source, where it differs from name.", |r| {
            Cell::text(r.model.source.as_ref().and_then(|s| s.name.as_deref()))
        }),
        col("source_last_modified", T::DateTime, None, "The source's last-modified stamp.", |r| {
            Cell::text(r.model.source.as_ref().and_then(|s| s.last_modified.as_deref()))
        }),
        col(
            "created",
            T::Date,
            None,
            "Date of the git commit that added the record (empty in a shallow clone or outside git).",
            |r| r.dates.and_then(|d| d.created).map_or(Cell::Empty, Cell::Date),
        ),
        col("last_modified", T::Date, None, "Date of the last git commit that changed the record.", |r| {
            r.dates.and_then(|d| d.last_modified).map_or(Cell::Empty, Cell::Date)
        }),
    ]
}
