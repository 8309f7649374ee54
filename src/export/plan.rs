//! Renderers for the development plan and its progress. Pure: items in, bytes out.

use std::borrow::Cow;
use std::fmt::Write as _;

use comfy_table::Cell;
use serde::Serialize;

use super::escape::{markdown_cell, markdown_inline, terminal};
use super::{Exporter, new_table, pretty_json};
use crate::core::date::Date;
use crate::core::plan::{Item, Progress, Status};
use crate::term::Style;

/// Plan items as `promo plan` lists them, by due date, on a day (for what is overdue).
#[derive(Debug, Clone, Copy)]
pub struct Planned<'a> {
    /// The items, by due date.
    pub items: &'a [Item],
    /// The day that decides what is overdue.
    pub today: Date,
}

/// Items as a table for the terminal, with a count of the open and the overdue.
#[derive(Debug, Clone, Copy)]
pub struct PlanTable {
    /// Width and character set (the table is never coloured).
    pub style: Style,
}

/// Items as a Markdown table.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlanMarkdown;

/// Items as a JSON array, each with `overdue`.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlanJson;

impl Exporter<Planned<'_>> for PlanTable {
    fn render(&self, plan: &Planned<'_>) -> Vec<u8> {
        table(plan.items, plan.today, self.style)
    }
}

impl Exporter<Planned<'_>> for PlanMarkdown {
    fn render(&self, plan: &Planned<'_>) -> Vec<u8> {
        markdown(plan.items, plan.today)
    }
}

impl Exporter<Planned<'_>> for PlanJson {
    fn render(&self, plan: &Planned<'_>) -> Vec<u8> {
        json(plan.items, plan.today)
    }
}

/// The status shown for an item: `overdue` for an open item past its due date.
fn shown_status(item: &Item, today: Date) -> &'static str {
    if item.overdue(today) {
        "overdue"
    } else {
        item.status.as_str()
    }
}

fn table(items: &[Item], today: Date, style: Style) -> Vec<u8> {
    let mut table = new_table(Style {
        color: false,
        ..style
    });
    table.set_header(["ID", "Dimension", "What to do", "Due", "With", "Status"]);
    for item in items {
        table.add_row(vec![
            Cell::new(&item.id),
            Cell::new(terminal(&item.dimension)),
            Cell::new(terminal(&item.text)),
            Cell::new(item.due.to_string()),
            Cell::new(terminal(item.with.as_deref().unwrap_or("-"))),
            Cell::new(shown_status(item, today)),
        ]);
    }
    let open = items.iter().filter(|i| i.status == Status::Open).count();
    let overdue = items.iter().filter(|i| i.overdue(today)).count();
    format!("{table}\n{open} open, {overdue} overdue (as of {today}).\n").into_bytes()
}

fn markdown(items: &[Item], today: Date) -> Vec<u8> {
    let mut out = String::from(
        "| Due | Dimension | What to do | With | Status | ID |\n|---|---|---|---|---|---|\n",
    );
    for item in items {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            item.due,
            markdown_cell(&item.dimension),
            markdown_cell(&item.text),
            markdown_cell(item.with.as_deref().unwrap_or("")),
            shown_status(item, today),
            item.id
        );
    }
    out.into_bytes()
}

fn json(items: &[Item], today: Date) -> Vec<u8> {
    #[derive(Serialize)]
    struct Shown<'a> {
        #[serde(flatten)]
        item: &'a Item,
        overdue: bool,
    }
    let shown: Vec<Shown<'_>> = items
        .iter()
        .map(|item| Shown {
            item,
            overdue: item.overdue(today),
        })
        .collect();
    pretty_json(&shown)
}

/// "3 open (1 overdue), 2 done" for one count.
fn counts(open: usize, overdue: usize, done: usize) -> String {
    let late = if overdue > 0 {
        format!(" ({overdue} overdue)")
    } else {
        String::new()
    };
    format!("{open} open{late}, {done} done")
}

/// One line per dimension: `start`, the name escaped by `escape`, and its counts.
fn dimension_lines(
    out: &mut String,
    progress: &Progress,
    start: &str,
    escape: fn(&str) -> Cow<'_, str>,
) {
    for dim in &progress.dimensions {
        let _ = writeln!(
            out,
            "{start}{}: {}",
            escape(&dim.name),
            counts(dim.open, dim.overdue, dim.done)
        );
    }
}

/// The plan's progress as lines of text for the terminal: a total, then one line per dimension.
pub fn progress_text(progress: &Progress) -> String {
    let mut out = format!(
        "Development plan (as of {}): {}\n",
        progress.as_of,
        counts(progress.open, progress.overdue, progress.done)
    );
    dimension_lines(&mut out, progress, "  ", terminal);
    out.push_str("  `promo plan` lists the items.\n");
    out
}

/// The plan's progress as a Markdown section.
pub fn progress_markdown(progress: &Progress) -> String {
    let mut out = format!(
        "## Development plan\n\nAs of {}: {}.\n\n",
        progress.as_of,
        counts(progress.open, progress.overdue, progress.done)
    );
    dimension_lines(&mut out, progress, "- ", markdown_inline);
    out
}
