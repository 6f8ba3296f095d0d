//! The audit cycle: an assessment compared with an earlier one of the same workspace, and
//! the internal audits of the next cycle planned.
//!
//! [`matching`] recognises a finding in the next assessment by a stable key and says what
//! became of it; [`progress`] gathers everything that moved between two assessments;
//! [`input`] reads the assessments and says what makes their comparison doubtful;
//! [`actions`] reads back the corrective actions a provider filled into the previous
//! report's workbook. [`programme`] plans the internal audits of the next cycle from the
//! catalogue's clauses, the manifest's team and marks and the last assessment. All of it
//! works from assessment.json files, the catalogue and what the caller read from the
//! manifest: nothing here reads evidence, runs a check or renders a report (the progress
//! report, the programme and the worksheet are built in `report::build`).

pub mod actions;
pub mod input;
pub mod matching;
pub mod programme;
pub mod progress;
