//! The report model: one scored assessment, arranged for people to read. Every export renders it.

use serde::Serialize;

use super::answers::{Answers, Rater, Response};
use super::date::Date;
use super::rubric::{QuestionKind, Rubric};
use super::scoring::{Score, question_level, score};

/// How many gaps the focus list holds.
pub const FOCUS_SIZE: usize = 3;

/// A scored assessment, ready to render. Serialises as the JSON report contract.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Which rubric.
    pub rubric: RubricInfo,
    /// Whom it is about.
    pub subject: Option<String>,
    /// Who answered.
    pub rater: Rater,
    /// When.
    pub date: Option<Date>,
    /// The answers file's note.
    pub note: Option<String>,
    /// Readiness percentage, or null when nothing could be scored.
    pub readiness: Option<f64>,
    /// The verdict.
    pub verdict: String,
    /// Critical dimensions whose gap exceeds the gate, by id, in rubric order.
    pub gated_by: Vec<String>,
    /// Critical dimensions not assessed (all "na" or unanswered), by id, in rubric order.
    pub unproven: Vec<String>,
    /// The band a verdict is held at while a must-have is below the bar or unproven.
    pub gate_band: String,
    /// Whether a must-have moved the verdict down to `gate_band`.
    pub gate_applied: bool,
    /// Share of scored questions answered (na included).
    pub coverage: f64,
    /// Labels of levels 0..=4.
    pub scale: [String; 5],
    /// Dimensions in rubric order.
    pub dimensions: Vec<DimensionRow>,
    /// Dimension ids by priority, highest first; not-assessed ones last.
    pub priority_order: Vec<String>,
    /// The top gaps to work on (at most three), highest priority first.
    pub focus: Vec<Focus>,
    /// Dimensions not assessed because the person has had no chance yet.
    pub opportunities: Vec<Opportunity>,
    /// Concrete examples and free-text answers the person gave, by dimension.
    pub evidence: Vec<Evidence>,
    /// A self-assessment: remind the reader that self-ratings tend to run high.
    pub self_view: bool,
    /// Changes since the previous stored assessment (`promo report --since-last`); left out
    /// of the JSON when not asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since_last: Option<SinceLast>,
    /// The development plan's progress for this rubric (self-assessments, when a plan is
    /// stored); left out of the JSON when there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<PlanProgress>,
}

/// What changed since the previous stored assessment of the same rubric and rater.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SinceLast {
    /// The previous assessment's id, or null when there is none.
    pub previous_id: Option<String>,
    /// The previous assessment's date.
    pub previous_date: Option<Date>,
    /// Readiness then.
    pub readiness_before: Option<f64>,
    /// Readiness now.
    pub readiness_after: Option<f64>,
    /// `after − before`.
    pub readiness_change: Option<f64>,
    /// The verdict then.
    pub verdict_before: Option<String>,
    /// How many assessments of the same subject by the same rater (stored, plus this one) the
    /// sustained flags rest on. (The name is kept from when only self-assessments counted.)
    pub self_assessments: usize,
    /// Per dimension, in rubric order.
    pub dimensions: Vec<DimensionChange>,
}

/// One dimension then and now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DimensionChange {
    /// Dimension id.
    pub id: String,
    /// Dimension name.
    pub name: String,
    /// Target level.
    pub target: f64,
    /// Level then.
    pub before: Option<f64>,
    /// Level now.
    pub after: Option<f64>,
    /// `after − before`.
    pub change: Option<f64>,
    /// Sustained at target over the same subject's and rater's assessments.
    pub sustained: bool,
}

/// One dimension's plan progress, as `promo report` and `promo history` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanDimensionProgress {
    /// Dimension id.
    pub id: String,
    /// Dimension name.
    pub name: String,
    /// Open items.
    pub open: usize,
    /// Of those, overdue.
    pub overdue: usize,
    /// Done items.
    pub done: usize,
}

/// A plan's progress: per dimension with any item, in rubric order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanProgress {
    /// As of this day.
    pub as_of: Date,
    /// Open items in all.
    pub open: usize,
    /// Overdue items in all.
    pub overdue: usize,
    /// Done items in all.
    pub done: usize,
    /// Per dimension with any open or done item.
    pub dimensions: Vec<PlanDimensionProgress>,
}

