//! The Markdown report: renders on GitHub and pastes cleanly into a shared doc.

use std::fmt::Write;

use super::escape::{markdown_cell, markdown_inline};
use super::history::{since_intro, sustained_note};
use super::{
    Exporter, answer_level, backed, date, evidence_by_dimension, gate_note, number, percent,
    row_status, scale, signed,
};
use crate::core::report::{Evidence, Report};

/// GitHub-flavoured Markdown: headings, lists, one pipe table, no raw HTML.
#[derive(Debug, Clone, Copy, Default)]
pub struct Markdown;

impl Exporter<Report> for Markdown {
    fn render(&self, report: &Report) -> Vec<u8> {
        let mut out = String::new();
        header(&mut out, report);
        gap_table(&mut out, report);
        focus(&mut out, report);
        opportunities(&mut out, report);
        since_last(&mut out, report);
        if let Some(plan) = &report.plan {
            out.push('\n');
            out.push_str(&super::plan::progress_markdown(plan));
        }
        evidence(&mut out, report);
        out.into_bytes()
    }
}

fn header(out: &mut String, report: &Report) {
    let rubric = &report.rubric;
    let _ = writeln!(
        out,
        "# Readiness report: {} → {}\n",
        markdown_inline(&rubric.from),
        markdown_inline(&rubric.to)
    );
    if let Some(subject) = &report.subject {
        let _ = writeln!(out, "- **Person:** {}", markdown_inline(subject));
    }
    let _ = writeln!(out, "- **Rater:** {}", report.rater);
    let _ = writeln!(out, "- **Date:** {}", date(report));
    let _ = writeln!(
        out,
        "- **Rubric:** {} (`{}`, version {})",
        markdown_inline(&rubric.title),
        rubric.id,
        rubric.version
    );
    let _ = writeln!(
        out,
        "- **Readiness:** {} — **{}**",
        percent(report.readiness),
        markdown_inline(&report.verdict)
    );
    if let Some(note) = gate_note(report) {
        let _ = writeln!(out, "- **Must-haves:** {}", markdown_inline(&note));
    }
    let _ = writeln!(
        out,
        "- **Coverage:** {:.0}% of the questions answered",
        report.coverage * 100.0
    );
    if let Some(note) = report.note.as_deref().filter(|n| !n.trim().is_empty()) {
        let _ = writeln!(out, "- **Note:** {}", markdown_inline(note));
    }
    if let Some(caution) = report.self_view_caution() {
        let _ = writeln!(out, "\n> {}", markdown_inline(&caution));
    }
}

fn gap_table(out: &mut String, report: &Report) {
    let _ = writeln!(out, "\n## Gaps by priority\n");
    let _ = writeln!(
        out,
        "| Dimension | Level | Target | Gap | Priority | Status | Backed by an example |"
    );
    let _ = writeln!(out, "| :-- | --: | --: | --: | --: | :-- | --: |");
    for row in report.rows_by_priority() {
        let name = markdown_cell(&row.name);
        let name = if row.critical {
            format!("**{name}** (must-have)")
        } else {
            name.into_owned()
        };
        let status = match row_status(report, row) {
            words if row.gating || report.unproven.contains(&row.id) => format!("**{words}**"),
            words => words.to_owned(),
        };
        let _ = writeln!(
            out,
            "| {name} | {} | {:.1} | {} | {} | {status} | {} |",
            number(row.level),
            row.target,
            number(row.gap),
            number(row.priority),
            backed(row),
        );
    }
    let scale = scale(report, |label| markdown_inline(label).into_owned());
    let _ = writeln!(
        out,
        "\nLevels run from 0 to 4: {}. Priority is the gap times the dimension's weight.",
        scale.join(", ")
    );
}

