//! The form of a project, activity or measure of an action plan: everything part 3
//! of the plan prints about it, typed the way officials write it — one objective,
//! method, output, outcome or indicator per line, years in the Buddhist era, a
//! budget per fiscal year of the plan in Thai or Arabic digits with commas
//! ("๑,๒๐๐,๐๐๐", "1,200,000"), an empty budget meaning ไม่ใช้งบประมาณ.
//!
//! Every problem comes back at its field (a budget at its year) with everything
//! typed kept. The plan's version travels in a hidden field: when someone saved
//! the plan in between, the store refuses and the form says so, keeping what was
//! typed; nothing is overwritten.

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::context;
use prongsai_core::action_plan::{
    ActionPlan, Budget, Project, ProjectKind, YearBudget, parse_budget,
};
use prongsai_core::model::{ActionPlanId, Department, DepartmentId, MissionId, ProjectId};
use prongsai_core::thai::digits::digits_for;
use prongsai_core::validation::ValidationErrors;
use serde::{Deserialize, Serialize};

use crate::auth::Admin;
use crate::auth::CurrentUser;
use crate::auth::csrf::CheckedForm;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::forms::FormState;
use crate::pages::action_plans::plans::{
    MAX_AMOUNT, NAV, TOO_LARGE_TH, load_plan, money, parse_typed_year, plan_url, posted_version,
    save_plan,
};
use crate::pages::cycle::lines;
use crate::render::PageContext;
use crate::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/action-plans/{id}/projects", post(create))
        .route("/action-plans/{id}/projects/new", get(new_form))
        .route(
            "/action-plans/{id}/projects/{project}",
            get(edit_form).post(update),
        )
}

/// The field of a year's budget.
fn budget_field(year: i32) -> String {
    format!("budget_{year}")
}

/// The text areas holding one entry per line, with the project's lists.
const LIST_FIELDS: [&str; 5] = ["objectives", "methods", "outputs", "outcomes", "indicators"];

fn list_of<'a>(project: &'a Project, field: &str) -> &'a [String] {
    match field {
        "objectives" => &project.objectives,
        "methods" => &project.methods,
        "outputs" => &project.outputs,
        "outcomes" => &project.outcomes,
        _ => &project.indicators,
    }
}

/// A budget as the form shows it again: the amount in the agency's digits, or
/// nothing for ไม่ใช้งบประมาณ.
fn budget_text(budget: Budget, thai_digits: bool) -> String {
    match budget {
        Budget::NotUsed => String::new(),
        Budget::Amount(b) => digits_for(&money(b), thai_digits),
    }
}

