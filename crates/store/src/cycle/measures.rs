//! Measures (มาตรการ) of a fiscal year's plan, in order within their topic. A
//! tenant table: every query names the agency, and composite foreign keys keep a
//! measure on a topic of its own agency and year and its owners among its own
//! agency's departments (rows of `measure_owner_departments`; the other lists a
//! measure carries are JSON text).
//!
//! Updates are optimistic: the caller names the version it loaded and the UPDATE
//! only matches that version, so of two people editing one measure the second to
//! save is told ([`StoreError::Stale`]) instead of silently overwriting the first.

use std::collections::HashMap;

use prongsai_core::measures::{Measure, Owners, Target, Timeframe};
use prongsai_core::model::{AgencyId, DepartmentId, MeasureId, TopicId};
use serde_json::Value;
use uuid::Uuid;

use crate::audit::{self, Audited, Change};
use crate::cycle::{self, lock_agency, move_plan};
use crate::dialect::{AgencyLock, Lock};
use crate::pool::{Conn, Tx, on_conn};
use crate::rows::{parse_json, to_json};
use crate::{Actor, Store, StoreError, StoreResult};

pub(super) const ENTITY: &str = "measure";

/// The columns of [`MeasureRow`] (table alias `m`), for every SELECT of the table.
macro_rules! select_measure {
    () => {
        "SELECT m.agency_id, m.id, m.fiscal_year, m.topic_id, m.position, m.title, \
         m.indicators_json, m.weakness, m.improvement, m.steps_json, m.timeframe_json, \
         m.owner_positions_json, m.monitoring, m.reporting, m.targets_json, m.version \
         FROM measures AS m"
    };
}

const BY_ID: &str = concat!(select_measure!(), " WHERE m.agency_id = $1 AND m.id = $2");

#[derive(sqlx::FromRow)]
struct MeasureRow {
    agency_id: Uuid,
    id: Uuid,
    fiscal_year: i32,
    topic_id: Uuid,
    position: i32,
    title: String,
    indicators_json: String,
    weakness: String,
    improvement: String,
    steps_json: String,
    timeframe_json: String,
    owner_positions_json: String,
    monitoring: String,
    reporting: String,
    targets_json: String,
    version: i64,
}

impl MeasureRow {
    fn into_measure(self, departments: Vec<DepartmentId>) -> StoreResult<Measure> {
        Ok(Measure {
            id: MeasureId(self.id),
            agency_id: AgencyId(self.agency_id),
            fiscal_year: self.fiscal_year,
            topic_id: TopicId(self.topic_id),
            position: self.position,
            title: self.title,
            indicators: parse_json("measure indicators", &self.indicators_json)?,
            weakness: self.weakness,
            improvement: self.improvement,
            steps: parse_json("measure steps", &self.steps_json)?,
            timeframe: parse_json::<Timeframe>("measure timeframe", &self.timeframe_json)?,
            owners: Owners {
                departments,
                positions: parse_json("measure owners", &self.owner_positions_json)?,
            },
            monitoring: self.monitoring,
            reporting: self.reporting,
            targets: parse_json::<Vec<Target>>("measure targets", &self.targets_json)?,
            version: self.version,
        })
    }
}

impl Audited for Measure {
    fn audit_image(&self) -> StoreResult<Value> {
        cycle::image(self)
    }
}

/// The owner departments of the agency's measures, each list in its order.
async fn owners_all(
    conn: Conn<'_>,
    agency: AgencyId,
) -> StoreResult<HashMap<Uuid, Vec<DepartmentId>>> {
    let rows: Vec<(Uuid, Uuid)> = on_conn!(conn, |c| {
        sqlx::query_as(
            "SELECT measure_id, department_id FROM measure_owner_departments \
             WHERE agency_id = $1 ORDER BY measure_id, position",
        )
        .bind(agency.0)
        .fetch_all(c)
        .await
    })?;
    let mut owners = HashMap::<Uuid, Vec<DepartmentId>>::new();
    for (measure, department) in rows {
        owners
            .entry(measure)
            .or_default()
            .push(DepartmentId(department));
    }
    Ok(owners)
}

