//! Every user's own password: changed by giving the current one, and the
//! change logs the account out of every other browser, since whoever learnt
//! the old password may be using it in one of them.

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use minijinja::context;
use prongsai_core::model::User;
use prongsai_core::validation::ValidationErrors;
use serde::Deserialize;

use super::users::check_password;
use crate::auth::CurrentUser;
use crate::auth::csrf::ProtectedForm;
use crate::auth::password::{MIN_PASSWORD_LEN, hash_password_blocking, verify_password_blocking};
use crate::error::{AppError, AppResult};
use crate::forms::FormState;
use crate::pages::Notice;
use crate::render::PageContext;
use crate::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/account/password", get(page).post(change))
}

/// What the form sends (the passwords are never sent back).
#[derive(Debug, Deserialize)]
pub(crate) struct OwnPasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

fn render(
    state: &AppState,
    user: &CurrentUser,
    form: FormState,
    notice: Option<&str>,
) -> AppResult<Html<String>> {
    let page = PageContext::new(user, "เปลี่ยนรหัสผ่านของท่าน", "account").with_notice(notice);
    state.templates.render(
        "own_password.html",
        context! { page => page, form => form, min_password => MIN_PASSWORD_LEN },
    )
}

/// `GET /account/password`
async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(notice): Query<Notice>,
) -> AppResult<Html<String>> {
    render(&state, &user, FormState::default(), notice.message())
}

/// `POST /account/password`: the new password, after the current one.
async fn change(
    State(state): State<AppState>,
    ProtectedForm { user, form }: ProtectedForm<OwnPasswordForm>,
) -> AppResult<Response> {
    let current_ok = verify_password_blocking(
        form.current_password.clone(),
        user.user.password_hash.clone(),
    )
    .await;
    let mut errors = ValidationErrors::new();
    if !current_ok {
        errors.add("current_password", "รหัสผ่านปัจจุบันไม่ถูกต้อง");
    }
    check_password(&mut errors, &form.password, &form.password_confirm);
    if !errors.is_empty() {
        let form = FormState::default().with_errors(&errors);
        return Ok(render(&state, &user, form, None)?.into_response());
    }
    let password_hash = hash_password_blocking(form.password)
        .await
        .map_err(AppError::Internal)?;
    let changed = User {
        password_hash,
        ..user.user.clone()
    };
    state.app.store.update_user(user.actor(), &changed).await?;
    state
        .app
        .store
        .delete_other_sessions(changed.id, &user.session.token_hash)
        .await?;
    Ok(Redirect::to("/account/password?notice=password").into_response())
}
