//! Self-assessment and satisfaction surveys: the list, the form that opens a
//! survey, and the page of its answers and predicted scores.

use axum::Router;

use crate::state::AppState;

pub(crate) mod form;
pub(crate) mod list;
pub(crate) mod view;

/// The routes of every page of this feature.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .merge(list::routes())
        .merge(form::routes())
        .merge(view::routes())
}
