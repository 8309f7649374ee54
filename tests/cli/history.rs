//! `promo history` and `promo report --since-last`, run as a user would: adding, listing,
//! trends, the sustained rule at its 60-day edge, removing, and a private data directory.

use std::fs;
use std::path::{Path, PathBuf};

use predicates::prelude::*;
use serde_json::Value;

use crate::harness::{LEAD, TestDir, file_names, history_ids, mode, success_json, success_stdout};

/// An answers file: `d1` and `f1` are option numbers (level = number − 1).
fn answers(dir: &TestDir, name: &str, rater: &str, date: Option<&str>, d1: u8, f1: u8) -> PathBuf {
    let date = date.map_or_else(String::new, |d| format!("date = {d}\n"));
    dir.file(
        name,
        &format!("rubric = \"t\"\nrater = \"{rater}\"\n{date}[answers]\nd1 = {d1}\nf1 = {f1}\n"),
    )
}

/// `promo history add FILES`, which must succeed; what it said.
fn add(dir: &TestDir, files: &[&Path]) -> String {
    success_stdout(dir.promo().args(["history", "add"]).args(files))
}

/// The names of the stored assessments of rubric `t`, sorted.
fn stored_files(dir: &TestDir) -> Vec<String> {
    file_names(&dir.data().join("history/t"))
}

#[test]
fn added_files_are_listed_oldest_first_with_a_trend() {
    let env = TestDir::with_rubric(LEAD);
    let later = answers(&env, "later.toml", "self", Some("2026-05-10"), 4, 3);
    let early = answers(&env, "early.toml", "self", Some("2026-01-10"), 2, 3);
    let boss = answers(&env, "boss.toml", "manager", Some("2026-03-01"), 3, 2);
    let said = add(&env, &[&later, &early, &boss]);
    assert_eq!(said.matches("Added ").count(), 3, "{said}");
    assert!(said.contains("nothing is sent anywhere"), "{said}");
    assert_eq!(stored_files(&env).len(), 3);
    assert!(stored_files(&env)[0].starts_with("2026-01-10-self-"));

    let history = env.history_json();
    let dates: Vec<&str> = history[0]["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2026-01-10", "2026-03-01", "2026-05-10"]);
    assert_eq!(history[0]["assessments"][1]["rater"], "manager");
    let mine = &history[0]["trends"][0];
    assert_eq!(mine["rater"], "self");
    assert_eq!(mine["assessments"], 2);
    let delegation = &mine["dimensions"][0];
    assert_eq!(delegation["first"], 1.0);
    assert_eq!(delegation["last"], 3.0);
    assert_eq!(delegation["change"], 2.0);
    assert_eq!(delegation["sparkline"], "▃▆");
    assert_eq!(history[0]["trends"][1]["rater"], "manager");

    env.promo()
        .arg("history")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Engineer to lead (t) · 3 assessments",
        ))
        .stdout(predicate::str::contains(history_ids(&history)[0].as_str()))
        .stdout(predicate::str::contains(
            "Trend: you, your own view (2 assessments, 2026-01-10 to 2026-05-10)",
        ))
        .stdout(predicate::str::contains("▃▆"))
        .stdout(predicate::str::contains("+2.0"))
        .stdout(predicate::str::contains(
            env.data().join("history").display().to_string(),
        ));
}

#[test]
fn adding_the_same_assessment_twice_keeps_one_copy() {
    let env = TestDir::with_rubric(LEAD);
    let me = answers(&env, "me.toml", "self", Some("2026-01-10"), 2, 3);
    add(&env, &[&me]);
    let said = add(&env, &[&me]);
    assert!(said.starts_with("Already stored:"), "{said}");
    assert_eq!(stored_files(&env).len(), 1);
}

#[test]
fn an_undated_file_is_filed_under_its_modification_date() {
    let env = TestDir::with_rubric(LEAD);
    let me = answers(&env, "me.toml", "self", None, 2, 3);
    let noon = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_736_942_400); // 2025-01-15 12:00 UTC
    fs::File::options()
        .write(true)
        .open(&me)
        .unwrap()
        .set_modified(noon)
        .unwrap();
    add(&env, &[&me]);
    let files = stored_files(&env);
    assert!(files[0].starts_with("2025-01-15-self-"), "{files:?}");
    let stored = fs::read_to_string(env.data().join("history/t").join(&files[0])).unwrap();
    assert!(stored.contains("date = 2025-01-15"), "{stored}");
}

#[test]
fn an_invalid_file_stores_nothing() {
    let env = TestDir::with_rubric(LEAD);
    let good = answers(&env, "good.toml", "self", Some("2026-01-10"), 2, 3);
    let bad = answers(&env, "bad.toml", "self", Some("2026-01-11"), 9, 3);
    env.promo()
        .args(["history", "add"])
        .arg(&good)
        .arg(&bad)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("bad.toml"));
    assert!(!env.data().join("history/t").exists() || stored_files(&env).is_empty());
}

