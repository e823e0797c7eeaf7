//! The executive's approval of a reporting round. A tenant table keyed by
//! (agency_id, fiscal_year, round); while a row exists, the progress and evidence
//! of that round cannot change. Approving and reopening hold the agency's lock
//! exclusively, and every write they guard holds it shared, so no save can slip
//! in between its check and an approval ([`crate::cycle`]).

use chrono::{DateTime, SubsecRound as _, Utc};
use prongsai_core::measures::RoundApproval;
use prongsai_core::model::{AgencyId, UserId};
use prongsai_core::thai::fiscal::ReportingRound;
use serde_json::Value;
use uuid::Uuid;

use crate::audit::{self, Audited, Change};
use crate::cycle::{self, lock_agency, round_code, round_from_code, year_round_id};
use crate::dialect::{AgencyLock, Lock};
use crate::pool::{Conn, on_conn};
use crate::rows::parse_code;
use crate::{Actor, Store, StoreError, StoreResult};

const ENTITY: &str = "round_approval";

/// The columns of [`ApprovalRow`], for every SELECT of the table.
macro_rules! select_approval {
    () => {
        "SELECT agency_id, fiscal_year, round, approved_by, approved_at FROM round_approvals"
    };
}

const BY_KEY: &str = concat!(
    select_approval!(),
    " WHERE agency_id = $1 AND fiscal_year = $2 AND round = $3"
);

#[derive(sqlx::FromRow)]
struct ApprovalRow {
    agency_id: Uuid,
    fiscal_year: i32,
    round: String,
    approved_by: Option<Uuid>,
    approved_at: DateTime<Utc>,
}

impl ApprovalRow {
    fn into_approval(self) -> StoreResult<RoundApproval> {
        Ok(RoundApproval {
            agency_id: AgencyId(self.agency_id),
            fiscal_year: self.fiscal_year,
            round: parse_code("reporting round", &self.round, round_from_code)?,
            approved_by: self.approved_by.map(UserId),
            approved_at: self.approved_at,
        })
    }
}

impl Audited for RoundApproval {
    fn audit_image(&self) -> StoreResult<Value> {
        cycle::image(self)
    }
}

async fn fetch(
    conn: Conn<'_>,
    agency: AgencyId,
    year: i32,
    round: ReportingRound,
    lock: Lock,
) -> StoreResult<Option<RoundApproval>> {
    let sql = conn.backend().locked(BY_KEY, lock);
    let row: Option<ApprovalRow> = on_conn!(conn, |c| {
        sqlx::query_as(&sql)
            .bind(agency.0)
            .bind(year)
            .bind(round_code(round))
            .fetch_optional(c)
            .await
    })?;
    row.map(ApprovalRow::into_approval).transpose()
}

/// [`StoreError::Locked`] when the round of the fiscal year is approved. Call it
/// inside the write it guards, after taking the agency's shared lock.
pub(crate) async fn ensure_open(
    conn: Conn<'_>,
    agency: AgencyId,
    year: i32,
    round: ReportingRound,
) -> StoreResult<()> {
    match fetch(conn, agency, year, round, Lock::None).await? {
        Some(_) => Err(StoreError::Locked),
        None => Ok(()),
    }
}

/// Writes one approval verbatim (approve and import) unless its key is taken;
/// returns whether it did.
pub(crate) async fn insert(conn: Conn<'_>, a: &RoundApproval) -> StoreResult<bool> {
    let inserted = on_conn!(conn, |c| {
        sqlx::query(
            "INSERT INTO round_approvals (agency_id, fiscal_year, round, approved_by, approved_at) \
             VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (agency_id, fiscal_year, round) DO NOTHING",
        )
        .bind(a.agency_id.0)
        .bind(a.fiscal_year)
        .bind(round_code(a.round))
        .bind(a.approved_by.map(|u| u.0))
        .bind(a.approved_at)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(inserted == 1)
}

/// Every approval of one agency by fiscal year, then round code, for export.
pub(crate) async fn all_of(conn: Conn<'_>, agency: AgencyId) -> StoreResult<Vec<RoundApproval>> {
    let rows: Vec<ApprovalRow> = on_conn!(conn, |c| {
        sqlx::query_as(concat!(
            select_approval!(),
            " WHERE agency_id = $1 ORDER BY fiscal_year, round"
        ))
        .bind(agency.0)
        .fetch_all(c)
        .await
    })?;
    rows.into_iter().map(ApprovalRow::into_approval).collect()
}

impl Store {
    /// The approval of one round of a fiscal year, if it is approved.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn get_round_approval(
        &self,
        agency: AgencyId,
        year: i32,
        round: ReportingRound,
    ) -> StoreResult<Option<RoundApproval>> {
        fetch(self.lease().await?.conn(), agency, year, round, Lock::None).await
    }

    /// Approves a round, locking its progress and evidence (the time is kept to
    /// the microsecond, as both backends store it).
    ///
    /// # Errors
    /// [`StoreError::Conflict`] on `round` when it is already approved;
    /// [`StoreError::Invalid`] when the agency does not exist.
    pub async fn approve_round(&self, actor: Actor, a: &RoundApproval) -> StoreResult<()> {
        let mut tx = self.write().await?;
        lock_agency(tx.conn(), a.agency_id, AgencyLock::Exclusive).await?;
        let stored = RoundApproval {
            approved_at: a.approved_at.trunc_subsecs(6),
            ..a.clone()
        };
        if !insert(tx.conn(), &stored).await? {
            return Err(StoreError::Conflict {
                field: "round".to_owned(),
            });
        }
        let change = Change::create(
            ENTITY,
            Some(a.agency_id),
            year_round_id(a.fiscal_year, a.round),
            stored.audit_image()?,
        );
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await
    }

    /// Withdraws the approval of a round so its progress can change again. The
    /// audit row (a delete of the approval) names who reopened it and keeps who
    /// had approved it.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the round is not approved.
    pub async fn reopen_round(
        &self,
        actor: Actor,
        agency: AgencyId,
        year: i32,
        round: ReportingRound,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        lock_agency(tx.conn(), agency, AgencyLock::Exclusive).await?;
        let before = fetch(tx.conn(), agency, year, round, Lock::ForUpdate)
            .await?
            .ok_or(StoreError::NotFound)?;
        on_conn!(tx.conn(), |c| {
            sqlx::query(
                "DELETE FROM round_approvals \
                 WHERE agency_id = $1 AND fiscal_year = $2 AND round = $3",
            )
            .bind(agency.0)
            .bind(year)
            .bind(round_code(round))
            .execute(c)
            .await
            .map(|r| r.rows_affected())
        })?;
        let change = Change::delete(
            ENTITY,
            Some(agency),
            year_round_id(year, round),
            before.audit_image()?,
        );
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await
    }
}
