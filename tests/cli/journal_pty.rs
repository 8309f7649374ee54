//! `promo log` in a pseudo-terminal: the weekly prompt, and the dimension choice with the
//! suggested dimensions ticked.

use crate::harness::{PTY_JOURNAL, Pty, PtyDir, listing, texts};

const ENTER: &str = "\r";
const DOWN: &str = "\x1b[B";

/// The stored entries' texts, sorted.
fn entries(setup: &PtyDir) -> Vec<String> {
    let mut texts = texts(&listing(&setup.data().join("journal/pty-journal")));
    texts.sort();
    texts
}

/// `promo ARGS` in a 40×100 pseudo-terminal.
fn spawn(setup: &PtyDir, args: &[&str]) -> Pty {
    setup.promo(args, 40, 100)
}

#[test]
fn the_weekly_prompt_records_entries_until_an_empty_line() {
    let setup = PtyDir::new(PTY_JOURNAL);
    let mut pty = spawn(&setup, &["log", "add", "--rubric", &setup.rubric()]);
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

    let entries = entries(&setup);
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
    let setup = PtyDir::new(PTY_JOURNAL);
    let mut pty = spawn(
        &setup,
        &[
            "log",
            "add",
            "Ran the release end to end on a published plan",
            "--rubric",
            &setup.rubric(),
        ],
    );
    pty.expect("The ticked ones are suggested from your words");
    pty.send(ENTER);
    pty.expect("Added");
    assert_eq!(pty.finish(), 0);
    let entries = entries(&setup);
    assert_eq!(entries.len(), 1);
    assert!(
        entries[0].contains("dimensions = [\"delivery\"]"),
        "{}",
        entries[0]
    );
}
