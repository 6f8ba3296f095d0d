//! `iso20k evidence WORKSPACE`: what the tool sees in a folder, so it can be fixed first.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use super::{print, CatalogueChoice, Failure, ListFormat};
use crate::check::records::CHECKS;
use crate::evidence::explain::FileExplanation;
use crate::evidence::{self, EvidenceIndex, RecordSetInfo, ScanOptions};
use crate::EXIT_OK;

/// `iso20k evidence WORKSPACE --explain FILE`.
pub(super) fn explain(
    workspace: &Path,
    file: &Path,
    format: ListFormat,
    catalogue: &CatalogueChoice,
) -> Result<i32, Failure> {
    let cat = catalogue.load(evidence::manifest_edition(workspace).as_deref())?;
    let pdf = evidence::pdf_worker::PdfReading::current_exe();
    let e = evidence::explain::explain(workspace, file, &cat, &pdf)
        .map_err(|d| Failure::Diagnostics(vec![d]))?;
    match format {
        ListFormat::Json => print(
            &(serde_json::to_string_pretty(&e)
                .map_err(|e| Failure::Message(format!("cannot write JSON: {e}")))?
                + "\n"),
        ),
        ListFormat::Text => print(&explanation_text(&e)),
    }
    Ok(EXIT_OK)
}

/// How a record set's reading departs from its columns, one line each: the fields value rules
/// derived, and the columns not taken for the field their name matched.
fn reading_lines(
    derived: &[evidence::derive::Derived],
    rejected: &[evidence::tabular::RejectedColumn],
) -> Vec<String> {
    let derived = derived
        .iter()
        .map(|d| format!("derived {}←{}: {}", d.field, d.from, d.text.en));
    let rejected = rejected.iter().map(|x| {
        format!(
            "not read as {}: column `{}`, whose values (such as `{}`) are not of that kind; map another column in a [[mapping]] if one holds it",
            x.field, x.header, x.example
        )
    });
    derived.chain(rejected).collect()
}

/// The record checks of set `kind` that cannot run for want of `fields`.
fn blocked_checks(kind: &str, fields: &[&str]) -> Vec<String> {
    CHECKS
        .iter()
        .filter(|c| c.set == kind)
        .filter_map(|c| {
            let missing: Vec<&str> = c
                .requires
                .iter()
                .copied()
                .filter(|f| !fields.contains(f))
                .collect();
            (!missing.is_empty()).then(|| format!("{} (no {})", c.code, missing.join(", ")))
        })
        .collect()
}

