//! What the command-line tests share: the binary started with one fixed environment, a
//! private directory with one test rubric to run it in (`TestDir`, or `PtyDir` for runs in a
//! pseudo-terminal), the fixture rubrics, and the listings of what promo stored.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use assert_cmd::Command;
use tempfile::TempDir;

/// The path of the binary under test.
pub const PROMO: &str = env!("CARGO_BIN_EXE_promo");

/// A command that can take promo's fixed test environment.
pub trait FixedEnv {
    /// Sets the environment every test starts from: UTC, no colour, no width, no rubric
    /// directories from the user, and `data` as the data directory.
    fn fixed_env(&mut self, data: &Path) -> &mut Self;
}

macro_rules! fixed_env {
    ($command:ty) => {
        impl FixedEnv for $command {
            fn fixed_env(&mut self, data: &Path) -> &mut Self {
                self.env("TZ", "UTC")
                    .env("NO_COLOR", "1")
                    .env_remove("CLICOLOR_FORCE")
                    .env_remove("COLUMNS")
                    .env_remove("PROMO_RUBRICS_DIR")
                    .env("PROMO_DATA_DIR", data)
            }
        }
    };
}
fixed_env!(Command);
fixed_env!(StdCommand);

/// The binary with the fixed environment and `data` as its data directory.
pub fn promo(data: &Path) -> Command {
    let mut command = Command::new(PROMO);
    command.fixed_env(data);
    command
}

/// The same, as a standard library command (for pseudo-terminals and pipes).
pub fn promo_std(data: &Path) -> StdCommand {
    let mut command = StdCommand::new(PROMO);
    command.fixed_env(data);
    command
}

/// The shared test rubric (`id = "t"`): delegation, feedback and visibility, each option's
/// level its number minus one.
pub const LEAD: &str = include_str!("../fixtures/lead.toml");

/// The shared rubric for pseudo-terminal runs (`id = "pty-small"`): a choice that asks for an
/// example from level 3, a multi and a text question.
pub const SMALL_CHECK: &str = include_str!("../fixtures/small-check.toml");

/// The rubric of the first-hour runs (`id = "first-hour"`): options that end in full stops,
/// examples from level 3, a multi with a "not yet" answer (`na`), and a text question.
pub const FIRST_HOUR: &str = include_str!("../fixtures/first-hour.toml");

/// The rubric of the draft-safety runs (`id = "safe"`): a choice with no examples and no `na`,
/// a multi of two options, and a text question.
pub const SAFE_CHECK: &str = include_str!("../fixtures/safe-check.toml");

/// The rubric of the journal runs in a pseudo-terminal (`id = "pty-journal"`): delivery and
/// mentoring, one question each.
pub const PTY_JOURNAL: &str = include_str!("../fixtures/pty-journal.toml");

/// The rubric of the journal, plan and packet tests (`id = "t"`): delivery, mentoring and
/// influence, with targets, critical dimensions, examples from level 3 and an `na`.
pub const JOURNAL: &str = include_str!("../fixtures/journal.toml");

/// The rubric of the hostile-input tests (`id = "t"`): a choice that asks for an example from
/// level 3, and a text question.
pub const HOSTILE: &str = include_str!("../fixtures/hostile.toml");

/// A valid rubric with one weakness of each kind `promo rubrics lint` looks for.
pub const WEAK: &str = include_str!("../fixtures/weak.toml");

/// The built-in rubric `id`, as promo loads it.
pub fn built_in(id: &str) -> promo::core::rubric::Rubric {
    promo::catalog::Catalog::built_in()
        .unwrap()
        .into_iter()
        .find(|l| l.rubric.id == id)
        .unwrap()
        .rubric
}

/// A fixture file: a path below `tests/fixtures/`, such as `report/rubric.toml`.
pub fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative)
}

