//! Departments (สำนัก/กอง) of the user's agency: list, add, rename, reorder, delete.

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::context;
use prongsai_core::model::{Department, DepartmentId};
use prongsai_core::validation::ValidationErrors;
use prongsai_store::StoreError;
use serde::Deserialize;

use crate::auth::Admin;
use crate::auth::CurrentUser;
use crate::auth::csrf::{CheckedForm, ProtectedForm};
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::forms::FormState;
use crate::pages::Notice;
use crate::render::PageContext;
use crate::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/departments", get(list).post(create))
        .route("/departments/{id}", get(edit).post(update))
        .route("/departments/{id}/delete", post(delete))
}

/// What the department form sends.
#[derive(Debug, Deserialize)]
pub(crate) struct DepartmentForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    sort_order: String,
}

impl DepartmentForm {
    fn values(&self) -> FormState {
        FormState::with_values([
            ("name", self.name.as_str()),
            ("sort_order", self.sort_order.as_str()),
        ])
    }

    /// Checks the input; on success, the trimmed name and the order.
    fn validate(&self) -> Result<(String, i32), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        errors.require("name", &self.name, "ชื่อส่วนราชการ");
        let order = match self.sort_order.trim() {
            "" => 0,
            text => match prongsai_core::thai::digits::to_arabic_digits(text).parse::<i32>() {
                Ok(n) if (0..=9999).contains(&n) => n,
                _ => {
                    errors.add("sort_order", "ลำดับต้องเป็นจำนวนเต็มตั้งแต่ 0 ถึง 9999");
                    0
                }
            },
        };
        errors.into_result()?;
        Ok((self.name.trim().to_owned(), order))
    }
}

async fn render_list(
    state: &AppState,
    user: &CurrentUser,
    form: FormState,
    notice: Option<&str>,
) -> AppResult<Html<String>> {
    let agency = user.agency()?;
    let departments = state.app.store.list_departments(agency.id).await?;
    let page = PageContext::new(user, "ส่วนราชการ", "departments").with_notice(notice);
    state.templates.render(
        "departments.html",
        context! { page => page, departments => departments, form => form },
    )
}

async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(notice): Query<Notice>,
) -> AppResult<Html<String>> {
    render_list(&state, &user, FormState::default(), notice.message()).await
}

async fn create(
    State(state): State<AppState>,
    Admin(user): Admin,
    CheckedForm { form, problems, .. }: CheckedForm<DepartmentForm>,
) -> AppResult<Response> {
    let agency_id = user.agency_id()?;
    let (name, sort_order) = match problems.and_then_read(form.validate()) {
        Ok(v) => v,
        Err(errors) => {
            return Ok(
                render_list(&state, &user, form.values().with_errors(&errors), None)
                    .await?
                    .into_response(),
            );
        }
    };
    let department = Department {
        agency_id,
        id: DepartmentId::new(),
        name,
        sort_order,
    };
    match state
        .app
        .store
        .create_department(user.actor(), &department)
        .await
    {
        Ok(()) => Ok(Redirect::to("/departments?notice=saved").into_response()),
        Err(StoreError::Conflict { .. }) => {
            let form = form.values().with_error("name", "มีส่วนราชการชื่อนี้อยู่แล้ว");
            Ok(render_list(&state, &user, form, None)
                .await?
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

async fn render_edit(
    state: &AppState,
    user: &CurrentUser,
    department: &Department,
    form: FormState,
) -> AppResult<Html<String>> {
    let page = PageContext::new(user, "แก้ไขส่วนราชการ", "departments");
    state.templates.render(
        "department_edit.html",
        context! { page => page, department => department, form => form },
    )
}

async fn load(state: &AppState, user: &CurrentUser, id: DepartmentId) -> AppResult<Department> {
    state
        .app
        .store
        .get_department(user.agency_id()?, id)
        .await?
        .ok_or(AppError::NotFound)
}

async fn edit(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<DepartmentId>,
) -> AppResult<Html<String>> {
    let department = load(&state, &user, id).await?;
    let form = FormState::with_values([
        ("name", department.name.clone()),
        ("sort_order", department.sort_order.to_string()),
    ]);
    render_edit(&state, &user, &department, form).await
}

async fn update(
    State(state): State<AppState>,
    Path(id): Path<DepartmentId>,
    Admin(user): Admin,
    CheckedForm { form, problems, .. }: CheckedForm<DepartmentForm>,
) -> AppResult<Response> {
    let department = load(&state, &user, id).await?;
    let (name, sort_order) = match problems.and_then_read(form.validate()) {
        Ok(v) => v,
        Err(errors) => {
            let form = form.values().with_errors(&errors);
            return Ok(render_edit(&state, &user, &department, form)
                .await?
                .into_response());
        }
    };
    let changed = Department {
        name,
        sort_order,
        ..department.clone()
    };
    match state
        .app
        .store
        .update_department(user.actor(), &changed)
        .await
    {
        Ok(()) => Ok(Redirect::to("/departments?notice=saved").into_response()),
        Err(StoreError::Conflict { .. }) => {
            let form = form.values().with_error("name", "มีส่วนราชการชื่อนี้อยู่แล้ว");
            Ok(render_edit(&state, &user, &department, form)
                .await?
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// What the delete form sends: the confirmation box must be ticked.
#[derive(Debug, Deserialize)]
pub(crate) struct DeleteForm {
    #[serde(default)]
    confirm: String,
}

async fn delete(
    State(state): State<AppState>,
    Path(id): Path<DepartmentId>,
    Admin(user): Admin,
    ProtectedForm { form, .. }: ProtectedForm<DeleteForm>,
) -> AppResult<Response> {
    let department = load(&state, &user, id).await?;
    let values = FormState::with_values([
        ("name", department.name.clone()),
        ("sort_order", department.sort_order.to_string()),
    ]);
    if form.confirm != "yes" {
        let form = values.with_error("confirm", "กรุณาติ๊กยืนยันก่อนลบ");
        return Ok(render_edit(&state, &user, &department, form)
            .await?
            .into_response());
    }
    match state
        .app
        .store
        .delete_department(user.actor(), department.agency_id, department.id)
        .await
    {
        Ok(()) => Ok(Redirect::to("/departments?notice=deleted").into_response()),
        Err(StoreError::InUse { .. }) => {
            let form = values.with_error(
                "confirm",
                "ลบไม่ได้ เพราะยังมีบุคลากร ผู้ใช้ หรือมาตรการที่ระบุส่วนราชการนี้เป็นผู้รับผิดชอบ กรุณาย้ายหรือแก้ไขก่อน",
            );
            Ok(render_edit(&state, &user, &department, form)
                .await?
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}
