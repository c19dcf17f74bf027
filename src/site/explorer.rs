//! The explorer's data: what the home page's script draws and filters,
//! written as `data.js` (a script, not a JSON file: a page opened from disk
//! may not fetch a file beside it, but it may load a script).
//!
//! Each model is an array in the order of `FIELDS`, in the table's order
//! (row `i` of the table is model `i`), so the script finds a row by index.

use serde_json::{Value, json};

use super::pages::TableRow;
use crate::trends::Quantity;

/// The names of a model's entries, in order; the script reads them by name.
pub const FIELDS: [&str; 22] = [
    "id",
    "name",
    "aliases",
    "published",
    "compute",
    "method",
    "origin",
    "origin_label",
    "confidence",
    "domains",
    "organizations",
    "kind",
    "countries",
    "accessibility",
    "hardware",
    "notable",
    "finetune",
    "frontier",
    "open_weights",
    "values",
    "parameters",
    "data",
];

fn model_entry(row: &TableRow) -> Value {
    json!([
        row.id,
        row.name,
        row.aliases,
        row.published,
        row.compute_value,
        row.method,
        row.origin,
        row.origin_label,
        row.confidence,
        row.domain_labels,
        row.organization_names,
        row.kind,
        row.countries,
        row.accessibility,
        row.hardware_names,
        row.notable,
        row.finetune,
        row.epoch_frontier,
        row.open_weights,
        row.values,
        row.parameters_value,
        row.data_value,
    ])
}

/// The quantities a chart can draw, in the order of each model's `values`:
/// `trends --quantity`'s names, labels and `models.csv` columns.
fn quantities() -> Vec<Value> {
    Quantity::ALL.iter().map(|q| json!({ "name": q.name(), "label": q.label(), "column": q.column() })).collect()
}

/// The text of `data.js`. Deterministic: the rows' order and serde_json's.
pub fn data_script(rows: &[TableRow], commit: Option<&str>) -> String {
    let data = json!({
        "fields": FIELDS,
        "quantities": quantities(),
        "commit": commit,
        "models": rows.iter().map(model_entry).collect::<Vec<_>>(),
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
            origin: String::new(),
            origin_label: String::new(),
            values: vec![Some(1e20)],
            countries: vec![],
            accessibility: String::new(),
            hardware_names: vec!["</script>".into()],
            finetune: false,
            epoch_frontier: false,
            open_weights: None,
        };
        let script = data_script(&[row], Some("abc"));
        let json = script.trim_start_matches("window.flopdbData = ").trim_end().trim_end_matches(';');
        let parsed: Value = serde_json::from_str(json).unwrap_or_default();
        assert_eq!(parsed["models"][0][1], "\";alert(1);//</script>\u{2028}");
        assert_eq!(parsed["models"][0].as_array().map(Vec::len), Some(FIELDS.len()));
    }
}
