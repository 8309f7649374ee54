//! Renderers for the assessment history and for a report's changes since the last assessment.
//! Pure: model in, bytes out.

use std::fmt::Write;

use comfy_table::{Cell, CellAlignment, Color, Table};

use serde::Serialize;

use super::escape::terminal;
use super::{Exporter, bold, new_table, number, percent, pretty_json, signed};
use crate::core::answers::Rater;
use crate::core::date::Date;
use crate::core::history::{History, Record, SUSTAIN_DAYS, Trend};
use crate::core::plan::Progress;
use crate::core::report::{Report, RubricInfo, SinceLast};
use crate::core::rubric::MAX_LEVEL;
use crate::term::Style;

/// The characters of a sparkline, lowest first, mapped onto the fixed 0..4 level scale.
const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/// The same ramp in plain ASCII, for terminals that cannot draw blocks.
const ASCII_BLOCKS: [char; 8] = ['_', '.', '-', '~', '=', '+', '*', '#'];

/// The history for a terminal: the assessments, then each rater's trend per dimension.
#[derive(Debug, Clone, Copy)]
pub struct HistoryTable {
    /// Colour, width and character set.
    pub style: Style,
}

/// The history as JSON: an array with one object per rubric.
#[derive(Debug, Clone, Copy, Default)]
pub struct HistoryJson;

impl Exporter<[History]> for HistoryTable {
    fn render(&self, histories: &[History]) -> Vec<u8> {
        table(histories, self.style)
    }
}

impl Exporter<[History]> for HistoryJson {
    fn render(&self, histories: &[History]) -> Vec<u8> {
        let shown: Vec<HistoryOut<'_>> = histories.iter().map(HistoryOut::of).collect();
        pretty_json(&shown)
    }
}

/// A history as the JSON carries it: the model, with each trend's sparkline drawn.
#[derive(Serialize)]
struct HistoryOut<'a> {
    rubric: &'a RubricInfo,
    assessments: &'a [Record],
    trends: Vec<TrendOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    plan: Option<&'a Progress>,
}

#[derive(Serialize)]
struct TrendOut<'a> {
    subject: Option<&'a str>,
    rater: &'a Rater,
    assessments: usize,
    first_date: &'a Date,
    last_date: &'a Date,
    dimensions: Vec<DimensionOut<'a>>,
}

#[derive(Serialize)]
struct DimensionOut<'a> {
    id: &'a str,
    name: &'a str,
    target: f64,
    levels: &'a [Option<f64>],
    first: Option<f64>,
    last: Option<f64>,
    change: Option<f64>,
    sparkline: String,
    sustained: bool,
}

impl<'a> HistoryOut<'a> {
    fn of(history: &'a History) -> Self {
        Self {
            rubric: &history.rubric,
            assessments: &history.assessments,
            trends: history
                .trends
                .iter()
                .map(|trend| TrendOut {
                    subject: trend.subject.as_deref(),
                    rater: &trend.rater,
                    assessments: trend.assessments,
                    first_date: &trend.first_date,
                    last_date: &trend.last_date,
                    dimensions: trend
                        .dimensions
                        .iter()
                        .map(|dim| DimensionOut {
                            id: &dim.id,
                            name: &dim.name,
                            target: dim.target,
                            levels: &dim.levels,
                            first: dim.first,
                            last: dim.last,
                            change: dim.change,
                            sparkline: sparkline(&dim.levels, false),
                            sustained: dim.sustained,
                        })
                        .collect(),
                })
                .collect(),
            plan: history.plan.as_ref(),
        }
    }
}

/// Draws levels on the fixed 0..4 scale, one character each: `▁` is 0, `█` is 4, and `·`
/// (a space in ASCII) marks an assessment where the dimension was not assessed. The scale
/// is fixed rather than stretched to the values, so a line held at 3 reads as high.
pub fn sparkline(levels: &[Option<f64>], ascii: bool) -> String {
    let (ramp, missing) = if ascii {
        (&ASCII_BLOCKS, ' ')
    } else {
        (&BLOCKS, '·')
    };
    levels
        .iter()
        .map(|level| match level {
            Some(level) => {
                let top = ramp.len() - 1;
                // In 0..=top after the clamp, so the cast is exact.
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let index = ((level / MAX_LEVEL).clamp(0.0, 1.0) * top as f64).round() as usize;
                ramp[index.min(top)]
            }
            None => missing,
        })
        .collect()
}

