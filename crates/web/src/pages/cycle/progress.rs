//! Progress of a reporting round (ผลการดำเนินงานรอบ 6/12 เดือน): every measure the
//! user may see with its status, last update and whether it is overdue; how far
//! each topic and department got; the report form of one measure with its
//! evidence links and files; and the executive's approval, which locks the round
//! until the administrator reopens it.
//!
//! The report form is multipart (it carries a file). A file over the limit comes
//! back as the form with everything typed and a message at the file input, not
//! as a bare 413, which is why the form is read by [`ProtectedUpload`]. Its
//! fields, the results with their own evidence, are read in `progress_form`.

use std::collections::{BTreeMap, HashMap, HashSet};

use axum::Router;
use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::{NaiveDate, Utc};
use minijinja::context;
use prongsai_core::file_name::uploaded_file_name;
use prongsai_core::measures::{
    Completion, EvidenceFile, MAX_EVIDENCE_BYTES, Measure, Progress, ProgressStatus, RoundApproval,
    Topic, check_evidence_file, completion, format_quantity, is_overdue,
};
use prongsai_core::model::{Agency, DepartmentId, EvidenceFileId, MeasureId, Role, UserId};
use prongsai_core::thai::calendar::today_in_thailand;
use prongsai_core::thai::digits::digits_for;
use prongsai_core::thai::fiscal::{FiscalYear, ReportingRound, current_round};
use prongsai_core::validation::ValidationErrors;
use prongsai_store::StoreError;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::auth::Admin;
use crate::auth::CurrentUser;
use crate::auth::csrf::{Part, ProtectedForm, ProtectedUpload};
use crate::error::{AppError, AppResult, LOCKED_TH, STALE_TH};
use crate::extract::{Path, Round, Year, round_code};
use crate::forms::FormState;
use crate::pages::Notice;
use crate::pages::cycle::evidence::{remove_evidence_bytes, write_evidence_bytes};
use crate::pages::cycle::plan::load_measure;
use crate::pages::cycle::progress_form::{
    AddRow, ReadProgress, Shown, progress_values, read_progress,
};
use crate::pages::cycle::{department_names, owners_label, reports_on, sees_measure, thai_date};
use crate::render::PageContext;
use crate::state::AppState;

/// The body limit of the report form: the largest file plus room for the text.
const UPLOAD_BODY_LIMIT: usize = MAX_EVIDENCE_BYTES as usize + 1024 * 1024;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/progress", get(current))
        .route("/progress/{year}/{round}", get(view))
        .route("/progress/{year}/{round}/approve", post(approve))
        .route(
            "/progress/{year}/{round}/reopen",
            get(confirm_reopen).post(reopen),
        )
        .route(
            "/progress/{year}/{round}/{measure}",
            get(edit)
                .post(save)
                .layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
        )
        .route(
            "/progress/{year}/{round}/{measure}/files/{file}/delete",
            post(delete_file),
        )
}

fn round_url(year: i32, round: ReportingRound) -> String {
    format!("/progress/{year}/{}", round_code(round))
}

fn report_url(year: i32, round: ReportingRound, measure: &Measure) -> String {
    format!("{}/{}", round_url(year, round), measure.id)
}

async fn current() -> Redirect {
    let (year, round) = current_round(today_in_thailand());
    Redirect::to(&round_url(year.be(), round))
}

/// Completion as a page shows it.
#[derive(Debug, Serialize)]
pub(crate) struct CompletionView {
    measures: usize,
    done: usize,
    in_progress: usize,
    overdue: usize,
    percent: u32,
}

impl From<Completion> for CompletionView {
    fn from(c: Completion) -> Self {
        Self {
            measures: c.measures,
            done: c.done,
            in_progress: c.in_progress,
            overdue: c.overdue,
            percent: c.percent_done(),
        }
    }
}

/// One measure on the round page.
#[derive(Debug, Serialize)]
struct RoundRow {
    url: String,
    title: String,
    owners: String,
    status: &'static str,
    status_code: &'static str,
    updated_by: Option<String>,
    updated_on: Option<String>,
    overdue: bool,
    can_edit: bool,
}

