//! The OIT checklist of a fiscal year (`/oit?year=`): every item of the year's
//! framework with its owner, evidence links and the verdict of each link's
//! latest check, readiness per sub-indicator and the predicted OIT score; the
//! buttons that start a link check and carry last year's entries over; the
//! history of one link (`/oit/links?url=`) with its archived copies; and the
//! checklist as a document (`/oit/{year}/report?format=`).
//!
//! The prediction counts only links a check found working, so the page shows a
//! verdict next to every link: an administrator fixes what is broken before
//! NACC's assessor opens it. Verdicts carry their text, never a colour alone.
//! Everyone of the agency reads; administrators run checks and carry-over.

use std::collections::{BTreeMap, HashMap};

use axum::Router;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::{DateTime, NaiveDate, Utc};
use minijinja::context;
use prongsai_core::disclosure::{
    DisclosureEntry, DisclosureStatus, LinkCheck, LinkVerdict, SubIndicatorReadiness, readiness,
};
use prongsai_core::ita::{self, Catalog, Framework, Instrument, OitItem};
use prongsai_core::model::{Agency, DepartmentId, LinkCheckId, Role};
use prongsai_core::thai::calendar::{format_date_short, in_thailand, today_in_thailand};
use prongsai_core::thai::digits::digits_for;
use prongsai_core::thai::fiscal::FiscalYear;
use serde::{Deserialize, Serialize};

use crate::auth::CurrentUser;
use crate::auth::csrf::ProtectedForm;
use crate::auth::{Admin, AgencyMember};
use crate::error::{AppError, AppResult};
use crate::extract::{Path, Year, parse_year};
use crate::pages::download::{DownloadQuery, attachment};
use crate::render::PageContext;
use crate::state::AppState;
use prongsai_app::disclosure_checklist::Checklist;
use prongsai_app::ita_results::catalog_for;
use prongsai_app::link_checks::start_link_check;
use prongsai_app::oit_report::render_oit_report;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/oit", get(checklist))
        .route("/oit/{year}/check", post(check))
        .route("/oit/{year}/carry-over", post(carry))
        .route("/oit/{year}/report", get(report))
        .route("/oit/links", get(history))
        .route("/oit/links/{check_id}/archive", get(archive))
}

/// The navigation entry of the OIT pages.
pub(crate) const NAV: &str = "oit";

/// Whether the user may change an entry owned by `department`: administrators
/// always, a department head only its own department's entries.
pub(crate) fn may_edit(user: &CurrentUser, department: Option<DepartmentId>) -> bool {
    match user.user.role {
        Role::Admin => true,
        Role::DepartmentHead => department.is_some() && department == user.user.department_id,
        Role::Executive | Role::Staff | Role::Supervisor => false,
    }
}

/// The framework of `year` for the agency (its own import first), or 404.
pub(crate) async fn year_framework(
    state: &AppState,
    agency: &Agency,
    year: i32,
) -> AppResult<Framework> {
    prongsai_app::ita_results::year_framework(&state.app.store, agency.id, year)
        .await?
        .ok_or(AppError::NotFound)
}

/// The URL of the checklist of `year`, with an optional notice code.
pub(crate) fn checklist_url(year: i32, notice: Option<&str>) -> String {
    match notice {
        Some(code) => format!("/oit?year={year}&notice={code}"),
        None => format!("/oit?year={year}"),
    }
}

/// `?year=&notice=` of the checklist.
#[derive(Debug, Default, Deserialize)]
struct ChecklistQuery {
    #[serde(default)]
    year: Option<String>,
    #[serde(default)]
    notice: Option<String>,
}

/// The Thai message of a notice code of the OIT pages.
fn notice_th(code: &str) -> Option<&'static str> {
    match code {
        "saved" => Some("บันทึกเรียบร้อยแล้ว"),
        "checking" => Some("เริ่มตรวจลิงก์แล้ว ผลจะแสดงในหน้านี้เมื่อตรวจเสร็จ"),
        "busy" => Some(prongsai_app::link_checks::ALREADY_RUNNING_TH),
        "carried" => Some("ยกรายการจากปีที่แล้วเรียบร้อยแล้ว กรุณาตรวจลิงก์และปรับสถานะของแต่ละข้ออีกครั้ง"),
        "nothing" => Some("ไม่มีรายการของปีที่แล้วที่ยกมาได้ ทุกข้อที่จับคู่ได้มีรายการของปีนี้อยู่แล้ว"),
        _ => None,
    }
}