fn table(histories: &[History], style: Style) -> Vec<u8> {
    let mut out = String::new();
    for (i, history) in histories.iter().enumerate() {
        if i > 0 {
            let _ = writeln!(out);
        }
        let title = format!(
            "{} ({}) · {}",
            terminal(&history.rubric.title),
            history.rubric.id,
            assessments(history.assessments.len())
        );
        let _ = writeln!(out, "{}", bold(style, &title));
        let mut list = new_table(style);
        list.set_header(["ID", "Date", "Subject", "Rater", "Readiness", "Verdict"]);
        for record in &history.assessments {
            list.add_row(vec![
                Cell::new(terminal(&record.id)),
                Cell::new(record.date.to_string()),
                Cell::new(terminal(subject_name(
                    record.subject.as_deref(),
                    record.rater,
                ))),
                Cell::new(record.rater.as_str()),
                Cell::new(percent(record.readiness)).set_alignment(CellAlignment::Right),
                Cell::new(terminal(&record.verdict)),
            ]);
        }
        let _ = writeln!(out, "{list}");
        for trend in &history.trends {
            let _ = writeln!(out);
            write_trend(&mut out, trend, style);
        }
        if let Some(plan) = &history.plan {
            let _ = writeln!(out);
            out.push_str(&super::plan::progress_text(plan));
        }
    }
    if histories.iter().any(|h| !h.trends.is_empty()) {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", sustained_rule());
    }
    out.into_bytes()
}

/// Whom an assessment is about, in a listing: its subject; "you" for your own without one,
/// "not named" for someone else's rating without one.
pub fn subject_name(subject: Option<&str>, rater: Rater) -> &str {
    match (subject, rater) {
        (Some(subject), _) => subject,
        (None, Rater::Myself) => "you",
        (None, _) => "not named",
    }
}

/// The sustained rule in one sentence.
pub fn sustained_rule() -> String {
    format!(
        "Sustained: at or above target in every assessment of the same person by the same rater over at least the last {SUSTAIN_DAYS} days, and in at least two of them."
    )
}

/// "1 assessment", "2 assessments".
fn assessments(count: usize) -> String {
    format!("{count} assessment{}", if count == 1 { "" } else { "s" })
}

fn write_trend(out: &mut String, trend: &Trend, style: Style) {
    let name = subject_name(trend.subject.as_deref(), trend.rater);
    let whose = match (trend.subject.as_deref(), trend.rater) {
        (None, Rater::Myself) => "you, your own view".to_owned(),
        (_, Rater::Myself) => format!("{name}, their own view"),
        (None, rater) => format!("someone not named, as their {rater} sees them"),
        (_, rater) => format!("{name}, as their {rater} sees them"),
    };
    let title = format!(
        "Trend: {} ({}, {} to {})",
        terminal(&whose),
        assessments(trend.assessments),
        trend.first_date,
        trend.last_date
    );
    let _ = writeln!(out, "{}", bold(style, &title));
    let mut table = dimension_table(style, &["Trend", "First", "Last"]);
    for dim in &trend.dimensions {
        table.add_row(dimension_row(
            &dim.name,
            dim.target,
            [
                Cell::new(sparkline(&dim.levels, style.ascii)),
                right(number(dim.first)),
                right(number(dim.last)),
            ],
            dim.change,
            dim.sustained,
        ));
    }
    let _ = writeln!(out, "{table}");
}

/// The heading and the first line of the "since last time" section, as plain text for each
/// format to escape.
pub fn since_intro(report: &Report, since: &SinceLast) -> (String, String) {
    match (&since.previous_id, since.previous_date) {
        (Some(_), Some(date)) => (
            format!("Since the assessment of {date}"),
            readiness_line(since),
        ),
        _ => (
            "Since last time".to_owned(),
            format!(
                "No earlier {} assessment of this rubric is stored, so there is nothing to compare with yet.",
                report.rater
            ),
        ),
    }
}

/// The sustained rule with the number of assessments it rests on.
pub fn sustained_note(since: &SinceLast) -> String {
    format!(
        "{} ({} such assessment{} on record.)",
        sustained_rule(),
        since.self_assessments,
        if since.self_assessments == 1 { "" } else { "s" }
    )
}

/// The "since last time" block of a report's table view; empty when the report has none.
pub fn since_last_text(report: &Report, style: Style) -> String {
    let Some(since) = &report.since_last else {
        return String::new();
    };
    let mut out = String::new();
    let (heading, summary) = since_intro(report, since);
    let _ = writeln!(out, "{}", bold(style, &heading));
    let _ = writeln!(out, "{}", terminal(&summary));
    let mut table = dimension_table(style, &["Before", "Now"]);
    for dim in &since.dimensions {
        table.add_row(dimension_row(
            &dim.name,
            dim.target,
            [right(number(dim.before)), right(number(dim.after))],
            dim.change,
            dim.sustained,
        ));
    }
    let _ = writeln!(out, "{table}");
    let _ = writeln!(out, "{}", sustained_note(since));
    out
}

