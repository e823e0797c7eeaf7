//! A project's budget for one fiscal year: an amount, or "ไม่ใช้งบประมาณ" (no budget
//! is used), which the seed prints as a value of its own rather than an empty cell.

use serde::{Deserialize, Serialize};

use crate::thai::numbers::{AmountError, Baht, parse_amount};

/// The budget of one project in one fiscal year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "satang")]
pub enum Budget {
    /// ไม่ใช้งบประมาณ: the project runs without money of its own.
    #[default]
    NotUsed,
    /// An amount in the year's budget (งบประมาณ (บาท)).
    Amount(Baht),
}

impl Budget {
    /// The amount counted in totals: nothing when no budget is used.
    #[must_use]
    pub fn amount(self) -> Baht {
        match self {
            Self::NotUsed => Baht::ZERO,
            Self::Amount(b) => b,
        }
    }
}

/// Reads a budget as people type it into a form cell. Empty text, "-" and
/// "ไม่ใช้งบประมาณ" mean [`Budget::NotUsed`]; otherwise an amount in Thai or Arabic
/// digits with thousands separators (`๑,๒๐๐,๐๐๐`, `1,200,000`, `1200000.50`).
///
/// # Errors
/// A Thai message: not a number ("หนึ่งล้าน"), a negative amount, a misplaced comma.
pub fn parse_budget(text: &str) -> Result<Budget, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() || trimmed == "-" || trimmed == "ไม่ใช้งบประมาณ"
    {
        return Ok(Budget::NotUsed);
    }
    match parse_amount(trimmed) {
        Ok(b) if b.is_negative() => Err("งบประมาณต้องไม่ติดลบ".to_owned()),
        Ok(b) => Ok(Budget::Amount(b)),
        Err(AmountError::InvalidCharacter(_)) => Err(
            "กรุณากรอกงบประมาณเป็นตัวเลข เช่น 1,200,000 หรือ ๑,๒๐๐,๐๐๐ (หรือเว้นว่างถ้าไม่ใช้งบประมาณ)"
                .to_owned(),
        ),
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_thai_and_arabic_digits_with_commas() {
        let million = Budget::Amount(Baht(120_000_000));
        assert_eq!(parse_budget("๑,๒๐๐,๐๐๐"), Ok(million));
        assert_eq!(parse_budget("1,200,000"), Ok(million));
        assert_eq!(parse_budget(" 1200000 บาท "), Ok(million));
        assert_eq!(parse_budget("2,500.50"), Ok(Budget::Amount(Baht(250_050))));
    }

    #[test]
    fn no_budget_is_a_value() {
        for text in ["", " ", "-", "ไม่ใช้งบประมาณ"] {
            assert_eq!(parse_budget(text), Ok(Budget::NotUsed), "{text:?}");
        }
        assert_eq!(Budget::NotUsed.amount(), Baht::ZERO);
    }

    #[test]
    fn refuses_words_negatives_and_bad_commas() {
        let words = parse_budget("หนึ่งล้าน").unwrap_err();
        assert!(words.contains("ตัวเลข"), "{words}");
        assert_eq!(parse_budget("-500").unwrap_err(), "งบประมาณต้องไม่ติดลบ");
        assert!(parse_budget("12,00").unwrap_err().contains("จุลภาค"));
    }
}
