//! Reading catalogue files and turning each TOML entry into a typed model, collecting every
//! problem (with its file, line and column) instead of stopping at the first.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use toml::Spanned;

use super::codes::CatalogueCode;
use super::loaded::{diagnostic, CatalogueFile, Content, Loaded, Location};
use super::model::*;
use super::rules::{unknown_kind_message, RuleValidator};
use super::{validate, Catalogue};
use crate::diagnostic::{Diagnostic, SourceFile};

/// Reads `dir/catalogue.toml` and every other `*.toml` beside it.
pub(crate) fn read_dir(dir: &Path) -> Result<Vec<CatalogueFile>, Vec<Diagnostic>> {
    let header_path = dir.join("catalogue.toml");
    let not_a_catalogue = |message: String| {
        vec![Diagnostic {
            code: CatalogueCode::MissingFile.code(),
            severity: CatalogueCode::MissingFile.severity(),
            file: header_path.display().to_string(),
            position: None,
            message,
            hint:
                "point --catalogue (or `catalogue validate`) at a folder that holds catalogue.toml"
                    .into(),
        }]
    };
    if !header_path.is_file() {
        return Err(not_a_catalogue(format!(
            "no catalogue.toml in `{}`",
            dir.display()
        )));
    }
    let entries = std::fs::read_dir(dir)
        .map_err(|e| not_a_catalogue(format!("cannot list `{}`: {e}", dir.display())))?;
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".toml") && n != "catalogue.toml")
        .collect();
    names.sort();
    names.insert(0, "catalogue.toml".to_string());
    Ok(names
        .into_iter()
        .map(|file_name| {
            let path = dir.join(&file_name);
            CatalogueFile {
                name: path.display().to_string(),
                text: std::fs::read_to_string(&path).ok(),
                file_name,
            }
        })
        .collect())
}

/// Entries of one content file, each with the byte offset of its `[[header]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    clause: Vec<Spanned<toml::Table>>,
    #[serde(default)]
    requirement: Vec<Spanned<toml::Table>>,
    #[serde(default)]
    document_type: Vec<Spanned<toml::Table>>,
    #[serde(default)]
    record_type: Vec<Spanned<toml::Table>>,
    #[serde(default)]
    framework: Vec<Spanned<toml::Table>>,
    #[serde(default)]
    crosswalk: Vec<Spanned<toml::Table>>,
    #[serde(default)]
    term: Vec<Spanned<toml::Table>>,
}

/// Loads and validates a catalogue from its files (`catalogue.toml` first), with `rules`
/// judging its evidence rules.
pub(crate) fn load_files(
    files: Vec<CatalogueFile>,
    rules: &dyn RuleValidator,
) -> Result<Catalogue, Vec<Diagnostic>> {
    let kind_names = rules.kind_names();
    let mut diagnostics = Vec::new();
    let mut sources = Vec::new();

    let header_file = &files[0];
    let header_source = SourceFile::new(
        header_file.name.clone(),
        header_file.text.clone().unwrap_or_default(),
    );
    let header = match &header_file.text {
        None => {
            diagnostics.push(diagnostic(
                CatalogueCode::MissingFile,
                &header_source,
                None,
                "cannot read the file as UTF-8 text".into(),
            ));
            None
        }
        Some(text) => parse_document::<CatalogueHeader>(&header_source, text, &mut diagnostics),
    };
    sources.push(header_source);

    // The header decides which files make up the catalogue and in what order; without a
    // readable header every other file found is checked, so one run still shows all problems.
    let listed: Vec<String> = match &header {
        Some(h) => h.files.clone(),
        None => files[1..].iter().map(|f| f.file_name.clone()).collect(),
    };
    let mut content = Content::default();
    for name in &listed {
        let Some(file) = files[1..].iter().find(|f| &f.file_name == name) else {
            diagnostics.push(diagnostic(
                CatalogueCode::MissingFile,
                &sources[0],
                Some(sources[0].find_key(0..sources[0].text.len(), "files")),
                format!("catalogue.toml lists `{name}`, but there is no such file"),
            ));
            continue;
        };
        let source = SourceFile::new(file.name.clone(), file.text.clone().unwrap_or_default());
        let file_index = sources.len();
        match &file.text {
            None => diagnostics.push(diagnostic(
                CatalogueCode::MissingFile,
                &source,
                None,
                "cannot read the file as UTF-8 text".into(),
            )),
            Some(text) => {
                if let Some(raw) = parse_document::<RawFile>(&source, text, &mut diagnostics) {
                    collect_entries(
                        &source,
                        file_index,
                        raw,
                        &kind_names,
                        &mut content,
                        &mut diagnostics,
                    );
                }
            }
        }
        sources.push(source);
    }

    let sha256 = {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        for source in &sources {
            let name = source
                .name
                .rsplit(['/', '\\'])
                .next()
                .unwrap_or(&source.name);
            hasher.update(name.as_bytes());
            hasher.update([0]);
            hasher.update(source.text.as_bytes());
            hasher.update([0]);
        }
        crate::domain::hex(&hasher.finalize())
    };
    let loaded = Loaded {
        sources,
        header,
        content,
    };
    diagnostics.extend(validate::validate(&loaded, rules));
    diagnostics
        .sort_by(|a, b| (a.severity, &a.file, a.position).cmp(&(b.severity, &b.file, b.position)));
    let (errors, warnings): (Vec<_>, Vec<_>) = diagnostics
        .into_iter()
        .partition(|d| d.severity == crate::diagnostic::Severity::Error);
    match loaded.header {
        Some(header) if errors.is_empty() => {
            Ok(Catalogue::new(header, loaded.content, warnings, sha256))
        }
        _ => Err(errors.into_iter().chain(warnings).collect()),
    }
}

