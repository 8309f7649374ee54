//! Bounds on input: how big a file may be, how deeply it may nest, how much of it a message quotes.

use std::borrow::Cow;

use toml_parser::Source;
use toml_parser::lexer::TokenKind;

/// The largest rubric or answers file promo reads: 16 MiB. Reading stops there, so a huge
/// file, or a device that never ends, costs at most this much memory.
pub const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// How deeply arrays and tables may sit inside each other. promo's own files need two levels
/// (a rubric's `options = [{ … }]`); anything deeper is refused before it is parsed, so that no
/// parser recurses without bound.
pub const MAX_DEPTH: usize = 32;

/// How many problems are listed for one file; the rest are counted.
pub const MAX_PROBLEMS: usize = 20;

/// How many characters of an id or a value a message quotes.
pub const MAX_QUOTED_CHARS: usize = 80;

/// The longest message promo prints about one problem, in characters.
const MAX_MESSAGE_CHARS: usize = 1000;

/// The byte order mark some editors put at the start of UTF-8 files.
pub const BOM: char = '\u{feff}';

/// The text without a leading byte order mark.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix(BOM).unwrap_or(text)
}

/// `text` cut to [`MAX_QUOTED_CHARS`] characters, with `…` where it was cut.
pub fn cut(text: &str) -> Cow<'_, str> {
    cut_to(text, MAX_QUOTED_CHARS)
}

fn cut_to(text: &str, limit: usize) -> Cow<'_, str> {
    match text.char_indices().nth(limit) {
        None => Cow::Borrowed(text),
        Some((end, _)) => Cow::Owned(format!("{}…", &text[..end])),
    }
}

/// A message with every quoted part (between `"…"` or `` `…` ``) longer than
/// [`MAX_QUOTED_CHARS`] cut, and the whole cut to a thousand characters: messages from the TOML
/// and JSON parsers quote keys and values as they are, however long.
pub fn cut_quoted(message: &str) -> Cow<'_, str> {
    let long_run = message.len() > MAX_QUOTED_CHARS;
    if !long_run {
        return Cow::Borrowed(message);
    }
    let mut out = String::with_capacity(message.len().min(4 * MAX_MESSAGE_CHARS));
    let mut rest = message;
    while let Some(open) = rest.find(['"', '`']) {
        let quote = &rest[open..=open];
        out.push_str(&rest[..=open]);
        rest = &rest[open + 1..];
        match rest.find(quote) {
            Some(close) => {
                out.push_str(&cut(&rest[..close]));
                out.push_str(quote);
                rest = &rest[close + 1..];
            }
            None => {
                out.push_str(&cut(rest));
                rest = "";
            }
        }
        if out.len() > 4 * MAX_MESSAGE_CHARS {
            break;
        }
    }
    out.push_str(rest);
    Cow::Owned(cut_to(&out, MAX_MESSAGE_CHARS).into_owned())
}

/// The byte offset of the first `[` or `{` in TOML `source` that opens more than
/// [`MAX_DEPTH`] levels, found with the lexer the TOML parser uses (so strings and comments are
/// skipped exactly as it skips them).
pub fn toml_too_deep(source: &str) -> Option<usize> {
    let tokens: Vec<_> = Source::new(source).lex().collect();
    deepest_token(&tokens)
}

/// The start of the first bracket in `tokens` that opens more than [`MAX_DEPTH`] levels.
pub fn deepest_token(tokens: &[toml_parser::lexer::Token]) -> Option<usize> {
    let mut depth = 0usize;
    for token in tokens {
        match token.kind() {
            TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(token.span().start());
                }
            }
            TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket => {
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
    }
    None
}

/// The byte offset of the first `[` or `{` in JSON `source`, outside strings, that opens more
/// than [`MAX_DEPTH`] levels.
pub fn json_too_deep(source: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (at, byte) in source.bytes().enumerate() {
        if in_string {
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(at);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_counts_brackets_outside_strings_and_comments() {
        let deep = format!("x = {}{}\n", "[".repeat(40), "]".repeat(40));
        assert_eq!(toml_too_deep(&deep), Some(4 + MAX_DEPTH));
        let shallow = format!("x = {}{}\n", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(toml_too_deep(&shallow), None);
        let hidden = format!(
            "a = \"{0}\"\nb = '{0}'\nc = \"\"\"\n{0}\"\"\"\n# {0}\n[[t]]\n[u]\n",
            "[{".repeat(100)
        );
        assert_eq!(toml_too_deep(&hidden), None);
        // Many arrays one after the other are not deep.
        assert_eq!(toml_too_deep(&"x = [[1]]\n".repeat(1000)), None);

        let json = format!("{{\"a\": {}{}}}", "[".repeat(40), "]".repeat(40));
        assert_eq!(json_too_deep(&json), Some(6 + MAX_DEPTH - 1));
        let strings = format!("{{\"a\": \"\\\"{}\"}}", "[".repeat(100));
        assert_eq!(json_too_deep(&strings), None);
    }

    #[test]
    fn long_quotes_are_cut() {
        let long = "x".repeat(500);
        let message = format!("unknown field `{long}`, expected `rubric`; \"{long}\" too");
        let cut = cut_quoted(&message);
        assert!(cut.chars().count() < 250, "{cut}");
        assert!(cut.contains(&format!("`{}…`", "x".repeat(80))), "{cut}");
        assert!(
            cut.contains(&format!("\"{}…\" too", "x".repeat(80))),
            "{cut}"
        );
        assert!(cut.contains("expected `rubric`"));
        assert_eq!(cut_quoted("short `a` \"b\""), "short `a` \"b\"");
        // Unbalanced quotes and long unquoted text stay bounded.
        assert!(cut_quoted(&format!("`{long}")).chars().count() <= 82);
        assert!(cut_quoted(&"y".repeat(5000)).chars().count() <= MAX_MESSAGE_CHARS + 1);
        assert_eq!(strip_bom("\u{feff}{}"), "{}");
    }
}
