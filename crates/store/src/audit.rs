//! The audit trail: every change writes one row, in the same transaction as the
//! change, with JSON images of the row before and after it.
//!
//! What must never reach the trail is removed here, in one place: password hashes
//! are redacted (a changed hash still shows as changed) and logo bytes are
//! replaced by their size. Times are cut to whole microseconds, the precision of
//! PostgreSQL's TIMESTAMPTZ, so a row reads back identically on either backend and
//! bundles round-trip exactly.

use chrono::{DateTime, SubsecRound as _, Utc};
use prongsai_core::model::{
    Agency, AgencyId, AuditAction, AuditEntry, AuditId, Department, ItaResult, Official, User,
    UserId,
};
use serde::Serialize;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::pool::{Conn, on_conn};
use crate::rows::{parse_code, parse_json, to_json};
use crate::{Actor, Store, StoreError, StoreResult, StoredAnalysis, StoredFramework};

/// What a password hash becomes in the trail.
const REDACTED: &str = "[redacted]";
/// What a password hash becomes in the `after` image when the password changed.
const CHANGED: &str = "[changed]";

/// Now, at the precision both backends store.
pub(crate) fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// The JSON image of a value as the audit trail shows it.
pub(crate) trait Audited {
    fn audit_image(&self) -> StoreResult<Value>;
}

fn image_of<T: Serialize>(value: &T) -> StoreResult<Value> {
    serde_json::to_value(value).map_err(|e| StoreError::Invalid(format!("audit image: {e}")))
}

impl Audited for Agency {
    /// The logo as its type and size: bytes would bloat every row and say nothing.
    fn audit_image(&self) -> StoreResult<Value> {
        let mut image = image_of(self)?;
        if let Some(logo) = &self.logo {
            image["logo"] = json!({ "content_type": logo.content_type, "size": logo.bytes.len() });
        }
        Ok(image)
    }
}

impl Audited for Department {
    fn audit_image(&self) -> StoreResult<Value> {
        image_of(self)
    }
}

impl Audited for Official {
    fn audit_image(&self) -> StoreResult<Value> {
        image_of(self)
    }
}

impl Audited for User {
    fn audit_image(&self) -> StoreResult<Value> {
        let mut image = image_of(self)?;
        image["password_hash"] = Value::from(REDACTED);
        Ok(image)
    }
}

impl Audited for ItaResult {
    fn audit_image(&self) -> StoreResult<Value> {
        image_of(self)
    }
}

impl Audited for StoredFramework {
    fn audit_image(&self) -> StoreResult<Value> {
        Ok(json!({
            "agency_id": self.agency_id,
            "fiscal_year": self.fiscal_year,
            "document": self.document,
        }))
    }
}

impl Audited for StoredAnalysis {
    fn audit_image(&self) -> StoreResult<Value> {
        Ok(json!({
            "agency_id": self.agency_id,
            "fiscal_year": self.fiscal_year,
            "source": self.source,
            "settings": self.settings,
            "text": self.text,
        }))
    }
}

/// The images of a user update: both redacted, with `after` saying whether the
/// password changed, since who reset whose password is what an auditor asks.
pub(crate) fn user_update_images(before: &User, after: &User) -> StoreResult<(Value, Value)> {
    let mut after_image = after.audit_image()?;
    if before.password_hash != after.password_hash {
        after_image["password_hash"] = Value::from(CHANGED);
    }
    Ok((before.audit_image()?, after_image))
}

/// One change about to be recorded.
pub(crate) struct Change {
    agency_id: Option<AgencyId>,
    entity: &'static str,
    entity_id: String,
    action: AuditAction,
    before: Option<Value>,
    after: Option<Value>,
}

impl Change {
    pub(crate) fn create(
        entity: &'static str,
        agency_id: Option<AgencyId>,
        entity_id: String,
        after: Value,
    ) -> Self {
        Self {
            agency_id,
            entity,
            entity_id,
            action: AuditAction::Create,
            before: None,
            after: Some(after),
        }
    }

    pub(crate) fn update(
        entity: &'static str,
        agency_id: Option<AgencyId>,
        entity_id: String,
        before: Value,
        after: Value,
    ) -> Self {
        Self {
            agency_id,
            entity,
            entity_id,
            action: AuditAction::Update,
            before: Some(before),
            after: Some(after),
        }
    }

    /// A create when there was nothing `before`, otherwise an update: what an
    /// insert-or-replace save records.
    pub(crate) fn saved(
        entity: &'static str,
        agency_id: Option<AgencyId>,
        entity_id: String,
        before: Option<Value>,
        after: Value,
    ) -> Self {
        match before {
            None => Self::create(entity, agency_id, entity_id, after),
            Some(before) => Self::update(entity, agency_id, entity_id, before, after),
        }
    }

