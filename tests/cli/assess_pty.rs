//! `promo assess` in a pseudo-terminal: a whole run by key presses, Ctrl-C then `--resume`,
//! and the refusal to run without a terminal.

use crate::harness::{Pty, PtyDir, SMALL_CHECK, listing};
use std::fs;
use std::path::PathBuf;

const DOWN: &str = "\x1b[B";
const ESC: &str = "\x1b";
const ENTER: &str = "\r";
const CTRL_C: &str = "\x03";
const SHOW_CURSOR: &str = "\x1b[?25h";
/// Fixes the shuffled order of the options, so a test knows where each one is shown.
const SEED: u64 = 20_261_201;
const HIDE_CURSOR: &str = "\x1b[?25l";

/// The shared small rubric in a temporary directory, and a data directory that knows your
/// name already (asking it is tested in first_hour_pty).
fn setup() -> PtyDir {
    PtyDir::new(SMALL_CHECK).with_name("").with_seed(SEED)
}

/// `promo assess ARGS` in a 40×100 pseudo-terminal.
fn assess(setup: &PtyDir, args: &[&str]) -> Pty {
    let args: Vec<&str> = ["assess"].iter().chain(args).copied().collect();
    setup.promo(&args, 40, 100)
}

fn draft_files(setup: &PtyDir) -> Vec<PathBuf> {
    listing(&setup.data().join("drafts"))
}

fn assessment_files(setup: &PtyDir) -> Vec<PathBuf> {
    listing(&setup.data().join("assessments"))
}

/// Where option `option` (0-based, rubric order) of question `question` is shown on screen.
fn place(question: usize, options: usize, option: usize) -> usize {
    promo::questionnaire::option_order(Some(SEED), question, options)
        .iter()
        .position(|&k| k == option)
        .unwrap()
}

/// The arrow presses that move from the first item down to `place`.
fn down_to(place: usize) -> String {
    DOWN.repeat(place)
}

#[test]
fn a_whole_assessment_by_key_presses() {
    let setup = setup();
    let mut pty = assess(&setup, &["--rubric", &setup.rubric()]);
    pty.expect("3 questions");
    pty.expect("question 1 of 3");
    pty.expect("Which describes you best?");
    // The third option is level 3, so an example is asked for.
    pty.send(&down_to(place(0, 3, 2)));
    pty.send(ENTER);
    pty.expect("Describe the last time you did this");
    pty.send("Ran the 2.3 release handover");
    pty.send(ENTER);
    pty.expect("question 2 of 3");
    pty.expect("Space ticks");
    // Tick the first two behaviours of the rubric, wherever the shuffle put them.
    let (a, b) = (place(1, 3, 0), place(1, 3, 1));
    let (first, second) = (a.min(b), a.max(b));
    pty.send(&down_to(first));
    pty.send(" ");
    pty.send(&down_to(second - first));
    pty.send(" ");
    pty.send(ENTER);
    pty.expect("question 3 of 3");
    pty.expect("Your answer");
    // Esc goes back to the multi, with its ticks kept; Enter confirms them again.
    pty.send(ESC);
    pty.expect("question 2 of 3");
    pty.expect("Space ticks");
    pty.send(ENTER);
    pty.expect("question 3 of 3");
    pty.expect("Your answer");
    pty.send("I like growing people");
    pty.send(ENTER);
    // The report first, then where the answers are and what to do next.
    pty.expect("Readiness");
    pty.expect("Saved your answers to");
    pty.expect(" report ");
    assert_eq!(pty.finish(), 0, "{}", pty.printed());

    let saved = assessment_files(&setup);
    assert_eq!(saved.len(), 1, "{saved:?}");
    let text = fs::read_to_string(&saved[0]).unwrap();
    for line in [
        "rubric = \"pty-small\"",
        "rater = \"self\"",
        "handoff = 3",
        "habits = [1, 2]",
        "why-text = \"I like growing people\"",
        "handoff = \"Ran the 2.3 release handover\"",
    ] {
        assert!(text.contains(line), "{line} missing from\n{text}");
    }
    assert!(
        draft_files(&setup).is_empty(),
        "a finished run removes its draft"
    );
}

