//! Memos (บันทึกข้อความ): the list, newest first, the memo as it reads with the
//! people who acknowledged it, and its form — year, issuing department and unit,
//! number, date, subject, addressees, body and signer.
//!
//! Everyone of the agency who is logged in and has not yet acknowledged a memo
//! gets a "รับทราบ" button (with an optional position); the acknowledgement
//! records the account's display name and the time, once per person, and is
//! printed as the table under the memo. Administrators write the memos.

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::Utc;
use minijinja::context;
use prongsai_core::correspondence::{Memo, MemoAcknowledgement, Signer};
use prongsai_core::model::{Department, DepartmentId, MemoId};
use prongsai_core::thai::calendar::{format_date_long, format_date_numeric, in_thailand};
use prongsai_core::thai::digits::{digits_for, document_number_digits};
use prongsai_core::validation::ValidationErrors;
use prongsai_store::StoreError;
use serde::{Deserialize, Serialize};

use crate::auth::Admin;
use crate::auth::CurrentUser;
use crate::auth::csrf::{CheckedForm, ProtectedForm};
use crate::error::{AppResult, STALE_TH};
use crate::extract::Path;
use crate::forms::FormState;
use crate::pages::Notice;
use crate::pages::confirm::{ConfirmForm, render_confirm};
use crate::pages::cycle::thai_date;
use crate::pages::download::{DownloadQuery, attachment};
use crate::pages::records::orders::{
    official_options, parse_number, read_date, read_signer, signer_values, this_year,
};
use crate::pages::records::risk::typed;
use crate::render::PageContext;
use crate::state::AppState;
use prongsai_app::record_documents::render_memo;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/memos", get(list).post(create))
        .route("/memos/new", get(new_form))
        .route("/memos/{id}", get(view).post(update))
        .route("/memos/{id}/edit", get(edit_form))
        .route("/memos/{id}/acknowledge", post(acknowledge))
        .route("/memos/{id}/delete", get(confirm_delete).post(delete))
        .route("/memos/{id}/download", get(download))
}

fn memo_url(id: MemoId) -> String {
    format!("/memos/{id}")
}

async fn load_memo(state: &AppState, user: &CurrentUser, id: MemoId) -> AppResult<Memo> {
    Ok(state.app.store.get_memo(user.agency_id()?, id).await?)
}

/// A memo as the list shows it.
#[derive(Debug, Serialize)]
struct MemoRow {
    id: MemoId,
    year: i32,
    number: String,
    date: String,
    subject: String,
    acknowledged: usize,
}

async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(notice): Query<Notice>,
) -> AppResult<Html<String>> {
    let agency = user.agency()?;
    let memos = state.app.store.list_memos(agency.id, None).await?;
    let rows: Vec<MemoRow> = memos
        .into_iter()
        .rev()
        .map(|m| MemoRow {
            id: m.id,
            year: m.year,
            number: document_number_digits(&m.number, agency.thai_digits),
            date: m
                .date
                .map(|d| format_date_long(d, agency.thai_digits))
                .unwrap_or_default(),
            subject: m.subject,
            acknowledged: m.acknowledgements.len(),
        })
        .collect();
    let page = PageContext::new(&user, "บันทึกข้อความ", "memos").with_notice(notice.message());
    state
        .templates
        .render("memos.html", context! { page => page, memos => rows })
}

/// "22 พ.ย. 69 เวลา 10:05 น." in Thailand.
fn acknowledged_at(at: chrono::DateTime<Utc>, thai_digits: bool) -> String {
    let time = in_thailand(at).format("%H:%M").to_string();
    format!(
        "{} เวลา {} น.",
        thai_date(at, thai_digits),
        digits_for(&time, thai_digits)
    )
}

/// One acknowledgement as the memo page lists it.
#[derive(Debug, Serialize)]
struct AckRow {
    name: String,
    position: String,
    at: String,
}

