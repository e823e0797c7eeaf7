//! One case as staff handle it: everything about it, the reporter's contact for
//! those who work on it, the messages (public replies the reporter reads with the
//! tracking code, internal notes the reporter never sees), the files, and the
//! forms that move it on — a status change, an assignment to a department and a
//! message with files.
//!
//! Each change names the version of the case the page showed, so a second person
//! working on the same case gets a message instead of overwriting the first. A
//! file is served only to someone who may see its case, as an attachment with
//! `nosniff`, so a browser never renders an upload in the application's origin.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use minijinja::context;
use prongsai_core::complaints::{
    Case, CaseAttachment, CaseKind, CaseMessage, CaseStatus, MAX_CASE_FILE_BYTES, MessageAuthor,
    MessageVisibility, SubmissionLimits, timeliness,
};
use prongsai_core::model::{AgencyId, CaseAttachmentId, CaseId, CaseMessageId, Department};
use prongsai_core::thai::calendar::{format_date_long, in_thailand, today_in_thailand};
use prongsai_core::thai::digits::digits_for;
use prongsai_core::validation::ValidationErrors;
use prongsai_store::StoreError;
use serde::{Deserialize, Serialize};

use crate::auth::CurrentUser;
use crate::auth::csrf::{ProtectedForm, ProtectedUpload};
use crate::error::{AppError, AppResult, STALE_TH};
use crate::extract::Path;
use crate::forms::FormState;
use crate::pages::Notice;
use crate::pages::cases::form::{
    CASE_BODY_LIMIT, CHOOSE_AGAIN_TH, chosen_department, department_options, file_field,
    files_chosen, read_files, staff_attachments, text_values, write_attachments,
};
use crate::pages::cases::list::{
    Access, NAV, case_url, department_name, load_case, timeliness_class,
};
use crate::pages::download::file_disposition;
use crate::render::PageContext;
use crate::state::AppState;
use prongsai_app::cases::add_message_with_files;
use prongsai_core::field_limits::FieldKind;

/// The longest outcome note (the body a case went to, or why it was rejected).
const OUTCOME_NOTE_LIMIT: usize = FieldKind::Text.max_chars();

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/cases/{id}", get(view))
        .route("/cases/{id}/status", post(change_status))
        .route("/cases/{id}/assign", post(assign))
        .route(
            "/cases/{id}/messages",
            post(add_message).layer(DefaultBodyLimit::max(CASE_BODY_LIMIT)),
        )
        .route("/cases/{id}/files/{file}", get(download))
}

/// A moment as the case page shows it: "3 พฤศจิกายน 2568 เวลา 10:15 น.".
fn date_time(at: DateTime<Utc>, thai: bool) -> String {
    let local = in_thailand(at);
    let time = digits_for(&local.format("%H:%M").to_string(), thai);
    format!(
        "{} เวลา {time} น.",
        format_date_long(local.date_naive(), thai)
    )
}

/// What the page says about the reporter's contact.
#[derive(Debug, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
enum ContactView {
    /// Nothing was given (an anonymous report).
    None,
    /// Given, but this user does not work on the case.
    Hidden,
    /// Given, and opened for this user.
    Shown {
        name: String,
        phone: String,
        email: String,
        address: String,
    },
    /// Given, but it does not open with this installation's key.
    Unreadable,
}

fn contact_view(state: &AppState, case: &Case, access: &Access) -> ContactView {
    if case.contact_sealed.is_none() {
        return ContactView::None;
    }
    if !access.works {
        return ContactView::Hidden;
    }
    match state.app.vault.open_contact(case) {
        Ok(Some(c)) => ContactView::Shown {
            name: c.name,
            phone: c.phone,
            email: c.email,
            address: c.address,
        },
        Ok(None) => ContactView::None,
        Err(e) => {
            tracing::warn!(case = %case.id, error = %e, "case contact does not open");
            ContactView::Unreadable
        }
    }
}

#[derive(Debug, Serialize)]
struct MessageView {
    at: String,
    author: String,
    internal: bool,
    body: String,
}

#[derive(Debug, Serialize)]
struct FileView {
    id: CaseAttachmentId,
    name: String,
    content_type: String,
    size_kb: String,
    uploaded: String,
    from_reporter: bool,
}

