//! The rows of uploaded evidence files. A tenant table keyed by (agency_id, id);
//! the bytes are files under the data directory named by id, which the caller
//! writes before adding a row and deletes after removing one. Adding and deleting
//! are refused while the round of the measure's fiscal year is approved.

use chrono::{DateTime, SubsecRound as _, Utc};
use prongsai_core::measures::{EvidenceFile, EvidenceKind};
use prongsai_core::model::{AgencyId, EvidenceFileId, MeasureId, UserId};
use prongsai_core::thai::fiscal::ReportingRound;
use serde_json::Value;
use uuid::Uuid;

use crate::audit::{self, Audited, Change};
use crate::cycle::{self, lock_agency, round_code, round_from_code};
use crate::cycle::{approvals, measures};
use crate::dialect::{AgencyLock, Lock};
use crate::pool::{Conn, on_conn};
use crate::rows::parse_code;
use crate::{Actor, Store, StoreError, StoreResult};

pub(crate) const ENTITY: &str = "evidence_file";

/// The stored code of an evidence kind, the same as its JSON form.
fn kind_code(kind: EvidenceKind) -> &'static str {
    match kind {
        EvidenceKind::Pdf => "pdf",
        EvidenceKind::Png => "png",
        EvidenceKind::Jpeg => "jpeg",
        EvidenceKind::OfficeOpenXml => "office_open_xml",
        EvidenceKind::OfficeLegacy => "office_legacy",
    }
}

fn kind_from_code(code: &str) -> Option<EvidenceKind> {
    [
        EvidenceKind::Pdf,
        EvidenceKind::Png,
        EvidenceKind::Jpeg,
        EvidenceKind::OfficeOpenXml,
        EvidenceKind::OfficeLegacy,
    ]
    .into_iter()
    .find(|k| kind_code(*k) == code)
}

/// The columns of [`EvidenceRow`] (table alias `e`), for every SELECT of the table.
macro_rules! select_evidence {
    () => {
        "SELECT e.agency_id, e.id, e.measure_id, e.round, e.file_name, e.kind, e.size_bytes, \
         e.sha256, e.uploaded_by, e.uploaded_at FROM evidence_files AS e"
    };
}

const BY_ID: &str = concat!(select_evidence!(), " WHERE e.agency_id = $1 AND e.id = $2");

#[derive(sqlx::FromRow)]
struct EvidenceRow {
    agency_id: Uuid,
    id: Uuid,
    measure_id: Uuid,
    round: String,
    file_name: String,
    kind: String,
    size_bytes: i64,
    sha256: String,
    uploaded_by: Option<Uuid>,
    uploaded_at: DateTime<Utc>,
}

impl EvidenceRow {
    fn into_file(self) -> StoreResult<EvidenceFile> {
        Ok(EvidenceFile {
            id: EvidenceFileId(self.id),
            agency_id: AgencyId(self.agency_id),
            measure_id: MeasureId(self.measure_id),
            round: parse_code("reporting round", &self.round, round_from_code)?,
            file_name: self.file_name,
            kind: parse_code("evidence kind", &self.kind, kind_from_code)?,
            size_bytes: self.size_bytes,
            sha256: self.sha256,
            uploaded_by: self.uploaded_by.map(UserId),
            uploaded_at: self.uploaded_at,
        })
    }
}

impl Audited for EvidenceFile {
    fn audit_image(&self) -> StoreResult<Value> {
        cycle::image(self)
    }
}

async fn fetch(
    conn: Conn<'_>,
    agency: AgencyId,
    id: EvidenceFileId,
    lock: Lock,
) -> StoreResult<Option<EvidenceFile>> {
    let sql = conn.backend().locked(BY_ID, lock);
    let row: Option<EvidenceRow> = on_conn!(conn, |c| {
        sqlx::query_as(&sql)
            .bind(agency.0)
            .bind(id.0)
            .fetch_optional(c)
            .await
    })?;
    row.map(EvidenceRow::into_file).transpose()
}