async fn view(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<MemoId>,
    Query(notice): Query<Notice>,
) -> AppResult<Html<String>> {
    let memo = load_memo(&state, &user, id).await?;
    let thai = user.agency()?.thai_digits;
    let acknowledgements: Vec<AckRow> = memo
        .acknowledgements
        .iter()
        .map(|a| AckRow {
            name: a.name.clone(),
            position: a.position.clone(),
            at: acknowledged_at(a.at, thai),
        })
        .collect();
    let paragraphs: Vec<String> = memo
        .body
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect();
    let page = PageContext::new(&user, format!("บันทึกข้อความ เรื่อง {}", memo.subject), "memos")
        .with_notice(notice.message());
    state.templates.render(
        "memo.html",
        context! {
            page => page,
            memo => memo,
            number => document_number_digits(&memo.number, thai),
            date => memo.date.map(|d| format_date_long(d, thai)),
            paragraphs => paragraphs,
            signer_name => memo.signer.printed_name(),
            acknowledgements => acknowledgements,
            can_acknowledge => !memo.acknowledged_by(user.user.id),
        },
    )
}

/// What the "รับทราบ" form sends.
#[derive(Debug, Deserialize)]
struct AcknowledgeForm {
    #[serde(default)]
    position: String,
}

async fn acknowledge(
    State(state): State<AppState>,
    Path(id): Path<MemoId>,
    ProtectedForm { user, form }: ProtectedForm<AcknowledgeForm>,
) -> AppResult<Redirect> {
    let memo = load_memo(&state, &user, id).await?;
    let ack = MemoAcknowledgement {
        user_id: user.user.id,
        name: user.user.display_name.clone(),
        position: form.position.trim().to_owned(),
        at: Utc::now(),
    };
    state
        .app
        .store
        .acknowledge_memo(user.actor(), memo.agency_id, memo.id, &ack)
        .await?;
    Ok(Redirect::to(&format!(
        "{}?notice=acknowledged",
        memo_url(memo.id)
    )))
}

/// The form's values for a stored memo.
fn memo_values(m: &Memo, thai_digits: bool) -> BTreeMap<String, String> {
    let mut v: BTreeMap<String, String> = [
        ("year", m.year.to_string()),
        ("from_unit", m.from_unit.clone()),
        ("number", m.number.clone()),
        (
            "date",
            m.date
                .map(|d| format_date_numeric(d, thai_digits))
                .unwrap_or_default(),
        ),
        ("subject", m.subject.clone()),
        ("to", m.to.clone()),
        ("body", m.body.clone()),
        ("version", m.version.to_string()),
    ]
    .into_iter()
    .map(|(k, val)| (k.to_owned(), val))
    .collect();
    if let Some(d) = m.department {
        v.insert("department".to_owned(), d.to_string());
    }
    signer_values(&m.signer, &mut v);
    v
}

/// Reads the memo form onto `base`. The unit left blank is the chosen
/// department's name with the agency's.
fn read_memo(
    values: &BTreeMap<String, String>,
    base: &Memo,
    departments: &[Department],
    agency_name: &str,
    officials: &[prongsai_core::model::Official],
) -> Result<Memo, ValidationErrors> {
    let get = |k: &str| values.get(k).map_or("", |v| v.trim()).to_owned();
    let mut errors = ValidationErrors::new();
    let department = get("department");
    let department = if department.is_empty() {
        None
    } else {
        let found = department
            .parse::<DepartmentId>()
            .ok()
            .and_then(|id| departments.iter().find(|d| d.id == id));
        if found.is_none() {
            errors.add("department", "ไม่พบส่วนราชการนี้ในหน่วยงาน");
        }
        found
    };
    let mut from_unit = get("from_unit");
    if from_unit.is_empty()
        && let Some(d) = department
    {
        from_unit = format!("{} {agency_name}", d.name.trim());
    }
    let date = read_date(&get("date"), "date", &mut errors);
    let signer = read_signer(values, officials, &mut errors);
    let memo = Memo {
        year: parse_number(&get("year")).unwrap_or(0),
        department: department.map(|d| d.id),
        from_unit,
        number: get("number"),
        date,
        subject: get("subject"),
        to: get("to"),
        body: values
            .get("body")
            .map_or("", |v| v.trim())
            .replace("\r\n", "\n"),
        signer,
        version: get("version").parse().unwrap_or(base.version),
        ..base.clone()
    };
    if let Err(found) = memo.validate() {
        for e in found.0 {
            errors.add(e.field, e.message);
        }
    }
    errors.into_result()?;
    Ok(memo)
}

