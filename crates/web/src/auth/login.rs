//! The login and logout pages.

use std::time::{Duration, Instant};

use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use minijinja::context;
use prongsai_core::model::User;
use prongsai_store::Session;
use serde::Deserialize;

use super::password::verify_password_blocking;
use super::session::{SESSION_COOKIE, cookie_value};
use super::throttle::{LoginCheck, thai_wait};
use super::tokens::{constant_time_eq, random_token, token_hash};
use crate::client_addr::ClientAddr;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

const LOGIN_CSRF_COOKIE: &str = "prongsai_login_csrf";

/// A valid Argon2id hash of a random password, verified when the user name is
/// unknown so that the response time does not reveal which names exist.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$cBJmS4q2K4BAvcVYc2kRlJfjNfCW0HBK8KEQD1Tu7hM";

/// What the login form sends.
#[derive(Debug, Deserialize)]
pub(crate) struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf_token: String,
}

fn cookie(state: &AppState, name: &str, value: &str, max_age: Duration) -> HeaderValue {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        max_age.as_secs()
    ))
    .expect("cookie values are hex")
}

fn render_login(
    state: &AppState,
    token: &str,
    username: &str,
    error: Option<String>,
) -> AppResult<Response> {
    let html = state.templates.render(
        "login.html",
        context! { csrf_token => token, username => username, error => error },
    )?;
    let mut response = html.into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        cookie(state, LOGIN_CSRF_COOKIE, token, Duration::from_secs(3600)),
    );
    Ok(response)
}

/// `GET /login`
pub(crate) async fn login_page(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let token = cookie_value(&headers, LOGIN_CSRF_COOKIE)
        .filter(|t| t.len() == 64)
        .map_or_else(random_token, str::to_owned);
    render_login(&state, &token, "", None)
}

/// `POST /login`
pub(crate) async fn login_submit(
    State(state): State<AppState>,
    client: ClientAddr,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> AppResult<Response> {
    let expected = cookie_value(&headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if expected.is_empty() || !constant_time_eq(expected, &form.csrf_token) {
        return Err(AppError::Csrf);
    }
    match authenticate(&state, &form, client).await? {
        Ok(user) => start_session(&state, &user).await,
        Err(message) => render_login(&state, expected, &form.username, Some(message)),
    }
}

/// The active user the form names when the password is theirs, or the Thai
/// reason it is refused; the throttle decides first whether to look at all
/// (see `throttle`) and counts the outcome.
async fn authenticate(
    state: &AppState,
    form: &LoginForm,
    client: ClientAddr,
) -> AppResult<Result<User, String>> {
    let username = form.username.trim().to_lowercase();
    match state.throttle.check(&username, client, Instant::now()) {
        LoginCheck::Wait(wait) => {
            return Ok(Err(format!(
                "เข้าสู่ระบบบัญชีนี้ผิดหลายครั้งจากเครื่องนี้ กรุณารอ {} แล้วลองใหม่",
                thai_wait(wait)
            )));
        }
        LoginCheck::Check { pause } => tokio::time::sleep(pause).await,
    }
    if username.is_empty() || form.password.is_empty() {
        return Ok(Err("กรุณากรอกชื่อผู้ใช้และรหัสผ่าน".to_owned()));
    }
    let user = state.app.store.find_user_by_username(&username).await?;
    let hash = user
        .as_ref()
        .map_or(DUMMY_HASH, |u| u.password_hash.as_str())
        .to_owned();
    let password_ok = verify_password_blocking(form.password.clone(), hash).await;
    match user {
        Some(user) if password_ok && user.active => {
            state.throttle.record_success(&username, client);
            Ok(Ok(user))
        }
        _ => {
            state
                .throttle
                .record_failure(&username, client, Instant::now());
            Ok(Err("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง".to_owned()))
        }
    }
}

/// A new session for `user`: its cookie set, the login form's cleared, and on
/// to the dashboard.
async fn start_session(state: &AppState, user: &User) -> AppResult<Response> {
    let token = random_token();
    let created_at = Utc::now();
    let lifetime = state.config.session_lifetime;
    let session = Session {
        token_hash: token_hash(&token),
        user_id: user.id,
        csrf_token: random_token(),
        created_at,
        expires_at: created_at
            + chrono::Duration::from_std(lifetime)
                .map_err(|e| AppError::Internal(e.to_string()))?,
    };
    state.app.store.create_session(&session).await?;
    let mut response = Redirect::to("/").into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        cookie(state, SESSION_COOKIE, &token, lifetime),
    );
    response.headers_mut().append(
        header::SET_COOKIE,
        cookie(state, LOGIN_CSRF_COOKIE, "", Duration::ZERO),
    );
    Ok(response)
}

/// `POST /logout`
pub(crate) async fn logout(
    State(state): State<AppState>,
    form: super::csrf::ProtectedForm<std::collections::HashMap<String, String>>,
) -> AppResult<Response> {
    state
        .app
        .store
        .delete_session(&form.user.session.token_hash)
        .await?;
    let mut response = Redirect::to("/login").into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        cookie(&state, SESSION_COOKIE, "", Duration::ZERO),
    );
    Ok(response)
}