/// A topic with its completion and measures.
#[derive(Debug, Serialize)]
struct TopicGroup {
    title: String,
    completion: CompletionView,
    rows: Vec<RoundRow>,
}

/// A named group's completion (a topic or a department).
#[derive(Debug, Serialize)]
pub(crate) struct NamedCompletion {
    pub(crate) name: String,
    pub(crate) completion: CompletionView,
}

/// Completion of a round for one user: by topic, by department, and the number
/// of overdue measures.
#[derive(Debug)]
pub(crate) struct RoundSummary {
    pub(crate) by_topic: Vec<NamedCompletion>,
    pub(crate) by_department: Vec<NamedCompletion>,
    pub(crate) overdue: usize,
}

/// The measures of `year` the user may see, with their progress in `round`.
async fn visible_measures(
    state: &AppState,
    user: &CurrentUser,
    year: i32,
    round: ReportingRound,
) -> AppResult<(Vec<Measure>, HashMap<MeasureId, Progress>)> {
    let agency = user.agency_id()?;
    let measures: Vec<Measure> = state
        .app
        .store
        .list_measures(agency, year)
        .await?
        .into_iter()
        .filter(|m| sees_measure(user, m))
        .collect();
    let progress = state
        .app
        .store
        .list_progress(agency, year, round)
        .await?
        .into_iter()
        .map(|p| (p.measure_id, p))
        .collect();
    Ok((measures, progress))
}

/// Completion of a round by topic and by department, for the round page and the
/// dashboard.
pub(crate) async fn round_summary(
    state: &AppState,
    user: &CurrentUser,
    year: i32,
    round: ReportingRound,
) -> AppResult<RoundSummary> {
    let today = today_in_thailand();
    let (measures, progress) = visible_measures(state, user, year, round).await?;
    let topics = state.app.store.list_topics(user.agency_id()?, year).await?;
    let of = |keep: &dyn Fn(&Measure) -> bool| {
        completion(
            measures
                .iter()
                .filter(|m| keep(m))
                .map(|m| (m, progress.get(&m.id))),
            today,
        )
    };
    let by_topic = topics
        .iter()
        .map(|t| NamedCompletion {
            name: t.title.clone(),
            completion: of(&|m| m.topic_id == t.id).into(),
        })
        .filter(|c| c.completion.measures > 0)
        .collect();
    let by_department = state
        .app
        .store
        .list_departments(user.agency_id()?)
        .await?
        .into_iter()
        .map(|d| NamedCompletion {
            completion: of(&|m| m.owners.departments.contains(&d.id)).into(),
            name: d.name,
        })
        .filter(|c| c.completion.measures > 0)
        .collect();
    Ok(RoundSummary {
        by_topic,
        by_department,
        overdue: of(&|_| true).overdue,
    })
}

/// The approval of a round, as the pages show it.
#[derive(Debug, Serialize)]
struct ApprovalView {
    by: String,
    on: String,
}

async fn user_names(state: &AppState, user: &CurrentUser) -> AppResult<HashMap<UserId, String>> {
    Ok(state
        .app
        .store
        .list_users(user.agency_id()?)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect())
}

async fn approval_view(
    state: &AppState,
    user: &CurrentUser,
    year: i32,
    round: ReportingRound,
) -> AppResult<Option<ApprovalView>> {
    let thai_digits = user.agency()?.thai_digits;
    let Some(approval) = state
        .app
        .store
        .get_round_approval(user.agency_id()?, year, round)
        .await?
    else {
        return Ok(None);
    };
    let names = user_names(state, user).await?;
    Ok(Some(ApprovalView {
        by: approval
            .approved_by
            .and_then(|id| names.get(&id).cloned())
            .unwrap_or_else(|| "—".to_owned()),
        on: thai_date(approval.approved_at, thai_digits),
    }))
}

async fn view(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((Year(year), Round(round))): Path<(Year, Round)>,
    Query(notice): Query<Notice>,
) -> AppResult<Html<String>> {
    render_round(
        &state,
        &user,
        year,
        round,
        FormState::default(),
        notice.message(),
    )
    .await
}

