//! Hostile and broken inputs, built in the test, run through the `iso20k` binary: none may
//! abort the run, hang it or silently change what it counts. Each case runs under a time
//! bound; where memory matters, the peak resident size of the run and of the processes it
//! started is measured (`wait4`'s rusage covers a child and its waited-for descendants).

mod common;

use common::copy_dir;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

fn sample() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("evidence-samples/northwind-msp")
}

/// What one bounded run of the binary did.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    /// Peak resident set of the run and every process it started and waited for, in KiB.
    peak_kib: u64,
}

/// Held by every test that measures a run's memory, or builds a big input, for its whole
/// body. A child's peak resident size includes what the test process held when it spawned
/// the child (Linux keeps the high-water mark across `exec`), so one test's 200 MB buffer
/// would be counted against another's run.
fn measuring_memory() -> std::sync::MutexGuard<'static, ()> {
    static HEAVY: std::sync::Mutex<()> = std::sync::Mutex::new(());
    HEAVY.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs the binary, killing it if it outlasts `limit` (which fails the test: a hang).
// The child is reaped with `wait4`, not `Child::wait`, to read its peak memory.
#[allow(clippy::zombie_processes)]
fn run_bounded(args: &[&std::ffi::OsStr], limit: Duration) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_iso20k"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut s = Vec::new();
            let _ = pipe.read_to_end(&mut s);
            String::from_utf8_lossy(&s).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let pid = child.id() as libc::pid_t;
    let start = Instant::now();
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: waits for our own child, writing into locals owned by this frame.
        let done = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if done == pid {
            break;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the run did not finish within {limit:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        panic!(
            "the run was killed by signal {}: {}",
            libc::WTERMSIG(status),
            err.join().unwrap()
        );
    };
    Run {
        code,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
        peak_kib: usage.ru_maxrss as u64,
    }
}

