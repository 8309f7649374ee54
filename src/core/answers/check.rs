//! Checking answers against the rubric they are scored with.

use std::borrow::Cow;

use crate::core::error::{Invalid, Problem, Problems};
use crate::core::limits::cut;
use crate::core::rubric::{QuestionKind, QuestionRef, Rubric};

use super::*;

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
pub(super) fn version_warning(
    origin: &str,
    version: Option<i64>,
    rubric: &Rubric,
) -> Option<Warning> {
    let version = version.filter(|&v| v != i64::from(rubric.version))?;
    Some(Warning(format!(
        "{origin}: answered against version {version} of rubric \"{}\", which is now version {}; questions may have changed",
        rubric.id, rubric.version
    )))
}

/// Finds questions by id, trying the question after the last one found before the index:
/// answers are usually listed in rubric order, so most lookups are one string comparison.
pub(super) struct Finder {
    pub(super) next: Option<QuestionRef>,
}

impl Finder {
    pub(super) fn new(rubric: &Rubric) -> Self {
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
    pub(super) fn ahead(&self, rubric: &Rubric, id: &str) -> Option<QuestionRef> {
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
    pub(super) fn valid(rubric: &Rubric, mut at: QuestionRef) -> Option<QuestionRef> {
        loop {
            let dimension = rubric.dimensions.get(at.dimension)?;
            if at.question < dimension.questions.len() {
                return Some(at);
            }
            at.dimension += 1;
            at.question = 0;
        }
    }

    pub(super) fn find(&mut self, rubric: &Rubric, id: &str) -> Option<QuestionRef> {
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

pub(super) fn check_one(
    rubric: &Rubric,
    at: QuestionRef,
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
