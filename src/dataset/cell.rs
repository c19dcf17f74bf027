//! A value of the dataset, with its one canonical text in CSV and its type
//! in JSON.

use chrono::NaiveDate;

use crate::quantity::format_number;

/// Items of a list column are joined with this in CSV cells. An item that
/// holds it (or a backslash) has them escaped, `\\; ` and `\\\\`, so that
/// `split_list` gives back every list exactly (6 author cells of Epoch's
/// table have `; ` inside one author).
pub const LIST_SEPARATOR: &str = "; ";

/// A list item as a CSV cell holds it: `\\` and `; ` escaped.
fn escaped_item(item: &str) -> std::borrow::Cow<'_, str> {
    if item.contains('\\') || item.contains(LIST_SEPARATOR) {
        std::borrow::Cow::Owned(item.replace('\\', "\\\\").replace(LIST_SEPARATOR, "\\; "))
    } else {
        std::borrow::Cow::Borrowed(item)
    }
}

/// The items of a list cell, as `Cell::List` wrote them.
pub fn split_list(cell: &str) -> Vec<String> {
    let mut items = Vec::new();
    if cell.is_empty() {
        return items;
    }
    let mut item = String::new();
    let mut chars = cell.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => item.extend(chars.next()),
            ';' if chars.peek() == Some(&' ') => {
                chars.next();
                items.push(std::mem::take(&mut item));
            }
            _ => item.push(c),
        }
    }
    items.push(item);
    items
}

#[derive(Debug, Clone, PartialEq, Default)]
pub enum Cell {
    #[default]
    Empty,
    Text(String),
    Number(f64),
    Integer(u64),
    Bool(bool),
    Date(NaiveDate),
    /// A list: joined in CSV, an array in JSON.
    List(Vec<String>),
    /// Keys and texts: a JSON object, in JSON as such and in CSV as its text.
    Object(std::collections::BTreeMap<String, String>),
}

impl Cell {
    pub fn text(value: Option<&str>) -> Cell {
        value.map_or(Cell::Empty, |v| Cell::Text(v.to_string()))
    }

    pub fn number(value: Option<f64>) -> Cell {
        value.map_or(Cell::Empty, Cell::Number)
    }

    pub fn list<S: ToString>(items: impl IntoIterator<Item = S>) -> Cell {
        let items: Vec<String> = items.into_iter().map(|i| i.to_string()).collect();
        if items.is_empty() { Cell::Empty } else { Cell::List(items) }
    }

    /// The text in a CSV file. A text that a spreadsheet would run as a
    /// formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage
    /// return, and is not a number) gets a leading `'`, as OWASP advises.
    pub fn csv_text(&self) -> String {
        let mut text = String::new();
        self.push_csv_text(&mut text, Dialect::Rfc4180);
        text
    }

    /// Appends the CSV text to `out` in a dialect: the build reuses one
    /// buffer for every cell instead of a new string each.
    pub fn push_csv_text(&self, out: &mut String, dialect: Dialect) {
        let guard = dialect == Dialect::Rfc4180;
        use std::fmt::Write;
        let _ = match self {
            Cell::Empty => Ok(()),
            Cell::Text(text) => {
                push_neutralized(out, [text.as_str()].into_iter(), guard);
                Ok(())
            }
            Cell::Number(n) => {
                // A float column's whole numbers keep a `.0`: readers that
                // infer types from the first rows (polars reads 100) took
                // `4` for an integer and failed on `79.4` further down.
                let text = format_number(*n);
                out.push_str(&text);
                if text.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
                    out.push_str(".0");
                }
                Ok(())
            }
            Cell::Integer(i) => write!(out, "{i}"),
            Cell::Bool(b) => write!(out, "{b}"),
            Cell::Date(d) => write!(out, "{}", d.format("%Y-%m-%d")),
            Cell::List(items) => {
                let escaped: Vec<std::borrow::Cow<'_, str>> = items.iter().map(|i| escaped_item(i)).collect();
                push_neutralized(out, escaped.iter().map(|i| i.as_ref()), guard);
                Ok(())
            }
            // Serializing strings cannot fail.
            Cell::Object(map) => {
                out.push_str(&serde_json::to_string(map).unwrap_or_default());
                Ok(())
            }
        };
    }

    /// The text as people read it: the CSV text without formula neutralization.
    pub fn plain_text(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::List(items) => items.join(LIST_SEPARATOR),
            other => other.csv_text(),
        }
    }

    /// The JSON value that `Serialize` writes, built: the tests' reference.
    #[cfg(test)]
    pub fn json(&self) -> serde_json::Value {
        use serde_json::Value as Json;
        match self {
            Cell::Empty => Json::Null,
            Cell::Text(text) => Json::String(text.clone()),
            Cell::Number(n) => serde_json::Number::from_f64(*n).map_or(Json::Null, Json::Number),
            Cell::Integer(i) => Json::from(*i),
            Cell::Bool(b) => Json::Bool(*b),
            Cell::Date(d) => Json::String(d.format("%Y-%m-%d").to_string()),
            Cell::List(items) => Json::Array(items.iter().map(|i| Json::String(i.clone())).collect()),
            Cell::Object(map) => Json::Object(map.iter().map(|(k, v)| (k.clone(), Json::String(v.clone()))).collect()),
        }
    }
}

