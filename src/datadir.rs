//! The one place that knows where promo keeps its data: drafts, history, finished answers,
//! journal, plan and your profile.

use std::path::{Path, PathBuf};
use std::sync::Once;

use anyhow::{Context as _, Result, anyhow};

use crate::exit::Failure;
use crate::show::Shown;
use crate::writer::create_private_dir;

/// The environment variable that overrides the data directory.
pub const DATA_DIR_ENV: &str = "PROMO_DATA_DIR";

/// promo's data directory: created private (0700) on first use; an existing one is left as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    /// `--data-dir`, else `PROMO_DATA_DIR`, else the platform's data directory
    /// (`$XDG_DATA_HOME/promo` or `~/.local/share/promo` on Linux).
    pub fn resolve(flag: Option<&Path>) -> Result<Self> {
        let root = match flag {
            Some(path) => path.to_owned(),
            None => match std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
                Some(path) => PathBuf::from(path),
                None => directories::ProjectDirs::from("", "", "promo")
                    .map(|dirs| dirs.data_dir().to_owned())
                    .ok_or_else(|| {
                        anyhow!("cannot find a home directory for promo's data; pass --data-dir DIR or set {DATA_DIR_ENV}")
                    })?,
            },
        };
        Ok(Self { root })
    }

    /// A data directory at `root`, as given.
    pub fn at(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where unfinished assessments are kept, created (0700) if missing.
    pub fn drafts(&self) -> Result<PathBuf> {
        self.private("drafts")
    }

    /// Where finished assessments are kept, per rubric, created (0700) if missing.
    pub fn history(&self, rubric: &str) -> Result<PathBuf> {
        self.private(&format!("history/{rubric}"))
    }

    /// The history directory without creating it.
    pub fn history_root(&self) -> PathBuf {
        self.root.join("history")
    }

    /// Where a rubric's journal entries are kept, created (0700) if missing.
    pub fn journal(&self, rubric: &str) -> Result<PathBuf> {
        self.private(&format!("journal/{rubric}"))
    }

    /// The journal directory without creating it.
    pub fn journal_root(&self) -> PathBuf {
        self.root.join("journal")
    }

    /// Where a rubric's plan items are kept, created (0700) if missing.
    pub fn plan(&self, rubric: &str) -> Result<PathBuf> {
        self.private(&format!("plan/{rubric}"))
    }

    /// The plan directory without creating it.
    pub fn plan_root(&self) -> PathBuf {
        self.root.join("plan")
    }

    /// Where finished answers files go when no `--save` is given, created (0700) if missing.
    pub fn assessments(&self) -> Result<PathBuf> {
        self.private("assessments")
    }

    /// The file that remembers your name (`profile.toml` in the root); not created here.
    pub fn profile(&self) -> PathBuf {
        self.root.join("profile.toml")
    }

    /// Creates the root (0700) if it is missing, as every subdirectory does first.
    pub fn set_up_root(&self) -> Result<()> {
        self.set_up()
            .with_context(|| format!("cannot set up promo's data directory {}", Shown(&self.root)))
    }

    fn private(&self, relative: &str) -> Result<PathBuf> {
        self.set_up().with_context(|| {
            format!("cannot set up promo's data directory {}", Shown(&self.root))
        })?;
        let path = self.root.join(relative);
        create_private_dir(&path)?;
        Ok(path)
    }

    /// Creates the root (0700) if it is missing. One that exists is the user's: it is left as it
    /// is, with a warning (once) when others can read it, as ssh does for its keys.
    fn set_up(&self) -> Result<()> {
        match std::fs::metadata(&self.root) {
            Ok(meta) if meta.is_dir() => {
                if let Some(mode) = open_to_others(&meta) {
                    static WARNED: Once = Once::new();
                    WARNED.call_once(|| {
                        crate::message::warn_all([format!(
                            "promo's data directory {} can be read by others (mode {mode:o}); to keep your assessments private: chmod 700 {}",
                            Shown(&self.root),
                            Shown(&self.root)
                        )]);
                    });
                }
                Ok(())
            }
            Ok(_) => Err(Failure::usage(format!(
                "{} is not a directory; pass --data-dir DIR or set {DATA_DIR_ENV} to a directory",
                Shown(&self.root)
            ))
            .into()),
            Err(_) => create_private_dir(&self.root),
        }
    }
}

/// The permission bits of a directory that group or others can read, if they can.
#[cfg(unix)]
fn open_to_others(meta: &std::fs::Metadata) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    let mode = meta.permissions().mode() & 0o7777;
    (mode & 0o044 != 0).then_some(mode)
}

#[cfg(not(unix))]
fn open_to_others(_: &std::fs::Metadata) -> Option<u32> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_wins() {
        let dir = DataDir::resolve(Some(Path::new("/tmp/x"))).unwrap();
        assert_eq!(dir.root(), Path::new("/tmp/x"));
    }

    #[cfg(unix)]
    #[test]
    fn subdirectories_are_private() {
        let temp = tempfile::tempdir().unwrap();
        let data = DataDir::at(temp.path().join("promo"));
        let history = data.history("ic-to-manager").unwrap();
        for path in [data.root().to_owned(), data.root().join("history"), history] {
            assert_eq!(crate::testing::mode(&path), 0o700, "{}", path.display());
        }
    }
}
