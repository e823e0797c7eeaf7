//! Tables as Excel (XLSX) workbooks, for agencies that keep working on the numbers.
//!
//! One sheet per table (written by `workbook`, which this shares with the
//! documents of several sheets): an optional title row, a bold header row that
//! is frozen and printed on every page, Sarabun everywhere, set column widths,
//! wrapped text and numbers stored as numbers (so sums and charts work), shown
//! with the decimals and thousands separators they were formatted with.
//! Numbers arrive in documents as formatted text, possibly in Thai digits;
//! [`parse_number`] turns such text back into a value.

use crate::error::DocsError;
use crate::workbook::{Sheet, workbook_xlsx};

/// A cell value.
#[derive(Debug, Clone, PartialEq)]
pub enum XlsxCell {
    /// Text, written as is.
    Text(String),
    /// A number, shown with `decimals` decimals.
    Number {
        /// The value.
        value: f64,
        /// Decimals shown (at most four).
        decimals: usize,
        /// Shown with thousands separators (it was formatted with them:
        /// amounts in baht).
        grouped: bool,
    },
    /// A total: Excel's SUM over other cells of the sheet, with the computed
    /// value stored as the formula's result (what a reader shows before Excel
    /// recalculates), formatted as [`XlsxCell::Number`]; zero prints "-".
    Sum {
        /// The computed total.
        value: f64,
        /// Decimals shown (at most four).
        decimals: usize,
        /// Shown with thousands separators.
        grouped: bool,
        /// The cells added up: (row, column), both counted in the `rows`
        /// handed to the writer, from 0.
        cells: Vec<(usize, usize)>,
    },
    /// Nothing.
    Empty,
}

impl XlsxCell {
    /// A number if `text` parses as one (see [`parse_number`]), keeping its
    /// decimals, text otherwise; empty text or a dash stays empty.
    #[must_use]
    pub fn from_formatted(text: &str) -> Self {
        let trimmed = text.trim();
        if trimmed.is_empty() || trimmed == "-" || trimmed == "–" {
            return Self::Empty;
        }
        match parse_number(trimmed) {
            Some(value) => Self::Number {
                value,
                decimals: trimmed
                    .split_once('.')
                    .map_or(0, |(_, fraction)| fraction.chars().count()),
                grouped: trimmed.contains(','),
            },
            None => Self::Text(text.to_owned()),
        }
    }
}

impl XlsxCell {
    /// The total formatted as `text` ("๒๐,๐๐๐", or "-" for nothing) as a SUM of
    /// `cells` (see [`XlsxCell::Sum`]).
    #[must_use]
    pub fn sum_of(text: &str, cells: Vec<(usize, usize)>) -> Self {
        match Self::from_formatted(text) {
            Self::Number {
                value,
                decimals,
                grouped,
            } => Self::Sum {
                value,
                decimals,
                grouped,
                cells,
            },
            _ => Self::Sum {
                value: 0.0,
                decimals: 0,
                grouped: true,
                cells,
            },
        }
    }
}

/// One column: header title and width in characters.
#[derive(Debug, Clone, Copy)]
pub struct XlsxColumn<'a> {
    /// Header text.
    pub title: &'a str,
    /// Column width in Excel character units.
    pub width: f64,
}

/// Reads a formatted number: Thai or Arabic digits, an optional sign (`+`, `-`
/// or the minus sign `−`), thousands separators and a decimal point.
#[must_use]
pub fn parse_number(text: &str) -> Option<f64> {
    let arabic = prongsai_core::thai::digits::to_arabic_digits(text.trim());
    let cleaned: String = arabic
        .chars()
        .filter(|c| *c != ',')
        .map(|c| if c == '\u{2212}' { '-' } else { c })
        .collect();
    let body = cleaned.strip_prefix('+').unwrap_or(&cleaned);
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    {
        return None;
    }
    body.parse::<f64>().ok().filter(|value| value.is_finite())
}

/// Writes one table as a single-sheet workbook. `sheet_name` must follow Excel's
/// rules (at most 31 characters, none of `[]:*?/\`); `title`, if given, goes
/// in the first row above the header. Web addresses become hyperlinks.
pub fn table_xlsx(
    sheet_name: &str,
    title: Option<&str>,
    columns: &[XlsxColumn<'_>],
    rows: &[Vec<XlsxCell>],
) -> Result<Vec<u8>, DocsError> {
    let every_column: Vec<usize> = (0..columns.len()).collect();
    workbook_xlsx(&[Sheet {
        name: sheet_name,
        title,
        columns,
        rows,
        link_columns: &every_column,
    }])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_thai_and_signed_numbers() {
        assert_eq!(parse_number("๘๖.๕๒"), Some(86.52));
        assert_eq!(parse_number("+1.25"), Some(1.25));
        assert_eq!(parse_number("−๓.๐๐"), Some(-3.0));
        assert_eq!(parse_number("1,234.5"), Some(1234.5));
        assert_eq!(parse_number("IIT"), None);
        assert_eq!(parse_number("๑๒ คะแนน"), None);
        assert_eq!(parse_number(""), None);
    }

    #[test]
    fn formatted_text_becomes_the_right_cell() {
        assert_eq!(
            XlsxCell::from_formatted("๓๙.๒๗"),
            XlsxCell::Number {
                value: 39.27,
                decimals: 2,
                grouped: false
            }
        );
        assert_eq!(
            XlsxCell::from_formatted("๑๐"),
            XlsxCell::Number {
                value: 10.0,
                decimals: 0,
                grouped: false
            }
        );
        assert_eq!(
            XlsxCell::from_formatted("๑๒,๕๐๐.๕๐"),
            XlsxCell::Number {
                value: 12_500.5,
                decimals: 2,
                grouped: true
            }
        );
        assert_eq!(XlsxCell::from_formatted("–"), XlsxCell::Empty);
        assert_eq!(
            XlsxCell::from_formatted("OIT"),
            XlsxCell::Text("OIT".to_owned())
        );
    }
}