/// Where the form posts and what it is for.
#[derive(Debug, Clone, Copy)]
enum FormMode {
    New,
    Edit(MemoId),
}

async fn render_form(
    state: &AppState,
    user: &CurrentUser,
    mode: FormMode,
    form: FormState,
) -> AppResult<Html<String>> {
    let agency = user.agency_id()?;
    let departments: Vec<(String, String)> = state
        .app
        .store
        .list_departments(agency)
        .await?
        .into_iter()
        .map(|d| (d.id.to_string(), d.name))
        .collect();
    let officials = state.app.store.list_officials(agency).await?;
    let (heading, action) = match mode {
        FormMode::New => ("เขียนบันทึกข้อความ", "/memos".to_owned()),
        FormMode::Edit(id) => ("แก้ไขบันทึกข้อความ", memo_url(id)),
    };
    let page = PageContext::new(user, heading, "memos");
    state.templates.render(
        "memo_form.html",
        context! {
            page => page,
            heading => heading,
            action => action,
            departments => departments,
            officials => official_options(&officials),
            form => form,
        },
    )
}

async fn new_form(State(state): State<AppState>, Admin(user): Admin) -> AppResult<Html<String>> {
    let form = FormState::with_values([
        ("year", this_year().to_string()),
        ("version", "0".to_owned()),
    ]);
    render_form(&state, &user, FormMode::New, form).await
}

async fn edit_form(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<MemoId>,
) -> AppResult<Html<String>> {
    let memo = load_memo(&state, &user, id).await?;
    let form = FormState::with_values(memo_values(&memo, user.agency()?.thai_digits));
    render_form(&state, &user, FormMode::Edit(memo.id), form).await
}

async fn create(
    State(state): State<AppState>,
    Admin(user): Admin,
    CheckedForm { form, problems, .. }: CheckedForm<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let base = Memo {
        id: MemoId::new(),
        agency_id: user.agency_id()?,
        year: 0,
        department: None,
        from_unit: String::new(),
        number: String::new(),
        date: None,
        subject: String::new(),
        to: String::new(),
        body: String::new(),
        signer: Signer::default(),
        acknowledgements: Vec::new(),
        version: 0,
    };
    save(&state, &user, &base, FormMode::New, typed(form), problems).await
}

async fn update(
    State(state): State<AppState>,
    Path(id): Path<MemoId>,
    Admin(user): Admin,
    CheckedForm { form, problems, .. }: CheckedForm<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let stored = load_memo(&state, &user, id).await?;
    save(
        &state,
        &user,
        &stored,
        FormMode::Edit(stored.id),
        typed(form),
        problems,
    )
    .await
}

async fn save(
    state: &AppState,
    user: &CurrentUser,
    base: &Memo,
    mode: FormMode,
    values: BTreeMap<String, String>,
    problems: ValidationErrors,
) -> AppResult<Response> {
    let agency = user.agency()?;
    let departments = state.app.store.list_departments(agency.id).await?;
    let officials = state.app.store.list_officials(agency.id).await?;
    let read = read_memo(&values, base, &departments, &agency.name, &officials);
    let memo = match problems.and_then_read(read) {
        Ok(memo) => memo,
        Err(errors) => {
            let form = FormState::with_values(values).with_errors(&errors);
            return Ok(render_form(state, user, mode, form).await?.into_response());
        }
    };
    match state.app.store.save_memo(user.actor(), &memo).await {
        Ok(saved) => {
            Ok(Redirect::to(&format!("{}?notice=saved", memo_url(saved.id))).into_response())
        }
        Err(StoreError::Stale) => {
            let form = FormState::with_values(values).with_error("form", STALE_TH);
            Ok(render_form(state, user, mode, form).await?.into_response())
        }
        Err(e) => Err(e.into()),
    }
}

