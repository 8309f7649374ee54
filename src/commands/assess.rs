//! `promo assess`: the questionnaire in the terminal, with a draft saved after every answer.

use std::fs;
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use anyhow::{Context as _, Result};

use super::{Context, warn_all};
use crate::catalog::{Loaded, read_answers, read_text};
use crate::cli::{AssessArgs, RaterChoice, ReportFormat};
use crate::core::answers::{Answers, Rater};
use crate::core::date::Date;
use crate::core::report::{self, ReportOptions};
use crate::core::rubric::Rubric;
use crate::datadir::DataDir;
use crate::exit::{Failure, OK};
use crate::export::Exporter;
use crate::export::escape::terminal;
use crate::export::table::TableView;
use crate::prompt::dialoguer::DialoguerPrompter;
use crate::prompt::{Ask, Prompter, Reply};
use crate::questionnaire::{self, Outcome, Progress, peek_draft};
use crate::writer;

/// Runs `promo assess`: checks for a terminal before anything else, then asks.
pub fn run(context: &Context, args: &AssessArgs) -> Result<u8> {
    require_terminal(args)?;
    let data = DataDir::resolve(context.data_dir.as_deref())?;
    let mut prompter = DialoguerPrompter::new();
    DialoguerPrompter::set_stop_message(NOTHING_SAVED);
    let today = Date(jiff::Zoned::now().date());
    let styled = context.style.color;
    assess(context, args, &data, &mut prompter, today, &mut |bytes| {
        // The coloured table escapes every text from the rubric and answers itself.
        if styled {
            writer::write_stdout_styled(bytes)
        } else {
            writer::write_stdout(bytes)
        }
    })
}

const NOTHING_SAVED: &str = "Stopped before the first answer; nothing was saved.";

/// The check that keeps `promo assess` from ever waiting on a pipe.
fn require_terminal(args: &AssessArgs) -> Result<()> {
    let reason = if args.no_input {
        Some("--no-input was given")
    } else if !io::stdin().is_terminal() {
        Some("standard input is not a terminal")
    } else if !io::stderr().is_terminal() {
        Some("standard error is not a terminal")
    } else {
        None
    };
    let Some(reason) = reason else {
        return Ok(());
    };
    let rubric = args.rubric.as_deref().map_or_else(
        || "RUBRIC".to_owned(),
        |r| shell_words::quote(r).into_owned(),
    );
    let ids = if args.rubric.is_none() {
        " (`promo rubrics list` shows the rubric ids)"
    } else {
        ""
    };
    Err(Failure::usage(format!(
        "promo assess asks its questions in a terminal, and {reason}. Answer in a file instead{ids}:\n  promo template {rubric} -o answers.toml    # then fill it in\n  promo report answers.toml"
    ))
    .into())
}

/// Everything decided before the first question.
struct Plan {
    loaded: Loaded,
    /// The rubric as later commands should name it: a built-in id or an absolute path.
    source: String,
    progress: Progress,
    start: usize,
    draft: PathBuf,
    /// How the run began, for the introduction.
    beginning: Beginning,
}

enum Beginning {
    Fresh,
    Resumed,
    From(String),
}

/// Where the finished report goes: standard output, or a buffer in tests.
pub type Output<'a> = &'a mut dyn FnMut(&[u8]) -> Result<()>;

