//! Quality warnings for rubric authors: valid rubrics that will still measure badly.
//!
//! Validation ([`super::rubric`]) rejects what cannot be scored; lint points at what can be
//! scored but says little: rating words instead of behaviours, levels that do not spread,
//! dimensions resting on one question, advice that is missing, and an answer key a reader can
//! see: levels in ascending order, the top level last or longest, multi questions won by
//! ticking everything, must-haves that can be skipped with `na`, wording only for the self.

use std::fmt;

use super::rubric::{QuestionKind, Rubric};

/// More dimensions than this make a rubric too long to answer with care.
pub const MAX_DIMENSIONS: usize = 15;

/// A dimension needs at least this many scored questions to be measured reliably.
pub const MIN_SCORED_QUESTIONS: usize = 2;

/// Options in ascending level order in more than this share of choice questions give the key away.
pub const MAX_ASCENDING_SHARE: f64 = 0.25;

/// The top-level option last in more than this share of choice questions gives the key away.
pub const MAX_TOP_LAST_SHARE: f64 = 1.0 / 3.0;

/// The top-level option longer than every other by more than this factor is a length tell …
pub const LONGEST_FACTOR: f64 = 1.2;

/// … and a tell of the rubric when it happens in more than this share of choice questions.
pub const MAX_TOP_LONGEST_SHARE: f64 = 1.0 / 3.0;

/// What a lint warning is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// The rubric as a whole, by id.
    Rubric(String),
    /// A dimension, by id.
    Dimension(String),
    /// A question, by id.
    Question(String),
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Rubric(id) => write!(f, "rubric \"{id}\""),
            Self::Dimension(id) => write!(f, "dimension \"{id}\""),
            Self::Question(id) => write!(f, "question \"{id}\""),
        }
    }
}

/// One quality warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lint {
    /// What it is about.
    pub subject: Subject,
    /// What is weak, and how to make it better.
    pub message: String,
}

impl fmt::Display for Lint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.subject, self.message)
    }
}

/// Every quality warning for a valid rubric, in rubric order.
pub fn lint(rubric: &Rubric) -> Vec<Lint> {
    let mut out = Vec::new();
    if rubric.dimensions.len() > MAX_DIMENSIONS {
        out.push(Lint {
            subject: Subject::Rubric(rubric.id.clone()),
            message: format!(
                "{} dimensions are too many to answer with care; keep to {MAX_DIMENSIONS} or fewer by merging or dropping some",
                rubric.dimensions.len()
            ),
        });
    }
    lint_answer_key(&mut out, rubric);
    let rates_others = rubric
        .dimensions
        .iter()
        .flat_map(|d| &d.questions)
        .any(|q| q.prompt_other.is_some());
    for dim in &rubric.dimensions {
        let subject = || Subject::Dimension(dim.id.clone());
        let scored_questions = || dim.questions.iter().filter(|q| q.is_scored());
        if dim.critical
            && scored_questions().count() > 0
            && scored_questions().all(|q| q.na.is_some())
        {
            out.push(Lint {
                subject: subject(),
                message: "is a must-have, yet every question offers `na`; where having no experience is itself the gap, leave `na` out of at least one question".into(),
            });
        }
        let scored = dim.scored_questions();
        if scored < MIN_SCORED_QUESTIONS {
            out.push(Lint {
                subject: subject(),
                message: format!(
                    "has {scored} scored question{}; one answer is a noisy measure, so add at least {} choice or multi questions",
                    if scored == 1 { "" } else { "s" },
                    MIN_SCORED_QUESTIONS
                ),
            });
        }
        if dim.why.trim().is_empty() {
            out.push(Lint {
                subject: subject(),
                message:
                    "has no `why`; say why it matters one rung up, so a gap is worth acting on"
                        .into(),
            });
        }
        if dim.actions.iter().all(|a| a.trim().is_empty()) {
            out.push(Lint {
                subject: subject(),
                message: "has no `actions`; give concrete next steps for someone with a gap here"
                    .into(),
            });
        }
        for question in &dim.questions {
            lint_question(&mut out, question);
            if let QuestionKind::Multi(options) = &question.kind {
                let all: f64 = options.iter().map(|o| o.points).sum();
                if all.clamp(0.0, super::rubric::MAX_LEVEL)
                    >= dim.target - super::scoring::TOLERANCE
                {
                    out.push(Lint {
                        subject: Subject::Question(question.id.clone()),
                        message: format!(
                            "ticking every option reaches level {:.1}, the dimension's target of {:.1}; give a counter-indicative option negative points so ticking everything cannot win",
                            all.clamp(0.0, super::rubric::MAX_LEVEL),
                            dim.target
                        ),
                    });
                }
            }
            if rates_others {
                lint_rater_wording(&mut out, question);
            }
        }
    }
    out
}