fn args<'a>(list: &'a [&'a dyn AsRef<std::ffi::OsStr>]) -> Vec<&'a std::ffi::OsStr> {
    list.iter().map(|a| a.as_ref()).collect()
}

/// `iso20k evidence WS --format json`, bounded.
fn evidence(ws: &Path, limit: Duration) -> (Value, Run) {
    let run = run_bounded(&args(&[&"evidence", &ws, &"--format", &"json"]), limit);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (serde_json::from_str(&run.stdout).unwrap(), run)
}

fn skip_reason(index: &Value, path: &str) -> String {
    index["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["path"] == path)
        .unwrap_or_else(|| panic!("{path} not skipped: {:#}", index["skipped"]))["reason"]
        .as_str()
        .unwrap()
        .to_string()
}

fn warnings_of(index: &Value, path: &str) -> Vec<(String, String)> {
    index["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["path"] == path)
        .map(|w| {
            (
                w["location"].as_str().unwrap().to_string(),
                w["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A workspace holding one incident export and one readable PDF, so each case can show the
/// rest of the workspace is still read.
fn workspace_with_good_files(dir: &Path) {
    common::file(
        &dir.join("incidents.csv"),
        b"number,opened_at,priority,state\nINC1,2026-01-02,2,Closed\nINC2,2026-01-03,3,Closed\n",
    );
    common::file(
        &dir.join("incident-procedure.pdf"),
        &iso20k::sample::files::pdf_bytes(&["Incident Management Procedure", "Version: 1.0"]),
    );
}

fn assert_good_files_read(index: &Value) {
    let sets = index["record_sets"].as_array().unwrap();
    assert!(
        sets.iter()
            .any(|s| s["path"] == "incidents.csv" && s["rows"] == 2),
        "{sets:#?}"
    );
    let docs = index["documents"].as_array().unwrap();
    assert!(
        docs.iter().any(|d| d["path"] == "incident-procedure.pdf"
            && d["title"] == "Incident Management Procedure"),
        "{docs:#?}"
    );
}

/// Zlib-compressed `len` zero bytes, produced in chunks.
fn zlib_zeros(len: usize) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..len >> 20 {
        z.write_all(&chunk).unwrap();
    }
    z.finish().unwrap()
}

/// A one-page PDF whose content stream is `stream`, FlateDecode-compressed.
fn pdf_with_flate_stream(stream: &[u8]) -> Vec<u8> {
    let mut content = format!(
        "<< /Length {} /Filter /FlateDecode >>\nstream\n",
        stream.len()
    )
    .into_bytes();
    content.extend_from_slice(stream);
    content.extend_from_slice(b"\nendstream");
    iso20k::sample::files::pdf_from_objects(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>".to_vec(),
        content,
    ])
}

#[test]
fn a_pdf_deflate_bomb_is_skipped_by_name_within_bounded_memory() {
    let _alone = measuring_memory();
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    workspace_with_good_files(ws);
    // About 1 MB on disk, 1 GiB inflated: read in-process this took the run over 1 GB.
    common::file(
        &ws.join("bomb.pdf"),
        &pdf_with_flate_stream(&zlib_zeros(1 << 30)),
    );
    let (index, run) = evidence(ws, Duration::from_secs(120));
    let reason = skip_reason(&index, "bomb.pdf");
    assert!(
        reason.contains("limits.max_pdf_memory_bytes"),
        "the skip names the limit and how to raise it: {reason}"
    );
    assert_good_files_read(&index);
    eprintln!("PDF bomb: peak RSS {} KiB", run.peak_kib);
    assert!(run.peak_kib < 500 * 1024, "peak {} KiB", run.peak_kib);
}

/// Rewrites the uncompressed size an archive declares for entry `name`, in its local header
/// and in the central directory.
fn forge_declared_size(zip: &mut [u8], name: &str, size: u32) {
    let mut patched = 0;
    let name = name.as_bytes();
    for i in 0..zip.len().saturating_sub(46) {
        let sig = &zip[i..i + 4];
        if sig == [0x50, 0x4b, 0x03, 0x04] {
            let len = u16::from_le_bytes([zip[i + 26], zip[i + 27]]) as usize;
            if zip.get(i + 30..i + 30 + len) == Some(name) {
                zip[i + 22..i + 26].copy_from_slice(&size.to_le_bytes());
                patched += 1;
            }
        } else if sig == [0x50, 0x4b, 0x01, 0x02] {
            let len = u16::from_le_bytes([zip[i + 28], zip[i + 29]]) as usize;
            if zip.get(i + 46..i + 46 + len) == Some(name) {
                zip[i + 24..i + 28].copy_from_slice(&size.to_le_bytes());
                patched += 1;
            }
        }
    }
    assert_eq!(patched, 2, "local header and central directory entry");
}

/// A one-sheet workbook ("Incidents") whose cells are `sheet_rows` (XML `<row>` elements) and
/// whose shared strings come from `write_strings`, which writes the `<si>` items.
fn workbook(
    sheet_rows: &str,
    write_strings: impl FnOnce(&mut zip::ZipWriter<std::io::Cursor<Vec<u8>>>),
) -> Vec<u8> {
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_rows}</sheetData></worksheet>"#
    );
    let parts: [(&str, &[u8]); 5] = [
        ("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#),
        ("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
        ("xl/workbook.xml", br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Incidents" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
        ("xl/_rels/workbook.xml.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ];
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(6));
    for (name, bytes) in parts {
        z.start_file(name, opts).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.start_file("xl/sharedStrings.xml", opts).unwrap();
    z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#).unwrap();
    write_strings(&mut z);
    z.write_all(b"</sst>").unwrap();
    z.finish().unwrap().into_inner()
}

/// A workbook whose shared strings inflate to `strings_bytes` of one-letter strings, with
/// the entry declaring 1,000 bytes.
fn lying_workbook(strings_bytes: usize) -> Vec<u8> {
    let mut bytes = workbook(r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#, |z| {
        let item = b"<si><t>a</t></si>";
        let chunk: Vec<u8> = item
            .iter()
            .copied()
            .cycle()
            .take(item.len() * 60_000)
            .collect();
        let mut written = 0;
        while written < strings_bytes {
            z.write_all(&chunk).unwrap();
            written += chunk.len();
        }
    });
    forge_declared_size(&mut bytes, "xl/sharedStrings.xml", 1000);
    bytes
}

#[test]
fn an_xlsx_entry_that_lies_about_its_size_is_stopped_while_inflating() {
    let _alone = measuring_memory();
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    workspace_with_good_files(ws);
    // 384 MB of one-letter shared strings: held as strings they cost gigabytes.
    common::file(&ws.join("liar.xlsx"), &lying_workbook(384 << 20));
    let (index, run) = evidence(ws, Duration::from_secs(120));
    let reason = skip_reason(&index, "liar.xlsx");
    assert!(
        reason.contains("xl/sharedStrings.xml")
            && reason.contains("1000 bytes its header declares"),
        "{reason}"
    );
    assert_good_files_read(&index);
    eprintln!("lying xlsx: peak RSS {} KiB", run.peak_kib);
    assert!(run.peak_kib < 500 * 1024, "peak {} KiB", run.peak_kib);
}

/// An OpenDocument spreadsheet whose rows and columns repeat: under a kilobyte on disk.
fn ods_with_repeats(rows: u32, columns: u32) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Incidents"><table:table-row><table:table-cell office:value-type="string"><text:p>number</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="{rows}"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="{columns}"/><table:table-cell office:value-type="string"><text:p>far</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    z.start_file("mimetype", stored).unwrap();
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    z.start_file("META-INF/manifest.xml", stored).unwrap();
    z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>"#).unwrap();
    z.start_file("content.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    z.write_all(content.as_bytes()).unwrap();
    z.finish().unwrap().into_inner()
}

#[test]
fn an_ods_repeating_empty_rows_and_columns_is_refused_before_it_is_expanded() {
    let _alone = measuring_memory();
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    workspace_with_good_files(ws);
    // Expanded, this asks the spreadsheet reader for 100 million cells (6 GB).
    common::file(&ws.join("grid.ods"), &ods_with_repeats(9_990, 9_990));
    let (index, run) = evidence(ws, Duration::from_secs(60));
    let reason = skip_reason(&index, "grid.ods");
    assert!(
        reason.contains("sheet `Incidents`") && reason.contains("limits.max_ods_cells"),
        "{reason}"
    );
    assert_good_files_read(&index);
    assert!(run.peak_kib < 500 * 1024, "peak {} KiB", run.peak_kib);
}

#[test]
fn a_highly_compressible_genuine_cell_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    // Two million identical characters compress about 1000:1 (no spreadsheet program
    // writes a cell that long, but other exporters do).
    let rows = r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row>"#;
    let bytes = workbook(rows, |z| {
        z.write_all(b"<si><t>Service review notes</t></si><si><t>")
            .unwrap();
        z.write_all(&vec![b'x'; 2_000_000]).unwrap();
        z.write_all(b"</t></si>").unwrap();
    });
    assert!(bytes.len() < 20_000, "{} bytes", bytes.len());
    common::file(&ws.join("notes.xlsx"), &bytes);
    let (index, _) = evidence(ws, Duration::from_secs(60));
    assert!(
        index["skipped"].as_array().unwrap().is_empty(),
        "{:#}",
        index["skipped"]
    );
    assert!(index["documents"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["path"] == "notes.xlsx"));
}

#[test]
fn a_named_pipe_in_the_workspace_is_skipped_and_the_run_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    workspace_with_good_files(&ws);
    for name in ["pipe.csv", "pipe.pdf", "pipe.xlsx"] {
        let path = std::ffi::CString::new(ws.join(name).to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo only creates the node.
        assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o644) }, 0);
    }
    let (index, _) = evidence(&ws, Duration::from_secs(30));
    for name in ["pipe.csv", "pipe.pdf", "pipe.xlsx"] {
        let reason = skip_reason(&index, name);
        assert!(reason.contains("named pipe"), "{reason}");
    }
    assert_good_files_read(&index);
    let out = dir.path().join("out");
    let run = run_bounded(
        &args(&[&"assess", &ws, &"--out", &out]),
        Duration::from_secs(60),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

fn summary_counts(out: &Path) -> Value {
    let a: Value =
        serde_json::from_slice(&std::fs::read(out.join("assessment.json")).unwrap()).unwrap();
    a["summary"]["counts"].clone()
}

#[test]
fn old_reports_in_the_workspace_are_skipped_as_reports() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    copy_dir(&sample(), &ws);
    let limit = Duration::from_secs(180);
    // What the workspace gives with no reports in it.
    let baseline = dir.path().join("baseline");
    let clean = run_bounded(&args(&[&"assess", &ws, &"--out", &baseline]), limit);
    assert!(clean.code <= 1, "{}", clean.stderr);
    // A run keeps its reports inside the client folder.
    let inside = ws.join("iso20k-reports");
    let first = run_bounded(
        &args(&[
            &"assess",
            &ws,
            &"--out",
            &inside,
            &"--format",
            &"xlsx,pdf,html",
        ]),
        limit,
    );
    assert!(first.code <= 1, "{}", first.stderr);
    // They are moved to another folder of the workspace, so no exclusion by --out helps.
    let kept = ws.join("previous-assessment");
    std::fs::rename(&inside, &kept).unwrap();
    let later = dir.path().join("later");
    let second = run_bounded(&args(&[&"assess", &ws, &"--out", &later]), limit);
    assert!(second.code <= 1, "{}", second.stderr);
    assert_eq!(
        summary_counts(&later),
        summary_counts(&baseline),
        "findings must not change because old reports sit in the workspace"
    );
    let (index, _) = evidence(&ws, limit);
    for name in [
        "previous-assessment/assessment.json",
        "previous-assessment/gap-analysis.en.xlsx",
        "previous-assessment/gap-analysis.en.pdf",
        "previous-assessment/gap-analysis.en.html",
    ] {
        let reason = skip_reason(&index, name);
        assert!(
            reason.contains("an iso20k report, not evidence"),
            "{reason}"
        );
    }
}

#[test]
fn ten_thousand_scope_services_give_every_format_with_a_truncation_warning() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    copy_dir(&sample(), &ws);
    let manifest = std::fs::read_to_string(ws.join("assessment.toml")).unwrap();
    let services: Vec<String> = (1..=10_000)
        .map(|i| format!("\"Managed service {i:05}\""))
        .collect();
    let manifest = if manifest.contains("services = [") {
        let start = manifest.find("services = [").unwrap();
        let end = start + manifest[start..].find(']').unwrap() + 1;
        format!(
            "{}services = [{}]{}",
            &manifest[..start],
            services.join(", "),
            &manifest[end..]
        )
    } else {
        format!(
            "{manifest}\n[scope]\nservices = [{}]\n",
            services.join(", ")
        )
    };
    std::fs::write(ws.join("assessment.toml"), manifest).unwrap();
    let out = dir.path().join("out");
    let run = run_bounded(
        &args(&[
            &"assess",
            &ws,
            &"--out",
            &out,
            &"--format",
            &"xlsx,html,pdf",
        ]),
        Duration::from_secs(300),
    );
    assert!(run.code <= 1, "{}", run.stderr);
    for name in [
        "assessment.json",
        "gap-analysis.en.xlsx",
        "gap-analysis.en.html",
        "gap-analysis.en.pdf",
    ] {
        assert!(out.join(name).is_file(), "{name} missing: {}", run.stderr);
    }
    assert!(
        run.stderr.contains("gap-analysis.en.xlsx")
            && run.stderr.contains("(Services")
            && run.stderr.contains("truncated"),
        "the warning names the file and the field: {}",
        run.stderr
    );
    // The workbook shows the cut; assessment.json keeps every service.
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook(out.join("gap-analysis.en.xlsx")).unwrap();
    let sheet = calamine::Reader::worksheet_range_at(&mut wb, 0)
        .unwrap()
        .unwrap();
    let cut = sheet
        .rows()
        .flat_map(|r| r.iter())
        .map(|c| c.to_string())
        .find(|t| t.contains("Managed service 00001"))
        .expect("services cell");
    assert!(cut.chars().count() <= 32_767);
    assert!(
        cut.contains("more characters: see assessment.json]"),
        "{}",
        &cut[cut.len() - 80..]
    );
    let json = std::fs::read_to_string(out.join("assessment.json")).unwrap();
    assert!(json.contains("Managed service 10000"));
}

#[test]
fn an_unclosed_csv_quote_is_reported_at_the_line_it_opened() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    let mut csv = String::from("number,opened_at,priority,state\nINC0001,2026-01-02,2,Closed\nINC0002,2026-01-03,3,\"Closed\n");
    for i in 3..=1000 {
        csv.push_str(&format!("INC{i:04},2026-01-04,3,Closed\n"));
    }
    common::file(&ws.join("incidents.csv"), csv.as_bytes());
    let (index, _) = evidence(ws, Duration::from_secs(30));
    let warnings = warnings_of(&index, "incidents.csv");
    assert!(
        warnings
            .iter()
            .any(|(loc, m)| loc == "line 3" && m.contains("never closed")),
        "{warnings:?}"
    );
}

#[test]
fn a_password_protected_workbook_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.resize(4096, 0);
    common::file(&ws.join("protected.xlsx"), &cfb);
    common::file(&ws.join("protected.docx"), &cfb);
    let (index, _) = evidence(ws, Duration::from_secs(30));
    for name in ["protected.xlsx", "protected.docx"] {
        let reason = skip_reason(&index, name);
        assert!(reason.contains("password-protected"), "{reason}");
        assert!(!reason.contains("damaged"), "{reason}");
    }
}

#[test]
fn a_sheet_too_wide_for_records_is_named_with_its_width() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    let headers: Vec<String> = (0..1100).map(|i| format!("metric {i}")).collect();
    let values: Vec<String> = (0..1100).map(|i| i.to_string()).collect();
    common::xlsx(
        &ws.join("telemetry.xlsx"),
        "Raw",
        &[
            headers.iter().map(String::as_str).collect(),
            values.iter().map(String::as_str).collect(),
        ],
    );
    let (index, _) = evidence(ws, Duration::from_secs(60));
    let warnings = warnings_of(&index, "telemetry.xlsx");
    assert!(
        warnings
            .iter()
            .any(|(loc, m)| loc == "Raw" && m.contains("1,100 cells") && m.contains("1024")),
        "{warnings:?}"
    );
    assert!(
        !index["documents"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["path"] == "telemetry.xlsx"),
        "not made into a document"
    );
}

#[test]
fn out_naming_an_existing_file_fails_before_any_evidence_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.txt");
    std::fs::write(&file, "not a folder").unwrap();
    // The workspace does not even exist: the --out check comes first.
    let missing = dir.path().join("no-such-workspace");
    let run = run_bounded(
        &args(&[&"assess", &missing, &"--out", &file]),
        Duration::from_secs(30),
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("OUT001"), "{}", run.stderr);
    assert!(run.stderr.contains("not a folder"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a folder");
}

#[test]
fn a_concurrent_second_run_into_the_same_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let lock = out.join(".iso20k.lock");
    let mut first = Command::new(env!("CARGO_BIN_EXE_iso20k"))
        .arg("assess")
        .arg(sample())
        .arg("--out")
        .arg(&out)
        .arg("--no-cache")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = first.id() as libc::pid_t;
    let start = Instant::now();
    while !lock.exists() {
        assert!(
            first.try_wait().unwrap().is_none(),
            "the first run ended before its lock was seen"
        );
        assert!(start.elapsed() < Duration::from_secs(30));
        std::thread::sleep(Duration::from_millis(1));
    }
    // Hold the first run still while the second tries.
    // SAFETY: signals our own child.
    unsafe { libc::kill(pid, libc::SIGSTOP) };
    let second = run_bounded(
        &args(&[&"assess", &sample(), &"--out", &out]),
        Duration::from_secs(30),
    );
    // SAFETY: signals our own child.
    unsafe { libc::kill(pid, libc::SIGCONT) };
    assert_eq!(second.code, 2);
    assert!(second.stderr.contains("OUT002"), "{}", second.stderr);
    assert!(
        second.stderr.contains(&format!("process {pid}")),
        "names the run holding the folder: {}",
        second.stderr
    );
    let status = first.wait().unwrap();
    assert!(status.code().unwrap() <= 1);
    assert!(out.join("assessment.json").is_file());
    assert!(!lock.exists(), "the lock is removed when the run ends");
}

#[test]
fn a_failing_format_leaves_the_assessment_and_the_other_formats() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    common::file(
        &templates.join("gap-analysis.html.hbs"),
        b"<html><head></head><body>{{no_such_field}}</body></html>",
    );
    let out = dir.path().join("out");
    let run = run_bounded(
        &args(&[
            &"assess",
            &sample(),
            &"--out",
            &out,
            &"--format",
            &"xlsx,html",
            &"--templates",
            &templates,
        ]),
        Duration::from_secs(120),
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("OUT003") && run.stderr.contains("html report was not written"),
        "{}",
        run.stderr
    );
    assert!(out.join("assessment.json").is_file());
    assert!(out.join("gap-analysis.en.xlsx").is_file());
    assert!(!out.join("gap-analysis.en.html").exists());
}

