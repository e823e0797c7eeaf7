//! Staff pages of complaints (เรื่องร้องเรียน/ร้องทุกข์) and corruption reports
//! (เรื่องร้องเรียนการทุจริตและประพฤติมิชอบ): who may see and handle which case, and
//! the list of a fiscal year with its filters.
//!
//! The two kinds share these pages but not their permission. A complaint is read
//! by the administrator, executives and staff, handled by the administrator, and
//! by a department head only once it is assigned to their department (other
//! complaints do not exist for them: 404). A corruption report is for users
//! granted the corruption-handler permission alone, whatever their role; everyone
//! else is refused with 403 on every route, and every time a handler loads one the
//! store records an audited opening. Supervisors oversee ITA results, never cases.
//!
//! The entry form is in `case_form`, the case page and its forms in `case_view`.

use axum::Router;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use chrono::{DateTime, NaiveDate, Utc};
use minijinja::context;
use prongsai_core::complaints::{Case, CaseKind, CaseStatus, Timeliness, timeliness};
use prongsai_core::model::{Agency, CaseId, Department, DepartmentId, Role};
use prongsai_core::thai::calendar::{format_date_short, in_thailand, today_in_thailand};
use prongsai_core::thai::fiscal::FiscalYear;
use prongsai_store::CaseFilter;
use serde::{Deserialize, Serialize};

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::render::PageContext;
use crate::state::AppState;

/// The navigation entry of every case page.
pub(crate) const NAV: &str = "cases";

/// Fiscal years the list offers before the current one.
const YEARS_BACK: i32 = 4;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/cases", get(list))
}

pub(crate) fn case_url(id: CaseId) -> String {
    format!("/cases/{id}")
}

/// Which cases of a kind a user sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Every case of the kind.
    All,
    /// Only those assigned to this department (none when the user has none).
    Department(Option<DepartmentId>),
}

/// What a user may do with the cases of one kind.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Access {
    pub(crate) kind: CaseKind,
    pub(crate) scope: Scope,
    /// Enters cases, assigns them and moves them to any next status.
    pub(crate) manages: bool,
    /// Writes messages, reads the reporter's contact and moves a case on (all of
    /// it when `manages`, else only to in progress or resolved).
    pub(crate) works: bool,
}

/// The statuses a department head may move a case to.
const DEPARTMENT_STEPS: [CaseStatus; 2] = [CaseStatus::InProgress, CaseStatus::Resolved];

impl Access {
    /// Whether `case` is one this user sees at all.
    pub(crate) fn sees(&self, case: &Case) -> bool {
        case.kind == self.kind
            && match self.scope {
                Scope::All => true,
                Scope::Department(mine) => mine.is_some() && case.department_id == mine,
            }
    }

    /// The statuses this user may move `case` to: none once its content was
    /// deleted after the retention period.
    pub(crate) fn targets(&self, case: &Case) -> Vec<CaseStatus> {
        if case.purged_at.is_some() || !self.works {
            return Vec::new();
        }
        case.status
            .next()
            .iter()
            .copied()
            .filter(|s| self.manages || DEPARTMENT_STEPS.contains(s))
            .collect()
    }
}

/// What `user` may do with cases of `kind`.
///
/// # Errors
/// 403 for a supervisor, and for corruption reports for anyone without the
/// corruption-handler permission.
pub(crate) async fn access(
    state: &AppState,
    user: &CurrentUser,
    kind: CaseKind,
) -> AppResult<Access> {
    if user.is_supervisor() {
        return Err(AppError::Forbidden);
    }
    let agency = user.agency_id()?;
    match kind {
        CaseKind::Corruption => {
            if state
                .app
                .store
                .is_corruption_handler(agency, user.user.id)
                .await?
            {
                Ok(Access {
                    kind,
                    scope: Scope::All,
                    manages: true,
                    works: true,
                })
            } else {
                Err(AppError::Forbidden)
            }
        }
        CaseKind::Complaint => {
            let (scope, manages, works) = match user.user.role {
                Role::Admin => (Scope::All, true, true),
                Role::DepartmentHead => (Scope::Department(user.user.department_id), false, true),
                Role::Executive | Role::Staff => (Scope::All, false, false),
                Role::Supervisor => return Err(AppError::Forbidden),
            };
            Ok(Access {
                kind,
                scope,
                manages,
                works,
            })
        }
    }
}

