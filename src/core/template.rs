//! A fillable answers file for a rubric: every question as a comment block with its options.

use std::fmt::Write;

use super::rubric::{QuestionKind, Rubric};

/// Renders the template, dated `today` (the day it is filled in, as a report shows it) and,
/// when `subject` is given, with that name on it.
pub fn render(rubric: &Rubric, today: &str, subject: Option<&str>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# promo answers: {} ({} -> {})",
        one_line(&rubric.title),
        one_line(&rubric.from),
        one_line(&rubric.to)
    );
    let _ = writeln!(out, "#");
    let _ = writeln!(
        out,
        "# For each question, uncomment its line and give the number of the option that"
    );
    let _ = writeln!(
        out,
        "# describes what you actually do today. Leave a line commented to skip it."
    );
    let _ = writeln!(out, "# Then: promo report THIS-FILE");
    let _ = writeln!(out);
    let _ = writeln!(out, "rubric = {}", quote(&rubric.id));
    let _ = writeln!(out, "rubric_version = {}", rubric.version);
    let _ = writeln!(
        out,
        "rater = \"self\"  # self, manager, peer, report or other"
    );
    match subject {
        Some(name) => {
            let _ = writeln!(out, "subject = {}  # whom it is about", quote(name));
        }
        None => {
            let _ = writeln!(out, "# subject = \"Your name\"  # whom it is about");
        }
    }
    let _ = writeln!(
        out,
        "date = {today}  # the day you answer; change it if you fill this in later"
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "[answers]");
    for dim in &rubric.dimensions {
        let _ = writeln!(out);
        let _ = writeln!(out, "# == {} ==", one_line(&dim.name));
        for question in &dim.questions {
            let _ = writeln!(out);
            let _ = writeln!(out, "# {}", one_line(&question.prompt));
            match &question.kind {
                QuestionKind::Choice(options) => {
                    for (n, option) in options.iter().enumerate() {
                        let _ = writeln!(out, "#   {}. {}", n + 1, one_line(&option.text));
                    }
                    if let Some(na) = &question.na {
                        let _ = writeln!(out, "#   \"na\": {}", one_line(na));
                    }
                    let _ = writeln!(out, "# {} = ", question.id);
                }
                QuestionKind::Multi(options) => {
                    let _ = writeln!(
                        out,
                        "#   Pick any that apply, as a list such as [1, 3]; [] for none."
                    );
                    for (n, option) in options.iter().enumerate() {
                        let _ = writeln!(out, "#   {}. {}", n + 1, one_line(&option.text));
                    }
                    if let Some(na) = &question.na {
                        let _ = writeln!(out, "#   \"na\": {}", one_line(na));
                    }
                    let _ = writeln!(out, "# {} = []", question.id);
                }
                QuestionKind::Text => {
                    let _ = writeln!(out, "#   Free text; not scored.");
                    let _ = writeln!(out, "# {} = \"\"", question.id);
                }
            }
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "[evidence]");
    let _ = writeln!(
        out,
        "# A concrete example for any answer, by question id. For instance:"
    );
    if let Some(first) = rubric.questions().map(|(_, q)| q).find(|q| q.is_scored()) {
        let _ = writeln!(
            out,
            "# {} = \"What I did, when, and what came of it\"",
            first.id
        );
    }
    out
}

/// The text on one comment line: whitespace runs and control characters (which TOML does not
/// allow in comments) become single spaces.
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn quote(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::answers::{Syntax, check_answers, parse_answers};
    use crate::core::rubric::parse_rubric;

    const RUBRIC: &str = "id = \"t\"\nversion = 3\ntitle = \"T\"\nfrom = \"A\"\nto = \"B\"\n[[dimensions]]\nid = \"d\"\nname = \"D\"\n[[dimensions.questions]]\nid = \"q\"\nprompt = \"Which\\nof these?\"\nna = \"No chance\"\noptions = [{ text = \"one\", level = 0 }, { text = \"two\", level = 4 }]\n";

    #[test]
    fn the_template_parses_as_is_and_lists_every_option() {
        let rubric = parse_rubric(RUBRIC, "r").unwrap();
        let text = render(&rubric, "2026-11-23", Some("Ana \"M\""));
        assert!(
            text.contains("subject = 'Ana \"M\"'  # whom it is about\n"),
            "{text}"
        );
        assert!(text.contains("\ndate = 2026-11-23  # the day"), "{text}");
        assert!(
            text.contains("#   1. one\n#   2. two\n#   \"na\": No chance\n# q = \n"),
            "{text}"
        );
        assert!(text.contains("# Which of these?\n"));
        let file = parse_answers(&text, Syntax::Toml, "t.toml").unwrap();
        let (answers, warnings) = check_answers(file, &rubric, "t.toml", &text).unwrap();
        assert!(warnings.is_empty());
        assert!(answers.responses.iter().all(Option::is_none));
        assert_eq!(answers.subject.as_deref(), Some("Ana \"M\""));
        assert_eq!(
            answers.date.map(|d| d.to_string()).as_deref(),
            Some("2026-11-23")
        );
    }

    #[test]
    fn control_characters_in_rubric_text_keep_the_template_parsing() {
        let source = RUBRIC
            .replace("title = \"T\"", "title = \"T\\nitle\"")
            .replace("name = \"D\"", "name = \"D\\u0001\\u007f\"")
            .replace("text = \"one\"", "text = \"o\\bne\\u0000\"");
        let rubric = parse_rubric(&source, "r").unwrap();
        let text = render(&rubric, "2026-11-23", None);
        assert!(text.contains("#   1. o ne\n"), "{text}");
        assert!(
            parse_answers(&text, Syntax::Toml, "t.toml").is_ok(),
            "{text}"
        );
    }

    #[test]
    fn filling_a_line_in_gives_an_answer() {
        let rubric = parse_rubric(RUBRIC, "r").unwrap();
        let text = render(&rubric, "2026-11-23", None).replace("# q = \n", "q = 2\n");
        let file = parse_answers(&text, Syntax::Toml, "t.toml").unwrap();
        let (answers, _) = check_answers(file, &rubric, "t.toml", &text).unwrap();
        assert!(answers.responses[0].is_some());
    }
}
