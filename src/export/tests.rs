//! Every exporter on one fixed assessment full of hostile text: snapshots, and the safety rules
//! checked directly.

use super::Exporter;
use super::csv::{COLUMNS, Csv};
use super::html::{CONTENT_SECURITY_POLICY, Html};
use super::json::Json;
use super::markdown::Markdown;
use super::table::TableView;
use crate::core::answers::{Syntax, check_answers, parse_answers};
use crate::core::report::{self, Report, ReportOptions};
use crate::core::rubric::parse_rubric;
use crate::term::Style;

const RUBRIC: &str = include_str!("../../tests/fixtures/report/rubric.toml");
const ANSWERS: &str = include_str!("../../tests/fixtures/report/answers.toml");

fn report_from(rubric: &str, answers: &str, options: ReportOptions) -> Report {
    let rubric = parse_rubric(rubric, "rubric.toml").unwrap();
    let file = parse_answers(answers, Syntax::Toml, "answers.toml").unwrap();
    let (answers, _) = check_answers(file, &rubric, "answers.toml", answers).unwrap();
    report::build(&rubric, &answers, options)
}

/// The fixed assessment: a custom rubric and answers with markup, formulas, pipes, newlines and
/// a non-ASCII name.
fn hostile() -> Report {
    report_from(RUBRIC, ANSWERS, ReportOptions::default())
}

/// Renders any exporter to text.
fn render(exporter: &impl Exporter<Report>, report: &Report) -> String {
    String::from_utf8(exporter.render(report)).unwrap()
}

fn table(width: Option<u16>, ascii: bool, color: bool) -> TableView {
    TableView {
        style: Style {
            color,
            width,
            ascii,
        },
    }
}

#[test]
fn markdown_snapshot() {
    insta::assert_snapshot!("markdown", render(&Markdown, &hostile()));
}

#[test]
fn html_snapshot() {
    insta::assert_snapshot!("html", render(&Html, &hostile()));
}

#[test]
fn json_snapshot() {
    insta::assert_snapshot!("json", render(&Json, &hostile()));
}

#[test]
fn csv_snapshot() {
    insta::assert_snapshot!("csv", render(&Csv, &hostile()));
}

#[test]
fn table_snapshot() {
    insta::assert_snapshot!("table", render(&table(None, false, false), &hostile()));
}

#[test]
fn table_snapshot_narrow_ascii() {
    insta::assert_snapshot!(
        "table_narrow_ascii",
        render(&table(Some(60), true, false), &hostile())
    );
}

#[test]
fn markdown_snapshot_without_evidence() {
    let report = report_from(RUBRIC, ANSWERS, ReportOptions { evidence: false });
    insta::assert_snapshot!("markdown_no_evidence", render(&Markdown, &report));
}

// ---- the rules behind the snapshots -------------------------------------------------------

#[test]
fn every_format_carries_the_same_content() {
    let report = hostile();
    let json = render(&Json, &report);
    let csv = render(&Csv, &report);
    let markdown = render(&Markdown, &report);
    let html = render(&Html, &report);
    let table = render(&table(None, false, false), &report);
    for (format, text) in [
        ("markdown", &markdown),
        ("html", &html),
        ("table", &table),
        ("csv", &csv),
        ("json", &json),
    ] {
        assert!(text.contains("Coaching"), "{format}");
        assert!(text.contains("Hiring"), "{format}");
        assert!(
            text.contains("Zo\u{eb} \u{d8}deg\u{e5}rd-\u{674e}"),
            "{format}"
        );
        assert!(text.contains("2026-11-23"), "{format}");
        assert!(text.contains("Leads grow people."), "{format}");
        assert!(text.contains("Coach one person each week."), "{format}");
        assert!(text.contains("Fixed the release build at 2am."), "{format}");
    }
    for (format, text) in [("markdown", &markdown), ("html", &html), ("table", &table)] {
        assert!(text.contains("Developing"), "{format}");
        assert!(text.contains("Focus next"), "{format}");
        assert!(text.contains("No chance yet"), "{format}");
        assert!(text.contains("stretch assignment"), "{format}");
        assert!(text.contains("Self-ratings tend to run high"), "{format}");
        assert!(text.contains("ust-have below the bar"), "{format}");
    }
}

