//! The documents of the agency's records — the corruption-risk assessment of a
//! fiscal year, an order (คำสั่ง) and a memo (บันทึกข้อความ) — built from what the
//! store holds. The downloads on their pages and `prongsai render risk-assessment`
//! / `order` / `memo` all come through here, so a document is the same whichever
//! way it was made.

use prongsai_core::correspondence::{Memo, Order};
use prongsai_core::model::{Agency, MemoId, OrderId};
use prongsai_docs::{DocumentFormat, RenderedDocument, Renderer};
use prongsai_store::{Store, StoreError};

use super::document_agency::document_agency;
use super::plan_documents::DocumentError;

/// The risk assessment of a fiscal year with its register and heat map, the
/// controls named by the plan project or the measure of the year they point at.
///
/// # Errors
/// [`DocumentError::Missing`] when the year has no assessment; store and
/// rendering errors.
pub async fn render_risk_assessment(
    store: &Store,
    renderer: &Renderer,
    agency: &Agency,
    year: i32,
    format: DocumentFormat,
) -> Result<RenderedDocument, DocumentError> {
    let assessment = store
        .get_risk_assessment(agency.id, year)
        .await?
        .ok_or_else(|| {
            DocumentError::Missing(format!("ยังไม่มีการประเมินความเสี่ยงการทุจริตของปีงบประมาณ {year}"))
        })?;
    let plan = store.action_plan_covering(agency.id, year).await?;
    let measures = store.list_measures(agency.id, year).await?;
    let issuer = document_agency(store, agency).await?;
    let document =
        prongsai_docs::risk_assessment_document(&assessment, plan.as_ref(), &measures, &issuer);
    let bytes = prongsai_docs::render(renderer, &document, format).await?;
    Ok(RenderedDocument::new(
        bytes,
        &format!("risk-assessment-{year}"),
        format,
    ))
}

/// An order of the agency in the layout of คำสั่ง.
///
/// # Errors
/// [`DocumentError::Missing`] when the order is not the agency's,
/// [`DocumentError::UnsupportedFormat`] for XLSX; store and rendering errors.
pub async fn render_order(
    store: &Store,
    renderer: &Renderer,
    agency: &Agency,
    id: OrderId,
    format: DocumentFormat,
) -> Result<RenderedDocument, DocumentError> {
    let order = load_order(store, agency, id).await?;
    let issuer = document_agency(store, agency).await?;
    let document = prongsai_docs::order_document(&order, &issuer);
    let bytes = prongsai_docs::render(renderer, &document, format).await?;
    Ok(RenderedDocument::new(
        bytes,
        &format!("order-{}-{}", order.number, order.year),
        format,
    ))
}

/// A memo of the agency in the layout of บันทึกข้อความ, with the acknowledgements
/// recorded so far.
///
/// # Errors
/// [`DocumentError::Missing`] when the memo is not the agency's,
/// [`DocumentError::UnsupportedFormat`] for XLSX; store and rendering errors.
pub async fn render_memo(
    store: &Store,
    renderer: &Renderer,
    agency: &Agency,
    id: MemoId,
    format: DocumentFormat,
) -> Result<RenderedDocument, DocumentError> {
    let memo = load_memo(store, agency, id).await?;
    let issuer = document_agency(store, agency).await?;
    let document = prongsai_docs::memo_document(&memo, &issuer);
    let bytes = prongsai_docs::render(renderer, &document, format).await?;
    Ok(RenderedDocument::new(
        bytes,
        &format!("memo-{}-{}", memo.year, memo.id),
        format,
    ))
}

async fn load_order(store: &Store, agency: &Agency, id: OrderId) -> Result<Order, DocumentError> {
    match store.get_order(agency.id, id).await {
        Ok(order) => Ok(order),
        Err(StoreError::NotFound) => Err(DocumentError::Missing("ไม่พบคำสั่งที่ต้องการ".to_owned())),
        Err(e) => Err(e.into()),
    }
}

async fn load_memo(store: &Store, agency: &Agency, id: MemoId) -> Result<Memo, DocumentError> {
    match store.get_memo(agency.id, id).await {
        Ok(memo) => Ok(memo),
        Err(StoreError::NotFound) => {
            Err(DocumentError::Missing("ไม่พบบันทึกข้อความที่ต้องการ".to_owned()))
        }
        Err(e) => Err(e.into()),
    }
}
