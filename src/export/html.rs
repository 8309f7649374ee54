//! The HTML report: one self-contained page with a radar chart, safe to open and to print.
//!
//! The page loads nothing and runs nothing: no scripts, no remote fonts or images, and a
//! Content-Security-Policy that forbids both. Every piece of rubric and answers text goes
//! through [`escape::html`].

use std::fmt::Write;

use super::escape::html as e;
use super::history::{since_intro, sustained_note};
use super::html_chart::{chart, row_bar, severity_class};
use super::{
    Exporter, answer_level, backed, date, evidence_by_dimension, gate_note, number, percent,
    row_status, scale, severity, signed,
};
use crate::core::report::Report;

/// The policy the page carries: nothing may load or run; only the inline stylesheet applies.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/// A single HTML file with inline CSS and an inline SVG chart.
#[derive(Debug, Clone, Copy, Default)]
pub struct Html;

impl Exporter<Report> for Html {
    fn render(&self, report: &Report) -> Vec<u8> {
        let mut out = String::with_capacity(16 * 1024);
        head(&mut out, report);
        out.push_str("<body>\n<main>\n");
        header(&mut out, report);
        gaps(&mut out, report);
        focus(&mut out, report);
        opportunities(&mut out, report);
        since_last(&mut out, report);
        plan(&mut out, report);
        evidence(&mut out, report);
        footer(&mut out, report);
        out.push_str("</main>\n</body>\n</html>\n");
        out.into_bytes()
    }
}

const STYLE: &str = r#"
:root {
  --ink: #1f2933; --muted: #5f6b7a; --line: #d9dee5; --paper: #ffffff; --wash: #f4f6f9;
  --met: #1e7f4f; --small: #b7791f; --large: #c0392b; --unscored: #8a94a3;
  --level: #2563eb; --target: #374151;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--wash); color: var(--ink);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif;
}
main { max-width: 60rem; margin: 2rem auto; padding: 2rem 2.5rem; background: var(--paper);
  border: 1px solid var(--line); border-radius: 10px; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 0.2rem 0 0.4rem; overflow-wrap: break-word; hyphens: manual; }
