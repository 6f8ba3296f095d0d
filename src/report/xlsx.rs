//! Gap-analysis and internal-audit workbooks. Every text from evidence or findings is written
//! with `write_string`, so a statement starting with `=` stays text; scores are written as
//! computed values, never formulas; the creation date is the assessment date, so the same
//! assessment always gives the same bytes.

use rust_xlsxwriter::{
    Chart, ChartFormat, ChartPoint, ChartSolidFill, ChartType, ConditionalFormatText,
    ConditionalFormatTextRule, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder,
    Table, TableColumn, TableStyle, Workbook, Worksheet, XlsxError,
};

use super::view::{grade_colour, status_colour, ReportView};
use crate::assessment::{Grade, Status};
use crate::evidence::manifest::AssessmentKind;

struct Styles {
    /// Texts cut to fit a cell, recorded as they are written (see [`text_cell`]).
    truncations: std::cell::RefCell<Vec<String>>,
    title: Format,
    heading: Format,
    label: Format,
    wrap: Format,
    number: Format,
    big: Format,
}

fn styles() -> Styles {
    let border = |f: Format| f.set_border(FormatBorder::Thin).set_border_color("BFC9CA");
    Styles {
        truncations: Default::default(),
        title: Format::new()
            .set_bold()
            .set_font_size(16)
            .set_font_color("1B2631"),
        heading: Format::new()
            .set_bold()
            .set_font_size(12)
            .set_font_color("1F618D"),
        label: border(Format::new().set_bold().set_background_color("EAF2F8")),
        wrap: border(Format::new().set_text_wrap().set_align(FormatAlign::Top)),
        number: border(
            Format::new()
                .set_num_format("0.0")
                .set_align(FormatAlign::Top),
        ),
        big: Format::new()
            .set_bold()
            .set_font_size(20)
            .set_num_format("0.0"),
    }
}

/// Most characters an Excel cell holds; a longer text makes the whole workbook unwritable.
const MAX_CELL_CHARS: usize = 32_767;

/// Writes a text from the assessment into a cell as text (never a formula), cut to what a
/// cell holds with a visible marker when longer, and the cut recorded with the cell and the
/// field it holds (`field`, the column header or row label).
fn text_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    format: &Format,
    s: &Styles,
    field: &str,
) -> Result<(), XlsxError> {
    match super::truncate::fit(text, MAX_CELL_CHARS) {
        None => {
            ws.write_string_with_format(row, col, text, format)?;
        }
        Some(cut) => {
            ws.write_string_with_format(row, col, &cut.text, format)?;
            s.truncations.borrow_mut().push(format!(
                "{}!{}{} ({field}) holds {} characters, more than the {} of an Excel cell: truncated, the full text is in assessment.json",
                ws.name(),
                crate::evidence::table::column_letters(col as usize),
                row + 1,
                super::truncate::thousands(cut.original_chars),
                super::truncate::thousands(MAX_CELL_CHARS),
            ));
        }
    }
    Ok(())
}

/// Renders the workbook of the view's kind, with a warning for each text cut to fit a cell.
pub fn render(view: &ReportView) -> Result<(Vec<u8>, Vec<String>), XlsxError> {
    let mut wb = Workbook::new();
    let (y, m, d) = date_parts(&view.assessment_date);
    let props = DocProperties::new()
        .set_title(format!("{} — {}", view.title, view.organisation))
        .set_author("iso20k")
        .set_company(&view.organisation)
        .set_creation_datetime(&ExcelDateTime::from_ymd(y, m, d)?)
        .set_custom_property(super::marker::MARKER, kind_name(view.kind));
    wb.set_properties(&props);
    let s = styles();
    match view.kind {
        AssessmentKind::Gap => {
            summary(wb.add_worksheet(), view, &s)?;
            requirements(wb.add_worksheet(), view, &s)?;
            action_plan(wb.add_worksheet(), view, &s)?;
            documents(wb.add_worksheet(), view, &s)?;
            evidence(wb.add_worksheet(), view, &s)?;
            tailoring(wb.add_worksheet(), view, &s)?;
        }
        AssessmentKind::InternalAudit => {
            audit_details(wb.add_worksheet(), view, &s)?;
            findings_register(wb.add_worksheet(), view, &s)?;
            requirements(wb.add_worksheet(), view, &s)?;
            sampling(wb.add_worksheet(), view, &s)?;
            evidence(wb.add_worksheet(), view, &s)?;
        }
    }
    let bytes = wb.save_to_buffer()?;
    Ok((bytes, s.truncations.into_inner()))
}

