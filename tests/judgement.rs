//! Judgement an auditor can sign: planted records graded the way certification bodies grade
//! them, targets judged by the process around them, one cause one finding, exclusions and
//! other parties, the basis of every status, the team's independence, and the code registry
//! (`iso20k explain`, the generated code reference).

mod common;

use common::{requirement, with_code};

use std::path::Path;

use iso20k::assessment::{Assessment, Basis, Finding, Grade, Status, Verdict};
use iso20k::catalogue::Catalogue;
use iso20k::check::{assess, AssessOptions};
use iso20k::evidence::{scan, ScanOptions};

const MANIFEST: &str = r#"organisation = "Judgement Test Provider"
assessment_date = 2026-04-30
kind = "internal-audit"
[period]
start = 2025-04-01
end = 2026-03-31
"#;

fn run(ws: &Path) -> Assessment {
    let cat = Catalogue::builtin().unwrap();
    let idx = scan(ws, &cat, &ScanOptions::default()).unwrap();
    assess(&cat, &idx, &AssessOptions::default())
}

fn workspace(manifest_extra: &str, files: &[(&str, String)]) -> (tempfile::TempDir, Assessment) {
    let dir = tempfile::tempdir().unwrap();
    common::file(
        &dir.path().join("assessment.toml"),
        format!("{MANIFEST}{manifest_extra}").as_bytes(),
    );
    for (path, content) in files {
        common::file(&dir.path().join(path), content.as_bytes());
    }
    let a = run(dir.path());
    (dir, a)
}

/// `n` major incidents, the first `failing` of them never reviewed.
fn major_incidents(n: usize, failing: usize) -> String {
    let mut csv =
        String::from("number,opened_at,priority,state,major_incident,resolved_at,review_date\n");
    for i in 0..n {
        let review = if i < failing { "" } else { "2025-06-20" };
        csv.push_str(&format!(
            "INC{i:04},2025-06-02 09:00:00,1,Closed,true,2025-06-03 09:00:00,{review}\n"
        ));
    }
    csv
}

#[test]
fn one_failing_record_of_four_is_a_minor_not_a_major() {
    let (_d, a) = workspace("", &[("incidents.csv", major_incidents(4, 1))]);
    let f = with_code(&a, "REC-INC-MI-NOT-REVIEWED");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].grade, Grade::Minor, "a single lapse is not a major");
    assert_eq!(f[0].evidence[0].record_ids, vec!["INC0000"]);
    assert!(
        f[0].grading_rationale
            .en
            .starts_with("1 of 4 records (25 %) deviate: a confirmed deviation; it reaches the systemic share of 20 % but not the count of 5 records, so it is not systemic"),
        "{}",
        f[0].grading_rationale.en
    );
    assert!(f[0].grading_rationale.zh.contains("4条记录中1条"));
    assert!(
        f[0].grading_rationale
            .zh
            .contains("达到系统性失效的比例（20 %），但未达到数量（5条）"),
        "a share at the threshold is never said to be below it: {}",
        f[0].grading_rationale.zh
    );
    assert_eq!(requirement(&a, "8.1-13").status, Status::Partial);
}

#[test]
fn six_failing_records_of_twenty_are_a_systemic_major() {
    let (_d, a) = workspace("", &[("incidents.csv", major_incidents(20, 6))]);
    let f = with_code(&a, "REC-INC-MI-NOT-REVIEWED");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].grade, Grade::Major);
    assert!(
        f[0].grading_rationale
            .en
            .contains("6 of 20 records (30 %) deviate: at or above the systemic threshold"),
        "{}",
        f[0].grading_rationale.en
    );
    assert_eq!(requirement(&a, "8.1-13").status, Status::Nonconforming);
    assert_eq!(a.summary.verdict, Verdict::NotReady);
}

