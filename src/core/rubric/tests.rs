//! Rubric files, validation and the checked model on small rubrics.

use super::*;
use crate::testing::{self, MINIMAL};

fn problems(source: &str) -> Vec<String> {
    match parse_rubric(source, "r.toml") {
        Ok(_) => Vec::new(),
        Err(invalid) => invalid
            .problems
            .into_iter()
            .map(|p| format!("{}: {}", p.subject.unwrap_or_default(), p.message))
            .collect(),
    }
}

fn with(replace: &str, by: &str) -> String {
    assert!(MINIMAL.contains(replace), "fixture lacks {replace}");
    MINIMAL.replacen(replace, by, 1)
}

#[test]
fn minimal_rubric_takes_defaults() {
    let rubric = testing::parse(MINIMAL);
    assert_eq!(rubric.gate_gap, 1.0);
    assert_eq!(rubric.scale[3], "At the next level");
    assert_eq!(rubric.bands.len(), 4);
    assert_eq!(rubric.bands[0].label, "Ready now");
    assert_eq!(rubric.bands[3].min, 0.0);
    let dim = &rubric.dimensions[0];
    assert_eq!((dim.weight, dim.target, dim.critical), (1.0, 3.0, false));
    assert_eq!(rubric.find("q").map(|r| r.flat), Some(0));
    assert_eq!(rubric.question_count(), 1);
}

#[test]
fn unknown_key_is_an_error_with_position() {
    let err =
        parse_rubric(&with("name = \"D\"", "name = \"D\"\nwieght = 2"), "r.toml").unwrap_err();
    assert_eq!(err.problems.len(), 1);
    assert!(err.problems[0].message.contains("wieght"), "{err}");
    assert_eq!(err.problems[0].position.map(|p| p.0), Some(10));
}

#[test]
fn not_toml_is_an_error_with_position() {
    let err = parse_rubric("id = \n", "r.toml").unwrap_err();
    assert_eq!(err.problems[0].position.map(|p| p.0), Some(1));
}

#[test]
fn duplicate_ids_are_rejected() {
    let dup_q = format!(
        "{MINIMAL}\n  [[dimensions.questions]]\n  id = \"q\"\n  prompt = \"again\"\n  options = [{{ text = \"a\", level = 0 }}, {{ text = \"b\", level = 1 }}]\n"
    );
    assert_eq!(
        problems(&dup_q),
        ["question \"q\": this question id is used twice; ids must be unique across the rubric"]
    );
    let dup_d = format!(
        "{MINIMAL}\n[[dimensions]]\nid = \"d\"\nname = \"E\"\n  [[dimensions.questions]]\n  id = \"q2\"\n  prompt = \"P\"\n  kind = \"text\"\n"
    );
    assert_eq!(
        problems(&dup_d),
        ["dimension \"d\": this dimension id is used twice; ids must be unique"]
    );
}

#[test]
fn bad_id_characters_are_rejected() {
    assert_eq!(problems(&with("id = \"q\"", "id = \"Q_1\"")).len(), 1);
    assert_eq!(problems(&with("id = \"t\"", "id = \"-t\"")).len(), 1);
    assert!(is_valid_id("ic-to-manager"));
    assert!(is_valid_id("9a"));
    assert!(!is_valid_id(""));
    assert!(!is_valid_id("a b"));
}

#[test]
fn out_of_range_numbers_are_rejected() {
    assert_eq!(
        problems(&with("level = 4", "level = 5")),
        ["question \"q\": option 2 has level 5; levels run from 0 to 4"]
    );
    assert_eq!(problems(&with("level = 0", "level = -1")).len(), 1);
    assert_eq!(
        problems(&with("name = \"D\"", "name = \"D\"\ntarget = 0")).len(),
        1
    );
    assert_eq!(
        problems(&with("name = \"D\"", "name = \"D\"\ntarget = 4.5")).len(),
        1
    );
    assert!(problems(&with("name = \"D\"", "name = \"D\"\ntarget = 4")).is_empty());
    assert_eq!(
        problems(&with("name = \"D\"", "name = \"D\"\nweight = 0")).len(),
        1
    );
    assert_eq!(
        problems(&with("prompt = \"Q?\"", "prompt = \"Q?\"\nweight = -1")).len(),
        1
    );
    assert_eq!(
        problems(&with(
            "prompt = \"Q?\"",
            "prompt = \"Q?\"\nevidence_from = 5"
        ))
        .len(),
        1
    );
    assert_eq!(problems(&with("version = 1", "version = 0")).len(), 1);
    assert_eq!(
        problems(&with("version = 1", "version = 1\ngate_gap = -0.5")).len(),
        1
    );
}

