//! Answers files: their format, and checking them against a rubric.

use std::borrow::Cow;
use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::date::Date;
use super::error::{Invalid, Problem, Problems, from_json_error, from_toml_error};
use super::limits::{self, cut};
use super::rubric::{QuestionKind, QuestionRef, Rubric};

/// Who gave the answers.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Rater {
    /// The person themselves.
    #[default]
    #[serde(rename = "self")]
    Myself,
    /// Their manager.
    Manager,
    /// A peer.
    Peer,
    /// Someone who reports to them.
    Report,
    /// Anyone else.
    Other,
}

impl Rater {
    /// Every rater, in the order they are listed.
    pub const ALL: [Rater; 5] = [
        Self::Myself,
        Self::Manager,
        Self::Peer,
        Self::Report,
        Self::Other,
    ];

    /// The word used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Myself => "self",
            Self::Manager => "manager",
            Self::Peer => "peer",
            Self::Report => "report",
            Self::Other => "other",
        }
    }

    /// Parses the word used in files.
    pub fn parse(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == word)
    }
}

impl fmt::Display for Rater {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An answers document as written (TOML or JSON), before it is checked against a rubric.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "promo answers",
    description = "Answers to a promo rubric, by question id."
)]
pub struct AnswersFile {
    /// The rubric id these answers are for.
    pub rubric: String,
    /// The rubric version the answers were given to; a mismatch is a warning.
    pub rubric_version: Option<i64>,
    /// Who answered: self (default), manager, peer, report or other.
    #[schemars(with = "Option<Rater>")]
    pub rater: Option<String>,
    /// Whom the answers are about.
    pub subject: Option<String>,
    /// When the assessment was made.
    #[schemars(with = "Option<String>", regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub date: Option<Date>,
    /// Free text.
    pub note: Option<String>,
    /// Answers by question id: an option number (choice), a list of option numbers (multi), text, or "na".
    #[serde(default)]
    #[schemars(with = "std::collections::BTreeMap<String, AnswerSchema>")]
    pub answers: Entries<RawAnswer>,
    /// Concrete examples by question id.
    #[serde(default)]
    #[schemars(with = "std::collections::BTreeMap<String, String>")]
    pub evidence: Entries<String>,
}

/// The shapes an answer may take, for the JSON Schema.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum AnswerSchema {
    /// Choice: the 1-based option number.
    Choice(#[schemars(range(min = 1))] u32),
    /// Multi: the chosen option numbers; empty means none apply.
    Multi(#[schemars(inner(range(min = 1)))] Vec<u32>),
    /// Text, or "na" where the question offers it.
    Text(String),
}

/// A table's entries in document order (duplicates are kept, to be reported).
#[derive(Debug, Clone, PartialEq)]
pub struct Entries<T>(pub Vec<(String, T)>);

impl<T> Default for Entries<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Entries<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for EntriesVisitor<T> {
            type Value = Entries<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table of question ids")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries<T>, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(32));
                while let Some(entry) = map.next_entry::<String, T>()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(EntriesVisitor(std::marker::PhantomData))
    }
}

