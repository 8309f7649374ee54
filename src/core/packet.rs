//! The promotion packet model: who, which transition, the period, the readiness trend, and per
//! dimension the levels, the dated evidence and the plan. Serialises as the JSON contract.

use serde::Serialize;

use super::answers::Rater;
use super::date::Date;
use super::history::{self, Record};
use super::journal::{Entry, Evidence, Source};
use super::plan::{Item, Status};
use super::report::{Opportunity, Report};
use super::rubric::Rubric;
use super::scoring::at_least;

/// How far back a packet looks unless told otherwise.
pub const DEFAULT_DAYS: i64 = 365;

/// Everything a packet is made from.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    /// The rubric.
    pub rubric: &'a Rubric,
    /// Every stored assessment of the rubric, scored with evidence, with its date.
    pub assessments: &'a [(Date, Report)],
    /// The rubric's journal.
    pub journal: &'a [Entry],
    /// The rubric's plan items.
    pub plan: &'a [Item],
    /// The first day of the period.
    pub since: Date,
    /// The last day of the period, and the day the packet is as of.
    pub until: Date,
    /// What the person asks for, if anything.
    pub ask: Option<&'a str>,
}

/// The promotion packet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Packet {
    /// Which rubric.
    pub rubric: PacketRubric,
    /// Whom it is about, from the newest assessment that names someone.
    pub subject: Option<String>,
    /// The period covered.
    pub period: Period,
    /// Every stored assessment of the period, oldest first, each rater on its own.
    pub readiness_trend: Vec<TrendPoint>,
    /// Dimension ids sustained at target by the self-assessments up to the period's end.
    pub sustained: Vec<String>,
    /// Per dimension, in rubric order.
    pub dimensions: Vec<PacketDimension>,
    /// The closing ask.
    pub ask: Option<String>,
    /// The rung the person is on.
    #[serde(skip)]
    pub from: String,
    /// The rung they aim for.
    #[serde(skip)]
    pub to: String,
    /// Must-haves the newest self-assessment could not show, by name.
    #[serde(skip)]
    pub unproven: Vec<String>,
    /// Dimensions the newest self-assessment had no chance to show, with what to ask for.
    #[serde(skip)]
    pub opportunities: Vec<Opportunity>,
}

/// The rubric as the packet names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PacketRubric {
    /// Identifier.
    pub id: String,
    /// Version.
    pub version: u32,
    /// Title.
    pub title: String,
}

/// The period a packet covers, both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    /// First day.
    pub since: Date,
    /// Last day.
    pub until: Date,
}

/// One assessment's readiness.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendPoint {
    /// When.
    pub date: Date,
    /// Who answered.
    pub rater: Rater,
    /// Readiness percentage, or null when nothing could be scored.
    pub readiness: Option<f64>,
    /// The verdict.
    pub verdict: String,
}

/// One dimension of the packet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PacketDimension {
    /// Identifier.
    pub id: String,
    /// Name.
    pub name: String,
    /// Target level.
    pub target: f64,
    /// Must-have.
    pub critical: bool,
    /// The newest self-assessment's level, if any.
    pub self_level: Option<f64>,
    /// The newest level each other rater gave, beside it (never averaged).
    pub other_levels: Vec<OtherLevel>,
    /// Journal entries and assessment examples of the period, newest first.
    pub evidence: Vec<PacketEvidence>,
    /// Plan items completed in the period, oldest first.
    pub plan_done: Vec<PlanDone>,
    /// Plan items still open, by due date.
    pub plan_open: Vec<PlanOpen>,
}

impl PacketDimension {
    /// Whether the newest self level is below target (a remaining gap).
    pub fn below_target(&self) -> bool {
        self.self_level
            .is_some_and(|level| !at_least(level, self.target))
    }
}

/// Another rater's newest level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OtherLevel {
    /// Who.
    pub rater: Rater,
    /// Their level, or null when they could not assess it.
    pub level: Option<f64>,
}

/// One dated piece of evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PacketEvidence {
    /// When.
    pub date: Date,
    /// What was done.
    pub text: String,
    /// `journal` or `assessment`.
    pub source: Source,
    /// Where to see it (shown as text; only http(s) links become anchors in HTML).
    pub link: Option<String>,
    /// For assessment examples: who gave it.
    #[serde(skip)]
    pub rater: Option<String>,
}

/// A plan item completed in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanDone {
    /// Item id.
    pub id: String,
    /// What was committed to.
    pub text: String,
    /// When it was done.
    pub date: Date,
}

/// A plan item still open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanOpen {
    /// Item id.
    pub id: String,
    /// What to do.
    pub text: String,
    /// When it is due.
    pub due: Date,
    /// Due before the period's end and not done.
    pub overdue: bool,
}

/// The examples given in an assessment, as evidence dated with it. Free-text answers that
/// are not examples of an answer are left out.
pub fn assessment_evidence(date: Date, report: &Report) -> Vec<Evidence> {
    report
        .evidence
        .iter()
        .filter(|e| !e.answer.is_empty() && !e.text.trim().is_empty())
        .map(|e| Evidence {
            date,
            text: e.text.trim().to_owned(),
            source: Source::Assessment,
            link: None,
            dimensions: vec![e.dimension.clone()],
            rater: Some(report.rater.as_str().to_owned()),
        })
        .collect()
}