#[test]
fn options_must_match_the_kind() {
    assert_eq!(
        problems(&with(
            "options = [{ text = \"no\", level = 0 }, { text = \"yes\", level = 4 }]",
            "options = []"
        )),
        ["question \"q\": a choice question needs 2 to 7 options; it has 0"]
    );
    let multi_with_levels = with("prompt = \"Q?\"", "prompt = \"Q?\"\nkind = \"multi\"");
    assert_eq!(
        problems(&multi_with_levels).len(),
        4,
        "{:?}",
        problems(&multi_with_levels)
    );
    let choice_with_points = with("level = 4", "points = 4");
    assert_eq!(problems(&choice_with_points).len(), 2);
    let eight = (0..8)
        .map(|i| format!("{{ text = \"o{i}\", level = {} }}", i % 5))
        .collect::<Vec<_>>()
        .join(", ");
    assert_eq!(
        problems(&with(
            "{ text = \"no\", level = 0 }, { text = \"yes\", level = 4 }",
            &eight
        ))
        .len(),
        1
    );
    let multi = with(
        "prompt = \"Q?\"\n  options = [{ text = \"no\", level = 0 }, { text = \"yes\", level = 4 }]",
        "prompt = \"Q?\"\n  kind = \"multi\"\n  options = [{ text = \"a\", points = 4.5 }]",
    );
    assert_eq!(
        problems(&multi),
        ["question \"q\": option 1 has points 4.5; points run from -4 to 4"]
    );
    let text_with_options = with("prompt = \"Q?\"", "prompt = \"Q?\"\nkind = \"text\"");
    assert_eq!(problems(&text_with_options).len(), 1);
}

#[test]
fn a_rubric_needs_dimensions_and_a_zero_band() {
    let none =
        "id = \"t\"\nversion = 1\ntitle = \"T\"\nfrom = \"A\"\nto = \"B\"\ndimensions = []\n";
    assert_eq!(
        problems(none),
        [": the rubric has no dimensions; add at least one [[dimensions]] table"]
    );
    let bands = format!(
        "{MINIMAL}\n[[bands]]\nmin = 50\nlabel = \"Half\"\n[[bands]]\nmin = 10\nlabel = \"Low\"\n"
    );
    assert_eq!(
        problems(&bands),
        [": no band has min = 0; add one so every readiness has a verdict"]
    );
}

#[test]
fn bands_are_sorted_highest_first() {
    let source = format!(
        "{MINIMAL}\n[[bands]]\nmin = 0\nlabel = \"Low\"\n[[bands]]\nmin = 80\nlabel = \"High\"\n"
    );
    let rubric = testing::parse(&source);
    assert_eq!(
        rubric
            .bands
            .iter()
            .map(|b| b.label.as_str())
            .collect::<Vec<_>>(),
        ["High", "Low"]
    );
    assert_eq!(rubric.band_for(85.0), 0);
    assert_eq!(rubric.band_for(79.9), 1);
}

