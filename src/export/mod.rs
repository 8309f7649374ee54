//! Exporters: each turns a report (or a journal, plan or packet) into bytes. Pure: no files, no terminal queries.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod compare;
pub mod csv;
pub mod escape;
pub mod history;
pub mod html;
pub mod journal;
pub mod json;
pub mod label;
pub mod markdown;
pub mod packet;
pub mod packet_html;
pub mod plan;
pub mod score;
pub mod table;

#[cfg(test)]
mod tests;

use crate::core::report::{DimensionRow, Report, Status};

/// Renders a report in one format.
pub trait Exporter {
    /// The rendered report.
    fn render(&self, report: &Report) -> Vec<u8>;
}

/// Formats a level or gap for people: one decimal place, or "-" when there is none.
pub fn number(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| format!("{v:.1}"))
}

/// Formats a readiness percentage for people.
pub fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.0}%"))
}

/// Where a dimension stands, in words.
pub fn status_words(status: Status) -> &'static str {
    match status {
        Status::AtTarget => "at target",
        Status::Gap => "gap",
        Status::Opportunity => "no chance yet",
        Status::NotAssessed => "not assessed",
    }
}

/// How a dimension's row is coloured in every format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// At or above target.
    Met,
    /// A gap below one level.
    Small,
    /// A gap of a level or more, or a must-have gap beyond the gate.
    Large,
    /// Not assessed.
    Unscored,
}

/// The colour class of a row.
pub fn severity(row: &DimensionRow) -> Severity {
    match row.status {
        Status::AtTarget => Severity::Met,
        Status::Gap if row.gating || row.gap.unwrap_or_default() >= 1.0 => Severity::Large,
        Status::Gap => Severity::Small,
        Status::Opportunity | Status::NotAssessed => Severity::Unscored,
    }
}

/// What the must-haves say about the verdict, in plain words: which are below the bar, which
/// have not been shown yet, and whether that held the verdict down.
pub fn gate_note(report: &Report) -> Option<String> {
    let below = report.gating_names();
    let unproven = report.unproven_names();
    if below.is_empty() && unproven.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    if !below.is_empty() {
        parts.push(format!("Must-have below the bar: {}.", below.join(", ")));
    }
    if !unproven.is_empty() {
        parts.push(format!("Must-have not shown yet: {}.", unproven.join(", ")));
    }
    if report.gate_applied {
        parts.push(format!(
            "The verdict stays at {} until every must-have is shown at the bar.",
            report.gate_band
        ));
    } else {
        parts.push(format!(
            "A verdict above {} needs every must-have shown at the bar.",
            report.gate_band
        ));
    }
    Some(parts.join(" "))
}

/// How many of a dimension's claims an example backs, e.g. "1 of 2"; "-" without claims.
pub fn backed(row: &DimensionRow) -> String {
    if row.claims == 0 {
        "-".to_owned()
    } else {
        format!("{} of {}", row.evidenced, row.claims)
    }
}

/// A dimension's status in words, naming a must-have below the bar or not shown yet.
pub fn row_status(report: &Report, row: &DimensionRow) -> &'static str {
    if row.gating {
        "must-have below the bar"
    } else if report.unproven.contains(&row.id) {
        "must-have not shown yet"
    } else {
        status_words(row.status)
    }
}

/// The report's date, or "undated".
pub fn date(report: &Report) -> String {
    report
        .date
        .map_or_else(|| "undated".to_owned(), |d| d.to_string())
}
