//! Renderers: each turns the same diagnostics into one output format.

pub mod github;
pub mod human;
pub mod json;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::source::SourceFile;

/// The output formats of every command that reports diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// rustc-style, with the source line and a caret.
    #[default]
    Human,
    /// One JSON object per line.
    Json,
    /// GitHub Actions workflow commands (`::error file=...`).
    Github,
}

/// The texts of the files diagnostics point into, for the human renderer's
/// source lines.
#[derive(Debug, Clone, Default)]
pub struct Sources(BTreeMap<PathBuf, Arc<SourceFile>>);

impl Sources {
    pub fn insert(&mut self, source: Arc<SourceFile>) {
        self.0.insert(source.path.clone(), source);
    }

    pub fn get(&self, path: &Path) -> Option<&SourceFile> {
        self.0.get(path).map(Arc::as_ref)
    }
}
