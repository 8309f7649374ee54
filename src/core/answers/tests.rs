//! The answers model, formats, checking, fast reader and writer, on one small rubric.

use super::*;
use crate::testing::{self, KINDS};

fn check(source: &str) -> Result<Answers, Vec<String>> {
    let rubric = testing::parse(KINDS);
    let file =
        parse_answers(source, Syntax::sniff(source), "a.toml").map_err(|e| vec![e.to_string()])?;
    check_answers(file, &rubric, "a.toml", source)
        .map(|(a, _)| a)
        .map_err(|e| {
            e.problems
                .into_iter()
                .map(|p| format!("{}: {}", p.subject.unwrap_or_default(), p.message))
                .collect()
        })
}

#[test]
fn reads_every_answer_kind() {
    let answers = check("rubric = \"t\"\nrater = \"manager\"\nsubject = \"Sam\"\ndate = 2026-11-23\n[answers]\nchoose = 3\nseveral = [1, 3]\nwhy = \"growth\"\n[evidence]\nchoose = \"Led the launch\"\n").unwrap();
    assert_eq!(answers.rater, Rater::Manager);
    assert_eq!(
        answers.responses,
        [
            Some(Response::Choice(2)),
            Some(Response::Multi(vec![0, 2])),
            Some(Response::Text("growth".into()))
        ]
    );
    assert_eq!(answers.evidence[0].as_deref(), Some("Led the launch"));
    assert_eq!(
        answers.date.map(|d| d.to_string()).as_deref(),
        Some("2026-11-23")
    );
}

#[test]
fn json_is_the_same_document() {
    let answers = check(
        r#"{"rubric": "t", "date": "2026-11-23", "answers": {"choose": "na", "several": []}}"#,
    )
    .unwrap();
    assert_eq!(answers.responses[0], Some(Response::Na));
    assert_eq!(answers.responses[1], Some(Response::Multi(vec![])));
    assert_eq!(answers.rater, Rater::Myself);
}

#[test]
fn each_mistake_is_named() {
    let cases = [
        (
            "[answers]\nchose = 1",
            "\"chose\": an unknown question id; did you mean \"choose\"?",
        ),
        (
            "[answers]\nchoose = 4",
            "question \"choose\": option 4 does not exist; this question has options 1 to 3",
        ),
        (
            "[answers]\nchoose = 0",
            "question \"choose\": option 0 does not exist; this question has options 1 to 3",
        ),
        (
            "[answers]\nseveral = [1, 1]",
            "question \"several\": option 1 is listed twice",
        ),
        (
            "[answers]\nseveral = 2",
            "question \"several\": a multi question takes a list of option numbers such as [1, 3] ([] for none), not the number 2",
        ),
        (
            "[answers]\nchoose = 1.5",
            "question \"choose\": a choice question takes one option number from 1 to 3, not a decimal number",
        ),
        (
            "[answers]\nseveral = \"na\"",
            "question \"several\": \"na\" is not offered for this question; pick an option number or leave it out",
        ),
        (
            "[answers]\nwhy = 3",
            "question \"why\": a text question takes a string, not the number 3",
        ),
        (
            "rater = \"boss\"",
            "rater: unknown rater \"boss\"; use one of self, manager, peer, report, other",
        ),
        (
            "[evidence]\nnope = \"x\"",
            "\"nope\": evidence for an unknown question id; `promo rubrics show t` lists the questions",
        ),
    ];
    for (body, expected) in cases {
        let result = check(&format!("rubric = \"t\"\n{body}\n"));
        assert_eq!(result.err(), Some(vec![expected.to_owned()]), "for {body}");
    }
}

#[test]
fn problems_carry_the_line_of_the_key() {
    let rubric = testing::parse(KINDS);
    let source = "rubric = \"t\"\n[answers]\nchoose = 9\n";
    let file = parse_answers(source, Syntax::Toml, "a.toml").unwrap();
    let err = check_answers(file, &rubric, "a.toml", source).unwrap_err();
    assert_eq!(err.problems[0].position, Some((3, 1)));
}

#[test]
fn another_rubric_is_refused() {
    let errors = check("rubric = \"other\"\n").unwrap_err();
    assert!(
        errors[0].contains("for rubric \"other\", not \"t\""),
        "{errors:?}"
    );
}

#[test]
fn unknown_top_level_keys_are_refused() {
    let errors = check("rubric = \"t\"\nsubjet = \"x\"\n").unwrap_err();
    assert!(errors[0].contains("subjet"), "{errors:?}");
}

#[test]
fn version_mismatch_is_a_warning() {
    let rubric = testing::parse(KINDS);
    let file = parse_answers(
        "rubric = \"t\"\nrubric_version = 1\n",
        Syntax::Toml,
        "a.toml",
    )
    .unwrap();
    let (_, warnings) = check_answers(file, &rubric, "a.toml", "").unwrap();
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].0.contains("version 1"));
}

