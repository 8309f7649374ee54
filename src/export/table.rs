//! The terminal view: a gap table with a bar per dimension, the verdict and the focus list.

use std::fmt::Write;

use comfy_table::{
    Attribute, Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, Table, Width,
    presets,
};

use super::escape::terminal;
use super::{
    Exporter, Severity, answer_level, backed, date, evidence_by_dimension, gate_note, number,
    percent, severity,
};
use crate::core::report::{DimensionRow, Focus, Report, Status};
use crate::core::rubric::MAX_LEVEL;
use crate::term::Style;

/// Bar width in characters for the 0..4 scale: three per level.
const BAR: usize = 12;

/// Below this width the Examples column is left out.
const WIDE: u16 = 90;
/// Below this width the Priority column is left out; below [`NARROWER`] the Target one too.
const NARROW: u16 = 66;
/// See [`NARROW`].
const NARROWER: u16 = 56;

/// The gap table for a terminal of a given style.
#[derive(Debug, Clone, Copy)]
pub struct TableView {
    /// Colour, width and character set.
    pub style: Style,
}

/// "1. Name (level 1.0 of 3.0, gap 2.0, must-have)": a focus area, numbered.
fn focus_line(n: usize, focus: &Focus) -> String {
    format!(
        "{n}. {} (level {:.1} of {:.1}, gap {:.1}{})",
        focus.name,
        focus.level,
        focus.target,
        focus.gap,
        if focus.critical { ", must-have" } else { "" }
    )
}

/// The characters a style draws with.
struct Glyphs {
    full: char,
    empty: char,
    mark: char,
    bullet: &'static str,
    quote: &'static str,
    arrow: &'static str,
    dot: &'static str,
}

const UNICODE: Glyphs = Glyphs {
    full: '█',
    empty: '░',
    mark: '│',
    bullet: "•",
    quote: "│",
    arrow: "→",
    dot: "·",
};

const ASCII: Glyphs = Glyphs {
    full: '#',
    empty: '.',
    mark: '|',
    bullet: "-",
    quote: ">",
    arrow: "->",
    dot: "-",
};

impl Exporter<Report> for TableView {
    fn render(&self, report: &Report) -> Vec<u8> {
        let mut out = String::new();
        self.header(&mut out, report);
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", self.table(report));
        self.legend(&mut out, report);
        self.focus(&mut out, report);
        self.opportunities(&mut out, report);
        // The same order as Markdown and HTML: the changes since last time and the plan, then
        // the examples.
        let since_last = super::history::since_last_text(report, self.style);
        if !since_last.is_empty() {
            let _ = writeln!(out);
            out.push_str(&since_last);
        }
        if let Some(plan) = &report.plan {
            let _ = writeln!(out);
            out.push_str(&super::plan::progress_text(plan));
        }
        self.evidence(&mut out, report);
        if let Some(caution) = report.self_view_caution() {
            let _ = writeln!(out);
            let text = self.wrap(&caution, "");
            let _ = writeln!(out, "{}", self.paint(&text, |s| s.dim()));
        }
        out.into_bytes()
    }
}

impl TableView {
    /// The result in a few lines, to end a screen with: readiness and the verdict, what the
    /// must-haves say, and the gaps to work on first with one action each.
    pub fn summary(&self, report: &Report) -> String {
        let g = self.glyphs();
        let mut out = String::new();
        let rule = if self.style.ascii { "-" } else { "─" };
        let width = self.style.width.map_or(40, |w| usize::from(w).min(60));
        let _ = writeln!(out, "{}", self.paint(&rule.repeat(width), |s| s.dim()));
        self.readiness(&mut out, report);
        if report.focus.is_empty() {
            return out;
        }
        let _ = writeln!(out, "{}", self.paint("Work on first", |s| s.bold()));
        for (n, focus) in report.focus.iter().take(3).enumerate() {
            let _ = writeln!(out, "{}", self.wrap(&focus_line(n + 1, focus), ""));
            if let Some(action) = focus.actions.first() {
                let _ = writeln!(
                    out,
                    "{}",
                    self.hanging(action, &format!("   {} ", g.arrow), "     ")
                );
            }
        }
        out
    }

    /// Readiness, the verdict and the coverage on one line, then what the must-haves say.
    fn readiness(&self, out: &mut String, report: &Report) {
        let g = self.glyphs();
        let _ = writeln!(
            out,
            "Readiness {} {} {} {} {:.0}% answered",
            self.paint(&percent(report.readiness), |s| s.bold()),
            g.dot,
            self.paint(&terminal(&report.verdict), |s| s.bold()),
            g.dot,
            report.coverage * 100.0
        );
        if let Some(note) = gate_note(report) {
            let text = self.wrap(&note, "");
            let _ = writeln!(out, "{}", self.paint(&text, |s| s.red()));
        }
    }