/// Reads `rows` with their owners (one query for all of them).
async fn with_owners(
    conn: Conn<'_>,
    agency: AgencyId,
    rows: Vec<MeasureRow>,
) -> StoreResult<Vec<Measure>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut owners = owners_all(conn, agency).await?;
    rows.into_iter()
        .map(|row| {
            let departments = owners.remove(&row.id).unwrap_or_default();
            row.into_measure(departments)
        })
        .collect()
}

pub(crate) async fn fetch(
    mut conn: Conn<'_>,
    agency: AgencyId,
    id: MeasureId,
    lock: Lock,
) -> StoreResult<Option<Measure>> {
    let sql = conn.backend().locked(BY_ID, lock);
    let row: Option<MeasureRow> = on_conn!(&mut conn, |c| {
        sqlx::query_as(&sql)
            .bind(agency.0)
            .bind(id.0)
            .fetch_optional(&mut **c)
            .await
    })?;
    let Some(row) = row else {
        return Ok(None);
    };
    let departments: Vec<Uuid> = on_conn!(conn, |c| {
        sqlx::query_scalar(
            "SELECT department_id FROM measure_owner_departments \
             WHERE agency_id = $1 AND measure_id = $2 ORDER BY position",
        )
        .bind(agency.0)
        .bind(id.0)
        .fetch_all(c)
        .await
    })?;
    row.into_measure(departments.into_iter().map(DepartmentId).collect())
        .map(Some)
}

