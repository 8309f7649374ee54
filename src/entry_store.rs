//! What the stores that keep one private TOML file per entry, by rubric, share: new ids and
//! finding one by a prefix, listing rubric directories and their files, reading a file of
//! bounded size, the advisory lock, and loading with each unreadable file reported.
//!
//! The journal and the plan are such stores ([`EntryStore`] of their models); the history
//! lists its directories with the same helpers.

use std::fs;
use std::io::{self, Read as _};
use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context as _, Result};
use sha2::{Digest as _, Sha256};

use crate::core::entry_file::Kind;
use crate::core::error::Invalid;
use crate::datadir::DataDir;
use crate::exit::Failure;
use crate::show::Shown;
use crate::writer;

/// How many hex digits an entry or plan id has.
pub const ID_LEN: usize = 10;
/// The fewest hex digits an id may be shortened to.
pub const MIN_PREFIX: usize = 4;
/// Stored files larger than this are not promo's; they are never read whole.
const MAX_STORED_BYTES: u64 = 1 << 20;
/// The most files read from one rubric's directory.
const MAX_FILES: usize = 100_000;

/// A new id: a hash of the time, the process, a counter and `seed`, as [`ID_LEN`] hex digits.
/// Two processes adding at the same moment get different ids.
pub fn fresh_id(seed: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut hasher = Sha256::new();
    hasher.update(nanos.to_le_bytes());
    hasher.update(std::process::id().to_le_bytes());
    hasher.update(COUNTER.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    hasher.update(seed.as_bytes());
    let digest = hasher.finalize();
    let mut out = String::with_capacity(ID_LEN);
    for byte in digest.iter().take(ID_LEN / 2) {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// Reads a stored file of at most [`MAX_STORED_BYTES`].
fn read_small(path: &Path) -> Result<String> {
    let file = fs::File::open(path).with_context(|| format!("cannot open {}", Shown(path)))?;
    let mut text = String::new();
    file.take(MAX_STORED_BYTES + 1)
        .read_to_string(&mut text)
        .with_context(|| format!("cannot read {} as UTF-8 text", Shown(path)))?;
    if text.len() as u64 > MAX_STORED_BYTES {
        anyhow::bail!(
            "{} is larger than {} bytes; it is not a file promo wrote",
            Shown(path),
            MAX_STORED_BYTES
        );
    }
    Ok(text)
}

/// What is in `dir` (nothing when it does not exist), in no order; unreadable names are
/// passed over.
pub fn listing(dir: &Path) -> Result<impl Iterator<Item = fs::DirEntry>> {
    let listing = match fs::read_dir(dir) {
        Ok(listing) => Some(listing),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", Shown(dir))),
    };
    Ok(listing.into_iter().flatten().filter_map(Result::ok))
}

/// The `.toml` files in `dir` (none when it does not exist), in name order.
fn toml_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = listing(dir)?
        .map(|entry| entry.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "toml")
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| !n.starts_with('.'))
                && p.is_file()
        })
        .take(MAX_FILES)
        .collect();
    files.sort();
    Ok(files)
}

/// The subdirectories of `root` (rubric ids), sorted.
pub fn rubric_dirs(root: &Path) -> Result<Vec<String>> {
    let mut ids: Vec<String> = listing(root)?
        .filter(|entry| entry.path().is_dir())
        .filter_map(|entry| entry.file_name().to_str().map(str::to_owned))
        .filter(|name| !name.starts_with('.'))
        .collect();
    ids.sort();
    Ok(ids)
}

/// The one id among `ids` that `query` names: the whole id, or a unique prefix of at least
/// four digits. `what` names the kind of thing in messages; `listing` is the command that
/// lists the ids.
fn pick<'a>(ids: &[&'a str], query: &str, what: &str, listing: &str) -> Result<&'a str> {
    let query = query.trim().to_ascii_lowercase();
    if let Some(exact) = ids.iter().find(|id| **id == query) {
        return Ok(exact);
    }
    let found: Vec<&str> = if query.len() >= MIN_PREFIX {
        ids.iter()
            .filter(|id| id.starts_with(&query))
            .copied()
            .collect()
    } else {
        Vec::new()
    };
    match found.as_slice() {
        [one] => Ok(one),
        [] => Err(Failure::usage(format!(
            "no {what} has the id \"{query}\"; `{listing}` lists the ids"
        ))
        .into()),
        many => Err(Failure::usage(format!(
            "the id \"{query}\" starts {} {what} ids ({}); give more of it",
            many.len(),
            many.join(", ")
        ))
        .into()),
    }
}

