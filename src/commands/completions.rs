//! `promo completions SHELL`: a shell completion script, generated from the clap definitions.

use anyhow::Result;
use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::{Cli, CompletionsArgs};
use crate::exit::OK;
use crate::writer::write_stdout;

/// The completion script for `shell`.
pub fn script(shell: Shell) -> Vec<u8> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "promo", &mut out);
    out
}

/// Prints the completion script on standard output.
pub fn run(args: &CompletionsArgs) -> Result<u8> {
    write_stdout(&script(args.shell))?;
    Ok(OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shell_gets_a_script_naming_the_commands() {
        for shell in [
            Shell::Bash,
            Shell::Zsh,
            Shell::Fish,
            Shell::Elvish,
            Shell::PowerShell,
        ] {
            let text = String::from_utf8(script(shell)).unwrap();
            assert!(text.contains("promo"), "{shell}");
            assert!(text.contains("validate"), "{shell}");
            assert!(text.contains("completions"), "{shell}");
        }
    }
}
