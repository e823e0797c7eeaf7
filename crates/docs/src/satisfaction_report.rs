//! รายงานผลการสำรวจความพึงพอใจ: the report of a satisfaction survey, which an
//! OIT item asks the agency to publish, as PDF and DOCX (the agency edits the
//! Word file before signing).
//!
//! It prints how many answered and over which days, per question the number who
//! chose each level 1–5, the mean with its level in words, and the share
//! satisfied (level 4 or 5); then the same overall and the respondents'
//! comments. The figures come from [`satisfaction_summary`], as the survey's
//! page shows them, so the two cannot differ.

use chrono::NaiveDate;
use prongsai_core::surveys::{Survey, SurveyResponse, asked_questions, satisfaction_summary};
use prongsai_core::thai::calendar::format_date_long;
use prongsai_core::thai::digits::digits_for;
use serde::Serialize;

use crate::agency::DocumentAgency;
use crate::document::OfficialDocument;
use crate::docx::{CellAlign, Column, DocxBuilder};
use crate::error::DocsError;
use crate::renderer::Template;
use crate::renderer::TypstInput;

/// The document's title.
pub const SATISFACTION_REPORT_TITLE: &str = "รายงานผลการสำรวจความพึงพอใจ";

/// How the levels and the share satisfied are read, printed under the table.
const SCALE_NOTE: &str = "ระดับความพึงพอใจ 5 = มากที่สุด 4 = มาก 3 = ปานกลาง 2 = น้อย \
     1 = น้อยที่สุด การแปลผลค่าเฉลี่ย 4.21–5.00 มากที่สุด 3.41–4.20 มาก 2.61–3.40 ปานกลาง \
     1.81–2.60 น้อย 1.00–1.80 น้อยที่สุด ร้อยละความพึงพอใจคือร้อยละของคำตอบระดับ 4 และ 5";
const NO_ANSWER: &str = "-";
const NO_COMMENTS: &str = "ไม่มีข้อเสนอแนะ";

/// The report of one satisfaction survey as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SatisfactionReportDocument {
    /// [`SATISFACTION_REPORT_TITLE`].
    pub title: String,
    /// The survey's own title, e.g. "ความพึงพอใจต่อการให้บริการของหน่วยงาน".
    pub survey_title: String,
    pub agency_name: String,
    /// "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘".
    pub fiscal_year: String,
    /// "ข้อมูล ณ วันที่ ๒๒ พฤศจิกายน ๒๕๖๘".
    pub issued_on: String,
    /// "ผู้ตอบแบบสำรวจ ๔๒ คน ระหว่างวันที่ … ถึง …".
    pub respondents: String,
    /// One row per rated question, in the survey's order.
    pub rows: Vec<SatisfactionReportRow>,
    /// Every rated answer together.
    pub overall: SatisfactionReportRow,
    /// [`SCALE_NOTE`] in the agency's digits.
    pub scale_note: String,
    pub comments: Vec<SatisfactionComment>,
    pub thai_digits: bool,
    /// The agency's logo (PNG or JPEG), printed above the title when it has
    /// one; the template reads it as `/logo`, never through the JSON.
    #[serde(skip)]
    pub logo: Option<Vec<u8>>,
}

/// One question's figures, formatted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SatisfactionReportRow {
    /// "๑" for the first question; empty for the overall row.
    pub number: String,
    pub question: String,
    /// How many chose level 5, 4, 3, 2 and 1 (the order printed).
    pub counts: Vec<String>,
    pub answered: String,
    /// "๔.๒๕", or "-" when nobody answered.
    pub mean: String,
    /// The mean in words ("มากที่สุด"), "-" when nobody answered.
    pub level: String,
    /// "๘๕.๐๐", or "-".
    pub satisfied: String,
}

/// One comment with the question it answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SatisfactionComment {
    pub question: String,
    pub text: String,
}

/// Fills the report of `survey` from its responses; `issued_on` is the
/// Thailand date the figures were taken.
#[must_use]
pub fn satisfaction_report_document(
    survey: &Survey,
    responses: &[SurveyResponse],
    agency: &DocumentAgency,
    issued_on: NaiveDate,
) -> SatisfactionReportDocument {
    let thai = agency.thai_digits;
    let d = |text: &str| digits_for(text, thai);
    let questions = asked_questions(survey, None);
    let summary = satisfaction_summary(&questions, responses);
    let first = responses.iter().map(|r| r.submitted_on).min();
    let last = responses.iter().map(|r| r.submitted_on).max();
    let period = match (first, last) {
        (Some(first), Some(last)) if first == last => {
            format!(" วันที่ {}", format_date_long(first, thai))
        }
        (Some(first), Some(last)) => format!(
            " ระหว่างวันที่ {} ถึง {}",
            format_date_long(first, thai),
            format_date_long(last, thai)
        ),
        _ => String::new(),
    };
    let rows = summary
        .rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            figures(
                d(&(index + 1).to_string()),
                row.text_th.clone(),
                row.counts,
                row.answered,
                row.mean,
                row.satisfied_percent,
                thai,
            )
        })
        .collect();
    let mut all_counts = [0u32; 5];
    for row in &summary.rows {
        for (total, count) in all_counts.iter_mut().zip(row.counts) {
            *total += count;
        }
    }
    let overall = figures(
        String::new(),
        "ภาพรวม".to_owned(),
        all_counts,
        all_counts.iter().sum(),
        summary.overall_mean,
        summary.overall_satisfied_percent,
        thai,
    );
    SatisfactionReportDocument {
        title: SATISFACTION_REPORT_TITLE.to_owned(),
        survey_title: survey.title.clone(),
        agency_name: agency.name.clone(),
        fiscal_year: d(&format!("ประจำปีงบประมาณ พ.ศ. {}", survey.fiscal_year)),
        issued_on: format!("ข้อมูล ณ วันที่ {}", format_date_long(issued_on, thai)),
        respondents: format!(
            "ผู้ตอบแบบสำรวจ {} คน{period}",
            d(&summary.respondents.to_string())
        ),
        rows,
        overall,
        scale_note: d(SCALE_NOTE),
        comments: summary
            .comments
            .into_iter()
            .map(|(question, text)| SatisfactionComment { question, text })
            .collect(),
        thai_digits: thai,
        logo: agency.logo_bytes(),
    }
}

