//! Problems found in user-supplied rubrics and answers, with where they are.

use std::fmt;

use super::limits::{MAX_PROBLEMS, cut_quoted};

/// One problem in a rubric or answers document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// `line:column` (1-based) when the problem has a position in the source.
    pub position: Option<(usize, usize)>,
    /// What the problem is about, e.g. `question "delegation-handoff"`.
    pub subject: Option<String>,
    /// What is wrong, and how to fix it where that is not obvious.
    pub message: String,
}

impl Problem {
    /// A problem with no particular place in the document.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            position: None,
            subject: None,
            message: message.into(),
        }
    }

    /// Names what the problem is about.
    #[must_use]
    pub fn about(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// Places the problem at a byte offset of `source`.
    #[must_use]
    pub fn at_offset(mut self, source: &str, offset: usize) -> Self {
        self.position = Some(line_column(source, offset));
        self
    }
}

/// Turns a byte offset into a 1-based line and column (columns count characters).
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(source.len());
    while !source.is_char_boundary(end) {
        end -= 1;
    }
    let before = &source[..end];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// A rubric or answers document that cannot be used, with every problem found in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// What kind of document: `rubric` or `answers`.
    pub kind: &'static str,
    /// Where the document came from (a path, `-`, or `built-in:<id>`).
    pub origin: String,
    /// The problems found, in document order where known; at most [`MAX_PROBLEMS`] are shown.
    pub problems: Vec<Problem>,
    /// Problems found beyond those kept in `problems`, counted but not described.
    pub omitted: usize,
}

impl Invalid {
    /// A document with a single problem.
    pub fn one(kind: &'static str, origin: &str, problem: Problem) -> Self {
        Self::new(kind, origin, vec![problem])
    }

    /// A document with these problems.
    pub fn new(kind: &'static str, origin: &str, problems: Vec<Problem>) -> Self {
        Self {
            kind,
            origin: origin.to_owned(),
            problems,
            omitted: 0,
        }
    }

    /// How many problems were found in all.
    pub fn count(&self) -> usize {
        self.problems.len() + self.omitted
    }
}

/// Collects a document's problems, keeping the first [`MAX_PROBLEMS`] and counting the rest,
/// so that a file with a million mistakes costs no more than one with twenty.
#[derive(Debug, Default)]
pub struct Problems {
    kept: Vec<Problem>,
    omitted: usize,
}

impl Problems {
    /// Whether another problem would still be kept: when not, build none, just [`skip`](Self::skip).
    pub fn wanted(&self) -> bool {
        self.kept.len() < MAX_PROBLEMS
    }

    /// Adds a problem (or only counts it, once enough are kept).
    pub fn push(&mut self, problem: Problem) {
        if self.wanted() {
            self.kept.push(problem);
        } else {
            self.omitted += 1;
        }
    }

    /// Adds the problem `make` builds, or only counts it once enough are kept (without
    /// building it: describing and locating a problem costs a scan of the document).
    pub fn add(&mut self, make: impl FnOnce() -> Problem) {
        if self.wanted() {
            self.kept.push(make());
        } else {
            self.omitted += 1;
        }
    }

    /// Counts a problem without describing it.
    pub fn skip(&mut self) {
        self.omitted += 1;
    }

    /// Whether none was found.
    pub fn is_empty(&self) -> bool {
        self.kept.is_empty() && self.omitted == 0
    }

    /// The document's error.
    pub fn into_invalid(self, kind: &'static str, origin: &str) -> Invalid {
        Invalid {
            omitted: self.omitted,
            ..Invalid::new(kind, origin, self.kept)
        }
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.count();
        write!(
            f,
            "{} is not a valid {} file ({} problem{})",
            self.origin,
            self.kind,
            count,
            if count == 1 { "" } else { "s" }
        )?;
        for problem in self.problems.iter().take(MAX_PROBLEMS) {
            write!(f, "\n  {}", self.origin)?;
            if let Some((line, column)) = problem.position {
                write!(f, ":{line}:{column}")?;
            }
            write!(f, ": ")?;
            if let Some(subject) = &problem.subject {
                write!(f, "{}: ", cut_quoted(subject))?;
            }
            write!(f, "{}", cut_quoted(&problem.message))?;
        }
        let shown = self.problems.len().min(MAX_PROBLEMS);
        if count > shown {
            let more = count - shown;
            write!(
                f,
                "\n  and {more} more problem{}",
                if more == 1 { "" } else { "s" }
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for Invalid {}

/// Builds a [`Problem`] from a TOML parse error, keeping its position.
pub fn from_toml_error(source: &str, error: &toml::de::Error) -> Problem {
    let message = error.message().trim_end().to_owned();
    match error.span() {
        Some(span) => Problem::new(message).at_offset(source, span.start),
        // toml reports a key nested too deeply without a position: point at the deepest key.
        None if message == "recursion limit" => {
            let mut problem =
                Problem::new("a key is nested too deeply (more than toml's recursion limit)");
            problem.position = deepest_key_line(source).map(|line| (line, 1));
            problem
        }
        None => Problem::new(message),
    }
}

/// The 1-based line whose key (before any `=` or quote) has the most dots.
fn deepest_key_line(source: &str) -> Option<usize> {
    source
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let key = line.split(['=', '"', '\'']).next().unwrap_or_default();
            (key.matches('.').count(), std::cmp::Reverse(i))
        })
        .filter(|(dots, _)| *dots > 0)
        .max()
        .map(|(_, std::cmp::Reverse(i))| i + 1)
}

/// Builds a [`Problem`] from a JSON parse error, keeping its position.
pub fn from_json_error(error: &serde_json::Error) -> Problem {
    let mut message = error.to_string();
    // serde_json appends " at line L column C"; the position is reported separately.
    if let Some(cut) = message.rfind(" at line ") {
        message.truncate(cut);
    }
    let mut problem = Problem::new(message);
    if error.line() > 0 {
        problem.position = Some((error.line(), error.column()));
    }
    problem
}

/// The problem for a file larger than [`MAX_INPUT_BYTES`](super::limits::MAX_INPUT_BYTES).
pub fn too_big() -> Problem {
    Problem::new(
        "larger than 16 MiB, the most promo reads from one rubric or answers file; is it the right file?",
    )
}

/// The problem for a document nested too deeply at byte `offset`.
pub fn too_deep(source: &str, offset: usize) -> Problem {
    Problem::new(format!(
        "arrays or tables are nested more than {} levels deep here; promo files need at most two",
        super::limits::MAX_DEPTH
    ))
    .at_offset(source, offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_from_one() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        // 'é' is two bytes but one column.
        assert_eq!(line_column(text, 9), (2, 3));
        assert_eq!(line_column(text, 999), (3, 1));
    }

    #[test]
    fn display_lists_every_problem_with_its_place() {
        let invalid = Invalid {
            kind: "rubric",
            origin: "x.toml".into(),
            problems: vec![
                Problem::new("bad level")
                    .about("question \"q\"")
                    .at_offset("a\nb", 2),
                Problem::new("no dimensions"),
            ],
            omitted: 0,
        };
        assert_eq!(
            invalid.to_string(),
            "x.toml is not a valid rubric file (2 problems)\n  x.toml:2:1: question \"q\": bad level\n  x.toml: no dimensions"
        );
    }
}