/// Writes `head`, then `piece` `times` over, then `tail` to `path`, a megabyte at a time: the
/// test process never holds the file (see [`measuring_memory`]).
fn write_streamed(path: &Path, head: &[u8], piece: &[u8], times: usize, tail: &[u8]) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    f.write_all(head).unwrap();
    let per_chunk = ((1 << 20) / piece.len()).max(1);
    let chunk: Vec<u8> = piece.repeat(per_chunk);
    let mut left = times;
    while left > 0 {
        let n = left.min(per_chunk);
        f.write_all(&chunk[..n * piece.len()]).unwrap();
        left -= n;
    }
    f.write_all(tail).unwrap();
    f.flush().unwrap();
}

#[test]
fn a_120_mb_field_is_cut_while_read_with_a_warning_naming_its_row_and_column() {
    let _alone = measuring_memory();
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    workspace_with_good_files(ws);
    write_streamed(
        &ws.join("incident.csv"),
        b"number,opened_at,priority,state,short_description\nINC0001,2026-01-02 09:00:00,2 - High,Closed,\"",
        b"x",
        120 << 20,
        b"\"\nINC0002,2026-01-03 09:00:00,3 - Moderate,Closed,short\n",
    );
    let (index, run) = evidence(ws, Duration::from_secs(120));
    let warnings = warnings_of(&index, "incident.csv");
    assert!(
        warnings.iter().any(|(_, m)| m
            .contains("the cell in row 2, column E holds 125,829,120 bytes")
            && m.contains("max_cell_bytes")),
        "{warnings:?}"
    );
    // Both records are read: the cut field costs its row nothing else.
    let set = index["record_sets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["path"] == "incident.csv")
        .expect("the incidents are read");
    assert_eq!(set["rows"], 2, "{set}");
    assert_good_files_read(&index);
    eprintln!("120 MB field: peak RSS {} KiB", run.peak_kib);
    assert!(run.peak_kib < 500 * 1024, "peak {} KiB", run.peak_kib);
}

#[test]
fn a_200_mb_line_of_short_fields_stays_within_the_memory_budget() {
    let _alone = measuring_memory();
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    workspace_with_good_files(ws);
    write_streamed(
        &ws.join("incident.csv"),
        b"number,opened_at,priority,state,short_description\n",
        b"x,",
        100 << 20,
        b"",
    );
    let (index, run) = evidence(ws, Duration::from_secs(120));
    let warnings = warnings_of(&index, "incident.csv");
    assert!(
        warnings
            .iter()
            .any(|(_, m)| m.contains("a row of 104,857,600 cells")),
        "{warnings:?}"
    );
    assert_good_files_read(&index);
    eprintln!("200 MB line: peak RSS {} KiB", run.peak_kib);
    assert!(run.peak_kib < 500 * 1024, "peak {} KiB", run.peak_kib);
}

#[test]
fn a_hundred_thousand_empty_files_cost_a_small_record_each() {
    let _alone = measuring_memory();
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    workspace_with_good_files(&ws);
    for d in 0..100 {
        let folder = ws.join(format!("export-{d:03}"));
        std::fs::create_dir_all(&folder).unwrap();
        for f in 0..1000 {
            std::fs::File::create(folder.join(format!("incident-{f:04}.txt"))).unwrap();
        }
    }
    let (index, run) = evidence(&ws, Duration::from_secs(120));
    assert_eq!(index["files"].as_array().unwrap().len(), 100_002);
    // Empty files were read and hold nothing: listed as skipped, never as files that could
    // not be read and may hold the evidence a check looks for.
    assert!(
        index["unread"].as_array().is_none_or(|u| u.is_empty()),
        "{}",
        index["unread"]
    );
    assert_good_files_read(&index);
    eprintln!(
        "100,000 empty files, evidence: peak RSS {} KiB",
        run.peak_kib
    );
    assert!(run.peak_kib < 150 * 1024, "peak {} KiB", run.peak_kib);

    let out = dir.path().join("out");
    let run = run_bounded(
        &args(&[&"assess", &ws, &"--out", &out, &"--format", &"json"]),
        Duration::from_secs(120),
    );
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let a: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("assessment.json")).unwrap())
            .unwrap();
    assert!(
        a["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|r| r["notes"].as_array().cloned().unwrap_or_default())
            .all(|n| !n["en"]
                .as_str()
                .unwrap_or_default()
                .contains("could not be read")),
        "no requirement waits on an empty file"
    );
    eprintln!("100,000 empty files, assess: peak RSS {} KiB", run.peak_kib);
    assert!(run.peak_kib < 400 * 1024, "peak {} KiB", run.peak_kib);
}

