//! The floor for the scale benchmark: read every workbook and CSV under a folder with
//! calamine's streaming cell reader (and the csv crate), touching every cell, and nothing
//! else — no classification, no typing, no checks.
//!
//! Run through `benches/run.sh`; on its own: `cargo bench --bench raw_read -- DIR`.

use std::io::Cursor;
use std::path::Path;

use calamine::{Reader, Xlsx};

fn main() {
    let dir = std::env::args()
        .nth(1)
        .filter(|a| a != "--bench")
        .or_else(|| std::env::args().nth(2));
    let Some(dir) = dir else {
        eprintln!("usage: raw_read DIR");
        std::process::exit(2);
    };
    let mut cells: u64 = 0;
    let mut files = 0;
    for entry in walkdir::WalkDir::new(Path::new(&dir)).sort_by_file_name() {
        let entry = entry.expect("walk");
        let path = entry.path();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" => {
                let bytes = std::fs::read(path).expect("read");
                let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("workbook");
                for name in wb.sheet_names() {
                    let mut reader = wb.worksheet_cells_reader(&name).expect("sheet");
                    while let Ok(Some(cell)) = reader.next_cell() {
                        std::hint::black_box(cell.get_value());
                        cells += 1;
                    }
                }
                files += 1;
            }
            "csv" => {
                let mut r = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .flexible(true)
                    .from_path(path)
                    .expect("csv");
                for record in r.records() {
                    cells += record.map(|r| r.len() as u64).unwrap_or(0);
                }
                files += 1;
            }
            _ => {}
        }
    }
    println!("raw read: {files} files, {cells} cells");
}
