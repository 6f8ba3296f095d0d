//! The internal-audit report, in the order of an audit report: audit details, findings,
//! conclusions, corrective-action requests, requirements (workbook and HTML), sampling
//! appendix, evidence files and sign-off.

use super::parts::{
    clause_scores, counts, evidence_section, findings_section, findings_table, follow_up_section,
    grade_chart, section, FindingColumns,
};
use crate::report::document::{Block, Cell, Column, KeyValue, Media, Section, Table};
use crate::report::view::ReportView;

/// The sections of an internal-audit report.
pub fn sections(v: &ReportView) -> Vec<Section> {
    let l = &v.labels;
    let details = l.audit_details;
    let mut requirements = section(
        "requirements",
        l.requirements,
        1,
        l.requirements,
        vec![super::gap::requirements(v)],
    );
    // Every requirement's status is in the workbook and the HTML; the printed audit report
    // keeps to the findings and conclusions.
    requirements.media = Media::Wide;
    let mut sections = vec![
        section("details", l.audit_details, 1, details, conduct(v)),
        findings_section(v),
    ];
    sections.extend(follow_up_section(v));
    sections.extend([
        section(
            "conclusions",
            l.conclusions,
            1,
            details,
            vec![
                Block::KeyValues {
                    rows: vec![
                        KeyValue::cell(
                            l.verdict,
                            Cell::text(&v.verdict).coloured(&v.verdict_colour),
                        ),
                        KeyValue::text(l.effectiveness, &v.effectiveness),
                        KeyValue::text(l.basis_counts, &v.basis_summary),
                        KeyValue::text(l.fulfilment, count_line(&v.status_counts)),
                    ],
                },
                Block::Paragraph {
                    text: l.sampling_note.to_string(),
                    muted: true,
                },
            ],
        ),
        section("clauses", l.clause_scores, 2, details, clause_scores(v)),
        section(
            "counts",
            l.counts,
            2,
            details,
            vec![grade_chart(v), counts(v)],
        ),
        section(
            "car",
            l.corrective_actions,
            1,
            l.corrective_actions,
            vec![findings_table(
                l,
                &v.pick(&v.nonconformities),
                FindingColumns::CorrectiveActions,
                false,
            )],
        ),
        super::parts::requests_section(v),
        requirements,
        section("sampling", l.sampling, 1, l.sampling, sampling(v)),
        evidence_section(v),
        section("signoff", l.sign_off, 1, details, sign_off(v)),
    ]);
    sections
}

/// The audit details ISO 19011 6.5.1 asks of a report: objectives, criteria, the audit
/// client, the auditee's participants, the dates and places of the activities, the team's
/// independence and the diverging opinions left unresolved. What assessment.toml does not
/// declare is said to be missing, never left out silently.
fn conduct(v: &ReportView) -> Vec<Block> {
    let l = &v.labels;
    let a = &v.audit;
    let missing = |field: &str| l.not_declared_audit.replace("{field}", field);
    let sep = if v.lang == crate::i18n::Lang::Zh {
        "；"
    } else {
        "; "
    };
    let mut blocks = vec![Block::KeyValues {
        rows: vec![
            KeyValue::text(l.objectives, &v.objectives_text),
            KeyValue::text(l.criteria, &v.criteria_text),
            KeyValue::text(
                l.audit_client,
                if a.client.is_empty() {
                    missing("client")
                } else {
                    a.client.clone()
                },
            ),
            KeyValue::text(
                l.auditee_participants,
                if a.participants.is_empty() {
                    missing("participants")
                } else {
                    a.participants.join(sep)
                },
            ),
            KeyValue::text(l.independence, &v.independence),
            KeyValue::text(
                l.diverging_opinions,
                if a.diverging_opinions.is_empty() {
                    l.no_diverging_opinions.to_string()
                } else {
                    a.diverging_opinions.join(sep)
                },
            ),
            KeyValue::text(l.grading_profile, &v.grading),
        ],
    }];
    if a.activities.is_empty() {
        blocks.push(Block::KeyValues {
            rows: vec![KeyValue::text(l.audit_activities, missing("activity"))],
        });
    } else {
        blocks.push(Block::Paragraph {
            text: l.audit_activities.to_string(),
            muted: false,
        });
        blocks.push(Block::Table(Table::new(
            vec![
                Column::new(l.activity_date, 16.0),
                Column::new(l.activity_place, 24.0),
                Column::new(l.activity_what, 60.0),
            ],
            a.activities
                .iter()
                .map(|x| {
                    vec![
                        Cell::text(&x.date),
                        Cell::text(&x.place),
                        Cell::text(&x.activity),
                    ]
                })
                .collect(),
            l.none,
        )));
    }
    blocks
}

fn count_line(counts: &[crate::report::view::CountView]) -> String {
    counts
        .iter()
        .map(|c| format!("{}: {}", c.label, c.count))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// How each record check chose its records: population, method, seed and the records drawn.
fn sampling(v: &ReportView) -> Vec<Block> {
    let l = &v.labels;
    let rows = v
        .samples
        .iter()
        .map(|s| {
            vec![
                Cell::text(&s.finding),
                Cell::text(&s.requirement),
                Cell::text(&s.code),
                Cell::count(s.population),
                Cell::text(&s.method),
                Cell::text(&s.seed),
                Cell::count(s.size),
                Cell::text(&s.ids),
            ]
        })
        .collect();
    vec![
        Block::Paragraph {
            text: l.sampling_note.to_string(),
            muted: false,
        },
        Block::Table(Table::new(
            vec![
                Column::new(l.finding, 9.0).mono(),
                Column::new(l.requirement, 11.0),
                Column::new(l.code, 24.0).mono(),
                Column::new(l.population, 11.0),
                Column::new(l.sample_method, 11.0),
                Column::new(l.seed, 8.0),
                Column::new(l.sample_size, 10.0),
                Column::new(l.sampled_ids, 60.0).mono(),
            ],
            rows,
            l.none,
        )),
    ]
}

/// Distribution and the signatures of the lead auditor and the auditee's representative.
fn sign_off(v: &ReportView) -> Vec<Block> {
    let l = &v.labels;
    let signature = || Cell::text(format!("\n\n\n{}:", l.signature_date));
    vec![
        Block::KeyValues {
            rows: vec![KeyValue::text(l.distribution, l.distribution_text)],
        },
        Block::Table(Table::new(
            vec![
                Column::new(l.lead_auditor, 40.0),
                Column::new(l.auditee_representative, 40.0),
            ],
            vec![vec![signature(), signature()]],
            l.none,
        )),
    ]
}
