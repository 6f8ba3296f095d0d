//! What was supplied decides what an absence means, and what the reports conclude.
//!
//! A consultant's first folder is rarely everything: three incident exports from three tools,
//! each alone, are a partial submission. What they do not hold is not assessed and goes on
//! the evidence request list; only what they hold can be a nonconformity. Declared complete
//! (or an internal audit, complete unless told otherwise), the same absences are findings.
//! An internal audit concludes on conformity and effectiveness, with the conduct items of
//! ISO 19011 6.5.1; every count printed agrees with every other.

mod common;

use std::path::Path;

use serde_json::Value;

/// A ServiceNow incident list (CSV), priority 1 rows with no major-incident flag.
fn servicenow() -> Vec<u8> {
    let mut csv = String::from(
        "number,opened_at,short_description,priority,state,category,assignment_group,assigned_to,resolved_at,closed_at\n",
    );
    for i in 0..40 {
        let month = 1 + i % 9;
        let day = 1 + i % 27;
        let priority = ["1 - Critical", "2 - High", "3 - Moderate", "4 - Low"][i % 4];
        csv.push_str(&format!(
            "INC00{:05},2026-{month:02}-{day:02} 08:30:00,VPN drops,{priority},Closed,Network,Network Ops,A. Singh,2026-{month:02}-{day:02} 12:00:00,2026-{month:02}-{day:02} 16:00:00\n",
            20_000 + i
        ));
    }
    csv.into_bytes()
}

/// A Jira Service Management issue export (CSV), as its "Export Excel CSV (all fields)"
/// writes it.
fn jira() -> Vec<u8> {
    let mut csv =
        String::from("Issue key,Issue Type,Summary,Priority,Status,Created,Resolved,Assignee\n");
    for i in 0..25 {
        let day = 1 + i % 27;
        let priority = ["Highest", "High", "Medium", "Low"][i % 4];
        csv.push_str(&format!(
            "ITSD-{},Incident,Printer offline,{priority},Done,{day:02}/Mar/26 9:05 AM,{day:02}/Mar/26 3:10 PM,Jo Park\n",
            100 + i
        ));
    }
    csv.into_bytes()
}

/// Assesses `ws` into `out` (every format the test reads) and returns assessment.json.
fn assess(ws: &Path, out: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["--format", "html,requests", "--lang", "en,zh"];
    args.extend_from_slice(extra);
    common::assess_json(ws, out, &args)
}

