//! E-mail notifications: a new case to the agency's lists, news to a complainant
//! who left an address, and deadline reminders sent by the housekeeping loop.
//!
//! A request never waits for the SMTP server: mails about a new case or a reply
//! are sent from a spawned task, and a failure is logged (without the text) rather
//! than shown, since the case itself is already saved. Without an SMTP server
//! (or with settings that cannot be used) nothing is sent and nothing is recorded
//! as sent.

pub(crate) mod digest;
pub(crate) mod mailer;
pub(crate) mod messages;

use prongsai_core::complaints::{Case, CaseKind, ComplaintSettings};
use prongsai_core::model::Agency;

pub use mailer::Mailer;

use crate::context::App;

/// The start of every link in a mail: `settings.public_base_url` without its
/// trailing slash. When none is configured the links are written as paths only
/// (`/cases/…`), because a mail, unlike a page, has no request whose host it
/// could borrow; the reader then opens the path on the server they know.
pub(crate) fn base_url(app: &App) -> String {
    app.settings
        .public_base_url
        .as_deref()
        .map(|url| url.trim().trim_end_matches('/').to_owned())
        .unwrap_or_default()
}

/// The mailer, when one is configured and usable.
pub(crate) fn ready_mailer(app: &App) -> Option<&Mailer> {
    app.mailer.as_deref().filter(|m| m.is_ready())
}

/// Whether notifications can be sent at all (a usable SMTP server is set).
pub fn can_send(app: &App) -> bool {
    ready_mailer(app).is_some()
}

/// Who hears about cases of `kind`.
pub(crate) fn recipients(settings: &ComplaintSettings, kind: CaseKind) -> &[String] {
    match kind {
        CaseKind::Complaint => &settings.notify_emails,
        CaseKind::Corruption => &settings.corruption_notify_emails,
    }
}

/// The agency of a case, or `None` (logged) when it cannot be read.
async fn agency_of(app: &App, case: &Case) -> Option<Agency> {
    match app.store.get_agency(case.agency_id).await {
        Ok(Some(agency)) => Some(agency),
        Ok(None) => None,
        Err(e) => {
            tracing::warn!(error = %e, "notification not sent: agency not read");
            None
        }
    }
}

/// Tells the agency's list for the case's kind that `case` arrived: for a
/// complaint its number, subject line, due date and link; for a corruption report
/// only that one arrived, with its due date and link. Past a rate the case
/// waits for the housekeeping's digest instead ([`digest`]). Returns at once.
pub fn case_received(app: &App, case: &Case) {
    if ready_mailer(app).is_none() {
        return;
    }
    let app = app.clone();
    let case = case.clone();
    tokio::spawn(async move {
        let Some(mailer) = ready_mailer(&app) else {
            return;
        };
        let settings = match app.store.complaint_settings(case.agency_id).await {
            Ok(settings) => settings,
            Err(e) => {
                tracing::warn!(error = %e, "notification not sent: settings not read");
                return;
            }
        };
        let to = recipients(&settings, case.kind);
        if to.is_empty() {
            return;
        }
        let Some(agency) = agency_of(&app, &case).await else {
            return;
        };
        if !digest::claim_single(&app, &case, chrono::Utc::now()).await {
            return;
        }
        let letter = messages::case_received(&agency, &base_url(&app), &case);
        mailer.send(to, &letter).await;
    });
}

/// Tells the complainant of a general complaint, when they left an e-mail
/// address, that there is news on the tracking page. Never for a corruption
/// report: whoever reads the reporter's mailbox must not learn that a report was
/// made. Returns at once.
pub fn reply_posted(app: &App, case: &Case) {
    if case.kind != CaseKind::Complaint || case.contact_sealed.is_none() {
        return;
    }
    if ready_mailer(app).is_none() {
        return;
    }
    let app = app.clone();
    let case = case.clone();
    tokio::spawn(async move {
        let Some(mailer) = ready_mailer(&app) else {
            return;
        };
        let email = match app.vault.open_contact(&case) {
            Ok(Some(contact)) => contact.email.trim().to_owned(),
            Ok(None) => return,
            Err(e) => {
                tracing::warn!(error = %e, "notification not sent: contact not opened");
                return;
            }
        };
        if email.is_empty() {
            return;
        }
        let Some(agency) = agency_of(&app, &case).await else {
            return;
        };
        let letter = messages::reply_posted(&agency, &base_url(&app));
        mailer.send(&[email], &letter).await;
    });
}
