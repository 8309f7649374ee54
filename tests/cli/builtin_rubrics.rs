//! Every built-in rubric loads, meets the content bar, and scores end to end.

use promo::catalog::{BUILT_IN, Catalog};
use promo::core::answers::{Answers, Rater, Response};
use promo::core::lint::lint;
use promo::core::report::{ReportOptions, build};
use promo::core::rubric::{ChoiceOption, QuestionKind, Rubric};

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
        // The best subset: every option with positive points, none of the counter-indicative ones.
        QuestionKind::Multi(options) => Some(Response::Multi(
            (0..options.len())
                .filter(|&i| options[i].points > 0.0)
                .collect(),
        )),
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
        // One motivation question has no level-0 option (both choices are honest ones).
        assert!(bottom.readiness.unwrap() < 10.0, "{}", rubric.id);
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

/// The verdicts that a hopeful guess may reach at most.
const AT_MOST_DEVELOPING: [&str; 3] = ["Developing", "Early", "Incomplete"];

fn choices(rubric: &Rubric) -> Vec<&[ChoiceOption]> {
    rubric
        .questions()
        .filter_map(|(_, q)| match &q.kind {
            QuestionKind::Choice(options) => Some(options.as_slice()),
            _ => None,
        })
        .collect()
}

fn top_level(options: &[ChoiceOption]) -> u8 {
    options.iter().map(|o| o.level).max().unwrap()
}

fn longest(options: &[ChoiceOption]) -> usize {
    (0..options.len())
        .max_by_key(|&i| (options[i].text.chars().count(), std::cmp::Reverse(i)))
        .unwrap()
}

/// Answers every choice question with `pick`'s option and ticks every box of every multi.
fn strategy(rubric: &Rubric, pick: impl Fn(&[ChoiceOption]) -> usize) -> Answers {
    answer_all(rubric, |kind| match kind {
        QuestionKind::Choice(options) => Some(Response::Choice(pick(options))),
        QuestionKind::Multi(options) => Some(Response::Multi((0..options.len()).collect())),
        QuestionKind::Text => None,
    })
}

#[test]
fn version_two_within_the_size_bar_and_lint_clean() {
    for rubric in built_ins() {
        assert_eq!(rubric.version, 2, "{}", rubric.id);
        assert!(rubric.dimensions.len() <= 12, "{}", rubric.id);
        assert!(rubric.scored_count() <= 30, "{}", rubric.id);
        assert_eq!(
            rubric.bands[rubric.gate_band].label, "Developing",
            "{}",
            rubric.id
        );
        let warnings = lint(&rubric);
        assert!(warnings.is_empty(), "{}: {warnings:?}", rubric.id);
        assert!(
            rubric
                .summary_other
                .as_deref()
                .is_some_and(|s| s.contains("{name}"))
        );
        for (_, q) in rubric.questions() {
            assert!(
                q.prompt_other
                    .as_deref()
                    .is_some_and(|p| p.contains("{name}")),
                "{}/{}: no prompt_other",
                rubric.id,
                q.id
            );
            for i in 0..q.option_count() {
                let text = q.option_text(i).unwrap();
                assert!(
                    !text.starts_with("I ") && !text.contains(" I ") && !text.contains(" my "),
                    "{}/{}: option {} speaks in the first person",
                    rubric.id,
                    q.id,
                    i + 1
                );
            }
        }
    }
}

#[test]
fn the_answer_key_has_no_positional_or_length_tell() {
    for rubric in built_ins() {
        let all = choices(&rubric);
        let n = all.len() as f64;
        let share =
            |f: &dyn Fn(&[ChoiceOption]) -> bool| all.iter().filter(|o| f(o)).count() as f64 / n;
        let last = share(&|o| o.last().unwrap().level == top_level(o));
        let ascending = share(&|o| o.windows(2).all(|w| w[0].level <= w[1].level));
        let long = share(&|o| o[longest(o)].level == top_level(o));
        assert!(
            last <= 1.0 / 3.0,
            "{}: top option last in {last:.2}",
            rubric.id
        );
        assert!(
            ascending <= 0.25,
            "{}: ascending in {ascending:.2}",
            rubric.id
        );
        assert!(
            long <= 1.0 / 3.0,
            "{}: top option longest in {long:.2}",
            rubric.id
        );
    }
}

