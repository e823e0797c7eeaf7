//! The tracking page: a reporter reads the status and the public replies of a
//! case with the tracking code, and writes back.
//!
//! A code is 80 random bits, and lookups are throttled per client address
//! ([`LoginThrottle`](crate::auth::throttle::LoginThrottle), in memory only): after
//! a handful of wrong codes the address gets a 429 and no lookup at all, even for
//! a right code, until the window passes. A right code does not reset the count,
//! so a reporter's own code cannot be used to keep guessing. Every way a code can
//! fail (not a code, unknown, another agency's, a case whose content was deleted)
//! gets the same status and the same message, so nothing about a code can be
//! learnt from the answer. When the server does not know the address (requests
//! built in-process), all such clients share one count.
//!
//! The address is used as the throttle's key and for nothing else: it is not
//! stored, not logged and forgotten when the window passes. The page is the
//! response of the POST that carries the code, so the code never appears in a URL
//! (the QR code of a complaint receipt opens the form with the code filled in and
//! the reporter still presses the button). Internal notes never reach this page:
//! only public messages are listed, and of the files only the reporter's own, by
//! name.

use std::time::Instant;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use prongsai_app::cases::add_message_with_files;
use prongsai_core::complaints::tracking::TrackingCode;
use prongsai_core::complaints::{
    Case, CaseKind, CaseMessage, CaseStatus, MAX_CASE_FILES, MessageAuthor, MessageVisibility,
    SubmissionLimits,
};
use prongsai_core::model::{Agency, CaseMessageId};
use prongsai_core::thai::calendar::{format_date_long, in_thailand};
use prongsai_store::Actor;
use serde::{Deserialize, Serialize};

use super::form::{self, PublicForm};
use super::submit::{FILES_FIELD, attachments, check_files, private_page, write_files};
use super::{PublicAgency, PublicResult, agency_by_code};
use crate::auth::throttle::thai_wait;
use crate::client_addr::ClientAddr;
use crate::forms::FormState;
use crate::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/p/{code}/track", get(track_form).post(track_submit))
        .route("/p/{code}/track/reply", post(reply))
        .layer(DefaultBodyLimit::max(form::BODY_LIMIT))
}

/// The one answer to every code that does not open a case.
const NOT_FOUND_TH: &str = "ไม่พบเรื่องตามรหัสติดตามนี้ กรุณาตรวจสอบรหัส 16 ตัวอักษรที่ได้รับ \
                            (เช่น 7KQ4-M2XD-9HTV-C3NB) แล้วลองอีกครั้ง";

#[derive(Debug, Deserialize)]
struct TrackQuery {
    #[serde(default)]
    code: String,
}

#[derive(Debug, Serialize)]
struct TrackPage {
    agency: PublicAgency,
    form: FormState,
}

fn track_page(
    state: &AppState,
    agency: &Agency,
    status: StatusCode,
    form: FormState,
) -> PublicResult<Response> {
    let page = TrackPage {
        agency: PublicAgency::new(agency),
        form,
    };
    let html = state.templates.render("public_track.html", &page)?;
    Ok(private_page(status, html))
}

/// `GET /p/{agency}/track[?code=]`: the form, with the code filled in when given.
async fn track_form(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(query): Query<TrackQuery>,
) -> PublicResult<Response> {
    let agency = agency_by_code(&state, &code).await?;
    let form = FormState::with_values([("code", query.code.trim())]);
    track_page(&state, &agency, StatusCode::OK, form)
}

/// `POST /p/{agency}/track`
async fn track_submit(
    State(state): State<AppState>,
    Path(code): Path<String>,
    client: ClientAddr,
    req: Request,
) -> PublicResult<Response> {
    if !form::from_our_pages(&state, req.headers()) {
        return Err(form::foreign_origin());
    }
    let agency = agency_by_code(&state, &code).await?;
    let form = PublicForm::read(req, &["code"], FILES_FIELD).await?;
    match find(&state, &agency, client, &form.text("code")).await? {
        Found::Case(case, code) => {
            case_page(&state, &agency, &case, &code, CasePage::default()).await
        }
        Found::Refused(response) => Ok(response),
    }
}

