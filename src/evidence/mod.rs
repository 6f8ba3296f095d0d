//! Evidence ingestion: a workspace folder walked, hashed and read into an index of record
//! sets, documents and register rows — with every file the tool could not use named, and why.

pub mod audit_plan;
pub mod cache;
pub mod control;
pub mod csv_structure;
pub mod derive;
pub mod documents;
pub mod explain;
pub mod history;
pub mod limits;
pub mod manifest;
pub mod occurrence;
pub mod pdf_text;
pub mod pdf_worker;
mod register;
pub mod schema;
pub mod table;
pub mod tabular;
pub mod value;
pub mod walk;
pub mod worksheet;

use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, IsTerminal};
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::catalogue::Catalogue;
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::domain::date::Timestamp;
use crate::domain::hex;
use crate::domain::marker;
pub use cache::Cache;
use documents::ExtractedDocument;
use history::Fold;
use manifest::{Manifest, MANIFEST_FILE};
pub use register::RegisterRow;
use schema::TableKind;
use table::{column_letters, DateFormat, ReadOptions, RecordTable};
use tabular::{ExplicitTable, FileOptions, Sheet, SheetContent, TableGuess, TextEncoding};
pub use walk::{FileKind, Skipped};

/// A file of the workspace.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct FileEntry {
    /// Path relative to the workspace, `/`-separated.
    pub path: String,
    /// SHA-256 of the content, hex.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
    /// What kind of file it is.
    pub kind: FileKind,
}

/// A table of records recognised in a file.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RecordSetInfo {
    /// Record-set kind (`incidents`, `changes`, `register`, …).
    pub kind: String,
    /// File path.
    pub path: String,
    /// Sheet name (none for CSV).
    pub sheet: Option<String>,
    /// Number of records.
    pub rows: usize,
    /// How sure the classification is, 0 to 1 (1 for a manifest mapping).
    pub confidence: f64,
    /// The header row's number.
    pub header_row: u32,
    /// Canonical field → source header.
    pub columns: BTreeMap<String, String>,
    /// Headers not mapped to any field.
    pub unmapped: Vec<String>,
    /// The text encoding a CSV was read in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<TextEncoding>,
    /// How each date column was read (day/month order).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dates: Vec<DateFormat>,
    /// How a history export was folded to one record per id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fold: Option<Fold>,
    /// The type column (Jira's `Issue Type`) whose values split the export: this record set
    /// holds the rows of its kind, others the rest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub split_by: Option<String>,
    /// Fields derived by value rules, each with the assumption it rests on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub derived: Vec<derive::Derived>,
    /// Columns whose name matched a field but whose values are not of its kind: not read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<tabular::RejectedColumn>,
    /// SHA-256 of the file.
    #[serde(skip)]
    pub sha256: String,
}

/// A table that holds rows of values but matches no record set: never taken for a
/// document; `iso20k evidence --explain FILE` says how to map it.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct UnrecognisedTable {
    /// File path.
    pub path: String,
    /// Sheet name (none for CSV).
    pub sheet: Option<String>,
    /// The header row's number.
    pub header_row: u32,
    /// The header cells.
    pub headers: Vec<String>,
    /// Rows of values.
    pub rows: usize,
    /// The closest record sets, best first.
    pub guesses: Vec<TableGuess>,
}

/// A document recognised in the workspace.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DocumentInfo {
    /// File path.
    pub path: String,
    /// Sheet, when the document is a spreadsheet tab.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Best-matching mandatory document type.
    pub document_type: Option<String>,
    /// Why the best type was chosen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type_reason: Option<String>,
    /// Every matching document type, best first.
    pub document_types: Vec<String>,
    /// Version.
    pub version: Option<String>,
    /// Owner.
    pub owner: Option<String>,
    /// Approver.
    pub approved_by: Option<String>,
    /// Approval date.
    pub approved_on: Option<String>,
    /// Effective date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective_on: Option<String>,
    /// Next review date.
    pub next_review: Option<String>,
    /// The latest revision's date (from a revision history): when it last changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revised_on: Option<String>,
    /// Its status or file name marks it a draft (not approved, whatever dates it carries).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    /// The dated activities it records (minutes of a management review are one), each an
    /// event for the interval and programme rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub occurrences: Vec<occurrence::DocumentOccurrence>,
    /// Document number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Where each control value was found.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub sources: BTreeMap<String, String>,
    /// Status.
    pub status: Option<String>,
    /// Last modified (file properties).
    pub modified: Option<String>,
    /// SHA-256 of the file.
    #[serde(skip)]
    pub sha256: String,
    /// Parsed metadata, for the checker.
    #[serde(skip)]
    pub meta: documents::DocumentMeta,
}

/// A file that may hold evidence but could not be read: damaged, encrypted, over a limit, in
/// a format the tool does not read, or without extractable text. Nothing in it was examined,
/// so nothing may be concluded from its absence: what it would have served is *not
/// examined*, and the auditor must look at it.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct UnreadFile {
    /// File path (workspace-relative).
    pub path: String,
    /// SHA-256, when the file could be hashed.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub sha256: String,
    /// Why it could not be read, and what to do.
    pub reason: String,
    /// The mandatory document types its name (or the register's link to it) says it may be.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub document_types: Vec<String>,
    /// The record sets its name says it may hold (records, or dated occurrences of an
    /// activity).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub record_sets: Vec<String>,
}

impl UnreadFile {
    /// Whether the file could be a document or records at all (a document, spreadsheet or
    /// text format, legacy or not), rather than an image, an archive or a program.
    pub fn could_be_evidence(&self) -> bool {
        const EVIDENCE_EXTENSIONS: &[&str] = &[
            "docx", "doc", "docm", "dotx", "pdf", "odt", "rtf", "pages", "xlsx", "xlsm", "xls",
            "ods", "csv", "tsv", "txt", "md", "pptx", "ppt", "odp", "msg", "eml", "htm", "html",
            "xml", "wpd",
        ];
        let ext = self
            .path
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        EVIDENCE_EXTENSIONS.contains(&ext.as_str())
    }

