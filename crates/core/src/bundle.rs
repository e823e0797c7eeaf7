//! The export/import bundle: everything of one or more agencies as versioned JSON,
//! so data moves between SQLite and PostgreSQL and across versions with nothing lost.

use serde::{Deserialize, Serialize};

use crate::action_plan::{ActionPlan, FollowUp};
use crate::complaints::{Case, CaseAttachment, CaseMessage, ComplaintSettings};
use crate::correspondence::{Memo, Order};
use crate::disclosure::{DisclosureEntry, DisclosureSettings, LinkCheck};
use crate::measures::{EvidenceFile, Measure, PlanMemo, Progress, RoundApproval, Topic};
use crate::model::{
    Agency, AuditEntry, Department, ItaResult, Official, ResultSource, User, UserId,
};
use crate::publication::Publication;
use crate::risk::RiskAssessment;
use crate::surveys::{Survey, SurveyResponse};

/// The `format` field every bundle carries, so a stray JSON file is rejected early.
pub const BUNDLE_FORMAT: &str = "prongsai-bundle";
/// The bundle version this build writes and reads.
pub const BUNDLE_VERSION: u32 = 1;

/// A file written by `prongsai export` and read by `prongsai import`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    pub format: String,
    pub version: u32,
    pub agencies: Vec<AgencyBundle>,
}

impl Bundle {
    /// A bundle of the current version.
    #[must_use]
    pub fn new(agencies: Vec<AgencyBundle>) -> Self {
        Self {
            format: BUNDLE_FORMAT.to_owned(),
            version: BUNDLE_VERSION,
            agencies,
        }
    }
}

/// Everything that belongs to one agency, each list in a stable order
/// (by id or key, except the audit log, by time then id) so that two exports of
/// the same data are byte-identical.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgencyBundle {
    pub agency: Agency,
    pub departments: Vec<Department>,
    pub officials: Vec<Official>,
    pub users: Vec<User>,
    pub ita_results: Vec<ItaResult>,
    /// Frameworks this agency imported or derived.
    pub frameworks: Vec<BundledFramework>,
    /// The edited ITA analysis texts, by fiscal year then source. Added without a
    /// new bundle version: the field defaults to empty, so a bundle written before
    /// it existed still reads as version 1 (an agency with no edited analyses).
    #[serde(default)]
    pub analyses: Vec<BundledAnalysis>,
    /// The measures cycle, each list added like `analyses` (empty when absent, so
    /// older version 1 bundles still read). Topics and measures by id; progress by
    /// measure id then round; approvals by fiscal year then round; memos by fiscal
    /// year.
    #[serde(default)]
    pub topics: Vec<Topic>,
    #[serde(default)]
    pub measures: Vec<Measure>,
    #[serde(default)]
    pub progress: Vec<Progress>,
    /// The rows of uploaded evidence, by id. The files' bytes are not in the
    /// bundle: they live under the data directory and are copied with it.
    #[serde(default)]
    pub evidence_files: Vec<EvidenceFile>,
    #[serde(default)]
    pub round_approvals: Vec<RoundApproval>,
    #[serde(default)]
    pub plan_memos: Vec<PlanMemo>,
    /// Action plans (by first year, then id), their follow-ups (by plan, project,
    /// fiscal year, round), risk assessments (by fiscal year), orders (by year and
    /// number) and memos (by id); added like the lists above.
    #[serde(default)]
    pub action_plans: Vec<ActionPlan>,
    #[serde(default)]
    pub follow_ups: Vec<FollowUp>,
    #[serde(default)]
    pub risk_assessments: Vec<RiskAssessment>,
    #[serde(default)]
    pub orders: Vec<Order>,
    #[serde(default)]
    pub memos: Vec<Memo>,
    /// The portal's published items (by fiscal year, then kind) with their
    /// files' bytes, which exist nowhere else; added like the lists above.
    #[serde(default)]
    pub publications: Vec<Publication>,
    /// Complaints and corruption reports (by id) with their messages (by id) and
    /// file rows (by id), the agency's complaint settings when it saved any, and
    /// its corruption handlers (by user id); added like the lists above. A
    /// reporter's contact stays sealed (base64): the bundle cannot open it, and
    /// the server it moves to needs the same master key to. The files' bytes are
    /// copied with the data directory, like evidence.
    #[serde(default)]
    pub cases: Vec<Case>,
    #[serde(default)]
    pub case_messages: Vec<CaseMessage>,
    #[serde(default)]
    pub case_attachments: Vec<CaseAttachment>,
    #[serde(default)]
    pub complaint_settings: Option<ComplaintSettings>,
    #[serde(default)]
    pub corruption_handlers: Vec<UserId>,
    /// The OIT checklist (by fiscal year, then item code), the link-check
    /// settings when the agency saved any, every link check (by id) with the
    /// bytes it kept, the surveys (by id) and their anonymous responses (by
    /// survey, then id); added like the lists above.
    #[serde(default)]
    pub disclosure_entries: Vec<DisclosureEntry>,
    #[serde(default)]
    pub disclosure_settings: Option<DisclosureSettings>,
    #[serde(default)]
    pub link_checks: Vec<BundledLinkCheck>,
    #[serde(default)]
    pub surveys: Vec<Survey>,
    #[serde(default)]
    pub survey_responses: Vec<SurveyResponse>,
    pub audit_log: Vec<AuditEntry>,
}

/// One link check with the copy of what it fetched, when it kept one: the copy
/// is the agency's evidence of what was published, and exists nowhere else.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundledLinkCheck {
    pub check: LinkCheck,
    #[serde(with = "base64_bytes_option", default)]
    pub archive: Option<Vec<u8>>,
}

/// A framework an agency imported or derived, with the fiscal year it is stored
/// under. The document stays raw JSON so that a bundle written by a newer version
/// with a richer framework schema still imports; it is validated when used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundledFramework {
    pub fiscal_year: i32,
    pub document: serde_json::Value,
}

/// The ITA analysis text of one of the agency's results, as the user edited it,
/// with the settings it was generated with. Keyed by fiscal year and source like
/// the result, but carried whether or not the result is in the bundle: the text
/// outlives a result that is entered again. Both stay raw JSON, like a framework
/// document, so a bundle from a newer version still imports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundledAnalysis {
    pub fiscal_year: i32,
    pub source: ResultSource,
    pub settings: serde_json::Value,
    pub text: serde_json::Value,
}

/// Serde helper: bytes as standard base64 text.
pub mod base64_bytes {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes bytes as base64.
    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(bytes))
    }

    /// Reads base64 into bytes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        STANDARD.decode(text).map_err(serde::de::Error::custom)
    }
}

/// Serde helper: optional bytes as base64 text or `null`.
pub mod base64_bytes_option {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes bytes as base64, `None` as `null`.
    #[allow(clippy::ref_option)] // serde's `with` hands the field by reference
    pub fn serialize<S: Serializer>(bytes: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        match bytes {
            Some(b) => s.serialize_some(&STANDARD.encode(b)),
            None => s.serialize_none(),
        }
    }

    /// Reads base64 or `null`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| STANDARD.decode(text).map_err(serde::de::Error::custom))
            .transpose()
    }
}
