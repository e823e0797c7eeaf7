//! Memos (บันทึกข้อความ) of an agency and the acknowledgements people record on
//! them in the system.
//!
//! A memo's content and its acknowledgements change separately: a save never
//! touches the acknowledgements, and an acknowledgement neither changes the
//! memo's version (someone acknowledging must not make an editor's save stale)
//! nor repeats: the key (agency, memo, user) keeps one row per person, so a second
//! acknowledgement changes nothing. Acknowledgers are users of the agency.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, SubsecRound as _, Utc};
use prongsai_core::correspondence::{Memo, MemoAcknowledgement, Signer};
use prongsai_core::model::{AgencyId, DepartmentId, MemoId, OfficialId, UserId};
use serde_json::Value;
use uuid::Uuid;

use crate::audit::{self, Audited, Change};
use crate::audited::Entity;
use crate::cycle;
use crate::dialect::Lock;
use crate::pool::{Conn, Tx, on_conn};
use crate::versioned::{self, Versioned};
use crate::{Actor, Store, StoreError, StoreResult};

const ENTITY: &str = "memo";
const ACKNOWLEDGEMENT: &str = "memo_acknowledgement";

/// The columns of [`MemoRow`], for every SELECT of the table.
macro_rules! select_memo {
    () => {
        "SELECT agency_id, id, year, department_id, from_unit, number, date, subject, \
         addressees, body, signer_official_id, signer_name, signer_rank, signer_position, \
         version FROM memos"
    };
}

const BY_ID: &str = concat!(select_memo!(), " WHERE agency_id = $1 AND id = $2");

#[derive(sqlx::FromRow)]
struct MemoRow {
    agency_id: Uuid,
    id: Uuid,
    year: i32,
    department_id: Option<Uuid>,
    from_unit: String,
    number: String,
    date: Option<NaiveDate>,
    subject: String,
    addressees: String,
    body: String,
    signer_official_id: Option<Uuid>,
    signer_name: String,
    signer_rank: String,
    signer_position: String,
    version: i64,
}

impl MemoRow {
    fn into_memo(self, acknowledgements: Vec<MemoAcknowledgement>) -> Memo {
        Memo {
            id: MemoId(self.id),
            agency_id: AgencyId(self.agency_id),
            year: self.year,
            department: self.department_id.map(DepartmentId),
            from_unit: self.from_unit,
            number: self.number,
            date: self.date,
            subject: self.subject,
            to: self.addressees,
            body: self.body,
            signer: Signer {
                official: self.signer_official_id.map(OfficialId),
                name: self.signer_name,
                rank: self.signer_rank,
                position: self.signer_position,
            },
            acknowledgements,
            version: self.version,
        }
    }
}

#[derive(sqlx::FromRow)]
struct AcknowledgementRow {
    memo_id: Uuid,
    user_id: Uuid,
    name: String,
    position_text: String,
    at: DateTime<Utc>,
}

impl Audited for Memo {
    fn audit_image(&self) -> StoreResult<Value> {
        cycle::image(self)
    }
}

impl Audited for MemoAcknowledgement {
    fn audit_image(&self) -> StoreResult<Value> {
        cycle::image(self)
    }
}

/// The acknowledgements of the agency's memos, of one memo, of one year or all
/// (`None`s), keyed by memo id, each in the order they were made.
async fn acknowledgements_of(
    conn: Conn<'_>,
    agency: AgencyId,
    memo: Option<MemoId>,
    year: Option<i32>,
) -> StoreResult<HashMap<Uuid, Vec<MemoAcknowledgement>>> {
    let rows: Vec<AcknowledgementRow> = on_conn!(conn, |c| {
        sqlx::query_as(
            "SELECT a.memo_id, a.user_id, a.name, a.position_text, a.at \
             FROM memo_acknowledgements AS a \
             JOIN memos AS m ON m.agency_id = a.agency_id AND m.id = a.memo_id \
             WHERE a.agency_id = $1 AND ($2 IS NULL OR a.memo_id = $2) \
             AND ($3 IS NULL OR m.year = $3) ORDER BY a.memo_id, a.at, a.user_id",
        )
        .bind(agency.0)
        .bind(memo.map(|m| m.0))
        .bind(year)
        .fetch_all(c)
        .await
    })?;
    let mut of_memo = HashMap::<Uuid, Vec<MemoAcknowledgement>>::new();
    for row in rows {
        of_memo
            .entry(row.memo_id)
            .or_default()
            .push(MemoAcknowledgement {
                user_id: UserId(row.user_id),
                name: row.name,
                position: row.position_text,
                at: row.at,
            });
    }
    Ok(of_memo)
}

impl Entity for Memo {
    const NAME: &'static str = ENTITY;
    type Key = (AgencyId, MemoId);

    fn key(&self) -> Self::Key {
        (self.agency_id, self.id)
    }

