//! Staff entry of a case received by telephone, letter, in person, Facebook, LINE
//! or e-mail, with that channel recorded, and the files of staff forms.
//!
//! The entry goes through the same checks as the public forms
//! (`validate_submission`, `check_case_file`), except that consent is not
//! required: staff tick it only when the person agreed to the privacy notice. The
//! contact is sealed with the agency key and the files are sealed on disk before
//! the case is stored.
//!
//! The tracking code is shown once, on the page that answers the entry, so staff
//! can pass it on (read it out on the phone). It is derived from a one-time token
//! of the form and what was entered: a form sent twice (a double click, a reload)
//! finds the case the first one stored and shows the same code, instead of
//! storing the case twice.

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, NaiveTime, TimeZone, Utc};
use minijinja::context;
use prongsai_core::complaints::tracking::TrackingCode;
use prongsai_core::complaints::{
    Case, CaseAttachment, CaseKind, CaseStatus, Channel, MAX_CASE_FILE_BYTES, MAX_CASE_FILES,
    ReporterContact, Submission, SubmissionLimits, check_case_file, due_on, validate_submission,
};
use prongsai_core::file_name::uploaded_file_name;
use prongsai_core::model::{AgencyId, CaseAttachmentId, Department, DepartmentId};
use prongsai_core::thai::calendar::{
    format_date_numeric, in_thailand, parse_thai_date, thailand_offset,
};
use prongsai_core::thai::digits::to_arabic_digits;
use prongsai_core::validation::ValidationErrors;
use prongsai_store::NewCase;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::auth::CurrentUser;
use crate::auth::csrf::{Part, ProtectedUpload};
use crate::auth::tokens::random_token;
use crate::error::{AppError, AppResult};
use crate::forms::FormState;
use crate::pages::cases::list::{NAV, access, case_url, parse_kind};
use crate::render::PageContext;
use crate::state::AppState;
use prongsai_app::case_files::CaseVault;
use prongsai_app::cases::{file_staff_case, received_case};

/// The body limit of a form with files: every file at its largest, plus the text.
pub(crate) const CASE_BODY_LIMIT: usize = MAX_CASE_FILES * MAX_CASE_FILE_BYTES + 1024 * 1024;

/// What a page says when files must be chosen again (a browser never keeps them).
pub(crate) const CHOOSE_AGAIN_TH: &str = "ข้อมูลที่กรอกไว้ยังอยู่ครบ แต่ไฟล์แนบต้องเลือกใหม่อีกครั้ง";

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route(
        "/cases/new",
        get(new_form)
            .post(create)
            .layer(DefaultBodyLimit::max(CASE_BODY_LIMIT)),
    )
}

/// The name of file input `i` of a form (`files.0`, `files.1`, …).
pub(crate) fn file_field(i: usize) -> String {
    format!("files.{i}")
}

/// A file of a form, checked by its bytes.
#[derive(Debug)]
pub(crate) struct UploadedFile {
    pub(crate) name: String,
    pub(crate) content_type: &'static str,
    pub(crate) bytes: Vec<u8>,
}

/// The text fields of a multipart form, without the CSRF token.
pub(crate) fn text_values(upload: &ProtectedUpload) -> BTreeMap<String, String> {
    upload
        .parts
        .iter()
        .filter(|(k, p)| p.file_name.is_none() && k.as_str() != "csrf_token")
        .map(|(k, p)| (k.clone(), p.text()))
        .collect()
}

/// The files chosen in the form's file inputs, each checked; a problem is a Thai
/// message for the `files` field.
pub(crate) fn read_files(upload: &ProtectedUpload) -> Result<Vec<UploadedFile>, String> {
    if upload.cut || !upload.oversized.is_empty() {
        return Err(format!(
            "ไฟล์แนบมีขนาดใหญ่เกิน {} MB ต่อไฟล์",
            MAX_CASE_FILE_BYTES / (1024 * 1024)
        ));
    }
    let mut files = Vec::new();
    for i in 0..MAX_CASE_FILES {
        let Some(Part {
            file_name: Some(name),
            bytes,
        }) = upload.parts.get(&file_field(i))
        else {
            continue;
        };
        let name = uploaded_file_name(name);
        if name.is_empty() && bytes.is_empty() {
            continue;
        }
        let content_type = check_case_file(&name, bytes)?;
        files.push(UploadedFile {
            name,
            content_type,
            bytes: bytes.clone(),
        });
    }
    Ok(files)
}

