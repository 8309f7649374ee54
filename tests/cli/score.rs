//! `promo score` as scripts run it: many files in, one row per file out, in input order.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use crate::harness::FixedEnv;
use assert_cmd::Command;
use promo::catalog::Catalog;
use promo::core::rubric::{QuestionKind, Rubric};

/// `promo score` with a clean, colourless, private environment, run in `dir`.
fn score(dir: &Path) -> Command {
    let mut cmd = crate::harness::promo(&dir.join(".data"));
    cmd.current_dir(dir)
        .env_remove("RAYON_NUM_THREADS")
        .env("COLUMNS", "120")
        .arg("score");
    cmd
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn rubric(id: &str) -> Rubric {
    Catalog::built_in()
        .unwrap()
        .into_iter()
        .find(|l| l.rubric.id == id)
        .unwrap()
        .rubric
}

/// A valid answers document for `rubric` whose answers depend on `n`, so that files differ.
fn answers(rubric: &Rubric, n: usize) -> String {
    let mut out = format!(
        "rubric = \"{}\"\nrubric_version = {}\nsubject = \"Person {n}\"\nrater = \"{}\"\n\n[answers]\n",
        rubric.id,
        rubric.version,
        ["self", "manager", "peer"][n % 3]
    );
    for (i, (_, question)) in rubric.questions().enumerate() {
        let k = n * 7 + i * 3;
        match &question.kind {
            _ if k.is_multiple_of(11) => {}
            _ if question.na.is_some() && k.is_multiple_of(5) => {
                let _ = writeln!(out, "{} = \"na\"", question.id);
            }
            QuestionKind::Choice(options) => {
                let _ = writeln!(out, "{} = {}", question.id, 1 + k % options.len());
            }
            QuestionKind::Multi(options) => {
                let chosen: Vec<String> = (1..=options.len())
                    .filter(|o| !(k + o).is_multiple_of(3))
                    .map(|o| o.to_string())
                    .collect();
                let _ = writeln!(out, "{} = [{}]", question.id, chosen.join(", "));
            }
            QuestionKind::Text => {
                let _ = writeln!(out, "{} = \"Because, {n}\"", question.id);
            }
        }
    }
    out
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// `count` files over the three built-in rubrics, spread over nested directories.
fn team(dir: &Path, count: usize) {
    let rubrics: Vec<Rubric> = ["ic-to-manager", "manager-to-director", "middle-to-senior"]
        .into_iter()
        .map(rubric)
        .collect();
    for n in 0..count {
        let rubric = &rubrics[n % 3];
        let path = dir.join(format!("team/g{}/p{n:04}.toml", n % 4));
        write(&path, &answers(rubric, n));
    }
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn rows_come_in_input_order_whatever_the_parallelism() {
    let dir = tempfile::tempdir().unwrap();
    team(dir.path(), 600);
    let mut outputs = Vec::new();
    for threads in ["1", "2", "7"] {
        for format in ["csv", "jsonl"] {
            let out = run(score(dir.path())
                .env("RAYON_NUM_THREADS", threads)
                .args(["team", "--format", format]));
            assert_eq!(out.code, 0, "{}", out.stderr);
            outputs.push((format, out.stdout));
        }
    }
    for pair in outputs.chunks(2).skip(1) {
        assert_eq!(pair[0].1, outputs[0].1, "csv differs between thread counts");
        assert_eq!(
            pair[1].1, outputs[1].1,
            "jsonl differs between thread counts"
        );
    }
    let rows = csv_rows(&outputs[0].1);
    assert_eq!(rows.len(), 601);
    let paths: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort_unstable();
    assert_eq!(paths, sorted, "a walk gives paths in name order");
    assert!(paths[0].starts_with("team/g0/p0000"), "{}", paths[0]);
}

#[test]
fn mixed_rubrics_get_the_common_columns_and_one_rubric_gets_its_dimensions() {
    let dir = tempfile::tempdir().unwrap();
    team(dir.path(), 6);
    let mixed = run(score(dir.path()).arg("team"));
    assert_eq!(mixed.code, 0, "{}", mixed.stderr);
    let rows = csv_rows(&mixed.stdout);
    assert_eq!(
        rows[0],
        [
            "path",
            "rubric",
            "subject",
            "rater",
            "readiness",
            "verdict",
            "gated_by",
            "unproven",
            "coverage"
        ]
    );
    assert!(rows.iter().all(|r| r.len() == 9));

    let one = run(score(dir.path()).args(["team/g0", "--rubric", "ic-to-manager"]));
    assert_eq!(one.code, 4, "g0 holds files of other rubrics too");
    let rows = csv_rows(&one.stdout);
    let dims: Vec<String> = rubric("ic-to-manager")
        .dimensions
        .iter()
        .map(|d| d.id.clone())
        .collect();
    assert_eq!(rows[0][9..], dims[..]);
    assert!(rows.iter().all(|r| r.len() == 9 + dims.len()));
}

#[test]
fn bad_files_are_named_on_stderr_and_the_rest_are_scored() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let ic = rubric("ic-to-manager");
    write(&root.join("in/a-good.toml"), &answers(&ic, 1));
    write(
        &root.join("in/b-syntax.toml"),
        "rubric = \"ic-to-manager\"\n[answers\n",
    );
    write(
        &root.join("in/c-unknown-question.toml"),
        "rubric = \"ic-to-manager\"\n[answers]\nleading-caus = 2\n",
    );
    write(
        &root.join("in/d-unknown-rubric.toml"),
        "rubric = \"nope\"\n",
    );
    fs::write(
        root.join("in/e-latin1.toml"),
        b"rubric = \"ic-to-manager\"\nsubject = \"Jos\xe9\"\n",
    )
    .unwrap();
    write(
        &root.join("in/f-good.json"),
        r#"{"rubric": "ic-to-manager", "answers": {"leading-cause": 4}}"#,
    );
    let out = run(score(root).args(["in", "missing.toml"]));
    assert_eq!(out.code, 4, "{}", out.stderr);
    let rows = csv_rows(&out.stdout);
    let paths: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(paths, ["in/a-good.toml", "in/f-good.json"]);
    for (path, reason) in [
        ("in/b-syntax.toml", "in/b-syntax.toml:2"),
        (
            "in/c-unknown-question.toml",
            "did you mean \"leading-cause\"",
        ),
        ("in/d-unknown-rubric.toml", "no rubric \"nope\""),
        ("in/e-latin1.toml", "not UTF-8"),
        ("missing.toml", "missing.toml: no such file"),
    ] {
        let line = out
            .stderr
            .lines()
            .position(|l| l.starts_with("error:") && l.contains(path))
            .unwrap_or_else(|| panic!("{path} is not named:\n{}", out.stderr));
        let block: String = out.stderr.lines().skip(line).take(3).collect();
        assert!(block.contains(reason), "{path}: {block}");
    }
    // Errors come in input order, like the rows.
    let b = out.stderr.find("b-syntax").unwrap();
    let e = out.stderr.find("e-latin1").unwrap();
    assert!(b < e);
}

#[test]
fn the_rubric_field_names_an_id_never_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let ic = rubric("ic-to-manager");
    // A valid rubric file the answers point at by path: it must not be read.
    let source = promo::catalog::BUILT_IN[0]
        .1
        .replace("id = \"ic-to-manager\"", "id = \"evil\"");
    write(&root.join("evil.toml"), &source);
    let answers_text =
        answers(&ic, 1).replace("rubric = \"ic-to-manager\"", "rubric = \"evil.toml\"");
    write(&root.join("in/a.toml"), &answers_text);
    let score_out = run(score(root).arg("in/a.toml"));
    assert_eq!(score_out.code, 4, "{}", score_out.stderr);
    assert!(
        score_out
            .stderr
            .contains("\"evil.toml\" is not a rubric id"),
        "{}",
        score_out.stderr
    );
    // The same words as `promo report`.
    let report = crate::harness::promo(&root.join(".data"))
        .current_dir(root)
        .args(["report", "in/a.toml"])
        .output()
        .unwrap();
    let report_error = String::from_utf8(report.stderr).unwrap();
    assert_eq!(score_out.stderr, report_error);
    // With --rubric, the file is scored against that rubric and its `rubric` field must match.
    let fixed = run(score(root).args(["in/a.toml", "--rubric", "evil.toml"]));
    assert_eq!(fixed.code, 4);
    assert!(
        fixed.stderr.contains("these answers are for rubric"),
        "{}",
        fixed.stderr
    );
}

#[test]
fn only_answers_files_are_taken_from_directories_but_named_files_always_are() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let ic = rubric("ic-to-manager");
    write(&root.join("d/b.toml"), &answers(&ic, 2));
    write(&root.join("d/a/z.json"), r#"{"rubric": "ic-to-manager"}"#);
    write(&root.join("d/notes.txt"), "not answers");
    write(&root.join("d/c.TOML"), &answers(&ic, 3));
    write(&root.join("other.txt"), &answers(&ic, 4));
    let out = run(score(root).args(["d", "other.txt"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let paths: Vec<String> = csv_rows(&out.stdout)[1..]
        .iter()
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(paths, ["d/a/z.json", "d/b.toml", "d/c.TOML", "other.txt"]);
}

#[test]
fn standard_input_is_one_answers_document() {
    let dir = tempfile::tempdir().unwrap();
    let ic = rubric("ic-to-manager");
    let toml = answers(&ic, 5);
    let out = run(score(dir.path()).arg("-").write_stdin(toml));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let rows = csv_rows(&out.stdout);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][0], "<stdin>");
    assert_eq!(rows[1][2], "Person 5");

    let json = run(score(dir.path())
        .args(["-", "--format", "jsonl"])
        .write_stdin(
            r#"{"rubric": "ic-to-manager", "subject": "J", "answers": {"leading-cause": 4}}"#,
        ));
    assert_eq!(json.code, 0, "{}", json.stderr);
    let value: serde_json::Value = serde_json::from_str(json.stdout.trim()).unwrap();
    assert_eq!(value["path"], "<stdin>");
    assert_eq!(value["subject"], "J");

    let bad = run(score(dir.path()).arg("-").write_stdin("rubric = "));
    assert_eq!(bad.code, 4);
    assert!(bad.stderr.contains("<stdin>"), "{}", bad.stderr);

    let twice = run(score(dir.path()).args(["-", "-"]));
    assert_eq!(twice.code, 2, "{}", twice.stderr);
}

#[test]
fn files_from_reads_a_list_from_a_file_or_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    team(root, 9);
    write(&root.join("list.txt"), "team/g1/p0001.toml\n\nteam/g0\r\n");
    let from_file = run(score(root).args(["--files-from", "list.txt"]));
    assert_eq!(from_file.code, 0, "{}", from_file.stderr);
    let paths: Vec<String> = csv_rows(&from_file.stdout)[1..]
        .iter()
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(
        paths,
        [
            "team/g1/p0001.toml",
            "team/g0/p0000.toml",
            "team/g0/p0004.toml",
            "team/g0/p0008.toml"
        ]
    );

    let from_stdin = run(score(root)
        .args(["team/g2/p0002.toml", "--files-from", "-"])
        .write_stdin("team/g1/p0001.toml\nteam/none.toml\n"));
    assert_eq!(from_stdin.code, 4, "{}", from_stdin.stderr);
    let paths: Vec<String> = csv_rows(&from_stdin.stdout)[1..]
        .iter()
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(paths, ["team/g2/p0002.toml", "team/g1/p0001.toml"]);
    assert!(from_stdin.stderr.contains("team/none.toml"));

    let clash = run(score(root).args(["-", "--files-from", "-"]));
    assert_eq!(clash.code, 2, "{}", clash.stderr);
}

#[test]
fn jsonl_rows_are_the_report_of_each_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    team(root, 12);
    let out = run(score(root).args(["team", "--format", "jsonl"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 12);
    for line in lines {
        let mut row: serde_json::Value = serde_json::from_str(line).unwrap();
        let path = row["path"].as_str().unwrap().to_owned();
        row.as_object_mut().unwrap().remove("path");
        let report = crate::harness::promo(&root.join(".data"))
            .current_dir(root)
            .args(["report", &path, "--format", "json"])
            .output()
            .unwrap();
        assert!(report.status.success());
        let report: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
        assert_eq!(row, report, "{path}");
    }
}

#[test]
fn csv_numbers_are_those_of_the_json_report() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    team(root, 30);
    let csv = run(score(root).args(["team/g1", "--rubric", "manager-to-director"]));
    let jsonl = run(score(root).args([
        "team/g1",
        "--rubric",
        "manager-to-director",
        "--format",
        "jsonl",
    ]));
    assert_eq!(csv.code, 4);
    let rows = csv_rows(&csv.stdout);
    let header = rows[0].clone();
    let reports: Vec<serde_json::Value> = jsonl
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len() - 1, reports.len());
    assert!(!reports.is_empty());
    let number = |cell: &str| (!cell.is_empty()).then(|| cell.parse::<f64>().unwrap());
    // serde_json's default number parser may be one unit in the last place off (it trades
    // exactness for speed), so compare to within that.
    let same = |csv: Option<f64>, json: Option<f64>| match (csv, json) {
        (Some(a), Some(b)) => (a - b).abs() <= f64::EPSILON * a.abs().max(b.abs()),
        (a, b) => a == b,
    };
    for (row, report) in rows[1..].iter().zip(&reports) {
        assert_eq!(row[0], report["path"].as_str().unwrap());
        assert!(same(number(&row[4]), report["readiness"].as_f64()));
        assert_eq!(row[5], report["verdict"].as_str().unwrap());
        let gated: Vec<&str> = report["gated_by"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g.as_str().unwrap())
            .collect();
        assert_eq!(row[6], gated.join(";"));
        let unproven: Vec<&str> = report["unproven"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g.as_str().unwrap())
            .collect();
        assert_eq!(row[7], unproven.join(";"));
        assert!(same(number(&row[8]), report["coverage"].as_f64()));
        for (i, dim) in report["dimensions"].as_array().unwrap().iter().enumerate() {
            assert_eq!(header[9 + i], dim["id"].as_str().unwrap());
            assert!(same(number(&row[9 + i]), dim["level"].as_f64()));
        }
    }
}

