//! Many answers files at once: finding them in input order, and working through them on all
//! cores while the results come out in that same order, with bounded memory.

use std::ffi::OsStr;
use std::fs::{self, File};
use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::sync_channel;

use anyhow::Result;
use rayon::prelude::*;

use crate::core::error::Invalid;
use crate::core::limits::MAX_INPUT_BYTES;

/// One input, in the order it will be scored and reported.
#[derive(Debug)]
pub enum Entry {
    /// An answers file.
    File(PathBuf),
    /// The answers document read from standard input (its bytes, or why they could not be read).
    Stdin(std::result::Result<Vec<u8>, String>),
    /// A path that could not be used, and why.
    Unusable {
        /// The path as given or found.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
}

/// Where the list of inputs comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A path given on the command line; `-` is standard input.
    Path(PathBuf),
    /// A file listing one path per line; `-` reads the list from standard input.
    ListFile(PathBuf),
}

/// The file extensions picked up in directories.
pub const EXTENSIONS: [&str; 2] = ["toml", "json"];

/// Whether a file found in a directory is an answers file, by its extension.
pub fn has_answers_extension(path: &Path) -> bool {
    path.extension()
        .and_then(OsStr::to_str)
        .is_some_and(|ext| EXTENSIONS.iter().any(|e| ext.eq_ignore_ascii_case(e)))
}

/// The inputs, in order: each path as given; each directory walked depth-first with the
/// entries of every directory sorted by name, keeping only `.toml` and `.json` files; each line
/// of a list file likewise. Nothing is collected ahead: a directory's names are held only while
/// it is being walked.
pub struct Inputs {
    origins: std::vec::IntoIter<Origin>,
    list: Option<Box<dyn BufRead + Send>>,
    line: Vec<u8>,
    walk: Vec<Listing>,
    stdin_used: bool,
}

impl Inputs {
    /// Inputs from paths and list files, taken in the order given.
    pub fn new(origins: Vec<Origin>) -> Self {
        Self {
            origins: origins.into_iter(),
            list: None,
            line: Vec::new(),
            walk: Vec::new(),
            stdin_used: false,
        }
    }

    /// The entry for one named path: a file, standard input, or the start of a walk.
    fn named(&mut self, path: PathBuf) -> Option<Entry> {
        if path.as_os_str() == "-" {
            return Some(self.stdin_document());
        }
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => match Listing::read(path.clone()) {
                Ok(listing) => {
                    self.walk.push(listing);
                    None
                }
                Err(error) => Some(unusable(path, &error)),
            },
            Ok(_) => Some(Entry::File(path)),
            Err(error) => Some(unusable(path, &error)),
        }
    }

    fn stdin_document(&mut self) -> Entry {
        if std::mem::replace(&mut self.stdin_used, true) {
            return Entry::Stdin(Err("standard input can be read only once".into()));
        }
        Entry::Stdin(read_limited(io::stdin().lock()).map_err(|e| {
            if e.kind() == io::ErrorKind::FileTooLarge {
                format!(
                    "{:#}",
                    Invalid::one("text", "<stdin>", crate::core::error::too_big())
                )
            } else {
                format!("cannot read standard input: {e}")
            }
        }))
    }

    /// The next path from the current list file, if any.
    fn next_listed(&mut self) -> Option<std::result::Result<PathBuf, Entry>> {
        let list = self.list.as_mut()?;
        loop {
            self.line.clear();
            match Read::take(&mut **list, MAX_LIST_LINE + 1).read_until(b'\n', &mut self.line) {
                Ok(0) => {
                    self.list = None;
                    return None;
                }
                Ok(n) if n as u64 > MAX_LIST_LINE => {
                    self.list = None;
                    return Some(Err(Entry::Unusable {
                        path: PathBuf::from("--files-from"),
                        reason: format!(
                            "a line of the list of files is longer than {} KiB; is it a list of paths?",
                            MAX_LIST_LINE / 1024
                        ),
                    }));
                }
                Ok(_) => {
                    let mut line = self.line.as_slice();
                    while let [rest @ .., b'\n' | b'\r'] = line {
                        line = rest;
                    }
                    if !line.is_empty() {
                        return Some(Ok(path_from_bytes(line).into_owned()));
                    }
                }
                Err(error) => {
                    self.list = None;
                    return Some(Err(Entry::Unusable {
                        path: PathBuf::from("--files-from"),
                        reason: format!("cannot read the list of files: {error}"),
                    }));
                }
            }
        }
    }

    fn open_list(&mut self, path: &Path) -> Option<Entry> {
        if path.as_os_str() == "-" {
            self.stdin_used = true;
            self.list = Some(Box::new(io::BufReader::new(io::stdin())));
            return None;
        }
        match File::open(path) {
            Ok(file) => {
                self.list = Some(Box::new(io::BufReader::new(file)));
                None
            }
            Err(error) => Some(unusable(path.to_owned(), &error)),
        }
    }
}

