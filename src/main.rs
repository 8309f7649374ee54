//! The `promo` binary: parse, dispatch, print the error, exit with its code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = promo::cli::Cli::parse();
    // `assess` installs its own Ctrl-C handler, which gives the terminal back first.
    if !matches!(cli.command, promo::cli::Command::Assess(_)) {
        promo::writer::stop_on_interrupt();
    }
    match promo::commands::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            let code = promo::exit::code_of(&error);
            let message = format!("{error:#}");
            if code == promo::exit::INTERRUPTED {
                // Not an error: the user stopped, and the message says how to go on.
                promo::commands::print_note(&message);
            } else {
                promo::commands::print_error(&message);
            }
            ExitCode::from(code)
        }
    }
}
