//! `promo score`: score many answers files at once, streaming one row per file or the team view.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Context;
use crate::batch::{self, Entry, Flow, Inputs, Origin};
use crate::catalog::{Catalog, Loaded};
use crate::cli::{ScoreArgs, ScoreFormat};
use crate::core::answers::{Document, Syntax};
use crate::core::error::{Invalid, Problem};
use crate::core::report::{self, ReportOptions};
use crate::core::scoring::{self, Score};
use crate::core::summary::{Summary, Tally};
use crate::exit::{Failure, OK, PARTIAL, USAGE, code_of};
use crate::export::score as render;
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
    let to_stdout = args.output.as_deref().is_none_or(|p| p.as_os_str() == "-");
    let style = if to_stdout {
        context.style
    } else {
        Style::PLAIN
    };
    let plan = Plan {
        format: args.format,
        long: args.long,
        summary: args.summary,
        style,
        columns: match (args.format, args.long, args.summary) {
            (ScoreFormat::Csv, false, false) => fixed.clone(),
            _ => None,
        },
    };
    let rubrics = Rubrics {
        catalog: &context.catalog,
        fixed,
        cache: Mutex::new(HashMap::new()),
    };
    let inputs = Inputs::new(origins);
    let failed = match args.output.as_deref().filter(|p| p.as_os_str() != "-") {
        None => {
            let stdout = io::stdout();
            let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
            let failed = score_all(inputs, &rubrics, &plan, &mut out);
            match failed {
                Err(error) if is_broken_pipe(&error) => return Ok(OK),
                other => other?,
            }
        }
        Some(path) => {
            let mut failed = 0;
            writer::write_atomic_with(path, |file: &mut File| {
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
    long: bool,
    summary: bool,
    style: Style,
    /// The rubric whose dimensions get a level column each in the CSV.
    columns: Option<Arc<Loaded>>,
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
        if let Some((_, loaded)) = local.iter().find(|(known, _)| known == id) {
            return Ok(Arc::clone(loaded));
        }
        let found = {
            let mut cache = self
                .cache
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            cache
                .entry(id.to_owned())
                .or_insert_with(|| {
                    self.catalog
                        .resolve(id)
                        .map(Arc::new)
                        .map_err(|error| Refusal {
                            unknown: code_of(&error) == USAGE,
                            message: format!("{error:#}"),
                        })
                })
                .clone()
        };
        if let Ok(loaded) = &found {
            local.push((id.to_owned(), Arc::clone(loaded)));
        }
        found
    }
}

/// Scratch space each worker reuses from file to file.
struct Worker {
    buffer: Vec<u8>,
    rubrics: Vec<(String, Arc<Loaded>)>,
}

/// What scoring one input produced, ready to be written in order.
#[derive(Default)]
struct Outcome {
    /// The rendered row(s) or object.
    bytes: Vec<u8>,
    warnings: Vec<String>,
    error: Option<String>,
    /// For the summary: the rubric and the score.
    scored: Option<(Arc<Loaded>, Score)>,
}

impl Outcome {
    fn failed(error: impl std::fmt::Display) -> Self {
        Self {
            error: Some(format!("{error:#}")),
            ..Self::default()
        }
    }
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
    let mut first = true;
    let mut tallies: Vec<(Arc<Loaded>, Tally)> = Vec::new();
    let mut progress = Progress::new();
    batch::process(
        inputs,
        || Worker {
            buffer: Vec::new(),
            rubrics: Vec::new(),
        },
        |worker, entry| score_one(worker, entry, rubrics, plan),
        |outcome| outcome.bytes.len() + 64,
        |outcome| {
            progress.tick();
            if !outcome.warnings.is_empty() {
                progress.suspend(|| super::warn_all(&outcome.warnings));
            }
            if let Some(error) = &outcome.error {
                failed += 1;
                progress.suspend(|| {
                    eprintln!(
                        "{} {error}",
                        console::style("error:").for_stderr().red().bold()
                    );
                });
                return Ok(Flow::Continue);
            }
            if let Some((loaded, score)) = &outcome.scored {
                match tallies.iter_mut().find(|(l, _)| Arc::ptr_eq(l, loaded)) {
                    Some((_, tally)) => tally.add(score),
                    None => {
                        let mut tally = Tally::new(&loaded.rubric);
                        tally.add(score);
                        tallies.push((Arc::clone(loaded), tally));
                    }
                }
            }
            if plan.format == ScoreFormat::Json && !plan.summary {
                out.write_all(if first { b"[\n" } else { b",\n" })?;
                first = false;
            }
            out.write_all(&outcome.bytes)?;
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
        out.write_all(&match plan.format {
            ScoreFormat::Csv => render::summary_csv(&summaries),
            ScoreFormat::Json => render::summary_json(&summaries),
            ScoreFormat::Jsonl => render::summary_jsonl(&summaries),
            ScoreFormat::Table => render::summary_table(&summaries, plan.style),
        })?;
    } else if plan.format == ScoreFormat::Json {
        out.write_all(if first { b"[]\n" } else { b"\n]\n" })?;
    }
    out.flush().context("cannot write the output")?;
    Ok(failed)
}

fn write_start(plan: &Plan, out: &mut impl Write) -> io::Result<()> {
    if plan.summary {
        return Ok(());
    }
    match (plan.format, plan.long) {
        (ScoreFormat::Csv, true) => out.write_all(&render::csv_long_header()),
        (ScoreFormat::Csv, false) => out.write_all(&render::csv_header(
            plan.columns.as_deref().map(|l| &l.rubric),
        )),
        (ScoreFormat::Table, _) => out.write_all(&render::table_header(plan.style)),
        (ScoreFormat::Json | ScoreFormat::Jsonl, _) => Ok(()),
    }
}

/// Reads, parses, checks, scores and renders one input.
fn score_one(worker: &mut Worker, entry: &Entry, rubrics: &Rubrics<'_>, plan: &Plan) -> Outcome {
    let (path, origin, syntax, bytes) = match entry {
        Entry::File(path) => {
            let length = match batch::read_file(path, &mut worker.buffer) {
                Ok(length) => length,
                Err(error) => return Outcome::failed(read_error(path, &error)),
            };
            let shown = path.to_string_lossy();
            let syntax = Syntax::for_path(&shown);
            (shown.clone(), shown, syntax, &worker.buffer[..length])
        }
        Entry::Stdin(Ok(bytes)) => {
            let syntax = Syntax::sniff(&String::from_utf8_lossy(bytes));
            ("<stdin>".into(), "<stdin>".into(), syntax, bytes.as_slice())
        }
        Entry::Stdin(Err(reason)) => return Outcome::failed(reason),
        Entry::Unusable { path, reason } => {
            return Outcome::failed(format_args!("{}: {reason}", path.display()));
        }
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let lossy = String::from_utf8_lossy(bytes);
            return Outcome::failed(Invalid::one(
                "text",
                &origin,
                Problem::new("this is not UTF-8 text; save it as UTF-8")
                    .at_offset(&lossy, e.valid_up_to()),
            ));
        }
    };
    let document = match Document::parse(text, syntax, &origin) {
        Ok(document) => document,
        Err(error) => return Outcome::failed(error),
    };
    let loaded = match rubrics.get(&mut worker.rubrics, document.rubric()) {
        Ok(loaded) => loaded,
        Err(refusal) if refusal.unknown => {
            return Outcome::failed(Invalid::one(
                "answers",
                &origin,
                Problem::new(refusal.message).about("rubric"),
            ));
        }
        Err(refusal) => return Outcome::failed(refusal.message),
    };
    let rubric = &loaded.rubric;
    let (answers, warnings) = match document.check(rubric, &origin, text) {
        Ok(checked) => checked,
        Err(error) => return Outcome::failed(error),
    };
    let score = scoring::score(rubric, &answers);
    let row = render::Scored {
        path: &path,
        rubric,
        answers: &answers,
        score: &score,
    };
    let bytes = if plan.summary {
        Vec::new()
    } else {
        match (plan.format, plan.long) {
            (ScoreFormat::Csv, false) => {
                let columns = plan
                    .columns
                    .as_ref()
                    .is_some_and(|c| c.rubric.id == rubric.id);
                render::csv_row(&row, columns)
            }
            (ScoreFormat::Table, _) => render::table_row(&row, plan.style),
            (format, long) => {
                let report = report::from_score(rubric, &answers, &score, ReportOptions::default());
                match (format, long) {
                    (ScoreFormat::Csv, _) => render::csv_long_rows(&path, &report),
                    _ => {
                        let mut bytes = render::json_object(&path, &report);
                        if format == ScoreFormat::Jsonl {
                            bytes.push(b'\n');
                        }
                        bytes
                    }
                }
            }
        }
    };
    Outcome {
        bytes,
        warnings: warnings.into_iter().map(|w| w.0).collect(),
        error: None,
        scored: plan.summary.then(|| (Arc::clone(&loaded), score)),
    }
}

/// The same words `promo report` uses for a file it cannot read.
fn read_error(path: &Path, error: &io::Error) -> String {
    let origin = path.display();
    if error.kind() == io::ErrorKind::NotFound {
        format!("{origin}: no such file")
    } else {
        format!("cannot read {origin}: {error}")
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

    fn tick(&mut self) {
        self.count += 1;
        if let Some(bar) = &self.bar {
            bar.inc(1);
        } else if self.terminal
            && (self.count > LONG_RUN_FILES
                || (self.count.is_multiple_of(64) && self.started.elapsed() > LONG_RUN_TIME))
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
