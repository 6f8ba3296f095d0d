//! The auditor worksheet read back: the verdicts, notes and findings an auditor wrote into the
//! workbook `iso20k worksheet` generated, with every cell that cannot be used named (file,
//! sheet, cell) and the rest of the sheet read.
//!
//! The layout — sheet names, column headers in both languages, the lists of verdicts and
//! grades — is [`crate::domain::worksheet`]'s, which the writer uses too. Verdicts and grades
//! are kept as their names in those lists; the checker turns them into statuses and grades. Columns are found by their header text
//! in either language (case and surrounding spaces ignored), never by position, so a workbook
//! re-saved by Excel or LibreOffice reads the same.

use std::collections::BTreeSet;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};
use sha2::{Digest, Sha256};

use super::limits::{check_zip, Limits};
use super::{EvidenceIndex, Warning};
use crate::catalogue::Catalogue;
use crate::diagnostic::DiagnosticKind;
use crate::domain::date::Timestamp;
use crate::domain::hex;
pub use crate::domain::worksheet::*;
use crate::evidence::table::column_letters;

/// `EVD002`: a cell of an auditor worksheet cannot be used.
pub static WORKSHEET_CELL: DiagnosticKind = DiagnosticKind {
    code: "EVD002",
    title: ("a cell of the auditor worksheet cannot be used", "审核员工作表中有无法使用的单元格"),
    explanation: ("A row of the auditor worksheet names a requirement id the catalogue does not have, a verdict or grade not in its list, a date that is not a date, or a finding without what was found. The row (or, for a date, the value) is left out; the rest of the sheet is read.", "审核员工作表的某行引用了目录中不存在的要求编号、列表之外的结论或等级、不是日期的日期，或发现项缺少所发现的情况。该行（日期则为该值）被略过；工作表其余内容照常读取。"),
    hint: ("correct the cell named (pick the verdict or grade from the cell's list; write dates as YYYY-MM-DD) and assess again", "更正所指单元格（从单元格列表中选择结论或等级；日期写作YYYY-MM-DD），然后重新评估"),
};

/// `EVD003`: an auditor worksheet was made for another catalogue.
pub static WORKSHEET_OTHER_CATALOGUE: DiagnosticKind = DiagnosticKind {
    code: "EVD003",
    title: ("the auditor worksheet was made for another catalogue", "审核员工作表是为另一目录生成的"),
    explanation: ("The worksheet's about sheet names another catalogue (or version) than the one assessed against. Rows whose requirement ids exist in this catalogue are read; ids the catalogue does not have are reported cell by cell.", "工作表的说明页所记录的目录（或版本）与本次评估所用的不同。要求编号在本目录中存在的行照常读取；本目录没有的编号逐格报告。"),
    hint: ("assess with the catalogue the worksheet was made for (--edition or --catalogue), or generate a new worksheet with `iso20k worksheet` and copy the verdicts across", "使用生成工作表时的目录评估（--edition或--catalogue），或用`iso20k worksheet`生成新工作表并将结论复制过去"),
};

/// `EVD004`: an auditor worksheet cannot be read.
pub static WORKSHEET_UNREADABLE: DiagnosticKind = DiagnosticKind {
    code: "EVD004",
    title: ("the auditor worksheet cannot be read", "无法读取审核员工作表"),
    explanation: ("The workbook is not an auditor worksheet iso20k can read: it is not an XLSX file, or a sheet or a column header it needs is missing or was renamed. Nothing of that sheet is used.", "该工作簿不是iso20k可读取的审核员工作表：不是XLSX文件，或所需的工作表或列标题缺失或被改名。该工作表的内容均未使用。"),
    hint: ("keep the sheets and headers `iso20k worksheet` wrote (save as .xlsx), or generate a new worksheet and copy the entries across", "保留`iso20k worksheet`写出的工作表和标题（另存为.xlsx），或生成新工作表并将内容复制过去"),
};

/// Every workspace diagnostic of the worksheet, for `iso20k explain`.
pub static DIAGNOSTICS: &[&DiagnosticKind] = &[
    &WORKSHEET_CELL,
    &WORKSHEET_OTHER_CATALOGUE,
    &WORKSHEET_UNREADABLE,
];