/// A zip of `entries` (name, content), stored as written.
fn zip_of(path: &Path, entries: &[(&str, &[u8])]) {
    let f = std::fs::File::create(path).unwrap();
    let mut z = zip::ZipWriter::new(f);
    let opts = zip::write::SimpleFileOptions::default();
    for (name, content) in entries {
        z.start_file(*name, opts).unwrap();
        z.write_all(content).unwrap();
    }
    z.finish().unwrap();
}

const DOCX_TYPES: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

#[test]
fn an_external_entity_in_a_docx_is_never_resolved() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    workspace_with_good_files(&ws);
    // A local file the entity points at, with a marker that must never reach the output.
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "SECRET-MARKER-7731").unwrap();
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{}">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Change Management Procedure &xxe;</w:t></w:r></w:p></w:body></w:document>"#,
        secret.display()
    );
    zip_of(
        &ws.join("change-procedure.docx"),
        &[
            ("[Content_Types].xml", DOCX_TYPES),
            ("word/document.xml", document.as_bytes()),
        ],
    );
    let out = dir.path().join("out");
    let run = run_bounded(
        &args(&[&"assess", &ws, &"--out", &out, &"--format", &"json,html"]),
        Duration::from_secs(60),
    );
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    for entry in std::fs::read_dir(&out).unwrap() {
        let text =
            String::from_utf8_lossy(&std::fs::read(entry.unwrap().path()).unwrap()).into_owned();
        assert!(
            !text.contains("SECRET-MARKER-7731"),
            "the entity was resolved"
        );
    }
    assert!(
        !run.stdout.contains("SECRET-MARKER-7731") && !run.stderr.contains("SECRET-MARKER-7731")
    );
    let (index, _) = evidence(&ws, Duration::from_secs(60));
    assert_good_files_read(&index);
}

