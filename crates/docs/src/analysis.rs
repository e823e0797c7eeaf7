//! The ITA analysis (การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน
//! ของหน่วยงานภาครัฐ), the first part of an agency's measures document.
//!
//! [`AnalysisDocument`] is the contract between the analysis in `prongsai-core`
//! and the three output formats: every number is text the caller has already
//! formatted (two decimals, signed changes, Thai or Arabic digits through
//! `prongsai_core::thai::digits::digits_for`), so the PDF template, the DOCX and
//! the XLSX show exactly the same figures. Layout follows the agencies' own
//! documents: the total and rating, the indicators ranked from highest to lowest,
//! the instruments, the weaknesses to fix first, then the written analysis.

use serde::Serialize;

use crate::document::OfficialDocument;
use crate::docx::{CellAlign, Column, DocxBuilder};
use crate::error::DocsError;
use crate::renderer::Template;
use crate::renderer::TypstInput;
use crate::xlsx::{XlsxCell, XlsxColumn, table_xlsx};

/// Everything the analysis document shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnalysisDocument {
    /// e.g. "องค์การบริหารส่วนตำบลหนองปรุง".
    pub agency_name: String,
    /// Buddhist-era fiscal year, formatted ("๒๕๖๕" or "2565").
    pub fiscal_year: String,
    /// Where the scores come from, e.g. "ผลการประเมินของสำนักงาน ป.ป.ช.".
    pub source_label: String,
    /// The ITA total, formatted ("๖๐.๖๑").
    pub total: String,
    /// The rating label ("D").
    pub rating: String,
    /// The previous year's result, when there is one.
    pub previous: Option<PreviousResult>,
    /// The instruments (IIT, EIT, OIT) in framework order.
    pub instruments: Vec<InstrumentRow>,
    /// The indicators, highest score first.
    pub indicators: Vec<IndicatorRow>,
    /// The weaknesses to fix first, as sentences.
    pub weaknesses: Vec<String>,
    /// The written analysis, one paragraph per entry.
    pub analysis_text: Vec<String>,
    /// Printed in a box above the title when set, e.g. that this year's framework
    /// is still a draft to check against the NACC manual.
    pub draft_warning: Option<String>,
    /// Whether page and list numbers use Thai digits (data arrives converted).
    pub thai_digits: bool,
    /// The date the document was made, formatted ("๒๒ พฤศจิกายน ๒๕๖๘").
    pub generated_on: String,
}

/// The previous year's total for comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PreviousResult {
    /// Buddhist-era fiscal year, formatted.
    pub year: String,
    /// The previous total, formatted.
    pub total: String,
    /// This year's total minus the previous one, formatted with its sign.
    pub change: String,
}

/// One instrument's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InstrumentRow {
    /// "IIT", "EIT" or "OIT".
    pub code: String,
    /// e.g. "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน".
    pub name_th: String,
    /// The score as a percentage of the instrument's maximum, formatted.
    pub percent: String,
    /// The points it adds to the total, formatted.
    pub points: String,
}

/// One indicator in the ranking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorRow {
    /// Place in the ranking, formatted (equal scores share a rank).
    pub rank: String,
    /// The indicator's number in the framework, formatted.
    pub number: String,
    /// e.g. "การเปิดเผยข้อมูล".
    pub name_th: String,
    /// The instrument code it belongs to.
    pub instrument: String,
    /// The score, formatted.
    pub score: String,
    /// Last year's score, formatted, when there is one.
    pub previous_score: Option<String>,
    /// Score minus last year's, formatted with its sign, when there is one.
    pub change: Option<String>,
    /// Whether the agency's rule marks it as a weakness.
    pub is_weakness: bool,
    /// Why, e.g. "ต่ำกว่าเกณฑ์ ๘๕ คะแนน".
    pub weakness_reason: Option<String>,
}

