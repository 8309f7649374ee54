//! The command line: every clap type, and nothing else.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::core::date::Date;

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
    /// Take an assessment in the terminal, one question at a time; saved after every answer.
    Assess(AssessArgs),
    /// List, show and check rubrics.
    #[command(subcommand)]
    Rubrics(RubricsCommand),
    /// Print a fillable answers file for a rubric.
    Template(TemplateArgs),
    /// Score an answers file and show the gaps.
    Report(ReportArgs),
    /// Score many answers files at once: one row per file, or the team view.
    Score(ScoreArgs),
    /// Put several raters' answers side by side: blind spots, hidden strengths, disagreements.
    Compare(CompareArgs),
    /// Stored assessments over time: trends, and what has been sustained at target.
    History(HistoryArgs),
    /// The evidence journal: record what you did, tagged to the rubric; list it; see where it is thin.
    Log(LogArgs),
    /// The development plan: dated commitments per dimension, from an assessment's focus list.
    Plan(PlanArgs),
    /// Write the promotion packet: trend, levels, dated evidence and plan, per dimension.
    Packet(PacketArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print the manual page (roff).
    Man,
    /// Print the JSON Schema of rubric, answers, journal or plan files, for editors.
    Schema(SchemaArgs),
}

/// `promo assess`
#[derive(Debug, Clone, Args)]
pub struct AssessArgs {
    /// A built-in or custom rubric id, or a path to a rubric .toml file; without it, pick from a list.
    #[arg(long, value_name = "RUBRIC")]
    pub rubric: Option<String>,
    /// Save the finished answers to this file (default: a dated file in the data dir).
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,
    /// Continue the latest unfinished assessment (of this rubric, when --rubric is given).
    #[arg(long, conflicts_with = "answers")]
    pub resume: bool,
    /// With --resume: continue this draft (its file name in the drafts directory, as promo prints it, or a path).
    #[arg(long, value_name = "DRAFT", requires = "resume")]
    pub draft: Option<PathBuf>,
    /// Start a separate draft, even when there is one for this rubric, rater and subject (also while another promo has it).
    #[arg(long, conflicts_with_all = ["resume", "draft"])]
    pub new_draft: bool,
    /// Start from an earlier answers file: every earlier answer is preselected.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// Who is answering: yourself, or someone rating the person.
    #[arg(long, value_enum, value_name = "RATER")]
    pub rater: Option<RaterChoice>,
    /// Whom the assessment is about (recorded in the answers file; used in the questions' wording).
    /// For your own assessments promo asks your name once and remembers it; this overrides it.
    #[arg(long, value_name = "NAME")]
    pub subject: Option<String>,
    /// Fix the on-screen order of the options with this number, to repeat a run exactly (by
    /// default each assessment shuffles them its own way; answers files always use rubric order).
    #[arg(long, env = "PROMO_SEED", value_name = "N", hide_short_help = true)]
    pub seed: Option<u64>,
    /// Never prompt: fail with exit code 2 instead (for scripts).
    #[arg(long)]
    pub no_input: bool,
}

/// Who answers an assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RaterChoice {
    /// The person themselves.
    #[value(name = "self")]
    Myself,
    /// Their manager.
    Manager,
    /// A peer.
    Peer,
    /// Someone who reports to them.
    Report,
    /// Anyone else.
    Other,
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
    /// Point out weak spots in rubrics: rating words, levels that do not spread, missing advice.
    Lint(LintArgs),
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

/// `promo rubrics lint`
#[derive(Debug, Args)]
pub struct LintArgs {
    /// Rubrics to check: paths to .toml files, or built-in or custom rubric ids.
    #[arg(value_name = "PATH", required = true)]
    pub rubrics: Vec<String>,
    /// Exit with 3 when there is any warning.
    #[arg(long)]
    pub deny_warnings: bool,
}

/// `promo completions`
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// `promo schema`
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which file format.
    #[arg(value_enum, value_name = "KIND")]
    pub kind: SchemaKind,
}

