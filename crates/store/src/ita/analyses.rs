//! The edited ITA analysis text of a result, one per agency, fiscal year and
//! source. A tenant table keyed by (agency_id, fiscal_year, source), like
//! `ita_results` but not tied to it: the text outlives a result that is deleted
//! and entered again. Settings and text are kept as JSON text exactly as given;
//! the store does not interpret them.

use prongsai_core::model::{AgencyId, ResultSource};
use uuid::Uuid;

use crate::audited::Entity;
use crate::dialect::Lock;
use crate::pool::{Conn, on_conn};
use crate::rows::{parse_code, parse_json, to_json};
use crate::{Actor, Store, StoreResult, StoredAnalysis};

/// The columns of [`AnalysisRow`], for every SELECT of the table.
macro_rules! select_analysis {
    () => {
        "SELECT agency_id, fiscal_year, source, settings_json, text_json FROM analyses"
    };
}

const BY_KEY: &str = concat!(
    select_analysis!(),
    " WHERE agency_id = $1 AND fiscal_year = $2 AND source = $3"
);

#[derive(sqlx::FromRow)]
struct AnalysisRow {
    agency_id: Uuid,
    fiscal_year: i32,
    source: String,
    settings_json: String,
    text_json: String,
}

impl AnalysisRow {
    fn into_analysis(self) -> StoreResult<StoredAnalysis> {
        Ok(StoredAnalysis {
            agency_id: AgencyId(self.agency_id),
            fiscal_year: self.fiscal_year,
            source: parse_code("result source", &self.source, ResultSource::from_code)?,
            settings: parse_json("analysis settings", &self.settings_json)?,
            text: parse_json("analysis text", &self.text_json)?,
        })
    }
}

impl Entity for StoredAnalysis {
    const NAME: &'static str = "analysis";
    type Key = (AgencyId, i32, ResultSource);

    fn key(&self) -> Self::Key {
        (self.agency_id, self.fiscal_year, self.source)
    }

    async fn fetch(conn: Conn<'_>, key: &Self::Key, lock: Lock) -> StoreResult<Option<Self>> {
        let (agency, year, source) = *key;
        let sql = conn.backend().locked(BY_KEY, lock);
        let row: Option<AnalysisRow> = on_conn!(conn, |c| {
            sqlx::query_as(&sql)
                .bind(agency.0)
                .bind(year)
                .bind(source.code())
                .fetch_optional(c)
                .await
        })?;
        row.map(AnalysisRow::into_analysis).transpose()
    }
}

/// Writes one analysis verbatim (save and import) unless its key is taken;
/// returns whether it did, so a save that lost a race becomes an update.
pub(crate) async fn insert(conn: Conn<'_>, a: &StoredAnalysis) -> StoreResult<bool> {
    let settings = to_json(&a.settings)?;
    let text = to_json(&a.text)?;
    let inserted = on_conn!(conn, |c| {
        sqlx::query(
            "INSERT INTO analyses (agency_id, fiscal_year, source, settings_json, text_json) \
             VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (agency_id, fiscal_year, source) DO NOTHING",
        )
        .bind(a.agency_id.0)
        .bind(a.fiscal_year)
        .bind(a.source.code())
        .bind(&settings)
        .bind(&text)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(inserted == 1)
}

/// One agency's analyses by fiscal year, then source: list order and export order.
pub(crate) async fn all_of(conn: Conn<'_>, agency: AgencyId) -> StoreResult<Vec<StoredAnalysis>> {
    let rows: Vec<AnalysisRow> = on_conn!(conn, |c| {
        sqlx::query_as(concat!(
            select_analysis!(),
            " WHERE agency_id = $1 ORDER BY fiscal_year, source"
        ))
        .bind(agency.0)
        .fetch_all(c)
        .await
    })?;
    rows.into_iter().map(AnalysisRow::into_analysis).collect()
}

impl Store {
    /// One agency's analyses by fiscal year, then source.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn list_analyses(&self, agency: AgencyId) -> StoreResult<Vec<StoredAnalysis>> {
        all_of(self.lease().await?.conn(), agency).await
    }

    /// The agency's analysis of the result for one fiscal year and source.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn get_analysis(
        &self,
        agency: AgencyId,
        year: i32,
        source: ResultSource,
    ) -> StoreResult<Option<StoredAnalysis>> {
        StoredAnalysis::fetch(
            self.lease().await?.conn(),
            &(agency, year, source),
            Lock::None,
        )
        .await
    }

    /// Creates or replaces the analysis for (agency, fiscal year, source); the
    /// audit row says which.
    ///
    /// # Errors
    /// [`StoreError::Invalid`] when the agency does not exist.
    pub async fn save_analysis(&self, actor: Actor, a: &StoredAnalysis) -> StoreResult<()> {
        self.audited_save(
            actor,
            a,
            async |tx| insert(tx.conn(), a).await,
            async |tx| {
                let settings = to_json(&a.settings)?;
                let text = to_json(&a.text)?;
                Ok(on_conn!(tx.conn(), |c| {
                    sqlx::query(
                        "UPDATE analyses SET settings_json = $4, text_json = $5 \
                     WHERE agency_id = $1 AND fiscal_year = $2 AND source = $3",
                    )
                    .bind(a.agency_id.0)
                    .bind(a.fiscal_year)
                    .bind(a.source.code())
                    .bind(&settings)
                    .bind(&text)
                    .execute(c)
                    .await
                    .map(|r| r.rows_affected())
                })?)
            },
        )
        .await
    }
}
