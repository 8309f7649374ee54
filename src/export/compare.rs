//! Renderers for a comparison of raters: a terminal table, Markdown and JSON. Pure: model in,
//! bytes out.

use std::fmt::Write;

use comfy_table::{Cell, CellAlignment, Color};

use super::escape::{markdown_cell, markdown_inline, terminal};
use super::{Exporter, bold, new_table, number, percent, pretty_json, signed};
use crate::core::compare::{Comparison, DimensionRating, Disagreement, FLAG_GAP, Flag, Flagged};
use crate::term::Style;

/// The side-by-side table for a terminal of a given style.
#[derive(Debug, Clone, Copy)]
pub struct CompareTable {
    /// Colour, width and character set.
    pub style: Style,
}

/// A Markdown document, for sharing before a one-to-one.
#[derive(Debug, Clone, Copy, Default)]
pub struct CompareMarkdown;

/// Pretty-printed JSON with full-precision numbers.
#[derive(Debug, Clone, Copy, Default)]
pub struct CompareJson;

fn cell_text(rating: &DimensionRating) -> String {
    let mut text = number(rating.level);
    if let Some(difference) = rating.difference {
        let _ = write!(text, " ({})", signed(difference));
    }
    if let Some(flag) = rating.flag {
        let _ = write!(text, " {}", flag.words());
    }
    text
}

fn reference_line(comparison: &Comparison, file: impl Fn(&str) -> String) -> String {
    let reference = comparison.raters.iter().find(|r| r.reference);
    let file = reference.map_or_else(String::new, |r| format!(" ({})", file(&r.file)));
    if comparison.reference_is_self {
        format!("Measured against: {}{file}", comparison.reference)
    } else {
        format!(
            "Measured against: {}{file}. No file is a self-assessment, so the first file is the reference.",
            comparison.reference
        )
    }
}

fn flagged_line(comparison: &Comparison, flagged: &Flagged) -> String {
    format!(
        "{} {:.1}, {} {:.1} ({})",
        comparison.reference,
        flagged.reference_level,
        flagged.rater,
        flagged.level,
        signed(flagged.difference)
    )
}

fn blind_spot_heading(comparison: &Comparison) -> String {
    format!(
        "Blind spots: {} rates at least {FLAG_GAP:.1} level above another rater",
        comparison.reference
    )
}

fn hidden_strength_heading(comparison: &Comparison) -> String {
    format!(
        "Hidden strengths: another rater rates at least {FLAG_GAP:.1} level above {}",
        comparison.reference
    )
}

fn level_words(level: Option<f64>) -> String {
    level.map_or_else(String::new, |l| format!(" (level {})", number(Some(l))))
}

