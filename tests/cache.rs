//! The per-file cache: a warm run gives exactly what a cold one gives, a changed file is the
//! only one read again, and a damaged entry is read around, never trusted.

use std::path::Path;
use std::process::Command;

use iso20k::catalogue::Catalogue;
use iso20k::evidence::cache::CacheStats;
use iso20k::evidence::{scan, Cache, EvidenceIndex, ScanOptions};
use iso20k::sample::{self, Profile, Scale, Spec};

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let spec = Spec {
        profile: Profile::Typical,
        scale: Scale::Small,
        seed: 7,
    };
    sample::generate(dir.path(), spec, &Catalogue::builtin().unwrap()).unwrap();
    dir
}

/// Scans `ws` with a cache in `cache_dir`; the index as JSON, and what the cache did.
fn scan_with_cache(ws: &Path, cache_dir: &Path) -> (String, CacheStats, EvidenceIndex) {
    let options = ScanOptions {
        exclude: Vec::new(),
        cache: Some(Cache::new(cache_dir)),
        ..ScanOptions::default()
    };
    let index = scan(ws, &Catalogue::builtin().unwrap(), &options).unwrap();
    let stats = options.cache.as_ref().unwrap().stats();
    (serde_json::to_string(&index).unwrap(), stats, index)
}

/// Files the cache keeps.
fn cacheable(index: &EvidenceIndex) -> usize {
    index
        .files
        .iter()
        .filter(|f| f.bytes > 0 && f.kind.is_cached())
        .count()
}

#[test]
fn a_warm_run_reads_nothing_again_and_gives_the_same_index() {
    let ws = workspace();
    let cache = tempfile::tempdir().unwrap();
    let (cold, cold_stats, index) = scan_with_cache(ws.path(), cache.path());
    let expected = cacheable(&index);
    assert!(expected >= 10, "the sample has spreadsheets and documents");
    assert_eq!(cold_stats.hits, 0);
    assert_eq!(cold_stats.misses, expected);
    assert_eq!(cold_stats.store_failures, 0);

    let (warm, warm_stats, _) = scan_with_cache(ws.path(), cache.path());
    assert_eq!(warm_stats.hits, expected, "{warm_stats:?}");
    assert_eq!(warm_stats.misses, 0);
    assert_eq!(warm, cold, "a cached reading must be the reading");

    // Without a cache, the same again.
    let plain = scan(
        ws.path(),
        &Catalogue::builtin().unwrap(),
        &ScanOptions::default(),
    )
    .unwrap();
    assert_eq!(serde_json::to_string(&plain).unwrap(), cold);
}

#[test]
fn only_the_changed_file_is_read_again() {
    let ws = workspace();
    let cache = tempfile::tempdir().unwrap();
    let (_, _, index) = scan_with_cache(ws.path(), cache.path());
    let expected = cacheable(&index);

    // Rewrite one CSV export with one record fewer.
    let csv = index
        .files
        .iter()
        .find(|f| f.path.ends_with(".csv"))
        .expect("the sample has a CSV export")
        .path
        .clone();
    let path = ws.path().join(&csv);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.pop();
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();

    let (_, stats, changed) = scan_with_cache(ws.path(), cache.path());
    assert_eq!(stats.misses, 1, "{stats:?}");
    assert_eq!(stats.hits, expected - 1);
    let before = index.record_sets.iter().find(|s| s.path == csv).unwrap();
    let after = changed.record_sets.iter().find(|s| s.path == csv).unwrap();
    assert_eq!(after.rows + 1, before.rows, "the change is seen");
}

