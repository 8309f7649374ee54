//! `promo compare`, run as a user would: flags at the 1.0 edge, the order of disagreements,
//! and the errors.

use std::fs;
use std::path::Path;

use predicates::prelude::*;

use crate::harness::{LEAD, TestDir, success_json};

/// `promo compare FILES --format json`, which must succeed.
fn compare_json(dir: &TestDir, files: &[&str]) -> serde_json::Value {
    success_json(
        dir.promo()
            .arg("compare")
            .args(files)
            .args(["--format", "json"]),
    )
}

/// Self: delegation 3, feedback 1, visibility (2 + 2) / 2 = 2.
const SELF: &str =
    "rubric = \"t\"\nsubject = \"Sam Lee\"\n[answers]\nd1 = 4\nf1 = 2\nv1 = 3\nv2 = 3\n";
/// Manager: delegation 2 (exactly 1.0 below), feedback 2 (exactly 1.0 above), visibility
/// (3 + 2) / 2 = 2.5 (half a level above: no flag).
const MANAGER: &str =
    "rubric = \"t\"\nrater = \"manager\"\n[answers]\nd1 = 3\nf1 = 3\nv1 = 4\nv2 = 3\n";

/// Each rater's flag on a dimension, `-` for none.
fn flags(json: &serde_json::Value, dimension: usize) -> Vec<String> {
    json["dimensions"][dimension]["ratings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["flag"].as_str().unwrap_or("-").to_owned())
        .collect()
}

#[test]
fn flags_blind_spots_and_hidden_strengths_from_exactly_one_level() {
    let env = TestDir::with_rubric(LEAD);
    env.file("me.toml", SELF);
    env.file("boss.toml", MANAGER);
    // The manager's file first: the self file is still the reference.
    let json = compare_json(&env, &["boss.toml", "me.toml"]);
    assert_eq!(json["reference"], "self");
    assert_eq!(json["reference_is_self"], true);
    assert_eq!(flags(&json, 0), ["blind_spot", "-"]);
    assert_eq!(json["dimensions"][0]["ratings"][0]["difference"], -1.0);
    assert_eq!(flags(&json, 1), ["hidden_strength", "-"]);
    assert_eq!(json["dimensions"][1]["ratings"][0]["difference"], 1.0);
    assert_eq!(flags(&json, 2), ["-", "-"]);
    assert_eq!(json["dimensions"][2]["ratings"][0]["difference"], 0.5);
    // Levels are kept per rater, never averaged.
    assert_eq!(json["dimensions"][2]["ratings"][0]["level"], 2.5);
    assert_eq!(json["dimensions"][2]["ratings"][1]["level"], 2.0);
    assert_eq!(json["blind_spots"][0]["dimension"], "delegation");
    assert_eq!(json["hidden_strengths"][0]["dimension"], "feedback");
    assert_eq!(json["blind_spots"].as_array().unwrap().len(), 1);
    assert_eq!(json["hidden_strengths"].as_array().unwrap().len(), 1);
}

#[test]
fn the_table_names_the_flags_and_the_answers_in_words() {
    let env = TestDir::with_rubric(LEAD);
    env.file("me.toml", SELF);
    env.file("boss.toml", MANAGER);
    env.promo()
        .args(["compare", "me.toml", "boss.toml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("2.0 (-1.0) blind spot"))
        .stdout(predicate::str::contains("2.0 (+1.0) hidden strength"))
        .stdout(predicate::str::contains("2.5 (+0.5)"))
        .stdout(predicate::str::contains("(+0.5) hidden").not())
        .stdout(predicate::str::contains(
            "self: I hand it over and review the plan (level 3.0)",
        ))
        .stdout(predicate::str::contains(
            "manager: I pair on it (level 2.0)",
        ));
}

#[test]
fn disagreements_are_ordered_widest_first_then_by_rubric_order() {
    let env = TestDir::with_rubric(LEAD);
    env.file(
        "me.toml",
        "rubric = \"t\"\n[answers]\nd1 = 2\nf1 = 5\nv1 = 5\nv2 = 3\n",
    );
    env.file(
        "peer.toml",
        "rubric = \"t\"\nrater = \"peer\"\n[answers]\nd1 = 4\nf1 = 1\nv1 = 2\nv2 = 3\n",
    );
    let json = compare_json(&env, &["me.toml", "peer.toml"]);
    let order: Vec<(&str, f64)> = json["disagreements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["question"].as_str().unwrap(),
                d["spread"].as_f64().unwrap(),
            )
        })
        .collect();
    // f1: 4 vs 0; v1: 4 vs 1; d1: 1 vs 3; v2 agrees and is left out.
    assert_eq!(order, [("f1", 4.0), ("v1", 3.0), ("d1", 2.0)]);
    let answers = &json["disagreements"][0]["answers"];
    assert_eq!(answers[0]["rater"], "self");
    assert_eq!(answers[0]["answer"], "Daily and specific");
    assert_eq!(answers[1]["rater"], "peer");
    assert_eq!(answers[1]["answer"], "Never");
}

#[test]
fn without_a_self_file_the_first_file_is_the_reference() {
    let env = TestDir::with_rubric(LEAD);
    env.file("boss.toml", MANAGER);
    env.file(
        "peer.toml",
        "rubric = \"t\"\nrater = \"peer\"\n[answers]\nd1 = 5\n",
    );
    let json = compare_json(&env, &["boss.toml", "peer.toml"]);
    assert_eq!(json["reference"], "manager");
    assert_eq!(json["reference_is_self"], false);
    assert_eq!(json["hidden_strengths"][0]["rater"], "peer");
    env.promo()
        .args(["compare", "boss.toml", "peer.toml"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "No file is a self-assessment, so the first file is the reference.",
        ));
}

#[test]
fn mismatched_rubrics_are_invalid_and_name_both_files() {
    let env = TestDir::with_rubric(LEAD);
    env.file("me.toml", SELF);
    env.file(
        "other.toml",
        "rubric = \"ic-to-manager\"\nrater = \"manager\"\n",
    );
    env.promo()
        .args(["compare", "me.toml", "other.toml"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("me.toml"))
        .stderr(predicate::str::contains("other.toml"))
        .stderr(predicate::str::contains("\"ic-to-manager\""))
        .stdout(predicate::str::is_empty());
}

#[test]
fn one_file_is_a_usage_error() {
    let env = TestDir::with_rubric(LEAD);
    env.file("me.toml", SELF);
    env.promo().args(["compare", "me.toml"]).assert().code(2);
    env.promo()
        .args(["compare", "me.toml", "missing.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.toml"));
}

#[test]
fn markdown_goes_to_a_private_file() {
    let env = TestDir::with_rubric(LEAD);
    env.file("me.toml", SELF);
    env.file("boss.toml", MANAGER);
    env.promo()
        .args([
            "compare",
            "me.toml",
            "boss.toml",
            "--format",
            "markdown",
            "-o",
            "views.md",
        ])
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    let path: &Path = &env.path().join("views.md");
    let text = fs::read_to_string(path).unwrap();
    assert!(
        text.starts_with("# Compared views: Engineer to lead"),
        "{text}"
    );
    assert!(text.contains("**2.0 (-1.0) blind spot**"), "{text}");
    assert!(text.contains("## Widest disagreements"), "{text}");
    #[cfg(unix)]
    assert_eq!(crate::harness::mode(path), 0o600);
}