/// The year shown when none is asked for: the current fiscal year if it has a
/// framework, else the latest earlier year with one, else the first.
fn default_year(catalog: &Catalog) -> Option<i32> {
    let current = FiscalYear::containing(today_in_thailand()).be();
    let years = catalog.years();
    years
        .iter()
        .rev()
        .find(|y| **y <= current)
        .or_else(|| years.first())
        .copied()
}

/// One evidence link with its latest verdict.
#[derive(Debug, Serialize)]
struct LinkRow {
    url: String,
    note: String,
    /// `None` before the first check.
    verdict: Option<&'static str>,
    verdict_label: &'static str,
    detail: String,
    checked_on: Option<String>,
    /// The link's history page.
    history: String,
}

/// One item of the checklist.
#[derive(Debug, Serialize)]
struct ItemRow {
    code: String,
    title: String,
    department: Option<String>,
    status: &'static str,
    status_label: &'static str,
    due: Option<String>,
    overdue: bool,
    predicted_pass: bool,
    links: Vec<LinkRow>,
    can_edit: bool,
}

/// One sub-indicator: readiness counts and its items.
#[derive(Debug, Serialize)]
struct GroupRow {
    code: String,
    name: String,
    items: usize,
    not_started: usize,
    ready: usize,
    submitted: usize,
    predicted_pass: usize,
    rows: Vec<ItemRow>,
}

/// What the page says about links before any check.
const NOT_CHECKED_TH: &str = "ยังไม่ได้ตรวจ";

fn link_row(url: &str, note: &str, check: Option<&LinkCheck>, thai_digits: bool) -> LinkRow {
    LinkRow {
        url: url.to_owned(),
        note: note.to_owned(),
        verdict: check.map(|c| c.verdict.code()),
        verdict_label: check.map_or(NOT_CHECKED_TH, |c| c.verdict.label_th()),
        detail: check.map(|c| c.detail_th.clone()).unwrap_or_default(),
        checked_on: check.map(|c| stamp(c.checked_at, thai_digits)),
        history: history_url(url),
    }
}

/// The history page of one link.
pub(crate) fn history_url(url: &str) -> String {
    let query = serde_urlencoded::to_string([("url", url)]).unwrap_or_default();
    format!("/oit/links?{query}")
}

/// A moment in Thailand with its time: "๒๒ พ.ย. ๖๙ ๑๔:๐๕".
fn stamp(at: DateTime<Utc>, thai_digits: bool) -> String {
    let local = in_thailand(at);
    let time = digits_for(&local.format("%H:%M").to_string(), thai_digits);
    format!(
        "{} {time}",
        format_date_short(local.date_naive(), thai_digits)
    )
}

async fn checklist(
    State(state): State<AppState>,
    AgencyMember(user): AgencyMember,
    Query(query): Query<ChecklistQuery>,
) -> AppResult<Response> {
    let agency = user.agency()?;
    let catalog = catalog_for(&state.app.store, agency.id).await?;
    let year = checklist_year(&catalog, query.year.as_deref())?;
    let notice = query.notice.as_deref().and_then(notice_th);
    let page = PageContext::new(&user, "รายการเปิดเผยข้อมูลสาธารณะ (OIT)", NAV).with_notice(notice);
    let years = catalog.years();
    let Some(framework) = catalog.get(year) else {
        let missing = format!("ไม่มีกรอบการประเมินของปีงบประมาณ {year}");
        let html = state.templates.render(
            "disclosure.html",
            context! { page => page, year => year, years => years, missing => missing },
        )?;
        return Ok(html.into_response());
    };
    let thai_digits = agency.thai_digits;
    // Read before the checks: a run that ends while this page loads has then
    // either saved everything read below or is still shown as running, never
    // neither (its slot is released only after its results are stored).
    let progress = state.app.link_checks.progress(agency.id);
    let loaded = Checklist::load(&state.app.store, agency.id, framework, year).await?;
    let table = ChecklistTable::new(framework, &loaded, &user, thai_digits);
    let is_admin = user.user.role.can_administer();
    let html = state.templates.render(
        "disclosure.html",
        context! {
            page => page,
            year => year,
            years => years,
            missing => None::<String>,
            draft => framework.is_draft().then_some(ita::DRAFT_WARNING_TH),
            groups => table.groups,
            items => loaded.predicted.len(),
            passing => loaded.passing(),
            predicted_score => loaded.predicted_percent,
            verdict_counts => table.verdict_counts(),
            unchecked => table.unchecked,
            progress => progress,
            last_check => loaded.last_check_at.map(|at| stamp(at, thai_digits)),
            can_carry => is_admin && loaded.can_carry_over,
            is_admin => is_admin,
        },
    )?;
    Ok(html.into_response())
}

