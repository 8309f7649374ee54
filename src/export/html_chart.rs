//! The HTML report's drawings, inline SVG: the level-against-target chart (a radar, or bars
//! for one or two dimensions) and the small bar in each row of the gap table. Every piece of
//! text goes through [`escape::html`](super::escape::html).

use std::f64::consts::TAU;
use std::fmt::Write;

use super::escape::html as e;
use super::{Severity, number, severity, status_words};
use crate::core::report::{DimensionRow, Report, Status};
use crate::core::rubric::MAX_LEVEL;

/// The colour class of a severity, as the stylesheet names it.
pub(super) fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Met => "met",
        Severity::Small => "small",
        Severity::Large => "large",
        Severity::Unscored => "unscored",
    }
}

/// A small bar of the level, with a tick at the target.
pub(super) fn row_bar(row: &DimensionRow) -> String {
    const WIDTH: f64 = 120.0;
    let x = |value: f64| (value / MAX_LEVEL).clamp(0.0, 1.0) * WIDTH;
    let fill = match row.level {
        Some(level) => format!(
            "<rect class=\"fill-{}\" x=\"0\" y=\"3\" width=\"{:.1}\" height=\"8\" rx=\"2\"/>",
            severity_class(severity(row)),
            x(level)
        ),
        None => String::new(),
    };
    format!(
        "<svg viewBox=\"0 0 {WIDTH} 14\" role=\"img\" aria-label=\"level {} of target {:.1}\">\
         <rect class=\"track\" x=\"0\" y=\"3\" width=\"{WIDTH}\" height=\"8\" rx=\"2\"/>{fill}\
         <line class=\"target-tick\" x1=\"{t:.1}\" y1=\"0\" x2=\"{t:.1}\" y2=\"14\"/></svg>",
        number(row.level),
        row.target,
        t = x(row.target).clamp(1.0, WIDTH - 1.0),
    )
}

/// Radar chart geometry, in SVG user units.
const CX: f64 = 340.0;
const CY: f64 = 260.0;
const RADIUS: f64 = 170.0;
const LINE_HEIGHT: f64 = 17.0;
const LABEL_CHARS: usize = 17;

/// The level-against-target chart and its caption: a radar for three dimensions or more; bars
/// for one or two, where a radar has no area to show.
pub(super) fn chart(report: &Report) -> (String, &'static str) {
    let rows = &report.dimensions;
    let summary: Vec<String> = rows
        .iter()
        .map(|row| {
            format!(
                "{}: level {}, target {:.1}",
                e(&row.name),
                row.level.map_or_else(
                    || status_words(row.status).to_owned(),
                    |l| format!("{l:.1}")
                ),
                row.target
            )
        })
        .collect();
    let description = format!(
        "<title>Level against target by dimension</title><desc>{}</desc>",
        summary.join("; ")
    );
    let unscored = rows.iter().any(|row| row.level.is_none());
    if rows.len() >= 3 {
        let caption = if unscored {
            "<span class=\"key key-level\"></span>level <span class=\"key key-target\"></span>target, \
             on the 0–4 scale; grey dashed axes are not assessed"
        } else {
            "<span class=\"key key-level\"></span>level <span class=\"key key-target\"></span>target, \
             on the 0–4 scale"
        };
        (radar(rows, &description), caption)
    } else {
        (
            bars(rows, &description),
            "Bars: level, coloured by the size of the gap; ticks: target, on the 0–4 scale",
        )
    }
}