/// The report's kind as the marker states it.
pub(crate) fn kind_name(kind: AssessmentKind) -> &'static str {
    match kind {
        AssessmentKind::Gap => "gap-analysis",
        AssessmentKind::InternalAudit => "internal-audit",
    }
}

fn date_parts(date: &str) -> (u16, u8, u8) {
    let mut it = date.split('-').map(|p| p.parse::<u32>().unwrap_or(1));
    let y = it.next().unwrap_or(2026) as u16;
    let m = it.next().unwrap_or(1) as u8;
    let d = it.next().unwrap_or(1) as u8;
    if (1900..=9999).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d) {
        (y, m, d)
    } else {
        (2026, 1, 1)
    }
}

fn sheet_name(s: &str) -> String {
    // Excel forbids []:*?/\ in sheet names and caps them at 31 characters.
    s.chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect()
}

/// Writes a table with headers, rows of text, widths, autofilter and a frozen header.
fn table(
    ws: &mut Worksheet,
    first_row: u32,
    headers: &[(&str, f64)],
    rows: &[Vec<String>],
    s: &Styles,
) -> Result<(), XlsxError> {
    for (c, (_, w)) in headers.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let field = headers.get(c).map_or("", |(h, _)| *h);
            text_cell(ws, first_row + 1 + r as u32, c as u16, v, &s.wrap, s, field)?;
        }
    }
    let last_row = first_row + rows.len().max(1) as u32;
    let columns: Vec<TableColumn> = headers
        .iter()
        .map(|(h, _)| TableColumn::new().set_header(*h))
        .collect();
    let t = Table::new()
        .set_columns(&columns)
        .set_style(TableStyle::Light9);
    ws.add_table(first_row, 0, last_row, headers.len() as u16 - 1, &t)?;
    ws.set_freeze_panes(first_row + 1, 0)?;
    Ok(())
}

fn status_highlights(
    ws: &mut Worksheet,
    view: &ReportView,
    first_row: u32,
    last_row: u32,
    col: u16,
) -> Result<(), XlsxError> {
    for st in [
        Status::Nonconforming,
        Status::Partial,
        Status::Conforming,
        Status::NotAssessed,
    ] {
        let label = view.labels.status(st);
        let f = Format::new().set_font_color(status_colour(st)).set_bold();
        let cf = ConditionalFormatText::new()
            .set_rule(ConditionalFormatTextRule::BeginsWith(label.to_string()))
            .set_format(f);
        ws.add_conditional_format(first_row, col, last_row, col, &cf)?;
    }
    Ok(())
}

fn grade_highlights(
    ws: &mut Worksheet,
    view: &ReportView,
    first_row: u32,
    last_row: u32,
    col: u16,
) -> Result<(), XlsxError> {
    for g in Grade::ALL {
        let f = Format::new().set_font_color(grade_colour(g)).set_bold();
        let cf = ConditionalFormatText::new()
            .set_rule(ConditionalFormatTextRule::BeginsWith(
                view.labels.grade(g).to_string(),
            ))
            .set_format(f);
        ws.add_conditional_format(first_row, col, last_row, col, &cf)?;
    }
    Ok(())
}

fn key_values(
    ws: &mut Worksheet,
    row: &mut u32,
    pairs: &[(&str, String)],
    s: &Styles,
) -> Result<(), XlsxError> {
    for (k, v) in pairs {
        ws.write_string_with_format(*row, 0, *k, &s.label)?;
        text_cell(ws, *row, 1, v, &s.wrap, s, k)?;
        *row += 1;
    }
    Ok(())
}