#[test]
fn two_training_records_of_forty_above_tolerance_are_a_minor() {
    let mut csv = String::from("Employee,Course,Date,Evaluation\n");
    for i in 0..40 {
        let evaluation = if i == 8 || i == 28 { "" } else { "passed" };
        csv.push_str(&format!(
            "E{i:03},ITSM foundation,2025-09-{:02},{evaluation}\n",
            i % 28 + 1
        ));
    }
    let (_d, a) = workspace("", &[("training-records.csv", csv)]);
    let f = with_code(&a, "REC-TRN-NOT-EVALUATED");
    assert_eq!(
        f.len(),
        1,
        "{:#?}",
        a.findings.iter().map(|f| &f.code).collect::<Vec<_>>()
    );
    assert_eq!(f[0].grade, Grade::Minor);
    assert!(
        f[0].grading_rationale
            .en
            .contains("above the tolerance of 2 %"),
        "{}",
        f[0].grading_rationale.en
    );
    // The strict profile tolerates nothing; a lenient override makes 5 % an observation.
    let (_d, a) = workspace(
        "[grading]\ntolerance = 0.06\n",
        &[("training-records.csv", {
            let mut csv = String::from("Employee,Course,Date,Evaluation\n");
            for i in 0..40 {
                let evaluation = if i == 8 || i == 28 { "" } else { "passed" };
                csv.push_str(&format!(
                    "E{i:03},ITSM foundation,2025-09-{:02},{evaluation}\n",
                    i % 28 + 1
                ));
            }
            csv
        })],
    );
    let f = with_code(&a, "REC-TRN-NOT-EVALUATED");
    assert_eq!(
        f[0].grade,
        Grade::Observation,
        "within the 5 % the check allows"
    );
    assert_eq!(a.grading.id, "default+overrides");
}

fn availability(investigation: &str) -> String {
    format!(
        "Service,Month,Availability,Target,Investigation\nMail,2025-06,99.95,99.9,\nMail,2025-07,99.80,99.9,{investigation}\nMail,2025-08,99.93,99.9,\n"
    )
}

#[test]
fn an_investigated_availability_miss_is_no_nonconformity_and_an_uninvestigated_one_a_minor() {
    let (_d, a) = workspace(
        "",
        &[(
            "availability.csv",
            availability("Storage fault; problem PRB0042 raised and fixed"),
        )],
    );
    assert!(
        a.findings
            .iter()
            .filter(|f| f.code.starts_with("REC-AVL"))
            .all(|f| !f.grade.is_nonconformity()),
        "{:#?}",
        a.findings
    );
    let seen = with_code(&a, "REC-AVL-BELOW-TARGET");
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].grade, Grade::Observation);
    assert!(seen[0]
        .grading_rationale
        .en
        .contains("capped at observation"));
    assert_eq!(requirement(&a, "6.3.3-01").status, Status::Conforming);
    assert_eq!(requirement(&a, "6.3.3-02").status, Status::Conforming);

    // An investigation column left blank on every month says nothing: the export does not
    // show investigations at all, so the check is not evaluated, and the requirement says so.
    let (_d, a) = workspace("", &[("availability.csv", availability(""))]);
    assert!(with_code(&a, "REC-AVL-MISS-NOT-INVESTIGATED").is_empty());
    let r = requirement(&a, "6.3.3-02");
    assert_eq!(r.status, Status::NotAssessed, "{:#?}", a.findings);
    assert!(
        r.notes.iter().any(|n| n
            .en
            .contains("column `Investigation` of availability.csv is empty on all 3 records")),
        "{:?}",
        r.notes
    );

    // Where the column is used, a blank for a missed month is a real deviation.
    let used = availability("").replace(
        "Mail,2025-06,99.95,99.9,",
        "Mail,2025-06,99.70,99.9,Network outage; problem PRB0040",
    );
    let (_d, a) = workspace("", &[("availability.csv", used)]);
    let missed = with_code(&a, "REC-AVL-MISS-NOT-INVESTIGATED");
    assert_eq!(missed.len(), 1);
    assert_eq!(missed[0].grade, Grade::Minor);
    assert_eq!(missed[0].requirement, "6.3.3-02");
    // The same miss is not also an observation: one cause, one finding. The investigated
    // June is the observation's alone.
    let seen = with_code(&a, "REC-AVL-BELOW-TARGET");
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].evidence[0].rows, [2], "{:#?}", seen[0]);
    assert_eq!(missed[0].evidence[0].rows, [3]);

    // However many months were missed and left uninvestigated, a missed number is never a major.
    let mut many = String::from("Service,Month,Availability,Target,Investigation\n");
    many.push_str("Mail,2024-12,99.5,99.9,Power failure; PRB0031\n");
    for m in 1..=12 {
        many.push_str(&format!("Mail,2025-{m:02},99.5,99.9,\n"));
    }
    let (_d, a) = workspace("", &[("availability.csv", many)]);
    let missed = with_code(&a, "REC-AVL-MISS-NOT-INVESTIGATED");
    assert_eq!(missed[0].grade, Grade::Minor);
    assert!(missed[0].grading_rationale.en.contains("capped at minor"));
}

