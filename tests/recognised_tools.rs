//! The ITSM tools the README says iso20k reads, each with an export written here in that
//! tool's shape (its headers, delimiter, quoting, encoding, date format and value words), read
//! with no mapping: recognised as the right record set, with the right row count, dated, and
//! with every priority and state understood. The README's list and this file's list are kept
//! equal by a test, so a tool named there has a fixture here.

mod common;

use std::path::Path;

use serde_json::Value;

/// One tool's export: where it goes in the workspace, its bytes, and what it must read as.
struct Export {
    tool: &'static str,
    path: &'static str,
    bytes: Vec<u8>,
    /// (record set, rows) in the order `iso20k evidence` lists them.
    sets: &'static [(&'static str, u64)],
    /// The evidence date the export gives a workspace without a manifest.
    date: &'static str,
}

fn exports() -> Vec<Export> {
    vec![
        Export {
            tool: "ServiceNow",
            path: "sn/incident.csv",
            bytes: br#""number","opened_at","short_description","caller_id","priority","state","category","assignment_group","assigned_to","impact","urgency","resolved_at","closed_at","made_sla"
"INC0010101","2026-03-02 09:14:22","Email outage for finance","Abel Tuter","1 - Critical","Closed","Software","Service Desk","Beth Anglin","1 - High","1 - High","2026-03-02 11:02:10","2026-03-05 12:00:00","true"
"INC0010102","2026-03-03 10:00:00","VPN drops","Fred Luddy","3 - Moderate","Resolved","Network","Network","","2 - Medium","2 - Medium","2026-03-03 15:30:00","","true"
"INC0010103","2026-03-04 08:30:00","Printer jam","Don Goodliffe","4 - Low","On Hold","Hardware","Service Desk","Beth Anglin","3 - Low","3 - Low","","","false"
"#
            .to_vec(),
            sets: &[("incidents", 3)],
            date: "2026-03-05",
        },
        Export {
            tool: "Jira Service Management",
            path: "jira/Jira.csv",
            bytes: b"Summary,Issue key,Issue id,Issue Type,Status,Priority,Resolution,Assignee,Reporter,Created,Updated,Resolved,Custom field (Impact),Custom field (Urgency)\n\
Payroll app down,ITSM-201,10201,[System] Incident,Done,Highest,Done,Ana Silva,Joe Bloggs,02/Mar/26 9:41 AM,03/Mar/26 10:00 AM,02/Mar/26 1:15 PM,Extensive / Widespread,Critical\n\
Laptop slow,ITSM-202,10202,[System] Incident,In Progress,Medium,,Ana Silva,Mary Major,04/Mar/26 2:05 PM,05/Mar/26 9:00 AM,,Minor / Localized,Medium\n\
New starter laptop,ITSM-204,10204,[System] Service request,Done,Low,Done,Li Wei,Joe Bloggs,05/Mar/26 11:20 AM,06/Mar/26 4:00 PM,06/Mar/26 3:45 PM,,\n"
                .to_vec(),
            sets: &[("incidents", 2), ("service_requests", 1)],
            date: "2026-03-06",
        },
        Export {
            tool: "BMC",
            path: "remedy/HPD_Help_Desk.csv",
            bytes: b"Incident ID,Submit Date,Summary,Priority,Impact,Urgency,Status,Assigned Group,Assignee,Last Resolved Date,Closed Date,Categorization Tier 1\n\
INC000000012001,3/2/2026 9:00:00 AM,Exchange unavailable,Critical,1-Extensive/Widespread,1-Critical,Closed,Messaging,Allen Allbrook,3/2/2026 1:00:00 PM,3/6/2026 9:00:00 AM,Software\n\
INC000000012002,3/3/2026 10:30:00 AM,Password reset fails,Medium,3-Moderate/Limited,3-Medium,Resolved,Service Desk,Bob Baxter,3/3/2026 11:00:00 AM,,Access\n\
INC000000012003,3/13/2026 2:00:00 PM,Monitor flicker,Low,4-Minor/Localized,4-Low,Assigned,Desktop,,,,Hardware\n"
                .to_vec(),
            sets: &[("incidents", 3)],
            date: "2026-03-13",
        },
        Export {
            tool: "GLPI",
            path: "glpi/chamados.csv",
            bytes: common::glpi_tickets(),
            sets: &[("incidents", 3), ("service_requests", 2)],
            date: "2026-03-06",
        },
        Export {
            tool: "OTRS",
            path: "otrs/estatisticas.csv",
            bytes: otrs_ticket_statistics(),
            sets: &[("incidents", 4), ("service_requests", 1)],
            date: "2026-03-04",
        },
        Export {
            tool: "iTop",
            path: "itop/export-Incident.csv",
            bytes: b"Ref,Title,Status,Priority,Impact,Urgency,Start date,Resolution date,Close date,Team,Agent,Service\n\
I-000101,Mail server down,closed,critical,A department,critical,2026-03-02 09:00:00,2026-03-02 12:00:00,2026-03-04 09:00:00,Support L2,Jules Verne,Messaging\n\
I-000102,Slow VPN,resolved,medium,A person,medium,2026-03-03 10:00:00,2026-03-03 16:00:00,,Network,Ada Lovelace,Network\n\
I-000103,Broken keyboard,assigned,low,A service,low,2026-03-05 11:00:00,,,Support L1,,Desktop\n"
                .to_vec(),
            sets: &[("incidents", 3)],
            date: "2026-03-05",
        },
        Export {
            tool: "HP Service Desk",
            path: "hp/wijzigingen.txt",
            bytes: b"'Nummer'\t'Categorie'\t'Status'\t'Aangemaakt'\t'Geplande start'\t'Risico'\n\
'60.821'\t'Normaal'\t'Gesloten'\t'02-03-2026'\t'05-03-2026'\t'Laag'\n\
'60.822'\t'Spoed'\t'Gesloten'\t'04-03-2026'\t'04-03-2026'\t'Hoog'\n\
'60.823'\t'Normaal'\t'Open'\t'06-03-2026'\t'09-03-2026'\t'Laag'\n"
                .to_vec(),
            sets: &[("changes", 3)],
            date: "2026-03-06",
        },
        Export {
            tool: "Chinese headers",
            path: "itsm/事件清单.csv",
            bytes: "\u{feff}事件编号,标题,创建时间,优先级,影响度,紧急度,状态,分类,处理组,处理人,解决时间,关闭时间\n\
INC-2026-0301,邮件系统中断,2026/3/2 9:00,紧急,高,高,已关闭,邮件,运维一组,张伟,2026/3/2 11:30,2026/3/3 9:00\n\
INC-2026-0302,打印机故障,2026/3/3 10:00,低,低,低,处理中,硬件,桌面支持,李娜,,\n\
INC-2026-0303,VPN 无法连接,2026/3/4 14:00,高,中,高,已解决,网络,网络组,王强,2026/3/4 16:00,\n"
                .as_bytes()
                .to_vec(),
            sets: &[("incidents", 3)],
            date: "2026-03-04",
        },
    ]
}

