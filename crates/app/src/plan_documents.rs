//! The documents of a fiscal year's measures cycle — the measures document, the
//! memo that sends it to the departments, the half-year report and the annual
//! report — built from what the store holds. The web download and
//! `prongsai render` both come through [`render`], so a document is the same
//! whichever way it was made.
//!
//! Everything a document prints is formatted here: the agency's choice of Thai
//! or Arabic digits is applied to prose with `digits_for`, which never touches
//! URLs, e-mail addresses or codes, and evidence URLs are passed through as they
//! were typed.

use std::collections::HashMap;

use chrono::NaiveDate;
use prongsai_core::measures::{Measure, Progress, Topic};
use prongsai_core::model::{Agency, DepartmentId, OfficialId, ResultSource};
use prongsai_core::thai::calendar::be_year;
use prongsai_core::thai::calendar::{format_date_long, month_full};
use prongsai_core::thai::digits::{digits_for, document_number_digits};
use prongsai_core::thai::fiscal::{FiscalYear, ReportingRound};
use prongsai_docs::{
    Acknowledgement, AnnualReportDocument, AnnualReportLink, AnnualReportRow, AnnualReportTopic,
    DocsError, HalfYearReportDocument, HalfYearReportGroup, HalfYearReportRow, MeasureGroup,
    MeasureRow, MeasuresDocument, MemoDocument, Renderer,
};
use prongsai_store::{Store, StoreError};

use crate::analysis::{self, AnalysisError};
use crate::ita_results::{catalog_for, summarize};

/// Which document of the cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน, with the analysis.
    Measures,
    /// บันทึกข้อความ sending the measures to the departments.
    Memo,
    /// รายงานการดำเนินการตามมาตรการ… of a round (half year by default).
    RoundReport,
    /// รายงานผลการดำเนินการ… ประจำปี, per topic.
    AnnualReport,
}

impl DocumentKind {
    /// The code in URLs and on the command line.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Measures => "measures",
            Self::Memo => "memo",
            Self::RoundReport => "half-year-report",
            Self::AnnualReport => "annual-report",
        }
    }

    /// Parses [`DocumentKind::code`].
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        [
            Self::Measures,
            Self::Memo,
            Self::RoundReport,
            Self::AnnualReport,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
}

/// The file format asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentFormat {
    Pdf,
    Docx,
    Xlsx,
    /// UTF-8 with a byte-order mark, for tables that open in Excel.
    Csv,
}

impl DocumentFormat {
    /// Parses "pdf", "docx", "xlsx" or "csv".
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "pdf" => Some(Self::Pdf),
            "docx" => Some(Self::Docx),
            "xlsx" => Some(Self::Xlsx),
            "csv" => Some(Self::Csv),
            _ => None,
        }
    }

    /// The file extension.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Docx => "docx",
            Self::Xlsx => "xlsx",
            Self::Csv => "csv",
        }
    }

    /// The content type served with the file.
    #[must_use]
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Csv => "text/csv; charset=utf-8",
        }
    }
}

/// What to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentRequest {
    pub kind: DocumentKind,
    /// Buddhist-era fiscal year of the plan.
    pub year: i32,
    pub format: DocumentFormat,
    /// The round of a round report; the annual report is always the full year.
    pub round: ReportingRound,
    /// The annual report with the evidence links under each result.
    pub with_links: bool,
}

/// A finished file.
#[derive(Debug, Clone)]
pub struct RenderedDocument {
    pub bytes: Vec<u8>,
    /// ASCII file name, e.g. `annual-report-2568.pdf`.
    pub file_name: String,
    pub content_type: &'static str,
}

