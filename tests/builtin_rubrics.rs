//! Every built-in rubric loads, meets the content bar, and scores end to end.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use promo::catalog::{BUILT_IN, Catalog};
use promo::core::answers::{Answers, Rater, Response};
use promo::core::report::{ReportOptions, build};
use promo::core::rubric::{QuestionKind, Rubric};

fn built_ins() -> Vec<Rubric> {
    Catalog::built_in()
        .unwrap()
        .into_iter()
        .map(|l| l.rubric)
        .collect()
}

#[test]
fn each_rubric_meets_the_content_bar() {
    for rubric in built_ins() {
        assert!(
            rubric.dimensions.len() >= 8,
            "{}: {} dimensions",
            rubric.id,
            rubric.dimensions.len()
        );
        assert!(
            rubric.scored_count() >= 20,
            "{}: {} scored questions",
            rubric.id,
            rubric.scored_count()
        );
        assert!(
            rubric.dimensions.iter().any(|d| d.critical),
            "{}: no critical dimension",
            rubric.id
        );
        for dim in &rubric.dimensions {
            assert!(!dim.why.is_empty(), "{}/{}: no why", rubric.id, dim.id);
            assert!(
                dim.actions.len() >= 2,
                "{}/{}: fewer than 2 actions",
                rubric.id,
                dim.id
            );
        }
        let with_na = rubric.questions().filter(|(_, q)| q.na.is_some()).count();
        assert!(with_na > 0, "{}: no question offers na", rubric.id);
    }
}

fn answer_all(rubric: &Rubric, pick: impl Fn(&QuestionKind) -> Option<Response>) -> Answers {
    let mut answers = Answers::empty(rubric, Rater::Myself);
    for (at, question) in rubric.questions() {
        answers.responses[at.flat] = pick(&question.kind);
    }
    answers
}

fn best(kind: &QuestionKind) -> Option<Response> {
    match kind {
        QuestionKind::Choice(options) => {
            let top = options
                .iter()
                .enumerate()
                .max_by_key(|(_, o)| o.level)
                .map(|(i, _)| i)?;
            Some(Response::Choice(top))
        }
        QuestionKind::Multi(options) => Some(Response::Multi((0..options.len()).collect())),
        QuestionKind::Text => Some(Response::Text("Because I enjoy growing people".into())),
    }
}

fn worst(kind: &QuestionKind) -> Option<Response> {
    match kind {
        QuestionKind::Choice(options) => {
            let low = options
                .iter()
                .enumerate()
                .min_by_key(|(_, o)| o.level)
                .map(|(i, _)| i)?;
            Some(Response::Choice(low))
        }
        QuestionKind::Multi(_) => Some(Response::Multi(Vec::new())),
        QuestionKind::Text => None,
    }
}

#[test]
fn top_answers_are_ready_now_and_bottom_answers_are_early() {
    for rubric in built_ins() {
        let top = build(
            &rubric,
            &answer_all(&rubric, best),
            ReportOptions::default(),
        );
        assert_eq!(top.readiness, Some(100.0), "{}", rubric.id);
        assert_eq!(top.verdict, "Ready now", "{}", rubric.id);
        assert!(top.focus.is_empty());
        assert_eq!(top.coverage, 1.0);

        let bottom = build(
            &rubric,
            &answer_all(&rubric, worst),
            ReportOptions::default(),
        );
        assert_eq!(bottom.readiness, Some(0.0), "{}", rubric.id);
        assert_eq!(bottom.verdict, "Early", "{}", rubric.id);
        assert_eq!(bottom.focus.len(), 3);
        assert!(
            !bottom.gated_by.is_empty(),
            "{}: critical gaps should gate",
            rubric.id
        );
    }
}

#[test]
fn answers_round_trip_through_the_file_format() {
    for (id, _) in BUILT_IN {
        let rubric = Catalog::built_in()
            .unwrap()
            .into_iter()
            .find(|l| l.rubric.id == id)
            .unwrap()
            .rubric;
        let answers = answer_all(&rubric, best);
        let text = answers.to_toml(&rubric);
        let file =
            promo::core::answers::parse_answers(&text, promo::core::answers::Syntax::Toml, "x")
                .unwrap();
        let (back, warnings) =
            promo::core::answers::check_answers(file, &rubric, "x", &text).unwrap();
        assert!(warnings.is_empty());
        assert_eq!(back.responses, answers.responses, "{id}");
    }
}
