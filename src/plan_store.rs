//! The development plan on disk: one private TOML file per item, by rubric.
//!
//! Items live in `<data dir>/plan/<rubric id>/<id>.toml`. Adding items (which first checks for
//! duplicates) holds an advisory lock on `.lock` in the rubric's directory, so two `promo plan
//! new` at once do not both add the same items; changing an item rewrites only its own file.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::core::date::Date;
use crate::core::entry_file::Kind;
use crate::core::error::Invalid;
use crate::core::plan::{self, Item, NewItem, Status, parse_item, sort_by_due};
use crate::datadir::DataDir;
use crate::entry_store::{EntryStore, Stored, fresh_id, lock};

impl Stored for Item {
    const KIND: Kind = plan::KIND;
    const LISTING: &'static str = "promo plan --all";

    fn root(data: &DataDir) -> PathBuf {
        data.plan_root()
    }

    fn file(&self) -> PathBuf {
        Path::new(&self.rubric).join(format!("{}.toml", self.id))
    }

    /// The id in `<id>.toml`.
    fn id_in(path: &Path) -> Option<String> {
        path.file_stem()
            .and_then(|s| s.to_str())
            .map(str::to_ascii_lowercase)
    }

    fn read(source: &str, origin: &str, id: &str, rubric: &str) -> Result<Self, Invalid> {
        let item = parse_item(source, origin, id)?;
        Ok(Self {
            rubric: rubric.to_owned(),
            ..item
        })
    }

    fn id(&self) -> &str {
        &self.id
    }

    fn to_toml(&self) -> String {
        Item::to_toml(self)
    }

    fn sort(items: &mut [Self]) {
        sort_by_due(items);
    }
}

/// The plan inside a data directory.
#[derive(Debug, Clone)]
pub struct PlanStore {
    files: EntryStore<Item>,
}

/// Items as loaded (by due date), with the files that could not be read.
pub type Loaded = crate::entry_store::Loaded<Item>;

impl PlanStore {
    /// The plan in `data`.
    pub fn new(data: DataDir) -> Self {
        Self {
            files: EntryStore::new(data),
        }
    }

    /// Where the plan is (not created).
    pub fn root(&self) -> PathBuf {
        self.files.root()
    }

    /// The items of one rubric, or of every rubric, by due date.
    pub fn load(&self, rubric: Option<&str>) -> Result<Loaded> {
        self.files.load(rubric)
    }

    /// Adds items to a rubric's plan, made on `today`. `choose` sees the items already there
    /// (under the lock) and returns the ones to add; the added items are returned.
    pub fn add_with(
        &self,
        rubric: &str,
        today: Date,
        choose: impl FnOnce(&[Item]) -> Vec<NewItem>,
    ) -> Result<Vec<Item>> {
        let dir = self.files.data().plan(rubric)?;
        let _lock = lock(&dir)?;
        let existing = self.load(Some(rubric))?.entries;
        let mut added = Vec::new();
        for new in choose(&existing) {
            let item = Item {
                id: fresh_id(&new.text),
                rubric: rubric.to_owned(),
                dimension: new.dimension,
                text: new.text,
                due: new.due,
                with: new.with,
                status: Status::Open,
                created: Some(today),
                closed: None,
                note: None,
            };
            self.files.write(&item)?;
            added.push(item);
        }
        Ok(added)
    }

    /// The item `query` names (a whole id or a unique prefix).
    pub fn find(&self, query: &str) -> Result<Item> {
        self.files.find(query)
    }

    /// Rewrites a stored item; only its own file changes.
    pub fn save(&self, item: &Item) -> Result<()> {
        self.files.save(item)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    #[test]
    fn adds_without_duplicates_and_saves_one_item() {
        let (_temp, store) = testing::temp_store(PlanStore::new);
        let today = Date::new(2026, 1, 1).unwrap();
        let new = |text: &str| NewItem {
            dimension: "a".into(),
            text: text.into(),
            due: today,
            with: Some("Sam".into()),
        };
        let added = store
            .add_with("t", today, |_| vec![new("one"), new("two")])
            .unwrap();
        assert_eq!(added.len(), 2);
        let again = store
            .add_with("t", today, |existing| {
                assert_eq!(existing.len(), 2);
                Vec::new()
            })
            .unwrap();
        assert!(again.is_empty());
        let mut item = store.find(&added[0].id).unwrap();
        assert_eq!(item, added[0]);
        item.status = Status::Done;
        item.closed = Some(today);
        store.save(&item).unwrap();
        let loaded = store.load(Some("t")).unwrap();
        assert_eq!(loaded.entries.len(), 2);
        assert!(loaded.entries.iter().any(|i| i.status == Status::Done));
        assert!(loaded.problems.is_empty());
    }
}
