//! The foundation commands, run as a user would: rubrics, template, report, exit codes.

use std::path::PathBuf;

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

use crate::harness::{fixture, strings, success_json};

/// The binary in the fixed environment, with a data directory no test here writes to.
fn promo() -> Command {
    crate::harness::promo(&std::env::temp_dir().join("promo-cli-tests-unused"))
}

/// `text` written to `name` in a new temporary directory (kept while the directory lives).
fn written(name: &str, text: &str) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// The small fixture rubric with each `(from, to)` change made, written to `name`.
fn small_changed(name: &str, changes: &[(&str, &str)]) -> (TempDir, PathBuf) {
    let source = std::fs::read_to_string(fixture("foundation/rubrics/small.toml")).unwrap();
    let source = changes
        .iter()
        .fold(source, |source, (from, to)| source.replace(from, to));
    written(name, &source)
}

/// `promo report ARGS` with the fixture rubrics directory.
fn report_with_fixtures(args: &[&str]) -> Command {
    let mut cmd = promo();
    cmd.args(["report", "--rubrics-dir"])
        .arg(fixture("foundation/rubrics"))
        .args(args);
    cmd
}

#[test]
fn rubrics_list_shows_the_built_ins_and_custom_ones() {
    promo()
        .args(["rubrics", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ic-to-manager"))
        .stdout(predicate::str::contains("manager-to-director"))
        .stdout(predicate::str::contains("middle-to-senior"));
    let listed = success_json(
        promo()
            .args(["rubrics", "list", "--format", "json", "--rubrics-dir"])
            .arg(fixture("foundation/rubrics")),
    );
    let ids = strings(&listed, "id");
    assert_eq!(
        ids,
        [
            "small",
            "ic-to-manager",
            "manager-to-director",
            "middle-to-senior"
        ]
    );
    assert_eq!(listed[0]["dimensions"], 2);
    assert_eq!(listed[0]["questions"], 4);
    assert_eq!(listed[0]["scored_questions"], 3);
}

#[test]
fn the_environment_adds_rubric_directories() {
    promo()
        .env("PROMO_RUBRICS_DIR", fixture("foundation/rubrics"))
        .args(["rubrics", "show", "small"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Small test rubric"));
}

#[test]
fn rubrics_show_lists_what_the_next_level_looks_like() {
    promo()
        .args(["rubrics", "show"])
        .arg(fixture("foundation/rubrics/small.toml"))
        .assert()
        .success()
        .stdout(predicate::str::contains("Why it matters: Leads lead."))
        // Options at or above the target (3) are shown, lower ones are not.
        .stdout(predicate::str::contains("- I fix it with others"))
        .stdout(predicate::str::contains("- I rally the team behind a fix"))
        .stdout(predicate::str::contains("I mention it").not())
        .stdout(predicate::str::contains("- Lead a project"));
    promo()
        .args(["rubrics", "show", "--questions"])
        .arg(fixture("foundation/rubrics/small.toml"))
        .assert()
        .success()
        .stdout(predicate::str::contains("2. [1] I mention it"));
}

#[test]
fn unknown_rubric_is_a_usage_error_listing_the_known_ones() {
    promo()
        .args(["rubrics", "show", "ic-to-manger"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no rubric \"ic-to-manger\""))
        .stderr(predicate::str::contains("ic-to-manager"));
}

#[test]
fn validate_passes_good_rubrics_and_names_problems_in_bad_ones() {
    let (_dir, bad) = small_changed(
        "bad.toml",
        &[
            ("level = 4 }", "level = 5 }"),
            ("id = \"share-teach\"", "id = \"lead-cause\""),
        ],
    );
    promo()
        .args(["rubrics", "validate"])
        .arg(fixture("foundation/rubrics/small.toml"))
        .assert()
        .success()
        .stdout(predicate::str::contains("ok:"));
    promo()
        .args(["rubrics", "validate"])
        .arg(fixture("foundation/rubrics/small.toml"))
        .arg(&bad)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("bad.toml:17:"))
        .stderr(predicate::str::contains(
            "question \"lead-cause\": option 4 has level 5",
        ))
        .stderr(predicate::str::contains(
            "question \"lead-cause\": this question id is used twice",
        ))
        .stderr(predicate::str::contains("1 of 2 rubric files are invalid"));
}

#[test]
fn validate_reports_syntax_errors_with_line_and_column() {
    let (_dir, bad) = written("syntax.toml", "id = \"x\"\nversion = 1\ntitle = \n");
    promo()
        .args(["rubrics", "validate"])
        .arg(&bad)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("syntax.toml:3:"));
}

#[test]
fn template_parses_as_is_and_scores_as_incomplete() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("me.toml");
    promo()
        .args(["template", "ic-to-manager", "-o"])
        .arg(&path)
        .assert()
        .success()
        .stderr(predicate::str::contains("Wrote"));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("rubric = \"ic-to-manager\""));
    #[cfg(unix)]
    assert_eq!(crate::harness::mode(&path), 0o600);
    let report = success_json(promo().args(["report", "--format", "json"]).arg(&path));
    assert_eq!(report["verdict"], "Incomplete");
    assert_eq!(report["coverage"], 0.0);
    assert_eq!(report["readiness"], serde_json::Value::Null);
    assert_eq!(report["rubric"]["id"], "ic-to-manager");
}

