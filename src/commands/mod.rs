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
pub use crate::message::{named_as_started, print_error, print_note, print_out, warn_all};
use crate::term::Style;
use crate::writer;

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

impl Context {
    /// The style for output to `output`: the terminal's on standard output (`None` or `-`),
    /// plain in a file.
    pub fn style_for(&self, output: Option<&std::path::Path>) -> Style {
        if output.is_none_or(|p| p.as_os_str() == "-") {
            self.style
        } else {
            Style::PLAIN
        }
    }
}

/// Writes a rendering to `output` (standard output for `None` or `-`). A coloured table
/// (`table` rendered in a `style` with colour) escapes every text from the files itself and
/// is written as it is; anything else is escaped on a terminal.
pub fn emit(
    output: Option<&std::path::Path>,
    bytes: &[u8],
    table: bool,
    style: Style,
) -> Result<()> {
    if table && style.color {
        writer::emit_styled(output, bytes)
    } else {
        writer::emit(output, bytes)
    }
}
