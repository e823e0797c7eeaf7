//! The tree of a plan edited from its page: dimensions (มิติ) and missions
//! (ภารกิจ) are added, renamed, moved up or down and deleted; projects are moved
//! and deleted (their form is `project_form`). Numbers (1, 1.2, project 7) follow
//! from the order, so moving renumbers everything.
//!
//! Each change loads the plan, applies itself and saves the whole plan with the
//! version the page was loaded with; a refused change shows the plan page again
//! with what was typed and the message at the box it came from. Deleting goes
//! through a page that says what goes with it.

use axum::Router;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use prongsai_core::action_plan::{ActionPlan, Dimension, Mission};
use prongsai_core::model::{ActionPlanId, DimensionId, MissionId, ProjectId};
use serde::Deserialize;

use crate::auth::Admin;
use crate::auth::CurrentUser;
use crate::auth::csrf::ProtectedForm;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::forms::FormState;
use crate::pages::action_plans::plans::{
    NAV, load_plan, plan_url, posted_version, render_plan, save_plan,
};
use crate::pages::confirm::{ConfirmForm, render_confirm};
use crate::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/action-plans/{id}/dimensions", post(add_dimension))
        .route(
            "/action-plans/{id}/dimensions/{dim}",
            post(rename_dimension),
        )
        .route(
            "/action-plans/{id}/dimensions/{dim}/move",
            post(move_dimension),
        )
        .route(
            "/action-plans/{id}/dimensions/{dim}/delete",
            get(confirm_delete_dimension).post(delete_dimension),
        )
        .route(
            "/action-plans/{id}/dimensions/{dim}/missions",
            post(add_mission),
        )
        .route(
            "/action-plans/{id}/missions/{mission}",
            post(rename_mission),
        )
        .route(
            "/action-plans/{id}/missions/{mission}/move",
            post(move_mission),
        )
        .route(
            "/action-plans/{id}/missions/{mission}/delete",
            get(confirm_delete_mission).post(delete_mission),
        )
        .route(
            "/action-plans/{id}/projects/{project}/move",
            post(move_project),
        )
        .route(
            "/action-plans/{id}/projects/{project}/delete",
            get(confirm_delete_project).post(delete_project),
        )
}

/// What a title box of the plan page sends.
#[derive(Debug, Deserialize)]
struct TitleForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    version: Option<String>,
}

/// What an up/down button sends.
#[derive(Debug, Deserialize)]
struct MoveForm {
    #[serde(default)]
    offset: String,
    #[serde(default)]
    version: Option<String>,
}

impl MoveForm {
    fn offset(&self) -> AppResult<isize> {
        match self.offset.as_str() {
            "-1" => Ok(-1),
            "1" => Ok(1),
            other => Err(AppError::BadRequest(format!("offset {other}"))),
        }
    }
}

/// Swaps the item at `index` with its neighbour; nothing happens at either end.
fn shift<T>(items: &mut [T], index: usize, offset: isize) {
    if let Some(other) = index.checked_add_signed(offset)
        && other < items.len()
    {
        items.swap(index, other);
    }
}

/// The field of a dimension's rename box.
fn dimension_field(id: DimensionId) -> String {
    format!("dimension_{id}")
}

/// The field of a mission's rename box.
fn mission_field(id: MissionId) -> String {
    format!("mission_{id}")
}

/// The field of the add-mission box of a dimension.
fn new_mission_field(id: DimensionId) -> String {
    format!("mission_new_{id}")
}

/// Saves a changed plan and goes back to its page; a refusal shows the page with
/// `typed` and the message.
async fn finish(
    state: &AppState,
    user: &CurrentUser,
    plan: ActionPlan,
    typed: FormState,
    notice: &str,
) -> AppResult<Response> {
    match save_plan(state, user, &plan).await? {
        Ok(saved) => {
            Ok(Redirect::to(&format!("{}?notice={notice}", plan_url(saved.id))).into_response())
        }
        Err((field, message)) => {
            let current = state
                .app
                .store
                .get_action_plan(plan.agency_id, plan.id)
                .await?;
            let form = typed.with_error(&field, message);
            Ok(render_plan(state, user, &current, form, None)
                .await?
                .into_response())
        }
    }
}

