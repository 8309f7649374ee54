//! The first hour of a new user, in a pseudo-terminal: every hint promo prints pastes and runs,
//! the last screen holds the result, small terminals keep the question in view, your name is
//! asked once, and a multi question's answer reads cleanly.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::harness::{FIRST_HOUR, FixedEnv, Pty, PtyDir};

const ENTER: &str = "\r";
const DOWN: &str = "\x1b[B";
const CTRL_C: &str = "\x03";
const SEED: u64 = 20_261_201;

/// The first-hour rubric in a temporary directory, and a data directory that knows your name
/// unless `named` is false.
fn setup(named: bool) -> PtyDir {
    let dir = PtyDir::new(FIRST_HOUR).with_seed(SEED);
    if named {
        dir.with_name("Alex Doe")
    } else {
        dir
    }
}

/// `sh -c LINE` in a pseudo-terminal of `rows` × `cols`, in the temporary directory, as a
/// person pastes a line into their shell.
fn shell(setup: &PtyDir, line: &str, rows: u16, cols: u16) -> Pty {
    // `exec`, so Ctrl-C reaches promo alone, as it does when a shell runs it in the
    // foreground; the line itself is the hint as printed.
    let mut command = Command::new("sh");
    command.arg("-c").arg(format!("exec {line}"));
    setup.spawn(command, rows, cols)
}