impl Exporter<Comparison> for CompareTable {
    fn render(&self, comparison: &Comparison) -> Vec<u8> {
        let mut out = String::new();
        let paint = |text: &str| bold(self.style, text);
        let _ = writeln!(
            out,
            "{}",
            paint(&format!(
                "Compared views: {}",
                terminal(&comparison.rubric.title)
            ))
        );
        if let Some(subject) = &comparison.subject {
            let _ = writeln!(out, "About {}", terminal(subject));
        }
        let _ = writeln!(
            out,
            "{}",
            reference_line(comparison, |f| terminal(f).into_owned())
        );
        let _ = writeln!(out);

        let mut table = new_table(self.style);
        let mut header = vec!["Dimension".to_owned(), "Target".to_owned()];
        header.extend(comparison.raters.iter().map(|r| r.label.clone()));
        table.set_header(header);
        for dim in &comparison.dimensions {
            let mut row = vec![
                Cell::new(format!(
                    "{}{}",
                    terminal(&dim.name),
                    if dim.critical { " *" } else { "" }
                )),
                Cell::new(format!("{:.1}", dim.target)).set_alignment(CellAlignment::Right),
            ];
            for rating in &dim.ratings {
                let cell = Cell::new(cell_text(rating));
                row.push(match rating.flag {
                    Some(Flag::BlindSpot) => cell.fg(Color::Red),
                    Some(Flag::HiddenStrength) => cell.fg(Color::Green),
                    None => cell,
                });
            }
            table.add_row(row);
        }
        let mut readiness = vec![Cell::new("Readiness"), Cell::new("")];
        readiness.extend(
            comparison
                .raters
                .iter()
                .map(|r| Cell::new(format!("{} {}", percent(r.readiness), terminal(&r.verdict)))),
        );
        table.add_row(readiness);
        let _ = writeln!(out, "{table}");
        let _ = writeln!(out, "{}", levels_note(comparison));

        for (heading, list) in flagged_lists(comparison) {
            let _ = writeln!(out);
            let _ = writeln!(out, "{}", paint(&heading));
            if list.is_empty() {
                let _ = writeln!(out, "  none");
            }
            for flagged in list {
                let _ = writeln!(
                    out,
                    "- {}: {}",
                    terminal(&flagged.dimension_name),
                    flagged_line(comparison, flagged)
                );
            }
        }

        let _ = writeln!(out);
        let _ = writeln!(out, "{}", paint("Widest disagreements"));
        if comparison.disagreements.is_empty() {
            let _ = writeln!(out, "  none: every question was answered alike");
        }
        for (n, disagreement) in comparison.disagreements.iter().enumerate() {
            write_disagreement(&mut out, n + 1, disagreement, |t| terminal(t).into_owned());
        }
        if !comparison.disagreements.is_empty() {
            let _ = writeln!(out);
            let _ = writeln!(
                out,
                "Start the conversation from these: ask what each of you saw that led to the answer."
            );
        }
        out.into_bytes()
    }
}

fn write_disagreement(
    out: &mut String,
    n: usize,
    disagreement: &Disagreement,
    text: impl Fn(&str) -> String,
) {
    let _ = writeln!(
        out,
        "{n}. {} ({}, {} levels apart)",
        text(&disagreement.prompt),
        text(&disagreement.dimension_name),
        number(Some(disagreement.spread))
    );
    for answer in &disagreement.answers {
        let words = answer
            .answer
            .as_deref()
            .map_or_else(|| "not answered".to_owned(), &text);
        let _ = writeln!(
            out,
            "   {}: {words}{}",
            answer.rater,
            level_words(answer.level)
        );
    }
}

impl Exporter<Comparison> for CompareMarkdown {
    fn render(&self, comparison: &Comparison) -> Vec<u8> {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# Compared views: {}\n",
            markdown_inline(&comparison.rubric.title)
        );
        if let Some(subject) = &comparison.subject {
            let _ = writeln!(out, "About {}\n", markdown_inline(subject));
        }
        let _ = writeln!(
            out,
            "{}\n",
            reference_line(comparison, |f| markdown_inline(f).into_owned())
        );
        let _ = write!(out, "| Dimension | Target |");
        for rater in &comparison.raters {
            let _ = write!(out, " {} |", markdown_cell(&rater.label));
        }
        let _ = write!(out, "\n|---|---:|");
        for _ in &comparison.raters {
            let _ = write!(out, "---|");
        }
        let _ = writeln!(out);
        for dim in &comparison.dimensions {
            let _ = write!(
                out,
                "| {}{} | {:.1} |",
                markdown_cell(&dim.name),
                if dim.critical { " \\*" } else { "" },
                dim.target
            );
            for rating in &dim.ratings {
                let text = cell_text(rating);
                if rating.flag.is_some() {
                    let _ = write!(out, " **{text}** |");
                } else {
                    let _ = write!(out, " {text} |");
                }
            }
            let _ = writeln!(out);
        }
        let _ = write!(out, "| Readiness | |");
        for rater in &comparison.raters {
            let _ = write!(
                out,
                " {} {} |",
                percent(rater.readiness),
                markdown_cell(&rater.verdict)
            );
        }
        let _ = writeln!(out, "\n");
        let _ = writeln!(out, "{}", levels_note(comparison));

