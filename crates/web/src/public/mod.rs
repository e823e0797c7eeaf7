//! The public side: the transparency portal at `/p/{agency}`, the complaint and
//! corruption forms, and the tracking page. No login, no third-party assets.
//!
//! Public pages have their own layout (`public_base.html`) and their own error
//! page, because a citizen who mistypes an address must not land on the staff
//! login screen. Handlers here return [`PublicResult`]; `?` on an [`AppError`] or a
//! [`StoreError`] turns it into the public page with the same status.

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use minijinja::{Environment, context};
use prongsai_app::ServiceError;
use prongsai_core::model::Agency;
use prongsai_store::StoreError;
use serde::Serialize;

use crate::error::AppError;
use crate::state::AppState;

mod filing_limit;
mod form;
mod portal;
mod submit;
mod survey;
mod tracking;

pub(crate) use filing_limit::FilingLimit;

/// The public routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .merge(portal::routes())
        .merge(submit::routes())
        .merge(tracking::routes())
        .merge(survey::routes())
}

/// What the public layout shows of an agency: pass it as `agency` in the context
/// of every template that extends `public_base.html`. Boxed, so that a
/// [`PublicError`] carrying it stays small.
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub(crate) struct PublicAgency(Box<AgencyHeader>);

/// The fields templates read as `agency.code`, `agency.name`, ….
#[derive(Debug, Clone, Serialize)]
struct AgencyHeader {
    code: String,
    name: String,
    kind_label: &'static str,
    /// "อำเภอเมือง จังหวัดเพชรบุรี", empty when neither is recorded.
    place: String,
    has_logo: bool,
    thai_digits: bool,
}

impl PublicAgency {
    pub(crate) fn new(agency: &Agency) -> Self {
        let place: Vec<String> = [
            place_name(&agency.district, &["อำเภอ", "เขต"]),
            place_name(&agency.province, &["จังหวัด", "กรุงเทพมหานคร"]),
        ]
        .into_iter()
        .flatten()
        .collect();
        Self(Box::new(AgencyHeader {
            code: agency.code.clone(),
            name: agency.name.clone(),
            kind_label: agency.kind.label_th(),
            place: place.join(" "),
            has_logo: agency.logo.is_some(),
            thai_digits: agency.thai_digits,
        }))
    }
}

/// "อำเภอ" or "จังหวัด" and the name as stored ("ลำทับ"), unless the name already
/// starts with a word of `already` (an agency typed "อำเภอลำทับ", or Bangkok,
/// whose districts are เขต and which is no จังหวัด); `None` when empty.
fn place_name(name: &str, already: &[&str]) -> Option<String> {
    let name = name.trim();
    if name.is_empty() {
        None
    } else if already.iter().any(|w| name.starts_with(w)) {
        Some(name.to_owned())
    } else {
        Some(format!("{}{name}", already[0]))
    }
}

/// Why a public request failed; rendered as the public error page.
#[derive(Debug)]
pub(crate) enum PublicError {
    /// A page of its own: status, Thai title and explanation, and the agency
    /// whose header it shows when known.
    Page {
        status: StatusCode,
        title: String,
        detail: String,
        agency: Option<PublicAgency>,
    },
    /// Anything the staff side could fail with, shown on the public page.
    App(AppError),
}

/// Result alias of public handlers.
pub(crate) type PublicResult<T> = Result<T, PublicError>;

impl PublicError {
    /// The 404 of an agency that exists but has no such item.
    pub(crate) fn not_found(agency: &Agency) -> Self {
        Self::Page {
            status: StatusCode::NOT_FOUND,
            title: NOT_FOUND_TITLE.to_owned(),
            detail: NOT_FOUND_DETAIL.to_owned(),
            agency: Some(PublicAgency::new(agency)),
        }
    }
}

impl From<AppError> for PublicError {
    fn from(error: AppError) -> Self {
        Self::App(error)
    }
}

impl From<ServiceError> for PublicError {
    fn from(error: ServiceError) -> Self {
        Self::App(AppError::from(error))
    }
}

impl From<StoreError> for PublicError {
    fn from(error: StoreError) -> Self {
        Self::App(AppError::Store(error))
    }
}

const NOT_FOUND_TITLE: &str = "ไม่พบข้อมูล";
const NOT_FOUND_DETAIL: &str = "ไม่พบหน้าหรือรายการที่ต้องการ รายการอาจถูกยกเลิกการเผยแพร่แล้ว หรือที่อยู่ไม่ถูกต้อง";

