//! The history of evidence-link checks, and the copies of what they fetched.
//!
//! Checks are system evidence, not edits: a scheduled run writes hundreds of
//! them with no person behind it, and the rows themselves already say what was
//! found when. So they are not audited row by row; the settings that decide
//! whether and how often they run are. A run's checks are written in one
//! transaction so the checklist never shows half a run. Archived bytes live in
//! their own table so that lists of checks never read them.

use std::collections::HashMap;

use chrono::{DateTime, SubsecRound as _, Utc};
use prongsai_core::disclosure::{LinkCheck, LinkVerdict};
use prongsai_core::model::{AgencyId, LinkCheckId};
use uuid::Uuid;

use crate::pool::{Conn, Tx, on_conn};
use crate::rows::{parse_code, parse_json, to_json};
use crate::{Store, StoreError, StoreResult};

/// The columns of [`CheckRow`], for every SELECT of the table.
macro_rules! select_check {
    () => {
        "SELECT agency_id, id, fiscal_year, url, checked_at, facts_json, verdict, detail_th, \
         archived FROM link_checks"
    };
}

#[derive(sqlx::FromRow)]
struct CheckRow {
    agency_id: Uuid,
    id: Uuid,
    fiscal_year: i32,
    url: String,
    checked_at: DateTime<Utc>,
    facts_json: String,
    verdict: String,
    detail_th: String,
    archived: bool,
}

impl CheckRow {
    fn into_check(self) -> StoreResult<LinkCheck> {
        Ok(LinkCheck {
            id: LinkCheckId(self.id),
            agency_id: AgencyId(self.agency_id),
            fiscal_year: self.fiscal_year,
            url: self.url,
            checked_at: self.checked_at,
            facts: parse_json("link facts", &self.facts_json)?,
            verdict: parse_code("link verdict", &self.verdict, LinkVerdict::from_code)?,
            detail_th: self.detail_th,
            archived: self.archived,
        })
    }
}

fn into_checks(rows: Vec<CheckRow>) -> StoreResult<Vec<LinkCheck>> {
    rows.into_iter().map(CheckRow::into_check).collect()
}

