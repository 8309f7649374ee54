//! Unfinished assessments on disk: the draft format, file names, finding drafts and locking them.
//!
//! Drafts live in `<data dir>/drafts/`. A draft is an ordinary answers document followed by a
//! `[draft]` table of bookkeeping ([`DraftMeta`]). Which assessment a draft belongs to (rubric,
//! rater, subject) is read from its content; the file name only has to be unique and short. A
//! session holds an advisory lock on its draft (`.<name>.lock`, holding its pid) for as long
//! as it runs, so two sessions never write the same draft.

use std::fs::{self, File, OpenOptions};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use anyhow::{Context as _, Result};
use serde::{Deserialize, Serialize};

use crate::core::answers::Syntax;
use crate::core::answers::{
    Answers, AnswersFile, Entries, Rater, Warning, check_answers, parse_answers,
};
use crate::core::error::{Invalid, Problem, from_toml_error};
use crate::core::rubric::Rubric;
use crate::datadir::DataDir;
pub use crate::names::subject_slug;
use crate::names::{content_hash, cut, slug};
use crate::questionnaire::Progress;

/// The table a draft keeps its own bookkeeping in, next to an ordinary answers document.
const DRAFT_TABLE: &str = "draft";
/// How many hex digits of the subject's hash a file name carries.
const SUBJECT_HASH_LEN: usize = 8;
/// Drafts larger than this are not promo's; they are skipped, never read whole.
const MAX_DRAFT_BYTES: u64 = 4 << 20;
/// How many separate drafts one assessment may have before promo asks for a clean-up.
const MAX_SEPARATE: usize = 999;

/// The `[draft]` table. New fields get `#[serde(default)]` (the whole struct has it), so
/// drafts written before they existed still read, and unknown fields are ignored, so a draft
/// written by a newer promo still resumes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DraftMeta {
    /// The rubric as later commands should name it: a built-in id or an absolute path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The id of the first question not gone through yet; absent once all have been.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// The seed of the on-screen option order, as 16 hex digits (TOML integers are signed,
    /// and text keeps every bit); absent for drafts from before options were shuffled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<String>,
}

/// Whose draft: the rubric id, who answers and about whom. Two assessments with the same key
/// are the same assessment as far as "continue where I left off" goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// The rubric id.
    pub rubric: String,
    /// Who answers.
    pub rater: Rater,
    /// Whom the answers are about, exactly as given.
    pub subject: Option<String>,
}

/// What a draft says about itself, readable without its rubric.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftHead {
    /// The rubric id the answers are for.
    pub rubric: String,
    /// The rubric as it was given on the command line (an id or a path), if recorded.
    pub source: Option<String>,
    /// Who answered, as written.
    pub rater: Option<String>,
    /// Whom the answers are about.
    pub subject: Option<String>,
}

impl DraftHead {
    /// The key, when the rater is one promo knows.
    pub fn key(&self) -> Option<Key> {
        let rater = match self.rater.as_deref() {
            None => Rater::Myself,
            Some(word) => Rater::parse(word)?,
        };
        Some(Key {
            rubric: self.rubric.clone(),
            rater,
            subject: self.subject.clone(),
        })
    }
}

/// The draft document for `progress`: the answers as an ordinary answers file, then the
/// `[draft]` table with `source`, the next question's id and the option order's seed.
pub fn to_text(progress: &Progress, rubric: &Rubric, source: &str) -> String {
    let meta = DraftMeta {
        source: Some(source.to_owned()),
        next: rubric
            .questions()
            .nth(progress.next)
            .map(|(_, question)| question.id.clone()),
        seed: progress.seed.map(|seed| format!("{seed:016x}")),
    };
    let mut table = toml::Table::new();
    if let Ok(toml::Value::Table(meta)) = toml::Value::try_from(&meta) {
        table.insert(DRAFT_TABLE.into(), toml::Value::Table(meta));
    }
    format!("{}\n{table}", progress.answers.to_toml(rubric))
}

/// A draft split into its answers document and its `[draft]` table.
struct Split {
    /// The answers document, with the same line numbers as the file.
    answers: String,
    meta: DraftMeta,
    /// The top-level keys of the answers document.
    head: toml::Table,
}

