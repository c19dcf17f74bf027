//! The record model: the three kinds of record, their fields and
//! vocabularies. The JSON Schemas in `schema/` are generated from these types
//! and nowhere else (`flopdb schema`).

mod fields;
mod hardware;
mod id;
mod model;
mod name_text;
mod organization;
mod set;
mod tasks;
pub mod vocab;

pub use fields::{Count, OneOrMany};
pub use hardware::{Hardware, Peak, SparsePeak};
pub use id::{
    ID_PATTERN, Id, MAX_ID_LEN, is_reserved_name, is_valid_id, loose_name_key, name_key, related_names,
    same_model_names, slug, slugify,
};
pub use model::{Compute, ExtraCompute, KeptCell, Model, Origin, TrainingData, TrainingHardware};
pub use name_text::{NameFlaw, clean_name, name_flaw};
pub use organization::Organization;
pub use set::{Loaded, ModelSummary, RecordSet};
pub use vocab::{
    Accessibility, Approach, Categorization, CodeAccessibility, Confidence, DatePrecision, Domain, HardwareKind,
    Method, Notability, Precision, Task, Term, term_key,
};

use std::fmt;

/// The kinds of record, one folder each under `records/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RecordKind {
    Model,
    Organization,
    Hardware,
}

impl RecordKind {
    pub const ALL: [RecordKind; 3] = [RecordKind::Model, RecordKind::Organization, RecordKind::Hardware];

    /// The folder under `records/`.
    pub fn folder(self) -> &'static str {
        match self {
            RecordKind::Model => "models",
            RecordKind::Organization => "organizations",
            RecordKind::Hardware => "hardware",
        }
    }

    /// The schema file under `schema/`.
    pub fn schema_file(self) -> &'static str {
        match self {
            RecordKind::Model => "model.schema.json",
            RecordKind::Organization => "organization.schema.json",
            RecordKind::Hardware => "hardware.schema.json",
        }
    }

    pub fn from_folder(folder: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.folder() == folder)
    }

    /// The JSON Schema generated from the Rust type.
    pub fn json_schema(self) -> serde_json::Value {
        let schema = match self {
            RecordKind::Model => schemars::schema_for!(Model),
            RecordKind::Organization => schemars::schema_for!(Organization),
            RecordKind::Hardware => schemars::schema_for!(Hardware),
        };
        let mut value = schema.to_value();
        without_null(&mut value);
        value
    }
}

/// TOML has no null: an optional field is absent, never null. Without the
/// null schemars gives options, a validator names the one schema a value
/// breaks, not each branch of an `anyOf` (eight messages for one key).
fn without_null(schema: &mut serde_json::Value) {
    use serde_json::Value as Json;
    match schema {
        Json::Object(map) => {
            if let Some(Json::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if let [only] = types.as_slice() {
                    let only = only.clone();
                    map.insert("type".to_string(), only);
                }
            }
            let is_null = |s: &Json| s.get("type").and_then(Json::as_str) == Some("null");
            if let Some(Json::Array(branches)) = map.get_mut("anyOf")
                && branches.iter().any(is_null)
            {
                branches.retain(|b| !is_null(b));
                if let [Json::Object(only)] = branches.as_slice() {
                    let only = only.clone();
                    map.remove("anyOf");
                    for (key, value) in only {
                        map.entry(key).or_insert(value);
                    }
                }
            }
            map.values_mut().for_each(without_null);
        }
        Json::Array(items) => items.iter_mut().for_each(without_null),
        _ => {}
    }
}

impl fmt::Display for RecordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RecordKind::Model => "model",
            RecordKind::Organization => "organization",
            RecordKind::Hardware => "hardware",
        })
    }
}

/// A decoded record of any kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Model(Box<Model>),
    Organization(Organization),
    Hardware(Box<Hardware>),
}

impl Record {
    pub fn kind(&self) -> RecordKind {
        match self {
            Record::Model(_) => RecordKind::Model,
            Record::Organization(_) => RecordKind::Organization,
            Record::Hardware(_) => RecordKind::Hardware,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Record::Model(m) => &m.name,
            Record::Organization(o) => &o.name,
            Record::Hardware(h) => &h.name,
        }
    }

    pub fn aliases(&self) -> &[String] {
        match self {
            Record::Model(m) => &m.aliases,
            Record::Organization(o) => &o.aliases,
            Record::Hardware(h) => &h.aliases,
        }
    }

    /// The model, if this record is one.
    pub fn into_model(self) -> Option<Model> {
        match self {
            Record::Model(m) => Some(*m),
            _ => None,
        }
    }

    /// Decodes a record from its JSON form. Decoding is exactly as strict as
    /// the kind's schema (a test holds the two together), so a record that
    /// decodes is valid.
    pub fn decode(kind: RecordKind, value: &serde_json::Value) -> Result<Record, DecodeError> {
        fn go<T: serde::de::DeserializeOwned>(value: &serde_json::Value) -> Result<T, DecodeError> {
            serde_path_to_error::deserialize(value)
                .map_err(|e| DecodeError { pointer: path_to_pointer(e.path()), message: e.inner().to_string() })
        }
        Ok(match kind {
            RecordKind::Model => Record::Model(Box::new(go(value)?)),
            RecordKind::Organization => Record::Organization(go(value)?),
            RecordKind::Hardware => Record::Hardware(Box::new(go(value)?)),
        })
    }
}

/// A record that does not decode, with the JSON pointer of the culprit.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct DecodeError {
    pub pointer: String,
    pub message: String,
}

pub fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
            }
            Segment::Unknown => break,
        }
    }
    pointer
}
