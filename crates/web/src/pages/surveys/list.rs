//! The agency's surveys of a fiscal year (`/surveys?year=`) with the predicted
//! IIT, EIT, OIT and total scores of that year.
//!
//! The point of running the NACC questions early is to see the likely result
//! while there is still time to act, so the list leads with the prediction and
//! the weakest questions, computed by the official engine
//! ([`prongsai_app::survey_scores`]), and each survey's progress towards its
//! minimum sample.
//!
//! Everyone of the agency reads; only the administrator creates, edits, opens,
//! closes and downloads (the form is in `survey_form`, a survey's page in
//! `survey_view`). Supervisors oversee ITA results, not an agency's surveys.

use axum::Router;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use minijinja::context;
use prongsai_core::model::SurveyId;
use prongsai_core::surveys::{Survey, SurveyKind, SurveyStatus};
use prongsai_core::thai::calendar::today_in_thailand;
use prongsai_core::thai::fiscal::FiscalYear;
use serde::{Deserialize, Serialize};

use crate::auth::AgencyMember;
use crate::error::AppResult;
use crate::extract::parse_year;
use crate::pages::Notice;
use crate::render::PageContext;
use crate::state::AppState;
use prongsai_app::survey_scores::year_prediction;

/// The navigation entry of every survey page.
pub(crate) const NAV: &str = "surveys";

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/surveys", get(list))
}

pub(crate) fn survey_url(id: SurveyId) -> String {
    format!("/surveys/{id}")
}

/// Responses against the minimum sample, as a page shows them.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Progress {
    pub(crate) responses: u64,
    pub(crate) minimum: Option<u32>,
    /// Share of the minimum reached, capped at 100; `None` without a population.
    pub(crate) percent: Option<u32>,
}

impl Progress {
    pub(crate) fn new(survey: &Survey, responses: u64) -> Self {
        let minimum = survey.minimum_sample();
        let percent = minimum.map(|m| {
            if m == 0 {
                100
            } else {
                u32::try_from((responses * 100 / u64::from(m)).min(100)).unwrap_or(100)
            }
        });
        Self {
            responses,
            minimum,
            percent,
        }
    }
}

/// One survey in the list.
#[derive(Debug, Serialize)]
struct Row {
    url: String,
    kind: &'static str,
    title: String,
    status: &'static str,
    open: bool,
    progress: Progress,
}

#[derive(Debug, Deserialize)]
struct YearQuery {
    #[serde(default)]
    year: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    AgencyMember(user): AgencyMember,
    Query(query): Query<YearQuery>,
    Query(notice): Query<Notice>,
) -> AppResult<Html<String>> {
    let agency = user.agency()?;
    let current = FiscalYear::containing(today_in_thailand()).be();
    let year = match query.year.as_deref().map(str::trim) {
        None | Some("") => current,
        Some(typed) => parse_year(typed)?,
    };
    let today = today_in_thailand();
    let mut rows = Vec::new();
    for survey in state.app.store.surveys(agency.id, Some(year)).await? {
        let responses = state
            .app
            .store
            .survey_response_count(agency.id, survey.id)
            .await?;
        let open = survey.accepts_answers(today);
        rows.push(Row {
            url: survey_url(survey.id),
            kind: survey.kind.label_th(),
            title: survey.title.clone(),
            status: if open {
                SurveyStatus::Open.label_th()
            } else {
                SurveyStatus::Closed.label_th()
            },
            open,
            progress: Progress::new(&survey, responses),
        });
    }
    let prediction = year_prediction(&state.app, agency, year).await?;
    let kinds: Vec<(&str, &str)> = SurveyKind::ALL
        .into_iter()
        .map(|k| (k.code(), k.label_th()))
        .collect();
    let page = PageContext::new(&user, format!("แบบสำรวจ ปีงบประมาณ {year}"), NAV)
        .with_notice(notice.message());
    state.templates.render(
        "surveys.html",
        context! {
            page => page,
            year => year,
            previous => year - 1,
            next => (year < current + 1).then_some(year + 1),
            rows => rows,
            prediction => prediction,
            kinds => kinds,
        },
    )
}
