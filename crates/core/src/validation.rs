//! Field-level validation errors in Thai, shared by forms, the CLI and imports.
//!
//! A form shows each message next to its field and keeps what the user typed; the
//! CLI prints `field: message`. Keeping them in one type means every layer says the
//! same thing about the same mistake.

use std::fmt;

use crate::field_limits::kind_of;

/// One problem with one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The form field or JSON path, e.g. `name` or `iit.indicators.3`.
    pub field: String,
    /// What is wrong, in Thai.
    pub message: String,
}

/// All problems found in one submission.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    /// No problems yet.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a problem.
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    /// Records "required" when the value is blank: nothing but white space,
    /// invisible formatting characters and marks with no letter to sit on
    /// (a title of zero-width spaces shows as nothing in every list).
    pub fn require(&mut self, field: &str, value: &str, label_th: &str) {
        if is_blank(value) {
            self.add(field, format!("กรุณากรอก{label_th}"));
        }
    }

    /// Records a problem when `value` holds a control character: NUL and the
    /// other C0 and C1 controls, but tab and line breaks in a multi-line field.
    /// Nothing a keyboard types, they come from pasting, and PostgreSQL refuses
    /// NUL outright where SQLite would keep it.
    pub fn check_text(&mut self, field: &str, value: &str, multi_line: bool) {
        if has_control_character(value, multi_line) {
            self.add(field, CONTROL_CHARACTER_TH);
        }
    }

    /// Records "too long" when `value` has more than `limit` characters (not
    /// bytes: a Thai letter takes three).
    pub fn check_length(&mut self, field: &str, value: &str, limit: usize) {
        let count = value.chars().count();
        if count > limit {
            self.add(field, too_long_th(count, limit));
        }
    }

    /// Checks a typed field against the table of [`crate::field_limits`]: no
    /// control character (line breaks only in a multi-line kind) and no more
    /// characters than its kind holds.
    pub fn check_field(&mut self, field: &str, value: &str) {
        let kind = kind_of(field);
        self.check_text(field, value, kind.multi_line());
        self.check_length(field, value, kind.max_chars());
    }

    /// [`Self::check_field`] on every field of a submitted form.
    #[must_use]
    pub fn of_typed_fields<'a>(fields: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut errors = Self::new();
        for (field, value) in fields {
            if errors.get(field).is_none() {
                errors.check_field(field, value);
            }
        }
        errors
    }

    /// These problems together with those of reading the form: `result` when
    /// there are none, otherwise every message (these first).
    ///
    /// # Errors
    /// When there is a problem here or in `result`.
    pub fn and_then_read<T>(mut self, result: Result<T, Self>) -> Result<T, Self> {
        match result {
            Ok(value) if self.is_empty() => Ok(value),
            Ok(_) => Err(self),
            Err(found) => {
                self.0.extend(found.0);
                Err(self)
            }
        }
    }

    /// Whether nothing was found.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The message for one field, if any.
    #[must_use]
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// `Ok(())` when empty, otherwise `Err(self)`.
    ///
    /// # Errors
    /// Returns the collected errors when there is at least one.
    pub fn into_result(self) -> Result<(), Self> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }
}

/// The message for a text with a control character in it.
pub const CONTROL_CHARACTER_TH: &str = "ข้อความมีอักขระควบคุมที่มองไม่เห็น (เช่น NUL) ซึ่งบันทึกไม่ได้ \
     กรุณาลบออกหรือพิมพ์ข้อความนี้ใหม่";

/// The message for a text of `count` characters where `limit` fit.
#[must_use]
pub fn too_long_th(count: usize, limit: usize) -> String {
    format!(
        "ยาวเกินกำหนด ({} ตัวอักษร) ใส่ได้ไม่เกิน {} ตัวอักษร",
        thousands(count),
        thousands(limit)
    )
}

/// `12345` as `12,345`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Whether `value` holds a control character (see [`ValidationErrors::check_text`]).
#[must_use]
pub fn has_control_character(value: &str, multi_line: bool) -> bool {
    value
        .chars()
        .any(|c| c.is_control() && !(multi_line && matches!(c, '\n' | '\r' | '\t')))
}

/// Whether `value` shows nothing: only white space, invisible formatting
/// characters and combining marks without a letter.
#[must_use]
pub fn is_blank(value: &str) -> bool {
    value
        .chars()
        .all(|c| c.is_whitespace() || is_invisible_format(c) || is_combining_mark(c))
}

fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
    ) || c.is_control()
}

/// Marks that sit on a letter: the general combining blocks and Thai's vowel
/// and tone marks.
fn is_combining_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{0E31}'
            | '\u{0E34}'..='\u{0E3A}'
            | '\u{0E47}'..='\u{0E4E}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE20}'..='\u{FE2F}'
    )
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}: {}", e.field, e.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_text_counts_as_empty() {
        let mut errors = ValidationErrors::new();
        errors.require("a", "\u{200B}\u{200B}", "ชื่อเรื่อง");
        errors.require("b", "\u{0E49}", "ชื่อเรื่อง");
        errors.require("c", " \u{FEFF}\u{2060} ", "ชื่อเรื่อง");
        errors.require("d", "ท้องถิ่น", "ชื่อเรื่อง");
        errors.require("e", "ก\u{200B}", "ชื่อเรื่อง");
        assert_eq!(errors.get("a"), Some("กรุณากรอกชื่อเรื่อง"));
        assert!(errors.get("b").is_some() && errors.get("c").is_some());
        assert!(errors.get("d").is_none() && errors.get("e").is_none());
    }

    #[test]
    fn control_characters_are_refused_but_line_breaks_where_lines_are() {
        let mut errors = ValidationErrors::new();
        errors.check_text("name", "สำนัก\u{0}ปลัด", false);
        errors.check_text("details", "บรรทัดแรก\r\nบรรทัดสอง\tแท็บ", true);
        errors.check_text("title", "หนึ่ง\nสอง", false);
        errors.check_text("note", "C1\u{0085}", true);
        assert_eq!(errors.get("name"), Some(CONTROL_CHARACTER_TH));
        assert!(errors.get("details").is_none());
        assert!(errors.get("title").is_some() && errors.get("note").is_some());
    }
}
