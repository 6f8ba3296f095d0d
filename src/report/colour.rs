//! The colours a report gives grades, bases and statuses, the same in every report and
//! format.

use crate::assessment::{Basis, Grade, Status};

/// Colour of a grade (hex, no `#`).
pub fn grade_colour(g: Grade) -> &'static str {
    match g {
        Grade::Major => "B03A2E",
        Grade::Minor => "D68910",
        Grade::Observation => "2E86C1",
        Grade::Ofi => "1E8449",
        Grade::GoodPractice => "117A65",
    }
}

/// Colour of a basis (hex, no `#`).
pub fn basis_colour(b: Basis) -> &'static str {
    match b {
        Basis::Verified => "1E8449",
        Basis::Auditor => "1F618D",
        Basis::SelfDeclared => "D68910",
        Basis::NotAssessed => "909497",
    }
}

/// Colour of a status (hex, no `#`).
pub fn status_colour(s: Status) -> &'static str {
    match s {
        Status::Conforming => "1E8449",
        Status::Partial => "D4AC0D",
        Status::Nonconforming => "B03A2E",
        Status::NotAssessed => "909497",
    }
}
