//! The rubric file as written (TOML, strict about unknown keys), before validation.

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

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