#[test]
fn a_zip_entry_named_with_dot_dots_writes_nothing_outside() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    workspace_with_good_files(&ws);
    zip_of(
        &ws.join("evil.docx"),
        &[
            ("[Content_Types].xml", DOCX_TYPES),
            ("../../escaped.txt", b"escaped"),
            ("word/document.xml", br#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Release Policy</w:t></w:r></w:p></w:body></w:document>"#),
        ],
    );
    let (index, _) = evidence(&ws, Duration::from_secs(60));
    assert_good_files_read(&index);
    assert!(!dir.path().join("escaped.txt").exists());
    assert!(!ws.join("escaped.txt").exists());
    // The document itself is read, or named as skipped: never silently lost.
    let read = index["documents"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["path"] == "evil.docx");
    assert!(read || !skip_reason(&index, "evil.docx").is_empty());
}

#[test]
fn a_file_name_with_a_terminal_escape_is_printed_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    workspace_with_good_files(&ws);
    // ESC ] 0 ; … BEL would retitle the terminal; ESC [ 2 J would clear it.
    let name = "report\u{1b}]0;pwned\u{7}\u{1b}[2J.xyz";
    common::file(&ws.join(name), b"not evidence");
    let run = run_bounded(&args(&[&"evidence", &ws]), Duration::from_secs(60));
    assert_eq!(run.code, 0, "{}", run.stderr);
    for stream in [&run.stdout, &run.stderr] {
        assert!(
            !stream.contains('\u{1b}'),
            "a raw escape reached the console: {stream:?}"
        );
    }
    let (index, _) = evidence(&ws, Duration::from_secs(60));
    assert_good_files_read(&index);
}

