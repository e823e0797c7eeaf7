//! User accounts of the agency, managed by its administrator only: add, change
//! role, department and status, and set a new password.
//!
//! The rules here protect the agency from its own administrator's slips and from
//! forged forms: supervisor accounts (which read other agencies) are never created
//! or granted here, only from the command line; an administrator cannot lock
//! themselves out; a department head's department must be one of the agency's
//! own; passwords are hashed with Argon2id off the async executor and are never
//! written back into a page; a user of another agency is a 404.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::context;
use prongsai_core::model::{AgencyId, DepartmentId, Role, User, UserId, normalize_username};
use prongsai_core::validation::ValidationErrors;
use prongsai_store::StoreError;
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use crate::auth::Admin;
use crate::auth::CurrentUser;
use crate::auth::csrf::{CheckedForm, ProtectedForm};
use crate::auth::password::{MIN_PASSWORD_LEN, hash_password_blocking, password_problem};
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::forms::FormState;
use crate::pages::Notice;
use crate::pages::accounts::agency::{CHECKED, chosen_department, department_options, text_line};
use crate::render::PageContext;
use crate::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/users", get(list).post(create))
        .route("/users/{id}", get(edit).post(update))
        .route("/users/{id}/password", post(set_password))
        .route("/users/{id}/sessions/end", post(end_sessions))
}

const USERNAME_TAKEN: &str = "ชื่อผู้ใช้นี้มีผู้ใช้แล้ว";

/// The roles an administrator may give: all but [`Role::Supervisor`].
fn assignable_roles() -> impl Iterator<Item = Role> {
    Role::ALL.into_iter().filter(|r| *r != Role::Supervisor)
}

/// Parses a role code from a form; a supervisor or unknown code is `None`.
fn assignable_role(code: &str) -> Option<Role> {
    Role::from_code(code.trim()).filter(|r| *r != Role::Supervisor)
}

/// Checks a new password and its confirmation into `errors`.
pub(crate) fn check_password(errors: &mut ValidationErrors, password: &str, confirmation: &str) {
    if password.is_empty() {
        errors.add("password", "กรุณากรอกรหัสผ่าน");
    } else if let Some(problem) = password_problem(password) {
        errors.add("password", problem);
    } else if password != confirmation {
        errors.add("password_confirm", "รหัสผ่านทั้งสองช่องไม่ตรงกัน");
    }
}

/// Records why an administrator may not make this change to their own account.
fn self_change_problem(errors: &mut ValidationErrors, role: Option<Role>, active: bool) {
    if role.is_some_and(|r| r != Role::Admin) {
        errors.add(
            "role",
            "ท่านไม่สามารถยกเลิกบทบาทผู้ดูแลระบบของบัญชีตนเองได้ กรุณาให้ผู้ดูแลระบบคนอื่นดำเนินการ",
        );
    }
    if !active {
        errors.add("active", "ท่านไม่สามารถปิดการใช้งานบัญชีของตนเองได้");
    }
}

/// The role, department and status an account gets; shared by both forms.
#[derive(Debug)]
struct Assignment {
    display_name: String,
    role: Role,
    department_id: Option<DepartmentId>,
    active: bool,
}

/// The fields of [`Assignment`] as a form sent them.
#[derive(Debug, Clone, Copy)]
struct AssignmentInput<'a> {
    display_name: &'a str,
    role: &'a str,
    department_id: &'a str,
    active: &'a str,
}

impl AssignmentInput<'_> {
    /// Checks display name, role, department and status into `errors`. The
    /// department counts only for a department head, for whom it is required.
    async fn check(
        self,
        state: &AppState,
        agency: AgencyId,
        errors: &mut ValidationErrors,
    ) -> AppResult<Assignment> {
        let display_name = text_line(errors, "display_name", self.display_name, "ชื่อที่แสดง", true);
        let role = assignable_role(self.role);
        if role.is_none() {
            errors.add("role", "กรุณาเลือกบทบาท");
        }
        let mut department_id = None;
        if role == Some(Role::DepartmentHead) {
            department_id =
                chosen_department(state, agency, "department_id", self.department_id, errors)
                    .await?;
            if department_id.is_none() && errors.get("department_id").is_none() {
                errors.add("department_id", "กรุณาเลือกส่วนราชการที่หัวหน้าส่วนราชการรับผิดชอบ");
            }
        }
        Ok(Assignment {
            display_name,
            role: role.unwrap_or(Role::Staff),
            department_id,
            active: self.active == CHECKED,
        })
    }
}

