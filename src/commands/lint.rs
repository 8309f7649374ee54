//! `promo rubrics lint`: quality warnings for rubric authors.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Result;

use super::Context;
use crate::catalog::{BUILT_IN, Loaded, read_text};
use crate::cli::LintArgs;
use crate::core::lint::{Lint, line_of, lint};
use crate::core::rubric::parse_rubric;
use crate::exit::{INVALID, OK, code_of};
use crate::export::escape::terminal;
use crate::writer::{write_stdout, write_stdout_styled};

/// Lints each rubric; warnings go to standard output, invalid rubrics to standard error.
///
/// Exit code: the highest of the failures (3 for an invalid rubric, 2 for a rubric that cannot
/// be found), 3 with `--deny-warnings` when there is any warning, else 0.
pub fn run(context: &Context, args: &LintArgs) -> Result<u8> {
    let mut code = OK;
    let mut warned = 0usize;
    let mut out = String::new();
    for spec in &args.rubrics {
        match load(context, spec) {
            Ok((loaded, name, source)) => {
                let lints = lint(&loaded.rubric);
                warned += lints.len();
                render(&mut out, &name, source.as_deref(), &lints, context);
            }
            Err(error) => {
                code = code.max(code_of(&error));
                super::print_error(&format_args!("{error:#}"));
            }
        }
    }
    if warned > 0 {
        let _ = writeln!(
            out,
            "{warned} warning{}{}",
            if warned == 1 { "" } else { "s" },
            if args.deny_warnings {
                " (denied by --deny-warnings)"
            } else {
                ""
            }
        );
        if args.deny_warnings {
            code = code.max(INVALID);
        }
    }
    if context.style.color {
        // Coloured labels; `render` escaped the text from the rubric.
        write_stdout_styled(out.as_bytes())?;
    } else {
        write_stdout(out.as_bytes())?;
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

fn render(out: &mut String, origin: &str, source: Option<&str>, lints: &[Lint], context: &Context) {
    let origin = terminal(origin);
    if lints.is_empty() {
        let _ = writeln!(out, "ok: {origin}: no warnings");
        return;
    }
    let label = if context.style.color {
        console::style("warning:")
            .yellow()
            .bold()
            .force_styling(true)
            .to_string()
    } else {
        "warning:".to_owned()
    };
    for lint in lints {
        let line = source.and_then(|s| line_of(s, &lint.subject));
        match line {
            Some(line) => {
                let _ = writeln!(
                    out,
                    "{origin}:{line}: {label} {}",
                    terminal(&lint.to_string())
                );
            }
            None => {
                let _ = writeln!(out, "{origin}: {label} {}", terminal(&lint.to_string()));
            }
        }
    }
}
