//! The agency profile (ข้อมูลหน่วยงาน): every user of the agency reads it, the
//! administrator edits it and uploads the logo.
//!
//! The logo is served back to every user of the agency and printed on documents,
//! so its type is decided by sniffing its bytes (PNG or JPEG only), never by the
//! file name or the content type the browser claims. The agency is always the
//! session's own; no form names an agency.
//!
//! The small form helpers at the end are shared by the other pages that edit the
//! agency's own records (officials, users).

use axum::Router;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::context;
use prongsai_core::model::{Agency, AgencyId, AgencyKind, Department, DepartmentId, Logo};
use prongsai_core::validation::ValidationErrors;
use prongsai_core::web_link::check_link;
use prongsai_docs::LogoProblem;
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use crate::auth::Admin;
use crate::auth::CurrentUser;
use crate::auth::csrf::{CheckedForm, ProtectedForm, ProtectedMultipart};
use crate::error::{AppError, AppResult};
use crate::forms::{FormState, check_typed_link};
use crate::pages::Notice;
use crate::render::PageContext;
use crate::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/agency", get(show).post(update))
        .route("/agency/logo", get(logo).post(upload_logo))
        .route("/agency/logo/delete", post(remove_logo))
}

/// Largest logo accepted: enough for a crisp emblem, small enough to live in the
/// database and travel in bundles.
const MAX_LOGO_BYTES: usize = 512 * 1024;

/// What the value of a ticked checkbox is in every form of these pages.
pub(crate) const CHECKED: &str = "yes";

/// What the profile form sends. An unticked checkbox sends nothing.
#[derive(Debug, Deserialize)]
pub(crate) struct AgencyForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    district: String,
    #[serde(default)]
    province: String,
    #[serde(default)]
    website: String,
    #[serde(default)]
    thai_digits: String,
}

/// The checked profile, ready to be merged into the stored agency.
#[derive(Debug)]
struct Profile {
    kind: AgencyKind,
    name: String,
    district: String,
    province: String,
    website: Option<String>,
    thai_digits: bool,
}

impl AgencyForm {
    fn values(&self) -> FormState {
        FormState::with_values([
            ("kind", self.kind.as_str()),
            ("name", self.name.as_str()),
            ("district", self.district.as_str()),
            ("province", self.province.as_str()),
            ("website", self.website.as_str()),
            ("thai_digits", self.thai_digits.as_str()),
        ])
    }

    /// A website with Thai digits is offered back in Arabic digits.
    fn validate(&mut self) -> Result<Profile, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let kind = AgencyKind::from_code(self.kind.trim());
        if kind.is_none() {
            errors.add("kind", "กรุณาเลือกประเภทหน่วยงาน");
        }
        let name = text_line(&mut errors, "name", &self.name, "ชื่อหน่วยงาน", true);
        let district = text_line(&mut errors, "district", &self.district, "อำเภอ", false);
        let province = text_line(&mut errors, "province", &self.province, "จังหวัด", true);
        let typed = text_line(&mut errors, "website", &self.website, "เว็บไซต์", false);
        let website = if typed.is_empty() {
            None
        } else {
            check_typed_link(&mut self.website, "website", &mut errors)
        };
        errors.into_result()?;
        Ok(Profile {
            kind: kind.unwrap_or(AgencyKind::Other),
            name,
            district,
            province,
            website,
            thai_digits: self.thai_digits == CHECKED,
        })
    }
}

/// The image type of a logo, read from its first bytes: PNG or JPEG, or `None`.
fn sniff_image(bytes: &[u8]) -> Option<&'static str> {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    const JPEG: &[u8] = b"\xff\xd8\xff";
    if bytes.starts_with(PNG) {
        Some("image/png")
    } else if bytes.starts_with(JPEG) {
        Some("image/jpeg")
    } else {
        None
    }
}

/// Checks an uploaded logo, decoding it whole; its content type, or a Thai message.
fn check_logo(bytes: &[u8]) -> Result<&'static str, &'static str> {
    if bytes.is_empty() {
        return Err("กรุณาเลือกไฟล์โลโก้");
    }
    if bytes.len() > MAX_LOGO_BYTES {
        return Err("ไฟล์โลโก้ต้องมีขนาดไม่เกิน 512 KB");
    }
    prongsai_docs::check_logo(bytes).map_err(LogoProblem::message_th)
}

/// What the profile page shows about the agency (the logo bytes stay out of it).
#[derive(Debug, Serialize)]
struct AgencyView<'a> {
    code: &'a str,
    kind_label: &'static str,
    name: &'a str,
    district: &'a str,
    province: &'a str,
    website: Option<&'a str>,
    /// Whether the website may be a link (the rule applies to old data too).
    website_is_link: bool,
    thai_digits: bool,
    has_logo: bool,
}

impl<'a> AgencyView<'a> {
    fn new(agency: &'a Agency) -> Self {
        let website = agency.website.as_deref();
        Self {
            code: &agency.code,
            kind_label: agency.kind.label_th(),
            name: &agency.name,
            district: &agency.district,
            province: &agency.province,
            website,
            website_is_link: website.is_some_and(|w| check_link(w).is_ok()),
            thai_digits: agency.thai_digits,
            has_logo: agency.logo.is_some(),
        }
    }
}

