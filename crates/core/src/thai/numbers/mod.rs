//! Numbers as Thai official documents print them.
//!
//! Scores are reported to two decimals and budgets in baht and satang, always with
//! thousands separators. Scores arrive as `f64`, and printing them with the standard
//! formatter would round the binary value: 1.005 is stored as 1.00499…, so `{:.2}`
//! prints "1.00" where a person who typed 1.005 expects "1.01". [`format_decimal`]
//! rounds the shortest decimal form of the value instead, half away from zero, which
//! is what an official doing the sum by hand gets.
//!
//! Money never goes through floating point: [`Baht`] counts whole satang, and
//! [`parse_amount`] reads what a user typed straight into satang. [`baht_text`] gives
//! the amount in words, as written on vouchers and procurement documents.
//!
//! Output always uses Arabic digits; pass it through
//! [`digits_for`](super::digits::digits_for) to follow a document's digit setting.

mod money;
mod words;

pub use money::{AmountError, Baht, parse_amount};
pub use words::baht_text;

/// What [`format_decimal`] prints for NaN or an infinity: a figure that looks real
/// would be worse than an obvious gap in a report.
pub const NOT_A_NUMBER: &str = "ไม่ใช่ตัวเลข";

/// Formats an integer with a comma between each group of three digits: `1,250`,
/// `-1,000,000`.
#[must_use]
pub fn format_integer(n: i64) -> String {
    let mut out = String::new();
    if n < 0 {
        out.push('-');
    }
    push_grouped(&mut out, &n.unsigned_abs().to_string());
    out
}

/// Formats a number with thousands separators and exactly `decimals` decimal places:
/// `format_decimal(1250.5, 2)` is `1,250.50`.
///
/// The shortest decimal representation of `value` (the one Rust prints with `{}`)
/// is rounded half away from zero, so 1.005 gives `1.01` and -2.5 with no decimals
/// gives `-3`. A result that rounds to zero has no minus sign. NaN and infinities
/// give [`NOT_A_NUMBER`].
#[must_use]
pub fn format_decimal(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return NOT_A_NUMBER.to_owned();
    }
    // Rust's `Display` for floats never uses exponent notation.
    let shortest = value.abs().to_string();
    let (int_text, frac_text) = shortest.split_once('.').unwrap_or((&shortest, ""));
    let frac: Vec<u8> = frac_text.bytes().map(|b| b - b'0').collect();

    let mut digits: Vec<u8> = int_text.bytes().map(|b| b - b'0').collect();
    digits.extend((0..decimals).map(|i| frac.get(i).copied().unwrap_or(0)));
    let mut int_len = int_text.len();
    if frac.get(decimals).is_some_and(|&d| d >= 5) && increment(&mut digits) {
        int_len += 1;
    }

    let mut out = String::new();
    if value.is_sign_negative() && digits.iter().any(|&d| d != 0) {
        out.push('-');
    }
    let (int_digits, frac_digits) = digits.split_at(int_len);
    push_grouped(&mut out, &digits_to_string(int_digits));
    if decimals > 0 {
        out.push('.');
        out.push_str(&digits_to_string(frac_digits));
    }
    out
}

/// Adds one to the last digit, carrying as needed; returns whether a new leading
/// digit was added (999 → 1000).
fn increment(digits: &mut Vec<u8>) -> bool {
    for d in digits.iter_mut().rev() {
        if *d == 9 {
            *d = 0;
        } else {
            *d += 1;
            return false;
        }
    }
    digits.insert(0, 1);
    true
}

fn digits_to_string(digits: &[u8]) -> String {
    digits.iter().map(|&d| char::from(b'0' + d)).collect()
}

/// Appends a run of ASCII digits with a comma before each group of three.
fn push_grouped(out: &mut String, digits: &str) {
    let len = digits.len();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn integers_get_thousands_separators() {
        let cases = [
            (0, "0"),
            (7, "7"),
            (999, "999"),
            (1_000, "1,000"),
            (1_250, "1,250"),
            (12_345, "12,345"),
            (123_456, "123,456"),
            (1_234_567, "1,234,567"),
            (-1_000_000, "-1,000,000"),
            (-999, "-999"),
            (i64::MAX, "9,223,372,036,854,775,807"),
            (i64::MIN, "-9,223,372,036,854,775,808"),
        ];
        for (n, expected) in cases {
            assert_eq!(format_integer(n), expected);
        }
    }

    #[test]
    fn decimals_are_padded_grouped_and_rounded_half_away_from_zero() {
        let cases = [
            (1250.5, 2, "1,250.50"),
            (97.07, 2, "97.07"),
            (97.065, 2, "97.07"),
            (97.064_999, 2, "97.06"),
            (1.005, 2, "1.01"),
            (2.675, 2, "2.68"),
            (0.125, 2, "0.13"),
            (-0.125, 2, "-0.13"),
            (-1.005, 2, "-1.01"),
            (2.5, 0, "3"),
            (-2.5, 0, "-3"),
            (2.4, 0, "2"),
            (999.995, 2, "1,000.00"),
            (9.96, 1, "10.0"),
            (-0.004, 2, "0.00"),
            (-0.0, 2, "0.00"),
            (0.0, 0, "0"),
            (100.0, 2, "100.00"),
            (1_234_567.891, 2, "1,234,567.89"),
            (85.0, 0, "85"),
            (0.000_001, 3, "0.000"),
            (0.000_5, 3, "0.001"),
            (1e21, 0, "1,000,000,000,000,000,000,000"),
            (1.5e-10, 12, "0.000000000150"),
        ];
        for (value, decimals, expected) in cases {
            assert_eq!(
                format_decimal(value, decimals),
                expected,
                "{value} to {decimals} decimals"
            );
        }
    }

    #[test]
    fn non_finite_values_are_not_printed_as_numbers() {
        assert_eq!(format_decimal(f64::NAN, 2), NOT_A_NUMBER);
        assert_eq!(format_decimal(f64::INFINITY, 2), NOT_A_NUMBER);
        assert_eq!(format_decimal(f64::NEG_INFINITY, 0), NOT_A_NUMBER);
    }

    proptest! {
        #[test]
        fn format_integer_reads_back(n in any::<i64>()) {
            let text = format_integer(n);
            prop_assert_eq!(text.replace(',', "").parse::<i64>().unwrap(), n);
            let unsigned = text.trim_start_matches('-');
            prop_assert!(unsigned.split(',').skip(1).all(|g| g.len() == 3));
            prop_assert!((1..=3).contains(&unsigned.split(',').next().unwrap().len()));
        }

        #[test]
        fn format_decimal_agrees_with_integer_formatting(n in -1_000_000_000i64..1_000_000_000) {
            let value = n as f64;
            prop_assert_eq!(format_decimal(value, 0), format_integer(n));
            prop_assert_eq!(format_decimal(value, 2), format!("{}.00", format_integer(n)));
        }

        #[test]
        fn format_decimal_is_within_half_a_unit(value in -1e6f64..1e6, decimals in 0usize..6) {
            let text = format_decimal(value, decimals);
            let read: f64 = text.replace(',', "").parse().unwrap();
            let unit = 10f64.powi(i32::try_from(decimals).unwrap());
            prop_assert!((read - value).abs() * unit <= 0.5 + 1e-3, "{} -> {}", value, text);
            let places = text.split_once('.').map_or(0, |(_, f)| f.len());
            prop_assert_eq!(places, decimals);
        }
    }
}
