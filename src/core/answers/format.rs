//! The answers file formats (TOML and JSON) as written, before checking: parsing, and the
//! borrowing document the fast route fills.

use std::borrow::Cow;
use std::fmt;

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::core::date::Date;
use crate::core::error::{Invalid, from_json_error, from_toml_error};
use crate::core::limits::{self};
use crate::core::rubric::Rubric;

use super::*;

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
    let too_deep = |offset| {
        Invalid::one(
            "answers",
            origin,
            crate::core::error::too_deep(source, offset),
        )
    };
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
    pub(super) rubric: Cow<'s, str>,
    pub(super) rubric_version: Option<i64>,
    pub(super) rater: Option<Cow<'s, str>>,
    pub(super) subject: Option<Cow<'s, str>>,
    pub(super) date: Option<Date>,
    pub(super) note: Option<Cow<'s, str>>,
    pub(super) answers: Vec<(Cow<'s, str>, RawAnswer)>,
    pub(super) evidence: Vec<(Cow<'s, str>, Cow<'s, str>)>,
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

    pub(super) fn into_file(self) -> AnswersFile {
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
