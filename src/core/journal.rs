//! The evidence journal: dated things you did, tagged to a rubric's dimensions; suggestions,
//! filters and coverage. Pure: the store reads and writes the files.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::date::Date;
use super::entry_file::{Fields, Kind};
use super::error::Invalid;
use super::rubric::{QuestionKind, Rubric};

/// The longest entry text promo keeps, in characters.
pub const MAX_TEXT_CHARS: usize = 4000;
/// The longest link promo keeps, in characters.
pub const MAX_LINK_CHARS: usize = 2000;
/// A dimension with no evidence in this many days is flagged as thin.
pub const STALE_DAYS: i64 = 90;
/// The most dimensions suggested for one entry.
pub const MAX_SUGGESTIONS: usize = 3;
/// The most dimensions one entry may be tagged with.
pub const MAX_TAGS: usize = 64;
/// What a journal entry file is called, and its schema.
pub const KIND: Kind = Kind {
    noun: "journal entry",
    schema: "journal",
};

/// A journal entry file as it is written: `<data dir>/journal/<rubric>/<date>-<id>.toml`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "promo journal entry",
    description = "One thing done, tagged to dimensions of a rubric. The rubric is the directory the file is in; the id is in the file name."
)]
pub struct EntryFile {
    /// The rubric id the dimensions belong to.
    pub rubric: String,
    /// When it happened.
    #[schemars(with = "String", regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub date: Date,
    /// What you did, in a sentence or two.
    pub text: String,
    /// The dimension ids it shows; empty while untagged.
    #[serde(default)]
    pub dimensions: Vec<String>,
    /// Where to see it: a pull request, a document, a talk.
    pub link: Option<String>,
    /// The plan item this entry finished, by id.
    pub plan_item: Option<String>,
}

/// One journal entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// Its id (from the file name).
    pub id: String,
    /// The rubric id.
    pub rubric: String,
    /// When it happened.
    pub date: Date,
    /// What was done.
    pub text: String,
    /// The dimension ids it is tagged with.
    pub dimensions: Vec<String>,
    /// Where to see it.
    pub link: Option<String>,
    /// The plan item it finished.
    pub plan_item: Option<String>,
}

impl Entry {
    /// The entry's file text: a comment saying what the file is, then plain TOML.
    pub fn to_toml(&self) -> String {
        KIND.write(
            &Fields::default()
                .text("rubric", &self.rubric)
                .date("date", self.date)
                .text("text", &self.text)
                .list("dimensions", &self.dimensions)
                .text_if("link", self.link.as_deref())
                .text_if("plan_item", self.plan_item.as_deref()),
        )
    }
}

/// Reads an entry file; `id` comes from its name. Errors name the file and line.
pub fn parse_entry(source: &str, origin: &str, id: &str) -> Result<Entry, Invalid> {
    let file: EntryFile = KIND.read(source, origin)?;
    let text = file.text.trim();
    if text.is_empty() {
        return Err(KIND.invalid(
            origin,
            "`text` is empty; write what you did, or remove the file",
        ));
    }
    if text.chars().count() > MAX_TEXT_CHARS || file.dimensions.len() > MAX_TAGS {
        return Err(KIND.invalid(
            origin,
            format!(
                "the entry is too long (at most {MAX_TEXT_CHARS} characters and {MAX_TAGS} dimensions)"
            ),
        ));
    }
    Ok(Entry {
        id: id.to_owned(),
        rubric: file.rubric,
        date: file.date,
        text: text.to_owned(),
        dimensions: file.dimensions,
        link: file.link.filter(|l| !l.trim().is_empty()),
        plan_item: file.plan_item,
    })
}

/// Checks an entry's text before it is stored: not empty, not too long. Returns it trimmed.
pub fn check_text(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(
            "the entry is empty; say what you did, e.g. promo log add \"Ran the release\"".into(),
        );
    }
    let chars = text.chars().count();
    if chars > MAX_TEXT_CHARS {
        return Err(format!(
            "the entry has {chars} characters; keep it under {MAX_TEXT_CHARS} and link to the rest with --link"
        ));
    }
    Ok(text.to_owned())
}

