//! The anti-corruption action plans (แผนปฏิบัติการป้องกันการทุจริตฯ) of an agency:
//! the list with the form that starts a plan (from the four-dimension template,
//! from a copy of an earlier plan, or empty), the page of one plan with its
//! summary table dimension > mission > project and every total computed, and
//! the plan's downloads. The administrator writes; everyone else of the agency
//! reads.
//!
//! Every change saves the whole plan with the version the page was loaded with,
//! so two people editing at once never overwrite each other: the second gets a
//! message and what they typed back. [`save_plan`] and [`render_plan`] are shared
//! with the modules that edit parts of the plan.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use minijinja::context;
use prongsai_core::action_plan::{
    ActionPlan, Budget, DEFAULT_PLAN_YEARS, NodeTotals, PlanTotals, Project, TEMPLATE_VERIFIED,
    copy_plan, local_government_template, plan_totals,
};
use prongsai_core::model::{ActionPlanId, DepartmentId};
use prongsai_core::thai::calendar::{format_date_long, today_in_thailand};
use prongsai_core::thai::digits::to_arabic_digits;
use prongsai_core::thai::fiscal::FiscalYear;
use prongsai_core::thai::numbers::{Baht, format_integer};
use prongsai_store::StoreError;
use serde::{Deserialize, Serialize};

use crate::auth::Admin;
use crate::auth::CurrentUser;
use crate::auth::csrf::ProtectedForm;
use crate::error::{AppError, AppResult, STALE_TH};
use crate::extract::Path;
use crate::forms::FormState;
use crate::pages::Notice;
use crate::pages::confirm::{ConfirmForm, render_confirm};
use crate::pages::cycle::department_names;
use crate::pages::download::{DownloadQuery, attachment};
use crate::render::PageContext;
use crate::state::AppState;
use prongsai_app::action_plan_documents::render_action_plan;

/// The navigation entry of every action-plan page.
pub(crate) const NAV: &str = "action_plans";

/// What a user is told when the years of a plan overlap another plan's.
const OVERLAP_TH: &str = "ช่วงปีของแผนซ้อนทับกับแผนอื่นของหน่วยงาน กรุณาเลือกปีงบประมาณที่ยังไม่มีแผน";

/// What a user is told when a change would remove a project that has follow-ups.
const IN_USE_TH: &str =
    "โครงการที่จะถูกลบมีผลการติดตามแล้ว จึงลบไม่ได้ กรุณาตรวจสอบผลการติดตามของโครงการนั้นก่อน";

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/action-plans", get(list).post(create))
        .route("/action-plans/{id}", get(view))
        .route(
            "/action-plans/{id}/delete",
            get(confirm_delete).post(delete),
        )
        .route("/action-plans/{id}/document", get(download))
}

pub(crate) fn plan_url(id: ActionPlanId) -> String {
    format!("/action-plans/{id}")
}

/// A plan of the user's agency by the id in the address; anything else is 404.
pub(crate) async fn load_plan(
    state: &AppState,
    user: &CurrentUser,
    id: ActionPlanId,
) -> AppResult<ActionPlan> {
    Ok(state
        .app
        .store
        .get_action_plan(user.agency_id()?, id)
        .await?)
}

/// The version a form posted, or the stored one when the form sent none.
pub(crate) fn posted_version(text: Option<&String>, stored: i64) -> AppResult<i64> {
    match text.map(|t| t.trim()).filter(|t| !t.is_empty()) {
        None => Ok(stored),
        Some(t) => t
            .parse()
            .map_err(|_| AppError::BadRequest(format!("version {t}"))),
    }
}

/// Why the store refused a plan: the form field and the Thai message.
pub(crate) type Refusal = (String, String);

/// Saves the whole plan; a refusal the user can act on comes back as the field
/// and message to show, anything else as an error.
pub(crate) async fn save_plan(
    state: &AppState,
    user: &CurrentUser,
    plan: &ActionPlan,
) -> AppResult<Result<ActionPlan, Refusal>> {
    match state.app.store.save_action_plan(user.actor(), plan).await {
        Ok(saved) => Ok(Ok(saved)),
        Err(StoreError::Stale) => Ok(Err(("form".to_owned(), STALE_TH.to_owned()))),
        Err(StoreError::Conflict { field }) if field == "first_year" => {
            Ok(Err(("first_year".to_owned(), OVERLAP_TH.to_owned())))
        }
        Err(StoreError::InUse { .. }) => Ok(Err(("form".to_owned(), IN_USE_TH.to_owned()))),
        Err(e) => Err(e.into()),
    }
}

/// The largest amount a budget or an amount spent may be: a million million
/// baht, far beyond any agency's budget and far from where sums could overflow.
pub(crate) const MAX_AMOUNT: Baht = Baht(100_000_000_000_000);

