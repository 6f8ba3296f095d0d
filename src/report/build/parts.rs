//! The sections and tables the assessment reports share (a section's frame, counts, the grade
//! chart, clause scores, findings, follow-up, evidence files, the request list), built once
//! for the gap analysis, the internal audit and the transition plan.

use crate::labels::Labels;
use crate::report::document::{Bar, Block, Cell, Chart, Column, KeyValue, Media, Section, Table};
use crate::report::view::{FindingView, ReportView};

/// A section starting (or continuing) the workbook sheet `sheet`.
pub(crate) fn section(
    id: &str,
    title: &str,
    level: u8,
    sheet: &str,
    blocks: Vec<Block>,
) -> Section {
    Section {
        id: id.to_string(),
        title: title.to_string(),
        level,
        sheet: sheet.to_string(),
        media: Media::All,
        blocks,
    }
}

/// The counts behind the verdict, as numbers: findings per grade, requirements per status
/// and per basis.
pub(crate) fn counts(v: &ReportView) -> Block {
    let l = &v.labels;
    let mut rows = Vec::new();
    for c in &v.grade_counts {
        rows.push(KeyValue::cell(&c.label, Cell::count(c.count)));
    }
    for c in &v.status_counts {
        rows.push(KeyValue::cell(
            &format!("{}: {}", l.requirements, c.label),
            Cell::count(c.count),
        ));
    }
    for c in &v.basis_counts {
        rows.push(KeyValue::cell(
            &format!("{}: {}", l.basis, c.label),
            Cell::count(c.count),
        ));
    }
    Block::KeyValues { rows }
}

/// Findings per grade as bars, scaled to the largest count.
pub(crate) fn grade_chart(v: &ReportView) -> Block {
    let max = v
        .grade_counts
        .iter()
        .map(|c| c.count)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    Block::Chart(Chart {
        title: v.labels.counts.to_string(),
        bars: v
            .grade_counts
            .iter()
            .map(|c| Bar {
                label: c.label.clone(),
                value: c.count as f64,
                length: c.count as f64 / max * 100.0,
                text: c.count.to_string(),
                colour: c.colour.clone(),
            })
            .collect(),
        percent: false,
    })
}

/// Scores of the top-level clauses: a chart and the table of requirement counts behind it.
pub(crate) fn clause_scores(v: &ReportView) -> Vec<Block> {
    let l = &v.labels;
    let chart = Chart {
        title: l.clause_scores.to_string(),
        bars: v
            .top_clauses
            .iter()
            .map(|c| {
                let score = c.score.unwrap_or(0.0);
                let colour = if score >= 90.0 {
                    "1E8449"
                } else if score >= 70.0 {
                    "D68910"
                } else {
                    "B03A2E"
                };
                Bar {
                    label: format!("{} {}", c.id, c.title),
                    value: score,
                    length: score,
                    text: c.score_text.clone(),
                    colour: colour.to_string(),
                }
            })
            .collect(),
        percent: true,
    };
    let rows = v
        .top_clauses
        .iter()
        .map(|c| {
            vec![
                Cell::text(&c.id),
                Cell::text(&c.title),
                c.score.map(Cell::score).unwrap_or_else(|| Cell::text("–")),
                Cell::count(c.conforming),
                Cell::count(c.partial),
                Cell::count(c.nonconforming),
                Cell::count(c.not_assessed),
            ]
        })
        .collect();
    let table = Table::new(
        vec![
            Column::new(l.clause, 8.0),
            Column::new(l.title, 42.0),
            Column::new(l.score, 10.0),
            Column::new(l.conforming, 13.0),
            Column::new(l.partial, 13.0),
            Column::new(l.nonconforming, 13.0),
            Column::new(l.not_assessed, 13.0),
        ],
        rows,
        l.none,
    );
    vec![Block::Chart(chart), Block::Table(table)]
}

/// Which findings table: the register of every finding, or corrective-action requests with
/// the columns the auditee fills in.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum FindingColumns {
    /// Statement, grading rationale, evidence and recommendation on every medium.
    Register,
    /// The auditee's response columns on every medium; the rest where there is room.
    CorrectiveActions,
}

