//! Each agency's complaint settings, and who may handle its corruption reports.
//!
//! An agency that never saved its settings works with the defaults of the code,
//! so a new agency needs no row. The corruption-handler grant is a permission of
//! its own, beside the role: whoever holds it may open corruption reports,
//! whatever their role, and nobody else may, administrators included. Granting
//! and revoking are audited; when and by whom is read from the trail.

use prongsai_core::complaints::ComplaintSettings;
use prongsai_core::model::{AgencyId, UserId};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, Change};
use crate::pool::{Conn, on_conn};
use crate::rows::{parse_json, to_json};
use crate::{Actor, Store, StoreError, StoreResult};

const ENTITY: &str = "complaint_settings";
const HANDLER: &str = "corruption_handler";

#[derive(sqlx::FromRow)]
struct SettingsRow {
    deadline_days: i32,
    reminder_days: i32,
    small_count_threshold: i32,
    retention_days: i32,
    notify_emails_json: String,
    corruption_notify_emails_json: String,
}

impl SettingsRow {
    fn into_settings(self) -> StoreResult<ComplaintSettings> {
        Ok(ComplaintSettings {
            deadline_days: from_column("deadline_days", self.deadline_days)?,
            reminder_days: from_column("reminder_days", self.reminder_days)?,
            small_count_threshold: from_column(
                "small_count_threshold",
                self.small_count_threshold,
            )?,
            retention_days: from_column("retention_days", self.retention_days)?,
            notify_emails: parse_json("notify_emails", &self.notify_emails_json)?,
            corruption_notify_emails: parse_json(
                "corruption_notify_emails",
                &self.corruption_notify_emails_json,
            )?,
        })
    }
}

fn from_column(what: &str, value: i32) -> StoreResult<u32> {
    u32::try_from(value).map_err(|_| StoreError::Invalid(format!("stored {what} {value}")))
}

fn to_column(what: &str, value: u32) -> StoreResult<i32> {
    i32::try_from(value).map_err(|_| StoreError::Invalid(format!("{what} {value} is too large")))
}

/// The settings the agency saved, if it did.
pub(crate) async fn saved_of(
    conn: Conn<'_>,
    agency: AgencyId,
) -> StoreResult<Option<ComplaintSettings>> {
    let row: Option<SettingsRow> = on_conn!(conn, |c| {
        sqlx::query_as(
            "SELECT deadline_days, reminder_days, small_count_threshold, retention_days, \
             notify_emails_json, corruption_notify_emails_json \
             FROM complaint_settings WHERE agency_id = $1",
        )
        .bind(agency.0)
        .fetch_optional(c)
        .await
    })?;
    row.map(SettingsRow::into_settings).transpose()
}