/// The case page, with `form` holding what was typed into one of its forms and
/// the messages about it.
async fn render_case(
    state: &AppState,
    user: &CurrentUser,
    case: &Case,
    access: &Access,
    mut form: FormState,
    notice: Option<&str>,
) -> AppResult<Html<String>> {
    form.values
        .entry("visibility".to_owned())
        .or_insert_with(|| MessageVisibility::Public.code().to_owned());
    form.values
        .entry("department".to_owned())
        .or_insert_with(|| {
            case.department_id
                .map(|d| d.to_string())
                .unwrap_or_default()
        });
    let agency = user.agency()?;
    let thai = agency.thai_digits;
    let departments = state.app.store.list_departments(agency.id).await?;
    let messages = message_views(state, agency.id, case, thai).await?;
    let files = file_views(state, agency.id, case, thai).await?;
    let open = case.purged_at.is_none();
    let targets: Vec<(&str, &str)> = access
        .targets(case)
        .into_iter()
        .map(|s| (s.code(), s.label_th()))
        .collect();
    let title = format!("{} {}", case.kind.label_th(), case.number_label());
    let page = PageContext::new(user, title, NAV).with_notice(notice);
    state.templates.render(
        "case.html",
        context! {
            page => page,
            case => case_view(case, &departments, thai),
            contact => contact_view(state, case, access),
            messages => messages,
            files => files,
            targets => targets,
            can_assign => access.manages && open && case.status != CaseStatus::Closed,
            can_message => access.works && open,
            departments => department_options(&departments),
            file_fields => (0..prongsai_core::complaints::MAX_CASE_FILES).map(file_field).collect::<Vec<_>>(),
            max_mb => MAX_CASE_FILE_BYTES / (1024 * 1024),
            form => form,
        },
    )
}

/// The case's own fields as the page shows them.
fn case_view(case: &Case, departments: &[Department], thai: bool) -> minijinja::Value {
    let standing = timeliness(case, today_in_thailand());
    let when = |at: Option<DateTime<Utc>>| at.map(|at| date_time(at, thai));
    context! {
        id => case.id,
        kind => case.kind.code(),
        kind_label => case.kind.label_th(),
        number => case.number_label(),
        channel => case.channel.label_th(),
        status => case.status.label_th(),
        received => date_time(case.received_at, thai),
        due => format_date_long(case.due_on, thai),
        timeliness => standing.label_th(),
        timeliness_class => timeliness_class(standing),
        department => department_name(departments, case.department_id),
        subject => case.subject,
        details => case.details,
        place => case.place,
        outcome_note => case.outcome_note,
        consent => case.consent,
        answered => when(case.answered_at),
        first_reply => when(case.first_reply_at),
        closed => when(case.closed_at),
        purged => when(case.purged_at),
        version => case.version,
    }
}

/// The case's messages, each under its author's name.
async fn message_views(
    state: &AppState,
    agency: AgencyId,
    case: &Case,
    thai: bool,
) -> AppResult<Vec<MessageView>> {
    let names: HashMap<_, _> = state
        .app
        .store
        .list_users(agency)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let reporter = match case.kind {
        CaseKind::Complaint => "ผู้ร้อง",
        CaseKind::Corruption => "ผู้แจ้งเบาะแส",
    };
    let messages = state.app.store.case_messages(agency, case.id).await?;
    Ok(messages
        .into_iter()
        .map(|m| MessageView {
            at: date_time(m.at, thai),
            author: match m.author {
                MessageAuthor::Reporter => reporter.to_owned(),
                MessageAuthor::Staff(id) => names
                    .get(&id)
                    .cloned()
                    .unwrap_or_else(|| "เจ้าหน้าที่".to_owned()),
            },
            internal: m.visibility == MessageVisibility::Internal,
            body: m.body,
        })
        .collect())
}

