//! Every fixed text a report shows, in English and Chinese. Renderers take labels from here
//! (templates get them as `labels.*`), so a report is translated in one place.

use serde::Serialize;

use crate::assessment::{Basis, Grade, Status, Verdict};
use crate::domain::engagement::AssessmentKind;
use crate::i18n::Lang;

/// Fills a label's placeholders: `{edition}` (ISO/IEC 20000-1:2018), `{clauses}` (the span
/// of top-level clauses: 4-10) and `{audit_clause}` (the clause asking for internal audits),
/// whose parenthesis is dropped when the catalogue has no such clause.
pub fn fill(label: &str, edition: &str, clauses: &str, audit_clause: &str) -> String {
    let mut text = label.to_string();
    if audit_clause.is_empty() {
        text = text
            .replace(" ({audit_clause})", "")
            .replace("（{audit_clause}）", "");
    }
    text.replace("{edition}", edition)
        .replace("{clauses}", clauses)
        .replace("{audit_clause}", audit_clause)
}

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
    gap_title: "gap analysis", "差距分析报告";
    audit_title: "internal audit report", "内部审核报告";
    transition_title: "transition gap analysis", "转换差距分析报告";
    organisation: "Organisation", "组织";
    assessment_date: "Assessment date", "评估日期";
    audit_date: "Audit date", "审核日期";
    period: "Period", "评估周期";
    scope: "Scope", "范围";
    services: "Services", "服务";
    locations: "Locations", "地点";
    team: "Team", "评估组";
    audit_team: "Audit team", "审核组";
    audit_period: "Period audited", "审核期间";
    edition: "Criteria", "依据标准";
    catalogue: "Catalogue", "要求目录";
    overall_score: "Overall score", "总体得分";
    verdict: "Verdict", "结论";
    summary: "Summary", "概要";
    executive_summary: "Executive summary", "执行摘要";
    method: "Method and rating scale", "方法和评级标准";
    method_text: "Every obligation of clauses {clauses} was judged from the evidence supplied: controlled documents, the evidence register and operational records exported from the ITSM tools. Each requirement states the basis of its status: verified by a rule that examined objective evidence (records, documents, dated events), judged by the auditor, or claimed by the provider only; a claim is never counted as proof. Requirements score 100 when conforming, 50 when partially conforming and 0 when nonconforming; scores are weighted up to subclause, clause and overall over the requirements verified or judged by the auditor: what was not assessed is left out, alike in a gap analysis and an internal audit, and a claim is read as not assessed. Findings are graded with the grading profile named below, as certification bodies grade them: a major nonconformity is a process, document or record set absent altogether, a systemic failure (at or above both thresholds of share and count of the records tested), an attempted exclusion or a requirement not implemented; a minor one is any other confirmed deviation, however small the population; an observation is a weakness that is not a nonconformity (deviations within tolerance, an item due soon, a missed target that was investigated); an opportunity for improvement is a suggestion where requirements are met; good practice is a strength, never scored. Findings with one cause are one finding, and related minors (against one requirement, of one nature) are escalated into one major that contains them. What could not be read (a file, a column, a value) or tested is not examined and is never a nonconformity: the requirement says what would make it examinable; an absence is stated as no record found in the evidence supplied. The auditor's verdict (auditor worksheet or register) overrules the automatic outcome: a finding it withdraws stays listed, marked as overruled, and is not counted.", "依据所提供的证据（受控文件、证据清单以及从ITSM工具导出的运行记录）对第{clauses}章的每项要求进行评价。每项要求均说明其状态的依据：由检查客观证据（记录、文件、有日期的事件）的规则验证、由审核员判定，或仅为服务提供方自我声明；自我声明从不视为证明。要求符合得100分，部分符合得50分，不符合得0分；得分按权重在经验证或由审核员判定的要求上汇总至子条款、条款及总体：未评估的要求不计入，差距分析与内部审核相同，自我声明视为未评估。发现项按下列评级规则、依认证机构惯例分级：严重不符合为过程、文件或记录整体缺失，系统性失效（受测记录的偏离比例和数量同时达到阈值），试图删减或要求未实施；轻微不符合为其他任何经确认的偏离，无论总体多小；观察项为不构成不符合的薄弱环节（容许范围内的偏离、即将到期的事项、已调查的目标未达成）；改进机会为在满足要求前提下的改进建议；良好实践为优点，不计分。同一原因的发现合并为一项，相关的轻微不符合（针对同一要求且性质相同）升级为包含它们的一项严重不符合。无法读取（文件、列或值）或无法检验的内容记为未检查，绝不构成不符合：相应要求说明如何使其可被检查；缺失一律表述为在所提供的证据中未发现记录。审核员的结论（审核员工作表或证据清单）优先于自动判定：被其撤销的发现项仍予列出并标明已否决，但不计数。";
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
    good_practice: "Good practice", "良好实践";
    basis: "Basis", "依据";
    basis_verified: "Verified", "已验证";
    basis_auditor: "Auditor's verdict", "审核员判定";
    basis_self_declared: "Claimed only", "仅为自我声明";
    basis_not_assessed: "Not assessed", "未评估";
    basis_counts: "Basis of the statuses", "状态依据";
    claimed: "claimed", "自我声明";
    verified_score: "Verified score", "已验证得分";
    score_if_claims_hold: "Score if claims hold", "若声明属实的得分";
    provisional: "provisional", "暂定";
    grading_rationale: "Why this grade", "定级理由";
    same_cause: "Same cause", "同一原因";
    counted_in: "counted in", "计入";
    contains: "Contains", "包含";
    affects: "Affects", "涉及要求";
    grading_profile: "Grading profile", "评级规则";
    counts: "Findings by grade", "各等级发现项数量";
    statement: "Statement", "描述";
    recommendation: "Recommendation", "建议";
    code: "Code", "代码";
    action_plan: "Action plan", "行动计划";
    evidence_requests: "Evidence requests", "证据请求";
    action_status_choices: "Open|In progress|Done|Verified", "未开始|进行中|已完成|已验证";
    requests_intro: "What to ask the client for next, most urgent first: what is not supplied stands as a nonconformity until it is in a complete submission, and leaves its requirements not assessed in a partial one; what could not be read, or a check that could not run, leaves requirements unexamined; what is only claimed keeps the verdict provisional.", "下一步需向客户索取的证据，按紧急程度排列：未提供的内容在完整提交中于提供前按不符合处理，在部分提交中使相关要求未评估；无法读取的文件或无法运行的检查使相关要求未经检查；仅有自我声明的内容使结论仍属暂定。";
    request_priority: "Priority", "优先级";
    request_area: "Area", "范围";
    request_what: "What to send", "需提供的内容";
    request_why: "Why", "原因";
    request_settles: "Requirements it settles", "涉及的要求";
    no_requests: "Nothing to request: every requirement rests on examined evidence or the auditor's judgement.", "无需索取：每项要求均基于已检查的证据或审核员的判定。";
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
    objectives_text: "Determine whether the service management system conforms to {edition}, to the service requirements and to the provider's own SMS requirements, and whether it is effectively implemented and maintained ({audit_clause}).", "确定服务管理体系是否符合{edition}、服务要求及服务提供方自身的体系要求，并得到有效实施和保持（{audit_clause}）。";
    criteria: "Audit criteria", "审核准则";
    criteria_text: "{edition} clauses {clauses}; the provider's service management policy, plan and procedures; the agreed service requirements.", "{edition}第{clauses}章；服务提供方的服务管理方针、计划和程序；商定的服务要求。";
    conclusions: "Audit conclusions", "审核结论";
    audit_client: "Audit client", "审核委托方";
    auditee_participants: "Auditee's participants", "受审核方参与人员";
    audit_activities: "Audit activities (dates and places)", "审核活动（日期和地点）";
    diverging_opinions: "Unresolved diverging opinions", "未解决的分歧意见";
    no_diverging_opinions: "None recorded in assessment.toml (`[audit] diverging_opinions`).", "assessment.toml中未记录（`[audit] diverging_opinions`）。";
    not_declared_audit: "Not declared in assessment.toml (`[audit] {field}`): the auditor completes it before signing.", "assessment.toml中未声明（`[audit] {field}`）：审核员须在签署前补充。";
    activity_date: "Date", "日期";
    activity_place: "Place", "地点";
    activity_what: "Activity", "活动";
    fulfilment: "Degree of fulfilment of the criteria", "准则满足程度";
    independence_declared: "Every member of the audit team declared their independence, and no auditor audited an area they work in ({audit_clause}).", "审核组全体成员均声明了独立性，没有审核员审核自己所在的领域（{audit_clause}）。";
    independence_not_declared: "The independence of the audit team was not declared in assessment.toml, so this report makes no statement about it ({audit_clause}).", "assessment.toml未声明审核组的独立性，因此本报告不对此作出陈述（{audit_clause}）。";
    independence: "Independence", "独立性";
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
    not_concluded: "Not concluded: requirements with nothing examined remain", "无法得出结论：仍有未经任何检查的要求";
    conforms: "Conforms to the audit criteria", "符合审核准则";
    conforms_except: "Conforms to the audit criteria, except for {n} minor nonconformities", "符合审核准则，但有{n}项轻微不符合";
    does_not_conform: "Does not conform to the audit criteria", "不符合审核准则";
    effectiveness: "Effectiveness of the SMS", "服务管理体系的有效性";
    gap: "Gap analysis", "差距分析";
    internal_audit: "Internal audit", "内部审核";
    transition: "Transition gap analysis", "转换差距分析";
    transition_path: "Transition", "版本转换";
    transition_summary: "Where the transition stands", "转换现状";
    by_change: "Obligations by kind of change", "按变化类型统计的义务";
    change: "Change", "变化";
    change_new: "New", "新增";
    change_changed: "Changed", "变更";
    change_carried_over: "Carried over", "沿用";
    derived_from: "Derived from", "源自";
    obligations: "Obligations", "义务数";
    met: "Met on evidence", "有证据满足";
    claimed_only: "Claimed only", "仅为自我声明";
    met_by_clause: "Obligations met on evidence, by clause (%)", "按条款统计的有证据满足的义务（%）";
    transition_plan: "Transition plan", "转换计划";
    transition_plan_note: "Every obligation of the new edition that is not yet shown to be met, most urgent first; within a priority, the heavier obligations first.", "新版标准中尚未证明满足的每项义务，按紧迫程度排列；同一优先级内，权重较高的义务在前。";
    new_obligations: "New obligations", "新增义务";
    new_obligations_note: "Nothing in the earlier edition asks for these: evidence that the system meets them has to exist before the transition audit.", "旧版标准对此类义务没有要求：在转换审核之前，必须具备证明体系满足这些义务的证据。";
    changed_obligations: "Changed obligations", "变更的义务";
    changed_obligations_note: "The earlier edition covers the topic, but the duty was widened, narrowed or reworded: the existing evidence must be re-checked against the new wording.", "旧版标准涉及该主题，但义务被扩大、缩小或改写：必须对照新的表述重新核查现有证据。";
    carried_obligations: "Obligations carried over", "沿用的义务";
    carried_obligations_note: "The existing evidence normally meets these; it must be filed under the new requirement ids and verified.", "现有证据通常可以满足这些义务；需要按新的要求编号归档并加以验证。";
    retired_obligations: "Obligations of the earlier edition with no successor", "旧版中没有后续要求的义务";
    retired_obligations_note: "No obligation of the new edition derives from these: they may be kept voluntarily where they serve the organization, but an audit against the new edition does not ask for them.", "新版标准中没有源自这些义务的要求：如对组织有用可自愿保留，但按新版标准的审核不会要求。";
    retired_sheet: "Retired obligations", "已取消的义务";
    waiver: "Risk accepted", "风险接受";
    overruled: "overruled by the auditor: withdrawn, not counted", "审核员已否决：撤销，不计数";
    superseded: "superseded by the auditor's graded finding: not counted", "已由审核员评级的发现项取代：不计数";
    draft: "draft", "草稿";
    not_examined: "Not examined (could not be read)", "未检查（无法读取）";
    skipped_not_evidence: "Skipped, not read as evidence (see the evidence index for why)", "已跳过，未作为证据读取（原因见证据索引）";
    not_supplied_requested: "Not supplied (requested: partial submission)", "未提供（已索取：部分提交）";
    follow_up_section: "Follow-up of previous findings", "以往发现项的跟踪";
    previous_assessment: "Previous assessment", "上次评估";
    now: "Now", "本次";
    since_previous: "Since then", "与上次相比";
    overdue: "Overdue", "逾期";
    overdue_actions: "Corrective actions past due", "逾期的纠正措施";
    actions_read_from: "Corrective actions read from", "纠正措施读取自";
    actions_not_read: "not read: no filled-in workbook was found (see the warnings)", "未读取：未找到已填写的工作簿（见警告）";
    reading_problems: "Could not be read", "无法读取";
    confirm_elsewhere: "Step 4, Confirm: {count} obligations carried over or only claimed, whose existing evidence is to be filed under the new ids and verified, are listed in the workbook and the HTML report (as are the obligations carried over), not on the printed page.", "第4步“确认”：{count}项沿用或仅有自我声明的义务，其现有证据需按新的编号归档并加以验证；这些义务（以及全部沿用的义务）列在工作簿和HTML报告中，不在打印页中列出。";
    no_predecessor: "The catalogue assessed names no earlier edition (`predecessor` in its catalogue.toml), so there is no transition to report: run a gap analysis instead.", "所评价的目录未指明前一版本（catalogue.toml中的`predecessor`），因此没有可报告的版本转换：请改为进行差距分析。";
    priority_correct: "Correct", "纠正";
    priority_produce: "Produce", "建立";
    priority_recheck: "Re-check", "复核";
    priority_confirm: "Confirm", "确认";
    action_produce: "Establish and keep evidence: {evidence}.", "建立并保留证据：{evidence}。";
    action_recheck: "Re-check the evidence kept for {from} against the new wording, and extend it where it falls short: {evidence}.", "对照新的表述复核为{from}保留的证据，不足之处予以补充：{evidence}。";
    action_confirm: "File the evidence kept for {from} under this requirement in the evidence register, and have it verified: {evidence}.", "在证据登记表中将为{from}保留的证据归入本要求，并予以验证：{evidence}。";
    transition_method: "Each obligation of the new edition is classified from the catalogue's data as new (nothing in the earlier edition asks for it), changed (the earlier edition covers the topic, with a different duty) or carried over (the earlier evidence normally meets it), and assessed on the workspace's evidence like any gap analysis. Claims in an evidence register written for the earlier edition count only for the obligations carried over from those it names. The plan orders the steps: 1 Correct what is nonconforming now; 2 Produce evidence for new obligations; 3 Re-check the evidence of changed obligations; 4 Confirm, under the new ids, the evidence of obligations carried over or only claimed. An obligation met on verified evidence or by the auditor's judgement needs no step.", "新版标准的每项义务依据目录数据分为：新增（旧版没有相应要求）、变更（旧版涉及该主题，但义务不同）或沿用（旧版证据通常即可满足），并像差距分析一样依据工作区中的证据进行评价。按旧版编写的证据登记表中的自我声明，只计入由其所列义务沿用而来的义务。计划按以下顺序安排步骤：1 纠正当前的不符合；2 为新增义务建立证据；3 复核变更义务的证据；4 按新的编号确认沿用义务或仅有自我声明的义务的证据。已依据经验证的证据或审核员判定满足的义务无需采取步骤。";
    rows: "Rows", "行";
    sheet: "Sheet", "工作表";
    record_ids: "Record ids", "记录编号";
    details: "Details", "详细信息";
    value: "Value", "值";
    page: "Page", "第";
    of: "of", "页，共";
    progress_title: "progress report", "进展报告";
    progress: "Progress", "进展";
    progress_intro: "This report compares two assessments of the same service management system: the earlier one and the later one. Every number is the one each assessment states. A finding is recognised from one assessment to the next by the check that raised it, its requirement and its subject (the document, record set, supplier or register entry it is about); finding numbers (F-…) are those of each assessment and may differ between them.", "本报告比较同一服务管理体系的两次评估：前次评估和本次评估。所有数字均为各次评估本身给出的数字。发现项在两次评估之间按提出它的检查、所针对的要求及其对象（所涉及的文件、记录集、供方或证据清单条目）识别；发现项编号（F-…）为各次评估各自的编号，两者可能不同。";
    earlier: "Earlier assessment", "前次评估";
    later: "Later assessment", "本次评估";
    measure: "Measure", "指标";
    follow_up: "Follow-up", "跟踪结果";
    follow_up_new: "New", "新增";
    follow_up_persisting: "Persisting", "仍存在";
    follow_up_regraded: "Regraded", "等级变化";
    follow_up_closed: "Closed", "已关闭";
    findings_follow_up: "What became of the findings", "发现项跟踪情况";
    subject: "Subject", "对象";
    earlier_id: "Earlier id", "前次编号";
    later_id: "Later id", "本次编号";
    earlier_grade: "Earlier grade", "前次等级";
    later_grade: "Later grade", "本次等级";
    earlier_status: "Earlier status", "前次状态";
    later_status: "Later status", "本次状态";
    clause_progress: "Scores by clause, before and after", "各条款得分前后对比";
    clauses_shown: "top-level clauses, and every clause whose score changed", "一级条款及得分发生变化的条款";
    clauses_changed: "Clauses whose score changed", "得分发生变化的条款";
    no_clause_change: "No clause score changed.", "没有条款的得分发生变化。";
    every_clause: "Every clause", "全部条款";
    status_changes: "Requirements whose status changed", "状态发生变化的要求";
    no_status_change: "No requirement changed status.", "没有要求的状态发生变化。";
    only_earlier: "Requirements only in the earlier assessment's catalogue", "仅见于前次评估要求目录的要求";
    only_later: "Requirements only in the later assessment's catalogue", "仅见于本次评估要求目录的要求";
    evidence_changes: "Evidence files added, changed or removed", "新增、变更或删除的证据文件";
    no_evidence_change: "No evidence file was added, changed or removed.", "没有证据文件被新增、变更或删除。";
    file_added: "Added", "新增";
    file_changed: "Changed", "已变更";
    file_removed: "Removed", "已删除";
    file_unchanged: "Unchanged", "未变更";
    sha256_earlier: "SHA-256, earlier", "SHA-256（前次）";
    sha256_later: "SHA-256, later", "SHA-256（本次）";
    comparison_notes: "Comparison notes", "比较说明";
    programme_title: "internal audit programme", "内部审核方案";
    programme_intro: "This programme plans the internal audits of the service management system over a cycle of {years} years, by quarter: at planned intervals, covering the whole system, and taking into account the status and importance of the processes and the results of the last assessment. Every clause is audited at least once in the cycle; a clause is audited more often when the last assessment found a nonconformity in it, or when assessment.toml marks its process as critical or changed, at the shortest interval of the rules that apply to it. No auditor is planned to audit an area they work in.", "本方案按季度策划服务管理体系在{years}年周期内的内部审核：按策划的时间间隔进行，覆盖整个体系，并考虑各过程的状况和重要性以及上次评估的结果。每个条款在周期内至少审核一次；如上次评估在某条款中发现不符合，或assessment.toml将其过程标记为关键或已变更，则按适用规则中最短的间隔更频繁地审核。任何审核员都不会被安排审核其本人工作的领域。";
    programme_rules: "Rules", "规则";
    programme_rule: "Rule", "规则";
    interval: "Interval", "间隔";
    calendar: "Calendar", "日程";
    calendar_legend: "● an audit planned in the quarter; ○ an audit planned with no independent auditor available.", "●表示该季度计划的审核；○表示已计划但没有可用独立审核员的审核。";
    planned_audits: "Planned audits", "计划的审核";
    auditor: "Auditor", "审核员";
    quarter: "Quarter", "季度";
    number: "No.", "序号";
    why_scheduled: "Why at this frequency", "频次依据";
    frequency: "Frequency", "频次";
    audits_planned: "Audits planned", "计划审核次数";
    clauses_audited: "Clauses audited", "受审核条款";
    audited_more_often: "Audited more often", "加密审核的条款";
    unassigned: "Unassigned", "未指派";
    cycle: "Cycle", "周期";
    cycle_years: "{years} years, {quarters} quarters", "{years}年，{quarters}个季度";
    last_assessment: "Last assessment", "上次评估";
    no_last_assessment: "none given (--previous)", "未提供（--previous）";
    works_in: "Works in", "工作领域";
    may_audit: "May audit", "可审核范围";
    everything: "everything", "全部";
    programme_notes: "Planning notes", "编制说明";
    no_audit: "No audit planned.", "没有计划的审核。";
    no_team_member: "No team member is declared in assessment.toml.", "assessment.toml未声明审核组成员。";
    rule_major: "Major nonconformity in the last assessment", "上次评估发现严重不符合";
    rule_minor: "Minor nonconformity in the last assessment", "上次评估发现轻微不符合";
    rule_critical: "Process marked critical", "过程被标记为关键";
    rule_changed: "Process marked changed", "过程被标记为已变更";
    rule_cycle: "Every clause", "所有条款";
    reason_major: "major nonconformity in the last assessment ({ids})", "上次评估发现严重不符合（{ids}）";
    reason_minor: "minor nonconformity in the last assessment ({ids})", "上次评估发现轻微不符合（{ids}）";
    reason_critical: "marked critical in assessment.toml ({ids})", "assessment.toml将其过程标记为关键（{ids}）";
    reason_changed: "marked changed in assessment.toml ({ids})", "assessment.toml将其过程标记为已变更（{ids}）";
    reason_cycle: "no nonconformity in the last assessment and no mark", "上次评估未发现不符合，也未被标记";
    every_months: "audited every {months} months", "每{months}个月审核一次";
    once_in_cycle: "audited once in the {years}-year cycle", "在{years}年周期内审核一次";
    every_months_short: "every {months} months", "每{months}个月";
    once_in_cycle_short: "once in {years} years", "{years}年一次";
    quarter_label: "Y{year} Q{quarter}", "第{year}年第{quarter}季度";
    member_works_in: "{name} works in {ids}", "{name}在{ids}工作";
    member_does_not_audit: "{name} does not audit {id} (audits {ids})", "{name}不审核{id}（审核范围：{ids}）";
    member_not_independent: "{name} is declared not independent (independent = false)", "{name}声明不独立（independent = false）";
    no_independent_auditor: "no independent auditor", "没有独立审核员";
}

