//! The OIT checklist report of a fiscal year from what the store holds: the
//! checklist page's download and `prongsai render oit` both come through here,
//! so both print the same entries, the same latest checks and the same
//! prediction as the page.
//!
//! The framework is the agency's catalogue's for the year (its own import, or
//! the built-in one), as the scoring pages use it; a year without one cannot
//! have a checklist and gets a Thai message instead of an empty report.

use prongsai_core::ita::Framework;
use prongsai_core::model::Agency;
use prongsai_core::thai::calendar::today_in_thailand;
use prongsai_docs::{DocumentFormat, OitReportDocument, RenderedDocument, Renderer};
use prongsai_store::Store;

use super::document_agency::document_agency;
use super::plan_documents::DocumentError;
use crate::error::ServiceError;

/// The framework of `year` in the agency's catalogue.
///
/// # Errors
/// [`DocumentError::Missing`] when the catalogue has no framework for the year;
/// store errors.
pub async fn required_framework(
    store: &Store,
    agency: &Agency,
    year: i32,
) -> Result<Framework, DocumentError> {
    crate::ita_results::year_framework(store, agency.id, year)
        .await
        .map_err(|e| match e {
            ServiceError::Store(e) => DocumentError::Store(e),
            other => DocumentError::Missing(other.to_string()),
        })?
        .ok_or_else(|| DocumentError::Missing(format!("ไม่มีกรอบการประเมินของปีงบประมาณ {year}")))
}

/// The report document of the year, dated today (Thailand).
///
/// # Errors
/// As [`required_framework`]; store errors.
pub async fn oit_report_document(
    store: &Store,
    agency: &Agency,
    year: i32,
) -> Result<OitReportDocument, DocumentError> {
    let framework = required_framework(store, agency, year).await?;
    let entries = store.disclosure_entries(agency.id, year).await?;
    let checks = store.latest_link_checks(agency.id, year).await?;
    let issuer = document_agency(store, agency).await?;
    Ok(prongsai_docs::oit_report_document(
        &framework,
        &entries,
        &checks,
        &issuer,
        today_in_thailand(),
    ))
}

/// รายงานผลการตรวจสอบการเปิดเผยข้อมูลสาธารณะ (OIT) of the year as PDF or XLSX.
///
/// # Errors
/// [`DocumentError::UnsupportedFormat`] for DOCX and CSV; as
/// [`oit_report_document`]; rendering errors.
pub async fn render_oit_report(
    store: &Store,
    renderer: &Renderer,
    agency: &Agency,
    year: i32,
    format: DocumentFormat,
) -> Result<RenderedDocument, DocumentError> {
    if matches!(format, DocumentFormat::Docx | DocumentFormat::Csv) {
        return Err(DocumentError::UnsupportedFormat(format));
    }
    let document = oit_report_document(store, agency, year).await?;
    let bytes = prongsai_docs::render(renderer, &document, format).await?;
    Ok(RenderedDocument::new(bytes, &format!("oit-{year}"), format))
}
