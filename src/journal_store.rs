//! The evidence journal on disk: one private TOML file per entry, by rubric.
//!
//! Entries live in `<data dir>/journal/<rubric id>/<date>-<id>.toml`. One file per entry means
//! two `promo log add` at the same moment never read, change and write the same file: each
//! writes its own, atomically. Re-tagging rewrites only that entry's file; removing deletes
//! only it. A file that cannot be read is reported with its name and line, and the others
//! still load.

use std::fs;
use std::io::{self, Read as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context as _, Result};
use sha2::{Digest as _, Sha256};

use crate::core::date::Date;
use crate::core::journal::{Entry, parse_entry, sort_newest_first};
use crate::datadir::DataDir;
use crate::exit::Failure;
use crate::show::Shown;
use crate::writer;

/// How many hex digits an entry or plan id has.
pub const ID_LEN: usize = 10;
/// The fewest hex digits an id may be shortened to.
const MIN_PREFIX: usize = 4;
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
pub fn read_small(path: &Path) -> Result<String> {
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

/// The `.toml` files in `dir` (none when it does not exist), in name order.
pub fn toml_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let listing = match fs::read_dir(dir) {
        Ok(listing) => listing,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", Shown(dir))),
    };
    let mut files: Vec<PathBuf> = listing
        .filter_map(|entry| entry.ok().map(|e| e.path()))
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
    let listing = match fs::read_dir(root) {
        Ok(listing) => listing,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", Shown(root))),
    };
    let mut ids: Vec<String> = listing
        .filter_map(|entry| entry.ok())
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
pub fn pick<'a>(ids: &[&'a str], query: &str, what: &str, listing: &str) -> Result<&'a str> {
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

/// The journal inside a data directory.
#[derive(Debug, Clone)]
pub struct JournalStore {
    data: DataDir,
}

/// Entries as loaded, with the files that could not be read.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Entries, newest first.
    pub entries: Vec<Entry>,
    /// One message per file that could not be read: its name, line and what is wrong.
    pub problems: Vec<String>,
}

impl JournalStore {
    /// The journal in `data`.
    pub fn new(data: DataDir) -> Self {
        Self { data }
    }

    /// Where the journal is (not created).
    pub fn root(&self) -> PathBuf {
        self.data.journal_root()
    }

    fn path_of(&self, entry: &Entry) -> PathBuf {
        self.root()
            .join(&entry.rubric)
            .join(format!("{}-{}.toml", entry.date, entry.id))
    }

    /// Stores a new entry (its `id` is ignored and replaced) and returns it with its id.
    pub fn add(&self, mut entry: Entry) -> Result<Entry> {
        let dir = self.data.journal(&entry.rubric)?;
        entry.id = fresh_id(&entry.text);
        let path = dir.join(format!("{}-{}.toml", entry.date, entry.id));
        if path.exists() {
            anyhow::bail!(
                "cannot add the entry: {} exists already; try again",
                Shown(&path)
            );
        }
        writer::write_atomic(&path, entry.to_toml().as_bytes())?;
        Ok(entry)
    }

    /// The entries of one rubric, or of every rubric, newest first.
    pub fn load(&self, rubric: Option<&str>) -> Result<Loaded> {
        let rubrics = match rubric {
            Some(id) => vec![id.to_owned()],
            None => rubric_dirs(&self.root())?,
        };
        let mut loaded = Loaded::default();
        for id in rubrics {
            for path in toml_files(&self.root().join(&id))? {
                let Some(entry_id) = id_of(&path) else {
                    continue;
                };
                match read_small(&path).and_then(|text| {
                    let origin = path.display().to_string();
                    let mut entry = parse_entry(&text, &origin, &entry_id)?;
                    entry.rubric.clone_from(&id);
                    Ok(entry)
                }) {
                    Ok(entry) => loaded.entries.push(entry),
                    Err(error) => loaded.problems.push(format!(
                        "skipping the journal entry {}: {error:#}",
                        Shown(&path)
                    )),
                }
            }
        }
        sort_newest_first(&mut loaded.entries);
        Ok(loaded)
    }

