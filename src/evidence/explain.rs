//! `iso20k evidence WORKSPACE --explain FILE`: how one file was read and why — the score of
//! each record set against its header row, the headers matched and the key fields missing,
//! how its dates and encoding were read, whether a history was folded — and a `[[mapping]]`
//! block for assessment.toml that makes the next run read it as the best guess.

use std::path::{Component, Path};

use serde::Serialize;

use super::history::Fold;
use super::schema::{normalise_header, schema, score_all, Schema, TableContext, TableKind};
use super::table::DateFormat;
use super::tabular::{self, SheetHead, TextEncoding};
use super::walk::{FileKind, Found, Skipped};
use super::{read_manifest, Reader, Warning};
use crate::catalogue::Catalogue;
use crate::diagnostic::{Diagnostic, Severity};

/// How one record set scores against a header row.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreLine {
    /// Record-set kind.
    pub kind: String,
    /// Confidence, 0 to 1.
    pub confidence: f64,
    /// Key fields found.
    pub keys_found: usize,
    /// Key fields of the set.
    pub keys_total: usize,
    /// Fields mapped in all.
    pub mapped: usize,
    /// The name hint or table-name evidence, in words.
    pub hints: Vec<String>,
    /// Whether the score is enough to take the table as this set.
    pub accepted: bool,
}

/// One table (sheet or CSV) of the file explained.
#[derive(Debug, Clone, Serialize)]
pub struct TableExplanation {
    /// Sheet name (none for CSV).
    pub sheet: Option<String>,
    /// The header row's number.
    pub header_row: u32,
    /// The header cells.
    pub headers: Vec<String>,
    /// Records (after any folding) or rows of an unrecognised table.
    pub rows: usize,
    /// The record set it was read as, if any.
    pub recognised: Option<String>,
    /// Whether that came from a `[[mapping]]` in assessment.toml.
    pub mapped_by_manifest: bool,
    /// Every record set that scores at all, best first.
    pub scores: Vec<ScoreLine>,
    /// The set the mapping below is for: the recognised one, else the best guess.
    pub kind: String,
    /// Canonical field ← header matched by name.
    pub matched: Vec<(String, String)>,
    /// Canonical field ← header suggested from the header's words (check them).
    pub suggested: Vec<(String, String)>,
    /// Key fields of the set that no header provides.
    pub missing_keys: Vec<String>,
    /// How each date column was read.
    pub dates: Vec<DateFormat>,
    /// How a history export was folded.
    pub fold: Option<Fold>,
    /// The type column that split the export, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub split_by: Option<String>,
    /// Fields derived by value rules, with what each assumes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub derived: Vec<super::derive::Derived>,
    /// Columns whose name matched a field but whose values are not of its kind.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<tabular::RejectedColumn>,
    /// A `[[mapping]]` block for assessment.toml.
    pub mapping: String,
}

/// How one document was read: its type and why, and each control value with where it was
/// found.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentExplanation {
    /// Its title, the sheet name, or the path.
    pub name: String,
    /// The mandatory document types it was taken for, best first, each with its reason.
    pub types: Vec<(String, String)>,
    /// Control values (`version` → `1.0`) with where each was found.
    pub control: Vec<(String, String, String)>,
    /// Its status or file name marks it a draft: not approved.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    /// The dated activities it records, each with its date and where that was read.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub occurrences: Vec<String>,
}

/// What `--explain` says about one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileExplanation {
    /// Workspace-relative path.
    pub path: String,
    /// Kind of file.
    pub file_kind: FileKind,
    /// The encoding a CSV was read in.
    pub encoding: Option<TextEncoding>,
    /// Its tables.
    pub tables: Vec<TableExplanation>,
    /// Documents it yielded (sheets, or the file itself), with their type and control data.
    pub documents: Vec<DocumentExplanation>,
    /// Why it, or part of it, was not read.
    pub skipped: Vec<Skipped>,
    /// Problems inside it.
    pub warnings: Vec<Warning>,
}

