//! Officials (บุคลากร) of the user's agency: the people documents name as committee
//! members, signers and owners of measures. Every user of the agency reads the
//! list; the administrator adds, edits and deletes.
//!
//! The department an official belongs to comes from a form, so it is looked up
//! within the session's agency before anything is written: an id of another
//! agency's department is a field error, never a cross-tenant reference.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::context;
use prongsai_core::model::{AgencyId, DepartmentId, Official, OfficialId};
use prongsai_core::validation::ValidationErrors;
use prongsai_store::StoreError;
use serde::{Deserialize, Serialize};

use crate::auth::Admin;
use crate::auth::CurrentUser;
use crate::auth::csrf::{CheckedForm, ProtectedForm};
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::forms::FormState;
use crate::pages::Notice;
use crate::pages::accounts::agency::{chosen_department, department_options, text_line};
use crate::render::PageContext;
use crate::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/officials", get(list).post(create))
        .route("/officials/{id}", get(edit).post(update))
        .route("/officials/{id}/delete", post(delete))
}

/// What the official form sends.
#[derive(Debug, Deserialize)]
pub(crate) struct OfficialForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    last_name: String,
    #[serde(default)]
    position: String,
    #[serde(default)]
    department_id: String,
}

/// The checked form: everything of an [`Official`] but its ids.
#[derive(Debug)]
struct OfficialFields {
    title: String,
    first_name: String,
    last_name: String,
    position: String,
    department_id: Option<DepartmentId>,
}

impl OfficialForm {
    fn values(&self) -> FormState {
        FormState::with_values([
            ("title", self.title.as_str()),
            ("first_name", self.first_name.as_str()),
            ("last_name", self.last_name.as_str()),
            ("position", self.position.as_str()),
            ("department_id", self.department_id.as_str()),
        ])
    }

    /// Checks the text fields into `errors`; the department is checked against the
    /// store by [`OfficialForm::validate`].
    fn check_text(&self, errors: &mut ValidationErrors) -> (String, String, String, String) {
        (
            text_line(errors, "title", &self.title, "คำนำหน้า", false),
            text_line(errors, "first_name", &self.first_name, "ชื่อ", true),
            text_line(errors, "last_name", &self.last_name, "นามสกุล", true),
            text_line(errors, "position", &self.position, "ตำแหน่ง", true),
        )
    }

    async fn validate(
        &self,
        state: &AppState,
        agency: AgencyId,
    ) -> AppResult<Result<OfficialFields, ValidationErrors>> {
        let mut errors = ValidationErrors::new();
        let (title, first_name, last_name, position) = self.check_text(&mut errors);
        let department_id = chosen_department(
            state,
            agency,
            "department_id",
            &self.department_id,
            &mut errors,
        )
        .await?;
        Ok(errors.into_result().map(|()| OfficialFields {
            title,
            first_name,
            last_name,
            position,
            department_id,
        }))
    }
}

/// The form filled with a stored official.
fn stored_values(official: &Official) -> FormState {
    FormState::with_values([
        ("title", official.title.clone()),
        ("first_name", official.first_name.clone()),
        ("last_name", official.last_name.clone()),
        ("position", official.position.clone()),
        (
            "department_id",
            official
                .department_id
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ),
    ])
}

/// One row of the list.
#[derive(Debug, Serialize)]
struct OfficialRow {
    id: String,
    name: String,
    position: String,
    department: Option<String>,
}

