//! The repository on disk: finding its root, walking the record folders,
//! and reading files within limits (size, UTF-8, symlinks that stay inside).

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Code, Diagnostic};
use crate::record::{RecordKind, is_valid_id};
use crate::source::SourceFile;

pub const RECORDS_DIR: &str = "records";
/// The repository's settings, at its root (`config` reads it).
pub const CONFIG_FILE: &str = "flopdb.toml";
pub use crate::limits::MAX_RECORD_BYTES;

#[derive(Debug, thiserror::Error)]
pub enum RepoError {
    #[error("no `records/` folder in {0} or any folder above it (use --root to name the repository)")]
    NotFound(PathBuf),
    #[error("cannot read {path}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{0} does not exist")]
    Missing(PathBuf),
}

/// Finds the repository root: the nearest folder at or above `start` that
/// holds `records/` (a folder, or a file, which `check` then reports).
pub fn find_root(start: &Path) -> Result<PathBuf, RepoError> {
    let start = fs::canonicalize(start).map_err(|source| RepoError::Io { path: start.to_path_buf(), source })?;
    start
        .ancestors()
        .find(|dir| dir.join(RECORDS_DIR).symlink_metadata().is_ok())
        .map(Path::to_path_buf)
        .ok_or(RepoError::NotFound(start))
}

/// A record file found in the tree, before it is read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RecordPath {
    pub kind: RecordKind,
    /// The file stem, which is the record's id when valid.
    pub id: String,
    /// Relative to the root, with `/` separators.
    pub path: PathBuf,
}

/// Lists every record file under `records/`, in a stable order, with
/// diagnostics for what does not belong there.
pub fn discover(root: &Path) -> (Vec<RecordPath>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut diagnostics = Vec::new();
    let records = root.join(RECORDS_DIR);
    let records_rel = Path::new(RECORDS_DIR);
    match fs::metadata(&records) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => {
            diagnostics.push(
                Diagnostic::new(Code::NoRecords, "`records` is a file, not a folder")
                    .in_file(records_rel)
                    .with_help("records live in records/models/, records/organizations/ and records/hardware/"),
            );
            return (found, diagnostics);
        }
        Err(_) => {
            diagnostics.push(
                Diagnostic::new(Code::NoRecords, format!("no records folder at {}", records.display()))
                    .with_help("create records/models/, records/organizations/ and records/hardware/"),
            );
            return (found, diagnostics);
        }
    }
    for entry in sorted_entries(&records, records_rel, &mut diagnostics) {
        let name = entry.file_name().to_string_lossy().to_string();
        let rel = records_rel.join(&name);
        let is_dir = is_dir(&entry);
        match RecordKind::from_folder(&name) {
            Some(kind) if is_dir => discover_kind(root, kind, &mut found, &mut diagnostics),
            _ if !is_dir && is_documentation(&name) => {}
            _ => diagnostics.push(
                Diagnostic::new(Code::UnexpectedFile, format!("`{}` is not a record folder", rel.display()))
                    .in_file(&rel)
                    .with_help("records/ holds the folders models/, organizations/ and hardware/"),
            ),
        }
    }
    if found.is_empty() {
        diagnostics.push(
            Diagnostic::new(Code::NoRecords, "the records folder holds no record")
                .in_file(records_rel)
                .with_help("add a model with `flopdb new`, or import one with `flopdb import epoch`"),
        );
    }
    (found, diagnostics)
}

fn is_documentation(name: &str) -> bool {
    name.ends_with(".md") || name.starts_with('.')
}

fn discover_kind(root: &Path, kind: RecordKind, found: &mut Vec<RecordPath>, diagnostics: &mut Vec<Diagnostic>) {
    let folder_rel = Path::new(RECORDS_DIR).join(kind.folder());
    for entry in sorted_entries(&root.join(&folder_rel), &folder_rel, diagnostics) {
        let name = entry.file_name().to_string_lossy().to_string();
        let rel = folder_rel.join(&name);
        match name.strip_suffix(".toml") {
            Some(stem) if !is_dir(&entry) => {
                found.push(RecordPath { kind, id: stem.to_string(), path: rel });
            }
            _ if name.starts_with('.') || name.ends_with(".md") => {}
            _ => diagnostics.push(
                Diagnostic::new(Code::UnexpectedFile, format!("`{}` is not a {kind} record", rel.display()))
                    .in_file(&rel)
                    .with_help(format!(
                        "{kind} records are files named `<id>.toml` directly in {}/",
                        folder_rel.display()
                    )),
            ),
        }
    }
}

/// Whether an entry is a folder, following a symbolic link; without the
/// file system call when the listing already says (most entries).
fn is_dir(entry: &fs::DirEntry) -> bool {
    match entry.file_type() {
        Ok(kind) if !kind.is_symlink() => kind.is_dir(),
        _ => entry.path().is_dir(),
    }
}

