//! The agency's records that are edited and printed as one document each:
//! orders with their committees, memos with their acknowledgements, and the
//! yearly corruption-risk assessment.

use axum::Router;

use crate::state::AppState;

pub(crate) mod memos;
pub(crate) mod orders;
pub(crate) mod risk;

/// The routes of every page of this feature.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .merge(orders::routes())
        .merge(memos::routes())
        .merge(risk::routes())
}
