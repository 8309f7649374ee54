//! The CSV report: one row per dimension, in priority order, safe to open in a spreadsheet.

use super::Exporter;
use super::escape::csv_cell;
use crate::core::report::{DimensionRow, Report};

/// The columns, in order.
pub const COLUMNS: [&str; 34] = [
    "rubric",
    "rubric_version",
    "from",
    "to",
    "subject",
    "rater",
    "date",
    "readiness",
    "verdict",
    "gated_by",
    "unproven",
    "gate_band",
    "gate_applied",
    "coverage",
    "self_view",
    "note",
    "dimension",
    "name",
    "critical",
    "weight",
    "target",
    "level",
    "gap",
    "priority",
    "status",
    "gating",
    "answered",
    "questions",
    "claims",
    "evidenced",
    "focus",
    "why",
    "actions",
    "evidence",
];

/// Comma-separated values with a header row. Text cells are neutralised with
/// [`csv_cell`]; numbers are written bare, and missing values as empty cells.
#[derive(Debug, Clone, Copy, Default)]
pub struct Csv;

impl Exporter<Report> for Csv {
    fn render(&self, report: &Report) -> Vec<u8> {
        // Writing into memory cannot fail.
        rows(report).unwrap_or_default()
    }
}

/// A cell: text from a rubric or answers file, or a value promo made.
enum Cell<'a> {
    Text(&'a str),
    Number(Option<f64>),
    Whole(String),
    Flag(bool),
}

impl Cell<'_> {
    fn render(&self) -> String {
        match self {
            Self::Text(text) => csv_cell(text).into_owned(),
            Self::Number(value) => value.map(|v| v.to_string()).unwrap_or_default(),
            Self::Whole(n) => n.clone(),
            Self::Flag(flag) => flag.to_string(),
        }
    }
}

fn rows(report: &Report) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(COLUMNS)?;
    let date = report.date.map(|d| d.to_string()).unwrap_or_default();
    let gated_by = report.gated_by.join(";");
    let unproven = report.unproven.join(";");
    for row in report.rows_by_priority() {
        let focus = report
            .focus
            .iter()
            .position(|f| f.id == row.id)
            .map(|rank| rank + 1);
        let actions = row.actions.join("\n");
        let evidence = evidence(report, row);
        let cells = [
            Cell::Text(&report.rubric.id),
            Cell::Whole(report.rubric.version.to_string()),
            Cell::Text(&report.rubric.from),
            Cell::Text(&report.rubric.to),
            Cell::Text(report.subject.as_deref().unwrap_or_default()),
            Cell::Text(report.rater.as_str()),
            Cell::Text(&date),
            Cell::Number(report.readiness),
            Cell::Text(&report.verdict),
            Cell::Text(&gated_by),
            Cell::Text(&unproven),
            Cell::Text(&report.gate_band),
            Cell::Flag(report.gate_applied),
            Cell::Number(Some(report.coverage)),
            Cell::Flag(report.self_view),
            Cell::Text(report.note.as_deref().unwrap_or_default()),
            Cell::Text(&row.id),
            Cell::Text(&row.name),
            Cell::Flag(row.critical),
            Cell::Number(Some(row.weight)),
            Cell::Number(Some(row.target)),
            Cell::Number(row.level),
            Cell::Number(row.gap),
            Cell::Number(row.priority),
            Cell::Text(status(row)),
            Cell::Flag(row.gating),
            Cell::Whole(row.answered.to_string()),
            Cell::Whole(row.questions.to_string()),
            Cell::Whole(row.claims.to_string()),
            Cell::Whole(row.evidenced.to_string()),
            match focus {
                Some(rank) => Cell::Whole(rank.to_string()),
                None => Cell::Text(""),
            },
            Cell::Text(&row.why),
            Cell::Text(&actions),
            Cell::Text(&evidence),
        ];
        writer.write_record(cells.iter().map(Cell::render))?;
    }
    writer.flush()?;
    writer.into_inner().map_err(|e| e.into_error().into())
}

/// The status as the JSON report spells it.
fn status(row: &DimensionRow) -> &'static str {
    use crate::core::report::Status;
    match row.status {
        Status::AtTarget => "at_target",
        Status::Gap => "gap",
        Status::Opportunity => "opportunity",
        Status::NotAssessed => "not_assessed",
    }
}

/// The dimension's examples in one cell: the question, the answer, then what the person wrote,
/// with a blank line between examples.
fn evidence(report: &Report, row: &DimensionRow) -> String {
    report
        .evidence
        .iter()
        .filter(|item| item.dimension == row.id)
        .map(|item| {
            let mut parts = vec![item.prompt.clone()];
            if !item.answer.is_empty() {
                parts.push(match item.level {
                    Some(level) => format!("{} (level {level:.1})", item.answer),
                    None => item.answer.clone(),
                });
            }
            parts.push(item.text.trim().to_owned());
            parts.join("\n")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}