/// Parses a whole document: syntax first (so a syntax error is reported as such), then shape.
fn parse_document<T: DeserializeOwned>(
    source: &SourceFile,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    if let Err(e) = text.parse::<toml::Table>() {
        diagnostics.push(diagnostic(
            CatalogueCode::Syntax,
            source,
            e.span().map(|s| s.start),
            format!("invalid TOML: {}", first_line(e.message())),
        ));
        return None;
    }
    match toml::from_str::<T>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let code = if e.message().starts_with("unknown field") {
                CatalogueCode::UnknownField
            } else {
                CatalogueCode::InvalidValue
            };
            diagnostics.push(diagnostic(
                code,
                source,
                e.span().map(|s| s.start),
                first_line(e.message()).to_string(),
            ));
            None
        }
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s).trim()
}

fn collect_entries(
    source: &SourceFile,
    file: usize,
    raw: RawFile,
    kind_names: &[&str],
    content: &mut Content,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut starts: Vec<usize> = [
        &raw.clause,
        &raw.requirement,
        &raw.document_type,
        &raw.record_type,
        &raw.framework,
        &raw.crosswalk,
        &raw.term,
    ]
    .iter()
    .flat_map(|v| v.iter().map(|s| s.span().start))
    .collect();
    starts.sort_unstable();
    let ctx = EntryContext {
        source,
        file,
        starts,
    };
    // Any name deserialises as a rule kind; a kind the registry does not know makes the
    // requirement fail to load, as an unknown enum variant did.
    let unknown_rule_kind = |r: &Requirement| {
        r.evidence.iter().enumerate().find_map(|(i, rule)| {
            (!kind_names.contains(&rule.kind.name())).then(|| {
                (
                    format!("evidence[{i}].kind"),
                    unknown_kind_message(rule.kind.name(), kind_names),
                )
            })
        })
    };
    ctx.typed(
        raw.clause,
        "clause",
        &mut content.clauses,
        &mut content.clause_locs,
        diagnostics,
        &mut content.clauses_of_broken_requirements,
        &accept_any,
    );
    ctx.typed(
        raw.requirement,
        "requirement",
        &mut content.requirements,
        &mut content.requirement_locs,
        diagnostics,
        &mut content.clauses_of_broken_requirements,
        &unknown_rule_kind,
    );
    ctx.typed(
        raw.document_type,
        "document_type",
        &mut content.document_types,
        &mut content.document_type_locs,
        diagnostics,
        &mut content.clauses_of_broken_requirements,
        &accept_any,
    );
    ctx.typed(
        raw.record_type,
        "record_type",
        &mut content.record_types,
        &mut content.record_type_locs,
        diagnostics,
        &mut content.clauses_of_broken_requirements,
        &accept_any,
    );
    ctx.typed(
        raw.framework,
        "framework",
        &mut content.frameworks,
        &mut content.framework_locs,
        diagnostics,
        &mut content.clauses_of_broken_requirements,
        &accept_any,
    );
    ctx.typed(
        raw.crosswalk,
        "crosswalk",
        &mut content.crosswalk,
        &mut content.crosswalk_locs,
        diagnostics,
        &mut content.clauses_of_broken_requirements,
        &accept_any,
    );
    ctx.typed(
        raw.term,
        "term",
        &mut content.terms,
        &mut content.term_locs,
        diagnostics,
        &mut content.clauses_of_broken_requirements,
        &accept_any,
    );
}

