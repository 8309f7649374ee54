//! Properties of the scoring model and of every escaper, checked on generated rubrics,
//! answers and text.

use std::fmt::Write as _;

use proptest::prelude::*;
use proptest::sample::select;

use promo::core::answers::{Answers, Rater, Response};
use promo::core::rubric::{QuestionKind, Rubric, parse_rubric};
use promo::core::scoring::{Score, question_level, score};
use promo::export::escape;

/// Enough cases to find the edges, few enough for two cores.
const CASES: u32 = 256;

// ---------------------------------------------------------------------------------------------
// Generated rubrics and answers
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct QuestionSpec {
    /// Levels (choice) or points (multi) of the options.
    values: Vec<u8>,
    multi: bool,
    weight: f64,
    na: bool,
}

#[derive(Debug, Clone)]
struct DimensionSpec {
    weight: f64,
    target: f64,
    critical: bool,
    questions: Vec<QuestionSpec>,
}

#[derive(Debug, Clone)]
struct RubricSpec {
    gate_gap: f64,
    /// Band minimums besides 0; `None` takes the default bands.
    bands: Option<Vec<u8>>,
    dimensions: Vec<DimensionSpec>,
}

/// Halves from `low` to `high`: 0.5, 1.0, 1.5 …
fn halves(low: u8, high: u8) -> impl Strategy<Value = f64> {
    (low..=high).prop_map(|n| f64::from(n) / 2.0)
}

fn question() -> impl Strategy<Value = QuestionSpec> {
    (
        any::<bool>(),
        prop::collection::vec(0u8..=4, 2..=6),
        halves(1, 6),
        any::<bool>(),
    )
        .prop_map(|(multi, values, weight, na)| QuestionSpec {
            values,
            multi,
            weight,
            na,
        })
}

fn dimension() -> impl Strategy<Value = DimensionSpec> {
    (
        halves(1, 8),
        halves(1, 8),
        any::<bool>(),
        prop::collection::vec(question(), 1..=4),
    )
        .prop_map(|(weight, target, critical, questions)| DimensionSpec {
            weight,
            target,
            critical,
            questions,
        })
}

fn rubric_spec() -> impl Strategy<Value = RubricSpec> {
    (
        halves(0, 6),
        prop::option::of(prop::collection::btree_set(1u8..=99, 1..=4)),
        prop::collection::vec(dimension(), 1..=7),
    )
        .prop_map(|(gate_gap, bands, dimensions)| RubricSpec {
            gate_gap,
            bands: bands.map(|set| set.into_iter().collect()),
            dimensions,
        })
}

/// The rubric as TOML, parsed and validated like any rubric file.
fn build(spec: &RubricSpec) -> Rubric {
    let mut toml = format!(
        "id = \"gen\"\nversion = 1\ntitle = \"Generated\"\nfrom = \"A\"\nto = \"B\"\ngate_gap = {:?}\n",
        spec.gate_gap
    );
    if let Some(mins) = &spec.bands {
        for (n, min) in mins.iter().chain(&[0]).enumerate() {
            let _ = write!(toml, "\n[[bands]]\nmin = {min}\nlabel = \"Band {n}\"\n");
        }
    }
    for (d, dim) in spec.dimensions.iter().enumerate() {
        let _ = write!(
            toml,
            "\n[[dimensions]]\nid = \"d{d}\"\nname = \"D{d}\"\nweight = {:?}\ntarget = {:?}\ncritical = {}\n",
            dim.weight, dim.target, dim.critical
        );
        for (q, question) in dim.questions.iter().enumerate() {
            let _ = write!(
                toml,
                "\n[[dimensions.questions]]\nid = \"d{d}-q{q}\"\nprompt = \"?\"\nweight = {:?}\nkind = \"{}\"\n",
                question.weight,
                if question.multi { "multi" } else { "choice" }
            );
            if question.na {
                toml.push_str("na = \"No chance yet\"\n");
            }
            let field = if question.multi { "points" } else { "level" };
            let options: Vec<String> = question
                .values
                .iter()
                .enumerate()
                .map(|(o, v)| format!("{{ text = \"o{o}\", {field} = {v} }}"))
                .collect();
            let _ = writeln!(toml, "options = [{}]", options.join(", "));
        }
    }
    parse_rubric(&toml, "generated.toml").unwrap_or_else(|e| panic!("{e}\n{toml}"))
}