/// An answer as written, whatever its type; checking happens against the rubric.
#[derive(Debug, Clone, PartialEq)]
pub enum RawAnswer {
    /// A whole number.
    Number(i64),
    /// A list; items that are not whole numbers are kept as `Err(type name)`.
    List(Vec<Result<i64, &'static str>>),
    /// A string.
    Text(String),
    /// Anything else, by type name.
    Other(&'static str),
}

struct AnyVisitor;

impl<'de> Visitor<'de> for AnyVisitor {
    type Value = RawAnswer;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an option number, a list of option numbers, or text")
    }
    fn visit_i64<E>(self, v: i64) -> Result<RawAnswer, E> {
        Ok(RawAnswer::Number(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<RawAnswer, E> {
        Ok(i64::try_from(v).map_or(RawAnswer::Other("a huge number"), RawAnswer::Number))
    }
    fn visit_f64<E>(self, _: f64) -> Result<RawAnswer, E> {
        Ok(RawAnswer::Other("a decimal number"))
    }
    fn visit_bool<E>(self, _: bool) -> Result<RawAnswer, E> {
        Ok(RawAnswer::Other("true/false"))
    }
    fn visit_str<E>(self, v: &str) -> Result<RawAnswer, E> {
        Ok(RawAnswer::Text(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<RawAnswer, E> {
        Ok(RawAnswer::Text(v))
    }
    fn visit_unit<E>(self) -> Result<RawAnswer, E> {
        Ok(RawAnswer::Other("null"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawAnswer, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(4));
        while let Some(item) = seq.next_element::<RawAnswer>()? {
            items.push(match item {
                RawAnswer::Number(n) => Ok(n),
                RawAnswer::Text(_) => Err("text"),
                RawAnswer::List(_) => Err("a list"),
                RawAnswer::Other(what) => Err(what),
            });
        }
        Ok(RawAnswer::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawAnswer, A::Error> {
        while map
            .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
            .is_some()
        {}
        Ok(RawAnswer::Other("a table"))
    }
}

impl<'de> Deserialize<'de> for RawAnswer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(AnyVisitor)
    }
}

/// The syntax of an answers document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// TOML (`.toml`, and the default).
    Toml,
    /// JSON (`.json`).
    Json,
}

impl Syntax {
    /// Picks the syntax from a file name: `.json` is JSON, anything else TOML.
    pub fn for_path(path: &str) -> Self {
        let tail = path
            .len()
            .checked_sub(5)
            .and_then(|at| path.as_bytes().get(at..));
        if tail.is_some_and(|tail| tail.eq_ignore_ascii_case(b".json")) {
            Self::Json
        } else {
            Self::Toml
        }
    }

    /// Guesses the syntax of text with no file name: JSON when it starts with `{`.
    pub fn sniff(text: &str) -> Self {
        if limits::strip_bom(text).trim_start().starts_with('{') {
            Self::Json
        } else {
            Self::Toml
        }
    }
}

/// Parses an answers document. `origin` names the source in errors.
pub fn parse_answers(source: &str, syntax: Syntax, origin: &str) -> Result<AnswersFile, Invalid> {
    match syntax {
        Syntax::Toml => match fast::parse(source) {
            Some(document) => Ok(document.into_file()),
            None => parse_slowly(source, syntax, origin),
        },
        Syntax::Json => parse_slowly(source, syntax, origin),
    }
}

/// Parses with `toml` or `serde_json`, which also explain every mistake. Nesting is checked
/// first, so that neither recurses deeper than [`limits::MAX_DEPTH`].
fn parse_slowly(source: &str, syntax: Syntax, origin: &str) -> Result<AnswersFile, Invalid> {
    let too_deep = |offset| Invalid::one("answers", origin, limits::too_deep(source, offset));
    match syntax {
        Syntax::Toml => {
            if let Some(offset) = limits::toml_too_deep(source) {
                return Err(too_deep(offset));
            }
            toml::from_str(source)
                .map_err(|e| Invalid::one("answers", origin, from_toml_error(source, &e)))
        }
        Syntax::Json => {
            if let Some(offset) = limits::json_too_deep(source) {
                return Err(too_deep(offset));
            }
            // A byte order mark is no JSON, but editors write one; TOML allows it.
            let bom = source.len() - limits::strip_bom(source).len();
            serde_json::from_str(&source[bom..])
                .map_err(|e| Invalid::one("answers", origin, from_json_error(&e)))
        }
    }
}

/// An answers document that borrows what it can from its source text: the quick route when
/// scoring many files. [`parse_answers`] then [`check_answers`] is the same two steps with an
/// owned [`AnswersFile`] in between; results and errors are the same either way.
#[derive(Debug)]
pub struct Document<'s> {
    rubric: Cow<'s, str>,
    rubric_version: Option<i64>,
    rater: Option<Cow<'s, str>>,
    subject: Option<Cow<'s, str>>,
    date: Option<Date>,
    note: Option<Cow<'s, str>>,
    answers: Vec<(Cow<'s, str>, RawAnswer)>,
    evidence: Vec<(Cow<'s, str>, Cow<'s, str>)>,
}

impl<'s> Document<'s> {
    /// Parses an answers document. `origin` names the source in errors.
    pub fn parse(source: &'s str, syntax: Syntax, origin: &str) -> Result<Self, Invalid> {
        if syntax == Syntax::Toml
            && let Some(document) = fast::parse(source)
        {
            return Ok(document);
        }
        parse_slowly(source, syntax, origin).map(Document::from)
    }

    /// The rubric id the document names.
    pub fn rubric(&self) -> &str {
        &self.rubric
    }

    fn into_file(self) -> AnswersFile {
        let owned = |text: Option<Cow<'_, str>>| text.map(Cow::into_owned);
        AnswersFile {
            rubric: self.rubric.into_owned(),
            rubric_version: self.rubric_version,
            rater: owned(self.rater),
            subject: owned(self.subject),
            date: self.date,
            note: owned(self.note),
            answers: Entries(
                self.answers
                    .into_iter()
                    .map(|(id, answer)| (id.into_owned(), answer))
                    .collect(),
            ),
            evidence: Entries(
                self.evidence
                    .into_iter()
                    .map(|(id, text)| (id.into_owned(), text.into_owned()))
                    .collect(),
            ),
        }
    }
}

/// Reads and checks an answers document in one pass, for scoring many files: `pick` gives
/// the rubric for the id the document names (`--rubric` may give another one, as
/// [`Document::check`] allows). The result is exactly what [`Document::parse`] then
/// [`Document::check`] give; `None` means "take those two steps", which is also how every
/// mistake gets its message. Only plain TOML documents take this route.
pub fn read_checked<R: std::borrow::Borrow<Rubric>>(
    source: &str,
    syntax: Syntax,
    origin: &str,
    pick: impl FnOnce(&str) -> Option<R>,
) -> Option<(R, Answers, Vec<Warning>)> {
    match syntax {
        Syntax::Toml => fast::read_checked(source, origin, pick),
        Syntax::Json => None,
    }
}

impl From<AnswersFile> for Document<'static> {
    fn from(file: AnswersFile) -> Self {
        Self {
            rubric: Cow::Owned(file.rubric),
            rubric_version: file.rubric_version,
            rater: file.rater.map(Cow::Owned),
            subject: file.subject.map(Cow::Owned),
            date: file.date,
            note: file.note.map(Cow::Owned),
            answers: file
                .answers
                .0
                .into_iter()
                .map(|(id, answer)| (Cow::Owned(id), answer))
                .collect(),
            evidence: file
                .evidence
                .0
                .into_iter()
                .map(|(id, text)| (Cow::Owned(id), Cow::Owned(text)))
                .collect(),
        }
    }
}

/// One question's response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// The chosen option, 0-based.
    Choice(usize),
    /// The chosen options, 0-based, as given (possibly none).
    Multi(Vec<usize>),
    /// Free text.
    Text(String),
    /// "No chance yet": the question's not-applicable answer.
    Na,
}

/// Answers checked against a rubric, indexed by the rubric's question order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    /// The rubric id.
    pub rubric: String,
    /// The rubric version the answers were given to.
    pub rubric_version: Option<i64>,
    /// Who answered.
    pub rater: Rater,
    /// Whom the answers are about.
    pub subject: Option<String>,
    /// When.
    pub date: Option<Date>,
    /// Free text.
    pub note: Option<String>,
    /// One slot per question, in rubric order; `None` is unanswered.
    pub responses: Vec<Option<Response>>,
    /// One slot per question, in rubric order.
    pub evidence: Vec<Option<String>>,
}

impl Answers {
    /// Empty answers to `rubric`.
    pub fn empty(rubric: &Rubric, rater: Rater) -> Self {
        let n = rubric.question_count();
        Self {
            rubric: rubric.id.clone(),
            rubric_version: Some(i64::from(rubric.version)),
            rater,
            subject: None,
            date: None,
            note: None,
            responses: vec![None; n],
            evidence: vec![None; n],
        }
    }

    /// The answers as a TOML answers document, in rubric order.
    pub fn to_toml(&self, rubric: &Rubric) -> String {
        use toml::{Table, Value};
        let mut doc = Table::new();
        doc.insert("rubric".into(), Value::String(self.rubric.clone()));
        if let Some(version) = self.rubric_version {
            doc.insert("rubric_version".into(), Value::Integer(version));
        }
        doc.insert("rater".into(), Value::String(self.rater.as_str().into()));
        if let Some(subject) = &self.subject {
            doc.insert("subject".into(), Value::String(subject.clone()));
        }
        if let Some(date) = self.date {
            doc.insert("date".into(), Value::Datetime(date.to_toml()));
        }
        if let Some(note) = &self.note {
            doc.insert("note".into(), Value::String(note.clone()));
        }
        let mut answers = Table::new();
        let mut evidence = Table::new();
        for (at, question) in rubric.questions() {
            if let Some(response) = &self.responses[at.flat] {
                let value = match response {
                    Response::Choice(i) => Value::Integer(one_based(*i)),
                    Response::Multi(list) => {
                        Value::Array(list.iter().map(|i| Value::Integer(one_based(*i))).collect())
                    }
                    Response::Text(text) => Value::String(text.clone()),
                    Response::Na => Value::String("na".into()),
                };
                answers.insert(question.id.clone(), value);
            }
            if let Some(example) = &self.evidence[at.flat] {
                evidence.insert(question.id.clone(), Value::String(example.clone()));
            }
        }
        doc.insert("answers".into(), Value::Table(answers));
        if !evidence.is_empty() {
            doc.insert("evidence".into(), Value::Table(evidence));
        }
        doc.to_string()
    }
}

fn one_based(index: usize) -> i64 {
    i64::try_from(index).map_or(i64::MAX, |i| i + 1)
}

/// What checking found that is worth saying but does not stop scoring.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning(pub String);

/// Checks answers against the rubric they are scored with.
///
/// Every problem is collected; the first rubric mismatch stops checking, since the ids of
/// another rubric would all be unknown.
pub fn check_answers(
    file: AnswersFile,
    rubric: &Rubric,
    origin: &str,
    source: &str,
) -> Result<(Answers, Vec<Warning>), Invalid> {
    Document::from(file).check(rubric, origin, source)
}

impl Document<'_> {
    /// Checks the answers against the rubric they are scored with, as [`check_answers`] does.
    /// `source` is the text the document was read from, to point at lines.
    pub fn check(
        self,
        rubric: &Rubric,
        origin: &str,
        source: &str,
    ) -> Result<(Answers, Vec<Warning>), Invalid> {
        let file = self;
        if *file.rubric != *rubric.id {
            let named = cut(&file.rubric);
            return Err(Invalid::one("answers", origin, Problem::new(format!(
                "these answers are for rubric \"{named}\", not \"{}\"; score them with --rubric {named} or correct the `rubric` field",
                rubric.id
            )).about("rubric")));
        }
        let mut problems = Problems::default();
        let mut warnings = Vec::new();
        // Only the problems kept are described and located: at most a few scans of the source.
        let locate = |key: &str, problem: Problem| match key_line(source, key) {
            Some(line) => Problem {
                position: Some((line, 1)),
                ..problem
            },
            None => problem,
        };
        warnings.extend(version_warning(origin, file.rubric_version, rubric));
        let rater =
            match file.rater.as_deref() {
                None => Rater::Myself,
                Some(word) => Rater::parse(word).unwrap_or_else(|| {
                    problems.add(|| {
                        locate("rater", Problem::new(format!(
                    "unknown rater \"{}\"; use one of self, manager, peer, report, other", cut(word)
                )).about("rater"))
                    });
                    Rater::Myself
                }),
            };
        let n = rubric.question_count();
        let mut responses: Vec<Option<Response>> = vec![None; n];
        let mut finder = Finder::new(rubric);
        for (id, raw) in file.answers {
            let Some(at) = finder.find(rubric, &id) else {
                problems.add(|| locate(&id, unknown_id(rubric, &id)));
                continue;
            };
            if responses[at.flat].is_some() {
                problems.add(|| {
                    locate(
                        &id,
                        Problem::new("answered twice; keep one answer")
                            .about(format!("question \"{id}\"")),
                    )
                });
                continue;
            }
            match check_one(rubric, at, raw) {
                Ok(response) => responses[at.flat] = Some(response),
                Err(message) => problems.add(|| {
                    locate(
                        &id,
                        Problem::new(message).about(format!("question \"{id}\"")),
                    )
                }),
            }
        }
        let mut evidence: Vec<Option<String>> = vec![None; n];
        let mut finder = Finder::new(rubric);
        for (id, example) in file.evidence {
            match finder.find(rubric, &id) {
                Some(at) => evidence[at.flat] = Some(example.into_owned()),
                None => problems.add(|| {
                    let problem = unknown_id(rubric, &id);
                    locate(
                        &id,
                        Problem {
                            message: format!("evidence for {}", problem.message),
                            ..problem
                        },
                    )
                }),
            }
        }
        if !problems.is_empty() {
            return Err(problems.into_invalid("answers", origin));
        }
        Ok((
            Answers {
                rubric: file.rubric.into_owned(),
                rubric_version: file.rubric_version,
                rater,
                subject: file.subject.map(Cow::into_owned),
                date: file.date,
                note: file.note.map(Cow::into_owned),
                responses,
                evidence,
            },
            warnings,
        ))
    }
}

/// The warning for answers given to another version of the rubric, if they were.
fn version_warning(origin: &str, version: Option<i64>, rubric: &Rubric) -> Option<Warning> {
    let version = version.filter(|&v| v != i64::from(rubric.version))?;
    Some(Warning(format!(
        "{origin}: answered against version {version} of rubric \"{}\", which is now version {}; questions may have changed",
        rubric.id, rubric.version
    )))
}

/// Finds questions by id, trying the question after the last one found before the index:
/// answers are usually listed in rubric order, so most lookups are one string comparison.
struct Finder {
    next: Option<QuestionRef>,
}

impl Finder {
    fn new(rubric: &Rubric) -> Self {
        let first = QuestionRef {
            dimension: 0,
            question: 0,
            flat: 0,
        };
        Self {
            next: Self::valid(rubric, first),
        }
    }

    /// The question `id` among the next few after the last one found: skipped questions and
    /// sparse evidence are found without hashing.
    fn ahead(&self, rubric: &Rubric, id: &str) -> Option<QuestionRef> {
        let mut at = self.next?;
        for _ in 0..4 {
            if rubric.question(at).id == id {
                return Some(at);
            }
            at = Self::valid(
                rubric,
                QuestionRef {
                    question: at.question + 1,
                    flat: at.flat + 1,
                    ..at
                },
            )?;
        }
        None
    }

    /// `at` if it names a question of `rubric`, else the first question of a later dimension.
    fn valid(rubric: &Rubric, mut at: QuestionRef) -> Option<QuestionRef> {
        loop {
            let dimension = rubric.dimensions.get(at.dimension)?;
            if at.question < dimension.questions.len() {
                return Some(at);
            }
            at.dimension += 1;
            at.question = 0;
        }
    }

    fn find(&mut self, rubric: &Rubric, id: &str) -> Option<QuestionRef> {
        let at = self.ahead(rubric, id).or_else(|| rubric.find(id))?;
        let after = QuestionRef {
            question: at.question + 1,
            flat: at.flat + 1,
            ..at
        };
        self.next = Self::valid(rubric, after);
        Some(at)
    }
}

fn unknown_id(rubric: &Rubric, id: &str) -> Problem {
    // An id over ten times longer than a known one cannot score above 0.7 against it (nor get
    // the prefix bonus), so comparing a huge key with every id is skipped.
    let length = id.chars().take(MAX_SUGGESTED_CHARS + 1).count();
    let nearest = rubric
        .question_ids()
        .filter(|known| length <= MAX_SUGGESTED_CHARS && length <= 10 * known.chars().count())
        .map(|known| (strsim::jaro_winkler(id, known), known))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let hint = match nearest {
        Some((_, known)) => format!("; did you mean \"{known}\"?"),
        None => format!("; `promo rubrics show {}` lists the questions", rubric.id),
    };
    Problem::new(format!("an unknown question id{hint}")).about(format!("\"{}\"", cut(id)))
}

/// Ids longer than this get no "did you mean" suggestion.
const MAX_SUGGESTED_CHARS: usize = 200;

fn check_one(rubric: &Rubric, at: QuestionRef, raw: RawAnswer) -> Result<Response, String> {
    let question = rubric.question(at);
    let count = question.option_count();
    let range = |n: i64| -> Result<usize, String> {
        usize::try_from(n)
            .ok()
            .filter(|i| (1..=count).contains(i))
            .map(|i| i - 1)
            .ok_or_else(|| {
                format!("option {n} does not exist; this question has options 1 to {count}")
            })
    };
    if let RawAnswer::Text(text) = &raw
        && text == "na"
    {
        return if question.na.is_some() {
            Ok(Response::Na)
        } else if matches!(question.kind, QuestionKind::Text) {
            Ok(Response::Text(text.clone()))
        } else {
            Err(
                "\"na\" is not offered for this question; pick an option number or leave it out"
                    .into(),
            )
        };
    }
    match (&question.kind, raw) {
        (QuestionKind::Choice(_), RawAnswer::Number(n)) => range(n).map(Response::Choice),
        (QuestionKind::Choice(_), other) => Err(format!(
            "a choice question takes one option number from 1 to {count}, not {}",
            describe(&other)
        )),
        (QuestionKind::Multi(_), RawAnswer::List(items)) => {
            let mut chosen = Vec::with_capacity(items.len());
            for item in items {
                let n = item.map_err(|what| format!("a multi question takes a list of option numbers, and this list holds {what}"))?;
                let index = range(n)?;
                if chosen.contains(&index) {
                    return Err(format!("option {n} is listed twice"));
                }
                chosen.push(index);
            }
            Ok(Response::Multi(chosen))
        }
        (QuestionKind::Multi(_), other) => Err(format!(
            "a multi question takes a list of option numbers such as [1, 3] ([] for none), not {}",
            describe(&other)
        )),
        (QuestionKind::Text, RawAnswer::Text(text)) => Ok(Response::Text(text)),
        (QuestionKind::Text, other) => Err(format!(
            "a text question takes a string, not {}",
            describe(&other)
        )),
    }
}

fn describe(raw: &RawAnswer) -> String {
    match raw {
        RawAnswer::Number(n) => format!("the number {n}"),
        RawAnswer::List(_) => "a list".into(),
        RawAnswer::Text(text) => {
            format!("the text \"{}\"", text.chars().take(40).collect::<String>())
        }
        RawAnswer::Other(what) => (*what).into(),
    }
}

/// The 1-based line on which `wanted` is first assigned (`key =`, `"key" =`, `'key' =`, or
/// `"key":` in JSON). One scan, stopping there; it runs for at most the few problems described
/// (see [`Problems`]), so a file with many problems stays linear.
fn key_line(source: &str, wanted: &str) -> Option<usize> {
    for (n, line) in source.lines().enumerate() {
        let line = line.trim_start();
        let (key, rest) = match line.chars().next() {
            Some(quote @ ('"' | '\'')) => match line[1..].find(quote) {
                Some(end) => (&line[1..=end], &line[end + 2..]),
                None => continue,
            },
            _ => {
                let end = line
                    .find(|c: char| c.is_whitespace() || c == '=' || c == ':')
                    .unwrap_or(line.len());
                (&line[..end], &line[end..])
            }
        };
        if key == wanted && rest.trim_start().starts_with(['=', ':']) {
            return Some(n + 1);
        }
    }
    None
}

/// A fast reader for the usual shape of a TOML answers document.
///
/// It walks the events of `toml_parser` (the parser `toml` itself is built on) straight into an
/// [`AnswersFile`], without the intermediate table `toml::from_str` builds. It accepts only the
/// plain shape promo writes and people fill in: the six header keys, `[answers]` with whole
/// numbers, strings and lists of whole numbers, and `[evidence]` with strings. For anything else
/// (any syntax error, dotted keys, inline tables, duplicate keys, unknown keys, other types) it
/// gives up and the caller takes the `toml` path, so results and error messages are exactly
/// those of `toml::from_str`.
mod fast {
    use std::borrow::Cow;
    use std::cell::Cell;

    use toml_parser::decoder::{Encoding, IntegerRadix, ScalarKind};
    use toml_parser::lexer::Token;
    use toml_parser::parser::{Event, EventKind, EventReceiver};
    use toml_parser::{ErrorSink, ParseError, Source, Span};

    use super::{
        Answers, Document, Finder, Rater, RawAnswer, Response, Warning, check_one, version_warning,
    };
    use crate::core::date::Date;
    use crate::core::rubric::Rubric;

    /// The document, or `None` when the `toml` path must decide.
    pub(super) fn parse(source: &str) -> Option<Document<'_>> {
        let sink = DocumentSink {
            rubric: None,
            file: Document {
                rubric: Cow::Borrowed(""),
                rubric_version: None,
                rater: None,
                subject: None,
                date: None,
                note: None,
                answers: Vec::with_capacity(32),
                evidence: Vec::new(),
            },
            answer_keys: Keys::default(),
            evidence_keys: Keys::default(),
        };
        let sink = read(source, sink)?;
        let rubric = sink.rubric?;
        Some(Document {
            rubric,
            ..sink.file
        })
    }

    /// The answers checked against the rubric `pick` gives for the id the document names, in
    /// one pass; `None` when anything is unusual or wrong, for the two-step route to decide.
    pub(super) fn read_checked<R: std::borrow::Borrow<Rubric>>(
        source: &str,
        origin: &str,
        pick: impl FnOnce(&str) -> Option<R>,
    ) -> Option<(R, Answers, Vec<Warning>)> {
        let sink = Checked {
            pick: Some(pick),
            rubric: None,
            rubric_version: None,
            rater: None,
            subject: None,
            date: None,
            note: None,
            answers: Finder { next: None },
            evidence_finder: Finder { next: None },
            responses: Vec::new(),
            evidence: Vec::new(),
        };
        read(source, sink)?.finish(origin)
    }

    /// Runs the parser over `source` into `sink`; `None` when the `toml` path must decide.
    fn read<'s, K: Sink<'s>>(source: &'s str, sink: K) -> Option<K> {
        thread_local! {
            /// The token buffer, reused from one document to the next on each thread.
            static TOKENS: Cell<Vec<Token>> = const { Cell::new(Vec::new()) };
        }
        let text = Source::new(source);
        let mut tokens = TOKENS.take();
        tokens.clear();
        tokens.extend(text.lex());
        if crate::core::limits::deepest_token(&tokens).is_some() {
            // Too deep: the `toml` path refuses it with the place.
            TOKENS.set(tokens);
            return None;
        }
        let mut reader = Reader::new(text, sink);
        let mut failed = Failed(false);
        toml_parser::parser::parse_document(&tokens, &mut reader, &mut failed);
        TOKENS.set(tokens);
        if failed.0 || reader.gave_up || !matches!(reader.expect, Expect::Line) {
            return None;
        }
        Some(reader.sink)
    }

    /// Where the values of a plain document go, one `key = value` at a time. Each method
    /// returns false when the document needs the `toml` path.
    trait Sink<'s> {
        /// A top-level key, by its bit.
        fn header(&mut self, bit: u8, value: Scalar<'s>) -> bool;
        /// An entry of `[answers]`.
        fn answer(&mut self, key: Cow<'s, str>, answer: RawAnswer) -> bool;
        /// An entry of `[evidence]`.
        fn evidence(&mut self, key: Cow<'s, str>, text: Cow<'s, str>) -> bool;
    }

    /// Builds a [`Document`].
    struct DocumentSink<'s> {
        rubric: Option<Cow<'s, str>>,
        file: Document<'s>,
        /// The keys of `[answers]` and `[evidence]`, to find duplicates.
        answer_keys: Keys,
        evidence_keys: Keys,
    }

    impl<'s> Sink<'s> for DocumentSink<'s> {
        fn header(&mut self, bit: u8, value: Scalar<'s>) -> bool {
            match (bit, value) {
                (RUBRIC, Scalar::Text(text)) => self.rubric = Some(text),
                (RUBRIC_VERSION, Scalar::Integer(n)) => self.file.rubric_version = Some(n),
                (RATER, Scalar::Text(text)) => self.file.rater = Some(text),
                (SUBJECT, Scalar::Text(text)) => self.file.subject = Some(text),
                (DATE, Scalar::Date(date)) => self.file.date = Some(date),
                (NOTE, Scalar::Text(text)) => self.file.note = Some(text),
                _ => return false,
            }
            true
        }

        fn answer(&mut self, key: Cow<'s, str>, answer: RawAnswer) -> bool {
            let entries = &mut self.file.answers;
            if self.answer_keys.repeated(&key, entries) {
                return false;
            }
            entries.push((key, answer));
            true
        }

        fn evidence(&mut self, key: Cow<'s, str>, text: Cow<'s, str>) -> bool {
            let entries = &mut self.file.evidence;
            if self.evidence_keys.repeated(&key, entries) {
                return false;
            }
            entries.push((key, text));
            true
        }
    }

    /// Checks each answer against the rubric as it is read, as [`Document::check`] does; gives
    /// up on the first thing that check would report, so that it reports it.
    struct Checked<'s, R, P> {
        pick: Option<P>,
        /// The id the document names, and the rubric picked for it.
        rubric: Option<(Cow<'s, str>, R)>,
        rubric_version: Option<i64>,
        rater: Option<Cow<'s, str>>,
        subject: Option<Cow<'s, str>>,
        date: Option<Date>,
        note: Option<Cow<'s, str>>,
        answers: Finder,
        evidence_finder: Finder,
        responses: Vec<Option<Response>>,
        evidence: Vec<Option<String>>,
    }

    impl<R: std::borrow::Borrow<Rubric>, P> Checked<'_, R, P> {
        fn finish(self, origin: &str) -> Option<(R, Answers, Vec<Warning>)> {
            let (id, held) = self.rubric?;
            let rater = match self.rater.as_deref() {
                None => Rater::Myself,
                Some(word) => Rater::parse(word)?,
            };
            let warnings = version_warning(origin, self.rubric_version, held.borrow())
                .into_iter()
                .collect();
            let answers = Answers {
                rubric: id.into_owned(),
                rubric_version: self.rubric_version,
                rater,
                subject: self.subject.map(Cow::into_owned),
                date: self.date,
                note: self.note.map(Cow::into_owned),
                responses: self.responses,
                evidence: self.evidence,
            };
            Some((held, answers, warnings))
        }
    }

