//! Orders (คำสั่ง) that appoint the committees of the ITA work: the list by year,
//! newest first, the order as it reads, and its form — number and year, subject,
//! preamble, committees with members (an official, or a position as text), roles
//! and duties, persons in charge, closing, date and signer.
//!
//! Numbers run per agency and year and are unique; the form is prefilled with
//! the next free number, and a number already used comes back at its field with
//! everything typed kept. Committees and rows repeat without JavaScript: the
//! "เพิ่มคณะกรรมการ" and "เพิ่มแถว" buttons post what was typed back and get the
//! form with one more. "คัดลอกคำสั่ง" starts a new order from an existing one
//! under the next number. Administrators write; everyone of the agency reads.

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use chrono::{Datelike, NaiveDate};
use minijinja::context;
use prongsai_core::correspondence::{
    Assignment, Committee, CommitteeMember, MemberRole, Order, Signer, order_number_text,
};
use prongsai_core::model::{Official, OfficialId, OrderId};
use prongsai_core::thai::calendar::{
    be_year, format_date_long, format_date_numeric, parse_thai_date, today_in_thailand,
};
use prongsai_core::thai::digits::to_arabic_digits;
use prongsai_core::validation::ValidationErrors;
use prongsai_store::StoreError;
use serde::{Deserialize, Serialize};

use crate::auth::Admin;
use crate::auth::CurrentUser;
use crate::auth::csrf::{CheckedForm, ProtectedForm};
use crate::error::{AppError, AppResult, STALE_TH};
use crate::extract::Path;
use crate::forms::FormState;
use crate::pages::Notice;
use crate::pages::confirm::{ConfirmForm, render_confirm};
use crate::pages::cycle::{lines, row_count};
use crate::pages::download::{DownloadQuery, attachment};
use crate::pages::records::risk::{row_filled, rows_shown, typed};
use crate::render::PageContext;
use crate::state::AppState;
use prongsai_app::record_documents::render_order;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/orders", get(list).post(create))
        .route("/orders/new", get(new_form))
        .route("/orders/{id}", get(view).post(update))
        .route("/orders/{id}/edit", get(edit_form))
        .route("/orders/{id}/delete", get(confirm_delete).post(delete))
        .route("/orders/{id}/download", get(download))
}

fn order_url(id: OrderId) -> String {
    format!("/orders/{id}")
}

/// The year (พ.ศ.) of today, which new orders and memos are filed under.
pub(crate) fn this_year() -> i32 {
    be_year(today_in_thailand().year())
}

/// A year (พ.ศ.) or a number typed in Thai or Arabic digits.
pub(crate) fn parse_number(text: &str) -> Option<i32> {
    to_arabic_digits(text.trim()).parse().ok()
}

/// A date typed as other forms take it, or `None` when left blank; a date that
/// cannot be read goes to `errors` at `field`.
pub(crate) fn read_date(
    text: &str,
    field: &str,
    errors: &mut ValidationErrors,
) -> Option<NaiveDate> {
    if text.trim().is_empty() {
        return None;
    }
    match parse_thai_date(text) {
        Ok(date) => Some(date),
        Err(e) => {
            errors.add(field, e.to_string());
            None
        }
    }
}

/// The agency's officials as (id, "name — position") options of a select.
pub(crate) fn official_options(officials: &[Official]) -> Vec<(String, String)> {
    officials
        .iter()
        .map(|o| {
            let label = if o.position.trim().is_empty() {
                o.full_name()
            } else {
                format!("{} — {}", o.full_name(), o.position.trim())
            };
            (o.id.to_string(), label)
        })
        .collect()
}

/// The signer fields of a form.
pub(crate) fn signer_values(signer: &Signer, v: &mut BTreeMap<String, String>) {
    if let Some(id) = signer.official {
        v.insert("signer_official".to_owned(), id.to_string());
    }
    v.insert("signer_name".to_owned(), signer.name.clone());
    v.insert("signer_rank".to_owned(), signer.rank.clone());
    v.insert("signer_position".to_owned(), signer.position.clone());
}

