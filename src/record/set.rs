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
    pub fn len(&self) -> usize {
        self.models.len() + self.organizations.len() + self.hardware.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