#[test]
fn to_file_round_trips() {
    let source = "rubric = \"t\"\nrubric_version = 2\nrater = \"peer\"\n[answers]\nchoose = \"na\"\nseveral = [3, 1]\n[evidence]\nseveral = \"x\"\n";
    let answers = check(source).unwrap();
    let rubric = testing::parse(KINDS);
    let text = answers.to_toml(&rubric);
    assert!(
        text.starts_with("rubric = \"t\"\nrubric_version = 2\nrater = \"peer\"\n"),
        "{text}"
    );
    assert_eq!(check(&text).unwrap(), answers);
}

#[test]
fn the_finder_agrees_with_the_index_in_any_order() {
    // The built-in rubrics, read here so that the core's tests need nothing outside the core.
    for source in [
        include_str!("../../../rubrics/ic-to-manager.toml"),
        include_str!("../../../rubrics/manager-to-director.toml"),
        include_str!("../../../rubrics/middle-to-senior.toml"),
    ] {
        let rubric = testing::parse(source);
        let ids: Vec<&str> = rubric.question_ids().collect();
        let mut finder = Finder::new(&rubric);
        for id in ids
            .iter()
            .chain(ids.iter().rev())
            .chain(["nope", "x"].iter())
        {
            assert_eq!(finder.find(&rubric, id), rubric.find(id), "{id}");
        }
    }
}

/// Reading and checking in one pass gives what the two steps give, or gives up; the
/// two steps must then refuse the document or accept it too.
fn same_as_two_steps(source: &str) -> bool {
    let rubric = testing::parse(KINDS);
    let two = parse_answers(source, Syntax::Toml, "a.toml")
        .ok()
        .and_then(|file| check_answers(file, &rubric, "a.toml", source).ok());
    match read_checked(source, Syntax::Toml, "a.toml", |id| {
        (id == "t").then_some(&rubric)
    }) {
        Some((_, answers, warnings)) => {
            let (a, w) = two.unwrap_or_else(|| panic!("two steps refuse {source:?}"));
            assert_eq!((answers, warnings), (a, w), "for {source:?}");
            true
        }
        None => false,
    }
}

#[test]
fn one_pass_agrees_with_the_two_steps() {
    let taken = [
        "rubric = \"t\"\n",
        "rubric = \"t\"\nrubric_version = 1\nrater = \"peer\"\nsubject = \"S\"\ndate = 2026-01-02\nnote = \"n\"\n[answers]\nchoose = \"na\"\nseveral = [3, 1]\nwhy = \"because\"\n[evidence]\nseveral = \"e\"\n",
        "rubric = \"t\"\n[evidence]\nwhy = \"x\"\n[answers]\nseveral = []\nchoose = 2\n",
    ];
    for source in taken {
        assert!(same_as_two_steps(source), "gave up on {source:?}");
    }
    let refused = [
        "rubric = \"other\"\n",
        "rater = \"boss\"\nrubric = \"t\"\n",
        "rubric = \"t\"\n[answers]\nchoose = 4\n",
        "rubric = \"t\"\n[answers]\nchose = 1\n",
        "rubric = \"t\"\n[answers]\nseveral = [1, 1]\n",
        "rubric = \"t\"\n[answers]\nwhy = 3\n",
        "rubric = \"t\"\n[answers]\nchoose = 1\nchoose = 2\n",
        "rubric = \"t\"\n[evidence]\nnope = \"x\"\n",
        "rubric = \"t\"\n[evidence]\nwhy = \"x\"\nwhy = \"y\"\n",
        "[answers]\nchoose = 1\n",
    ];
    for source in refused {
        assert!(!same_as_two_steps(source), "took {source:?}");
    }
    // A rubric other than the one named is for the two steps to refuse.
    let rubric = testing::parse(KINDS);
    assert!(read_checked("rubric = \"x\"\n", Syntax::Toml, "a", |_| Some(&rubric)).is_none());
    assert!(read_checked("{\"rubric\": \"t\"}", Syntax::Json, "a", |_| Some(&rubric)).is_none());
}

/// The fast reader either gives exactly what `toml` gives, or gives up.
fn same_as_toml(source: &str) -> bool {
    let slow = toml::from_str::<AnswersFile>(source);
    match fast::parse(source).map(Document::into_file) {
        Some(file) => {
            let slow = slow.unwrap_or_else(|e| panic!("toml refuses {source:?}: {e}"));
            assert_eq!(format!("{file:?}"), format!("{slow:?}"), "for {source:?}");
            true
        }
        None => false,
    }
}