/// Answers from one seed per question: unanswered, "na" (where offered), or a choice.
fn answers_from(rubric: &Rubric, seeds: &[u32]) -> Answers {
    let mut answers = Answers::empty(rubric, Rater::Myself);
    for (at, question) in rubric.questions() {
        let seed = seeds.get(at.flat).copied().unwrap_or_default();
        let count = question.option_count();
        let slot = seed as usize % (count + 2);
        answers.responses[at.flat] = if slot == count {
            None
        } else if slot == count + 1 {
            question.na.as_ref().map(|_| Response::Na)
        } else {
            match &question.kind {
                QuestionKind::Choice(_) => Some(Response::Choice(slot)),
                QuestionKind::Multi(_) => Some(Response::Multi(
                    (0..count).filter(|i| seed >> (8 + i) & 1 == 1).collect(),
                )),
                QuestionKind::Text => None,
            }
        };
    }
    answers
}

fn rubric_and_answers() -> impl Strategy<Value = (Rubric, Answers)> {
    (rubric_spec(), prop::collection::vec(any::<u32>(), 28)).prop_map(|(spec, seeds)| {
        let rubric = build(&spec);
        let answers = answers_from(&rubric, &seeds);
        (rubric, answers)
    })
}

/// The band a score would be in without the gate.
fn ungated_band(rubric: &Rubric, scored: &Score) -> Option<usize> {
    scored
        .band
        .map(|_| rubric.band_for(scored.readiness.unwrap()))
}

