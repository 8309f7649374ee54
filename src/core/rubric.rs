//! The rubric: its file format, validation, and the checked model the rest of promo uses.

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use super::error::{Invalid, Problem, from_toml_error};

/// Lowest level on the scale.
pub const MIN_LEVEL: f64 = 0.0;
/// Highest level on the scale.
pub const MAX_LEVEL: f64 = 4.0;
/// Labels for levels 0..=4 when a rubric gives none.
pub const DEFAULT_SCALE: [&str; 5] = [
    "Not yet",
    "Emerging",
    "Developing",
    "At the next level",
    "Role model",
];

/// A career-transition rubric as written in a TOML file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "promo rubric",
    description = "A promo rubric: what the next rung of a career ladder expects, dimension by dimension."
)]
pub struct RubricFile {
    /// Identifier: lower-case letters, digits and dashes, starting with a letter or digit.
    #[schemars(with = "String", regex(pattern = r"^[a-z0-9][a-z0-9-]*$"))]
    pub id: Spanned<String>,
    /// Bump when questions or options change, so old answers files are flagged.
    #[schemars(range(min = 1))]
    pub version: i64,
    /// Human title, e.g. "Individual contributor to people manager".
    pub title: String,
    /// The rung the person is on now.
    pub from: String,
    /// The rung the person is aiming for.
    pub to: String,
    /// Shown before the questionnaire.
    #[serde(default)]
    pub summary: String,
    /// The summary when someone rates another person; `{name}` stands for that person.
    pub summary_other: Option<String>,
    /// Labels for levels 0..=4.
    #[schemars(length(min = 5, max = 5))]
    pub scale: Option<Vec<String>>,
    /// A critical dimension whose gap exceeds this keeps the verdict out of the top band (default 1.0).
    #[schemars(range(min = 0.0, max = 4.0))]
    pub gate_gap: Option<f64>,
    /// The label of the band a gated verdict drops to when it is above it (default: the
    /// second-highest band).
    pub gate_band: Option<String>,
    /// Readiness bands, each from its `min` percentage up (default 90/75/50/0).
    #[serde(default)]
    pub bands: Vec<BandFile>,
    /// What the next rung expects, one dimension at a time.
    pub dimensions: Vec<DimensionFile>,
}

/// A readiness band as written in a rubric file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BandFile {
    /// Lowest readiness percentage in this band; one band must have `min = 0`.
    #[schemars(range(min = 0.0, max = 100.0))]
    pub min: f64,
    /// The verdict for readiness in this band.
    pub label: String,
}

/// A dimension as written in a rubric file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DimensionFile {
    /// Identifier, unique in the rubric.
    #[schemars(with = "String", regex(pattern = r"^[a-z0-9][a-z0-9-]*$"))]
    pub id: Spanned<String>,
    /// Display name.
    pub name: String,
    /// Relative importance, greater than 0 (default 1).
    #[schemars(extend("exclusiveMinimum" = 0.0))]
    pub weight: Option<f64>,
    /// The next level's bar on the 0..4 scale, in (0, 4] (default 3).
    #[schemars(range(max = 4.0), extend("exclusiveMinimum" = 0.0))]
    pub target: Option<f64>,
    /// A must-have: a large gap here keeps the verdict out of the top band.
    #[serde(default)]
    pub critical: bool,
    /// Why this matters one rung up.
    #[serde(default)]
    pub why: String,
    /// Concrete next steps when there is a gap.
    #[serde(default)]
    pub actions: Vec<String>,
    /// The questions that measure this dimension.
    #[serde(default)]
    pub questions: Vec<QuestionFile>,
}

/// How a question is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum KindFile {
    /// Pick one option; each option has a `level`.
    #[default]
    Choice,
    /// Pick any options; each option has `points`, summed and capped at 4.
    Multi,
    /// Free text; never scored.
    Text,
}

