//! `promo plan`: turn an assessment's focus list into dated commitments, add, finish, drop and
//! list them.

use std::fmt::Write as _;

use anyhow::Result;

use super::{Context, print_out, stored, warn_all};
use crate::catalog::read_answers;
use crate::cli::{
    PlanAddArgs, PlanArgs, PlanCommand, PlanDoneArgs, PlanDropArgs, PlanFormat, PlanNewArgs,
};
use crate::core::answers::Rater;
use crate::core::journal::{Entry, check_dimensions, check_text};
use crate::core::plan::{Item, NewItem, Status, propose};
use crate::core::report::{self, Report, ReportOptions};
use crate::exit::{Failure, OK};
use crate::export;
use crate::writer;

/// Runs `promo plan` and its subcommands.
pub fn run(context: &Context, args: &PlanArgs) -> Result<u8> {
    match &args.command {
        Some(PlanCommand::New(new_args)) => new(context, new_args),
        Some(PlanCommand::Add(add_args)) => add(context, add_args),
        Some(PlanCommand::Done(done_args)) => done(context, done_args),
        Some(PlanCommand::Drop(drop_args)) => drop_item(context, drop_args),
        None => list(context, args),
    }
}

fn item_line(item: &Item) -> String {
    let with = item
        .with
        .as_deref()
        .map_or_else(String::new, |w| format!(" · with {w}"));
    format!(
        "  {} · {} · due {} · {}{with}\n",
        item.id, item.dimension, item.due, item.text
    )
}