const TITLE: &str = "การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA)";
const DRAFT_LABEL: &str = "ฉบับร่าง:";
const RANKED_HEADING: &str = "คะแนนรายตัวชี้วัด เรียงจากคะแนนสูงสุดไปต่ำสุด";
const INSTRUMENTS_HEADING: &str = "คะแนนรายแบบวัด";
const WEAKNESSES_HEADING: &str = "จุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน";
const ANALYSIS_HEADING: &str = "ผลการวิเคราะห์";
const NO_WEAKNESS: &str = "ไม่พบตัวชี้วัดที่เป็นจุดอ่อนตามเกณฑ์ที่หน่วยงานกำหนด";
const NO_INDICATORS: &str = "ยังไม่มีคะแนนรายตัวชี้วัด";
const NO_INSTRUMENTS: &str = "ยังไม่มีคะแนนรายแบบวัด";
const WEAKNESS_MARK: &str = "จุดอ่อน";
const DASH: &str = "–";

impl AnalysisDocument {
    /// The opening paragraph: total, rating, the comparison and the source. The
    /// PDF template writes the same sentence.
    fn summary(&self) -> String {
        let mut text = format!(
            "จากผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) \
             ประจำปีงบประมาณ พ.ศ. {} ของ{} พบว่า มีผลคะแนน {} คะแนน อยู่ในระดับ {}",
            self.fiscal_year, self.agency_name, self.total, self.rating
        );
        if let Some(previous) = &self.previous {
            text.push_str(&format!(
                " เมื่อเทียบกับปีงบประมาณ พ.ศ. {} ซึ่งได้ {} คะแนน ผลคะแนนเปลี่ยนแปลง {} คะแนน",
                previous.year, previous.total, previous.change
            ));
        }
        text.push_str(&format!(" (ที่มา: {})", self.source_label));
        text
    }

    fn section_title(&self, number: u32, title: &str) -> String {
        prongsai_core::thai::digits::digits_for(&format!("{number}. {title}"), self.thai_digits)
    }
}

/// The analysis as a Word document with the same content as the PDF.
fn analysis_docx(document: &AnalysisDocument) -> Result<Vec<u8>, DocsError> {
    analysis_docx_blocks(DocxBuilder::new(document.thai_digits), document)
        .end_aligned(&format!("จัดทำเมื่อ {}", document.generated_on))
        .build()
}

/// The analysis as DOCX blocks appended to `builder`: the analysis document
/// itself, and the first part of the measures document.
pub(crate) fn analysis_docx_blocks(
    mut builder: DocxBuilder,
    document: &AnalysisDocument,
) -> DocxBuilder {
    if let Some(warning) = &document.draft_warning {
        builder = builder.notice(DRAFT_LABEL, warning);
    }
    let indicator_columns = [
        Column {
            title: "ลำดับ",
            weight: 1.3,
            align: CellAlign::Center,
        },
        Column {
            title: "ตัวชี้วัด",
            weight: 7.0,
            align: CellAlign::Start,
        },
        Column {
            title: "แบบวัด",
            weight: 1.6,
            align: CellAlign::Center,
        },
        Column {
            title: "คะแนน",
            weight: 1.8,
            align: CellAlign::End,
        },
        Column {
            title: "เปลี่ยนแปลง",
            weight: 2.4,
            align: CellAlign::End,
        },
    ];
    let indicator_rows: Vec<Vec<String>> = document
        .indicators
        .iter()
        .map(|indicator| {
            let mut name = format!("{}. {}", indicator.number, indicator.name_th);
            if indicator.is_weakness {
                name.push('\n');
                name.push_str(WEAKNESS_MARK);
                if let Some(reason) = &indicator.weakness_reason {
                    name.push_str(&format!(": {reason}"));
                }
            }
            let mut change = indicator.change.clone().unwrap_or_else(|| DASH.to_owned());
            if let Some(previous) = &indicator.previous_score {
                change.push_str(&format!("\n(ปีก่อน {previous})"));
            }
            vec![
                indicator.rank.clone(),
                name,
                indicator.instrument.clone(),
                indicator.score.clone(),
                change,
            ]
        })
        .collect();
    let instrument_columns = [
        Column {
            title: "แบบวัด",
            weight: 1.6,
            align: CellAlign::Center,
        },
        Column {
            title: "ชื่อแบบวัด",
            weight: 8.0,
            align: CellAlign::Start,
        },
        Column {
            title: "ร้อยละ",
            weight: 1.8,
            align: CellAlign::End,
        },
        Column {
            title: "คะแนนที่ได้",
            weight: 2.2,
            align: CellAlign::End,
        },
    ];
    let instrument_rows: Vec<Vec<String>> = document
        .instruments
        .iter()
        .map(|m| {
            vec![
                m.code.clone(),
                m.name_th.clone(),
                m.percent.clone(),
                m.points.clone(),
            ]
        })
        .collect();

    builder = builder
        .title_line(TITLE)
        .title_line(&format!("ประจำปีงบประมาณ พ.ศ. {}", document.fiscal_year))
        .title_line(&document.agency_name)
        .paragraph(&document.summary())
        .heading(&document.section_title(1, RANKED_HEADING))
        .table(&indicator_columns, &indicator_rows, NO_INDICATORS)
        .heading(&document.section_title(2, INSTRUMENTS_HEADING))
        .table(&instrument_columns, &instrument_rows, NO_INSTRUMENTS)
        .heading(&document.section_title(3, WEAKNESSES_HEADING));
    builder = if document.weaknesses.is_empty() {
        builder.paragraph(NO_WEAKNESS)
    } else {
        builder.numbered_list(&document.weaknesses)
    };
    builder = builder.heading(&document.section_title(4, ANALYSIS_HEADING));
    for paragraph in &document.analysis_text {
        builder = builder.paragraph(paragraph);
    }
    builder
}

