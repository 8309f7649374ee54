//! `promo assess`: the questionnaire in the terminal, with a draft saved after every answer.

use std::fs;
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use super::{Context, warn_all};
use crate::catalog::{Loaded, read_answers};
use crate::cli::{AssessArgs, RaterChoice, ReportFormat};
use crate::core::answers::{Answers, Rater};
use crate::core::date::Date;
use crate::core::report::{self, ReportOptions};
use crate::core::rubric::Rubric;
use crate::datadir::DataDir;
use crate::drafts::{self, Claim, DraftLock, DraftStore, Filter, Found, InUse, Key};
use crate::exit::{Failure, OK};
use crate::export::Exporter;
use crate::export::escape::terminal;
use crate::export::table::TableView;
use crate::history_store::HistoryStore;
use crate::invocation::command;
use crate::prompt::Prompter;
use crate::prompt::dialoguer::DialoguerPrompter;
use crate::questionnaire::{self, Outcome, Progress};
use crate::writer;

mod screens;
#[cfg(test)]
mod tests;

use screens::*;

/// Runs `promo assess`: checks for a terminal before anything else, then asks.
pub fn run(context: &Context, args: &AssessArgs) -> Result<u8> {
    if let Err(error) = require_terminal(args) {
        // A mistyped rubric is said first, so the way out below does not copy the typo.
        if let Some(spec) = &args.rubric {
            context.catalog.resolve(spec)?;
        }
        return Err(error);
    }
    let data = DataDir::resolve(context.data_dir.as_deref())?;
    let mut prompter = DialoguerPrompter::new();
    prompter.on_stop(NOTHING_SAVED);
    let args = &with_your_name(args, &data, &mut prompter)?;
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
    // A rubric given as a file must be named again when the answers are scored.
    let report_rubric = match args.rubric.as_deref() {
        Some(spec) if spec.ends_with(".toml") || spec.contains(std::path::MAIN_SEPARATOR) => {
            format!(" --rubric {rubric}")
        }
        _ => String::new(),
    };
    let ids = if args.rubric.is_none() {
        format!("\n  {}    # the rubric ids", command("rubrics list"))
    } else {
        String::new()
    };
    Err(Failure::usage(format!(
        "promo assess asks its questions in a terminal, and {reason}. Answer in a file instead:{ids}\n  {}    # then fill it in\n  {}",
        command(&format!("template {rubric} -o answers.toml")),
        command(&format!("report answers.toml{report_rubric}"))
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
    /// This run's hold on `draft`, released when the run ends.
    _lock: DraftLock,
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
    if let Some(save) = &args.save {
        check_save(save)?;
    }
    let drafts = DraftStore::open(data)?;
    let plan = if args.resume {
        resume(context, args, &drafts, prompter)?
    } else {
        match start(context, args, &drafts, prompter)? {
            Some(plan) => plan,
            None => return Err(Failure::interrupted(NOTHING_SAVED).into()),
        }
    };
    let rubric = &plan.loaded.rubric;
    introduce(prompter, &plan, args, data)?;
    let hint = resume_hint(context, args, &plan);
    let stop_message = format!(
        "Stopped. Your answers so far are saved in {}.\nResume with: {hint}",
        shown(&plan.draft)
    );
    if plan.draft.exists() {
        prompter.on_stop(&stop_message);
    }
    let mut progress = plan.progress.clone();
    let outcome = questionnaire::run(
        rubric,
        &mut progress,
        plan.start,
        prompter,
        &mut |p, prompter| {
            let text = drafts::to_text(p, rubric, &plan.source);
            writer::write_atomic(&plan.draft, text.as_bytes())?;
            prompter.on_stop(&stop_message);
            Ok(())
        },
    )?;
    match outcome {
        Outcome::Interrupted if plan.draft.exists() => {
            Err(Failure::interrupted(stop_message).into())
        }
        Outcome::Interrupted => Err(Failure::interrupted(NOTHING_SAVED).into()),
        Outcome::Finished => finish(
            context,
            args,
            data,
            &plan,
            prompter,
            progress.answers,
            today,
            output,
            &hint,
        ),
    }
}

/// `--save` must name a TOML file in a directory that exists, before any question is asked.
fn check_save(save: &Path) -> Result<()> {
    if save
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        return Err(Failure::usage(format!(
            "--save {}: answers are saved as TOML; give the file a .toml name",
            shown(save)
        ))
        .into());
    }
    if save.is_dir() {
        return Err(Failure::usage(format!(
            "--save {}: that is a directory; give a file name inside it",
            shown(save)
        ))
        .into());
    }
    if let Some(dir) = missing_dir(save) {
        return Err(Failure::usage(format!(
            "--save {}: the directory {} does not exist; create it first or save somewhere else",
            shown(save),
            shown(&dir)
        ))
        .into());
    }
    Ok(())
}

/// The directory `path` would be written in, when it is not one.
fn missing_dir(path: &Path) -> Option<PathBuf> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    (!dir.is_dir()).then(|| dir.to_owned())
}

/// A path as it may be shown on a terminal.
fn shown(path: &Path) -> String {
    terminal(&path.display().to_string()).into_owned()
}

/// Finds the draft to continue, locks it and reads it.
fn resume(
    context: &Context,
    args: &AssessArgs,
    drafts: &DraftStore,
    prompter: &mut dyn Prompter,
) -> Result<Plan> {
    let wanted = args
        .rubric
        .as_deref()
        .map(|spec| context.catalog.resolve(spec))
        .transpose()?;
    let candidates = match &args.draft {
        Some(name) => vec![named_draft(drafts, name)?],
        None => drafts.list(Filter {
            rubric: wanted.as_ref().map(|l| l.rubric.id.as_str()),
            rater: args.rater.map(rater_of),
            subject: args.subject.as_deref(),
        })?,
    };
    if candidates.is_empty() {
        let (what, start) = match (&wanted, &args.rubric) {
            (Some(loaded), Some(spec)) => (
                format!(" of rubric \"{}\"", loaded.rubric.id),
                command(&format!("assess --rubric {}", shell_words::quote(spec))),
            ),
            _ => (String::new(), command("assess")),
        };
        return Err(Failure::usage(format!(
            "there is no unfinished assessment{what} to resume in {}; start one with:\n  {}",
            shown(drafts.dir()),
            terminal(&start)
        ))
        .into());
    }
    let mut busy: Option<InUse> = None;
    let mut chosen = None;
    for found in &candidates {
        match drafts.lock(&found.path)? {
            Claim::Mine(lock) => {
                chosen = Some((found, lock));
                break;
            }
            Claim::InUse(in_use) => {
                busy.get_or_insert(in_use);
            }
        }
    }
    let loaded_for = |found: &Found| -> Result<Loaded> {
        if let Some(loaded) = &wanted {
            if loaded.rubric.id != found.head.rubric {
                return Err(Failure::usage(format!(
                    "the unfinished assessment {} is for rubric \"{}\", not \"{}\"",
                    shown(&found.path),
                    terminal(&found.head.rubric),
                    loaded.rubric.id
                ))
                .into());
            }
            return Ok(loaded.clone());
        }
        let spec = found
            .head
            .source
            .clone()
            .unwrap_or_else(|| found.head.rubric.clone());
        context.catalog.resolve(&spec).with_context(|| {
            format!(
                "the unfinished assessment {} is for rubric {}",
                shown(&found.path),
                terminal(&spec)
            )
        })
    };
    let Some((found, lock)) = chosen else {
        // Every matching draft is in use: a separate one for the same person, or nothing.
        let newest = &candidates[0];
        let Some(key) = newest.head.key() else {
            return Err(Failure::invalid(format!(
                "{}: unknown rater; use one of self, manager, peer, report, other",
                shown(&newest.path)
            ))
            .into());
        };
        let loaded = loaded_for(newest)?;
        let spec = newest
            .head
            .source
            .clone()
            .unwrap_or_else(|| key.rubric.clone());
        let in_use = busy.unwrap_or_else(|| InUse {
            path: newest.path.clone(),
            pid: None,
        });
        let mut answers = Answers::empty(&loaded.rubric, key.rater);
        answers.subject = key.subject;
        let source = source_of(&loaded, &spec);
        ask_in_use(
            prompter,
            &in_use,
            &new_draft_command(context, args, &source, &answers),
        )?;
        return fresh_plan(
            drafts,
            loaded,
            source,
            answers,
            Beginning::Fresh,
            seed_for(args),
        );
    };
    if let Some(in_use) = busy {
        warn_all([format!(
            "{} is {}; continuing {} instead",
            shown(&in_use.path),
            in_use.by(),
            shown(&found.path)
        )]);
    }
    let loaded = loaded_for(found)?;
    let origin = found.path.display().to_string();
    let restored = drafts::restore(&found.text, &loaded.rubric, &origin)?;
    warn_restored(&origin, &restored);
    let start = restored.progress.resume_at();
    Ok(Plan {
        source: source_of(
            &loaded,
            found.head.source.as_deref().unwrap_or(&found.head.rubric),
        ),
        loaded,
        progress: restored.progress,
        start,
        draft: found.path.clone(),
        _lock: lock,
        beginning: Beginning::Resumed,
    })
}

/// The draft `--draft` names, read.
fn named_draft(drafts: &DraftStore, name: &Path) -> Result<Found> {
    let path = drafts.named(name);
    if !path.is_file() {
        return Err(Failure::usage(format!(
            "--draft {}: there is no such draft in {}; this continues the latest one:\n  {}",
            shown(name),
            shown(drafts.dir()),
            command("assess --resume")
        ))
        .into());
    }
    let text = drafts::read(&path)?;
    let head = drafts::peek(&text, &path.display().to_string())?;
    Ok(Found { path, text, head })
}

/// A new draft file for `answers`' rubric, rater and subject, locked for this run.
fn fresh_plan(
    drafts: &DraftStore,
    loaded: Loaded,
    source: String,
    answers: Answers,
    beginning: Beginning,
    seed: u64,
) -> Result<Plan> {
    let (draft, lock) = drafts.create(&key_of(&answers))?;
    Ok(Plan {
        loaded,
        source,
        progress: Progress::new(answers).shuffled(seed),
        start: 0,
        draft,
        _lock: lock,
        beginning,
    })
}

fn key_of(answers: &Answers) -> Key {
    Key {
        rubric: answers.rubric.clone(),
        rater: answers.rater,
        subject: answers.subject.clone(),
    }
}

/// Decides the rubric and the starting answers of a new run; `None` when the person leaves.
fn start(
    context: &Context,
    args: &AssessArgs,
    drafts: &DraftStore,
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
    let source = source_of(&loaded, &spec);
    let key = key_of(&answers);
    if !args.new_draft {
        let existing = drafts.list(Filter::from(&key))?;
        let mut busy: Option<InUse> = None;
        for found in &existing {
            match drafts.lock(&found.path)? {
                Claim::Mine(lock) => {
                    let offered = Offered {
                        found,
                        lock,
                        loaded,
                        source,
                        answers,
                        beginning,
                    };
                    return offer_draft(context, args, drafts, offered, prompter).map(Some);
                }
                Claim::InUse(in_use) => {
                    busy.get_or_insert(in_use);
                }
            }
        }
        if let Some(in_use) = busy {
            let command = new_draft_command(context, args, &source, &answers);
            ask_in_use(prompter, &in_use, &command)?;
        }
    }
    fresh_plan(drafts, loaded, source, answers, beginning, seed_for(args)).map(Some)
}

/// A new run that found an earlier draft of the same assessment, locked for it.
struct Offered<'a> {
    found: &'a Found,
    lock: DraftLock,
    loaded: Loaded,
    source: String,
    answers: Answers,
    beginning: Beginning,
}

