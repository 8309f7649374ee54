//! `promo rubrics list|show|validate`.

use std::fmt::Write;

use anyhow::Result;
use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;

use super::{Context, warn_all};
use crate::catalog::load_rubric_file;
use crate::cli::{ListArgs, ListFormat, ShowArgs, ValidateArgs};
use crate::core::rubric::{QuestionKind, Rubric};
use crate::exit::{INVALID, OK, USAGE, code_of};
use crate::export::escape::terminal;
use crate::show::Shown;
use crate::writer::write_stdout;

#[derive(Serialize)]
struct Listed<'a> {
    id: &'a str,
    version: u32,
    title: &'a str,
    from: &'a str,
    to: &'a str,
    dimensions: usize,
    questions: usize,
    scored_questions: usize,
    minutes: u32,
    source: &'a str,
}

/// Lists every rubric, built-in and custom.
pub fn list(context: &Context, args: &ListArgs) -> Result<u8> {
    let (all, broken) = context.catalog.all()?;
    warn_all(broken.iter().map(|e| format!("skipped {e:#}")));
    let listed: Vec<Listed<'_>> = all
        .iter()
        .map(|l| Listed {
            id: &l.rubric.id,
            version: l.rubric.version,
            title: &l.rubric.title,
            from: &l.rubric.from,
            to: &l.rubric.to,
            dimensions: l.rubric.dimensions.len(),
            questions: l.rubric.question_count(),
            scored_questions: l.rubric.scored_count(),
            minutes: l.rubric.estimated_minutes(),
            source: &l.origin,
        })
        .collect();
    let text = match args.format {
        ListFormat::Json => serde_json::to_string_pretty(&listed)? + "\n",
        ListFormat::Table => {
            let mut table = Table::new();
            table.load_style(if context.style.ascii {
                presets::ASCII_MARKDOWN
            } else {
                presets::UTF8_FULL_CONDENSED
            });
            table.force_no_tty();
            if let Some(width) = context.style.width {
                table
                    .set_content_arrangement(ContentArrangement::Dynamic)
                    .set_width(width);
            }
            table.set_header([
                "Id",
                "Transition",
                "Dimensions",
                "Questions",
                "Minutes",
                "Source",
            ]);
            for l in &listed {
                table.add_row(vec![
                    l.id.to_owned(),
                    format!("{} → {}", l.from, l.to),
                    l.dimensions.to_string(),
                    l.questions.to_string(),
                    format!("~{}", l.minutes),
                    l.source.to_owned(),
                ]);
            }
            // A view for people, escaped wherever it is written.
            terminal(&format!("{table}\n")).into_owned()
        }
    };
    write_stdout(text.as_bytes())?;
    Ok(OK)
}

/// Shows a rubric for people: dimensions, why, and what the next level looks like.
pub fn show(context: &Context, args: &ShowArgs) -> Result<u8> {
    let loaded = context.catalog.resolve(&args.rubric)?;
    let mut text = describe(&loaded.rubric, args.questions);
    if context.style.ascii {
        text = text.replacen(" → ", " -> ", 1);
    }
    if let Some(width) = context.style.width {
        text = wrap_lines(&text, usize::from(width));
    }
    write_stdout(terminal(&text).as_bytes())?;
    Ok(OK)
}

/// Wraps each line at spaces to `width`, continuing under the text of a list item
/// (`- `, `+ `, `3. `) rather than under its marker.
fn wrap_lines(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for line in text.lines() {
        let body = line.trim_start();
        let lead = line.len() - body.len();
        let digits = body.bytes().take_while(u8::is_ascii_digit).count();
        let marker = if body.starts_with("- ") || body.starts_with("+ ") {
            2
        } else if digits > 0 && body[digits..].starts_with(". ") {
            digits + 2
        } else {
            0
        };
        let indent = " ".repeat(lead + marker);
        let options = textwrap::Options::new(width)
            .subsequent_indent(&indent)
            .break_words(false)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        for part in textwrap::wrap(line, options) {
            out.push_str(part.trim_end());
            out.push('\n');
        }
    }
    out
}

/// The readable description of a rubric.
pub fn describe(rubric: &Rubric, all_options: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({} v{})", rubric.title, rubric.id, rubric.version);
    let _ = writeln!(out, "{} → {}", rubric.from, rubric.to);
    if !rubric.summary.is_empty() {
        let _ = writeln!(out, "\n{}", rubric.summary);
    }
    let _ = writeln!(
        out,
        "\n{} dimensions, {} questions. Verdict bands: {}.",
        rubric.dimensions.len(),
        rubric.question_count(),
        rubric
            .bands
            .iter()
            .map(|b| format!("{} from {}%", b.label, b.min))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for (n, dim) in rubric.dimensions.iter().enumerate() {
        let _ = writeln!(
            out,
            "\n{}. {}{}  [{}; weight {}, target {:.1} \"{}\"]",
            n + 1,
            dim.name,
            if dim.critical { " (must-have)" } else { "" },
            dim.id,
            dim.weight,
            dim.target,
            rubric.scale_label(dim.target)
        );
        if !dim.why.is_empty() {
            let _ = writeln!(out, "   Why it matters: {}", dim.why);
        }
        let _ = writeln!(out, "   At the next level:");
        for question in &dim.questions {
            match &question.kind {
                QuestionKind::Choice(options) => {
                    for option in options.iter().filter(|o| f64::from(o.level) >= dim.target) {
                        let _ = writeln!(out, "   - {}", option.text);
                    }
                }
                QuestionKind::Multi(options) => {
                    let _ = writeln!(out, "   - Several of these:");
                    for option in options {
                        let _ = writeln!(out, "       + {}", option.text);
                    }
                }
                QuestionKind::Text => {}
            }
        }
        if !dim.actions.is_empty() {
            let _ = writeln!(out, "   To get there:");
            for action in &dim.actions {
                let _ = writeln!(out, "   - {action}");
            }
        }
        if all_options {
            let _ = writeln!(out, "   Questions:");
            for question in &dim.questions {
                let _ = writeln!(
                    out,
                    "   {} ({}): {}",
                    question.id,
                    question.kind_name(),
                    question.prompt
                );
                match &question.kind {
                    QuestionKind::Choice(options) => {
                        for (i, option) in options.iter().enumerate() {
                            let _ =
                                writeln!(out, "     {}. [{}] {}", i + 1, option.level, option.text);
                        }
                    }
                    QuestionKind::Multi(options) => {
                        for (i, option) in options.iter().enumerate() {
                            let _ = writeln!(
                                out,
                                "     {}. [+{}] {}",
                                i + 1,
                                option.points,
                                option.text
                            );
                        }
                    }
                    QuestionKind::Text => {}
                }
                if let Some(na) = &question.na {
                    let _ = writeln!(out, "     na. {na}");
                }
            }
        }
    }
    out
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
        eprintln!("{failed} of {} rubric files are invalid", args.paths.len());
        return Ok(code);
    }
    Ok(OK)
}
