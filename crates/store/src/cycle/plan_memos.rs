//! The memo (บันทึกข้อความ) that sends a fiscal year's plan to the departments,
//! one per agency and fiscal year. Its fields are kept as JSON text; the key
//! columns are the authority on whose memo of which year it is.

use prongsai_core::measures::PlanMemo;
use prongsai_core::model::AgencyId;
use serde_json::Value;
use uuid::Uuid;

use crate::audit::Audited;
use crate::audited::Entity;
use crate::cycle;
use crate::dialect::Lock;
use crate::pool::{Conn, on_conn};
use crate::rows::{parse_json, to_json};
use crate::{Actor, Store, StoreResult};

/// The columns of [`MemoRow`], for every SELECT of the table.
macro_rules! select_memo {
    () => {
        "SELECT agency_id, fiscal_year, memo_json FROM plan_memos"
    };
}

const BY_KEY: &str = concat!(select_memo!(), " WHERE agency_id = $1 AND fiscal_year = $2");

#[derive(sqlx::FromRow)]
struct MemoRow {
    agency_id: Uuid,
    fiscal_year: i32,
    memo_json: String,
}

impl MemoRow {
    fn into_memo(self) -> StoreResult<PlanMemo> {
        let memo: PlanMemo = parse_json("plan memo", &self.memo_json)?;
        Ok(PlanMemo {
            agency_id: AgencyId(self.agency_id),
            fiscal_year: self.fiscal_year,
            ..memo
        })
    }
}

impl Audited for PlanMemo {
    fn audit_image(&self) -> StoreResult<Value> {
        cycle::image(self)
    }
}

impl Entity for PlanMemo {
    const NAME: &'static str = "plan_memo";
    type Key = (AgencyId, i32);

    fn key(&self) -> Self::Key {
        (self.agency_id, self.fiscal_year)
    }

    async fn fetch(conn: Conn<'_>, key: &Self::Key, lock: Lock) -> StoreResult<Option<Self>> {
        let (agency, year) = *key;
        let sql = conn.backend().locked(BY_KEY, lock);
        let row: Option<MemoRow> = on_conn!(conn, |c| {
            sqlx::query_as(&sql)
                .bind(agency.0)
                .bind(year)
                .fetch_optional(c)
                .await
        })?;
        row.map(MemoRow::into_memo).transpose()
    }
}

/// Writes one memo verbatim (save and import) unless its key is taken; returns
/// whether it did, so a save that lost a race becomes an update.
pub(crate) async fn insert(conn: Conn<'_>, m: &PlanMemo) -> StoreResult<bool> {
    let memo = to_json(m)?;
    let inserted = on_conn!(conn, |c| {
        sqlx::query(
            "INSERT INTO plan_memos (agency_id, fiscal_year, memo_json) VALUES ($1, $2, $3) \
             ON CONFLICT (agency_id, fiscal_year) DO NOTHING",
        )
        .bind(m.agency_id.0)
        .bind(m.fiscal_year)
        .bind(&memo)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(inserted == 1)
}

/// Every memo of one agency by fiscal year, for export.
pub(crate) async fn all_of(conn: Conn<'_>, agency: AgencyId) -> StoreResult<Vec<PlanMemo>> {
    let rows: Vec<MemoRow> = on_conn!(conn, |c| {
        sqlx::query_as(concat!(
            select_memo!(),
            " WHERE agency_id = $1 ORDER BY fiscal_year"
        ))
        .bind(agency.0)
        .fetch_all(c)
        .await
    })?;
    rows.into_iter().map(MemoRow::into_memo).collect()
}

impl Store {
    /// The memo of one fiscal year's plan, if one was saved.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn get_plan_memo(
        &self,
        agency: AgencyId,
        year: i32,
    ) -> StoreResult<Option<PlanMemo>> {
        PlanMemo::fetch(self.lease().await?.conn(), &(agency, year), Lock::None).await
    }

    /// Creates or replaces the memo of (agency, fiscal year); the audit row says
    /// which.
    ///
    /// # Errors
    /// [`StoreError::Invalid`] when the agency does not exist.
    pub async fn save_plan_memo(&self, actor: Actor, memo: &PlanMemo) -> StoreResult<()> {
        let (agency, year) = (memo.agency_id, memo.fiscal_year);
        self.audited_save(
            actor,
            memo,
            async |tx| insert(tx.conn(), memo).await,
            async |tx| {
                let text = to_json(memo)?;
                Ok(on_conn!(tx.conn(), |c| {
                    sqlx::query(
                        "UPDATE plan_memos SET memo_json = $3 \
                     WHERE agency_id = $1 AND fiscal_year = $2",
                    )
                    .bind(agency.0)
                    .bind(year)
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