/// A question as written in a rubric file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionFile {
    /// Identifier, unique across the whole rubric.
    #[schemars(with = "String", regex(pattern = r"^[a-z0-9][a-z0-9-]*$"))]
    pub id: Spanned<String>,
    /// The question as asked.
    pub prompt: String,
    /// The question as asked about someone else; `{name}` stands for that person.
    pub prompt_other: Option<String>,
    /// How to ask for a concrete example (default: a wording that fits any behaviour question).
    pub evidence_prompt: Option<String>,
    /// How to ask someone else for an example; `{name}` stands for the person rated.
    pub evidence_prompt_other: Option<String>,
    /// `choice` (default), `multi` or `text`.
    #[serde(default)]
    pub kind: KindFile,
    /// Weight within its dimension, greater than 0 (default 1).
    #[schemars(extend("exclusiveMinimum" = 0.0))]
    pub weight: Option<f64>,
    /// Offers a not-applicable answer with this label.
    pub na: Option<String>,
    /// Ask for a concrete example when the chosen level is at least this (0..=4).
    #[schemars(range(min = 0, max = 4))]
    pub evidence_from: Option<i64>,
    /// The behaviours to choose from.
    #[serde(default)]
    pub options: Vec<OptionFile>,
}

/// An answer option as written in a rubric file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OptionFile {
    /// The behaviour, best written so it reads right for the person and for someone rating them.
    pub text: String,
    /// The behaviour as shown when someone rates another person; `{name}` stands for that person.
    pub text_other: Option<String>,
    /// Choice questions: the level 0..=4 this behaviour shows.
    #[schemars(range(min = 0, max = 4))]
    pub level: Option<i64>,
    /// Multi questions: the points -4..=4 this behaviour adds (negative for a counter-indicative habit).
    #[schemars(range(min = -4.0, max = 4.0))]
    pub points: Option<f64>,
}

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
            .position(|band| band.min <= readiness + super::scoring::TOLERANCE)
            .unwrap_or(self.bands.len().saturating_sub(1))
    }
}

/// The largest weight a dimension or question may carry. Weights are relative, so this only
/// keeps sums of weighted levels far from floating-point overflow.
pub const MAX_WEIGHT: f64 = 1_000_000.0;

fn valid_weight(weight: f64) -> bool {
    weight.is_finite() && weight > 0.0 && weight <= MAX_WEIGHT
}

/// Checks that an id is made of `[a-z0-9][a-z0-9-]*`.
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Parses and validates a rubric from TOML text. `origin` names the source in errors.
pub fn parse_rubric(source: &str, origin: &str) -> Result<Rubric, Invalid> {
    // Bounded before any recursive parse.
    if let Some(offset) = super::limits::toml_too_deep(source) {
        return Err(Invalid::one(
            "rubric",
            origin,
            super::limits::too_deep(source, offset),
        ));
    }
    let file: RubricFile = toml::from_str(source)
        .map_err(|e| Invalid::one("rubric", origin, from_toml_error(source, &e)))?;
    validate(file, source, origin)
}

struct Checker<'a> {
    source: &'a str,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn at(&mut self, span: &Spanned<String>, subject: String, message: String) {
        self.problems.push(
            Problem::new(message)
                .about(subject)
                .at_offset(self.source, span.span().start),
        );
    }

    fn plain(&mut self, subject: Option<String>, message: String) {
        let mut problem = Problem::new(message);
        problem.subject = subject;
        self.problems.push(problem);
    }

    /// Checks that the only placeholder in `text` is `{name}`.
    fn placeholders(&mut self, span: Option<&Spanned<String>>, field: &str, text: &str) {
        for unknown in unknown_placeholders(text) {
            let message = format!(
                "{field} has the placeholder \"{{{unknown}}}\"; the only placeholder is {{name}}, the person rated"
            );
            match span {
                Some(span) => self.at(span, format!("question \"{}\"", span.get_ref()), message),
                None => self.plain(None, message),
            }
        }
    }

    fn id(&mut self, span: &Spanned<String>, what: &str) {
        let id = span.get_ref();
        if !is_valid_id(id) {
            self.at(
                span,
                format!("{what} \"{id}\""),
                "ids use lower-case letters, digits and dashes, and start with a letter or digit"
                    .into(),
            );
        }
    }
}

