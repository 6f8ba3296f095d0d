//! PDF reports: the gap analysis (readiness report) and the internal-audit report, in English
//! or Chinese, with a CJK-capable font compiled in (WenQuanYi Micro Hei, Apache-2.0; licence in
//! `assets/fonts/`), subset on save. Dates and ids are fixed from the assessment, so the same
//! assessment gives the same bytes.

pub mod layout;

use printpdf::{Mm, OffsetDateTime, ParsedFont, PdfDocument, PdfPage, PdfSaveOptions};

use super::view::ReportView;
use crate::evidence::date::Timestamp;
use crate::evidence::manifest::AssessmentKind;
use crate::i18n::Lang;
use layout::{Column, Layout, Metrics, PAGE_H, WIDTH};

/// The embedded font.
pub(crate) const FONT: &[u8] = include_bytes!("../../../assets/fonts/wqy-microhei.ttc");

fn columns(spec: &[(&str, f32)]) -> Vec<Column> {
    spec.iter()
        .map(|(h, s)| Column {
            header: h.to_string(),
            share: *s,
        })
        .collect()
}

/// Renders the PDF report of the view's kind.
pub fn render(view: &ReportView) -> Result<Vec<u8>, String> {
    let font = ParsedFont::from_bytes(FONT, 0, &mut Vec::new())
        .ok_or("the embedded font cannot be read")?;
    let mut doc = PdfDocument::new(&format!("{} — {}", view.title, view.organisation));
    let font_id = doc.add_font(&font);
    let mut lay = Layout::new(Metrics::new(font), font_id);
    cover(&mut lay, view);
    lay.new_page();
    match view.kind {
        AssessmentKind::Gap => gap_body(&mut lay, view),
        AssessmentKind::InternalAudit => audit_body(&mut lay, view),
    }
    let contents = lay.contents(view.labels.contents);
    lay.pages.splice(1..1, contents);
    let header = format!(
        "{} · {} · {}",
        view.organisation, view.title, view.assessment_date
    );
    let zh = view.lang == Lang::Zh;
    lay.decorate(&header, &|x, y| {
        if zh {
            format!("第 {x} 页，共 {y} 页")
        } else {
            format!("Page {x} of {y}")
        }
    });

    let pages: Vec<PdfPage> = std::mem::take(&mut lay.pages)
        .into_iter()
        .map(|ops| PdfPage::new(Mm(210.0), Mm(297.0), ops))
        .collect();
    let when = Timestamp::parse(&view.assessment_date)
        .map(|t| t.0)
        .unwrap_or(0);
    let date = OffsetDateTime::from_unix_timestamp(when).map_err(|e| e.to_string())?;
    let info = &mut doc.metadata.info;
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;
    info.author = "iso20k".into();
    info.creator = format!("iso20k {}", env!("CARGO_PKG_VERSION"));
    info.producer = "iso20k".into();
    info.subject = view.organisation.clone();
    // Marks the file as a report, so it is never read back as evidence.
    info.keywords = vec![
        super::marker::MARKER.to_string(),
        super::xlsx::kind_name(view.kind).to_string(),
    ];
    info.identifier = format!(
        "iso20k-{}-{}",
        view.catalogue_sha256.get(..16).unwrap_or(""),
        view.assessment_date
    );
    let options = PdfSaveOptions {
        subset_fonts: true,
        ..PdfSaveOptions::default()
    };
    let mut warnings = Vec::new();
    Ok(doc.with_pages(pages).save(&options, &mut warnings))
}

