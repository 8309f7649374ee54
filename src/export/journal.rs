//! Renderers for the evidence journal and its coverage. Pure: entries in, bytes out.

use std::fmt::Write as _;

use comfy_table::{Cell, CellAlignment};
use serde::Serialize;

use super::escape::{csv_cell, markdown_cell, terminal};
use super::{Exporter, new_table, pretty_json};
use crate::core::date::Date;
use crate::core::journal::{CoverageRow, Entry, STALE_DAYS};
use crate::core::rubric::Rubric;
use crate::term::Style;

/// Entries as a table for the terminal, newest first, with their ids.
#[derive(Debug, Clone, Copy)]
pub struct JournalTable {
    /// Width and character set (the table is never coloured).
    pub style: Style,
}

/// Entries as a Markdown table, newest first.
#[derive(Debug, Clone, Copy, Default)]
pub struct JournalMarkdown;

/// Entries as a JSON array, newest first.
#[derive(Debug, Clone, Copy, Default)]
pub struct JournalJson;

/// Entries as CSV, one row per entry.
#[derive(Debug, Clone, Copy, Default)]
pub struct JournalCsv;

impl Exporter<[Entry]> for JournalTable {
    fn render(&self, entries: &[Entry]) -> Vec<u8> {
        table(entries, self.style)
    }
}

impl Exporter<[Entry]> for JournalMarkdown {
    fn render(&self, entries: &[Entry]) -> Vec<u8> {
        markdown(entries)
    }
}

impl Exporter<[Entry]> for JournalJson {
    fn render(&self, entries: &[Entry]) -> Vec<u8> {
        json(entries)
    }
}

impl Exporter<[Entry]> for JournalCsv {
    fn render(&self, entries: &[Entry]) -> Vec<u8> {
        csv(entries)
    }
}

/// A rubric's evidence coverage on a day, as `promo log coverage` shows it.
#[derive(Debug, Clone, Copy)]
pub struct Coverage<'a> {
    /// The rubric covered.
    pub rubric: &'a Rubric,
    /// The day the coverage is counted up to.
    pub today: Date,
    /// One row per dimension.
    pub rows: &'a [CoverageRow],
}

/// Coverage as a table: per dimension the entries, the examples, the newest date, and a flag
/// where the record is thin.
#[derive(Debug, Clone, Copy)]
pub struct CoverageTable {
    /// Width and character set (the table is never coloured).
    pub style: Style,
}

/// Coverage as JSON.
#[derive(Debug, Clone, Copy, Default)]
pub struct CoverageJson;

impl Exporter<Coverage<'_>> for CoverageTable {
    fn render(&self, coverage: &Coverage<'_>) -> Vec<u8> {
        let rubric = coverage.rubric;
        coverage_table(
            &format!("Evidence for {} ({})", rubric.title, rubric.id),
            coverage.rows,
            coverage.today,
            self.style,
        )
    }
}

impl Exporter<Coverage<'_>> for CoverageJson {
    fn render(&self, coverage: &Coverage<'_>) -> Vec<u8> {
        coverage_json(&coverage.rubric.id, coverage.today, coverage.rows)
    }
}

fn table(entries: &[Entry], style: Style) -> Vec<u8> {
    let mut table = new_table(Style {
        color: false,
        ..style
    });
    table.set_header(["ID", "Date", "Rubric", "Dimensions", "What you did"]);
    for entry in entries {
        let mut text = terminal(&entry.text).into_owned();
        if let Some(link) = &entry.link {
            let _ = write!(text, "\n{}", terminal(link));
        }
        table.add_row(vec![
            Cell::new(&entry.id),
            Cell::new(entry.date.to_string()),
            Cell::new(terminal(&entry.rubric)),
            Cell::new(if entry.dimensions.is_empty() {
                "(untagged)".to_owned()
            } else {
                terminal(&entry.dimensions.join(", ")).into_owned()
            }),
            Cell::new(text),
        ]);
    }
    let mut out = format!("{table}\n");
    let _ = writeln!(
        out,
        "{} entr{}.",
        entries.len(),
        if entries.len() == 1 { "y" } else { "ies" }
    );
    out.into_bytes()
}

