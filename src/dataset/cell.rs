//! A value of the dataset, with its one canonical text in CSV and its type
//! in JSON.

use chrono::NaiveDate;
use serde_json::Value as Json;

use crate::quantity::format_number;

/// Items of a list column are joined with this in CSV cells.
pub const LIST_SEPARATOR: &str = "; ";

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Integer(u64),
    Bool(bool),
    Date(NaiveDate),
    /// A list: joined in CSV, an array in JSON.
    List(Vec<String>),
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
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => neutralize(text),
            Cell::Number(n) => format_number(*n),
            Cell::Integer(i) => i.to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::List(items) => neutralize(&items.join(LIST_SEPARATOR)),
        }
    }

    /// The text as people read it: the CSV text without formula neutralization.
    pub fn plain_text(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::List(items) => items.join(LIST_SEPARATOR),
            other => other.csv_text(),
        }
    }

    pub fn json(&self) -> Json {
        match self {
            Cell::Empty => Json::Null,
            Cell::Text(text) => Json::String(text.clone()),
            Cell::Number(n) => serde_json::Number::from_f64(*n).map_or(Json::Null, Json::Number),
            Cell::Integer(i) => Json::from(*i),
            Cell::Bool(b) => Json::Bool(*b),
            Cell::Date(d) => Json::String(d.format("%Y-%m-%d").to_string()),
            Cell::List(items) => Json::Array(items.iter().map(|i| Json::String(i.clone())).collect()),
        }
    }
}

fn neutralize(text: &str) -> String {
    let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && text.trim().parse::<f64>().is_err() { format!("'{text}") } else { text.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

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
