//! The team view of many assessments against one rubric: where the group stands per dimension.
//!
//! A [`Tally`] takes one [`Score`] at a time and keeps counts, not the scores themselves, so its
//! size depends on how many distinct levels occur, not on how many people were scored. Tallies
//! merge, and the figures do not depend on the order scores arrive in.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::rubric::Rubric;
use super::scoring::{INCOMPLETE, Score};

/// Counts of exact values, for a mean, median and minimum that do not depend on arrival order.
#[derive(Debug, Clone, Default, PartialEq)]
struct Histogram {
    /// Count per value, keyed so that key order is numeric order.
    counts: BTreeMap<u64, u64>,
    n: u64,
}

/// A key whose unsigned order is the numeric order of `value` (for any finite float).
fn key(value: f64) -> u64 {
    let bits = value.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

fn value(key: u64) -> f64 {
    if key >> 63 == 1 {
        f64::from_bits(key & !(1 << 63))
    } else {
        f64::from_bits(!key)
    }
}

impl Histogram {
    fn add(&mut self, x: f64) {
        *self.counts.entry(key(x)).or_insert(0) += 1;
        self.n += 1;
    }

    fn merge(&mut self, other: &Self) {
        for (&k, &c) in &other.counts {
            *self.counts.entry(k).or_insert(0) += c;
        }
        self.n += other.n;
    }

    #[allow(clippy::cast_precision_loss)]
    fn stats(&self) -> Stats {
        if self.n == 0 {
            return Stats::default();
        }
        let sum: f64 = self.counts.iter().map(|(&k, &c)| value(k) * c as f64).sum();
        Stats {
            mean: Some(sum / self.n as f64),
            median: Some(self.median()),
            min: self.counts.keys().next().map(|&k| value(k)),
        }
    }

    /// The middle value, or the mean of the two middle values.
    fn median(&self) -> f64 {
        let lower = self.at_rank((self.n - 1) / 2);
        let upper = self.at_rank(self.n / 2);
        (lower + upper) / 2.0
    }

    /// The value at 0-based rank `rank` in ascending order.
    fn at_rank(&self, rank: u64) -> f64 {
        let mut seen = 0;
        for (&k, &c) in &self.counts {
            seen += c;
            if rank < seen {
                return value(k);
            }
        }
        f64::NAN
    }

    fn at_least(&self, threshold: f64) -> u64 {
        self.counts.range(key(threshold)..).map(|(_, &c)| c).sum()
    }
}

/// Mean, median and minimum of a set of values; all null when the set is empty.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Stats {
    /// The arithmetic mean.
    pub mean: Option<f64>,
    /// The median (the mean of the two middle values for an even count).
    pub median: Option<f64>,
    /// The smallest value.
    pub min: Option<f64>,
}

/// Running counts for the assessments scored against one rubric.
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    n: u64,
    readiness: Histogram,
    /// Per band, then one for "Incomplete".
    verdicts: Vec<u64>,
    /// Per dimension, in rubric order.
    levels: Vec<Histogram>,
    /// Per dimension: how many people have it as their top gap.
    top_gaps: Vec<u64>,
    /// The distinct subjects the assessments name (a name per person, not per file).
    subjects: BTreeSet<String>,
    /// Assessments that name no subject.
    without_subject: u64,
}

impl Tally {
    /// An empty tally for `rubric`.
    pub fn new(rubric: &Rubric) -> Self {
        Self {
            n: 0,
            readiness: Histogram::default(),
            verdicts: vec![0; rubric.bands.len() + 1],
            levels: vec![Histogram::default(); rubric.dimensions.len()],
            top_gaps: vec![0; rubric.dimensions.len()],
            subjects: BTreeSet::new(),
            without_subject: 0,
        }
    }

    /// Notes whom a counted assessment is about, so people are counted only where subjects
    /// say who they are (two files about one person, or a manager's rating, are one person).
    pub fn add_subject(&mut self, subject: Option<&str>) {
        match subject.map(str::trim).filter(|s| !s.is_empty()) {
            Some(subject) => {
                self.subjects.insert(subject.to_lowercase());
            }
            None => self.without_subject += 1,
        }
    }

    /// Counts one assessment scored against the tally's rubric.
    pub fn add(&mut self, score: &Score) {
        self.n += 1;
        if let Some(readiness) = score.readiness {
            self.readiness.add(readiness);
        }
        let verdict = score.band.unwrap_or(self.verdicts.len() - 1);
        if let Some(count) = self.verdicts.get_mut(verdict) {
            *count += 1;
        }
        for (histogram, dimension) in self.levels.iter_mut().zip(&score.dimensions) {
            if let Some(level) = dimension.level {
                histogram.add(level);
            }
        }
        if let Some(top) = top_gap(score)
            && let Some(count) = self.top_gaps.get_mut(top)
        {
            *count += 1;
        }
    }

