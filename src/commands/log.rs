//! `promo log`: record what you did, tagged to the rubric; the weekly prompt; list, remove,
//! re-tag, and coverage.

use std::fmt::Write as _;
use std::io::{self, IsTerminal as _};

use anyhow::Result;

use super::{Context, print_out, stored, warn_all};
use crate::cli::{
    LogAddArgs, LogArgs, LogCommand, LogCoverageArgs, LogFormat, LogListArgs, LogRemoveArgs,
    LogTagArgs,
};
use crate::core::date::Date;
use crate::core::journal::{
    self, Entry, Evidence, Filter, check_dimensions, check_link, check_text, suggest,
};
use crate::core::packet::assessment_evidence;
use crate::core::rubric::Rubric;
use crate::exit::{Failure, OK};
use crate::export;
use crate::journal_store::JournalStore;
use crate::prompt::dialoguer::DialoguerPrompter;
use crate::prompt::{Ask, Checklist, Prompter, Reply};
use crate::writer;

/// Runs `promo log` and its subcommands.
pub fn run(context: &Context, args: &LogArgs) -> Result<u8> {
    match &args.command {
        Some(LogCommand::Add(add_args)) => add(context, add_args),
        Some(LogCommand::List(list_args)) => list(context, list_args),
        Some(LogCommand::Remove(remove_args)) => remove(context, remove_args),
        Some(LogCommand::Tag(tag_args)) => tag(context, tag_args),
        Some(LogCommand::Coverage(coverage_args)) => coverage(context, coverage_args),
        None if args.list.is_empty() && on_terminal() => {
            let loaded = stored::rubric(context, None).map_err(|error| {
                if crate::exit::code_of(&error) != crate::exit::USAGE {
                    return error;
                }
                Failure::usage(
                    "no self-assessment is stored to take the rubric from; `promo log add --rubric RUBRIC` asks for this week's entries of a rubric (`promo rubrics list` shows the ids)",
                )
                .into()
            })?;
            weekly_on_terminal(context, &loaded.rubric)
        }
        None => list(context, &args.list),
    }
}

/// Whether promo may ask: standard input and standard error are terminals.
fn on_terminal() -> bool {
    io::stdin().is_terminal() && io::stderr().is_terminal()
}

/// `promo log add`.
fn add(context: &Context, args: &LogAddArgs) -> Result<u8> {
    let loaded = stored::rubric(context, args.rubric.as_deref())?;
    let rubric = &loaded.rubric;
    let ask = on_terminal() && !args.no_input;
    let Some(text) = &args.text else {
        if !ask {
            return Err(Failure::usage(format!(
                "promo log add asks what you did in a terminal, and {}; give it as text instead:\n  promo log add \"Ran the release end to end\" --rubric {}",
                if args.no_input {
                    "--no-input was given"
                } else {
                    "this is not one"
                },
                rubric.id
            ))
            .into());
        }
        return weekly_on_terminal(context, rubric);
    };
    let text = check_text(text).map_err(Failure::usage)?;
    let link = args
        .link
        .as_deref()
        .map(check_link)
        .transpose()
        .map_err(Failure::usage)?
        .filter(|l| !l.is_empty());
    let store = stored::journal(context)?;
    let date = args.date.unwrap_or_else(stored::today);
    let mut suggestions = Vec::new();
    let dimensions = if !args.dims.is_empty() {
        check_dimensions(rubric, &args.dims).map_err(Failure::usage)?
    } else if ask {
        let mut prompter = DialoguerPrompter::new();
        match choose_dimensions(&mut prompter, rubric, &text)? {
            Some(dims) => dims,
            None => return Err(Failure::interrupted("Stopped; nothing was recorded.").into()),
        }
    } else {
        suggestions = suggest(rubric, &text);
        Vec::new()
    };
    let entry = store.add(Entry {
        id: String::new(),
        rubric: rubric.id.clone(),
        date,
        text,
        dimensions,
        link,
        plan_item: None,
    })?;
    let mut out = added_line(&entry);
    if entry.dimensions.is_empty() {
        if suggestions.is_empty() {
            let _ = writeln!(
                out,
                "Untagged: no dimension stood out. Tag it with\n  promo log tag {} --dim ID    (`promo rubrics show {}` lists the dimensions)",
                entry.id, rubric.id
            );
        } else {
            let flags: Vec<String> = suggestions.iter().map(|d| format!("--dim {d}")).collect();
            let _ = writeln!(
                out,
                "Untagged. Suggested dimensions: {}. Tag it with\n  promo log tag {} {}",
                suggestions.join(", "),
                entry.id,
                flags.join(" ")
            );
        }
    }
    print_out(&out)?;
    Ok(OK)
}

