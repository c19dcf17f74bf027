//! What `check --changed-since` checks: the records a branch added or
//! changed, and (through `touched`) the models that reference a changed or
//! removed record.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::git::{ChangesError, changed_since};
use crate::record::RecordKind;

/// The selection of a changed-only check, and how to say it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangedScope {
    /// The files to report on; `None` (everything) when flopdb.toml changed,
    /// since new settings can change any record's findings.
    pub only: Option<BTreeSet<PathBuf>>,
    /// Records changed or removed, for `CheckOptions::touched`.
    pub touched: BTreeSet<(RecordKind, String)>,
    /// `changed since main (merge base 0123abcd4567): 2 added or changed, 1 removed`.
    pub summary: String,
}

/// The scope of a check of what changed since the merge base of `reference`.
pub fn changed_scope(root: &Path, reference: &str) -> Result<ChangedScope, ChangesError> {
    let changes = changed_since(root, reference)?;
    let touched = changes
        .changed
        .iter()
        .chain(&changes.removed)
        .filter_map(|path| crate::repo::classify(root, &root.join(path)).ok())
        .map(|record| (record.kind, record.id))
        .collect();
    let base = changes.base.get(..12).unwrap_or(&changes.base);
    let summary = format!(
        "changed since {reference} (merge base {base}): {} added or changed, {} removed{}",
        changes.changed.len(),
        changes.removed.len(),
        if changes.config_changed { "; flopdb.toml changed, so every record" } else { "" }
    );
    let only =
        (!changes.config_changed).then(|| changes.changed.iter().filter(|p| root.join(p).is_file()).cloned().collect());
    Ok(ChangedScope { only, touched, summary })
}
