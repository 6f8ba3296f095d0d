//! The transition gap analysis: where the system stands against the new edition (by kind of
//! change and by clause), the prioritised transition plan, the new, changed and carried-over
//! obligations with their status, the earlier edition's obligations that have no successor,
//! then the findings and the evidence appendix.

use super::parts::{clause_scores, evidence_section, findings_section, section};
use crate::catalogue::Change;
use crate::report::document::{Bar, Block, Cell, Chart, Column, KeyValue, Media, Section, Table};
use crate::report::transition::{Priority, TransitionRow, TransitionView};
use crate::report::view::ReportView;

/// The sections of a transition gap analysis. An assessment whose catalogue names no
/// predecessor has no transition to report: it gets the summary and a statement saying so.
pub fn sections(v: &ReportView) -> Vec<Section> {
    let l = &v.labels;
    let Some(t) = &v.transition else {
        return vec![
            section(
                "summary",
                l.transition_summary,
                1,
                l.summary,
                vec![Block::Paragraph {
                    text: l.no_predecessor.to_string(),
                    muted: false,
                }],
            ),
            findings_section(v),
            evidence_section(v),
        ];
    };
    let mut summary = vec![
        Block::KeyValues {
            rows: vec![
                KeyValue::text(
                    l.transition_path,
                    format!("{} → {}", t.from_edition, t.to_edition),
                ),
                KeyValue::text(l.basis_counts, &v.basis_summary),
                KeyValue::text(l.grading_profile, &v.grading),
            ],
        },
        by_change(v, t),
        readiness_chart(v, t),
    ];
    summary.extend(clause_scores(v).into_iter().skip(1));
    vec![
        section("summary", l.transition_summary, 1, l.summary, summary),
        section(
            "method",
            l.method,
            1,
            l.summary,
            vec![
                Block::Paragraph {
                    text: l.transition_method.to_string(),
                    muted: false,
                },
                Block::Paragraph {
                    text: v.method_text.clone(),
                    muted: false,
                },
            ],
        ),
        section(
            "plan",
            l.transition_plan,
            1,
            l.transition_plan,
            vec![
                Block::Paragraph {
                    text: l.transition_plan_note.to_string(),
                    muted: true,
                },
                plan(v, t, |p| p != Priority::Confirm),
                Block::Paragraph {
                    text: l.confirm_elsewhere.replace(
                        "{count}",
                        &t.plan
                            .iter()
                            .filter(|&&i| t.rows[i].priority == Some(Priority::Confirm))
                            .count()
                            .to_string(),
                    ),
                    muted: true,
                },
            ],
        ),
        wide(section(
            "plan-confirm",
            &Priority::Confirm.label(l),
            2,
            l.transition_plan,
            vec![plan(v, t, |p| p == Priority::Confirm)],
        )),
        obligations(v, t, Change::New, l.new_obligations, l.new_obligations_note),
        obligations(
            v,
            t,
            Change::Changed,
            l.changed_obligations,
            l.changed_obligations_note,
        ),
        // Carried over is the longest list and the least to do: the summary prints its
        // counts, the workbook and the HTML every obligation.
        wide(obligations(
            v,
            t,
            Change::CarriedOver,
            l.carried_obligations,
            l.carried_obligations_note,
        )),
        retired(v, t),
        findings_section(v),
        evidence_section(v),
    ]
}

/// Obligations per kind of change: how many are met on evidence, claimed, partial,
/// nonconforming or not assessed.
fn by_change(v: &ReportView, t: &TransitionView) -> Block {
    let l = &v.labels;
    let rows = t
        .changes
        .iter()
        .map(|c| {
            vec![
                Cell::text(&c.label),
                Cell::count(c.total),
                Cell::count(c.met),
                Cell::count(c.claimed),
                Cell::count(c.partial),
                Cell::count(c.nonconforming),
                Cell::count(c.not_assessed),
            ]
        })
        .collect();
    Block::Table(Table::new(
        vec![
            Column::new(l.by_change, 30.0),
            Column::new(l.obligations, 12.0),
            Column::new(l.met, 14.0),
            Column::new(l.claimed_only, 13.0),
            Column::new(l.partial, 13.0),
            Column::new(l.nonconforming, 13.0),
            Column::new(l.not_assessed, 13.0),
        ],
        rows,
        l.none,
    ))
}

