//! Assessments over time: records, per-dimension trends and the sustained rule.

use serde::Serialize;

use super::answers::Rater;
use super::date::Date;
use super::report::{DimensionChange, RubricInfo, SinceLast};
use super::rubric::Rubric;
use super::scoring::Score;

/// How many days a dimension must have been held at target to count as sustained.
pub const SUSTAIN_DAYS: i64 = 60;

/// Levels this close below a target still count as at the target (levels are weighted means,
/// so 3.0 may arrive as 2.9999999999999996).
use super::scoring::TOLERANCE as EPSILON;

/// One stored assessment, scored against the current rubric.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Record {
    /// The short id shown in listings and taken by `promo history remove`.
    pub id: String,
    /// When the assessment was made.
    pub date: Date,
    /// Who answered.
    pub rater: Rater,
    /// Whom it is about.
    pub subject: Option<String>,
    /// Readiness percentage, or null when nothing could be scored.
    pub readiness: Option<f64>,
    /// The verdict.
    pub verdict: String,
    /// Each dimension's level, in rubric order.
    pub levels: Vec<DimensionLevel>,
}

/// A dimension's level in one assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DimensionLevel {
    /// Dimension id.
    pub id: String,
    /// Level, or null when not assessed.
    pub level: Option<f64>,
}

impl Record {
    /// The record of an assessment `answers` of `rubric`, scored as `score`.
    pub fn from_score(
        id: impl Into<String>,
        date: Date,
        rubric: &Rubric,
        answers: &super::answers::Answers,
        score: &Score,
    ) -> Self {
        Self {
            id: id.into(),
            date,
            rater: answers.rater,
            subject: answers.subject.clone(),
            readiness: score.readiness,
            verdict: score.verdict.clone(),
            levels: rubric
                .dimensions
                .iter()
                .zip(&score.dimensions)
                .map(|(dim, scored)| DimensionLevel {
                    id: dim.id.clone(),
                    level: scored.level,
                })
                .collect(),
        }
    }

    /// The record of an assessment already arranged as a report (as the packet has them).
    pub fn from_report(id: impl Into<String>, date: Date, report: &super::report::Report) -> Self {
        Self {
            id: id.into(),
            date,
            rater: report.rater,
            subject: report.subject.clone(),
            readiness: report.readiness,
            verdict: report.verdict.clone(),
            levels: report
                .dimensions
                .iter()
                .map(|row| DimensionLevel {
                    id: row.id.clone(),
                    level: row.level,
                })
                .collect(),
        }
    }

    /// The level of the dimension with this id, if assessed.
    pub fn level(&self, dimension: &str) -> Option<f64> {
        self.levels
            .iter()
            .find(|l| l.id == dimension)
            .and_then(|l| l.level)
    }
}

/// A rubric's stored assessments with their trends.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct History {
    /// Which rubric.
    pub rubric: RubricInfo,
    /// Every assessment, oldest first.
    pub assessments: Vec<Record>,
    /// One trend per subject and rater that have assessments: by subject (yours, without
    /// one, first), then self first.
    pub trends: Vec<Trend>,
    /// The development plan's progress for this rubric, when one is stored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<super::report::PlanProgress>,
}

/// How one rater's assessments of one person moved, per dimension.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    /// Whom the assessments are about; null for self-assessments that name no one ("you").
    pub subject: Option<String>,
    /// Whose assessments.
    pub rater: Rater,
    /// How many.
    pub assessments: usize,
    /// The first one's date.
    pub first_date: Date,
    /// The last one's date.
    pub last_date: Date,
    /// Per dimension, in rubric order.
    pub dimensions: Vec<DimensionTrend>,
}

/// One dimension's course from the first assessment to the last.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DimensionTrend {
    /// Dimension id.
    pub id: String,
    /// Dimension name.
    pub name: String,
    /// Target level.
    pub target: f64,
    /// The level in each assessment, oldest first (null where not assessed).
    pub levels: Vec<Option<f64>>,
    /// The first assessed level.
    pub first: Option<f64>,
    /// The last assessed level.
    pub last: Option<f64>,
    /// `last − first`.
    pub change: Option<f64>,
    /// Whether the dimension is sustained at target in this subject's and rater's series.
    pub sustained: bool,
}

/// Orders records oldest first; records of the same day by id, so the order is stable.
pub fn sort_records(records: &mut [Record]) {
    records.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
}

