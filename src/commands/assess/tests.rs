//! `promo assess` with a scripted prompter.

use super::*;

#[test]
fn a_second_assessment_on_the_same_day_gets_a_new_name() {
    let dir = tempfile::tempdir().unwrap();
    let today = Date::new(2026, 3, 4).unwrap();
    let first = unused_path(dir.path(), "ic", today);
    assert_eq!(first.file_name().unwrap(), "ic-2026-03-04.toml");
    fs::write(&first, "").unwrap();
    let second = unused_path(dir.path(), "ic", today);
    assert_eq!(second.file_name().unwrap(), "ic-2026-03-04-2.toml");
    fs::write(&second, "").unwrap();
    assert_eq!(
        unused_path(dir.path(), "ic", today).file_name().unwrap(),
        "ic-2026-03-04-3.toml"
    );
}

use crate::catalog::Catalog;
use crate::exit::code_of;
use crate::prompt::scripted::{Key, Scripted};
use crate::term::Style;
use crate::testing::TINY;

/// A seed that happens to show both questions of the tiny rubric in rubric order, so these
/// tests of drafts and resuming can press keys by rubric position.
fn rubric_order_seed() -> u64 {
    (0..)
        .find(|&seed| {
            questionnaire::option_order(Some(seed), 0, 3) == [0, 1, 2]
                && questionnaire::option_order(Some(seed), 1, 2) == [0, 1]
        })
        .unwrap()
}

struct Env {
    dir: tempfile::TempDir,
    context: Context,
    today: Date,
}

