//! Rubrics for people: the list of rubrics, and one rubric shown in full. Pure: model in,
//! bytes out; every text from a rubric passes the terminal escaper.

use std::fmt::Write;

use serde::Serialize;

use super::escape::terminal;
use super::{Exporter, new_table, pretty_json};
use crate::core::rubric::{QuestionKind, Rubric};
use crate::term::Style;

/// A rubric as listed: the rubric and where it comes from.
#[derive(Debug, Clone, Copy)]
pub struct Listed<'a> {
    /// The rubric.
    pub rubric: &'a Rubric,
    /// Where it comes from (`built-in` or its file).
    pub source: &'a str,
}

/// The list as a table for people.
#[derive(Debug, Clone, Copy)]
pub struct ListTable {
    /// Width and character set.
    pub style: Style,
}

/// The list as JSON for scripts.
#[derive(Debug, Clone, Copy, Default)]
pub struct ListJson;

/// One rubric for people: dimensions, why, and what the next level looks like.
#[derive(Debug, Clone, Copy)]
pub struct Shown {
    /// Also every question with all its options.
    pub questions: bool,
    /// Width (lines wrap to it) and character set.
    pub style: Style,
}

#[derive(Serialize)]
struct ListedJson<'a> {
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

impl<'a> Exporter<[Listed<'a>]> for ListJson {
    fn render(&self, listed: &[Listed<'a>]) -> Vec<u8> {
        let rows: Vec<ListedJson<'_>> = listed
            .iter()
            .map(|l| ListedJson {
                id: &l.rubric.id,
                version: l.rubric.version,
                title: &l.rubric.title,
                from: &l.rubric.from,
                to: &l.rubric.to,
                dimensions: l.rubric.dimensions.len(),
                questions: l.rubric.question_count(),
                scored_questions: l.rubric.scored_count(),
                minutes: l.rubric.estimated_minutes(),
                source: l.source,
            })
            .collect();
        pretty_json(&rows)
    }
}

impl<'a> Exporter<[Listed<'a>]> for ListTable {
    fn render(&self, listed: &[Listed<'a>]) -> Vec<u8> {
        let mut table = new_table(self.style);
        table.set_header([
            "Id",
            "Transition",
            "Dimensions",
            "Questions",
            "Minutes",
            "Source",
        ]);
        for l in listed {
            table.add_row(vec![
                l.rubric.id.clone(),
                format!("{} → {}", l.rubric.from, l.rubric.to),
                l.rubric.dimensions.len().to_string(),
                l.rubric.question_count().to_string(),
                format!("~{}", l.rubric.estimated_minutes()),
                l.source.to_owned(),
            ]);
        }
        // A view for people, escaped wherever it is written.
        terminal(&format!("{table}\n")).into_owned().into_bytes()
    }
}

impl Exporter<Rubric> for Shown {
    fn render(&self, rubric: &Rubric) -> Vec<u8> {
        let mut text = self.text(rubric);
        if self.style.ascii {
            text = text.replacen(" → ", " -> ", 1);
        }
        if let Some(width) = self.style.width {
            text = wrap_lines(&text, usize::from(width));
        }
        terminal(&text).into_owned().into_bytes()
    }
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

impl Shown {
    /// The description before escaping.
    fn text(&self, rubric: &Rubric) -> String {
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
            if self.questions {
                let _ = writeln!(out, "   Questions:");
                for question in &dim.questions {
                    let _ = writeln!(
                        out,
                        "   {} ({}): {}",
                        question.id,
                        question.kind_name(),
                        question.prompt
                    );
                    let options: Vec<(String, &str)> = match &question.kind {
                        QuestionKind::Choice(options) => options
                            .iter()
                            .map(|o| (o.level.to_string(), o.text.as_str()))
                            .collect(),
                        QuestionKind::Multi(options) => options
                            .iter()
                            .map(|o| (format!("+{}", o.points), o.text.as_str()))
                            .collect(),
                        QuestionKind::Text => Vec::new(),
                    };
                    for (i, (worth, text)) in options.iter().enumerate() {
                        let _ = writeln!(out, "     {}. [{worth}] {text}", i + 1);
                    }
                    if let Some(na) = &question.na {
                        let _ = writeln!(out, "     na. {na}");
                    }
                }
            }
        }
        out
    }
}