/// The file formats `promo schema` describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// Rubric files.
    Rubric,
    /// Answers files.
    Answers,
    /// Journal entry files (in the data dir's journal/).
    Journal,
    /// Plan item files (in the data dir's plan/).
    Plan,
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
    /// Replace the --output file if it exists (it may hold answers you filled in).
    #[arg(long)]
    pub force: bool,
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
    /// Also show what changed since the previous stored assessment of the same rubric and rater.
    #[arg(long)]
    pub since_last: bool,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A gap table for the terminal.
    Table,
    /// Markdown, for GitHub or a shared doc.
    Markdown,
    /// One self-contained HTML page with a radar chart; open it in a browser or print it.
    Html,
    /// The JSON report, for scripts.
    Json,
    /// CSV, one row per dimension, for spreadsheets.
    Csv,
}

impl ReportFormat {
    /// The names of the formats meant for files (all but the terminal table), as `--format` takes them.
    pub fn file_format_names() -> Vec<String> {
        Self::value_variants()
            .iter()
            .filter(|format| **format != Self::Table)
            .filter_map(ValueEnum::to_possible_value)
            .map(|value| value.get_name().to_owned())
            .collect()
    }
}

/// `promo score`
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Answers files (.toml, .json) or directories, walked recursively in name order for .toml
    /// and .json files; `-` reads one answers document from standard input.
    #[arg(value_name = "PATH", required_unless_present = "files_from")]
    pub paths: Vec<PathBuf>,
    /// Score every file against this rubric (id or path); a file naming another rubric fails.
    #[arg(long, value_name = "RUBRIC")]
    pub rubric: Option<String>,
    /// Also score the paths listed in this file, one per line, after the PATHs; `-` reads the list from standard input.
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = ScoreFormat::Csv)]
    pub format: ScoreFormat,
    /// Print the team view per rubric instead of one row per file.
    #[arg(long, conflicts_with = "long")]
    pub summary: bool,
    /// CSV only: one row per file and dimension instead of one per file.
    #[arg(long)]
    pub long: bool,
    /// Write to this file instead of standard output (`-` is standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Formats for `promo score`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScoreFormat {
    /// One row per file, for spreadsheets and scripts.
    Csv,
    /// One JSON report per line, each with its `path`.
    Jsonl,
    /// One JSON array of reports, each with its `path`.
    Json,
    /// Aligned columns for the terminal.
    Table,
}

/// `promo compare`
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Answers files for one person from different raters (.toml or .json); at least two.
    /// The first self-assessment is the reference; without one, the first file is.
    #[arg(value_name = "FILE", required = true, num_args = 2..)]
    pub files: Vec<PathBuf>,
    /// Score against this rubric (id or path) instead of the one the answers name.
    #[arg(long, value_name = "RUBRIC")]
    pub rubric: Option<String>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = CompareFormat::Table)]
    pub format: CompareFormat,
    /// Write to this file instead of standard output (`-` is standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Formats for `promo compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompareFormat {
    /// A side-by-side table for the terminal.
    Table,
    /// A Markdown document to share before a one-to-one.
    Markdown,
    /// JSON for scripts.
    Json,
}

/// `promo history`
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct HistoryArgs {
    /// Add or remove stored assessments; without one, list them with their trends.
    #[command(subcommand)]
    pub command: Option<HistoryCommand>,
    /// Only this rubric's history (id or path); default: every rubric with stored assessments.
    #[arg(long, value_name = "RUBRIC")]
    pub rubric: Option<String>,
    /// Only the assessments of this person (as their `subject` says, in any case; `you` is your
    /// own assessments without a subject).
    #[arg(long, value_name = "NAME")]
    pub subject: Option<String>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = HistoryFormat::Table)]
    pub format: HistoryFormat,
}

/// `promo history …`
#[derive(Debug, Subcommand)]
pub enum HistoryCommand {
    /// Store existing answers files in the history (dated by their `date`, else the file time).
    Add(HistoryAddArgs),
    /// Delete a stored assessment by the ID `promo history` shows.
    Remove(HistoryRemoveArgs),
}

/// `promo history add`
#[derive(Debug, Args)]
pub struct HistoryAddArgs {
    /// Answers files (.toml or .json); `-` reads standard input.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Score against this rubric (id or path) instead of the one the answers name.
    #[arg(long, value_name = "RUBRIC")]
    pub rubric: Option<String>,
}

