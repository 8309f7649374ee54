//! Exporters: each turns a report into bytes. Pure: no files, no terminal queries.

pub mod compare;
pub mod csv;
pub mod escape;
pub mod history;
pub mod html;
pub mod json;
pub mod markdown;
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

/// What gated the verdict, if any must-have dimension has a gap beyond the rubric's gate.
pub fn gate_note(report: &Report) -> Option<String> {
    let names = report.gating_names();
    if names.is_empty() {
        None
    } else if report.gate_applied {
        Some(format!(
            "Held back from the top band by must-have gaps: {}.",
            names.join(", ")
        ))
    } else {
        Some(format!(
            "Must-have gaps that would hold back a top-band verdict: {}.",
            names.join(", ")
        ))
    }
}

/// The report's date, or "undated".
pub fn date(report: &Report) -> String {
    report
        .date
        .map_or_else(|| "undated".to_owned(), |d| d.to_string())
}
