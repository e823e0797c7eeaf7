//! The logged-in user, read from the session cookie on every request.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use chrono::Utc;
use prongsai_core::model::{Agency, AgencyId, Role, User};
use prongsai_store::Session;

use super::tokens::token_hash;
use crate::error::AppError;
use crate::state::AppState;

/// Name of the session cookie.
pub(crate) const SESSION_COOKIE: &str = "prongsai_session";

/// A logged-in user with the agency they belong to.
#[derive(Debug, Clone)]
pub(crate) struct CurrentUser {
    pub(crate) user: User,
    pub(crate) session: Session,
    /// `None` only for a national supervisor.
    pub(crate) agency: Option<Agency>,
}

impl CurrentUser {
    /// The user's own agency, or 404 for accounts without one: pages of a single
    /// agency are never shown to a user outside it.
    pub(crate) fn agency(&self) -> Result<&Agency, AppError> {
        self.agency.as_ref().ok_or(AppError::NotFound)
    }

    /// The id of [`CurrentUser::agency`].
    pub(crate) fn agency_id(&self) -> Result<AgencyId, AppError> {
        self.agency().map(|a| a.id)
    }

    /// Whether the user is a supervisor (reads several agencies).
    pub(crate) fn is_supervisor(&self) -> bool {
        self.user.role == Role::Supervisor
    }

    /// The audit actor for changes this user makes.
    pub(crate) fn actor(&self) -> prongsai_store::Actor {
        prongsai_store::Actor {
            user_id: Some(self.user.id),
        }
    }
}

/// Reads one cookie's value from the request headers.
pub(crate) fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if let Some(user) = parts.extensions.get::<Self>() {
            return Ok(user.clone());
        }
        let token = cookie_value(&parts.headers, SESSION_COOKIE).ok_or(AppError::LoginRequired)?;
        let session = state
            .app
            .store
            .find_session(&token_hash(token))
            .await?
            .ok_or(AppError::LoginRequired)?;
        if session.expires_at <= Utc::now() {
            state.app.store.delete_session(&session.token_hash).await?;
            return Err(AppError::LoginRequired);
        }
        let user = state
            .app
            .store
            .get_user(session.user_id)
            .await?
            .filter(|u| u.active)
            .ok_or(AppError::LoginRequired)?;
        let agency = match user.agency_id {
            Some(id) => Some(
                state
                    .app
                    .store
                    .get_agency(id)
                    .await?
                    .ok_or(AppError::LoginRequired)?,
            ),
            None => None,
        };
        let current = Self {
            user,
            session,
            agency,
        };
        parts.extensions.insert(current.clone());
        Ok(current)
    }
}