/// An OTRS/Znuny ticket-list statistic as its Brazilian Portuguese interface exports it:
/// BOM, `;`, every field quoted, translated headers beside internal ones (`StateType`,
/// `SolutionTime`, `Close Time`), priorities numbered the other way round (`5 muito alta` is
/// the highest), SLA names in `SLA`, a `Tipo` telling incidents from requests. Planted: ticket
/// …0055 is a priority-1 incident open since January, at the assessment date long stalled;
/// ticket …0011 is closed (`fechado com êxito`) with no solution time written, and is not.
fn otrs_ticket_statistics() -> Vec<u8> {
    let header = "Número;Chamado#;Idade;Título;Criado;Modificado;Close Time;Fila;Estado;Prioridade;Usuário Cliente;Serviço;SLA;Tipo;Proprietário;StateType;SolutionTime;FirstResponse";
    let rows = [
        "1;2026030110000011;30 d;Servidor de e-mail fora;2026-03-01 10:00:00;2026-03-01 14:00:00;;Suporte N1;fechado com êxito;5 muito alta;ana;E-mail;Atendimento 4H;Incidente;joao;closed;;2026-03-01 10:05:00",
        "2;2026030210000022;29 d;Novo acesso VPN;2026-03-02 10:00:00;2026-03-03 09:00:00;2026-03-03 09:00:00;Suporte N1;fechado com êxito;3 normal;rui;Rede;Atendimento 8H;Requisição de Serviço;joao;closed;2026-03-03 08:00:00;2026-03-02 10:30:00",
        "3;2026030310000033;28 d;Impressora;2026-03-03 11:00:00;2026-03-04 12:00:00;;Suporte N2;aberto;2 baixa;eva;;Atendimento 8H;Incidente;maria;open;;2026-03-03 11:20:00",
        "4;2026030410000044;27 d;Lentidão no ERP;2026-03-04 09:00:00;2026-03-04 18:00:00;2026-03-04 18:00:00;Suporte N2;fechado sem êxito;4 alta;ana;ERP;Atendimento 4H;Incidente;maria;closed;2026-03-04 17:00:00;2026-03-04 09:10:00",
        "5;2026011510000055;75 d;Falha no link da filial;2026-01-15 08:00:00;2026-02-01 09:00:00;;Redes;aberto;5 muito alta;eva;Rede;Atendimento 4H;Incidente;joao;open;;2026-01-15 08:20:00",
    ];
    let quote = |line: &str| {
        line.split(';')
            .map(|f| format!("\"{f}\""))
            .collect::<Vec<_>>()
            .join(";")
    };
    let mut text = String::from("\u{feff}");
    text.push_str(&quote(header));
    text.push_str("\r\n");
    for r in rows {
        text.push_str(&quote(r));
        text.push_str("\r\n");
    }
    text.into_bytes()
}

