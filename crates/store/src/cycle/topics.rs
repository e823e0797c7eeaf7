//! Topics (ประเด็น) of a fiscal year's measure plan, in order. A tenant table:
//! every query names the agency. Positions run 1..n within a fiscal year and stay
//! so after every insert, move and delete; all three hold the agency's plan lock
//! ([`crate::cycle`]) so two of them cannot number the same place.

use prongsai_core::measures::Topic;
use prongsai_core::model::{AgencyId, TopicId};
use serde_json::Value;
use uuid::Uuid;

use crate::audit::{self, Audited, Change};
use crate::cycle::{self, lock_agency, move_plan};
use crate::dialect::{AgencyLock, Lock};
use crate::pool::{Conn, on_conn};
use crate::{Actor, Store, StoreError, StoreResult};

pub(crate) const ENTITY: &str = "topic";

/// The columns of [`TopicRow`], for every SELECT of the table.
macro_rules! select_topic {
    () => {
        "SELECT agency_id, id, fiscal_year, position, title, catalog_key FROM measure_topics"
    };
}

const BY_ID: &str = concat!(select_topic!(), " WHERE agency_id = $1 AND id = $2");

#[derive(sqlx::FromRow)]
struct TopicRow {
    agency_id: Uuid,
    id: Uuid,
    fiscal_year: i32,
    position: i32,
    title: String,
    catalog_key: Option<String>,
}

impl From<TopicRow> for Topic {
    fn from(row: TopicRow) -> Self {
        Self {
            id: TopicId(row.id),
            agency_id: AgencyId(row.agency_id),
            fiscal_year: row.fiscal_year,
            position: row.position,
            title: row.title,
            catalog_key: row.catalog_key,
        }
    }
}

impl Audited for Topic {
    fn audit_image(&self) -> StoreResult<Value> {
        cycle::image(self)
    }
}

pub(super) async fn fetch(
    conn: Conn<'_>,
    agency: AgencyId,
    id: TopicId,
    lock: Lock,
) -> StoreResult<Option<Topic>> {
    let sql = conn.backend().locked(BY_ID, lock);
    let row: Option<TopicRow> = on_conn!(conn, |c| {
        sqlx::query_as(&sql)
            .bind(agency.0)
            .bind(id.0)
            .fetch_optional(c)
            .await
    })?;
    Ok(row.map(Topic::from))
}