        for (heading, list) in flagged_lists(comparison) {
            let (title, rest) = heading.split_once(": ").unwrap_or((&heading, ""));
            let _ = writeln!(out, "\n## {title}\n\n{}.\n", capitalise(rest));
            if list.is_empty() {
                let _ = writeln!(out, "None.");
            }
            for flagged in list {
                let _ = writeln!(
                    out,
                    "- **{}**: {}",
                    markdown_inline(&flagged.dimension_name),
                    flagged_line(comparison, flagged)
                );
            }
        }

        let _ = writeln!(out, "\n## Widest disagreements\n");
        if comparison.disagreements.is_empty() {
            let _ = writeln!(out, "None: every question was answered alike.");
        }
        for (n, disagreement) in comparison.disagreements.iter().enumerate() {
            let _ = writeln!(
                out,
                "{}. **{}** ({}, {} levels apart)",
                n + 1,
                markdown_inline(&disagreement.prompt),
                markdown_inline(&disagreement.dimension_name),
                number(Some(disagreement.spread))
            );
            for answer in &disagreement.answers {
                let words = answer.answer.as_deref().map_or_else(
                    || "not answered".to_owned(),
                    |a| markdown_inline(a).into_owned(),
                );
                let _ = writeln!(
                    out,
                    "   - {}: {words}{}",
                    markdown_inline(&answer.rater),
                    level_words(answer.level)
                );
            }
        }
        out.into_bytes()
    }
}

/// What the levels are, under the table.
fn levels_note(comparison: &Comparison) -> String {
    format!(
        "Levels are each rater's own, never averaged; in brackets the difference to {}.",
        comparison.reference
    )
}

/// The blind spots and the hidden strengths, each under its heading.
fn flagged_lists(comparison: &Comparison) -> [(String, &[Flagged]); 2] {
    [
        (blind_spot_heading(comparison), &comparison.blind_spots),
        (
            hidden_strength_heading(comparison),
            &comparison.hidden_strengths,
        ),
    ]
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

impl Exporter<Comparison> for CompareJson {
    fn render(&self, comparison: &Comparison) -> Vec<u8> {
        pretty_json(comparison)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::compare::compare;
    use crate::testing::{self, FEEDBACK};

    fn comparison() -> Comparison {
        let rubric = testing::parse(FEEDBACK);
        let rating = |origin: &str, body: &str| testing::rating(&rubric, origin, body);
        let me = rating(
            "me.toml",
            "subject = \"Sam Lee\"\n[answers]\na1 = 3\nb1 = 1",
        );
        let boss = rating(
            "boss.toml",
            "rater = \"manager\"\n[answers]\na1 = 1\nb1 = 2",
        );
        compare(&rubric, &[me, boss]).0
    }

    fn text(bytes: Vec<u8>) -> String {
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn table() {
        let out = text(
            CompareTable {
                style: Style::PLAIN,
            }
            .render(&comparison()),
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn markdown_escapes_rubric_text() {
        let out = text(CompareMarkdown.render(&comparison()));
        assert!(out.contains("Feedback \\| \\*candour\\*"), "{out}");
        insta::assert_snapshot!(out);
    }

    #[test]
    fn json_carries_every_rating() {
        let json: serde_json::Value =
            serde_json::from_slice(&CompareJson.render(&comparison())).unwrap();
        assert_eq!(json["reference"], "self");
        assert_eq!(json["dimensions"][0]["ratings"][1]["flag"], "blind_spot");
        assert_eq!(json["dimensions"][0]["ratings"][1]["difference"], -3.0);
        assert_eq!(
            json["dimensions"][1]["ratings"][1]["flag"],
            "hidden_strength"
        );
        assert_eq!(json["disagreements"][0]["question"], "a1");
        assert_eq!(
            json["disagreements"][0]["answers"][0]["answer"],
            "I hand it over and review the plan"
        );
    }
}
