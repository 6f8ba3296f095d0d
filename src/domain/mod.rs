//! The bottom layer: values every other part of the tool shares — dates as exports write
//! them, digests, what an engagement is (its kind, scope and team), and the marker that
//! tells the tool's own reports from evidence (written by the reports, read by the walker).
//!
//! It imports nothing from the rest of the crate, so the catalogue, the evidence reader, the
//! checker and the reports can all build on it without depending on one another (a test in
//! `tests/layering.rs` keeps it that way).

pub mod date;
pub mod engagement;
pub mod marker;
pub mod worksheet;

/// Lower-case hexadecimal of `bytes` (how every SHA-256 in the tool is written).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `12345` as `12,345` (counts in messages and reports).
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Spreadsheet column letters for a 0-based index (0 → A, 27 → AB).
pub fn column_letters(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_are_grouped_by_commas() {
        assert_eq!(super::thousands(1_234_567), "1,234,567");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(0), "0");
    }
}

/// The candidate closest to `word` by edit distance (case folded), when it is close enough to
/// be what was meant: at most a third of the word's length apart, and at least one edit
/// nearer than any other candidate would not matter. For "did you mean" hints.
pub fn nearest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let word = word.trim().to_lowercase();
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, c.len()))
        .map(|(_, c)| c)
}

/// Levenshtein distance between two strings, counted in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod nearest_tests {
    use super::nearest;

    #[test]
    fn a_misspelt_name_finds_the_one_meant() {
        let fields = ["opened_at", "resolved_at", "closed_at", "priority"];
        assert_eq!(nearest("opend_at", fields), Some("opened_at"));
        assert_eq!(nearest("Priorty", fields), Some("priority"));
        assert_eq!(nearest("assignee", fields), None);
    }
}

/// `text` safe to write to a terminal: every control character but line breaks and tabs is
/// shown as `\u{…}`, so a file name or a cell holding an escape sequence can neither
/// retitle, clear nor recolour the user's terminal, nor hide what follows it.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\t'))
    {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if c.is_control() && !matches!(c, '\n' | '\t') {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}
