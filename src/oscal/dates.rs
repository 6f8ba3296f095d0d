//! OSCAL timestamps from the assessment's own `YYYY-MM-DD` dates. Dates carry no zone, so
//! they are written in UTC: a day starts at `T00:00:00Z` and ends at `T23:59:59Z`.

use crate::domain::date::Timestamp;

/// A checked calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Day {
    year: i64,
    month: u32,
    day: u32,
}

impl Day {
    /// Parses `YYYY-MM-DD`, rejecting impossible dates (and years outside 1900–2200, which the
    /// OSCAL date-time pattern would reject anyway).
    pub(super) fn parse(text: &str) -> Option<Day> {
        let mut parts = text.trim().splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let (year, month, day) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        Timestamp::from_ymd(year, month, day)?;
        Some(Day { year, month, day })
    }

    /// The first second of the day: `2026-10-15T00:00:00Z`.
    pub(super) fn start(self) -> String {
        format!("{}T00:00:00Z", self.date())
    }

    /// The last second of the day: `2026-10-15T23:59:59Z`.
    pub(super) fn end(self) -> String {
        format!("{}T23:59:59Z", self.date())
    }

    fn date(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Parses an optional date field.
pub(super) fn day(text: Option<&str>) -> Option<Day> {
    text.and_then(Day::parse)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_utc_timestamps() {
        let day = Day::parse("2026-10-15").unwrap();
        assert_eq!(day.start(), "2026-10-15T00:00:00Z");
        assert_eq!(day.end(), "2026-10-15T23:59:59Z");
        assert_eq!(
            Day::parse("2024-02-29").unwrap().start(),
            "2024-02-29T00:00:00Z"
        );
    }

    #[test]
    fn impossible_or_malformed_dates_are_refused() {
        for bad in [
            "2026-02-30",
            "2025-02-29",
            "2026-13-01",
            "26-10-15",
            "2026-1-5",
            "soon",
        ] {
            assert_eq!(Day::parse(bad), None, "{bad}");
        }
    }
}
