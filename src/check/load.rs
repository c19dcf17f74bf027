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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fragment() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                Just("name = \"x\"\n".to_string()),
                Just("published = 2020-01-01\n".to_string()),
                Just("[compute]\n".to_string()),
                Just("[hardware]\n".to_string()),
                Just("value = \"1e20 FLOP\"\n".to_string()),
                Just("count = 1e400\n".to_string()),
                Just("domains = [[[[\"language\"]]]]\n".to_string()),
                "[a-z_]{1,8} = \"[0-9eE.+ -]{0,8}[a-zA-Z/%-]{0,6}\"\n",
                "[a-z_]{1,8} = -?[0-9]{1,3}(\\.[0-9]{0,3})?\n",
                ".{0,20}",
            ],
            0..12,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #[test]
        fn no_text_makes_loading_panic(text in fragment(), kind in 0usize..3) {
            let schemas = Schemas::new().unwrap();
            let kind = RecordKind::ALL[kind];
            let source = SourceFile::new("records/models/x.toml", text);
            let (record, diagnostics) = load(&schemas, kind, &source);
            // Either it decoded, or it said why.
            prop_assert!(record.is_some() || !diagnostics.is_empty());
        }
    }
}
