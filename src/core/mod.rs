//! The pure core: rubrics, answers and scoring. Strings in, values out; no files, no terminal.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod answers;
pub mod compare;
pub mod date;
pub mod entry_file;
pub mod error;
pub mod history;
pub mod journal;
pub mod limits;
pub mod lint;
pub mod packet;
pub mod plan;
pub mod report;
pub mod rubric;
pub mod scoring;
pub mod summary;
pub mod template;