/// An official of the agency chosen in a select, or `None` when none was; an
/// id that is not one of `officials` goes to `errors` at `field`.
fn chosen_official<'a>(
    text: &str,
    officials: &'a [Official],
    field: &str,
    errors: &mut ValidationErrors,
) -> Option<&'a Official> {
    if text.trim().is_empty() {
        return None;
    }
    let found = text
        .parse::<OfficialId>()
        .ok()
        .and_then(|id| officials.iter().find(|o| o.id == id));
    if found.is_none() {
        errors.add(field, "ไม่พบบุคลากรนี้ในหน่วยงาน");
    }
    found
}

/// The signer typed in a form: the official chosen fills the name and the
/// position left blank; what was typed wins.
pub(crate) fn read_signer(
    values: &BTreeMap<String, String>,
    officials: &[Official],
    errors: &mut ValidationErrors,
) -> Signer {
    let get = |k: &str| values.get(k).map_or("", |v| v.trim()).to_owned();
    let official = chosen_official(
        &get("signer_official"),
        officials,
        "signer_official",
        errors,
    );
    let or_official = |typed: String, from: fn(&Official) -> String| {
        if typed.is_empty() {
            official.map(from).unwrap_or_default()
        } else {
            typed
        }
    };
    Signer {
        official: official.map(|o| o.id),
        name: or_official(get("signer_name"), Official::full_name),
        rank: get("signer_rank"),
        position: or_official(get("signer_position"), |o| o.position.trim().to_owned()),
    }
}

/// Keys of a member row that count as typed.
const MEMBER_KEYS: &[&str] = &["official", "position", "role_text"];
/// Keys of an assignment row that count as typed.
const ASSIGNMENT_KEYS: &[&str] = &["heading", "people", "duty"];

fn role_code(role: &MemberRole) -> &'static str {
    match role {
        MemberRole::Chair => "chair",
        MemberRole::Member => "member",
        MemberRole::Secretary => "secretary",
        MemberRole::Custom(_) => "other",
    }
}

/// The form's values for a stored order.
fn order_values(o: &Order, thai_digits: bool) -> BTreeMap<String, String> {
    let mut v = BTreeMap::new();
    let mut set = |k: String, val: String| {
        v.insert(k, val);
    };
    set("year".into(), o.year.to_string());
    set("number".into(), o.number.to_string());
    set("subject".into(), o.subject.clone());
    set("preamble".into(), o.preamble.clone());
    set("closing".into(), o.closing.clone());
    set(
        "date".into(),
        o.date
            .map(|d| format_date_numeric(d, thai_digits))
            .unwrap_or_default(),
    );
    for (c, committee) in o.committees.iter().enumerate() {
        let p = format!("committees.{c}");
        set(format!("{p}.title"), committee.title.clone());
        set(format!("{p}.duties"), committee.duties.join("\n"));
        for (m, member) in committee.members.iter().enumerate() {
            let p = format!("{p}.members.{m}");
            if let Some(id) = member.official {
                set(format!("{p}.official"), id.to_string());
            }
            set(format!("{p}.position"), member.position.clone());
            set(format!("{p}.role"), role_code(&member.role).to_owned());
            if let MemberRole::Custom(text) = &member.role {
                set(format!("{p}.role_text"), text.clone());
            }
        }
    }
    for (i, a) in o.assignments.iter().enumerate() {
        set(format!("assignments.{i}.heading"), a.heading.clone());
        set(format!("assignments.{i}.people"), a.people.join("\n"));
        set(format!("assignments.{i}.duty"), a.duty.clone());
    }
    set("version".into(), o.version.to_string());
    signer_values(&o.signer, &mut v);
    v
}

/// The form rows each kept committee and its members came from.
struct Rows {
    committees: Vec<(usize, Vec<usize>)>,
}

