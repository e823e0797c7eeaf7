//! HTML rendering: minijinja templates compiled into the binary, auto-escaped.
//!
//! Templates are strict (an undefined variable is an error, found by the page
//! tests rather than shown to a user as an empty cell).

use axum::response::Html;
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::max_length::with_max_lengths;

/// Adds every file of `templates/`, embedded by `build.rs`; a template that
/// does not compile stops the server at start (and every page test).
#[allow(
    elided_lifetimes_in_paths,
    unused_qualifications,
    reason = "the code minijinja-embed generates is not ours to restyle"
)]
fn load_embedded(env: &mut Environment<'static>) {
    minijinja_embed::load_templates!(*env);
}

/// The compiled templates.
#[derive(Debug)]
pub(crate) struct Templates {
    env: Environment<'static>,
}

impl Templates {
    pub(crate) fn new() -> Self {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        load_embedded(&mut env);
        env.add_filter("digits", |text: String, thai: bool| {
            prongsai_core::thai::digits::digits_for(&text, thai)
        });
        env.add_filter("score", |value: f64, thai: bool| {
            prongsai_core::thai::digits::digits_for(&format!("{value:.2}"), thai)
        });
        Self { env }
    }

    /// Renders one template to an HTML response body, every text field with
    /// its `maxlength` from core's table.
    pub(crate) fn render(&self, name: &str, ctx: impl Serialize) -> Result<Html<String>, AppError> {
        self.env
            .get_template(name)
            .and_then(|t| t.render(ctx))
            .map(|html| Html(with_max_lengths(&html)))
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
