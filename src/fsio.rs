//! The one way flopdb writes files. A single file goes to a temporary file
//! in the target's folder (created exclusively, under an unpredictable name,
//! so no link planted there is followed), is flushed, then renamed over the
//! target: an interrupted or failed write leaves the previous file intact.
//! A set of files (the build's dataset) is written into a staging folder
//! beside the output folder and switched in whole (`OutputSet`).

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes `contents` to `path` atomically.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    set_permissions(&mut builder, path);
    // Removed when dropped: on every error below, only the target remains.
    let mut temporary = builder.tempfile_in(folder)?;
    temporary.write_all(contents)?;
    temporary.as_file().sync_all()?;
    interruption(path)?;
    temporary.persist(path).map_err(|error| error.error)?;
    Ok(())
}

/// A replaced file keeps its permissions; a new one gets the usual ones
/// (a temporary file is private to its owner).
#[cfg(unix)]
fn set_permissions(builder: &mut tempfile::Builder, path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(path).map_or(0o644, |m| m.permissions().mode() & 0o777);
    builder.permissions(fs::Permissions::from_mode(mode));
}

#[cfg(not(unix))]
fn set_permissions(_: &mut tempfile::Builder, _: &Path) {}

/// The environment variable that makes writes fail on purpose, in debug
/// builds only: for the tests that interrupt each command's writes.
pub const INTERRUPT_VARIABLE: &str = "FLOPDB_TEST_INTERRUPT_WRITE";

/// The environment variable that makes a debug build abort (as a kill
/// would) at a point of switching an output set in: `staged` (every file
/// complete, nothing switched) or `switched` (the new set in place, the old
/// one not yet removed).
pub const KILL_VARIABLE: &str = "FLOPDB_TEST_KILL_AT";

/// In a debug build, fails a write whose target's file name is named by
/// [`INTERRUPT_VARIABLE`] (or any write, for `*`), after the new contents
/// are complete on disk and before they replace anything: the moment an
/// interruption would do the most harm.
fn interruption(target: &Path) -> io::Result<()> {
    if cfg!(debug_assertions)
        && let Some(wanted) = std::env::var_os(INTERRUPT_VARIABLE)
        && (wanted == "*" || target.file_name() == Some(wanted.as_os_str()))
    {
        return Err(io::Error::other(format!("interrupted on purpose before replacing {}", target.display())));
    }
    Ok(())
}

fn kill_point(point: &str) {
    if cfg!(debug_assertions) && std::env::var_os(KILL_VARIABLE).is_some_and(|p| p == point) {
        std::process::abort();
    }
}

/// Writes a new file, refusing to replace an existing one unless `force`.
pub fn write_new(path: &Path, contents: &[u8], force: bool) -> io::Result<()> {
    if !force && path.exists() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} exists (pass --force to replace it)", path.display()),
        ));
    }
    write_atomic(path, contents)
}

/// The file an output set writes into its folder: the sign that the folder
/// is flopdb's to replace. A folder without it is replaced only when empty,
/// so a folder of a person's files is never taken for an old output because
/// its names look like one (`data`, `index.html`).
pub const OUTPUT_MARKER: &str = ".flopdb-output";

const MARKER_TEXT: &str = "This folder was made by flopdb (build or site) and is replaced whole by the next one.\n";

/// Refuses an output folder that is, or lies inside, or holds `protected`.
fn refuse_protected(out: &Path, protected: &Path) -> io::Result<()> {
    let (out_resolved, protected_resolved) = (resolved(out)?, resolved(protected)?);
    if out_resolved.starts_with(&protected_resolved) || protected_resolved.starts_with(&out_resolved) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{} is or holds the records folder {}; outputs go to a folder of their own (for example dist)",
                out.display(),
                protected.display()
            ),
        ));
    }
    Ok(())
}

/// A path with its links resolved, as far as it exists; the rest appended.
fn resolved(path: &Path) -> io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = fs::canonicalize(existing) {
            return Ok(rest.iter().rev().fold(real, |p: PathBuf, part| p.join(part)));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(part)) => {
                rest.push(part.to_os_string());
                existing = parent;
            }
            _ => return Ok(absolute),
        }
    }
}

