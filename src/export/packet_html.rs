//! The promotion packet as one self-contained HTML page: an inline SVG line chart of readiness
//! per rater (never averaged), the dimensions with their dated evidence, what is still open.
//!
//! Like the HTML report, the page loads nothing and runs nothing: no scripts, no remote
//! fonts or images, and a Content-Security-Policy that forbids both. Every piece of text goes
//! through [`escape::html`](super::escape::html); only `http(s)` links become anchors.

use std::fmt::Write as _;

use super::escape::{html as escape_html, terminal};
use super::html::CONTENT_SECURITY_POLICY;
use super::packet::{
    NO_ASSESSMENT, NO_EVIDENCE, NONE_SUSTAINED, NOT_SHOWN, SUSTAINED, levels_line, open_dimensions,
    origin_words, other_opportunities, rater_words, sustained_names, title,
};
use super::{Exporter, number, percent};
use crate::core::answers::Rater;
use crate::core::journal::is_web_link;
use crate::core::packet::Packet;

const STYLE: &str = r#"
:root { --ink: #1f2933; --muted: #5f6b7a; --line: #d9dee5; --paper: #fff; --wash: #f4f6f9;
  --met: #1e7f4f; --gap: #b7791f; --late: #c0392b; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--wash); color: var(--ink);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif; }
main { max-width: 52rem; margin: 2rem auto; padding: 2rem 2.5rem; background: var(--paper);
  border: 1px solid var(--line); border-radius: 10px; }
h1 { font-size: 1.7rem; line-height: 1.25; margin: 0.2rem 0 0.4rem; overflow-wrap: break-word; hyphens: manual; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.75rem; padding-bottom: 0.3rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 0 0 0.2rem; overflow-wrap: break-word; hyphens: manual; }
p { margin: 0.4rem 0; }
.kicker { text-transform: uppercase; letter-spacing: 0.08em; font-size: 0.8rem; color: var(--muted); margin: 0; }
.meta { color: var(--muted); overflow-wrap: break-word; hyphens: manual; }
.chart { margin: 0 0 1rem; }
.chart svg { display: block; width: 100%; height: auto; }
.chart figcaption { font-size: 0.85rem; color: var(--muted); }
.grid { stroke: var(--line); stroke-width: 1; }
.tick { font-size: 11px; fill: var(--muted); }
.series { fill: none; stroke-width: 2.5; stroke-linejoin: round; }
.r-self { stroke: #2563eb; fill: #2563eb; } .r-manager { stroke: #b45309; fill: #b45309; }
.r-peer { stroke: #047857; fill: #047857; } .r-report { stroke: #7c3aed; fill: #7c3aed; }
.r-other { stroke: #475569; fill: #475569; }
.series.r-self, .series.r-manager, .series.r-peer, .series.r-report, .series.r-other { fill: none; }
.series.r-manager { stroke-dasharray: 8 4; } .series.r-peer { stroke-dasharray: 3 3; }
.series.r-report { stroke-dasharray: 10 3 2 3; } .series.r-other { stroke-dasharray: 1 4; }
.legend { list-style: none; padding: 0; margin: 0.3rem 0; display: flex; flex-wrap: wrap; gap: 0.3rem 1.2rem; font-size: 0.9rem; }
.legend svg { display: inline-block; width: 2rem; height: 0.8rem; vertical-align: middle; margin-right: 0.3rem; }
.table-wrap { overflow-x: auto; }
table { width: 100%; border-collapse: collapse; font-size: 0.95rem; }
th, td { padding: 0.4rem 0.6rem; border-bottom: 1px solid var(--line); text-align: left; }
th { font-size: 0.78rem; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.dimension { margin: 0 0 1.2rem; padding: 0.9rem 1rem; border: 1px solid var(--line); border-radius: 8px; }
.badge { display: inline-block; margin-left: 0.4em; padding: 0 0.45em; border-radius: 999px; font-size: 0.72rem;
  font-weight: 600; vertical-align: 0.1em; border: 1px solid currentColor; color: var(--late); white-space: nowrap; }
.levels { color: var(--muted); font-size: 0.92rem; margin: 0 0 0.5rem; }
.at-target { color: var(--met); font-weight: 600; } .below { color: var(--gap); font-weight: 600; }
ul.evidence, ul.done, ul.open { margin: 0.3rem 0; padding-left: 1.2rem; }
ul.evidence li, ul.done li, ul.open li { margin: 0.25rem 0; overflow-wrap: break-word; hyphens: manual; white-space: pre-line; }
time { font-variant-numeric: tabular-nums; color: var(--muted); white-space: nowrap; }
.origin { color: var(--muted); font-size: 0.9em; }
.link { font-size: 0.9em; overflow-wrap: break-word; hyphens: manual; }
.overdue { color: var(--late); font-weight: 600; }
.sub { font-size: 0.85rem; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); margin: 0.6rem 0 0; }
.ask { padding: 0.8rem 1rem; border-left: 4px solid var(--ink); background: var(--wash); white-space: pre-line; overflow-wrap: break-word; hyphens: manual; }
footer { margin-top: 2rem; padding-top: 0.8rem; border-top: 1px solid var(--line); color: var(--muted); font-size: 0.82rem; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; }
/* Phones: one column, each table row a card, whole words only. The chart's labels would
   shrink below 11px with the drawing; the table under it holds the same figures. */
@media (max-width: 600px) {
  body { font-size: 15px; }
  main { margin: 0; padding: 1rem; border: 0; border-radius: 0; }
  h1 { font-size: 1.4rem; }
  .chart { display: none; }
  .table-wrap { overflow: visible; }
  table, tbody, tr, td { display: block; width: 100%; }
  thead { display: none; }
  tr { padding: 0.5rem 0; border-bottom: 1px solid var(--line); }
  td { border: 0; padding: 0.1rem 0; }
  td.num { text-align: left; }
  td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); font-size: 0.8rem; }
}
@media print {
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; margin: 0; padding: 0; border: 0; }
  .dimension, figure, table, .ask { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  .table-wrap { overflow: visible; }
}
"#;

/// Escapes text for HTML, with control characters (terminal escapes among them) replaced, so
/// the file is safe to open in a browser and to print on a terminal.
fn e(text: &str) -> String {
    escape_html(&terminal(text)).into_owned()
}

/// The chart's drawing area, in SVG units.
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 30.0;

/// The packet as one HTML page.
#[derive(Debug, Clone, Copy, Default)]
pub struct PacketHtml;

impl Exporter<Packet> for PacketHtml {
    fn render(&self, packet: &Packet) -> Vec<u8> {
        html(packet)
    }
}

fn html(packet: &Packet) -> Vec<u8> {
    let mut out = String::with_capacity(24 * 1024);
    let heading = title(packet);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"promo\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        e(&heading)
    );
    let _ = write!(
        out,
        "<header>\n<p class=\"kicker\">{} → {}</p>\n<h1>{}</h1>\n<p class=\"meta\">{} ({} v{}) · <time>{}</time> to <time>{}</time></p>\n</header>\n",
        e(&packet.from),
        e(&packet.to),
        e(&heading),
        e(&packet.rubric.title),
        e(&packet.rubric.id),
        packet.rubric.version,
        packet.period.since,
        packet.period.until
    );
    trend(&mut out, packet);
    dimensions(&mut out, packet);
    still_open(&mut out, packet);
    if let Some(ask) = &packet.ask {
        let _ = write!(
            out,
            "<section>\n<h2>What I am asking for</h2>\n<p class=\"ask\">{}</p>\n</section>\n",
            e(ask)
        );
    }
    let _ = write!(
        out,
        "<footer>Made with promo from stored assessments, the evidence journal and the development plan, {} to {}. Ratings from different people are shown side by side and never averaged.</footer>\n</main>\n</body>\n</html>\n",
        packet.period.since, packet.period.until
    );
    out.into_bytes()
}

fn trend(out: &mut String, packet: &Packet) {
    out.push_str("<section>\n<h2>Readiness over the period</h2>\n");
    if packet.readiness_trend.is_empty() {
        let _ = writeln!(out, "<p>{NO_ASSESSMENT}</p>");
    } else {
        chart(out, packet);
        out.push_str("<div class=\"table-wrap\"><table>\n<thead><tr><th>Date</th><th>Rater</th><th>Readiness</th><th>Verdict</th></tr></thead>\n<tbody>\n");
        for point in &packet.readiness_trend {
            let _ = writeln!(
                out,
                "<tr><td data-label=\"Date\"><time>{}</time></td><td data-label=\"Rater\">{}</td>\
                 <td class=\"num\" data-label=\"Readiness\">{}</td><td data-label=\"Verdict\">{}</td></tr>",
                point.date,
                rater_words(point.rater),
                percent(point.readiness),
                e(&point.verdict)
            );
        }
        out.push_str("</tbody>\n</table></div>\n");
    }
    if packet.sustained.is_empty() {
        let _ = writeln!(out, "<p>{NONE_SUSTAINED}</p>");
    } else {
        let names: Vec<String> = sustained_names(packet).map(e).collect();
        let _ = writeln!(
            out,
            "<p>{SUSTAINED}: <strong>{}</strong>.</p>",
            names.join(", ")
        );
    }
    out.push_str("</section>\n");
}

/// An inline SVG line chart: readiness 0–100% over the period, one line per rater.
fn chart(out: &mut String, packet: &Packet) {
    let since = packet.period.since;
    let days = packet.period.until.days_since(since).max(1) as f64;
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x = |date: crate::core::date::Date| {
        LEFT + (date.days_since(since) as f64 / days).clamp(0.0, 1.0) * plot_w
    };
    let y = |readiness: f64| TOP + (1.0 - (readiness / 100.0).clamp(0.0, 1.0)) * plot_h;
    let _ = write!(
        out,
        "<figure class=\"chart\">\n<svg viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-label=\"Readiness over the period, one line per rater\">\n"
    );
    for percent in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let _ = writeln!(
            out,
            "<line class=\"grid\" x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\"/><text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{percent:.0}%</text>",
            WIDTH - RIGHT,
            y(percent),
            y(percent),
            LEFT - 6.0,
            y(percent) + 4.0
        );
    }
    let _ = writeln!(
        out,
        "<text class=\"tick\" x=\"{LEFT}\" y=\"{:.1}\">{}</text><text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
        HEIGHT - 8.0,
        since,
        WIDTH - RIGHT,
        HEIGHT - 8.0,
        packet.period.until
    );
    for rater in packet.raters() {
        let points: Vec<(f64, f64, String)> = packet
            .readiness_trend
            .iter()
            .filter(|p| p.rater == rater)
            .filter_map(|p| {
                p.readiness.map(|r| {
                    (
                        x(p.date),
                        y(r),
                        format!("{} {}: {}", rater_words(rater), p.date, percent(Some(r))),
                    )
                })
            })
            .collect();
        let class = class_of(rater);
        if points.len() > 1 {
            let path: Vec<String> = points
                .iter()
                .map(|(px, py, _)| format!("{px:.1},{py:.1}"))
                .collect();
            let _ = writeln!(
                out,
                "<polyline class=\"series {class}\" points=\"{}\"/>",
                path.join(" ")
            );
        }
        for (px, py, label) in &points {
            let _ = writeln!(
                out,
                "<circle class=\"{class}\" cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"4\"><title>{}</title></circle>",
                e(label)
            );
        }
    }
    out.push_str("</svg>\n<figcaption><ul class=\"legend\">");
    for rater in packet.raters() {
        let _ = write!(
            out,
            "<li><svg viewBox=\"0 0 32 12\" aria-hidden=\"true\"><line class=\"series {}\" x1=\"0\" x2=\"32\" y1=\"6\" y2=\"6\"/></svg>{}</li>",
            class_of(rater),
            rater_words(rater)
        );
    }
    out.push_str(
        "</ul>Each rater is a separate line; ratings are never averaged.</figcaption>\n</figure>\n",
    );
}