/// The questionnaire with any prompter: the whole command after the terminal check.
pub fn assess(
    context: &Context,
    args: &AssessArgs,
    data: &DataDir,
    prompter: &mut dyn Prompter,
    today: Date,
    output: Output<'_>,
) -> Result<u8> {
    if let Some(save) = &args.save
        && save
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        return Err(Failure::usage(format!(
            "--save {}: answers are saved as TOML; give the file a .toml name",
            save.display()
        ))
        .into());
    }
    let drafts = data.drafts()?;
    let plan = if args.resume {
        resume(context, args, &drafts)?
    } else {
        match start(context, args, &drafts, prompter)? {
            Some(plan) => plan,
            None => return Err(Failure::interrupted(NOTHING_SAVED).into()),
        }
    };
    let rubric = &plan.loaded.rubric;
    introduce(prompter, &plan, args, data)?;
    let hint = resume_hint(context, &plan);
    let stop_message = format!(
        "Stopped. Your answers so far are saved in {}.\nResume with: {hint}",
        plan.draft.display()
    );
    if plan.draft.exists() {
        DialoguerPrompter::set_stop_message(&stop_message);
    }
    let mut progress = plan.progress.clone();
    let outcome = questionnaire::run(rubric, &mut progress, plan.start, prompter, &mut |p| {
        let text = p.to_draft(rubric, &plan.source);
        writer::write_atomic(&plan.draft, text.as_bytes())?;
        DialoguerPrompter::set_stop_message(&stop_message);
        Ok(())
    })?;
    match outcome {
        Outcome::Interrupted if plan.draft.exists() => {
            Err(Failure::interrupted(stop_message).into())
        }
        Outcome::Interrupted => Err(Failure::interrupted(NOTHING_SAVED).into()),
        Outcome::Finished => finish(context, args, data, &plan, progress.answers, today, output),
    }
}

/// Finds the draft to continue and reads it.
fn resume(context: &Context, args: &AssessArgs, drafts: &Path) -> Result<Plan> {
    let wanted = args
        .rubric
        .as_deref()
        .map(|spec| context.catalog.resolve(spec))
        .transpose()?;
    let rater = args.rater.map(rater_of);
    let found = latest_draft(
        drafts,
        wanted.as_ref().map(|l| l.rubric.id.as_str()),
        rater,
        args.subject.as_deref(),
    )?;
    let Some((path, text, head)) = found else {
        let (what, start) = match (&wanted, &args.rubric) {
            (Some(loaded), Some(spec)) => (
                format!(" of rubric \"{}\"", loaded.rubric.id),
                format!("promo assess --rubric {}", shell_words::quote(spec)),
            ),
            _ => (String::new(), "promo assess".to_owned()),
        };
        return Err(Failure::usage(format!(
            "there is no unfinished assessment{what} to resume in {}; start one with `{start}`",
            drafts.display()
        ))
        .into());
    };
    let loaded = match wanted {
        Some(loaded) => loaded,
        None => {
            let spec = head.source.clone().unwrap_or_else(|| head.rubric.clone());
            context.catalog.resolve(&spec).with_context(|| {
                format!(
                    "the unfinished assessment {} is for rubric {spec}",
                    path.display()
                )
            })?
        }
    };
    let origin = path.display().to_string();
    let (progress, warnings) = questionnaire::parse_draft(&text, &loaded.rubric, &origin)?;
    warn_all(warnings.iter().map(|w| &w.0));
    let start = progress.resume_at();
    Ok(Plan {
        source: source_of(&loaded, head.source.as_deref().unwrap_or(&head.rubric)),
        loaded,
        progress,
        start,
        draft: path,
        beginning: Beginning::Resumed,
    })
}

/// A draft's path, text and head.
type FoundDraft = (PathBuf, String, questionnaire::DraftHead);

/// The most recently saved draft that matches the rubric id, rater and subject given.
fn latest_draft(
    drafts: &Path,
    rubric: Option<&str>,
    rater: Option<Rater>,
    subject: Option<&str>,
) -> Result<Option<FoundDraft>> {
    let entries = fs::read_dir(drafts)
        .with_context(|| format!("cannot read the drafts directory {}", drafts.display()))?;
    let mut best: Option<(SystemTime, FoundDraft)> = None;
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".toml") || name.starts_with('.') {
            continue;
        }
        if rubric.is_some_and(|id| !name.starts_with(&format!("{id}-"))) {
            continue;
        }
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        let head = match peek_draft(&text, &path.display().to_string()) {
            Ok(head) => head,
            Err(error) => {
                warn_all([format!("skipping a draft that cannot be read: {error}")]);
                continue;
            }
        };
        let rater_of_draft = head
            .rater
            .as_deref()
            .and_then(Rater::parse)
            .unwrap_or_default();
        if rubric.is_some_and(|id| head.rubric != id)
            || rater.is_some_and(|r| r != rater_of_draft)
            || subject.is_some_and(|s| head.subject.as_deref() != Some(s))
        {
            continue;
        }
        let modified = entry
            .metadata()
            .and_then(|m| m.modified())
            .unwrap_or(SystemTime::UNIX_EPOCH);
        if best.as_ref().is_none_or(|(when, _)| modified >= *when) {
            best = Some((modified, (path, text, head)));
        }
    }
    Ok(best.map(|(_, found)| found))
}