#[test]
fn json_is_one_array_and_long_is_one_row_per_dimension() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    team(root, 5);
    let json = run(score(root).args(["team", "--format", "json"]));
    assert_eq!(json.code, 0, "{}", json.stderr);
    let array: Vec<serde_json::Value> = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(array.len(), 5);
    assert!(
        array
            .iter()
            .all(|r| r["path"].is_string() && r["dimensions"].is_array())
    );

    let empty = tempfile::tempdir().unwrap();
    let none = run(score(empty.path()).args([".", "--format", "json"]));
    assert_eq!((none.code, none.stdout.as_str()), (0, "[]\n"));

    let long = run(score(root).args(["team", "--long"]));
    assert_eq!(long.code, 0, "{}", long.stderr);
    let rows = csv_rows(&long.stdout);
    let dimensions: usize = (0..5)
        .map(|n| {
            rubric(["ic-to-manager", "manager-to-director", "middle-to-senior"][n % 3])
                .dimensions
                .len()
        })
        .sum();
    assert_eq!(rows.len(), 1 + dimensions);
    assert_eq!(rows[0][6..9], ["dimension", "name", "level"]);

    let not_csv = run(score(root).args(["team", "--long", "--format", "jsonl"]));
    assert_eq!(not_csv.code, 2);
}

