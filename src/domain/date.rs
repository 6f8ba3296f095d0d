//! Dates and times as ITSM exports write them, normalised to one comparable value.
//!
//! Exports carry no reliable zone, so a [`Timestamp`] is the wall-clock time as written
//! (an offset, when present, is ignored): comparing two fields of one export stays correct.

use std::fmt;

/// A wall-clock date and time, in seconds since 1970-01-01T00:00:00.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Days from 1970-01-01 to a civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

impl Timestamp {
    /// Builds a timestamp from its parts, rejecting impossible dates.
    pub fn from_parts(y: i64, m: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<Timestamp> {
        if !(1900..=2200).contains(&y) || !(1..=12).contains(&m) || d == 0 {
            return None;
        }
        if d > days_in_month(y, m) || h > 23 || mi > 59 || s > 60 {
            return None;
        }
        let days = days_from_civil(y, m, d);
        Some(Timestamp(
            days * 86_400 + h as i64 * 3600 + mi as i64 * 60 + s.min(59) as i64,
        ))
    }

    /// Midnight of a date.
    pub fn from_ymd(y: i64, m: u32, d: u32) -> Option<Timestamp> {
        Timestamp::from_parts(y, m, d, 0, 0, 0)
    }

    /// An Excel serial date (1900 date system, as spreadsheets store dates).
    pub fn from_excel_serial(serial: f64) -> Option<Timestamp> {
        if !(1.0..2_958_466.0).contains(&serial) {
            return None;
        }
        // Serial 25569 is 1970-01-01; Excel's phantom 1900-02-29 only shifts dates before March 1900.
        let seconds = ((serial - 25569.0) * 86_400.0).round() as i64;
        let t = Timestamp(seconds);
        let (y, _, _) = t.ymd();
        (1900..=2200).contains(&y).then_some(t)
    }

    /// Year, month, day.
    pub fn ymd(self) -> (i64, u32, u32) {
        civil_from_days(self.0.div_euclid(86_400))
    }

    /// Hours, minutes, seconds.
    pub fn hms(self) -> (u32, u32, u32) {
        let s = self.0.rem_euclid(86_400) as u32;
        (s / 3600, s / 60 % 60, s % 60)
    }

    /// Midnight of the same day.
    pub fn day(self) -> Timestamp {
        Timestamp(self.0.div_euclid(86_400) * 86_400)
    }

    /// `YYYY-MM-DD`.
    pub fn date_string(self) -> String {
        let (y, m, d) = self.ymd();
        format!("{y:04}-{m:02}-{d:02}")
    }

    /// The same day `months` months later (clamped to the month's last day).
    pub fn add_months(self, months: i64) -> Timestamp {
        let (y, m, d) = self.ymd();
        let total = y * 12 + (m as i64 - 1) + months;
        let (ny, nm) = (total.div_euclid(12), (total.rem_euclid(12) + 1) as u32);
        let nd = d.min(days_in_month(ny, nm));
        let (h, mi, s) = self.hms();
        Timestamp(days_from_civil(ny, nm, nd) * 86_400 + (h * 3600 + mi * 60 + s) as i64)
    }

    /// Whole days from `self` to `other` (negative when `other` is earlier).
    pub fn days_until(self, other: Timestamp) -> i64 {
        (other.0 - self.0).div_euclid(86_400)
    }

    /// Reads a date like [`Timestamp::parse`], saying what the value tells about the order
    /// of day and month in its column: `05/03/2024` could be either (the other reading is
    /// given), `25/03/2024` settles day-first, `03/25/2024` month-first.
    pub fn parse_detailed(input: &str) -> Option<ParsedDate> {
        let s = input.trim();
        if s.is_empty() {
            return None;
        }
        if s.contains('年') {
            return parse_chinese(s).map(ParsedDate::plain);
        }
        let (date_part, time_part) = split_date_time(s);
        let (h, mi, sec) = match time_part {
            Some(t) => parse_time(t)?,
            None => (0, 0, 0),
        };
        let at = |(y, m, d): (i64, u32, u32)| Timestamp::from_parts(y, m, d, h, mi, sec);
        match numeric_day_month(date_part) {
            Some((y, first, second)) => {
                let day_first = at((y, second, first));
                let month_first = at((y, first, second));
                let evidence = match (first > 12, second > 12) {
                    (true, false) => Some(DateOrder::DayFirst),
                    (false, true) => Some(DateOrder::MonthFirst),
                    _ => None,
                };
                match (day_first, month_first) {
                    (Some(d), Some(m)) if d != m => Some(ParsedDate {
                        value: d,
                        month_first: Some(m),
                        evidence,
                    }),
                    (Some(d), _) => Some(ParsedDate {
                        value: d,
                        month_first: None,
                        evidence,
                    }),
                    (None, Some(m)) => Some(ParsedDate {
                        value: m,
                        month_first: None,
                        evidence,
                    }),
                    (None, None) => None,
                }
            }
            None => at(parse_date_part(date_part)?).map(ParsedDate::plain),
        }
    }

    /// Reads a date or date-time in any of the formats ITSM tools and spreadsheets export:
    /// ISO 8601 (`2024-03-05`, `2024-03-05 10:17:00`, `2024-03-05T10:17:00.000+0000`),
    /// `2024/03/05`, day-first `05/03/2024 10:17` (month-first when the day cannot be a month),
    /// Jira's `25/Feb/26 10:17 PM`, and Chinese `2024年3月5日 10时17分`.
    pub fn parse(input: &str) -> Option<Timestamp> {
        let s = input.trim();
        if s.is_empty() {
            return None;
        }
        if s.contains('年') {
            return parse_chinese(s);
        }
        if let Some(t) = parse_words(s) {
            return Some(t);
        }
        let (date_part, time_part) = split_date_time(s);
        let (y, m, d) = parse_date_part(date_part)?;
        let (h, mi, sec) = match time_part {
            Some(t) => parse_time(t)?,
            None => (0, 0, 0),
        };
        Timestamp::from_parts(y, m, d, h, mi, sec)
    }
}

/// The order of day and month in a numeric date (`05/03/2024`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum DateOrder {
    /// `25/03/2024`: day, month, year.
    DayFirst,
    /// `03/25/2024`: month, day, year (US exports).
    MonthFirst,
}