/// `promo plan new`.
fn new(context: &Context, args: &PlanNewArgs) -> Result<u8> {
    let (rubric, report, from) = match &args.from {
        Some(path) => {
            let source = read_answers(path)?;
            let (loaded, answers, warnings) =
                source.check(&context.catalog, args.rubric.as_deref())?;
            warn_all(warnings.iter().map(|w| &w.0));
            let report = report::build(&loaded.rubric, &answers, ReportOptions::default());
            (loaded.rubric, report, path.display().to_string())
        }
        None => {
            let rubric = stored::rubric(context, args.rubric.as_deref())?.rubric;
            let newest: Option<(_, Report)> = stored::assessments(context, &rubric)?
                .into_iter()
                .rev()
                .find(|(_, r)| r.rater == Rater::Myself);
            let Some((date, report)) = newest else {
                return Err(Failure::usage(format!(
                    "no self-assessment of rubric \"{}\" is stored to plan from; take one with `promo assess --rubric {}`, or pass --from ANSWERS",
                    rubric.id, rubric.id
                ))
                .into());
            };
            (rubric, report, format!("the self-assessment of {date}"))
        }
    };
    let today = stored::today();
    let start = args.start.unwrap_or(today);
    let store = stored::plan(context)?;
    let mut kept = 0;
    let added = store.add_with(&rubric.id, today, |existing| {
        kept = existing.iter().filter(|i| i.status == Status::Open).count();
        propose(&rubric, &report, start, args.weeks, existing)
    })?;
    let mut out = format!(
        "Plan for {} ({}) from {from}, over {} weeks from {start}:\n",
        rubric.title, rubric.id, args.weeks
    );
    if added.is_empty() {
        out.push_str("  nothing new to add");
        if report.focus.is_empty() && report.opportunities.is_empty() && report.unproven.is_empty()
        {
            out.push_str(": the assessment shows no gap to work on");
        }
        out.push('\n');
    }
    for item in &added {
        out.push_str(&item_line(item));
    }
    if kept > 0 {
        let _ = writeln!(
            out,
            "Kept the {kept} open item{} already planned.",
            plural(kept)
        );
    }
    out.push_str("`promo plan` lists the open items; `promo plan done ID --note TEXT` marks one done and records it in the journal.\n");
    print_out(&out)?;
    Ok(OK)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `promo plan add`.
fn add(context: &Context, args: &PlanAddArgs) -> Result<u8> {
    let rubric = stored::rubric(context, args.rubric.as_deref())?.rubric;
    let dimension = check_dimensions(&rubric, std::slice::from_ref(&args.dim))
        .map_err(Failure::usage)?
        .remove(0);
    let text = check_text(&args.text).map_err(Failure::usage)?;
    let with = args
        .with
        .as_deref()
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(str::to_owned);
    let store = stored::plan(context)?;
    let added = store.add_with(&rubric.id, stored::today(), |_| {
        vec![NewItem {
            dimension,
            text,
            due: args.due,
            with,
        }]
    })?;
    let mut out = String::from("Added\n");
    for item in &added {
        out.push_str(&item_line(item));
    }
    print_out(&out)?;
    Ok(OK)
}

fn open_item(context: &Context, id: &str) -> Result<Item> {
    let item = stored::plan(context)?.find(id)?;
    if item.status != Status::Open {
        return Err(Failure::usage(format!(
            "the plan item {} is {} already ({}); `promo plan --all` lists every item",
            item.id,
            item.status.as_str(),
            item.closed.map_or_else(String::new, |d| d.to_string())
        ))
        .into());
    }
    Ok(item)
}

/// `promo plan done`: with a note, also a journal entry for the item's dimension.
fn done(context: &Context, args: &PlanDoneArgs) -> Result<u8> {
    let mut item = open_item(context, &args.id)?;
    let date = args.date.unwrap_or_else(stored::today);
    let note = args
        .note
        .as_deref()
        .map(check_text)
        .transpose()
        .map_err(Failure::usage)?;
    item.status = Status::Done;
    item.closed = Some(date);
    item.note.clone_from(&note);
    stored::plan(context)?.save(&item)?;
    let mut out = format!("Done {} · {} · {}\n", item.id, date, item.text);
    if let Some(note) = note {
        let entry = stored::journal(context)?.add(Entry {
            id: String::new(),
            rubric: item.rubric.clone(),
            date,
            text: note,
            dimensions: vec![item.dimension.clone()],
            link: None,
            plan_item: Some(item.id.clone()),
        })?;
        let _ = writeln!(
            out,
            "Recorded in the journal as {} · {}",
            entry.id, item.dimension
        );
    }
    print_out(&out)?;
    Ok(OK)
}

/// `promo plan drop`.
fn drop_item(context: &Context, args: &PlanDropArgs) -> Result<u8> {
    let mut item = open_item(context, &args.id)?;
    item.status = Status::Dropped;
    item.closed = Some(stored::today());
    if let Some(note) = &args.note {
        item.note = Some(check_text(note).map_err(Failure::usage)?);
    }
    stored::plan(context)?.save(&item)?;
    print_out(&format!("Dropped {} · {}\n", item.id, item.text))?;
    Ok(OK)
}

/// `promo plan`: the open items (all with --all), overdue ones marked.
fn list(context: &Context, args: &PlanArgs) -> Result<u8> {
    let rubric = match &args.rubric {
        Some(spec) => Some(context.catalog.resolve(spec)?.rubric.id),
        None => None,
    };
    let store = stored::plan(context)?;
    let loaded = store.load(rubric.as_deref())?;
    warn_all(&loaded.problems);
    let items: Vec<Item> = loaded
        .entries
        .into_iter()
        .filter(|i| args.all || i.status == Status::Open)
        .collect();
    let today = stored::today();
    let bytes = match args.format {
        PlanFormat::Table if items.is_empty() => super::named_as_started(&format!(
            "No {}plan items. `promo plan new` makes a plan from your newest self-assessment; `promo plan add TEXT --dim ID --due DATE` adds one item.\nThe plan is kept in {}, on this machine only.\n",
            if args.all { "" } else { "open " },
            store.root().display()
        ))
        .into_owned()
        .into_bytes(),
        format => export::plan(format, context.style).render(&export::plan::Planned {
            items: &items,
            today,
        }),
    };
    writer::write_stdout(&bytes)?;
    Ok(OK)
}
