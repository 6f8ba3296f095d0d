//! Fuzz target: the pdf reader (see `iso20k::fuzzing::pdf`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| iso20k::fuzzing::pdf(data));