/// Rubric-wide tells of the answer key: levels in ascending order, the top level last, the top
/// level the longest.
fn lint_answer_key(out: &mut Vec<Lint>, rubric: &Rubric) {
    let choices: Vec<&[super::rubric::ChoiceOption]> = rubric
        .dimensions
        .iter()
        .flat_map(|d| &d.questions)
        .filter_map(|q| match &q.kind {
            QuestionKind::Choice(options) => Some(options.as_slice()),
            _ => None,
        })
        .collect();
    if choices.is_empty() {
        return;
    }
    #[allow(clippy::cast_precision_loss)]
    let share = |count: usize| count as f64 / choices.len() as f64;
    let subject = || Subject::Rubric(rubric.id.clone());
    let ascending = choices
        .iter()
        .filter(|options| {
            options
                .windows(2)
                .all(|pair| pair[0].level <= pair[1].level)
        })
        .count();
    if share(ascending) > MAX_ASCENDING_SHARE {
        out.push(Lint {
            subject: subject(),
            message: format!(
                "options run in ascending level order in {ascending} of {} choice questions; a reader soon learns that the last option scores best, so mix the order (at most a quarter ascending)",
                choices.len()
            ),
        });
    }
    let top = |options: &[super::rubric::ChoiceOption]| {
        options.iter().map(|o| o.level).max().unwrap_or(0)
    };
    let last = choices
        .iter()
        .filter(|options| options.last().is_some_and(|o| o.level == top(options)))
        .count();
    if share(last) > MAX_TOP_LAST_SHARE {
        out.push(Lint {
            subject: subject(),
            message: format!(
                "the top-level option is the last one in {last} of {} choice questions; put it elsewhere in at least two thirds of them",
                choices.len()
            ),
        });
    }
    let longest = choices
        .iter()
        .filter(|options| {
            let length = |o: &super::rubric::ChoiceOption| o.text.chars().count();
            let best = top(options);
            let top_len = options.iter().filter(|o| o.level == best).map(length).max();
            let other_len = options.iter().filter(|o| o.level != best).map(length).max();
            #[allow(clippy::cast_precision_loss)]
            match (top_len, other_len) {
                (Some(t), Some(o)) => t as f64 > LONGEST_FACTOR * o as f64,
                _ => false,
            }
        })
        .count();
    if share(longest) > MAX_TOP_LONGEST_SHARE {
        out.push(Lint {
            subject: subject(),
            message: format!(
                "the top-level option is longer than every other by more than 20% in {longest} of {} choice questions; the most detailed option should not be the best one so often",
                choices.len()
            ),
        });
    }
}

/// In a rubric written for other raters too: every question needs `prompt_other`, and options
/// read right for both only without "I".
fn lint_rater_wording(out: &mut Vec<Lint>, question: &super::rubric::Question) {
    if question.prompt_other.is_none() {
        out.push(Lint {
            subject: Subject::Question(question.id.clone()),
            message: "has no `prompt_other`, while other questions of the rubric have one; someone rating another person would read this prompt addressed to themselves".into(),
        });
    }
    let first_person: Vec<String> = (0..question.option_count())
        .filter(|&i| question.option_text(i).is_some_and(|t| t.starts_with("I ")))
        .filter(|&i| match &question.kind {
            QuestionKind::Choice(o) => o[i].text_other.is_none(),
            QuestionKind::Multi(o) => o[i].text_other.is_none(),
            QuestionKind::Text => false,
        })
        .map(|i| (i + 1).to_string())
        .collect();
    if !first_person.is_empty() {
        out.push(Lint {
            subject: Subject::Question(question.id.clone()),
            message: format!(
                "option {} start{} with \"I \"; write the behaviour without \"I\" (\"Hands the release to a teammate\") or add `text_other`, so it reads right for every rater",
                first_person.join(", "),
                if first_person.len() == 1 { "s" } else { "" }
            ),
        });
    }
}

