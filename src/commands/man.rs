//! `promo man`: the manual page in roff, generated from the clap definitions.

use anyhow::{Context as _, Result};
use clap::CommandFactory;
use roff::{Roff, bold, italic, roman};

use crate::cli::Cli;
use crate::exit::OK;
use crate::writer::write_stdout;

/// One of clap_mangen's section renderers.
type Section = fn(&clap_mangen::Man, &mut dyn std::io::Write) -> std::io::Result<()>;

/// The manual page, section 1, in roff: one page for the whole tool, with a COMMANDS section
/// that gives every subcommand its synopsis and arguments.
pub fn page() -> Result<Vec<u8>> {
    let mut command = Cli::command();
    command.build();
    let man = clap_mangen::Man::new(command.clone());
    let mut out = Vec::new();
    let parts: [Section; 5] = [
        clap_mangen::Man::render_title,
        clap_mangen::Man::render_name_section,
        clap_mangen::Man::render_synopsis_section,
        clap_mangen::Man::render_description_section,
        clap_mangen::Man::render_options_section,
    ];
    for part in parts {
        part(&man, &mut out).context("cannot render the manual page")?;
    }
    let mut roff = Roff::new();
    roff.control("SH", ["COMMANDS"]);
    commands(&mut roff, &command, "promo");
    roff.to_writer(&mut out)
        .context("cannot render the manual page")?;
    man.render_extra_section(&mut out)
        .and_then(|()| man.render_version_section(&mut out))
        .context("cannot render the manual page")?;
    Ok(out)
}

/// Every leaf subcommand of `parent`, depth first, in definition order.
fn commands(roff: &mut Roff, parent: &clap::Command, path: &str) {
    for command in parent
        .get_subcommands()
        .filter(|c| !c.is_hide_set() && c.get_name() != "help")
    {
        let path = format!("{path} {}", command.get_name());
        if command.has_subcommands() {
            commands(roff, command, &path);
            continue;
        }
        roff.control("TP", []);
        let mut synopsis = vec![bold(path)];
        for arg in arguments(command) {
            synopsis.push(roman(" "));
            synopsis.push(roman(if arg.is_required_set() {
                usage(arg)
            } else {
                format!("[{}]", usage(arg))
            }));
        }
        roff.text(synopsis);
        if let Some(about) = command.get_long_about().or(command.get_about()) {
            roff.text([roman(about.to_string())]);
        }
        let args: Vec<&clap::Arg> = arguments(command).collect();
        if args.is_empty() {
            continue;
        }
        roff.control("RS", []);
        for arg in args {
            roff.control("TP", []);
            roff.text([italic(usage(arg))]);
            let mut help = arg
                .get_long_help()
                .or(arg.get_help())
                .map(ToString::to_string)
                .unwrap_or_default();
            let values: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_owned())
                .collect();
            if !values.is_empty() {
                help.push_str(&format!(". One of: {}", values.join(", ")));
            }
            let defaults: Vec<String> = arg
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            if !defaults.is_empty() && takes_value(arg) {
                help.push_str(&format!(" (default: {})", defaults.join(", ")));
            }
            if !help.is_empty() {
                help.push('.');
            }
            roff.text([roman(help)]);
        }
        roff.control("RE", []);
    }
}

/// The arguments a subcommand documents itself: not the global ones, not help.
fn arguments(command: &clap::Command) -> impl Iterator<Item = &clap::Arg> {
    command
        .get_arguments()
        .filter(|a| !a.is_hide_set() && !a.is_global_set() && a.get_id() != "help")
}

/// Whether an option takes a value (as opposed to a flag).
fn takes_value(arg: &clap::Arg) -> bool {
    arg.get_num_args().is_some_and(|n| n.takes_values())
}

/// `--format <FORMAT>`, `-o, --output <FILE>`, `<PATH>...` or `--deny-warnings`.
fn usage(arg: &clap::Arg) -> String {
    let names = arg
        .get_value_names()
        .map(|names| {
            names
                .iter()
                .map(|n| format!("<{n}>"))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|| format!("<{}>", arg.get_id().as_str().to_uppercase()));
    let repeated = if matches!(arg.get_action(), clap::ArgAction::Append) {
        "..."
    } else {
        ""
    };
    if arg.is_positional() {
        return format!("{names}{repeated}");
    }
    let mut flags = Vec::new();
    if let Some(short) = arg.get_short() {
        flags.push(format!("-{short}"));
    }
    if let Some(long) = arg.get_long() {
        flags.push(format!("--{long}"));
    }
    let flags = flags.join(", ");
    if takes_value(arg) {
        format!("{flags} {names}")
    } else {
        flags
    }
}

/// Prints the manual page on standard output.
pub fn run() -> Result<u8> {
    write_stdout(&page()?)?;
    Ok(OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_is_roff_with_every_command_and_the_exit_codes() {
        let text = String::from_utf8(page().unwrap()).unwrap();
        assert!(text.contains(".TH promo 1"), "{text}");
        assert!(text.contains(".SH COMMANDS"), "{text}");
        assert!(text.contains("\\fBpromo rubrics lint\\fR"), "{text}");
        assert!(text.contains("\\-\\-deny\\-warnings"), "{text}");
        assert!(text.contains("\\fBpromo completions\\fR <SHELL>"), "{text}");
        assert!(
            text.contains("\\fBpromo report\\fR <ANSWERS> [\\-\\-rubric <RUBRIC>]"),
            "{text}"
        );
        assert!(!text.contains("help list"), "{text}");
        assert!(
            text.contains("bash, elvish, fish, powershell, zsh"),
            "{text}"
        );
        assert!(text.contains("Exit codes"), "{text}");
        // No references to per-command pages that do not exist.
        assert!(!text.contains("promo\\-rubrics(1)"), "{text}");
    }
}
