//! The one place that knows where promo keeps its data: drafts and history.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow};

use crate::writer::create_private_dir;

/// The environment variable that overrides the data directory.
pub const DATA_DIR_ENV: &str = "PROMO_DATA_DIR";

/// promo's data directory: private (0700), created on first use.
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

    /// Where finished answers files go when no `--save` is given, created (0700) if missing.
    pub fn assessments(&self) -> Result<PathBuf> {
        self.private("assessments")
    }

    fn private(&self, relative: &str) -> Result<PathBuf> {
        create_private_dir(&self.root).with_context(|| {
            format!(
                "cannot set up promo's data directory {}",
                self.root.display()
            )
        })?;
        let path = self.root.join(relative);
        create_private_dir(&path)?;
        Ok(path)
    }
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
        use std::os::unix::fs::PermissionsExt;
        let temp = tempfile::tempdir().unwrap();
        let data = DataDir::at(temp.path().join("promo"));
        let history = data.history("ic-to-manager").unwrap();
        for path in [data.root().to_owned(), data.root().join("history"), history] {
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o700, "{}", path.display());
        }
    }
}
