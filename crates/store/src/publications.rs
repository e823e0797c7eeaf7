//! The portal's published items: one row per agency, kind and fiscal year with
//! its summary, and its files' bytes as rendered when it was published.
//!
//! Publishing again replaces the row and every file in one transaction, so the
//! portal never shows a mix of two snapshots. Reads for pages (the listing, one
//! item) leave the bytes in the database and report sizes only; a file's bytes
//! are read one file at a time, when someone downloads it. The audit trail names
//! the files and their sizes, never their bytes.

use std::cmp::Reverse;
use std::collections::HashMap;

use chrono::{DateTime, SubsecRound as _, Utc};
use prongsai_core::model::{AgencyId, PublicationId, UserId};
use prongsai_core::publication::{Publication, PublishedFile, PublishedKind};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::audit::{self, Change};
use crate::dialect::Lock;
use crate::pool::{Conn, Tx, on_conn};
use crate::rows::{parse_code, parse_json, to_json};
use crate::{Actor, Store, StoreError, StoreResult};

const ENTITY: &str = "publication";

/// One published item as a list of them shows it: what, when, and which files,
/// without their bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicationListing {
    pub id: PublicationId,
    pub kind: PublishedKind,
    pub fiscal_year: i32,
    pub title: String,
    pub published_at: DateTime<Utc>,
    pub files: Vec<PublishedFileInfo>,
}

/// One file of a published item without its bytes. `index` is what
/// [`Store::publication_file`] takes to read them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedFileInfo {
    pub index: usize,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
}

/// The columns of [`PublicationRow`], for every SELECT of the table.
macro_rules! select_publication {
    () => {
        "SELECT agency_id, id, kind, fiscal_year, title, published_at, published_by, \
         summary_json FROM publications"
    };
}

const BY_ID: &str = concat!(select_publication!(), " WHERE agency_id = $1 AND id = $2");

const BY_KEY: &str = concat!(
    select_publication!(),
    " WHERE agency_id = $1 AND kind = $2 AND fiscal_year = $3"
);

#[derive(sqlx::FromRow)]
struct PublicationRow {
    agency_id: Uuid,
    id: Uuid,
    kind: String,
    fiscal_year: i32,
    title: String,
    published_at: DateTime<Utc>,
    published_by: Option<Uuid>,
    summary_json: String,
}

impl PublicationRow {
    /// The publication with `files` as given (sizes only, or with bytes).
    fn into_publication(self, files: Vec<PublishedFile>) -> StoreResult<Publication> {
        Ok(Publication {
            agency_id: AgencyId(self.agency_id),
            id: PublicationId(self.id),
            kind: parse_code("published kind", &self.kind, PublishedKind::from_code)?,
            fiscal_year: self.fiscal_year,
            title: self.title,
            published_at: self.published_at,
            published_by: self.published_by.map(UserId),
            summary: parse_json("publication summary", &self.summary_json)?,
            files,
        })
    }
}

#[derive(sqlx::FromRow)]
struct FileInfoRow {
    publication_id: Uuid,
    idx: i32,
    file_name: String,
    content_type: String,
    size_bytes: i64,
}

impl FileInfoRow {
    fn into_info(self) -> StoreResult<PublishedFileInfo> {
        Ok(PublishedFileInfo {
            index: stored_index(self.idx)?,
            file_name: self.file_name,
            content_type: self.content_type,
            size_bytes: self.size_bytes,
        })
    }
}

#[derive(sqlx::FromRow)]
struct FileRow {
    publication_id: Uuid,
    file_name: String,
    content_type: String,
    bytes: Vec<u8>,
}

/// A stored file position, which the schema keeps at 0 or more.
fn stored_index(idx: i32) -> StoreResult<usize> {
    usize::try_from(idx).map_err(|_| StoreError::Invalid(format!("stored file index {idx}")))
}

