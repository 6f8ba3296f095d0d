//! Bounds that keep one bad file from hurting the run: file size, and what the entries of
//! zip-based formats (xlsx, ods, docx) really inflate to — counted as the bytes are produced,
//! never taken from the sizes an archive declares, which cost nothing to forge.

use std::io::{Read, Seek};

use serde::{Deserialize, Serialize};

/// Reading limits; each can be raised in the manifest's `[limits]` table.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Largest file read, in bytes.
    pub max_file_bytes: u64,
    /// Largest compression ratio accepted for a zip entry that inflates past
    /// `zip_ratio_exempt_bytes` (a real sheet is ~8:1, a zip bomb well over 1000:1).
    pub max_zip_ratio: f64,
    /// Inflated size below which an entry is read whatever its ratio: a cell of a million
    /// identical characters compresses 1000:1 and is still genuine.
    pub zip_ratio_exempt_bytes: u64,
    /// Largest total inflated size of a zip-based file, in bytes, counted while inflating.
    pub max_zip_inflated_bytes: u64,
    /// Most entries accepted in a zip-based file.
    pub max_zip_entries: usize,
    /// Most memory (address space) the separate process that reads one PDF may use.
    pub max_pdf_memory_bytes: u64,
    /// Longest time, in seconds, one PDF may take to read.
    pub max_pdf_seconds: u64,
    /// Most cells one OpenDocument sheet may span: its reader holds a sheet as a dense
    /// grid, so a 1 KB file repeating empty rows and columns could ask for gigabytes.
    pub max_ods_cells: u64,
    /// Longest cell (or CSV field) kept, in bytes: a longer one is cut at it while it is read,
    /// with a warning naming its row and column, so one pathological cell cannot hold the
    /// run's memory hostage.
    pub max_cell_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 1 << 30,
            max_zip_ratio: 200.0,
            zip_ratio_exempt_bytes: 64 << 20,
            max_zip_inflated_bytes: 2 << 30,
            max_zip_entries: 10_000,
            max_pdf_memory_bytes: 384 << 20,
            max_pdf_seconds: 60,
            max_ods_cells: 10_000_000,
            max_cell_bytes: 4 << 20,
        }
    }
}

/// The first bytes of an OLE compound file (CFB). An xlsx or docx saved with a password is
/// not a zip at all but this container holding the encrypted package.
const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Whether `source` starts like a password-protected (encrypted) Office file; the position
/// is put back to the start.
pub fn is_encrypted_office(source: &mut (impl Read + Seek)) -> bool {
    let mut head = [0u8; 8];
    let found = source.read_exact(&mut head).is_ok() && head == CFB_MAGIC;
    let _ = source.rewind();
    found
}

/// The reason given for a password-protected Office file.
pub const ENCRYPTED_OFFICE: &str = "password-protected (encrypted) Office file: skipped \
     (save a copy without the password — in Excel or Word: File > Info > Protect > Encrypt \
     with Password, clear it — and put that copy in the workspace)";

