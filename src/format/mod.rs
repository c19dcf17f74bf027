//! `fmt`: the canonical form of a record, keeping everything a person wrote.
//!
//! Keys in the order of the record's type (unknown keys after, in their own
//! order), plain keys before tables, one blank line before each table, bare
//! keys, strings and numbers in the canonical text (`quantity::format_number`'s), and
//! arrays on one line. Comments stay with the key, value or table they were
//! written against; an array or inline table with comments inside keeps its
//! layout. Only the syntax changes: the record means the same (a property
//! test holds it).

mod comments;
mod files;
mod write;

pub use comments::would_lose;
pub use files::{FormatOutcome, format_files};
pub use write::{record_text, set_field};

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde_json::Value as Json;
use toml_edit::{Array, Decor, DocumentMut, Item, Key, RawString, Table, Value};

use crate::record::RecordKind;
use write::number_value;

/// The order of a kind's keys, and of the keys of each of its tables.
#[derive(Debug, Default)]
struct KeyOrder {
    keys: Vec<String>,
    tables: BTreeMap<String, Vec<String>>,
}

fn key_order(kind: RecordKind) -> &'static KeyOrder {
    static ORDERS: OnceLock<[KeyOrder; 3]> = OnceLock::new();
    let orders = ORDERS.get_or_init(|| RecordKind::ALL.map(|k| order_from_schema(&k.json_schema())));
    let index = RecordKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
    // `ALL` has three kinds and so has the array.
    &orders[index.min(2)]
}

