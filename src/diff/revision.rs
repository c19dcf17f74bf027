//! The records of a revision, read straight from git objects: nothing is
//! checked out, and the working tree is not touched.

use std::path::{Path, PathBuf};

use git2::{ObjectType, Repository, Tree};

use crate::check::{Schemas, load};
use crate::config::Config;
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
    if let Some(text) = blob_text(repository, &tree, &prefix.join(CONFIG_FILE)) {
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
            let text = file
                .to_object(repository)
                .ok()
                .and_then(|o| o.into_blob().ok())
                .filter(|blob| blob.size() as u64 <= MAX_RECORD_BYTES)
                .and_then(|blob| decode_text(&path, blob.content().to_vec()).ok());
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

fn blob_text(repository: &Repository, tree: &Tree, path: &Path) -> Option<String> {
    let entry = tree.get_path(path).ok()?;
    let blob = entry.to_object(repository).ok()?.into_blob().ok()?;
    String::from_utf8(blob.content().to_vec()).ok()
}
