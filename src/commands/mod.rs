//! One module per subcommand; this one builds the shared context and dispatches.

pub mod assess;
pub mod compare;
pub mod completions;
pub mod history;
pub mod lint;
pub mod log;
pub mod man;
pub mod packet;
pub mod plan;
pub mod report;
pub mod rubrics;
pub mod schema;
pub mod score;
pub mod stored;
pub mod template;

use anyhow::Result;

use crate::catalog::Catalog;
use crate::cli::{Cli, Command, RubricsCommand};
use crate::core::limits::cut_quoted;
use crate::export::escape::terminal;
use crate::term::Style;

/// What every command may need, decided once.
#[derive(Debug, Clone)]
pub struct Context {
    /// Where rubrics are found.
    pub catalog: Catalog,
    /// The terminal style for standard output.
    pub style: Style,
    /// `--data-dir`, if given; resolve it with [`crate::datadir::DataDir::resolve`].
    pub data_dir: Option<std::path::PathBuf>,
}

/// Runs a parsed command line and returns the exit code.
pub fn run(cli: Cli) -> Result<u8> {
    // One colour decision: a forced choice, or NO_COLOR, also governs prompts and messages on
    // stderr (otherwise those follow whether stderr is a terminal).
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    match cli.global.color.forced() {
        Some(forced) => {
            console::set_colors_enabled(forced);
            console::set_colors_enabled_stderr(forced);
        }
        None if no_color => {
            console::set_colors_enabled(false);
            console::set_colors_enabled_stderr(false);
        }
        None => {}
    }
    let context = Context {
        catalog: Catalog::new(cli.global.rubrics_dirs),
        style: Style::detect(cli.global.color.forced()),
        data_dir: cli.global.data_dir,
    };
    match cli.command {
        Command::Assess(args) => assess::run(&context, &args),
        Command::Rubrics(RubricsCommand::List(args)) => rubrics::list(&context, &args),
        Command::Rubrics(RubricsCommand::Show(args)) => rubrics::show(&context, &args),
        Command::Rubrics(RubricsCommand::Validate(args)) => rubrics::validate(&args),
        Command::Rubrics(RubricsCommand::Lint(args)) => lint::run(&context, &args),
        Command::Template(args) => template::run(&context, &args),
        Command::Report(args) => report::run(&context, &args),
        Command::Score(args) => score::run(&context, &args),
        Command::Compare(args) => compare::run(&context, &args),
        Command::History(args) => history::run(&context, &args),
        Command::Log(args) => log::run(&context, &args),
        Command::Plan(args) => plan::run(&context, &args),
        Command::Packet(args) => packet::run(&context, &args),
        Command::Completions(args) => completions::run(&context, &args),
        Command::Man => man::run(),
        Command::Schema(args) => schema::run(&args),
    }
}

/// Prints warnings on standard error, one per line. Each passes through the terminal escaper:
/// warnings quote file names and text from files.
pub fn warn_all<T: std::fmt::Display>(warnings: impl IntoIterator<Item = T>) {
    for warning in warnings {
        eprintln!(
            "{} {}",
            console::style("warning:").for_stderr().yellow().bold(),
            shown(&warning.to_string())
        );
    }
}

/// Prints an error on standard error, through the terminal escaper: errors quote file names,
/// ids and values from files.
pub fn print_error(message: &dyn std::fmt::Display) {
    eprintln!(
        "{} {}",
        console::style("error:").for_stderr().red().bold(),
        shown(&message.to_string())
    );
}

/// Prints a message that is not an error or a warning (such as how to resume after Ctrl-C) on
/// standard error, through the terminal escaper.
pub fn print_note(message: &dyn std::fmt::Display) {
    eprintln!("{}", shown(&message.to_string()));
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
