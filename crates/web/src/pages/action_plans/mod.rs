//! The multi-year anti-corruption action plan: the list and the plan page, its
//! structure (dimensions, missions), its introduction, its projects and their
//! follow-up per year and round by the departments that run them.

use axum::Router;

use crate::state::AppState;

pub(crate) mod follow_ups;
pub(crate) mod intro;
pub(crate) mod plans;
pub(crate) mod projects;
pub(crate) mod structure;

/// The routes of every page of this feature.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .merge(plans::routes())
        .merge(structure::routes())
        .merge(intro::routes())
        .merge(projects::routes())
        .merge(follow_ups::routes())
}
