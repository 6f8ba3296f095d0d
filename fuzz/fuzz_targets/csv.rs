//! Fuzz target: the csv reader (see `iso20k::fuzzing::csv`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| iso20k::fuzzing::csv(data));
