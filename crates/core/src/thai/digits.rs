//! Thai digits (๐–๙) and Arabic digits (0–9).
//!
//! Many agencies publish their documents with Thai digits, others with Arabic ones,
//! and both are correct, so the choice is a per-agency or per-document setting and
//! the conversion has to happen on finished text. Converting blindly is harmful:
//! published Thai reports have carried links such as `…/front/menu/๑๑๔/๑๘๙`, which
//! no browser can open, and item codes such as `O๑๒` that no longer match the NACC
//! checklist. So converting to Thai digits is deliberately conservative, while
//! converting back to Arabic digits is always safe and also repairs such links.
//!
//! # The rule for [`to_thai_digits`]
//!
//! The text is cut into tokens at whitespace (any Unicode white space, plus the zero
//! width space that Thai typesetting uses as an invisible word break). The
//! separators are kept exactly as they were. A token that contains an ASCII digit has
//! its digits converted only when **none** of the following holds:
//!
//! 1. it contains `://` (a URL with any scheme) or `www.` in any letter case;
//! 2. it contains `@` (an e-mail address, a `mailto:` link or a LINE ID);
//! 3. it contains an ASCII letter: codes such as `O12`, `i30`, `ISBN-978-…`,
//!    `COVID-19`, file names such as `report2568.pdf`, and host names such as
//!    `nacc.go.th/114`;
//! 4. it contains a backslash (a Windows path);
//! 5. it contains a `/` that does not have a digit (Thai or Arabic) directly on
//!    both sides, as in `/front/menu/114/189`, `114/189/` or `ข่าว/114`.
//!
//! Thai letters never protect a token, because Thai prose is written without spaces:
//! `ปี2568` becomes `ปี๒๕๖๘`. A slash between digits is how Thai documents write
//! dates and document numbers (`22/11/2569`, `คำสั่ง ที่ 98/2565`), so those tokens are
//! converted too. Every rule errs towards leaving digits alone: a token such as
//! `ปี2568(ITA)` keeps its Arabic digits, which is a matter of style, whereas a broken
//! link is a broken document.

/// Unicode scalar value of THAI DIGIT ZERO (๐); the other nine follow it in order.
const THAI_ZERO: u32 = 0x0E50;

/// Converts the digits 0–9 to ๐–๙ in prose, leaving URLs, e-mail addresses, codes and
/// paths untouched. See the [module documentation](self) for the exact rule.
#[must_use]
pub fn to_thai_digits(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for (piece, is_token) in Pieces::new(text) {
        if is_token && is_prose_token(piece) {
            push_thai_digits(&mut out, piece);
        } else {
            out.push_str(piece);
        }
    }
    out
}

/// Converts every Thai digit ๐–๙ to 0–9, everywhere.
///
/// Arabic digits are valid in every context, so this direction needs no exceptions,
/// and it repairs links that an earlier careless conversion broke.
#[must_use]
pub fn to_arabic_digits(text: &str) -> String {
    text.chars().map(arabic_digit).collect()
}

/// [`to_thai_digits`] when `thai` is true, otherwise [`to_arabic_digits`]: the
/// setting of an agency or a document decides which.
#[must_use]
pub fn digits_for(text: &str, thai: bool) -> String {
    if thai {
        to_thai_digits(text)
    } else {
        to_arabic_digits(text)
    }
}

/// The digits of an official document number ("พบ 75801/123") as the agency writes
/// numbers. Such a number looks like a code to [`to_thai_digits`], which leaves
/// codes alone; but it is printed in the document's header, never typed into a
/// system or followed as a link, so every digit follows the agency's choice.
#[must_use]
pub fn document_number_digits(text: &str, thai: bool) -> String {
    if thai {
        to_thai_digits_unchecked(text)
    } else {
        to_arabic_digits(text)
    }
}

/// Converts every ASCII digit, with no exceptions: only for text this crate composed
/// itself (a formatted date or number), which cannot hold a link or a code.
pub(crate) fn to_thai_digits_unchecked(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    push_thai_digits(&mut out, text);
    out
}

