//! The explorer's data: what the home page's script draws and filters,
//! written as `data.js` (a script, not a JSON file: a page opened from disk
//! may not fetch a file beside it, but it may load a script).
//!
//! Each model is an array in the order of `FIELDS`, in the table's order
//! (row `i` of the table is model `i`), so the script finds a row by index.

use serde::Serialize;
use serde_json::{Value, json};

use super::pages::TableRow;
use crate::trends::Analysis;

/// The names of a model's entries, in order; the script reads them by name.
pub const FIELDS: [&str; 13] = [
    "id",
    "name",
    "aliases",
    "published",
    "compute",
    "method",
    "confidence",
    "domains",
    "organizations",
    "kind",
    "notable",
    "parameters",
    "data",
];

/// An era's trend line, as the chart draws it.
#[derive(Debug, Clone, Serialize)]
pub struct EraLine {
    pub name: String,
    /// The first and last models' dates, and the line's log10 FLOP there.
    pub from: String,
    pub to: String,
    pub from_log10: f64,
    pub to_log10: f64,
    pub doubling_months: Option<f64>,
    pub models: usize,
}

pub fn era_lines(analysis: &Analysis) -> Vec<EraLine> {
    analysis
        .eras
        .iter()
        .map(|trend| EraLine {
            name: trend.era.name.clone(),
            from: trend.first.to_string(),
            to: trend.last.to_string(),
            from_log10: trend.line_at(trend.first),
            to_log10: trend.line_at(trend.last),
            doubling_months: trend.doubling_months,
            models: trend.n,
        })
        .collect()
}

fn model_entry(row: &TableRow) -> Value {
    json!([
        row.id,
        row.name,
        row.aliases,
        row.published,
        row.compute_value,
        row.method,
        row.confidence,
        row.domain_labels,
        row.organization_names,
        row.kind,
        row.notable,
        row.parameters_value,
        row.data_value,
    ])
}

/// The text of `data.js`. Deterministic: the rows' order and serde_json's.
pub fn data_script(rows: &[TableRow], eras: &[EraLine]) -> String {
    let data = json!({
        "fields": FIELDS,
        "models": rows.iter().map(model_entry).collect::<Vec<_>>(),
        "eras": eras,
    });
    // JSON is a JavaScript expression; the script runs nothing but this
    // assignment, whatever a model's name holds.
    format!("window.flopdbData = {data};\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_cannot_leave_its_string() {
        let row = TableRow {
            id: "x".into(),
            name: "\";alert(1);//</script>\u{2028}".into(),
            published: "2020-01-01".into(),
            organizations: String::new(),
            domains: String::new(),
            parameters: String::new(),
            parameters_value: None,
            data: String::new(),
            compute: String::new(),
            compute_value: Some(1e20),
            method: String::new(),
            confidence: String::new(),
            aliases: vec![],
            organization_names: vec![],
            domain_labels: vec![],
            kind: "unknown".into(),
            notable: false,
            data_value: None,
        };
        let script = data_script(&[row], &[]);
        let json = script.trim_start_matches("window.flopdbData = ").trim_end().trim_end_matches(';');
        let parsed: Value = serde_json::from_str(json).unwrap_or_default();
        assert_eq!(parsed["models"][0][1], "\";alert(1);//</script>\u{2028}");
        assert_eq!(parsed["models"][0].as_array().map(Vec::len), Some(FIELDS.len()));
    }
}