/// Whether Delegation is sustained after self-assessments on these dates, all at target (3.0).
fn sustained_after(dates: &[&str]) -> bool {
    let env = TestDir::with_rubric(LEAD);
    let files: Vec<PathBuf> = dates
        .iter()
        .enumerate()
        .map(|(i, date)| answers(&env, &format!("a{i}.toml"), "self", Some(date), 4, 1))
        .collect();
    add(
        &env,
        &files.iter().map(PathBuf::as_path).collect::<Vec<_>>(),
    );
    let history = env.history_json();
    let delegation = &history[0]["trends"][0]["dimensions"][0];
    // Feedback is far below target throughout, so never sustained.
    assert_eq!(history[0]["trends"][0]["dimensions"][1]["sustained"], false);
    delegation["sustained"].as_bool().unwrap()
}

#[test]
fn sustained_needs_at_least_sixty_days_at_target() {
    // 2026-06-30 minus 59, 60 and 61 days.
    assert!(!sustained_after(&["2026-05-02", "2026-06-30"]));
    assert!(sustained_after(&["2026-05-01", "2026-06-30"]));
    assert!(sustained_after(&["2026-04-30", "2026-06-30"]));
    assert!(!sustained_after(&["2026-06-30"]));
}

#[test]
fn sustained_needs_every_self_assessment_of_the_run_at_target() {
    let env = TestDir::with_rubric(LEAD);
    let files = [
        answers(&env, "a.toml", "self", Some("2026-04-30"), 3, 1), // 61 days back, below target
        answers(&env, "b.toml", "self", Some("2026-06-01"), 4, 1),
        answers(&env, "c.toml", "self", Some("2026-06-30"), 4, 1),
        // Other raters do not count: their series is judged on its own.
        answers(&env, "m.toml", "manager", Some("2026-06-15"), 1, 1),
    ];
    add(
        &env,
        &files.iter().map(PathBuf::as_path).collect::<Vec<_>>(),
    );
    let history = env.history_json();
    assert_eq!(history[0]["trends"][0]["dimensions"][0]["sustained"], false);
    assert_eq!(history[0]["trends"][1]["rater"], "manager");
    assert_eq!(history[0]["trends"][1]["dimensions"][0]["sustained"], false);
}

#[test]
fn remove_deletes_by_id_and_an_unknown_id_is_a_usage_error() {
    let env = TestDir::with_rubric(LEAD);
    let a = answers(&env, "a.toml", "self", Some("2026-01-10"), 2, 3);
    let b = answers(&env, "b.toml", "self", Some("2026-02-10"), 3, 3);
    add(&env, &[&a, &b]);
    let before = history_ids(&env.history_json());
    env.promo()
        .args(["history", "remove", &before[0]])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("Removed {}", before[0])));
    assert_eq!(history_ids(&env.history_json()), [before[1].clone()]);
    env.promo()
        .args(["history", "remove", &before[0]])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!("\"{}\"", before[0])))
        .stderr(predicate::str::contains("promo history"));
}

#[test]
fn an_empty_history_says_how_to_fill_it() {
    let env = TestDir::with_rubric(LEAD);
    env.promo()
        .arg("history")
        .assert()
        .success()
        .stdout(predicate::str::contains("No assessments are stored"))
        .stdout(predicate::str::contains("promo history add"));
    assert_eq!(env.history_json(), serde_json::json!([]));
}

#[cfg(unix)]
#[test]
fn the_data_dir_is_private() {
    let env = TestDir::with_rubric(LEAD);
    let me = answers(&env, "me.toml", "self", Some("2026-01-10"), 2, 3);
    add(&env, &[&me]);
    for dir in [
        env.data(),
        env.data().join("history"),
        env.data().join("history/t"),
    ] {
        assert_eq!(mode(&dir), 0o700, "{}", dir.display());
    }
    let file = env.data().join("history/t").join(&stored_files(&env)[0]);
    assert_eq!(mode(&file), 0o600);
}

