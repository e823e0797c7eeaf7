//! Progress (ผลการดำเนินการ) of each measure per reporting round. A tenant table
//! keyed by (agency_id, measure_id, round); the results, each with its own
//! evidence links and the ids of its evidence files, are one JSON list, as the
//! numbers achieved are: they are read, saved and audited with the entry.
//!
//! Saves are optimistic like measure updates: version 0 means "there was none
//! when I loaded the form" and inserts; any other version must still be the
//! stored one. A save checks, in its own transaction and under the agency's
//! shared lock, that the round of the measure's fiscal year is not approved.

use chrono::{DateTime, Utc};
use prongsai_core::measures::{Progress, ProgressStatus};
use prongsai_core::model::{AgencyId, MeasureId, UserId};
use prongsai_core::thai::fiscal::ReportingRound;
use serde_json::Value;
use uuid::Uuid;

use crate::audit::{self, Audited, Change};
use crate::cycle::{self, lock_agency, round_code, round_from_code};
use crate::cycle::{approvals, measures};
use crate::dialect::{AgencyLock, Lock};
use crate::pool::{Conn, on_conn};
use crate::rows::{parse_code, parse_json, to_json};
use crate::{Actor, Store, StoreError, StoreResult};

pub(crate) const ENTITY: &str = "progress";

/// The columns of [`ProgressRow`] (table alias `p`), for every SELECT of the table.
macro_rules! select_progress {
    () => {
        "SELECT p.agency_id, p.measure_id, p.round, p.status, p.results_json, p.outcome, \
         p.achieved_json, p.updated_by, p.updated_at, p.version \
         FROM measure_progress AS p"
    };
}

const BY_KEY: &str = concat!(
    select_progress!(),
    " WHERE p.agency_id = $1 AND p.measure_id = $2 AND p.round = $3"
);

#[derive(sqlx::FromRow)]
struct ProgressRow {
    agency_id: Uuid,
    measure_id: Uuid,
    round: String,
    status: String,
    results_json: String,
    outcome: String,
    achieved_json: String,
    updated_by: Option<Uuid>,
    updated_at: DateTime<Utc>,
    version: i64,
}

impl ProgressRow {
    fn into_progress(self) -> StoreResult<Progress> {
        Ok(Progress {
            agency_id: AgencyId(self.agency_id),
            measure_id: MeasureId(self.measure_id),
            round: parse_code("reporting round", &self.round, round_from_code)?,
            status: parse_code("progress status", &self.status, ProgressStatus::from_code)?,
            results: parse_json("progress results", &self.results_json)?,
            outcome: self.outcome,
            achieved: parse_json("progress achieved", &self.achieved_json)?,
            updated_by: self.updated_by.map(UserId),
            updated_at: self.updated_at,
            version: self.version,
        })
    }
}

impl Audited for Progress {
    fn audit_image(&self) -> StoreResult<Value> {
        cycle::image(self)
    }
}

/// How a measure's progress in a round is named in the audit log: `MEASURE/half_year`.
pub(crate) fn entity_id(measure: MeasureId, round: ReportingRound) -> String {
    format!("{measure}/{}", round_code(round))
}

async fn fetch(
    conn: Conn<'_>,
    agency: AgencyId,
    measure: MeasureId,
    round: ReportingRound,
    lock: Lock,
) -> StoreResult<Option<Progress>> {
    let sql = conn.backend().locked(BY_KEY, lock);
    let row: Option<ProgressRow> = on_conn!(conn, |c| {
        sqlx::query_as(&sql)
            .bind(agency.0)
            .bind(measure.0)
            .bind(round_code(round))
            .fetch_optional(c)
            .await
    })?;
    row.map(ProgressRow::into_progress).transpose()
}