fn lint_question(out: &mut Vec<Lint>, question: &super::rubric::Question) {
    let subject = || Subject::Question(question.id.clone());
    let texts: Vec<&str> = match &question.kind {
        QuestionKind::Choice(options) => options.iter().map(|o| o.text.as_str()).collect(),
        QuestionKind::Multi(options) => options.iter().map(|o| o.text.as_str()).collect(),
        QuestionKind::Text => Vec::new(),
    };
    for (n, text) in texts.iter().enumerate() {
        let n = n + 1;
        if is_agreement(text) {
            out.push(Lint {
                subject: subject(),
                message: format!(
                    "option {n} (\"{text}\") is an agree/disagree rating; describe an observable behaviour instead"
                ),
            });
        } else if is_rating_word(text) {
            out.push(Lint {
                subject: subject(),
                message: format!(
                    "option {n} (\"{text}\") is a rating word, not a behaviour; describe what the person does"
                ),
            });
        }
    }
    if let QuestionKind::Choice(options) = &question.kind {
        let mut levels: Vec<u8> = options.iter().map(|o| o.level).collect();
        levels.sort_unstable();
        // Two options may share a level: doing too little and overdoing it often miss the
        // next rung by the same distance. Three at one level no longer tell answers apart.
        let repeated: Vec<u8> = levels
            .windows(3)
            .filter(|run| run[0] == run[2])
            .map(|run| run[0])
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        if !repeated.is_empty() {
            out.push(Lint {
                subject: subject(),
                message: format!(
                    "three or more options share level {}; give them levels of their own so the answer tells them apart",
                    repeated
                        .iter()
                        .map(u8::to_string)
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
            });
        }
        levels.dedup();
        if levels == [0, 4] {
            out.push(Lint {
                subject: subject(),
                message: "the options jump from level 0 to level 4 with nothing between; add options for the steps in between".into(),
            });
        }
    }
}

/// Words of a Likert agreement scale.
const AGREEMENT: [&str; 14] = [
    "strongly",
    "somewhat",
    "slightly",
    "mostly",
    "completely",
    "totally",
    "agree",
    "disagree",
    "neither",
    "nor",
    "neutral",
    "i",
    "tend",
    "to",
];

/// Words that only strengthen or soften the word after them.
const INTENSIFIERS: [&str; 12] = [
    "very",
    "quite",
    "really",
    "extremely",
    "somewhat",
    "fairly",
    "rather",
    "pretty",
    "not",
    "so",
    "too",
    "most",
];

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// "Strongly agree", "Neither agree nor disagree", "I disagree": a rating of a statement.
fn is_agreement(text: &str) -> bool {
    let words = words(text);
    !words.is_empty()
        && words
            .iter()
            .any(|w| w == "agree" || w == "disagree" || w == "neutral")
        && words.iter().all(|w| AGREEMENT.contains(&w.as_str()))
}

/// "Good", "Very good", "Excellent!": one word, maybe with an intensifier, says nothing
/// observable.
fn is_rating_word(text: &str) -> bool {
    let words = words(text);
    let rest: Vec<&String> = words
        .iter()
        .skip_while(|w| INTENSIFIERS.contains(&w.as_str()))
        .collect();
    rest.len() == 1 && rest[0].chars().all(char::is_alphabetic)
}

/// The 1-based line where a dimension's or question's `id` is set in a rubric source laid out
/// with `[[dimensions]]` and `[[dimensions.questions]]` tables, if it can be found; the
/// rubric's own `id` for [`Subject::Rubric`].
pub fn line_of(source: &str, subject: &Subject) -> Option<usize> {
    let (header, id) = match subject {
        Subject::Rubric(id) => (None, id),
        Subject::Dimension(id) => (Some("[[dimensions]]"), id),
        Subject::Question(id) => (Some("[[dimensions.questions]]"), id),
    };
    let mut table: Option<&str> = None;
    for (n, line) in source.lines().enumerate() {
        let line = line.trim();
        if line.starts_with('[') {
            table = Some(line.split('#').next().unwrap_or(line).trim());
            continue;
        }
        if table == header && assigns_id(line, id) {
            return Some(n + 1);
        }
    }
    None
}

fn assigns_id(line: &str, id: &str) -> bool {
    let Some(rest) = line.strip_prefix("id") else {
        return false;
    };
    let Some(value) = rest.trim_start().strip_prefix('=') else {
        return false;
    };
    let value = value.trim_start();
    value
        .strip_prefix('"')
        .and_then(|v| v.strip_prefix(id))
        .is_some_and(|v| v.starts_with('"'))
        || value
            .strip_prefix('\'')
            .and_then(|v| v.strip_prefix(id))
            .is_some_and(|v| v.starts_with('\''))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, CLEAN};

    fn lints(source: &str) -> Vec<String> {
        lint(&testing::parse(source))
            .into_iter()
            .map(|l| l.to_string())
            .collect()
    }

    /// Whether any of the `found` lints contains `text`.
    fn any_contains(found: &[String], text: &str) -> bool {
        found.iter().any(|l| l.contains(text))
    }

    /// Whether any of the `found` lints starts with `text`.
    fn any_starts(found: &[String], text: &str) -> bool {
        found.iter().any(|l| l.starts_with(text))
    }

    /// The lints of the clean rubric with `replace` replaced by `by`.
    fn lints_with(replace: &str, by: &str) -> Vec<String> {
        lints(&with(replace, by))
    }

    fn with(replace: &str, by: &str) -> String {
        assert!(CLEAN.contains(replace), "fixture lacks {replace}");
        CLEAN.replacen(replace, by, 1)
    }

    #[test]
    fn a_clean_rubric_has_no_warnings() {
        assert_eq!(lints(CLEAN), Vec::<String>::new());
    }

    #[test]
    fn agreement_scales_are_flagged() {
        for text in [
            "Strongly agree",
            "Disagree",
            "Neither agree nor disagree",
            "I tend to agree.",
        ] {
            let found = lints_with("I do it myself, late if need be.", text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert!(
                found[0].starts_with("question \"share-handoff\": option 3")
                    && found[0].contains("agree/disagree"),
                "{found:?}"
            );
        }
        assert!(!is_agreement(
            "I agree the scope with my manager before I start."
        ));
    }

    #[test]
    fn lone_rating_words_are_flagged() {
        for text in ["good", "Excellent!", "Very good", "not great"] {
            let found = lints_with("I wrote down how I run the release.", text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert!(
                found[0].starts_with("question \"share-habits\": option 2")
                    && found[0].contains("rating word"),
                "{found:?}"
            );
        }
        assert!(!is_rating_word("I delegate."));
    }

    #[test]
    fn repeated_levels_are_flagged() {
        // Two at one level is fine: under- and overdoing can miss by the same distance.
        let two = lints_with("level = 2", "level = 3");
        assert!(!any_contains(&two, "share level"), "{two:?}");
        let found = lints(&with("level = 2", "level = 3").replacen("level = 0", "level = 3", 1));
        assert!(
            found.contains(&"question \"share-handoff\": three or more options share level 3; give them levels of their own so the answer tells them apart".to_owned()),
            "{found:?}"
        );
    }

    #[test]
    fn a_jump_from_zero_to_four_is_flagged() {
        let found = lints_with(
            "{ text = \"I ask a teammate and then redo parts of their work.\", level = 2 },\n    { text = \"I hand it over and review the plan with them.\", level = 3 },",
            "{ text = \"I hand it over and review it.\", level = 4 },",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with(
                "question \"share-handoff\": the options jump from level 0 to level 4"
            ),
            "{found:?}"
        );
        // Levels 0, 2 and 4 have a step between: no warning.
        assert!(lints_with("level = 3", "level = 4").is_empty());
    }

    #[test]
    fn a_dimension_needs_two_scored_questions_a_why_and_actions() {
        let source = format!(
            "{CLEAN}\n[[dimensions]]\nid = \"lonely\"\nname = \"Lonely\"\n  [[dimensions.questions]]\n  id = \"lonely-q\"\n  prompt = \"?\"\n  options = [{{ text = \"I ask.\", level = 2 }}, {{ text = \"I lead.\", level = 3 }}, {{ text = \"I wait.\", level = 0 }}]\n"
        );
        assert_eq!(
            lints(&source),
            [
                "dimension \"lonely\": has 1 scored question; one answer is a noisy measure, so add at least 2 choice or multi questions",
                "dimension \"lonely\": has no `why`; say why it matters one rung up, so a gap is worth acting on",
                "dimension \"lonely\": has no `actions`; give concrete next steps for someone with a gap here",
            ]
        );
    }

    #[test]
    fn too_many_dimensions_are_flagged() {
        let dimension = CLEAN.split_once("[[dimensions]]").unwrap().1;
        let mut source = CLEAN.split_once("[[dimensions]]").unwrap().0.to_owned();
        for n in 0..=MAX_DIMENSIONS {
            source.push_str("[[dimensions]]");
            source.push_str(&dimension.replace("\"share", &format!("\"share{n}")));
        }
        let found = lints(&source);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("rubric \"t\": 16 dimensions are too many"),
            "{found:?}"
        );
    }

    #[test]
    fn the_most_extreme_option_at_the_top_is_left_to_judgement() {
        // Overdoing it (self-promotion) is the top option here, and lint says nothing.
        let source = with(
            "I hand it over and review the plan with them.",
            "I announce every win of mine in the all-hands channel.",
        );
        assert!(lints(&source).is_empty());
    }

    #[test]
    fn ascending_levels_and_a_last_top_option_are_flagged() {
        let found = lints_with(
            "{ text = \"I ask a teammate and then redo parts of their work.\", level = 2 },\n    { text = \"I hand it over and review the plan with them.\", level = 3 },\n    { text = \"I do it myself, late if need be.\", level = 0 },",
            "{ text = \"I do it myself, late if need be.\", level = 0 },\n    { text = \"I ask a teammate and then redo parts of their work.\", level = 2 },\n    { text = \"I hand it over and review the plan with them.\", level = 3 },",
        );
        assert!(
            any_contains(&found, "ascending level order in 1 of 1"),
            "{found:?}"
        );
        assert!(any_contains(&found, "the last one in 1 of 1"), "{found:?}");
    }

    #[test]
    fn a_top_option_longer_than_the_rest_is_flagged() {
        let found = lints_with(
            "I hand it over and review the plan with them.",
            "I hand it over, review the plan with them, and agree when we will next check in.",
        );
        assert!(
            any_contains(&found, "longer than every other by more than 20% in 1 of 1"),
            "{found:?}"
        );
        // Within 20% is not a tell.
        assert!(
            lints_with(
                "I hand it over and review the plan with them.",
                "I hand it over and review the whole plan with them."
            )
            .is_empty()
        );
    }

    #[test]
    fn ticking_every_multi_option_must_not_reach_the_target() {
        let found = lints_with("points = -1.5", "points = 0");
        assert_eq!(
            found,
            [
                "question \"share-habits\": ticking every option reaches level 4.0, the dimension's target of 3.0; give a counter-indicative option negative points so ticking everything cannot win"
            ]
        );
    }

    #[test]
    fn a_must_have_with_na_everywhere_is_flagged() {
        let critical = with("why = ", "critical = true\nwhy = ");
        assert!(lints(&critical).is_empty());
        let skippable = critical
            .replacen(
                "options = [\n    { text = \"I ask",
                "na = \"No release yet\"\n  options = [\n    { text = \"I ask",
                1,
            )
            .replacen("kind = \"multi\"", "kind = \"multi\"\n  na = \"None\"", 1);
        let found = lints(&skippable);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .starts_with("dimension \"share\": is a must-have, yet every question offers `na`")
        );
    }

    #[test]
    fn a_rubric_for_other_raters_needs_their_wording_everywhere() {
        let found = lints_with(
            "kind = \"text\"",
            "kind = \"text\"\n  prompt_other = \"Why does it matter to {name}?\"",
        );
        assert!(found.contains(&"question \"share-handoff\": has no `prompt_other`, while other questions of the rubric have one; someone rating another person would read this prompt addressed to themselves".to_owned()), "{found:?}");
        assert!(found.contains(&"question \"share-handoff\": option 1, 2, 3 start with \"I \"; write the behaviour without \"I\" (\"Hands the release to a teammate\") or add `text_other`, so it reads right for every rater".to_owned()), "{found:?}");
        assert!(any_starts(
            &found,
            "question \"share-habits\": has no `prompt_other`"
        ));
        assert!(!any_starts(&found, "question \"share-why\""));
    }

    #[test]
    fn lines_are_found_by_table() {
        let source = "id = \"r\"\n[[dimensions]]\nid = \"x\"\n[[dimensions.questions]]\nid = 'q'\n[[dimensions]]\nid=\"q\"\n";
        assert_eq!(line_of(source, &Subject::Rubric("r".into())), Some(1));
        assert_eq!(line_of(source, &Subject::Dimension("x".into())), Some(3));
        assert_eq!(line_of(source, &Subject::Question("q".into())), Some(5));
        assert_eq!(line_of(source, &Subject::Dimension("q".into())), Some(7));
        assert_eq!(line_of(source, &Subject::Question("x".into())), None);
        assert_eq!(
            line_of(CLEAN, &Subject::Question("share-why".into())),
            Some(33)
        );
    }
}
