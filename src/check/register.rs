//! `register` rule: the evidence register's rows for a requirement — the provider's own
//! status, backed by a file. Consulted for every requirement, explicitly wired or not.
//!
//! What the register says is a claim, and its outcome rests on [`Basis::SelfDeclared`]: a
//! claim of conformity is never proof (an internal audit reads it as not assessed, a gap
//! analysis shows it as claimed and scores it apart), while an admitted gap is taken at its
//! word. Only a check of the cited document's control examines objective evidence.
//!
//! Codes: `register_self_partial`, `register_self_nonconforming`, `register_evidence_missing`,
//! `register_document_uncontrolled`.

use serde::Deserialize;

use super::findings;
use super::rule::{file_ref, Context, Draft, Outcome};
use super::rule::{Kind, Prior};
use crate::assessment::{Basis, Status};
use crate::catalogue::Requirement;
use crate::i18n::Text;

/// Parameters of a `register` rule.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The evidence must be a controlled document: approved and versioned.
    #[serde(default)]
    pub document: bool,
}

/// The `register` kind of rule. The register is consulted for every requirement: where the
/// catalogue wires no register rule, one with the default parameters judges it.
pub struct RegisterRule;

impl Kind for RegisterRule {
    const NAME: &'static str = "register";
    type Params = Params;

    fn implicit() -> Option<Params> {
        Some(Params::default())
    }

    fn evaluate(params: &Params, req: &Requirement, ctx: &Context, _: &Prior) -> Outcome {
        evaluate(params, req, ctx)
    }
}

/// A register status word as a requirement status.
pub fn status_of(normalised: &str) -> Option<Status> {
    match normalised {
        "conforming" => Some(Status::Conforming),
        "partial" => Some(Status::Partial),
        "nonconforming" => Some(Status::Nonconforming),
        _ => None,
    }
}

/// Evaluates the register rows that name `req`.
pub fn evaluate(params: &Params, req: &Requirement, ctx: &Context) -> Outcome {
    let rows: Vec<_> = ctx
        .evidence
        .register
        .iter()
        .filter(|r| r.requirements.iter().any(|id| id == &req.id))
        .collect();
    if rows.is_empty() {
        return Outcome::not_assessed(Text::new(
            "no evidence-register row names this requirement",
            "证据清单中没有对应此要求的条目",
        ));
    }
    let sha = |path: &str| {
        ctx.evidence
            .files
            .iter()
            .find(|f| f.path == path)
            .map(|f| f.sha256.clone())
            .unwrap_or_default()
    };
    let mut outcome = Outcome {
        basis: Basis::SelfDeclared,
        ..Outcome::status(Status::NotAssessed)
    };
    for row in rows {
        let status = row.status.as_deref().and_then(status_of);
        let cite = |d: &mut Draft| {
            d.evidence.push(super::EvidenceRef {
                path: row.register.clone(),
                sha256: sha(&row.register),
                sheet: None,
                rows: vec![row.row],
                record_ids: Vec::new(),
                locations: Vec::new(),
            });
            if let Some(p) = &row.path {
                d.evidence.push(file_ref(p, &sha(p)));
            }
        };
        let title = row.title.clone().unwrap_or_else(|| "(untitled)".into());
        let subject =
            super::subject::register_entry(row.title.as_deref(), row.path.as_deref(), row.row);
        match status {
            Some(Status::Conforming) if row.path.is_none() => {
                let mut d = Draft::new(
                    &findings::REGISTER_EVIDENCE_MISSING,
                    &req.id,
                    subject.clone(),
                    Text::new(
                        format!("The register claims {} is met (\"{title}\", row {}), but the evidence file is not in the workspace.", req.id, row.row),
                        format!("证据清单声称{}已满足（“{title}”，第{}行），但工作区中没有相应的证据文件。", req.id, row.row),
                    ),
                    Text::new(
                        "Add the evidence file to the workspace and correct the file reference in the register.",
                        "将证据文件放入工作区，并更正证据清单中的文件路径。",
                    ),
                );
                cite(&mut d);
                outcome = outcome.with(d, Status::NotAssessed);
            }
            Some(Status::Conforming) => {
                let mut status = Status::Conforming;
                if params.document {
                    if let Some(doc) = row
                        .path
                        .as_deref()
                        .and_then(|p| ctx.evidence.documents.iter().find(|d| d.path == p))
                    {
                        let problems = super::document::control_problems(doc, ctx, 12);
                        if !problems.is_empty() {
                            let (en, zh): (Vec<_>, Vec<_>) = problems.into_iter().unzip();
                            let mut d = Draft::new(
                                &findings::REGISTER_DOCUMENT_UNCONTROLLED,
                                &req.id,
                                subject.clone(),
                                Text::new(
                                    format!("The document cited for {} (\"{title}\") is not under document control: {}.", req.id, en.join("; ")),
                                    format!("为{}提供的文件（“{title}”）未受控：{}。", req.id, zh.join("；")),
                                ),
                                Text::new(
                                    "Approve, version and schedule the review of the document under the document-control procedure.",
                                    "按文件控制程序对该文件进行批准、版本管理并安排评审。",
                                ),
                            );
                            cite(&mut d);
                            outcome = outcome.with(d, Status::Partial);
                            // The document itself was examined: this much is verified.
                            outcome.basis = Basis::Verified;
                            status = Status::Partial;
                        }
                    }
                }
                if status.severity() > outcome.status.severity() {
                    outcome.status = status;
                }
            }
            Some(Status::Partial) => {
                let mut d = Draft::new(
                    &findings::REGISTER_SELF_PARTIAL,
                    &req.id,
                    subject.clone(),
                    Text::new(
                        format!("The provider assesses {} as partly met (\"{title}\", register row {}).", req.id, row.row),
                        format!("服务提供方自评{}为部分满足（“{title}”，证据清单第{}行）。", req.id, row.row),
                    ),
                    Text::new(
                        format!("Close the remaining gap for {} and record the evidence in the register.", req.id),
                        format!("弥补{}的剩余差距，并在证据清单中记录证据。", req.id),
                    ),
                );
                cite(&mut d);
                outcome = outcome.with(d, Status::Partial);
            }
            Some(Status::Nonconforming) => {
                let mut d = Draft::new(
                    &findings::REGISTER_SELF_NONCONFORMING,
                    &req.id,
                    subject.clone(),
                    Text::new(
                        format!("The provider assesses {} as not met (\"{title}\", register row {}).", req.id, row.row),
                        format!("服务提供方自评{}为未满足（“{title}”，证据清单第{}行）。", req.id, row.row),
                    ),
                    Text::new(
                        format!("Plan and implement what {} requires, then record the evidence in the register.", req.id),
                        format!("策划并实施{}所要求的内容，然后在证据清单中记录证据。", req.id),
                    ),
                );
                cite(&mut d);
                outcome = outcome.with(d, Status::Nonconforming);
            }
            _ => {}
        }
    }
    if outcome.status == Status::NotAssessed && outcome.drafts.is_empty() {
        outcome.notes.push(Text::new(
            "the register rows give no usable status",
            "证据清单条目未给出可用的状态",
        ));
    }
    outcome
}