#[test]
fn other_raters_get_their_own_wording_with_the_name_filled_in() {
    let source = r#"
id = "w"
version = 2
title = "T"
from = "A"
to = "B"
summary = "Answer for what you have done."
summary_other = "Answer for what {name} has done."
[[dimensions]]
id = "d"
name = "D"
  [[dimensions.questions]]
  id = "q"
  prompt = "What do you do?"
  prompt_other = "What does {name} do?"
  evidence_prompt = "Describe the last handover you made"
  evidence_prompt_other = "Describe the last handover {name} made"
  options = [{ text = "I do it myself", text_other = "{name} does it", level = 0 }, { text = "Hands it over", level = 3 }]
  [[dimensions.questions]]
  id = "plain"
  prompt = "Anything else?"
  kind = "text"
"#;
    let rubric = parse_rubric(source, "w.toml").unwrap();
    let sam = Voice::Other("Sam Lee");
    assert_eq!(rubric.summary_for(sam), "Answer for what Sam Lee has done.");
    assert_eq!(
        rubric.summary_for(Voice::Own),
        "Answer for what you have done."
    );
    let q = &rubric.dimensions[0].questions[0];
    assert_eq!(q.prompt_for(sam), "What does Sam Lee do?");
    assert_eq!(q.prompt_for(Voice::Own), "What do you do?");
    assert_eq!(q.option_for(0, sam).unwrap(), "Sam Lee does it");
    assert_eq!(q.option_for(0, Voice::Own).unwrap(), "I do it myself");
    assert_eq!(q.option_for(1, sam).unwrap(), "Hands it over");
    assert_eq!(
        q.evidence_prompt_for(sam),
        "Describe the last handover Sam Lee made"
    );
    assert_eq!(
        q.evidence_prompt_for(Voice::Own),
        "Describe the last handover you made"
    );
    // Without a wording of its own, the default fits any behaviour and names the person.
    let plain = &rubric.dimensions[0].questions[1];
    assert_eq!(plain.prompt_for(sam), "Anything else?");
    assert!(
        plain
            .evidence_prompt_for(sam)
            .starts_with("Describe the last time you saw Sam Lee do this")
    );
    assert!(
        plain
            .evidence_prompt_for(Voice::Own)
            .starts_with("Describe the last time you did this")
    );
}

#[test]
fn an_unknown_placeholder_is_rejected_where_it_stands() {
    let source = "id = \"w\"\nversion = 2\ntitle = \"T\"\nfrom = \"A\"\nto = \"B\"\nsummary_other = \"For {person}\"\n[[dimensions]]\nid = \"d\"\nname = \"D\"\n  [[dimensions.questions]]\n  id = \"q\"\n  prompt = \"?\"\n  prompt_other = \"Does {nmae} do it?\"\n  options = [{ text = \"a\", text_other = \"{who}\", level = 0 }, { text = \"b\", level = 3 }]\n";
    let error = parse_rubric(source, "w.toml").unwrap_err().to_string();
    assert!(
        error.contains(
            "summary_other has the placeholder \"{person}\"; the only placeholder is {name}"
        ),
        "{error}"
    );
    assert!(error.contains("w.toml:11:"), "{error}");
    assert!(
        error.contains("prompt_other has the placeholder \"{nmae}\""),
        "{error}"
    );
    assert!(
        error.contains("option 1's text_other has the placeholder \"{who}\""),
        "{error}"
    );
}

#[test]
fn the_estimate_counts_words_answers_and_expected_examples() {
    // 400 words of summary = 2 min; one choice question with 2 one-word options and a
    // one-word prompt: 3 words and 8 s; one example expected half the time: 30 s.
    let summary = vec!["word"; 400].join(" ");
    let source = format!(
        "id = \"e\"\nversion = 1\ntitle = \"T\"\nfrom = \"A\"\nto = \"B\"\nsummary = \"{summary}\"\n[[dimensions]]\nid = \"d\"\nname = \"D\"\n  [[dimensions.questions]]\n  id = \"q\"\n  prompt = \"Why?\"\n  evidence_from = 3\n  options = [{{ text = \"a\", level = 0 }}, {{ text = \"b\", level = 3 }}]\n"
    );
    let rubric = parse_rubric(&source, "e.toml").unwrap();
    // 403 / 200 + (8 + 30) / 60 = 2.648 -> 3
    assert_eq!(rubric.estimated_minutes(), 3);
    let text = source.replace(
        "evidence_from = 3\n  options = [{ text = \"a\", level = 0 }, { text = \"b\", level = 3 }]",
        "kind = \"text\"",
    );
    let rubric = parse_rubric(&text, "e.toml").unwrap();
    // 401 / 200 + 60 / 60 = 3.005 -> 4
    assert_eq!(rubric.estimated_minutes(), 4);
}
