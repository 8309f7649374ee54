//! Every exporter on every report the answers produce, and on reports of a fuzzed rubric.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| promo::fuzzing::export(data));
