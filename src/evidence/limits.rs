//! Bounds that keep one bad file from hurting the run: file size, and the declared sizes of
//! the entries of zip-based formats (xlsx, ods, docx), checked before anything inflates them.

use std::io::{Read, Seek};

use serde::{Deserialize, Serialize};

/// Reading limits; each can be raised in the manifest's `[limits]` table.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Largest file read, in bytes.
    pub max_file_bytes: u64,
    /// Largest compression ratio accepted for a zip entry over 1 MiB (a real sheet is ~8:1,
    /// a zip bomb well over 1000:1).
    pub max_zip_ratio: f64,
    /// Largest total inflated size of a zip-based file, in bytes.
    pub max_zip_inflated_bytes: u64,
    /// Most entries accepted in a zip-based file.
    pub max_zip_entries: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 1 << 30,
            max_zip_ratio: 200.0,
            max_zip_inflated_bytes: 2 << 30,
            max_zip_entries: 10_000,
        }
    }
}

/// Checks a zip container against the limits using only its directory (nothing is inflated).
pub fn check_zip(source: impl Read + Seek, limits: &Limits) -> Result<(), String> {
    let mut archive = zip::ZipArchive::new(source).map_err(|e| {
        format!(
            "not a valid zip container ({e}); the file is damaged or not what its extension says"
        )
    })?;
    if archive.len() > limits.max_zip_entries {
        return Err(format!(
            "holds {} entries, more than the limit of {}",
            archive.len(),
            limits.max_zip_entries
        ));
    }
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| format!("zip entry {i} is unreadable: {e}"))?;
        let size = entry.size();
        let compressed = entry.compressed_size().max(1);
        total = total.saturating_add(size);
        let ratio = size as f64 / compressed as f64;
        if size > 1 << 20 && ratio > limits.max_zip_ratio {
            return Err(format!(
                "entry `{}` inflates {ratio:.0}:1 to {} MB, beyond the {:.0}:1 limit (a zip bomb, or raise limits.max_zip_ratio in assessment.toml)",
                entry.name(),
                size >> 20,
                limits.max_zip_ratio
            ));
        }
    }
    if total > limits.max_zip_inflated_bytes {
        return Err(format!(
            "inflates to {} MB in all, beyond the limit of {} MB (raise limits.max_zip_inflated_bytes in assessment.toml if the file is genuine)",
            total >> 20,
            limits.max_zip_inflated_bytes >> 20
        ));
    }
    Ok(())
}
