//! `assessment.toml`: what is assessed, for whom, when, and the scoping requests to judge.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::date::Timestamp;
use super::limits::Limits;
use crate::diagnostic::{Diagnostic, Severity, SourceFile};

/// The file name of the manifest inside a workspace.
pub const MANIFEST_FILE: &str = "assessment.toml";

/// Gap analysis or internal audit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum AssessmentKind {
    /// A readiness assessment before certification.
    #[default]
    Gap,
    /// An internal audit under 4.5.4.2.
    InternalAudit,
}

/// Who runs a process the provider does not run itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PartyType {
    /// An external supplier.
    Supplier,
    /// Another part of the provider's own organisation.
    InternalGroup,
    /// The customer.
    Customer,
}

/// A date as written in the manifest: a TOML date or a string in any supported format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(into = "String")]
pub struct ManifestDate(pub Timestamp);

impl From<ManifestDate> for String {
    fn from(d: ManifestDate) -> String {
        d.0.date_string()
    }
}

impl<'de> Deserialize<'de> for ManifestDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Toml(toml::value::Datetime),
            Text(String),
        }
        let text = match Raw::deserialize(d)? {
            Raw::Toml(dt) => dt.to_string(),
            Raw::Text(s) => s,
        };
        Timestamp::parse(&text)
            .map(|t| ManifestDate(t.day()))
            .ok_or_else(|| {
                serde::de::Error::custom(format!("`{text}` is not a date (use YYYY-MM-DD)"))
            })
    }
}

/// The assessment period.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// First day.
    pub start: ManifestDate,
    /// Last day.
    pub end: ManifestDate,
}

/// The declared scope (clause 4.5.1).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// Scope statement.
    #[serde(default)]
    pub statement: String,
    /// Services in scope.
    #[serde(default)]
    pub services: Vec<String>,
    /// Locations in scope.
    #[serde(default)]
    pub locations: Vec<String>,
}

/// A member of the assessment or audit team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamMember {
    /// Name.
    pub name: String,
    /// Role, e.g. lead auditor.
    #[serde(default)]
    pub role: String,
}

/// A requested exclusion of a requirement or clause.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exclusion {
    /// Requirement (`6.4-02`) or clause (`6.4`).
    pub target: String,
    /// The reason given.
    #[serde(default)]
    pub reason: String,
}

/// A process (or part of one) operated by another party.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OtherParty {
    /// Clause of the process (`8.2`) or a requirement.
    pub target: String,
    /// Who operates it.
    pub party: String,
    /// What kind of party.
    pub party_type: PartyType,
}

/// An explicit mapping of a file (and sheet) to a record set, with column names.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileMapping {
    /// Path relative to the workspace.
    pub file: String,
    /// Sheet name; all sheets when absent.
    #[serde(default)]
    pub sheet: Option<String>,
    /// Record-set kind, e.g. `incidents` or `register`.
    pub record_set: String,
    /// Canonical field → header in the file.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
}

/// `assessment.toml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The assessed organisation.
    #[serde(default)]
    pub organisation: Option<String>,
    /// The date the assessment speaks for.
    #[serde(default)]
    pub assessment_date: Option<ManifestDate>,
    /// Gap analysis or internal audit.
    #[serde(default)]
    pub kind: Option<AssessmentKind>,
    /// The period whose records are assessed.
    #[serde(default)]
    pub period: Option<Period>,
    /// Declared scope.
    #[serde(default)]
    pub scope: Scope,
    /// Assessment or audit team.
    #[serde(default)]
    pub team: Vec<TeamMember>,
    /// Exclusions asked for.
    #[serde(default, rename = "exclusion")]
    pub exclusions: Vec<Exclusion>,
    /// Processes operated by other parties.
    #[serde(default, rename = "other_party")]
    pub other_parties: Vec<OtherParty>,
    /// Explicit file mappings.
    #[serde(default, rename = "mapping")]
    pub mappings: Vec<FileMapping>,
    /// Priority matrix: `priority_matrix[impact - 1][urgency - 1]` = priority.
    #[serde(default)]
    pub priority_matrix: Option<Vec<Vec<u8>>>,
    /// Declared planned intervals, in months, per activity (e.g. `internal_audit = 12`).
    #[serde(default)]
    pub intervals: BTreeMap<String, u32>,
    /// Reading limits.
    #[serde(default)]
    pub limits: Limits,
    /// Grading profile overrides.
    #[serde(default)]
    pub grading: GradingOverrides,
}

/// The manifest's `[grading]` table: how a certification body's conventions differ from the
/// defaults.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradingOverrides {
    /// This many minors against one requirement propose a major (default 3).
    #[serde(default)]
    pub minors_for_major: Option<u32>,
    /// A record check failing on at least this share of its population is graded major
    /// (default 0.2); fewer failures are minor.
    #[serde(default)]
    pub broad_failure_share: Option<f64>,
}

/// Parses a manifest, turning any problem into a diagnostic at its line and column.
pub fn parse(source: &SourceFile) -> Result<Manifest, Diagnostic> {
    let manifest: Manifest = toml::from_str(&source.text).map_err(|e| Diagnostic {
        code: "MAN001",
        severity: Severity::Error,
        file: source.name.clone(),
        position: e.span().map(|s| source.position(s.start)),
        message: e.message().lines().next().unwrap_or("").trim().to_string(),
        hint: "fix assessment.toml (`iso20k init` writes a commented example)".into(),
    })?;
    let bad = |message: String, key: &str| Diagnostic {
        code: "MAN002",
        severity: Severity::Error,
        file: source.name.clone(),
        position: Some(source.position(source.find_key(0..source.text.len(), key))),
        message,
        hint: "fix assessment.toml (`iso20k init` writes a commented example)".into(),
    };
    if let Some(p) = &manifest.period {
        if p.end < p.start {
            return Err(bad(
                format!(
                    "the period ends ({}) before it starts ({})",
                    p.end.0, p.start.0
                ),
                "period",
            ));
        }
    }
    if let Some(m) = &manifest.priority_matrix {
        let square = !m.is_empty() && m.iter().all(|row| row.len() == m.len());
        if !square || m.iter().flatten().any(|&p| !(1..=5).contains(&p)) {
            return Err(bad(
                "priority_matrix must be square (impact rows × urgency columns) with priorities 1 to 5".into(),
                "priority_matrix",
            ));
        }
    }
    Ok(manifest)
}