fn committee_filled(values: &BTreeMap<String, String>, c: usize) -> bool {
    let p = format!("committees.{c}");
    row_filled(values, &p, &["title", "duties"])
        || (0..row_count(values, &format!("{p}.members"), 0))
            .any(|m| row_filled(values, &format!("{p}.members.{m}"), MEMBER_KEYS))
}

fn read_member(
    values: &BTreeMap<String, String>,
    row: &str,
    officials: &[Official],
    errors: &mut ValidationErrors,
) -> CommitteeMember {
    let get = |k: &str| {
        values
            .get(&format!("{row}.{k}"))
            .map_or("", |v| v.trim())
            .to_owned()
    };
    let official = chosen_official(
        &get("official"),
        officials,
        &format!("{row}.official"),
        errors,
    );
    let role = match get("role").as_str() {
        "chair" => MemberRole::Chair,
        "secretary" => MemberRole::Secretary,
        "other" => MemberRole::Custom(get("role_text")),
        _ => MemberRole::Member,
    };
    CommitteeMember {
        official: official.map(|o| o.id),
        position: get("position"),
        role,
    }
}

/// Reads the order form onto `base` (id, agency and version kept unless the
/// form says otherwise). Every problem is reported at its field.
fn read_order(
    values: &BTreeMap<String, String>,
    base: &Order,
    officials: &[Official],
) -> Result<Order, ValidationErrors> {
    let get = |k: &str| values.get(k).map_or("", |v| v.trim()).to_owned();
    let mut errors = ValidationErrors::new();
    let year = parse_number(&get("year")).unwrap_or(0);
    let number = parse_number(&get("number")).unwrap_or(0);
    let date = read_date(&get("date"), "date", &mut errors);
    let (committees, rows) = read_committees(values, officials, &mut errors);
    let assignments = (0..row_count(values, "assignments", 0))
        .filter(|i| row_filled(values, &format!("assignments.{i}"), ASSIGNMENT_KEYS))
        .map(|i| Assignment {
            heading: get(&format!("assignments.{i}.heading")),
            people: lines(&get(&format!("assignments.{i}.people"))),
            duty: get(&format!("assignments.{i}.duty")),
        })
        .collect();
    let signer = read_signer(values, officials, &mut errors);
    let order = Order {
        year,
        number,
        subject: get("subject"),
        preamble: get("preamble"),
        committees,
        assignments,
        closing: get("closing"),
        date,
        signer,
        version: get("version").parse().unwrap_or(base.version),
        ..base.clone()
    };
    if let Err(found) = order.validate() {
        for e in found.0 {
            errors.add(order_field(&e.field, &rows), e.message);
        }
    }
    errors.into_result()?;
    Ok(order)
}

/// The committees typed, each with its members, and the form rows they came
/// from (to put a message next to the right field).
fn read_committees(
    values: &BTreeMap<String, String>,
    officials: &[Official],
    errors: &mut ValidationErrors,
) -> (Vec<Committee>, Rows) {
    let get = |k: &str| values.get(k).map_or("", |v| v.trim()).to_owned();
    let mut rows = Rows {
        committees: Vec::new(),
    };
    let mut committees = Vec::new();
    for c in 0..row_count(values, "committees", 0) {
        if !committee_filled(values, c) {
            continue;
        }
        let p = format!("committees.{c}");
        let mut members = Vec::new();
        let mut member_rows = Vec::new();
        for m in 0..row_count(values, &format!("{p}.members"), 0) {
            let row = format!("{p}.members.{m}");
            if row_filled(values, &row, MEMBER_KEYS) {
                members.push(read_member(values, &row, officials, errors));
                member_rows.push(m);
            }
        }
        committees.push(Committee {
            title: get(&format!("{p}.title")),
            members,
            duties: lines(&get(&format!("{p}.duties"))),
        });
        rows.committees.push((c, member_rows));
    }
    (committees, rows)
}