#[test]
fn report_json_follows_the_scoring_model() {
    let r = success_json(
        promo()
            .args(["report", "--format", "json", "--rubric"])
            .arg(fixture("foundation/rubrics/small.toml"))
            .arg(fixture("foundation/small-answers.toml")),
    );
    // lead: lead-cause option 2 -> level 1; lead-done [1] -> 1.5; mean 1.25, gap 1.75, priority 3.5.
    assert_eq!(r["dimensions"][0]["level"], 1.25);
    assert_eq!(r["dimensions"][0]["gap"], 1.75);
    assert_eq!(r["dimensions"][0]["priority"], 3.5);
    // share: option 3 -> level 4, capped at target 2 for readiness; gap 0.
    assert_eq!(r["dimensions"][1]["level"], 4.0);
    assert_eq!(r["dimensions"][1]["gap"], 0.0);
    assert_eq!(r["dimensions"][1]["priority"], 0.0);
    assert_eq!(r["dimensions"][0]["status"], "gap");
    assert_eq!(r["dimensions"][1]["status"], "at_target");
    assert_eq!(r["priority_order"], serde_json::json!(["lead", "share"]));
    // readiness = 100 * (2 * 1.25/3 + 1 * 1) / 3
    let expected = 100.0 * (2.0 * 1.25 / 3.0 + 1.0) / 3.0;
    assert!((r["readiness"].as_f64().unwrap() - expected).abs() < 1e-12);
    assert_eq!(r["verdict"], "Developing");
    assert_eq!(r["gated_by"], serde_json::json!(["lead"]));
    assert_eq!(r["coverage"], 1.0);
    assert_eq!(r["subject"], "Sam Lee");
    assert_eq!(r["rater"], "self");
    assert_eq!(r["self_view"], true);
    assert_eq!(r["date"], "2026-11-23");
    assert_eq!(r["rubric"]["version"], 2);
    assert_eq!(r["focus"][0]["id"], "lead");
    assert_eq!(r["evidence"][0]["text"], "Pushed the flaky-test fix");
}

#[test]
fn report_table_shows_the_gaps_and_the_verdict() {
    promo()
        .args(["report", "--rubric"])
        .arg(fixture("foundation/rubrics/small.toml"))
        .arg(fixture("foundation/small-answers.toml"))
        .assert()
        .success()
        .stdout(predicate::str::contains("Developing"))
        .stdout(predicate::str::contains("Leading*"))
        .stdout(predicate::str::contains("Focus next"))
        .stdout(predicate::str::contains("Self-ratings tend to run high"));
}

#[test]
fn report_reads_standard_input_and_json() {
    let answers = r#"{"rubric": "small", "rater": "manager", "answers": {"lead-cause": 4, "lead-done": [2, 3], "share-teach": "na"}}"#;
    let r = success_json(report_with_fixtures(&["-", "--format", "json"]).write_stdin(answers));
    assert_eq!(r["rubric"]["id"], "small");
    assert_eq!(r["rater"], "manager");
    assert_eq!(r["coverage"], 1.0);
    assert_eq!(r["dimensions"][1]["status"], "opportunity");
    assert_eq!(r["opportunities"][0]["id"], "share");
    assert_eq!(r["self_view"], false);
}

#[test]
fn invalid_answers_exit_3_naming_file_line_and_id() {
    let (_dir, path) = written(
        "answers.toml",
        "rubric = \"small\"\n[answers]\nlead-cause = 7\nlead-dne = [1]\n",
    );
    report_with_fixtures(&[])
        .arg(&path)
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "answers.toml:3:1: question \"lead-cause\": option 7 does not exist",
        ))
        .stderr(predicate::str::contains(
            "answers.toml:4:1: \"lead-dne\": an unknown question id; did you mean \"lead-done\"?",
        ));
}

#[test]
fn answers_for_an_unknown_rubric_are_invalid() {
    let (_dir, path) = written("answers.toml", "rubric = \"nope\"\n");
    promo()
        .arg("report")
        .arg(&path)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("answers.toml"))
        .stderr(predicate::str::contains("no rubric \"nope\""));
}

