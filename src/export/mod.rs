//! Every rendering: each exporter turns one model (a report, comparison, history, journal,
//! plan or packet, …) into bytes. Pure: no files, no terminal queries; the format → exporter
//! choice is made here too.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod compare;
pub mod csv;
pub mod escape;
pub mod history;
pub mod html;
mod html_chart;
pub mod journal;
pub mod json;
pub mod label;
pub mod lint;
pub mod markdown;
pub mod packet;
pub mod packet_html;
pub mod plan;
pub mod rubrics;
pub mod score;
pub mod table;

#[cfg(test)]
mod tests;

use comfy_table::{ContentArrangement, Table, presets};

use self::compare::{CompareJson, CompareMarkdown, CompareTable};
use self::csv::Csv;
use self::history::{HistoryJson, HistoryTable};
use self::html::Html;
use self::journal::{
    Coverage, CoverageJson, CoverageTable, JournalCsv, JournalJson, JournalMarkdown, JournalTable,
};
use self::json::Json;
use self::markdown::Markdown;
use self::packet::{PacketJson, PacketMarkdown};
use self::packet_html::PacketHtml;
use self::plan::{PlanJson, PlanMarkdown, PlanTable, Planned};
use self::rubrics::{ListJson, ListTable, Listed};
use self::score::{
    RowsExporter, ScoreCsv, ScoreCsvLong, ScoreJson, ScoreJsonl, ScoreTable, SummaryCsv,
    SummaryJson, SummaryJsonl, SummaryTable,
};
use self::table::TableView;
use crate::cli::{
    CompareFormat, CoverageFormat, HistoryFormat, ListFormat, LogFormat, PacketFormat, PlanFormat,
    ReportFormat, ScoreFormat,
};
use crate::core::compare::Comparison;
use crate::core::history::History;
use crate::core::journal::Entry;
use crate::core::packet::Packet;
use crate::core::report::{DimensionRow, Evidence, Report, Status};
use crate::core::rubric::Rubric;
use crate::core::summary::Summary;
use crate::term::Style;

/// Renders one model (a report, a comparison, a history, …) in one format.
pub trait Exporter<M: ?Sized> {
    /// The rendered model.
    fn render(&self, model: &M) -> Vec<u8>;

    /// The rendered model, added to the end of `out`: for streams of many small models, such
    /// as the rows of `promo score`, rendered into one buffer without one of their own.
    fn render_into(&self, model: &M, out: &mut Vec<u8>) {
        out.extend(self.render(model));
    }
}

/// The exporter of a report format. Terminal styling applies only to the table.
pub fn report(format: ReportFormat, style: Style) -> Box<dyn Exporter<Report>> {
    match format {
        ReportFormat::Table => Box::new(TableView { style }),
        ReportFormat::Markdown => Box::new(Markdown),
        ReportFormat::Html => Box::new(Html),
        ReportFormat::Json => Box::new(Json),
        ReportFormat::Csv => Box::new(Csv),
    }
}

/// The exporter of a comparison format. Terminal styling applies only to the table.
pub fn comparison(format: CompareFormat, style: Style) -> Box<dyn Exporter<Comparison>> {
    match format {
        CompareFormat::Table => Box::new(CompareTable { style }),
        CompareFormat::Markdown => Box::new(CompareMarkdown),
        CompareFormat::Json => Box::new(CompareJson),
    }
}

/// The exporter of a history format. Terminal styling applies only to the table.
pub fn history(format: HistoryFormat, style: Style) -> Box<dyn Exporter<[History]>> {
    match format {
        HistoryFormat::Table => Box::new(HistoryTable { style }),
        HistoryFormat::Json => Box::new(HistoryJson),
    }
}

/// The exporter of the rows of a score format, streamed one file at a time; `long` picks the
/// long CSV, and `columns` the rubric whose dimensions get a level column each in the CSV.
pub fn score_rows(
    format: ScoreFormat,
    long: bool,
    columns: Option<&Rubric>,
    style: Style,
) -> RowsExporter {
    match format {
        ScoreFormat::Csv if long => Box::new(ScoreCsvLong),
        ScoreFormat::Csv => Box::new(ScoreCsv {
            columns: columns.cloned(),
        }),
        ScoreFormat::Table => Box::new(ScoreTable { style }),
        ScoreFormat::Json => Box::new(ScoreJson),
        ScoreFormat::Jsonl => Box::new(ScoreJsonl),
    }
}

