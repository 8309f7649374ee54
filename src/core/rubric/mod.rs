//! The rubric: the checked model the rest of promo uses. The file format and its validation
//! each have a file below.

mod file;
mod validate;

#[cfg(test)]
mod tests;

pub use file::*;
pub use validate::*;

use std::collections::HashMap;

/// Lowest level on the scale.
pub const MIN_LEVEL: f64 = 0.0;
/// Highest level on the scale.
pub const MAX_LEVEL: f64 = 4.0;
/// Levels, gaps and readiness closer than this count as equal, so that sums of decimal weights
/// (0.1 + 0.3 …) never leave a dimension a rounding error short of its target.
pub const TOLERANCE: f64 = 1e-9;
/// Labels for levels 0..=4 when a rubric gives none.
pub const DEFAULT_SCALE: [&str; 5] = [
    "Not yet",
    "Emerging",
    "Developing",
    "At the next level",
    "Role model",
];

/// A checked rubric.
#[derive(Debug, Clone, PartialEq)]
pub struct Rubric {
    /// Identifier.
    pub id: String,
    /// Version, at least 1.
    pub version: u32,
    /// Human title.
    pub title: String,
    /// The rung the person is on.
    pub from: String,
    /// The rung they aim for.
    pub to: String,
    /// Shown before the questionnaire.
    pub summary: String,
    /// The summary for someone rating another person, with `{name}`.
    pub summary_other: Option<String>,
    /// Labels for levels 0..=4.
    pub scale: [String; 5],
    /// Critical dimensions with a gap above this gate the verdict.
    pub gate_gap: f64,
    /// Index into `bands` of the band a gated verdict drops to.
    pub gate_band: usize,
    /// Bands, highest `min` first; the last has `min == 0`.
    pub bands: Vec<Band>,
    /// Dimensions in rubric order.
    pub dimensions: Vec<Dimension>,
    index: HashMap<String, QuestionRef>,
}

/// Where a question sits in a rubric.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuestionRef {
    /// Index of its dimension.
    pub dimension: usize,
    /// Index within the dimension.
    pub question: usize,
    /// Index across the whole rubric, in rubric order.
    pub flat: usize,
}

/// A readiness band.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    /// Lowest readiness percentage in the band.
    pub min: f64,
    /// The verdict.
    pub label: String,
}

/// A checked dimension.
#[derive(Debug, Clone, PartialEq)]
pub struct Dimension {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Weight, greater than 0.
    pub weight: f64,
    /// Target level in (0, 4].
    pub target: f64,
    /// Must-have.
    pub critical: bool,
    /// Why it matters.
    pub why: String,
    /// Next steps.
    pub actions: Vec<String>,
    /// Questions in rubric order.
    pub questions: Vec<Question>,
}

/// A checked question.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// Identifier.
    pub id: String,
    /// The question as asked.
    pub prompt: String,
    /// The question as asked about someone else, with `{name}`.
    pub prompt_other: Option<String>,
    /// How to ask for an example.
    pub evidence_prompt: Option<String>,
    /// How to ask someone else for an example, with `{name}`.
    pub evidence_prompt_other: Option<String>,
    /// How it is answered, with its options.
    pub kind: QuestionKind,
    /// Weight within the dimension, greater than 0.
    pub weight: f64,
    /// Label of the not-applicable answer, when offered.
    pub na: Option<String>,
    /// Ask for an example when the level reaches this.
    pub evidence_from: Option<u8>,
}

/// How a question is answered, with its options.
#[derive(Debug, Clone, PartialEq)]
pub enum QuestionKind {
    /// One option; each has a level.
    Choice(Vec<ChoiceOption>),
    /// Any options; points are summed and clamped to 0..=4.
    Multi(Vec<MultiOption>),
    /// Free text, never scored.
    Text,
}

/// An option of a choice question.
#[derive(Debug, Clone, PartialEq)]
pub struct ChoiceOption {
    /// The behaviour.
    pub text: String,
    /// The behaviour for someone rating another person, with `{name}`.
    pub text_other: Option<String>,
    /// Its level, 0..=4.
    pub level: u8,
}

