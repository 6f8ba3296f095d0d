//! Fuzz target: see `iso20k::fuzzing::pdf_ipc`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| iso20k::fuzzing::pdf_ipc(data));
