//! The public complaint form (`/p/{agency}/complaint`) and the corruption report
//! form (`/p/{agency}/report`), and the receipt each answers with.
//!
//! The receipt is the POST's own response, never a redirect: a redirect would put
//! the tracking code in a URL, and so in the browser's history. Its code is
//! derived from the form's one-time token and the content
//! ([`TrackingCode::derive`]), so a form sent twice (a double tap, a reload that
//! resends) gives the same code, the store finds the case it already has, and the
//! reporter sees the same receipt; nothing is stored twice. A post without a token
//! gets a random code.
//!
//! What the corruption channel keeps from the request is the form and nothing
//! else: no client address, user agent or referrer is read here, stored or
//! logged (the server logs no requests; see `form.rs` for the `Origin` check,
//! which only compares and forgets). The reporter's contact is sealed before it
//! leaves this module, and the names of a report's files are replaced with neutral
//! ones, because a file name ("คำร้องของสมชาย.pdf", a phone's photo name with a
//! date and time) can say who sent it.

use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use base64::Engine as _;
use chrono::{DateTime, NaiveDate, Utc};
use prongsai_app::case_files::CaseVault;
use prongsai_app::cases::{file_online_case, new_online_case};
use prongsai_core::complaints::tracking::TrackingCode;
use prongsai_core::complaints::{
    Case, CaseAttachment, CaseKind, MAX_CASE_FILE_BYTES, MAX_CASE_FILES, ReporterContact,
    Submission, SubmissionLimits, check_case_file, validate_submission,
};
use prongsai_core::file_name::{DEFAULT_FILE_NAME, uploaded_file_name};
use prongsai_core::model::{Agency, AgencyId, CaseAttachmentId, CaseId};
use prongsai_core::thai::calendar::{format_date_long, in_thailand};
use prongsai_core::validation::ValidationErrors;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::form::{self, PublicForm, Upload};
use super::{PublicAgency, PublicResult, agency_by_code, public_base_url};
use crate::auth::throttle::thai_wait;
use crate::client_addr::ClientAddr;
use crate::error::AppError;
use crate::forms::FormState;
use crate::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/p/{code}/complaint",
            get(complaint_form).post(complaint_submit),
        )
        .route("/p/{code}/report", get(report_form).post(report_submit))
        .layer(DefaultBodyLimit::max(form::BODY_LIMIT))
}

/// The text fields of the forms, in the order they are shown.
const FIELDS: &[&str] = &[
    "subject", "details", "place", "name", "phone", "email", "address", "token", "consent",
];

/// The file input of the forms.
pub(super) const FILES_FIELD: &str = "files";

/// The longest form token taken; a real one is 22 characters.
const MAX_TOKEN: usize = 64;

