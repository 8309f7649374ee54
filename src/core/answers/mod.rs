//! Answers: the checked model. The file formats, checking against a rubric, the fast reader
//! and writing back each have a file of their own below.

mod check;
mod fast;
mod format;
mod write;

#[cfg(test)]
mod tests;

pub use check::*;
pub use format::*;

use std::fmt;

use schemars::JsonSchema;
use serde::Serialize;

use crate::core::date::Date;
use crate::core::rubric::Rubric;

/// Who gave the answers.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Rater {
    /// The person themselves.
    #[default]
    #[serde(rename = "self")]
    Myself,
    /// Their manager.
    Manager,
    /// A peer.
    Peer,
    /// Someone who reports to them.
    Report,
    /// Anyone else.
    Other,
}

impl Rater {
    /// Every rater, in the order they are listed.
    pub const ALL: [Rater; 5] = [
        Self::Myself,
        Self::Manager,
        Self::Peer,
        Self::Report,
        Self::Other,
    ];

    /// The word used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Myself => "self",
            Self::Manager => "manager",
            Self::Peer => "peer",
            Self::Report => "report",
            Self::Other => "other",
        }
    }

    /// Parses the word used in files.
    pub fn parse(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == word)
    }
}

impl fmt::Display for Rater {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One question's response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// The chosen option, 0-based.
    Choice(usize),
    /// The chosen options, 0-based, as given (possibly none).
    Multi(Vec<usize>),
    /// Free text.
    Text(String),
    /// "No chance yet": the question's not-applicable answer.
    Na,
}

/// Answers checked against a rubric, indexed by the rubric's question order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    /// The rubric id.
    pub rubric: String,
    /// The rubric version the answers were given to.
    pub rubric_version: Option<i64>,
    /// Who answered.
    pub rater: Rater,
    /// Whom the answers are about.
    pub subject: Option<String>,
    /// When.
    pub date: Option<Date>,
    /// Free text.
    pub note: Option<String>,
    /// One slot per question, in rubric order; `None` is unanswered.
    pub responses: Vec<Option<Response>>,
    /// One slot per question, in rubric order.
    pub evidence: Vec<Option<String>>,
}

impl Answers {
    /// Whose behaviour the questions ask about: the person themselves, or the `subject` (or
    /// "this person") when someone else rates them.
    pub fn voice(&self) -> crate::core::rubric::Voice<'_> {
        match self.rater {
            Rater::Myself => crate::core::rubric::Voice::Own,
            _ => {
                crate::core::rubric::Voice::Other(self.subject.as_deref().unwrap_or("this person"))
            }
        }
    }

    /// Empty answers to `rubric`.
    pub fn empty(rubric: &Rubric, rater: Rater) -> Self {
        let n = rubric.question_count();
        Self {
            rubric: rubric.id.clone(),
            rubric_version: Some(i64::from(rubric.version)),
            rater,
            subject: None,
            date: None,
            note: None,
            responses: vec![None; n],
            evidence: vec![None; n],
        }
    }
}
