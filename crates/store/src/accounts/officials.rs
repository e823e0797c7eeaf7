//! Officials (บุคลากร) named in documents. A tenant table: every query names the
//! agency, and the composite foreign key (agency_id, department_id) stops an
//! official from pointing at another agency's department.

use prongsai_core::model::{AgencyId, DepartmentId, Official, OfficialId};
use uuid::Uuid;

use crate::audited::Entity;
use crate::dialect::Lock;
use crate::pool::{Conn, on_conn};
use crate::records::{memos, orders};
use crate::{Actor, Store, StoreError, StoreResult};

/// The columns of [`OfficialRow`], for every SELECT of the table.
macro_rules! select_official {
    () => {
        "SELECT agency_id, id, title, first_name, last_name, position, department_id \
         FROM officials"
    };
}

const BY_ID: &str = concat!(select_official!(), " WHERE agency_id = $1 AND id = $2");

#[derive(sqlx::FromRow)]
struct OfficialRow {
    agency_id: Uuid,
    id: Uuid,
    title: String,
    first_name: String,
    last_name: String,
    position: String,
    department_id: Option<Uuid>,
}

impl From<OfficialRow> for Official {
    fn from(row: OfficialRow) -> Self {
        Self {
            agency_id: AgencyId(row.agency_id),
            id: OfficialId(row.id),
            title: row.title,
            first_name: row.first_name,
            last_name: row.last_name,
            position: row.position,
            department_id: row.department_id.map(DepartmentId),
        }
    }
}

impl Entity for Official {
    const NAME: &'static str = "official";
    type Key = (AgencyId, OfficialId);

    fn key(&self) -> Self::Key {
        (self.agency_id, self.id)
    }

    async fn fetch(conn: Conn<'_>, key: &Self::Key, lock: Lock) -> StoreResult<Option<Self>> {
        let sql = conn.backend().locked(BY_ID, lock);
        let row: Option<OfficialRow> = on_conn!(conn, |c| {
            sqlx::query_as(&sql)
                .bind(key.0.0)
                .bind(key.1.0)
                .fetch_optional(c)
                .await
        })?;
        Ok(row.map(Official::from))
    }
}

/// Writes one official verbatim (create and import).
pub(crate) async fn insert(conn: Conn<'_>, o: &Official) -> StoreResult<()> {
    on_conn!(conn, |c| {
        sqlx::query(
            "INSERT INTO officials \
             (agency_id, id, title, first_name, last_name, position, department_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(o.agency_id.0)
        .bind(o.id.0)
        .bind(&o.title)
        .bind(&o.first_name)
        .bind(&o.last_name)
        .bind(&o.position)
        .bind(o.department_id.map(|d| d.0))
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Every official of one agency by id, for export.
pub(crate) async fn all_of(conn: Conn<'_>, agency: AgencyId) -> StoreResult<Vec<Official>> {
    let rows: Vec<OfficialRow> = on_conn!(conn, |c| {
        sqlx::query_as(concat!(
            select_official!(),
            " WHERE agency_id = $1 ORDER BY id"
        ))
        .bind(agency.0)
        .fetch_all(c)
        .await
    })?;
    Ok(rows.into_iter().map(Official::from).collect())
}

impl Store {
    /// One agency's officials by first name, then last name (Thai lists go by first
    /// name), then id; names compare by bytes, the same on both backends.
    ///
    /// # Errors
    /// Database errors.
    pub async fn list_officials(&self, agency: AgencyId) -> StoreResult<Vec<Official>> {
        let mut lease = self.lease().await?;
        let rows: Vec<OfficialRow> = on_conn!(lease.conn(), |c| {
            sqlx::query_as(concat!(
                select_official!(),
                " WHERE agency_id = $1 ORDER BY first_name, last_name, id"
            ))
            .bind(agency.0)
            .fetch_all(c)
            .await
        })?;
        Ok(rows.into_iter().map(Official::from).collect())
    }

    /// `None` also when the official belongs to another agency.
    ///
    /// # Errors
    /// Database errors.
    pub async fn get_official(
        &self,
        agency: AgencyId,
        id: OfficialId,
    ) -> StoreResult<Option<Official>> {
        Official::fetch(self.lease().await?.conn(), &(agency, id), Lock::None).await
    }

    /// # Errors
    /// [`StoreError::Invalid`] when the department is not one of the agency's;
    /// [`StoreError::Conflict`] on `id`.
    pub async fn create_official(&self, actor: Actor, o: &Official) -> StoreResult<()> {
        self.audited_create(actor, o, async |tx| insert(tx.conn(), o).await)
            .await
    }

    /// # Errors
    /// [`StoreError::NotFound`] when the agency has no such official;
    /// [`StoreError::Invalid`] when the department is not one of the agency's.
    pub async fn update_official(&self, actor: Actor, o: &Official) -> StoreResult<()> {
        self.audited_update(actor, o, async |tx| {
            Ok(on_conn!(tx.conn(), |c| {
                sqlx::query(
                    "UPDATE officials SET title = $3, first_name = $4, last_name = $5, \
                 position = $6, department_id = $7 WHERE agency_id = $1 AND id = $2",
                )
                .bind(o.agency_id.0)
                .bind(o.id.0)
                .bind(&o.title)
                .bind(&o.first_name)
                .bind(&o.last_name)
                .bind(&o.position)
                .bind(o.department_id.map(|d| d.0))
                .execute(c)
                .await
                .map(|r| r.rows_affected())
            })?)
        })
        .await
    }

    /// # Errors
    /// [`StoreError::NotFound`] when the agency has no such official;
    /// [`StoreError::InUse`] (`orders` or `memos`) while an order or a memo names
    /// it.
    pub async fn delete_official(
        &self,
        actor: Actor,
        agency: AgencyId,
        id: OfficialId,
    ) -> StoreResult<()> {
        // The lock the helper takes makes the reference checks below race-free:
        // a concurrent write naming this official waits for our commit.
        self.audited_delete::<Official>(actor, (agency, id), async |tx| {
            if orders::name_official(tx.conn(), agency, id).await? {
                return Err(StoreError::InUse {
                    by: "orders".to_owned(),
                });
            }
            if memos::name_official(tx.conn(), agency, id).await? {
                return Err(StoreError::InUse {
                    by: "memos".to_owned(),
                });
            }
            on_conn!(tx.conn(), |c| {
                sqlx::query("DELETE FROM officials WHERE agency_id = $1 AND id = $2")
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