fn codes(a: &Value) -> Vec<(String, String)> {
    a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["grade"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn an_incident_export_alone_is_a_partial_submission_whose_absences_are_requested() {
    let exports: [(&str, Vec<u8>); 3] = [
        ("incident.csv", servicenow()),
        ("JIRA export 2026-03.csv", jira()),
        ("glpi.csv", common::glpi_tickets()),
    ];
    for (name, bytes) in exports {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("client");
        common::file(&ws.join(name), &bytes);
        let out = dir.path().join("reports");
        let a = assess(&ws, &out, &[]);
        assert_eq!(a["evidence_supplied"], "partial", "{name}");
        let findings = codes(&a);
        assert!(
            findings
                .iter()
                .all(|(c, _)| c != "document_missing" && c != "interval_none"),
            "{name}: an absence in a partial submission is no finding: {findings:?}"
        );
        assert!(
            findings
                .iter()
                .all(|(c, g)| g != "major" || c.starts_with("REC-INC") || c.starts_with("REC-REQ")),
            "{name}: only the incidents examined can give a major: {findings:?}"
        );
        assert_ne!(a["summary"]["verdict"], "ready", "{name}");
        assert_ne!(a["summary"]["verdict"], "not_ready", "{name}");
        let absent = a["not_supplied"].as_array().unwrap();
        assert!(absent.len() > 20, "{name}: {}", absent.len());

        // Each absence is on the request list, as not supplied, with its requirements.
        let csv = std::fs::read_to_string(out.join("evidence-requests.en.csv")).unwrap();
        let not_supplied: Vec<&str> = csv
            .lines()
            .filter(|l| l.starts_with("1 not supplied"))
            .collect();
        for n in absent {
            let first = n["requirements"][0].as_str().unwrap();
            assert!(
                not_supplied.iter().any(|l| l.contains(first)),
                "{name}: {} ({first}) is not requested",
                n["subject"]
            );
        }
        assert!(
            not_supplied.iter().any(|l| l.contains("(if it exists)")),
            "{name}: documents are requested"
        );
        assert!(
            not_supplied
                .iter()
                .any(|l| l.contains("change records") || l.contains("changes for the period")),
            "{name}: record sets are requested: {not_supplied:?}"
        );
        // The requirements those absences bear on are not assessed, and say why.
        let requirement = absent[0]["requirements"][0].as_str().unwrap();
        let r = a["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == requirement)
            .unwrap();
        assert_eq!(r["status"], "not_assessed", "{name}");
        assert!(
            r["notes"][0]["en"]
                .as_str()
                .unwrap()
                .contains("partial submission"),
            "{name}: {}",
            r["notes"]
        );
        // The report says which kind of submission it rests on.
        let html = std::fs::read_to_string(out.join("gap-analysis.en.html")).unwrap();
        assert!(
            html.contains("The evidence is a partial submission"),
            "{name}"
        );
        let zh = std::fs::read_to_string(out.join("gap-analysis.zh.html")).unwrap();
        assert!(zh.contains("所提供的证据为部分提交"), "{name}");
    }
}

#[test]
fn declared_complete_the_same_absences_are_findings_and_an_internal_audit_is_complete_by_default() {
    for manifest in [
        "organisation = \"Acme\"\nassessment_date = 2026-10-01\nkind = \"gap\"\nevidence = \"complete\"\n",
        "organisation = \"Acme\"\nassessment_date = 2026-10-01\nkind = \"internal-audit\"\n",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("client");
        common::file(&ws.join("incident.csv"), &servicenow());
        common::file(&ws.join("assessment.toml"), manifest.as_bytes());
        let a = assess(&ws, &dir.path().join("reports"), &[]);
        assert_eq!(a["evidence_supplied"], "complete", "{manifest}");
        assert!(a["not_supplied"].is_null(), "{manifest}");
        let findings = codes(&a);
        assert!(
            findings.contains(&("document_missing".to_string(), "major".to_string())),
            "{manifest}: {findings:?}"
        );
    }
}

#[test]
fn a_sample_workspace_guide_is_never_read_as_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let a = assess(&common::sample("northwind-msp"), &dir.path().join("r"), &[]);
    let files: Vec<&str> = a["evidence"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(
        files.contains(&"README.md"),
        "every file is inventoried: {files:?}"
    );
    let skipped = a["evidence"]["skipped"].as_array().unwrap();
    assert!(
        skipped
            .iter()
            .any(|s| s["path"] == "README.md"
                && s["reason"].as_str().unwrap().contains("not evidence")),
        "{skipped:?}"
    );
    let html = std::fs::read_to_string(dir.path().join("r").join("gap-analysis.en.html")).unwrap();
    let row = &html[html.rfind("README.md").expect("the guide is inventoried")..];
    assert!(
        row[..row.find("</tr>").unwrap()].contains("Skipped, not read as evidence"),
        "the evidence appendix marks the guide as skipped"
    );
    assert!(
        a["evidence"]["documents"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["path"] != "README.md"),
        "the guide lists the planted defects: it is no document of the client"
    );
}

#[test]
fn an_internal_audit_concludes_on_conformity_and_effectiveness_with_its_conduct() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    let a = assess(&common::sample("huaxia-cloud"), &out, &[]);
    let minors = a["summary"]["counts"]["minor"].as_u64().unwrap();
    assert!(minors > 0);
    let en = std::fs::read_to_string(out.join("internal-audit.en.html")).unwrap();
    assert!(
        en.contains(&format!(
            "Conforms to the audit criteria, except for {minors} minor nonconformities"
        )),
        "the audit concludes on conformity"
    );
    assert!(
        !en.contains("certification ("),
        "an internal audit concludes on no certification"
    );
    assert!(!en.contains("Ready for certification") && !en.contains("Not ready for certification"));
    for item in [
        "Effectiveness of the SMS",
        "Audit client",
        "华夏云服务有限公司总经理",
        "Auditee&#x27;s participants",
        "王磊（服务管理经理）",
        "2026-11-04",
        "上海数据中心",
        "Unresolved diverging opinions",
    ] {
        assert!(en.contains(item), "{item}");
    }
    let zh = std::fs::read_to_string(out.join("internal-audit.zh.html")).unwrap();
    let conclusion = format!("符合审核准则，但有{minors}项轻微不符合");
    for item in [
        conclusion.as_str(),
        "服务管理体系的有效性",
        "审核委托方",
        "受审核方参与人员",
        "审核活动（日期和地点）",
    ] {
        assert!(zh.contains(item), "{item}");
    }
    assert!(
        !zh.contains("认证条件"),
        "an internal audit concludes on no certification"
    );
}

#[test]
fn every_count_agrees_and_the_gap_and_audit_scores_differ_only_by_the_claims() {
    for sample in [
        "northwind-msp",
        "huaxia-cloud",
        "tailored-scope",
        "northwind-2018",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let gap = assess(
            &common::sample(sample),
            &dir.path().join("g"),
            &["--kind", "gap"],
        );
        let audit = assess(
            &common::sample(sample),
            &dir.path().join("a"),
            &["--kind", "internal-audit"],
        );
        for a in [&gap, &audit] {
            let requirements = a["requirements"].as_array().unwrap();
            // A major that counts makes each of its requirements nonconforming.
            for f in a["findings"].as_array().unwrap() {
                let counts = f["escalated_into"].is_null()
                    && f["overruled"].is_null()
                    && f["waiver"]["status"] != "accepted";
                if !counts || f["grade"] != "major" {
                    continue;
                }
                for id in f["requirements"].as_array().unwrap() {
                    let r = requirements.iter().find(|r| &r["id"] == id).unwrap();
                    assert_eq!(
                        r["status"], "nonconforming",
                        "{sample}: {} is major on {id}",
                        f["id"]
                    );
                }
            }
            // The score rests on exactly the requirements that have one.
            let scored = requirements
                .iter()
                .filter(|r| !r["score"].is_null())
                .count();
            assert_eq!(
                a["summary"]["scored"].as_u64().unwrap() as usize,
                scored,
                "{sample}"
            );
            let s = &a["summary"]["requirements"];
            let b = &a["summary"]["basis"];
            let total = |v: &Value| {
                v.as_object()
                    .unwrap()
                    .values()
                    .map(|n| n.as_u64().unwrap())
                    .sum::<u64>()
            };
            assert_eq!(total(s), requirements.len() as u64, "{sample}");
            assert_eq!(total(b), requirements.len() as u64, "{sample}");
        }
        // Claims are not counted in either verified score, so the same evidence scores
        // alike as a gap analysis and as an internal audit.
        assert_eq!(
            gap["summary"]["score"], audit["summary"]["score"],
            "{sample}"
        );
        assert_eq!(
            gap["summary"]["scored"], audit["summary"]["scored"],
            "{sample}"
        );
    }
}
