//! Text longer than a format can hold is cut with a visible marker, never dropped silently
//! and never allowed to make a whole report fail: the full text is always in assessment.json.

/// A text cut to fit.
#[derive(Debug, Clone, PartialEq)]
pub struct Cut {
    /// The kept start and the marker, at most the limit in characters.
    pub text: String,
    /// The length of the whole text, in characters.
    pub original_chars: usize,
}

/// `text` cut to at most `max_chars` characters, marker included, or `None` when it fits.
pub fn fit(text: &str, max_chars: usize) -> Option<Cut> {
    let original_chars = text.chars().count();
    if original_chars <= max_chars {
        return None;
    }
    // The marker's length depends on the number it states, which depends on how much is
    // kept; the longest possible marker is reserved so the sum never exceeds the limit.
    let reserve = marker(original_chars).chars().count();
    let kept = max_chars.saturating_sub(reserve);
    let end = text.char_indices().nth(kept).map_or(text.len(), |(i, _)| i);
    let mut out = String::with_capacity(end + reserve * 3);
    out.push_str(&text[..end]);
    out.push_str(&marker(original_chars - kept));
    Some(Cut {
        text: out,
        original_chars,
    })
}

/// The marker that replaces `dropped` characters.
fn marker(dropped: usize) -> String {
    format!(
        "… [truncated, {} more characters: see assessment.json]",
        thousands(dropped)
    )
}

pub use crate::domain::thousands;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_is_cut_to_the_limit_with_a_marker() {
        let text = "服".repeat(50_000);
        let cut = fit(&text, 32_767).unwrap();
        assert!(cut.text.chars().count() <= 32_767);
        assert_eq!(cut.original_chars, 50_000);
        let kept = cut.text.chars().take_while(|c| *c == '服').count();
        assert!(cut.text.ends_with(&format!(
            "… [truncated, {} more characters: see assessment.json]",
            thousands(50_000 - kept)
        )));
        assert_eq!(fit("short", 10), None);
    }
}
