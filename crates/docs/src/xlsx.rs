//! Tables as Excel (XLSX) workbooks, for agencies that keep working on the numbers.
//!
//! One sheet per table: an optional title row, a bold header row that is frozen
//! and printed on every page, Sarabun everywhere, set column widths, wrapped text
//! and numbers stored as numbers (so sums and charts work), shown with the
//! decimals they were formatted with.
//! Numbers arrive in documents as formatted text, possibly in Thai digits;
//! [`parse_number`] turns such text back into a value.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};

use crate::error::DocsError;
use crate::fonts::{BODY_SIZE_PT, FONT_FAMILY};

/// Header background, as in the PDF and DOCX tables.
const HEADER_FILL: u32 = 0x00EB_EBEB;
/// More decimals than this are not shown.
const MAX_DECIMALS: usize = 4;

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
            },
            None => Self::Text(text.to_owned()),
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
/// in the first row above the header.
pub fn table_xlsx(
    sheet_name: &str,
    title: Option<&str>,
    columns: &[XlsxColumn<'_>],
    rows: &[Vec<XlsxCell>],
) -> Result<Vec<u8>, DocsError> {
    let base = Format::new()
        .set_font_name(FONT_FAMILY)
        .set_font_size(BODY_SIZE_PT);
    let title_format = base.clone().set_bold();
    let header_format = base
        .clone()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(HEADER_FILL)
        .set_border(FormatBorder::Thin);
    let text_format = base
        .clone()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let number_format = base
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);

    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name)?;

    let mut row: u32 = 0;
    if let Some(title) = title {
        sheet.write_string_with_format(row, 0, title, &title_format)?;
        row += 1;
    }
    let header_row = row;
    for (col, column) in (0u16..).zip(columns) {
        sheet.set_column_width(col, column.width)?;
        sheet.write_string_with_format(row, col, column.title, &header_format)?;
    }
    sheet.set_freeze_panes(header_row + 1, 0)?;
    sheet.set_repeat_rows(header_row, header_row)?;

    for values in rows {
        row += 1;
        for (col, value) in (0u16..).zip(values.iter().take(columns.len())) {
            match value {
                XlsxCell::Text(text) => {
                    sheet.write_string_with_format(row, col, text, &text_format)?;
                }
                XlsxCell::Number { value, decimals } => {
                    let format = number_format
                        .clone()
                        .set_num_format(number_pattern(*decimals));
                    sheet.write_number_with_format(row, col, *value, &format)?;
                }
                XlsxCell::Empty => {
                    sheet.write_blank(row, col, &text_format)?;
                }
            }
        }
    }
    Ok(workbook.save_to_buffer()?)
}

/// "0", "0.0", "0.00", …
fn number_pattern(decimals: usize) -> String {
    let decimals = decimals.min(MAX_DECIMALS);
    if decimals == 0 {
        "0".to_owned()
    } else {
        format!("0.{}", "0".repeat(decimals))
    }
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
                decimals: 2
            }
        );
        assert_eq!(
            XlsxCell::from_formatted("๑๐"),
            XlsxCell::Number {
                value: 10.0,
                decimals: 0
            }
        );
        assert_eq!(XlsxCell::from_formatted("–"), XlsxCell::Empty);
        assert_eq!(
            XlsxCell::from_formatted("OIT"),
            XlsxCell::Text("OIT".to_owned())
        );
    }
}