/// The names inside `{…}` in `text` other than `name`.
fn unknown_placeholders(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let inner = &after[..close];
        if inner != "name" && !out.contains(&inner) {
            out.push(inner);
        }
        rest = &after[close + 1..];
    }
    out
}

/// Puts `name` in place of every `{name}` in `text`.
pub fn fill_name(text: &str, name: &str) -> String {
    text.replace("{name}", name)
}

fn finite_in(value: f64, low: f64, high: f64, low_inclusive: bool) -> bool {
    value.is_finite()
        && value <= high
        && if low_inclusive {
            value >= low
        } else {
            value > low
        }
}

/// Validates a parsed rubric file, collecting every problem.
pub fn validate(file: RubricFile, source: &str, origin: &str) -> Result<Rubric, Invalid> {
    let mut c = Checker {
        source,
        problems: Vec::new(),
    };
    c.id(&file.id, "rubric");
    let version = u32::try_from(file.version).ok().filter(|v| *v >= 1);
    if version.is_none() {
        c.plain(
            None,
            format!(
                "version is {}; it must be a whole number from 1",
                file.version
            ),
        );
    }
    for (field, value) in [
        ("title", &file.title),
        ("from", &file.from),
        ("to", &file.to),
    ] {
        if value.trim().is_empty() {
            c.plain(None, format!("{field} is empty; give it some text"));
        }
    }
    let scale = match file.scale {
        None => DEFAULT_SCALE.map(str::to_owned),
        Some(labels) => match <[String; 5]>::try_from(labels) {
            Ok(labels) => labels,
            Err(labels) => {
                c.plain(
                    None,
                    format!(
                        "scale has {} labels; it needs exactly 5, for levels 0 to 4",
                        labels.len()
                    ),
                );
                DEFAULT_SCALE.map(str::to_owned)
            }
        },
    };
    let gate_gap = file.gate_gap.unwrap_or(1.0);
    if !finite_in(gate_gap, 0.0, MAX_LEVEL, true) {
        c.plain(
            None,
            format!("gate_gap is {gate_gap}; it must be from 0 to 4"),
        );
    }
    let bands = check_bands(&mut c, file.bands);
    let gate_band = match &file.gate_band {
        None => usize::from(bands.len() > 1),
        Some(label) => bands
            .iter()
            .position(|b| &b.label == label)
            .unwrap_or_else(|| {
                let known: Vec<String> = bands.iter().map(|b| format!("\"{}\"", b.label)).collect();
                c.plain(
                    None,
                    format!(
                        "gate_band is \"{label}\", which names no band; use one of {}",
                        known.join(", ")
                    ),
                );
                0
            }),
    };
    if let Some(text) = &file.summary_other {
        c.placeholders(None, "summary_other", text);
    }

    if file.dimensions.is_empty() {
        c.plain(
            None,
            "the rubric has no dimensions; add at least one [[dimensions]] table".into(),
        );
    }
    let mut dimension_ids: HashMap<String, ()> = HashMap::new();
    let mut index = HashMap::new();
    let mut dimensions = Vec::with_capacity(file.dimensions.len());
    for (d, dim) in file.dimensions.into_iter().enumerate() {
        c.id(&dim.id, "dimension");
        let id = dim.id.get_ref().clone();
        let subject = format!("dimension \"{id}\"");
        if dimension_ids.insert(id.clone(), ()).is_some() {
            c.at(
                &dim.id,
                subject.clone(),
                "this dimension id is used twice; ids must be unique".into(),
            );
        }
        let weight = dim.weight.unwrap_or(1.0);
        if !valid_weight(weight) {
            c.at(
                &dim.id,
                subject.clone(),
                format!("weight is {weight}; it must be greater than 0 and at most {MAX_WEIGHT}"),
            );
        }
        let target = dim.target.unwrap_or(3.0);
        if !finite_in(target, 0.0, MAX_LEVEL, false) {
            c.at(
                &dim.id,
                subject.clone(),
                format!("target is {target}; it must be above 0 and at most 4"),
            );
        }
        if dim.name.trim().is_empty() {
            c.at(&dim.id, subject.clone(), "name is empty".into());
        }
        if dim.questions.is_empty() {
            c.at(
                &dim.id,
                subject.clone(),
                "the dimension has no questions; add a [[dimensions.questions]] table".into(),
            );
        }
        let mut questions = Vec::with_capacity(dim.questions.len());
        for (q, question) in dim.questions.into_iter().enumerate() {
            let qid = question.id.get_ref().clone();
            let at = QuestionRef {
                dimension: d,
                question: q,
                flat: index.len(),
            };
            if let std::collections::hash_map::Entry::Vacant(slot) = index.entry(qid.clone()) {
                slot.insert(at);
            } else {
                c.at(
                    &question.id,
                    format!("question \"{qid}\""),
                    "this question id is used twice; ids must be unique across the rubric".into(),
                );
            }
            questions.push(check_question(&mut c, question));
        }
        dimensions.push(Dimension {
            id,
            name: dim.name,
            weight,
            target,
            critical: dim.critical,
            why: dim.why,
            actions: dim.actions,
            questions,
        });
    }

    if !c.problems.is_empty() {
        return Err(Invalid::new("rubric", origin, c.problems));
    }
    Ok(Rubric {
        id: file.id.into_inner(),
        version: version.unwrap_or(1),
        title: file.title,
        from: file.from,
        to: file.to,
        summary: file.summary,
        summary_other: file.summary_other,
        scale,
        gate_gap,
        gate_band,
        bands,
        dimensions,
        index,
    })
}

