//! Who you are, asked once: the name that goes on your own assessments, kept in the data
//! directory (`profile.toml`) so promo never asks again.

use std::path::PathBuf;

use anyhow::{Context as _, Result};
use serde::{Deserialize, Serialize};

use crate::datadir::DataDir;

/// A name longer than this is cut: it is a name, not a document.
const MAX_NAME_CHARS: usize = 200;

/// The profile file's content.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    /// The name on your own assessments; empty when you chose to leave it out.
    name: String,
}

/// What the profile says about your name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Name {
    /// Never asked.
    Unknown,
    /// Asked, and you left it empty: reports stay without a name.
    Declined,
    /// Your name.
    Known(String),
}

impl Name {
    /// The name, if there is one.
    pub fn known(&self) -> Option<&str> {
        match self {
            Self::Known(name) => Some(name),
            _ => None,
        }
    }
}

/// The profile in a data directory.
#[derive(Debug, Clone)]
pub struct Profile {
    data: DataDir,
    path: PathBuf,
}

impl Profile {
    /// The profile of `data` (nothing is created until [`Profile::remember`]).
    pub fn new(data: &DataDir) -> Self {
        Self {
            data: data.clone(),
            path: data.profile(),
        }
    }

    /// The file it is kept in.
    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// Your name as remembered. A profile that cannot be read counts as never asked, with a
    /// warning naming the file: the name is asked again and the file replaced.
    pub fn name(&self) -> Name {
        if !self.path.is_file() {
            return Name::Unknown;
        }
        match self.read() {
            Ok(file) if file.name.trim().is_empty() => Name::Declined,
            Ok(file) => Name::Known(file.name.trim().to_owned()),
            Err(error) => {
                crate::message::warn_all([format!("{error:#}; promo asks for your name again")]);
                Name::Unknown
            }
        }
    }

    fn read(&self) -> Result<File> {
        let text = crate::catalog::read_text(&self.path)?;
        toml::from_str(&text).with_context(|| {
            format!(
                "{} is not a promo profile (it holds `name = \"Your name\"`)",
                crate::show::Shown(&self.path)
            )
        })
    }

    /// Remembers your name (empty: leave it out of reports, and do not ask again).
    pub fn remember(&self, name: &str) -> Result<()> {
        let name: String = name.trim().chars().take(MAX_NAME_CHARS).collect();
        let text = format!(
            "# promo: the name on your own assessments (empty: none). `--subject NAME` overrides it.\n{}",
            toml::to_string(&File { name }).unwrap_or_default()
        );
        self.data.set_up_root()?;
        crate::writer::write_atomic(&self.path, text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_remembered_and_an_empty_one_is_declined() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::at(dir.path().join("data"));
        let profile = Profile::new(&data);
        assert_eq!(profile.name(), Name::Unknown);
        profile.remember("  Ana \"Maria\" ").unwrap();
        assert_eq!(profile.name(), Name::Known("Ana \"Maria\"".into()));
        profile.remember("").unwrap();
        assert_eq!(profile.name(), Name::Declined);
        std::fs::write(profile.path(), "not toml = = =").unwrap();
        assert_eq!(profile.name(), Name::Unknown);
    }
}
