//! The report of a round (รายงานการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส
//! ภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. … รอบ ๖ เดือน (…)): the plan's weaknesses
//! grouped by instrument (๑. ด้าน IIT, …), each with its measures, owners, how it
//! is monitored and what has been done so far.
//!
//! One contract serves both rounds: the caller passes the round heading ("รอบ ๖
//! เดือน (เดือนตุลาคม ๒๕๖๕ - มีนาคม ๒๕๖๖)" or the twelve-month one). Five columns
//! fit a portrait page with the official margins, as in the agencies' own reports.
//! What was done is the round's results, each followed by its own evidence links
//! when the document asks for links, then the measure's targets with what was
//! achieved, all in the last column.

use serde::Serialize;

use super::links::Hyperlinks;
use super::{
    ReportResult, ReportTarget, TARGETS_COLUMN, cell_lines, result_cell_lines, result_cell_text,
    targets_cell,
};
use crate::document::OfficialDocument;
use crate::docx::{CellAlign, Column, DocxBuilder};
use crate::error::DocsError;
use crate::renderer::Template;
use crate::renderer::TypstInput;
use crate::xlsx::{XlsxCell, XlsxColumn, table_xlsx};

/// Everything the report of a round shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HalfYearReportDocument {
    /// e.g. "เทศบาลตำบลปรุใหญ่".
    pub agency_name: String,
    /// The line under the name, e.g. "อำเภอเมืองนครราชสีมา จังหวัดนครราชสีมา".
    pub location: String,
    /// Buddhist-era fiscal year, formatted ("๒๕๖๖").
    pub fiscal_year: String,
    /// The round and its months, e.g. "รอบ ๖ เดือน (เดือนตุลาคม ๒๕๖๕ - มีนาคม ๒๕๖๖)".
    pub round_heading: String,
    /// The plan the report follows, e.g. "มาตรการส่งเสริมคุณธรรมและความโปร่งใส
    /// ของเทศบาลตำบลปรุใหญ่ ประจำปีงบประมาณ พ.ศ. ๒๕๖๖".
    pub plan_title: String,
    /// The paragraph before the tables.
    pub intro: String,
    /// The groups in plan order.
    pub groups: Vec<HalfYearReportGroup>,
    /// Whether each result's evidence links are printed under it.
    pub with_links: bool,
    /// Whether page numbers use Thai digits (data arrives converted).
    pub thai_digits: bool,
}

/// One group of weaknesses, e.g. "๑. ด้าน IIT".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HalfYearReportGroup {
    /// The group's number, formatted ("๑").
    pub number: String,
    /// e.g. "ด้าน IIT".
    pub title: String,
    /// The rows in plan order.
    pub rows: Vec<HalfYearReportRow>,
}

/// One weakness and what is done about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HalfYearReportRow {
    /// ประเด็นที่เป็นข้อบกพร่อง/จุดอ่อน.
    pub weakness: String,
    /// ขั้นตอนหรือวิธีการ/มาตรการ, one paragraph each, marked by the caller.
    pub measures: Vec<String>,
    /// ผู้รับผิดชอบ, one line each.
    pub owners: Vec<String>,
    /// การรายงานผลและการกำกับติดตามกำหนดเวลาแล้วเสร็จ, one paragraph each.
    pub monitoring: Vec<String>,
    /// การดำเนินการ: what was done in the round, each result with its evidence.
    pub results: Vec<ReportResult>,
    /// The measure's targets with what was achieved, printed after the results.
    pub targets: Vec<ReportTarget>,
}

const TITLE: &str = "รายงานการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน";
const NO_GROUPS: &str = "ยังไม่มีมาตรการในปีงบประมาณนี้";
const NO_ROWS: &str = "ยังไม่มีมาตรการในด้านนี้";

/// The five column titles, shared by the three formats.
const HEADERS: [&str; 5] = [
    "ประเด็นที่เป็นข้อบกพร่อง/จุดอ่อน",
    "ขั้นตอนหรือวิธีการ/มาตรการ",
    "ผู้รับผิดชอบ",
    "การรายงานผลและการกำกับติดตามกำหนดเวลาแล้วเสร็จ",
    "การดำเนินการ",
];

