//! `promo score` output: one row or object per answers file, streamed, and the team summary.
//! Pure: each exporter turns scored values into bytes; the command decides where they go.

use std::fmt::Write as _;
use std::io;

use comfy_table::{Cell, CellAlignment, Table, presets};
use console::{Alignment, pad_str};
use serde::Serialize;

use super::escape::{csv_cell, terminal};
use super::{Exporter, bold, percent, pretty_json};
use crate::core::answers::Answers;
use crate::core::report::{self, Report, ReportOptions, Status};
use crate::core::rubric::Rubric;
use crate::core::scoring::Score;
use crate::core::summary::Summary;
use crate::term::Style;

/// The columns every score CSV starts with, wide or long.
const LEADING: [&str; 6] = ["path", "rubric", "subject", "rater", "readiness", "verdict"];

/// The columns of a score CSV; one level column per dimension id may follow.
pub const COLUMNS: [&str; 9] = joined(LEADING, ["gated_by", "unproven", "coverage"]);

/// The columns of a long score CSV: one row per file and dimension.
pub const LONG_COLUMNS: [&str; 14] = joined(
    LEADING,
    [
        "dimension",
        "name",
        "level",
        "target",
        "gap",
        "priority",
        "status",
        "gating",
    ],
);

/// `first` then `then`, as one array of column names (checked when compiled).
const fn joined<const A: usize, const B: usize, const N: usize>(
    first: [&'static str; A],
    then: [&'static str; B],
) -> [&'static str; N] {
    assert!(A + B == N, "the joined array has the wrong length");
    let mut out = [""; N];
    let mut i = 0;
    while i < A {
        out[i] = first[i];
        i += 1;
    }
    while i < N {
        out[i] = then[i - A];
        i += 1;
    }
    out
}

/// The columns of a summary CSV: one row per rubric and dimension.
pub const SUMMARY_COLUMNS: [&str; 14] = [
    "rubric",
    "n",
    "dimension",
    "name",
    "target",
    "critical",
    "assessed",
    "mean",
    "median",
    "min",
    "at_target",
    "at_target_share",
    "top_gap_people",
    "most_common_top_gap",
];

/// One scored answers file, as every per-file format needs it.
#[derive(Debug, Clone, Copy)]
pub struct Scored<'a> {
    /// The path as given or found (`-` for standard input).
    pub path: &'a str,
    /// The rubric it was scored against.
    pub rubric: &'a Rubric,
    /// The checked answers.
    pub answers: &'a Answers,
    /// The score.
    pub score: &'a Score,
}

/// One piece of the streamed score output. The threads that score the files render their rows;
/// the writer renders the rest around them, in input order, so memory stays bounded.
#[derive(Debug, Clone, Copy)]
pub enum Part<'a> {
    /// Before everything: a CSV header, the table's column titles.
    Start,
    /// Before each row written; `first` before the first.
    Before {
        /// No row was written yet.
        first: bool,
    },
    /// One scored file.
    Row(Scored<'a>),
    /// After everything, when `rows` rows were written.
    End {
        /// How many rows were written.
        rows: usize,
    },
}

/// An exporter of every part of the score output, shared by the threads that render rows.
pub type RowsExporter = Box<dyn for<'a> Exporter<Part<'a>> + Send + Sync>;

/// One CSV row per file; with `columns`, the level of each of that rubric's dimensions follows
/// on the rows of that rubric.
#[derive(Debug, Clone, Default)]
pub struct ScoreCsv {
    /// The rubric whose dimensions get a level column each.
    pub columns: Option<Rubric>,
}

/// The long CSV: one row per file and dimension.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScoreCsvLong;

/// A fixed-width table, one line per file, so it streams without knowing the rest.
#[derive(Debug, Clone, Copy)]
pub struct ScoreTable {
    /// Colour and character set.
    pub style: Style,
}

/// One JSON array of reports, each with its `path` first.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScoreJson;

/// JSON lines: one report per line, each with its `path` first.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScoreJsonl;

/// Each score exporter renders into the caller's buffer; [`Exporter::render`] is that into a
/// new one.
macro_rules! rendered_into {
    ($exporter:ty) => {
        impl Exporter<Part<'_>> for $exporter {
            fn render(&self, part: &Part<'_>) -> Vec<u8> {
                let mut out = Vec::new();
                self.render_into(part, &mut out);
                out
            }

            fn render_into(&self, part: &Part<'_>, out: &mut Vec<u8>) {
                self.write(part, out);
            }
        }
    };
}
rendered_into!(ScoreCsv);
rendered_into!(ScoreCsvLong);
rendered_into!(ScoreTable);
rendered_into!(ScoreJson);
rendered_into!(ScoreJsonl);

