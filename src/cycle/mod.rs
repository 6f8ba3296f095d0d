//! The audit cycle: an assessment compared with an earlier one of the same workspace.
//!
//! [`matching`] recognises a finding in the next assessment by a stable key and says what
//! became of it; [`progress`] gathers everything that moved between two assessments;
//! [`document`] and [`text`] present it in the words of [`words`]; [`input`] reads the
//! assessments and says what makes their comparison doubtful. All of it works from assessment.json files alone:
//! nothing here reads evidence or runs a check.

pub mod document;
pub mod input;
pub mod matching;
pub mod progress;
pub mod text;
pub mod words;
