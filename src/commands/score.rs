//! `promo score`: score many answers files at once, streaming one row per file or the team view.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Context;
use crate::batch::{self, Entry, Flow, Inputs, Origin};
use crate::catalog::{Catalog, Loaded, no_such_file, not_a_rubric_id, not_utf8};
use crate::cli::{ScoreArgs, ScoreFormat};
use crate::core::answers::{self, Answers, Document, Syntax, Warning};
use crate::core::error::{Invalid, Problem};
use crate::core::rubric::Rubric;
use crate::core::scoring::{self, Score};
use crate::core::summary::{Summary, Tally};
use crate::exit::{Failure, OK, PARTIAL, USAGE, code_of};
use crate::export;
use crate::export::score::{Part, RowsExporter, Scored};
use crate::show::{self, Shown};
use crate::term::Style;
use crate::writer;

/// Scores every input and writes the rows (or the summary) in input order.
pub fn run(context: &Context, args: &ScoreArgs) -> Result<u8> {
    check_args(args)?;
    let fixed = match &args.rubric {
        Some(spec) => Some(Arc::new(context.catalog.resolve(spec)?)),
        None => None,
    };
    let mut origins: Vec<Origin> = args.paths.iter().cloned().map(Origin::Path).collect();
    if let Some(list) = &args.files_from {
        origins.push(Origin::ListFile(list.clone()));
    }
    let style = context.style_for(args.output.as_deref());
    let plan = Plan {
        format: args.format,
        summary: args.summary,
        style,
        rows: export::score_rows(
            args.format,
            args.long,
            fixed.as_deref().map(|l| &l.rubric),
            style,
        ),
    };
    let rubrics = Rubrics {
        catalog: &context.catalog,
        fixed,
        cache: Mutex::new(HashMap::new()),
    };
    let inputs = Inputs::new(origins);
    let failed = match args.output.as_deref().filter(|p| p.as_os_str() != "-") {
        None => {
            writer::check_stdout()?;
            let stdout = io::stdout();
            // On a terminal, only the table (which escapes text itself, and may be coloured)
            // is written as it is; CSV and JSON carry text from the files as written.
            let styled = plan.format == ScoreFormat::Table && plan.style.color;
            let raw = styled || !stdout.is_terminal();
            let lock: Box<dyn Write> = if raw {
                Box::new(stdout.lock())
            } else {
                Box::new(writer::TerminalSafe(stdout.lock()))
            };
            let mut out = BufWriter::with_capacity(1 << 16, lock);
            let failed = score_all(inputs, &rubrics, &plan, &mut out);
            match failed {
                Err(error) if is_broken_pipe(&error) => return Ok(OK),
                other => other.context("cannot write to standard output")?,
            }
        }
        Some(path) => {
            let mut failed = 0;
            writer::write_atomic_with(path, |file: &mut dyn Write| {
                let mut out = BufWriter::with_capacity(1 << 16, file);
                failed = score_all(inputs, &rubrics, &plan, &mut out).map_err(io::Error::other)?;
                out.flush()
            })?;
            failed
        }
    };
    Ok(if failed > 0 { PARTIAL } else { OK })
}

