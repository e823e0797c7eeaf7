//! Web addresses typed by users: one rule for every form that takes a link
//! (progress evidence, OIT checklist entries and their home page, the agency's
//! website), and the conversion every document applies before writing a link
//! target.
//!
//! # What [`check_link`] does and why
//!
//! - **Trims** the ends, and nothing else of what was typed is changed: the link
//!   is stored as the clerk wrote it, Thai path and host included
//!   (`https://ไทย.ไทย/ข่าว`), because the clerk and the assessor read it back
//!   on the page and in printed reports. A percent-encoded or punycode form is
//!   the same address but unreadable to them, so it is produced only where a
//!   format demands ASCII ([`to_uri`]), never stored.
//! - **Requires** an absolute `http://` or `https://` address with a host, no
//!   white space inside, no user name or password, and at most
//!   [`MAX_LINK_CHARS`] characters. A missing scheme is not guessed: whether a
//!   site answers on https is not ours to decide for the clerk.
//! - **Thai digits** (๐–๙) are never stored silently. Clerks paste addresses
//!   from documents whose digits were converted (`…/menu/๑๑๔/๑๘๙`); no web
//!   server has such a page, yet the address looks right. The check fails with
//!   [`LinkProblem::ThaiDigits`], which carries the address with Arabic digits:
//!   the form puts it in the field with a Thai warning, and the clerk saves
//!   again once they have looked at it. Silently rewriting would hide the rare
//!   address that really has Thai digits; silently keeping them stores a dead
//!   link.
//!
//! # Link targets in documents
//!
//! PDF link actions must be 7-bit ASCII and DOCX relationship targets are read
//! as URIs, so [`to_uri`] turns the stored address (an IRI) into a URI: the host
//! in punycode, every other non-ASCII character percent-encoded as UTF-8. The
//! text printed beside it stays as typed.

use crate::thai::digits::{thai_digit_value, to_arabic_digits};

/// Longer addresses are pasted text, not links.
pub const MAX_LINK_CHARS: usize = 2_000;

/// Why a typed address cannot be stored as a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkProblem {
    Empty,
    TooLong,
    /// White space inside the address: two things pasted together, or a file
    /// name copied from somewhere other than the browser's address bar.
    HasSpace,
    Malformed,
    /// ftp:, file:, javascript: …
    NotWeb,
    /// `https://user:pass@host/`: a password has no place in a public link.
    HasCredentials,
    /// The address is otherwise good but has Thai digits; `offered` is the
    /// same address with Arabic digits, for the user to confirm.
    ThaiDigits {
        offered: String,
    },
}

impl LinkProblem {
    /// The Thai message shown at the field.
    #[must_use]
    pub fn message_th(&self) -> &'static str {
        match self {
            Self::Empty => "กรุณากรอกที่อยู่ลิงก์",
            Self::TooLong => "ที่อยู่ลิงก์ยาวเกิน 2,000 ตัวอักษร",
            Self::HasSpace => "ที่อยู่ลิงก์มีช่องว่าง กรุณาคัดลอกลิงก์จากแถบที่อยู่ของเบราว์เซอร์ (หนึ่งแถวต่อหนึ่งลิงก์)",
            Self::Malformed => "ที่อยู่ลิงก์ไม่ถูกต้อง ต้องเป็นที่อยู่เต็ม เช่น https://www.example.go.th/page",
            Self::NotWeb => "ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https://",
            Self::HasCredentials => "ลิงก์ต้องไม่มีชื่อผู้ใช้หรือรหัสผ่านอยู่ในที่อยู่",
            Self::ThaiDigits { .. } => {
                "ลิงก์มีเลขไทย (๐–๙) ซึ่งเว็บไซต์เปิดไม่ได้ ระบบเปลี่ยนเป็นเลขอารบิกให้แล้ว \
                 กรุณาตรวจสอบลิงก์แล้วกดบันทึกอีกครั้ง"
            }
        }
    }

    /// The address offered in place of the typed one, if any.
    #[must_use]
    pub fn offered(&self) -> Option<&str> {
        match self {
            Self::ThaiDigits { offered } => Some(offered),
            _ => None,
        }
    }
}

/// Checks a typed address; the link to store is the trimmed text. See the
/// [module documentation](self) for the rule.
///
/// # Errors
/// What is wrong with it; [`LinkProblem::ThaiDigits`] carries the ASCII offer.
pub fn check_link(text: &str) -> Result<String, LinkProblem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(LinkProblem::Empty);
    }
    if text.chars().count() > MAX_LINK_CHARS {
        return Err(LinkProblem::TooLong);
    }
    if text.chars().any(char::is_whitespace) {
        return Err(LinkProblem::HasSpace);
    }
    let arabic = to_arabic_digits(text);
    let parsed = url::Url::parse(&arabic).map_err(|_| LinkProblem::Malformed)?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(LinkProblem::NotWeb);
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(LinkProblem::Malformed);
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(LinkProblem::HasCredentials);
    }
    if text.chars().any(|c| thai_digit_value(c).is_some()) {
        return Err(LinkProblem::ThaiDigits { offered: arabic });
    }
    Ok(text.to_owned())
}