/// Writes one check verbatim (save and import).
async fn insert(conn: Conn<'_>, check: &LinkCheck) -> StoreResult<()> {
    let facts = to_json(&check.facts)?;
    on_conn!(conn, |c| {
        sqlx::query(
            "INSERT INTO link_checks (agency_id, id, fiscal_year, url, checked_at, facts_json, \
             verdict, detail_th, archived) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(check.agency_id.0)
        .bind(check.id.0)
        .bind(check.fiscal_year)
        .bind(&check.url)
        .bind(check.checked_at)
        .bind(&facts)
        .bind(check.verdict.code())
        .bind(&check.detail_th)
        .bind(check.archived)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Writes the fetched bytes of one check of `agency`.
async fn insert_archive(
    conn: Conn<'_>,
    agency: AgencyId,
    id: LinkCheckId,
    bytes: &[u8],
) -> StoreResult<()> {
    on_conn!(conn, |c| {
        sqlx::query(
            "INSERT INTO link_check_archives (agency_id, check_id, bytes) VALUES ($1, $2, $3)",
        )
        .bind(agency.0)
        .bind(id.0)
        .bind(bytes)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Writes checks and their archives in `tx`; every archive must belong to one
/// of `checks`.
pub(crate) async fn insert_all(
    tx: &mut Tx,
    checks: &[LinkCheck],
    archives: &[(LinkCheckId, Vec<u8>)],
) -> StoreResult<()> {
    let agency_of: HashMap<LinkCheckId, AgencyId> =
        checks.iter().map(|c| (c.id, c.agency_id)).collect();
    for check in checks {
        insert(tx.conn(), check).await?;
    }
    for (id, bytes) in archives {
        let agency = agency_of.get(id).ok_or_else(|| {
            StoreError::Invalid(format!(
                "archive of link check {id} that is not saved with it"
            ))
        })?;
        insert_archive(tx.conn(), *agency, *id, bytes).await?;
    }
    Ok(())
}

/// Every check of one agency by id with its archived bytes, for export.
pub(crate) async fn all_of(
    mut conn: Conn<'_>,
    agency: AgencyId,
) -> StoreResult<Vec<(LinkCheck, Option<Vec<u8>>)>> {
    let rows: Vec<CheckRow> = on_conn!(&mut conn, |c| {
        sqlx::query_as(concat!(
            select_check!(),
            " WHERE agency_id = $1 ORDER BY id"
        ))
        .bind(agency.0)
        .fetch_all(&mut **c)
        .await
    })?;
    let archives: Vec<(Uuid, Vec<u8>)> = on_conn!(&mut conn, |c| {
        sqlx::query_as("SELECT check_id, bytes FROM link_check_archives WHERE agency_id = $1")
            .bind(agency.0)
            .fetch_all(&mut **c)
            .await
    })?;
    let mut bytes_of: HashMap<Uuid, Vec<u8>> = archives.into_iter().collect();
    rows.into_iter()
        .map(|row| {
            let bytes = bytes_of.remove(&row.id);
            Ok((row.into_check()?, bytes))
        })
        .collect()
}

impl Store {
    /// Saves one run's checks in one transaction, times cut to whole
    /// microseconds; `archives` holds the fetched bytes of the checks with
    /// `archived` set. Not audited (see the module).
    ///
    /// # Errors
    /// [`StoreError::Invalid`] when an archive names a check not in `checks`
    /// or an agency does not exist; [`StoreError::Conflict`] on `id`; database
    /// errors. Nothing is written then.
    pub async fn save_link_checks(
        &self,
        checks: &[LinkCheck],
        archives: &[(LinkCheckId, Vec<u8>)],
    ) -> StoreResult<()> {
        let checks: Vec<LinkCheck> = checks
            .iter()
            .map(|c| LinkCheck {
                checked_at: c.checked_at.trunc_subsecs(6),
                ..c.clone()
            })
            .collect();
        let mut tx = self.write().await?;
        insert_all(&mut tx, &checks, archives).await?;
        tx.commit().await
    }

    /// The newest check of each url of the agency's year, by url.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn latest_link_checks(
        &self,
        agency: AgencyId,
        year: i32,
    ) -> StoreResult<Vec<LinkCheck>> {
        let mut lease = self.lease().await?;
        let rows: Vec<CheckRow> = on_conn!(lease.conn(), |c| {
            sqlx::query_as(concat!(
                select_check!(),
                " AS l WHERE agency_id = $1 AND fiscal_year = $2 AND NOT EXISTS (\
                 SELECT 1 FROM link_checks AS n WHERE n.agency_id = l.agency_id \
                 AND n.fiscal_year = l.fiscal_year AND n.url = l.url \
                 AND (n.checked_at > l.checked_at OR (n.checked_at = l.checked_at AND n.id > l.id))) \
                 ORDER BY url"
            ))
            .bind(agency.0)
            .bind(year)
            .fetch_all(c)
            .await
        })?;
        into_checks(rows)
    }

    /// Every check of one url of the agency (any year), newest first.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn link_check_history(
        &self,
        agency: AgencyId,
        url: &str,
    ) -> StoreResult<Vec<LinkCheck>> {
        let mut lease = self.lease().await?;
        let rows: Vec<CheckRow> = on_conn!(lease.conn(), |c| {
            sqlx::query_as(concat!(
                select_check!(),
                " WHERE agency_id = $1 AND url = $2 ORDER BY checked_at DESC, id DESC"
            ))
            .bind(agency.0)
            .bind(url)
            .fetch_all(c)
            .await
        })?;
        into_checks(rows)
    }

    /// The bytes one check fetched, when it kept them; `None` also for another
    /// agency's check.
    ///
    /// # Errors
    /// Database errors.
    pub async fn link_check_archive(
        &self,
        agency: AgencyId,
        id: LinkCheckId,
    ) -> StoreResult<Option<Vec<u8>>> {
        let mut lease = self.lease().await?;
        Ok(on_conn!(lease.conn(), |c| {
            sqlx::query_scalar(
                "SELECT bytes FROM link_check_archives WHERE agency_id = $1 AND check_id = $2",
            )
            .bind(agency.0)
            .bind(id.0)
            .fetch_optional(c)
            .await
        })?)
    }

    /// When the newest check of the agency's year was made; `None` before the
    /// first.
    ///
    /// # Errors
    /// Database errors.
    pub async fn last_link_check_at(
        &self,
        agency: AgencyId,
        year: i32,
    ) -> StoreResult<Option<DateTime<Utc>>> {
        let mut lease = self.lease().await?;
        Ok(on_conn!(lease.conn(), |c| {
            sqlx::query_scalar(
                "SELECT checked_at FROM link_checks WHERE agency_id = $1 AND fiscal_year = $2 \
                 ORDER BY checked_at DESC LIMIT 1",
            )
            .bind(agency.0)
            .bind(year)
            .fetch_optional(c)
            .await
        })?)
    }
}
