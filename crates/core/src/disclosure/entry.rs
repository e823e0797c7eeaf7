//! One OIT item of one year as the agency works on it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{AgencyId, DepartmentId};

/// An item may point at several pages or files; more than this is a sign of a
/// pasted list, not evidence.
pub const MAX_LINKS_PER_ITEM: usize = 10;

/// Where the work on an item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisclosureStatus {
    /// ยังไม่เริ่ม
    NotStarted,
    /// พร้อมส่ง: the evidence is published and linked.
    Ready,
    /// ส่งแล้ว: entered in NACC's ITAS.
    Submitted,
}

impl DisclosureStatus {
    /// Every status, in the order forms list them.
    pub const ALL: [Self; 3] = [Self::NotStarted, Self::Ready, Self::Submitted];

    /// The stable code stored in the database and forms.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::NotStarted => "not_started",
            Self::Ready => "ready",
            Self::Submitted => "submitted",
        }
    }

    /// Parses [`DisclosureStatus::code`].
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The Thai label.
    #[must_use]
    pub fn label_th(self) -> &'static str {
        match self {
            Self::NotStarted => "ยังไม่เริ่ม",
            Self::Ready => "พร้อมส่ง",
            Self::Submitted => "ส่งแล้ว",
        }
    }

    /// Whether the agency considers the item done (ready or submitted).
    #[must_use]
    pub fn is_done(self) -> bool {
        self != Self::NotStarted
    }
}

/// A page or file the agency publishes as the item's evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceLink {
    /// An absolute http(s) address, as checked by [`crate::web_link::check_link`].
    pub url: String,
    /// What the page shows, for the assessor ("คำสั่งแต่งตั้ง หน้า 2").
    pub note: String,
}

/// The checklist entry of one OIT item of one fiscal year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DisclosureEntry {
    pub agency_id: AgencyId,
    /// Buddhist-era fiscal year.
    pub fiscal_year: i32,
    /// The framework's item code of that year ("O1").
    pub item_code: String,
    /// The department that publishes the evidence; its head may edit the entry.
    pub department_id: Option<DepartmentId>,
    pub links: Vec<EvidenceLink>,
    /// What the agency tells the assessor about the item.
    pub explanation: String,
    /// Words the evidence must mention (pre-filled from the item's title); a
    /// check reports which it found.
    pub keywords: Vec<String>,
    pub status: DisclosureStatus,
    pub due_on: Option<NaiveDate>,
    /// Optimistic lock: saving with an older version is refused.
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

impl DisclosureEntry {
    /// An entry nobody has worked on yet.
    #[must_use]
    pub fn empty(agency_id: AgencyId, fiscal_year: i32, item_code: &str) -> Self {
        Self {
            agency_id,
            fiscal_year,
            item_code: item_code.to_owned(),
            department_id: None,
            links: Vec::new(),
            explanation: String::new(),
            keywords: Vec::new(),
            status: DisclosureStatus::NotStarted,
            due_on: None,
            version: 0,
            updated_at: DateTime::<Utc>::UNIX_EPOCH,
        }
    }
}
