//! The bodies of the fuzz targets, shared by `fuzz/` and the test that replays its corpus.
//!
//! Each function takes arbitrary bytes, must never panic on them, and asserts the promises
//! promo makes about what it accepts: scores stay in range, a template parses as answers,
//! answers written back read the same, and every exporter renders any report.

use std::sync::OnceLock;

use clap::ValueEnum;

use crate::catalog::BUILT_IN;
use crate::cli::ReportFormat;
use crate::core::answers::{Answers, Rater, Response, Syntax, check_answers, parse_answers};
use crate::core::report::{self, Report, ReportOptions};
use crate::core::rubric::{MAX_LEVEL, QuestionKind, Rubric, parse_rubric};
use crate::core::scoring::{Score, score};
use crate::core::{lint, template};
use crate::term::Style;

/// A fuzz target: its name (the directory under `fuzz/corpus/`) and its body.
pub type Target = (&'static str, fn(&[u8]));

/// Every fuzz target, by name.
pub const TARGETS: [Target; 3] = [("rubric", rubric), ("answers", answers), ("export", export)];

/// The built-in rubrics, parsed once.
fn built_in() -> &'static [Rubric] {
    static RUBRICS: OnceLock<Vec<Rubric>> = OnceLock::new();
    RUBRICS.get_or_init(|| {
        BUILT_IN
            .iter()
            .filter_map(|(id, source)| parse_rubric(source, id).ok())
            .collect()
    })
}

/// Rubric parse and validate: any text is either a checked rubric or a list of problems.
///
/// A valid rubric is also linted, described, given a template (which must parse as empty
/// answers to it), and scored with answers that pick every option in turn.
pub fn rubric(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let rubric = match parse_rubric(text, "fuzz.toml") {
        Ok(rubric) => rubric,
        Err(invalid) => {
            assert!(!invalid.problems.is_empty(), "an error without problems");
            let _ = invalid.to_string();
            return;
        }
    };
    for warning in lint::lint(&rubric) {
        let _ = lint::line_of(text, &warning.subject);
    }
    let _ = crate::export::Exporter::render(
        &crate::export::rubrics::Shown {
            questions: true,
            style: Style::PLAIN,
        },
        &rubric,
    );
    let filled = template::render(&rubric, "2026-01-01", None);
    let file = parse_answers(&filled, Syntax::Toml, "template.toml");
    assert!(
        file.is_ok(),
        "the template does not parse: {file:?}\n{filled}"
    );
    if let Ok(file) = file {
        let checked = check_answers(file, &rubric, "template.toml", &filled);
        assert!(checked.is_ok(), "the template does not check: {checked:?}");
        if let Ok((answers, _)) = checked {
            check_score(&rubric, &answers, &score(&rubric, &answers));
        }
    }
    for pick in 0..3 {
        let answers = every_option(&rubric, pick);
        check_score(&rubric, &answers, &score(&rubric, &answers));
    }
}

/// Answers parse and score: the text as TOML and as JSON, checked against each built-in
/// rubric; answers that check are scored, written back and read again.
pub fn answers(data: &[u8]) {
    for_each_scored(data, |_, _| {});
}

/// Every exporter on every report the answers target produces, and on reports of a fuzzed
/// rubric (its text flows into every format).
pub fn export(data: &[u8]) {
    for_each_scored(data, |_, report| render_all(report));
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(rubric) = parse_rubric(text, "fuzz.toml")
    {
        for pick in 0..2 {
            let answers = every_option(&rubric, pick);
            render_all(&report::build(&rubric, &answers, ReportOptions::default()));
        }
    }
}

/// Parses `data` as answers (both syntaxes), checks them against each built-in rubric, scores
/// them, and hands each report on.
fn for_each_scored(data: &[u8], mut then: impl FnMut(&Rubric, &Report)) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for syntax in [Syntax::Toml, Syntax::Json] {
        if let Err(invalid) = parse_answers(text, syntax, "fuzz") {
            assert!(!invalid.problems.is_empty(), "an error without problems");
            let _ = invalid.to_string();
            continue;
        }
        for rubric in built_in() {
            let Ok(file) = parse_answers(text, syntax, "fuzz") else {
                continue;
            };
            let (answers, _warnings) = match check_answers(file, rubric, "fuzz", text) {
                Ok(checked) => checked,
                Err(invalid) => {
                    assert!(!invalid.problems.is_empty(), "an error without problems");
                    let _ = invalid.to_string();
                    continue;
                }
            };
            check_score(rubric, &answers, &score(rubric, &answers));
            round_trip(rubric, &answers);
            for evidence in [true, false] {
                let report = report::build(rubric, &answers, ReportOptions { evidence });
                then(rubric, &report);
            }
        }
    }
}

/// Answers written as TOML read back as the same answers.
fn round_trip(rubric: &Rubric, answers: &Answers) {
    let written = answers.to_toml(rubric);
    let reread = parse_answers(&written, Syntax::Toml, "written.toml")
        .and_then(|file| check_answers(file, rubric, "written.toml", &written));
    assert!(
        reread.is_ok(),
        "written answers do not read back: {reread:?}\n{written}"
    );
    if let Ok((again, _)) = reread {
        assert!(
            again.responses == answers.responses && again.evidence == answers.evidence,
            "answers changed when written and read back:\n{written}"
        );
    }
}

