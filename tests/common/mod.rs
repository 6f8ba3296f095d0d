//! Builders for evidence fixtures: spreadsheets, DOCX and PDF files made in the test, so the
//! fixtures are visible in the test code and nothing binary is committed. PDFs come from the
//! library's own writer, `iso20k::sample::files::pdf_bytes`.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};

use rust_xlsxwriter::Workbook;

/// Writes `rows` (first row = headers) to a one-sheet xlsx at `path`.
pub fn xlsx(path: &Path, sheet: &str, rows: &[Vec<&str>]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32, c as u16, *v).unwrap();
            }
        }
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    wb.save(path).unwrap();
}

/// Runs the `iso20k` binary: (exit code, stdout, stderr).
pub fn iso20k(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_iso20k"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Copies the folder `from` to `to`, recursively (a workspace a test may then change).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Writes text to `path`, creating folders.
pub fn file(path: &Path, content: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Writes a DOCX with core properties and one paragraph per line of `body`.
pub fn docx(path: &Path, title: &str, creator: &str, revision: &str, body: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let f = std::fs::File::create(path).unwrap();
    let mut z = zip::ZipWriter::new(f);
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file("[Content_Types].xml", opts).unwrap();
    z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#).unwrap();
    z.start_file("word/document.xml", opts).unwrap();
    let paragraphs: String = body
        .lines()
        .map(|l| {
            format!(
                "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                xml_escape(l)
            )
        })
        .collect();
    write!(z, r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{paragraphs}</w:body></w:document>"#).unwrap();
    z.start_file("docProps/core.xml", opts).unwrap();
    write!(z, r#"<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:creator>{}</dc:creator><cp:revision>{}</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">2025-11-02T09:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2026-01-20T16:30:00Z</dcterms:modified><cp:lastModifiedBy>Quality Office</cp:lastModifiedBy></cp:coreProperties>"#, xml_escape(title), xml_escape(creator), xml_escape(revision)).unwrap();
    z.finish().unwrap();
}

/// The project's folder (where `Cargo.toml`, `controls/` and `evidence-samples/` are).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A bundled sample workspace.
pub fn sample(name: &str) -> PathBuf {
    root().join("evidence-samples").join(name)
}

/// A JSON file (an assessment.json, a programme.json) as a value.
pub fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text of a PDF file, as `pdftotext` reads it (in reading order, or with `-layout`
/// keeping each table row on one line).
pub fn pdf_text_with(path: &Path, layout: bool) -> String {
    let mut command = std::process::Command::new("pdftotext");
    if layout {
        command.arg("-layout");
    }
    let out = command
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (apt-get install poppler-utils)");
    assert!(
        out.status.success(),
        "pdftotext {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text of a PDF file in reading order.
pub fn pdf_text(path: &Path) -> String {
    pdf_text_with(path, false)
}

/// The text of a PDF held in memory.
pub fn pdf_bytes_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, bytes).unwrap();
    pdf_text(&path)
}

/// The evidence index of a workspace, scanned with the built-in catalogue and default
/// options.
pub fn index(ws: &Path) -> iso20k::evidence::EvidenceIndex {
    let catalogue = iso20k::catalogue::Catalogue::builtin().unwrap();
    iso20k::evidence::scan(ws, &catalogue, &iso20k::evidence::ScanOptions::default()).unwrap()
}

/// The findings of an assessment with `code`.
pub fn with_code<'a>(
    a: &'a iso20k::assessment::Assessment,
    code: &str,
) -> Vec<&'a iso20k::assessment::Finding> {
    a.findings.iter().filter(|f| f.code == code).collect()
}

/// The result of requirement `id` in an assessment.
pub fn requirement<'a>(
    a: &'a iso20k::assessment::Assessment,
    id: &str,
) -> &'a iso20k::assessment::RequirementResult {
    a.requirements
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no requirement {id}"))
}

/// The result of requirement `id` in an assessment.json.
pub fn requirement_json<'a>(a: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    a["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no requirement {id}"))
}

/// The capacity plan northwind lacks (planted defect 1): approved, versioned, current, and
/// covering the contents 6.5-04 lists.
pub const CAPACITY_PLAN: &str = "# Capacity Plan

Version: 1.0

Owner: Alice Morgan

Approved by: Rachel Adams (Service Director)

Approval date: 2026-09-01

Next review date: 2027-09-01

Status: Approved

1 Purpose

How Northwind Managed Services Ltd plans capacity, considering human, technical, information and financial resources.

2 Current and forecast demand for services

Demand is forecast quarterly from the capacity reports.