/// Decides the rubric and the starting answers of a new run; `None` when the person leaves.
fn start(
    context: &Context,
    args: &AssessArgs,
    drafts: &Path,
    prompter: &mut dyn Prompter,
) -> Result<Option<Plan>> {
    let earlier = args.answers.as_deref().map(read_answers).transpose()?;
    let (loaded, spec, mut answers, beginning) = match (earlier, args.rubric.as_deref()) {
        (Some(source), spec) => {
            let origin = source.origin.clone();
            let (loaded, answers, warnings) = source.check(&context.catalog, spec)?;
            warn_all(warnings.iter().map(|w| &w.0));
            let spec = spec.map_or_else(|| loaded.rubric.id.clone(), str::to_owned);
            (loaded, spec, answers, Beginning::From(origin))
        }
        (None, Some(spec)) => {
            let loaded = context.catalog.resolve(spec)?;
            let answers = Answers::empty(&loaded.rubric, Rater::Myself);
            (loaded, spec.to_owned(), answers, Beginning::Fresh)
        }
        (None, None) => {
            let Some(loaded) = pick_rubric(context, prompter)? else {
                return Ok(None);
            };
            let answers = Answers::empty(&loaded.rubric, Rater::Myself);
            let spec = loaded.rubric.id.clone();
            (loaded, spec, answers, Beginning::Fresh)
        }
    };
    if let Some(rater) = args.rater {
        answers.rater = rater_of(rater);
    }
    if let Some(subject) = &args.subject {
        answers.subject = Some(subject.clone());
    }
    answers.date = None;
    answers.note = None;
    answers.rubric_version = Some(i64::from(loaded.rubric.version));
    let draft = drafts.join(draft_name(
        &loaded.rubric.id,
        answers.rater,
        answers.subject.as_deref(),
    ));
    let mut plan = Plan {
        source: source_of(&loaded, &spec),
        loaded,
        progress: Progress::new(answers).shuffled(args.seed.unwrap_or_else(fresh_seed)),
        start: 0,
        draft,
        beginning,
    };
    if plan.draft.exists() {
        offer_draft(context, &mut plan, prompter)?;
    }
    Ok(Some(plan))
}