    impl<'s, R, P> Sink<'s> for Checked<'s, R, P>
    where
        R: std::borrow::Borrow<Rubric>,
        P: FnOnce(&str) -> Option<R>,
    {
        fn header(&mut self, bit: u8, value: Scalar<'s>) -> bool {
            match (bit, value) {
                (RUBRIC, Scalar::Text(id)) => {
                    let Some(held) = self.pick.take().and_then(|pick| pick(&id)) else {
                        return false;
                    };
                    let rubric = held.borrow();
                    if rubric.id != *id {
                        return false;
                    }
                    let n = rubric.question_count();
                    self.responses = vec![None; n];
                    self.evidence = vec![None; n];
                    self.answers = Finder::new(rubric);
                    self.evidence_finder = Finder::new(rubric);
                    self.rubric = Some((id, held));
                }
                (RUBRIC_VERSION, Scalar::Integer(n)) => self.rubric_version = Some(n),
                (RATER, Scalar::Text(text)) => self.rater = Some(text),
                (SUBJECT, Scalar::Text(text)) => self.subject = Some(text),
                (DATE, Scalar::Date(date)) => self.date = Some(date),
                (NOTE, Scalar::Text(text)) => self.note = Some(text),
                _ => return false,
            }
            true
        }

        fn answer(&mut self, key: Cow<'s, str>, answer: RawAnswer) -> bool {
            let Some((_, held)) = &self.rubric else {
                return false;
            };
            let rubric = held.borrow();
            let Some(at) = self.answers.find(rubric, &key) else {
                return false;
            };
            match (&self.responses[at.flat], check_one(rubric, at, answer)) {
                (None, Ok(response)) => {
                    self.responses[at.flat] = Some(response);
                    true
                }
                _ => false,
            }
        }

        fn evidence(&mut self, key: Cow<'s, str>, text: Cow<'s, str>) -> bool {
            let Some((_, held)) = &self.rubric else {
                return false;
            };
            let Some(at) = self.evidence_finder.find(held.borrow(), &key) else {
                return false;
            };
            if self.evidence[at.flat].is_some() {
                return false;
            }
            self.evidence[at.flat] = Some(text.into_owned());
            true
        }
    }