    pub(crate) fn delete(
        entity: &'static str,
        agency_id: Option<AgencyId>,
        entity_id: String,
        before: Value,
    ) -> Self {
        Self {
            agency_id,
            entity,
            entity_id,
            action: AuditAction::Delete,
            before: Some(before),
            after: None,
        }
    }

    /// A protected record was read; `image` says which, never what it holds.
    pub(crate) fn open(
        entity: &'static str,
        agency_id: Option<AgencyId>,
        entity_id: String,
        image: Value,
    ) -> Self {
        Self {
            agency_id,
            entity,
            entity_id,
            action: AuditAction::Open,
            before: None,
            after: Some(image),
        }
    }
}

/// Writes the audit row of `change`, made by `actor`, now. Call it inside the
/// change's own transaction.
pub(crate) async fn record(conn: Conn<'_>, actor: Actor, change: Change) -> StoreResult<()> {
    let entry = AuditEntry {
        agency_id: change.agency_id,
        id: AuditId::new(),
        at: now(),
        user_id: actor.user_id,
        entity: change.entity.to_owned(),
        entity_id: change.entity_id,
        action: change.action,
        before: change.before,
        after: change.after,
    };
    insert(conn, &entry).await
}

/// Writes one audit row verbatim (new changes and imported bundles).
pub(crate) async fn insert(conn: Conn<'_>, e: &AuditEntry) -> StoreResult<()> {
    let before = e.before.as_ref().map(to_json).transpose()?;
    let after = e.after.as_ref().map(to_json).transpose()?;
    on_conn!(conn, |c| {
        sqlx::query(
            "INSERT INTO audit_log \
             (agency_id, id, at, user_id, entity, entity_id, action, before_json, after_json) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(e.agency_id.map(|a| a.0))
        .bind(e.id.0)
        .bind(e.at)
        .bind(e.user_id.map(|u| u.0))
        .bind(&e.entity)
        .bind(&e.entity_id)
        .bind(e.action.code())
        .bind(&before)
        .bind(&after)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// The columns of [`AuditRow`], for every SELECT of the table.
macro_rules! select_audit {
    () => {
        "SELECT agency_id, id, at, user_id, entity, entity_id, action, before_json, after_json \
         FROM audit_log"
    };
}

/// Every audit row of one agency, oldest first (by time, then id), for export.
pub(crate) async fn all_of(conn: Conn<'_>, agency: AgencyId) -> StoreResult<Vec<AuditEntry>> {
    let rows: Vec<AuditRow> = on_conn!(conn, |c| {
        sqlx::query_as(concat!(
            select_audit!(),
            " WHERE agency_id = $1 ORDER BY at, id"
        ))
        .bind(agency.0)
        .fetch_all(c)
        .await
    })?;
    rows.into_iter().map(AuditRow::into_entry).collect()
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    agency_id: Option<Uuid>,
    id: Uuid,
    at: DateTime<Utc>,
    user_id: Option<Uuid>,
    entity: String,
    entity_id: String,
    action: String,
    before_json: Option<String>,
    after_json: Option<String>,
}

impl AuditRow {
    fn into_entry(self) -> StoreResult<AuditEntry> {
        Ok(AuditEntry {
            agency_id: self.agency_id.map(AgencyId),
            id: AuditId(self.id),
            at: self.at,
            user_id: self.user_id.map(UserId),
            entity: self.entity,
            entity_id: self.entity_id,
            action: parse_code("audit action", &self.action, AuditAction::from_code)?,
            before: self
                .before_json
                .as_deref()
                .map(|t| parse_json("audit before", t))
                .transpose()?,
            after: self
                .after_json
                .as_deref()
                .map(|t| parse_json("audit after", t))
                .transpose()?,
        })
    }
}

impl Store {
    /// The newest `limit` changes of one agency, newest first.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn list_audit(&self, agency: AgencyId, limit: u32) -> StoreResult<Vec<AuditEntry>> {
        let mut lease = self.lease().await?;
        let rows: Vec<AuditRow> = on_conn!(lease.conn(), |c| {
            sqlx::query_as(concat!(
                select_audit!(),
                " WHERE agency_id = $1 ORDER BY at DESC, id DESC LIMIT $2"
            ))
            .bind(agency.0)
            .bind(i64::from(limit))
            .fetch_all(c)
            .await
        })?;
        rows.into_iter().map(AuditRow::into_entry).collect()
    }
}