#[test]
fn the_gap_table_follows_priority_everywhere() {
    let report = hostile();
    let order: Vec<&str> = report
        .rows_by_priority()
        .map(|row| row.name.as_str())
        .collect();
    assert_eq!(order[0], "<script>alert(1)</script> Ownership");
    assert_eq!(*order.last().unwrap(), "Hiring");
    let markdown = render(&Markdown, &report);
    let table = render(&table(None, false, false), &report);
    for text in [&markdown, &table] {
        // The gap table starts at its header; the must-have note above it names dimensions too.
        let table_at = text.find("Dimension").unwrap();
        let at = |name: &str| table_at + text[table_at..].find(name).unwrap();
        assert!(at("Ownership") < at("Coaching"));
        assert!(at("Coaching") < at("Visibility"));
        assert!(at("Visibility") < at("Hiring"));
    }
}

#[test]
fn html_is_self_contained_and_runs_nothing() {
    let html = render(&Html, &hostile());
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "a script tag got through");
    assert!(!lower.contains("<img"));
    assert!(!lower.contains("<b>"));
    for remote in ["url(", "@import"] {
        assert!(!lower.contains(remote), "{remote}");
    }
    // Every tag is one promo writes, with no attribute that could load or run anything.
    const TAGS: &[&str] = &[
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "main",
        "header",
        "p",
        "h1",
        "h2",
        "h3",
        "code",
        "dl",
        "div",
        "dt",
        "dd",
        "span",
        "section",
        "figure",
        "svg",
        "desc",
        "polygon",
        "line",
        "text",
        "circle",
        "tspan",
        "rect",
        "figcaption",
        "table",
        "thead",
        "tr",
        "th",
        "tbody",
        "td",
        "ol",
        "li",
        "ul",
        "strong",
        "em",
        "blockquote",
        "footer",
    ];
    let mut rest = html.as_str();
    while let Some(at) = rest.find('<') {
        let tag = &rest[at + 1..rest[at..].find('>').unwrap() + at];
        rest = &rest[at + 1..];
        if tag.starts_with('/') || tag.starts_with('!') {
            continue;
        }
        let name = tag.split([' ', '/']).next().unwrap();
        assert!(TAGS.contains(&name), "unexpected tag <{tag}>");
        for attribute in tag.split_whitespace().skip(1) {
            let attribute = attribute.to_lowercase();
            assert!(
                !attribute.starts_with("on")
                    && !attribute.starts_with("src")
                    && !attribute.starts_with("href")
                    && !attribute.starts_with("xlink"),
                "<{tag}>"
            );
        }
    }
    assert!(html.contains(&format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">"
    )));
    assert!(CONTENT_SECURITY_POLICY.starts_with("default-src 'none'"));
    assert!(html.contains("@media print"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; Ownership"));
    // Hostile names are escaped inside the chart's labels too.
    let chart = &html[html.find("<svg").unwrap()..html.find("</svg>").unwrap()];
    assert!(chart.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_eq!(
        html.matches("<text").count(),
        html.matches("</text>").count()
    );
}

#[test]
fn the_radar_draws_target_and_level_and_greys_unassessed_axes() {
    let html = render(&Html, &hostile());
    assert_eq!(html.matches("class=\"target-shape\"").count(), 1);
    assert_eq!(html.matches("class=\"level-shape\"").count(), 1);
    // Hiring has no level: its axis is dashed and its label says why.
    assert_eq!(html.matches("class=\"axis unscored\"").count(), 1);
    assert!(html.contains("(no chance yet)</tspan>"));
}

#[test]
fn one_or_two_dimensions_get_bars_instead_of_a_radar() {
    let one = "id = \"one\"\nversion = 1\ntitle = \"One\"\nfrom = \"A\"\nto = \"B\"\n\
               [[dimensions]]\nid = \"a\"\nname = \"Alpha\"\n\
               [[dimensions.questions]]\nid = \"a1\"\nprompt = \"A?\"\n\
               options = [{ text = \"low\", level = 0 }, { text = \"high\", level = 4 }]\n";
    let two = format!(
        "{one}[[dimensions]]\nid = \"b\"\nname = \"Beta\"\n\
         [[dimensions.questions]]\nid = \"b1\"\nprompt = \"B?\"\n\
         options = [{{ text = \"low\", level = 0 }}, {{ text = \"high\", level = 4 }}]\n"
    );
    for (rubric, n) in [(one.to_owned(), 1), (two, 2)] {
        let report = report_from(
            &rubric,
            "rubric = \"one\"\n[answers]\na1 = 1\n",
            ReportOptions::default(),
        );
        let html = render(&Html, &report);
        assert!(!html.contains("class=\"level-shape\""), "{n} dimensions");
        assert_eq!(html.matches("class=\"track\"").count(), 2 * n, "{n}");
        assert!(html.contains("Alpha"));
        if n == 2 {
            assert!(html.contains("(not assessed)</tspan>"));
        }
    }
}

#[test]
fn no_csv_cell_could_run_as_a_formula_and_numbers_stay_numbers() {
    let report = hostile();
    let csv = render(&Csv, &report);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        COLUMNS
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), report.dimensions.len());
    for record in &records {
        assert_eq!(record.len(), COLUMNS.len());
        for cell in record {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?} could run as a formula"
            );
        }
        for column in [
            "readiness",
            "coverage",
            "weight",
            "target",
            "level",
            "gap",
            "priority",
            "answered",
            "questions",
        ] {
            let at = COLUMNS.iter().position(|c| *c == column).unwrap();
            let cell = &record[at];
            assert!(
                cell.is_empty() || cell.parse::<f64>().is_ok(),
                "{column} = {cell:?}"
            );
        }
    }
    // Numbers are never quoted in the file itself.
    assert!(!csv.contains("\"3\""));
    // Rows follow priority; the not-assessed one is last with empty numbers.
    let hiring = records.last().unwrap();
    let column = |name: &str| COLUMNS.iter().position(|c| *c == name).unwrap();
    assert_eq!(&hiring[column("dimension")], "hiring");
    assert_eq!(&hiring[column("level")], "");
    assert_eq!(&hiring[column("status")], "opportunity");
    // The hostile texts are kept, neutralised.
    assert!(csv.contains("'=HYPERLINK("));
    assert!(csv.contains("'=cmd|"));
}

