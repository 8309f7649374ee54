//! The development plan: dated commitments per dimension, drawn from an assessment's focus
//! list and opportunity gaps, and their progress. Pure: the store reads and writes the files.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::date::Date;
use super::entry_file::{Fields, Kind};
use super::error::Invalid;
use super::journal::MAX_TEXT_CHARS;
use super::report::Report;
use super::rubric::Rubric;

/// Weeks a new plan spreads its items over, unless told otherwise.
pub const DEFAULT_WEEKS: u32 = 12;
/// The most weeks a plan may span.
pub const MAX_WEEKS: u32 = 520;
/// What a plan item file is called, and its schema.
pub const KIND: Kind = Kind {
    noun: "plan item",
    schema: "plan",
};

/// Where an item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Still to do.
    #[default]
    Open,
    /// Done.
    Done,
    /// Given up.
    Dropped,
}

impl Status {
    /// The word used in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Done => "done",
            Self::Dropped => "dropped",
        }
    }
}

/// A plan item file as it is written: `<data dir>/plan/<rubric>/<id>.toml`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "promo plan item",
    description = "One dated commitment of a development plan. The rubric is the directory the file is in; the id is the file name."
)]
pub struct ItemFile {
    /// The rubric id.
    pub rubric: String,
    /// The dimension the item works on.
    pub dimension: String,
    /// What to do.
    pub text: String,
    /// When it is due.
    #[schemars(with = "String", regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub due: Date,
    /// Who helps (a manager, a mentor).
    pub with: Option<String>,
    /// open, done or dropped.
    #[serde(default)]
    pub status: Status,
    /// When the item was made.
    #[schemars(with = "Option<String>", regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub created: Option<Date>,
    /// When it was done or dropped.
    #[schemars(with = "Option<String>", regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub closed: Option<Date>,
    /// A note on how it went.
    pub note: Option<String>,
}

/// One plan item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// Its id (the file name).
    pub id: String,
    /// The rubric id.
    pub rubric: String,
    /// The dimension.
    pub dimension: String,
    /// What to do.
    pub text: String,
    /// When it is due.
    pub due: Date,
    /// Who helps.
    pub with: Option<String>,
    /// Where it stands.
    pub status: Status,
    /// When it was made.
    pub created: Option<Date>,
    /// When it was done or dropped.
    pub closed: Option<Date>,
    /// A note on how it went.
    pub note: Option<String>,
}

impl Item {
    /// Whether the item is open and its due date has passed by `today`.
    pub fn overdue(&self, today: Date) -> bool {
        self.status == Status::Open && self.due < today
    }

    /// The item's file text.
    pub fn to_toml(&self) -> String {
        KIND.write(
            &Fields::default()
                .text("rubric", &self.rubric)
                .text("dimension", &self.dimension)
                .text("text", &self.text)
                .date("due", self.due)
                .text_if("with", self.with.as_deref())
                .text("status", self.status.as_str())
                .date_if("created", self.created)
                .date_if("closed", self.closed)
                .text_if("note", self.note.as_deref()),
        )
    }
}

/// Reads an item file; `id` comes from its name. Errors name the file and line.
pub fn parse_item(source: &str, origin: &str, id: &str) -> Result<Item, Invalid> {
    let file: ItemFile = KIND.read(source, origin)?;
    if file.text.trim().is_empty() || file.text.chars().count() > MAX_TEXT_CHARS {
        return Err(KIND.invalid(
            origin,
            format!("`text` must say what to do, in at most {MAX_TEXT_CHARS} characters"),
        ));
    }
    Ok(Item {
        id: id.to_owned(),
        rubric: file.rubric,
        dimension: file.dimension,
        text: file.text.trim().to_owned(),
        due: file.due,
        with: file.with,
        status: file.status,
        created: file.created,
        closed: file.closed,
        note: file.note,
    })
}

/// An item to add: what [`propose`] and `promo plan add` make before the store gives it an id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewItem {
    /// The dimension.
    pub dimension: String,
    /// What to do.
    pub text: String,
    /// When it is due.
    pub due: Date,
    /// Who helps.
    pub with: Option<String>,
}

/// The text of the item that asks for a chance to show a dimension.
pub fn ask_text(name: &str) -> String {
    format!("Ask for a chance to show {name}")
}