/// The profile form filled with what is stored.
fn stored_values(agency: &Agency) -> FormState {
    FormState::with_values([
        ("kind", agency.kind.code()),
        ("name", &agency.name),
        ("district", &agency.district),
        ("province", &agency.province),
        ("website", agency.website.as_deref().unwrap_or_default()),
        ("thai_digits", if agency.thai_digits { CHECKED } else { "" }),
    ])
}

fn render(
    state: &AppState,
    user: &CurrentUser,
    form: FormState,
    logo_form: FormState,
    notice: Option<&str>,
) -> AppResult<Html<String>> {
    let agency = user.agency()?;
    let kind_options: Vec<(&str, &str)> = AgencyKind::ALL
        .iter()
        .map(|k| (k.code(), k.label_th()))
        .collect();
    let page = PageContext::new(user, "ข้อมูลหน่วยงาน", "agency").with_notice(notice);
    state.templates.render(
        "agency.html",
        context! {
            page => page,
            agency => AgencyView::new(agency),
            form => form,
            logo_form => logo_form,
            kind_options => kind_options,
            max_logo_kb => MAX_LOGO_BYTES / 1024,
        },
    )
}

async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(notice): Query<Notice>,
) -> AppResult<Html<String>> {
    let form = stored_values(user.agency()?);
    render(&state, &user, form, FormState::default(), notice.message())
}

async fn update(
    State(state): State<AppState>,
    Admin(user): Admin,
    CheckedForm {
        mut form, problems, ..
    }: CheckedForm<AgencyForm>,
) -> AppResult<Response> {
    let agency = user.agency()?;
    let profile = match problems.and_then_read(form.validate()) {
        Ok(profile) => profile,
        Err(errors) => {
            let form = form.values().with_errors(&errors);
            return Ok(render(&state, &user, form, FormState::default(), None)?.into_response());
        }
    };
    let changed = Agency {
        kind: profile.kind,
        name: profile.name,
        district: profile.district,
        province: profile.province,
        website: profile.website,
        thai_digits: profile.thai_digits,
        ..agency.clone()
    };
    state
        .app
        .store
        .update_agency(user.actor(), &changed)
        .await?;
    Ok(Redirect::to("/agency?notice=saved").into_response())
}

/// `GET /agency/logo`: the logo of the user's own agency, 404 when there is none.
async fn logo(user: CurrentUser) -> AppResult<Response> {
    let logo = user.agency()?.logo.as_ref().ok_or(AppError::NotFound)?;
    // Sniffed again: a logo imported from a bundle never went through the upload check.
    let content_type = sniff_image(&logo.bytes).ok_or(AppError::NotFound)?;
    Ok(([(header::CONTENT_TYPE, content_type)], logo.bytes.clone()).into_response())
}

/// `POST /agency/logo`. A body too large to read is reported next to the file
/// field, like any other wrong file, rather than as a bare error page.
async fn upload_logo(
    State(state): State<AppState>,
    Admin(user): Admin,
    upload: Result<ProtectedMultipart, AppError>,
) -> AppResult<Response> {
    let agency = user.agency()?;
    let logo_error = |message: &str| -> AppResult<Response> {
        let logo_form = FormState::default().with_error("logo", message);
        Ok(render(&state, &user, stored_values(agency), logo_form, None)?.into_response())
    };
    let parts = match upload {
        Ok(upload) => upload.parts,
        Err(AppError::BadRequest(_)) => {
            return logo_error(
                "อัปโหลดไม่สำเร็จ ไฟล์อาจใหญ่เกิน 512 KB กรุณาเลือกไฟล์ PNG หรือ JPEG ที่เล็กกว่านี้",
            );
        }
        Err(e) => return Err(e),
    };
    let bytes = parts
        .get("logo")
        .map(|p| p.bytes.as_slice())
        .unwrap_or_default();
    let content_type = match check_logo(bytes) {
        Ok(content_type) => content_type,
        Err(message) => return logo_error(message),
    };
    let changed = Agency {
        logo: Some(Logo {
            content_type: content_type.to_owned(),
            bytes: bytes.to_vec(),
        }),
        ..agency.clone()
    };
    state
        .app
        .store
        .update_agency(user.actor(), &changed)
        .await?;
    Ok(Redirect::to("/agency?notice=saved").into_response())
}

/// `POST /agency/logo/delete`: the form carries nothing but its CSRF token.
async fn remove_logo(
    State(state): State<AppState>,
    Admin(user): Admin,
    ProtectedForm { .. }: ProtectedForm<IgnoredAny>,
) -> AppResult<Response> {
    let agency = user.agency()?;
    if agency.logo.is_some() {
        let changed = Agency {
            logo: None,
            ..agency.clone()
        };
        state
            .app
            .store
            .update_agency(user.actor(), &changed)
            .await?;
    }
    Ok(Redirect::to("/agency?notice=deleted").into_response())
}

