//! Fuzz target: the spreadsheet reader (see `iso20k::fuzzing::spreadsheet`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| iso20k::fuzzing::spreadsheet(data));