/// The rubric, as far as a report names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RubricInfo {
    /// Identifier.
    pub id: String,
    /// Version.
    pub version: u32,
    /// Title.
    pub title: String,
    /// The rung the person is on.
    pub from: String,
    /// The rung they aim for.
    pub to: String,
}

impl RubricInfo {
    /// How a report names `rubric`.
    pub fn of(rubric: &Rubric) -> Self {
        Self {
            id: rubric.id.clone(),
            version: rubric.version,
            title: rubric.title.clone(),
            from: rubric.from.clone(),
            to: rubric.to.clone(),
        }
    }
}

/// Where a dimension stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// At or above target.
    AtTarget,
    /// Below target.
    Gap,
    /// Not assessed: answered "no chance yet".
    Opportunity,
    /// Not assessed: not answered.
    NotAssessed,
}

/// One dimension's row of the gap table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DimensionRow {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Weight.
    pub weight: f64,
    /// Target level.
    pub target: f64,
    /// Must-have.
    pub critical: bool,
    /// Level, or null when not assessed.
    pub level: Option<f64>,
    /// Gap to target, or null.
    pub gap: Option<f64>,
    /// Gap times weight, or null.
    pub priority: Option<f64>,
    /// Scored questions answered (na included).
    pub answered: usize,
    /// Scored questions.
    pub questions: usize,
    /// Where it stands.
    pub status: Status,
    /// Critical with a gap beyond the gate.
    pub gating: bool,
    /// Questions answered at or above their `evidence_from` level.
    pub claims: usize,
    /// Of those, how many have a non-empty example.
    pub evidenced: usize,
    /// Why it matters one rung up.
    pub why: String,
    /// Next steps.
    pub actions: Vec<String>,
}

/// A gap to work on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Focus {
    /// Dimension id.
    pub id: String,
    /// Dimension name.
    pub name: String,
    /// Level.
    pub level: f64,
    /// Target.
    pub target: f64,
    /// Gap.
    pub gap: f64,
    /// Priority.
    pub priority: f64,
    /// Must-have.
    pub critical: bool,
    /// Why it matters.
    pub why: String,
    /// Next steps.
    pub actions: Vec<String>,
}

/// A dimension the person has had no chance to show yet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Opportunity {
    /// Dimension id.
    pub id: String,
    /// Dimension name.
    pub name: String,
    /// Must-have.
    pub critical: bool,
    /// Why it matters.
    pub why: String,
    /// What to ask for.
    pub suggestion: String,
}

/// An example or free-text answer the person gave.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// Dimension id.
    pub dimension: String,
    /// Dimension name.
    pub dimension_name: String,
    /// Question id.
    pub question: String,
    /// The question as asked.
    pub prompt: String,
    /// The chosen option(s) in words, or empty for text questions.
    pub answer: String,
    /// The level the answer earned, if any.
    pub level: Option<f64>,
    /// The example or text the person wrote.
    pub text: String,
}

/// What to put in a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportOptions {
    /// Include examples and free-text answers (leave out to share scores only).
    pub evidence: bool,
}

impl Default for ReportOptions {
    fn default() -> Self {
        Self { evidence: true }
    }
}

/// The words for the options a response chose, joined with "; ".
pub fn answer_words(question: &super::rubric::Question, response: &Response) -> String {
    match response {
        Response::Choice(i) => question.option_text(*i).unwrap_or_default().to_owned(),
        Response::Multi(chosen) if chosen.is_empty() => "None of these".to_owned(),
        Response::Multi(chosen) => chosen
            .iter()
            .filter_map(|i| question.option_text(*i))
            .collect::<Vec<_>>()
            .join("; "),
        Response::Text(text) => text.clone(),
        Response::Na => question
            .na
            .clone()
            .unwrap_or_else(|| "Not applicable".to_owned()),
    }
}

/// Scores answers and arranges the result as a report.
pub fn build(rubric: &Rubric, answers: &Answers, options: ReportOptions) -> Report {
    let scored = score(rubric, answers);
    from_score(rubric, answers, &scored, options)
}

