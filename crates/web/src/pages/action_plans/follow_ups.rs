//! The follow-up of an action plan per fiscal year and round (รอบ 6 เดือน, รอบ 12
//! เดือน): every project running that year with its status and the money spent
//! against its budget, the counts of `follow_up_summary`, the report form of one
//! project, and the downloads of the round's report.
//!
//! A department head sees and reports only on the projects its department owns
//! (another project answers 404, as another agency's would); the administrator
//! reports on all of them; the executive and staff read. The form carries the
//! report's version, so a concurrent save is refused with a message and what was
//! typed is kept.

use std::collections::{BTreeMap, HashMap};

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use minijinja::context;
use prongsai_core::action_plan::{ActionPlan, FollowUp, Project, follow_up_summary};
use prongsai_core::measures::ProgressStatus;
use prongsai_core::model::{ActionPlanId, DepartmentId, ProjectId, Role};
use prongsai_core::thai::calendar::today_in_thailand;
use prongsai_core::thai::digits::digits_for;
use prongsai_core::thai::fiscal::{FiscalYear, ReportingRound, current_round};
use prongsai_core::thai::numbers::parse_amount;
use prongsai_core::validation::ValidationErrors;
use prongsai_store::StoreError;
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::auth::csrf::CheckedForm;
use crate::error::{AppError, AppResult, STALE_TH};
use crate::extract::{Path, Round, Year, round_code};
use crate::forms::FormState;
use crate::pages::Notice;
use crate::pages::action_plans::plans::{
    MAX_AMOUNT, NAV, TOO_LARGE_TH, budget_cell, load_plan, money, owner_label, plan_url,
    posted_version,
};
use crate::pages::cycle::department_names;
use crate::pages::download::{DownloadQuery, attachment};
use crate::render::PageContext;
use crate::state::AppState;
use prongsai_app::action_plan_documents::render_follow_up_report;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/action-plans/{id}/follow-up", get(current))
        .route("/action-plans/{id}/follow-up/{year}/{round}", get(view))
        .route(
            "/action-plans/{id}/follow-up/{year}/{round}/document",
            get(download),
        )
        .route(
            "/action-plans/{id}/follow-up/{year}/{round}/{project}",
            get(edit).post(save),
        )
}

fn round_url(plan: &ActionPlan, year: i32, round: ReportingRound) -> String {
    format!(
        "{}/follow-up/{year}/{}",
        plan_url(plan.id),
        round_code(round)
    )
}

/// Whether `user` may see the follow-up of `project`.
fn sees_project(user: &CurrentUser, project: &Project) -> bool {
    match user.user.role {
        Role::DepartmentHead => {
            user.user.department_id.is_some() && user.user.department_id == project.owner_department
        }
        _ => true,
    }
}

/// Whether `user` may report on `project`.
fn reports_on(user: &CurrentUser, project: &Project) -> bool {
    match user.user.role {
        Role::Admin => true,
        Role::DepartmentHead => sees_project(user, project),
        _ => false,
    }
}

/// The plan with only the projects the user may see (and only those running in
/// `year`), so that lists and counts agree with what the user is allowed.
fn visible_plan(user: &CurrentUser, plan: &ActionPlan, year: i32) -> ActionPlan {
    let mut visible = plan.clone();
    for mission in visible
        .dimensions
        .iter_mut()
        .flat_map(|d| d.missions.iter_mut())
    {
        mission
            .projects
            .retain(|p| sees_project(user, p) && (p.first_year..=p.last_year).contains(&year));
    }
    visible
}

/// The plan and a fiscal year and round it covers, from the address.
async fn plan_round(
    state: &AppState,
    user: &CurrentUser,
    id: ActionPlanId,
    year: i32,
    round: ReportingRound,
) -> AppResult<(ActionPlan, i32, ReportingRound)> {
    let plan = load_plan(state, user, id).await?;
    if !plan.covers(year) {
        return Err(AppError::NotFound);
    }
    Ok((plan, year, round))
}

async fn current(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ActionPlanId>,
) -> AppResult<Redirect> {
    let plan = load_plan(&state, &user, id).await?;
    let (year, round) = current_round(today_in_thailand());
    let (year, round) = if plan.covers(year.be()) {
        (year.be(), round)
    } else {
        (plan.first_year, ReportingRound::HalfYear)
    };
    Ok(Redirect::to(&round_url(&plan, year, round)))
}

/// One project on the round page.
#[derive(Debug, Serialize)]
struct FollowUpRow {
    url: String,
    number: usize,
    name: String,
    owner: String,
    status: &'static str,
    status_code: &'static str,
    budget: String,
    spent: String,
    can_edit: bool,
}