/// The form's values for a stored project.
fn project_values(
    plan: &ActionPlan,
    mission: MissionId,
    p: &Project,
    thai_digits: bool,
) -> BTreeMap<String, String> {
    let mut v = BTreeMap::new();
    v.insert("mission_id".to_owned(), mission.to_string());
    v.insert("kind".to_owned(), p.kind.code().to_owned());
    v.insert("name".to_owned(), p.name.clone());
    v.insert("rationale".to_owned(), p.rationale.clone());
    v.insert("target_group".to_owned(), p.target_group.clone());
    for field in LIST_FIELDS {
        v.insert(field.to_owned(), list_of(p, field).join("\n"));
    }
    v.insert(
        "first_year".to_owned(),
        digits_for(&p.first_year.to_string(), thai_digits),
    );
    v.insert(
        "last_year".to_owned(),
        digits_for(&p.last_year.to_string(), thai_digits),
    );
    for year in plan.years() {
        v.insert(budget_field(year), budget_text(p.budget(year), thai_digits));
    }
    v.insert(
        "owner_department".to_owned(),
        p.owner_department
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    v.insert("owner_text".to_owned(), p.owner_text.clone());
    v.insert("version".to_owned(), plan.version.to_string());
    v
}

/// Reads a year typed into the form; a problem goes to `errors` at its field and
/// `fallback` stands in so that the other checks still run.
fn read_year(
    get: &impl Fn(&str) -> String,
    field: &str,
    fallback: i32,
    errors: &mut ValidationErrors,
) -> i32 {
    parse_typed_year(&get(field)).unwrap_or_else(|| {
        errors.add(field, "กรุณากรอกปีงบประมาณ พ.ศ. เป็นตัวเลข เช่น 2567");
        fallback
    })
}

/// Reads the form onto `base` (its id kept) and says which mission it goes in.
/// Every problem is reported at its field.
fn read_project(
    values: &BTreeMap<String, String>,
    base: &Project,
    plan: &ActionPlan,
    departments: &[Department],
) -> Result<(Project, MissionId), ValidationErrors> {
    let get = |k: &str| values.get(k).cloned().unwrap_or_default();
    let mut errors = ValidationErrors::new();
    let mission = get("mission_id").parse::<MissionId>().ok().filter(|id| {
        plan.dimensions
            .iter()
            .any(|d| d.missions.iter().any(|m| m.id == *id))
    });
    if mission.is_none() {
        errors.add("mission_id", "กรุณาเลือกภารกิจ");
    }
    let kind = ProjectKind::from_code(&get("kind")).unwrap_or_else(|| {
        errors.add("kind", "กรุณาเลือกประเภท (โครงการ กิจกรรม หรือมาตรการ)");
        base.kind
    });
    let first_year = read_year(&get, "first_year", plan.first_year, &mut errors);
    let last_year = read_year(&get, "last_year", plan.last_year, &mut errors);
    let budgets = read_budgets(&get, plan, first_year..=last_year, &mut errors);
    let owner_department = read_owner(&get("owner_department"), departments, &mut errors);
    let project = Project {
        id: base.id,
        kind,
        name: get("name").trim().to_owned(),
        rationale: get("rationale").trim().to_owned(),
        objectives: lines(&get("objectives")),
        target_group: get("target_group").trim().to_owned(),
        methods: lines(&get("methods")),
        first_year,
        last_year,
        budgets,
        owner_department,
        owner_text: get("owner_text").trim().to_owned(),
        outputs: lines(&get("outputs")),
        outcomes: lines(&get("outcomes")),
        indicators: lines(&get("indicators")),
    };
    if let Err(found) = project.validate(plan.first_year, plan.last_year) {
        for e in found.0 {
            if errors.get(&e.field).is_none() {
                errors.add(e.field, e.message);
            }
        }
    }
    errors.into_result()?;
    Ok((project, mission.unwrap_or_else(MissionId::new)))
}

/// The budget of every year of the plan the project runs in; a year outside
/// the project's own years may be left unused.
fn read_budgets(
    get: &impl Fn(&str) -> String,
    plan: &ActionPlan,
    runs: std::ops::RangeInclusive<i32>,
    errors: &mut ValidationErrors,
) -> Vec<YearBudget> {
    let mut budgets = Vec::new();
    for year in plan.years() {
        let field = budget_field(year);
        match parse_budget(&get(&field)) {
            Ok(Budget::NotUsed) if !runs.contains(&year) => {}
            Ok(Budget::Amount(b)) if b > MAX_AMOUNT => errors.add(field, TOO_LARGE_TH),
            Ok(budget) => budgets.push(YearBudget {
                fiscal_year: year,
                budget,
            }),
            Err(message) => errors.add(field, message),
        }
    }
    budgets
}

/// The owning department chosen, which must be one of the agency's.
fn read_owner(
    typed: &str,
    departments: &[Department],
    errors: &mut ValidationErrors,
) -> Option<DepartmentId> {
    let typed = typed.trim();
    if typed.is_empty() {
        return None;
    }
    let found = typed
        .parse::<DepartmentId>()
        .ok()
        .filter(|id| departments.iter().any(|d| d.id == *id));
    if found.is_none() {
        errors.add("owner_department", "กรุณาเลือกส่วนราชการจากรายการ");
    }
    found
}

/// Puts `project` into `mission`: in place when it stays in its mission, at the
/// end of the new one when it moves or is new.
fn place(plan: &mut ActionPlan, project: Project, mission: MissionId) {
    if plan.mission_of(project.id) == Some(mission) {
        if let Some(slot) = plan.project_mut(project.id) {
            *slot = project;
        }
        return;
    }
    for m in plan
        .dimensions
        .iter_mut()
        .flat_map(|d| d.missions.iter_mut())
    {
        m.projects.retain(|p| p.id != project.id);
    }
    if let Some(m) = plan
        .dimensions
        .iter_mut()
        .flat_map(|d| d.missions.iter_mut())
        .find(|m| m.id == mission)
    {
        m.projects.push(project);
    }
}

/// A mission as the form's select lists it.
#[derive(Debug, Serialize)]
struct MissionOption {
    id: String,
    label: String,
}

/// Where the form posts and what it is for.
#[derive(Debug, Clone, Copy)]
enum FormMode {
    New,
    Edit(ProjectId),
}

async fn render_form(
    state: &AppState,
    user: &CurrentUser,
    plan: &ActionPlan,
    mode: FormMode,
    departments: &[Department],
    form: FormState,
) -> AppResult<Html<String>> {
    let (title, action) = match mode {
        FormMode::New => (
            "เพิ่มโครงการ/กิจกรรม/มาตรการ",
            format!("{}/projects", plan_url(plan.id)),
        ),
        FormMode::Edit(id) => (
            "แก้ไขโครงการ/กิจกรรม/มาตรการ",
            format!("{}/projects/{id}", plan_url(plan.id)),
        ),
    };
    let missions: Vec<MissionOption> = plan
        .dimensions
        .iter()
        .enumerate()
        .flat_map(|(d, dim)| {
            dim.missions
                .iter()
                .enumerate()
                .map(move |(m, mission)| MissionOption {
                    id: mission.id.to_string(),
                    label: format!("{}.{} {}", d + 1, m + 1, mission.title),
                })
        })
        .collect();
    let kinds: Vec<(&str, &str)> = ProjectKind::ALL
        .iter()
        .map(|k| (k.code(), k.label_th()))
        .collect();
    let page = PageContext::new(user, title, NAV);
    state.templates.render(
        "project_form.html",
        context! {
            page => page,
            heading => title,
            plan_url => plan_url(plan.id),
            plan_label => format!("{} {}", plan.title, plan.years_label()),
            years_label => plan.years_label(),
            action => action,
            years => plan.years(),
            missions => missions,
            kinds => kinds,
            departments => departments,
            form => form,
        },
    )
}

/// `?mission=` of the add-project link.
#[derive(Debug, Deserialize)]
struct NewQuery {
    #[serde(default)]
    mission: String,
}

async fn new_form(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<ActionPlanId>,
    Query(query): Query<NewQuery>,
) -> AppResult<Html<String>> {
    let plan = load_plan(&state, &user, id).await?;
    let departments = state.app.store.list_departments(plan.agency_id).await?;
    let thai_digits = user.agency()?.thai_digits;
    let form = FormState::with_values([
        ("mission_id", query.mission),
        ("kind", ProjectKind::Project.code().to_owned()),
        (
            "first_year",
            digits_for(&plan.first_year.to_string(), thai_digits),
        ),
        (
            "last_year",
            digits_for(&plan.last_year.to_string(), thai_digits),
        ),
        ("version", plan.version.to_string()),
    ]);
    render_form(&state, &user, &plan, FormMode::New, &departments, form).await
}

fn typed(mut fields: BTreeMap<String, String>) -> BTreeMap<String, String> {
    fields.remove("csrf_token");
    fields
}

/// Reads, checks and saves the form for a new or stored project.
async fn save(
    state: &AppState,
    user: &CurrentUser,
    mut plan: ActionPlan,
    base: Project,
    mode: FormMode,
    (values, problems): (BTreeMap<String, String>, ValidationErrors),
) -> AppResult<Response> {
    let departments = state.app.store.list_departments(plan.agency_id).await?;
    let version = posted_version(values.get("version"), plan.version)?;
    let read = read_project(&values, &base, &plan, &departments);
    let (project, mission) = match problems.and_then_read(read) {
        Ok(read) => read,
        Err(errors) => {
            let form = FormState::with_values(values).with_errors(&errors);
            return Ok(render_form(state, user, &plan, mode, &departments, form)
                .await?
                .into_response());
        }
    };
    let shown = plan.clone();
    plan.version = version;
    place(&mut plan, project, mission);
    match save_plan(state, user, &plan).await? {
        Ok(saved) => {
            Ok(Redirect::to(&format!("{}?notice=saved", plan_url(saved.id))).into_response())
        }
        Err((field, message)) => {
            let form = FormState::with_values(values).with_error(&field, message);
            Ok(render_form(state, user, &shown, mode, &departments, form)
                .await?
                .into_response())
        }
    }
}

async fn create(
    State(state): State<AppState>,
    Path(id): Path<ActionPlanId>,
    Admin(user): Admin,
    CheckedForm { form, problems, .. }: CheckedForm<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let plan = load_plan(&state, &user, id).await?;
    let base = Project {
        id: ProjectId::new(),
        kind: ProjectKind::Project,
        name: String::new(),
        rationale: String::new(),
        objectives: Vec::new(),
        target_group: String::new(),
        methods: Vec::new(),
        first_year: plan.first_year,
        last_year: plan.last_year,
        budgets: Vec::new(),
        owner_department: None,
        owner_text: String::new(),
        outputs: Vec::new(),
        outcomes: Vec::new(),
        indicators: Vec::new(),
    };
    save(
        &state,
        &user,
        plan,
        base,
        FormMode::New,
        (typed(form), problems),
    )
    .await
}

/// A project of the plan by the id in the address, or 404.
fn stored_project(plan: &ActionPlan, id: ProjectId) -> AppResult<(Project, MissionId)> {
    let project = plan.project(id).cloned().ok_or(AppError::NotFound)?;
    let mission = plan.mission_of(id).ok_or(AppError::NotFound)?;
    Ok((project, mission))
}

async fn edit_form(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path((id, project)): Path<(ActionPlanId, ProjectId)>,
) -> AppResult<Html<String>> {
    let plan = load_plan(&state, &user, id).await?;
    let (project, mission) = stored_project(&plan, project)?;
    let departments = state.app.store.list_departments(plan.agency_id).await?;
    let thai_digits = user.agency()?.thai_digits;
    let form = FormState::with_values(project_values(&plan, mission, &project, thai_digits));
    render_form(
        &state,
        &user,
        &plan,
        FormMode::Edit(project.id),
        &departments,
        form,
    )
    .await
}

async fn update(
    State(state): State<AppState>,
    Path((id, project)): Path<(ActionPlanId, ProjectId)>,
    Admin(user): Admin,
    CheckedForm { form, problems, .. }: CheckedForm<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let plan = load_plan(&state, &user, id).await?;
    let (project, _) = stored_project(&plan, project)?;
    let mode = FormMode::Edit(project.id);
    save(&state, &user, plan, project, mode, (typed(form), problems)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use prongsai_core::action_plan::{Dimension, Mission};
    use prongsai_core::model::{AgencyId, DimensionId};
    use prongsai_core::thai::numbers::Baht;

    fn plan() -> ActionPlan {
        let mut plan = ActionPlan::new(AgencyId::new(), 2566);
        plan.dimensions = vec![Dimension {
            id: DimensionId::new(),
            title: "มิติ".into(),
            missions: vec![Mission {
                id: MissionId::new(),
                title: "ภารกิจ".into(),
                projects: vec![],
            }],
        }];
        plan
    }

    fn blank() -> Project {
        Project {
            id: ProjectId::new(),
            kind: ProjectKind::Project,
            name: String::new(),
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
        }
    }

    fn form(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn budgets_read_in_either_digits_and_come_back_in_the_agencys() {
        let plan = plan();
        let mission = plan.dimensions[0].missions[0].id.to_string();
        let values = form(&[
            ("mission_id", &mission),
            ("kind", "activity"),
            ("name", " อบรมจริยธรรม "),
            ("methods", "ประชุม\n\nอบรม"),
            ("first_year", "๒๕๖๖"),
            ("last_year", "2567"),
            ("budget_2566", "๑,๒๐๐,๐๐๐"),
            ("budget_2567", "1,200,000"),
        ]);
        let (p, m) = read_project(&values, &blank(), &plan, &[]).unwrap();
        assert_eq!(m, plan.dimensions[0].missions[0].id);
        assert_eq!(p.kind, ProjectKind::Activity);
        assert_eq!(p.methods, vec!["ประชุม".to_owned(), "อบรม".to_owned()]);
        let million = Budget::Amount(Baht(120_000_000));
        assert_eq!((p.budget(2566), p.budget(2567)), (million, million));
        assert_eq!(p.budget(2568), Budget::NotUsed);
        let back = project_values(&plan, m, &p, true);
        assert_eq!(back["budget_2566"], "๑,๒๐๐,๐๐๐");
        assert_eq!(back["budget_2568"], "");
    }

    #[test]
    fn each_problem_lands_at_its_field() {
        let plan = plan();
        let values = form(&[
            ("kind", "project"),
            ("name", ""),
            ("first_year", "2565"),
            ("last_year", "ปีหน้า"),
            ("budget_2566", "หนึ่งล้าน"),
            ("budget_2567", "-5"),
            ("owner_department", "not-an-id"),
        ]);
        let errors = read_project(&values, &blank(), &plan, &[]).unwrap_err();
        for field in [
            "mission_id",
            "name",
            "first_year",
            "last_year",
            "budget_2566",
            "budget_2567",
            "owner_department",
        ] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        assert!(errors.get("budget_2566").unwrap().contains("ตัวเลข"));
        assert_eq!(errors.get("budget_2567"), Some("งบประมาณต้องไม่ติดลบ"));
        assert!(errors.get("first_year").unwrap().contains("2566 - 2570"));
    }

    #[test]
    fn a_project_moved_to_another_mission_goes_to_its_end() {
        let mut plan = plan();
        let first = plan.dimensions[0].missions[0].id;
        let second = MissionId::new();
        plan.dimensions[0].missions.push(Mission {
            id: second,
            title: "ภารกิจสอง".into(),
            projects: vec![],
        });
        let p = Project {
            name: "ก".into(),
            ..blank()
        };
        place(&mut plan, p.clone(), first);
        place(
            &mut plan,
            Project {
                name: "ข".into(),
                ..p.clone()
            },
            first,
        );
        assert_eq!(plan.dimensions[0].missions[0].projects[0].name, "ข");
        place(&mut plan, p, second);
        assert!(plan.dimensions[0].missions[0].projects.is_empty());
        assert_eq!(
            plan.mission_of(plan.dimensions[0].missions[1].projects[0].id),
            Some(second)
        );
    }
}