/// The permission bits of `path` (setuid, setgid and sticky included).
#[cfg(unix)]
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

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
        let mut cmd = promo(&self.data());
        cmd.current_dir(self.dir.path())
            .arg("--rubrics-dir")
            .arg(self.dir.path().join("rubrics"));
        cmd
    }

    /// What `promo history --format json` lists; it must succeed.
    pub fn history_json(&self) -> serde_json::Value {
        success_json(self.promo().args(["history", "--format", "json"]))
    }
}

/// A temporary directory for runs in a pseudo-terminal: a rubric file, `rubric.toml`, and a
/// private data directory `data/` (mode 0700), run from the directory itself.
pub struct PtyDir {
    dir: TempDir,
    seed: Option<u64>,
}

impl PtyDir {
    /// A new directory with `rubric` in `rubric.toml` and an empty data directory.
    pub fn new(rubric: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("rubric.toml"), rubric).unwrap();
        fs::create_dir_all(dir.path().join("data")).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(dir.path().join("data"), fs::Permissions::from_mode(0o700))
                .unwrap();
        }
        Self { dir, seed: None }
    }

    /// Your name as promo keeps it (`""`: asked before and left out), so no run asks it.
    pub fn with_name(self, name: &str) -> Self {
        fs::write(
            self.data().join("profile.toml"),
            format!("name = \"{name}\"\n"),
        )
        .unwrap();
        self
    }

    /// Fixes the shuffled order of the options (`PROMO_SEED`) for every run.
    pub fn with_seed(self, seed: u64) -> Self {
        Self {
            seed: Some(seed),
            ..self
        }
    }

    /// The directory itself.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The rubric file's path, as an argument.
    pub fn rubric(&self) -> String {
        self.path().join("rubric.toml").display().to_string()
    }

    /// promo's data directory for this test.
    pub fn data(&self) -> PathBuf {
        self.path().join("data")
    }

    /// Starts `command` in a `rows`×`cols` pseudo-terminal, in the fixed environment, in this
    /// directory, with the seed if there is one.
    pub fn spawn(&self, mut command: StdCommand, rows: u16, cols: u16) -> Pty {
        command.fixed_env(&self.data()).current_dir(self.path());
        if let Some(seed) = self.seed {
            command.env("PROMO_SEED", seed.to_string());
        }
        Pty::spawn(command, rows, cols)
    }

    /// `promo ARGS` in a `rows`×`cols` pseudo-terminal.
    pub fn promo(&self, args: &[&str], rows: u16, cols: u16) -> Pty {
        let mut command = StdCommand::new(PROMO);
        command.args(args);
        self.spawn(command, rows, cols)
    }
}

/// The paths in `dir`, sorted; none when it does not exist.
pub fn listing(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    paths.sort();
    paths
}

/// The `.toml` files in `dir` (not lock files), sorted.
pub fn toml_files(dir: &Path) -> Vec<PathBuf> {
    listing(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect()
}

/// The names of the files in `dir`, sorted.
pub fn file_names(dir: &Path) -> Vec<String> {
    listing(dir)
        .iter()
        .map(|p| p.file_name().unwrap().to_str().unwrap().to_owned())
        .collect()
}

/// The texts of the files at `paths`, in that order.
pub fn texts(paths: &[PathBuf]) -> Vec<String> {
    paths
        .iter()
        .map(|p| fs::read_to_string(p).unwrap())
        .collect()
}

/// The `key` string of each item of the JSON array `list`, in order.
pub fn strings<'a>(list: &'a serde_json::Value, key: &str) -> Vec<&'a str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|item| item[key].as_str().unwrap())
        .collect()
}

