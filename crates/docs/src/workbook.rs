//! Workbooks of one or more sheets, with addresses that open when clicked.
//!
//! Every XLSX the product writes comes from here ([`crate::table_xlsx`] is the
//! one-sheet case): Sarabun, a bold frozen header repeated on every printed
//! page, set widths, wrapped text, numbers stored as numbers (amounts with
//! thousands separators), web addresses as hyperlinks (the OIT reader checks a
//! link by clicking it), and pages set up to print: one page wide, landscape
//! when the columns are wider than a portrait A4 page holds.

use rust_xlsxwriter::{
    Format, FormatAlign, FormatBorder, FormatUnderline, Formula, Url, Workbook, Worksheet,
    utility::{cell_range, row_col_to_cell},
};

use crate::error::DocsError;
use crate::fonts::{BODY_SIZE_PT, FONT_FAMILY};
use crate::xlsx::{XlsxCell, XlsxColumn};

/// Header background, as in the PDF and DOCX tables.
const HEADER_FILL: u32 = 0x00EB_EBEB;
/// Excel refuses longer hyperlinks; such an address is written as text.
const MAX_URL_CHARS: usize = 2_079;
/// Excel keeps at most this many characters (UTF-16 units) in a cell; a longer text is cut
/// with a visible note ([`cell_text`]) rather than failing the whole workbook.
const MAX_CELL_CHARS: usize = 32_767;
/// Blue of a hyperlink, so that the reader sees it can be clicked.
const LINK_COLOUR: u32 = 0x0000_00FF;
/// Column widths (Excel character units) a portrait A4 page prints at a
/// readable size; wider sheets print landscape.
const PORTRAIT_WIDTH: f64 = 90.0;
/// Excel's paper size code for A4.
const A4: u8 = 9;

/// One sheet of a workbook.
pub(crate) struct Sheet<'a> {
    /// Excel's rules: at most 31 characters, none of `[]:*?/\`.
    pub name: &'a str,
    /// The first row above the header, when given.
    pub title: Option<&'a str>,
    pub columns: &'a [XlsxColumn<'a>],
    pub rows: &'a [Vec<XlsxCell>],
    /// Columns whose text cells holding a web address become hyperlinks.
    pub link_columns: &'a [usize],
}