fn figures(
    number: String,
    question: String,
    counts: [u32; 5],
    answered: u32,
    mean: f64,
    satisfied: f64,
    thai: bool,
) -> SatisfactionReportRow {
    let d = |text: &str| digits_for(text, thai);
    let some = answered > 0;
    SatisfactionReportRow {
        number,
        question,
        counts: counts.iter().rev().map(|c| d(&c.to_string())).collect(),
        answered: d(&answered.to_string()),
        mean: if some {
            d(&format!("{mean:.2}"))
        } else {
            NO_ANSWER.to_owned()
        },
        level: if some { level_th(mean) } else { NO_ANSWER }.to_owned(),
        satisfied: if some {
            d(&format!("{satisfied:.2}"))
        } else {
            NO_ANSWER.to_owned()
        },
    }
}

/// The mean in words, by the equal-width intervals of [`SCALE_NOTE`].
fn level_th(mean: f64) -> &'static str {
    match mean {
        m if m > 4.20 => "มากที่สุด",
        m if m > 3.40 => "มาก",
        m if m > 2.60 => "ปานกลาง",
        m if m > 1.80 => "น้อย",
        _ => "น้อยที่สุด",
    }
}

/// What the template reads: the report and whether `/logo` exists.
#[derive(Serialize)]
struct SatisfactionReportData<'a> {
    #[serde(flatten)]
    document: &'a SatisfactionReportDocument,
    has_logo: bool,
}

/// The column titles of the table, in both formats.
const HEADERS: [&str; 10] = [
    "ข้อ",
    "ประเด็น",
    "5",
    "4",
    "3",
    "2",
    "1",
    "ค่าเฉลี่ย",
    "ระดับ",
    "ร้อยละความพึงพอใจ",
];

/// The report as a Word document laid out like the PDF; the logo (PNG) above
/// the title when the agency has one.
///
/// # Errors
/// [`DocsError`] when the document cannot be packed.
fn satisfaction_report_docx(document: &SatisfactionReportDocument) -> Result<Vec<u8>, DocsError> {
    let weights = [0.6, 4.0, 0.6, 0.6, 0.6, 0.6, 0.6, 1.0, 1.2, 1.3];
    let columns: Vec<Column<'_>> = HEADERS
        .iter()
        .zip(weights)
        .enumerate()
        .map(|(index, (title, weight))| Column {
            title,
            weight,
            align: match index {
                1 => CellAlign::Start,
                0 | 8 => CellAlign::Center,
                _ => CellAlign::End,
            },
        })
        .collect();
    let line = |row: &SatisfactionReportRow| {
        let mut cells = vec![row.number.clone(), row.question.clone()];
        cells.extend(row.counts.iter().cloned());
        cells.extend([row.mean.clone(), row.level.clone(), row.satisfied.clone()]);
        cells
    };
    let mut rows: Vec<Vec<String>> = document.rows.iter().map(line).collect();
    rows.push(line(&document.overall));
    let mut builder = DocxBuilder::new(document.thai_digits);
    if let Some(logo) = &document.logo {
        builder = builder.emblem_area(Some(logo), 2.2, "");
    }
    builder = builder
        .title_line(&document.title)
        .title_line(&document.survey_title)
        .title_line(&document.agency_name)
        .title_line(&document.fiscal_year)
        .title_line(&document.issued_on)
        .paragraph(&document.respondents)
        .heading("ผลการสำรวจรายข้อ (จำนวนผู้ตอบในแต่ละระดับ)")
        .table(&columns, &rows, "แบบสำรวจนี้ไม่มีข้อที่ให้คะแนน")
        .paragraph(&document.scale_note)
        .heading("ข้อเสนอแนะ");
    if document.comments.is_empty() {
        builder = builder.paragraph(NO_COMMENTS);
    } else {
        let comments: Vec<String> = document
            .comments
            .iter()
            .map(|c| format!("{}: {}", c.question, c.text))
            .collect();
        builder = builder.numbered_list(&comments);
    }
    builder.build()
}

impl OfficialDocument for SatisfactionReportDocument {
    /// The agency's logo above the title when it has one.
    fn typst_input(&self) -> Result<TypstInput<'_>, DocsError> {
        let data = SatisfactionReportData {
            document: self,
            has_logo: self.logo.is_some(),
        };
        Ok(TypstInput::new(Template::SatisfactionReport, &data)?.with_logo(self.logo.as_deref()))
    }

    fn docx(&self) -> Result<Vec<u8>, DocsError> {
        satisfaction_report_docx(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn means_read_by_their_interval() {
        assert_eq!(level_th(5.0), "มากที่สุด");
        assert_eq!(level_th(4.21), "มากที่สุด");
        assert_eq!(level_th(4.20), "มาก");
        assert_eq!(level_th(3.0), "ปานกลาง");
        assert_eq!(level_th(2.0), "น้อย");
        assert_eq!(level_th(1.0), "น้อยที่สุด");
    }
}