impl ScoreCsv {
    fn write(&self, part: &Part<'_>, out: &mut Vec<u8>) {
        match part {
            Part::Start => out.extend(csv_header(self.columns.as_ref())),
            Part::Row(row) => {
                let columns = self.columns.as_ref().is_some_and(|c| c.id == row.rubric.id);
                csv_into(out, |w| csv_row(w, row, columns));
            }
            Part::Before { .. } | Part::End { .. } => {}
        }
    }
}

impl ScoreCsvLong {
    fn write(&self, part: &Part<'_>, out: &mut Vec<u8>) {
        match part {
            Part::Start => out.extend(csv_long_header()),
            Part::Row(row) => csv_into(out, |w| csv_long_rows(w, row.path, &row.report())),
            Part::Before { .. } | Part::End { .. } => {}
        }
    }
}

impl ScoreTable {
    fn write(&self, part: &Part<'_>, out: &mut Vec<u8>) {
        match part {
            Part::Start => out.extend(table_header(self.style)),
            Part::Row(row) => table_row(out, row, self.style),
            Part::Before { .. } | Part::End { .. } => {}
        }
    }
}

impl ScoreJson {
    fn write(&self, part: &Part<'_>, out: &mut Vec<u8>) {
        match part {
            Part::Start => {}
            Part::Before { first: true } => out.extend_from_slice(b"[\n"),
            Part::Before { first: false } => out.extend_from_slice(b",\n"),
            Part::Row(row) => json_object(out, row.path, &row.report()),
            Part::End { rows: 0 } => out.extend_from_slice(b"[]\n"),
            Part::End { .. } => out.extend_from_slice(b"\n]\n"),
        }
    }
}

impl ScoreJsonl {
    fn write(&self, part: &Part<'_>, out: &mut Vec<u8>) {
        if let Part::Row(row) = part {
            json_object(out, row.path, &row.report());
            out.push(b'\n');
        }
    }
}

impl Scored<'_> {
    /// The whole report of the file, as the JSON and the long CSV carry it.
    fn report(&self) -> Report {
        report::from_score(
            self.rubric,
            self.answers,
            self.score,
            ReportOptions::default(),
        )
    }
}

/// Writes a number as a cell: the shortest text that reads back as the same `f64` (full
/// precision), or an empty cell for none.
fn number<W: io::Write>(w: &mut csv::Writer<W>, value: Option<f64>) -> csv::Result<()> {
    match value {
        Some(v) if v.is_finite() => w.write_field(ryu::Buffer::new().format_finite(v)),
        Some(v) => w.write_field(v.to_string()),
        None => w.write_field(""),
    }
}

/// A CSV writer with the conventions of every promo CSV (CRLF line ends); rows go into `out`.
fn csv_writer<W: io::Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .buffer_capacity(ROW_BYTES)
        .from_writer(out)
}

/// About one row of a score CSV: the first size of the buffers a row is written into (one
/// writer per row, on every row of a batch, so it is kept small).
const ROW_BYTES: usize = 256;

fn csv_bytes(fill: impl FnOnce(&mut csv::Writer<&mut Vec<u8>>) -> csv::Result<()>) -> Vec<u8> {
    let mut out = Vec::with_capacity(ROW_BYTES);
    csv_into(&mut out, fill);
    out
}

/// Writes CSV records at the end of `out`.
fn csv_into(
    out: &mut Vec<u8>,
    fill: impl FnOnce(&mut csv::Writer<&mut Vec<u8>>) -> csv::Result<()>,
) {
    let mut writer = csv_writer(out);
    // Writing into memory cannot fail.
    let _ = fill(&mut writer);
    let _ = writer.flush();
}

