//! The finding registry: every kind of finding the checker raises outside the record checks,
//! as data — stable code, default grade, title, explanation and default recommendation, in
//! English and Chinese. Checks raise findings by naming an entry here (the record checks name
//! their row of [`super::records::CHECKS`]); `iso20k explain CODE` and `docs/codes.md` are
//! generated from the same entries.

use crate::assessment::Grade;

/// The part of the checker that raises a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Domain {
    /// Checks over operational record sets (`REC-…`).
    Records,
    /// Mandatory documents: existence, control, content.
    Document,
    /// Activities at planned intervals.
    Interval,
    /// The provider's own evidence register.
    Register,
    /// Processes operated by other parties (4.2 in 2011, 8.2.3 in 2018).
    Governance,
    /// Exclusions asked for (clause 1.2).
    Tailoring,
    /// Related minors that together make a major.
    Escalation,
    /// The audit team's independence (4.5.4.2 in 2011, 9.2 in 2018).
    Independence,
    /// The follow-up of the previous assessment's findings (`assess --previous`).
    FollowUp,
    /// Strengths worth recording.
    GoodPractice,
    /// Findings an auditor raised in the auditor worksheet.
    Auditor,
}

impl Domain {
    /// Lower-case name, for listings.
    pub fn name(self) -> &'static str {
        match self {
            Domain::Records => "records",
            Domain::Document => "document",
            Domain::Interval => "interval",
            Domain::Register => "register",
            Domain::Governance => "governance",
            Domain::Tailoring => "tailoring",
            Domain::Escalation => "escalation",
            Domain::Independence => "independence",
            Domain::FollowUp => "follow-up",
            Domain::GoodPractice => "good practice",
            Domain::Auditor => "auditor",
        }
    }
}

/// One kind of finding.
#[derive(Debug)]
pub struct FindingKind {
    /// Stable code. Codes never change meaning once published; a retired code is not reused.
    pub code: &'static str,
    /// Which check raises it.
    pub domain: Domain,
    /// The grade it has unless the grading profile's rules say otherwise (the finding's
    /// `grading_rationale` then says why).
    pub grade: Grade,
    /// Short title (en, zh).
    pub title: (&'static str, &'static str),
    /// Why a finding of this kind has its default grade, in one line (en, zh).
    pub rationale: (&'static str, &'static str),
    /// What the check tests and why it matters (en, zh).
    pub explanation: (&'static str, &'static str),
    /// What the provider should do (en, zh); a finding may say it more precisely.
    pub recommendation: (&'static str, &'static str),
}

macro_rules! kinds {
    ($($name:ident = { $code:literal, $domain:ident, $grade:ident,
        title: ($te:literal, $tz:literal),
        rationale: ($ae:literal, $az:literal),
        explanation: ($ee:literal, $ez:literal),
        recommendation: ($re:literal, $rz:literal) $(,)? })*) => {
        $(
            #[doc = concat!("`", $code, "`: ", $te, ".")]
            pub static $name: FindingKind = FindingKind {
                code: $code,
                domain: Domain::$domain,
                grade: Grade::$grade,
                title: ($te, $tz),
                rationale: ($ae, $az),
                explanation: ($ee, $ez),
                recommendation: ($re, $rz),
            };
        )*
        /// Every kind outside the record checks, in registry order.
        pub static KINDS: &[&FindingKind] = &[$(&$name),*];
    };
}