/// `promo history remove`
#[derive(Debug, Args)]
pub struct HistoryRemoveArgs {
    /// The ID of the stored assessment, as `promo history` lists it.
    #[arg(value_name = "ID")]
    pub id: String,
}

/// Formats for `promo history`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HistoryFormat {
    /// Tables with a sparkline per dimension, for the terminal.
    Table,
    /// JSON for scripts.
    Json,
}

/// Parses a `YYYY-MM-DD` command-line date.
fn date_arg(text: &str) -> Result<Date, String> {
    Date::parse(text)
}

/// `promo log`
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct LogArgs {
    /// Add, list, remove, re-tag, or see coverage; without one, the weekly prompt on a
    /// terminal (when no option is given), else the list.
    #[command(subcommand)]
    pub command: Option<LogCommand>,
    /// Which entries to list.
    #[command(flatten)]
    pub list: LogListArgs,
}

/// `promo log …`
#[derive(Debug, Subcommand)]
pub enum LogCommand {
    /// Record one thing you did; without TEXT on a terminal, the weekly prompt.
    Add(LogAddArgs),
    /// List entries, newest first, with their ids.
    List(LogListArgs),
    /// Delete an entry by the ID `promo log` shows.
    Remove(LogRemoveArgs),
    /// Replace an entry's dimensions.
    Tag(LogTagArgs),
    /// Per dimension: how many entries and examples, the newest, and where the record is thin.
    Coverage(LogCoverageArgs),
}

/// `promo log add`
#[derive(Debug, Args)]
pub struct LogAddArgs {
    /// What you did, in a sentence (quote it); without it on a terminal, promo asks, week by week.
    #[arg(value_name = "TEXT")]
    pub text: Option<String>,
    /// A dimension id it shows; repeatable. Without it, promo suggests dimensions.
    #[arg(long = "dim", value_name = "ID")]
    pub dims: Vec<String>,
    /// The rubric (id or path); default: the rubric of the newest stored self-assessment.
    #[arg(long, value_name = "RUBRIC")]
    pub rubric: Option<String>,
    /// When it happened, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    pub date: Option<Date>,
    /// Where to see it: a pull request, a document, a recording.
    #[arg(long, value_name = "URL")]
    pub link: Option<String>,
    /// Never prompt: store the entry untagged and print the suggestions instead.
    #[arg(long)]
    pub no_input: bool,
}

/// Which journal entries to list.
#[derive(Debug, Args, Default)]
pub struct LogListArgs {
    /// Only this rubric's entries (id or path); default: every rubric.
    #[arg(long, value_name = "RUBRIC")]
    pub rubric: Option<String>,
    /// Only entries tagged with this dimension id.
    #[arg(long = "dim", value_name = "ID")]
    pub dim: Option<String>,
    /// Only entries on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    pub since: Option<Date>,
    /// Only entries on or before this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    pub until: Option<Date>,
    /// Output format (default: table).
    #[arg(short, long, value_enum)]
    pub format: Option<LogFormat>,
}

impl LogListArgs {
    /// Whether no option was given.
    pub fn is_empty(&self) -> bool {
        self.rubric.is_none()
            && self.dim.is_none()
            && self.since.is_none()
            && self.until.is_none()
            && self.format.is_none()
    }
}

/// Formats for `promo log`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// A table for the terminal.
    Table,
    /// A Markdown table, for a brag document.
    Markdown,
    /// JSON for scripts.
    Json,
    /// CSV for spreadsheets.
    Csv,
}

/// `promo log remove`
#[derive(Debug, Args)]
pub struct LogRemoveArgs {
    /// The entry's ID as `promo log` lists it (a unique prefix of four or more digits will do).
    #[arg(value_name = "ID")]
    pub id: String,
}

/// `promo log tag`
#[derive(Debug, Args)]
pub struct LogTagArgs {
    /// The entry's ID as `promo log` lists it.
    #[arg(value_name = "ID")]
    pub id: String,
    /// A dimension id the entry shows; repeatable; replaces the entry's dimensions.
    #[arg(long = "dim", value_name = "ID", required = true)]
    pub dims: Vec<String>,
}

/// `promo log coverage`
#[derive(Debug, Args)]
pub struct LogCoverageArgs {
    /// The rubric (id or path); default: the rubric of the newest stored self-assessment.
    #[arg(long, value_name = "RUBRIC")]
    pub rubric: Option<String>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = CoverageFormat::Table)]
    pub format: CoverageFormat,
}

