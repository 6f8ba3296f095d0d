//! Fuzz target: the auditor-worksheet reader (see `iso20k::fuzzing::worksheet`).
#![no_main]

use std::sync::OnceLock;

use iso20k::catalogue::Catalogue;

static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let catalogue = CATALOGUE.get_or_init(|| Catalogue::builtin().expect("built-in catalogue"));
    iso20k::fuzzing::worksheet(data, catalogue)
});