/// The exporter of a team summary format. Terminal styling applies only to the table.
pub fn summary(format: ScoreFormat, style: Style) -> Box<dyn Exporter<[Summary]>> {
    match format {
        ScoreFormat::Table => Box::new(SummaryTable { style }),
        ScoreFormat::Csv => Box::new(SummaryCsv),
        ScoreFormat::Json => Box::new(SummaryJson),
        ScoreFormat::Jsonl => Box::new(SummaryJsonl),
    }
}

/// The exporter of a rubric list format.
pub fn rubric_list<'a>(format: ListFormat, style: Style) -> Box<dyn Exporter<[Listed<'a>]>> {
    match format {
        ListFormat::Table => Box::new(ListTable { style }),
        ListFormat::Json => Box::new(ListJson),
    }
}

/// The exporter of a journal format. Tables are never coloured.
pub fn journal(format: LogFormat, style: Style) -> Box<dyn Exporter<[Entry]>> {
    match format {
        LogFormat::Table => Box::new(JournalTable { style }),
        LogFormat::Markdown => Box::new(JournalMarkdown),
        LogFormat::Json => Box::new(JournalJson),
        LogFormat::Csv => Box::new(JournalCsv),
    }
}

/// The exporter of an evidence coverage format. Tables are never coloured.
pub fn coverage<'a>(format: CoverageFormat, style: Style) -> Box<dyn Exporter<Coverage<'a>>> {
    match format {
        CoverageFormat::Table => Box::new(CoverageTable { style }),
        CoverageFormat::Json => Box::new(CoverageJson),
    }
}

/// The exporter of a development plan format. Tables are never coloured.
pub fn plan<'a>(format: PlanFormat, style: Style) -> Box<dyn Exporter<Planned<'a>>> {
    match format {
        PlanFormat::Table => Box::new(PlanTable { style }),
        PlanFormat::Markdown => Box::new(PlanMarkdown),
        PlanFormat::Json => Box::new(PlanJson),
    }
}

/// The exporter of a promotion packet format.
pub fn packet(format: PacketFormat) -> Box<dyn Exporter<Packet>> {
    match format {
        PacketFormat::Markdown => Box::new(PacketMarkdown),
        PacketFormat::Html => Box::new(PacketHtml),
        PacketFormat::Json => Box::new(PacketJson),
    }
}

/// A table in the house style: condensed Unicode lines (ASCII for `TERM=dumb`), fitted to
/// the width when one is known, coloured only when the style allows.
pub fn new_table(style: Style) -> Table {
    let mut table = Table::new();
    table.load_style(if style.ascii {
        presets::ASCII_MARKDOWN
    } else {
        presets::UTF8_FULL_CONDENSED
    });
    match style.width {
        Some(width) => {
            table
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(width);
        }
        None => {
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    if style.color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table
}

/// `text` in bold when the style has colour.
pub fn bold(style: Style, text: &str) -> String {
    if style.color {
        console::style(text).bold().force_styling(true).to_string()
    } else {
        text.to_owned()
    }
}

/// "+1.0", "-0.5", "0.0".
pub fn signed(value: f64) -> String {
    if value.abs() < 0.05 {
        "0.0".to_owned()
    } else {
        format!("{value:+.1}")
    }
}

/// The report's level labels as "0 label", each label passed through `escape`.
pub fn scale(report: &Report, escape: impl Fn(&str) -> String) -> Vec<String> {
    report
        .scale
        .iter()
        .enumerate()
        .map(|(level, label)| format!("{level} {}", escape(label)))
        .collect()
}

/// JSON, pretty-printed, with a final newline.
pub fn pretty_json(value: &impl serde::Serialize) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
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

/// The report's examples in order, each with the name of its dimension when it is the first
/// of that dimension (to head the examples of each dimension once).
pub fn evidence_by_dimension(report: &Report) -> impl Iterator<Item = (Option<&str>, &Evidence)> {
    let mut current: Option<&str> = None;
    report.evidence.iter().map(move |item| {
        let heading =
            (current != Some(item.dimension.as_str())).then_some(item.dimension_name.as_str());
        current = Some(&item.dimension);
        (heading, item)
    })
}

/// The level an example's answer stands for, as " (level 2.0)", or nothing.
pub fn answer_level(item: &Evidence) -> String {
    item.level
        .map(|l| format!(" (level {l:.1})"))
        .unwrap_or_default()
}

/// The report's date, or "undated".
pub fn date(report: &Report) -> String {
    report
        .date
        .map_or_else(|| "undated".to_owned(), |d| d.to_string())
}
