//! Validation: a rubric file checked into a [`Rubric`], every problem collected.

use std::collections::HashMap;

use toml::Spanned;

use crate::core::error::{Invalid, Problem, from_toml_error};

use super::*;

/// The largest weight a dimension or question may carry. Weights are relative, so this only
/// keeps sums of weighted levels far from floating-point overflow.
pub const MAX_WEIGHT: f64 = 1_000_000.0;

fn valid_weight(weight: f64) -> bool {
    weight.is_finite() && weight > 0.0 && weight <= MAX_WEIGHT
}

/// Checks that an id is made of `[a-z0-9][a-z0-9-]*`.
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Parses and validates a rubric from TOML text. `origin` names the source in errors.
pub fn parse_rubric(source: &str, origin: &str) -> Result<Rubric, Invalid> {
    // Bounded before any recursive parse.
    if let Some(offset) = crate::core::limits::toml_too_deep(source) {
        return Err(Invalid::one(
            "rubric",
            origin,
            crate::core::error::too_deep(source, offset),
        ));
    }
    let file: RubricFile = toml::from_str(source)
        .map_err(|e| Invalid::one("rubric", origin, from_toml_error(source, &e)))?;
    validate(file, source, origin)
}

struct Checker<'a> {
    source: &'a str,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn at(&mut self, span: &Spanned<String>, subject: String, message: String) {
        self.problems.push(
            Problem::new(message)
                .about(subject)
                .at_offset(self.source, span.span().start),
        );
    }

    fn plain(&mut self, subject: Option<String>, message: String) {
        let mut problem = Problem::new(message);
        problem.subject = subject;
        self.problems.push(problem);
    }

    /// Checks that the only placeholder in `text` is `{name}`.
    fn placeholders(&mut self, span: Option<&Spanned<String>>, field: &str, text: &str) {
        for unknown in unknown_placeholders(text) {
            let message = format!(
                "{field} has the placeholder \"{{{unknown}}}\"; the only placeholder is {{name}}, the person rated"
            );
            match span {
                Some(span) => self.at(span, format!("question \"{}\"", span.get_ref()), message),
                None => self.plain(None, message),
            }
        }
    }

    fn id(&mut self, span: &Spanned<String>, what: &str) {
        let id = span.get_ref();
        if !is_valid_id(id) {
            self.at(
                span,
                format!("{what} \"{id}\""),
                "ids use lower-case letters, digits and dashes, and start with a letter or digit"
                    .into(),
            );
        }
    }
}

/// The names inside `{…}` in `text` other than `name`.
fn unknown_placeholders(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let inner = &after[..close];
        if inner != "name" && !out.contains(&inner) {
            out.push(inner);
        }
        rest = &after[close + 1..];
    }
    out
}

/// Puts `name` in place of every `{name}` in `text`.
pub fn fill_name(text: &str, name: &str) -> String {
    text.replace("{name}", name)
}

fn finite_in(value: f64, low: f64, high: f64, low_inclusive: bool) -> bool {
    value.is_finite()
        && value <= high
        && if low_inclusive {
            value >= low
        } else {
            value > low
        }
}

