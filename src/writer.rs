//! All file output goes through here: atomic, private, and never half-written.

use std::fs;
use std::io::{self, IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result};

use crate::export::escape::terminal;

/// Writes `bytes` to `target`: standard output for `None` or `-`, else the file, atomically.
pub fn emit(target: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match target {
        None => write_stdout(bytes),
        Some(path) if path.as_os_str() == "-" => write_stdout(bytes),
        Some(path) => write_atomic(path, bytes),
    }
}

/// Like [`emit`], for output that carries promo's own styling: see [`write_stdout_styled`].
pub fn emit_styled(target: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match target {
        None => write_stdout_styled(bytes),
        Some(path) if path.as_os_str() == "-" => write_stdout_styled(bytes),
        Some(path) => write_atomic(path, bytes),
    }
}

/// Writes to standard output; a closed pipe (`promo … | head`) is not an error. On a terminal
/// the text passes through [`terminal`] first, so that nothing from a rubric, an answers file
/// or a file name can move the cursor, retitle the window or write the clipboard; to a pipe or
/// a file it is written as it is.
pub fn write_stdout(bytes: &[u8]) -> Result<()> {
    if io::stdout().is_terminal() {
        let text = String::from_utf8_lossy(bytes);
        return write_stdout_styled(terminal(&text).as_bytes());
    }
    write_stdout_styled(bytes)
}

/// Writes to standard output as it is, for output that carries promo's own colours: the
/// renderer must have passed every piece of text from a file through [`terminal`] itself.
pub fn write_stdout_styled(bytes: &[u8]) -> Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to standard output"),
    }
}

/// A writer that passes everything through [`terminal`]: for output streamed to a terminal.
/// Each write is escaped whole, so write whole lines or rows.
pub struct TerminalSafe<W: Write>(pub W);

impl<W: Write> Write for TerminalSafe<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(terminal(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// Replaces `path` with `bytes` atomically: a temporary file in the same directory is written,
/// flushed to disk and renamed over the target, with mode 0600. If anything fails the old
/// file is untouched and the temporary file is removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |file| file.write_all(bytes))
}

/// Like [`write_atomic`], for output produced a piece at a time: `fill` writes into the
/// temporary file, which replaces `path` only if `fill` succeeds.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut fs::File) -> io::Result<()>,
) -> Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".promo-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o600));
    }
    let mut temp = builder.tempfile_in(dir).with_context(|| {
        format!(
            "cannot write {}: cannot create a file in {}",
            path.display(),
            dir.display()
        )
    })?;
    fill(temp.as_file_mut())
        .and_then(|()| temp.as_file().sync_all())
        .with_context(|| format!("cannot write {} (is the disk full?)", path.display()))?;
    temp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot replace {}", path.display()))?;
    // Make the rename itself durable.
    if let Ok(handle) = fs::File::open(dir) {
        let _ = handle.sync_all();
    }
    Ok(())
}

/// Creates a directory (and its parents) that only the owner can enter: mode 0700.
pub fn create_private_dir(path: &Path) -> Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(path)
        .with_context(|| format!("cannot create the directory {}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o700))
            .with_context(|| format!("cannot make {} private", path.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(unix)]
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn writes_a_private_file_and_replaces_it_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.md");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"second");
        #[cfg(unix)]
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        // No temporary files are left behind.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_debris() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.md");
        write_atomic(&path, b"old").unwrap();
        let error = write_atomic_with(&path, |file| {
            file.write_all(b"half of the new")?;
            Err(io::Error::new(
                io::ErrorKind::StorageFull,
                "no space left on device",
            ))
        })
        .unwrap_err();
        assert!(format!("{error:#}").contains("report.md"), "{error:#}");
        assert!(format!("{error:#}").contains("no space left"), "{error:#}");
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn replacing_a_directory_fails_cleanly() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("taken");
        fs::create_dir(&path).unwrap();
        fs::write(path.join("inside"), b"keep").unwrap();
        assert!(write_atomic(&path, b"x").is_err());
        assert_eq!(fs::read(path.join("inside")).unwrap(), b"keep");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn writing_into_a_missing_directory_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing").join("report.md");
        let error = write_atomic(&path, b"x").unwrap_err();
        assert!(format!("{error:#}").contains("report.md"));
    }

    #[cfg(unix)]
    #[test]
    fn private_dirs_are_0700() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a").join("b");
        create_private_dir(&path).unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o700
        );
    }
}
