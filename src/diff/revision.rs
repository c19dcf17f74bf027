//! The records of a revision, read straight from git objects: nothing is
//! checked out, and the working tree is not touched.

use std::path::{Path, PathBuf};

use git2::{ObjectType, Repository};

use crate::check::{Schemas, load};
use crate::config::Config;
use crate::limits::MAX_CONFIG_BYTES;
use crate::record::{RecordKind, RecordSet};
use crate::repo::{CONFIG_FILE, MAX_RECORD_BYTES, RECORDS_DIR, decode_text};
use crate::source::SourceFile;

/// The records of one commit.
#[derive(Debug)]
pub struct Revision {
    /// As the user named it (`main`, `HEAD~2`).
    pub name: String,
    pub commit: String,
    pub records: RecordSet,
    pub config: Config,
    /// Record files that do not load (left out of the dataset).
    pub unreadable: Vec<PathBuf>,
}

/// Reads every record under `prefix/records/` at `revision`.
pub fn load_revision(
    repository: &Repository,
    revision: &str,
    prefix: &Path,
    schemas: &Schemas,
) -> Result<Revision, git2::Error> {
    let commit = repository.revparse_single(revision)?.peel_to_commit()?;
    let tree = commit.tree()?;
    let mut loaded = Revision {
        name: revision.to_string(),
        commit: commit.id().to_string(),
        records: RecordSet::default(),
        config: Config::default(),
        unreadable: Vec::new(),
    };
    let config = tree.get_path(&prefix.join(CONFIG_FILE)).ok().filter(|e| e.kind() == Some(ObjectType::Blob));
    if let Some(text) = config
        .and_then(|entry| blob_within(repository, entry.id(), MAX_CONFIG_BYTES))
        .and_then(|bytes| String::from_utf8(bytes).ok())
    {
        loaded.config = Config::parse(&SourceFile::new(CONFIG_FILE, text)).0;
    }
    for kind in RecordKind::ALL {
        let folder = Path::new(RECORDS_DIR).join(kind.folder());
        let Ok(entry) = tree.get_path(&prefix.join(&folder)) else { continue };
        let Ok(subtree) = entry.to_object(repository).and_then(|o| o.peel_to_tree()) else { continue };
        for file in subtree.iter() {
            let Ok(name) = file.name() else { continue };
            let Some(id) = name.strip_suffix(".toml") else { continue };
            if file.kind() != Some(ObjectType::Blob) {
                continue;
            }
            let path = folder.join(name);
            let text =
                blob_within(repository, file.id(), MAX_RECORD_BYTES).and_then(|bytes| decode_text(&path, bytes).ok());
            let record = text.and_then(|source| load(schemas, kind, &source).0);
            let valid = crate::record::is_valid_id(id);
            match record {
                Some(record) if valid => loaded.records.insert(id, path, record),
                _ => loaded.unreadable.push(path),
            }
        }
    }
    Ok(loaded)
}

/// A blob's bytes, if it is at most `limit` bytes: the size is read from
/// the object's header before anything is inflated (a 1 GB blob can be 1 MB
/// in `.git`).
fn blob_within(repository: &Repository, id: git2::Oid, limit: u64) -> Option<Vec<u8>> {
    let (size, kind) = repository.odb().ok()?.read_header(id).ok()?;
    if kind != ObjectType::Blob || size as u64 > limit {
        return None;
    }
    let blob = repository.find_blob(id).ok()?;
    Some(blob.content().to_vec())
}