/// Why a document cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// Something the document needs has not been entered; the message says what, in Thai.
    #[error("{0}")]
    Missing(String),
    /// The format does not exist for that kind (the memo has no XLSX).
    #[error("เอกสารนี้ไม่มีรูปแบบ {0}")]
    UnsupportedFormat(&'static str),
    #[error("{0}")]
    Analysis(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("สร้างเอกสารไม่ได้: {0}")]
    Docs(#[from] DocsError),
}

impl From<AnalysisError> for DocumentError {
    fn from(e: AnalysisError) -> Self {
        match e {
            AnalysisError::Store(e) => Self::Store(e),
            other => Self::Analysis(other.to_string()),
        }
    }
}

/// Everything of one plan year the documents draw on.
struct PlanData {
    topics: Vec<Topic>,
    measures: Vec<Measure>,
    departments: HashMap<DepartmentId, String>,
}

impl PlanData {
    async fn load(store: &Store, agency: &Agency, year: i32) -> Result<Self, DocumentError> {
        let topics = store.list_topics(agency.id, year).await?;
        if topics.is_empty() {
            return Err(DocumentError::Missing(format!(
                "ยังไม่มีมาตรการของปีงบประมาณ {year}"
            )));
        }
        let measures = store.list_measures(agency.id, year).await?;
        let departments = store
            .list_departments(agency.id)
            .await?
            .into_iter()
            .map(|d| (d.id, d.name))
            .collect();
        Ok(Self {
            topics,
            measures,
            departments,
        })
    }

    fn measures_of<'a>(&'a self, topic: &'a Topic) -> impl Iterator<Item = &'a Measure> {
        self.measures.iter().filter(move |m| m.topic_id == topic.id)
    }

    /// Department names, then positions, as the owner column lists them.
    fn owners(&self, m: &Measure) -> Vec<String> {
        m.owners
            .departments
            .iter()
            .filter_map(|id| self.departments.get(id).cloned())
            .chain(
                m.owners
                    .positions
                    .iter()
                    .map(|p| p.trim().to_owned())
                    .filter(|p| !p.is_empty()),
            )
            .collect()
    }
}

/// The text as the agency writes numbers.
struct Digits(bool);

impl Digits {
    fn text(&self, s: &str) -> String {
        digits_for(s, self.0)
    }

    fn number(&self, n: usize) -> String {
        digits_for(&n.to_string(), self.0)
    }

    /// Non-empty lines of a multi-line text.
    fn lines(&self, s: &str) -> Vec<String> {
        s.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| self.text(l))
            .collect()
    }

    /// "๑. step", "๒. step", …
    fn numbered(&self, items: &[&str]) -> Vec<String> {
        items
            .iter()
            .enumerate()
            .map(|(i, s)| self.text(&format!("{}. {s}", i + 1)))
            .collect()
    }
}

/// "อำเภอลำทับ จังหวัดกระบี่", without the empty parts.
fn location(agency: &Agency) -> String {
    let mut parts = Vec::new();
    if !agency.district.trim().is_empty() {
        parts.push(format!("อำเภอ{}", agency.district.trim()));
    }
    if !agency.province.trim().is_empty() {
        parts.push(format!("จังหวัด{}", agency.province.trim()));
    }
    parts.join(" ")
}

/// Builds and renders one document of the agency's plan for a fiscal year.
///
/// # Errors
/// [`DocumentError::Missing`] when the plan (or the memo, or an ITA result for
/// the measures document) has not been entered, [`DocumentError::UnsupportedFormat`]
/// for a memo as XLSX, store and rendering errors.
pub async fn render(
    store: &Store,
    renderer: &Renderer,
    agency: &Agency,
    request: DocumentRequest,
    today: NaiveDate,
) -> Result<RenderedDocument, DocumentError> {
    let year = request.year;
    let format = request.format;
    let bytes = match request.kind {
        DocumentKind::Measures => {
            let document = measures_document(store, agency, year, today).await?;
            match format {
                DocumentFormat::Pdf => {
                    prongsai_docs::render_measures_pdf(renderer, &document).await?
                }
                DocumentFormat::Docx => prongsai_docs::render_measures_docx(&document)?,
                DocumentFormat::Xlsx => prongsai_docs::render_measures_xlsx(&document)?,
                DocumentFormat::Csv => return Err(DocumentError::UnsupportedFormat("CSV")),
            }
        }
        DocumentKind::Memo => {
            let document = memo_document(store, agency, year).await?;
            match format {
                DocumentFormat::Pdf => prongsai_docs::render_memo_pdf(renderer, &document).await?,
                DocumentFormat::Docx => prongsai_docs::render_memo_docx(&document)?,
                DocumentFormat::Xlsx => return Err(DocumentError::UnsupportedFormat("XLSX")),
                DocumentFormat::Csv => return Err(DocumentError::UnsupportedFormat("CSV")),
            }
        }
        DocumentKind::RoundReport => {
            let document = round_report_document(store, agency, year, request.round).await?;
            match format {
                DocumentFormat::Pdf => {
                    prongsai_docs::render_half_year_report_pdf(renderer, &document).await?
                }
                DocumentFormat::Docx => prongsai_docs::render_half_year_report_docx(&document)?,
                DocumentFormat::Xlsx => prongsai_docs::render_half_year_report_xlsx(&document)?,
                DocumentFormat::Csv => return Err(DocumentError::UnsupportedFormat("CSV")),
            }
        }
        DocumentKind::AnnualReport => {
            let document = annual_report_document(store, agency, year, request.with_links).await?;
            match format {
                DocumentFormat::Pdf => {
                    prongsai_docs::render_annual_report_pdf(renderer, &document).await?
                }
                DocumentFormat::Docx => prongsai_docs::render_annual_report_docx(&document)?,
                DocumentFormat::Xlsx => prongsai_docs::render_annual_report_xlsx(&document)?,
                DocumentFormat::Csv => return Err(DocumentError::UnsupportedFormat("CSV")),
            }
        }
    };
    let mut stem = request.kind.code().to_owned();
    if request.kind == DocumentKind::RoundReport && request.round == ReportingRound::FullYear {
        stem = "full-year-report".to_owned();
    }
    if request.kind == DocumentKind::AnnualReport && request.with_links {
        stem.push_str("-links");
    }
    Ok(RenderedDocument {
        bytes,
        file_name: format!("{stem}-{year}.{}", format.extension()),
        content_type: format.content_type(),
    })
}

