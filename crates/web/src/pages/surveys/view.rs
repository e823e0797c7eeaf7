//! One survey (`/surveys/{id}`): its public link and QR code, progress towards
//! the minimum sample day by day, and what the answers say so far — the
//! predicted indicator and instrument scores and the weakest questions of an
//! IIT or EIT survey, the summary table and comments of a satisfaction survey.
//! Also opening and closing it (administrators, audited through the store) and
//! its downloads: answers as CSV or XLSX, the satisfaction report as PDF or
//! DOCX, and the poster with the QR code.
//!
//! Nothing here identifies a respondent: the store keeps only the day of each
//! answer, so the per-day table is the finest progress there is.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::context;
use prongsai_core::model::{Agency, SurveyId};
use prongsai_core::surveys::{Survey, SurveyStatus};
use prongsai_core::thai::calendar::{format_date_long, format_date_short, today_in_thailand};
use serde::{Deserialize, Serialize};

use crate::auth::CurrentUser;
use crate::auth::csrf::ProtectedForm;
use crate::auth::{Admin, AgencyMember};
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::pages::Notice;
use crate::pages::download::{DownloadQuery, attachment};
use crate::pages::surveys::form::agency_survey;
use crate::pages::surveys::list::{NAV, Progress, survey_url};
use crate::public::public_base_url;
use crate::render::PageContext;
use crate::state::AppState;
use prongsai_app::survey_bursts::counted_answers;
use prongsai_app::survey_documents::{
    render_satisfaction_report, render_survey_export, render_survey_poster,
};
use prongsai_app::survey_scores::survey_figures;
use prongsai_docs::{DocumentFormat, RenderedDocument};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/surveys/{id}", get(view))
        .route("/surveys/{id}/close", post(close))
        .route("/surveys/{id}/open", post(open))
        .route("/surveys/{id}/accept-day", post(accept_day))
        .route("/surveys/{id}/export", get(export))
        .route("/surveys/{id}/report", get(report))
        .route("/surveys/{id}/poster", get(poster))
}

/// The address respondents open.
fn public_url(state: &AppState, headers: &HeaderMap, agency: &Agency, survey: &Survey) -> String {
    format!(
        "{}/p/{}/surveys/{}",
        public_base_url(state, headers),
        agency.code,
        survey.public_token
    )
}

/// One day of the progress table.
#[derive(Debug, Serialize)]
struct Day {
    day: String,
    count: u64,
}

async fn view(
    State(state): State<AppState>,
    AgencyMember(user): AgencyMember,
    headers: HeaderMap,
    Path(id): Path<SurveyId>,
    Query(notice): Query<Notice>,
) -> AppResult<Html<String>> {
    let agency = user.agency()?;
    let survey = agency_survey(&state, agency.id, id).await?;
    let thai = agency.thai_digits;
    let counted = counted_answers(&state.app.store, agency.id, &survey).await?;
    let held: Vec<HeldDay> = counted
        .held
        .iter()
        .map(|(day, count)| HeldDay {
            day: day.to_string(),
            label: format_date_long(*day, thai),
            count: *count,
        })
        .collect();
    let days: Vec<Day> = counted
        .per_day
        .iter()
        .map(|&(day, count)| Day {
            day: format_date_short(day, thai),
            count,
        })
        .collect();
    let progress = Progress::new(&survey, counted.answered);
    let figures = survey_figures(&state.app.store, agency.id, &survey, &counted.responses).await?;
    let url = public_url(&state, &headers, agency, &survey);
    let today = today_in_thailand();
    let page = PageContext::new(&user, survey.title.clone(), NAV).with_notice(notice.message());
    state.templates.render(
        "survey_view.html",
        context! {
            page => page,
            survey => context! {
                url => survey_url(survey.id),
                title => survey.title,
                year => survey.fiscal_year,
                kind => survey.kind.code(),
                kind_label => survey.kind.label_th(),
                status_label => survey.status.label_th(),
                open => survey.status == SurveyStatus::Open,
                accepting => survey.accepts_answers(today),
                closes_on => survey.closes_on.map(|d| format_date_long(d, thai)),
                population => survey.population,
                rule => survey.sample_rule,
                version => survey.version,
            },
            public_url => url,
            qr_svg => prongsai_docs::qr_svg(&url),
            progress => progress,
            days => days,
            held => held,
            problem => figures.problem,
            prediction => figures.prediction,
            summary => figures.summary,
            can_manage => user.user.role.can_administer(),
        },
    )
}

