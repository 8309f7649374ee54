//! The assessment history on disk: one private answers file per assessment, by rubric.
//!
//! Files live in `<data dir>/history/<rubric id>/` and are named
//! `<date>-<rater>-<subject>-<id>.toml` (`<date>-<rater>-<id>.toml` without a subject; the
//! subject as lower-case letters, digits and `-`, for people reading the directory: which
//! person an assessment is about is read from its content); the id is a 128-bit hash of the stored text (32 hex digits),
//! shown shortened and accepted by any unique prefix. Whether an assessment is stored already
//! is decided by comparing content with what is filed under the same date and rater, never
//! by id. Files stored by earlier versions, with 8-digit ids, still load.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::io::Read as _;
use std::ops::Bound;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use crate::catalog::read_answers;
use crate::core::answers::{Answers, Rater, Syntax, check_answers, parse_answers};
use crate::core::date::Date;
use crate::core::history::{self, Record};
use crate::core::report::SinceLast;
use crate::core::rubric::Rubric;
use crate::core::scoring::score;
use crate::datadir::DataDir;
use crate::entry_store::{MIN_PREFIX, listing, rubric_dirs};
use crate::exit::Failure;
use crate::invocation::command;
pub use crate::names::content_hash;
use crate::writer;

/// How many hex digits an id shows, unless more are needed to tell it from another.
pub const SHORT_LEN: usize = 10;
/// Stored files larger than this are not promo's; they are never read whole.
const MAX_STORED_BYTES: u64 = 4 << 20;

/// One stored assessment, as its file name describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The id as shown: the shortest prefix of [`Entry::full_id`], at least [`SHORT_LEN`]
    /// digits, that no other assessment of the rubric shares.
    pub id: String,
    /// The id in the file name.
    pub full_id: String,
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

/// One rubric's stored assessments by id, listed once for a whole batch of additions.
#[derive(Debug, Default)]
struct Index {
    /// The entries filed under one date and rater: where the same assessment would be.
    by_day: HashMap<String, Vec<Entry>>,
    ids: BTreeSet<String>,
}

impl Index {
    fn insert(&mut self, entry: Entry) {
        self.ids.insert(entry.full_id.clone());
        self.by_day
            .entry(day_key(entry.date, entry.rater))
            .or_default()
            .push(entry);
    }

    fn with_short_id(&self, mut entry: Entry) -> Entry {
        entry.id = shorten(&entry.full_id, &self.ids);
        entry
    }
}

/// Adds many assessments, listing each rubric's history once (see [`HistoryStore::adder`]).
#[derive(Debug)]
pub struct Adder<'s> {
    store: &'s HistoryStore,
    indexes: HashMap<String, Index>,
}

impl Adder<'_> {
    /// Stores `answers` as an assessment made on `date` (the stored copy carries that date),
    /// unless the same content is stored already. Directories are created 0700, the file is
    /// written atomically with mode 0600.
    pub fn add(&mut self, rubric: &Rubric, answers: &Answers, date: Date) -> Result<Added> {
        let text = stored_text(rubric, answers, date);
        let id = content_hash(text.as_bytes());
        if !self.indexes.contains_key(&rubric.id) {
            let mut index = Index::default();
            for entry in self.store.list(&rubric.id)? {
                index.insert(entry);
            }
            self.indexes.insert(rubric.id.clone(), index);
        }
        let index = self.indexes.entry(rubric.id.clone()).or_default();
        let candidates = index
            .by_day
            .get(&day_key(date, answers.rater))
            .into_iter()
            .flatten();
        for candidate in candidates {
            if same_content(&candidate.path, &text, rubric, date) {
                return Ok(Added::Existing(index.with_short_id(candidate.clone())));
            }
        }
        let dir = self.store.data.history(&rubric.id)?;
        let subject = answers
            .subject
            .as_deref()
            .map(crate::names::subject_slug)
            .filter(|s| !s.is_empty())
            .map_or_else(String::new, |s| format!("{s}-"));
        let path = dir.join(format!("{date}-{}-{subject}{id}.toml", answers.rater));
        if path.exists() {
            // Only a different text with the same 128-bit hash gets here.
            return Err(anyhow::anyhow!(
                "cannot store this assessment: {} holds a different one with the same id",
                path.display()
            ));
        }
        writer::write_atomic(&path, text.as_bytes())?;
        let entry = Entry {
            id: String::new(),
            full_id: id,
            rubric: rubric.id.clone(),
            date,
            rater: answers.rater,
            path,
        };
        index.insert(entry.clone());
        Ok(Added::New(index.with_short_id(entry)))
    }
}