/// Writes one progress row verbatim (save and import) unless its key is taken;
/// returns whether it did.
pub(crate) async fn insert(conn: Conn<'_>, p: &Progress) -> StoreResult<bool> {
    let achieved = to_json(&p.achieved)?;
    let results = to_json(&p.results)?;
    let inserted = on_conn!(conn, |c| {
        sqlx::query(
            "INSERT INTO measure_progress (agency_id, measure_id, round, status, results_json, \
             outcome, achieved_json, updated_by, updated_at, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             ON CONFLICT (agency_id, measure_id, round) DO NOTHING",
        )
        .bind(p.agency_id.0)
        .bind(p.measure_id.0)
        .bind(round_code(p.round))
        .bind(p.status.code())
        .bind(&results)
        .bind(&p.outcome)
        .bind(&achieved)
        .bind(p.updated_by.map(|u| u.0))
        .bind(p.updated_at)
        .bind(p.version)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(inserted == 1)
}

/// Every progress row of one agency by measure id, then round code, for export.
pub(crate) async fn all_of(conn: Conn<'_>, agency: AgencyId) -> StoreResult<Vec<Progress>> {
    let rows: Vec<ProgressRow> = on_conn!(conn, |c| {
        sqlx::query_as(concat!(
            select_progress!(),
            " WHERE p.agency_id = $1 ORDER BY p.measure_id, p.round"
        ))
        .bind(agency.0)
        .fetch_all(c)
        .await
    })?;
    rows.into_iter().map(ProgressRow::into_progress).collect()
}

/// The progress rows of one measure, by round code.
pub(crate) async fn of_measure(
    conn: Conn<'_>,
    agency: AgencyId,
    measure: MeasureId,
) -> StoreResult<Vec<Progress>> {
    let rows: Vec<ProgressRow> = on_conn!(conn, |c| {
        sqlx::query_as(concat!(
            select_progress!(),
            " WHERE p.agency_id = $1 AND p.measure_id = $2 ORDER BY p.round"
        ))
        .bind(agency.0)
        .bind(measure.0)
        .fetch_all(c)
        .await
    })?;
    rows.into_iter().map(ProgressRow::into_progress).collect()
}

impl Store {
    /// The progress reported in one round for the measures of one fiscal year,
    /// in plan order; measures without a report are absent.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn list_progress(
        &self,
        agency: AgencyId,
        year: i32,
        round: ReportingRound,
    ) -> StoreResult<Vec<Progress>> {
        let mut lease = self.lease().await?;
        let rows: Vec<ProgressRow> = on_conn!(lease.conn(), |c| {
            sqlx::query_as(concat!(
                select_progress!(),
                " JOIN measures AS m ON m.agency_id = p.agency_id AND m.id = p.measure_id \
                 JOIN measure_topics AS t ON t.agency_id = m.agency_id AND t.id = m.topic_id \
                 WHERE p.agency_id = $1 AND m.fiscal_year = $2 AND p.round = $3 \
                 ORDER BY t.position, m.position, m.id"
            ))
            .bind(agency.0)
            .bind(year)
            .bind(round_code(round))
            .fetch_all(c)
            .await
        })?;
        rows.into_iter().map(ProgressRow::into_progress).collect()
    }

    /// `None` when nothing was reported yet, or the measure is another agency's.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn get_progress(
        &self,
        agency: AgencyId,
        measure: MeasureId,
        round: ReportingRound,
    ) -> StoreResult<Option<Progress>> {
        fetch(
            self.lease().await?.conn(),
            agency,
            measure,
            round,
            Lock::None,
        )
        .await
    }

    /// Saves a measure's progress in a round over version `p.version`, the one
    /// the user loaded (0 when there was none), stamped with who saved it and
    /// when; returns what was stored.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the agency has no such measure (or no longer
    /// has the progress the version names); [`StoreError::Locked`] when the round
    /// of the measure's fiscal year is approved; [`StoreError::Stale`] when
    /// someone else saved it since it was loaded.
    pub async fn save_progress(&self, actor: Actor, p: &Progress) -> StoreResult<Progress> {
        let agency = p.agency_id;
        let mut tx = self.write().await?;
        lock_agency(tx.conn(), agency, AgencyLock::Shared).await?;
        let measure = measures::fetch(tx.conn(), agency, p.measure_id, Lock::None)
            .await?
            .ok_or(StoreError::NotFound)?;
        approvals::ensure_open(tx.conn(), agency, measure.fiscal_year, p.round).await?;
        let id = entity_id(p.measure_id, p.round);
        let stamped = Progress {
            updated_by: actor.user_id,
            updated_at: audit::now(),
            version: p.version + 1,
            ..p.clone()
        };
        let before = if p.version == 0 {
            if !insert(tx.conn(), &stamped).await? {
                return Err(StoreError::Stale);
            }
            None
        } else {
            let before = fetch(tx.conn(), agency, p.measure_id, p.round, Lock::ForUpdate)
                .await?
                .ok_or(StoreError::NotFound)?;
            let achieved = to_json(&stamped.achieved)?;
            let results = to_json(&stamped.results)?;
            let updated = on_conn!(tx.conn(), |c| {
                sqlx::query(
                    "UPDATE measure_progress SET status = $5, results_json = $6, outcome = $7, \
                     achieved_json = $8, updated_by = $9, updated_at = $10, \
                     version = version + 1 \
                     WHERE agency_id = $1 AND measure_id = $2 AND round = $3 AND version = $4",
                )
                .bind(agency.0)
                .bind(p.measure_id.0)
                .bind(round_code(p.round))
                .bind(p.version)
                .bind(stamped.status.code())
                .bind(&results)
                .bind(&stamped.outcome)
                .bind(&achieved)
                .bind(stamped.updated_by.map(|u| u.0))
                .bind(stamped.updated_at)
                .execute(c)
                .await
                .map(|r| r.rows_affected())
            })?;
            if updated == 0 {
                return Err(StoreError::Stale);
            }
            Some(before)
        };
        let after = fetch(tx.conn(), agency, p.measure_id, p.round, Lock::None)
            .await?
            .ok_or(StoreError::NotFound)?;
        let change = Change::saved(
            ENTITY,
            Some(agency),
            id,
            before.map(|b| b.audit_image()).transpose()?,
            after.audit_image()?,
        );
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await?;
        Ok(after)
    }
}