/// The counts of a round as the page shows them.
#[derive(Debug, Serialize)]
struct SummaryView {
    projects: usize,
    done: usize,
    in_progress: usize,
    not_started: usize,
    budget: String,
    spent: String,
}

/// A link to a year and round of the plan.
#[derive(Debug, Serialize)]
struct RoundLink {
    url: String,
    label: String,
    current: bool,
}

async fn view(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, Year(year), Round(round))): Path<(ActionPlanId, Year, Round)>,
    Query(notice): Query<Notice>,
) -> AppResult<Html<String>> {
    let (plan, year, round) = plan_round(&state, &user, id, year, round).await?;
    let reports = state
        .app
        .store
        .list_follow_ups(plan.agency_id, plan.id, year, round)
        .await?;
    let names = department_names(&state, &user).await?;
    let visible = visible_plan(&user, &plan, year);
    let rows = follow_up_rows(&user, &plan, &visible, &reports, &names, year, round);
    let summary = follow_up_summary(&visible, &reports, year, round);
    let title = format!(
        "ผลการติดตามแผนปฏิบัติการ{} {}",
        FiscalYear::new(year).label_th(),
        round.label_th()
    );
    let page = PageContext::new(&user, title.clone(), NAV).with_notice(notice.message());
    state.templates.render(
        "follow_up_round.html",
        context! {
            page => page,
            heading => title,
            plan_url => plan_url(plan.id),
            plan_label => format!("{} {}", plan.title, plan.years_label()),
            period => FiscalYear::new(year).round_period_label_th(round),
            document_url => format!("{}/document", round_url(&plan, year, round)),
            rounds => round_links(&plan, year, round),
            rows => rows,
            summary => SummaryView {
                projects: summary.projects,
                done: summary.done,
                in_progress: summary.in_progress,
                not_started: summary.not_started,
                budget: money(summary.budget),
                spent: money(summary.spent),
            },
        },
    )
}

/// One row per project the user sees, numbered as in the whole plan.
fn follow_up_rows(
    user: &CurrentUser,
    plan: &ActionPlan,
    visible: &ActionPlan,
    reports: &[FollowUp],
    names: &HashMap<DepartmentId, String>,
    year: i32,
    round: ReportingRound,
) -> Vec<FollowUpRow> {
    let by_project: HashMap<ProjectId, &FollowUp> =
        reports.iter().map(|r| (r.project_id, r)).collect();
    let numbers: HashMap<ProjectId, usize> = plan
        .numbered_projects()
        .map(|(n, _, _, p)| (p.id, n))
        .collect();
    visible
        .numbered_projects()
        .map(|(_, _, _, p)| {
            let report = by_project.get(&p.id);
            let status = report.map_or(ProgressStatus::NotStarted, |r| r.status);
            FollowUpRow {
                url: format!("{}/{}", round_url(plan, year, round), p.id),
                number: numbers.get(&p.id).copied().unwrap_or_default(),
                name: p.display_name(),
                owner: owner_label(p, names),
                status: status.label_th(),
                status_code: status.code(),
                budget: budget_cell(p, year),
                spent: report
                    .and_then(|r| r.spent)
                    .map_or_else(|| "-".to_owned(), money),
                can_edit: reports_on(user, p),
            }
        })
        .collect()
}

/// Every round of every year of the plan, the shown one marked.
fn round_links(plan: &ActionPlan, year: i32, round: ReportingRound) -> Vec<RoundLink> {
    plan.years()
        .into_iter()
        .flat_map(|y| {
            [ReportingRound::HalfYear, ReportingRound::FullYear]
                .into_iter()
                .map(move |r| (y, r))
        })
        .map(|(y, r)| RoundLink {
            url: round_url(plan, y, r),
            label: format!("{y} {}", r.label_th()),
            current: y == year && r == round,
        })
        .collect()
}

/// A project of the plan running in `year` that the user may see, or 404.
fn visible_project(
    user: &CurrentUser,
    plan: &ActionPlan,
    year: i32,
    id: ProjectId,
) -> AppResult<Project> {
    plan.project(id)
        .filter(|p| sees_project(user, p) && (p.first_year..=p.last_year).contains(&year))
        .cloned()
        .ok_or(AppError::NotFound)
}

