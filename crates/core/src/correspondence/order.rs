//! An order (คำสั่ง) appointing committees: number/year, subject, preamble with the
//! legal basis, committees with members, roles and duties, the persons in charge
//! (the executive responsible for the assessment, the system administrator), the
//! date and the signer. Numbers run per agency and calendar year (พ.ศ.) and are
//! unique within it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::{AgencyId, OfficialId, OrderId};
use crate::thai::digits::to_thai_digits;
use crate::validation::ValidationErrors;

use super::Signer;

/// An order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub id: OrderId,
    pub agency_id: AgencyId,
    /// The year of the number (พ.ศ.), e.g. 2565 in "ที่ ๙๘/๒๕๖๕".
    pub year: i32,
    /// The number within the year, e.g. 98.
    pub number: i32,
    /// เรื่อง.
    pub subject: String,
    /// The preamble with its legal basis, as formatted text (paragraphs).
    #[serde(default)]
    pub preamble: String,
    #[serde(default)]
    pub committees: Vec<Committee>,
    /// Named persons in charge, after the committees.
    #[serde(default)]
    pub assignments: Vec<Assignment>,
    /// The closing line, e.g. "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป".
    #[serde(default)]
    pub closing: String,
    /// สั่ง ณ วันที่.
    #[serde(default)]
    pub date: Option<NaiveDate>,
    #[serde(default)]
    pub signer: Signer,
    #[serde(default)]
    pub version: i64,
}

/// A committee (คณะกรรมการ/คณะทำงาน) with its members and duties.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Committee {
    /// e.g. "คณะทำงานอำนวยการ".
    pub title: String,
    #[serde(default)]
    pub members: Vec<CommitteeMember>,
    /// อำนาจหน้าที่, in order.
    #[serde(default)]
    pub duties: Vec<String>,
}

/// A member: an official of the agency, or a position written as text (the seed
/// names positions only, "ปลัดองค์การบริหารส่วนตำบลหนองปรุง").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitteeMember {
    #[serde(default)]
    pub official: Option<OfficialId>,
    /// The position as printed; when empty, the official's name and position are.
    #[serde(default)]
    pub position: String,
    pub role: MemberRole,
}

/// A member's role in a committee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "label")]
pub enum MemberRole {
    /// ประธานกรรมการ.
    Chair,
    /// กรรมการ.
    Member,
    /// กรรมการและเลขานุการ.
    Secretary,
    /// Any other wording, e.g. "หัวหน้าคณะทำงาน", "คณะทำงาน/เลขานุการ".
    Custom(String),
}

impl MemberRole {
    /// The role as printed.
    #[must_use]
    pub fn label_th(&self) -> &str {
        match self {
            Self::Chair => "ประธานกรรมการ",
            Self::Member => "กรรมการ",
            Self::Secretary => "กรรมการและเลขานุการ",
            Self::Custom(text) => text.trim(),
        }
    }

    /// The role a form posted: `chair`, `member`, `secretary`, or any other text as
    /// a custom role; empty text is `None`.
    #[must_use]
    pub fn from_form(code: &str) -> Option<Self> {
        match code.trim() {
            "" => None,
            "chair" => Some(Self::Chair),
            "member" => Some(Self::Member),
            "secretary" => Some(Self::Secretary),
            other => Some(Self::Custom(other.to_owned())),
        }
    }
}

/// Persons in charge named after the committees, e.g. "ผู้บริหารที่รับผิดชอบการประเมิน
/// ของหน่วยงาน" → "นายกองค์การบริหารส่วนตำบลหนองปรุง", with their duty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    pub heading: String,
    #[serde(default)]
    pub people: Vec<String>,
    #[serde(default)]
    pub duty: String,
}

/// "๙๘/๒๕๖๕" or "98/2565".
#[must_use]
pub fn order_number_text(number: i32, year: i32, thai_digits: bool) -> String {
    let text = format!("{number}/{year}");
    if thai_digits {
        to_thai_digits(&text)
    } else {
        text
    }
}

impl Order {
    /// Checks what a user typed. Field names: `number`, `year`, `subject`,
    /// `committee_N.title`, `committee_N.member_M`, `signer_name`, `signer_position`.
    /// Whether the number is already used in the year is the store's to say.
    ///
    /// # Errors
    /// The problems found, in Thai.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if self.number < 1 {
            errors.add("number", "เลขที่คำสั่งต้องเป็นจำนวนเต็มตั้งแต่ 1 ขึ้นไป");
        }
        if !(2400..=2700).contains(&self.year) {
            errors.add("year", "กรุณากรอกปี พ.ศ. ของคำสั่ง เช่น 2568");
        }
        errors.require("subject", &self.subject, "เรื่อง");
        if self.committees.is_empty() {
            errors.add("committees", "คำสั่งต้องมีคณะกรรมการอย่างน้อยหนึ่งคณะ");
        }
        for (c, committee) in self.committees.iter().enumerate() {
            let prefix = format!("committee_{}", c + 1);
            errors.require(&format!("{prefix}.title"), &committee.title, "ชื่อคณะกรรมการ");
            for (m, member) in committee.members.iter().enumerate() {
                if member.official.is_none() && member.position.trim().is_empty() {
                    errors.add(
                        format!("{prefix}.member_{}", m + 1),
                        "กรุณาเลือกบุคลากรหรือกรอกตำแหน่งของกรรมการ",
                    );
                }
                if member.role.label_th().is_empty() {
                    errors.add(
                        format!("{prefix}.role_{}", m + 1),
                        "กรุณาระบุบทบาทในคณะกรรมการ",
                    );
                }
            }
        }
        errors.require("signer_name", &self.signer.name, "ชื่อผู้ลงนาม");
        errors.require("signer_position", &self.signer.position, "ตำแหน่งผู้ลงนาม");
        errors.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order() -> Order {
        Order {
            id: OrderId::new(),
            agency_id: AgencyId::new(),
            year: 2565,
            number: 98,
            subject: "แต่งตั้งคณะกรรมการ".into(),
            preamble: String::new(),
            committees: vec![Committee {
                title: "คณะทำงานอำนวยการ".into(),
                members: vec![CommitteeMember {
                    official: None,
                    position: "นายกองค์การบริหารส่วนตำบล".into(),
                    role: MemberRole::Custom("หัวหน้าคณะกรรมการ".into()),
                }],
                duties: vec!["ให้คำปรึกษา".into()],
            }],
            assignments: vec![],
            closing: String::new(),
            date: None,
            signer: Signer {
                name: "นายสมชาย ใจดี".into(),
                position: "นายก".into(),
                ..Signer::default()
            },
            version: 0,
        }
    }

    #[test]
    fn a_complete_order_passes() {
        assert!(order().validate().is_ok());
        assert_eq!(order_number_text(98, 2565, true), "๙๘/๒๕๖๕");
    }

    #[test]
    fn problems_are_named_by_field() {
        let mut o = order();
        o.number = 0;
        o.committees[0].members[0].position = String::new();
        o.committees[0].members[0].role = MemberRole::Custom(" ".into());
        o.signer.name = String::new();
        let errors = o.validate().unwrap_err();
        for field in [
            "number",
            "committee_1.member_1",
            "committee_1.role_1",
            "signer_name",
        ] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }

    #[test]
    fn roles_from_forms() {
        assert_eq!(MemberRole::from_form("chair"), Some(MemberRole::Chair));
        assert_eq!(
            MemberRole::from_form("คณะทำงาน/เลขานุการ")
                .unwrap()
                .label_th(),
            "คณะทำงาน/เลขานุการ"
        );
        assert_eq!(MemberRole::from_form(" "), None);
    }
}
