//! The "new case" e-mail, sent one by one up to a rate and then as a digest:
//! how many went out for an agency's cases of one kind lately, and which cases
//! are still waiting for theirs. Each mail sent is claimed in
//! `case_notifications` (kind `received`) like the reminders, so the digest
//! never repeats a case that had its own mail, even across servers or a
//! restart.

use chrono::{DateTime, Utc};
use prongsai_core::complaints::{Case, CaseKind};
use prongsai_core::model::AgencyId;

use super::cases::{CaseRow, select_case};
use crate::pool::on_conn;
use crate::{Store, StoreResult};

/// The claim kind of a "new case" mail.
pub const RECEIVED_NOTICE: &str = "received";

impl Store {
    /// "New case" mails that went out since `since` for the agency's cases of
    /// `kind`.
    ///
    /// # Errors
    /// Database errors.
    pub async fn received_notices_since(
        &self,
        agency: AgencyId,
        kind: CaseKind,
        since: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let mut lease = self.lease().await?;
        let count: i64 = on_conn!(lease.conn(), |c| {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM case_notifications n JOIN cases c \
                 ON c.agency_id = n.agency_id AND c.id = n.case_id \
                 WHERE n.agency_id = $1 AND c.kind = $2 AND n.kind = $3 AND n.sent_at >= $4",
            )
            .bind(agency.0)
            .bind(kind.code())
            .bind(RECEIVED_NOTICE)
            .bind(since)
            .fetch_one(c)
            .await
        })?;
        Ok(count)
    }

    /// Cases of every agency received since `since` whose "new case" mail has
    /// not gone out, by agency, kind and arrival.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn cases_awaiting_received_notice(
        &self,
        since: DateTime<Utc>,
    ) -> StoreResult<Vec<Case>> {
        let mut lease = self.lease().await?;
        let rows: Vec<CaseRow> = on_conn!(lease.conn(), |c| {
            sqlx::query_as(concat!(
                select_case!(),
                " WHERE received_at >= $1 AND purged_at IS NULL AND NOT EXISTS (\
                 SELECT 1 FROM case_notifications n WHERE n.agency_id = cases.agency_id \
                 AND n.case_id = cases.id AND n.kind = $2) \
                 ORDER BY agency_id, kind, received_at, id"
            ))
            .bind(since)
            .bind(RECEIVED_NOTICE)
            .fetch_all(c)
            .await
        })?;
        rows.into_iter().map(CaseRow::into_case).collect()
    }
}