fn order_from_schema(schema: &Json) -> KeyOrder {
    let properties = |value: &Json| -> Vec<String> {
        value.get("properties").and_then(Json::as_object).map(|p| p.keys().cloned().collect()).unwrap_or_default()
    };
    let mut order = KeyOrder { keys: properties(schema), tables: BTreeMap::new() };
    let Some(fields) = schema.get("properties").and_then(Json::as_object) else { return order };
    for (key, field) in fields {
        // A table field refers to its type's definition, directly or in an anyOf with null.
        let reference = field.get("$ref").or_else(|| {
            field.get("anyOf").and_then(Json::as_array).and_then(|options| options.iter().find_map(|o| o.get("$ref")))
        });
        let definition = reference
            .and_then(Json::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
            .and_then(|name| schema.get("$defs").and_then(|defs| defs.get(name)));
        if let Some(definition) = definition {
            let keys = properties(definition);
            if !keys.is_empty() {
                order.tables.insert(key.clone(), keys);
            }
        }
    }
    order
}

/// The first line of every record: where editors find its schema.
pub fn schema_line(kind: RecordKind) -> String {
    format!("#:schema ../../schema/{}", kind.schema_file())
}

/// A record's text without its schema line (and byte-order mark): the
/// rest is a person's.
pub fn without_schema_line(text: &str) -> &str {
    match text.strip_prefix('\u{feff}').unwrap_or(text) {
        t if t.starts_with("#:schema") => t.split_once('\n').map_or("", |(_, rest)| rest),
        t => t,
    }
}

/// The canonical text of a record file. Fails only when the text is not TOML.
pub fn format_record(kind: RecordKind, text: &str) -> Result<String, toml_edit::TomlError> {
    // The schema line is rewritten, whatever it said.
    let body = without_schema_line(text);
    let mut document: DocumentMut = body.parse()?;
    let header = take_header(document.as_table_mut());
    let order = key_order(kind);
    format_table(document.as_table_mut(), &order.keys, Some(&order.tables));
    let trailing = comment_lines(document.trailing().as_str().unwrap_or_default());
    document.set_trailing(trailing);
    let mut out = format!("{}\n{header}{document}", schema_line(kind));
    while out.ends_with("\n\n") {
        out.pop();
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

/// The file's header: comment lines at the top that a blank line separates
/// from the first key (or table), which stay at the top wherever that key
/// goes. Comments right above the first key stay with it.
fn take_header(table: &mut Table) -> String {
    let Some(first) = table.iter().map(|(k, _)| k.to_string()).next() else { return String::new() };
    let split = |text: &str| -> Option<(String, String)> {
        let lines: Vec<&str> = text.lines().collect();
        let blank = lines.iter().rposition(|l| l.trim().is_empty())?;
        let (above, below) = lines.split_at(blank);
        let header = comment_lines(&above.join("\n"));
        (!header.is_empty()).then(|| (format!("{header}\n"), below.join("\n") + "\n"))
    };
    if table.get(&first).is_some_and(Item::is_table) {
        let Some(Item::Table(sub)) = table.get_mut(&first) else { return String::new() };
        let Some((header, rest)) = split(prefix(sub.decor())) else { return String::new() };
        sub.decor_mut().set_prefix(rest);
        return header;
    }
    let Some(mut key) = table.key_mut(&first) else { return String::new() };
    let Some((header, rest)) = split(prefix(key.leaf_decor())) else { return String::new() };
    key.leaf_decor_mut().set_prefix(rest);
    header
}

/// Where a key goes: its place in the type, or after every known key.
fn rank(order: &[String], key: &str) -> usize {
    order.iter().position(|k| k == key).unwrap_or(order.len())
}

fn format_table(table: &mut Table, order: &[String], tables: Option<&BTreeMap<String, Vec<String>>>) {
    // Every entry taken out at once: removing keys one by one shifts the
    // map each time, which made a record of 64,000 keys take half a minute.
    let keys: Vec<Key> = table.iter().filter_map(|(name, _)| table.key(name).cloned()).collect();
    let mut emptied = Table::new();
    emptied.set_implicit(table.is_implicit());
    emptied.set_dotted(table.is_dotted());
    emptied.set_position(table.position());
    *emptied.decor_mut() = table.decor().clone();
    let taken = std::mem::replace(table, emptied);
    let mut entries: Vec<(Key, Item)> = keys.into_iter().zip(taken.into_iter().map(|(_, item)| item)).collect();
    // Stable: unknown keys keep their order among themselves.
    entries.sort_by_key(|(key, _)| rank(order, key.get()));
    let no_tables = BTreeMap::new();
    for (position, (key, mut item)) in entries.into_iter().enumerate() {
        let name = key.get().to_string();
        let mut new_key = Key::new(name.as_str());
        match &mut item {
            Item::Value(value) => {
                *new_key.leaf_decor_mut() = Decor::new(comment_lines(prefix(key.leaf_decor())), " ");
                normalize_value(value);
                value.decor_mut().set_prefix(" ");
            }
            Item::Table(sub) => {
                let sub_order = tables.and_then(|t| t.get(&name)).map(Vec::as_slice).unwrap_or_default();
                if sub.is_dotted() {
                    *new_key.leaf_decor_mut() = Decor::new(comment_lines(prefix(key.leaf_decor())), "");
                } else {
                    sub.set_position(Some(position as isize));
                    let suffix = trailing_comment(suffix(sub.decor()));
                    *sub.decor_mut() = Decor::new(header_prefix(prefix(sub.decor())), suffix);
                }
                format_table(sub, sub_order, Some(&no_tables));
            }
            _ => {}
        }
        table.insert_formatted(&new_key, item);
    }
}

/// What goes before a table's header: the comments that close the table
/// before it (the ones a blank line separates from the header), one blank
/// line, then the comments right above the header, which are about it.
fn header_prefix(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let (closing, above) = match lines.iter().rposition(|l| l.trim().is_empty()) {
        Some(blank) => lines.split_at(blank),
        None => (&lines[..0], &lines[..]),
    };
    format!("{}\n{}", comment_lines(&closing.join("\n")), comment_lines(&above.join("\n")))
}

fn prefix(decor: &Decor) -> &str {
    decor.prefix().and_then(RawString::as_str).unwrap_or_default()
}

fn suffix(decor: &Decor) -> &str {
    decor.suffix().and_then(RawString::as_str).unwrap_or_default()
}

/// The comment lines of a run of whitespace and comments, blank lines dropped.
fn comment_lines(text: &str) -> String {
    text.lines().map(str::trim).filter(|l| l.starts_with('#')).map(|l| format!("{l}\n")).collect()
}

/// A comment after a value on its line, as ` # text`; nothing else.
fn trailing_comment(text: &str) -> String {
    match text.trim() {
        t if t.starts_with('#') => format!(" {t}"),
        _ => String::new(),
    }
}

/// A float in the canonical text, still a TOML float (`15.0`, not `15`):
/// formatting changes no value's type.
fn float_value(f: f64) -> Value {
    match number_value(f) {
        Value::Integer(_) => {
            format!("{}.0", crate::quantity::format_number(f)).parse().unwrap_or_else(|_| Value::from(f))
        }
        other => other,
    }
}

fn has_comment(decor: &Decor) -> bool {
    prefix(decor).contains('#') || suffix(decor).contains('#')
}

/// A value in its canonical text, keeping a comment after it.
fn normalize_value(value: &mut Value) {
    let comment = trailing_comment(suffix(value.decor()));
    let before = value.decor().prefix().cloned();
    let canonical = match value {
        Value::String(s) => Some(Value::from(s.value().as_str())),
        Value::Integer(i) => Some(Value::from(*i.value())),
        Value::Float(f) if f.value().is_finite() => Some(float_value(*f.value())),
        Value::Float(_) => None,
        Value::Boolean(b) => Some(Value::from(*b.value())),
        Value::Datetime(d) => Some(Value::from(*d.value())),
        Value::Array(array) => {
            let commented = array.iter().any(|v| has_comment(v.decor()))
                || array.trailing().as_str().is_some_and(|t| t.contains('#'));
            for item in array.iter_mut() {
                normalize_value(item);
            }
            if commented {
                None
            } else {
                let mut fresh = Array::new();
                for item in array.iter() {
                    let mut item = item.clone();
                    item.decor_mut().clear();
                    fresh.push_formatted(item);
                }
                fresh.fmt();
                Some(Value::Array(fresh))
            }
        }
        Value::InlineTable(inline) => {
            let commented = inline.iter().any(|(_, v)| has_comment(v.decor()));
            for (_, item) in inline.iter_mut() {
                normalize_value(item);
            }
            if !commented {
                inline.fmt();
            }
            None
        }
    };
    if let Some(canonical) = canonical {
        *value = canonical;
    }
    if let Some(before) = before {
        value.decor_mut().set_prefix(before);
    }
    value.decor_mut().set_suffix(comment);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(text: &str) -> String {
        format_record(RecordKind::Model, text).unwrap()
    }

    #[test]
    fn keys_go_in_the_types_order_and_comments_stay_with_them() {
        let text = "\
# about the parameters
parameters = 175_000_000_000   # from the paper
name = 'GPT-3'
published = 2020-05-28

[compute]
value = \"3.14e23 FLOP\"
[data]
# tokens, not words
size = \"300e9 tokens\"
";
        let formatted = model(text);
        assert_eq!(
            formatted,
            "\
#:schema ../../schema/model.schema.json
name = \"GPT-3\"
published = 2020-05-28
# about the parameters
parameters = 175000000000 # from the paper

[data]
# tokens, not words
size = \"300e9 tokens\"

[compute]
value = \"3.14e23 FLOP\"
"
        );
        assert_eq!(model(&formatted), formatted, "idempotent");
    }

    #[test]
    fn numbers_strings_and_arrays_take_the_canonical_text() {
        let formatted = model(
            "#:schema wrong/path.json\n\"name\" = \"X\"\npublished = 2020-01-01\nparameters = 1.750e11\nauthors = [ \"a\" ,\n  \"b\", ]\n\n\n\nnotes = 'plain'\n",
        );
        assert_eq!(
            formatted,
            "#:schema ../../schema/model.schema.json\nname = \"X\"\npublished = 2020-01-01\nauthors = [\"a\", \"b\"]\nparameters = 1.75e11\nnotes = \"plain\"\n"
        );
    }

    #[test]
    fn arrays_with_comments_keep_their_layout_and_unknown_keys_go_last() {
        let text = "zz_unknown = 1\nname = \"X\"\nlinks = [\n  \"https://a.example\", # the paper\n  \"https://b.example\",\n]\n";
        let formatted = model(text);
        assert!(formatted.contains("# the paper"), "{formatted}");
        assert!(formatted.find("name").unwrap() < formatted.find("links").unwrap());
        assert!(formatted.trim_end().ends_with("zz_unknown = 1"), "{formatted}");
        assert_eq!(model(&formatted), formatted);
    }

    #[test]
    fn not_toml_is_an_error() {
        assert!(format_record(RecordKind::Model, "name = \n").is_err());
    }
}