/// A title typed into a box of the plan page, or the page again with a message.
async fn titled(
    state: &AppState,
    user: &CurrentUser,
    plan: &ActionPlan,
    field: &str,
    typed: &str,
    what: &str,
) -> AppResult<Result<String, Response>> {
    let title = typed.trim();
    if !title.is_empty() {
        return Ok(Ok(title.to_owned()));
    }
    let form =
        FormState::with_values([(field, typed)]).with_error(field, format!("กรุณากรอกชื่อ{what}"));
    Ok(Err(render_plan(state, user, plan, form, None)
        .await?
        .into_response()))
}

/// The plan of the address for a change by an administrator, at the version the
/// form posted.
async fn plan_to_change(
    state: &AppState,
    user: &CurrentUser,
    id: ActionPlanId,
    version: Option<&String>,
) -> AppResult<ActionPlan> {
    let mut plan = load_plan(state, user, id).await?;
    plan.version = posted_version(version, plan.version)?;
    Ok(plan)
}

fn dimension_index(plan: &ActionPlan, id: DimensionId) -> AppResult<usize> {
    plan.dimensions
        .iter()
        .position(|d| d.id == id)
        .ok_or(AppError::NotFound)
}

fn mission_index(plan: &ActionPlan, id: MissionId) -> AppResult<(usize, usize)> {
    plan.dimensions
        .iter()
        .enumerate()
        .find_map(|(d, dim)| dim.missions.iter().position(|m| m.id == id).map(|m| (d, m)))
        .ok_or(AppError::NotFound)
}

fn project_index(plan: &ActionPlan, id: ProjectId) -> AppResult<(usize, usize, usize)> {
    plan.dimensions
        .iter()
        .enumerate()
        .find_map(|(d, dim)| {
            dim.missions.iter().enumerate().find_map(|(m, mission)| {
                mission
                    .projects
                    .iter()
                    .position(|p| p.id == id)
                    .map(|p| (d, m, p))
            })
        })
        .ok_or(AppError::NotFound)
}

async fn add_dimension(
    State(state): State<AppState>,
    Path(id): Path<ActionPlanId>,
    Admin(user): Admin,
    ProtectedForm { form, .. }: ProtectedForm<TitleForm>,
) -> AppResult<Response> {
    let mut plan = plan_to_change(&state, &user, id, form.version.as_ref()).await?;
    let field = "dimension_new";
    let title = match titled(&state, &user, &plan, field, &form.title, "มิติ").await? {
        Ok(t) => t,
        Err(page) => return Ok(page),
    };
    plan.dimensions.push(Dimension {
        id: DimensionId::new(),
        title,
        missions: Vec::new(),
    });
    let typed = FormState::with_values([(field, form.title.as_str())]);
    finish(&state, &user, plan, typed, "saved").await
}

async fn rename_dimension(
    State(state): State<AppState>,
    Path((id, dim)): Path<(ActionPlanId, DimensionId)>,
    Admin(user): Admin,
    ProtectedForm { form, .. }: ProtectedForm<TitleForm>,
) -> AppResult<Response> {
    let mut plan = plan_to_change(&state, &user, id, form.version.as_ref()).await?;
    let d = dimension_index(&plan, dim)?;
    let field = dimension_field(plan.dimensions[d].id);
    let title = match titled(&state, &user, &plan, &field, &form.title, "มิติ").await? {
        Ok(t) => t,
        Err(page) => return Ok(page),
    };
    plan.dimensions[d].title = title;
    let typed = FormState::with_values([(field.as_str(), form.title.as_str())]);
    finish(&state, &user, plan, typed, "saved").await
}

async fn move_dimension(
    State(state): State<AppState>,
    Path((id, dim)): Path<(ActionPlanId, DimensionId)>,
    Admin(user): Admin,
    ProtectedForm { form, .. }: ProtectedForm<MoveForm>,
) -> AppResult<Response> {
    let mut plan = plan_to_change(&state, &user, id, form.version.as_ref()).await?;
    let d = dimension_index(&plan, dim)?;
    shift(&mut plan.dimensions, d, form.offset()?);
    finish(&state, &user, plan, FormState::default(), "saved").await
}