/// Arranges a rubric's records as a history with one trend per subject and rater.
pub fn build(rubric: &Rubric, mut records: Vec<Record>) -> History {
    sort_records(&mut records);
    let mut subjects: Vec<Option<&str>> = records.iter().map(|r| r.subject.as_deref()).collect();
    subjects.sort_unstable();
    subjects.dedup();
    let trends = subjects
        .into_iter()
        .flat_map(|subject| {
            let records = &records;
            Rater::ALL.into_iter().filter_map(move |rater| {
                let series: Vec<&Record> = records
                    .iter()
                    .filter(|r| r.rater == rater && r.subject.as_deref() == subject)
                    .collect();
                trend(rubric, subject, rater, &series)
            })
        })
        .collect();
    History {
        rubric: RubricInfo::of(rubric),
        assessments: records,
        trends,
        plan: None,
    }
}

/// One subject's and rater's trend over `series` (oldest first); `None` when it is empty.
fn trend(
    rubric: &Rubric,
    subject: Option<&str>,
    rater: Rater,
    series: &[&Record],
) -> Option<Trend> {
    let first = series.first()?;
    let last = series.last()?;
    let dimensions = rubric
        .dimensions
        .iter()
        .map(|dim| {
            let levels: Vec<Option<f64>> = series.iter().map(|r| r.level(&dim.id)).collect();
            let first = levels.iter().find_map(|l| *l);
            let last = levels.iter().rev().find_map(|l| *l);
            let dated: Vec<(Date, Option<f64>)> = series
                .iter()
                .zip(&levels)
                .map(|(r, l)| (r.date, *l))
                .collect();
            DimensionTrend {
                id: dim.id.clone(),
                name: dim.name.clone(),
                target: dim.target,
                first,
                last,
                change: first.zip(last).map(|(f, l)| l - f),
                sustained: sustained(&dated, dim.target),
                levels,
            }
        })
        .collect();
    Some(Trend {
        subject: subject.map(str::to_owned),
        rater,
        assessments: series.len(),
        first_date: first.date,
        last_date: last.date,
        dimensions,
    })
}

/// Whether a dimension is *sustained at target* over a series of self-assessments (date and
/// level, in any order).
///
/// The run examined is every assessment dated within [`SUSTAIN_DAYS`] days of the newest one;
/// when the oldest of those is younger than that, the newest assessment from before the
/// cutoff is added, so the run always reaches back at least [`SUSTAIN_DAYS`] days. The
/// dimension is sustained when the run spans at least [`SUSTAIN_DAYS`] days, holds at least
/// two assessments, and the level is at or above `target` in every one of them (an
/// assessment where the dimension was not assessed breaks the run).
pub fn sustained(series: &[(Date, Option<f64>)], target: f64) -> bool {
    let mut series = series.to_vec();
    series.sort_by_key(|(date, _)| *date);
    let Some(&(latest, _)) = series.last() else {
        return false;
    };
    let cutoff = latest.minus_days(SUSTAIN_DAYS);
    let Some(mut start) = series.iter().position(|(date, _)| *date >= cutoff) else {
        return false;
    };
    if series[start].0 > cutoff {
        if start == 0 {
            return false;
        }
        start -= 1;
    }
    let run = &series[start..];
    run.len() >= 2
        && latest.days_since(run[0].0) >= SUSTAIN_DAYS
        && run
            .iter()
            .all(|(_, level)| level.is_some_and(|l| l >= target - EPSILON))
}

/// Compares `current` with `previous`, and flags sustained dimensions over `self_series`
/// (the assessments of the same subject and rater to judge, in any order, `current` among them).
pub fn since_last(
    rubric: &Rubric,
    current: &Record,
    previous: Option<&Record>,
    self_series: &[Record],
) -> SinceLast {
    let minus = |after: Option<f64>, before: Option<f64>| after.zip(before).map(|(a, b)| a - b);
    let dimensions = rubric
        .dimensions
        .iter()
        .map(|dim| {
            let before = previous.and_then(|p| p.level(&dim.id));
            let after = current.level(&dim.id);
            let dated: Vec<(Date, Option<f64>)> = self_series
                .iter()
                .map(|r| (r.date, r.level(&dim.id)))
                .collect();
            DimensionChange {
                id: dim.id.clone(),
                name: dim.name.clone(),
                target: dim.target,
                before,
                after,
                change: minus(after, before),
                sustained: sustained(&dated, dim.target),
            }
        })
        .collect();
    let readiness_before = previous.and_then(|p| p.readiness);
    SinceLast {
        previous_id: previous.map(|p| p.id.clone()),
        previous_date: previous.map(|p| p.date),
        readiness_before,
        readiness_after: current.readiness,
        readiness_change: minus(current.readiness, readiness_before),
        verdict_before: previous.map(|p| p.verdict.clone()),
        self_assessments: self_series.len(),
        dimensions,
    }
}

