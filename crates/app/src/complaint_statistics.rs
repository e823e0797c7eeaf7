//! The complaint statistics of a fiscal year from what the store holds: the
//! statistics page, its downloads and `prongsai render complaint-stats` all come
//! through here, so every copy counts the same cases and withholds the same
//! small counts.
//!
//! General complaints are counted exactly. Corruption reports are counted with
//! counts below the agency's threshold withheld ("น้อยกว่า N"), for everyone and
//! in every format: a small count of reports about one division in one month can
//! name the reporter in a small office, whoever reads it.

use chrono::NaiveDate;
use prongsai_core::complaints::CaseKind;
use prongsai_core::complaints::statistics::{CaseFacts, ComplaintStatistics, Scope, statistics};
use prongsai_core::model::{Agency, Department, DepartmentId};
use prongsai_core::thai::calendar::today_in_thailand;
use prongsai_core::thai::fiscal::FiscalYear;
use prongsai_docs::{
    ComplaintStatisticsDocument, DocumentAgency, DocumentFormat, RenderedDocument, Renderer,
};
use prongsai_store::{CaseFilter, Store, StoreError};

use super::plan_documents::DocumentError;

/// The statistics of one fiscal year of an agency.
#[derive(Debug, Clone, PartialEq)]
pub struct YearStatistics {
    /// Buddhist-era fiscal year.
    pub year: i32,
    /// General complaints, exact.
    pub complaints: ComplaintStatistics,
    /// Corruption reports, counts below [`YearStatistics::threshold`] withheld.
    pub corruption: ComplaintStatistics,
    /// The agency's departments in display order, for the department names.
    pub departments: Vec<Department>,
    /// The agency's small-count threshold.
    pub threshold: u32,
}

/// Counts the cases the agency received in the fiscal year `year`, their
/// timeliness as it stands today (Thailand date).
///
/// # Errors
/// Store errors.
///
/// # Panics
/// For a year chrono cannot represent (beyond about 262,000); years from
/// outside are checked with `FiscalYear::try_from` first.
pub async fn year_statistics(
    store: &Store,
    agency: &Agency,
    year: i32,
) -> Result<YearStatistics, StoreError> {
    let filter = CaseFilter {
        fiscal_year: Some(year),
        ..CaseFilter::default()
    };
    let cases = store.list_cases(agency.id, &filter).await?;
    let departments = store.list_departments(agency.id).await?;
    let threshold = store
        .complaint_settings(agency.id)
        .await?
        .small_count_threshold;
    let today = today_in_thailand();
    let facts: Vec<CaseFacts> = cases.iter().map(|c| CaseFacts::of(c, today)).collect();
    let ids: Vec<DepartmentId> = departments.iter().map(|d| d.id).collect();
    let fiscal = FiscalYear::new(year);
    Ok(YearStatistics {
        year,
        complaints: statistics(&facts, fiscal, Scope::Kind(CaseKind::Complaint), &ids, None),
        corruption: statistics(
            &facts,
            fiscal,
            Scope::Kind(CaseKind::Corruption),
            &ids,
            Some(threshold),
        ),
        departments,
        threshold,
    })
}

/// The document of the statistics, worded and in the digits of the agency, as
/// the page shows it and the downloads print it.
#[must_use]
pub fn statistics_document(
    agency: &Agency,
    stats: &YearStatistics,
    issued_on: NaiveDate,
) -> ComplaintStatisticsDocument {
    let issuer = DocumentAgency {
        name: agency.name.clone(),
        thai_digits: agency.thai_digits,
        departments: stats.departments.clone(),
        ..DocumentAgency::default()
    };
    prongsai_docs::complaint_statistics_document(
        &stats.complaints,
        &stats.corruption,
        &issuer,
        issued_on,
    )
}

/// สถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ of the fiscal year as PDF, XLSX or
/// CSV, dated today.
///
/// # Errors
/// [`DocumentError::Missing`] for a year outside the accepted range,
/// [`DocumentError::UnsupportedFormat`] for DOCX; store and rendering errors.
pub async fn render_complaint_statistics(
    store: &Store,
    renderer: &Renderer,
    agency: &Agency,
    year: i32,
    format: DocumentFormat,
) -> Result<RenderedDocument, DocumentError> {
    if FiscalYear::try_from(year).is_err() {
        return Err(DocumentError::Missing(format!(
            "ปีงบประมาณ {year} อยู่นอกช่วงที่ระบบรองรับ (พ.ศ. {} ถึง {})",
            FiscalYear::MIN_BE,
            FiscalYear::MAX_BE
        )));
    }
    let stats = year_statistics(store, agency, year).await?;
    let document = statistics_document(agency, &stats, today_in_thailand());
    let bytes = prongsai_docs::render(renderer, &document, format).await?;
    Ok(RenderedDocument::new(
        bytes,
        &format!("complaint-statistics-{year}"),
        format,
    ))
}
