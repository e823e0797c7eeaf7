//! Agencies, the tenants. Not a tenant table itself: its `id` is what every tenant
//! row's `agency_id` refers to. Agencies are never deleted; their history is the
//! point of the system.

use prongsai_core::model::{Agency, AgencyId, AgencyKind, Logo};
use uuid::Uuid;

use crate::audited::Entity;
use crate::dialect::Lock;
use crate::pool::{Conn, on_conn};
use crate::rows::parse_code;
use crate::{Actor, Store, StoreError, StoreResult};

/// The columns of [`AgencyRow`], for every SELECT of the table.
macro_rules! select_agency {
    () => {
        "SELECT id, code, kind, name, district, province, website, thai_digits, \
         logo_content_type, logo_bytes FROM agencies"
    };
}

const BY_ID: &str = concat!(select_agency!(), " WHERE id = $1");

#[derive(sqlx::FromRow)]
struct AgencyRow {
    id: Uuid,
    code: String,
    kind: String,
    name: String,
    district: String,
    province: String,
    website: Option<String>,
    thai_digits: bool,
    logo_content_type: Option<String>,
    logo_bytes: Option<Vec<u8>>,
}

impl AgencyRow {
    fn into_agency(self) -> StoreResult<Agency> {
        let logo = match (self.logo_content_type, self.logo_bytes) {
            (Some(content_type), Some(bytes)) => Some(Logo {
                content_type,
                bytes,
            }),
            (None, None) => None,
            _ => return Err(StoreError::Invalid("agency logo half stored".to_owned())),
        };
        Ok(Agency {
            id: AgencyId(self.id),
            code: self.code,
            kind: parse_code("agency kind", &self.kind, AgencyKind::from_code)?,
            name: self.name,
            district: self.district,
            province: self.province,
            website: self.website,
            thai_digits: self.thai_digits,
            logo,
        })
    }
}

pub(crate) async fn fetch(conn: Conn<'_>, id: AgencyId, lock: Lock) -> StoreResult<Option<Agency>> {
    let sql = conn.backend().locked(BY_ID, lock);
    let row: Option<AgencyRow> = on_conn!(conn, |c| {
        sqlx::query_as(&sql).bind(id.0).fetch_optional(c).await
    })?;
    row.map(AgencyRow::into_agency).transpose()
}

impl Entity for Agency {
    const NAME: &'static str = "agency";
    type Key = AgencyId;

    fn key(&self) -> Self::Key {
        self.id
    }

    async fn fetch(conn: Conn<'_>, key: &Self::Key, lock: Lock) -> StoreResult<Option<Self>> {
        fetch(conn, *key, lock).await
    }
}

/// Writes one agency verbatim (create and import).
pub(crate) async fn insert(conn: Conn<'_>, a: &Agency) -> StoreResult<()> {
    on_conn!(conn, |c| {
        sqlx::query(
            "INSERT INTO agencies (id, code, kind, name, district, province, website, \
             thai_digits, logo_content_type, logo_bytes) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(a.id.0)
        .bind(&a.code)
        .bind(a.kind.code())
        .bind(&a.name)
        .bind(&a.district)
        .bind(&a.province)
        .bind(&a.website)
        .bind(a.thai_digits)
        .bind(a.logo.as_ref().map(|l| l.content_type.as_str()))
        .bind(a.logo.as_ref().map(|l| l.bytes.as_slice()))
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

impl Store {
    /// Every agency, by code.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn list_agencies(&self) -> StoreResult<Vec<Agency>> {
        let mut lease = self.lease().await?;
        let rows: Vec<AgencyRow> = on_conn!(lease.conn(), |c| {
            sqlx::query_as(concat!(select_agency!(), " ORDER BY code"))
                .fetch_all(c)
                .await
        })?;
        rows.into_iter().map(AgencyRow::into_agency).collect()
    }

    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn get_agency(&self, id: AgencyId) -> StoreResult<Option<Agency>> {
        fetch(self.lease().await?.conn(), id, Lock::None).await
    }

    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn find_agency_by_code(&self, code: &str) -> StoreResult<Option<Agency>> {
        let mut lease = self.lease().await?;
        let row: Option<AgencyRow> = on_conn!(lease.conn(), |c| {
            sqlx::query_as(concat!(select_agency!(), " WHERE code = $1"))
                .bind(code)
                .fetch_optional(c)
                .await
        })?;
        row.map(AgencyRow::into_agency).transpose()
    }

    /// # Errors
    /// [`StoreError::Conflict`] on `id` or `code` when taken.
    pub async fn create_agency(&self, actor: Actor, agency: &Agency) -> StoreResult<()> {
        self.audited_create(actor, agency, async |tx| insert(tx.conn(), agency).await)
            .await
    }

    /// # Errors
    /// [`StoreError::NotFound`] when no agency has this id; [`StoreError::Conflict`]
    /// on `code` when another agency has it.
    pub async fn update_agency(&self, actor: Actor, agency: &Agency) -> StoreResult<()> {
        self.audited_update(actor, agency, async |tx| {
            Ok(on_conn!(tx.conn(), |c| {
                sqlx::query(
                    "UPDATE agencies SET code = $2, kind = $3, name = $4, district = $5, \
                 province = $6, website = $7, thai_digits = $8, logo_content_type = $9, \
                 logo_bytes = $10 WHERE id = $1",
                )
                .bind(agency.id.0)
                .bind(&agency.code)
                .bind(agency.kind.code())
                .bind(&agency.name)
                .bind(&agency.district)
                .bind(&agency.province)
                .bind(&agency.website)
                .bind(agency.thai_digits)
                .bind(agency.logo.as_ref().map(|l| l.content_type.as_str()))
                .bind(agency.logo.as_ref().map(|l| l.bytes.as_slice()))
                .execute(c)
                .await
                .map(|r| r.rows_affected())
            })?)
        })
        .await
    }
}
