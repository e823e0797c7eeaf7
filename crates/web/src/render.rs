//! HTML rendering: minijinja templates compiled into the binary, auto-escaped.
//!
//! Templates are strict (an undefined variable is an error, found by the page
//! tests rather than shown to a user as an empty cell).

use axum::response::Html;
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::error::AppError;

/// Every template, by name. Adding a page means adding a line here.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("login.html", include_str!("../templates/login.html")),
    ("error.html", include_str!("../templates/error.html")),
    (
        "dashboard.html",
        include_str!("../templates/dashboard.html"),
    ),
    (
        "supervisor.html",
        include_str!("../templates/supervisor.html"),
    ),
    (
        "departments.html",
        include_str!("../templates/departments.html"),
    ),
    (
        "department_edit.html",
        include_str!("../templates/department_edit.html"),
    ),
    ("agency.html", include_str!("../templates/agency.html")),
    (
        "officials.html",
        include_str!("../templates/officials.html"),
    ),
    (
        "official_edit.html",
        include_str!("../templates/official_edit.html"),
    ),
    ("users.html", include_str!("../templates/users.html")),
    (
        "user_edit.html",
        include_str!("../templates/user_edit.html"),
    ),
    ("audit.html", include_str!("../templates/audit.html")),
    (
        "admin_forms.html",
        include_str!("../templates/admin_forms.html"),
    ),
    ("ita_list.html", include_str!("../templates/ita_list.html")),
    ("ita_edit.html", include_str!("../templates/ita_edit.html")),
    (
        "frameworks.html",
        include_str!("../templates/frameworks.html"),
    ),
    (
        "framework_view.html",
        include_str!("../templates/framework_view.html"),
    ),
    (
        "framework_derive.html",
        include_str!("../templates/framework_derive.html"),
    ),
    ("ita_view.html", include_str!("../templates/ita_view.html")),
    ("analysis.html", include_str!("../templates/analysis.html")),
    ("plan.html", include_str!("../templates/plan.html")),
    ("confirm.html", include_str!("../templates/confirm.html")),
    (
        "measure_form.html",
        include_str!("../templates/measure_form.html"),
    ),
    (
        "progress_round.html",
        include_str!("../templates/progress_round.html"),
    ),
    (
        "progress_edit.html",
        include_str!("../templates/progress_edit.html"),
    ),
    (
        "risk_list.html",
        include_str!("../templates/risk_list.html"),
    ),
    ("risk.html", include_str!("../templates/risk.html")),
    (
        "risk_area.html",
        include_str!("../templates/risk_area.html"),
    ),
    ("orders.html", include_str!("../templates/orders.html")),
    ("order.html", include_str!("../templates/order.html")),
    (
        "order_form.html",
        include_str!("../templates/order_form.html"),
    ),
    (
        "order_macros.html",
        include_str!("../templates/order_macros.html"),
    ),
    ("memos.html", include_str!("../templates/memos.html")),
    ("memo.html", include_str!("../templates/memo.html")),
    (
        "memo_form.html",
        include_str!("../templates/memo_form.html"),
    ),
    (
        "action_plans.html",
        include_str!("../templates/action_plans.html"),
    ),
    (
        "action_plan.html",
        include_str!("../templates/action_plan.html"),
    ),
    (
        "action_plan_intro.html",
        include_str!("../templates/action_plan_intro.html"),
    ),
    (
        "action_plan_targets.html",
        include_str!("../templates/action_plan_targets.html"),
    ),
    (
        "project_form.html",
        include_str!("../templates/project_form.html"),
    ),
    (
        "follow_up_round.html",
        include_str!("../templates/follow_up_round.html"),
    ),
    (
        "follow_up_edit.html",
        include_str!("../templates/follow_up_edit.html"),
    ),
    ("cases.html", include_str!("../templates/cases.html")),
    ("case.html", include_str!("../templates/case.html")),
    (
        "case_form.html",
        include_str!("../templates/case_form.html"),
    ),
    (
        "complaint_settings.html",
        include_str!("../templates/complaint_settings.html"),
    ),
    (
        "complaint_stats.html",
        include_str!("../templates/complaint_stats.html"),
    ),
    (
        "publications.html",
        include_str!("../templates/publications.html"),
    ),
    (
        "public_complaint_form.html",
        include_str!("../templates/public_complaint_form.html"),
    ),
    (
        "public_receipt.html",
        include_str!("../templates/public_receipt.html"),
    ),
    (
        "public_track.html",
        include_str!("../templates/public_track.html"),
    ),
    (
        "public_case.html",
        include_str!("../templates/public_case.html"),
    ),
    (
        "public_base.html",
        include_str!("../templates/public_base.html"),
    ),
    (
        "public_home.html",
        include_str!("../templates/public_home.html"),
    ),
    (
        "public_item.html",
        include_str!("../templates/public_item.html"),
    ),
    (
        "public_error.html",
        include_str!("../templates/public_error.html"),
    ),
    (
        "disclosure.html",
        include_str!("../templates/disclosure.html"),
    ),
    (
        "disclosure_entry.html",
        include_str!("../templates/disclosure_entry.html"),
    ),
    (
        "disclosure_settings.html",
        include_str!("../templates/disclosure_settings.html"),
    ),
    (
        "link_history.html",
        include_str!("../templates/link_history.html"),
    ),
    ("surveys.html", include_str!("../templates/surveys.html")),
    (
        "survey_form.html",
        include_str!("../templates/survey_form.html"),
    ),
    (
        "survey_view.html",
        include_str!("../templates/survey_view.html"),
    ),
    (
        "public_survey.html",
        include_str!("../templates/public_survey.html"),
    ),
    (
        "public_survey_done.html",
        include_str!("../templates/public_survey_done.html"),
    ),
];