/// The form field of an order error (`committee_2.member_1` is the position of
/// the first kept member row of the second kept committee).
fn order_field(field: &str, rows: &Rows) -> String {
    let mapped = field.strip_prefix("committee_").and_then(|rest| {
        let (n, tail) = rest.split_once('.')?;
        let (c, members) = rows
            .committees
            .get(n.parse::<usize>().ok()?.checked_sub(1)?)?;
        if tail == "title" {
            return Some(format!("committees.{c}.title"));
        }
        let (name, m) = tail.split_once('_')?;
        let m = members.get(m.parse::<usize>().ok()?.checked_sub(1)?)?;
        let key = match name {
            "member" => "position",
            "role" => "role_text",
            _ => return None,
        };
        Some(format!("committees.{c}.members.{m}.{key}"))
    });
    mapped.unwrap_or_else(|| field.to_owned())
}

/// A committee of the form: its row and its member rows.
#[derive(Debug, Serialize)]
struct CommitteeRows {
    index: usize,
    members: Vec<usize>,
}

/// Where the form posts and what it is for.
#[derive(Debug, Clone, Copy)]
enum FormMode {
    New,
    Edit(OrderId),
}

async fn render_form(
    state: &AppState,
    user: &CurrentUser,
    mode: FormMode,
    form: FormState,
    add: Option<&str>,
) -> AppResult<Html<String>> {
    let officials = state.app.store.list_officials(user.agency_id()?).await?;
    let (heading, action) = match mode {
        FormMode::New => ("ออกคำสั่งใหม่", "/orders".to_owned()),
        FormMode::Edit(id) => ("แก้ไขคำสั่ง", order_url(id)),
    };
    let committee_count =
        (row_count(&form.values, "committees", 0) + usize::from(add == Some("committee"))).max(1);
    let committees: Vec<CommitteeRows> = (0..committee_count)
        .map(|c| {
            let prefix = format!("committees.{c}.members");
            let add_member = add == Some(format!("member.{c}").as_str());
            CommitteeRows {
                index: c,
                members: (0..rows_shown(&form.values, &prefix, MEMBER_KEYS, add_member, 1))
                    .collect(),
            }
        })
        .collect();
    let assignments: Vec<usize> = (0..rows_shown(
        &form.values,
        "assignments",
        ASSIGNMENT_KEYS,
        add == Some("assignment"),
        1,
    ))
        .collect();
    let roles = [
        ("chair", "ประธานกรรมการ"),
        ("member", "กรรมการ"),
        ("secretary", "กรรมการและเลขานุการ"),
        ("other", "อื่น ๆ (ระบุ)"),
    ];
    let page = PageContext::new(user, heading, "orders");
    state.templates.render(
        "order_form.html",
        context! {
            page => page,
            heading => heading,
            action => action,
            committees => committees,
            assignments => assignments,
            roles => roles,
            officials => official_options(&officials),
            form => form,
        },
    )
}

/// An order as the list shows it.
#[derive(Debug, Serialize)]
struct OrderRow {
    id: OrderId,
    number: String,
    subject: String,
    date: String,
}

/// A year of the list.
#[derive(Debug, Serialize)]
struct YearGroup {
    year: i32,
    orders: Vec<OrderRow>,
}

async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(notice): Query<Notice>,
) -> AppResult<Html<String>> {
    let agency = user.agency()?;
    let mut orders = state.app.store.list_orders(agency.id, None).await?;
    orders.sort_by_key(|o| std::cmp::Reverse((o.year, o.number)));
    let mut years: Vec<YearGroup> = Vec::new();
    for o in orders {
        let row = OrderRow {
            id: o.id,
            number: order_number_text(o.number, o.year, agency.thai_digits),
            subject: o.subject,
            date: o
                .date
                .map(|d| format_date_long(d, agency.thai_digits))
                .unwrap_or_default(),
        };
        match years.last_mut() {
            Some(g) if g.year == o.year => g.orders.push(row),
            _ => years.push(YearGroup {
                year: o.year,
                orders: vec![row],
            }),
        }
    }
    let page = PageContext::new(&user, "คำสั่ง", "orders").with_notice(notice.message());
    state
        .templates
        .render("orders.html", context! { page => page, years => years })
}

