//! Stable diagnostic codes for catalogue problems. Codes never change meaning once published;
//! a retired code is not reused.

/// A kind of catalogue problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CatalogueCode {
    /// The file is not valid TOML.
    Syntax,
    /// A key the schema does not know (often a typo).
    UnknownField,
    /// A value of the wrong type, out of range, or a required key missing.
    InvalidValue,
    /// A file the catalogue lists cannot be read.
    MissingFile,
    /// Two entries share an id.
    DuplicateId,
    /// A clause's parent does not exist.
    DanglingParent,
    /// A requirement names a clause that does not exist.
    UnknownClause,
    /// A text lacks its English or Chinese side.
    MissingText,
    /// A leaf subclause has no requirement.
    EmptyLeafClause,
    /// A requirement in a no-exclusion clause is marked tailorable.
    TailorableInNoExclusionClause,
    /// A requirement in a non-delegable clause allows another party to fulfil it.
    DelegableInNonDelegableClause,
    /// A requirement id does not start with its clause number.
    IdClauseMismatch,
    /// A requirement hangs on a clause that has subclauses.
    RequirementOnNonLeaf,
    /// A mapping key that no framework declares.
    UnknownMappingKey,
    /// A mapping or crosswalk entry names a clause the framework does not have.
    DanglingMapping,
    /// A document or record type names a requirement that does not exist.
    DanglingRequirement,
    /// A crosswalk row names a framework that does not exist.
    UnknownFramework,
    /// A typical-evidence text is missing (allowed, but the reports are poorer for it).
    MissingEvidenceText,
    /// An evidence rule's parameters do not fit its kind.
    InvalidRule,
    /// A Chinese text uses a rendering the glossary rules out.
    GlossaryVariant,
    /// A requirement's `transition` is missing, contradicts itself, or names a predecessor
    /// requirement that does not exist.
    BadTransition,
}

impl CatalogueCode {
    /// Every code, for uniqueness tests and documentation.
    pub const ALL: [CatalogueCode; 21] = [
        CatalogueCode::Syntax,
        CatalogueCode::UnknownField,
        CatalogueCode::InvalidValue,
        CatalogueCode::MissingFile,
        CatalogueCode::DuplicateId,
        CatalogueCode::DanglingParent,
        CatalogueCode::UnknownClause,
        CatalogueCode::MissingText,
        CatalogueCode::EmptyLeafClause,
        CatalogueCode::TailorableInNoExclusionClause,
        CatalogueCode::DelegableInNonDelegableClause,
        CatalogueCode::IdClauseMismatch,
        CatalogueCode::RequirementOnNonLeaf,
        CatalogueCode::UnknownMappingKey,
        CatalogueCode::DanglingMapping,
        CatalogueCode::DanglingRequirement,
        CatalogueCode::UnknownFramework,
        CatalogueCode::MissingEvidenceText,
        CatalogueCode::InvalidRule,
        CatalogueCode::GlossaryVariant,
        CatalogueCode::BadTransition,
    ];