async fn render_round(
    state: &AppState,
    user: &CurrentUser,
    year: i32,
    round: ReportingRound,
    form: FormState,
    notice: Option<&str>,
) -> AppResult<Html<String>> {
    let agency = user.agency()?;
    let (measures, progress) = visible_measures(state, user, year, round).await?;
    let topics = state.app.store.list_topics(agency.id, year).await?;
    let departments = department_names(state, user).await?;
    let users = user_names(state, user).await?;
    let approval = approval_view(state, user, year, round).await?;
    let lookups = RoundLookups {
        user,
        year,
        round,
        progress: &progress,
        departments: &departments,
        users: &users,
        editable: approval.is_none(),
        thai_digits: agency.thai_digits,
        today: today_in_thailand(),
    };
    let groups: Vec<TopicGroup> = topics
        .iter()
        .filter_map(|t| lookups.group(t, &measures))
        .collect();
    let summary = round_summary(state, user, year, round).await?;
    let title = format!(
        "ผลการดำเนินงาน{} {}",
        FiscalYear::new(year).label_th(),
        round.label_th()
    );
    let page = PageContext::new(user, title.clone(), "progress").with_notice(notice);
    let other = match round {
        ReportingRound::HalfYear => ReportingRound::FullYear,
        ReportingRound::FullYear => ReportingRound::HalfYear,
    };
    state.templates.render(
        "progress_round.html",
        context! {
            page => page,
            heading => title,
            period => FiscalYear::new(year).round_period_label_th(round),
            year => year,
            round => round_code(round),
            other_round_url => round_url(year, other),
            other_round_label => other.label_th(),
            groups => groups,
            by_department => summary.by_department,
            approval => approval,
            can_approve => user.user.role == Role::Executive,
            form => form,
        },
    )
}

/// What the rows of a round's page are read against.
struct RoundLookups<'a> {
    user: &'a CurrentUser,
    year: i32,
    round: ReportingRound,
    progress: &'a HashMap<MeasureId, Progress>,
    departments: &'a HashMap<DepartmentId, String>,
    users: &'a HashMap<UserId, String>,
    /// The round is not approved yet.
    editable: bool,
    thai_digits: bool,
    today: NaiveDate,
}

impl RoundLookups<'_> {
    /// A topic with its measures the user sees; `None` when it has none.
    fn group(&self, topic: &Topic, measures: &[Measure]) -> Option<TopicGroup> {
        let own: Vec<&Measure> = measures.iter().filter(|m| m.topic_id == topic.id).collect();
        if own.is_empty() {
            return None;
        }
        let with_progress = own.iter().map(|m| (*m, self.progress.get(&m.id)));
        Some(TopicGroup {
            title: topic.title.clone(),
            completion: completion(with_progress, self.today).into(),
            rows: own.iter().map(|m| self.row(m)).collect(),
        })
    }

    /// One measure's row: its status and who last reported.
    fn row(&self, m: &Measure) -> RoundRow {
        let p = self.progress.get(&m.id);
        let status = p.map_or(ProgressStatus::NotStarted, |p| p.status);
        RoundRow {
            url: report_url(self.year, self.round, m),
            title: m.title.clone(),
            owners: owners_label(m, self.departments),
            status: status.label_th(),
            status_code: status.code(),
            updated_by: p.and_then(|p| p.updated_by).map(|id| {
                self.users
                    .get(&id)
                    .cloned()
                    .unwrap_or_else(|| "—".to_owned())
            }),
            updated_on: p
                .filter(|p| p.version > 0)
                .map(|p| thai_date(p.updated_at, self.thai_digits)),
            overdue: is_overdue(m, p, self.today),
            can_edit: self.editable && reports_on(self.user, m),
        }
    }
}

/// What the reopen and file-delete buttons post (the CSRF token only).
#[derive(Debug, Deserialize)]
struct ButtonForm {}

