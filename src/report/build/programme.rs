//! The internal audit programme as a report [`Document`]: a summary with the rules, a
//! calendar (one row per clause, one column per quarter), the list of planned audits with
//! their auditor and the reason for their frequency, and the team's shares. The PDF and XLSX
//! renderers lay it out like any other report.

use crate::cycle::programme::{rule_label, Programme, Reason};
use crate::i18n::Lang;
use crate::labels::Labels;
use crate::report::document::{
    Block, Cell, Column, Count, Cover, Document, KeyValue, Media, Section, Table,
};

/// The kind of report, as its marker states it (so it is never read back as evidence).
pub const KIND: &str = "audit-programme";

/// Colours: planned, unassigned, audited more often.
const PLANNED: &str = "1F618D";
const UNASSIGNED: &str = "B03A2E";
const MORE_OFTEN: &str = "D68910";

/// The calendar's marks: an audit with an auditor, one without.
pub const MARK_PLANNED: &str = "●";
/// The calendar's mark of an audit nobody independent can do.
pub const MARK_UNASSIGNED: &str = "○";

/// The programme in `lang`.
pub fn document(p: &Programme, lang: Lang) -> Document {
    let l = Labels::of(lang);
    let date = p
        .previous
        .as_ref()
        .and_then(|prev| prev.assessment_date.clone())
        .unwrap_or_default();
    Document {
        lang,
        kind: KIND.to_string(),
        title: format!("{} {}", edition(p), l.programme_title),
        organisation: p.organisation.clone(),
        date: date.clone(),
        identifier: format!(
            "iso20k-audit-programme-{}-{}y-{}",
            p.catalogue.id, p.years, date
        ),
        contents_label: l.contents.to_string(),
        cover: cover(p, &l, lang),
        sections: vec![
            section("summary", l.summary, l.summary, summary(p, &l)),
            section("calendar", l.calendar, l.calendar, calendar(p, &l, lang)),
            section(
                "audits",
                l.planned_audits,
                l.planned_audits,
                vec![audits(p, &l, lang)],
            ),
            section("team", l.audit_team, l.audit_team, vec![team(p, &l, lang)]),
        ],
        footer: vec![
            format!("iso20k · {} {}", p.catalogue.id, p.catalogue.version),
            l.copyright.to_string(),
        ],
    }
}

fn edition(p: &Programme) -> &str {
    if p.catalogue.edition.is_empty() {
        &p.catalogue.id
    } else {
        &p.catalogue.edition
    }
}

fn section(id: &str, title: &str, sheet: &str, blocks: Vec<Block>) -> Section {
    Section {
        id: id.to_string(),
        title: title.to_string(),
        level: 1,
        sheet: sheet.to_string(),
        media: Media::All,
        blocks,
    }
}

/// "3 years, 12 quarters".
fn cycle(p: &Programme, l: &Labels) -> String {
    let length = l
        .cycle_years
        .replace("{years}", &p.years.to_string())
        .replace("{quarters}", &p.quarters.to_string());
    match &p.start {
        Some(start) => format!("{length} · {start}"),
        None => length,
    }
}

/// The last assessment as the facts show it.
fn last_assessment(p: &Programme, l: &Labels) -> String {
    match &p.previous {
        Some(prev) => format!(
            "{} · {}",
            prev.assessment_date.as_deref().unwrap_or("–"),
            prev.file
        ),
        None => l.no_last_assessment.to_string(),
    }
}

fn more_often(p: &Programme) -> usize {
    p.clauses.iter().filter(|c| c.rule != Reason::Cycle).count()
}

fn cover(p: &Programme, l: &Labels, lang: Lang) -> Cover {
    let tile = |label: &str, count: usize, colour: &str| Count {
        label: label.to_string(),
        count,
        colour: colour.to_string(),
    };
    let mut notes = p.warnings.clone();
    notes.push(l.copyright.to_string());
    Cover {
        subtitle: format!("{} · {}", l.cycle, cycle(p, l)),
        figures: vec![KeyValue::cell(
            l.audits_planned,
            Cell::count(p.audits.len()),
        )],
        counts: vec![
            tile(l.clauses_audited, p.clauses.len(), PLANNED),
            tile(l.audited_more_often, more_often(p), MORE_OFTEN),
            tile(l.unassigned, p.unassigned(), UNASSIGNED),
        ],
        facts: vec![
            KeyValue::text(l.organisation, &p.organisation),
            KeyValue::text(
                l.catalogue,
                format!("{} {}", p.catalogue.id, p.catalogue.version),
            ),
            KeyValue::text(l.cycle, cycle(p, l)),
            KeyValue::text(l.last_assessment, last_assessment(p, l)),
            KeyValue::text(
                l.audit_team,
                if p.team.is_empty() {
                    l.no_team_member.to_string()
                } else {
                    p.team
                        .iter()
                        .map(|m| m.name.as_str())
                        .collect::<Vec<_>>()
                        .join(match lang {
                            Lang::En => ", ",
                            Lang::Zh => "、",
                        })
                },
            ),
        ],
        notes,
    }
}

/// A rule's interval as a phrase: "audited every 6 months", "audited once in the 3-year
/// cycle".
fn interval(months: Option<u32>, p: &Programme, l: &Labels) -> String {
    match months {
        Some(m) if m < p.years * 12 => l.every_months.replace("{months}", &m.to_string()),
        _ => l.once_in_cycle.replace("{years}", &p.years.to_string()),
    }
}

/// An interval as a calendar cell shows it: "every 6 months", "once in 3 years".
fn interval_short(months: u32, p: &Programme, l: &Labels) -> String {
    if months < p.years * 12 {
        l.every_months_short
            .replace("{months}", &months.to_string())
    } else {
        l.once_in_cycle_short
            .replace("{years}", &p.years.to_string())
    }
}