/// A case of the user's agency that the user may see, with what they may do
/// with it. A corruption report is read through the store's audited opening,
/// after the permission is checked, so an opening is recorded for handlers only.
///
/// # Errors
/// 404 for an unknown id, another agency's case or a complaint outside a
/// department head's department; 403 as [`access`] says.
pub(crate) async fn load_case(
    state: &AppState,
    user: &CurrentUser,
    id: CaseId,
) -> AppResult<(Case, Access)> {
    if user.is_supervisor() {
        return Err(AppError::Forbidden);
    }
    let agency = user.agency_id()?;
    let found = state
        .app
        .store
        .find_case(agency, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let access = access(state, user, found.kind).await?;
    if !access.sees(&found) {
        return Err(AppError::NotFound);
    }
    let case = match found.kind {
        CaseKind::Complaint => found,
        CaseKind::Corruption => state
            .app
            .store
            .open_case(user.actor(), agency, id)
            .await?
            .ok_or(AppError::NotFound)?,
    };
    Ok((case, access))
}

/// `?kind=` of the case pages: complaints when absent, 404 when unknown.
pub(crate) fn parse_kind(code: Option<&str>) -> AppResult<CaseKind> {
    match code.map(str::trim).filter(|c| !c.is_empty()) {
        None => Ok(CaseKind::Complaint),
        Some(code) => CaseKind::from_code(code).ok_or(AppError::NotFound),
    }
}

/// The fiscal year (พ.ศ.) of today.
pub(crate) fn this_fiscal_year() -> i32 {
    FiscalYear::containing(today_in_thailand()).be()
}

/// A moment as a table shows it: the short Thai date.
pub(crate) fn short_date(at: DateTime<Utc>, thai_digits: bool) -> String {
    format_date_short(in_thailand(at).date_naive(), thai_digits)
}

/// The CSS class of a case's standing against its deadline.
pub(crate) fn timeliness_class(t: Timeliness) -> &'static str {
    match t {
        Timeliness::OnTime => "on-time",
        Timeliness::Late => "late",
        Timeliness::Pending => "pending",
        Timeliness::Overdue => "overdue",
    }
}

/// The name of a department, or "" when none or unknown.
pub(crate) fn department_name(departments: &[Department], id: Option<DepartmentId>) -> String {
    id.and_then(|id| departments.iter().find(|d| d.id == id))
        .map(|d| d.name.clone())
        .unwrap_or_default()
}

/// The query of the list.
#[derive(Debug, Default, Deserialize)]
struct ListQuery {
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    year: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    department: Option<String>,
    #[serde(default)]
    overdue: Option<String>,
}

/// A case as the list shows it.
#[derive(Debug, Serialize)]
struct CaseRow {
    id: CaseId,
    number: String,
    received: String,
    channel: &'static str,
    subject: String,
    department: String,
    status: &'static str,
    due: String,
    timeliness: &'static str,
    timeliness_class: &'static str,
}

fn case_row(case: Case, departments: &[Department], today: NaiveDate, thai: bool) -> CaseRow {
    let standing = timeliness(&case, today);
    CaseRow {
        id: case.id,
        number: case.number_label(),
        received: short_date(case.received_at, thai),
        channel: case.channel.label_th(),
        subject: if case.purged_at.is_some() {
            "(ลบเนื้อหาแล้วเมื่อพ้นระยะเวลาเก็บรักษา)".to_owned()
        } else {
            case.subject
        },
        department: department_name(departments, case.department_id),
        status: case.status.label_th(),
        due: format_date_short(case.due_on, thai),
        timeliness: standing.label_th(),
        timeliness_class: timeliness_class(standing),
    }
}

async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<ListQuery>,
) -> AppResult<Html<String>> {
    let kind = parse_kind(query.kind.as_deref())?;
    let access = access(&state, &user, kind).await?;
    let agency = user.agency()?;
    let handler = state
        .app
        .store
        .is_corruption_handler(agency.id, user.user.id)
        .await?;
    let current = this_fiscal_year();
    let year = query
        .year
        .as_deref()
        .and_then(crate::pages::records::orders::parse_number)
        .filter(|y| (FiscalYear::MIN_BE..=FiscalYear::MAX_BE).contains(y))
        .unwrap_or(current);
    let status = query.status.as_deref().and_then(CaseStatus::from_code);
    let chosen_department = query
        .department
        .as_deref()
        .and_then(|d| d.parse::<DepartmentId>().ok());
    let overdue = query.overdue.as_deref() == Some("1");
    let departments = state.app.store.list_departments(agency.id).await?;
    let filter = CaseFilter {
        kind: Some(kind),
        fiscal_year: Some(year),
        status,
        department_id: match access.scope {
            Scope::All => chosen_department,
            Scope::Department(mine) => mine,
        },
        unanswered_only: overdue,
    };
    let rows = case_rows(&state, agency, &access, &filter, &departments).await?;
    let page = PageContext::new(&user, kind.label_th(), NAV);
    state.templates.render(
        "cases.html",
        context! {
            page => page,
            kind => kind.code(),
            kind_label => kind.label_th(),
            handler => handler,
            can_enter => access.manages,
            own_department => matches!(access.scope, Scope::Department(_)),
            year => year,
            years => year_choices(current, year),
            status => status.map(CaseStatus::code),
            statuses => CaseStatus::ALL.iter().map(|s| (s.code(), s.label_th())).collect::<Vec<_>>(),
            department => chosen_department.map(|d| d.to_string()),
            departments => filter_departments(&access, &departments),
            overdue => overdue,
            rows => rows,
        },
    )
}

