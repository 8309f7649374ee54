//! A fast reader for the usual shape of a TOML answers document.
//!
//! It walks the events of `toml_parser` (the parser `toml` itself is built on) straight into an
//! [`AnswersFile`], without the intermediate table `toml::from_str` builds. It accepts only the
//! plain shape promo writes and people fill in: the six header keys, `[answers]` with whole
//! numbers, strings and lists of whole numbers, and `[evidence]` with strings. For anything else
//! (any syntax error, dotted keys, inline tables, duplicate keys, unknown keys, other types) it
//! gives up and the caller takes the `toml` path, so results and error messages are exactly
//! those of `toml::from_str`.

use std::borrow::Cow;
use std::cell::Cell;

use toml_parser::decoder::{Encoding, IntegerRadix, ScalarKind};
use toml_parser::lexer::Token;
use toml_parser::parser::{Event, EventKind, EventReceiver};
use toml_parser::{ErrorSink, ParseError, Source, Span};

use super::check::{Finder, check_one, version_warning};
use super::{Answers, Document, Rater, RawAnswer, Response, Warning};
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

    fn simple_key(&mut self, span: Span, encoding: Option<Encoding>, error: &mut dyn ErrorSink) {
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