/// There is a draft where this run would save one: continue it, or start over.
fn offer_draft(context: &Context, plan: &mut Plan, prompter: &mut dyn Prompter) -> Result<()> {
    let origin = plan.draft.display().to_string();
    let text = read_text(&plan.draft)?;
    let earlier = match questionnaire::parse_draft(&text, &plan.loaded.rubric, &origin) {
        Ok((progress, _)) => progress,
        Err(error) => {
            warn_all([format!(
                "{error}\nThis unfinished assessment cannot be continued; it is replaced once you answer the first question."
            )]);
            return Ok(());
        }
    };
    let saved = fs::metadata(&plan.draft)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| jiff::Timestamp::try_from(t).ok())
        .map(|t| {
            t.to_zoned(jiff::tz::TimeZone::system())
                .strftime("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default();
    let total = plan.loaded.rubric.question_count();
    let hint = resume_hint(context, plan);
    let width = text_width();
    let mut lines = wrap(
        &format!(
            "You have an unfinished assessment of this rubric ({} of {total} questions answered, saved {saved}):",
            earlier.answered()
        ),
        width,
    );
    lines.push(format!("  {origin}"));
    lines.extend(wrap(
        &format!("Next time, `{hint}` continues it straight away."),
        width,
    ));
    prompter.say(&lines.join("\n"))?;
    let fresh = match &plan.beginning {
        Beginning::From(file) => {
            format!("Start from {file} instead (the draft is replaced once you answer)")
        }
        _ => "Start over (the draft is replaced once you answer)".to_owned(),
    };
    let items = ["Continue where I left off".to_owned(), fresh];
    let ask = Ask {
        header: "",
        prompt: "Continue it or start over?",
    };
    match prompter.select(&ask, &items, 0)? {
        Reply::Value(0) => {
            plan.start = earlier.resume_at();
            plan.progress = earlier;
            plan.beginning = Beginning::Resumed;
            Ok(())
        }
        Reply::Value(_) => Ok(()),
        Reply::Back | Reply::Interrupted => Err(Failure::interrupted(format!(
            "Stopped. The unfinished assessment is kept in {origin}.\nResume with: {hint}"
        ))
        .into()),
    }
}

/// Lets the person pick a rubric; `None` when they leave.
fn pick_rubric(context: &Context, prompter: &mut dyn Prompter) -> Result<Option<Loaded>> {
    let (mut all, broken) = context.catalog.all()?;
    warn_all(broken.iter().map(|e| format!("{e:#}")));
    let items: Vec<String> = all
        .iter()
        .map(|l| {
            let n = l.rubric.question_count();
            format!("{} → {}  ({n} questions)", l.rubric.from, l.rubric.to)
        })
        .collect();
    let ask = Ask {
        header: "",
        prompt: "Which step up?",
    };
    match prompter.select(&ask, &items, 0)? {
        Reply::Value(i) if i < all.len() => Ok(Some(all.swap_remove(i))),
        _ => Ok(None),
    }
}

/// The width to wrap prose to on standard error.
fn text_width() -> usize {
    usize::from(console::Term::stderr().size().1).clamp(40, 100) - 1
}

/// A seed for this assessment's option order: different each run, kept in the draft.
fn fresh_seed() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    // The standard library seeds each RandomState from the operating system's randomness.
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    hasher.finish()
}

/// Wraps prose at spaces only, never inside a word or a path.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let options = textwrap::Options::new(width)
        .break_words(false)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::wrap(text, options)
        .into_iter()
        .map(std::borrow::Cow::into_owned)
        .collect()
}

/// The introduction: what this is, how long it takes, where the answers go, and the keys.
fn introduce(
    prompter: &mut dyn Prompter,
    plan: &Plan,
    args: &AssessArgs,
    data: &DataDir,
) -> Result<()> {
    let rubric = &plan.loaded.rubric;
    let total = rubric.question_count();
    let width = text_width();
    // The prompter escapes and styles what comes from the rubric.
    prompter.say("")?;
    prompter.title(&rubric.title)?;
    let mut text = Vec::new();
    let summary = rubric.summary_for(questionnaire::voice(&plan.progress.answers));
    if !summary.is_empty() {
        text.extend(wrap(&summary, width));
    }
    let minutes = rubric.estimated_minutes();
    text.push(String::new());
    let whom = match (plan.progress.answers.rater, &plan.progress.answers.subject) {
        (Rater::Myself, _) => String::new(),
        (rater, Some(subject)) => format!(" You are rating {subject} as their {rater}."),
        (rater, None) => format!(" You are answering as their {rater}."),
    };
    let mut about = match &plan.beginning {
        Beginning::Resumed => format!(
            "Resuming: {} of {total} questions answered; continuing at question {}.",
            plan.progress.answered(),
            plan.start + 1
        ),
        Beginning::From(file) => format!(
            "{total} questions, about {minutes} minutes. The answers in {file} are preselected; press Enter to keep one."
        ),
        Beginning::Fresh => format!("{total} questions, about {minutes} minutes."),
    };
    about.push_str(&whom);
    text.extend(wrap(&about, width));
    let destination = match &args.save {
        Some(path) => path.display().to_string(),
        None => format!(
            "{}/{}-<date>.toml",
            data.root().join("assessments").display(),
            rubric.id
        ),
    };
    text.push("Everything stays on this machine. Progress is saved after every answer in".into());
    text.push(format!("  {}", plan.draft.display()));
    text.push("and the finished answers go to".into());
    text.push(format!("  {destination}"));
    prompter.say(&text.join("\n"))?;
    prompter.hint("↑/↓ move · Enter choose · Space tick · Esc back · Ctrl-C stop (resume later)")
}

