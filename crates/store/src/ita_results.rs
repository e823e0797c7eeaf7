//! ITA results, one per agency, fiscal year and source. A tenant table keyed by
//! (agency_id, fiscal_year, source). The input is stored as the JSON the user
//! entered; scores are computed from it whenever they are shown.

use prongsai_core::model::{AgencyId, ItaResult, ResultSource};
use uuid::Uuid;

use crate::audit::{self, Audited as _, Change};
use crate::dialect::Lock;
use crate::pool::{Conn, on_conn};
use crate::rows::{parse_code, parse_json, to_json};
use crate::{Actor, Store, StoreError, StoreResult};

const ENTITY: &str = "ita_result";

/// The columns of [`ItaResultRow`], for every SELECT of the table.
macro_rules! select_result {
    () => {
        "SELECT agency_id, fiscal_year, source, input_json, published_total, \
         published_rating, note FROM ita_results"
    };
}

const BY_KEY: &str = concat!(
    select_result!(),
    " WHERE agency_id = $1 AND fiscal_year = $2 AND source = $3"
);

#[derive(sqlx::FromRow)]
struct ItaResultRow {
    agency_id: Uuid,
    fiscal_year: i32,
    source: String,
    input_json: String,
    published_total: Option<f64>,
    published_rating: Option<String>,
    note: String,
}

impl ItaResultRow {
    fn into_result(self) -> StoreResult<ItaResult> {
        Ok(ItaResult {
            agency_id: AgencyId(self.agency_id),
            fiscal_year: self.fiscal_year,
            source: parse_code("result source", &self.source, ResultSource::from_code)?,
            input: parse_json("ITA input", &self.input_json)?,
            published_total: self.published_total,
            published_rating: self.published_rating,
            note: self.note,
        })
    }
}

/// How an ITA result, and its analysis, is named in the audit log: `2568/official`.
pub(crate) fn entity_id(year: i32, source: ResultSource) -> String {
    format!("{year}/{}", source.code())
}

async fn fetch(
    conn: Conn<'_>,
    agency: AgencyId,
    year: i32,
    source: ResultSource,
    lock: Lock,
) -> StoreResult<Option<ItaResult>> {
    let sql = conn.backend().locked(BY_KEY, lock);
    let row: Option<ItaResultRow> = on_conn!(conn, |c| {
        sqlx::query_as(&sql)
            .bind(agency.0)
            .bind(year)
            .bind(source.code())
            .fetch_optional(c)
            .await
    })?;
    row.map(ItaResultRow::into_result).transpose()
}

/// Writes one result verbatim (save and import) unless its key is taken; returns
/// whether it did. Not failing on the key lets a save that lost a race to a
/// concurrent save turn into an update instead of an error.
pub(crate) async fn insert(conn: Conn<'_>, r: &ItaResult) -> StoreResult<bool> {
    let input = to_json(&r.input)?;
    let inserted = on_conn!(conn, |c| {
        sqlx::query(
            "INSERT INTO ita_results (agency_id, fiscal_year, source, input_json, \
             published_total, published_rating, note) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (agency_id, fiscal_year, source) DO NOTHING",
        )
        .bind(r.agency_id.0)
        .bind(r.fiscal_year)
        .bind(r.source.code())
        .bind(&input)
        .bind(r.published_total)
        .bind(&r.published_rating)
        .bind(&r.note)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(inserted == 1)
}

/// One agency's results by fiscal year, then source: list order, and the key
/// order export uses.
pub(crate) async fn all_of(conn: Conn<'_>, agency: AgencyId) -> StoreResult<Vec<ItaResult>> {
    let rows: Vec<ItaResultRow> = on_conn!(conn, |c| {
        sqlx::query_as(concat!(
            select_result!(),
            " WHERE agency_id = $1 ORDER BY fiscal_year, source"
        ))
        .bind(agency.0)
        .fetch_all(c)
        .await
    })?;
    rows.into_iter().map(ItaResultRow::into_result).collect()
}

impl Store {
    /// One agency's results by fiscal year, then source.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn list_ita_results(&self, agency: AgencyId) -> StoreResult<Vec<ItaResult>> {
        all_of(self.lease().await?.conn(), agency).await
    }

    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn get_ita_result(
        &self,
        agency: AgencyId,
        year: i32,
        source: ResultSource,
    ) -> StoreResult<Option<ItaResult>> {
        fetch(self.lease().await?.conn(), agency, year, source, Lock::None).await
    }

    /// Creates or replaces the result for (agency, fiscal year, source); the
    /// audit row says which.
    ///
    /// # Errors
    /// [`StoreError::Invalid`] when the agency does not exist.
    pub async fn save_ita_result(&self, actor: Actor, r: &ItaResult) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let id = entity_id(r.fiscal_year, r.source);
        let found = fetch(
            tx.conn(),
            r.agency_id,
            r.fiscal_year,
            r.source,
            Lock::ForUpdate,
        )
        .await?;
        let change = if found.is_none() && insert(tx.conn(), r).await? {
            Change::create(ENTITY, Some(r.agency_id), id, r.audit_image()?)
        } else {
            // Present, or inserted by a concurrent save since we looked: read it
            // again (locked, now committed) as the before-image.
            let before = match found {
                Some(before) => before,
                None => fetch(
                    tx.conn(),
                    r.agency_id,
                    r.fiscal_year,
                    r.source,
                    Lock::ForUpdate,
                )
                .await?
                .ok_or(StoreError::NotFound)?,
            };
            let input = to_json(&r.input)?;
            on_conn!(tx.conn(), |c| {
                sqlx::query(
                    "UPDATE ita_results SET input_json = $4, published_total = $5, \
                     published_rating = $6, note = $7 \
                     WHERE agency_id = $1 AND fiscal_year = $2 AND source = $3",
                )
                .bind(r.agency_id.0)
                .bind(r.fiscal_year)
                .bind(r.source.code())
                .bind(&input)
                .bind(r.published_total)
                .bind(&r.published_rating)
                .bind(&r.note)
                .execute(c)
                .await
                .map(|r| r.rows_affected())
            })?;
            Change::update(
                ENTITY,
                Some(r.agency_id),
                id,
                before.audit_image()?,
                r.audit_image()?,
            )
        };
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await
    }

    /// # Errors
    /// [`StoreError::NotFound`] when the agency has no such result.
    pub async fn delete_ita_result(
        &self,
        actor: Actor,
        agency: AgencyId,
        year: i32,
        source: ResultSource,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let before = fetch(tx.conn(), agency, year, source, Lock::ForUpdate)
            .await?
            .ok_or(StoreError::NotFound)?;
        on_conn!(tx.conn(), |c| {
            sqlx::query(
                "DELETE FROM ita_results \
                 WHERE agency_id = $1 AND fiscal_year = $2 AND source = $3",
            )
            .bind(agency.0)
            .bind(year)
            .bind(source.code())
            .execute(c)
            .await
            .map(|r| r.rows_affected())
        })?;
        let change = Change::delete(
            ENTITY,
            Some(agency),
            entity_id(year, source),
            before.audit_image()?,
        );
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await
    }
}