/// Writes the sheets, in order, into one workbook.
pub(crate) fn workbook_xlsx(sheets: &[Sheet<'_>]) -> Result<Vec<u8>, DocsError> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    for spec in sheets {
        write_sheet(workbook.add_worksheet(), spec, &formats)?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// The cell formats every sheet shares.
struct Formats {
    title: Format,
    header: Format,
    text: Format,
    link: Format,
    number: Format,
}

impl Formats {
    fn new() -> Self {
        let base = Format::new()
            .set_font_name(FONT_FAMILY)
            .set_font_size(BODY_SIZE_PT);
        let text = base
            .clone()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin);
        Self {
            title: base.clone().set_bold(),
            header: base
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(HEADER_FILL)
                .set_border(FormatBorder::Thin),
            link: text
                .clone()
                .set_font_color(LINK_COLOUR)
                .set_underline(FormatUnderline::Single),
            text,
            number: base
                .set_align(FormatAlign::Top)
                .set_border(FormatBorder::Thin),
        }
    }
}

/// One sheet: title, frozen header repeated on printed pages, print setup, rows.
fn write_sheet(
    sheet: &mut Worksheet,
    spec: &Sheet<'_>,
    formats: &Formats,
) -> Result<(), DocsError> {
    sheet.set_name(spec.name)?;
    let mut row: u32 = 0;
    if let Some(title) = spec.title {
        sheet.write_string_with_format(row, 0, cell_text(title).as_ref(), &formats.title)?;
        row += 1;
    }
    let header_row = row;
    for (col, column) in (0u16..).zip(spec.columns) {
        sheet.set_column_width(col, column.width)?;
        sheet.write_string_with_format(row, col, column.title, &formats.header)?;
    }
    sheet.set_freeze_panes(header_row + 1, 0)?;
    sheet.set_repeat_rows(header_row, header_row)?;
    sheet.set_paper_size(A4);
    sheet.set_print_fit_to_pages(1, 0);
    if spec.columns.iter().map(|c| c.width).sum::<f64>() > PORTRAIT_WIDTH {
        sheet.set_landscape();
    }
    let first_row = row + 1;
    for values in spec.rows {
        row += 1;
        for (index, (col, value)) in (0u16..)
            .zip(values.iter().take(spec.columns.len()))
            .enumerate()
        {
            let is_link = spec.link_columns.contains(&index);
            write_cell(sheet, (row, col), first_row, value, is_link, formats)?;
        }
    }
    Ok(())
}

/// Writes one cell; `first_row` is the sheet row of `rows[0]`, which the
/// cells of a [`XlsxCell::Sum`] count from.
fn write_cell(
    sheet: &mut Worksheet,
    (row, col): (u32, u16),
    first_row: u32,
    value: &XlsxCell,
    is_link: bool,
    formats: &Formats,
) -> Result<(), DocsError> {
    match value {
        XlsxCell::Text(text) if is_link && is_web_address(text) => {
            let url = Url::new(text.as_str()).set_text(text.as_str());
            sheet.write_url_with_format(row, col, url, &formats.link)?;
        }
        XlsxCell::Text(text) => {
            sheet.write_string_with_format(row, col, cell_text(text).as_ref(), &formats.text)?;
        }
        XlsxCell::Number {
            value,
            decimals,
            grouped,
        } => {
            let format = formats
                .number
                .clone()
                .set_num_format(number_pattern(*decimals, *grouped));
            sheet.write_number_with_format(row, col, *value, &format)?;
        }
        XlsxCell::Sum {
            value,
            decimals,
            grouped,
            cells,
        } => {
            // Zero prints as the PDF's "-".
            let pattern = number_pattern(*decimals, *grouped);
            let format = formats
                .number
                .clone()
                .set_num_format(format!("{pattern};-{pattern};\"-\""));
            let formula = Formula::new(format!("=SUM({})", sum_ranges(first_row, cells)))
                .set_result(value.to_string());
            sheet.write_formula_with_format(row, col, formula, &format)?;
        }
        XlsxCell::Empty => {
            sheet.write_blank(row, col, &formats.text)?;
        }
    }
    Ok(())
}

/// The references of `cells` (counted from `first_row`) for SUM: runs of
/// neighbouring cells in one column or one row become ranges ("F3:F7"),
/// separated by commas.
fn sum_ranges(first_row: u32, cells: &[(usize, usize)]) -> String {
    let mut sorted: Vec<(u32, u16)> = cells
        .iter()
        .filter_map(|&(row, col)| {
            Some((
                first_row + u32::try_from(row).ok()?,
                u16::try_from(col).ok()?,
            ))
        })
        .collect();
    sorted.sort_unstable();
    sorted.dedup();
    let mut runs: Vec<((u32, u16), (u32, u16))> = Vec::new();
    for cell in sorted {
        match runs.last_mut() {
            Some((start, end))
                if (start.1 == cell.1 && end.1 == cell.1 && end.0 + 1 == cell.0)
                    || (start.0 == cell.0 && end.0 == cell.0 && end.1 + 1 == cell.1) =>
            {
                *end = cell;
            }
            _ => runs.push((cell, cell)),
        }
    }
    runs.iter()
        .map(|(start, end)| {
            if start == end {
                row_col_to_cell(start.0, start.1)
            } else {
                cell_range(start.0, start.1, end.0, end.1)
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// An address Excel will open: http or https, and short enough to be a link.
fn is_web_address(text: &str) -> bool {
    (text.starts_with("http://") || text.starts_with("https://"))
        && text.chars().count() <= MAX_URL_CHARS
        && !text.chars().any(char::is_whitespace)
}

/// "0", "0.00", "#,##0.00", … (at most four decimals).
fn number_pattern(decimals: usize, grouped: bool) -> String {
    let whole = if grouped { "#,##0" } else { "0" };
    match decimals.min(4) {
        0 => whole.to_owned(),
        n => format!("{whole}.{}", "0".repeat(n)),
    }
}

/// `text` as a cell can hold it: whole when it fits, else its start and a Thai
/// note saying it was cut and where the whole text is (a workbook that failed
/// on one long field would fail every download and publication of its year).
fn cell_text(text: &str) -> std::borrow::Cow<'_, str> {
    let length = text.encode_utf16().count();
    if length <= MAX_CELL_CHARS {
        return std::borrow::Cow::Borrowed(text);
    }
    let note = format!(
        " … (ข้อความยาว {length} ตัวอักษร เกินที่ Excel เก็บได้ในหนึ่งช่อง จึงตัดไว้เท่านี้ \
         ข้อความเต็มอยู่ในฉบับ PDF และในระบบ)"
    );
    let mut room = MAX_CELL_CHARS - note.encode_utf16().count();
    let mut kept = String::with_capacity(text.len());
    for c in text.chars() {
        let Some(left) = room.checked_sub(c.len_utf16()) else {
            break;
        };
        room = left;
        kept.push(c);
    }
    std::borrow::Cow::Owned(kept + &note)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_too_long_for_a_cell_is_cut_with_a_note() {
        let long = "ก".repeat(40_000);
        let cut = cell_text(&long);
        assert_eq!(cut.encode_utf16().count(), MAX_CELL_CHARS);
        let emoji = "😀".repeat(20_000);
        assert!(cell_text(&emoji).encode_utf16().count() <= MAX_CELL_CHARS);
        assert!(cut.contains("ยาว 40000 ตัวอักษร"));
        assert!(cut.starts_with("กกกก"));
        assert!(matches!(cell_text("สั้น"), std::borrow::Cow::Borrowed("สั้น")));
        let sheet = Sheet {
            name: "ทดสอบ",
            title: Some(&long),
            columns: &[XlsxColumn {
                title: "ข้อความ",
                width: 40.0,
            }],
            rows: &[vec![XlsxCell::Text(long.clone())]],
            link_columns: &[],
        };
        assert!(workbook_xlsx(&[sheet]).is_ok(), "the workbook is written");
    }

    #[test]
    fn only_short_web_addresses_become_links() {
        assert!(is_web_address("https://dindaeng.go.th/oit/o1"));
        assert!(is_web_address("http://127.0.0.1:8080/a"));
        assert!(!is_web_address("ftp://example.com/file"));
        assert!(!is_web_address("ยังไม่มีลิงก์"));
        assert!(!is_web_address("https://a.example/ b"));
        let long = format!("https://a.example/{}", "x".repeat(MAX_URL_CHARS));
        assert!(!is_web_address(&long));
    }

    #[test]
    fn sums_join_neighbouring_cells_into_ranges() {
        // Rows 0, 1, 2 and 5 of column F below a header in sheet row 2 (0-based).
        assert_eq!(sum_ranges(2, &[(0, 5), (1, 5), (2, 5), (5, 5)]), "F3:F5,F8");
        // One row's year columns.
        assert_eq!(sum_ranges(1, &[(3, 5), (3, 6), (3, 7)]), "F5:H5");
        assert_eq!(sum_ranges(1, &[]), "");
    }

    #[test]
    fn patterns_keep_the_decimals() {
        assert_eq!(number_pattern(0, false), "0");
        assert_eq!(number_pattern(2, false), "0.00");
        assert_eq!(number_pattern(9, false), "0.0000");
        assert_eq!(number_pattern(2, true), "#,##0.00");
        assert_eq!(number_pattern(0, true), "#,##0");
    }
}
