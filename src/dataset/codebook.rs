//! The codebook, `docs/dataset.md`: every table and column of the dataset
//! with its type, unit and meaning, generated from the same declarations
//! the build writes (a test holds the committed file to them).

use std::fmt::Write;

use super::layout::ModelsLayout;
use super::table::{FieldType, Table};
use crate::record::RecordSet;

pub const CODEBOOK_FILE: &str = "docs/dataset.md";

fn type_name(ty: FieldType) -> &'static str {
    match ty {
        FieldType::String => "text",
        FieldType::Number => "number (float)",
        FieldType::Integer => "integer",
        FieldType::Boolean => "boolean",
        FieldType::Date => "date (YYYY-MM-DD; a date in Parquet)",
        FieldType::List => {
            "list (items joined by `; ` in CSV, where an item's own `; ` and `\\` are written `\\; ` and `\\\\`; an array in JSON, a list column in Parquet)"
        }
        FieldType::Object => "object (JSON text in CSV, an object in JSON)",
        FieldType::DateTime => "datetime (ISO 8601 with a space, as the source wrote it; text in Parquet)",
    }
}

fn table_section(out: &mut String, table: &Table, title: &str) {
    let _ = writeln!(out, "## {title}\n\n{}\n", table.description);
    if !table.primary_key.is_empty() {
        let _ = writeln!(out, "Primary key: `{}`.\n", table.primary_key.join("`, `"));
    }
    let _ = writeln!(out, "| column | type | unit | meaning |\n|---|---|---|---|");
    for field in &table.fields {
        let required = if field.required { " Always given." } else { "" };
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {}{required} |",
            field.name,
            type_name(field.ty),
            field.unit.unwrap_or(""),
            field.description.replace('|', "\\|")
        );
    }
    out.push('\n');
}

/// The codebook's text: flopdb's tables, then `also` (another layout's
/// models table, under its title).
pub fn markdown(also: &[(&str, Table)]) -> String {
    let empty = RecordSet::default();
    let mut out = String::from(
        "# The dataset: tables and columns\n\n\
         Generated from the column declarations of `src/dataset/` by `flopdb schema`; \
         a test fails when this file and the code disagree. `flopdb build` writes these \
         tables as CSV (UTF-8, comma-separated, a header row), as JSON (`models.json`: an \
         array of objects, lists as arrays, `extra` as an object) and describes them in a \
         Frictionless Data Package (`datapackage.json`) with the same types and descriptions, \
         and as Parquet (`<table>.parquet`: typed columns, lists as list columns, dates as \
         dates, each column's description and unit in the file's `flopdb.schema` metadata).\n\n",
    );
    let tables = [
        super::models::FlopdbLayout.table(),
        super::others::organizations(&[]),
        super::others::hardware(&[]),
        super::others::model_organizations(&empty, &[]),
        super::others::model_hardware(&empty, &[]),
    ];
    for table in &tables {
        table_section(&mut out, table, &format!("`{}.csv`", table.name));
    }
    // Epoch's layout says which record fields each of its columns is written
    // from: the correspondence between the two layouts.
    for (title, table) in also {
        table_section(&mut out, table, title);
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_models_column_is_in_the_codebook() {
        let text = super::markdown(&[]);
        for column in super::super::models::columns() {
            assert!(text.contains(&format!("| `{}` |", column.name)), "{}", column.name);
        }
    }
}