    /// The stable code shown to users.
    pub fn code(self) -> &'static str {
        match self {
            CatalogueCode::Syntax => "CAT001",
            CatalogueCode::UnknownField => "CAT002",
            CatalogueCode::InvalidValue => "CAT003",
            CatalogueCode::MissingFile => "CAT004",
            CatalogueCode::DuplicateId => "CAT005",
            CatalogueCode::DanglingParent => "CAT006",
            CatalogueCode::UnknownClause => "CAT007",
            CatalogueCode::MissingText => "CAT008",
            CatalogueCode::EmptyLeafClause => "CAT009",
            CatalogueCode::TailorableInNoExclusionClause => "CAT010",
            CatalogueCode::DelegableInNonDelegableClause => "CAT011",
            CatalogueCode::IdClauseMismatch => "CAT012",
            CatalogueCode::RequirementOnNonLeaf => "CAT013",
            CatalogueCode::UnknownMappingKey => "CAT014",
            CatalogueCode::DanglingMapping => "CAT015",
            CatalogueCode::DanglingRequirement => "CAT016",
            CatalogueCode::UnknownFramework => "CAT017",
            CatalogueCode::MissingEvidenceText => "CAT018",
            CatalogueCode::InvalidRule => "CAT019",
            CatalogueCode::GlossaryVariant => "CAT020",
            CatalogueCode::BadTransition => "CAT021",
        }
    }

    /// Whether the problem stops the catalogue from being used.
    pub fn severity(self) -> crate::diagnostic::Severity {
        use crate::diagnostic::Severity;
        match self {
            CatalogueCode::IdClauseMismatch | CatalogueCode::MissingEvidenceText => {
                Severity::Warning
            }
            _ => Severity::Error,
        }
    }

    /// What the problem is, in a few words (en, zh).
    pub fn title(self) -> (&'static str, &'static str) {
        match self {
            CatalogueCode::Syntax => ("the file is not valid TOML", "文件不是有效的TOML"),
            CatalogueCode::UnknownField => ("a key the schema does not know", "结构中没有的键"),
            CatalogueCode::InvalidValue => (
                "a value of the wrong type or out of range, or a required key missing",
                "值类型错误、超出范围或缺少必需的键",
            ),
            CatalogueCode::MissingFile => (
                "a file the catalogue lists cannot be read",
                "无法读取目录所列的文件",
            ),
            CatalogueCode::DuplicateId => ("two entries share an id", "两个条目使用了相同的编号"),
            CatalogueCode::DanglingParent => {
                ("a clause's parent does not exist", "条款的上级条款不存在")
            }
            CatalogueCode::UnknownClause => (
                "a requirement names a clause that does not exist",
                "要求引用了不存在的条款",
            ),
            CatalogueCode::MissingText => (
                "a text lacks its English or Chinese side",
                "文本缺少英文或中文",
            ),
            CatalogueCode::EmptyLeafClause => (
                "a leaf subclause has no requirement",
                "末级子条款没有任何要求",
            ),
            CatalogueCode::TailorableInNoExclusionClause => (
                "a requirement in a no-exclusion clause is marked tailorable",
                "不可删减条款中的要求被标记为可删减",
            ),
            CatalogueCode::DelegableInNonDelegableClause => (
                "a requirement in a non-delegable clause may be met by another party",
                "不可委托条款中的要求被允许由其他方满足",
            ),
            CatalogueCode::IdClauseMismatch => (
                "a requirement id does not start with its clause number",
                "要求编号未以其条款号开头",
            ),
            CatalogueCode::RequirementOnNonLeaf => (
                "a requirement hangs on a clause that has subclauses",
                "要求挂在有子条款的条款上",
            ),
            CatalogueCode::UnknownMappingKey => (
                "a mapping key that no framework declares",
                "没有任何框架声明的映射键",
            ),
            CatalogueCode::DanglingMapping => (
                "a mapping names a clause the framework does not have",
                "映射引用了框架中不存在的条款",
            ),
            CatalogueCode::DanglingRequirement => (
                "a document or record type, or the header's `follow_up`, names a requirement that does not exist",
                "文件或记录类型引用了不存在的要求",
            ),
            CatalogueCode::UnknownFramework => (
                "a crosswalk row names a framework that does not exist",
                "对照表行引用了不存在的框架",
            ),
            CatalogueCode::MissingEvidenceText => {
                ("a typical-evidence text is missing", "缺少典型证据说明")
            }
            CatalogueCode::InvalidRule => (
                "an evidence rule's parameters do not fit its kind",
                "证据规则的参数与其类型不符",
            ),
            CatalogueCode::GlossaryVariant => (
                "a Chinese text uses a rendering the glossary rules out",
                "中文文本使用了术语表排除的译法",
            ),
            CatalogueCode::BadTransition => (
                "a requirement's transition from the predecessor edition is missing or wrong",
                "要求相对前一版本的转换信息缺失或有误",
            ),
        }
    }

    /// A one-line fix hint.
    pub fn hint(self) -> &'static str {
        match self {
            CatalogueCode::Syntax => "fix the TOML syntax at this position (a missing bracket, quote or comma is typical)",
            CatalogueCode::UnknownField => "check the spelling of the key; the message lists the keys this entry accepts",
            CatalogueCode::InvalidValue => "give the key a value of the type the schema expects (see the comment block at the top of the shipped clause files)",
            CatalogueCode::MissingFile => "create the file, or remove it from `files` in catalogue.toml",
            CatalogueCode::DuplicateId => "give each entry its own id; ids are the keys evidence and findings refer to",
            CatalogueCode::DanglingParent => "set `parent` to an existing clause id, or add the missing clause",
            CatalogueCode::UnknownClause => "set `clause` to the id of an existing leaf subclause",
            CatalogueCode::MissingText => "add both `en` and `zh` texts; reports are produced in either language",
            CatalogueCode::EmptyLeafClause => "add at least one [[requirement]] for this subclause; every leaf is assessed",
            CatalogueCode::TailorableInNoExclusionClause => "set `tailorable = false`: nothing in these clauses may be excluded (clause 1.2); processes run by others are governed, not excluded",
            CatalogueCode::DelegableInNonDelegableClause => "set `other_party_allowed = false`: only the provider itself can meet these clauses",
            CatalogueCode::IdClauseMismatch => "name requirements `<clause>-<nn>` so ids sort and read by clause",
            CatalogueCode::RequirementOnNonLeaf => "attach the requirement to one of the clause's subclauses",
            CatalogueCode::UnknownMappingKey => "use a `mapping_key` declared by a [[framework]] in crosswalk.toml",
            CatalogueCode::DanglingMapping => "use a clause id that the framework lists in crosswalk.toml, or add it there",
            CatalogueCode::DanglingRequirement => "use the id of an existing requirement",
            CatalogueCode::UnknownFramework => "use the id of a [[framework]] or of this catalogue",
            CatalogueCode::MissingEvidenceText => "describe in `typical_evidence.en` and `.zh` what an auditor would ask to see",
            CatalogueCode::InvalidRule => "fix the rule's `params` (the message says what the rule kind expects)",
            CatalogueCode::GlossaryVariant => "use the glossary's rendering (glossary.toml), so one term has one Chinese name everywhere",
            CatalogueCode::BadTransition => "give every requirement `transition = { change = \"new\" }` or `{ change = \"changed\" | \"carried_over\", from = [ids of the predecessor's requirements] }`, and name the predecessor's framework id in catalogue.toml's `predecessor`",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let codes: BTreeSet<_> = CatalogueCode::ALL.iter().map(|c| c.code()).collect();
        assert_eq!(codes.len(), CatalogueCode::ALL.len());
        for c in CatalogueCode::ALL {
            assert!(c.code().starts_with("CAT") && c.code().len() == 6, "{c:?}");
            assert!(!c.hint().is_empty());
        }
    }
}
