//! iso20k: assess an IT service provider against ISO/IEC 20000-1 and report on it.
//!
//! The pipeline runs one way: a [`catalogue`] of requirements (TOML data) and a workspace of
//! evidence feed a checker whose result, the assessment, is the only thing reports read.

pub mod assessment;
pub mod catalogue;
pub mod check;
pub mod cli;
pub mod codes;
pub mod console;
pub mod cycle;
pub mod diagnostic;
pub mod domain;
pub mod evidence;
pub mod fields;
pub mod fuzzing;
pub mod grading;
pub mod i18n;
pub mod labels;
pub mod memory;
pub mod oscal;
pub mod output;
pub mod report;
pub mod rng;
pub mod sample;

/// Exit code for a run that completed (and, where a threshold was given, stayed under it).
pub const EXIT_OK: i32 = 0;
/// Exit code for a run that found findings at or above `--fail-on`.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit code for bad input or bad usage.
pub const EXIT_BAD_INPUT: i32 = 2;
