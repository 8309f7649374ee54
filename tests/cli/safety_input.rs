//! Hostile input: files nested deeply, huge or endless, floods of mistakes, byte order marks, and
//! escape sequences in rubrics, answers and file names. Each is refused or shown harmlessly,
//! never with a crash, a hang, a flood of output or a live terminal escape.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::{Command as StdCommand, Output};
use std::time::{Duration, Instant};

use crate::harness::{HOSTILE, TestDir};

const ANSWERS: &str = "rubric = \"t\"\n[answers]\nhandoff = 2\n";

/// Escape sequences a file might carry: a colour, a clipboard write (OSC 52), a screen clear.
const EVIL: &str = "\u{1b}[31mEVIL";
const OSC52: &str = "\u{1b}]52;c;ZXZpbA==\u{7}";

/// The same rubric with escape sequences in every text a person sees.
fn evil_rubric() -> String {
    let e = "\\u001b[31mEVIL";
    let osc = "\\u001b]52;c;ZXZpbA==\\u0007";
    format!(
        r#"
id = "t"
version = 1
title = "{e} title"
from = "Engineer {osc}"
to = "Lead {e}"
summary = "Summary {e} \u001b[2J"

[[dimensions]]
id = "sharing"
name = "{e} dimension"
why = "Why {osc}"
actions = ["{e} action"]
  [[dimensions.questions]]
  id = "handoff"
  prompt = "{e} prompt {osc}"
  evidence_from = 3
  na = "{e} no chance"
  options = [{{ text = "{e} option", level = 0 }}, {{ text = "{osc} hand over", level = 3 }}]

  [[dimensions.questions]]
  id = "why"
  prompt = "Why? {e}"
  kind = "text"
"#
    )
}

/// Answers to [`evil_rubric`] with escapes in the subject, note, evidence and text answer.
fn evil_answers(subject: &str) -> String {
    format!(
        "rubric = \"t\"\nsubject = \"{subject}\"\nnote = \"\\u001b[31mEVIL\"\n[answers]\nhandoff = 2\nwhy = \"\\u001b]52;c;ZXZpbA==\\u0007\"\n[evidence]\nhandoff = \"\\u001b[31mEVIL example\"\n"
    )
}