/// What the audit trail records of a publication: what it is and which files it
/// holds with their sizes. Neither the bytes nor the summary, which only repeats
/// what the files say.
fn audit_image(p: &Publication) -> Value {
    let files: Vec<Value> = p
        .files
        .iter()
        .map(|f| {
            json!({
                "file_name": f.file_name,
                "content_type": f.content_type,
                "size_bytes": f.bytes.len(),
            })
        })
        .collect();
    json!({
        "id": p.id,
        "kind": p.kind.code(),
        "fiscal_year": p.fiscal_year,
        "title": p.title,
        "published_at": p.published_at,
        "published_by": p.published_by,
        "files": files,
    })
}

/// The audit image of a stored publication, whose files are read as sizes.
fn audit_image_of(p: &Publication, files: &[PublishedFileInfo]) -> Value {
    let mut image = audit_image(p);
    image["files"] = files
        .iter()
        .map(|f| {
            json!({
                "file_name": f.file_name,
                "content_type": f.content_type,
                "size_bytes": f.size_bytes,
            })
        })
        .collect();
    image
}

async fn fetch(
    conn: Conn<'_>,
    agency: AgencyId,
    id: PublicationId,
    lock: Lock,
) -> StoreResult<Option<PublicationRow>> {
    let sql = conn.backend().locked(BY_ID, lock);
    Ok(on_conn!(conn, |c| {
        sqlx::query_as(&sql)
            .bind(agency.0)
            .bind(id.0)
            .fetch_optional(c)
            .await
    })?)
}

async fn fetch_by_key(
    conn: Conn<'_>,
    agency: AgencyId,
    kind: PublishedKind,
    year: i32,
    lock: Lock,
) -> StoreResult<Option<PublicationRow>> {
    let sql = conn.backend().locked(BY_KEY, lock);
    Ok(on_conn!(conn, |c| {
        sqlx::query_as(&sql)
            .bind(agency.0)
            .bind(kind.code())
            .bind(year)
            .fetch_optional(c)
            .await
    })?)
}

/// The files of the agency's publications without their bytes, in order, keyed
/// by publication; of one publication when `only` names it.
async fn file_infos(
    conn: Conn<'_>,
    agency: AgencyId,
    only: Option<PublicationId>,
) -> StoreResult<HashMap<Uuid, Vec<PublishedFileInfo>>> {
    let rows: Vec<FileInfoRow> = on_conn!(conn, |c| {
        sqlx::query_as(
            "SELECT publication_id, idx, file_name, content_type, \
             CAST(length(bytes) AS BIGINT) AS size_bytes FROM publication_files \
             WHERE agency_id = $1 AND ($2 IS NULL OR publication_id = $2) \
             ORDER BY publication_id, idx",
        )
        .bind(agency.0)
        .bind(only.map(|p| p.0))
        .fetch_all(c)
        .await
    })?;
    let mut by_publication = HashMap::<Uuid, Vec<PublishedFileInfo>>::new();
    for row in rows {
        by_publication
            .entry(row.publication_id)
            .or_default()
            .push(row.into_info()?);
    }
    Ok(by_publication)
}

