//! Every stable code the tool prints, in one registry: the checker's findings (its
//! [`crate::check::findings`] entries and the record checks), and the diagnostics of the
//! catalogue, the manifest, the workspace, the output folder, the comparison of
//! assessments and the audit programme. `iso20k explain CODE` prints an entry; `docs/codes.md` is generated from the
//! same entries, and a test fails when it is stale.

use crate::assessment::Grade;
use crate::catalogue::codes::CatalogueCode;
use crate::catalogue::Catalogue;
use crate::check::findings::{Domain, KINDS};
use crate::check::grade::{grade_name_en, grade_name_zh};
use crate::check::records::{set_title, RecordCheck, CHECKS};
use crate::diagnostic::DiagnosticKind;
use crate::grading::{percent, profiles};
use crate::i18n::{Lang, Text};

/// The family a code belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Family {
    /// A finding the checker raises.
    Finding(Domain),
    /// A catalogue diagnostic (`CAT…`).
    Catalogue,
    /// A manifest diagnostic (`MAN…`).
    Manifest,
    /// A workspace diagnostic (`EVD…`).
    Evidence,
    /// An output-folder or report-writing diagnostic (`OUT…`).
    Output,
    /// A diagnostic about assessments compared (`CMP…`).
    Comparison,
    /// A diagnostic of the internal audit programme (`PRG…`).
    Programme,
}

impl Family {
    /// How the family is named in listings.
    pub fn label(self) -> String {
        match self {
            Family::Finding(d) => format!("finding ({})", d.name()),
            Family::Catalogue => "catalogue diagnostic".into(),
            Family::Manifest => "manifest diagnostic".into(),
            Family::Evidence => "workspace diagnostic".into(),
            Family::Output => "output diagnostic".into(),
            Family::Comparison => "comparison diagnostic".into(),
            Family::Programme => "audit programme diagnostic".into(),
        }
    }
}

/// One code.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The code.
    pub code: String,
    /// Its family.
    pub family: Family,
    /// Default grade (findings only).
    pub grade: Option<Grade>,
    /// What it means, in a few words.
    pub title: Text,
    /// What is tested or what went wrong, and why it matters.
    pub explanation: Text,
    /// Why a finding has its default grade (findings only).
    pub rationale: Option<Text>,
    /// What to do.
    pub action: Text,
    /// For a record check: its name in the catalogue (`check = "…"`).
    pub check: Option<&'static str>,
}

fn text(pair: (&str, &str)) -> Text {
    Text::new(pair.0, pair.1)
}

