//! "New case" mails one by one up to a rate, then one digest.
//!
//! A flood of complaints (a campaign, a script that got past the per-client
//! limit from many addresses) must not bury the handlers' mailboxes, or make
//! the SMTP server refuse the agency's mail. So once `SINGLE_PER_HOUR` mails
//! about an agency's new cases of one kind went out within the hour, the next
//! cases wait, and the housekeeping run sends them as one digest per agency
//! and kind. Every mail is claimed in the store first (`RECEIVED_NOTICE`), so
//! a case is told once, by its own mail or by a digest, never both.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use prongsai_core::complaints::{Case, CaseKind};
use prongsai_core::model::AgencyId;
use prongsai_store::RECEIVED_NOTICE;

use super::{Mailer, base_url, messages, recipients};
use crate::context::App;

/// Mails about single new cases per agency and kind in an hour.
pub(crate) const SINGLE_PER_HOUR: i64 = 10;
/// A case waits at least this long before a digest takes it, so its own mail
/// (sent from a task when it arrives) is not overtaken.
const SETTLE: Duration = Duration::minutes(1);
/// Cases older than this are never mailed about any more.
const LOOKBACK: Duration = Duration::hours(24);

/// Whether a mail about `case` alone may go out now; when it may, it is
/// claimed (so no digest repeats it).
pub(crate) async fn claim_single(app: &App, case: &Case, now: DateTime<Utc>) -> bool {
    let recent = app
        .store
        .received_notices_since(case.agency_id, case.kind, now - Duration::hours(1))
        .await;
    match recent {
        Ok(recent) if recent < SINGLE_PER_HOUR => {}
        Ok(_) => return false,
        Err(e) => {
            tracing::warn!(error = %e, "new-case mail not counted: left for the digest");
            return false;
        }
    }
    claim(app, case, now).await
}

async fn claim(app: &App, case: &Case, now: DateTime<Utc>) -> bool {
    match app
        .store
        .claim_notification(case.agency_id, case.id, RECEIVED_NOTICE, now)
        .await
    {
        Ok(claimed) => claimed,
        Err(e) => {
            tracing::warn!(error = %e, "new-case mail not claimed");
            false
        }
    }
}

/// Sends one digest per agency and kind of the cases still waiting for their
/// "new case" mail; returns how many digests went out.
pub(crate) async fn send_digests(app: &App, mailer: &Mailer, now: DateTime<Utc>) -> usize {
    let waiting = match app
        .store
        .cases_awaiting_received_notice(now - LOOKBACK)
        .await
    {
        Ok(cases) => cases,
        Err(e) => {
            tracing::error!(error = %e, "cases waiting for their mail not listed");
            return 0;
        }
    };
    let mut groups: BTreeMap<(AgencyId, CaseKind), Vec<Case>> = BTreeMap::new();
    for case in waiting
        .into_iter()
        .filter(|c| c.received_at <= now - SETTLE)
    {
        groups
            .entry((case.agency_id, case.kind))
            .or_default()
            .push(case);
    }
    let mut sent = 0;
    for ((agency_id, kind), cases) in groups {
        let (Ok(settings), Ok(Some(agency))) = (
            app.store.complaint_settings(agency_id).await,
            app.store.get_agency(agency_id).await,
        ) else {
            continue;
        };
        let to = recipients(&settings, kind);
        if to.is_empty() {
            continue;
        }
        let mut claimed = Vec::with_capacity(cases.len());
        for case in cases {
            if claim(app, &case, now).await {
                claimed.push(case);
            }
        }
        if claimed.is_empty() {
            continue;
        }
        let letter = messages::cases_digest(&agency, &base_url(app), kind, &claimed);
        if mailer.send(to, &letter).await > 0 {
            sent += 1;
        }
    }
    sent
}
