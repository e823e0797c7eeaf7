//! Reading dates that people type or paste from Thai documents.
//!
//! Officials type dates the way they write them on paper, and paste them from Word
//! documents with Thai digits, so the parser accepts the forms in common use rather
//! than one machine format. It insists on the Buddhist era: a Gregorian year slipped
//! into a form (2026 for 2569) would move a deadline by 543 years without anyone
//! noticing, so every year below 2400 is refused with a message saying so.

use chrono::NaiveDate;

use super::{MONTHS_ABBR, MONTHS_FULL, be_year, ce_year};
use crate::thai::digits::to_arabic_digits;

/// The lowest year accepted as Buddhist era; anything lower is taken to be a
/// Gregorian year typed by mistake.
const MIN_BE_YEAR: i32 = 2400;

/// The range of years a date of this product can fall in: anything outside is
/// a slip of the keyboard (2956 for 2569, 9999), which would otherwise be
/// stored, printed on an order and sorted to the end of every list.
pub const PLAUSIBLE_BE_YEARS: std::ops::RangeInclusive<i32> = 2500..=2700;
/// The century given to a two-digit Buddhist year after a month name.
const TWO_DIGIT_CENTURY: i32 = 2500;

/// Why a typed date was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateParseError {
    /// Nothing was typed.
    #[error("กรุณากรอกวันที่")]
    Empty,
    /// The text is not in any accepted form.
    #[error("อ่านวันที่ «{0}» ไม่ได้ กรุณาใช้รูปแบบ เช่น 22/11/2569, 2569-11-22 หรือ 22 พฤศจิกายน 2569")]
    Unrecognised(String),
    /// A month name that is neither a full Thai name nor an official abbreviation.
    #[error("ไม่รู้จักชื่อเดือน «{0}» กรุณาใช้ชื่อเต็ม เช่น พฤศจิกายน หรือชื่อย่อ เช่น พ.ย.")]
    UnknownMonth(String),
    /// A year below 2400, almost certainly a Gregorian (ค.ศ.) year.
    #[error(
        "ปี {year} ไม่ใช่ปีพุทธศักราช กรุณาใช้ปี พ.ศ. (ค.ศ. {year} ตรงกับ พ.ศ. {be})",
        be = be_year(*.year)
    )]
    NotBuddhistEra {
        /// The year as typed.
        year: i32,
    },
    /// A Buddhist-era year outside [`PLAUSIBLE_BE_YEARS`].
    #[error(
        "ปี พ.ศ. {year} อยู่นอกช่วงที่ระบบรับ (พ.ศ. {first}–{last}) กรุณาตรวจสอบปีอีกครั้ง",
        first = PLAUSIBLE_BE_YEARS.start(),
        last = PLAUSIBLE_BE_YEARS.end()
    )]
    ImplausibleYear {
        /// The year as read.
        year: i32,
    },
    /// A two-digit year in a numeric form.
    #[error("กรุณาระบุปี พ.ศ. ให้ครบ 4 หลัก เช่น 22/11/2569")]
    TwoDigitYear,
    /// Day, month and year that make no date, such as 31/2/2569 or 1/13/2569.
    #[error("ไม่มีวันที่ {day} เดือน {month} ปี พ.ศ. {year} ในปฏิทิน")]
    NoSuchDate {
        /// The day as typed.
        day: u32,
        /// The month number (1–12 when valid).
        month: u32,
        /// The Buddhist-era year.
        year: i32,
    },
}