3 Expected impact of agreed availability, continuity and service-level requirements

Agreed availability, continuity and service levels set the headroom kept on each platform.

4 Timescales, thresholds and costs for capacity upgrades

Upgrades are ordered when utilisation passes the 80 % threshold; timescales and costs are in the budget.

5 Potential impact of statutory, regulatory, contractual or organisational changes

Contractual and organisational changes are assessed at each review.

6 Potential impact of new technologies and techniques

New technologies and techniques are evaluated before adoption.

7 Procedures enabling predictive analysis

Predictive analysis follows the capacity-management procedure.
";

/// Northwind with two planted defects fixed in a copy: the capacity plan written (defect 1,
/// `document_missing` against 6.5-02) and the root cause of PRB-103 and PRB-113 recorded
/// (defect 8, `REC-PRB-NO-ROOT-CAUSE` against 8.2-02).
pub fn northwind_fixed(into: &Path) -> PathBuf {
    let workspace = into.join("northwind-msp");
    copy_dir(&sample("northwind-msp"), &workspace);
    file(
        &workspace.join("plans/capacity-plan.md"),
        CAPACITY_PLAN.as_bytes(),
    );
    let problems = workspace.join("records/jira-problems.csv");
    let csv = std::fs::read_to_string(&problems).unwrap();
    let mut fixed = 0;
    let lines: Vec<String> = csv
        .lines()
        .map(|line| {
            let mut cells: Vec<String> = line.split(',').map(String::from).collect();
            // Column 9 is "Custom field (Root cause)".
            if matches!(cells[1].as_str(), "PRB-103" | "PRB-113") && cells[8].is_empty() {
                cells[8] = "Storage firmware defect".into();
                fixed += 1;
            }
            cells.join(",")
        })
        .collect();
    assert_eq!(fixed, 2, "the sample's problem export changed shape");
    file(&problems, format!("{}\n", lines.join("\n")).as_bytes());
    workspace
}

/// The cells of a worksheet, as text, row by row.
pub fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> =
        calamine::open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let range = wb
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("no sheet `{name}` in {}: {e}", path.display()));
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Float(f) => format!("{f}"),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// Writes text into cells of sheet `sheet_name` of the workbook at `path`, as a user filling
/// it in would: each `(cell, text)` replaces that cell (e.g. `G5`), which must exist in the
/// sheet XML (iso20k writes every cell of its tables, blank ones included). The rest of the
/// package is copied unchanged.
pub fn fill_cells(path: &Path, sheet_name: &str, cells: &[(&str, &str)]) {
    use std::io::Read;
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let read = |archive: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>, name: &str| {
        let mut s = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        s
    };
    // workbook.xml names the sheet's relationship id; the relationships give its part.
    let workbook = read(&mut archive, "xl/workbook.xml");
    let tag = format!("<sheet name=\"{sheet_name}\"");
    let at = workbook
        .find(&tag)
        .unwrap_or_else(|| panic!("no sheet {sheet_name}"));
    let rid = workbook[at..]
        .split("r:id=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let rels = read(&mut archive, "xl/_rels/workbook.xml.rels");
    let rel = &rels[rels.find(&format!("Id=\"{rid}\"")).unwrap()..];
    let target = rel
        .split("Target=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let part = format!("xl/{}", target.trim_start_matches("/xl/"));
    let mut xml = read(&mut archive, &part);
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    for (cell, text) in cells {
        let open = format!("<c r=\"{cell}\"");
        let start = xml
            .find(&open)
            .unwrap_or_else(|| panic!("no cell {cell} in {sheet_name}"));
        let head_end = start + xml[start..].find('>').unwrap();
        let end = if xml[..head_end].ends_with('/') {
            head_end + 1
        } else {
            start + xml[start..].find("</c>").unwrap() + "</c>".len()
        };
        // Keep the cell's style; drop its type and value.
        let style = xml[start..head_end]
            .split("s=\"")
            .nth(1)
            .map(|s| format!(" s=\"{}\"", s.split('"').next().unwrap()))
            .unwrap_or_default();
        let new = format!(
            "<c r=\"{cell}\"{style} t=\"inlineStr\"><is><t>{}</t></is></c>",
            escape(text)
        );
        xml.replace_range(start..end, &new);
    }
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().to_string();
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        out.start_file(name.as_str(), options).unwrap();
        if name == part {
            out.write_all(xml.as_bytes()).unwrap();
        } else {
            let mut content = Vec::new();
            entry.read_to_end(&mut content).unwrap();
            out.write_all(&content).unwrap();
        }
    }
    let bytes = out.finish().unwrap().into_inner();
    std::fs::write(path, bytes).unwrap();
}

/// The finding of assessment `a` (as JSON) with `code` on `requirement`.
pub fn finding<'a>(
    a: &'a serde_json::Value,
    code: &str,
    requirement: &str,
) -> &'a serde_json::Value {
    a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == code && f["requirement"] == requirement)
        .unwrap_or_else(|| panic!("no {code} on {requirement}"))
}