/// What the approve form posts: approving locks the round, so the executive
/// ticks a box saying so first (the browser asks for it without scripts, and
/// the server refuses the form without it).
#[derive(Debug, Deserialize)]
struct ApproveForm {
    #[serde(default)]
    confirm: String,
}

async fn approve(
    State(state): State<AppState>,
    Path((Year(year), Round(round))): Path<(Year, Round)>,
    ProtectedForm { user, form }: ProtectedForm<ApproveForm>,
) -> AppResult<Response> {
    if user.user.role != Role::Executive {
        return Err(AppError::Forbidden);
    }
    if form.confirm != "yes" {
        let form = FormState::default()
            .with_error("confirm", "กรุณาติ๊กยืนยันว่าได้ตรวจสอบผลการดำเนินงานแล้วก่อนอนุมัติ");
        return Ok(render_round(&state, &user, year, round, form, None)
            .await?
            .into_response());
    }
    let approval = RoundApproval {
        agency_id: user.agency_id()?,
        fiscal_year: year,
        round,
        approved_by: Some(user.user.id),
        approved_at: Utc::now(),
    };
    match state.app.store.approve_round(user.actor(), &approval).await {
        Ok(()) | Err(StoreError::Conflict { .. }) => Ok(Redirect::to(&format!(
            "{}?notice=approved",
            round_url(year, round)
        ))
        .into_response()),
        Err(e) => Err(e.into()),
    }
}

async fn confirm_reopen(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path((Year(year), Round(round))): Path<(Year, Round)>,
) -> AppResult<Html<String>> {
    let approval = approval_view(&state, &user, year, round)
        .await?
        .ok_or(AppError::NotFound)?;
    let heading = "เปิดรอบรายงานใหม่";
    let lines = vec![
        format!(
            "{} {} ได้รับอนุมัติแล้วโดย {} เมื่อ {}",
            FiscalYear::new(year).label_th(),
            round.label_th(),
            approval.by,
            approval.on
        ),
        "เมื่อเปิดรอบใหม่ ผู้รับผิดชอบจะแก้ไขผลการดำเนินงานได้อีกครั้ง และผู้บริหารต้องอนุมัติใหม่".to_owned(),
    ];
    let page = PageContext::new(&user, heading, "progress");
    state.templates.render(
        "confirm.html",
        context! {
            page => page,
            heading => heading,
            lines => lines,
            action => format!("{}/reopen", round_url(year, round)),
            button => "ยืนยันการเปิดรอบใหม่",
            danger => false,
            back => round_url(year, round),
        },
    )
}

async fn reopen(
    State(state): State<AppState>,
    Path((Year(year), Round(round))): Path<(Year, Round)>,
    Admin(user): Admin,
    ProtectedForm { .. }: ProtectedForm<ButtonForm>,
) -> AppResult<Redirect> {
    match state
        .app
        .store
        .reopen_round(user.actor(), user.agency_id()?, year, round)
        .await
    {
        Ok(()) | Err(StoreError::NotFound) => Ok(Redirect::to(&format!(
            "{}?notice=reopened",
            round_url(year, round)
        ))),
        Err(e) => Err(e.into()),
    }
}

/// A measure the user may see, or 404.
async fn visible_measure(
    state: &AppState,
    user: &CurrentUser,
    year: i32,
    id: MeasureId,
) -> AppResult<Measure> {
    let measure = load_measure(state, user, year, id).await?;
    if sees_measure(user, &measure) {
        Ok(measure)
    } else {
        Err(AppError::NotFound)
    }
}

/// A target with the box for the number achieved.
#[derive(Debug, Serialize)]
struct TargetRow {
    index: usize,
    label: String,
    unit: String,
}

/// An uploaded file in the list.
#[derive(Debug, Serialize)]
struct FileRow {
    id: EvidenceFileId,
    name: String,
    kind: &'static str,
    size_kb: String,
    uploaded_on: String,
    /// The form row of the result it belongs to; `None` for the entry as a whole.
    result: Option<usize>,
}

