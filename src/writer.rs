//! All file output goes through here: a regular file is replaced whole and keeps its owner,
//! group, mode and links; a pipe or device is written through; nothing half-written is left.
//!
//! A regular file (or a symbolic link to one, followed to its final target) is replaced
//! atomically: a temporary `.promo-*.tmp` file in the target's directory is written, flushed,
//! given the old file's owner, group and mode, and renamed over the target, so the file holds
//! either its old or its new content, never a mix. A file with more than one hard link is
//! instead rewritten in place (after the new content has been produced in full), because a
//! rename would detach this name from the others and leave them holding the old content. A new
//! file is created readable only by its owner (0600). A FIFO, a character device, and anything
//! under `/dev` or `/proc` (`/dev/stdout`, `/dev/fd/3`) is opened and written to directly, never
//! renamed over. A directory is a usage error.
//!
//! [`stop_on_interrupt`] makes Ctrl-C remove any temporary file and exit with 130 at once.

use std::fs::{self, File, OpenOptions};
use std::io::{self, IsTerminal, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use anyhow::{Context, Result, anyhow};

use crate::exit::{Failure, INTERRUPTED};
use crate::export::escape::terminal;
use crate::show::Shown;

/// Writes `bytes` to `target`: standard output for `None` or `-`, else the file (see the
/// module documentation for what happens to links, pipes and devices).
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

/// Writes to standard output; a closed pipe (`promo … | head`) is not an error, a closed
/// standard output (`promo … >&-`) is. On a terminal
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
    write_stream(Stream::Stdout, |out| out.write_all(bytes))
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

/// Fails with a message naming standard output when it was closed (`promo … >&-`), so that
/// nothing is produced only to be lost.
pub fn check_stdout() -> Result<()> {
    if stdout_closed() {
        return Err(anyhow!(
            "cannot write to standard output: it is closed; redirect it to a file or /dev/null, or pass -o FILE"
        ));
    }
    Ok(())
}

/// Whether standard output was closed when promo started (`promo … >&-`).
///
/// The Rust runtime reopens a closed standard stream on `/dev/null`, for reading and writing,
/// before `main` runs, so writes would silently vanish. A shell's `>/dev/null` opens it for
/// writing only; that is how the two are told apart (`1<>/dev/null` counts as closed).
pub fn stdout_closed() -> bool {
    #[cfg(unix)]
    {
        use std::sync::OnceLock;

        use nix::fcntl::{FcntlArg, OFlag, fcntl};
        use nix::sys::stat::{fstat, stat};

        static CLOSED: OnceLock<bool> = OnceLock::new();
        *CLOSED.get_or_init(|| {
            let stdout = io::stdout();
            let Ok(flags) = fcntl(&stdout, FcntlArg::F_GETFL) else {
                return true;
            };
            if OFlag::from_bits_truncate(flags) & OFlag::O_ACCMODE != OFlag::O_RDWR {
                return false;
            }
            match (fstat(&stdout), stat("/dev/null")) {
                (Ok(out), Ok(null)) => {
                    out.st_rdev == null.st_rdev
                        && out.st_mode & nix::libc::S_IFMT == nix::libc::S_IFCHR
                }
                _ => false,
            }
        })
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// Replaces `path` with `bytes`: atomically for a regular file, keeping its owner, group and
/// mode; new files get mode 0600. If anything fails, the old file is untouched and no
/// temporary file is left.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |out| out.write_all(bytes))
}

/// Like [`write_atomic`], for output produced a piece at a time: `fill` writes the content,
/// which replaces a regular file only if `fill` succeeds. A pipe or device receives it as it
/// is produced.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    match destination(path)? {
        Destination::Stream(stream) => write_stream(stream, fill),
        Destination::Through(target) => write_through(path, &target, fill),
        Destination::New(target) => replace(path, &target, None, fill),
        Destination::Replace(target, meta) => replace(path, &target, Some(&meta), fill),
        Destination::InPlace(target) => write_in_place(path, &target, fill),
    }
}