/// Whether any file input carried a file (to tell the user to choose it again).
pub(crate) fn files_chosen(upload: &ProtectedUpload) -> bool {
    !upload.oversized.is_empty()
        || (0..MAX_CASE_FILES).any(|i| {
            upload
                .parts
                .get(&file_field(i))
                .is_some_and(|p| !p.bytes.is_empty())
        })
}

/// The rows of `files` attached by staff to `case`, paired with their bytes.
pub(crate) fn staff_attachments(
    vault: &CaseVault,
    case: &Case,
    files: Vec<UploadedFile>,
    at: DateTime<Utc>,
) -> Vec<(CaseAttachment, Vec<u8>)> {
    files
        .into_iter()
        .map(|f| {
            let row = CaseAttachment {
                agency_id: case.agency_id,
                case_id: case.id,
                id: CaseAttachmentId::new(),
                file_name: f.name,
                content_type: f.content_type.to_owned(),
                size_bytes: i64::try_from(f.bytes.len()).unwrap_or(i64::MAX),
                sha256: vault.fingerprint(case.agency_id, &f.bytes),
                uploaded_at: at,
                from_reporter: false,
            };
            (row, f.bytes)
        })
        .collect()
}

/// Seals and writes the bytes of new attachments; when one fails, those already
/// written are removed again.
///
/// # Errors
/// The I/O error of the data folder.
pub(crate) async fn write_attachments(
    state: &AppState,
    files: &[(CaseAttachment, Vec<u8>)],
) -> AppResult<()> {
    for (i, (row, bytes)) in files.iter().enumerate() {
        if let Err(e) = state.app.vault.write_file(row, bytes).await {
            let written: Vec<CaseAttachment> = files[..i].iter().map(|(r, _)| r.clone()).collect();
            state.app.vault.remove_files(&written).await;
            return Err(AppError::Internal(format!("case file: {e}")));
        }
    }
    Ok(())
}

/// The channels staff record (the public forms record "online").
fn channel_options() -> Vec<(&'static str, &'static str)> {
    Channel::ALL
        .into_iter()
        .filter(|c| *c != Channel::Online)
        .map(|c| (c.code(), c.label_th()))
        .collect()
}

/// The agency's departments as options, "not assigned yet" first.
pub(crate) fn department_options(departments: &[Department]) -> Vec<(String, String)> {
    std::iter::once((String::new(), "ยังไม่มอบหมาย".to_owned()))
        .chain(
            departments
                .iter()
                .map(|d| (d.id.to_string(), d.name.clone())),
        )
        .collect()
}

/// A department of the agency chosen in a select; `Ok(None)` when none was.
pub(crate) fn chosen_department(
    text: &str,
    departments: &[Department],
) -> Result<Option<DepartmentId>, &'static str> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    text.parse::<DepartmentId>()
        .ok()
        .filter(|id| departments.iter().any(|d| d.id == *id))
        .map(Some)
        .ok_or("ไม่พบส่วนราชการนี้ในหน่วยงาน")
}

/// A time of day as people type it: `9:05`, `14:30`, `14.30`, Thai digits too.
fn parse_time(text: &str) -> Option<NaiveTime> {
    let text = to_arabic_digits(text.trim());
    let text = text.trim_end_matches("น.").trim();
    let (h, m) = text.split_once([':', '.'])?;
    NaiveTime::from_hms_opt(h.trim().parse().ok()?, m.trim().parse().ok()?, 0)
}

/// `?kind=` of the entry form.
#[derive(Debug, Default, Deserialize)]
struct KindQuery {
    #[serde(default)]
    kind: Option<String>,
}

