//! `promo packet`: the document to take to the promotion conversation, from stored
//! assessments, the journal and the plan.

use anyhow::Result;

use super::{Context, stored, warn_all};
use crate::cli::PacketArgs;
use crate::core::packet::{self, DEFAULT_DAYS, Sources};
use crate::exit::{Failure, OK};
use crate::export;
use crate::writer;

/// Builds and writes the packet.
pub fn run(context: &Context, args: &PacketArgs) -> Result<u8> {
    let rubric = stored::rubric(context, args.rubric.as_deref())?.rubric;
    let until = args.until.unwrap_or_else(stored::today);
    let since = args.since.unwrap_or_else(|| until.minus_days(DEFAULT_DAYS));
    if since > until {
        return Err(Failure::usage(format!(
            "--since {since} is after --until {until}; the period must run forward"
        ))
        .into());
    }
    let assessments = stored::assessments(context, &rubric)?;
    let journal = stored::journal(context)?.load(Some(&rubric.id))?;
    warn_all(&journal.problems);
    let plan = stored::plan(context)?.load(Some(&rubric.id))?;
    warn_all(&plan.problems);
    let packet = packet::build(Sources {
        rubric: &rubric,
        assessments: &assessments,
        journal: &journal.entries,
        plan: &plan.entries,
        since,
        until,
        ask: args.ask.as_deref(),
    });
    let bytes = export::packet(args.format).render(&packet);
    writer::emit(args.output.as_deref(), &bytes)?;
    Ok(OK)
}
