//! `iso20k evidence WORKSPACE`: what the tool sees in a folder, so it can be fixed first.

use std::fmt::Write as _;
use std::path::Path;

use super::{print, Failure, ListFormat};
use crate::catalogue::Catalogue;
use crate::evidence::{self, EvidenceIndex, ScanOptions};
use crate::EXIT_OK;

pub(super) fn run(
    workspace: &Path,
    format: ListFormat,
    catalogue: Option<&Path>,
) -> Result<i32, Failure> {
    let cat = Catalogue::load(catalogue)?;
    let index = evidence::scan(
        workspace,
        &cat,
        &ScanOptions {
            pdf: evidence::pdf_worker::PdfReading::current_exe(),
            ..ScanOptions::default()
        },
    )
    .map_err(|d| Failure::Diagnostics(vec![d]))?;
    match format {
        ListFormat::Json => print(
            &(serde_json::to_string_pretty(&index)
                .map_err(|e| Failure::Message(format!("cannot write JSON: {e}")))?
                + "\n"),
        ),
        ListFormat::Text => print(&text(&index)),
    }
    Ok(EXIT_OK)
}

fn text(index: &EvidenceIndex) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Workspace     {}", index.workspace);
    let _ = writeln!(out, "Organisation  {}", index.organisation);
    let _ = writeln!(
        out,
        "Date          {}",
        index.assessment_date.as_deref().unwrap_or("(unknown)")
    );
    for note in &index.notes {
        let _ = writeln!(out, "  note: {note}");
    }
    let _ = writeln!(out, "\nFiles ({})", index.files.len());
    for f in &index.files {
        let _ = writeln!(
            out,
            "  {:<9} {:>10}  {}  {}",
            format!("{:?}", f.kind).to_lowercase(),
            f.bytes,
            &f.sha256[..12],
            f.path
        );
    }
    let _ = writeln!(out, "\nRecord sets ({})", index.record_sets.len());
    for r in &index.record_sets {
        let sheet = r
            .sheet
            .as_deref()
            .map(|s| format!(" [{s}]"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {:<20} {:>8} rows  {:>3.0}%  {}{sheet}",
            r.kind,
            r.rows,
            r.confidence * 100.0,
            r.path
        );
        let mapped: Vec<String> = r.columns.iter().map(|(k, v)| format!("{k}←{v}")).collect();
        let _ = writeln!(out, "      columns: {}", mapped.join(", "));
        if !r.unmapped.is_empty() {
            let _ = writeln!(out, "      unmapped: {}", r.unmapped.join(", "));
        }
    }
    let _ = writeln!(out, "\nDocuments ({})", index.documents.len());
    for d in &index.documents {
        let _ = writeln!(
            out,
            "  {:<4} {}  — {}{}{}",
            d.document_type.as_deref().unwrap_or("?"),
            d.path,
            d.title.as_deref().unwrap_or("(no title)"),
            d.version
                .as_deref()
                .map(|v| format!(", v{}", v.trim_start_matches(['v', 'V'])))
                .unwrap_or_default(),
            d.approved_on
                .as_deref()
                .map(|a| format!(", approved {a}"))
                .unwrap_or_default(),
        );
    }
    let _ = writeln!(out, "\nRegister rows ({})", index.register.len());
    for r in index.register.iter().take(50) {
        let _ = writeln!(
            out,
            "  row {:<4} {:<24} {:<14} {}",
            r.row,
            r.requirements.join(","),
            r.status.as_deref().unwrap_or("-"),
            r.path.as_deref().unwrap_or("-")
        );
    }
    if index.register.len() > 50 {
        let _ = writeln!(
            out,
            "  … {} more (use --format json)",
            index.register.len() - 50
        );
    }
    if !index.skipped.is_empty() {
        let _ = writeln!(out, "\nSkipped ({})", index.skipped.len());
        for s in &index.skipped {
            let _ = writeln!(out, "  {}: {}", s.path, s.reason);
        }
    }
    if !index.warnings.is_empty() {
        let _ = writeln!(out, "\nWarnings ({})", index.warnings.len());
        for w in &index.warnings {
            let at = if w.location.is_empty() {
                String::new()
            } else {
                format!(" {}", w.location)
            };
            let _ = writeln!(out, "  {}{at}: {}", w.path, w.message);
        }
    }
    out
}
