//! The progress report a consultant sends a client, as a report [`Document`]: the headline
//! numbers before and after, a before/after chart of the clause scores, what became of each
//! finding, the requirements whose status changed and the evidence files that did. The PDF
//! and XLSX renderers lay it out like any other report.

use super::progress_words as words;
use crate::assessment::{Grade, Status};
use crate::cycle::progress::{Change, FindingSide, Progress, Side};
use crate::i18n::Lang;
use crate::labels::Labels;
use crate::report::colour::{grade_colour, status_colour};
use crate::report::document::{
    Block, Cell, Column, Comparison, ComparisonRow, Count, Cover, Document, KeyValue, Media,
    Section, Series, Table,
};

/// The kind of report, as its marker states it (so it is never read back as evidence).
pub const KIND: &str = "progress";

/// The colours of the earlier and the later assessment's bars.
const EARLIER: &str = "AEB6BF";
const LATER: &str = "1F618D";

/// The progress report in `lang`.
pub fn document(p: &Progress, lang: Lang) -> Document {
    let l = Labels::of(lang);
    let date = p.current.assessment_date.clone().unwrap_or_default();
    let edition = if p.current.edition.is_empty() {
        &p.current.catalogue
    } else {
        &p.current.edition
    };
    Document {
        lang,
        kind: KIND.to_string(),
        title: format!("{edition} {}", l.progress_title),
        organisation: p.current.organisation.clone(),
        date: date.clone(),
        identifier: format!(
            "iso20k-progress-{}-{}",
            p.previous.assessment_date.as_deref().unwrap_or(""),
            date
        ),
        contents_label: l.contents.to_string(),
        cover: cover(p, &l, lang),
        sections: vec![
            section("summary", l.summary, l.summary, summary(p, &l)),
            section(
                "clauses",
                l.clause_progress,
                l.clause_scores,
                clauses(p, &l, lang),
            ),
            Section {
                level: 2,
                // The printed report stays short: every clause is in the workbook.
                media: Media::Wide,
                ..section(
                    "every-clause",
                    l.every_clause,
                    l.clause_scores,
                    vec![clause_table(p, &l, lang, false)],
                )
            },
            section(
                "findings",
                l.findings_follow_up,
                l.findings,
                vec![findings(p, &l, lang)],
            ),
            section(
                "requirements",
                l.status_changes,
                l.requirements,
                requirements(p, &l),
            ),
            section("evidence", l.evidence_changes, l.evidence, evidence(p, &l)),
        ],
        footer: vec![
            format!(
                "{} {} ({} → {})",
                l.generated_by,
                p.current.organisation,
                p.previous.assessment_date.as_deref().unwrap_or("–"),
                date
            ),
            l.copyright.to_string(),
        ],
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

/// "2026-03-15 · Gap analysis".
fn dated_kind(s: &Side, l: &Labels) -> String {
    format!(
        "{} · {}",
        s.assessment_date.as_deref().unwrap_or("–"),
        l.kind(s.kind)
    )
}

fn cover(p: &Progress, l: &Labels, lang: Lang) -> Cover {
    let verdict_colour = |v: crate::assessment::Verdict| v.colour();
    let f = &p.follow_up;
    let tile = |label: &str, count: usize, colour: &str| Count {
        label: label.to_string(),
        count,
        colour: colour.to_string(),
    };
    let mut notes = p.warnings.clone();
    notes.push(l.copyright.to_string());
    Cover {
        subtitle: format!(
            "{} → {}",
            dated_kind(&p.previous, l),
            dated_kind(&p.current, l)
        ),
        figures: vec![
            KeyValue::cell(l.verified_score, Cell::score(p.current.score)),
            KeyValue::cell(
                l.verdict,
                Cell::text(l.verdict(p.current.verdict))
                    .coloured(verdict_colour(p.current.verdict)),
            ),
            KeyValue::text(
                &words::with_note(lang, l.verified_score, l.earlier),
                format!(
                    "{} · {} {}",
                    words::score(p.score.before),
                    l.change,
                    words::change(p.score.change)
                ),
            ),
        ],
        counts: vec![
            tile(l.follow_up_closed, f.closed, "1E8449"),
            tile(l.follow_up_regraded, f.regraded, "D68910"),
            tile(l.follow_up_new, f.new, "B03A2E"),
            tile(l.follow_up_persisting, f.persisting, "5D6D7E"),
        ],
        facts: vec![
            KeyValue::text(l.organisation, &p.current.organisation),
            KeyValue::text(
                l.earlier,
                format!("{} · {}", dated_kind(&p.previous, l), p.previous.file),
            ),
            KeyValue::text(
                l.later,
                format!("{} · {}", dated_kind(&p.current, l), p.current.file),
            ),
            KeyValue::text(
                l.catalogue,
                if p.previous.catalogue == p.current.catalogue
                    && p.previous.catalogue_version == p.current.catalogue_version
                {
                    format!("{} {}", p.current.catalogue, p.current.catalogue_version)
                } else {
                    format!(
                        "{} {} → {} {}",
                        p.previous.catalogue,
                        p.previous.catalogue_version,
                        p.current.catalogue,
                        p.current.catalogue_version
                    )
                },
            ),
        ],
        notes,
    }
}

/// A change cell, coloured when it says better or worse.
fn change_cell(c: &Change) -> Cell {
    let cell = match c.change {
        Some(v) => Cell {
            text: words::change(Some(v)),
            number: Some(v),
            ..Cell::default()
        },
        None => Cell::text("–"),
    };
    match words::change_colour(c.change) {
        Some(colour) => cell.coloured(colour),
        None => cell,
    }
}

fn score_cell(v: Option<f64>) -> Cell {
    v.map(Cell::score).unwrap_or_else(|| Cell::text("–"))
}

/// A row of counts before and after, with the difference.
fn count_row(label: &str, before: usize, after: usize) -> Vec<Cell> {
    let difference = after as f64 - before as f64;
    vec![
        Cell::text(label),
        Cell::count(before),
        Cell::count(after),
        Cell {
            text: words::count_change(before, after),
            number: Some(difference),
            ..Cell::default()
        },
    ]
}

/// The introduction, any doubts about the comparison, and the headline numbers before and
/// after: score, verdict, findings per grade, requirements per status, evidence files.
fn summary(p: &Progress, l: &Labels) -> Vec<Block> {
    let mut blocks = vec![Block::Paragraph {
        text: l.progress_intro.to_string(),
        muted: false,
    }];
    if !p.warnings.is_empty() {
        blocks.push(Block::Paragraph {
            text: format!("{}:", l.comparison_notes),
            muted: false,
        });
        blocks.push(Block::List {
            items: p.warnings.clone(),
        });
    }
    let (a, b) = (&p.previous, &p.current);
    let mut rows = vec![
        vec![
            Cell::text(l.verified_score),
            Cell::score(a.score),
            Cell::score(b.score),
            change_cell(&p.score),
        ],
        vec![
            Cell::text(l.verdict),
            Cell::text(l.verdict(a.verdict)),
            Cell::text(l.verdict(b.verdict)),
            Cell::default(),
        ],
    ];
    for g in Grade::ALL {
        rows.push(count_row(l.grade(g), a.counts.get(g), b.counts.get(g)));
    }
    for (s, before, after) in [
        (
            Status::Conforming,
            a.requirements.conforming,
            b.requirements.conforming,
        ),
        (
            Status::Partial,
            a.requirements.partial,
            b.requirements.partial,
        ),
        (
            Status::Nonconforming,
            a.requirements.nonconforming,
            b.requirements.nonconforming,
        ),
        (
            Status::NotAssessed,
            a.requirements.not_assessed,
            b.requirements.not_assessed,
        ),
    ] {
        let label = format!("{}: {}", l.requirements, l.status(s));
        rows.push(count_row(&label, before, after));
    }
    rows.push(count_row(
        l.evidence_files,
        a.evidence_files,
        b.evidence_files,
    ));
    blocks.push(Block::Table(Table::new(
        vec![
            Column::new(l.measure, 44.0),
            Column::new(l.earlier, 20.0),
            Column::new(l.later, 20.0),
            Column::new(l.change, 12.0),
        ],
        rows,
        l.none,
    )));
    blocks
}

/// The top-level clauses as pairs of bars, then the clauses whose score changed.
fn clauses(p: &Progress, l: &Labels, lang: Lang) -> Vec<Block> {
    let date = |s: &Side| s.assessment_date.clone().unwrap_or_default();
    let chart = Comparison {
        title: l.clause_progress.to_string(),
        label: l.clause.to_string(),
        series: [
            Series {
                name: words::with_note(lang, l.earlier, &date(&p.previous)),
                colour: EARLIER.to_string(),
            },
            Series {
                name: words::with_note(lang, l.later, &date(&p.current)),
                colour: LATER.to_string(),
            },
        ],
        change: l.change.to_string(),
        rows: p
            .top_clauses()
            .map(|c| ComparisonRow {
                label: format!("{} {}", c.id, c.title.get(lang)),
                values: [score_cell(c.score.before), score_cell(c.score.after)],
                change: change_cell(&c.score),
            })
            .collect(),
    };
    vec![
        Block::Comparison(chart),
        Block::Paragraph {
            text: l.clauses_changed.to_string(),
            muted: false,
        },
        clause_table(p, l, lang, true),
    ]
}

/// The clauses' scores before and after: every clause, or only those whose score changed.
fn clause_table(p: &Progress, l: &Labels, lang: Lang, changed_only: bool) -> Block {
    let rows = p
        .clauses
        .iter()
        .filter(|c| !changed_only || c.score.before != c.score.after)
        .map(|c| {
            vec![
                Cell::text(&c.id),
                Cell::text(c.title.get(lang)),
                score_cell(c.score.before),
                score_cell(c.score.after),
                change_cell(&c.score),
            ]
        })
        .collect();
    Block::Table(Table::new(
        vec![
            Column::new(l.clause, 9.0),
            Column::new(l.title, 46.0),
            Column::new(l.earlier, 14.0),
            Column::new(l.later, 14.0),
            Column::new(l.change, 10.0),
        ],
        rows,
        if changed_only {
            l.no_clause_change
        } else {
            l.none
        },
    ))
}

/// Every finding of either assessment and what became of it.
fn findings(p: &Progress, l: &Labels, lang: Lang) -> Block {
    let id = |s: &Option<FindingSide>| Cell::text(s.as_ref().map_or("–", |f| f.id.as_str()));
    let grade = |s: &Option<FindingSide>| match s {
        Some(f) => Cell::text(l.grade(f.grade)).coloured(grade_colour(f.grade)),
        None => Cell::text("–"),
    };
    let rows = p
        .findings
        .iter()
        .map(|f| {
            vec![
                Cell::text(words::follow_up(l, f.follow_up))
                    .coloured(words::follow_up_colour(f.follow_up)),
                id(&f.previous),
                grade(&f.previous),
                id(&f.current),
                grade(&f.current),
                Cell::text(&f.key.requirement),
                Cell::text(&f.key.code),
                Cell::text(&f.key.subject),
                Cell::text(f.latest().statement.get(lang)),
            ]
        })
        .collect();
    Block::Table(Table::new(
        vec![
            Column::new(l.follow_up, 12.0),
            Column::new(l.earlier_id, 9.0).mono(),
            Column::new(l.earlier_grade, 14.0),
            Column::new(l.later_id, 9.0).mono(),
            Column::new(l.later_grade, 14.0),
            Column::new(l.requirement, 11.0),
            Column::wide(l.code, 24.0).mono(),
            Column::wide(l.subject, 30.0),
            Column::new(l.statement, 50.0),
        ],
        rows,
        l.none,
    ))
}

/// The requirements whose status changed, and those only one catalogue has.
fn requirements(p: &Progress, l: &Labels) -> Vec<Block> {
    let status = |s: Status| Cell::text(l.status(s)).coloured(status_colour(s));
    let rows = p
        .requirements
        .iter()
        .map(|r| {
            vec![
                Cell::text(&r.id),
                Cell::text(&r.clause),
                status(r.before),
                status(r.after),
            ]
        })
        .collect();
    let mut blocks = vec![Block::Table(Table::new(
        vec![
            Column::new(l.requirement, 12.0),
            Column::new(l.clause, 10.0),
            Column::new(l.earlier_status, 18.0),
            Column::new(l.later_status, 18.0),
        ],
        rows,
        l.no_status_change,
    ))];
    if p.requirements_only_before + p.requirements_only_after > 0 {
        blocks.push(Block::KeyValues {
            rows: vec![
                KeyValue::cell(l.only_earlier, Cell::count(p.requirements_only_before)),
                KeyValue::cell(l.only_later, Cell::count(p.requirements_only_after)),
            ],
        });
    }
    blocks
}

/// The counts of evidence files per change, and each file added, changed or removed.
fn evidence(p: &Progress, l: &Labels) -> Vec<Block> {
    let c = &p.evidence_counts;
    let counts = Block::KeyValues {
        rows: vec![
            KeyValue::cell(l.file_added, Cell::count(c.added)),
            KeyValue::cell(l.file_changed, Cell::count(c.changed)),
            KeyValue::cell(l.file_removed, Cell::count(c.removed)),
            KeyValue::cell(l.file_unchanged, Cell::count(c.unchanged)),
        ],
    };
    let rows = p
        .evidence
        .iter()
        .map(|e| {
            vec![
                Cell::text(&e.path),
                Cell::text(words::file_change(l, e.change)),
                Cell::text(e.before.as_deref().unwrap_or("–")),
                Cell::text(e.after.as_deref().unwrap_or("–")),
            ]
        })
        .collect();
    let table = Block::Table(Table::new(
        vec![
            Column::new(l.path, 40.0),
            Column::new(l.change, 10.0),
            Column::wide(l.sha256_earlier, 46.0).mono(),
            Column::wide(l.sha256_later, 46.0).mono(),
        ],
        rows,
        l.no_evidence_change,
    ));
    vec![counts, table]
}
