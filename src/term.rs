//! The terminal: one colour decision for the whole program, and the width to render for.

use std::io::IsTerminal;

/// What the output may use, decided once at start-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Use ANSI colours.
    pub color: bool,
    /// Width to fit tables to, if known.
    pub width: Option<u16>,
    /// Use plain ASCII characters only (`TERM=dumb`).
    pub ascii: bool,
}

impl Style {
    /// Plain output: no colour, no width, Unicode allowed. For files and tests.
    pub const PLAIN: Style = Style {
        color: false,
        width: None,
        ascii: false,
    };

    /// Decides from the flag (`Some(true)` always, `Some(false)` never, `None` auto), the
    /// environment and whether standard output is a terminal.
    pub fn detect(choice: Option<bool>) -> Self {
        let env = |name: &str| std::env::var(name).ok();
        let stdout_tty = std::io::stdout().is_terminal();
        Self::decide(choice, &env, stdout_tty, terminal_width())
    }

    /// The decision itself, with the environment passed in so it can be tested.
    pub fn decide(
        choice: Option<bool>,
        env: &dyn Fn(&str) -> Option<String>,
        stdout_tty: bool,
        terminal_width: Option<u16>,
    ) -> Self {
        let dumb = env("TERM").is_some_and(|t| t == "dumb");
        let set = |name: &str| env(name).is_some_and(|v| !v.is_empty());
        let color = match choice {
            Some(forced) => forced,
            None => {
                if set("NO_COLOR") {
                    false
                } else if env("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0") {
                    true
                } else {
                    stdout_tty && !dumb && env("CLICOLOR").is_none_or(|v| v != "0")
                }
            }
        };
        let columns = env("COLUMNS")
            .and_then(|c| c.trim().parse::<u16>().ok())
            .filter(|&c| c > 0);
        let width = columns.or(if stdout_tty { terminal_width } else { None });
        Self {
            color,
            width: width.filter(|&w| w >= 20),
            ascii: dumb,
        }
    }
}

fn terminal_width() -> Option<u16> {
    // A pseudo-terminal may report a size of 0 until someone sets one: treat that as unknown.
    console::Term::stdout()
        .size_checked()
        .map(|(_, w)| w)
        .filter(|&w| w > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decide(choice: Option<bool>, vars: &[(&str, &str)], tty: bool) -> Style {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect();
        let env = move |name: &str| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        Style::decide(choice, &env, tty, Some(100))
    }

    #[test]
    fn colour_follows_flag_then_environment_then_terminal() {
        assert!(decide(None, &[], true).color);
        assert!(!decide(None, &[], false).color);
        assert!(!decide(None, &[("NO_COLOR", "1")], true).color);
        assert!(decide(None, &[("CLICOLOR_FORCE", "1")], false).color);
        assert!(!decide(None, &[("CLICOLOR_FORCE", "0")], false).color);
        assert!(!decide(None, &[("TERM", "dumb")], true).color);
        assert!(decide(Some(true), &[("NO_COLOR", "1")], false).color);
        assert!(!decide(Some(false), &[("CLICOLOR_FORCE", "1")], true).color);
    }

    #[test]
    fn width_comes_from_columns_or_the_terminal_and_is_never_tiny() {
        assert_eq!(decide(None, &[("COLUMNS", "120")], false).width, Some(120));
        assert_eq!(decide(None, &[], true).width, Some(100));
        assert_eq!(decide(None, &[], false).width, None);
        assert_eq!(decide(None, &[("COLUMNS", "0")], false).width, None);
        assert_eq!(decide(None, &[("COLUMNS", "5")], false).width, None);
        assert!(decide(None, &[("TERM", "dumb")], true).ascii);
    }
}