/// [`to_thai_digits_unchecked`] when `thai` is true, otherwise the text unchanged.
pub(crate) fn localise_composed(text: String, thai: bool) -> String {
    if thai {
        to_thai_digits_unchecked(&text)
    } else {
        text
    }
}

fn push_thai_digits(out: &mut String, text: &str) {
    out.extend(text.chars().map(thai_digit));
}

fn thai_digit(c: char) -> char {
    // `to_digit` recognises ASCII digits only.
    c.to_digit(10)
        .and_then(|d| char::from_u32(THAI_ZERO + d))
        .unwrap_or(c)
}

fn arabic_digit(c: char) -> char {
    thai_digit_value(c)
        .and_then(|d| char::from_digit(d, 10))
        .unwrap_or(c)
}

/// The value of a Thai digit, or `None` for any other character.
pub(crate) fn thai_digit_value(c: char) -> Option<u32> {
    let offset = u32::from(c).checked_sub(THAI_ZERO)?;
    (offset < 10).then_some(offset)
}

fn is_any_digit(c: char) -> bool {
    c.is_ascii_digit() || thai_digit_value(c).is_some()
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || c == '\u{200B}'
}

/// Whether the digits of this whitespace-free token may be converted.
fn is_prose_token(token: &str) -> bool {
    if !token.bytes().any(|b| b.is_ascii_digit()) {
        return true;
    }
    let looks_like_link =
        token.contains("://") || token.to_ascii_lowercase().contains("www.") || token.contains('@');
    let looks_like_code = token.chars().any(|c| c.is_ascii_alphabetic() || c == '\\');
    !looks_like_link && !looks_like_code && slashes_only_between_digits(token)
}

fn slashes_only_between_digits(token: &str) -> bool {
    token.match_indices('/').all(|(i, _)| {
        let before = token[..i].chars().next_back();
        let after = token[i + 1..].chars().next();
        before.is_some_and(is_any_digit) && after.is_some_and(is_any_digit)
    })
}

/// Splits text into alternating runs of separators and tokens, in order, so that
/// joining the pieces gives the text back exactly.
#[derive(Debug)]
struct Pieces<'a> {
    rest: &'a str,
}

impl<'a> Pieces<'a> {
    fn new(text: &'a str) -> Self {
        Self { rest: text }
    }
}