#[test]
fn a_billion_laughs_ods_is_never_expanded() {
    let _alone = measuring_memory();
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    workspace_with_good_files(&ws);
    // Ten levels of ten: 10^10 "lol"s if an entity were ever expanded.
    let mut entities = String::from(r#"<!ENTITY lol0 "lol">"#);
    for level in 1..=10 {
        let refs = format!("&lol{};", level - 1).repeat(10);
        entities.push_str(&format!(r#"<!ENTITY lol{level} "{refs}">"#));
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE office:document-content [{entities}]><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Changes"><table:table-row><table:table-cell office:value-type="string"><text:p>number</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>description</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>CHG1</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>&lol10;</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    zip_of(
        &ws.join("changes.ods"),
        &[
            ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
            ("META-INF/manifest.xml", br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>"#),
            ("content.xml", content.as_bytes()),
        ],
    );
    let (index, run) = evidence(&ws, Duration::from_secs(60));
    assert_good_files_read(&index);
    // Read without the entity, or named as not read: never expanded, never lost silently.
    let listed = index["files"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["path"] == "changes.ods");
    assert!(listed, "the workbook is inventoried");
    let expanded = index["record_sets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["path"] == "changes.ods")
        .any(|s| s.to_string().contains("lollol"));
    assert!(!expanded, "an entity was expanded");
    let read = index["record_sets"]
        .as_array()
        .unwrap()
        .iter()
        .chain(index["unrecognised_tables"].as_array().unwrap())
        .any(|s| s["path"] == "changes.ods");
    assert!(
        read || !skip_reason(&index, "changes.ods").is_empty(),
        "the workbook is read or named as skipped"
    );
    eprintln!("billion laughs ODS: peak RSS {} KiB", run.peak_kib);
    assert!(run.peak_kib < 500 * 1024, "peak {} KiB", run.peak_kib);
}

#[test]
fn a_pdf_whose_cross_reference_points_at_itself_costs_only_that_file() {
    let _alone = measuring_memory();
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    workspace_with_good_files(&ws);
    // An xref section whose trailer's /Prev names the section itself, and an object stream
    // loop: a reader that follows either without remembering where it has been never ends.
    let body = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [2 0 R] /Count 1 >> endobj\n";
    let xref_at = body.len();
    let mut pdf = body.to_vec();
    pdf.extend_from_slice(
        format!(
            "xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \ntrailer << /Size 3 /Root 1 0 R /Prev {xref_at} >>\nstartxref\n{xref_at}\n%%EOF\n"
        )
        .as_bytes(),
    );
    common::file(&ws.join("continuity-plan.pdf"), &pdf);
    let (index, run) = evidence(&ws, Duration::from_secs(90));
    assert_good_files_read(&index);
    let read = index["documents"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["path"] == "continuity-plan.pdf");
    assert!(
        read || !skip_reason(&index, "continuity-plan.pdf").is_empty(),
        "the PDF is read or named as skipped"
    );
    eprintln!("PDF xref loop: peak RSS {} KiB", run.peak_kib);
    assert!(run.peak_kib < 500 * 1024, "peak {} KiB", run.peak_kib);
}