#[test]
fn unrelated_minors_stay_minors_and_related_ones_become_one_major_counted_once() {
    // Three different change checks each fail one of ten records: three minors in 9.2, but
    // against different requirements: unrelated, so none is escalated.
    let mut csv = String::from(
        "number,type,risk,start_date,work_start,approved_at,close_code,backout_plan,test_plan\n",
    );
    for i in 0..10 {
        let approved = if i == 0 {
            "2025-06-05 09:00:00"
        } else {
            "2025-06-01 09:00:00"
        };
        let backout = if i == 1 { "" } else { "restore snapshot" };
        let test = if i == 2 { "" } else { "smoke tests" };
        csv.push_str(&format!("CHG{i:04},normal,moderate,2025-06-04 22:00:00,2025-06-04 22:05:00,{approved},successful,{backout},{test}\n"));
    }
    let (_d, a) = workspace("", &[("changes.csv", csv)]);
    assert!(
        with_code(&a, "escalated_minors").is_empty(),
        "{:#?}",
        a.findings
    );
    for code in [
        "REC-CHG-APPROVAL-AFTER-IMPL",
        "REC-CHG-NO-BACKOUT",
        "REC-CHG-UNTESTED",
    ] {
        let f = with_code(&a, code);
        assert_eq!(f.len(), 1, "{code}");
        assert_eq!(f[0].grade, Grade::Minor);
        assert!(f[0].counts(), "{code} counts on its own");
    }

    // Three incident exports, each with one closure lapse against the same requirement: three
    // related minors, one major that contains them.
    let files = common::closure_lapse_exports("INC", "2025-08");
    let files: Vec<(&str, String)> = files.iter().map(|(p, c)| (p.as_str(), c.clone())).collect();
    let (_d, a) = workspace("", &files);
    let escalated = with_code(&a, "escalated_minors");
    assert_eq!(escalated.len(), 1, "{:#?}", a.findings);
    let major = escalated[0];
    assert_eq!(major.grade, Grade::Major);
    let contained: Vec<&Finding> = a
        .findings
        .iter()
        .filter(|f| f.escalated_into.as_deref() == Some(major.id.as_str()))
        .collect();
    assert_eq!(contained.len(), 3);
    for f in &contained {
        assert_eq!(f.code, "REC-INC-CLOSURE");
        assert_eq!(f.requirement, major.requirement);
        assert!(major.includes.contains(&f.id));
    }
    assert!(major
        .grading_rationale
        .en
        .contains("same requirement and of the same nature"));
    assert!(major.grading_rationale.en.contains("escalation count of 3"));
    assert!(
        major.statement.en.contains("records that deviate from it"),
        "{}",
        major.statement.en
    );
    // Counted once: the summary counts the major and none of the minors inside it.
    let counted_minors = a
        .findings
        .iter()
        .filter(|f| f.grade == Grade::Minor && f.escalated_into.is_none())
        .count();
    assert_eq!(a.summary.counts.minor, counted_minors);
    let counted_majors = a
        .findings
        .iter()
        .filter(|f| f.grade == Grade::Major)
        .count();
    assert_eq!(a.summary.counts.major, counted_majors);
    // Escalation off: the minors stand on their own.
    let (_d, a) = workspace(
        "[grading]\nescalate_minors = 0\n",
        &[("changes.csv", {
            let mut csv = String::from("number,type,risk,start_date,work_start,approved_at,close_code,backout_plan,test_plan\n");
            for i in 0..10 {
                let approved = if i == 0 {
                    "2025-06-05 09:00:00"
                } else {
                    "2025-06-01 09:00:00"
                };
                csv.push_str(&format!("CHG{i:04},normal,moderate,2025-06-04 22:00:00,2025-06-04 22:05:00,{approved},successful,plan,tests\n"));
            }
            csv
        })],
    );
    assert!(with_code(&a, "escalated_minors").is_empty());
}

