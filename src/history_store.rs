//! The assessment history on disk: one private answers file per assessment, by rubric.
//!
//! Files live in `<data dir>/history/<rubric id>/` and are named
//! `<date>-<rater>-<id>.toml`; the id is a short hash of the stored text, so adding the same
//! assessment twice keeps one copy.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use crate::core::answers::{Answers, Rater};
use crate::core::date::Date;
use crate::core::rubric::Rubric;
use crate::datadir::DataDir;
use crate::exit::Failure;
use crate::writer;

/// How many hex digits an id has.
const ID_LEN: usize = 8;

/// One stored assessment, as its file name describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The short id.
    pub id: String,
    /// The rubric id (the directory it is in).
    pub rubric: String,
    /// The date in the file name.
    pub date: Date,
    /// The rater in the file name.
    pub rater: Rater,
    /// The file.
    pub path: PathBuf,
}

/// What adding an assessment did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Added {
    /// Stored as a new file.
    New(Entry),
    /// The same assessment was already stored; nothing was written.
    Existing(Entry),
}

impl Added {
    /// The stored entry either way.
    pub fn entry(&self) -> &Entry {
        match self {
            Self::New(entry) | Self::Existing(entry) => entry,
        }
    }
}

/// The history inside a data directory.
#[derive(Debug, Clone)]
pub struct HistoryStore {
    data: DataDir,
}

impl HistoryStore {
    /// The history in `data`.
    pub fn new(data: DataDir) -> Self {
        Self { data }
    }

    /// The data directory.
    pub fn data(&self) -> &DataDir {
        &self.data
    }

    /// Where a rubric's history is (not created).
    pub fn dir(&self, rubric: &str) -> PathBuf {
        self.data.history_root().join(rubric)
    }

    /// Stores `answers` as an assessment made on `date` (the stored copy carries that date).
    /// Directories are created 0700, the file is written atomically with mode 0600.
    pub fn add(&self, rubric: &Rubric, answers: &Answers, date: Date) -> Result<Added> {
        let (text, id) = stored_text(rubric, answers, date);
        if let Some(existing) = self.entries(&rubric.id)?.into_iter().find(|e| e.id == id) {
            return Ok(Added::Existing(existing));
        }
        let dir = self.data.history(&rubric.id)?;
        let path = dir.join(format!("{date}-{}-{id}.toml", answers.rater));
        writer::write_atomic(&path, text.as_bytes())?;
        Ok(Added::New(Entry {
            id,
            rubric: rubric.id.clone(),
            date,
            rater: answers.rater,
            path,
        }))
    }

    /// The ids of the rubrics that have a history directory, sorted.
    pub fn rubrics(&self) -> Result<Vec<String>> {
        let root = self.data.history_root();
        let entries = match fs::read_dir(&root) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", root.display())),
        };
        let mut ids: Vec<String> = entries
            .filter_map(|entry| entry.ok())
            .filter(|entry| entry.path().is_dir())
            .filter_map(|entry| entry.file_name().to_str().map(str::to_owned))
            .filter(|name| !name.starts_with('.'))
            .collect();
        ids.sort();
        Ok(ids)
    }

    /// A rubric's stored assessments, oldest first. Files whose names do not follow the
    /// pattern (temporary files, files put there by hand) are left out.
    pub fn entries(&self, rubric: &str) -> Result<Vec<Entry>> {
        let dir = self.dir(rubric);
        let listing = match fs::read_dir(&dir) {
            Ok(listing) => listing,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", dir.display())),
        };
        let mut entries: Vec<Entry> = listing
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter_map(|path| parse_name(&path, rubric))
            .collect();
        entries.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
        Ok(entries)
    }

    /// Every stored assessment whose id (or whole file name, without `.toml`) is `id`.
    pub fn find(&self, id: &str) -> Result<Vec<Entry>> {
        let id = id.trim().trim_end_matches(".toml");
        let mut found = Vec::new();
        for rubric in self.rubrics()? {
            found.extend(self.entries(&rubric)?.into_iter().filter(|e| {
                e.id.eq_ignore_ascii_case(id) || e.path.file_stem().is_some_and(|stem| stem == id)
            }));
        }
        Ok(found)
    }

    /// Deletes the stored assessment with this id. An unknown or ambiguous id is a usage error.
    pub fn remove(&self, id: &str) -> Result<Entry> {
        let mut found = self.find(id)?;
        let entry = match found.len() {
            1 => found.remove(0),
            0 => {
                return Err(Failure::usage(format!(
                    "no stored assessment has the id \"{id}\"; `promo history` lists the ids (history is in {})",
                    self.data.history_root().display()
                ))
                .into());
            }
            _ => {
                let names: Vec<String> =
                    found.iter().map(|e| e.path.display().to_string()).collect();
                return Err(Failure::usage(format!(
                    "the id \"{id}\" matches {} assessments ({}); give the whole file name",
                    found.len(),
                    names.join(", ")
                ))
                .into());
            }
        };
        fs::remove_file(&entry.path)
            .with_context(|| format!("cannot remove {}", entry.path.display()))?;
        Ok(entry)
    }
}

