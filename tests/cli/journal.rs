//! Between assessments, end to end: the evidence journal (`promo log`), the development plan
//! (`promo plan`) and the promotion packet (`promo packet`), over a data dir with three
//! self-assessments, a manager assessment, journal entries and plan items.

use std::fs;
use std::process::Stdio;

use crate::harness::{JOURNAL, TestDir, strings, success_json, success_stdout};
use predicates::prelude::*;

/// Stores an assessment in the history: rater, date, answers and examples.
fn store(dir: &TestDir, name: &str, rater: &str, date: &str, answers: &str, evidence: &str) {
    let text = format!(
        "rubric = \"t\"\nrater = \"{rater}\"\nsubject = \"Alex Doe\"\ndate = {date}\n\n[answers]\n{answers}\n\n[evidence]\n{evidence}\n"
    );
    let path = dir.file(name, &text);
    dir.promo()
        .args(["history", "add"])
        .arg(path)
        .assert()
        .success();
}

/// Three self-assessments, a manager assessment.
fn with_assessments() -> TestDir {
    let dir = TestDir::with_rubric(JOURNAL);
    store(
        &dir,
        "s1.toml",
        "self",
        "2025-09-01",
        "d1 = 2\nm1 = 2\ni1 = \"na\"",
        "",
    );
    store(
        &dir,
        "s2.toml",
        "self",
        "2026-01-10",
        "d1 = 3\nm1 = 2\ni1 = \"na\"",
        "d1 = \"Shipped the billing migration on a published plan\"",
    );
    store(
        &dir,
        "s3.toml",
        "self",
        "2026-04-01",
        "d1 = 3\nm1 = 3\ni1 = \"na\"",
        "d1 = \"Ran the March release end to end\"\nm1 = \"Paired weekly with two new hires\"",
    );
    store(
        &dir,
        "m1.toml",
        "manager",
        "2026-04-15",
        "d1 = 3\nm1 = 2\ni1 = 2",
        "d1 = \"Alex owned the release plan\"",
    );
    dir
}

/// `promo log add ARGS`, which must succeed; the new entry's id.
fn log_add(dir: &TestDir, args: &[&str]) -> String {
    let stdout = success_stdout(dir.promo().args(["log", "add"]).args(args));
    stdout
        .split_whitespace()
        .nth(1)
        .unwrap_or_else(|| panic!("no id in {stdout}"))
        .to_owned()
}

/// The full data dir of the packet tests: assessments, journal entries, plan items.
fn full() -> TestDir {
    let dir = with_assessments();
    log_add(
        &dir,
        &[
            "Published the Q2 delivery plan",
            "--dim",
            "delivery",
            "--date",
            "2026-02-03",
            "--link",
            "https://example.com/plan",
        ],
    );
    log_add(
        &dir,
        &[
            "Paired with Kim on her first on-call week",
            "--dim",
            "mentoring",
            "--date",
            "2026-03-12",
        ],
    );
    log_add(
        &dir,
        &[
            "Old win outside the period",
            "--dim",
            "delivery",
            "--date",
            "2024-01-01",
        ],
    );
    dir.promo()
        .args(["plan", "new", "--start", "2026-04-01", "--weeks", "8"])
        .assert()
        .success();
    let items = success_json(dir.promo().args(["plan", "--format", "json"]));
    let first = items[0]["id"].as_str().unwrap().to_owned();
    dir.promo()
        .args([
            "plan",
            "done",
            &first,
            "--date",
            "2026-04-20",
            "--note",
            "Ran the April release with the team",
        ])
        .assert()
        .success();
    plan_with_sam(&dir, "Write the on-call guide", "mentoring", "2026-05-01");
    dir
}

