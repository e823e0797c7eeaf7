//! Amounts of money held as whole satang.
//!
//! Budgets are added up across projects and years; doing that in floating point
//! drifts by a satang here and there, and a plan whose columns do not add up to its
//! total is sent back by the reviewer. An integer count of satang is exact.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::push_grouped;
use crate::thai::digits::to_arabic_digits;

/// An amount of money in satang (1 บาท = 100 สตางค์); `Baht(125_050)` is 1,250.50 บาท.
///
/// It serialises as the plain integer number of satang. `Display` prints the amount
/// with thousands separators and two decimals, `1,250.50`, which [`parse_amount`]
/// reads back.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Baht(pub i64);

impl Baht {
    /// Nothing.
    pub const ZERO: Self = Self(0);

    /// The amount `baht` บาท and `satang` สตางค์; the sign of `baht` applies to the
    /// whole amount, so `from_baht_satang(-5, 50)` is -5.50 บาท. (A negative amount
    /// under one baht is written directly, as `Baht(-50)`.)
    ///
    /// # Panics
    ///
    /// When `satang` is 100 or more, or when the amount is beyond what an `i64` of
    /// satang holds (about 92 million million baht).
    #[must_use]
    pub const fn from_baht_satang(baht: i64, satang: u8) -> Self {
        assert!(satang < 100, "สตางค์ต้องอยู่ระหว่าง 0 ถึง 99");
        let Some(whole) = baht.checked_mul(100) else {
            panic!("จำนวนเงินเกินขอบเขตที่รองรับ");
        };
        let total = if baht < 0 {
            whole.checked_sub(satang as i64)
        } else {
            whole.checked_add(satang as i64)
        };
        match total {
            Some(total) => Self(total),
            None => panic!("จำนวนเงินเกินขอบเขตที่รองรับ"),
        }
    }

    /// The whole amount in satang.
    #[must_use]
    pub const fn satang(self) -> i64 {
        self.0
    }

    /// The whole baht, rounded towards zero: -5.50 บาท gives -5.
    #[must_use]
    pub const fn whole_baht(self) -> i64 {
        self.0 / 100
    }

    /// The satang beyond the whole baht, without sign: -5.50 บาท gives 50.
    #[must_use]
    pub const fn satang_part(self) -> u8 {
        // The remainder of a division by 100 always fits in a u8.
        (self.0.unsigned_abs() % 100) as u8
    }

    /// Whether the amount is below zero.
    #[must_use]
    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }
}

impl fmt::Display for Baht {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let magnitude = self.0.unsigned_abs();
        let mut text = String::new();
        if self.is_negative() {
            text.push('-');
        }
        push_grouped(&mut text, &(magnitude / 100).to_string());
        text.push_str(&format!(".{:02}", magnitude % 100));
        f.pad(&text)
    }
}

/// Why a typed amount of money was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    /// Nothing was typed.
    #[error("กรุณากรอกจำนวนเงิน")]
    Empty,
    /// A character other than a digit, a comma, a decimal point or a leading minus.
    #[error("จำนวนเงินมีอักขระที่ไม่ใช่ตัวเลข: «{0}»")]
    InvalidCharacter(char),
    /// No digits before the decimal point, as in `.50` or `-`.
    #[error("กรุณากรอกจำนวนบาทก่อนจุดทศนิยม (เช่น 0.50)")]
    MissingBaht,
    /// A decimal point with nothing after it, as in `100.`.
    #[error("กรุณากรอกสตางค์หลังจุดทศนิยม หรือลบจุดทศนิยมออก")]
    MissingSatang,
    /// Commas that do not separate groups of three digits, as in `12,50`.
    #[error("ใส่เครื่องหมายจุลภาค (,) คั่นหลักพันไม่ถูกตำแหน่ง")]
    MisplacedComma,
    /// More than one decimal point.
    #[error("จำนวนเงินมีจุดทศนิยมมากกว่าหนึ่งจุด")]
    ExtraDecimalPoint,
    /// Three or more decimal places: money has only satang.
    #[error("จำนวนเงินมีทศนิยมได้ไม่เกิน 2 ตำแหน่ง (หน่วยสตางค์)")]
    TooManyDecimals,
    /// An amount beyond what [`Baht`] holds.
    #[error("จำนวนเงินมากเกินกว่าที่ระบบรองรับ")]
    TooLarge,
}

