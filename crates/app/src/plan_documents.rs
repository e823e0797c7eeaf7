//! The documents of a fiscal year's measures cycle — the measures document, the
//! memo that sends it to the departments, the half-year report and the annual
//! report — from what the store holds. The web download and `prongsai render`
//! both come through [`render`], so a document is the same whichever way it was
//! made. This module only loads: the documents are shaped by
//! `prongsai_docs::{measures_document, measures_memo_document,
//! round_report_document, annual_report_document}`.

use chrono::NaiveDate;
use prongsai_core::measures::{Measure, Topic, plan_made_on};
use prongsai_core::model::{Agency, ResultSource};
use prongsai_core::thai::calendar::format_date_long;
use prongsai_core::thai::digits::digits_for;
use prongsai_core::thai::fiscal::{FiscalYear, ReportingRound};
use prongsai_docs::{
    AnalysisDocument, DocsError, DocumentFormat, MeasuresPlan, OfficialScore, RenderedDocument,
    Renderer,
};
use prongsai_store::{Store, StoreError};

use crate::analysis::{self, AnalysisError};
use crate::document_agency::document_agency;
use crate::ita_results::{ResultSummary, catalog_for, summarize};

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

/// What to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentRequest {
    pub kind: DocumentKind,
    /// Buddhist-era fiscal year of the plan.
    pub year: i32,
    pub format: DocumentFormat,
    /// The round of a round report; the annual report is always the full year.
    pub round: ReportingRound,
    /// The reports (annual and of a round) with the evidence links under each
    /// result.
    pub with_links: bool,
}

/// Why a document cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// Something the document needs has not been entered; the message says what, in Thai.
    #[error("{0}")]
    Missing(String),
    /// The format does not exist for that kind (the memo has no XLSX).
    #[error("{}", unsupported_message(.0))]
    UnsupportedFormat(DocumentFormat),
    #[error("{0}")]
    Analysis(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("สร้างเอกสารไม่ได้: {0}")]
    Docs(DocsError),
}

/// Docs' own wording of a missing format.
fn unsupported_message(format: &DocumentFormat) -> String {
    DocsError::unsupported(*format).to_string()
}

impl From<DocsError> for DocumentError {
    fn from(e: DocsError) -> Self {
        match e {
            DocsError::UnsupportedFormat { format } => Self::UnsupportedFormat(format),
            other => Self::Docs(other),
        }
    }
}

impl From<AnalysisError> for DocumentError {
    fn from(e: AnalysisError) -> Self {
        match e {
            AnalysisError::Store(e) => Self::Store(e),
            other => Self::Analysis(other.to_string()),
        }
    }
}

/// The topics and measures of one plan year, which three of the documents print.
struct PlanData {
    year: i32,
    topics: Vec<Topic>,
    measures: Vec<Measure>,
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
        Ok(Self {
            year,
            topics,
            measures,
        })
    }

    fn plan(&self) -> MeasuresPlan<'_> {
        MeasuresPlan {
            year: self.year,
            topics: &self.topics,
            measures: &self.measures,
        }
    }
}

/// Loads what one document of the agency's plan for a fiscal year prints,
/// shapes it (`prongsai_docs`) and renders it.
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
    let issuer = document_agency(store, agency).await?;
    let bytes = match request.kind {
        DocumentKind::Measures => {
            let plan = PlanData::load(store, agency, year).await?;
            let mut analysis = answered_analysis(store, agency, year, today).await?;
            analysis.generated_on = made_on(store, agency, year, today).await?;
            let document = prongsai_docs::measures_document(plan.plan(), &issuer, analysis);
            prongsai_docs::render(renderer, &document, format).await?
        }
        DocumentKind::Memo => {
            let memo = store.get_plan_memo(agency.id, year).await?.ok_or_else(|| {
                DocumentError::Missing(format!("ยังไม่ได้กรอกบันทึกข้อความของปีงบประมาณ {year}"))
            })?;
            let document = prongsai_docs::measures_memo_document(&memo, &issuer);
            prongsai_docs::render(renderer, &document, format).await?
        }
        DocumentKind::RoundReport => {
            let plan = PlanData::load(store, agency, year).await?;
            let progress = store.list_progress(agency.id, year, request.round).await?;
            let document = prongsai_docs::round_report_document(
                plan.plan(),
                request.round,
                &progress,
                &issuer,
                request.with_links,
            );
            prongsai_docs::render(renderer, &document, format).await?
        }
        DocumentKind::AnnualReport => {
            let plan = PlanData::load(store, agency, year).await?;
            let progress = store
                .list_progress(agency.id, year, ReportingRound::FullYear)
                .await?;
            let summary = official_summary(store, agency, year).await?;
            let official = summary.as_ref().and_then(|s| match (s.total, &s.rating) {
                (Some(total), Some(rating)) => Some(OfficialScore { total, rating }),
                _ => None,
            });
            let document = prongsai_docs::annual_report_document(
                plan.plan(),
                &progress,
                official,
                &issuer,
                request.with_links,
            );
            prongsai_docs::render(renderer, &document, format).await?
        }
    };
    let mut stem = request.kind.code().to_owned();
    if request.kind == DocumentKind::RoundReport && request.round == ReportingRound::FullYear {
        stem = "full-year-report".to_owned();
    }
    let report = matches!(
        request.kind,
        DocumentKind::AnnualReport | DocumentKind::RoundReport
    );
    if report && request.with_links {
        stem.push_str("-links");
    }
    Ok(RenderedDocument::new(
        bytes,
        &format!("{stem}-{year}"),
        format,
    ))
}

/// The "จัดทำเมื่อ" of a fiscal year's measures document: the plan's own date
/// ([`plan_made_on`]), or its fiscal year when it has none.
async fn made_on(
    store: &Store,
    agency: &Agency,
    year: i32,
    today: NaiveDate,
) -> Result<String, DocumentError> {
    let memo = store.get_plan_memo(agency.id, year).await?;
    let fiscal_year = FiscalYear::new(year);
    Ok(match plan_made_on(memo.as_ref(), fiscal_year, today) {
        Some(date) => format_date_long(date, agency.thai_digits),
        None => digits_for(&fiscal_year.label_th(), agency.thai_digits),
    })
}

/// The analysis the measures answer: of the previous fiscal year's ITA result,
/// or this year's when that is all there is; official before self-assessed.
async fn answered_analysis(
    store: &Store,
    agency: &Agency,
    year: i32,
    today: NaiveDate,
) -> Result<AnalysisDocument, DocumentError> {
    for result_year in [year - 1, year] {
        for source in [ResultSource::Official, ResultSource::SelfAssessed] {
            match analysis::load(store, agency, result_year, source).await {
                Ok(found) => return Ok(analysis::document(agency, &found, today)),
                Err(AnalysisError::NotFound) => {}
                Err(other) => return Err(other.into()),
            }
        }
    }
    Err(DocumentError::Missing(format!(
        "ยังไม่มีผลการประเมิน ITA ของปีงบประมาณ {} หรือ {year} ให้วิเคราะห์",
        year - 1
    )))
}

/// The year's official ITA result, scored, when NACC's has been entered.
async fn official_summary(
    store: &Store,
    agency: &Agency,
    year: i32,
) -> Result<Option<ResultSummary>, DocumentError> {
    let Some(result) = store
        .get_ita_result(agency.id, year, ResultSource::Official)
        .await?
    else {
        return Ok(None);
    };
    let catalog = catalog_for(store, agency.id)
        .await
        .map_err(|e| DocumentError::Analysis(e.to_string()))?;
    Ok(Some(summarize(&result, &catalog)))
}
