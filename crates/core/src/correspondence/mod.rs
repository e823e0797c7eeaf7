//! Official correspondence in the forms of ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ:
//! orders (คำสั่ง) that appoint the committees of the ITA work, and memos
//! (บันทึกข้อความ) that people acknowledge in the system.

mod memo;
mod order;

pub use memo::{Memo, MemoAcknowledgement};
pub use order::{Assignment, Committee, CommitteeMember, MemberRole, Order, order_number_text};

use serde::{Deserialize, Serialize};

use crate::model::OfficialId;

/// Who signs an order or a memo: printed as "(name)" with the rank in front, then
/// the position on the next line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signer {
    /// The official of the agency, when the signer is one (for the audit trail and
    /// to fill the fields below).
    #[serde(default)]
    pub official: Option<OfficialId>,
    /// ชื่อ - สกุล with its title, e.g. "นายสมชาย ใจดี".
    #[serde(default)]
    pub name: String,
    /// ยศ, e.g. "ว่าที่ร้อยตรี", printed before the name.
    #[serde(default)]
    pub rank: String,
    /// ตำแหน่ง, e.g. "นายกองค์การบริหารส่วนตำบลหนองปรุง".
    #[serde(default)]
    pub position: String,
}

impl Signer {
    /// "ว่าที่ร้อยตรี สมชาย ใจดี": the rank and the name as the signature block prints them.
    #[must_use]
    pub fn printed_name(&self) -> String {
        format!("{} {}", self.rank.trim(), self.name.trim())
            .trim()
            .to_owned()
    }
}
