//! `promo rubrics lint`: quality warnings for rubric authors.

use std::path::Path;

use anyhow::Result;

use super::Context;
use crate::catalog::{BUILT_IN, Loaded, read_text};
use crate::cli::LintArgs;
use crate::core::lint::lint;
use crate::core::rubric::parse_rubric;
use crate::exit::{INVALID, OK, code_of};
use crate::export::Exporter as _;
use crate::export::lint::{LintText, Linted};
use crate::writer::{write_stdout, write_stdout_styled};

/// Lints each rubric; warnings go to standard output, invalid rubrics to standard error.
///
/// Exit code: the highest of the failures (3 for an invalid rubric, 2 for a rubric that cannot
/// be found), 3 with `--deny-warnings` when there is any warning, else 0.
pub fn run(context: &Context, args: &LintArgs) -> Result<u8> {
    let mut code = OK;
    let mut loaded = Vec::new();
    for spec in &args.rubrics {
        match load(context, spec) {
            Ok((rubric, name, source)) => {
                let lints = lint(&rubric.rubric);
                loaded.push((name, source, lints));
            }
            Err(error) => {
                code = code.max(code_of(&error));
                super::print_error(&format_args!("{error:#}"));
            }
        }
    }
    let linted: Vec<Linted<'_>> = loaded
        .iter()
        .map(|(name, source, lints)| Linted {
            name,
            source: source.as_deref(),
            lints,
        })
        .collect();
    if args.deny_warnings && linted.iter().any(|l| !l.lints.is_empty()) {
        code = code.max(INVALID);
    }
    let out = LintText {
        color: context.style.color,
        deny_warnings: args.deny_warnings,
    }
    .render(&linted);
    if context.style.color {
        // Coloured labels; the exporter escaped the text from the rubric.
        write_stdout_styled(&out)?;
    } else {
        write_stdout(&out)?;
    }
    Ok(code)
}

/// A rubric, the name to show for it, and its source text (for line numbers): a file when
/// `spec` names one, else a custom or built-in rubric id.
fn load(context: &Context, spec: &str) -> Result<(Loaded, String, Option<String>)> {
    let path = Path::new(spec);
    if path.is_file() {
        let origin = path.display().to_string();
        let source = read_text(path)?;
        let rubric = parse_rubric(&source, &origin)?;
        return Ok((
            Loaded {
                rubric,
                origin: origin.clone(),
            },
            origin,
            Some(source),
        ));
    }
    let loaded = context.catalog.resolve(spec)?;
    if loaded.is_built_in() {
        let source = BUILT_IN
            .iter()
            .find(|(id, _)| *id == loaded.rubric.id)
            .map(|(_, source)| (*source).to_owned());
        let name = format!("built-in:{}", loaded.rubric.id);
        return Ok((loaded, name, source));
    }
    let source = read_text(Path::new(&loaded.origin)).ok();
    let name = loaded.origin.clone();
    Ok((loaded, name, source))
}