fn cover(lay: &mut Layout, v: &ReportView) {
    let l = &v.labels;
    lay.rect(0.0, PAGE_H - 180.0, layout::PAGE_W, 180.0, "1F618D");
    lay.text_at(50.0, PAGE_H - 95.0, &v.title, 20.0, "FFFFFF");
    lay.text_at(50.0, PAGE_H - 130.0, &v.organisation, 16.0, "FFFFFF");
    lay.text_at(
        50.0,
        PAGE_H - 155.0,
        &format!("{} · {}", v.kind_label, v.assessment_date),
        11.0,
        "D6EAF8",
    );
    lay.set_y(PAGE_H - 230.0);
    lay.text_at(50.0, lay.y(), l.verified_score, 11.0, "5D6D7E");
    lay.text_at(50.0, lay.y() - 36.0, &v.score_text, 32.0, "1B2631");
    if !v.claims_score_text.is_empty() {
        lay.text_at(
            50.0,
            lay.y() - 54.0,
            &format!("{}: {}", l.score_if_claims_hold, v.claims_score_text),
            9.0,
            "5D6D7E",
        );
    }
    lay.text_at(220.0, lay.y(), l.verdict, 11.0, "5D6D7E");
    lay.text_at(220.0, lay.y() - 30.0, &v.verdict, 16.0, &v.verdict_colour);
    lay.set_y(PAGE_H - 300.0);
    let mut x = 50.0;
    let step = WIDTH / v.grade_counts.len().max(1) as f32;
    for c in &v.grade_counts {
        lay.rect(x, lay.y() - 56.0, 4.0, 56.0, &c.colour);
        // A long grade name wraps inside its own box rather than running into the next.
        let lines = layout::wrap(&mut lay.metrics, &c.label, 8.0, step - 16.0);
        for (k, line) in lines.iter().take(2).enumerate() {
            lay.text_at(
                x + 10.0,
                lay.y() - 12.0 - 10.0 * k as f32,
                line,
                8.0,
                "5D6D7E",
            );
        }
        lay.text_at(
            x + 10.0,
            lay.y() - 50.0,
            &c.count.to_string(),
            20.0,
            "1B2631",
        );
        x += step;
    }
    lay.set_y(PAGE_H - 380.0);
    let mut pairs = vec![
        (l.organisation.to_string(), v.organisation.clone()),
        (l.assessment_date.to_string(), v.assessment_date.clone()),
    ];
    if !v.period.is_empty() {
        pairs.push((v.period_label.clone(), v.period.clone()));
    }
    pairs.push((l.scope.to_string(), v.scope.clone()));
    pairs.push((l.edition.to_string(), v.edition.clone()));
    if !v.team.is_empty() {
        pairs.push((
            v.team_label.clone(),
            v.team
                .iter()
                .map(|t| format!("{} ({})", t.name, t.role))
                .collect::<Vec<_>>()
                .join("; "),
        ));
    }
    lay.key_values(&pairs);
    lay.note(&format!(
        "{} {} · sha256 {}",
        l.catalogue, v.catalogue, v.catalogue_sha256
    ));
    lay.note(l.copyright);
}

fn clause_chart(lay: &mut Layout, v: &ReportView) {
    let bars: Vec<(String, f32, String, String)> = v
        .top_clauses
        .iter()
        .map(|c| {
            let score = c.score.unwrap_or(0.0) as f32;
            let colour = if score >= 90.0 {
                "1E8449"
            } else if score >= 70.0 {
                "D68910"
            } else {
                "B03A2E"
            };
            (
                format!("{} {}", c.id, c.title),
                score,
                colour.to_string(),
                c.score_text.clone(),
            )
        })
        .collect();
    lay.bar_chart(&bars, true);
    let l = &v.labels;
    let rows: Vec<Vec<String>> = v
        .top_clauses
        .iter()
        .map(|c| {
            vec![
                c.id.clone(),
                c.title.clone(),
                c.score_text.clone(),
                c.conforming.to_string(),
                c.partial.to_string(),
                c.nonconforming.to_string(),
                c.not_assessed.to_string(),
            ]
        })
        .collect();
    lay.table(
        &columns(&[
            (l.clause, 0.7),
            (l.title, 3.2),
            (l.score, 0.8),
            (l.conforming, 1.0),
            (l.partial, 1.0),
            (l.nonconforming, 1.0),
            (l.not_assessed, 1.0),
        ]),
        &rows,
        None,
    );
}

