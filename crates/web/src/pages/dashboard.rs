//! The home page: ITA totals by fiscal year, the fiscal year and round in use
//! (the current ones, or the latest planned year while the current one has no
//! plan yet: `round_in_use`), how far the measures of that round got (by topic, by department, and
//! how many are overdue), and the complaints past their due date without an
//! answer. A supervisor sees the agencies they oversee instead.

use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use chrono::NaiveDate;
use minijinja::context;
use prongsai_core::complaints::{CaseKind, Timeliness, timeliness};
use prongsai_core::model::Role;
use prongsai_core::thai::calendar::{format_date_short, today_in_thailand};
use prongsai_core::thai::fiscal::{FiscalYear, current_round, round_in_use};
use prongsai_store::CaseFilter;

use prongsai_app::ita_results::{catalog_for, summarize};

use super::cycle::progress::round_summary;
use super::ita::summary::chart_bars;
use crate::auth::CurrentUser;
use crate::charts::ita_totals_svg;
use crate::error::AppResult;
use crate::extract::round_code;
use crate::render::PageContext;
use crate::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/", get(dashboard))
}

async fn dashboard(State(state): State<AppState>, user: CurrentUser) -> AppResult<Html<String>> {
    if user.is_supervisor() {
        return supervisor_dashboard(&state, &user).await;
    }
    let agency = user.agency()?;
    let catalog = catalog_for(&state.app.store, agency.id).await?;
    let results = state.app.store.list_ita_results(agency.id).await?;
    let summaries: Vec<_> = results.iter().map(|r| summarize(r, &catalog)).collect();
    let chart = ita_totals_svg(&chart_bars(&summaries), agency.thai_digits);
    let planned = state.app.store.measure_years(agency.id).await?;
    let (fiscal_year, round) = round_in_use(today_in_thailand(), &planned);
    let is_current = fiscal_year == FiscalYear::containing(today_in_thailand());
    let measures = round_summary(&state, &user, fiscal_year.be(), round).await?;
    let overdue_cases = overdue_cases(&state, &user, today_in_thailand()).await?;
    let page = PageContext::new(&user, "ภาพรวม", "dashboard");
    state.templates.render(
        "dashboard.html",
        context! {
            page => page,
            agency_name => &agency.name,
            chart => chart,
            results => summaries,
            fiscal_year => fiscal_year.be(),
            is_current => is_current,
            round_label => round.label_th(),
            round_period => fiscal_year.round_period_label_th(round),
            round_url => format!("/progress/{}/{}", fiscal_year.be(), round_code(round)),
            by_topic => measures.by_topic,
            by_department => measures.by_department,
            overdue => measures.overdue,
            overdue_cases => overdue_cases,
        },
    )
}

/// How many of the complaints this user may see are past their due date without
/// an answer or an explanation, the few most overdue of them, and, for corruption
/// handlers only, how many corruption reports are (a count: no subject here).
async fn overdue_cases(
    state: &AppState,
    user: &CurrentUser,
    today: NaiveDate,
) -> AppResult<minijinja::Value> {
    const SHOWN: usize = 5;
    let agency = user.agency()?;
    let overdue = |kind, department_id| CaseFilter {
        kind: Some(kind),
        department_id,
        unanswered_only: true,
        ..CaseFilter::default()
    };
    let own_department =
        (user.user.role == Role::DepartmentHead).then_some(user.user.department_id);
    let mut complaints = if own_department == Some(None) {
        Vec::new()
    } else {
        let filter = overdue(CaseKind::Complaint, own_department.flatten());
        state.app.store.list_cases(agency.id, &filter).await?
    };
    complaints.retain(|c| timeliness(c, today) == Timeliness::Overdue);
    complaints.sort_by_key(|c| c.due_on);
    let corruption = if state
        .app
        .store
        .is_corruption_handler(agency.id, user.user.id)
        .await?
    {
        let reports = state
            .app
            .store
            .list_cases(agency.id, &overdue(CaseKind::Corruption, None))
            .await?;
        let late = reports
            .iter()
            .filter(|c| timeliness(c, today) == Timeliness::Overdue);
        Some(late.count())
    } else {
        None
    };
    let shown: Vec<_> = complaints
        .iter()
        .take(SHOWN)
        .map(|c| {
            context! {
                id => c.id.to_string(),
                number => c.number_label(),
                subject => &c.subject,
                due => format_date_short(c.due_on, agency.thai_digits),
                days_late => (today - c.due_on).num_days(),
            }
        })
        .collect();
    Ok(context! {
        complaints => complaints.len(),
        shown => shown,
        corruption => corruption,
    })
}

async fn supervisor_dashboard(state: &AppState, user: &CurrentUser) -> AppResult<Html<String>> {
    let province = user.user.supervised_province.clone();
    let mut rows = Vec::new();
    for agency in state.app.store.list_agencies().await? {
        if province.as_ref().is_some_and(|p| *p != agency.province) {
            continue;
        }
        let catalog = catalog_for(&state.app.store, agency.id).await?;
        let results = state.app.store.list_ita_results(agency.id).await?;
        let latest = results
            .iter()
            .map(|r| summarize(r, &catalog))
            .filter(|s| s.total.is_some())
            .max_by_key(|s| (s.fiscal_year, s.source == "official"));
        rows.push(context! {
            name => agency.name,
            district => agency.district,
            province => agency.province,
            latest => latest,
        });
    }
    let (fiscal_year, round) = current_round(today_in_thailand());
    let page = PageContext::new(user, "หน่วยงานในความกำกับดูแล", "dashboard");
    state.templates.render(
        "supervisor.html",
        context! {
            page => page,
            rows => rows,
            province => province,
            fiscal_year => fiscal_year.be(),
            round_label => round.label_th(),
        },
    )
}
