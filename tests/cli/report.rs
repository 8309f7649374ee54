//! `promo report` as a user runs it: every format, to standard output or to a file.

use std::fs;
use std::path::Path;

use crate::harness::{FixedEnv, fixture, mode, success_stdout};
use assert_cmd::Command;
use predicates::prelude::*;

/// `promo report` on the hostile fixture, with a clean, colourless, private environment.
fn report(data_dir: &Path) -> Command {
    let mut cmd = crate::harness::promo(data_dir);
    cmd.arg("report")
        .arg(fixture("report/answers.toml"))
        .arg("--rubric")
        .arg(fixture("report/rubric.toml"));
    cmd
}

#[test]
fn every_format_goes_to_standard_output() {
    let data = tempfile::tempdir().unwrap();
    let table = success_stdout(report(data.path()).args(["--format", "table"]));
    assert!(table.contains("Level vs target"));
    assert!(table.contains("Focus next"));
    assert!(!table.contains('\u{1b}'), "NO_COLOR must win");

    let markdown = success_stdout(report(data.path()).args(["--format", "markdown"]));
    assert!(markdown.starts_with("# Readiness report: "));
    assert!(markdown.contains("| Dimension | Level | Target | Gap | Priority | Status |"));
    assert!(markdown.contains("a\\|b"));

    let html = success_stdout(report(data.path()).args(["--format", "html"]));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("<svg"));
    assert!(!html.to_lowercase().contains("<script"));

    let json: serde_json::Value = serde_json::from_str(&success_stdout(
        report(data.path()).args(["--format", "json"]),
    ))
    .unwrap();
    assert_eq!(json["rubric"]["id"], "hostile");
    assert_eq!(json["focus"].as_array().unwrap().len(), 3);
    assert_eq!(json["opportunities"][0]["id"], "hiring");
    assert!(!json["evidence"].as_array().unwrap().is_empty());

    let csv = success_stdout(report(data.path()).args(["--format", "csv"]));
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 6);
    for cell in rows.iter().flatten() {
        assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell:?}");
    }
}

#[test]
fn dash_means_standard_output() {
    let data = tempfile::tempdir().unwrap();
    let to_dash = success_stdout(report(data.path()).args(["--format", "markdown", "-o", "-"]));
    let plain = success_stdout(report(data.path()).args(["--format", "markdown"]));
    assert_eq!(to_dash, plain);
    assert!(!data.path().join("-").exists());
}

#[test]
fn no_evidence_shares_scores_only() {
    let data = tempfile::tempdir().unwrap();
    for format in ["table", "markdown", "html", "json", "csv"] {
        let with = success_stdout(report(data.path()).args(["--format", format]));
        let without =
            success_stdout(report(data.path()).args(["--format", format, "--no-evidence"]));
        assert!(with.contains("2am"), "{format}");
        assert!(!without.contains("2am"), "{format}");
        assert!(!without.contains("line two"), "{format}");
        assert!(without.contains("Coaching"), "{format}");
    }
}

#[test]
fn writing_a_file_makes_it_private_and_prints_nothing() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (format, name) in [
        ("table", "report.txt"),
        ("markdown", "report.md"),
        ("html", "report.html"),
        ("json", "report.json"),
        ("csv", "report.csv"),
    ] {
        let path = dir.path().join(name);
        report(data.path())
            .args(["--format", format, "-o"])
            .arg(&path)
            .assert()
            .success()
            .stdout("");
        let written = fs::read_to_string(&path).unwrap();
        let printed = success_stdout(report(data.path()).args(["--format", format]));
        assert_eq!(written, printed, "{format}");
        #[cfg(unix)]
        assert_eq!(mode(&path), 0o600, "{format}");
    }
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 5, "no debris");
}

#[test]
fn a_file_is_never_coloured_even_when_colour_is_forced() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.txt");
    report(data.path())
        .args(["--color", "always", "-o"])
        .arg(&path)
        .assert()
        .success();
    assert!(!fs::read_to_string(&path).unwrap().contains('\u{1b}'));
    let coloured = success_stdout(report(data.path()).args(["--color", "always"]));
    assert!(coloured.contains('\u{1b}'));
}

#[test]
fn an_existing_file_is_replaced_whole() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.md");
    fs::write(
        &path,
        "an older report that is longer than nothing\n".repeat(200),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    }
    report(data.path())
        .args(["--format", "markdown", "-o"])
        .arg(&path)
        .assert()
        .success();
    let written = fs::read_to_string(&path).unwrap();
    assert!(written.starts_with("# Readiness report: "));
    assert!(!written.contains("an older report"));
    // A replaced file keeps its mode.
    #[cfg(unix)]
    assert_eq!(mode(&path), 0o644);
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no debris");
}

