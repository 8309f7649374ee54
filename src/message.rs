//! The one message printer: errors, warnings and notes on standard error, each escaped for the
//! terminal.

use std::fmt::Display;

use crate::core::limits::cut_quoted;
use crate::export::escape::terminal;
use crate::export::label::{Label, label};

/// Prints warnings on standard error, one per line. Each passes through the terminal escaper:
/// warnings quote file names and text from files.
pub fn warn_all<T: Display>(warnings: impl IntoIterator<Item = T>) {
    let styled = console::colors_enabled_stderr();
    for warning in warnings {
        eprintln!(
            "{} {}",
            label(Label::Warning, styled),
            shown(&warning.to_string())
        );
    }
}

/// Prints an error on standard error, through the terminal escaper: errors quote file names,
/// ids and values from files.
pub fn print_error(message: &dyn Display) {
    let styled = console::colors_enabled_stderr();
    eprintln!(
        "{} {}",
        label(Label::Error, styled),
        shown(&message.to_string())
    );
}

/// Prints a message that is not an error or a warning (such as how to resume after Ctrl-C) on
/// standard error, through the terminal escaper.
pub fn print_note(message: &dyn Display) {
    eprintln!("{}", shown(&message.to_string()));
}

/// Prints what a command did (such as "Added …" and the command to go on with) on standard
/// output, with its commands naming promo as started, through the terminal escaper.
pub fn print_out(text: &str) -> anyhow::Result<()> {
    crate::writer::write_stdout(terminal(&named_as_started(text)).as_bytes())
}

/// A message as it may reach the terminal: long quotes cut on every line (a message may quote
/// a key or value of any length from a file), then escaped.
fn shown(message: &str) -> String {
    let bounded: Vec<_> = message.lines().map(cut_quoted).collect();
    terminal(&named_as_started(&bounded.join("\n"))).into_owned()
}

/// A text with the commands it shows (`` `promo …` ``, or a line of its own indented
/// `  promo …`, as the core and the messages write them) naming promo the way it was
/// started, so they paste as they are. Applied after quotes are cut, so the program's path is
/// never cut short.
pub fn named_as_started(text: &str) -> std::borrow::Cow<'_, str> {
    let program = crate::invocation::program();
    if program == "promo" || !(text.contains("`promo ") || text.contains("  promo ")) {
        return std::borrow::Cow::Borrowed(text);
    }
    let quoted = text.replace("`promo ", &format!("`{program} "));
    let lines: Vec<String> = quoted
        .split('\n')
        .map(|line| match line.strip_prefix("  promo ") {
            Some(rest) => format!("  {program} {rest}"),
            None => line.to_owned(),
        })
        .collect();
    std::borrow::Cow::Owned(lines.join("\n"))
}