#[test]
fn the_summary_is_the_team_view_per_rubric() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    team(root, 40);
    let json = run(score(root).args(["team", "--summary", "--format", "json"]));
    assert_eq!(json.code, 0, "{}", json.stderr);
    let summaries: Vec<serde_json::Value> = serde_json::from_str(&json.stdout).unwrap();
    let ids: Vec<&str> = summaries
        .iter()
        .map(|s| s["rubric"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["ic-to-manager", "manager-to-director", "middle-to-senior"]
    );
    let n: u64 = summaries.iter().map(|s| s["n"].as_u64().unwrap()).sum();
    assert_eq!(n, 40);
    let first = &summaries[0]["dimensions"][0];
    for key in ["mean", "median", "min"] {
        assert!(first["level"][key].is_number(), "{first}");
    }
    assert!(first["at_target_share"].is_number());
    assert!(summaries[0]["top_gap"]["id"].is_string());

    let csv = run(score(root).args(["team", "--summary"]));
    let rows = csv_rows(&csv.stdout);
    assert_eq!(rows[0][..3], ["rubric", "n", "dimension"]);
    let table = run(score(root).args(["team", "--summary", "--format", "table"]));
    assert!(
        table.stdout.contains("Most common top gap:"),
        "{}",
        table.stdout
    );
    let jsonl = run(score(root).args(["team", "--summary", "--format", "jsonl"]));
    assert_eq!(jsonl.stdout.lines().count(), 3);
}

