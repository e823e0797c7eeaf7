//! Case files whose fingerprint is still a plain SHA-256, written before
//! fingerprints were keyed with the agency's key
//! (`prongsai_core::complaints::sealing`), and the keyed one put in its place.
//! Housekeeping reads each such file through the vault (which holds the key the
//! store never sees) and hands the new fingerprint back here. Not audited: the
//! file, its name and its case stay as they were; only how it is fingerprinted
//! changes.

use prongsai_core::complaints::CaseAttachment;
use prongsai_core::complaints::sealing::FINGERPRINT_PREFIX;
use prongsai_core::model::{AgencyId, CaseAttachmentId};

use super::cases::{AttachmentRow, select_attachment};
use crate::pool::on_conn;
use crate::{Store, StoreResult};

impl Store {
    /// Up to `limit` case files, of any agency, whose fingerprint is not keyed.
    ///
    /// # Errors
    /// Database errors.
    pub async fn attachments_with_plain_hash(
        &self,
        limit: i64,
    ) -> StoreResult<Vec<CaseAttachment>> {
        let mut lease = self.lease().await?;
        let pattern = format!("{FINGERPRINT_PREFIX}%");
        let rows: Vec<AttachmentRow> = on_conn!(lease.conn(), |c| {
            sqlx::query_as(concat!(
                select_attachment!(),
                " WHERE sha256 NOT LIKE $1 ORDER BY uploaded_at, id LIMIT $2"
            ))
            .bind(&pattern)
            .bind(limit)
            .fetch_all(c)
            .await
        })?;
        Ok(rows.into_iter().map(CaseAttachment::from).collect())
    }

    /// Replaces a case file's fingerprint (`fingerprint`: keyed, or the prefix
    /// alone when the file could not be read, which is still better than a
    /// plain hash).
    ///
    /// # Errors
    /// Database errors.
    pub async fn set_attachment_fingerprint(
        &self,
        agency: AgencyId,
        id: CaseAttachmentId,
        fingerprint: &str,
    ) -> StoreResult<()> {
        let mut lease = self.lease().await?;
        on_conn!(lease.conn(), |c| {
            sqlx::query("UPDATE case_attachments SET sha256 = $1 WHERE agency_id = $2 AND id = $3")
                .bind(fingerprint)
                .bind(agency.0)
                .bind(id.0)
                .execute(c)
                .await
                .map(|r| r.rows_affected())
        })?;
        Ok(())
    }
}
