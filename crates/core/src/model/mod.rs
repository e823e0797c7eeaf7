//! The tenants and the people in them: agencies, departments, officials and user
//! accounts, plus the audit trail every change leaves behind.

mod account;
mod agency;
mod audit;
mod ids;
mod ita_result;

pub use account::{Role, User, normalize_username};
pub use agency::{Agency, AgencyKind, Department, Logo, Official, titled_name};
pub use audit::{AuditAction, AuditEntry};
pub use ids::{
    ActionPlanId, AgencyId, AuditId, CaseAttachmentId, CaseId, CaseMessageId, ControlId,
    DepartmentId, DimensionId, EvidenceFileId, IdParseError, LinkCheckId, MeasureId, MemoId,
    MissionId, OfficialId, OrderId, ProjectId, PublicationId, RiskAreaId, SurveyId,
    SurveyResponseId, TopicId, UserId,
};
pub use ita_result::{ItaResult, ResultSource};