/// Why a container was refused before any parser opened it. Each says what would let the
/// file be read: a setting to raise in assessment.toml, or the file to save again.
#[derive(Debug, thiserror::Error)]
pub enum LimitError {
    /// A password-protected Office file (an OLE container, not a zip).
    #[error("{ENCRYPTED_OFFICE}")]
    Encrypted,
    /// Not a zip container at all.
    #[error("not a valid zip container ({0}); the file is damaged or not what its extension says")]
    NotZip(zip::result::ZipError),
    /// More entries than `limits.max_zip_entries`.
    #[error("holds {entries} entries, more than the limit of {limit} (raise limits.max_zip_entries in assessment.toml if the file is genuine)")]
    TooManyEntries {
        /// Entries the archive holds.
        entries: usize,
        /// The limit.
        limit: usize,
    },
    /// An entry whose header cannot be read.
    #[error("zip entry {index} is unreadable: {source}")]
    EntryUnreadable {
        /// The entry's position.
        index: usize,
        /// Why.
        source: zip::result::ZipError,
    },
    /// An entry that fails to inflate.
    #[error("zip entry `{name}` is damaged: {source}")]
    EntryDamaged {
        /// The entry.
        name: String,
        /// Why.
        source: std::io::Error,
    },
    /// An entry inflating past the size its header declares.
    #[error("entry `{name}` inflates past the {declared} bytes its header declares: the archive is forged or damaged (save the file again from the program that made it)")]
    Forged {
        /// The entry.
        name: String,
        /// The size declared.
        declared: u64,
    },
    /// The entries together inflate past `limits.max_zip_inflated_bytes`.
    #[error("inflates past {} MB in all, beyond the limit of {} MB (raise limits.max_zip_inflated_bytes in assessment.toml if the file is genuine)", .total >> 20, .limit >> 20)]
    TooLarge {
        /// Bytes inflated when the limit was crossed.
        total: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// One entry inflating beyond `limits.max_zip_ratio`.
    #[error("entry `{name}` inflates {ratio:.0}:1 past {} MB, beyond the {limit:.0}:1 limit for entries over {} MB (a zip bomb, or raise limits.max_zip_ratio in assessment.toml)", .inflated >> 20, .exempt >> 20)]
    Ratio {
        /// The entry.
        name: String,
        /// Its inflation ratio.
        ratio: f64,
        /// Bytes inflated.
        inflated: u64,
        /// The ratio limit.
        limit: f64,
        /// The size under which entries are exempt, in bytes.
        exempt: u64,
    },
    /// An ODS sheet whose repeated rows and columns span more than `limits.max_ods_cells`.
    #[error("sheet `{sheet}` spans {cells} cells once its repeated rows and columns are expanded, more than the limit of {limit} (raise limits.max_ods_cells in assessment.toml if the sheet is genuine)")]
    TooManyCells {
        /// The sheet.
        sheet: String,
        /// Cells it spans.
        cells: u64,
        /// The limit.
        limit: u64,
    },
}

/// Inflates every entry of a zip container once, counting the bytes as they come, and
/// refuses the file at the first limit crossed; nothing inflated is kept. Only after this
/// pass are the archive's sizes known to be true, so the parsers that read it next (and
/// hold some entries whole in memory) cannot be made to inflate more than the limits allow.
pub fn check_zip(mut source: impl Read + Seek, limits: &Limits) -> Result<(), LimitError> {
    if is_encrypted_office(&mut source) {
        return Err(LimitError::Encrypted);
    }
    let mut archive = zip::ZipArchive::new(source).map_err(LimitError::NotZip)?;
    if archive.len() > limits.max_zip_entries {
        return Err(LimitError::TooManyEntries {
            entries: archive.len(),
            limit: limits.max_zip_entries,
        });
    }
    let mut total: u64 = 0;
    let mut scratch = vec![0u8; 64 << 10];
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|source| LimitError::EntryUnreadable { index: i, source })?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().to_string();
        let declared = entry.size();
        let compressed = entry.compressed_size().max(1);
        let mut inflated: u64 = 0;
        loop {
            let n = match entry.read(&mut scratch) {
                Ok(0) => break,
                Ok(n) => n as u64,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(source) => return Err(LimitError::EntryDamaged { name, source }),
            };
            inflated += n;
            total += n;
            // Every zip writer records the true size (it is covered by the CRC): an entry
            // that inflates past it was forged to slip past checks of the declared sizes.
            if inflated > declared {
                return Err(LimitError::Forged { name, declared });
            }
            if total > limits.max_zip_inflated_bytes {
                return Err(LimitError::TooLarge {
                    total,
                    limit: limits.max_zip_inflated_bytes,
                });
            }
            let ratio = inflated as f64 / compressed as f64;
            if inflated > limits.zip_ratio_exempt_bytes && ratio > limits.max_zip_ratio {
                return Err(LimitError::Ratio {
                    name,
                    ratio,
                    inflated,
                    limit: limits.max_zip_ratio,
                    exempt: limits.zip_ratio_exempt_bytes,
                });
            }
        }
    }
    Ok(())
}