/// Writes one publication verbatim with its files (publish and import), unless
/// its id or its kind and year are taken; returns whether it did.
pub(crate) async fn insert(tx: &mut Tx, p: &Publication) -> StoreResult<bool> {
    let summary = to_json(&p.summary)?;
    let inserted = on_conn!(tx.conn(), |c| {
        sqlx::query(
            "INSERT INTO publications (agency_id, id, kind, fiscal_year, title, published_at, \
             published_by, summary_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT DO NOTHING",
        )
        .bind(p.agency_id.0)
        .bind(p.id.0)
        .bind(p.kind.code())
        .bind(p.fiscal_year)
        .bind(&p.title)
        .bind(p.published_at)
        .bind(p.published_by.map(|u| u.0))
        .bind(&summary)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    if inserted == 0 {
        return Ok(false);
    }
    for (idx, file) in (0_i32..).zip(&p.files) {
        on_conn!(tx.conn(), |c| {
            sqlx::query(
                "INSERT INTO publication_files (agency_id, publication_id, idx, file_name, \
                 content_type, bytes) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(p.agency_id.0)
            .bind(p.id.0)
            .bind(idx)
            .bind(&file.file_name)
            .bind(&file.content_type)
            .bind(&file.bytes)
            .execute(c)
            .await
            .map(|r| r.rows_affected())
        })?;
    }
    Ok(true)
}

/// Deletes one publication and its files.
async fn delete(tx: &mut Tx, agency: AgencyId, id: PublicationId) -> StoreResult<()> {
    for sql in [
        "DELETE FROM publication_files WHERE agency_id = $1 AND publication_id = $2",
        "DELETE FROM publications WHERE agency_id = $1 AND id = $2",
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
}

/// The stored publication `row` with its files as sizes, and its audit image.
async fn before_image(
    tx: &mut Tx,
    agency: AgencyId,
    row: PublicationRow,
) -> StoreResult<(PublicationId, Value)> {
    let id = PublicationId(row.id);
    let files = file_infos(tx.conn(), agency, Some(id))
        .await?
        .remove(&id.0)
        .unwrap_or_default();
    let stored = row.into_publication(Vec::new())?;
    Ok((id, audit_image_of(&stored, &files)))
}

/// Every publication of one agency with its files' bytes, by fiscal year then
/// kind, for export.
pub(crate) async fn all_of(mut conn: Conn<'_>, agency: AgencyId) -> StoreResult<Vec<Publication>> {
    let rows: Vec<PublicationRow> = on_conn!(&mut conn, |c| {
        sqlx::query_as(concat!(select_publication!(), " WHERE agency_id = $1"))
            .bind(agency.0)
            .fetch_all(&mut **c)
            .await
    })?;
    let files: Vec<FileRow> = on_conn!(&mut conn, |c| {
        sqlx::query_as(
            "SELECT publication_id, file_name, content_type, bytes FROM publication_files \
             WHERE agency_id = $1 ORDER BY publication_id, idx",
        )
        .bind(agency.0)
        .fetch_all(&mut **c)
        .await
    })?;
    let mut files_of = HashMap::<Uuid, Vec<PublishedFile>>::new();
    for f in files {
        files_of
            .entry(f.publication_id)
            .or_default()
            .push(PublishedFile {
                file_name: f.file_name,
                content_type: f.content_type,
                bytes: f.bytes,
            });
    }
    let mut all = rows
        .into_iter()
        .map(|row| {
            let files = files_of.remove(&row.id).unwrap_or_default();
            row.into_publication(files)
        })
        .collect::<StoreResult<Vec<_>>>()?;
    all.sort_by_key(|p| (p.fiscal_year, p.kind));
    Ok(all)
}

impl Store {
    /// Publishes `publication`, replacing the agency's publication of the same
    /// kind and fiscal year and all its files in the same transaction. The time
    /// is kept to the microsecond, as both backends store it. The audit row names
    /// the files and their sizes, not their bytes.
    ///
    /// # Errors
    /// [`StoreError::Invalid`] for an agency that does not exist;
    /// [`StoreError::Conflict`] when another publish of the same kind and year
    /// commits in between; database errors.
    pub async fn publish(&self, actor: Actor, publication: &Publication) -> StoreResult<()> {
        let agency = publication.agency_id;
        let stored = Publication {
            published_at: publication.published_at.trunc_subsecs(6),
            ..publication.clone()
        };
        let mut tx = self.write().await?;
        let old = fetch_by_key(
            tx.conn(),
            agency,
            stored.kind,
            stored.fiscal_year,
            Lock::ForUpdate,
        )
        .await?;
        let before = match old {
            Some(row) => {
                let (old_id, image) = before_image(&mut tx, agency, row).await?;
                delete(&mut tx, agency, old_id).await?;
                Some(image)
            }
            None => None,
        };
        if !insert(&mut tx, &stored).await? {
            return Err(StoreError::Conflict {
                field: "id".to_owned(),
            });
        }
        let change = Change::saved(
            ENTITY,
            Some(agency),
            stored.id.to_string(),
            before,
            audit_image(&stored),
        );
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await
    }

    /// Takes a publication off the portal, files included.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the agency has no publication `id`; database
    /// errors.
    pub async fn unpublish(
        &self,
        actor: Actor,
        agency: AgencyId,
        id: PublicationId,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let row = fetch(tx.conn(), agency, id, Lock::ForUpdate)
            .await?
            .ok_or(StoreError::NotFound)?;
        let (id, image) = before_image(&mut tx, agency, row).await?;
        delete(&mut tx, agency, id).await?;
        let change = Change::delete(ENTITY, Some(agency), id.to_string(), image);
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await
    }

    /// The agency's publications, newest fiscal year first, then in
    /// [`PublishedKind`] order, with their files' names and sizes but no bytes.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn publications(&self, agency: AgencyId) -> StoreResult<Vec<PublicationListing>> {
        let mut lease = self.lease().await?;
        let rows: Vec<PublicationRow> = on_conn!(lease.conn(), |c| {
            sqlx::query_as(concat!(select_publication!(), " WHERE agency_id = $1"))
                .bind(agency.0)
                .fetch_all(c)
                .await
        })?;
        let mut files = file_infos(lease.conn(), agency, None).await?;
        let mut listings = rows
            .into_iter()
            .map(|row| {
                Ok(PublicationListing {
                    id: PublicationId(row.id),
                    kind: parse_code("published kind", &row.kind, PublishedKind::from_code)?,
                    fiscal_year: row.fiscal_year,
                    files: files.remove(&row.id).unwrap_or_default(),
                    title: row.title,
                    published_at: row.published_at,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        listings.sort_by_key(|l| (Reverse(l.fiscal_year), l.kind));
        Ok(listings)
    }

    /// One publication with its summary and its files' names and types; every
    /// file's `bytes` is empty (read them with [`Store::publication_file`]).
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn find_publication(
        &self,
        agency: AgencyId,
        id: PublicationId,
    ) -> StoreResult<Option<Publication>> {
        let mut lease = self.lease().await?;
        let Some(row) = fetch(lease.conn(), agency, id, Lock::None).await? else {
            return Ok(None);
        };
        let files = file_infos(lease.conn(), agency, Some(id))
            .await?
            .remove(&id.0)
            .unwrap_or_default()
            .into_iter()
            .map(|f| PublishedFile {
                file_name: f.file_name,
                content_type: f.content_type,
                bytes: Vec::new(),
            })
            .collect();
        row.into_publication(files).map(Some)
    }

    /// The file at `index` (from 0, as [`PublishedFileInfo::index`]) of one
    /// publication, with its bytes.
    ///
    /// # Errors
    /// Database errors.
    pub async fn publication_file(
        &self,
        agency: AgencyId,
        id: PublicationId,
        index: usize,
    ) -> StoreResult<Option<PublishedFile>> {
        let Ok(idx) = i32::try_from(index) else {
            return Ok(None);
        };
        let mut lease = self.lease().await?;
        let row: Option<FileRow> = on_conn!(lease.conn(), |c| {
            sqlx::query_as(
                "SELECT publication_id, file_name, content_type, bytes FROM publication_files \
                 WHERE agency_id = $1 AND publication_id = $2 AND idx = $3",
            )
            .bind(agency.0)
            .bind(id.0)
            .bind(idx)
            .fetch_optional(c)
            .await
        })?;
        Ok(row.map(|f| PublishedFile {
            file_name: f.file_name,
            content_type: f.content_type,
            bytes: f.bytes,
        }))
    }
}
