//! The 2011 → 2018 transition gap analysis: every new 2018 obligation is listed with its
//! status on the sample, in a workbook that reads back and in English and Chinese PDFs; the
//! plan puts what is nonconforming first; claims of a 2011 register carry only to the
//! obligations carried over; the catalogue's transition data is checked at load; and a
//! transition from an edition with no predecessor is refused.

mod common;

use common::root;

use common::pdf_text;

use std::collections::{BTreeMap, BTreeSet};

use common::{iso20k, sheet};
use serde_json::Value;

/// The 2018 catalogue's requirements, each with its `transition.change`.
fn changes_2018() -> BTreeMap<String, String> {
    let (code, stdout, stderr) =
        iso20k(&["catalogue", "list", "--edition", "2018", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let list: Value = serde_json::from_str(&stdout).unwrap();
    list["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["transition"]["change"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The rows of a sheet's first table whose first cell is a requirement id, keyed by it.
fn by_id(rows: &[Vec<String>]) -> BTreeMap<String, Vec<String>> {
    rows.iter()
        .filter(|r| {
            r.first()
                .is_some_and(|c| c.contains('-') && c.starts_with(|ch: char| ch.is_ascii_digit()))
        })
        .map(|r| (r[0].clone(), r.clone()))
        .collect()
}

#[test]
fn transition_report_lists_every_new_obligation_with_its_status_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("transition");
    let out_s = out.display().to_string();
    let (code, stdout, stderr) = iso20k(&[
        "assess",
        &common::sample("northwind-msp").display().to_string(),
        "--edition",
        "2018",
        "--kind",
        "transition",
        "--format",
        "xlsx,pdf",
        "--out",
        &out_s,
        "--no-cache",
    ]);
    assert!(code == 0 || code == 1, "{stdout}{stderr}");
    assert!(stdout.contains("transition gap analysis"), "{stdout}");
    let assessment: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("assessment.json")).unwrap())
            .unwrap();
    assert_eq!(assessment["kind"], "transition");
    assert_eq!(assessment["catalogue"]["id"], "iso20000-1-2018");
    let status: BTreeMap<&str, &str> = assessment["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r["status"].as_str().unwrap()))
        .collect();

    // Every new obligation of the catalogue, and nothing else, is on the "New obligations"
    // sheet, with the status the assessment gave it.
    let changes = changes_2018();
    let new: BTreeSet<&str> = changes
        .iter()
        .filter(|(_, c)| c.as_str() == "new")
        .map(|(id, _)| id.as_str())
        .collect();
    assert!(new.len() > 40, "{} new obligations", new.len());
    // Context, the effect of risks on customers, knowledge, the service catalogue, asset
    // management and demand management are each new in 2018.
    for expected in [
        "4.1-01", "6.1-04", "7.6-01", "8.2.4-03", "8.2.5-01", "8.4.2-01",
    ] {
        assert!(
            new.contains(expected),
            "{expected} is not new in the catalogue"
        );
    }
    let workbook = out.join("transition.en.xlsx");
    let rows = by_id(&sheet(&workbook, "New obligations"));
    assert_eq!(
        rows.keys().map(String::as_str).collect::<BTreeSet<_>>(),
        new,
        "the new-obligations sheet lists exactly the new obligations"
    );
    let header = &sheet(&workbook, "New obligations")
        .into_iter()
        .find(|r| r.first().is_some_and(|c| c == "Requirement"))
        .unwrap();
    let status_column = header.iter().position(|h| h == "Status").unwrap();
    let label = |s: &str| match s {
        "conforming" => "Conforming",
        "partial" => "Partial",
        "nonconforming" => "Nonconforming",
        _ => "Not assessed",
    };
    for (id, row) in &rows {
        assert!(
            row[status_column].starts_with(label(status[id.as_str()])),
            "{id}: sheet says `{}`, the assessment `{}`",
            row[status_column],
            status[id.as_str()]
        );
    }
    // The northwind sample keeps a 2011 system: demand management (new in 2018) is absent.
    assert_eq!(status["8.4.2-01"], "nonconforming");

    // The plan: every obligation not met on evidence, the nonconforming first.
    let plan = sheet(&workbook, "Transition plan");
    let plan_rows: Vec<&Vec<String>> = plan
        .iter()
        .filter(|r| r.get(1).is_some_and(|c| status.contains_key(c.as_str())))
        .collect();
    let nonconforming = status.values().filter(|s| **s == "nonconforming").count();
    assert!(nonconforming > 0);
    for (n, row) in plan_rows.iter().enumerate() {
        let first = row[0].starts_with("1 ");
        assert_eq!(
            first,
            n < nonconforming,
            "row {n} ({}) is out of order: {}",
            row[1],
            row[0]
        );
        assert_eq!(first, status[row[1].as_str()] == "nonconforming", "{row:?}");
    }
    assert!(plan_rows
        .iter()
        .any(|r| r[0] == "2 Produce" && new.contains(r[1].as_str())));

    // The 2011 obligations nothing in 2018 derives from are listed, with their texts.
    let retired = by_id(&sheet(&workbook, "Retired obligations"));
    assert!(retired.contains_key("4.1.4-07"), "{:?}", retired.keys());
    // The domain reference lists 21 such obligations (the management representative's
    // coordination, the documented procedures 2018 no longer asks for, …).
    assert_eq!(retired.len(), 21, "{:?}", retired.keys());
    assert!(!retired.contains_key("4.1.1-01"));

    // English and Chinese PDFs carry the title and the new obligations.
    let en = pdf_text(&out.join("transition.en.pdf"));
    assert!(en.contains("ISO/IEC 20000-1:2018 + Amd 1:2024 transition gap analysis"));
    assert!(en.contains("ISO/IEC 20000-1:2011 → ISO/IEC 20000-1:2018"));
    assert!(en.contains("New obligations") && en.contains("4.1-01"));
    // The printed plan keeps to steps 1-3 and says where step 4 is; the workbook has it.
    assert!(en.contains("Step 4, Confirm") && !en.contains("Obligations carried over"));
    assert!(plan_rows.iter().any(|r| r[0] == "4 Confirm"));
    let (code, _, stderr) = iso20k(&[
        "report",
        out.join("assessment.json").to_str().unwrap(),
        "--lang",
        "zh",
        "--format",
        "pdf",
        "--out",
        &out_s,
    ]);
    assert_eq!(code, 0, "{stderr}");
    let zh = pdf_text(&out.join("transition.zh.pdf"));
    for text in [
        "转换差距分析报告",
        "新增义务",
        "转换计划",
        "旧版中没有后续要求的义务",
    ] {
        assert!(zh.contains(text), "the Chinese report lacks {text}");
    }
}

#[test]
fn claims_of_a_2011_register_carry_only_to_obligations_carried_over() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a");
    let (code, _, stderr) = iso20k(&[
        "assess",
        &common::sample("northwind-msp").display().to_string(),
        "--edition",
        "2018",
        "--out",
        out.to_str().unwrap(),
        "--no-cache",
        "--quiet",
    ]);
    assert!(code == 0 || code == 1, "{stderr}");
    let assessment: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("assessment.json")).unwrap())
            .unwrap();
    let changes = changes_2018();
    let claimed: Vec<&str> = assessment["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["basis"] == "self_declared")
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(
        !claimed.is_empty(),
        "northwind's register claims carried-over obligations"
    );
    for id in claimed {
        assert_eq!(changes[id], "carried_over", "{id} rests on a 2011 claim");
    }
}