h2 { font-size: 1.25rem; margin: 2.25rem 0 0.75rem; padding-bottom: 0.3rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 0 0 0.3rem; overflow-wrap: break-word; hyphens: manual; }
p { margin: 0.4rem 0; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }
.kicker { text-transform: uppercase; letter-spacing: 0.08em; font-size: 0.8rem; color: var(--muted); margin: 0; }
.rubric { color: var(--muted); margin: 0 0 1rem; overflow-wrap: break-word; hyphens: manual; }
.facts { display: flex; flex-wrap: wrap; gap: 0.5rem 2rem; margin: 0; }
.facts div { min-width: 8rem; }
.facts dt { font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); }
.facts dd { margin: 0; font-weight: 600; overflow-wrap: break-word; hyphens: manual; }
.summary { display: flex; flex-wrap: wrap; align-items: stretch; gap: 1rem; margin: 1.5rem 0 0; }
.stat { flex: 0 0 auto; min-width: 10rem; padding: 0.8rem 1.2rem; border: 1px solid var(--line); border-radius: 8px; }
.stat .value { display: block; font-size: 1.9rem; font-weight: 700; line-height: 1.15; }
.stat .label { display: block; font-size: 0.8rem; color: var(--muted); text-transform: uppercase; letter-spacing: 0.06em; }
.gate { flex: 1 1 14rem; align-self: center; margin: 0; padding: 0.6rem 0.9rem; border-left: 4px solid var(--large); background: #fdf2f1; }
.note { margin-top: 1rem; color: var(--muted); overflow-wrap: break-word; hyphens: manual; }
.caution { margin: 1.25rem 0 0; padding: 0.6rem 0.9rem; border-left: 4px solid var(--small); background: #fdf8ec; font-size: 0.95rem; }
.chart { margin: 0 auto 1rem; max-width: 40rem; }
.chart svg { display: block; width: 100%; height: auto; }
.chart figcaption { text-align: center; font-size: 0.85rem; color: var(--muted); }
.key { display: inline-block; width: 1.6em; height: 0; vertical-align: middle; margin: 0 0.3em 0 1em; }
.key-level { border-top: 3px solid var(--level); }
.key-target { border-top: 2px dashed var(--target); }
.table-wrap { overflow-x: auto; }
table { width: 100%; border-collapse: collapse; font-size: 0.95rem; }
th, td { padding: 0.45rem 0.6rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: middle; }
th { font-size: 0.78rem; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th.backed { white-space: normal; min-width: 5.5rem; }
td.name { overflow-wrap: break-word; hyphens: manual; }
td.bar svg { display: block; width: 8rem; height: 0.9rem; }
.badge { display: inline-block; margin-left: 0.4em; padding: 0 0.45em; border-radius: 999px; font-size: 0.72rem;
  font-weight: 600; vertical-align: 0.1em; border: 1px solid currentColor; color: var(--muted); white-space: nowrap; }
.badge.must { color: var(--large); }
.status { white-space: nowrap; font-weight: 600; }
.sev-met { color: var(--met); } .sev-small { color: var(--small); } .sev-large { color: var(--large); }
.sev-unscored { color: var(--unscored); font-style: italic; }
.focus-list { padding-left: 0; list-style: none; counter-reset: focus; }
.focus-list > li { counter-increment: focus; position: relative; margin: 0 0 1rem; padding: 0.9rem 1rem 0.9rem 3.2rem;
  border: 1px solid var(--line); border-radius: 8px; }
.focus-list > li::before { content: counter(focus); position: absolute; left: 1rem; top: 0.85rem; width: 1.6rem; height: 1.6rem;
  border-radius: 50%; background: var(--ink); color: var(--paper); text-align: center; font-weight: 700; line-height: 1.6rem; }
.meta { color: var(--muted); font-size: 0.92rem; }
.actions { margin: 0.5rem 0 0; padding-left: 1.2rem; }
.opportunities li { margin: 0.3rem 0; }
.evidence h3 { margin-top: 1.25rem; }
.example { margin: 0.5rem 0 0.9rem; }
.example .prompt { font-weight: 600; }
blockquote { margin: 0.4rem 0 0; padding: 0.3rem 0.9rem; border-left: 3px solid var(--line); color: var(--ink); background: var(--wash);
  white-space: pre-line; overflow-wrap: break-word; hyphens: manual; }
footer { margin-top: 2.5rem; padding-top: 0.8rem; border-top: 1px solid var(--line); color: var(--muted); font-size: 0.82rem; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; }
.grid { fill: none; stroke: var(--line); stroke-width: 1; }
.axis { stroke: var(--line); stroke-width: 1; }
.axis.unscored { stroke: var(--unscored); stroke-dasharray: 3 4; }
.ring-label { font-size: 14px; fill: var(--muted); }
.dim-label { font-size: 15px; fill: var(--ink); }
.dim-label.must { font-weight: 700; }
.dim-label.unscored { fill: var(--unscored); font-style: italic; }
.target-shape { fill: rgba(55, 65, 81, 0.06); stroke: var(--target); stroke-width: 1.6; stroke-dasharray: 6 4; }
.level-shape { fill: rgba(37, 99, 235, 0.22); stroke: var(--level); stroke-width: 2.4; stroke-linejoin: round; }
.level-dot { fill: var(--level); }
.target-tick { stroke: var(--target); stroke-width: 2; }
.track { fill: #e8ecf1; }
.fill-met { fill: var(--met); } .fill-small { fill: var(--small); } .fill-large { fill: var(--large); }
/* Phones: one column, each table row a card, whole words only. The radar's labels would
   shrink below 11px with the drawing, so the bars in each row stand in for it. */
@media (max-width: 600px) {
  main { margin: 0; padding: 1rem; border: 0; border-radius: 0; }
  h1 { font-size: 1.4rem; }
  .summary .stat, .gate { flex: 1 1 100%; }
  .chart { display: none; }
  .table-wrap { overflow: visible; }
  table, tbody, tr, td { display: block; width: 100%; }
  thead { display: none; }
  tr { padding: 0.6rem 0; border-bottom: 1px solid var(--line); }
  td { border: 0; padding: 0.1rem 0; }
  td.num, .status { text-align: left; white-space: normal; }
  td.name { font-size: 1.05rem; font-weight: 600; }
  td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); font-size: 0.8rem; }
  td.bar svg { width: 100%; max-width: 18rem; height: 1rem; }
  .focus-list > li { padding: 0.8rem 0.8rem 0.8rem 2.8rem; }
  .focus-list > li::before { left: 0.7rem; }
}
@media print {
  @page { margin: 14mm; }
  body { background: #fff; font-size: 10.5pt; }
  main { max-width: none; margin: 0; padding: 0; border: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  .chart { max-width: 13cm; break-inside: avoid; page-break-inside: avoid; }
  tr, .focus-list > li, .example, .summary, .caution { break-inside: avoid; page-break-inside: avoid; }
  .table-wrap { overflow: visible; }
  td.bar svg { width: 4.5rem; }
  .status { white-space: normal; }
}
"#;

fn head(out: &mut String, report: &Report) {
    let subject = report
        .subject
        .as_deref()
        .map(|s| format!("{} — ", e(s)))
        .unwrap_or_default();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta name=\"generator\" content=\"promo\">\n\
         <title>{subject}Readiness report: {} → {}</title>\n<style>{STYLE}</style>\n</head>\n",
        e(&report.rubric.from),
        e(&report.rubric.to)
    );
}

fn header(out: &mut String, report: &Report) {
    let rubric = &report.rubric;
    let _ = writeln!(
        out,
        "<header>\n<p class=\"kicker\">Readiness report</p>\n<h1>{} → {}</h1>\n\
         <p class=\"rubric\">{} · rubric <code>{}</code>, version {}</p>\n<dl class=\"facts\">",
        e(&rubric.from),
        e(&rubric.to),
        e(&rubric.title),
        e(&rubric.id),
        rubric.version
    );
    if let Some(subject) = &report.subject {
        fact(out, "Person", &e(subject));
    }
    fact(out, "Rater", report.rater.as_str());
    fact(out, "Date", &date(report));
    fact(
        out,
        "Coverage",
        &format!("{:.0}% answered", report.coverage * 100.0),
    );
    out.push_str("</dl>\n");
    let _ = writeln!(
        out,
        "<div class=\"summary\">\n<div class=\"stat\"><span class=\"value\">{}</span><span class=\"label\">Readiness</span></div>\n\
         <div class=\"stat\"><span class=\"value\">{}</span><span class=\"label\">Verdict</span></div>",
        percent(report.readiness),
        e(&report.verdict)
    );
    if let Some(note) = gate_note(report) {
        let _ = writeln!(out, "<p class=\"gate\">{}</p>", e(&note));
    }
    out.push_str("</div>\n");
    if let Some(note) = report.note.as_deref().filter(|n| !n.trim().is_empty()) {
        let _ = writeln!(out, "<p class=\"note\">Note: {}</p>", e(note));
    }
    if let Some(caution) = report.self_view_caution() {
        let _ = writeln!(out, "<p class=\"caution\">{}</p>", e(&caution));
    }
    out.push_str("</header>\n");
}

fn fact(out: &mut String, label: &str, escaped_value: &str) {
    let _ = writeln!(out, "<div><dt>{label}</dt><dd>{escaped_value}</dd></div>");
}

/// The must-have badge beside a must-have's name.
fn must_badge(critical: bool) -> &'static str {
    if critical {
        "<span class=\"badge must\">must-have</span>"
    } else {
        ""
    }
}

fn gaps(out: &mut String, report: &Report) {
    out.push_str("<section class=\"gaps\">\n<h2>Gaps by priority</h2>\n");
    let (svg, caption) = chart(report);
    let _ = writeln!(
        out,
        "<figure class=\"chart\">\n{svg}<figcaption>{caption}</figcaption>\n</figure>"
    );
    out.push_str(
        "<div class=\"table-wrap\">\n<table>\n<thead><tr><th>Dimension</th><th class=\"num\">Level</th>\
         <th class=\"num\">Target</th><th class=\"num\">Gap</th><th class=\"num prio\">Priority</th>\
         <th class=\"bar\">Level against target</th><th>Status</th>\
         <th class=\"num backed\">Backed by an example</th></tr></thead>\n<tbody>\n",
    );
    for row in report.rows_by_priority() {
        let class = severity_class(severity(row));
        let must = must_badge(row.critical);
        let status = row_status(report, row);
        let _ = writeln!(
            out,
            "<tr><td class=\"name\">{}{must}</td><td class=\"num\" data-label=\"Level\">{}</td>\
             <td class=\"num\" data-label=\"Target\">{:.1}</td>\
             <td class=\"num sev-{class}\" data-label=\"Gap\">{}</td>\
             <td class=\"num prio\" data-label=\"Priority\">{}</td><td class=\"bar\">{}</td>\
             <td class=\"status sev-{class}\" data-label=\"Status\">{status}</td>\
             <td class=\"num\" data-label=\"Backed by an example\">{}</td></tr>",
            e(&row.name),
            number(row.level),
            row.target,
            number(row.gap),
            number(row.priority),
            row_bar(row),
            backed(row),
        );
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
    let scale = scale(report, |label| e(label).into_owned());
    let _ = writeln!(
        out,
        "<p class=\"meta\">Levels: {}. Priority is the gap times the dimension's weight.</p>\n</section>",
        scale.join(" · ")
    );
}

fn focus(out: &mut String, report: &Report) {
    if report.focus.is_empty() {
        return;
    }
    out.push_str("<section class=\"focus\">\n<h2>Focus next</h2>\n<ol class=\"focus-list\">\n");
    for focus in &report.focus {
        let _ = writeln!(
            out,
            "<li>\n<h3>{}{}</h3>\n<p class=\"meta\">Level {:.1} against a target of {:.1}: a gap of {:.1}</p>",
            e(&focus.name),
            must_badge(focus.critical),
            focus.level,
            focus.target,
            focus.gap
        );
        for line in focus.why.lines().filter(|l| !l.trim().is_empty()) {
            let _ = writeln!(out, "<p>{}</p>", e(line));
        }
        if !focus.actions.is_empty() {
            out.push_str("<ul class=\"actions\">\n");
            for action in &focus.actions {
                let _ = writeln!(out, "<li>{}</li>", e(action));
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</section>\n");
}

fn opportunities(out: &mut String, report: &Report) {
    if report.opportunities.is_empty() {
        return;
    }
    out.push_str(
        "<section class=\"opportunities\">\n<h2>No chance yet</h2>\n\
         <p>These are not skill gaps: there has been no chance to show them yet.</p>\n<ul>\n",
    );
    for opportunity in &report.opportunities {
        let _ = writeln!(
            out,
            "<li><strong>{}</strong>{}: {} <em>{}</em></li>",
            e(&opportunity.name),
            must_badge(opportunity.critical),
            e(opportunity.why.trim()),
            e(&opportunity.suggestion)
        );
    }
    out.push_str("</ul>\n</section>\n");
}

fn evidence(out: &mut String, report: &Report) {
    if report.evidence.is_empty() {
        return;
    }
    out.push_str("<section class=\"evidence\">\n<h2>Evidence</h2>\n");
    for (heading, item) in evidence_by_dimension(report) {
        if let Some(name) = heading {
            let _ = writeln!(out, "<h3>{}</h3>", e(name));
        }
        let _ = writeln!(
            out,
            "<div class=\"example\">\n<p class=\"prompt\">{}</p>",
            e(&item.prompt)
        );
        if !item.answer.is_empty() {
            let _ = writeln!(
                out,
                "<p class=\"meta\">Answer: {}{}</p>",
                e(&item.answer),
                answer_level(item)
            );
        }
        // pre-line keeps the person's line breaks; the text itself is escaped.
        let _ = writeln!(
            out,
            "<blockquote>{}</blockquote>\n</div>",
            e(item.text.trim())
        );
    }
    out.push_str("</section>\n");
}

fn footer(out: &mut String, report: &Report) {
    let _ = writeln!(
        out,
        "<footer>Made with promo, an assessment tool run on the author's own computer, from the {} rubric, version {}. This page is complete in itself: it runs no scripts and loads nothing from the internet, so it is safe to open, forward and print.</footer>",
        e(&report.rubric.id),
        report.rubric.version
    );
}

fn since_last(out: &mut String, report: &Report) {
    let Some(since) = &report.since_last else {
        return;
    };
    let (heading, summary) = since_intro(report, since);
    let _ = writeln!(
        out,
        "<section class=\"since\">\n<h2>{}</h2>\n<p>{}</p>",
        e(&heading),
        e(&summary)
    );
    out.push_str(
        "<div class=\"table-wrap\">\n<table>\n<thead><tr><th>Dimension</th><th class=\"num\">Target</th>\
         <th class=\"num\">Before</th><th class=\"num\">Now</th><th class=\"num\">Change</th>\
         <th>Sustained</th></tr></thead>\n<tbody>\n",
    );
    for dim in &since.dimensions {
        let _ = writeln!(
            out,
            "<tr><td class=\"name\">{}</td><td class=\"num\" data-label=\"Target\">{:.1}</td>\
             <td class=\"num\" data-label=\"Before\">{}</td><td class=\"num\" data-label=\"Now\">{}</td>\
             <td class=\"num\" data-label=\"Change\">{}</td><td data-label=\"Sustained\">{}</td></tr>",
            e(&dim.name),
            dim.target,
            number(dim.before),
            number(dim.after),
            dim.change.map_or_else(|| "-".to_owned(), signed),
            if dim.sustained {
                "<strong>yes</strong>"
            } else {
                "no"
            }
        );
    }
    let _ = writeln!(
        out,
        "</tbody>\n</table>\n</div>\n<p class=\"meta\">{}</p>\n</section>",
        e(&sustained_note(since))
    );
}

fn plan(out: &mut String, report: &Report) {
    let Some(plan) = &report.plan else {
        return;
    };
    let _ = writeln!(
        out,
        "<section class=\"plan\">\n<h2>Development plan</h2>\n<p>As of {}: {} open ({} overdue), {} done.</p>\n<ul>",
        plan.as_of, plan.open, plan.overdue, plan.done
    );
    for dim in &plan.dimensions {
        let _ = writeln!(
            out,
            "<li>{}: {} open ({} overdue), {} done</li>",
            e(&dim.name),
            dim.open,
            dim.overdue,
            dim.done
        );
    }
    out.push_str("</ul>\n</section>\n");
}
