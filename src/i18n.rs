//! Languages and bilingual text.

use serde::{Deserialize, Serialize};

/// A language the tool can write in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

/// A text in English and Chinese. Either side may be empty in a file being validated; the
/// catalogue validator reports that, so code past validation can rely on both being present.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// English text.
    #[serde(default)]
    pub en: String,
    /// Chinese text.
    #[serde(default)]
    pub zh: String,
}

impl Text {
    /// Builds a text from both languages.
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Text {
            en: en.into(),
            zh: zh.into(),
        }
    }

    /// The text in `lang`, falling back to English when that side is empty.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh if !self.zh.trim().is_empty() => &self.zh,
            _ => &self.en,
        }
    }

    /// Whether both sides are empty or blank.
    pub fn is_empty(&self) -> bool {
        self.en.trim().is_empty() && self.zh.trim().is_empty()
    }

    /// Which languages are missing (empty or blank).
    pub fn missing(&self) -> Vec<Lang> {
        let mut out = Vec::new();
        if self.en.trim().is_empty() {
            out.push(Lang::En);
        }
        if self.zh.trim().is_empty() {
            out.push(Lang::Zh);
        }
        out
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        })
    }
}

/// An English title as it reads inside a sentence: lower case, except acronyms and codes
/// that keep their capitals ("SMS scope statement" → "SMS scope statement", "Capacity plan"
/// → "capacity plan", "CI-type definitions" → "CI-type definitions").
pub fn in_sentence(title: &str) -> String {
    title
        .split(' ')
        .map(|word| {
            let capitals = word.chars().filter(|c| c.is_uppercase()).count();
            let acronym = capitals >= 2
                || word.chars().any(|c| c.is_ascii_digit())
                || (capitals == 1 && word.len() == 1 && word != "A");
            if acronym {
                word.to_string()
            } else {
                word.to_lowercase()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A count of months in words: `1 month`, `3 months`; `1个月`, `3个月`.
pub fn months(n: i64) -> Text {
    Text::new(
        if n == 1 {
            "1 month".to_string()
        } else {
            format!("{n} months")
        },
        format!("{n}个月"),
    )
}

/// A count of days in words: `1 day`, `30 days`; `1天`, `30天`.
pub fn days(n: i64) -> Text {
    Text::new(
        if n == 1 {
            "1 day".to_string()
        } else {
            format!("{n} days")
        },
        format!("{n}天"),
    )
}

/// Display width of `s` in a terminal: East Asian wide characters take two columns.
pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

/// `s` followed by spaces up to `width` display columns.
pub fn pad(s: &str, width: usize) -> String {
    let mut out = s.to_string();
    out.extend(std::iter::repeat_n(
        ' ',
        width.saturating_sub(display_width(s)),
    ));
    out
}

/// A clause number with its title, or just the title for named processes (ITIL ids).
pub fn id_and_title(id: &str, title: &str) -> String {
    let numbered = id.starts_with(|c: char| c.is_ascii_digit());
    match (numbered, title.is_empty()) {
        (_, true) => id.to_string(),
        (true, false) => format!("{id} {title}"),
        (false, false) => title.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_in_sentences_keep_their_acronyms() {
        assert_eq!(in_sentence("SMS scope statement"), "SMS scope statement");
        assert_eq!(in_sentence("Capacity plan"), "capacity plan");
        assert_eq!(in_sentence("CI-type definitions"), "CI-type definitions");
        assert_eq!(
            in_sentence("Service Level Agreements (SLA)"),
            "service level agreements (SLA)"
        );
        assert_eq!(
            in_sentence("Change management policy"),
            "change management policy"
        );
    }

    #[test]
    fn counts_agree_with_their_units() {
        assert_eq!(months(1).en, "1 month");
        assert_eq!(months(3).en, "3 months");
        assert_eq!(months(1).zh, "1个月");
        assert_eq!(days(1).en, "1 day");
        assert_eq!(days(30).zh, "30天");
    }
}