#[test]
fn answers_against_another_rubric_are_invalid() {
    promo()
        .args(["report", "--rubric", "ic-to-manager"])
        .arg(fixture("foundation/small-answers.toml"))
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "for rubric \"small\", not \"ic-to-manager\"",
        ));
}

#[test]
fn version_mismatch_is_a_warning_only() {
    let (_dir, path) = written("old.toml", "rubric = \"small\"\nrubric_version = 1\n");
    report_with_fixtures(&[])
        .arg(&path)
        .assert()
        .success()
        .stderr(predicate::str::contains("warning:"))
        .stderr(predicate::str::contains("version 1"));
}

#[test]
fn a_missing_file_is_a_usage_error() {
    promo()
        .args(["report", "does-not-exist.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "does-not-exist.toml: no such file",
        ));
}

#[test]
fn usage_errors_exit_2() {
    promo().args(["report"]).assert().code(2);
    promo().args(["frobnicate"]).assert().code(2);
    promo()
        .args(["report", "x.toml", "--format", "pdf"])
        .assert()
        .code(2);
}

#[test]
fn help_and_version_work() {
    promo()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit codes"));
    promo()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn the_rubric_field_is_an_id_never_a_path() {
    let (_dir, path) = written("answers.toml", "rubric = \"../rubrics/small.toml\"\n");
    promo()
        .arg("report")
        .arg(&path)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("is not a rubric id"));
}

#[test]
fn a_missing_rubrics_dir_flag_is_a_usage_error_but_a_stale_variable_is_skipped() {
    promo()
        .args([
            "rubrics",
            "list",
            "--rubrics-dir",
            "/nonexistent/promo-rubrics",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "/nonexistent/promo-rubrics: no such directory",
        ));
    promo()
        .env("PROMO_RUBRICS_DIR", "/nonexistent/promo-rubrics")
        .args(["rubrics", "show", "ic-to-manager"])
        .assert()
        .success()
        .stderr(predicate::str::contains("not a directory; skipping it"));
}

#[test]
fn weights_beyond_the_maximum_are_rejected() {
    let (_dir, path) = small_changed("heavy.toml", &[("weight = 2.0", "weight = 1e308")]);
    promo()
        .args(["rubrics", "validate"])
        .arg(&path)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("at most 1000000"));
}

#[test]
fn rubrics_show_wraps_at_spaces_to_the_width_with_an_arrow() {
    let run = |columns: Option<&str>| {
        let mut cmd = promo();
        cmd.args(["rubrics", "show", "ic-to-manager", "--questions"])
            .env_remove("TERM");
        if let Some(columns) = columns {
            cmd.env("COLUMNS", columns);
        }
        String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
    };
    let whole = run(None);
    let wrapped = run(Some("110"));
    assert!(
        wrapped.lines().all(|l| l.chars().count() <= 110),
        "{wrapped}"
    );
    assert!(whole.lines().any(|l| l.chars().count() > 110));
    // Only spaces became line breaks: no word is split.
    let words = |text: &str| {
        text.split_whitespace()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(words(&wrapped), words(&whole));
    assert!(
        wrapped.contains("Individual contributor → People manager"),
        "{wrapped}"
    );
    assert!(!wrapped.contains(" -> "), "{wrapped}");
}

#[test]
fn a_mistyped_rubric_id_gets_a_suggestion_everywhere() {
    let data = tempfile::tempdir().unwrap();
    for args in [
        &["assess", "--rubric", "ic-to-manger"][..],
        &["template", "ic-to-manger"][..],
        &["rubrics", "show", "ic-to-manger"][..],
        &["history", "--rubric", "ic-to-manger"][..],
    ] {
        let out = crate::harness::promo(data.path())
            .args(args)
            .write_stdin("")
            .assert()
            .code(2)
            .get_output()
            .stderr
            .clone();
        let stderr = String::from_utf8(out).unwrap();
        assert!(
            stderr.contains("did you mean ic-to-manager?"),
            "{args:?}: {stderr}"
        );
        assert!(
            !stderr.contains("template ic-to-manger"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn answers_files_in_a_rubrics_directory_are_skipped_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.toml", "b.toml", "c.toml"] {
        std::fs::write(
            dir.path().join(name),
            "rubric = \"ic-to-manager\"\n[answers]\n",
        )
        .unwrap();
    }
    let out = promo()
        .args(["rubrics", "list", "--rubrics-dir"])
        .arg(dir.path())
        .assert()
        .success()
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8(out).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("skipped 3 files"), "{stderr}");
    assert!(!stderr.contains("a.toml"), "{stderr}");
}

/// Every case file in `tests/cli/cmd/`: arguments in, exit code and output out.
#[test]
fn argument_cases() {
    let data = tempfile::tempdir().unwrap();
    crate::harness::cases(data.path())
        .case("tests/cli/cmd/*.toml")
        .run();
}
