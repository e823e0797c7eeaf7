//! Login sessions, kept in the database so that they survive restarts and can be
//! revoked. Not audited: a session is not a change to an agency's data. Times are
//! stored to the microsecond (PostgreSQL's precision) on both backends, so a
//! session reads back exactly as created wherever it lives.

use chrono::{DateTime, SubsecRound as _, Utc};
use prongsai_core::model::UserId;
use uuid::Uuid;

use crate::pool::on_conn;
use crate::{Store, StoreResult};

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

#[derive(sqlx::FromRow)]
struct SessionRow {
    token_hash: String,
    user_id: Uuid,
    csrf_token: String,
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
}

impl From<SessionRow> for Session {
    fn from(row: SessionRow) -> Self {
        Self {
            token_hash: row.token_hash,
            user_id: UserId(row.user_id),
            csrf_token: row.csrf_token,
            created_at: row.created_at,
            expires_at: row.expires_at,
        }
    }
}

impl Store {
    /// Stores a session, its times cut to whole microseconds.
    ///
    /// # Errors
    /// [`crate::StoreError::Invalid`] when the user does not exist;
    /// [`crate::StoreError::Conflict`] on `token_hash`.
    pub async fn create_session(&self, s: &Session) -> StoreResult<()> {
        let mut lease = self.lease().await?;
        on_conn!(lease.conn(), |c| {
            sqlx::query(
                "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&s.token_hash)
            .bind(s.user_id.0)
            .bind(&s.csrf_token)
            .bind(s.created_at.trunc_subsecs(6))
            .bind(s.expires_at.trunc_subsecs(6))
            .execute(c)
            .await
            .map(|r| r.rows_affected())
        })?;
        Ok(())
    }

    /// The session as stored, expired or not: the caller compares `expires_at`
    /// with its clock.
    ///
    /// # Errors
    /// Database errors.
    pub async fn find_session(&self, token_hash: &str) -> StoreResult<Option<Session>> {
        let mut lease = self.lease().await?;
        let row: Option<SessionRow> = on_conn!(lease.conn(), |c| {
            sqlx::query_as(
                "SELECT token_hash, user_id, csrf_token, created_at, expires_at \
                 FROM sessions WHERE token_hash = $1",
            )
            .bind(token_hash)
            .fetch_optional(c)
            .await
        })?;
        Ok(row.map(Session::from))
    }

    /// Logs one browser out; a session already gone is not an error.
    ///
    /// # Errors
    /// Database errors.
    pub async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        let mut lease = self.lease().await?;
        on_conn!(lease.conn(), |c| {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(token_hash)
                .execute(c)
                .await
                .map(|r| r.rows_affected())
        })?;
        Ok(())
    }

    /// Logs a user out everywhere (password change, deactivation).
    ///
    /// # Errors
    /// Database errors.
    pub async fn delete_user_sessions(&self, user: UserId) -> StoreResult<()> {
        let mut lease = self.lease().await?;
        on_conn!(lease.conn(), |c| {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(user.0)
                .execute(c)
                .await
                .map(|r| r.rows_affected())
        })?;
        Ok(())
    }

    /// Logs a user out everywhere but in the session `keep` (their own
    /// password change, or an administrator ending their own other sessions).
    ///
    /// # Errors
    /// Database errors.
    pub async fn delete_other_sessions(&self, user: UserId, keep: &str) -> StoreResult<()> {
        let mut lease = self.lease().await?;
        on_conn!(lease.conn(), |c| {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
                .bind(user.0)
                .bind(keep)
                .execute(c)
                .await
                .map(|r| r.rows_affected())
        })?;
        Ok(())
    }

    /// Removes sessions that expired at or before `now`; returns how many.
    ///
    /// # Errors
    /// Database errors.
    pub async fn delete_expired_sessions(&self, now: DateTime<Utc>) -> StoreResult<u64> {
        let mut lease = self.lease().await?;
        let deleted = on_conn!(lease.conn(), |c| {
            sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
                .bind(now)
                .execute(c)
                .await
                .map(|r| r.rows_affected())
        })?;
        Ok(deleted)
    }
}