/// Checks one single-line text field and returns it trimmed: required or not,
/// and within the table of limits for its name (no more characters than its
/// kind holds, no control characters: a text box never sends them, and
/// PostgreSQL refuses a NUL in text, which must not become a 500).
pub(crate) fn text_line(
    errors: &mut ValidationErrors,
    field: &str,
    value: &str,
    label_th: &str,
    required: bool,
) -> String {
    let value = value.trim();
    if required {
        errors.require(field, value, label_th);
    }
    errors.check_field(field, value);
    value.to_owned()
}

/// The department select of a form: "none" first, then the agency's departments.
pub(crate) fn department_options(departments: &[Department]) -> Vec<(String, String)> {
    std::iter::once((String::new(), "— ไม่ระบุ —".to_owned()))
        .chain(
            departments
                .iter()
                .map(|d| (d.id.to_string(), d.name.clone())),
        )
        .collect()
}

/// The department a form chose: none, or one of the user's own agency. An id that
/// does not parse or belongs to another agency is a field error, never a write.
pub(crate) async fn chosen_department(
    state: &AppState,
    agency: AgencyId,
    field: &str,
    value: &str,
    errors: &mut ValidationErrors,
) -> AppResult<Option<DepartmentId>> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let found = match value.parse::<DepartmentId>() {
        Ok(id) => state.app.store.get_department(agency, id).await?,
        Err(_) => None,
    };
    if found.is_none() {
        errors.add(field, "ไม่พบส่วนราชการที่เลือก กรุณาเลือกใหม่จากรายการ");
    }
    Ok(found.map(|d| d.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A whole 1 × 1 PNG.
    const PIXEL_PNG: &[u8] = b"\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\x0d\x49\x44\x41\x54\x78\x9c\x63\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99\x3d\x1d\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82";

    #[test]
    fn logos_are_decoded_whole_before_they_are_kept() {
        assert_eq!(check_logo(PIXEL_PNG), Ok("image/png"));
        let header_only = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        assert!(
            check_logo(&header_only)
                .unwrap_err()
                .contains("อ่านไฟล์โลโก้ไม่ได้")
        );
        assert!(check_logo(b"\xff\xd8\xff\xe0\0\x10JFIF").is_err());
        assert!(check_logo(b"").is_err());
        assert!(check_logo(b"<svg xmlns='http://www.w3.org/2000/svg'/>").is_err());
        assert!(check_logo(b"GIF89a").is_err());
        assert!(check_logo(b"\x89PN").is_err());
        let mut big = PIXEL_PNG.to_vec();
        big.resize(MAX_LOGO_BYTES + 1, 0);
        assert_eq!(check_logo(&big), Err("ไฟล์โลโก้ต้องมีขนาดไม่เกิน 512 KB"));
    }

    #[test]
    fn text_lines_are_trimmed_and_checked() {
        let mut errors = ValidationErrors::new();
        assert_eq!(
            text_line(&mut errors, "a", "  กองคลัง ", "ชื่อ", true),
            "กองคลัง"
        );
        assert!(errors.is_empty());
        text_line(&mut errors, "b", "   ", "ชื่อ", true);
        assert_eq!(errors.get("b"), Some("กรุณากรอกชื่อ"));
        text_line(&mut errors, "c", "", "ชื่อ", false);
        assert_eq!(errors.get("c"), None);
        text_line(&mut errors, "name", &"ก".repeat(201), "ชื่อ", false);
        assert_eq!(
            errors.get("name"),
            Some("ยาวเกินกำหนด (201 ตัวอักษร) ใส่ได้ไม่เกิน 200 ตัวอักษร")
        );
        text_line(&mut errors, "e", "a\0b", "ชื่อ", false);
        assert!(errors.get("e").is_some());
    }

    #[test]
    fn the_profile_form_is_checked_as_a_whole() {
        let mut form = AgencyForm {
            kind: "nonsense".to_owned(),
            name: " ".to_owned(),
            district: "เมือง".to_owned(),
            province: String::new(),
            website: "www.example.go.th".to_owned(),
            thai_digits: CHECKED.to_owned(),
        };
        let errors = form.validate().unwrap_err();
        for field in ["kind", "name", "province", "website"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        let mut form = AgencyForm {
            kind: "subdistrict_municipality".to_owned(),
            name: " เทศบาลตำบลดินแดง ".to_owned(),
            province: "กระบี่".to_owned(),
            website: String::new(),
            ..form
        };
        let profile = form.validate().unwrap();
        assert_eq!(profile.kind, AgencyKind::SubdistrictMunicipality);
        assert_eq!(profile.name, "เทศบาลตำบลดินแดง");
        assert_eq!(profile.website, None);
        form.website = " https://www.dindaeng.go.th/๑ ".to_owned();
        let errors = form.validate().unwrap_err();
        assert!(errors.get("website").unwrap().contains("เลขไทย"));
        assert_eq!(form.website, "https://www.dindaeng.go.th/1");
        let profile = form.validate().unwrap();
        assert_eq!(
            profile.website.as_deref(),
            Some("https://www.dindaeng.go.th/1")
        );
        assert!(profile.thai_digits);
    }
}