/// The seed of a new assessment's option order: `--seed`, else a fresh one.
fn seed_for(args: &AssessArgs) -> u64 {
    args.seed.unwrap_or_else(fresh_seed)
}

/// A seed for this assessment's option order: different each run, kept in the draft.
fn fresh_seed() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    // The standard library seeds each RandomState from the operating system's randomness.
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    hasher.finish()
}

/// Saves the answers, removes the draft, and shows the result. When the answers cannot be
/// saved, the draft is kept and the message says how to resume it.
#[allow(clippy::too_many_arguments)]
fn finish(
    context: &Context,
    args: &AssessArgs,
    data: &DataDir,
    plan: &Plan,
    prompter: &mut dyn Prompter,
    mut answers: Answers,
    today: Date,
    output: Output<'_>,
    hint: &str,
) -> Result<u8> {
    let rubric = &plan.loaded.rubric;
    answers.date = Some(today);
    let saved = match &args.save {
        Some(path) => Ok(path.clone()),
        None => data
            .assessments()
            .map(|dir| unused_path(&dir, &rubric.id, today)),
    }
    .and_then(|path| save_answers(&path, &answers.to_toml(rubric)).map(|()| path));
    let path = match saved {
        Ok(path) => path,
        Err(error) => {
            return Err(anyhow::anyhow!(
                "{error}\nYour answers are kept in the draft {}.\nResume with: {}",
                shown(&plan.draft),
                terminal(hint)
            ));
        }
    };
    match fs::remove_file(&plan.draft) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => warn_all([format!(
            "cannot remove the finished draft {}: {e}",
            plan.draft.display()
        )]),
        _ => {}
    }
    prompter.on_stop(&format!(
        "Stopped. The finished answers are saved in {}.",
        path.display()
    ));
    let report = report::build(rubric, &answers, ReportOptions { evidence: true });
    // The same width as the questions, so nothing breaks at the terminal's edge.
    let style = crate::term::Style {
        width: context
            .style
            .width
            .map(|w| w.min(MAX_TEXT_WIDTH).saturating_sub(1)),
        ..context.style
    };
    let view = TableView { style };
    // The whole report first; the last screen holds the result, where it is kept and what next.
    eprintln!();
    let mut shown_report = view.render(&report);
    shown_report.push(b'\n');
    shown_report.extend_from_slice(view.summary(&report).as_bytes());
    output(&shown_report)?;
    eprintln!(
        "{} Saved your answers to {}",
        console::style("✔").for_stderr().green(),
        terminal(&path.display().to_string())
    );
    // A rubric that is not built in must be named again, or the pasted command cannot find it.
    let rubric_flag = if plan.loaded.is_built_in() {
        String::new()
    } else {
        format!(" --rubric {}", shell_words::quote(&plan.source))
    };
    after_finish(context, rubric, &answers, &path, &rubric_flag)?;
    let quoted = terminal(&shell_words::quote(&path.to_string_lossy())).into_owned();
    let data_flag = context.data_dir.as_ref().map_or_else(String::new, |dir| {
        format!(" --data-dir {}", shell_words::quote(&absolute(dir)))
    });
    let formats = ReportFormat::file_format_names();
    let first = formats.first().map_or("json", String::as_str);
    eprintln!("Export it ({}):", formats.join(", "));
    eprintln!(
        "  {}",
        terminal(&command(&format!(
            "report {quoted}{rubric_flag} --format {first} -o report.{}",
            extension(first)
        )))
    );
    eprintln!("Retake it later, starting from these answers:");
    eprintln!(
        "  {}",
        terminal(&command(&format!(
            "assess --answers {quoted}{rubric_flag}{data_flag}"
        )))
    );
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
    rubric_flag: &str,
) -> Result<()> {
    // The answers are saved already; a history that cannot be written is worth a warning,
    // not a failed assessment.
    let stored = HistoryStore::open(context.data_dir.as_deref())
        .and_then(|store| store.store_finished(rubric, answers, saved_path));
    match stored {
        Ok(entry) => super::print_note(&format_args!(
            "Kept in your history as {}. Your progress over time:\n  {}",
            entry.id,
            command(&format!("history{rubric_flag}"))
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

/// Writes the finished answers to `path`. The error says what failed in a line, without
/// the temporary file's name.
fn save_answers(path: &Path, text: &str) -> Result<()> {
    if let Some(dir) = missing_dir(path) {
        return Err(anyhow::anyhow!(
            "cannot save the finished answers to {}: the directory {} does not exist",
            shown(path),
            shown(&dir)
        ));
    }
    writer::write_atomic(path, text.as_bytes()).map_err(|error| {
        let why = error
            .root_cause()
            .downcast_ref::<io::Error>()
            .map_or_else(|| error.to_string(), |e| e.kind().to_string());
        anyhow::anyhow!(
            "cannot save the finished answers to {}: {}",
            shown(path),
            terminal(&why)
        )
    })
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

/// The exact command that continues this run's draft: its rubric and file name, where the
/// finished answers go, and the data directory when one was given.
fn resume_hint(context: &Context, args: &AssessArgs, plan: &Plan) -> String {
    let mut words = vec![
        "assess".to_owned(),
        "--rubric".to_owned(),
        plan.source.clone(),
        "--resume".to_owned(),
        "--draft".to_owned(),
        plan.draft
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
    ];
    extend_with_places(&mut words, context, args);
    command(&shell_words::join(words))
}

/// The command that starts a separate draft of the same assessment.
fn new_draft_command(
    context: &Context,
    args: &AssessArgs,
    source: &str,
    answers: &Answers,
) -> String {
    let mut words = vec![
        "assess".to_owned(),
        "--rubric".to_owned(),
        source.to_owned(),
    ];
    if let Some(file) = &args.answers {
        words.extend(["--answers".to_owned(), absolute(file)]);
    }
    if answers.rater != Rater::Myself {
        words.extend(["--rater".to_owned(), answers.rater.to_string()]);
    }
    if let Some(subject) = &answers.subject {
        words.extend(["--subject".to_owned(), subject.clone()]);
    }
    words.push("--new-draft".to_owned());
    extend_with_places(&mut words, context, args);
    command(&shell_words::join(words))
}

/// `--save` and `--data-dir`, as given to this run.
fn extend_with_places(words: &mut Vec<String>, context: &Context, args: &AssessArgs) {
    if let Some(save) = &args.save {
        words.extend(["--save".to_owned(), absolute(save)]);
    }
    if let Some(dir) = &context.data_dir {
        words.extend(["--data-dir".to_owned(), absolute(dir)]);
    }
}

/// The path made absolute, so a printed command works from any directory.
fn absolute(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_owned())
        .display()
        .to_string()
}
