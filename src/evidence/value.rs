//! Normalising the coded values of exports: priorities, impact and urgency levels, booleans.

/// Reads a priority (1 = most urgent … 5): `1 - Critical`, `P1`, `Priority 2`, `High`, `高`,
/// Jira's `Highest` … `Lowest`, OTRS's `5 very high` (a reversed scale).
pub fn priority(raw: &str) -> Option<u8> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    let number = leading_number(s).and_then(|n| priority_number(n.into()));
    let word = vocabulary().priority.word_in(s);
    match (number, word) {
        // OTRS numbers its priorities the other way round: `5 very high`, `1 very low`.
        (Some(n), Some(w)) if w != n && w == 6 - n => Some(w),
        (Some(n), _) => Some(n),
        (None, w) => w,
    }
}

/// A priority written as a number: 1 to 5, and 6 (some tools' "planning") read as 5.
pub fn priority_number(n: i64) -> Option<u8> {
    (1..=6).contains(&n).then(|| n.min(5) as u8)
}

/// An impact or urgency level written as a number, 1 to 5.
pub fn level_number(n: i64) -> Option<u8> {
    (1..=5).contains(&n).then_some(n as u8)
}

/// Reads an impact or urgency level (1 = highest): `1 - High`, `2-Significant/Large`, `High`,
/// `Medium`, `Low`, `高`/`中`/`低`.
pub fn level(raw: &str) -> Option<u8> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    if let Some(n) = leading_number(s) {
        return level_number(n.into());
    }
    // Levels run 1 to 3 in words; a "very high" reads as the highest.
    vocabulary().level.word_in(s)
}

/// Reads a yes/no value: `true`/`false`, `yes`/`no`, `y`/`n`, `1`/`0`, `是`/`否`, `✓`.
pub fn boolean(raw: &str) -> Option<bool> {
    let s = raw.trim();
    let v = vocabulary();
    // Lower-cased once, and only when ASCII case-folding cannot do (`NÃO`, `Sì`).
    let folded = (!s.is_ascii()).then(|| s.to_lowercase());
    let is = |words: &[String]| {
        words.iter().any(|w| match &folded {
            Some(f) => f == w,
            None => s.eq_ignore_ascii_case(w),
        })
    };
    if is(&v.yes) {
        Some(true)
    } else if is(&v.no) {
        Some(false)
    } else {
        None
    }
}

/// Reads a duration as seconds: `1:04:35` or `64:35` (hours and minutes, or minutes and
/// seconds when there are two parts… read as hours:minutes), `2 Days 3 Hours 4 Minutes`,
/// `1d 4h 30m 5s`, ServiceNow's `1970-01-01 01:04:35` (a duration exported as a date since
/// the epoch), `3天2小时`, or plain seconds.
pub fn duration_seconds(raw: &str) -> Option<f64> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(n) = s.parse::<f64>() {
        return Some(n);
    }
    if let Some(rest) = s.strip_prefix("1970-01-") {
        // `1970-01-02 03:04:05` is one day, three hours …
        let (day, clock) = rest.split_once([' ', 'T'])?;
        let day: f64 = day.parse().ok()?;
        return Some((day - 1.0) * 86_400.0 + clock_seconds(clock)?);
    }
    if s.contains(':')
        && s.chars()
            .all(|c| c.is_ascii_digit() || c == ':' || c == '.')
    {
        return clock_seconds(s);
    }
    // Amounts with units: `2 Days 3 Hours`, `1d 4h`, `3天2小时`.
    let units: &[(&str, f64)] = &[
        ("day", 86_400.0),
        ("d", 86_400.0),
        ("天", 86_400.0),
        ("hour", 3600.0),
        ("hr", 3600.0),
        ("h", 3600.0),
        ("小时", 3600.0),
        ("时", 3600.0),
        ("minute", 60.0),
        ("min", 60.0),
        ("m", 60.0),
        ("分钟", 60.0),
        ("分", 60.0),
        ("second", 1.0),
        ("sec", 1.0),
        ("s", 1.0),
        ("秒", 1.0),
    ];
    let lower = s.to_lowercase();
    let mut total = 0.0;
    let mut found = false;
    let mut rest = lower.as_str();
    while !rest.is_empty() {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        let len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if len == 0 {
            return None;
        }
        let amount: f64 = rest[..len].parse().ok()?;
        rest = rest[len..].trim_start();
        let (unit, factor) = units.iter().find(|(u, _)| rest.starts_with(u))?;
        // Skip the rest of the unit word (`Hours`, `mins`).
        rest = rest[unit.len()..].trim_start_matches(|c: char| c.is_ascii_alphabetic());
        total += amount * factor;
        found = true;
    }
    found.then_some(total)
}