/// `sh -c LINE` without a terminal; its exit code and what it printed on both streams.
fn run(setup: &PtyDir, line: &str) -> (i32, String) {
    let out = Command::new("sh")
        .fixed_env(&setup.data())
        .arg("-c")
        .arg(line)
        .current_dir(setup.path())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

/// Where option `option` (rubric order) of question `question` is shown.
fn place(question: usize, options: usize, option: usize) -> usize {
    promo::questionnaire::option_order(Some(SEED), question, options)
        .iter()
        .position(|&k| k == option)
        .unwrap()
}

/// The text after `label` up to the end of its line.
fn line_after(text: &str, label: &str) -> String {
    let start = text
        .rfind(label)
        .unwrap_or_else(|| panic!("{label:?} not in\n{text}"));
    text[start + label.len()..]
        .lines()
        .next()
        .unwrap()
        .trim()
        .to_owned()
}

/// The line that follows the line holding `label`.
fn next_line(text: &str, label: &str) -> String {
    let start = text
        .rfind(label)
        .unwrap_or_else(|| panic!("{label:?} not in\n{text}"));
    text[start..].lines().nth(1).unwrap().trim().to_owned()
}

fn whitespace_collapsed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The binary as hints must name it when it is not `promo` on PATH.
fn program() -> String {
    shell_words::quote(crate::harness::PROMO).into_owned()
}

#[test]
fn every_hint_pastes_and_runs() {
    let setup = setup(true);
    let rubric = setup.rubric();
    // Ctrl-C after the first answer: the resume hint.
    let mut pty = setup.promo(&["assess", "--rubric", &rubric], 40, 110);
    pty.expect("Which describes you best?");
    pty.send(&DOWN.repeat(place(0, 3, 0)));
    pty.send(ENTER);
    pty.expect("question 2 of 3");
    pty.send(CTRL_C);
    assert_eq!(pty.finish(), 130, "{}", pty.printed());
    let resume = line_after(&pty.printed(), "Resume with:");
    assert!(
        resume.starts_with(&format!("{} assess ", program())),
        "{resume}"
    );

    // The resume hint, pasted, finishes the assessment; then the export and re-take hints.
    let mut pty = shell(&setup, &resume, 40, 110);
    pty.expect("question 2 of 3");
    pty.send(ENTER);
    pty.expect("Your answer");
    pty.send(ENTER);
    pty.expect("Retake it later");
    assert_eq!(pty.finish(), 0, "{}", pty.printed());
    let printed = pty.printed();
    let export = next_line(&printed, "Export it (");
    let retake = next_line(&printed, "Retake it later");
    for hint in [&export, &retake] {
        assert!(hint.starts_with(&program()), "{hint}");
    }
    let (code, out) = run(&setup, &export);
    assert_eq!(code, 0, "{export}: {out}");
    assert!(setup.path().join("report.md").is_file(), "{export}");
    let shown = next_line(&printed, "Kept in your history as ");
    let (code, out) = run(&setup, &shown);
    assert_eq!(code, 0, "{shown}: {out}");
    assert!(out.contains("Alex Doe"), "{out}");

    let mut pty = shell(&setup, &retake, 40, 110);
    pty.expect("are preselected");
    pty.expect("question 1 of 3");
    pty.send(CTRL_C);
    assert_eq!(pty.finish(), 130, "{}", pty.printed());

    // Template, then report, as `promo template` says.
    let (code, out) = run(
        &setup,
        &format!("{} template {rubric} -o mine.toml", program()),
    );
    assert_eq!(code, 0, "{out}");
    let report = line_after(&out, "Fill it in, then:");
    let (code, out) = run(&setup, &report);
    assert_eq!(code, 0, "{report}: {out}");
    assert!(
        out.contains("Alex Doe"),
        "the template carries your name:\n{out}"
    );
    assert!(
        !out.contains("undated"),
        "the template carries today's date:\n{out}"
    );

    // Without a terminal: the file-based way, both lines.
    let (code, out) = run(&setup, &format!("{} assess --rubric {rubric}", program()));
    assert_eq!(code, 2, "{out}");
    let lines: Vec<&str> = out.lines().map(str::trim).collect();
    let template = lines
        .iter()
        .find(|l| l.contains(" template ") && l.contains("# then fill it in"))
        .unwrap()
        .split('#')
        .next()
        .unwrap()
        .trim()
        .to_owned();
    let answers_report = lines
        .iter()
        .find(|l| l.contains(" report answers.toml"))
        .unwrap();
    assert_eq!(run(&setup, &template).0, 0, "{template}");
    assert_eq!(run(&setup, answers_report).0, 0, "{answers_report}");

    // With the binary on PATH as `promo`, hints say `promo`.
    let bin = Path::new(crate::harness::PROMO).parent().unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let (code, out) = run(
        &setup,
        &format!(
            "PATH={} promo template {rubric} -o on-path.toml",
            shell_words::quote(&path)
        ),
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Fill it in, then: promo report on-path.toml"),
        "{out}"
    );
}

#[test]
fn the_last_screen_holds_the_result() {
    let setup = setup(true);
    let mut pty = setup.promo(&["assess", "--rubric", "ic-to-manager"], 35, 110);
    pty.expect("question 1 of");
    // Enter takes the first option shown, skips examples and text: the quickest whole run.
    pty.session
        .set_expect_timeout(Some(Duration::from_millis(300)));
    let mut done = false;
    for _ in 0..200 {
        if pty.try_expect("Retake it later") {
            done = true;
            break;
        }
        pty.send(ENTER);
    }
    pty.session
        .set_expect_timeout(Some(crate::harness::PTY_TIMEOUT));
    assert!(done, "{}", pty.printed());
    assert_eq!(pty.finish(), 0);
    let screen = pty.screen();
    for part in [
        "Readiness ",
        "Work on first",
        "1. ",
        "2. ",
        "3. ",
        "Saved your answers to",
        "Export it (",
        "Retake it later",
    ] {
        assert!(
            screen.contains(part),
            "{part:?} not on the last screen:\n{screen}"
        );
    }
    // The full report came before it.
    let printed = pty.printed();
    let full = printed.find("Focus next").unwrap();
    let summary = printed.find("Work on first").unwrap();
    assert!(full < summary);
}

#[test]
fn a_small_terminal_keeps_the_header_and_the_whole_question() {
    let setup = setup(true);
    let rubric = crate::harness::built_in("ic-to-manager");
    let first = &rubric.dimensions[0].questions[0];
    let prompt = first.prompt_for(promo::core::rubric::Voice::Own);
    let mut pty = setup.promo(&["assess", "--rubric", "ic-to-manager"], 15, 60);
    pty.expect("question 1 of");
    pty.expect("Which describes you best?");
    // Let the options draw, and move through every page of them.
    std::thread::sleep(Duration::from_millis(500));
    for _ in 0..8 {
        pty.send(DOWN);
        std::thread::sleep(Duration::from_millis(100));
        pty.drain();
        let screen = pty.screen();
        assert!(screen.contains("question 1 of"), "header gone:\n{screen}");
        assert!(
            whitespace_collapsed(&screen).contains(&whitespace_collapsed(&prompt)),
            "the question is cut:\n{screen}"
        );
    }
    pty.send(CTRL_C);
    assert_eq!(pty.finish(), 130);
}

#[test]
fn your_name_is_asked_once_and_goes_on_the_report() {
    let setup = setup(false);
    let rubric = setup.rubric();
    let mut pty = setup.promo(&["assess", "--rubric", &rubric], 40, 100);
    pty.expect("Your name");
    pty.send("Alex Doe");
    pty.send(ENTER);
    pty.expect("question 1 of 3");
    pty.send(CTRL_C);
    assert_eq!(pty.finish(), 130);
    let profile = fs::read_to_string(setup.data().join("profile.toml")).unwrap();
    assert!(profile.contains("name = \"Alex Doe\""), "{profile}");

    // The second time: no question, and the name is on the assessment.
    let mut pty = setup.promo(&["assess", "--rubric", &rubric, "--new-draft"], 40, 100);
    pty.expect("question 1 of 3");
    pty.expect("Which describes you best?");
    pty.send(&DOWN.repeat(place(0, 3, 0)));
    pty.send(ENTER);
    pty.expect("question 2 of 3");
    pty.send(ENTER);
    pty.expect("Your answer");
    pty.send(ENTER);
    pty.expect("Retake it later");
    assert_eq!(pty.finish(), 0);
    let printed = pty.printed();
    assert!(!printed.contains("Your name"), "{printed}");
    assert!(printed.contains("Alex Doe · self view"), "{printed}");
    // --subject overrides it.
    let mut pty = setup.promo(
        &[
            "assess",
            "--rubric",
            &rubric,
            "--subject",
            "Sam",
            "--new-draft",
        ],
        40,
        100,
    );
    pty.expect("question 1 of 3");
    pty.send(CTRL_C);
    assert_eq!(pty.finish(), 130);
    assert!(!pty.printed().contains("Your name"));
}

#[test]
fn a_multi_answer_reads_cleanly_and_not_yet_with_others_is_refused_first() {
    let setup = setup(true);
    let rubric = setup.rubric();
    let mut pty = setup.promo(&["assess", "--rubric", &rubric], 40, 70);
    pty.expect("Which describes you best?");
    pty.send(&DOWN.repeat(place(0, 3, 0)));
    pty.send(ENTER);
    pty.expect("question 2 of 3");
    pty.expect("Space ticks");
    // Tick "not yet" (always last) and a behaviour: refused before any answer is reported.
    pty.send(&DOWN.repeat(2));
    pty.send(" ");
    pty.send(&DOWN.repeat(2));
    pty.send(" ");
    pty.send(ENTER);
    pty.expect("not both");
    let printed = pty.printed();
    let question = printed.rfind("question 2 of 3").unwrap();
    assert!(
        !printed[question..].contains("✔ Tick"),
        "an answer was reported before the refusal:\n{}",
        &printed[question..]
    );
    // Untick "not yet": both behaviours, reported without stray punctuation and whole words.
    // The ticks are kept: untick "not yet" (third), tick the other behaviour (first).
    pty.expect("Space ticks");
    pty.send(&DOWN.repeat(2));
    pty.send(" ");
    pty.send(DOWN);
    pty.send(" ");
    pty.send(ENTER);
    pty.expect("Your answer");
    pty.send(CTRL_C);
    assert_eq!(pty.finish(), 130);
    let screen = whitespace_collapsed(&pty.screen());
    assert!(
        screen.contains("so nobody else needed to be involved; I kept going")
            || screen.contains("I kept going when a newer teammate got stuck; I wrote down"),
        "{screen}"
    );
    assert!(!screen.contains("., "), "{screen}");
    // The answer line is wrapped at spaces before the edge: the terminal never has to wrap it
    // (which splits words), so no row of it reaches the last column.
    let raw = pty.screen();
    let from = raw.rfind("question 2 of 3").unwrap();
    let to = raw.rfind("question 3 of 3").unwrap();
    for row in raw[from..to].lines() {
        assert!(row.chars().count() < 70, "{row:?} reaches the edge:\n{raw}");
    }
}
