//! Fuzz target: the PDF reader (see `iso20k::fuzzing::pdf`).
//!
//! A run catches a panic inside the PDF library and skips the file (and parses PDFs in a
//! worker process besides), so here a panic counts as a crash only when it escapes that
//! catch: libfuzzer-sys's hook, which aborts on any panic, caught or not, is replaced by a
//! silent one. Aborts, stack overflows, timeouts and memory blow-ups still count.
#![no_main]

use std::sync::Once;

static QUIET_PANICS: Once = Once::new();

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    QUIET_PANICS.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    iso20k::fuzzing::pdf(data);
});