/// Saves the answers, removes the draft, and shows the result.
fn finish(
    context: &Context,
    args: &AssessArgs,
    data: &DataDir,
    plan: &Plan,
    mut answers: Answers,
    today: Date,
    output: Output<'_>,
) -> Result<u8> {
    let rubric = &plan.loaded.rubric;
    answers.date = Some(today);
    let path = match &args.save {
        Some(path) => path.clone(),
        None => unused_path(&data.assessments()?, &rubric.id, today),
    };
    writer::write_atomic(&path, answers.to_toml(rubric).as_bytes())?;
    match fs::remove_file(&plan.draft) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => warn_all([format!(
            "cannot remove the finished draft {}: {e}",
            plan.draft.display()
        )]),
        _ => {}
    }
    DialoguerPrompter::set_stop_message(&format!(
        "Stopped. The finished answers are saved in {}.",
        path.display()
    ));
    eprintln!();
    eprintln!(
        "{} Saved your answers to {}",
        console::style("✔").for_stderr().green(),
        terminal(&path.display().to_string())
    );
    after_finish(context, rubric, &answers, &path)?;
    eprintln!();
    let report = report::build(rubric, &answers, ReportOptions { evidence: true });
    output(
        &TableView {
            style: context.style,
        }
        .render(&report),
    )?;
    let quoted = terminal(&shell_words::quote(&path.to_string_lossy())).into_owned();
    let formats = ReportFormat::file_format_names();
    let first = formats.first().map_or("json", String::as_str);
    eprintln!();
    eprintln!("Export it ({}):", formats.join(", "));
    eprintln!(
        "  promo report {quoted} --format {first} -o report.{}",
        extension(first)
    );
    eprintln!("Retake it later, starting from these answers:");
    eprintln!("  promo assess --answers {quoted}");
    Ok(OK)
}

/// Runs once the finished answers are saved at `saved_path`.
///
/// The history store hooks in here: every finished assessment is also kept in the data
/// dir's history, so trends over time need no extra step.
pub fn after_finish(
    context: &Context,
    rubric: &Rubric,
    answers: &Answers,
    saved_path: &Path,
) -> Result<()> {
    // The answers are saved already; a history that cannot be written is worth a warning,
    // not a failed assessment.
    match super::history::store_finished(context, rubric, answers, saved_path) {
        Ok(entry) => super::print_note(&format_args!(
            "Kept in your history as {} (`promo history` shows your progress)",
            entry.id
        )),
        Err(error) => warn_all([format!(
            "could not keep this assessment in your history: {error:#}"
        )]),
    }
    Ok(())
}

/// The usual file extension for a report format's name.
fn extension(format: &str) -> &str {
    match format {
        "markdown" => "md",
        other => other,
    }
}

/// `<rubric>-<date>.toml` in `dir`, or `-2`, `-3`… when taken.
fn unused_path(dir: &Path, rubric: &str, today: Date) -> PathBuf {
    let mut n = 1;
    loop {
        let name = if n == 1 {
            format!("{rubric}-{today}.toml")
        } else {
            format!("{rubric}-{today}-{n}.toml")
        };
        let path = dir.join(name);
        if !path.exists() {
            return path;
        }
        n += 1;
    }
}

