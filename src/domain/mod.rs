//! The bottom layer: values every other part of the tool shares — dates as exports write
//! them, digests, and what an engagement is (its kind, scope and team).
//!
//! It imports nothing from the rest of the crate, so the catalogue, the evidence reader, the
//! checker and the reports can all build on it without depending on one another (a test in
//! `tests/layering.rs` keeps it that way).

pub mod date;
pub mod engagement;

/// Lower-case hexadecimal of `bytes` (how every SHA-256 in the tool is written).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