fn summary(ws: &mut Worksheet, v: &ReportView, s: &Styles) -> Result<(), XlsxError> {
    let l = &v.labels;
    ws.set_name(sheet_name(l.summary))?;
    ws.set_column_width(0, 30)?;
    ws.set_column_width(1, 60)?;
    for c in 2..8 {
        ws.set_column_width(c, 14)?;
    }
    text_cell(ws, 0, 0, &v.title, &s.title, s, "title")?;
    let mut row = 2;
    key_values(
        ws,
        &mut row,
        &[
            (l.organisation, v.organisation.clone()),
            (l.assessment_date, v.assessment_date.clone()),
            (l.period, v.period.clone()),
            (l.scope, v.scope.clone()),
            (l.services, v.services.clone()),
            (l.edition, v.edition.clone()),
            (
                l.catalogue,
                format!("{} (sha256 {})", v.catalogue, v.catalogue_sha256),
            ),
        ],
        s,
    )?;
    row += 1;
    ws.write_string_with_format(row, 0, l.verified_score, &s.label)?;
    ws.write_number_with_format(row, 1, v.score, &s.big)?;
    row += 1;
    if !v.claims_score_text.is_empty() {
        ws.write_string_with_format(row, 0, l.score_if_claims_hold, &s.label)?;
        ws.write_string_with_format(row, 1, &v.claims_score_text, &s.wrap)?;
        row += 1;
    }
    ws.write_string_with_format(row, 0, l.verdict, &s.label)?;
    let verdict_format = s
        .wrap
        .clone()
        .set_bold()
        .set_font_color(v.verdict_colour.as_str());
    ws.write_string_with_format(row, 1, &v.verdict, &verdict_format)?;
    row += 1;
    key_values(
        ws,
        &mut row,
        &[
            (l.basis_counts, v.basis_summary.clone()),
            (l.grading_profile, v.grading.clone()),
        ],
        s,
    )?;
    row += 1;
    ws.write_string_with_format(row, 0, l.counts, &s.heading)?;
    row += 1;
    let counts_first = row;
    for c in &v.grade_counts {
        ws.write_string_with_format(row, 0, &c.label, &s.label)?;
        ws.write_number_with_format(row, 1, c.count as f64, &s.wrap.clone().set_num_format("0"))?;
        row += 1;
    }
    for c in &v.status_counts {
        ws.write_string_with_format(row, 0, format!("{}: {}", l.requirements, c.label), &s.label)?;
        ws.write_number_with_format(row, 1, c.count as f64, &s.wrap.clone().set_num_format("0"))?;
        row += 1;
    }
    for c in &v.basis_counts {
        ws.write_string_with_format(row, 0, format!("{}: {}", l.basis, c.label), &s.label)?;
        ws.write_number_with_format(row, 1, c.count as f64, &s.wrap.clone().set_num_format("0"))?;
        row += 1;
    }
    row += 1;
    ws.write_string_with_format(row, 0, l.clause_scores, &s.heading)?;
    row += 1;
    let header_row = row;
    for (c, h) in [
        l.clause,
        l.title,
        l.score,
        l.conforming,
        l.partial,
        l.nonconforming,
        l.not_assessed,
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(row, c as u16, *h, &s.label)?;
    }
    row += 1;
    let first = row;
    for c in &v.top_clauses {
        ws.write_string_with_format(row, 0, &c.id, &s.wrap)?;
        text_cell(ws, row, 1, &c.title, &s.wrap, s, l.title)?;
        ws.write_number_with_format(row, 2, c.score.unwrap_or(0.0), &s.number)?;
        for (k, n) in [c.conforming, c.partial, c.nonconforming, c.not_assessed]
            .iter()
            .enumerate()
        {
            ws.write_number_with_format(
                row,
                3 + k as u16,
                *n as f64,
                &s.wrap.clone().set_num_format("0"),
            )?;
        }
        row += 1;
    }
    let last = row - 1;
    let name = ws.name();
    let mut bar = Chart::new(ChartType::Bar);
    bar.title().set_name(l.clause_scores);
    bar.add_series()
        .set_categories((name.as_str(), first, 1, last, 1))
        .set_values((name.as_str(), first, 2, last, 2))
        .set_name(l.score)
        .set_format(ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color("1F618D")));
    bar.x_axis().set_min(0).set_max(100);
    bar.legend().set_hidden();
    ws.insert_chart(header_row, 9, &bar)?;
    let mut radar = Chart::new(ChartType::Radar);
    radar.title().set_name(&format!("{} 4-9", l.clause));
    radar
        .add_series()
        .set_categories((name.as_str(), first, 0, last, 0))
        .set_values((name.as_str(), first, 2, last, 2))
        .set_name(l.score);
    radar.legend().set_hidden();
    ws.insert_chart(header_row + 16, 9, &radar)?;
    let mut grades = Chart::new(ChartType::Column);
    grades.title().set_name(l.counts);
    grades
        .add_series()
        .set_categories((
            name.as_str(),
            counts_first,
            0,
            counts_first + Grade::ALL.len() as u32 - 1,
            0,
        ))
        .set_values((
            name.as_str(),
            counts_first,
            1,
            counts_first + Grade::ALL.len() as u32 - 1,
            1,
        ))
        .set_points(&Grade::ALL.map(|g| {
            ChartPoint::new().set_format(
                ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(grade_colour(g))),
            )
        }));
    grades.legend().set_hidden();
    ws.insert_chart(2, 9, &grades)?;
    Ok(())
}