    /// The file's name, for texts.
    pub fn name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }
}

/// A problem inside a file that did not stop the run.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
pub struct Warning {
    /// File path (workspace-relative).
    pub path: String,
    /// Where in the file: `Sheet1!C14`, `line 14`, or empty.
    pub location: String,
    /// What is wrong and what to do.
    pub message: String,
    /// The stable code of the problem (`EVD002` …; `iso20k explain CODE`), for the kinds of
    /// warning that have one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

impl Warning {
    /// The message as printed: with its code, when it has one.
    pub fn text(&self) -> String {
        match &self.code {
            Some(code) => format!("{} ({code})", self.message),
            None => self.message.clone(),
        }
    }

    /// Sorts by file, then sheet, then numerically by row and column (`line 175` before
    /// `line 1052`), then message.
    pub fn sort_key(&self) -> (String, String, u64, u64, String) {
        let loc = self.location.as_str();
        // `Sheet!C14`, `line 14, column 3`, `line 14`, `Sheet`, or empty.
        let (sheet, cell) = match loc.rsplit_once('!') {
            Some((sheet, cell)) => (sheet.to_string(), cell),
            None if loc.starts_with("line ") => (String::new(), loc),
            None => (loc.to_string(), ""),
        };
        let digits = |s: &str| -> u64 {
            s.chars()
                .skip_while(|c| !c.is_ascii_digit())
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .unwrap_or(0)
        };
        let (row, column) = if let Some(rest) = cell.strip_prefix("line ") {
            let (line, col) = rest.split_once(", column ").unwrap_or((rest, "0"));
            (digits(line), digits(col))
        } else {
            let letters: String = cell.chars().take_while(char::is_ascii_alphabetic).collect();
            let col = letters.bytes().fold(0u64, |n, b| {
                n * 26 + (b.to_ascii_uppercase() - b'A' + 1) as u64
            });
            (digits(cell), col)
        };
        (self.path.clone(), sheet, row, column, self.message.clone())
    }
}

/// Everything the tool read from a workspace.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct EvidenceIndex {
    /// The workspace folder as given.
    pub workspace: String,
    /// The organisation (manifest, else the folder name).
    pub organisation: String,
    /// The assessment date (manifest, else the latest evidence date).
    pub assessment_date: Option<String>,
    /// Every file, sorted by path.
    pub files: Vec<FileEntry>,
    /// Recognised tables.
    pub record_sets: Vec<RecordSetInfo>,
    /// Tables that matched no record set.
    pub unrecognised_tables: Vec<UnrecognisedTable>,
    /// Recognised documents.
    pub documents: Vec<DocumentInfo>,
    /// Evidence-register rows.
    pub register: Vec<RegisterRow>,
    /// What was passed over, and why.
    pub skipped: Vec<Skipped>,
    /// Files that may hold evidence but could not be read: what they would have served is
    /// not examined.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unread: Vec<UnreadFile>,
    /// Problems inside files.
    pub warnings: Vec<Warning>,
    /// How defaults were chosen (no manifest, date from evidence, …).
    pub notes: Vec<String>,
    /// The manifest (defaults when there is none).
    #[serde(skip)]
    pub manifest: Manifest,
    /// Typed records, parallel to `record_sets`.
    #[serde(skip)]
    pub tables: Vec<RecordTable>,
    /// Document texts, parallel to `documents`.
    #[serde(skip)]
    pub document_texts: Vec<String>,
    /// The internal audit programme the manifest names, when it could be read.
    #[serde(skip)]
    pub audit_plan: Option<audit_plan::AuditPlan>,
    /// What auditors wrote in auditor worksheets (those found here, and `assess --worksheet`).
    #[serde(skip)]
    pub auditor: worksheet::AuditorInput,
}

impl EvidenceIndex {
    /// The record sets of one kind with their tables.
    pub fn tables_of(&self, kind: &str) -> impl Iterator<Item = (&RecordSetInfo, &RecordTable)> {
        let kind = kind.to_string();
        self.record_sets
            .iter()
            .zip(&self.tables)
            .filter(move |(info, _)| info.kind == kind)
    }

    /// The assessment date as a timestamp.
    pub fn assessment_timestamp(&self) -> Option<Timestamp> {
        self.assessment_date.as_deref().and_then(Timestamp::parse)
    }
}

/// `EVD001`: the workspace given is not a folder.
pub static WORKSPACE_NOT_A_FOLDER: crate::diagnostic::DiagnosticKind =
    crate::diagnostic::DiagnosticKind {
        code: "EVD001",
        title: ("the workspace is not a folder", "工作区不是文件夹"),
        explanation: ("`assess` and `evidence` read a folder of evidence (exports, documents and optionally assessment.toml); the path given does not exist or is a file.", "`assess`和`evidence`读取一个证据文件夹（导出文件、文件及可选的assessment.toml）；所给路径不存在或是一个文件。"),
        hint: ("give the folder that holds the evidence (and, optionally, assessment.toml)", "给出存放证据（及可选的assessment.toml）的文件夹"),
    };

/// Options for [`scan`].
#[derive(Debug, Default)]
pub struct ScanOptions {
    /// Folders inside the workspace to leave out (e.g. the report folder).
    pub exclude: Vec<PathBuf>,
    /// Where per-file results are kept between runs, if anywhere.
    pub cache: Option<Cache>,
    /// Where PDFs are parsed: the `iso20k` binary reads them in worker processes.
    pub pdf: pdf_worker::PdfReading,
}

