//! What promo does with the user's files: `-o` onto links, FIFOs, devices and directories,
//! ownership and modes, the data directory's permissions, Ctrl-C, a closed standard output,
//! and file names that are not UTF-8.
#![cfg(unix)]

use std::fs;
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command as Std, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::harness::FixedEnv;
use crate::harness::{TestDir, mode, success_stdout};
use predicates::prelude::PredicateBooleanExt;

/// A rubric for [`TestDir`]; the tests use the built-in `ic-to-manager` instead.
const RUBRIC: &str = "";
/// An answers file for the built-in `ic-to-manager`, with nothing answered.
const ANSWERS: &str = "rubric = \"ic-to-manager\"\nrater = \"self\"\n\n[answers]\n";

fn setup() -> TestDir {
    let dir = TestDir::with_rubric(RUBRIC);
    // The test rubric directory must hold only valid rubrics.
    fs::remove_file(dir.path().join("rubrics/t.toml")).unwrap();
    dir.file("me.toml", ANSWERS);
    dir
}

fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".promo-"))
        .collect()
}

fn is_root() -> bool {
    fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// Makes a device node (a copy of /dev/null or /dev/full) inside the test directory.
fn mknod(path: &Path, major: u32, minor: u32) -> bool {
    if !is_root() {
        eprintln!("skipped: making device nodes needs root");
        return false;
    }
    Std::new("mknod")
        .arg(path)
        .args(["c", &major.to_string(), &minor.to_string()])
        .status()
        .is_ok_and(|s| s.success())
}

fn mkfifo(path: &Path) {
    assert!(Std::new("mkfifo").arg(path).status().unwrap().success());
}

/// The promo binary as a plain process, in the test directory with its data directory.
fn plain(dir: &TestDir) -> Std {
    let mut cmd = crate::harness::promo_std(&dir.data());
    cmd.current_dir(dir.path());
    cmd
}

/// The promo binary run through `sh`, with standard output closed (`>&-`).
fn with_stdout_closed(dir: &TestDir, args: &[&str]) -> std::process::Output {
    Std::new("sh")
        .fixed_env(&dir.data())
        .arg("-c")
        .arg("exec \"$0\" \"$@\" >&-")
        .arg(crate::harness::PROMO)
        .args(args)
        .current_dir(dir.path())
        .output()
        .unwrap()
}

// ---------------------------------------------------------------------------------------------
// 1. The file writer

#[test]
fn output_onto_a_symlink_writes_its_target_and_keeps_the_link() {
    let dir = setup();
    let real = dir.file("real.md", "old");
    std::os::unix::fs::symlink("real.md", dir.path().join("link.md")).unwrap();
    dir.promo()
        .args(["report", "me.toml", "--format", "markdown", "-o", "link.md"])
        .assert()
        .success();
    let link = dir.path().join("link.md");
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        fs::read_to_string(&real)
            .unwrap()
            .starts_with("# Readiness report")
    );
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn output_onto_a_dangling_symlink_creates_its_target() {
    let dir = setup();
    std::os::unix::fs::symlink("made.md", dir.path().join("link.md")).unwrap();
    dir.promo()
        .args(["report", "me.toml", "--format", "markdown", "-o", "link.md"])
        .assert()
        .success();
    assert!(
        fs::symlink_metadata(dir.path().join("link.md"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let made = dir.path().join("made.md");
    assert!(
        fs::read_to_string(&made)
            .unwrap()
            .starts_with("# Readiness report")
    );
    assert_eq!(mode(&made), 0o600);
}

#[test]
fn output_onto_a_fifo_writes_through_it() {
    let dir = setup();
    let fifo = dir.path().join("pipe");
    mkfifo(&fifo);
    let (tx, rx) = mpsc::channel();
    let reader = fifo.clone();
    std::thread::spawn(move || {
        let _ = tx.send(fs::read_to_string(reader));
    });
    dir.promo()
        .args(["report", "me.toml", "--format", "markdown", "-o", "pipe"])
        .timeout(Duration::from_secs(30))
        .assert()
        .success();
    assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
    let read = rx.recv_timeout(Duration::from_secs(10)).unwrap().unwrap();
    assert!(read.starts_with("# Readiness report"), "{read}");
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn output_onto_a_character_device_writes_through_it() {
    let dir = setup();
    let null = dir.path().join("null");
    if !mknod(&null, 1, 3) {
        return;
    }
    dir.promo()
        .args(["report", "me.toml", "-o", "null"])
        .assert()
        .success();
    assert!(fs::metadata(&null).unwrap().file_type().is_char_device());
    // And a device that fails says so, naming it.
    let full = dir.path().join("full");
    assert!(mknod(&full, 1, 7));
    dir.promo()
        .args(["score", "me.toml", "-o", "full"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("full"));
    assert!(fs::metadata(&full).unwrap().file_type().is_char_device());
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn output_onto_a_directory_is_a_usage_error() {
    let dir = setup();
    fs::create_dir(dir.path().join("out")).unwrap();
    for args in [
        &["report", "me.toml", "-o", "out"][..],
        &["score", "me.toml", "-o", "out"],
        &["template", "ic-to-manager", "-o", "out"],
    ] {
        dir.promo()
            .args(args)
            .assert()
            .code(2)
            .stderr(predicates::str::contains("out: it is a directory"));
    }
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn a_replaced_file_keeps_its_owner_group_and_mode() {
    let dir = setup();
    let shared = dir.file("shared.md", "old");
    fs::set_permissions(&shared, fs::Permissions::from_mode(0o664)).unwrap();
    let foreign = is_root();
    if foreign {
        std::os::unix::fs::chown(&shared, Some(4321), Some(4321)).unwrap();
    }
    let before = fs::metadata(&shared).unwrap();
    dir.promo()
        .args([
            "report",
            "me.toml",
            "--format",
            "markdown",
            "-o",
            "shared.md",
        ])
        .assert()
        .success();
    let after = fs::metadata(&shared).unwrap();
    assert_eq!(mode(&shared), 0o664);
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    assert!(
        fs::read_to_string(&shared)
            .unwrap()
            .starts_with("# Readiness report")
    );
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn a_file_with_hard_links_is_rewritten_in_place_for_every_link() {
    let dir = setup();
    let first = dir.file("first.md", "old");
    let second = dir.path().join("second.md");
    fs::hard_link(&first, &second).unwrap();
    dir.promo()
        .args(["score", "me.toml", "-o", "first.md"])
        .assert()
        .success();
    let text = fs::read_to_string(&second).unwrap();
    assert!(text.starts_with("path,rubric"), "{text}");
    assert_eq!(
        fs::metadata(&first).unwrap().ino(),
        fs::metadata(&second).unwrap().ino()
    );
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn ctrl_c_while_waiting_on_a_fifo_input_stops_at_once_and_leaves_no_temp_file() {
    let dir = setup();
    mkfifo(&dir.path().join("in.toml"));
    let mut child = plain(&dir)
        .args(["score", "in.toml", "-o", "out.csv"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait for the run to start writing its output (the temporary file exists).
    let started = Instant::now();
    while leftovers(dir.path()).is_empty() && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!leftovers(dir.path()).is_empty(), "the run never started");
    std::thread::sleep(Duration::from_millis(100));
    let sent = Std::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let deadline = Instant::now() + Duration::from_secs(5);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            // Unblock the reader so nothing hangs, then fail.
            let _ = fs::write(dir.path().join("in.toml"), ANSWERS);
            panic!("promo ignored Ctrl-C");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(130), "{status:?}");
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
    assert!(!dir.path().join("out.csv").exists());
}

// ---------------------------------------------------------------------------------------------
// 2. The data directory

fn add_to_history(dir: &TestDir, data: &Path) {
    dir.promo()
        .env("PROMO_DATA_DIR", data)
        .args(["history", "add", "me.toml"])
        .assert()
        .success();
}

#[test]
fn an_existing_data_dir_keeps_its_mode_and_sticky_bit_with_a_warning() {
    let dir = setup();
    let shared = dir.path().join("shared");
    fs::create_dir(&shared).unwrap();
    fs::set_permissions(&shared, fs::Permissions::from_mode(0o1777)).unwrap();
    let out = dir
        .promo()
        .env("PROMO_DATA_DIR", &shared)
        .args(["history", "add", "me.toml"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(mode(&shared), 0o1777);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning:") && stderr.contains("can be read by others"),
        "{stderr}"
    );
    // promo's own subdirectories are private.
    assert_eq!(mode(&shared.join("history")), 0o700);
    assert_eq!(mode(&shared.join("history/ic-to-manager")), 0o700);
}

#[test]
fn a_data_dir_behind_a_symlink_leaves_the_target_alone() {
    let dir = setup();
    let target = dir.path().join("target");
    fs::create_dir(&target).unwrap();
    fs::set_permissions(&target, fs::Permissions::from_mode(0o750)).unwrap();
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    add_to_history(&dir, &link);
    assert_eq!(mode(&target), 0o750);
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn only_directories_promo_creates_are_made_private() {
    let dir = setup();
    let private = dir.path().join("private");
    fs::create_dir(&private).unwrap();
    fs::set_permissions(&private, fs::Permissions::from_mode(0o700)).unwrap();
    // A subdirectory the user made (or loosened) is theirs.
    let history = private.join("history");
    fs::create_dir(&history).unwrap();
    fs::set_permissions(&history, fs::Permissions::from_mode(0o750)).unwrap();
    dir.promo()
        .env("PROMO_DATA_DIR", &private)
        .args(["history", "add", "me.toml"])
        .assert()
        .success()
        .stderr(predicates::str::contains("warning").not());
    assert_eq!(mode(&history), 0o750);
    assert_eq!(mode(&history.join("ic-to-manager")), 0o700);
    let fresh = dir.path().join("a/b/promo");
    add_to_history(&dir, &fresh);
    for made in ["a", "a/b", "a/b/promo", "a/b/promo/history"] {
        assert_eq!(mode(&dir.path().join(made)), 0o700, "{made}");
    }
}

// ---------------------------------------------------------------------------------------------
// 13. A closed standard output

#[test]
fn a_closed_standard_output_is_a_failure_for_every_command_that_writes_it() {
    let dir = setup();
    for args in [
        &["report", "me.toml"][..],
        &["score", "me.toml"],
        &["template", "ic-to-manager"],
        &["compare", "me.toml", "me.toml"],
        &["rubrics", "list"],
        &["rubrics", "show", "ic-to-manager"],
        &["rubrics", "lint", "ic-to-manager"],
        &["schema", "rubric"],
        &["completions", "bash"],
        &["man"],
        &["history"],
    ] {
        let out = with_stdout_closed(&dir, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains("standard output"), "{args:?}: {stderr}");
    }
    // Writing to a file instead is fine.
    let out = with_stdout_closed(&dir, &["score", "me.toml", "-o", "rows.csv"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A pipe closed by its reader (`promo … | head`), and /dev/null, stay quiet successes.
    for args in [&["report", "me.toml"][..], &["score", "me.toml"], &["man"]] {
        let mut child = plain(&dir)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0; 1];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{args:?}");
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let status = plain(&dir)
            .args(args)
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "{args:?}");
    }
}

#[test]
fn a_write_error_on_standard_output_names_it() {
    let dir = setup();
    let full = dir.path().join("full");
    if !mknod(&full, 1, 7) {
        return;
    }
    for args in [&["report", "me.toml"][..], &["score", "me.toml"]] {
        let out = plain(&dir)
            .args(args)
            .stdout(fs::OpenOptions::new().write(true).open(&full).unwrap())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains("cannot write to standard output"),
            "{stderr}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 14. File names that are not UTF-8

fn non_utf8(dir: &Path, raw: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    dir.join(std::ffi::OsStr::from_bytes(raw))
}

#[test]
fn names_that_are_not_utf8_stay_distinct_in_every_score_format() {
    let dir = setup();
    let team = dir.path().join("team");
    fs::create_dir(&team).unwrap();
    for raw in [&b"\xff.toml"[..], b"\xfe.toml", br"\xff.toml"] {
        fs::write(non_utf8(&team, raw), ANSWERS).unwrap();
    }
    for format in ["csv", "jsonl", "json", "table"] {
        let text = success_stdout(dir.promo().args(["score", "team", "--format", format]));
        assert!(!text.contains('\u{fffd}'), "{format}: {text}");
        let (ff, fe, literal) = if format.starts_with("json") {
            (
                r#""team/\\xff.toml""#,
                r#""team/\\xfe.toml""#,
                r#""team/\\\\xff.toml""#,
            )
        } else {
            (r"team/\xff.toml", r"team/\xfe.toml", r"team/\\xff.toml")
        };
        for shown in [ff, fe, literal] {
            assert!(
                text.contains(shown),
                "{format}: {shown} missing from {text}"
            );
        }
    }
}

#[test]
fn messages_show_names_that_are_not_utf8_escaped() {
    let dir = setup();
    fs::write(non_utf8(dir.path(), b"bad\xff.toml"), "rubric = [").unwrap();
    let bad = non_utf8(Path::new("."), b"bad\xff.toml");
    for args in [&["score"][..], &["report"]] {
        let out = dir.promo().args(args).arg(&bad).output().unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains(r"bad\xff.toml"), "{args:?}: {stderr}");
    }
}

// ---------------------------------------------------------------------------------------------
// 15. An existing answers file, directories as input

#[test]
fn template_refuses_to_replace_a_file_without_force() {
    let dir = setup();
    let filled = dir.file("filled.toml", "my answers");
    dir.promo()
        .args(["template", "ic-to-manager", "-o", "filled.toml"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--force"));
    assert_eq!(fs::read_to_string(&filled).unwrap(), "my answers");
    dir.promo()
        .args(["template", "ic-to-manager", "-o", "filled.toml", "--force"])
        .assert()
        .success();
    assert!(
        fs::read_to_string(&filled)
            .unwrap()
            .contains("rubric = \"ic-to-manager\"")
    );
    // A new file needs no --force.
    dir.promo()
        .args(["template", "ic-to-manager", "-o", "new.toml"])
        .assert()
        .success();
}

#[test]
fn a_directory_given_as_an_input_file_is_a_usage_error() {
    let dir = setup();
    fs::create_dir(dir.path().join("folder")).unwrap();
    for args in [
        &["report", "folder"][..],
        &["compare", "me.toml", "folder"],
        &["history", "add", "folder"],
        &["rubrics", "validate", "folder"],
        &["rubrics", "lint", "folder/"],
        &["rubrics", "show", "folder/"],
        &["template", "folder/"],
        &["report", "me.toml", "--rubric", "folder/"],
    ] {
        dir.promo()
            .args(args)
            .assert()
            .code(2)
            .stderr(predicates::str::contains("is a directory"))
            .stderr(predicates::str::contains("folder"));
    }
}
