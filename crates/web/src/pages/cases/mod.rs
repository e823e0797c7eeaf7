//! Complaints and corruption reports on the staff side: the list, the staff
//! entry form, the case page with its workflow, the channel's settings and the
//! yearly statistics.

use axum::Router;

use crate::state::AppState;

pub(crate) mod form;
pub(crate) mod list;
pub(crate) mod settings;
pub(crate) mod statistics;
pub(crate) mod view;

/// The routes of every page of this feature.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .merge(list::routes())
        .merge(form::routes())
        .merge(view::routes())
        .merge(settings::routes())
        .merge(statistics::routes())
}