impl Iterator for Inputs {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        loop {
            if let Some(listing) = self.walk.last_mut() {
                match listing.next() {
                    Some((path, Kind::File)) => return Some(Entry::File(path)),
                    Some((path, Kind::Dir)) => match Listing::read(path.clone()) {
                        Ok(child) => self.walk.push(child),
                        Err(error) => return Some(unusable(path, &error)),
                    },
                    None => {
                        self.walk.pop();
                    }
                }
                continue;
            }
            match self.next_listed() {
                Some(Ok(path)) => match self.named(path) {
                    Some(entry) => return Some(entry),
                    None => continue,
                },
                Some(Err(entry)) => return Some(entry),
                None => {}
            }
            let entry = match self.origins.next()? {
                Origin::Path(path) => self.named(path),
                Origin::ListFile(path) => self.open_list(&path),
            };
            if let Some(entry) = entry {
                return Some(entry);
            }
        }
    }
}

fn unusable(path: PathBuf, error: &io::Error) -> Entry {
    let reason = if error.kind() == io::ErrorKind::NotFound {
        "no such file or directory".to_owned()
    } else {
        error.to_string()
    };
    Entry::Unusable { path, reason }
}

#[cfg(unix)]
fn path_from_bytes(bytes: &[u8]) -> std::borrow::Cow<'_, Path> {
    use std::os::unix::ffi::OsStrExt;
    std::borrow::Cow::Borrowed(Path::new(OsStr::from_bytes(bytes)))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: &[u8]) -> std::borrow::Cow<'_, Path> {
    std::borrow::Cow::Owned(PathBuf::from(String::from_utf8_lossy(bytes).into_owned()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    Dir,
}

/// One directory's entries, sorted by name. The names share one buffer, so a directory of
/// 100,000 files costs a few megabytes, not 100,000 allocations.
struct Listing {
    dir: PathBuf,
    names: Vec<u8>,
    /// Start in `names`, length, kind.
    entries: Vec<(u32, u16, Kind)>,
    next: usize,
}

impl Listing {
    fn read(dir: PathBuf) -> io::Result<Self> {
        let mut names = Vec::new();
        let mut entries = Vec::new();
        for entry in fs::read_dir(&dir)? {
            let entry = entry?;
            let kind = match entry.file_type() {
                Ok(t) if t.is_dir() => Some(Kind::Dir),
                Ok(t) if t.is_file() => Some(Kind::File),
                // Links are followed to files only, so a walk can never loop.
                _ => fs::metadata(entry.path())
                    .ok()
                    .filter(fs::Metadata::is_file)
                    .map(|_| Kind::File),
            };
            let name = entry.file_name();
            let keep = match kind {
                Some(Kind::Dir) => true,
                Some(Kind::File) => has_answers_extension(Path::new(&name)),
                None => false,
            };
            if let (true, Some(kind)) = (keep, kind) {
                let bytes = name.as_encoded_bytes();
                let too_big = || io::Error::other("too many entries in one directory");
                let start = u32::try_from(names.len()).map_err(|_| too_big())?;
                let len = u16::try_from(bytes.len()).map_err(|_| too_big())?;
                names.extend_from_slice(bytes);
                entries.push((start, len, kind));
            }
        }
        let name = |&(start, len, _): &(u32, u16, Kind)| {
            let start = start as usize;
            &names[start..start + usize::from(len)]
        };
        // Sorting 100,000 names takes a few milliseconds before the first file can be read;
        // the pool is idle then, so sort on all cores.
        entries.par_sort_unstable_by(|a, b| name(a).cmp(name(b)));
        names.shrink_to_fit();
        entries.shrink_to_fit();
        Ok(Self {
            dir,
            names,
            entries,
            next: 0,
        })
    }

    fn next(&mut self) -> Option<(PathBuf, Kind)> {
        let &(start, len, kind) = self.entries.get(self.next)?;
        self.next += 1;
        let start = start as usize;
        let name = &self.names[start..start + usize::from(len)];
        let name = path_from_bytes(name);
        // One allocation of the right size, where `join` would grow the copy of `dir`.
        let mut path =
            PathBuf::with_capacity(self.dir.as_os_str().len() + 1 + name.as_os_str().len());
        path.push(&self.dir);
        path.push(name);
        Some((path, kind))
    }
}

/// What the consumer of results wants next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Keep going.
    Continue,
    /// Stop early (the reader of the output went away).
    Stop,
}

