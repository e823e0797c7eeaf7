//! Orders (คำสั่ง) of an agency: one row per order with its committees, their
//! members and the persons in charge as rows in order, replaced whole by a save.
//!
//! Numbers run per agency and year; the unique key (agency, year, number) is the
//! authority on a taken number, so two people saving the same number at once
//! cannot both succeed. Members and the signer may name officials of the agency,
//! by composite foreign keys, so an official of another agency cannot be named and
//! an official named in an order cannot be deleted.

use std::collections::HashMap;

use chrono::NaiveDate;
use prongsai_core::correspondence::{
    Assignment, Committee, CommitteeMember, MemberRole, Order, Signer,
};
use prongsai_core::model::{AgencyId, OfficialId, OrderId};
use serde_json::Value;
use uuid::Uuid;

use crate::audit::Audited;
use crate::audited::Entity;
use crate::cycle;
use crate::dialect::Lock;
use crate::pool::{Conn, Tx, on_conn};
use crate::rows::{parse_json, to_json};
use crate::versioned::{self, Versioned};
use crate::{Actor, Store, StoreError, StoreResult};

const ENTITY: &str = "order";

/// The columns of [`OrderRow`], for every SELECT of the table.
macro_rules! select_order {
    () => {
        "SELECT agency_id, id, year, number, subject, preamble, closing, date, \
         signer_official_id, signer_name, signer_rank, signer_position, version FROM orders"
    };
}

const BY_ID: &str = concat!(select_order!(), " WHERE agency_id = $1 AND id = $2");

#[derive(sqlx::FromRow)]
struct OrderRow {
    agency_id: Uuid,
    id: Uuid,
    year: i32,
    number: i32,
    subject: String,
    preamble: String,
    closing: String,
    date: Option<NaiveDate>,
    signer_official_id: Option<Uuid>,
    signer_name: String,
    signer_rank: String,
    signer_position: String,
    version: i64,
}

impl OrderRow {
    fn into_order(self, parts: Parts) -> Order {
        Order {
            id: OrderId(self.id),
            agency_id: AgencyId(self.agency_id),
            year: self.year,
            number: self.number,
            subject: self.subject,
            preamble: self.preamble,
            committees: parts.committees,
            assignments: parts.assignments,
            closing: self.closing,
            date: self.date,
            signer: Signer {
                official: self.signer_official_id.map(OfficialId),
                name: self.signer_name,
                rank: self.signer_rank,
                position: self.signer_position,
            },
            version: self.version,
        }
    }
}

#[derive(sqlx::FromRow)]
struct CommitteeRow {
    order_id: Uuid,
    position: i32,
    title: String,
    duties_json: String,
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    order_id: Uuid,
    committee_position: i32,
    official_id: Option<Uuid>,
    position_text: String,
    role_kind: String,
    role_label: String,
}

#[derive(sqlx::FromRow)]
struct AssignmentRow {
    order_id: Uuid,
    heading: String,
    people_json: String,
    duty: String,
}

/// The lists of one order.
#[derive(Default)]
struct Parts {
    committees: Vec<Committee>,
    assignments: Vec<Assignment>,
}

/// How a role is stored: its kind, and the label of a custom one.
fn role_columns(role: &MemberRole) -> (&'static str, &str) {
    match role {
        MemberRole::Chair => ("chair", ""),
        MemberRole::Member => ("member", ""),
        MemberRole::Secretary => ("secretary", ""),
        MemberRole::Custom(label) => ("custom", label),
    }
}

/// Reads [`role_columns`] back.
fn role_from_columns(kind: &str, label: String) -> StoreResult<MemberRole> {
    match kind {
        "chair" => Ok(MemberRole::Chair),
        "member" => Ok(MemberRole::Member),
        "secretary" => Ok(MemberRole::Secretary),
        "custom" => Ok(MemberRole::Custom(label)),
        other => Err(StoreError::Invalid(format!(
            "unknown committee role `{other}`"
        ))),
    }
}

impl Audited for Order {
    fn audit_image(&self) -> StoreResult<Value> {
        cycle::image(self)
    }
}

/// Which orders of an agency a read loads the lists of: one, those of a year,
/// or all (`None`s).
#[derive(Clone, Copy)]
struct Scope {
    id: Option<OrderId>,
    year: Option<i32>,
}