/// The newest record of `rater` about `subject` other than `current_id`, dated on or before
/// `date`.
pub fn previous<'a>(
    records: &'a [Record],
    subject: Option<&str>,
    rater: Rater,
    date: Date,
    current_id: &str,
) -> Option<&'a Record> {
    records
        .iter()
        .filter(|r| {
            r.rater == rater
                && r.subject.as_deref() == subject
                && r.date <= date
                && r.id != current_id
        })
        .max_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    fn day(offset: i64) -> Date {
        Date::new(2026, 6, 30).unwrap().minus_days(-offset)
    }

    fn record(id: &str, offset: i64, rater: Rater, a: Option<f64>, b: Option<f64>) -> Record {
        Record {
            id: id.into(),
            date: day(offset),
            rater,
            subject: None,
            readiness: a.map(|a| a * 25.0),
            verdict: "Developing".into(),
            levels: vec![
                DimensionLevel {
                    id: "a".into(),
                    level: a,
                },
                DimensionLevel {
                    id: "b".into(),
                    level: b,
                },
            ],
        }
    }

    #[test]
    fn sustained_needs_a_run_of_at_least_sixty_days() {
        let at = Some(3.0);
        // Two assessments 59 days apart: one day short.
        assert!(!sustained(&[(day(-59), at), (day(0), at)], 3.0));
        // Exactly 60 days apart: held for the whole window.
        assert!(sustained(&[(day(-60), at), (day(0), at)], 3.0));
        // 61 days apart: the older one is before the window and is pulled in to cover it.
        assert!(sustained(&[(day(-61), at), (day(0), at)], 3.0));
        // One assessment is never enough, however old the history.
        assert!(!sustained(&[(day(0), at)], 3.0));
        assert!(!sustained(&[], 3.0));
    }

    #[test]
    fn every_assessment_in_the_run_must_be_at_target() {
        let (at, below) = (Some(3.0), Some(2.5));
        assert!(!sustained(
            &[(day(-60), at), (day(-30), below), (day(0), at)],
            3.0
        ));
        // The one pulled in from before the window counts too.
        assert!(!sustained(
            &[(day(-61), below), (day(-30), at), (day(0), at)],
            3.0
        ));
        // What came before the run does not.
        assert!(sustained(
            &[(day(-90), below), (day(-60), at), (day(0), at)],
            3.0
        ));
        assert!(sustained(
            &[
                (day(-200), below),
                (day(-75), at),
                (day(-10), at),
                (day(0), at)
            ],
            3.0
        ));
        // Not assessed breaks the run; above target holds it; order of input does not matter.
        assert!(!sustained(&[(day(-60), None), (day(0), at)], 3.0));
        assert!(sustained(&[(day(0), Some(4.0)), (day(-60), at)], 3.0));
        // A weighted mean a hair under the target is at the target.
        assert!(sustained(
            &[(day(-60), Some(2.999_999_999_999_999_6)), (day(0), at)],
            3.0
        ));
    }

    #[test]
    fn trends_run_per_rater_from_first_to_last() {
        let rubric = testing::rubric();
        let history = build(
            &rubric,
            vec![
                record("c", 0, Rater::Myself, Some(3.0), Some(1.0)),
                record("m", -10, Rater::Manager, Some(2.0), None),
                record("a", -70, Rater::Myself, Some(1.0), None),
                record("b", -40, Rater::Myself, Some(3.0), Some(2.0)),
            ],
        );
        let ids: Vec<&str> = history.assessments.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "m", "c"]);
        assert_eq!(history.trends.len(), 2);
        let mine = &history.trends[0];
        assert_eq!(mine.rater, Rater::Myself);
        assert_eq!(mine.assessments, 3);
        assert_eq!((mine.first_date, mine.last_date), (day(-70), day(0)));
        let alpha = &mine.dimensions[0];
        assert_eq!(alpha.levels, [Some(1.0), Some(3.0), Some(3.0)]);
        assert_eq!(
            (alpha.first, alpha.last, alpha.change),
            (Some(1.0), Some(3.0), Some(2.0))
        );
        // At target from day -40 on, and the run reaches back to -70 where it was not.
        assert!(!alpha.sustained);
        let beta = &mine.dimensions[1];
        assert_eq!(
            (beta.first, beta.last, beta.change),
            (Some(2.0), Some(1.0), Some(-1.0))
        );
        assert_eq!(beta.levels, [None, Some(2.0), Some(1.0)]);
        let manager = &history.trends[1];
        assert_eq!(manager.rater, Rater::Manager);
        assert!(!manager.dimensions[0].sustained);
        let json = serde_json::to_value(&history).unwrap();
        assert_eq!(json["trends"][1]["dimensions"][0]["sustained"], false);
        assert_eq!(json["trends"][1]["subject"], serde_json::Value::Null);
        assert_eq!(json["assessments"][0]["levels"][0]["id"], "a");
    }

    #[test]
    fn trends_and_the_sustained_rule_run_per_subject_and_rater() {
        let rubric = testing::rubric();
        let about = |mut record: Record, subject: &str| {
            record.subject = Some(subject.into());
            record
        };
        let history = build(
            &rubric,
            vec![
                record("me1", -61, Rater::Myself, Some(4.0), Some(2.0)),
                record("me2", 0, Rater::Myself, Some(4.0), Some(2.0)),
                about(
                    record("sam1", -70, Rater::Manager, Some(1.0), None),
                    "Sam Lee",
                ),
                about(
                    record("sam2", 0, Rater::Manager, Some(4.0), Some(4.0)),
                    "Sam Lee",
                ),
                about(
                    record("ana", -1, Rater::Manager, Some(4.0), Some(4.0)),
                    "Ana",
                ),
            ],
        );
        let keys: Vec<(Option<&str>, Rater, usize)> = history
            .trends
            .iter()
            .map(|t| (t.subject.as_deref(), t.rater, t.assessments))
            .collect();
        assert_eq!(
            keys,
            [
                (None, Rater::Myself, 2),
                (Some("Ana"), Rater::Manager, 1),
                (Some("Sam Lee"), Rater::Manager, 2),
            ]
        );
        // Your own run is held at target for 61 days; Sam's manager saw a gap 70 days ago.
        assert!(history.trends[0].dimensions[0].sustained);
        assert!(!history.trends[2].dimensions[0].sustained);
        // The previous assessment is the same rater's of the same person.
        let sam = previous(
            &history.assessments,
            Some("Sam Lee"),
            Rater::Manager,
            day(0),
            "sam2",
        );
        assert_eq!(sam.unwrap().id, "sam1");
        assert!(previous(&history.assessments, None, Rater::Manager, day(0), "x").is_none());
    }

    #[test]
    fn since_last_compares_with_the_previous_assessment_of_the_same_rater() {
        let rubric = testing::rubric();
        let stored = vec![
            record("old", -90, Rater::Myself, Some(1.0), Some(2.0)),
            record("prev", -61, Rater::Myself, Some(3.0), Some(2.0)),
            record("boss", -5, Rater::Manager, Some(2.0), Some(2.0)),
            record("same-day", 0, Rater::Myself, Some(2.0), Some(2.0)),
        ];
        let current = record("now", 0, Rater::Myself, Some(3.0), Some(1.0));
        let previous = previous(&stored, None, Rater::Myself, current.date, &current.id).unwrap();
        assert_eq!(previous.id, "same-day");
        let previous =
            super::previous(&stored[..3], None, Rater::Myself, current.date, &current.id);
        assert_eq!(previous.unwrap().id, "prev");
        // The current file itself, already stored, is not its own predecessor.
        assert!(super::previous(&stored[..1], None, Rater::Myself, day(-90), "old").is_none());

        let mut series: Vec<Record> = stored
            .iter()
            .filter(|r| r.rater == Rater::Myself && r.id != "same-day")
            .cloned()
            .collect();
        series.push(current.clone());
        let change = since_last(&rubric, &current, previous, &series);
        assert_eq!(change.previous_id.as_deref(), Some("prev"));
        assert_eq!(change.readiness_change, Some(0.0));
        assert_eq!(change.self_assessments, 3);
        let alpha = &change.dimensions[0];
        assert_eq!(
            (alpha.before, alpha.after, alpha.change),
            (Some(3.0), Some(3.0), Some(0.0))
        );
        assert!(alpha.sustained);
        let beta = &change.dimensions[1];
        assert_eq!(beta.change, Some(-1.0));
        assert!(!beta.sustained);

        let first = since_last(&rubric, &current, None, std::slice::from_ref(&current));
        assert_eq!(first.previous_id, None);
        assert_eq!(first.readiness_change, None);
        assert_eq!(first.dimensions[0].before, None);
        assert!(!first.dimensions[0].sustained);
    }
}