#[test]
fn a_failed_report_leaves_the_old_file_alone() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.md");
    fs::write(&path, "keep me").unwrap();
    let broken = dir.path().join("broken.toml");
    fs::write(
        &broken,
        "rubric = \"hostile\"\n[answers]\nown-broken = 99\n",
    )
    .unwrap();
    crate::harness::promo(data.path())
        .arg("report")
        .arg(&broken)
        .arg("--rubric")
        .arg(fixture("report/rubric.toml"))
        .args(["--format", "markdown", "-o"])
        .arg(&path)
        .assert()
        .code(3);
    assert_eq!(fs::read_to_string(&path).unwrap(), "keep me");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn a_missing_directory_is_an_io_error_that_names_the_file() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing").join("report.html");
    report(data.path())
        .args(["--format", "html", "-o"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("report.html"));
    assert!(!dir.path().join("missing").exists());
}

#[test]
fn a_directory_in_the_way_is_left_untouched() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("taken");
    fs::create_dir(&path).unwrap();
    fs::write(path.join("inside"), "keep").unwrap();
    report(data.path())
        .args(["--format", "csv", "-o"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("taken"));
    assert_eq!(fs::read_to_string(path.join("inside")).unwrap(), "keep");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no debris");
}

#[test]
fn columns_sets_the_table_width() {
    let data = tempfile::tempdir().unwrap();
    for width in [60usize, 100] {
        let table = success_stdout(report(data.path()).env("COLUMNS", width.to_string()));
        for line in table.lines() {
            assert!(line.chars().count() <= width, "{width}: {line:?}");
        }
    }
}

#[test]
fn dumb_terminals_get_ascii_tables() {
    let data = tempfile::tempdir().unwrap();
    let table = success_stdout(report(data.path()).env("TERM", "dumb").env("COLUMNS", "90"));
    assert!(table.contains("+-"));
    for forbidden in ['│', '█', '░', '┆', '═', '•', '→'] {
        assert!(!table.contains(forbidden), "{forbidden}");
    }
}

/// A pseudo-terminal that reports a size of 0 × 0 (as some CI runners and `script` do) must
/// still get a whole table, with every column wide enough for its header.
#[cfg(unix)]
#[test]
fn a_zero_sized_pseudo_terminal_still_gets_a_whole_table() {
    let data = tempfile::tempdir().unwrap();
    let bin = crate::harness::PROMO;
    let mut cmd = std::process::Command::new("sh");
    cmd.fixed_env(data.path())
        .arg("-c")
        .arg("stty cols 0 rows 0 && exec \"$0\" report \"$1\" --rubric \"$2\" --color always")
        .arg(bin)
        .arg(fixture("report/answers.toml"))
        .arg(fixture("report/rubric.toml"))
        .env_remove("NO_COLOR");
    let mut pty = crate::harness::Pty::spawn(cmd, 24, 80);
    assert_eq!(pty.finish(), 0);
    let text = pty.printed().replace("\r\n", "\n");
    let plain = console::strip_ansi_codes(&text);
    let header = plain
        .lines()
        .find(|line| line.contains("Dimension"))
        .unwrap_or_else(|| panic!("no table header in {plain}"));
    for title in ["Level", "Target", "Gap", "Priority", "Level vs target"] {
        assert!(header.contains(title), "{title} broken in {header:?}");
    }
    assert!(text.contains('\u{1b}'), "--color always colours a terminal");
}

/// The rules of the page's stylesheet inside `@media (max-width: 600px) { … }`, and the rest.
fn phone_rules(html: &str) -> (String, String) {
    let style = html
        .split_once("<style>")
        .and_then(|(_, rest)| rest.split_once("</style>"))
        .map(|(style, _)| style.to_owned())
        .unwrap();
    let start = style
        .find("@media (max-width: 600px) {")
        .expect("a phone media query");
    let body = &style[start..];
    // The block ends at the first line that is a lone closing brace.
    let end = body.find("\n}").unwrap();
    (body[..end].to_owned(), style)
}

/// A CSS property's pixel size in a rule, e.g. `.dim-label { font-size: 15px; … }`.
fn px(style: &str, selector: &str) -> f64 {
    let rule = style
        .split_once(&format!("{selector} {{"))
        .map(|(_, rest)| rest.split_once('}').unwrap().0)
        .unwrap_or_else(|| panic!("no rule for {selector}"));
    let size = rule.split_once("font-size:").unwrap().1.trim_start();
    size.split_once("px").unwrap().0.parse().unwrap()
}

