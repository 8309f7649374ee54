//! `promo rubrics list|show|validate`.

use anyhow::Result;

use super::{Context, warn_all};
use crate::catalog::load_rubric_file;
use crate::cli::{ListArgs, ShowArgs, ValidateArgs};
use crate::exit::{INVALID, OK, USAGE, code_of};
use crate::export::escape::terminal;
use crate::export::rubrics::{Listed, Shown as RubricShown};
use crate::export::{self, Exporter as _};
use crate::show::Shown;
use crate::writer::write_stdout;

/// Lists every rubric, built-in and custom.
pub fn list(context: &Context, args: &ListArgs) -> Result<u8> {
    let (all, broken) = context.catalog.all()?;
    warn_all(broken.iter().map(|e| format!("skipped {e:#}")));
    let listed: Vec<Listed<'_>> = all
        .iter()
        .map(|l| Listed {
            rubric: &l.rubric,
            source: &l.origin,
        })
        .collect();
    let text = export::rubric_list(args.format, context.style).render(&listed);
    write_stdout(&text)?;
    Ok(OK)
}

/// Shows a rubric for people: dimensions, why, and what the next level looks like.
pub fn show(context: &Context, args: &ShowArgs) -> Result<u8> {
    let loaded = context.catalog.resolve(&args.rubric)?;
    let text = RubricShown {
        questions: args.questions,
        style: context.style,
    }
    .render(&loaded.rubric);
    write_stdout(&text)?;
    Ok(OK)
}

/// Validates rubric files, reporting each; exit 3 when any is invalid, 2 when any is missing
/// or a directory.
pub fn validate(args: &ValidateArgs) -> Result<u8> {
    let mut failed = 0;
    let mut code = INVALID;
    for path in &args.paths {
        match load_rubric_file(path) {
            Ok(loaded) => write_stdout(
                terminal(&format!(
                    "ok: {} ({}: {} dimensions, {} questions)\n",
                    Shown(path),
                    loaded.rubric.id,
                    loaded.rubric.dimensions.len(),
                    loaded.rubric.question_count()
                ))
                .as_bytes(),
            )?,
            Err(error) => {
                failed += 1;
                if code_of(&error) == USAGE {
                    code = USAGE;
                }
                super::print_error(&format_args!("{error:#}"));
            }
        }
    }
    if failed > 0 {
        super::print_note(&format_args!(
            "{failed} of {} rubric files are invalid",
            args.paths.len()
        ));
        return Ok(code);
    }
    Ok(OK)
}
