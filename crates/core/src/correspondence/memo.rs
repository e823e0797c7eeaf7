//! A memo (บันทึกข้อความ): the issuing unit, number, date, subject, addressees, body
//! and signer, and the acknowledgements recorded as people acknowledge it in the
//! system (who, in which position, when), printed as the table under the memo.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{AgencyId, DepartmentId, MemoId, UserId};
use crate::validation::ValidationErrors;

use super::Signer;

/// A memo of an agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Memo {
    pub id: MemoId,
    pub agency_id: AgencyId,
    /// The year (พ.ศ.) it is filed under, for lists and `--number` lookups.
    pub year: i32,
    /// The department that issues it, when it is one of the agency's.
    #[serde(default)]
    pub department: Option<DepartmentId>,
    /// ส่วนราชการ as printed, e.g. "สำนักปลัด องค์การบริหารส่วนตำบลหนองปรุง โทร. ๐ ๔๔๐๐ ๐๐๐๐".
    pub from_unit: String,
    /// ที่, e.g. "นม ๗๘๕๐๑/๑๒๓".
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// เรื่อง.
    pub subject: String,
    /// เรียน.
    pub to: String,
    /// The body as formatted text (paragraphs separated by blank lines).
    pub body: String,
    #[serde(default)]
    pub signer: Signer,
    /// Recorded acknowledgements, in the order they were made.
    #[serde(default)]
    pub acknowledgements: Vec<MemoAcknowledgement>,
    #[serde(default)]
    pub version: i64,
}

/// One person's acknowledgement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoAcknowledgement {
    pub user_id: UserId,
    /// The name as printed, taken from the account when acknowledged.
    pub name: String,
    /// The position the person gave.
    #[serde(default)]
    pub position: String,
    pub at: DateTime<Utc>,
}

impl Memo {
    /// Checks what a user typed. Field names: `from_unit`, `subject`, `to`, `body`,
    /// `year`.
    ///
    /// # Errors
    /// The problems found, in Thai.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if !(2400..=2700).contains(&self.year) {
            errors.add("year", "กรุณากรอกปี พ.ศ. เช่น 2568");
        }
        errors.require("from_unit", &self.from_unit, "ส่วนราชการ");
        errors.require("subject", &self.subject, "เรื่อง");
        errors.require("to", &self.to, "ผู้รับ (เรียน)");
        errors.require("body", &self.body, "ข้อความ");
        errors.into_result()
    }

    /// Whether a user has acknowledged it.
    #[must_use]
    pub fn acknowledged_by(&self, user: UserId) -> bool {
        self.acknowledgements.iter().any(|a| a.user_id == user)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_fields_are_named() {
        let memo = Memo {
            id: MemoId::new(),
            agency_id: AgencyId::new(),
            year: 2568,
            department: None,
            from_unit: String::new(),
            number: String::new(),
            date: None,
            subject: String::new(),
            to: " ".into(),
            body: String::new(),
            signer: Signer::default(),
            acknowledgements: vec![],
            version: 0,
        };
        let errors = memo.validate().unwrap_err();
        for f in ["from_unit", "subject", "to", "body"] {
            assert!(errors.get(f).is_some(), "{f}");
        }
        assert!(!memo.acknowledged_by(UserId::new()));
    }
}
