//! The form of one OIT item of a year (`/oit/{year}/items/{code}`): the owner
//! department, the evidence links (address and note per row), the explanation,
//! the keywords a check looks for, the status and the due date.
//!
//! Every address is checked as typed ([`read_link`]): a malformed one, one with
//! Thai digits (offered back in Arabic digits), or one outside the agency's own
//! domains, gets its Thai message at its row and nothing is saved,
//! because the checker will only ever fetch the agency's own website and an
//! assessor will not accept evidence hosted elsewhere. Rows repeat without
//! JavaScript ("เพิ่มแถว" posts what was typed back with one more row). The
//! entry is versioned: a save over someone else's newer save is refused with
//! what was typed kept. Administrators edit every entry and choose its owner; a
//! department head edits its own department's entries; others read.

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use minijinja::context;
use prongsai_core::disclosure::{
    DisclosureEntry, DisclosureStatus, EvidenceLink, MAX_LINKS_PER_ITEM, host_is_own,
};
use prongsai_core::ita::OitItem;
use prongsai_core::model::{Agency, Department, DepartmentId, Role};
use prongsai_core::thai::calendar::{format_date_numeric, parse_thai_date};
use prongsai_core::thai::digits::to_arabic_digits;
use prongsai_core::validation::ValidationErrors;
use prongsai_core::web_link::{link_host, same_link};
use prongsai_store::StoreError;

use crate::auth::AgencyMember;
use crate::auth::CurrentUser;
use crate::auth::csrf::CheckedForm;
use crate::error::{AppError, AppResult, STALE_TH};
use crate::extract::{Path, Year};
use crate::forms::{FormState, read_link};
use crate::pages::disclosure::checklist::{NAV, checklist_url, may_edit, year_framework};
use crate::pages::records::risk::{rows_shown, typed};
use crate::render::PageContext;
use crate::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/oit/{year}/items/{code}", get(show).post(save))
}

/// What the form needs besides the typed values.
struct Loaded {
    year: i32,
    item: OitItem,
    stored: DisclosureEntry,
    departments: Vec<Department>,
    own_domains: Vec<String>,
}

async fn load(state: &AppState, agency: &Agency, year: i32, code: &str) -> AppResult<Loaded> {
    let framework = year_framework(state, agency, year).await?;
    let item = framework
        .oit_items()
        .find(|i| i.code == code)
        .cloned()
        .ok_or(AppError::NotFound)?;
    let stored = state
        .app
        .store
        .find_disclosure_entry(agency.id, year, &item.code)
        .await?
        .unwrap_or_else(|| DisclosureEntry::empty(agency.id, year, &item.code));
    let departments = state.app.store.list_departments(agency.id).await?;
    let settings = state.app.store.disclosure_settings(agency.id).await?;
    let own_domains = settings.own_domains(agency.website.as_deref());
    Ok(Loaded {
        year,
        item,
        stored,
        departments,
        own_domains,
    })
}