/// A table of levels by dimension: the name and the target, the `levels` columns, then the
/// change and whether it was sustained.
fn dimension_table(style: Style, levels: &[&str]) -> Table {
    let mut table = new_table(style);
    let mut header = vec!["Dimension", "Target"];
    header.extend(levels);
    header.extend(["Change", "Sustained"]);
    table.set_header(header);
    table
}

/// A row of a [`dimension_table`].
fn dimension_row(
    name: &str,
    target: f64,
    levels: impl IntoIterator<Item = Cell>,
    change: Option<f64>,
    sustained: bool,
) -> Vec<Cell> {
    let mut row = vec![Cell::new(terminal(name)), right(format!("{target:.1}"))];
    row.extend(levels);
    row.push(change_cell(change));
    row.push(sustained_cell(sustained));
    row
}

/// A right-aligned cell.
fn right(text: String) -> Cell {
    Cell::new(text).set_alignment(CellAlignment::Right)
}

/// A change of level, right-aligned: green when it rose, red when it fell.
fn change_cell(change: Option<f64>) -> Cell {
    let cell = right(change.map_or_else(|| "-".to_owned(), signed));
    match change {
        Some(c) if c >= 0.05 => cell.fg(Color::Green),
        Some(c) if c <= -0.05 => cell.fg(Color::Red),
        _ => cell,
    }
}

/// Whether a dimension was sustained at target: a green "yes", or "no".
fn sustained_cell(sustained: bool) -> Cell {
    if sustained {
        Cell::new("yes").fg(Color::Green)
    } else {
        Cell::new("no")
    }
}

fn readiness_line(since: &SinceLast) -> String {
    // The change between the rounded figures shown, so the line adds up as printed.
    let change = since
        .readiness_before
        .zip(since.readiness_after)
        .map_or_else(String::new, |(before, after)| {
            format!(" ({:+.0} points)", after.round() - before.round())
        });
    let verdict = since
        .verdict_before
        .as_deref()
        .map_or_else(String::new, |v| format!("  ·  verdict then: {v}"));
    format!(
        "Readiness {} → {}{change}{verdict}",
        percent(since.readiness_before),
        percent(since.readiness_after)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::history::{DimensionLevel, build};
    use crate::testing::{self, DELEGATION};

    fn record(id: &str, date: Date, rater: Rater, level: f64) -> Record {
        Record {
            id: id.into(),
            date,
            rater,
            subject: None,
            readiness: Some(level / 3.0 * 100.0),
            verdict: "Developing".into(),
            levels: vec![DimensionLevel {
                id: "a".into(),
                level: Some(level),
            }],
        }
    }

    #[test]
    fn history_table() {
        let rubric = testing::parse(DELEGATION);
        let day = |m, d| Date::new(2026, m, d).unwrap();
        let history = build(
            &rubric,
            vec![
                record("aaaa1111", day(1, 10), Rater::Myself, 1.0),
                record("bbbb2222", day(3, 1), Rater::Myself, 3.0),
                record("cccc3333", day(5, 2), Rater::Myself, 3.0),
                record("dddd4444", day(4, 1), Rater::Manager, 1.0),
            ],
        );
        let out = String::from_utf8(
            HistoryTable {
                style: Style::PLAIN,
            }
            .render(std::slice::from_ref(&history)),
        )
        .unwrap();
        insta::assert_snapshot!(out);
        let ascii = Style {
            ascii: true,
            ..Style::PLAIN
        };
        let out = String::from_utf8(HistoryTable { style: ascii }.render(&[history])).unwrap();
        assert!(out.contains(" -++ "), "{out}");
    }

    #[test]
    fn sparklines_use_the_fixed_scale() {
        let levels = [Some(0.0), Some(1.0), Some(2.0), None, Some(3.0), Some(4.0)];
        assert_eq!(sparkline(&levels, false), "▁▃▅·▆█");
        assert_eq!(sparkline(&levels, true), "_-= +#");
        assert_eq!(sparkline(&[Some(9.0), Some(-1.0)], false), "█▁");
        assert_eq!(sparkline(&[Some(1.0), Some(3.0), Some(3.0)], false), "▃▆▆");
        assert_eq!(sparkline(&[None, Some(2.0), Some(1.0)], false), "·▅▃");
    }
}