/// Whether output holds an escape sequence or a bell: promo prints none itself with NO_COLOR
/// to a pipe, so any would have come from a file.
fn has_control(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

fn run(cmd: &mut assert_cmd::Command) -> Output {
    cmd.output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn no_crash(output: &Output) {
    let err = stderr(output);
    assert!(
        !err.contains("overflow") && !err.contains("panicked") && !err.contains("memory"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------------
// Nesting
// ---------------------------------------------------------------------------------------------

/// 10,000 levels: far past what any parser's stack takes, and 2,500 aborted release builds.
const DEEP: usize = 10_000;

#[test]
fn deep_nesting_is_refused_before_parsing_and_a_batch_goes_on() {
    let dir = TestDir::with_rubric(HOSTILE);
    dir.file("a.toml", ANSWERS);
    dir.file(
        "arrays.toml",
        &format!(
            "rubric = \"t\"\n[answers]\nhandoff = {}{}\n",
            "[".repeat(DEEP),
            "]".repeat(DEEP)
        ),
    );
    dir.file(
        "inline.toml",
        &format!(
            "rubric = \"t\"\n[answers]\nhandoff = {}1{}\n",
            "{ a = ".repeat(DEEP),
            " }".repeat(DEEP)
        ),
    );
    dir.file(
        "arrays.json",
        &format!(
            "{{\"rubric\": \"t\",\n\"answers\": {{\"handoff\": {}{}}}}}\n",
            "[".repeat(DEEP),
            "]".repeat(DEEP)
        ),
    );
    dir.file("z.toml", ANSWERS);
    let out = run(dir.promo().args([
        "score",
        "a.toml",
        "arrays.toml",
        "inline.toml",
        "arrays.json",
        "z.toml",
    ]));
    no_crash(&out);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let rows = String::from_utf8_lossy(&out.stdout);
    assert!(
        rows.contains("a.toml,t,") && rows.contains("z.toml,t,"),
        "{rows}"
    );
    let err = stderr(&out);
    for (name, line) in [("arrays.toml", 3), ("inline.toml", 3), ("arrays.json", 2)] {
        assert!(err.contains(&format!("{name}:{line}:")), "{name}: {err}");
    }
    assert_eq!(
        err.matches("nested more than 32 levels").count(),
        3,
        "{err}"
    );

    for args in [
        &["report", "arrays.toml"][..],
        &["report", "inline.toml"],
        &["compare", "a.toml", "arrays.toml"],
        &["history", "add", "arrays.json"],
    ] {
        let out = run(dir.promo().args(args));
        no_crash(&out);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("nested more than"), "{args:?}");
    }

    let rubric = format!(
        "id = \"deep\"\nx = {}{}\n",
        "[".repeat(DEEP),
        "]".repeat(DEEP)
    );
    dir.file("deep-rubric.toml", &rubric);
    let out = run(dir
        .promo()
        .args(["rubrics", "validate", "deep-rubric.toml"]));
    no_crash(&out);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("deep-rubric.toml:2:") && stderr(&out).contains("nested more than"),
        "{}",
        stderr(&out)
    );
}

// ---------------------------------------------------------------------------------------------
// Size
// ---------------------------------------------------------------------------------------------

/// One byte over the 16 MiB limit.
const OVER: u64 = 16 * 1024 * 1024 + 1;

#[test]
fn files_over_16_mib_are_refused_without_reading_them_whole() {
    let dir = TestDir::with_rubric(HOSTILE);
    dir.file("a.toml", ANSWERS);
    // A sparse file: no disk space, but every byte reads as zero.
    let big = fs::File::create(dir.path().join("big.toml")).unwrap();
    big.set_len(OVER).unwrap();
    fs::copy(
        dir.path().join("big.toml"),
        dir.path().join("big-rubric.toml"),
    )
    .unwrap();

    let out = run(dir.promo().args(["report", "big.toml"]));
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("big.toml") && stderr(&out).contains("16 MiB"));

    let out = run(dir.promo().args(["score", "big.toml", "a.toml"]));
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("a.toml,t,"));
    assert!(stderr(&out).contains("big.toml") && stderr(&out).contains("16 MiB"));

    let out = run(dir.promo().args(["rubrics", "validate", "big-rubric.toml"]));
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("big-rubric.toml") && stderr(&out).contains("16 MiB"));

    for args in [&["report", "-"][..], &["score", "-"]] {
        let mut stdin = ANSWERS.as_bytes().to_vec();
        stdin.resize(usize::try_from(OVER).unwrap(), b'\n');
        let out = run(dir.promo().args(args).write_stdin(stdin));
        assert!(
            matches!(out.status.code(), Some(3 | 4)),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(
            stderr(&out).contains("<stdin>") && stderr(&out).contains("16 MiB"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn an_endless_device_is_refused_at_the_limit() {
    let dir = TestDir::with_rubric(HOSTILE);
    dir.file("a.toml", ANSWERS);
    // /dev/zero's numbers, in the test's own directory; needs the right to make devices.
    let made = StdCommand::new("mknod")
        .args(["zero.toml", "c", "1", "5"])
        .current_dir(dir.path())
        .output()
        .is_ok_and(|o| o.status.success());
    if !made {
        eprintln!("skipped: cannot make a character device here");
        return;
    }
    let started = Instant::now();
    let out = run(dir.promo().args(["score", "zero.toml", "a.toml"]));
    no_crash(&out);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("a.toml,t,"));
    assert!(stderr(&out).contains("zero.toml") && stderr(&out).contains("16 MiB"));
    for args in [
        &["report", "zero.toml"][..],
        &["rubrics", "validate", "zero.toml"],
    ] {
        let out = run(dir.promo().args(args));
        no_crash(&out);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("16 MiB"), "{args:?}");
    }
    assert!(started.elapsed() < Duration::from_secs(60));
}

// ---------------------------------------------------------------------------------------------
// Floods
// ---------------------------------------------------------------------------------------------

#[test]
fn a_million_mistakes_print_twenty_problems_quickly() {
    let dir = TestDir::with_rubric(HOSTILE);
    let n = 1_000_000;
    let mut many = String::with_capacity(n * 14);
    many.push_str("rubric = \"t\"\n[answers]\n");
    for i in 0..n {
        let _ = writeln!(many, "k{i} = 1");
    }
    dir.file("many.toml", &many);
    for args in [&["report", "many.toml"][..], &["score", "many.toml"]] {
        let started = Instant::now();
        let out = run(dir.promo().args(args));
        let took = started.elapsed();
        let err = stderr(&out);
        assert!(matches!(out.status.code(), Some(3 | 4)), "{args:?}: {err}");
        assert!(err.contains("(1000000 problems)"), "{args:?}: {err}");
        assert!(err.contains("many.toml:3:1: \"k0\""), "{err}");
        assert!(err.contains("and 999980 more problems"), "{err}");
        assert!(err.lines().count() <= 25, "{args:?}: {err}");
        assert!(took < Duration::from_secs(30), "{args:?} took {took:?}");
    }
}

#[test]
fn huge_keys_and_values_are_quoted_short_and_quickly() {
    let dir = TestDir::with_rubric(HOSTILE);
    let key = "k".repeat(4 * 1024 * 1024);
    let cases = [
        (
            "answer-key.toml",
            format!("rubric = \"t\"\n[answers]\n{key} = 1\n"),
        ),
        (
            "evidence-key.toml",
            format!("rubric = \"t\"\n[evidence]\n{key} = \"x\"\n"),
        ),
        ("top-key.toml", format!("rubric = \"t\"\n{key} = 1\n")),
        ("rater.toml", format!("rubric = \"t\"\nrater = \"{key}\"\n")),
        ("rubric.toml", format!("rubric = \"{key}\"\n")),
        (
            "top-key.json",
            format!("{{\"rubric\": \"t\", \"{key}\": 1}}"),
        ),
        (
            "value.json",
            format!("{{\"rubric\": \"t\", \"answers\": {{\"handoff\": \"{key}\"}}}}"),
        ),
    ];
    for (name, text) in &cases {
        dir.file(name, text);
        for command in ["report", "score"] {
            let started = Instant::now();
            let out = run(dir.promo().args([command, name]));
            let took = started.elapsed();
            let err = stderr(&out);
            assert!(
                matches!(out.status.code(), Some(3 | 4)),
                "{name} {command}: {}",
                &err[..err.len().min(500)]
            );
            assert!(
                err.len() < 2000,
                "{name} {command}: {} bytes: {}…",
                err.len(),
                &err[..500]
            );
            assert!(err.contains(name), "{name} {command}: {err}");
            assert!(took < Duration::from_secs(20), "{name} {command}: {took:?}");
        }
    }
    // `compare` quotes the subject in a warning and the rubric in an error.
    dir.file("sam.toml", "rubric = \"t\"\nsubject = \"Sam\"\n");
    dir.file(
        "long-subject.toml",
        &format!("rubric = \"t\"\nsubject = \"{key}\"\n"),
    );
    for other in ["long-subject.toml", "rubric.toml"] {
        let out = run(dir.promo().args(["compare", "sam.toml", other]));
        let err = stderr(&out);
        assert!(err.len() < 2000, "{other}: {} bytes", err.len());
        assert!(err.contains("…"), "{other}: {err}");
    }
}

// ---------------------------------------------------------------------------------------------
// Byte order marks
// ---------------------------------------------------------------------------------------------

#[test]
fn a_byte_order_mark_is_accepted_in_json_and_toml() {
    let dir = TestDir::with_rubric(&format!("\u{feff}{HOSTILE}"));
    let json = "\u{feff}{\"rubric\": \"t\", \"answers\": {\"handoff\": 2}}\n";
    dir.file("a.json", json);
    dir.file("a.toml", &format!("\u{feff}{ANSWERS}"));
    for args in [
        &["report", "a.json", "--format", "json"][..],
        &["report", "a.toml", "--format", "json"],
        &["score", "a.json", "a.toml"],
        &["rubrics", "validate", "rubrics/t.toml"],
    ] {
        let out = run(dir.promo().args(args));
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    }
    for args in [&["report", "-"][..], &["score", "-"]] {
        let out = run(dir.promo().args(args).write_stdin(json));
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    }
}

// ---------------------------------------------------------------------------------------------
// Terminal escapes
// ---------------------------------------------------------------------------------------------

#[test]
fn messages_never_carry_escapes_from_files_or_names() {
    let dir = TestDir::with_rubric(&evil_rubric());
    let e = "\\u001b[31mEVIL";
    let bad = [
        (
            "unknown-id.toml",
            format!("rubric = \"t\"\n[answers]\n\"{e}\" = 1\n"),
        ),
        ("rater.toml", format!("rubric = \"t\"\nrater = \"{e}\"\n")),
        (
            "evidence.toml",
            format!("rubric = \"t\"\n[evidence]\n\"{e}\" = \"x\"\n"),
        ),
        ("rubric-field.toml", format!("rubric = \"{e}\"\n")),
        (
            "text.toml",
            format!("rubric = \"t\"\n[answers]\nhandoff = \"{e}\"\n"),
        ),
        ("top.toml", format!("rubric = \"t\"\n\"{e}\" = 1\n")),
    ];
    for (name, text) in &bad {
        dir.file(name, text);
        for command in ["report", "score"] {
            let out = run(dir.promo().args([command, name]));
            assert!(matches!(out.status.code(), Some(3 | 4)), "{name}");
            assert!(
                !has_control(&out.stderr),
                "{name} {command}: {:?}",
                stderr(&out)
            );
            assert!(stderr(&out).contains("EVIL"), "{name}: {}", stderr(&out));
        }
    }

    // A file name with an escape: missing, invalid, and valid.
    let evil_name = format!("{EVIL}.toml");
    let out = run(dir.promo().args(["score", &evil_name]));
    assert!(!has_control(&out.stderr), "{:?}", stderr(&out));
    dir.file(&evil_name, "rubric = \"t\"\n[answers]\nhandoff = 9\n");
    for command in ["score", "report"] {
        let out = run(dir.promo().args([command, &evil_name]));
        assert!(!has_control(&out.stderr), "{command}: {:?}", stderr(&out));
    }
    dir.file(&evil_name, &evil_answers("Sam"));
    let out = run(dir.promo().args(["history", "add", &evil_name]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!has_control(&out.stdout), "{:?}", out.stdout);

    // An invalid rubric with escapes in its ids, and a broken one in the rubrics directory.
    dir.file(
        "bad-rubric.toml",
        &evil_rubric().replace("id = \"sharing\"", "id = \"\\u001b[31mEVIL\""),
    );
    let out = run(dir.promo().args(["rubrics", "validate", "bad-rubric.toml"]));
    assert_eq!(out.status.code(), Some(3));
    assert!(!has_control(&out.stderr), "{:?}", stderr(&out));
    let out = run(dir.promo().args(["rubrics", "lint", "bad-rubric.toml"]));
    assert!(!has_control(&out.stderr), "{:?}", stderr(&out));

    // `compare` warns, on valid files, that they are about different people.
    dir.file("me.toml", &evil_answers("Sam \\u001b]52;c;ZXZpbA==\\u0007"));
    dir.file("boss.toml", &evil_answers("\\u001b[31mEVIL"));
    let out = run(dir.promo().args(["compare", "me.toml", "boss.toml"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("is about"), "{}", stderr(&out));
    assert!(!has_control(&out.stderr), "{:?}", stderr(&out));
    assert!(!has_control(&out.stdout), "{:?}", out.stdout);
}

#[test]
fn rubric_views_never_carry_escapes() {
    let dir = TestDir::with_rubric(&evil_rubric());
    dir.file("a.toml", &evil_answers("\\u001b[31mEVIL"));
    for args in [
        &["rubrics", "list"][..],
        &["rubrics", "show", "t"],
        &["rubrics", "show", "t", "--questions"],
        &["rubrics", "validate", "rubrics/t.toml"],
        &["rubrics", "lint", "rubrics/t.toml"],
        &["report", "a.toml"],
        &["compare", "a.toml", "a.toml"],
        &["score", "a.toml", "--format", "table"],
        &["score", "a.toml", "--summary", "--format", "table"],
    ] {
        let out = run(dir.promo().args(args));
        assert!(
            matches!(out.status.code(), Some(0 | 3)),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(
            !has_control(&out.stdout),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(!has_control(&out.stderr), "{args:?}: {}", stderr(&out));
    }
    // Coloured: promo's own escapes, but none from the rubric.
    for args in [
        &["report", "a.toml"][..],
        &["rubrics", "lint", "rubrics/t.toml"],
    ] {
        let out = run(dir.promo().args(args).args(["--color", "always"]));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            !text.contains(EVIL) && !text.contains("\u{1b}]52"),
            "{text}"
        );
    }
}

/// Runs promo in a pseudo-terminal and returns everything it printed there.
fn on_a_terminal(dir: &Path, args: &[&str]) -> String {
    let mut command = crate::harness::promo_std(&dir.join("data"));
    command.args(args).current_dir(dir);
    let mut pty = crate::harness::Pty::spawn(command, 24, 80);
    pty.finish();
    pty.printed()
}

#[test]
fn file_formats_are_escaped_on_a_terminal_and_unchanged_elsewhere() {
    let dir = TestDir::with_rubric(&evil_rubric());
    dir.file("a.toml", &evil_answers("\\u001b[31mEVIL"));
    let rubrics = dir.path().join("rubrics").display().to_string();
    for format in ["csv", "html", "markdown", "json"] {
        let args = [
            "--rubrics-dir",
            &rubrics,
            "report",
            "a.toml",
            "--format",
            format,
        ];
        let shown = on_a_terminal(dir.path(), &args);
        assert!(shown.contains("EVIL"), "{format}: {shown}");
        assert!(
            !shown.contains(EVIL) && !shown.contains("\u{1b}]52") && !shown.contains('\u{7}'),
            "{format}: {shown:?}"
        );
    }
    for args in [
        &["score", "a.toml"][..],
        &["score", "a.toml", "--format", "jsonl"],
        &["rubrics", "list", "--format", "json"],
        &["template", "t"],
    ] {
        let mut all = vec!["--rubrics-dir", &rubrics];
        all.extend_from_slice(args);
        let shown = on_a_terminal(dir.path(), &all);
        assert!(
            !shown.contains(EVIL) && !shown.contains("\u{1b}]52"),
            "{args:?}: {shown:?}"
        );
    }
    // To a pipe or a file the format is written as it is: CSV and HTML keep the text.
    let out = run(dir.promo().args(["report", "a.toml", "--format", "csv"]));
    assert!(String::from_utf8_lossy(&out.stdout).contains(EVIL));
    let out = run(dir
        .promo()
        .args(["report", "a.toml", "--format", "html", "-o", "a.html"]));
    assert_eq!(out.status.code(), Some(0));
    assert!(
        fs::read_to_string(dir.path().join("a.html"))
            .unwrap()
            .contains(EVIL)
    );
}

#[test]
fn assess_screens_never_show_escapes_from_the_rubric() {
    let dir = TestDir::with_rubric(&evil_rubric());
    dir.file("before.toml", &evil_answers("\\u001b[31mEVIL"));
    let mut command = crate::harness::promo_std(&dir.data());
    command
        .args(["--rubrics-dir", "rubrics", "assess", "--rubric", "t"])
        .args(["--answers", "before.toml", "--rater", "peer"])
        .args(["--subject", EVIL])
        .current_dir(dir.path())
        .env_remove("NO_COLOR");
    let mut pty = crate::harness::Pty::spawn(command, 40, 100);
    pty.expect("question 1 of 2");
    pty.expect("hand over");
    pty.send("\r");
    pty.expect("Describe the last time");
    pty.send("\r");
    pty.expect("question 2 of 2");
    pty.send("\r");
    pty.expect("Saved your answers");
    pty.finish();
    let shown = pty.printed();
    assert!(shown.contains("EVIL"), "{shown}");
    for injected in [EVIL, OSC52, "\u{1b}]52", "\u{1b}[2J"] {
        assert!(
            !shown.contains(injected),
            "{injected:?} reached the screen:\n{shown:?}"
        );
    }
}