fn sorted_entries(dir: &Path, rel: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<fs::DirEntry> {
    match fs::read_dir(dir) {
        Ok(entries) => {
            // Names taken once: sorting by `DirEntry::file_name` would make
            // a new string at every comparison.
            let mut list: Vec<(std::ffi::OsString, fs::DirEntry)> =
                entries.filter_map(Result::ok).map(|e| (e.file_name(), e)).collect();
            list.sort_by(|a, b| a.0.cmp(&b.0));
            list.into_iter().map(|(_, entry)| entry).collect()
        }
        Err(error) => {
            diagnostics.push(Diagnostic::new(Code::Io, format!("cannot list {}: {error}", rel.display())).in_file(rel));
            Vec::new()
        }
    }
}

/// Which kind of record a path holds, from its folder; `None` outside the
/// The record files that `paths` name (files, or folders searched for
/// records), relative to the root; `None` when no path is given (every
/// record). Paths that are not records come back as diagnostics.
pub fn select_records(root: &Path, paths: &[PathBuf]) -> Result<(Option<Vec<RecordPath>>, Vec<Diagnostic>), RepoError> {
    if paths.is_empty() {
        return Ok((None, Vec::new()));
    }
    let (all, _) = discover(root);
    let mut selected = Vec::new();
    let mut diagnostics = Vec::new();
    for path in paths {
        if path.is_dir() {
            match relative_inside(root, path) {
                Ok(folder) => selected.extend(all.iter().filter(|r| r.path.starts_with(&folder)).cloned()),
                Err(diagnostic) => diagnostics.push(diagnostic),
            }
            continue;
        }
        match classify(root, path) {
            Ok(record) if root.join(&record.path).exists() => selected.push(record),
            Ok(_) => return Err(RepoError::Missing(path.clone())),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    selected.sort();
    selected.dedup();
    Ok((Some(selected), diagnostics))
}

/// record folders.
pub fn classify(root: &Path, path: &Path) -> Result<RecordPath, Diagnostic> {
    let rel = relative_inside(root, path)?;
    let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().to_string()).collect();
    match parts.as_slice() {
        [records, folder, file] if records == RECORDS_DIR => {
            let kind = RecordKind::from_folder(folder);
            let stem = file.strip_suffix(".toml");
            match (kind, stem) {
                (Some(kind), Some(stem)) => Ok(RecordPath { kind, id: stem.to_string(), path: rel }),
                _ => Err(not_a_record(&rel)),
            }
        }
        _ => Err(not_a_record(&rel)),
    }
}

fn not_a_record(rel: &Path) -> Diagnostic {
    Diagnostic::new(Code::UnexpectedFile, format!("`{}` is not a record file", rel.display())).in_file(rel).with_help(
        "records are records/models/<id>.toml, records/organizations/<id>.toml or records/hardware/<id>.toml",
    )
}

/// `path` relative to `root`, refusing anything that resolves outside it.
pub fn relative_inside(root: &Path, path: &Path) -> Result<PathBuf, Diagnostic> {
    let absolute =
        if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(path) };
    let normalized = normalize(&absolute);
    let root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    // Compare the canonical parent, so a symlinked folder cannot smuggle a path out.
    let parent_ok = normalized.parent().and_then(|p| fs::canonicalize(p).ok()).is_none_or(|p| p.starts_with(&root));
    match normalized.strip_prefix(&root) {
        Ok(rel) if parent_ok => Ok(rel.to_path_buf()),
        _ => Err(Diagnostic::new(
            Code::OutsideRepository,
            format!("{} is outside the repository at {}", path.display(), root.display()),
        )
        .in_file(path)),
    }
}

/// Resolves `.` and `..` without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Reads a record file: refuses a path that leaves the repository through
/// a symbolic link (the file or any folder on the way), what is not a
/// regular file, files over [`MAX_RECORD_BYTES`], and text that is not UTF-8.
pub fn read_record(root: &Path, rel: &Path) -> Result<Arc<SourceFile>, Diagnostic> {
    let bytes = read_inside(root, rel, MAX_RECORD_BYTES, "a record")?;
    decode_text(rel, bytes)
}

/// The one way flopdb reads a file of the repository (`rel`, relative to
/// `root`): the path must resolve inside the repository, whatever links it
/// passes through; then as [`read_input`].
pub fn read_inside(root: &Path, rel: &Path, limit: u64, what: &str) -> Result<Vec<u8>, Diagnostic> {
    let absolute = root.join(rel);
    let io_error =
        |error: io::Error| Diagnostic::new(Code::Io, format!("cannot read {}: {error}", rel.display())).in_file(rel);
    let target = fs::canonicalize(&absolute).map_err(io_error)?;
    let canonical_root = fs::canonicalize(root).map_err(io_error)?;
    if !target.starts_with(&canonical_root) {
        return Err(Diagnostic::new(
            Code::OutsideRepository,
            format!("{} leads through a symbolic link to {}, outside the repository", rel.display(), target.display()),
        )
        .in_file(rel)
        .with_help("replace the link with the file itself"));
    }
    read_input(&target, rel, limit, what)
}

/// The one way flopdb reads an input it is given (a record, flopdb.toml, a
/// CSV): opened by [`open_input`], and read whole.
pub fn read_input(path: &Path, shown: &Path, limit: u64, what: &str) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Read;
    let file = open_input(path, shown, limit, what)?;
    let file = file.into_inner();
    let size = file.metadata().map_or(0, |m| m.len()).min(limit);
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    let mut file = file.take(limit + 1);
    file.read_to_end(&mut bytes).map_err(|error| input_error(shown, &error))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(shown, bytes.len() as u64, limit, what));
    }
    Ok(bytes)
}

