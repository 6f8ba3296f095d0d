//! Walking a workspace: every file listed with a kind, links that leave the workspace and
//! link loops skipped with a reason, hidden and lock files passed over, and anything that is
//! not a regular file (a named pipe, a socket, a device) listed as skipped without being
//! opened: opening a FIFO blocks until someone writes to it, which would hang the run.

use std::path::{Path, PathBuf};

/// The folder iso20k keeps inside a workspace (`.iso20k/cache`): skipped without a word.
pub const TOOL_FOLDER: &str = ".iso20k";

use serde::Serialize;

/// What a file is, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// The workspace manifest.
    Manifest,
    /// Excel workbook (xlsx/xlsm).
    Xlsx,
    /// OpenDocument spreadsheet.
    Ods,
    /// CSV or TSV.
    Csv,
    /// Word document.
    Docx,
    /// PDF.
    Pdf,
    /// Markdown.
    Markdown,
    /// Plain text.
    Text,
    /// Anything else: listed and hashed, not read.
    Other,
}

impl FileKind {
    /// Whether a reading of this kind is worth keeping in the cache: parsed formats are;
    /// plain text costs less to read again than to look up, and other files are not read.
    pub fn is_cached(self) -> bool {
        matches!(
            self,
            FileKind::Xlsx | FileKind::Ods | FileKind::Csv | FileKind::Docx | FileKind::Pdf
        )
    }

    /// The kind of a file name.
    pub fn of(relative: &str) -> FileKind {
        if relative == super::manifest::MANIFEST_FILE {
            return FileKind::Manifest;
        }
        let ext = relative
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "xlsx" | "xlsm" => FileKind::Xlsx,
            "ods" => FileKind::Ods,
            "csv" | "tsv" => FileKind::Csv,
            "docx" => FileKind::Docx,
            "pdf" => FileKind::Pdf,
            "md" | "markdown" => FileKind::Markdown,
            "txt" => FileKind::Text,
            _ => FileKind::Other,
        }
    }
}

/// A file found in the workspace.
#[derive(Debug, Clone)]
pub struct Found {
    /// Path relative to the workspace, `/`-separated.
    pub relative: String,
    /// Path to open.
    pub path: PathBuf,
    /// Size in bytes.
    pub bytes: u64,
}

/// Something passed over, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
pub struct Skipped {
    /// Path relative to the workspace.
    pub path: String,
    /// Why, and what to do.
    pub reason: String,
}

/// Files found, things skipped, and names that needed repair.
#[derive(Debug, Default)]
pub struct Walk {
    /// Files, sorted by relative path.
    pub files: Vec<Found>,
    /// Skipped entries.
    pub skipped: Vec<Skipped>,
    /// Paths whose names are not valid UTF-8 (shown with replacement characters).
    pub lossy_names: Vec<String>,
}

fn relative(root: &Path, path: &Path) -> (String, bool) {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let lossy = rel.to_str().is_none();
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    (parts.join("/"), lossy)
}

/// What a directory entry that is neither a folder nor a regular file is, in words; `None`
/// for a regular file.
fn special_file(file_type: &std::fs::FileType) -> Option<&'static str> {
    if file_type.is_file() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return Some("a device");
        }
    }
    Some("a special file")
}

/// Opens a file for reading only if it is (still) a regular file. The walk checked the
/// type, but a file can be replaced by a pipe between the walk and the read; opening
/// without blocking and checking the opened handle closes that gap.
pub fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other(
            "not a regular file (a pipe, socket or device); only files are read",
        ));
    }
    #[cfg(unix)]
    {
        // Reads of a regular file never block on O_NONBLOCK, but clear it so the handle
        // behaves as any other.
        use std::os::fd::AsRawFd;
        let fd = file.as_raw_fd();
        // SAFETY: fcntl on a descriptor this function owns; no memory is passed.
        unsafe {
            let flags = libc::fcntl(fd, libc::F_GETFL);
            if flags >= 0 {
                libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
            }
        }
    }
    Ok(file)
}

/// Reads a whole regular file (see [`open_regular`]).
pub fn read_regular(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut file = open_regular(path)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Walks `root`, leaving out the folders in `exclude` (such as a report folder inside it).
pub fn walk(root: &Path, exclude: &[PathBuf]) -> Walk {
    let mut out = Walk::default();
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let exclude: Vec<PathBuf> = exclude
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    let mut it = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = it.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| relative(root, p).0)
                    .unwrap_or_else(|| "?".into());
                let reason = match e.loop_ancestor() {
                    Some(ancestor) => format!(
                        "link loop back to `{}`: skipped",
                        relative(root, ancestor).0
                    ),
                    None => format!("cannot be read: {e}"),
                };
                out.skipped.push(Skipped { path, reason });
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let (rel, lossy) = relative(root, entry.path());
        let name = entry.file_name().to_string_lossy();
        let is_dir = entry.file_type().is_dir();
        if entry.path_is_symlink() {
            let target = entry.path().canonicalize();
            let inside = target
                .as_ref()
                .is_ok_and(|t| t.starts_with(&canonical_root));
            if !inside {
                out.skipped.push(Skipped {
                    path: rel,
                    reason: "link points outside the workspace: skipped (copy the file in if it is evidence)".into(),
                });
                if is_dir {
                    it.skip_current_dir();
                }
                continue;
            }
        }
        if is_dir {
            let canonical = entry.path().canonicalize().ok();
            if canonical.is_some_and(|c| exclude.contains(&c)) {
                it.skip_current_dir();
                continue;
            }
        }
        // The tool's own folder in a workspace (its cache) is no evidence, and no news.
        if is_dir && name == TOOL_FOLDER {
            it.skip_current_dir();
            continue;
        }
        if name.starts_with('.') {
            let what = if is_dir {
                "hidden folder"
            } else {
                "hidden file"
            };
            out.skipped.push(Skipped {
                path: rel,
                reason: format!("{what}: skipped"),
            });
            if is_dir {
                it.skip_current_dir();
            }
            continue;
        }
        if is_dir {
            continue;
        }
        if name.starts_with("~$") {
            out.skipped.push(Skipped {
                path: rel,
                reason: "Office lock file (the document is open in an editor): skipped".into(),
            });
            continue;
        }
        if matches!(name.as_ref(), "Thumbs.db" | "desktop.ini") {
            out.skipped.push(Skipped {
                path: rel,
                reason: "system file: skipped".into(),
            });
            continue;
        }
        // `file_type` follows links (the walk does), so a link to a pipe is a pipe here.
        if let Some(what) = special_file(&entry.file_type()) {
            out.skipped.push(Skipped {
                path: rel,
                reason: format!("{what}, not a regular file: skipped (only files are read)"),
            });
            continue;
        }
        if lossy {
            out.lossy_names.push(rel.clone());
        }
        let bytes = entry.metadata().map(|m| m.len()).unwrap_or(0);
        out.files.push(Found {
            relative: rel,
            path: entry.path().to_path_buf(),
            bytes,
        });
    }
    out.files.sort_by(|a, b| a.relative.cmp(&b.relative));
    out.skipped.sort();
    out
}