/// Refuses an existing output folder that a set did not make, or that holds
/// files a set does not write (they would be lost).
fn refuse_foreign(out: &Path, produced: &[&str]) -> io::Result<()> {
    let meta = match fs::symlink_metadata(out) {
        Ok(meta) => meta,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(error),
    };
    if meta.file_type().is_symlink() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is a symbolic link; outputs are written into a real folder", out.display()),
        ));
    }
    if !meta.is_dir() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("{} is not a folder", out.display())));
    }
    let names: Vec<String> =
        fs::read_dir(out)?.flatten().map(|e| e.file_name().to_string_lossy().to_string()).collect();
    if names.is_empty() {
        return Ok(());
    }
    let marked = fs::symlink_metadata(out.join(OUTPUT_MARKER)).is_ok_and(|m| m.is_file());
    if !marked {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} is not empty and was not made by flopdb (it has no {OUTPUT_MARKER}); its contents would be replaced, so empty it or choose another --out",
                out.display()
            ),
        ));
    }
    let foreign: Vec<&str> =
        names.iter().map(String::as_str).filter(|n| *n != OUTPUT_MARKER && !produced.contains(n)).collect();
    if !foreign.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} holds files flopdb does not write ({}); the folder is replaced whole, so move them or choose another --out",
                out.display(),
                foreign.join(", ")
            ),
        ));
    }
    Ok(())
}

/// Opens the lock file beside an output folder without following a link
/// and without waiting on a FIFO: a link committed under the lock's name
/// must not make flopdb create a file elsewhere or hang.
fn open_lock(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let refused = |why: &str| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} {why}; remove it (flopdb makes it again)", path.display()),
        )
    };
    if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(refused("is a symbolic link"));
    }
    let file = options.open(path).map_err(|error| match error.raw_os_error() {
        #[cfg(unix)]
        Some(libc::ELOOP | libc::ENXIO) => refused("is not a regular file"),
        _ => error,
    })?;
    if !file.metadata()?.is_file() {
        return Err(refused("is not a regular file"));
    }
    Ok(file)
}

/// A set of files that replaces the contents of an output folder at once.
/// Files are written into a staging folder beside the output folder; once
/// every one is complete and on disk, the staging folder and the output
/// folder are exchanged in one step (`renameat2` with `RENAME_EXCHANGE` on
/// Linux), so a reader, or a build killed at any moment, finds the old set
/// or the new one, whole. A lock beside the folder keeps two builds from
/// writing into it together; staging folders that a killed build left are
/// removed by the next one.
pub struct OutputSet {
    out: PathBuf,
    staging: Option<tempfile::TempDir>,
    names: Vec<String>,
    /// Files written and flushed, syncing to disk in the background.
    syncing: Vec<std::thread::JoinHandle<io::Result<()>>>,
    /// Folders made inside the set, whose entries are synced at `finish`.
    folders: Vec<String>,
    /// Held until the set is switched in or dropped.
    _lock: fs::File,
    /// Staging folders of earlier builds that did not finish, removed.
    pub removed_stale: usize,
}

impl OutputSet {
    /// Prepares to replace the contents of `out` with files whose names are
    /// among `produced`. `out` is replaced only when it is missing, empty, or
    /// a folder an output set made (it holds [`OUTPUT_MARKER`]), and holds
    /// nothing else; never when it is a symbolic link, or is or lies inside
    /// `protected` (the records), or holds it.
    pub fn begin(out: &Path, produced: &[&str], protected: &Path) -> io::Result<OutputSet> {
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the output folder needs a name"))?;
        refuse_protected(out, protected)?;
        // Refused before the lock is made (no lock file is left beside a
        // folder that is not an output), and again once it is held.
        refuse_foreign(out, produced)?;
        let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
        fs::create_dir_all(&parent)?;
        let lock = open_lock(&parent.join(format!(".{name}.lock")))?;
        lock.lock()?;
        let mut removed_stale = 0;
        let stale_prefix = format!(".{name}.staging-");
        for entry in fs::read_dir(&parent)?.flatten() {
            let stale = entry.file_name().to_string_lossy().starts_with(&stale_prefix);
            if stale && entry.file_type().is_ok_and(|t| t.is_dir()) {
                fs::remove_dir_all(entry.path())?;
                removed_stale += 1;
            }
        }
        refuse_foreign(out, produced)?;
        let staging = tempfile::Builder::new().prefix(&stale_prefix).tempdir_in(&parent)?;
        fs::write(staging.path().join(OUTPUT_MARKER), MARKER_TEXT)?;
        Ok(OutputSet {
            out: out.to_path_buf(),
            staging: Some(staging),
            names: Vec::new(),
            syncing: Vec::new(),
            folders: Vec::new(),
            _lock: lock,
            removed_stale,
        })
    }

    /// The staging folder, for scratch files that must not outlive the build.
    pub fn folder(&self) -> &Path {
        self.staging.as_ref().map_or(self.out.as_path(), |s| s.path())
    }

