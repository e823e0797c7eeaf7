//! The complaint statistics of a fiscal year (`/complaints/statistics?year=`) and
//! their downloads as PDF, XLSX and CSV
//! (`/complaints/statistics/{year}/download?format=`).
//!
//! Everyone of the agency reads them (administrators, executives, department
//! heads and staff): they are what the agency publishes. The page shows the
//! tables of the document itself, so it can never say more than the download;
//! corruption counts are withheld below the threshold here too, whoever reads,
//! because a page open in an office is as readable as a printout.

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, Response};
use axum::routing::get;
use minijinja::context;
use prongsai_core::thai::calendar::today_in_thailand;
use prongsai_core::thai::fiscal::FiscalYear;
use serde::Deserialize;

use crate::auth::AgencyMember;
use crate::error::AppResult;
use crate::extract::{Path, Year, parse_year};
use crate::forms::FormState;
use crate::pages::download::{DownloadQuery, attachment};
use crate::render::PageContext;
use crate::state::AppState;
use prongsai_app::complaint_statistics::{
    render_complaint_statistics, statistics_document, year_statistics,
};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/complaints/statistics", get(view))
        .route("/complaints/statistics/{year}/download", get(download))
}

#[derive(Debug, Deserialize)]
struct YearQuery {
    #[serde(default)]
    year: Option<String>,
}

async fn view(
    State(state): State<AppState>,
    AgencyMember(user): AgencyMember,
    Query(query): Query<YearQuery>,
) -> AppResult<Html<String>> {
    let agency = user.agency()?;
    let typed = query.year.as_deref().map(str::trim).unwrap_or_default();
    let current = FiscalYear::containing(today_in_thailand()).be();
    let page = PageContext::new(&user, "สถิติเรื่องร้องเรียน", "cases");
    let year = if typed.is_empty() {
        current
    } else if let Ok(year) = parse_year(typed) {
        year
    } else {
        let form = FormState::with_values([("year", typed)])
            .with_error("year", "กรุณากรอกปีงบประมาณ พ.ศ. เป็นตัวเลข เช่น 2569");
        return state.templates.render(
            "complaint_stats.html",
            context! { page => page, form => form, year => None::<i32>, document => None::<()> },
        );
    };
    let stats = year_statistics(&state.app.store, agency, year).await?;
    let document = statistics_document(agency, &stats, today_in_thailand());
    let form = FormState::with_values([("year", year.to_string())]);
    state.templates.render(
        "complaint_stats.html",
        context! {
            page => page,
            form => form,
            year => Some(year),
            previous => year - 1,
            next => (year < current).then_some(year + 1),
            threshold => stats.threshold,
            document => Some(document),
        },
    )
}

async fn download(
    State(state): State<AppState>,
    AgencyMember(user): AgencyMember,
    Path(Year(year)): Path<Year>,
    Query(query): Query<DownloadQuery>,
) -> AppResult<Response> {
    let agency = user.agency()?;
    let format = query.format()?;
    let document =
        render_complaint_statistics(&state.app.store, &state.app.renderer, agency, year, format)
            .await?;
    Ok(attachment(document))
}