#[test]
fn a_damaged_entry_is_a_miss_and_is_replaced() {
    let ws = workspace();
    let cache = tempfile::tempdir().unwrap();
    let (cold, _, _) = scan_with_cache(ws.path(), cache.path());

    let mut entries: Vec<_> = std::fs::read_dir(cache.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort_by_key(|p| std::fs::metadata(p).unwrap().len());
    // Flip a byte in the middle of the biggest entry, cut the smallest one short.
    let biggest = entries.last().unwrap();
    let mut bytes = std::fs::read(biggest).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x5a;
    std::fs::write(biggest, &bytes).unwrap();
    let smallest = &entries[0];
    let bytes = std::fs::read(smallest).unwrap();
    std::fs::write(smallest, &bytes[..bytes.len() / 2]).unwrap();

    let (warm, stats, _) = scan_with_cache(ws.path(), cache.path());
    assert_eq!(stats.unreadable, 2, "{stats:?}");
    assert_eq!(stats.misses, 2);
    assert_eq!(warm, cold, "damaged entries are read around");

    // The fresh readings replaced them.
    let (_, stats, _) = scan_with_cache(ws.path(), cache.path());
    assert_eq!((stats.misses, stats.unreadable), (0, 0), "{stats:?}");
}

fn assess(ws: &Path, out: &Path, extra: &[&str]) -> (String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_iso20k"))
        .arg("assess")
        .arg(ws)
        .arg("--out")
        .arg(out)
        .arg("--force")
        .args(extra)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(matches!(output.status.code(), Some(0 | 1)), "{stderr}");
    let json = std::fs::read_to_string(out.join("assessment.json")).unwrap();
    (json, stderr)
}

#[test]
fn assess_keeps_its_cache_with_the_evidence_and_prunes_what_went_stale() {
    let ws = workspace();
    let out = tempfile::tempdir().unwrap();
    let (cold, stderr) = assess(ws.path(), out.path(), &[]);
    assert!(stderr.contains("0 file(s) reused"), "{stderr}");
    // Client data stays in the client's folder: the reports folder holds reports only.
    let cache_dir = ws.path().join(".iso20k/cache");
    let entries = std::fs::read_dir(&cache_dir).unwrap().count();
    assert!(entries >= 10);
    assert!(!out.path().join(".iso20k-cache").exists());
    assert!(walk(out.path())
        .iter()
        .all(|p| !p.to_string_lossy().contains("cache")));

    let (warm, stderr) = assess(ws.path(), out.path(), &[]);
    assert_eq!(
        warm, cold,
        "assessment.json is byte-identical warm and cold"
    );
    assert!(
        stderr.contains(&format!("{entries} file(s) reused, 0 read afresh")),
        "{stderr}"
    );
    // The cache is never read back as evidence, nor listed as a skipped file.
    let evidence: serde_json::Value = serde_json::from_str(&warm).unwrap();
    assert!(!evidence["evidence"].to_string().contains(".iso20k"));

    // A removed file's entry goes on the next run; nothing else in the folder is touched.
    let docx = walk(ws.path())
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "docx"))
        .unwrap();
    std::fs::remove_file(docx).unwrap();
    std::fs::write(cache_dir.join("README.txt"), "kept").unwrap();
    let (_, stderr) = assess(ws.path(), out.path(), &[]);
    assert!(stderr.contains("1 stale entr(ies) removed"), "{stderr}");
    assert_eq!(std::fs::read_dir(&cache_dir).unwrap().count(), entries);

    // `iso20k cache clear` removes it, and the tool's folder with it.
    let cleared = Command::new(env!("CARGO_BIN_EXE_iso20k"))
        .args(["cache", "clear"])
        .arg(ws.path())
        .output()
        .unwrap();
    assert_eq!(cleared.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&cleared.stdout).contains("removed"));
    assert!(!ws.path().join(".iso20k").exists());

    // --no-cache neither reads nor writes one.
    let plain = tempfile::tempdir().unwrap();
    let (_, stderr) = assess(ws.path(), plain.path(), &["--no-cache"]);
    assert!(!stderr.contains("cache"), "{stderr}");
    assert!(!ws.path().join(".iso20k").exists());
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found.sort();
    found
}

#[test]
fn cache_clear_never_removes_a_folder_that_holds_more_than_cache_entries() {
    let ws = tempfile::tempdir().unwrap();
    let evidence = tempfile::tempdir().unwrap();
    std::fs::write(evidence.path().join("policy.docx"), b"client data").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_iso20k"))
        .args(["cache", "clear"])
        .arg(ws.path())
        .arg("--cache")
        .arg(evidence.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a cache entry"));
    assert!(evidence.path().join("policy.docx").exists());
}
