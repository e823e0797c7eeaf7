//! A survey's documents from what the store holds: the export of its raw
//! answers (CSV, XLSX), the report of a satisfaction survey (PDF, DOCX) and
//! the poster of its public link (PDF). The survey's page and its downloads
//! come through here.
//!
//! IIT and EIT questions come from the agency's framework of the survey's
//! year, as the public form asks them, so the export's columns are the form's
//! fields.

use prongsai_core::model::Agency;
use prongsai_core::surveys::{Survey, SurveyKind};
use prongsai_core::thai::calendar::today_in_thailand;
use prongsai_docs::{DocumentAgency, DocumentFormat, OfficialDocument, RenderedDocument, Renderer};
use prongsai_store::Store;

use super::document_agency::document_agency;
use super::oit_report::required_framework;
use super::plan_documents::DocumentError;

/// The raw answers of `survey` as CSV (UTF-8 with a byte-order mark) or XLSX.
///
/// # Errors
/// [`DocumentError::UnsupportedFormat`] for PDF and DOCX;
/// [`DocumentError::Missing`] for an IIT/EIT survey of a year without a
/// framework; store and rendering errors.
pub async fn render_survey_export(
    store: &Store,
    agency: &Agency,
    survey: &Survey,
    format: DocumentFormat,
) -> Result<RenderedDocument, DocumentError> {
    if matches!(format, DocumentFormat::Pdf | DocumentFormat::Docx) {
        return Err(DocumentError::UnsupportedFormat(format));
    }
    let framework = match survey.kind {
        SurveyKind::Satisfaction => None,
        SurveyKind::Iit | SurveyKind::Eit => {
            Some(required_framework(store, agency, survey.fiscal_year).await?)
        }
    };
    let responses = store.survey_responses(agency.id, survey.id).await?;
    let document =
        prongsai_docs::survey_export_document(survey, framework.as_ref(), &responses, &agency.name);
    let bytes = match format {
        DocumentFormat::Csv => document.csv()?,
        _ => document.xlsx()?,
    };
    Ok(RenderedDocument::new(
        bytes,
        &format!(
            "survey-{}-{}-{}",
            survey.kind.code(),
            survey.fiscal_year,
            survey.id
        ),
        format,
    ))
}

/// รายงานผลการสำรวจความพึงพอใจ of a satisfaction survey as PDF or DOCX, dated
/// today (Thailand).
///
/// # Errors
/// [`DocumentError::Missing`] for an IIT or EIT survey (their results are the
/// predicted scores, not this report); [`DocumentError::UnsupportedFormat`]
/// for XLSX and CSV; store and rendering errors.
pub async fn render_satisfaction_report(
    store: &Store,
    renderer: &Renderer,
    agency: &Agency,
    survey: &Survey,
    format: DocumentFormat,
) -> Result<RenderedDocument, DocumentError> {
    if survey.kind != SurveyKind::Satisfaction {
        return Err(DocumentError::Missing(
            "รายงานผลการสำรวจความพึงพอใจมีเฉพาะแบบสำรวจความพึงพอใจ".to_owned(),
        ));
    }
    let responses = store.survey_responses(agency.id, survey.id).await?;
    let issuer = document_agency(store, agency).await?;
    let document = prongsai_docs::satisfaction_report_document(
        survey,
        &responses,
        &issuer,
        today_in_thailand(),
    );
    let bytes = prongsai_docs::render(renderer, &document, format).await?;
    Ok(RenderedDocument::new(
        bytes,
        &format!("satisfaction-report-{}-{}", survey.fiscal_year, survey.id),
        format,
    ))
}

/// The poster of the survey's public link `url` (full address, as a phone
/// should open it): a one-page A4 PDF with its QR code.
///
/// # Errors
/// Rendering errors.
pub async fn render_survey_poster(
    renderer: &Renderer,
    agency: &Agency,
    survey: &Survey,
    url: &str,
) -> Result<Vec<u8>, DocumentError> {
    let issuer = DocumentAgency {
        name: agency.name.clone(),
        thai_digits: agency.thai_digits,
        logo: agency.logo.clone(),
        ..DocumentAgency::default()
    };
    let poster = prongsai_docs::survey_poster_document(survey, url, &issuer);
    Ok(prongsai_docs::render(renderer, &poster, DocumentFormat::Pdf).await?)
}