/// The year asked for, else the year the catalogue suggests.
fn checklist_year(catalog: &Catalog, typed: Option<&str>) -> AppResult<i32> {
    match typed.map(str::trim).unwrap_or_default() {
        "" => default_year(catalog).ok_or(AppError::NotFound),
        typed => parse_year(typed),
    }
}

/// The checklist laid out by sub-indicator, with the links' verdicts counted.
struct ChecklistTable {
    groups: Vec<GroupRow>,
    verdicts: BTreeMap<LinkVerdict, usize>,
    unchecked: usize,
}

impl ChecklistTable {
    fn new(
        framework: &Framework,
        loaded: &Checklist,
        user: &CurrentUser,
        thai_digits: bool,
    ) -> Self {
        let mut table = Self {
            groups: readiness(framework, &loaded.entries, &loaded.predicted)
                .into_iter()
                .map(GroupRow::from)
                .collect(),
            verdicts: BTreeMap::new(),
            unchecked: 0,
        };
        let latest: HashMap<&str, &LinkCheck> =
            loaded.checks.iter().map(|c| (c.url.as_str(), c)).collect();
        let by_code: HashMap<&str, &DisclosureEntry> = loaded
            .entries
            .iter()
            .map(|e| (e.item_code.as_str(), e))
            .collect();
        let today = today_in_thailand();
        for sub in framework
            .indicators_of(Instrument::Oit)
            .flat_map(|i| &i.sub_indicators)
        {
            let Some(index) = table.groups.iter().position(|g| g.code == sub.code) else {
                continue;
            };
            for item in &sub.items {
                let entry = by_code.get(item.code.as_str()).copied();
                let links = table.link_rows(entry, &latest, thai_digits);
                let row = ItemRow::new(item, entry, links, loaded, user, today, thai_digits);
                table.groups[index].rows.push(row);
            }
        }
        table
    }

    /// The rows of an entry's links, each counted under its latest verdict.
    fn link_rows(
        &mut self,
        entry: Option<&DisclosureEntry>,
        latest: &HashMap<&str, &LinkCheck>,
        thai_digits: bool,
    ) -> Vec<LinkRow> {
        let Some(entry) = entry else {
            return Vec::new();
        };
        entry
            .links
            .iter()
            .map(|l| {
                let check = latest.get(l.url.as_str()).copied();
                match check {
                    Some(c) => *self.verdicts.entry(c.verdict).or_default() += 1,
                    None => self.unchecked += 1,
                }
                link_row(&l.url, &l.note, check, thai_digits)
            })
            .collect()
    }

    /// Code, Thai label and count of each verdict seen.
    fn verdict_counts(&self) -> Vec<(&'static str, &'static str, usize)> {
        self.verdicts
            .iter()
            .map(|(v, n)| (v.code(), v.label_th(), *n))
            .collect()
    }
}

impl From<SubIndicatorReadiness> for GroupRow {
    fn from(r: SubIndicatorReadiness) -> Self {
        Self {
            code: r.code,
            name: r.name_th,
            items: r.items,
            not_started: r.not_started,
            ready: r.ready,
            submitted: r.submitted,
            predicted_pass: r.predicted_pass,
            rows: Vec::new(),
        }
    }
}

impl ItemRow {
    fn new(
        item: &OitItem,
        entry: Option<&DisclosureEntry>,
        links: Vec<LinkRow>,
        loaded: &Checklist,
        user: &CurrentUser,
        today: NaiveDate,
        thai_digits: bool,
    ) -> Self {
        let status = entry.map_or(DisclosureStatus::NotStarted, |e| e.status);
        let due_on = entry.and_then(|e| e.due_on);
        let department = entry.and_then(|e| e.department_id);
        Self {
            code: item.code.clone(),
            title: item.title_th.clone(),
            department: department.and_then(|d| loaded.departments.get(&d).cloned()),
            status: status.code(),
            status_label: status.label_th(),
            due: due_on.map(|d| format_date_short(d, thai_digits)),
            overdue: due_on.is_some_and(|d| d < today) && !status.is_done(),
            predicted_pass: loaded.predicted.get(&item.code) == Some(&true),
            links,
            can_edit: may_edit(user, department),
        }
    }
}

