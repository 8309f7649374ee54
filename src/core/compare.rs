//! Several raters' views of one person side by side: blind spots, hidden strengths, and the
//! questions they disagree on most.

use std::fmt;

use serde::Serialize;

use super::answers::{Answers, Rater};
use super::date::Date;
use super::report::{RubricInfo, answer_words};
use super::rubric::Rubric;
use super::scoring::{question_level, score};

/// A difference of at least this many levels between the reference and another rater is flagged.
pub const FLAG_GAP: f64 = 1.0;

/// How many questions the disagreement list holds at most.
pub const DISAGREEMENTS: usize = 5;

/// Differences this close below [`FLAG_GAP`] still count: levels are weighted means, so an
/// exact 1.0 may arrive as 0.9999999999999998.
use super::scoring::TOLERANCE as EPSILON;

/// One rater's checked answers and the file they came from.
#[derive(Debug, Clone)]
pub struct Rating {
    /// The file, as given on the command line.
    pub origin: String,
    /// The answers, checked against the rubric.
    pub answers: Answers,
}

/// Answer files that name different rubrics cannot be compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// The first file.
    pub first: String,
    /// Its rubric id.
    pub first_rubric: String,
    /// The first file naming another rubric.
    pub other: String,
    /// That rubric id.
    pub other_rubric: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} answers rubric \"{}\" but {} answers rubric \"{}\"; compare only answers to the same rubric",
            self.first, self.first_rubric, self.other, self.other_rubric
        )
    }
}

impl std::error::Error for Mismatch {}

/// Checks that every file (origin, rubric id) names the same rubric as the first.
pub fn same_rubric(files: &[(&str, &str)]) -> Result<(), Mismatch> {
    let Some(&(first, first_rubric)) = files.first() else {
        return Ok(());
    };
    match files.iter().find(|(_, rubric)| *rubric != first_rubric) {
        Some(&(other, other_rubric)) => Err(Mismatch {
            first: first.to_owned(),
            first_rubric: first_rubric.to_owned(),
            other: other.to_owned(),
            other_rubric: other_rubric.to_owned(),
        }),
        None => Ok(()),
    }
}

/// The rating everyone else is measured against: the first self-assessment, else the first file.
pub fn reference_index(raters: &[Rater]) -> usize {
    raters.iter().position(|&r| r == Rater::Myself).unwrap_or(0)
}

/// Several raters' views of one person. Serialises as the JSON comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Which rubric.
    pub rubric: RubricInfo,
    /// Whom it is about (the first subject any file names).
    pub subject: Option<String>,
    /// The label of the rating the others are measured against.
    pub reference: String,
    /// Whether the reference is a self-assessment (false when no file is one).
    pub reference_is_self: bool,
    /// Every rating, in the order the files were given.
    pub raters: Vec<RaterView>,
    /// Per dimension, in rubric order.
    pub dimensions: Vec<DimensionComparison>,
    /// Where the reference rates at least 1.0 above another rater, widest first.
    pub blind_spots: Vec<Flagged>,
    /// Where another rater rates at least 1.0 above the reference, widest first.
    pub hidden_strengths: Vec<Flagged>,
    /// The questions with the widest spread of levels, widest first (at most five).
    pub disagreements: Vec<Disagreement>,
}

/// One rating's summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RaterView {
    /// The column label: the rater, numbered when a rater appears more than once (`peer 2`).
    pub label: String,
    /// Who answered.
    pub rater: Rater,
    /// The file.
    pub file: String,
    /// When.
    pub date: Option<Date>,
    /// This rater's own readiness percentage.
    pub readiness: Option<f64>,
    /// This rater's own verdict.
    pub verdict: String,
    /// Whether this is the reference.
    pub reference: bool,
}

/// A dimension as each rater sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DimensionComparison {
    /// Dimension id.
    pub id: String,
    /// Dimension name.
    pub name: String,
    /// Target level.
    pub target: f64,
    /// Must-have.
    pub critical: bool,
    /// One entry per rater, in file order.
    pub ratings: Vec<DimensionRating>,
}

/// One rater's level on a dimension.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DimensionRating {
    /// The rater's label.
    pub rater: String,
    /// Level, or null when not assessed.
    pub level: Option<f64>,
    /// `level − reference level`; null for the reference itself or when either is missing.
    pub difference: Option<f64>,
    /// Set when the difference is at least 1.0 either way.
    pub flag: Option<Flag>,
}

/// What a difference to the reference means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// The reference rates at least 1.0 above this rater.
    BlindSpot,
    /// This rater rates at least 1.0 above the reference.
    HiddenStrength,
}