/// An option of a multi question.
#[derive(Debug, Clone, PartialEq)]
pub struct MultiOption {
    /// The behaviour.
    pub text: String,
    /// The behaviour for someone rating another person, with `{name}`.
    pub text_other: Option<String>,
    /// Its points, -4..=4.
    pub points: f64,
}

impl Question {
    /// Whether the question counts toward levels and coverage.
    pub fn is_scored(&self) -> bool {
        !matches!(self.kind, QuestionKind::Text)
    }

    /// Number of options (0 for text questions).
    pub fn option_count(&self) -> usize {
        match &self.kind {
            QuestionKind::Choice(options) => options.len(),
            QuestionKind::Multi(options) => options.len(),
            QuestionKind::Text => 0,
        }
    }

    /// The text of option `index` (0-based), if there is one.
    pub fn option_text(&self, index: usize) -> Option<&str> {
        match &self.kind {
            QuestionKind::Choice(options) => options.get(index).map(|o| o.text.as_str()),
            QuestionKind::Multi(options) => options.get(index).map(|o| o.text.as_str()),
            QuestionKind::Text => None,
        }
    }

    /// `choice`, `multi` or `text`.
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            QuestionKind::Choice(_) => "choice",
            QuestionKind::Multi(_) => "multi",
            QuestionKind::Text => "text",
        }
    }
}

/// Whose behaviour the questions ask about: the wording a person sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Voice<'a> {
    /// The person answers about themselves.
    Own,
    /// Someone rates the named person.
    Other(&'a str),
}

impl Voice<'_> {
    /// `text` for this voice: the self wording, or `other` with `{name}` filled in when the
    /// rubric gives one (the self wording otherwise).
    fn pick(self, own: &str, other: Option<&String>) -> String {
        match (self, other) {
            (Voice::Other(name), Some(other)) => fill_name(other, name),
            _ => own.to_owned(),
        }
    }
}

/// Words read a minute, for the duration estimate.
pub const WORDS_PER_MINUTE: f64 = 200.0;
/// Seconds to pick or tick an answer once it is read.
pub const SECONDS_PER_ANSWER: f64 = 8.0;
/// Seconds to write a free-text answer.
pub const SECONDS_PER_TEXT: f64 = 60.0;
/// Seconds to write one concrete example.
pub const SECONDS_PER_EXAMPLE: f64 = 60.0;
/// The share of questions asking for an example where the answer is expected to reach the bar.
pub const EXAMPLE_SHARE: f64 = 0.5;

impl Question {
    /// The prompt in `voice`.
    pub fn prompt_for(&self, voice: Voice<'_>) -> String {
        voice.pick(&self.prompt, self.prompt_other.as_ref())
    }

    /// The text of option `index` (0-based) in `voice`, if there is one.
    pub fn option_for(&self, index: usize, voice: Voice<'_>) -> Option<String> {
        match &self.kind {
            QuestionKind::Choice(options) => options
                .get(index)
                .map(|o| voice.pick(&o.text, o.text_other.as_ref())),
            QuestionKind::Multi(options) => options
                .get(index)
                .map(|o| voice.pick(&o.text, o.text_other.as_ref())),
            QuestionKind::Text => None,
        }
    }

    /// How to ask for a concrete example in `voice`: the question's own wording, or one that
    /// fits any behaviour question.
    pub fn evidence_prompt_for(&self, voice: Voice<'_>) -> String {
        match (voice, &self.evidence_prompt, &self.evidence_prompt_other) {
            (Voice::Other(name), _, Some(other)) => fill_name(other, name),
            (Voice::Own, Some(own), _) => own.clone(),
            (Voice::Own, None, _) => {
                "Describe the last time you did this: when it was, what you did, and what came of it"
                    .to_owned()
            }
            (Voice::Other(name), _, None) => format!(
                "Describe the last time you saw {name} do this: when it was, what they did, and what came of it"
            ),
        }
    }