fn grade_distribution(lay: &mut Layout, v: &ReportView) {
    let max = v
        .grade_counts
        .iter()
        .map(|c| c.count)
        .max()
        .unwrap_or(0)
        .max(1) as f32;
    let bars: Vec<(String, f32, String, String)> = v
        .grade_counts
        .iter()
        .map(|c| {
            (
                c.label.clone(),
                c.count as f32 / max * 100.0,
                c.colour.clone(),
                c.count.to_string(),
            )
        })
        .collect();
    lay.bar_chart(&bars, false);
}

fn findings_table(lay: &mut Layout, v: &ReportView, findings: &[super::view::FindingView]) {
    let l = &v.labels;
    if findings.is_empty() {
        lay.paragraph(l.none, 9.5, "1B2631");
        return;
    }
    let rows: Vec<Vec<String>> = findings
        .iter()
        .map(|f| {
            vec![
                format!("{}\n{}", f.id, f.code),
                f.grade_text.clone(),
                f.requirements.clone(),
                format!(
                    "{}\n{}: {}",
                    f.statement_full, l.grading_rationale, f.grading_rationale
                ),
                f.evidence_text.clone(),
                f.recommendation.clone(),
            ]
        })
        .collect();
    let colours: Vec<Vec<Option<String>>> = findings
        .iter()
        .map(|f| vec![None, Some(f.grade_colour.clone()), None, None, None, None])
        .collect();
    lay.table(
        &columns(&[
            (l.finding, 1.1),
            (l.grade, 1.1),
            (l.requirement, 0.9),
            (l.statement, 3.0),
            (l.evidence, 2.4),
            (l.recommendation, 2.4),
        ]),
        &rows,
        Some(&colours),
    );
}

