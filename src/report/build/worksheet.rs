//! The auditor worksheet written: one row per requirement of the catalogue with what the
//! automatic assessment concluded and what to examine, columns for the auditor's verdict,
//! finding grade, objective evidence and note, and a sheet for findings not tied to one row.
//! Only the auditor's columns are unlocked; verdicts, grades and dates are checked by the
//! spreadsheet as they are typed. The evidence reader reads it back with the same layout
//! ([`crate::domain::worksheet`]).
//!
//! Every text is written as a string (never a formula), and the workbook's creation time is
//! the assessment date, so the same assessment gives the same bytes.

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime,
    Format, FormatAlign, FormatBorder, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use crate::assessment::Assessment;
use crate::catalogue::Catalogue;
use crate::domain::worksheet::{
    Column, Field, ABOUT_SHEET, FINDINGS_SHEET, FINDING_COLUMNS, FINDING_ROWS, FORMAT, GRADES,
    REQUIREMENTS_SHEET, REQUIREMENT_COLUMNS, VERDICTS,
};
use crate::i18n::Lang;

/// The file the worksheet is written to.
pub const FILE_NAME: &str = "auditor-worksheet.xlsx";

struct Styles {
    header: Format,
    locked: Format,
    open: Format,
    open_date: Format,
}

fn styles() -> Styles {
    let border = |f: Format| f.set_border(FormatBorder::Thin).set_border_color("BFC9CA");
    let wrap = |f: Format| f.set_text_wrap().set_align(FormatAlign::Top);
    Styles {
        header: border(
            Format::new()
                .set_bold()
                .set_text_wrap()
                .set_background_color("EAF2F8"),
        ),
        locked: border(wrap(Format::new().set_background_color("F4F6F6"))),
        open: border(wrap(Format::new().set_unlocked())),
        open_date: border(
            Format::new()
                .set_unlocked()
                .set_align(FormatAlign::Top)
                .set_num_format("yyyy-mm-dd"),
        ),
    }
}

/// Renders the worksheet for `assessment` (made against `catalogue`), headers in `lang`.
pub fn render(
    assessment: &Assessment,
    catalogue: &Catalogue,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let date = assessment.assessment_date.as_deref().unwrap_or("");
    let (y, m, d) = crate::report::xlsx::date_parts(date);
    // No iso20k report marker: a filled worksheet in the workspace is evidence to read.
    let props = DocProperties::new()
        .set_title(format!("Auditor worksheet — {}", assessment.organisation))
        .set_author("iso20k")
        .set_company(&assessment.organisation)
        .set_creation_datetime(&ExcelDateTime::from_ymd(y, m, d)?);
    wb.set_properties(&props);
    let s = styles();
    let pick = |pair: (&'static str, &'static str)| match lang {
        Lang::En => pair.0,
        Lang::Zh => pair.1,
    };

    let ws = wb.add_worksheet();
    ws.set_name(pick(REQUIREMENTS_SHEET))?;
    let rows = catalogue.requirements.len() as u32;
    layout(ws, REQUIREMENT_COLUMNS, rows.max(1), lang, &s)?;
    for (i, req) in catalogue.requirements.iter().enumerate() {
        let row = i as u32 + 1;
        let result = assessment.requirements.iter().find(|r| r.id == req.id);
        let raised: Vec<String> = result
            .map(|r| {
                r.findings
                    .iter()
                    .map(
                        |id| match assessment.findings.iter().find(|f| &f.id == id) {
                            Some(f) => format!("{id} {} ({})", f.code, f.grade.name()),
                            None => id.clone(),
                        },
                    )
                    .collect()
            })
            .unwrap_or_default();
        for (c, column) in REQUIREMENT_COLUMNS.iter().enumerate() {
            let text = match column.field {
                Field::Id => req.id.clone(),
                Field::Clause => req.clause.clone(),
                Field::TextEn => req.text.en.clone(),
                Field::TextZh => req.text.zh.clone(),
                Field::AutoStatus => result
                    .map(|r| r.auto_status.name().to_string())
                    .unwrap_or_default(),
                Field::Basis => result
                    .map(|r| r.basis.name().to_string())
                    .unwrap_or_default(),
                Field::Findings => raised.join("\n"),
                Field::Examine => req.typical_evidence.get(lang).to_string(),
                _ => continue,
            };
            // Catalogue and assessment text, written as text: never a formula.
            ws.write_string_with_format(row, c as u16, &text, &s.locked)?;
        }
    }
    // Only the auditor's columns can be edited; no password, so the lock guards against
    // slips, not against the auditor.
    ws.protect_with_options(&protection());

    let ws = wb.add_worksheet();
    ws.set_name(pick(FINDINGS_SHEET))?;
    layout(ws, FINDING_COLUMNS, FINDING_ROWS, lang, &s)?;
    ws.protect_with_options(&protection());

    let about = wb.add_worksheet();
    about.set_name(ABOUT_SHEET)?;
    let entries = [
        ("format", FORMAT.to_string()),
        ("catalogue", catalogue.header.id.clone()),
        ("catalogue_version", catalogue.header.version.clone()),
        ("assessment_date", date.to_string()),
        ("organisation", assessment.organisation.clone()),
        ("tool", format!("iso20k {}", env!("CARGO_PKG_VERSION"))),
    ];
    for (r, (key, value)) in entries.iter().enumerate() {
        about.write_string(r as u32, 0, *key)?;
        about.write_string(r as u32, 1, value)?;
    }
    about.set_column_width(0, 20)?;
    about.set_column_width(1, 40)?;
    about.set_hidden(true);
    about.protect();
    wb.save_to_buffer()
}

