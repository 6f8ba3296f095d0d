//! Reading a workspace as every command that assesses one does (`assess`, `worksheet`,
//! `report`): the cache of file readings and where it lives, the scan, an auditor worksheet
//! given on the command line, and whether a transition can be assessed against the chosen
//! catalogue.

use std::path::{Path, PathBuf};

use super::Failure;
use crate::catalogue::Catalogue;
use crate::domain::engagement::AssessmentKind;
use crate::evidence::{self, ScanOptions};

/// Refuses a transition gap analysis against a catalogue that names no edition it replaces:
/// there would be nothing to transition from.
pub(super) fn transition_possible(kind: AssessmentKind, cat: &Catalogue) -> Result<(), Failure> {
    if kind != AssessmentKind::Transition || cat.header.predecessor.is_some() {
        return Ok(());
    }
    let successors: Vec<String> = crate::catalogue::builtin_editions()
        .iter()
        .filter(|e| {
            Catalogue::builtin_edition(&e.id)
                .and_then(Result::ok)
                .is_some_and(|c| c.header.predecessor.is_some())
        })
        .map(|e| format!("--edition {}", e.name()))
        .collect();
    Err(Failure::Message(format!(
        "a transition gap analysis needs a catalogue that names the edition it replaces, and {} names none (`predecessor` in its catalogue.toml); assess against a later edition ({}) or run a gap analysis",
        cat.header.id,
        if successors.is_empty() { "none is built in".to_string() } else { successors.join(", ") }
    )))
}

/// The cache folder inside the workspace: client data stays with the client's folder, out of
/// the reports folder that is sent, and goes when the folder is deleted.
pub const CACHE_DIR: &str = ".iso20k/cache";

/// Where the cache of `workspace` is kept: inside it when it can be written, else in the
/// per-user cache directory under a name drawn from the workspace's path (a read-only
/// share), which the second value says.
pub fn default_cache(workspace: &Path) -> (PathBuf, Option<String>) {
    let inside = workspace.join(CACHE_DIR);
    let probe = inside.join(".write-test");
    let writable = std::fs::create_dir_all(&inside).is_ok()
        && std::fs::write(&probe, b"").is_ok()
        && std::fs::remove_file(&probe).is_ok();
    if writable {
        return (inside, None);
    }
    let fallback = user_cache(workspace);
    let note = format!(
        "{} cannot be written: the cache of its readings is kept in {} instead (`iso20k cache clear {}` removes it)",
        workspace.display(),
        fallback.display(),
        workspace.display()
    );
    (fallback, Some(note))
}

/// The per-user cache folder for `workspace`: `$XDG_CACHE_HOME/iso20k/<hash>` (else
/// `~/.cache`, or `%LOCALAPPDATA%` on Windows), the hash of the workspace's full path.
pub fn user_cache(workspace: &Path) -> PathBuf {
    use sha2::{Digest, Sha256};
    let full = workspace
        .canonicalize()
        .unwrap_or_else(|_| workspace.to_path_buf());
    let hash = crate::domain::hex(&Sha256::digest(full.to_string_lossy().as_bytes()));
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("LOCALAPPDATA").map(PathBuf::from))
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("iso20k").join(&hash[..16])
}

/// Scans the workspace as `assess` and `worksheet` do: per-file readings cached in `cache`
/// (by default inside the workspace, [`default_cache`]) unless `no_cache`, the output folder and the cache left out
/// of the evidence, and stale cache entries pruned afterwards.
pub(super) fn scan_workspace(
    workspace: &Path,
    cat: &Catalogue,
    out: &Path,
    cache: Option<PathBuf>,
    no_cache: bool,
) -> Result<evidence::EvidenceIndex, Failure> {
    // The cache sits with the evidence by default: it holds client data, so it stays in the
    // client's folder, never in the reports folder that is sent.
    let cache = (!no_cache).then(|| {
        let dir = cache.unwrap_or_else(|| {
            let (dir, note) = default_cache(workspace);
            if let Some(note) = note {
                crate::console::note(&note);
            }
            dir
        });
        evidence::Cache::new(dir)
    });
    let mut exclude = vec![out.to_path_buf()];
    exclude.extend(cache.as_ref().map(|c| c.dir().to_path_buf()));
    let scan_options = ScanOptions {
        exclude,
        cache,
        pdf: evidence::pdf_worker::PdfReading::current_exe(),
    };
    let index =
        evidence::scan(workspace, cat, &scan_options).map_err(|d| Failure::Diagnostics(vec![d]))?;
    if let Some(cache) = &scan_options.cache {
        // Entries of files since changed or removed are dropped; a failure here costs
        // only disk space.
        let pruned = cache.prune().map_err(|e| format!("{e}"));
        let mut line = cache.summary();
        match pruned {
            Ok(0) => {}
            Ok(n) => line += &format!(", {n} stale entr(ies) removed"),
            Err(e) => line += &format!("; stale entries not removed ({e})"),
        }
        if !crate::console::quiet() {
            eprintln!("{}", crate::console::printable(&line));
        }
    }
    Ok(index)
}

/// Prints the OSCAL files written and what else happened to them.
/// Reads `--worksheet FILE` into the index (unless the scan already read it there), and
/// prints every problem found in the worksheets read: unlike other workspace warnings, which
/// `assess` only counts, each is a verdict or finding of the auditor's that was not used.
pub(super) fn read_given(
    index: &mut evidence::EvidenceIndex,
    given: Option<&std::path::Path>,
    workspace: &std::path::Path,
    catalogue: &crate::catalogue::Catalogue,
) -> Result<(), Failure> {
    if let Some(file) = given {
        evidence::worksheet::add(index, file, workspace, catalogue)
            .map_err(|e| Failure::Message(e.to_string()))?;
    }
    for w in index
        .warnings
        .iter()
        .filter(|w| index.auditor.files.contains(&w.path))
    {
        let place = match w.location.rsplit_once('!') {
            Some((sheet, cell)) => format!(", sheet {sheet}, cell {cell}"),
            None if w.location.is_empty() => String::new(),
            None => format!(", sheet {}", w.location),
        };
        crate::console::warn(&format!("{}{place}: {}", w.path, w.text()));
    }
    Ok(())
}