fn explanation_text(e: &FileExplanation) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  ({})",
        e.path,
        format!("{:?}", e.file_kind).to_lowercase()
    );
    if let Some(enc) = &e.encoding {
        let _ = writeln!(
            out,
            "  encoding: {} ({})",
            enc.name,
            match enc.source {
                evidence::tabular::EncodingSource::Utf8 => "valid UTF-8",
                evidence::tabular::EncodingSource::ByteOrderMark => "byte-order mark",
                evidence::tabular::EncodingSource::Detected =>
                    "detected from the bytes: the file is not UTF-8",
                evidence::tabular::EncodingSource::Manifest => "set in assessment.toml",
            }
        );
    }
    for t in &e.tables {
        let _ = writeln!(out);
        let sheet = t
            .sheet
            .as_deref()
            .map(|s| format!("sheet `{s}`, "))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {sheet}header at row {}: {}",
            t.header_row,
            t.headers
                .iter()
                .filter(|h| !h.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        );
        match &t.recognised {
            Some(kind) => {
                let by = if t.mapped_by_manifest {
                    ", mapped in assessment.toml"
                } else {
                    ""
                };
                let split = t
                    .split_by
                    .as_ref()
                    .map(|c| format!(" (the rows whose `{c}` names {kind})"))
                    .unwrap_or_default();
                let _ = writeln!(out, "  read as: {kind}, {} records{by}{split}", t.rows);
                for line in reading_lines(&t.derived, &t.rejected) {
                    let _ = writeln!(out, "  {line}");
                }
            }
            None => {
                let _ = writeln!(
                    out,
                    "  read as: nothing — an unrecognised table of {} rows (not a document); map it with the block below",
                    t.rows
                );
            }
        }
        if let Some(f) = &t.fold {
            let _ = writeln!(out, "  history: {}", fold_text(f, &t.kind));
        }
        if !t.scores.is_empty() {
            let _ = writeln!(out, "  scores (key fields found; 50 % and two key fields, or the table's own name, an id and three columns, are needed):");
            for s in t.scores.iter().take(5) {
                let hints = if s.hints.is_empty() {
                    String::new()
                } else {
                    format!("; {}", s.hints.join("; "))
                };
                let _ = writeln!(
                    out,
                    "    {:<22} {:>4.0} %  {} of {} key fields, {} column{}{hints}{}",
                    s.kind,
                    s.confidence * 100.0,
                    s.keys_found,
                    s.keys_total,
                    s.mapped,
                    if s.mapped == 1 { "" } else { "s" },
                    if s.accepted { "  ✓" } else { "" }
                );
            }
        }
        let pairs = |v: &[(String, String)]| {
            v.iter()
                .map(|(f, h)| format!("{f} ← {h}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(out, "  {}: matched {}", t.kind, pairs(&t.matched));
        if !t.suggested.is_empty() {
            let _ = writeln!(
                out,
                "  suggested from the headers' words (check them): {}",
                pairs(&t.suggested)
            );
        }
        if !t.missing_keys.is_empty() {
            let _ = writeln!(
                out,
                "  key fields no column provides: {}",
                t.missing_keys.join(", ")
            );
        }
        let fields: Vec<&str> = t
            .matched
            .iter()
            .chain(if t.recognised.is_some() {
                &[][..]
            } else {
                &t.suggested[..]
            })
            .map(|(f, _)| f.as_str())
            .collect();
        let blocked = blocked_checks(&t.kind, &fields);
        if !blocked.is_empty() {
            let _ = writeln!(
                out,
                "  checks that cannot be evaluated for want of columns ({}):",
                blocked.len()
            );
            for b in blocked {
                let _ = writeln!(out, "    {b}");
            }
        }
        for d in &t.dates {
            let _ = writeln!(out, "  dates in {}: {}", d.field, d.description);
        }
        let _ = writeln!(
            out,
            "\n  To map it, paste into assessment.toml (and correct the columns if needed):\n"
        );
        for line in t.mapping.lines() {
            let _ = writeln!(out, "    {line}");
        }
    }
    for d in &e.documents {
        let _ = writeln!(out, "\n  read as a document: {}", d.name);
        match d.types.split_first() {
            None => {
                let _ = writeln!(out, "    type: none of the mandatory document types");
            }
            Some(((id, reason), rest)) => {
                let _ = writeln!(out, "    type: {id} — {reason}");
                for (id, reason) in rest {
                    let _ = writeln!(out, "    also: {id} — {reason}");
                }
            }
        }
        if d.draft {
            let _ = writeln!(
                out,
                "    status: a draft, so not approved whatever dates it carries"
            );
        }
        for o in &d.occurrences {
            let _ = writeln!(out, "    records: {o}");
        }
        if d.control.is_empty() {
            let _ = writeln!(out, "    control data: none found");
        }
        for (field, value, source) in &d.control {
            let from = if source.is_empty() {
                String::new()
            } else {
                format!("  ({source})")
            };
            let _ = writeln!(out, "    {field:<13} {value}{from}");
        }
    }
    for s in &e.skipped {
        let _ = writeln!(out, "\n  skipped: {}", s.reason);
    }
    if !e.warnings.is_empty() {
        let _ = writeln!(out, "\n  warnings:");
        for w in &e.warnings {
            let at = if w.location.is_empty() {
                String::new()
            } else {
                format!("{}: ", w.location)
            };
            let _ = writeln!(out, "    {at}{}", w.text());
        }
    }
    out
}

fn fold_text(f: &evidence::history::Fold, kind: &str) -> String {
    let by = match &f.ordered_by {
        Some(h) => format!("history log folded by {h}"),
        None => "repeated ids kept once, with their last row (no history marker)".into(),
    };
    let derived = if f.derived.is_empty() {
        String::new()
    } else {
        format!("; from the history: {}", f.derived.join(", "))
    };
    format!(
        "{} rows → {} {kind} ({by}){derived}",
        f.source_rows, f.records
    )
}

fn record_set_notes(r: &RecordSetInfo) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(f) = &r.fold {
        notes.push(fold_text(f, &r.kind));
    }
    if let Some(e) = &r.encoding {
        if e.source != evidence::tabular::EncodingSource::Utf8 {
            notes.push(format!("encoding: {}", e.name));
        }
    }
    for d in &r.dates {
        if d.order.is_some() || d.description.starts_with("mixed") {
            notes.push(format!("dates in {}: {}", d.field, d.description));
        }
    }
    notes
}

pub(super) fn run(
    workspace: &Path,
    format: ListFormat,
    catalogue: &CatalogueChoice,
) -> Result<i32, Failure> {
    let cat = catalogue.load(evidence::manifest_edition(workspace).as_deref())?;
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
        ListFormat::Json => {
            // Streamed: the index of a folder of 100,000 files is never held twice as text.
            use std::io::Write;
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            serde_json::to_writer_pretty(&mut out, &index)
                .map_err(|e| Failure::Message(format!("cannot write JSON: {e}")))?;
            let _ = writeln!(out);
            let _ = out.flush();
        }
        ListFormat::Text => print(&(text(&index) + &coverage_text(&cat, &index))),
    }
    Ok(EXIT_OK)
}