fn check_bands(c: &mut Checker<'_>, bands: Vec<BandFile>) -> Vec<Band> {
    if bands.is_empty() {
        return [
            (90.0, "Ready now"),
            (75.0, "Ready soon"),
            (50.0, "Developing"),
            (0.0, "Early"),
        ]
        .into_iter()
        .map(|(min, label)| Band {
            min,
            label: label.to_owned(),
        })
        .collect();
    }
    let mut out: Vec<Band> = Vec::with_capacity(bands.len());
    for band in bands {
        let subject = Some(format!("band \"{}\"", band.label));
        if !finite_in(band.min, 0.0, 100.0, true) {
            c.plain(
                subject.clone(),
                format!("min is {}; it must be from 0 to 100", band.min),
            );
        }
        if band.label.trim().is_empty() {
            c.plain(subject.clone(), "label is empty".into());
        }
        if out.iter().any(|b| b.min == band.min) {
            c.plain(
                subject,
                format!(
                    "another band also starts at {}; band mins must differ",
                    band.min
                ),
            );
        }
        out.push(Band {
            min: band.min,
            label: band.label,
        });
    }
    if !out.iter().any(|b| b.min == 0.0) {
        c.plain(
            None,
            "no band has min = 0; add one so every readiness has a verdict".into(),
        );
    }
    out.sort_by(|a, b| b.min.total_cmp(&a.min));
    out
}

