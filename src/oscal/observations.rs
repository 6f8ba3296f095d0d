//! iso20k findings as OSCAL observations, and the evidence files they rest on as back-matter
//! resources (path, SHA-256) that observations point at with `relevant-evidence`.

use std::collections::BTreeMap;

use super::assessment_common::{Observation, RelevantEvidence};
use super::common::{path_to_uri, Hash, Props, Resource, Rlink};
use super::ids::UuidScope;
use super::names::grade_phrase;
use crate::assessment::{EvidenceRef, Finding};

/// The evidence files behind a set of findings, one resource per distinct path and hash.
pub(super) struct EvidenceFiles {
    by_file: BTreeMap<(String, String), Resource>,
}

impl EvidenceFiles {
    /// Collects the files `findings` cite, in path order.
    pub(super) fn collect<'a>(
        scope: &UuidScope,
        findings: impl IntoIterator<Item = &'a Finding>,
    ) -> EvidenceFiles {
        let mut by_file = BTreeMap::new();
        for evidence in findings.into_iter().flat_map(|f| &f.evidence) {
            let key = (evidence.path.clone(), evidence.sha256.clone());
            by_file
                .entry(key)
                .or_insert_with(|| resource(scope, evidence));
        }
        EvidenceFiles { by_file }
    }

    /// `#uuid` of the resource for `evidence`.
    fn href(&self, evidence: &EvidenceRef) -> String {
        let key = (evidence.path.clone(), evidence.sha256.clone());
        let resource = self
            .by_file
            .get(&key)
            .expect("every cited file was collected from the same findings");
        format!("#{}", resource.uuid)
    }

    /// The resources, in path order.
    pub(super) fn into_resources(self) -> Vec<Resource> {
        self.by_file.into_values().collect()
    }
}

fn resource(scope: &UuidScope, evidence: &EvidenceRef) -> Resource {
    let hashes = if evidence.sha256.trim().is_empty() {
        Vec::new()
    } else {
        vec![Hash {
            algorithm: "SHA-256".to_string(),
            value: evidence.sha256.clone(),
        }]
    };
    Resource {
        uuid: scope.uuid(&format!("evidence:{}@{}", evidence.path, evidence.sha256)),
        title: Some(evidence.path.clone()),
        description: Some(format!(
            "Evidence file `{}` of the assessed workspace, as read by iso20k.",
            evidence.path
        )),
        props: Props::new().ours("path", &evidence.path).build(),
        rlinks: vec![Rlink {
            href: path_to_uri(&evidence.path),
            hashes,
        }],
        remarks: None,
    }
}

/// The observation of one iso20k finding: what was found, how (`EXAMINE`, or `TEST` for
/// sampled records, with the sampling plan as props), and on which evidence.
pub(super) fn observation(
    scope: &UuidScope,
    finding: &Finding,
    files: &EvidenceFiles,
    collected: &str,
) -> Observation {
    let mut props = finding_props(finding)
        .ours_opt("escalated-into", finding.escalated_into.as_ref())
        .ours_each("includes", &finding.includes);
    if let Some(sample) = &finding.sample {
        props = props
            .ours("sample-method", &sample.method)
            .ours("sample-population", sample.population.to_string())
            .ours("sample-size", sample.size.to_string())
            .ours_opt("sample-seed", sample.seed.map(|s| s.to_string()))
            .ours("sample-ids", sample.ids.join(", "));
    }
    let method = if finding.sample.is_some() {
        "TEST"
    } else {
        "EXAMINE"
    };
    Observation {
        uuid: observation_uuid(scope, finding),
        title: format!(
            "{} {} ({}) against {}",
            finding.id,
            grade_phrase(finding.grade),
            finding.code,
            finding.requirement
        ),
        description: description(finding),
        props: props.build(),
        methods: vec![method.to_string()],
        // OSCAL deprecated the `finding` observation type in 1.1.4 for `discovery`.
        types: vec!["discovery".to_string()],
        relevant_evidence: finding
            .evidence
            .iter()
            .map(|e| relevant_evidence(e, files))
            .collect(),
        collected: collected.to_string(),
    }
}

/// The UUID of the observation of `finding`.
pub(super) fn observation_uuid(scope: &UuidScope, finding: &Finding) -> String {
    scope.uuid(&format!("observation:{}", finding.id))
}

/// The properties that identify a finding wherever it appears (observation, risk, POA&M
/// item): its id, grade, check code, clause, requirements and Chinese statement.
pub(super) fn finding_props(finding: &Finding) -> Props {
    Props::new()
        .ours("finding-id", &finding.id)
        .ours("grade", finding.grade.name())
        .ours("code", &finding.code)
        .ours("clause", &finding.clause)
        .ours_each("requirement", requirements(finding))
        .ours("zh", &finding.statement.zh)
}

/// Every requirement a finding bears on, the primary first.
pub(super) fn requirements(finding: &Finding) -> Vec<&str> {
    let mut out = vec![finding.requirement.as_str()];
    for r in &finding.requirements {
        if !out.contains(&r.as_str()) {
            out.push(r);
        }
    }
    out
}

/// The statement, then the results of checks that share its cause.
fn description(finding: &Finding) -> String {
    let mut text = finding.statement.en.trim().to_string();
    if text.is_empty() {
        text = format!("{} ({})", finding.id, finding.code);
    }
    if !finding.details.is_empty() {
        text.push_str("\n\nSame cause:\n");
        for detail in &finding.details {
            text.push_str(&format!(
                "\n- `{}` ({}): {}",
                detail.code,
                detail.requirement,
                detail.statement.en.trim()
            ));
        }
    }
    text
}

fn relevant_evidence(evidence: &EvidenceRef, files: &EvidenceFiles) -> RelevantEvidence {
    let rows = join(&evidence.rows);
    let mut description = format!("`{}`", evidence.path);
    if let Some(sheet) = &evidence.sheet {
        description.push_str(&format!(", sheet {sheet}"));
    }
    match evidence.rows.len() {
        0 => {}
        1 => description.push_str(&format!(", row {rows}")),
        _ => description.push_str(&format!(", rows {rows}")),
    }
    match evidence.record_ids.len() {
        0 => {}
        1 => description.push_str(&format!(", record {}", evidence.record_ids[0])),
        _ => description.push_str(&format!(", records {}", evidence.record_ids.join(", "))),
    }
    if !evidence.locations.is_empty() {
        description.push_str(&format!(", under {}", evidence.locations.join("; ")));
    }
    RelevantEvidence {
        href: files.href(evidence),
        description,
        props: Props::new()
            .ours("path", &evidence.path)
            .ours_opt("sheet", evidence.sheet.as_ref())
            .ours("rows", rows)
            .ours("record-ids", evidence.record_ids.join(", "))
            .ours("locations", evidence.locations.join("; "))
            .build(),
    }
}

fn join(rows: &[u32]) -> String {
    rows.iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