fn check_args(args: &ScoreArgs) -> Result<()> {
    let stdin_paths = args.paths.iter().filter(|p| p.as_os_str() == "-").count();
    let list_on_stdin = args
        .files_from
        .as_deref()
        .is_some_and(|p| p.as_os_str() == "-");
    if stdin_paths > 1 || (stdin_paths == 1 && list_on_stdin) {
        return Err(Failure::usage(
            "standard input can be read only once: give `-` as one PATH or as --files-from, not both",
        )
        .into());
    }
    if args.long && args.format != ScoreFormat::Csv {
        return Err(Failure::usage("--long applies to --format csv only").into());
    }
    Ok(())
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .filter_map(|cause| cause.downcast_ref::<io::Error>())
        .any(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

/// What to write, decided once.
struct Plan {
    format: ScoreFormat,
    summary: bool,
    style: Style,
    /// The exporter of the rows (not of the summary).
    rows: RowsExporter,
}

/// Rubrics by id, each loaded once; `--rubric` replaces them all.
struct Rubrics<'c> {
    catalog: &'c Catalog,
    fixed: Option<Arc<Loaded>>,
    cache: Mutex<HashMap<String, Result<Arc<Loaded>, Refusal>>>,
}

/// Why a rubric id could not be loaded, kept to report it for every file that names it.
#[derive(Clone)]
struct Refusal {
    /// The id was not found: the answers file is at fault.
    unknown: bool,
    message: String,
}

impl Rubrics<'_> {
    fn get(
        &self,
        local: &mut Vec<(String, Arc<Loaded>)>,
        id: &str,
    ) -> Result<Arc<Loaded>, Refusal> {
        if let Some(fixed) = &self.fixed {
            return Ok(Arc::clone(fixed));
        }
        if let Some(message) = not_a_rubric_id(id) {
            return Err(Refusal {
                unknown: true,
                message,
            });
        }
        if let Some((_, loaded)) = local.iter().find(|(known, _)| known == id) {
            return Ok(Arc::clone(loaded));
        }
        let lock = || {
            self.cache
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        let cached = lock().get(id).cloned();
        let found = match cached {
            Some(found) => found,
            None => {
                // Loaded without holding the lock, so that threads needing different rubrics
                // load them at the same time; a rubric two threads load at once is kept once.
                let loaded = self
                    .catalog
                    .resolve(id)
                    .map(Arc::new)
                    .map_err(|error| Refusal {
                        unknown: code_of(&error) == USAGE,
                        message: format!("{error:#}"),
                    });
                lock().entry(id.to_owned()).or_insert(loaded).clone()
            }
        };
        if let Ok(loaded) = &found {
            local.push((id.to_owned(), Arc::clone(loaded)));
        }
        found
    }
}

/// A loaded rubric, as the one-pass reader takes it.
struct Held(Arc<Loaded>);

impl std::borrow::Borrow<Rubric> for Held {
    fn borrow(&self) -> &Rubric {
        &self.0.rubric
    }
}

/// Scratch space each worker reuses from file to file.
struct Worker {
    buffer: Vec<u8>,
    rubrics: Vec<(String, Arc<Loaded>)>,
}

thread_local! {
    /// The read buffer, kept by each thread from one piece of work to the next.
    static BUFFER: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

impl Worker {
    fn new() -> Self {
        Self {
            buffer: BUFFER.take(),
            rubrics: Vec::new(),
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        BUFFER.set(std::mem::take(&mut self.buffer));
    }
}

/// A warning or an error about one input, for standard error.
enum Note {
    Warning(String),
    Error(String),
}

/// What scoring a run of consecutive inputs produced, ready to be written in order.
#[derive(Default)]
struct Outcome {
    /// The rendered rows or objects, one after the other.
    bytes: Vec<u8>,
    /// Where each row ends in `bytes`, for what goes between rows.
    ends: Vec<usize>,
    /// Warnings and errors, in input order.
    notes: Vec<Note>,
    /// For the summary: the rubric and the score of each file scored.
    scored: Vec<(Arc<Loaded>, Score, Option<String>)>,
    /// How many inputs the run held.
    inputs: usize,
}

/// One answers file, scored.
struct ScoredFile<'e> {
    path: Cow<'e, str>,
    loaded: Arc<Loaded>,
    answers: Answers,
    score: Score,
    warnings: Vec<Warning>,
}

/// Scores everything and writes it to `out`; returns how many inputs failed.
fn score_all(
    inputs: Inputs,
    rubrics: &Rubrics<'_>,
    plan: &Plan,
    out: &mut impl Write,
) -> Result<usize> {
    write_start(plan, out)?;
    let mut failed = 0;
    let mut rows = 0;
    let mut tallies: Vec<(Arc<Loaded>, Tally)> = Vec::new();
    let mut progress = Progress::new();
    batch::process(
        inputs,
        Worker::new,
        |worker, chunk| score_chunk(worker, chunk, rubrics, plan),
        |outcome| outcome.bytes.len() + 64 * outcome.inputs,
        |outcome| {
            progress.tick(outcome.inputs);
            if !outcome.notes.is_empty() {
                progress.suspend(|| {
                    for note in &outcome.notes {
                        match note {
                            Note::Warning(warning) => super::warn_all([warning]),
                            Note::Error(error) => {
                                failed += 1;
                                super::print_error(error);
                            }
                        }
                    }
                });
            }
            for (loaded, score, subject) in &outcome.scored {
                let at = match tallies.iter().position(|(l, _)| Arc::ptr_eq(l, loaded)) {
                    Some(at) => at,
                    None => {
                        tallies.push((Arc::clone(loaded), Tally::new(&loaded.rubric)));
                        tallies.len() - 1
                    }
                };
                let tally = &mut tallies[at].1;
                tally.add(score);
                tally.add_subject(subject.as_deref());
            }
            let mut start = 0;
            for &end in &outcome.ends {
                out.write_all(&plan.rows.render(&Part::Before { first: rows == 0 }))?;
                rows += 1;
                out.write_all(&outcome.bytes[start..end])?;
                start = end;
            }
            Ok(Flow::Continue)
        },
    )?;
    progress.finish();
    if progress.count == 0 {
        super::warn_all(["no answers files (.toml or .json) were found"]);
    }
    if plan.summary {
        let summaries: Vec<Summary> = tallies
            .iter()
            .map(|(loaded, tally)| tally.summary(&loaded.rubric))
            .collect();
        out.write_all(&export::summary(plan.format, plan.style).render(&summaries))?;
    } else {
        out.write_all(&plan.rows.render(&Part::End { rows }))?;
    }
    out.flush()?;
    Ok(failed)
}

fn write_start(plan: &Plan, out: &mut impl Write) -> io::Result<()> {
    if plan.summary {
        return Ok(());
    }
    out.write_all(&plan.rows.render(&Part::Start))
}

/// Scores a run of consecutive inputs and renders them, in order, into one outcome.
fn score_chunk(
    worker: &mut Worker,
    chunk: &[Entry],
    rubrics: &Rubrics<'_>,
    plan: &Plan,
) -> Outcome {
    let mut outcome = Outcome {
        inputs: chunk.len(),
        ..Outcome::default()
    };
    for entry in chunk {
        let file = match score_one(worker, entry, rubrics) {
            Ok(file) => file,
            Err(error) => {
                outcome.notes.push(Note::Error(error));
                continue;
            }
        };
        outcome
            .notes
            .extend(file.warnings.iter().map(|w| Note::Warning(w.0.clone())));
        if plan.summary {
            outcome
                .scored
                .push((file.loaded, file.score, file.answers.subject.clone()));
            continue;
        }
        let row = Scored {
            path: &file.path,
            rubric: &file.loaded.rubric,
            answers: &file.answers,
            score: &file.score,
        };
        plan.rows.render_into(&Part::Row(row), &mut outcome.bytes);
        outcome.ends.push(outcome.bytes.len());
    }
    outcome
}

/// Reads, parses, checks and scores one input; an error is the message for standard error.
fn score_one<'e>(
    worker: &mut Worker,
    entry: &'e Entry,
    rubrics: &Rubrics<'_>,
) -> Result<ScoredFile<'e>, String> {
    let failed = |error: &dyn std::fmt::Display| format!("{error:#}");
    let (path, syntax, bytes): (Cow<'e, str>, Syntax, &[u8]) = match entry {
        Entry::File(path) => {
            let length = batch::read_file(path, &mut worker.buffer)
                .map_err(|error| read_error(path, &error))?;
            let shown = show::path(path);
            let syntax = Syntax::for_path(&shown);
            (shown, syntax, &worker.buffer[..length])
        }
        Entry::Stdin(Ok(bytes)) => {
            let syntax = Syntax::sniff(&String::from_utf8_lossy(bytes));
            (Cow::Borrowed("<stdin>"), syntax, bytes.as_slice())
        }
        Entry::Stdin(Err(reason)) => return Err(reason.clone()),
        Entry::Unusable { path, reason } => {
            return Err(format!("{}: {reason}", Shown(path)));
        }
    };
    let origin: &str = &path;
    let text = std::str::from_utf8(bytes)
        .map_err(|e| failed(&not_utf8(origin, bytes, e.valid_up_to())))?;
    // The usual file is read and checked in one pass; anything else, and every mistake, takes
    // the two steps, which say what is wrong.
    let picked = answers::read_checked(text, syntax, origin, |id| {
        rubrics.get(&mut worker.rubrics, id).ok().map(Held)
    });
    if let Some((Held(loaded), answers, warnings)) = picked {
        let score = scoring::score(&loaded.rubric, &answers);
        return Ok(ScoredFile {
            path,
            loaded,
            answers,
            score,
            warnings,
        });
    }
    let document = Document::parse(text, syntax, origin).map_err(|e| failed(&e))?;
    let loaded = match rubrics.get(&mut worker.rubrics, document.rubric()) {
        Ok(loaded) => loaded,
        Err(refusal) if refusal.unknown => {
            return Err(failed(&Invalid::one(
                "answers",
                origin,
                Problem::new(refusal.message).about("rubric"),
            )));
        }
        Err(refusal) => return Err(refusal.message),
    };
    let (answers, warnings) = document
        .check(&loaded.rubric, origin, text)
        .map_err(|e| failed(&e))?;
    let score = scoring::score(&loaded.rubric, &answers);
    Ok(ScoredFile {
        path,
        loaded,
        answers,
        score,
        warnings,
    })
}