#[test]
fn markdown_has_no_html_and_a_whole_table() {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let report = hostile();
    let markdown = render(&Markdown, &report);
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_MATH;
    let mut rows = 0;
    let mut cells = 0;
    let mut headings = Vec::new();
    let mut in_heading = false;
    for event in Parser::new_ext(&markdown, options) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => panic!("raw HTML in Markdown: {h:?}"),
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => panic!("a link got through"),
            Event::Start(Tag::TableRow) => rows += 1,
            Event::Start(Tag::TableCell) => cells += 1,
            Event::Start(Tag::Heading { .. }) => {
                in_heading = true;
                headings.push(String::new());
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) if in_heading => headings.last_mut().unwrap().push_str(&t),
            _ => {}
        }
    }
    // The header row is not a TableRow in pulldown-cmark; every body row has seven cells.
    assert_eq!(rows, report.dimensions.len());
    assert_eq!(cells, 7 * (report.dimensions.len() + 1));
    assert!(headings.contains(
        &"Readiness report: Engineer → Team lead | <script>alert(1)</script>".to_owned()
    ));
    assert!(headings.contains(&"Evidence".to_owned()));
    // Newlines in evidence stay apart as lines of the quote.
    assert!(markdown.contains("> Then wrote it up:\\\n> \\- root cause"));
}

#[test]
fn no_evidence_leaves_examples_out_of_every_format() {
    let report = report_from(RUBRIC, ANSWERS, ReportOptions { evidence: false });
    for text in [
        render(&Markdown, &report),
        render(&Html, &report),
        render(&Csv, &report),
        render(&Json, &report),
        render(&table(None, false, false), &report),
    ] {
        assert!(!text.contains("2am"));
        assert!(!text.contains("line two"));
    }
}