/// A date read from text, with what it tells about its column's day/month order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedDate {
    /// The date, read day-first when the value alone cannot tell.
    pub value: Timestamp,
    /// The month-first reading, when it is a different valid date.
    pub month_first: Option<Timestamp>,
    /// The order this value settles, if it settles one.
    pub evidence: Option<DateOrder>,
}

impl ParsedDate {
    fn plain(value: Timestamp) -> ParsedDate {
        ParsedDate {
            value,
            month_first: None,
            evidence: None,
        }
    }
}

/// A numeric day/month/year date part (`5/3/24`, `05.03.2024`): year, first and second
/// number. `None` for ISO order, month names and anything else.
fn numeric_day_month(s: &str) -> Option<(i64, u32, u32)> {
    let mut parts = s.split(['-', '/', '.']);
    let (Some(a), Some(b), Some(c), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    if a.len() > 2 || b.len() > 2 {
        return None;
    }
    Some((year(num(c)?, c.len()), num(a)? as u32, num(b)? as u32))
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl fmt::Display for Timestamp {
    /// `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS` when the time is not midnight.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (h, mi, s) = self.hms();
        if (h, mi, s) == (0, 0, 0) {
            f.write_str(&self.date_string())
        } else {
            write!(f, "{}T{h:02}:{mi:02}:{s:02}", self.date_string())
        }
    }
}

fn split_date_time(s: &str) -> (&str, Option<&str>) {
    if let Some(i) = s
        .find('T')
        .filter(|&i| i >= 8 && s[..i].chars().all(|c| c.is_ascii_digit() || c == '-'))
    {
        return (&s[..i], Some(&s[i + 1..]));
    }
    match s.split_once(char::is_whitespace) {
        Some((d, t)) => (d, Some(t.trim())),
        None => (s, None),
    }
}

fn num(s: &str) -> Option<i64> {
    (!s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn month_name(s: &str) -> Option<u32> {
    let lower = s.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| lower.starts_with(m))
        .map(|i| i as u32 + 1)
}

fn year(y: i64, written_digits: usize) -> i64 {
    if written_digits == 2 {
        2000 + y
    } else {
        y
    }
}

fn parse_date_part(s: &str) -> Option<(i64, u32, u32)> {
    let mut parts = s.split(['-', '/', '.']);
    let (Some(a), Some(b), Some(c), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    if a.len() == 4 {
        return Some((num(a)?, num(b)? as u32, num(c)? as u32));
    }
    let y = year(num(c)?, c.len());
    if let Some(m) = month_name(b) {
        return Some((y, m, num(a)? as u32));
    }
    let (first, second) = (num(a)? as u32, num(b)? as u32);
    // Day first is the common export convention; month first only when the day cannot be a month.
    if first <= 12 && second > 12 {
        Some((y, first, second))
    } else {
        Some((y, second, first))
    }
}

fn parse_time(t: &str) -> Option<(u32, u32, u32)> {
    let t = t.trim();
    let suffix = |marker: &str| {
        let cut = t.len().checked_sub(2)?;
        let tail = t.get(cut..)?;
        tail.eq_ignore_ascii_case(marker).then(|| t[..cut].trim())
    };
    let (clock, pm, am) = if let Some(c) = suffix("PM") {
        (c, true, false)
    } else if let Some(c) = suffix("AM") {
        (c, false, true)
    } else {
        (t, false, false)
    };
    // Drop fractions and zone: `10:17:00.000+0000`, `10:17:00Z`.
    let end = clock
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(clock.len());
    let clock = &clock[..end];
    let mut it = clock.split(':');
    let mut h: u32 = it.next()?.parse().ok()?;
    let mi: u32 = it.next().map_or(Some(0), |v| v.parse().ok())?;
    let s: u32 = it.next().map_or(Some(0), |v| v.parse().ok())?;
    if pm && h < 12 {
        h += 12;
    }
    if am && h == 12 {
        h = 0;
    }
    Some((h, mi, s))
}

/// A date written in words, as documents write them: `19 January 2020`, `January 19, 2020`,
/// `1st April 2022`, `Sept. 3 2024` (no time).
fn parse_words(s: &str) -> Option<Timestamp> {
    let tokens: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .collect();
    if tokens.len() != 3 {
        return None;
    }
    let month_at = tokens.iter().position(|t| {
        t.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && month_name(t).is_some()
    })?;
    let month = month_name(tokens[month_at])?;
    let numbers: Vec<&str> = tokens
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != month_at)
        .map(|(_, t)| t.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.'))
        .collect();
    let (day, year) = match numbers[..] {
        [a, b] if b.len() == 4 => (a, b),
        [a, b] if a.len() == 4 => (b, a),
        _ => return None,
    };
    Timestamp::from_ymd(num(year)?, month, num(day)? as u32)
}

fn parse_chinese(s: &str) -> Option<Timestamp> {
    let (y, rest) = s.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let (d, rest) = rest.split_once(['日', '号'])?;
    let (y, m, d) = (num(y.trim())?, num(m.trim())? as u32, num(d.trim())? as u32);
    let rest = rest.trim();
    let (h, mi, sec) = if rest.is_empty() {
        (0, 0, 0)
    } else if rest.contains('时') || rest.contains('点') {
        let (h, rest) = rest.split_once(['时', '点'])?;
        let (mi, rest) = match rest.split_once('分') {
            Some((mi, rest)) => (num(mi.trim()).unwrap_or(0), rest),
            None => (num(rest.trim()).unwrap_or(0), ""),
        };
        let sec = rest.trim().trim_end_matches('秒');
        (
            num(h.trim())? as u32,
            mi as u32,
            num(sec).unwrap_or(0) as u32,
        )
    } else {
        parse_time(rest)?
    };
    Timestamp::from_parts(y, m, d, h, mi, sec)
}

/// How much of a date a text gave: a day, or only a month (`March 2026`, read as its first
/// day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// A day was written.
    Day,
    /// Only a month and year were written.
    Month,
}

/// A date found inside free text: the date, what was written, and how precise it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    /// The date (the month's first day when only a month was written).
    pub date: Timestamp,
    /// The words it was read from, as written.
    pub written: String,
    /// A day or only a month.
    pub precision: Precision,
}

/// The first date written anywhere in `text` — a title, a file name, a line of minutes:
/// `18-03-2026`, `2026-03-18`, `20260318`, `18 March 2026`, `March 18, 2026`, `2026年3月18日`,
/// and, when no day is written, a month (`March 2026`, `2026-03`, `2026年3月`). Numbers that
/// are no date (versions, ids) are passed over.
pub fn find_date(text: &str) -> Option<FoundDate> {
    // A hyphen between a word and a number separates them (`report-2026-03`); between
    // digits it is part of a date.
    let chars: Vec<char> = text.chars().collect();
    let spaced: String = chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let digit = |j: Option<usize>| {
                j.and_then(|j| chars.get(j))
                    .is_some_and(char::is_ascii_digit)
            };
            if c == '-' && !(digit(i.checked_sub(1)) && digit(Some(i + 1))) {
                ' '
            } else {
                c
            }
        })
        .collect();
    let tokens: Vec<&str> = spaced
        .split(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    ',' | '('
                        | ')'
                        | '['
                        | ']'
                        | '–'
                        | '—'
                        | '_'
                        | '|'
                        | '，'
                        | '（'
                        | '）'
                        | ':'
                        | '：'
                )
        })
        .map(|t| t.trim_matches(|c: char| matches!(c, '.' | ';' | '"' | '\'' | '“' | '”' | '-')))
        .filter(|t| !t.is_empty())
        .collect();
    let day = |date: Timestamp, written: String| FoundDate {
        date,
        written,
        precision: Precision::Day,
    };
    let mut month_only: Option<FoundDate> = None;
    for (i, &t) in tokens.iter().enumerate() {
        // Words: `18 March 2026`, `March 18 2026`, `18th of March 2026` (the `of` dropped).
        for span in [3, 4] {
            let Some(window) = tokens.get(i..i + span) else {
                continue;
            };
            let words: Vec<&str> = window
                .iter()
                .copied()
                .filter(|w| !w.eq_ignore_ascii_case("of"))
                .collect();
            if words.len() == 3 && (span == 3 || words.len() < window.len()) {
                if let Some(d) = parse_words(&words.join(" ")) {
                    return Some(day(d, window.join(" ")));
                }
            }
        }
        if t.contains('年') {
            if let Some(d) = parse_chinese(t) {
                return Some(day(d, t.to_string()));
            }
            if let Some((y, rest)) = t.split_once('年') {
                let m = rest.split('月').next().and_then(num);
                if let (Some(y), Some(m), true) = (num(y), m, rest.contains('月')) {
                    if let Some(d) = Timestamp::from_ymd(y, m as u32, 1) {
                        month_only.get_or_insert(FoundDate {
                            date: d,
                            written: t.to_string(),
                            precision: Precision::Month,
                        });
                    }
                }
            }
            continue;
        }
        if t.len() == 8
            && t.bytes().all(|b| b.is_ascii_digit())
            && (t.starts_with("19") || t.starts_with("20"))
        {
            let (y, m, d) = (num(&t[..4]), num(&t[4..6]), num(&t[6..]));
            if let (Some(y), Some(m), Some(d)) = (y, m, d) {
                if let Some(date) = Timestamp::from_ymd(y, m as u32, d as u32) {
                    return Some(day(date, t.to_string()));
                }
            }
        }
        if t.contains(['-', '/', '.']) && t.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            if let Some((y, m, d)) = parse_date_part(t) {
                // A two-digit year in a dotted token is more often a version (`1.3.26`).
                let dotted_short =
                    t.contains('.') && t.rsplit('.').next().is_some_and(|y| y.len() < 4);
                if !dotted_short {
                    if let Some(date) = Timestamp::from_ymd(y, m, d) {
                        return Some(day(date, t.to_string()));
                    }
                }
            }
            let mut parts = t.split(['-', '/', '.']);
            if let (Some(y), Some(m), None) = (parts.next(), parts.next(), parts.next()) {
                if y.len() == 4 && m.len() <= 2 {
                    if let (Some(y), Some(m)) = (num(y), num(m)) {
                        if let Some(date) = Timestamp::from_ymd(y, m as u32, 1) {
                            month_only.get_or_insert(FoundDate {
                                date,
                                written: t.to_string(),
                                precision: Precision::Month,
                            });
                        }
                    }
                }
            }
            continue;
        }
        // `March 2026`: only a month.
        if let (Some(m), Some(next)) = (month_name_word(t), tokens.get(i + 1)) {
            if let Some(y) = num(next).filter(|_| next.len() == 4) {
                if let Some(date) = Timestamp::from_ymd(y, m, 1) {
                    month_only.get_or_insert(FoundDate {
                        date,
                        written: format!("{t} {next}"),
                        precision: Precision::Month,
                    });
                }
            }
        }
    }
    month_only
}

