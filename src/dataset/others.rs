//! `organizations.csv`, `hardware.csv`, and the link tables that tie models
//! to them (`model_organizations.csv`, `model_hardware.csv`), which carry
//! the foreign keys a list column cannot.

use uom::si::information::byte;
use uom::si::power::watt;

use super::cell::{Cell, Dialect};
use super::table::{Column, FieldType as T, ForeignKey, Table};
use crate::git::FileDates;
use crate::quantity::FlopRate;
use crate::record::{Hardware, Organization, RecordSet, Term};

pub struct Row<'a, R> {
    pub id: &'a str,
    pub record: &'a R,
    pub dates: Option<FileDates>,
}

fn col<C>(
    name: &'static str,
    ty: T,
    unit: Option<&'static str>,
    description: &'static str,
    get: fn(&C) -> Cell,
) -> Column<C> {
    Column { name, ty, unit, description, required: false, get }
}

/// `created` and `last_modified`, from git, for any kind of record.
fn provenance_columns<'a, R>() -> [Column<Row<'a, R>>; 2] {
    [
        col("created", T::Date, None, "Date of the git commit that added the record.", |r: &Row<R>| {
            r.dates.and_then(|d| d.created).map_or(Cell::Empty, Cell::Date)
        }),
        col("last_modified", T::Date, None, "Date of the last git commit that changed the record.", |r: &Row<R>| {
            r.dates.and_then(|d| d.last_modified).map_or(Cell::Empty, Cell::Date)
        }),
    ]
}

pub fn organizations(rows: &[Row<'_, Organization>]) -> Table {
    let mut columns: Vec<Column<Row<'_, Organization>>> = vec![
        Column {
            required: true,
            ..col(
                "id",
                T::String,
                None,
                "The record's id: its file name under records/organizations/.",
                |r: &Row<Organization>| Cell::Text(r.id.to_string()),
            )
        },
        Column {
            required: true,
            ..col("name", T::String, None, "The organization's name.", |r: &Row<Organization>| {
                Cell::Text(r.record.name.clone())
            })
        },
        col("aliases", T::List, None, "Other names.", |r: &Row<Organization>| Cell::list(&r.record.aliases)),
        col(
            "categorization",
            T::String,
            None,
            "industry, academia, government or research-collective.",
            |r: &Row<Organization>| Cell::text(r.record.categorization.map(|c| c.id())),
        ),
        col("country", T::String, None, "Country, as Epoch names it.", |r: &Row<Organization>| {
            Cell::text(r.record.country.as_deref())
        }),
        col("links", T::List, None, "Web links.", |r: &Row<Organization>| Cell::list(&r.record.links)),
        col("notes", T::String, None, "Notes.", |r: &Row<Organization>| Cell::text(r.record.notes.as_deref())),
    ];
    columns.extend(provenance_columns());
    let mut table = Table::build("organizations", "Organizations that develop ML models.", &columns, rows);
    table.primary_key = vec!["id"];
    table
}

fn peak(r: &Row<Hardware>, get: fn(&crate::record::Peak) -> &Option<FlopRate>) -> Cell {
    Cell::number(r.record.peak.as_ref().and_then(|p| get(p).as_ref()).map(|rate| rate.value().value))
}

fn sparse_peak(r: &Row<Hardware>, get: fn(&crate::record::SparsePeak) -> &Option<FlopRate>) -> Cell {
    Cell::number(r.record.sparse_peak.as_ref().and_then(|p| get(p).as_ref()).map(|rate| rate.value().value))
}

