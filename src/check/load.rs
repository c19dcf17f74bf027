//! One record file through the stages: TOML, JSON Schema, typed decoding.

use crate::diag::{Code, Diagnostic};
use crate::record::{Record, RecordKind};
use crate::source::SourceFile;

use super::validation::Schemas;
use crate::document::{Part, locate, parse, to_json};

/// Parses, validates and decodes one record. The record is `None` when any
/// stage found an error; the diagnostics hold every problem found.
///
/// Decoding is as strict as the schema, so a record that decodes is valid
/// and the schema is not run on it: the full validation, which reports
/// every problem with its own message, runs to explain a record that does
/// not decode.
pub fn load(schemas: &Schemas, kind: RecordKind, source: &SourceFile) -> (Option<Record>, Vec<Diagnostic>) {
    let (record, _, diagnostics) = load_partial(schemas, kind, source);
    (record, diagnostics)
}

/// As [`load`], with the record as JSON when it parses but does not decode:
/// what did decode still takes part in the rules across records.
pub fn load_partial(
    schemas: &Schemas,
    kind: RecordKind,
    source: &SourceFile,
) -> (Option<Record>, Option<serde_json::Value>, Vec<Diagnostic>) {
    let document = match parse(source) {
        Ok(document) => document,
        Err(diagnostic) => return (None, None, vec![diagnostic]),
    };
    let mut diagnostics = Vec::new();
    let json = to_json(&document, source, &mut diagnostics);
    let converted_cleanly = !diagnostics.iter().any(Diagnostic::is_error);
    let decode_error = match Record::decode(kind, &json) {
        Ok(record) if converted_cleanly => return (Some(record), None, diagnostics),
        Ok(_) => None,
        Err(error) => Some(error),
    };
    let explained = schemas.validate(kind, &json, &document, source);
    let explains = !explained.is_empty();
    diagnostics.extend(explained);
    if let Some(error) = decode_error.filter(|_| !explains) {
        let range = locate(&document, &error.pointer, Part::Value).unwrap_or(0..0);
        let key = super::rules::dotted(&error.pointer);
        diagnostics.push(Diagnostic::new(Code::Undecodable, format!("`{key}`: {}", error.message)).at(source, range));
    }
    (None, Some(json), diagnostics)
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
            if let Ok(document) = super::parse(&source) {
                let mut conversion = Vec::new();
                let json = super::to_json(&document, &source, &mut conversion);
                prop_assert_eq!(Record::decode(kind, &json).is_ok(), schemas.is_valid(kind, &json), "{}", source.text);
            }
        }
    }

    /// Every fixture record: it decodes exactly when the schema accepts it.
    #[test]
    fn decoding_is_exactly_as_strict_as_the_schema() {
        let schemas = Schemas::new().unwrap();
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut seen = 0;
        for tree in ["valid", "mistakes"] {
            for kind in RecordKind::ALL {
                let folder = fixtures.join(tree).join("records").join(kind.folder());
                for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
                    let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
                    let source = SourceFile::new(entry.path(), text);
                    let Ok(document) = super::parse(&source) else { continue };
                    let mut conversion = Vec::new();
                    let json = super::to_json(&document, &source, &mut conversion);
                    assert_eq!(
                        Record::decode(kind, &json).is_ok(),
                        schemas.is_valid(kind, &json),
                        "{}",
                        entry.path().display()
                    );
                    seen += 1;
                }
            }
        }
        assert!(seen > 25);
    }
}
