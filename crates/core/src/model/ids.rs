//! Typed identifiers.
//!
//! Every id is a UUIDv7: ids stay unique when an agency's bundle moves from one
//! database to another (export/import), and v7 keeps inserts roughly ordered by
//! time. A newtype per entity stops a department id being passed where an
//! official id is expected.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A path segment or form value that is not a valid id.
#[derive(Debug, Clone, thiserror::Error)]
#[error("รหัสอ้างอิงไม่ถูกต้อง")]
pub struct IdParseError;

macro_rules! typed_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh, time-ordered id.
            #[must_use]
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = IdParseError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s.trim()).map(Self).map_err(|_| IdParseError)
            }
        }
    };
}

typed_id!(
    /// An agency (หน่วยงาน), the tenant.
    AgencyId
);
typed_id!(
    /// A department (ส่วนราชการ/กอง) of one agency.
    DepartmentId
);
typed_id!(
    /// An official (บุคลากร) named in documents.
    OfficialId
);
typed_id!(
    /// A user account that can log in.
    UserId
);
typed_id!(
    /// One row of the audit log.
    AuditId
);
typed_id!(
    /// A topic (ประเด็น) of a fiscal year's measure plan.
    TopicId
);
typed_id!(
    /// An integrity measure (มาตรการ) of a fiscal year's plan.
    MeasureId
);
typed_id!(
    /// An uploaded evidence file of a measure's progress.
    EvidenceFileId
);
typed_id!(
    /// A multi-year anti-corruption action plan (แผนปฏิบัติการป้องกันการทุจริต).
    ActionPlanId
);
typed_id!(
    /// A dimension (มิติ) of an action plan.
    DimensionId
);
typed_id!(
    /// A mission (ภารกิจตามมิติ) of an action plan's dimension.
    MissionId
);
typed_id!(
    /// A project, activity or measure (โครงการ/กิจกรรม/มาตรการ) of an action plan.
    ProjectId
);
typed_id!(
    /// A process or area (ขั้นตอน/กระบวนงาน) of a fiscal year's corruption-risk assessment.
    RiskAreaId
);
typed_id!(
    /// A control (มาตรการควบคุมความเสี่ยง) of a risk area.
    ControlId
);
typed_id!(
    /// An order (คำสั่ง) of an agency.
    OrderId
);
typed_id!(
    /// A memo (บันทึกข้อความ) of an agency.
    MemoId
);
typed_id!(
    /// A complaint or corruption report (เรื่องร้องเรียน) received by an agency.
    CaseId
);
typed_id!(
    /// One message on a case: a public reply, an internal note or the reporter's words.
    CaseMessageId
);
typed_id!(
    /// A file attached to a case, kept sealed on disk.
    CaseAttachmentId
);
typed_id!(
    /// A frozen snapshot an administrator published on the transparency portal.
    PublicationId
);
typed_id!(
    /// One check of one evidence link of the OIT checklist, kept as evidence for appeals.
    LinkCheckId
);
typed_id!(
    /// A self-assessment or satisfaction survey an agency runs.
    SurveyId
);
typed_id!(
    /// One anonymous answer sheet of a survey.
    SurveyResponseId
);