/// Where the bytes for a path go.
enum Destination {
    /// Standard output or standard error itself (`/dev/stdout`, `/dev/fd/2`…).
    Stream(Stream),
    /// A FIFO, a character device, or anything under `/dev` or `/proc`: opened and written.
    Through(PathBuf),
    /// A file to create, at the final target of any symbolic links.
    New(PathBuf),
    /// A regular file with one link, to replace atomically.
    Replace(PathBuf, fs::Metadata),
    /// A regular file with several hard links, to rewrite in place.
    InPlace(PathBuf),
}

#[derive(Clone, Copy)]
enum Stream {
    Stdout,
    Stderr,
}

/// Decides where `path` leads, following symbolic links to their final target.
fn destination(path: &Path) -> Result<Destination> {
    const STDOUT: [&str; 3] = ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"];
    const STDERR: [&str; 3] = ["/dev/stderr", "/dev/fd/2", "/proc/self/fd/2"];
    if STDOUT.iter().any(|s| path.as_os_str() == *s) {
        return Ok(Destination::Stream(Stream::Stdout));
    }
    if STDERR.iter().any(|s| path.as_os_str() == *s) {
        return Ok(Destination::Stream(Stream::Stderr));
    }
    let system = |p: &Path| p.starts_with("/dev") || p.starts_with("/proc");
    let mut special = system(path);
    let mut target = path.to_owned();
    let mut hops = 0;
    let meta = loop {
        match fs::symlink_metadata(&target) {
            Ok(meta) if meta.file_type().is_symlink() => {
                hops += 1;
                if hops > 40 {
                    return Err(anyhow!(
                        "cannot write {}: too many levels of symbolic links",
                        Shown(path)
                    ));
                }
                let link = fs::read_link(&target)
                    .with_context(|| format!("cannot read the link {}", Shown(&target)))?;
                target = match target.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
                special |= system(&target);
            }
            Ok(meta) => break Some(meta),
            Err(e) if e.kind() == io::ErrorKind::NotFound => break None,
            Err(e) => return Err(e).with_context(|| format!("cannot write {}", Shown(path))),
        }
    };
    let Some(meta) = meta else {
        return Ok(if special {
            Destination::Through(target)
        } else {
            Destination::New(target)
        });
    };
    let kind = meta.file_type();
    if kind.is_dir() {
        return Err(Failure::usage(format!(
            "cannot write {}: it is a directory; give a file name, such as {}",
            Shown(path),
            Shown(&path.join("report.md"))
        ))
        .into());
    }
    if special || is_fifo_or_char_device(&kind) {
        return Ok(Destination::Through(target));
    }
    if !kind.is_file() {
        return Err(Failure::usage(format!(
            "cannot write {}: it is not a regular file, a FIFO or a character device",
            Shown(path)
        ))
        .into());
    }
    if links(&meta) > 1 {
        return Ok(Destination::InPlace(target));
    }
    Ok(Destination::Replace(target, meta))
}

#[cfg(unix)]
fn is_fifo_or_char_device(kind: &fs::FileType) -> bool {
    use std::os::unix::fs::FileTypeExt;
    kind.is_fifo() || kind.is_char_device()
}

#[cfg(not(unix))]
fn is_fifo_or_char_device(_: &fs::FileType) -> bool {
    false
}

#[cfg(unix)]
fn links(meta: &fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    meta.nlink()
}

#[cfg(not(unix))]
fn links(_: &fs::Metadata) -> u64 {
    1
}

/// Writes to standard output or standard error, naming it in any error.
fn write_stream(stream: Stream, fill: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    let (name, result) = match stream {
        Stream::Stdout => {
            check_stdout()?;
            let mut out = io::stdout().lock();
            ("standard output", fill(&mut out).and_then(|()| out.flush()))
        }
        Stream::Stderr => {
            let mut out = io::stderr().lock();
            ("standard error", fill(&mut out).and_then(|()| out.flush()))
        }
    };
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.with_context(|| format!("cannot write to {name}")),
    }
}

