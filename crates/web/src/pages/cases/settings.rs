//! The agency's complaint settings (ตั้งค่าเรื่องร้องเรียน) and who may handle
//! corruption reports. Administrators only.
//!
//! The most common reason a whistle-blowing channel fails in practice is not a
//! breach but silence: reports arrive and nobody is allowed, or told, to read
//! them. So the page says plainly when no active user holds the corruption-handler
//! permission or no address receives the notice of a new report. Granting and
//! revoking the permission are audited by the store like any other change.

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::context;
use prongsai_core::complaints::ComplaintSettings;
use prongsai_core::model::{User, UserId};
use prongsai_core::thai::digits::to_arabic_digits;
use prongsai_core::validation::ValidationErrors;
use serde::{Deserialize, Serialize};

use crate::auth::Admin;
use crate::auth::CurrentUser;
use crate::auth::csrf::{CheckedForm, ProtectedForm};
use crate::error::{AppError, AppResult};
use crate::forms::FormState;
use crate::pages::Notice;
use crate::pages::accounts::agency::CHECKED;
use crate::render::PageContext;
use crate::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/complaints/settings", get(show).post(save))
        .route("/complaints/settings/handlers", post(set_handler))
}

/// The warning the brief of the channel calls for when nobody can open reports.
const NO_HANDLER_TH: &str = "ยังไม่มีผู้รับผิดชอบเรื่องร้องเรียนการทุจริต — เรื่องที่แจ้งเข้ามาจะไม่มีผู้เปิดอ่าน";

const NO_CORRUPTION_EMAIL_TH: &str =
    "ยังไม่ได้กำหนดอีเมลรับแจ้งเรื่องร้องเรียนการทุจริต — เมื่อมีผู้แจ้งเรื่องเข้ามา จะไม่มีผู้ใดได้รับแจ้งทางอีเมล";

/// What the settings form sends.
#[derive(Debug, Deserialize)]
struct SettingsForm {
    #[serde(default)]
    deadline_days: String,
    #[serde(default)]
    reminder_days: String,
    #[serde(default)]
    small_count_threshold: String,
    #[serde(default)]
    retention_days: String,
    #[serde(default)]
    notify_emails: String,
    #[serde(default)]
    corruption_notify_emails: String,
}

impl SettingsForm {
    fn values(&self) -> FormState {
        FormState::with_values([
            ("deadline_days", self.deadline_days.as_str()),
            ("reminder_days", self.reminder_days.as_str()),
            ("small_count_threshold", self.small_count_threshold.as_str()),
            ("retention_days", self.retention_days.as_str()),
            ("notify_emails", self.notify_emails.as_str()),
            (
                "corruption_notify_emails",
                self.corruption_notify_emails.as_str(),
            ),
        ])
    }

    /// The settings typed, checked by [`ComplaintSettings::validate`]; a number
    /// that does not parse is reported at its field before any range message.
    fn parse(&self) -> Result<ComplaintSettings, ValidationErrors> {
        let defaults = ComplaintSettings::default();
        let mut errors = ValidationErrors::new();
        let mut number = |field: &str, text: &str, default: u32| {
            whole_number(text).unwrap_or_else(|| {
                errors.add(field, "กรุณากรอกเป็นตัวเลขจำนวนเต็ม เช่น 15");
                default
            })
        };
        let settings = ComplaintSettings {
            deadline_days: number("deadline_days", &self.deadline_days, defaults.deadline_days),
            reminder_days: number("reminder_days", &self.reminder_days, defaults.reminder_days),
            small_count_threshold: number(
                "small_count_threshold",
                &self.small_count_threshold,
                defaults.small_count_threshold,
            ),
            retention_days: number(
                "retention_days",
                &self.retention_days,
                defaults.retention_days,
            ),
            notify_emails: email_list(&self.notify_emails),
            corruption_notify_emails: email_list(&self.corruption_notify_emails),
        };
        if let Err(more) = settings.validate() {
            errors.0.extend(more.0);
        }
        errors.into_result().map(|()| settings)
    }
}

/// A whole number typed with Arabic or Thai digits.
fn whole_number(text: &str) -> Option<u32> {
    to_arabic_digits(text.trim()).parse().ok()
}

/// Addresses one per line (commas and semicolons also separate them, as when a
/// list is pasted from a mail program), blanks dropped, each once.
fn email_list(text: &str) -> Vec<String> {
    let mut list: Vec<String> = Vec::new();
    for address in text.split(['\n', ',', ';']).map(str::trim) {
        if !address.is_empty() && !list.iter().any(|a| a.eq_ignore_ascii_case(address)) {
            list.push(address.to_owned());
        }
    }
    list
}

/// The form filled with what is stored.
fn stored_values(settings: &ComplaintSettings) -> FormState {
    FormState::with_values([
        ("deadline_days", settings.deadline_days.to_string()),
        ("reminder_days", settings.reminder_days.to_string()),
        (
            "small_count_threshold",
            settings.small_count_threshold.to_string(),
        ),
        ("retention_days", settings.retention_days.to_string()),
        ("notify_emails", settings.notify_emails.join("\n")),
        (
            "corruption_notify_emails",
            settings.corruption_notify_emails.join("\n"),
        ),
    ])
}