fn requirements(ws: &mut Worksheet, v: &ReportView, s: &Styles) -> Result<(), XlsxError> {
    let l = &v.labels;
    ws.set_name(sheet_name(l.requirements))?;
    let headers = [
        (l.requirement, 12.0),
        (l.clause, 9.0),
        (l.text, 60.0),
        (l.status, 16.0),
        (l.score, 8.0),
        (l.auto_status, 16.0),
        (l.auditor_status, 16.0),
        (l.auditor_note, 30.0),
        (l.basis, 16.0),
        (l.findings, 14.0),
        (l.evidence_files, 40.0),
        (l.recommended_action, 50.0),
    ];
    let rows: Vec<Vec<String>> = v
        .requirements
        .iter()
        .map(|r| {
            vec![
                r.id.clone(),
                r.clause.clone(),
                r.text.clone(),
                r.status.clone(),
                r.score_text.clone(),
                r.auto_status.clone(),
                r.auditor_status.clone(),
                r.auditor_note.clone(),
                r.basis.clone(),
                r.findings.clone(),
                r.evidence_files.clone(),
                if r.action.is_empty() {
                    r.notes.clone()
                } else {
                    r.action.clone()
                },
            ]
        })
        .collect();
    table(ws, 0, &headers, &rows, s)?;
    status_highlights(ws, v, 1, rows.len() as u32, 3)?;
    Ok(())
}

fn findings_rows(v: &ReportView, auditee: bool) -> Vec<Vec<String>> {
    v.findings
        .iter()
        .filter(|f| !auditee || f.grade_code != Grade::Ofi)
        .map(|f| {
            let mut row = vec![
                f.id.clone(),
                f.grade_text.clone(),
                f.requirements.clone(),
                f.clause.clone(),
                f.code.clone(),
                f.statement_full.clone(),
                f.grading_rationale.clone(),
                f.evidence_text.clone(),
                f.sample
                    .as_ref()
                    .map(|s| format!("{} / {} ({})", s.size, s.population, s.method))
                    .unwrap_or_default(),
                f.recommendation.clone(),
            ];
            if auditee {
                row.extend(std::iter::repeat_n(String::new(), 6));
            }
            row
        })
        .collect()
}

fn action_plan(ws: &mut Worksheet, v: &ReportView, s: &Styles) -> Result<(), XlsxError> {
    let l = &v.labels;
    ws.set_name(sheet_name(l.action_plan))?;
    let headers = [
        (l.priority, 9.0),
        (l.finding, 9.0),
        (l.grade, 20.0),
        (l.requirement, 12.0),
        (l.statement, 60.0),
        (l.recommended_action, 60.0),
        (l.owner, 18.0),
        (l.due_date, 14.0),
        (l.action_status, 14.0),
    ];
    let rows: Vec<Vec<String>> = v
        .actions
        .iter()
        .map(|f| {
            vec![
                f.priority.to_string(),
                f.id.clone(),
                f.grade.clone(),
                f.requirements.clone(),
                f.statement_full.clone(),
                f.recommendation.clone(),
                String::new(),
                String::new(),
                String::new(),
            ]
        })
        .collect();
    table(ws, 0, &headers, &rows, s)?;
    grade_highlights(ws, v, 1, rows.len() as u32, 2)?;
    Ok(())
}

fn documents(ws: &mut Worksheet, v: &ReportView, s: &Styles) -> Result<(), XlsxError> {
    let l = &v.labels;
    ws.set_name(sheet_name(l.mandatory_documents))?;
    let headers = [
        (l.code, 7.0),
        (l.document_type, 45.0),
        (l.found, 9.0),
        (l.file, 45.0),
        (l.version, 10.0),
        (l.approved, 30.0),
        (l.next_review, 14.0),
    ];
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
    table(ws, 0, &headers, &rows, s)?;
    let missing = ConditionalFormatText::new()
        .set_rule(ConditionalFormatTextRule::BeginsWith(l.no.to_string()))
        .set_format(
            Format::new()
                .set_font_color(status_colour(Status::Nonconforming))
                .set_bold(),
        );
    ws.add_conditional_format(1, 2, rows.len() as u32, 2, &missing)?;
    Ok(())
}

fn evidence(ws: &mut Worksheet, v: &ReportView, s: &Styles) -> Result<(), XlsxError> {
    let l = &v.labels;
    ws.set_name(sheet_name(l.evidence))?;
    let headers = [
        (l.path, 50.0),
        (l.sha256, 66.0),
        (l.bytes, 12.0),
        (l.kind, 10.0),
        (l.serves, 50.0),
    ];
    let rows: Vec<Vec<String>> = v
        .evidence_files
        .iter()
        .map(|f| {
            vec![
                f.path.clone(),
                f.sha256.clone(),
                f.bytes.to_string(),
                f.kind.clone(),
                f.serves.clone(),
            ]
        })
        .collect();
    table(ws, 0, &headers, &rows, s)
}