fn record_entry(c: &'static RecordCheck) -> Entry {
    let set = set_title(c.set);
    let (period_en, period_zh) = if c.period.is_empty() {
        (String::new(), String::new())
    } else {
        (
            format!(
                " dated in the assessment period (by {})",
                c.period.join(", ")
            ),
            format!("（按{}落在考察期间内的）", c.period.join("、")),
        )
    };
    let (population_en, population_zh) = if c.always_full {
        (
            " The whole population is always tested, whatever the sampling plan: it is a high-risk one.",
            "无论抽样计划如何，总是对总体进行全数检查：这是高风险总体。",
        )
    } else {
        (
            " A sampling plan in the catalogue may test a sample instead of the whole population.",
            "目录中的抽样计划可以只检查样本而非总体。",
        )
    };
    let tolerance = 1.0 - c.threshold;
    let (tolerance_en, tolerance_zh) = if tolerance <= 0.0 {
        (
            " Every deviation counts: the check tolerates none.".to_string(),
            "每一项偏离都计入：该检查不容许偏差。".to_string(),
        )
    } else {
        (
            format!(" The check tolerates deviations up to {} of the records tested (the grading profile may tolerate fewer).", percent(tolerance)),
            format!("该检查容许最多{}的受测记录偏离（评级规则可更严格）。", percent(tolerance)),
        )
    };
    let grade = c
        .cap
        .as_ref()
        .map_or(Grade::Minor, |cap| cap.grade.max(Grade::Minor));
    let rationale = match &c.cap {
        Some(cap) => Text::new(
            format!("graded by the profile like any record check, but never above {}: {}", grade_name_en(cap.grade), cap.why.0),
            format!("与其他记录检查一样按评级规则评级，但最高为{}：{}", grade_name_zh(cap.grade), cap.why.1),
        ),
        None => Text::new(
            "graded by the profile: a confirmed deviation is minor, a systemic failure (both thresholds) major, deviations within tolerance an observation",
            "按评级规则评级：经确认的偏离为轻微不符合，系统性失效（同时达到两个阈值）为严重不符合，容许范围内的偏离为观察项",
        ),
    };
    Entry {
        code: c.code.to_string(),
        family: Family::Finding(Domain::Records),
        grade: Some(grade),
        title: text(c.title),
        explanation: Text::new(
            format!(
                "Tests the {} records{period_en} to which it applies, that {}. It reads the fields {}.{population_en}{tolerance_en}",
                set.en.to_lowercase(),
                c.title.0,
                c.requires.join(", ")
            ),
            format!(
                "检查适用的{period_zh}{}记录：{}。读取字段{}。{population_zh}{tolerance_zh}",
                set.zh,
                c.title.1,
                c.requires.join("、")
            ),
        ),
        rationale: Some(rationale),
        action: text(c.fix),
        check: Some(c.name),
    }
}

fn diagnostic_entry(family: Family, k: &DiagnosticKind) -> Entry {
    Entry {
        code: k.code.to_string(),
        family,
        grade: None,
        title: text(k.title),
        explanation: text(k.explanation),
        rationale: None,
        action: text(k.hint),
        check: None,
    }
}

/// Every code, findings first (registry order, then the record checks), then diagnostics.
pub fn entries() -> Vec<Entry> {
    let mut out: Vec<Entry> = KINDS
        .iter()
        .map(|k| Entry {
            code: k.code.to_string(),
            family: Family::Finding(k.domain),
            grade: Some(k.grade),
            title: text(k.title),
            explanation: text(k.explanation),
            rationale: Some(text(k.rationale)),
            action: text(k.recommendation),
            check: None,
        })
        .collect();
    out.extend(CHECKS.iter().map(record_entry));
    out.extend(CatalogueCode::ALL.iter().map(|c| Entry {
        code: c.code().to_string(),
        family: Family::Catalogue,
        grade: None,
        title: text(c.title()),
        explanation: Text::new(
            format!(
                "A problem `iso20k catalogue validate` reports in a catalogue folder ({}).",
                match c.severity() {
                    crate::diagnostic::Severity::Error => "an error: the catalogue cannot be used",
                    crate::diagnostic::Severity::Warning => "a warning: the catalogue can be used",
                }
            ),
            format!(
                "`iso20k catalogue validate`在目录文件夹中报告的问题（{}）。",
                match c.severity() {
                    crate::diagnostic::Severity::Error => "错误：目录无法使用",
                    crate::diagnostic::Severity::Warning => "警告：目录仍可使用",
                }
            ),
        ),
        rationale: None,
        action: Text::new(c.hint(), ""),
        check: None,
    }));
    out.extend(
        crate::evidence::manifest::DIAGNOSTICS
            .iter()
            .map(|k| diagnostic_entry(Family::Manifest, k)),
    );
    out.push(diagnostic_entry(
        Family::Evidence,
        &crate::evidence::WORKSPACE_NOT_A_FOLDER,
    ));
    out.extend(
        crate::evidence::worksheet::DIAGNOSTICS
            .iter()
            .map(|k| diagnostic_entry(Family::Evidence, k)),
    );
    out.extend(
        crate::output::DIAGNOSTICS
            .iter()
            .map(|k| diagnostic_entry(Family::Output, k)),
    );
    out.extend(
        crate::cycle::input::DIAGNOSTICS
            .iter()
            .map(|k| diagnostic_entry(Family::Comparison, k)),
    );
    out.extend(
        crate::cycle::programme::DIAGNOSTICS
            .iter()
            .map(|k| diagnostic_entry(Family::Programme, k)),
    );
    out
}

