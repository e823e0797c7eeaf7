//! Login sessions, kept in the database so that they survive restarts and can be
//! revoked.

use chrono::{DateTime, Utc};
use prongsai_core::model::UserId;

/// One logged-in browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// SHA-256 of the cookie token, hex; the token itself is never stored.
    pub token_hash: String,
    pub user_id: UserId,
    /// The per-session CSRF token every state-changing form must echo.
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}
