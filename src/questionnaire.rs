//! The questionnaire: question order, going back, "no chance yet" and the evidence rule.
//!
//! It talks only to a [`Prompter`] and hands every change to a callback, so the same flow runs
//! in a terminal and under a script in tests. Drafts (`crate::drafts`) store a [`Progress`].

use anyhow::Result;

use crate::core::answers::{Answers, Response};
use crate::core::rubric::{Question, QuestionKind, Rubric, Voice};
use crate::core::scoring::{at_least, question_level};
use crate::prompt::{Ask, Checklist, Prompter, Reply};

/// Where a run stands: the answers so far and how far the person has gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// The answers so far, one slot per question in rubric order.
    pub answers: Answers,
    /// The first question (rubric order, 0-based) not gone through yet; the question count
    /// once every question has been.
    pub next: usize,
    /// Shuffles each question's options on screen, the same way for the whole assessment;
    /// `None` shows them in rubric order (drafts written before options were shuffled).
    pub seed: Option<u64>,
}

impl Progress {
    /// A run that starts at the first question with `answers` preselected.
    pub fn new(answers: Answers) -> Self {
        Self {
            answers,
            next: 0,
            seed: None,
        }
    }

    /// The same run with its options shuffled on screen by `seed`.
    #[must_use]
    pub fn shuffled(self, seed: u64) -> Self {
        Self {
            seed: Some(seed),
            ..self
        }
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
/// asks for an example), so that nothing typed is lost if the run stops; it gets the prompter
/// to update what a stop says ([`Prompter::on_stop`]).
pub fn run(
    rubric: &Rubric,
    progress: &mut Progress,
    start: usize,
    prompter: &mut dyn Prompter,
    saved: &mut dyn FnMut(&Progress, &mut dyn Prompter) -> Result<()>,
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
            question.prompt_for(voice(&progress.answers))
        );
        let earlier = progress.answers.responses[i].clone();
        let order = option_order(progress.seed, i, question.option_count());
        let response = match ask(
            prompter,
            &progress.answers,
            question,
            &order,
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
            question_level(question, response.as_ref())
                .is_some_and(|level| at_least(level, f64::from(from)))
        });
        progress.answers.responses[i] = response;
        if wants_example {
            // Keep the answer even if the person stops at the example.
            saved(progress, &mut *prompter)?;
            let initial = progress.answers.evidence[i].clone().unwrap_or_default();
            let prompt = format!(
                "{} (Enter to skip)",
                question.evidence_prompt_for(voice(&progress.answers))
            );
            let ask = Ask {
                header: "",
                prompt: &prompt,
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
        saved(progress, &mut *prompter)?;
    }
    Ok(Outcome::Finished)
}

fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Whom the person is rating, for the wording of prompts; `None` for a self-assessment.
fn rated(answers: &Answers) -> Option<&str> {
    match answers.voice() {
        Voice::Own => None,
        Voice::Other(name) => Some(name),
    }
}

/// The wording the questions take for this run.
pub fn voice(answers: &Answers) -> Voice<'_> {
    answers.voice()
}

