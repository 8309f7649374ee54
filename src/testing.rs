//! Rubrics and helpers the unit tests share: fixtures as TOML text, and the few steps every
//! test repeats (parse a rubric, read and check answers, score, build a report).

use tempfile::TempDir;

use crate::core::answers::{Answers, Syntax, check_answers, parse_answers};
use crate::core::compare::Rating;
use crate::core::date::Date;
use crate::core::journal::Entry;
use crate::core::report::{Report, ReportOptions, build};
use crate::core::rubric::{Rubric, parse_rubric};
use crate::core::scoring::{Score, score};
use crate::datadir::DataDir;

/// The rubric most tests use: two dimensions of one choice question each (levels 0 to 4, with
/// "na"): `a` "Alpha" (target 3, two actions) and `b` "Beta" (target 2).
pub(crate) const RUBRIC: &str = include_str!("testing/rubric.toml");

/// One dimension with one choice question and nothing but defaults.
pub(crate) const MINIMAL: &str = include_str!("testing/minimal.toml");

/// Version 2, one dimension with one question of each kind: a choice with "na", a multi and
/// a text question.
pub(crate) const KINDS: &str = include_str!("testing/kinds.toml");

/// Four dimensions for the report: `a` with why and actions, `b` weighted 2, `c` with "na" and
/// a text question, and a plain `d`.
pub(crate) const REPORT: &str = include_str!("testing/report.toml");

/// Three dimensions for comparing raters: `a` of two questions, `b` with "na", and `c`.
pub(crate) const COMPARE: &str = include_str!("testing/compare.toml");

/// Two dimensions with the words a journal entry is matched against: `mentoring` and
/// `delivery`, each with why and an action.
pub(crate) const JOURNAL: &str = include_str!("testing/journal.toml");

/// Two dimensions: `lead` (weight 2, target 3, critical; two weighted choices with "na" and a
/// text question) and `share` (weight 1, target 2; a multi).
pub(crate) const CRITICAL: &str = include_str!("testing/critical.toml");

/// Version 2: one critical dimension `m` (target 3) with a multi question carrying negative
/// options, and a plain dimension `p`; four bands so that `gate_band` has room to move.
pub(crate) const GATED: &str = include_str!("testing/gated.toml");

/// A rubric lint finds nothing in: one dimension with spread-out choice and multi questions.
pub(crate) const CLEAN: &str = include_str!("testing/clean.toml");

/// Two dimensions: a choice with "na" and examples from level 3, a multi with "na" and
/// examples from 2 points, a text question, and a plain choice.
pub(crate) const QUESTIONNAIRE: &str = include_str!("testing/questionnaire.toml");

/// One dimension with a choice, a multi and a text question, for drafts.
pub(crate) const DRAFT: &str = include_str!("testing/draft.toml");

/// The rubric `tiny`: a choice with examples from level 3 and a multi.
pub(crate) const TINY: &str = include_str!("testing/tiny.toml");

/// "Engineer to lead" with one dimension, "Delegation", for rendered history.
pub(crate) const DELEGATION: &str = include_str!("testing/delegation.toml");

/// "Engineer to lead" with a critical "Delegation" and a "Feedback" whose name needs escaping,
/// for rendered comparisons.
pub(crate) const FEEDBACK: &str = include_str!("testing/feedback.toml");

/// A rubric whose one dimension `d` holds `questions` (`[[dimensions.questions]]` tables), for
/// tests of how the questions of a dimension add up.
pub(crate) fn one_dimension(questions: &str) -> String {
    format!(
        "id = \"t\"\nversion = 1\ntitle = \"T\"\nfrom = \"A\"\nto = \"B\"\n\n[[dimensions]]\nid = \"d\"\nname = \"D\"\n{questions}"
    )
}

/// Parses and checks a fixture rubric.
pub(crate) fn parse(source: &str) -> Rubric {
    parse_rubric(source, "r.toml").unwrap_or_else(|e| panic!("{e}"))
}

/// The shared [`RUBRIC`], parsed.
pub(crate) fn rubric() -> Rubric {
    parse(RUBRIC)
}

/// Answers to `rubric` from the TOML `body` of an answers file (everything after its
/// `rubric = ` line), read and checked as if from `origin`.
pub(crate) fn answers_from(rubric: &Rubric, origin: &str, body: &str) -> Answers {
    let source = format!("rubric = \"{}\"\n{body}\n", rubric.id);
    let file = parse_answers(&source, Syntax::Toml, origin).unwrap_or_else(|e| panic!("{e}"));
    check_answers(file, rubric, origin, &source)
        .unwrap_or_else(|e| panic!("{e}"))
        .0
}

/// [`answers_from`] a file called `a.toml`.
pub(crate) fn answers(rubric: &Rubric, body: &str) -> Answers {
    answers_from(rubric, "a.toml", body)
}

/// One rater's answers for a comparison, from a file called `origin`.
pub(crate) fn rating(rubric: &Rubric, origin: &str, body: &str) -> Rating {
    Rating {
        origin: origin.into(),
        answers: answers_from(rubric, origin, body),
    }
}

/// The score of the answers in `body`.
pub(crate) fn scored(rubric: &Rubric, body: &str) -> Score {
    score(rubric, &answers(rubric, body))
}

/// The report on the answers in `body`.
pub(crate) fn report(rubric: &Rubric, body: &str, options: ReportOptions) -> Report {
    build(rubric, &answers(rubric, body), options)
}

/// A journal entry of rubric `t` on 2026-05-01, tagged `a`, with no id, link or plan item.
pub(crate) fn entry(text: &str) -> Entry {
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

/// A store made by `new` over `data` in a fresh temporary directory, which lives as long as
/// the first value.
pub(crate) fn temp_store<S>(new: impl FnOnce(DataDir) -> S) -> (TempDir, S) {
    let temp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let store = new(DataDir::at(temp.path().join("data")));
    (temp, store)
}

/// The permission bits of a file or directory.
#[cfg(unix)]
pub(crate) fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}