    /// A writer for the file `name` of the set, created exclusively.
    pub fn file(&mut self, name: &str) -> io::Result<io::BufWriter<fs::File>> {
        let file = fs::File::create_new(self.folder().join(name))?;
        self.names.push(name.to_string());
        Ok(io::BufWriter::new(file))
    }

    /// Done writing a file from [`OutputSet::file`]: flushed now, and synced
    /// to disk in the background while the next files are written.
    pub fn close(&mut self, writer: io::BufWriter<fs::File>) -> io::Result<()> {
        let file = writer.into_inner().map_err(io::IntoInnerError::into_error)?;
        self.syncing.push(std::thread::spawn(move || file.sync_all()));
        Ok(())
    }

    /// A folder inside the set, for files named `folder/name`.
    pub fn create_folder(&mut self, name: &str) -> io::Result<()> {
        fs::create_dir(self.folder().join(name))?;
        self.folders.push(name.to_string());
        Ok(())
    }

    /// Done writing one of many small files that can be made again (the
    /// pages of a site): flushed, not synced to disk one by one (a sync per
    /// file took 2.8 s of system time for the 10,000 pages of a site, and
    /// one `syncfs` longer). The switch stays atomic: a killed process
    /// leaves the old set or the new one; only a power cut right after may
    /// leave pages to make again.
    pub fn close_many(&mut self, writer: io::BufWriter<fs::File>) -> io::Result<()> {
        writer.into_inner().map_err(io::IntoInnerError::into_error)?;
        Ok(())
    }

    /// Waits until every file is on disk, then switches the set in.
    pub fn finish(mut self) -> io::Result<()> {
        for handle in std::mem::take(&mut self.syncing) {
            handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        }
        for folder in &self.folders {
            sync_folder(&self.folder().join(folder))?;
        }
        for name in &self.names {
            interruption(&self.out.join(name))?;
        }
        let staging = self.staging.take().ok_or_else(|| io::Error::other("the set was already switched in"))?;
        // The staging folder becomes the output folder: it must outlive its guard.
        let staged = staging.keep();
        sync_folder(&staged)?;
        kill_point("staged");
        if self.out.exists() {
            exchange(&staged, &self.out)?;
            kill_point("switched");
            // The old set, now where the staging folder was.
            fs::remove_dir_all(&staged)?;
        } else {
            fs::rename(&staged, &self.out)?;
        }
        if let Some(parent) = self.out.parent().filter(|p| !p.as_os_str().is_empty()) {
            sync_folder(parent)?;
        }
        Ok(())
    }
}

impl Drop for OutputSet {
    fn drop(&mut self) {
        // Wait for the syncs: a file still open cannot be removed everywhere.
        // The staging folder itself goes with its guard.
        for handle in std::mem::take(&mut self.syncing) {
            let _ = handle.join();
        }
    }
}

/// Flushes a folder's entries (the names of the files in it) to disk.
fn sync_folder(folder: &Path) -> io::Result<()> {
    #[cfg(unix)]
    fs::File::open(folder)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = folder;
    Ok(())
}

/// Exchanges two paths in one step, so that each names what the other did.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let to_c =
        |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e));
    let (c_a, c_b) = (to_c(a)?, to_c(b)?);
    // SAFETY: both arguments are valid NUL-terminated paths that live across
    // the call; AT_FDCWD makes them relative to the current folder.
    let status =
        unsafe { libc::renameat2(libc::AT_FDCWD, c_a.as_ptr(), libc::AT_FDCWD, c_b.as_ptr(), libc::RENAME_EXCHANGE) };
    if status == 0 {
        return Ok(());
    }
    let error = io::Error::last_os_error();
    // A file system without the exchange (some overlay and network ones):
    // the two renames, as where there is no renameat2.
    match error.raw_os_error() {
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP) => swap_by_renames(a, b),
        _ => Err(error),
    }
}

/// Where there is no atomic exchange: two renames.
#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    swap_by_renames(a, b)
}