/// Reads an amount of money as people type it: Thai or Arabic digits, optional
/// thousands separators, up to two decimals, an optional leading minus and an
/// optional trailing "บาท". `"๑,๒๕๐.๕ บาท"` is 1,250.50 บาท.
///
/// # Errors
///
/// An [`AmountError`] whose message, in Thai, tells the user what to fix.
pub fn parse_amount(text: &str) -> Result<Baht, AmountError> {
    let arabic = to_arabic_digits(text);
    let mut rest = arabic.trim();
    if rest.is_empty() {
        return Err(AmountError::Empty);
    }
    if let Some(number) = rest.strip_suffix("บาท") {
        rest = number.trim_end();
    }
    let negative = match rest.strip_prefix(['-', '\u{2212}']) {
        Some(magnitude) => {
            rest = magnitude;
            true
        }
        None => false,
    };
    if let Some(bad) = rest
        .chars()
        .find(|&c| !(c.is_ascii_digit() || c == ',' || c == '.'))
    {
        return Err(AmountError::InvalidCharacter(bad));
    }

    let (int_text, frac_text) = match rest.split_once('.') {
        Some((int_text, frac_text)) => (int_text, Some(frac_text)),
        None => (rest, None),
    };
    if int_text.is_empty() {
        return Err(AmountError::MissingBaht);
    }
    let baht_digits = ungrouped_digits(int_text)?;
    let satang = match frac_text {
        None => 0,
        Some(frac) => satang_of(frac)?,
    };

    let mut total: i128 = 0;
    // One more than the largest magnitude an i64 holds, so that i64::MIN reads back.
    let limit = i128::from(i64::MAX) + 1;
    for d in baht_digits.bytes() {
        total = total * 10 + i128::from(d - b'0');
        if total * 100 > limit {
            return Err(AmountError::TooLarge);
        }
    }
    total = total * 100 + satang;
    let signed = if negative { -total } else { total };
    i64::try_from(signed)
        .map(Baht)
        .map_err(|_| AmountError::TooLarge)
}

/// The digits of the baht part with its thousands separators checked and removed.
fn ungrouped_digits(int_text: &str) -> Result<String, AmountError> {
    if !int_text.contains(',') {
        return Ok(int_text.to_owned());
    }
    let mut groups = int_text.split(',');
    let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
    if first_ok && groups.all(|g| g.len() == 3) {
        Ok(int_text.replace(',', ""))
    } else {
        Err(AmountError::MisplacedComma)
    }
}

