//! The settings of the OIT link checks (`/oit/settings`): the agency's domains
//! besides its website, the home page reachability is measured from, how many
//! clicks away evidence may be, how often links are checked on their own, and
//! whether each check keeps a copy of what it fetched. Administrators only.
//!
//! The domains bound what the checker may fetch, so they are validated as
//! domain names here and the checker still refuses private addresses.

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use minijinja::context;
use prongsai_core::disclosure::DisclosureSettings;
use prongsai_core::thai::digits::to_arabic_digits;
use prongsai_core::validation::ValidationErrors;

use super::Notice;
use super::agency::CHECKED;
use super::disclosure::NAV;
use crate::auth::CurrentUser;
use crate::auth::csrf::ProtectedForm;
use crate::error::AppResult;
use crate::forms::FormState;
use crate::render::PageContext;
use crate::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/oit/settings", get(show).post(save))
}

/// The form's fields.
const FIELDS: [&str; 5] = [
    "extra_domains",
    "home_url",
    "max_clicks",
    "check_interval_hours",
    "keep_archive",
];

/// The settings typed; a number that does not parse is reported at its field
/// before the range checks of [`DisclosureSettings::validate`].
fn parse(values: &BTreeMap<String, String>) -> Result<DisclosureSettings, ValidationErrors> {
    let get = |k: &str| {
        values
            .get(k)
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let defaults = DisclosureSettings::default();
    let mut errors = ValidationErrors::new();
    let mut number = |field: &str, default: u32| {
        to_arabic_digits(&get(field)).parse().unwrap_or_else(|_| {
            errors.add(field, "กรุณากรอกเป็นตัวเลขจำนวนเต็ม เช่น 3");
            default
        })
    };
    let max_clicks = number("max_clicks", defaults.max_clicks);
    let check_interval_hours = number("check_interval_hours", defaults.check_interval_hours);
    let mut extra_domains: Vec<String> = Vec::new();
    for domain in get("extra_domains").split(['\n', ',', ' ']).map(str::trim) {
        let domain = domain.to_ascii_lowercase();
        if !domain.is_empty() && !extra_domains.contains(&domain) {
            extra_domains.push(domain);
        }
    }
    let settings = DisclosureSettings {
        extra_domains,
        home_url: get("home_url"),
        max_clicks,
        check_interval_hours,
        keep_archive: get("keep_archive") == CHECKED,
    };
    if let Err(more) = settings.validate() {
        errors.0.extend(more.0);
    }
    errors.into_result().map(|()| settings)
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
    user: CurrentUser,
    Query(notice): Query<Notice>,
) -> AppResult<Html<String>> {
    let agency = user.agency()?;
    user.require_admin()?;
    let stored = state.app.store.disclosure_settings(agency.id).await?;
    render(&state, &user, stored_values(&stored), notice.message()).await
}

async fn save(
    State(state): State<AppState>,
    ProtectedForm { user, form }: ProtectedForm<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let agency = user.agency()?;
    user.require_admin()?;
    let values: BTreeMap<String, String> = form
        .into_iter()
        .filter(|(k, _)| FIELDS.contains(&k.as_str()))
        .collect();
    let settings = match parse(&values) {
        Ok(settings) => settings,
        Err(errors) => {
            let form = FormState::with_values(values).with_errors(&errors);
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

    fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn numbers_in_either_digits_and_domains_one_per_line() {
        let settings = parse(&values(&[
            (
                "extra_domains",
                "Dindaeng.go.th\r\nwww.dindaeng.go.th, dindaeng.go.th",
            ),
            ("home_url", ""),
            ("max_clicks", "๓"),
            ("check_interval_hours", "0"),
            ("keep_archive", CHECKED),
        ]))
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
        let errors = parse(&values(&[
            ("extra_domains", "dindaeng go th/"),
            ("home_url", "www.dindaeng.go.th"),
            ("max_clicks", "สาม"),
            ("check_interval_hours", "1000"),
        ]))
        .unwrap_err();
        assert!(errors.get("max_clicks").is_some());
        assert!(errors.get("check_interval_hours").is_some());
        assert!(errors.get("home_url").is_some());
        assert!(errors.get("extra_domains").is_some());
    }
}