/// Checks a link before it is stored: one line, not too long. Any scheme is kept as text; only
/// `http(s)` links become anchors in HTML (see [`is_web_link`]).
pub fn check_link(link: &str) -> Result<String, String> {
    let link = link.trim();
    if link.chars().any(char::is_control) {
        return Err("the link holds a line break or control character; give one URL".into());
    }
    if link.chars().count() > MAX_LINK_CHARS {
        return Err(format!(
            "the link is longer than {MAX_LINK_CHARS} characters"
        ));
    }
    Ok(link.to_owned())
}

/// Whether a link may become an anchor: `http://` or `https://` and nothing odd in it.
pub fn is_web_link(link: &str) -> bool {
    let lower = link.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !link
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || matches!(c, '"' | '<' | '>' | '`'))
}

/// Checks dimension ids against a rubric: an unknown id is an error that names the nearest one.
/// Returns the ids in rubric order, without repeats.
pub fn check_dimensions(rubric: &Rubric, ids: &[String]) -> Result<Vec<String>, String> {
    for id in ids {
        if !rubric.dimensions.iter().any(|d| d.id == *id) {
            let known: Vec<&str> = rubric.dimensions.iter().map(|d| d.id.as_str()).collect();
            let nearest = known
                .iter()
                .map(|k| (strsim::jaro_winkler(id, k), *k))
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, k)| k);
            let hint = match nearest {
                Some(k) => format!("did you mean \"{k}\"? "),
                None => String::new(),
            };
            return Err(format!(
                "rubric \"{}\" has no dimension \"{id}\"; {hint}the dimensions are: {}",
                rubric.id,
                known.join(", ")
            ));
        }
    }
    Ok(in_rubric_order(rubric, ids))
}

/// The ids that name a dimension of `rubric`, in rubric order, each once.
pub fn in_rubric_order(rubric: &Rubric, ids: &[String]) -> Vec<String> {
    rubric
        .dimensions
        .iter()
        .filter(|d| ids.contains(&d.id))
        .map(|d| d.id.clone())
        .collect()
}

/// Words too common to tell dimensions apart.
const STOP_WORDS: &[&str] = &[
    "about", "after", "again", "also", "been", "before", "being", "both", "could", "does", "doing",
    "done", "each", "even", "every", "from", "have", "having", "here", "into", "just", "like",
    "made", "make", "more", "most", "much", "next", "only", "other", "over", "same", "should",
    "since", "some", "such", "than", "that", "their", "them", "then", "there", "these", "they",
    "this", "those", "through", "under", "until", "very", "want", "week", "were", "what", "when",
    "where", "which", "while", "with", "without", "would", "your", "yours", "ours", "will",
    "things", "thing", "someone", "people", "work", "level",
];

/// The distinct content words of a text: lower case, at least four letters, a crude stem.
fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .map(|w| stem(&w))
        .collect()
}

/// Cuts common English endings, so "mentored" meets "mentoring" and "mentor".
fn stem(word: &str) -> String {
    for suffix in [
        "ations", "ation", "ings", "ing", "ers", "ed", "es", "er", "s",
    ] {
        if let Some(base) = word.strip_suffix(suffix)
            && base.chars().count() >= 4
        {
            return base.to_owned();
        }
    }
    word.to_owned()
}

/// Everything a dimension says about itself: name, why, actions, questions and options.
fn dimension_words(rubric: &Rubric) -> Vec<BTreeSet<String>> {
    rubric
        .dimensions
        .iter()
        .map(|dim| {
            let mut text = format!("{} {} {}", dim.name, dim.id, dim.why);
            for action in &dim.actions {
                text.push(' ');
                text.push_str(action);
            }
            for question in &dim.questions {
                text.push(' ');
                text.push_str(&question.prompt);
                match &question.kind {
                    QuestionKind::Choice(options) => {
                        for option in options {
                            text.push(' ');
                            text.push_str(&option.text);
                        }
                    }
                    QuestionKind::Multi(options) => {
                        for option in options {
                            text.push(' ');
                            text.push_str(&option.text);
                        }
                    }
                    QuestionKind::Text => {}
                }
            }
            words(&text)
        })
        .collect()
}

