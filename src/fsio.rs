//! The one way flopdb writes files: to a temporary file in the target's
//! folder, flushed, then renamed over the target, so an interrupted or
//! failed write leaves the previous file intact.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// Writes `contents` to `path` atomically.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let temporary = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&temporary)?;
        file.write_all(contents)?;
        file.sync_all()?;
        interruption(path)?;
        fs::rename(&temporary, path)
    })();
    if result.is_err() {
        // The target is untouched; only the temporary file may remain.
        let _ = fs::remove_file(&temporary);
    }
    result
}

/// The environment variable that makes writes fail on purpose, in debug
/// builds only: for the tests that interrupt each command's writes.
pub const INTERRUPT_VARIABLE: &str = "FLOPDB_TEST_INTERRUPT_WRITE";

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

/// Files being written into a folder: each goes to a temporary file beside
/// its target, and `finish` renames them all into place once every one is
/// complete and on disk. Dropped unfinished (an error on the way), it
/// removes the temporary files, and the previous files stay as they were.
pub struct Staging {
    folder: std::path::PathBuf,
    staged: Vec<(String, std::path::PathBuf)>,
    /// Files written and flushed, syncing to disk in the background.
    syncing: Vec<std::thread::JoinHandle<io::Result<()>>>,
}

impl Staging {
    pub fn new(folder: &Path) -> io::Result<Staging> {
        fs::create_dir_all(folder)?;
        Ok(Staging { folder: folder.to_path_buf(), staged: Vec::new(), syncing: Vec::new() })
    }

    /// A writer for the file `name` of the folder.
    pub fn file(&mut self, name: &str) -> io::Result<io::BufWriter<fs::File>> {
        // A rename can still fail where a folder stands at the target; find
        // that before anything is replaced, not halfway through.
        let target = self.folder.join(name);
        if target.is_dir() {
            return Err(io::Error::new(io::ErrorKind::IsADirectory, format!("{} is a folder", target.display())));
        }
        let temporary = self.folder.join(format!(".{name}.{}.tmp", std::process::id()));
        let file = fs::File::create(&temporary)?;
        self.staged.push((name.to_string(), temporary));
        Ok(io::BufWriter::new(file))
    }

    /// Done writing a file from [`Staging::file`]: flushed now, and synced
    /// to disk in the background while the next files are written.
    pub fn close(&mut self, writer: io::BufWriter<fs::File>) -> io::Result<()> {
        let file = writer.into_inner().map_err(io::IntoInnerError::into_error)?;
        self.syncing.push(std::thread::spawn(move || file.sync_all()));
        Ok(())
    }

    /// Waits until every file is on disk, then renames each into place.
    pub fn finish(mut self) -> io::Result<()> {
        for handle in std::mem::take(&mut self.syncing) {
            handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        }
        for (name, _) in &self.staged {
            interruption(&self.folder.join(name))?;
        }
        for (name, temporary) in std::mem::take(&mut self.staged) {
            fs::rename(&temporary, self.folder.join(name))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // Wait for the syncs: a file still open cannot be removed everywhere.
        for handle in std::mem::take(&mut self.syncing) {
            let _ = handle.join();
        }
        for (_, temporary) in &self.staged {
            let _ = fs::remove_file(temporary);
        }
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
}
