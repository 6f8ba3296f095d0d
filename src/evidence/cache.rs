//! A per-file cache of what reading yielded, so re-assessing a workspace after one document
//! changed parses only that document.
//!
//! An entry is named by a SHA-256 key over everything that decides a reading: the program
//! build, the record-set definitions, the file's path and content hash, the manifest's
//! mappings for it and the reading limits. An entry is therefore never stale: it is exactly
//! right or it is never looked up. Entries are a compact binary encoding closed by a CRC-32;
//! an entry that does not decode cleanly (truncated, corrupted, from another format version)
//! is a miss, never an error, and is overwritten by the fresh reading.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use sha2::{Digest, Sha256};

use super::documents::{DocumentMeta, ExtractedDocument};
use super::limits::Limits;
use super::schema::{self, FieldType};
use super::table::{Column, RecordTable, RowGroups};
use super::walk::Skipped;
use super::{FileRead, PendingDocument, RecordSetInfo, Warning};
use crate::domain::date::Timestamp;
use crate::domain::hex;

/// Opens every entry; the last byte is the format version.
const MAGIC: &[u8; 8] = b"iso20kc\x05";

/// How the temporary file of an entry being written is named.
const TEMP_PREFIX: &str = ".iso20k-entry-";

/// Closes every entry, after the CRC.
const END: &[u8; 4] = b"END!";

/// Field types in tag order (the tag of a type is its position).
const FIELD_TYPES: [FieldType; 10] = [
    FieldType::Id,
    FieldType::Text,
    FieldType::Category,
    FieldType::Presence,
    FieldType::Date,
    FieldType::Priority,
    FieldType::Level,
    FieldType::Bool,
    FieldType::Number,
    FieldType::Duration,
];

/// A folder of per-file readings, shared by the reading threads of one run.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    hits: AtomicUsize,
    misses: AtomicUsize,
    unreadable: AtomicUsize,
    store_failures: AtomicUsize,
    first_store_error: Mutex<Option<String>>,
    used: Mutex<HashSet<String>>,
}

/// What the cache did in one run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Files whose reading came from the cache.
    pub hits: usize,
    /// Files read afresh (no entry, or an unreadable one).
    pub misses: usize,
    /// Entries found but unreadable (corrupted or truncated), counted among the misses.
    pub unreadable: usize,
    /// Readings that could not be stored.
    pub store_failures: usize,
}

impl Cache {
    /// A cache kept in `dir` (created when the first entry is stored).
    pub fn new(dir: impl Into<PathBuf>) -> Cache {
        Cache {
            dir: dir.into(),
            hits: AtomicUsize::new(0),
            misses: AtomicUsize::new(0),
            unreadable: AtomicUsize::new(0),
            store_failures: AtomicUsize::new(0),
            first_store_error: Mutex::new(None),
            used: Mutex::new(HashSet::new()),
        }
    }

