//! The evidence request list as it is sent: CSV for a spreadsheet, Markdown for an e-mail.
//! What is on the list, and why, is decided in [`crate::report::requests`].

use crate::i18n::Lang;
use crate::report::requests::EvidenceRequest;

/// The list as CSV (UTF-8 with a byte-order mark, so Excel opens Chinese text right), one
/// request per row. A cell that Excel would read as a formula is quoted and prefixed.
pub fn csv(requests: &[EvidenceRequest], lang: Lang) -> String {
    let headers = if lang == Lang::Zh {
        ["优先级", "范围", "需提供的内容", "原因", "涉及的要求"]
    } else {
        [
            "Priority",
            "Area",
            "What to send",
            "Why",
            "Requirements it settles",
        ]
    };
    let cell = |s: &str| {
        let s = if s.starts_with(['=', '+', '-', '@']) {
            format!("'{s}")
        } else {
            s.to_string()
        };
        if s.contains([',', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s
        }
    };
    let mut out = String::from("\u{feff}");
    out.push_str(&headers.map(cell).join(","));
    out.push_str("\r\n");
    for r in requests {
        let row = [
            r.urgency_label.as_str(),
            &r.area,
            &r.what,
            &r.why,
            &r.requirements.join(" "),
        ];
        out.push_str(&row.map(cell).join(","));
        out.push_str("\r\n");
    }
    out
}

/// The list as Markdown, grouped by urgency, for an e-mail; at most `limit` requests, and a
/// line saying how many more there are.
pub fn markdown(requests: &[EvidenceRequest], lang: Lang, limit: usize) -> String {
    let mut out = String::new();
    let mut current = None;
    for r in requests.iter().take(limit) {
        if current != Some(r.urgency) {
            current = Some(r.urgency);
            out.push_str(&format!("\n**{}**\n\n", r.urgency_label));
        }
        let settles = r.requirements.join(", ");
        let why = r.why.trim_end_matches(['.', '。']);
        out.push_str(&match lang {
            Lang::Zh => format!(
                "- {}：{}（{}；涉及{}）\n",
                r.area,
                md(&r.what),
                md(why),
                settles
            ),
            Lang::En => format!(
                "- {}: {} ({}; settles {})\n",
                r.area,
                md(&r.what),
                md(why),
                settles
            ),
        });
    }
    if requests.len() > limit {
        let more = requests.len() - limit;
        out.push_str(&match lang {
            Lang::Zh => format!("\n另有{more}项，见证据请求清单。\n"),
            Lang::En => format!("\n… and {more} more in the evidence request list.\n"),
        });
    }
    out
}

/// Text set in Markdown as written: the characters that would format it are escaped.
pub fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out.replace('\n', " ")
}