fn added_line(entry: &Entry) -> String {
    let dims = if entry.dimensions.is_empty() {
        "untagged".to_owned()
    } else {
        entry.dimensions.join(", ")
    };
    format!(
        "Added {} · {} · {} · {}\n",
        entry.id, entry.date, entry.rubric, dims
    )
}

/// Asks which dimensions an entry shows, with the suggested ones ticked. `None` when the
/// person pressed Ctrl-C.
pub fn choose_dimensions(
    prompter: &mut dyn Prompter,
    rubric: &Rubric,
    text: &str,
) -> Result<Option<Vec<String>>> {
    let suggested = suggest(rubric, text);
    let items: Vec<String> = rubric
        .dimensions
        .iter()
        .map(|d| format!("{} ({})", d.name, d.id))
        .collect();
    let checked: Vec<bool> = rubric
        .dimensions
        .iter()
        .map(|d| suggested.contains(&d.id))
        .collect();
    let header = if suggested.is_empty() {
        "Which dimensions does it show? None stood out; Space ticks one.".to_owned()
    } else {
        "Which dimensions does it show? The ticked ones are suggested from your words; Space changes a tick.".to_owned()
    };
    let ask = Ask {
        header: &header,
        prompt: "Dimensions (Enter to confirm)",
    };
    let list = Checklist {
        items: &items,
        checked: &checked,
        alone: None,
    };
    match prompter.multiselect(&ask, &list)? {
        Reply::Value(chosen) => Ok(Some(
            chosen
                .into_iter()
                .filter_map(|i| rubric.dimensions.get(i).map(|d| d.id.clone()))
                .collect(),
        )),
        // Esc: keep the suggestions.
        Reply::Back => Ok(Some(suggested)),
        Reply::Interrupted => Ok(None),
    }
}

fn weekly_on_terminal(context: &Context, rubric: &Rubric) -> Result<u8> {
    let store = stored::journal(context)?;
    let mut prompter = DialoguerPrompter::new();
    prompter.on_stop("Stopped; every entry before this one is saved.");
    let added = weekly(&mut prompter, &store, rubric, stored::today())?;
    let mut out = String::new();
    for entry in &added {
        out.push_str(&added_line(entry));
    }
    let _ = writeln!(
        out,
        "{} entr{} recorded. `promo log` lists them; `promo log coverage` shows where the record is thin.",
        added.len(),
        if added.len() == 1 { "y" } else { "ies" }
    );
    print_out(&out)?;
    Ok(OK)
}

/// The weekly prompt: "what did you do since …", then the dimensions, until an empty line.
/// Each entry is stored as soon as it is tagged, so stopping loses nothing.
pub fn weekly(
    prompter: &mut dyn Prompter,
    store: &JournalStore,
    rubric: &Rubric,
    today: Date,
) -> Result<Vec<Entry>> {
    let since = store
        .newest_date(&rubric.id)?
        .unwrap_or_else(|| today.minus_days(7));
    prompter.title(&format!("Evidence journal · {}", rubric.title))?;
    prompter.hint("One thing per line, in a sentence. An empty line ends.")?;
    let header = format!(
        "What did you do since {since} that someone one rung up ({}) would do?",
        rubric.to
    );
    let mut added = Vec::new();
    loop {
        let ask = Ask {
            header: &header,
            prompt: "Done",
        };
        let text = match prompter.input(&ask, "")? {
            Reply::Value(text) => text,
            Reply::Back => break,
            Reply::Interrupted => {
                return Err(Failure::interrupted(format!(
                    "Stopped; {} entr{} recorded before are saved.",
                    added.len(),
                    if added.len() == 1 { "y" } else { "ies" }
                ))
                .into());
            }
        };
        if text.trim().is_empty() {
            break;
        }
        let text = match check_text(&text) {
            Ok(text) => text,
            Err(problem) => {
                prompter.say(&problem)?;
                continue;
            }
        };
        let Some(dimensions) = choose_dimensions(prompter, rubric, &text)? else {
            return Err(
                Failure::interrupted("Stopped; the entries before this one are saved.").into(),
            );
        };
        let entry = store.add(Entry {
            id: String::new(),
            rubric: rubric.id.clone(),
            date: today,
            text,
            dimensions,
            link: None,
            plan_item: None,
        })?;
        prompter.hint(&format!("Saved {}.", entry.id))?;
        added.push(entry);
    }
    Ok(added)
}