fn class_of(rater: Rater) -> &'static str {
    match rater {
        Rater::Myself => "r-self",
        Rater::Manager => "r-manager",
        Rater::Peer => "r-peer",
        Rater::Report => "r-report",
        Rater::Other => "r-other",
    }
}

/// A link: an anchor for `http(s)`, else plain text.
fn link(out: &mut String, link: &str) {
    if is_web_link(link) {
        let _ = write!(
            out,
            " <a class=\"link\" href=\"{}\" rel=\"noopener noreferrer\">{}</a>",
            e(link),
            e(link)
        );
    } else {
        let _ = write!(out, " <span class=\"link\">{}</span>", e(link));
    }
}

fn dimensions(out: &mut String, packet: &Packet) {
    out.push_str("<section>\n<h2>By dimension</h2>\n");
    for dim in &packet.dimensions {
        let must = if dim.critical {
            "<span class=\"badge\">must-have</span>"
        } else {
            ""
        };
        let standing = match dim.self_level {
            None => String::new(),
            Some(_) if dim.below_target() => " <span class=\"below\">below target</span>".into(),
            Some(_) => " <span class=\"at-target\">at target</span>".into(),
        };
        let _ = write!(
            out,
            "<article class=\"dimension\">\n<h3>{}{must}</h3>\n<p class=\"levels\">{}{standing}</p>\n",
            e(&dim.name),
            e(&levels_line(dim))
        );
        if dim.evidence.is_empty() {
            let _ = writeln!(out, "<p class=\"origin\">{NO_EVIDENCE}</p>");
        } else {
            out.push_str("<ul class=\"evidence\">\n");
            for evidence in &dim.evidence {
                let _ = write!(
                    out,
                    "<li><time>{}</time> {}",
                    evidence.date,
                    e(&evidence.text)
                );
                if let Some(origin) = origin_words(evidence) {
                    let _ = write!(out, " <span class=\"origin\">({})</span>", e(&origin));
                }
                if let Some(url) = &evidence.link {
                    link(out, url);
                }
                out.push_str("</li>\n");
            }
            out.push_str("</ul>\n");
        }
        if !dim.plan_done.is_empty() {
            out.push_str("<p class=\"sub\">Plan items completed</p>\n<ul class=\"done\">\n");
            for done in &dim.plan_done {
                let _ = writeln!(out, "<li><time>{}</time> {}</li>", done.date, e(&done.text));
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</article>\n");
    }
    out.push_str("</section>\n");
}

fn still_open(out: &mut String, packet: &Packet) {
    if !packet.anything_open() {
        return;
    }
    out.push_str("<section>\n<h2>What is still open</h2>\n<ul class=\"open\">\n");
    for dim in open_dimensions(packet) {
        let _ = write!(out, "<li><strong>{}</strong>", e(&dim.name));
        if dim.below_target() {
            let _ = write!(
                out,
                ": self {} of target {}",
                number(dim.self_level),
                number(Some(dim.target))
            );
        }
        if !dim.plan_open.is_empty() {
            out.push_str("\n<ul>\n");
            for open in &dim.plan_open {
                let late = if open.overdue {
                    ", <span class=\"overdue\">overdue</span>"
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    "<li>{} (due <time>{}</time>{late})</li>",
                    e(&open.text),
                    open.due
                );
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</li>\n");
    }
    for name in &packet.unproven {
        let _ = writeln!(out, "<li><strong>{}</strong> {NOT_SHOWN}</li>", e(name));
    }
    for opportunity in other_opportunities(packet) {
        let _ = writeln!(
            out,
            "<li><strong>{}</strong>: no chance to show it yet. {}</li>",
            e(&opportunity.name),
            e(&opportunity.suggestion)
        );
    }
    out.push_str("</ul>\n</section>\n");
}