/// Words in custom column names that point to a field, for suggestions: `u_begin_time` is
/// probably when the record opened.
const FIELD_WORDS: &[(&str, &[&str])] = &[
    (
        "id",
        &[
            "number", "id", "ref", "key", "ticket", "编号", "单号", "tag", "name",
        ],
    ),
    (
        "opened_at",
        &[
            "opened", "open", "begin", "start", "started", "created", "reported", "raised",
        ],
    ),
    (
        "resolved_at",
        &["resolved", "end", "ended", "restored", "fixed"],
    ),
    ("closed_at", &["closed", "close"]),
    ("priority", &["priority", "prio"]),
    ("state", &["state", "status"]),
    ("category", &["category", "service"]),
    ("short_description", &["description", "summary", "title"]),
    ("assignment_group", &["group", "team", "queue"]),
    ("assigned_to", &["assignee", "assigned", "owner"]),
];

/// Words of a column that identifies something else than the record: an invoice or order
/// number is no CI's id, whatever its `number` says.
const NOT_THE_RECORDS_ID: &[&str] = &[
    "invoice",
    "order",
    "purchase",
    "po",
    "phone",
    "contract",
    "cost",
    "parent",
    "vendor",
    "supplier",
    "model",
    "manufacturer",
    "caller",
    "requester",
    "customer",
    "user",
];

