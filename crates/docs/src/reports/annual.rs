//! The annual report (รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใส
//! ภายในหน่วยงาน ประจำปีงบประมาณ …): per topic (ประเด็นที่ ๑ …) a seven-column table
//! of what each measure planned, who did it, what was done and what came of it.
//! What was done is the round's results, each a paragraph followed by its own
//! evidence links (when the document asks for links), then the measure's
//! targets with what was achieved. Steps are optional in a plan: when no
//! measure has any, the steps column is left out, as the measures document
//! leaves out its empty columns.
//!
//! The PDF sets the whole report on landscape A4 pages (official margins, 24.7 cm
//! of text width instead of 16 cm). Seven columns on a portrait page get about
//! 2.3 cm each, some fifteen Thai characters a line: the long column titles break
//! into four or five lines and the seed's rows, already about two landscape pages
//! each, would grow far taller. The report is almost all table, so landscape from
//! the first page keeps the title and preamble on the same page as the first table
//! instead of alone on a portrait page. Every cell wraps (Thai by word, URLs at
//! their punctuation, Latin words too long for a column anywhere) and rows may
//! break across pages, so no text is clipped or runs out of its cell.
//! The DOCX is landscape too, with the same columns, and its evidence links are
//! hyperlinks (`super::links`).

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

/// Everything the annual report shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnnualReportDocument {
    /// e.g. "องค์การบริหารส่วนตำบลดินแดง".
    pub agency_name: String,
    /// Printed after the name, e.g. "อำเภอลำทับ จังหวัดกระบี่".
    pub location: String,
    /// Buddhist-era fiscal year, formatted ("๒๕๖๘").
    pub fiscal_year: String,
    /// The paragraph before the tables (the ITA result and what follows).
    pub preamble: String,
    /// The topics in plan order.
    pub topics: Vec<AnnualReportTopic>,
    /// Whether each result's evidence links are printed under it.
    pub with_links: bool,
    /// Whether page numbers use Thai digits (data arrives converted).
    pub thai_digits: bool,
}

/// One topic (ประเด็น) and its measures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnnualReportTopic {
    /// The topic's number, formatted ("๑").
    pub number: String,
    /// e.g. "กระบวนการปฏิบัติงานที่โปร่งใสและมีประสิทธิภาพ".
    pub title: String,
    /// The measures in plan order.
    pub rows: Vec<AnnualReportRow>,
}

/// One measure's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnnualReportRow {
    /// ลำดับ, formatted.
    pub number: String,
    /// มาตรการ/กิจกรรม.
    pub measure: String,
    /// ขั้นตอนหรือวิธีการปฏิบัติ, one paragraph each, numbered by the caller.
    pub steps: Vec<String>,
    /// ระยะเวลาในการดำเนินการ, e.g. "ไตรมาสที่ ๑ - ๒".
    pub timeframe: String,
    /// ผู้รับผิดชอบ, one line each.
    pub owners: Vec<String>,
    /// สรุปผลการดำเนินการตามมาตรการหรือกิจกรรม: the results, each with its
    /// evidence.
    pub results: Vec<ReportResult>,
    /// The measure's targets with what was achieved, printed in the same
    /// column after the results.
    pub targets: Vec<ReportTarget>,
    /// ผลลัพธ์หรือความสำเร็จในการดำเนินการ, one paragraph each.
    pub outcome: Vec<String>,
}

const TITLE: &str = "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน";
const NO_TOPICS: &str = "ยังไม่มีประเด็นและมาตรการในปีงบประมาณนี้";
const NO_ROWS: &str = "ยังไม่มีมาตรการในประเด็นนี้";

/// The seven column titles, shared by the three formats.
const HEADERS: [&str; 7] = [
    "ลำดับ",
    "มาตรการ/กิจกรรม",
    "ขั้นตอนหรือวิธีการปฏิบัติ",
    "ระยะเวลาในการดำเนินการ",
    "ผู้รับผิดชอบ",
    "สรุปผลการดำเนินการตามมาตรการหรือกิจกรรม",
    "ผลลัพธ์หรือความสำเร็จในการดำเนินการ",
];

impl AnnualReportDocument {
    fn title(&self) -> String {
        format!("{TITLE} ประจำปีงบประมาณ {}", self.fiscal_year)
    }

    fn agency_line(&self) -> String {
        if self.location.is_empty() {
            self.agency_name.clone()
        } else {
            format!("{} {}", self.agency_name, self.location)
        }
    }
}

impl AnnualReportTopic {
    fn heading(&self) -> String {
        format!("ประเด็นที่ {} {}", self.number, self.title)
    }
}