/// The committees (with members) and assignments of the agency's orders in
/// `scope`, keyed by order id, each list in order.
async fn parts_of(
    mut conn: Conn<'_>,
    agency: AgencyId,
    scope: Scope,
) -> StoreResult<HashMap<Uuid, Parts>> {
    let (id, year) = (scope.id.map(|i| i.0), scope.year);
    let committees: Vec<CommitteeRow> = on_conn!(&mut conn, |c| {
        sqlx::query_as(
            "SELECT c.order_id, c.position, c.title, c.duties_json FROM order_committees AS c \
             JOIN orders AS o ON o.agency_id = c.agency_id AND o.id = c.order_id \
             WHERE c.agency_id = $1 AND ($2 IS NULL OR c.order_id = $2) \
             AND ($3 IS NULL OR o.year = $3) ORDER BY c.order_id, c.position",
        )
        .bind(agency.0)
        .bind(id)
        .bind(year)
        .fetch_all(&mut **c)
        .await
    })?;
    let members: Vec<MemberRow> = on_conn!(&mut conn, |c| {
        sqlx::query_as(
            "SELECT m.order_id, m.committee_position, m.official_id, m.position_text, \
             m.role_kind, m.role_label FROM order_committee_members AS m \
             JOIN orders AS o ON o.agency_id = m.agency_id AND o.id = m.order_id \
             WHERE m.agency_id = $1 AND ($2 IS NULL OR m.order_id = $2) \
             AND ($3 IS NULL OR o.year = $3) \
             ORDER BY m.order_id, m.committee_position, m.position",
        )
        .bind(agency.0)
        .bind(id)
        .bind(year)
        .fetch_all(&mut **c)
        .await
    })?;
    let assignments: Vec<AssignmentRow> = on_conn!(&mut conn, |c| {
        sqlx::query_as(
            "SELECT a.order_id, a.heading, a.people_json, a.duty FROM order_assignments AS a \
             JOIN orders AS o ON o.agency_id = a.agency_id AND o.id = a.order_id \
             WHERE a.agency_id = $1 AND ($2 IS NULL OR a.order_id = $2) \
             AND ($3 IS NULL OR o.year = $3) ORDER BY a.order_id, a.position",
        )
        .bind(agency.0)
        .bind(id)
        .bind(year)
        .fetch_all(&mut **c)
        .await
    })?;
    let mut members_of = HashMap::<(Uuid, i32), Vec<CommitteeMember>>::new();
    for row in members {
        members_of
            .entry((row.order_id, row.committee_position))
            .or_default()
            .push(CommitteeMember {
                official: row.official_id.map(OfficialId),
                position: row.position_text,
                role: role_from_columns(&row.role_kind, row.role_label)?,
            });
    }
    let mut parts = HashMap::<Uuid, Parts>::new();
    for row in committees {
        parts
            .entry(row.order_id)
            .or_default()
            .committees
            .push(Committee {
                title: row.title,
                members: members_of
                    .remove(&(row.order_id, row.position))
                    .unwrap_or_default(),
                duties: parse_json("committee duties", &row.duties_json)?,
            });
    }
    for row in assignments {
        parts
            .entry(row.order_id)
            .or_default()
            .assignments
            .push(Assignment {
                heading: row.heading,
                people: parse_json("assignment people", &row.people_json)?,
                duty: row.duty,
            });
    }
    Ok(parts)
}

/// Reads `rows` with their lists (three queries for all of them).
async fn with_parts(
    conn: Conn<'_>,
    agency: AgencyId,
    scope: Scope,
    rows: Vec<OrderRow>,
) -> StoreResult<Vec<Order>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut parts = parts_of(conn, agency, scope).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let of_order = parts.remove(&row.id).unwrap_or_default();
            row.into_order(of_order)
        })
        .collect())
}

impl Entity for Order {
    const NAME: &'static str = ENTITY;
    type Key = (AgencyId, OrderId);

    fn key(&self) -> Self::Key {
        (self.agency_id, self.id)
    }

    async fn fetch(mut conn: Conn<'_>, key: &Self::Key, lock: Lock) -> StoreResult<Option<Self>> {
        let (agency, id) = *key;
        let sql = conn.backend().locked(BY_ID, lock);
        let row: Option<OrderRow> = on_conn!(&mut conn, |c| {
            sqlx::query_as(&sql)
                .bind(agency.0)
                .bind(id.0)
                .fetch_optional(&mut **c)
                .await
        })?;
        let scope = Scope {
            id: Some(id),
            year: None,
        };
        let orders = with_parts(conn, agency, scope, row.into_iter().collect()).await?;
        Ok(orders.into_iter().next())
    }
}

impl Versioned for Order {
    fn version(&self) -> i64 {
        self.version
    }
}

