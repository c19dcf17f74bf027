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
        fs::rename(&temporary, path)
    })();
    if result.is_err() {
        // The target is untouched; only the temporary file may remain.
        let _ = fs::remove_file(&temporary);
    }
    result
}

/// Writes several files into `folder`: every temporary file is written and
/// flushed before the first rename, so a failure on the way leaves all the
/// previous files as they were.
pub fn write_all_atomic(folder: &Path, files: &[(String, Vec<u8>)]) -> io::Result<()> {
    fs::create_dir_all(folder)?;
    // A rename can still fail where a folder stands at the target; find that
    // before anything is replaced, not halfway through.
    if let Some((name, _)) = files.iter().find(|(name, _)| folder.join(name).is_dir()) {
        return Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            format!("{} is a folder", folder.join(name).display()),
        ));
    }
    let mut staged = Vec::new();
    let result = (|| {
        for (name, contents) in files {
            let temporary = folder.join(format!(".{name}.{}.tmp", std::process::id()));
            staged.push(temporary.clone());
            let mut file = fs::File::create(&temporary)?;
            file.write_all(contents)?;
            file.sync_all()?;
        }
        Ok(())
    })();
    if let Err(error) = result {
        for temporary in &staged {
            let _ = fs::remove_file(temporary);
        }
        return Err(error);
    }
    for ((name, _), temporary) in files.iter().zip(&staged) {
        fs::rename(temporary, folder.join(name))?;
    }
    Ok(())
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
