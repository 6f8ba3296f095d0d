//! Fuzz target: see `iso20k::fuzzing::previous_assessment`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| iso20k::fuzzing::previous_assessment(data));
