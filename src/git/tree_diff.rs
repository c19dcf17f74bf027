//! What changed between two versions of one folder's git tree, read from
//! the raw tree objects. A record folder is flat and large (10,000 entries
//! make a 600 KB tree), and a commit changes a few entries: trimming the
//! common prefix and suffix of the two byte strings and parsing only the
//! entries between them makes each commit cost a memcmp, not a parse.

use std::collections::BTreeMap;

/// Where each entry of a raw tree object (`<mode> <name>\0<20-byte id>`
/// per entry) starts. The bytes stay with their owner (libgit2's object),
/// so a commit's folder is never copied.
#[derive(Debug, Clone, Default)]
pub struct Folder {
    starts: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Added(String),
    Modified(String),
    Deleted(String),
}

struct Entry<'a> {
    name: &'a [u8],
    id: &'a [u8],
    is_folder: bool,
    end: usize,
}

fn entry(raw: &[u8], at: usize) -> Option<Entry<'_>> {
    let rest = raw.get(at..)?;
    let space = rest.iter().position(|&b| b == b' ')?;
    let nul = space + rest.get(space..)?.iter().position(|&b| b == 0)?;
    let id = rest.get(nul + 1..nul + 21)?;
    Some(Entry { name: rest.get(space + 1..nul)?, id, is_folder: rest.get(..space)? == b"40000", end: at + nul + 21 })
}

impl Folder {
    /// Parses a tree object in full; `None` when it is not well formed.
    pub fn parse(raw: &[u8]) -> Option<Folder> {
        let mut starts = Vec::new();
        let mut at = 0;
        while at < raw.len() {
            starts.push(at);
            at = entry(raw, at)?.end;
        }
        Some(Folder { starts })
    }

    /// The files (not sub-folders) with their ids.
    fn files_in<'a>(&self, raw: &'a [u8], from: usize, to: usize) -> BTreeMap<String, &'a [u8]> {
        files_at(raw, self.starts.get(from..to).unwrap_or_default())
    }

    /// Every file of the tree `raw`, as added.
    pub fn all_added(&self, raw: &[u8]) -> Vec<Change> {
        self.files_in(raw, 0, self.starts.len()).into_keys().map(Change::Added).collect()
    }

    /// The changes from `self` to `new_raw`, and the new folder. Falls back
    /// to a full parse where the shortcut cannot line the entries up.
    /// The changes from this folder (whose bytes are `old`) to `new_raw`.
    pub fn diff(&self, old: &[u8], new_raw: &[u8]) -> Option<(Vec<Change>, Folder)> {
        if let Some((changes, starts)) = self.diff_trimmed(old, new_raw) {
            return Some((changes, Folder { starts }));
        }
        let new = Folder::parse(new_raw)?;
        let changes = compare(self.files_in(old, 0, self.starts.len()), new.files_in(new_raw, 0, new.starts.len()));
        Some((changes, new))
    }

    /// The changes and the new entry offsets, or `None` to fall back.
    fn diff_trimmed(&self, old: &[u8], new_raw: &[u8]) -> Option<(Vec<Change>, Vec<usize>)> {
        let prefix = common_prefix(old, new_raw);
        let limit = old.len().min(new_raw.len()) - prefix;
        let suffix = common_suffix(old, new_raw).min(limit);
        let shift = new_raw.len() as isize - old.len() as isize;
        // The entry holding the first differing byte; all before it are the same.
        let first = self.starts.partition_point(|&s| s <= prefix).saturating_sub(1);
        let begin = self.starts.get(first).copied().unwrap_or(0);
        let mut parsed = Vec::new();
        let mut at = begin;
        let resume = loop {
            if at >= new_raw.len() {
                break self.starts.len();
            }
            if at >= new_raw.len() - suffix {
                // Past the differing bytes: where an old entry starts at the
                // same place (shifted), everything after is unchanged.
                let old_at = usize::try_from(at as isize - shift).ok()?;
                if let Ok(j) = self.starts.binary_search(&old_at) {
                    break j;
                }
            }
            parsed.push(at);
            at = entry(new_raw, at)?.end;
        };
        let mut starts = self.starts.get(..first)?.to_vec();
        starts.extend(&parsed);
        for &s in self.starts.get(resume..)? {
            starts.push(usize::try_from(s as isize + shift).ok()?);
        }
        let end_new = first + parsed.len();
        let new_files = files_at(new_raw, starts.get(first..end_new).unwrap_or_default());
        let changes = compare(self.files_in(old, first, resume), new_files);
        Some((changes, starts))
    }
}