/// `h:mm[:ss]` as seconds.
fn clock_seconds(s: &str) -> Option<f64> {
    let parts: Vec<f64> = s
        .split(':')
        .map(|p| p.parse::<f64>().ok())
        .collect::<Option<_>>()?;
    match parts[..] {
        [h, m] => Some(h * 3600.0 + m * 60.0),
        [h, m, sec] => Some(h * 3600.0 + m * 60.0 + sec),
        _ => None,
    }
}

/// The vocabulary of `vocabulary.toml`, parsed once.
pub fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: std::sync::OnceLock<Vocabulary> = std::sync::OnceLock::new();
    VOCABULARY.get_or_init(|| {
        let file: VocabularyFile =
            toml::from_str(VOCABULARY_SOURCE).expect("vocabulary.toml is valid (checked by tests)");
        Vocabulary {
            priority: Scale::new(file.priority),
            level: Scale::new(file.level),
            yes: file.yes_no.yes.iter().map(|w| w.to_lowercase()).collect(),
            no: file.yes_no.no.iter().map(|w| w.to_lowercase()).collect(),
            words: file.words.lowered(),
        }
    })
}

/// The words of values, as shipped (`iso20k fields` lists them).
pub const VOCABULARY_SOURCE: &str = include_str!("vocabulary.toml");

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct VocabularyFile {
    priority: std::collections::BTreeMap<String, Vec<String>>,
    level: std::collections::BTreeMap<String, Vec<String>>,
    yes_no: YesNo,
    words: Words,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct YesNo {
    yes: Vec<String>,
    no: Vec<String>,
}

/// Words the record checks look for inside a value, in every language of the vocabulary.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    /// A state saying the record is finished (closed, resolved, done).
    pub closed: Vec<String>,
    /// A change or release type saying it was an emergency.
    pub emergency: Vec<String>,
    /// A change type saying it was a standard (pre-approved) change.
    pub standard: Vec<String>,
    /// An outcome or test result saying it failed or was backed out.
    pub failed: Vec<String>,
    /// A category saying the record concerns information security.
    pub security: Vec<String>,
    /// A risk rating of high or above.
    pub high_risk: Vec<String>,
    /// A status saying the record ended other than by closure (a contract no longer in force,
    /// a cancelled ticket).
    pub ended: Vec<String>,
    /// An approval field saying approved.
    pub approved: Vec<String>,
    /// An approval field saying not (or not yet) approved; wins over `approved`.
    pub not_approved: Vec<String>,
}

impl Words {
    fn lowered(self) -> Words {
        let low = |v: Vec<String>| v.into_iter().map(|w| w.to_lowercase()).collect();
        Words {
            closed: low(self.closed),
            emergency: low(self.emergency),
            standard: low(self.standard),
            failed: low(self.failed),
            security: low(self.security),
            high_risk: low(self.high_risk),
            ended: low(self.ended),
            approved: low(self.approved),
            not_approved: low(self.not_approved),
        }
    }

    /// Every set with its name, in file order (`iso20k fields` lists them).
    pub fn sets(&self) -> [(&'static str, &[String]); 9] {
        [
            ("closed", &self.closed),
            ("emergency", &self.emergency),
            ("standard", &self.standard),
            ("failed", &self.failed),
            ("security", &self.security),
            ("high risk", &self.high_risk),
            ("ended", &self.ended),
            ("approved", &self.approved),
            ("not approved", &self.not_approved),
        ]
    }
}

/// The words of the values exports use, by field type.
#[derive(Debug)]
pub struct Vocabulary {
    /// Priority words, 1 (highest) to 5.
    pub priority: Scale,
    /// Impact and urgency words, 1 (highest) to 3.
    pub level: Scale,
    /// Whole values that mean yes.
    pub yes: Vec<String>,
    /// Whole values that mean no.
    pub no: Vec<String>,
    /// Words looked for inside states, types, outcomes and approvals.
    pub words: Words,
}

/// Words and the rank each means, longest word first.
#[derive(Debug)]
pub struct Scale {
    words: Vec<(String, u8)>,
}

impl Scale {
    fn new(by_rank: std::collections::BTreeMap<String, Vec<String>>) -> Scale {
        let mut words: Vec<(String, u8)> = by_rank
            .into_iter()
            .flat_map(|(rank, words)| {
                let rank: u8 = rank.parse().expect("ranks are numbers (checked by tests)");
                words.into_iter().map(move |w| (w.to_lowercase(), rank))
            })
            .collect();
        words.sort_by(|a, b| b.0.chars().count().cmp(&a.0.chars().count()).then(a.cmp(b)));
        Scale { words }
    }

    /// The rank of the longest word `value` contains, ignoring case.
    pub fn word_in(&self, value: &str) -> Option<u8> {
        let lower;
        let value = if value.is_ascii() {
            value
        } else {
            lower = value.to_lowercase();
            &lower
        };
        self.words
            .iter()
            .find(|(w, _)| contains_ignore_ascii_case(value, w))
            .map(|(_, rank)| *rank)
    }