/// Writes one measure verbatim with its owner departments (create, copy and import).
pub(crate) async fn insert(tx: &mut Tx, m: &Measure) -> StoreResult<()> {
    let indicators = to_json(&m.indicators)?;
    let steps = to_json(&m.steps)?;
    let timeframe = to_json(&m.timeframe)?;
    let positions = to_json(&m.owners.positions)?;
    let targets = to_json(&m.targets)?;
    on_conn!(tx.conn(), |c| {
        sqlx::query(
            "INSERT INTO measures (agency_id, id, fiscal_year, topic_id, position, title, \
             indicators_json, weakness, improvement, steps_json, timeframe_json, \
             owner_positions_json, monitoring, reporting, targets_json, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        )
        .bind(m.agency_id.0)
        .bind(m.id.0)
        .bind(m.fiscal_year)
        .bind(m.topic_id.0)
        .bind(m.position)
        .bind(&m.title)
        .bind(&indicators)
        .bind(&m.weakness)
        .bind(&m.improvement)
        .bind(&steps)
        .bind(&timeframe)
        .bind(&positions)
        .bind(&m.monitoring)
        .bind(&m.reporting)
        .bind(&targets)
        .bind(m.version)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    write_owners(tx, m).await
}

/// Replaces the measure's owner departments with `m.owners.departments`.
async fn write_owners(tx: &mut Tx, m: &Measure) -> StoreResult<()> {
    on_conn!(tx.conn(), |c| {
        sqlx::query(
            "DELETE FROM measure_owner_departments WHERE agency_id = $1 AND measure_id = $2",
        )
        .bind(m.agency_id.0)
        .bind(m.id.0)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    for (position, department) in (1_i32..).zip(&m.owners.departments) {
        on_conn!(tx.conn(), |c| {
            sqlx::query(
                "INSERT INTO measure_owner_departments \
                 (agency_id, measure_id, position, department_id) VALUES ($1, $2, $3, $4)",
            )
            .bind(m.agency_id.0)
            .bind(m.id.0)
            .bind(position)
            .bind(department.0)
            .execute(c)
            .await
            .map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

/// Every measure of one agency by id, for export.
pub(crate) async fn all_of(mut conn: Conn<'_>, agency: AgencyId) -> StoreResult<Vec<Measure>> {
    let rows: Vec<MeasureRow> = on_conn!(&mut conn, |c| {
        sqlx::query_as(concat!(
            select_measure!(),
            " WHERE m.agency_id = $1 ORDER BY m.id"
        ))
        .bind(agency.0)
        .fetch_all(&mut **c)
        .await
    })?;
    with_owners(conn, agency, rows).await
}

/// The measures of one fiscal year in plan order: by topic, then within it.
pub(crate) async fn of_year(
    mut conn: Conn<'_>,
    agency: AgencyId,
    year: i32,
) -> StoreResult<Vec<Measure>> {
    let rows: Vec<MeasureRow> = on_conn!(&mut conn, |c| {
        sqlx::query_as(concat!(
            select_measure!(),
            " JOIN measure_topics AS t ON t.agency_id = m.agency_id AND t.id = m.topic_id \
             WHERE m.agency_id = $1 AND m.fiscal_year = $2 ORDER BY t.position, m.position, m.id"
        ))
        .bind(agency.0)
        .bind(year)
        .fetch_all(&mut **c)
        .await
    })?;
    with_owners(conn, agency, rows).await
}

/// The measures of one topic in order.
pub(crate) async fn of_topic(
    mut conn: Conn<'_>,
    agency: AgencyId,
    topic: TopicId,
) -> StoreResult<Vec<Measure>> {
    let rows: Vec<MeasureRow> = on_conn!(&mut conn, |c| {
        sqlx::query_as(concat!(
            select_measure!(),
            " WHERE m.agency_id = $1 AND m.topic_id = $2 ORDER BY m.position, m.id"
        ))
        .bind(agency.0)
        .bind(topic.0)
        .fetch_all(&mut **c)
        .await
    })?;
    with_owners(conn, agency, rows).await
}

/// How many measures the topic has, which is also its last position.
async fn count_of_topic(conn: Conn<'_>, agency: AgencyId, topic: TopicId) -> StoreResult<i32> {
    let count: i64 = on_conn!(conn, |c| {
        sqlx::query_scalar("SELECT COUNT(*) FROM measures WHERE agency_id = $1 AND topic_id = $2")
            .bind(agency.0)
            .bind(topic.0)
            .fetch_one(c)
            .await
    })?;
    i32::try_from(count).map_err(|_| StoreError::Invalid("too many measures".to_owned()))
}

/// Adds `delta` to the positions `first..=last` of the topic's measures.
pub(super) async fn shift(
    conn: Conn<'_>,
    agency: AgencyId,
    topic: TopicId,
    (first, last): (i32, i32),
    delta: i32,
) -> StoreResult<()> {
    on_conn!(conn, |c| {
        sqlx::query(
            "UPDATE measures SET position = position + $5 \
             WHERE agency_id = $1 AND topic_id = $2 AND position >= $3 AND position <= $4",
        )
        .bind(agency.0)
        .bind(topic.0)
        .bind(first)
        .bind(last)
        .bind(delta)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

impl Store {
    /// One fiscal year's measures in plan order: by topic position, then by
    /// position within the topic.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn list_measures(&self, agency: AgencyId, year: i32) -> StoreResult<Vec<Measure>> {
        of_year(self.lease().await?.conn(), agency, year).await
    }

    /// The fiscal years the agency has measures in, newest first.
    ///
    /// # Errors
    /// Database errors.
    pub async fn measure_years(&self, agency: AgencyId) -> StoreResult<Vec<i32>> {
        let mut lease = self.lease().await?;
        Ok(on_conn!(lease.conn(), |c| {
            sqlx::query_scalar(
                "SELECT DISTINCT fiscal_year FROM measures WHERE agency_id = $1 \
                 ORDER BY fiscal_year DESC",
            )
            .bind(agency.0)
            .fetch_all(c)
            .await
        })?)
    }

    /// `None` also when the measure belongs to another agency.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn get_measure(
        &self,
        agency: AgencyId,
        id: MeasureId,
    ) -> StoreResult<Option<Measure>> {
        fetch(self.lease().await?.conn(), agency, id, Lock::None).await
    }

    /// Adds the measure at the end of its topic, as version 1; returns what was
    /// stored.
    ///
    /// # Errors
    /// [`StoreError::Invalid`] when its topic is not one of the agency's in the
    /// measure's fiscal year, or an owner department is not the agency's;
    /// [`StoreError::Conflict`] on `id`.
    pub async fn create_measure(&self, actor: Actor, m: &Measure) -> StoreResult<Measure> {
        let mut tx = self.write().await?;
        lock_agency(tx.conn(), m.agency_id, AgencyLock::Exclusive).await?;
        let count = count_of_topic(tx.conn(), m.agency_id, m.topic_id).await?;
        let stored = Measure {
            position: count + 1,
            version: 1,
            ..m.clone()
        };
        insert(&mut tx, &stored).await?;
        let change = Change::create(
            ENTITY,
            Some(m.agency_id),
            m.id.to_string(),
            stored.audit_image()?,
        );
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await?;
        Ok(stored)
    }

    /// Saves the measure's content over version `m.version`, the one the user
    /// loaded; returns what was stored (the next version). A new topic puts it at
    /// that topic's end; otherwise its position stays, and its fiscal year always
    /// does.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the agency has no such measure;
    /// [`StoreError::Stale`] when it was saved by someone else since it was
    /// loaded; [`StoreError::Invalid`] for a topic or owner department that is not
    /// the agency's (or a topic of another year).
    pub async fn update_measure(&self, actor: Actor, m: &Measure) -> StoreResult<Measure> {
        let agency = m.agency_id;
        let mut tx = self.write().await?;
        lock_agency(tx.conn(), agency, AgencyLock::Exclusive).await?;
        let before = fetch(tx.conn(), agency, m.id, Lock::ForUpdate)
            .await?
            .ok_or(StoreError::NotFound)?;
        let moved = m.topic_id != before.topic_id;
        let position = if moved {
            count_of_topic(tx.conn(), agency, m.topic_id).await? + 1
        } else {
            before.position
        };
        let indicators = to_json(&m.indicators)?;
        let steps = to_json(&m.steps)?;
        let timeframe = to_json(&m.timeframe)?;
        let positions = to_json(&m.owners.positions)?;
        let targets = to_json(&m.targets)?;
        let updated = on_conn!(tx.conn(), |c| {
            sqlx::query(
                "UPDATE measures SET topic_id = $4, position = $5, title = $6, \
                 indicators_json = $7, weakness = $8, improvement = $9, steps_json = $10, \
                 timeframe_json = $11, owner_positions_json = $12, monitoring = $13, \
                 reporting = $14, targets_json = $15, version = version + 1 \
                 WHERE agency_id = $1 AND id = $2 AND version = $3",
            )
            .bind(agency.0)
            .bind(m.id.0)
            .bind(m.version)
            .bind(m.topic_id.0)
            .bind(position)
            .bind(&m.title)
            .bind(&indicators)
            .bind(&m.weakness)
            .bind(&m.improvement)
            .bind(&steps)
            .bind(&timeframe)
            .bind(&positions)
            .bind(&m.monitoring)
            .bind(&m.reporting)
            .bind(&targets)
            .execute(c)
            .await
            .map(|r| r.rows_affected())
        })?;
        if updated == 0 {
            return Err(StoreError::Stale);
        }
        if moved {
            shift(
                tx.conn(),
                agency,
                before.topic_id,
                (before.position + 1, i32::MAX),
                -1,
            )
            .await?;
        }
        write_owners(&mut tx, m).await?;
        let after = fetch(tx.conn(), agency, m.id, Lock::None)
            .await?
            .ok_or(StoreError::NotFound)?;
        let change = Change::update(
            ENTITY,
            Some(agency),
            m.id.to_string(),
            before.audit_image()?,
            after.audit_image()?,
        );
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Moves the measure `offset` places within its topic (-1 up, +1 down); the
    /// measures it passes shift by one. Nothing happens when that would leave the
    /// topic. The version stays: order is not content.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the agency has no such measure.
    pub async fn move_measure(
        &self,
        actor: Actor,
        agency: AgencyId,
        id: MeasureId,
        offset: i32,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        lock_agency(tx.conn(), agency, AgencyLock::Exclusive).await?;
        let before = fetch(tx.conn(), agency, id, Lock::ForUpdate)
            .await?
            .ok_or(StoreError::NotFound)?;
        let count = count_of_topic(tx.conn(), agency, before.topic_id).await?;
        let Some((target, passed, delta)) = move_plan(before.position, offset, count) else {
            return Ok(());
        };
        shift(tx.conn(), agency, before.topic_id, passed, delta).await?;
        on_conn!(tx.conn(), |c| {
            sqlx::query("UPDATE measures SET position = $3 WHERE agency_id = $1 AND id = $2")
                .bind(agency.0)
                .bind(id.0)
                .bind(target)
                .execute(c)
                .await
                .map(|r| r.rows_affected())
        })?;
        let after = Measure {
            position: target,
            ..before.clone()
        };
        let change = Change::update(
            ENTITY,
            Some(agency),
            id.to_string(),
            before.audit_image()?,
            after.audit_image()?,
        );
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await
    }
}
