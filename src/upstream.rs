//! Epoch AI's published files, and what the last sync took from each:
//! `records/upstream.toml` keeps, per source, the address, the date, the
//! SHA-256, the size and the row count, so a scheduled sync knows when there
//! is nothing to do (the same digest) and when a file is too short to trust
//! (fewer rows than the last one's share).

use std::path::{Path, PathBuf};

use thiserror::Error;
use toml_edit::{DocumentMut, Item, Table, value};

use crate::diag::Diagnostic;
use crate::fetch::Fetched;
use crate::import::TableKind;

/// The state file, inside `records/`.
pub const STATE_FILE: &str = "upstream.toml";

/// A file Epoch AI publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    /// The name the command and the state file use.
    pub name: &'static str,
    pub url: &'static str,
    pub kind: TableKind,
}

/// Epoch's published files (https://epoch.ai/data), in the order a sync of
/// several takes them: the widest first, so a narrower, newer table has
/// the last word on the fields it covers.
pub const SOURCES: [Source; 5] = [
    Source { name: "all", url: "https://epoch.ai/data/all_ai_models.csv", kind: TableKind::Models },
    Source { name: "notable", url: "https://epoch.ai/data/notable_ai_models.csv", kind: TableKind::Models },
    Source { name: "large-scale", url: "https://epoch.ai/data/large_scale_ai_models.csv", kind: TableKind::Models },
    Source { name: "frontier", url: "https://epoch.ai/data/frontier_ai_models.csv", kind: TableKind::Models },
    Source { name: "hardware", url: "https://epoch.ai/data/ml_hardware.csv", kind: TableKind::Hardware },
];

/// The archive Epoch publishes its model tables in together: one download
/// for all of them (`flopdb sync --archive`).
pub const MODELS_ARCHIVE: &str = "https://epoch.ai/data/ai_models.zip";

impl Source {
    /// The file's name, as the archive holds it: `notable_ai_models.csv`.
    pub fn file_name(&self) -> &'static str {
        self.url.rsplit('/').next().unwrap_or(self.url)
    }
}

pub fn source(name: &str) -> Option<Source> {
    SOURCES.iter().copied().find(|s| s.name == name)
}

/// What the last sync of a source took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastSync {
    pub url: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub sha256: String,
    pub bytes: u64,
    pub rows: u64,
}

#[derive(Debug, Error)]
pub enum StateError {
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
}

/// The state file's document (empty when there is none yet).
pub fn read(path: &Path) -> Result<DocumentMut, StateError> {
    let shown = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(header()),
        Err(source) => return Err(StateError::Io { path: shown, source }),
    };
    text.parse::<DocumentMut>().map_err(|e| StateError::Invalid { path: shown, message: e.to_string() })
}

fn header() -> DocumentMut {
    let mut document = DocumentMut::new();
    document.decor_mut().set_prefix(
        "# What `flopdb sync` last took from each of Epoch AI's published files:\n# the same SHA-256 means nothing to do. Written by the sync; do not edit.\n",
    );
    document
}

/// The last sync of `name`, if the state has one.
pub fn last(document: &DocumentMut, name: &str) -> Option<LastSync> {
    let table = document.get("sources")?.get(name)?;
    let text = |key: &str| table.get(key).and_then(Item::as_str).map(str::to_string);
    let number = |key: &str| table.get(key).and_then(Item::as_integer).and_then(|n| u64::try_from(n).ok());
    Some(LastSync {
        url: text("url")?,
        date: text("date")?,
        sha256: text("sha256")?,
        bytes: number("bytes")?,
        rows: number("rows")?,
    })
}