/// The measures document: the analysis of the ITA result the plan answers (the
/// previous fiscal year's, or this year's when that is all there is), then the
/// measures by topic.
///
/// # Errors
/// As [`render`].
pub async fn measures_document(
    store: &Store,
    agency: &Agency,
    year: i32,
    today: NaiveDate,
) -> Result<MeasuresDocument, DocumentError> {
    let plan = PlanData::load(store, agency, year).await?;
    let mut loaded = None;
    'years: for result_year in [year - 1, year] {
        for source in [ResultSource::Official, ResultSource::SelfAssessed] {
            match analysis::load(store, agency, result_year, source).await {
                Ok(found) => {
                    loaded = Some(found);
                    break 'years;
                }
                Err(AnalysisError::NotFound) => {}
                Err(other) => return Err(other.into()),
            }
        }
    }
    let loaded = loaded.ok_or_else(|| {
        DocumentError::Missing(format!(
            "ยังไม่มีผลการประเมิน ITA ของปีงบประมาณ {} หรือ {year} ให้วิเคราะห์",
            year - 1
        ))
    })?;
    let d = Digits(agency.thai_digits);
    let groups = plan
        .topics
        .iter()
        .map(|topic| MeasureGroup {
            title: d.text(&topic.title),
            measures: plan
                .measures_of(topic)
                .enumerate()
                .map(|(i, m)| MeasureRow {
                    number: d.number(i + 1),
                    title: d.text(&m.title),
                    weakness: d.text(&m.weakness),
                    improvement: d.text(&m.improvement),
                    owners: plan.owners(m),
                    steps: m.non_empty_steps().iter().map(|s| d.text(s)).collect(),
                    timeframe: m.timeframe.label_th(agency.thai_digits),
                    monitoring: d.text(&m.monitoring),
                    reporting: d.text(&m.reporting),
                    targets: m.targets.iter().map(|t| d.text(&t.label())).collect(),
                })
                .collect(),
        })
        .collect();
    Ok(MeasuresDocument {
        agency_name: agency.name.clone(),
        fiscal_year: d.number(usize::try_from(year).unwrap_or_default()),
        analysis: analysis::document(agency, &loaded, today),
        groups,
    })
}

