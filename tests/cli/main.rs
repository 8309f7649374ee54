//! promo's command-line tests, in one binary: each module is one area of the specification,
//! and every run of the binary starts from the harness's fixed environment.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod harness;

mod assess_pty;
mod bad_input;
mod basics;
mod builtin_rubrics;
mod compare;
mod ecosystem;
mod first_hour_pty;
mod fuzz_corpus;
mod history;
mod journal;
mod journal_pty;
mod properties;
mod report;
mod safety_drafts;
mod safety_files;
mod safety_input;
mod score;