#[test]
fn rendered_output_for_a_fixed_team() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    team(root, 6);
    write(
        &root.join("team/g0/zz-formula.toml"),
        "rubric = \"ic-to-manager\"\nsubject = \"=1+1\"\n[answers]\nleading-cause = 5\n",
    );
    let csv = run(score(root).arg("team"));
    insta::assert_snapshot!("score_csv", csv.stdout);
    let table = run(score(root).args(["team", "--format", "table"]));
    insta::assert_snapshot!("score_table", table.stdout);
    let summary = run(score(root).args(["team", "--summary", "--format", "table"]));
    insta::assert_snapshot!("score_summary_table", summary.stdout);
    let summary_csv = run(score(root).args(["team", "--summary", "--format", "csv"]));
    insta::assert_snapshot!("score_summary_csv", summary_csv.stdout);
}

#[test]
fn output_file_holds_what_standard_output_would() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    team(root, 10);
    let stdout = run(score(root).arg("team"));
    let to_file = run(score(root).args(["team", "-o", "out.csv"]));
    assert_eq!(to_file.code, 0, "{}", to_file.stderr);
    assert_eq!(to_file.stdout, "");
    assert_eq!(
        fs::read_to_string(root.join("out.csv")).unwrap(),
        stdout.stdout
    );
}

