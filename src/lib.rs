//! promo: how ready you are for the next rung of a career ladder, and what to work on.
//!
//! The [`core`] is pure (rubrics, answers, scoring, the report model). Everything else is an
//! edge that knows one outside thing: the command line, files, the terminal.

pub mod batch;
pub mod catalog;
pub mod cli;
pub mod commands;
pub mod core;
pub mod datadir;
pub mod drafts;
pub mod entry_store;
pub mod exit;
pub mod export;
#[cfg(any(test, feature = "fuzzing"))]
#[doc(hidden)]
pub mod fuzzing;
pub mod history_store;
pub mod invocation;
pub mod journal_store;
pub mod message;
pub mod names;
pub mod plan_store;
pub mod profile;
pub mod prompt;
pub mod questionnaire;
pub mod show;
pub mod term;
#[cfg(test)]
pub(crate) mod testing;
pub mod writer;