/// Formats for `promo log coverage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CoverageFormat {
    /// A table for the terminal.
    Table,
    /// JSON for scripts.
    Json,
}

/// `promo plan`
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct PlanArgs {
    /// Make, add to, finish or drop items; without one, list the open items.
    #[command(subcommand)]
    pub command: Option<PlanCommand>,
    /// Only this rubric's plan (id or path); default: every rubric with a plan.
    #[arg(long, value_name = "RUBRIC")]
    pub rubric: Option<String>,
    /// Also list items that are done or dropped.
    #[arg(long)]
    pub all: bool,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = PlanFormat::Table)]
    pub format: PlanFormat,
}

/// `promo plan …`
#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Turn an assessment's focus list into dated items (an existing plan is kept and added to).
    New(PlanNewArgs),
    /// Add one item.
    Add(PlanAddArgs),
    /// Mark an item done; with --note, also record a journal entry for its dimension.
    Done(PlanDoneArgs),
    /// Drop an item you will not do.
    Drop(PlanDropArgs),
}

/// `promo plan new`
#[derive(Debug, Args)]
pub struct PlanNewArgs {
    /// The rubric (id or path); default: the rubric of the newest stored self-assessment.
    #[arg(long, value_name = "RUBRIC")]
    pub rubric: Option<String>,
    /// Plan from this answers file instead of the newest stored self-assessment.
    #[arg(long, value_name = "ANSWERS")]
    pub from: Option<PathBuf>,
    /// Spread the due dates over this many weeks.
    #[arg(long, value_name = "N", default_value_t = 12, value_parser = clap::value_parser!(u32).range(1..=520))]
    pub weeks: u32,
    /// The first day of the plan, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    pub start: Option<Date>,
}

/// `promo plan add`
#[derive(Debug, Args)]
pub struct PlanAddArgs {
    /// What you will do.
    #[arg(value_name = "TEXT")]
    pub text: String,
    /// The dimension id it works on.
    #[arg(long = "dim", value_name = "ID")]
    pub dim: String,
    /// When it is due, YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    pub due: Date,
    /// Who helps: your manager, a mentor.
    #[arg(long = "with", value_name = "NAME")]
    pub with: Option<String>,
    /// The rubric (id or path); default: the rubric of the newest stored self-assessment.
    #[arg(long, value_name = "RUBRIC")]
    pub rubric: Option<String>,
}

/// `promo plan done`
#[derive(Debug, Args)]
pub struct PlanDoneArgs {
    /// The item's ID as `promo plan` lists it.
    #[arg(value_name = "ID")]
    pub id: String,
    /// How it went; also recorded as a journal entry for the item's dimension.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// When it was done, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    pub date: Option<Date>,
}

/// `promo plan drop`
#[derive(Debug, Args)]
pub struct PlanDropArgs {
    /// The item's ID as `promo plan` lists it.
    #[arg(value_name = "ID")]
    pub id: String,
    /// Why it was dropped.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

/// Formats for `promo plan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    /// A table for the terminal.
    Table,
    /// A Markdown table, to share with your manager.
    Markdown,
    /// JSON for scripts.
    Json,
}

/// `promo packet`
#[derive(Debug, Args)]
pub struct PacketArgs {
    /// The rubric (id or path); default: the rubric of the newest stored self-assessment.
    #[arg(long, value_name = "RUBRIC")]
    pub rubric: Option<String>,
    /// The first day of the period, YYYY-MM-DD (default: a year before --until).
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    pub since: Option<Date>,
    /// The last day of the period, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    pub until: Option<Date>,
    /// What you are asking for: closes the packet with a "What I am asking for" section.
    #[arg(long, value_name = "TEXT")]
    pub ask: Option<String>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = PacketFormat::Markdown)]
    pub format: PacketFormat,
    /// Write to this file instead of standard output (`-` is standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Formats for `promo packet`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PacketFormat {
    /// Markdown, for a shared doc.
    Markdown,
    /// One self-contained HTML page with a chart; open it in a browser or print it to PDF.
    Html,
    /// JSON for scripts.
    Json,
}
