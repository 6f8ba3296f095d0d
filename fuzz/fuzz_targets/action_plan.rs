//! Fuzz target: see `iso20k::fuzzing::action_plan`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| iso20k::fuzzing::action_plan(data));