#[test]
fn an_exclusion_because_another_party_runs_it_is_refused_once_and_assessed_as_theirs() {
    let budget = "Period,Service,Budget,Actual,Forecast\n2025-06,Mail,5000,4800,5000\n2025-07,Mail,5000,5100,5000\n";
    let (_d, a) = workspace(
        "\n[[exclusion]]\ntarget = \"6.4\"\nreason = \"Budgeting is done by the parent's finance department\"\n",
        &[("reports/budget-vs-actual.csv", budget.to_string())],
    );
    let exclusions = with_code(&a, "exclusion_not_permitted");
    assert_eq!(exclusions.len(), 1);
    let citing_1_2: Vec<&Finding> = a
        .findings
        .iter()
        .filter(|f| f.statement.en.contains("clause 1.2"))
        .collect();
    assert_eq!(citing_1_2.len(), 1, "exactly one clause-1.2 finding");
    let f = exclusions[0];
    assert!(
        f.statement
            .en
            .contains("process operated by parent's finance department"),
        "{}",
        f.statement.en
    );
    // Its consequences are inside it, not beside it.
    assert!(f.details.iter().any(|d| d.code == "governance_missing"));
    assert!(with_code(&a, "governance_missing").is_empty());
    assert!(a.tailoring[0]
        .decision
        .en
        .contains("Kept in scope as a process operated by"));
    // Not forced nonconforming: 6.4 is judged on the evidence that is there.
    assert!(a
        .requirements
        .iter()
        .filter(|r| r.clause == "6.4")
        .any(|r| r.status != Status::Nonconforming));
}

#[test]
fn an_exclusion_outside_clauses_4_to_9_is_a_manifest_error_naming_its_line() {
    let dir = tempfile::tempdir().unwrap();
    common::file(
        &dir.path().join("assessment.toml"),
        format!("{MANIFEST}\n[[exclusion]]\ntarget = \"6.4\"\nreason = \"x\"\n\n[[exclusion]]\ntarget = \"12.3\"\nreason = \"not our business\"\n").as_bytes(),
    );
    let out = dir.path().join("out");
    let (code, _, err) = common::iso20k(&[
        "assess",
        dir.path().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("assessment.toml:13:1: error[MAN003]"), "{err}");
    assert!(
        err.contains("`12.3` is not a clause or requirement"),
        "{err}"
    );
    assert!(!out.join("assessment.json").exists(), "nothing is written");
    // A grading profile that does not exist is an error at its key.
    common::file(
        &dir.path().join("assessment.toml"),
        format!("{MANIFEST}\n[grading]\nprofile = \"lenient\"\n").as_bytes(),
    );
    let (code, _, err) = common::iso20k(&[
        "assess",
        dir.path().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("assessment.toml:9:1: error[MAN004]"), "{err}");
    assert!(err.contains("default, strict"), "{err}");
}

#[test]
fn a_register_row_marked_not_applicable_for_an_unknown_id_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    common::file(&dir.path().join("assessment.toml"), MANIFEST.as_bytes());
    common::xlsx(
        &dir.path().join("evidence-register.xlsx"),
        "Register",
        &[
            vec![
                "Requirement IDs",
                "Evidence title",
                "File reference",
                "Self-assessed status",
            ],
            vec!["12.3-01", "Out of our scope", "", "Not applicable"],
        ],
    );
    let a = run(dir.path());
    assert_eq!(a.tailoring.len(), 1);
    assert!(a.tailoring[0].decision.en.starts_with("Ignored"));
    assert!(with_code(&a, "exclusion_not_permitted").is_empty());
    // The verdict follows the findings alone, not the presence of a tailoring entry.
    let majors = a
        .findings
        .iter()
        .filter(|f| f.grade == Grade::Major)
        .count();
    assert_eq!(a.summary.verdict == Verdict::NotReady, majors > 0);
}

#[test]
fn independence_is_stated_only_as_declared_and_a_conflict_is_a_finding() {
    let (_d, a) = workspace(
        "\n[[team]]\nname = \"Kim Osei\"\nrole = \"lead auditor\"\nindependent = true\n\n[[team]]\nname = \"Lee Park\"\nrole = \"auditor\"\nworks_in = [\"8.1\"]\naudits = [\"8\", \"9\"]\n",
        &[],
    );
    let f = with_code(&a, "audit_team_not_independent");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].grade, Grade::Minor);
    assert_eq!(f[0].requirement, "4.5.4.2-06");
    assert!(f[0].statement.en.starts_with("Lee Park works in 8.1"));
    let ind = a.independence.as_ref().unwrap();
    assert!(ind.declared);
    assert_eq!(ind.conflicts.len(), 1);
    assert_eq!(ind.conflicts[0].finding.as_deref(), Some(f[0].id.as_str()));

    // Nothing declared: no finding and no claim of independence.
    let (_d, a) = workspace(
        "\n[[team]]\nname = \"Kim Osei\"\nrole = \"lead auditor\"\n",
        &[],
    );
    assert!(with_code(&a, "audit_team_not_independent").is_empty());
    assert!(!a.independence.as_ref().unwrap().declared);
}

