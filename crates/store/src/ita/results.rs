//! ITA results, one per agency, fiscal year and source. A tenant table keyed by
//! (agency_id, fiscal_year, source). The input is stored as the JSON the user
//! entered; scores are computed from it whenever they are shown.

use prongsai_core::model::{AgencyId, ItaResult, ResultSource};
use uuid::Uuid;

use crate::audited::{AuditKey, Entity};
use crate::dialect::Lock;
use crate::pool::{Conn, on_conn};
use crate::rows::{parse_code, parse_json, to_json};
use crate::{Actor, Store, StoreResult};

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

/// A result, and its analysis, named by fiscal year and source.
impl AuditKey for (AgencyId, i32, ResultSource) {
    fn agency(&self) -> Option<AgencyId> {
        Some(self.0)
    }

    fn entity_id(&self) -> String {
        entity_id(self.1, self.2)
    }
}

impl Entity for ItaResult {
    const NAME: &'static str = "ita_result";
    type Key = (AgencyId, i32, ResultSource);

    fn key(&self) -> Self::Key {
        (self.agency_id, self.fiscal_year, self.source)
    }

    async fn fetch(conn: Conn<'_>, key: &Self::Key, lock: Lock) -> StoreResult<Option<Self>> {
        let (agency, year, source) = *key;
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
        ItaResult::fetch(
            self.lease().await?.conn(),
            &(agency, year, source),
            Lock::None,
        )
        .await
    }

    /// Creates or replaces the result for (agency, fiscal year, source); the
    /// audit row says which.
    ///
    /// # Errors
    /// [`StoreError::Invalid`] when the agency does not exist.
    pub async fn save_ita_result(&self, actor: Actor, r: &ItaResult) -> StoreResult<()> {
        self.audited_save(
            actor,
            r,
            async |tx| insert(tx.conn(), r).await,
            async |tx| {
                let input = to_json(&r.input)?;
                Ok(on_conn!(tx.conn(), |c| {
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
                })?)
            },
        )
        .await
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
        self.audited_delete::<ItaResult>(actor, (agency, year, source), async |tx| {
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
            Ok(())
        })
        .await
    }
}
