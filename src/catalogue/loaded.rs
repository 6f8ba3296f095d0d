//! A catalogue as read, before it is validated: its files, each entry typed and located (file
//! and byte range) so that the validator can point at the line of any problem. The reader
//! (`load`) fills it, the validator (`validate`) and the shipped catalogues (`embedded`)
//! use it; it imports none of them.

use std::ops::Range;

use super::codes::CatalogueCode;
use super::model::*;
use crate::diagnostic::{Diagnostic, SourceFile};

/// One catalogue file as found on disk or in the binary.
#[derive(Debug, Clone)]
pub(crate) struct CatalogueFile {
    /// Name shown in diagnostics (a path).
    pub name: String,
    /// Name as listed in `catalogue.toml`'s `files`.
    pub file_name: String,
    /// Contents, or `None` when the file could not be read as UTF-8 text.
    pub text: Option<String>,
}

/// Where an entry sits: which file, and which byte range of it.
#[derive(Debug, Clone)]
pub(crate) struct Location {
    pub file: usize,
    pub range: Range<usize>,
}

/// Typed entries with their locations, in catalogue order.
#[derive(Debug, Default)]
pub(crate) struct Content {
    pub clauses: Vec<Clause>,
    pub requirements: Vec<Requirement>,
    pub document_types: Vec<DocumentType>,
    pub record_types: Vec<RecordType>,
    pub frameworks: Vec<Framework>,
    pub crosswalk: Vec<CrosswalkRow>,
    pub terms: Vec<Term>,
    pub clause_locs: Vec<Location>,
    pub requirement_locs: Vec<Location>,
    pub document_type_locs: Vec<Location>,
    pub record_type_locs: Vec<Location>,
    pub framework_locs: Vec<Location>,
    pub crosswalk_locs: Vec<Location>,
    pub term_locs: Vec<Location>,
    /// Clauses named by requirement entries that failed to load, so a leaf is not also
    /// reported as empty because of its requirement's own typo.
    pub clauses_of_broken_requirements: Vec<String>,
}

/// Everything the validator needs: the sources (for positions), the header and the content.
pub(crate) struct Loaded {
    pub sources: Vec<SourceFile>,
    pub header: Option<CatalogueHeader>,
    pub content: Content,
}

impl Loaded {
    /// A diagnostic at the start of `key` within the entry at `loc`.
    pub fn at_key(
        &self,
        code: CatalogueCode,
        loc: &Location,
        key: &str,
        message: String,
    ) -> Diagnostic {
        let source = &self.sources[loc.file];
        let offset = source.find_key(loc.range.clone(), key);
        diagnostic(code, source, Some(offset), message)
    }
}

/// Builds a diagnostic for `code` in `source` at byte `offset`.
pub(crate) fn diagnostic(
    code: CatalogueCode,
    source: &SourceFile,
    offset: Option<usize>,
    message: String,
) -> Diagnostic {
    Diagnostic {
        code: code.code(),
        severity: code.severity(),
        file: source.name.clone(),
        position: offset.map(|o| source.position(o)),
        message,
        hint: code.hint().to_string(),
    }
}