/// One file's entries being typed: where each entry starts, so its extent is known.
struct EntryContext<'a> {
    source: &'a SourceFile,
    file: usize,
    starts: Vec<usize>,
}

impl EntryContext<'_> {
    /// An entry runs from its `[[header]]` to the next entry's header.
    fn location(&self, start: usize) -> Location {
        let end = self
            .starts
            .iter()
            .find(|&&s| s > start)
            .copied()
            .unwrap_or(self.source.text.len());
        Location {
            file: self.file,
            range: start..end,
        }
    }

    /// Types every entry of one kind; an entry `vet` objects to (with the path of the key and
    /// a message) fails as one that does not deserialise does.
    #[allow(clippy::too_many_arguments)]
    fn typed<T: DeserializeOwned>(
        &self,
        items: Vec<Spanned<toml::Table>>,
        kind: &str,
        values: &mut Vec<T>,
        locs: &mut Vec<Location>,
        diagnostics: &mut Vec<Diagnostic>,
        broken: &mut Vec<String>,
        vet: &dyn Fn(&T) -> Option<(String, String)>,
    ) {
        for item in items {
            let loc = self.location(item.span().start);
            let table = item.into_inner();
            let clause = table
                .get("clause")
                .and_then(|v| v.as_str())
                .map(String::from);
            match entry(self.source, &loc, table, kind, vet, diagnostics) {
                Some(value) => {
                    values.push(value);
                    locs.push(loc);
                }
                None => broken.extend(clause),
            }
        }
    }
}

/// An entry vetting that objects to nothing.
fn accept_any<T>(_: &T) -> Option<(String, String)> {
    None
}

/// Deserialises one entry, turning a failure (or `vet`'s objection) into a diagnostic at the
/// offending key.
fn entry<T: DeserializeOwned>(
    source: &SourceFile,
    loc: &Location,
    table: toml::Table,
    kind: &str,
    vet: &dyn Fn(&T) -> Option<(String, String)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    let (path, message) = match serde_path_to_error::deserialize::<_, T>(toml::Value::Table(table))
    {
        Ok(v) => match vet(&v) {
            None => return Some(v),
            Some(objection) => objection,
        },
        Err(e) => (
            e.path().to_string(),
            first_line(e.inner().message()).to_string(),
        ),
    };
    let (code, offset) = locate(source, loc, &path, &message);
    let shown = if path.is_empty() || path == "." || message.starts_with("unknown field") {
        format!("in [[{kind}]]: {message}")
    } else {
        format!("in [[{kind}]], `{path}`: {message}")
    };
    diagnostics.push(diagnostic(code, source, Some(offset), shown));
    None
}

/// Finds the position of the key an entry-level error is about.
fn locate(
    source: &SourceFile,
    loc: &Location,
    path: &str,
    message: &str,
) -> (CatalogueCode, usize) {
    let mut range = loc.range.clone();
    // Narrow to the n-th nested array-of-tables entry for paths like `elements[2].text`.
    let mut last_key = None;
    for segment in path.split('.') {
        let (name, index) = match segment.split_once('[') {
            Some((name, rest)) => (name, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (segment, None),
        };
        if let Some(i) = index {
            let needle = format!(".{name}]]");
            let text = &source.text[range.clone()];
            if let Some(pos) = text.match_indices(&needle).nth(i).map(|(p, _)| p) {
                let line_start = text[..pos].rfind('\n').map_or(0, |p| p + 1);
                range = range.start + line_start..range.end;
            }
        }
        if !name.is_empty() {
            last_key = Some(name.to_string());
        }
    }
    if let Some(field) = backticked(message).filter(|_| message.starts_with("unknown field")) {
        return (CatalogueCode::UnknownField, source.find_key(range, &field));
    }
    if let Some(field) = backticked(message).filter(|_| message.starts_with("missing field")) {
        let _ = field;
        return (CatalogueCode::InvalidValue, loc.range.start);
    }
    let offset = match last_key {
        Some(key) => source.find_key(range, &key),
        None => loc.range.start,
    };
    (CatalogueCode::InvalidValue, offset)
}

fn backticked(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let end = start + message[start..].find('`')?;
    Some(message[start..end].to_string())
}