fn split(text: &str, origin: &str) -> Result<Split, Invalid> {
    let mut table: toml::Table = toml::from_str(text)
        .map_err(|e| Invalid::one("draft", origin, from_toml_error(text, &e)))?;
    let meta = match table.remove(DRAFT_TABLE) {
        Some(value @ toml::Value::Table(_)) => DraftMeta::deserialize(value).map_err(|e| {
            Invalid::one(
                "draft",
                origin,
                Problem::new(format!("the [draft] table cannot be read: {}", e.message()))
                    .about(DRAFT_TABLE),
            )
        })?,
        Some(_) => {
            return Err(Invalid::one(
                "draft",
                origin,
                Problem::new("`draft` must be a table").about(DRAFT_TABLE),
            ));
        }
        None => DraftMeta::default(),
    };
    let answers = without_draft_table(text, &table)
        .unwrap_or_else(|| toml::to_string(&table).unwrap_or_default());
    Ok(Split {
        answers,
        meta,
        head: table,
    })
}

/// The text with the lines of its `[draft]` table blanked, so that every line keeps its
/// number; `None` when that does not leave exactly the answers (a hand-edited draft).
fn without_draft_table(text: &str, expected: &toml::Table) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            let name = trimmed
                .trim_start_matches('[')
                .split(']')
                .next()
                .unwrap_or_default()
                .trim();
            inside = name == DRAFT_TABLE || name.starts_with("draft.");
        }
        if inside {
            out.push_str(if line.ends_with('\n') { "\n" } else { "" });
        } else {
            out.push_str(line);
        }
    }
    let blanked: toml::Table = toml::from_str(&out).ok()?;
    (blanked == *expected).then_some(out)
}

fn string_field(table: &toml::Table, key: &str) -> Option<String> {
    table
        .get(key)
        .and_then(toml::Value::as_str)
        .map(str::to_owned)
}

/// Reads a draft's rubric id, source, rater and subject without checking its answers.
pub fn peek(text: &str, origin: &str) -> Result<DraftHead, Invalid> {
    let split = split(text, origin)?;
    let rubric = string_field(&split.head, "rubric").ok_or_else(|| {
        Invalid::one(
            "draft",
            origin,
            Problem::new("it names no rubric").about("rubric"),
        )
    })?;
    Ok(DraftHead {
        rubric,
        source: split.meta.source,
        rater: string_field(&split.head, "rater"),
        subject: string_field(&split.head, "subject"),
    })
}

/// A draft read back against the rubric as it is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// The answers that still fit, and where to go on.
    pub progress: Progress,
    /// Warnings about the answers kept (another rubric version).
    pub warnings: Vec<Warning>,
    /// One line per answer or example that no longer fits the rubric and was left out.
    pub dropped: Vec<String>,
}

/// Reads a draft written by [`to_text`] and checks it against `rubric`.
///
/// Answers that no longer fit (the question is gone, the option number is out of range, the
/// kind changed) are left out and named in [`Restored::dropped`]; everything else is kept.
/// A draft that is not TOML, is for another rubric or names an unknown rater is an error,
/// with lines as in the file.
pub fn restore(text: &str, rubric: &Rubric, origin: &str) -> Result<Restored, Invalid> {
    let split = split(text, origin)?;
    let file = parse_answers(&split.answers, Syntax::Toml, origin)
        .map_err(|e| Invalid { kind: "draft", ..e })?;
    let (file, dropped) = keep_fitting(file, rubric, origin, &split.answers);
    let (answers, warnings) = check_answers(file, rubric, origin, &split.answers)
        .map_err(|e| Invalid { kind: "draft", ..e })?;
    let n = answers.responses.len();
    let first_open = first_unanswered(&answers);
    let mut next = match &split.meta.next {
        Some(id) => rubric
            .find(id)
            .map_or_else(|| first_open.unwrap_or(n), |at| at.flat),
        None => n,
    };
    if !dropped.is_empty() {
        // Questions whose answers were dropped are asked again first.
        next = next.min(first_open.unwrap_or(n));
    }
    let seed = split
        .meta
        .seed
        .as_deref()
        .and_then(|hex| u64::from_str_radix(hex, 16).ok());
    Ok(Restored {
        progress: Progress {
            answers,
            next,
            seed,
        },
        warnings,
        dropped,
    })
}