pub fn hardware(rows: &[Row<'_, Hardware>]) -> Table {
    let flop_s = Some("FLOP/s");
    let mut columns: Vec<Column<Row<'_, Hardware>>> = vec![
        Column {
            required: true,
            ..col(
                "id",
                T::String,
                None,
                "The record's id: its file name under records/hardware/.",
                |r: &Row<Hardware>| Cell::Text(r.id.to_string()),
            )
        },
        Column {
            required: true,
            ..col("name", T::String, None, "The product name.", |r: &Row<Hardware>| Cell::Text(r.record.name.clone()))
        },
        col("aliases", T::List, None, "Other names.", |r: &Row<Hardware>| Cell::list(&r.record.aliases)),
        col("manufacturer", T::String, None, "The maker.", |r: &Row<Hardware>| {
            Cell::text(r.record.manufacturer.as_deref())
        }),
        col("kind", T::String, None, "gpu, tpu, cpu, asic, fpga or other.", |r: &Row<Hardware>| {
            Cell::text(r.record.kind.map(|k| k.id()))
        }),
        col("released", T::Date, None, "Release date.", |r: &Row<Hardware>| {
            r.record.released.map_or(Cell::Empty, Cell::Date)
        }),
        col("peak_fp64_flop_s", T::Number, flop_s, "Peak FP64 throughput.", |r: &Row<Hardware>| peak(r, |p| &p.fp64)),
        col("peak_fp32_flop_s", T::Number, flop_s, "Peak FP32 throughput.", |r: &Row<Hardware>| peak(r, |p| &p.fp32)),
        col("peak_tf32_flop_s", T::Number, flop_s, "Peak TF32 tensor throughput.", |r: &Row<Hardware>| {
            peak(r, |p| &p.tf32)
        }),
        col(
            "peak_fp16_flop_s",
            T::Number,
            flop_s,
            "Peak FP16 throughput without tensor cores.",
            |r: &Row<Hardware>| peak(r, |p| &p.fp16),
        ),
        col("peak_tensor_16bit_flop_s", T::Number, flop_s, "Peak FP16/BF16 tensor throughput.", |r: &Row<Hardware>| {
            peak(r, |p| &p.tensor_16bit)
        }),
        col("peak_fp8_flop_s", T::Number, flop_s, "Peak FP8 throughput.", |r: &Row<Hardware>| peak(r, |p| &p.fp8)),
        col("peak_int8_op_s", T::Number, Some("OP/s"), "Peak INT8 throughput.", |r: &Row<Hardware>| {
            peak(r, |p| &p.int8)
        }),
        col("peak_fp4_flop_s", T::Number, flop_s, "Peak FP4 throughput.", |r: &Row<Hardware>| peak(r, |p| &p.fp4)),
        col(
            "sparse_peak_tf32_flop_s",
            T::Number,
            flop_s,
            "The datasheet's TF32 tensor peak with structured sparsity (the peak_ columns are dense; estimates never use this).",
            |r: &Row<Hardware>| sparse_peak(r, |p| &p.tf32),
        ),
        col(
            "sparse_peak_tensor_16bit_flop_s",
            T::Number,
            flop_s,
            "The datasheet's FP16/BF16 tensor peak with structured sparsity (estimates never use it).",
            |r: &Row<Hardware>| sparse_peak(r, |p| &p.tensor_16bit),
        ),
        col(
            "sparse_peak_fp8_flop_s",
            T::Number,
            flop_s,
            "The datasheet's FP8 peak with structured sparsity (estimates never use it).",
            |r: &Row<Hardware>| sparse_peak(r, |p| &p.fp8),
        ),
        col(
            "sparse_peak_int8_op_s",
            T::Number,
            Some("OP/s"),
            "The datasheet's INT8 peak with structured sparsity (estimates never use it).",
            |r: &Row<Hardware>| sparse_peak(r, |p| &p.int8),
        ),
        col(
            "sparse_peak_fp4_flop_s",
            T::Number,
            flop_s,
            "The datasheet's FP4 peak with structured sparsity (estimates never use it).",
            |r: &Row<Hardware>| sparse_peak(r, |p| &p.fp4),
        ),
        col("tdp_w", T::Number, Some("W"), "Thermal design power.", |r: &Row<Hardware>| {
            Cell::number(r.record.tdp.as_ref().map(|p| p.value().get::<watt>()))
        }),
        col("memory_bytes", T::Number, Some("bytes"), "Memory per chip.", |r: &Row<Hardware>| {
            Cell::number(r.record.memory.as_ref().map(|m| m.value().get::<byte>()))
        }),
        col("price_usd", T::Number, Some("US dollars"), "Release price.", |r: &Row<Hardware>| {
            Cell::number(r.record.price_usd)
        }),
        col("links", T::List, None, "Datasheets and other links.", |r: &Row<Hardware>| Cell::list(&r.record.links)),
        col("notes", T::String, None, "Notes.", |r: &Row<Hardware>| Cell::text(r.record.notes.as_deref())),
        col(
            "extra",
            T::Object,
            None,
            "Source columns with no field, kept verbatim: a JSON object (its text in CSV).",
            |r: &Row<Hardware>| {
                if r.record.extra.is_empty() { Cell::Empty } else { Cell::Object(r.record.extra.clone()) }
            },
        ),
    ];
    columns.extend(provenance_columns());
    let mut table = Table::build("hardware", "Accelerators used to train ML models.", &columns, rows);
    table.primary_key = vec!["id"];
    table
}

/// Which model was developed by which organization, in the record's order.
pub fn model_organizations(set: &RecordSet, model_ids: &[&str]) -> Table {
    let mut rows = Vec::new();
    for id in model_ids {
        if let Some(model) = set.model_index.get(*id) {
            for (position, org) in model.record.organizations.iter().enumerate() {
                rows.push(vec![
                    Cell::Text((*id).to_string()),
                    Cell::Text(org.to_string()),
                    Cell::Integer(position as u64 + 1),
                ]);
            }
        }
    }
    link_table(
        "model_organizations",
        "Which organizations developed each model.",
        rows,
        ("organization_id", "organizations"),
        Some(("position", "The organization's place in the model's list, from 1.")),
    )
}

/// Which hardware each model was trained on.
pub fn model_hardware(set: &RecordSet, model_ids: &[&str]) -> Table {
    let mut rows = Vec::new();
    for id in model_ids {
        if let Some(model) = set.model_index.get(*id) {
            for accelerator in &model.record.accelerators {
                rows.push(vec![Cell::Text((*id).to_string()), Cell::Text(accelerator.to_string())]);
            }
        }
    }
    link_table("model_hardware", "Which hardware each model was trained on.", rows, ("hardware_id", "hardware"), None)
}

fn link_table(
    name: &'static str,
    description: &'static str,
    rows: Vec<Vec<Cell>>,
    (target_field, target): (&'static str, &'static str),
    extra: Option<(&'static str, &'static str)>,
) -> Table {
    use super::table::Field;
    let field = |name, ty, description: &'static str| Field {
        name,
        ty,
        unit: None,
        description: description.into(),
        required: true,
    };
    let mut fields = vec![
        field("model_id", T::String, "Id of the model (models.csv)."),
        field(target_field, T::String, "Id of the linked record."),
    ];
    if let Some((extra_name, extra_description)) = extra {
        fields.push(field(extra_name, T::Integer, extra_description));
    }
    Table {
        name,
        description,
        fields,
        rows,
        primary_key: vec!["model_id", target_field],
        foreign_keys: vec![
            ForeignKey { fields: "model_id", resource: "models", reference: "id" },
            ForeignKey { fields: target_field, resource: target, reference: "id" },
        ],
        dialect: Dialect::Rfc4180,
    }
}
