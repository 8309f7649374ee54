//! Drafts and history kept safe: two `promo assess` at once, draft names from any subject,
//! drafts outliving a rubric change, `--save` into a missing directory, and history ids that
//! never merge two different assessments.

use std::fs;
use std::path::PathBuf;

use crate::harness::{
    LEAD, Pty, PtyDir, SAFE_CHECK, TestDir, history_ids, listing, success_stdout, texts, toml_files,
};

const DOWN: &str = "\x1b[B";
const ENTER: &str = "\r";
const CTRL_C: &str = "\x03";

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

/// The draft-safety rubric in a temporary directory, shown in rubric order; your name was
/// asked before and left out, so no run asks it here.
fn setup() -> PtyDir {
    PtyDir::new(SAFE_CHECK)
        .with_name("")
        .with_seed(rubric_order_seed())
}

/// `promo assess ARGS` in a 40×200 pseudo-terminal.
fn assess(setup: &PtyDir, args: &[&str]) -> Pty {
    let args: Vec<&str> = ["assess"].iter().chain(args).copied().collect();
    setup.promo(&args, 40, 200)
}

/// Runs a command promo printed, as a shell would after pasting it.
fn spawn_printed(setup: &PtyDir, line: &str) -> Pty {
    let words = shell_words::split(line).unwrap();
    // This promo is not on PATH: the hint names the binary by its path.
    assert_eq!(words[0], crate::harness::PROMO, "{line}");
    let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
    setup.promo(&args, 40, 200)
}

/// The drafts (not lock files), sorted.
fn draft_files(setup: &PtyDir) -> Vec<PathBuf> {
    toml_files(&setup.data().join("drafts"))
}

fn draft_texts(setup: &PtyDir) -> Vec<String> {
    texts(&draft_files(setup))
}

/// Answers the choice question with the option `downs` below the first, and waits for the
/// multi question that follows.
fn answer_choice(pty: &mut Pty, downs: usize) {
    pty.expect("describes");
    for _ in 0..downs {
        pty.send(DOWN);
    }
    pty.send(ENTER);
    pty.expect("question 2 of 3");
    pty.expect("Space ticks");
}

#[test]
fn a_draft_in_use_is_never_shared_by_a_second_session() {
    let setup = setup();
    let rubric = setup.rubric();
    let mut first = assess(&setup, &["--rubric", &rubric]);
    first.expect("question 1 of 3");
    answer_choice(&mut first, 2);

    // A second session on the same rubric is told, and starts a separate draft.
    let mut second = assess(&setup, &["--rubric", &rubric]);
    second.expect("in use by another promo");
    second.expect(&format!("pid {}", first.pid()));
    second.expect("Start a separate draft");
    second.send(ENTER);
    second.expect("question 1 of 3");
    answer_choice(&mut second, 0);

    // While both run, a third one quits at the offer: nothing changes, and it says how to go on.
    let mut third = assess(&setup, &["--rubric", &rubric]);
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
    let texts = draft_texts(&setup);
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
    let mut again = spawn_printed(&setup, &second_resume);
    again.expect("Resuming: 1 of 3 questions answered");
    again.expect("question 2 of 3");
    again.send(CTRL_C);
    assert_eq!(again.finish(), 130, "{}", again.printed());
    let mut again = spawn_printed(&setup, &resume_command(&first));
    again.expect("Resuming: 2 of 3 questions answered");
    again.expect("question 3 of 3");
    again.send(CTRL_C);
    assert_eq!(again.finish(), 130, "{}", again.printed());
}

#[test]
fn long_and_similar_subjects_get_their_own_drafts_and_working_commands() {
    let setup = setup();
    let rubric = setup.rubric();
    let long = "Maria ".repeat(42);
    let mut commands = Vec::new();
    for (subject, downs) in [
        (long.trim(), 0),
        ("Ana-Maria", 1),
        ("Ana Maria", 2),
        ("O'Brien \"Bo\" $HOME", 1),
    ] {
        let mut pty = assess(
            &setup,
            &["--rubric", &rubric, "--rater", "peer", "--subject", subject],
        );
        pty.expect("question 1 of 3");
        assert!(
            !pty.printed().contains("unfinished assessment"),
            "{subject}: offered another subject's draft\n{}",
            pty.printed()
        );
        answer_choice(&mut pty, downs);
        pty.send(CTRL_C);
        pty.expect("Resume with: ");
        assert_eq!(pty.finish(), 130, "{}", pty.printed());
        commands.push((subject.to_owned(), downs + 1, resume_command(&pty)));
    }
    let drafts = draft_files(&setup);
    assert_eq!(drafts.len(), 4, "{drafts:?}");
    for draft in &drafts {
        let name = draft.file_name().unwrap().to_str().unwrap();
        assert!(name.len() <= 100, "{name}");
    }
    for (subject, option, command) in commands {
        let mut pty = spawn_printed(&setup, &command);
        resume_and_save(&mut pty);
        assert_eq!(pty.finish(), 0, "{command}\n{}", pty.printed());
        let saved = texts(&listing(&setup.data().join("assessments")))
            .into_iter()
            .find(|text| text.contains(&toml_string(&subject)))
            .unwrap_or_else(|| panic!("nothing saved for {subject}"));
        assert!(saved.contains(&format!("handoff = {option}")), "{saved}");
    }
    assert!(draft_files(&setup).is_empty());
}

fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// The rubric after a change: `habits` is gone and `handoff` lost its third option.
fn changed_rubric() -> String {
    SAFE_CHECK
        .replace(
            "    { text = \"I hand it over and review their plan\", level = 3 },\n",
            "",
        )
        .replace("id = \"habits\"", "id = \"habits-now\"")
}