    /// Words a person reads for this question: the prompt, the options and the `na` label.
    fn words(&self) -> usize {
        let count = |text: &str| text.split_whitespace().count();
        count(&self.prompt)
            + (0..self.option_count())
                .filter_map(|i| self.option_text(i))
                .map(count)
                .sum::<usize>()
            + self.na.as_deref().map_or(0, count)
    }
}

impl Dimension {
    /// Number of scored questions.
    pub fn scored_questions(&self) -> usize {
        self.questions.iter().filter(|q| q.is_scored()).count()
    }
}

impl Rubric {
    /// Finds a question by id.
    pub fn find(&self, id: &str) -> Option<QuestionRef> {
        self.index.get(id).copied()
    }

    /// The question at `at`.
    pub fn question(&self, at: QuestionRef) -> &Question {
        &self.dimensions[at.dimension].questions[at.question]
    }

    /// Every question with its place, in rubric order.
    pub fn questions(&self) -> impl Iterator<Item = (QuestionRef, &Question)> {
        let mut flat = 0;
        self.dimensions
            .iter()
            .enumerate()
            .flat_map(|(d, dim)| {
                dim.questions
                    .iter()
                    .enumerate()
                    .map(move |(q, question)| (d, q, question))
            })
            .map(move |(dimension, question, q)| {
                let at = QuestionRef {
                    dimension,
                    question,
                    flat,
                };
                flat += 1;
                (at, q)
            })
    }

    /// Total number of questions, scored or not.
    pub fn question_count(&self) -> usize {
        self.index.len()
    }

    /// Number of scored questions.
    pub fn scored_count(&self) -> usize {
        self.dimensions
            .iter()
            .map(Dimension::scored_questions)
            .sum()
    }

    /// Every question id, for suggestions.
    pub fn question_ids(&self) -> impl Iterator<Item = &str> {
        self.dimensions
            .iter()
            .flat_map(|d| d.questions.iter().map(|q| q.id.as_str()))
    }

    /// The label of a level on this rubric's scale (levels are rounded down).
    pub fn scale_label(&self, level: f64) -> &str {
        let index = level.clamp(MIN_LEVEL, MAX_LEVEL).floor();
        // `index` is a whole number in 0..=4 after the clamp.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let index = index as usize;
        &self.scale[index.min(4)]
    }

    /// The summary in `voice`.
    pub fn summary_for(&self, voice: Voice<'_>) -> String {
        voice.pick(&self.summary, self.summary_other.as_ref())
    }

    /// About how many minutes a careful run takes: the words read at [`WORDS_PER_MINUTE`],
    /// [`SECONDS_PER_ANSWER`] for each choice or multi question, [`SECONDS_PER_TEXT`] for each
    /// text question, and [`SECONDS_PER_EXAMPLE`] for the [`EXAMPLE_SHARE`] of questions with
    /// `evidence_from` expected to ask for an example; rounded up, at least 1.
    pub fn estimated_minutes(&self) -> u32 {
        let questions = || self.dimensions.iter().flat_map(|d| &d.questions);
        let words = self.summary.split_whitespace().count()
            + questions().map(Question::words).sum::<usize>();
        let scored = questions().filter(|q| q.is_scored()).count();
        let text = questions().count() - scored;
        let examples = questions().filter(|q| q.evidence_from.is_some()).count();
        #[allow(clippy::cast_precision_loss)]
        let minutes = words as f64 / WORDS_PER_MINUTE
            + (scored as f64 * SECONDS_PER_ANSWER
                + text as f64 * SECONDS_PER_TEXT
                + examples as f64 * EXAMPLE_SHARE * SECONDS_PER_EXAMPLE)
                / 60.0;
        // A rubric is bounded by its file size, so this is far below u32::MAX.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let whole = minutes.ceil().max(1.0) as u32;
        whole
    }

    /// The verdict for a readiness percentage, ignoring gates.
    pub fn band_for(&self, readiness: f64) -> usize {
        self.bands
            .iter()
            .position(|band| band.min <= readiness + TOLERANCE)
            .unwrap_or(self.bands.len().saturating_sub(1))
    }
}
