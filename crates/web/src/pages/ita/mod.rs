//! ITA results and what is read from them: the results entered per year and
//! source, the ITA analysis document, the frameworks an agency imports, and the
//! score summary the dashboard charts.

use axum::Router;

use crate::state::AppState;

pub(crate) mod analysis;
pub(crate) mod frameworks;
pub(crate) mod results;
pub(crate) mod summary;

/// The routes of every page of this feature.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .merge(results::routes())
        .merge(analysis::routes())
        .merge(frameworks::routes())
}