#[test]
fn every_requirement_says_on_what_its_status_rests() {
    let dir = tempfile::tempdir().unwrap();
    common::file(
        &dir.path().join("assessment.toml"),
        MANIFEST.replace("internal-audit", "gap").as_bytes(),
    );
    common::file(&dir.path().join("plan.md"), b"# Service management plan\n");
    common::xlsx(
        &dir.path().join("evidence-register.xlsx"),
        "Register",
        &[
            vec![
                "Requirement IDs",
                "Evidence title",
                "File reference",
                "Self-assessed status",
                "Auditor verdict",
            ],
            vec![
                "4.1.1-03",
                "Communication pack",
                "plan.md",
                "Conforming",
                "",
            ],
            vec!["4.1.1-04", "Plan", "plan.md", "Conforming", "Partial"],
        ],
    );
    let a = run(dir.path());
    let claimed = requirement(&a, "4.1.1-03");
    assert_eq!(
        (claimed.status, claimed.basis),
        (Status::Conforming, Basis::SelfDeclared)
    );
    assert_eq!(claimed.claimed_status, Some(Status::Conforming));
    let judged = requirement(&a, "4.1.1-04");
    assert_eq!(
        (judged.status, judged.basis),
        (Status::Partial, Basis::Auditor)
    );
    let b = &a.summary.basis;
    assert_eq!(
        b.verified + b.auditor + b.self_declared + b.not_assessed,
        a.requirements.len()
    );
    assert_eq!(b.self_declared, 1);
    assert_eq!(b.auditor, 1);
    // The verified score reads the claim as not assessed (a gap here); the claims score
    // takes it at its word.
    assert!(a.summary.score_if_claims_hold.unwrap() > a.summary.score);
    assert!(a.summary.provisional);
    assert_eq!(a.summary.unseen, b.self_declared + b.not_assessed);
}

