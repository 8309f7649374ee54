//! Malformed rubrics and answers: each is refused with exit code 3 and a message naming the
//! file and the line or id at fault, never with a panic or a hang.

use std::fmt::Write as _;
use std::fs;

use assert_cmd::Command;
use tempfile::TempDir;

/// A small valid rubric; the cases below break one thing in it at a time.
const RUBRIC: &str = r#"id = "t"
version = 1
title = "T"
from = "A"
to = "B"

[[dimensions]]
id = "d"
name = "D"
target = 3.0

  [[dimensions.questions]]
  id = "q"
  prompt = "Q?"
  options = [{ text = "I wait.", level = 0 }, { text = "I act.", level = 3 }]

  [[dimensions.questions]]
  id = "m"
  prompt = "Which?"
  kind = "multi"
  options = [{ text = "I plan.", points = 2 }, { text = "I review.", points = 2 }]
"#;

/// Valid answers to [`RUBRIC`].
const ANSWERS: &str = "rubric = \"t\"\n[answers]\nq = 2\nm = [1]\n";

/// Size of the generated huge files: just under the 16 MiB promo reads (larger files are
/// refused unread, in `tests/safety_input.rs`).
const HUGE: usize = 15 * 1024 * 1024;

/// Nesting depth of the deeply nested files.
const DEEP: usize = 10_000;

struct Env {
    dir: TempDir,
}

impl Env {
    fn new() -> Self {
        let env = Self {
            dir: tempfile::tempdir().unwrap(),
        };
        env.write("rubric.toml", RUBRIC.as_bytes());
        env.write("answers.toml", ANSWERS.as_bytes());
        env
    }

    fn write(&self, name: &str, bytes: &[u8]) {
        fs::write(self.dir.path().join(name), bytes).unwrap();
    }

    fn promo(&self, args: &[&str]) -> Command {
        let mut command = crate::harness::promo(&self.dir.path().join("data"));
        command.args(args).current_dir(self.dir.path());
        command
    }

    /// Runs promo and checks it refused the input: exit 3, every needle on stderr, no panic.
    fn refuses(&self, args: &[&str], needles: &[&str]) -> String {
        self.refuses_with(self.promo(args), needles)
    }

    fn refuses_with(&self, mut command: Command, needles: &[&str]) -> String {
        let output = command.output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let shown = shorten(&stderr);
        assert!(
            !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
            "promo panicked:\n{shown}"
        );
        assert_eq!(output.status.code(), Some(3), "stderr:\n{shown}");
        for needle in needles {
            assert!(stderr.contains(needle), "no {needle:?} in:\n{shown}");
        }
        stderr
    }

    /// The rubric file `name` (holding `bytes`) is refused by `promo rubrics validate` and
    /// by `promo report --rubric`, both naming `needles`.
    fn rubric_refused(&self, name: &str, bytes: &[u8], needles: &[&str]) {
        self.write(name, bytes);
        self.refuses(&["rubrics", "validate", name], needles);
        self.refuses(&["report", "answers.toml", "--rubric", name], needles);
    }

    /// The answers file `name` (holding `bytes`) is refused by `promo report`; returns stderr.
    fn answers_refused(&self, name: &str, bytes: &[u8], needles: &[&str]) -> String {
        self.write(name, bytes);
        self.refuses(&["report", name, "--rubric", "rubric.toml"], needles)
    }
}

/// The first and last lines of long output, for assertion messages.
fn shorten(text: &str) -> String {
    if text.len() <= 2000 {
        text.to_owned()
    } else {
        format!("{} […] {}", &text[..1000], &text[text.len() - 1000..])
    }
}

fn rubric_with(replace: &str, by: &str) -> Vec<u8> {
    assert!(RUBRIC.contains(replace), "the fixture lacks {replace}");
    RUBRIC.replacen(replace, by, 1).into_bytes()
}

#[test]
fn the_fixtures_are_valid() {
    let env = Env::new();
    env.promo(&["rubrics", "validate", "rubric.toml"])
        .assert()
        .success();
    env.promo(&["report", "answers.toml", "--rubric", "rubric.toml"])
        .assert()
        .success();
}

// ---------------------------------------------------------------------------------------------
// Rubrics
// ---------------------------------------------------------------------------------------------

