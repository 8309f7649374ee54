//! What the command-line tests share: a private directory with one test rubric, and the binary
//! run in it with a clean environment.
#![allow(clippy::unwrap_used, dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// A temporary directory holding `rubrics/t.toml` and, once used, the data directory `data/`.
pub struct TestDir {
    dir: TempDir,
}

impl TestDir {
    /// A new directory with `rubric` as its only custom rubric.
    pub fn with_rubric(rubric: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("rubrics")).unwrap();
        fs::write(dir.path().join("rubrics/t.toml"), rubric).unwrap();
        Self { dir }
    }

    /// The directory itself.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// promo's data directory for this test.
    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Writes `text` to `name` in the directory.
    pub fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        fs::write(&path, text).unwrap();
        path
    }

    /// The binary with a clean, colourless environment, the test rubric and a private data dir.
    pub fn promo(&self) -> Command {
        let mut cmd = Command::cargo_bin("promo").unwrap();
        cmd.current_dir(self.dir.path())
            .env_remove("PROMO_RUBRICS_DIR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("COLUMNS")
            .env("NO_COLOR", "1")
            .env("TZ", "UTC")
            .env("PROMO_DATA_DIR", self.data())
            .arg("--rubrics-dir")
            .arg(self.dir.path().join("rubrics"));
        cmd
    }
}

/// Runs `cmd`, insists that it succeeds, and parses its standard output as JSON.
pub fn success_json(cmd: &mut Command) -> serde_json::Value {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}
