//! Structure checks of a CSV file as its records are read. A quote that is never closed
//! makes a CSV parser (and a spreadsheet) fold every following line into one field: a
//! thousand incidents become "2 rows" with no error. Each record is looked at as it is read,
//! and a quoted field that spans too many lines, holds lines that look like rows, or runs to
//! the end of the file is reported with the line where its quote opened.

/// A quoted field spanning more lines than this is reported, when its record has not as many
/// fields as the header, even if its lines do not look like rows: a long note (Jira keeps
/// whole e-mail threads in one field) in a record of the right width is a note.
const MAX_FIELD_LINES: usize = 200;

/// Lines inside one field that look like rows before the field is reported.
const FOLDED_ROWS: usize = 2;

/// One problem found, at a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StructureNote {
    /// The line where the offending quote opened (1-based).
    pub line: u64,
    /// What is wrong and what to do.
    pub message: String,
}

/// The checker's state while a file is read.
#[derive(Debug)]
pub struct CsvStructure {
    delimiter: char,
    /// Delimiters in the header line: a line inside a field with as many looks like a row.
    header_delimiters: usize,
    /// The last record that held a line break: where it starts (line, byte) and the field.
    last_multiline: Option<Multiline>,
    notes: Vec<StructureNote>,
}

#[derive(Debug, Clone, Copy)]
struct Multiline {
    /// Line where the field's quote opened.
    line: u64,
    /// Byte offset where the record starts.
    record_byte: u64,
    /// Lines the field spans.
    lines: usize,
}

impl CsvStructure {
    /// A checker for a file whose first line is `header_line`, split on `delimiter`.
    pub fn new(delimiter: u8, header_line: &str) -> CsvStructure {
        let delimiter = delimiter as char;
        CsvStructure {
            delimiter,
            header_delimiters: header_line.matches(delimiter).count(),
            last_multiline: None,
            notes: Vec::new(),
        }
    }

    /// Looks at one record, which starts at `line` and byte `byte` of the text: `fields` are
    /// the fields read (a reader may keep only the first ones), `count` how many it had.
    pub fn observe(&mut self, fields: &[String], count: usize, line: u64, byte: u64) {
        let mut line_of_field = line;
        self.last_multiline = None;
        for field in fields.iter() {
            let breaks = field.matches('\n').count();
            if breaks == 0 {
                continue;
            }
            let lines = breaks + 1;
            self.last_multiline = Some(Multiline {
                line: line_of_field,
                record_byte: byte,
                lines,
            });
            let row_like = if self.header_delimiters >= 2 {
                field
                    .lines()
                    .skip(1)
                    .filter(|l| l.matches(self.delimiter).count() >= self.header_delimiters)
                    .count()
            } else {
                0
            };
            let misaligned = count != self.header_delimiters + 1;
            if row_like >= FOLDED_ROWS || (lines > MAX_FIELD_LINES && misaligned) {
                let why = if row_like >= FOLDED_ROWS {
                    format!("holds {row_like} lines that look like rows")
                } else {
                    "is longer than any real note".to_string()
                };
                self.notes.push(StructureNote {
                    line: line_of_field,
                    message: format!(
                        "a quoted field opened on line {line_of_field} runs over {lines} lines and {why}: a quote is probably not closed, and the rows after it are folded into this one field (a spreadsheet shows the same); fix the quotes near line {line_of_field} and export again"
                    ),
                });
            }
            line_of_field += breaks as u64;
        }
    }

    /// The notes, once the whole of `text` is read: a last record that ends inside a quoted
    /// field ran into the end of the file.
    pub fn finish(mut self, text: &[u8]) -> Vec<StructureNote> {
        if let Some(last) = self.last_multiline {
            let rest = text.get(last.record_byte as usize..).unwrap_or_default();
            if ends_inside_quotes(rest, self.delimiter as u8) {
                let message = format!(
                    "a quote opened on line {} is never closed: the last {} lines of the file were read as one field of one row, so this table has fewer rows than the file has lines; close the quote and export again",
                    last.line, last.lines
                );
                self.notes.retain(|n| n.line != last.line);
                self.notes.push(StructureNote {
                    line: last.line,
                    message,
                });
            }
        }
        self.notes
    }
}

/// Whether CSV text, read from the start of a record, ends inside a quoted field (the
/// states of an RFC 4180 reader with doubled quotes, as the `csv` crate reads).
fn ends_inside_quotes(text: &[u8], delimiter: u8) -> bool {
    #[derive(PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::FieldStart;
    for &b in text {
        state = match state {
            State::FieldStart if b == b'"' => State::Quoted,
            State::FieldStart | State::Unquoted | State::QuoteInQuoted
                if b == delimiter || b == b'\n' =>
            {
                State::FieldStart
            }
            State::Quoted if b == b'"' => State::QuoteInQuoted,
            State::Quoted => State::Quoted,
            State::QuoteInQuoted if b == b'"' => State::Quoted,
            _ => State::Unquoted,
        };
    }
    state == State::Quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notes(text: &str) -> Vec<StructureNote> {
        let header = text.lines().next().unwrap_or("");
        let mut check = CsvStructure::new(b',', header);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut record = csv::StringRecord::new();
        while reader.read_record(&mut record).unwrap() {
            let p = record.position().unwrap().clone();
            let fields: Vec<String> = record.iter().map(str::to_string).collect();
            check.observe(&fields, fields.len(), p.line(), p.byte());
        }
        check.finish(text.as_bytes())
    }

    #[test]
    fn an_unclosed_quote_is_reported_at_its_line() {
        let mut text =
            String::from("number,opened,state\nINC1,2026-01-01,New\nINC2,\"2026-01-02,New\n");
        for i in 3..50 {
            text.push_str(&format!("INC{i},2026-01-03,New\n"));
        }
        let found = notes(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, 3);
        assert!(
            found[0].message.contains("never closed"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn genuine_multi_line_notes_pass() {
        let text =
            "number,notes,state\nINC1,\"line one\nline two\nline three\",New\nINC2,x,Closed\n";
        assert_eq!(notes(text), vec![]);
    }

    #[test]
    fn a_long_note_in_a_record_of_the_right_width_passes() {
        let note: Vec<String> = (0..400).map(|i| format!("reply {i}: see above")).collect();
        let text = format!(
            "Summary,Issue key,Description,Status\nMail down,IT-1,\"{}\",Done\nVPN,IT-2,short,Done\n",
            note.join("\n")
        );
        assert_eq!(notes(&text), vec![]);
        // The same note where the record comes out one field short is reported.
        let short = format!(
            "Summary,Issue key,Description,Status\nMail down,IT-1,\"{}\"\nVPN,IT-2,short,Done\n",
            note.join("\n")
        );
        assert_eq!(notes(&short).len(), 1);
    }

    #[test]
    fn a_quote_closed_far_below_folds_rows_and_is_reported() {
        let text = "number,notes,state\nINC1,\"broken,New\nINC2,a,Closed\nINC3,b,Closed\nINC4,\"fine\",New\n";
        let found = notes(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, 2);
        assert!(
            found[0].message.contains("look like rows"),
            "{}",
            found[0].message
        );
    }
}
