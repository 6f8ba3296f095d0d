//! Diagnostics about input files: what is wrong, where (file, line, column), and how to fix it.

use std::fmt;
use std::ops::Range;

use crate::console::Label;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The input cannot be used as it is.
    Error,
    /// The input can be used, but something is probably wrong.
    Warning,
}

impl From<Severity> for Label {
    fn from(severity: Severity) -> Self {
        match severity {
            Severity::Error => Label::Error,
            Severity::Warning => Label::Warning,
        }
    }
}

/// A position in a text file, 1-based, columns counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// Line number, from 1.
    pub line: usize,
    /// Column number in characters, from 1.
    pub column: usize,
}

/// A kind of diagnostic outside the catalogue's (manifest, workspace), as data: its stable
/// code, what it means and what to do, for `iso20k explain`.
#[derive(Debug)]
pub struct DiagnosticKind {
    /// Stable code, e.g. `MAN003`.
    pub code: &'static str,
    /// What the problem is (en, zh).
    pub title: (&'static str, &'static str),
    /// More about it (en, zh).
    pub explanation: (&'static str, &'static str),
    /// What to do (en, zh).
    pub hint: (&'static str, &'static str),
}

/// One problem found in an input, with a stable code and a one-line hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code, e.g. `CAT004`.
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// The file, as the user named it (relative where possible).
    pub file: String,
    /// Where in the file, when known.
    pub position: Option<Position>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        self.write_with_label(f, level)
    }
}

impl Diagnostic {
    /// The diagnostic as text, its label coloured when the console says so.
    pub fn to_console_text(&self) -> String {
        struct Labelled<'a>(&'a Diagnostic, String);
        impl fmt::Display for Labelled<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.write_with_label(f, &self.1)
            }
        }
        Labelled(self, crate::console::label(self.severity.into())).to_string()
    }

    /// The diagnostic as one JSON object: code, severity, message, file, line, column, help.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "code": self.code,
            "severity": match self.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            "message": self.message,
            "file": self.file,
            "line": self.position.map(|p| p.line),
            "column": self.position.map(|p| p.column),
            "help": (!self.hint.is_empty()).then_some(&self.hint),
        })
    }

    fn write_with_label(&self, f: &mut fmt::Formatter<'_>, level: &str) -> fmt::Result {
        match self.position {
            Some(p) => write!(
                f,
                "{}:{}:{}: ",
                crate::domain::printable(&self.file),
                p.line,
                p.column
            )?,
            None => write!(f, "{}: ", crate::domain::printable(&self.file))?,
        }
        // The file and the message may quote what a client wrote: no escape sequence of
        // theirs reaches the terminal.
        write!(
            f,
            "{level}[{}]: {}",
            self.code,
            crate::domain::printable(&self.message)
        )?;
        if !self.hint.is_empty() {
            write!(f, "\n  = help: {}", crate::domain::printable(&self.hint))?;
        }
        Ok(())
    }
}

/// A text file held in memory with a line index, so byte offsets can be turned into positions.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown in diagnostics.
    pub name: String,
    /// The full text.
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Indexes `text` under the display name `name`.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// The line and column of a byte offset (clamped to the text).
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line_index = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let line_start = self.line_starts[line_index];
        let mut column_end = offset;
        while !self.text.is_char_boundary(column_end) {
            column_end -= 1;
        }
        Position {
            line: line_index + 1,
            column: self.text[line_start..column_end].chars().count() + 1,
        }
    }

    /// Finds where `key` is assigned (`key =`, `key.x =` or `[key`) inside `range`, so a problem
    /// with a field can point at its line. Falls back to the start of the range.
    pub fn find_key(&self, range: Range<usize>, key: &str) -> usize {
        let range = range.start.min(self.text.len())..range.end.min(self.text.len());
        let slice = &self.text[range.clone()];
        let mut at_line_start = true;
        let mut offset = 0;
        for line in slice.split_inclusive('\n') {
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            if at_line_start {
                let rest = trimmed.strip_prefix(key).unwrap_or("");
                let is_assignment = trimmed.starts_with(key)
                    && rest
                        .chars()
                        .next()
                        .is_some_and(|c| c == '=' || c == '.' || c == ' ' || c == '\t');
                if is_assignment {
                    return range.start + offset + indent;
                }
                // Inline tables: `mappings = { iso20000_2018 = [...] }`.
                if let Some(pos) = find_inline_key(trimmed, key) {
                    return range.start + offset + indent + pos;
                }
            }
            at_line_start = line.ends_with('\n');
            offset += line.len();
        }
        range.start
    }
}

fn find_inline_key(line: &str, key: &str) -> Option<usize> {
    let brace = line.find('{')?;
    let mut search_from = brace;
    while let Some(found) = line[search_from..].find(key) {
        let pos = search_from + found;
        let before = line[..pos].chars().next_back();
        let after = line[pos + key.len()..].trim_start().chars().next();
        if matches!(before, Some(' ' | '{' | ',')) && matches!(after, Some('=' | '.')) {
            return Some(pos);
        }
        search_from = pos + key.len();
    }
    None
}

/// Writes diagnostics to stderr, one per paragraph, and a closing count; or, when the
/// console asks for JSON, one JSON object per line and no count.
pub fn report(diagnostics: &[Diagnostic]) {
    if crate::console::json_diagnostics() {
        for d in diagnostics {
            eprintln!("{}", d.to_json());
        }
        return;
    }
    for d in diagnostics {
        eprintln!("{}", d.to_console_text());
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    if errors + warnings > 0 {
        eprintln!("{errors} error(s), {warnings} warning(s)");
    }
}

/// Writes a failure that is not about a place in a file as a JSON diagnostic line: no code,
/// file or line.
pub fn report_message_json(message: &str) {
    let value = serde_json::json!({
        "code": null,
        "severity": "error",
        "message": message,
        "file": null,
        "line": null,
        "column": null,
        "help": null,
    });
    eprintln!("{value}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let src = SourceFile::new("t.toml", "a = 1\ntitle = \"事件\" x\n");
        let offset = src.text.find('x').unwrap();
        assert_eq!(
            src.position(offset),
            Position {
                line: 2,
                column: 14
            }
        );
        assert_eq!(src.position(0), Position { line: 1, column: 1 });
    }

    #[test]
    fn find_key_locates_dotted_and_inline_keys() {
        let text = "[[requirement]]\nid = \"x\"\ntext.zh = \"\"\nmappings = { iso20000_2018 = [\"9.9\"] }\n";
        let src = SourceFile::new("t.toml", text);
        let at = src.find_key(0..text.len(), "text");
        assert_eq!(src.position(at).line, 3);
        let at = src.find_key(0..text.len(), "iso20000_2018");
        assert_eq!(
            src.position(at),
            Position {
                line: 4,
                column: 14
            }
        );
        assert_eq!(src.find_key(0..text.len(), "absent"), 0);
    }
}
