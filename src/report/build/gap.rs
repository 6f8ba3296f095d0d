//! The gap analysis (readiness report): summary and most serious gaps, method, clause
//! scores, requirements per subclause, findings, action plan, mandatory documents,
//! tailoring requests and the evidence appendix.

use super::parts::{
    clause_scores, counts, due_cell, evidence_section, findings_section, findings_table,
    follow_up_section, grade_chart, section, FindingColumns,
};
use crate::report::document::{Block, Cell, Column, KeyValue, RowGroup, Section, Table};
use crate::report::view::ReportView;

/// The sections of a gap analysis.
pub fn sections(v: &ReportView) -> Vec<Section> {
    let l = &v.labels;
    let summary = l.summary;
    let mut sections = vec![
        section(
            "summary",
            l.executive_summary,
            1,
            summary,
            vec![Block::KeyValues {
                rows: vec![
                    KeyValue::text(l.basis_counts, &v.basis_summary),
                    KeyValue::text(l.grading_profile, &v.grading),
                ],
            }],
        ),
        section(
            "top-gaps",
            l.top_gaps,
            2,
            summary,
            vec![findings_table(
                l,
                &v.pick(&v.top_gaps),
                FindingColumns::Register,
                false,
            )],
        ),
        section(
            "method",
            l.method,
            1,
            summary,
            vec![
                Block::Paragraph {
                    text: v.method_text.clone(),
                    muted: false,
                },
                Block::Paragraph {
                    text: l.sampling_note.to_string(),
                    muted: true,
                },
            ],
        ),
        section(
            "counts",
            l.counts,
            2,
            summary,
            vec![grade_chart(v), counts(v)],
        ),
        section("clauses", l.clause_scores, 1, summary, clause_scores(v)),
        section(
            "requirements",
            l.requirements,
            1,
            l.requirements,
            vec![requirements(v)],
        ),
        findings_section(v),
    ];
    sections.extend(follow_up_section(v));
    sections.extend([
        section(
            "actions",
            l.action_plan,
            1,
            l.action_plan,
            vec![action_plan(v)],
        ),
        super::parts::requests_section(v),
        section(
            "documents",
            l.mandatory_documents,
            1,
            l.mandatory_documents,
            vec![documents(v)],
        ),
        section("tailoring", l.tailoring, 1, l.tailoring, vec![tailoring(v)]),
        evidence_section(v),
    ]);
    sections
}

/// Every requirement, grouped by subclause, with its status, basis and what to do.
pub(crate) fn requirements(v: &ReportView) -> Block {
    let l = &v.labels;
    let columns = vec![
        Column::new(l.requirement, 11.0).mono(),
        Column::wide(l.clause, 8.0),
        Column::new(l.text, 56.0),
        Column::new(l.status, 16.0),
        Column::wide(l.score, 8.0),
        Column::wide(l.auto_status, 16.0),
        Column::wide(l.auditor_status, 16.0),
        Column::wide(l.auditor_note, 30.0),
        Column::new(l.basis, 14.0),
        Column::new(l.findings, 12.0),
        Column::wide(l.evidence_files, 40.0),
        Column::new(l.recommended_action, 40.0),
    ];
    let groups = v
        .requirement_groups
        .iter()
        .map(|g| RowGroup {
            title: format!("{} {} ({} {})", g.id, g.title, l.score, g.score_text),
            rows: g
                .requirements
                .iter()
                .map(|r| {
                    vec![
                        Cell::text(&r.id),
                        Cell::text(&r.clause),
                        Cell::text(&r.text),
                        Cell::text(&r.status).coloured(&r.status_colour),
                        r.score.map(Cell::score).unwrap_or_else(|| Cell::text("–")),
                        Cell::text(&r.auto_status),
                        Cell::text(&r.auditor_status),
                        Cell::text(&r.auditor_note),
                        Cell::text(&r.basis).coloured(&r.basis_colour),
                        Cell::text(&r.findings),
                        Cell::text(&r.evidence_files),
                        Cell::text(if r.action.is_empty() {
                            &r.notes
                        } else {
                            &r.action
                        }),
                    ]
                })
                .collect(),
        })
        .collect();
    Block::Table(Table::grouped(columns, groups, l.none))
}

