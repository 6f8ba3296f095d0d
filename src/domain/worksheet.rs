//! The auditor worksheet's layout, shared by the writer (`iso20k worksheet`) and the evidence
//! reader that reads it back: sheet names, column headers in both languages, and the lists
//! of verdicts and grades. Defined once, so what is written can always be read.

/// The hidden sheet that marks a workbook as an auditor worksheet and records what it was
/// made for. Its name is the same in every language: it is how a worksheet left in a
/// workspace is recognised.
pub const ABOUT_SHEET: &str = "iso20k-worksheet";

/// The first cell of the about sheet, and the format's version.
pub const FORMAT: &str = "iso20k auditor worksheet 1";

/// The requirements sheet's name (en, zh).
pub const REQUIREMENTS_SHEET: (&str, &str) = ("Requirements", "要求");

/// The sheet of findings not tied to one requirement row (en, zh).
pub const FINDINGS_SHEET: (&str, &str) = ("Auditor findings", "审核员发现项");

/// The verdicts an auditor may give, as the evidence register names them.
pub const VERDICTS: [&str; 4] = ["conforming", "partial", "nonconforming", "not_assessed"];

/// The grades an auditor may give a finding, by their names in assessment.json.
pub const GRADES: [&str; 4] = ["major", "minor", "observation", "ofi"];

/// Rows of the findings sheet given the data validations (and so the drop-downs).
pub const FINDING_ROWS: u32 = 200;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Requirement id.
    Id,
    /// Leaf clause.
    Clause,
    /// Requirement text, English.
    TextEn,
    /// Requirement text, Chinese.
    TextZh,
    /// The status the rules gave.
    AutoStatus,
    /// On what that status rests.
    Basis,
    /// Findings already raised on the requirement.
    Findings,
    /// What an auditor usually asks to see.
    Examine,
    /// The auditor's verdict.
    Verdict,
    /// The grade of a finding the auditor raises.
    Grade,
    /// What was found (findings sheet).
    Statement,
    /// Objective evidence the auditor saw.
    Evidence,
    /// What to do (findings sheet).
    Recommendation,
    /// The auditor's note.
    Note,
    /// The auditor's name.
    Auditor,
    /// When the auditor judged it.
    Date,
}

/// One column of a worksheet sheet.
#[derive(Debug)]
pub struct Column {
    /// What it holds.
    pub field: Field,
    /// Header (en, zh).
    pub header: (&'static str, &'static str),
    /// Width in characters.
    pub width: f64,
    /// Whether the auditor fills it in (unlocked); the others are locked.
    pub auditor: bool,
}

const fn col(
    field: Field,
    en: &'static str,
    zh: &'static str,
    width: f64,
    auditor: bool,
) -> Column {
    Column {
        field,
        header: (en, zh),
        width,
        auditor,
    }
}

/// The requirements sheet's columns, in order.
pub static REQUIREMENT_COLUMNS: &[Column] = &[
    col(Field::Id, "Requirement id", "要求编号", 13.0, false),
    col(Field::Clause, "Clause", "条款", 9.0, false),
    col(
        Field::TextEn,
        "Requirement (English)",
        "要求（英文）",
        50.0,
        false,
    ),
    col(
        Field::TextZh,
        "Requirement (Chinese)",
        "要求（中文）",
        36.0,
        false,
    ),
    col(
        Field::AutoStatus,
        "Automatic status",
        "自动判定状态",
        15.0,
        false,
    ),
    col(Field::Basis, "Basis", "判定依据", 13.0, false),
    col(
        Field::Findings,
        "Findings raised",
        "已提出的发现项",
        24.0,
        false,
    ),
    col(Field::Examine, "What to examine", "审核要点", 40.0, false),
    col(Field::Verdict, "Verdict", "审核结论", 16.0, true),
    col(Field::Grade, "Grade of a finding", "发现项等级", 14.0, true),
    col(
        Field::Evidence,
        "Objective evidence seen",
        "所见客观证据",
        40.0,
        true,
    ),
    col(Field::Note, "Note", "备注", 40.0, true),
    col(Field::Auditor, "Auditor", "审核员", 16.0, true),
    col(Field::Date, "Date", "日期", 12.0, true),
];

/// The findings sheet's columns, in order.
pub static FINDING_COLUMNS: &[Column] = &[
    col(Field::Id, "Requirement id", "要求编号", 13.0, true),
    col(Field::Grade, "Grade", "等级", 14.0, true),
    col(Field::Statement, "What was found", "发现的情况", 50.0, true),
    col(
        Field::Evidence,
        "Objective evidence seen",
        "所见客观证据",
        40.0,
        true,
    ),
    col(Field::Recommendation, "Recommendation", "建议", 40.0, true),
    col(Field::Auditor, "Auditor", "审核员", 16.0, true),
    col(Field::Date, "Date", "日期", 12.0, true),
];
