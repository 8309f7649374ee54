//! The command line: every clap type, and nothing else.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// How ready are you for the next rung? Score yourself against a promotion rubric and see
/// what to work on.
#[derive(Debug, Parser)]
#[command(name = "promo", version, about, long_about = None, help_expected = true)]
#[command(
    after_help = "Start with `promo assess`. Exit codes: 0 ok, 1 I/O failure, 2 usage, 3 invalid rubric or answers, 4 some files failed (score), 130 interrupted."
)]
pub struct Cli {
    /// Options every command takes.
    #[command(flatten)]
    pub global: Global,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Global {
    /// Also look for custom rubrics (*.toml) in this directory; repeatable. PROMO_RUBRICS_DIR adds more.
    #[arg(long = "rubrics-dir", value_name = "DIR", global = true)]
    pub rubrics_dirs: Vec<PathBuf>,
    /// When to colour output: auto follows the terminal, NO_COLOR and CLICOLOR_FORCE.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// Where promo keeps drafts and history (default: PROMO_DATA_DIR, else the platform data dir).
    #[arg(long = "data-dir", value_name = "DIR", global = true)]
    pub data_dir: Option<PathBuf>,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// `Some(forced)` or `None` for auto.
    pub fn forced(self) -> Option<bool> {
        match self {
            Self::Auto => None,
            Self::Always => Some(true),
            Self::Never => Some(false),
        }
    }
}

/// promo's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List, show and check rubrics.
    #[command(subcommand)]
    Rubrics(RubricsCommand),
    /// Print a fillable answers file for a rubric.
    Template(TemplateArgs),
    /// Score an answers file and show the gaps.
    Report(ReportArgs),
}

/// `promo rubrics …`
#[derive(Debug, Subcommand)]
pub enum RubricsCommand {
    /// List the rubrics: built-in and custom.
    List(ListArgs),
    /// Show a rubric: each dimension, why it matters, and what the next level looks like.
    Show(ShowArgs),
    /// Check rubric files; exit 0 when all are valid, 3 when any is not.
    Validate(ValidateArgs),
}

/// `promo rubrics list`
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// Formats for `promo rubrics list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// A table for people.
    Table,
    /// JSON for scripts.
    Json,
}

/// `promo rubrics show`
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// A built-in or custom rubric id, or a path to a rubric .toml file.
    #[arg(value_name = "RUBRIC")]
    pub rubric: String,
    /// Also list every question with all its options.
    #[arg(long)]
    pub questions: bool,
}

/// `promo rubrics validate`
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Rubric files to check.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
}

/// `promo template`
#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// A built-in or custom rubric id, or a path to a rubric .toml file.
    #[arg(value_name = "RUBRIC")]
    pub rubric: String,
    /// Write to this file instead of standard output (`-` is standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `promo report`
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The answers file (.toml or .json); `-` reads standard input.
    #[arg(value_name = "ANSWERS")]
    pub answers: PathBuf,
    /// Score against this rubric (id or path) instead of the one the answers name.
    #[arg(long, value_name = "RUBRIC")]
    pub rubric: Option<String>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Write to this file instead of standard output (`-` is standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Leave out examples and free-text answers, to share scores only.
    #[arg(long)]
    pub no_evidence: bool,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A gap table for the terminal.
    Table,
    /// The JSON report, for scripts.
    Json,
}
