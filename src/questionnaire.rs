//! The questionnaire: question order, going back, "no chance yet" and the evidence rule.
//!
//! It talks only to a [`Prompter`] and hands every change to a callback, so the same flow runs
//! in a terminal and under a script in tests. Drafts (`crate::drafts`) store a [`Progress`].

use anyhow::Result;

use crate::core::answers::{Answers, Rater, Response};
use crate::core::rubric::{Question, QuestionKind, Rubric};
use crate::core::scoring::question_level;
use crate::prompt::{Ask, Prompter, Reply};

/// Where a run stands: the answers so far and how far the person has gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// The answers so far, one slot per question in rubric order.
    pub answers: Answers,
    /// The first question (rubric order, 0-based) not gone through yet; the question count
    /// once every question has been.
    pub next: usize,
}

impl Progress {
    /// A run that starts at the first question with `answers` preselected.
    pub fn new(answers: Answers) -> Self {
        Self { answers, next: 0 }
    }

    /// Where a resumed run starts: the first question not gone through, or the last question
    /// when all have been (so the person confirms it and finishes).
    pub fn resume_at(&self) -> usize {
        let n = self.answers.responses.len();
        self.next.min(n.saturating_sub(1))
    }

    /// How many questions have a response.
    pub fn answered(&self) -> usize {
        self.answers.responses.iter().flatten().count()
    }
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every question was gone through; the answers are complete as far as the person wanted.
    Finished,
    /// The person pressed Ctrl-C; the progress handed to the callback last is what there is.
    Interrupted,
}

/// Asks the questions from `start` on, one at a time, updating `progress`.
///
/// `saved` is called after every answer (and after the main answer of a question that then
/// asks for an example), so that nothing typed is lost if the run stops.
pub fn run(
    rubric: &Rubric,
    progress: &mut Progress,
    start: usize,
    prompter: &mut dyn Prompter,
    saved: &mut dyn FnMut(&Progress) -> Result<()>,
) -> Result<Outcome> {
    let questions: Vec<(usize, &Question)> = rubric
        .questions()
        .map(|(at, question)| (at.dimension, question))
        .collect();
    let total = questions.len();
    let mut i = start.min(total);
    while let Some(&(dimension, question)) = questions.get(i) {
        let header = format!(
            "{} · question {} of {total}\n{}",
            rubric.dimensions[dimension].name,
            i + 1,
            question.prompt
        );
        let earlier = progress.answers.responses[i].clone();
        let response = match ask(
            prompter,
            &progress.answers,
            question,
            &header,
            earlier.as_ref(),
        )? {
            Reply::Value(response) => response,
            Reply::Back => {
                if i == 0 {
                    prompter.say("This is the first question; there is nothing before it.")?;
                } else {
                    i -= 1;
                }
                continue;
            }
            Reply::Interrupted => return Ok(Outcome::Interrupted),
        };
        let wants_example = question.evidence_from.is_some_and(|from| {
            question_level(question, response.as_ref()) >= Some(f64::from(from))
        });
        progress.answers.responses[i] = response;
        if wants_example {
            // Keep the answer even if the person stops at the example.
            saved(progress)?;
            let initial = progress.answers.evidence[i].clone().unwrap_or_default();
            let ask = Ask {
                header: "",
                prompt: evidence_prompt(&progress.answers),
            };
            match prompter.input(&ask, &initial)? {
                Reply::Value(text) => progress.answers.evidence[i] = non_empty(&text),
                // Back to this question's options, with the answer just given preselected.
                Reply::Back => continue,
                Reply::Interrupted => return Ok(Outcome::Interrupted),
            }
        } else {
            // An example given for a higher answer no longer fits this one.
            progress.answers.evidence[i] = None;
        }
        i += 1;
        progress.next = progress.next.max(i);
        saved(progress)?;
    }
    Ok(Outcome::Finished)
}

fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Whom the person is rating, for the wording of prompts; `None` for a self-assessment.
fn rated(answers: &Answers) -> Option<&str> {
    match answers.rater {
        Rater::Myself => None,
        _ => Some(answers.subject.as_deref().unwrap_or("this person")),
    }
}

fn evidence_prompt(answers: &Answers) -> &'static str {
    match rated(answers) {
        None => "One concrete example of when you did this (Enter to skip)",
        Some(_) => "One concrete example you saw (Enter to skip)",
    }
}