/// What a protected sheet still lets the auditor do: resize rows and columns.
fn protection() -> ProtectionOptions {
    ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    }
}

/// Headers, widths, frozen panes, the auditor columns' formats and the validations of
/// `rows` data rows.
fn layout(
    ws: &mut Worksheet,
    columns: &[Column],
    rows: u32,
    lang: Lang,
    s: &Styles,
) -> Result<(), XlsxError> {
    let verdicts = DataValidation::new()
        .allow_list_strings(&VERDICTS)?
        .set_error_title("Verdict")?
        .set_error_message(format!("Pick one of: {} / 请选择其一", VERDICTS.join(", ")))?
        .set_error_style(DataValidationErrorStyle::Stop);
    let grades = DataValidation::new()
        .allow_list_strings(&GRADES)?
        .set_error_title("Grade")?
        .set_error_message(format!("Pick one of: {} / 请选择其一", GRADES.join(", ")))?;
    let (from, to) = (
        ExcelDateTime::from_ymd(2000, 1, 1)?,
        ExcelDateTime::from_ymd(2099, 12, 31)?,
    );
    let dates = DataValidation::new()
        .allow_date(DataValidationRule::Between(from, to))
        .set_error_title("Date")?
        .set_error_message("Write a date as YYYY-MM-DD / 日期请写作YYYY-MM-DD")?;
    for (c, column) in columns.iter().enumerate() {
        let c = c as u16;
        let header = match lang {
            Lang::En => column.header.0,
            Lang::Zh => column.header.1,
        };
        ws.write_string_with_format(0, c, header, &s.header)?;
        ws.set_column_width(c, column.width)?;
        if column.auditor {
            let format = if column.field == Field::Date {
                &s.open_date
            } else {
                &s.open
            };
            // Formatting every data cell (not only the column) unlocks them in every
            // spreadsheet, including those that ignore column formats under protection.
            for row in 1..=rows {
                ws.write_blank(row, c, format)?;
            }
            let validation = match column.field {
                Field::Verdict => Some(&verdicts),
                Field::Grade => Some(&grades),
                Field::Date => Some(&dates),
                _ => None,
            };
            if let Some(v) = validation {
                ws.add_data_validation(1, c, rows, c, v)?;
            }
        }
    }
    ws.set_freeze_panes(1, 1)?;
    ws.set_row_height(0, 30)?;
    Ok(())
}
