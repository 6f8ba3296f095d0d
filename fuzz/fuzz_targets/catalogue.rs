//! Fuzz target: the catalogue reader (see `iso20k::fuzzing::catalogue`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| iso20k::fuzzing::catalogue(data));