#[test]
fn ctrl_c_keeps_the_answers_and_resume_finishes_them() {
    let setup = setup();
    let rubric = setup.rubric();
    let mut pty = assess(&setup, &["--rubric", &rubric]);
    pty.expect("question 1 of 3");
    pty.expect("Which describes you best?");
    pty.send(&down_to(place(0, 3, 1)));
    pty.send(ENTER);
    pty.expect("question 2 of 3");
    pty.expect("Space ticks");
    pty.send(" ");
    pty.send(CTRL_C);
    pty.expect("Resume with: ");
    pty.expect(" assess --rubric");
    assert_eq!(pty.finish(), 130, "{}", pty.printed());
    let printed = pty.printed();
    let shown = printed.rfind(SHOW_CURSOR);
    let hidden = printed.rfind(HIDE_CURSOR);
    assert!(
        shown > hidden,
        "the cursor must be shown again after the last time it was hidden:\n{printed:?}"
    );
    let drafts = draft_files(&setup);
    assert_eq!(drafts.len(), 1, "{drafts:?}");
    let draft = fs::read_to_string(&drafts[0]).unwrap();
    assert!(draft.contains("handoff = 2"), "{draft}");

    let mut pty = assess(&setup, &["--rubric", &rubric, "--resume"]);
    pty.expect("Resuming: 1 of 3 questions answered; continuing at question 2");
    pty.expect("question 2 of 3");
    pty.expect("Space ticks");
    // The resumed run shows the options in the same order: the third shown is the same one.
    pty.send(DOWN);
    pty.send(DOWN);
    pty.send(" ");
    pty.send(ENTER);
    pty.expect("question 3 of 3");
    pty.expect("Your answer");
    pty.send(ENTER);
    pty.expect("Saved your answers to");
    assert_eq!(pty.finish(), 0, "{}", pty.printed());
    let saved = assessment_files(&setup);
    assert_eq!(saved.len(), 1, "{saved:?}");
    let text = fs::read_to_string(&saved[0]).unwrap();
    assert!(text.contains("handoff = 2"), "{text}");
    let third = promo::questionnaire::option_order(Some(SEED), 1, 3)[2] + 1;
    assert!(text.contains(&format!("habits = [{third}]")), "{text}");
    assert!(!text.contains("why-text"), "{text}");
    assert!(draft_files(&setup).is_empty());
}

#[test]
fn without_a_terminal_it_points_to_the_file_based_path() {
    let setup = setup();
    for extra in [&[][..], &["--no-input"][..]] {
        let assert = crate::harness::promo(&setup.data())
            .args(["assess", "--rubric", "ic-to-manager"])
            .args(extra)
            .write_stdin("")
            .timeout(crate::harness::PTY_TIMEOUT)
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(
            stderr.contains(" template ic-to-manager -o answers.toml"),
            "{stderr}"
        );
        assert!(stderr.contains(" report answers.toml"), "{stderr}");
    }
    assert_eq!(
        listing(&setup.data()),
        [setup.data().join("profile.toml")],
        "nothing is written without a terminal"
    );
}

#[test]
fn no_input_wins_even_in_a_terminal() {
    let setup = setup();
    let mut pty = assess(&setup, &["--rubric", &setup.rubric(), "--no-input"]);
    pty.expect("--no-input was given");
    assert_eq!(pty.finish(), 2, "{}", pty.printed());
}

#[test]
fn a_manager_rating_reads_about_the_person_on_every_screen() {
    let setup = setup();
    let rubric = crate::harness::built_in("ic-to-manager");
    let sam = promo::core::rubric::Voice::Other("Sam Lee");
    let first = &rubric.dimensions[0].questions[0];
    let mut pty = assess(
        &setup,
        &[
            "--rubric",
            "ic-to-manager",
            "--rater",
            "manager",
            "--subject",
            "Sam Lee",
        ],
    );
    // The introduction: the rubric's summary for other raters, and who is rated.
    let summary = rubric.summary_for(sam);
    pty.expect(
        &summary
            .split_whitespace()
            .take(6)
            .collect::<Vec<_>>()
            .join(" "),
    );
    pty.expect("You are rating Sam Lee as their manager.");
    // The question, its options and the prompt line speak about Sam Lee.
    pty.expect("question 1 of");
    let prompt = first.prompt_for(sam);
    assert!(prompt.contains("Sam Lee"), "{prompt}");
    pty.expect(
        &prompt
            .split_whitespace()
            .take(5)
            .collect::<Vec<_>>()
            .join(" "),
    );
    pty.expect("Rate Sam Lee: which describes them best?");
    // Choose the top-level option, wherever it is shown; the example prompt names Sam Lee too.
    let promo::core::rubric::QuestionKind::Choice(options) = &first.kind else {
        panic!("the first question is a choice");
    };
    let top = (0..options.len())
        .max_by_key(|&k| options[k].level)
        .unwrap();
    pty.send(&down_to(place(0, options.len(), top)));
    pty.send(ENTER);
    let example = first.evidence_prompt_for(sam);
    assert!(example.contains("Sam Lee"), "{example}");
    pty.expect(
        &example
            .split_whitespace()
            .take(5)
            .collect::<Vec<_>>()
            .join(" "),
    );
    pty.send(CTRL_C);
    assert_eq!(pty.finish(), 130);
    let printed = pty.printed();
    for own in [
        "Answer for what you have",
        "Which describes you best?",
        "when you did this",
    ] {
        assert!(
            !printed.contains(own),
            "{own:?} shown to a manager:\n{printed}"
        );
    }
    // No option of the first question speaks in the first person.
    for k in 0..options.len() {
        assert!(!first.option_for(k, sam).unwrap().starts_with("I "));
    }
}
