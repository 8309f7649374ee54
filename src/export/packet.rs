//! The promotion packet as Markdown and JSON (HTML is in `packet_html`). Pure: packet in, bytes out.

use std::fmt::Write as _;

use super::escape::{markdown_cell, markdown_inline};
use super::history::sparkline;
use super::{Exporter, number, percent, pretty_json};
use crate::core::answers::Rater;
use crate::core::journal::Source;
use crate::core::packet::{Packet, PacketDimension, PacketEvidence};
use crate::core::report::Opportunity;
use crate::core::rubric::MAX_LEVEL;

/// The packet as Markdown: headings, short lists and one table, every text escaped.
#[derive(Debug, Clone, Copy, Default)]
pub struct PacketMarkdown;

/// The packet as JSON: the contract documented in the README.
#[derive(Debug, Clone, Copy, Default)]
pub struct PacketJson;

impl Exporter<Packet> for PacketMarkdown {
    fn render(&self, packet: &Packet) -> Vec<u8> {
        markdown(packet)
    }
}

impl Exporter<Packet> for PacketJson {
    fn render(&self, packet: &Packet) -> Vec<u8> {
        pretty_json(packet)
    }
}

/// Said when no assessment was stored in the period.
pub(super) const NO_ASSESSMENT: &str = "No assessment was stored in this period.";
/// Said when no dimension was sustained at target.
pub(super) const NONE_SUSTAINED: &str = "No dimension has been sustained at target yet (held at target in self-assessments over 60 days or more).";
/// Leads the names of the dimensions sustained at target.
pub(super) const SUSTAINED: &str =
    "Sustained at target (held in self-assessments over 60 days or more)";
/// Said of a dimension without evidence in the period.
pub(super) const NO_EVIDENCE: &str = "No evidence recorded in this period.";
/// Follows the name of a must-have not shown yet.
pub(super) const NOT_SHOWN: &str =
    "(must-have) is not yet shown: I would ask for a stretch assignment that shows it.";

/// The names of the dimensions sustained at target.
pub(super) fn sustained_names(packet: &Packet) -> impl Iterator<Item = &str> {
    packet.sustained.iter().filter_map(|id| packet.name_of(id))
}

/// The dimensions with something still open: below target, or with open plan items.
pub(super) fn open_dimensions(packet: &Packet) -> impl Iterator<Item = &PacketDimension> {
    packet
        .dimensions
        .iter()
        .filter(|dim| dim.below_target() || !dim.plan_open.is_empty())
}

/// The dimensions there was no chance to show yet, but for the must-haves not shown yet
/// (named on their own).
pub(super) fn other_opportunities(packet: &Packet) -> impl Iterator<Item = &Opportunity> {
    packet
        .opportunities
        .iter()
        .filter(|opportunity| !packet.unproven.contains(&opportunity.name))
}

/// What a rater is called in prose.
pub(super) fn rater_words(rater: Rater) -> &'static str {
    match rater {
        Rater::Myself => "self",
        Rater::Manager => "manager",
        Rater::Peer => "peer",
        Rater::Report => "report",
        Rater::Other => "other rater",
    }
}

/// The heading: "Promotion packet: NAME" or "Promotion packet".
pub(super) fn title(packet: &Packet) -> String {
    match &packet.subject {
        Some(name) => format!("Promotion packet: {name}"),
        None => "Promotion packet".to_owned(),
    }
}

/// Where a piece of evidence came from, in words.
pub(super) fn origin_words(evidence: &PacketEvidence) -> Option<String> {
    match evidence.source {
        Source::Journal => None,
        Source::Assessment => Some(match evidence.rater.as_deref() {
            Some("self") | None => "example from the self-assessment".to_owned(),
            Some(rater) => format!("example from the {rater}'s assessment"),
        }),
    }
}

/// One rater's readiness over the period as a sparkline and its first and last values.
pub(super) fn rater_line(packet: &Packet, rater: Rater) -> Option<String> {
    let points: Vec<Option<f64>> = packet
        .readiness_trend
        .iter()
        .filter(|p| p.rater == rater)
        .map(|p| p.readiness)
        .collect();
    let first = points.iter().find_map(|p| *p);
    let last = points.iter().rev().find_map(|p| *p);
    if points.is_empty() {
        return None;
    }
    let levels: Vec<Option<f64>> = points
        .iter()
        .map(|p| p.map(|r| r / 100.0 * MAX_LEVEL))
        .collect();
    let span = if points.len() > 1 {
        format!("{} → {}", percent(first), percent(last))
    } else {
        percent(last)
    };
    Some(format!(
        "{}: {} ({span})",
        rater_words(rater),
        sparkline(&levels, false)
    ))
}