    /// The cache folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The key of a file's reading: a hash of everything the reading depends on.
    pub(crate) fn key(&self, path: &str, sha256: &str, mappings: &str, limits: &Limits) -> String {
        let limits = serde_json::to_string(limits).unwrap_or_default();
        let mut hasher = Sha256::new();
        for part in [
            "iso20k-cache/3",
            build_identity(),
            schema::SCHEMA_SOURCE,
            super::value::VOCABULARY_SOURCE,
            path,
            sha256,
            mappings,
            &limits,
        ] {
            // Length-prefixed, so no two different part lists hash the same bytes.
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
        hex(&hasher.finalize())
    }

    /// The reading stored under `key` for the file at `path` with content `sha256`, if there
    /// is a sound one.
    pub(crate) fn load(&self, key: &str, path: &str, sha256: &str) -> Option<FileRead> {
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.to_string());
        let found = File::open(self.dir.join(key)).and_then(|file| {
            let len = file.metadata()?.len();
            Ok((file, len))
        });
        let Ok((file, len)) = found else {
            self.misses.fetch_add(1, Ordering::Relaxed);
            return None;
        };
        let mut decoder = Decoder::new(BufReader::with_capacity(1 << 16, file), len);
        match decode_read(&mut decoder, path, sha256).and_then(|read| decoder.finish(read)) {
            Ok(read) => {
                self.hits.fetch_add(1, Ordering::Relaxed);
                Some(read)
            }
            Err(_) => {
                self.unreadable.fetch_add(1, Ordering::Relaxed);
                self.misses.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    }

    /// Stores a reading under `key`, atomically (a reader never sees half an entry). A
    /// failure is counted and reported by [`Cache::summary`], never fatal: the cache only
    /// saves time.
    pub(crate) fn store(&self, key: &str, read: &FileRead) {
        if let Err(e) = self.try_store(key, read) {
            self.store_failures.fetch_add(1, Ordering::Relaxed);
            let mut first = self
                .first_store_error
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            first.get_or_insert_with(|| format!("{}: {e}", self.dir.display()));
        }
    }

    fn try_store(&self, key: &str, read: &FileRead) -> io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let temp = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .tempfile_in(&self.dir)?;
        let mut encoder = Encoder::new(BufWriter::with_capacity(1 << 16, temp.as_file()));
        encode_read(&mut encoder, read)?;
        encoder.finish()?;
        temp.persist(self.dir.join(key)).map_err(|e| e.error)?;
        Ok(())
    }

    /// Deletes the entries this run did not look up (readings of files since changed or
    /// removed) and temporary files abandoned by killed runs, so the cache does not grow
    /// without bound. Returns how many went.
    pub fn prune(&self) -> io::Result<usize> {
        let used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(e),
        };
        let mut removed = 0;
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            // Only names this cache writes are touched: anything else in the folder stays.
            let entry_name = name.len() == 64 && name.bytes().all(|b| b.is_ascii_hexdigit());
            // A temporary file left by a run that was killed mid-write; one less than an
            // hour old may belong to a run still going.
            let abandoned = name.starts_with(TEMP_PREFIX)
                && entry
                    .metadata()?
                    .modified()?
                    .elapsed()
                    .is_ok_and(|age| age.as_secs() > 3600);
            if entry_name && !used.contains(name) || abandoned {
                std::fs::remove_file(entry.path())?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// Counters for this run.
    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            unreadable: self.unreadable.load(Ordering::Relaxed),
            store_failures: self.store_failures.load(Ordering::Relaxed),
        }
    }

    /// One line on what the cache did, for the terminal.
    pub fn summary(&self) -> String {
        let s = self.stats();
        let mut line = format!(
            "cache {}: {} file(s) reused, {} read afresh",
            self.dir.display(),
            s.hits,
            s.misses
        );
        if s.unreadable > 0 {
            line += &format!(" ({} unreadable entr(ies) replaced)", s.unreadable);
        }
        if s.store_failures > 0 {
            let first = self
                .first_store_error
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone()
                .unwrap_or_default();
            line += &format!(
                "; {} reading(s) not stored ({first}); the next run reads them again",
                s.store_failures
            );
        }
        line
    }
}

/// What identifies the running program: its version and, where the executable can be
/// examined, its size and modification time, so a rebuilt reader never trusts entries an
/// older build wrote.
fn build_identity() -> &'static str {
    static IDENTITY: OnceLock<String> = OnceLock::new();
    IDENTITY.get_or_init(|| {
        let exe = std::env::current_exe()
            .and_then(std::fs::metadata)
            .map(|m| {
                let modified = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map(|d| d.as_nanos())
                    .unwrap_or_default();
                format!("{}:{modified}", m.len())
            })
            .unwrap_or_default();
        format!("{} {exe}", env!("CARGO_PKG_VERSION"))
    })
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_string())
}

/// Writes the entry encoding, keeping a CRC of every byte.
struct Encoder<W: Write> {
    out: W,
    crc: crc32fast::Hasher,
}

impl<W: Write> Encoder<W> {
    fn new(out: W) -> Encoder<W> {
        Encoder {
            out,
            crc: crc32fast::Hasher::new(),
        }
    }

    fn bytes(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.crc.update(bytes);
        self.out.write_all(bytes)
    }

    fn u8(&mut self, v: u8) -> io::Result<()> {
        self.bytes(&[v])
    }

    fn u32(&mut self, v: u32) -> io::Result<()> {
        self.bytes(&v.to_le_bytes())
    }

    fn u64(&mut self, v: u64) -> io::Result<()> {
        self.bytes(&v.to_le_bytes())
    }

    fn len(&mut self, n: usize) -> io::Result<()> {
        self.u64(n as u64)
    }

    fn str(&mut self, s: &str) -> io::Result<()> {
        self.len(s.len())?;
        self.bytes(s.as_bytes())
    }

