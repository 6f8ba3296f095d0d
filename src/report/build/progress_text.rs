//! The progress as text for the terminal: the headline numbers, the clause scores, what
//! became of each finding, the requirements whose status changed and the evidence files that
//! did, in English or Chinese, aligned for East Asian wide characters.

use super::progress_words as words;
use crate::assessment::Grade;
use crate::cycle::progress::{FindingProgress, Progress, Side};
use crate::i18n::{display_width, Lang};
use crate::labels::Labels;

/// The progress as text in `lang`, ending with a newline.
pub fn render(p: &Progress, lang: Lang) -> String {
    let l = Labels::of(lang);
    let mut out = String::new();
    let (a, b) = (&p.previous, &p.current);
    out.push_str(&format!("{} — {}\n", b.organisation, l.progress));
    out.push_str(&table(&[
        vec![l.earlier.to_string(), side_line(a, &l)],
        vec![l.later.to_string(), side_line(b, &l)],
    ]));

    out.push('\n');
    let mut rows = vec![vec![
        l.verified_score.to_string(),
        format!(
            "{} → {}",
            words::score(p.score.before),
            words::score(p.score.after)
        ),
        words::change(p.score.change),
    ]];
    for g in Grade::ALL {
        let (before, after) = (a.counts.get(g), b.counts.get(g));
        rows.push(vec![
            l.grade(g).to_string(),
            format!("{before} → {after}"),
            words::count_change(before, after),
        ]);
    }
    out.push_str(&table(&rows));
    out.push_str(&format!(
        "{}{}{} → {}\n",
        l.verdict,
        words::colon(lang),
        l.verdict(a.verdict),
        l.verdict(b.verdict)
    ));

    // The terminal shows the top-level clauses and the clauses that moved; the reports show
    // every clause.
    out.push_str(&format!(
        "\n{}\n",
        words::with_note(lang, l.clause_progress, l.clauses_shown)
    ));
    let rows: Vec<Vec<String>> = p
        .clauses
        .iter()
        .filter(|c| c.parent.is_none() || c.score.before != c.score.after)
        .map(|c| {
            let depth = c.id.matches('.').count();
            vec![
                format!("{}{}", "  ".repeat(depth), c.id),
                c.title.get(lang).to_string(),
                format!(
                    "{} → {}",
                    words::score(c.score.before),
                    words::score(c.score.after)
                ),
                words::change(c.score.change),
            ]
        })
        .collect();
    out.push_str(&indent(&table(&rows)));

    let f = &p.follow_up;
    out.push_str(&format!(
        "\n{}{}{}\n",
        l.findings_follow_up,
        words::colon(lang),
        words::tally(
            lang,
            "项",
            &[
                (f.closed, l.follow_up_closed),
                (f.regraded, l.follow_up_regraded),
                (f.new, l.follow_up_new),
                (f.persisting, l.follow_up_persisting),
            ]
        )
    ));
    let rows: Vec<Vec<String>> = p
        .findings
        .iter()
        .map(|f| finding_row(f, &l, lang))
        .collect();
    out.push_str(&indent(&table(&rows)));

    out.push_str(&format!(
        "\n{}\n",
        words::with_note(lang, l.status_changes, &p.requirements.len().to_string())
    ));
    let rows: Vec<Vec<String>> = p
        .requirements
        .iter()
        .map(|r| {
            vec![
                r.id.clone(),
                format!("{} → {}", l.status(r.before), l.status(r.after)),
            ]
        })
        .collect();
    out.push_str(&indent(&table(&rows)));
    if p.requirements_only_before > 0 {
        out.push_str(&format!(
            "  {}{}{}\n",
            l.only_earlier,
            words::colon(lang),
            p.requirements_only_before
        ));
    }
    if p.requirements_only_after > 0 {
        out.push_str(&format!(
            "  {}{}{}\n",
            l.only_later,
            words::colon(lang),
            p.requirements_only_after
        ));
    }

    let c = &p.evidence_counts;
    out.push_str(&format!(
        "\n{}{}{}\n",
        l.evidence_changes,
        words::colon(lang),
        words::tally(
            lang,
            "个",
            &[
                (c.added, l.file_added),
                (c.changed, l.file_changed),
                (c.removed, l.file_removed),
                (c.unchanged, l.file_unchanged),
            ]
        )
    ));
    let rows: Vec<Vec<String>> = p
        .evidence
        .iter()
        .map(|e| vec![words::file_change(&l, e.change).to_string(), e.path.clone()])
        .collect();
    out.push_str(&indent(&table(&rows)));
    out
}

/// "2026-03-15 · Gap analysis · score 60.7 · OLD/assessment.json".
fn side_line(s: &Side, l: &Labels) -> String {
    format!(
        "{} · {} · {} {:.1} · {}",
        s.assessment_date.as_deref().unwrap_or("–"),
        l.kind(s.kind),
        l.verified_score,
        s.score,
        s.file
    )
}

/// Follow-up, ids, grades, requirement, code and statement of one finding.
fn finding_row(f: &FindingProgress, l: &Labels, lang: Lang) -> Vec<String> {
    let id = |s: &Option<crate::cycle::progress::FindingSide>| {
        s.as_ref().map_or("–".to_string(), |f| f.id.clone())
    };
    let grades = match (&f.previous, &f.current) {
        (Some(a), Some(b)) if a.grade != b.grade => {
            format!("{} → {}", l.grade(a.grade), l.grade(b.grade))
        }
        _ => l.grade(f.latest().grade).to_string(),
    };
    vec![
        words::follow_up(l, f.follow_up).to_string(),
        format!("{} → {}", id(&f.previous), id(&f.current)),
        grades,
        f.key.requirement.clone(),
        f.key.code.clone(),
        first_sentence(f.latest().statement.get(lang)),
    ]
}

/// The first sentence of a statement (the terminal has no room for the rest).
fn first_sentence(text: &str) -> String {
    let end = text
        .char_indices()
        .find(|&(i, c)| c == '。' || (c == '.' && text[i + 1..].starts_with(' ')))
        .map_or(text.len(), |(i, c)| i + c.len_utf8());
    text[..end].to_string()
}

/// Rows as columns padded to their widest cell (by display width), two spaces apart; the
/// last column is not padded.
fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| display_width(s))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < row.len() {
                line.push_str(&" ".repeat(widths[c] - display_width(cell) + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Every line indented by two spaces.
fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_line_up_under_wide_characters() {
        let text = table(&[
            vec!["严重不符合".into(), "1 → 0".into()],
            vec!["Minor".into(), "7 → 6".into()],
        ]);
        assert_eq!(text, "严重不符合  1 → 0\nMinor       7 → 6\n");
    }

    #[test]
    fn a_statement_is_cut_after_its_first_sentence() {
        assert_eq!(
            first_sentence("No capacity plan (D27) was found. It is a gap."),
            "No capacity plan (D27) was found."
        );
        assert_eq!(
            first_sentence("证据中未发现容量计划。其他"),
            "证据中未发现容量计划。"
        );
        assert_eq!(
            first_sentence("Version 2.3 lacks a date"),
            "Version 2.3 lacks a date"
        );
    }
}