fn evidence(ws: &Path) -> Value {
    let (code, out, err) = common::iso20k(&["evidence", ws.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn every_tool_the_readme_names_is_read_with_no_mapping() {
    for export in exports() {
        let dir = tempfile::tempdir().unwrap();
        common::file(&dir.path().join(export.path), &export.bytes);
        let index = evidence(dir.path());
        let sets: Vec<(String, u64)> = index["record_sets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["kind"].as_str().unwrap().to_string(),
                    r["rows"].as_u64().unwrap(),
                )
            })
            .collect();
        let want: Vec<(String, u64)> = export
            .sets
            .iter()
            .map(|(k, n)| (k.to_string(), *n))
            .collect();
        assert_eq!(sets, want, "{}: {index}", export.tool);
        assert_eq!(index["assessment_date"], export.date, "{}", export.tool);
        assert!(
            index["documents"].as_array().unwrap().is_empty(),
            "{}",
            export.tool
        );
        // Every value of every column taken was read: no priority, state or date word left.
        let warnings = index["warnings"].to_string();
        assert!(
            !warnings.contains("cannot be read"),
            "{}: {warnings}",
            export.tool
        );
        for set in index["record_sets"].as_array().unwrap() {
            if set["kind"] != "changes" {
                for field in ["id", "opened_at", "priority", "state"] {
                    assert!(
                        set["columns"].get(field).is_some(),
                        "{}: no {field} in {set}",
                        export.tool
                    );
                }
            }
        }
    }
}

#[test]
fn the_readme_lists_exactly_the_tools_tested_here() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let flat = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    let start = flat
        .find("ITSM exports (")
        .expect("the README lists the tools")
        + "ITSM exports (".len();
    let end = start + flat[start..].find(')').unwrap();
    let listed: Vec<&str> = flat[start..end].split(", ").collect();
    let tested: Vec<&str> = exports().iter().map(|e| e.tool).collect();
    assert_eq!(listed, tested);
}

#[test]
fn a_portuguese_otrs_statistic_is_read_with_its_states_and_reversed_priorities() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    common::file(
        &ws.join("assessment.toml"),
        b"organisation = \"Exemplo Ltda\"\nassessment_date = 2026-03-31\nedition = \"2018\"\n",
    );
    common::file(&ws.join("otrs/estatisticas.csv"), &otrs_ticket_statistics());
    let index = evidence(&ws);
    let incidents = &index["record_sets"][0];
    assert_eq!(
        incidents["columns"]["id"], "Chamado#",
        "the ticket number, not the row counter"
    );
    assert_eq!(incidents["columns"]["resolved_at"], "SolutionTime");
    assert_eq!(
        incidents["rejected"][0]["header"], "SLA",
        "SLA names are no SLA outcome"
    );
    let a = common::assess_json(
        &ws,
        &dir.path().join("out"),
        &["--format", "json", "--quiet"],
    );
    let cited = |code: &str| common::cited(&a, code);
    // `5 muito alta`, open since January: stalled. `fechado com êxito` without a solution time
    // is closed, not stalled.
    assert_eq!(cited("REC-INC-P1-STALLED"), ["2026011510000055"]);
    // Only the incident with no service is unclassified; no priority word went unread.
    assert_eq!(cited("REC-INC-UNCLASSIFIED"), ["2026030310000033"]);
    assert!(cited("REC-INC-SLA-UNMEASURED").is_empty());
}