/// A header with custom-field prefixes removed and split into words: `u_begin_time` →
/// `begin`, `time`.
fn words_of(header: &str) -> Vec<String> {
    let lower = header.trim().to_lowercase();
    let bare = lower
        .strip_prefix("u_")
        .or_else(|| lower.strip_prefix("x_"))
        .unwrap_or(&lower);
    bare.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

/// Suggestions for the fields `schema` lacks, from the headers no field took.
fn suggest(schema: &Schema, headers: &[String], taken: &[Option<usize>]) -> Vec<(String, String)> {
    let mut used: Vec<bool> = vec![false; headers.len()];
    for c in taken.iter().flatten() {
        if let Some(u) = used.get_mut(*c) {
            *u = true;
        }
    }
    let mut out = Vec::new();
    for (field, column) in schema.fields.iter().zip(taken) {
        if column.is_some() {
            continue;
        }
        // First the field's own names once a custom prefix is gone (`u_number`), then words.
        let by_name = headers.iter().enumerate().position(|(i, h)| {
            !used[i] && {
                let bare = normalise_header(&words_of(h).join(" "));
                !bare.is_empty()
                    && field
                        .synonyms
                        .iter()
                        .chain(std::iter::once(&field.name))
                        .any(|s| normalise_header(s) == bare)
            }
        });
        let by_words = || {
            let words = FIELD_WORDS
                .iter()
                .find(|(f, _)| *f == field.name)
                .map(|(_, w)| *w)?;
            // The header whose word comes first in the field's list wins (`sys_id` before
            // `name`), the first such header on a tie.
            headers
                .iter()
                .enumerate()
                .filter(|(i, _)| !used[*i])
                .filter_map(|(i, h)| {
                    let hw = words_of(h);
                    if field.name == "id"
                        && hw.iter().any(|w| NOT_THE_RECORDS_ID.contains(&w.as_str()))
                    {
                        return None;
                    }
                    let rank = hw
                        .iter()
                        .filter_map(|w| words.iter().position(|x| x == w))
                        .min()?;
                    Some((rank, i))
                })
                .min()
                .map(|(_, i)| i)
        };
        if let Some(i) = by_name.or_else(by_words) {
            used[i] = true;
            out.push((field.name.clone(), headers[i].clone()));
        }
    }
    out
}

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A `[[mapping]]` block for the file.
fn mapping_block(
    path: &str,
    sheet: Option<&str>,
    kind: &str,
    columns: &[(String, String)],
    encoding: Option<&TextEncoding>,
) -> String {
    let mut out = format!("[[mapping]]\nfile = {}\n", toml_string(path));
    if let Some(sheet) = sheet {
        out.push_str(&format!("sheet = {}\n", toml_string(sheet)));
    }
    out.push_str(&format!("record_set = {}\n", toml_string(kind)));
    if let Some(e) = encoding.filter(|e| e.source == tabular::EncodingSource::Detected) {
        out.push_str(&format!("encoding = {}\n", toml_string(&e.name)));
    }
    let pairs: Vec<String> = columns
        .iter()
        .map(|(field, header)| format!("{field} = {}", toml_string(header)))
        .collect();
    out.push_str(&format!("columns = {{ {} }}\n", pairs.join(", ")));
    out
}

fn explain_table(
    path: &str,
    head: Option<&SheetHead>,
    sheet: Option<String>,
    header_row: u32,
    recognised: Option<(String, bool)>,
    encoding: Option<&TextEncoding>,
) -> Option<TableExplanation> {
    let rows = &head?.rows;
    let at = rows.iter().position(|(n, _)| *n == header_row)?;
    let headers = rows[at].1.clone();
    let samples: Vec<Vec<String>> = rows[at + 1..].iter().map(|(_, c)| c.clone()).collect();
    let context = TableContext {
        path,
        sheet: sheet.as_deref(),
        samples: &samples,
    };
    let scores = score_all(&headers, &context);
    let chosen = match &recognised {
        Some((kind, _)) => scores
            .iter()
            .find(|s| s.classification.kind.name() == *kind)
            .or(scores.first()),
        None => scores.first(),
    }?;
    let kind: TableKind = chosen.classification.kind;
    let set = schema(kind);
    let matched: Vec<(String, String)> = set
        .fields
        .iter()
        .zip(&chosen.classification.columns)
        .filter_map(|(f, c)| c.map(|c| (f.name.clone(), headers[c].clone())))
        .collect();
    let suggested = suggest(set, &headers, &chosen.classification.columns);
    let missing_keys = set
        .fields
        .iter()
        .zip(&chosen.classification.columns)
        .filter(|(f, c)| f.key && c.is_none() && !suggested.iter().any(|(s, _)| *s == f.name))
        .map(|(f, _)| f.name.clone())
        .collect();
    let all: Vec<(String, String)> = matched.iter().chain(&suggested).cloned().collect();
    let mapping = mapping_block(path, sheet.as_deref(), &kind.name(), &all, encoding);
    Some(TableExplanation {
        sheet,
        header_row,
        headers,
        rows: 0,
        recognised: recognised.as_ref().map(|(k, _)| k.clone()),
        mapped_by_manifest: recognised.as_ref().is_some_and(|(_, m)| *m),
        scores: scores
            .iter()
            .filter(|s| s.keys_found > 0 || s.name_hint || s.table_hint.is_some())
            .map(|s| {
                let mut hints = Vec::new();
                if s.name_hint {
                    hints.push("a word of the file or sheet name".to_string());
                }
                hints.extend(s.table_hint.clone());
                ScoreLine {
                    kind: s.classification.kind.name(),
                    confidence: (s.classification.confidence * 100.0).round() / 100.0,
                    keys_found: s.keys_found,
                    keys_total: s.keys_total,
                    mapped: s.mapped,
                    hints,
                    accepted: s.accepted,
                }
            })
            .collect(),
        kind: kind.name(),
        matched,
        suggested,
        missing_keys,
        dates: Vec::new(),
        fold: None,
        split_by: None,
        derived: Vec::new(),
        rejected: Vec::new(),
        mapping,
    })
}

/// A document's type as the scan decides it (the evidence register's links `linked` to the
/// file confirming it), its control values with their sources, and what it records.
fn explain_document(
    d: &super::PendingDocument,
    catalogue: &Catalogue,
    linked: &[String],
    organisation: Option<&str>,
) -> DocumentExplanation {
    let mut meta = d.doc.meta.clone();
    if let Some(organisation) = organisation {
        super::documents::retitle(&mut meta, organisation);
    }
    let meta = &meta;
    let file_name = d.path.rsplit('/').next().unwrap_or(&d.path);
    let title = meta.title.clone().unwrap_or_default();
    let headings = super::documents::headings(&d.doc.text);
    let occurrences =
        super::occurrence::occurrences(catalogue, &title, file_name, &d.doc.text, meta)
            .into_iter()
            .map(|o| match (&o.date, &o.date_source) {
                (Some(date), Some(source)) => {
                    format!("{} on {date} ({source}; {})", o.set, o.reason)
                }
                _ => format!("{}, with no date the tool can read ({})", o.set, o.reason),
            })
            .collect();
    let draft = super::occurrence::is_draft(meta, file_name);
    let types = super::documents::match_types(catalogue, &title, &headings, file_name, linked)
        .into_iter()
        .map(|m| {
            let name = catalogue
                .document_types
                .iter()
                .find(|t| t.id == m.id)
                .map_or(String::new(), |t| t.title.en.clone());
            (format!("{} {name}", m.id), m.reason)
        })
        .collect();
    let date = |t: &Option<crate::domain::date::Timestamp>| t.map(|t| t.date_string());
    let control = [
        ("title", meta.title.clone()),
        ("number", meta.number.clone()),
        ("version", meta.version.clone()),
        ("owner", meta.owner.clone()),
        ("approved_by", meta.approved_by.clone()),
        ("approved_on", date(&meta.approved_on)),
        ("effective_on", date(&meta.effective_on)),
        ("next_review", date(&meta.next_review)),
        ("revised_on", date(&meta.revised_on)),
        ("status", meta.status.clone()),
    ]
    .into_iter()
    .filter_map(|(field, value)| {
        let source = meta.sources.get(field).cloned().unwrap_or_default();
        value.map(|v| (field.to_string(), v, source))
    })
    .collect();
    DocumentExplanation {
        name: d
            .sheet
            .clone()
            .or_else(|| meta.title.clone())
            .unwrap_or_else(|| d.path.clone()),
        types,
        control,
        draft,
        occurrences,
    }
}

/// Explains how `file` (inside `workspace`) is read; PDFs are read as `pdf` says (a worker
/// process for the CLI, so a hostile PDF cannot end it).
pub fn explain(
    workspace: &Path,
    file: &Path,
    catalogue: &Catalogue,
    pdf: &super::pdf_worker::PdfReading,
) -> Result<FileExplanation, Diagnostic> {
    let (manifest, _) = read_manifest(workspace, catalogue)?.unwrap_or_default();
    let not_found = |message: String| Diagnostic {
        code: super::WORKSPACE_NOT_A_FOLDER.code,
        severity: Severity::Error,
        file: file.display().to_string(),
        position: None,
        message,
        hint:
            "give a file of the workspace, as a path relative to it (as `iso20k evidence` lists it)"
                .into(),
    };
    let inside = workspace.join(file);
    let full = if inside.is_file() {
        inside
    } else if file.is_file() {
        file.to_path_buf()
    } else {
        return Err(not_found("no such file in the workspace".into()));
    };
    let root = workspace
        .canonicalize()
        .map_err(|e| not_found(format!("the workspace cannot be read: {e}")))?;
    let canonical = full
        .canonicalize()
        .map_err(|e| not_found(format!("cannot be read: {e}")))?;
    let relative = canonical
        .strip_prefix(&root)
        .map_err(|_| not_found("the file is outside the workspace".into()))?;
    let relative: String = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(p) => Some(p.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/");
    let bytes = std::fs::metadata(&canonical).map(|m| m.len()).unwrap_or(0);
    let found = Found {
        relative: relative.clone(),
        path: canonical.clone(),
        bytes,
    };
    // The register's links to this file confirm its type, as in the scan: the workspace's
    // registers are read for them (documents are typed by what they say; a link breaks ties).
    let linked: Vec<String> = if FileKind::of(&relative) == FileKind::Manifest {
        Vec::new()
    } else {
        super::scan(
            workspace,
            catalogue,
            &super::ScanOptions {
                pdf: pdf.clone(),
                ..Default::default()
            },
        )
        .map(|index| {
            index
                .register
                .iter()
                .filter(|r| r.path.as_deref() == Some(relative.as_str()))
                .flat_map(|r| r.requirements.iter().cloned())
                .collect()
        })
        .unwrap_or_default()
    };
    let mut reader = Reader::new(&manifest, None, pdf);
    reader.read(0, &found, &indicatif::ProgressBar::hidden());
    let read = reader.done.pop().map(|(_, r)| r).unwrap_or_default();

    let kind = FileKind::of(&relative);
    let forced = manifest
        .mappings
        .iter()
        .filter(|m| m.file.trim_start_matches("./").replace('\\', "/") == relative)
        .find_map(|m| m.encoding.as_deref())
        .and_then(|label| encoding_rs::Encoding::for_label(label.trim().as_bytes()));
    let heads: Vec<SheetHead> = match kind {
        FileKind::Csv => std::fs::read(&canonical)
            .map(|b| vec![tabular::csv_head(&b, forced)])
            .unwrap_or_default(),
        FileKind::Xlsx | FileKind::Ods => std::fs::File::open(&canonical)
            .ok()
            .and_then(|f| {
                tabular::workbook_heads(std::io::BufReader::new(f), kind == FileKind::Ods).ok()
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let head_of = |sheet: &Option<String>| heads.iter().find(|h| h.name == *sheet);
    let encoding = read
        .record_sets
        .iter()
        .find_map(|(i, _)| i.encoding.clone());
    let explicit_kinds: Vec<&str> = manifest
        .mappings
        .iter()
        .filter(|m| m.file.trim_start_matches("./").replace('\\', "/") == relative)
        .map(|m| m.record_set.as_str())
        .collect();
    let mut tables = Vec::new();
    for (info, _) in &read.record_sets {
        let mapped = explicit_kinds.contains(&info.kind.as_str());
        if let Some(mut t) = explain_table(
            &relative,
            head_of(&info.sheet),
            info.sheet.clone(),
            info.header_row,
            Some((info.kind.clone(), mapped)),
            info.encoding.as_ref(),
        ) {
            t.rows = info.rows;
            t.dates = info.dates.clone();
            t.fold = info.fold.clone();
            t.split_by = info.split_by.clone();
            t.derived = info.derived.clone();
            t.rejected = info.rejected.clone();
            // What the reading actually used, manifest mappings included.
            t.matched = info
                .columns
                .iter()
                .map(|(f, h)| (f.clone(), h.clone()))
                .collect();
            tables.push(t);
        }
    }
    for u in &read.unrecognised {
        if let Some(mut t) = explain_table(
            &relative,
            head_of(&u.sheet),
            u.sheet.clone(),
            u.header_row,
            None,
            None,
        ) {
            t.rows = u.rows;
            tables.push(t);
        }
    }
    Ok(FileExplanation {
        path: relative,
        file_kind: kind,
        encoding,
        tables,
        documents: read
            .documents
            .iter()
            .map(|d| explain_document(d, catalogue, &linked, manifest.organisation.as_deref()))
            .collect(),
        skipped: read.skipped,
        warnings: read.warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::RecordSetKind;

    #[test]
    fn an_invoice_number_is_never_offered_as_a_cis_id() {
        let schema = crate::evidence::schema::schema(crate::evidence::schema::TableKind::Records(
            RecordSetKind::ConfigurationItems,
        ));
        let headers: Vec<String> = ["invoice_number", "u_asset_tag", "u_ci_label"]
            .map(String::from)
            .to_vec();
        let taken = vec![None; schema.fields.len()];
        let suggested = suggest(schema, &headers, &taken);
        let id = suggested
            .iter()
            .find(|(f, _)| f == "id")
            .map(|(_, h)| h.as_str());
        assert_eq!(id, Some("u_asset_tag"), "{suggested:?}");
    }

    #[test]
    fn custom_columns_get_suggestions_from_their_words() {
        let s = schema(TableKind::Records(RecordSetKind::Incidents));
        let headers: Vec<String> = [
            "u_number",
            "u_begin_time",
            "u_end_time",
            "priority",
            "u_service",
        ]
        .iter()
        .map(|h| h.to_string())
        .collect();
        let taken = crate::evidence::schema::map_columns(s, &headers);
        let suggested = suggest(s, &headers, &taken);
        let get = |f: &str| {
            suggested
                .iter()
                .find(|(x, _)| x == f)
                .map(|(_, h)| h.as_str())
        };
        assert_eq!(get("id"), Some("u_number"));
        assert_eq!(get("opened_at"), Some("u_begin_time"));
        assert_eq!(get("resolved_at"), Some("u_end_time"));
        assert_eq!(get("category"), Some("u_service"));
        assert_eq!(get("priority"), None, "already matched by name");
    }

    #[test]
    fn mapping_blocks_are_valid_toml() {
        let block = mapping_block(
            "records/u \"odd\".csv",
            Some("Sheet 1"),
            "incidents",
            &[("id".into(), "u_number".into())],
            None,
        );
        let parsed: toml::Table = toml::from_str(&block).unwrap();
        let m = &parsed["mapping"].as_array().unwrap()[0];
        assert_eq!(m["file"].as_str(), Some("records/u \"odd\".csv"));
        assert_eq!(m["columns"]["id"].as_str(), Some("u_number"));
    }
}