/// The checks table that ends `iso20k evidence`: which record checks can run on this
/// evidence, and for each that cannot, why and what would make it run.
fn coverage_text(cat: &crate::catalogue::Catalogue, index: &EvidenceIndex) -> String {
    let coverage = crate::check::records::coverage(cat, index);
    let mut out = String::new();
    let ran = coverage.iter().filter(|c| c.ran).count();
    let _ = writeln!(
        out,
        "\nChecks ({ran} of {} record checks can run on this evidence)\n  A check not evaluated for want of a column runs once assessment.toml maps the column ([[mapping]] columns) or derives the field ([[derive]]); `iso20k fields SET` lists the columns each record set is read from.",
        coverage.len()
    );
    let mut by_file: BTreeMap<&str, Vec<&crate::assessment::CheckCoverage>> = BTreeMap::new();
    for c in &coverage {
        if let Some(path) = c.path.as_deref() {
            by_file.entry(path).or_default().push(c);
        }
    }
    for (path, checks) in by_file {
        let ran: Vec<&str> = checks
            .iter()
            .filter(|c| c.ran)
            .map(|c| c.code.as_str())
            .collect();
        let _ = writeln!(out, "  {path}");
        if !ran.is_empty() {
            let _ = writeln!(out, "    ran: {}", ran.join(", "));
        }
        for c in checks.iter().filter(|c| !c.ran) {
            let why = if c.missing.is_empty() {
                c.reason.as_ref().map_or(String::new(), |r| r.en.clone())
            } else {
                let columns: Vec<String> = c
                    .missing
                    .iter()
                    .map(|f| {
                        let names = crate::fields::column_names(&c.set, f, 2);
                        format!("`{f}` (a column such as {names})")
                    })
                    .collect();
                format!("no column for {}", columns.join(", "))
            };
            let _ = writeln!(out, "    not evaluated {}: {why}", c.code);
        }
    }
    let mut absent: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for c in coverage.iter().filter(|c| c.path.is_none()) {
        absent
            .entry(c.set.as_str())
            .or_default()
            .push(c.code.as_str());
    }
    for (set, codes) in absent {
        let _ = writeln!(out, "  no {set} records: {}", codes.join(", "));
    }
    out
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
        if let Some(by) = &r.split_by {
            let _ = writeln!(
                out,
                "      split by `{by}`: only the rows whose `{by}` names {} (the file's other record sets are listed apart)",
                r.kind
            );
        }
        for line in reading_lines(&r.derived, &r.rejected) {
            let _ = writeln!(out, "      {line}");
        }
        for note in record_set_notes(r) {
            let _ = writeln!(out, "      {note}");
        }
    }
    if !index.unrecognised_tables.is_empty() {
        let _ = writeln!(
            out,
            "\nUnrecognised tables ({}) — run `iso20k evidence WORKSPACE --explain FILE` to map them",
            index.unrecognised_tables.len()
        );
        for u in &index.unrecognised_tables {
            let sheet = u
                .sheet
                .as_deref()
                .map(|s| format!(" [{s}]"))
                .unwrap_or_default();
            let guesses: Vec<String> = u
                .guesses
                .iter()
                .map(|g| format!("{} {:.0} %", g.kind, g.confidence * 100.0))
                .collect();
            let _ = writeln!(
                out,
                "  {}{sheet}: {} rows; best guesses: {}",
                u.path,
                u.rows,
                if guesses.is_empty() {
                    "none".to_string()
                } else {
                    guesses.join(", ")
                }
            );
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
            let _ = writeln!(out, "  {}{at}: {}", w.path, w.text());
        }
    }
    out
}