/// Arranges an existing score as a report.
pub fn from_score(
    rubric: &Rubric,
    answers: &Answers,
    scored: &Score,
    options: ReportOptions,
) -> Report {
    let dimensions: Vec<DimensionRow> = rubric
        .dimensions
        .iter()
        .zip(&scored.dimensions)
        .map(|(dim, s)| DimensionRow {
            id: dim.id.clone(),
            name: dim.name.clone(),
            weight: dim.weight,
            target: dim.target,
            critical: dim.critical,
            level: s.level,
            gap: s.gap,
            priority: s.priority,
            answered: s.answered,
            questions: s.questions,
            status: match (s.gap, s.opportunity) {
                (Some(g), _) if g > 0.0 => Status::Gap,
                (Some(_), _) => Status::AtTarget,
                (None, true) => Status::Opportunity,
                (None, false) => Status::NotAssessed,
            },
            gating: s.gating,
            claims: s.claims,
            evidenced: s.evidenced,
            why: dim.why.clone(),
            actions: dim.actions.clone(),
        })
        .collect();
    let focus = scored
        .order
        .iter()
        .map(|&d| &dimensions[d])
        .filter(|row| row.status == Status::Gap)
        .take(FOCUS_SIZE)
        .map(|row| Focus {
            id: row.id.clone(),
            name: row.name.clone(),
            level: row.level.unwrap_or_default(),
            target: row.target,
            gap: row.gap.unwrap_or_default(),
            priority: row.priority.unwrap_or_default(),
            critical: row.critical,
            why: row.why.clone(),
            actions: row.actions.clone(),
        })
        .collect();
    let opportunities = dimensions
        .iter()
        .filter(|row| row.status == Status::Opportunity)
        .map(|row| Opportunity {
            id: row.id.clone(),
            name: row.name.clone(),
            critical: row.critical,
            why: row.why.clone(),
            suggestion: format!(
                "Ask your manager for a stretch assignment that lets you show {}.",
                row.name.to_lowercase()
            ),
        })
        .collect();
    let voice = answers.voice();
    let mut evidence = Vec::new();
    if options.evidence {
        for (at, question) in rubric.questions() {
            let response = answers.responses.get(at.flat).and_then(Option::as_ref);
            let example = answers.evidence.get(at.flat).and_then(Option::as_deref);
            let (answer, text) = match (response, &question.kind, example) {
                (Some(Response::Text(text)), QuestionKind::Text, _) if !text.trim().is_empty() => {
                    (String::new(), text.clone())
                }
                (Some(response), _, Some(example)) if !example.trim().is_empty() => {
                    (answer_words(question, response), example.to_owned())
                }
                (None, _, Some(example)) if !example.trim().is_empty() => {
                    (String::new(), example.to_owned())
                }
                _ => continue,
            };
            let dim = &rubric.dimensions[at.dimension];
            evidence.push(Evidence {
                dimension: dim.id.clone(),
                dimension_name: dim.name.clone(),
                question: question.id.clone(),
                prompt: question.prompt_for(voice),
                answer,
                level: question_level(question, response),
                text,
            });
        }
    }
    Report {
        rubric: RubricInfo::of(rubric),
        subject: answers.subject.clone(),
        rater: answers.rater,
        date: answers.date,
        note: answers.note.clone(),
        readiness: scored.readiness,
        verdict: scored.verdict.clone(),
        gated_by: scored
            .gated_by
            .iter()
            .map(|&d| rubric.dimensions[d].id.clone())
            .collect(),
        unproven: scored
            .unproven
            .iter()
            .map(|&d| rubric.dimensions[d].id.clone())
            .collect(),
        gate_band: rubric
            .bands
            .get(rubric.gate_band)
            .map(|b| b.label.clone())
            .unwrap_or_default(),
        gate_applied: scored.gate_applied,
        coverage: scored.coverage,
        scale: rubric.scale.clone(),
        priority_order: scored
            .order
            .iter()
            .map(|&d| rubric.dimensions[d].id.clone())
            .collect(),
        dimensions,
        focus,
        opportunities,
        evidence,
        self_view: answers.rater == Rater::Myself,
        since_last: None,
        plan: None,
    }
}

