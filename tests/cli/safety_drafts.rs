//! Drafts and history kept safe: two `promo assess` at once, draft names from any subject,
//! drafts outliving a rubric change, `--save` into a missing directory, and history ids that
//! never merge two different assessments.

use crate::harness::Pty;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

use crate::harness::FixedEnv;
use crate::harness::{LEAD, TestDir};

const DOWN: &str = "\x1b[B";
const ENTER: &str = "\r";
const CTRL_C: &str = "\x03";

/// Three questions: a choice, a multi, a text.
/// A seed that shows the options of the first three questions (of two or three options) in
/// rubric order, so these tests of drafts can press keys by rubric position.
fn rubric_order_seed() -> u64 {
    (0..)
        .find(|&seed| {
            (0..3).all(|question| {
                (2..=3).all(|n| {
                    promo::questionnaire::option_order(Some(seed), question, n)
                        == (0..n).collect::<Vec<_>>()
                })
            })
        })
        .unwrap()
}

const RUBRIC: &str = r#"
id = "safe"
version = 1
title = "A safe check"
from = "Engineer"
to = "Lead"

[[dimensions]]
id = "sharing"
name = "Sharing the work"

  [[dimensions.questions]]
  id = "handoff"
  prompt = "A release is due and a teammate could run it. What do you do?"
  options = [
    { text = "I run it myself", level = 0 },
    { text = "I let them watch", level = 1 },
    { text = "I hand it over and review their plan", level = 3 },
  ]

  [[dimensions.questions]]
  id = "habits"
  prompt = "Which of these do you do?"
  kind = "multi"
  options = [
    { text = "Write down how things work", points = 1 },
    { text = "Pair with newer teammates", points = 1.5 },
  ]

[[dimensions]]
id = "why"
name = "Motivation"

  [[dimensions.questions]]
  id = "why-text"
  prompt = "Why do you want this role?"
  kind = "text"
"#;

/// A data dir and a rubric file in a temporary directory.
struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("safe.toml"), RUBRIC).unwrap();
        // Your name was asked before and left out, so no run asks it here.
        fs::create_dir_all(dir.path().join("data")).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(dir.path().join("data"), fs::Permissions::from_mode(0o700))
                .unwrap();
        }
        fs::write(dir.path().join("data/profile.toml"), "name = \"\"\n").unwrap();
        Self { dir }
    }

    fn rubric(&self) -> String {
        self.dir.path().join("safe.toml").display().to_string()
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// The drafts (not lock files), sorted.
    fn drafts(&self) -> Vec<PathBuf> {
        let Ok(entries) = fs::read_dir(self.data().join("drafts")) else {
            return Vec::new();
        };
        let mut paths: Vec<PathBuf> = entries
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        paths.sort();
        paths
    }

    fn draft_texts(&self) -> Vec<String> {
        self.drafts()
            .iter()
            .map(|p| fs::read_to_string(p).unwrap())
            .collect()
    }

    fn spawn(&self, args: &[&str]) -> Pty {
        let mut command = Command::new(crate::harness::PROMO);
        command.arg("assess").args(args);
        self.spawn_command(command)
    }

    /// Runs a command promo printed, as a shell would after pasting it.
    fn spawn_printed(&self, line: &str) -> Pty {
        let words = shell_words::split(line).unwrap();
        // This promo is not on PATH: the hint names the binary by its path.
        assert_eq!(words[0], crate::harness::PROMO, "{line}");
        let mut command = Command::new(crate::harness::PROMO);
        command.args(&words[1..]);
        self.spawn_command(command)
    }

    fn spawn_command(&self, mut command: Command) -> Pty {
        command
            .fixed_env(&self.data())
            .current_dir(self.dir.path())
            .env("PROMO_SEED", rubric_order_seed().to_string());
        Pty::spawn(command, 40, 200)
    }
}

/// Answers the choice question with the option `downs` below the first.
fn answer_choice(pty: &mut Pty, downs: usize) {
    pty.expect("describes");
    for _ in 0..downs {
        pty.send(DOWN);
    }
    pty.send(ENTER);
}

