//! `promo compare`: several raters' answers side by side.

use anyhow::Result;

use super::{Context, warn_all};
use crate::catalog::read_answers;
use crate::cli::{CompareArgs, CompareFormat};
use crate::core::compare::{self, Rating};
use crate::exit::{Failure, OK};
use crate::export;

/// Reads, checks, compares and renders.
pub fn run(context: &Context, args: &CompareArgs) -> Result<u8> {
    if args.files.len() < 2 {
        return Err(Failure::usage("compare needs at least two answers files").into());
    }
    if args.files.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err(Failure::usage(
            "standard input (-) can be given only once; save the other answers to files",
        )
        .into());
    }
    let sources = args
        .files
        .iter()
        .map(|path| read_answers(path))
        .collect::<Result<Vec<_>>>()?;
    let named: Vec<(&str, &str)> = sources
        .iter()
        .map(|s| (s.origin.as_str(), s.file.rubric.as_str()))
        .collect();
    compare::same_rubric(&named).map_err(|mismatch| Failure::invalid(mismatch.to_string()))?;

    let mut rubric = None;
    let mut ratings = Vec::with_capacity(sources.len());
    for source in sources {
        let origin = source.origin.clone();
        let (loaded, answers, warnings) = source.check(&context.catalog, args.rubric.as_deref())?;
        warn_all(warnings.iter().map(|w| &w.0));
        rubric.get_or_insert(loaded);
        ratings.push(Rating { origin, answers });
    }
    let Some(loaded) = rubric else {
        return Err(Failure::usage("compare needs at least two answers files").into());
    };
    let (comparison, warnings) = compare::compare(&loaded.rubric, &ratings);
    warn_all(warnings);

    let style = context.style_for(args.output.as_deref());
    let bytes = export::comparison(args.format, style).render(&comparison);
    let table = args.format == CompareFormat::Table;
    super::emit(args.output.as_deref(), &bytes, table, style)?;
    Ok(OK)
}