// ---------------------------------------------------------------------------------------------
// The scoring model
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn levels_and_readiness_stay_in_range((rubric, answers) in rubric_and_answers()) {
        let scored = score(&rubric, &answers);
        for (at, question) in rubric.questions() {
            if let Some(level) = question_level(question, answers.responses[at.flat].as_ref()) {
                prop_assert!((0.0..=4.0).contains(&level), "question level {level}");
            }
        }
        for dim in &scored.dimensions {
            if let Some(level) = dim.level {
                prop_assert!((0.0..=4.0).contains(&level), "dimension level {level}");
            }
            if let Some(gap) = dim.gap {
                prop_assert!((0.0..=4.0).contains(&gap), "gap {gap}");
            }
        }
        if let Some(readiness) = scored.readiness {
            prop_assert!((0.0..=100.0).contains(&readiness), "readiness {readiness}");
        }
        prop_assert!((0.0..=1.0).contains(&scored.coverage));
    }

    #[test]
    fn raising_one_answer_never_lowers_readiness(
        (rubric, answers) in rubric_and_answers(),
        pick in any::<prop::sample::Index>(),
    ) {
        // Every way to raise one answered question: a choice to a higher-level option, or one
        // more option ticked on a multi question.
        let mut raised = Vec::new();
        for (at, question) in rubric.questions() {
            match (&question.kind, &answers.responses[at.flat]) {
                (QuestionKind::Choice(options), Some(Response::Choice(chosen))) => {
                    for (i, o) in options.iter().enumerate() {
                        if o.level > options[*chosen].level {
                            raised.push((at.flat, Response::Choice(i)));
                        }
                    }
                }
                (QuestionKind::Multi(options), Some(Response::Multi(chosen))) => {
                    for i in (0..options.len()).filter(|i| !chosen.contains(i)) {
                        let mut more = chosen.clone();
                        more.push(i);
                        raised.push((at.flat, Response::Multi(more)));
                    }
                }
                _ => {}
            }
        }
        prop_assume!(!raised.is_empty());
        let (flat, response) = raised[pick.index(raised.len())].clone();
        let before = score(&rubric, &answers);
        let mut better = answers;
        better.responses[flat] = Some(response);
        let after = score(&rubric, &better);
        let (b, a) = (before.readiness.unwrap(), after.readiness.unwrap());
        prop_assert!(a >= b - 1e-9, "readiness fell from {b} to {a}");
        for (x, y) in before.dimensions.iter().zip(&after.dimensions) {
            prop_assert!(y.level.unwrap_or(0.0) >= x.level.unwrap_or(0.0) - 1e-9);
        }
    }

    #[test]
    fn a_critical_gap_beyond_the_gate_never_gets_the_top_band(
        (rubric, answers) in rubric_and_answers(),
    ) {
        let scored = score(&rubric, &answers);
        let beyond: Vec<usize> = rubric
            .dimensions
            .iter()
            .zip(&scored.dimensions)
            .enumerate()
            .filter(|(_, (dim, s))| dim.critical && s.gap.is_some_and(|g| g > rubric.gate_gap))
            .map(|(d, _)| d)
            .collect();
        prop_assert_eq!(&scored.gated_by, &beyond);
        let unproven: Vec<usize> = rubric
            .dimensions
            .iter()
            .zip(&scored.dimensions)
            .enumerate()
            .filter(|(_, (dim, s))| dim.critical && s.level.is_none())
            .map(|(d, _)| d)
            .collect();
        prop_assert_eq!(&scored.unproven, &unproven);
        let held = !(beyond.is_empty() && unproven.is_empty());
        if held {
            // No verdict above the gate band while a must-have is below the bar or unproven.
            prop_assert!(scored.band.is_none_or(|b| b >= rubric.gate_band));
        }
        let ungated = ungated_band(&rubric, &scored);
        prop_assert_eq!(
            scored.gate_applied,
            held && ungated.is_some_and(|b| b < rubric.gate_band)
        );
    }

    /// Strong everywhere but one light, critical dimension far below its target: readiness
    /// reaches the top band, and the gate still holds the verdict back.
    #[test]
    fn the_gate_holds_back_an_otherwise_top_score(
        others in prop::collection::vec(halves(2, 6), 3..=10),
        critical_weight in halves(0, 1).prop_map(|w| w.max(0.1) / 3.0),
        gate_gap in halves(0, 3),
        position in any::<prop::sample::Index>(),
    ) {
        let strong = |weight: f64| DimensionSpec {
            weight,
            target: 3.0,
            critical: false,
            questions: vec![QuestionSpec { values: vec![0, 4], multi: false, weight: 1.0, na: false }],
        };
        let mut dimensions: Vec<DimensionSpec> = others.iter().copied().map(strong).collect();
        let at = position.index(dimensions.len() + 1);
        dimensions.insert(at, DimensionSpec {
            weight: critical_weight,
            target: 4.0,
            critical: true,
            questions: vec![QuestionSpec { values: vec![0, 4], multi: false, weight: 1.0, na: false }],
        });
        let rubric = build(&RubricSpec { gate_gap, bands: None, dimensions });
        let mut answers = Answers::empty(&rubric, Rater::Myself);
        for (d, response) in answers.responses.iter_mut().enumerate() {
            *response = Some(Response::Choice(usize::from(d != at)));
        }
        let scored = score(&rubric, &answers);
        prop_assert!(scored.readiness.unwrap() >= rubric.bands[0].min, "{:?}", scored.readiness);
        prop_assert_eq!(&scored.gated_by, &vec![at]);
        prop_assert!(scored.gate_applied);
        prop_assert_eq!(scored.band, Some(1));
        prop_assert_eq!(&scored.verdict, &rubric.bands[1].label);
    }

    #[test]
    fn the_priority_order_is_stable((rubric, answers) in rubric_and_answers()) {
        let scored = score(&rubric, &answers);
        prop_assert_eq!(&scored.order, &score(&rubric, &answers).order);
        let mut seen = scored.order.clone();
        seen.sort_unstable();
        prop_assert_eq!(seen, (0..rubric.dimensions.len()).collect::<Vec<_>>());
        for pair in scored.order.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            match (scored.dimensions[a].priority, scored.dimensions[b].priority) {
                (Some(pa), Some(pb)) => prop_assert!(
                    pa > pb || (pa == pb && a < b),
                    "{a} ({pa}) before {b} ({pb})"
                ),
                (Some(_), None) => {}
                (None, Some(_)) => prop_assert!(false, "not assessed {a} before assessed {b}"),
                (None, None) => prop_assert!(a < b, "not assessed {a} before {b}"),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Escapers
// ---------------------------------------------------------------------------------------------

/// Pieces that mean something in HTML, Markdown, CSV or a terminal.
const HOSTILE: &[&str] = &[
    "<",
    ">",
    "&",
    "\"",
    "'",
    "|",
    "\\",
    "`",
    "*",
    "_",
    "[",
    "]",
    "(",
    ")",
    "!",
    "~",
    "$",
    "#",
    "-",
    "+",
    "=",
    "@",
    ".",
    "1",
    "12",
    "\n",
    "\r",
    "\r\n",
    "\t",
    " ",
    "   ",
    "\u{1b}[31m",
    "\u{7}",
    "\u{9b}",
    "\u{0}",
    "&amp;",
    "&#60;",
    "&#x3C;",
    "&lt",
    "<script>",
    "</b>",
    "<!--",
    "]]>",
    "http://x",
    "a",
    "Zoë",
    "李",
    "\u{200b}",
    "\u{2028}",
    "---",
    "===",
    "1.",
    "2)",
];

fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(select(HOSTILE), 0..16).prop_map(|parts| parts.concat()),
        any::<String>(),
    ]
}