async fn complaint_form(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> PublicResult<Response> {
    let agency = agency_by_code(&state, &code).await?;
    form_page(
        &state,
        &agency,
        CaseKind::Complaint,
        FormState::default(),
        new_token(),
        false,
    )
}

async fn report_form(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> PublicResult<Response> {
    let agency = agency_by_code(&state, &code).await?;
    form_page(
        &state,
        &agency,
        CaseKind::Corruption,
        FormState::default(),
        new_token(),
        false,
    )
}

async fn complaint_submit(
    State(state): State<AppState>,
    Path(code): Path<String>,
    client: ClientAddr,
    req: Request,
) -> PublicResult<Response> {
    submit(state, code, CaseKind::Complaint, client, req).await
}

async fn report_submit(
    State(state): State<AppState>,
    Path(code): Path<String>,
    client: ClientAddr,
    req: Request,
) -> PublicResult<Response> {
    submit(state, code, CaseKind::Corruption, client, req).await
}

/// A fresh one-time form token: 128 random bits, base64url.
pub(super) fn new_token() -> String {
    let mut bytes = [0_u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The Thai heading of each form.
fn heading(kind: CaseKind) -> &'static str {
    match kind {
        CaseKind::Complaint => "ร้องเรียน/ร้องทุกข์",
        CaseKind::Corruption => "แจ้งเบาะแสการทุจริตและประพฤติมิชอบ",
    }
}

/// The path of a form.
fn form_path(agency: &Agency, kind: CaseKind) -> String {
    match kind {
        CaseKind::Complaint => format!("/p/{}/complaint", agency.code),
        CaseKind::Corruption => format!("/p/{}/report", agency.code),
    }
}

/// The limits the form shows and enforces as `maxlength`.
#[derive(Debug, Serialize)]
struct Limits {
    subject: usize,
    details: usize,
    place: usize,
    name: usize,
    phone: usize,
    email: usize,
    address: usize,
    files: usize,
    file_mb: usize,
}

const LIMITS: Limits = Limits {
    subject: SubmissionLimits::SUBJECT,
    details: SubmissionLimits::DETAILS,
    place: SubmissionLimits::PLACE,
    name: SubmissionLimits::NAME,
    phone: SubmissionLimits::PHONE,
    email: SubmissionLimits::EMAIL,
    address: SubmissionLimits::ADDRESS,
    files: MAX_CASE_FILES,
    file_mb: MAX_CASE_FILE_BYTES / (1024 * 1024),
};

#[derive(Debug, Serialize)]
struct FormPage {
    agency: PublicAgency,
    kind: &'static str,
    heading: &'static str,
    action: String,
    form: FormState,
    /// The messages in the order of the fields, for the summary at the top.
    errors_in_order: Vec<(&'static str, String)>,
    token: String,
    limits: &'static Limits,
    /// After a failed post: files are never kept, so the reporter is asked to
    /// choose them again.
    choose_files_again: bool,
    /// Whether the identity block of the corruption form starts open.
    contact_open: bool,
}

fn form_page(
    state: &AppState,
    agency: &Agency,
    kind: CaseKind,
    form: FormState,
    token: String,
    choose_files_again: bool,
) -> PublicResult<Response> {
    let contact_open = ["name", "phone", "email", "address"].iter().any(|f| {
        form.errors.contains_key(*f) || form.values.get(*f).is_some_and(|v| !v.trim().is_empty())
    });
    let errors_in_order = FIELDS
        .iter()
        .chain(&[FILES_FIELD])
        .filter_map(|f| form.errors.get(*f).map(|m| (*f, m.clone())))
        .collect();
    let page = FormPage {
        agency: PublicAgency::new(agency),
        kind: kind.code(),
        heading: heading(kind),
        action: form_path(agency, kind),
        form,
        errors_in_order,
        token,
        limits: &LIMITS,
        choose_files_again,
        contact_open,
    };
    let html = state
        .templates
        .render("public_complaint_form.html", &page)?;
    Ok(private_page(StatusCode::OK, html))
}

/// A public page that holds what a reporter typed or their code: never cached,
/// never named to another site.
pub(super) fn private_page(status: StatusCode, html: Html<String>) -> Response {
    let mut response = (status, html).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// A file that passed [`check_case_file`], ready to become an attachment.
#[derive(Debug)]
pub(super) struct CheckedFile {
    pub(super) file_name: String,
    pub(super) content_type: &'static str,
    pub(super) sha256: String,
    pub(super) bytes: Vec<u8>,
}

/// Checks the files of a form by their bytes; the message for the file input
/// when one is refused or went over a limit.
pub(super) fn check_files(form: &PublicForm, kind: CaseKind) -> Result<Vec<CheckedFile>, String> {
    if let Some(problem) = form.files_problem() {
        return Err(problem);
    }
    let mut checked = Vec::with_capacity(form.files.len());
    for (index, Upload { file_name, bytes }) in form.files.iter().enumerate() {
        let shown = base_name(file_name);
        let content_type = check_case_file(&shown, bytes)?;
        let file_name = match kind {
            CaseKind::Complaint => shown,
            CaseKind::Corruption => neutral_name(index, content_type),
        };
        checked.push(CheckedFile {
            file_name,
            content_type,
            sha256: hex::encode(Sha256::digest(bytes)),
            bytes: bytes.clone(),
        });
    }
    Ok(checked)
}

/// The name to keep for a file as a browser sent it (see `core::file_name`).
fn base_name(file_name: &str) -> String {
    let name = uploaded_file_name(file_name);
    if name.is_empty() {
        DEFAULT_FILE_NAME.to_owned()
    } else {
        name
    }
}

/// "หลักฐาน-1.pdf": a corruption report's file name that says nothing of its sender.
fn neutral_name(index: usize, content_type: &str) -> String {
    let extension = match content_type {
        "application/pdf" => "pdf",
        "image/png" => "png",
        _ => "jpg",
    };
    format!("หลักฐาน-{}.{extension}", index + 1)
}

/// Attachment rows for checked files of a case, each with its keyed
/// fingerprint (the plain hash stays in memory, for the tracking code).
pub(super) fn attachments(
    vault: &CaseVault,
    agency: AgencyId,
    case: CaseId,
    files: &[CheckedFile],
    now: DateTime<Utc>,
) -> Vec<CaseAttachment> {
    files
        .iter()
        .map(|f| CaseAttachment {
            agency_id: agency,
            case_id: case,
            id: CaseAttachmentId::new(),
            file_name: f.file_name.clone(),
            content_type: f.content_type.to_owned(),
            size_bytes: i64::try_from(f.bytes.len()).expect("a file of at most 10 MB"),
            sha256: vault.fingerprint(agency, &f.bytes),
            uploaded_at: now,
            from_reporter: true,
        })
        .collect()
}

/// Seals and writes the bytes of new attachments; on failure removes what was
/// written.
pub(super) async fn write_files(
    state: &AppState,
    rows: &[CaseAttachment],
    files: &[CheckedFile],
) -> PublicResult<()> {
    for (row, file) in rows.iter().zip(files) {
        if let Err(e) = state.app.vault.write_file(row, &file.bytes).await {
            state.app.vault.remove_files(rows).await;
            return Err(AppError::Internal(format!("case file not written: {e}")).into());
        }
    }
    Ok(())
}

/// What identifies a submission's content for [`TrackingCode::derive`]: SHA-256
/// over the kind, each text field (length first, so fields cannot run into each
/// other) and each file's SHA-256.
fn content_digest(kind: CaseKind, s: &Submission, files: &[CheckedFile]) -> [u8; 32] {
    let mut hash = Sha256::new();
    for part in [
        kind.code(),
        &s.subject,
        &s.details,
        &s.place,
        &s.contact.name,
        &s.contact.phone,
        &s.contact.email,
        &s.contact.address,
    ] {
        hash.update((part.len() as u64).to_be_bytes());
        hash.update(part.as_bytes());
    }
    for f in files {
        hash.update(f.sha256.as_bytes());
    }
    hash.finalize().into()
}

async fn submit(
    state: AppState,
    code: String,
    kind: CaseKind,
    client: ClientAddr,
    req: Request,
) -> PublicResult<Response> {
    if !form::from_our_pages(&state, req.headers()) {
        return Err(form::foreign_origin());
    }
    let base = public_base_url(&state, req.headers());
    let agency = agency_by_code(&state, &code).await?;
    let form = PublicForm::read(req, FIELDS, FILES_FIELD).await?;
    let typed = typed_submission(&form, kind);
    let token = form.text("token");
    let valid = form
        .text_problems()
        .and_then_read(validate_submission(&typed));
    let (valid, files) = match (valid, check_files(&form, kind)) {
        (Ok(valid), Ok(files)) => (valid, files),
        (valid, files) => {
            let errors = valid.err();
            let retry = retry_form(&form, typed.consent, errors.as_ref(), files.err());
            let token = if token_usable(&token) {
                token
            } else {
                new_token()
            };
            let had_files = !form.files.is_empty() || !form.oversized.is_empty() || form.cut;
            return form_page(&state, &agency, kind, retry, token, had_files);
        }
    };
    let wait = state.filing_limit.wait(client, agency.id, Instant::now());
    if !wait.is_zero() {
        let retry = retry_form(&form, typed.consent, None, None)
            .with_error("subject", filing_wait_message(wait));
        let mut page = form_page(&state, &agency, kind, retry, token, !files.is_empty())?;
        *page.status_mut() = StatusCode::TOO_MANY_REQUESTS;
        return Ok(page);
    }
    let tracking = if token_usable(&token) {
        let key = state.app.vault.key(agency.id);
        let content = content_digest(kind, &valid, &files);
        TrackingCode::derive(key.tracking_secret(), &token, &content)
    } else {
        TrackingCode::random()
    };
    let now = Utc::now();
    let case = new_online_case(
        &state.app,
        agency.id,
        kind,
        valid,
        tracking.lookup_hash(),
        now,
    )
    .await?;
    let rows = attachments(&state.app.vault, agency.id, case.id, &files, now);
    write_files(&state, &rows, &files).await?;
    let stored = file_online_case(&state.app, case, rows).await?;
    state.filing_limit.record(client, agency.id, Instant::now());
    receipt(&state, &agency, &stored, &tracking, &base)
}

/// What a client that filed too much in the window reads, at the form it
/// filled (kept as typed).
fn filing_wait_message(wait: Duration) -> String {
    format!(
        "มีการส่งเรื่องจากเครื่องนี้ถึงหน่วยงานนี้หลายครั้งในเวลาสั้น ๆ เรื่องนี้จึงยังไม่ได้ส่ง \
         กรุณารอ {} แล้วกดส่งอีกครั้ง (ข้อความที่กรอกไว้ยังอยู่)",
        thai_wait(wait)
    )
}

/// Whether the form's one-time token can derive a tracking code.
fn token_usable(token: &str) -> bool {
    !token.is_empty() && token.len() <= MAX_TOKEN
}

/// The submission as the reporter typed it.
fn typed_submission(form: &PublicForm, kind: CaseKind) -> Submission {
    Submission {
        kind: Some(kind),
        subject: form.text("subject"),
        details: form.text("details"),
        place: form.text("place"),
        contact: ReporterContact {
            name: form.text("name"),
            phone: form.text("phone"),
            email: form.text("email"),
            address: form.text("address"),
        },
        consent: form.checked("consent"),
    }
}

/// The form again with what was typed and a Thai message per wrong field.
fn retry_form(
    form: &PublicForm,
    consent: bool,
    errors: Option<&ValidationErrors>,
    files_problem: Option<String>,
) -> FormState {
    let mut retry = FormState::with_values(
        FIELDS
            .iter()
            .filter(|f| !matches!(**f, "consent" | "token"))
            .map(|f| (*f, form.text(f))),
    );
    if consent {
        retry.values.insert("consent".to_owned(), "on".to_owned());
    }
    if let Some(errors) = errors {
        retry = retry.with_errors(errors);
    }
    if let Some(message) = files_problem {
        retry = retry.with_error(FILES_FIELD, message);
    }
    retry
}

#[derive(Debug, Serialize)]
struct ReceiptPage {
    agency: PublicAgency,
    kind: &'static str,
    /// What was received: "เรื่องร้องเรียน/ร้องทุกข์" or "การแจ้งเบาะแส".
    received_what: &'static str,
    /// The code's four groups, shown apart.
    code_groups: Vec<String>,
    number: String,
    received: String,
    due: String,
    track_url: String,
    /// Inline SVG of the tracking URL with the code (complaints only).
    qr: Option<String>,
}

fn thai_date(agency: &Agency, date: NaiveDate) -> String {
    format_date_long(date, agency.thai_digits)
}

fn receipt(
    state: &AppState,
    agency: &Agency,
    case: &Case,
    code: &TrackingCode,
    base: &str,
) -> PublicResult<Response> {
    let code = code.to_string();
    let track_url = format!("/p/{}/track", agency.code);
    let qr = (case.kind == CaseKind::Complaint)
        .then(|| prongsai_docs::qr_svg(&format!("{base}{track_url}?code={code}")));
    let page = ReceiptPage {
        agency: PublicAgency::new(agency),
        kind: case.kind.code(),
        received_what: match case.kind {
            CaseKind::Complaint => "เรื่องร้องเรียน/ร้องทุกข์",
            CaseKind::Corruption => "การแจ้งเบาะแส",
        },
        code_groups: code.split('-').map(str::to_owned).collect(),
        number: case.number_label(),
        received: thai_date(agency, in_thailand(case.received_at).date_naive()),
        due: thai_date(agency, case.due_on),
        track_url,
        qr,
    };
    let html = state.templates.render("public_receipt.html", &page)?;
    Ok(private_page(StatusCode::OK, html))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_128_bits_in_base64url() {
        let a = new_token();
        assert_eq!(a.len(), 22);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
        assert_ne!(a, new_token());
    }

    #[test]
    fn file_names_lose_their_path_and_reports_lose_them_entirely() {
        assert_eq!(base_name("C:\\Users\\somchai\\ใบเสร็จ.pdf"), "ใบเสร็จ.pdf");
        assert_eq!(base_name("/tmp/x/a.png"), "a.png");
        assert_eq!(base_name("  "), "ไฟล์แนบ");
        assert_eq!(neutral_name(0, "application/pdf"), "หลักฐาน-1.pdf");
        assert_eq!(neutral_name(2, "image/jpeg"), "หลักฐาน-3.jpg");
    }

    #[test]
    fn the_digest_separates_fields() {
        let a = Submission {
            subject: "ab".to_owned(),
            details: "c".to_owned(),
            ..Submission::default()
        };
        let b = Submission {
            subject: "a".to_owned(),
            details: "bc".to_owned(),
            ..Submission::default()
        };
        assert_ne!(
            content_digest(CaseKind::Complaint, &a, &[]),
            content_digest(CaseKind::Complaint, &b, &[])
        );
        assert_ne!(
            content_digest(CaseKind::Complaint, &a, &[]),
            content_digest(CaseKind::Corruption, &a, &[])
        );
    }
}
