//! A table of the dataset: typed columns, rows, keys; written as CSV and
//! JSON, and described in the Data Package.

use std::io::Write;

use serde_json::{Value as Json, json};

use super::cell::{Cell, Dialect};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    String,
    Number,
    Integer,
    Boolean,
    Date,
    /// A date and time as the source wrote it (`2025-11-28 11:53:59+00:00`,
    /// `2025-05-12 18:46`): ISO 8601 with a space, the zone when given.
    DateTime,
    /// Items joined by `; ` in CSV; an array in JSON.
    List,
    /// A JSON object: its text in CSV, an object in JSON.
    Object,
}

impl FieldType {
    /// The Table Schema type.
    pub fn table_schema(self) -> &'static str {
        match self {
            FieldType::String | FieldType::List => "string",
            FieldType::Number => "number",
            FieldType::Integer => "integer",
            FieldType::Boolean => "boolean",
            FieldType::Date => "date",
            FieldType::DateTime => "datetime",
            FieldType::Object => "object",
        }
    }
}

/// The words a boolean cell may be written with.
const TRUE_WORDS: [&str; 4] = ["true", "True", "TRUE", "checked"];
const FALSE_WORDS: [&str; 3] = ["false", "False", "FALSE"];

/// A boolean from one of its words.
fn flag(text: &str) -> Option<bool> {
    let text = text.trim();
    if TRUE_WORDS.contains(&text) {
        Some(true)
    } else if FALSE_WORDS.contains(&text) {
        Some(false)
    } else {
        None
    }
}

/// A column: its name, type, unit and meaning, and how to read it from a
/// row's context `C`.
pub struct Column<C> {
    pub name: &'static str,
    pub ty: FieldType,
    pub unit: Option<&'static str>,
    pub description: &'static str,
    pub required: bool,
    pub get: fn(&C) -> Cell,
}

/// A column without its getter, as the Data Package describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: &'static str,
    pub ty: FieldType,
    pub unit: Option<&'static str>,
    pub description: std::borrow::Cow<'static, str>,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ForeignKey {
    pub fields: &'static str,
    pub resource: &'static str,
    pub reference: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The resource name; the file is `<name>.csv`.
    pub name: &'static str,
    pub description: &'static str,
    pub fields: Vec<Field>,
    pub rows: Vec<Vec<Cell>>,
    pub primary_key: Vec<&'static str>,
    pub foreign_keys: Vec<ForeignKey>,
    /// How its CSV is written: RFC 4180, or as Epoch's exports are.
    pub dialect: Dialect,
}

impl Table {
    pub fn build<C>(name: &'static str, description: &'static str, columns: &[Column<C>], contexts: &[C]) -> Table {
        let fields = columns
            .iter()
            .map(|c| Field {
                name: c.name,
                ty: c.ty,
                unit: c.unit,
                description: c.description.into(),
                required: c.required,
            })
            .collect();
        let rows = contexts.iter().map(|ctx| columns.iter().map(|c| (c.get)(ctx)).collect()).collect();
        Table {
            name,
            description,
            fields,
            rows,
            primary_key: Vec::new(),
            foreign_keys: Vec::new(),
            dialect: Dialect::Rfc4180,
        }
    }

    pub fn file_name(&self) -> String {
        format!("{}.csv", self.name)
    }

    /// RFC 4180 CSV (the csv crate's quoting, CRLF line ends), header first.
    pub fn to_csv(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        // Writing to a Vec cannot fail.
        let _ = self.write_csv(&mut bytes, self.rows.iter().cloned());
        bytes
    }

    /// The CSV header line.
    pub fn csv_header(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        let mut writer = csv_writer(&mut bytes, self.dialect);
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(self.fields.iter().map(|f| f.name));
        let _ = writer.flush();
        drop(writer);
        bytes
    }

    /// One row as a CSV line, as `write_csv` writes it.
    pub fn write_csv_row(&self, out: impl Write, row: &[Cell]) -> std::io::Result<()> {
        let mut writer = csv_writer(out, self.dialect);
        write_cells(&mut writer, row, self.dialect)?;
        writer.flush()
    }

