//! The text of every notification, as pure functions of the case, so that what
//! each e-mail may say is decided and tested in one place.
//!
//! What a mail to staff about a corruption report may carry is the least that
//! lets a handler act: that a report arrived or is due, its due date, and a link
//! that needs a handler's login to open (GlobaLeaks sends no more). Never the
//! subject, details, place, number or anything of the reporter: mail passes
//! through servers the agency does not control and stays in mailboxes for years.
//! A mail to a complainant says only that there is news and where to read it,
//! never the reply or the tracking code, since the address may not be theirs
//! alone.

use chrono::NaiveDate;
use prongsai_core::complaints::{Case, CaseKind};
use prongsai_core::model::Agency;
use prongsai_core::thai::calendar::format_date_long;
use prongsai_core::thai::digits::digits_for;

use super::mailer::Letter;

/// Which deadline mail this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Deadline {
    /// The due date is near.
    Soon,
    /// The due date has passed without an answer or an explanation.
    Passed,
}

impl Deadline {
    /// The key under which the store records that this mail went out for a case.
    pub(crate) fn claim_kind(self) -> &'static str {
        match self {
            Self::Soon => "reminder",
            Self::Passed => "overdue",
        }
    }
}

const SIGNATURE: &str = "อีเมลฉบับนี้ส่งจากระบบโดยอัตโนมัติ กรุณาอย่าตอบกลับ";

/// Where a staff member opens the case.
fn case_link(base: &str, case: &Case) -> String {
    format!("{base}/cases/{}", case.id)
}

/// A line of text typed by the public, made safe for a plain-text mail: line
/// breaks and other control characters become spaces.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}

fn due_date(agency: &Agency, case: &Case) -> String {
    format_date_long(case.due_on, agency.thai_digits)
}

fn number(agency: &Agency, case: &Case) -> String {
    digits_for(&case.number_label(), agency.thai_digits)
}

fn days(agency: &Agency, count: i64) -> String {
    digits_for(&count.to_string(), agency.thai_digits)
}

/// To the agency's notification list when a case arrives.
pub(crate) fn case_received(agency: &Agency, base: &str, case: &Case) -> Letter {
    let link = case_link(base, case);
    let due = due_date(agency, case);
    match case.kind {
        CaseKind::Complaint => {
            let number = number(agency, case);
            Letter {
                subject: format!("เรื่องร้องเรียนใหม่ {number}"),
                body: format!(
                    "มีเรื่องร้องเรียน/ร้องทุกข์ใหม่ถึง{name}\n\n\
                     เลขที่: {number}\n\
                     เรื่อง: {subject}\n\
                     ช่องทาง: {channel}\n\
                     ต้องตอบหรือชี้แจงผู้ร้องภายในวันที่ {due}\n\n\
                     เปิดเรื่อง: {link}\n\n{SIGNATURE}\n",
                    name = agency.name,
                    subject = one_line(&case.subject),
                    channel = case.channel.label_th(),
                ),
            }
        }
        CaseKind::Corruption => Letter {
            subject: "มีเรื่องแจ้งเบาะแสการทุจริตใหม่".to_owned(),
            body: format!(
                "มีผู้แจ้งเบาะแสการทุจริตและประพฤติมิชอบถึง{name}\n\n\
                 เพื่อคุ้มครองผู้แจ้ง อีเมลนี้ไม่มีรายละเอียดของเรื่อง \
                 ผู้รับผิดชอบเรื่องร้องเรียนการทุจริตเข้าสู่ระบบเพื่อเปิดอ่านได้ที่ {link} \
                 (ระบบบันทึกการเปิดอ่านทุกครั้ง)\n\n\
                 ต้องดำเนินการหรือชี้แจงผู้แจ้งภายในวันที่ {due}\n\n{SIGNATURE}\n",
                name = agency.name,
            ),
        },
    }
}

