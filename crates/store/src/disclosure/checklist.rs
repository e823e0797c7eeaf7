//! The OIT checklist: one entry per agency, fiscal year and item, and the
//! agency's link-check settings.
//!
//! Entries are versioned because several department heads edit the same year's
//! checklist at once; a save over an older version is refused rather than
//! silently undoing someone's links. Links and keywords are stored as JSON with
//! their entry: they are always read and written together.

use chrono::{DateTime, NaiveDate, Utc};
use prongsai_core::disclosure::{DisclosureEntry, DisclosureSettings, DisclosureStatus};
use prongsai_core::model::{AgencyId, DepartmentId};
use serde_json::Value;
use uuid::Uuid;

use crate::audit::{self, Change};
use crate::dialect::Lock;
use crate::pool::{Conn, Tx, on_conn};
use crate::rows::{parse_code, parse_json, to_json};
use crate::{Actor, Store, StoreError, StoreResult};

const ENTITY: &str = "disclosure_entry";
const SETTINGS_ENTITY: &str = "disclosure_settings";

/// The columns of [`EntryRow`], for every SELECT of the table.
macro_rules! select_entry {
    () => {
        "SELECT agency_id, fiscal_year, item_code, department_id, links_json, explanation, \
         keywords_json, status, due_on, version, updated_at FROM disclosure_entries"
    };
}

const BY_KEY: &str = concat!(
    select_entry!(),
    " WHERE agency_id = $1 AND fiscal_year = $2 AND item_code = $3"
);

#[derive(sqlx::FromRow)]
struct EntryRow {
    agency_id: Uuid,
    fiscal_year: i32,
    item_code: String,
    department_id: Option<Uuid>,
    links_json: String,
    explanation: String,
    keywords_json: String,
    status: String,
    due_on: Option<NaiveDate>,
    version: i32,
    updated_at: DateTime<Utc>,
}

impl EntryRow {
    fn into_entry(self) -> StoreResult<DisclosureEntry> {
        Ok(DisclosureEntry {
            agency_id: AgencyId(self.agency_id),
            fiscal_year: self.fiscal_year,
            department_id: self.department_id.map(DepartmentId),
            links: parse_json("disclosure links", &self.links_json)?,
            explanation: self.explanation,
            keywords: parse_json("disclosure keywords", &self.keywords_json)?,
            status: parse_code(
                "disclosure status",
                &self.status,
                DisclosureStatus::from_code,
            )?,
            due_on: self.due_on,
            version: self.version,
            updated_at: self.updated_at,
            item_code: self.item_code,
        })
    }
}

/// The audit trail's name for an entry: its year and item ("2568/O1").
fn entity_id(e: &DisclosureEntry) -> String {
    format!("{}/{}", e.fiscal_year, e.item_code)
}

fn image(e: &DisclosureEntry) -> StoreResult<Value> {
    serde_json::to_value(e).map_err(|err| StoreError::Invalid(format!("audit image: {err}")))
}

async fn fetch(
    conn: Conn<'_>,
    agency: AgencyId,
    year: i32,
    item_code: &str,
    lock: Lock,
) -> StoreResult<Option<DisclosureEntry>> {
    let sql = conn.backend().locked(BY_KEY, lock);
    let row: Option<EntryRow> = on_conn!(conn, |c| {
        sqlx::query_as(&sql)
            .bind(agency.0)
            .bind(year)
            .bind(item_code)
            .fetch_optional(c)
            .await
    })?;
    row.map(EntryRow::into_entry).transpose()
}