    fn glyphs(&self) -> &'static Glyphs {
        if self.style.ascii { &ASCII } else { &UNICODE }
    }

    fn header(&self, out: &mut String, report: &Report) {
        let g = self.glyphs();
        let rubric = &report.rubric;
        let _ = writeln!(
            out,
            "{}",
            self.paint(&self.wrap(&rubric.title, ""), |s| s.bold())
        );
        let transition = format!("{} {} {}", rubric.from, g.arrow, rubric.to);
        let _ = writeln!(out, "{}", self.wrap(&transition, ""));
        let mut facts = Vec::new();
        if let Some(subject) = &report.subject {
            facts.push(subject.clone());
        }
        facts.push(format!("{} view", report.rater));
        facts.push(date(report));
        let _ = writeln!(
            out,
            "{}",
            self.wrap(&facts.join(&format!(" {} ", g.dot)), "")
        );
        self.readiness(out, report);
        if let Some(note) = report.note.as_deref().filter(|n| !n.trim().is_empty()) {
            let _ = writeln!(out, "{}", self.wrap(&format!("Note: {note}"), ""));
        }
    }

    fn table(&self, report: &Report) -> Table {
        let mut table = Table::new();
        table.load_style(if self.style.ascii {
            presets::ASCII_FULL_CONDENSED
        } else {
            presets::UTF8_FULL_CONDENSED
        });
        // Never let the table ask the terminal for its size: a pseudo-terminal may answer 0.
        // The width was decided once, in `Style`.
        table.force_no_tty();
        if self.style.color {
            table.enforce_styling();
        }
        if self.style.ascii {
            table.set_truncation_indicator("...");
        }
        table.set_header(vec![
            Cell::new("Dimension"),
            Cell::new("Level").set_alignment(CellAlignment::Right),
            Cell::new("Target").set_alignment(CellAlignment::Right),
            Cell::new("Gap").set_alignment(CellAlignment::Right),
            Cell::new("Priority").set_alignment(CellAlignment::Right),
            Cell::new("Level vs target"),
            Cell::new("Examples").set_alignment(CellAlignment::Right),
        ]);
        for row in report.rows_by_priority() {
            let color = match severity(row) {
                Severity::Met => Color::Green,
                Severity::Small => Color::Yellow,
                Severity::Large => Color::Red,
                Severity::Unscored => Color::DarkGrey,
            };
            let mut name = Cell::new(format!(
                "{}{}",
                terminal(&row.name),
                // Glued to the name like a footnote mark, so wrapping never leaves it alone.
                if row.critical { "*" } else { "" }
            ));
            let mut bar = Cell::new(self.bar(row)).fg(color);
            if row.gating {
                name = name.add_attribute(Attribute::Bold);
                bar = bar.add_attribute(Attribute::Bold);
            }
            table.add_row(vec![
                name,
                Cell::new(number(row.level)).set_alignment(CellAlignment::Right),
                Cell::new(format!("{:.1}", row.target)).set_alignment(CellAlignment::Right),
                Cell::new(number(row.gap))
                    .set_alignment(CellAlignment::Right)
                    .fg(color),
                Cell::new(number(row.priority)).set_alignment(CellAlignment::Right),
                bar,
                Cell::new(backed(row)).set_alignment(CellAlignment::Right),
            ]);
        }
        match self.style.width {
            Some(width) => {
                table
                    .set_content_arrangement(ContentArrangement::Dynamic)
                    .set_width(width);
                // Numbers and bars keep their width; the names wrap into what is left, and
                // never below a readable minimum.
                let mut constraints = vec![
                    ColumnConstraint::LowerBoundary(Width::Fixed(12)),
                    ColumnConstraint::ContentWidth,
                    ColumnConstraint::ContentWidth,
                    ColumnConstraint::ContentWidth,
                    ColumnConstraint::ContentWidth,
                    ColumnConstraint::ContentWidth,
                    ColumnConstraint::ContentWidth,
                ];
                if width < WIDE {
                    constraints[6] = ColumnConstraint::Hidden;
                }
                if width < NARROW {
                    constraints[4] = ColumnConstraint::Hidden;
                }
                if width < NARROWER {
                    constraints[2] = ColumnConstraint::Hidden;
                }
                table.set_constraints(constraints);
            }
            None => {
                table.set_content_arrangement(ContentArrangement::Disabled);
            }
        }
        table
    }

    /// A bar of the level against the target, e.g. `███░░░░░░│░░░` on the 0..4 scale.
    fn bar(&self, row: &DimensionRow) -> String {
        let g = self.glyphs();
        let Some(level) = row.level else {
            return match row.status {
                Status::Opportunity => "no chance yet".to_owned(),
                _ => "not assessed".to_owned(),
            };
        };
        let cells = |value: f64| -> usize {
            // In 0..=BAR after the clamp, so the cast is exact enough.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let n = ((value / MAX_LEVEL).clamp(0.0, 1.0) * BAR as f64).round() as usize;
            n
        };
        let filled = cells(level);
        let target = cells(row.target);
        let mut bar = String::with_capacity(BAR * 3 + 3);
        for i in 0..=BAR {
            if i == target {
                bar.push(g.mark);
            }
            if i < BAR {
                bar.push(if i < filled { g.full } else { g.empty });
            }
        }
        bar
    }

    fn legend(&self, out: &mut String, report: &Report) {
        let g = self.glyphs();
        let mut parts = Vec::new();
        if report.dimensions.iter().any(|d| d.critical) {
            parts.push("*must-have".to_owned());
        }
        parts.push(format!(
            "bar: level {}{} against target {} on the 0-4 scale",
            g.full, g.empty, g.mark
        ));
        let text = parts.join(&format!(" {} ", g.dot));
        let _ = writeln!(out, "{}", self.paint(&self.wrap(&text, ""), |s| s.dim()));
    }

    fn focus(&self, out: &mut String, report: &Report) {
        if report.focus.is_empty() {
            return;
        }
        let g = self.glyphs();
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", self.paint("Focus next", |s| s.bold()));
        for (n, focus) in report.focus.iter().enumerate() {
            let _ = writeln!(out, "{}", self.wrap(&focus_line(n + 1, focus), ""));
            for paragraph in focus.why.lines().filter(|l| !l.trim().is_empty()) {
                let _ = writeln!(out, "{}", self.wrap(paragraph, "   "));
            }
            for action in &focus.actions {
                let _ = writeln!(
                    out,
                    "{}",
                    self.hanging(action, &format!("   {} ", g.bullet), "     ")
                );
            }
        }
    }

    fn opportunities(&self, out: &mut String, report: &Report) {
        if report.opportunities.is_empty() {
            return;
        }
        let g = self.glyphs();
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{}",
            self.paint("No chance yet (not skill gaps)", |s| s.bold())
        );
        for opportunity in &report.opportunities {
            let line = format!(
                "{}{}: {} {}",
                opportunity.name,
                if opportunity.critical {
                    " (must-have)"
                } else {
                    ""
                },
                opportunity.why,
                opportunity.suggestion
            );
            let _ = writeln!(
                out,
                "{}",
                self.hanging(&line, &format!("{} ", g.bullet), "  ")
            );
        }
    }

    fn evidence(&self, out: &mut String, report: &Report) {
        if report.evidence.is_empty() {
            return;
        }
        let g = self.glyphs();
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", self.paint("Evidence", |s| s.bold()));
        for (heading, item) in evidence_by_dimension(report) {
            if let Some(name) = heading {
                let _ = writeln!(out, "{}", self.wrap(name, ""));
            }
            let _ = writeln!(out, "{}", self.wrap(&item.prompt, "  "));
            if !item.answer.is_empty() {
                let line = format!("Answer: {}{}", item.answer, answer_level(item));
                let _ = writeln!(out, "{}", self.paint(&self.wrap(&line, "  "), |s| s.dim()));
            }
            let quote = format!("  {} ", g.quote);
            for line in terminal(item.text.trim()).lines() {
                let _ = writeln!(out, "{}", self.wrap(line, &quote).trim_end());
            }
        }
    }

    /// Text made safe for the terminal, as one paragraph wrapped to the width when it is known,
    /// every line starting with `indent`.
    fn wrap(&self, text: &str, indent: &str) -> String {
        self.hanging(text, indent, indent)
    }

    /// Like [`Self::wrap`], with a different start for the first line (a bullet, say).
    fn hanging(&self, text: &str, first: &str, rest: &str) -> String {
        let flat = terminal(text)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        match self.style.width {
            Some(width) => {
                let options = textwrap::Options::new(usize::from(width))
                    .initial_indent(first)
                    .subsequent_indent(rest)
                    .word_splitter(textwrap::WordSplitter::NoHyphenation);
                textwrap::fill(&flat, options)
            }
            None => format!("{first}{flat}"),
        }
    }

    fn paint(
        &self,
        text: &str,
        how: impl Fn(console::StyledObject<&str>) -> console::StyledObject<&str>,
    ) -> String {
        if self.style.color {
            how(console::style(text)).force_styling(true).to_string()
        } else {
            text.to_owned()
        }
    }
}
