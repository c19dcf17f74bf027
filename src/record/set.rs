//! The validated records of a repository, keyed by id.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{Hardware, Model, Organization};

/// A decoded record with its id and file.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded<T> {
    pub id: String,
    pub path: PathBuf,
    pub record: T,
}

/// Every record that decoded, by kind and id (sorted, so every output built
/// from it is in a stable order).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecordSet {
    pub models: BTreeMap<String, Loaded<Model>>,
    pub organizations: BTreeMap<String, Loaded<Organization>>,
    pub hardware: BTreeMap<String, Loaded<Hardware>>,
}

impl RecordSet {
    /// Adds a decoded record under its id, from the file it came from.
    pub fn insert(&mut self, id: &str, path: PathBuf, record: super::Record) {
        let id = id.to_string();
        match record {
            super::Record::Model(m) => {
                self.models.insert(id.clone(), Loaded { id, path, record: *m });
            }
            super::Record::Organization(o) => {
                self.organizations.insert(id.clone(), Loaded { id, path, record: o });
            }
            super::Record::Hardware(h) => {
                self.hardware.insert(id.clone(), Loaded { id, path, record: *h });
            }
        }
    }

    pub fn len(&self) -> usize {
        self.models.len() + self.organizations.len() + self.hardware.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