#[test]
fn rubric_syntax_errors_name_the_line() {
    let env = Env::new();
    env.rubric_refused(
        "unclosed.toml",
        &rubric_with("title = \"T\"", "title = \"T"),
        &["unclosed.toml:3:"],
    );
    env.rubric_refused(
        "header.toml",
        &rubric_with("[[dimensions]]", "[[dimensions]"),
        &["header.toml:7:"],
    );
    env.rubric_refused(
        "twice.toml",
        &rubric_with("from = \"A\"", "from = \"A\"\nfrom = \"C\""),
        &["twice.toml:5:", "duplicate key"],
    );
    env.rubric_refused(
        "not-toml.toml",
        b"<rubric id=\"t\"/>\n",
        &["not-toml.toml:1:"],
    );
}

#[test]
fn rubric_wrong_types_name_the_line() {
    let env = Env::new();
    env.rubric_refused(
        "version.toml",
        &rubric_with("version = 1", "version = \"one\""),
        &["version.toml:2:", "invalid type"],
    );
    env.rubric_refused(
        "level.toml",
        &rubric_with("level = 3", "level = \"three\""),
        &["level.toml:15:"],
    );
    env.rubric_refused(
        "dimensions.toml",
        b"id = \"t\"\nversion = 1\ntitle = \"T\"\nfrom = \"A\"\nto = \"B\"\ndimensions = \"all\"\n",
        &["dimensions.toml:6:"],
    );
    env.rubric_refused(
        "unknown.toml",
        &rubric_with("name = \"D\"", "name = \"D\"\nwieght = 2"),
        &["unknown.toml:10:", "wieght"],
    );
}

#[test]
fn rubric_values_out_of_range_name_the_id_and_line() {
    let env = Env::new();
    env.rubric_refused(
        "level.toml",
        &rubric_with("level = 3", "level = 7"),
        &["level.toml:13:", "question \"q\"", "level 7"],
    );
    env.rubric_refused(
        "points.toml",
        &rubric_with("points = 2 }]", "points = -4.5 }]"),
        &["points.toml:18:", "question \"m\"", "points -4.5"],
    );
    env.rubric_refused(
        "target.toml",
        &rubric_with("target = 3.0", "target = 9.5"),
        &["target.toml:8:", "dimension \"d\"", "target is 9.5"],
    );
    env.rubric_refused(
        "id.toml",
        &rubric_with("id = \"q\"", "id = \"Q 1\""),
        &["id.toml:13:", "question \"Q 1\""],
    );
    env.rubric_refused(
        "huge-number.toml",
        &rubric_with("version = 1", "version = 99999999999999999999"),
        &["huge-number.toml:2:"],
    );
}

#[test]
fn rubric_that_is_not_utf8_names_the_line() {
    let env = Env::new();
    let mut bytes = rubric_with("title = \"T\"", "title = \"T\u{1}\"");
    let at = bytes.iter().position(|&b| b == 1).unwrap();
    bytes[at] = 0xff;
    env.rubric_refused("latin.toml", &bytes, &["latin.toml:3:", "UTF-8"]);
    env.rubric_refused(
        "bom16.toml",
        b"\xff\xfei\x00d\x00",
        &["bom16.toml:1:1", "UTF-8"],
    );
}

#[test]
fn empty_rubric_files_are_refused() {
    let env = Env::new();
    env.rubric_refused("empty.toml", b"", &["empty.toml:1:1", "missing field `id`"]);
    env.rubric_refused(
        "blank.toml",
        b"\n\n   \n# nothing here\n",
        &["blank.toml:1:1", "missing field `id`"],
    );
}

#[test]
fn huge_rubric_files_are_refused_quickly_with_the_line() {
    let env = Env::new();
    let pad = format!("# {}\n", "x".repeat(77));
    let lines = HUGE / pad.len();
    let mut text = String::with_capacity(HUGE + RUBRIC.len() + 64);
    text.push_str(RUBRIC);
    for _ in 0..lines {
        text.push_str(&pad);
    }
    text.push_str("bogus = 1\n");
    let line = RUBRIC.lines().count() + lines + 1;
    env.rubric_refused(
        "huge.toml",
        text.as_bytes(),
        &[&format!("huge.toml:{line}:"), "bogus"],
    );
    // One 20 MB string, and a syntax error after it.
    let long = format!(
        "{}\nsummary = \"{}\"\nversion = \n",
        RUBRIC
            .replacen("version = 1\n", "", 1)
            .split("[[dimensions]]")
            .next()
            .unwrap()
            .trim_end(),
        "a".repeat(HUGE)
    );
    let line = long.lines().count();
    env.rubric_refused(
        "long.toml",
        long.as_bytes(),
        &[&format!("long.toml:{line}:")],
    );
}