/// The entry of `code` (any case).
pub fn find(code: &str) -> Option<Entry> {
    let code = code.trim();
    entries()
        .into_iter()
        .find(|e| e.code.eq_ignore_ascii_case(code))
}

/// Codes that look like `code`, for a "did you mean" hint.
pub fn similar(code: &str) -> Vec<String> {
    let needle = code.trim().to_lowercase();
    let words: Vec<&str> = needle.split(['-', '_']).filter(|w| w.len() > 2).collect();
    let mut found: Vec<(usize, String)> = entries()
        .into_iter()
        .map(|e| {
            let lower = e.code.to_lowercase();
            let shared = words.iter().filter(|w| lower.contains(*w)).count();
            (shared, e.code)
        })
        .filter(|(n, _)| *n > 0)
        .collect();
    found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    found.into_iter().take(5).map(|(_, c)| c).collect()
}

fn grade_label(g: Grade, lang: Lang) -> &'static str {
    match lang {
        Lang::En => grade_name_en(g),
        Lang::Zh => grade_name_zh(g),
    }
}

/// The requirements of `catalogue` whose rules run record check `check`.
fn requirements_using(catalogue: &Catalogue, check: &str) -> Vec<String> {
    catalogue
        .requirements
        .iter()
        .filter(|r| {
            r.evidence
                .iter()
                .any(|e| e.params.get("check").and_then(|c| c.as_str()) == Some(check))
        })
        .map(|r| format!("{} {}", r.id, r.text.en))
        .collect()
}