/// Writes one entry verbatim (version and time as given) unless its agency, year
/// and item already have one; returns whether it did. Save, carry-over and import.
pub(crate) async fn insert(conn: Conn<'_>, e: &DisclosureEntry) -> StoreResult<bool> {
    let links = to_json(&e.links)?;
    let keywords = to_json(&e.keywords)?;
    let inserted = on_conn!(conn, |c| {
        sqlx::query(
            "INSERT INTO disclosure_entries (agency_id, fiscal_year, item_code, department_id, \
             links_json, explanation, keywords_json, status, due_on, version, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING",
        )
        .bind(e.agency_id.0)
        .bind(e.fiscal_year)
        .bind(&e.item_code)
        .bind(e.department_id.map(|d| d.0))
        .bind(&links)
        .bind(&e.explanation)
        .bind(&keywords)
        .bind(e.status.code())
        .bind(e.due_on)
        .bind(e.version)
        .bind(e.updated_at)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(inserted == 1)
}

/// Every entry of one agency by fiscal year then item code, for export.
pub(crate) async fn all_of(conn: Conn<'_>, agency: AgencyId) -> StoreResult<Vec<DisclosureEntry>> {
    let rows: Vec<EntryRow> = on_conn!(conn, |c| {
        sqlx::query_as(concat!(
            select_entry!(),
            " WHERE agency_id = $1 ORDER BY fiscal_year, item_code"
        ))
        .bind(agency.0)
        .fetch_all(c)
        .await
    })?;
    rows.into_iter().map(EntryRow::into_entry).collect()
}

/// `e` as a write stores it: the next version, saved now.
fn stamped(e: &DisclosureEntry, version: i32) -> DisclosureEntry {
    DisclosureEntry {
        version,
        updated_at: audit::now(),
        ..e.clone()
    }
}

#[derive(sqlx::FromRow)]
struct SettingsRow {
    extra_domains_json: String,
    home_url: String,
    max_clicks: i32,
    check_interval_hours: i32,
    keep_archive: bool,
}

impl SettingsRow {
    fn into_settings(self) -> StoreResult<DisclosureSettings> {
        let count = |what: &str, value: i32| {
            u32::try_from(value).map_err(|_| StoreError::Invalid(format!("stored {what} {value}")))
        };
        Ok(DisclosureSettings {
            extra_domains: parse_json("extra domains", &self.extra_domains_json)?,
            home_url: self.home_url,
            max_clicks: count("max_clicks", self.max_clicks)?,
            check_interval_hours: count("check_interval_hours", self.check_interval_hours)?,
            keep_archive: self.keep_archive,
        })
    }
}

/// The settings the agency saved, if it did.
pub(crate) async fn saved_settings_of(
    conn: Conn<'_>,
    agency: AgencyId,
) -> StoreResult<Option<DisclosureSettings>> {
    let row: Option<SettingsRow> = on_conn!(conn, |c| {
        sqlx::query_as(
            "SELECT extra_domains_json, home_url, max_clicks, check_interval_hours, keep_archive \
             FROM disclosure_settings WHERE agency_id = $1",
        )
        .bind(agency.0)
        .fetch_optional(c)
        .await
    })?;
    row.map(SettingsRow::into_settings).transpose()
}

/// Writes the agency's settings over whatever it saved before (save and import).
pub(crate) async fn upsert_settings(
    conn: Conn<'_>,
    agency: AgencyId,
    s: &DisclosureSettings,
) -> StoreResult<()> {
    let column = |what: &str, value: u32| {
        i32::try_from(value)
            .map_err(|_| StoreError::Invalid(format!("{what} {value} is too large")))
    };
    let domains = to_json(&s.extra_domains)?;
    let max_clicks = column("max_clicks", s.max_clicks)?;
    let interval = column("check_interval_hours", s.check_interval_hours)?;
    on_conn!(conn, |c| {
        sqlx::query(
            "INSERT INTO disclosure_settings (agency_id, extra_domains_json, home_url, \
             max_clicks, check_interval_hours, keep_archive) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (agency_id) DO UPDATE SET \
             extra_domains_json = excluded.extra_domains_json, home_url = excluded.home_url, \
             max_clicks = excluded.max_clicks, \
             check_interval_hours = excluded.check_interval_hours, \
             keep_archive = excluded.keep_archive",
        )
        .bind(agency.0)
        .bind(&domains)
        .bind(&s.home_url)
        .bind(max_clicks)
        .bind(interval)
        .bind(s.keep_archive)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Inserts `e` as a new entry at version 1 with its audit row; `None` when the
/// item already has one.
async fn create(
    tx: &mut Tx,
    actor: Actor,
    e: &DisclosureEntry,
) -> StoreResult<Option<DisclosureEntry>> {
    let stored = stamped(e, 1);
    if !insert(tx.conn(), &stored).await? {
        return Ok(None);
    }
    let change = Change::create(
        ENTITY,
        Some(e.agency_id),
        entity_id(&stored),
        image(&stored)?,
    );
    audit::record(tx.conn(), actor, change).await?;
    Ok(Some(stored))
}

impl Store {
    /// The year's entries, ordered by item code as stored (callers order them
    /// by the framework).
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn disclosure_entries(
        &self,
        agency: AgencyId,
        year: i32,
    ) -> StoreResult<Vec<DisclosureEntry>> {
        let mut lease = self.lease().await?;
        let rows: Vec<EntryRow> = on_conn!(lease.conn(), |c| {
            sqlx::query_as(concat!(
                select_entry!(),
                " WHERE agency_id = $1 AND fiscal_year = $2 ORDER BY item_code"
            ))
            .bind(agency.0)
            .bind(year)
            .fetch_all(c)
            .await
        })?;
        rows.into_iter().map(EntryRow::into_entry).collect()
    }

    /// One entry; `None` when nobody has saved it yet (or it is another agency's).
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn find_disclosure_entry(
        &self,
        agency: AgencyId,
        year: i32,
        item_code: &str,
    ) -> StoreResult<Option<DisclosureEntry>> {
        fetch(
            self.lease().await?.conn(),
            agency,
            year,
            item_code,
            Lock::None,
        )
        .await
    }

    /// Saves one entry: inserts it when `entry.version` is 0 and none is stored,
    /// otherwise updates the stored one when its version is `entry.version`.
    /// Returns the entry as saved (version + 1, `updated_at` now). Audited.
    ///
    /// # Errors
    /// [`StoreError::Stale`] when someone saved the entry since it was loaded
    /// (or, for version 0, created it); [`StoreError::Invalid`] when the agency
    /// or department does not exist; database errors.
    pub async fn save_disclosure_entry(
        &self,
        actor: Actor,
        entry: &DisclosureEntry,
    ) -> StoreResult<DisclosureEntry> {
        let mut tx = self.write().await?;
        if entry.version == 0 {
            let stored = create(&mut tx, actor, entry)
                .await?
                .ok_or(StoreError::Stale)?;
            tx.commit().await?;
            return Ok(stored);
        }
        let (agency, year) = (entry.agency_id, entry.fiscal_year);
        let before = fetch(tx.conn(), agency, year, &entry.item_code, Lock::ForUpdate)
            .await?
            .ok_or(StoreError::Stale)?;
        if before.version != entry.version {
            return Err(StoreError::Stale);
        }
        let stored = stamped(entry, entry.version + 1);
        let links = to_json(&stored.links)?;
        let keywords = to_json(&stored.keywords)?;
        let updated = on_conn!(tx.conn(), |c| {
            sqlx::query(
                "UPDATE disclosure_entries SET department_id = $5, links_json = $6, \
                 explanation = $7, keywords_json = $8, status = $9, due_on = $10, \
                 version = $11, updated_at = $12 \
                 WHERE agency_id = $1 AND fiscal_year = $2 AND item_code = $3 AND version = $4",
            )
            .bind(agency.0)
            .bind(year)
            .bind(&stored.item_code)
            .bind(entry.version)
            .bind(stored.department_id.map(|d| d.0))
            .bind(&links)
            .bind(&stored.explanation)
            .bind(&keywords)
            .bind(stored.status.code())
            .bind(stored.due_on)
            .bind(stored.version)
            .bind(stored.updated_at)
            .execute(c)
            .await
            .map(|r| r.rows_affected())
        })?;
        if updated == 0 {
            return Err(StoreError::Stale);
        }
        let change = Change::update(
            ENTITY,
            Some(agency),
            entity_id(&stored),
            image(&before)?,
            image(&stored)?,
        );
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await?;
        Ok(stored)
    }

    /// Inserts, at version 1, every entry whose agency, year and item have none
    /// yet (a carry-over from last year, the demo), each with its audit row;
    /// returns how many it inserted. Entries already there are left as they are.
    ///
    /// # Errors
    /// [`StoreError::Invalid`] when an agency or department does not exist;
    /// database errors. Nothing is written then.
    pub async fn insert_disclosure_entries(
        &self,
        actor: Actor,
        entries: &[DisclosureEntry],
    ) -> StoreResult<usize> {
        let mut tx = self.write().await?;
        let mut inserted = 0;
        for e in entries {
            if create(&mut tx, actor, e).await?.is_some() {
                inserted += 1;
            }
        }
        tx.commit().await?;
        Ok(inserted)
    }

    /// The fiscal years the agency has entries for, newest first.
    ///
    /// # Errors
    /// Database errors.
    pub async fn disclosure_years(&self, agency: AgencyId) -> StoreResult<Vec<i32>> {
        let mut lease = self.lease().await?;
        Ok(on_conn!(lease.conn(), |c| {
            sqlx::query_scalar(
                "SELECT DISTINCT fiscal_year FROM disclosure_entries WHERE agency_id = $1 \
                 ORDER BY fiscal_year DESC",
            )
            .bind(agency.0)
            .fetch_all(c)
            .await
        })?)
    }

    /// The agency's link-check settings, or the defaults when it never saved any.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn disclosure_settings(&self, agency: AgencyId) -> StoreResult<DisclosureSettings> {
        Ok(saved_settings_of(self.lease().await?.conn(), agency)
            .await?
            .unwrap_or_default())
    }

    /// Saves the agency's link-check settings as given (the caller validates
    /// them with [`DisclosureSettings::validate`]), audited.
    ///
    /// # Errors
    /// [`StoreError::Invalid`] when the agency does not exist or a number does
    /// not fit the database; database errors.
    pub async fn save_disclosure_settings(
        &self,
        actor: Actor,
        agency: AgencyId,
        settings: &DisclosureSettings,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let before = saved_settings_of(tx.conn(), agency).await?;
        upsert_settings(tx.conn(), agency, settings).await?;
        let image = |s: &DisclosureSettings| {
            serde_json::to_value(s).map_err(|e| StoreError::Invalid(format!("audit image: {e}")))
        };
        let change = Change::saved(
            SETTINGS_ENTITY,
            Some(agency),
            agency.to_string(),
            before.as_ref().map(image).transpose()?,
            image(settings)?,
        );
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await
    }
}
