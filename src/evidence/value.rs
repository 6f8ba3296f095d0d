//! Normalising the coded values of exports: priorities, impact and urgency levels, booleans.

/// Reads a priority (1 = most urgent … 5): `1 - Critical`, `P1`, `Priority 2`, `High`, `高`,
/// Jira's `Highest` … `Lowest`, OTRS's `5 very high` (a reversed scale).
pub fn priority(raw: &str) -> Option<u8> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    if contains_ignore_ascii_case(s, "very high") {
        return Some(1);
    }
    if contains_ignore_ascii_case(s, "very low") {
        return Some(5);
    }
    if let Some(n) = leading_number(s) {
        return priority_number(n.into());
    }
    let words: &[(&str, u8)] = &[
        ("critical", 1),
        ("highest", 1),
        ("urgent", 1),
        ("紧急", 1),
        ("特急", 1),
        ("最高", 1),
        ("严重", 1),
        ("high", 2),
        ("高", 2),
        ("moderate", 3),
        ("medium", 3),
        ("normal", 3),
        ("中", 3),
        ("一般", 3),
        ("lowest", 5),
        ("planning", 5),
        ("最低", 5),
        ("low", 4),
        ("低", 4),
    ];
    words
        .iter()
        .find(|(w, _)| contains_ignore_ascii_case(s, w))
        .map(|&(_, n)| n)
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
    if contains_ignore_ascii_case(s, "very high") {
        return Some(1);
    }
    if let Some(n) = leading_number(s) {
        return level_number(n.into());
    }
    let words: &[(&str, u8)] = &[
        ("critical", 1),
        ("extensive", 1),
        ("widespread", 1),
        ("high", 1),
        ("高", 1),
        ("significant", 2),
        ("medium", 2),
        ("moderate", 2),
        ("中", 2),
        ("low", 3),
        ("minor", 3),
        ("低", 3),
    ];
    words
        .iter()
        .find(|(w, _)| contains_ignore_ascii_case(s, w))
        .map(|&(_, n)| n)
}

/// Reads a yes/no value: `true`/`false`, `yes`/`no`, `y`/`n`, `1`/`0`, `是`/`否`, `✓`.
pub fn boolean(raw: &str) -> Option<bool> {
    const YES: &[&str] = &[
        "true", "yes", "y", "1", "是", "有", "✓", "✔", "x", "t", "已", "对",
    ];
    const NO: &[&str] = &["false", "no", "n", "0", "否", "无", "f", "未", "不"];
    let s = raw.trim();
    // Only ASCII letters have case here, so an ASCII-insensitive match needs no lowercasing.
    if YES.iter().any(|w| s.eq_ignore_ascii_case(w)) {
        Some(true)
    } else if NO.iter().any(|w| s.eq_ignore_ascii_case(w)) {
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