/// What the add-user form sends.
#[derive(Debug, Deserialize)]
pub(crate) struct NewUserForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    department_id: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
    #[serde(default)]
    active: String,
}

impl NewUserForm {
    fn assignment(&self) -> AssignmentInput<'_> {
        AssignmentInput {
            display_name: &self.display_name,
            role: &self.role,
            department_id: &self.department_id,
            active: &self.active,
        }
    }

    /// What the form shows again: everything typed except the passwords.
    fn values(&self) -> FormState {
        FormState::with_values([
            ("username", self.username.as_str()),
            ("display_name", self.display_name.as_str()),
            ("role", self.role.as_str()),
            ("department_id", self.department_id.as_str()),
            ("active", self.active.as_str()),
        ])
    }
}

/// What the edit form sends.
#[derive(Debug, Deserialize)]
pub(crate) struct EditUserForm {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    department_id: String,
    #[serde(default)]
    active: String,
}

impl EditUserForm {
    fn assignment(&self) -> AssignmentInput<'_> {
        AssignmentInput {
            display_name: &self.display_name,
            role: &self.role,
            department_id: &self.department_id,
            active: &self.active,
        }
    }

    fn values(&self) -> FormState {
        FormState::with_values([
            ("display_name", self.display_name.as_str()),
            ("role", self.role.as_str()),
            ("department_id", self.department_id.as_str()),
            ("active", self.active.as_str()),
        ])
    }
}

/// What the new-password form sends.
#[derive(Debug, Deserialize)]
pub(crate) struct PasswordForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

/// One account as the pages show it; the password hash never leaves the store layer.
#[derive(Debug, Serialize)]
struct UserRow {
    id: String,
    username: String,
    display_name: String,
    role: &'static str,
    department: Option<String>,
    active: bool,
    is_self: bool,
    /// Supervisor accounts are managed from the command line only.
    editable: bool,
}

impl UserRow {
    fn new(
        user: &User,
        current: &CurrentUser,
        departments: &HashMap<DepartmentId, String>,
    ) -> Self {
        Self {
            id: user.id.to_string(),
            username: user.username.clone(),
            display_name: user.display_name.clone(),
            role: user.role.label_th(),
            department: user
                .department_id
                .and_then(|d| departments.get(&d).cloned()),
            active: user.active,
            is_self: user.id == current.user.id,
            editable: user.role != Role::Supervisor,
        }
    }
}

/// The edit form filled with a stored account.
fn stored_values(user: &User) -> FormState {
    FormState::with_values([
        ("display_name", user.display_name.clone()),
        ("role", user.role.code().to_owned()),
        (
            "department_id",
            user.department_id
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ),
        ("active", if user.active { CHECKED } else { "" }.to_owned()),
    ])
}

fn role_options() -> Vec<(&'static str, &'static str)> {
    assignable_roles()
        .map(|r| (r.code(), r.label_th()))
        .collect()
}

async fn render_list(
    state: &AppState,
    user: &CurrentUser,
    form: FormState,
    notice: Option<&str>,
) -> AppResult<Html<String>> {
    let agency = user.agency()?;
    let departments = state.app.store.list_departments(agency.id).await?;
    let names: HashMap<DepartmentId, String> =
        departments.iter().map(|d| (d.id, d.name.clone())).collect();
    let users: Vec<UserRow> = state
        .app
        .store
        .list_users(agency.id)
        .await?
        .iter()
        .map(|u| UserRow::new(u, user, &names))
        .collect();
    let page = PageContext::new(user, "ผู้ใช้งาน", "users").with_notice(notice);
    state.templates.render(
        "users.html",
        context! {
            page => page,
            users => users,
            form => form,
            role_options => role_options(),
            department_options => department_options(&departments),
            min_password => MIN_PASSWORD_LEN,
        },
    )
}

