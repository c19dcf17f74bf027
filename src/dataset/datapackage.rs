//! `datapackage.json`: the Frictionless Data Package descriptor of the
//! CSV files, with a Table Schema each, the licence, the source credit and
//! the build's commit.

use serde_json::{Value as Json, json};

use super::table::Table;
use crate::git::Provenance;

pub fn descriptor(tables: &[&Table], provenance: &Provenance, layout: &str) -> Json {
    let resources: Vec<Json> = tables
        .iter()
        .map(|t| {
            json!({
                "name": t.name,
                "path": t.file_name(),
                "profile": "tabular-data-resource",
                "description": t.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": { "delimiter": ",", "lineTerminator": t.dialect.line_terminator(), "quoteChar": "\"", "doubleQuote": true, "header": true },
                "schema": t.schema(),
            })
        })
        .collect();
    json!({
        "profile": "tabular-data-package",
        "name": "flopdb",
        "title": "Machine-learning models and their training compute",
        "description": "Notable ML models with publication dates, organizations, parameters, data and training compute, compiled by flopdb from its records. Numbers are written in one canonical form that reads back as the same float; list cells join items with \"; \".",
        "licenses": [{
            "name": "CC-BY-4.0",
            "title": "Creative Commons Attribution 4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/"
        }],
        "sources": [{
            "title": "Epoch AI, 'All ML Systems' (export of 2025-08-07) and ML hardware tables, CC BY 4.0",
            "path": "https://epoch.ai/data"
        }],
        "flopdb": {
            "layout": layout,
            "commit": provenance.commit(),
            "uncommitted_changes": provenance.dirty(),
        },
        "resources": resources,
    })
}