/// The cases the filter finds that `access` sees; the overdue filter keeps only
/// cases past their deadline today. A department head without a department
/// sees none.
async fn case_rows(
    state: &AppState,
    agency: &Agency,
    access: &Access,
    filter: &CaseFilter,
    departments: &[Department],
) -> AppResult<Vec<CaseRow>> {
    if access.scope == Scope::Department(None) {
        return Ok(Vec::new());
    }
    let today = today_in_thailand();
    let cases = state.app.store.list_cases(agency.id, filter).await?;
    Ok(cases
        .into_iter()
        .filter(|c| !filter.unanswered_only || timeliness(c, today) == Timeliness::Overdue)
        .map(|c| case_row(c, departments, today, agency.thai_digits))
        .collect())
}

/// The departments of the department filter: none for a department head.
fn filter_departments(access: &Access, departments: &[Department]) -> Vec<(String, String)> {
    match access.scope {
        Scope::All => departments
            .iter()
            .map(|d| (d.id.to_string(), d.name.clone()))
            .collect(),
        Scope::Department(_) => Vec::new(),
    }
}

/// The years of the year filter, newest first, with the chosen one.
fn year_choices(current: i32, chosen: i32) -> Vec<i32> {
    let mut years: Vec<i32> = (current - YEARS_BACK..=current).rev().collect();
    if !years.contains(&chosen) {
        years.insert(0, chosen);
    }
    years
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use prongsai_core::complaints::{Channel, due_on};
    use prongsai_core::model::AgencyId;

    fn case(kind: CaseKind, status: CaseStatus, department: Option<DepartmentId>) -> Case {
        let at = Utc.with_ymd_and_hms(2025, 11, 3, 3, 0, 0).unwrap();
        Case {
            agency_id: AgencyId::new(),
            id: CaseId::new(),
            kind,
            channel: Channel::Telephone,
            fiscal_year: 2569,
            number: 1,
            code_hash: String::new(),
            status,
            subject: "ถนนชำรุด".to_owned(),
            details: "หลุมบ่อ".to_owned(),
            place: String::new(),
            contact_sealed: None,
            consent: false,
            received_at: at,
            due_on: due_on(at, 15),
            department_id: department,
            outcome_note: String::new(),
            answered_at: None,
            first_reply_at: None,
            closed_at: None,
            purged_at: None,
            version: 1,
        }
    }

    #[test]
    fn department_heads_see_their_department_and_take_two_steps() {
        let mine = DepartmentId::new();
        let head = Access {
            kind: CaseKind::Complaint,
            scope: Scope::Department(Some(mine)),
            manages: false,
            works: true,
        };
        let assigned = case(CaseKind::Complaint, CaseStatus::Assigned, Some(mine));
        assert!(head.sees(&assigned));
        assert!(!head.sees(&case(CaseKind::Complaint, CaseStatus::Assigned, None)));
        assert!(!head.sees(&case(
            CaseKind::Complaint,
            CaseStatus::Assigned,
            Some(DepartmentId::new())
        )));
        assert!(!head.sees(&case(
            CaseKind::Corruption,
            CaseStatus::Assigned,
            Some(mine)
        )));
        assert_eq!(
            head.targets(&assigned),
            vec![CaseStatus::InProgress, CaseStatus::Resolved]
        );
        let nobody = Access {
            scope: Scope::Department(None),
            ..head
        };
        assert!(!nobody.sees(&case(CaseKind::Complaint, CaseStatus::Assigned, None)));
    }

    #[test]
    fn managers_take_every_next_step_and_readers_none() {
        let admin = Access {
            kind: CaseKind::Complaint,
            scope: Scope::All,
            manages: true,
            works: true,
        };
        let received = case(CaseKind::Complaint, CaseStatus::Received, None);
        assert_eq!(
            admin.targets(&received),
            CaseStatus::Received.next().to_vec()
        );
        let reader = Access {
            manages: false,
            works: false,
            ..admin
        };
        assert!(reader.sees(&received));
        assert!(reader.targets(&received).is_empty());
        let mut purged = received;
        purged.purged_at = Some(Utc::now());
        assert!(admin.targets(&purged).is_empty());
    }

    #[test]
    fn unknown_kinds_are_not_found_and_none_means_complaints() {
        assert_eq!(parse_kind(None).unwrap(), CaseKind::Complaint);
        assert_eq!(parse_kind(Some("")).unwrap(), CaseKind::Complaint);
        assert_eq!(
            parse_kind(Some("corruption")).unwrap(),
            CaseKind::Corruption
        );
        assert!(matches!(parse_kind(Some("x")), Err(AppError::NotFound)));
    }
}