/// The header row: [`COLUMNS`], then the dimension ids of `dimensions` when given.
fn csv_header(dimensions: Option<&Rubric>) -> Vec<u8> {
    csv_bytes(|w| {
        for column in COLUMNS {
            w.write_field(column)?;
        }
        for dimension in dimensions.iter().flat_map(|r| &r.dimensions) {
            w.write_field(csv_cell(&dimension.id).as_ref())?;
        }
        w.write_record(None::<&[u8]>)
    })
}

/// Writes one row of the score CSV; with `dimensions`, the level of every dimension of the
/// row's rubric follows, in rubric order.
fn csv_row<W: io::Write>(
    w: &mut csv::Writer<W>,
    row: &Scored<'_>,
    dimensions: bool,
) -> csv::Result<()> {
    {
        w.write_field(csv_cell(row.path).as_ref())?;
        w.write_field(csv_cell(&row.rubric.id).as_ref())?;
        w.write_field(csv_cell(row.answers.subject.as_deref().unwrap_or("")).as_ref())?;
        w.write_field(row.answers.rater.as_str())?;
        number(w, row.score.readiness)?;
        w.write_field(csv_cell(&row.score.verdict).as_ref())?;
        for list in [&row.score.gated_by, &row.score.unproven] {
            w.write_field(csv_cell(&dimension_ids(row.rubric, list)).as_ref())?;
        }
        number(w, Some(row.score.coverage))?;
        if dimensions {
            for dimension in &row.score.dimensions {
                number(w, dimension.level)?;
            }
        }
        w.write_record(None::<&[u8]>)
    }
}

/// Dimension ids of `indexes`, separated by `;`.
fn dimension_ids(rubric: &Rubric, indexes: &[usize]) -> String {
    let ids: Vec<&str> = indexes
        .iter()
        .filter_map(|&d| rubric.dimensions.get(d))
        .map(|dim| dim.id.as_str())
        .collect();
    ids.join(";")
}

/// The header row of the long CSV.
fn csv_long_header() -> Vec<u8> {
    csv_bytes(|w| w.write_record(LONG_COLUMNS))
}

/// Writes the rows of the long CSV for one file: one per dimension, in rubric order.
fn csv_long_rows<W: io::Write>(
    w: &mut csv::Writer<W>,
    path: &str,
    report: &Report,
) -> csv::Result<()> {
    {
        for row in &report.dimensions {
            w.write_field(csv_cell(path).as_ref())?;
            w.write_field(csv_cell(&report.rubric.id).as_ref())?;
            w.write_field(csv_cell(report.subject.as_deref().unwrap_or("")).as_ref())?;
            w.write_field(report.rater.as_str())?;
            number(w, report.readiness)?;
            w.write_field(csv_cell(&report.verdict).as_ref())?;
            w.write_field(csv_cell(&row.id).as_ref())?;
            w.write_field(csv_cell(&row.name).as_ref())?;
            for value in [row.level, Some(row.target), row.gap, row.priority] {
                number(w, value)?;
            }
            w.write_field(status(row.status))?;
            w.write_field(if row.gating { "true" } else { "false" })?;
            w.write_record(None::<&[u8]>)?;
        }
        Ok(())
    }
}

fn status(status: Status) -> &'static str {
    match status {
        Status::AtTarget => "at_target",
        Status::Gap => "gap",
        Status::Opportunity => "opportunity",
        Status::NotAssessed => "not_assessed",
    }
}

/// Appends the JSON report of one file to `out`, with its `path` first, on one line (no line
/// break).
fn json_object(out: &mut Vec<u8>, path: &str, report: &Report) {
    #[derive(Serialize)]
    struct WithPath<'a> {
        path: &'a str,
        #[serde(flatten)]
        report: &'a Report,
    }
    // Serialising into memory cannot fail.
    let _ = serde_json::to_writer(out, &WithPath { path, report });
}

const READINESS: usize = 9;
const VERDICT: usize = 14;
const COVERAGE: usize = 8;
const SUBJECT: usize = 24;

/// The header line of the score table.
fn table_header(style: Style) -> Vec<u8> {
    let line = format!(
        "{}  {}  {}  {}  path",
        pad_str("readiness", READINESS, Alignment::Right, None),
        pad_str("verdict", VERDICT, Alignment::Left, None),
        pad_str("coverage", COVERAGE, Alignment::Right, None),
        pad_str("subject", SUBJECT, Alignment::Left, None),
    );
    let line = if style.color {
        console::style(line).bold().force_styling(true).to_string()
    } else {
        line
    };
    format!("{line}\n").into_bytes()
}