/// Answers choosing option `pick` (wrapping) of every question, "na" where offered on odd picks.
fn every_option(rubric: &Rubric, pick: usize) -> Answers {
    let mut answers = Answers::empty(rubric, Rater::Manager);
    for (at, question) in rubric.questions() {
        let count = question.option_count();
        answers.responses[at.flat] = match &question.kind {
            _ if question.na.is_some() && !pick.is_multiple_of(2) => Some(Response::Na),
            QuestionKind::Choice(_) if count > 0 => {
                Some(Response::Choice((at.flat + pick) % count))
            }
            QuestionKind::Multi(_) => Some(Response::Multi(
                (0..count)
                    .filter(|i| (i + pick).is_multiple_of(2))
                    .collect(),
            )),
            QuestionKind::Text => Some(Response::Text(question.prompt.clone())),
            QuestionKind::Choice(_) => None,
        };
        answers.evidence[at.flat] = Some(question.prompt.clone());
    }
    answers
}

/// The scoring model's ranges hold.
fn check_score(rubric: &Rubric, answers: &Answers, scored: &Score) {
    for (dim, s) in rubric.dimensions.iter().zip(&scored.dimensions) {
        if let Some(level) = s.level {
            assert!(
                (0.0..=MAX_LEVEL).contains(&level),
                "level {level} of {} is out of range",
                dim.id
            );
        }
        if let Some(gap) = s.gap {
            assert!((0.0..=MAX_LEVEL).contains(&gap), "gap {gap} of {}", dim.id);
        }
        assert!(
            s.answered <= s.questions,
            "{}: answered > questions",
            dim.id
        );
    }
    if let Some(readiness) = scored.readiness {
        assert!(
            (0.0..=100.0).contains(&readiness),
            "readiness {readiness} is out of range"
        );
    }
    assert!(
        (0.0..=1.0).contains(&scored.coverage),
        "coverage out of range"
    );
    let mut order = scored.order.clone();
    order.sort_unstable();
    assert!(
        order == (0..rubric.dimensions.len()).collect::<Vec<_>>(),
        "the priority order is not a permutation of the dimensions"
    );
    assert_eq!(answers.responses.len(), rubric.question_count());
}

/// Renders a report with every exporter, in a plain and in a coloured, narrow, ASCII style.
fn render_all(report: &Report) {
    let styles = [
        Style::PLAIN,
        Style {
            color: true,
            width: Some(40),
            ascii: true,
        },
    ];
    for format in ReportFormat::value_variants() {
        for style in styles {
            let bytes = crate::export::report(*format, style).render(report);
            match format {
                ReportFormat::Json => {
                    let parsed = serde_json::from_slice::<serde_json::Value>(&bytes);
                    assert!(parsed.is_ok(), "the JSON report does not parse: {parsed:?}");
                }
                ReportFormat::Csv => check_csv(&bytes),
                ReportFormat::Html => check_html(&bytes),
                _ => {}
            }
        }
    }
}

/// Every CSV row has every column, and no cell would run as a spreadsheet formula.
fn check_csv(bytes: &[u8]) {
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let columns = reader
        .headers()
        .map(csv::StringRecord::len)
        .unwrap_or_default();
    assert!(columns > 0, "the CSV report has no header");
    for record in reader.records() {
        assert!(record.is_ok(), "the CSV report does not parse: {record:?}");
        let Ok(record) = record else { continue };
        assert_eq!(record.len(), columns, "a CSV row is short: {record:?}");
        for cell in &record {
            let formula = cell.starts_with(['=', '+', '@', '\t', '\r'])
                || (cell.starts_with('-') && cell.parse::<f64>().is_err());
            assert!(!formula, "a CSV cell starts a formula: {cell:?}");
        }
    }
}

/// The HTML page is one document whose only markup is promo's own: nothing from the input
/// becomes a script or a second document.
fn check_html(bytes: &[u8]) {
    let page = String::from_utf8_lossy(bytes).to_lowercase();
    for (tag, count) in [("<html", 1), ("<style", 1), ("</style>", 1), ("<script", 0)] {
        assert_eq!(page.matches(tag).count(), count, "{tag} in the HTML page");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_accept_anything_and_the_built_in_rubrics() {
        for (_, target) in TARGETS {
            target(b"");
            target(b"\xff\xfe");
            target(b"id = ");
            target(b"{\"rubric\": 1}");
            for (_, source) in BUILT_IN {
                target(source.as_bytes());
            }
        }
        assert_eq!(built_in().len(), BUILT_IN.len());
    }

    #[test]
    fn templates_of_built_in_rubrics_score_through_every_exporter() {
        for rubric in built_in() {
            let filled = template::render(rubric, "2026-01-01", None);
            export(filled.as_bytes());
            let answers = every_option(rubric, 0);
            let toml = answers.to_toml(rubric);
            export(toml.as_bytes());
            assert!(toml.contains(&rubric.id));
        }
    }
}