/// Records `sync` as the last of `name`.
pub fn set(document: &mut DocumentMut, name: &str, sync: &LastSync) {
    if !document.contains_table("sources") {
        let mut sources = Table::new();
        sources.set_implicit(true);
        document.insert("sources", Item::Table(sources));
    }
    let Some(sources) = document.get_mut("sources").and_then(Item::as_table_mut) else { return };
    let mut table = Table::new();
    table.insert("url", value(sync.url.as_str()));
    table.insert("date", value(sync.date.as_str()));
    table.insert("sha256", value(sync.sha256.as_str()));
    table.insert("bytes", value(i64::try_from(sync.bytes).unwrap_or(i64::MAX)));
    table.insert("rows", value(i64::try_from(sync.rows).unwrap_or(i64::MAX)));
    sources.insert(name, Item::Table(table));
    sources.sort_values();
}

/// What to do with a fetched file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assessment {
    /// The file the last sync took (the same SHA-256), synced on `since`.
    Unchanged { since: String },
    /// A file to sync, credited under `shown` (Epoch's file name, dated).
    Fresh { rows: usize, shown: PathBuf },
}

/// Why a fetched file is not synced; nothing is written.
#[derive(Debug, Error)]
pub enum Refusal {
    #[error("{}", .0.message)]
    Table(Diagnostic),
    #[error(
        "{rows} rows, fewer than {:.0}% of the {} of the last sync ({}): a file cut short, or a change upstream a person should look at",
        share * 100.0, last.rows, last.date
    )]
    TooFewRows { rows: usize, share: f64, last: LastSync },
}

/// Whether `fetched` (of `source`, fetched from `url` on `today`) is to be
/// synced, after the last sync `last`: the same digest is nothing to do
/// (unless `again`); a table of another kind, or with fewer than `share` of
/// the last sync's rows, is refused.
pub fn assess(
    source: Source,
    url: &str,
    fetched: &Fetched,
    last: Option<&LastSync>,
    today: &str,
    share: f64,
    again: bool,
) -> Result<Assessment, Refusal> {
    if let Some(last) = last.filter(|l| !again && l.sha256 == fetched.sha256) {
        return Ok(Assessment::Unchanged { since: last.date.clone() });
    }
    let shown = credited_name(url, today);
    let (_, rows) = crate::epoch::survey(&fetched.bytes, &shown, source.kind).map_err(Refusal::Table)?;
    if let Some(last) = last.filter(|l| (rows as f64) < share * l.rows as f64) {
        return Err(Refusal::TooFewRows { rows, share, last: last.clone() });
    }
    Ok(Assessment::Fresh { rows, shown })
}

/// The name a fetched file is credited under in the records'
/// `source.dataset`: Epoch's file name with the day it was fetched.
pub fn credited_name(url: &str, today: &str) -> PathBuf {
    // An archive's member (`ai_models.zip#notable_ai_models.csv`) by its own name.
    let last = url.rsplit(['/', '#']).next().filter(|f| !f.is_empty());
    let file = last.unwrap_or("export.csv").trim_end_matches(".csv");
    PathBuf::from(format!("{file}_{today}.csv"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_last_sync_reads_back_as_written() {
        let mut document = header();
        let sync = LastSync {
            url: "https://epoch.ai/data/notable_ai_models.csv".into(),
            date: "2026-12-05".into(),
            sha256: "ab".repeat(32),
            bytes: 1_234,
            rows: 1_050,
        };
        set(&mut document, "notable", &sync);
        let text = document.to_string();
        let again: DocumentMut = text.parse().unwrap();
        assert_eq!(last(&again, "notable"), Some(sync));
        assert_eq!(last(&again, "all"), None);
        assert!(text.starts_with("# What"), "{text}");
    }

    #[test]
    fn a_file_is_credited_under_its_name_and_day() {
        let shown = credited_name("https://epoch.ai/data/notable_ai_models.csv", "2026-12-05");
        assert_eq!(shown, PathBuf::from("notable_ai_models_2026-12-05.csv"));
        let member = credited_name("https://epoch.ai/data/ai_models.zip#frontier_ai_models.csv", "2026-12-05");
        assert_eq!(member, PathBuf::from("frontier_ai_models_2026-12-05.csv"));
    }
}
