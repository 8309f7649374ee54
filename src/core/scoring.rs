//! The scoring model: question levels, dimension levels, gaps, readiness, coverage and verdict.
//!
//! This is the one implementation of the model the README documents; every view scores through it.

use super::answers::{Answers, Response};
use super::rubric::{MAX_LEVEL, Question, QuestionKind, Rubric};

/// The verdict when coverage is too low or nothing could be scored.
pub const INCOMPLETE: &str = "Incomplete";
/// Coverage below this makes the verdict [`INCOMPLETE`].
pub const MIN_COVERAGE: f64 = 0.5;
pub use super::rubric::TOLERANCE;

/// A dimension's score.
#[derive(Debug, Clone, PartialEq)]
pub struct DimensionScore {
    /// Weighted mean level of its questions that have a level; `None` is not assessed.
    pub level: Option<f64>,
    /// `max(0, target - level)`.
    pub gap: Option<f64>,
    /// `gap * weight`.
    pub priority: Option<f64>,
    /// Scored questions with any response, `"na"` included.
    pub answered: usize,
    /// Scored questions in the dimension.
    pub questions: usize,
    /// Not assessed, and at least one question was answered "no chance yet".
    pub opportunity: bool,
    /// Critical, and the gap exceeds the rubric's gate.
    pub gating: bool,
    /// Questions with `evidence_from` whose level is at or above it.
    pub claims: usize,
    /// Of those claims, how many have a non-empty example.
    pub evidenced: usize,
}

/// A whole assessment's score.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// Readiness percentage; `None` when no dimension is assessed.
    pub readiness: Option<f64>,
    /// Index into the rubric's bands, or `None` for [`INCOMPLETE`].
    pub band: Option<usize>,
    /// The verdict label.
    pub verdict: String,
    /// Whether a must-have (below the bar or unproven) lowered the verdict.
    pub gate_applied: bool,
    /// Indexes of critical dimensions whose gap exceeds the gate, in rubric order.
    pub gated_by: Vec<usize>,
    /// Indexes of critical dimensions that are not assessed, in rubric order.
    pub unproven: Vec<usize>,
    /// Share of scored questions with any response.
    pub coverage: f64,
    /// Per dimension, in rubric order.
    pub dimensions: Vec<DimensionScore>,
    /// Dimension indexes by priority: assessed ones by priority descending (ties in rubric
    /// order), then not-assessed ones in rubric order.
    pub order: Vec<usize>,
}

/// The level a response earns on a question; `None` for text, "na" and unanswered.
pub fn question_level(question: &Question, response: Option<&Response>) -> Option<f64> {
    match (&question.kind, response?) {
        (QuestionKind::Choice(options), Response::Choice(i)) => {
            options.get(*i).map(|o| f64::from(o.level))
        }
        (QuestionKind::Multi(options), Response::Multi(chosen)) => {
            let sum: f64 = chosen
                .iter()
                .filter_map(|i| options.get(*i))
                .map(|o| o.points)
                .sum();
            Some(sum.clamp(0.0, MAX_LEVEL))
        }
        _ => None,
    }
}