#[test]
fn report_since_last_compares_with_the_previous_assessment_of_the_same_rater() {
    let env = TestDir::with_rubric(LEAD);
    let march = answers(&env, "march.toml", "self", Some("2026-03-01"), 4, 2);
    let boss = answers(&env, "boss.toml", "manager", Some("2026-04-01"), 1, 1);
    add(&env, &[&march, &boss]);
    let march_id = history_ids(&env.history_json())[0].clone();
    answers(&env, "may.toml", "self", Some("2026-05-10"), 4, 4);

    let report =
        success_json(
            env.promo()
                .args(["report", "may.toml", "--since-last", "--format", "json"]),
        );
    let since = &report["since_last"];
    assert_eq!(since["previous_id"], march_id.as_str());
    assert_eq!(since["previous_date"], "2026-03-01");
    assert_eq!(since["dimensions"][1]["before"], 1.0);
    assert_eq!(since["dimensions"][1]["after"], 3.0);
    assert_eq!(since["dimensions"][1]["change"], 2.0);
    // Delegation was at 3.0 in March and now, 70 days later.
    assert_eq!(since["dimensions"][0]["sustained"], true);
    assert_eq!(since["dimensions"][1]["sustained"], false);
    assert!(since["readiness_change"].as_f64().unwrap() > 0.0);

    env.promo()
        .args(["report", "may.toml", "--since-last"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Since the assessment of 2026-03-01",
        ))
        .stdout(predicate::str::contains(march_id.as_str()).not())
        .stdout(predicate::str::contains("Sustained"));

    // One order everywhere: the changes since last time, then the examples.
    let may = env.path().join("may.toml");
    let text = fs::read_to_string(&may).unwrap();
    fs::write(
        &may,
        format!("{text}[evidence]\nd1 = \"Handed the release over\"\n"),
    )
    .unwrap();
    for format in ["table", "markdown", "html"] {
        let out = env
            .promo()
            .args(["report", "may.toml", "--since-last", "--format", format])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let since = text.find("Since the assessment of").unwrap();
        let examples = text.find("Handed the release over").unwrap();
        assert!(
            since < examples,
            "{format}: the examples come first\n{text}"
        );
    }

    // Every shareable format carries the same section.
    for (format, marker) in [
        ("markdown", "## Since the assessment of 2026-03-01"),
        ("html", "<section class=\"since\">"),
    ] {
        env.promo()
            .args(["report", "may.toml", "--since-last", "--format", format])
            .assert()
            .success()
            .stdout(predicate::str::contains(marker))
            .stdout(predicate::str::contains(march_id.as_str()).not());
    }

    // Without the flag the report is unchanged.
    let out = env
        .promo()
        .args(["report", "may.toml", "--format", "json"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report.get("since_last").is_none());

    // A manager's report is compared with the manager's earlier one only: there is none.
    let out = env
        .promo()
        .args(["report", "boss.toml", "--since-last", "--format", "json"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["since_last"]["previous_id"], Value::Null);
}

/// A finished `promo assess` is kept in the history without any extra step.
#[cfg(unix)]
#[test]
fn a_finished_assessment_is_kept_in_the_history() {
    let env = TestDir::with_rubric(LEAD);
    let rubric = env.path().join("rubrics/t.toml");
    let mut command = crate::harness::promo_std(&env.data());
    command.arg("assess").arg("--rubric").arg(&rubric);
    let mut pty = crate::harness::Pty::spawn(command, 40, 100);
    // Your name is asked once, and goes on the assessment and into the stored file's name.
    pty.expect("Your name");
    pty.send("Alex Doe\r");
    // The four scored questions of the shared rubric, each answered with its first option.
    for _ in 0..4 {
        pty.expect("Which describes you best?");
        pty.send("\r");
    }
    pty.expect("Kept in your history as ");
    assert_eq!(pty.finish(), 0);

    let history = env.history_json();
    assert_eq!(history[0]["assessments"].as_array().unwrap().len(), 1);
    // The id promo names is the one the history lists.
    let id = history[0]["assessments"][0]["id"].as_str().unwrap();
    assert!(
        pty.printed()
            .contains(&format!("Kept in your history as {id}.")),
        "{}",
        pty.printed()
    );
    assert_eq!(history[0]["assessments"][0]["rater"], "self");
    assert_eq!(history[0]["assessments"][0]["subject"], "Alex Doe");
    assert_eq!(history[0]["trends"][0]["subject"], "Alex Doe");
    let stored = stored_files(&env);
    assert_eq!(stored.len(), 1);
    assert!(stored[0].contains("-self-alex-doe-"), "{stored:?}");
    let profile = fs::read_to_string(env.data().join("profile.toml")).unwrap();
    assert!(profile.contains("name = \"Alex Doe\""), "{profile}");
}

#[test]
fn history_is_kept_per_subject() {
    let env = TestDir::with_rubric(LEAD);
    let mine = answers(&env, "mine.toml", "self", Some("2026-03-01"), 3, 1);
    let sam = answers(&env, "sam.toml", "manager", Some("2026-03-02"), 1, 1);
    let text = fs::read_to_string(&sam).unwrap();
    fs::write(
        &sam,
        text.replace(
            "rater = \"manager\"",
            "rater = \"manager\"\nsubject = \"Sam Lee\"",
        ),
    )
    .unwrap();
    add(&env, &[mine.as_path(), sam.as_path()]);
    let names = stored_files(&env);
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("2026-03-02-manager-sam-lee-")),
        "{names:?}"
    );
    let listing = env
        .promo()
        .args(["history"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let listing = String::from_utf8(listing).unwrap();
    assert!(listing.contains("Subject"), "{listing}");
    assert!(listing.contains("Trend: you, your own view"), "{listing}");
    assert!(
        listing.contains("Trend: Sam Lee, as their manager sees them"),
        "{listing}"
    );
    assert!(!listing.contains("Trend, manager"), "{listing}");
    // --subject keeps one person's assessments only.
    env.promo()
        .args(["history", "--subject", "sam lee"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Sam Lee"))
        .stdout(predicate::str::contains("your own view").not());
    env.promo()
        .args(["history", "--subject", "you"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Sam Lee").not());
}