/// The draft file for a rubric, rater and subject: `<rubric>-<rater>[-<subject>].toml`.
fn draft_name(rubric: &str, rater: Rater, subject: Option<&str>) -> String {
    let subject = subject.map(slug).filter(|s| !s.is_empty());
    match subject {
        Some(subject) => format!("{rubric}-{rater}-{subject}.toml"),
        None => format!("{rubric}-{rater}.toml"),
    }
}

/// Lower-case letters and digits, runs of anything else as one `-`.
fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

fn rater_of(choice: RaterChoice) -> Rater {
    match choice {
        RaterChoice::Myself => Rater::Myself,
        RaterChoice::Manager => Rater::Manager,
        RaterChoice::Peer => Rater::Peer,
        RaterChoice::Report => Rater::Report,
        RaterChoice::Other => Rater::Other,
    }
}

/// How to name the rubric later: its id when built in, else the absolute path of its file,
/// so a resume works from any directory and without the same `--rubrics-dir`.
fn source_of(loaded: &Loaded, spec: &str) -> String {
    if loaded.is_built_in() {
        return loaded.rubric.id.clone();
    }
    let path = Path::new(&loaded.origin);
    std::path::absolute(path).map_or_else(|_| spec.to_owned(), |p| p.display().to_string())
}

/// The exact command that continues this run's draft.
fn resume_hint(context: &Context, plan: &Plan) -> String {
    let mut words = vec![
        "promo".to_owned(),
        "assess".to_owned(),
        "--rubric".to_owned(),
        plan.source.clone(),
        "--resume".to_owned(),
    ];
    let answers = &plan.progress.answers;
    if answers.rater != Rater::Myself {
        words.extend(["--rater".to_owned(), answers.rater.to_string()]);
    }
    if let Some(subject) = &answers.subject {
        words.extend(["--subject".to_owned(), subject.clone()]);
    }
    if let Some(dir) = &context.data_dir {
        words.extend(["--data-dir".to_owned(), dir.display().to_string()]);
    }
    shell_words::join(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draft_names_carry_rater_and_subject() {
        assert_eq!(draft_name("ic", Rater::Myself, None), "ic-self.toml");
        assert_eq!(
            draft_name("ic", Rater::Manager, Some("  Sam O'Lee Jr. ")),
            "ic-manager-sam-o-lee-jr.toml"
        );
        assert_eq!(
            draft_name("ic", Rater::Peer, Some("José Núñez")),
            "ic-peer-josé-núñez.toml"
        );
        assert_eq!(draft_name("ic", Rater::Peer, Some("!!")), "ic-peer.toml");
    }

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

    const RUBRIC: &str = r#"
id = "tiny"
version = 1
title = "Tiny"
from = "A"
to = "B"

[[dimensions]]
id = "d"
name = "D"

  [[dimensions.questions]]
  id = "pick"
  prompt = "Pick one"
  evidence_from = 3
  options = [{ text = "low", level = 0 }, { text = "mid", level = 2 }, { text = "high", level = 4 }]

  [[dimensions.questions]]
  id = "tick"
  prompt = "Tick some"
  kind = "multi"
  options = [{ text = "x", points = 1 }, { text = "y", points = 2 }]
"#;

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
            fs::write(dir.path().join("tiny.toml"), RUBRIC).unwrap();
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
            message.contains("Resume with: promo assess --rubric"),
            "{message}"
        );
        assert!(message.contains("--resume --data-dir"), "{message}");
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
            fs::read_to_string(env.dir.path().join("data/assessments/tiny-2026-05-06.toml"))
                .unwrap();
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
            fs::read_to_string(env.dir.path().join("data/assessments/tiny-2026-05-06.toml"))
                .unwrap();
        assert!(
            saved.contains("rater = \"manager\"\nsubject = \"Sam Lee\""),
            "{saved}"
        );
        assert!(saved.contains("pick = 2\ntick = [1, 2]"), "{saved}");
        assert!(!saved.contains("Q1"), "{saved}");
    }
}