/// Appends one line of the score table to `out`: fixed-width columns, so it streams without
/// knowing the rest.
fn table_row(out: &mut Vec<u8>, row: &Scored<'_>, style: Style) {
    let one_line = |text: &str| terminal(text).replace('\n', " ");
    let subject = one_line(row.answers.subject.as_deref().unwrap_or(""));
    let ellipsis = if style.ascii { "..." } else { "…" };
    let verdict = pad_str(
        &one_line(&row.score.verdict),
        VERDICT,
        Alignment::Left,
        Some(ellipsis),
    )
    .into_owned();
    let held = !(row.score.gated_by.is_empty() && row.score.unproven.is_empty());
    let verdict = match (style.color, !held) {
        (true, false) => console::style(verdict)
            .red()
            .force_styling(true)
            .to_string(),
        _ => verdict,
    };
    let line = format!(
        "{}  {}  {}  {}  {}\n",
        pad_str(
            &percent(row.score.readiness),
            READINESS,
            Alignment::Right,
            None
        ),
        verdict,
        pad_str(
            &format!("{:.0}%", row.score.coverage * 100.0),
            COVERAGE,
            Alignment::Right,
            None
        ),
        pad_str(&subject, SUBJECT, Alignment::Left, Some(ellipsis)),
        one_line(row.path),
    );
    out.extend_from_slice(line.as_bytes());
}

/// The team summaries as tables, one block per rubric.
#[derive(Debug, Clone, Copy)]
pub struct SummaryTable {
    /// Colour, width and character set.
    pub style: Style,
}

/// The team summaries as one pretty JSON array.
#[derive(Debug, Clone, Copy, Default)]
pub struct SummaryJson;

/// The team summaries as JSON lines: one object per rubric.
#[derive(Debug, Clone, Copy, Default)]
pub struct SummaryJsonl;

/// The team summaries as CSV: one row per rubric and dimension.
#[derive(Debug, Clone, Copy, Default)]
pub struct SummaryCsv;

impl Exporter<[Summary]> for SummaryTable {
    fn render(&self, summaries: &[Summary]) -> Vec<u8> {
        summary_table(summaries, self.style)
    }
}

impl Exporter<[Summary]> for SummaryJson {
    fn render(&self, summaries: &[Summary]) -> Vec<u8> {
        pretty_json(&summaries)
    }
}

impl Exporter<[Summary]> for SummaryJsonl {
    fn render(&self, summaries: &[Summary]) -> Vec<u8> {
        let mut bytes = Vec::new();
        for summary in summaries {
            bytes.extend(serde_json::to_vec(summary).unwrap_or_default());
            bytes.push(b'\n');
        }
        bytes
    }
}

impl Exporter<[Summary]> for SummaryCsv {
    fn render(&self, summaries: &[Summary]) -> Vec<u8> {
        summary_csv(summaries)
    }
}