async fn render_list(
    state: &AppState,
    user: &CurrentUser,
    form: FormState,
    notice: Option<&str>,
) -> AppResult<Html<String>> {
    let agency = user.agency()?;
    let departments = state.app.store.list_departments(agency.id).await?;
    let names: HashMap<DepartmentId, &str> = departments
        .iter()
        .map(|d| (d.id, d.name.as_str()))
        .collect();
    let officials: Vec<OfficialRow> = state
        .app
        .store
        .list_officials(agency.id)
        .await?
        .into_iter()
        .map(|o| OfficialRow {
            id: o.id.to_string(),
            name: o.full_name(),
            department: o
                .department_id
                .and_then(|d| names.get(&d))
                .map(|n| (*n).to_owned()),
            position: o.position,
        })
        .collect();
    let page = PageContext::new(user, "บุคลากร", "officials").with_notice(notice);
    state.templates.render(
        "officials.html",
        context! {
            page => page,
            officials => officials,
            form => form,
            department_options => department_options(&departments),
        },
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
    CheckedForm { form, problems, .. }: CheckedForm<OfficialForm>,
) -> AppResult<Response> {
    let agency_id = user.agency_id()?;
    let fields = match problems.and_then_read(form.validate(&state, agency_id).await?) {
        Ok(fields) => fields,
        Err(errors) => {
            let form = form.values().with_errors(&errors);
            return Ok(render_list(&state, &user, form, None)
                .await?
                .into_response());
        }
    };
    let official = Official {
        agency_id,
        id: OfficialId::new(),
        title: fields.title,
        first_name: fields.first_name,
        last_name: fields.last_name,
        position: fields.position,
        department_id: fields.department_id,
    };
    state
        .app
        .store
        .create_official(user.actor(), &official)
        .await?;
    Ok(Redirect::to("/officials?notice=saved").into_response())
}

async fn render_edit(
    state: &AppState,
    user: &CurrentUser,
    official: &Official,
    form: FormState,
) -> AppResult<Html<String>> {
    let departments = state.app.store.list_departments(official.agency_id).await?;
    let page = PageContext::new(user, "แก้ไขข้อมูลบุคลากร", "officials");
    state.templates.render(
        "official_edit.html",
        context! {
            page => page,
            official => context! { id => official.id.to_string(), name => official.full_name() },
            form => form,
            department_options => department_options(&departments),
        },
    )
}

/// The official with this id in the user's own agency; 404 otherwise.
async fn load(state: &AppState, user: &CurrentUser, id: OfficialId) -> AppResult<Official> {
    state
        .app
        .store
        .get_official(user.agency_id()?, id)
        .await?
        .ok_or(AppError::NotFound)
}

async fn edit(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<OfficialId>,
) -> AppResult<Html<String>> {
    let official = load(&state, &user, id).await?;
    render_edit(&state, &user, &official, stored_values(&official)).await
}

async fn update(
    State(state): State<AppState>,
    Path(id): Path<OfficialId>,
    Admin(user): Admin,
    CheckedForm { form, problems, .. }: CheckedForm<OfficialForm>,
) -> AppResult<Response> {
    let official = load(&state, &user, id).await?;
    let read = form.validate(&state, official.agency_id).await?;
    let fields = match problems.and_then_read(read) {
        Ok(fields) => fields,
        Err(errors) => {
            let form = form.values().with_errors(&errors);
            return Ok(render_edit(&state, &user, &official, form)
                .await?
                .into_response());
        }
    };
    let changed = Official {
        title: fields.title,
        first_name: fields.first_name,
        last_name: fields.last_name,
        position: fields.position,
        department_id: fields.department_id,
        ..official
    };
    state
        .app
        .store
        .update_official(user.actor(), &changed)
        .await?;
    Ok(Redirect::to("/officials?notice=saved").into_response())
}

/// What the delete form sends: the confirmation box must be ticked.
#[derive(Debug, Deserialize)]
pub(crate) struct DeleteForm {
    #[serde(default)]
    confirm: String,
}

async fn delete(
    State(state): State<AppState>,
    Path(id): Path<OfficialId>,
    Admin(user): Admin,
    ProtectedForm { form, .. }: ProtectedForm<DeleteForm>,
) -> AppResult<Response> {
    let official = load(&state, &user, id).await?;
    if form.confirm != crate::pages::accounts::agency::CHECKED {
        let form = stored_values(&official).with_error("confirm", "กรุณาติ๊กยืนยันก่อนลบ");
        return Ok(render_edit(&state, &user, &official, form)
            .await?
            .into_response());
    }
    match state
        .app
        .store
        .delete_official(user.actor(), official.agency_id, official.id)
        .await
    {
        Ok(()) => Ok(Redirect::to("/officials?notice=deleted").into_response()),
        Err(StoreError::InUse { .. }) => {
            let form = stored_values(&official).with_error(
                "confirm",
                "ลบไม่ได้ เพราะบุคลากรนี้ยังถูกอ้างอิงอยู่ในเอกสารของหน่วยงาน",
            );
            Ok(render_edit(&state, &user, &official, form)
                .await?
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_position_are_required_and_trimmed() {
        let form = OfficialForm {
            title: " นาย ".to_owned(),
            first_name: " สมชาย".to_owned(),
            last_name: String::new(),
            position: "  ".to_owned(),
            department_id: String::new(),
        };
        let mut errors = ValidationErrors::new();
        let (title, first_name, _, _) = form.check_text(&mut errors);
        assert_eq!((title.as_str(), first_name.as_str()), ("นาย", "สมชาย"));
        assert_eq!(errors.get("last_name"), Some("กรุณากรอกนามสกุล"));
        assert_eq!(errors.get("position"), Some("กรุณากรอกตำแหน่ง"));
        assert_eq!(errors.get("title"), None);
        assert_eq!(errors.get("first_name"), None);
    }
}
