//! Every fixed text a report shows, in English and Chinese. Renderers take labels from here
//! (templates get them as `labels.*`), so a report is translated in one place.

use serde::Serialize;

use crate::assessment::{Grade, Status, Verdict};
use crate::evidence::manifest::AssessmentKind;
use crate::i18n::Lang;

macro_rules! labels {
    ($($field:ident: $en:expr, $zh:expr;)*) => {
        /// Labels of one language.
        #[derive(Debug, Clone, Serialize)]
        pub struct Labels {
            $(#[allow(missing_docs)] pub $field: &'static str,)*
        }

        impl Labels {
            /// The labels of `lang`.
            pub fn of(lang: Lang) -> Labels {
                match lang {
                    Lang::En => Labels { $($field: $en,)* },
                    Lang::Zh => Labels { $($field: $zh,)* },
                }
            }
        }
    };
}

labels! {
    gap_title: "ISO/IEC 20000-1:2011 gap analysis", "ISO/IEC 20000-1:2011 差距分析报告";
    audit_title: "ISO/IEC 20000-1:2011 internal audit report", "ISO/IEC 20000-1:2011 内部审核报告";
    organisation: "Organisation", "组织";
    assessment_date: "Assessment date", "评估日期";
    audit_date: "Audit date", "审核日期";
    period: "Period", "评估周期";
    scope: "Scope", "范围";
    services: "Services", "服务";
    locations: "Locations", "地点";
    team: "Team", "评估组";
    edition: "Criteria", "依据标准";
    catalogue: "Catalogue", "要求目录";
    overall_score: "Overall score", "总体得分";
    verdict: "Verdict", "结论";
    summary: "Summary", "概要";
    executive_summary: "Executive summary", "执行摘要";
    method: "Method and rating scale", "方法和评级标准";
    method_text: "Every obligation of clauses 4-9 was judged from the evidence supplied: controlled documents, the evidence register and operational records exported from the ITSM tools. Requirements score 100 when conforming, 50 when partially conforming and 0 when nonconforming; scores are weighted up to subclause, clause and overall. Findings are graded as certification bodies grade them: a major nonconformity affects the capability of the management system; a minor one is an isolated lapse; an observation is a weakness that may become a nonconformity; an opportunity for improvement is a suggestion where requirements are met.", "依据所提供的证据（受控文件、证据清单以及从ITSM工具导出的运行记录）对第4至9章的每项要求进行评价。要求符合得100分，部分符合得50分，不符合得0分；得分按权重汇总至子条款、条款及总体。发现项按认证机构惯例分级：严重不符合影响管理体系实现预期结果的能力；轻微不符合为个别疏漏；观察项为可能发展为不符合的薄弱环节；改进机会为在满足要求前提下的改进建议。";
    sampling_note: "Audits are sampling exercises: where records were sampled, the evidence may not be fully representative of the whole population.", "审核是一种抽样活动：对记录进行抽样时，证据可能无法完全代表整体。";
    clause_scores: "Scores by clause", "各条款得分";
    clause: "Clause", "条款";
    title: "Title", "标题";
    score: "Score", "得分";
    conforming: "Conforming", "符合";
    partial: "Partial", "部分符合";
    nonconforming: "Nonconforming", "不符合";
    not_assessed: "Not assessed", "未评估";
    requirements: "Requirements", "要求";
    requirement: "Requirement", "要求";
    text: "Requirement (paraphrase)", "要求（转述）";
    status: "Status", "状态";
    auto_status: "Automatic status", "自动评价状态";
    auditor_status: "Auditor verdict", "审核员结论";
    auditor_note: "Auditor note", "审核员说明";
    findings: "Findings", "发现项";
    finding: "Finding", "发现项";
    evidence: "Evidence", "证据";
    evidence_files: "Evidence files", "证据文件";
    recommended_action: "Recommended action", "建议措施";
    grade: "Grade", "等级";
    major: "Major nonconformity", "严重不符合";
    minor: "Minor nonconformity", "轻微不符合";
    observation: "Observation", "观察项";
    ofi: "Opportunity for improvement", "改进机会";
    counts: "Findings by grade", "各等级发现项数量";
    statement: "Statement", "描述";
    recommendation: "Recommendation", "建议";
    code: "Code", "代码";
    action_plan: "Action plan", "行动计划";
    priority: "Priority", "优先级";
    owner: "Owner", "负责人";
    due_date: "Due date", "计划完成日期";
    action_status: "Action status", "行动状态";
    mandatory_documents: "Mandatory documents", "强制性文件";
    document_type: "Document", "文件类型";
    found: "Found", "是否找到";
    file: "File", "文件";
    approved: "Approved", "已批准";
    next_review: "Next review", "下次评审";
    version: "Version", "版本";
    yes: "yes", "是";
    no: "no", "否";
    path: "Path", "路径";
    sha256: "SHA-256", "SHA-256";
    bytes: "Bytes", "字节";
    kind: "Kind", "类型";
    serves: "Requirements served", "对应要求";
    tailoring: "Tailoring requests", "删减申请";
    target: "Target", "对象";
    requested: "Requested in", "申请来源";
    reason: "Reason", "理由";
    decision: "Decision", "决定";
    no_tailoring: "No exclusion was requested.", "未申请删减。";
    top_gaps: "Most serious gaps", "最主要的差距";
    sampling: "Sampling appendix", "抽样附录";
    population: "Population", "总体";
    sample_method: "Method", "方法";
    seed: "Seed", "种子";
    sample_size: "Sample size", "样本量";
    sampled_ids: "Sampled records", "抽样记录";
    audit_details: "Audit details", "审核信息";
    objectives: "Audit objectives", "审核目标";
    objectives_text: "Determine whether the service management system conforms to ISO/IEC 20000-1:2011, to the service requirements and to the provider's own SMS requirements, and whether it is effectively implemented and maintained (4.5.4.2).", "确定服务管理体系是否符合ISO/IEC 20000-1:2011、服务要求及服务提供方自身的体系要求，并得到有效实施和保持（4.5.4.2）。";
    criteria: "Audit criteria", "审核准则";
    criteria_text: "ISO/IEC 20000-1:2011 clauses 4-9; the provider's service management policy, plan and procedures; the agreed service requirements.", "ISO/IEC 20000-1:2011第4至9章；服务提供方的服务管理方针、计划和程序；商定的服务要求。";
    conclusions: "Audit conclusions", "审核结论";
    fulfilment: "Degree of fulfilment of the criteria", "准则满足程度";
    independence: "The auditors did not audit their own work (4.5.4.2).", "审核员未审核自己的工作（4.5.4.2）。";
    corrective_actions: "Corrective-action requests", "纠正措施要求";
    root_cause: "Root cause", "根本原因";
    correction: "Correction", "纠正";
    corrective_action: "Corrective action", "纠正措施";
    verification: "Verification", "验证";
    distribution: "Distribution", "分发";
    distribution_text: "Top management; the management of the audited areas; the management representative.", "最高管理者；受审核区域的管理者；管理者代表。";
    sign_off: "Sign-off", "签署";
    lead_auditor: "Lead auditor", "审核组长";
    auditee_representative: "Auditee representative", "受审核方代表";
    signature_date: "Signature and date", "签名及日期";
    contents: "Contents", "目录";
    none: "None.", "无。";
    generated_by: "Generated by iso20k from the assessment of", "由iso20k根据以下评估生成：";
    copyright: "Requirement texts are the project's own paraphrases, not the text of the standard.", "要求文本为本项目的转述，并非标准原文。";
    ready: "Ready for certification", "具备认证条件";
    ready_with_minor: "Ready, with minor nonconformities to correct", "基本具备认证条件，需纠正轻微不符合";
    not_ready: "Not ready for certification", "尚不具备认证条件";
    gap: "Gap analysis", "差距分析";
    internal_audit: "Internal audit", "内部审核";
    rows: "Rows", "行";
    sheet: "Sheet", "工作表";
    record_ids: "Record ids", "记录编号";
    details: "Details", "详细信息";
    value: "Value", "值";
    page: "Page", "第";
    of: "of", "页，共";
}

impl Labels {
    /// The label of a grade.
    pub fn grade(&self, g: Grade) -> &'static str {
        match g {
            Grade::Major => self.major,
            Grade::Minor => self.minor,
            Grade::Observation => self.observation,
            Grade::Ofi => self.ofi,
        }
    }

    /// The label of a status.
    pub fn status(&self, s: Status) -> &'static str {
        match s {
            Status::Conforming => self.conforming,
            Status::Partial => self.partial,
            Status::Nonconforming => self.nonconforming,
            Status::NotAssessed => self.not_assessed,
        }
    }

    /// The label of a verdict.
    pub fn verdict(&self, v: Verdict) -> &'static str {
        match v {
            Verdict::Ready => self.ready,
            Verdict::ReadyWithMinor => self.ready_with_minor,
            Verdict::NotReady => self.not_ready,
        }
    }

    /// The label of an assessment kind.
    pub fn kind(&self, k: AssessmentKind) -> &'static str {
        match k {
            AssessmentKind::Gap => self.gap,
            AssessmentKind::InternalAudit => self.internal_audit,
        }
    }

    /// The report title of an assessment kind.
    pub fn report_title(&self, k: AssessmentKind) -> &'static str {
        match k {
            AssessmentKind::Gap => self.gap_title,
            AssessmentKind::InternalAudit => self.audit_title,
        }
    }
}