/// Which report form: the round of a fiscal year and the measure.
#[derive(Debug, Clone, Copy)]
struct Report<'a> {
    year: i32,
    round: ReportingRound,
    measure: &'a Measure,
}

impl Report<'_> {
    fn url(&self) -> String {
        report_url(self.year, self.round, self.measure)
    }
}

/// The form row whose `results.N.files` names each file.
fn file_results(values: &BTreeMap<String, String>) -> HashMap<String, usize> {
    values
        .iter()
        .filter_map(|(k, v)| {
            let row = k.strip_prefix("results.")?.strip_suffix(".files")?;
            Some((row.parse::<usize>().ok()?, v))
        })
        .flat_map(|(row, ids)| ids.split_whitespace().map(move |id| (id.to_owned(), row)))
        .collect()
}

async fn render_report(
    state: &AppState,
    user: &CurrentUser,
    report: Report<'_>,
    form: FormState,
    notice: Option<&str>,
    add: Option<&AddRow>,
) -> AppResult<Html<String>> {
    let Report {
        year,
        round,
        measure,
    } = report;
    let agency = user.agency()?;
    let approval = approval_view(state, user, year, round).await?;
    let mut files = file_rows(state, agency, year, round, measure).await?;
    let owners = file_results(&form.values);
    for file in &mut files {
        file.result = owners.get(&file.id.to_string()).copied();
    }
    let targets: Vec<TargetRow> = measure
        .targets
        .iter()
        .enumerate()
        .map(|(index, t)| TargetRow {
            index,
            label: digits_for(&t.label(), agency.thai_digits),
            unit: t.unit.clone(),
        })
        .collect();
    let statuses: Vec<(&str, &str)> = ProgressStatus::ALL
        .into_iter()
        .map(|s| (s.code(), s.label_th()))
        .collect();
    let page = PageContext::new(user, "รายงานผลการดำเนินงาน", "progress").with_notice(notice);
    state.templates.render(
        "progress_edit.html",
        context! {
            page => page,
            measure_title => measure.title,
            steps => measure.non_empty_steps(),
            timeframe => measure.timeframe.label_th(agency.thai_digits),
            heading => format!("{} {}", FiscalYear::new(year).label_th(), round.label_th()),
            action => report.url(),
            back => round_url(year, round),
            statuses => statuses,
            targets => targets,
            results => Shown::of(&form.values, add).results,
            blank => FormState::default(),
            files => files,
            approval => approval,
            can_edit => reports_on(user, measure),
            max_mb => MAX_EVIDENCE_BYTES / (1024 * 1024),
            form => form,
        },
    )
}

/// The evidence files of `measure` in the round.
async fn file_rows(
    state: &AppState,
    agency: &Agency,
    year: i32,
    round: ReportingRound,
    measure: &Measure,
) -> AppResult<Vec<FileRow>> {
    let files = state
        .app
        .store
        .list_evidence_files(agency.id, year, round)
        .await?;
    Ok(files
        .into_iter()
        .filter(|f| f.measure_id == measure.id)
        .map(|f| FileRow {
            id: f.id,
            name: f.file_name,
            kind: f.kind.label_th(),
            size_kb: digits_for(
                &format_quantity((f.size_bytes as f64 / 1024.0).ceil()),
                agency.thai_digits,
            ),
            uploaded_on: thai_date(f.uploaded_at, agency.thai_digits),
            result: None,
        })
        .collect())
}

/// What the report form's address may carry besides a notice: the row to add
/// after a save made by a "เพิ่มแถว" button without scripts.
#[derive(Debug, Deserialize)]
struct AddQuery {
    #[serde(default)]
    add: Option<String>,
}

async fn edit(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((Year(year), Round(round), id)): Path<(Year, Round, MeasureId)>,
    Query(notice): Query<Notice>,
    Query(add): Query<AddQuery>,
) -> AppResult<Html<String>> {
    let measure = visible_measure(&state, &user, year, id).await?;
    let progress = state
        .app
        .store
        .get_progress(measure.agency_id, measure.id, round)
        .await?
        .unwrap_or_else(|| Progress::empty(measure.agency_id, measure.id, round));
    let form = FormState::with_values(progress_values(&progress, user.agency()?.thai_digits));
    let add = add.add.as_deref().and_then(AddRow::parse);
    let report = Report {
        year,
        round,
        measure: &measure,
    };
    render_report(&state, &user, report, form, notice.message(), add.as_ref()).await
}