enum Found {
    Case(Case, TrackingCode),
    Refused(Response),
}

/// The case a typed code opens, or the response that refuses it: the form
/// again with the code as typed, 429 and how long to wait while this client or
/// this code's prefix waits (no lookup made), otherwise 404 and the one
/// not-found message (and one failure counted).
async fn find(
    state: &AppState,
    agency: &Agency,
    client: ClientAddr,
    typed: &str,
) -> PublicResult<Found> {
    let now = Instant::now();
    let throttle = &state.tracking_throttle;
    let wait = throttle.wait(client, typed, now);
    if !wait.is_zero() {
        let form = FormState::with_values([("code", typed.trim())]).with_error(
            "code",
            format!(
                "มีการกรอกรหัสติดตามที่ไม่ถูกต้องหลายครั้งเกินไป กรุณารอ {} แล้วลองอีกครั้ง",
                thai_wait(wait)
            ),
        );
        return track_page(state, agency, StatusCode::TOO_MANY_REQUESTS, form).map(Found::Refused);
    }
    if let Some(code) = TrackingCode::parse(typed) {
        let case = state
            .app
            .store
            .find_case_by_code(agency.id, &code.lookup_hash())
            .await?;
        if let Some(case) = case.filter(|c| c.purged_at.is_none()) {
            return Ok(Found::Case(case, code));
        }
    }
    throttle.record_failure(client, typed, Instant::now());
    let form = FormState::with_values([("code", typed.trim())]).with_error("code", NOT_FOUND_TH);
    track_page(state, agency, StatusCode::NOT_FOUND, form).map(Found::Refused)
}

/// What the case page adds after a reply or a refused one.
#[derive(Debug, Default)]
struct CasePage {
    status: Option<StatusCode>,
    form: FormState,
    notice: Option<&'static str>,
    choose_files_again: bool,
}

#[derive(Debug, Serialize)]
struct MessageView {
    from_reporter: bool,
    at: String,
    body: String,
}

#[derive(Debug, Serialize)]
struct CaseView {
    agency: PublicAgency,
    code: String,
    heading: &'static str,
    number: String,
    status: &'static str,
    received: String,
    due: String,
    open: bool,
    messages: Vec<MessageView>,
    files: Vec<String>,
    form: FormState,
    notice: Option<&'static str>,
    choose_files_again: bool,
    max_message: usize,
    max_files: usize,
}

fn when(agency: &Agency, at: DateTime<Utc>) -> String {
    let local = in_thailand(at);
    let text = format!(
        "{} เวลา {} น.",
        format_date_long(local.date_naive(), agency.thai_digits),
        local.format("%H:%M")
    );
    prongsai_core::thai::digits::digits_for(&text, agency.thai_digits)
}

async fn case_page(
    state: &AppState,
    agency: &Agency,
    case: &Case,
    code: &TrackingCode,
    extra: CasePage,
) -> PublicResult<Response> {
    let messages = state
        .app
        .store
        .case_messages(agency.id, case.id)
        .await?
        .into_iter()
        .filter(|m| m.visibility == MessageVisibility::Public)
        .map(|m| MessageView {
            from_reporter: m.author == MessageAuthor::Reporter,
            at: when(agency, m.at),
            body: m.body,
        })
        .collect();
    let files = state
        .app
        .store
        .case_attachments(agency.id, case.id)
        .await?
        .into_iter()
        .filter(|f| f.from_reporter)
        .map(|f| f.file_name)
        .collect();
    let received = in_thailand(case.received_at).date_naive();
    let view = CaseView {
        agency: PublicAgency::new(agency),
        code: code.to_string(),
        heading: match case.kind {
            CaseKind::Complaint => "เรื่องร้องเรียน/ร้องทุกข์",
            CaseKind::Corruption => "เรื่องแจ้งเบาะแสการทุจริตและประพฤติมิชอบ",
        },
        number: case.number_label(),
        status: case.status.label_th(),
        received: format_date_long(received, agency.thai_digits),
        due: format_date_long(case.due_on, agency.thai_digits),
        open: case.status != CaseStatus::Closed,
        messages,
        files,
        form: extra.form,
        notice: extra.notice,
        choose_files_again: extra.choose_files_again,
        max_message: SubmissionLimits::MESSAGE,
        max_files: MAX_CASE_FILES,
    };
    let html = state.templates.render("public_case.html", &view)?;
    Ok(private_page(extra.status.unwrap_or(StatusCode::OK), html))
}