    fn opt_str(&mut self, s: Option<&str>) -> io::Result<()> {
        match s {
            None => self.u8(0),
            Some(s) => {
                self.u8(1)?;
                self.str(s)
            }
        }
    }

    fn opt_i64(&mut self, v: Option<i64>) -> io::Result<()> {
        match v {
            None => self.u8(0),
            Some(v) => {
                self.u8(1)?;
                self.bytes(&v.to_le_bytes())
            }
        }
    }

    /// A length-prefixed array of fixed-size values, converted a block at a time.
    fn array<T: Copy, const N: usize>(
        &mut self,
        items: &[T],
        to_bytes: impl Fn(T) -> [u8; N],
    ) -> io::Result<()> {
        self.len(items.len())?;
        let mut block = Vec::with_capacity(N * 4096);
        for chunk in items.chunks(4096) {
            block.clear();
            for &item in chunk {
                block.extend_from_slice(&to_bytes(item));
            }
            self.bytes(&block)?;
        }
        Ok(())
    }

    /// Closes the entry: CRC, end marker, flush.
    fn finish(mut self) -> io::Result<()> {
        let crc = self.crc.clone().finalize();
        self.out.write_all(&crc.to_le_bytes())?;
        self.out.write_all(END)?;
        self.out.flush()
    }
}

/// Reads the entry encoding. Every length is checked against the bytes left before anything
/// is allocated, so a corrupted length is an error, not a giant allocation.
struct Decoder<R: Read> {
    input: R,
    crc: crc32fast::Hasher,
    remaining: u64,
}

impl<R: Read> Decoder<R> {
    fn new(input: R, len: u64) -> Decoder<R> {
        Decoder {
            input,
            crc: crc32fast::Hasher::new(),
            remaining: len,
        }
    }

    fn fill(&mut self, buf: &mut [u8]) -> io::Result<()> {
        if buf.len() as u64 > self.remaining {
            return Err(invalid("entry is truncated"));
        }
        self.input.read_exact(buf)?;
        self.crc.update(buf);
        self.remaining -= buf.len() as u64;
        Ok(())
    }

    fn fixed<const N: usize>(&mut self) -> io::Result<[u8; N]> {
        let mut buf = [0; N];
        self.fill(&mut buf)?;
        Ok(buf)
    }

    fn u8(&mut self) -> io::Result<u8> {
        Ok(self.fixed::<1>()?[0])
    }

    fn u32(&mut self) -> io::Result<u32> {
        Ok(u32::from_le_bytes(self.fixed()?))
    }

    fn u64(&mut self) -> io::Result<u64> {
        Ok(u64::from_le_bytes(self.fixed()?))
    }

    /// A count of items at least `min_size` bytes each, checked against what is left.
    fn len(&mut self, min_size: u64) -> io::Result<usize> {
        let n = self.u64()?;
        if n.saturating_mul(min_size.max(1)) > self.remaining {
            return Err(invalid("length beyond the end of the entry"));
        }
        usize::try_from(n).map_err(|_| invalid("length too large"))
    }

    fn string(&mut self) -> io::Result<String> {
        let n = self.len(1)?;
        let mut bytes = vec![0; n];
        self.fill(&mut bytes)?;
        String::from_utf8(bytes).map_err(|_| invalid("text is not UTF-8"))
    }

    fn opt_string(&mut self) -> io::Result<Option<String>> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.string().map(Some),
            _ => Err(invalid("bad option tag")),
        }
    }

    fn opt_i64(&mut self) -> io::Result<Option<i64>> {
        match self.u8()? {
            0 => Ok(None),
            1 => Ok(Some(i64::from_le_bytes(self.fixed()?))),
            _ => Err(invalid("bad option tag")),
        }
    }

    fn array<T, const N: usize>(
        &mut self,
        from_bytes: impl Fn([u8; N]) -> T,
    ) -> io::Result<Vec<T>> {
        let n = self.len(N as u64)?;
        let mut items = Vec::with_capacity(n);
        let mut block = vec![0; N * 4096];
        let mut left = n;
        while left > 0 {
            let take = left.min(4096);
            let bytes = &mut block[..take * N];
            self.fill(bytes)?;
            items.extend(
                bytes
                    .chunks_exact(N)
                    .map(|c| from_bytes(c.try_into().expect("chunks are N bytes"))),
            );
            left -= take;
        }
        Ok(items)
    }

    /// Checks the CRC and end marker, and that nothing follows.
    fn finish<T>(mut self, value: T) -> io::Result<T> {
        let expected = self.crc.clone().finalize();
        let mut tail = [0; 8];
        if self.remaining != tail.len() as u64 {
            return Err(invalid("entry has the wrong length"));
        }
        self.input.read_exact(&mut tail)?;
        if tail[..4] != expected.to_le_bytes() || &tail[4..] != END {
            return Err(invalid("entry checksum does not match"));
        }
        Ok(value)
    }
}