/// An entry as `iso20k explain` prints it, with the requirements of each of `catalogues` that
/// run it when it is a record check.
pub fn explain(e: &Entry, lang: Lang, catalogues: &[Catalogue]) -> String {
    let zh = lang == Lang::Zh;
    let mut out = format!("{} — {}\n", e.code, e.title.get(lang));
    let mut facts = vec![if zh {
        match e.family {
            Family::Finding(_) => "发现项".to_string(),
            Family::Catalogue => "目录诊断".to_string(),
            Family::Manifest => "评估清单诊断".to_string(),
            Family::Evidence => "工作区诊断".to_string(),
            Family::Output => "输出诊断".to_string(),
            Family::Comparison => "评估比较诊断".to_string(),
            Family::Programme => "审核方案诊断".to_string(),
        }
    } else {
        e.family.label()
    }];
    if let Some(g) = e.grade {
        facts.push(if zh {
            format!("默认等级：{}", grade_label(g, lang))
        } else {
            format!("default grade: {}", grade_label(g, lang))
        });
    }
    if let Some(c) = e.check {
        facts.push(format!("check = \"{c}\""));
    }
    out.push_str(&facts.join(" · "));
    out.push('\n');
    let section = |out: &mut String, en: &str, zh_title: &str, body: &str| {
        if !body.trim().is_empty() {
            out.push_str(&format!(
                "\n{}\n  {}\n",
                if zh { zh_title } else { en },
                body
            ));
        }
    };
    section(&mut out, "What it means", "含义", e.explanation.get(lang));
    if let Some(r) = &e.rationale {
        section(&mut out, "Why this grade", "为何为此等级", r.get(lang));
    }
    section(&mut out, "What to do", "应对措施", e.action.get(lang));
    for cat in catalogues {
        let Some(check) = e.check else { break };
        let reqs = requirements_using(cat, check);
        if !reqs.is_empty() {
            out.push_str(&format!(
                "\n{} ({})\n",
                if zh {
                    "使用该检查的要求"
                } else {
                    "Requirements it tests"
                },
                cat.header.id
            ));
            for r in reqs {
                out.push_str(&format!("  {r}\n"));
            }
        }
    }
    out
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// `docs/codes.md`: every code and the grading profiles, generated from the registries.
pub fn markdown() -> String {
    let mut out = String::from(
        "# Codes\n\n<!-- Generated from the registries by `iso20k explain --format markdown`; do not edit by hand (a test fails when this file is stale). -->\n\nEvery stable code iso20k prints. `iso20k explain CODE` (add `--lang zh` for Chinese) prints one entry in full. Codes never change meaning once published; a retired code is not reused.\n",
    );
    out.push_str("\n## Grading profiles\n\nPick one in `assessment.toml` with `[grading] profile = \"…\"`; any value can be overridden in the same table. The profile used is written into `assessment.json`.\n\n| profile | systemic share | systemic count | tolerance | escalate minors | due soon (days) | good practice (records) | repeated minor is major | when |\n|---|---|---|---|---|---|---|---|---|\n");
    for p in profiles() {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            p.id,
            percent(p.systemic_share),
            p.systemic_count,
            percent(p.tolerance),
            p.escalate_minors,
            p.due_soon_days,
            p.good_practice_records,
            if p.escalate_repeated { "yes" } else { "no" },
            cell(&p.description.en)
        ));
    }
    let all = entries();
    let mut families: Vec<Family> = all.iter().map(|e| e.family).collect();
    families.dedup();
    for family in families {
        let heading = match family {
            Family::Finding(d) => format!("Findings: {}", d.name()),
            Family::Catalogue => "Catalogue diagnostics".into(),
            Family::Manifest => "Manifest diagnostics".into(),
            Family::Evidence => "Workspace diagnostics".into(),
            Family::Output => "Output diagnostics".into(),
            Family::Comparison => "Comparison diagnostics".into(),
            Family::Programme => "Audit programme diagnostics".into(),
        };
        out.push_str(&format!("\n## {heading}\n\n"));
        let findings = matches!(family, Family::Finding(_));
        if findings {
            out.push_str("| code | default grade | title | why this grade | what to do |\n|---|---|---|---|---|\n");
        } else {
            out.push_str("| code | title | what to do |\n|---|---|---|\n");
        }
        for e in all.iter().filter(|e| e.family == family) {
            if findings {
                out.push_str(&format!(
                    "| `{}` | {} | {} | {} | {} |\n",
                    e.code,
                    e.grade.map_or("", grade_name_en),
                    cell(&e.title.en),
                    cell(
                        &e.rationale
                            .as_ref()
                            .map(|r| r.en.clone())
                            .unwrap_or_default()
                    ),
                    cell(&e.action.en)
                ));
            } else {
                out.push_str(&format!(
                    "| `{}` | {} | {} |\n",
                    e.code,
                    cell(&e.title.en),
                    cell(&e.action.en)
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_every_entry_is_complete() {
        let mut seen = HashSet::new();
        for e in entries() {
            assert!(seen.insert(e.code.to_lowercase()), "duplicate {}", e.code);
            assert!(
                !e.title.en.is_empty() && !e.title.zh.is_empty(),
                "{}",
                e.code
            );
            assert!(
                !e.explanation.en.is_empty() && !e.explanation.zh.is_empty(),
                "{}",
                e.code
            );
            assert!(!e.action.en.is_empty(), "{}", e.code);
            assert_eq!(
                e.grade.is_some(),
                matches!(e.family, Family::Finding(_)),
                "{}",
                e.code
            );
        }
    }

    #[test]
    fn lookup_ignores_case_and_suggests_near_codes() {
        assert_eq!(
            find("rec-chg-approval-after-impl").unwrap().check,
            Some("approved_before_implementation")
        );
        assert!(find("REC-CHG-APPROVED-LATE").is_none());
        assert!(
            similar("REC-CHG-APPROVED-LATE").contains(&"REC-CHG-APPROVAL-AFTER-IMPL".to_string())
        );
    }
}