    /// Writes the header and `rows` as CSV, one row at a time.
    pub fn write_csv(&self, out: impl Write, rows: impl Iterator<Item = Vec<Cell>>) -> std::io::Result<()> {
        let mut writer = csv_writer(out, self.dialect);
        writer.write_record(self.fields.iter().map(|f| f.name))?;
        for row in rows {
            write_cells(&mut writer, &row, self.dialect)?;
        }
        writer.flush()
    }

    /// One row as a pretty-printed JSON object, written straight from the
    /// cells: typed values, `null` for empty.
    pub fn write_json_object(&self, out: &mut impl Write, row: &[Cell]) -> serde_json::Result<()> {
        use serde::ser::{SerializeMap, Serializer};
        let mut serializer = serde_json::Serializer::pretty(out);
        let mut map = serializer.serialize_map(Some(self.fields.len().min(row.len())))?;
        for (field, cell) in self.fields.iter().zip(row) {
            // A layout that keeps a source's texts (Epoch's) still gives
            // JSON numbers in its number columns.
            let number = match (field.ty, cell) {
                (FieldType::Number, Cell::Text(text)) => text.trim().parse::<f64>().ok().map(Cell::Number),
                (FieldType::Integer, Cell::Text(text)) => text.trim().parse::<u64>().ok().map(Cell::Integer),
                (FieldType::Boolean, Cell::Text(text)) => flag(text).map(Cell::Bool),
                _ => None,
            };
            map.serialize_entry(field.name, number.as_ref().unwrap_or(cell))?;
        }
        map.end()
    }

    /// The Table Schema of the CSV file.
    pub fn schema(&self) -> Json {
        let fields: Vec<Json> = self
            .fields
            .iter()
            .map(|f| {
                let mut description = f.description.to_string();
                if let Some(unit) = f.unit {
                    description.push_str(&format!(" Unit: {unit}."));
                }
                if f.ty == FieldType::List {
                    description.push_str(" A list: items are separated by \"; \".");
                }
                let mut field = json!({ "name": f.name, "type": f.ty.table_schema(), "description": description });
                if f.ty == FieldType::Date {
                    field["format"] = json!("%Y-%m-%d");
                }
                // Written as the source wrote it, with or without seconds and zone.
                if f.ty == FieldType::DateTime {
                    field["format"] = json!("any");
                }
                // Every word a boolean column is written with: flopdb's
                // `true`, and Epoch's `True` and `checked` (its 2025 exports)
                // in a layout that keeps the source's texts.
                if f.ty == FieldType::Boolean {
                    field["trueValues"] = json!(TRUE_WORDS);
                    field["falseValues"] = json!(FALSE_WORDS);
                }
                if f.required {
                    field["constraints"] = json!({ "required": true });
                }
                if self.primary_key.contains(&f.name) {
                    field["constraints"] = json!({ "required": true, "unique": self.primary_key.len() == 1 });
                }
                field
            })
            .collect();
        let mut schema = json!({ "fields": fields });
        if !self.primary_key.is_empty() {
            schema["primaryKey"] = json!(self.primary_key);
        }
        if !self.foreign_keys.is_empty() {
            let keys: Vec<Json> = self
                .foreign_keys
                .iter()
                .map(|k| json!({ "fields": k.fields, "reference": { "resource": k.resource, "fields": k.reference } }))
                .collect();
            schema["foreignKeys"] = json!(keys);
        }
        schema
    }
}

/// RFC 4180 with CRLF line ends (or LF): every CSV file of the dataset.
fn csv_writer<W: Write>(out: W, dialect: Dialect) -> csv::Writer<W> {
    let end = match dialect {
        Dialect::Epoch => csv::Terminator::Any(b'\n'),
        Dialect::Rfc4180 => csv::Terminator::CRLF,
    };
    csv::WriterBuilder::new().terminator(end).from_writer(out)
}

/// One record, each cell's text built in one reused buffer.
fn write_cells<W: Write>(writer: &mut csv::Writer<W>, row: &[Cell], dialect: Dialect) -> csv::Result<()> {
    let mut field = String::new();
    for cell in row {
        field.clear();
        cell.push_csv_text(&mut field, dialect);
        writer.write_field(&field)?;
    }
    // Ends the record whose fields were written one by one.
    writer.write_record(std::iter::empty::<&[u8]>())
}