fn focus(out: &mut String, report: &Report) {
    if report.focus.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n## Focus next");
    for (n, focus) in report.focus.iter().enumerate() {
        let _ = writeln!(out, "\n### {}. {}\n", n + 1, markdown_inline(&focus.name));
        let _ = writeln!(
            out,
            "Level {:.1} against a target of {:.1}: a gap of {:.1}{}.",
            focus.level,
            focus.target,
            focus.gap,
            if focus.critical {
                " on a must-have"
            } else {
                ""
            }
        );
        paragraphs(out, &focus.why, "");
        if !focus.actions.is_empty() {
            let _ = writeln!(out);
            for action in &focus.actions {
                let _ = writeln!(out, "- {}", markdown_inline(action));
            }
        }
    }
}

fn opportunities(out: &mut String, report: &Report) {
    if report.opportunities.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n## No chance yet\n");
    let _ = writeln!(
        out,
        "These are not skill gaps: there has been no chance to show them yet.\n"
    );
    for opportunity in &report.opportunities {
        let why = markdown_inline(&opportunity.why);
        let _ = writeln!(
            out,
            "- **{}**{}: {why}{}{}",
            markdown_inline(&opportunity.name),
            if opportunity.critical {
                " (must-have)"
            } else {
                ""
            },
            if why.is_empty() { "" } else { " " },
            markdown_inline(&opportunity.suggestion)
        );
    }
}

fn evidence(out: &mut String, report: &Report) {
    if report.evidence.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n## Evidence");
    for (heading, item) in evidence_by_dimension(report) {
        if let Some(name) = heading {
            let _ = writeln!(out, "\n### {}", markdown_inline(name));
        }
        example(out, item);
    }
}

fn example(out: &mut String, item: &Evidence) {
    let _ = writeln!(out, "\n**{}**", markdown_inline(&item.prompt));
    if !item.answer.is_empty() {
        let _ = writeln!(
            out,
            "\nAnswer: {}{}",
            markdown_inline(&item.answer),
            answer_level(item)
        );
    }
    paragraphs(out, &item.text, "> ");
}

/// `text` with its line breaks kept: lines end in a hard break (a trailing backslash), blank
/// lines separate paragraphs, and every line starts with `prefix` (`"> "` for a quote).
fn paragraphs(out: &mut String, text: &str, prefix: &str) {
    let mut blocks: Vec<Vec<String>> = vec![Vec::new()];
    for line in text.lines() {
        let line = markdown_inline(line);
        if line.is_empty() {
            if blocks.last().is_some_and(|b| !b.is_empty()) {
                blocks.push(Vec::new());
            }
        } else if let Some(block) = blocks.last_mut() {
            block.push(format!("{prefix}{line}"));
        }
    }
    let blocks: Vec<String> = blocks
        .into_iter()
        .filter(|b| !b.is_empty())
        .map(|b| b.join("\\\n"))
        .collect();
    if blocks.is_empty() {
        return;
    }
    let _ = writeln!(out);
    let separator = format!("\n{}\n", prefix.trim_end());
    let _ = writeln!(out, "{}", blocks.join(&separator));
}

fn since_last(out: &mut String, report: &Report) {
    let Some(since) = &report.since_last else {
        return;
    };
    let (heading, summary) = since_intro(report, since);
    let _ = writeln!(out, "\n## {}\n", markdown_inline(&heading));
    let _ = writeln!(out, "{}\n", markdown_inline(&summary));
    let _ = writeln!(
        out,
        "| Dimension | Target | Before | Now | Change | Sustained |"
    );
    let _ = writeln!(out, "| :-- | --: | --: | --: | --: | :-- |");
    for dim in &since.dimensions {
        let _ = writeln!(
            out,
            "| {} | {:.1} | {} | {} | {} | {} |",
            markdown_cell(&dim.name),
            dim.target,
            number(dim.before),
            number(dim.after),
            dim.change.map_or_else(|| "-".to_owned(), signed),
            if dim.sustained { "**yes**" } else { "no" }
        );
    }
    let _ = writeln!(out, "\n{}", markdown_inline(&sustained_note(since)));
}
