//! Numbers in targets and results ("อบรม ๓ ครั้ง ผู้เข้าร่วม ๓๖ คน", "ร้อยละ ๑๐๐"):
//! typed with Thai or Arabic digits and thousands separators, counted, compared and
//! printed back without a spurious ".0".

use crate::thai::digits::to_arabic_digits;
use crate::thai::numbers::format_decimal;

/// Reads a non-negative quantity: `36`, `๓๖`, `1,250`, `95.5`. Empty text is
/// `Ok(None)`; anything else that is not a number is a Thai message.
///
/// # Errors
/// A Thai message when the text is not a non-negative number.
pub fn parse_quantity(text: &str) -> Result<Option<f64>, String> {
    let arabic = to_arabic_digits(text.trim());
    if arabic.is_empty() {
        return Ok(None);
    }
    let plain: String = arabic.chars().filter(|c| *c != ',').collect();
    let valid = !plain.is_empty()
        && plain.chars().all(|c| c.is_ascii_digit() || c == '.')
        && plain.chars().filter(|c| *c == '.').count() <= 1
        && plain.chars().any(|c| c.is_ascii_digit());
    if !valid {
        return Err("กรุณากรอกเป็นตัวเลข เช่น ๓๖ หรือ 95.5".to_owned());
    }
    match plain.parse::<f64>() {
        Ok(n) if n.is_finite() && n <= 1e12 => Ok(Some(n)),
        _ => Err("ตัวเลขมากเกินไป".to_owned()),
    }
}

/// Prints a quantity with thousands separators and only the decimals it has (up to
/// two): `36`, `1,250`, `95.5`. Arabic digits; documents localise the result.
#[must_use]
pub fn format_quantity(n: f64) -> String {
    let two = format_decimal(n, 2);
    let trimmed = two.trim_end_matches('0').trim_end_matches('.');
    trimmed.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_thai_and_arabic_digits() {
        assert_eq!(parse_quantity("๓๖"), Ok(Some(36.0)));
        assert_eq!(parse_quantity(" 1,250 "), Ok(Some(1250.0)));
        assert_eq!(parse_quantity("95.5"), Ok(Some(95.5)));
        assert_eq!(parse_quantity(""), Ok(None));
    }

    #[test]
    fn refuses_what_is_not_a_number() {
        for bad in ["สาม", "3 ครั้ง", "-4", "1.2.3", ".", "1e5"] {
            assert!(parse_quantity(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn prints_only_the_decimals_it_has() {
        assert_eq!(format_quantity(36.0), "36");
        assert_eq!(format_quantity(1250.0), "1,250");
        assert_eq!(format_quantity(95.5), "95.5");
        assert_eq!(format_quantity(100.0), "100");
    }
}
