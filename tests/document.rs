//! The report document model: a column added to a table of a built document shows in the
//! PDF, the workbook and the HTML with no renderer touched, a section reserved for the wide
//! formats stays out of the printed report, and a comparison is bars on the page and a table
//! elsewhere. Needs poppler-utils (CI installs it).

mod common;

use common::pdf_bytes_text as pdf_text;

use std::path::Path;
use std::process::Command;

use calamine::{Data, Reader, Xlsx};
use iso20k::assessment::Assessment;
use iso20k::catalogue::Catalogue;
use iso20k::i18n::Lang;
use iso20k::report::document::{
    Block, Cell, Column, Comparison, ComparisonRow, Document, Media, Series, Table,
};
use iso20k::report::{build, html, pdf, view, xlsx};

/// The northwind sample's gap-analysis document.
fn northwind_document() -> Document {
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("evidence-samples/northwind-msp");
    let out = Command::new(env!("CARGO_BIN_EXE_iso20k"))
        .args([
            "assess",
            sample.to_str().unwrap(),
            "--format",
            "json",
            "--out",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{out:?}");
    let text = std::fs::read_to_string(dir.path().join("assessment.json")).unwrap();
    let assessment: Assessment = serde_json::from_str(&text).unwrap();
    let catalogue = Catalogue::builtin().unwrap();
    let view = view::build(&assessment, assessment.kind, &catalogue, Lang::En);
    build::document(&view)
}

/// The findings register of a document.
fn findings_table(doc: &mut Document) -> &mut Table {
    let findings = doc
        .sections
        .iter_mut()
        .find(|s| s.id == "findings")
        .unwrap();
    match &mut findings.blocks[0] {
        Block::Table(table) => table,
        _ => panic!("the findings section holds the findings table"),
    }
}

fn html_of(doc: &Document) -> String {
    html::render(&mut html::registry(None).unwrap(), doc).unwrap()
}

#[test]
fn a_column_added_to_the_findings_table_shows_in_every_format() {
    let mut doc = northwind_document();
    // The one edit: a column and its cells, as a builder would add them.
    let table = findings_table(&mut doc);
    let responses = (1..=table.row_count).map(|i| Cell::text(format!("Response-{i}")));
    table.add_column(Column::new("Auditee response", 20.0), responses);

    let text = pdf_text(&pdf::render(&doc).unwrap());
    assert!(
        text.contains("Auditee") && text.contains("response"),
        "PDF header"
    );
    assert!(text.contains("Response-1"), "PDF cell");

    let (bytes, warnings) = xlsx::render(&doc).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let mut wb = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = wb.worksheet_range("Findings").unwrap();
    let last = sheet.width() - 1;
    assert_eq!(
        sheet.get((0, last)),
        Some(&Data::String("Auditee response".into()))
    );
    assert_eq!(
        sheet.get((1, last)),
        Some(&Data::String("Response-1".into()))
    );

    let html = html_of(&doc);
    assert!(html.contains("<th class=\"all\">Auditee response</th>"));
    assert!(html.contains(">Response-1</td>"));
}

#[test]
fn wide_columns_and_sections_stay_out_of_the_printed_report_only() {
    let mut doc = northwind_document();
    let table = findings_table(&mut doc);
    let references = vec![Cell::text("REF-WIDE-ONLY"); table.row_count];
    table.add_column(Column::wide("Internal reference", 20.0), references);
    let mut extra = doc.sections[0].clone();
    extra.id = "appendix-wide".into();
    extra.title = "Wide appendix".into();
    extra.sheet = "Wide appendix".into();
    extra.media = Media::Wide;
    doc.sections.push(extra);

    let text = pdf_text(&pdf::render(&doc).unwrap());
    assert!(!text.contains("REF-WIDE-ONLY") && !text.contains("Wide appendix"));

    let (bytes, _) = xlsx::render(&doc).unwrap();
    let mut wb = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    assert!(wb.sheet_names().contains(&"Wide appendix".to_string()));
    let sheet = wb.worksheet_range("Findings").unwrap();
    assert_eq!(
        sheet.get((1, sheet.width() - 1)),
        Some(&Data::String("REF-WIDE-ONLY".into()))
    );

    let html = html_of(&doc);
    assert!(html.contains("<td class=\"wide\">REF-WIDE-ONLY</td>"));
    // The print stylesheet hides them, so a browser's "print to PDF" matches the PDF.
    assert!(html.contains(".wide, section.media-wide { display: none; }"));
    assert!(html.contains("id=\"appendix-wide\" class=\"level-1 media-wide\""));
}

#[test]
fn a_comparison_is_bars_on_the_page_and_a_table_in_the_workbook_and_html() {
    let mut doc = northwind_document();
    let comparison = Comparison {
        title: "Before and after".into(),
        label: "Clause".into(),
        series: [
            Series {
                name: "March".into(),
                colour: "AEB6BF".into(),
            },
            Series {
                name: "March".into(),
                colour: "1F618D".into(),
            },
        ],
        change: "Change".into(),
        rows: vec![
            ComparisonRow {
                label: "6 Service delivery processes".into(),
                values: [Cell::score(62.5), Cell::score(66.4)],
                change: Cell::text("+3.9").coloured("1E8449"),
            },
            ComparisonRow {
                label: "10 Not scored before".into(),
                values: [Cell::text("–"), Cell::score(40.0)],
                change: Cell::text("–"),
            },
        ],
    };
    let mut section = doc.sections[0].clone();
    section.id = "progress".into();
    section.title = "Progress".into();
    section.sheet = "Progress".into();
    section.blocks = vec![Block::Comparison(comparison)];
    doc.sections.push(section);

    let text = pdf_text(&pdf::render(&doc).unwrap());
    for shown in [
        "6 Service delivery processes",
        "62.5",
        "66.4",
        "+3.9",
        "March",
    ] {
        assert!(text.contains(shown), "{shown} not in the PDF");
    }

    let (bytes, _) = xlsx::render(&doc).unwrap();
    let mut wb = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = wb.worksheet_range("Progress").unwrap();
    // Two series of one name still make an Excel table: its headers must differ.
    let header: Vec<String> = (0..4)
        .map(|c| sheet.get((0, c)).unwrap().to_string())
        .collect();
    assert_eq!(header, ["Clause", "March", "March (2)", "Change"]);
    assert_eq!(sheet.get((1, 1)), Some(&Data::Float(62.5)));
    assert_eq!(sheet.get((2, 1)), Some(&Data::String("–".into())));

    let html = html_of(&doc);
    assert!(html.contains("<table class=\"comparison\">"));
    assert!(html.contains("<td>6 Service delivery processes</td><td>62.5</td><td>66.4</td>"));
    assert!(html.contains("<strong style=\"color:#1E8449\">+3.9</strong>"));
}