/// Leaves out every answer and example that does not fit `rubric`, saying why for each.
fn keep_fitting(
    mut file: AnswersFile,
    rubric: &Rubric,
    origin: &str,
    source: &str,
) -> (AnswersFile, Vec<String>) {
    if file.rubric != rubric.id {
        // Checking reports this as a whole.
        return (file, Vec::new());
    }
    let mut dropped = Vec::new();
    let answers = std::mem::take(&mut file.answers.0);
    for (id, raw) in answers {
        if rubric.find(&id).is_none() {
            dropped.push(format!(
                "the answer to \"{id}\": the rubric has no such question now"
            ));
            continue;
        }
        let alone = AnswersFile {
            rubric: file.rubric.clone(),
            answers: Entries(vec![(id.clone(), raw.clone())]),
            ..AnswersFile::default()
        };
        match check_answers(alone, rubric, origin, source) {
            Ok(_) => file.answers.0.push((id, raw)),
            Err(invalid) => {
                let why = invalid
                    .problems
                    .first()
                    .map_or_else(String::new, |p| p.message.clone());
                dropped.push(format!("the answer to \"{id}\": {why}"));
            }
        }
    }
    let evidence = std::mem::take(&mut file.evidence.0);
    for (id, example) in evidence {
        if rubric.find(&id).is_some() {
            file.evidence.0.push((id, example));
        } else {
            dropped.push(format!(
                "the example for \"{id}\": the rubric has no such question now"
            ));
        }
    }
    (file, dropped)
}

fn first_unanswered(answers: &Answers) -> Option<usize> {
    answers.responses.iter().position(Option::is_none)
}

/// A draft found on disk.
#[derive(Debug, Clone)]
pub struct Found {
    /// The file.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// What it says about itself.
    pub head: DraftHead,
}

impl Found {
    /// The file name, as `--draft` takes it.
    pub fn name(&self) -> String {
        file_name_of(&self.path)
    }
}

/// Which drafts to look for; `None` matches anything.
#[derive(Debug, Clone, Copy, Default)]
pub struct Filter<'a> {
    /// The rubric id.
    pub rubric: Option<&'a str>,
    /// Who answers.
    pub rater: Option<Rater>,
    /// Whom about, exactly.
    pub subject: Option<&'a str>,
}

impl Filter<'_> {
    fn matches(&self, head: &DraftHead) -> bool {
        let rater = head
            .rater
            .as_deref()
            .and_then(Rater::parse)
            .unwrap_or_default();
        self.rubric.is_none_or(|id| head.rubric == id)
            && self.rater.is_none_or(|r| r == rater)
            && self
                .subject
                .is_none_or(|s| head.subject.as_deref() == Some(s))
    }
}

impl<'a> From<&'a Key> for Filter<'a> {
    fn from(key: &'a Key) -> Self {
        Filter {
            rubric: Some(&key.rubric),
            rater: Some(key.rater),
            subject: key.subject.as_deref(),
        }
    }
}

/// Another promo has this draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InUse {
    /// The draft.
    pub path: PathBuf,
    /// The other promo's process id, as it wrote it in the lock file.
    pub pid: Option<u32>,
}

impl InUse {
    /// "in use by another promo (pid 123)", for messages.
    pub fn by(&self) -> String {
        match self.pid {
            Some(pid) => format!("in use by another promo (pid {pid})"),
            None => "in use by another promo".to_owned(),
        }
    }
}

/// The outcome of trying to lock a draft.
#[derive(Debug)]
pub enum Claim {
    /// This process has it until the lock is dropped.
    Mine(DraftLock),
    /// Another process has it.
    InUse(InUse),
}