/// "self 2.5 of target 3.0 · manager 2.0" for a dimension; levels side by side, never averaged.
pub(super) fn levels_line(dim: &PacketDimension) -> String {
    let mut line = format!("target {}", number(Some(dim.target)));
    let level =
        |level: Option<f64>| level.map_or_else(|| "not assessed".to_owned(), |l| number(Some(l)));
    let _ = write!(line, " · self {}", level(dim.self_level));
    for other in &dim.other_levels {
        let _ = write!(
            line,
            " · {} {}",
            rater_words(other.rater),
            level(other.level)
        );
    }
    line
}

fn markdown(packet: &Packet) -> Vec<u8> {
    let mut out = String::with_capacity(8 * 1024);
    let _ = writeln!(out, "# {}\n", markdown_inline(&title(packet)));
    let _ = writeln!(
        out,
        "**{} → {}** · {} (`{}` v{}) · {} to {}\n",
        markdown_inline(&packet.from),
        markdown_inline(&packet.to),
        markdown_inline(&packet.rubric.title),
        packet.rubric.id,
        packet.rubric.version,
        packet.period.since,
        packet.period.until
    );

    out.push_str("## Readiness over the period\n\n");
    if packet.readiness_trend.is_empty() {
        let _ = writeln!(out, "{NO_ASSESSMENT}\n");
    } else {
        out.push_str("| Date | Rater | Readiness | Verdict |\n|---|---|---:|---|\n");
        for point in &packet.readiness_trend {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                point.date,
                rater_words(point.rater),
                percent(point.readiness),
                markdown_cell(&point.verdict)
            );
        }
        out.push('\n');
        for rater in packet.raters() {
            if let Some(line) = rater_line(packet, rater) {
                let _ = writeln!(out, "- {line}");
            }
        }
        out.push_str("\nEach rater is shown on their own; ratings are never averaged.\n\n");
    }
    if packet.sustained.is_empty() {
        let _ = writeln!(out, "{NONE_SUSTAINED}\n");
    } else {
        let names: Vec<String> = sustained_names(packet)
            .map(|n| markdown_inline(n).into_owned())
            .collect();
        let _ = writeln!(out, "{SUSTAINED}: {}.\n", names.join(", "));
    }

    out.push_str("## By dimension\n");
    for dim in &packet.dimensions {
        let must = if dim.critical { " (must-have)" } else { "" };
        let _ = writeln!(out, "\n### {}{must}\n", markdown_inline(&dim.name));
        let _ = writeln!(out, "Level: {}.\n", levels_line(dim));
        if dim.evidence.is_empty() {
            let _ = writeln!(out, "{NO_EVIDENCE}");
        }
        for evidence in &dim.evidence {
            let mut line = format!("- {}: {}", evidence.date, markdown_inline(&evidence.text));
            if let Some(origin) = origin_words(evidence) {
                let _ = write!(line, " ({origin})");
            }
            if let Some(link) = &evidence.link {
                let _ = write!(line, " · link: {}", markdown_inline(link));
            }
            let _ = writeln!(out, "{line}");
        }
        if !dim.plan_done.is_empty() {
            out.push_str("\nPlan items completed:\n\n");
            for done in &dim.plan_done {
                let _ = writeln!(out, "- {}: {}", done.date, markdown_inline(&done.text));
            }
        }
    }

    if packet.anything_open() {
        out.push_str("\n## What is still open\n\n");
        for dim in open_dimensions(packet) {
            let gap = if dim.below_target() {
                format!(
                    ": self {} of target {}",
                    number(dim.self_level),
                    number(Some(dim.target))
                )
            } else {
                String::new()
            };
            let _ = writeln!(out, "- {}{gap}", markdown_inline(&dim.name));
            for open in &dim.plan_open {
                let late = if open.overdue { ", overdue" } else { "" };
                let _ = writeln!(
                    out,
                    "  - {} (due {}{late})",
                    markdown_inline(&open.text),
                    open.due
                );
            }
        }
        for name in &packet.unproven {
            let _ = writeln!(out, "- {} {NOT_SHOWN}", markdown_inline(name));
        }
        for opportunity in other_opportunities(packet) {
            let _ = writeln!(
                out,
                "- {}: no chance to show it yet. {}",
                markdown_inline(&opportunity.name),
                markdown_inline(&opportunity.suggestion)
            );
        }
    }
    if let Some(ask) = &packet.ask {
        out.push_str("\n## What I am asking for\n\n");
        for line in ask.lines().filter(|l| !l.trim().is_empty()) {
            let _ = writeln!(out, "{}\n", markdown_inline(line));
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out.into_bytes()
}