#[test]
fn a_draft_outlives_a_rubric_change() {
    let setup = setup();
    let rubric = setup.rubric();
    // A draft with two answers, one to a question the rubric no longer has.
    let mut pty = assess(&setup, &["--rubric", &rubric]);
    answer_choice(&mut pty, 1);
    pty.send(" ");
    pty.send(ENTER);
    pty.expect("Your answer");
    pty.send(CTRL_C);
    assert_eq!(pty.finish(), 130, "{}", pty.printed());
    fs::write(&rubric, changed_rubric()).unwrap();

    // Starting afresh offers it, keeping what still fits; the draft is not replaced.
    let before = draft_texts(&setup);
    let mut pty = assess(&setup, &["--rubric", &rubric]);
    pty.expect("habits");
    pty.expect("Continue where I left off");
    pty.send(CTRL_C);
    pty.finish();
    assert_eq!(draft_texts(&setup), before, "{}", pty.printed());

    let mut pty = assess(&setup, &["--rubric", &rubric, "--resume"]);
    pty.expect("habits");
    resume_and_save(&mut pty);
    assert_eq!(pty.finish(), 0, "{}", pty.printed());
}

#[test]
fn an_unreadable_draft_is_kept_and_its_errors_point_at_the_file_on_disk() {
    let setup = setup();
    let rubric = setup.rubric();
    let store = setup.data().join("drafts");
    fs::create_dir_all(&store).unwrap();
    let draft = store.join("safe-self.toml");
    let text = "# kept by hand\n\n# a comment\nrubric = \"safe\"\nrater = \"boss\"\n\n[answers]\nhandoff = 2\n\n[draft]\nnext = \"habits\"\n";
    fs::write(&draft, text).unwrap();

    let mut pty = assess(&setup, &["--rubric", &rubric, "--resume"]);
    pty.expect("unknown rater");
    assert_eq!(pty.finish(), 3, "{}", pty.printed());
    let printed = pty.printed();
    assert!(printed.contains("safe-self.toml:5:"), "{printed}");

    // Starting afresh keeps the broken draft and saves this run beside it.
    let mut pty = assess(&setup, &["--rubric", &rubric]);
    answer_choice(&mut pty, 0);
    pty.send(CTRL_C);
    assert_eq!(pty.finish(), 130, "{}", pty.printed());
    assert_eq!(fs::read_to_string(&draft).unwrap(), text);
    assert_eq!(draft_files(&setup).len(), 2, "{:?}", draft_files(&setup));
}

#[test]
fn save_into_a_missing_directory_is_refused_before_the_first_question() {
    let setup = setup();
    let rubric = setup.rubric();
    let mut pty = assess(
        &setup,
        &["--rubric", &rubric, "--save", "missing/dir/me.toml"],
    );
    pty.expect("missing/dir");
    assert_eq!(pty.finish(), 2, "{}", pty.printed());
    assert!(!pty.printed().contains("question 1"), "{}", pty.printed());
    assert!(draft_files(&setup).is_empty());
}

#[test]
fn a_failed_save_at_the_end_keeps_the_draft_and_says_how_to_resume() {
    let setup = setup();
    let rubric = setup.rubric();
    let out = setup.path().join("out");
    fs::create_dir(&out).unwrap();
    let mut pty = assess(&setup, &["--rubric", &rubric, "--save", "out/me.toml"]);
    answer_choice(&mut pty, 1);
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
    assert_eq!(draft_files(&setup).len(), 1);

    fs::create_dir(&out).unwrap();
    let mut pty = spawn_printed(&setup, &resume_command(&pty));
    pty.expect("question 3 of 3");
    pty.send(ENTER);
    pty.expect("Saved your answers to");
    assert_eq!(pty.finish(), 0, "{}", pty.printed());
    assert!(out.join("me.toml").exists());
    assert!(draft_files(&setup).is_empty());
}

// History ids.

/// The ids `promo history` lists.
fn stored_ids(dir: &TestDir) -> Vec<String> {
    history_ids(&dir.history_json())
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
    let stdout = success_stdout(dir.promo().args(["history", "add"]).arg(&a).arg(&b));
    assert_eq!(stdout.matches("Added").count(), 2, "{stdout}");
    let ids = stored_ids(&dir);
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert_ne!(ids[0], ids[1]);
    for id in &ids {
        assert!((8..=12).contains(&id.len()), "{id}");
    }
    // The same content again is recognised, by content.
    let stdout = success_stdout(dir.promo().args(["history", "add"]).arg(&b));
    assert!(stdout.contains("Already stored"), "{stdout}");
    assert_eq!(stored_ids(&dir).len(), 2);
    // The shown id removes it.
    dir.promo()
        .args(["history", "remove", &ids[1]])
        .assert()
        .success();
    assert_eq!(stored_ids(&dir), [ids[0].clone()]);
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
    assert_eq!(stored_ids(&dir), ["abcd1234", "abcd5678"]);

    // An old file added again is found by its content.
    let copy = dir.file("copy.toml", &old("2026-02-01", 2));
    let stdout = success_stdout(dir.promo().args(["history", "add"]).arg(&copy));
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
    assert_eq!(stored_ids(&dir), ["abcd1234"]);
}

/// Resumes a draft with one answer, leaves the other two questions as they are, and waits
/// for the answers to be saved.
fn resume_and_save(pty: &mut Pty) {
    pty.expect("Resuming: 1 of 3 questions answered");
    pty.expect("question 2 of 3");
    pty.send(ENTER);
    pty.expect("question 3 of 3");
    pty.send(ENTER);
    pty.expect("Saved your answers to");
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