/// The method, any planning notes, the headline numbers and the rules.
fn summary(p: &Programme, l: &Labels) -> Vec<Block> {
    let mut blocks = vec![Block::Paragraph {
        text: l.programme_intro.replace("{years}", &p.years.to_string()),
        muted: false,
    }];
    if !p.warnings.is_empty() {
        blocks.push(Block::Paragraph {
            text: format!("{}:", l.programme_notes),
            muted: false,
        });
        blocks.push(Block::List {
            items: p.warnings.clone(),
        });
    }
    blocks.push(Block::KeyValues {
        rows: vec![
            KeyValue::text(l.cycle, cycle(p, l)),
            KeyValue::text(l.last_assessment, last_assessment(p, l)),
            KeyValue::cell(l.clauses_audited, Cell::count(p.clauses.len())),
            KeyValue::cell(l.audits_planned, Cell::count(p.audits.len())),
            KeyValue::cell(l.audited_more_often, Cell::count(more_often(p))),
            KeyValue::cell(l.unassigned, Cell::count(p.unassigned())),
        ],
    });
    let rows = p
        .rules
        .iter()
        .map(|r| {
            vec![
                Cell::text(rule_label(l, r.rule.reason)),
                Cell::text(interval(r.rule.interval_months, p, l)),
                Cell::count(r.clauses),
            ]
        })
        .collect();
    blocks.push(Block::Table(Table::new(
        vec![
            Column::new(l.programme_rule, 44.0),
            Column::new(l.frequency, 30.0),
            Column::new(l.clauses_audited, 14.0),
        ],
        rows,
        l.none,
    )));
    blocks
}

/// One row per clause, one column per quarter: a mark where it is audited.
fn calendar(p: &Programme, l: &Labels, lang: Lang) -> Vec<Block> {
    let mut columns = vec![
        Column::new(l.clause, 7.0),
        Column::wide(l.title, 36.0),
        Column::new(l.frequency, 16.0),
    ];
    for q in 1..=p.quarters {
        columns.push(Column::new(&Programme::quarter_label(q, lang), 6.0));
    }
    let rows = p
        .clauses
        .iter()
        .map(|c| {
            let frequency = Cell::text(interval_short(c.interval_months, p, l));
            let frequency = if c.rule == Reason::Cycle {
                frequency
            } else {
                frequency.coloured(MORE_OFTEN)
            };
            let mut row = vec![Cell::text(&c.id), Cell::text(c.title.get(lang)), frequency];
            for q in 1..=p.quarters {
                row.push(if !c.quarters.contains(&q) {
                    Cell::default()
                } else if c.unassigned.is_some() || p.team.is_empty() {
                    Cell::text(MARK_UNASSIGNED).coloured(UNASSIGNED)
                } else {
                    Cell::text(MARK_PLANNED).coloured(PLANNED)
                });
            }
            row
        })
        .collect();
    vec![
        Block::Paragraph {
            text: l.calendar_legend.to_string(),
            muted: true,
        },
        Block::Table(Table::new(columns, rows, l.no_audit)),
    ]
}

/// Every planned audit, with its auditor and why its clause is audited at that frequency.
fn audits(p: &Programme, l: &Labels, lang: Lang) -> Block {
    let rows =
        p.audits
            .iter()
            .map(|a| {
                let plan = p.clause(&a.clause);
                let auditor = match (&a.auditor, plan.and_then(|c| c.unassigned.as_ref())) {
                    (Some(name), _) => Cell::text(name),
                    (None, Some(why)) => Cell::text(format!("{}: {}", l.unassigned, why.get(lang)))
                        .coloured(UNASSIGNED),
                    (None, None) => Cell::text(l.unassigned).coloured(UNASSIGNED),
                };
                vec![
                    Cell::count(a.number),
                    Cell::text(match (&a.from, &a.until) {
                        (Some(from), Some(until)) => format!(
                            "{}\n{from} – {until}",
                            Programme::quarter_label(a.quarter, lang)
                        ),
                        _ => Programme::quarter_label(a.quarter, lang),
                    }),
                    Cell::text(&a.clause),
                    Cell::text(plan.map_or("", |c| c.title.get(lang))),
                    auditor,
                    Cell::text(plan.map_or("", |c| c.why.get(lang))),
                ]
            })
            .collect();
    Block::Table(Table::new(
        vec![
            Column::new(l.number, 6.0),
            Column::new(l.quarter, if p.start.is_some() { 24.0 } else { 12.0 }),
            Column::new(l.clause, 8.0),
            Column::new(l.title, 30.0),
            Column::new(l.auditor, 22.0),
            Column::new(l.why_scheduled, 60.0),
        ],
        rows,
        l.no_audit,
    ))
}

/// The team: what each member works in and may audit, and how many audits they are given.
fn team(p: &Programme, l: &Labels, lang: Lang) -> Block {
    let ids = |ids: &[String], empty: &str| {
        if ids.is_empty() {
            empty.to_string()
        } else {
            ids.join(match lang {
                Lang::En => ", ",
                Lang::Zh => "、",
            })
        }
    };
    let rows = p
        .team
        .iter()
        .map(|m| {
            vec![
                Cell::text(&m.name),
                Cell::text(ids(&m.works_in, "–")),
                Cell::text(ids(&m.audits, l.everything)),
                Cell::count(m.planned),
            ]
        })
        .collect();
    Block::Table(Table::new(
        vec![
            Column::new(l.auditor, 24.0),
            Column::new(l.works_in, 24.0),
            Column::new(l.may_audit, 24.0),
            Column::new(l.audits_planned, 14.0),
        ],
        rows,
        l.no_team_member,
    ))
}