/// The order options are shown in: `order[d]` is the option (rubric order, 0-based) shown at
/// place `d`. Rubric order without a seed; otherwise a shuffle fixed by the seed and the
/// question's place, so going back, resuming and re-taking show the same order.
pub fn option_order(seed: Option<u64>, question: usize, options: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..options).collect();
    let Some(seed) = seed else { return order };
    let mut state = seed ^ (question as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    // Fisher–Yates with splitmix64: small, and the same on every platform and release.
    for i in (1..order.len()).rev() {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        // `i + 1` is at most the option count, so the remainder fits a usize.
        #[allow(clippy::cast_possible_truncation)]
        let j = (z % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order
}

/// Asks one question's main prompt; `None` in the value is a skipped text question. `order`
/// is the on-screen order of the options (see [`option_order`]); "na" always comes last.
fn ask(
    prompter: &mut dyn Prompter,
    answers: &Answers,
    question: &Question,
    order: &[usize],
    header: &str,
    earlier: Option<&Response>,
) -> Result<Reply<Option<Response>>> {
    let na = question.na.as_deref();
    let shown = |k: usize| order.iter().position(|&o| o == k);
    match &question.kind {
        QuestionKind::Choice(options) => {
            let mut items: Vec<String> = order
                .iter()
                .filter_map(|&k| question.option_for(k, voice(answers)))
                .collect();
            items.extend(na.map(str::to_owned));
            let default = match earlier {
                Some(Response::Choice(k)) => shown(*k).unwrap_or(0),
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
                Reply::Value(d) if d < options.len() => {
                    Reply::Value(Some(Response::Choice(order.get(d).copied().unwrap_or(d))))
                }
                Reply::Value(_) => Reply::Value(Some(Response::Na)),
                Reply::Back => Reply::Back,
                Reply::Interrupted => Reply::Interrupted,
            })
        }
        QuestionKind::Multi(options) => {
            let mut items: Vec<String> = order
                .iter()
                .filter_map(|&k| question.option_for(k, voice(answers)))
                .collect();
            items.extend(na.map(str::to_owned));
            let mut checked = vec![false; items.len()];
            match earlier {
                Some(Response::Multi(list)) => {
                    for &k in list {
                        if let Some(slot) = shown(k).and_then(|d| checked.get_mut(d)) {
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
            let refusal = format!(
                "Tick the behaviours, or only \"{}\", not both.",
                na.unwrap_or_default()
            );
            loop {
                let list = Checklist {
                    items: &items,
                    checked: &checked,
                    alone: na.map(|_| (options.len(), refusal.as_str())),
                };
                let reply = prompter.multiselect(&ask, &list)?;
                let mut ticks = match reply {
                    Reply::Value(ticks) => ticks,
                    Reply::Back => return Ok(Reply::Back),
                    Reply::Interrupted => return Ok(Reply::Interrupted),
                };
                ticks.sort_unstable();
                ticks.dedup();
                let na_ticked = na.is_some() && ticks.contains(&options.len());
                if !na_ticked {
                    // Back from screen places to option numbers in rubric order.
                    let mut chosen: Vec<usize> = ticks
                        .iter()
                        .filter_map(|&d| order.get(d).copied())
                        .collect();
                    chosen.sort_unstable();
                    return Ok(Reply::Value(Some(Response::Multi(chosen))));
                }
                if ticks.len() == 1 {
                    return Ok(Reply::Value(Some(Response::Na)));
                }
                prompter.say(&refusal)?;
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
    use crate::core::answers::Rater;
    use crate::prompt::scripted::{Key, Kind, Preset, Scripted};
    use crate::testing::{self, QUESTIONNAIRE};

    fn rubric() -> Rubric {
        testing::parse(QUESTIONNAIRE)
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
        let outcome = run(&rubric, &mut progress, start, &mut prompter, &mut |p, _| {
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

    fn choice(index: usize) -> Option<Response> {
        Some(Response::Choice(index))
    }

    fn checked(indexes: &[usize]) -> Option<Response> {
        Some(Response::Multi(indexes.to_vec()))
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
                choice(2),
                checked(&[0]),
                Some(Response::Text("I like growing people".into())),
                choice(1),
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
        assert_eq!(saves[0].answers.responses[0], choice(2));
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
            [choice(3), checked(&[2]), None, choice(2),]
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
            [Some(Response::Na), Some(Response::Na), None, choice(0)]
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
        assert_eq!(progress.answers.responses[1], checked(&[0, 1]));
        assert_eq!(
            progress.answers.evidence[1].as_deref(),
            Some("Mentored two juniors")
        );
        assert_eq!(prompter.calls[1].kind, Kind::Input);
        let (_, progress, prompter, _) =
            play(fresh(), 1, vec![Key::Tick(vec![]), Key::Enter, Key::Enter]);
        assert_eq!(progress.answers.responses[1], checked(&[]));
        assert_eq!(prompter.calls[1].kind, Kind::Input);
        assert_eq!(prompter.calls[1].prompt, "Your answer (Enter to skip)");
    }

    #[test]
    fn below_the_threshold_no_example_is_asked_and_an_old_one_is_dropped() {
        let mut answers = Answers::empty(&rubric(), Rater::Myself);
        answers.responses[0] = choice(3);
        answers.evidence[0] = Some("old example".into());
        let (_, progress, prompter, _) = play(
            Progress::new(answers),
            0,
            vec![Key::Choose(1), Key::Enter, Key::Enter, Key::Enter],
        );
        assert_eq!(progress.answers.responses[0], choice(1));
        assert_eq!(progress.answers.evidence[0], None);
        assert_eq!(prompter.calls[1].kind, Kind::Multi);
    }

    #[test]
    fn ctrl_c_stops_with_every_earlier_answer_saved() {
        let (outcome, progress, _, saves) = play(fresh(), 0, vec![Key::Choose(3), Key::CtrlC]);
        assert_eq!(outcome, Outcome::Interrupted);
        // The answer was saved before the example was asked.
        let last = saves.last().unwrap();
        assert_eq!(last.answers.responses[0], choice(3));
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
            [choice(2), checked(&[2]), None, choice(2),]
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
        let earlier = testing::answers(
            &rubric,
            "[answers]\nl-choice = 4\nl-multi = [2, 3]\nw-text = \"To grow people\"\nw-choice = 3\n[evidence]\nl-choice = \"Ran the planning\"\nl-multi = \"Coached Alex\"",
        );
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
            "Describe the last time you saw Sam Lee do this: when it was, what they did, and what came of it (Enter to skip)"
        );
        assert!(
            prompter.calls[2]
                .prompt
                .starts_with("Rate Sam Lee: tick all that apply")
        );
    }

    #[test]
    fn option_order_is_a_fixed_permutation_per_seed_and_question() {
        assert_eq!(option_order(None, 3, 5), [0, 1, 2, 3, 4]);
        for seed in [1, 42, u64::MAX] {
            for question in 0..20 {
                let order = option_order(Some(seed), question, 5);
                assert_eq!(order, option_order(Some(seed), question, 5));
                let mut sorted = order.clone();
                sorted.sort_unstable();
                assert_eq!(sorted, [0, 1, 2, 3, 4]);
            }
        }
        // Across questions and seeds the orders differ: the key cannot be learnt from position.
        let orders: std::collections::HashSet<Vec<usize>> =
            (0..30).map(|q| option_order(Some(7), q, 5)).collect();
        assert!(orders.len() > 10, "{orders:?}");
        assert_ne!(option_order(Some(7), 0, 5), option_order(Some(8), 0, 5));
    }

    /// A seed whose order for the first question (4 options) is not rubric order.
    fn shuffling_seed() -> u64 {
        (1..)
            .find(|&seed| option_order(Some(seed), 0, 4) != [0, 1, 2, 3])
            .unwrap()
    }

    #[test]
    fn shuffled_options_are_shown_in_the_seed_order_with_na_last_and_stored_in_rubric_order() {
        let seed = shuffling_seed();
        let order = option_order(Some(seed), 0, 4);
        let multi = option_order(Some(seed), 1, 3);
        // Choosing what is shown first asks for an example when it is c3 or c4; ticking the
        // first and third shown boxes asks for one when their points reach 2.
        let points = [1.0, 1.5, 2.0];
        let mut keys = vec![Key::Choose(0)];
        if order[0] >= 2 {
            keys.push(Key::Enter);
        }
        keys.push(Key::Tick(vec![0, 2]));
        if points[multi[0]] + points[multi[2]] >= 2.0 {
            keys.push(Key::Enter);
        }
        keys.extend([Key::Enter, Key::Choose(1)]);
        let (_, progress, prompter, _) = play(fresh().shuffled(seed), 0, keys);
        let shown = &prompter.calls[0].items;
        let texts = ["c0", "c1", "c3", "c4"];
        assert_eq!(
            shown[..4],
            order
                .iter()
                .map(|&k| texts[k].to_owned())
                .collect::<Vec<_>>()[..]
        );
        assert_eq!(shown[4], "No chance yet");
        assert_eq!(progress.answers.responses[0], choice(order[0]));
        let mut ticked = vec![multi[0], multi[2]];
        ticked.sort_unstable();
        assert_eq!(progress.answers.responses[1], Some(Response::Multi(ticked)));
        assert_eq!(progress.seed, Some(seed));
    }

    #[test]
    fn going_back_and_resuming_show_the_same_order_with_the_answer_preselected() {
        let seed = shuffling_seed();
        // Esc at the next prompt (the example for c3 and c4, the multi otherwise) comes back.
        let keys = vec![Key::Choose(0), Key::Esc, Key::CtrlC];
        let (_, progress, prompter, _) = play(fresh().shuffled(seed), 0, keys);
        let back = prompter.calls.last().unwrap();
        assert_eq!(back.items, prompter.calls[0].items);
        assert_eq!(back.preset, Preset::Index(0));
        // The draft keeps the seed, so a resumed run shows the same order again.
        let rubric = rubric();
        let text = crate::drafts::to_text(&progress, &rubric, "small");
        let resumed = crate::drafts::restore(&text, &rubric, "d.toml")
            .unwrap()
            .progress;
        assert_eq!(resumed.seed, Some(seed));
        let (_, _, again, _) = play(resumed, 0, vec![Key::CtrlC]);
        assert_eq!(again.calls[0].items, prompter.calls[0].items);
        assert_eq!(again.calls[0].preset, Preset::Index(0));
        // A draft from before shuffling has no seed and keeps rubric order.
        let old = text
            .lines()
            .filter(|l| !l.starts_with("seed"))
            .collect::<Vec<_>>()
            .join("\n");
        let old = crate::drafts::restore(&old, &rubric, "d.toml")
            .unwrap()
            .progress;
        assert_eq!(old.seed, None);
    }

    #[test]
    fn earlier_answers_are_preselected_where_the_shuffle_put_them() {
        let seed = shuffling_seed();
        let order = option_order(Some(seed), 0, 4);
        let mut answers = Answers::empty(&rubric(), Rater::Myself);
        answers.responses[0] = choice(1);
        answers.responses[1] = checked(&[2]);
        let (_, progress, prompter, _) = play(
            Progress::new(answers).shuffled(seed),
            0,
            vec![Key::Enter, Key::Enter, Key::CtrlC],
        );
        let at = order.iter().position(|&k| k == 1).unwrap();
        assert_eq!(prompter.calls[0].preset, Preset::Index(at));
        let multi = option_order(Some(seed), 1, 3);
        let ticked = multi.iter().position(|&k| k == 2).unwrap();
        let mut expected = vec![false; 4];
        expected[ticked] = true;
        assert_eq!(prompter.calls[1].preset, Preset::Checked(expected));
        // Enter keeps them, in rubric order.
        assert_eq!(progress.answers.responses[0], choice(1));
        assert_eq!(progress.answers.responses[1], checked(&[2]));
    }
}