/// The same words `promo report` uses for a file it cannot read.
fn read_error(path: &Path, error: &io::Error) -> String {
    let origin = Shown(path);
    match error.kind() {
        io::ErrorKind::NotFound => no_such_file(&origin.to_string()),
        io::ErrorKind::FileTooLarge => format!(
            "{:#}",
            Invalid::one("text", &origin.to_string(), crate::core::error::too_big())
        ),
        _ => format!("cannot read {origin}: {error}"),
    }
}

/// A run is long, and shows progress, after this many files or this much time.
const LONG_RUN_FILES: u64 = 2000;
const LONG_RUN_TIME: Duration = Duration::from_secs(1);

/// A progress line on standard error, shown only on a terminal and only once a run is long.
struct Progress {
    started: Instant,
    count: u64,
    terminal: bool,
    bar: Option<ProgressBar>,
}

impl Progress {
    fn new() -> Self {
        Self {
            started: Instant::now(),
            count: 0,
            terminal: io::stderr().is_terminal(),
            bar: None,
        }
    }

    /// Counts `inputs` more inputs done.
    fn tick(&mut self, inputs: usize) {
        let inputs = u64::try_from(inputs).unwrap_or(u64::MAX);
        self.count = self.count.saturating_add(inputs);
        if let Some(bar) = &self.bar {
            bar.inc(inputs);
        } else if self.terminal
            && (self.count > LONG_RUN_FILES || self.started.elapsed() > LONG_RUN_TIME)
        {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            if let Ok(style) =
                ProgressStyle::with_template("{spinner} {pos} files scored, {per_sec}, {elapsed}")
            {
                bar.set_style(style);
            }
            bar.set_position(self.count);
            bar.enable_steady_tick(Duration::from_millis(120));
            self.bar = Some(bar);
        }
    }

    fn suspend(&self, f: impl FnOnce()) {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
