//! Exporters: each turns a report into bytes. Pure: no files, no terminal queries.

pub mod escape;
pub mod json;
pub mod table;

use crate::core::report::Report;

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

/// "Sam Lee (self)" or "self-assessment".
pub fn who(report: &Report) -> String {
    match &report.subject {
        Some(subject) => format!("{subject} ({} view)", report.rater),
        None if report.self_view => "self-assessment".to_owned(),
        None => format!("{} view", report.rater),
    }
}
