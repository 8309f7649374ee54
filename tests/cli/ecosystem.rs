//! `promo completions`, `promo man`, `promo schema` and `promo rubrics lint` from the outside.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

fn promo(dir: &TempDir) -> Command {
    let mut command = crate::harness::promo(&dir.path().join("data"));
    command.current_dir(dir.path());
    command
}

fn repo(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(path)
        .display()
        .to_string()
}

#[test]
fn completions_for_every_shell() {
    let dir = TempDir::new().unwrap();
    for (shell, marker) in [
        ("bash", "complete -F _promo"),
        ("zsh", "#compdef promo"),
        ("fish", "complete -c promo"),
        ("elvish", "edit:completion:arg-completer[promo]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        promo(&dir)
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains(marker).and(predicate::str::contains("lint")));
    }
    promo(&dir)
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("possible values"));
}

#[test]
fn completions_offer_rubric_ids_built_in_and_custom() {
    let dir = TempDir::new().unwrap();
    let custom = dir.path().join("mine");
    fs::create_dir_all(&custom).unwrap();
    fs::write(
        custom.join("x.toml"),
        "id = \"my-own-ladder\"\nversion = 1\ntitle = \"T\"\nfrom = \"A\"\nto = \"B\"\n[[dimensions]]\nid = \"d\"\nname = \"D\"\n[[dimensions.questions]]\nid = \"q\"\nprompt = \"Q?\"\noptions = [{ text = \"a\", level = 0 }, { text = \"b\", level = 4 }]\n",
    )
    .unwrap();
    let out = promo(&dir)
        .args(["completions", "bash", "--rubrics-dir"])
        .arg(&custom)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let script = String::from_utf8(out).unwrap();
    let offered = "compgen -W \"ic-to-manager manager-to-director middle-to-senior my-own-ladder\"";
    // `assess --rubric`, `rubrics show`, `template`, `report --rubric`, … all offer the ids.
    assert!(script.matches(offered).count() >= 6, "{script}");
    // Parsing still takes a path to a rubric file.
    promo(&dir)
        .args(["rubrics", "show"])
        .arg(custom.join("x.toml"))
        .assert()
        .success();
}

#[test]
fn the_man_page_is_roff_for_every_command() {
    let dir = TempDir::new().unwrap();
    promo(&dir).arg("man").assert().success().stdout(
        predicate::str::starts_with(".ie \\n(.g .ds Aq")
            .and(predicate::str::contains(".TH promo 1"))
            .and(predicate::str::contains("\\fBpromo rubrics lint\\fR"))
            .and(predicate::str::contains("\\fBpromo schema\\fR <KIND>")),
    );
}

#[test]
fn schema_prints_the_committed_copies() {
    let dir = TempDir::new().unwrap();
    for kind in ["rubric", "answers"] {
        let committed = fs::read_to_string(repo(&format!("rubrics/schema/{kind}.schema.json")));
        promo(&dir)
            .args(["schema", kind])
            .assert()
            .success()
            .stdout(committed.unwrap());
    }
    promo(&dir).args(["schema", "report"]).assert().code(2);
}

#[test]
fn built_in_rubrics_point_at_the_schema_and_pass_lint() {
    let dir = TempDir::new().unwrap();
    let mut files = Vec::new();
    for entry in fs::read_dir(repo("rubrics")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = fs::read_to_string(&path).unwrap();
            assert!(
                text.starts_with("#:schema ./schema/rubric.schema.json\n"),
                "{} does not start with the #:schema line",
                path.display()
            );
            files.push(path.display().to_string());
        }
    }
    assert_eq!(files.len(), 3);
    promo(&dir)
        .args(["rubrics", "lint", "--deny-warnings"])
        .args(&files)
        .args(["ic-to-manager", "manager-to-director", "middle-to-senior"])
        .assert()
        .success()
        .stdout(predicate::str::contains(": warning:").not())
        .stdout(predicate::str::contains(
            "ok: built-in:middle-to-senior: no warnings",
        ));
}

#[test]
fn lint_names_the_line_and_id_of_each_weakness() {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("weak.toml"), crate::harness::WEAK).unwrap();
    let output = promo(&dir)
        .args(["rubrics", "lint", "weak.toml"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(output).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let expected = [
        "weak.toml:1: warning: rubric \"weak\": options run in ascending level order in 3 of 3",
        "weak.toml:1: warning: rubric \"weak\": the top-level option is the last one in 3 of 3",
        "weak.toml:8: warning: dimension \"delegation\": has 1 scored question",
        "weak.toml:8: warning: dimension \"delegation\": has no `actions`",
        "weak.toml:13: warning: question \"delegation-handoff\": option 1 (\"Strongly disagree\") is an agree/disagree rating",
        "weak.toml:13: warning: question \"delegation-handoff\": option 2 (\"Agree\") is an agree/disagree rating",
        "weak.toml:13: warning: question \"delegation-handoff\": option 3 (\"Strongly agree\") is an agree/disagree rating",
        "weak.toml:28: warning: question \"influence-peers\": the options jump from level 0 to level 4",
        "weak.toml:33: warning: question \"influence-rating\": option 2 (\"Good\") is a rating word",
        "9 warnings",
    ];
    assert_eq!(lines.len(), expected.len(), "{text}");
    for (line, start) in lines.iter().zip(expected) {
        assert!(
            line.starts_with(start),
            "{line:?} should start with {start:?}"
        );
    }
    promo(&dir)
        .args(["rubrics", "lint", "--deny-warnings", "weak.toml"])
        .assert()
        .code(3)
        .stdout(predicate::str::contains(
            "9 warnings (denied by --deny-warnings)",
        ));
}

#[test]
fn lint_refuses_invalid_and_unknown_rubrics() {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("weak.toml"), crate::harness::WEAK).unwrap();
    fs::write(
        dir.path().join("broken.toml"),
        crate::harness::WEAK.replace(
            "level = 0 }, { text = \"I set",
            "level = 9 }, { text = \"I set",
        ),
    )
    .unwrap();
    promo(&dir)
        .args(["rubrics", "lint", "broken.toml", "weak.toml"])
        .assert()
        .code(3)
        .stderr(
            predicate::str::contains("broken.toml:28:")
                .and(predicate::str::contains("question \"influence-peers\"")),
        )
        .stdout(predicate::str::contains("weak.toml:8: warning"));
    promo(&dir)
        .args(["rubrics", "lint", "no-such-rubric"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no rubric \"no-such-rubric\""));
    promo(&dir).args(["rubrics", "lint"]).assert().code(2);
}