/// The case's files with their sizes in kilobytes.
async fn file_views(
    state: &AppState,
    agency: AgencyId,
    case: &Case,
    thai: bool,
) -> AppResult<Vec<FileView>> {
    let files = state.app.store.case_attachments(agency, case.id).await?;
    Ok(files
        .into_iter()
        .map(|f| FileView {
            id: f.id,
            name: f.file_name,
            content_type: f.content_type,
            size_kb: digits_for(&((f.size_bytes + 1023) / 1024).to_string(), thai),
            uploaded: date_time(f.uploaded_at, thai),
            from_reporter: f.from_reporter,
        })
        .collect())
}

async fn view(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CaseId>,
    Query(notice): Query<Notice>,
) -> AppResult<Html<String>> {
    let (case, access) = load_case(&state, &user, id).await?;
    render_case(
        &state,
        &user,
        &case,
        &access,
        FormState::default(),
        notice.message(),
    )
    .await
}

/// Shows the case again, as it is stored now, with what was typed and the
/// messages about it.
async fn show_again(
    state: &AppState,
    user: &CurrentUser,
    id: CaseId,
    form: FormState,
) -> AppResult<Response> {
    let (case, access) = load_case(state, user, id).await?;
    Ok(render_case(state, user, &case, &access, form, None)
        .await?
        .into_response())
}

fn saved(case: &Case, anchor: &str) -> Response {
    Redirect::to(&format!("{}?notice=saved#{anchor}", case_url(case.id))).into_response()
}

/// The version a form names; one that cannot be read never matches.
fn form_version(text: &str) -> i32 {
    text.trim().parse().unwrap_or(-1)
}

#[derive(Debug, Deserialize)]
struct StatusForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    outcome_note: String,
    #[serde(default)]
    version: String,
}

/// Moves `case` to the status asked for, or says at its field why not.
fn apply_status(
    case: &mut Case,
    access: &Access,
    form: &StatusForm,
    now: DateTime<Utc>,
) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let note = form.outcome_note.trim();
    let Some(to) = CaseStatus::from_code(form.status.trim()) else {
        errors.add("status", "กรุณาเลือกสถานะใหม่");
        return Err(errors);
    };
    if !access.targets(case).contains(&to) {
        errors.add(
            "status",
            format!(
                "เปลี่ยนสถานะจาก \"{}\" เป็น \"{}\" ไม่ได้",
                case.status.label_th(),
                to.label_th()
            ),
        );
    }
    if to.needs_reason() && note.is_empty() {
        errors.add(
            "outcome_note",
            if to == CaseStatus::Forwarded {
                "กรุณาระบุหน่วยงานที่ส่งต่อ เช่น ป.ป.ช. หรือศูนย์ดำรงธรรม"
            } else {
                "กรุณาระบุเหตุผลที่ไม่รับไว้พิจารณา"
            },
        );
    }
    let count = note.chars().count();
    if count > OUTCOME_NOTE_LIMIT {
        errors.add(
            "outcome_note",
            format!("ยาวเกินกำหนด ({count} ตัวอักษร) ใส่ได้ไม่เกิน {OUTCOME_NOTE_LIMIT} ตัวอักษร"),
        );
    }
    errors.into_result()?;
    case.status = to;
    if !note.is_empty() {
        note.clone_into(&mut case.outcome_note);
    }
    if to.is_answered() && case.answered_at.is_none() {
        case.answered_at = Some(now);
    }
    if to == CaseStatus::Closed {
        case.closed_at = Some(now);
    }
    Ok(())
}