/// The ranked indicator table as an Excel workbook, scores as numbers.
fn analysis_xlsx(document: &AnalysisDocument) -> Result<Vec<u8>, DocsError> {
    let columns = [
        XlsxColumn {
            title: "ลำดับ",
            width: 8.0,
        },
        XlsxColumn {
            title: "ข้อ",
            width: 6.0,
        },
        XlsxColumn {
            title: "ตัวชี้วัด",
            width: 45.0,
        },
        XlsxColumn {
            title: "แบบวัด",
            width: 9.0,
        },
        XlsxColumn {
            title: "คะแนน",
            width: 10.0,
        },
        XlsxColumn {
            title: "คะแนนปีก่อน",
            width: 13.0,
        },
        XlsxColumn {
            title: "เปลี่ยนแปลง",
            width: 12.0,
        },
        XlsxColumn {
            title: "จุดอ่อน",
            width: 40.0,
        },
    ];
    let rows: Vec<Vec<XlsxCell>> = document
        .indicators
        .iter()
        .map(|indicator| {
            let weakness = match (&indicator.weakness_reason, indicator.is_weakness) {
                (Some(reason), true) => XlsxCell::Text(reason.clone()),
                (None, true) => XlsxCell::Text(WEAKNESS_MARK.to_owned()),
                (_, false) => XlsxCell::Empty,
            };
            vec![
                XlsxCell::from_formatted(&indicator.rank),
                XlsxCell::from_formatted(&indicator.number),
                XlsxCell::Text(indicator.name_th.clone()),
                XlsxCell::Text(indicator.instrument.clone()),
                XlsxCell::from_formatted(&indicator.score),
                indicator
                    .previous_score
                    .as_deref()
                    .map_or(XlsxCell::Empty, XlsxCell::from_formatted),
                indicator
                    .change
                    .as_deref()
                    .map_or(XlsxCell::Empty, XlsxCell::from_formatted),
                weakness,
            ]
        })
        .collect();
    let title = format!(
        "คะแนนรายตัวชี้วัด ITA ปีงบประมาณ พ.ศ. {} {}",
        document.fiscal_year, document.agency_name
    );
    table_xlsx("ตัวชี้วัด", Some(&title), &columns, &rows)
}

impl OfficialDocument for AnalysisDocument {
    fn typst_input(&self) -> Result<TypstInput<'_>, DocsError> {
        TypstInput::new(Template::Analysis, self)
    }

    fn docx(&self) -> Result<Vec<u8>, DocsError> {
        analysis_docx(self)
    }

    fn xlsx(&self) -> Result<Vec<u8>, DocsError> {
        analysis_xlsx(self)
    }
}