/// Two renames, with the old set moved aside first: a kill between them
/// leaves no output folder (the next build makes it), never a mixed one.
fn swap_by_renames(a: &Path, b: &Path) -> io::Result<()> {
    let aside = a.with_extension("old");
    fs::rename(b, &aside)?;
    fs::rename(a, b)?;
    fs::rename(&aside, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_and_refuses() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert!(write_new(&path, b"three", false).is_err());
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
    }

    #[cfg(unix)]
    #[test]
    fn a_failed_write_keeps_the_old_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        write_atomic(&path, b"old").unwrap();
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).unwrap();
        let result = write_atomic(&path, b"new");
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
        // Root ignores folder permissions; the old content must survive either way.
        if result.is_err() {
            assert_eq!(fs::read(&path).unwrap(), b"old");
        }
    }

    /// Regression: temporary files had predictable names and were created
    /// through links, so a link planted there made a write land outside.
    #[cfg(unix)]
    #[test]
    fn a_planted_link_is_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let victim = outside.path().join("victim");
        fs::write(&victim, b"keep").unwrap();
        for pid in [std::process::id(), 1, 2] {
            std::os::unix::fs::symlink(&victim, dir.path().join(format!(".a.txt.{pid}.tmp"))).unwrap();
        }
        write_atomic(&dir.path().join("a.txt"), b"new").unwrap();
        assert_eq!(fs::read(&victim).unwrap(), b"keep");
        assert_eq!(fs::read(dir.path().join("a.txt")).unwrap(), b"new");
    }

    fn write_set(out: &Path, protected: &Path, round: &str) -> io::Result<()> {
        let mut set = OutputSet::begin(out, &["a.csv", "b.csv"], protected)?;
        for name in ["a.csv", "b.csv"] {
            let mut writer = set.file(name)?;
            writer.write_all(round.as_bytes())?;
            set.close(writer)?;
        }
        set.finish()
    }

    #[test]
    fn an_output_set_switches_in_whole_and_refuses_links_and_strangers() {
        let dir = tempfile::tempdir().unwrap();
        let records = dir.path().join("records");
        let out = dir.path().join("dist");
        for round in ["one", "two"] {
            write_set(&out, &records, round).unwrap();
            assert_eq!(fs::read(out.join("a.csv")).unwrap(), round.as_bytes());
            assert!(out.join(OUTPUT_MARKER).is_file());
        }
        let left: Vec<String> =
            fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name().to_string_lossy().to_string()).collect();
        assert!(left.iter().all(|n| n == "dist" || n == ".dist.lock"), "{left:?}");
        fs::write(out.join("notes.txt"), b"mine").unwrap();
        assert!(write_set(&out, &records, "three").is_err(), "a person's file would be lost");
        assert_eq!(fs::read(out.join("notes.txt")).unwrap(), b"mine");
        #[cfg(unix)]
        {
            let link = dir.path().join("linked");
            std::os::unix::fs::symlink(dir.path().join("elsewhere"), &link).unwrap();
            assert!(write_set(&link, &records, "one").is_err());
        }
    }

    /// Regression (#29.1): a folder whose names look like an output's was
    /// replaced; only an empty folder or one a set made (its marker) is.
    #[test]
    fn a_folder_without_the_marker_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let records = dir.path().join("records");
        let out = dir.path().join("p");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("a.csv"), b"thesis").unwrap();
        let error = write_set(&out, &records, "one").unwrap_err();
        assert!(error.to_string().contains("not made by flopdb"), "{error}");
        assert_eq!(fs::read(out.join("a.csv")).unwrap(), b"thesis");
        // Empty: taken, and marked.
        fs::remove_file(out.join("a.csv")).unwrap();
        write_set(&out, &records, "one").unwrap();
        assert!(out.join(OUTPUT_MARKER).is_file());
    }

    /// Regression (#29.1): `--out records` deleted every record.
    #[test]
    fn the_records_folder_is_never_an_output() {
        let dir = tempfile::tempdir().unwrap();
        let records = dir.path().join("records");
        fs::create_dir_all(records.join("models")).unwrap();
        for out in [records.clone(), records.join("models"), records.join("new"), dir.path().to_path_buf()] {
            let error = write_set(&out, &records, "one").unwrap_err();
            assert!(error.to_string().contains("records folder"), "{out:?}: {error}");
        }
        // Through a link to it, too.
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&records, dir.path().join("alias")).unwrap();
            assert!(write_set(&dir.path().join("alias").join("x"), &records, "one").is_err());
        }
        assert!(!records.join("new").exists());
    }

    /// Regression (#29.3): the lock was opened through a committed link.
    #[cfg(unix)]
    #[test]
    fn the_lock_follows_no_link_and_waits_on_no_fifo() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let records = dir.path().join("records");
        let target = outside.path().join("planted");
        std::os::unix::fs::symlink(&target, dir.path().join(".dist.lock")).unwrap();
        let error = write_set(&dir.path().join("dist"), &records, "one").unwrap_err();
        assert!(error.to_string().contains("symbolic link"), "{error}");
        assert!(!target.exists(), "nothing created outside");
        fs::remove_file(dir.path().join(".dist.lock")).unwrap();
        let fifo = std::ffi::CString::new(dir.path().join(".dist.lock").to_string_lossy().as_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
        let error = write_set(&dir.path().join("dist"), &records, "one").unwrap_err();
        assert!(error.to_string().contains("not a regular file"), "{error}");
    }
}