    /// Every word with its rank, highest rank first.
    pub fn words(&self) -> Vec<(&str, u8)> {
        let mut all: Vec<(&str, u8)> = self.words.iter().map(|(w, r)| (w.as_str(), *r)).collect();
        all.sort_by_key(|(_, r)| *r);
        all
    }
}

/// Whether `haystack` contains `needle`, ignoring ASCII case (the words matched are ASCII
/// or Chinese, which has no case), without allocating.
fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    n.len() <= h.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

fn leading_number(s: &str) -> Option<u8> {
    let s = match s.get(..8) {
        Some(head) if head.eq_ignore_ascii_case("priority") => &s[8..],
        _ => s,
    };
    let s = s.trim_start_matches(|c: char| c == 'p' || c == 'P' || c == '#' || c.is_whitespace());
    let len = s.bytes().take_while(u8::is_ascii_digit).count();
    let digits = &s[..len];
    if digits.is_empty() || digits.len() > 2 {
        return None;
    }
    let rest = &s[digits.len()..];
    // `3.5` or `30%` are numbers, not codes.
    if rest.starts_with('.') && rest[1..].starts_with(|c: char| c.is_ascii_digit())
        || rest.starts_with('%')
    {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {

    #[test]
    fn values_are_read_in_the_languages_clients_export_in() {
        for (raw, rank) in [
            ("Muito alta", 1),
            ("Alta", 2),
            ("Média", 3),
            ("MÉDIA", 3),
            ("Baixa", 4),
            ("Muito baixa", 5),
            ("Muy alta", 1),
            ("Très haute", 1),
            ("Sehr hoch", 1),
            ("Zeer laag", 5),
            ("紧急", 1),
            ("Highest", 1),
            ("Lowest", 5),
            ("1 - Critical", 1),
            ("P2", 2),
            // OTRS counts the other way round.
            ("5 very high", 1),
            ("4 high", 2),
            ("3 normal", 3),
            ("1 very low", 5),
        ] {
            assert_eq!(priority(raw), Some(rank), "{raw}");
        }
        assert_eq!(
            priority("Atendimento 8H"),
            None,
            "an SLA name is no priority"
        );
        assert_eq!(level("Alta"), Some(1));
        assert_eq!(level("Baixa"), Some(3));
        for (raw, yes) in [
            ("Sim", true),
            ("Não", false),
            ("Ja", true),
            ("Nee", false),
            ("是", true),
            ("Oui", true),
            ("Nein", false),
        ] {
            assert_eq!(boolean(raw), Some(yes), "{raw}");
        }
        assert_eq!(boolean("Atendimento 8H"), None);
        // Every rank of the data file is a number in range.
        assert!(vocabulary()
            .priority
            .words()
            .iter()
            .all(|(_, r)| (1..=5).contains(r)));
        assert!(vocabulary()
            .level
            .words()
            .iter()
            .all(|(_, r)| (1..=3).contains(r)));
    }

    use super::*;

    #[test]
    fn priorities_from_every_tool() {
        for (raw, want) in [
            ("1 - Critical", 1),
            ("2 - High", 2),
            ("5 - Planning", 5),
            ("P3", 3),
            ("Priority 4", 4),
            ("Highest", 1),
            ("Lowest", 5),
            ("Medium", 3),
            ("高", 2),
            ("紧急", 1),
            ("5 very high", 1),
            ("1 very low", 5),
        ] {
            assert_eq!(priority(raw), Some(want), "{raw}");
        }
        assert_eq!(priority(""), None);
        assert_eq!(priority("whenever"), None);
    }

    #[test]
    fn durations_as_exports_write_them() {
        for (raw, seconds) in [
            ("1:04:35", 3875.0),
            ("0:30", 1800.0),
            (
                "2 Days 3 Hours 4 Minutes",
                2.0 * 86_400.0 + 3.0 * 3600.0 + 240.0,
            ),
            ("1d 4h 30m 5s", 86_400.0 + 4.0 * 3600.0 + 1800.0 + 5.0),
            ("1970-01-02 01:04:35", 86_400.0 + 3875.0),
            ("3天2小时", 3.0 * 86_400.0 + 7200.0),
            ("5400", 5400.0),
        ] {
            assert_eq!(duration_seconds(raw), Some(seconds), "{raw}");
        }
        assert_eq!(duration_seconds("soon"), None);
        assert_eq!(duration_seconds("2 fortnights"), None);
    }

    #[test]
    fn levels_and_booleans() {
        assert_eq!(level("1 - High"), Some(1));
        assert_eq!(level("3 - Low"), Some(3));
        assert_eq!(level("1-Extensive/Widespread"), Some(1));
        assert_eq!(level("Medium"), Some(2));
        assert_eq!(level("低"), Some(3));
        assert_eq!(boolean("Yes"), Some(true));
        assert_eq!(boolean("是"), Some(true));
        assert_eq!(boolean("false"), Some(false));
        assert_eq!(boolean("maybe"), None);
    }
}