    /// The text of a token that is its own value: a bare key of ASCII letters, digits, `-` and
    /// `_`, or a one-line string without escapes or control characters. `None` means the token
    /// needs `toml_parser`'s decoder, which gives the same result for these and also handles
    /// everything else.
    fn verbatim(raw: &str, encoding: Option<Encoding>) -> Option<&str> {
        // Eight bytes at a time without a branch per byte, then the rest.
        let all = |text: &str, table: &[bool; 256]| {
            let mut chunks = text.as_bytes().chunks_exact(8);
            let whole =
                chunks.all(|chunk| chunk.iter().fold(true, |ok, &b| ok & table[usize::from(b)]));
            whole && chunks.remainder().iter().all(|&b| table[usize::from(b)])
        };
        match encoding {
            None => (!raw.is_empty() && all(raw, &BARE_KEY)).then_some(raw),
            Some(Encoding::BasicString) => raw
                .strip_prefix('"')
                .and_then(|r| r.strip_suffix('"'))
                .filter(|inner| all(inner, &PLAIN_BASIC)),
            Some(Encoding::LiteralString) => raw
                .strip_prefix('\'')
                .and_then(|r| r.strip_suffix('\''))
                .filter(|inner| all(inner, &PLAIN_LITERAL)),
            _ => None,
        }
    }

