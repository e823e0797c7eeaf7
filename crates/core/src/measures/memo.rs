//! The memo (บันทึกข้อความ) that sends a fiscal year's measures to the departments,
//! with the list of heads who acknowledge it. Its header fields follow the
//! memo form of the สารบรรณ regulation as the committee-order seed fills it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::{AgencyId, OfficialId};
use crate::thai::fiscal::FiscalYear;
use crate::validation::ValidationErrors;

/// The fields of a fiscal year's memo that the data cannot supply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanMemo {
    pub agency_id: AgencyId,
    pub fiscal_year: i32,
    /// ส่วนราชการ: the issuing unit, e.g. "สำนักปลัด องค์การบริหารส่วนตำบลหนองปรุง".
    pub from_unit: String,
    /// ที่: the document number, e.g. "นม ๗๘๕๐๑/๑๒๓".
    #[serde(default)]
    pub number: String,
    /// วันที่.
    pub date: Option<NaiveDate>,
    /// เรื่อง.
    pub subject: String,
    /// เรียน: who it is addressed to.
    pub to: String,
    /// The body, one paragraph per entry.
    pub body: Vec<String>,
    /// Who signs (an official of the agency).
    pub signer: Option<OfficialId>,
    /// Who acknowledges, in order (officials of the agency).
    #[serde(default)]
    pub acknowledgers: Vec<OfficialId>,
}

impl PlanMemo {
    /// Checks what a user typed. Field names: `from_unit`, `subject`, `to`, `body`.
    ///
    /// # Errors
    /// The problems found, in Thai.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        errors.require("from_unit", &self.from_unit, "ส่วนราชการ");
        errors.require("subject", &self.subject, "เรื่อง");
        errors.require("to", &self.to, "ผู้รับ (เรียน)");
        if self.body.iter().all(|p| p.trim().is_empty()) {
            errors.add("body", "กรุณากรอกข้อความ");
        }
        errors.into_result()
    }
}

/// When a fiscal year's plan was made, as its measures document prints it
/// ("จัดทำเมื่อ"): the date of the memo that sent it to the departments when
/// there is one (the day the plan was issued); otherwise today while the
/// fiscal year has not ended (the plan is being made now); otherwise `None`,
/// and the document names the fiscal year instead. A plan of 2565 printed in
/// 2569 is never stamped with a 2569 date.
#[must_use]
pub fn plan_made_on(
    memo: Option<&PlanMemo>,
    year: FiscalYear,
    today: NaiveDate,
) -> Option<NaiveDate> {
    memo.and_then(|m| m.date)
        .or_else(|| (today <= year.end()).then_some(today))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_fields_are_named() {
        let memo = PlanMemo {
            agency_id: AgencyId::new(),
            fiscal_year: 2565,
            from_unit: String::new(),
            number: String::new(),
            date: None,
            subject: " ".into(),
            to: String::new(),
            body: vec![String::new()],
            signer: None,
            acknowledgers: vec![],
        };
        let errors = memo.validate().unwrap_err();
        for f in ["from_unit", "subject", "to", "body"] {
            assert!(errors.get(f).is_some(), "{f}");
        }
    }

    #[test]
    fn a_plan_is_made_on_its_memos_date_never_today_once_its_year_is_over() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let fy = FiscalYear::new(2565);
        let mut memo = PlanMemo {
            agency_id: AgencyId::new(),
            fiscal_year: 2565,
            from_unit: "สำนักปลัด".into(),
            number: String::new(),
            date: Some(date(2021, 10, 31)),
            subject: "มาตรการ".into(),
            to: "นายก".into(),
            body: vec!["ข้อความ".into()],
            signer: None,
            acknowledgers: vec![],
        };
        let late = date(2026, 12, 7);
        assert_eq!(
            plan_made_on(Some(&memo), fy, late),
            Some(date(2021, 10, 31))
        );
        memo.date = None;
        assert_eq!(plan_made_on(Some(&memo), fy, late), None);
        assert_eq!(plan_made_on(None, fy, late), None);
        let during = date(2022, 3, 1);
        assert_eq!(plan_made_on(None, fy, during), Some(during));
    }
}