/// To the agency's notification list for the new cases of one kind that
/// waited for a digest: for complaints each number, subject line and link; for
/// corruption reports only how many arrived and where staff open them.
pub(crate) fn cases_digest(agency: &Agency, base: &str, kind: CaseKind, cases: &[Case]) -> Letter {
    let count = days(agency, i64::try_from(cases.len()).unwrap_or(i64::MAX));
    match kind {
        CaseKind::Complaint => {
            let lines: String = cases
                .iter()
                .map(|case| {
                    format!(
                        "- {} {} ({})\n",
                        number(agency, case),
                        one_line(&case.subject),
                        case_link(base, case)
                    )
                })
                .collect();
            Letter {
                subject: format!("เรื่องร้องเรียนใหม่ {count} เรื่อง (รวมแจ้งครั้งเดียว)"),
                body: format!(
                    "มีเรื่องร้องเรียน/ร้องทุกข์ใหม่ถึง{name} {count} เรื่อง \
                     ระบบรวมแจ้งไว้ในอีเมลนี้ฉบับเดียว เพราะมีเรื่องเข้ามามากในเวลาสั้น ๆ\n\n\
                     {lines}\n{SIGNATURE}\n",
                    name = agency.name,
                ),
            }
        }
        CaseKind::Corruption => Letter {
            subject: format!("มีเรื่องแจ้งเบาะแสการทุจริตใหม่ {count} เรื่อง"),
            body: format!(
                "มีผู้แจ้งเบาะแสการทุจริตและประพฤติมิชอบถึง{name} {count} เรื่อง\n\n\
                 เพื่อคุ้มครองผู้แจ้ง อีเมลนี้ไม่มีรายละเอียดของเรื่อง \
                 ผู้รับผิดชอบเรื่องร้องเรียนการทุจริตเข้าสู่ระบบเพื่อเปิดอ่านได้ที่ {base}/cases \
                 (ระบบบันทึกการเปิดอ่านทุกครั้ง)\n\n{SIGNATURE}\n",
                name = agency.name,
            ),
        },
    }
}

/// To the agency's notification list when an unanswered case nears or passes its
/// due date; `today` is the Thailand date.
pub(crate) fn deadline(
    agency: &Agency,
    base: &str,
    case: &Case,
    which: Deadline,
    today: NaiveDate,
) -> Letter {
    let link = case_link(base, case);
    let due = due_date(agency, case);
    let left = (case.due_on - today).num_days();
    let when = match which {
        Deadline::Soon if left <= 0 => "ครบกำหนดวันนี้".to_owned(),
        Deadline::Soon => format!("ครบกำหนดในอีก {} วัน", days(agency, left)),
        Deadline::Passed => format!("เลยกำหนดมาแล้ว {} วัน", days(agency, -left)),
    };
    let headline = match which {
        Deadline::Soon => "ใกล้ครบกำหนด",
        Deadline::Passed => "เลยกำหนดแล้ว",
    };
    match case.kind {
        CaseKind::Complaint => {
            let number = number(agency, case);
            Letter {
                subject: format!("{headline}: เรื่องร้องเรียน {number}"),
                body: format!(
                    "เรื่องร้องเรียน {number} ของ{name} ยังไม่ได้ตอบหรือชี้แจงผู้ร้อง\n\
                     เรื่อง: {subject}\n\
                     กำหนดวันที่ {due} ({when})\n\n\
                     ตามหลักเกณฑ์ ต้องดำเนินการให้แล้วเสร็จ หรือแจ้งเหตุผลความล่าช้าให้ผู้ร้องทราบภายในกำหนด\n\
                     เปิดเรื่อง: {link}\n\n{SIGNATURE}\n",
                    name = agency.name,
                    subject = one_line(&case.subject),
                ),
            }
        }
        CaseKind::Corruption => Letter {
            subject: format!("{headline}: เรื่องแจ้งเบาะแสการทุจริต"),
            body: format!(
                "มีเรื่องแจ้งเบาะแสการทุจริตและประพฤติมิชอบของ{name} ที่ยังไม่ได้ดำเนินการหรือชี้แจงผู้แจ้ง\n\
                 กำหนดวันที่ {due} ({when})\n\n\
                 เพื่อคุ้มครองผู้แจ้ง อีเมลนี้ไม่มีรายละเอียดของเรื่อง เปิดอ่านได้ที่ {link}\n\n{SIGNATURE}\n",
                name = agency.name,
            ),
        },
    }
}