/// The compiled templates.
#[derive(Debug)]
pub(crate) struct Templates {
    env: Environment<'static>,
}

impl Templates {
    pub(crate) fn new() -> Self {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        for (name, source) in TEMPLATES {
            env.add_template(name, source)
                .unwrap_or_else(|e| panic!("template {name} does not compile: {e}"));
        }
        env.add_filter("digits", |text: String, thai: bool| {
            prongsai_core::thai::digits::digits_for(&text, thai)
        });
        env.add_filter("score", |value: f64, thai: bool| {
            prongsai_core::thai::digits::digits_for(&format!("{value:.2}"), thai)
        });
        Self { env }
    }

    /// Renders one template to an HTML response body.
    pub(crate) fn render(&self, name: &str, ctx: impl Serialize) -> Result<Html<String>, AppError> {
        self.env
            .get_template(name)
            .and_then(|t| t.render(ctx))
            .map(Html)
            .map_err(|e| AppError::Internal(format!("template {name}: {e:#}")))
    }
}

/// What the layout of every logged-in page shows.
#[derive(Debug, Serialize)]
pub(crate) struct PageContext {
    pub(crate) title: String,
    /// Which navigation entry is current.
    pub(crate) nav: &'static str,
    pub(crate) user_name: String,
    pub(crate) role_label: &'static str,
    pub(crate) agency_name: String,
    pub(crate) csrf_token: String,
    pub(crate) is_admin: bool,
    pub(crate) is_supervisor: bool,
    pub(crate) thai_digits: bool,
    /// A message after a successful change ("บันทึกแล้ว").
    pub(crate) notice: Option<String>,
}

impl PageContext {
    pub(crate) fn new(user: &CurrentUser, title: impl Into<String>, nav: &'static str) -> Self {
        Self {
            title: title.into(),
            nav,
            user_name: user.user.display_name.clone(),
            role_label: user.user.role.label_th(),
            agency_name: user
                .agency
                .as_ref()
                .map_or_else(|| "ผู้กำกับดูแล".to_owned(), |a| a.name.clone()),
            csrf_token: user.session.csrf_token.clone(),
            is_admin: user.user.role.can_administer(),
            is_supervisor: user.is_supervisor(),
            thai_digits: user.agency.as_ref().is_some_and(|a| a.thai_digits),
            notice: None,
        }
    }

    /// Adds the notice shown after a redirect (`?saved=1` and friends).
    pub(crate) fn with_notice(mut self, notice: Option<&str>) -> Self {
        self.notice = notice.map(str::to_owned);
        self
    }
}
