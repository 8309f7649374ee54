//! Rubric parse and validate, then lint, template and scoring of a valid rubric.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| promo::fuzzing::rubric(data));
