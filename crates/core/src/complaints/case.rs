//! The case itself, its messages and files, and the statuses it moves through.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{AgencyId, CaseAttachmentId, CaseId, CaseMessageId, DepartmentId, UserId};

/// Which channel a case came through; the corruption channel is the protected one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseKind {
    /// เรื่องร้องเรียน/ร้องทุกข์: service, nuisance, public works, anything but corruption.
    Complaint,
    /// เรื่องร้องเรียนการทุจริตและประพฤติมิชอบ: about the agency's own staff.
    Corruption,
}

impl CaseKind {
    pub const ALL: [Self; 2] = [Self::Complaint, Self::Corruption];

    /// The stable code stored in the database and used in URLs.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Complaint => "complaint",
            Self::Corruption => "corruption",
        }
    }

    /// Parses [`CaseKind::code`].
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The Thai name shown to users.
    #[must_use]
    pub fn label_th(self) -> &'static str {
        match self {
            Self::Complaint => "เรื่องร้องเรียน/ร้องทุกข์",
            Self::Corruption => "เรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
        }
    }

    /// The prefix of the agency's running number (ร. 12/2568, ท. 3/2568).
    #[must_use]
    pub fn number_prefix_th(self) -> &'static str {
        match self {
            Self::Complaint => "ร.",
            Self::Corruption => "ท.",
        }
    }
}

/// How the case reached the agency. Staff record the channel of cases they enter
/// by hand; the public forms record [`Channel::Online`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Online,
    Telephone,
    Letter,
    WalkIn,
    Facebook,
    Line,
    Email,
    Other,
}

impl Channel {
    pub const ALL: [Self; 8] = [
        Self::Online,
        Self::Telephone,
        Self::Letter,
        Self::WalkIn,
        Self::Facebook,
        Self::Line,
        Self::Email,
        Self::Other,
    ];

    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Online => "online",
            Self::Telephone => "telephone",
            Self::Letter => "letter",
            Self::WalkIn => "walk_in",
            Self::Facebook => "facebook",
            Self::Line => "line",
            Self::Email => "email",
            Self::Other => "other",
        }
    }

    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    #[must_use]
    pub fn label_th(self) -> &'static str {
        match self {
            Self::Online => "เว็บไซต์ (ออนไลน์)",
            Self::Telephone => "โทรศัพท์",
            Self::Letter => "หนังสือ/จดหมาย",
            Self::WalkIn => "ยื่นด้วยตนเอง",
            Self::Facebook => "Facebook",
            Self::Line => "LINE",
            Self::Email => "อีเมล",
            Self::Other => "ช่องทางอื่น",
        }
    }
}

/// Where a case is in its handling. The order of the variants is the order of the
/// workflow: received → screening → assigned → in progress → an outcome → closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// รับเรื่องแล้ว
    Received,
    /// ตรวจสอบเบื้องต้น
    Screening,
    /// ส่งให้ส่วนราชการที่รับผิดชอบแล้ว
    Assigned,
    /// อยู่ระหว่างดำเนินการ
    InProgress,
    /// ดำเนินการแล้วเสร็จ
    Resolved,
    /// ไม่รับไว้พิจารณา (outside the agency's power, no facts to act on, …)
    Rejected,
    /// ส่งต่อหน่วยงานอื่น (ป.ป.ช., ศูนย์ดำรงธรรม, …)
    Forwarded,
    /// ปิดเรื่อง
    Closed,
}

impl CaseStatus {
    pub const ALL: [Self; 8] = [
        Self::Received,
        Self::Screening,
        Self::Assigned,
        Self::InProgress,
        Self::Resolved,
        Self::Rejected,
        Self::Forwarded,
        Self::Closed,
    ];

    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Received => "received",
            Self::Screening => "screening",
            Self::Assigned => "assigned",
            Self::InProgress => "in_progress",
            Self::Resolved => "resolved",
            Self::Rejected => "rejected",
            Self::Forwarded => "forwarded",
            Self::Closed => "closed",
        }
    }

    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    #[must_use]
    pub fn label_th(self) -> &'static str {
        match self {
            Self::Received => "รับเรื่องแล้ว",
            Self::Screening => "อยู่ระหว่างตรวจสอบเบื้องต้น",
            Self::Assigned => "ส่งส่วนราชการที่รับผิดชอบแล้ว",
            Self::InProgress => "อยู่ระหว่างดำเนินการ",
            Self::Resolved => "ดำเนินการแล้วเสร็จ",
            Self::Rejected => "ไม่รับไว้พิจารณา",
            Self::Forwarded => "ส่งต่อหน่วยงานอื่น",
            Self::Closed => "ปิดเรื่อง",
        }
    }

    /// The statuses a case in this status may move to. Screening may be skipped
    /// (an obvious case goes straight to a department), an outcome may be reached
    /// from any open status, and only an outcome can be closed.
    #[must_use]
    pub fn next(self) -> &'static [Self] {
        use CaseStatus::{
            Assigned, Closed, Forwarded, InProgress, Received, Rejected, Resolved, Screening,
        };
        match self {
            Received => &[Screening, Assigned, Resolved, Rejected, Forwarded],
            Screening => &[Assigned, InProgress, Resolved, Rejected, Forwarded],
            Assigned => &[InProgress, Resolved, Rejected, Forwarded],
            InProgress => &[Resolved, Rejected, Forwarded],
            Resolved | Rejected | Forwarded => &[Closed, InProgress],
            Closed => &[],
        }
    }

    /// Whether `to` is an allowed next status.
    #[must_use]
    pub fn can_move_to(self, to: Self) -> bool {
        self.next().contains(&to)
    }

    /// Whether the agency has given its answer (an outcome or closed): the deadline
    /// is met by reaching such a status in time.
    #[must_use]
    pub fn is_answered(self) -> bool {
        matches!(
            self,
            Self::Resolved | Self::Rejected | Self::Forwarded | Self::Closed
        )
    }

    /// Whether the outcome needs the body it went to (forwarded) or a reason
    /// (rejected) written on the case.
    #[must_use]
    pub fn needs_reason(self) -> bool {
        matches!(self, Self::Rejected | Self::Forwarded)
    }
}