/// Reads a Buddhist-era date as people type it.
///
/// Accepted, with Thai or Arabic digits and surrounding white space ignored:
///
/// | form | example | year |
/// |---|---|---|
/// | day/month/year | `22/11/2569` | four digits |
/// | year-month-day | `2569-11-22` | four digits |
/// | day-month-year | `22-11-2569` | four digits |
/// | day, month name, year | `22 พฤศจิกายน 2569`, `22 พ.ย. 2569`, `วันที่ 22 พฤศจิกายน พ.ศ. 2569` | four digits, or two as in `22 พ.ย. 69` |
///
/// A two-digit year is read as 25xx only after a Thai month name, where it can only
/// be the short form of documents (`๒๒ พ.ย. ๖๙`); in the numeric forms `22/11/26`
/// could just as well be a Gregorian year, so four digits are required there.
///
/// # Errors
///
/// A [`DateParseError`] whose message, in Thai, tells the user what to fix.
pub fn parse_thai_date(text: &str) -> Result<NaiveDate, DateParseError> {
    let arabic = to_arabic_digits(text);
    let trimmed = arabic.trim();
    if trimmed.is_empty() {
        return Err(DateParseError::Empty);
    }
    let unrecognised = || DateParseError::Unrecognised(text.trim().to_owned());

    let (day, month, year, two_digit_year_allowed) =
        if let Some([day, month, year]) = numeric_fields(trimmed, '/') {
            (day, day_or_month(month), year, false)
        } else if let Some([first, month, last]) = numeric_fields(trimmed, '-') {
            let (day, year) = if first.len() > 2 {
                (last, first)
            } else {
                (first, last)
            };
            (day, day_or_month(month), year, false)
        } else {
            let (day, month_name, year) = named_fields(trimmed).ok_or_else(unrecognised)?;
            let month = month_number(month_name)
                .ok_or_else(|| DateParseError::UnknownMonth(month_name.to_owned()))?;
            (day, Some(month), year, true)
        };
    let (Some(day), Some(month)) = (day_or_month(day), month) else {
        return Err(unrecognised());
    };
    let year = match (year.len(), year.parse::<i32>()) {
        (4, Ok(year)) if year >= MIN_BE_YEAR => year,
        (4, Ok(year)) => return Err(DateParseError::NotBuddhistEra { year }),
        (2, Ok(short)) if two_digit_year_allowed => TWO_DIGIT_CENTURY + short,
        (2, Ok(_)) => return Err(DateParseError::TwoDigitYear),
        _ => return Err(unrecognised()),
    };
    if !PLAUSIBLE_BE_YEARS.contains(&year) {
        return Err(DateParseError::ImplausibleYear { year });
    }
    NaiveDate::from_ymd_opt(ce_year(year), month, day).ok_or(DateParseError::NoSuchDate {
        day,
        month,
        year,
    })
}

/// Three runs of ASCII digits separated by `separator`, or `None`.
fn numeric_fields(text: &str, separator: char) -> Option<[&str; 3]> {
    let mut parts = text.split(separator);
    let fields = [parts.next()?, parts.next()?, parts.next()?];
    let all_digits = fields.iter().all(|f| is_digits(f));
    (parts.next().is_none() && all_digits).then_some(fields)
}

/// Day digits, month name and year digits of "22 พฤศจิกายน 2569" and its
/// variants, or `None` when the text does not have that shape.
fn named_fields(text: &str) -> Option<(&str, &str, &str)> {
    let text = text.strip_prefix("วันที่").unwrap_or(text).trim_start();
    let is_digit = |c: char| c.is_ascii_digit();
    let day_end = text.len() - text.trim_start_matches(is_digit).len();
    let year_start = text.trim_end_matches(is_digit).len();
    if day_end == 0 || year_start >= text.len() || day_end >= year_start {
        return None;
    }
    let middle = text[day_end..year_start].trim();
    let month_name = middle.strip_suffix("พ.ศ.").unwrap_or(middle).trim_end();
    let valid = month_name.chars().any(char::is_alphabetic)
        && !month_name.chars().any(|c| c.is_ascii_digit());
    valid.then(|| (&text[..day_end], month_name, &text[year_start..]))
}

/// The number (1–12) of a full month name or official abbreviation.
fn month_number(name: &str) -> Option<u32> {
    let index = MONTHS_FULL
        .iter()
        .position(|&m| m == name)
        .or_else(|| MONTHS_ABBR.iter().position(|&m| m == name))?;
    u32::try_from(index + 1).ok()
}

/// A day or month of one or two digits.
fn day_or_month(digits: &str) -> Option<u32> {
    (1..=2)
        .contains(&digits.len())
        .then(|| digits.parse().ok())
        .flatten()
}

fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::thai::calendar::{format_date_long, format_date_numeric, format_date_short};
    use chrono::Datelike;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn reads_every_accepted_form() {
        let expected = date(2026, 11, 22);
        for text in [
            "22/11/2569",
            "๒๒/๑๑/๒๕๖๙",
            "22/11/๒๕๖๙",
            "  22/11/2569 ",
            "2569-11-22",
            "๒๕๖๙-๑๑-๒๒",
            "22-11-2569",
            "22 พฤศจิกายน 2569",
            "๒๒ พฤศจิกายน ๒๕๖๙",
            "22 พ.ย. 2569",
            "๒๒ พ.ย. ๒๕๖๙",
            "22 พ.ย.2569",
            "22พฤศจิกายน2569",
            "22  พฤศจิกายน\u{00A0}2569",
            "22 พฤศจิกายน พ.ศ. 2569",
            "วันที่ 22 พฤศจิกายน พ.ศ. ๒๕๖๙",
            "วันที่22 พ.ย. 69",
            "22 พ.ย. 69",
            "๒๒ พ.ย. ๖๙",
        ] {
            assert_eq!(parse_thai_date(text), Ok(expected), "input: {text}");
        }
    }

    #[test]
    fn reads_single_digit_days_and_months() {
        assert_eq!(parse_thai_date("1/10/2567"), Ok(date(2024, 10, 1)));
        assert_eq!(parse_thai_date("01/10/2567"), Ok(date(2024, 10, 1)));
        assert_eq!(parse_thai_date("2567-1-5"), Ok(date(2024, 1, 5)));
        assert_eq!(parse_thai_date("5 ม.ค. 2568"), Ok(date(2025, 1, 5)));
        assert_eq!(parse_thai_date("30 กันยายน 2568"), Ok(date(2025, 9, 30)));
        assert_eq!(parse_thai_date("29 ก.พ. 2567"), Ok(date(2024, 2, 29)));
        assert_eq!(parse_thai_date("1 มกราคม 2500"), Ok(date(1957, 1, 1)));
        assert_eq!(parse_thai_date("31/12/2700"), Ok(date(2157, 12, 31)));
    }

    #[test]
    fn refuses_years_out_of_the_plausible_range() {
        for (text, year) in [
            ("1/1/9999", 9999),
            ("22/11/2759", 2759),
            ("1 มกราคม 2400", 2400),
            ("๓๑/๑๒/๒๔๙๙", 2499),
            ("2701-01-01", 2701),
        ] {
            let error = parse_thai_date(text).unwrap_err();
            assert_eq!(error, DateParseError::ImplausibleYear { year }, "{text}");
            assert!(error.to_string().contains("พ.ศ. 2500–2700"), "{error}");
        }
    }

    #[test]
    fn refuses_gregorian_years() {
        for (text, year) in [
            ("22/11/2026", 2026),
            ("2026-11-22", 2026),
            ("22 พฤศจิกายน 2026", 2026),
            ("1/1/2399", 2399),
            ("๒๒/๑๑/๒๐๒๖", 2026),
        ] {
            assert_eq!(
                parse_thai_date(text),
                Err(DateParseError::NotBuddhistEra { year }),
                "input: {text}"
            );
        }
        assert_eq!(
            DateParseError::NotBuddhistEra { year: 2026 }.to_string(),
            "ปี 2026 ไม่ใช่ปีพุทธศักราช กรุณาใช้ปี พ.ศ. (ค.ศ. 2026 ตรงกับ พ.ศ. 2569)"
        );
    }

    #[test]
    fn explains_other_mistakes() {
        let unrecognised = |t: &str| DateParseError::Unrecognised(t.to_owned());
        let cases = [
            ("", DateParseError::Empty),
            ("   ", DateParseError::Empty),
            ("22/11/69", DateParseError::TwoDigitYear),
            ("69-11-22", DateParseError::TwoDigitYear),
            (
                "31/2/2569",
                DateParseError::NoSuchDate {
                    day: 31,
                    month: 2,
                    year: 2569,
                },
            ),
            (
                "29 ก.พ. 2568",
                DateParseError::NoSuchDate {
                    day: 29,
                    month: 2,
                    year: 2568,
                },
            ),
            (
                "1/13/2569",
                DateParseError::NoSuchDate {
                    day: 1,
                    month: 13,
                    year: 2569,
                },
            ),
            (
                "0/1/2569",
                DateParseError::NoSuchDate {
                    day: 0,
                    month: 1,
                    year: 2569,
                },
            ),
            (
                "22 พฤศจิกา 2569",
                DateParseError::UnknownMonth("พฤศจิกา".to_owned()),
            ),
            (
                "22 Nov 2569",
                DateParseError::UnknownMonth("Nov".to_owned()),
            ),
            ("22/11", unrecognised("22/11")),
            ("22/11/2569/1", unrecognised("22/11/2569/1")),
            ("22/11/256", unrecognised("22/11/256")),
            ("22/11/25690", unrecognised("22/11/25690")),
            ("123/11/2569", unrecognised("123/11/2569")),
            ("22 /11/2569", unrecognised("22 /11/2569")),
            ("พฤศจิกายน 2569", unrecognised("พฤศจิกายน 2569")),
            ("22 พฤศจิกายน", unrecognised("22 พฤศจิกายน")),
            ("22 2569", unrecognised("22 2569")),
            (
                "๒๒ พ.ย. ๒๕๖๙ ถึง 1 ธ.ค. 2569",
                unrecognised("๒๒ พ.ย. ๒๕๖๙ ถึง 1 ธ.ค. 2569"),
            ),
            ("2569-11-22T10:00", unrecognised("2569-11-22T10:00")),
            ("เมื่อวาน", unrecognised("เมื่อวาน")),
        ];
        for (text, error) in cases {
            assert_eq!(parse_thai_date(text), Err(error), "input: {text}");
        }
    }

    #[test]
    fn messages_are_thai() {
        assert_eq!(DateParseError::Empty.to_string(), "กรุณากรอกวันที่");
        assert_eq!(
            DateParseError::TwoDigitYear.to_string(),
            "กรุณาระบุปี พ.ศ. ให้ครบ 4 หลัก เช่น 22/11/2569"
        );
        assert_eq!(
            DateParseError::NoSuchDate {
                day: 31,
                month: 2,
                year: 2569
            }
            .to_string(),
            "ไม่มีวันที่ 31 เดือน 2 ปี พ.ศ. 2569 ในปฏิทิน"
        );
        assert!(
            DateParseError::Unrecognised("x".to_owned())
                .to_string()
                .starts_with("อ่านวันที่ «x» ไม่ได้")
        );
    }

    /// Dates whose Buddhist year is in the plausible range.
    fn four_digit_be_date() -> impl Strategy<Value = NaiveDate> {
        let first = date(ce_year(*PLAUSIBLE_BE_YEARS.start()), 1, 1).num_days_from_ce();
        let last = date(ce_year(*PLAUSIBLE_BE_YEARS.end()), 12, 31).num_days_from_ce();
        (first..=last).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap())
    }

    /// Dates whose Buddhist year is 25xx, the only ones the short form names fully.
    fn twenty_fifth_century_date() -> impl Strategy<Value = NaiveDate> {
        let first = date(ce_year(2500), 1, 1).num_days_from_ce();
        let last = date(ce_year(2599), 12, 31).num_days_from_ce();
        (first..=last).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap())
    }

    proptest! {
        #[test]
        fn long_form_reads_back(d in four_digit_be_date(), thai in any::<bool>()) {
            prop_assert_eq!(parse_thai_date(&format_date_long(d, thai)), Ok(d));
        }

        #[test]
        fn numeric_form_reads_back(d in four_digit_be_date(), thai in any::<bool>()) {
            prop_assert_eq!(parse_thai_date(&format_date_numeric(d, thai)), Ok(d));
        }

        #[test]
        fn iso_like_form_reads_back(d in four_digit_be_date()) {
            use chrono::Datelike;
            let text = format!("{}-{:02}-{:02}", be_year(d.year()), d.month(), d.day());
            prop_assert_eq!(parse_thai_date(&text), Ok(d));
        }

        #[test]
        fn short_form_reads_back(d in twenty_fifth_century_date(), thai in any::<bool>()) {
            prop_assert_eq!(parse_thai_date(&format_date_short(d, thai)), Ok(d));
        }

        #[test]
        fn gregorian_years_are_always_refused(
            year in 1000i32..MIN_BE_YEAR,
            month in 1u32..=12,
            day in 1u32..=28,
        ) {
            let text = format!("{day}/{month}/{year}");
            prop_assert_eq!(
                parse_thai_date(&text),
                Err(DateParseError::NotBuddhistEra { year })
            );
        }

        #[test]
        fn never_panics(text in "\\PC{0,30}") {
            let _ = parse_thai_date(&text);
        }
    }
}
