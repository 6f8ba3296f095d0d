//! NIST OSCAL export: the catalogue as an OSCAL `catalog`, an assessment as OSCAL
//! `assessment-results`, and its open nonconformities as a `plan-of-action-and-milestones`.
//!
//! Everything here is a pure function of the catalogue and the assessment, so the same inputs
//! always give the same bytes:
//!
//! - every UUID is a version-5 UUID derived from a stable key (see [`ids`]): the catalog's
//!   from the catalogue id, an assessment's from the organisation, kind, dates and catalogue,
//!   and each finding, observation and risk from that plus its own id;
//! - every timestamp comes from the assessment's own dates (never the clock); the catalog,
//!   which has no date, carries [`UNDATED`];
//! - documents are typed structs serialised in a fixed field order, and
//!   [`to_json`] writes them pretty-printed with a final newline.
//!
//! The OSCAL version written is [`OSCAL_VERSION`]; `schemas/oscal/` holds the NIST JSON
//! schemas of that version, against which the test suite validates every export.
//!
//! How iso20k's notions map onto OSCAL:
//!
//! | iso20k                         | OSCAL                                                     |
//! |--------------------------------|-----------------------------------------------------------|
//! | top-level clause (4)           | `group` (`clause-4`)                                      |
//! | subclause (4.1, 4.1.1)         | `control`, nested as the clauses nest (`clause-4.1.1`)    |
//! | requirement (4.1.1-01)         | `item` part of the control's statement (`req-4.1.1-01`)   |
//! | requirement result             | `finding` targeting `statement-id` `req-4.1.1-01`         |
//! | finding (F-001) and evidence   | `observation` with `relevant-evidence` and back matter    |
//! | nonconformity (major, minor)   | `risk` with a recommended `remediation`                   |
//! | open nonconformity             | `poam-item`                                               |
//!
//! Anything OSCAL has no field for (the Chinese text, catalogue flags, grades, scores, the
//! basis of a status) is a `prop` in the iso20k namespace [`NS`].

mod assessment_common;
mod catalog;
mod common;
mod dates;
mod files;
pub mod ids;
mod names;
mod observations;
mod poam;
mod results;
mod risks;

pub use assessment_common::{
    AssociatedRisk, Finding, FindingTarget, ObjectiveStatus, Observation, RelatedObservation,
    RelevantEvidence, Response, Risk,
};
pub use catalog::{catalog, Catalog, CatalogDocument, Control, Group, Part};
pub use common::{BackMatter, Hash, Metadata, Party, Property, Resource, Rlink};
pub use files::{
    assessment_files, write_assessment_files, OscalFile, OscalWritten, ASSESSMENT_RESULTS_FILE,
    FILE_NAMES, POAM_FILE,
};
pub use poam::{
    plan_of_action_and_milestones, PlanOfActionAndMilestones, PoamDocument, PoamItem, SystemId,
};
pub use results::{
    assessment_results, AssessmentResult, AssessmentResults, AssessmentResultsDocument,
    ControlSelection, ImportAp, ReviewedControls, SelectControlById,
};

use serde::Serialize;

/// The OSCAL version the exports conform to.
pub const OSCAL_VERSION: &str = "1.2.1";

/// The namespace of iso20k's own `prop` names and part names.
pub const NS: &str = "https://iso20k.dev/ns/oscal";

/// The `last-modified` of a document with no date of its own (the catalog): the Unix epoch,
/// the usual "no date" of reproducible builds. The catalogue's version and SHA-256 (both
/// props of the catalog) say which content it is.
pub const UNDATED: &str = "1970-01-01T00:00:00Z";

/// Serialises an OSCAL document as pretty-printed JSON with a final newline. Field order is
/// the structs' declaration order (which follows the OSCAL schema), so the output is stable.
pub fn to_json<T: Serialize>(document: &T) -> String {
    let mut json = serde_json::to_string_pretty(document)
        .expect("OSCAL documents hold only strings, numbers and arrays, which always serialise");
    json.push('\n');
    json
}
