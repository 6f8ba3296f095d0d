//! The audit cycle: an assessment compared with an earlier one of the same workspace.
//!
//! [`matching`] recognises a finding in the next assessment by a stable key and says what
//! became of it. It works from assessment.json files alone: nothing here reads evidence or
//! runs a check.

pub mod matching;
