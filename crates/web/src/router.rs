//! The route table and the server loop.

use std::future::Future;
use std::net::SocketAddr;

use axum::Router;
use axum::http::header;
use axum::middleware;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use tokio::net::TcpListener;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::auth::login;
use crate::pages;
use crate::security::security_headers;
use crate::state::AppState;

const APP_CSS: &str = include_str!("../static/app.css");
const PORTAL_CSS: &str = include_str!("../static/portal.css");
/// The browser tab's icon, linked from every page (staff, login, errors and
/// the public portal).
const FAVICON_SVG: &str = include_str!("../static/favicon.svg");
/// Adds form rows in place (the forms work without it: their buttons post).
const ROWS_JS: &str = include_str!("../static/rows.js");

async fn app_css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        APP_CSS,
    )
}

async fn portal_css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        PORTAL_CSS,
    )
}

async fn favicon() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        FAVICON_SVG,
    )
}

async fn rows_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        ROWS_JS,
    )
}

async fn health() -> &'static str {
    "ok"
}

async fn not_found() -> crate::error::AppError {
    crate::error::AppError::NotFound
}

async fn method_not_allowed() -> axum::response::Response {
    crate::error::error_page(
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        "เปิดหน้านี้ด้วยวิธีนี้ไม่ได้",
        "ที่อยู่นี้ใช้สำหรับส่งแบบฟอร์มเท่านั้น กรุณากลับไปหน้าเดิมแล้วกดปุ่มในแบบฟอร์ม",
    )
}

/// Every route of the application, with the security headers around them.
/// Requests to the staff pages are traced (method, path, status, time) at the
/// `info` level; the public pages (`/p/…`), the login form and the static
/// files are not, so nothing about a member of the public or a reporter is
/// logged.
pub fn router(state: AppState) -> Router {
    let traced = TraceLayer::new_for_http()
        .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
        .on_response(DefaultOnResponse::new().level(Level::INFO));
    Router::new()
        .route("/login", get(login::login_page).post(login::login_submit))
        .route("/logout", post(login::logout))
        .route("/static/app.css", get(app_css))
        .route("/static/portal.css", get(portal_css))
        .route("/static/favicon.svg", get(favicon))
        .route("/static/rows.js", get(rows_js))
        .route("/health", get(health))
        .merge(pages::routes().layer(traced))
        .merge(crate::public::routes())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security_headers,
        ))
        .with_state(state)
}

/// Serves until `shutdown` resolves, then finishes the requests in flight.
///
/// # Errors
/// When the listener fails.
pub async fn serve(
    state: AppState,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
