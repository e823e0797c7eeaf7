//! What a reporter (or a staff member entering a case by hand) submits, checked
//! field by field with Thai messages.

use serde::{Deserialize, Serialize};

use super::case::{CaseKind, ReporterContact};
use super::settings::looks_like_email;
use crate::field_limits::FieldKind;
use crate::measures::EvidenceKind;
use crate::validation::ValidationErrors;

/// The longest text each field takes, in characters, from the table of
/// [`crate::field_limits`] (the form's field names are their kinds). Public forms are written on
/// phones; these limits keep one submission small enough that the channel cannot be
/// used to fill the disk, while leaving room for a full account of what happened.
#[derive(Debug, Clone, Copy)]
pub struct SubmissionLimits;

impl SubmissionLimits {
    pub const SUBJECT: usize = FieldKind::Title.max_chars();
    pub const DETAILS: usize = FieldKind::Text.max_chars();
    pub const PLACE: usize = FieldKind::Title.max_chars();
    pub const NAME: usize = FieldKind::Name.max_chars();
    pub const PHONE: usize = FieldKind::Code.max_chars();
    pub const EMAIL: usize = FieldKind::Name.max_chars();
    pub const ADDRESS: usize = FieldKind::Text.max_chars();
    pub const MESSAGE: usize = FieldKind::Text.max_chars();
}

/// A submission as typed, before it becomes a case.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    pub kind: Option<CaseKind>,
    pub subject: String,
    pub details: String,
    pub place: String,
    pub contact: ReporterContact,
    pub consent: bool,
}

/// Checks a submission. Text is trimmed; what is too long or missing gets a
/// message at its field. The contact is optional for both kinds (a complaint
/// without one simply cannot be called back); a phone number must look like one
/// and an e-mail address like one.
///
/// # Errors
/// The Thai messages, one per field.
pub fn validate_submission(input: &Submission) -> Result<Submission, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let trimmed = Submission {
        kind: input.kind,
        subject: input.subject.trim().to_owned(),
        details: input.details.trim().to_owned(),
        place: input.place.trim().to_owned(),
        contact: ReporterContact {
            name: input.contact.name.trim().to_owned(),
            phone: input.contact.phone.trim().to_owned(),
            email: input.contact.email.trim().to_owned(),
            address: input.contact.address.trim().to_owned(),
        },
        consent: input.consent,
    };
    if trimmed.kind.is_none() {
        errors.add("kind", "กรุณาเลือกประเภทเรื่อง");
    }
    errors.require("subject", &trimmed.subject, "เรื่องที่ร้องเรียน");
    errors.require("details", &trimmed.details, "รายละเอียด");
    for (field, value) in [
        ("subject", &trimmed.subject),
        ("details", &trimmed.details),
        ("place", &trimmed.place),
        ("name", &trimmed.contact.name),
        ("phone", &trimmed.contact.phone),
        ("email", &trimmed.contact.email),
        ("address", &trimmed.contact.address),
    ] {
        errors.check_field(field, value);
    }
    let phone = &trimmed.contact.phone;
    if !phone.is_empty()
        && errors.get("phone").is_none()
        && !(phone
            .chars()
            .all(|c| c.is_ascii_digit() || ('๐'..='๙').contains(&c) || " +-().".contains(c))
            && phone.chars().filter(char::is_ascii_digit).count()
                + phone.chars().filter(|c| ('๐'..='๙').contains(c)).count()
                >= 9)
    {
        errors.add(
            "phone",
            "หมายเลขโทรศัพท์ต้องเป็นตัวเลขอย่างน้อย 9 หลัก เช่น 081 234 5678",
        );
    }
    let email = &trimmed.contact.email;
    if !email.is_empty() && errors.get("email").is_none() && !looks_like_email(email) {
        errors.add("email", "อีเมลไม่ถูกต้อง เช่น name@example.com");
    }
    if !trimmed.consent {
        errors.add(
            "consent",
            "กรุณายืนยันว่าได้อ่านและยอมรับประกาศการคุ้มครองข้อมูลส่วนบุคคลแล้ว",
        );
    }
    errors.into_result().map(|()| trimmed)
}

/// The largest file a case takes, and how many files one submission carries.
pub const MAX_CASE_FILE_BYTES: usize = 10 * 1024 * 1024;
/// Files per submission or message.
pub const MAX_CASE_FILES: usize = 3;

