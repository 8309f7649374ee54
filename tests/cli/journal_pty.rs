//! `promo log` in a pseudo-terminal: the weekly prompt, and the dimension choice with the
//! suggested dimensions ticked.

use std::fs;
use std::path::PathBuf;

use crate::harness::Pty;

const ENTER: &str = "\r";
const DOWN: &str = "\x1b[B";

const RUBRIC: &str = r#"
id = "pty-journal"
version = 1
title = "Engineer to lead"
from = "Engineer"
to = "Lead"

[[dimensions]]
id = "delivery"
name = "Delivery"
why = "Leads ship projects on a plan others can follow."
actions = ["Run the next release end to end"]
  [[dimensions.questions]]
  id = "d1"
  prompt = "How do your projects ship?"
  options = [{ text = "Late", level = 1 }, { text = "On a plan I own and publish", level = 4 }]

[[dimensions]]
id = "mentoring"
name = "Mentoring"
why = "Leads grow the people around them."
actions = ["Pair with a newer teammate every week"]
  [[dimensions.questions]]
  id = "m1"
  prompt = "How do you help teammates grow?"
  options = [{ text = "I answer questions", level = 1 }, { text = "I coach and pair with newer teammates", level = 4 }]
"#;

struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("rubric.toml"), RUBRIC).unwrap();
        Self { dir }
    }

    fn rubric(&self) -> String {
        self.dir.path().join("rubric.toml").display().to_string()
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// The stored entries' texts, as written.
    fn entries(&self) -> Vec<String> {
        let dir = self.data().join("journal/pty-journal");
        let mut texts: Vec<String> = fs::read_dir(dir)
            .map(|listing| {
                listing
                    .map(|e| fs::read_to_string(e.unwrap().path()).unwrap())
                    .collect()
            })
            .unwrap_or_default();
        texts.sort();
        texts
    }

    fn spawn(&self, args: &[&str]) -> Pty {
        let mut command = crate::harness::promo_std(&self.data());
        command.args(args);
        Pty::spawn(command, 40, 100)
    }
}

#[test]
fn the_weekly_prompt_records_entries_until_an_empty_line() {
    let setup = Setup::new();
    let mut pty = setup.spawn(&["log", "add", "--rubric", &setup.rubric()]);
    pty.expect("Evidence journal");
    pty.expect("that someone one rung up (Lead) would do?");
    pty.send("Paired with a newer teammate on her first review");
    pty.send(ENTER);
    pty.expect("Which dimensions does it show?");
    // The suggestion (mentoring) is ticked: Enter keeps it.
    pty.expect("Mentoring (mentoring)");
    pty.send(ENTER);
    pty.expect("Saved");
    // The second entry: untick nothing, tick delivery as well (Down, Space).
    pty.expect("would do?");
    pty.send("Published the release plan for the team");
    pty.send(ENTER);
    pty.expect("Which dimensions does it show?");
    pty.send(DOWN);
    pty.send(" ");
    pty.send(ENTER);
    pty.expect("Saved");
    pty.expect("would do?");
    pty.send(ENTER);
    pty.expect("2 entries recorded");
    assert_eq!(pty.finish(), 0);

    let entries = setup.entries();
    assert_eq!(entries.len(), 2, "{entries:?}");
    let mentoring = entries.iter().find(|e| e.contains("first review")).unwrap();
    assert!(
        mentoring.contains("dimensions = [\"mentoring\"]"),
        "{mentoring}"
    );
    let both = entries.iter().find(|e| e.contains("release plan")).unwrap();
    assert!(
        both.contains("dimensions = [\"delivery\", \"mentoring\"]"),
        "{both}"
    );
}

#[test]
fn an_entry_given_on_a_terminal_asks_with_the_suggestions_ticked() {
    let setup = Setup::new();
    let mut pty = setup.spawn(&[
        "log",
        "add",
        "Ran the release end to end on a published plan",
        "--rubric",
        &setup.rubric(),
    ]);
    pty.expect("The ticked ones are suggested from your words");
    pty.send(ENTER);
    pty.expect("Added");
    assert_eq!(pty.finish(), 0);
    let entries = setup.entries();
    assert_eq!(entries.len(), 1);
    assert!(
        entries[0].contains("dimensions = [\"delivery\"]"),
        "{}",
        entries[0]
    );
}