/// `?from=` of "คัดลอกคำสั่ง".
#[derive(Debug, Deserialize)]
struct NewQuery {
    #[serde(default)]
    from: Option<String>,
}

async fn new_form(
    State(state): State<AppState>,
    Admin(user): Admin,
    Query(query): Query<NewQuery>,
) -> AppResult<Html<String>> {
    let agency = user.agency()?;
    let year = this_year();
    let number = state.app.store.next_order_number(agency.id, year).await?;
    let mut values = match query.from.as_deref() {
        Some(from) => {
            let from: OrderId = from.trim().parse().map_err(|_| AppError::NotFound)?;
            let source = load_order(&state, &user, from).await?;
            let mut values = order_values(&source, agency.thai_digits);
            values.remove("date");
            values
        }
        None => BTreeMap::new(),
    };
    values.insert("year".into(), year.to_string());
    values.insert("number".into(), number.to_string());
    values.insert("version".into(), "0".into());
    render_form(
        &state,
        &user,
        FormMode::New,
        FormState::with_values(values),
        None,
    )
    .await
}

async fn load_order(state: &AppState, user: &CurrentUser, id: OrderId) -> AppResult<Order> {
    Ok(state.app.store.get_order(user.agency_id()?, id).await?)
}

/// A member as the order page prints it.
#[derive(Debug, Serialize)]
struct MemberLine {
    who: String,
    role: String,
}

#[derive(Debug, Serialize)]
struct CommitteeView {
    title: String,
    members: Vec<MemberLine>,
    duties: Vec<String>,
}

/// Who a member is: the position typed, else the official's name and position.
fn member_label(member: &CommitteeMember, officials: &[Official]) -> String {
    if !member.position.trim().is_empty() {
        return member.position.trim().to_owned();
    }
    member
        .official
        .and_then(|id| officials.iter().find(|o| o.id == id))
        .map(|o| {
            format!("{} {}", o.full_name(), o.position.trim())
                .trim()
                .to_owned()
        })
        .unwrap_or_default()
}

async fn view(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<OrderId>,
    Query(notice): Query<Notice>,
) -> AppResult<Html<String>> {
    let order = load_order(&state, &user, id).await?;
    let agency = user.agency()?;
    let officials = state.app.store.list_officials(agency.id).await?;
    let committees: Vec<CommitteeView> = order
        .committees
        .iter()
        .map(|c| CommitteeView {
            title: c.title.clone(),
            members: c
                .members
                .iter()
                .map(|m| MemberLine {
                    who: member_label(m, &officials),
                    role: m.role.label_th().to_owned(),
                })
                .collect(),
            duties: c.duties.clone(),
        })
        .collect();
    let number = order_number_text(order.number, order.year, agency.thai_digits);
    let page =
        PageContext::new(&user, format!("คำสั่งที่ {number}"), "orders").with_notice(notice.message());
    state.templates.render(
        "order.html",
        context! {
            page => page,
            order => order,
            number => number,
            preamble => lines(&order.preamble),
            committees => committees,
            date => order.date.map(|d| format_date_long(d, agency.thai_digits)),
            signer_name => order.signer.printed_name(),
        },
    )
}

async fn edit_form(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<OrderId>,
) -> AppResult<Html<String>> {
    let order = load_order(&state, &user, id).await?;
    let values = order_values(&order, user.agency()?.thai_digits);
    render_form(
        &state,
        &user,
        FormMode::Edit(order.id),
        FormState::with_values(values),
        None,
    )
    .await
}