/// What a user is told about an amount over [`MAX_AMOUNT`].
pub(crate) const TOO_LARGE_TH: &str = "จำนวนเงินมากเกินกว่าที่ระบบรองรับ (ไม่เกินหนึ่งล้านล้านบาท)";

/// An amount as the pages print it: whole baht without decimals ("1,200,000").
pub(crate) fn money(amount: Baht) -> String {
    if amount.satang_part() == 0 {
        format_integer(amount.whole_baht())
    } else {
        amount.to_string()
    }
}

/// A project's budget cell of one year: the amount, "ไม่ใช้งบประมาณ", or "-"
/// outside the project's own years.
pub(crate) fn budget_cell(project: &Project, year: i32) -> String {
    if !(project.first_year..=project.last_year).contains(&year) {
        return "-".to_owned();
    }
    match project.budget(year) {
        Budget::NotUsed => "ไม่ใช้งบประมาณ".to_owned(),
        Budget::Amount(b) => money(b),
    }
}

/// The department and/or the text naming who is responsible for a project.
pub(crate) fn owner_label(project: &Project, names: &HashMap<DepartmentId, String>) -> String {
    project
        .owner_department
        .and_then(|d| names.get(&d).cloned())
        .into_iter()
        .chain(Some(project.owner_text.trim().to_owned()).filter(|t| !t.is_empty()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "พ.ศ. 2566 - 2567", or one year.
pub(crate) fn period_label(project: &Project) -> String {
    if project.first_year == project.last_year {
        format!("พ.ศ. {}", project.first_year)
    } else {
        format!("พ.ศ. {} - {}", project.first_year, project.last_year)
    }
}

/// A plan as the list shows it.
#[derive(Debug, Serialize)]
struct PlanSummary {
    url: String,
    title: String,
    years: String,
    projects: usize,
    total: String,
}

async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(notice): Query<Notice>,
) -> AppResult<Html<String>> {
    let next = FiscalYear::containing(today_in_thailand()).be() + 1;
    let form = FormState::with_values([
        ("first_year", next.to_string()),
        ("years", DEFAULT_PLAN_YEARS.to_string()),
        ("start", "template".to_owned()),
    ]);
    render_list(&state, &user, form, notice.message()).await
}

async fn render_list(
    state: &AppState,
    user: &CurrentUser,
    form: FormState,
    notice: Option<&str>,
) -> AppResult<Html<String>> {
    let plans = state.app.store.list_action_plans(user.agency_id()?).await?;
    let summaries: Vec<PlanSummary> = plans
        .iter()
        .map(|p| {
            let totals = plan_totals(p);
            PlanSummary {
                url: plan_url(p.id),
                title: p.title.clone(),
                years: p.years_label(),
                projects: totals.plan.projects,
                total: money(totals.plan.total),
            }
        })
        .collect();
    let copies: Vec<(String, String)> = plans
        .iter()
        .map(|p| (p.id.to_string(), format!("{} {}", p.title, p.years_label())))
        .collect();
    let title = "แผนปฏิบัติการป้องกันการทุจริต";
    let page = PageContext::new(user, title, NAV).with_notice(notice);
    state.templates.render(
        "action_plans.html",
        context! {
            page => page,
            heading => title,
            plans => summaries,
            copies => copies,
            template_verified => TEMPLATE_VERIFIED,
            default_years => DEFAULT_PLAN_YEARS,
            form => form,
        },
    )
}

/// A year typed in Thai or Arabic digits.
pub(crate) fn parse_typed_year(text: &str) -> Option<i32> {
    to_arabic_digits(text.trim()).parse().ok()
}

/// What the new-plan form sends.
#[derive(Debug, Deserialize)]
struct CreateForm {
    #[serde(default)]
    first_year: String,
    #[serde(default)]
    years: String,
    /// `template`, `empty`, or the id of the plan to copy.
    #[serde(default)]
    start: String,
}

async fn create(
    State(state): State<AppState>,
    Admin(user): Admin,
    ProtectedForm { form, .. }: ProtectedForm<CreateForm>,
) -> AppResult<Response> {
    let outcome = match new_plan(&state, &user, &form).await? {
        Ok(plan) => save_plan(&state, &user, &plan).await?,
        Err(refusal) => Err(refusal),
    };
    match outcome {
        Ok(saved) => {
            Ok(Redirect::to(&format!("{}?notice=saved", plan_url(saved.id))).into_response())
        }
        Err((field, message)) => {
            let typed = FormState::with_values([
                ("first_year", form.first_year.as_str()),
                ("years", form.years.as_str()),
                ("start", form.start.as_str()),
            ])
            .with_error(&field, message);
            Ok(render_list(&state, &user, typed, None)
                .await?
                .into_response())
        }
    }
}

/// The plan the new-plan form asks for, or the first problem with what was typed.
async fn new_plan(
    state: &AppState,
    user: &CurrentUser,
    form: &CreateForm,
) -> AppResult<Result<ActionPlan, Refusal>> {
    let refuse = |field: &str, message: &str| Ok(Err((field.to_owned(), message.to_owned())));
    let Some(first_year) = parse_typed_year(&form.first_year) else {
        return refuse("first_year", "กรุณากรอกปีงบประมาณ พ.ศ. เป็นตัวเลข เช่น 2570");
    };
    if FiscalYear::try_from(first_year).is_err() {
        return refuse("first_year", "ปีงบประมาณที่เริ่มไม่ถูกต้อง กรุณากรอกปี พ.ศ. เช่น 2570");
    }
    let last_year = match parse_typed_year(&form.years) {
        Some(n) if n >= 1 => first_year.checked_add(n - 1),
        _ => None,
    };
    let Some(last_year) = last_year else {
        return refuse("years", "กรุณากรอกจำนวนปีของแผนเป็นตัวเลขตั้งแต่ 1 ขึ้นไป");
    };
    let agency = user.agency_id()?;
    let plan = match form.start.as_str() {
        "template" | "empty" => {
            let mut plan = ActionPlan::new(agency, first_year);
            plan.last_year = last_year;
            if form.start == "template" {
                plan.dimensions = local_government_template();
            }
            plan
        }
        other => {
            let Ok(id) = other.parse::<ActionPlanId>() else {
                return refuse("start", "กรุณาเลือกวิธีเริ่มต้นแผน");
            };
            let previous = state.app.store.get_action_plan(agency, id).await?;
            copy_plan(&previous, first_year)
        }
    };
    if let Err(errors) = plan.validate() {
        let first = errors.0.into_iter().next().map(|e| {
            let field = match e.field.as_str() {
                "first_year" => "first_year",
                "last_year" => "years",
                _ => "start",
            };
            (field.to_owned(), e.message)
        });
        return Ok(Err(first.unwrap_or_else(|| {
            ("start".to_owned(), "กรุณาตรวจสอบข้อมูลของแผน".to_owned())
        })));
    }
    Ok(Ok(plan))
}

/// A project row of the summary table.
#[derive(Debug, Serialize)]
struct ProjectRow {
    id: String,
    number: usize,
    name: String,
    owner: String,
    period: String,
    budgets: Vec<String>,
    total: String,
    first: bool,
    last: bool,
}

/// A mission with its projects and totals.
#[derive(Debug, Serialize)]
struct MissionBlock {
    id: String,
    number: String,
    title: String,
    projects: Vec<ProjectRow>,
    totals: TotalsRow,
    first: bool,
    last: bool,
}

/// A dimension with its missions and totals.
#[derive(Debug, Serialize)]
struct DimensionBlock {
    id: String,
    number: usize,
    title: String,
    missions: Vec<MissionBlock>,
    totals: TotalsRow,
    first: bool,
    last: bool,
}

/// The totals of a node: projects, one amount per year, the whole.
#[derive(Debug, Default, Serialize)]
struct TotalsRow {
    projects: usize,
    per_year: Vec<String>,
    total: String,
}

impl From<Option<&NodeTotals>> for TotalsRow {
    fn from(t: Option<&NodeTotals>) -> Self {
        t.map_or_else(Self::default, |t| Self {
            projects: t.projects,
            per_year: t.per_year.iter().map(|y| money(y.amount)).collect(),
            total: money(t.total),
        })
    }
}

/// A target row as the plan page shows it.
#[derive(Debug, Serialize)]
struct TargetRow {
    heading: String,
    values: Vec<String>,
}

async fn view(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ActionPlanId>,
    Query(notice): Query<Notice>,
) -> AppResult<Html<String>> {
    let plan = load_plan(&state, &user, id).await?;
    render_plan(&state, &user, &plan, FormState::default(), notice.message()).await
}

/// The page of one plan, with `form` holding what was typed into one of its
/// small forms and the message of a refused change.
pub(crate) async fn render_plan(
    state: &AppState,
    user: &CurrentUser,
    plan: &ActionPlan,
    form: FormState,
    notice: Option<&str>,
) -> AppResult<Html<String>> {
    let agency = user.agency()?;
    let names = department_names(state, user).await?;
    let totals = plan_totals(plan);
    let years = plan.years();
    let targets: Vec<TargetRow> = plan
        .targets
        .iter()
        .map(|t| TargetRow {
            heading: t.heading(),
            values: years
                .iter()
                .map(|y| t.value_text(*y).unwrap_or_else(|| "-".to_owned()))
                .collect(),
        })
        .collect();
    let title = format!("{} {}", plan.title, plan.years_label());
    let page = PageContext::new(user, title, NAV).with_notice(notice);
    state.templates.render(
        "action_plan.html",
        context! {
            page => page,
            plan_url => plan_url(plan.id),
            title => plan.title,
            years_label => plan.years_label(),
            years => years,
            version => plan.version,
            preface_date => plan.preface_date.map(|d| format_date_long(d, agency.thai_digits)),
            intro_filled => intro_filled(plan),
            targets => targets,
            dimensions => dimension_blocks(plan, &totals, &names),
            totals => TotalsRow::from(Some(&totals.plan)),
            form => form,
        },
    )
}

/// How many of the introduction's five texts are written.
fn intro_filled(plan: &ActionPlan) -> usize {
    [
        &plan.preface,
        &plan.intro.rationale,
        &plan.intro.objectives,
        &plan.intro.goals,
        &plan.intro.benefits,
    ]
    .iter()
    .filter(|t| !t.trim().is_empty())
    .count()
}

/// The plan's dimensions, missions and projects, projects numbered through.
fn dimension_blocks(
    plan: &ActionPlan,
    totals: &PlanTotals,
    names: &HashMap<DepartmentId, String>,
) -> Vec<DimensionBlock> {
    let years = plan.years();
    let mut number = 0;
    let mut project_row = |project: &Project, first: bool, last: bool| {
        number += 1;
        ProjectRow {
            id: project.id.to_string(),
            number,
            name: project.display_name(),
            owner: owner_label(project, names),
            period: period_label(project),
            budgets: years.iter().map(|y| budget_cell(project, *y)).collect(),
            total: money(Baht(
                years.iter().map(|y| project.budget(*y).amount().0).sum(),
            )),
            first,
            last,
        }
    };
    let count = plan.dimensions.len();
    let mut blocks = Vec::with_capacity(count);
    for (d, dimension) in plan.dimensions.iter().enumerate() {
        let mut missions = Vec::with_capacity(dimension.missions.len());
        for (m, mission) in dimension.missions.iter().enumerate() {
            let last = mission.projects.len();
            let projects = (mission.projects.iter().enumerate())
                .map(|(p, project)| project_row(project, p == 0, p + 1 == last))
                .collect();
            missions.push(MissionBlock {
                id: mission.id.to_string(),
                number: format!("{}.{}", d + 1, m + 1),
                title: mission.title.clone(),
                projects,
                totals: totals.mission(mission.id).into(),
                first: m == 0,
                last: m + 1 == dimension.missions.len(),
            });
        }
        blocks.push(DimensionBlock {
            id: dimension.id.to_string(),
            number: d + 1,
            title: dimension.title.clone(),
            missions,
            totals: totals.dimension(dimension.id).into(),
            first: d == 0,
            last: d + 1 == count,
        });
    }
    blocks
}

async fn confirm_delete(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<ActionPlanId>,
) -> AppResult<Html<String>> {
    let plan = load_plan(&state, &user, id).await?;
    let totals = plan_totals(&plan);
    let lines = vec![
        format!("{} {}", plan.title, plan.years_label()),
        format!(
            "มิติ {} มิติ โครงการ/กิจกรรม/มาตรการ {} รายการ งบประมาณรวม {} บาท",
            plan.dimensions.len(),
            totals.plan.projects,
            money(totals.plan.total)
        ),
        "ผลการติดตามของทุกโครงการในแผนนี้ทุกปีและทุกรอบ".to_owned(),
    ];
    render_confirm(
        &state,
        &user,
        NAV,
        "ลบแผนปฏิบัติการ",
        lines,
        format!("{}/delete", plan_url(plan.id)),
        plan_url(plan.id),
    )
}

async fn delete(
    State(state): State<AppState>,
    Path(id): Path<ActionPlanId>,
    Admin(user): Admin,
    ProtectedForm { .. }: ProtectedForm<ConfirmForm>,
) -> AppResult<Redirect> {
    let plan = load_plan(&state, &user, id).await?;
    state
        .app
        .store
        .delete_action_plan(user.actor(), plan.agency_id, plan.id)
        .await?;
    Ok(Redirect::to("/action-plans?notice=deleted"))
}

async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ActionPlanId>,
    Query(query): Query<DownloadQuery>,
) -> AppResult<Response> {
    let plan = load_plan(&state, &user, id).await?;
    let format = query.format()?;
    let document = render_action_plan(
        &state.app.store,
        &state.app.renderer,
        user.agency()?,
        plan.id,
        format,
    )
    .await?;
    Ok(attachment(document))
}