/// Opens a FIFO or device and writes to it as the content is produced.
fn write_through(
    path: &Path,
    target: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    let regular = fs::metadata(target).is_ok_and(|m| m.is_file());
    let mut file = OpenOptions::new()
        .write(true)
        .truncate(regular)
        .open(target)
        .with_context(|| format!("cannot open {} for writing", Shown(path)))?;
    match fill(&mut file).and_then(|()| file.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.with_context(|| format!("cannot write {}", Shown(path))),
    }
}

/// Produces the content in an anonymous temporary file, then copies it into `target` in
/// place, so every hard link sees it. The copy itself is not atomic.
fn write_in_place(
    path: &Path,
    target: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    let mut content = tempfile::tempfile().with_context(|| {
        format!(
            "cannot write {}: cannot create a temporary file",
            Shown(path)
        )
    })?;
    fill(&mut content)
        .and_then(|()| content.flush())
        .with_context(|| format!("cannot write {} (is the disk full?)", Shown(path)))?;
    copy_into(path, target, &mut content)
}

fn copy_into(path: &Path, target: &Path, content: &mut File) -> Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(target)
        .with_context(|| format!("cannot open {} for writing", Shown(path)))?;
    content
        .rewind()
        .and_then(|()| io::copy(content, &mut file))
        .and_then(|_| file.sync_all())
        .with_context(|| format!("cannot write {} (is the disk full?)", Shown(path)))
}

/// Writes a temporary file beside `target` and renames it over `target`, after giving it the
/// old file's owner, group and mode (`old`); without `old` it keeps mode 0600.
fn replace(
    path: &Path,
    target: &Path,
    old: Option<&fs::Metadata>,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    let dir = match target.parent() {
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
    // Declared first so that it is dropped last: the file is gone before it is forgotten.
    let _registered;
    let mut temp = builder.tempfile_in(dir).map_err(|e| {
        anyhow!(
            "cannot write {}: cannot create a file in {}: {}",
            Shown(path),
            Shown(dir),
            io::Error::from(e.kind())
        )
    })?;
    _registered = Registered::new(temp.path());
    fill(temp.as_file_mut())
        .and_then(|()| temp.as_file_mut().flush())
        .with_context(|| format!("cannot write {} (is the disk full?)", Shown(path)))?;
    if let Some(old) = old
        && !keep_owner_and_mode(temp.as_file(), old)
            .with_context(|| format!("cannot write {}", Shown(path)))?
    {
        // Only the file's owner (or root) can give a file away: write into it instead.
        return copy_into(path, target, temp.as_file_mut());
    }
    temp.as_file()
        .sync_all()
        .with_context(|| format!("cannot write {} (is the disk full?)", Shown(path)))?;
    temp.persist(target)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot replace {}", Shown(path)))?;
    // Make the rename itself durable.
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
    Ok(())
}

/// Gives `file` the owner, group and permission bits of `old`. Returns `false` when the owner
/// cannot be given (the file belongs to someone else and promo does not run as root).
#[cfg(unix)]
fn keep_owner_and_mode(file: &File, old: &fs::Metadata) -> io::Result<bool> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt, fchown};
    let now = file.metadata()?;
    if (now.uid(), now.gid()) != (old.uid(), old.gid()) {
        match fchown(file, Some(old.uid()), Some(old.gid())) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
                // The group alone may still be ours to give.
                if now.uid() != old.uid() || fchown(file, None, Some(old.gid())).is_err() {
                    return Ok(false);
                }
            }
            Err(e) => return Err(e),
        }
    }
    // After chown, so that set-id bits the kernel clears on a chown are set again.
    file.set_permissions(fs::Permissions::from_mode(old.mode() & 0o7777))?;
    Ok(true)
}

#[cfg(not(unix))]
fn keep_owner_and_mode(file: &File, old: &fs::Metadata) -> io::Result<bool> {
    file.set_permissions(old.permissions())?;
    Ok(true)
}