    /// Bytes of a bare key: ASCII letters, digits, `-` and `_`.
    const BARE_KEY: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            let c = b as u8;
            table[b] = c.is_ascii_alphanumeric() || c == b'-' || c == b'_';
            b += 1;
        }
        table
    };

    /// Bytes a one-line basic string holds as they are: no control characters, `"` or `\`.
    const PLAIN_BASIC: [bool; 256] = plain_bytes(b'"', b'\\');

    /// Bytes a one-line literal string holds as they are: no control characters or `'`.
    const PLAIN_LITERAL: [bool; 256] = plain_bytes(b'\'', b'\'');

    const fn plain_bytes(quote: u8, escape: u8) -> [bool; 256] {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            let c = b as u8;
            table[b] = c >= 0x20 && c != 0x7f && c != quote && c != escape;
            b += 1;
        }
        table
    }

    /// A decimal integer written as plain digits, without sign, underscore or leading zero.
    fn plain_integer(raw: &str) -> Option<i64> {
        let digits = raw.as_bytes();
        let plain = matches!(digits, [b'0'] | [b'1'..=b'9', ..])
            && digits.len() <= 18
            && digits.iter().all(u8::is_ascii_digit);
        // At most 18 digits: the value fits in an i64.
        plain.then(|| {
            digits
                .iter()
                .fold(0, |n: i64, &d| n * 10 + i64::from(d - b'0'))
        })
    }

    /// Remembers that an error was reported; the message comes from the `toml` path.
    struct Failed(bool);

    impl ErrorSink for Failed {
        fn report_error(&mut self, _error: ParseError) {
            self.0 = true;
        }
    }

    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Section {
        Root,
        Answers,
        Evidence,
    }

    /// What may come next.
    #[derive(Clone, Copy)]
    enum Expect {
        /// A key, a table header, or nothing.
        Line,
        /// The name in `[name]`.
        HeaderKey,
        /// The `]` of a header.
        HeaderClose(Section),
        /// The `=` after a key.
        KeyValSep,
        /// A value after `=`.
        Value,
        /// Items of a list, or its end.
        List,
    }

    const RUBRIC: u8 = 1;
    const RUBRIC_VERSION: u8 = 2;
    const RATER: u8 = 4;
    const SUBJECT: u8 = 8;
    const DATE: u8 = 16;
    const NOTE: u8 = 32;
    const ANSWERS: u8 = 64;
    const EVIDENCE: u8 = 128;

    struct Reader<'s, K> {
        source: Source<'s>,
        gave_up: bool,
        expect: Expect,
        section: Section,
        key: Cow<'s, str>,
        /// Header keys and tables seen so far, as bits.
        seen: u8,
        list: Vec<Result<i64, &'static str>>,
        sink: K,
    }

    /// A decoded scalar.
    enum Scalar<'s> {
        Integer(i64),
        Text(Cow<'s, str>),
        Date(Date),
    }

    impl<'s, K: Sink<'s>> Reader<'s, K> {
        fn new(source: Source<'s>, sink: K) -> Self {
            Self {
                source,
                gave_up: false,
                expect: Expect::Line,
                section: Section::Root,
                key: Cow::Borrowed(""),
                seen: 0,
                list: Vec::new(),
                sink,
            }
        }

        fn give_up(&mut self) {
            self.gave_up = true;
        }

        /// The source text of a token.
        fn text(&self, span: Span) -> Option<&'s str> {
            self.source.input().get(span.start()..span.end())
        }

        fn raw(
            &self,
            kind: EventKind,
            span: Span,
            encoding: Option<Encoding>,
        ) -> Option<toml_parser::Raw<'s>> {
            self.source.get(Event::new_unchecked(kind, encoding, span))
        }

        fn decode_key(
            &mut self,
            span: Span,
            encoding: Option<Encoding>,
            error: &mut dyn ErrorSink,
        ) -> bool {
            if let Some(key) = self.text(span).and_then(|text| verbatim(text, encoding)) {
                self.key = Cow::Borrowed(key);
                return true;
            }
            let Some(raw) = self.raw(EventKind::SimpleKey, span, encoding) else {
                return false;
            };
            let mut key = Cow::Borrowed("");
            raw.decode_key(&mut key, error);
            self.key = key;
            true
        }

        fn decode_scalar(
            &self,
            span: Span,
            encoding: Option<Encoding>,
            error: &mut dyn ErrorSink,
        ) -> Option<Scalar<'s>> {
            let text = self.text(span)?;
            match encoding {
                None => {
                    if let Some(n) = plain_integer(text) {
                        return Some(Scalar::Integer(n));
                    }
                }
                Some(_) => {
                    if let Some(text) = verbatim(text, encoding) {
                        return Some(Scalar::Text(Cow::Borrowed(text)));
                    }
                }
            }
            let raw = self.raw(EventKind::Scalar, span, encoding)?;
            let mut decoded = Cow::Borrowed("");
            match raw.decode_scalar(&mut decoded, error) {
                ScalarKind::String => Some(Scalar::Text(decoded)),
                ScalarKind::Integer(IntegerRadix::Dec) => decoded.parse().ok().map(Scalar::Integer),
                ScalarKind::DateTime => {
                    let datetime: toml::value::Datetime = decoded.parse().ok()?;
                    match datetime {
                        toml::value::Datetime {
                            date: Some(date),
                            time: None,
                            offset: None,
                        } => Date::new(
                            i16::try_from(date.year).ok()?,
                            i8::try_from(date.month).ok()?,
                            i8::try_from(date.day).ok()?,
                        )
                        .map(Scalar::Date),
                        _ => None,
                    }
                }
                _ => None,
            }
        }

        /// Stores `key = value`; false when the `toml` path must decide.
        fn store(&mut self, value: Scalar<'s>) -> bool {
            let key = std::mem::take(&mut self.key);
            match self.section {
                Section::Root => {
                    let bit = match &*key {
                        "rubric" => RUBRIC,
                        "rubric_version" => RUBRIC_VERSION,
                        "rater" => RATER,
                        "subject" => SUBJECT,
                        "date" => DATE,
                        "note" => NOTE,
                        _ => return false,
                    };
                    if self.seen & bit != 0 {
                        return false;
                    }
                    self.seen |= bit;
                    self.sink.header(bit, value)
                }
                Section::Answers => {
                    let answer = match value {
                        Scalar::Integer(n) => RawAnswer::Number(n),
                        Scalar::Text(text) => RawAnswer::Text(text.into_owned()),
                        Scalar::Date(_) => return false,
                    };
                    self.sink.answer(key, answer)
                }
                Section::Evidence => match value {
                    Scalar::Text(text) => self.sink.evidence(key, text),
                    _ => false,
                },
            }
        }
    }

    /// The keys seen in one table, to catch a repeated key without comparing every pair: a
    /// 256-bit filter says "new" for almost every fresh key, and only a possible repeat is
    /// compared with the entries so far.
    #[derive(Default)]
    struct Keys {
        filter: [u64; 4],
        /// Every key, once a table outgrows the filter (which then says "maybe" for almost
        /// every key), so that a huge table stays linear.
        many: std::collections::HashSet<String>,
    }

    impl Keys {
        /// Records `key`; true when `entries` already holds it.
        fn repeated<T>(&mut self, key: &str, entries: &[(Cow<'_, str>, T)]) -> bool {
            if entries.len() >= 64 {
                if self.many.is_empty() {
                    self.many.extend(entries.iter().map(|(k, _)| k.to_string()));
                }
                return !self.many.insert(key.to_owned());
            }
            let bytes = key.as_bytes();
            // The first and the last eight bytes (or all of a shorter key), and the length.
            let word = |chunk: Option<&[u8]>| {
                chunk.and_then(|c| <[u8; 8]>::try_from(c).ok()).map_or_else(
                    || bytes.iter().fold(0, |w, &b| (w << 8) | u64::from(b)),
                    u64::from_le_bytes,
                )
            };
            let head = word(bytes.get(..8));
            let tail = word(bytes.len().checked_sub(8).and_then(|at| bytes.get(at..)));
            let mixed = (head ^ tail.rotate_left(32)) ^ bytes.len() as u64;
            let bit = mixed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56;
            let (slot, mask) = ((bit / 64) as usize, 1u64 << (bit % 64));
            let maybe = self.filter[slot] & mask != 0;
            self.filter[slot] |= mask;
            maybe && entries.iter().any(|(k, _)| k == key)
        }
    }

    impl<'s, K: Sink<'s>> EventReceiver for Reader<'s, K> {
        fn std_table_open(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
            match self.expect {
                Expect::Line => self.expect = Expect::HeaderKey,
                _ => self.give_up(),
            }
        }

        fn std_table_close(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
            match self.expect {
                Expect::HeaderClose(section) => {
                    self.section = section;
                    self.expect = Expect::Line;
                }
                _ => self.give_up(),
            }
        }

        fn array_table_open(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
            self.give_up();
        }

        // Returning false makes the parser skip the value without descending into it, so the
        // reader never recurses deeper than one list, whatever the input.
        fn inline_table_open(&mut self, _span: Span, _error: &mut dyn ErrorSink) -> bool {
            self.give_up();
            false
        }

        fn array_open(&mut self, _span: Span, _error: &mut dyn ErrorSink) -> bool {
            match self.expect {
                Expect::Value if !self.gave_up && self.section == Section::Answers => {
                    self.list.clear();
                    self.expect = Expect::List;
                    true
                }
                _ => {
                    self.give_up();
                    false
                }
            }
        }

        fn array_close(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
            match self.expect {
                Expect::List => {
                    let list = RawAnswer::List(std::mem::take(&mut self.list));
                    let key = std::mem::take(&mut self.key);
                    if !self.sink.answer(key, list) {
                        self.give_up();
                    }
                    self.expect = Expect::Line;
                }
                _ => self.give_up(),
            }
        }

        fn simple_key(
            &mut self,
            span: Span,
            encoding: Option<Encoding>,
            error: &mut dyn ErrorSink,
        ) {
            if self.gave_up {
                return;
            }
            match self.expect {
                Expect::Line => {
                    if self.decode_key(span, encoding, error) {
                        self.expect = Expect::KeyValSep;
                    } else {
                        self.give_up();
                    }
                }
                Expect::HeaderKey => {
                    if !self.decode_key(span, encoding, error) {
                        return self.give_up();
                    }
                    let (section, bit) = match &*self.key {
                        "answers" => (Section::Answers, ANSWERS),
                        "evidence" => (Section::Evidence, EVIDENCE),
                        _ => return self.give_up(),
                    };
                    if self.seen & bit != 0 {
                        return self.give_up();
                    }
                    self.seen |= bit;
                    self.expect = Expect::HeaderClose(section);
                }
                _ => self.give_up(),
            }
        }

        fn key_sep(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
            self.give_up();
        }

        fn key_val_sep(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
            match self.expect {
                Expect::KeyValSep => self.expect = Expect::Value,
                _ => self.give_up(),
            }
        }

        fn scalar(&mut self, span: Span, encoding: Option<Encoding>, error: &mut dyn ErrorSink) {
            if self.gave_up {
                return;
            }
            match self.expect {
                Expect::Value => {
                    let stored = self
                        .decode_scalar(span, encoding, error)
                        .is_some_and(|value| self.store(value));
                    if !stored {
                        self.give_up();
                    }
                    self.expect = Expect::Line;
                }
                Expect::List => match self.decode_scalar(span, encoding, error) {
                    Some(Scalar::Integer(n)) => self.list.push(Ok(n)),
                    _ => self.give_up(),
                },
                _ => self.give_up(),
            }
        }

        fn value_sep(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
            if !matches!(self.expect, Expect::List) {
                self.give_up();
            }
        }

        fn error(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
            self.give_up();
        }

        // Comments and line breaks are checked as `toml` checks them (its `ValidateWhitespace`),
        // except that a plain `\n` needs no decoding: only a lone `\r` is wrong.
        fn comment(&mut self, span: Span, error: &mut dyn ErrorSink) {
            match self.raw(EventKind::Comment, span, None) {
                Some(raw) => raw.decode_comment(error),
                None => self.give_up(),
            }
        }

        fn newline(&mut self, span: Span, _error: &mut dyn ErrorSink) {
            let text = self.source.input().as_bytes().get(span.start()..span.end());
            if text != Some(b"\n") && text != Some(b"\r\n") {
                self.give_up();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::rubric::parse_rubric;

    pub(crate) const RUBRIC: &str = r#"
id = "t"
version = 2
title = "T"
from = "A"
to = "B"

[[dimensions]]
id = "d"
name = "D"

  [[dimensions.questions]]
  id = "choose"
  prompt = "Q?"
  na = "No chance yet"
  options = [{ text = "a", level = 0 }, { text = "b", level = 2 }, { text = "c", level = 4 }]

  [[dimensions.questions]]
  id = "several"
  prompt = "Which?"
  kind = "multi"
  options = [{ text = "a", points = 1 }, { text = "b", points = 2 }, { text = "c", points = 3 }]

  [[dimensions.questions]]
  id = "why"
  prompt = "Why?"
  kind = "text"
"#;

    fn check(source: &str) -> Result<Answers, Vec<String>> {
        let rubric = parse_rubric(RUBRIC, "r.toml").unwrap();
        let file = parse_answers(source, Syntax::sniff(source), "a.toml")
            .map_err(|e| vec![e.to_string()])?;
        check_answers(file, &rubric, "a.toml", source)
            .map(|(a, _)| a)
            .map_err(|e| {
                e.problems
                    .into_iter()
                    .map(|p| format!("{}: {}", p.subject.unwrap_or_default(), p.message))
                    .collect()
            })
    }

    #[test]
    fn reads_every_answer_kind() {
        let answers = check("rubric = \"t\"\nrater = \"manager\"\nsubject = \"Sam\"\ndate = 2026-11-23\n[answers]\nchoose = 3\nseveral = [1, 3]\nwhy = \"growth\"\n[evidence]\nchoose = \"Led the launch\"\n").unwrap();
        assert_eq!(answers.rater, Rater::Manager);
        assert_eq!(
            answers.responses,
            [
                Some(Response::Choice(2)),
                Some(Response::Multi(vec![0, 2])),
                Some(Response::Text("growth".into()))
            ]
        );
        assert_eq!(answers.evidence[0].as_deref(), Some("Led the launch"));
        assert_eq!(
            answers.date.map(|d| d.to_string()).as_deref(),
            Some("2026-11-23")
        );
    }

    #[test]
    fn json_is_the_same_document() {
        let answers = check(
            r#"{"rubric": "t", "date": "2026-11-23", "answers": {"choose": "na", "several": []}}"#,
        )
        .unwrap();
        assert_eq!(answers.responses[0], Some(Response::Na));
        assert_eq!(answers.responses[1], Some(Response::Multi(vec![])));
        assert_eq!(answers.rater, Rater::Myself);
    }

    #[test]
    fn each_mistake_is_named() {
        let cases = [
            (
                "[answers]\nchose = 1",
                "\"chose\": an unknown question id; did you mean \"choose\"?",
            ),
            (
                "[answers]\nchoose = 4",
                "question \"choose\": option 4 does not exist; this question has options 1 to 3",
            ),
            (
                "[answers]\nchoose = 0",
                "question \"choose\": option 0 does not exist; this question has options 1 to 3",
            ),
            (
                "[answers]\nseveral = [1, 1]",
                "question \"several\": option 1 is listed twice",
            ),
            (
                "[answers]\nseveral = 2",
                "question \"several\": a multi question takes a list of option numbers such as [1, 3] ([] for none), not the number 2",
            ),
            (
                "[answers]\nchoose = 1.5",
                "question \"choose\": a choice question takes one option number from 1 to 3, not a decimal number",
            ),
            (
                "[answers]\nseveral = \"na\"",
                "question \"several\": \"na\" is not offered for this question; pick an option number or leave it out",
            ),
            (
                "[answers]\nwhy = 3",
                "question \"why\": a text question takes a string, not the number 3",
            ),
            (
                "rater = \"boss\"",
                "rater: unknown rater \"boss\"; use one of self, manager, peer, report, other",
            ),
            (
                "[evidence]\nnope = \"x\"",
                "\"nope\": evidence for an unknown question id; `promo rubrics show t` lists the questions",
            ),
        ];
        for (body, expected) in cases {
            let result = check(&format!("rubric = \"t\"\n{body}\n"));
            assert_eq!(result.err(), Some(vec![expected.to_owned()]), "for {body}");
        }
    }

    #[test]
    fn problems_carry_the_line_of_the_key() {
        let rubric = parse_rubric(RUBRIC, "r.toml").unwrap();
        let source = "rubric = \"t\"\n[answers]\nchoose = 9\n";
        let file = parse_answers(source, Syntax::Toml, "a.toml").unwrap();
        let err = check_answers(file, &rubric, "a.toml", source).unwrap_err();
        assert_eq!(err.problems[0].position, Some((3, 1)));
    }

    #[test]
    fn another_rubric_is_refused() {
        let errors = check("rubric = \"other\"\n").unwrap_err();
        assert!(
            errors[0].contains("for rubric \"other\", not \"t\""),
            "{errors:?}"
        );
    }

    #[test]
    fn unknown_top_level_keys_are_refused() {
        let errors = check("rubric = \"t\"\nsubjet = \"x\"\n").unwrap_err();
        assert!(errors[0].contains("subjet"), "{errors:?}");
    }

    #[test]
    fn version_mismatch_is_a_warning() {
        let rubric = parse_rubric(RUBRIC, "r.toml").unwrap();
        let file = parse_answers(
            "rubric = \"t\"\nrubric_version = 1\n",
            Syntax::Toml,
            "a.toml",
        )
        .unwrap();
        let (_, warnings) = check_answers(file, &rubric, "a.toml", "").unwrap();
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].0.contains("version 1"));
    }

    #[test]
    fn to_file_round_trips() {
        let source = "rubric = \"t\"\nrubric_version = 2\nrater = \"peer\"\n[answers]\nchoose = \"na\"\nseveral = [3, 1]\n[evidence]\nseveral = \"x\"\n";
        let answers = check(source).unwrap();
        let rubric = parse_rubric(RUBRIC, "r.toml").unwrap();
        let text = answers.to_toml(&rubric);
        assert!(
            text.starts_with("rubric = \"t\"\nrubric_version = 2\nrater = \"peer\"\n"),
            "{text}"
        );
        assert_eq!(check(&text).unwrap(), answers);
    }

    #[test]
    fn the_finder_agrees_with_the_index_in_any_order() {
        for (_, source) in crate::catalog::BUILT_IN {
            let rubric = parse_rubric(source, "r.toml").unwrap();
            let ids: Vec<&str> = rubric.question_ids().collect();
            let mut finder = Finder::new(&rubric);
            for id in ids
                .iter()
                .chain(ids.iter().rev())
                .chain(["nope", "x"].iter())
            {
                assert_eq!(finder.find(&rubric, id), rubric.find(id), "{id}");
            }
        }
    }

    /// Reading and checking in one pass gives what the two steps give, or gives up; the
    /// two steps must then refuse the document or accept it too.
    fn same_as_two_steps(source: &str) -> bool {
        let rubric = parse_rubric(RUBRIC, "r.toml").unwrap();
        let two = parse_answers(source, Syntax::Toml, "a.toml")
            .ok()
            .and_then(|file| check_answers(file, &rubric, "a.toml", source).ok());
        match read_checked(source, Syntax::Toml, "a.toml", |id| {
            (id == "t").then_some(&rubric)
        }) {
            Some((_, answers, warnings)) => {
                let (a, w) = two.unwrap_or_else(|| panic!("two steps refuse {source:?}"));
                assert_eq!((answers, warnings), (a, w), "for {source:?}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn one_pass_agrees_with_the_two_steps() {
        let taken = [
            "rubric = \"t\"\n",
            "rubric = \"t\"\nrubric_version = 1\nrater = \"peer\"\nsubject = \"S\"\ndate = 2026-01-02\nnote = \"n\"\n[answers]\nchoose = \"na\"\nseveral = [3, 1]\nwhy = \"because\"\n[evidence]\nseveral = \"e\"\n",
            "rubric = \"t\"\n[evidence]\nwhy = \"x\"\n[answers]\nseveral = []\nchoose = 2\n",
        ];
        for source in taken {
            assert!(same_as_two_steps(source), "gave up on {source:?}");
        }
        let refused = [
            "rubric = \"other\"\n",
            "rater = \"boss\"\nrubric = \"t\"\n",
            "rubric = \"t\"\n[answers]\nchoose = 4\n",
            "rubric = \"t\"\n[answers]\nchose = 1\n",
            "rubric = \"t\"\n[answers]\nseveral = [1, 1]\n",
            "rubric = \"t\"\n[answers]\nwhy = 3\n",
            "rubric = \"t\"\n[answers]\nchoose = 1\nchoose = 2\n",
            "rubric = \"t\"\n[evidence]\nnope = \"x\"\n",
            "rubric = \"t\"\n[evidence]\nwhy = \"x\"\nwhy = \"y\"\n",
            "[answers]\nchoose = 1\n",
        ];
        for source in refused {
            assert!(!same_as_two_steps(source), "took {source:?}");
        }
        // A rubric other than the one named is for the two steps to refuse.
        let rubric = parse_rubric(RUBRIC, "r.toml").unwrap();
        assert!(read_checked("rubric = \"x\"\n", Syntax::Toml, "a", |_| Some(&rubric)).is_none());
        assert!(
            read_checked("{\"rubric\": \"t\"}", Syntax::Json, "a", |_| Some(&rubric)).is_none()
        );
    }

    /// The fast reader either gives exactly what `toml` gives, or gives up.
    fn same_as_toml(source: &str) -> bool {
        let slow = toml::from_str::<AnswersFile>(source);
        match fast::parse(source).map(Document::into_file) {
            Some(file) => {
                let slow = slow.unwrap_or_else(|e| panic!("toml refuses {source:?}: {e}"));
                assert_eq!(format!("{file:?}"), format!("{slow:?}"), "for {source:?}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn the_fast_reader_takes_the_usual_shape() {
        let usual = [
            "rubric = \"t\"\n",
            "rubric = \"t\"\nrubric_version = 2\nrater = \"peer\"\nsubject = \"Sam \\\"SL\\\" Lee\"\ndate = 2026-11-23\nnote = 'literal \\n'\n\n[answers]\nchoose = 3\nseveral = [1, 3]\nempty = []\nwhy = \"\"\"\nmulti\nline\"\"\"\nx = \"na\"\n\n[evidence]\nchoose = \"Led it\"\n",
            "# comment\nrubric = \"t\" # trailing\n[evidence]\n\"quoted key\" = \"e\"\n[answers]\n'q' = +7\nlist = [\n  1, # one\n  2,\n]\nbig = 1_000\nneg = -3\n",
            "\u{feff}rubric = \"t\"\r\n[answers]\r\na = 1\r\n",
            "rubric = \"t\"\n[answers]\na = \"tab\there\"\nb = 'back\\slash'\nc = \"é ü 😀\"\nd = 0\ne = -0\n",
        ];
        for source in usual {
            assert!(same_as_toml(source), "gave up on {source:?}");
        }
    }

    #[test]
    fn the_fast_reader_gives_up_on_anything_else() {
        let others = [
            "",
            "rubric = 1\n",
            "rubric = \"t\"\nrubric = \"t\"\n",
            "rubric = \"t\"\nsubjet = \"x\"\n",
            "rubric = \"t\"\n[answers]\na = 1\na = 2\n",
            "rubric = \"t\"\n[answers]\na = 1\n[answers]\nb = 2\n",
            "rubric = \"t\"\n[evidence]\na = \"x\"\na = \"y\"\n",
            "rubric = \"t\"\n[evidence]\na = 1\n",
            "rubric = \"t\"\nanswers.a = 1\n",
            "rubric = \"t\"\nanswers = { a = 1 }\n",
            "rubric = \"t\"\n[answers.x]\na = 1\n",
            "rubric = \"t\"\n[[answers]]\na = 1\n",
            "rubric = \"t\"\n[other]\na = 1\n",
            "rubric = \"t\"\n[answers]\na = 1.5\nb = true\n",
            "rubric = \"t\"\n[answers]\na = [1, \"x\"]\n",
            "rubric = \"t\"\n[answers]\na = [[1]]\n",
            "rubric = \"t\"\n[answers]\na = 0x10\n",
            "rubric = \"t\"\n[answers]\na = 99999999999999999999\n",
            "rubric = \"t\"\ndate = 2026-11-23T10:00:00\n",
            "rubric = \"t\"\ndate = 2026-02-30\n",
            "rubric = \"t\"\ndate = \"2026-11-23\"\n",
            "rubric = \"t\"\n[answers]\na = \n",
            "rubric = \"t\" junk\n",
            "rubric = \"t\nx\"\n",
            "rubric = \"t\"\n[answers]\na = \"bad \\q escape\"\n",
            "rubric = \"t\"\n[answers]\na = \"del \u{7f}\"\n",
            "rubric = \"t\"\n[answers]\na = 'nul \u{0}'\n",
            "rubric = \"t\"\n[answers]\na = 01\n",
            "rubric = \"t\"\r\n[answers]\ra = 1\n",
            "rubric = \"t\" # \u{1}\n",
            "rubric = \"t\"\n[answers]\n\"a\nb\" = 1\n",
            "rubric = \"t\"\n# bad \u{7f} control\n",
        ];
        for source in others {
            assert!(!same_as_toml(source), "took {source:?}");
        }
    }

    #[test]
    fn the_fast_reader_agrees_with_toml_on_generated_documents() {
        let keys = ["choose", "several", "why", "x-1", "\"q q\""];
        let values = [
            "1",
            "[1, 2]",
            "[]",
            "\"na\"",
            "\"text, with \\\"quotes\\\"\"",
            "'lit'",
        ];
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            usize::try_from(seed >> 33).unwrap() % n
        };
        let (mut taken, mut checked) = (0, 0);
        for _ in 0..500 {
            let mut doc = String::from("rubric = \"t\"\n");
            for _ in 0..next(4) {
                doc.push_str(
                    [
                        "rater = \"self\"\n",
                        "subject = \"S\"\n",
                        "date = 2026-01-02\n",
                        "rubric_version = 3\n",
                    ][next(4)],
                );
            }
            doc.push_str("[answers]\n");
            for _ in 0..next(6) {
                doc.push_str(&format!(
                    "{} = {}\n",
                    keys[next(keys.len())],
                    values[next(values.len())]
                ));
            }
            if next(2) == 0 {
                doc.push_str("[evidence]\n");
                doc.push_str(&format!("{} = \"e\"\n", keys[next(keys.len())]));
            }
            // Whatever the fast reader does, it must not disagree with toml, nor with the
            // two steps.
            taken += usize::from(same_as_toml(&doc));
            checked += usize::from(same_as_two_steps(&doc));
        }
        assert!(taken > 100, "the fast reader took only {taken} of 500");
        assert!(checked > 20, "one pass took only {checked} of 500");
    }
}