/// An auditor's verdict on one requirement.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditorVerdict {
    /// Requirement id.
    pub requirement: String,
    /// The verdict: one of [`VERDICTS`].
    pub verdict: &'static str,
    /// Note, objective evidence, auditor and date, in one text.
    pub note: Option<String>,
    /// The grade written on the same row, when the auditor gave one: with a verdict of
    /// partial or nonconforming it replaces the automatic grade of the findings on the
    /// requirement.
    pub grade: Option<&'static str>,
    /// The auditor's name.
    pub auditor: Option<String>,
    /// The date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The worksheet (workspace-relative when inside the workspace).
    pub path: String,
    /// The sheet.
    pub sheet: String,
    /// The row number (1-based, as the spreadsheet shows it).
    pub row: u32,
}

/// A finding an auditor raised in a worksheet.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditorFinding {
    /// Requirement id.
    pub requirement: String,
    /// The auditor's grade: one of [`GRADES`].
    pub grade: &'static str,
    /// What was found.
    pub statement: String,
    /// What to do, if the auditor said.
    pub recommendation: Option<String>,
    /// The objective evidence the auditor saw, one item per line or `;`.
    pub evidence: Vec<String>,
    /// The auditor's name.
    pub auditor: Option<String>,
    /// The date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The worksheet (workspace-relative when inside the workspace).
    pub path: String,
    /// The worksheet's SHA-256.
    pub sha256: String,
    /// The sheet.
    pub sheet: String,
    /// The row number (1-based, as the spreadsheet shows it).
    pub row: u32,
}

/// Everything read from the auditor worksheets of a run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditorInput {
    /// The worksheets read, as named in warnings and evidence references.
    pub files: Vec<String>,
    /// Verdicts, in the order read.
    pub verdicts: Vec<AuditorVerdict>,
    /// Findings, in the order read.
    pub findings: Vec<AuditorFinding>,
}

/// Whether an XLSX file's bytes are an auditor worksheet: its workbook names the about sheet.
/// Only the workbook part is inflated (at most 1 MB of it), so this costs little for any file.
pub fn is_worksheet(bytes: &[u8]) -> bool {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    let Ok(entry) = archive.by_name("xl/workbook.xml") else {
        return false;
    };
    let mut xml = Vec::new();
    if entry.take(1 << 20).read_to_end(&mut xml).is_err() {
        return false;
    }
    let needle = format!("name=\"{ABOUT_SHEET}\"");
    xml.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// Reads the worksheets the scan found (workspace-relative path, bytes) into `input`, their
/// problems into `warnings`.
pub(crate) fn read_found(
    worksheets: &[(String, Vec<u8>)],
    limits: &Limits,
    catalogue: &Catalogue,
    input: &mut AuditorInput,
    warnings: &mut Vec<Warning>,
) {
    for (path, bytes) in worksheets {
        read(bytes, path, limits, catalogue, input, warnings);
    }
}

/// Reads the worksheet `file` given on the command line into the index, unless it is one the
/// scan already read. Named relative to the workspace when inside it, else as given.
pub fn add(
    index: &mut EvidenceIndex,
    file: &Path,
    workspace: &Path,
    catalogue: &Catalogue,
) -> Result<(), WorksheetError> {
    let max = index.manifest.limits.max_file_bytes;
    if std::fs::metadata(file).is_ok_and(|m| m.len() > max) {
        return Err(WorksheetError::TooLarge {
            file: file.to_path_buf(),
            megabytes: max >> 20,
        });
    }
    let bytes = std::fs::read(file).map_err(|source| WorksheetError::Unreadable {
        file: file.to_path_buf(),
        source,
    })?;
    if !is_worksheet(&bytes) {
        return Err(WorksheetError::NotAWorksheet {
            file: file.to_path_buf(),
        });
    }
    let inside = match (file.canonicalize(), workspace.canonicalize()) {
        (Ok(f), Ok(w)) => f
            .strip_prefix(&w)
            .ok()
            .map(|p| p.to_string_lossy().replace('\\', "/")),
        _ => None,
    };
    let name = inside.unwrap_or_else(|| file.display().to_string());
    if index.auditor.files.contains(&name) {
        return Ok(());
    }
    let mut warnings = std::mem::take(&mut index.warnings);
    let limits = index.manifest.limits.clone();
    read(
        &bytes,
        &name,
        &limits,
        catalogue,
        &mut index.auditor,
        &mut warnings,
    );
    warnings.sort_by_cached_key(Warning::sort_key);
    index.warnings = warnings;
    Ok(())
}

/// A header as compared: trimmed, lower-case, inner spaces collapsed.
fn normalise_header(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A verdict or grade as compared: trimmed, lower-case, spaces and hyphens as `_`.
fn normalise_choice(s: &str) -> String {
    s.trim().to_lowercase().replace([' ', '-'], "_")
}

/// The verdict of the list a verdict cell names.
pub fn verdict_of(raw: &str) -> Option<&'static str> {
    let raw = normalise_choice(raw);
    VERDICTS.into_iter().find(|v| *v == raw)
}

/// The grade of the list a grade cell names.
pub fn grade_of(raw: &str) -> Option<&'static str> {
    let raw = normalise_choice(raw);
    GRADES.into_iter().find(|g| *g == raw)
}