/// Opens an input to read, streaming or whole: it must be a regular file
/// (not a device, a pipe or a folder), its size is checked before a byte is
/// read, and at most `limit` bytes can be read from what is returned, so a
/// file that grows meanwhile cannot make the read unbounded. `shown` is the
/// path diagnostics name.
pub fn open_input(path: &Path, shown: &Path, limit: u64, what: &str) -> Result<io::Take<fs::File>, Diagnostic> {
    use std::io::Read;
    let io_error = |error: io::Error| input_error(shown, &error);
    // Checked before opening: opening a named pipe would wait for a writer.
    let meta = fs::metadata(path).map_err(io_error)?;
    let not_regular = || {
        Diagnostic::new(Code::Io, format!("{} is not a regular file", shown.display()))
            .in_file(shown)
            .with_help(format!("{what} is read from a plain file, not a device, a pipe or a folder"))
    };
    if !meta.is_file() {
        return Err(not_regular());
    }
    if meta.len() > limit {
        return Err(too_large(shown, meta.len(), limit, what));
    }
    let file = fs::File::open(path).map_err(io_error)?;
    // The same checks on what was opened, in case the path changed meanwhile.
    let opened = file.metadata().map_err(io_error)?;
    if !opened.is_file() {
        return Err(not_regular());
    }
    if opened.len() > limit {
        return Err(too_large(shown, opened.len(), limit, what));
    }
    Ok(file.take(limit))
}

fn input_error(shown: &Path, error: &io::Error) -> Diagnostic {
    Diagnostic::new(Code::Io, format!("cannot read {}: {error}", shown.display())).in_file(shown)
}

fn too_large(shown: &Path, size: u64, limit: u64, what: &str) -> Diagnostic {
    Diagnostic::new(Code::FileTooLarge, format!("{} is {size} bytes; {what} is at most {limit} bytes", shown.display()))
        .in_file(shown)
}

/// Turns bytes into a source file, or an E002 at the first invalid byte.
pub fn decode_text(rel: &Path, bytes: Vec<u8>) -> Result<Arc<SourceFile>, Diagnostic> {
    match String::from_utf8(bytes) {
        // A byte-order mark is invisible in editors: without it, columns
        // count as the editor shows them.
        Ok(text) => {
            Ok(Arc::new(SourceFile::new(rel, text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text))))
        }
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(error.as_bytes().get(..valid).unwrap_or_default()).to_string();
            let line = prefix.matches('\n').count() + 1;
            let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Err(Diagnostic::new(
                Code::NotUtf8,
                format!("{} is not valid UTF-8 (first invalid byte at offset {valid})", rel.display()),
            )
            .at_line(rel, line, column)
            .with_help("save the file as UTF-8"))
        }
    }
}

/// The id a record file's stem gives, or an E006 diagnostic.
pub fn check_id(record: &RecordPath) -> Option<Diagnostic> {
    (!is_valid_id(&record.id)).then(|| {
        if crate::record::is_reserved_name(&record.id) {
            return Diagnostic::new(
                Code::BadFileName,
                format!("`{}` is a device name on Windows: the file could not be checked out there", record.id),
            )
            .in_file(&record.path)
            .with_help(format!("name the file after the full name, such as `{}-model.toml`", record.id));
        }
        let suggestion = crate::record::slugify(&record.id);
        Diagnostic::new(Code::BadFileName, format!("`{}` is not a valid record id", record.id))
            .in_file(&record.path)
            .with_help(format!(
                "ids are lowercase letters, digits and single hyphens; rename the file to `{suggestion}.toml`"
            ))
    })
}