fn summary_table(summaries: &[Summary], style: Style) -> Vec<u8> {
    let mut out = String::new();
    let paint = |text: &str| bold(style, text);
    if summaries.is_empty() {
        out.push_str("Nothing was scored.\n");
    }
    for (i, summary) in summaries.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let plural =
            |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut count = plural(summary.n, "assessment", "assessments");
        if let Some(people) = summary.people {
            count.push_str(&format!(" of {}", plural(people, "person", "people")));
            if summary.without_subject > 0 {
                count.push_str(&format!(
                    " (and {} without a subject)",
                    plural(summary.without_subject, "assessment", "assessments")
                ));
            }
        }
        let _ = writeln!(
            out,
            "{} ({}): {count}",
            paint(&terminal(&summary.title)),
            summary.rubric,
        );
        let _ = writeln!(
            out,
            "Readiness: mean {}, median {}, lowest {}",
            percent(summary.readiness.mean),
            percent(summary.readiness.median),
            percent(summary.readiness.min)
        );
        let verdicts: Vec<String> = summary
            .verdicts
            .iter()
            .filter(|v| v.people > 0)
            .map(|v| format!("{} {}", terminal(&v.verdict), v.people))
            .collect();
        let _ = writeln!(out, "Verdicts: {}", verdicts.join(", "));
        match &summary.top_gap {
            Some(top) => {
                let _ = writeln!(
                    out,
                    "Most common top gap: {} ({} of {}, {:.0}%)",
                    terminal(&top.name),
                    top.people,
                    summary.n,
                    top.share * 100.0
                );
            }
            None => out.push_str("Most common top gap: none; nobody has a gap\n"),
        }
        let mut table = Table::new();
        table.load_style(if style.ascii {
            presets::ASCII_FULL_CONDENSED
        } else {
            presets::UTF8_FULL_CONDENSED
        });
        table.force_no_tty();
        if let Some(width) = style.width {
            table
                .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
                .set_width(width);
        }
        let right = |text: String| Cell::new(text).set_alignment(CellAlignment::Right);
        let level = |v: Option<f64>| v.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"));
        table.set_header(vec![
            Cell::new("Dimension"),
            right("Target".into()),
            right("Assessed".into()),
            right("Mean".into()),
            right("Median".into()),
            right("Min".into()),
            right("At target".into()),
            right("Top gap for".into()),
        ]);
        for d in &summary.dimensions {
            table.add_row(vec![
                Cell::new(format!(
                    "{}{}",
                    terminal(&d.name),
                    if d.critical { "*" } else { "" }
                )),
                right(format!("{:.1}", d.target)),
                right(d.assessed.to_string()),
                right(level(d.level.mean)),
                right(level(d.level.median)),
                right(level(d.level.min)),
                right(
                    d.at_target_share
                        .map_or_else(|| "-".to_owned(), |s| format!("{:.0}%", s * 100.0)),
                ),
                right(d.top_gap.to_string()),
            ]);
        }
        let _ = writeln!(out, "{table}");
    }
    if summaries
        .iter()
        .any(|s| s.dimensions.iter().any(|d| d.critical))
    {
        out.push_str("* must-have\n");
    }
    out.into_bytes()
}