/// Scores answers that were checked against `rubric`.
pub fn score(rubric: &Rubric, answers: &Answers) -> Score {
    let mut dimensions = Vec::with_capacity(rubric.dimensions.len());
    let mut flat = 0;
    let (mut scored_total, mut responded_total) = (0usize, 0usize);
    let (mut readiness_sum, mut weight_sum) = (0.0, 0.0);
    let (mut gated_by, mut unproven) = (Vec::new(), Vec::new());
    for (d, dim) in rubric.dimensions.iter().enumerate() {
        let (mut level_sum, mut level_weight) = (0.0, 0.0);
        let (mut answered, mut questions, mut any_na) = (0, 0, false);
        let (mut claims, mut evidenced) = (0, 0);
        for question in &dim.questions {
            let response = answers.responses.get(flat).and_then(Option::as_ref);
            let example = answers.evidence.get(flat).and_then(Option::as_deref);
            flat += 1;
            if !question.is_scored() {
                continue;
            }
            questions += 1;
            if response.is_some() {
                answered += 1;
            }
            any_na |= matches!(response, Some(Response::Na));
            if let Some(level) = question_level(question, response) {
                level_sum += question.weight * level;
                level_weight += question.weight;
                if question
                    .evidence_from
                    .is_some_and(|from| at_least(level, f64::from(from)))
                {
                    claims += 1;
                    if example.is_some_and(|text| !text.trim().is_empty()) {
                        evidenced += 1;
                    }
                }
            }
        }
        scored_total += questions;
        responded_total += answered;
        let level = (level_weight > 0.0).then(|| level_sum / level_weight);
        let gap = level.map(|l| gap_to(l, dim.target));
        if let Some(l) = level {
            let reached = if at_least(l, dim.target) {
                dim.target
            } else {
                l
            };
            readiness_sum += dim.weight * reached / dim.target;
            weight_sum += dim.weight;
        }
        let gating = dim.critical && gap.is_some_and(|g| g > rubric.gate_gap + TOLERANCE);
        if gating {
            gated_by.push(d);
        }
        if dim.critical && level.is_none() {
            unproven.push(d);
        }
        dimensions.push(DimensionScore {
            level,
            gap,
            priority: gap.map(|g| g * dim.weight),
            answered,
            questions,
            opportunity: level.is_none() && any_na,
            gating,
            claims,
            evidenced,
        });
    }
    let readiness = (weight_sum > 0.0).then(|| 100.0 * readiness_sum / weight_sum);
    #[allow(clippy::cast_precision_loss)]
    let coverage = if scored_total == 0 {
        0.0
    } else {
        responded_total as f64 / scored_total as f64
    };
    let mut band = match readiness {
        Some(r) if coverage >= MIN_COVERAGE => Some(rubric.band_for(r)),
        _ => None,
    };
    let mut gate_applied = false;
    // Bands run highest first, so a smaller index is a better verdict.
    if let Some(b) = band
        && b < rubric.gate_band
        && !(gated_by.is_empty() && unproven.is_empty())
    {
        band = Some(rubric.gate_band);
        gate_applied = true;
    }
    let verdict = band
        .map_or(INCOMPLETE, |b| rubric.bands[b].label.as_str())
        .to_owned();
    let order = priority_order(&dimensions);
    Score {
        readiness,
        band,
        verdict,
        gate_applied,
        gated_by,
        unproven,
        coverage,
        dimensions,
        order,
    }
}

/// Whether `level` reaches `bar`, within [`TOLERANCE`].
pub fn at_least(level: f64, bar: f64) -> bool {
    level >= bar - TOLERANCE
}

/// `max(0, target - level)`, and exactly 0 within [`TOLERANCE`].
pub fn gap_to(level: f64, target: f64) -> f64 {
    if at_least(level, target) {
        0.0
    } else {
        target - level
    }
}