fn tailoring(ws: &mut Worksheet, v: &ReportView, s: &Styles) -> Result<(), XlsxError> {
    let l = &v.labels;
    ws.set_name(sheet_name(l.tailoring))?;
    let headers = [
        (l.target, 12.0),
        (l.requested, 30.0),
        (l.reason, 50.0),
        (l.decision, 60.0),
    ];
    let rows: Vec<Vec<String>> = if v.tailoring.is_empty() {
        vec![vec![
            String::new(),
            String::new(),
            String::new(),
            l.no_tailoring.to_string(),
        ]]
    } else {
        v.tailoring
            .iter()
            .map(|t| {
                vec![
                    t.target.clone(),
                    t.requested.clone(),
                    t.reason.clone(),
                    t.decision.clone(),
                ]
            })
            .collect()
    };
    table(ws, 0, &headers, &rows, s)
}

fn audit_details(ws: &mut Worksheet, v: &ReportView, s: &Styles) -> Result<(), XlsxError> {
    let l = &v.labels;
    ws.set_name(sheet_name(l.audit_details))?;
    ws.set_column_width(0, 32)?;
    ws.set_column_width(1, 90)?;
    text_cell(ws, 0, 0, &v.title, &s.title, s, "title")?;
    let team = v
        .team
        .iter()
        .map(|t| format!("{} ({})", t.name, t.role))
        .collect::<Vec<_>>()
        .join("; ");
    let mut row = 2;
    key_values(
        ws,
        &mut row,
        &[
            (l.organisation, v.organisation.clone()),
            (l.audit_date, v.assessment_date.clone()),
            (l.audit_period, v.period.clone()),
            (l.objectives, l.objectives_text.to_string()),
            (l.scope, v.scope.clone()),
            (l.services, v.services.clone()),
            (l.locations, v.locations.clone()),
            (l.criteria, l.criteria_text.to_string()),
            (l.audit_team, team),
            (l.independence, v.independence.clone()),
            (l.verified_score, v.score_text.clone()),
            (l.verdict, v.verdict.clone()),
            (l.basis_counts, v.basis_summary.clone()),
            (l.grading_profile, v.grading.clone()),
            (
                l.fulfilment,
                v.status_counts
                    .iter()
                    .map(|c| format!("{}: {}", c.label, c.count))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            (
                l.counts,
                v.grade_counts
                    .iter()
                    .map(|c| format!("{}: {}", c.label, c.count))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            (l.distribution, l.distribution_text.to_string()),
            (l.sampling, l.sampling_note.to_string()),
        ],
        s,
    )?;
    Ok(())
}

fn findings_register(ws: &mut Worksheet, v: &ReportView, s: &Styles) -> Result<(), XlsxError> {
    let l = &v.labels;
    ws.set_name(sheet_name(l.corrective_actions))?;
    let headers = [
        (l.finding, 9.0),
        (l.grade, 20.0),
        (l.requirement, 12.0),
        (l.clause, 9.0),
        (l.code, 24.0),
        (l.statement, 60.0),
        (l.grading_rationale, 40.0),
        (l.evidence, 50.0),
        (l.sample_size, 16.0),
        (l.recommendation, 50.0),
        (l.root_cause, 30.0),
        (l.correction, 30.0),
        (l.corrective_action, 30.0),
        (l.owner, 18.0),
        (l.due_date, 14.0),
        (l.verification, 24.0),
    ];
    let rows = findings_rows(v, true);
    table(ws, 0, &headers, &rows, s)?;
    grade_highlights(ws, v, 1, rows.len() as u32, 1)?;
    Ok(())
}

fn sampling(ws: &mut Worksheet, v: &ReportView, s: &Styles) -> Result<(), XlsxError> {
    let l = &v.labels;
    ws.set_name(sheet_name(l.sampling))?;
    let headers = [
        (l.finding, 9.0),
        (l.requirement, 12.0),
        (l.code, 30.0),
        (l.population, 12.0),
        (l.sample_method, 14.0),
        (l.seed, 10.0),
        (l.sample_size, 12.0),
        (l.sampled_ids, 80.0),
    ];
    let rows: Vec<Vec<String>> = v
        .samples
        .iter()
        .map(|x| {
            vec![
                x.finding.clone(),
                x.requirement.clone(),
                x.code.clone(),
                x.population.to_string(),
                x.method.clone(),
                x.seed.clone(),
                x.size.to_string(),
                x.ids.clone(),
            ]
        })
        .collect();
    table(ws, 0, &headers, &rows, s)
}