#[test]
fn the_fast_reader_takes_the_usual_shape() {
    let usual = [
        "rubric = \"t\"\n",
        "rubric = \"t\"\nrubric_version = 2\nrater = \"peer\"\nsubject = \"Sam \\\"SL\\\" Lee\"\ndate = 2026-11-23\nnote = 'literal \\n'\n\n[answers]\nchoose = 3\nseveral = [1, 3]\nempty = []\nwhy = \"\"\"\nmulti\nline\"\"\"\nx = \"na\"\n\n[evidence]\nchoose = \"Led it\"\n",
        "# comment\nrubric = \"t\" # trailing\n[evidence]\n\"quoted key\" = \"e\"\n[answers]\n'q' = +7\nlist = [\n  1, # one\n  2,\n]\nbig = 1_000\nneg = -3\n",
        "\u{feff}rubric = \"t\"\r\n[answers]\r\na = 1\r\n",
        "rubric = \"t\"\n[answers]\na = \"tab\there\"\nb = 'back\\slash'\nc = \"é ü 😀\"\nd = 0\ne = -0\n",
    ];
    for source in usual {
        assert!(same_as_toml(source), "gave up on {source:?}");
    }
}

#[test]
fn the_fast_reader_gives_up_on_anything_else() {
    let others = [
        "",
        "rubric = 1\n",
        "rubric = \"t\"\nrubric = \"t\"\n",
        "rubric = \"t\"\nsubjet = \"x\"\n",
        "rubric = \"t\"\n[answers]\na = 1\na = 2\n",
        "rubric = \"t\"\n[answers]\na = 1\n[answers]\nb = 2\n",
        "rubric = \"t\"\n[evidence]\na = \"x\"\na = \"y\"\n",
        "rubric = \"t\"\n[evidence]\na = 1\n",
        "rubric = \"t\"\nanswers.a = 1\n",
        "rubric = \"t\"\nanswers = { a = 1 }\n",
        "rubric = \"t\"\n[answers.x]\na = 1\n",
        "rubric = \"t\"\n[[answers]]\na = 1\n",
        "rubric = \"t\"\n[other]\na = 1\n",
        "rubric = \"t\"\n[answers]\na = 1.5\nb = true\n",
        "rubric = \"t\"\n[answers]\na = [1, \"x\"]\n",
        "rubric = \"t\"\n[answers]\na = [[1]]\n",
        "rubric = \"t\"\n[answers]\na = 0x10\n",
        "rubric = \"t\"\n[answers]\na = 99999999999999999999\n",
        "rubric = \"t\"\ndate = 2026-11-23T10:00:00\n",
        "rubric = \"t\"\ndate = 2026-02-30\n",
        "rubric = \"t\"\ndate = \"2026-11-23\"\n",
        "rubric = \"t\"\n[answers]\na = \n",
        "rubric = \"t\" junk\n",
        "rubric = \"t\nx\"\n",
        "rubric = \"t\"\n[answers]\na = \"bad \\q escape\"\n",
        "rubric = \"t\"\n[answers]\na = \"del \u{7f}\"\n",
        "rubric = \"t\"\n[answers]\na = 'nul \u{0}'\n",
        "rubric = \"t\"\n[answers]\na = 01\n",
        "rubric = \"t\"\r\n[answers]\ra = 1\n",
        "rubric = \"t\" # \u{1}\n",
        "rubric = \"t\"\n[answers]\n\"a\nb\" = 1\n",
        "rubric = \"t\"\n# bad \u{7f} control\n",
    ];
    for source in others {
        assert!(!same_as_toml(source), "took {source:?}");
    }
}

#[test]
fn the_fast_reader_agrees_with_toml_on_generated_documents() {
    let keys = ["choose", "several", "why", "x-1", "\"q q\""];
    let values = [
        "1",
        "[1, 2]",
        "[]",
        "\"na\"",
        "\"text, with \\\"quotes\\\"\"",
        "'lit'",
    ];
    let mut seed = 7u64;
    let mut next = |n: usize| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        usize::try_from(seed >> 33).unwrap() % n
    };
    let (mut taken, mut checked) = (0, 0);
    for _ in 0..500 {
        let mut doc = String::from("rubric = \"t\"\n");
        for _ in 0..next(4) {
            doc.push_str(
                [
                    "rater = \"self\"\n",
                    "subject = \"S\"\n",
                    "date = 2026-01-02\n",
                    "rubric_version = 3\n",
                ][next(4)],
            );
        }
        doc.push_str("[answers]\n");
        for _ in 0..next(6) {
            doc.push_str(&format!(
                "{} = {}\n",
                keys[next(keys.len())],
                values[next(values.len())]
            ));
        }
        if next(2) == 0 {
            doc.push_str("[evidence]\n");
            doc.push_str(&format!("{} = \"e\"\n", keys[next(keys.len())]));
        }
        // Whatever the fast reader does, it must not disagree with toml, nor with the
        // two steps.
        taken += usize::from(same_as_toml(&doc));
        checked += usize::from(same_as_two_steps(&doc));
    }
    assert!(taken > 100, "the fast reader took only {taken} of 500");
    assert!(checked > 20, "one pass took only {checked} of 500");
}
