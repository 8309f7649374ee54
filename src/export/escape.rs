//! Escaping user and rubric text for each output format.
//!
//! Every piece of text that comes from a rubric or an answers file passes through one of these
//! before it lands in a report, so that it shows as written and never runs as markup, a
//! formula or a terminal command.

use std::borrow::Cow;

/// Neutralises a CSV cell that a spreadsheet would run as a formula: text starting with
/// `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe. Numbers are not
/// text and never pass through here.
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Escapes text for HTML: `&`, `<`, `>`, `"` and `'` become character references. The result
/// is safe as element text (SVG `<text>` included) and inside a quoted attribute value.
pub fn html(text: &str) -> Cow<'_, str> {
    html_escape::encode_quoted_attribute(text)
}

/// Escapes text for one line of Markdown (CommonMark with GitHub's extensions): a heading, a
/// list item, a paragraph, a quote line or a table cell.
///
/// The text renders as written:
/// - `\`, `` ` ``, `*`, `_`, `[`, `]`, `<`, `>`, `|`, `~` and `$` get a backslash, so they start
///   no emphasis, code, link, HTML tag, table cell, strikethrough or formula;
/// - `&` gets a backslash where it would start a character reference such as `&amp;`;
/// - at the start, `#`, `-`, `+` and `=` get a backslash, and so does the `.` or `)` after
///   leading digits, so the text starts no heading, list, or rule wherever it is placed.
///
/// Line breaks and other control characters become spaces, and leading and trailing
/// whitespace is dropped, so the text stays on its line: split multi-line text into lines
/// first to keep its breaks.
pub fn markdown_inline(text: &str) -> Cow<'_, str> {
    let flat = one_line(text);
    let mut out = String::with_capacity(flat.len() + 8);
    let chars: Vec<char> = flat.chars().collect();
    let lead = line_start_escape(&chars);
    for (i, &c) in chars.iter().enumerate() {
        let escape = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '$' => true,
            '&' => starts_reference(&chars[i + 1..]),
            _ => lead == Some(i),
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    if out == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(out)
    }
}

/// Escapes text for a cell of a GitHub-flavoured Markdown table: everything
/// [`markdown_inline`] does, which also keeps every `|` escaped and the text on one line, so the
/// cell never splits or ends the row.
pub fn markdown_cell(text: &str) -> Cow<'_, str> {
    markdown_inline(text)
}

/// Makes text safe to print on a terminal: escape sequences and other control characters
/// (which could move the cursor, clear the screen or retitle the window) become `\u{FFFD}`,
/// tabs become spaces, and line breaks are kept as `\n`.
pub fn terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\n') {
        return Cow::Borrowed(text);
    }
    let unified = text.replace("\r\n", "\n");
    Cow::Owned(
        unified
            .chars()
            .map(|c| match c {
                '\n' => '\n',
                '\t' => ' ',
                '\r' => '\n',
                c if c.is_control() => '\u{FFFD}',
                c => c,
            })
            .collect(),
    )
}