/// The form filled with what is stored; keywords start from the item's title.
fn stored_values(loaded: &Loaded, thai_digits: bool) -> BTreeMap<String, String> {
    let entry = &loaded.stored;
    let mut values = BTreeMap::new();
    values.insert("version".to_owned(), entry.version.to_string());
    values.insert(
        "department".to_owned(),
        entry
            .department_id
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    for (i, link) in entry.links.iter().enumerate() {
        values.insert(format!("links.{i}.url"), link.url.clone());
        values.insert(format!("links.{i}.note"), link.note.clone());
    }
    values.insert("explanation".to_owned(), entry.explanation.clone());
    let keywords = if entry.keywords.is_empty() {
        loaded.item.title_th.clone()
    } else {
        entry.keywords.join(", ")
    };
    values.insert("keywords".to_owned(), keywords);
    values.insert("status".to_owned(), entry.status.code().to_owned());
    values.insert(
        "due_on".to_owned(),
        entry
            .due_on
            .map(|d| format_date_numeric(d, thai_digits))
            .unwrap_or_default(),
    );
    values
}

/// The Thai message of an address outside the agency's domains.
fn not_own_th(own_domains: &[String]) -> String {
    if own_domains.is_empty() {
        "ลิงก์ต้องอยู่บนเว็บไซต์ของหน่วยงาน แต่ยังไม่ได้กำหนดเว็บไซต์ของหน่วยงาน กรุณากำหนดที่หน้าข้อมูลหน่วยงานหรือตั้งค่า OIT".to_owned()
    } else {
        format!("ลิงก์ต้องอยู่บนเว็บไซต์ของหน่วยงาน ({})", own_domains.join(", "))
    }
}

/// The evidence links of the rows typed (blank rows skipped), each checked;
/// problems at `links.{row}.url`, where an address with Thai digits is
/// rewritten with Arabic ones for the user to confirm.
fn read_links(
    values: &mut BTreeMap<String, String>,
    own_domains: &[String],
    errors: &mut ValidationErrors,
) -> Vec<EvidenceLink> {
    let rows = crate::pages::cycle::row_count(values, "links", 0);
    let mut links: Vec<EvidenceLink> = Vec::new();
    for i in 0..rows {
        let field = format!("links.{i}.url");
        let typed = |key: &str| values.get(key).map_or("", |v| v.trim());
        let note = typed(&format!("links.{i}.note")).to_owned();
        if typed(&field).is_empty() && note.is_empty() {
            continue;
        }
        let Some(url) = read_link(values, &field, errors) else {
            continue;
        };
        if !link_host(&url).is_some_and(|host| host_is_own(&host, own_domains)) {
            errors.add(&field, not_own_th(own_domains));
            continue;
        }
        if links.iter().any(|l| same_link(&l.url, &url)) {
            errors.add(&field, "ลิงก์นี้ซ้ำกับแถวก่อนหน้า");
            continue;
        }
        links.push(EvidenceLink { url, note });
    }
    if links.len() > MAX_LINKS_PER_ITEM {
        errors.add(
            "links",
            format!("แต่ละข้อมีลิงก์ได้ไม่เกิน {MAX_LINKS_PER_ITEM} ลิงก์"),
        );
    }
    links
}

/// Keywords separated by commas or lines, blanks dropped, each once.
fn read_keywords(text: &str) -> Vec<String> {
    let mut keywords: Vec<String> = Vec::new();
    for word in text.split([',', '\n']).map(str::trim) {
        if !word.is_empty() && !keywords.iter().any(|k| k == word) {
            keywords.push(word.to_owned());
        }
    }
    keywords
}

/// The entry typed, on top of the stored one. A department head keeps the
/// stored owner whatever was posted: only administrators assign owners.
fn read_entry(
    values: &mut BTreeMap<String, String>,
    loaded: &Loaded,
    role: Role,
) -> Result<DisclosureEntry, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let mut entry = loaded.stored.clone();
    entry.links = read_links(values, &loaded.own_domains, &mut errors);
    let get = |k: &str| values.get(k).cloned().unwrap_or_default();
    entry.version = to_arabic_digits(get("version").trim())
        .parse()
        .map_err(|_| {
            let mut e = ValidationErrors::new();
            e.add("form", STALE_TH);
            e
        })?;
    if role == Role::Admin {
        let department = get("department");
        entry.department_id = if department.trim().is_empty() {
            None
        } else {
            let id = department.trim().parse::<DepartmentId>().ok();
            match id.filter(|id| loaded.departments.iter().any(|d| d.id == *id)) {
                Some(id) => Some(id),
                None => {
                    errors.add("department", "กรุณาเลือกหน่วยงานภายในจากรายการ");
                    entry.department_id
                }
            }
        };
    }
    entry.explanation = get("explanation").trim_end().to_owned();
    entry.keywords = read_keywords(&get("keywords"));
    match DisclosureStatus::from_code(get("status").trim()) {
        Some(status) => entry.status = status,
        None => errors.add("status", "กรุณาเลือกสถานะจากรายการ"),
    }
    let due = get("due_on");
    entry.due_on = if due.trim().is_empty() {
        None
    } else {
        match parse_thai_date(&due) {
            Ok(date) => Some(date),
            Err(e) => {
                errors.add("due_on", e.to_string());
                entry.due_on
            }
        }
    };
    errors.into_result().map(|()| entry)
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    loaded: &Loaded,
    form: FormState,
    add: bool,
) -> AppResult<Html<String>> {
    let agency = user.agency()?;
    let editable = may_edit(user, loaded.stored.department_id);
    let rows: Vec<usize> =
        (0..rows_shown(&form.values, "links", &["url", "note"], add, 1)).collect();
    let departments: Vec<(String, String)> = loaded
        .departments
        .iter()
        .map(|d| (d.id.to_string(), d.name.clone()))
        .collect();
    let statuses: Vec<(&str, &str)> = DisclosureStatus::ALL
        .iter()
        .map(|s| (s.code(), s.label_th()))
        .collect();
    let title = format!("{} {}", loaded.item.code, loaded.item.title_th);
    let page = PageContext::new(user, title, NAV);
    state.templates.render(
        "disclosure_entry.html",
        context! {
            page => page,
            year => loaded.year,
            item => context! {
                code => loaded.item.code,
                title => loaded.item.title_th,
                evidence => loaded.item.evidence_th,
            },
            form => form,
            rows => rows,
            departments => departments,
            statuses => statuses,
            editable => editable,
            owner_fixed => user.user.role != Role::Admin,
            own_domains => loaded.own_domains,
            thai_digits => agency.thai_digits,
            max_links => MAX_LINKS_PER_ITEM,
        },
    )
}