/// Entries handled together by one worker: one result, one allocation for the output of
/// them all, one message to the writer.
pub const CHUNK: usize = 16;
/// The most entries in one batch, and the fewest.
const MAX_BATCH: usize = 2048;
const MIN_BATCH: usize = 64;
/// Batches are sized so that their results take about this many bytes.
const BATCH_BYTES: usize = 512 * 1024;
/// Batches waiting between the stages; a little slack absorbs a stage that is briefly
/// descheduled without letting memory grow.
const QUEUED: usize = 2;

/// Runs `work` on every run of up to [`CHUNK`] consecutive entries, on all cores (rayon's
/// pool), and hands each result to `emit` on the calling thread, in input order whatever the
/// parallelism.
///
/// Three stages overlap: one thread reads the entries into batches, the pool works through a
/// batch, and the calling thread emits the previous one. At most a few batches are alive at
/// once, and batches shrink when results are large, so memory does not grow with the number of
/// inputs. `init` makes the per-worker scratch state (buffers, caches) that `work` reuses, and
/// `size` tells how many bytes a result holds.
pub fn process<S, T>(
    entries: impl Iterator<Item = Entry> + Send,
    init: impl Fn() -> S + Sync + Send,
    work: impl Fn(&mut S, &[Entry]) -> T + Sync + Send,
    size: impl Fn(&T) -> usize,
    mut emit: impl FnMut(T) -> Result<Flow>,
) -> Result<()>
where
    T: Send,
{
    let batch_size = AtomicUsize::new(256);
    let stop = AtomicBool::new(false);
    let (batch_tx, batch_rx) = sync_channel::<Vec<Entry>>(QUEUED);
    // Each batch's results, with how many entries the batch held.
    let (done_tx, done_rx) = sync_channel::<(usize, Vec<T>)>(QUEUED);
    std::thread::scope(|scope| {
        let (batch_size, stop) = (&batch_size, &stop);
        scope.spawn(move || {
            let mut entries = entries;
            loop {
                let want = batch_size.load(Ordering::Relaxed);
                let batch: Vec<Entry> = entries.by_ref().take(want).collect();
                if batch.is_empty() || stop.load(Ordering::Relaxed) || batch_tx.send(batch).is_err()
                {
                    break;
                }
            }
        });
        scope.spawn(move || {
            for batch in batch_rx {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let mut results = Vec::with_capacity(batch.len().div_ceil(CHUNK));
                batch
                    .par_chunks(CHUNK)
                    .map_init(&init, |state, chunk| work(state, chunk))
                    .collect_into_vec(&mut results);
                if done_tx.send((batch.len(), results)).is_err() {
                    break;
                }
            }
        });
        let emitted = (|| {
            for (entries, results) in &done_rx {
                let mut bytes = 0;
                for result in results {
                    bytes += size(&result);
                    if emit(result)? == Flow::Stop {
                        return Ok(());
                    }
                }
                // Aim for about BATCH_BYTES of results per batch.
                let per_entry = (bytes / entries.max(1)).max(1);
                batch_size.store(
                    (BATCH_BYTES / per_entry).clamp(MIN_BATCH, MAX_BATCH),
                    Ordering::Relaxed,
                );
            }
            Ok(())
        })();
        // Whatever happened, let the other stages wind down.
        stop.store(true, Ordering::Relaxed);
        drop(done_rx);
        emitted
    })
}

/// The longest line a `--files-from` list may have: far longer than any path.
const MAX_LIST_LINE: u64 = 64 * 1024;

/// Reads everything from `reader`, up to [`MAX_INPUT_BYTES`]; more is an
/// [`io::ErrorKind::FileTooLarge`] error, and is not read.
pub fn read_limited(reader: impl Read) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

fn too_large() -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        "larger than 16 MiB, the most promo reads from one file",
    )
}