/// What the form shows.
struct FormPage<'a> {
    kind: CaseKind,
    form: FormState,
    files_again: bool,
    departments: &'a [Department],
}

fn render_form(state: &AppState, user: &CurrentUser, p: FormPage<'_>) -> AppResult<Html<String>> {
    let heading = format!("บันทึก{}ที่รับทางช่องทางอื่น", p.kind.label_th());
    let page = PageContext::new(user, heading.clone(), NAV);
    state.templates.render(
        "case_form.html",
        context! {
            page => page,
            heading => heading,
            kind => p.kind.code(),
            corruption => p.kind == CaseKind::Corruption,
            channels => channel_options(),
            departments => department_options(p.departments),
            max_files => MAX_CASE_FILES,
            file_fields => (0..MAX_CASE_FILES).map(file_field).collect::<Vec<_>>(),
            max_mb => MAX_CASE_FILE_BYTES / (1024 * 1024),
            limits => context! {
                subject => SubmissionLimits::SUBJECT,
                details => SubmissionLimits::DETAILS,
                place => SubmissionLimits::PLACE,
                name => SubmissionLimits::NAME,
                phone => SubmissionLimits::PHONE,
                email => SubmissionLimits::EMAIL,
                address => SubmissionLimits::ADDRESS,
            },
            files_again => p.files_again.then_some(CHOOSE_AGAIN_TH),
            form => p.form,
            saved => None::<()>,
        },
    )
}

async fn new_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<KindQuery>,
) -> AppResult<Html<String>> {
    let kind = parse_kind(query.kind.as_deref())?;
    if !access(&state, &user, kind).await?.manages {
        return Err(AppError::Forbidden);
    }
    let agency = user.agency()?;
    let now = in_thailand(Utc::now());
    let values = [
        ("kind", kind.code().to_owned()),
        ("entry_token", random_token()),
        ("channel", Channel::Telephone.code().to_owned()),
        (
            "received_date",
            format_date_numeric(now.date_naive(), agency.thai_digits),
        ),
        ("received_time", now.format("%H:%M").to_string()),
    ];
    let departments = state.app.store.list_departments(agency.id).await?;
    render_form(
        &state,
        &user,
        FormPage {
            kind,
            form: FormState::with_values(values),
            files_again: false,
            departments: &departments,
        },
    )
}

/// When the case was received, read from its date and time fields; problems go
/// to `errors`. A moment in the future is refused.
fn read_received(
    values: &BTreeMap<String, String>,
    now: DateTime<Utc>,
    errors: &mut ValidationErrors,
) -> Option<DateTime<Utc>> {
    let get = |k: &str| values.get(k).map_or("", |v| v.trim());
    let date = match parse_thai_date(get("received_date")) {
        Ok(date) => Some(date),
        Err(e) => {
            errors.add("received_date", e.to_string());
            None
        }
    };
    let time = if get("received_time").is_empty() {
        Some(NaiveTime::MIN)
    } else {
        let time = parse_time(get("received_time"));
        if time.is_none() {
            errors.add(
                "received_time",
                "อ่านเวลาไม่ได้ กรุณาใช้รูปแบบ ชั่วโมง:นาที เช่น 09:30 หรือ 14.15",
            );
        }
        time
    };
    let at = thailand_offset()
        .from_local_datetime(&date?.and_time(time?))
        .single()?
        .with_timezone(&Utc);
    if at > now {
        errors.add("received_date", "วันและเวลาที่รับเรื่องต้องไม่เป็นเวลาในอนาคต");
        return None;
    }
    Some(at)
}

/// A case read from the entry form, before it is stored.
struct Entry {
    case: Case,
    contact: ReporterContact,
}