/// The uploaded file of the form, checked: `Ok(None)` when none was chosen.
fn read_file(upload: &ProtectedUpload) -> Result<Option<(String, Vec<u8>)>, String> {
    if upload.cut || upload.oversized.iter().any(|f| f == "file") {
        return Err(format!(
            "ไฟล์มีขนาดใหญ่เกิน {} MB",
            MAX_EVIDENCE_BYTES / (1024 * 1024)
        ));
    }
    let Some(Part {
        file_name: Some(name),
        bytes,
    }) = upload.parts.get("file")
    else {
        return Ok(None);
    };
    let name = uploaded_file_name(name);
    if name.is_empty() && bytes.is_empty() {
        return Ok(None);
    }
    check_evidence_file(&name, bytes)?;
    Ok(Some((name, bytes.clone())))
}

async fn save(
    State(state): State<AppState>,
    Path((Year(year), Round(round), id)): Path<(Year, Round, MeasureId)>,
    req: Request,
) -> AppResult<Response> {
    let upload =
        ProtectedUpload::read(req, &state, MAX_EVIDENCE_BYTES as usize, UPLOAD_BODY_LIMIT).await?;
    let user = &upload.user;
    let measure = visible_measure(&state, user, year, id).await?;
    if !reports_on(user, &measure) {
        return Err(AppError::Forbidden);
    }
    let mut values: BTreeMap<String, String> = upload
        .parts
        .iter()
        .filter(|(k, p)| p.file_name.is_none() && k.as_str() != "csrf_token")
        .map(|(k, p)| (k.clone(), p.text()))
        .collect();
    let add = values.remove("add").as_deref().and_then(AddRow::parse);
    let file = read_file(&upload);
    let report = Report {
        year,
        round,
        measure: &measure,
    };
    save_report(&state, user, report, values, file, add).await
}

/// Saves a posted report and its file, or shows the form again with what was
/// typed and the messages (and the row a "เพิ่มแถว" button asked for).
async fn save_report(
    state: &AppState,
    user: &CurrentUser,
    report: Report<'_>,
    mut values: BTreeMap<String, String>,
    file: Result<Option<(String, Vec<u8>)>, String>,
    add: Option<AddRow>,
) -> AppResult<Response> {
    let measure = report.measure;
    let stored = state
        .app
        .store
        .get_progress(measure.agency_id, measure.id, report.round)
        .await?
        .unwrap_or_else(|| Progress::empty(measure.agency_id, measure.id, report.round));
    let mut known: HashSet<EvidenceFileId> =
        file_rows(state, user.agency()?, report.year, report.round, measure)
            .await?
            .into_iter()
            .map(|f| f.id)
            .collect();
    let mut errors = ValidationErrors::new();
    let read =
        read_progress(&mut values, &stored, measure, &known).map_err(|e| errors.0.extend(e.0));
    let file = file.map_err(|message| errors.add("file", message));
    let render = |form: FormState| render_report(state, user, report, form, None, add.as_ref());
    let (Ok(read), Ok(file)) = (read, file) else {
        let form = FormState::with_values(values).with_errors(&errors);
        return Ok(render(form).await?.into_response());
    };
    let file = file.map(|(name, bytes)| (EvidenceFileId::new(), name, bytes));
    let progress = with_file(read, file.as_ref().map(|(id, ..)| *id), &values);
    let refused = match state.app.store.save_progress(user.actor(), &progress).await {
        Ok(_) => None,
        Err(StoreError::Stale) => Some(("form", STALE_TH)),
        Err(StoreError::Locked) => Some(("form", LOCKED_TH)),
        Err(e) => return Err(e.into()),
    };
    if refused.is_none()
        && let Some((id, name, bytes)) = file
    {
        known.insert(id);
        if !add_evidence(state, user, report, id, name, &bytes).await? {
            let form = FormState::with_values(values).with_error("file", LOCKED_TH);
            return Ok(render(form).await?.into_response());
        }
    }
    if let Some((field, message)) = refused {
        let form = FormState::with_values(values).with_error(field, message);
        return Ok(render(form).await?.into_response());
    }
    let mut to = format!("{}?notice=saved", report.url());
    if let Some(add) = &add {
        to.push_str(&format!("&add={}#{}", add.code(), add.anchor()));
    }
    Ok(Redirect::to(&to).into_response())
}