/// A cell's text: strings trimmed, numbers as written, errors and blanks empty.
fn cell_text(cell: Option<&Data>) -> String {
    match cell {
        Some(Data::String(s)) | Some(Data::DateTimeIso(s)) | Some(Data::DurationIso(s)) => {
            s.trim().to_string()
        }
        Some(Data::Int(i)) => i.to_string(),
        Some(Data::Float(f)) => f.to_string(),
        Some(Data::Bool(b)) => b.to_string(),
        Some(Data::DateTime(d)) => d.as_f64().to_string(),
        Some(Data::Error(_)) | Some(Data::Empty) | None => String::new(),
    }
}

/// A date cell: a real date cell (Excel), an ISO date-time (some writers), a serial number in
/// a cell whose date format was lost, or `YYYY-MM-DD` typed as text (LibreOffice may keep it
/// so). `Err` holds the text that is not a date.
fn cell_date(cell: Option<&Data>) -> Result<Option<String>, NotADate> {
    let serial = |f: f64| {
        Timestamp::from_excel_serial(f)
            .filter(|t| t.ymd().0 >= 1990)
            .map(|t| t.date_string())
    };
    match cell {
        None | Some(Data::Empty) => Ok(None),
        Some(Data::DateTime(d)) => serial(d.as_f64())
            .map(Some)
            .ok_or(NotADate(d.as_f64().to_string())),
        Some(Data::Float(f)) => serial(*f).map(Some).ok_or(NotADate(f.to_string())),
        Some(Data::Int(i)) => serial(*i as f64).map(Some).ok_or(NotADate(i.to_string())),
        Some(Data::String(s)) | Some(Data::DateTimeIso(s)) => {
            let s = s.trim();
            if s.is_empty() {
                return Ok(None);
            }
            let date = s.get(..10).unwrap_or(s);
            let rest = s.get(10..).unwrap_or("");
            let parts: Vec<&str> = date.split('-').collect();
            let shaped = parts.len() == 3
                && [4, 2, 2]
                    .iter()
                    .zip(&parts)
                    .all(|(n, p)| p.len() == *n && p.bytes().all(|b| b.is_ascii_digit()))
                && (rest.is_empty() || rest.starts_with('T') || rest.starts_with(' '));
            let parsed = shaped
                .then(|| {
                    let n = |i: usize| parts[i].parse::<u32>().unwrap_or(0);
                    Timestamp::from_ymd(n(0) as i64, n(1), n(2))
                })
                .flatten()
                .filter(|t| t.date_string() == date);
            parsed
                .map(|t| Some(t.date_string()))
                .ok_or(NotADate(s.to_string()))
        }
        Some(other) => Err(NotADate(cell_text(Some(other)))),
    }
}

/// A date cell's text that is not a date, as the auditor wrote it.
#[derive(Debug, PartialEq)]
struct NotADate(String);

/// One sheet located: its name, header row (0-based, absolute) and the column of each field.
struct Located {
    name: String,
    range: calamine::Range<Data>,
    header_row: u32,
    columns: Vec<(Field, u32)>,
}

impl Located {
    fn column(&self, field: Field) -> Option<u32> {
        self.columns
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, c)| *c)
    }

    fn cell(&self, row: u32, field: Field) -> Option<&Data> {
        self.range.get_value((row, self.column(field)?))
    }

    fn text(&self, row: u32, field: Field) -> String {
        cell_text(self.cell(row, field))
    }

    /// `Requirements!M14` for the cell of `field` in `row`.
    fn location(&self, row: u32, field: Field) -> String {
        let column = self.column(field).unwrap_or(0);
        format!(
            "{}!{}{}",
            self.name,
            column_letters(column as usize),
            row + 1
        )
    }
}