async fn confirm_delete(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<MemoId>,
) -> AppResult<Html<String>> {
    let memo = load_memo(&state, &user, id).await?;
    let lines = vec![
        format!("บันทึกข้อความ เรื่อง {}", memo.subject),
        format!("การรับทราบที่บันทึกไว้แล้ว {} รายการ", memo.acknowledgements.len()),
    ];
    render_confirm(
        &state,
        &user,
        "memos",
        "ลบบันทึกข้อความ",
        lines,
        format!("/memos/{}/delete", memo.id),
        memo_url(memo.id),
    )
}

async fn delete(
    State(state): State<AppState>,
    Path(id): Path<MemoId>,
    Admin(user): Admin,
    ProtectedForm { .. }: ProtectedForm<ConfirmForm>,
) -> AppResult<Redirect> {
    let memo = load_memo(&state, &user, id).await?;
    state
        .app
        .store
        .delete_memo(user.actor(), memo.agency_id, memo.id)
        .await?;
    Ok(Redirect::to("/memos?notice=deleted"))
}

async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<MemoId>,
    Query(query): Query<DownloadQuery>,
) -> AppResult<Response> {
    let memo = load_memo(&state, &user, id).await?;
    let format = query.format()?;
    let document = render_memo(
        &state.app.store,
        &state.app.renderer,
        user.agency()?,
        memo.id,
        format,
    )
    .await?;
    Ok(attachment(document))
}

#[cfg(test)]
mod tests {
    use super::*;
    use prongsai_core::model::AgencyId;

    #[test]
    fn the_unit_comes_from_the_department_when_left_blank() {
        let agency_id = AgencyId::new();
        let department = Department {
            agency_id,
            id: DepartmentId::new(),
            name: "สำนักปลัด".into(),
            sort_order: 1,
        };
        let base = Memo {
            id: MemoId::new(),
            agency_id,
            year: 0,
            department: None,
            from_unit: String::new(),
            number: String::new(),
            date: None,
            subject: String::new(),
            to: String::new(),
            body: String::new(),
            signer: Signer::default(),
            acknowledgements: vec![],
            version: 0,
        };
        let dept = department.id.to_string();
        let values: BTreeMap<String, String> = [
            ("year", "๒๕๖๘"),
            ("department", dept.as_str()),
            ("subject", "แจ้งมาตรการ"),
            ("to", "ผู้อำนวยการกอง"),
            ("body", "ย่อหน้าแรก\r\n\r\nจึงเรียนมาเพื่อโปรดทราบ"),
            ("date", "31/10/2565"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let memo = read_memo(&values, &base, &[department], "อบต.หนองปรุง", &[]).unwrap();
        assert_eq!(memo.from_unit, "สำนักปลัด อบต.หนองปรุง");
        assert_eq!(memo.year, 2568);
        assert_eq!(memo.body, "ย่อหน้าแรก\n\nจึงเรียนมาเพื่อโปรดทราบ");
        let back = memo_values(&memo, true);
        assert_eq!(back["date"], "๓๑/๑๐/๒๕๖๕");
        let mut blank = values.clone();
        blank.remove("department");
        blank.insert("year".into(), "68".into());
        let errors = read_memo(&blank, &base, &[], "x", &[]).unwrap_err();
        assert!(errors.get("from_unit").is_some());
        assert!(errors.get("year").is_some());
    }
}