fn markdown(entries: &[Entry]) -> Vec<u8> {
    let mut out =
        String::from("| Date | Dimensions | What I did | Link | ID |\n|---|---|---|---|---|\n");
    for entry in entries {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            entry.date,
            markdown_cell(&entry.dimensions.join(", ")),
            markdown_cell(&entry.text),
            entry.link.as_deref().map(markdown_cell).unwrap_or_default(),
            markdown_cell(&entry.id)
        );
    }
    out.into_bytes()
}

fn json(entries: &[Entry]) -> Vec<u8> {
    pretty_json(&entries)
}

/// One row per entry; dimensions joined with `;`. Text cells that a spreadsheet would run as
/// a formula are neutralised.
fn csv(entries: &[Entry]) -> Vec<u8> {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record([
        "id",
        "date",
        "rubric",
        "dimensions",
        "text",
        "link",
        "plan_item",
    ]);
    for entry in entries {
        let dims = entry.dimensions.join(";");
        let _ = writer.write_record([
            entry.id.as_str(),
            &entry.date.to_string(),
            &csv_cell(&entry.rubric),
            &csv_cell(&dims),
            &csv_cell(&entry.text),
            &csv_cell(entry.link.as_deref().unwrap_or_default()),
            entry.plan_item.as_deref().unwrap_or_default(),
        ]);
    }
    writer.into_inner().unwrap_or_default()
}

fn coverage_table(title: &str, rows: &[CoverageRow], today: Date, style: Style) -> Vec<u8> {
    let mut table = new_table(Style {
        color: false,
        ..style
    });
    table.set_header(["Dimension", "Entries", "Examples", "Newest", ""]);
    for row in rows {
        let name = if row.critical {
            format!("{} (must-have)", terminal(&row.name))
        } else {
            terminal(&row.name).into_owned()
        };
        table.add_row(vec![
            Cell::new(name),
            Cell::new(row.entries).set_alignment(CellAlignment::Right),
            Cell::new(row.examples).set_alignment(CellAlignment::Right),
            Cell::new(row.newest.map_or_else(|| "-".to_owned(), |d| d.to_string())),
            Cell::new(if row.thin { "thin" } else { "" }),
        ]);
    }
    let thin = rows.iter().filter(|r| r.thin).count();
    let mut out = format!("{}\n{table}\n", terminal(title));
    if thin > 0 {
        let _ = writeln!(
            out,
            "thin: no entry or example in the {STALE_DAYS} days up to {today}. {thin} of {} dimensions; `promo log add TEXT --dim ID` records one.",
            rows.len()
        );
    } else {
        let _ = writeln!(
            out,
            "Every dimension has evidence from the last {STALE_DAYS} days."
        );
    }
    out.into_bytes()
}

fn coverage_json(rubric: &str, today: Date, rows: &[CoverageRow]) -> Vec<u8> {
    #[derive(Serialize)]
    struct Shown<'a> {
        rubric: &'a str,
        as_of: Date,
        stale_days: i64,
        dimensions: &'a [CoverageRow],
    }
    pretty_json(&Shown {
        rubric,
        as_of: today,
        stale_days: STALE_DAYS,
        dimensions: rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    fn hostile() -> Entry {
        Entry {
            id: "0123456789".into(),
            date: Date::new(2026, 1, 2).unwrap(),
            link: Some("javascript:alert(1)".into()),
            ..testing::entry("=HYPERLINK(\"x\") <script>|\x1b[2J")
        }
    }

    #[test]
    fn hostile_text_is_escaped_in_every_format() {
        let entries = [hostile()];
        let table = String::from_utf8(table(&entries, Style::PLAIN)).unwrap();
        assert!(!table.contains('\x1b'), "{table}");
        let md = String::from_utf8(markdown(&entries)).unwrap();
        assert!(md.contains("\\<script\\>\\|"), "{md}");
        let csv = String::from_utf8(csv(&entries)).unwrap();
        assert!(csv.contains("'=HYPERLINK"), "{csv}");
        let json: serde_json::Value = serde_json::from_slice(&json(&entries)).unwrap();
        assert_eq!(json[0]["text"], entries[0].text);
    }
}