/// Turns an assessment into dated commitments: every action of every focus dimension, then
/// one "ask for a chance to show" item per unproven must-have or opportunity gap. Due dates
/// are spread evenly over `weeks` from `start`, the last on the final day. Items whose
/// dimension and text match one in `existing` that is not dropped are left out.
pub fn propose(
    rubric: &Rubric,
    report: &Report,
    start: Date,
    weeks: u32,
    existing: &[Item],
) -> Vec<NewItem> {
    let mut wanted: Vec<(String, String)> = Vec::new();
    for focus in &report.focus {
        for action in &focus.actions {
            wanted.push((focus.id.clone(), action.clone()));
        }
    }
    let mut asks: Vec<&str> = report.unproven.iter().map(String::as_str).collect();
    for opportunity in &report.opportunities {
        if !asks.contains(&opportunity.id.as_str()) {
            asks.push(&opportunity.id);
        }
    }
    for dim in &rubric.dimensions {
        if asks.contains(&dim.id.as_str()) {
            wanted.push((dim.id.clone(), ask_text(&dim.name)));
        }
    }
    wanted.retain(|(dim, text)| {
        !existing
            .iter()
            .any(|i| i.status != Status::Dropped && i.dimension == *dim && i.text == *text)
    });
    wanted.dedup();
    let days = i64::from(weeks.clamp(1, MAX_WEEKS)) * 7;
    let count = i64::try_from(wanted.len()).unwrap_or(i64::MAX).max(1);
    wanted
        .into_iter()
        .enumerate()
        .map(|(n, (dimension, text))| {
            let n = i64::try_from(n).unwrap_or(0) + 1;
            NewItem {
                dimension,
                text,
                due: start.minus_days(-(days * n / count)),
                with: None,
            }
        })
        .collect()
}

/// Sorts items by due date, then id.
pub fn sort_by_due(items: &mut [Item]) {
    items.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.id.cmp(&b.id)));
}

pub use super::report::{PlanDimensionProgress as DimensionProgress, PlanProgress as Progress};

/// The progress of a rubric's plan as of `today`; `None` when it has no open or done item.
pub fn progress(rubric: &Rubric, items: &[Item], today: Date) -> Option<Progress> {
    let dimensions: Vec<DimensionProgress> = rubric
        .dimensions
        .iter()
        .map(|dim| {
            let mine = items.iter().filter(|i| i.dimension == dim.id);
            let (mut open, mut overdue, mut done) = (0, 0, 0);
            for item in mine {
                match item.status {
                    Status::Open => {
                        open += 1;
                        overdue += usize::from(item.overdue(today));
                    }
                    Status::Done => done += 1,
                    Status::Dropped => {}
                }
            }
            DimensionProgress {
                id: dim.id.clone(),
                name: dim.name.clone(),
                open,
                overdue,
                done,
            }
        })
        .filter(|p| p.open + p.done > 0)
        .collect();
    if dimensions.is_empty() {
        return None;
    }
    Some(Progress {
        as_of: today,
        open: dimensions.iter().map(|d| d.open).sum(),
        overdue: dimensions.iter().map(|d| d.overdue).sum(),
        done: dimensions.iter().map(|d| d.done).sum(),
        dimensions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::report::ReportOptions;
    use crate::testing;

    #[test]
    fn proposes_dated_items_without_duplicates() {
        let rubric = testing::rubric();
        let report = testing::report(
            &rubric,
            "[answers]\na1 = 1\nb1 = \"na\"",
            ReportOptions::default(),
        );
        let start = Date::new(2026, 1, 1).unwrap();
        let items = propose(&rubric, &report, start, 12, &[]);
        let texts: Vec<&str> = items.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(texts, ["Do one", "Do two", "Ask for a chance to show Beta"]);
        assert_eq!(items[0].due, Date::new(2026, 1, 29).unwrap());
        assert_eq!(items[2].due, Date::new(2026, 3, 26).unwrap());
        let existing = Item {
            id: "x".into(),
            rubric: "t".into(),
            dimension: "a".into(),
            text: "Do one".into(),
            due: start,
            with: None,
            status: Status::Open,
            created: None,
            closed: None,
            note: None,
        };
        assert!(existing.overdue(Date::new(2026, 1, 2).unwrap()));
        let again = propose(&rubric, &report, start, 12, &[existing]);
        assert_eq!(again.len(), 2);
    }
}
