//! The screens of `promo assess` around the questions: your name, picking a rubric, offering
//! a draft, a draft in use elsewhere, and the introduction.

use std::fs;

use anyhow::Result;

use crate::catalog::Loaded;
use crate::cli::{AssessArgs, RaterChoice};
use crate::commands::{Context, warn_all};
use crate::core::answers::Rater;
use crate::datadir::DataDir;
use crate::drafts::{self, DraftStore, InUse, Restored};
use crate::exit::Failure;
use crate::export::escape::terminal;
use crate::profile::{Name, Profile};
use crate::prompt::{Ask, Prompter, Reply};
use crate::questionnaire::{self, Progress};

use super::*;

/// A self-assessment carries your name: `--subject`, else the name remembered in the data
/// directory, else asked once now (Enter leaves it out, and is remembered too).
pub(super) fn with_your_name(
    args: &AssessArgs,
    data: &DataDir,
    prompter: &mut dyn Prompter,
) -> Result<AssessArgs> {
    let mut args = args.clone();
    let own = args.rater.is_none_or(|r| r == RaterChoice::Myself);
    if args.subject.is_some() || !own || args.resume {
        return Ok(args);
    }
    let profile = Profile::new(data);
    args.subject = match profile.name() {
        Name::Known(name) => Some(name),
        Name::Declined => None,
        Name::Unknown => {
            prompter.say("")?;
            prompter.say(&format!(
                "Your name goes on your reports, so a manager reading one knows whose it is. promo asks once and keeps it in {} (`--subject NAME` overrides it).",
                shown(profile.path())
            ))?;
            let ask = Ask {
                header: "",
                prompt: "Your name (Enter to leave it out)",
            };
            match prompter.input(&ask, "")? {
                Reply::Value(name) => {
                    if let Err(error) = profile.remember(&name) {
                        warn_all([format!("could not remember your name: {error:#}")]);
                    }
                    Some(name.trim().to_owned()).filter(|n| !n.is_empty())
                }
                Reply::Back => None,
                Reply::Interrupted => return Err(Failure::interrupted(NOTHING_SAVED).into()),
            }
        }
    };
    Ok(args)
}

/// Says which answers of a draft no longer fit its rubric and were left out.
pub(super) fn warn_restored(origin: &str, restored: &Restored) {
    warn_all(restored.warnings.iter().map(|w| terminal(&w.0)));
    if restored.dropped.is_empty() {
        return;
    }
    let mut message = format!(
        "{}: the rubric has changed since this was saved; left out what no longer fits (the questions are asked again):",
        terminal(origin)
    );
    for dropped in &restored.dropped {
        message.push_str("\n  ");
        message.push_str(&terminal(dropped));
    }
    warn_all([message]);
}

/// Another promo has the draft this run would use: offer a separate draft, or stop.
pub(super) fn ask_in_use(
    prompter: &mut dyn Prompter,
    in_use: &InUse,
    new_draft: &str,
) -> Result<()> {
    let width = text_width();
    let mut lines = wrap(
        &format!(
            "This unfinished assessment is {}; two sessions on one draft would overwrite each other's answers:",
            in_use.by()
        ),
        width,
    );
    lines.push(format!("  {}", shown(&in_use.path)));
    prompter.say(&lines.join("\n"))?;
    let items = [
        "Start a separate draft (both are kept)".to_owned(),
        "Quit".to_owned(),
    ];
    let ask = Ask {
        header: "",
        prompt: "Start a separate draft or quit?",
    };
    match prompter.select(&ask, &items, 0)? {
        Reply::Value(0) => Ok(()),
        _ => Err(Failure::interrupted(format!(
            "Stopped. {} is {}; nothing was changed.\nFinish or stop that promo first, or start a separate draft with:\n  {}",
            shown(&in_use.path),
            in_use.by(),
            terminal(new_draft)
        ))
        .into()),
    }
}

/// There is a draft of this assessment: continue it, or start over in its place. A draft that
/// cannot be read is kept as it is, and this run gets a draft of its own.
pub(super) fn offer_draft(
    context: &Context,
    args: &AssessArgs,
    drafts: &DraftStore,
    offered: Offered<'_>,
    prompter: &mut dyn Prompter,
) -> Result<Plan> {
    let found = offered.found;
    let origin = found.path.display().to_string();
    let restored = match drafts::restore(&found.text, &offered.loaded.rubric, &origin) {
        Ok(restored) => restored,
        Err(error) => {
            warn_all([format!(
                "{}\nThis unfinished assessment cannot be continued; it is kept as it is, and this one is saved in a separate draft.",
                terminal(&error.to_string())
            )]);
            drop(offered.lock);
            return fresh_plan(
                drafts,
                offered.loaded,
                offered.source,
                offered.answers,
                offered.beginning,
                seed_for(args),
            );
        }
    };
    warn_restored(&origin, &restored);
    let earlier = restored.progress;
    let mut plan = Plan {
        loaded: offered.loaded,
        source: offered.source,
        progress: Progress::new(offered.answers).shuffled(seed_for(args)),
        start: 0,
        draft: found.path.clone(),
        _lock: offered.lock,
        beginning: offered.beginning,
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
    let hint = resume_hint(context, args, &plan);
    let width = text_width();
    let mut lines = wrap(
        &format!(
            "You have an unfinished assessment of this rubric ({} of {total} questions answered, saved {saved}):",
            earlier.answered()
        ),
        width,
    );
    lines.push(format!("  {}", shown(&plan.draft)));
    lines.push("Next time, this continues it straight away:".to_owned());
    lines.push(format!("  {}", terminal(&hint)));
    prompter.say(&lines.join("\n"))?;
    let fresh = match &plan.beginning {
        Beginning::From(file) => format!(
            "Start from {} instead (the draft is replaced once you answer)",
            terminal(file)
        ),
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
            Ok(plan)
        }
        Reply::Value(_) => Ok(plan),
        Reply::Back | Reply::Interrupted => Err(Failure::interrupted(format!(
            "Stopped. The unfinished assessment is kept in {}.\nResume with: {}",
            shown(&plan.draft),
            terminal(&hint)
        ))
        .into()),
    }
}

/// Lets the person pick a rubric; `None` when they leave.
pub(super) fn pick_rubric(
    context: &Context,
    prompter: &mut dyn Prompter,
) -> Result<Option<Loaded>> {
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

/// Prose and the finished report are never wider than this, however wide the terminal.
pub(super) const MAX_TEXT_WIDTH: u16 = 100;

/// The width to wrap prose to on standard error.
pub(super) fn text_width() -> usize {
    usize::from(console::Term::stderr().size().1).clamp(40, usize::from(MAX_TEXT_WIDTH)) - 1
}

/// Wraps prose at spaces only, never inside a word or a path.
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    let options = textwrap::Options::new(width)
        .break_words(false)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::wrap(text, options)
        .into_iter()
        .map(std::borrow::Cow::into_owned)
        .collect()
}

/// The introduction: what this is, how long it takes, where the answers go, and the keys.
pub(super) fn introduce(
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
