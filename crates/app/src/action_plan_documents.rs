//! The documents of the action plan — the plan itself and its half-year and
//! annual follow-up reports — built from what the store holds. The download on
//! the plan's pages and `prongsai render action-plan` / `plan-report` both come
//! through here, so a document is the same whichever way it was made.

use prongsai_core::action_plan::ActionPlan;
use prongsai_core::model::{ActionPlanId, Agency};
use prongsai_core::thai::fiscal::ReportingRound;
use prongsai_docs::{DocumentFormat, RenderedDocument, Renderer};
use prongsai_store::{Store, StoreError};

use super::document_agency::document_agency;
use super::plan_documents::DocumentError;

/// The plan of the agency that covers a fiscal year.
///
/// # Errors
/// [`DocumentError::Missing`] when no plan covers the year; store errors.
pub async fn action_plan_for_year(
    store: &Store,
    agency: &Agency,
    year: i32,
) -> Result<ActionPlan, DocumentError> {
    store
        .action_plan_covering(agency.id, year)
        .await?
        .ok_or_else(|| {
            DocumentError::Missing(format!(
                "ยังไม่มีแผนปฏิบัติการป้องกันการทุจริตที่ครอบคลุมปีงบประมาณ {year}"
            ))
        })
}

async fn load_plan(
    store: &Store,
    agency: &Agency,
    plan: ActionPlanId,
) -> Result<ActionPlan, DocumentError> {
    match store.get_action_plan(agency.id, plan).await {
        Ok(plan) => Ok(plan),
        Err(StoreError::NotFound) => Err(DocumentError::Missing(
            "ไม่พบแผนปฏิบัติการป้องกันการทุจริตที่ต้องการ".to_owned(),
        )),
        Err(e) => Err(e.into()),
    }
}

/// The whole plan (cover, preface, contents, parts 1–3) with the risk
/// assessment of its first fiscal year, when one was entered.
///
/// # Errors
/// [`DocumentError::Missing`] when the plan is not the agency's; store and
/// rendering errors.
pub async fn render_action_plan(
    store: &Store,
    renderer: &Renderer,
    agency: &Agency,
    plan: ActionPlanId,
    format: DocumentFormat,
) -> Result<RenderedDocument, DocumentError> {
    let plan = load_plan(store, agency, plan).await?;
    let risk = store
        .get_risk_assessment(agency.id, plan.first_year)
        .await?;
    let issuer = document_agency(store, agency).await?;
    let document = prongsai_docs::action_plan_document(&plan, risk.as_ref(), &issuer);
    let bytes = prongsai_docs::render(renderer, &document, format).await?;
    Ok(RenderedDocument::new(
        bytes,
        &format!("action-plan-{}-{}", plan.first_year, plan.last_year),
        format,
    ))
}

/// The follow-up report of one fiscal year and round (half year or full year).
///
/// # Errors
/// [`DocumentError::Missing`] when the plan is not the agency's or does not
/// cover the year; store and rendering errors.
pub async fn render_follow_up_report(
    store: &Store,
    renderer: &Renderer,
    agency: &Agency,
    plan: ActionPlanId,
    fiscal_year: i32,
    round: ReportingRound,
    format: DocumentFormat,
) -> Result<RenderedDocument, DocumentError> {
    let plan = load_plan(store, agency, plan).await?;
    if !plan.covers(fiscal_year) {
        return Err(DocumentError::Missing(format!(
            "แผนนี้ไม่ครอบคลุมปีงบประมาณ {fiscal_year} ({})",
            plan.years_label()
        )));
    }
    let reports = store
        .list_follow_ups(agency.id, plan.id, fiscal_year, round)
        .await?;
    let issuer = document_agency(store, agency).await?;
    let document =
        prongsai_docs::follow_up_report_document(&plan, &reports, fiscal_year, round, &issuer);
    let bytes = prongsai_docs::render(renderer, &document, format).await?;
    let stem = match round {
        ReportingRound::HalfYear => "follow-up-half-year",
        ReportingRound::FullYear => "follow-up-full-year",
    };
    Ok(RenderedDocument::new(
        bytes,
        &format!("{stem}-{fiscal_year}"),
        format,
    ))
}
