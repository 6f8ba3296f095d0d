//! How progress is worded, the same in the text on the terminal and in the reports: the
//! labels of follow-ups and file changes, and scores and changes as shown.

use crate::cycle::matching::FollowUp;
use crate::cycle::progress::FileChange;
use crate::i18n::Lang;
use crate::labels::Labels;

/// Colour of a follow-up (hex, no `#`): closed is good news, new bad news.
pub fn follow_up_colour(f: FollowUp) -> &'static str {
    match f {
        FollowUp::Closed => "1E8449",
        FollowUp::Regraded { from, to } if to > from => "1E8449",
        FollowUp::Regraded { .. } => "D68910",
        FollowUp::New => "B03A2E",
        FollowUp::Persisting => "5D6D7E",
    }
}

/// The label of a follow-up: `Regraded` alone (the grades are shown beside it).
pub fn follow_up(l: &Labels, f: FollowUp) -> &'static str {
    match f {
        FollowUp::New => l.follow_up_new,
        FollowUp::Persisting => l.follow_up_persisting,
        FollowUp::Regraded { .. } => l.follow_up_regraded,
        FollowUp::Closed => l.follow_up_closed,
    }
}

/// The label of a file change.
pub fn file_change(l: &Labels, c: FileChange) -> &'static str {
    match c {
        FileChange::Added => l.file_added,
        FileChange::Changed => l.file_changed,
        FileChange::Removed => l.file_removed,
    }
}

/// A score as shown: one decimal, or `–` when not scored.
pub fn score(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_string(), |v| format!("{v:.1}"))
}

/// A change as shown: signed, one decimal (`+2.5`, `−1.0`, `0.0`), or `–`.
pub fn change(v: Option<f64>) -> String {
    match v {
        None => "–".to_string(),
        Some(v) if v > 0.0 => format!("+{v:.1}"),
        Some(v) if v < 0.0 => format!("−{:.1}", -v),
        Some(_) => "0.0".to_string(),
    }
}

/// A change in a count as shown: `+2`, `−1`, `0`.
pub fn count_change(before: usize, after: usize) -> String {
    match after.cmp(&before) {
        std::cmp::Ordering::Greater => format!("+{}", after - before),
        std::cmp::Ordering::Less => format!("−{}", before - after),
        std::cmp::Ordering::Equal => "0".to_string(),
    }
}

/// What introduces what follows a label: `: `, or the full-width `：` in Chinese.
pub fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::En => ": ",
        Lang::Zh => "：",
    }
}

/// A heading with a note in parentheses: `Heading (note)`, `标题（说明）`.
pub fn with_note(lang: Lang, heading: &str, note: &str) -> String {
    match lang {
        Lang::En => format!("{heading} ({note})"),
        Lang::Zh => format!("{heading}（{note}）"),
    }
}

/// Counts with their labels as one phrase: `2 closed, 9 persisting`, or in Chinese, with
/// `unit` the measure word, `已关闭2项，仍存在9项`.
pub fn tally(lang: Lang, unit: &str, items: &[(usize, &str)]) -> String {
    let parts: Vec<String> = items
        .iter()
        .map(|(n, label)| match lang {
            Lang::En => format!("{n} {}", label.to_lowercase()),
            Lang::Zh => format!("{label}{n}{unit}"),
        })
        .collect();
    parts.join(match lang {
        Lang::En => ", ",
        Lang::Zh => "，",
    })
}

/// Colour of a change in score (hex, no `#`): up green, down red, none for no change.
pub fn change_colour(v: Option<f64>) -> Option<&'static str> {
    match v {
        Some(v) if v > 0.0 => Some("1E8449"),
        Some(v) if v < 0.0 => Some("B03A2E"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::Grade;

    #[test]
    fn changes_are_signed_and_a_lighter_grade_is_good_news() {
        assert_eq!(change(Some(2.54)), "+2.5");
        assert_eq!(change(Some(-1.0)), "−1.0");
        assert_eq!(change(Some(0.0)), "0.0");
        assert_eq!(change(None), "–");
        assert_eq!(score(None), "–");
        assert_eq!(count_change(1, 3), "+2");
        assert_eq!(count_change(3, 2), "−1");
        assert_eq!(count_change(2, 2), "0");
        let items = [(2, "Closed"), (9, "Persisting")];
        assert_eq!(tally(Lang::En, "项", &items), "2 closed, 9 persisting");
        let items = [(2, "已关闭"), (9, "仍存在")];
        assert_eq!(tally(Lang::Zh, "项", &items), "已关闭2项，仍存在9项");
        assert_eq!(with_note(Lang::Zh, "要求", "3"), "要求（3）");
        let lighter = FollowUp::Regraded {
            from: Grade::Major,
            to: Grade::Minor,
        };
        assert_eq!(
            follow_up_colour(lighter),
            follow_up_colour(FollowUp::Closed)
        );
        let heavier = FollowUp::Regraded {
            from: Grade::Minor,
            to: Grade::Major,
        };
        assert_ne!(
            follow_up_colour(heavier),
            follow_up_colour(FollowUp::Closed)
        );
    }
}