/// Nonconformities and observations in the order to act on them, with room for the owner
/// and due date.
fn action_plan(v: &ReportView) -> Block {
    let l = &v.labels;
    let rows = v
        .pick(&v.actions)
        .into_iter()
        .map(|f| {
            vec![
                Cell::count(f.priority),
                Cell::text(&f.id),
                Cell::text(&f.grade).coloured(&f.grade_colour),
                Cell::text(&f.requirements),
                Cell::text(&f.statement_full),
                Cell::text(&f.recommendation),
                // Last time's action, carried over for the provider to update.
                Cell::text(&f.action.owner),
                due_cell(&f.action.due, f.overdue),
                Cell::text(&f.action.status),
                Cell::text(&f.action.root_cause),
                Cell::text(&f.action.correction),
                Cell::text(&f.action.corrective_action),
                Cell::text(&f.action.verification),
                Cell::text(&f.follow_up),
            ]
        })
        .collect();
    Block::Table(Table::new(
        vec![
            Column::new(l.priority, 8.0),
            Column::new(l.finding, 9.0).mono(),
            Column::new(l.grade, 16.0),
            Column::new(l.requirement, 11.0),
            Column::wide(l.statement, 56.0),
            Column::new(l.recommended_action, 50.0),
            Column::new(l.owner, 14.0),
            Column::new(l.due_date, 12.0),
            Column::wide(l.action_status, 14.0)
                .choices(&l.action_status_choices.split('|').collect::<Vec<_>>()),
            // The corrective-action register's columns: filled in the workbook, read back by
            // the next `assess --previous`.
            Column::wide(l.root_cause, 24.0),
            Column::wide(l.correction, 24.0),
            Column::wide(l.corrective_action, 28.0),
            Column::wide(l.verification, 24.0),
            Column::wide(l.follow_up, 16.0),
        ],
        rows,
        l.none,
    ))
}

/// The mandatory-documents checklist: each document type, and the file found for it.
fn documents(v: &ReportView) -> Block {
    let l = &v.labels;
    let rows = v
        .documents
        .iter()
        .map(|d| {
            let found = Cell::text(&d.found_text);
            vec![
                Cell::text(&d.id),
                Cell::text(&d.title),
                if d.found {
                    found
                } else {
                    found.coloured("B03A2E")
                },
                Cell::text(&d.file),
                Cell::text(&d.version),
                Cell::text(&d.approved),
                Cell::text(&d.next_review),
            ]
        })
        .collect();
    Block::Table(Table::new(
        vec![
            Column::new(l.code, 7.0),
            Column::new(l.document_type, 36.0),
            Column::new(l.found, 8.0),
            Column::new(l.file, 36.0),
            Column::new(l.version, 8.0),
            Column::new(l.approved, 24.0),
            Column::new(l.next_review, 12.0),
        ],
        rows,
        l.none,
    ))
}

/// Exclusions asked for, and what was decided (nothing in the requirement clauses can be
/// excluded).
fn tailoring(v: &ReportView) -> Block {
    let l = &v.labels;
    let rows = v
        .tailoring
        .iter()
        .map(|t| {
            vec![
                Cell::text(&t.target),
                Cell::text(&t.requested),
                Cell::text(&t.reason),
                Cell::text(&t.decision),
            ]
        })
        .collect();
    Block::Table(Table::new(
        vec![
            Column::new(l.target, 10.0),
            Column::new(l.requested, 22.0),
            Column::new(l.reason, 36.0),
            Column::new(l.decision, 46.0),
        ],
        rows,
        l.no_tailoring,
    ))
}