/// This process's hold on a draft. Dropping it removes the lock file and releases the lock;
/// if the process dies, the operating system releases it.
#[derive(Debug)]
pub struct DraftLock {
    path: PathBuf,
    file: File,
    /// Removes the lock file even when Ctrl-C ends promo before this is dropped.
    _on_interrupt: crate::writer::Registered,
}

impl Drop for DraftLock {
    fn drop(&mut self) {
        // Removed while still locked: a process waiting on the old file notices it is gone.
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// The drafts directory.
#[derive(Debug, Clone)]
pub struct DraftStore {
    dir: PathBuf,
}

impl DraftStore {
    /// The drafts of `data`, creating the directory (0700) if missing.
    pub fn open(data: &DataDir) -> Result<Self> {
        Ok(Self {
            dir: data.drafts()?,
        })
    }

    /// The drafts in `dir`, as they are.
    pub fn at(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The drafts matching `filter`, most recently saved first. Files that cannot be read as
    /// drafts are skipped with a warning naming them.
    pub fn list(&self, filter: Filter<'_>) -> Result<Vec<Found>> {
        let entries = fs::read_dir(&self.dir)
            .with_context(|| format!("cannot read the drafts directory {}", self.dir.display()))?;
        let mut found: Vec<(SystemTime, Found)> = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if !name.ends_with(".toml") || name.starts_with('.') {
                continue;
            }
            let text = match read_bounded(&path) {
                Ok(Some(text)) => text,
                Ok(None) => {
                    warn(&format!(
                        "skipping {}: it is larger than a draft can be",
                        path.display()
                    ));
                    continue;
                }
                Err(error) => {
                    warn(&format!("skipping a draft that cannot be read: {error:#}"));
                    continue;
                }
            };
            let head = match peek(&text, &path.display().to_string()) {
                Ok(head) => head,
                Err(error) => {
                    warn(&format!("skipping a draft that cannot be read: {error}"));
                    continue;
                }
            };
            if !filter.matches(&head) {
                continue;
            }
            let modified = entry
                .metadata()
                .and_then(|m| m.modified())
                .unwrap_or(SystemTime::UNIX_EPOCH);
            found.push((modified, Found { path, text, head }));
        }
        found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.path.cmp(&b.1.path)));
        Ok(found.into_iter().map(|(_, found)| found).collect())
    }

    /// The draft `name` names: a file name in the drafts directory, or a path.
    pub fn named(&self, name: &Path) -> PathBuf {
        if name.components().count() == 1 && !name.is_absolute() {
            self.dir.join(name)
        } else {
            name.to_owned()
        }
    }

    /// A new draft file for `key`, locked: `<name>.toml`, or `<name>-2.toml`… when that is
    /// taken by another draft or held by another promo.
    pub fn create(&self, key: &Key) -> Result<(PathBuf, DraftLock)> {
        let base = base_name(key);
        for n in 1..=MAX_SEPARATE {
            let name = if n == 1 {
                format!("{base}.toml")
            } else {
                format!("{base}-{n}.toml")
            };
            let path = self.dir.join(name);
            if path.exists() {
                continue;
            }
            if let Claim::Mine(lock) = self.lock(&path)? {
                // Another promo may have saved it between the check and the lock.
                if path.exists() {
                    continue;
                }
                return Ok((path, lock));
            }
        }
        Err(anyhow::anyhow!(
            "there are {MAX_SEPARATE} unfinished assessments named {base}-… in {}; finish or delete some",
            self.dir.display()
        ))
    }

    /// Locks the draft at `path` (which need not exist yet) for this process.
    pub fn lock(&self, path: &Path) -> Result<Claim> {
        let lock_path = lock_path(path);
        // A lock file removed by its holder between our open and our lock is stale: retry.
        for _ in 0..8 {
            let mut options = OpenOptions::new();
            options.read(true).write(true).create(true).truncate(false);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            let mut file = options
                .open(&lock_path)
                .with_context(|| format!("cannot create the lock file {}", lock_path.display()))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(fs::TryLockError::WouldBlock) => {
                    return Ok(Claim::InUse(InUse {
                        path: path.to_owned(),
                        pid: read_pid(&mut file),
                    }));
                }
                Err(fs::TryLockError::Error(e)) => {
                    return Err(e).with_context(|| format!("cannot lock {}", lock_path.display()));
                }
            }
            if !same_file(&file, &lock_path) {
                continue;
            }
            file.set_len(0)
                .and_then(|()| writeln!(file, "{}", std::process::id()))
                .with_context(|| format!("cannot write the lock file {}", lock_path.display()))?;
            return Ok(Claim::Mine(DraftLock {
                _on_interrupt: crate::writer::Registered::new(&lock_path),
                path: lock_path,
                file,
            }));
        }
        Err(anyhow::anyhow!(
            "cannot lock {}: its lock file keeps changing",
            path.display()
        ))
    }
}