/// Validates a parsed rubric file, collecting every problem.
pub fn validate(file: RubricFile, source: &str, origin: &str) -> Result<Rubric, Invalid> {
    let mut c = Checker {
        source,
        problems: Vec::new(),
    };
    c.id(&file.id, "rubric");
    let version = u32::try_from(file.version).ok().filter(|v| *v >= 1);
    if version.is_none() {
        c.plain(
            None,
            format!(
                "version is {}; it must be a whole number from 1",
                file.version
            ),
        );
    }
    for (field, value) in [
        ("title", &file.title),
        ("from", &file.from),
        ("to", &file.to),
    ] {
        if value.trim().is_empty() {
            c.plain(None, format!("{field} is empty; give it some text"));
        }
    }
    let scale = match file.scale {
        None => DEFAULT_SCALE.map(str::to_owned),
        Some(labels) => match <[String; 5]>::try_from(labels) {
            Ok(labels) => labels,
            Err(labels) => {
                c.plain(
                    None,
                    format!(
                        "scale has {} labels; it needs exactly 5, for levels 0 to 4",
                        labels.len()
                    ),
                );
                DEFAULT_SCALE.map(str::to_owned)
            }
        },
    };
    let gate_gap = file.gate_gap.unwrap_or(1.0);
    if !finite_in(gate_gap, 0.0, MAX_LEVEL, true) {
        c.plain(
            None,
            format!("gate_gap is {gate_gap}; it must be from 0 to 4"),
        );
    }
    let bands = check_bands(&mut c, file.bands);
    let gate_band = match &file.gate_band {
        None => usize::from(bands.len() > 1),
        Some(label) => bands
            .iter()
            .position(|b| &b.label == label)
            .unwrap_or_else(|| {
                let known: Vec<String> = bands.iter().map(|b| format!("\"{}\"", b.label)).collect();
                c.plain(
                    None,
                    format!(
                        "gate_band is \"{label}\", which names no band; use one of {}",
                        known.join(", ")
                    ),
                );
                0
            }),
    };
    if let Some(text) = &file.summary_other {
        c.placeholders(None, "summary_other", text);
    }

    if file.dimensions.is_empty() {
        c.plain(
            None,
            "the rubric has no dimensions; add at least one [[dimensions]] table".into(),
        );
    }
    let mut dimension_ids: HashMap<String, ()> = HashMap::new();
    let mut index = HashMap::new();
    let mut dimensions = Vec::with_capacity(file.dimensions.len());
    for (d, dim) in file.dimensions.into_iter().enumerate() {
        c.id(&dim.id, "dimension");
        let id = dim.id.get_ref().clone();
        let subject = format!("dimension \"{id}\"");
        if dimension_ids.insert(id.clone(), ()).is_some() {
            c.at(
                &dim.id,
                subject.clone(),
                "this dimension id is used twice; ids must be unique".into(),
            );
        }
        let weight = dim.weight.unwrap_or(1.0);
        if !valid_weight(weight) {
            c.at(
                &dim.id,
                subject.clone(),
                format!("weight is {weight}; it must be greater than 0 and at most {MAX_WEIGHT}"),
            );
        }
        let target = dim.target.unwrap_or(3.0);
        if !finite_in(target, 0.0, MAX_LEVEL, false) {
            c.at(
                &dim.id,
                subject.clone(),
                format!("target is {target}; it must be above 0 and at most 4"),
            );
        }
        if dim.name.trim().is_empty() {
            c.at(&dim.id, subject.clone(), "name is empty".into());
        }
        if dim.questions.is_empty() {
            c.at(
                &dim.id,
                subject.clone(),
                "the dimension has no questions; add a [[dimensions.questions]] table".into(),
            );
        }
        let mut questions = Vec::with_capacity(dim.questions.len());
        for (q, question) in dim.questions.into_iter().enumerate() {
            let qid = question.id.get_ref().clone();
            let at = QuestionRef {
                dimension: d,
                question: q,
                flat: index.len(),
            };
            if let std::collections::hash_map::Entry::Vacant(slot) = index.entry(qid.clone()) {
                slot.insert(at);
            } else {
                c.at(
                    &question.id,
                    format!("question \"{qid}\""),
                    "this question id is used twice; ids must be unique across the rubric".into(),
                );
            }
            questions.push(check_question(&mut c, question));
        }
        dimensions.push(Dimension {
            id,
            name: dim.name,
            weight,
            target,
            critical: dim.critical,
            why: dim.why,
            actions: dim.actions,
            questions,
        });
    }

    if !c.problems.is_empty() {
        return Err(Invalid::new("rubric", origin, c.problems));
    }
    Ok(Rubric {
        id: file.id.into_inner(),
        version: version.unwrap_or(1),
        title: file.title,
        from: file.from,
        to: file.to,
        summary: file.summary,
        summary_other: file.summary_other,
        scale,
        gate_gap,
        gate_band,
        bands,
        dimensions,
        index,
    })
}

fn check_bands(c: &mut Checker<'_>, bands: Vec<BandFile>) -> Vec<Band> {
    if bands.is_empty() {
        return [
            (90.0, "Ready now"),
            (75.0, "Ready soon"),
            (50.0, "Developing"),
            (0.0, "Early"),
        ]
        .into_iter()
        .map(|(min, label)| Band {
            min,
            label: label.to_owned(),
        })
        .collect();
    }
    let mut out: Vec<Band> = Vec::with_capacity(bands.len());
    for band in bands {
        let subject = Some(format!("band \"{}\"", band.label));
        if !finite_in(band.min, 0.0, 100.0, true) {
            c.plain(
                subject.clone(),
                format!("min is {}; it must be from 0 to 100", band.min),
            );
        }
        if band.label.trim().is_empty() {
            c.plain(subject.clone(), "label is empty".into());
        }
        if out.iter().any(|b| b.min == band.min) {
            c.plain(
                subject,
                format!(
                    "another band also starts at {}; band mins must differ",
                    band.min
                ),
            );
        }
        out.push(Band {
            min: band.min,
            label: band.label,
        });
    }
    if !out.iter().any(|b| b.min == 0.0) {
        c.plain(
            None,
            "no band has min = 0; add one so every readiness has a verdict".into(),
        );
    }
    out.sort_by(|a, b| b.min.total_cmp(&a.min));
    out
}

