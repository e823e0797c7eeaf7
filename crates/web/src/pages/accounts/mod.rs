//! The agency's own records of who works there and who may log in: the agency
//! profile, its departments, its officials (named in documents) and the user
//! accounts. Only administrators change them, but for each user's own
//! password (`own_password`).

use axum::Router;

use crate::state::AppState;

pub(crate) mod agency;
pub(crate) mod departments;
pub(crate) mod officials;
pub(crate) mod own_password;
pub(crate) mod users;

/// The routes of every page of this feature.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .merge(agency::routes())
        .merge(departments::routes())
        .merge(officials::routes())
        .merge(own_password::routes())
        .merge(users::routes())
}