async fn show(
    State(state): State<AppState>,
    AgencyMember(user): AgencyMember,
    Path((Year(year), code)): Path<(Year, String)>,
) -> AppResult<Html<String>> {
    let agency = user.agency()?;
    let loaded = load(&state, agency, year, &code).await?;
    let form = FormState::with_values(stored_values(&loaded, agency.thai_digits));
    render(&state, &user, &loaded, form, false).await
}

async fn save(
    State(state): State<AppState>,
    Path((Year(year), code)): Path<(Year, String)>,
    AgencyMember(user): AgencyMember,
    CheckedForm { form, problems, .. }: CheckedForm<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let agency = user.agency()?;
    let loaded = load(&state, agency, year, &code).await?;
    if !may_edit(&user, loaded.stored.department_id) {
        return Err(AppError::Forbidden);
    }
    let mut values = typed(form);
    if values.remove("add").is_some() {
        let form = FormState::with_values(values);
        return Ok(render(&state, &user, &loaded, form, true)
            .await?
            .into_response());
    }
    let read = read_entry(&mut values, &loaded, user.user.role);
    let entry = match problems.and_then_read(read) {
        Ok(entry) => entry,
        Err(errors) => {
            let form = FormState::with_values(values).with_errors(&errors);
            return Ok(render(&state, &user, &loaded, form, false)
                .await?
                .into_response());
        }
    };
    match state
        .app
        .store
        .save_disclosure_entry(user.actor(), &entry)
        .await
    {
        Ok(_) => {
            let to = format!(
                "{}#item-{}",
                checklist_url(loaded.year, Some("saved")),
                loaded.item.code
            );
            Ok(Redirect::to(&to).into_response())
        }
        Err(StoreError::Stale) => {
            let form = FormState::with_values(values).with_error("form", STALE_TH);
            Ok(render(&state, &user, &loaded, form, false)
                .await?
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
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
    fn links_are_checked_per_row_and_blank_rows_skipped() {
        let own = vec!["dindaeng.go.th".to_owned()];
        let mut errors = ValidationErrors::new();
        let mut typed = values(&[
            ("links.0.url", " HTTPS://www.Dindaeng.go.th/oit/o1 "),
            ("links.0.note", "หน้า 1"),
            ("links.1.url", ""),
            ("links.2.url", "www.dindaeng.go.th"),
            ("links.3.url", "https://evil.example.com/o1"),
            ("links.4.url", "https://www.dindaeng.go.th/oit/o1"),
            ("links.5.url", "https://www.dindaeng.go.th/menu/๑๑๔/๑๘๙"),
        ]);
        let links = read_links(&mut typed, &own, &mut errors);
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].url, "HTTPS://www.Dindaeng.go.th/oit/o1");
        assert!(errors.get("links.5.url").unwrap().contains("เลขไทย"));
        assert_eq!(
            typed["links.5.url"],
            "https://www.dindaeng.go.th/menu/114/189"
        );
        assert_eq!(links[0].note, "หน้า 1");
        assert!(errors.get("links.1.url").is_none());
        assert!(errors.get("links.2.url").is_some());
        assert!(
            errors
                .get("links.3.url")
                .unwrap()
                .contains("dindaeng.go.th")
        );
        assert!(errors.get("links.4.url").unwrap().contains("ซ้ำ"));
    }

    #[test]
    fn keywords_split_on_commas_and_lines_once_each() {
        assert_eq!(
            read_keywords("โครงสร้าง, ผู้บริหาร\nโครงสร้าง,, "),
            ["โครงสร้าง", "ผู้บริหาร"]
        );
    }
}