#[test]
fn explain_prints_a_registry_entry_in_english_and_chinese() {
    let (code, out, err) = common::iso20k(&["explain", "REC-CHG-APPROVAL-AFTER-IMPL"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with(
            "REC-CHG-APPROVAL-AFTER-IMPL — changes were approved before implementation started"
        ),
        "{out}"
    );
    assert!(out.contains("default grade: minor"), "{out}");
    assert!(out.contains("Why this grade"), "{out}");
    assert!(out.contains("9.2-09"), "the requirement it tests: {out}");
    let (code, out, _) =
        common::iso20k(&["explain", "rec-chg-approval-after-impl", "--lang", "zh"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("变更在实施前已获批准") && out.contains("默认等级：轻微不符合"),
        "{out}"
    );
    let (code, out, _) = common::iso20k(&["explain", "MAN003"]);
    assert_eq!(code, 0);
    assert!(out.contains("manifest diagnostic"), "{out}");
    let (code, _, err) = common::iso20k(&["explain", "REC-CHG-APPROVED-LATE"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("did you mean") && err.contains("REC-CHG-APPROVAL-AFTER-IMPL"),
        "{err}"
    );
}

#[test]
fn the_generated_code_reference_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/codes.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let generated = iso20k::codes::markdown();
    assert!(
        committed == generated,
        "docs/codes.md is stale: run `cargo run -- explain --format markdown > docs/codes.md`"
    );
    // The grading profile table of docs/judgement.md is the same data.
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/judgement.md"))
            .unwrap();
    for p in iso20k::grading::profiles() {
        let row = generated
            .lines()
            .find(|l| l.starts_with(&format!("| `{}` |", p.id)))
            .unwrap();
        assert!(
            readme.contains(row),
            "docs/judgement.md lacks the current row of profile `{}`:\n{row}",
            p.id
        );
    }
}

#[test]
fn a_monthly_activity_reads_every_month_and_its_lapse_in_months_that_agree() {
    // Monthly service reports, with none issued in July and August 2025.
    let mut csv = String::from("Report ID,Service,Period,Issued,Sections\n");
    for (i, month) in [4, 5, 6, 9, 10, 11, 12].iter().enumerate() {
        csv.push_str(&format!(
            "SR-{i},Mail,2025-{month:02},2025-{month:02}-05,availability; incidents\n"
        ));
    }
    for month in 1..=3 {
        csv.push_str(&format!(
            "SR-2{month},Mail,2026-{month:02},2026-{month:02}-05,availability; incidents\n"
        ));
    }
    let (_d, a) = workspace(
        "[intervals]\nservice_report = 1\n",
        &[("service-reports.csv", csv)],
    );
    let gap = with_code(&a, "interval_gap");
    assert_eq!(gap.len(), 1, "{:#?}", a.findings);
    let en = &gap[0].statement.en;
    assert!(en.contains("planned every month"), "{en}");
    assert!(en.contains("3 months passed"), "{en}");
    assert!(!en.contains("1 months"), "{en}");
    assert!(
        gap[0].statement.zh.contains("每1个月"),
        "{}",
        gap[0].statement.zh
    );
}

/// A pack shaped like the held-back one: 1 of 4 major incidents unreviewed, 12 of 20
/// emergency changes unreviewed, 1 of 100 changes approved late, and no procedures at all.
#[test]
fn single_lapses_stay_minors_and_one_deviation_is_one_major() {
    let mut changes = String::from(
        "number,type,risk,start_date,work_start,approved_at,close_code,closed_at,review_date\n",
    );
    for i in 0..100 {
        let emergency = i >= 80;
        let approved = if i == 5 {
            "2025-06-06 09:00:00"
        } else {
            "2025-06-01 09:00:00"
        };
        let review = if emergency && i < 92 {
            ""
        } else {
            "2025-06-10"
        };
        changes.push_str(&format!(
            "CHG{i:04},{},moderate,2025-06-04 22:00:00,2025-06-04 22:05:00,{approved},successful,2025-06-05 09:00:00,{review}\n",
            if emergency { "emergency" } else { "normal" }
        ));
    }
    let (_d, a) = workspace(
        "",
        &[
            ("incidents.csv", major_incidents(4, 1)),
            ("changes.csv", changes),
        ],
    );
    let only = |code: &str| {
        let f = with_code(&a, code);
        assert_eq!(f.len(), 1, "{code}: {:#?}", a.findings);
        f[0]
    };
    // The single lapses: minors, inside no major.
    for code in ["REC-INC-MI-NOT-REVIEWED", "REC-CHG-APPROVAL-AFTER-IMPL"] {
        let f = only(code);
        assert_eq!(f.grade, Grade::Minor, "{code}");
        assert!(f.escalated_into.is_none(), "{code} is in no major");
    }
    // The 12 unreviewed emergency changes: one major, and never a second finding.
    let emergency = only("REC-CHG-EMERGENCY-UNCONTROLLED");
    assert_eq!(emergency.grade, Grade::Major);
    assert!(
        with_code(&a, "REC-CHG-NOT-REVIEWED").is_empty(),
        "the same changes are not reviewed twice"
    );
    // No escalated finding mixes document gaps with record deviations.
    for major in with_code(&a, "escalated_minors") {
        let inside: Vec<&Finding> = a
            .findings
            .iter()
            .filter(|f| major.includes.contains(&f.id))
            .collect();
        let records = inside.iter().filter(|f| f.code.starts_with("REC-")).count();
        assert!(records == 0 || records == inside.len(), "{:#?}", inside);
        assert!(inside.iter().all(|f| f.requirement == major.requirement));
    }
}