/// The characters of `text` that are not taken literally by a backslash before them.
fn unescaped(text: &str) -> Vec<(usize, char)> {
    let mut out = Vec::new();
    let mut chars = text.chars().enumerate();
    while let Some((i, c)) = chars.next() {
        if c == '\\' {
            chars.next();
        } else {
            out.push((i, c));
        }
    }
    out
}

/// Whether `rest` (after an `&`) is a character reference: `name;`, `#digits;` or `#xhex;`.
fn is_reference(rest: &str) -> bool {
    let Some(end) = rest.find(';') else {
        return false;
    };
    let body = &rest[..end];
    if let Some(hex) = body.strip_prefix("#x").or_else(|| body.strip_prefix("#X")) {
        !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit())
    } else if let Some(digits) = body.strip_prefix('#') {
        !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
    } else {
        !body.is_empty() && body.chars().all(|c| c.is_ascii_alphanumeric())
    }
}

/// The text of the one line after escaping: controls and surrounding whitespace become a
/// single space, the ends are trimmed.
fn flattened(text: &str) -> String {
    text.split(char::is_control)
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Renders Markdown (GitHub flavour) and returns the plain text and every construct other
/// than paragraphs, table parts and text.
fn markdown(doc: &str) -> (String, Vec<String>) {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_MATH;
    let mut text = String::new();
    let mut constructs = Vec::new();
    for event in Parser::new_ext(doc, options) {
        match event {
            Event::Text(t) => text.push_str(&t),
            Event::Start(
                Tag::Paragraph | Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell,
            )
            | Event::End(_) => {}
            Event::SoftBreak | Event::HardBreak => text.push('\n'),
            other => constructs.push(format!("{other:?}")),
        }
    }
    (text, constructs)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn csv_cells_never_start_a_formula(text in hostile_text()) {
        let cell = escape::csv_cell(&text);
        prop_assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{cell:?}");
        prop_assert!(cell == text || *cell == format!("'{text}"), "{cell:?}");
    }

    #[test]
    fn html_has_no_live_markup_and_decodes_to_the_input(text in hostile_text()) {
        let escaped = escape::html(&text);
        prop_assert!(!escaped.contains(['<', '>', '"', '\'']), "{escaped:?}");
        for (i, _) in escaped.match_indices('&') {
            prop_assert!(is_reference(&escaped[i + 1..]), "bare & in {escaped:?}");
        }
        let decoded = html_escape::decode_html_entities(&escaped);
        prop_assert_eq!(decoded.as_ref(), text.as_str());
    }

    #[test]
    fn markdown_inline_is_one_line_of_plain_text(text in hostile_text()) {
        let escaped = escape::markdown_inline(&text);
        prop_assert!(!escaped.contains(char::is_control), "{escaped:?}");
        let live: Vec<(usize, char)> = unescaped(&escaped);
        for &(i, c) in &live {
            prop_assert!(!"<>`*_[]|~$".contains(c), "live {c:?} at {i} in {escaped:?}");
        }
        if let Some(&(0, first)) = live.first() {
            prop_assert!(!"#-+=".contains(first), "{escaped:?} starts a block");
        }
        let (rendered, constructs) = markdown(&escaped);
        prop_assert_eq!(&rendered, &flattened(&text), "{:?}", escaped);
        prop_assert!(constructs.is_empty(), "{escaped:?} made {constructs:?}");
    }

    #[test]
    fn markdown_cells_keep_the_row_whole(text in hostile_text()) {
        let cell = escape::markdown_cell(&text);
        prop_assert!(!cell.contains(['\n', '\r']), "{cell:?}");
        prop_assert!(unescaped(&cell).iter().all(|&(_, c)| c != '|'), "{cell:?}");
        let doc = format!("| A | B |\n|---|---|\n| {cell} | end |\n");
        let (rendered, constructs) = markdown(&doc);
        prop_assert_eq!(rendered, format!("AB{}end", flattened(&text)), "{:?}", cell);
        prop_assert!(constructs.is_empty(), "{cell:?} made {constructs:?}");
    }

    #[test]
    fn terminal_text_has_no_control_sequences(text in hostile_text()) {
        let safe = escape::terminal(&text);
        prop_assert!(!safe.chars().any(|c| c.is_control() && c != '\n'), "{safe:?}");
        prop_assert_eq!(safe.lines().count(), text.replace("\r\n", "\n").replace('\r', "\n").lines().count());
    }
}
