//! Answers files: their format, and checking them against a rubric.

use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::date::Date;
use super::error::{Invalid, Problem, from_json_error, from_toml_error};
use super::rubric::{QuestionKind, Rubric};

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
    Multi(Vec<u32>),
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
        if path.to_ascii_lowercase().ends_with(".json") {
            Self::Json
        } else {
            Self::Toml
        }
    }

    /// Guesses the syntax of text with no file name: JSON when it starts with `{`.
    pub fn sniff(text: &str) -> Self {
        if text.trim_start().starts_with('{') {
            Self::Json
        } else {
            Self::Toml
        }
    }
}

/// Parses an answers document. `origin` names the source in errors.
pub fn parse_answers(source: &str, syntax: Syntax, origin: &str) -> Result<AnswersFile, Invalid> {
    match syntax {
        Syntax::Toml => toml::from_str(source)
            .map_err(|e| Invalid::one("answers", origin, from_toml_error(source, &e))),
        Syntax::Json => serde_json::from_str(source)
            .map_err(|e| Invalid::one("answers", origin, from_json_error(&e))),
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
    let fail = |problems: Vec<Problem>| Invalid {
        kind: "answers",
        origin: origin.to_owned(),
        problems,
    };
    if file.rubric != rubric.id {
        return Err(fail(vec![Problem::new(format!(
            "these answers are for rubric \"{}\", not \"{}\"; score them with --rubric {} or correct the `rubric` field",
            file.rubric, rubric.id, file.rubric
        )).about("rubric")]));
    }
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let locate = |key: &str, problem: Problem| match key_line(source, key) {
        Some(line) => Problem {
            position: Some((line, 1)),
            ..problem
        },
        None => problem,
    };
    if let Some(version) = file.rubric_version
        && version != i64::from(rubric.version)
    {
        warnings.push(Warning(format!(
                "{origin}: answered against version {version} of rubric \"{}\", which is now version {}; questions may have changed",
                rubric.id, rubric.version
            )));
    }
    let rater =
        match file.rater.as_deref() {
            None => Rater::Myself,
            Some(word) => {
                Rater::parse(word).unwrap_or_else(|| {
                    problems.push(locate("rater", Problem::new(format!(
                "unknown rater \"{word}\"; use one of self, manager, peer, report, other"
            )).about("rater")));
                    Rater::Myself
                })
            }
        };
    let n = rubric.question_count();
    let mut responses: Vec<Option<Response>> = vec![None; n];
    for (id, raw) in file.answers.0 {
        let Some(at) = rubric.find(&id) else {
            problems.push(locate(&id, unknown_id(rubric, &id)));
            continue;
        };
        if responses[at.flat].is_some() {
            problems.push(locate(
                &id,
                Problem::new("answered twice; keep one answer").about(format!("question \"{id}\"")),
            ));
            continue;
        }
        match check_one(rubric, at, raw) {
            Ok(response) => responses[at.flat] = Some(response),
            Err(message) => problems.push(locate(
                &id,
                Problem::new(message).about(format!("question \"{id}\"")),
            )),
        }
    }
    let mut evidence: Vec<Option<String>> = vec![None; n];
    for (id, example) in file.evidence.0 {
        match rubric.find(&id) {
            Some(at) => evidence[at.flat] = Some(example),
            None => {
                let problem = unknown_id(rubric, &id);
                problems.push(locate(
                    &id,
                    Problem {
                        message: format!("evidence for {}", problem.message),
                        ..problem
                    },
                ));
            }
        }
    }
    if !problems.is_empty() {
        return Err(fail(problems));
    }
    Ok((
        Answers {
            rubric: file.rubric,
            rubric_version: file.rubric_version,
            rater,
            subject: file.subject,
            date: file.date,
            note: file.note,
            responses,
            evidence,
        },
        warnings,
    ))
}

fn unknown_id(rubric: &Rubric, id: &str) -> Problem {
    let nearest = rubric
        .question_ids()
        .map(|known| (strsim::jaro_winkler(id, known), known))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let hint = match nearest {
        Some((_, known)) => format!("; did you mean \"{known}\"?"),
        None => format!("; `promo rubrics show {}` lists the questions", rubric.id),
    };
    Problem::new(format!("an unknown question id{hint}")).about(format!("\"{id}\""))
}

fn check_one(
    rubric: &Rubric,
    at: super::rubric::QuestionRef,
    raw: RawAnswer,
) -> Result<Response, String> {
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

/// The 1-based line on which `key` is assigned in a TOML source, if it can be seen.
fn key_line(source: &str, key: &str) -> Option<usize> {
    source
        .lines()
        .position(|line| {
            let line = line.trim_start();
            let rest = line
                .strip_prefix(key)
                .or_else(|| line.strip_prefix(&format!("\"{key}\"")))
                .or_else(|| line.strip_prefix(&format!("'{key}'")));
            rest.is_some_and(|rest| rest.trim_start().starts_with(['=', ':']))
        })
        .map(|i| i + 1)
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
}
