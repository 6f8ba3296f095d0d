//! The words the export uses for iso20k's statuses and grades: machine names for props (as in
//! assessment.json) and English phrases for titles.

use crate::assessment::{Basis, Grade, Status};

/// A status in words.
pub(super) fn status_phrase(status: Status) -> &'static str {
    match status {
        Status::Conforming => "conforming",
        Status::Partial => "partially conforming",
        Status::Nonconforming => "nonconforming",
        Status::NotAssessed => "not assessed",
    }
}

/// A grade in words: `major nonconformity`.
pub(super) fn grade_phrase(grade: Grade) -> &'static str {
    match grade {
        Grade::Major => "major nonconformity",
        Grade::Minor => "minor nonconformity",
        Grade::Observation => "observation",
        Grade::Ofi => "opportunity for improvement",
        Grade::GoodPractice => "good practice",
    }
}

/// On what a status rests, in words.
pub(super) fn basis_phrase(basis: Basis) -> &'static str {
    match basis {
        Basis::Verified => "verified by an automated rule on objective evidence",
        Basis::Auditor => "judged by the auditor",
        Basis::SelfDeclared => "the provider's own claim, not verified",
        Basis::NotAssessed => "nothing decided it",
    }
}
