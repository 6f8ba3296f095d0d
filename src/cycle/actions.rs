//! Reading back the corrective actions a provider wrote into the previous report's workbook:
//! the gap analysis's action plan, or the corrective-action columns of the internal audit's
//! findings register. Both are tables keyed by finding id (`F-004`) whose headers are the
//! report's own labels, in English or Chinese.
//!
//! Users fill these in with Excel or LibreOffice, which rewrite the whole file, may store a
//! date as a date cell or as text, and may leave any column blank; so columns are found by
//! their header, dates are read in either form, and a cell that cannot be read is reported
//! by sheet and cell while the rest of the row is kept.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto_from_rs, Data, Reader};

use crate::assessment::CorrectiveAction;
use crate::domain::column_letters;
use crate::domain::date::Timestamp;
use crate::i18n::Lang;
use crate::labels::Labels;

/// The corrective actions read from one workbook.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActionPlan {
    /// The sheet they were read from.
    pub sheet: String,
    /// Each action by the finding id it answers.
    pub actions: BTreeMap<String, CorrectiveAction>,
    /// Cells that could not be read, each naming its sheet and cell.
    pub warnings: Vec<String>,
}

/// Which column holds what, by position in the header row.
#[derive(Debug, Default)]
struct Columns {
    finding: usize,
    owner: Option<usize>,
    due: Option<usize>,
    status: Option<usize>,
    root_cause: Option<usize>,
    correction: Option<usize>,
    corrective_action: Option<usize>,
    verification: Option<usize>,
}

impl Columns {
    /// How many action columns the table has: the sheet with most is the action register.
    fn action_columns(&self) -> usize {
        [
            self.owner,
            self.due,
            self.status,
            self.root_cause,
            self.correction,
            self.corrective_action,
            self.verification,
        ]
        .iter()
        .filter(|c| c.is_some())
        .count()
    }
}

/// The header row's labels that name each column, in both languages.
fn header_columns(row: &[Data]) -> Option<Columns> {
    let normal = |s: &str| s.trim().to_lowercase();
    let labels = [Labels::of(Lang::En), Labels::of(Lang::Zh)];
    let find = |pick: fn(&Labels) -> &'static str| {
        row.iter().position(|cell| {
            let text = normal(&cell.to_string());
            !text.is_empty() && labels.iter().any(|l| normal(pick(l)) == text)
        })
    };
    let finding = find(|l| l.finding)?;
    let columns = Columns {
        finding,
        owner: find(|l| l.owner),
        due: find(|l| l.due_date),
        status: find(|l| l.action_status),
        root_cause: find(|l| l.root_cause),
        correction: find(|l| l.correction),
        corrective_action: find(|l| l.corrective_action),
        verification: find(|l| l.verification),
    };
    (columns.action_columns() > 0).then_some(columns)
}

/// Words that say an action is finished, in the ways people write it.
const DONE_WORDS: &[&str] = &[
    "done",
    "closed",
    "complete",
    "completed",
    "verified",
    "implemented",
    "resolved",
    "effective",
    "完成",
    "已完成",
    "关闭",
    "已关闭",
    "已验证",
    "已实施",
];

/// Whether a status cell says the action is finished.
pub fn says_done(status: &str) -> bool {
    let s = status.trim().to_lowercase();
    // "not done", "未完成": a negation says the opposite of the word it carries.
    if s.contains("not ") || s.starts_with("un") || s.contains('未') || s.contains('不') {
        return false;
    }
    DONE_WORDS
        .iter()
        .any(|w| s == *w || s.starts_with(&format!("{w} ")))
        || DONE_WORDS.iter().any(|w| !w.is_ascii() && s.contains(w))
}

/// `A1`-style name of a cell (row and column 0-based).
fn cell_name(row: usize, col: usize) -> String {
    format!("{}{}", column_letters(col), row + 1)
}

/// A workbook given for its corrective actions that no spreadsheet reader opens.
#[derive(Debug, thiserror::Error)]
#[error("{}: cannot be read as a spreadsheet ({source}); give the workbook the previous run wrote, saved as .xlsx or .ods", path.display())]
pub struct NotAWorkbook {
    /// The workbook.
    pub path: PathBuf,
    /// What the spreadsheet reader said.
    pub source: calamine::Error,
}