#[test]
fn guessing_strategies_stay_below_75_and_at_most_developing() {
    for rubric in built_ins() {
        let first = |o: &[ChoiceOption]| {
            let _ = o;
            0
        };
        let last = |o: &[ChoiceOption]| o.len() - 1;
        for (name, answers) in [
            ("last option", strategy(&rubric, last)),
            ("longest option", strategy(&rubric, longest)),
            ("first option", strategy(&rubric, first)),
        ] {
            let report = build(&rubric, &answers, ReportOptions::default());
            let readiness = report.readiness.unwrap();
            assert!(readiness < 75.0, "{} {name}: {readiness}", rubric.id);
            assert!(
                AT_MOST_DEVELOPING.contains(&report.verdict.as_str()),
                "{} {name}: {}",
                rubric.id,
                report.verdict
            );
        }
    }
}

#[test]
fn ticking_every_box_of_a_multi_stays_below_its_target() {
    for rubric in built_ins() {
        for dim in &rubric.dimensions {
            for q in &dim.questions {
                if let QuestionKind::Multi(options) = &q.kind {
                    let all: f64 = options.iter().map(|o| o.points).sum();
                    assert!(
                        all.clamp(0.0, 4.0) < dim.target,
                        "{}/{}: ticking everything gives {all}",
                        rubric.id,
                        q.id
                    );
                    assert!(
                        options.iter().any(|o| o.points < 0.0),
                        "{}/{}",
                        rubric.id,
                        q.id
                    );
                }
            }
        }
    }
}

#[test]
fn must_haves_bite_at_their_lowest_and_when_never_shown() {
    for rubric in built_ins() {
        let top = answer_all(&rubric, best);
        for (d, dim) in rubric
            .dimensions
            .iter()
            .enumerate()
            .filter(|(_, d)| d.critical)
        {
            let mut low = top.clone();
            let mut none = top.clone();
            for (at, q) in rubric.questions().filter(|(at, _)| at.dimension == d) {
                low.responses[at.flat] = worst(&q.kind).or(low.responses[at.flat].take());
                none.responses[at.flat] = if q.na.is_some() {
                    Some(Response::Na)
                } else {
                    None
                };
            }
            let low = build(&rubric, &low, ReportOptions::default());
            assert!(
                AT_MOST_DEVELOPING.contains(&low.verdict.as_str()),
                "{}/{} at its lowest: {}",
                rubric.id,
                dim.id,
                low.verdict
            );
            let none = build(&rubric, &none, ReportOptions::default());
            assert_ne!(
                none.verdict, "Ready now",
                "{}/{} never shown",
                rubric.id, dim.id
            );
            assert!(
                AT_MOST_DEVELOPING.contains(&none.verdict.as_str()),
                "{}/{} never shown: {}",
                rubric.id,
                dim.id,
                none.verdict
            );
            assert_eq!(
                none.unproven,
                std::slice::from_ref(&dim.id),
                "{}/{}",
                rubric.id,
                dim.id
            );
        }
    }
}

#[test]
fn each_must_have_has_a_scenario_and_cannot_be_skipped_with_na() {
    for rubric in built_ins() {
        for dim in rubric.dimensions.iter().filter(|d| d.critical) {
            let scored: Vec<_> = dim.questions.iter().filter(|q| q.is_scored()).collect();
            assert!(
                scored.iter().any(|q| q.na.is_none()),
                "{}/{}",
                rubric.id,
                dim.id
            );
            // A scenario item: a choice question of four or more options whose prompt sets a scene.
            assert!(
                scored.iter().any(
                    |q| matches!(&q.kind, QuestionKind::Choice(o) if o.len() >= 4)
                        && q.prompt.split_whitespace().count() >= 15
                ),
                "{}/{}: no situational item",
                rubric.id,
                dim.id
            );
        }
    }
}