    /// Adds the counts of another tally for the same rubric.
    pub fn merge(&mut self, other: &Self) {
        self.n += other.n;
        self.readiness.merge(&other.readiness);
        for (a, b) in self.verdicts.iter_mut().zip(&other.verdicts) {
            *a += b;
        }
        for (a, b) in self.levels.iter_mut().zip(&other.levels) {
            a.merge(b);
        }
        for (a, b) in self.top_gaps.iter_mut().zip(&other.top_gaps) {
            *a += b;
        }
        self.subjects.extend(other.subjects.iter().cloned());
        self.without_subject += other.without_subject;
    }

    /// How many assessments were counted.
    pub fn count(&self) -> u64 {
        self.n
    }

    /// The team view.
    #[allow(clippy::cast_precision_loss)]
    pub fn summary(&self, rubric: &Rubric) -> Summary {
        let share = |part: u64, whole: u64| (whole > 0).then(|| part as f64 / whole as f64);
        let dimensions: Vec<DimensionSummary> = rubric
            .dimensions
            .iter()
            .zip(&self.levels)
            .zip(&self.top_gaps)
            .map(|((dim, levels), &top_gap)| {
                let at_target = levels.at_least(dim.target - super::scoring::TOLERANCE);
                DimensionSummary {
                    id: dim.id.clone(),
                    name: dim.name.clone(),
                    target: dim.target,
                    critical: dim.critical,
                    assessed: levels.n,
                    level: levels.stats(),
                    at_target,
                    at_target_share: share(at_target, levels.n),
                    top_gap,
                }
            })
            .collect();
        // The most common top gap; on a tie, the dimension that comes first in the rubric.
        let top_gap = dimensions
            .iter()
            .filter(|d| d.top_gap > 0)
            .fold(None::<&DimensionSummary>, |best, d| match best {
                Some(b) if b.top_gap >= d.top_gap => Some(b),
                _ => Some(d),
            })
            .map(|d| TopGap {
                id: d.id.clone(),
                name: d.name.clone(),
                people: d.top_gap,
                share: d.top_gap as f64 / self.n.max(1) as f64,
            });
        let labels = rubric
            .bands
            .iter()
            .map(|b| b.label.clone())
            .chain(std::iter::once(INCOMPLETE.to_owned()));
        Summary {
            rubric: rubric.id.clone(),
            title: rubric.title.clone(),
            n: self.n,
            people: (!self.subjects.is_empty()).then_some(self.subjects.len() as u64),
            without_subject: self.without_subject,
            readiness: self.readiness.stats(),
            verdicts: labels
                .zip(&self.verdicts)
                .map(|(verdict, &people)| VerdictCount { verdict, people })
                .collect(),
            dimensions,
            top_gap,
        }
    }
}

/// The dimension a person should work on first: the highest priority with a gap above zero.
pub fn top_gap(score: &Score) -> Option<usize> {
    score.order.first().copied().filter(|&d| {
        score
            .dimensions
            .get(d)
            .and_then(|s| s.gap)
            .is_some_and(|g| g > 0.0)
    })
}

/// Where a group stands against one rubric. Serialises as the JSON summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// The rubric id.
    pub rubric: String,
    /// The rubric title.
    pub title: String,
    /// Assessments (answers files) scored.
    pub n: u64,
    /// How many different people the assessments name as their subject (names compared
    /// without case); null when none names one.
    pub people: Option<u64>,
    /// How many assessments name no subject.
    pub without_subject: u64,
    /// Readiness over the people with a readiness.
    pub readiness: Stats,
    /// How many people got each verdict, top band first, "Incomplete" last.
    pub verdicts: Vec<VerdictCount>,
    /// Per dimension, in rubric order.
    pub dimensions: Vec<DimensionSummary>,
    /// The dimension that is most often a person's top gap; null when nobody has a gap.
    pub top_gap: Option<TopGap>,
}

/// People per verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerdictCount {
    /// The verdict label.
    pub verdict: String,
    /// How many people got it.
    pub people: u64,
}

/// One dimension across the group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DimensionSummary {
    /// Dimension id.
    pub id: String,
    /// Dimension name.
    pub name: String,
    /// The target level.
    pub target: f64,
    /// A must-have.
    pub critical: bool,
    /// People assessed on this dimension (the others answered nothing or only "na").
    pub assessed: u64,
    /// Level over the people assessed.
    pub level: Stats,
    /// People at or above the target.
    pub at_target: u64,
    /// `at_target` over `assessed`; null when nobody was assessed.
    pub at_target_share: Option<f64>,
    /// People for whom this is the top gap.
    pub top_gap: u64,
}

