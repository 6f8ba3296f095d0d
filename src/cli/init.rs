//! `iso20k init DIR`: a new workspace with a commented manifest and an evidence-register
//! template.

use std::path::Path;

use rust_xlsxwriter::{DataValidation, DocProperties, ExcelDateTime, Format, Workbook};

use super::{print, Failure};
use crate::evidence::manifest::MANIFEST_FILE;
use crate::output::write_atomically;
use crate::EXIT_OK;

/// The register template's file name.
pub const REGISTER_FILE: &str = "evidence-register.xlsx";

const MANIFEST_TEMPLATE: &str = r#"# iso20k assessment manifest. Every key is optional; without this file iso20k reads the folder
# as it is, names the organisation after the folder and dates the assessment by the latest
# evidence it finds.
#
# Keys come first, tables (the [name] and [[name]] lines) after them: TOML reads every key
# below a table's line as part of that table, so each example sits where uncommenting it is
# valid.

organisation = "{organisation}"
# The date the assessment speaks for (YYYY-MM-DD). Reports never use the clock, so the same
# evidence always gives the same result.
# assessment_date = 2026-11-30
kind = "gap"                       # "gap" or "internal-audit"
# What the folder holds: "partial" (what the client has sent so far: an absent document,
# record set or activity is not assessed and goes on the evidence request list) or
# "complete" (the client confirmed it is all their SMS documentation and records for the
# period: an absence is a finding). A gap analysis is partial and an internal audit complete
# unless this says otherwise.
evidence = "partial"
# The edition of ISO/IEC 20000-1 to assess against: "2018" (the current edition, with
# Amd 1:2024) or "2011" (withdrawn: certification against it ended in September 2021).
# Clause and requirement ids here and in the evidence register are read as that edition's;
# `iso20k assess --edition` assesses against another, carrying this file's ids across by the
# crosswalk.
edition = "{edition}"
# The previous assessment to follow up (`iso20k assess --previous`): its assessment.json,
# relative to this folder; the corrective actions filled into its report workbook are read.
# previous = "../reports/march/assessment.json"
# Priority matrix of the incident procedure: rows are impact 1..n, columns urgency 1..n.
# The default is ServiceNow's 3 x 3: [[1, 2, 3], [2, 3, 4], [3, 4, 5]].
# priority_matrix = [[1, 2, 3], [2, 3, 4], [3, 4, 5]]

# The period whose records are assessed.
# [period]
# start = 2025-12-01
# end = 2026-11-30

[scope]
statement = ""                     # who (organisational unit) delivers what (services)
services = []
locations = []

# The assessment or audit team. `works_in` lists the clauses of the areas a member works in:
# nobody audits their own work, and `iso20k programme` never plans them to.
# [[team]]
# name = "A. Auditor"
# role = "lead auditor"
# independent = true
# works_in = ["{works_in}"]
# audits = [{audits}]   # what they may audit; everything when absent

# How an internal audit was conducted, for its report (ISO 19011 6.5.1): who asked for it,
# who took part for the auditee, when and where each activity was held, and any diverging
# opinions left unresolved.
# [audit]
# client = "Managing director"
# participants = ["J. Doe (service manager)"]
# diverging_opinions = []
# [[audit.activity]]
# date = "2026-11-03"
# place = "Head office"
# activity = "Opening meeting; incident and change management"

# Exclusions you would like to make. Nothing in clauses {clauses} may be excluded (clause 1.2 of
# the standard): iso20k reports every request as a finding. Scope is narrowed by services and
# locations above, never by clause.
# [[exclusion]]
# target = "{budgeting}"
# reason = "Budgeting is done by the parent company"

# Processes (or parts) run by another party stay in scope and need governance evidence
# ({governance}), plus supplier management ({suppliers}) for suppliers or an internal agreement
# ({internal}) otherwise.
# [[other_party]]
# target = "{problem}"
# party = "Acme Support Ltd"
# party_type = "supplier"          # supplier | internal-group | customer

# Tell iso20k what a file holds when it cannot tell from the headers.
# [[mapping]]
# file = "exports/tickets.csv"
# record_set = "incidents"
# [mapping.columns]
# id = "Ticket"
# opened_at = "Logged on"

# Risk accepted by management for a minor nonconformity, an observation or an opportunity for
# improvement: the finding stays in the report, marked, and leaves the verdict until the date.
# A waiver on a major nonconformity or an exclusion is refused.
# [[waiver]]
# finding = "interval_gap"         # the finding's code, as the report gives it
# requirement = "{supplier_review}"           # its primary requirement
# reason = "Supplier review moved to the contract renewal in March"
# approved_by = "Chief Operating Officer"
# until = 2027-03-31

# Planned intervals declared in your plans and procedures, in months.
[intervals]
# internal_audit = 12
# management_review = 6
# customer_satisfaction = 12
# supplier_review = 12

# The internal audit programme (`iso20k programme`) audits every clause at least once per
# cycle, and at least yearly the processes marked here (clauses or requirements).
# [programme]
# critical = [{critical}]        # critical to the services
# changed = ["{changed}"]                # changed since they were last audited
# plan = "audits/programme.json"   # the programme in force: internal audits are checked
#                                  # against the audits it planned (iso20k programme --start)
"#;