    async fn fetch(mut conn: Conn<'_>, key: &Self::Key, lock: Lock) -> StoreResult<Option<Self>> {
        let (agency, id) = *key;
        let sql = conn.backend().locked(BY_ID, lock);
        let row: Option<MemoRow> = on_conn!(&mut conn, |c| {
            sqlx::query_as(&sql)
                .bind(agency.0)
                .bind(id.0)
                .fetch_optional(&mut **c)
                .await
        })?;
        let Some(row) = row else {
            return Ok(None);
        };
        let mut acknowledgements = acknowledgements_of(conn, agency, Some(id), None).await?;
        let of_memo = acknowledgements.remove(&row.id).unwrap_or_default();
        Ok(Some(row.into_memo(of_memo)))
    }
}

impl Versioned for Memo {
    fn version(&self) -> i64 {
        self.version
    }
}

/// Writes one memo verbatim, without its acknowledgements, unless its id is
/// taken; returns whether it did.
async fn insert_memo(conn: Conn<'_>, m: &Memo) -> StoreResult<bool> {
    let inserted = on_conn!(conn, |c| {
        sqlx::query(
            "INSERT INTO memos (agency_id, id, year, department_id, from_unit, number, date, \
             subject, addressees, body, signer_official_id, signer_name, signer_rank, \
             signer_position, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
             ON CONFLICT (agency_id, id) DO NOTHING",
        )
        .bind(m.agency_id.0)
        .bind(m.id.0)
        .bind(m.year)
        .bind(m.department.map(|d| d.0))
        .bind(&m.from_unit)
        .bind(&m.number)
        .bind(m.date)
        .bind(&m.subject)
        .bind(&m.to)
        .bind(&m.body)
        .bind(m.signer.official.map(|s| s.0))
        .bind(&m.signer.name)
        .bind(&m.signer.rank)
        .bind(&m.signer.position)
        .bind(m.version)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(inserted == 1)
}

/// Records one acknowledgement unless the user already acknowledged the memo;
/// returns whether it did.
async fn insert_acknowledgement(
    conn: Conn<'_>,
    agency: AgencyId,
    memo: MemoId,
    ack: &MemoAcknowledgement,
) -> StoreResult<bool> {
    let inserted = on_conn!(conn, |c| {
        sqlx::query(
            "INSERT INTO memo_acknowledgements \
             (agency_id, memo_id, user_id, name, position_text, at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (agency_id, memo_id, user_id) DO NOTHING",
        )
        .bind(agency.0)
        .bind(memo.0)
        .bind(ack.user_id.0)
        .bind(&ack.name)
        .bind(&ack.position)
        .bind(ack.at)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(inserted == 1)
}

/// Writes one memo verbatim with its acknowledgements (import); returns whether
/// it did, `false` when the memo or one of its acknowledgements was already there.
pub(crate) async fn insert(tx: &mut Tx, m: &Memo) -> StoreResult<bool> {
    if !insert_memo(tx.conn(), m).await? {
        return Ok(false);
    }
    for ack in &m.acknowledgements {
        if !insert_acknowledgement(tx.conn(), m.agency_id, m.id, ack).await? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The agency's memos, of one year or all, by year, date (undated last), id.
async fn list(mut conn: Conn<'_>, agency: AgencyId, year: Option<i32>) -> StoreResult<Vec<Memo>> {
    let rows: Vec<MemoRow> = on_conn!(&mut conn, |c| {
        sqlx::query_as(concat!(
            select_memo!(),
            " WHERE agency_id = $1 AND ($2 IS NULL OR year = $2) \
             ORDER BY year, date NULLS LAST, id"
        ))
        .bind(agency.0)
        .bind(year)
        .fetch_all(&mut **c)
        .await
    })?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut acknowledgements = acknowledgements_of(conn, agency, None, year).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let of_memo = acknowledgements.remove(&row.id).unwrap_or_default();
            row.into_memo(of_memo)
        })
        .collect())
}

/// Every memo of one agency by id, for export.
pub(crate) async fn all_of(conn: Conn<'_>, agency: AgencyId) -> StoreResult<Vec<Memo>> {
    let mut memos = list(conn, agency, None).await?;
    memos.sort_by_key(|m| m.id);
    Ok(memos)
}

/// Whether a memo names the official as its signer.
pub(crate) async fn name_official(
    conn: Conn<'_>,
    agency: AgencyId,
    official: OfficialId,
) -> StoreResult<bool> {
    let found: Option<i32> = on_conn!(conn, |c| {
        sqlx::query_scalar(
            "SELECT 1 FROM memos WHERE agency_id = $1 AND signer_official_id = $2 LIMIT 1",
        )
        .bind(agency.0)
        .bind(official.0)
        .fetch_optional(c)
        .await
    })?;
    Ok(found.is_some())
}

impl Store {
    /// The agency's memos of `year` (พ.ศ.), or of every year, by year, then date
    /// (undated last), then id.
    ///
    /// # Errors
    /// Database errors.
    pub async fn list_memos(&self, agency: AgencyId, year: Option<i32>) -> StoreResult<Vec<Memo>> {
        list(self.lease().await?.conn(), agency, year).await
    }

    /// # Errors
    /// [`StoreError::NotFound`] when the agency has no such memo (another
    /// agency's included); database errors.
    pub async fn get_memo(&self, agency: AgencyId, id: MemoId) -> StoreResult<Memo> {
        Memo::fetch(self.lease().await?.conn(), &(agency, id), Lock::None)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// Saves the memo's content over version `memo.version`, the one the user
    /// loaded (0 for a new memo); its acknowledgements stay as recorded, whatever
    /// `memo.acknowledgements` says. Returns what was stored, with the next version.
    ///
    /// # Errors
    /// [`StoreError::Stale`] when someone else saved it since it was loaded (or
    /// created it first); [`StoreError::NotFound`] when a version is named but the
    /// agency has no such memo; [`StoreError::Invalid`] when the department or the
    /// signer is not the agency's.
    pub async fn save_memo(&self, actor: Actor, memo: &Memo) -> StoreResult<Memo> {
        let (agency, id) = (memo.agency_id, memo.id);
        let stored = Memo {
            version: 1,
            ..memo.clone()
        };
        versioned::save_whole(
            self.write().await?,
            actor,
            memo,
            async |tx| insert_memo(tx.conn(), &stored).await,
            async |tx| {
                on_conn!(tx.conn(), |c| {
                    sqlx::query(
                        "UPDATE memos SET year = $4, department_id = $5, from_unit = $6, \
                     number = $7, date = $8, subject = $9, addressees = $10, body = $11, \
                     signer_official_id = $12, signer_name = $13, signer_rank = $14, \
                     signer_position = $15, version = version + 1 \
                     WHERE agency_id = $1 AND id = $2 AND version = $3",
                    )
                    .bind(agency.0)
                    .bind(id.0)
                    .bind(memo.version)
                    .bind(memo.year)
                    .bind(memo.department.map(|d| d.0))
                    .bind(&memo.from_unit)
                    .bind(&memo.number)
                    .bind(memo.date)
                    .bind(&memo.subject)
                    .bind(&memo.to)
                    .bind(&memo.body)
                    .bind(memo.signer.official.map(|s| s.0))
                    .bind(&memo.signer.name)
                    .bind(&memo.signer.rank)
                    .bind(&memo.signer.position)
                    .execute(c)
                    .await
                    .map(|r| r.rows_affected())
                })?;
                Ok(())
            },
        )
        .await
    }

    /// Records that `ack.user_id` acknowledged the memo (its time cut to whole
    /// microseconds, what both backends keep) and returns the memo with every
    /// acknowledgement. A user who already acknowledged it changes nothing: the
    /// first acknowledgement stands and no audit row is written.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the agency has no such memo;
    /// [`StoreError::Invalid`] when the user is not one of the agency's.
    pub async fn acknowledge_memo(
        &self,
        actor: Actor,
        agency: AgencyId,
        memo: MemoId,
        ack: &MemoAcknowledgement,
    ) -> StoreResult<Memo> {
        let mut tx = self.write().await?;
        if Memo::fetch(tx.conn(), &(agency, memo), Lock::None)
            .await?
            .is_none()
        {
            return Err(StoreError::NotFound);
        }
        let user: Option<Uuid> = on_conn!(tx.conn(), |c| {
            sqlx::query_scalar("SELECT id FROM users WHERE id = $1 AND agency_id = $2")
                .bind(ack.user_id.0)
                .bind(agency.0)
                .fetch_optional(c)
                .await
        })?;
        if user.is_none() {
            return Err(StoreError::Invalid(
                "the acknowledging user is not one of the agency's".to_owned(),
            ));
        }
        let stamped = MemoAcknowledgement {
            at: ack.at.trunc_subsecs(6),
            ..ack.clone()
        };
        if insert_acknowledgement(tx.conn(), agency, memo, &stamped).await? {
            let change = Change::create(
                ACKNOWLEDGEMENT,
                Some(agency),
                format!("{memo}/{}", stamped.user_id),
                stamped.audit_image()?,
            );
            audit::record(tx.conn(), actor, change).await?;
        }
        let after = Memo::fetch(tx.conn(), &(agency, memo), Lock::None)
            .await?
            .ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(after)
    }

    /// Deletes the memo with its acknowledgements.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the agency has no such memo.
    pub async fn delete_memo(&self, actor: Actor, agency: AgencyId, id: MemoId) -> StoreResult<()> {
        self.audited_delete::<Memo>(actor, (agency, id), async |tx| {
            for sql in [
                "DELETE FROM memo_acknowledgements WHERE agency_id = $1 AND memo_id = $2",
                "DELETE FROM memos WHERE agency_id = $1 AND id = $2",
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
        })
        .await
    }
}