/// The progress read from the form, with a newly uploaded file (`file`) given
/// to the result the form chose for it (`file_result`, a form row); without a
/// choice, or when that row was left blank, the file is the entry's as a whole.
fn with_file(
    read: ReadProgress,
    file: Option<EvidenceFileId>,
    values: &BTreeMap<String, String>,
) -> Progress {
    let chosen = values
        .get("file_result")
        .and_then(|row| row.trim().parse::<usize>().ok())
        .and_then(|row| read.result_at_row(row));
    let mut progress = read.progress;
    if let (Some(id), Some(index)) = (file, chosen) {
        progress.results[index].files.push(id);
    }
    progress
}

/// Writes an uploaded evidence file and its row; `false` when the round was
/// approved meanwhile (nothing is kept then).
async fn add_evidence(
    state: &AppState,
    user: &CurrentUser,
    report: Report<'_>,
    id: EvidenceFileId,
    name: String,
    bytes: &[u8],
) -> AppResult<bool> {
    let evidence = EvidenceFile {
        id,
        agency_id: report.measure.agency_id,
        measure_id: report.measure.id,
        round: report.round,
        kind: check_evidence_file(&name, bytes).map_err(AppError::Internal)?,
        file_name: name,
        size_bytes: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
        sha256: hex::encode(Sha256::digest(bytes)),
        uploaded_by: Some(user.user.id),
        uploaded_at: Utc::now(),
    };
    write_evidence_bytes(state, evidence.agency_id, evidence.id, bytes).await?;
    match state
        .app
        .store
        .add_evidence_file(user.actor(), &evidence)
        .await
    {
        Ok(_) => Ok(true),
        Err(e) => {
            remove_evidence_bytes(state, std::slice::from_ref(&evidence)).await;
            match e {
                StoreError::Locked => Ok(false),
                e => Err(e.into()),
            }
        }
    }
}

async fn delete_file(
    State(state): State<AppState>,
    Path((Year(year), Round(round), id, file_id)): Path<(Year, Round, MeasureId, EvidenceFileId)>,
    ProtectedForm { user, .. }: ProtectedForm<ButtonForm>,
) -> AppResult<Response> {
    let measure = visible_measure(&state, &user, year, id).await?;
    if !reports_on(&user, &measure) {
        return Err(AppError::Forbidden);
    }
    let file = state
        .app
        .store
        .get_evidence_file(measure.agency_id, file_id)
        .await?
        .filter(|f| f.measure_id == measure.id && f.round == round)
        .ok_or(AppError::NotFound)?;
    match state
        .app
        .store
        .delete_evidence_file(user.actor(), file.agency_id, file.id)
        .await
    {
        Ok(()) => {
            remove_evidence_bytes(&state, std::slice::from_ref(&file)).await;
            Ok(Redirect::to(&format!(
                "{}?notice=deleted",
                report_url(year, round, &measure)
            ))
            .into_response())
        }
        Err(StoreError::Locked) => {
            let stored = state
                .app
                .store
                .get_progress(measure.agency_id, measure.id, round)
                .await?
                .unwrap_or_else(|| Progress::empty(measure.agency_id, measure.id, round));
            let form = FormState::with_values(progress_values(&stored, user.agency()?.thai_digits))
                .with_error("files", LOCKED_TH);
            let report = Report {
                year,
                round,
                measure: &measure,
            };
            Ok(render_report(&state, &user, report, form, None, None)
                .await?
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}