/// The findings table, one row per finding; `anchored` makes its rows the targets of links
/// to the findings (one table per report is).
pub(crate) fn findings_table(
    l: &Labels,
    findings: &[&FindingView],
    which: FindingColumns,
    anchored: bool,
) -> Block {
    let register = which == FindingColumns::Register;
    // On a printed corrective-action request the auditee's columns take the room.
    let detail = |h: &str, w: f32| {
        if register {
            Column::new(h, w)
        } else {
            Column::wide(h, w)
        }
    };
    let mut columns = vec![
        Column::new(l.finding, 9.0).mono(),
        Column::new(l.grade, 14.0),
        Column::new(l.requirement, 11.0),
        Column::wide(l.clause, 8.0),
        Column::wide(l.code, 22.0).mono(),
        Column::new(l.statement, 46.0),
        detail(l.grading_rationale, 32.0),
        detail(l.evidence, 40.0).mono(),
        Column::wide(l.sample_size, 14.0),
        detail(l.recommendation, 40.0),
    ];
    if !register {
        columns.extend([
            Column::new(l.root_cause, 20.0),
            Column::wide(l.correction, 20.0),
            Column::new(l.corrective_action, 20.0),
            Column::new(l.owner, 12.0),
            Column::new(l.due_date, 11.0),
            Column::wide(l.verification, 18.0),
        ]);
    }
    let rows = findings
        .iter()
        .map(|f| {
            let mut row = vec![
                if anchored {
                    Cell::text(&f.id).anchored(&f.id)
                } else {
                    Cell::text(&f.id)
                },
                Cell::text(&f.grade_text).coloured(&f.grade_colour),
                Cell::text(&f.requirements),
                Cell::text(&f.clause),
                Cell::text(&f.code),
                Cell::text(&f.statement_full),
                Cell::text(&f.grading_rationale),
                Cell::text(
                    f.evidence
                        .iter()
                        .map(|e| e.text.as_str())
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
                Cell::text(
                    f.sample
                        .as_ref()
                        .map(|s| format!("{} / {} ({})", s.size, s.population, s.method))
                        .unwrap_or_default(),
                ),
                Cell::text(&f.recommendation),
            ];
            if !register {
                // Last time's action, carried over for the provider to update.
                let a = &f.action;
                row.extend([
                    Cell::text(&a.root_cause),
                    Cell::text(&a.correction),
                    Cell::text(&a.corrective_action),
                    Cell::text(&a.owner),
                    due_cell(&a.due, f.overdue),
                    Cell::text(&a.verification),
                ]);
            }
            row
        })
        .collect();
    Block::Table(Table::new(columns, rows, l.none))
}

/// A due date, in red when the action is past due.
pub(crate) fn due_cell(due: &str, overdue: bool) -> Cell {
    let cell = Cell::text(due);
    if overdue {
        cell.coloured("B03A2E")
    } else {
        cell
    }
}

/// The follow-up of the previous assessment: where it and its corrective actions were read
/// from, the counts, and each previous finding with what became of it. None when the
/// assessment followed up nothing.
pub(crate) fn follow_up_section(v: &ReportView) -> Option<Section> {
    let l = &v.labels;
    let f = v.follow_up.as_ref()?;
    let mut rows = vec![
        KeyValue::text(l.previous_assessment, &f.previous),
        KeyValue::text(l.actions_read_from, &f.actions_source),
        KeyValue::text(l.since_previous, &f.counts),
        KeyValue::text(l.overdue_actions, &f.overdue),
    ];
    if !f.warnings.is_empty() {
        rows.push(KeyValue::text(l.reading_problems, f.warnings.join("\n")));
    }
    let table = f
        .rows
        .iter()
        .map(|r| {
            vec![
                Cell::text(&r.previous_id),
                Cell::text(&r.grade_then).coloured(&r.grade_then_colour),
                Cell::text(&r.requirement),
                Cell::text(&r.statement),
                Cell::text(&r.now).coloured(&r.now_colour),
                Cell::text(r.action.summary()),
                Cell::text(&r.action.corrective_action),
                Cell::text(&r.action.verification),
                Cell::text(&r.overdue).coloured("B03A2E"),
            ]
        })
        .collect();
    Some(section(
        "follow-up",
        l.follow_up_section,
        1,
        l.follow_up_section,
        vec![
            Block::KeyValues { rows },
            Block::Table(Table::new(
                vec![
                    Column::new(l.earlier_id, 9.0).mono(),
                    Column::new(l.earlier_grade, 14.0),
                    Column::new(l.requirement, 11.0),
                    Column::new(l.statement, 48.0),
                    Column::new(l.follow_up, 16.0),
                    Column::new(l.action_status, 22.0),
                    Column::wide(l.corrective_action, 30.0),
                    Column::wide(l.verification, 24.0),
                    Column::new(l.overdue, 9.0),
                ],
                table,
                l.none,
            )),
        ],
    ))
}

/// The register of every finding, the one the other tables' finding ids point to.
pub(crate) fn findings_section(v: &ReportView) -> Section {
    let l = &v.labels;
    let all: Vec<&FindingView> = v.findings.iter().collect();
    let table = findings_table(l, &all, FindingColumns::Register, true);
    section("findings", l.findings, 1, l.findings, vec![table])
}

/// The evidence appendix, on its own sheet.
pub(crate) fn evidence_section(v: &ReportView) -> Section {
    let l = &v.labels;
    section(
        "evidence",
        l.evidence_files,
        1,
        l.evidence,
        vec![evidence_files(v)],
    )
}

/// The evidence files read, with their hashes and the requirements they serve.
fn evidence_files(v: &ReportView) -> Block {
    let l = &v.labels;
    let rows = v
        .evidence_files
        .iter()
        .map(|f| {
            vec![
                Cell::text(&f.path),
                Cell::text(&f.sha256),
                Cell::count(f.bytes as usize),
                Cell::text(&f.kind),
                Cell::text(&f.serves),
            ]
        })
        .collect();
    Block::Table(Table::new(
        vec![
            Column::new(l.path, 40.0),
            Column::new(l.sha256, 46.0).mono(),
            Column::new(l.bytes, 11.0),
            Column::wide(l.kind, 10.0),
            Column::new(l.serves, 34.0),
        ],
        rows,
        l.none,
    ))
}

/// The evidence request list: what to ask the client for next, most urgent first.
pub(crate) fn requests_section(v: &ReportView) -> Section {
    let l = &v.labels;
    let columns = vec![
        Column::new(l.request_priority, 16.0),
        Column::new(l.request_area, 24.0),
        Column::new(l.request_what, 48.0),
        Column::new(l.request_why, 48.0),
        Column::new(l.request_settles, 18.0).mono(),
    ];
    let rows = v
        .requests
        .iter()
        .map(|r| {
            vec![
                Cell::text(&r.urgency_label),
                Cell::text(&r.area),
                Cell::text(&r.what),
                Cell::text(&r.why),
                Cell::text(r.requirements.join(" ")),
            ]
        })
        .collect();
    section(
        "requests",
        l.evidence_requests,
        1,
        l.evidence_requests,
        vec![
            Block::Paragraph {
                text: l.requests_intro.to_string(),
                muted: false,
            },
            Block::Table(Table::new(columns, rows, l.no_requests)),
        ],
    )
}