fn encode_read<W: Write>(e: &mut Encoder<W>, read: &FileRead) -> io::Result<()> {
    e.bytes(MAGIC)?;
    e.len(read.record_sets.len())?;
    for (info, table) in &read.record_sets {
        encode_info(e, info)?;
        encode_table(e, table)?;
    }
    e.len(read.documents.len())?;
    for document in &read.documents {
        e.opt_str(document.sheet.as_deref())?;
        e.str(&document.doc.text)?;
        let meta = &document.doc.meta;
        for text in [
            &meta.title,
            &meta.version,
            &meta.owner,
            &meta.approved_by,
            &meta.status,
            &meta.last_modified_by,
        ] {
            e.opt_str(text.as_deref())?;
        }
        for date in [
            meta.approved_on,
            meta.next_review,
            meta.created,
            meta.modified,
            meta.effective_on,
            meta.revised_on,
        ] {
            e.opt_i64(date.map(|t| t.0))?;
        }
        e.opt_str(meta.number.as_deref())?;
        e.str(&json(&meta.sources)?)?;
        e.str(&json(&meta.title_alternatives)?)?;
    }
    e.len(read.skipped.len())?;
    for skipped in &read.skipped {
        e.str(&skipped.path)?;
        e.str(&skipped.reason)?;
    }
    e.len(read.warnings.len())?;
    for warning in &read.warnings {
        e.str(&warning.path)?;
        e.str(&warning.location)?;
        e.str(&warning.message)?;
    }
    // Rare and small: kept as JSON.
    e.str(&json(&read.unrecognised)?)?;
    Ok(())
}

