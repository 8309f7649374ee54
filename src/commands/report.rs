//! `promo report`: score an answers file and render it.

use anyhow::Result;

use super::{Context, warn_all};
use crate::catalog::read_answers;
use crate::cli::{ReportArgs, ReportFormat};
use crate::core::answers::Rater;
use crate::core::report::{self, ReportOptions};
use crate::exit::OK;
use crate::export;
use crate::history_store::HistoryStore;

/// Scores and renders.
pub fn run(context: &Context, args: &ReportArgs) -> Result<u8> {
    let source = read_answers(&args.answers)?;
    let (loaded, answers, warnings) = source.check(&context.catalog, args.rubric.as_deref())?;
    warn_all(warnings.iter().map(|w| &w.0));
    let mut report = report::build(
        &loaded.rubric,
        &answers,
        ReportOptions {
            evidence: !args.no_evidence,
        },
    );
    if args.since_last {
        let store = HistoryStore::open(context.data_dir.as_deref())?;
        let (since_last, warnings) = store.since_last(&loaded.rubric, &answers, &args.answers)?;
        warn_all(warnings);
        report.since_last = Some(since_last);
    }
    if answers.rater == Rater::Myself {
        report.plan = super::stored::plan_progress(context, &loaded.rubric);
    }
    let style = context.style_for(args.output.as_deref());
    let bytes = export::report(args.format, style).render(&report);
    let table = args.format == ReportFormat::Table;
    super::emit(args.output.as_deref(), &bytes, table, style)?;
    Ok(OK)
}