/// `.<draft file name>.lock` beside the draft.
fn lock_path(draft: &Path) -> PathBuf {
    draft.with_file_name(format!(".{}.lock", file_name_of(draft)))
}

fn file_name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn read_pid(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.take(32).read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

/// The text of a file, or `None` when it is larger than [`MAX_DRAFT_BYTES`].
fn read_bounded(path: &Path) -> Result<Option<String>> {
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(MAX_DRAFT_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", path.display()))?;
    if bytes.len() as u64 > MAX_DRAFT_BYTES {
        return Ok(None);
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| anyhow::anyhow!("{} is not UTF-8 text", path.display()))
}

/// Reads a draft for resuming: its text, or an error naming the file.
pub fn read(path: &Path) -> Result<String> {
    match read_bounded(path) {
        Ok(Some(text)) => Ok(text),
        Ok(None) => Err(anyhow::anyhow!(
            "{} is larger than a draft can be ({MAX_DRAFT_BYTES} bytes)",
            path.display()
        )),
        Err(error) => Err(error),
    }
}

fn warn(message: &str) {
    crate::message::warn_all([message]);
}

/// The file name (without `.toml`) of `key`'s draft: `<rubric>-<rater>` for a self-assessment
/// without a subject, else `<rubric>-<rater>-<subject>-<hash of the exact subject>`. Each part
/// is cut to [`NAME_PART_CHARS`], so names stay short whatever the subject.
pub fn base_name(key: &Key) -> String {
    let rubric = cut(&slug(&key.rubric));
    match &key.subject {
        None => format!("{rubric}-{}", key.rater),
        Some(subject) => {
            let slug = cut(&slug(subject));
            let hash = &content_hash(subject.as_bytes())[..SUBJECT_HASH_LEN];
            if slug.is_empty() {
                format!("{rubric}-{}-{hash}", key.rater)
            } else {
                format!("{rubric}-{}-{slug}-{hash}", key.rater)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::answers::Response;
    use crate::testing::{self, DRAFT};

    fn rubric() -> Rubric {
        testing::parse(DRAFT)
    }

    fn key(rater: Rater, subject: Option<&str>) -> Key {
        Key {
            rubric: "ic-to-manager".into(),
            rater,
            subject: subject.map(str::to_owned),
        }
    }

    #[test]
    fn names_are_short_and_tell_similar_subjects_apart() {
        assert_eq!(base_name(&key(Rater::Myself, None)), "ic-to-manager-self");
        let a = base_name(&key(Rater::Peer, Some("Ana-Maria")));
        let b = base_name(&key(Rater::Peer, Some("Ana Maria")));
        assert!(a.starts_with("ic-to-manager-peer-ana-maria-"), "{a}");
        assert!(b.starts_with("ic-to-manager-peer-ana-maria-"), "{b}");
        assert_ne!(a, b);
        let long = base_name(&key(Rater::Manager, Some(&"Ünïcödé ".repeat(100))));
        assert!(long.len() < 120, "{long}");
        assert!(long.chars().count() < 80, "{long}");
        let odd = base_name(&key(Rater::Peer, Some("!!")));
        assert_eq!(
            odd.len(),
            "ic-to-manager-peer-".len() + SUBJECT_HASH_LEN,
            "{odd}"
        );
    }

    #[test]
    fn a_draft_round_trips_and_ignores_fields_it_does_not_know() {
        let rubric = rubric();
        let mut answers = Answers::empty(&rubric, Rater::Myself);
        answers.responses[0] = Some(Response::Choice(2));
        let progress = Progress {
            answers,
            next: 1,
            seed: None,
        };
        let text = to_text(&progress, &rubric, "./small.toml");
        assert!(
            text.ends_with("[draft]\nsource = \"./small.toml\"\nnext = \"tick\"\n"),
            "{text}"
        );
        let head = peek(&text, "d.toml").unwrap();
        assert_eq!(head.source.as_deref(), Some("./small.toml"));
        assert_eq!(head.key().unwrap().rater, Rater::Myself);
        let restored = restore(&text, &rubric, "d.toml").unwrap();
        assert_eq!(restored.progress, progress);
        assert!(restored.dropped.is_empty());
        let newer = format!("{text}layout = 42\n");
        assert_eq!(
            restore(&newer, &rubric, "d.toml").unwrap().progress,
            progress
        );
    }

    #[test]
    fn answers_that_no_longer_fit_are_dropped_and_named() {
        let text = "rubric = \"small\"\n[answers]\npick = 2\ngone = 1\ntick = [1, 9]\n\"bad\\u001b[31m\" = 1\nsay = \"kept\"\n[evidence]\ngone = \"x\"\npick = \"Led it\"\n[draft]\nnext = \"gone\"\n";
        let restored = restore(text, &rubric(), "d.toml").unwrap();
        let answers = &restored.progress.answers;
        assert_eq!(
            answers.responses,
            [
                Some(Response::Choice(1)),
                None,
                Some(Response::Text("kept".into()))
            ]
        );
        assert_eq!(answers.evidence[0].as_deref(), Some("Led it"));
        assert_eq!(restored.dropped.len(), 4, "{:?}", restored.dropped);
        assert!(restored.dropped[0].contains("\"gone\""));
        assert!(restored.dropped[1].contains("\"tick\""));
        // The dropped question is asked again first.
        assert_eq!(restored.progress.next, 1);
    }

    #[test]
    fn errors_point_at_lines_of_the_file() {
        let text = "# by hand\n\nrubric = \"small\"\n\n[draft]\nnext = \"pick\"\n\n[answers]\n\n\npick = \"many\"\n";
        // Not the shape promo writes (the draft table comes first), and still read.
        let restored = restore(text, &rubric(), "d.toml").unwrap();
        assert_eq!(restored.dropped.len(), 1, "{:?}", restored.dropped);
        let text = "# by hand\n\nrubric = \"small\"\nrater = \"boss\"\n[answers]\npick = 1\n[draft]\nnext = \"pick\"\n";
        let error = restore(text, &rubric(), "d.toml").unwrap_err().to_string();
        assert!(error.contains("d.toml:4:"), "{error}");
        let error = restore("rubric = \"small\"\n\n\nnot toml", &rubric(), "d.toml")
            .unwrap_err()
            .to_string();
        assert!(error.contains("d.toml:4:"), "{error}");
        assert!(peek("[answers]\n", "d.toml").is_err());
    }

    #[test]
    fn a_locked_draft_is_in_use_with_the_holders_pid() {
        let temp = tempfile::tempdir().unwrap();
        let store = DraftStore::at(temp.path());
        let path = temp.path().join("a.toml");
        let Claim::Mine(lock) = store.lock(&path).unwrap() else {
            panic!("the first lock is ours")
        };
        match store.lock(&path).unwrap() {
            Claim::InUse(in_use) => {
                assert_eq!(in_use.pid, Some(std::process::id()));
                assert!(in_use.by().contains("pid"));
            }
            Claim::Mine(_) => panic!("locked twice"),
        }
        // A new draft for the same key is another file.
        let key = key(Rater::Myself, None);
        let (first, _held) = store.create(&key).unwrap();
        let (second, _also) = store.create(&key).unwrap();
        assert_ne!(first, second);
        assert!(
            second.to_string_lossy().ends_with("-self-2.toml"),
            "{second:?}"
        );
        drop(lock);
        assert!(!lock_path(&path).exists());
        assert!(matches!(store.lock(&path).unwrap(), Claim::Mine(_)));
    }
}