/// Checks, before an OpenDocument spreadsheet is parsed, how many cells each sheet's grid
/// spans once repeated rows and columns are expanded (from the first to the last row that
/// holds a value, by the widest such row), and refuses the file past `max_ods_cells`. Call
/// it only after [`check_zip`] passed: it inflates `content.xml` once more, streaming.
pub fn check_ods_cells(source: impl Read + Seek, limits: &Limits) -> Result<(), LimitError> {
    use quick_xml::events::{BytesStart, Event};
    let Ok(mut archive) = zip::ZipArchive::new(source) else {
        return Ok(()); // the parser names the damage
    };
    let Ok(entry) = archive.by_name("content.xml") else {
        return Ok(());
    };
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(entry));
    let repeat = |e: &BytesStart, name: &[u8]| -> u64 {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == name)
            .and_then(|a| std::str::from_utf8(&a.value).ok()?.parse().ok())
            .unwrap_or(1u64)
            .max(1)
    };
    let has_value = |e: &BytesStart| {
        e.attributes()
            .flatten()
            .any(|a| a.key.as_ref() == b"office:value-type")
    };
    let mut sheet = String::new();
    let (mut row, mut first_row, mut width) = (0u64, None::<u64>, 0u64);
    let (mut row_repeats, mut col, mut row_width) = (1u64, 0u64, 0u64);
    let mut buf = Vec::new();
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(e) => e,
            Err(_) => return Ok(()), // damaged XML: the parser names it
        };
        match event {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"table:table" => {
                sheet = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == b"table:name")
                    .map(|a| String::from_utf8_lossy(&a.value).into_owned())
                    .unwrap_or_default();
                (row, first_row, width) = (0, None, 0);
            }
            Event::Start(e) if e.name().as_ref() == b"table:table-row" => {
                (row_repeats, col, row_width) = (repeat(&e, b"table:number-rows-repeated"), 0, 0);
            }
            Event::Empty(e) if e.name().as_ref() == b"table:table-row" => {
                row = row.saturating_add(repeat(&e, b"table:number-rows-repeated"));
            }
            Event::Start(e) | Event::Empty(e)
                if matches!(
                    e.name().as_ref(),
                    b"table:table-cell" | b"table:covered-table-cell"
                ) =>
            {
                col = col.saturating_add(repeat(&e, b"table:number-columns-repeated"));
                if has_value(&e) {
                    row_width = col;
                }
            }
            Event::End(e) if e.name().as_ref() == b"table:table-row" => {
                if row_width > 0 {
                    first_row.get_or_insert(row);
                    let end_row = row.saturating_add(row_repeats);
                    width = width.max(row_width);
                    let cells = end_row
                        .saturating_sub(first_row.unwrap_or(0))
                        .saturating_mul(width);
                    if cells > limits.max_ods_cells {
                        return Err(LimitError::TooManyCells {
                            sheet,
                            cells,
                            limit: limits.max_ods_cells,
                        });
                    }
                }
                row = row.saturating_add(row_repeats);
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    fn zip_of(name: &str, content: &[u8]) -> Vec<u8> {
        let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default().compression_level(Some(9));
        z.start_file(name, opts).unwrap();
        z.write_all(content).unwrap();
        z.finish().unwrap().into_inner()
    }

    #[test]
    fn a_compressible_entry_under_the_budget_is_read() {
        let bytes = zip_of("xl/sharedStrings.xml", &vec![b'a'; 1_000_000]);
        assert!(bytes.len() < 10_000, "1000:1 or more");
        assert!(check_zip(Cursor::new(bytes), &Limits::default()).is_ok());
    }

    #[test]
    fn the_total_is_counted_while_inflating() {
        let bytes = zip_of("a.xml", &vec![b'a'; 3 << 20]);
        let limits = Limits {
            max_zip_inflated_bytes: 1 << 20,
            ..Limits::default()
        };
        let e = check_zip(Cursor::new(bytes), &limits)
            .unwrap_err()
            .to_string();
        assert!(e.contains("max_zip_inflated_bytes"), "{e}");
    }

    #[test]
    fn a_cfb_container_is_named_as_password_protected() {
        let mut bytes = CFB_MAGIC.to_vec();
        bytes.extend_from_slice(&[0; 504]);
        let e = check_zip(Cursor::new(bytes), &Limits::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains("password-protected"), "{e}");
    }
}