impl HalfYearReportDocument {
    fn year_line(&self) -> String {
        format!(
            "ประจำปีงบประมาณ พ.ศ. {} {}",
            self.fiscal_year, self.round_heading
        )
    }
}

impl HalfYearReportGroup {
    fn heading(&self) -> String {
        format!("{}. {}", self.number, self.title)
    }
}

/// The report of a round as a Word document with the same content as the PDF,
/// the evidence links (when asked for) as hyperlinks under their results.
fn half_year_report_docx(document: &HalfYearReportDocument) -> Result<Vec<u8>, DocsError> {
    let columns: Vec<Column<'_>> = HEADERS
        .iter()
        .zip([2.6, 3.8, 2.0, 3.8, 3.2])
        .map(|(title, weight)| Column {
            title,
            weight,
            align: CellAlign::Start,
        })
        .collect();
    let mut builder = DocxBuilder::new(document.thai_digits)
        .title_line(TITLE)
        .title_line(&document.year_line())
        .title_line(&document.agency_name)
        .title_line(&document.location)
        .heading(&document.plan_title)
        .paragraph(&document.intro);
    if document.groups.is_empty() {
        builder = builder.paragraph(NO_GROUPS);
    }
    let mut links = Hyperlinks::default();
    for group in &document.groups {
        let rows: Vec<Vec<String>> = group
            .rows
            .iter()
            .map(|row| {
                vec![
                    row.weakness.clone(),
                    cell_lines(&row.measures),
                    cell_lines(&row.owners),
                    cell_lines(&row.monitoring),
                    links.cell(result_cell_lines(
                        &row.results,
                        &row.targets,
                        document.with_links,
                    )),
                ]
            })
            .collect();
        builder = builder
            .heading(&group.heading())
            .table(&columns, &rows, NO_ROWS);
    }
    links.apply(builder.build()?)
}

/// The rows of every group as one Excel sheet, with a column for the group and
/// one for the targets with what was achieved.
fn half_year_report_xlsx(document: &HalfYearReportDocument) -> Result<Vec<u8>, DocsError> {
    let columns: Vec<XlsxColumn<'_>> = std::iter::once("ด้าน")
        .chain(HEADERS)
        .chain(std::iter::once(TARGETS_COLUMN))
        .zip([14.0, 35.0, 50.0, 20.0, 50.0, 50.0, 35.0])
        .map(|(title, width)| XlsxColumn { title, width })
        .collect();
    let rows: Vec<Vec<XlsxCell>> = document
        .groups
        .iter()
        .flat_map(|group| group.rows.iter().map(move |row| (group, row)))
        .map(|(group, row)| {
            vec![
                XlsxCell::Text(group.heading()),
                XlsxCell::Text(row.weakness.clone()),
                XlsxCell::Text(cell_lines(&row.measures)),
                XlsxCell::Text(cell_lines(&row.owners)),
                XlsxCell::Text(cell_lines(&row.monitoring)),
                XlsxCell::Text(result_cell_text(result_cell_lines(
                    &row.results,
                    &[],
                    document.with_links,
                ))),
                XlsxCell::Text(targets_cell(&row.targets)),
            ]
        })
        .collect();
    let title = format!("{TITLE} {} {}", document.year_line(), document.agency_name);
    table_xlsx("รายงานตามมาตรการ", Some(&title), &columns, &rows)
}

impl OfficialDocument for HalfYearReportDocument {
    fn typst_input(&self) -> Result<TypstInput<'_>, DocsError> {
        TypstInput::new(Template::HalfYearReport, self)
    }

    fn docx(&self) -> Result<Vec<u8>, DocsError> {
        half_year_report_docx(self)
    }

    fn xlsx(&self) -> Result<Vec<u8>, DocsError> {
        half_year_report_xlsx(self)
    }
}