/// The memo, from the fields the administrator entered and the officials named.
///
/// # Errors
/// [`DocumentError::Missing`] when the memo has not been entered.
pub async fn memo_document(
    store: &Store,
    agency: &Agency,
    year: i32,
) -> Result<MemoDocument, DocumentError> {
    let memo = store.get_plan_memo(agency.id, year).await?.ok_or_else(|| {
        DocumentError::Missing(format!("ยังไม่ได้กรอกบันทึกข้อความของปีงบประมาณ {year}"))
    })?;
    let officials: HashMap<OfficialId, _> = store
        .list_officials(agency.id)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let d = Digits(agency.thai_digits);
    let signer = memo.signer.and_then(|id| officials.get(&id));
    Ok(MemoDocument {
        from_unit: d.text(&memo.from_unit),
        number: document_number_digits(&memo.number, agency.thai_digits),
        date: memo
            .date
            .map(|date| format_date_long(date, agency.thai_digits))
            .unwrap_or_default(),
        subject: d.text(&memo.subject),
        to: d.text(&memo.to),
        body: memo
            .body
            .iter()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
            .map(|p| d.text(p))
            .collect(),
        signer_name: signer.map(|o| o.full_name()).unwrap_or_default(),
        signer_position: signer.map(|o| d.text(&o.position)).unwrap_or_default(),
        acknowledgements: memo
            .acknowledgers
            .iter()
            .filter_map(|id| officials.get(id))
            .map(|o| Acknowledgement {
                name: o.full_name(),
                position: d.text(&o.position),
            })
            .collect(),
        thai_digits: agency.thai_digits,
    })
}

/// "รอบ ๖ เดือน (เดือนตุลาคม ๒๕๖๕ - มีนาคม ๒๕๖๖)".
fn round_heading(year: i32, round: ReportingRound, thai: bool) -> String {
    let (first, last) = FiscalYear::new(year).round_range(round);
    let text = format!(
        "{} (เดือน{} {} - {} {})",
        round.label_th(),
        month_full(first),
        be_year(chrono::Datelike::year(&first)),
        month_full(last),
        be_year(chrono::Datelike::year(&last)),
    );
    digits_for(&text, thai)
}

/// The report of a round: per topic, weakness | steps | owners | monitoring |
/// what was done in the round.
///
/// # Errors
/// As [`render`].
pub async fn round_report_document(
    store: &Store,
    agency: &Agency,
    year: i32,
    round: ReportingRound,
) -> Result<HalfYearReportDocument, DocumentError> {
    let plan = PlanData::load(store, agency, year).await?;
    let progress = progress_by_measure(store, agency, year, round).await?;
    let d = Digits(agency.thai_digits);
    let groups = plan
        .topics
        .iter()
        .enumerate()
        .map(|(i, topic)| HalfYearReportGroup {
            number: d.number(i + 1),
            title: d.text(&topic.title),
            rows: plan
                .measures_of(topic)
                .map(|m| {
                    let mut monitoring = d.lines(&m.monitoring);
                    monitoring.extend(d.lines(&m.reporting));
                    HalfYearReportRow {
                        weakness: d.text(if m.weakness.trim().is_empty() {
                            &m.title
                        } else {
                            &m.weakness
                        }),
                        measures: m
                            .non_empty_steps()
                            .iter()
                            .map(|s| d.text(&format!("- {s}")))
                            .collect(),
                        owners: plan.owners(m),
                        monitoring,
                        actions: progress
                            .get(&m.id)
                            .map(|p| d.lines(&p.summary))
                            .unwrap_or_default(),
                    }
                })
                .collect(),
        })
        .collect();
    Ok(HalfYearReportDocument {
        agency_name: agency.name.clone(),
        location: location(agency),
        fiscal_year: d.number(usize::try_from(year).unwrap_or_default()),
        round_heading: round_heading(year, round, agency.thai_digits),
        plan_title: d.text(&format!(
            "มาตรการส่งเสริมคุณธรรมและความโปร่งใสของ{} ประจำปีงบประมาณ พ.ศ. {year}",
            agency.name
        )),
        intro: d.text(&format!(
            "จากการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน ประจำปีงบประมาณ พ.ศ. {} \
             นำมาสู่ข้อเสนอแนะในการกำหนดมาตรการในการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงานของ{} ดังนี้",
            year - 1,
            agency.name
        )),
        groups,
        thai_digits: agency.thai_digits,
    })
}

async fn progress_by_measure(
    store: &Store,
    agency: &Agency,
    year: i32,
    round: ReportingRound,
) -> Result<HashMap<prongsai_core::model::MeasureId, Progress>, DocumentError> {
    Ok(store
        .list_progress(agency.id, year, round)
        .await?
        .into_iter()
        .map(|p| (p.measure_id, p))
        .collect())
}