#[test]
fn a_draft_in_use_is_never_shared_by_a_second_session() {
    let setup = Setup::new();
    let rubric = setup.rubric();
    let mut first = setup.spawn(&["--rubric", &rubric]);
    first.expect("question 1 of 3");
    answer_choice(&mut first, 2);
    first.expect("question 2 of 3");
    first.expect("Space ticks");

    // A second session on the same rubric is told, and starts a separate draft.
    let mut second = setup.spawn(&["--rubric", &rubric]);
    second.expect("in use by another promo");
    second.expect(&format!("pid {}", first.pid()));
    second.expect("Start a separate draft");
    second.send(ENTER);
    second.expect("question 1 of 3");
    answer_choice(&mut second, 0);
    second.expect("question 2 of 3");
    second.expect("Space ticks");

    // While both run, a third one quits at the offer: nothing changes, and it says how to go on.
    let mut third = setup.spawn(&["--rubric", &rubric]);
    third.expect("in use by another promo");
    third.expect("Quit");
    third.send(DOWN);
    third.send(ENTER);
    assert_ne!(third.finish(), 0);
    let printed = third.printed();
    assert!(printed.contains("--new-draft"), "{printed}");

    second.send(CTRL_C);
    second.expect("Resume with: ");
    assert_eq!(second.finish(), 130, "{}", second.printed());
    let second_resume = resume_command(&second);

    // The first session goes on, and its answers are all still there.
    first.send(" ");
    first.send(ENTER);
    first.expect("question 3 of 3");
    first.send(CTRL_C);
    first.expect("Resume with: ");
    assert_eq!(first.finish(), 130, "{}", first.printed());
    let texts = setup.draft_texts();
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(
        texts
            .iter()
            .any(|t| t.contains("handoff = 3") && t.contains("habits = [1]")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("handoff = 1") && !t.contains("habits = ")),
        "{texts:?}"
    );

    // Each printed command continues its own draft.
    let mut again = setup.spawn_printed(&second_resume);
    again.expect("Resuming: 1 of 3 questions answered");
    again.expect("question 2 of 3");
    again.send(CTRL_C);
    assert_eq!(again.finish(), 130, "{}", again.printed());
    let mut again = setup.spawn_printed(&resume_command(&first));
    again.expect("Resuming: 2 of 3 questions answered");
    again.expect("question 3 of 3");
    again.send(CTRL_C);
    assert_eq!(again.finish(), 130, "{}", again.printed());
}

#[test]
fn long_and_similar_subjects_get_their_own_drafts_and_working_commands() {
    let setup = Setup::new();
    let rubric = setup.rubric();
    let long = "Maria ".repeat(42);
    let mut commands = Vec::new();
    for (subject, downs) in [
        (long.trim(), 0),
        ("Ana-Maria", 1),
        ("Ana Maria", 2),
        ("O'Brien \"Bo\" $HOME", 1),
    ] {
        let mut pty = setup.spawn(&["--rubric", &rubric, "--rater", "peer", "--subject", subject]);
        pty.expect("question 1 of 3");
        assert!(
            !pty.printed().contains("unfinished assessment"),
            "{subject}: offered another subject's draft\n{}",
            pty.printed()
        );
        answer_choice(&mut pty, downs);
        pty.expect("question 2 of 3");
        pty.expect("Space ticks");
        pty.send(CTRL_C);
        pty.expect("Resume with: ");
        assert_eq!(pty.finish(), 130, "{}", pty.printed());
        commands.push((subject.to_owned(), downs + 1, resume_command(&pty)));
    }
    let drafts = setup.drafts();
    assert_eq!(drafts.len(), 4, "{drafts:?}");
    for draft in &drafts {
        let name = draft.file_name().unwrap().to_str().unwrap();
        assert!(name.len() <= 100, "{name}");
    }
    for (subject, option, command) in commands {
        let mut pty = setup.spawn_printed(&command);
        pty.expect("Resuming: 1 of 3 questions answered");
        pty.expect("question 2 of 3");
        pty.send(ENTER);
        pty.expect("question 3 of 3");
        pty.send(ENTER);
        pty.expect("Saved your answers to");
        assert_eq!(pty.finish(), 0, "{command}\n{}", pty.printed());
        let saved = fs::read_dir(setup.data().join("assessments"))
            .unwrap()
            .map(|e| fs::read_to_string(e.unwrap().path()).unwrap())
            .find(|text| text.contains(&toml_string(&subject)))
            .unwrap_or_else(|| panic!("nothing saved for {subject}"));
        assert!(saved.contains(&format!("handoff = {option}")), "{saved}");
    }
    assert!(setup.drafts().is_empty());
}

fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// The rubric after a change: `habits` is gone and `handoff` lost its third option.
fn changed_rubric() -> String {
    RUBRIC
        .replace(
            "    { text = \"I hand it over and review their plan\", level = 3 },\n",
            "",
        )
        .replace("id = \"habits\"", "id = \"habits-now\"")
}

#[test]
fn a_draft_outlives_a_rubric_change() {
    let setup = Setup::new();
    let rubric = setup.rubric();
    // A draft with two answers, one to a question the rubric no longer has.
    let mut pty = setup.spawn(&["--rubric", &rubric]);
    answer_choice(&mut pty, 1);
    pty.expect("Space ticks");
    pty.send(" ");
    pty.send(ENTER);
    pty.expect("Your answer");
    pty.send(CTRL_C);
    assert_eq!(pty.finish(), 130, "{}", pty.printed());
    fs::write(&rubric, changed_rubric()).unwrap();

    // Starting afresh offers it, keeping what still fits; the draft is not replaced.
    let before = setup.draft_texts();
    let mut pty = setup.spawn(&["--rubric", &rubric]);
    pty.expect("habits");
    pty.expect("Continue where I left off");
    pty.send(CTRL_C);
    pty.finish();
    assert_eq!(setup.draft_texts(), before, "{}", pty.printed());

    let mut pty = setup.spawn(&["--rubric", &rubric, "--resume"]);
    pty.expect("habits");
    pty.expect("Resuming: 1 of 3 questions answered");
    pty.expect("question 2 of 3");
    pty.send(ENTER);
    pty.expect("question 3 of 3");
    pty.send(ENTER);
    pty.expect("Saved your answers to");
    assert_eq!(pty.finish(), 0, "{}", pty.printed());
}

#[test]
fn an_unreadable_draft_is_kept_and_its_errors_point_at_the_file_on_disk() {
    let setup = Setup::new();
    let rubric = setup.rubric();
    let drafts = setup.data().join("drafts");
    fs::create_dir_all(&drafts).unwrap();
    let draft = drafts.join("safe-self.toml");
    let text = "# kept by hand\n\n# a comment\nrubric = \"safe\"\nrater = \"boss\"\n\n[answers]\nhandoff = 2\n\n[draft]\nnext = \"habits\"\n";
    fs::write(&draft, text).unwrap();

    let mut pty = setup.spawn(&["--rubric", &rubric, "--resume"]);
    pty.expect("unknown rater");
    assert_eq!(pty.finish(), 3, "{}", pty.printed());
    let printed = pty.printed();
    assert!(printed.contains("safe-self.toml:5:"), "{printed}");

    // Starting afresh keeps the broken draft and saves this run beside it.
    let mut pty = setup.spawn(&["--rubric", &rubric]);
    answer_choice(&mut pty, 0);
    pty.expect("question 2 of 3");
    pty.expect("Space ticks");
    pty.send(CTRL_C);
    assert_eq!(pty.finish(), 130, "{}", pty.printed());
    assert_eq!(fs::read_to_string(&draft).unwrap(), text);
    assert_eq!(setup.drafts().len(), 2, "{:?}", setup.drafts());
}

#[test]
fn save_into_a_missing_directory_is_refused_before_the_first_question() {
    let setup = Setup::new();
    let rubric = setup.rubric();
    let mut pty = setup.spawn(&["--rubric", &rubric, "--save", "missing/dir/me.toml"]);
    pty.expect("missing/dir");
    assert_eq!(pty.finish(), 2, "{}", pty.printed());
    assert!(!pty.printed().contains("question 1"), "{}", pty.printed());
    assert!(setup.drafts().is_empty());
}