/// Reads a whole file, up to [`MAX_INPUT_BYTES`] (more is an [`io::ErrorKind::FileTooLarge`]
/// error), into the start of `buffer` and returns its length; the file is
/// `&buffer[..length]`. The buffer is reused from file to file and only grows, so reading costs
/// no allocation and no clearing, and takes `open`, `read` until end of file, and `close`: no
/// `stat` to size the buffer first, as [`std::fs::read`] does.
pub fn read_file(path: &Path, buffer: &mut Vec<u8>) -> io::Result<usize> {
    /// Start size; buffers that grew past `SHRINK` for one big file go back to it.
    const START: usize = 16 * 1024;
    const SHRINK: usize = 4 * 1024 * 1024;
    if buffer.len() < START || buffer.len() > SHRINK {
        buffer.clear();
        buffer.resize(START, 0);
        buffer.shrink_to_fit();
    }
    let limit = usize::try_from(MAX_INPUT_BYTES).unwrap_or(usize::MAX);
    let mut file = File::open(path)?;
    let mut filled = 0;
    loop {
        if filled > limit {
            return Err(too_large());
        }
        if filled == buffer.len() {
            // One byte past the limit is enough to know the file is too large.
            buffer.resize((buffer.len() * 2).min(limit + 1), 0);
        }
        match file.read(&mut buffer[filled..]) {
            Ok(0) => return Ok(filled),
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(entries: impl Iterator<Item = Entry>, root: &Path) -> Vec<String> {
        entries
            .map(|entry| match entry {
                Entry::File(path) => path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
                Entry::Stdin(_) => "-".into(),
                Entry::Unusable { path, reason } => format!("!{}: {reason}", path.display()),
            })
            .collect()
    }

    #[test]
    fn directories_are_walked_sorted_depth_first_with_only_answers_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for file in [
            "b.toml",
            "a.json",
            "notes.txt",
            "c/z.toml",
            "c/d/y.TOML",
            "c/a.toml",
            "ab.toml",
        ] {
            let path = root.join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "").unwrap();
        }
        let inputs = Inputs::new(vec![Origin::Path(root.to_owned())]);
        assert_eq!(
            names(inputs, root),
            [
                "a.json",
                "ab.toml",
                "b.toml",
                "c/a.toml",
                "c/d/y.TOML",
                "c/z.toml"
            ]
        );
    }

    #[test]
    fn named_files_keep_their_order_and_any_extension() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("z.txt"), "").unwrap();
        fs::write(root.join("a.toml"), "").unwrap();
        let inputs = Inputs::new(vec![
            Origin::Path(root.join("z.txt")),
            Origin::Path(root.join("missing.toml")),
            Origin::Path(root.join("a.toml")),
        ]);
        let found = names(inputs, root);
        assert_eq!(found[0], "z.txt");
        assert!(found[1].starts_with('!') && found[1].ends_with("no such file or directory"));
        assert_eq!(found[2], "a.toml");
    }

    #[test]
    fn list_files_name_one_path_per_line() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir(root.join("team")).unwrap();
        fs::write(root.join("team/b.toml"), "").unwrap();
        fs::write(root.join("team/a.toml"), "").unwrap();
        fs::write(root.join("x.toml"), "").unwrap();
        let list = root.join("list.txt");
        fs::write(
            &list,
            format!(
                "{}\r\n\n{}\n",
                root.join("x.toml").display(),
                root.join("team").display()
            ),
        )
        .unwrap();
        let inputs = Inputs::new(vec![Origin::ListFile(list)]);
        assert_eq!(
            names(inputs, root),
            ["x.toml", "team/a.toml", "team/b.toml"]
        );
    }

    #[test]
    fn results_come_out_in_input_order() {
        let entries = (0..5000).map(|n| Entry::File(PathBuf::from(n.to_string())));
        let mut seen = Vec::new();
        process(
            entries,
            || 0usize,
            |calls, chunk| {
                *calls += 1;
                assert!(chunk.len() <= CHUNK);
                chunk
                    .iter()
                    .map(|entry| match entry {
                        Entry::File(path) => path.to_string_lossy().parse::<usize>().unwrap(),
                        _ => usize::MAX,
                    })
                    .collect::<Vec<_>>()
            },
            |numbers| numbers.len() * 8,
            |numbers| {
                seen.extend(numbers);
                Ok(Flow::Continue)
            },
        )
        .unwrap();
        assert_eq!(seen, (0..5000).collect::<Vec<_>>());
    }

    #[test]
    fn emitting_can_stop_early() {
        let entries = (0..100_000).map(|n| Entry::File(PathBuf::from(n.to_string())));
        let mut count = 0;
        process(
            entries,
            || (),
            |(), _| (),
            |()| 1,
            |()| {
                count += 1;
                Ok(if count == 10 {
                    Flow::Stop
                } else {
                    Flow::Continue
                })
            },
        )
        .unwrap();
        assert_eq!(count, 10);
    }
}