/// Reads the manifest, if any, with its ids carried into the catalogue's when it names
/// another edition (and a note for each id carried). A manifest that cannot be parsed is an
/// error: it carries scoping decisions the assessment must not silently drop.
pub fn read_manifest(
    workspace: &Path,
    catalogue: &Catalogue,
) -> Result<Option<(Manifest, Vec<String>)>, Diagnostic> {
    let path = workspace.join(MANIFEST_FILE);
    if !path.is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path).map_err(|e| Diagnostic {
        code: manifest::MANIFEST_UNREADABLE.code,
        severity: crate::diagnostic::Severity::Error,
        file: path.display().to_string(),
        position: None,
        message: format!("cannot read the manifest as UTF-8 text: {e}"),
        hint: "save assessment.toml as UTF-8".into(),
    })?;
    let source = SourceFile::new(path.display().to_string(), text);
    let mut manifest = manifest::parse(&source)?;
    let carried = manifest::carry_across(&mut manifest, &source, catalogue)?;
    manifest::validate(&manifest, &source, catalogue)?;
    manifest::check_mapping_files(&manifest, &source, workspace)?;
    Ok(Some((manifest, carried)))
}

/// The edition the workspace's manifest names (`edition = "2018"`), read before the catalogue
/// is chosen. A manifest that is missing, unreadable or names none gives `None`; reading it
/// in full later reports any problem at its line.
pub fn manifest_edition(workspace: &Path) -> Option<String> {
    let text = std::fs::read_to_string(workspace.join(MANIFEST_FILE)).ok()?;
    let table: toml::Table = text.parse().ok()?;
    Some(table.get("edition")?.as_str()?.trim().to_string())
}

/// Walks, hashes and reads a workspace.
pub fn scan(
    workspace: &Path,
    catalogue: &Catalogue,
    options: &ScanOptions,
) -> Result<EvidenceIndex, Diagnostic> {
    if !workspace.is_dir() {
        return Err(Diagnostic {
            code: WORKSPACE_NOT_A_FOLDER.code,
            severity: crate::diagnostic::Severity::Error,
            file: workspace.display().to_string(),
            position: None,
            message: "not a folder".into(),
            hint: "give the folder that holds the evidence (and, optionally, assessment.toml)"
                .into(),
        });
    }
    let manifest = read_manifest(workspace, catalogue)?;
    let mut notes = Vec::new();
    let has_manifest = manifest.is_some();
    let (manifest, carried) = manifest.unwrap_or_default();
    // Ids written in another edition than the one assessed (`edition` in the manifest).
    let other_edition = manifest::other_edition(&manifest, catalogue);
    if let Some(framework) = other_edition {
        notes.push(format!(
            "{MANIFEST_FILE} names {}: its ids are carried across to {} by the catalogue's mappings",
            framework.title.en, catalogue.header.id
        ));
        notes.extend(carried);
    }
    if !has_manifest {
        notes.push(format!(
            "no {MANIFEST_FILE}: the folder is read as it is (run `iso20k init` to write one)"
        ));
    }

    let walked = walk::walk(workspace, &options.exclude);
    let mut warnings = Vec::new();
    for name in &walked.lossy_names {
        warnings.push(Warning {
            path: name.clone(),
            location: String::new(),
            message: "the file name is not valid UTF-8; it is shown with replacement characters (rename it to be safe)".into(),
            code: None,
        });
    }
    let total: u64 = walked.files.iter().map(|f| f.bytes).sum();
    let progress = progress_bar(total);
    // Files are read on every core, each worker taking the next file, biggest first so that
    // one huge export does not start last and run alone; results carry the file's index so
    // the merged index keeps the walk's order whatever the timing.
    let mut order: Vec<usize> = (0..walked.files.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(walked.files[i].bytes));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(walked.files.len())
        .max(1);
    let readers: Vec<Reader> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut reader = Reader::new(&manifest, options.cache.as_ref(), &options.pdf);
                    loop {
                        let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(&i) = order.get(n) else {
                            break;
                        };
                        let found = &walked.files[i];
                        progress.set_message(found.relative.clone());
                        reader.read(i, found, &progress);
                        progress.inc(found.bytes);
                    }
                    reader
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    progress.finish_and_clear();

    let mut reads: Vec<(usize, FileRead)> = readers.into_iter().flat_map(|r| r.done).collect();
    reads.sort_by_key(|(i, _)| *i);
    let mut files = Vec::new();
    let mut record_sets = Vec::new();
    let mut tables = Vec::new();
    let mut pending_documents = Vec::new();
    let mut unrecognised_tables = Vec::new();
    let mut skipped = walked.skipped.clone();
    // Files the walk passed over by design (hidden, lock and system files) are not evidence;
    // one behind a link out of the workspace may be.
    let mut not_read: Vec<Skipped> = walked
        .skipped
        .iter()
        .filter(|s| s.reason.starts_with("link points outside"))
        .cloned()
        .collect();
    let mut yielded: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut worksheets = Vec::new();
    for (_, mut read) in reads {
        if let Some(file) = &read.file {
            let any = !read.record_sets.is_empty()
                || !read.documents.is_empty()
                || !read.unrecognised.is_empty()
                || read.worksheet.is_some();
            if any {
                yielded.insert(file.path.clone());
            }
        }
        not_read.extend(
            read.skipped
                .iter()
                .filter(|s| {
                    s.reason != REPORT_NOT_EVIDENCE && s.reason != SAMPLE_GUIDE_NOT_EVIDENCE
                })
                .cloned(),
        );
        if let (Some(bytes), Some(file)) = (read.worksheet.take(), &read.file) {
            worksheets.push((file.path.clone(), bytes));
        }
        files.extend(read.file);
        unrecognised_tables.extend(read.unrecognised);
        for (info, table) in read.record_sets {
            record_sets.push(info);
            tables.push(table);
        }
        pending_documents.extend(read.documents);
        skipped.extend(read.skipped);
        warnings.extend(read.warnings);
    }

    // The register names files and requirements; it is read after every file is known, and
    // its links then help type the documents.
    let known: HashMap<&str, &FileEntry> = files.iter().map(|f| (f.path.as_str(), f)).collect();
    let mut register_rows = Vec::new();
    for (info, table) in record_sets.iter().zip(&tables) {
        if info.kind == TableKind::Register(schema::RegisterKind::Register).name() {
            register_rows.extend(register::rows(
                info,
                table,
                catalogue,
                other_edition,
                &known,
                &mut warnings,
            ));
        }
    }
    let mut linked: HashMap<&str, Vec<String>> = HashMap::new();
    for row in &register_rows {
        if let Some(path) = &row.path {
            linked
                .entry(path.as_str())
                .or_default()
                .extend(row.requirements.iter().cloned());
        }
    }

    let mut docs = Vec::new();
    let mut texts = Vec::new();
    for mut pending in pending_documents {
        if let Some(organisation) = &manifest.organisation {
            documents::retitle(&mut pending.doc.meta, organisation);
        }
        let file_name = pending.path.rsplit('/').next().unwrap_or(&pending.path);
        let title = pending.doc.meta.title.clone().unwrap_or_default();
        let empty = Vec::new();
        let requirements = linked.get(pending.path.as_str()).unwrap_or(&empty);
        let headings = documents::headings(&pending.doc.text);
        let matches = documents::match_types(catalogue, &title, &headings, file_name, requirements);
        let occurrences = occurrence::occurrences(
            catalogue,
            &title,
            file_name,
            &pending.doc.text,
            &pending.doc.meta,
        );
        let draft = occurrence::is_draft(&pending.doc.meta, file_name);
        let meta = pending.doc.meta;
        docs.push(DocumentInfo {
            path: pending.path,
            sheet: pending.sheet,
            title: meta.title.clone(),
            document_type: matches.first().map(|m| m.id.clone()),
            type_reason: matches.first().map(|m| m.reason.clone()),
            document_types: matches.into_iter().map(|m| m.id).collect(),
            version: meta.version.clone(),
            owner: meta.owner.clone(),
            approved_by: meta.approved_by.clone(),
            approved_on: meta.approved_on.map(|t| t.date_string()),
            effective_on: meta.effective_on.map(|t| t.date_string()),
            next_review: meta.next_review.map(|t| t.date_string()),
            revised_on: meta.revised_on.map(|t| t.date_string()),
            draft,
            occurrences,
            number: meta.number.clone(),
            sources: meta.sources.clone(),
            status: meta.status.clone(),
            modified: meta.modified.map(|t| t.date_string()),
            sha256: pending.sha256,
            meta,
        });
        texts.push(pending.doc.text);
    }

    let unread = unread_files(catalogue, &files, &not_read, &yielded, &linked);

    let organisation = manifest.organisation.clone().unwrap_or_else(|| {
        let name = workspace
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "unnamed organisation".into());
        notes.push(format!("organisation taken from the folder name: {name}"));
        name
    });
    let assessment_date = match manifest.assessment_date {
        Some(d) => Some(d.0.date_string()),
        None => {
            let latest = tables
                .iter()
                .filter_map(RecordTable::latest_date)
                .chain(docs.iter().filter_map(|d| d.meta.approved_on))
                .chain(
                    register_rows
                        .iter()
                        .filter_map(|r| r.date.as_deref().and_then(Timestamp::parse)),
                )
                .max();
            match latest {
                Some(t) => {
                    notes.push(format!(
                        "assessment date taken from the latest evidence date: {}",
                        t.date_string()
                    ));
                    Some(t.date_string())
                }
                None => {
                    notes.push("no assessment date: set assessment_date in assessment.toml".into());
                    None
                }
            }
        }
    };

    let mut auditor = worksheet::AuditorInput::default();
    worksheet::read_found(
        &worksheets,
        &manifest.limits,
        catalogue,
        &mut auditor,
        &mut warnings,
    );

    let audit_plan =
        manifest.programme.plan.as_deref().and_then(|raw| {
            match audit_plan::read_named(raw, workspace, &catalogue.header.id) {
                Ok(plan) => Some(plan),
                Err(unusable) => {
                    warnings.push(Warning {
                        path: MANIFEST_FILE.to_string(),
                        location: "[programme] plan".into(),
                        message: format!(
                        "{unusable}; the internal audits are checked against their interval only"
                    ),
                        code: None,
                    });
                    None
                }
            }
        });

    skipped.sort();
    warnings.sort_by_cached_key(Warning::sort_key);
    Ok(EvidenceIndex {
        workspace: workspace.display().to_string(),
        organisation,
        assessment_date,
        files,
        record_sets,
        unrecognised_tables,
        documents: docs,
        register: register_rows,
        skipped,
        unread,
        warnings,
        notes,
        manifest,
        tables,
        document_texts: texts,
        audit_plan,
        auditor,
    })
}