/// Reads the corrective actions from a workbook's bytes (named `path` in messages), from the
/// sheet whose table has a finding column and the most action columns. `Ok(None)` when no
/// sheet has such a table (a workbook of another report, or one made before action columns
/// existed). The caller holds the workbook to the evidence reader's limits (zip inflation,
/// ODS cells) first: it comes from anywhere.
pub fn read(bytes: &[u8], path: &Path) -> Result<Option<ActionPlan>, NotAWorkbook> {
    let mut workbook =
        open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|source| NotAWorkbook {
            path: path.to_path_buf(),
            source,
        })?;
    let mut best: Option<(usize, String, calamine::Range<Data>, usize, Columns)> = None;
    for name in workbook.sheet_names() {
        let Ok(range) = workbook.worksheet_range(&name) else {
            continue;
        };
        // The header is within the first rows (a title may sit above it).
        let found = range
            .rows()
            .take(10)
            .enumerate()
            .find_map(|(i, row)| header_columns(row).map(|c| (i, c)));
        if let Some((header, columns)) = found {
            let score = columns.action_columns();
            if best.as_ref().is_none_or(|b| score > b.0) {
                best = Some((score, name.clone(), range, header, columns));
            }
        }
    }
    let Some((_, sheet, range, header, columns)) = best else {
        return Ok(None);
    };
    let start_row = range.start().map_or(0, |(r, _)| r as usize);
    let start_col = range.start().map_or(0, |(_, c)| c as usize);
    let mut plan = ActionPlan {
        sheet: sheet.clone(),
        ..ActionPlan::default()
    };
    for (i, row) in range.rows().enumerate().skip(header + 1) {
        let sheet_row = start_row + i;
        let text = |col: Option<usize>| {
            col.and_then(|c| row.get(c))
                .map(|d| match d {
                    Data::Empty => String::new(),
                    other => other.to_string().trim().to_string(),
                })
                .unwrap_or_default()
        };
        let id = text(Some(columns.finding));
        if id.is_empty() {
            continue;
        }
        let due = match columns.due.and_then(|c| row.get(c).map(|d| (c, d))) {
            None | Some((_, Data::Empty)) => None,
            Some((c, cell)) => match due_date(cell) {
                Some(t) => Some(t.date_string()),
                None => {
                    plan.warnings.push(format!(
                        "{}, sheet {sheet}, cell {}: due date \"{}\" of {id} is not a date; write it as YYYY-MM-DD or as a date cell (the action was read without a due date)",
                        path.display(),
                        cell_name(sheet_row, start_col + c),
                        cell.to_string().trim()
                    ));
                    None
                }
            },
        };
        let status = text(columns.status);
        let verification = text(columns.verification);
        // A verified action is a finished one, whatever the status column (the internal
        // audit's register has none) says.
        let done = says_done(&status) || (status.is_empty() && !verification.is_empty());
        let action = CorrectiveAction {
            owner: text(columns.owner),
            due,
            done,
            status,
            root_cause: text(columns.root_cause),
            correction: text(columns.correction),
            corrective_action: text(columns.corrective_action),
            verification,
            row: (sheet_row + 1) as u32,
        };
        if !action.is_blank() {
            plan.actions.insert(id, action);
        }
    }
    Ok(Some(plan))
}

/// A due date from a date cell, an Excel serial number, or text in any format dates are
/// read in elsewhere.
fn due_date(cell: &Data) -> Option<Timestamp> {
    match cell {
        Data::DateTime(d) => Timestamp::from_excel_serial(d.as_f64()),
        Data::Float(f) => Timestamp::from_excel_serial(*f),
        Data::Int(i) => Timestamp::from_excel_serial(*i as f64),
        Data::String(s) | Data::DateTimeIso(s) => Timestamp::parse(s),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_words_in_either_language() {
        for done in [
            "Done",
            "closed",
            "Completed 2026-05-01",
            "已完成",
            "已关闭（已验证）",
        ] {
            assert!(says_done(done), "{done}");
        }
        for open in ["open", "in progress", "not done", "", "未完成"] {
            assert!(!says_done(open), "{open}");
        }
    }

    #[test]
    fn cell_names() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(13, 25), "Z14");
        assert_eq!(cell_name(1, 26), "AA2");
    }
}