async fn create(
    State(state): State<AppState>,
    Admin(user): Admin,
    CheckedForm { form, problems, .. }: CheckedForm<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let base = Order {
        id: OrderId::new(),
        agency_id: user.agency_id()?,
        year: 0,
        number: 0,
        subject: String::new(),
        preamble: String::new(),
        committees: Vec::new(),
        assignments: Vec::new(),
        closing: String::new(),
        date: None,
        signer: Signer::default(),
        version: 0,
    };
    save(&state, &user, &base, FormMode::New, typed(form), problems).await
}

async fn update(
    State(state): State<AppState>,
    Path(id): Path<OrderId>,
    Admin(user): Admin,
    CheckedForm { form, problems, .. }: CheckedForm<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let stored = load_order(&state, &user, id).await?;
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

/// Saves the posted order, or shows the form again: with one more committee or
/// row when asked, with the messages when something is wrong.
async fn save(
    state: &AppState,
    user: &CurrentUser,
    base: &Order,
    mode: FormMode,
    mut values: BTreeMap<String, String>,
    problems: ValidationErrors,
) -> AppResult<Response> {
    if let Some(add) = values.remove("add") {
        let form = FormState::with_values(values);
        return Ok(render_form(state, user, mode, form, Some(add.as_str()))
            .await?
            .into_response());
    }
    let officials = state.app.store.list_officials(user.agency_id()?).await?;
    let order = match problems.and_then_read(read_order(&values, base, &officials)) {
        Ok(order) => order,
        Err(errors) => {
            let form = FormState::with_values(values).with_errors(&errors);
            return Ok(render_form(state, user, mode, form, None)
                .await?
                .into_response());
        }
    };
    let (field, message) = match state.app.store.save_order(user.actor(), &order).await {
        Ok(saved) => {
            return Ok(
                Redirect::to(&format!("{}?notice=saved", order_url(saved.id))).into_response(),
            );
        }
        Err(StoreError::Conflict { field }) if field == "number" => {
            let next = state
                .app
                .store
                .next_order_number(order.agency_id, order.year)
                .await?;
            (
                "number",
                format!("เลขที่คำสั่งนี้ถูกใช้แล้วในปี {} เลขที่ถัดไปที่ว่างคือ {next}", order.year),
            )
        }
        Err(StoreError::Stale) => ("form", STALE_TH.to_owned()),
        Err(e) => return Err(e.into()),
    };
    let form = FormState::with_values(values).with_error(field, message);
    Ok(render_form(state, user, mode, form, None)
        .await?
        .into_response())
}

async fn confirm_delete(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<OrderId>,
) -> AppResult<Html<String>> {
    let order = load_order(&state, &user, id).await?;
    let number = order_number_text(order.number, order.year, user.agency()?.thai_digits);
    let lines = vec![
        format!("คำสั่งที่ {number} เรื่อง {}", order.subject),
        format!(
            "คณะกรรมการ {} คณะ พร้อมรายชื่อกรรมการและอำนาจหน้าที่",
            order.committees.len()
        ),
    ];
    render_confirm(
        &state,
        &user,
        "orders",
        "ลบคำสั่ง",
        lines,
        format!("/orders/{}/delete", order.id),
        order_url(order.id),
    )
}

async fn delete(
    State(state): State<AppState>,
    Path(id): Path<OrderId>,
    Admin(user): Admin,
    ProtectedForm { .. }: ProtectedForm<ConfirmForm>,
) -> AppResult<Redirect> {
    let order = load_order(&state, &user, id).await?;
    state
        .app
        .store
        .delete_order(user.actor(), order.agency_id, order.id)
        .await?;
    Ok(Redirect::to("/orders?notice=deleted"))
}

async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<OrderId>,
    Query(query): Query<DownloadQuery>,
) -> AppResult<Response> {
    let order = load_order(&state, &user, id).await?;
    let format = query.format()?;
    let document = render_order(
        &state.app.store,
        &state.app.renderer,
        user.agency()?,
        order.id,
        format,
    )
    .await?;
    Ok(attachment(document))
}

