//! Fuzz target: the docx reader (see `iso20k::fuzzing::docx`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| iso20k::fuzzing::docx(data));
