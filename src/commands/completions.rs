//! `promo completions SHELL`: a shell completion script, generated from the clap definitions,
//! with the rubric ids promo knows offered wherever a RUBRIC goes.

use anyhow::Result;
use clap::CommandFactory;
use clap::builder::PossibleValuesParser;
use clap_complete::Shell;

use super::Context;
use crate::cli::{Cli, CompletionsArgs};
use crate::exit::OK;
use crate::writer::write_stdout;

/// The completion script for `shell`, completing `ids` for every RUBRIC.
pub fn script(shell: Shell, ids: &[String]) -> Vec<u8> {
    // Only the script is built from this command; parsing never sees the list, so a path to a
    // rubric file stays a valid RUBRIC.
    let mut command = with_rubric_ids(Cli::command(), ids);
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "promo", &mut out);
    out
}

/// `command` with `ids` as the values offered for every argument named RUBRIC, in every
/// subcommand.
fn with_rubric_ids(mut command: clap::Command, ids: &[String]) -> clap::Command {
    if ids.is_empty() {
        return command;
    }
    let rubric_args: Vec<String> = command
        .get_arguments()
        .filter(|arg| {
            arg.get_value_names()
                .is_some_and(|names| names.iter().any(|n| n == "RUBRIC"))
        })
        .map(|arg| arg.get_id().to_string())
        .collect();
    for id in rubric_args {
        command = command.mut_arg(id, |arg| {
            arg.value_parser(PossibleValuesParser::new(ids.iter().cloned()))
        });
    }
    let subcommands: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_owned())
        .collect();
    for name in subcommands {
        command = command.mut_subcommand(name, |sub| with_rubric_ids(sub, ids));
    }
    command
}

/// Prints the completion script on standard output, with the built-in rubric ids and those of
/// the custom rubrics found now (`--rubrics-dir`, `PROMO_RUBRICS_DIR`).
pub fn run(context: &Context, args: &CompletionsArgs) -> Result<u8> {
    // A broken custom rubric only costs its id here; `promo rubrics validate` says why.
    let (loaded, _broken) = context.catalog.all()?;
    let mut ids: Vec<String> = loaded.into_iter().map(|l| l.rubric.id).collect();
    ids.sort();
    ids.dedup();
    write_stdout(&script(args.shell, &ids))?;
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
            let ids = ["ic-to-manager".to_owned(), "my-own".to_owned()];
            let text = String::from_utf8(script(shell, &ids)).unwrap();
            assert!(text.contains("promo"), "{shell}");
            // clap_complete's elvish and PowerShell scripts complete no values at all.
            if matches!(shell, Shell::Bash | Shell::Zsh | Shell::Fish) {
                assert!(text.contains("ic-to-manager"), "{shell}");
                assert!(text.contains("my-own"), "{shell}");
            }
            assert!(text.contains("validate"), "{shell}");
            assert!(text.contains("completions"), "{shell}");
        }
    }
}