fn priority_order(dimensions: &[DimensionScore]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..dimensions.len()).collect();
    // A stable sort keeps rubric order among equal priorities.
    order.sort_by(
        |&a, &b| match (dimensions[a].priority, dimensions[b].priority) {
            (Some(pa), Some(pb)) => pb.total_cmp(&pa),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        },
    );
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::answers::Rater;
    use crate::core::rubric::parse_rubric;
    use crate::testing::{self, CRITICAL, GATED};

    fn scored(answers: &str) -> Score {
        testing::scored(&testing::parse(CRITICAL), &format!("[answers]\n{answers}"))
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn dimension_level_is_the_weighted_mean_of_question_levels() {
        let s = scored("l1 = 3\nl2 = 2\ns1 = [1]");
        // (1*3 + 3*2) / (1 + 3) = 2.25
        assert!(close(s.dimensions[0].level.unwrap(), 2.25));
        assert!(close(s.dimensions[0].gap.unwrap(), 0.75));
        assert!(close(s.dimensions[0].priority.unwrap(), 1.5));
        assert_eq!(
            (s.dimensions[0].answered, s.dimensions[0].questions),
            (2, 2)
        );
    }

    #[test]
    fn multi_sums_points_and_caps_at_four() {
        assert!(close(
            scored("s1 = [1, 2]").dimensions[1].level.unwrap(),
            3.5
        ));
        assert!(close(
            scored("s1 = [1, 2, 3]").dimensions[1].level.unwrap(),
            4.0
        ));
        assert!(close(scored("s1 = []").dimensions[1].level.unwrap(), 0.0));
    }

    #[test]
    fn na_and_unanswered_have_no_level() {
        let s = scored("l1 = \"na\"\ns1 = [2]");
        // Only l2 unanswered and l1 na: lead is not assessed, and is an opportunity gap.
        assert_eq!(s.dimensions[0].level, None);
        assert_eq!(s.dimensions[0].gap, None);
        assert!(s.dimensions[0].opportunity);
        assert_eq!(s.dimensions[0].answered, 1);
        // na counts toward coverage: l1 and s1 of three scored questions.
        assert!(close(s.coverage, 2.0 / 3.0));
        // Readiness only over assessed dimensions: share at 2 of target 2.
        assert!(close(s.readiness.unwrap(), 100.0));
        let unanswered = scored("s1 = [2]");
        assert!(!unanswered.dimensions[0].opportunity);
    }

    #[test]
    fn readiness_caps_each_dimension_at_its_target() {
        // lead: (1*4 + 3*4)/4 = 4 -> min(4, 3)/3 = 1; share: 1.5 -> 0.75.
        let s = scored("l1 = 4\nl2 = 3\ns1 = [1]");
        let expected = 100.0 * (2.0 * 1.0 + 1.0 * 0.75) / 3.0;
        assert!(close(s.readiness.unwrap(), expected));
        assert_eq!(s.verdict, "Ready now"); // 91.7
    }

    #[test]
    fn priority_orders_gaps_then_rubric_order() {
        // lead gap 3 -> priority 6; share gap 2 -> priority 2.
        assert_eq!(scored("l1 = 1\nl2 = 1\ns1 = []").order, [0, 1]);
        // lead gap 0.75*2 = 1.5; share gap 2 -> 2.
        assert_eq!(scored("l1 = 3\nl2 = 2\ns1 = []").order, [1, 0]);
        // Equal priorities keep rubric order; not assessed come last.
        assert_eq!(scored("l1 = 4\nl2 = 3\ns1 = [2]").order, [0, 1]);
        assert_eq!(scored("s1 = [2]").order, [1, 0]);
    }

    #[test]
    fn coverage_below_half_is_incomplete() {
        let s = scored("s1 = [3]");
        assert!(close(s.coverage, 1.0 / 3.0));
        assert_eq!(s.verdict, INCOMPLETE);
        assert_eq!(s.band, None);
        assert!(s.readiness.is_some());
    }

    #[test]
    fn nothing_assessed_is_incomplete_with_no_readiness() {
        let s = scored("l1 = \"na\"\nl2 = \"na\"");
        assert_eq!(s.readiness, None);
        assert_eq!(s.verdict, INCOMPLETE);
        assert!(close(s.coverage, 2.0 / 3.0));
    }

    #[test]
    fn text_answers_are_never_scored() {
        let s = scored("l-why = \"to grow people\"");
        assert_eq!(s.coverage, 0.0);
        assert_eq!(s.dimensions[0].answered, 0);
    }

    #[test]
    fn a_critical_gap_beyond_the_gate_drops_the_top_band() {
        // lead: l1=2 (level 1), l2=3 (level 4) -> (1 + 12)/4 = 3.25: no gap.
        let fine = scored("l1 = 2\nl2 = 3\ns1 = [2]");
        assert_eq!(fine.verdict, "Ready now");
        assert!(fine.gated_by.is_empty());
        // lead: l1=1 (0), l2=3 (4) -> 12/4 = 3: no gap either; use l2 alone at level 2 -> gap 1 = gate: not gated.
        let at_gate = scored("l2 = 2\ns1 = [3]");
        assert!(close(at_gate.dimensions[0].gap.unwrap(), 1.0));
        assert!(at_gate.gated_by.is_empty());
        // Just past the gate: level 1 from l1=2 alone -> gap 2 > 1.
        let gated = scored("l1 = 2\ns1 = [3]");
        assert_eq!(gated.gated_by, [0]);
        assert!(gated.dimensions[0].gating);
        // readiness = (2*(1/3) + 1) / 3 * 100 = 55.6 -> "Developing"; the gate only moves the top band.
        assert_eq!(gated.verdict, "Developing");
        assert!(!gated.gate_applied);
    }

    #[test]
    fn gate_moves_a_top_band_verdict_to_the_second_band() {
        let source = format!(
            "{}\n[[bands]]\nmin = 40\nlabel = \"Go\"\n[[bands]]\nmin = 0\nlabel = \"Wait\"\n",
            CRITICAL.replace("version = 1", "version = 1\ngate_gap = 0.5")
        );
        let rubric = testing::parse(&source);
        let mut answers = Answers::empty(&rubric, Rater::Myself);
        answers.responses[0] = Some(Response::Choice(1)); // l1 level 1: gap 2 > 0.5
        answers.responses[3] = Some(Response::Multi(vec![1])); // share level 2
        let s = score(&rubric, &answers);
        // readiness = (2 * 1/3 + 1) / 3 = 55.6 -> band "Go", gated to "Wait".
        assert_eq!(s.gated_by, [0]);
        assert!(s.gate_applied);
        assert_eq!(s.verdict, "Wait");
    }

    /// The gated rubric with `gate_band` (a line, or nothing) after its header.
    fn with_gate_band(gate_band: &str) -> String {
        GATED.replacen("to = \"B\"\n", &format!("to = \"B\"\n{gate_band}\n"), 1)
    }

    fn scored_v2(gate_band: &str, answers: &str) -> Score {
        testing::scored(&testing::parse(&with_gate_band(gate_band)), answers)
    }

    #[test]
    fn negative_points_subtract_and_the_sum_is_clamped_to_the_scale() {
        let level = |ticks: &str| {
            scored_v2("", &format!("[answers]\nm2 = {ticks}")).dimensions[0]
                .level
                .unwrap()
        };
        assert!(close(level("[1, 2]"), 4.0)); // 2.5 + 1.5
        assert!(close(level("[1, 2, 3]"), 2.5)); // 4 - 1.5
        assert!(close(level("[1, 3]"), 1.0)); // 2.5 - 1.5
        assert!(close(level("[3]"), 0.0)); // -1.5 clamps to 0
        assert!(close(level("[1, 2, 3, 4]"), 0.0)); // 4 - 5.5 clamps to 0
        assert!(close(level("[]"), 0.0));
    }

    #[test]
    fn gate_band_defaults_to_the_second_highest_band() {
        // m at level 0 (gap 3), p at 4: readiness (0 + 1) / 2 = 50 -> Developing, not moved.
        let low = scored_v2("", "[answers]\nm1 = 1\np1 = 2");
        assert_eq!(
            (low.verdict.as_str(), low.gate_applied),
            ("Developing", false)
        );
        // m at level 3 from m1 and 1 from m2 [1, 3] -> 2: gap 1, at the gate; p at 4.
        let at_gate = scored_v2("", "[answers]\nm1 = 3\nm2 = [1, 3]\np1 = 2");
        assert!(at_gate.gated_by.is_empty());
        // m at (3 + 0) / 2 = 1.5: gap 1.5 > 1; readiness (0.5 + 1) / 2 = 75 -> Ready soon, stays.
        let gated = scored_v2("", "[answers]\nm1 = 3\nm2 = [3]\np1 = 2");
        assert_eq!(gated.gated_by, [0]);
        assert_eq!(
            (gated.verdict.as_str(), gated.gate_applied),
            ("Ready soon", false)
        );
    }

    #[test]
    fn a_custom_gate_band_holds_every_band_above_it() {
        let band = "gate_band = \"Developing\"";
        // readiness 75 -> Ready soon, which is above Developing: held at Developing.
        let gated = scored_v2(band, "[answers]\nm1 = 3\nm2 = [3]\np1 = 2");
        assert_eq!(
            (gated.verdict.as_str(), gated.gate_applied),
            ("Developing", true)
        );
        // readiness 50 -> Developing already: not moved, and gate_applied stays false.
        let low = scored_v2(band, "[answers]\nm1 = 1\np1 = 2");
        assert_eq!(
            (low.verdict.as_str(), low.gate_applied),
            ("Developing", false)
        );
        // Nothing gating: the top band stands.
        let fine = scored_v2(band, "[answers]\nm1 = 2\nm2 = [1, 2]\np1 = 2");
        assert_eq!(
            (fine.verdict.as_str(), fine.gate_applied),
            ("Ready now", false)
        );
        // A band that does not exist is a validation error that names the bands.
        let error = parse_rubric(&with_gate_band("gate_band = \"Soon\""), "r.toml")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("gate_band is \"Soon\", which names no band"),
            "{error}"
        );
    }

    #[test]
    fn an_unproven_must_have_gates_the_verdict() {
        // m all "na", p at the top: readiness 100 from p alone, but m is unproven.
        let all_na = scored_v2("", "[answers]\nm1 = \"na\"\nm2 = \"na\"\np1 = 2");
        assert_eq!(all_na.unproven, [0]);
        assert!(all_na.gated_by.is_empty());
        assert!(close(all_na.readiness.unwrap(), 100.0));
        assert_eq!(
            (all_na.verdict.as_str(), all_na.gate_applied),
            ("Ready soon", true)
        );
        assert!(all_na.dimensions[0].opportunity);
        // Unanswered counts as unproven too (coverage 1/3 would be Incomplete, so answer m1 na).
        let unanswered = scored_v2("", "[answers]\nm1 = \"na\"\np1 = 2");
        assert_eq!(unanswered.unproven, [0]);
        // One level anywhere in the dimension proves it.
        let shown = scored_v2("", "[answers]\nm1 = \"na\"\nm2 = [1, 2]\np1 = 2");
        assert!(shown.unproven.is_empty());
        assert_eq!(shown.verdict, "Ready now");
    }

    #[test]
    fn claims_count_answers_at_the_example_bar_and_evidenced_the_ones_with_an_example() {
        let s = scored_v2(
            "",
            "[answers]\nm1 = 2\nm2 = [1]\np1 = 2\n[evidence]\nm1 = \"Led the Q3 review\"\nm2 = \"  \"",
        );
        // m1 at level 4 >= 3 and m2 at 2.5 >= 2: two claims; m2's example is blank.
        assert_eq!((s.dimensions[0].claims, s.dimensions[0].evidenced), (2, 1));
        // p1 has no evidence_from: never a claim.
        assert_eq!((s.dimensions[1].claims, s.dimensions[1].evidenced), (0, 0));
        // Below the bar is no claim, with or without an example.
        let low = scored_v2("", "[answers]\nm1 = 1\nm2 = [2]\n[evidence]\nm1 = \"x\"");
        assert_eq!(
            (low.dimensions[0].claims, low.dimensions[0].evidenced),
            (0, 0)
        );
        // The score itself does not change with examples.
        let without = scored_v2("", "[answers]\nm1 = 2\nm2 = [1]\np1 = 2");
        assert_eq!(s.readiness, without.readiness);
        assert_eq!(s.verdict, without.verdict);
    }

    #[test]
    fn levels_a_rounding_error_short_of_the_target_meet_it() {
        let source = testing::one_dimension(
            r#"
  [[dimensions.questions]]
  id = "a"
  prompt = "?"
  weight = 0.1
  options = [{ text = "a", level = 0 }, { text = "b", level = 3 }]
  [[dimensions.questions]]
  id = "b"
  prompt = "?"
  weight = 0.3
  options = [{ text = "a", level = 0 }, { text = "b", level = 3 }]
"#,
        );
        let rubric = testing::parse(&source);
        let mut answers = Answers::empty(&rubric, Rater::Myself);
        answers.responses[0] = Some(Response::Choice(1));
        answers.responses[1] = Some(Response::Choice(1));
        let s = score(&rubric, &answers);
        let level = s.dimensions[0].level.unwrap();
        assert!(level < 3.0, "the float sum is {level}");
        assert_eq!(s.dimensions[0].gap, Some(0.0));
        assert_eq!(s.readiness, Some(100.0));
        assert_eq!(s.verdict, "Ready now");
    }
}
