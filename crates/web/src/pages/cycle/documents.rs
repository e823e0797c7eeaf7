//! Downloads of the measures cycle's documents:
//! `/documents/{year}/{kind}?format=pdf|docx|xlsx[&round=half|full][&links=1]`.
//! Anyone of the agency may download; what is missing (no plan, no memo, no ITA
//! result to analyse) comes back as a Thai page saying what to enter first.

use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use prongsai_core::thai::calendar::today_in_thailand;
use prongsai_core::thai::fiscal::ReportingRound;
use serde::Deserialize;

use crate::auth::session::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::extract::{Path, Year};
use crate::pages::download::attachment;
use crate::state::AppState;
use prongsai_app::plan_documents::{self, DocumentError, DocumentKind, DocumentRequest};
use prongsai_docs::DocumentFormat;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/documents/{year}/{kind}", get(download))
}

#[derive(Debug, Deserialize)]
struct DownloadQuery {
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    round: Option<String>,
    #[serde(default)]
    links: Option<String>,
}

impl From<DocumentError> for AppError {
    fn from(e: DocumentError) -> Self {
        match e {
            DocumentError::Store(e) => Self::Store(e),
            DocumentError::Docs(e) => Self::Internal(format!("render document: {e}")),
            other => Self::Unprocessable(other.to_string()),
        }
    }
}

async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((Year(year), kind)): Path<(Year, String)>,
    Query(query): Query<DownloadQuery>,
) -> AppResult<Response> {
    let agency = user.agency()?;
    let kind = DocumentKind::from_code(&kind).ok_or(AppError::NotFound)?;
    let format = DocumentFormat::from_code(query.format.as_deref().unwrap_or("pdf"))
        .ok_or(AppError::NotFound)?;
    let round = match query.round.as_deref() {
        None | Some("half") => ReportingRound::HalfYear,
        Some("full") => ReportingRound::FullYear,
        Some(_) => return Err(AppError::NotFound),
    };
    let request = DocumentRequest {
        kind,
        year,
        format,
        round,
        with_links: query.links.as_deref() == Some("1"),
    };
    let document = plan_documents::render(
        &state.app.store,
        &state.app.renderer,
        agency,
        request,
        today_in_thailand(),
    )
    .await?;
    Ok(attachment(document))
}
