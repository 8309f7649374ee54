//! Quality warnings for rubric authors: valid rubrics that will still measure badly.
//!
//! Validation ([`super::rubric`]) rejects what cannot be scored; lint points at what can be
//! scored but says little: rating words instead of behaviours, levels that do not spread,
//! dimensions resting on one question, advice that is missing. Whether the most extreme
//! option should carry the top level is left to the author's judgement, so it is not checked.

use std::fmt;

use super::rubric::{QuestionKind, Rubric};

/// More dimensions than this make a rubric too long to answer with care.
pub const MAX_DIMENSIONS: usize = 15;

/// A dimension needs at least this many scored questions to be measured reliably.
pub const MIN_SCORED_QUESTIONS: usize = 2;

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
    for dim in &rubric.dimensions {
        let subject = || Subject::Dimension(dim.id.clone());
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
        }
    }
    out
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
                    "option {n} (\"{text}\") is an agree/disagree rating; describe an observable behaviour in the first person instead"
                ),
            });
        } else if is_rating_word(text) {
            out.push(Lint {
                subject: subject(),
                message: format!(
                    "option {n} (\"{text}\") is a rating word, not a behaviour; describe what the person does, in the first person"
                ),
            });
        }
    }
    if let QuestionKind::Choice(options) = &question.kind {
        let mut levels: Vec<u8> = options.iter().map(|o| o.level).collect();
        levels.sort_unstable();
        let repeated: Vec<u8> = levels
            .windows(2)
            .filter(|pair| pair[0] == pair[1])
            .map(|pair| pair[0])
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        if !repeated.is_empty() {
            out.push(Lint {
                subject: subject(),
                message: format!(
                    "several options share level {}; give each option its own level so the answer tells them apart",
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
    use crate::core::rubric::parse_rubric;

    /// A rubric with no quality problems: two dimensions, each with two spread-out questions.
    const CLEAN: &str = r#"
id = "t"
version = 1
title = "T"
from = "A"
to = "B"

[[dimensions]]
id = "share"
name = "Sharing the work"
why = "Leads multiply themselves."
actions = ["Hand one task a week to a teammate."]

  [[dimensions.questions]]
  id = "share-handoff"
  prompt = "When a release is due and a teammate could do it, what do you do?"
  options = [
    { text = "I do it myself, late if need be.", level = 0 },
    { text = "I ask a teammate and then redo parts of their work.", level = 2 },
    { text = "I hand it over and review the plan with them.", level = 3 },
  ]

  [[dimensions.questions]]
  id = "share-habits"
  prompt = "Which of these have you done this quarter?"
  kind = "multi"
  options = [
    { text = "I paired a junior on a task I usually take.", points = 2 },
    { text = "I wrote down how I run the release.", points = 2 },
  ]

  [[dimensions.questions]]
  id = "share-why"
  prompt = "Why does it matter to you?"
  kind = "text"
"#;

    fn lints(source: &str) -> Vec<String> {
        lint(&parse_rubric(source, "r.toml").unwrap())
            .into_iter()
            .map(|l| l.to_string())
            .collect()
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
            let found = lints(&with("I do it myself, late if need be.", text));
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert!(
                found[0].starts_with("question \"share-handoff\": option 1")
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
            let found = lints(&with("I wrote down how I run the release.", text));
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
        let found = lints(&with("level = 2", "level = 3"));
        assert_eq!(
            found,
            [
                "question \"share-handoff\": several options share level 3; give each option its own level so the answer tells them apart"
            ]
        );
    }

    #[test]
    fn a_jump_from_zero_to_four_is_flagged() {
        let source = with(
            "{ text = \"I ask a teammate and then redo parts of their work.\", level = 2 },\n    { text = \"I hand it over and review the plan with them.\", level = 3 },",
            "{ text = \"I hand it over and review the plan with them.\", level = 4 },",
        );
        let found = lints(&source);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with(
                "question \"share-handoff\": the options jump from level 0 to level 4"
            ),
            "{found:?}"
        );
        // Levels 0, 2 and 4 have a step between: no warning.
        assert!(lints(&with("level = 3", "level = 4")).is_empty());
    }

    #[test]
    fn a_dimension_needs_two_scored_questions_a_why_and_actions() {
        let source = format!(
            "{CLEAN}\n[[dimensions]]\nid = \"lonely\"\nname = \"Lonely\"\n  [[dimensions.questions]]\n  id = \"lonely-q\"\n  prompt = \"?\"\n  options = [{{ text = \"I wait.\", level = 0 }}, {{ text = \"I ask.\", level = 2 }}, {{ text = \"I lead.\", level = 3 }}]\n"
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
