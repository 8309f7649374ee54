//! The evidence journal on disk: one private TOML file per entry, by rubric.
//!
//! Entries live in `<data dir>/journal/<rubric id>/<date>-<id>.toml`. One file per entry means
//! two `promo log add` at the same moment never read, change and write the same file: each
//! writes its own, atomically. Re-tagging rewrites only that entry's file; removing deletes
//! only it. A file that cannot be read is reported with its name and line, and the others
//! still load.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use crate::core::date::Date;
use crate::core::entry_file::Kind;
use crate::core::error::Invalid;
use crate::core::journal::{self, Entry, parse_entry, sort_newest_first};
use crate::datadir::DataDir;

use crate::entry_store::{EntryStore, Stored, fresh_id};
use crate::show::Shown;

impl Stored for Entry {
    const KIND: Kind = journal::KIND;
    const LISTING: &'static str = "promo log";

    fn root(data: &DataDir) -> PathBuf {
        data.journal_root()
    }

    fn file(&self) -> PathBuf {
        Path::new(&self.rubric).join(format!("{}-{}.toml", self.date, self.id))
    }

    /// The id in `<date>-<id>.toml`.
    fn id_in(path: &Path) -> Option<String> {
        let stem = path.file_stem()?.to_str()?;
        let id = stem.get(11..)?;
        (stem.as_bytes().get(10) == Some(&b'-') && !id.is_empty()).then(|| id.to_ascii_lowercase())
    }

    fn read(source: &str, origin: &str, id: &str, rubric: &str) -> Result<Self, Invalid> {
        let entry = parse_entry(source, origin, id)?;
        Ok(Self {
            rubric: rubric.to_owned(),
            ..entry
        })
    }

    fn id(&self) -> &str {
        &self.id
    }

    fn to_toml(&self) -> String {
        Entry::to_toml(self)
    }

    fn sort(entries: &mut [Self]) {
        sort_newest_first(entries);
    }
}

/// The journal inside a data directory.
#[derive(Debug, Clone)]
pub struct JournalStore {
    files: EntryStore<Entry>,
}

/// Entries as loaded (newest first), with the files that could not be read.
pub type Loaded = crate::entry_store::Loaded<Entry>;

impl JournalStore {
    /// The journal in `data`.
    pub fn new(data: DataDir) -> Self {
        Self {
            files: EntryStore::new(data),
        }
    }

    /// Where the journal is (not created).
    pub fn root(&self) -> PathBuf {
        self.files.root()
    }

    fn path_of(&self, entry: &Entry) -> PathBuf {
        self.files.path_of(entry)
    }

    /// Stores a new entry (its `id` is ignored and replaced) and returns it with its id.
    pub fn add(&self, mut entry: Entry) -> Result<Entry> {
        // Creates the rubric's directory, private, if it is missing.
        self.files.data().journal(&entry.rubric)?;
        entry.id = fresh_id(&entry.text);
        let path = self.path_of(&entry);
        if path.exists() {
            anyhow::bail!(
                "cannot add the entry: {} exists already; try again",
                Shown(&path)
            );
        }
        self.files.write(&entry)?;
        Ok(entry)
    }

    /// The entries of one rubric, or of every rubric, newest first.
    pub fn load(&self, rubric: Option<&str>) -> Result<Loaded> {
        self.files.load(rubric)
    }

    /// The entry `query` names (a whole id or a unique prefix).
    pub fn find(&self, query: &str) -> Result<Entry> {
        self.files.find(query)
    }

    /// Rewrites a stored entry (after re-tagging); only its own file changes.
    pub fn save(&self, entry: &Entry) -> Result<()> {
        self.files.save(entry)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, entry};

    #[test]
    fn adds_finds_retags_and_removes_one_file_each() {
        let (_temp, store) = testing::temp_store(JournalStore::new);
        let one = store.add(entry("one")).unwrap();
        let two = store.add(entry("two")).unwrap();
        assert_ne!(one.id, two.id);
        assert_eq!(one.id.len(), crate::entry_store::ID_LEN);
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
        let (_temp, store) = testing::temp_store(JournalStore::new);
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
        let (_temp, store) = testing::temp_store(JournalStore::new);
        let added = store.add(entry("x")).unwrap();
        let path = store.path_of(&added);
        assert_eq!(testing::mode(&path), 0o600);
        assert_eq!(testing::mode(&store.root()), 0o700);
        assert_eq!(testing::mode(&store.root().join("t")), 0o700);
    }
}
