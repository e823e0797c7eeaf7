//! What each agency sets for its complaint channels.

use serde::{Deserialize, Serialize};

use crate::validation::ValidationErrors;

/// An agency's settings for complaints and corruption reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintSettings {
    /// Calendar days to answer or explain (the seed's 15).
    pub deadline_days: u32,
    /// Reminders go out this many days before the due date (and again when overdue).
    pub reminder_days: u32,
    /// Corruption statistics show counts below this as "น้อยกว่า N", so a small
    /// office cannot tell who reported.
    pub small_count_threshold: u32,
    /// Days after a corruption report is closed before its content and files are
    /// deleted (GlobaLeaks' default is 90).
    pub retention_days: u32,
    /// Who is told of new complaints and reminded of deadlines.
    pub notify_emails: Vec<String>,
    /// Who is told that a corruption report arrived (never what it says).
    pub corruption_notify_emails: Vec<String>,
}

impl Default for ComplaintSettings {
    fn default() -> Self {
        Self {
            deadline_days: 15,
            reminder_days: 3,
            small_count_threshold: 5,
            retention_days: 90,
            notify_emails: Vec::new(),
            corruption_notify_emails: Vec::new(),
        }
    }
}

impl ComplaintSettings {
    /// Checks the ranges; messages name the form fields.
    ///
    /// # Errors
    /// A Thai message per field out of range or per malformed e-mail address.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if !(1..=365).contains(&self.deadline_days) {
            errors.add("deadline_days", "กำหนดเวลาต้องอยู่ระหว่าง 1 ถึง 365 วัน");
        }
        if self.reminder_days >= self.deadline_days.max(1) {
            errors.add("reminder_days", "วันแจ้งเตือนล่วงหน้าต้องน้อยกว่ากำหนดเวลาดำเนินการ");
        }
        if !(2..=50).contains(&self.small_count_threshold) {
            errors.add(
                "small_count_threshold",
                "เกณฑ์ไม่เปิดเผยจำนวนต้องอยู่ระหว่าง 2 ถึง 50",
            );
        }
        if !(1..=3650).contains(&self.retention_days) {
            errors.add("retention_days", "ระยะเวลาเก็บรักษาต้องอยู่ระหว่าง 1 ถึง 3,650 วัน");
        }
        for (field, list) in [
            ("notify_emails", &self.notify_emails),
            ("corruption_notify_emails", &self.corruption_notify_emails),
        ] {
            if let Some(bad) = list.iter().find(|e| !looks_like_email(e)) {
                errors.add(field, format!("อีเมล \"{bad}\" ไม่ถูกต้อง"));
            }
        }
        errors.into_result()
    }
}

/// A light check of an e-mail address: one `@`, something before it, a dot in the
/// domain, no spaces. The SMTP server is the real judge.
#[must_use]
pub fn looks_like_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && text.len() <= 254
        && !text.chars().any(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_ranges_are_checked() {
        assert!(ComplaintSettings::default().validate().is_ok());
        let bad = ComplaintSettings {
            deadline_days: 0,
            small_count_threshold: 1,
            notify_emails: vec!["สมชาย".to_owned()],
            ..ComplaintSettings::default()
        };
        let e = bad.validate().unwrap_err();
        assert!(e.get("deadline_days").is_some());
        assert!(e.get("small_count_threshold").is_some());
        assert!(e.get("notify_emails").unwrap().contains("สมชาย"));
    }

    #[test]
    fn email_check() {
        assert!(looks_like_email("saraban@dindaeng.go.th"));
        assert!(!looks_like_email("a@b"));
        assert!(!looks_like_email("a b@c.th"));
        assert!(!looks_like_email("@c.th"));
    }
}
