//! The audit trail: who changed what, when, with the values before and after.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ids::{AgencyId, AuditId, UserId};

/// What kind of change an audit row records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Create,
    Update,
    Delete,
    /// A protected record was opened and read (a corruption report): reading it
    /// is itself something the agency must be able to account for.
    Open,
}

impl AuditAction {
    /// The stable code stored in the database.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Update => "update",
            Self::Delete => "delete",
            Self::Open => "open",
        }
    }

    /// Parses [`AuditAction::code`].
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Create, Self::Update, Self::Delete, Self::Open]
            .into_iter()
            .find(|a| a.code() == code)
    }

    /// The Thai word shown in the audit log page.
    #[must_use]
    pub fn label_th(self) -> &'static str {
        match self {
            Self::Create => "เพิ่ม",
            Self::Update => "แก้ไข",
            Self::Delete => "ลบ",
            Self::Open => "เปิดอ่าน",
        }
    }
}

/// One change, as written in the same transaction as the change itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// `None` for installation-wide changes (a national supervisor account).
    pub agency_id: Option<AgencyId>,
    pub id: AuditId,
    pub at: DateTime<Utc>,
    /// `None` when the command line made the change.
    pub user_id: Option<UserId>,
    /// The table-like name of what changed: `agency`, `department`, `official`, `user`, …
    pub entity: String,
    pub entity_id: String,
    pub action: AuditAction,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}