/// The host of a link in ASCII (punycode), lower-case; `None` when it does not
/// parse or has no host.
#[must_use]
pub fn link_host(link: &str) -> Option<String> {
    let parsed = url::Url::parse(link.trim()).ok()?;
    parsed.host_str().map(str::to_ascii_lowercase)
}

/// The link as a URI of 7-bit ASCII: host in punycode, other non-ASCII
/// characters percent-encoded. Text that does not parse as a URL (stored
/// before links were checked) has every byte outside printable ASCII
/// percent-encoded, so the result is ASCII whatever came in.
#[must_use]
pub fn to_uri(link: &str) -> String {
    match url::Url::parse(link.trim()) {
        Ok(parsed) => parsed.to_string(),
        Err(_) => percent_encode_non_ascii(link.trim()),
    }
}

fn percent_encode_non_ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_graphic() {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Whether two links name the same address (compared as URIs, so a Thai path
/// and its percent-encoded form are the same link).
#[must_use]
pub fn same_link(a: &str, b: &str) -> bool {
    to_uri(a) == to_uri(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn links_are_kept_as_typed_but_trimmed() {
        for link in [
            "https://www.dindaeng.go.th/news/1",
            "http://example.go.th",
            "HTTPS://Www.Dindaeng.go.th/O1?a=1&b=2#top",
            "https://ไทย.ไทย/ข่าวประชาสัมพันธ์",
        ] {
            assert_eq!(check_link(&format!("  {link}\n")), Ok(link.to_owned()));
        }
    }

    #[test]
    fn thai_digits_are_offered_in_arabic() {
        let problem =
            check_link(" https://www.abc.go.th/front/menu/๑๑๔/๑๘๙?id=๒ ").expect_err("thai digits");
        assert_eq!(
            problem.offered(),
            Some("https://www.abc.go.th/front/menu/114/189?id=2")
        );
        assert!(problem.message_th().contains("เลขไทย"));
        assert_eq!(
            check_link(problem.offered().expect("an offer")),
            Ok("https://www.abc.go.th/front/menu/114/189?id=2".to_owned())
        );
    }

    #[test]
    fn bad_links_say_why() {
        let cases = [
            ("", LinkProblem::Empty),
            ("   ", LinkProblem::Empty),
            ("javascript:alert(1)", LinkProblem::NotWeb),
            ("ftp://x.go.th", LinkProblem::NotWeb),
            ("www.x.go.th", LinkProblem::Malformed),
            ("https://", LinkProblem::Malformed),
            ("https://a b", LinkProblem::HasSpace),
            ("https://x.go.th/a https://x.go.th/b", LinkProblem::HasSpace),
            ("https://u:p@x.go.th/", LinkProblem::HasCredentials),
            (
                "https://good.go.th@evil.example",
                LinkProblem::HasCredentials,
            ),
            // A Thai-digit link that would still be wrong is refused for that.
            ("www.x.go.th/๑", LinkProblem::Malformed),
        ];
        for (text, problem) in cases {
            assert_eq!(check_link(text), Err(problem), "{text}");
        }
        let long = format!("https://x.go.th/{}", "a".repeat(MAX_LINK_CHARS));
        assert_eq!(check_link(&long), Err(LinkProblem::TooLong));
    }

    #[test]
    fn uris_are_ascii_and_keep_ascii_links_unchanged() {
        assert_eq!(
            to_uri("https://ไทย.ไทย/ข่าว?q=ก"),
            "https://xn--o3cw4h.xn--o3cw4h/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7?q=%E0%B8%81"
        );
        assert_eq!(
            to_uri("https://www.abc.go.th/front/menu/114/189"),
            "https://www.abc.go.th/front/menu/114/189"
        );
        assert_eq!(
            to_uri("ดูที่ เว็บ"),
            "%E0%B8%94%E0%B8%B9%E0%B8%97%E0%B8%B5%E0%B9%88%20%E0%B9%80%E0%B8%A7%E0%B9%87%E0%B8%9A"
        );
        assert!(same_link(
            "https://x.go.th/ข่าว",
            "https://x.go.th/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7"
        ));
        assert_eq!(
            link_host("https://WWW.ไทย.ไทย/x").as_deref(),
            Some("www.xn--o3cw4h.xn--o3cw4h")
        );
    }

    proptest! {
        #[test]
        fn every_uri_is_ascii(text in "\\PC{0,80}") {
            prop_assert!(to_uri(&text).is_ascii());
            let link = format!("https://x.go.th/{text}");
            prop_assert!(to_uri(&link).is_ascii());
        }
    }
}