fn check_question(c: &mut Checker<'_>, q: QuestionFile) -> Question {
    let id = q.id.get_ref().clone();
    let subject = format!("question \"{id}\"");
    c.id(&q.id, "question");
    if q.prompt.trim().is_empty() {
        c.at(&q.id, subject.clone(), "prompt is empty".into());
    }
    for (field, text) in [
        ("prompt_other", &q.prompt_other),
        ("evidence_prompt_other", &q.evidence_prompt_other),
    ] {
        if let Some(text) = text {
            c.placeholders(Some(&q.id), field, text);
        }
    }
    let weight = q.weight.unwrap_or(1.0);
    if !valid_weight(weight) {
        c.at(
            &q.id,
            subject.clone(),
            format!("weight is {weight}; it must be greater than 0 and at most {MAX_WEIGHT}"),
        );
    }
    let evidence_from = match q.evidence_from {
        None => None,
        Some(level @ 0..=4) => u8::try_from(level).ok(),
        Some(other) => {
            c.at(
                &q.id,
                subject.clone(),
                format!("evidence_from is {other}; it must be a level from 0 to 4"),
            );
            None
        }
    };
    if let Some(label) = &q.na
        && label.trim().is_empty()
    {
        c.at(
            &q.id,
            subject.clone(),
            "na is empty; give the label of the not-applicable answer".into(),
        );
    }
    let kind = match q.kind {
        KindFile::Text => {
            if !q.options.is_empty() {
                c.at(
                    &q.id,
                    subject.clone(),
                    "a text question takes no options; set kind = \"choice\" or \"multi\", or remove the options".into(),
                );
            }
            QuestionKind::Text
        }
        KindFile::Choice => {
            if !(2..=7).contains(&q.options.len()) {
                c.at(
                    &q.id,
                    subject.clone(),
                    format!(
                        "a choice question needs 2 to 7 options; it has {}",
                        q.options.len()
                    ),
                );
            }
            let mut options = Vec::with_capacity(q.options.len());
            for (n, option) in q.options.into_iter().enumerate() {
                let n = n + 1;
                if option.points.is_some() {
                    c.at(&q.id, subject.clone(), format!("option {n} has `points`; options of a choice question take `level` (use kind = \"multi\" for points)"));
                }
                let level = match option.level {
                    None => {
                        c.at(
                            &q.id,
                            subject.clone(),
                            format!("option {n} has no `level`; give it a level from 0 to 4"),
                        );
                        0
                    }
                    Some(level @ 0..=4) => u8::try_from(level).unwrap_or(0),
                    Some(other) => {
                        c.at(
                            &q.id,
                            subject.clone(),
                            format!("option {n} has level {other}; levels run from 0 to 4"),
                        );
                        0
                    }
                };
                check_option_text(c, &q.id, &subject, n, &option.text);
                if let Some(text) = &option.text_other {
                    c.placeholders(Some(&q.id), &format!("option {n}'s text_other"), text);
                }
                options.push(ChoiceOption {
                    text: option.text,
                    text_other: option.text_other,
                    level,
                });
            }
            QuestionKind::Choice(options)
        }
        KindFile::Multi => {
            if q.options.is_empty() {
                c.at(
                    &q.id,
                    subject.clone(),
                    "a multi question needs at least one option".into(),
                );
            }
            let mut options = Vec::with_capacity(q.options.len());
            for (n, option) in q.options.into_iter().enumerate() {
                let n = n + 1;
                if option.level.is_some() {
                    c.at(&q.id, subject.clone(), format!("option {n} has `level`; options of a multi question take `points` (use kind = \"choice\" for levels)"));
                }
                let points = match option.points {
                    None => {
                        c.at(
                            &q.id,
                            subject.clone(),
                            format!("option {n} has no `points`; give it points from -4 to 4"),
                        );
                        0.0
                    }
                    Some(points) if finite_in(points, -MAX_LEVEL, MAX_LEVEL, true) => points,
                    Some(other) => {
                        c.at(
                            &q.id,
                            subject.clone(),
                            format!("option {n} has points {other}; points run from -4 to 4"),
                        );
                        0.0
                    }
                };
                check_option_text(c, &q.id, &subject, n, &option.text);
                if let Some(text) = &option.text_other {
                    c.placeholders(Some(&q.id), &format!("option {n}'s text_other"), text);
                }
                options.push(MultiOption {
                    text: option.text,
                    text_other: option.text_other,
                    points,
                });
            }
            QuestionKind::Multi(options)
        }
    };
    Question {
        id,
        prompt: q.prompt,
        prompt_other: q.prompt_other,
        evidence_prompt: q.evidence_prompt,
        evidence_prompt_other: q.evidence_prompt_other,
        kind,
        weight,
        na: q.na,
        evidence_from,
    }
}

