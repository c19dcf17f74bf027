//! One record file through the stages: TOML, JSON Schema, typed decoding.

use crate::diag::{Code, Diagnostic};
use crate::record::{Record, RecordKind};
use crate::source::SourceFile;

use super::document::{Part, locate, parse, to_json};
use super::schema::Schemas;

/// Parses, validates and decodes one record. The record is `None` when any
/// stage found an error; the diagnostics hold every problem found.
pub fn load(schemas: &Schemas, kind: RecordKind, source: &SourceFile) -> (Option<Record>, Vec<Diagnostic>) {
    let document = match parse(source) {
        Ok(document) => document,
        Err(diagnostic) => return (None, vec![diagnostic]),
    };
    let mut diagnostics = Vec::new();
    let json = to_json(&document, source, &mut diagnostics);
    diagnostics.extend(schemas.validate(kind, &json, &document, source));
    if !diagnostics.is_empty() {
        return (None, diagnostics);
    }
    match Record::decode(kind, json) {
        Ok(record) => (Some(record), diagnostics),
        Err(error) => {
            let range = locate(&document, &error.pointer, Part::Value).unwrap_or(0..0);
            let key = super::rules::dotted(&error.pointer);
            diagnostics
                .push(Diagnostic::new(Code::Undecodable, format!("`{key}`: {}", error.message)).at(source, range));
            (None, diagnostics)
        }
    }
}