fn counts_line(counts: &[super::view::CountView]) -> String {
    counts
        .iter()
        .map(|c| format!("{}: {}", c.label, c.count))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn gap_body(lay: &mut Layout, v: &ReportView) {
    let l = &v.labels;
    lay.heading(l.executive_summary, 1);
    lay.paragraph(&v.basis_summary, 9.5, "1B2631");
    lay.key_values(&[
        (l.verified_score.to_string(), v.score_text.clone()),
        (
            l.score_if_claims_hold.to_string(),
            v.claims_score_text.clone(),
        ),
        (l.verdict.to_string(), v.verdict.clone()),
        (l.basis_counts.to_string(), counts_line(&v.basis_counts)),
        (l.grading_profile.to_string(), v.grading.clone()),
        (
            l.counts.to_string(),
            v.grade_counts
                .iter()
                .map(|c| format!("{}: {}", c.label, c.count))
                .collect::<Vec<_>>()
                .join(" · "),
        ),
        (
            l.requirements.to_string(),
            v.status_counts
                .iter()
                .map(|c| format!("{}: {}", c.label, c.count))
                .collect::<Vec<_>>()
                .join(" · "),
        ),
    ]);
    lay.heading(l.top_gaps, 2);
    findings_table(lay, v, &v.top_gaps);

    lay.heading(l.method, 1);
    lay.paragraph(l.method_text, 9.5, "1B2631");
    lay.note(l.sampling_note);
    lay.heading(l.counts, 2);
    grade_distribution(lay, v);

    lay.heading(l.clause_scores, 1);
    clause_chart(lay, v);

    lay.heading(l.requirements, 1);
    for g in &v.requirement_groups {
        lay.heading(
            &format!("{} {} ({} {})", g.id, g.title, l.score, g.score_text),
            2,
        );
        let rows: Vec<Vec<String>> = g
            .requirements
            .iter()
            .map(|r| {
                let status = if r.auditor_status.is_empty() {
                    r.status.clone()
                } else {
                    format!("{}\n({}: {})", r.status, l.auditor_status, r.auditor_status)
                };
                let action = if r.action.is_empty() {
                    r.notes.clone()
                } else {
                    r.action.clone()
                };
                vec![
                    r.id.clone(),
                    r.text.clone(),
                    status,
                    r.basis.clone(),
                    r.findings.clone(),
                    action,
                ]
            })
            .collect();
        let colours: Vec<Vec<Option<String>>> = g
            .requirements
            .iter()
            .map(|r| {
                vec![
                    None,
                    None,
                    Some(r.status_colour.clone()),
                    Some(r.basis_colour.clone()),
                    None,
                    None,
                ]
            })
            .collect();
        lay.table(
            &columns(&[
                (l.requirement, 0.9),
                (l.text, 3.6),
                (l.status, 1.2),
                (l.basis, 1.0),
                (l.findings, 0.9),
                (l.recommended_action, 2.6),
            ]),
            &rows,
            Some(&colours),
        );
    }

    lay.heading(l.findings, 1);
    findings_table(lay, v, &v.findings);

    lay.heading(l.action_plan, 1);
    let rows: Vec<Vec<String>> = v
        .actions
        .iter()
        .map(|f| {
            vec![
                f.priority.to_string(),
                f.id.clone(),
                f.grade.clone(),
                f.requirements.clone(),
                f.recommendation.clone(),
                String::new(),
                String::new(),
            ]
        })
        .collect();
    let colours: Vec<Vec<Option<String>>> = v
        .actions
        .iter()
        .map(|f| {
            vec![
                None,
                None,
                Some(f.grade_colour.clone()),
                None,
                None,
                None,
                None,
            ]
        })
        .collect();
    lay.table(
        &columns(&[
            (l.priority, 0.6),
            (l.finding, 0.7),
            (l.grade, 1.2),
            (l.requirement, 0.9),
            (l.recommended_action, 4.0),
            (l.owner, 1.1),
            (l.due_date, 1.0),
        ]),
        &rows,
        Some(&colours),
    );

    lay.heading(l.mandatory_documents, 1);
    let rows: Vec<Vec<String>> = v
        .documents
        .iter()
        .map(|d| {
            vec![
                d.id.clone(),
                d.title.clone(),
                d.found_text.clone(),
                d.file.clone(),
                d.version.clone(),
                d.approved.clone(),
                d.next_review.clone(),
            ]
        })
        .collect();
    let colours: Vec<Vec<Option<String>>> = v
        .documents
        .iter()
        .map(|d| {
            vec![
                None,
                None,
                (!d.found).then(|| "B03A2E".to_string()),
                None,
                None,
                None,
                None,
            ]
        })
        .collect();
    lay.table(
        &columns(&[
            (l.code, 0.5),
            (l.document_type, 2.4),
            (l.found, 0.6),
            (l.file, 2.4),
            (l.version, 0.6),
            (l.approved, 1.6),
            (l.next_review, 1.0),
        ]),
        &rows,
        Some(&colours),
    );

    lay.heading(l.tailoring, 1);
    if v.tailoring.is_empty() {
        lay.paragraph(l.no_tailoring, 9.5, "1B2631");
    } else {
        let rows: Vec<Vec<String>> = v
            .tailoring
            .iter()
            .map(|t| {
                vec![
                    t.target.clone(),
                    t.requested.clone(),
                    t.reason.clone(),
                    t.decision.clone(),
                ]
            })
            .collect();
        lay.table(
            &columns(&[
                (l.target, 0.7),
                (l.requested, 1.5),
                (l.reason, 2.5),
                (l.decision, 3.0),
            ]),
            &rows,
            None,
        );
    }

    lay.heading(l.evidence_files, 1);
    evidence_appendix(lay, v);
}

fn evidence_appendix(lay: &mut Layout, v: &ReportView) {
    let l = &v.labels;
    let rows: Vec<Vec<String>> = v
        .evidence_files
        .iter()
        .map(|f| {
            vec![
                f.path.clone(),
                f.sha256.clone(),
                f.bytes.to_string(),
                f.serves.clone(),
            ]
        })
        .collect();
    lay.table(
        &columns(&[
            (l.path, 2.6),
            (l.sha256, 3.0),
            (l.bytes, 0.8),
            (l.serves, 2.2),
        ]),
        &rows,
        None,
    );
}

fn audit_body(lay: &mut Layout, v: &ReportView) {
    let l = &v.labels;
    lay.heading(l.audit_details, 1);
    lay.key_values(&[
        (l.objectives.to_string(), l.objectives_text.to_string()),
        (
            l.scope.to_string(),
            format!(
                "{}\n{}: {}\n{}: {}",
                v.scope, l.services, v.services, l.locations, v.locations
            ),
        ),
        (l.criteria.to_string(), l.criteria_text.to_string()),
        (
            l.audit_team.to_string(),
            v.team
                .iter()
                .map(|t| format!("{} ({})", t.name, t.role))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        (l.audit_date.to_string(), v.assessment_date.clone()),
        (l.audit_period.to_string(), v.period.clone()),
        (l.independence.to_string(), v.independence.clone()),
        (l.grading_profile.to_string(), v.grading.clone()),
    ]);

    lay.heading(l.findings, 1);
    findings_table(lay, v, &v.findings);

    lay.heading(l.conclusions, 1);
    lay.paragraph(&v.basis_summary, 9.5, "1B2631");
    lay.key_values(&[
        (l.verdict.to_string(), v.verdict.clone()),
        (l.verified_score.to_string(), v.score_text.clone()),
        (l.basis_counts.to_string(), counts_line(&v.basis_counts)),
        (
            l.fulfilment.to_string(),
            v.status_counts
                .iter()
                .map(|c| format!("{}: {}", c.label, c.count))
                .collect::<Vec<_>>()
                .join(" · "),
        ),
        (
            l.counts.to_string(),
            v.grade_counts
                .iter()
                .map(|c| format!("{}: {}", c.label, c.count))
                .collect::<Vec<_>>()
                .join(" · "),
        ),
    ]);
    lay.heading(l.clause_scores, 2);
    clause_chart(lay, v);
    lay.heading(l.counts, 2);
    grade_distribution(lay, v);

    lay.heading(l.corrective_actions, 1);
    let rows: Vec<Vec<String>> = v
        .nonconformities
        .iter()
        .map(|f| {
            vec![
                f.id.clone(),
                f.requirements.clone(),
                f.statement_full.clone(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ]
        })
        .collect();
    if rows.is_empty() {
        lay.paragraph(l.none, 9.5, "1B2631");
    } else {
        lay.table(
            &columns(&[
                (l.finding, 0.7),
                (l.requirement, 0.9),
                (l.statement, 3.5),
                (l.root_cause, 1.3),
                (l.corrective_action, 1.3),
                (l.owner, 0.9),
                (l.due_date, 0.9),
            ]),
            &rows,
            None,
        );
    }

    lay.heading(l.sampling, 1);
    lay.paragraph(l.sampling_note, 9.5, "1B2631");
    if v.samples.is_empty() {
        lay.paragraph(l.none, 9.5, "1B2631");
    } else {
        let rows: Vec<Vec<String>> = v
            .samples
            .iter()
            .map(|s| {
                vec![
                    s.finding.clone(),
                    s.requirement.clone(),
                    s.code.clone(),
                    s.population.to_string(),
                    s.method.clone(),
                    s.seed.clone(),
                    s.size.to_string(),
                    s.ids.clone(),
                ]
            })
            .collect();
        lay.table(
            &columns(&[
                (l.finding, 0.7),
                (l.requirement, 0.9),
                (l.code, 1.8),
                (l.population, 0.8),
                (l.sample_method, 0.9),
                (l.seed, 0.6),
                (l.sample_size, 0.7),
                (l.sampled_ids, 3.0),
            ]),
            &rows,
            None,
        );
    }

    lay.heading(l.evidence_files, 1);
    evidence_appendix(lay, v);

    lay.heading(l.sign_off, 1);
    lay.paragraph(
        &format!("{}: {}", l.distribution, l.distribution_text),
        9.5,
        "1B2631",
    );
    lay.gap(10.0);
    let rows = vec![vec![
        format!("{}\n\n\n{}:", l.lead_auditor, l.signature_date),
        format!("{}\n\n\n{}:", l.auditee_representative, l.signature_date),
    ]];
    lay.table(&columns(&[(l.sign_off, 1.0), ("", 1.0)]), &rows, None);
}