impl<'a> Iterator for Pieces<'a> {
    /// The piece, and whether it is a token (rather than separators).
    type Item = (&'a str, bool);

    fn next(&mut self) -> Option<Self::Item> {
        let first = self.rest.chars().next()?;
        let is_token = !is_separator(first);
        let end = self
            .rest
            .char_indices()
            .find(|&(_, c)| is_separator(c) == is_token)
            .map_or(self.rest.len(), |(i, _)| i);
        let (piece, rest) = self.rest.split_at(end);
        self.rest = rest;
        Some((piece, is_token))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn document_numbers_follow_the_agency_digits() {
        assert_eq!(document_number_digits("พบ 75801/123", true), "พบ ๗๕๘๐๑/๑๒๓");
        assert_eq!(
            document_number_digits("พบ ๗๕๘๐๑/๑๒๓", false),
            "พบ 75801/123"
        );
    }

    #[test]
    fn converts_plain_numbers_and_prose() {
        let cases = [
            ("2568", "๒๕๖๘"),
            ("ปี 2568", "ปี ๒๕๖๘"),
            ("ปี2568", "ปี๒๕๖๘"),
            ("คะแนน 97.07", "คะแนน ๙๗.๐๗"),
            ("1,250.50 บาท", "๑,๒๕๐.๕๐ บาท"),
            ("ร้อยละ 85", "ร้อยละ ๘๕"),
            ("ร้อยละ85%", "ร้อยละ๘๕%"),
            ("(2568)", "(๒๕๖๘)"),
            ("0123456789", "๐๑๒๓๔๕๖๗๘๙"),
            ("ตัวชี้วัดที่ 9.1 ข้อมูลพื้นฐาน", "ตัวชี้วัดที่ ๙.๑ ข้อมูลพื้นฐาน"),
            ("โทร. 0-4473-5000", "โทร. ๐-๔๔๗๓-๕๐๐๐"),
            ("เวลา 10.30 น.", "เวลา ๑๐.๓๐ น."),
            ("พ.ศ.2568", "พ.ศ.๒๕๖๘"),
        ];
        for (input, expected) in cases {
            assert_eq!(to_thai_digits(input), expected, "input: {input}");
        }
    }

    #[test]
    fn converts_dates_and_document_numbers_written_with_slashes() {
        let cases = [
            ("22/11/2569", "๒๒/๑๑/๒๕๖๙"),
            ("คำสั่ง ที่ 98/2565", "คำสั่ง ที่ ๙๘/๒๕๖๕"),
            ("ที่98/2565", "ที่๙๘/๒๕๖๕"),
            ("(98/2565)", "(๙๘/๒๕๖๕)"),
            ("ปีงบประมาณ 2568/2569,", "ปีงบประมาณ ๒๕๖๘/๒๕๖๙,"),
            ("๙๘/2565", "๙๘/๒๕๖๕"),
        ];
        for (input, expected) in cases {
            assert_eq!(to_thai_digits(input), expected, "input: {input}");
        }
    }

    #[test]
    fn leaves_links_emails_codes_and_paths_alone() {
        let untouched = [
            "https://www.nacc.go.th/front/menu/114/189",
            "http://example.go.th/ita/2568/o12.pdf",
            "ftp://10.0.0.1/pub",
            "www.abc2568.go.th",
            "WWW.ABC.GO.TH/2568",
            "(ดูที่https://abc.go.th/news/2568)",
            "saraban2568@abc.go.th",
            "mailto:info1@abc.go.th",
            "O12",
            "i30",
            "e15",
            "ISBN-978-616-123-456-7",
            "report2568.pdf",
            "COVID-19",
            "ข้อO12",
            "nacc.go.th/114",
            "/front/menu/114/189",
            "front/menu/114/189",
            "114/189/",
            "ข่าว/114",
            "1//2",
            "C:\\docs\\2568",
            "\\\\server\\114",
        ];
        for token in untouched {
            assert_eq!(to_thai_digits(token), token);
            let sentence = format!("ปี 2568 ดูที่ {token} ข้อ 3");
            assert_eq!(to_thai_digits(&sentence), format!("ปี ๒๕๖๘ ดูที่ {token} ข้อ ๓"));
        }
    }

    #[test]
    fn keeps_separators_exactly() {
        let text = "  ปี\t2568\u{200B}https://a.b/1\n\u{00A0}3 ";
        assert_eq!(
            to_thai_digits(text),
            "  ปี\t๒๕๖๘\u{200B}https://a.b/1\n\u{00A0}๓ "
        );
        assert_eq!(to_thai_digits(""), "");
    }

    #[test]
    fn arabic_conversion_repairs_broken_links() {
        assert_eq!(
            to_arabic_digits("https://www.abc.go.th/front/menu/๑๑๔/๑๘๙"),
            "https://www.abc.go.th/front/menu/114/189"
        );
        assert_eq!(to_arabic_digits("๐๑๒๓๔๕๖๗๘๙"), "0123456789");
        assert_eq!(to_arabic_digits("ปี ๒๕๖๘ O12"), "ปี 2568 O12");
    }

    #[test]
    fn digits_for_follows_the_setting() {
        assert_eq!(digits_for("ปี 2568 O12", true), "ปี ๒๕๖๘ O12");
        assert_eq!(digits_for("ปี ๒๕๖๘", false), "ปี 2568");
    }

    #[test]
    fn thai_digit_values() {
        assert_eq!(thai_digit_value('๐'), Some(0));
        assert_eq!(thai_digit_value('๙'), Some(9));
        assert_eq!(thai_digit_value('๚'), None);
        assert_eq!(thai_digit_value('9'), None);
        assert_eq!(thai_digit_value('ฏ'), None);
    }

    /// Text built from ASCII and Thai letters, punctuation and white space, without
    /// Thai digits, so that converting there and back must give it back unchanged.
    fn thai_or_ascii_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                proptest::char::range(' ', '~'),
                proptest::char::range('\u{0E01}', '\u{0E4F}'),
                Just('\u{0E5A}'),
                Just('\n'),
                Just('\u{200B}'),
            ],
            0..60,
        )
        .prop_map(|chars| chars.into_iter().collect())
    }

    fn url() -> impl Strategy<Value = String> {
        (
            prop_oneof![
                Just("https://"),
                Just("http://"),
                Just("ftp://"),
                Just("www."),
                Just("https://www.")
            ],
            "[a-z0-9]{1,10}(\\.[a-z0-9]{1,6}){0,2}\\.(go\\.th|or\\.th|com)",
            "(/[a-z0-9_.-]{0,8}){0,5}",
            "(\\?[a-z]{1,4}=[0-9]{1,6}(&[a-z]{1,4}=[0-9]{1,6}){0,2})?",
        )
            .prop_map(|(scheme, host, path, query)| format!("{scheme}{host}{path}{query}"))
    }

    fn email() -> impl Strategy<Value = String> {
        "[a-z0-9._-]{1,12}@[a-z0-9-]{1,10}\\.(go\\.th|ac\\.th|com)"
    }

    fn code() -> impl Strategy<Value = String> {
        "[A-Za-z]{1,4}-?[0-9]{1,6}(\\.(pdf|docx|xlsx))?"
    }

    fn path() -> impl Strategy<Value = String> {
        "(/[0-9]{1,4}){2,6}/?"
    }

    fn prose() -> impl Strategy<Value = String> {
        "[ก-ฮ ะาำิีึืุู]{0,12}"
    }

    proptest! {
        #[test]
        fn thai_then_arabic_round_trips(text in thai_or_ascii_text()) {
            prop_assert_eq!(to_arabic_digits(&to_thai_digits(&text)), text);
        }

        #[test]
        fn arabic_output_has_no_thai_digits(text in thai_or_ascii_text()) {
            let thai = to_thai_digits_unchecked(&text);
            prop_assert!(!to_arabic_digits(&thai).chars().any(|c| thai_digit_value(c).is_some()));
        }

        #[test]
        fn links_emails_codes_and_paths_survive_in_prose(
            before in prose(),
            protected in prop_oneof![url(), email(), code(), path()],
            after in prose(),
            number in 0u32..100_000,
        ) {
            let text = format!("{before} {number} {protected} {after}");
            let converted = to_thai_digits(&text);
            prop_assert!(
                converted.contains(&format!(" {protected} ")),
                "{protected} changed in {converted}"
            );
            let thai_number = to_thai_digits_unchecked(&number.to_string());
            let spaced = format!(" {thai_number} ");
            prop_assert!(converted.contains(&spaced), "{} not in {}", spaced, converted);
        }

        #[test]
        fn links_survive_even_when_glued_to_thai_text(before in prose(), link in url()) {
            let text = format!("{before}{link}");
            prop_assert_eq!(to_thai_digits(&text), text);
        }

        #[test]
        fn digit_and_slash_tokens_are_fully_converted(
            parts in proptest::collection::vec(0u32..10_000, 1..4),
        ) {
            let token = parts.iter().map(u32::to_string).collect::<Vec<_>>().join("/");
            let converted = to_thai_digits(&token);
            prop_assert!(!converted.bytes().any(|b| b.is_ascii_digit()), "{}", converted);
            prop_assert_eq!(to_arabic_digits(&converted), token);
        }
    }
}