#[test]
fn log_add_list_filter_remove_and_tag() {
    let dir = with_assessments();
    // The rubric defaults to the newest self-assessment's.
    let a = log_add(
        &dir,
        &[
            "Ran the release",
            "--dim",
            "delivery",
            "--date",
            "2026-05-01",
        ],
    );
    let b = log_add(
        &dir,
        &[
            "Coached two new hires",
            "--dim",
            "mentoring",
            "--dim",
            "delivery",
            "--date",
            "2026-05-03",
        ],
    );
    let listed = success_json(dir.promo().args(["log", "--format", "json"]));
    let ids = strings(&listed, "id");
    assert_eq!(ids, [b.as_str(), a.as_str()], "newest first");
    assert_eq!(
        listed[0]["dimensions"],
        serde_json::json!(["delivery", "mentoring"])
    );

    let only = success_json(
        dir.promo()
            .args(["log", "--dim", "mentoring", "--format", "json"]),
    );
    assert_eq!(only.as_array().unwrap().len(), 1);
    let until =
        success_json(
            dir.promo()
                .args(["log", "--until", "2026-05-02", "--format", "json"]),
        );
    assert_eq!(until[0]["id"], a.as_str());
    let since = success_json(dir.promo().args([
        "log",
        "list",
        "--since",
        "2026-05-02",
        "--format",
        "json",
    ]));
    assert_eq!(since[0]["id"], b.as_str());

    dir.promo()
        .args(["log", "--format", "table"])
        .assert()
        .success()
        .stdout(predicate::str::contains(&a).and(predicate::str::contains("2 entries")));
    let csv = dir
        .promo()
        .args(["log", "--format", "csv"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8(csv.stdout)
            .unwrap()
            .starts_with("id,date,rubric,dimensions,text")
    );

    dir.promo()
        .args(["log", "tag", &a[..6], "--dim", "mentoring"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Tagged"));
    dir.promo()
        .args(["log", "tag", &a, "--dim", "mentorin"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean \"mentoring\""));
    dir.promo().args(["log", "remove", &b]).assert().success();
    let left = success_json(dir.promo().args(["log", "--format", "json"]));
    assert_eq!(left.as_array().unwrap().len(), 1);
    assert_eq!(left[0]["dimensions"], serde_json::json!(["mentoring"]));
    dir.promo()
        .args(["log", "remove", &b])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no journal entry"));
}

#[test]
fn without_a_terminal_an_untagged_entry_gets_suggestions_and_the_tag_command() {
    let dir = with_assessments();
    dir.promo()
        .args(["log", "add", "Paired with a newer teammate on code reviews"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("untagged")
                .and(predicate::str::contains("Suggested dimensions: mentoring"))
                .and(predicate::str::contains("--dim mentoring")),
        );
    // Without text and without a terminal, it says how to give the text.
    dir.promo()
        .args(["log", "add"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("promo log add \""));
}

#[test]
fn the_rubric_is_required_without_a_stored_self_assessment() {
    let dir = TestDir::with_rubric(JOURNAL);
    dir.promo()
        .args(["log", "add", "Did a thing"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--rubric RUBRIC"));
    dir.promo()
        .args([
            "log",
            "add",
            "Did a thing",
            "--rubric",
            "t",
            "--dim",
            "delivery",
        ])
        .assert()
        .success();
    dir.promo()
        .args(["log", "add", "x", "--rubric", "t", "--date", "2026-02-30"])
        .assert()
        .code(2);
}

#[test]
fn coverage_counts_entries_and_assessment_examples_and_flags_thin_dimensions() {
    let dir = with_assessments();
    let today = jiff::Zoned::now().date().to_string();
    log_add(
        &dir,
        &["Ran the release", "--dim", "delivery", "--date", &today],
    );
    let coverage = success_json(dir.promo().args(["log", "coverage", "--format", "json"]));
    let dims = coverage["dimensions"].as_array().unwrap();
    assert_eq!(dims[0]["id"], "delivery");
    assert_eq!(dims[0]["entries"], 1);
    assert_eq!(
        dims[0]["examples"], 3,
        "two self examples and the manager's"
    );
    assert_eq!(dims[0]["thin"], false);
    assert_eq!(dims[2]["id"], "influence");
    assert_eq!(dims[2]["thin"], true);
    dir.promo()
        .args(["log", "coverage"])
        .assert()
        .success()
        .stdout(predicate::str::contains("thin"));
}

#[test]
fn plan_new_add_done_drop_and_overdue() {
    let dir = with_assessments();
    dir.promo()
        .args(["plan", "new", "--start", "2020-01-01", "--weeks", "4"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Ask for a chance to show Influence",
        ));
    let items = success_json(dir.promo().args(["plan", "--format", "json"]));
    let texts = strings(&items, "text");
    // The newest self-assessment: mentoring and delivery at target, influence unproven.
    assert_eq!(texts, ["Ask for a chance to show Influence"]);
    assert_eq!(items[0]["due"], "2020-01-29");
    assert_eq!(items[0]["overdue"], true);
    // Again: nothing is duplicated.
    dir.promo()
        .args(["plan", "new", "--start", "2020-01-01", "--weeks", "4"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("nothing new")
                .and(predicate::str::contains("Kept the 1 open item")),
        );
    // From an answers file with gaps, the focus actions become items.
    let gaps = dir.file(
        "gaps.toml",
        "rubric = \"t\"\n[answers]\nd1 = 1\nm1 = 1\ni1 = 2\n",
    );
    dir.promo()
        .args([
            "plan",
            "new",
            "--weeks",
            "12",
            "--start",
            "2099-01-01",
            "--from",
        ])
        .arg(&gaps)
        .assert()
        .success();
    let items = success_json(dir.promo().args(["plan", "--format", "json"]));
    assert_eq!(items.as_array().unwrap().len(), 5, "{items:#}");
    plan_with_sam(&dir, "Give the forum talk", "influence", "2099-06-01");
    dir.promo()
        .args([
            "plan",
            "add",
            "x",
            "--dim",
            "influense",
            "--due",
            "2099-06-01",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean \"influence\""));
    dir.promo()
        .args(["plan"])
        .assert()
        .success()
        .stdout(predicate::str::contains("overdue").and(predicate::str::contains("Sam")));

    let ask = items[0]["id"].as_str().unwrap();
    dir.promo()
        .args([
            "plan",
            "done",
            ask,
            "--note",
            "Presented the caching proposal",
            "--date",
            "2026-05-02",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Recorded in the journal"));
    let journal = success_json(dir.promo().args(["log", "--format", "json"]));
    assert_eq!(journal[0]["plan_item"], ask);
    assert_eq!(journal[0]["dimensions"], serde_json::json!(["influence"]));
    dir.promo()
        .args(["plan", "done", ask])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("done already"));
    let second = items[1]["id"].as_str().unwrap();
    dir.promo()
        .args(["plan", "drop", second, "--note", "Not this quarter"])
        .assert()
        .success();
    let open = success_json(dir.promo().args(["plan", "--format", "json"]));
    assert_eq!(open.as_array().unwrap().len(), 4);
    let all = success_json(dir.promo().args(["plan", "--all", "--format", "json"]));
    assert_eq!(all.as_array().unwrap().len(), 6);
    // The plan's progress shows in report and history.
    let s3 = dir.path().join("s3.toml");
    dir.promo()
        .arg("report")
        .arg(&s3)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Development plan")
                .and(predicate::str::contains("Influence: 2 open, 1 done")),
        );
    let history = success_json(dir.promo().args(["history", "--format", "json"]));
    assert_eq!(history[0]["plan"]["open"], 4);
    assert_eq!(history[0]["plan"]["done"], 1);
}

/// An object's keys, sorted.
fn keys(value: &serde_json::Value) -> Vec<String> {
    let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    keys
}

fn sorted(names: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    names.sort();
    names
}

#[test]
fn packet_json_keeps_the_contract() {
    let dir = full();
    let packet = success_json(dir.promo().args([
        "packet",
        "--format",
        "json",
        "--since",
        "2025-06-01",
        "--until",
        "2026-05-31",
        "--ask",
        "A lead role on the payments team",
    ]));
    let top_keys = keys(&packet);
    assert_eq!(
        top_keys,
        sorted(&[
            "rubric",
            "subject",
            "period",
            "readiness_trend",
            "sustained",
            "dimensions",
            "ask"
        ])
    );
    assert_eq!(
        packet["rubric"],
        serde_json::json!({"id": "t", "version": 1, "title": "Engineer to lead"})
    );
    assert_eq!(packet["subject"], "Alex Doe");
    assert_eq!(
        packet["period"],
        serde_json::json!({"since": "2025-06-01", "until": "2026-05-31"})
    );
    let trend = packet["readiness_trend"].as_array().unwrap();
    assert_eq!(trend.len(), 4);
    let point_keys = keys(&trend[0]);
    assert_eq!(
        point_keys,
        sorted(&["date", "rater", "readiness", "verdict"])
    );
    assert_eq!(trend[3]["rater"], "manager");
    assert_eq!(packet["sustained"], serde_json::json!(["delivery"]));
    let delivery = &packet["dimensions"][0];
    let dim_keys = keys(delivery);
    assert_eq!(
        dim_keys,
        sorted(&[
            "id",
            "name",
            "target",
            "critical",
            "self_level",
            "other_levels",
            "evidence",
            "plan_done",
            "plan_open"
        ])
    );
    assert_eq!(delivery["self_level"], 3.0);
    assert_eq!(
        delivery["other_levels"],
        serde_json::json!([{"rater": "manager", "level": 3.0}])
    );
    let evidence = delivery["evidence"].as_array().unwrap();
    let dates: Vec<&str> = evidence
        .iter()
        .map(|e| e["date"].as_str().unwrap())
        .collect();
    assert_eq!(
        dates,
        ["2026-04-15", "2026-04-01", "2026-02-03", "2026-01-10"]
    );
    let ev_keys = keys(&evidence[0]);
    assert_eq!(ev_keys, sorted(&["date", "text", "source", "link"]));
    assert_eq!(evidence[0]["source"], "assessment");
    assert_eq!(evidence[2]["source"], "journal");
    assert_eq!(evidence[2]["link"], "https://example.com/plan");
    let done = delivery["plan_done"].as_array().unwrap();
    assert_eq!(
        done.len(),
        0,
        "nothing was planned for delivery: it is at target"
    );
    let influence = &packet["dimensions"][2];
    assert_eq!(influence["self_level"], serde_json::Value::Null);
    assert_eq!(influence["other_levels"][0]["level"], 2.0);
    assert_eq!(influence["plan_done"][0]["date"], "2026-04-20");
    let mentoring = &packet["dimensions"][1];
    let open = &mentoring["plan_open"][0];
    let open_keys = keys(open);
    assert_eq!(open_keys, sorted(&["id", "text", "due", "overdue"]));
    assert_eq!(
        open["overdue"], true,
        "due 2026-05-01, before the period's end"
    );
    assert_eq!(packet["ask"], "A lead role on the payments team");
}

fn packet(dir: &TestDir, format: &str) -> String {
    success_stdout(dir.promo().args([
        "packet",
        "--format",
        format,
        "--since",
        "2025-06-01",
        "--until",
        "2026-04-30",
        "--ask",
        "The lead role on the payments team from July.",
    ]))
}

#[test]
fn packet_markdown_snapshot() {
    let dir = full();
    let markdown = packet(&dir, "markdown");
    let readme = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(
        readme.contains(&format!("```markdown\n{markdown}")),
        "the README's packet example must be what promo prints:\n{markdown}"
    );
    insta::assert_snapshot!(markdown);
}

#[test]
fn packet_html_snapshot() {
    let dir = full();
    let html = packet(&dir, "html");
    assert!(!html.contains("<script"));
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("@media print"));
    assert!(html.contains("<polyline class=\"series r-self\""));
    assert!(html.contains("<a class=\"link\" href=\"https://example.com/plan\""));
    // Phones: a stacked layout under 600px, and whole words everywhere.
    assert!(html.contains("@media (max-width: 600px) {"));
    assert!(html.contains("table, tbody, tr, td { display: block; width: 100%; }"));
    assert!(html.contains("td[data-label]::before { content: attr(data-label)"));
    assert!(
        !html.contains("anywhere"),
        "overflow-wrap: anywhere breaks words"
    );
    assert!(html.contains("<td class=\"num\" data-label=\"Readiness\">"));
    insta::assert_snapshot!(html);
}

#[test]
fn packet_escapes_hostile_text_and_links_in_every_format() {
    let dir = with_assessments();
    log_add(
        &dir,
        &[
            "=SUM(A1) <img src=x onerror=alert(1)> **bold** \u{1b}]0;pwned\u{7}",
            "--dim",
            "delivery",
            "--date",
            "2026-03-01",
            "--link",
            "javascript:alert(1)",
        ],
    );
    let html = packet(&dir, "html");
    assert!(!html.contains("<img"), "{html}");
    assert!(html.contains("&lt;img src=x"));
    assert!(
        !html.contains("href=\"javascript"),
        "only http(s) links become anchors"
    );
    assert!(html.contains("<span class=\"link\">javascript:alert(1)</span>"));
    assert!(!html.contains('\u{1b}'));
    let md = packet(&dir, "markdown");
    assert!(
        md.contains("\\=SUM(A1) \\<img src=x onerror=alert(1)\\> \\*\\*bold\\*\\*"),
        "{md}"
    );
    assert!(!md.contains('\u{1b}'));
    let json = packet(&dir, "json");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let texts = strings(&value["dimensions"][0]["evidence"], "text");
    assert!(
        texts.iter().any(|t| t.starts_with("=SUM(A1) <img")),
        "JSON keeps the text as written: {texts:?}"
    );
    let csv = dir
        .promo()
        .args(["log", "--format", "csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.contains("'=SUM(A1)"), "{csv}");
}

#[test]
fn packet_writes_a_private_file_with_output() {
    let dir = full();
    let target = dir.path().join("packet.html");
    dir.promo()
        .args(["packet", "--format", "html", "-o"])
        .arg(&target)
        .assert()
        .success();
    let text = fs::read_to_string(&target).unwrap();
    assert!(text.starts_with("<!DOCTYPE html>"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&target).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}

#[test]
fn a_corrupted_journal_or_plan_file_is_reported_and_the_rest_load() {
    let dir = full();
    let journal = dir.data().join("journal/t");
    fs::write(
        journal.join("2026-01-01-badbadbad0.toml"),
        "rubric = \"t\"\ndate = 2026-01-01\ntext = [\n",
    )
    .unwrap();
    let plan = dir.data().join("plan/t");
    fs::write(
        plan.join("badbadbad1.toml"),
        "rubric = \"t\"\ndimension = \"delivery\"\nwhat = 1\n",
    )
    .unwrap();
    let out = dir
        .promo()
        .args(["log", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("2026-01-01-badbadbad0.toml:3"), "{stderr}");
    let entries: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(entries.as_array().unwrap().len(), 4);
    let out = dir
        .promo()
        .args(["plan", "--all", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("badbadbad1.toml:3"), "{stderr}");
    dir.promo().args(["packet"]).assert().success();
}

#[test]
fn twenty_parallel_adds_keep_twenty_entries() {
    let dir = TestDir::with_rubric(JOURNAL);
    let children: Vec<_> = (0..20)
        .map(|n| {
            let mut cmd = crate::harness::promo_std(&dir.data());
            cmd.arg("--rubrics-dir")
                .arg(dir.path().join("rubrics"))
                .args([
                    "log",
                    "add",
                    &format!("Parallel win {n}"),
                    "--rubric",
                    "t",
                    "--dim",
                    "delivery",
                ])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped());
            cmd.spawn().unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let entries = success_json(dir.promo().args(["log", "--format", "json"]));
    let mut texts = strings(&entries, "text");
    texts.sort_unstable();
    texts.dedup();
    assert_eq!(texts.len(), 20);
}

#[test]
fn schemas_for_journal_and_plan_files() {
    let dir = TestDir::with_rubric(JOURNAL);
    let journal = success_json(dir.promo().args(["schema", "journal"]));
    assert_eq!(journal["title"], "promo journal entry");
    assert_eq!(journal["additionalProperties"], false);
    let plan = success_json(dir.promo().args(["schema", "plan"]));
    assert_eq!(plan["title"], "promo plan item");
}

/// `promo plan add TEXT --dim DIM --due DUE --with Sam`, which must succeed.
fn plan_with_sam(dir: &TestDir, text: &str, dim: &str, due: &str) {
    dir.promo()
        .args([
            "plan", "add", text, "--dim", dim, "--due", due, "--with", "Sam",
        ])
        .assert()
        .success();
}
