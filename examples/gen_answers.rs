//! Writes N synthetic, realistic answers files for the `promo score` benchmark and tests.
//!
//! ```sh
//! cargo run --release --example gen_answers -- DIR 100000 --rubric ic-to-manager
//! cargo run --release --example gen_answers -- DIR 20000 --rubric mixed --json 10
//! ```
//!
//! Each file is what a filled-in template looks like once its comments are gone: the header
//! keys, one answer per question (choice, multi, "na", text, the odd one left out) and a few
//! examples, about 40 lines. The content depends only on the seed and the file number, so two
//! runs write the same files.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::Parser;
use rayon::prelude::*;

use promo::catalog::Catalog;
use promo::core::rubric::{QuestionKind, Rubric};

/// Writes synthetic answers files.
#[derive(Debug, Parser)]
struct Args {
    /// The directory to write into (created if missing).
    dir: PathBuf,
    /// How many files.
    count: usize,
    /// A built-in rubric id, or `mixed` to cycle through all built-in rubrics.
    #[arg(long, default_value = "ic-to-manager")]
    rubric: String,
    /// Percentage of files written as JSON instead of TOML.
    #[arg(long, default_value_t = 0)]
    json: u8,
    /// Files per subdirectory; 0 writes every file straight into DIR.
    #[arg(long, default_value_t = 0)]
    per_dir: usize,
    /// Seed for the pseudo-random answers.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// SplitMix64: a tiny, well-known generator; good enough for test data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, n: u64) -> Self {
        let mut rng = Self(seed ^ n.wrapping_mul(0xA076_1D64_78BD_642F));
        rng.next();
        rng
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const FIRST: [&str; 12] = [
    "Sam", "Alex", "Priya", "Jordan", "Mei", "Tomás", "Aisha", "Lars", "Noor", "Chidi", "Eva",
    "Kenji",
];
const LAST: [&str; 10] = [
    "Lee",
    "Okafor",
    "García",
    "Novak",
    "Chen",
    "O'Brien",
    "Haddad",
    "Smith, Jr.",
    "Ivanova",
    "Park",
];
const RATERS: [&str; 5] = ["self", "self", "self", "manager", "peer"];
const EXAMPLES: [&str; 6] = [
    "Led the migration of the billing jobs and handed the runbook to two teammates.",
    "Ran a \"lunch & learn\" on tracing; 14 people came, three now use it daily.",
    "Wrote the proposal for on-call rotation changes, got sign-off from the director.",
    "Paired with our new hire for two weeks; she shipped her first feature in week three.",
    "Negotiated the API freeze with the payments team, see the notes from 3 March.",
    "=Moved the weekly update to a shared doc, so everyone sees the same numbers",
];
const WHY: [&str; 4] = [
    "I enjoy helping people grow more than writing the code myself.",
    "I want to shape how the team works, not only what it builds.",
    "Several people already come to me for advice; I would like to do it properly.",
    "Honestly not sure yet - I want to find out whether I like it.",
];

fn quote(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// One answers document as TOML, or as JSON when `json` is set.
fn document(rubric: &Rubric, rng: &mut Rng, n: usize, json: bool) -> Result<String> {
    // How this person tends to answer: a skill around which choices scatter.
    let skill = rng.below(5);
    let mut answers: Vec<(String, serde_json::Value)> = Vec::new();
    let mut evidence: Vec<(String, String)> = Vec::new();
    for (_, question) in rubric.questions() {
        if rng.chance(3) {
            continue; // left unanswered
        }
        if question.na.is_some() && rng.chance(12) {
            answers.push((question.id.clone(), "na".into()));
            continue;
        }
        match &question.kind {
            QuestionKind::Choice(options) => {
                // Prefer the option whose level is near this person's skill.
                let pick = (0..3)
                    .map(|_| rng.below(options.len()))
                    .min_by_key(|&i| usize::from(options[i].level).abs_diff(skill))
                    .unwrap_or(0);
                answers.push((question.id.clone(), (pick + 1).into()));
                let earns = question
                    .evidence_from
                    .is_some_and(|from| options[pick].level >= from);
                if earns && rng.chance(40) {
                    let example = EXAMPLES[rng.below(EXAMPLES.len())];
                    evidence.push((question.id.clone(), example.to_owned()));
                }
            }
            QuestionKind::Multi(options) => {
                let chosen: Vec<usize> = (0..options.len())
                    .filter(|_| rng.below(5) < skill.max(1))
                    .map(|i| i + 1)
                    .collect();
                answers.push((question.id.clone(), chosen.into()));
            }
            QuestionKind::Text => {
                answers.push((question.id.clone(), WHY[rng.below(WHY.len())].into()));
            }
        }
    }
    let subject = format!(
        "{} {} {n:06}",
        FIRST[rng.below(FIRST.len())],
        LAST[rng.below(LAST.len())]
    );
    let rater = RATERS[rng.below(RATERS.len())];
    let date = format!("2026-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28));
    let note = rng
        .chance(20)
        .then_some("Filled in before the mid-year calibration.");
    if json {
        let mut doc = serde_json::Map::new();
        doc.insert("rubric".into(), rubric.id.clone().into());
        doc.insert("rubric_version".into(), rubric.version.into());
        doc.insert("rater".into(), rater.into());
        doc.insert("subject".into(), subject.into());
        doc.insert("date".into(), date.into());
        if let Some(note) = note {
            doc.insert("note".into(), note.into());
        }
        doc.insert("answers".into(), answers.into_iter().collect());
        let evidence: serde_json::Map<String, serde_json::Value> = evidence
            .into_iter()
            .map(|(id, text)| (id, text.into()))
            .collect();
        doc.insert("evidence".into(), evidence.into());
        return Ok(serde_json::to_string_pretty(&doc)? + "\n");
    }
    let mut out = String::with_capacity(2048);
    writeln!(out, "rubric = {}", quote(&rubric.id))?;
    writeln!(out, "rubric_version = {}", rubric.version)?;
    writeln!(out, "rater = {}", quote(rater))?;
    writeln!(out, "subject = {}", quote(&subject))?;
    writeln!(out, "date = {date}")?;
    if let Some(note) = note {
        writeln!(out, "note = {}", quote(note))?;
    }
    writeln!(out, "\n[answers]")?;
    for (id, value) in &answers {
        let value = match value {
            serde_json::Value::String(text) => quote(text),
            other => other.to_string().replace(',', ", "),
        };
        writeln!(out, "{id} = {value}")?;
    }
    if !evidence.is_empty() {
        writeln!(out, "\n[evidence]")?;
        for (id, text) in &evidence {
            writeln!(out, "{id} = {}", quote(text))?;
        }
    }
    Ok(out)
}

fn path_for(args: &Args, n: usize, json: bool) -> PathBuf {
    let name = format!("answers-{n:06}.{}", if json { "json" } else { "toml" });
    match n.checked_div(args.per_dir) {
        None => args.dir.join(name),
        Some(team) => args.dir.join(format!("team-{team:04}")).join(name),
    }
}

fn main() -> Result<()> {
    let args = Args::parse();
    let all = Catalog::built_in()?;
    let rubrics: Vec<&Rubric> = if args.rubric == "mixed" {
        all.iter().map(|l| &l.rubric).collect()
    } else {
        match all.iter().find(|l| l.rubric.id == args.rubric) {
            Some(loaded) => vec![&loaded.rubric],
            None => bail!("no built-in rubric {}", args.rubric),
        }
    };
    fs::create_dir_all(&args.dir)
        .with_context(|| format!("cannot create {}", args.dir.display()))?;
    if args.per_dir > 0 {
        for team in 0..args.count.div_ceil(args.per_dir) {
            fs::create_dir_all(args.dir.join(format!("team-{team:04}")))?;
        }
    }
    (0..args.count).into_par_iter().try_for_each(|n| {
        let mut rng = Rng::new(args.seed, n as u64);
        let json = rng.chance(usize::from(args.json));
        let rubric = rubrics[n % rubrics.len()];
        let text = document(rubric, &mut rng, n, json)?;
        let path = path_for(&args, n, json);
        write(&path, &text)
    })?;
    eprintln!(
        "wrote {} answers files to {}",
        args.count,
        args.dir.display()
    );
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<()> {
    fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}
