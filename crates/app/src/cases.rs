//! What the case pages and the public forms write: a complaint or corruption
//! report sent online, from a validated submission to a stored case (the case
//! row with its contact sealed and its deadline from the agency's settings,
//! then the group-commit intake, which either creates it or finds the one the
//! same form already sent), and a message on a case with its files.
//!
//! The files are always written before the rows that name them, so a stored
//! row never points at a missing file; whatever is not stored in the end (a
//! failure, a resent form) is removed again here.

use chrono::{DateTime, NaiveDate, Utc};
use prongsai_core::complaints::CaseMessage;
use prongsai_core::complaints::{
    Case, CaseAttachment, CaseKind, CaseStatus, Channel, Submission, due_on,
};
use prongsai_core::model::{AgencyId, CaseId};
use prongsai_core::thai::calendar::in_thailand;
use prongsai_core::thai::fiscal::FiscalYear;
use prongsai_store::{Actor, NewCase, StoreError, Submitted};

use crate::context::App;
use crate::error::ServiceResult;

/// A case as received on `channel` at `received_at`, from a validated
/// submission: in the fiscal year of its receipt, due on `due`, unnumbered
/// (the store numbers it), without a contact (sealed by the caller) or code.
#[must_use]
pub fn received_case(
    agency: AgencyId,
    kind: CaseKind,
    channel: Channel,
    valid: Submission,
    received_at: DateTime<Utc>,
    due: NaiveDate,
) -> Case {
    Case {
        agency_id: agency,
        id: CaseId::new(),
        kind,
        channel,
        fiscal_year: FiscalYear::containing(in_thailand(received_at).date_naive()).be(),
        number: 0,
        code_hash: String::new(),
        status: CaseStatus::Received,
        contact_sealed: None,
        subject: valid.subject,
        details: valid.details,
        place: valid.place,
        consent: valid.consent,
        received_at,
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

/// The new case of a validated online submission, received `now`, found later
/// by the tracking code whose lookup hash is `code_hash`; its contact sealed.
///
/// # Errors
/// A store failure reading the agency's complaint settings.
pub async fn new_online_case(
    app: &App,
    agency: AgencyId,
    kind: CaseKind,
    valid: Submission,
    code_hash: String,
    now: DateTime<Utc>,
) -> ServiceResult<Case> {
    let settings = app.store.complaint_settings(agency).await?;
    let contact = valid.contact.clone();
    let due = due_on(now, settings.deadline_days);
    let mut case = received_case(agency, kind, Channel::Online, valid, now, due);
    case.code_hash = code_hash;
    case.contact_sealed = app.vault.seal_contact(agency, case.id, &contact);
    Ok(case)
}

/// Files `case` with its already written attachments through the intake and
/// returns the stored case: the new one (its handlers are told by e-mail), or
/// the one the same form sent before (the new copies of its files removed).
///
/// # Errors
/// The intake's store failure; the written files are removed first.
pub async fn file_online_case(
    app: &App,
    case: Case,
    attachments: Vec<CaseAttachment>,
) -> ServiceResult<Case> {
    let submitted = app
        .intake
        .submit(NewCase {
            case,
            attachments: attachments.clone(),
        })
        .await;
    match submitted {
        Ok(Submitted::Created(stored)) => {
            crate::mail::case_received(app, &stored);
            Ok(stored)
        }
        Ok(Submitted::Duplicate(existing)) => {
            app.vault.remove_files(&attachments).await;
            Ok(existing)
        }
        Err(e) => {
            app.vault.remove_files(&attachments).await;
            Err(e.into())
        }
    }
}

/// Stores `message` and then each of its already written `attachments`; on a
/// failure removes the files whose rows were not stored.
///
/// # Errors
/// The store's failure.
pub async fn add_message_with_files(
    app: &App,
    actor: Actor,
    message: &CaseMessage,
    attachments: &[CaseAttachment],
) -> ServiceResult<()> {
    if let Err(e) = app.store.add_case_message(actor, message).await {
        app.vault.remove_files(attachments).await;
        return Err(e.into());
    }
    for (index, row) in attachments.iter().enumerate() {
        if let Err(e) = app.store.add_case_attachment(actor, row).await {
            app.vault.remove_files(&attachments[index..]).await;
            return Err(e.into());
        }
    }
    Ok(())
}

/// Stores a case a staff member entered, with its already written files, and
/// returns it; when the same entry was stored meanwhile (its tracking code is
/// taken), the stored one. Only a new case is announced by e-mail.
///
/// # Errors
/// The store's failure; the written files are removed first.
pub async fn file_staff_case(app: &App, actor: Actor, new: &NewCase) -> ServiceResult<Case> {
    match app.store.create_case(actor, new).await {
        Ok(stored) => {
            crate::mail::case_received(app, &stored);
            Ok(stored)
        }
        Err(e) => {
            app.vault.remove_files(&new.attachments).await;
            if let StoreError::Conflict { .. } = e
                && let Some(existing) = app
                    .store
                    .find_case_by_code(new.case.agency_id, &new.case.code_hash)
                    .await?
            {
                return Ok(existing);
            }
            Err(e.into())
        }
    }
}