/// The annual report: the year's ITA result in the preamble, then per topic the
/// measures with their full-year results.
///
/// # Errors
/// As [`render`].
pub async fn annual_report_document(
    store: &Store,
    agency: &Agency,
    year: i32,
    with_links: bool,
) -> Result<AnnualReportDocument, DocumentError> {
    let plan = PlanData::load(store, agency, year).await?;
    let progress = progress_by_measure(store, agency, year, ReportingRound::FullYear).await?;
    let d = Digits(agency.thai_digits);
    let mut preamble = String::from("จากการประเมินผลคุณธรรมและความโปร่งใสในการดำเนินงานของ");
    preamble.push_str(&agency.name);
    preamble.push_str(&format!(" ประจำปีงบประมาณ พ.ศ. {year}"));
    if let Some(result) = store
        .get_ita_result(agency.id, year, ResultSource::Official)
        .await?
    {
        let catalog = catalog_for(store, agency.id)
            .await
            .map_err(|e| DocumentError::Analysis(e.to_string()))?;
        let summary = summarize(&result, &catalog);
        if let (Some(total), Some(rating)) = (summary.total, summary.rating) {
            preamble.push_str(&format!(" โดยภาพรวมได้คะแนน {total:.2} อยู่ในระดับ {rating}"));
        }
    }
    preamble.push_str(&format!(
        " {} ได้รายงานผลการดำเนินงานตามมาตรการเพื่อส่งเสริมคุณธรรมและความโปร่งใสในหน่วยงานภาครัฐ \
         ประจำปีงบประมาณ พ.ศ. {year} และได้แสดงมาตรการกิจกรรมที่ดำเนินการ การสรุปผลการดำเนินการ \
         และผลลัพธ์ของการดำเนินการ กำหนดผู้รับผิดชอบหรือผู้ที่เกี่ยวข้อง ดังนี้",
        agency.name
    ));
    let topics = plan
        .topics
        .iter()
        .enumerate()
        .map(|(i, topic)| AnnualReportTopic {
            number: d.number(i + 1),
            title: d.text(&topic.title),
            rows: plan
                .measures_of(topic)
                .enumerate()
                .map(|(j, m)| {
                    let p = progress.get(&m.id);
                    AnnualReportRow {
                        number: d.number(j + 1),
                        measure: d.text(&m.title),
                        steps: d.numbered(&m.non_empty_steps()),
                        timeframe: m.timeframe.label_th(agency.thai_digits),
                        owners: plan.owners(m),
                        result_summary: p.map(|p| d.lines(&p.summary)).unwrap_or_default(),
                        outcome: p.map(|p| d.lines(&p.outcome)).unwrap_or_default(),
                        evidence: p
                            .map(|p| {
                                p.links
                                    .iter()
                                    .map(|l| AnnualReportLink {
                                        label: d.text(&l.label),
                                        url: l.url.clone(),
                                    })
                                    .collect()
                            })
                            .unwrap_or_default(),
                    }
                })
                .collect(),
        })
        .collect();
    Ok(AnnualReportDocument {
        agency_name: agency.name.clone(),
        location: location(agency),
        fiscal_year: d.number(usize::try_from(year).unwrap_or_default()),
        preamble: d.text(&preamble),
        topics,
        with_links,
        thai_digits: agency.thai_digits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_headings_name_the_months() {
        assert_eq!(
            round_heading(2566, ReportingRound::HalfYear, true),
            "รอบ ๖ เดือน (เดือนตุลาคม ๒๕๖๕ - มีนาคม ๒๕๖๖)"
        );
        assert_eq!(
            round_heading(2566, ReportingRound::FullYear, false),
            "รอบ 12 เดือน (เดือนตุลาคม 2565 - กันยายน 2566)"
        );
    }

    #[test]
    fn steps_are_numbered_in_the_agency_digits() {
        assert_eq!(
            Digits(true).numbered(&["จัดทำคู่มือ", "เผยแพร่"]),
            vec!["๑. จัดทำคู่มือ".to_owned(), "๒. เผยแพร่".to_owned()]
        );
        assert_eq!(Digits(false).lines(" ก \n\n ข "), vec!["ก", "ข"]);
    }
}
