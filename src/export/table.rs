//! The terminal view: a gap table with a bar per dimension, the verdict and the focus list.

use std::fmt::Write;

use comfy_table::{Attribute, Cell, CellAlignment, Color, ContentArrangement, Table, presets};

use super::{Exporter, number, percent, who};
use crate::core::report::{DimensionRow, Report, Status};
use crate::core::rubric::MAX_LEVEL;
use crate::term::Style;

/// Bar width in characters for the 0..4 scale.
const BAR: usize = 12;

/// The gap table for a terminal of a given style.
#[derive(Debug, Clone, Copy)]
pub struct TableView {
    /// Colour, width and character set.
    pub style: Style,
}

impl Exporter for TableView {
    fn render(&self, report: &Report) -> Vec<u8> {
        let mut out = String::new();
        let paint = Paint(self.style.color);
        let _ = writeln!(out, "{}", paint.bold(&report.rubric.title));
        let _ = writeln!(
            out,
            "{} · {}",
            who(report),
            report
                .date
                .map_or_else(|| "undated".to_owned(), |d| d.to_string())
        );
        let _ = writeln!(
            out,
            "Readiness {}  ·  {}  ·  coverage {:.0}%",
            paint.bold(&percent(report.readiness)),
            paint.bold(&report.verdict_line()),
            report.coverage * 100.0
        );
        if !report.gated_by.is_empty() && !report.gate_applied {
            let _ = writeln!(out, "Must-have gaps: {}", report.gating_names().join(", "));
        }
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", self.table(report));
        if !report.focus.is_empty() {
            let _ = writeln!(out);
            let _ = writeln!(out, "{}", paint.bold("Focus next"));
            for (n, focus) in report.focus.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "{}. {} (level {:.1} of {:.1}{})",
                    n + 1,
                    focus.name,
                    focus.level,
                    focus.target,
                    if focus.critical { ", must-have" } else { "" }
                );
                if !focus.why.is_empty() {
                    let _ = writeln!(out, "   {}", focus.why);
                }
                for action in &focus.actions {
                    let _ = writeln!(
                        out,
                        "   {} {action}",
                        if self.style.ascii { "-" } else { "•" }
                    );
                }
            }
        }
        if !report.opportunities.is_empty() {
            let _ = writeln!(out);
            let _ = writeln!(out, "{}", paint.bold("No chance yet"));
            for opportunity in &report.opportunities {
                let _ = writeln!(out, "- {}: {}", opportunity.name, opportunity.suggestion);
            }
        }
        if let Some(caution) = report.self_view_caution() {
            let _ = writeln!(out);
            let _ = writeln!(out, "{}", paint.dim(caution));
        }
        out.into_bytes()
    }
}

impl TableView {
    fn table(&self, report: &Report) -> Table {
        let mut table = Table::new();
        table.load_style(if self.style.ascii {
            presets::ASCII_MARKDOWN
        } else {
            presets::UTF8_FULL_CONDENSED
        });
        match self.style.width {
            Some(width) => {
                table
                    .set_content_arrangement(ContentArrangement::Dynamic)
                    .set_width(width);
            }
            None => {
                table.set_content_arrangement(ContentArrangement::Disabled);
            }
        }
        if !self.style.color {
            table.force_no_tty();
        } else {
            table.enforce_styling();
        }
        table.set_header([
            "Dimension",
            "Level",
            "Target",
            "Gap",
            "Priority",
            "Level against target",
        ]);
        for row in report.rows_by_priority() {
            let color = match row.status {
                Status::AtTarget => Color::Green,
                Status::Gap if row.gating || row.gap.unwrap_or_default() >= 1.0 => Color::Red,
                Status::Gap => Color::Yellow,
                Status::Opportunity | Status::NotAssessed => Color::DarkGrey,
            };
            let mut name = Cell::new(format!(
                "{}{}",
                row.name,
                if row.critical { " *" } else { "" }
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
            ]);
        }
        table
    }

    /// A bar of the level against the target, e.g. `██████░░│░░` on the 0..4 scale.
    fn bar(&self, row: &DimensionRow) -> String {
        let (full, empty, mark) = if self.style.ascii {
            ('#', '.', '|')
        } else {
            ('█', '░', '│')
        };
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
                bar.push(mark);
            }
            if i < BAR {
                bar.push(if i < filled { full } else { empty });
            }
        }
        bar
    }
}

struct Paint(bool);

impl Paint {
    fn bold(&self, text: &str) -> String {
        if self.0 {
            console::style(text).bold().force_styling(true).to_string()
        } else {
            text.to_owned()
        }
    }
    fn dim(&self, text: &str) -> String {
        if self.0 {
            console::style(text).dim().force_styling(true).to_string()
        } else {
            text.to_owned()
        }
    }
}