const CHUNK: usize = 128;

/// How many leading bytes two slices share: whole chunks first (slice
/// equality is a memcmp), then byte by byte.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let chunks = a.chunks_exact(CHUNK).zip(b.chunks_exact(CHUNK)).take_while(|(x, y)| x == y).count() * CHUNK;
    let rest = a.get(chunks..).unwrap_or_default().iter().zip(b.get(chunks..).unwrap_or_default());
    chunks + rest.take_while(|(x, y)| x == y).count()
}

/// How many trailing bytes two slices share.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    let chunks = a.rchunks_exact(CHUNK).zip(b.rchunks_exact(CHUNK)).take_while(|(x, y)| x == y).count() * CHUNK;
    let a_rest = a.get(..a.len() - chunks).unwrap_or_default();
    let b_rest = b.get(..b.len() - chunks).unwrap_or_default();
    chunks + a_rest.iter().rev().zip(b_rest.iter().rev()).take_while(|(x, y)| x == y).count()
}

fn files_at<'a>(raw: &'a [u8], starts: &[usize]) -> BTreeMap<String, &'a [u8]> {
    starts
        .iter()
        .filter_map(|&at| entry(raw, at))
        .filter(|e| !e.is_folder)
        .map(|e| (String::from_utf8_lossy(e.name).to_string(), e.id))
        .collect()
}

fn compare(old: BTreeMap<String, &[u8]>, new: BTreeMap<String, &[u8]>) -> Vec<Change> {
    let mut changes = Vec::new();
    for (name, id) in &new {
        match old.get(name) {
            None => changes.push(Change::Added(name.clone())),
            Some(old_id) if old_id != id => changes.push(Change::Modified(name.clone())),
            Some(_) => {}
        }
    }
    changes.extend(old.keys().filter(|name| !new.contains_key(*name)).cloned().map(Change::Deleted));
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tree(files: &BTreeMap<String, u8>) -> Vec<u8> {
        let mut raw = Vec::new();
        for (name, id) in files {
            raw.extend_from_slice(b"100644 ");
            raw.extend_from_slice(name.as_bytes());
            raw.push(0);
            raw.extend_from_slice(&[*id; 20]);
        }
        raw
    }

    fn sorted(mut changes: Vec<Change>) -> Vec<Change> {
        changes.sort_by_key(|c| format!("{c:?}"));
        changes
    }

    #[test]
    fn common_ends() {
        let a: Vec<u8> = (0..1000u32).map(|i| (i % 251) as u8).collect();
        let mut b = a.clone();
        b[700] = 255;
        assert_eq!(common_prefix(&a, &b), 700);
        assert_eq!(common_suffix(&a, &b), 299);
        assert_eq!(common_prefix(&a, &a), 1000);
        assert_eq!(common_suffix(&a[..10], &a), 0);
    }

    proptest! {
        #[test]
        fn the_shortcut_agrees_with_a_full_comparison(
            before in prop::collection::btree_map("[a-c]{1,3}\\.toml", 0u8..3, 0..20),
            edits in prop::collection::vec(("[a-c]{1,3}\\.toml", prop::option::of(0u8..3)), 0..4),
        ) {
            let mut after = before.clone();
            for (name, id) in edits {
                match id {
                    Some(id) => { after.insert(name, id); }
                    None => { after.remove(&name); }
                }
            }
            let (old_raw, new_raw) = (tree(&before), tree(&after));
            let old = Folder::parse(&old_raw).unwrap();
            let (changes, new) = old.diff(&old_raw, &new_raw).unwrap();
            let parsed = Folder::parse(&new_raw).unwrap();
            let full = compare(old.files_in(&old_raw, 0, old.starts.len()), parsed.files_in(&new_raw, 0, parsed.starts.len()));
            prop_assert_eq!(sorted(changes), sorted(full));
            prop_assert_eq!(new.starts, parsed.starts);
        }
    }
}
