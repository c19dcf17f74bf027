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
    /// among `produced`. Refuses an output folder that is a symbolic link, or
    /// that holds files a build does not write (they would be lost).
    pub fn begin(out: &Path, produced: &[&str]) -> io::Result<OutputSet> {
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the output folder needs a name"))?;
        let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
        fs::create_dir_all(&parent)?;
        let lock = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(parent.join(format!(".{name}.lock")))?;
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
        match fs::symlink_metadata(out) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("{} is a symbolic link; the dataset is written into a real folder", out.display()),
                ));
            }
            Ok(meta) if !meta.is_dir() => {
                return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("{} is not a folder", out.display())));
            }
            Ok(_) => {
                let foreign: Vec<String> = fs::read_dir(out)?
                    .flatten()
                    .map(|e| e.file_name().to_string_lossy().to_string())
                    .filter(|n| !produced.contains(&n.as_str()))
                    .collect();
                if !foreign.is_empty() {
                    return Err(io::Error::new(
                        io::ErrorKind::AlreadyExists,
                        format!(
                            "{} holds files a build does not write ({}); the build replaces the whole folder, so move them or choose another --out",
                            out.display(),
                            foreign.join(", ")
                        ),
                    ));
                }
            }
            Err(_) => {}
        }
        let staging = tempfile::Builder::new().prefix(&stale_prefix).tempdir_in(&parent)?;
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

    #[test]
    fn an_output_set_switches_in_whole_and_refuses_links_and_strangers() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("dist");
        for round in ["one", "two"] {
            let mut set = OutputSet::begin(&out, &["a.csv", "b.csv"]).unwrap();
            for name in ["a.csv", "b.csv"] {
                let mut writer = set.file(name).unwrap();
                writer.write_all(round.as_bytes()).unwrap();
                set.close(writer).unwrap();
            }
            set.finish().unwrap();
            assert_eq!(fs::read(out.join("a.csv")).unwrap(), round.as_bytes());
        }
        let left: Vec<String> =
            fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name().to_string_lossy().to_string()).collect();
        assert!(left.iter().all(|n| n == "dist" || n == ".dist.lock"), "{left:?}");
        fs::write(out.join("notes.txt"), b"mine").unwrap();
        assert!(OutputSet::begin(&out, &["a.csv", "b.csv"]).is_err(), "a person's file would be lost");
        #[cfg(unix)]
        {
            let link = dir.path().join("linked");
            std::os::unix::fs::symlink(dir.path().join("elsewhere"), &link).unwrap();
            assert!(OutputSet::begin(&link, &["a.csv"]).is_err());
        }
    }
}