async fn add_mission(
    State(state): State<AppState>,
    Path((id, dim)): Path<(ActionPlanId, DimensionId)>,
    Admin(user): Admin,
    ProtectedForm { form, .. }: ProtectedForm<TitleForm>,
) -> AppResult<Response> {
    let mut plan = plan_to_change(&state, &user, id, form.version.as_ref()).await?;
    let d = dimension_index(&plan, dim)?;
    let field = new_mission_field(plan.dimensions[d].id);
    let title = match titled(&state, &user, &plan, &field, &form.title, "ภารกิจ").await?
    {
        Ok(t) => t,
        Err(page) => return Ok(page),
    };
    plan.dimensions[d].missions.push(Mission {
        id: MissionId::new(),
        title,
        projects: Vec::new(),
    });
    let typed = FormState::with_values([(field.as_str(), form.title.as_str())]);
    finish(&state, &user, plan, typed, "saved").await
}

async fn rename_mission(
    State(state): State<AppState>,
    Path((id, mission)): Path<(ActionPlanId, MissionId)>,
    Admin(user): Admin,
    ProtectedForm { form, .. }: ProtectedForm<TitleForm>,
) -> AppResult<Response> {
    let mut plan = plan_to_change(&state, &user, id, form.version.as_ref()).await?;
    let (d, m) = mission_index(&plan, mission)?;
    let field = mission_field(plan.dimensions[d].missions[m].id);
    let title = match titled(&state, &user, &plan, &field, &form.title, "ภารกิจ").await?
    {
        Ok(t) => t,
        Err(page) => return Ok(page),
    };
    plan.dimensions[d].missions[m].title = title;
    let typed = FormState::with_values([(field.as_str(), form.title.as_str())]);
    finish(&state, &user, plan, typed, "saved").await
}

async fn move_mission(
    State(state): State<AppState>,
    Path((id, mission)): Path<(ActionPlanId, MissionId)>,
    Admin(user): Admin,
    ProtectedForm { form, .. }: ProtectedForm<MoveForm>,
) -> AppResult<Response> {
    let mut plan = plan_to_change(&state, &user, id, form.version.as_ref()).await?;
    let (d, m) = mission_index(&plan, mission)?;
    shift(&mut plan.dimensions[d].missions, m, form.offset()?);
    finish(&state, &user, plan, FormState::default(), "saved").await
}

async fn move_project(
    State(state): State<AppState>,
    Path((id, project)): Path<(ActionPlanId, ProjectId)>,
    Admin(user): Admin,
    ProtectedForm { form, .. }: ProtectedForm<MoveForm>,
) -> AppResult<Response> {
    let mut plan = plan_to_change(&state, &user, id, form.version.as_ref()).await?;
    let (d, m, p) = project_index(&plan, project)?;
    shift(
        &mut plan.dimensions[d].missions[m].projects,
        p,
        form.offset()?,
    );
    finish(&state, &user, plan, FormState::default(), "saved").await
}

/// "– โครงการ…" lines of the projects under a node.
fn project_lines<'a>(missions: impl IntoIterator<Item = &'a Mission>) -> Vec<String> {
    missions
        .into_iter()
        .flat_map(|m| m.projects.iter())
        .map(|p| format!("– {}", p.display_name()))
        .collect()
}

/// What goes with a node: its projects and their follow-ups, or a line saying
/// there are none.
fn what_goes(mut lines: Vec<String>, projects: Vec<String>) -> Vec<String> {
    if projects.is_empty() {
        lines.push("ยังไม่มีโครงการ/กิจกรรม/มาตรการ".to_owned());
    } else {
        lines.push(format!(
            "โครงการ/กิจกรรม/มาตรการ {} รายการ (ลบได้เฉพาะเมื่อยังไม่มีผลการติดตาม):",
            projects.len()
        ));
        lines.extend(projects);
    }
    lines
}