/// The text stored for `answers` made on `date`, and its id.
fn stored_text(rubric: &Rubric, answers: &Answers, date: Date) -> (String, String) {
    let mut answers = answers.clone();
    answers.date = Some(date);
    let text = answers.to_toml(rubric);
    let id = short_id(&text);
    (text, id)
}

/// The id `answers` made on `date` has, or would have, in the history.
pub fn id_for(rubric: &Rubric, answers: &Answers, date: Date) -> String {
    stored_text(rubric, answers, date).1
}

/// Reads `<date>-<rater>-<id>.toml`.
fn parse_name(path: &Path, rubric: &str) -> Option<Entry> {
    if path.extension().is_none_or(|ext| ext != "toml") || !path.is_file() {
        return None;
    }
    let stem = path.file_stem()?.to_str()?;
    let date = Date::parse(stem.get(..10)?).ok()?;
    let rest = stem.get(10..)?.strip_prefix('-')?;
    let (rater, id) = rest.rsplit_once('-')?;
    let rater = Rater::parse(rater)?;
    if id.is_empty() {
        return None;
    }
    Some(Entry {
        id: id.to_owned(),
        rubric: rubric.to_owned(),
        date,
        rater,
        path: path.to_owned(),
    })
}

/// A short, stable id for a stored text: the first hex digits of its 64-bit FNV-1a hash.
/// Not a security measure; it only names files and spots the same assessment added twice.
pub fn short_id(text: &str) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    let hash = text.bytes().fold(OFFSET, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(PRIME)
    });
    format!("{hash:016x}")[..ID_LEN].to_owned()
}

/// Today in the local time zone.
pub fn today() -> Date {
    Date(jiff::Zoned::now().date())
}

/// The local date a file was last modified; today for standard input (`-`).
pub fn file_date(path: &Path) -> Result<Date> {
    if path.as_os_str() == "-" {
        return Ok(today());
    }
    let modified = fs::metadata(path)
        .and_then(|m| m.modified())
        .with_context(|| format!("cannot read the modification time of {}", path.display()))?;
    let zoned = jiff::Zoned::try_from(modified).with_context(|| {
        format!(
            "the modification time of {} is out of range; add a `date` to it",
            path.display()
        )
    })?;
    Ok(Date(zoned.date()))
}

