//! The one error type of the web layer.
//!
//! Each case maps to a status and a Thai message. Internal causes are logged once
//! here and never shown. A request for another agency's object is a 404, exactly
//! like a missing one, so ids of other tenants cannot be probed.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use minijinja::{Environment, context};
use prongsai_app::ServiceError;
use prongsai_store::StoreError;

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Missing, or not this user's to see.
    #[error("not found")]
    NotFound,
    /// Not logged in: go to the login page.
    #[error("login required")]
    LoginRequired,
    /// Logged in, but the role does not allow it (within the user's own agency).
    #[error("forbidden")]
    Forbidden,
    /// The form's CSRF token is missing or wrong.
    #[error("csrf token mismatch")]
    Csrf,
    /// The request itself is malformed (not a form a page of ours sends).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The request is understood but the data cannot be used; the Thai reason is
    /// safe to show (e.g. "ไม่มีกรอบการประเมินของปีงบประมาณ 2570").
    #[error("unprocessable: {0}")]
    Unprocessable(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Internal(String),
}

impl From<ServiceError> for AppError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::NotFound => Self::NotFound,
            ServiceError::Unprocessable(reason) => Self::Unprocessable(reason),
            ServiceError::Store(e) => Self::Store(e),
            ServiceError::Internal(cause) => Self::Internal(cause),
        }
    }
}

/// What a user is told when someone else saved the same row first.
pub(crate) const STALE_TH: &str = "มีผู้อื่นบันทึกรายการนี้ไปก่อนแล้ว กรุณาโหลดหน้าใหม่แล้วแก้ไขอีกครั้ง";

/// What a user is told when a change touches a round the executive approved.
pub(crate) const LOCKED_TH: &str = "รอบรายงานนี้ได้รับอนุมัติแล้ว แก้ไขไม่ได้จนกว่าผู้ดูแลระบบจะเปิดรอบใหม่";

/// Result alias of handlers.
pub type AppResult<T> = Result<T, AppError>;

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, title, detail) = match &self {
            Self::LoginRequired => return Redirect::to("/login").into_response(),
            Self::NotFound | Self::Store(StoreError::NotFound) => (
                StatusCode::NOT_FOUND,
                "ไม่พบข้อมูล",
                "ไม่พบหน้าหรือข้อมูลที่ต้องการ หรือท่านไม่มีสิทธิ์เข้าถึง",
            ),
            Self::Forbidden => (
                StatusCode::FORBIDDEN,
                "ไม่มีสิทธิ์",
                "บทบาทของท่านไม่มีสิทธิ์ทำรายการนี้ กรุณาติดต่อผู้ดูแลระบบของหน่วยงาน",
            ),
            Self::Csrf => (
                StatusCode::FORBIDDEN,
                "แบบฟอร์มหมดอายุ",
                "แบบฟอร์มนี้หมดอายุหรือไม่ได้ส่งมาจากหน้าของระบบ กรุณากลับไปหน้าเดิม โหลดใหม่ แล้วส่งอีกครั้ง",
            ),
            Self::BadRequest(reason) => {
                tracing::info!(reason = %reason, "bad request");
                (
                    StatusCode::BAD_REQUEST,
                    "คำขอไม่ถูกต้อง",
                    "ข้อมูลที่ส่งมาไม่อยู่ในรูปแบบที่ระบบรับได้",
                )
            }
            Self::Unprocessable(reason) => {
                return error_page(StatusCode::UNPROCESSABLE_ENTITY, "ยังทำรายการนี้ไม่ได้", reason);
            }
            Self::Store(StoreError::Conflict { .. } | StoreError::InUse { .. }) => (
                StatusCode::CONFLICT,
                "ข้อมูลซ้ำหรือถูกใช้งานอยู่",
                "ข้อมูลนี้ซ้ำกับที่มีอยู่แล้ว หรือยังถูกอ้างอิงอยู่ จึงบันทึกไม่ได้",
            ),
            Self::Store(StoreError::Stale) => (StatusCode::CONFLICT, "มีผู้อื่นบันทึกไปก่อนแล้ว", STALE_TH),
            Self::Store(StoreError::Locked) => {
                (StatusCode::CONFLICT, "รอบรายงานได้รับอนุมัติแล้ว", LOCKED_TH)
            }
            Self::Store(e) => {
                tracing::error!(error = %e, "store error");
                internal()
            }
            Self::Internal(e) => {
                tracing::error!(error = %e, "internal error");
                internal()
            }
        };
        error_page(status, title, detail)
    }
}

fn internal() -> (StatusCode, &'static str, &'static str) {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "ระบบขัดข้อง",
        "ระบบขัดข้องชั่วคราว ข้อมูลที่บันทึกไว้แล้วไม่สูญหาย กรุณาลองใหม่อีกครั้ง",
    )
}

/// The error page. It is rendered without state so that it works even when the
/// template set could not be reached; its template is tiny and static.
pub(crate) fn error_page(status: StatusCode, title: &str, detail: &str) -> Response {
    thread_local! {
        static ERROR_ENV: Environment<'static> = {
            let mut env = Environment::new();
            env.add_template("error.html", include_str!("../templates/error.html"))
                .expect("error template compiles");
            env
        };
    }
    let html = ERROR_ENV.with(|env| {
        env.get_template("error.html")
            .and_then(|t| {
                t.render(context! { title => title, detail => detail, status => status.as_u16() })
            })
            .unwrap_or_else(|_| title.to_owned())
    });
    (status, Html(html)).into_response()
}