/// Why a worksheet given with `--worksheet` was not read.
#[derive(Debug, thiserror::Error)]
pub enum WorksheetError {
    /// The file is over the file limit.
    #[error("the worksheet `{}` is over the {megabytes} MB file limit (raise limits.max_file_bytes in assessment.toml if it really is one)", file.display())]
    TooLarge {
        /// The file as given.
        file: PathBuf,
        /// The limit, `limits.max_file_bytes`, in MB.
        megabytes: u64,
    },
    /// The file cannot be read.
    #[error("cannot read the worksheet `{}`: {source} (give the auditor-worksheet.xlsx `iso20k worksheet` wrote)", file.display())]
    Unreadable {
        /// The file as given.
        file: PathBuf,
        /// Why it cannot be read.
        source: std::io::Error,
    },
    /// The file is a workbook but not one `iso20k worksheet` wrote.
    #[error("`{}` is not an auditor worksheet (it has no `{ABOUT_SHEET}` sheet): generate one with `iso20k worksheet` and fill that in", file.display())]
    NotAWorksheet {
        /// The file as given.
        file: PathBuf,
    },
}

/// Why one sheet of a worksheet (requirements or findings) cannot be used.
#[derive(Debug, thiserror::Error)]
enum SheetUnusable {
    /// No sheet has either name.
    #[error("it has no sheet `{}` (or `{}`)", names.0, names.1)]
    Missing { names: (&'static str, &'static str) },
    /// The sheet's cells cannot be read.
    #[error("its sheet `{name}` cannot be read: {source}")]
    Unreadable {
        name: String,
        source: calamine::XlsxError,
    },
    /// None of the first rows holds the id column's header.
    #[error("its sheet `{name}` has no header `{}` (or `{}`)", header.0, header.1)]
    NoHeader {
        name: String,
        header: (&'static str, &'static str),
    },
    /// Columns the reader needs are not in the header row.
    #[error("its sheet `{name}` has no column {}", backticked(missing))]
    MissingColumns {
        name: String,
        missing: Vec<&'static str>,
    },
}

