//! The OSCAL files of an assessment, as `assess` and `report` write them next to
//! assessment.json: the assessment results always, the POA&M when there is an open
//! nonconformity to plan for.

use std::path::{Path, PathBuf};

use super::{assessment_results, plan_of_action_and_milestones, to_json};
use crate::assessment::Assessment;
use crate::catalogue::Catalogue;
use crate::output::write_atomically;

/// The file the OSCAL assessment results are written to.
pub const ASSESSMENT_RESULTS_FILE: &str = "assessment-results.oscal.json";

/// The file the OSCAL plan of action and milestones is written to.
pub const POAM_FILE: &str = "poam.oscal.json";

/// Every file name [`write_assessment_files`] may write, for refusing to overwrite before
/// any work is done (whether a POA&M is written is only known once the assessment is).
pub const FILE_NAMES: [&str; 2] = [ASSESSMENT_RESULTS_FILE, POAM_FILE];

/// One OSCAL file rendered into memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OscalFile {
    /// [`ASSESSMENT_RESULTS_FILE`] or [`POAM_FILE`].
    pub name: &'static str,
    /// The JSON, pretty-printed with a final newline.
    pub text: String,
}

/// The OSCAL files of `assessment`: the assessment results, then the POA&M when the
/// assessment has an open nonconformity (OSCAL requires a POA&M to hold at least one item).
pub fn assessment_files(assessment: &Assessment, catalogue: &Catalogue) -> Vec<OscalFile> {
    let mut files = vec![OscalFile {
        name: ASSESSMENT_RESULTS_FILE,
        text: to_json(&assessment_results(assessment, catalogue)),
    }];
    if let Some(poam) = plan_of_action_and_milestones(assessment, catalogue) {
        files.push(OscalFile {
            name: POAM_FILE,
            text: to_json(&poam),
        });
    }
    files
}

/// What [`write_assessment_files`] did.
#[derive(Debug, Default)]
pub struct OscalWritten {
    /// Files written.
    pub files: Vec<PathBuf>,
    /// Files that could not be written: (file name, why).
    pub failed: Vec<(String, String)>,
    /// What else happened, for the user (a stale POA&M removed).
    pub notes: Vec<String>,
}

/// Writes the OSCAL files of `assessment` into `dir`, each atomically. The caller has already
/// refused to overwrite (see [`FILE_NAMES`]) unless `force`; a failure to write one file is
/// recorded and the other is still written.
///
/// With `force`, a POA&M left by an earlier run is removed when this assessment has no open
/// nonconformity: left in place, it would contradict the assessment results beside it.
pub fn write_assessment_files(
    assessment: &Assessment,
    catalogue: &Catalogue,
    dir: &Path,
    force: bool,
) -> OscalWritten {
    let mut written = OscalWritten::default();
    let files = assessment_files(assessment, catalogue);
    for file in &files {
        let path = dir.join(file.name);
        match write_atomically(&path, file.text.as_bytes()) {
            Ok(()) => written.files.push(path),
            Err(why) => written
                .failed
                .push((file.name.to_string(), why.to_string())),
        }
    }
    let stale_poam = dir.join(POAM_FILE);
    if force && !files.iter().any(|f| f.name == POAM_FILE) && stale_poam.exists() {
        match std::fs::remove_file(&stale_poam) {
            Ok(()) => written.notes.push(format!(
                "removed `{}` of an earlier run: this assessment has no open nonconformity, \
                 so it has no plan of action",
                stale_poam.display()
            )),
            Err(e) => written.failed.push((
                POAM_FILE.to_string(),
                format!(
                    "an earlier run's `{}` cannot be removed ({e}); it does not belong to this \
                     assessment, which has no open nonconformity",
                    stale_poam.display()
                ),
            )),
        }
    }
    if files.len() == 1 && written.failed.is_empty() {
        written.notes.push(format!(
            "no {POAM_FILE}: the assessment has no open nonconformity to plan for"
        ));
    }
    written
}