/// The satang written after the decimal point: `5` and `50` are 50, `05` is 5.
fn satang_of(frac: &str) -> Result<i128, AmountError> {
    if frac.contains('.') {
        return Err(AmountError::ExtraDecimalPoint);
    }
    if frac.contains(',') {
        return Err(AmountError::MisplacedComma);
    }
    let digits: Vec<i128> = frac.bytes().map(|b| i128::from(b - b'0')).collect();
    match digits.as_slice() {
        [] => Err(AmountError::MissingSatang),
        [tens] => Ok(tens * 10),
        [tens, units] => Ok(tens * 10 + units),
        _ => Err(AmountError::TooManyDecimals),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn builds_amounts_from_baht_and_satang() {
        assert_eq!(Baht::from_baht_satang(1_250, 50), Baht(125_050));
        assert_eq!(Baht::from_baht_satang(0, 25), Baht(25));
        assert_eq!(Baht::from_baht_satang(-5, 50), Baht(-550));
        assert_eq!(Baht::from_baht_satang(100, 0), Baht(10_000));
        assert_eq!(Baht::ZERO, Baht(0));
    }

    #[test]
    #[should_panic(expected = "สตางค์ต้องอยู่ระหว่าง 0 ถึง 99")]
    fn rejects_a_hundred_satang() {
        let _ = Baht::from_baht_satang(1, 100);
    }

    #[test]
    #[should_panic(expected = "จำนวนเงินเกินขอบเขตที่รองรับ")]
    fn rejects_amounts_beyond_i64() {
        let _ = Baht::from_baht_satang(i64::MAX / 10, 0);
    }

    #[test]
    fn splits_into_baht_and_satang() {
        let amount = Baht(-550);
        assert_eq!(amount.whole_baht(), -5);
        assert_eq!(amount.satang_part(), 50);
        assert_eq!(amount.satang(), -550);
        assert!(amount.is_negative());
        assert_eq!(Baht(125_050).whole_baht(), 1_250);
        assert_eq!(Baht(125_050).satang_part(), 50);
    }

    #[test]
    fn displays_with_separators_and_two_decimals() {
        let cases = [
            (Baht(125_050), "1,250.50"),
            (Baht(0), "0.00"),
            (Baht(5), "0.05"),
            (Baht(-5), "-0.05"),
            (Baht(-550), "-5.50"),
            (Baht(100_000_000), "1,000,000.00"),
            (Baht(i64::MAX), "92,233,720,368,547,758.07"),
            (Baht(i64::MIN), "-92,233,720,368,547,758.08"),
        ];
        for (amount, expected) in cases {
            assert_eq!(amount.to_string(), expected);
        }
    }

    #[test]
    fn serialises_as_satang() {
        assert_eq!(serde_json::to_string(&Baht(125_050)).unwrap(), "125050");
        assert_eq!(serde_json::from_str::<Baht>("-550").unwrap(), Baht(-550));
    }

    #[test]
    fn parses_what_people_type() {
        let cases = [
            ("1,250.50", 125_050),
            ("1250.50", 125_050),
            ("1250.5", 125_050),
            ("1250", 125_000),
            ("1,250", 125_000),
            ("๑,๒๕๐.๕๐", 125_050),
            ("๑๒๕๐ บาท", 125_000),
            ("1,250.50 บาท", 125_050),
            ("1,250.50บาท", 125_050),
            ("  500  ", 50_000),
            ("0.25", 25),
            ("0.05", 5),
            ("0", 0),
            ("-0", 0),
            ("-1,000.75", -100_075),
            ("\u{2212}20", -2_000),
            ("1,000,000", 100_000_000),
            ("007", 700),
            ("92,233,720,368,547,758.07", i64::MAX),
            ("-92,233,720,368,547,758.08", i64::MIN),
        ];
        for (text, satang) in cases {
            assert_eq!(parse_amount(text), Ok(Baht(satang)), "input: {text}");
        }
    }

    #[test]
    fn rejects_malformed_amounts_with_reasons() {
        let cases = [
            ("", AmountError::Empty),
            ("   ", AmountError::Empty),
            ("บาท", AmountError::MissingBaht),
            ("-", AmountError::MissingBaht),
            (".50", AmountError::MissingBaht),
            ("100.", AmountError::MissingSatang),
            ("12,50", AmountError::MisplacedComma),
            ("1,2500", AmountError::MisplacedComma),
            (",250", AmountError::MisplacedComma),
            ("1,250,", AmountError::MisplacedComma),
            ("1250.5,0", AmountError::MisplacedComma),
            ("1.2.3", AmountError::ExtraDecimalPoint),
            ("1.005", AmountError::TooManyDecimals),
            ("หนึ่งพัน", AmountError::InvalidCharacter('ห')),
            ("1 250", AmountError::InvalidCharacter(' ')),
            ("฿100", AmountError::InvalidCharacter('฿')),
            ("--5", AmountError::InvalidCharacter('-')),
            ("92,233,720,368,547,758.08", AmountError::TooLarge),
            ("99999999999999999999999999999999", AmountError::TooLarge),
        ];
        for (text, error) in cases {
            assert_eq!(parse_amount(text), Err(error), "input: {text}");
        }
    }

    #[test]
    fn error_messages_are_thai() {
        assert_eq!(AmountError::Empty.to_string(), "กรุณากรอกจำนวนเงิน");
        assert_eq!(
            AmountError::InvalidCharacter('x').to_string(),
            "จำนวนเงินมีอักขระที่ไม่ใช่ตัวเลข: «x»"
        );
        assert_eq!(
            AmountError::TooManyDecimals.to_string(),
            "จำนวนเงินมีทศนิยมได้ไม่เกิน 2 ตำแหน่ง (หน่วยสตางค์)"
        );
    }

    proptest! {
        #[test]
        fn display_reads_back(satang in any::<i64>()) {
            let amount = Baht(satang);
            prop_assert_eq!(parse_amount(&amount.to_string()), Ok(amount));
        }

        #[test]
        fn thai_digits_and_unit_read_back(satang in any::<i64>()) {
            let amount = Baht(satang);
            let text = format!(
                "{} บาท",
                crate::thai::digits::to_thai_digits(&amount.to_string())
            );
            prop_assert_eq!(parse_amount(&text), Ok(amount));
        }

        #[test]
        fn from_baht_satang_matches_parts(baht in -1_000_000_000i64..1_000_000_000, satang in 0u8..100) {
            let amount = Baht::from_baht_satang(baht, satang);
            prop_assert_eq!(amount.whole_baht(), baht);
            prop_assert_eq!(amount.satang_part(), satang);
        }
    }
}
