//! Reading two assessments to compare, and what makes their comparison doubtful: each with a
//! stable code (`CMP…`) that `iso20k explain` describes.

use std::path::Path;

use crate::assessment::{Assessment, ReadError};
use crate::diagnostic::{Diagnostic, DiagnosticKind, Position, Severity};

/// `CMP001`: an assessment to compare cannot be read at all.
pub static ASSESSMENT_UNREADABLE: DiagnosticKind = DiagnosticKind {
    code: "CMP001",
    title: ("an assessment to compare cannot be read", "无法读取要比较的评估"),
    explanation: (
        "The file named does not exist, cannot be opened, or is not UTF-8 text. An assessment to compare is the assessment.json that `iso20k assess` writes into its --out folder; nothing was compared or written.",
        "所指定的文件不存在、无法打开，或不是UTF-8文本。要比较的评估是`iso20k assess`写入其--out文件夹的assessment.json；未进行比较，也未写出任何内容。",
    ),
    hint: (
        "give the path of the assessment.json that `iso20k assess` wrote (in its --out folder)",
        "指定`iso20k assess`写出的assessment.json的路径（位于其--out文件夹中）",
    ),
};

/// `CMP002`: a file to compare is not an assessment.
pub static NOT_AN_ASSESSMENT: DiagnosticKind = DiagnosticKind {
    code: "CMP002",
    title: ("a file to compare is not an iso20k assessment", "要比较的文件不是iso20k评估"),
    explanation: (
        "The file is not JSON, or not the assessment.json format (a report, an OSCAL document or a damaged file); the message gives the line and column where reading stopped. Nothing was compared or written.",
        "该文件不是JSON，或不是assessment.json格式（例如报告、OSCAL文件或已损坏的文件）；消息给出读取中止的行和列。未进行比较，也未写出任何内容。",
    ),
    hint: (
        "give the assessment.json that `iso20k assess` wrote, not a report; assess the workspace again if it was edited by hand",
        "指定`iso20k assess`写出的assessment.json，而非报告；如该文件被手工编辑过，请重新评估工作区",
    ),
};

/// `CMP003`: an assessment to compare was written by a newer iso20k.
pub static NEWER_ASSESSMENT: DiagnosticKind = DiagnosticKind {
    code: "CMP003",
    title: ("an assessment to compare was written by a newer iso20k", "要比较的评估由更新版本的iso20k写出"),
    explanation: (
        "Its `schema_version` has a newer major version than this build reads: fields may have been removed or changed meaning, so it is refused rather than misread. Nothing was compared or written.",
        "其`schema_version`的主版本号高于本版本可读取的版本：字段可能已被删除或含义已改变，因此拒绝读取，以免误读。未进行比较，也未写出任何内容。",
    ),
    hint: (
        "compare with the iso20k that wrote it, or assess both workspaces again with this one",
        "使用写出该文件的iso20k进行比较，或用本版本重新评估两个工作区",
    ),
};

/// `CMP004`: the assessments were made against different catalogues.
pub static OTHER_CATALOGUE: DiagnosticKind = DiagnosticKind {
    code: "CMP004",
    title: ("the assessments were made against different catalogues", "两次评估依据的要求目录不同"),
    explanation: (
        "The two assessments name different catalogues (another id or version, or a catalogue whose files changed). Requirements and clauses are compared by id: one that is in one catalogue only is counted apart, and scores may move because the requirements changed, not the evidence.",
        "两次评估所依据的要求目录不同（编号或版本不同，或目录文件有改动）。要求和条款按编号比较：仅存在于其中一个目录的要求单独计数；得分的变化可能源于要求本身的变化，而非证据的变化。",
    ),
    hint: (
        "to compare like with like, assess the earlier workspace again with the catalogue of the later one (--catalogue or --edition)",
        "如需同口径比较，请用后一次评估的要求目录重新评估前一个工作区（--catalogue或--edition）",
    ),
};

/// `CMP005`: the assessments are of different organisations.
pub static OTHER_ORGANISATION: DiagnosticKind = DiagnosticKind {
    code: "CMP005",
    title: ("the assessments are of different organisations", "两次评估的组织不同"),
    explanation: (
        "The organisation named in the two assessments differs: progress is only meaningful between two assessments of one organisation's workspace. The comparison is still made.",
        "两次评估中的组织名称不同：只有同一组织工作区的两次评估之间的进展才有意义。比较仍会进行。",
    ),
    hint: (
        "check that both files are of the same client; if the organisation was renamed, correct `organisation` in assessment.toml and assess again",
        "确认两个文件属于同一客户；如组织已更名，请更正assessment.toml中的`organisation`并重新评估",
    ),
};