/// The most common top gap.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopGap {
    /// Dimension id.
    pub id: String,
    /// Dimension name.
    pub name: String,
    /// People for whom it is the top gap.
    pub people: u64,
    /// `people` over everyone scored.
    pub share: f64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::answers::{Answers, Rater, Response};
    use crate::core::scoring::score;
    use crate::testing;

    fn scored(rubric: &Rubric, a: Option<Response>, b: Option<usize>) -> Score {
        let mut answers = Answers::empty(rubric, Rater::Myself);
        answers.responses[0] = a;
        answers.responses[1] = b.map(Response::Choice);
        score(rubric, &answers)
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-12)
    }

    #[test]
    fn levels_shares_and_the_top_gap() {
        let rubric = testing::rubric();
        let mut tally = Tally::new(&rubric);
        // a levels 1, 3, 4 and one "na"; b levels 0, 2, 2, 4.
        tally.add(&scored(&rubric, Some(Response::Choice(1)), Some(0)));
        tally.add(&scored(&rubric, Some(Response::Choice(3)), Some(2)));
        tally.add(&scored(&rubric, Some(Response::Choice(4)), Some(2)));
        tally.add(&scored(&rubric, Some(Response::Na), Some(4)));
        let summary = tally.summary(&rubric);
        assert_eq!(summary.n, 4);
        let a = &summary.dimensions[0];
        assert_eq!(a.assessed, 3);
        assert!(close(a.level.mean, 8.0 / 3.0));
        assert!(close(a.level.median, 3.0));
        assert!(close(a.level.min, 1.0));
        assert_eq!(a.at_target, 2);
        assert!(close(a.at_target_share, 2.0 / 3.0));
        let b = &summary.dimensions[1];
        assert!(close(b.level.median, 2.0));
        assert!(close(b.level.min, 0.0));
        assert_eq!(b.at_target, 3);
        // Top gaps: person 1 has a gap 2 (a) and b gap 2: a first in rubric order; nobody else
        // has a gap except none: person 2 and 3 are at target, person 4 has no assessed a.
        assert_eq!(a.top_gap, 1);
        let top = summary.top_gap.unwrap();
        assert_eq!((top.id.as_str(), top.people), ("a", 1));
        assert!(close(Some(top.share), 0.25));
    }

    #[test]
    fn even_counts_take_the_mean_of_the_middle_two() {
        let rubric = testing::rubric();
        let mut tally = Tally::new(&rubric);
        for b in [0, 1, 3, 4] {
            tally.add(&scored(&rubric, None, Some(b)));
        }
        let summary = tally.summary(&rubric);
        assert!(close(summary.dimensions[1].level.median, 2.0));
        assert_eq!(summary.dimensions[0].assessed, 0);
        assert_eq!(summary.dimensions[0].level, Stats::default());
        assert_eq!(summary.dimensions[0].at_target_share, None);
    }

    #[test]
    fn merging_in_any_order_gives_the_same_figures() {
        let rubric = testing::rubric();
        let scores: Vec<Score> = (0..20)
            .map(|i| scored(&rubric, Some(Response::Choice(i % 5)), Some((i * 3) % 5)))
            .collect();
        let mut whole = Tally::new(&rubric);
        scores.iter().for_each(|s| whole.add(s));
        let (mut left, mut right) = (Tally::new(&rubric), Tally::new(&rubric));
        scores[..7].iter().for_each(|s| left.add(s));
        scores[7..].iter().rev().for_each(|s| right.add(s));
        right.merge(&left);
        assert_eq!(right.summary(&rubric), whole.summary(&rubric));
        assert_eq!(whole.count(), 20);
    }

    #[test]
    fn verdicts_are_counted_per_band_with_incomplete_last() {
        let rubric = testing::rubric();
        let mut tally = Tally::new(&rubric);
        tally.add(&scored(&rubric, Some(Response::Choice(4)), Some(4)));
        tally.add(&scored(&rubric, None, None));
        let summary = tally.summary(&rubric);
        let counts: Vec<(&str, u64)> = summary
            .verdicts
            .iter()
            .map(|v| (v.verdict.as_str(), v.people))
            .collect();
        assert_eq!(counts.first(), Some(&("Ready now", 1)));
        assert_eq!(counts.last(), Some(&(INCOMPLETE, 1)));
        assert_eq!(summary.top_gap, None);
    }

    #[test]
    fn keys_keep_numeric_order() {
        let values = [-2.5, -0.0, 0.0, 1e-9, 1.0, 3.75, 4.0];
        for pair in values.windows(2) {
            assert!(key(pair[0]) <= key(pair[1]), "{pair:?}");
            assert_eq!(value(key(pair[0])).to_bits(), pair[0].to_bits());
        }
    }
}
