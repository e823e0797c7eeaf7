//! An amount of money in Thai words (ตัวอักษร), as on vouchers and contracts.
//!
//! Finance documents write every amount twice, in figures and in words, so that a
//! figure cannot be altered unnoticed. The reading follows Excel's BAHTTEXT, which
//! is what Thai finance staff check their documents against.

use super::Baht;

const DIGIT_WORDS: [&str; 10] = [
    "ศูนย์",
    "หนึ่ง",
    "สอง",
    "สาม",
    "สี่",
    "ห้า",
    "หก",
    "เจ็ด",
    "แปด",
    "เก้า",
];

/// The name of each place within a group of six, from the units up.
const PLACE_WORDS: [&str; 6] = ["", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน"];

const MILLION: u64 = 1_000_000;

/// The amount in Thai words: 1,250.50 บาท is "หนึ่งพันสองร้อยห้าสิบบาทห้าสิบสตางค์",
/// 100 บาท is "หนึ่งร้อยบาทถ้วน", and 0 is "ศูนย์บาทถ้วน".
///
/// - Numbers are read in groups of six places (หน่วย to แสน) joined by ล้าน, so
///   10¹² บาท is หนึ่งล้านล้านบาทถ้วน.
/// - 1 in the tens place is สิบ and 2 is ยี่สิบ.
/// - 1 in the units place is เอ็ด whenever any higher place of the same number is
///   non-zero (11 สิบเอ็ด, 101 หนึ่งร้อยเอ็ด, 1,000,001 หนึ่งล้านเอ็ด), otherwise หนึ่ง.
/// - Whole amounts end in ถ้วน; satang are read as a number of their own; an amount
///   under one baht has no บาท part (ยี่สิบห้าสตางค์); a negative amount starts with ลบ.
#[must_use]
pub fn baht_text(amount: Baht) -> String {
    let magnitude = amount.0.unsigned_abs();
    let (baht, satang) = (magnitude / 100, magnitude % 100);
    if magnitude == 0 {
        return format!("{}บาทถ้วน", DIGIT_WORDS[0]);
    }
    let mut out = String::new();
    if amount.is_negative() {
        out.push_str("ลบ");
    }
    if baht > 0 {
        push_number(&mut out, baht, false);
        out.push_str("บาท");
    }
    if satang == 0 {
        out.push_str("ถ้วน");
    } else {
        push_number(&mut out, satang, false);
        out.push_str("สตางค์");
    }
    out
}

/// Appends the words for `n` (at least 1); `after_higher` says whether words for
/// higher places of the same number were already written.
fn push_number(out: &mut String, n: u64, after_higher: bool) {
    let millions = n / MILLION;
    if millions > 0 {
        push_number(out, millions, after_higher);
        out.push_str("ล้าน");
    }
    push_group(out, n % MILLION, after_higher || millions > 0);
}

/// Appends the words for one group of six places (`group` below a million).
fn push_group(out: &mut String, group: u64, after_higher: bool) {
    let mut divisor = MILLION;
    for (place, place_word) in PLACE_WORDS.iter().enumerate().rev() {
        divisor /= 10;
        let digit = usize::try_from(group / divisor % 10).unwrap_or_default();
        if digit == 0 {
            continue;
        }
        match place {
            0 if digit == 1 && (after_higher || group >= 10) => out.push_str("เอ็ด"),
            1 if digit == 1 => {}
            1 if digit == 2 => out.push_str("ยี่"),
            _ => out.push_str(DIGIT_WORDS[digit]),
        }
        out.push_str(place_word);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::thai::numbers::parse_amount;

    fn words(text: &str) -> String {
        baht_text(parse_amount(text).unwrap())
    }

    #[test]
    fn reads_known_amounts() {
        let cases = [
            ("0", "ศูนย์บาทถ้วน"),
            ("1", "หนึ่งบาทถ้วน"),
            ("2", "สองบาทถ้วน"),
            ("10", "สิบบาทถ้วน"),
            ("11", "สิบเอ็ดบาทถ้วน"),
            ("12", "สิบสองบาทถ้วน"),
            ("20", "ยี่สิบบาทถ้วน"),
            ("21", "ยี่สิบเอ็ดบาทถ้วน"),
            ("25", "ยี่สิบห้าบาทถ้วน"),
            ("31", "สามสิบเอ็ดบาทถ้วน"),
            ("99", "เก้าสิบเก้าบาทถ้วน"),
            ("100", "หนึ่งร้อยบาทถ้วน"),
            ("101", "หนึ่งร้อยเอ็ดบาทถ้วน"),
            ("110", "หนึ่งร้อยสิบบาทถ้วน"),
            ("111", "หนึ่งร้อยสิบเอ็ดบาทถ้วน"),
            ("120", "หนึ่งร้อยยี่สิบบาทถ้วน"),
            ("1,001", "หนึ่งพันเอ็ดบาทถ้วน"),
            ("1,250", "หนึ่งพันสองร้อยห้าสิบบาทถ้วน"),
            ("1,250.50", "หนึ่งพันสองร้อยห้าสิบบาทห้าสิบสตางค์"),
            ("10,700", "หนึ่งหมื่นเจ็ดร้อยบาทถ้วน"),
            ("12,345.67", "หนึ่งหมื่นสองพันสามร้อยสี่สิบห้าบาทหกสิบเจ็ดสตางค์"),
            ("100,000", "หนึ่งแสนบาทถ้วน"),
            ("250,000", "สองแสนห้าหมื่นบาทถ้วน"),
            ("1,000,000", "หนึ่งล้านบาทถ้วน"),
            ("1,000,001", "หนึ่งล้านเอ็ดบาทถ้วน"),
            ("1,000,011", "หนึ่งล้านสิบเอ็ดบาทถ้วน"),
            ("2,500,000.25", "สองล้านห้าแสนบาทยี่สิบห้าสตางค์"),
            ("11,000,000", "สิบเอ็ดล้านบาทถ้วน"),
            ("21,000,000", "ยี่สิบเอ็ดล้านบาทถ้วน"),
            ("21,500,000", "ยี่สิบเอ็ดล้านห้าแสนบาทถ้วน"),
            ("101,000,000", "หนึ่งร้อยเอ็ดล้านบาทถ้วน"),
            (
                "123,456,789.01",
                "หนึ่งร้อยยี่สิบสามล้านสี่แสนห้าหมื่นหกพันเจ็ดร้อยแปดสิบเก้าบาทหนึ่งสตางค์",
            ),
            ("1,000,000,000,000", "หนึ่งล้านล้านบาทถ้วน"),
            ("2,000,000,000,000", "สองล้านล้านบาทถ้วน"),
            ("21,000,000,000,000.01", "ยี่สิบเอ็ดล้านล้านบาทหนึ่งสตางค์"),
            ("1,000,001,000,000", "หนึ่งล้านเอ็ดล้านบาทถ้วน"),
            ("0.01", "หนึ่งสตางค์"),
            ("0.11", "สิบเอ็ดสตางค์"),
            ("0.21", "ยี่สิบเอ็ดสตางค์"),
            ("0.25", "ยี่สิบห้าสตางค์"),
            ("0.5", "ห้าสิบสตางค์"),
            ("1.01", "หนึ่งบาทหนึ่งสตางค์"),
            ("21.25", "ยี่สิบเอ็ดบาทยี่สิบห้าสตางค์"),
            ("-5", "ลบห้าบาทถ้วน"),
            ("-11.25", "ลบสิบเอ็ดบาทยี่สิบห้าสตางค์"),
            ("-0.25", "ลบยี่สิบห้าสตางค์"),
            ("-0", "ศูนย์บาทถ้วน"),
        ];
        for (amount, expected) in cases {
            assert_eq!(words(amount), expected, "amount: {amount}");
        }
    }

    #[test]
    fn reads_the_extremes_of_i64() {
        assert_eq!(
            baht_text(Baht(i64::MAX)),
            "เก้าหมื่นสองพันสองร้อยสามสิบสามล้านเจ็ดแสนสองหมื่นสามร้อยหกสิบแปดล้าน\
             ห้าแสนสี่หมื่นเจ็ดพันเจ็ดร้อยห้าสิบแปดบาทเจ็ดสตางค์"
        );
        assert!(baht_text(Baht(i64::MIN)).starts_with("ลบเก้าหมื่นสองพัน"));
        assert!(baht_text(Baht(i64::MIN)).ends_with("บาทแปดสตางค์"));
    }

    #[test]
    fn every_reading_ends_in_a_unit() {
        for satang in (-2_000_i64..2_000).chain([99_999_999, 100_000_001]) {
            let text = baht_text(Baht(satang));
            assert!(
                text.ends_with("บาทถ้วน") || text.ends_with("สตางค์"),
                "{satang}: {text}"
            );
            assert!(!text.contains("ศูนย์") || satang == 0, "{satang}: {text}");
            assert!(!text.contains("หนึ่งสิบ"), "{satang}: {text}");
            assert!(!text.contains("สองสิบ"), "{satang}: {text}");
        }
    }
}
