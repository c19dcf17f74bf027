//! A record's TOML text from the record as JSON, as the importer writes it:
//! tables after plain keys, numbers in the canonical format, dates as TOML
//! dates; then through `format_record`, so a written record is canonical.

use serde_json::Value as Json;
use toml_edit::{Array, DocumentMut, Item, Table, Value};

use super::{format_record, schema_line};
use crate::quantity::format_number;
use crate::record::RecordKind;

/// Keys whose string values are dates, written as TOML dates.
const DATE_KEYS: &[&str] = &["published", "released"];

/// The canonical text of a record file from the record as JSON.
pub fn record_text(kind: RecordKind, json: &Json) -> String {
    let mut document = DocumentMut::new();
    if let Json::Object(map) = &json {
        fill_table(document.as_table_mut(), map, true);
    }
    let text = format!("{}\n{document}", schema_line(kind));
    // The document was built, not parsed: it always parses back.
    format_record(kind, &text).unwrap_or(text)
}

/// Sets the field at a dotted path (`name`, `compute.value`, `extra.x`) to
/// a JSON value, making its table when needed, and keeping every other key,
/// comment and layout of the document; `None` removes the field, and its
/// table when that is left empty.
pub fn set_field(document: &mut DocumentMut, path: &str, value: Option<&Json>) {
    let (table_key, key) = match path.split_once('.') {
        Some((table, key)) => (Some(table), key),
        None => (None, path),
    };
    // A table at the top is a `[table]`; inside one, an inline table.
    let value = value.and_then(|json| match (json, table_key) {
        (Json::Object(map), None) => {
            let mut table = Table::new();
            fill_table(&mut table, map, false);
            Some(Item::Table(table))
        }
        (json, _) => to_value(key, json).map(Item::Value),
    });
    // Comments after the last table belong to it (`flopdb new`'s commented
    // placeholders under `[hardware]`): a table added after it goes below them.
    let adds_table = match (table_key, &value) {
        (Some(table), Some(_)) => !document.as_table().get(table).is_some_and(Item::is_table),
        (None, Some(item)) => item.is_table() && document.as_table().get(key).is_none(),
        _ => false,
    };
    let trailing = if adds_table { take_trailing_comments(document) } else { None };
    let value = value.map(|mut item| {
        if let (Some(trailing), Some(table)) = (&trailing, item.as_table_mut()) {
            table.decor_mut().set_prefix(format!("{trailing}\n"));
        }
        item
    });
    let root = document.as_table_mut();
    let Some(table_key) = table_key else {
        match value {
            Some(item) => replace(root, key, item),
            None => {
                root.remove(key);
            }
        }
        return;
    };
    match value {
        Some(item) => {
            if !root.get(table_key).is_some_and(Item::is_table) {
                let mut table = Table::new();
                table.set_implicit(false);
                if let Some(trailing) = &trailing {
                    table.decor_mut().set_prefix(format!("{trailing}\n"));
                }
                root.insert(table_key, Item::Table(table));
            }
            if let Some(table) = root.get_mut(table_key).and_then(Item::as_table_mut) {
                replace(table, key, item);
            }
        }
        None => {
            let emptied = match root.get_mut(table_key).and_then(Item::as_table_mut) {
                Some(table) => {
                    table.remove(key);
                    table.is_empty()
                }
                None => false,
            };
            if emptied {
                root.remove(table_key);
            }
        }
    }
}

/// The comments at the end of the document, taken from there.
fn take_trailing_comments(document: &mut DocumentMut) -> Option<String> {
    let trailing = document.trailing().as_str()?.to_string();
    if !trailing.contains('#') {
        return None;
    }
    document.set_trailing("");
    Some(trailing.trim_end_matches(['\n', '\r', ' ', '\t']).to_string() + "\n")
}

/// Puts `item` at `key`, keeping the comments written around the old value.
fn replace(table: &mut Table, key: &str, mut item: Item) {
    match table.get_mut(key) {
        Some(old) => {
            if let (Some(old_value), Some(new_value)) = (old.as_value(), item.as_value_mut()) {
                *new_value.decor_mut() = old_value.decor().clone();
            }
            *old = item;
        }
        None => {
            table.insert(key, item);
        }
    }
}