async fn list(
    State(state): State<AppState>,
    Admin(user): Admin,
    Query(notice): Query<Notice>,
) -> AppResult<Html<String>> {
    let form = FormState::with_values([("role", Role::Staff.code()), ("active", CHECKED)]);
    render_list(&state, &user, form, notice.message()).await
}

async fn create(
    State(state): State<AppState>,
    Admin(user): Admin,
    CheckedForm { form, problems, .. }: CheckedForm<NewUserForm>,
) -> AppResult<Response> {
    let agency_id = user.agency_id()?;
    let mut errors = problems;
    let username = normalize_username(&form.username)
        .inspect_err(|message| errors.add("username", *message))
        .unwrap_or_default();
    let assignment = form
        .assignment()
        .check(&state, agency_id, &mut errors)
        .await?;
    check_password(&mut errors, &form.password, &form.password_confirm);
    if !errors.is_empty() {
        let values = form.values().with_errors(&errors);
        return Ok(render_list(&state, &user, values, None)
            .await?
            .into_response());
    }
    let password_hash = hash_password_blocking(form.password.clone())
        .await
        .map_err(AppError::Internal)?;
    let account = User {
        id: UserId::new(),
        agency_id: Some(agency_id),
        username,
        display_name: assignment.display_name,
        role: assignment.role,
        department_id: assignment.department_id,
        supervised_province: None,
        password_hash,
        active: assignment.active,
    };
    match state.app.store.create_user(user.actor(), &account).await {
        Ok(()) => Ok(Redirect::to("/users?notice=saved").into_response()),
        Err(StoreError::Conflict { .. }) => {
            let values = form.values().with_error("username", USERNAME_TAKEN);
            Ok(render_list(&state, &user, values, None)
                .await?
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// The account with this id in the administrator's own agency. Another agency's
/// account is a 404; a supervisor account is not managed here.
async fn load(state: &AppState, user: &CurrentUser, id: UserId) -> AppResult<User> {
    let agency_id = user.agency_id()?;
    let account = state
        .app
        .store
        .get_user(id)
        .await?
        .filter(|u| u.agency_id == Some(agency_id))
        .ok_or(AppError::NotFound)?;
    if account.role == Role::Supervisor {
        return Err(AppError::Forbidden);
    }
    Ok(account)
}

async fn render_edit(
    state: &AppState,
    user: &CurrentUser,
    account: &User,
    form: FormState,
    password_form: FormState,
) -> AppResult<Html<String>> {
    let departments = state.app.store.list_departments(user.agency_id()?).await?;
    let names: HashMap<DepartmentId, String> =
        departments.iter().map(|d| (d.id, d.name.clone())).collect();
    let page = PageContext::new(user, "แก้ไขผู้ใช้งาน", "users");
    state.templates.render(
        "user_edit.html",
        context! {
            page => page,
            account => UserRow::new(account, user, &names),
            form => form,
            password_form => password_form,
            role_options => role_options(),
            department_options => department_options(&departments),
            min_password => MIN_PASSWORD_LEN,
        },
    )
}

async fn edit(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<UserId>,
) -> AppResult<Html<String>> {
    let account = load(&state, &user, id).await?;
    render_edit(
        &state,
        &user,
        &account,
        stored_values(&account),
        FormState::default(),
    )
    .await
}

async fn update(
    State(state): State<AppState>,
    Path(id): Path<UserId>,
    Admin(user): Admin,
    CheckedForm { form, problems, .. }: CheckedForm<EditUserForm>,
) -> AppResult<Response> {
    let account = load(&state, &user, id).await?;
    let mut errors = problems;
    let assignment = form
        .assignment()
        .check(&state, user.agency_id()?, &mut errors)
        .await?;
    if account.id == user.user.id {
        self_change_problem(&mut errors, assignable_role(&form.role), assignment.active);
    }
    if !errors.is_empty() {
        let values = form.values().with_errors(&errors);
        return Ok(
            render_edit(&state, &user, &account, values, FormState::default())
                .await?
                .into_response(),
        );
    }
    let deactivated = account.active && !assignment.active;
    let changed = User {
        display_name: assignment.display_name,
        role: assignment.role,
        department_id: assignment.department_id,
        active: assignment.active,
        ..account
    };
    state.app.store.update_user(user.actor(), &changed).await?;
    if deactivated {
        state.app.store.delete_user_sessions(changed.id).await?;
    }
    Ok(Redirect::to("/users?notice=saved").into_response())
}

async fn set_password(
    State(state): State<AppState>,
    Path(id): Path<UserId>,
    Admin(user): Admin,
    CheckedForm { form, problems, .. }: CheckedForm<PasswordForm>,
) -> AppResult<Response> {
    let account = load(&state, &user, id).await?;
    let mut errors = problems;
    check_password(&mut errors, &form.password, &form.password_confirm);
    if !errors.is_empty() {
        let password_form = FormState::default().with_errors(&errors);
        return Ok(render_edit(
            &state,
            &user,
            &account,
            stored_values(&account),
            password_form,
        )
        .await?
        .into_response());
    }
    let password_hash = hash_password_blocking(form.password)
        .await
        .map_err(AppError::Internal)?;
    let changed = User {
        password_hash,
        ..account
    };
    state.app.store.update_user(user.actor(), &changed).await?;
    // Whoever knew the old password is logged out everywhere; an administrator
    // changing their own password keeps only the session they are using.
    end_sessions_of(&state, &user, changed.id).await?;
    Ok(Redirect::to("/users?notice=password").into_response())
}

/// `POST /users/{id}/sessions/end`: the user is logged out of every browser
/// (an administrator's own account: of every browser but this one).
async fn end_sessions(
    State(state): State<AppState>,
    Path(id): Path<UserId>,
    Admin(user): Admin,
    _: ProtectedForm<IgnoredAny>,
) -> AppResult<Response> {
    let account = load(&state, &user, id).await?;
    end_sessions_of(&state, &user, account.id).await?;
    Ok(Redirect::to("/users?notice=sessions_ended").into_response())
}

async fn end_sessions_of(state: &AppState, user: &CurrentUser, id: UserId) -> AppResult<()> {
    if id == user.user.id {
        state
            .app
            .store
            .delete_other_sessions(id, &user.session.token_hash)
            .await?;
    } else {
        state.app.store.delete_user_sessions(id).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn supervisors_cannot_be_assigned_here() {
        assert_eq!(assignable_role("admin"), Some(Role::Admin));
        assert_eq!(
            assignable_role("department_head"),
            Some(Role::DepartmentHead)
        );
        assert_eq!(assignable_role("supervisor"), None);
        assert_eq!(assignable_role("root"), None);
        assert!(assignable_roles().all(|r| r != Role::Supervisor));
        assert_eq!(assignable_roles().count(), Role::ALL.len() - 1);
    }

    #[test]
    fn passwords_must_be_long_enough_and_match() {
        let mut errors = ValidationErrors::new();
        check_password(&mut errors, "", "");
        assert!(errors.get("password").is_some());

        let mut errors = ValidationErrors::new();
        check_password(&mut errors, "short", "short");
        assert!(errors.get("password").is_some());

        let mut errors = ValidationErrors::new();
        check_password(&mut errors, "long enough pw", "long enough pW");
        assert_eq!(
            errors.get("password_confirm"),
            Some("รหัสผ่านทั้งสองช่องไม่ตรงกัน")
        );

        let mut errors = ValidationErrors::new();
        check_password(&mut errors, "long enough pw", "long enough pw");
        assert!(errors.is_empty());
    }

    #[test]
    fn administrators_cannot_lock_themselves_out() {
        let mut errors = ValidationErrors::new();
        self_change_problem(&mut errors, Some(Role::Admin), true);
        assert!(errors.is_empty());

        let mut errors = ValidationErrors::new();
        self_change_problem(&mut errors, Some(Role::Staff), false);
        assert!(errors.get("role").is_some());
        assert!(errors.get("active").is_some());
    }

    #[test]
    fn passwords_are_never_shown_again() {
        let form = NewUserForm {
            username: "somchai".to_owned(),
            display_name: "สมชาย".to_owned(),
            role: "staff".to_owned(),
            department_id: String::new(),
            password: "secret password".to_owned(),
            password_confirm: "secret password".to_owned(),
            active: CHECKED.to_owned(),
        };
        let values = form.values().values;
        assert!(!values.contains_key("password"));
        assert!(!values.contains_key("password_confirm"));
        assert_eq!(values.get("username").map(String::as_str), Some("somchai"));
    }
}
