//! The audit cycle: an assessment compared with an earlier one of the same workspace.
//!
//! [`matching`] recognises a finding in the next assessment by a stable key and says what
//! became of it; [`progress`] gathers everything that moved between two assessments;
//! [`document`] and [`text`] present it in the words of [`words`]; [`input`] reads the
//! assessments and says what makes their comparison doubtful. [`programme`] plans the
//! internal audits of the next cycle from the catalogue's clauses, the manifest's team and
//! marks and the last assessment, and [`programme_document`] presents it. [`worksheet`]
//! writes the auditor worksheet of an assessment (read back with the workspace's evidence).
//! All of it works
//! from assessment.json files, the catalogue and what the caller read from the manifest:
//! nothing here reads evidence or runs a check.

pub mod actions;
pub mod document;
pub mod input;
pub mod matching;
pub mod programme;
pub mod programme_document;
pub mod progress;
pub mod text;
pub mod words;
pub mod worksheet;
