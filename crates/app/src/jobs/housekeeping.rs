//! What the server does on its own, on a timer: deadline reminders and the
//! deletion of corruption reports whose retention period ended.
//!
//! Each reminder is claimed in the store before it is sent, so two servers over
//! one database (or a restart in the middle of a run) never send it twice; the
//! price is that a mail which fails after its claim is not retried, which a
//! reminder can afford. Reminders are neither claimed nor sent while no usable
//! SMTP server or no recipient is configured, so they go out once one is.
//! Deleting expired reports does not depend on e-mail and always runs, and so
//! does keying the fingerprints of case files stored before fingerprints were
//! keyed (`rekey_fingerprints`).

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use prongsai_core::complaints::sealing::FINGERPRINT_PREFIX;
use prongsai_core::complaints::{Case, ComplaintSettings, Timeliness, timeliness};
use prongsai_core::model::{Agency, AgencyId};
use prongsai_core::thai::calendar::in_thailand;
use tokio::task::JoinHandle;
use tokio::time::{Instant, MissedTickBehavior};

use crate::context::App;
use crate::link_checks::run_scheduled_link_checks;
use crate::mail::messages::{self, Deadline};
use crate::mail::{Mailer, base_url, digest, ready_mailer, recipients};

/// How long after start the first run waits, so that start-up is not slowed.
const FIRST_RUN_AFTER: Duration = Duration::from_secs(10);

/// The shortest interval between runs, whatever the configuration says.
const MIN_INTERVAL: Duration = Duration::from_secs(1);

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HousekeepingReport {
    /// Cases whose "due soon" reminder went out in this run.
    pub reminders: usize,
    /// Cases whose "overdue" notice went out in this run.
    pub overdue: usize,
    /// Corruption reports whose content and files were deleted.
    pub purged: u32,
    /// Case files whose plain SHA-256 was replaced by a keyed fingerprint.
    pub rekeyed: usize,
    /// Digests of new cases that waited past the rate of single mails.
    pub digests: usize,
}

/// Case files given a keyed fingerprint per run at most, so a large backlog
/// spreads over runs instead of holding one up.
const REKEY_BATCH: i64 = 500;

/// One run at `now`: reminders for unanswered cases near or past their due
/// date, the digest of new cases that waited past the rate of single mails,
/// the deletion of expired corruption reports and their files, then the OIT
/// link checks that are due.
/// Failures are logged and the rest of the run goes on.
pub async fn run_housekeeping(app: &App, now: DateTime<Utc>) -> HousekeepingReport {
    let mut report = HousekeepingReport::default();
    if let Some(mailer) = ready_mailer(app) {
        remind(app, mailer, now, &mut report).await;
        report.digests = digest::send_digests(app, mailer, now).await;
    }
    match app.store.purge_expired_cases(now).await {
        Ok(purge) => {
            app.vault.remove_files(&purge.attachments).await;
            report.purged = purge.cases;
        }
        Err(e) => tracing::error!(error = %e, "expired corruption reports not deleted"),
    }
    report.rekeyed = rekey_fingerprints(app).await;
    let links = run_scheduled_link_checks(app, now).await;
    if links > 0 {
        tracing::info!(links, "scheduled link checks done");
    }
    report
}

/// Replaces the plain SHA-256 of case files stored before fingerprints were
/// keyed by the keyed fingerprint of their bytes (read through the vault); a
/// file that cannot be read gets the prefix alone (no fingerprint, and not
/// listed again) rather than keep the plain hash. Returns how many rows
/// changed.
async fn rekey_fingerprints(app: &App) -> usize {
    let files = match app.store.attachments_with_plain_hash(REKEY_BATCH).await {
        Ok(files) => files,
        Err(e) => {
            tracing::error!(error = %e, "case files with a plain hash not listed");
            return 0;
        }
    };
    let mut rekeyed = 0;
    for file in files {
        let fingerprint = match app.vault.read_file(&file).await {
            Ok(bytes) => app.vault.fingerprint(file.agency_id, &bytes),
            Err(e) => {
                tracing::warn!(attachment = %file.id, error = %e, "case file unreadable: its plain hash is dropped");
                FINGERPRINT_PREFIX.to_owned()
            }
        };
        match app
            .store
            .set_attachment_fingerprint(file.agency_id, file.id, &fingerprint)
            .await
        {
            Ok(()) => rekeyed += 1,
            Err(e) => tracing::error!(error = %e, "case file fingerprint not replaced"),
        }
    }
    rekeyed
}

/// Runs [`run_housekeeping`] shortly after start and then every
/// `config.housekeeping_interval`, until the task is aborted or the runtime
/// stops.
pub fn spawn_housekeeping(app: App) -> JoinHandle<()> {
    tokio::spawn(async move {
        let period = app.settings.housekeeping_interval.max(MIN_INTERVAL);
        let mut ticks = tokio::time::interval_at(Instant::now() + FIRST_RUN_AFTER, period);
        ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            let report = run_housekeeping(&app, Utc::now()).await;
            tracing::info!(
                reminders = report.reminders,
                overdue = report.overdue,
                purged = report.purged,
                "housekeeping done"
            );
        }
    })
}