/// The date an answers file was made: its `date`, else the file's modification date.
pub fn assessment_date(answers: &Answers, path: &Path) -> Result<Date> {
    match answers.date {
        Some(date) => Ok(date),
        None => file_date(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::answers::{Syntax, check_answers, parse_answers};
    use crate::core::rubric::parse_rubric;

    const RUBRIC: &str = r#"
id = "t"
version = 1
title = "T"
from = "A"
to = "B"

[[dimensions]]
id = "a"
name = "Alpha"
  [[dimensions.questions]]
  id = "a1"
  prompt = "A?"
  options = [{ text = "low", level = 0 }, { text = "high", level = 4 }]
"#;

    fn answers(rubric: &Rubric, body: &str) -> Answers {
        let source = format!("rubric = \"t\"\n{body}\n");
        let file = parse_answers(&source, Syntax::Toml, "a.toml").unwrap();
        check_answers(file, rubric, "a.toml", &source).unwrap().0
    }

    #[test]
    fn adds_lists_finds_and_removes() {
        let temp = tempfile::tempdir().unwrap();
        let store = HistoryStore::new(DataDir::at(temp.path().join("data")));
        let rubric = parse_rubric(RUBRIC, "r.toml").unwrap();
        assert!(store.rubrics().unwrap().is_empty());
        assert!(store.entries("t").unwrap().is_empty());

        let june = Date::new(2026, 6, 1).unwrap();
        let may = Date::new(2026, 5, 1).unwrap();
        let first = store
            .add(&rubric, &answers(&rubric, "[answers]\na1 = 2"), june)
            .unwrap();
        let Added::New(first) = first else {
            panic!("expected a new entry")
        };
        let name = first.path.file_name().unwrap().to_str().unwrap().to_owned();
        assert_eq!(name, format!("2026-06-01-self-{}.toml", first.id));
        assert_eq!(first.id.len(), ID_LEN);
        // The stored copy carries the date it was filed under.
        let stored = fs::read_to_string(&first.path).unwrap();
        assert!(stored.contains("date = 2026-06-01"), "{stored}");

        // The same assessment again is recognised, not duplicated.
        let again = store
            .add(&rubric, &answers(&rubric, "[answers]\na1 = 2"), june)
            .unwrap();
        assert_eq!(again, Added::Existing(first.clone()));

        let manager = "rater = \"manager\"\n[answers]\na1 = 1";
        let second = store.add(&rubric, &answers(&rubric, manager), may).unwrap();
        let listed = store.entries("t").unwrap();
        assert_eq!(listed.len(), 2);
        assert_eq!(listed[0], *second.entry());
        assert_eq!(listed[0].rater, Rater::Manager);
        assert_eq!(store.rubrics().unwrap(), ["t"]);

        // Stray files are ignored.
        fs::write(store.dir("t").join("notes.toml"), "x").unwrap();
        fs::write(store.dir("t").join(".promo-abc.tmp"), "x").unwrap();
        assert_eq!(store.entries("t").unwrap().len(), 2);

        assert_eq!(store.find(&first.id).unwrap(), std::slice::from_ref(&first));
        let stem = name.trim_end_matches(".toml");
        assert_eq!(store.find(stem).unwrap(), std::slice::from_ref(&first));
        let removed = store.remove(&first.id).unwrap();
        assert_eq!(removed, first);
        assert!(!first.path.exists());
        let missing = store.remove(&first.id).unwrap_err();
        assert_eq!(crate::exit::code_of(&missing), crate::exit::USAGE);
        assert!(missing.to_string().contains(&first.id), "{missing}");
    }

    #[cfg(unix)]
    #[test]
    fn history_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let temp = tempfile::tempdir().unwrap();
        let store = HistoryStore::new(DataDir::at(temp.path().join("data")));
        let rubric = parse_rubric(RUBRIC, "r.toml").unwrap();
        let added = store
            .add(&rubric, &answers(&rubric, "[answers]\na1 = 2"), today())
            .unwrap();
        let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&added.entry().path), 0o600);
        for dir in [
            temp.path().join("data"),
            store.data().history_root(),
            store.dir("t"),
        ] {
            assert_eq!(mode(&dir), 0o700, "{}", dir.display());
        }
    }

    #[test]
    fn ids_are_short_stable_hashes() {
        assert_eq!(short_id(""), "cbf29ce4");
        assert_eq!(short_id("a"), short_id("a"));
        assert_ne!(short_id("a"), short_id("b"));
    }

    #[test]
    fn undated_answers_take_the_file_date() {
        let temp = tempfile::tempdir().unwrap();
        let path = temp.path().join("a.toml");
        fs::write(&path, "rubric = \"t\"").unwrap();
        let rubric = parse_rubric(RUBRIC, "r.toml").unwrap();
        let undated = answers(&rubric, "");
        assert_eq!(assessment_date(&undated, &path).unwrap(), today());
        let dated = answers(&rubric, "date = 2020-01-02");
        assert_eq!(
            assessment_date(&dated, &path).unwrap(),
            Date::new(2020, 1, 2).unwrap()
        );
        assert!(file_date(&temp.path().join("missing.toml")).is_err());
    }
}