/// The clause ids the template's examples name, in the edition the workspace is for.
struct Examples {
    clauses: &'static str,
    works_in: &'static str,
    audits: &'static str,
    budgeting: &'static str,
    governance: &'static str,
    suppliers: &'static str,
    internal: &'static str,
    problem: &'static str,
    supplier_review: &'static str,
    critical: &'static str,
    changed: &'static str,
}

impl Examples {
    fn of(edition: &str) -> Examples {
        if edition == "2011" {
            Examples {
                clauses: "4-9",
                works_in: "6.6",
                audits: r#""4", "5", "7", "8", "9""#,
                budgeting: "6.4",
                governance: "4.2",
                suppliers: "7.2",
                internal: "6.1",
                problem: "8.2",
                supplier_review: "7.2-06",
                critical: r#""8.1", "6.3""#,
                changed: "9.2",
            }
        } else {
            Examples {
                clauses: "4-10",
                works_in: "8.7.3",
                audits: r#""4", "5", "6", "8", "9", "10""#,
                budgeting: "8.4.1",
                governance: "8.2.3",
                suppliers: "8.3.4.1",
                internal: "8.3.4.2",
                problem: "8.6.3",
                supplier_review: "8.3.4.1-07",
                critical: r#""8.6.1", "8.7.2""#,
                changed: "8.5.1",
            }
        }
    }

    fn fill(&self, template: &str) -> String {
        [
            ("{clauses}", self.clauses),
            ("{works_in}", self.works_in),
            ("{audits}", self.audits),
            ("{budgeting}", self.budgeting),
            ("{governance}", self.governance),
            ("{suppliers}", self.suppliers),
            ("{internal}", self.internal),
            ("{problem}", self.problem),
            ("{supplier_review}", self.supplier_review),
            ("{critical}", self.critical),
            ("{changed}", self.changed),
        ]
        .iter()
        .fold(template.to_string(), |text, (key, value)| {
            text.replace(key, value)
        })
    }
}

const REGISTER_HEADERS: [(&str, f64); 8] = [
    ("Requirement IDs", 18.0),
    ("Evidence title", 40.0),
    ("File reference", 40.0),
    ("Owner", 20.0),
    ("Date", 12.0),
    ("Self-assessed status", 20.0),
    ("Auditor verdict", 18.0),
    ("Auditor note", 40.0),
];

const STATUSES: [&str; 4] = ["Conforming", "Partial", "Nonconforming", "Not assessed"];

pub(super) fn run(dir: &Path, force: bool, edition: &str) -> Result<i32, Failure> {
    let Some(edition) = crate::catalogue::builtin_editions()
        .into_iter()
        .find(|e| e.answers_to(edition))
    else {
        return Err(Failure::Message(crate::catalogue::unknown_edition_message(
            edition,
        )));
    };
    let edition = edition.name().to_string();
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::Message(format!("cannot create `{}`: {e}", dir.display())))?;
    let manifest = dir.join(MANIFEST_FILE);
    let register = dir.join(REGISTER_FILE);
    for path in [&manifest, &register] {
        if path.exists() && !force {
            return Err(Failure::Message(format!(
                "`{}` already exists; nothing was written (use --force to replace it)",
                path.display()
            )));
        }
    }
    let organisation = dir
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default()
        .replace(['"', '\\'], "");
    let text = Examples::of(&edition)
        .fill(MANIFEST_TEMPLATE)
        .replace("{edition}", &edition)
        .replace("{organisation}", &organisation);
    let workbook = register_template()
        .map_err(|e| Failure::Message(format!("cannot build the register template: {e}")))?;
    write_atomically(&manifest, text.as_bytes()).map_err(Failure::of)?;
    write_atomically(&register, &workbook).map_err(Failure::of)?;
    if !crate::console::quiet() {
        print(&format!(
        "wrote {} and {}\nadd evidence files under {}, list them in the register, then run `iso20k evidence {}`\n",
        manifest.display(),
        register.display(),
        dir.display(),
        dir.display()
    ));
    }
    Ok(EXIT_OK)
}

fn register_template() -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut workbook = Workbook::new();
    // A fixed creation date keeps the template byte-identical from run to run.
    let properties = DocProperties::new()
        .set_title("Evidence register")
        .set_creation_datetime(&ExcelDateTime::from_ymd(2026, 1, 1)?);
    workbook.set_properties(&properties);
    let header = Format::new().set_bold().set_text_wrap();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Register")?;
    for (col, (title, width)) in REGISTER_HEADERS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *title, &header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let statuses = DataValidation::new().allow_list_strings(&STATUSES)?;
    sheet.add_data_validation(1, 5, 1000, 6, &statuses)?;

    let help = workbook.add_worksheet();
    help.set_name("How to fill in")?;
    let lines = [
        "One row per evidence item.",
        "Requirement IDs: catalogue ids such as 8.1-04, several separated by commas (iso20k catalogue list shows them all).",
        "File reference: path of the file relative to this folder, e.g. policies/incident-procedure.docx, or a URL.",
        "Self-assessed status: Conforming, Partial, Nonconforming or Not assessed (English or Chinese: 符合, 部分符合, 不符合).",
        "Auditor verdict: filled in by the auditor; it overrides the automatic result and both are kept.",
        "Nothing in the requirement clauses (4-9 in the 2011 edition, 4-10 in 2018) may be marked not applicable: scope is set by services and locations in assessment.toml.",
    ];
    help.set_column_width(0, 120)?;
    for (row, line) in lines.iter().enumerate() {
        help.write_string(row as u32, 0, *line)?;
    }
    workbook.save_to_buffer()
}