/// Asks one question's main prompt; `None` in the value is a skipped text question.
fn ask(
    prompter: &mut dyn Prompter,
    answers: &Answers,
    question: &Question,
    header: &str,
    earlier: Option<&Response>,
) -> Result<Reply<Option<Response>>> {
    let na = question.na.as_deref();
    match &question.kind {
        QuestionKind::Choice(options) => {
            let mut items: Vec<String> = options.iter().map(|o| o.text.clone()).collect();
            items.extend(na.map(str::to_owned));
            let default = match earlier {
                Some(Response::Choice(k)) if *k < options.len() => *k,
                Some(Response::Na) if na.is_some() => options.len(),
                _ => 0,
            };
            let prompt = match rated(answers) {
                None => "Which describes you best?".to_owned(),
                Some(name) => format!("Rate {name}: which describes them best?"),
            };
            let ask = Ask {
                header,
                prompt: &prompt,
            };
            Ok(match prompter.select(&ask, &items, default)? {
                Reply::Value(k) if k < options.len() => Reply::Value(Some(Response::Choice(k))),
                Reply::Value(_) => Reply::Value(Some(Response::Na)),
                Reply::Back => Reply::Back,
                Reply::Interrupted => Reply::Interrupted,
            })
        }
        QuestionKind::Multi(options) => {
            let mut items: Vec<String> = options.iter().map(|o| o.text.clone()).collect();
            items.extend(na.map(str::to_owned));
            let mut checked = vec![false; items.len()];
            match earlier {
                Some(Response::Multi(list)) => {
                    for &k in list {
                        if let Some(slot) = checked.get_mut(k) {
                            *slot = true;
                        }
                    }
                }
                Some(Response::Na) if na.is_some() => checked[options.len()] = true,
                _ => {}
            }
            let prompt = match rated(answers) {
                None => "Tick all that apply (Space ticks, Enter when done)".to_owned(),
                Some(name) => {
                    format!("Rate {name}: tick all that apply (Space ticks, Enter when done)")
                }
            };
            let ask = Ask {
                header,
                prompt: &prompt,
            };
            loop {
                let mut ticks = match prompter.multiselect(&ask, &items, &checked)? {
                    Reply::Value(ticks) => ticks,
                    Reply::Back => return Ok(Reply::Back),
                    Reply::Interrupted => return Ok(Reply::Interrupted),
                };
                ticks.sort_unstable();
                ticks.dedup();
                let na_ticked = na.is_some() && ticks.contains(&options.len());
                if !na_ticked {
                    return Ok(Reply::Value(Some(Response::Multi(ticks))));
                }
                if ticks.len() == 1 {
                    return Ok(Reply::Value(Some(Response::Na)));
                }
                prompter.say(&format!(
                    "Tick the behaviours, or only \"{}\", not both.",
                    na.unwrap_or_default()
                ))?;
                checked = (0..items.len()).map(|k| ticks.contains(&k)).collect();
            }
        }
        QuestionKind::Text => {
            let initial = match earlier {
                Some(Response::Text(text)) => text.as_str(),
                _ => "",
            };
            let prompt = match rated(answers) {
                None => "Your answer (Enter to skip)".to_owned(),
                Some(name) => format!("Your answer about {name} (Enter to skip)"),
            };
            let ask = Ask {
                header,
                prompt: &prompt,
            };
            Ok(match prompter.input(&ask, initial)? {
                Reply::Value(text) => Reply::Value(non_empty(&text).map(Response::Text)),
                Reply::Back => Reply::Back,
                Reply::Interrupted => Reply::Interrupted,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::answers::{Syntax, check_answers, parse_answers};
    use crate::core::rubric::parse_rubric;
    use crate::prompt::scripted::{Key, Kind, Preset, Scripted};

    /// Two dimensions: a choice with "na" and examples from level 3, a multi with "na" and
    /// examples from 2 points, a text question, and a plain choice.
    const RUBRIC: &str = r#"
id = "small"
version = 1
title = "Small"
from = "A"
to = "B"

[[dimensions]]
id = "lead"
name = "Leading"

  [[dimensions.questions]]
  id = "l-choice"
  prompt = "When something slows the team down?"
  na = "No chance yet"
  evidence_from = 3
  options = [{ text = "c0", level = 0 }, { text = "c1", level = 1 }, { text = "c3", level = 3 }, { text = "c4", level = 4 }]

  [[dimensions.questions]]
  id = "l-multi"
  prompt = "Which of these?"
  kind = "multi"
  na = "Not yet"
  evidence_from = 2
  options = [{ text = "m1", points = 1 }, { text = "m1.5", points = 1.5 }, { text = "m2", points = 2 }]

[[dimensions]]
id = "why"
name = "Motivation"

  [[dimensions.questions]]
  id = "w-text"
  prompt = "Why?"
  kind = "text"

  [[dimensions.questions]]
  id = "w-choice"
  prompt = "How often?"
  options = [{ text = "w0", level = 0 }, { text = "w2", level = 2 }, { text = "w4", level = 4 }]
"#;

    fn rubric() -> Rubric {
        parse_rubric(RUBRIC, "small.toml").unwrap()
    }

    /// Runs the questionnaire from `start` and returns the outcome, the progress, the prompter
    /// and every progress handed to the callback.
    fn play(
        progress: Progress,
        start: usize,
        keys: Vec<Key>,
    ) -> (Outcome, Progress, Scripted, Vec<Progress>) {
        let rubric = rubric();
        let mut progress = progress;
        let mut prompter = Scripted::new(keys);
        let mut saves = Vec::new();
        let outcome = run(&rubric, &mut progress, start, &mut prompter, &mut |p| {
            saves.push(p.clone());
            Ok(())
        })
        .unwrap();
        assert_eq!(prompter.remaining(), 0, "keys left over");
        (outcome, progress, prompter, saves)
    }

    fn fresh() -> Progress {
        Progress::new(Answers::empty(&rubric(), Rater::Myself))
    }

    fn responses(progress: &Progress) -> Vec<Option<Response>> {
        progress.answers.responses.clone()
    }

    #[test]
    fn a_whole_run_asks_each_kind_in_order() {
        let (outcome, progress, prompter, saves) = play(
            fresh(),
            0,
            vec![
                Key::Choose(2),
                Key::Type("Led the release".into()),
                Key::Tick(vec![0]),
                Key::Type("  I like growing people ".into()),
                Key::Choose(1),
            ],
        );
        assert_eq!(outcome, Outcome::Finished);
        assert_eq!(
            responses(&progress),
            [
                Some(Response::Choice(2)),
                Some(Response::Multi(vec![0])),
                Some(Response::Text("I like growing people".into())),
                Some(Response::Choice(1)),
            ]
        );
        assert_eq!(
            progress.answers.evidence,
            [Some("Led the release".into()), None, None, None]
        );
        let kinds: Vec<Kind> = prompter.calls.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            [
                Kind::Select,
                Kind::Input,
                Kind::Multi,
                Kind::Input,
                Kind::Select
            ]
        );
        let first = &prompter.calls[0];
        assert_eq!(
            first.header,
            "Leading · question 1 of 4\nWhen something slows the team down?"
        );
        assert_eq!(first.prompt, "Which describes you best?");
        assert_eq!(first.items, ["c0", "c1", "c3", "c4", "No chance yet"]);
        assert!(
            prompter.calls[4]
                .header
                .starts_with("Motivation · question 4 of 4")
        );
        // Saved after every answer, and once more before the example is asked.
        assert_eq!(saves.len(), 5);
        assert_eq!(saves[0].answers.responses[0], Some(Response::Choice(2)));
        assert_eq!(saves[0].next, 0);
        assert_eq!(saves.last().unwrap().next, 4);
    }

    #[test]
    fn esc_goes_back_with_the_earlier_answer_preselected() {
        let (outcome, progress, prompter, _) = play(
            fresh(),
            0,
            vec![
                Key::Esc, // at the first question: nothing before it
                Key::Choose(1),
                Key::Esc, // at the multi: back to the first question
                Key::Choose(3),
                Key::Esc, // at the example: back to the options of the same question
                Key::Enter,
                Key::Type("Ran the offsite".into()),
                Key::Tick(vec![2]),
                Key::Esc, // at the example of the multi
                Key::Esc, // at the multi: back to the first question again
                Key::Enter,
                Key::Enter, // the example typed before is kept
                Key::Enter, // the ticks from before are kept
                Key::Enter, // and its example skipped
                Key::Enter, // text skipped
                Key::Choose(2),
            ],
        );
        assert_eq!(outcome, Outcome::Finished);
        assert_eq!(
            prompter.said,
            ["This is the first question; there is nothing before it."]
        );
        let presets: Vec<&Preset> = prompter.calls.iter().map(|c| &c.preset).collect();
        assert_eq!(presets[3], &Preset::Index(1));
        assert_eq!(presets[5], &Preset::Index(3));
        assert_eq!(presets[10], &Preset::Index(3));
        assert_eq!(presets[11], &Preset::Text("Ran the offsite".into()));
        assert_eq!(
            presets[12],
            &Preset::Checked(vec![false, false, true, false])
        );
        assert_eq!(
            responses(&progress),
            [
                Some(Response::Choice(3)),
                Some(Response::Multi(vec![2])),
                None,
                Some(Response::Choice(2)),
            ]
        );
        assert_eq!(
            progress.answers.evidence,
            [Some("Ran the offsite".into()), None, None, None]
        );
    }

    #[test]
    fn na_is_offered_last_and_never_asks_for_an_example() {
        let (_, progress, prompter, _) = play(
            fresh(),
            0,
            vec![
                Key::Choose(4),
                Key::Tick(vec![0, 3]), // behaviours and "not yet" together: asked again
                Key::Tick(vec![3]),
                Key::Enter,
                Key::Choose(0),
            ],
        );
        assert_eq!(
            responses(&progress),
            [
                Some(Response::Na),
                Some(Response::Na),
                None,
                Some(Response::Choice(0))
            ]
        );
        assert_eq!(
            prompter.said,
            ["Tick the behaviours, or only \"Not yet\", not both."]
        );
        assert_eq!(
            prompter.calls[2].preset,
            Preset::Checked(vec![true, false, false, true])
        );
        // Preselected on a second pass.
        let (_, _, again, _) = play(
            Progress::new(progress.answers),
            0,
            vec![Key::Enter, Key::Enter, Key::Enter, Key::Enter],
        );
        assert_eq!(again.calls[0].preset, Preset::Index(4));
        assert_eq!(
            again.calls[1].preset,
            Preset::Checked(vec![false, false, false, true])
        );
    }

    #[test]
    fn multi_level_is_the_sum_of_points_for_the_evidence_rule() {
        // 1 + 1.5 = 2.5 >= 2: an example is asked; none ticked is level 0: it is not.
        let (_, progress, prompter, _) = play(
            fresh(),
            1,
            vec![
                Key::Tick(vec![0, 1]),
                Key::Type("Mentored two juniors".into()),
                Key::Enter,
                Key::Enter,
            ],
        );
        assert_eq!(
            progress.answers.responses[1],
            Some(Response::Multi(vec![0, 1]))
        );
        assert_eq!(
            progress.answers.evidence[1].as_deref(),
            Some("Mentored two juniors")
        );
        assert_eq!(prompter.calls[1].kind, Kind::Input);
        let (_, progress, prompter, _) =
            play(fresh(), 1, vec![Key::Tick(vec![]), Key::Enter, Key::Enter]);
        assert_eq!(progress.answers.responses[1], Some(Response::Multi(vec![])));
        assert_eq!(prompter.calls[1].kind, Kind::Input);
        assert_eq!(prompter.calls[1].prompt, "Your answer (Enter to skip)");
    }

    #[test]
    fn below_the_threshold_no_example_is_asked_and_an_old_one_is_dropped() {
        let mut answers = Answers::empty(&rubric(), Rater::Myself);
        answers.responses[0] = Some(Response::Choice(3));
        answers.evidence[0] = Some("old example".into());
        let (_, progress, prompter, _) = play(
            Progress::new(answers),
            0,
            vec![Key::Choose(1), Key::Enter, Key::Enter, Key::Enter],
        );
        assert_eq!(progress.answers.responses[0], Some(Response::Choice(1)));
        assert_eq!(progress.answers.evidence[0], None);
        assert_eq!(prompter.calls[1].kind, Kind::Multi);
    }

    #[test]
    fn ctrl_c_stops_with_every_earlier_answer_saved() {
        let (outcome, progress, _, saves) = play(fresh(), 0, vec![Key::Choose(3), Key::CtrlC]);
        assert_eq!(outcome, Outcome::Interrupted);
        // The answer was saved before the example was asked.
        let last = saves.last().unwrap();
        assert_eq!(last.answers.responses[0], Some(Response::Choice(3)));
        assert_eq!(last.next, 0);
        assert_eq!(last, &progress);
    }

    #[test]
    fn a_draft_resumes_at_the_first_question_not_gone_through() {
        let rubric = rubric();
        let (outcome, progress, _, saves) = play(
            fresh(),
            0,
            vec![
                Key::Choose(2),
                Key::Type("Example with \"quotes\"\nand a newline".into()),
                Key::Tick(vec![2]),
                Key::Enter, // skips the multi's example
                Key::Enter, // skips the text question
                Key::CtrlC,
            ],
        );
        assert_eq!(outcome, Outcome::Interrupted);
        let draft = crate::drafts::to_text(saves.last().unwrap(), &rubric, "./small.toml");
        assert!(draft.contains("[draft]"), "{draft}");
        let head = crate::drafts::peek(&draft, "d.toml").unwrap();
        assert_eq!(head.rubric, "small");
        assert_eq!(head.source.as_deref(), Some("./small.toml"));
        let crate::drafts::Restored {
            progress: restored,
            warnings,
            ..
        } = crate::drafts::restore(&draft, &rubric, "d.toml").unwrap();
        assert!(warnings.is_empty());
        assert_eq!(restored, progress);
        assert_eq!(restored.resume_at(), 3);
        let (outcome, done, prompter, _) = play(restored, 3, vec![Key::Choose(2)]);
        assert_eq!(outcome, Outcome::Finished);
        assert_eq!(prompter.calls.len(), 1);
        assert!(prompter.calls[0].header.contains("question 4 of 4"));
        assert_eq!(
            responses(&done),
            [
                Some(Response::Choice(2)),
                Some(Response::Multi(vec![2])),
                None,
                Some(Response::Choice(2)),
            ]
        );
        assert_eq!(
            done.answers.evidence[0].as_deref(),
            Some("Example with \"quotes\"\nand a newline")
        );
    }

    #[test]
    fn a_draft_of_a_finished_pass_resumes_at_the_last_question() {
        let rubric = rubric();
        let mut progress = fresh();
        progress.next = 4;
        let draft = crate::drafts::to_text(&progress, &rubric, "small");
        assert!(!draft.contains("next ="), "{draft}");
        let restored = crate::drafts::restore(&draft, &rubric, "d.toml")
            .unwrap()
            .progress;
        assert_eq!(restored.resume_at(), 3);
    }

    #[test]
    fn a_broken_draft_names_the_file() {
        let error = crate::drafts::restore(
            "rubric = \"small\"\nrater = \"boss\"\n[answers]\nl-choice = 9\n",
            &rubric(),
            "d.toml",
        )
        .unwrap_err();
        assert!(error.to_string().contains("d.toml"), "{error}");
        assert!(crate::drafts::peek("[answers]\n", "d.toml").is_err());
        assert!(crate::drafts::peek("not toml", "d.toml").is_err());
    }

    #[test]
    fn earlier_answers_are_preselected_and_kept_with_enter() {
        let rubric = rubric();
        let source = "rubric = \"small\"\n[answers]\nl-choice = 4\nl-multi = [2, 3]\nw-text = \"To grow people\"\nw-choice = 3\n[evidence]\nl-choice = \"Ran the planning\"\nl-multi = \"Coached Alex\"\n";
        let file = parse_answers(source, Syntax::Toml, "a.toml").unwrap();
        let (earlier, _) = check_answers(file, &rubric, "a.toml", source).unwrap();
        let (outcome, progress, prompter, _) =
            play(Progress::new(earlier.clone()), 0, vec![Key::Enter; 6]);
        assert_eq!(outcome, Outcome::Finished);
        let presets: Vec<&Preset> = prompter.calls.iter().map(|c| &c.preset).collect();
        assert_eq!(
            presets,
            [
                &Preset::Index(3),
                &Preset::Text("Ran the planning".into()),
                &Preset::Checked(vec![false, true, true, false]),
                &Preset::Text("Coached Alex".into()),
                &Preset::Text("To grow people".into()),
                &Preset::Index(2),
            ]
        );
        assert_eq!(progress.answers, earlier);
    }

    #[test]
    fn rating_someone_else_is_worded_for_them() {
        let mut answers = Answers::empty(&rubric(), Rater::Manager);
        answers.subject = Some("Sam Lee".into());
        let (_, _, prompter, _) = play(
            Progress::new(answers),
            0,
            vec![Key::Choose(3), Key::Enter, Key::CtrlC],
        );
        assert_eq!(
            prompter.calls[0].prompt,
            "Rate Sam Lee: which describes them best?"
        );
        assert_eq!(
            prompter.calls[1].prompt,
            "One concrete example you saw (Enter to skip)"
        );
        assert!(
            prompter.calls[2]
                .prompt
                .starts_with("Rate Sam Lee: tick all that apply")
        );
    }
}