/// Writes the agency's settings over whatever it saved before (save and import).
pub(crate) async fn upsert(
    conn: Conn<'_>,
    agency: AgencyId,
    s: &ComplaintSettings,
) -> StoreResult<()> {
    let notify = to_json(&s.notify_emails)?;
    let corruption_notify = to_json(&s.corruption_notify_emails)?;
    let deadline = to_column("deadline_days", s.deadline_days)?;
    let reminder = to_column("reminder_days", s.reminder_days)?;
    let threshold = to_column("small_count_threshold", s.small_count_threshold)?;
    let retention = to_column("retention_days", s.retention_days)?;
    on_conn!(conn, |c| {
        sqlx::query(
            "INSERT INTO complaint_settings (agency_id, deadline_days, reminder_days, \
             small_count_threshold, retention_days, notify_emails_json, \
             corruption_notify_emails_json) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (agency_id) DO UPDATE SET deadline_days = excluded.deadline_days, \
             reminder_days = excluded.reminder_days, \
             small_count_threshold = excluded.small_count_threshold, \
             retention_days = excluded.retention_days, \
             notify_emails_json = excluded.notify_emails_json, \
             corruption_notify_emails_json = excluded.corruption_notify_emails_json",
        )
        .bind(agency.0)
        .bind(deadline)
        .bind(reminder)
        .bind(threshold)
        .bind(retention)
        .bind(&notify)
        .bind(&corruption_notify)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// The agency's corruption handlers by user id.
pub(crate) async fn handlers_of(conn: Conn<'_>, agency: AgencyId) -> StoreResult<Vec<UserId>> {
    let ids: Vec<Uuid> = on_conn!(conn, |c| {
        sqlx::query_scalar(
            "SELECT user_id FROM corruption_handlers WHERE agency_id = $1 ORDER BY user_id",
        )
        .bind(agency.0)
        .fetch_all(c)
        .await
    })?;
    Ok(ids.into_iter().map(UserId).collect())
}

/// Grants the permission unless the user has it; returns whether it did.
pub(crate) async fn insert_handler(
    conn: Conn<'_>,
    agency: AgencyId,
    user: UserId,
) -> StoreResult<bool> {
    let inserted = on_conn!(conn, |c| {
        sqlx::query(
            "INSERT INTO corruption_handlers (agency_id, user_id) VALUES ($1, $2) \
             ON CONFLICT (agency_id, user_id) DO NOTHING",
        )
        .bind(agency.0)
        .bind(user.0)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(inserted == 1)
}

impl Store {
    /// The agency's settings, or the defaults when it never saved any.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn complaint_settings(&self, agency: AgencyId) -> StoreResult<ComplaintSettings> {
        Ok(saved_of(self.lease().await?.conn(), agency)
            .await?
            .unwrap_or_default())
    }

    /// Saves the agency's settings as given (the caller validates them with
    /// [`ComplaintSettings::validate`]), audited.
    ///
    /// # Errors
    /// [`StoreError::Invalid`] when the agency does not exist or a number does
    /// not fit the database; database errors.
    pub async fn save_complaint_settings(
        &self,
        actor: Actor,
        agency: AgencyId,
        settings: &ComplaintSettings,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let before = saved_of(tx.conn(), agency).await?;
        upsert(tx.conn(), agency, settings).await?;
        let image = |s: &ComplaintSettings| {
            serde_json::to_value(s).map_err(|e| StoreError::Invalid(format!("audit image: {e}")))
        };
        let change = Change::saved(
            ENTITY,
            Some(agency),
            agency.to_string(),
            before.as_ref().map(image).transpose()?,
            image(settings)?,
        );
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await
    }

    /// The users who may open the agency's corruption reports, by id.
    ///
    /// # Errors
    /// Database errors.
    pub async fn corruption_handlers(&self, agency: AgencyId) -> StoreResult<Vec<UserId>> {
        handlers_of(self.lease().await?.conn(), agency).await
    }

    /// Whether `user` may open the agency's corruption reports.
    ///
    /// # Errors
    /// Database errors.
    pub async fn is_corruption_handler(&self, agency: AgencyId, user: UserId) -> StoreResult<bool> {
        let mut lease = self.lease().await?;
        let found: Option<i32> = on_conn!(lease.conn(), |c| {
            sqlx::query_scalar(
                "SELECT 1 FROM corruption_handlers WHERE agency_id = $1 AND user_id = $2",
            )
            .bind(agency.0)
            .bind(user.0)
            .fetch_optional(c)
            .await
        })?;
        Ok(found.is_some())
    }

    /// Grants (`handler`) or revokes the corruption-handler permission. Granting
    /// it twice or revoking it from someone without it changes nothing and
    /// writes no audit row.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when granting to a user who is not one of the
    /// agency's; database errors.
    pub async fn set_corruption_handler(
        &self,
        actor: Actor,
        agency: AgencyId,
        user: UserId,
        handler: bool,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let image = json!({ "user_id": user });
        let change = if handler {
            let found: Option<i32> = on_conn!(tx.conn(), |c| {
                sqlx::query_scalar("SELECT 1 FROM users WHERE id = $1 AND agency_id = $2")
                    .bind(user.0)
                    .bind(agency.0)
                    .fetch_optional(c)
                    .await
            })?;
            if found.is_none() {
                return Err(StoreError::NotFound);
            }
            insert_handler(tx.conn(), agency, user)
                .await?
                .then(|| Change::create(HANDLER, Some(agency), user.to_string(), image))
        } else {
            let deleted = on_conn!(tx.conn(), |c| {
                sqlx::query("DELETE FROM corruption_handlers WHERE agency_id = $1 AND user_id = $2")
                    .bind(agency.0)
                    .bind(user.0)
                    .execute(c)
                    .await
                    .map(|r| r.rows_affected())
            })?;
            (deleted == 1).then(|| Change::delete(HANDLER, Some(agency), user.to_string(), image))
        };
        if let Some(change) = change {
            audit::record(tx.conn(), actor, change).await?;
        }
        tx.commit().await
    }
}