impl AnnualReportDocument {
    /// Whether any measure has steps: the steps column prints only then.
    fn with_steps(&self) -> bool {
        self.topics
            .iter()
            .flat_map(|t| &t.rows)
            .any(|r| !r.steps.is_empty())
    }
}

/// The index of the steps column in [`HEADERS`].
const STEPS: usize = 2;

/// The annual report as a Word document with the same content as the PDF, the
/// evidence links (when asked for) as hyperlinks under their results.
fn annual_report_docx(document: &AnnualReportDocument) -> Result<Vec<u8>, DocsError> {
    let weights = [0.9, 2.4, 3.6, 1.7, 1.9, 3.0, 3.0];
    let aligns = [
        CellAlign::Center,
        CellAlign::Start,
        CellAlign::Start,
        CellAlign::Center,
        CellAlign::Start,
        CellAlign::Start,
        CellAlign::Start,
    ];
    let shown = |index: usize| index != STEPS || document.with_steps();
    let columns: Vec<Column<'_>> = HEADERS
        .iter()
        .zip(weights)
        .zip(aligns)
        .enumerate()
        .filter(|(index, _)| shown(*index))
        .map(|(_, ((title, weight), align))| Column {
            title,
            weight,
            align,
        })
        .collect();

    let mut links = Hyperlinks::default();
    let mut builder = DocxBuilder::landscape(document.thai_digits)
        .title_line(&document.title())
        .title_line(&document.agency_line())
        .paragraph(&document.preamble);
    if document.topics.is_empty() {
        builder = builder.paragraph(NO_TOPICS);
    }
    for topic in &document.topics {
        let rows: Vec<Vec<String>> = topic
            .rows
            .iter()
            .map(|row| {
                let results = links.cell(result_cell_lines(
                    &row.results,
                    &row.targets,
                    document.with_links,
                ));
                [
                    row.number.clone(),
                    row.measure.clone(),
                    cell_lines(&row.steps),
                    row.timeframe.clone(),
                    cell_lines(&row.owners),
                    results,
                    cell_lines(&row.outcome),
                ]
                .into_iter()
                .enumerate()
                .filter(|(index, _)| shown(*index))
                .map(|(_, cell)| cell)
                .collect()
            })
            .collect();
        builder = builder
            .heading(&topic.heading())
            .table(&columns, &rows, NO_ROWS);
    }
    links.apply(builder.build()?)
}

/// The rows of every topic as one Excel sheet, with a column for the topic and
/// one for the targets with what was achieved; the results carry their
/// evidence links under them when links are asked for.
fn annual_report_xlsx(document: &AnnualReportDocument) -> Result<Vec<u8>, DocsError> {
    let widths = [30.0, 8.0, 35.0, 50.0, 18.0, 22.0, 50.0, 45.0, 35.0];
    let columns: Vec<XlsxColumn<'_>> = std::iter::once("ประเด็น")
        .chain(HEADERS)
        .chain(std::iter::once(TARGETS_COLUMN))
        .zip(widths)
        .map(|(title, width)| XlsxColumn { title, width })
        .collect();
    let rows: Vec<Vec<XlsxCell>> = document
        .topics
        .iter()
        .flat_map(|topic| topic.rows.iter().map(move |row| (topic, row)))
        .map(|(topic, row)| {
            let results =
                result_cell_text(result_cell_lines(&row.results, &[], document.with_links));
            vec![
                XlsxCell::Text(topic.heading()),
                XlsxCell::from_formatted(&row.number),
                XlsxCell::Text(row.measure.clone()),
                XlsxCell::Text(cell_lines(&row.steps)),
                XlsxCell::Text(row.timeframe.clone()),
                XlsxCell::Text(cell_lines(&row.owners)),
                XlsxCell::Text(results),
                XlsxCell::Text(cell_lines(&row.outcome)),
                XlsxCell::Text(targets_cell(&row.targets)),
            ]
        })
        .collect();
    let title = format!("{} {}", document.title(), document.agency_name);
    table_xlsx("รายงานผลประจำปี", Some(&title), &columns, &rows)
}

impl OfficialDocument for AnnualReportDocument {
    fn typst_input(&self) -> Result<TypstInput<'_>, DocsError> {
        TypstInput::new(Template::AnnualReport, self)
    }

    fn docx(&self) -> Result<Vec<u8>, DocsError> {
        annual_report_docx(self)
    }

    fn xlsx(&self) -> Result<Vec<u8>, DocsError> {
        annual_report_xlsx(self)
    }
}