#[test]
fn deeply_nested_rubrics_are_refused_with_the_line() {
    let env = Env::new();
    let arrays = format!("id = \"t\"\nx = {}{}\n", "[".repeat(DEEP), "]".repeat(DEEP));
    env.rubric_refused("arrays.toml", arrays.as_bytes(), &["arrays.toml:2:"]);
    let tables = format!("id = \"t\"\n\n[{}]\n", vec!["a"; DEEP].join("."));
    env.rubric_refused(
        "tables.toml",
        tables.as_bytes(),
        &["tables.toml:3:", "nested"],
    );
    let inline = format!(
        "id = \"t\"\nx = {}1{}\n",
        "{ a = ".repeat(DEEP),
        " }".repeat(DEEP)
    );
    env.rubric_refused("inline.toml", inline.as_bytes(), &["inline.toml:2:"]);
    let dotted = format!("id = \"t\"\n{} = 1\n", vec!["a"; DEEP].join("."));
    env.rubric_refused("dotted.toml", dotted.as_bytes(), &["dotted.toml:2:"]);
}

// ---------------------------------------------------------------------------------------------
// Answers
// ---------------------------------------------------------------------------------------------

#[test]
fn answers_syntax_errors_name_the_line() {
    let env = Env::new();
    env.answers_refused(
        "unclosed.toml",
        b"rubric = \"t\"\n[answers]\nq = [1, 2\n",
        &["unclosed.toml:3:"],
    );
    env.answers_refused(
        "twice.toml",
        b"rubric = \"t\"\n[answers]\nq = 1\nq = 2\n",
        &["twice.toml:4:", "duplicate key"],
    );
    env.answers_refused(
        "broken.json",
        b"{\n  \"rubric\": \"t\",\n  \"answers\": {\"q\": 1,}\n}\n",
        &["broken.json:3:"],
    );
    env.answers_refused(
        "trailing.json",
        b"{\"rubric\": \"t\"}\n{\"rubric\": \"t\"}\n",
        &["trailing.json:2:"],
    );
}

#[test]
fn answers_wrong_types_name_the_id_and_line() {
    let env = Env::new();
    env.answers_refused(
        "choice.toml",
        b"rubric = \"t\"\n[answers]\nq = \"two\"\n",
        &["choice.toml:3:", "question \"q\""],
    );
    env.answers_refused(
        "multi.toml",
        b"rubric = \"t\"\n[answers]\nm = 1\n",
        &["multi.toml:3:", "question \"m\""],
    );
    env.answers_refused(
        "nested-list.toml",
        b"rubric = \"t\"\n[answers]\nm = [[1]]\n",
        &["nested-list.toml:3:", "question \"m\""],
    );
    env.answers_refused(
        "decimal.json",
        b"{\"rubric\": \"t\",\n\"answers\": {\n\"q\": 1.5}}\n",
        &["decimal.json:3:", "question \"q\""],
    );
    env.answers_refused(
        "rater.toml",
        b"rubric = \"t\"\nrater = 5\n",
        &["rater.toml:2:"],
    );
    env.answers_refused(
        "date.toml",
        b"rubric = \"t\"\ndate = \"last tuesday\"\n",
        &["date.toml:2:"],
    );
    env.answers_refused(
        "rubric-number.toml",
        b"rubric = 7\n",
        &["rubric-number.toml:1:"],
    );
}