/// Writes one order verbatim with its lists (save and import) unless its id is
/// taken; returns whether it did.
///
/// # Errors
/// [`StoreError::Conflict`] on `number` when the year's number is taken.
pub(crate) async fn insert(tx: &mut Tx, o: &Order) -> StoreResult<bool> {
    let inserted = on_conn!(tx.conn(), |c| {
        sqlx::query(
            "INSERT INTO orders (agency_id, id, year, number, subject, preamble, closing, date, \
             signer_official_id, signer_name, signer_rank, signer_position, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
             ON CONFLICT (agency_id, id) DO NOTHING",
        )
        .bind(o.agency_id.0)
        .bind(o.id.0)
        .bind(o.year)
        .bind(o.number)
        .bind(&o.subject)
        .bind(&o.preamble)
        .bind(&o.closing)
        .bind(o.date)
        .bind(o.signer.official.map(|s| s.0))
        .bind(&o.signer.name)
        .bind(&o.signer.rank)
        .bind(&o.signer.position)
        .bind(o.version)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    if inserted == 0 {
        return Ok(false);
    }
    write_parts(tx, o).await?;
    Ok(true)
}

/// Deletes the order's committees, members and assignments.
async fn delete_parts(tx: &mut Tx, agency: AgencyId, id: OrderId) -> StoreResult<()> {
    for sql in [
        "DELETE FROM order_committee_members WHERE agency_id = $1 AND order_id = $2",
        "DELETE FROM order_committees WHERE agency_id = $1 AND order_id = $2",
        "DELETE FROM order_assignments WHERE agency_id = $1 AND order_id = $2",
    ] {
        on_conn!(tx.conn(), |c| {
            sqlx::query(sql)
                .bind(agency.0)
                .bind(id.0)
                .execute(c)
                .await
                .map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

/// Replaces the order's committees, members and assignments with `o`'s.
async fn write_parts(tx: &mut Tx, o: &Order) -> StoreResult<()> {
    let (agency, order) = (o.agency_id, o.id);
    delete_parts(tx, agency, order).await?;
    for (committee_position, committee) in (1_i32..).zip(&o.committees) {
        let duties = to_json(&committee.duties)?;
        on_conn!(tx.conn(), |c| {
            sqlx::query(
                "INSERT INTO order_committees (agency_id, order_id, position, title, duties_json) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(agency.0)
            .bind(order.0)
            .bind(committee_position)
            .bind(&committee.title)
            .bind(&duties)
            .execute(c)
            .await
            .map(|r| r.rows_affected())
        })?;
        for (position, member) in (1_i32..).zip(&committee.members) {
            let (kind, label) = role_columns(&member.role);
            on_conn!(tx.conn(), |c| {
                sqlx::query(
                    "INSERT INTO order_committee_members (agency_id, order_id, \
                     committee_position, position, official_id, position_text, role_kind, \
                     role_label) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(agency.0)
                .bind(order.0)
                .bind(committee_position)
                .bind(position)
                .bind(member.official.map(|m| m.0))
                .bind(&member.position)
                .bind(kind)
                .bind(label)
                .execute(c)
                .await
                .map(|r| r.rows_affected())
            })?;
        }
    }
    for (position, assignment) in (1_i32..).zip(&o.assignments) {
        let people = to_json(&assignment.people)?;
        on_conn!(tx.conn(), |c| {
            sqlx::query(
                "INSERT INTO order_assignments (agency_id, order_id, position, heading, \
                 people_json, duty) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(agency.0)
            .bind(order.0)
            .bind(position)
            .bind(&assignment.heading)
            .bind(&people)
            .bind(&assignment.duty)
            .execute(c)
            .await
            .map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

/// The agency's orders, of one year or all, by year then number.
async fn list(mut conn: Conn<'_>, agency: AgencyId, year: Option<i32>) -> StoreResult<Vec<Order>> {
    let rows: Vec<OrderRow> = on_conn!(&mut conn, |c| {
        sqlx::query_as(concat!(
            select_order!(),
            " WHERE agency_id = $1 AND ($2 IS NULL OR year = $2) ORDER BY year, number"
        ))
        .bind(agency.0)
        .bind(year)
        .fetch_all(&mut **c)
        .await
    })?;
    with_parts(conn, agency, Scope { id: None, year }, rows).await
}

/// Every order of one agency by year then number, for export.
pub(crate) async fn all_of(conn: Conn<'_>, agency: AgencyId) -> StoreResult<Vec<Order>> {
    list(conn, agency, None).await
}

/// Whether an order names the official as its signer or as a committee member.
pub(crate) async fn name_official(
    conn: Conn<'_>,
    agency: AgencyId,
    official: OfficialId,
) -> StoreResult<bool> {
    let found: Option<i32> = on_conn!(conn, |c| {
        sqlx::query_scalar(
            "SELECT 1 FROM orders WHERE agency_id = $1 AND signer_official_id = $2 \
             UNION ALL SELECT 1 FROM order_committee_members \
             WHERE agency_id = $1 AND official_id = $2 LIMIT 1",
        )
        .bind(agency.0)
        .bind(official.0)
        .fetch_optional(c)
        .await
    })?;
    Ok(found.is_some())
}

impl Store {
    /// The agency's orders of `year` (พ.ศ.), or of every year, by year then number.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn list_orders(
        &self,
        agency: AgencyId,
        year: Option<i32>,
    ) -> StoreResult<Vec<Order>> {
        list(self.lease().await?.conn(), agency, year).await
    }

    /// # Errors
    /// [`StoreError::NotFound`] when the agency has no such order (another
    /// agency's included); database errors.
    pub async fn get_order(&self, agency: AgencyId, id: OrderId) -> StoreResult<Order> {
        Order::fetch(self.lease().await?.conn(), &(agency, id), Lock::None)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// The order numbered `number` in `year`, if there is one.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn find_order(
        &self,
        agency: AgencyId,
        year: i32,
        number: i32,
    ) -> StoreResult<Option<Order>> {
        let mut lease = self.lease().await?;
        let id: Option<Uuid> = on_conn!(lease.conn(), |c| {
            sqlx::query_scalar(
                "SELECT id FROM orders WHERE agency_id = $1 AND year = $2 AND number = $3",
            )
            .bind(agency.0)
            .bind(year)
            .bind(number)
            .fetch_optional(c)
            .await
        })?;
        match id {
            Some(id) => Order::fetch(lease.conn(), &(agency, OrderId(id)), Lock::None).await,
            None => Ok(None),
        }
    }

    /// The number the next order of `year` would take: one more than the highest
    /// used, or 1.
    ///
    /// # Errors
    /// Database errors.
    pub async fn next_order_number(&self, agency: AgencyId, year: i32) -> StoreResult<i32> {
        let mut lease = self.lease().await?;
        let highest: Option<i32> = on_conn!(lease.conn(), |c| {
            sqlx::query_scalar("SELECT MAX(number) FROM orders WHERE agency_id = $1 AND year = $2")
                .bind(agency.0)
                .bind(year)
                .fetch_one(c)
                .await
        })?;
        Ok(highest.map_or(1, |n| n.saturating_add(1)))
    }

    /// Saves the order over version `order.version`, the one the user loaded (0
    /// for a new order), replacing its committees, members and assignments whole;
    /// returns what was stored, with the next version.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] on `number` when another order of the agency has
    /// that number in that year; [`StoreError::Stale`] when someone else saved it
    /// since it was loaded (or created it first); [`StoreError::NotFound`] when a
    /// version is named but the agency has no such order; [`StoreError::Invalid`]
    /// when a member or the signer is not one of the agency's officials.
    pub async fn save_order(&self, actor: Actor, order: &Order) -> StoreResult<Order> {
        let (agency, id) = (order.agency_id, order.id);
        let stored = Order {
            version: order.version + 1,
            ..order.clone()
        };
        versioned::save_whole(
            self.write().await?,
            actor,
            order,
            async |tx| insert(tx, &stored).await,
            async |tx| {
                on_conn!(tx.conn(), |c| {
                    sqlx::query(
                        "UPDATE orders SET year = $4, number = $5, subject = $6, preamble = $7, \
                     closing = $8, date = $9, signer_official_id = $10, signer_name = $11, \
                     signer_rank = $12, signer_position = $13, version = version + 1 \
                     WHERE agency_id = $1 AND id = $2 AND version = $3",
                    )
                    .bind(agency.0)
                    .bind(id.0)
                    .bind(order.version)
                    .bind(order.year)
                    .bind(order.number)
                    .bind(&order.subject)
                    .bind(&order.preamble)
                    .bind(&order.closing)
                    .bind(order.date)
                    .bind(order.signer.official.map(|s| s.0))
                    .bind(&order.signer.name)
                    .bind(&order.signer.rank)
                    .bind(&order.signer.position)
                    .execute(c)
                    .await
                    .map(|r| r.rows_affected())
                })?;
                write_parts(tx, &stored).await
            },
        )
        .await
    }

    /// Deletes the order with its committees and assignments.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the agency has no such order.
    pub async fn delete_order(
        &self,
        actor: Actor,
        agency: AgencyId,
        id: OrderId,
    ) -> StoreResult<()> {
        self.audited_delete::<Order>(actor, (agency, id), async |tx| {
            delete_parts(tx, agency, id).await?;
            on_conn!(tx.conn(), |c| {
                sqlx::query("DELETE FROM orders WHERE agency_id = $1 AND id = $2")
                    .bind(agency.0)
                    .bind(id.0)
                    .execute(c)
                    .await
                    .map(|r| r.rows_affected())
            })?;
            Ok(())
        })
        .await
    }
}