fn check_option_text(
    c: &mut Checker<'_>,
    span: &Spanned<String>,
    subject: &str,
    n: usize,
    text: &str,
) {
    if text.trim().is_empty() {
        c.at(
            span,
            subject.to_owned(),
            format!("option {n} has empty text"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
id = "t"
version = 1
title = "T"
from = "A"
to = "B"

[[dimensions]]
id = "d"
name = "D"

  [[dimensions.questions]]
  id = "q"
  prompt = "Q?"
  options = [{ text = "no", level = 0 }, { text = "yes", level = 4 }]
"#;

    fn problems(source: &str) -> Vec<String> {
        match parse_rubric(source, "r.toml") {
            Ok(_) => Vec::new(),
            Err(invalid) => invalid
                .problems
                .into_iter()
                .map(|p| format!("{}: {}", p.subject.unwrap_or_default(), p.message))
                .collect(),
        }
    }

    fn with(replace: &str, by: &str) -> String {
        assert!(MINIMAL.contains(replace), "fixture lacks {replace}");
        MINIMAL.replacen(replace, by, 1)
    }

    #[test]
    fn minimal_rubric_takes_defaults() {
        let rubric = parse_rubric(MINIMAL, "r.toml").unwrap();
        assert_eq!(rubric.gate_gap, 1.0);
        assert_eq!(rubric.scale[3], "At the next level");
        assert_eq!(rubric.bands.len(), 4);
        assert_eq!(rubric.bands[0].label, "Ready now");
        assert_eq!(rubric.bands[3].min, 0.0);
        let dim = &rubric.dimensions[0];
        assert_eq!((dim.weight, dim.target, dim.critical), (1.0, 3.0, false));
        assert_eq!(rubric.find("q").map(|r| r.flat), Some(0));
        assert_eq!(rubric.question_count(), 1);
    }

    #[test]
    fn unknown_key_is_an_error_with_position() {
        let err =
            parse_rubric(&with("name = \"D\"", "name = \"D\"\nwieght = 2"), "r.toml").unwrap_err();
        assert_eq!(err.problems.len(), 1);
        assert!(err.problems[0].message.contains("wieght"), "{err}");
        assert_eq!(err.problems[0].position.map(|p| p.0), Some(11));
    }

    #[test]
    fn not_toml_is_an_error_with_position() {
        let err = parse_rubric("id = \n", "r.toml").unwrap_err();
        assert_eq!(err.problems[0].position.map(|p| p.0), Some(1));
    }

    #[test]
    fn duplicate_ids_are_rejected() {
        let dup_q = format!(
            "{MINIMAL}\n  [[dimensions.questions]]\n  id = \"q\"\n  prompt = \"again\"\n  options = [{{ text = \"a\", level = 0 }}, {{ text = \"b\", level = 1 }}]\n"
        );
        assert_eq!(
            problems(&dup_q),
            [
                "question \"q\": this question id is used twice; ids must be unique across the rubric"
            ]
        );
        let dup_d = format!(
            "{MINIMAL}\n[[dimensions]]\nid = \"d\"\nname = \"E\"\n  [[dimensions.questions]]\n  id = \"q2\"\n  prompt = \"P\"\n  kind = \"text\"\n"
        );
        assert_eq!(
            problems(&dup_d),
            ["dimension \"d\": this dimension id is used twice; ids must be unique"]
        );
    }

    #[test]
    fn bad_id_characters_are_rejected() {
        assert_eq!(problems(&with("id = \"q\"", "id = \"Q_1\"")).len(), 1);
        assert_eq!(problems(&with("id = \"t\"", "id = \"-t\"")).len(), 1);
        assert!(is_valid_id("ic-to-manager"));
        assert!(is_valid_id("9a"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("a b"));
    }

    #[test]
    fn out_of_range_numbers_are_rejected() {
        assert_eq!(
            problems(&with("level = 4", "level = 5")),
            ["question \"q\": option 2 has level 5; levels run from 0 to 4"]
        );
        assert_eq!(problems(&with("level = 0", "level = -1")).len(), 1);
        assert_eq!(
            problems(&with("name = \"D\"", "name = \"D\"\ntarget = 0")).len(),
            1
        );
        assert_eq!(
            problems(&with("name = \"D\"", "name = \"D\"\ntarget = 4.5")).len(),
            1
        );
        assert!(problems(&with("name = \"D\"", "name = \"D\"\ntarget = 4")).is_empty());
        assert_eq!(
            problems(&with("name = \"D\"", "name = \"D\"\nweight = 0")).len(),
            1
        );
        assert_eq!(
            problems(&with("prompt = \"Q?\"", "prompt = \"Q?\"\nweight = -1")).len(),
            1
        );
        assert_eq!(
            problems(&with(
                "prompt = \"Q?\"",
                "prompt = \"Q?\"\nevidence_from = 5"
            ))
            .len(),
            1
        );
        assert_eq!(problems(&with("version = 1", "version = 0")).len(), 1);
        assert_eq!(
            problems(&with("version = 1", "version = 1\ngate_gap = -0.5")).len(),
            1
        );
    }

    #[test]
    fn options_must_match_the_kind() {
        assert_eq!(
            problems(&with(
                "options = [{ text = \"no\", level = 0 }, { text = \"yes\", level = 4 }]",
                "options = []"
            )),
            ["question \"q\": a choice question needs 2 to 7 options; it has 0"]
        );
        let multi_with_levels = with("prompt = \"Q?\"", "prompt = \"Q?\"\nkind = \"multi\"");
        assert_eq!(
            problems(&multi_with_levels).len(),
            4,
            "{:?}",
            problems(&multi_with_levels)
        );
        let choice_with_points = with("level = 4", "points = 4");
        assert_eq!(problems(&choice_with_points).len(), 2);
        let eight = (0..8)
            .map(|i| format!("{{ text = \"o{i}\", level = {} }}", i % 5))
            .collect::<Vec<_>>()
            .join(", ");
        assert_eq!(
            problems(&with(
                "{ text = \"no\", level = 0 }, { text = \"yes\", level = 4 }",
                &eight
            ))
            .len(),
            1
        );
        let multi = with(
            "prompt = \"Q?\"\n  options = [{ text = \"no\", level = 0 }, { text = \"yes\", level = 4 }]",
            "prompt = \"Q?\"\n  kind = \"multi\"\n  options = [{ text = \"a\", points = 4.5 }]",
        );
        assert_eq!(
            problems(&multi),
            ["question \"q\": option 1 has points 4.5; points run from -4 to 4"]
        );
        let text_with_options = with("prompt = \"Q?\"", "prompt = \"Q?\"\nkind = \"text\"");
        assert_eq!(problems(&text_with_options).len(), 1);
    }

    #[test]
    fn a_rubric_needs_dimensions_and_a_zero_band() {
        let none =
            "id = \"t\"\nversion = 1\ntitle = \"T\"\nfrom = \"A\"\nto = \"B\"\ndimensions = []\n";
        assert_eq!(
            problems(none),
            [": the rubric has no dimensions; add at least one [[dimensions]] table"]
        );
        let bands = format!(
            "{MINIMAL}\n[[bands]]\nmin = 50\nlabel = \"Half\"\n[[bands]]\nmin = 10\nlabel = \"Low\"\n"
        );
        assert_eq!(
            problems(&bands),
            [": no band has min = 0; add one so every readiness has a verdict"]
        );
    }

    #[test]
    fn bands_are_sorted_highest_first() {
        let source = format!(
            "{MINIMAL}\n[[bands]]\nmin = 0\nlabel = \"Low\"\n[[bands]]\nmin = 80\nlabel = \"High\"\n"
        );
        let rubric = parse_rubric(&source, "r.toml").unwrap();
        assert_eq!(
            rubric
                .bands
                .iter()
                .map(|b| b.label.as_str())
                .collect::<Vec<_>>(),
            ["High", "Low"]
        );
        assert_eq!(rubric.band_for(85.0), 0);
        assert_eq!(rubric.band_for(79.9), 1);
    }

    #[test]
    fn other_raters_get_their_own_wording_with_the_name_filled_in() {
        let source = r#"
id = "w"
version = 2
title = "T"
from = "A"
to = "B"
summary = "Answer for what you have done."
summary_other = "Answer for what {name} has done."
[[dimensions]]
id = "d"
name = "D"
  [[dimensions.questions]]
  id = "q"
  prompt = "What do you do?"
  prompt_other = "What does {name} do?"
  evidence_prompt = "Describe the last handover you made"
  evidence_prompt_other = "Describe the last handover {name} made"
  options = [{ text = "I do it myself", text_other = "{name} does it", level = 0 }, { text = "Hands it over", level = 3 }]
  [[dimensions.questions]]
  id = "plain"
  prompt = "Anything else?"
  kind = "text"
"#;
        let rubric = parse_rubric(source, "w.toml").unwrap();
        let sam = Voice::Other("Sam Lee");
        assert_eq!(rubric.summary_for(sam), "Answer for what Sam Lee has done.");
        assert_eq!(
            rubric.summary_for(Voice::Own),
            "Answer for what you have done."
        );
        let q = &rubric.dimensions[0].questions[0];
        assert_eq!(q.prompt_for(sam), "What does Sam Lee do?");
        assert_eq!(q.prompt_for(Voice::Own), "What do you do?");
        assert_eq!(q.option_for(0, sam).unwrap(), "Sam Lee does it");
        assert_eq!(q.option_for(0, Voice::Own).unwrap(), "I do it myself");
        assert_eq!(q.option_for(1, sam).unwrap(), "Hands it over");
        assert_eq!(
            q.evidence_prompt_for(sam),
            "Describe the last handover Sam Lee made"
        );
        assert_eq!(
            q.evidence_prompt_for(Voice::Own),
            "Describe the last handover you made"
        );
        // Without a wording of its own, the default fits any behaviour and names the person.
        let plain = &rubric.dimensions[0].questions[1];
        assert_eq!(plain.prompt_for(sam), "Anything else?");
        assert!(
            plain
                .evidence_prompt_for(sam)
                .starts_with("Describe the last time you saw Sam Lee do this")
        );
        assert!(
            plain
                .evidence_prompt_for(Voice::Own)
                .starts_with("Describe the last time you did this")
        );
    }

    #[test]
    fn an_unknown_placeholder_is_rejected_where_it_stands() {
        let source = "id = \"w\"\nversion = 2\ntitle = \"T\"\nfrom = \"A\"\nto = \"B\"\nsummary_other = \"For {person}\"\n[[dimensions]]\nid = \"d\"\nname = \"D\"\n  [[dimensions.questions]]\n  id = \"q\"\n  prompt = \"?\"\n  prompt_other = \"Does {nmae} do it?\"\n  options = [{ text = \"a\", text_other = \"{who}\", level = 0 }, { text = \"b\", level = 3 }]\n";
        let error = parse_rubric(source, "w.toml").unwrap_err().to_string();
        assert!(
            error.contains(
                "summary_other has the placeholder \"{person}\"; the only placeholder is {name}"
            ),
            "{error}"
        );
        assert!(error.contains("w.toml:11:"), "{error}");
        assert!(
            error.contains("prompt_other has the placeholder \"{nmae}\""),
            "{error}"
        );
        assert!(
            error.contains("option 1's text_other has the placeholder \"{who}\""),
            "{error}"
        );
    }

    #[test]
    fn the_estimate_counts_words_answers_and_expected_examples() {
        // 400 words of summary = 2 min; one choice question with 2 one-word options and a
        // one-word prompt: 3 words and 8 s; one example expected half the time: 30 s.
        let summary = vec!["word"; 400].join(" ");
        let source = format!(
            "id = \"e\"\nversion = 1\ntitle = \"T\"\nfrom = \"A\"\nto = \"B\"\nsummary = \"{summary}\"\n[[dimensions]]\nid = \"d\"\nname = \"D\"\n  [[dimensions.questions]]\n  id = \"q\"\n  prompt = \"Why?\"\n  evidence_from = 3\n  options = [{{ text = \"a\", level = 0 }}, {{ text = \"b\", level = 3 }}]\n"
        );
        let rubric = parse_rubric(&source, "e.toml").unwrap();
        // 403 / 200 + (8 + 30) / 60 = 2.648 -> 3
        assert_eq!(rubric.estimated_minutes(), 3);
        let text = source.replace("evidence_from = 3\n  options = [{ text = \"a\", level = 0 }, { text = \"b\", level = 3 }]", "kind = \"text\"");
        let rubric = parse_rubric(&text, "e.toml").unwrap();
        // 401 / 200 + 60 / 60 = 3.005 -> 4
        assert_eq!(rubric.estimated_minutes(), 4);
    }
}