#[test]
fn the_self_view_caution_appears_only_for_self_ratings() {
    let answers = ANSWERS.replace("rater = \"self\"", "rater = \"manager\"");
    let report = report_from(RUBRIC, &answers, ReportOptions::default());
    for text in [
        render(&Markdown, &report),
        render(&Html, &report),
        render(&table(None, false, false), &report),
    ] {
        assert!(!text.contains("self-view"));
        assert!(text.contains("manager"));
    }
}

#[test]
fn a_gate_that_moved_the_verdict_is_named() {
    let rubric = "id = \"g\"\nversion = 1\ntitle = \"G\"\nfrom = \"A\"\nto = \"B\"\n\
                  [[dimensions]]\nid = \"must\"\nname = \"Must\"\ncritical = true\nweight = 0.1\n\
                  [[dimensions.questions]]\nid = \"m1\"\nprompt = \"M?\"\n\
                  options = [{ text = \"low\", level = 1 }, { text = \"high\", level = 4 }]\n\
                  [[dimensions]]\nid = \"big\"\nname = \"Big\"\nweight = 5.0\n\
                  [[dimensions.questions]]\nid = \"b1\"\nprompt = \"B?\"\n\
                  options = [{ text = \"low\", level = 0 }, { text = \"high\", level = 4 }]\n";
    let report = report_from(
        rubric,
        "rubric = \"g\"\n[answers]\nm1 = 1\nb1 = 2\n",
        ReportOptions::default(),
    );
    assert!(report.gate_applied);
    let note = "Must-have below the bar: Must. The verdict stays at Ready soon until every must-have is shown at the bar.";
    for text in [
        render(&Markdown, &report),
        render(&Html, &report),
        render(&table(None, false, false), &report),
    ] {
        assert!(text.contains(note), "{text}");
    }
}

// ---- the terminal table -------------------------------------------------------------------

#[test]
fn the_table_fits_the_width_it_is_given() {
    let report = hostile();
    for width in [100, 80, 66, 60, 56, 50] {
        let text = render(&table(Some(width), false, false), &report);
        for line in text.lines() {
            assert!(
                console::measure_text_width(line) <= usize::from(width),
                "{width}: {line:?}"
            );
        }
        assert!(text.contains("Dimension"), "{width}");
        assert!(text.contains("Level"), "{width}");
    }
}

#[test]
fn the_table_never_has_empty_columns() {
    // Width unknown (a pseudo-terminal of size 0 ends up here) and every width the style allows.
    let report = hostile();
    for width in [None, Some(20), Some(30), Some(40)] {
        let text = render(&table(width, false, false), &report);
        let header = text.lines().find(|l| l.contains("Dimension")).unwrap();
        assert!(!header.contains("┆┆") && !header.contains("││"), "{header}");
        assert!(header.contains("Level"), "{width:?}: {header}");
        assert!(header.contains("Gap"), "{width:?}: {header}");
    }
}

#[test]
fn dumb_terminals_get_plain_characters() {
    let text = render(&table(Some(80), true, false), &hostile());
    let user_text = ["Zo\u{eb}", "\u{d8}deg\u{e5}rd", "\u{674e}"];
    for line in text.lines() {
        if user_text.iter().any(|t| line.contains(t)) {
            continue;
        }
        assert!(line.is_ascii(), "{line:?}");
    }
}

#[test]
fn colour_follows_the_style_alone() {
    let report = hostile();
    let plain = render(&table(Some(100), false, false), &report);
    let coloured = render(&table(Some(100), false, true), &report);
    assert!(!plain.contains('\u{1b}'));
    assert!(coloured.contains("\u{1b}[31m") || coloured.contains("\u{1b}[38;5;9m"));
    assert_eq!(console::strip_ansi_codes(&coloured), plain);
}

#[test]
fn terminal_text_cannot_carry_escape_sequences() {
    let answers = ANSWERS.replace(
        "subject = \"Zo\u{eb}",
        "subject = \"\\u001b]0;pwned\\u0007\\u001b[2JZo\u{eb}",
    );
    let report = report_from(RUBRIC, &answers, ReportOptions::default());
    let text = render(&table(Some(100), false, false), &report);
    assert!(!text.contains('\u{1b}'), "{text}");
    assert!(!text.contains('\u{7}'));
}