/// Who the reporter said they are and how to reach them. Never stored in the clear:
/// the store keeps it only as [`Case::contact_sealed`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReporterContact {
    pub name: String,
    pub phone: String,
    pub email: String,
    pub address: String,
}

impl ReporterContact {
    /// Whether nothing was given (an anonymous report).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        [&self.name, &self.phone, &self.email, &self.address]
            .iter()
            .all(|v| v.trim().is_empty())
    }
}

/// One complaint or corruption report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub agency_id: AgencyId,
    pub id: CaseId,
    pub kind: CaseKind,
    pub channel: Channel,
    /// The fiscal year (B.E.) the case was received in, and its running number in
    /// that year and kind (ร. 12/2568), given by the store when it is saved.
    pub fiscal_year: i32,
    pub number: i32,
    /// SHA-256 (hex) of the tracking code; the code itself is only ever shown to
    /// the reporter once, on the receipt.
    pub code_hash: String,
    pub status: CaseStatus,
    pub subject: String,
    pub details: String,
    /// Where it happened (free text: village, road, office).
    pub place: String,
    /// [`ReporterContact`] as JSON sealed with the agency key ([`sealing`]);
    /// `None` for an anonymous report.
    #[serde(with = "crate::bundle::base64_bytes_option", default)]
    pub contact_sealed: Option<Vec<u8>>,
    /// The reporter accepted the privacy notice.
    pub consent: bool,
    pub received_at: DateTime<Utc>,
    /// The last day (Thailand date) to answer or explain.
    pub due_on: NaiveDate,
    pub department_id: Option<DepartmentId>,
    /// The body a forwarded case went to, or why it was rejected.
    pub outcome_note: String,
    /// When the case reached an answered status (first time).
    pub answered_at: Option<DateTime<Utc>>,
    /// When the first public reply was posted: an explanation before the deadline
    /// also meets it (the seed's rule).
    pub first_reply_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// When the content was deleted after the retention period; the row stays
    /// (kind, channel, dates, status, department) so statistics stay true.
    pub purged_at: Option<DateTime<Utc>>,
    pub version: i32,
}

impl Case {
    /// The running number as staff write it: "ร. 12/2568".
    #[must_use]
    pub fn number_label(&self) -> String {
        format!(
            "{} {}/{}",
            self.kind.number_prefix_th(),
            self.number,
            self.fiscal_year
        )
    }
}

/// Whether a message is for the reporter to read or for staff only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageVisibility {
    /// A reply the reporter reads with the tracking code (and the reporter's own
    /// messages).
    Public,
    /// An internal note; never shown on the tracking page.
    Internal,
}

impl MessageVisibility {
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Internal => "internal",
        }
    }

    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Public, Self::Internal]
            .into_iter()
            .find(|v| v.code() == code)
    }
}

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "by", content = "user_id")]
pub enum MessageAuthor {
    /// The reporter, through the tracking code.
    Reporter,
    /// A user of the agency.
    Staff(UserId),
}

/// One message on a case, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseMessage {
    pub agency_id: AgencyId,
    pub case_id: CaseId,
    pub id: CaseMessageId,
    pub at: DateTime<Utc>,
    pub author: MessageAuthor,
    pub visibility: MessageVisibility,
    pub body: String,
}

/// A file attached to a case (an image or a PDF, checked by its bytes). The bytes
/// live sealed under the data folder; the row says what they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseAttachment {
    pub agency_id: AgencyId,
    pub case_id: CaseId,
    pub id: CaseAttachmentId,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    /// The fingerprint of the plain bytes: `hmac-sha256:` and the HMAC keyed
    /// with the agency's fingerprint key (`sealing::AgencyKey::file_fingerprint`).
    /// Rows written before fingerprints were keyed held a plain SHA-256 here,
    /// which housekeeping replaces; the name stays for the column and bundles.
    pub sha256: String,
    pub uploaded_at: DateTime<Utc>,
    /// Sent by the reporter (true) or added by staff.
    pub from_reporter: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for k in CaseKind::ALL {
            assert_eq!(CaseKind::from_code(k.code()), Some(k));
        }
        for c in Channel::ALL {
            assert_eq!(Channel::from_code(c.code()), Some(c));
        }
        for s in CaseStatus::ALL {
            assert_eq!(CaseStatus::from_code(s.code()), Some(s));
        }
        assert_eq!(CaseStatus::from_code("done"), None);
    }

    #[test]
    fn workflow_moves_forward_and_closes_only_outcomes() {
        use CaseStatus::*;
        assert!(Received.can_move_to(Screening));
        assert!(Received.can_move_to(Assigned));
        assert!(Assigned.can_move_to(InProgress));
        assert!(InProgress.can_move_to(Forwarded));
        assert!(Resolved.can_move_to(Closed));
        assert!(!Received.can_move_to(Closed));
        assert!(!InProgress.can_move_to(Received));
        assert!(Closed.next().is_empty());
        for s in CaseStatus::ALL {
            assert!(!s.can_move_to(s), "{s:?} moves to itself");
        }
    }

    #[test]
    fn contact_is_empty_only_when_every_field_is_blank() {
        assert!(ReporterContact::default().is_empty());
        let c = ReporterContact {
            phone: " 081 ".to_owned(),
            ..ReporterContact::default()
        };
        assert!(!c.is_empty());
    }
}