#[test]
fn a_failed_save_at_the_end_keeps_the_draft_and_says_how_to_resume() {
    let setup = Setup::new();
    let rubric = setup.rubric();
    let out = setup.dir.path().join("out");
    fs::create_dir(&out).unwrap();
    let mut pty = setup.spawn(&["--rubric", &rubric, "--save", "out/me.toml"]);
    answer_choice(&mut pty, 1);
    pty.expect("Space ticks");
    pty.send(ENTER);
    pty.expect("Your answer");
    fs::remove_dir(&out).unwrap();
    pty.send(ENTER);
    pty.expect("Resume with: ");
    let code = pty.finish();
    assert_ne!(code, 0);
    let printed = pty.printed();
    assert!(!printed.contains(".promo-"), "{printed}");
    assert!(printed.contains("draft"), "{printed}");
    assert_eq!(setup.drafts().len(), 1);

    fs::create_dir(&out).unwrap();
    let mut pty = setup.spawn_printed(&resume_command(&pty));
    pty.expect("question 3 of 3");
    pty.send(ENTER);
    pty.expect("Saved your answers to");
    assert_eq!(pty.finish(), 0, "{}", pty.printed());
    assert!(out.join("me.toml").exists());
    assert!(setup.drafts().is_empty());
}

// History ids.

fn history_json(dir: &TestDir) -> serde_json::Value {
    crate::harness::success_json(dir.promo().args(["history", "--format", "json"]))
}

fn history_ids(dir: &TestDir) -> Vec<String> {
    history_json(dir)[0]["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn assessments_differing_only_in_their_note_are_both_kept() {
    let dir = TestDir::with_rubric(LEAD);
    // These two notes give the same 32-bit id of the stored text.
    let body = |note: &str| {
        format!("rubric = \"t\"\ndate = 2026-01-01\nnote = \"{note}\"\n[answers]\nd1 = 2\nf1 = 3\n")
    };
    let a = dir.file("a.toml", &body("n9123"));
    let b = dir.file("b.toml", &body("n32800"));
    let out = dir
        .promo()
        .args(["history", "add"])
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.matches("Added").count(), 2, "{stdout}");
    let ids = history_ids(&dir);
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert_ne!(ids[0], ids[1]);
    for id in &ids {
        assert!((8..=12).contains(&id.len()), "{id}");
    }
    // The same content again is recognised, by content.
    let again = dir
        .promo()
        .args(["history", "add"])
        .arg(&b)
        .output()
        .unwrap();
    let stdout = String::from_utf8(again.stdout).unwrap();
    assert!(stdout.contains("Already stored"), "{stdout}");
    assert_eq!(history_ids(&dir).len(), 2);
    // The shown id removes it.
    dir.promo()
        .args(["history", "remove", &ids[1]])
        .assert()
        .success();
    assert_eq!(history_ids(&dir), [ids[0].clone()]);
}

#[test]
fn old_short_ids_load_and_prefixes_must_be_unique() {
    let dir = TestDir::with_rubric(LEAD);
    let store = dir.data().join("history").join("t");
    fs::create_dir_all(&store).unwrap();
    let old = |date: &str, d1: u8| {
        format!("rubric = \"t\"\nrater = \"self\"\ndate = {date}\n\n[answers]\nd1 = {d1}\nf1 = 2\n")
    };
    fs::write(
        store.join("2026-01-01-self-abcd1234.toml"),
        old("2026-01-01", 1),
    )
    .unwrap();
    fs::write(
        store.join("2026-02-01-self-abcd5678.toml"),
        old("2026-02-01", 2),
    )
    .unwrap();
    assert_eq!(history_ids(&dir), ["abcd1234", "abcd5678"]);

    // An old file added again is found by its content.
    let copy = dir.file("copy.toml", &old("2026-02-01", 2));
    let out = dir
        .promo()
        .args(["history", "add"])
        .arg(&copy)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("Already stored: abcd5678"), "{stdout}");

    let out = dir
        .promo()
        .args(["history", "remove", "abcd"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("ambiguous"), "{stderr}");
    assert!(
        stderr.contains("abcd1234") && stderr.contains("abcd5678"),
        "{stderr}"
    );
    assert!(store.join("2026-01-01-self-abcd1234.toml").exists());

    dir.promo()
        .args(["history", "remove", "abcd5"])
        .assert()
        .success();
    assert_eq!(history_ids(&dir), ["abcd1234"]);
}

/// The command after the last "Resume with: " `pty` printed, on one line.
fn resume_command(pty: &Pty) -> String {
    let printed = pty.printed();
    let at = printed
        .rfind("Resume with: ")
        .unwrap_or_else(|| panic!("no resume command in\n{printed}"));
    printed[at + "Resume with: ".len()..]
        .lines()
        .next()
        .unwrap()
        .trim()
        .to_owned()
}
