//! Exit codes, defined once, and the error type that carries one.

use std::fmt;

use crate::core::error::Invalid;

/// Everything worked.
pub const OK: u8 = 0;
/// A failure not caused by the input: I/O, a full disk, a closed terminal.
pub const FAILURE: u8 = 1;
/// The command line was wrong, or the command needs a terminal it does not have.
pub const USAGE: u8 = 2;
/// A rubric or answers file is invalid.
pub const INVALID: u8 = 3;
/// `promo score`: some files could not be scored; the rest were.
pub const PARTIAL: u8 = 4;
/// Interrupted with Ctrl-C (128 + SIGINT).
pub const INTERRUPTED: u8 = 130;

/// An error that decides the exit code.
#[derive(Debug)]
pub struct Failure {
    /// The exit code.
    pub code: u8,
    /// What went wrong and how to fix it.
    pub message: String,
}

impl Failure {
    /// A usage error (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            code: USAGE,
            message: message.into(),
        }
    }

    /// Invalid input (exit 3).
    pub fn invalid(message: impl Into<String>) -> Self {
        Self {
            code: INVALID,
            message: message.into(),
        }
    }

    /// Interrupted by the user (exit 130).
    pub fn interrupted(message: impl Into<String>) -> Self {
        Self {
            code: INTERRUPTED,
            message: message.into(),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

/// The exit code for an error: the first [`Failure`] or [`Invalid`] in its chain decides, else 1.
pub fn code_of(error: &anyhow::Error) -> u8 {
    error
        .chain()
        .find_map(|cause| {
            if let Some(failure) = cause.downcast_ref::<Failure>() {
                Some(failure.code)
            } else {
                cause.downcast_ref::<Invalid>().map(|_| INVALID)
            }
        })
        .unwrap_or(FAILURE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn the_innermost_known_error_decides() {
        let usage: anyhow::Error = Failure::usage("no terminal").into();
        assert_eq!(code_of(&usage.context("assess")), USAGE);
        let invalid = Err::<(), _>(Invalid::one(
            "rubric",
            "x",
            crate::core::error::Problem::new("bad"),
        ))
        .context("loading x")
        .unwrap_err();
        assert_eq!(code_of(&invalid), INVALID);
        assert_eq!(code_of(&anyhow::anyhow!("disk full")), FAILURE);
    }
}
