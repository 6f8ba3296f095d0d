//! Each reader run on arbitrary bytes the way a run reads a workspace file: the same limits
//! and checks first, then the parser. The fuzz targets under `fuzz/` call these, and so does
//! the regression test that replays every committed seed and crash input under `cargo test`,
//! so a fixed crash stays fixed.

use std::io::Cursor;

use crate::catalogue::Catalogue;
use crate::diagnostic::SourceFile;
use crate::evidence::limits::{check_ods_cells, check_zip, Limits};
use crate::evidence::table::ReadOptions;
use crate::evidence::tabular::FileOptions;
use crate::evidence::{documents, manifest, tabular};

fn no_progress(_: u64) {}

/// How a fuzzed file is read: no mappings, the built-in blank markers, no forced encoding.
fn options<'a>(path: &'a str, read: &'a ReadOptions) -> FileOptions<'a> {
    FileOptions {
        path,
        explicit: &[],
        read,
        encoding: None,
    }
}

/// A CSV (or TSV) file.
pub fn csv(bytes: &[u8]) {
    let read = ReadOptions::default();
    let _ = tabular::read_csv(bytes, &options("fuzz.csv", &read), &no_progress);
}

/// A spreadsheet: read as xlsx and as ods, each after the zip limits passed.
pub fn spreadsheet(bytes: &[u8]) {
    let limits = fuzz_limits();
    if check_zip(Cursor::new(bytes), &limits).is_err() {
        return;
    }
    let read = ReadOptions::default();
    let _ = tabular::read_xlsx(
        Cursor::new(bytes),
        &options("fuzz.xlsx", &read),
        &no_progress,
    );
    if check_ods_cells(Cursor::new(bytes), &limits).is_ok() {
        let _ = tabular::read_ods(
            Cursor::new(bytes),
            &options("fuzz.ods", &read),
            &no_progress,
        );
    }
}

/// An OpenDocument spreadsheet alone, after the zip and ODS-cell limits passed (the
/// `spreadsheet` target tries each input as xlsx first; this one spends all its time on ODS).
pub fn ods(bytes: &[u8]) {
    let limits = fuzz_limits();
    if check_zip(Cursor::new(bytes), &limits).is_err()
        || check_ods_cells(Cursor::new(bytes), &limits).is_err()
    {
        return;
    }
    let read = ReadOptions::default();
    let _ = tabular::read_ods(
        Cursor::new(bytes),
        &options("fuzz.ods", &read),
        &no_progress,
    );
}

/// An auditor worksheet given with `--worksheet`, read against `catalogue`.
pub fn worksheet(bytes: &[u8], catalogue: &Catalogue) {
    let mut input = crate::evidence::worksheet::AuditorInput::default();
    let mut warnings = Vec::new();
    crate::evidence::worksheet::read(
        bytes,
        "fuzz.xlsx",
        &fuzz_limits(),
        catalogue,
        &mut input,
        &mut warnings,
    );
}

/// A previous assessment.json given with `--previous`: parsed, then compared with itself
/// and followed up against itself, as a run compares and matches it with the current one.
pub fn previous_assessment(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let path = std::path::Path::new("previous/assessment.json");
    let Ok(previous) = crate::cycle::input::parse(path, text) else {
        return;
    };
    let _ = crate::cycle::input::doubts((path, &previous), (path, &previous));
    let _ = crate::cycle::matching::match_findings(&previous.findings, &previous.findings);
}

/// The workbook holding a previous run's corrective actions (the action plan, or the
/// internal audit's findings register), read as `--previous` reads it.
pub fn action_plan(bytes: &[u8]) {
    let _ = crate::check::follow_up::read_action_plan(
        bytes,
        std::path::Path::new("previous/gap-analysis.xlsx"),
        &fuzz_limits(),
    );
}

/// The PDF worker's pipe protocol: `bytes` as the requests a worker reads (answered by a
/// stand-in for the PDF parser, which the `pdf` target covers), and again as the replies
/// a parent reads. Every request must come back as the reply it was given, in order.
pub fn pdf_ipc(bytes: &[u8]) {
    use crate::evidence::pdf_worker::{read_reply_from, read_request, serve_stream, Reply};
    let answer = |pdf: &[u8]| match pdf.first() {
        Some(b) if b % 2 == 1 => Err(format!("odd {}", pdf.len())),
        _ => Ok(String::from_utf8_lossy(pdf).into_owned()),
    };
    let mut replies = Vec::new();
    serve_stream(&mut &bytes[..], &mut replies, answer);
    let mut requests = bytes;
    let mut stream = replies.as_slice();
    while let Some(pdf) = read_request(&mut requests) {
        assert_eq!(
            read_reply_from(&mut stream),
            Some(Reply::from(answer(&pdf)))
        );
    }
    assert!(stream.is_empty(), "a reply without its request");
    let mut hostile = bytes;
    while read_reply_from(&mut hostile).is_some() {}
}

/// A Word document, after the zip limits passed.
pub fn docx(bytes: &[u8]) {
    if check_zip(Cursor::new(bytes), &fuzz_limits()).is_err() {
        return;
    }
    let _ = documents::read_docx(bytes);
}

/// A PDF, parsed in this process (a run parses PDFs in a memory-capped worker process; see
/// `evidence::pdf_worker`).
pub fn pdf(bytes: &[u8]) {
    let _ = documents::read_pdf(bytes);
}

/// A manifest (`assessment.toml`): parsed, then validated against the built-in catalogue.
pub fn manifest(bytes: &[u8], catalogue: &Catalogue) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let source = SourceFile::new("assessment.toml", text);
    if let Ok(m) = manifest::parse(&source) {
        let _ = manifest::validate(&m, &source, catalogue);
    }
}

/// A catalogue file: the first byte picks which built-in file the rest replaces.
pub fn catalogue(bytes: &[u8]) {
    let Some((&which, rest)) = bytes.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let _ = Catalogue::builtin_with_file(which as usize, text);
}

/// The run's default limits, with the inflation budget lowered to what a fuzzer's memory
/// cap allows (the limits themselves are what is under test, not their defaults).
fn fuzz_limits() -> Limits {
    Limits {
        max_zip_inflated_bytes: 256 << 20,
        max_ods_cells: 2_000_000,
        ..Limits::default()
    }
}