impl Env {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("tiny.toml"), TINY).unwrap();
        let context = Context {
            catalog: Catalog::new(Vec::new()),
            style: Style::PLAIN,
            data_dir: Some(dir.path().join("data")),
        };
        Self {
            dir,
            context,
            today: Date::new(2026, 5, 6).unwrap(),
        }
    }

    fn rubric(&self) -> String {
        self.dir.path().join("tiny.toml").display().to_string()
    }

    fn args(&self) -> AssessArgs {
        AssessArgs {
            rubric: Some(self.rubric()),
            save: None,
            resume: false,
            draft: None,
            new_draft: false,
            answers: None,
            rater: None,
            subject: None,
            no_input: false,
            seed: Some(rubric_order_seed()),
        }
    }

    fn data(&self) -> DataDir {
        DataDir::at(self.dir.path().join("data"))
    }

    fn run(&self, args: &AssessArgs, keys: Vec<Key>) -> (Result<u8>, Scripted) {
        self.run_to(args, keys, &mut Vec::new())
    }

    fn run_to(
        &self,
        args: &AssessArgs,
        keys: Vec<Key>,
        printed: &mut Vec<u8>,
    ) -> (Result<u8>, Scripted) {
        let mut prompter = Scripted::new(keys);
        let result = assess(
            &self.context,
            args,
            &self.data(),
            &mut prompter,
            self.today,
            &mut |bytes| {
                printed.extend_from_slice(bytes);
                Ok(())
            },
        );
        (result, prompter)
    }

    fn files(&self, sub: &str) -> Vec<String> {
        let Ok(entries) = fs::read_dir(self.dir.path().join("data").join(sub)) else {
            return Vec::new();
        };
        let mut names: Vec<String> = entries
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

#[test]
fn stop_resume_and_finish() {
    let env = Env::new();
    let (result, _) = env.run(&env.args(), vec![Key::Choose(1), Key::CtrlC]);
    let error = result.unwrap_err();
    assert_eq!(code_of(&error), crate::exit::INTERRUPTED);
    let message = error.to_string();
    assert!(
        message.contains(&format!("Resume with: {}", command("assess --rubric"))),
        "{message}"
    );
    assert!(
        message.contains("--resume --draft tiny-self.toml --data-dir"),
        "{message}"
    );
    assert_eq!(env.files("drafts"), ["tiny-self.toml"]);

    let mut args = env.args();
    args.resume = true;
    let mut printed = Vec::new();
    let (result, prompter) = env.run_to(&args, vec![Key::Tick(vec![1])], &mut printed);
    assert_eq!(result.unwrap(), OK);
    let printed = String::from_utf8(printed).unwrap();
    assert!(printed.contains("Readiness"), "{printed}");
    assert!(printed.contains("Focus next"), "{printed}");
    assert_eq!(prompter.calls.len(), 1, "resumed at the second question");
    assert!(env.files("drafts").is_empty());
    assert_eq!(env.files("assessments"), ["tiny-2026-05-06.toml"]);
    let saved =
        fs::read_to_string(env.dir.path().join("data/assessments/tiny-2026-05-06.toml")).unwrap();
    assert!(saved.contains("pick = 2\ntick = [2]"), "{saved}");
    assert!(saved.contains("date = 2026-05-06"), "{saved}");

    // The same day again: a new file, the first is kept.
    let (result, _) = env.run(&env.args(), vec![Key::Choose(0), Key::Enter]);
    assert_eq!(result.unwrap(), OK);
    assert_eq!(
        env.files("assessments"),
        ["tiny-2026-05-06-2.toml", "tiny-2026-05-06.toml"]
    );
}

#[test]
fn resume_without_a_rubric_takes_the_latest_draft() {
    let env = Env::new();
    let _ = env.run(
        &env.args(),
        vec![Key::Choose(2), Key::Type("Led it".into()), Key::CtrlC],
    );
    let mut args = env.args();
    args.rubric = None;
    args.resume = true;
    let mut save = env.dir.path().join("mine.toml");
    args.save = Some(save.clone());
    let (result, _) = env.run(&args, vec![Key::Enter]);
    assert_eq!(result.unwrap(), OK);
    let saved = fs::read_to_string(&save).unwrap();
    assert!(saved.contains("pick = 3"), "{saved}");
    assert!(saved.contains("pick = \"Led it\""), "{saved}");
    save.set_extension("json");
    args.save = Some(save);
    let (result, _) = env.run(&args, vec![]);
    assert_eq!(code_of(&result.unwrap_err()), crate::exit::USAGE);
}

#[test]
fn resume_without_a_draft_is_a_usage_error() {
    let env = Env::new();
    let mut args = env.args();
    args.resume = true;
    let (result, _) = env.run(&args, vec![]);
    let error = result.unwrap_err();
    assert_eq!(code_of(&error), crate::exit::USAGE);
    assert!(
        error
            .to_string()
            .contains("no unfinished assessment of rubric \"tiny\""),
        "{error}"
    );
}

#[test]
fn an_existing_draft_is_offered_before_it_could_be_replaced() {
    let env = Env::new();
    let _ = env.run(&env.args(), vec![Key::Choose(1), Key::CtrlC]);
    // Continue it: the first question asked is the second one.
    let (result, prompter) = env.run(&env.args(), vec![Key::Choose(0), Key::CtrlC]);
    assert_eq!(code_of(&result.unwrap_err()), crate::exit::INTERRUPTED);
    assert!(
        prompter.said[0].contains("unfinished assessment"),
        "{:?}",
        prompter.said
    );
    assert!(prompter.calls[1].header.contains("question 2 of 2"));
    // Leave at the offer: the draft is kept and the message says so.
    let (result, _) = env.run(&env.args(), vec![Key::Esc]);
    let error = result.unwrap_err();
    assert_eq!(code_of(&error), crate::exit::INTERRUPTED);
    assert!(error.to_string().contains("kept in"), "{error}");
    // Start over: the old answer is not preselected, and is replaced at the first answer.
    let (result, prompter) = env.run(
        &env.args(),
        vec![Key::Choose(1), Key::Choose(2), Key::CtrlC],
    );
    assert!(result.is_err());
    assert_eq!(
        prompter.calls[1].preset,
        crate::prompt::scripted::Preset::Index(0)
    );
    let draft = fs::read_to_string(env.dir.path().join("data/drafts/tiny-self.toml")).unwrap();
    assert!(draft.contains("pick = 3"), "{draft}");
}

#[test]
fn answers_from_an_earlier_file_are_preselected_for_another_rater() {
    let env = Env::new();
    let earlier = env.dir.path().join("earlier.toml");
    fs::write(
        &earlier,
        "rubric = \"tiny\"\nnote = \"Q1\"\n[answers]\npick = 2\ntick = [1, 2]\n",
    )
    .unwrap();
    let mut args = env.args();
    args.answers = Some(earlier);
    args.rater = Some(RaterChoice::Manager);
    args.subject = Some("Sam Lee".into());
    let (result, prompter) = env.run(&args, vec![Key::Enter, Key::Enter]);
    assert_eq!(result.unwrap(), OK);
    assert_eq!(
        prompter.calls[0].prompt,
        "Rate Sam Lee: which describes them best?"
    );
    assert_eq!(
        prompter.calls[0].preset,
        crate::prompt::scripted::Preset::Index(1)
    );
    let saved =
        fs::read_to_string(env.dir.path().join("data/assessments/tiny-2026-05-06.toml")).unwrap();
    assert!(
        saved.contains("rater = \"manager\"\nsubject = \"Sam Lee\""),
        "{saved}"
    );
    assert!(saved.contains("pick = 2\ntick = [1, 2]"), "{saved}");
    assert!(!saved.contains("Q1"), "{saved}");
}
