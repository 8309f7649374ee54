//! What `log`, `plan`, `packet` and `report` share about stored data: the rubric they default
//! to, stored assessments scored as reports, and the stores themselves. Not a command.

use anyhow::Result;

use super::{Context, warn_all};
use crate::catalog::{Loaded, read_answers};
use crate::core::answers::{Rater, check_answers};
use crate::core::date::Date;
use crate::core::plan::{self as plan_model, Progress};
use crate::core::report::{self, Report, ReportOptions};
use crate::core::rubric::Rubric;
use crate::datadir::DataDir;
use crate::exit::Failure;
use crate::history_store::HistoryStore;
use crate::journal_store::JournalStore;
use crate::plan_store::PlanStore;

/// The data directory of this run.
pub fn data(context: &Context) -> Result<DataDir> {
    DataDir::resolve(context.data_dir.as_deref())
}

/// The journal of this run's data directory.
pub fn journal(context: &Context) -> Result<JournalStore> {
    Ok(JournalStore::new(data(context)?))
}

/// The plan of this run's data directory.
pub fn plan(context: &Context) -> Result<PlanStore> {
    Ok(PlanStore::new(data(context)?))
}

/// The rubric `spec` names; without one, the rubric of the newest stored self-assessment.
pub fn rubric(context: &Context, spec: Option<&str>) -> Result<Loaded> {
    if let Some(spec) = spec {
        return context.catalog.resolve(spec);
    }
    let history = HistoryStore::new(data(context)?);
    let mut newest: Option<(Date, String)> = None;
    for id in history.rubrics()? {
        for entry in history.entries(&id)? {
            if entry.rater == Rater::Myself && newest.as_ref().is_none_or(|(d, _)| entry.date > *d)
            {
                newest = Some((entry.date, id.clone()));
            }
        }
    }
    match newest {
        Some((_, id)) => context.catalog.resolve(&id),
        None => Err(Failure::usage(
            "no self-assessment is stored to take the rubric from; pass --rubric RUBRIC (`promo rubrics list` shows the ids), or take one with `promo assess`",
        )
        .into()),
    }
}

/// Every stored assessment of `rubric`, scored with its examples, with its date, oldest first.
/// Files that no longer check against the rubric are skipped with a warning.
pub fn assessments(context: &Context, rubric: &Rubric) -> Result<Vec<(Date, Report)>> {
    let history = HistoryStore::new(data(context)?);
    let mut out = Vec::new();
    for entry in history.entries(&rubric.id)? {
        let scored = read_answers(&entry.path).and_then(|source| {
            let (answers, _) = check_answers(source.file, rubric, &source.origin, &source.text)?;
            let date = answers.date.unwrap_or(entry.date);
            Ok((
                date,
                report::build(rubric, &answers, ReportOptions::default()),
            ))
        });
        match scored {
            Ok(pair) => out.push(pair),
            Err(error) => warn_all([format!(
                "skipping the stored assessment {}: {error:#}",
                entry.id
            )]),
        }
    }
    out.sort_by_key(|(date, _)| *date);
    Ok(out)
}

/// Today in the local time zone.
pub fn today() -> Date {
    crate::history_store::today()
}

/// The progress of `rubric`'s development plan today, when one is stored. Unreadable item
/// files are warned about; a data directory that cannot be found means no plan.
pub fn plan_progress(context: &Context, rubric: &Rubric) -> Option<Progress> {
    let loaded = plan(context).ok()?.load(Some(&rubric.id)).ok()?;
    warn_all(&loaded.problems);
    plan_model::progress(rubric, &loaded.entries, today())
}
