//! `promo history`: list, add and remove stored assessments.

use std::fmt::Write as _;

use anyhow::Result;

use super::{Context, warn_all};
use crate::catalog::{Loaded, read_answers};
use crate::cli::{HistoryAddArgs, HistoryArgs, HistoryCommand, HistoryFormat, HistoryRemoveArgs};
use crate::core::answers::Rater;
use crate::core::history::{self, History, Record};
use crate::exit::OK;
use crate::export;
use crate::export::escape::terminal;
use crate::history_store::{Added, HistoryStore, assessment_date};
use crate::invocation::command;
use crate::writer;

/// Runs `promo history` and its subcommands.
pub fn run(context: &Context, args: &HistoryArgs) -> Result<u8> {
    match &args.command {
        Some(HistoryCommand::Add(add_args)) => add(context, add_args),
        Some(HistoryCommand::Remove(remove_args)) => remove(context, remove_args),
        None => list(context, args),
    }
}

fn store(context: &Context) -> Result<HistoryStore> {
    HistoryStore::open(context.data_dir.as_deref())
}

fn where_line(store: &HistoryStore) -> String {
    format!(
        "History is kept in {}, on this machine only; nothing is sent anywhere.",
        store.data().history_root().display()
    )
}

/// `promo history add`: every file is checked before any is stored.
fn add(context: &Context, args: &HistoryAddArgs) -> Result<u8> {
    let store = store(context)?;
    let mut checked = Vec::with_capacity(args.files.len());
    for path in &args.files {
        let source = read_answers(path)?;
        let (loaded, answers, warnings) = source.check(&context.catalog, args.rubric.as_deref())?;
        warn_all(warnings.iter().map(|w| &w.0));
        let date = assessment_date(&answers, path)?;
        checked.push((path, loaded, answers, date));
    }
    let mut out = String::new();
    let mut adder = store.adder();
    for (path, loaded, answers, date) in checked {
        let added = adder.add(&loaded.rubric, &answers, date)?;
        let entry = added.entry();
        let what = match added {
            Added::New(_) => "Added",
            Added::Existing(_) => "Already stored:",
        };
        let _ = writeln!(
            out,
            "{what} {} · {} · {} · {} (from {})",
            entry.id,
            entry.date,
            entry.rater,
            entry.rubric,
            terminal(&path.display().to_string())
        );
    }
    let _ = writeln!(out, "{}", where_line(&store));
    writer::write_stdout(terminal(&out).as_bytes())?;
    Ok(OK)
}

/// `promo history remove`.
fn remove(context: &Context, args: &HistoryRemoveArgs) -> Result<u8> {
    let store = store(context)?;
    let entry = store.remove(&args.id)?;
    let message = format!(
        "Removed {} · {} · {} · {} ({})\n",
        entry.id,
        entry.date,
        entry.rater,
        entry.rubric,
        terminal(&entry.path.display().to_string())
    );
    writer::write_stdout(terminal(&message).as_bytes())?;
    Ok(OK)
}

/// `promo history`: each rubric's assessments and trends.
fn list(context: &Context, args: &HistoryArgs) -> Result<u8> {
    let store = store(context)?;
    let rubrics: Vec<Loaded> = match &args.rubric {
        Some(spec) => vec![context.catalog.resolve(spec)?],
        None => store
            .rubrics()?
            .into_iter()
            .filter_map(|id| match context.catalog.resolve(&id) {
                Ok(loaded) => Some(loaded),
                Err(error) => {
                    warn_all([format!(
                        "assessments of rubric \"{id}\" are stored in {}, but the rubric cannot be found ({error}); pass --rubrics-dir to show them",
                        store.dir(&id).display()
                    )]);
                    None
                }
            })
            .collect(),
    };
    let mut histories: Vec<History> = Vec::new();
    for loaded in &rubrics {
        let scored = store.records(&loaded.rubric)?;
        warn_all(scored.warnings);
        let mut records = scored.records;
        if let Some(wanted) = &args.subject {
            records.retain(|r| is_about(r, wanted));
        }
        if !records.is_empty() {
            let mut built = history::build(&loaded.rubric, records);
            built.plan = super::stored::plan_progress(context, &loaded.rubric);
            histories.push(built);
        }
    }
    let bytes = match args.format {
        HistoryFormat::Json => export::history(args.format, context.style).render(&histories),
        HistoryFormat::Table if histories.is_empty() => format!(
            "No assessments are stored{}{}. Each finished `{}` is stored; `{}` stores an answers file you already have.\n{}\n",
            args.rubric
                .as_ref()
                .and(rubrics.first())
                .map_or_else(String::new, |l| format!(" for {}", l.rubric.id)),
            args.subject
                .as_ref()
                .map_or_else(String::new, |s| format!(" about {}", terminal(s))),
            command("assess"),
            command("history add FILE"),
            where_line(&store)
        )
        .into_bytes(),
        HistoryFormat::Table if context.style.color => {
            // Coloured: the table escapes every text from the files itself.
            let mut bytes = export::history(args.format, context.style).render(&histories);
            let place = format!("\n{}\n", where_line(&store));
            bytes.extend_from_slice(terminal(&place).as_bytes());
            writer::write_stdout_styled(&bytes)?;
            return Ok(OK);
        }
        HistoryFormat::Table => {
            let mut bytes = export::history(args.format, context.style).render(&histories);
            bytes.extend_from_slice(format!("\n{}\n", where_line(&store)).as_bytes());
            bytes
        }
    };
    writer::write_stdout(&bytes)?;
    Ok(OK)
}

/// Whether a stored assessment is about the person `--subject` names: the same name in any
/// case, or `you` for your own assessments that name no one.
fn is_about(record: &Record, wanted: &str) -> bool {
    let wanted = wanted.trim();
    match &record.subject {
        Some(subject) => subject.trim().to_lowercase() == wanted.to_lowercase(),
        None => record.rater == Rater::Myself && wanted.eq_ignore_ascii_case("you"),
    }
}