/// `POST /p/{agency}/track/reply`: the reporter's message (and files) on a case.
async fn reply(
    State(state): State<AppState>,
    Path(code): Path<String>,
    client: ClientAddr,
    req: Request,
) -> PublicResult<Response> {
    if !form::from_our_pages(&state, req.headers()) {
        return Err(form::foreign_origin());
    }
    let agency = agency_by_code(&state, &code).await?;
    let form = PublicForm::read(req, &["code", "message"], FILES_FIELD).await?;
    let (case, code) = match find(&state, &agency, client, &form.text("code")).await? {
        Found::Case(case, code) => (case, code),
        Found::Refused(response) => return Ok(response),
    };
    let typed = form.text("message");
    let kept = FormState::with_values([("message", typed.as_str())]);
    if case.status == CaseStatus::Closed {
        return case_page(&state, &agency, &case, &code, closed_case(kept)).await;
    }
    let body = typed.trim();
    let files = match (message_problem(body), check_files(&form, case.kind)) {
        (None, Ok(files)) => files,
        (message_error, files) => {
            let mut kept = kept;
            if let Some(message) = message_error {
                kept = kept.with_error("message", message);
            }
            if let Err(message) = files {
                kept = kept.with_error(FILES_FIELD, message);
            }
            let extra = CasePage {
                form: kept,
                choose_files_again: !form.files.is_empty()
                    || !form.oversized.is_empty()
                    || form.cut,
                ..CasePage::default()
            };
            return case_page(&state, &agency, &case, &code, extra).await;
        }
    };
    let now = Utc::now();
    let rows = attachments(&state.app.vault, agency.id, case.id, &files, now);
    write_files(&state, &rows, &files).await?;
    let message = CaseMessage {
        agency_id: agency.id,
        case_id: case.id,
        id: CaseMessageId::new(),
        at: now,
        author: MessageAuthor::Reporter,
        visibility: MessageVisibility::Public,
        body: body.to_owned(),
    };
    add_message_with_files(&state.app, Actor::default(), &message, &rows).await?;
    let extra = CasePage {
        notice: Some("ส่งข้อความถึงเจ้าหน้าที่แล้ว"),
        ..CasePage::default()
    };
    case_page(&state, &agency, &case, &code, extra).await
}

/// The case page again when the case was closed: nothing more is accepted.
fn closed_case(kept: FormState) -> CasePage {
    CasePage {
        status: Some(StatusCode::CONFLICT),
        form: kept.with_error(
            "message",
            "เรื่องนี้ปิดแล้ว จึงส่งข้อความเพิ่มไม่ได้ หากมีข้อมูลใหม่ กรุณาแจ้งเป็นเรื่องใหม่",
        ),
        ..CasePage::default()
    }
}

/// What is wrong with the reporter's message, in Thai.
fn message_problem(body: &str) -> Option<String> {
    let count = body.chars().count();
    if body.is_empty() {
        Some("กรุณาพิมพ์ข้อความที่ต้องการแจ้งเพิ่มเติม".to_owned())
    } else if count > SubmissionLimits::MESSAGE {
        Some(format!(
            "ยาวเกินกำหนด ({count} ตัวอักษร) ใส่ได้ไม่เกิน {} ตัวอักษร",
            SubmissionLimits::MESSAGE
        ))
    } else {
        None
    }
}