/// Checks a file attached to a case by its bytes, not its name: a PNG, JPEG or PDF
/// up to [`MAX_CASE_FILE_BYTES`], whose extension (when it names one of those) agrees
/// with what the bytes are. Returns the content type to store.
///
/// # Errors
/// A Thai message saying what is wrong with the file.
pub fn check_case_file(file_name: &str, bytes: &[u8]) -> Result<&'static str, String> {
    if bytes.is_empty() {
        return Err(format!("ไฟล์ \"{file_name}\" ว่างเปล่า"));
    }
    if bytes.len() > MAX_CASE_FILE_BYTES {
        return Err(format!(
            "ไฟล์ \"{file_name}\" มีขนาดใหญ่เกิน {} MB",
            MAX_CASE_FILE_BYTES / (1024 * 1024)
        ));
    }
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let claimed = match ext.as_str() {
        "pdf" => Some(EvidenceKind::Pdf),
        "png" => Some(EvidenceKind::Png),
        "jpg" | "jpeg" => Some(EvidenceKind::Jpeg),
        _ => None,
    };
    match (EvidenceKind::sniff(bytes), claimed) {
        (Some(kind @ (EvidenceKind::Pdf | EvidenceKind::Png | EvidenceKind::Jpeg)), c)
            if c.is_none_or(|c| c == kind) =>
        {
            Ok(kind.content_type(file_name))
        }
        (Some(EvidenceKind::Pdf | EvidenceKind::Png | EvidenceKind::Jpeg), Some(_)) => {
            Err(format!("ไฟล์ \"{file_name}\" ไม่ใช่ชนิดที่นามสกุลไฟล์ระบุ"))
        }
        _ => Err(format!(
            "ไฟล์ \"{file_name}\" ไม่ใช่รูปภาพ (PNG, JPEG) หรือ PDF จึงแนบไม่ได้"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> Submission {
        Submission {
            kind: Some(CaseKind::Complaint),
            subject: "  ไฟฟ้าส่องสว่างดับ ".to_owned(),
            details: "ไฟดับทั้งซอยมาสามวัน".to_owned(),
            place: "หมู่ 3".to_owned(),
            contact: ReporterContact::default(),
            consent: true,
        }
    }

    #[test]
    fn trims_and_accepts_an_anonymous_submission() {
        let ok = validate_submission(&good()).unwrap();
        assert_eq!(ok.subject, "ไฟฟ้าส่องสว่างดับ");
        assert!(ok.contact.is_empty());
    }

    #[test]
    fn each_problem_is_reported_at_its_field() {
        let bad = Submission {
            kind: None,
            subject: " ".to_owned(),
            details: "ก".repeat(SubmissionLimits::DETAILS + 1),
            contact: ReporterContact {
                phone: "โทรมา".to_owned(),
                email: "somchai@".to_owned(),
                ..ReporterContact::default()
            },
            consent: false,
            ..good()
        };
        let e = validate_submission(&bad).unwrap_err();
        for field in ["kind", "subject", "details", "phone", "email", "consent"] {
            assert!(e.get(field).is_some(), "{field}: {e}");
        }
        assert!(e.get("details").unwrap().contains("5,000"));
    }

    #[test]
    fn thai_digit_phone_numbers_are_accepted() {
        let mut s = good();
        s.contact.phone = "๐๘๑-๒๓๔-๕๖๗๘".to_owned();
        assert!(validate_submission(&s).is_ok());
        s.contact.phone = "1234".to_owned();
        assert!(validate_submission(&s).is_err());
    }

    #[test]
    fn files_are_judged_by_their_bytes() {
        let pdf = b"%PDF-1.7\n...";
        let png = b"\x89PNG\r\n\x1a\n....";
        assert_eq!(check_case_file("a.pdf", pdf), Ok("application/pdf"));
        assert_eq!(check_case_file("photo.png", png), Ok("image/png"));
        assert!(
            check_case_file("photo.jpg", png)
                .unwrap_err()
                .contains("นามสกุล")
        );
        assert!(check_case_file("a.pdf", b"MZ\x90\x00").is_err());
        assert!(check_case_file("a.exe", b"MZ\x90\x00").is_err());
        assert!(check_case_file("a.pdf", b"").unwrap_err().contains("ว่าง"));
        let big = vec![0_u8; MAX_CASE_FILE_BYTES + 1];
        assert!(
            check_case_file("a.pdf", &big)
                .unwrap_err()
                .contains("10 MB")
        );
    }

    #[test]
    fn length_is_counted_in_characters_not_bytes() {
        let mut s = good();
        s.subject = "ก".repeat(SubmissionLimits::SUBJECT);
        assert!(validate_submission(&s).is_ok());
    }
}
