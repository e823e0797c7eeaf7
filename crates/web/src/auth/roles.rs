//! Who may use a route, as extractors: a handler that names [`Admin`] or
//! [`AgencyMember`] in its arguments never runs for anyone else, so the check
//! cannot be forgotten or placed after work that should not have happened.
//! The refusal is the same Thai "no permission" page as before (403).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::CurrentUser;
use crate::error::AppError;
use crate::state::AppState;

/// A logged-in administrator of an agency.
#[derive(Debug, Clone)]
pub(crate) struct Admin(pub(crate) CurrentUser);

impl FromRequestParts<AppState> for Admin {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        if user.user.role.can_administer() {
            Ok(Self(user))
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// A logged-in user of an agency, whatever the role, but not a national
/// supervisor: the pages that read one agency's own work (checklist, surveys,
/// cases and their statistics).
#[derive(Debug, Clone)]
pub(crate) struct AgencyMember(pub(crate) CurrentUser);

impl FromRequestParts<AppState> for AgencyMember {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        if user.is_supervisor() {
            return Err(AppError::Forbidden);
        }
        user.agency()?;
        Ok(Self(user))
    }
}