impl IntoResponse for PublicError {
    fn into_response(self) -> Response {
        let (status, title, detail, agency) = match self {
            Self::Page {
                status,
                title,
                detail,
                agency,
            } => (status, title, detail, agency),
            Self::App(error) => {
                let (status, title, detail) = match error {
                    AppError::LoginRequired => return error.into_response(),
                    AppError::NotFound | AppError::Store(StoreError::NotFound) => (
                        StatusCode::NOT_FOUND,
                        NOT_FOUND_TITLE,
                        NOT_FOUND_DETAIL.to_owned(),
                    ),
                    AppError::Forbidden => (
                        StatusCode::FORBIDDEN,
                        "ไม่มีสิทธิ์",
                        "หน้านี้ไม่เปิดให้บุคคลทั่วไปใช้งาน".to_owned(),
                    ),
                    AppError::Csrf => (
                        StatusCode::FORBIDDEN,
                        "แบบฟอร์มหมดอายุ",
                        "แบบฟอร์มนี้หมดอายุ กรุณากลับไปหน้าเดิม โหลดใหม่ แล้วส่งอีกครั้ง".to_owned(),
                    ),
                    AppError::BadRequest(reason) => {
                        tracing::info!(reason = %reason, "bad public request");
                        (
                            StatusCode::BAD_REQUEST,
                            "คำขอไม่ถูกต้อง",
                            "ข้อมูลที่ส่งมาไม่อยู่ในรูปแบบที่ระบบรับได้".to_owned(),
                        )
                    }
                    AppError::Unprocessable(reason) => {
                        (StatusCode::UNPROCESSABLE_ENTITY, "ยังทำรายการนี้ไม่ได้", reason)
                    }
                    other => {
                        tracing::error!(error = %other, "public page failed");
                        (
                            StatusCode::INTERNAL_SERVER_ERROR,
                            "ระบบขัดข้อง",
                            "ระบบขัดข้องชั่วคราว กรุณาลองใหม่อีกครั้งในภายหลัง".to_owned(),
                        )
                    }
                };
                (status, title.to_owned(), detail, None)
            }
        };
        public_error(agency.as_ref(), status, &title, &detail)
    }
}

/// The public error page, in the public layout (with the agency's header and
/// links when `agency` is known). Rendered without the state so that it also
/// serves [`PublicError`]'s `IntoResponse`.
pub(crate) fn public_error(
    agency: Option<&PublicAgency>,
    status: StatusCode,
    title: &str,
    detail: &str,
) -> Response {
    thread_local! {
        static ERROR_ENV: Environment<'static> = {
            let mut env = Environment::new();
            env.add_template("public_base.html", include_str!("../../templates/public_base.html"))
                .expect("public layout compiles");
            env.add_template("public_error.html", include_str!("../../templates/public_error.html"))
                .expect("public error template compiles");
            env
        };
    }
    let html = ERROR_ENV.with(|env| {
        env.get_template("public_error.html")
            .and_then(|t| {
                t.render(context! {
                    agency => agency,
                    title => title,
                    detail => detail,
                    status => status.as_u16(),
                })
            })
            .unwrap_or_else(|_| title.to_owned())
    });
    (status, Html(html)).into_response()
}

/// The agency of a public address, or the public 404 page for an unknown code
/// (the same page whether the code never existed or was removed).
pub(crate) async fn agency_by_code(state: &AppState, code: &str) -> PublicResult<Agency> {
    state
        .app
        .store
        .find_agency_by_code(code)
        .await?
        .ok_or_else(|| PublicError::Page {
            status: StatusCode::NOT_FOUND,
            title: "ไม่พบหน่วยงาน".to_owned(),
            detail: "ไม่พบหน่วยงานตามที่อยู่ที่เปิด กรุณาตรวจสอบที่อยู่ที่ได้รับจากหน่วยงานอีกครั้ง".to_owned(),
            agency: None,
        })
}

/// The address the public reaches this server at, without a trailing slash:
/// `public_base_url` from the configuration, else `http://` and the request's
/// `Host` (only host-name characters kept, so a forged header cannot inject
/// markup into a QR code or a PDF).
pub(crate) fn public_base_url(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(base) = &state.app.settings.public_base_url {
        return base.trim_end_matches('/').to_owned();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        })
        .unwrap_or("localhost");
    format!("http://{host}")
}

#[cfg(test)]
mod tests {
    use super::place_name;

    #[test]
    fn places_read_as_thai_addresses() {
        let district = ["อำเภอ", "เขต"];
        let province = ["จังหวัด", "กรุงเทพมหานคร"];
        assert_eq!(
            place_name(" ลำทับ ", &district).as_deref(),
            Some("อำเภอลำทับ")
        );
        assert_eq!(
            place_name("อำเภอลำทับ", &district).as_deref(),
            Some("อำเภอลำทับ")
        );
        assert_eq!(
            place_name("เขตดินแดง", &district).as_deref(),
            Some("เขตดินแดง")
        );
        assert_eq!(place_name("กระบี่", &province).as_deref(), Some("จังหวัดกระบี่"));
        assert_eq!(
            place_name("กรุงเทพมหานคร", &province).as_deref(),
            Some("กรุงเทพมหานคร")
        );
        assert_eq!(place_name("  ", &province), None);
    }
}
