//! Judgements made once for the whole workspace before any requirement's rules run, which
//! some kinds of rule then report requirement by requirement: what a rule may read besides
//! its own parameters and the evidence.

use std::collections::HashMap;

use super::{Draft, Outcome};
use crate::assessment::Status;
use crate::catalogue::Requirement;
use crate::i18n::Text;

/// The judgements made before the requirements' rules run.
pub struct Prior<'a> {
    /// Governance of the processes other parties operate.
    pub governance: &'a Governance,
}

/// Governance findings and the status each governance requirement takes from them.
pub struct Governance {
    /// Findings.
    pub drafts: Vec<Draft>,
    pub(super) statuses: HashMap<String, Status>,
    pub(super) declared: bool,
}

impl Governance {
    /// The outcome of a `governance` rule on `req`.
    pub fn outcome_for(&self, req: &Requirement) -> Outcome {
        if !self.declared {
            return Outcome::not_assessed(Text::new(
                "no process run by another party is declared (no population: neither a pass nor a fail)",
                "未声明由其他方运行的过程（无适用对象：既非通过也非不通过）",
            ));
        }
        Outcome::status(
            self.statuses
                .get(&req.id)
                .copied()
                .unwrap_or(Status::Conforming),
        )
    }
}