fn json<T: serde::Serialize>(value: &T) -> io::Result<String> {
    serde_json::to_string(value).map_err(|e| invalid(&e.to_string()))
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> io::Result<T> {
    serde_json::from_str(text).map_err(|e| invalid(&e.to_string()))
}

fn decode_read<R: Read>(d: &mut Decoder<R>, path: &str, sha256: &str) -> io::Result<FileRead> {
    if &d.fixed::<8>()? != MAGIC {
        return Err(invalid("not an entry of this format version"));
    }
    let mut read = FileRead::default();
    for _ in 0..d.len(1)? {
        let info = decode_info(d, path, sha256)?;
        let table = decode_table(d)?;
        if table.len() != info.rows {
            return Err(invalid("record count does not match the table"));
        }
        read.record_sets.push((info, table));
    }
    for _ in 0..d.len(1)? {
        let sheet = d.opt_string()?;
        let text = d.string()?;
        let mut texts = Vec::with_capacity(6);
        for _ in 0..6 {
            texts.push(d.opt_string()?);
        }
        let mut dates = Vec::with_capacity(6);
        for _ in 0..6 {
            dates.push(d.opt_i64()?.map(Timestamp));
        }
        let number = d.opt_string()?;
        let sources = from_json(&d.string()?)?;
        let title_alternatives = from_json(&d.string()?)?;
        let mut texts = texts.into_iter();
        let mut next_text = || texts.next().flatten();
        let (title, version, owner, approved_by, status, last_modified_by) = (
            next_text(),
            next_text(),
            next_text(),
            next_text(),
            next_text(),
            next_text(),
        );
        let meta = DocumentMeta {
            title,
            version,
            owner,
            approved_by,
            approved_on: dates[0],
            next_review: dates[1],
            status,
            created: dates[2],
            modified: dates[3],
            effective_on: dates[4],
            revised_on: dates[5],
            number,
            sources,
            title_alternatives,
            last_modified_by,
        };
        read.documents.push(PendingDocument {
            path: path.to_string(),
            sheet,
            sha256: sha256.to_string(),
            doc: ExtractedDocument { text, meta },
        });
    }
    for _ in 0..d.len(16)? {
        read.skipped.push(Skipped {
            path: d.string()?,
            reason: d.string()?,
        });
    }
    for _ in 0..d.len(24)? {
        read.warnings.push(Warning {
            path: d.string()?,
            location: d.string()?,
            message: d.string()?,
            code: None,
        });
    }
    read.unrecognised = from_json(&d.string()?)?;
    Ok(read)
}

fn encode_info<W: Write>(e: &mut Encoder<W>, info: &RecordSetInfo) -> io::Result<()> {
    e.str(&info.kind)?;
    e.opt_str(info.sheet.as_deref())?;
    e.len(info.rows)?;
    e.u64(info.confidence.to_bits())?;
    e.u32(info.header_row)?;
    e.len(info.columns.len())?;
    for (field, header) in &info.columns {
        e.str(field)?;
        e.str(header)?;
    }
    e.len(info.unmapped.len())?;
    for header in &info.unmapped {
        e.str(header)?;
    }
    e.str(&json(&info.encoding)?)?;
    e.str(&json(&info.dates)?)?;
    e.str(&json(&info.fold)?)?;
    e.opt_str(info.split_by.as_deref())?;
    e.str(&json(&info.derived)?)?;
    e.str(&json(&info.rejected)?)
}

fn decode_info<R: Read>(d: &mut Decoder<R>, path: &str, sha256: &str) -> io::Result<RecordSetInfo> {
    let kind = d.string()?;
    let sheet = d.opt_string()?;
    let rows = usize::try_from(d.u64()?).map_err(|_| invalid("record count too large"))?;
    let confidence = f64::from_bits(d.u64()?);
    let header_row = d.u32()?;
    let mut columns = BTreeMap::new();
    for _ in 0..d.len(16)? {
        columns.insert(d.string()?, d.string()?);
    }
    let mut unmapped = Vec::new();
    for _ in 0..d.len(8)? {
        unmapped.push(d.string()?);
    }
    let encoding = from_json(&d.string()?)?;
    let dates = from_json(&d.string()?)?;
    let fold = from_json(&d.string()?)?;
    let split_by = d.opt_string()?;
    let derived = from_json(&d.string()?)?;
    let rejected = from_json(&d.string()?)?;
    Ok(RecordSetInfo {
        kind,
        path: path.to_string(),
        sheet,
        rows,
        confidence,
        header_row,
        columns,
        unmapped,
        encoding,
        dates,
        fold,
        split_by,
        derived,
        rejected,
        sha256: sha256.to_string(),
    })
}

fn encode_table<W: Write>(e: &mut Encoder<W>, table: &RecordTable) -> io::Result<()> {
    e.len(table.fields().len())?;
    for field in table.fields() {
        e.str(field)?;
    }
    for field_type in &table.field_types {
        let tag = FIELD_TYPES
            .iter()
            .position(|t| t == field_type)
            .expect("every field type has a tag");
        e.u8(tag as u8)?;
    }
    for column in &table.columns {
        encode_column(e, column)?;
    }
    e.array(&table.rows, u32::to_le_bytes)?;
    for unreadable in &table.unreadable {
        e.array(unreadable, u32::to_le_bytes)?;
    }
    match &table.groups {
        None => e.u8(0),
        Some(g) => {
            e.u8(1)?;
            e.array(&g.offsets, u32::to_le_bytes)?;
            e.array(&g.rows, u32::to_le_bytes)
        }
    }
}

fn decode_table<R: Read>(d: &mut Decoder<R>) -> io::Result<RecordTable> {
    let count = d.len(10)?;
    let mut fields = Vec::with_capacity(count);
    for _ in 0..count {
        fields.push(d.string()?);
    }
    let mut field_types = Vec::with_capacity(count);
    for _ in 0..count {
        let tag = d.u8()?;
        let field_type = *FIELD_TYPES
            .get(usize::from(tag))
            .ok_or_else(|| invalid("unknown field type"))?;
        field_types.push(field_type);
    }
    let mut columns = Vec::with_capacity(count);
    for &field_type in &field_types {
        let column = decode_column(d)?;
        if std::mem::discriminant(&column) != std::mem::discriminant(&Column::new(field_type)) {
            return Err(invalid("column does not match its field type"));
        }
        columns.push(column);
    }
    let rows = d.array(u32::from_le_bytes)?;
    if columns.iter().any(|c| c.len() != rows.len()) {
        return Err(invalid("column lengths differ"));
    }
    let mut unreadable = Vec::with_capacity(count);
    for _ in 0..count {
        let records: Vec<u32> = d.array(u32::from_le_bytes)?;
        let sound = records.windows(2).all(|w| w[0] < w[1])
            && records.last().is_none_or(|&r| (r as usize) < rows.len());
        if !sound {
            return Err(invalid("unreadable values do not match the table"));
        }
        unreadable.push(records);
    }
    let table =
        RecordTable::from_parts(fields, field_types, columns, rows).with_unreadable(unreadable);
    match d.u8()? {
        0 => Ok(table),
        1 => {
            let offsets: Vec<u32> = d.array(u32::from_le_bytes)?;
            let grouped: Vec<u32> = d.array(u32::from_le_bytes)?;
            let sound = offsets.len() == table.len() + 1
                && offsets.windows(2).all(|w| w[0] <= w[1])
                && offsets.last().copied() == Some(grouped.len() as u32);
            if !sound {
                return Err(invalid("row groups do not match the table"));
            }
            Ok(table.with_groups(RowGroups {
                offsets,
                rows: grouped,
            }))
        }
        _ => Err(invalid("unknown row-group tag")),
    }
}

fn encode_column<W: Write>(e: &mut Encoder<W>, column: &Column) -> io::Result<()> {
    match column {
        Column::Text { text, ends } => {
            e.u8(0)?;
            e.str(text)?;
            e.array(ends, u32::to_le_bytes)
        }
        Column::Category { codes, values, .. } => {
            e.u8(1)?;
            e.array(codes, u32::to_le_bytes)?;
            e.len(values.len())?;
            values.iter().try_for_each(|v| e.str(v))
        }
        Column::Presence(values) => {
            e.u8(2)?;
            e.array(values, |v| [u8::from(v)])
        }
        Column::Date(values) => {
            e.u8(3)?;
            e.array(values, i64::to_le_bytes)
        }
        Column::Level(values) => {
            e.u8(4)?;
            e.array(values, |v| [v])
        }
        Column::Bool(values) => {
            e.u8(5)?;
            e.array(values, |v| [v.map_or(0, |b| 1 + u8::from(b))])
        }
        Column::Number(values) => {
            e.u8(6)?;
            e.array(values, |v| v.to_bits().to_le_bytes())
        }
    }
}

fn decode_column<R: Read>(d: &mut Decoder<R>) -> io::Result<Column> {
    Ok(match d.u8()? {
        0 => {
            let text = d.string()?;
            let ends: Vec<u32> = d.array(u32::from_le_bytes)?;
            let mut start = 0;
            for &end in &ends {
                let end = end as usize;
                if end < start || end > text.len() || !text.is_char_boundary(end) {
                    return Err(invalid("text offsets out of order"));
                }
                start = end;
            }
            Column::Text { text, ends }
        }
        1 => {
            let codes: Vec<u32> = d.array(u32::from_le_bytes)?;
            let count = d.len(8)?;
            let mut values: Vec<Box<str>> = Vec::with_capacity(count);
            let mut index = HashMap::with_capacity(count);
            for code in 0..count {
                let value: Box<str> = d.string()?.into();
                if index.insert(value.clone(), code as u32).is_some() {
                    return Err(invalid("category value repeated"));
                }
                values.push(value);
            }
            if codes.iter().any(|&c| c != u32::MAX && c as usize >= count) {
                return Err(invalid("category code out of range"));
            }
            Column::Category {
                codes,
                values,
                index,
            }
        }
        2 => Column::Presence(d.array(|[b]: [u8; 1]| b != 0)?),
        3 => Column::Date(d.array(i64::from_le_bytes)?),
        4 => {
            let levels: Vec<u8> = d.array(|[b]: [u8; 1]| b)?;
            if levels.iter().any(|&l| l > 5) {
                return Err(invalid("level out of range"));
            }
            Column::Level(levels)
        }
        5 => Column::Bool(d.array(|[b]: [u8; 1]| match b {
            0 => None,
            1 => Some(false),
            _ => Some(true),
        })?),
        6 => Column::Number(d.array(|b: [u8; 8]| f64::from_bits(u64::from_le_bytes(b)))?),
        _ => return Err(invalid("unknown column tag")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table with one column of every kind, empty values included.
    fn table() -> RecordTable {
        let mut index = HashMap::new();
        index.insert(Box::<str>::from("Network"), 0);
        index.insert(Box::<str>::from("网络"), 1);
        RecordTable::from_parts(
            vec![
                "id".into(),
                "category".into(),
                "workaround".into(),
                "opened_at".into(),
                "priority".into(),
                "sla_met".into(),
                "cost".into(),
            ],
            vec![
                FieldType::Id,
                FieldType::Category,
                FieldType::Presence,
                FieldType::Date,
                FieldType::Priority,
                FieldType::Bool,
                FieldType::Number,
            ],
            vec![
                Column::Text {
                    text: "INC1事件2".into(),
                    ends: vec![4, 4, 11],
                },
                Column::Category {
                    codes: vec![0, u32::MAX, 1],
                    values: vec!["Network".into(), "网络".into()],
                    index,
                },
                Column::Presence(vec![true, false, true]),
                Column::Date(vec![1_700_000_000, i64::MIN, -86_400]),
                Column::Level(vec![1, 0, 5]),
                Column::Bool(vec![Some(true), None, Some(false)]),
                Column::Number(vec![1.5, f64::NAN, -0.0]),
            ],
            vec![2, 3, 7],
        )
    }

    fn sample_read() -> FileRead {
        FileRead {
            file: None,
            record_sets: vec![(
                RecordSetInfo {
                    kind: "incidents".into(),
                    path: "records/incident.xlsx".into(),
                    sheet: Some("Page 1".into()),
                    rows: 3,
                    confidence: 0.875,
                    header_row: 1,
                    columns: BTreeMap::from([("id".into(), "Number".into())]),
                    unmapped: vec!["u_custom".into()],
                    split_by: Some("sys_class_name".into()),
                    rejected: vec![crate::evidence::tabular::RejectedColumn {
                        field: "sla_met".into(),
                        header: "SLA".into(),
                        example: "Atendimento 8H".into(),
                    }],
                    derived: vec![crate::evidence::derive::Derived {
                        field: "major_incident".into(),
                        from: "priority".into(),
                        from_manifest: false,
                        text: crate::i18n::Text::new("priority 1", "优先级1"),
                    }],
                    encoding: Some(crate::evidence::tabular::TextEncoding {
                        name: "windows-1252".into(),
                        source: crate::evidence::tabular::EncodingSource::Detected,
                    }),
                    dates: vec![crate::evidence::table::DateFormat {
                        field: "opened_at".into(),
                        order: Some(crate::domain::date::DateOrder::MonthFirst),
                        description: "month-first".into(),
                    }],
                    fold: Some(crate::evidence::history::Fold {
                        source_rows: 7,
                        records: 3,
                        ordered_by: Some("sys_mod_count".into()),
                        derived: vec!["reopen_count".into()],
                    }),
                    sha256: "ab".repeat(32),
                },
                table().with_groups(RowGroups {
                    offsets: vec![0, 2, 3, 7],
                    rows: vec![2, 5, 3, 7, 8, 9, 10],
                }),
            )],
            documents: vec![PendingDocument {
                path: "records/incident.xlsx".into(),
                sheet: Some("Notes".into()),
                sha256: "ab".repeat(32),
                doc: ExtractedDocument {
                    text: "Owner: 张三\nVersion 2".into(),
                    meta: DocumentMeta {
                        title: Some("Notes".into()),
                        approved_on: Some(Timestamp(1_690_000_000)),
                        ..DocumentMeta::default()
                    },
                },
            }],
            skipped: vec![Skipped {
                path: "records/incident.xlsx".into(),
                reason: "sheet `Chart` is empty".into(),
            }],
            warnings: vec![Warning {
                path: "records/incident.xlsx".into(),
                location: "Page 1!C4".into(),
                message: "`soon` is not a date".into(),
                code: None,
            }],
            unrecognised: vec![crate::evidence::UnrecognisedTable {
                path: "records/incident.xlsx".into(),
                sheet: Some("Outages".into()),
                header_row: 1,
                headers: vec!["u_number".into(), "u_begin_time".into()],
                rows: 12,
                guesses: Vec::new(),
            }],
            worksheet: None,
        }
    }

    fn encoded(read: &FileRead) -> Vec<u8> {
        let mut bytes = Vec::new();
        let mut encoder = Encoder::new(&mut bytes);
        encode_read(&mut encoder, read).unwrap();
        encoder.finish().unwrap();
        bytes
    }

    fn decoded(bytes: &[u8]) -> io::Result<FileRead> {
        let mut decoder = Decoder::new(bytes, bytes.len() as u64);
        let read = decode_read(&mut decoder, "records/incident.xlsx", &"ab".repeat(32))?;
        decoder.finish(read)
    }

    #[test]
    fn every_column_kind_round_trips() {
        let original = sample_read();
        let back = decoded(&encoded(&original)).unwrap();
        assert_eq!(back.documents, original.documents);
        assert_eq!(back.skipped, original.skipped);
        assert_eq!(back.warnings, original.warnings);
        assert_eq!(back.unrecognised, original.unrecognised);
        let ((info, t), (info0, t0)) = (&back.record_sets[0], &original.record_sets[0]);
        assert_eq!(format!("{info:?}"), format!("{info0:?}"));
        assert_eq!(t.fields(), t0.fields());
        assert_eq!(t.rows, t0.rows);
        for i in 0..t0.len() {
            assert_eq!(t.rows_of(i), t0.rows_of(i), "the rows of a folded record");
        }
        for field in t0.fields() {
            assert_eq!(t.field_type(field), t0.field_type(field));
            for i in 0..t0.len() {
                assert_eq!(t.text(field, i), t0.text(field, i), "{field} {i}");
                assert_eq!(t.date(field, i), t0.date(field, i));
                assert_eq!(t.level(field, i), t0.level(field, i));
                assert_eq!(t.flag(field, i), t0.flag(field, i));
                assert_eq!(
                    t.number(field, i).map(f64::to_bits),
                    t0.number(field, i).map(f64::to_bits)
                );
                assert_eq!(t.present(field, i), t0.present(field, i));
            }
        }
        assert_eq!(t.text("category", 2), Some("网络"));
    }

    #[test]
    fn any_damage_is_refused() {
        let bytes = encoded(&sample_read());
        // Every truncation and every single flipped byte is caught (CRC, lengths, marker).
        for len in 0..bytes.len() {
            assert!(decoded(&bytes[..len]).is_err(), "truncated to {len}");
        }
        for at in 0..bytes.len() {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x01;
            assert!(decoded(&damaged).is_err(), "byte {at} flipped");
        }
        // A length claiming more than the entry holds allocates nothing and fails.
        let mut huge = bytes.clone();
        huge[8..16].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(decoded(&huge).is_err());
    }

    #[test]
    fn keys_change_with_everything_a_reading_depends_on() {
        let cache = Cache::new("unused");
        let limits = Limits::default();
        let sha = "ab".repeat(32);
        let base = cache.key("a.xlsx", &sha, "[]", &limits);
        assert_eq!(base.len(), 64);
        assert_eq!(base, cache.key("a.xlsx", &sha, "[]", &limits));
        assert_ne!(base, cache.key("b.xlsx", &sha, "[]", &limits));
        assert_ne!(base, cache.key("a.xlsx", &"cd".repeat(32), "[]", &limits));
        assert_ne!(
            base,
            cache.key("a.xlsx", &sha, "[{\"file\":\"a.xlsx\"}]", &limits)
        );
        let raised = Limits {
            max_zip_entries: 20_000,
            ..Limits::default()
        };
        assert_ne!(base, cache.key("a.xlsx", &sha, "[]", &raised));
    }

    #[test]
    fn prune_keeps_what_was_used_and_what_is_not_ours() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path());
        let read = sample_read();
        let (used, stale) = ("a".repeat(64), "b".repeat(64));
        cache.store(&used, &read);
        cache.store(&stale, &read);
        let write = |name: &str, age_secs: u64| {
            let file = File::create(dir.path().join(name)).unwrap();
            let when = std::time::SystemTime::now() - std::time::Duration::from_secs(age_secs);
            file.set_modified(when).unwrap();
        };
        write(&format!("{TEMP_PREFIX}old"), 7200);
        write(&format!("{TEMP_PREFIX}fresh"), 0);
        write("notes.txt", 7200);

        // A new run looks up only `used`.
        let run = Cache::new(dir.path());
        assert!(run.load(&used, "p", "s").is_some());
        assert_eq!(run.prune().unwrap(), 2);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [format!("{TEMP_PREFIX}fresh"), used, "notes.txt".into()]
        );
    }
}