impl HistoryStore {
    /// The history in `data`.
    pub fn new(data: DataDir) -> Self {
        Self { data }
    }

    /// The history in the data directory `--data-dir` names (`flag`), or else the usual one.
    pub fn open(flag: Option<&Path>) -> Result<Self> {
        Ok(Self::new(DataDir::resolve(flag)?))
    }

    /// The data directory.
    pub fn data(&self) -> &DataDir {
        &self.data
    }

    /// Where a rubric's history is (not created).
    pub fn dir(&self, rubric: &str) -> PathBuf {
        self.data.history_root().join(rubric)
    }

    /// Stores one assessment; see [`Adder::add`].
    pub fn add(&self, rubric: &Rubric, answers: &Answers, date: Date) -> Result<Added> {
        self.adder().add(rubric, answers, date)
    }

    /// For adding many assessments: each rubric's history is listed once, not once per file.
    pub fn adder(&self) -> Adder<'_> {
        Adder {
            store: self,
            indexes: HashMap::new(),
        }
    }

    /// The ids of the rubrics that have a history directory, sorted.
    pub fn rubrics(&self) -> Result<Vec<String>> {
        rubric_dirs(&self.data.history_root())
    }

    /// A rubric's stored assessments, oldest first, each with its shortened id. Files whose
    /// names do not follow the pattern (temporary files, files put there by hand) are left out.
    pub fn entries(&self, rubric: &str) -> Result<Vec<Entry>> {
        let mut entries = self.list(rubric)?;
        let ids: BTreeSet<String> = entries.iter().map(|e| e.full_id.clone()).collect();
        for entry in &mut entries {
            entry.id = shorten(&entry.full_id, &ids);
        }
        entries.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
        Ok(entries)
    }

    /// The shown id `full_id` has, or would have, among a rubric's stored assessments.
    pub fn short_id(&self, rubric: &str, full_id: &str) -> Result<String> {
        let mut ids: BTreeSet<String> = self.list(rubric)?.into_iter().map(|e| e.full_id).collect();
        ids.insert(full_id.to_owned());
        Ok(shorten(full_id, &ids))
    }

    /// A rubric's files, in no order, without shortened ids.
    fn list(&self, rubric: &str) -> Result<Vec<Entry>> {
        Ok(listing(&self.dir(rubric))?
            .filter_map(|entry| parse_name(&entry.path(), rubric))
            .collect())
    }

    /// The stored assessments `query` names: its whole id, its whole file name (without
    /// `.toml`), or, failing those, every one whose id starts with `query` (at least
    /// four hex digits).
    pub fn find(&self, query: &str) -> Result<Vec<Entry>> {
        let query = query.trim().trim_end_matches(".toml").to_ascii_lowercase();
        let mut all = Vec::new();
        for rubric in self.rubrics()? {
            all.extend(self.entries(&rubric)?);
        }
        let exact: Vec<Entry> = all
            .iter()
            .filter(|e| {
                e.full_id.eq_ignore_ascii_case(&query)
                    || e.path.file_stem().is_some_and(|stem| *stem == *query)
            })
            .cloned()
            .collect();
        if !exact.is_empty() || query.len() < MIN_PREFIX {
            return Ok(exact);
        }
        Ok(all
            .into_iter()
            .filter(|e| e.full_id.to_ascii_lowercase().starts_with(&query))
            .collect())
    }

    /// Deletes the stored assessment `query` names (see [`HistoryStore::find`]). An unknown
    /// id, or a prefix several ids start with, is a usage error.
    pub fn remove(&self, query: &str) -> Result<Entry> {
        let mut found = self.find(query)?;
        let entry = match found.len() {
            1 => found.remove(0),
            0 => {
                return Err(Failure::usage(format!(
                    "no stored assessment has the id \"{query}\" (history is in {}); this lists the ids:\n  {}",
                    self.data.history_root().display(),
                    command("history")
                ))
                .into());
            }
            _ => {
                let names: Vec<String> = found
                    .iter()
                    .map(|e| format!("  {} · {} · {} · {}", e.full_id, e.date, e.rater, e.rubric))
                    .collect();
                return Err(Failure::usage(format!(
                    "the id \"{query}\" is ambiguous: it starts {} stored assessments; give more of the id\n{}",
                    found.len(),
                    names.join("\n")
                ))
                .into());
            }
        };
        fs::remove_file(&entry.path)
            .with_context(|| format!("cannot remove {}", entry.path.display()))?;
        Ok(entry)
    }
}