fn summary_csv(summaries: &[Summary]) -> Vec<u8> {
    csv_bytes(|w| {
        w.write_record(SUMMARY_COLUMNS)?;
        for summary in summaries {
            let top = summary.top_gap.as_ref().map(|t| t.id.as_str());
            for d in &summary.dimensions {
                w.write_field(csv_cell(&summary.rubric).as_ref())?;
                w.write_field(summary.n.to_string())?;
                w.write_field(csv_cell(&d.id).as_ref())?;
                w.write_field(csv_cell(&d.name).as_ref())?;
                number(w, Some(d.target))?;
                w.write_field(if d.critical { "true" } else { "false" })?;
                w.write_field(d.assessed.to_string())?;
                for value in [d.level.mean, d.level.median, d.level.min] {
                    number(w, value)?;
                }
                w.write_field(d.at_target.to_string())?;
                number(w, d.at_target_share)?;
                w.write_field(d.top_gap.to_string())?;
                w.write_field(if top == Some(d.id.as_str()) {
                    "true"
                } else {
                    "false"
                })?;
                w.write_record(None::<&[u8]>)?;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::core::answers::{Rater, Response};
    use crate::core::report::{self, ReportOptions};
    use crate::core::scoring::score;
    use crate::core::summary::Tally;

    fn sample() -> (Rubric, Answers) {
        let rubric = Catalog::built_in().unwrap().remove(0).rubric;
        let mut answers = Answers::empty(&rubric, Rater::Manager);
        answers.subject = Some("=cmd|' /C calc'!A0".into());
        for (i, slot) in answers.responses.iter_mut().enumerate().take(12) {
            *slot = Some(Response::Choice(i % 3));
        }
        (rubric, answers)
    }

    /// The sample with its score, to read rows from.
    struct Sampled {
        rubric: Rubric,
        answers: Answers,
        score: Score,
    }

    impl Sampled {
        fn new() -> Self {
            let (rubric, answers) = sample();
            let score = score(&rubric, &answers);
            Sampled {
                rubric,
                answers,
                score,
            }
        }

        fn row<'a>(&'a self, path: &'a str) -> Scored<'a> {
            Scored {
                path,
                rubric: &self.rubric,
                answers: &self.answers,
                score: &self.score,
            }
        }
    }

    #[test]
    fn csv_rows_are_formula_safe_and_full_precision() {
        let sampled = Sampled::new();
        let (rubric, score) = (&sampled.rubric, &sampled.score);
        let row = sampled.row("-team/a.toml");
        let mut w = csv_writer(Vec::new());
        csv_row(&mut w, &row, true).unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        let record = reader.records().next().unwrap().unwrap();
        assert_eq!(&record[0], "'-team/a.toml");
        assert_eq!(&record[2], "'=cmd|' /C calc'!A0");
        assert_eq!(&record[3], "manager");
        let readiness: f64 = record[4].parse().unwrap();
        assert_eq!(readiness.to_bits(), score.readiness.unwrap().to_bits());
        assert_eq!(record.len(), COLUMNS.len() + rubric.dimensions.len());
        // Not-assessed dimensions are empty cells.
        let last = record.len() - 1;
        assert_eq!(
            record[last].is_empty(),
            score.dimensions.last().unwrap().level.is_none()
        );
        assert!(text.ends_with("\r\n"));
        let header = String::from_utf8(csv_header(Some(rubric))).unwrap();
        assert!(header.starts_with(
            "path,rubric,subject,rater,readiness,verdict,gated_by,unproven,coverage,leading,"
        ));
    }

    #[test]
    fn json_objects_carry_the_path_first_and_the_whole_report() {
        let (rubric, answers) = sample();
        let report = report::build(&rubric, &answers, ReportOptions::default());
        let mut bytes = Vec::new();
        json_object(&mut bytes, "a.toml", &report);
        assert!(bytes.starts_with(br#"{"path":"a.toml","rubric":{"#));
        assert!(!bytes.contains(&b'\n'));
        let mut value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        value.as_object_mut().unwrap().remove("path");
        assert_eq!(value, serde_json::to_value(&report).unwrap());
    }

    #[test]
    fn long_rows_have_one_row_per_dimension() {
        let (rubric, answers) = sample();
        let report = report::build(&rubric, &answers, ReportOptions::default());
        let mut w = csv_writer(Vec::new());
        csv_long_rows(&mut w, "a.toml", &report).unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(text.lines().count(), rubric.dimensions.len());
        assert_eq!(
            String::from_utf8(csv_long_header()).unwrap().trim_end(),
            LONG_COLUMNS.join(",")
        );
    }

    #[test]
    fn table_rows_line_up() {
        let sampled = Sampled::new();
        let row = sampled.row("a.toml");
        let header = String::from_utf8(table_header(Style::PLAIN)).unwrap();
        let mut line = Vec::new();
        table_row(&mut line, &row, Style::PLAIN);
        let line = String::from_utf8(line).unwrap();
        assert_eq!(header.find("path"), line.find("a.toml"));
    }

    #[test]
    fn summary_formats() {
        let (rubric, answers) = sample();
        let mut tally = Tally::new(&rubric);
        tally.add(&score(&rubric, &answers));
        let summaries = [tally.summary(&rubric)];
        let table = String::from_utf8(summary_table(&summaries, Style::PLAIN)).unwrap();
        assert!(table.contains("): 1 assessment\n"), "{table}");
        // People are counted by subject: a duplicate file and a manager's rating of the same
        // person are one person; a file without a subject is counted apart.
        let mut team = Tally::new(&rubric);
        for subject in [
            Some("Sam Lee"),
            Some("sam lee "),
            Some("Sam Lee"),
            None,
            Some("Ana"),
        ] {
            team.add(&score(&rubric, &answers));
            team.add_subject(subject);
        }
        let team =
            String::from_utf8(summary_table(&[team.summary(&rubric)], Style::PLAIN)).unwrap();
        assert!(
            team.contains("): 5 assessments of 2 people (and 1 assessment without a subject)\n"),
            "{team}"
        );
        let csv = String::from_utf8(summary_csv(&summaries)).unwrap();
        assert_eq!(csv.lines().count(), 1 + rubric.dimensions.len());
        let json: serde_json::Value =
            serde_json::from_slice(&SummaryJson.render(&summaries)).unwrap();
        assert_eq!(json[0]["n"], 1);
        assert_eq!(
            SummaryJsonl
                .render(&summaries)
                .iter()
                .filter(|&&b| b == b'\n')
                .count(),
            1
        );
    }
}
