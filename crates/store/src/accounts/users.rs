//! User accounts. Not a tenant table: a national supervisor has no agency, and a
//! login looks a user up by username alone. Usernames are unique across the
//! installation and stored trimmed and lower-case, so lookups ignore case without
//! relying on either backend's collation. A user never moves between agencies.

use prongsai_core::model::{AgencyId, DepartmentId, Role, User, UserId};
use serde_json::Value;
use uuid::Uuid;

use crate::audit;
use crate::audited::Entity;
use crate::dialect::Lock;
use crate::pool::{Conn, on_conn};
use crate::rows::parse_code;
use crate::{Actor, Store, StoreResult};

/// The form a username is stored and compared in.
pub(crate) fn normalize_username(username: &str) -> String {
    username.trim().to_lowercase()
}

/// The columns of [`UserRow`], for every SELECT of the table.
macro_rules! select_user {
    () => {
        "SELECT id, agency_id, username, display_name, role, department_id, \
         supervised_province, password_hash, active FROM users"
    };
}

const BY_ID: &str = concat!(select_user!(), " WHERE id = $1");

#[derive(sqlx::FromRow)]
struct UserRow {
    id: Uuid,
    agency_id: Option<Uuid>,
    username: String,
    display_name: String,
    role: String,
    department_id: Option<Uuid>,
    supervised_province: Option<String>,
    password_hash: String,
    active: bool,
}

impl UserRow {
    fn into_user(self) -> StoreResult<User> {
        Ok(User {
            id: UserId(self.id),
            agency_id: self.agency_id.map(AgencyId),
            username: self.username,
            display_name: self.display_name,
            role: parse_code("role", &self.role, Role::from_code)?,
            department_id: self.department_id.map(DepartmentId),
            supervised_province: self.supervised_province,
            password_hash: self.password_hash,
            active: self.active,
        })
    }
}

async fn fetch(conn: Conn<'_>, id: UserId, lock: Lock) -> StoreResult<Option<User>> {
    let sql = conn.backend().locked(BY_ID, lock);
    let row: Option<UserRow> = on_conn!(conn, |c| sqlx::query_as(&sql)
        .bind(id.0)
        .fetch_optional(c)
        .await)?;
    row.map(UserRow::into_user).transpose()
}

impl Entity for User {
    const NAME: &'static str = "user";
    /// The agency is part of the key so that another agency's user is not found.
    type Key = (Option<AgencyId>, UserId);

    fn key(&self) -> Self::Key {
        (self.agency_id, self.id)
    }

    async fn fetch(conn: Conn<'_>, key: &Self::Key, lock: Lock) -> StoreResult<Option<Self>> {
        Ok(fetch(conn, key.1, lock)
            .await?
            .filter(|user| user.agency_id == key.0))
    }

    fn update_images(before: &Self, after: &Self) -> StoreResult<(Value, Value)> {
        audit::user_update_images(before, after)
    }
}

/// Writes one user verbatim (create, after normalising, and import).
pub(crate) async fn insert(conn: Conn<'_>, u: &User) -> StoreResult<()> {
    on_conn!(conn, |c| {
        sqlx::query(
            "INSERT INTO users (id, agency_id, username, display_name, role, department_id, \
             supervised_province, password_hash, active) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(u.id.0)
        .bind(u.agency_id.map(|a| a.0))
        .bind(&u.username)
        .bind(&u.display_name)
        .bind(u.role.code())
        .bind(u.department_id.map(|d| d.0))
        .bind(&u.supervised_province)
        .bind(&u.password_hash)
        .bind(u.active)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Every user of one agency by id, for export.
pub(crate) async fn all_of(conn: Conn<'_>, agency: AgencyId) -> StoreResult<Vec<User>> {
    let rows: Vec<UserRow> = on_conn!(conn, |c| {
        sqlx::query_as(concat!(select_user!(), " WHERE agency_id = $1 ORDER BY id"))
            .bind(agency.0)
            .fetch_all(c)
            .await
    })?;
    rows.into_iter().map(UserRow::into_user).collect()
}

impl Store {
    /// One agency's users by username.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn list_users(&self, agency: AgencyId) -> StoreResult<Vec<User>> {
        let mut lease = self.lease().await?;
        let rows: Vec<UserRow> = on_conn!(lease.conn(), |c| {
            sqlx::query_as(concat!(
                select_user!(),
                " WHERE agency_id = $1 ORDER BY username"
            ))
            .bind(agency.0)
            .fetch_all(c)
            .await
        })?;
        rows.into_iter().map(UserRow::into_user).collect()
    }

    /// By id alone (sessions know only the user id); callers check the agency.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn get_user(&self, id: UserId) -> StoreResult<Option<User>> {
        fetch(self.lease().await?.conn(), id, Lock::None).await
    }

    /// Case-insensitive, ignoring surrounding spaces.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn find_user_by_username(&self, username: &str) -> StoreResult<Option<User>> {
        let username = normalize_username(username);
        let mut lease = self.lease().await?;
        let row: Option<UserRow> = on_conn!(lease.conn(), |c| {
            sqlx::query_as(concat!(select_user!(), " WHERE username = $1"))
                .bind(&username)
                .fetch_optional(c)
                .await
        })?;
        row.map(UserRow::into_user).transpose()
    }

    /// Stores the username trimmed and lower-case.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] on `username` (in any case) or `id`;
    /// [`StoreError::Invalid`] when the agency or department does not exist, or a
    /// department is given without an agency.
    pub async fn create_user(&self, actor: Actor, u: &User) -> StoreResult<()> {
        let user = User {
            username: normalize_username(&u.username),
            ..u.clone()
        };
        self.audited_create(actor, &user, async |tx| insert(tx.conn(), &user).await)
            .await
    }

    /// Stores the username trimmed and lower-case.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when no user has this id within `u.agency_id` (a
    /// user cannot be moved to another agency); [`StoreError::Conflict`] on
    /// `username`; [`StoreError::Invalid`] for a department not of the agency.
    pub async fn update_user(&self, actor: Actor, u: &User) -> StoreResult<()> {
        let user = User {
            username: normalize_username(&u.username),
            ..u.clone()
        };
        self.audited_update(actor, &user, async |tx| {
            Ok(on_conn!(tx.conn(), |c| {
                sqlx::query(
                    "UPDATE users SET username = $2, display_name = $3, role = $4, \
                 department_id = $5, supervised_province = $6, password_hash = $7, active = $8 \
                 WHERE id = $1",
                )
                .bind(user.id.0)
                .bind(&user.username)
                .bind(&user.display_name)
                .bind(user.role.code())
                .bind(user.department_id.map(|d| d.0))
                .bind(&user.supervised_province)
                .bind(&user.password_hash)
                .bind(user.active)
                .execute(c)
                .await
                .map(|r| r.rows_affected())
            })?)
        })
        .await
    }
}