/// What the buttons of the checklist post: nothing but the CSRF token.
#[derive(Debug, Deserialize)]
struct EmptyForm {}

async fn check(
    State(state): State<AppState>,
    Path(Year(year)): Path<Year>,
    Admin(user): Admin,
    ProtectedForm { .. }: ProtectedForm<EmptyForm>,
) -> AppResult<Response> {
    let agency = user.agency()?;
    year_framework(&state, agency, year).await?;
    let notice = if start_link_check(&state.app, agency, year) {
        "checking"
    } else {
        "busy"
    };
    Ok(Redirect::to(&checklist_url(year, Some(notice))).into_response())
}

async fn carry(
    State(state): State<AppState>,
    Path(Year(year)): Path<Year>,
    Admin(user): Admin,
    ProtectedForm { .. }: ProtectedForm<EmptyForm>,
) -> AppResult<Response> {
    let agency = user.agency()?;
    let framework = year_framework(&state, agency, year).await?;
    let previous = state
        .app
        .store
        .disclosure_entries(agency.id, year - 1)
        .await?;
    let existing = state.app.store.disclosure_entries(agency.id, year).await?;
    let carried = prongsai_core::disclosure::carry_over(&framework, &previous, &existing);
    let inserted = state
        .app
        .store
        .insert_disclosure_entries(user.actor(), &carried)
        .await?;
    let notice = if inserted > 0 { "carried" } else { "nothing" };
    Ok(Redirect::to(&checklist_url(year, Some(notice))).into_response())
}

async fn report(
    State(state): State<AppState>,
    AgencyMember(user): AgencyMember,
    Path(Year(year)): Path<Year>,
    Query(query): Query<DownloadQuery>,
) -> AppResult<Response> {
    let agency = user.agency()?;
    let format = query.format()?;
    let document =
        render_oit_report(&state.app.store, &state.app.renderer, agency, year, format).await?;
    Ok(attachment(document))
}

/// `?url=` of the history page.
#[derive(Debug, Deserialize)]
struct HistoryQuery {
    #[serde(default)]
    url: String,
}

/// One stored check, as the history shows it.
#[derive(Debug, Serialize)]
struct CheckRow {
    id: String,
    checked_on: String,
    fiscal_year: i32,
    http_status: Option<u16>,
    final_url: Option<String>,
    content_type: Option<String>,
    size_bytes: Option<i64>,
    sha256: Option<String>,
    clicks: Option<u32>,
    verdict: &'static str,
    verdict_label: &'static str,
    detail: String,
    archived: bool,
}

async fn history(
    State(state): State<AppState>,
    AgencyMember(user): AgencyMember,
    Query(query): Query<HistoryQuery>,
) -> AppResult<Html<String>> {
    let agency = user.agency()?;
    let url = query.url.trim();
    if url.is_empty() {
        return Err(AppError::NotFound);
    }
    let rows: Vec<CheckRow> = state
        .app
        .store
        .link_check_history(agency.id, url)
        .await?
        .into_iter()
        .map(|c| CheckRow {
            id: c.id.to_string(),
            checked_on: stamp(c.checked_at, agency.thai_digits),
            fiscal_year: c.fiscal_year,
            http_status: c.facts.http_status,
            final_url: c.facts.final_url.clone(),
            content_type: c.facts.content_type.clone(),
            size_bytes: c.facts.size_bytes,
            sha256: c.facts.content_sha256.clone(),
            clicks: c.facts.clicks_from_home,
            verdict: c.verdict.code(),
            verdict_label: c.verdict.label_th(),
            detail: c.detail_th.clone(),
            archived: c.archived,
        })
        .collect();
    let page = PageContext::new(&user, "ประวัติการตรวจลิงก์", NAV);
    state.templates.render(
        "link_history.html",
        context! { page => page, url => url, rows => rows },
    )
}

/// The copy a check kept, as a download: never shown inline, because the
/// agency's page served from this origin could run its scripts here.
async fn archive(
    State(state): State<AppState>,
    AgencyMember(user): AgencyMember,
    Path(id): Path<LinkCheckId>,
) -> AppResult<Response> {
    let agency = user.agency()?;
    let bytes = state
        .app
        .store
        .link_check_archive(agency.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"link-check-{id}.bin\""),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