impl Flag {
    /// In words.
    pub fn words(self) -> &'static str {
        match self {
            Self::BlindSpot => "blind spot",
            Self::HiddenStrength => "hidden strength",
        }
    }
}

/// A flagged dimension and rater.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flagged {
    /// Dimension id.
    pub dimension: String,
    /// Dimension name.
    pub dimension_name: String,
    /// The other rater's label.
    pub rater: String,
    /// The reference's level.
    pub reference_level: f64,
    /// The other rater's level.
    pub level: f64,
    /// `level − reference_level`.
    pub difference: f64,
}

/// A question the raters answered far apart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disagreement {
    /// Question id.
    pub question: String,
    /// The question as asked.
    pub prompt: String,
    /// Dimension id.
    pub dimension: String,
    /// Dimension name.
    pub dimension_name: String,
    /// Highest level minus lowest level among the raters' answers.
    pub spread: f64,
    /// Each rater's answer, in file order.
    pub answers: Vec<RaterAnswer>,
}

/// One rater's answer to a question, in words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RaterAnswer {
    /// The rater's label.
    pub rater: String,
    /// The chosen option(s) in words, or null when unanswered.
    pub answer: Option<String>,
    /// The level the answer earned, if any.
    pub level: Option<f64>,
}

/// Column labels: the rater word, numbered when a rater appears more than once.
fn labels(raters: &[Rater]) -> Vec<String> {
    raters
        .iter()
        .enumerate()
        .map(|(i, rater)| {
            let same = raters.iter().filter(|r| *r == rater).count();
            if same > 1 {
                let nth = raters[..=i].iter().filter(|r| *r == rater).count();
                format!("{rater} {nth}")
            } else {
                rater.to_string()
            }
        })
        .collect()
}

fn flag_for(difference: f64) -> Option<Flag> {
    if difference <= -(FLAG_GAP - EPSILON) {
        Some(Flag::BlindSpot)
    } else if difference >= FLAG_GAP - EPSILON {
        Some(Flag::HiddenStrength)
    } else {
        None
    }
}

/// Compares ratings checked against `rubric`. Returns the comparison and warnings (files
/// that name different subjects).
pub fn compare(rubric: &Rubric, ratings: &[Rating]) -> (Comparison, Vec<String>) {
    let raters: Vec<Rater> = ratings.iter().map(|r| r.answers.rater).collect();
    let labels = labels(&raters);
    let reference = reference_index(&raters);
    let scores: Vec<_> = ratings.iter().map(|r| score(rubric, &r.answers)).collect();

    let mut warnings = Vec::new();
    let subject = ratings.iter().find_map(|r| r.answers.subject.clone());
    if let Some(subject) = &subject {
        for rating in ratings {
            if let Some(other) = &rating.answers.subject
                && other != subject
            {
                warnings.push(format!(
                    "{} is about \"{other}\", not \"{subject}\"; compare views of one person",
                    rating.origin
                ));
            }
        }
    }

    let mut blind_spots = Vec::new();
    let mut hidden_strengths = Vec::new();
    let dimensions = rubric
        .dimensions
        .iter()
        .enumerate()
        .map(|(d, dim)| {
            let own = scores[reference].dimensions[d].level;
            let ratings = scores
                .iter()
                .enumerate()
                .map(|(r, s)| {
                    let level = s.dimensions[d].level;
                    let difference = match (level, own) {
                        (Some(l), Some(o)) if r != reference => Some(l - o),
                        _ => None,
                    };
                    let flag = difference.and_then(flag_for);
                    if let (Some(flag), Some(level), Some(own), Some(difference)) =
                        (flag, level, own, difference)
                    {
                        let entry = Flagged {
                            dimension: dim.id.clone(),
                            dimension_name: dim.name.clone(),
                            rater: labels[r].clone(),
                            reference_level: own,
                            level,
                            difference,
                        };
                        match flag {
                            Flag::BlindSpot => blind_spots.push(entry),
                            Flag::HiddenStrength => hidden_strengths.push(entry),
                        }
                    }
                    DimensionRating {
                        rater: labels[r].clone(),
                        level,
                        difference,
                        flag,
                    }
                })
                .collect();
            DimensionComparison {
                id: dim.id.clone(),
                name: dim.name.clone(),
                target: dim.target,
                critical: dim.critical,
                ratings,
            }
        })
        .collect();
    // Widest first; the sort is stable, so ties stay in rubric and file order.
    let widest = |a: &Flagged, b: &Flagged| b.difference.abs().total_cmp(&a.difference.abs());
    blind_spots.sort_by(widest);
    hidden_strengths.sort_by(widest);

    let comparison = Comparison {
        rubric: RubricInfo::of(rubric),
        subject,
        reference: labels[reference].clone(),
        reference_is_self: raters[reference] == Rater::Myself,
        raters: ratings
            .iter()
            .zip(&scores)
            .enumerate()
            .map(|(i, (rating, s))| RaterView {
                label: labels[i].clone(),
                rater: rating.answers.rater,
                file: rating.origin.clone(),
                date: rating.answers.date,
                readiness: s.readiness,
                verdict: s.verdict.clone(),
                reference: i == reference,
            })
            .collect(),
        dimensions,
        blind_spots,
        hidden_strengths,
        disagreements: disagreements(rubric, ratings, &labels),
    };
    (comparison, warnings)
}

