//! CSRF protection for every state-changing form.
//!
//! Each session has its own random token; every form carries it in a hidden
//! `csrf_token` field. Handlers that change anything take [`ProtectedForm`] or
//! [`ProtectedMultipart`], which refuse the request before the handler runs when
//! the token is missing or wrong, so forgetting the check is not possible.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Multipart, Request};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::session::CurrentUser;
use super::tokens::constant_time_eq;
use crate::error::AppError;
use crate::state::AppState;

/// Largest urlencoded form accepted (framework JSON pasted into a text area fits).
const FORM_LIMIT: usize = 2 * 1024 * 1024;

#[derive(Deserialize)]
struct TokenOnly {
    #[serde(default)]
    csrf_token: String,
}

/// A urlencoded form from a logged-in user whose CSRF token matched.
#[derive(Debug)]
pub(crate) struct ProtectedForm<T> {
    pub(crate) user: CurrentUser,
    pub(crate) form: T,
}

impl<T: DeserializeOwned + Send> FromRequest<AppState> for ProtectedForm<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, AppError> {
        let (mut parts, body) = req.into_parts();
        let user = CurrentUser::from_request_parts(&mut parts, state).await?;
        let bytes = axum::body::to_bytes(body, FORM_LIMIT)
            .await
            .map_err(|_| AppError::BadRequest("form too large".to_owned()))?;
        check_token(&user, &bytes)?;
        let form = serde_urlencoded::from_bytes(&bytes)
            .map_err(|e| AppError::BadRequest(format!("form: {e}")))?;
        Ok(Self { user, form })
    }
}

fn check_token(user: &CurrentUser, body: &Bytes) -> Result<(), AppError> {
    let token: TokenOnly = serde_urlencoded::from_bytes(body).map_err(|_| AppError::Csrf)?;
    if constant_time_eq(&token.csrf_token, &user.session.csrf_token) {
        Ok(())
    } else {
        Err(AppError::Csrf)
    }
}

/// One field of a multipart form.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    pub(crate) file_name: Option<String>,
    pub(crate) bytes: Vec<u8>,
}

impl Part {
    /// The field as text (lossy for bad UTF-8, which the handler then rejects).
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
}

/// A multipart form (file upload) from a logged-in user whose CSRF token matched.
#[derive(Debug)]
pub(crate) struct ProtectedMultipart {
    pub(crate) user: CurrentUser,
    pub(crate) parts: HashMap<String, Part>,
}

impl FromRequest<AppState> for ProtectedMultipart {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, AppError> {
        let (mut head, body) = req.into_parts();
        let user = CurrentUser::from_request_parts(&mut head, state).await?;
        let req = Request::from_parts(head, body);
        let mut multipart = Multipart::from_request(req, state)
            .await
            .map_err(|e| AppError::BadRequest(format!("multipart: {e}")))?;
        let mut parts = HashMap::new();
        let mut total = 0usize;
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|e| AppError::BadRequest(format!("multipart: {e}")))?
        {
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let bytes = field
                .bytes()
                .await
                .map_err(|e| AppError::BadRequest(format!("multipart: {e}")))?;
            total += bytes.len();
            if total > FORM_LIMIT {
                return Err(AppError::BadRequest("upload too large".to_owned()));
            }
            parts.insert(
                name,
                Part {
                    file_name,
                    bytes: bytes.to_vec(),
                },
            );
        }
        let token = parts.get("csrf_token").map(Part::text).unwrap_or_default();
        if !constant_time_eq(&token, &user.session.csrf_token) {
            return Err(AppError::Csrf);
        }
        Ok(Self { user, parts })
    }
}