/// A GLPI ticket list as its Portuguese interface exports it: BOM, `;`, a trailing `;`,
/// priorities in words, `Tipo` telling incidents from requests.
pub fn glpi_tickets() -> Vec<u8> {
    let mut text = String::from(
        "\u{feff}ID;Título;Status;Data de abertura;Prioridade;Categoria;Tipo;Data de solução;\n",
    );
    let rows = [
        (
            "1021",
            "Servidor de e-mail fora",
            "Fechado",
            "02-03-2026 09:10",
            "Muito alta",
            "Infraestrutura",
            "Incidente",
            "02-03-2026 11:40",
        ),
        (
            "1022",
            "Novo notebook",
            "Fechado",
            "03-03-2026 10:00",
            "Baixa",
            "Hardware",
            "Requisição",
            "05-03-2026 16:00",
        ),
        (
            "1023",
            "VPN lenta",
            "Fechado",
            "04-03-2026 14:30",
            "Média",
            "Rede",
            "Incidente",
            "04-03-2026 17:00",
        ),
        (
            "1024",
            "Acesso à pasta",
            "Fechado",
            "05-03-2026 08:45",
            "Baixa",
            "Acessos",
            "Requisição",
            "05-03-2026 09:30",
        ),
        (
            "1025",
            "Impressora",
            "Fechado",
            "06-03-2026 13:00",
            "Alta",
            "",
            "Incidente",
            "06-03-2026 15:00",
        ),
    ];
    for r in rows {
        text.push_str(&format!(
            "{};{};{};{};{};{};{};{};\n",
            r.0, r.1, r.2, r.3, r.4, r.5, r.6, r.7
        ));
    }
    text.into_bytes()
}

/// Three incident exports (`incidents-a.csv` …), twenty incidents each, the first of each
/// closed before it was resolved: three related minors against the closure requirement. Ids
/// start with `prefix`; dates fall on days 01 to 03 of `month` (`2025-08`, say).
pub fn closure_lapse_exports(prefix: &str, month: &str) -> Vec<(String, String)> {
    ["a", "b", "c"]
        .iter()
        .map(|name| {
            let mut csv = String::from(
                "number,opened_at,priority,category,state,resolved_at,closed_at,close_code\n",
            );
            for i in 0..20 {
                let closed = if i == 0 { "02 09:00:00" } else { "03 09:00:00" };
                csv.push_str(&format!(
                    "{prefix}{name}{i:03},{month}-01 10:00:00,3,network,Closed,{month}-02 10:00:00,{month}-{closed},fixed\n"
                ));
            }
            (format!("incidents-{name}.csv"), csv)
        })
        .collect()
}

/// The record ids the findings of `code` cite in an assessment.json, in order; empty when
/// there is no such finding.
pub fn cited(a: &serde_json::Value, code: &str) -> Vec<String> {
    a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == code)
        .flat_map(|f| f["evidence"].as_array().unwrap().clone())
        .flat_map(|e| e["record_ids"].as_array().cloned().unwrap_or_default())
        .map(|id| id.as_str().unwrap().to_string())
        .collect()
}

/// What one `iso20k assess` run left: the assessment.json it wrote and what it printed.
pub struct Assessed {
    /// assessment.json.
    pub json: serde_json::Value,
    /// Standard output (the files written, the summary).
    pub stdout: String,
    /// Standard error (warnings, notes).
    pub stderr: String,
}

/// Runs `iso20k assess WS --out OUT` with `extra` arguments, asserts it finished (exit 0, or 1
/// for findings), and returns what it wrote and printed.
pub fn assess_run(ws: &Path, out: &Path, extra: &[&str]) -> Assessed {
    let mut args = vec![
        "assess",
        ws.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = iso20k(&args);
    assert!(
        code == 0 || code == 1,
        "assess {} {extra:?} exited {code}: {stdout}{stderr}",
        ws.display()
    );
    Assessed {
        json: read_json(&out.join("assessment.json")),
        stdout,
        stderr,
    }
}

/// [`assess_run`]'s assessment.json alone.
pub fn assess_json(ws: &Path, out: &Path, extra: &[&str]) -> serde_json::Value {
    assess_run(ws, out, extra).json
}
