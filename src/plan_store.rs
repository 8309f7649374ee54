//! The development plan on disk: one private TOML file per item, by rubric.
//!
//! Items live in `<data dir>/plan/<rubric id>/<id>.toml`. Adding items (which first checks for
//! duplicates) holds an advisory lock on `.lock` in the rubric's directory, so two `promo plan
//! new` at once do not both add the same items; changing an item rewrites only its own file.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use crate::core::date::Date;
use crate::core::plan::{Item, NewItem, Status, parse_item, sort_by_due};
use crate::datadir::DataDir;
use crate::journal_store::{fresh_id, pick, read_small, rubric_dirs, toml_files};
use crate::show::Shown;
use crate::writer;

/// The plan inside a data directory.
#[derive(Debug, Clone)]
pub struct PlanStore {
    data: DataDir,
}

/// Items as loaded, with the files that could not be read.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Items by due date.
    pub items: Vec<Item>,
    /// One message per file that could not be read: its name, line and what is wrong.
    pub problems: Vec<String>,
}

impl PlanStore {
    /// The plan in `data`.
    pub fn new(data: DataDir) -> Self {
        Self { data }
    }

    /// Where the plan is (not created).
    pub fn root(&self) -> PathBuf {
        self.data.plan_root()
    }

    fn path_of(&self, item: &Item) -> PathBuf {
        self.root()
            .join(&item.rubric)
            .join(format!("{}.toml", item.id))
    }

    /// The items of one rubric, or of every rubric, by due date.
    pub fn load(&self, rubric: Option<&str>) -> Result<Loaded> {
        let rubrics = match rubric {
            Some(id) => vec![id.to_owned()],
            None => rubric_dirs(&self.root())?,
        };
        let mut loaded = Loaded::default();
        for id in rubrics {
            for path in toml_files(&self.root().join(&id))? {
                let Some(item_id) = path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .map(str::to_ascii_lowercase)
                else {
                    continue;
                };
                match read_small(&path).and_then(|text| {
                    let origin = path.display().to_string();
                    let mut item = parse_item(&text, &origin, &item_id)?;
                    item.rubric.clone_from(&id);
                    Ok(item)
                }) {
                    Ok(item) => loaded.items.push(item),
                    Err(error) => loaded.problems.push(format!(
                        "skipping the plan item {}: {error:#}",
                        Shown(&path)
                    )),
                }
            }
        }
        sort_by_due(&mut loaded.items);
        Ok(loaded)
    }

    /// Adds items to a rubric's plan, made on `today`. `choose` sees the items already there
    /// (under the lock) and returns the ones to add; the added items are returned.
    pub fn add_with(
        &self,
        rubric: &str,
        today: Date,
        choose: impl FnOnce(&[Item]) -> Vec<NewItem>,
    ) -> Result<Vec<Item>> {
        let dir = self.data.plan(rubric)?;
        let _lock = lock(&dir)?;
        let existing = self.load(Some(rubric))?.items;
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
            writer::write_atomic(&self.path_of(&item), item.to_toml().as_bytes())?;
            added.push(item);
        }
        Ok(added)
    }

    /// The item `query` names (a whole id or a unique prefix).
    pub fn find(&self, query: &str) -> Result<Item> {
        let loaded = self.load(None)?;
        let ids: Vec<&str> = loaded.items.iter().map(|i| i.id.as_str()).collect();
        let id = pick(&ids, query, "plan item", "promo plan --all")?.to_owned();
        loaded
            .items
            .into_iter()
            .find(|i| i.id == id)
            .ok_or_else(|| anyhow::anyhow!("the plan item {id} went away"))
    }

    /// Rewrites a stored item; only its own file changes.
    pub fn save(&self, item: &Item) -> Result<()> {
        let path = self.path_of(item);
        if !path.is_file() {
            anyhow::bail!("the plan item {} is gone ({})", item.id, Shown(&path));
        }
        writer::write_atomic(&path, item.to_toml().as_bytes())
    }
}

/// Holds the advisory lock of a rubric's plan directory until dropped.
fn lock(dir: &Path) -> Result<fs::File> {
    let path = dir.join(".lock");
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot open the lock file {}", Shown(&path)))?;
    file.lock()
        .with_context(|| format!("cannot lock {}", Shown(&path)))?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_without_duplicates_and_saves_one_item() {
        let temp = tempfile::tempdir().unwrap();
        let store = PlanStore::new(DataDir::at(temp.path().join("data")));
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
        assert_eq!(loaded.items.len(), 2);
        assert!(loaded.items.iter().any(|i| i.status == Status::Done));
        assert!(loaded.problems.is_empty());
    }
}