fn check_question(c: &mut Checker<'_>, q: QuestionFile) -> Question {
    let id = q.id.get_ref().clone();
    let subject = format!("question \"{id}\"");
    c.id(&q.id, "question");
    if q.prompt.trim().is_empty() {
        c.at(&q.id, subject.clone(), "prompt is empty".into());
    }
    for (field, text) in [
        ("prompt_other", &q.prompt_other),
        ("evidence_prompt_other", &q.evidence_prompt_other),
    ] {
        if let Some(text) = text {
            c.placeholders(Some(&q.id), field, text);
        }
    }
    let weight = q.weight.unwrap_or(1.0);
    if !valid_weight(weight) {
        c.at(
            &q.id,
            subject.clone(),
            format!("weight is {weight}; it must be greater than 0 and at most {MAX_WEIGHT}"),
        );
    }
    let evidence_from = match q.evidence_from {
        None => None,
        Some(level @ 0..=4) => u8::try_from(level).ok(),
        Some(other) => {
            c.at(
                &q.id,
                subject.clone(),
                format!("evidence_from is {other}; it must be a level from 0 to 4"),
            );
            None
        }
    };
    if let Some(label) = &q.na
        && label.trim().is_empty()
    {
        c.at(
            &q.id,
            subject.clone(),
            "na is empty; give the label of the not-applicable answer".into(),
        );
    }
    let kind = match q.kind {
        KindFile::Text => {
            if !q.options.is_empty() {
                c.at(
                    &q.id,
                    subject.clone(),
                    "a text question takes no options; set kind = \"choice\" or \"multi\", or remove the options".into(),
                );
            }
            QuestionKind::Text
        }
        KindFile::Choice => {
            if !(2..=7).contains(&q.options.len()) {
                c.at(
                    &q.id,
                    subject.clone(),
                    format!(
                        "a choice question needs 2 to 7 options; it has {}",
                        q.options.len()
                    ),
                );
            }
            let mut options = Vec::with_capacity(q.options.len());
            for (n, option) in q.options.into_iter().enumerate() {
                let n = n + 1;
                if option.points.is_some() {
                    c.at(&q.id, subject.clone(), format!("option {n} has `points`; options of a choice question take `level` (use kind = \"multi\" for points)"));
                }
                let level = match option.level {
                    None => {
                        c.at(
                            &q.id,
                            subject.clone(),
                            format!("option {n} has no `level`; give it a level from 0 to 4"),
                        );
                        0
                    }
                    Some(level @ 0..=4) => u8::try_from(level).unwrap_or(0),
                    Some(other) => {
                        c.at(
                            &q.id,
                            subject.clone(),
                            format!("option {n} has level {other}; levels run from 0 to 4"),
                        );
                        0
                    }
                };
                check_option_text(c, &q.id, &subject, n, &option.text);
                if let Some(text) = &option.text_other {
                    c.placeholders(Some(&q.id), &format!("option {n}'s text_other"), text);
                }
                options.push(ChoiceOption {
                    text: option.text,
                    text_other: option.text_other,
                    level,
                });
            }
            QuestionKind::Choice(options)
        }
        KindFile::Multi => {
            if q.options.is_empty() {
                c.at(
                    &q.id,
                    subject.clone(),
                    "a multi question needs at least one option".into(),
                );
            }
            let mut options = Vec::with_capacity(q.options.len());
            for (n, option) in q.options.into_iter().enumerate() {
                let n = n + 1;
                if option.level.is_some() {
                    c.at(&q.id, subject.clone(), format!("option {n} has `level`; options of a multi question take `points` (use kind = \"choice\" for levels)"));
                }
                let points = match option.points {
                    None => {
                        c.at(
                            &q.id,
                            subject.clone(),
                            format!("option {n} has no `points`; give it points from -4 to 4"),
                        );
                        0.0
                    }
                    Some(points) if finite_in(points, -MAX_LEVEL, MAX_LEVEL, true) => points,
                    Some(other) => {
                        c.at(
                            &q.id,
                            subject.clone(),
                            format!("option {n} has points {other}; points run from -4 to 4"),
                        );
                        0.0
                    }
                };
                check_option_text(c, &q.id, &subject, n, &option.text);
                if let Some(text) = &option.text_other {
                    c.placeholders(Some(&q.id), &format!("option {n}'s text_other"), text);
                }
                options.push(MultiOption {
                    text: option.text,
                    text_other: option.text_other,
                    points,
                });
            }
            QuestionKind::Multi(options)
        }
    };
    Question {
        id,
        prompt: q.prompt,
        prompt_other: q.prompt_other,
        evidence_prompt: q.evidence_prompt,
        evidence_prompt_other: q.evidence_prompt_other,
        kind,
        weight,
        na: q.na,
        evidence_from,
    }
}

fn check_option_text(
    c: &mut Checker<'_>,
    span: &Spanned<String>,
    subject: &str,
    n: usize,
    text: &str,
) {
    if text.trim().is_empty() {
        c.at(
            span,
            subject.to_owned(),
            format!("option {n} has empty text"),
        );
    }
}