/// A rubric's stored assessments, scored, with a warning for each file skipped.
#[derive(Debug, Default)]
pub struct Scored {
    /// One record per stored assessment that still checks against the rubric.
    pub records: Vec<Record>,
    /// What was skipped and why, for the user.
    pub warnings: Vec<String>,
}

impl HistoryStore {
    /// Stores a finished assessment saved at `saved`, as `promo assess` does when it ends.
    pub fn store_finished(
        &self,
        rubric: &Rubric,
        answers: &Answers,
        saved: &Path,
    ) -> Result<Entry> {
        let date = assessment_date(answers, saved)?;
        Ok(self.add(rubric, answers, date)?.entry().clone())
    }

    /// A rubric's stored assessments, scored. Files that no longer check against the rubric
    /// are skipped with a warning naming them and how to remove them.
    pub fn records(&self, rubric: &Rubric) -> Result<Scored> {
        let mut scored = Scored::default();
        let mut older_versions = 0;
        for entry in self.entries(&rubric.id)? {
            match record(&entry, rubric) {
                Ok((record, warned)) => {
                    older_versions += usize::from(warned);
                    scored.records.push(record);
                }
                Err(error) => scored.warnings.push(format!(
                    "skipping the stored assessment {}: {error:#}\nDelete it with:\n  {}",
                    entry.id,
                    command(&format!("history remove {}", entry.id))
                )),
            }
        }
        if older_versions > 0 {
            scored.warnings.push(format!(
                "{older_versions} stored assessment{} of rubric \"{}\" answered an older version of it; questions may have changed since",
                if older_versions == 1 { "" } else { "s" },
                rubric.id
            ));
        }
        Ok(scored)
    }

    /// What changed since the previous stored assessment of the same rubric and rater as
    /// `answers` (read from `path`), with the sustained flags; and the warnings about stored
    /// files that were skipped.
    pub fn since_last(
        &self,
        rubric: &Rubric,
        answers: &Answers,
        path: &Path,
    ) -> Result<(SinceLast, Vec<String>)> {
        let Scored { records, warnings } = self.records(rubric)?;
        let date = assessment_date(answers, path)?;
        let full_id = id_for(rubric, answers, date);
        let id = self.short_id(&rubric.id, &full_id)?;
        let current = Record::from_score(id, date, rubric, answers, &score(rubric, answers));
        let subject = answers.subject.as_deref();
        let previous = history::previous(&records, subject, answers.rater, date, &current.id);
        let mut series: Vec<Record> = records
            .iter()
            .filter(|r| {
                r.rater == answers.rater
                    && r.subject.as_deref() == subject
                    && r.date <= date
                    && r.id != current.id
            })
            .cloned()
            .collect();
        series.push(current.clone());
        Ok((
            history::since_last(rubric, &current, previous, &series),
            warnings,
        ))
    }
}

/// A stored assessment scored against `rubric`, and whether it answered an older version.
fn record(entry: &Entry, rubric: &Rubric) -> Result<(Record, bool)> {
    let source = read_answers(&entry.path)?;
    let (answers, warnings) = check_answers(source.file, rubric, &source.origin, &source.text)?;
    let date = answers.date.unwrap_or(entry.date);
    let scored = score(rubric, &answers);
    Ok((
        Record::from_score(entry.id.clone(), date, rubric, &answers, &scored),
        !warnings.is_empty(),
    ))
}

fn day_key(date: Date, rater: Rater) -> String {
    format!("{date}-{rater}")
}

/// The shortest prefix of `id`, at least [`SHORT_LEN`] digits, that no other id in `ids`
/// starts with (the whole id when it is shorter).
fn shorten(id: &str, ids: &BTreeSet<String>) -> String {
    let before = ids
        .range::<str, _>((Bound::Unbounded, Bound::Excluded(id)))
        .next_back();
    let after = ids
        .range::<str, _>((Bound::Excluded(id), Bound::Unbounded))
        .next();
    let shared = [before, after]
        .into_iter()
        .flatten()
        .map(|other| common_prefix(id, other))
        .max()
        .unwrap_or(0);
    let len = (shared + 1).max(SHORT_LEN).min(id.len());
    id.get(..len).unwrap_or(id).to_owned()
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}

/// Whether the file at `path` holds `text`: the same bytes, or an answers document that
/// reads as the same assessment (written by an earlier promo, or tidied by hand).
fn same_content(path: &Path, text: &str, rubric: &Rubric, date: Date) -> bool {
    let Ok(file) = fs::File::open(path) else {
        return false;
    };
    let mut stored = String::new();
    if file
        .take(MAX_STORED_BYTES)
        .read_to_string(&mut stored)
        .is_err()
    {
        return false;
    }
    if stored == text {
        return true;
    }
    let origin = path.display().to_string();
    parse_answers(&stored, Syntax::Toml, &origin)
        .ok()
        .and_then(|file| check_answers(file, rubric, &origin, &stored).ok())
        .is_some_and(|(answers, _)| stored_text(rubric, &answers, date) == text)
}