/// `promo log` / `promo log list`.
fn list(context: &Context, args: &LogListArgs) -> Result<u8> {
    let store = stored::journal(context)?;
    let rubric = match &args.rubric {
        Some(spec) => Some(context.catalog.resolve(spec)?.rubric),
        None => None,
    };
    if let (Some(rubric), Some(dim)) = (&rubric, &args.dim) {
        check_dimensions(rubric, std::slice::from_ref(dim)).map_err(Failure::usage)?;
    }
    let loaded = store.load(rubric.as_ref().map(|r| r.id.as_str()))?;
    warn_all(&loaded.problems);
    let filter = Filter {
        dimension: args.dim.clone(),
        since: args.since,
        until: args.until,
    };
    let entries: Vec<Entry> = loaded
        .entries
        .into_iter()
        .filter(|e| filter.keeps(e.date, &e.dimensions))
        .collect();
    let bytes = match args.format.unwrap_or(LogFormat::Table) {
        LogFormat::Table if entries.is_empty() => super::named_as_started(&format!(
            "No journal entries{}. `promo log add \"what you did\"` records one.\nThe journal is kept in {}, on this machine only.\n",
            if args.is_empty() { "" } else { " match" },
            store.root().display()
        ))
        .into_owned()
        .into_bytes(),
        format => export::journal(format, context.style).render(&entries),
    };
    writer::write_stdout(&bytes)?;
    Ok(OK)
}

/// `promo log remove`.
fn remove(context: &Context, args: &LogRemoveArgs) -> Result<u8> {
    let entry = stored::journal(context)?.remove(&args.id)?;
    print_out(&format!(
        "Removed {} · {} · {}\n",
        entry.id,
        entry.date,
        crate::core::limits::cut(&entry.text)
    ))?;
    Ok(OK)
}

/// `promo log tag`.
fn tag(context: &Context, args: &LogTagArgs) -> Result<u8> {
    let store = stored::journal(context)?;
    let mut entry = store.find(&args.id)?;
    let rubric = context.catalog.resolve(&entry.rubric)?.rubric;
    entry.dimensions = check_dimensions(&rubric, &args.dims).map_err(Failure::usage)?;
    store.save(&entry)?;
    print_out(&format!(
        "Tagged {} · {} · {}\n",
        entry.id,
        entry.date,
        entry.dimensions.join(", ")
    ))?;
    Ok(OK)
}

/// `promo log coverage`.
fn coverage(context: &Context, args: &LogCoverageArgs) -> Result<u8> {
    let rubric = stored::rubric(context, args.rubric.as_deref())?.rubric;
    let loaded = stored::journal(context)?.load(Some(&rubric.id))?;
    warn_all(&loaded.problems);
    let mut evidence: Vec<Evidence> = loaded.entries.iter().map(Evidence::from).collect();
    for (date, report) in stored::assessments(context, &rubric)? {
        evidence.extend(assessment_evidence(date, &report));
    }
    let today = stored::today();
    let rows = journal::coverage(&rubric, &evidence, today);
    let bytes = export::coverage(args.format, context.style).render(&export::journal::Coverage {
        rubric: &rubric,
        today,
        rows: &rows,
    });
    writer::write_stdout(&bytes)?;
    Ok(OK)
}