/// Dimensions an entry's words point to, best first (at most [`MAX_SUGGESTIONS`]): each word
/// the entry shares with a dimension counts, more when few dimensions use it; a word of the
/// dimension's name counts double. Dimensions scoring under half the best are left out.
pub fn suggest(rubric: &Rubric, text: &str) -> Vec<String> {
    let entry = words(text);
    if entry.is_empty() {
        return Vec::new();
    }
    let per_dimension = dimension_words(rubric);
    let mut spread: HashMap<&str, usize> = HashMap::new();
    for set in &per_dimension {
        for word in set {
            *spread.entry(word.as_str()).or_default() += 1;
        }
    }
    let total = rubric.dimensions.len().max(1) as f64;
    let mut scored: Vec<(f64, usize)> = per_dimension
        .iter()
        .enumerate()
        .map(|(i, set)| {
            let name = words(&rubric.dimensions[i].name);
            let score: f64 = entry
                .iter()
                .filter(|w| set.contains(*w))
                .map(|w| {
                    let rarity =
                        (total / spread.get(w.as_str()).copied().unwrap_or(1) as f64).ln() + 1.0;
                    if name.contains(w) {
                        2.0 * rarity
                    } else {
                        rarity
                    }
                })
                .sum();
            (score, i)
        })
        .filter(|(score, _)| *score > 0.0)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let best = scored.first().map_or(0.0, |s| s.0);
    scored
        .into_iter()
        .filter(|(score, _)| *score >= best / 2.0)
        .take(MAX_SUGGESTIONS)
        .map(|(_, i)| rubric.dimensions[i].id.clone())
        .collect()
}

/// Where a piece of evidence comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// A journal entry.
    Journal,
    /// An example given in a stored assessment.
    Assessment,
}

impl Source {
    /// The word used in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Journal => "journal",
            Self::Assessment => "assessment",
        }
    }
}

/// One dated piece of evidence for some dimensions: a journal entry or an assessment example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// When.
    pub date: Date,
    /// What was done.
    pub text: String,
    /// Where it comes from.
    pub source: Source,
    /// Where to see it.
    pub link: Option<String>,
    /// The dimensions it shows.
    pub dimensions: Vec<String>,
    /// For assessment examples: who gave it (`self`, `manager`…).
    pub rater: Option<String>,
}

impl From<&Entry> for Evidence {
    fn from(entry: &Entry) -> Self {
        Self {
            date: entry.date,
            text: entry.text.clone(),
            source: Source::Journal,
            link: entry.link.clone(),
            dimensions: entry.dimensions.clone(),
            rater: None,
        }
    }
}

/// Which entries to list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only entries tagged with this dimension.
    pub dimension: Option<String>,
    /// Only entries on or after this date.
    pub since: Option<Date>,
    /// Only entries on or before this date.
    pub until: Option<Date>,
}

impl Filter {
    /// Whether the filter keeps an entry dated `date` tagged with `dimensions`.
    pub fn keeps(&self, date: Date, dimensions: &[String]) -> bool {
        self.since.is_none_or(|s| date >= s)
            && self.until.is_none_or(|u| date <= u)
            && self
                .dimension
                .as_ref()
                .is_none_or(|d| dimensions.contains(d))
    }
}

/// Sorts entries newest first; entries of one day by id, so the order is stable.
pub fn sort_newest_first(entries: &mut [Entry]) {
    entries.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
}

/// One dimension's row of `promo log coverage`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoverageRow {
    /// Dimension id.
    pub id: String,
    /// Dimension name.
    pub name: String,
    /// Must-have.
    pub critical: bool,
    /// Journal entries tagged with it.
    pub entries: usize,
    /// Assessment examples for it.
    pub examples: usize,
    /// The newest date of either.
    pub newest: Option<Date>,
    /// No evidence in the last [`STALE_DAYS`] days.
    pub thin: bool,
}