fn fill_table(table: &mut Table, map: &serde_json::Map<String, Json>, top: bool) {
    // Plain keys first, then sub-tables: TOML requires it of a table's own
    // keys, and it reads best.
    for (key, value) in map {
        if !value.is_object()
            && let Some(v) = to_value(key, value)
        {
            table.insert(key, Item::Value(v));
        }
    }
    // Tables of the record (`[data]`); a table inside one is an inline
    // table (`source.synced`).
    for (key, value) in map {
        if let Json::Object(inner) = value {
            if top {
                let mut sub = Table::new();
                fill_table(&mut sub, inner, false);
                table.insert(key, Item::Table(sub));
            } else if let Some(v) = to_value(key, value) {
                table.insert(key, Item::Value(v));
            }
        }
    }
    if !top {
        table.set_implicit(false);
    }
}

fn to_value(key: &str, json: &Json) -> Option<Value> {
    Some(match json {
        Json::Null => return None,
        Json::Bool(b) => Value::from(*b),
        Json::Number(n) => number(n),
        Json::String(s) if DATE_KEYS.contains(&key) => {
            s.parse::<toml_edit::Datetime>().map(Value::from).unwrap_or_else(|_| Value::from(s.as_str()))
        }
        Json::String(s) => Value::from(s.as_str()),
        Json::Array(items) => {
            let mut array = Array::new();
            for item in items {
                if let Some(v) = to_value(key, item) {
                    array.push(v);
                }
            }
            Value::Array(array)
        }
        Json::Object(map) => {
            let mut inline = toml_edit::InlineTable::new();
            for (k, v) in map {
                if let Some(v) = to_value(k, v) {
                    inline.insert(k, v);
                }
            }
            Value::InlineTable(inline)
        }
    })
}

/// Integers as integers; floats in the canonical text (`1.75e11`, `0.6`),
/// which TOML reads back as the same float.
fn number(n: &serde_json::Number) -> Value {
    if let Some(i) = n.as_i64() {
        return Value::from(i);
    }
    number_value(n.as_f64().unwrap_or_default())
}

/// A float in the canonical text, as a TOML value.
pub fn number_value(f: f64) -> Value {
    let text = format_number(f);
    // `format_number` writes whole floats below a million as integers; TOML
    // integers decode to the same f64, so the value survives either way.
    text.parse::<Value>().unwrap_or_else(|_| Value::from(f))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Model, Record};
    use crate::source::SourceFile;

    #[test]
    fn writes_a_record_that_reads_back_the_same() {
        let text = "name = \"GPT-3\"\npublished = 2020-05-28\nparameters = 175e9\nnotes = \"a\\nb\"\n[data]\nsize = \"300e9 tokens\"\nepochs = 0.6\n";
        let source = SourceFile::new("m.toml", text.to_string());
        let schemas = crate::check::Schemas::new().unwrap();
        let (Some(Record::Model(model)), _) = crate::check::load(&schemas, RecordKind::Model, &source) else {
            panic!("fixture does not load")
        };
        let written = record_text(RecordKind::Model, &serde_json::to_value(&model).unwrap());
        assert!(
            written.starts_with("#:schema ../../schema/model.schema.json\nname = \"GPT-3\"\npublished = 2020-05-28\n"),
            "{written}"
        );
        assert!(written.contains("notes = \"\"\"\na\nb\"\"\""), "{written}");
        assert!(written.contains("parameters = 1.75e11\n"), "{written}");
        assert_eq!(format_record(RecordKind::Model, &written).unwrap(), written, "already canonical");
        let again = SourceFile::new("m.toml", written);
        let (Some(Record::Model(back)), diags) = crate::check::load(&schemas, RecordKind::Model, &again) else {
            panic!("written record does not load")
        };
        assert!(diags.is_empty());
        let back: Model = *back;
        assert_eq!(back, *model);
    }
}
