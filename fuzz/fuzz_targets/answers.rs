//! Answers parse (TOML and JSON) and scoring against each built-in rubric.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| promo::fuzzing::answers(data));