fn radar(rows: &[DimensionRow], description: &str) -> String {
    let n = rows.len();
    #[allow(clippy::cast_precision_loss)]
    let angle = |i: usize| TAU * i as f64 / n as f64;
    let point = |i: usize, value: f64| {
        let r = RADIUS * (value / MAX_LEVEL).clamp(0.0, 1.0);
        let a = angle(i);
        (CX + r * a.sin(), CY - r * a.cos())
    };
    let polygon = |value: &dyn Fn(usize) -> f64| -> String {
        (0..n)
            .map(|i| {
                let (x, y) = point(i, value(i));
                format!("{x:.1},{y:.1}")
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut svg = format!(
        "<svg viewBox=\"0 0 {w} {h}\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">{description}\n",
        w = CX * 2.0,
        h = CY * 2.0
    );
    // Rings at each level.
    for level in 1..=4 {
        let level = f64::from(level);
        let _ = writeln!(
            svg,
            "<polygon class=\"grid\" points=\"{}\"/>",
            polygon(&|_| level)
        );
    }
    for (i, row) in rows.iter().enumerate() {
        let (x, y) = point(i, MAX_LEVEL);
        let unscored = if row.level.is_none() { " unscored" } else { "" };
        let _ = writeln!(
            svg,
            "<line class=\"axis{unscored}\" x1=\"{CX:.1}\" y1=\"{CY:.1}\" x2=\"{x:.1}\" y2=\"{y:.1}\"/>"
        );
    }
    for level in 1..=4 {
        let _ = writeln!(
            svg,
            "<text class=\"ring-label\" x=\"{:.1}\" y=\"{:.1}\">{level}</text>",
            CX + 5.0,
            CY - RADIUS * f64::from(level) / MAX_LEVEL + 12.0
        );
    }
    let _ = writeln!(
        svg,
        "<polygon class=\"target-shape\" points=\"{}\"/>",
        polygon(&|i| rows[i].target)
    );
    let _ = writeln!(
        svg,
        "<polygon class=\"level-shape\" points=\"{}\"/>",
        polygon(&|i| rows[i].level.unwrap_or(0.0))
    );
    for (i, row) in rows.iter().enumerate() {
        if let Some(level) = row.level {
            let (x, y) = point(i, level);
            let _ = writeln!(
                svg,
                "<circle class=\"level-dot\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3.5\"/>"
            );
        }
    }
    for (i, row) in rows.iter().enumerate() {
        svg.push_str(&radar_label(row, angle(i)));
    }
    svg.push_str("</svg>\n");
    svg
}

/// A dimension's name beside the end of its axis, wrapped onto up to three lines and anchored
/// away from the chart.
fn radar_label(row: &DimensionRow, angle: f64) -> String {
    let (sin, cos) = angle.sin_cos();
    let r = RADIUS + 18.0;
    let (x, y) = (CX + r * sin, CY - r * cos);
    let anchor = if sin > 0.25 {
        "start"
    } else if sin < -0.25 {
        "end"
    } else {
        "middle"
    };
    let mut lines = wrap(&row.name, LABEL_CHARS, 3);
    let note = match row.status {
        Status::Opportunity => Some("(no chance yet)"),
        Status::NotAssessed => Some("(not assessed)"),
        Status::AtTarget | Status::Gap => None,
    };
    if let Some(note) = note {
        lines.push(note.to_owned());
    }
    #[allow(clippy::cast_precision_loss)]
    let height = (lines.len() - 1) as f64 * LINE_HEIGHT;
    let first = if cos > 0.5 {
        y - height - 4.0
    } else if cos < -0.5 {
        y + 12.0
    } else {
        y - height / 2.0 + 4.0
    };
    let mut classes = String::from("dim-label");
    if row.critical {
        classes.push_str(" must");
    }
    if row.level.is_none() {
        classes.push_str(" unscored");
    }
    let mut text = format!(
        "<text class=\"{classes}\" x=\"{x:.1}\" y=\"{first:.1}\" text-anchor=\"{anchor}\">"
    );
    for (n, line) in lines.iter().enumerate() {
        let dy = if n == 0 { 0.0 } else { LINE_HEIGHT };
        let _ = write!(
            text,
            "<tspan x=\"{x:.1}\" dy=\"{dy:.0}\">{}</tspan>",
            e(line)
        );
    }
    text.push_str("</text>\n");
    text
}

/// Horizontal bars for one or two dimensions.
fn bars(rows: &[DimensionRow], description: &str) -> String {
    const LEFT: f64 = 200.0;
    const WIDTH: f64 = 360.0;
    const ROW: f64 = 56.0;
    #[allow(clippy::cast_precision_loss)]
    let height = 40.0 + ROW * rows.len() as f64;
    let x = |value: f64| LEFT + WIDTH * (value / MAX_LEVEL).clamp(0.0, 1.0);
    let mut svg = format!(
        "<svg viewBox=\"0 0 {w} {height}\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">{description}\n",
        w = LEFT + WIDTH + 40.0
    );
    for level in 0..=4 {
        let gx = x(f64::from(level));
        let _ = writeln!(
            svg,
            "<line class=\"axis\" x1=\"{gx:.1}\" y1=\"10\" x2=\"{gx:.1}\" y2=\"{:.1}\"/>\
             <text class=\"ring-label\" x=\"{gx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{level}</text>",
            height - 24.0,
            height - 8.0
        );
    }
    for (i, row) in rows.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let top = 18.0 + ROW * i as f64;
        let mut classes = String::from("dim-label");
        if row.critical {
            classes.push_str(" must");
        }
        if row.level.is_none() {
            classes.push_str(" unscored");
        }
        let mut lines = wrap(&row.name, 26, 2);
        if row.level.is_none() {
            lines.push(format!("({})", status_words(row.status)));
        }
        let _ = write!(
            svg,
            "<text class=\"{classes}\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">",
            LEFT - 12.0,
            top + 14.0
        );
        for (n, line) in lines.iter().enumerate() {
            let _ = write!(
                svg,
                "<tspan x=\"{:.1}\" dy=\"{}\">{}</tspan>",
                LEFT - 12.0,
                if n == 0 { 0.0 } else { LINE_HEIGHT },
                e(line)
            );
        }
        svg.push_str("</text>\n");
        let _ = writeln!(
            svg,
            "<rect class=\"track\" x=\"{LEFT:.1}\" y=\"{:.1}\" width=\"{WIDTH:.1}\" height=\"18\" rx=\"3\"/>",
            top + 2.0
        );
        if let Some(level) = row.level {
            let _ = writeln!(
                svg,
                "<rect class=\"fill-{}\" x=\"{LEFT:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"18\" rx=\"3\"/>",
                severity_class(severity(row)),
                top + 2.0,
                x(level) - LEFT
            );
        }
        let tx = x(row.target);
        let _ = writeln!(
            svg,
            "<line class=\"target-tick\" x1=\"{tx:.1}\" y1=\"{:.1}\" x2=\"{tx:.1}\" y2=\"{:.1}\"/>",
            top - 4.0,
            top + 26.0
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// Splits text into at most `max_lines` lines of about `width` characters, ending with "…"
/// when it had to cut.
fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let options =
        textwrap::Options::new(width).word_splitter(textwrap::WordSplitter::NoHyphenation);
    let mut lines: Vec<String> = textwrap::wrap(&one_line, options)
        .into_iter()
        .map(std::borrow::Cow::into_owned)
        .collect();
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            let keep: String = last.chars().take(width.saturating_sub(1)).collect();
            *last = format!("{}…", keep.trim_end());
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}