impl Labels {
    /// The label of a grade.
    pub fn grade(&self, g: Grade) -> &'static str {
        match g {
            Grade::Major => self.major,
            Grade::Minor => self.minor,
            Grade::Observation => self.observation,
            Grade::Ofi => self.ofi,
            Grade::GoodPractice => self.good_practice,
        }
    }

    /// The label of a basis.
    pub fn basis(&self, b: Basis) -> &'static str {
        match b {
            Basis::Verified => self.basis_verified,
            Basis::Auditor => self.basis_auditor,
            Basis::SelfDeclared => self.basis_self_declared,
            Basis::NotAssessed => self.basis_not_assessed,
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

    /// The labels as a report of `kind` says them: an internal audit is an audit, so its
    /// Chinese says 审核 where a gap analysis says 评估 (its date, what was not examined, its
    /// team); English says "assessment" and "not assessed" in both.
    pub fn for_kind(mut self, kind: AssessmentKind) -> Labels {
        if kind == AssessmentKind::InternalAudit {
            self.team = self.audit_team;
            if self.assessment_date == "评估日期" {
                self.assessment_date = "审核日期";
                self.not_assessed = "未审核";
                self.basis_not_assessed = "未审核";
                self.previous_assessment = "上次审核";
            } else {
                self.assessment_date = "Audit date";
            }
        }
        self
    }

    /// The label of a verdict, as a gap analysis concludes (readiness for certification).
    pub fn verdict(&self, v: Verdict) -> &'static str {
        match v {
            Verdict::Ready => self.ready,
            Verdict::ReadyWithMinor => self.ready_with_minor,
            Verdict::NotReady => self.not_ready,
            Verdict::NotConcluded => self.not_concluded,
        }
    }

    /// The label of a verdict as report kind `kind` concludes: an internal audit on
    /// conformity to its criteria (ISO 19011 6.5), the others on readiness. `{n}` stands for
    /// the number of minor nonconformities.
    pub fn verdict_for(&self, v: Verdict, kind: AssessmentKind) -> &'static str {
        match (v, kind) {
            (Verdict::Ready, AssessmentKind::InternalAudit) => self.conforms,
            (Verdict::ReadyWithMinor, AssessmentKind::InternalAudit) => self.conforms_except,
            (Verdict::NotReady, AssessmentKind::InternalAudit) => self.does_not_conform,
            _ => self.verdict(v),
        }
    }

    /// The label of an assessment kind.
    pub fn kind(&self, k: AssessmentKind) -> &'static str {
        match k {
            AssessmentKind::Gap => self.gap,
            AssessmentKind::InternalAudit => self.internal_audit,
            AssessmentKind::Transition => self.transition,
        }
    }

    /// The report title of an assessment kind, as it follows the edition: "gap analysis" in "ISO/IEC 20000-1:2011 gap
    /// analysis".
    pub fn report_title(&self, k: AssessmentKind) -> &'static str {
        match k {
            AssessmentKind::Gap => self.gap_title,
            AssessmentKind::InternalAudit => self.audit_title,
            AssessmentKind::Transition => self.transition_title,
        }
    }
}