/// A burst day whose answers the predictions leave out until accepted.
#[derive(Debug, Serialize)]
struct HeldDay {
    /// ISO date, what the accept button sends.
    day: String,
    label: String,
    count: u64,
}

/// What the accept button of a held day sends.
#[derive(Debug, Deserialize)]
struct AcceptDayForm {
    #[serde(default)]
    day: String,
}

/// `POST /surveys/{id}/accept-day`: an administrator lets a burst day's
/// answers into the predictions (audited).
async fn accept_day(
    State(state): State<AppState>,
    Path(id): Path<SurveyId>,
    Admin(user): Admin,
    ProtectedForm { form, .. }: ProtectedForm<AcceptDayForm>,
) -> AppResult<Response> {
    let agency = user.agency()?;
    let Ok(day) = form.day.parse() else {
        return Err(AppError::BadRequest(
            "accept-day without a valid day".to_owned(),
        ));
    };
    state
        .app
        .store
        .accept_survey_day(user.actor(), agency.id, id, day, chrono::Utc::now())
        .await?;
    Ok(Redirect::to(&format!("{}?notice=accepted_day", survey_url(id))).into_response())
}

/// What the open and close buttons send: the version the page showed.
#[derive(Debug, Deserialize)]
struct VersionForm {
    #[serde(default)]
    version: String,
}

async fn set_status(
    state: &AppState,
    user: &CurrentUser,
    id: SurveyId,
    form: &VersionForm,
    status: SurveyStatus,
) -> AppResult<Response> {
    let agency = user.agency()?;
    let survey = agency_survey(state, agency.id, id).await?;
    let version: i32 = form
        .version
        .trim()
        .parse()
        .map_err(|_| AppError::BadRequest("status change without a version".to_owned()))?;
    let changed = Survey { status, ..survey };
    state
        .app
        .store
        .update_survey(user.actor(), &changed, version)
        .await?;
    Ok(Redirect::to(&format!("{}?notice=saved", survey_url(changed.id))).into_response())
}

async fn close(
    State(state): State<AppState>,
    Path(id): Path<SurveyId>,
    Admin(user): Admin,
    ProtectedForm { form, .. }: ProtectedForm<VersionForm>,
) -> AppResult<Response> {
    set_status(&state, &user, id, &form, SurveyStatus::Closed).await
}

async fn open(
    State(state): State<AppState>,
    Path(id): Path<SurveyId>,
    Admin(user): Admin,
    ProtectedForm { form, .. }: ProtectedForm<VersionForm>,
) -> AppResult<Response> {
    set_status(&state, &user, id, &form, SurveyStatus::Open).await
}

/// Only these formats exist for a download; anything else is 404.
fn format_among(query: &DownloadQuery, allowed: &[DocumentFormat]) -> AppResult<DocumentFormat> {
    let format = query.format()?;
    if allowed.contains(&format) {
        Ok(format)
    } else {
        Err(AppError::NotFound)
    }
}

async fn export(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<SurveyId>,
    Query(query): Query<DownloadQuery>,
) -> AppResult<Response> {
    let agency = user.agency()?;
    let survey = agency_survey(&state, agency.id, id).await?;
    let format = format_among(&query, &[DocumentFormat::Csv, DocumentFormat::Xlsx])?;
    let document = render_survey_export(&state.app.store, agency, &survey, format).await?;
    Ok(attachment(document))
}

async fn report(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<SurveyId>,
    Query(query): Query<DownloadQuery>,
) -> AppResult<Response> {
    let agency = user.agency()?;
    let survey = agency_survey(&state, agency.id, id).await?;
    if survey.kind.instrument().is_some() {
        return Err(AppError::NotFound);
    }
    let format = format_among(&query, &[DocumentFormat::Pdf, DocumentFormat::Docx])?;
    let document = render_satisfaction_report(
        &state.app.store,
        &state.app.renderer,
        agency,
        &survey,
        format,
    )
    .await?;
    Ok(attachment(document))
}

async fn poster(
    State(state): State<AppState>,
    Admin(user): Admin,
    headers: HeaderMap,
    Path(id): Path<SurveyId>,
) -> AppResult<Response> {
    let agency = user.agency()?;
    let survey = agency_survey(&state, agency.id, id).await?;
    let url = public_url(&state, &headers, agency, &survey);
    let bytes = render_survey_poster(&state.app.renderer, agency, &survey, &url).await?;
    Ok(attachment(RenderedDocument {
        bytes,
        file_name: format!("survey-poster-{}.pdf", survey.fiscal_year),
        content_type: DocumentFormat::Pdf.content_type(),
    }))
}