/// To a complainant who left an e-mail address, when the agency posts a public
/// reply.
pub(crate) fn reply_posted(agency: &Agency, base: &str) -> Letter {
    Letter {
        subject: "มีความคืบหน้าเรื่องร้องเรียนของท่าน".to_owned(),
        body: format!(
            "เรียน ผู้ร้องเรียน\n\n\
             {name}ได้ตอบหรือแจ้งความคืบหน้าเรื่องที่ท่านร้องเรียนไว้ \
             ท่านอ่านได้ที่หน้าติดตามเรื่อง {base}/p/{code}/track \
             โดยใช้รหัสติดตามเรื่องที่ได้รับเมื่อแจ้งเรื่อง\n\n{SIGNATURE}\n",
            name = agency.name,
            code = agency.code,
        ),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use prongsai_core::complaints::{CaseStatus, Channel, due_on};
    use prongsai_core::model::{AgencyId, AgencyKind, CaseId};

    use super::*;

    fn agency() -> Agency {
        Agency {
            id: AgencyId::new(),
            code: "dindaeng-krabi".to_owned(),
            kind: AgencyKind::SubdistrictAdministrativeOrganization,
            name: "องค์การบริหารส่วนตำบลดินแดง".to_owned(),
            district: String::new(),
            province: "กระบี่".to_owned(),
            website: None,
            thai_digits: false,
            logo: None,
        }
    }

    fn case(kind: CaseKind) -> Case {
        let received = Utc.with_ymd_and_hms(2025, 11, 3, 3, 0, 0).unwrap();
        Case {
            agency_id: AgencyId::new(),
            id: CaseId::new(),
            kind,
            channel: Channel::Online,
            fiscal_year: 2569,
            number: 12,
            code_hash: "abc".to_owned(),
            status: CaseStatus::Received,
            subject: "ไฟส่องสว่าง\nดับทั้งซอย".to_owned(),
            details: "รายละเอียดลับ".to_owned(),
            place: "หมู่ 4".to_owned(),
            contact_sealed: Some(vec![1, 2, 3]),
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

    fn text(letter: &Letter) -> String {
        format!("{}\n{}", letter.subject, letter.body)
    }

    #[test]
    fn a_new_complaint_names_its_number_subject_due_date_and_link() {
        let c = case(CaseKind::Complaint);
        let letter = case_received(&agency(), "https://itas.example.go.th", &c);
        assert_eq!(letter.subject, "เรื่องร้องเรียนใหม่ ร. 12/2569");
        assert!(letter.body.contains("ไฟส่องสว่าง ดับทั้งซอย"));
        assert!(letter.body.contains("18 พฤศจิกายน 2568"));
        assert!(
            letter
                .body
                .contains(&format!("https://itas.example.go.th/cases/{}", c.id))
        );
        assert!(!letter.body.contains("รายละเอียดลับ"));
    }

    #[test]
    fn corruption_mails_carry_nothing_of_the_report() {
        let c = case(CaseKind::Corruption);
        let today = c.due_on.pred_opt().unwrap();
        let letters = [
            case_received(&agency(), "", &c),
            deadline(&agency(), "", &c, Deadline::Soon, today),
            deadline(
                &agency(),
                "",
                &c,
                Deadline::Passed,
                c.due_on.succ_opt().unwrap(),
            ),
        ];
        for letter in &letters {
            let all = text(letter);
            for secret in ["ไฟส่องสว่าง", "รายละเอียดลับ", "หมู่ 4", "ท. 12", "12/2569"]
            {
                assert!(!all.contains(secret), "{secret} in {all}");
            }
            assert!(all.contains(&format!("/cases/{}", c.id)));
        }
    }

    #[test]
    fn deadline_mails_count_the_days() {
        let c = case(CaseKind::Complaint);
        let soon = deadline(
            &agency(),
            "",
            &c,
            Deadline::Soon,
            c.due_on.pred_opt().unwrap(),
        );
        assert!(soon.subject.starts_with("ใกล้ครบกำหนด"));
        assert!(soon.body.contains("ครบกำหนดในอีก 1 วัน"));
        let today = deadline(&agency(), "", &c, Deadline::Soon, c.due_on);
        assert!(today.body.contains("ครบกำหนดวันนี้"));
        let late = c.due_on + chrono::Days::new(3);
        let passed = deadline(&agency(), "", &c, Deadline::Passed, late);
        assert!(passed.subject.starts_with("เลยกำหนดแล้ว"));
        assert!(passed.body.contains("เลยกำหนดมาแล้ว 3 วัน"));
    }

    #[test]
    fn thai_digits_apply_to_numbers_and_dates_but_not_links() {
        let thai = Agency {
            thai_digits: true,
            ..agency()
        };
        let c = case(CaseKind::Complaint);
        let letter = case_received(&thai, "https://itas1.example.go.th", &c);
        assert!(letter.subject.contains("ร. ๑๒/๒๕๖๙"));
        assert!(letter.body.contains("https://itas1.example.go.th/cases/"));
        assert!(letter.body.contains(&c.id.to_string()));
    }

    #[test]
    fn the_complainant_learns_only_where_to_read() {
        let letter = reply_posted(&agency(), "");
        assert_eq!(letter.subject, "มีความคืบหน้าเรื่องร้องเรียนของท่าน");
        assert!(letter.body.contains(" /p/dindaeng-krabi/track "));
    }
}