#[cfg(test)]
mod tests {
    use super::*;
    use prongsai_core::model::{AgencyId, DepartmentId};

    fn official() -> Official {
        Official {
            agency_id: AgencyId::new(),
            id: OfficialId::new(),
            title: "นาย".into(),
            first_name: "สมชาย".into(),
            last_name: "ใจดี".into(),
            position: "ปลัด".into(),
            department_id: None::<DepartmentId>,
        }
    }

    fn base() -> Order {
        Order {
            id: OrderId::new(),
            agency_id: AgencyId::new(),
            year: 0,
            number: 0,
            subject: String::new(),
            preamble: String::new(),
            committees: vec![],
            assignments: vec![],
            closing: String::new(),
            date: None,
            signer: Signer::default(),
            version: 0,
        }
    }

    fn form(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn an_order_reads_back_with_its_committees_and_signer() {
        let o = official();
        let id = o.id.to_string();
        let values = form(&[
            ("year", "๒๕๖๘"),
            ("number", "98"),
            ("subject", "แต่งตั้งคณะทำงาน"),
            ("date", "1/10/2567"),
            ("committees.0.title", "คณะทำงานอำนวยการ"),
            ("committees.0.duties", "ให้คำปรึกษา\n\nกำกับติดตาม"),
            ("committees.0.members.0.official", &id),
            ("committees.0.members.0.role", "chair"),
            ("committees.0.members.1.position", ""),
            ("committees.0.members.1.role", "member"),
            ("committees.0.members.2.position", "หัวหน้าสำนักปลัด"),
            ("committees.0.members.2.role", "other"),
            ("committees.0.members.2.role_text", "คณะทำงาน/เลขานุการ"),
            ("signer_official", &id),
        ]);
        let order = read_order(&values, &base(), std::slice::from_ref(&o)).unwrap();
        assert_eq!(order.year, 2568);
        let committee = &order.committees[0];
        assert_eq!(committee.members.len(), 2, "the blank row is skipped");
        assert_eq!(committee.members[0].official, Some(o.id));
        assert_eq!(committee.members[1].role.label_th(), "คณะทำงาน/เลขานุการ");
        assert_eq!(committee.duties.len(), 2);
        assert_eq!(order.signer.name, "นายสมชาย ใจดี");
        assert_eq!(order.signer.position, "ปลัด");
        let back = order_values(&order, false);
        assert_eq!(back["committees.0.members.1.role"], "other");
        assert_eq!(back["date"], "1/10/2567");
    }

    #[test]
    fn a_signer_chosen_from_the_officials_follows_the_signature_rule() {
        let mut o = official();
        o.title = "ว่าที่ร้อยตรี".into();
        let values = form(&[("signer_official", &o.id.to_string())]);
        let mut errors = ValidationErrors::default();
        let signer = read_signer(&values, std::slice::from_ref(&o), &mut errors);
        assert_eq!(signer.name, "ว่าที่ร้อยตรี สมชาย ใจดี");
        assert_eq!(signer.position, "ปลัด");
    }

    #[test]
    fn errors_land_at_the_rows_they_came_from() {
        let values = form(&[
            ("year", "2568"),
            ("number", "สิบ"),
            ("subject", "x"),
            ("committees.0.title", ""),
            ("committees.1.title", ""),
            ("committees.1.members.0.position", ""),
            ("committees.1.members.1.role", "other"),
            ("committees.1.members.1.role_text", " "),
            ("committees.1.members.2.position", "ปลัด"),
            ("committees.1.members.2.role", "other"),
            ("date", "1/10/2024"),
        ]);
        let errors = read_order(&values, &base(), &[]).unwrap_err();
        assert!(errors.get("number").is_some());
        assert!(errors.get("committees.1.title").is_some());
        assert!(errors.get("committees.1.members.2.role_text").is_some());
        assert!(errors.get("date").unwrap().contains("พุทธศักราช"));
        assert!(errors.get("signer_name").is_some());
    }
}
