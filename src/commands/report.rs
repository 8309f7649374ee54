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
use crate::term::Style;
use crate::writer;

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
    let to_stdout = args.output.as_deref().is_none_or(|p| p.as_os_str() == "-");
    let style = if to_stdout {
        context.style
    } else {
        Style::PLAIN
    };
    let bytes = export::report(args.format, style).render(&report);
    if args.format == ReportFormat::Table && style.color {
        // Coloured: the table escapes every text from the files itself.
        writer::emit_styled(args.output.as_deref(), &bytes)?;
    } else {
        writer::emit(args.output.as_deref(), &bytes)?;
    }
    Ok(OK)
}
