//! The one table of how long a typed text may be, by the kind of field.
//!
//! A text with no bound breaks things far from where it was typed: one cell over
//! Excel's limit used to fail every spreadsheet of a year, and a pasted novel in
//! a title fills every list it shows in. Each field is of a kind (a code, a
//! name, a title, a web address, free text…) and each kind has one maximum, in
//! characters (a Thai letter is one character but three bytes). The same table
//! is checked by core validation on every staff and public form, written into
//! the web forms as `maxlength`, and checked by the bundle import, so the three
//! can never disagree.
//!
//! A field is named as the form or the stored row names it (`subject`,
//! `committees.0.members.2.position`, `signer_name`): its kind is read from the
//! last part of the name that is not a row number.

/// What a field holds, which decides its maximum length and whether it may
/// hold line breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A number, a year, a date, a code or an account name.
    Code,
    /// A person's or a unit's name, a position, a rank.
    Name,
    /// The title or subject of a record.
    Title,
    /// A web address.
    Url,
    /// Free text, several lines.
    Text,
    /// A long edited text of several pages (the ITA analysis).
    LongText,
    /// A whole document pasted into a form (a framework's JSON, an ITA answer sheet).
    Document,
}

impl FieldKind {
    /// The most characters a field of this kind holds.
    #[must_use]
    pub const fn max_chars(self) -> usize {
        match self {
            Self::Code => 64,
            Self::Name => 200,
            Self::Title => 500,
            Self::Url => 2_000,
            Self::Text => 5_000,
            Self::LongText => 50_000,
            Self::Document => 2_000_000,
        }
    }

    /// Whether line breaks and tabs belong in it.
    #[must_use]
    pub const fn multi_line(self) -> bool {
        matches!(self, Self::Text | Self::LongText | Self::Document)
    }

    /// What a field of this kind is, in Thai, for a message that cannot point
    /// at the field itself.
    #[must_use]
    pub const fn label_th(self) -> &'static str {
        match self {
            Self::Code => "รหัส ตัวเลข หรือวันที่",
            Self::Name => "ชื่อหรือตำแหน่ง",
            Self::Title => "ชื่อเรื่องหรือหัวข้อ",
            Self::Url => "ที่อยู่เว็บไซต์",
            Self::Text => "ข้อความ",
            Self::LongText => "ข้อความบทวิเคราะห์",
            Self::Document => "เอกสารที่วาง",
        }
    }
}

/// Field names by kind. A name not listed is free text ([`FieldKind::Text`]).
const FIELD_KINDS: &[(FieldKind, &[&str])] = &[
    (
        FieldKind::Code,
        &[
            "code",
            "number",
            "year",
            "base_year",
            "form_year",
            "date",
            "date_start",
            "date_end",
            "start",
            "end",
            "deadline",
            "phone",
            "username",
            "sort_order",
            "target",
            "population",
            "budget",
            "spent",
            "amount",
            "score",
            "value",
            "likelihood",
            "impact",
            "level",
            "percent",
            "rating",
            "quarter_first",
            "quarter_last",
            "days",
            "reply_days",
            "handling_days",
            "retention_days",
            "retention_years",
            "digits",
            "version",
            "token",
            "tracking_code",
            "csrf_token",
        ],
    ),
    (
        FieldKind::Name,
        &[
            "name",
            "name_th",
            "first_name",
            "last_name",
            "display_name",
            "full_name",
            "position",
            "rank",
            "signer_name",
            "signer_rank",
            "signer_position",
            "department",
            "district",
            "province",
            "unit",
            "label",
            "role_text",
            "heading",
            "email",
            "contact_email",
            "password",
            "current_password",
            "new_password",
            "confirm_password",
            "password_confirm",
        ],
    ),
    (
        FieldKind::Title,
        &["title", "subject", "place", "short_name"],
    ),
    (
        FieldKind::Url,
        &[
            "url",
            "link",
            "website",
            "home_page",
            "home_url",
            "public_url",
        ],
    ),
    (FieldKind::LongText, &["analysis_text"]),
    (
        FieldKind::Document,
        &["document", "framework_json", "json", "answers", "raw"],
    ),
];

/// The kind of the field `name` (see the module's note on names).
#[must_use]
pub fn kind_of(name: &str) -> FieldKind {
    let last = name
        .rsplit(['.', '[', ']'])
        .find(|part| !part.is_empty() && !part.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or(name);
    FIELD_KINDS
        .iter()
        .find(|(_, names)| names.contains(&last))
        .map_or(FieldKind::Text, |(kind, _)| *kind)
}

/// Whether `name` is listed in the table (an unlisted name is free text).
#[must_use]
pub fn is_listed(name: &str) -> bool {
    let last = name.rsplit('.').next().unwrap_or(name);
    FIELD_KINDS.iter().any(|(_, names)| names.contains(&last))
}

/// The most characters the field `name` holds.
#[must_use]
pub fn max_chars(name: &str) -> usize {
    kind_of(name).max_chars()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_is_known_by_the_last_part_of_its_name() {
        assert_eq!(kind_of("subject"), FieldKind::Title);
        assert_eq!(kind_of("committees.0.members.12.position"), FieldKind::Name);
        assert_eq!(kind_of("measures[3].title"), FieldKind::Title);
        assert_eq!(kind_of("assignments.1.duty"), FieldKind::Text);
        assert_eq!(kind_of("evidence_links.0.url"), FieldKind::Url);
        assert_eq!(kind_of("7"), FieldKind::Text);
    }

    #[test]
    fn every_name_is_listed_once() {
        let mut seen = std::collections::HashSet::new();
        for (_, names) in FIELD_KINDS {
            for name in *names {
                assert!(seen.insert(*name), "{name} is listed twice");
            }
        }
    }

    #[test]
    fn only_free_text_takes_line_breaks_and_the_kinds_grow() {
        let kinds = [
            FieldKind::Code,
            FieldKind::Name,
            FieldKind::Title,
            FieldKind::Url,
            FieldKind::Text,
            FieldKind::LongText,
            FieldKind::Document,
        ];
        assert!(
            kinds
                .windows(2)
                .all(|w| w[0].max_chars() < w[1].max_chars())
        );
        assert_eq!(
            kinds.iter().filter(|k| k.multi_line()).count(),
            3,
            "text, long text and documents"
        );
    }
}