/// The text stored for `answers` made on `date`.
fn stored_text(rubric: &Rubric, answers: &Answers, date: Date) -> String {
    let mut answers = answers.clone();
    answers.date = Some(date);
    answers.to_toml(rubric)
}

/// The full id `answers` made on `date` has, or would have, in the history.
pub fn id_for(rubric: &Rubric, answers: &Answers, date: Date) -> String {
    content_hash(stored_text(rubric, answers, date).as_bytes())
}

/// Reads `<date>-<rater>-<subject>-<id>.toml` or `<date>-<rater>-<id>.toml`.
fn parse_name(path: &Path, rubric: &str) -> Option<Entry> {
    if path.extension().is_none_or(|ext| ext != "toml") || !path.is_file() {
        return None;
    }
    let stem = path.file_stem()?.to_str()?;
    let date = Date::parse(stem.get(..10)?).ok()?;
    let rest = stem.get(10..)?.strip_prefix('-')?;
    let (rater, rest) = rest.split_once('-')?;
    let rater = Rater::parse(rater)?;
    let id = rest.rsplit_once('-').map_or(rest, |(_, id)| id);
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    Some(Entry {
        id: id.to_owned(),
        full_id: id.to_owned(),
        rubric: rubric.to_owned(),
        date,
        rater,
        path: path.to_owned(),
    })
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
    use crate::testing::{self, answers};

    #[test]
    fn adds_lists_finds_and_removes() {
        let (_temp, store) = testing::temp_store(HistoryStore::new);
        let rubric = testing::rubric();
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
        assert_eq!(name, format!("2026-06-01-self-{}.toml", first.full_id));
        assert_eq!(first.full_id.len(), crate::names::HASH_LEN);
        assert_eq!(first.id.len(), SHORT_LEN);
        assert!(name.contains(&first.full_id), "{name}");
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
        let (_temp, store) = testing::temp_store(HistoryStore::new);
        let rubric = testing::rubric();
        let added = store
            .add(&rubric, &answers(&rubric, "[answers]\na1 = 2"), today())
            .unwrap();
        assert_eq!(testing::mode(&added.entry().path), 0o600);
        for dir in [
            store.data().root().to_owned(),
            store.data().history_root(),
            store.dir("t"),
        ] {
            assert_eq!(testing::mode(&dir), 0o700, "{}", dir.display());
        }
    }

    #[test]
    fn ids_are_long_hashes_shown_by_their_shortest_unique_prefix() {
        assert_eq!(content_hash(b""), "e3b0c44298fc1c149afbf4c8996fb924");
        let ids: BTreeSet<String> = ["abcdef0123456789", "abcdef0123999999", "ffff", "12345678"]
            .into_iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(shorten("abcdef0123456789", &ids), "abcdef01234");
        assert_eq!(shorten("abcdef0123999999", &ids), "abcdef01239");
        assert_eq!(shorten("ffff", &ids), "ffff");
        assert_eq!(shorten("12345678", &ids), "12345678");
    }

    #[test]
    fn a_batch_lists_each_rubric_once_and_compares_content() {
        let (_temp, store) = testing::temp_store(HistoryStore::new);
        let rubric = testing::rubric();
        let june = Date::new(2026, 6, 1).unwrap();
        let mut adder = store.adder();
        let mut one = answers(&rubric, "[answers]\na1 = 2");
        assert!(matches!(
            adder.add(&rubric, &one, june).unwrap(),
            Added::New(_)
        ));
        // Listed once: a file put there now is not seen by this batch.
        fs::write(store.dir("t").join("2026-06-02-self-0123456789.toml"), "x").unwrap();
        assert_eq!(adder.indexes["t"].ids.len(), 1);
        assert!(matches!(
            adder.add(&rubric, &one, june).unwrap(),
            Added::Existing(_)
        ));
        one.note = Some("other".into());
        assert!(matches!(
            adder.add(&rubric, &one, june).unwrap(),
            Added::New(_)
        ));
        assert_eq!(adder.indexes["t"].ids.len(), 2);
    }

    #[test]
    fn undated_answers_take_the_file_date() {
        let temp = tempfile::tempdir().unwrap();
        let path = temp.path().join("a.toml");
        fs::write(&path, "rubric = \"t\"").unwrap();
        let rubric = testing::rubric();
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