/// `` `a`, `b` ``: headers as the messages name them.
fn backticked(headers: &[&str]) -> String {
    headers
        .iter()
        .map(|h| format!("`{h}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Finds the sheet named `names` (either language, case ignored) and its columns by header.
fn locate(
    workbook: &mut Xlsx<Cursor<&[u8]>>,
    names: (&'static str, &'static str),
    columns: &[Column],
) -> Result<Located, SheetUnusable> {
    let wanted = [normalise_header(names.0), normalise_header(names.1)];
    let name = workbook
        .sheet_names()
        .into_iter()
        .find(|n| wanted.contains(&normalise_header(n)))
        .ok_or(SheetUnusable::Missing { names })?;
    let range = match workbook.worksheet_range(&name) {
        Ok(range) => range,
        Err(source) => return Err(SheetUnusable::Unreadable { name, source }),
    };
    let (start_row, start_col) = range.start().unwrap_or((0, 0));
    let id_headers = [
        normalise_header(columns[0].header.0),
        normalise_header(columns[0].header.1),
    ];
    // The header row is the first (of the first few) that holds the id column's header.
    let header = range.rows().take(10).enumerate().find(|(_, row)| {
        row.iter()
            .any(|c| id_headers.contains(&normalise_header(&cell_text(Some(c)))))
    });
    let Some((offset, row)) = header else {
        return Err(SheetUnusable::NoHeader {
            name,
            header: columns[0].header,
        });
    };
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for c in columns {
        let names = [normalise_header(c.header.0), normalise_header(c.header.1)];
        match row
            .iter()
            .position(|cell| names.contains(&normalise_header(&cell_text(Some(cell)))))
        {
            Some(i) => found.push((c.field, start_col + i as u32)),
            None if c.auditor || c.field == Field::Id => missing.push(c.header.0),
            None => {}
        }
    }
    if !missing.is_empty() {
        return Err(SheetUnusable::MissingColumns { name, missing });
    }
    Ok(Located {
        name,
        range,
        header_row: start_row + offset as u32,
        columns: found,
    })
}

/// The about sheet's catalogue id and version, when present.
fn about(workbook: &mut Xlsx<Cursor<&[u8]>>) -> Option<(String, String)> {
    let range = workbook.worksheet_range(ABOUT_SHEET).ok()?;
    let mut id = None;
    let mut version = None;
    for row in range.rows() {
        let key = cell_text(row.first());
        let value = cell_text(row.get(1));
        match key.as_str() {
            "catalogue" => id = Some(value),
            "catalogue_version" => version = Some(value),
            _ => {}
        }
    }
    Some((id?, version.unwrap_or_default()))
}

/// Reads one worksheet's bytes (named `path` in warnings and references) into `input`.
pub fn read(
    bytes: &[u8],
    path: &str,
    limits: &Limits,
    catalogue: &Catalogue,
    input: &mut AuditorInput,
    warnings: &mut Vec<Warning>,
) {
    let sha256 = hex(&Sha256::digest(bytes));
    let mut warn = |location: String, message: String, code: &str| {
        warnings.push(Warning {
            path: path.to_string(),
            location,
            message,
            code: Some(code.to_string()),
        });
    };
    // Checked like any workbook of the workspace before a sheet is opened: one given with
    // --worksheet comes from anywhere.
    if let Err(e) = check_zip(Cursor::new(bytes), limits) {
        warn(
            String::new(),
            format!("the auditor worksheet was not opened: {e}; none of its entries were used"),
            WORKSHEET_UNREADABLE.code,
        );
        return;
    }
    let mut workbook = match Xlsx::new(Cursor::new(bytes)) {
        Ok(w) => w,
        Err(e) => {
            warn(
                String::new(),
                format!("the auditor worksheet cannot be read ({e}); none of its entries were used: save it as .xlsx"),
                WORKSHEET_UNREADABLE.code,
            );
            return;
        }
    };
    input.files.push(path.to_string());
    if let Some((id, version)) = about(&mut workbook) {
        let header = &catalogue.header;
        if id != header.id || version != header.version {
            warn(
                ABOUT_SHEET.to_string(),
                format!(
                    "the worksheet was made for catalogue {id} {version}, and this assessment uses {} {}: only rows whose requirement ids exist in {} were read",
                    header.id, header.version, header.id
                ),
                WORKSHEET_OTHER_CATALOGUE.code,
            );
        }
    }
    match locate(&mut workbook, REQUIREMENTS_SHEET, REQUIREMENT_COLUMNS) {
        Ok(sheet) => read_requirements(&sheet, catalogue, path, &sha256, input, &mut warn),
        Err(why) => warn(
            String::new(),
            format!("the auditor worksheet cannot be read: {why}; no verdicts were read from it"),
            WORKSHEET_UNREADABLE.code,
        ),
    }
    match locate(&mut workbook, FINDINGS_SHEET, FINDING_COLUMNS) {
        Ok(sheet) => read_findings(&sheet, catalogue, path, &sha256, input, &mut warn),
        Err(why) => warn(
            String::new(),
            format!("the auditor worksheet cannot be read: {why}; no findings were read from it"),
            WORKSHEET_UNREADABLE.code,
        ),
    }
}

/// A cell problem reported as `EVD002`.
type Warn<'a> = dyn FnMut(String, String, &str) + 'a;

/// The requirement id of `row`, if the catalogue has it; else a warning.
fn requirement_id(
    sheet: &Located,
    row: u32,
    catalogue: &Catalogue,
    warn: &mut Warn<'_>,
) -> Option<String> {
    let id = sheet.text(row, Field::Id);
    if let Some(now) = catalogue.current_id(&id) {
        // A worksheet written against an earlier catalogue version names the former id.
        return Some(now.to_string());
    }
    warn(
        sheet.location(row, Field::Id),
        if id.is_empty() {
            "the row has auditor entries but no requirement id; the row was skipped".to_string()
        } else {
            format!(
                "requirement id \"{id}\" is not in catalogue {}; the row was skipped",
                catalogue.header.id
            )
        },
        WORKSHEET_CELL.code,
    );
    None
}

/// The date of `row`, or a warning (the row is still read).
fn row_date(sheet: &Located, row: u32, warn: &mut Warn<'_>) -> Option<String> {
    match cell_date(sheet.cell(row, Field::Date)) {
        Ok(d) => d,
        Err(NotADate(raw)) => {
            warn(
                sheet.location(row, Field::Date),
                format!("date \"{raw}\" is not a date (write YYYY-MM-DD or pick a date); the date was ignored and the rest of the row read"),
                WORKSHEET_CELL.code,
            );
            None
        }
    }
}

/// The objective-evidence items of a cell: one per line or `;`.
fn evidence_items(text: &str) -> Vec<String> {
    text.split(['\n', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Note, objective evidence, auditor and date as one text: what `auditor_note` keeps.
fn auditor_note(note: &str, evidence: &str, auditor: &str, date: Option<&str>) -> Option<String> {
    let mut parts = Vec::new();
    if !note.is_empty() {
        parts.push(note.to_string());
    }
    if !evidence.is_empty() {
        parts.push(format!(
            "Objective evidence: {}",
            evidence_items(evidence).join("; ")
        ));
    }
    let who: Vec<&str> = [auditor, date.unwrap_or("")]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    if !who.is_empty() {
        parts.push(format!("({})", who.join(", ")));
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

fn read_requirements(
    sheet: &Located,
    catalogue: &Catalogue,
    path: &str,
    sha256: &str,
    input: &mut AuditorInput,
    warn: &mut Warn<'_>,
) {
    let Some((end_row, _)) = sheet.range.end() else {
        return;
    };
    let auditor_fields = [
        Field::Verdict,
        Field::Grade,
        Field::Evidence,
        Field::Note,
        Field::Auditor,
        Field::Date,
    ];
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for row in sheet.header_row + 1..=end_row {
        let filled = auditor_fields
            .iter()
            .any(|f| !sheet.text(row, *f).is_empty());
        if !filled {
            continue;
        }
        let Some(id) = requirement_id(sheet, row, catalogue, warn) else {
            continue;
        };
        let verdict_raw = sheet.text(row, Field::Verdict);
        let verdict = if verdict_raw.is_empty() {
            None
        } else if let Some(v) = verdict_of(&verdict_raw) {
            Some(v)
        } else {
            warn(
                sheet.location(row, Field::Verdict),
                format!(
                    "verdict \"{verdict_raw}\" is not one of {}; the row was skipped",
                    VERDICTS.join(", ")
                ),
                WORKSHEET_CELL.code,
            );
            continue;
        };
        let date = row_date(sheet, row, warn);
        let note = sheet.text(row, Field::Note);
        let evidence = sheet.text(row, Field::Evidence);
        let auditor = sheet.text(row, Field::Auditor);
        let grade_raw = sheet.text(row, Field::Grade);
        let grade = if grade_raw.is_empty() {
            None
        } else {
            let g = grade_of(&grade_raw);
            if g.is_none() {
                warn(
                    sheet.location(row, Field::Grade),
                    format!(
                        "grade \"{grade_raw}\" is not one of {}; no finding was raised from this row",
                        GRADES.join(", ")
                    ),
                    WORKSHEET_CELL.code,
                );
            }
            g
        };
        if verdict.is_none() && grade.is_none() && grade_raw.is_empty() {
            warn(
                sheet.location(row, Field::Verdict),
                "the row has a note, evidence, auditor or date but no verdict or grade; nothing was taken from it (pick a verdict)".into(),
                WORKSHEET_CELL.code,
            );
            continue;
        }
        if let Some(verdict) = verdict {
            if !seen.insert(id.clone()) {
                warn(
                    sheet.location(row, Field::Id),
                    format!("requirement {id} has a verdict on more than one row; the most serious verdict counts"),
                    WORKSHEET_CELL.code,
                );
            }
            input.verdicts.push(AuditorVerdict {
                requirement: id.clone(),
                verdict,
                note: auditor_note(&note, &evidence, &auditor, date.as_deref()),
                grade,
                auditor: (!auditor.is_empty()).then(|| auditor.clone()),
                date: date.clone(),
                path: path.to_string(),
                sheet: sheet.name.clone(),
                row: row + 1,
            });
        }
        if let Some(grade) = grade {
            let statement = if !note.is_empty() {
                note.clone()
            } else {
                warn(
                    sheet.location(row, Field::Note),
                    format!("a {grade} finding is raised on {id} without a note saying what was found; write it in the Note column"),
                    WORKSHEET_CELL.code,
                );
                format!("The auditor raised a {grade} finding on {id} and wrote no statement.")
            };
            input.findings.push(AuditorFinding {
                requirement: id,
                grade,
                statement,
                recommendation: None,
                evidence: evidence_items(&evidence),
                auditor: (!auditor.is_empty()).then_some(auditor),
                date,
                path: path.to_string(),
                sha256: sha256.to_string(),
                sheet: sheet.name.clone(),
                row: row + 1,
            });
        }
    }
}

fn read_findings(
    sheet: &Located,
    catalogue: &Catalogue,
    path: &str,
    sha256: &str,
    input: &mut AuditorInput,
    warn: &mut Warn<'_>,
) {
    let Some((end_row, _)) = sheet.range.end() else {
        return;
    };
    for row in sheet.header_row + 1..=end_row {
        if FINDING_COLUMNS
            .iter()
            .all(|c| sheet.text(row, c.field).is_empty())
        {
            continue;
        }
        let Some(id) = requirement_id(sheet, row, catalogue, warn) else {
            continue;
        };
        let grade_raw = sheet.text(row, Field::Grade);
        let Some(grade) = grade_of(&grade_raw) else {
            warn(
                sheet.location(row, Field::Grade),
                if grade_raw.is_empty() {
                    format!(
                        "the finding has no grade (one of {}); the row was skipped",
                        GRADES.join(", ")
                    )
                } else {
                    format!(
                        "grade \"{grade_raw}\" is not one of {}; the row was skipped",
                        GRADES.join(", ")
                    )
                },
                WORKSHEET_CELL.code,
            );
            continue;
        };
        let statement = sheet.text(row, Field::Statement);
        if statement.is_empty() {
            warn(
                sheet.location(row, Field::Statement),
                "the finding does not say what was found; the row was skipped".into(),
                WORKSHEET_CELL.code,
            );
            continue;
        }
        let date = row_date(sheet, row, warn);
        let auditor = sheet.text(row, Field::Auditor);
        let recommendation = sheet.text(row, Field::Recommendation);
        input.findings.push(AuditorFinding {
            requirement: id,
            grade,
            statement,
            recommendation: (!recommendation.is_empty()).then_some(recommendation),
            evidence: evidence_items(&sheet.text(row, Field::Evidence)),
            auditor: (!auditor.is_empty()).then_some(auditor),
            date,
            path: path.to_string(),
            sha256: sha256.to_string(),
            sheet: sheet.name.clone(),
            row: row + 1,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_from_date_cells_and_iso_text_only() {
        assert_eq!(
            cell_date(Some(&Data::String(" 2026-03-05 ".into()))),
            Ok(Some("2026-03-05".into()))
        );
        assert_eq!(
            cell_date(Some(&Data::Float(46086.0))),
            Ok(Some("2026-03-05".into()))
        );
        assert!(cell_date(Some(&Data::String("5 March".into()))).is_err());
        assert!(cell_date(Some(&Data::String("2026-02-30".into()))).is_err());
        assert!(cell_date(Some(&Data::Float(3.0))).is_err());
        assert_eq!(cell_date(None), Ok(None));
    }

    #[test]
    fn verdicts_and_grades_tolerate_case_spaces_and_hyphens_only() {
        assert_eq!(verdict_of(" Not assessed "), Some("not_assessed"));
        assert_eq!(verdict_of("NONCONFORMING"), Some("nonconforming"));
        assert_eq!(verdict_of("passed"), None);
        assert_eq!(grade_of("OFI"), Some("ofi"));
        assert_eq!(grade_of("good practice"), None);
        for v in VERDICTS {
            assert!(verdict_of(v).is_some());
        }
        for g in GRADES {
            assert!(grade_of(g).is_some());
        }
    }

    #[test]
    fn every_column_header_is_unique_in_each_language() {
        for columns in [REQUIREMENT_COLUMNS, FINDING_COLUMNS] {
            let mut seen = BTreeSet::new();
            for c in columns {
                assert!(seen.insert(normalise_header(c.header.0)), "{}", c.header.0);
                assert!(seen.insert(normalise_header(c.header.1)), "{}", c.header.1);
            }
        }
    }
}
