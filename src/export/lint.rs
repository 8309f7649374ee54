//! Lint's report for rubric authors: one line per warning, `file:line:` first where the line is
//! known. Pure: model in, bytes out; text from the rubric passes the terminal escaper.

use std::fmt::Write as _;

use super::Exporter;
use super::escape::terminal;
use super::label::{Label, label};
use crate::core::lint::{Lint, line_of};

/// One rubric's warnings.
#[derive(Debug, Clone, Copy)]
pub struct Linted<'a> {
    /// The name to show: a file, or `built-in:<id>`.
    pub name: &'a str,
    /// The rubric's source text, for line numbers, when there is one.
    pub source: Option<&'a str>,
    /// The warnings.
    pub lints: &'a [Lint],
}

/// The warnings as lines of text, with a count at the end.
#[derive(Debug, Clone, Copy, Default)]
pub struct LintText {
    /// Colour the labels.
    pub color: bool,
    /// Say that `--deny-warnings` turns the warnings into a failure.
    pub deny_warnings: bool,
}

impl<'a> Exporter<[Linted<'a>]> for LintText {
    fn render(&self, linted: &[Linted<'a>]) -> Vec<u8> {
        let mut out = String::new();
        let label = label(Label::Warning, self.color);
        for rubric in linted {
            let origin = terminal(rubric.name);
            if rubric.lints.is_empty() {
                let _ = writeln!(out, "ok: {origin}: no warnings");
            }
            for lint in rubric.lints {
                let text = terminal(&lint.to_string()).into_owned();
                match rubric.source.and_then(|s| line_of(s, &lint.subject)) {
                    Some(line) => {
                        let _ = writeln!(out, "{origin}:{line}: {label} {text}");
                    }
                    None => {
                        let _ = writeln!(out, "{origin}: {label} {text}");
                    }
                }
            }
        }
        let warned: usize = linted.iter().map(|r| r.lints.len()).sum();
        if warned > 0 {
            let _ = writeln!(
                out,
                "{warned} warning{}{}",
                if warned == 1 { "" } else { "s" },
                if self.deny_warnings {
                    " (denied by --deny-warnings)"
                } else {
                    ""
                }
            );
        }
        out.into_bytes()
    }
}