impl Report {
    /// Rows in priority order.
    pub fn rows_by_priority(&self) -> impl Iterator<Item = &DimensionRow> {
        self.priority_order
            .iter()
            .filter_map(|id| self.dimensions.iter().find(|row| &row.id == id))
    }

    /// Names of the dimensions that gate the verdict.
    pub fn gating_names(&self) -> Vec<&str> {
        self.dimensions
            .iter()
            .filter(|d| d.gating)
            .map(|d| d.name.as_str())
            .collect()
    }

    /// Names of the must-haves not shown yet.
    pub fn unproven_names(&self) -> Vec<&str> {
        self.dimensions
            .iter()
            .filter(|d| self.unproven.contains(&d.id))
            .map(|d| d.name.as_str())
            .collect()
    }

    /// Dimensions with claims that no example backs, strongest first (by level, then by
    /// unbacked claims, then rubric order): at most `limit`.
    pub fn unbacked_claims(&self, limit: usize) -> Vec<&DimensionRow> {
        let mut rows: Vec<&DimensionRow> = self
            .dimensions
            .iter()
            .filter(|d| d.claims > d.evidenced)
            .collect();
        rows.sort_by(|a, b| {
            b.level
                .unwrap_or_default()
                .total_cmp(&a.level.unwrap_or_default())
                .then((b.claims - b.evidenced).cmp(&(a.claims - a.evidenced)))
        });
        rows.truncate(limit);
        rows
    }

    /// The caution printed with self-assessments: self-ratings run high, and which of the
    /// strongest claims no example backs yet.
    pub fn self_view_caution(&self) -> Option<String> {
        if !self.self_view {
            return None;
        }
        let mut text = String::from(
            "This is a self-view. Self-ratings tend to run high, so treat it as a starting point for a conversation with your manager, not a verdict.",
        );
        let unbacked = self.unbacked_claims(3);
        if !unbacked.is_empty() {
            let names: Vec<&str> = unbacked.iter().map(|d| d.name.as_str()).collect();
            text.push_str(&format!(
                " Strongest claims without an example yet: {}. Add one before you share this.",
                names.join(", ")
            ));
        }
        Some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, REPORT};

    fn report(answers: &str, options: ReportOptions) -> Report {
        testing::report(&testing::parse(REPORT), answers, options)
    }

    #[test]
    fn focus_lists_gaps_by_priority_and_opportunities_apart() {
        let r = report(
            "[answers]\na1 = 2\nb1 = 1\nc1 = \"na\"\nd1 = 2\n",
            ReportOptions::default(),
        );
        assert_eq!(r.priority_order, ["b", "a", "d", "c"]);
        assert_eq!(
            r.focus.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(),
            ["b", "a"]
        );
        assert_eq!(r.opportunities.len(), 1);
        assert_eq!(r.opportunities[0].id, "c");
        assert_eq!(r.dimensions[2].status, Status::Opportunity);
        assert_eq!(r.dimensions[3].status, Status::AtTarget);
    }

    #[test]
    fn evidence_is_gathered_and_can_be_left_out() {
        let body = "[answers]\na1 = 3\nc-why = \"I like growing people\"\n[evidence]\na1 = \"Ran the Q3 launch\"\n";
        let r = report(body, ReportOptions::default());
        assert_eq!(r.evidence.len(), 2);
        assert_eq!(r.evidence[0].answer, "high");
        assert_eq!(r.evidence[0].text, "Ran the Q3 launch");
        assert_eq!(r.evidence[1].text, "I like growing people");
        assert!(
            report(body, ReportOptions { evidence: false })
                .evidence
                .is_empty()
        );
    }

    #[test]
    fn json_follows_the_contract() {
        let r = report(
            "rater = \"manager\"\n[answers]\na1 = 2\n",
            ReportOptions::default(),
        );
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["rubric"]["id"], "t");
        assert_eq!(json["rater"], "manager");
        assert_eq!(json["date"], serde_json::Value::Null);
        assert_eq!(json["dimensions"][0]["level"], 2.0);
        assert_eq!(json["dimensions"][1]["level"], serde_json::Value::Null);
        assert_eq!(json["dimensions"][0]["answered"], 1);
        assert_eq!(json["verdict"], "Incomplete");
        assert!(r.self_view_caution().is_none());
    }
}
