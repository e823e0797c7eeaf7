//! The page that asks before something is deleted, shared by every page that
//! deletes: it lists what will go and posts only the CSRF token back.

use axum::response::Html;
use minijinja::context;
use serde::Deserialize;

use crate::auth::session::CurrentUser;
use crate::error::AppResult;
use crate::render::PageContext;
use crate::state::AppState;

/// What a confirmation page posts (the CSRF token only, checked by `ProtectedForm`).
#[derive(Debug, Deserialize)]
pub(crate) struct ConfirmForm {}

/// Renders the confirmation before a delete: `lines` say what will go, the form
/// posts to `action`, and "cancel" returns to `back`. `nav` is the navigation
/// entry to highlight.
pub(crate) fn render_confirm(
    state: &AppState,
    user: &CurrentUser,
    nav: &'static str,
    heading: &str,
    lines: Vec<String>,
    action: String,
    back: String,
) -> AppResult<Html<String>> {
    let page = PageContext::new(user, heading, nav);
    state.templates.render(
        "confirm.html",
        context! {
            page => page,
            heading => heading,
            lines => lines,
            action => action,
            button => "ยืนยันการลบ",
            danger => true,
            back => back,
        },
    )
}
