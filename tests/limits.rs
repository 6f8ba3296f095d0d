//! A zip bomb and a sheet declaring A1:XFD1048576 cost kilobytes, not gigabytes. This file
//! holds a single test so the process's peak memory (VmHWM) measures only this work.

mod common;

use std::io::Write;

use iso20k::catalogue::Catalogue;
use iso20k::evidence::{scan, ScanOptions};
use rust_xlsxwriter::Workbook;

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

#[test]
fn zip_bombs_and_sparse_sheets_stay_small() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();

    // A workbook whose sheet inflates 1000:1 to 96 MiB, written in chunks.
    {
        let f = std::fs::File::create(ws.join("bomb.xlsx")).unwrap();
        let mut z = zip::ZipWriter::new(f);
        let opts = zip::write::SimpleFileOptions::default().compression_level(Some(9));
        z.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..96 {
            z.write_all(&chunk).unwrap();
        }
        z.finish().unwrap();
    }
    // A 5 KB workbook declaring A1:XFD1048576.
    {
        let mut wb = Workbook::new();
        let s = wb.add_worksheet();
        s.write_string(0, 0, "number").unwrap();
        s.write_string(0, 1, "opened_at").unwrap();
        s.write_string(0, 2, "priority").unwrap();
        s.write_string(0, 3, "state").unwrap();
        s.write_string(1, 0, "INC1").unwrap();
        s.write_string(1, 1, "2026-01-02").unwrap();
        s.write_string(1, 2, "2").unwrap();
        s.write_string(1, 3, "New").unwrap();
        s.write_string(1_048_575, 16_383, "far away").unwrap();
        wb.save(ws.join("sparse-incidents.xlsx")).unwrap();
    }
    assert!(
        std::fs::metadata(ws.join("sparse-incidents.xlsx"))
            .unwrap()
            .len()
            < 10_000
    );

    let idx = scan(ws, &Catalogue::builtin().unwrap(), &ScanOptions::default()).unwrap();
    let bomb = idx
        .skipped
        .iter()
        .find(|s| s.path == "bomb.xlsx")
        .expect("bomb refused");
    assert!(bomb.reason.contains("zip bomb"), "{}", bomb.reason);
    let sparse = idx
        .record_sets
        .iter()
        .find(|r| r.path == "sparse-incidents.xlsx")
        .expect("sparse sheet read");
    assert_eq!(sparse.kind, "incidents");
    assert_eq!(
        sparse.rows, 1,
        "the far cell holds no mapped value, so it adds no record"
    );

    if let Some(peak) = peak_rss_kib() {
        eprintln!("peak RSS {peak} KiB");
        assert!(peak < 200 * 1024, "peak RSS {peak} KiB");
    }
}
