//! Framework documents an agency imported or derived, one per fiscal year. A
//! tenant table keyed by (agency_id, fiscal_year). The document is kept as JSON
//! text exactly as given; the store does not interpret it.

use prongsai_core::model::AgencyId;
use uuid::Uuid;

use crate::audited::Entity;
use crate::dialect::Lock;
use crate::pool::{Conn, on_conn};
use crate::rows::{parse_json, to_json};
use crate::{Actor, Store, StoreResult, StoredFramework};

/// The columns of [`FrameworkRow`], for every SELECT of the table.
macro_rules! select_framework {
    () => {
        "SELECT agency_id, fiscal_year, document_json FROM frameworks"
    };
}

const BY_KEY: &str = concat!(
    select_framework!(),
    " WHERE agency_id = $1 AND fiscal_year = $2"
);

#[derive(sqlx::FromRow)]
struct FrameworkRow {
    agency_id: Uuid,
    fiscal_year: i32,
    document_json: String,
}

impl FrameworkRow {
    fn into_framework(self) -> StoreResult<StoredFramework> {
        Ok(StoredFramework {
            agency_id: AgencyId(self.agency_id),
            fiscal_year: self.fiscal_year,
            document: parse_json("framework", &self.document_json)?,
        })
    }
}

impl Entity for StoredFramework {
    const NAME: &'static str = "framework";
    type Key = (AgencyId, i32);

    fn key(&self) -> Self::Key {
        (self.agency_id, self.fiscal_year)
    }

    async fn fetch(conn: Conn<'_>, key: &Self::Key, lock: Lock) -> StoreResult<Option<Self>> {
        let (agency, year) = *key;
        let sql = conn.backend().locked(BY_KEY, lock);
        let row: Option<FrameworkRow> = on_conn!(conn, |c| {
            sqlx::query_as(&sql)
                .bind(agency.0)
                .bind(year)
                .fetch_optional(c)
                .await
        })?;
        row.map(FrameworkRow::into_framework).transpose()
    }
}

/// Writes one framework verbatim (save and import) unless its key is taken;
/// returns whether it did, so a save that lost a race becomes an update.
pub(crate) async fn insert(conn: Conn<'_>, f: &StoredFramework) -> StoreResult<bool> {
    let document = to_json(&f.document)?;
    let inserted = on_conn!(conn, |c| {
        sqlx::query(
            "INSERT INTO frameworks (agency_id, fiscal_year, document_json) VALUES ($1, $2, $3) \
             ON CONFLICT (agency_id, fiscal_year) DO NOTHING",
        )
        .bind(f.agency_id.0)
        .bind(f.fiscal_year)
        .bind(&document)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(inserted == 1)
}

/// One agency's frameworks by fiscal year: list order and export order.
pub(crate) async fn all_of(conn: Conn<'_>, agency: AgencyId) -> StoreResult<Vec<StoredFramework>> {
    let rows: Vec<FrameworkRow> = on_conn!(conn, |c| {
        sqlx::query_as(concat!(
            select_framework!(),
            " WHERE agency_id = $1 ORDER BY fiscal_year"
        ))
        .bind(agency.0)
        .fetch_all(c)
        .await
    })?;
    rows.into_iter().map(FrameworkRow::into_framework).collect()
}

impl Store {
    /// One agency's frameworks by fiscal year.
    ///
    /// # Errors
    /// Database errors, or a stored document that is not JSON.
    pub async fn list_frameworks(&self, agency: AgencyId) -> StoreResult<Vec<StoredFramework>> {
        all_of(self.lease().await?.conn(), agency).await
    }

    /// The agency's framework for one fiscal year.
    ///
    /// # Errors
    /// Database errors, or a stored document that is not JSON.
    pub async fn get_framework(
        &self,
        agency: AgencyId,
        year: i32,
    ) -> StoreResult<Option<StoredFramework>> {
        StoredFramework::fetch(self.lease().await?.conn(), &(agency, year), Lock::None).await
    }

    /// Creates or replaces the agency's framework for the fiscal year; the audit
    /// row says which.
    ///
    /// # Errors
    /// [`StoreError::Invalid`] when the agency does not exist.
    pub async fn save_framework(&self, actor: Actor, f: &StoredFramework) -> StoreResult<()> {
        self.audited_save(
            actor,
            f,
            async |tx| insert(tx.conn(), f).await,
            async |tx| {
                let document = to_json(&f.document)?;
                Ok(on_conn!(tx.conn(), |c| {
                    sqlx::query(
                        "UPDATE frameworks SET document_json = $3 \
                     WHERE agency_id = $1 AND fiscal_year = $2",
                    )
                    .bind(f.agency_id.0)
                    .bind(f.fiscal_year)
                    .bind(&document)
                    .execute(c)
                    .await
                    .map(|r| r.rows_affected())
                })?)
            },
        )
        .await
    }
}