/// Holds the advisory lock of a rubric's directory (its `.lock` file) until dropped.
pub fn lock(dir: &Path) -> Result<fs::File> {
    let path = dir.join(".lock");
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot open the lock file {}", Shown(&path)))?;
    file.lock()
        .with_context(|| format!("cannot lock {}", Shown(&path)))?;
    Ok(file)
}

/// A model an [`EntryStore`] keeps, one file per entry: where its files are and how they
/// are named, read and written.
pub trait Stored: Sized {
    /// What one is called in messages.
    const KIND: Kind;
    /// The command that lists the ids, for messages.
    const LISTING: &'static str;

    /// Where the entries of every rubric are (not created).
    fn root(data: &DataDir) -> PathBuf;
    /// Its file below the root: `<rubric>/<name>`.
    fn file(&self) -> PathBuf;
    /// The id a file's name holds; `None` for a file that is not an entry.
    fn id_in(path: &Path) -> Option<String>;
    /// Reads an entry file's text, filed under `rubric`; `id` comes from its name.
    fn read(source: &str, origin: &str, id: &str, rubric: &str) -> Result<Self, Invalid>;
    /// Its id.
    fn id(&self) -> &str;
    /// The entry's file text.
    fn to_toml(&self) -> String;
    /// Puts entries in the order they are listed.
    fn sort(entries: &mut [Self]);
}

/// Entries as loaded, with the files that could not be read.
#[derive(Debug)]
pub struct Loaded<T> {
    /// Entries, in the order the model lists them.
    pub entries: Vec<T>,
    /// One message per file that could not be read: its name, line and what is wrong.
    pub problems: Vec<String>,
}

impl<T> Default for Loaded<T> {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
            problems: Vec::new(),
        }
    }
}

/// One private TOML file per entry of `T`, in a directory per rubric.
#[derive(Debug, Clone)]
pub struct EntryStore<T> {
    data: DataDir,
    model: PhantomData<fn() -> T>,
}

impl<T: Stored> EntryStore<T> {
    /// The store in `data`.
    pub fn new(data: DataDir) -> Self {
        Self {
            data,
            model: PhantomData,
        }
    }

    /// The data directory.
    pub fn data(&self) -> &DataDir {
        &self.data
    }

    /// Where the entries are (not created).
    pub fn root(&self) -> PathBuf {
        T::root(&self.data)
    }

    /// The file of `entry`.
    pub fn path_of(&self, entry: &T) -> PathBuf {
        self.root().join(entry.file())
    }

    /// The entries of one rubric, or of every rubric, in the model's order.
    pub fn load(&self, rubric: Option<&str>) -> Result<Loaded<T>> {
        let rubrics = match rubric {
            Some(id) => vec![id.to_owned()],
            None => rubric_dirs(&self.root())?,
        };
        let mut loaded = Loaded::default();
        for id in rubrics {
            for path in toml_files(&self.root().join(&id))? {
                let Some(entry_id) = T::id_in(&path) else {
                    continue;
                };
                match read_small(&path).and_then(|text| {
                    let origin = path.display().to_string();
                    Ok(T::read(&text, &origin, &entry_id, &id)?)
                }) {
                    Ok(entry) => loaded.entries.push(entry),
                    Err(error) => loaded.problems.push(format!(
                        "skipping the {} {}: {error:#}",
                        T::KIND.noun,
                        Shown(&path)
                    )),
                }
            }
        }
        T::sort(&mut loaded.entries);
        Ok(loaded)
    }

    /// The entry `query` names (a whole id or a unique prefix).
    pub fn find(&self, query: &str) -> Result<T> {
        let loaded = self.load(None)?;
        let ids: Vec<&str> = loaded.entries.iter().map(T::id).collect();
        let id = pick(&ids, query, T::KIND.noun, T::LISTING)?.to_owned();
        loaded
            .entries
            .into_iter()
            .find(|e| e.id() == id)
            .ok_or_else(|| anyhow::anyhow!("the {} {id} went away", T::KIND.noun))
    }

    /// Writes a new entry's file.
    pub fn write(&self, entry: &T) -> Result<()> {
        writer::write_atomic(&self.path_of(entry), entry.to_toml().as_bytes())
    }

    /// Rewrites a stored entry; only its own file changes.
    pub fn save(&self, entry: &T) -> Result<()> {
        let path = self.path_of(entry);
        if !path.is_file() {
            anyhow::bail!(
                "the {} {} is gone ({})",
                T::KIND.noun,
                entry.id(),
                Shown(&path)
            );
        }
        writer::write_atomic(&path, entry.to_toml().as_bytes())
    }
}
