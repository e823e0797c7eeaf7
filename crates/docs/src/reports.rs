//! The reports on an agency's integrity measures: the annual report
//! (รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน) and the
//! report of a round (รายงานการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส
//! ภายในหน่วยงาน รอบ ๖ เดือน or รอบ ๑๒ เดือน).
//!
//! Like the analysis, each has a data contract of already-formatted text: its
//! builder (in `measures_cycle`) numbers the topics, rows and the paragraphs of
//! every list and chooses the digits, so the PDF template, the DOCX and the XLSX print the same words.
//! The two kinds live in their own modules because their tables differ; what
//! they share (a cell made of several paragraphs) is here.

mod annual;
mod half_year;

pub use annual::{AnnualReportDocument, AnnualReportLink, AnnualReportRow, AnnualReportTopic};
pub use half_year::{HalfYearReportDocument, HalfYearReportGroup, HalfYearReportRow};

/// The paragraphs of a table cell as one text, one paragraph per line: the DOCX
/// builder turns the line breaks into breaks inside the cell and a spreadsheet
/// shows them as lines of a wrapped cell.
fn cell_lines(paragraphs: &[String]) -> String {
    paragraphs.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_lines_puts_each_paragraph_on_its_own_line() {
        let paragraphs = vec!["๑. หนึ่ง".to_owned(), "๒. สอง".to_owned()];
        assert_eq!(cell_lines(&paragraphs), "๑. หนึ่ง\n๒. สอง");
        assert_eq!(cell_lines(&[]), "");
    }
}
