//! The `error:` and `warning:` labels, built once for standard error and for lint's report.

/// Which label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// `error:`, red.
    Error,
    /// `warning:`, yellow.
    Warning,
}

/// The label, bold and coloured when `styled`.
pub fn label(kind: Label, styled: bool) -> String {
    let (text, style) = match kind {
        Label::Error => ("error:", console::Style::new().red().bold()),
        Label::Warning => ("warning:", console::Style::new().yellow().bold()),
    };
    if styled {
        style.force_styling(true).apply_to(text).to_string()
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_labels_are_bare_words_and_styled_ones_carry_colour() {
        assert_eq!(label(Label::Error, false), "error:");
        assert_eq!(label(Label::Warning, false), "warning:");
        assert_eq!(
            label(Label::Error, true),
            "\u{1b}[31m\u{1b}[1merror:\u{1b}[0m"
        );
        assert!(label(Label::Warning, true).contains("\u{1b}[33m"));
    }
}