/// Writes one evidence row verbatim (add and import).
pub(crate) async fn insert(conn: Conn<'_>, f: &EvidenceFile) -> StoreResult<()> {
    on_conn!(conn, |c| {
        sqlx::query(
            "INSERT INTO evidence_files (agency_id, id, measure_id, round, file_name, kind, \
             size_bytes, sha256, uploaded_by, uploaded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(f.agency_id.0)
        .bind(f.id.0)
        .bind(f.measure_id.0)
        .bind(round_code(f.round))
        .bind(&f.file_name)
        .bind(kind_code(f.kind))
        .bind(f.size_bytes)
        .bind(&f.sha256)
        .bind(f.uploaded_by.map(|u| u.0))
        .bind(f.uploaded_at)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Every evidence row of one agency by id, for export.
pub(crate) async fn all_of(conn: Conn<'_>, agency: AgencyId) -> StoreResult<Vec<EvidenceFile>> {
    let rows: Vec<EvidenceRow> = on_conn!(conn, |c| {
        sqlx::query_as(concat!(
            select_evidence!(),
            " WHERE e.agency_id = $1 ORDER BY e.id"
        ))
        .bind(agency.0)
        .fetch_all(c)
        .await
    })?;
    rows.into_iter().map(EvidenceRow::into_file).collect()
}

/// The evidence rows of one measure, by id.
pub(crate) async fn of_measure(
    conn: Conn<'_>,
    agency: AgencyId,
    measure: MeasureId,
) -> StoreResult<Vec<EvidenceFile>> {
    let rows: Vec<EvidenceRow> = on_conn!(conn, |c| {
        sqlx::query_as(concat!(
            select_evidence!(),
            " WHERE e.agency_id = $1 AND e.measure_id = $2 ORDER BY e.id"
        ))
        .bind(agency.0)
        .bind(measure.0)
        .fetch_all(c)
        .await
    })?;
    rows.into_iter().map(EvidenceRow::into_file).collect()
}

impl Store {
    /// The evidence files of one round for the measures of one fiscal year: in
    /// plan order, each measure's files oldest first.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn list_evidence_files(
        &self,
        agency: AgencyId,
        year: i32,
        round: ReportingRound,
    ) -> StoreResult<Vec<EvidenceFile>> {
        let mut lease = self.lease().await?;
        let rows: Vec<EvidenceRow> = on_conn!(lease.conn(), |c| {
            sqlx::query_as(concat!(
                select_evidence!(),
                " JOIN measures AS m ON m.agency_id = e.agency_id AND m.id = e.measure_id \
                 JOIN measure_topics AS t ON t.agency_id = m.agency_id AND t.id = m.topic_id \
                 WHERE e.agency_id = $1 AND m.fiscal_year = $2 AND e.round = $3 \
                 ORDER BY t.position, m.position, m.id, e.uploaded_at, e.id"
            ))
            .bind(agency.0)
            .bind(year)
            .bind(round_code(round))
            .fetch_all(c)
            .await
        })?;
        rows.into_iter().map(EvidenceRow::into_file).collect()
    }

    /// `None` also when the file belongs to another agency.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn get_evidence_file(
        &self,
        agency: AgencyId,
        id: EvidenceFileId,
    ) -> StoreResult<Option<EvidenceFile>> {
        fetch(self.lease().await?.conn(), agency, id, Lock::None).await
    }

    /// Records an uploaded file (its time kept to the microsecond, as both
    /// backends store it).
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the agency has no such measure;
    /// [`StoreError::Locked`] when the round of the measure's fiscal year is
    /// approved; [`StoreError::Conflict`] on `id`.
    pub async fn add_evidence_file(&self, actor: Actor, f: &EvidenceFile) -> StoreResult<()> {
        let agency = f.agency_id;
        let mut tx = self.write().await?;
        lock_agency(tx.conn(), agency, AgencyLock::Shared).await?;
        let measure = measures::fetch(tx.conn(), agency, f.measure_id, Lock::None)
            .await?
            .ok_or(StoreError::NotFound)?;
        approvals::ensure_open(tx.conn(), agency, measure.fiscal_year, f.round).await?;
        let stored = EvidenceFile {
            uploaded_at: f.uploaded_at.trunc_subsecs(6),
            ..f.clone()
        };
        insert(tx.conn(), &stored).await?;
        let change = Change::create(
            ENTITY,
            Some(agency),
            f.id.to_string(),
            stored.audit_image()?,
        );
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await
    }

    /// Removes a file's row; the caller then deletes its bytes.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the agency has no such file;
    /// [`StoreError::Locked`] when the round of its measure's fiscal year is
    /// approved.
    pub async fn delete_evidence_file(
        &self,
        actor: Actor,
        agency: AgencyId,
        id: EvidenceFileId,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        lock_agency(tx.conn(), agency, AgencyLock::Shared).await?;
        let before = fetch(tx.conn(), agency, id, Lock::ForUpdate)
            .await?
            .ok_or(StoreError::NotFound)?;
        let measure = measures::fetch(tx.conn(), agency, before.measure_id, Lock::None)
            .await?
            .ok_or(StoreError::NotFound)?;
        approvals::ensure_open(tx.conn(), agency, measure.fiscal_year, before.round).await?;
        on_conn!(tx.conn(), |c| {
            sqlx::query("DELETE FROM evidence_files WHERE agency_id = $1 AND id = $2")
                .bind(agency.0)
                .bind(id.0)
                .execute(c)
                .await
                .map(|r| r.rows_affected())
        })?;
        let change = Change::delete(ENTITY, Some(agency), id.to_string(), before.audit_image()?);
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await
    }
}