/// The files that may hold evidence and were not read: those a reader gave up on (`not_read`),
/// and those in a format no reader takes whose name says what evidence they may be. Each
/// with the document types and record sets its name (or a register link) points to.
fn unread_files(
    catalogue: &Catalogue,
    files: &[FileEntry],
    not_read: &[Skipped],
    yielded: &std::collections::HashSet<String>,
    linked: &HashMap<&str, Vec<String>>,
) -> Vec<UnreadFile> {
    let sha: HashMap<&str, &str> = files
        .iter()
        .map(|f| (f.path.as_str(), f.sha256.as_str()))
        .collect();
    let describe = |path: &str, reason: String| {
        let name = path.rsplit('/').next().unwrap_or(path);
        let empty = Vec::new();
        let requirements = linked.get(path).unwrap_or(&empty);
        let document_types = documents::match_document_types(catalogue, "", name, requirements);
        let mut record_sets: Vec<String> = occurrence::sets_named_by(catalogue, name)
            .into_iter()
            .map(|k| TableKind::Records(k).name())
            .collect();
        for t in &catalogue.record_types {
            if documents::matches_patterns(&t.patterns, "", &[], name) {
                for k in &t.record_sets {
                    let set = TableKind::Records(*k).name();
                    if !record_sets.contains(&set) {
                        record_sets.push(set);
                    }
                }
            }
        }
        UnreadFile {
            path: path.to_string(),
            sha256: sha.get(path).map(|s| s.to_string()).unwrap_or_default(),
            reason,
            document_types,
            record_sets,
        }
    };
    let mut out: Vec<UnreadFile> = Vec::new();
    // Looked up once per file: a folder of 100,000 files must not compare each with all.
    let mut listed: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for s in not_read.iter().filter(|s| s.reason != EMPTY_FILE) {
        if !yielded.contains(&s.path) && listed.insert(s.path.as_str()) {
            out.push(describe(&s.path, s.reason.clone()));
        }
    }
    for f in files.iter().filter(|f| f.kind == FileKind::Other) {
        if yielded.contains(&f.path) || listed.contains(f.path.as_str()) {
            continue;
        }
        let ext = f
            .path
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        if matches!(ext.as_str(), "json" | "html" | "htm" | "toml") {
            // The tool's own reports and settings, or web pages: not records or documents it
            // was asked to read.
            continue;
        }
        let reason = if ext.is_empty() {
            "a file without an extension: iso20k does not read it".to_string()
        } else {
            format!("iso20k does not read .{ext} files (save it as .docx, .pdf, .xlsx or .csv)")
        };
        let u = describe(&f.path, reason);
        // A logo or an archive says nothing by its name; one named like evidence does.
        if !u.document_types.is_empty() || !u.record_sets.is_empty() {
            out.push(u);
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn progress_bar(total: u64) -> indicatif::ProgressBar {
    // Only worth drawing for big folders, and only for a person watching.
    if total < 20 << 20 || !std::io::stderr().is_terminal() || crate::console::quiet() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:30} {bytes}/{total_bytes} {wide_msg}")
    {
        bar.set_style(style);
    }
    bar
}

/// A document read from a file, typed once the register is known.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PendingDocument {
    pub(crate) path: String,
    pub(crate) sheet: Option<String>,
    pub(crate) sha256: String,
    pub(crate) doc: ExtractedDocument,
}

/// Everything one file yielded: what the cache keeps per file.
#[derive(Debug, Default)]
pub(crate) struct FileRead {
    pub(crate) file: Option<FileEntry>,
    pub(crate) record_sets: Vec<(RecordSetInfo, RecordTable)>,
    pub(crate) documents: Vec<PendingDocument>,
    pub(crate) unrecognised: Vec<UnrecognisedTable>,
    pub(crate) skipped: Vec<Skipped>,
    pub(crate) warnings: Vec<Warning>,
    /// An auditor worksheet's bytes, read once the catalogue's ids are known (never cached:
    /// it is recognised before the cache is asked).
    pub(crate) worksheet: Option<Vec<u8>>,
}

/// One worker's share of the reading; each file's yield carries the file's index.
struct Reader<'a> {
    manifest: &'a Manifest,
    cache: Option<&'a Cache>,
    out: FileRead,
    done: Vec<(usize, FileRead)>,
    /// This thread's PDF worker process, when PDFs are read out of process.
    pdf_worker: Option<pdf_worker::PdfWorker>,
}