/// Questions where at least two raters' answers earned levels that differ, widest spread
/// first, ties in rubric order; at most [`DISAGREEMENTS`].
fn disagreements(rubric: &Rubric, ratings: &[Rating], labels: &[String]) -> Vec<Disagreement> {
    let mut found: Vec<Disagreement> = rubric
        .questions()
        .filter(|(_, question)| question.is_scored())
        .filter_map(|(at, question)| {
            let answers: Vec<RaterAnswer> = ratings
                .iter()
                .zip(labels)
                .map(|(rating, label)| {
                    let response = rating
                        .answers
                        .responses
                        .get(at.flat)
                        .and_then(Option::as_ref);
                    RaterAnswer {
                        rater: label.clone(),
                        answer: response.map(|r| answer_words(question, r)),
                        level: question_level(question, response),
                    }
                })
                .collect();
            let levels = answers.iter().filter_map(|a| a.level);
            let (low, high) = levels.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), l| {
                (lo.min(l), hi.max(l))
            });
            let spread = high - low;
            (spread.is_finite() && spread > 0.0).then(|| {
                let dim = &rubric.dimensions[at.dimension];
                Disagreement {
                    question: question.id.clone(),
                    prompt: question.prompt.clone(),
                    dimension: dim.id.clone(),
                    dimension_name: dim.name.clone(),
                    spread,
                    answers,
                }
            })
        })
        .collect();
    found.sort_by(|a, b| b.spread.total_cmp(&a.spread));
    found.truncate(DISAGREEMENTS);
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, COMPARE};

    fn rating(origin: &str, body: &str) -> Rating {
        testing::rating(&testing::parse(COMPARE), origin, body)
    }

    fn run(ratings: &[Rating]) -> Comparison {
        let rubric = testing::parse(COMPARE);
        compare(&rubric, ratings).0
    }

    #[test]
    fn flags_start_at_exactly_one_level() {
        // self: a = (3 + 2) / 2 = 2.5, b = 3, c = 2
        let me = rating("me.toml", "[answers]\na1 = 3\na2 = 2\nb1 = 3\nc1 = 2");
        // manager: a = (2 + 1) / 2 = 1.5 (exactly 1.0 below), b = 2 (exactly 1.0 below: at
        // the edge from a whole level), c = 3 (1.0 above)
        let boss = rating(
            "boss.toml",
            "rater = \"manager\"\n[answers]\na1 = 2\na2 = 1\nb1 = 2\nc1 = 3",
        );
        // peer: a = (3 + 1) / 2 = 2.0 (0.5 below), b = na (not assessed), c = 3 (1.0 above)
        let peer = rating(
            "peer.toml",
            "rater = \"peer\"\n[answers]\na1 = 3\na2 = 1\nb1 = \"na\"\nc1 = 3",
        );
        let c = run(&[boss, me, peer]);
        assert_eq!(c.reference, "self");
        assert!(c.reference_is_self);
        assert!(c.raters[1].reference);
        let alpha = &c.dimensions[0].ratings;
        assert_eq!(alpha[0].difference, Some(-1.0));
        assert_eq!(alpha[0].flag, Some(Flag::BlindSpot));
        assert_eq!((alpha[1].difference, alpha[1].flag), (None, None));
        assert_eq!(alpha[2].difference, Some(-0.5));
        assert_eq!(alpha[2].flag, None);
        assert_eq!(c.dimensions[1].ratings[2].level, None);
        assert_eq!(c.dimensions[1].ratings[2].flag, None);
        assert_eq!(c.dimensions[2].ratings[0].flag, Some(Flag::HiddenStrength));
        let spots: Vec<(&str, &str)> = c
            .blind_spots
            .iter()
            .map(|f| (f.dimension.as_str(), f.rater.as_str()))
            .collect();
        assert_eq!(spots, [("a", "manager"), ("b", "manager")]);
        let strengths: Vec<(&str, &str)> = c
            .hidden_strengths
            .iter()
            .map(|f| (f.dimension.as_str(), f.rater.as_str()))
            .collect();
        assert_eq!(strengths, [("c", "manager"), ("c", "peer")]);
    }

    #[test]
    fn just_under_one_level_is_not_flagged() {
        let me = rating("me.toml", "[answers]\na1 = 4\na2 = 2");
        // (3 + 2) / 2 = 2.5 against 3.0: half a level.
        let boss = rating(
            "boss.toml",
            "rater = \"manager\"\n[answers]\na1 = 3\na2 = 2",
        );
        let c = run(&[me, boss]);
        assert_eq!(c.dimensions[0].ratings[1].difference, Some(-0.5));
        assert!(c.blind_spots.is_empty());
        assert!(c.hidden_strengths.is_empty());
        assert_eq!(flag_for(-0.999), None);
        assert_eq!(flag_for(-0.999_999_999_999_9), Some(Flag::BlindSpot));
        assert_eq!(flag_for(0.999), None);
        assert_eq!(flag_for(1.0), Some(Flag::HiddenStrength));
    }

    #[test]
    fn disagreements_are_widest_first_then_in_rubric_order() {
        let me = rating("me.toml", "[answers]\na1 = 4\na2 = 2\nb1 = 1\nc1 = 4");
        let boss = rating(
            "boss.toml",
            "rater = \"manager\"\n[answers]\na1 = 2\na2 = 1\nb1 = 4\nc1 = 2",
        );
        let c = run(&[me, boss]);
        let order: Vec<(&str, f64)> = c
            .disagreements
            .iter()
            .map(|d| (d.question.as_str(), d.spread))
            .collect();
        // b1: 0 vs 4; a1 and c1: 4 vs 2 (rubric order); a2: 2 vs 1.
        assert_eq!(order, [("b1", 4.0), ("a1", 2.0), ("c1", 2.0), ("a2", 1.0)]);
        let words: Vec<Option<&str>> = c.disagreements[0]
            .answers
            .iter()
            .map(|a| a.answer.as_deref())
            .collect();
        assert_eq!(words, [Some("never"), Some("always")]);
        assert_eq!(c.disagreements[0].dimension_name, "Beta");
    }

    #[test]
    fn agreement_and_unanswered_questions_are_not_disagreements() {
        let me = rating("me.toml", "[answers]\na1 = 2\nb1 = \"na\"");
        let boss = rating(
            "boss.toml",
            "rater = \"manager\"\n[answers]\na1 = 2\nb1 = 4\nc1 = 1",
        );
        assert!(run(&[me, boss]).disagreements.is_empty());
    }

    #[test]
    fn without_a_self_file_the_first_is_the_reference_and_labels_are_numbered() {
        let one = rating("p1.toml", "rater = \"peer\"\n[answers]\na1 = 4");
        let two = rating("p2.toml", "rater = \"peer\"\n[answers]\na1 = 2");
        let boss = rating("boss.toml", "rater = \"manager\"\n[answers]\na1 = 1");
        let c = run(&[boss, one, two]);
        assert_eq!(c.reference, "manager");
        assert!(!c.reference_is_self);
        let labels: Vec<&str> = c.raters.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["manager", "peer 1", "peer 2"]);
        assert_eq!(c.hidden_strengths.len(), 2);
        assert_eq!(c.hidden_strengths[0].rater, "peer 1");
        assert_eq!(reference_index(&[Rater::Peer, Rater::Myself]), 1);
    }

    #[test]
    fn different_rubrics_and_subjects_are_caught() {
        assert!(same_rubric(&[("a.toml", "x"), ("b.toml", "x")]).is_ok());
        let error = same_rubric(&[("a.toml", "x"), ("b.toml", "x"), ("c.toml", "y")]).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("a.toml") && message.contains("c.toml"),
            "{message}"
        );
        assert!(
            message.contains("\"x\"") && message.contains("\"y\""),
            "{message}"
        );

        let rubric = testing::parse(COMPARE);
        let me = rating("me.toml", "subject = \"Sam\"\n[answers]\na1 = 2");
        let boss = rating(
            "boss.toml",
            "subject = \"Kim\"\nrater = \"manager\"\n[answers]\na1 = 2",
        );
        let (c, warnings) = compare(&rubric, &[me, boss]);
        assert_eq!(c.subject.as_deref(), Some("Sam"));
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("boss.toml"), "{warnings:?}");
    }
}
