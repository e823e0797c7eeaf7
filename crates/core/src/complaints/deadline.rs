//! The deadline of a case and whether it was met.
//!
//! The seed's rule (project 11 of the action plan): a complaint is answered within
//! the deadline, or the complainant is told before it passes why it takes longer.
//! So a case is on time when it reached an answered status, or got its first public
//! reply, on or before its due date (Thailand time). Days are calendar days: the
//! seeds count "ภายใน 15 วัน" without excluding holidays.

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::Serialize;

use super::case::Case;
use crate::thai::calendar::in_thailand;

/// Where a case stands against its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Timeliness {
    /// Answered or explained on or before the due date.
    OnTime,
    /// Answered or explained, but after the due date.
    Late,
    /// Not answered yet, and the due date has not passed.
    Pending,
    /// Not answered yet, and the due date has passed.
    Overdue,
}

impl Timeliness {
    #[must_use]
    pub fn label_th(self) -> &'static str {
        match self {
            Self::OnTime => "ภายในกำหนด",
            Self::Late => "เกินกำหนด",
            Self::Pending => "ยังไม่ถึงกำหนด",
            Self::Overdue => "เลยกำหนด ยังไม่ได้ตอบ",
        }
    }
}

/// The due date of a case received at `received_at` with `days` to answer: the
/// Thailand calendar date of receipt plus `days`.
#[must_use]
pub fn due_on(received_at: DateTime<Utc>, days: u32) -> NaiveDate {
    let received = in_thailand(received_at).date_naive();
    received
        .checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(received)
}

/// Where `case` stands on `today` (a Thailand date).
#[must_use]
pub fn timeliness(case: &Case, today: NaiveDate) -> Timeliness {
    let answered = [case.answered_at, case.first_reply_at]
        .into_iter()
        .flatten()
        .min();
    match answered {
        Some(at) if in_thailand(at).date_naive() <= case.due_on => Timeliness::OnTime,
        Some(_) => Timeliness::Late,
        None if today > case.due_on => Timeliness::Overdue,
        None => Timeliness::Pending,
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::complaints::{CaseKind, CaseStatus, Channel};
    use crate::model::{AgencyId, CaseId};

    fn case(received: DateTime<Utc>) -> Case {
        Case {
            agency_id: AgencyId::new(),
            id: CaseId::new(),
            kind: CaseKind::Complaint,
            channel: Channel::Online,
            fiscal_year: 2569,
            number: 1,
            code_hash: String::new(),
            status: CaseStatus::Received,
            subject: "ถนนชำรุด".to_owned(),
            details: "หลุมบ่อ".to_owned(),
            place: String::new(),
            contact_sealed: None,
            consent: true,
            received_at: received,
            due_on: due_on(received, 15),
            department_id: None,
            outcome_note: String::new(),
            answered_at: None,
            first_reply_at: None,
            closed_at: None,
            purged_at: None,
            version: 1,
        }
    }

    #[test]
    fn due_date_counts_from_the_thai_date_of_receipt() {
        // 20:00 UTC on 31 Oct is 03:00 on 1 Nov in Thailand.
        let at = Utc.with_ymd_and_hms(2025, 10, 31, 20, 0, 0).unwrap();
        assert_eq!(
            due_on(at, 15),
            NaiveDate::from_ymd_opt(2025, 11, 16).unwrap()
        );
    }

    #[test]
    fn an_explanation_before_the_deadline_meets_it() {
        let at = Utc.with_ymd_and_hms(2025, 11, 1, 3, 0, 0).unwrap();
        let mut c = case(at);
        let due = c.due_on;
        assert_eq!(timeliness(&c, due), Timeliness::Pending);
        assert_eq!(timeliness(&c, due.succ_opt().unwrap()), Timeliness::Overdue);
        c.first_reply_at = Some(at + chrono::Duration::days(10));
        c.answered_at = Some(at + chrono::Duration::days(40));
        assert_eq!(timeliness(&c, due + Days::new(60)), Timeliness::OnTime);
        c.first_reply_at = None;
        assert_eq!(timeliness(&c, due + Days::new(60)), Timeliness::Late);
    }
}