impl<'a> Reader<'a> {
    fn new(
        manifest: &'a Manifest,
        cache: Option<&'a Cache>,
        pdf: &pdf_worker::PdfReading,
    ) -> Reader<'a> {
        let pdf_worker = match pdf {
            pdf_worker::PdfReading::InProcess => None,
            pdf_worker::PdfReading::Worker(program) => {
                Some(pdf_worker::PdfWorker::new(program.clone()))
            }
        };
        Reader {
            manifest,
            cache,
            out: FileRead::default(),
            done: Vec::new(),
            pdf_worker,
        }
    }

    /// Reads file `index` and files away what it yielded.
    fn read(&mut self, index: usize, found: &walk::Found, progress: &indicatif::ProgressBar) {
        self.read_file(found, progress);
        let read = std::mem::take(&mut self.out);
        self.done.push((index, read));
    }

    fn warn(&mut self, path: &str, location: &str, message: String) {
        self.out.warnings.push(Warning {
            path: path.to_string(),
            location: location.to_string(),
            message,
            code: None,
        });
    }

    fn skip(&mut self, path: &str, reason: String) {
        self.out.skipped.push(Skipped {
            path: path.to_string(),
            reason,
        });
    }

    /// Skips a file a limit or its container refused.
    fn refuse(&mut self, path: &str, reason: String) {
        let reason = if reason == limits::ENCRYPTED_OFFICE {
            reason
        } else {
            format!("refused: {reason}")
        };
        self.skip(path, reason);
    }

    fn read_file(&mut self, found: &walk::Found, progress: &indicatif::ProgressBar) {
        let kind = FileKind::of(&found.relative);
        let path = found.relative.as_str();
        let limits = &self.manifest.limits;
        if found.bytes > limits.max_file_bytes {
            self.skip(path, format!(
                "{} MB is over the {} MB file limit: skipped (raise limits.max_file_bytes in assessment.toml)",
                found.bytes >> 20,
                limits.max_file_bytes >> 20
            ));
            return;
        }
        let content = match Content::load(&found.path, kind) {
            Ok(c) => c,
            Err(e) => {
                self.skip(path, format!("cannot be read: {e}"));
                return;
            }
        };
        let sha256 = content.sha256.clone();
        let entry = FileEntry {
            path: path.to_string(),
            sha256: sha256.clone(),
            bytes: content.len,
            kind,
        };
        if content.len == 0 {
            self.out.file = Some(entry);
            self.skip(path, EMPTY_FILE.into());
            return;
        }
        // An auditor worksheet is evidence of the audit (hashed and listed) but neither a
        // record set nor a table to map: it is read as a worksheet once the scan is done.
        if kind == FileKind::Xlsx && worksheet::is_worksheet(content.bytes()) {
            self.out.file = Some(entry);
            self.out.worksheet = Some(content.bytes().to_vec());
            return;
        }
        // A file read before with the same content, path and reading settings is not parsed
        // again: what it yielded comes back from the cache. Plain text is read afresh, as
        // that costs less than a lookup.
        let cache = self.cache.filter(|_| kind.is_cached());
        let cache_key = cache.map(|c| {
            let mappings: Vec<_> = self.mappings_for(path).collect();
            let mappings = serde_json::to_string(&mappings).unwrap_or_default();
            // The manifest's own missing-value markers change what a reading yields.
            let derivations = serde_json::to_string(&self.manifest.derivations).unwrap_or_default();
            let reading = format!(
                "{mappings}|{:?}|{derivations}",
                self.manifest.missing_values
            );
            c.key(path, &sha256, &reading, limits)
        });
        if let (Some(cache), Some(key)) = (cache, &cache_key) {
            if let Some(mut read) = cache.load(key, path, &sha256) {
                read.file = Some(entry);
                self.out = read;
                return;
            }
        }
        let mut settled = self.parse(found, kind, &content, progress);
        if content.changed_since(&found.path) {
            // The hash in the report would not be of what was read.
            self.warn(
                path,
                "",
                "the file changed while it was being read: its records may not match its \
                 SHA-256; assess again once the file is no longer being written"
                    .into(),
            );
            settled = false;
        }
        // A reading cut short by an I/O error or a change is not kept: the next run tries
        // again.
        if let (Some(cache), Some(key), true) = (cache, &cache_key, settled) {
            cache.store(key, &self.out);
        }
        self.out.file = Some(entry);
    }

    /// Parses a file's content by kind into `self.out`; false when an I/O error (not the
    /// content) stopped it.
    fn parse(
        &mut self,
        found: &walk::Found,
        kind: FileKind,
        content: &Content,
        progress: &indicatif::ProgressBar,
    ) -> bool {
        let path = found.relative.as_str();
        let limits = &self.manifest.limits;
        let sha256 = content.sha256.as_str();
        let explicit = self.explicit_tables(path);
        let mut read = ReadOptions::with_missing(&self.manifest.missing_values);
        read.date_order = self.mappings_for(path).find_map(|m| m.date_order);
        read.max_cell_bytes = usize::try_from(limits.max_cell_bytes).unwrap_or(usize::MAX);
        let encoding = self
            .mappings_for(path)
            .find_map(|m| m.encoding.as_deref())
            .and_then(|label| encoding_rs::Encoding::for_label(label.trim().as_bytes()));
        let options = FileOptions {
            path,
            explicit: &explicit,
            read: &read,
            encoding,
        };
        let rows_progress = |n: u64| progress.set_message(format!("{path}: {n} rows"));
        if kind == FileKind::Markdown && marker::is_sample_guide(content.bytes()) {
            self.skip(path, SAMPLE_GUIDE_NOT_EVIDENCE.into());
            return true;
        }
        match kind {
            FileKind::Manifest | FileKind::Other => {
                let lower = path.to_ascii_lowercase();
                let text_report = [".html", ".htm", ".json"]
                    .iter()
                    .any(|e| lower.ends_with(e));
                if text_report && marker::is_text_report(content.bytes()) {
                    self.skip(path, REPORT_NOT_EVIDENCE.into());
                    return true;
                }
                if lower.ends_with(".xls") || lower.ends_with(".doc") {
                    self.skip(
                        path,
                        "legacy Office format: skipped (save it as .xlsx or .docx)".into(),
                    );
                }
            }
            FileKind::Xlsx | FileKind::Ods => {
                let mut source = match content.seekable(&found.path) {
                    Ok(source) => source,
                    Err(e) => {
                        self.skip(path, format!("cannot be read: {e}"));
                        return false;
                    }
                };
                if let Err(e) = limits::check_zip(&mut source, limits) {
                    self.refuse(path, e.to_string());
                    return true;
                }
                if kind == FileKind::Ods {
                    if let Err(e) = limits::check_ods_cells(&mut source, limits) {
                        self.refuse(path, e.to_string());
                        return true;
                    }
                }
                if kind == FileKind::Xlsx && marker::is_xlsx_report(&mut source) {
                    self.skip(path, REPORT_NOT_EVIDENCE.into());
                    return true;
                }
                let result = if kind == FileKind::Xlsx {
                    tabular::read_xlsx(source, &options, &rows_progress)
                } else {
                    tabular::read_ods(source, &options, &rows_progress)
                };
                match result {
                    Ok(sheets) => self.take_sheets(path, sha256, sheets, None),
                    Err(e) => self.skip(
                        path,
                        format!("{e}: skipped (open and re-save it in Excel or LibreOffice)"),
                    ),
                }
            }
            // A `.txt` that is a tab- or semicolon-separated export is read as one.
            FileKind::Text if tabular::looks_delimited(content.bytes()) => {
                self.read_delimited(path, sha256, content.bytes(), &options, &rows_progress)
            }
            FileKind::Csv => {
                self.read_delimited(path, sha256, content.bytes(), &options, &rows_progress)
            }
            FileKind::Docx => {
                if let Err(e) = limits::check_zip(Cursor::new(content.bytes()), limits) {
                    self.refuse(path, e.to_string());
                    return true;
                }
                match documents::read_docx(content.bytes()) {
                    Ok(doc) => self.document(path, None, sha256, doc),
                    Err(e) => self.skip(path, format!("{e}: skipped")),
                }
            }
            FileKind::Pdf => {
                if marker::is_pdf_report(content.bytes()) {
                    self.skip(path, REPORT_NOT_EVIDENCE.into());
                    return true;
                }
                let text = match self.pdf_worker.as_mut() {
                    Some(worker) => worker.extract_text(content.bytes(), limits),
                    None => documents::extract_pdf_text(content.bytes()).map_err(Into::into),
                };
                match text {
                    Ok(text) if text.trim().is_empty() => self.skip(
                        path,
                        "no text could be extracted (a scanned image, or text in an encoding the reader does not know): skipped (add a searchable copy, or examine it yourself)".into(),
                    ),
                    Ok(text) => {
                        let doc = documents::pdf_document(text, content.bytes());
                        self.document(path, None, sha256, doc)
                    }
                    Err(e) => self.skip(path, format!("{e}: skipped")),
                }
            }
            FileKind::Markdown | FileKind::Text => {
                self.document(path, None, sha256, documents::read_text(content.bytes()))
            }
        }
        true
    }

    /// Reads a delimited text export (a CSV, a TSV, a `.txt` table).
    fn read_delimited(
        &mut self,
        path: &str,
        sha256: &str,
        bytes: &[u8],
        options: &FileOptions,
        progress: &dyn Fn(u64),
    ) {
        let (sheet, encoding) = tabular::read_csv(bytes, options, progress);
        if encoding.source == tabular::EncodingSource::Detected {
            self.warn(path, "", format!(
                "not UTF-8: read as {} (detected from the bytes); if accented or Chinese names look wrong, set `encoding` in a [[mapping]] for this file",
                encoding.name
            ));
        }
        self.take_sheets(path, sha256, vec![sheet], Some(encoding));
    }

    fn document(
        &mut self,
        path: &str,
        sheet: Option<String>,
        sha256: &str,
        doc: ExtractedDocument,
    ) {
        self.out.documents.push(PendingDocument {
            path: path.to_string(),
            sheet,
            sha256: sha256.to_string(),
            doc,
        });
    }

    /// The manifest's mappings for the file at `path`.
    fn mappings_for<'m>(
        &'m self,
        path: &'m str,
    ) -> impl Iterator<Item = &'a manifest::FileMapping> + 'm {
        self.manifest
            .mappings
            .iter()
            .filter(move |m| m.file.trim_start_matches("./").replace('\\', "/") == path)
    }

    fn explicit_tables(&mut self, path: &str) -> Vec<ExplicitTable> {
        let mut out = Vec::new();
        for m in self.mappings_for(path).collect::<Vec<_>>() {
            let kind: Result<TableKind, _> =
                serde_json::from_value(serde_json::Value::String(m.record_set.clone()));
            match kind {
                Ok(kind) => {
                    let schema = schema::schema(kind);
                    for field in m.columns.keys() {
                        if schema.field_index(field).is_none() {
                            self.out.warnings.push(Warning {
                                path: MANIFEST_FILE.into(),
                                location: format!("mapping for {path}"),
                                message: format!(
                                    "`{field}` is not a field of {}; it is ignored",
                                    m.record_set
                                ),
                                code: None,
                            });
                        }
                    }
                    out.push(ExplicitTable {
                        sheet: m.sheet.clone(),
                        kind,
                        columns: m
                            .columns
                            .iter()
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .collect(),
                    });
                }
                Err(_) => self.out.warnings.push(Warning {
                    path: MANIFEST_FILE.into(),
                    location: format!("mapping for {path}"),
                    message: format!(
                        "unknown record set `{}`; use one of: {}",
                        m.record_set,
                        schema::schemas()
                            .iter()
                            .map(|s| s.kind.name())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    code: None,
                }),
            }
        }
        out
    }

    /// Takes one recognised table of a sheet: its reading problems as warnings, its records
    /// as a record set.
    fn take_table(
        &mut self,
        path: &str,
        sha256: &str,
        sheet_name: Option<&str>,
        encoding: &Option<TextEncoding>,
        t: tabular::ClassifiedTable,
    ) {
        let location = |row: u32, column: usize| match sheet_name {
            Some(name) => format!("{name}!{}{row}", column_letters(column)),
            None => format!("line {row}, column {}", column + 1),
        };
        let kind_name = t.classification.kind.name();
        // One warning per column, however many of its values are unreadable.
        for bad in &t.bad {
            let header = t.headers.get(bad.column).cloned().unwrap_or_default();
            let quoted: Vec<String> = bad
                .first
                .iter()
                .map(|(_, raw)| format!("`{raw}`"))
                .collect();
            let rows: Vec<String> = bad.first.iter().map(|(row, _)| row.to_string()).collect();
            let (first_row, _) = bad.first[0];
            let message = if bad.count == 1 {
                format!(
                    "{} in column `{header}` cannot be read as the {kind_name} field `{}`; the record is not evaluated by the checks that read it",
                    quoted[0], bad.field
                )
            } else {
                format!(
                    "{} values in column `{header}` cannot be read as the {kind_name} field `{}` ({}{} at rows {}{}); those records are not evaluated by the checks that read it",
                    bad.count,
                    bad.field,
                    quoted.join(", "),
                    if bad.count > quoted.len() { ", …" } else { "" },
                    rows.join(", "),
                    if bad.count > rows.len() { ", …" } else { "" },
                )
            };
            self.warn(path, &location(first_row, bad.column), message);
        }
        if let Some(fold) = &t.fold {
            if fold.ordered_by.is_none() {
                let id_header = t
                    .classification
                    .columns
                    .first()
                    .copied()
                    .flatten()
                    .and_then(|c| t.headers.get(c).cloned())
                    .unwrap_or_else(|| "id".into());
                let loc = sheet_name.unwrap_or_default().to_string();
                self.warn(path, &loc, format!(
                    "ids in column `{id_header}` repeat ({} rows, {} distinct ids) and the export has no history marker (such as sys_mod_count or sys_updated_on): each id was kept once, with its last row",
                    fold.source_rows, fold.records
                ));
            }
        }
        for d in t
            .dates
            .iter()
            .filter(|d| d.order.is_none() && d.description.starts_with("mixed"))
        {
            let loc = sheet_name.unwrap_or_default().to_string();
            self.warn(
                path,
                &loc,
                format!("dates in `{}`: {}", d.field, d.description),
            );
        }
        let schema = schema::schema(t.classification.kind);
        let mut columns = BTreeMap::new();
        let mut used = vec![false; t.headers.len()];
        for (spec, col) in schema.fields.iter().zip(&t.classification.columns) {
            if let Some(c) = col {
                columns.insert(spec.name.clone(), t.headers[*c].clone());
                used[*c] = true;
            }
        }
        let unmapped = t
            .headers
            .iter()
            .zip(&used)
            .filter(|(h, u)| !**u && !h.is_empty())
            .map(|(h, _)| h.clone())
            .collect();
        let mut table = t.table;
        let derived = derive::apply(
            &mut table,
            schema,
            &self.manifest.derivations,
            &|field: &str| columns.get(field).cloned(),
        );
        let info = RecordSetInfo {
            kind: kind_name,
            path: path.to_string(),
            sheet: sheet_name.map(String::from),
            rows: table.len(),
            confidence: (t.classification.confidence * 100.0).round() / 100.0,
            header_row: t.header_row,
            columns,
            unmapped,
            encoding: encoding.clone(),
            split_by: t.split_by,
            rejected: t.rejected,
            derived,
            dates: t.dates,
            fold: t.fold,
            sha256: sha256.to_string(),
        };
        self.out.record_sets.push((info, table));
    }

    fn take_sheets(
        &mut self,
        path: &str,
        sha256: &str,
        sheets: Vec<Sheet>,
        encoding: Option<TextEncoding>,
    ) {
        // A workbook with no table is a document written in a spreadsheet; in one that has a
        // table, a sheet of prose beside it (notes, the export's query) is no document.
        let any_table = sheets.iter().any(|s| {
            matches!(
                s.content,
                SheetContent::Table(_)
                    | SheetContent::Split(_)
                    | SheetContent::UnrecognisedTable(_)
            )
        });
        for sheet in sheets {
            for note in &sheet.notes {
                self.warn(path, &note.location, note.message.clone());
            }
            match sheet.content {
                SheetContent::Table(t) => {
                    self.take_table(path, sha256, sheet.name.as_deref(), &encoding, *t);
                }
                SheetContent::Split(tables) => {
                    for t in tables {
                        self.take_table(path, sha256, sheet.name.as_deref(), &encoding, t);
                    }
                }
                SheetContent::UnrecognisedTable(u) => {
                    self.out.unrecognised.push(UnrecognisedTable {
                        path: path.to_string(),
                        sheet: sheet.name.clone(),
                        header_row: u.header_row,
                        headers: u.headers,
                        rows: u.rows,
                        guesses: u.guesses,
                    });
                }
                SheetContent::Text { text } if !any_table => {
                    self.document(
                        path,
                        sheet.name.clone(),
                        sha256,
                        documents::from_sheet_text(text),
                    );
                }
                SheetContent::Text { .. } | SheetContent::Empty => {}
            }
        }
    }
}