/// Per dimension, in rubric order: how much evidence there is, the newest date, and whether
/// the record is thin (nothing in the [`STALE_DAYS`] days up to `today`).
pub fn coverage(rubric: &Rubric, evidence: &[Evidence], today: Date) -> Vec<CoverageRow> {
    let mut counts: BTreeMap<&str, (usize, usize, Option<Date>)> = BTreeMap::new();
    for item in evidence {
        for dim in &item.dimensions {
            let slot = counts.entry(dim.as_str()).or_default();
            match item.source {
                Source::Journal => slot.0 += 1,
                Source::Assessment => slot.1 += 1,
            }
            slot.2 = slot.2.max(Some(item.date));
        }
    }
    let cutoff = today.minus_days(STALE_DAYS);
    rubric
        .dimensions
        .iter()
        .map(|dim| {
            let (entries, examples, newest) =
                counts.get(dim.id.as_str()).copied().unwrap_or_default();
            CoverageRow {
                id: dim.id.clone(),
                name: dim.name.clone(),
                critical: dim.critical,
                entries,
                examples,
                newest,
                thin: newest.is_none_or(|d| d < cutoff),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, JOURNAL};

    fn rubric() -> Rubric {
        testing::parse(JOURNAL)
    }

    #[test]
    fn suggests_from_the_rubric_words() {
        let r = rubric();
        assert_eq!(
            suggest(&r, "Mentored two new teammates on code review"),
            ["mentoring"]
        );
        assert_eq!(
            suggest(&r, "Ran the release and published the plan"),
            ["delivery"]
        );
        assert!(suggest(&r, "lunch").is_empty());
    }

    #[test]
    fn unknown_dimensions_name_the_nearest() {
        let error = check_dimensions(&rubric(), &["mentorin".into()]).unwrap_err();
        assert!(error.contains("did you mean \"mentoring\""), "{error}");
        let ok = check_dimensions(&rubric(), &["delivery".into(), "mentoring".into()]).unwrap();
        assert_eq!(ok, ["mentoring", "delivery"]);
    }

    #[test]
    fn entries_round_trip_through_toml() {
        let entry = Entry {
            id: "abc".into(),
            date: Date::new(2026, 3, 4).unwrap(),
            dimensions: vec!["delivery".into()],
            link: Some("https://example.com/pr/1".into()),
            ..testing::entry("Said \"hi\"\nand <b>left</b>")
        };
        let text = entry.to_toml();
        assert!(text.contains("date = 2026-03-04"), "{text}");
        assert_eq!(parse_entry(&text, "x.toml", "abc").unwrap(), entry);
        let broken = parse_entry(
            "rubric = \"t\"\ndate = 2026-13-01\ntext = \"x\"",
            "x.toml",
            "abc",
        )
        .unwrap_err()
        .to_string();
        assert!(broken.contains("x.toml:2"), "{broken}");
    }

    #[test]
    fn only_http_links_are_web_links() {
        assert!(is_web_link("https://example.com/a?b=c"));
        assert!(is_web_link("HTTP://example.com"));
        assert!(!is_web_link("javascript:alert(1)"));
        assert!(!is_web_link("https://x.com/\"onmouseover=\"a"));
        assert!(!is_web_link("file:///etc/passwd"));
    }

    #[test]
    fn coverage_flags_thin_dimensions() {
        let r = rubric();
        let today = Date::new(2026, 6, 1).unwrap();
        let evidence = [Evidence {
            date: Date::new(2026, 5, 20).unwrap(),
            text: "x".into(),
            source: Source::Journal,
            link: None,
            dimensions: vec!["delivery".into()],
            rater: None,
        }];
        let rows = coverage(&r, &evidence, today);
        assert!(rows[0].thin);
        assert_eq!(rows[0].entries, 0);
        assert!(!rows[1].thin);
        assert_eq!(rows[1].entries, 1);
    }
}
