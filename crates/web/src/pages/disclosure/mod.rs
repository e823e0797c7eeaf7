//! The OIT disclosure checklist of a fiscal year: the checklist with its link
//! checks, one entry's form, and the agency's website settings the checker uses.

use axum::Router;

use crate::state::AppState;

pub(crate) mod checklist;
pub(crate) mod entry;
pub(crate) mod settings;

/// The routes of every page of this feature.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .merge(checklist::routes())
        .merge(entry::routes())
        .merge(settings::routes())
}
