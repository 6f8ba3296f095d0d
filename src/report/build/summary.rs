//! The summary of an assessment to paste into an e-mail (`--format summary`).

use super::requests::{markdown, md};
use crate::i18n::Lang;
use crate::report::view::ReportView;

/// The summary to paste into an e-mail (`--format summary`): the verdict and what it rests
/// on, the counts, the five most serious findings and the top of the request list.
pub fn summary(v: &ReportView) -> String {
    let zh = v.lang == Lang::Zh;
    let mut out = format!("# {} — {}\n\n", md(&v.title), md(&v.organisation));
    out.push_str(&if zh {
        format!(
            "**结论：{}**。已验证得分 {}（若自我声明属实为 {}）。{}\n\n",
            md(&v.verdict),
            v.score_text,
            v.claims_score_text,
            md(&v.basis_summary)
        )
    } else {
        format!(
            "**Verdict: {}**. Verified score {} ({} if the claims hold). {}\n\n",
            md(&v.verdict),
            v.score_text,
            v.claims_score_text,
            md(&v.basis_summary)
        )
    });
    let counts: Vec<String> = v
        .grade_counts
        .iter()
        .map(|c| format!("{} {}", c.count, c.label))
        .collect();
    out.push_str(&format!("{}\n", counts.join(" · ")));
    let serious = v.pick(&v.top_gaps);
    if !serious.is_empty() {
        out.push_str(if zh {
            "\n## 最严重的发现项\n\n"
        } else {
            "\n## Most serious findings\n\n"
        });
        for f in serious.iter().take(5) {
            out.push_str(&format!(
                "- **{} {}** ({}): {}\n",
                f.id,
                md(&f.grade),
                f.requirement,
                md(&f.statement)
            ));
        }
    }
    if !v.requests.is_empty() {
        out.push_str(if zh {
            "\n## 需向客户索取的证据\n"
        } else {
            "\n## Evidence to request next\n"
        });
        out.push_str(&markdown(&v.requests, v.lang, 10));
    }
    out
}
