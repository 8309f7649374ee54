//! `promo history`: list, add and remove stored assessments; and the `--since-last` part of
//! `promo report`.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Result;

use super::{Context, warn_all};
use crate::catalog::{Loaded, read_answers};
use crate::cli::{HistoryAddArgs, HistoryArgs, HistoryCommand, HistoryFormat, HistoryRemoveArgs};
use crate::core::answers::{Answers, Rater, check_answers};
use crate::core::history::{self, History, Record, SinceLast};
use crate::core::report::{self, Report, ReportOptions};
use crate::core::rubric::Rubric;
use crate::datadir::DataDir;
use crate::exit::OK;
use crate::export;
use crate::export::escape::terminal;
use crate::history_store::{Added, Entry, HistoryStore, assessment_date, id_for};
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
    Ok(HistoryStore::new(DataDir::resolve(
        context.data_dir.as_deref(),
    )?))
}

fn where_line(store: &HistoryStore) -> String {
    format!(
        "History is kept in {}, on this machine only; nothing is sent anywhere.",
        store.data().history_root().display()
    )
}

/// Stores a finished assessment, as `promo assess` does when it ends. Returns the entry.
pub fn store_finished(
    context: &Context,
    rubric: &Rubric,
    answers: &Answers,
    saved: &Path,
) -> Result<Entry> {
    let date = assessment_date(answers, saved)?;
    Ok(store(context)?.add(rubric, answers, date)?.entry().clone())
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
        let mut records = records(&store, &loaded.rubric)?;
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
        HistoryFormat::Json => export::history::json(&histories),
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
            let mut bytes = export::history::table(&histories, context.style);
            let place = format!("\n{}\n", where_line(&store));
            bytes.extend_from_slice(terminal(&place).as_bytes());
            writer::write_stdout_styled(&bytes)?;
            return Ok(OK);
        }
        HistoryFormat::Table => {
            let mut bytes = export::history::table(&histories, context.style);
            bytes.extend_from_slice(format!("\n{}\n", where_line(&store)).as_bytes());
            bytes
        }
    };
    writer::write_stdout(&bytes)?;
    Ok(OK)
}

/// A rubric's stored assessments, scored. Files that no longer check against the rubric are
/// skipped with a warning naming them and how to remove them.
fn records(store: &HistoryStore, rubric: &Rubric) -> Result<Vec<Record>> {
    let mut records = Vec::new();
    let mut older_versions = 0;
    for entry in store.entries(&rubric.id)? {
        match record(&entry, rubric) {
            Ok((record, warned)) => {
                older_versions += usize::from(warned);
                records.push(record);
            }
            Err(error) => warn_all([format!(
                "skipping the stored assessment {}: {error:#}\nDelete it with:\n  {}",
                entry.id,
                command(&format!("history remove {}", entry.id))
            )]),
        }
    }
    if older_versions > 0 {
        warn_all([format!(
            "{older_versions} stored assessment{} of rubric \"{}\" answered an older version of it; questions may have changed since",
            if older_versions == 1 { "" } else { "s" },
            rubric.id
        )]);
    }
    Ok(records)
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

fn record(entry: &Entry, rubric: &Rubric) -> Result<(Record, bool)> {
    let source = read_answers(&entry.path)?;
    let (answers, warnings) = check_answers(source.file, rubric, &source.origin, &source.text)?;
    let report = report::build(rubric, &answers, ReportOptions { evidence: false });
    let date = answers.date.unwrap_or(entry.date);
    Ok((
        Record::from_report(entry.id.clone(), date, &report),
        !warnings.is_empty(),
    ))
}

/// What changed since the previous stored assessment of the same rubric and rater as
/// `answers` (read from `path`, scored as `report`), with the sustained flags.
pub fn since_last(
    context: &Context,
    rubric: &Rubric,
    answers: &Answers,
    path: &Path,
    report: &Report,
) -> Result<SinceLast> {
    let store = store(context)?;
    let stored = records(&store, rubric)?;
    let date = assessment_date(answers, path)?;
    let full_id = id_for(rubric, answers, date);
    let id = store.short_id(&rubric.id, &full_id)?;
    let current = Record::from_report(id, date, report);
    let subject = answers.subject.as_deref();
    let previous = history::previous(&stored, subject, answers.rater, date, &current.id);
    let mut series: Vec<Record> = stored
        .iter()
        .filter(|r| {
            r.rater == answers.rater
                && r.subject.as_deref() == subject
                && r.date <= date
                && r.id != current.id
        })
        .cloned()
        .collect();
    series.push(current.clone());
    Ok(history::since_last(rubric, &current, previous, &series))
}