async fn change_status(
    State(state): State<AppState>,
    Path(id): Path<CaseId>,
    ProtectedForm { user, form }: ProtectedForm<StatusForm>,
) -> AppResult<Response> {
    let (mut case, access) = load_case(&state, &user, id).await?;
    if !access.works {
        return Err(AppError::Forbidden);
    }
    let typed = FormState::with_values([
        ("status", form.status.clone()),
        ("outcome_note", form.outcome_note.clone()),
    ]);
    if let Err(errors) = apply_status(&mut case, &access, &form, Utc::now()) {
        let form = typed.with_errors(&errors);
        return Ok(render_case(&state, &user, &case, &access, form, None)
            .await?
            .into_response());
    }
    match state
        .app
        .store
        .update_case(user.actor(), &case, form_version(&form.version))
        .await
    {
        Ok(()) => Ok(saved(&case, "status")),
        Err(StoreError::Stale) => {
            show_again(&state, &user, id, typed.with_error("status_form", STALE_TH)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize)]
struct AssignForm {
    #[serde(default)]
    department: String,
    #[serde(default)]
    version: String,
}

async fn assign(
    State(state): State<AppState>,
    Path(id): Path<CaseId>,
    ProtectedForm { user, form }: ProtectedForm<AssignForm>,
) -> AppResult<Response> {
    let (mut case, access) = load_case(&state, &user, id).await?;
    if !access.manages {
        return Err(AppError::Forbidden);
    }
    let typed = FormState::with_values([("department", form.department.clone())]);
    let departments = state.app.store.list_departments(case.agency_id).await?;
    let chosen = if case.purged_at.is_some() || case.status == CaseStatus::Closed {
        Err("เรื่องนี้ปิดแล้ว จึงมอบหมายไม่ได้")
    } else {
        chosen_department(&form.department, &departments)
            .and_then(|d| d.ok_or("กรุณาเลือกส่วนราชการที่รับผิดชอบ"))
    };
    let department = match chosen {
        Ok(department) => department,
        Err(message) => {
            let form = typed.with_error("department", message);
            return Ok(render_case(&state, &user, &case, &access, form, None)
                .await?
                .into_response());
        }
    };
    case.department_id = Some(department);
    if matches!(case.status, CaseStatus::Received | CaseStatus::Screening) {
        case.status = CaseStatus::Assigned;
    }
    match state
        .app
        .store
        .update_case(user.actor(), &case, form_version(&form.version))
        .await
    {
        Ok(()) => Ok(saved(&case, "assign")),
        Err(StoreError::Stale) => {
            show_again(&state, &user, id, typed.with_error("assign_form", STALE_TH)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Reads the message form: the body and whether the reporter reads it.
fn read_message(
    values: &std::collections::BTreeMap<String, String>,
) -> Result<(String, MessageVisibility), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let body = values.get("body").map_or("", |b| b.trim()).to_owned();
    errors.require("body", &body, "ข้อความ");
    let count = body.chars().count();
    if count > SubmissionLimits::MESSAGE {
        errors.add(
            "body",
            format!(
                "ยาวเกินกำหนด ({count} ตัวอักษร) ใส่ได้ไม่เกิน {} ตัวอักษร",
                SubmissionLimits::MESSAGE
            ),
        );
    }
    let visibility = values
        .get("visibility")
        .and_then(|v| MessageVisibility::from_code(v.trim()));
    if visibility.is_none() {
        errors.add("visibility", "กรุณาเลือกว่าเป็นคำตอบถึงผู้ร้องหรือบันทึกภายใน");
    }
    errors.into_result()?;
    Ok((body, visibility.unwrap_or(MessageVisibility::Internal)))
}

async fn add_message(
    State(state): State<AppState>,
    Path(id): Path<CaseId>,
    req: Request,
) -> AppResult<Response> {
    let upload = ProtectedUpload::read(req, &state, MAX_CASE_FILE_BYTES, CASE_BODY_LIMIT).await?;
    let user = &upload.user;
    let (case, access) = load_case(&state, user, id).await?;
    if !access.works {
        return Err(AppError::Forbidden);
    }
    let values = text_values(&upload);
    let mut errors = ValidationErrors::new();
    if case.purged_at.is_some() {
        errors.add("body", "เนื้อหาของเรื่องนี้ถูกลบแล้วเมื่อพ้นระยะเวลาเก็บรักษา");
    }
    let message = read_message(&values).map_err(|e| errors.0.extend(e.0));
    let files = read_files(&upload).map_err(|m| errors.add("files", m));
    let (Ok((body, visibility)), Ok(files), true) = (message, files, errors.is_empty()) else {
        let mut form = FormState::with_values(values).with_errors(&errors);
        if files_chosen(&upload) {
            form = form.with_error("files_again", CHOOSE_AGAIN_TH);
        }
        return Ok(render_case(&state, user, &case, &access, form, None)
            .await?
            .into_response());
    };
    let now = Utc::now();
    let message = CaseMessage {
        agency_id: case.agency_id,
        case_id: case.id,
        id: CaseMessageId::new(),
        at: now,
        author: MessageAuthor::Staff(user.user.id),
        visibility,
        body,
    };
    let files = staff_attachments(&state.app.vault, &case, files, now);
    write_attachments(&state, &files).await?;
    let rows: Vec<CaseAttachment> = files.into_iter().map(|(row, _)| row).collect();
    add_message_with_files(&state.app, user.actor(), &message, &rows).await?;
    if visibility == MessageVisibility::Public {
        prongsai_app::mail::reply_posted(&state.app, &case);
    }
    Ok(saved(&case, "messages"))
}

async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, file_id)): Path<(CaseId, CaseAttachmentId)>,
) -> AppResult<Response> {
    let (case, _) = load_case(&state, &user, id).await?;
    let file = state
        .app
        .store
        .find_case_attachment(case.agency_id, file_id)
        .await?
        .filter(|f| f.case_id == case.id)
        .ok_or(AppError::NotFound)?;
    let bytes = state
        .app
        .vault
        .read_file(&file)
        .await
        .map_err(|e| AppError::Internal(format!("case file {}: {e}", file.id)))?;
    Ok((
        [
            (header::CONTENT_TYPE, file.content_type.clone()),
            (
                header::CONTENT_DISPOSITION,
                file_disposition(&file.file_name),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use prongsai_core::complaints::{Channel, due_on};
    use prongsai_core::model::{AgencyId, CaseId};

    use super::*;
    use crate::pages::cases::list::Scope;

    fn case(status: CaseStatus) -> Case {
        let at = Utc.with_ymd_and_hms(2025, 11, 3, 3, 0, 0).unwrap();
        Case {
            agency_id: AgencyId::new(),
            id: CaseId::new(),
            kind: CaseKind::Complaint,
            channel: Channel::Letter,
            fiscal_year: 2569,
            number: 4,
            code_hash: String::new(),
            status,
            subject: "น้ำประปาไม่ไหล".to_owned(),
            details: "สามวันแล้ว".to_owned(),
            place: String::new(),
            contact_sealed: None,
            consent: true,
            received_at: at,
            due_on: due_on(at, 15),
            department_id: None,
            outcome_note: String::new(),
            answered_at: None,
            first_reply_at: None,
            closed_at: None,
            purged_at: None,
            version: 3,
        }
    }

    const ADMIN: Access = Access {
        kind: CaseKind::Complaint,
        scope: Scope::All,
        manages: true,
        works: true,
    };

    fn form(status: &str, note: &str) -> StatusForm {
        StatusForm {
            status: status.to_owned(),
            outcome_note: note.to_owned(),
            version: "3".to_owned(),
        }
    }

    #[test]
    fn an_answer_is_stamped_once_and_closing_is_stamped() {
        let now = Utc::now();
        let mut c = case(CaseStatus::InProgress);
        apply_status(&mut c, &ADMIN, &form("resolved", ""), now).unwrap();
        assert_eq!(c.answered_at, Some(now));
        let later = now + chrono::Duration::hours(2);
        apply_status(&mut c, &ADMIN, &form("closed", ""), later).unwrap();
        assert_eq!(c.answered_at, Some(now));
        assert_eq!(c.closed_at, Some(later));
    }

    #[test]
    fn forwarding_needs_the_body_and_illegal_moves_are_refused() {
        let mut c = case(CaseStatus::Received);
        let e = apply_status(&mut c, &ADMIN, &form("forwarded", " "), Utc::now()).unwrap_err();
        assert!(e.get("outcome_note").unwrap().contains("ป.ป.ช."));
        let e = apply_status(&mut c, &ADMIN, &form("closed", ""), Utc::now()).unwrap_err();
        assert!(e.get("status").unwrap().contains("ไม่ได้"));
        assert_eq!(c.status, CaseStatus::Received);
        apply_status(
            &mut c,
            &ADMIN,
            &form("forwarded", "ศูนย์ดำรงธรรม"),
            Utc::now(),
        )
        .unwrap();
        assert_eq!(c.outcome_note, "ศูนย์ดำรงธรรม");
    }
}