/// Reads and checks the entry form; every problem is reported at its field.
fn read_entry(
    values: &BTreeMap<String, String>,
    agency: AgencyId,
    kind: CaseKind,
    departments: &[Department],
    deadline_days: u32,
    now: DateTime<Utc>,
) -> Result<Entry, ValidationErrors> {
    let get = |k: &str| values.get(k).cloned().unwrap_or_default();
    let mut errors = ValidationErrors::new();
    let channel = Channel::from_code(get("channel").trim()).filter(|c| *c != Channel::Online);
    if channel.is_none() {
        errors.add("channel", "กรุณาเลือกช่องทางที่รับเรื่อง");
    }
    let received = read_received(values, now, &mut errors);
    let department = chosen_department(&get("department"), departments)
        .map_err(|message| errors.add("department", message))
        .ok()
        .flatten();
    let consent = get("consent") == "1";
    let submission = Submission {
        kind: Some(kind),
        subject: get("subject"),
        details: get("details"),
        place: get("place"),
        contact: ReporterContact {
            name: get("name"),
            phone: get("phone"),
            email: get("email"),
            address: get("address"),
        },
        // Staff entry does not require consent: it is recorded as ticked.
        consent: true,
    };
    let checked = validate_submission(&submission).map_err(|e| errors.0.extend(e.0));
    let (Ok(checked), Some(channel), Some(received_at)) = (checked, channel, received) else {
        return Err(errors);
    };
    errors.into_result()?;
    let contact = checked.contact.clone();
    let due = due_on(received_at, deadline_days);
    let mut case = received_case(agency, kind, channel, checked, received_at, due);
    case.consent = consent;
    if department.is_some() {
        case.department_id = department;
        case.status = CaseStatus::Assigned;
    }
    Ok(Entry { case, contact })
}

/// What the tracking code of an entry is derived from: everything entered.
fn entry_digest(case: &Case, contact: &ReporterContact) -> Vec<u8> {
    let content = serde_json::json!({
        "kind": case.kind,
        "channel": case.channel,
        "received_at": case.received_at,
        "subject": case.subject,
        "details": case.details,
        "place": case.place,
        "department": case.department_id,
        "contact": contact,
    });
    Sha256::digest(content.to_string().as_bytes()).to_vec()
}

/// The page after a stored entry: the running number and the tracking code,
/// shown this once.
fn render_saved(
    state: &AppState,
    user: &CurrentUser,
    case: &Case,
    code: &TrackingCode,
) -> AppResult<Html<String>> {
    let page = PageContext::new(user, "บันทึกเรื่องเรียบร้อยแล้ว", NAV);
    state.templates.render(
        "case_form.html",
        context! {
            page => page,
            saved => context! {
                number => case.number_label(),
                kind_label => case.kind.label_th(),
                code => code.to_string(),
                url => case_url(case.id),
            },
        },
    )
}

async fn create(State(state): State<AppState>, req: Request) -> AppResult<Response> {
    let upload = ProtectedUpload::read(req, &state, MAX_CASE_FILE_BYTES, CASE_BODY_LIMIT).await?;
    let user = &upload.user;
    let values = text_values(&upload);
    let kind = parse_kind(values.get("kind").map(String::as_str))?;
    if !access(&state, user, kind).await?.manages {
        return Err(AppError::Forbidden);
    }
    let agency = user.agency_id()?;
    let departments = state.app.store.list_departments(agency).await?;
    let settings = state.app.store.complaint_settings(agency).await?;
    let now = Utc::now();
    let mut errors = ValidationErrors::new();
    let entry = read_entry(
        &values,
        agency,
        kind,
        &departments,
        settings.deadline_days,
        now,
    )
    .map_err(|e| errors.0.extend(e.0));
    let files = read_files(&upload).map_err(|message| errors.add("files", message));
    let (Ok(Entry { mut case, contact }), Ok(files)) = (entry, files) else {
        let page = FormPage {
            kind,
            form: FormState::with_values(values).with_errors(&errors),
            files_again: files_chosen(&upload),
            departments: &departments,
        };
        return Ok(render_form(&state, user, page)?.into_response());
    };
    let code = entry_code(&state, &values, &case, &contact);
    case.code_hash = code.lookup_hash();
    if let Some(existing) = state
        .app
        .store
        .find_case_by_code(agency, &case.code_hash)
        .await?
    {
        return Ok(render_saved(&state, user, &existing, &code)?.into_response());
    }
    case.contact_sealed = state.app.vault.seal_contact(agency, case.id, &contact);
    let files = staff_attachments(&state.app.vault, &case, files, now);
    write_attachments(&state, &files).await?;
    let rows: Vec<CaseAttachment> = files.into_iter().map(|(row, _)| row).collect();
    let new = NewCase {
        case,
        attachments: rows,
    };
    let stored = file_staff_case(&state.app, user.actor(), &new).await?;
    Ok(render_saved(&state, user, &stored, &code)?.into_response())
}