#[test]
fn the_html_report_reflows_on_a_phone_and_never_breaks_words() {
    let data = tempfile::tempdir().unwrap();
    let html = success_stdout(report(data.path()).args(["--format", "html"]));
    let (phone, style) = phone_rules(&html);
    // Under 600px: one column, each table row stacked as a card with its labels, and the
    // radar (whose labels would shrink with it) gives way to each row's bar.
    for rule in [
        "table, tbody, tr, td { display: block;",
        "thead { display: none; }",
        ".chart { display: none; }",
        "td[data-label]::before { content: attr(data-label)",
        "td.num, .status { text-align: left; white-space: normal; }",
    ] {
        assert!(phone.contains(rule), "{rule:?} missing from\n{phone}");
    }
    // Words wrap whole: a long word may break only when it cannot fit a line by itself.
    assert!(
        !style.contains("anywhere"),
        "overflow-wrap: anywhere breaks words"
    );
    assert!(!style.contains("break-all"));
    assert!(style.contains("td.name { overflow-wrap: break-word; hyphens: manual; }"));
    // Every cell but the name and the bar says what it is once the header row is hidden.
    for row in html.split("<tr><td class=\"name\">").skip(1) {
        let row = row.split("</tr>").next().unwrap();
        let cells = row.matches("<td").count();
        let labelled = row.matches("data-label=").count();
        assert_eq!(labelled, cells - 1, "{row}");
    }
    // The chart's labels are at least 11px where the chart is drawn at its full width (40rem).
    assert!(px(&style, ".dim-label") >= 11.0);
    assert!(px(&style, ".ring-label") >= 11.0);
    // The footer speaks to whoever receives the page.
    assert!(html.contains("This page is complete in itself"), "footer");
    assert!(!html.contains("written on your own machine"));
}

/// Weights 0.1 and 0.3, both answered at the target level, sum to 2.9999999999999996: within
/// the documented tolerance (1e-9) that is the target, in the report, the team summary and
/// the side-by-side view alike.
#[test]
fn a_rounding_error_short_of_the_target_meets_it_everywhere() {
    let dir = crate::harness::TestDir::with_rubric(
        r#"
id = "t"
version = 1
title = "Rounding"
from = "A"
to = "B"
[[dimensions]]
id = "d"
name = "Decimals"
critical = true
  [[dimensions.questions]]
  id = "a"
  prompt = "?"
  weight = 0.1
  options = [{ text = "low", level = 0 }, { text = "at target", level = 3 }]
  [[dimensions.questions]]
  id = "b"
  prompt = "?"
  weight = 0.3
  options = [{ text = "low", level = 0 }, { text = "at target", level = 3 }]
"#,
    );
    dir.file(
        "self.toml",
        "rubric = \"t\"\nsubject = \"Sam\"\n[answers]\na = 2\nb = 2\n",
    );
    dir.file(
        "manager.toml",
        "rubric = \"t\"\nsubject = \"Sam\"\nrater = \"manager\"\n[answers]\na = 2\nb = 2\n",
    );
    let report =
        crate::harness::success_json(
            dir.promo()
                .args(["report", "self.toml", "--format", "json"]),
        );
    let dim = &report["dimensions"][0];
    assert!(dim["level"].as_f64().unwrap() < 3.0, "{dim}");
    assert_eq!(dim["gap"], 0.0);
    assert_eq!(dim["status"], "at_target");
    assert_eq!(report["readiness"], 100.0);
    assert_eq!(report["verdict"], "Ready now");
    assert_eq!(report["gated_by"], serde_json::json!([]));
    assert_eq!(report["focus"], serde_json::json!([]));
    let summary = crate::harness::success_json(dir.promo().args([
        "score",
        "self.toml",
        "manager.toml",
        "--summary",
        "--format",
        "json",
    ]));
    assert_eq!(summary[0]["dimensions"][0]["at_target"], 2, "{summary}");
    assert_eq!(summary[0]["top_gap"], serde_json::Value::Null, "{summary}");
    let compare = crate::harness::success_json(dir.promo().args([
        "compare",
        "self.toml",
        "manager.toml",
        "--format",
        "json",
    ]));
    for rater in compare["raters"].as_array().unwrap() {
        assert_eq!(rater["readiness"], 100.0, "{compare}");
        assert_eq!(rater["verdict"], "Ready now", "{compare}");
    }
    assert_eq!(compare["blind_spots"], serde_json::json!([]));
}