/// Settings and agency of each agency met, read once per run.
type AgencyContext = Option<(ComplaintSettings, Agency)>;

async fn context_of(app: &App, agency: AgencyId) -> AgencyContext {
    let settings = app.store.complaint_settings(agency).await;
    let found = app.store.get_agency(agency).await;
    match (settings, found) {
        (Ok(settings), Ok(Some(agency))) => Some((settings, agency)),
        (Err(e), _) | (_, Err(e)) => {
            tracing::warn!(error = %e, "reminders of an agency skipped");
            None
        }
        (Ok(_), Ok(None)) => None,
    }
}

async fn remind(app: &App, mailer: &Mailer, now: DateTime<Utc>, report: &mut HousekeepingReport) {
    let cases = match app.store.unanswered_cases().await {
        Ok(cases) => cases,
        Err(e) => {
            tracing::error!(error = %e, "reminders not sent: cases not read");
            return;
        }
    };
    let today = in_thailand(now).date_naive();
    let base = base_url(app);
    let mut contexts: HashMap<AgencyId, AgencyContext> = HashMap::new();
    for case in cases {
        let context = match contexts.entry(case.agency_id) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(new) => new.insert(context_of(app, case.agency_id).await),
        };
        let Some((settings, agency)) = context else {
            continue;
        };
        let Some(which) = deadline_mail(&case, settings, today) else {
            continue;
        };
        let to = recipients(settings, case.kind);
        if to.is_empty() {
            continue;
        }
        match app
            .store
            .claim_notification(case.agency_id, case.id, which.claim_kind(), now)
            .await
        {
            Ok(true) => {}
            Ok(false) => continue,
            Err(e) => {
                tracing::warn!(error = %e, "reminder not claimed");
                continue;
            }
        }
        let letter = messages::deadline(agency, &base, &case, which, today);
        if mailer.send(to, &letter).await > 0 {
            match which {
                Deadline::Soon => report.reminders += 1,
                Deadline::Passed => report.overdue += 1,
            }
        }
    }
}

/// Which deadline mail `case` calls for on `today` (a Thailand date), if any: the
/// overdue notice once its due date has passed unanswered, the reminder from
/// `reminder_days` before it.
fn deadline_mail(case: &Case, settings: &ComplaintSettings, today: NaiveDate) -> Option<Deadline> {
    match timeliness(case, today) {
        Timeliness::Overdue => Some(Deadline::Passed),
        Timeliness::Pending
            if (case.due_on - today).num_days() <= i64::from(settings.reminder_days) =>
        {
            Some(Deadline::Soon)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Days, TimeZone};
    use prongsai_core::complaints::{CaseKind, CaseStatus, Channel, due_on};
    use prongsai_core::model::CaseId;

    use super::*;

    fn case(due: NaiveDate) -> Case {
        let received = Utc.with_ymd_and_hms(2025, 11, 3, 3, 0, 0).unwrap();
        Case {
            agency_id: AgencyId::new(),
            id: CaseId::new(),
            kind: CaseKind::Complaint,
            channel: Channel::Telephone,
            fiscal_year: 2569,
            number: 1,
            code_hash: String::new(),
            status: CaseStatus::InProgress,
            subject: "ถนนชำรุด".to_owned(),
            details: String::new(),
            place: String::new(),
            contact_sealed: None,
            consent: true,
            received_at: received,
            due_on: due,
            department_id: None,
            outcome_note: String::new(),
            answered_at: None,
            first_reply_at: None,
            closed_at: None,
            purged_at: None,
            version: 1,
        }
    }

    #[test]
    fn reminders_start_reminder_days_before_the_due_date() {
        let settings = ComplaintSettings::default();
        let due = due_on(Utc.with_ymd_and_hms(2025, 11, 3, 3, 0, 0).unwrap(), 15);
        let c = case(due);
        let before = |days: u64| due.checked_sub_days(Days::new(days)).unwrap();
        assert_eq!(deadline_mail(&c, &settings, before(4)), None);
        assert_eq!(
            deadline_mail(&c, &settings, before(3)),
            Some(Deadline::Soon)
        );
        assert_eq!(deadline_mail(&c, &settings, due), Some(Deadline::Soon));
        assert_eq!(
            deadline_mail(&c, &settings, due.succ_opt().unwrap()),
            Some(Deadline::Passed)
        );
    }

    #[test]
    fn an_explanation_in_time_stops_the_reminders() {
        let settings = ComplaintSettings::default();
        let due = due_on(Utc.with_ymd_and_hms(2025, 11, 3, 3, 0, 0).unwrap(), 15);
        let explained = Case {
            first_reply_at: Some(Utc.with_ymd_and_hms(2025, 11, 10, 3, 0, 0).unwrap()),
            ..case(due)
        };
        assert_eq!(deadline_mail(&explained, &settings, due), None);
        assert_eq!(
            deadline_mail(&explained, &settings, due + Days::new(5)),
            None
        );
    }
}