/// The text with every line break or other control character, and the whitespace around it,
/// turned into one space, and the ends trimmed.
fn one_line(text: &str) -> Cow<'_, str> {
    let trimmed = text.trim_matches(|c: char| c.is_whitespace() || c.is_control());
    if !trimmed.chars().any(char::is_control) {
        return Cow::Borrowed(trimmed);
    }
    Cow::Owned(
        trimmed
            .split(char::is_control)
            .map(str::trim)
            .filter(|piece| !piece.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// Which character at the start of a line would begin a block: a heading, a list item, a
/// setext underline or thematic break, or an ordered list marker after up to nine digits.
fn line_start_escape(chars: &[char]) -> Option<usize> {
    match chars.first()? {
        '#' | '-' | '+' | '=' => Some(0),
        c if c.is_ascii_digit() => {
            let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
            match chars.get(digits) {
                Some('.' | ')') if digits <= 9 => Some(digits),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Whether the text after an `&` would make it a character reference: `#?[A-Za-z0-9]+;`.
fn starts_reference(rest: &[char]) -> bool {
    let body = rest.strip_prefix(&['#']).unwrap_or(rest);
    let name = body
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    name > 0 && body.get(name) == Some(&';')
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

    #[test]
    fn formula_leading_cells_are_neutralised() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        for lead in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(csv_cell(lead).starts_with('\''), "{lead:?}");
        }
        assert_eq!(csv_cell("Sam Lee"), "Sam Lee");
        assert_eq!(csv_cell(""), "");
    }

    #[test]
    fn html_escapes_markup_and_quotes_and_borrows_plain_text() {
        assert_eq!(
            html("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
        assert!(matches!(html("Zoë Ødegård-李"), Cow::Borrowed(_)));
    }

    const HOSTILE: &[&str] = &[
        "<script>alert(1)</script>",
        "=HYPERLINK(\"http://x\",\"y\")",
        "a|b",
        "| a | b |",
        "# heading",
        "- item",
        "+ item",
        "* item",
        "> quote",
        "1. one",
        "12) twelve",
        "---",
        "===",
        "`code` and ``more``",
        "*em* **strong** _u_ __uu__",
        "[link](http://x) ![img](http://y)",
        "<http://x> <b>bold</b>",
        "&amp; &#60; &#x3C; R&D",
        "~~gone~~ $x^2$",
        "back\\slash \\*",
        "line one\nline two\r\n- three",
        "Zoë Ødegård-李",
        "    four spaces",
        "trailing  ",
    ];

    /// Renders a document and returns its text and whether any markup other than `expect` came
    /// out of it.
    fn rendered(doc: &str) -> (String, Vec<String>) {
        let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_MATH;
        let mut text = String::new();
        let mut tags = Vec::new();
        for event in Parser::new_ext(doc, options) {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::SoftBreak | Event::HardBreak => text.push('\n'),
                Event::Start(tag) => tags.push(format!("{tag:?}")),
                Event::End(_) => {}
                other => tags.push(format!("{other:?}")),
            }
        }
        (text, tags)
    }

    fn flattened(text: &str) -> String {
        text.split(char::is_control)
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn markdown_inline_renders_as_written_in_a_paragraph_and_a_list() {
        for &input in HOSTILE {
            let escaped = markdown_inline(input);
            assert!(!escaped.contains('\n'), "{input:?} -> {escaped:?}");
            let (text, tags) = rendered(&escaped);
            assert_eq!(text, flattened(input), "{input:?} -> {escaped:?}");
            assert_eq!(tags, ["Paragraph"], "{input:?} -> {escaped:?}");
            let (text, tags) = rendered(&format!("- {escaped}\n- second\n"));
            assert!(text.starts_with(&flattened(input)), "{input:?}");
            assert_eq!(tags.len(), 3, "{input:?} -> {tags:?}");
        }
    }

    #[test]
    fn markdown_cell_keeps_a_table_row_whole() {
        for &input in HOSTILE {
            let cell = markdown_cell(input);
            let doc = format!("| A | B |\n|---|---|\n| {cell} | end |\n");
            let options =
                Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_MATH;
            let mut cells = Vec::new();
            let mut current = None::<String>;
            for event in Parser::new_ext(&doc, options) {
                match event {
                    Event::Start(Tag::TableCell) => current = Some(String::new()),
                    Event::End(TagEnd::TableCell) => cells.extend(current.take()),
                    Event::Text(t) => {
                        if let Some(cell) = current.as_mut() {
                            cell.push_str(&t);
                        }
                    }
                    Event::Html(h) | Event::InlineHtml(h) => panic!("{input:?} made HTML {h:?}"),
                    _ => {}
                }
            }
            assert_eq!(
                cells,
                ["A", "B", &flattened(input), "end"],
                "{input:?} -> {cell:?}"
            );
        }
    }

    #[test]
    fn markdown_leaves_plain_text_alone() {
        for plain in [
            "Sam Lee",
            "Zoë Ødegård-李",
            "it's 3.5 (of 4)",
            "a - b",
            "C# and R&D",
        ] {
            assert!(
                matches!(markdown_inline(plain), Cow::Borrowed(_)),
                "{plain:?}"
            );
        }
        assert_eq!(markdown_inline("1. one"), "1\\. one");
        assert_eq!(markdown_inline("2026 goals"), "2026 goals");
        assert_eq!(markdown_inline("a\n\n  b"), "a b");
    }

    #[test]
    fn terminal_text_cannot_drive_the_terminal() {
        let text = terminal("red \u{1b}[31m\u{7}bell\tend\r\nnext\u{9b}2J");
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
        assert_eq!(text, "red \u{FFFD}[31m\u{FFFD}bell end\nnext\u{FFFD}2J");
        assert!(matches!(terminal("Zoë\nnext"), Cow::Borrowed(_)));
    }
}
