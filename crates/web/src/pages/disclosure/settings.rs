//! The settings of the OIT link checks (`/oit/settings`): the agency's domains
//! besides its website, the home page reachability is measured from, how many
//! clicks away evidence may be, how often links are checked on their own, and
//! whether each check keeps a copy of what it fetched. Administrators only.
//!
//! The domains bound what the checker may fetch, so they are validated as
//! domain names here and the checker still refuses private addresses.

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use minijinja::context;
use prongsai_core::disclosure::DisclosureSettings;
use prongsai_core::thai::digits::to_arabic_digits;
use prongsai_core::validation::ValidationErrors;
use serde::Deserialize;

use crate::auth::Admin;
use crate::auth::CurrentUser;
use crate::auth::csrf::CheckedForm;
use crate::error::AppResult;
use crate::forms::{FormState, check_typed_link};
use crate::pages::Notice;
use crate::pages::accounts::agency::CHECKED;
use crate::pages::disclosure::checklist::NAV;
use crate::render::PageContext;
use crate::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/oit/settings", get(show).post(save))
}

/// The settings form as posted: fixed fields, each as typed.
#[derive(Debug, Default, Deserialize)]
struct SettingsForm {
    #[serde(default)]
    extra_domains: String,
    #[serde(default)]
    home_url: String,
    #[serde(default)]
    max_clicks: String,
    #[serde(default)]
    check_interval_hours: String,
    #[serde(default)]
    keep_archive: String,
}

impl SettingsForm {
    /// The form again as typed.
    fn values(&self) -> FormState {
        FormState::with_values([
            ("extra_domains", self.extra_domains.as_str()),
            ("home_url", self.home_url.as_str()),
            ("max_clicks", self.max_clicks.as_str()),
            ("check_interval_hours", self.check_interval_hours.as_str()),
            ("keep_archive", self.keep_archive.as_str()),
        ])
    }

    /// The settings typed; a number that does not parse is reported at its
    /// field before the range checks of [`DisclosureSettings::validate`].
    /// A home page with Thai digits is offered back in Arabic digits.
    fn parse(&mut self) -> Result<DisclosureSettings, ValidationErrors> {
        let defaults = DisclosureSettings::default();
        let mut errors = ValidationErrors::new();
        let mut number = |field: &str, typed: &str, default: u32| {
            to_arabic_digits(typed.trim()).parse().unwrap_or_else(|_| {
                errors.add(field, "กรุณากรอกเป็นตัวเลขจำนวนเต็ม เช่น 3");
                default
            })
        };
        let max_clicks = number("max_clicks", &self.max_clicks, defaults.max_clicks);
        let check_interval_hours = number(
            "check_interval_hours",
            &self.check_interval_hours,
            defaults.check_interval_hours,
        );
        let mut extra_domains: Vec<String> = Vec::new();
        for domain in self.extra_domains.split(['\n', ',', ' ']).map(str::trim) {
            let domain = domain.to_ascii_lowercase();
            if !domain.is_empty() && !extra_domains.contains(&domain) {
                extra_domains.push(domain);
            }
        }
        let home_url = if self.home_url.trim().is_empty() {
            String::new()
        } else {
            check_typed_link(&mut self.home_url, "home_url", &mut errors)
                .unwrap_or_else(|| self.home_url.trim().to_owned())
        };
        let settings = DisclosureSettings {
            extra_domains,
            home_url,
            max_clicks,
            check_interval_hours,
            keep_archive: self.keep_archive.trim() == CHECKED,
        };
        if let Err(more) = settings.validate() {
            errors.0.extend(more.0);
        }
        errors.into_result().map(|()| settings)
    }
}

fn stored_values(settings: &DisclosureSettings) -> FormState {
    FormState::with_values([
        ("extra_domains", settings.extra_domains.join("\n")),
        ("home_url", settings.home_url.clone()),
        ("max_clicks", settings.max_clicks.to_string()),
        (
            "check_interval_hours",
            settings.check_interval_hours.to_string(),
        ),
        (
            "keep_archive",
            if settings.keep_archive { CHECKED } else { "" }.to_owned(),
        ),
    ])
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    form: FormState,
    notice: Option<&str>,
) -> AppResult<Html<String>> {
    let agency = user.agency()?;
    let page = PageContext::new(user, "ตั้งค่าการตรวจลิงก์ OIT", NAV).with_notice(notice);
    state.templates.render(
        "disclosure_settings.html",
        context! {
            page => page,
            form => form,
            website => agency.website,
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
    let stored = state.app.store.disclosure_settings(agency.id).await?;
    render(&state, &user, stored_values(&stored), notice.message()).await
}

async fn save(
    State(state): State<AppState>,
    Admin(user): Admin,
    CheckedForm {
        mut form, problems, ..
    }: CheckedForm<SettingsForm>,
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
        .save_disclosure_settings(user.actor(), agency.id, &settings)
        .await?;
    Ok(Redirect::to("/oit/settings?notice=saved").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> SettingsForm {
        serde_urlencoded::from_str(&serde_urlencoded::to_string(pairs).unwrap()).unwrap()
    }

    #[test]
    fn numbers_in_either_digits_and_domains_one_per_line() {
        let settings = form(&[
            (
                "extra_domains",
                "Dindaeng.go.th\r\nwww.dindaeng.go.th, dindaeng.go.th",
            ),
            ("home_url", ""),
            ("max_clicks", "๓"),
            ("check_interval_hours", "0"),
            ("keep_archive", CHECKED),
        ])
        .parse()
        .unwrap();
        assert_eq!(
            settings.extra_domains,
            ["dindaeng.go.th", "www.dindaeng.go.th"]
        );
        assert_eq!(settings.max_clicks, 3);
        assert_eq!(settings.check_interval_hours, 0);
        assert!(settings.keep_archive);
    }

    #[test]
    fn bad_values_are_reported_at_their_fields() {
        let errors = form(&[
            ("extra_domains", "dindaeng go th/"),
            ("home_url", "www.dindaeng.go.th"),
            ("max_clicks", "สาม"),
            ("check_interval_hours", "1000"),
        ])
        .parse()
        .unwrap_err();
        assert!(errors.get("max_clicks").is_some());
        assert!(errors.get("check_interval_hours").is_some());
        assert!(errors.get("home_url").is_some());
        assert!(errors.get("extra_domains").is_some());
        let mut thai = form(&[
            ("home_url", "https://www.dindaeng.go.th/๒๕๖๘"),
            ("max_clicks", "3"),
            ("check_interval_hours", "24"),
        ]);
        let errors = thai.parse().unwrap_err();
        assert!(errors.get("home_url").unwrap().contains("เลขไทย"));
        assert_eq!(thai.home_url, "https://www.dindaeng.go.th/2568");
        assert_eq!(
            thai.parse().unwrap().home_url,
            "https://www.dindaeng.go.th/2568"
        );
    }
}