kinds! {
    DOCUMENT_MISSING = { "document_missing", Document, Major,
        title: ("a mandatory document is missing", "缺少强制性文件"),
        rationale: ("no document of this type, and no records showing that the process runs: a required document is absent", "既无此类文件，也无记录表明该过程在运行：缺少所要求的文件"),
        explanation: ("No document of a type the standard requires was found in the evidence. Graded major when nothing shows that the process exists; when the records show the process runs, it is a documentation gap and graded minor.",
            "证据中未发现标准要求的某类文件。若没有任何证据表明该过程存在，判为严重不符合；若记录表明该过程在运行，则属于文件化差距，判为轻微不符合。"),
        recommendation: ("Write, approve and publish the document, and list it in the evidence register.", "编写、批准并发布该文件，并将其列入证据清单。"),
    }
    DOCUMENT_NOT_APPROVED = { "document_not_approved", Document, Minor,
        title: ("a mandatory document shows no approval", "强制性文件没有批准记录"),
        rationale: ("a lapse in the control of a document that exists", "现有文件的控制疏漏"),
        explanation: ("The document found for a mandatory type names no approver, no approval date and no approved status, so it cannot be shown to be controlled (control of documents: 4.3.2 in the 2011 edition, 7.5.3 in 2018).",
            "所发现的强制性文件没有批准人、批准日期或已批准状态，无法证明其受控（文件控制：2011版4.3.2，2018版7.5.3）。"),
        recommendation: ("Have the document approved by its designated authority and record the approver and date in it.", "由指定的批准人批准该文件，并在文件中记录批准人和日期。"),
    }
    DOCUMENT_REVIEW_OVERDUE = { "document_review_overdue", Document, Minor,
        title: ("a mandatory document is overdue for review", "强制性文件评审逾期"),
        rationale: ("a lapse in the control of a document that exists", "现有文件的控制疏漏"),
        explanation: ("The document's next-review date has passed, or it was last approved or changed longer ago than the review interval allows.",
            "文件的下次评审日期已过，或其最后一次批准或修改距今已超过评审周期。"),
        recommendation: ("Review the document, update it where needed, and record the review and the next review date.", "评审该文件，必要时更新，并记录评审情况和下次评审日期。"),
    }
    DOCUMENT_REVIEW_DUE = { "document_review_due", Document, Observation,
        title: ("a mandatory document falls due for review soon", "强制性文件即将到期评审"),
        rationale: ("the review is not overdue yet: a risk, not a nonconformity", "评审尚未逾期：属风险，不构成不符合"),
        explanation: ("The document's next review falls within the grading profile's notice period after the assessment date: not a nonconformity, but it will become one if the review is missed.",
            "文件的下次评审日期在评估日期后的提示期内：目前不构成不符合，但如错过评审将成为不符合。"),
        recommendation: ("Schedule the review before its due date.", "在到期前安排评审。"),
    }
    DOCUMENT_TOPICS_MISSING = { "document_topics_missing", Document, Minor,
        title: ("a mandatory document does not cover what the requirement asks", "强制性文件未涵盖要求的内容"),
        rationale: ("the document exists but does not fully cover the requirement: partial fulfilment", "文件存在但未完全涵盖要求：部分满足"),
        explanation: ("The document was found, but none of the words that mark one or more of the topics the requirement demands appear in it.",
            "找到了该文件，但其中没有出现标志要求所规定的一项或多项内容的词语。"),
        recommendation: ("Extend the document to cover the missing topics.", "补充文件内容，涵盖缺失的主题。"),
    }
    DOCUMENT_ELEMENTS_MISSING = { "document_elements_missing", Document, Minor,
        title: ("a mandatory document lacks content the requirement lists", "强制性文件缺少要求列明的内容"),
        rationale: ("the document exists but lacks some of the prescribed contents: partial fulfilment", "文件存在但缺少部分规定内容：部分满足"),
        explanation: ("A requirement lists what a document must contain (the service management plan, a supplier contract, the continuity plan …). Each element is looked for in the document's headings and body; the finding names the elements missing, and cites the headings the others were found under. With several documents of the type, the one that covers most is judged.",
            "要求列明了文件必须包含的内容（服务管理计划、供应商合同、连续性计划等）。逐项在文件的标题和正文中查找；发现项列出缺少的内容，并引用其他内容所在的标题。同类文件有多份时，以涵盖最全者为准。"),
        recommendation: ("Add the missing elements to the document (or to a document it refers to, listed in the register).", "在文件中（或在其引用并列入证据清单的文件中）补充缺少的内容。"),
    }
    DOCUMENT_UNVERSIONED = { "document_unversioned", Document, Observation,
        title: ("a mandatory document carries no version", "强制性文件没有版本号"),
        rationale: ("the document is approved and identifiable by its title; the missing version number is a weakness", "文件已批准且可按标题识别；缺少版本号属薄弱环节"),
        explanation: ("The document shows no version or revision number, so its current revision cannot be identified at a glance.",
            "文件没有版本号或修订号，无法直接识别其现行版本。"),
        recommendation: ("Give the document a version number.", "为文件标注版本号。"),
    }
    INTERVAL_NONE = { "interval_none", Interval, Major,
        title: ("no record of a planned activity in the period", "考察期间内没有策划活动的记录"),
        rationale: ("no evidence at all of a required activity in the period: the grading profile grades an absent process major", "考察期间内完全没有所要求活动的证据：评级规则将过程缺失判为严重不符合"),
        explanation: ("An activity the standard requires at planned intervals (internal audit, management review, supplier review …) has no dated record in the evidence supplied for the period — neither a row of its log nor a document that records it (minutes, a report) — and no file that could not be read may hold one. The finding says that no record was found, not that the activity did not happen: supplying the records settles it. Several activities of one process with no record at all are one finding for the process.",
            "标准要求按策划的时间间隔开展的活动（内部审核、管理评审、供应商评审等）在所提供的考察期间证据中没有任何有日期的记录——既无日志中的行，也无记录该活动的文件（会议纪要、报告）——且没有可能包含该记录而无法读取的文件。本发现说明的是未发现记录，而非该活动未开展：提供记录即可澄清。同一过程的多项活动均无任何记录时，合为该过程的一项发现。"),
        recommendation: ("Supply the records of the activity in the period; if it was not held, hold it now and schedule the next ones at the planned interval.", "提供考察期间内该活动的记录；如未开展，立即开展并按策划的时间间隔安排后续活动。"),
    }
    INTERVAL_GAP = { "interval_gap", Interval, Minor,
        title: ("a planned activity lapsed beyond its interval", "策划的活动超出时间间隔"),
        rationale: ("one lapse beyond the planned interval, shorter than twice the interval", "一次超出策划时间间隔的疏漏，未超过两倍间隔"),
        explanation: ("Two successive occurrences of a planned activity are further apart than its interval. A lapse beyond twice the interval means the activity was effectively not run: major.",
            "策划活动的相邻两次开展间隔超过规定的时间间隔。超过两倍间隔意味着该活动实际上未开展：判为严重不符合。"),
        recommendation: ("Hold the activity at the planned interval and keep a schedule that shows the next date.", "按策划的时间间隔开展活动，并保持显示下次日期的日程安排。"),
    }
    INTERVAL_UNDECLARED = { "interval_undeclared", Interval, Observation,
        title: ("no planned interval is declared for an activity", "未声明活动的策划时间间隔"),
        rationale: ("the activity takes place; only its interval is not declared", "活动在开展，仅未声明其时间间隔"),
        explanation: ("The activity has dated records in the period, but no planned interval is declared for it (in assessment.toml's [intervals], from the provider's plan). The standard asks for it at planned intervals and leaves the interval to the provider, so iso20k invents none: the time between occurrences is not judged until the interval is declared.",
            "该活动在考察期间有带日期的记录，但未声明其策划时间间隔（在assessment.toml的[intervals]中，依据服务提供方的计划）。标准要求按策划的时间间隔开展并由服务提供方确定间隔，因此iso20k不自行假定：在声明间隔之前，不判断相邻两次之间的间隔。"),
        recommendation: ("Declare the interval in the plan or procedure, and in assessment.toml under [intervals].", "在计划或程序中规定时间间隔，并在assessment.toml的[intervals]中声明。"),
    }
    REGISTER_SELF_PARTIAL = { "register_self_partial", Register, Minor,
        title: ("the provider assesses a requirement as partly met", "服务提供方自评要求部分满足"),
        rationale: ("the provider itself reports the requirement partly met: an admitted gap, taken at its word and graded as a partial fulfilment", "服务提供方自评该要求部分满足：对差距的自认按其所述采信，按部分满足定级"),
        explanation: ("The provider's own evidence register says the requirement is only partly met. Nothing examined confirms or refutes it, but an admission of a gap is taken at its word: it is graded as a partial fulfilment, a minor nonconformity, and the finding says it rests on the register alone.",
            "服务提供方自己的证据清单表明该要求仅部分满足。没有经检查的证据证实或否定这一点，但对差距的自认按其所述采信：按部分满足定为轻微不符合，且发现项说明其仅依据证据清单。"),
        recommendation: ("Close the remaining gap and record the evidence in the register.", "弥补剩余差距，并在证据清单中记录证据。"),
    }
    REGISTER_SELF_NONCONFORMING = { "register_self_nonconforming", Register, Major,
        title: ("the provider assesses a requirement as not met", "服务提供方自评要求未满足"),
        rationale: ("the provider itself reports that the requirement is not implemented: a requirement not implemented at all", "服务提供方自述该要求未实施：要求完全未实施"),
        explanation: ("The provider's own evidence register says the requirement is not met: by its own account the requirement is not implemented at all, which is a major nonconformity.",
            "服务提供方自己的证据清单表明该要求未满足：按其自述该要求完全未实施，属于严重不符合。"),
        recommendation: ("Plan and implement what the requirement asks, then record the evidence in the register.", "策划并实施该要求所规定的内容，然后在证据清单中记录证据。"),
    }
    REGISTER_EVIDENCE_MISSING = { "register_evidence_missing", Register, Observation,
        title: ("a register claim cites a file that is not in the workspace", "证据清单引用的文件不在工作区中"),
        rationale: ("a claim that cannot be looked at is no evidence of a nonconformity either", "无法查看的声明也不构成不符合的证据"),
        explanation: ("The register claims the requirement is met but the file it cites is not in the evidence, so the claim cannot even be looked at.",
            "证据清单声称该要求已满足，但所引用的文件不在证据中，因此无法查看该声明的依据。"),
        recommendation: ("Add the evidence file to the workspace and correct the file reference in the register.", "将证据文件放入工作区，并更正证据清单中的文件路径。"),
    }
    REGISTER_DOCUMENT_UNCONTROLLED = { "register_document_uncontrolled", Register, Minor,
        title: ("a document cited in the register is not controlled", "证据清单引用的文件未受控"),
        rationale: ("a lapse in the control of a document that exists", "现有文件的控制疏漏"),
        explanation: ("The requirement must be shown by a controlled document; the document the register cites shows no approval or is overdue for review.",
            "该要求须由受控文件证明；证据清单引用的文件没有批准记录或评审逾期。"),
        recommendation: ("Approve, version and schedule the review of the document under the document-control procedure.", "按文件控制程序对该文件进行批准、版本管理并安排评审。"),
    }
    EXCLUSION_NOT_PERMITTED = { "exclusion_not_permitted", Tailoring, Major,
        title: ("an exclusion from the requirement clauses was requested", "申请删减要求条款"),
        rationale: ("an attempted exclusion under clause 1.2 is graded major", "依据第1.2条，试图删减判为严重不符合"),
        explanation: ("Clause 1.2 allows no exclusion from the requirement clauses (4-9 in the 2011 edition, 4-10 in 2018): scope is narrowed by services and locations, and a process another party runs is governed (4.2 in 2011, 8.2.3 in 2018), never excluded. Findings that follow from the same exclusion (a missing document, an ungoverned operator) are part of this one finding.",
            "第1.2条不允许删减要求条款（2011版第4至9章，2018版第4至10章）中的任何要求：范围只能按服务和地点界定，由其他方运行的过程应予治理（2011版4.2，2018版8.2.3），不得删减。由同一删减导致的发现（缺少文件、运行方未受治理）并入本发现。"),
        recommendation: ("Withdraw the exclusion. Meet the requirements, or have another party operate the process under your governance.", "撤回删减申请。满足相关要求，或在贵组织治理下由其他方运行该过程。"),
    }
    GOVERNANCE_MISSING = { "governance_missing", Governance, Major,
        title: ("a process run by another party is not governed", "由其他方运行的过程未受治理"),
        rationale: ("a process another party runs without any governance is outside the provider's control: a required process is absent", "由其他方运行且无任何治理的过程不在服务提供方的控制之内：缺少所要求的过程"),
        explanation: ("A process is declared as operated by another party, but no evidence names that party under the governance the standard asks for (accountability, process definition, performance and improvement control: 4.2 in the 2011 edition, 8.2.3 in 2018). Without it the process is outside the provider's control. The supplier-management or agreement gap for the same party is part of this finding.",
            "声明某过程由其他方运行，但没有证据表明该方处于标准要求的治理之下（责任、过程定义、绩效和改进控制：2011版4.2，2018版8.2.3）。缺少治理时该过程不在服务提供方的控制之内。针对同一方的供应商管理或协议缺失并入本发现。"),
        recommendation: ("Document how you govern the process the other party runs and list it in the evidence register against the governance requirements.", "将贵组织对其他方所运行过程的治理形成文件，并在证据清单中对应治理要求列出。"),
    }
    SUPPLIER_MANAGEMENT_MISSING = { "supplier_management_missing", Governance, Major,
        title: ("a supplier running a process is not under supplier management", "运行过程的供应商未纳入供应商管理"),
        rationale: ("the supplier operating the process is not managed at all: a required process is absent", "运行该过程的供应商完全未受管理：缺少所要求的过程"),
        explanation: ("A supplier operates part of the service management system, but no contract or supplier review names it (2011: 7.2 and 4.2; 2018: 8.3.4.1 and 8.2.3).",
            "供应商运行服务管理体系的一部分，但没有合同或供应商评审涉及该供应商（2011版7.2、4.2；2018版8.3.4.1、8.2.3）。"),
        recommendation: ("Put the supplier under supplier management (contract, reviews) and record the evidence.", "将该供应商纳入供应商管理（合同、评审），并记录证据。"),
    }
    INTERNAL_AGREEMENT_MISSING = { "internal_agreement_missing", Governance, Major,
        title: ("an internal group or customer running a process has no agreement", "运行过程的内部小组或客户没有协议"),
        rationale: ("the party operating the process has no agreement at all: a required process is absent", "运行该过程的一方完全没有协议：缺少所要求的过程"),
        explanation: ("An internal group or the customer operates part of the system, but no documented agreement names it (2011: service level management, 6.1, and 4.2; 2018: 8.3.4.2 and 8.2.3).",
            "内部小组或客户运行体系的一部分，但没有涉及该方的书面协议（2011版服务级别管理6.1、4.2；2018版8.3.4.2、8.2.3）。"),
        recommendation: ("Agree and document the targets and responsibilities with that party.", "与该方商定并书面规定目标和职责。"),
    }
    CLAUSE4_NOT_DELEGABLE = { "clause4_not_delegable", Governance, Major,
        title: ("a clause only the provider can meet is declared as met by another party", "声明只能由服务提供方满足的条款由其他方满足"),
        rationale: ("the clause cannot be met by another party: the provider's own management system is absent for it", "该条款不能由其他方满足：服务提供方自身的管理体系在此缺失"),
        explanation: ("The clauses of the management system itself (the catalogue's non-delegable clauses: 4 in the 2011 edition, 4 and 5 in 2018) can only be met by the provider; another party may perform single activities under the provider's documented control.",
            "管理体系本身的条款（目录中不可委托的条款：2011版第4章，2018版第4、5章）只能由服务提供方自身满足；其他方只能在服务提供方的书面控制下执行个别活动。"),
        recommendation: ("Produce your own evidence for the clause.", "由贵组织自行提供该条款的证据。"),
    }
    ESCALATED_MINORS = { "escalated_minors", Escalation, Major,
        title: ("related minors against one requirement show a systemic failure", "同一要求的多项相关轻微不符合表明系统性失效"),
        rationale: ("related minors against one requirement reach the profile's escalation count", "同一要求的相关轻微不符合达到评级规则规定的升级数"),
        explanation: ("Minor nonconformities are related when they are against the same requirement and of the same nature: record deviations with record deviations, document gaps with document gaps. As many related minors as the grading profile's escalation count show that the requirement's control is not working: they become one major that names what they have in common and lists them; each is still shown, but counted once, inside it. Minors against different requirements, or of different natures, are never added up, and a deviation within tolerance is an observation, never a minor, so it never counts.",
            "轻微不符合针对同一要求且性质相同（记录偏离与记录偏离、文件缺陷与文件缺陷）时，视为相关。相关轻微不符合的数量达到评级规则规定的升级数，表明该要求的控制未发挥作用：它们合并为一项严重不符合，说明其共同之处并在其中列出；各项仍予显示，但只在其中计数一次。针对不同要求或性质不同的轻微不符合从不相加；容许范围内的偏离为观察项而非轻微不符合，因此从不计入。"),
        recommendation: ("Treat the related minors as one problem: find the common cause and correct the control, not the single records.", "将相关轻微不符合作为一个问题处理：查找共同原因并纠正控制，而非仅纠正个别记录。"),
    }
    AUDIT_TEAM_NOT_INDEPENDENT = { "audit_team_not_independent", Independence, Minor,
        title: ("an auditor audited an area they work in", "审核员审核了自己所在的领域"),
        rationale: ("a lapse in audit objectivity that an independent re-audit corrects", "可通过独立复审纠正的审核客观性疏漏"),
        explanation: ("The manifest declares that a member of the audit team works in a clause they audited, or is not independent: auditors must not audit their own work (4.5.4.2 in the 2011 edition, 9.2 in 2018).",
            "评估清单声明审核组某成员在其所审核的条款领域工作，或不具备独立性：审核员不得审核自己的工作（2011版4.5.4.2，2018版9.2）。"),
        recommendation: ("Have the area audited again by an auditor from outside it, and assign auditors so that nobody audits their own work.", "由该领域以外的审核员重新审核，并安排审核员使任何人都不审核自己的工作。"),
    }
    AUDIT_TEAM_INDEPENDENCE_UNDECLARED = { "audit_team_independence_undeclared", Independence, Observation,
        title: ("the audit team's independence is not declared", "未声明审核组的独立性"),
        rationale: ("nothing shows a lapse, but nothing shows objectivity either: a weakness in the audit record, not a nonconformity", "没有证据表明存在疏漏，也没有证据证明客观性：属审核记录的薄弱环节，不构成不符合"),
        explanation: ("In an internal audit, assessment.toml declares for no member, or not for every member, of the audit team whether they are independent of what they audited (`independent`, or the areas they work in, `works_in`, against those they audited, `audits`). The report then cannot show that auditors did not audit their own work (4.5.4.2 in the 2011 edition, 9.2 in 2018); with no team declared at all, it cannot show who audited.",
            "在内部审核中，assessment.toml未对审核组的任何成员或全部成员声明其是否独立于所审核的内容（`independent`，或其工作领域`works_in`与所审核领域`audits`）。报告因此无法证明审核员未审核自己的工作（2011版4.5.4.2，2018版9.2）；若完全未声明审核组，则无法证明由谁审核。"),
        recommendation: ("Declare each auditor in assessment.toml ([[team]]) with their independence or the areas they work in and audited.", "在assessment.toml（[[team]]）中声明每位审核员，并说明其独立性或其工作领域和审核领域。"),
    }
    PROGRAMME_AUDIT_MISSED = { "programme_audit_missed", Interval, Minor,
        title: ("audits the internal audit programme planned were not held", "内部审核方案策划的审核未开展"),
        rationale: ("planned audits not carried out: a lapse in running the programme the provider set itself", "策划的审核未实施：未按服务提供方自定方案执行的疏漏"),
        explanation: ("When assessment.toml names the audit programme (`[programme] plan`, the programme.json `iso20k programme` wrote), every audit it planned in a quarter that ended by the assessment date must show in the internal-audit records: an audit dated in that quarter whose scope names the clause (a clause, a range such as `4-9`, or the whole SMS). From the programme's start it replaces the bare interval check. The audits not held make one finding, listing each, graded like a record check: major when they reach both of the grading profile's systemic thresholds (share and count of the audits due), else minor. A quarter whose audits name no clause in their scope is not judged.",
            "当assessment.toml指明审核方案（`[programme] plan`，即`iso20k programme`写出的programme.json）时，方案在评估日期前已结束的季度中策划的每项审核都应体现在内部审核记录中：该季度内有一次审核，其范围写明了相应条款（单个条款、如`4-9`的范围或整个体系）。自方案开始之日起，以此取代单纯的时间间隔检查。未开展的审核合为一项发现，逐项列出，并像记录检查一样定级：达到评级规则的两项系统性阈值（到期审核的比例和数量）时为严重不符合，否则为轻微不符合。审核范围未写明条款的季度不作判断。"),
        recommendation: ("Hold the audits that were missed, or revise the programme with the reason approved by management; record the clauses each audit covered.", "开展遗漏的审核，或经管理层批准说明理由后修订方案；记录每次审核覆盖的条款。"),
    }
    CORRECTIVE_ACTION_OVERDUE = { "corrective_action_overdue", FollowUp, Minor,
        title: ("a corrective action is past due and its nonconformity persists", "纠正措施逾期且不符合仍然存在"),
        rationale: ("corrective actions were not carried out by the date the provider set, and the nonconformities they answer are found again: a lapse in managing corrective action", "纠正措施未在服务提供方自定日期前完成，且其针对的不符合再次被发现：纠正措施管理的疏漏"),
        explanation: ("Run with `assess --previous`: a nonconformity of the previous assessment is found again, and the corrective action the provider recorded against it in the previous report's workbook (action plan or findings register) was due before this assessment's date and is not marked done. Corrective actions must be managed and their follow-up verified (4.5.5.1 and 4.5.4.2 in the 2011 edition, 10.1 in 2018; the catalogue's `follow_up` names the requirements). All overdue actions of one assessment make one finding, listing each. With the grading profile's `escalate_repeated`, each minor found again with its action overdue is also graded major as a repeated nonconformity.",
            "使用 `assess --previous` 时：上次评估的某项不符合再次被发现，而服务提供方在上次报告工作簿（行动计划或发现项登记表）中针对它记录的纠正措施已在本次评估日期前到期且未标记完成。纠正措施须受到管理，其跟踪须经验证（2011版4.5.5.1和4.5.4.2，2018版10.1；目录的 `follow_up` 指明相关要求）。同一次评估中所有逾期措施合为一项发现，逐项列出。若评级规则设置了 `escalate_repeated`，每项措施逾期且再次发现的轻微不符合还将作为重复不符合判为严重不符合。"),
        recommendation: ("Complete the overdue corrective actions, or set a new date with the reason approved by management; verify each action's effect and record the verification.", "完成逾期的纠正措施，或经管理层批准说明理由后重新设定日期；验证每项措施的效果并记录验证结果。"),
    }
    GOOD_PRACTICE_VERIFIED_CLAUSE = { "good_practice_verified_clause", GoodPractice, GoodPractice,
        title: ("a subclause verified conforming throughout", "子条款经验证全部符合"),
        rationale: ("a strength worth recording; good practice is never scored", "值得记录的优点；良好实践不计分"),
        explanation: ("Every requirement of the subclause was verified conforming from objective evidence, and its record checks tested many records without a single exception: a strength worth recording. Never scored.",
            "该子条款的每项要求均依据客观证据验证为符合，其记录检查测试了大量记录且无一例外：值得记录的优点。不计分。"),
        recommendation: ("Keep the practice, and consider it as a model for weaker processes.", "保持这一做法，并可作为较薄弱过程的范例。"),
    }
    AUDITOR_FINDING = { "auditor_finding", Auditor, Minor,
        title: ("a finding the auditor raised in the auditor worksheet", "审核员在审核员工作表中提出的发现项"),
        rationale: ("the auditor grades it: the grade written in the worksheet stands and is never changed by the tool (minor is only the registry's default)", "由审核员评级：采用工作表中填写的等级，工具从不更改（轻微不符合仅为登记表默认值）"),
        explanation: ("The auditor graded a requirement row of the auditor worksheet (`iso20k worksheet`), or wrote a row on its findings sheet, after examining evidence the tool cannot read: interviews, observation, records seen on site. The finding carries the auditor's statement, grade and recommendation, and cites the worksheet's sheet and row with the objective evidence the auditor noted.",
            "审核员在审核员工作表（`iso20k worksheet`）的要求行中填写了等级，或在其发现项表中写了一行；依据的是工具无法读取的证据：访谈、观察、现场查看的记录。该发现项采用审核员的陈述、等级和建议，并引用工作表的工作表名和行号以及审核员记录的客观证据。"),
        recommendation: ("Correct what the auditor found, find its cause, and keep evidence of the correction for the auditor to verify.", "纠正审核员发现的问题，查找原因，并保留纠正的证据供审核员验证。"),
    }
}

/// Codes that were published and then retired, with why. A retired code is never given to a
/// new check (a test holds it), so old reports keep their meaning.
pub static RETIRED: &[(&str, &str)] = &[(
    "REC-INC-NO-CI",
    "incidents naming their CI is data completeness, not evidence that staff can reach the information they need (8.1-05); no requirement it could test plainly remains",
)];

impl FindingKind {
    /// The default recommendation as a bilingual text.
    pub fn default_recommendation(&self) -> crate::i18n::Text {
        crate::i18n::Text::new(self.recommendation.0, self.recommendation.1)
    }
}

/// The registry entry of `code` among the kinds outside the record checks.
pub fn kind(code: &str) -> Option<&'static FindingKind> {
    KINDS.iter().copied().find(|k| k.code == code)
}