/// Writes one topic verbatim (create, copy and import).
pub(crate) async fn insert(conn: Conn<'_>, t: &Topic) -> StoreResult<()> {
    on_conn!(conn, |c| {
        sqlx::query(
            "INSERT INTO measure_topics (agency_id, id, fiscal_year, position, title, catalog_key) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(t.agency_id.0)
        .bind(t.id.0)
        .bind(t.fiscal_year)
        .bind(t.position)
        .bind(&t.title)
        .bind(&t.catalog_key)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Every topic of one agency by id, for export.
pub(crate) async fn all_of(conn: Conn<'_>, agency: AgencyId) -> StoreResult<Vec<Topic>> {
    let rows: Vec<TopicRow> = on_conn!(conn, |c| {
        sqlx::query_as(concat!(
            select_topic!(),
            " WHERE agency_id = $1 ORDER BY id"
        ))
        .bind(agency.0)
        .fetch_all(c)
        .await
    })?;
    Ok(rows.into_iter().map(Topic::from).collect())
}

/// The topics of one fiscal year in plan order.
pub(crate) async fn of_year(
    conn: Conn<'_>,
    agency: AgencyId,
    year: i32,
) -> StoreResult<Vec<Topic>> {
    let rows: Vec<TopicRow> = on_conn!(conn, |c| {
        sqlx::query_as(concat!(
            select_topic!(),
            " WHERE agency_id = $1 AND fiscal_year = $2 ORDER BY position, id"
        ))
        .bind(agency.0)
        .bind(year)
        .fetch_all(c)
        .await
    })?;
    Ok(rows.into_iter().map(Topic::from).collect())
}

/// How many topics the fiscal year has, which is also its last position.
async fn count_of_year(conn: Conn<'_>, agency: AgencyId, year: i32) -> StoreResult<i32> {
    let count: i64 = on_conn!(conn, |c| {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM measure_topics WHERE agency_id = $1 AND fiscal_year = $2",
        )
        .bind(agency.0)
        .bind(year)
        .fetch_one(c)
        .await
    })?;
    i32::try_from(count).map_err(|_| StoreError::Invalid("too many topics".to_owned()))
}

/// Adds `delta` to the positions `first..=last` of the fiscal year's topics.
pub(super) async fn shift(
    conn: Conn<'_>,
    agency: AgencyId,
    year: i32,
    (first, last): (i32, i32),
    delta: i32,
) -> StoreResult<()> {
    on_conn!(conn, |c| {
        sqlx::query(
            "UPDATE measure_topics SET position = position + $5 \
             WHERE agency_id = $1 AND fiscal_year = $2 AND position >= $3 AND position <= $4",
        )
        .bind(agency.0)
        .bind(year)
        .bind(first)
        .bind(last)
        .bind(delta)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

async fn set_position(conn: Conn<'_>, t: &Topic, position: i32) -> StoreResult<()> {
    on_conn!(conn, |c| {
        sqlx::query("UPDATE measure_topics SET position = $3 WHERE agency_id = $1 AND id = $2")
            .bind(t.agency_id.0)
            .bind(t.id.0)
            .bind(position)
            .execute(c)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(())
}

impl Store {
    /// One fiscal year's topics in plan order.
    ///
    /// # Errors
    /// Database errors.
    pub async fn list_topics(&self, agency: AgencyId, year: i32) -> StoreResult<Vec<Topic>> {
        of_year(self.lease().await?.conn(), agency, year).await
    }

    /// Creates the topic, or updates its title and catalogue key when its id
    /// exists (its year and position stay; [`Store::move_topic`] reorders). A new
    /// topic goes to its `position` when that is one of the year's (the later
    /// ones move down), and at the end otherwise (`position <= 0`).
    ///
    /// # Errors
    /// [`StoreError::Invalid`] when the agency does not exist.
    pub async fn save_topic(&self, actor: Actor, topic: &Topic) -> StoreResult<()> {
        let agency = topic.agency_id;
        let mut tx = self.write().await?;
        lock_agency(tx.conn(), agency, AgencyLock::Exclusive).await?;
        let found = fetch(tx.conn(), agency, topic.id, Lock::ForUpdate).await?;
        let change = match found {
            None => {
                let count = count_of_year(tx.conn(), agency, topic.fiscal_year).await?;
                let position = if (1..=count).contains(&topic.position) {
                    shift(
                        tx.conn(),
                        agency,
                        topic.fiscal_year,
                        (topic.position, count),
                        1,
                    )
                    .await?;
                    topic.position
                } else {
                    count + 1
                };
                let stored = Topic {
                    position,
                    ..topic.clone()
                };
                insert(tx.conn(), &stored).await?;
                Change::create(
                    ENTITY,
                    Some(agency),
                    topic.id.to_string(),
                    stored.audit_image()?,
                )
            }
            Some(before) => {
                on_conn!(tx.conn(), |c| {
                    sqlx::query(
                        "UPDATE measure_topics SET title = $3, catalog_key = $4 \
                         WHERE agency_id = $1 AND id = $2",
                    )
                    .bind(agency.0)
                    .bind(topic.id.0)
                    .bind(&topic.title)
                    .bind(&topic.catalog_key)
                    .execute(c)
                    .await
                    .map(|r| r.rows_affected())
                })?;
                let after = Topic {
                    title: topic.title.clone(),
                    catalog_key: topic.catalog_key.clone(),
                    ..before.clone()
                };
                Change::update(
                    ENTITY,
                    Some(agency),
                    topic.id.to_string(),
                    before.audit_image()?,
                    after.audit_image()?,
                )
            }
        };
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await
    }

    /// Moves the topic `offset` places (-1 up, +1 down); the topics it passes
    /// shift by one. Nothing happens when that would leave the plan.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the agency has no such topic.
    pub async fn move_topic(
        &self,
        actor: Actor,
        agency: AgencyId,
        id: TopicId,
        offset: i32,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        lock_agency(tx.conn(), agency, AgencyLock::Exclusive).await?;
        let before = fetch(tx.conn(), agency, id, Lock::ForUpdate)
            .await?
            .ok_or(StoreError::NotFound)?;
        let count = count_of_year(tx.conn(), agency, before.fiscal_year).await?;
        let Some((target, passed, delta)) = move_plan(before.position, offset, count) else {
            return Ok(());
        };
        shift(tx.conn(), agency, before.fiscal_year, passed, delta).await?;
        set_position(tx.conn(), &before, target).await?;
        let after = Topic {
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