/// The form's values for a stored report.
fn follow_up_values(r: &FollowUp, thai_digits: bool) -> BTreeMap<String, String> {
    let mut v = BTreeMap::new();
    v.insert("status".to_owned(), r.status.code().to_owned());
    v.insert("done".to_owned(), r.done.clone());
    v.insert(
        "spent".to_owned(),
        r.spent
            .map(|b| digits_for(&money(b), thai_digits))
            .unwrap_or_default(),
    );
    v.insert("outputs_achieved".to_owned(), r.outputs_achieved.clone());
    v.insert("problems".to_owned(), r.problems.clone());
    v.insert("suggestions".to_owned(), r.suggestions.clone());
    v.insert("version".to_owned(), r.version.to_string());
    v
}

/// Reads the form onto `stored`; problems at their fields.
fn read_follow_up(
    values: &BTreeMap<String, String>,
    stored: &FollowUp,
    plan: &ActionPlan,
) -> Result<FollowUp, ValidationErrors> {
    let get = |k: &str| values.get(k).cloned().unwrap_or_default();
    let mut errors = ValidationErrors::new();
    let status = ProgressStatus::from_code(&get("status")).unwrap_or_else(|| {
        errors.add("status", "กรุณาเลือกสถานะ");
        stored.status
    });
    let spent_text = get("spent");
    let spent = if spent_text.trim().is_empty() || spent_text.trim() == "-" {
        None
    } else {
        match parse_amount(&spent_text) {
            Ok(b) if b > MAX_AMOUNT => {
                errors.add("spent", TOO_LARGE_TH);
                None
            }
            Ok(b) => Some(b),
            Err(e) => {
                errors.add("spent", e.to_string());
                None
            }
        }
    };
    let version = get("version").trim().parse().unwrap_or(stored.version);
    let report = FollowUp {
        status,
        done: get("done").trim().to_owned(),
        spent,
        outputs_achieved: get("outputs_achieved").trim().to_owned(),
        problems: get("problems").trim().to_owned(),
        suggestions: get("suggestions").trim().to_owned(),
        version,
        ..stored.clone()
    };
    if let Err(found) = report.validate(plan) {
        for e in found.0 {
            if errors.get(&e.field).is_none() {
                errors.add(e.field, e.message);
            }
        }
    }
    errors.into_result()?;
    Ok(report)
}

/// The stored report of a project in a round, or an empty one.
async fn stored_report(
    state: &AppState,
    plan: &ActionPlan,
    project: &Project,
    year: i32,
    round: ReportingRound,
) -> AppResult<FollowUp> {
    Ok(state
        .app
        .store
        .list_follow_ups(plan.agency_id, plan.id, year, round)
        .await?
        .into_iter()
        .find(|r| r.project_id == project.id)
        .unwrap_or_else(|| FollowUp::new(plan, project.id, year, round)))
}

#[allow(
    clippy::too_many_arguments,
    reason = "the page needs the plan, the project, the round and the form"
)]
async fn render_report(
    state: &AppState,
    user: &CurrentUser,
    plan: &ActionPlan,
    project: &Project,
    year: i32,
    round: ReportingRound,
    form: FormState,
    notice: Option<&str>,
) -> AppResult<Html<String>> {
    let names = department_names(state, user).await?;
    let statuses: Vec<(&str, &str)> = ProgressStatus::ALL
        .iter()
        .map(|s| (s.code(), s.label_th()))
        .collect();
    let title = format!("ผลการดำเนินงาน: {}", project.display_name());
    let page = PageContext::new(user, title.clone(), NAV).with_notice(notice);
    state.templates.render(
        "follow_up_edit.html",
        context! {
            page => page,
            heading => title,
            round_url => round_url(plan, year, round),
            round_label => format!("{} {}", FiscalYear::new(year).label_th(), round.label_th()),
            action => format!("{}/{}", round_url(plan, year, round), project.id),
            owner => owner_label(project, &names),
            budget => budget_cell(project, year),
            methods => project.methods,
            outputs => project.outputs,
            indicators => project.indicators,
            statuses => statuses,
            can_edit => reports_on(user, project),
            form => form,
        },
    )
}

async fn edit(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, Year(year), Round(round), project)): Path<(ActionPlanId, Year, Round, ProjectId)>,
    Query(notice): Query<Notice>,
) -> AppResult<Html<String>> {
    let (plan, year, round) = plan_round(&state, &user, id, year, round).await?;
    let project = visible_project(&user, &plan, year, project)?;
    let stored = stored_report(&state, &plan, &project, year, round).await?;
    let form = FormState::with_values(follow_up_values(&stored, user.agency()?.thai_digits));
    render_report(
        &state,
        &user,
        &plan,
        &project,
        year,
        round,
        form,
        notice.message(),
    )
    .await
}