/// Builds the packet.
pub fn build(sources: Sources<'_>) -> Packet {
    let Sources {
        rubric,
        assessments,
        journal,
        plan,
        since,
        until,
        ask,
    } = sources;
    let mut upto: Vec<&(Date, Report)> = assessments.iter().filter(|(d, _)| *d <= until).collect();
    upto.sort_by_key(|(d, _)| *d);
    let subject = upto
        .iter()
        .rev()
        .find(|(_, r)| r.rater == Rater::Myself)
        .and_then(|(_, r)| r.subject.clone())
        .or_else(|| upto.iter().rev().find_map(|(_, r)| r.subject.clone()));
    // One person's packet: ratings that name someone else (a manager's rating of Sam Lee kept
    // in the same history) stay out of it.
    let about = |r: &Report| match (&r.subject, &subject) {
        (Some(named), Some(person)) => named.trim().eq_ignore_ascii_case(person.trim()),
        _ => true,
    };
    upto.retain(|(_, r)| about(r));
    let newest = |rater: Rater| upto.iter().rev().find(|(_, r)| r.rater == rater).copied();
    let newest_self = newest(Rater::Myself);
    let readiness_trend = upto
        .iter()
        .filter(|(d, _)| *d >= since)
        .map(|(date, r)| TrendPoint {
            date: *date,
            rater: r.rater,
            readiness: r.readiness,
            verdict: r.verdict.clone(),
        })
        .collect();
    let records: Vec<Record> = upto
        .iter()
        .enumerate()
        .map(|(n, (date, r))| Record::from_report(format!("{n:06}"), *date, r))
        .collect();
    let built = history::build(rubric, records);
    let sustained = built
        .trends
        .iter()
        .filter(|t| t.rater == Rater::Myself)
        .flat_map(|t| &t.dimensions)
        .filter(|d| d.sustained)
        .map(|d| d.id.clone())
        .collect();

    let mut evidence: Vec<Evidence> = journal
        .iter()
        .filter(|e| e.date >= since && e.date <= until)
        .map(Evidence::from)
        .collect();
    for (date, report) in &upto {
        if *date >= since {
            evidence.extend(assessment_evidence(*date, report));
        }
    }
    evidence.sort_by(|a, b| b.date.cmp(&a.date).then(a.source.cmp(&b.source)));

    let others: Vec<&(Date, Report)> = Rater::ALL
        .into_iter()
        .filter(|r| *r != Rater::Myself)
        .filter_map(newest)
        .collect();
    let dimensions = rubric
        .dimensions
        .iter()
        .map(|dim| {
            let level_in = |report: &Report| {
                report
                    .dimensions
                    .iter()
                    .find(|row| row.id == dim.id)
                    .and_then(|row| row.level)
            };
            let mut plan_done: Vec<PlanDone> = plan
                .iter()
                .filter(|i| i.dimension == dim.id && i.status == Status::Done)
                .filter_map(|i| {
                    let date = i.closed?;
                    (date >= since && date <= until).then(|| PlanDone {
                        id: i.id.clone(),
                        text: i.text.clone(),
                        date,
                    })
                })
                .collect();
            plan_done.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
            let mut plan_open: Vec<PlanOpen> = plan
                .iter()
                .filter(|i| i.dimension == dim.id && i.status == Status::Open)
                .map(|i| PlanOpen {
                    id: i.id.clone(),
                    text: i.text.clone(),
                    due: i.due,
                    overdue: i.overdue(until),
                })
                .collect();
            plan_open.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.id.cmp(&b.id)));
            PacketDimension {
                id: dim.id.clone(),
                name: dim.name.clone(),
                target: dim.target,
                critical: dim.critical,
                self_level: newest_self.and_then(|(_, r)| level_in(r)),
                other_levels: others
                    .iter()
                    .map(|(_, r)| OtherLevel {
                        rater: r.rater,
                        level: level_in(r),
                    })
                    .collect(),
                evidence: evidence
                    .iter()
                    .filter(|e| e.dimensions.contains(&dim.id))
                    .map(|e| PacketEvidence {
                        date: e.date,
                        text: e.text.clone(),
                        source: e.source,
                        link: e.link.clone(),
                        rater: e.rater.clone(),
                    })
                    .collect(),
                plan_done,
                plan_open,
            }
        })
        .collect();

    let (unproven, opportunities) = match newest_self {
        Some((_, report)) => (
            report
                .dimensions
                .iter()
                .filter(|row| report.unproven.contains(&row.id))
                .map(|row| row.name.clone())
                .collect(),
            report.opportunities.clone(),
        ),
        None => (Vec::new(), Vec::new()),
    };
    Packet {
        rubric: PacketRubric {
            id: rubric.id.clone(),
            version: rubric.version,
            title: rubric.title.clone(),
        },
        subject,
        period: Period { since, until },
        readiness_trend,
        sustained,
        dimensions,
        ask: ask
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_owned),
        from: rubric.from.clone(),
        to: rubric.to.clone(),
        unproven,
        opportunities,
    }
}

impl Packet {
    /// The raters in the trend, self first, each once.
    pub fn raters(&self) -> Vec<Rater> {
        Rater::ALL
            .into_iter()
            .filter(|r| self.readiness_trend.iter().any(|p| p.rater == *r))
            .collect()
    }

    /// A dimension's name by id.
    pub fn name_of(&self, id: &str) -> Option<&str> {
        self.dimensions
            .iter()
            .find(|d| d.id == id)
            .map(|d| d.name.as_str())
    }

    /// Whether anything is still open: a gap, an open item, an unproven must-have or an
    /// opportunity.
    pub fn anything_open(&self) -> bool {
        !self.unproven.is_empty()
            || !self.opportunities.is_empty()
            || self
                .dimensions
                .iter()
                .any(|d| d.below_target() || !d.plan_open.is_empty())
    }
}