/// The reason given for a report iso20k wrote, found in the workspace.
/// Why an empty file is skipped. It was read and holds nothing, so it is no file "that could
/// not be read" that may hold a document or records.
const EMPTY_FILE: &str = "empty file: skipped";

const SAMPLE_GUIDE_NOT_EVIDENCE: &str =
    "the guide to an iso20k sample workspace (it lists the defects planted in it), not evidence: skipped";

const REPORT_NOT_EVIDENCE: &str =
    "an iso20k report, not evidence: skipped (reports are never read back as evidence)";

/// Workbooks at least this big are parsed from the file rather than from memory: holding a
/// 100 MB export's bytes while its records are built would double the peak memory.
const STREAM_FROM_FILE_BYTES: u64 = 8 << 20;

/// A file's content as read for hashing: the bytes themselves, or (for a big workbook) only
/// its hash and length, the parser then reading the file again from the page cache.
struct Content {
    sha256: String,
    len: u64,
    bytes: Option<Vec<u8>>,
    /// For a workbook read again from the file: its modification time when hashed, to
    /// notice a file that changed between the hash and the parse.
    modified: Option<std::time::SystemTime>,
}

impl Content {
    fn load(path: &Path, kind: FileKind) -> std::io::Result<Content> {
        let streamed = matches!(kind, FileKind::Xlsx | FileKind::Ods)
            && std::fs::metadata(path)?.len() >= STREAM_FROM_FILE_BYTES;
        if !streamed {
            let bytes = walk::read_regular(path)?;
            return Ok(Content {
                sha256: hex(&Sha256::digest(&bytes)),
                len: bytes.len() as u64,
                bytes: Some(bytes),
                modified: None,
            });
        }
        let mut file = walk::open_regular(path)?;
        let modified = file.metadata()?.modified().ok();
        let mut hasher = Sha256::new();
        let len = std::io::copy(&mut file, &mut hasher)?;
        Ok(Content {
            sha256: hex(&hasher.finalize()),
            len,
            bytes: None,
            modified,
        })
    }