/// The share of each top-level clause's obligations met on evidence.
fn readiness_chart(v: &ReportView, t: &TransitionView) -> Block {
    Block::Chart(Chart {
        title: v.labels.met_by_clause.to_string(),
        bars: t
            .clauses
            .iter()
            .map(|c| {
                let share = c.met as f64 * 100.0 / c.total.max(1) as f64;
                let colour = if share >= 90.0 {
                    "1E8449"
                } else if share >= 70.0 {
                    "D68910"
                } else {
                    "B03A2E"
                };
                Bar {
                    label: format!("{} {}", c.id, c.title),
                    value: share,
                    length: share,
                    text: format!("{share:.0}% ({}/{})", c.met, c.total),
                    colour: colour.to_string(),
                }
            })
            .collect(),
        percent: true,
    })
}

/// A section shown in the workbook and the HTML report only, not on the printed page.
fn wide(mut section: Section) -> Section {
    section.media = Media::Wide;
    section
}

/// The transition plan: one row per obligation needing a step of those `which` keeps, most
/// urgent first.
fn plan(v: &ReportView, t: &TransitionView, which: impl Fn(Priority) -> bool) -> Block {
    let l = &v.labels;
    let rows = t
        .plan
        .iter()
        .filter(|&&i| t.rows[i].priority.is_some_and(&which))
        .map(|&i| {
            let row = &t.rows[i];
            let r = &v.requirements[row.requirement];
            let priority = row.priority.map(|p| p.colour()).unwrap_or("909497");
            vec![
                Cell::text(&row.priority_label).coloured(priority),
                Cell::text(&r.id),
                Cell::text(&row.change_label),
                Cell::text(&row.from),
                Cell::text(&r.text),
                Cell::text(&r.status).coloured(&r.status_colour),
                Cell::text(&r.basis).coloured(&r.basis_colour),
                Cell::text(&r.findings),
                Cell::text(&row.action),
            ]
        })
        .collect();
    Block::Table(Table::new(
        vec![
            Column::new(l.priority, 12.0),
            Column::new(l.requirement, 11.0).mono(),
            Column::new(l.change, 11.0),
            Column::wide(l.derived_from, 16.0),
            Column::new(l.text, 48.0),
            Column::new(l.status, 14.0),
            Column::wide(l.basis, 14.0),
            Column::new(l.findings, 10.0),
            Column::new(l.recommended_action, 44.0),
        ],
        rows,
        l.none,
    ))
}

/// Every obligation of one kind of change, with its status.
fn obligations(
    v: &ReportView,
    t: &TransitionView,
    change: Change,
    title: &str,
    note: &str,
) -> Section {
    let l = &v.labels;
    let of: Vec<&TransitionRow> = t.rows.iter().filter(|r| r.change == change).collect();
    let derived = change != Change::New;
    let rows = of
        .iter()
        .map(|row| {
            let r = &v.requirements[row.requirement];
            let mut cells = vec![Cell::text(&r.id), Cell::text(&r.clause_title)];
            if derived {
                cells.push(Cell::text(&row.from));
            }
            cells.extend([
                Cell::text(&r.text),
                Cell::text(&r.status).coloured(&r.status_colour),
                Cell::text(&r.basis).coloured(&r.basis_colour),
                Cell::text(&r.findings),
                Cell::text(&r.evidence_files),
            ]);
            cells
        })
        .collect();
    let mut columns = vec![
        Column::new(l.requirement, 11.0).mono(),
        Column::wide(l.title, 22.0),
    ];
    if derived {
        columns.push(Column::new(l.derived_from, 16.0));
    }
    columns.extend([
        Column::new(l.text, 56.0),
        Column::new(l.status, 14.0),
        Column::new(l.basis, 14.0),
        Column::new(l.findings, 10.0),
        Column::wide(l.evidence_files, 40.0),
    ]);
    let id = match change {
        Change::New => "new",
        Change::Changed => "changed",
        Change::CarriedOver => "carried-over",
    };
    section(
        id,
        title,
        1,
        title,
        vec![
            Block::Paragraph {
                text: note.to_string(),
                muted: true,
            },
            Block::Table(Table::new(columns, rows, l.none)),
        ],
    )
}

/// The earlier edition's obligations that nothing derives from.
fn retired(v: &ReportView, t: &TransitionView) -> Section {
    let l = &v.labels;
    let rows = t
        .retired
        .iter()
        .map(|r| vec![Cell::text(&r.id), Cell::text(&r.text)])
        .collect();
    section(
        "retired",
        l.retired_obligations,
        1,
        l.retired_sheet,
        vec![
            Block::Paragraph {
                text: l.retired_obligations_note.to_string(),
                muted: true,
            },
            Block::Table(Table::new(
                vec![
                    Column::new(l.requirement, 11.0).mono(),
                    Column::new(l.text, 90.0),
                ],
                rows,
                l.none,
            )),
        ],
    )
}
