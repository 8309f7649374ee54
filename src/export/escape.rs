//! Escaping user and rubric text for each output format.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_leading_cells_are_neutralised() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        for lead in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(csv_cell(lead).starts_with('\''), "{lead:?}");
        }
        assert_eq!(csv_cell("Sam Lee"), "Sam Lee");
        assert_eq!(csv_cell(""), "");
    }
}