    /// Whether the file on disk is no longer what was hashed (only a workbook parsed from
    /// the file can differ: bytes held in memory are the bytes hashed).
    fn changed_since(&self, path: &Path) -> bool {
        if self.bytes.is_some() {
            return false;
        }
        match std::fs::metadata(path) {
            Ok(m) => m.len() != self.len || m.modified().ok() != self.modified,
            Err(_) => true,
        }
    }

    /// The bytes of a file read into memory (empty for a streamed workbook).
    fn bytes(&self) -> &[u8] {
        self.bytes.as_deref().unwrap_or_default()
    }

    /// A seekable reader over the content: memory, or the file opened again.
    fn seekable(&self, path: &Path) -> std::io::Result<Seekable<'_>> {
        Ok(match &self.bytes {
            Some(bytes) => Seekable::Memory(Cursor::new(bytes)),
            None => Seekable::File(std::io::BufReader::with_capacity(
                1 << 16,
                walk::open_regular(path)?,
            )),
        })
    }
}

/// Either kind of seekable source, so one parser instance serves both.
enum Seekable<'a> {
    Memory(Cursor<&'a Vec<u8>>),
    File(std::io::BufReader<std::fs::File>),
}

impl std::io::Read for Seekable<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Seekable::Memory(c) => c.read(buf),
            Seekable::File(f) => f.read(buf),
        }
    }
}

impl std::io::Seek for Seekable<'_> {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        match self {
            Seekable::Memory(c) => c.seek(pos),
            Seekable::File(f) => f.seek(pos),
        }
    }
}

/// Whether `a` comes from a catalogue requirement or clause id (used by the register).
pub(crate) fn known_id(catalogue: &Catalogue, id: &str) -> bool {
    catalogue.requirement(id).is_some() || catalogue.clause(id).is_some()
}