/// Many tiny valid files, quick to write and to score.
fn many(dir: &Path, count: usize) {
    fs::create_dir_all(dir.join("many")).unwrap();
    for n in 0..count {
        let text = format!(
            "rubric = \"ic-to-manager\"\nsubject = \"P{n}\"\n[answers]\nleading-cause = 3\n"
        );
        fs::write(dir.join(format!("many/{n:05}.toml")), text).unwrap();
    }
}

#[test]
fn no_progress_when_standard_error_is_not_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    many(dir.path(), 2100);
    let out = run(score(dir.path()).arg("many"));
    assert_eq!(out.code, 0);
    assert_eq!(out.stderr, "");
    assert_eq!(out.stdout.lines().count(), 2101);
}

#[cfg(unix)]
#[test]
fn a_long_run_on_a_terminal_shows_progress_on_standard_error() {
    let dir = tempfile::tempdir().unwrap();
    many(dir.path(), 2100);
    // Only standard error is the terminal: the rows go to /dev/null.
    let mut command = std::process::Command::new("sh");
    command
        .fixed_env(&dir.path().join(".data"))
        .arg("-c")
        .arg(format!(
            "exec '{}' score many > /dev/null",
            crate::harness::PROMO
        ))
        .current_dir(dir.path());
    let mut pty = crate::harness::Pty::spawn(command, 24, 80);
    pty.expect("files scored");
    assert_eq!(pty.finish(), 0);
}

#[test]
fn usage_mistakes_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    team(root, 3);
    let no_paths = run(&mut score(root));
    assert_eq!(no_paths.code, 2);
    let unknown = run(score(root).args(["team", "--rubric", "nope"]));
    assert_eq!(unknown.code, 2, "{}", unknown.stderr);
    assert!(unknown.stderr.contains("nope"));
    assert_eq!(unknown.stdout, "");
    let both = run(score(root).args(["team", "--summary", "--long"]));
    assert_eq!(both.code, 2);
}