/// The month a whole word names (`Mar`, `March`, `Sept.`), not a word that merely starts
/// like one (`marketing`).
fn month_name_word(word: &str) -> Option<u32> {
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    FULL.iter()
        .position(|full| full.starts_with(&w) || (w == "sept" && *full == "september"))
        .map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> String {
        Timestamp::parse(s)
            .map(|t| t.to_string())
            .unwrap_or_else(|| "-".into())
    }

    #[test]
    fn dates_are_found_inside_titles_file_names_and_lines() {
        let f = |s: &str| find_date(s).map(|d| (d.date.to_string(), d.precision));
        use Precision::*;
        assert_eq!(
            f("Mgmt Review minutes 18-03-2026"),
            Some(("2026-03-18".into(), Day))
        );
        assert_eq!(
            f("Management Review Meeting – 18 March 2026"),
            Some(("2026-03-18".into(), Day))
        );
        assert_eq!(
            f("Date: March 18, 2026, 10:00"),
            Some(("2026-03-18".into(), Day))
        );
        assert_eq!(
            f("held on the 18th of March 2026"),
            Some(("2026-03-18".into(), Day))
        );
        assert_eq!(
            f("IA report 20260318 final"),
            Some(("2026-03-18".into(), Day))
        );
        assert_eq!(
            f("管理评审会议纪要（2026年3月18日）"),
            Some(("2026-03-18".into(), Day))
        );
        assert_eq!(
            f("Service report March 2026"),
            Some(("2026-03-01".into(), Month))
        );
        assert_eq!(
            f("service-report-2026-03"),
            Some(("2026-03-01".into(), Month))
        );
        assert_eq!(f("2026年3月服务报告"), Some(("2026-03-01".into(), Month)));
        // A day wins over a month written before it.
        assert_eq!(
            f("March 2026 report, issued 2026-04-02"),
            Some(("2026-04-02".into(), Day))
        );
        // Versions, ids and words that only start like a month are no dates.
        assert_eq!(f("Procedure v1.3 (marketing) INC0012 1.3.26"), None);
        assert_eq!(f(""), None);
    }

    #[test]
    fn export_formats_normalise() {
        assert_eq!(p("2024-03-05"), "2024-03-05");
        assert_eq!(p("2024-03-05 10:17:00"), "2024-03-05T10:17:00");
        assert_eq!(p("2008-10-01T04:00:00.000+0000"), "2008-10-01T04:00:00");
        assert_eq!(p("2024/3/5 9:05"), "2024-03-05T09:05:00");
        assert_eq!(p("05/03/2024 10:17"), "2024-03-05T10:17:00");
        assert_eq!(p("03/25/2024"), "2024-03-25");
        assert_eq!(p("25/Feb/26 10:17 PM"), "2026-02-25T22:17:00");
        assert_eq!(p("25-Feb-2026"), "2026-02-25");
        assert_eq!(p("2024年3月5日"), "2024-03-05");
        assert_eq!(p("2024年3月5日 10:17"), "2024-03-05T10:17:00");
        assert_eq!(p("2024年3月5日10时17分"), "2024-03-05T10:17:00");
        assert_eq!(p("12/30/24 12:00 AM"), "2024-12-30");
        assert_eq!(p("19 January 2020"), "2020-01-19");
        assert_eq!(p("January 19, 2020"), "2020-01-19");
        assert_eq!(p("1st April 2022"), "2022-04-01");
        assert_eq!(p("Sept. 3 2024"), "2024-09-03");
        assert_eq!(p("March 2020"), "-", "a month is not a date");
        for bad in [
            "",
            "soon",
            "2024-02-30",
            "31/31/2024",
            "2024-13-01",
            "12:00",
        ] {
            assert_eq!(p(bad), "-", "{bad}");
        }
    }

    #[test]
    fn numeric_dates_say_what_they_settle() {
        let d = Timestamp::parse_detailed("05/03/2024 10:17").unwrap();
        assert_eq!(d.value.to_string(), "2024-03-05T10:17:00");
        assert_eq!(d.month_first.unwrap().to_string(), "2024-05-03T10:17:00");
        assert_eq!(d.evidence, None);
        let d = Timestamp::parse_detailed("29/2/2016 01:16").unwrap();
        assert_eq!(d.value.to_string(), "2016-02-29T01:16:00");
        assert_eq!(d.evidence, Some(DateOrder::DayFirst));
        let d = Timestamp::parse_detailed("1/13/20 6:27").unwrap();
        assert_eq!(d.value.to_string(), "2020-01-13T06:27:00");
        assert_eq!(d.evidence, Some(DateOrder::MonthFirst));
        assert_eq!(d.month_first, None);
        let d = Timestamp::parse_detailed("1/1/20 6:27").unwrap();
        assert_eq!(d.value.to_string(), "2020-01-01T06:27:00");
        assert_eq!(d.month_first, None, "the same either way");
        let d = Timestamp::parse_detailed("2024-03-05T10:17:00Z").unwrap();
        assert_eq!((d.month_first, d.evidence), (None, None));
        assert!(Timestamp::parse_detailed("31/31/2024").is_none());
    }

    #[test]
    fn excel_serials_and_arithmetic() {
        assert_eq!(
            Timestamp::from_excel_serial(45356.0).unwrap().to_string(),
            "2024-03-05"
        );
        assert_eq!(
            Timestamp::from_excel_serial(45356.5).unwrap().to_string(),
            "2024-03-05T12:00:00"
        );
        assert!(Timestamp::from_excel_serial(-3.0).is_none());
        let t = Timestamp::parse("2024-01-31").unwrap();
        assert_eq!(t.add_months(1).to_string(), "2024-02-29");
        assert_eq!(t.add_months(-13).to_string(), "2022-12-31");
        assert_eq!(t.days_until(Timestamp::parse("2024-03-01").unwrap()), 30);
    }
}
