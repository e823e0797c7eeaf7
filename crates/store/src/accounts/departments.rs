//! Departments (สำนัก/กอง/ส่วน) of an agency. A tenant table: every query names
//! the agency, so another agency's department is simply not found.

use prongsai_core::model::{AgencyId, Department, DepartmentId};
use uuid::Uuid;

use crate::audited::Entity;
use crate::dialect::Lock;
use crate::pool::{Conn, on_conn};
use crate::{Actor, Store, StoreError, StoreResult};

/// The columns of [`DepartmentRow`], for every SELECT of the table.
macro_rules! select_department {
    () => {
        "SELECT agency_id, id, name, sort_order FROM departments"
    };
}

const BY_ID: &str = concat!(select_department!(), " WHERE agency_id = $1 AND id = $2");

#[derive(sqlx::FromRow)]
struct DepartmentRow {
    agency_id: Uuid,
    id: Uuid,
    name: String,
    sort_order: i32,
}

impl From<DepartmentRow> for Department {
    fn from(row: DepartmentRow) -> Self {
        Self {
            agency_id: AgencyId(row.agency_id),
            id: DepartmentId(row.id),
            name: row.name,
            sort_order: row.sort_order,
        }
    }
}

impl Entity for Department {
    const NAME: &'static str = "department";
    type Key = (AgencyId, DepartmentId);

    fn key(&self) -> Self::Key {
        (self.agency_id, self.id)
    }

    async fn fetch(conn: Conn<'_>, key: &Self::Key, lock: Lock) -> StoreResult<Option<Self>> {
        let sql = conn.backend().locked(BY_ID, lock);
        let row: Option<DepartmentRow> = on_conn!(conn, |c| {
            sqlx::query_as(&sql)
                .bind(key.0.0)
                .bind(key.1.0)
                .fetch_optional(c)
                .await
        })?;
        Ok(row.map(Department::from))
    }
}