/// Temporary files (and lock files) that exist right now, for the Ctrl-C handler to remove.
static TEMP_FILES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// A file's place on [`TEMP_FILES`], for as long as this lives: a Ctrl-C that ends promo at
/// once removes the file, as dropping its owner would have.
#[derive(Debug)]
pub struct Registered(PathBuf);

impl Registered {
    /// Puts `path` on the list until this is dropped.
    pub fn new(path: &Path) -> Self {
        TEMP_FILES
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(path.to_owned());
        Self(path.to_owned())
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        TEMP_FILES
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|p| p != &self.0);
    }
}

/// Removes every temporary file being written; for a handler about to exit.
pub fn remove_temp_files() {
    let files = TEMP_FILES.lock().unwrap_or_else(PoisonError::into_inner);
    for path in files.iter() {
        let _ = fs::remove_file(path);
    }
}

/// Makes Ctrl-C (SIGINT) stop promo at once with exit code 130, removing any temporary file,
/// whatever it is doing (even waiting to read a FIFO). For the non-interactive commands; the
/// interactive prompter installs its own handler, which does the same cleanup.
pub fn stop_on_interrupt() {
    let _ = ctrlc::set_handler(|| {
        remove_temp_files();
        std::process::exit(i32::from(INTERRUPTED));
    });
}

/// Creates a directory and any missing parents, each readable only by the owner (mode 0700).
/// Directories that already exist are left exactly as they are.
pub fn create_private_dir(path: &Path) -> Result<()> {
    if path.is_dir() {
        return Ok(());
    }
    let missing: Vec<&Path> = path
        .ancestors()
        .filter(|p| !p.as_os_str().is_empty())
        .take_while(|p| fs::symlink_metadata(p).is_err())
        .collect();
    for dir in missing.into_iter().rev() {
        let mut builder = fs::DirBuilder::new();
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        match builder.create(dir) {
            Ok(()) => {}
            // Made by someone else in the meantime: theirs, not ours to change.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && dir.is_dir() => continue,
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("cannot create the directory {}", Shown(path)));
            }
        }
        // The umask may have taken bits away from 0700.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
                .with_context(|| format!("cannot make {} private", Shown(dir)))?;
        }
    }
    if !path.is_dir() {
        return Err(anyhow!(
            "cannot create the directory {}: something else is in the way",
            Shown(path)
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(unix)]
    use crate::testing;
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
        assert_eq!(testing::mode(&path), 0o600);
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

    #[test]
    fn standard_streams_by_name_are_written_as_streams() {
        // Classified only: nothing under /dev or /proc is touched.
        for name in ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"] {
            assert!(matches!(
                destination(Path::new(name)).unwrap(),
                Destination::Stream(Stream::Stdout)
            ));
        }
        assert!(matches!(
            destination(Path::new("/dev/stderr")).unwrap(),
            Destination::Stream(Stream::Stderr)
        ));
        assert!(matches!(
            destination(Path::new("/dev/fd/7")).unwrap(),
            Destination::Through(_)
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_link_into_dev_is_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("out");
        std::os::unix::fs::symlink("/dev/null", &link).unwrap();
        assert!(matches!(
            destination(&link).unwrap(),
            Destination::Through(target) if target == Path::new("/dev/null")
        ));
    }

    #[cfg(unix)]
    #[test]
    fn existing_parents_are_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let parent = dir.path().join("shared");
        fs::create_dir(&parent).unwrap();
        fs::set_permissions(&parent, fs::Permissions::from_mode(0o755)).unwrap();
        create_private_dir(&parent.join("a").join("b")).unwrap();
        assert_eq!(testing::mode(&parent), 0o755);
        for made in ["a", "a/b"] {
            assert_eq!(testing::mode(&parent.join(made)), 0o700);
        }
    }

    #[cfg(unix)]
    #[test]
    fn private_dirs_are_0700() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a").join("b");
        create_private_dir(&path).unwrap();
        assert_eq!(testing::mode(&path), 0o700);
    }
}