async fn confirm_delete_dimension(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path((id, dim)): Path<(ActionPlanId, DimensionId)>,
) -> AppResult<Html<String>> {
    let plan = load_plan(&state, &user, id).await?;
    let d = dimension_index(&plan, dim)?;
    let dimension = &plan.dimensions[d];
    let lines = what_goes(
        vec![
            format!("มิติที่ {} {}", d + 1, dimension.title),
            format!("ภารกิจในมิตินี้ {} ภารกิจ", dimension.missions.len()),
        ],
        project_lines(&dimension.missions),
    );
    render_confirm(
        &state,
        &user,
        NAV,
        "ลบมิติ",
        lines,
        format!("{}/dimensions/{}/delete", plan_url(plan.id), dimension.id),
        plan_url(plan.id),
    )
}

async fn delete_dimension(
    State(state): State<AppState>,
    Path((id, dim)): Path<(ActionPlanId, DimensionId)>,
    Admin(user): Admin,
    ProtectedForm { .. }: ProtectedForm<ConfirmForm>,
) -> AppResult<Response> {
    let mut plan = plan_to_change(&state, &user, id, None).await?;
    let d = dimension_index(&plan, dim)?;
    plan.dimensions.remove(d);
    finish(&state, &user, plan, FormState::default(), "deleted").await
}

async fn confirm_delete_mission(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path((id, mission)): Path<(ActionPlanId, MissionId)>,
) -> AppResult<Html<String>> {
    let plan = load_plan(&state, &user, id).await?;
    let (d, m) = mission_index(&plan, mission)?;
    let mission = &plan.dimensions[d].missions[m];
    let lines = what_goes(
        vec![format!("ภารกิจที่ {}.{} {}", d + 1, m + 1, mission.title)],
        project_lines([mission]),
    );
    render_confirm(
        &state,
        &user,
        NAV,
        "ลบภารกิจ",
        lines,
        format!("{}/missions/{}/delete", plan_url(plan.id), mission.id),
        plan_url(plan.id),
    )
}

async fn delete_mission(
    State(state): State<AppState>,
    Path((id, mission)): Path<(ActionPlanId, MissionId)>,
    Admin(user): Admin,
    ProtectedForm { .. }: ProtectedForm<ConfirmForm>,
) -> AppResult<Response> {
    let mut plan = plan_to_change(&state, &user, id, None).await?;
    let (d, m) = mission_index(&plan, mission)?;
    plan.dimensions[d].missions.remove(m);
    finish(&state, &user, plan, FormState::default(), "deleted").await
}

async fn confirm_delete_project(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path((id, project)): Path<(ActionPlanId, ProjectId)>,
) -> AppResult<Html<String>> {
    let plan = load_plan(&state, &user, id).await?;
    let (d, m, p) = project_index(&plan, project)?;
    let project = &plan.dimensions[d].missions[m].projects[p];
    let lines = vec![
        project.display_name(),
        "ลบได้เฉพาะเมื่อยังไม่มีผลการติดตามของโครงการนี้".to_owned(),
    ];
    render_confirm(
        &state,
        &user,
        NAV,
        "ลบโครงการ/กิจกรรม/มาตรการ",
        lines,
        format!("{}/projects/{}/delete", plan_url(plan.id), project.id),
        plan_url(plan.id),
    )
}

async fn delete_project(
    State(state): State<AppState>,
    Path((id, project)): Path<(ActionPlanId, ProjectId)>,
    Admin(user): Admin,
    ProtectedForm { .. }: ProtectedForm<ConfirmForm>,
) -> AppResult<Response> {
    let mut plan = plan_to_change(&state, &user, id, None).await?;
    let (d, m, p) = project_index(&plan, project)?;
    plan.dimensions[d].missions[m].projects.remove(p);
    finish(&state, &user, plan, FormState::default(), "deleted").await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifting_stops_at_either_end() {
        let mut items = vec![1, 2, 3];
        shift(&mut items, 0, -1);
        assert_eq!(items, vec![1, 2, 3]);
        shift(&mut items, 0, 1);
        assert_eq!(items, vec![2, 1, 3]);
        shift(&mut items, 2, 1);
        assert_eq!(items, vec![2, 1, 3]);
        shift(&mut items, 2, -1);
        assert_eq!(items, vec![2, 3, 1]);
    }
}
