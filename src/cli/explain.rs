//! `iso20k explain [CODE]`: one code's entry from the registry (finding or diagnostic), or
//! every code; `--format markdown` writes the generated `docs/codes.md`.

use super::{print, Failure};
use crate::catalogue::Catalogue;
use crate::codes;
use crate::i18n::Lang;
use crate::EXIT_OK;

/// Output formats of `explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExplainFormat {
    /// Human-readable text.
    Text,
    /// JSON for scripts.
    Json,
    /// The generated code reference (docs/codes.md), for every code.
    Markdown,
}

/// Arguments of `explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A code such as `REC-CHG-APPROVAL-AFTER-IMPL`, `document_missing` or `MAN003`; every
    /// code when omitted.
    pub code: Option<String>,
    /// Language of text output.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
}

impl ExplainArgs {
    /// Whether the output is JSON (and so diagnostics are too).
    pub fn wants_json(&self) -> bool {
        self.format == ExplainFormat::Json
    }
}

fn json(e: &codes::Entry) -> serde_json::Value {
    serde_json::json!({
        "code": e.code,
        "family": e.family.label(),
        "grade": e.grade.map(|g| g.name()),
        "title": e.title,
        "explanation": e.explanation,
        "rationale": e.rationale,
        "action": e.action,
        "check": e.check,
    })
}

pub(super) fn run(args: &ExplainArgs) -> Result<i32, Failure> {
    if args.format == ExplainFormat::Markdown {
        print(&codes::markdown());
        return Ok(EXIT_OK);
    }
    let Some(code) = &args.code else {
        let all = codes::entries();
        match args.format {
            ExplainFormat::Json => {
                let list: Vec<_> = all.iter().map(json).collect();
                print(&format!(
                    "{}\n",
                    serde_json::to_string_pretty(&list).unwrap_or_default()
                ));
            }
            _ => {
                let width = all.iter().map(|e| e.code.len()).max().unwrap_or(0);
                let mut out = String::new();
                for e in &all {
                    out.push_str(&format!(
                        "{:width$}  {:12}  {}\n",
                        e.code,
                        e.grade.map_or("", |g| g.name()),
                        e.title.get(args.lang)
                    ));
                }
                print(&out);
            }
        }
        return Ok(EXIT_OK);
    };
    let Some(entry) = codes::find(code) else {
        let near = codes::similar(code);
        let hint = if near.is_empty() {
            "run `iso20k explain` to list every code".to_string()
        } else {
            format!(
                "did you mean {}? (`iso20k explain` lists every code)",
                near.join(", ")
            )
        };
        return Err(Failure::Message(format!("no code `{code}`; {hint}")));
    };
    match args.format {
        ExplainFormat::Json => print(&format!(
            "{}\n",
            serde_json::to_string_pretty(&json(&entry)).unwrap_or_default()
        )),
        _ => {
            // Where each built-in edition runs the check.
            let catalogues: Vec<Catalogue> = crate::catalogue::builtin_editions()
                .iter()
                .filter_map(|e| Catalogue::builtin_edition(&e.id)?.ok())
                .collect();
            print(&codes::explain(&entry, args.lang, &catalogues));
        }
    }
    Ok(EXIT_OK)
}
