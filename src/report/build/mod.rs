//! Every report the tool builds, one module each: the gap analysis ([`gap`]), the internal
//! audit ([`audit`]) and the transition plan ([`transition`]), each a sequence of sections
//! built from the report view; the progress report ([`progress`], and [`progress_text`] for
//! the terminal, both worded by [`progress_words`]); the audit programme ([`programme`]);
//! the auditor worksheet ([`worksheet`]); the evidence request list ([`requests`]) and the
//! e-mail summary ([`summary`]). The tables the assessment reports share (findings,
//! evidence files, clause scores) are built once, here.

pub mod audit;
pub mod gap;
pub(crate) mod parts;
pub mod programme;
pub mod progress;
pub mod progress_text;
pub mod progress_words;
pub mod requests;
pub mod summary;
pub mod transition;
pub mod worksheet;

use super::document::{Cell, Count, Cover, Document, KeyValue};
use super::view::ReportView;
use crate::domain::engagement::AssessmentKind;

/// The document of the view's kind.
pub fn document(view: &ReportView) -> Document {
    let sections = match view.kind {
        AssessmentKind::Gap => gap::sections(view),
        AssessmentKind::InternalAudit => audit::sections(view),
        AssessmentKind::Transition => transition::sections(view),
    };
    let l = &view.labels;
    Document {
        lang: view.lang,
        kind: super::document::kind_name(view.kind).to_string(),
        title: view.title.clone(),
        organisation: view.organisation.clone(),
        date: view.assessment_date.clone(),
        identifier: format!(
            "iso20k-{}-{}",
            view.catalogue_sha256.get(..16).unwrap_or(""),
            view.assessment_date
        ),
        contents_label: l.contents.to_string(),
        cover: cover(view),
        sections,
        footer: vec![
            format!(
                "{} {} ({}) · {} · sha256 {}",
                l.generated_by,
                view.organisation,
                view.assessment_date,
                view.catalogue,
                view.catalogue_sha256
            ),
            l.copyright.to_string(),
        ],
    }
}

fn cover(v: &ReportView) -> Cover {
    let l = &v.labels;
    let mut subtitle = format!("{} · {}", v.kind_label, v.assessment_date);
    if !v.period.is_empty() {
        subtitle.push_str(&format!(" · {}: {}", v.period_label, v.period));
    }
    let mut figures = vec![KeyValue::cell(l.verified_score, Cell::score(v.score))];
    if let Some(claims) = v.claims_score {
        figures.push(KeyValue::cell(l.score_if_claims_hold, Cell::score(claims)));
    }
    figures.push(KeyValue::cell(
        l.verdict,
        Cell::text(&v.verdict).coloured(&v.verdict_colour),
    ));
    let mut facts = vec![
        KeyValue::text(l.organisation, &v.organisation),
        KeyValue::text(l.assessment_date, &v.assessment_date),
    ];
    if !v.period.is_empty() {
        facts.push(KeyValue::text(&v.period_label, &v.period));
    }
    facts.push(KeyValue::text(l.scope, &v.scope));
    facts.push(KeyValue::text(l.services, &v.services));
    if !v.locations.is_empty() {
        facts.push(KeyValue::text(l.locations, &v.locations));
    }
    facts.push(KeyValue::text(l.edition, &v.edition));
    if !v.team.is_empty() {
        facts.push(KeyValue::text(&v.team_label, team_line(v)));
    }
    Cover {
        subtitle,
        figures,
        counts: v
            .grade_counts
            .iter()
            .map(|c| Count {
                label: c.label.clone(),
                count: c.count,
                colour: c.colour.clone(),
            })
            .collect(),
        facts,
        notes: vec![
            format!(
                "{} {} · sha256 {}",
                l.catalogue, v.catalogue, v.catalogue_sha256
            ),
            l.copyright.to_string(),
        ],
    }
}

fn team_line(v: &ReportView) -> String {
    v.team
        .iter()
        .map(|t| format!("{} ({})", t.name, t.role))
        .collect::<Vec<_>>()
        .join("; ")
}