#[test]
fn a_transition_needs_an_edition_that_names_its_predecessor() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = iso20k(&[
        "assess",
        &common::sample("northwind-msp").display().to_string(),
        "--edition",
        "2011",
        "--kind",
        "transition",
        "--out",
        dir.path().join("x").to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("names no") && stderr.contains("--edition 2018"),
        "{stderr}"
    );
    assert!(!dir.path().join("x/assessment.json").exists());
}

#[test]
fn transition_data_is_checked_when_the_catalogue_loads() {
    let dir = tempfile::tempdir().unwrap();
    let catalogue = dir.path().join("cat");
    let shipped = root().join("controls/iso20000-1-2018");
    std::fs::create_dir_all(&catalogue).unwrap();
    for entry in std::fs::read_dir(&shipped).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), catalogue.join(entry.file_name())).unwrap();
    }
    let clause4 = catalogue.join("clause-4.toml");
    let text = std::fs::read_to_string(&clause4).unwrap();
    // 4.1-01 is new: give it a source; 4.2-01 derives from 2011 7.1-01: point it nowhere.
    let broken = text
        .replacen(
            "transition = { change = \"new\" }",
            "transition = { change = \"new\", from = [\"4.1.1-01\"] }",
            1,
        )
        .replacen("from = [\"7.1-01\"]", "from = [\"7.1-99\"]", 1);
    assert_ne!(broken, text);
    std::fs::write(&clause4, &broken).unwrap();
    let (code, _, stderr) = iso20k(&["catalogue", "validate", catalogue.to_str().unwrap()]);
    assert_ne!(code, 0);
    let line_of = |needle: &str| broken.lines().position(|l| l.contains(needle)).unwrap() + 1;
    assert!(
        stderr.contains(&format!(
            "clause-4.toml:{}",
            line_of("from = [\"4.1.1-01\"]")
        )) && stderr.contains("CAT021")
            && stderr.contains("`4.1-01` is `new` but names requirements"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("clause-4.toml:{}", line_of("7.1-99")))
            && stderr.contains("`7.1-99`, which is not a requirement of iso20000-1-2011"),
        "{stderr}"
    );
}