/// `CMP006`: the earlier assessment is dated after the later one.
pub static DATED_AFTER: DiagnosticKind = DiagnosticKind {
    code: "CMP006",
    title: ("the earlier assessment is dated after the later one", "前一次评估的日期晚于后一次"),
    explanation: (
        "`iso20k diff OLD NEW` reads the first file as the earlier assessment, but its assessment date is after the second's: findings the later assessment raised would be reported as closed, and those it closed as new. The comparison is still made in the order given.",
        "`iso20k diff OLD NEW`将第一个文件视为前一次评估，但其评估日期晚于第二个文件：后一次评估提出的发现项会被报告为已关闭，而已关闭的则会被报告为新增。比较仍按给定顺序进行。",
    ),
    hint: (
        "give the earlier assessment first: iso20k diff OLD/assessment.json NEW/assessment.json",
        "先给出前一次评估：iso20k diff OLD/assessment.json NEW/assessment.json",
    ),
};

/// Every comparison diagnostic, for `iso20k explain`.
pub static DIAGNOSTICS: [&DiagnosticKind; 6] = [
    &ASSESSMENT_UNREADABLE,
    &NOT_AN_ASSESSMENT,
    &NEWER_ASSESSMENT,
    &OTHER_CATALOGUE,
    &OTHER_ORGANISATION,
    &DATED_AFTER,
];

fn diagnostic(
    kind: &DiagnosticKind,
    severity: Severity,
    file: &Path,
    position: Option<Position>,
    message: String,
) -> Diagnostic {
    Diagnostic {
        code: kind.code,
        severity,
        file: file.display().to_string(),
        position,
        message,
        hint: kind.hint.0.into(),
    }
}

/// Reads the assessment.json at `path`, or says why it cannot be compared.
pub fn read(path: &Path) -> Result<Assessment, Diagnostic> {
    parse(path, &read_text(path)?)
}

/// The text of the assessment.json at `path`, or why it cannot be read.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let error =
        |kind, position, message| diagnostic(kind, Severity::Error, path, position, message);
    std::fs::read_to_string(path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::InvalidData => "not UTF-8 text".to_string(),
            _ => e.to_string(),
        };
        let what = if path.is_dir() {
            "is a folder, not an assessment.json".to_string()
        } else {
            format!("cannot be read: {why}")
        };
        error(&ASSESSMENT_UNREADABLE, None, what)
    })
}

/// The assessment in `text`, read from `path`, or why it is not one this build reads.
pub fn parse(path: &Path, text: &str) -> Result<Assessment, Diagnostic> {
    let error =
        |kind, position, message| diagnostic(kind, Severity::Error, path, position, message);
    Assessment::read_json(text).map_err(|e| match e {
        ReadError::Invalid {
            line,
            column,
            reason,
        } => error(
            &NOT_AN_ASSESSMENT,
            Some(Position { line, column }),
            format!("not an iso20k assessment: {reason}"),
        ),
        ReadError::BadVersion { version } => error(
            &NOT_AN_ASSESSMENT,
            None,
            format!("`schema_version` is \"{version}\", not a MAJOR.MINOR.PATCH version"),
        ),
        ReadError::Newer { version } => error(
            &NEWER_ASSESSMENT,
            None,
            format!(
                "written in assessment format {version}, newer than the {} this iso20k {} reads",
                crate::assessment::SCHEMA_VERSION,
                env!("CARGO_PKG_VERSION")
            ),
        ),
    })
}

/// Warnings about comparing `previous` (read from `previous_path`) with `current`: other
/// catalogues, other organisations, dates in the wrong order.
pub fn doubts(
    (previous_path, previous): (&Path, &Assessment),
    (current_path, current): (&Path, &Assessment),
) -> Vec<Diagnostic> {
    let warning = |kind, message| diagnostic(kind, Severity::Warning, current_path, None, message);
    let mut out = Vec::new();
    let (a, b) = (&previous.catalogue, &current.catalogue);
    if a.id != b.id || a.version != b.version {
        out.push(warning(
            &OTHER_CATALOGUE,
            format!(
                "assessed against catalogue {} {}, `{}` against {} {}; requirements are compared by id",
                b.id,
                b.version,
                previous_path.display(),
                a.id,
                a.version
            ),
        ));
    } else if a.sha256 != b.sha256 {
        out.push(warning(
            &OTHER_CATALOGUE,
            format!(
                "assessed against catalogue {} {} with other files (sha256 {}) than `{}` (sha256 {}); requirements are compared by id",
                b.id,
                b.version,
                short(&b.sha256),
                previous_path.display(),
                short(&a.sha256)
            ),
        ));
    }
    if previous.organisation.trim() != current.organisation.trim() {
        out.push(warning(
            &OTHER_ORGANISATION,
            format!(
                "assesses \"{}\", `{}` assesses \"{}\"",
                current.organisation,
                previous_path.display(),
                previous.organisation
            ),
        ));
    }
    if let (Some(then), Some(now)) = (&previous.assessment_date, &current.assessment_date) {
        if then > now {
            out.push(diagnostic(
                &DATED_AFTER,
                Severity::Warning,
                previous_path,
                None,
                format!("dated {then}, after `{}` ({now})", current_path.display()),
            ));
        }
    }
    out
}

/// The first 12 digits of a hash, enough to tell two apart in a message.
fn short(sha256: &str) -> &str {
    sha256.get(..12).unwrap_or(sha256)
}