/// One user in the list of corruption-handler grants.
#[derive(Debug, Serialize)]
struct HandlerRow {
    id: String,
    display_name: String,
    username: String,
    role: &'static str,
    active: bool,
    handler: bool,
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    form: FormState,
    notice: Option<&str>,
) -> AppResult<Html<String>> {
    let agency = user.agency()?;
    let stored = state.app.store.complaint_settings(agency.id).await?;
    let handlers = state.app.store.corruption_handlers(agency.id).await?;
    let rows: Vec<HandlerRow> = state
        .app
        .store
        .list_users(agency.id)
        .await?
        .into_iter()
        .map(|u| {
            let handler = handlers.contains(&u.id);
            HandlerRow {
                id: u.id.to_string(),
                display_name: u.display_name,
                username: u.username,
                role: u.role.label_th(),
                active: u.active,
                handler,
            }
        })
        .filter(|row| row.active || row.handler)
        .collect();
    let mut warnings = Vec::new();
    if !rows.iter().any(|r| r.active && r.handler) {
        warnings.push(NO_HANDLER_TH);
    }
    if stored.corruption_notify_emails.is_empty() {
        warnings.push(NO_CORRUPTION_EMAIL_TH);
    }
    let page = PageContext::new(user, "ตั้งค่าเรื่องร้องเรียน", "complaint_settings").with_notice(notice);
    state.templates.render(
        "complaint_settings.html",
        context! {
            page => page,
            form => form,
            rows => rows,
            warnings => warnings,
            can_send_mail => prongsai_app::mail::can_send(&state.app),
            checked => CHECKED,
        },
    )
}

async fn show(
    State(state): State<AppState>,
    Admin(user): Admin,
    Query(notice): Query<Notice>,
) -> AppResult<Html<String>> {
    let agency = user.agency()?;
    let stored = state.app.store.complaint_settings(agency.id).await?;
    render(&state, &user, stored_values(&stored), notice.message()).await
}

async fn save(
    State(state): State<AppState>,
    Admin(user): Admin,
    CheckedForm { form, problems, .. }: CheckedForm<SettingsForm>,
) -> AppResult<Response> {
    let agency = user.agency()?;
    let settings = match problems.and_then_read(form.parse()) {
        Ok(settings) => settings,
        Err(errors) => {
            let form = form.values().with_errors(&errors);
            return Ok(render(&state, &user, form, None).await?.into_response());
        }
    };
    state
        .app
        .store
        .save_complaint_settings(user.actor(), agency.id, &settings)
        .await?;
    Ok(Redirect::to("/complaints/settings?notice=saved").into_response())
}

/// What a grant or revoke button sends.
#[derive(Debug, Deserialize)]
struct HandlerForm {
    #[serde(default)]
    user_id: String,
    /// [`CHECKED`] to grant, anything else to revoke.
    #[serde(default)]
    handler: String,
}

/// A user of `agency`, or 404 like any other agency's id.
async fn agency_user(state: &AppState, user: &CurrentUser, id: &str) -> AppResult<User> {
    let agency_id = user.agency_id()?;
    let id: UserId = id.trim().parse().map_err(|_| AppError::NotFound)?;
    state
        .app
        .store
        .get_user(id)
        .await?
        .filter(|u| u.agency_id == Some(agency_id))
        .ok_or(AppError::NotFound)
}

async fn set_handler(
    State(state): State<AppState>,
    Admin(user): Admin,
    ProtectedForm { form, .. }: ProtectedForm<HandlerForm>,
) -> AppResult<Response> {
    let agency = user.agency_id()?;
    let target = agency_user(&state, &user, &form.user_id).await?;
    let grant = form.handler == CHECKED;
    if grant && !target.active {
        return Err(AppError::Unprocessable(
            "ผู้ใช้นี้ถูกปิดการใช้งาน จึงมอบสิทธิ์ไม่ได้ กรุณาเปิดการใช้งานที่หน้าผู้ใช้งานก่อน".to_owned(),
        ));
    }
    state
        .app
        .store
        .set_corruption_handler(user.actor(), agency, target.id, grant)
        .await?;
    Ok(Redirect::to("/complaints/settings?notice=saved#handlers").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(deadline: &str, reminder: &str, emails: &str) -> SettingsForm {
        SettingsForm {
            deadline_days: deadline.to_owned(),
            reminder_days: reminder.to_owned(),
            small_count_threshold: "5".to_owned(),
            retention_days: "๙๐".to_owned(),
            notify_emails: emails.to_owned(),
            corruption_notify_emails: String::new(),
        }
    }

    #[test]
    fn numbers_in_either_digits_and_one_address_per_line() {
        let settings = form(
            " 20 ",
            "๕",
            "saraban@dindaeng.go.th\r\n\r\npalad@dindaeng.go.th, SARABAN@dindaeng.go.th",
        )
        .parse()
        .unwrap();
        assert_eq!(settings.deadline_days, 20);
        assert_eq!(settings.reminder_days, 5);
        assert_eq!(settings.retention_days, 90);
        assert_eq!(
            settings.notify_emails,
            ["saraban@dindaeng.go.th", "palad@dindaeng.go.th"]
        );
        assert!(settings.corruption_notify_emails.is_empty());
    }

    #[test]
    fn a_word_where_a_number_goes_is_reported_at_its_field() {
        let errors = form("สิบห้า", "3", "").parse().unwrap_err();
        let state = FormState::default().with_errors(&errors);
        assert_eq!(
            state.errors.get("deadline_days").map(String::as_str),
            Some("กรุณากรอกเป็นตัวเลขจำนวนเต็ม เช่น 15")
        );
        assert!(!state.errors.contains_key("reminder_days"));
        let errors = form("15", "3", "สมชาย").parse().unwrap_err();
        assert!(errors.get("notify_emails").unwrap().contains("สมชาย"));
    }
}