#[test]
fn answers_out_of_range_name_the_id_and_line() {
    let env = Env::new();
    env.answers_refused(
        "choice.toml",
        b"rubric = \"t\"\n[answers]\nq = 9\n",
        &["choice.toml:3:", "question \"q\"", "option 9"],
    );
    env.answers_refused(
        "zero.toml",
        b"rubric = \"t\"\n[answers]\n\nq = 0\n",
        &["zero.toml:4:", "question \"q\"", "option 0"],
    );
    env.answers_refused(
        "multi.json",
        b"{\"rubric\": \"t\", \"answers\": {\n  \"m\": [1, 99]\n}}\n",
        &["multi.json:2:", "question \"m\"", "option 99"],
    );
    env.answers_refused(
        "huge.toml",
        b"rubric = \"t\"\n[answers]\nq = 99999999999999999999999\n",
        &["huge.toml:3:"],
    );
    env.answers_refused(
        "unknown.toml",
        b"rubric = \"t\"\n[answers]\nqq = 1\n",
        &["unknown.toml:3:", "\"qq\"", "did you mean \"q\""],
    );
    env.answers_refused(
        "na.toml",
        b"rubric = \"t\"\n[answers]\nq = \"na\"\n",
        &["na.toml:3:", "question \"q\"", "\"na\""],
    );
}

#[test]
fn answers_that_are_not_utf8_name_the_line() {
    let env = Env::new();
    env.answers_refused(
        "latin.toml",
        b"rubric = \"t\"\nsubject = \"Ren\xe9\"\n",
        &["latin.toml:2:", "UTF-8"],
    );
    env.answers_refused(
        "latin.json",
        b"{\"rubric\": \"t\",\n \"note\": \"\xc3\x28\"}\n",
        &["latin.json:2:", "UTF-8"],
    );
}

#[test]
fn empty_answers_files_are_refused() {
    let env = Env::new();
    env.answers_refused(
        "empty.toml",
        b"",
        &["empty.toml:1:1", "missing field `rubric`"],
    );
    env.answers_refused("empty.json", b"", &["empty.json:1:"]);
    env.answers_refused(
        "object.json",
        b"{}",
        &["object.json:1:", "missing field `rubric`"],
    );
    let mut stdin = env.promo(&["report", "-", "--rubric", "rubric.toml"]);
    stdin.write_stdin("");
    env.refuses_with(stdin, &["<stdin>:1:1", "missing field `rubric`"]);
}

#[test]
fn huge_answers_files_are_refused_quickly_with_the_line() {
    let env = Env::new();
    let note = format!(
        "rubric = \"t\"\nnote = \"{}\"\n[answers]\nq = 42\n",
        "x".repeat(HUGE)
    );
    env.answers_refused(
        "note.toml",
        note.as_bytes(),
        &["note.toml:4:", "question \"q\""],
    );
    // Many keys, each a problem: finding repeats and locating each problem must stay linear
    // (a quadratic pass would take minutes here).
    let mut many = String::from("rubric = \"t\"\n[answers]\n");
    let n = 200_000;
    for i in 0..n {
        let _ = writeln!(many, "unknown-question-{i} = 1");
    }
    many.push_str("q = 42\n");
    // The first twenty problems are listed, the rest counted.
    let stderr = env.answers_refused("many.toml", many.as_bytes(), &[]);
    assert!(
        stderr.contains(&format!("({} problems)", n + 1)),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("and {} more problems", n + 1 - 20)));
    assert!(stderr.contains("many.toml:3:1: \"unknown-question-0\""));
}

#[test]
fn deeply_nested_answers_are_refused_with_the_line() {
    let env = Env::new();
    let arrays = format!(
        "rubric = \"t\"\n[answers]\nm = {}{}\n",
        "[".repeat(DEEP),
        "]".repeat(DEEP)
    );
    env.answers_refused("arrays.toml", arrays.as_bytes(), &["arrays.toml:3:"]);
    let tables = format!("rubric = \"t\"\n[{}]\n", vec!["answers"; DEEP].join("."));
    env.answers_refused(
        "tables.toml",
        tables.as_bytes(),
        &["tables.toml:2:", "nested"],
    );
    let inline = format!(
        "rubric = \"t\"\n[answers]\nq = {}1{}\n",
        "{ a = ".repeat(DEEP),
        " }".repeat(DEEP)
    );
    env.answers_refused("inline.toml", inline.as_bytes(), &["inline.toml:3:"]);
    let json = format!(
        "{{\"rubric\": \"t\",\n\"answers\": {{\"m\": {}{}}}}}\n",
        "[".repeat(DEEP),
        "]".repeat(DEEP)
    );
    env.answers_refused("arrays.json", json.as_bytes(), &["arrays.json:2:"]);
    let objects = format!("{}\n{}", "{\"a\": ".repeat(DEEP), "}".repeat(DEEP));
    env.answers_refused("objects.json", objects.as_bytes(), &["objects.json:1:"]);
}