async fn save(
    State(state): State<AppState>,
    Path((id, Year(year), Round(round), project)): Path<(ActionPlanId, Year, Round, ProjectId)>,
    CheckedForm {
        user,
        form,
        problems,
    }: CheckedForm<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let (plan, year, round) = plan_round(&state, &user, id, year, round).await?;
    let project = visible_project(&user, &plan, year, project)?;
    if !reports_on(&user, &project) {
        return Err(AppError::Forbidden);
    }
    let mut values = form;
    values.remove("csrf_token");
    let stored = stored_report(&state, &plan, &project, year, round).await?;
    posted_version(values.get("version"), stored.version)?;
    let again =
        |form: FormState| render_report(&state, &user, &plan, &project, year, round, form, None);
    let report = match problems.and_then_read(read_follow_up(&values, &stored, &plan)) {
        Ok(r) => r,
        Err(errors) => {
            let form = FormState::with_values(values).with_errors(&errors);
            return Ok(again(form).await?.into_response());
        }
    };
    match state.app.store.save_follow_up(user.actor(), &report).await {
        Ok(_) => Ok(
            Redirect::to(&format!("{}?notice=saved", round_url(&plan, year, round)))
                .into_response(),
        ),
        Err(StoreError::Stale) => {
            let form = FormState::with_values(values).with_error("form", STALE_TH);
            Ok(again(form).await?.into_response())
        }
        Err(e) => Err(e.into()),
    }
}

async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, Year(year), Round(round))): Path<(ActionPlanId, Year, Round)>,
    Query(query): Query<DownloadQuery>,
) -> AppResult<Response> {
    let (plan, year, round) = plan_round(&state, &user, id, year, round).await?;
    let format = query.format()?;
    let document = render_follow_up_report(
        &state.app.store,
        &state.app.renderer,
        user.agency()?,
        plan.id,
        year,
        round,
        format,
    )
    .await?;
    Ok(attachment(document))
}

#[cfg(test)]
mod tests {
    use super::*;
    use prongsai_core::action_plan::{Dimension, Mission, ProjectKind};
    use prongsai_core::model::{AgencyId, DimensionId, MissionId};
    use prongsai_core::thai::numbers::Baht;

    fn plan_with_project() -> (ActionPlan, ProjectId) {
        let mut plan = ActionPlan::new(AgencyId::new(), 2566);
        let project = Project {
            id: ProjectId::new(),
            kind: ProjectKind::Project,
            name: "อบรม".into(),
            rationale: String::new(),
            objectives: vec![],
            target_group: String::new(),
            methods: vec![],
            first_year: 2566,
            last_year: 2570,
            budgets: vec![],
            owner_department: None,
            owner_text: String::new(),
            outputs: vec![],
            outcomes: vec![],
            indicators: vec![],
        };
        let id = project.id;
        plan.dimensions = vec![Dimension {
            id: DimensionId::new(),
            title: "มิติ".into(),
            missions: vec![Mission {
                id: MissionId::new(),
                title: "ภารกิจ".into(),
                projects: vec![project],
            }],
        }];
        (plan, id)
    }

    fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_report_reads_money_in_either_digits_and_keeps_its_version() {
        let (plan, project) = plan_with_project();
        let stored = FollowUp::new(&plan, project, 2566, ReportingRound::HalfYear);
        let report = read_follow_up(
            &values(&[
                ("status", "in_progress"),
                ("done", "จัดอบรมแล้ว"),
                ("spent", "๑๒,๕๐๐"),
                ("version", "2"),
            ]),
            &stored,
            &plan,
        )
        .unwrap();
        assert_eq!(report.spent, Some(Baht(1_250_000)));
        assert_eq!(report.version, 2);
        assert_eq!(follow_up_values(&report, true)["spent"], "๑๒,๕๐๐");
    }

    #[test]
    fn report_problems_land_at_their_fields() {
        let (plan, project) = plan_with_project();
        let stored = FollowUp::new(&plan, project, 2566, ReportingRound::HalfYear);
        let errors = read_follow_up(
            &values(&[("status", "done"), ("spent", "หนึ่งหมื่น")]),
            &stored,
            &plan,
        )
        .unwrap_err();
        assert!(errors.get("spent").is_some());
        assert!(errors.get("done").is_some());
        let negative = read_follow_up(
            &values(&[("status", "not_started"), ("spent", "-5")]),
            &stored,
            &plan,
        )
        .unwrap_err();
        assert!(negative.get("spent").is_some());
    }
}