/// The ids of the stored assessments in `promo history --format json` output, as listed.
pub fn history_ids(history: &serde_json::Value) -> Vec<String> {
    strings(&history[0]["assessments"], "id")
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// Runs `cmd`, insists that it succeeds, and returns its standard output.
pub fn success_stdout(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
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

/// The argument → exit code and output cases in `tests/cli/cmd/`, run by trycmd in the fixed
/// environment (trycmd can set variables but not remove them: an empty value stands for unset).
pub fn cases(data: &Path) -> trycmd::TestCases {
    let cases = trycmd::TestCases::new();
    cases
        .register_bin("promo", Path::new(PROMO))
        .env("TZ", "UTC")
        .env("NO_COLOR", "1")
        .env("CLICOLOR_FORCE", "0")
        .env("COLUMNS", "")
        .env("PROMO_RUBRICS_DIR", "")
        .env("PROMO_DATA_DIR", data.display().to_string());
    cases
}

/// How long a pseudo-terminal test waits for text: generous, CI machines are small and busy.
pub const PTY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// A `promo` running in a pseudo-terminal, and everything it has printed so far.
pub struct Pty {
    /// The session, for the rare test that needs it directly.
    pub session: expectrl::session::OsSession,
    seen: Vec<u8>,
    rows: u16,
    cols: u16,
}

impl Pty {
    /// Starts `command` (its environment and directory already set) in a `rows`×`cols`
    /// terminal that says it is an xterm.
    pub fn spawn(mut command: StdCommand, rows: u16, cols: u16) -> Self {
        command.env("TERM", "xterm");
        let mut session = expectrl::Session::spawn(command).unwrap();
        session
            .get_process_mut()
            .set_window_size(cols, rows)
            .unwrap();
        session.set_expect_timeout(Some(PTY_TIMEOUT));
        Self {
            session,
            seen: Vec::new(),
            rows,
            cols,
        }
    }

    /// Waits for `text`; on a timeout, fails showing what was printed.
    pub fn expect(&mut self, text: &str) {
        use expectrl::Expect as _;
        match self.session.expect(text) {
            Ok(found) => self.seen.extend_from_slice(found.as_bytes()),
            Err(error) => panic!(
                "waiting for {text:?}: {error}\n--- printed so far ---\n{}",
                String::from_utf8_lossy(&self.seen)
            ),
        }
    }

    /// Waits for `text` up to the session's timeout; whether it came.
    pub fn try_expect(&mut self, text: &str) -> bool {
        use expectrl::Expect as _;
        match self.session.expect(text) {
            Ok(found) => {
                self.seen.extend_from_slice(found.as_bytes());
                true
            }
            Err(_) => false,
        }
    }

    /// Takes in whatever has been printed and not read yet, without waiting.
    pub fn drain(&mut self) {
        let mut buf = [0u8; 65536];
        while let Ok(n) = self.session.try_read(&mut buf) {
            if n == 0 {
                break;
            }
            self.seen.extend_from_slice(&buf[..n]);
        }
    }

    /// Types `keys`.
    pub fn send(&mut self, keys: &str) {
        use expectrl::Expect as _;
        self.session.send(keys).unwrap();
    }

    /// The process id.
    pub fn pid(&self) -> i32 {
        self.session.get_process().pid().as_raw()
    }

    /// Reads to the end and returns the exit code; a promo still waiting for keys is killed.
    pub fn finish(&mut self) -> i32 {
        use expectrl::Expect as _;
        use expectrl::process::unix::WaitStatus;
        match self.session.expect(expectrl::Eof) {
            Ok(rest) => self.seen.extend_from_slice(rest.as_bytes()),
            Err(error) => {
                let _ = self.session.get_process_mut().exit(true);
                panic!("promo did not end: {error}\n{}", self.printed());
            }
        }
        match self.session.get_process().wait().unwrap() {
            WaitStatus::Exited(_, code) => code,
            other => panic!("promo did not exit normally: {other:?}\n{}", self.printed()),
        }
    }

    /// Everything printed so far, escapes included.
    pub fn printed(&self) -> String {
        String::from_utf8_lossy(&self.seen).into_owned()
    }

    /// What the terminal shows now, as a person sees it.
    pub fn screen(&self) -> String {
        let rows = std::num::NonZeroU16::new(self.rows).unwrap();
        let cols = std::num::NonZeroU16::new(self.cols).unwrap();
        let mut parser = vt100::Parser::new(rows, cols, 0);
        parser.process(&self.seen);
        parser.screen().contents()
    }
}