    /// The entry `query` names (a whole id or a unique prefix).
    pub fn find(&self, query: &str) -> Result<Entry> {
        let loaded = self.load(None)?;
        let ids: Vec<&str> = loaded.entries.iter().map(|e| e.id.as_str()).collect();
        let id = pick(&ids, query, "journal entry", "promo log")?.to_owned();
        loaded
            .entries
            .into_iter()
            .find(|e| e.id == id)
            .ok_or_else(|| anyhow::anyhow!("the journal entry {id} went away"))
    }

    /// Rewrites a stored entry (after re-tagging); only its own file changes.
    pub fn save(&self, entry: &Entry) -> Result<()> {
        let path = self.path_of(entry);
        if !path.is_file() {
            anyhow::bail!("the journal entry {} is gone ({})", entry.id, Shown(&path));
        }
        writer::write_atomic(&path, entry.to_toml().as_bytes())
    }

    /// Deletes the entry `query` names; only its own file goes.
    pub fn remove(&self, query: &str) -> Result<Entry> {
        let entry = self.find(query)?;
        let path = self.path_of(&entry);
        fs::remove_file(&path).with_context(|| format!("cannot remove {}", Shown(&path)))?;
        Ok(entry)
    }

    /// The newest entry date of a rubric's journal, if any.
    pub fn newest_date(&self, rubric: &str) -> Result<Option<Date>> {
        Ok(self.load(Some(rubric))?.entries.first().map(|e| e.date))
    }
}

/// The id in `<date>-<id>.toml`.
fn id_of(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    let id = stem.get(11..)?;
    (stem.as_bytes().get(10) == Some(&b'-') && !id.is_empty()).then(|| id.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(text: &str) -> Entry {
        Entry {
            id: String::new(),
            rubric: "t".into(),
            date: Date::new(2026, 5, 1).unwrap(),
            text: text.into(),
            dimensions: vec!["a".into()],
            link: None,
            plan_item: None,
        }
    }

    #[test]
    fn adds_finds_retags_and_removes_one_file_each() {
        let temp = tempfile::tempdir().unwrap();
        let store = JournalStore::new(DataDir::at(temp.path().join("data")));
        let one = store.add(entry("one")).unwrap();
        let two = store.add(entry("two")).unwrap();
        assert_ne!(one.id, two.id);
        assert_eq!(one.id.len(), ID_LEN);
        let mut found = store.find(&one.id[..6]).unwrap();
        assert_eq!(found, one);
        found.dimensions = vec!["b".into()];
        store.save(&found).unwrap();
        assert_eq!(store.find(&one.id).unwrap().dimensions, ["b"]);
        store.remove(&one.id).unwrap();
        let left = store.load(None).unwrap();
        assert_eq!(left.entries, [two]);
        assert!(store.find(&one.id).is_err());
    }

    #[test]
    fn a_broken_file_is_reported_and_the_rest_load() {
        let temp = tempfile::tempdir().unwrap();
        let store = JournalStore::new(DataDir::at(temp.path().join("data")));
        store.add(entry("fine")).unwrap();
        fs::write(
            store.root().join("t/2026-05-02-0123456789.toml"),
            "rubric = \"t\"\ndate = 2026-05-02\ntext = \n",
        )
        .unwrap();
        let loaded = store.load(Some("t")).unwrap();
        assert_eq!(loaded.entries.len(), 1);
        assert_eq!(loaded.problems.len(), 1);
        assert!(loaded.problems[0].contains(":3:"), "{}", loaded.problems[0]);
    }

    #[cfg(unix)]
    #[test]
    fn entries_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let temp = tempfile::tempdir().unwrap();
        let store = JournalStore::new(DataDir::at(temp.path().join("data")));
        let added = store.add(entry("x")).unwrap();
        let path = store.path_of(&added);
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&store.root()), 0o700);
        assert_eq!(mode(&store.root().join("t")), 0o700);
    }
}