/// Writes one department verbatim (create and import).
pub(crate) async fn insert(conn: Conn<'_>, d: &Department) -> StoreResult<()> {
    on_conn!(conn, |c| {
        sqlx::query(
            "INSERT INTO departments (agency_id, id, name, sort_order) VALUES ($1, $2, $3, $4)",
        )
        .bind(d.agency_id.0)
        .bind(d.id.0)
        .bind(&d.name)
        .bind(d.sort_order)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Every department of one agency by id, for export.
pub(crate) async fn all_of(conn: Conn<'_>, agency: AgencyId) -> StoreResult<Vec<Department>> {
    let rows: Vec<DepartmentRow> = on_conn!(conn, |c| {
        sqlx::query_as(concat!(
            select_department!(),
            " WHERE agency_id = $1 ORDER BY id"
        ))
        .bind(agency.0)
        .fetch_all(c)
        .await
    })?;
    Ok(rows.into_iter().map(Department::from).collect())
}

/// Whether any row of `table` (officials, users, measure owners, action plan
/// projects, memos, cases or OIT checklist entries) refers to the department.
async fn referenced_by(
    conn: Conn<'_>,
    table: Referrer,
    agency: AgencyId,
    id: DepartmentId,
) -> StoreResult<bool> {
    let sql = match table {
        Referrer::Officials => {
            "SELECT 1 FROM officials WHERE agency_id = $1 AND department_id = $2 LIMIT 1"
        }
        Referrer::Users => {
            "SELECT 1 FROM users WHERE agency_id = $1 AND department_id = $2 LIMIT 1"
        }
        Referrer::Measures => {
            "SELECT 1 FROM measure_owner_departments \
             WHERE agency_id = $1 AND department_id = $2 LIMIT 1"
        }
        Referrer::ActionPlanProjects => {
            "SELECT 1 FROM action_plan_projects \
             WHERE agency_id = $1 AND owner_department_id = $2 LIMIT 1"
        }
        Referrer::Memos => {
            "SELECT 1 FROM memos WHERE agency_id = $1 AND department_id = $2 LIMIT 1"
        }
        Referrer::Cases => {
            "SELECT 1 FROM cases WHERE agency_id = $1 AND department_id = $2 LIMIT 1"
        }
        Referrer::DisclosureEntries => {
            "SELECT 1 FROM disclosure_entries WHERE agency_id = $1 AND department_id = $2 LIMIT 1"
        }
    };
    let found: Option<i32> = on_conn!(conn, |c| {
        sqlx::query_scalar(sql)
            .bind(agency.0)
            .bind(id.0)
            .fetch_optional(c)
            .await
    })?;
    Ok(found.is_some())
}

/// The tables whose rows may point at a department.
#[derive(Clone, Copy)]
enum Referrer {
    Officials,
    Users,
    Measures,
    ActionPlanProjects,
    Memos,
    Cases,
    DisclosureEntries,
}

impl Store {
    /// One agency's departments in list order: `sort_order`, then name, then id.
    ///
    /// # Errors
    /// Database errors.
    pub async fn list_departments(&self, agency: AgencyId) -> StoreResult<Vec<Department>> {
        let mut lease = self.lease().await?;
        let rows: Vec<DepartmentRow> = on_conn!(lease.conn(), |c| {
            sqlx::query_as(concat!(
                select_department!(),
                " WHERE agency_id = $1 ORDER BY sort_order, name, id"
            ))
            .bind(agency.0)
            .fetch_all(c)
            .await
        })?;
        Ok(rows.into_iter().map(Department::from).collect())
    }

    /// `None` also when the department belongs to another agency.
    ///
    /// # Errors
    /// Database errors.
    pub async fn get_department(
        &self,
        agency: AgencyId,
        id: DepartmentId,
    ) -> StoreResult<Option<Department>> {
        Department::fetch(self.lease().await?.conn(), &(agency, id), Lock::None).await
    }

    /// # Errors
    /// [`StoreError::Conflict`] on `name` when the agency has a department of that
    /// name (or on `id`); [`StoreError::Invalid`] when the agency does not exist.
    pub async fn create_department(&self, actor: Actor, d: &Department) -> StoreResult<()> {
        self.audited_create(actor, d, async |tx| insert(tx.conn(), d).await)
            .await
    }

    /// # Errors
    /// [`StoreError::NotFound`] when the agency has no such department;
    /// [`StoreError::Conflict`] on `name`.
    pub async fn update_department(&self, actor: Actor, d: &Department) -> StoreResult<()> {
        self.audited_update(actor, d, async |tx| {
            Ok(on_conn!(tx.conn(), |c| {
                sqlx::query(
                    "UPDATE departments SET name = $3, sort_order = $4 \
                 WHERE agency_id = $1 AND id = $2",
                )
                .bind(d.agency_id.0)
                .bind(d.id.0)
                .bind(&d.name)
                .bind(d.sort_order)
                .execute(c)
                .await
                .map(|r| r.rows_affected())
            })?)
        })
        .await
    }

    /// # Errors
    /// [`StoreError::NotFound`] when the agency has no such department;
    /// [`StoreError::InUse`] (`officials`, `users`, `measures`, `action plan
    /// projects`, `memos`, `cases` or `disclosure entries`) while anything refers to it.
    pub async fn delete_department(
        &self,
        actor: Actor,
        agency: AgencyId,
        id: DepartmentId,
    ) -> StoreResult<()> {
        // The lock the helper takes makes the reference checks below race-free:
        // a concurrent insert pointing at this department waits for our commit.
        self.audited_delete::<Department>(actor, (agency, id), async |tx| {
            for (referrer, by) in [
                (Referrer::Officials, "officials"),
                (Referrer::Users, "users"),
                (Referrer::Measures, "measures"),
                (Referrer::ActionPlanProjects, "action plan projects"),
                (Referrer::Memos, "memos"),
                (Referrer::Cases, "cases"),
                (Referrer::DisclosureEntries, "disclosure entries"),
            ] {
                if referenced_by(tx.conn(), referrer, agency, id).await? {
                    return Err(StoreError::InUse { by: by.to_owned() });
                }
            }
            on_conn!(tx.conn(), |c| {
                sqlx::query("DELETE FROM departments WHERE agency_id = $1 AND id = $2")
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