/// A cell serializes as its `json()` value does, without building it: the
/// build writes millions of cells.
impl serde::Serialize for Cell {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Empty => serializer.serialize_none(),
            Cell::Text(text) => serializer.serialize_str(text),
            Cell::Number(n) if n.is_finite() => serializer.serialize_f64(*n),
            Cell::Number(_) => serializer.serialize_none(),
            Cell::Integer(i) => serializer.serialize_u64(*i),
            Cell::Bool(b) => serializer.serialize_bool(*b),
            Cell::Date(d) => serializer.collect_str(&d.format("%Y-%m-%d")),
            Cell::List(items) => serializer.collect_seq(items),
            Cell::Object(map) => serializer.collect_map(map),
        }
    }
}

/// How a table's CSV is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    /// RFC 4180 (CRLF line ends), with a `'` before a text that a
    /// spreadsheet would run as a formula: flopdb's own tables.
    #[default]
    Rfc4180,
    /// As Epoch's exports are written: LF line ends, and every text as it
    /// is (a note that starts with `=` stays so), a drop-in for code that
    /// reads Epoch's file.
    Epoch,
}

impl Dialect {
    pub fn line_terminator(self) -> &'static str {
        match self {
            Dialect::Rfc4180 => "\r\n",
            Dialect::Epoch => "\n",
        }
    }
}

/// The items joined with the list separator, with a leading `'` when the
/// whole would run as a formula in a spreadsheet (and `guard` asks it).
fn push_neutralized<'a>(out: &mut String, mut items: impl Iterator<Item = &'a str>, guard: bool) {
    let start = out.len();
    if let Some(first) = items.next() {
        out.push_str(first);
    }
    for item in items {
        out.push_str(LIST_SEPARATOR);
        out.push_str(item);
    }
    let text = out.get(start..).unwrap_or_default();
    if guard && runs_as_formula(text) {
        out.insert(start, '\'');
    }
}

/// Whether a spreadsheet would run the text as a formula: it starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return, and is not a number.
pub fn runs_as_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r']) && text.trim().parse::<f64>().is_err()
}

/// The text as a spreadsheet shows it and never runs it: with a leading `'`
/// where it would run as a formula.
pub fn neutralized(text: String) -> String {
    if runs_as_formula(&text) { format!("'{text}") } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_serialize_as_their_json_values() {
        let cells = [
            Cell::Empty,
            Cell::Text("a \"quoted\" text".into()),
            Cell::Number(3.14e23),
            Cell::Number(0.1968),
            Cell::Number(f64::NAN),
            Cell::Integer(10000),
            Cell::Bool(true),
            Cell::Date(NaiveDate::from_ymd_opt(2020, 5, 28).unwrap()),
            Cell::List(vec!["a".into(), "b".into()]),
        ];
        for cell in cells {
            assert_eq!(serde_json::to_string(&cell).unwrap(), serde_json::to_string(&cell.json()).unwrap(), "{cell:?}");
        }
    }

    #[test]
    /// Regression: polars (which infers a column's type from its first 100
    /// rows) failed on models.csv: `epochs` read `4` as an integer, then
    /// met `79.4`.
    fn float_columns_write_whole_numbers_as_floats() {
        assert_eq!(Cell::Number(4.0).csv_text(), "4.0");
        assert_eq!(Cell::Number(-2.0).csv_text(), "-2.0");
        assert_eq!(Cell::Number(79.4).csv_text(), "79.4");
        assert_eq!(Cell::Number(3.14e23).csv_text(), "3.14e23");
        assert_eq!(Cell::Integer(4).csv_text(), "4");
    }

    /// Regression: an author `Smith; Jones Lab` in one item read back as
    /// two authors.
    #[test]
    fn list_cells_round_trip_every_list() {
        for items in [vec!["a", "b"], vec!["Smith; Jones Lab", "Doe"], vec!["back\\slash", "semi;colon", "ends with;"]]
        {
            let items: Vec<String> = items.into_iter().map(str::to_string).collect();
            let text = Cell::List(items.clone()).csv_text();
            assert_eq!(split_list(&text), items, "{text}");
        }
        assert_eq!(Cell::List(vec!["Smith; Jones".into(), "Doe".into()]).csv_text(), "Smith\\; Jones; Doe");
    }

    #[test]
    fn formulas_are_neutralized_and_numbers_kept() {
        assert_eq!(Cell::Text("=HYPERLINK(\"x\")".into()).csv_text(), "'=HYPERLINK(\"x\")");
        assert_eq!(Cell::Text("@SUM(A1)".into()).csv_text(), "'@SUM(A1)");
        assert_eq!(Cell::Text("+1 555".into()).csv_text(), "'+1 555");
        assert_eq!(Cell::Text("-5".into()).csv_text(), "-5");
        assert_eq!(Cell::List(vec!["=1+1".into(), "b".into()]).csv_text(), "'=1+1; b");
        assert_eq!(Cell::Text("plain".into()).csv_text(), "plain");
    }
}