/// The entry's tracking code: derived from the form's one-time token and the
/// content, so an entry sent twice finds the first; random without a token.
fn entry_code(
    state: &AppState,
    values: &BTreeMap<String, String>,
    case: &Case,
    contact: &ReporterContact,
) -> TrackingCode {
    let token = values.get("entry_token").map_or("", |t| t.trim());
    if token.is_empty() {
        return TrackingCode::random();
    }
    let key = state.app.vault.key(case.agency_id);
    TrackingCode::derive(key.tracking_secret(), token, &entry_digest(case, contact))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn times_are_read_as_typed() {
        assert_eq!(parse_time("9:05"), NaiveTime::from_hms_opt(9, 5, 0));
        assert_eq!(parse_time("14.30 น."), NaiveTime::from_hms_opt(14, 30, 0));
        assert_eq!(parse_time("๑๔:๓๐"), NaiveTime::from_hms_opt(14, 30, 0));
        assert_eq!(parse_time("25:00"), None);
        assert_eq!(parse_time("บ่าย"), None);
    }

    #[test]
    fn an_entry_takes_its_fiscal_year_and_deadline_from_the_thai_date() {
        let department = Department {
            agency_id: AgencyId::new(),
            id: DepartmentId::new(),
            name: "กองช่าง".to_owned(),
            sort_order: 1,
        };
        let id = department.id.to_string();
        let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let entry = read_entry(
            &values(&[
                ("channel", "letter"),
                ("received_date", "1/10/2568"),
                ("received_time", "08:30"),
                ("subject", " ถนนชำรุด "),
                ("details", "หลุมบ่อหน้าโรงเรียน"),
                ("department", &id),
            ]),
            AgencyId::new(),
            CaseKind::Complaint,
            std::slice::from_ref(&department),
            15,
            now,
        )
        .unwrap();
        assert_eq!(entry.case.fiscal_year, 2569);
        assert_eq!(entry.case.subject, "ถนนชำรุด");
        assert_eq!(entry.case.status, CaseStatus::Assigned);
        assert_eq!(entry.case.due_on.to_string(), "2025-10-16");
        assert!(!entry.case.consent);
        assert!(entry.contact.is_empty());
    }

    #[test]
    fn entry_problems_land_at_their_fields() {
        let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let errors = read_entry(
            &values(&[
                ("channel", "online"),
                ("received_date", "2/1/2569"),
                ("received_time", "เที่ยง"),
                ("subject", ""),
                ("details", "x"),
                ("phone", "12"),
                ("department", "not-an-id"),
            ]),
            AgencyId::new(),
            CaseKind::Complaint,
            &[],
            15,
            now,
        )
        .err()
        .unwrap();
        for field in ["channel", "received_time", "subject", "phone", "department"] {
            assert!(errors.get(field).is_some(), "{field}: {errors}");
        }
        let errors = read_entry(
            &values(&[
                ("channel", "telephone"),
                ("received_date", "2/1/2569"),
                ("received_time", "09:00"),
                ("subject", "ก"),
                ("details", "ข"),
            ]),
            AgencyId::new(),
            CaseKind::Complaint,
            &[],
            15,
            now,
        )
        .err()
        .unwrap();
        assert!(errors.get("received_date").unwrap().contains("อนาคต"));
    }
}
