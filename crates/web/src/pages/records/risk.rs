//! The corruption-risk assessment of a fiscal year (การประเมินความเสี่ยงการทุจริต):
//! the register of areas with their risk events and controls, the heat map, the
//! bands that turn a score into a level, and the form of one area.
//!
//! An event is rated by likelihood and impact (1–5 each) or, as the seed does,
//! by a level entered directly. A control may point at a project of the action
//! plan covering the year or at a measure of the year, and carries its
//! follow-up. The area form repeats rows without JavaScript: it shows the rows
//! typed plus a blank one, and "เพิ่มแถว" posts what was typed back to get one
//! more. The administrator writes; everyone of the agency reads and downloads.

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::context;
use prongsai_core::action_plan::ActionPlan;
use prongsai_core::measures::{Measure, ProgressStatus};
use prongsai_core::model::{MeasureId, ProjectId, RiskAreaId};
use prongsai_core::risk::{
    Control, RiskArea, RiskAssessment, RiskBand, RiskBands, RiskEvent, RiskLevel, RiskRating,
    heat_map,
};
use prongsai_core::thai::calendar::today_in_thailand;
use prongsai_core::thai::digits::to_arabic_digits;
use prongsai_core::thai::fiscal::FiscalYear;
use prongsai_core::validation::ValidationErrors;
use prongsai_store::StoreError;
use serde::{Deserialize, Serialize};

use crate::auth::Admin;
use crate::auth::CurrentUser;
use crate::auth::csrf::{CheckedForm, ProtectedForm};
use crate::error::{AppError, AppResult, STALE_TH};
use crate::extract::{Path, Year};
use crate::forms::FormState;
use crate::pages::Notice;
use crate::pages::confirm::{ConfirmForm, render_confirm};
use crate::pages::cycle::{MAX_ROWS, row_count};
use crate::pages::download::{DownloadQuery, attachment};
use crate::render::PageContext;
use crate::state::AppState;
use prongsai_app::record_documents::render_risk_assessment;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/risk", get(list).post(create))
        .route("/risk/{year}", get(view))
        .route("/risk/{year}/bands", post(save_bands))
        .route("/risk/{year}/areas", post(create_area))
        .route("/risk/{year}/areas/new", get(new_area))
        .route("/risk/{year}/areas/{id}", get(edit_area).post(update_area))
        .route(
            "/risk/{year}/areas/{id}/delete",
            get(confirm_delete_area).post(delete_area),
        )
        .route("/risk/{year}/download", get(download))
}

fn risk_url(year: i32) -> String {
    format!("/risk/{year}")
}

/// How many rows of the repeated group `prefix` a form shows: every row with
/// something typed in one of `keys` plus a blank one, at least the rows posted
/// (one more when "เพิ่มแถว" asked for it), at least `min`.
pub(crate) fn rows_shown(
    values: &BTreeMap<String, String>,
    prefix: &str,
    keys: &[&str],
    add: bool,
    min: usize,
) -> usize {
    let posted = row_count(values, prefix, 0);
    let filled = (0..posted)
        .rev()
        .find(|i| row_filled(values, &format!("{prefix}.{i}"), keys))
        .map_or(0, |i| i + 1);
    (filled + 1)
        .max(posted + usize::from(add))
        .max(min)
        .min(MAX_ROWS)
}

/// Whether anything was typed in one of `keys` of the row `row` (`events.2`).
pub(crate) fn row_filled(values: &BTreeMap<String, String>, row: &str, keys: &[&str]) -> bool {
    keys.iter().any(|k| {
        values
            .get(&format!("{row}.{k}"))
            .is_some_and(|v| !v.trim().is_empty())
    })
}

/// The form's fields without the CSRF token.
pub(crate) fn typed(mut fields: BTreeMap<String, String>) -> BTreeMap<String, String> {
    fields.remove("csrf_token");
    fields
}

async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(notice): Query<Notice>,
) -> AppResult<Html<String>> {
    render_list(&state, &user, FormState::default(), notice.message()).await
}

async fn render_list(
    state: &AppState,
    user: &CurrentUser,
    form: FormState,
    notice: Option<&str>,
) -> AppResult<Html<String>> {
    let mut years = state
        .app
        .store
        .list_risk_assessment_years(user.agency_id()?)
        .await?;
    years.sort_unstable_by(|a, b| b.cmp(a));
    let form = if form.values.is_empty() {
        let current = FiscalYear::containing(today_in_thailand()).be();
        FormState {
            values: [("year".to_owned(), current.to_string())].into(),
            ..form
        }
    } else {
        form
    };
    let page = PageContext::new(user, "การประเมินความเสี่ยงการทุจริต", "risk").with_notice(notice);
    state.templates.render(
        "risk_list.html",
        context! { page => page, years => years, form => form },
    )
}

/// What the create form sends.
#[derive(Debug, Deserialize)]
struct CreateForm {
    #[serde(default)]
    year: String,
}

async fn create(
    State(state): State<AppState>,
    Admin(user): Admin,
    ProtectedForm { form, .. }: ProtectedForm<CreateForm>,
) -> AppResult<Response> {
    let agency = user.agency_id()?;
    let year = to_arabic_digits(form.year.trim())
        .parse::<i32>()
        .ok()
        .and_then(|y| FiscalYear::try_from(y).ok())
        .map(FiscalYear::be);
    let Some(year) = year else {
        let form = FormState::with_values([("year", form.year.as_str())])
            .with_error("year", "กรุณากรอกปีงบประมาณ พ.ศ. เช่น 2569");
        return Ok(render_list(&state, &user, form, None)
            .await?
            .into_response());
    };
    if state
        .app
        .store
        .get_risk_assessment(agency, year)
        .await?
        .is_none()
    {
        match state
            .app
            .store
            .save_risk_assessment(user.actor(), &RiskAssessment::new(agency, year))
            .await
        {
            Ok(_) | Err(StoreError::Conflict { .. } | StoreError::Stale) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(Redirect::to(&risk_url(year)).into_response())
}

async fn load_assessment(
    state: &AppState,
    user: &CurrentUser,
    year: i32,
) -> AppResult<RiskAssessment> {
    state
        .app
        .store
        .get_risk_assessment(user.agency_id()?, year)
        .await?
        .ok_or(AppError::NotFound)
}

/// The plan project and measure names a control may point at.
#[derive(Debug, Default)]
struct Links {
    /// (id, "3. โครงการ…") in plan order.
    projects: Vec<(ProjectId, String)>,
    measures: Vec<(MeasureId, String)>,
}

impl Links {
    async fn load(state: &AppState, user: &CurrentUser, year: i32) -> AppResult<Self> {
        let agency = user.agency_id()?;
        let plan: Option<ActionPlan> = state.app.store.action_plan_covering(agency, year).await?;
        let measures: Vec<Measure> = state.app.store.list_measures(agency, year).await?;
        Ok(Self {
            projects: plan
                .iter()
                .flat_map(|p| p.numbered_projects())
                .map(|(n, _, _, p)| (p.id, format!("{n}. {}", p.display_name())))
                .collect(),
            measures: measures.into_iter().map(|m| (m.id, m.title)).collect(),
        })
    }

    fn project(&self, id: ProjectId) -> Option<&str> {
        self.projects
            .iter()
            .find(|(p, _)| *p == id)
            .map(|(_, n)| n.as_str())
    }

    fn measure(&self, id: MeasureId) -> Option<&str> {
        self.measures
            .iter()
            .find(|(m, _)| *m == id)
            .map(|(_, n)| n.as_str())
    }
}

/// An event as the register lists it.
#[derive(Debug, Serialize)]
struct EventRow {
    text: String,
    /// "4 × 5" for a scored event, empty for one whose level was entered.
    rating: String,
    score: Option<u32>,
    level: &'static str,
    level_code: &'static str,
}

/// A control as the register lists it.
#[derive(Debug, Serialize)]
struct ControlRow {
    text: String,
    /// The project or measure that carries it out.
    carried_by: Vec<String>,
    status: &'static str,
    status_code: &'static str,
    follow_up: String,
}

#[derive(Debug, Serialize)]
struct AreaBlock {
    id: RiskAreaId,
    process: String,
    events: Vec<EventRow>,
    controls: Vec<ControlRow>,
}

/// A band as the page lists and edits it.
#[derive(Debug, Serialize)]
struct LevelRow {
    code: &'static str,
    label: &'static str,
    /// "4–8", or empty when the level has no band.
    range: String,
    /// Events of the level.
    count: usize,
}

fn band_field(level: RiskLevel) -> String {
    format!("band_{}", level.code())
}

fn band_values(bands: &RiskBands) -> BTreeMap<String, String> {
    bands
        .0
        .iter()
        .map(|b| (band_field(b.level), b.max.to_string()))
        .collect()
}

fn area_blocks(assessment: &RiskAssessment, links: &Links) -> Vec<AreaBlock> {
    assessment
        .areas
        .iter()
        .map(|area| AreaBlock {
            id: area.id,
            process: area.process.clone(),
            events: area
                .events
                .iter()
                .map(|e| {
                    let level = e.level(&assessment.bands);
                    EventRow {
                        text: e.text.clone(),
                        rating: match e.rating {
                            RiskRating::Scored { likelihood, impact } => {
                                format!("{likelihood} × {impact}")
                            }
                            RiskRating::Level { .. } => String::new(),
                        },
                        score: e.score(),
                        level: level.map_or("", RiskLevel::label_th),
                        level_code: level.map_or("", RiskLevel::code),
                    }
                })
                .collect(),
            controls: area
                .controls
                .iter()
                .map(|c| ControlRow {
                    text: c.text.clone(),
                    carried_by: c
                        .project
                        .and_then(|p| links.project(p))
                        .map(|n| format!("โครงการตามแผน: {n}"))
                        .into_iter()
                        .chain(
                            c.measure
                                .and_then(|m| links.measure(m))
                                .map(|n| format!("มาตรการ: {n}")),
                        )
                        .collect(),
                    status: c.status.label_th(),
                    status_code: c.status.code(),
                    follow_up: c.follow_up.clone(),
                })
                .collect(),
        })
        .collect()
}

fn level_rows(assessment: &RiskAssessment) -> Vec<LevelRow> {
    let ranges = assessment.bands.ranges();
    RiskLevel::ALL
        .into_iter()
        .map(|level| LevelRow {
            code: level.code(),
            label: level.label_th(),
            range: ranges
                .iter()
                .find(|(_, l)| *l == level)
                .map(|(r, _)| r.clone())
                .unwrap_or_default(),
            count: assessment
                .areas
                .iter()
                .flat_map(|a| &a.events)
                .filter(|e| e.level(&assessment.bands) == Some(level))
                .count(),
        })
        .collect()
}

async fn view(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(Year(year)): Path<Year>,
    Query(notice): Query<Notice>,
) -> AppResult<Html<String>> {
    let assessment = load_assessment(&state, &user, year).await?;
    let mut values = band_values(&assessment.bands);
    values.insert("version".into(), assessment.version.to_string());
    render_view(
        &state,
        &user,
        &assessment,
        FormState::with_values(values),
        notice.message(),
    )
    .await
}

async fn render_view(
    state: &AppState,
    user: &CurrentUser,
    assessment: &RiskAssessment,
    bands_form: FormState,
    notice: Option<&str>,
) -> AppResult<Html<String>> {
    let year = assessment.fiscal_year;
    let links = Links::load(state, user, year).await?;
    let map = heat_map(assessment);
    let title = format!(
        "การประเมินความเสี่ยงการทุจริต {}",
        FiscalYear::new(year).label_th()
    );
    let page = PageContext::new(user, title, "risk").with_notice(notice);
    state.templates.render(
        "risk.html",
        context! {
            page => page,
            year => year,
            areas => area_blocks(assessment, &links),
            levels => level_rows(assessment),
            levelled => map.levelled,
            unscored => map.unscored,
            heat_map_svg => prongsai_docs::risk_heat_map_svg(assessment),
            form => bands_form,
        },
    )
}

/// The bands typed on the register page; a problem goes to its field.
fn read_bands(values: &BTreeMap<String, String>) -> Result<RiskBands, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let mut bands = Vec::new();
    for level in RiskLevel::ALL {
        let field = band_field(level);
        let text = to_arabic_digits(values.get(&field).map_or("", |v| v.trim()));
        if text.is_empty() {
            continue;
        }
        match text.parse::<u32>() {
            Ok(max) if (1..=25).contains(&max) => bands.push(RiskBand { max, level }),
            _ => errors.add(field, "คะแนนสูงสุดของช่วงต้องเป็นตัวเลข 1 ถึง 25"),
        }
    }
    errors.into_result()?;
    let bands = RiskBands(bands);
    bands.check().map_err(|message| {
        let mut errors = ValidationErrors::new();
        errors.add("bands", message);
        errors
    })?;
    Ok(bands)
}

/// The version a form posted, or the stored one when it sent none.
fn posted_version(values: &BTreeMap<String, String>, stored: i64) -> i64 {
    values
        .get("version")
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(stored)
}

async fn save_bands(
    State(state): State<AppState>,
    Path(Year(year)): Path<Year>,
    Admin(user): Admin,
    CheckedForm { form, problems, .. }: CheckedForm<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let stored = load_assessment(&state, &user, year).await?;
    let values = typed(form);
    let bands = match problems.and_then_read(read_bands(&values)) {
        Ok(bands) => bands,
        Err(errors) => {
            let form = FormState::with_values(values).with_errors(&errors);
            return Ok(render_view(&state, &user, &stored, form, None)
                .await?
                .into_response());
        }
    };
    let changed = RiskAssessment {
        bands,
        version: posted_version(&values, stored.version),
        ..stored.clone()
    };
    match state
        .app
        .store
        .save_risk_assessment(user.actor(), &changed)
        .await
    {
        Ok(saved) => Ok(
            Redirect::to(&format!("{}?notice=saved", risk_url(saved.fiscal_year))).into_response(),
        ),
        Err(StoreError::Stale) => {
            let form = FormState::with_values(values).with_error("bands", STALE_TH);
            Ok(render_view(&state, &user, &stored, form, None)
                .await?
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// Keys of an event row that count as typed.
const EVENT_KEYS: &[&str] = &["text", "likelihood", "impact", "level"];
/// Keys of a control row that count as typed.
const CONTROL_KEYS: &[&str] = &["text", "project", "measure", "follow_up"];

/// The form's values for a stored area.
fn area_values(area: &RiskArea, version: i64) -> BTreeMap<String, String> {
    let mut v = BTreeMap::new();
    v.insert("process".to_owned(), area.process.clone());
    for (i, e) in area.events.iter().enumerate() {
        v.insert(format!("events.{i}.text"), e.text.clone());
        match e.rating {
            RiskRating::Scored { likelihood, impact } => {
                v.insert(format!("events.{i}.likelihood"), likelihood.to_string());
                v.insert(format!("events.{i}.impact"), impact.to_string());
            }
            RiskRating::Level { level } => {
                v.insert(format!("events.{i}.level"), level.code().to_owned());
            }
        }
    }
    for (i, c) in area.controls.iter().enumerate() {
        v.insert(format!("controls.{i}.id"), c.id.to_string());
        v.insert(format!("controls.{i}.text"), c.text.clone());
        if let Some(p) = c.project {
            v.insert(format!("controls.{i}.project"), p.to_string());
        }
        if let Some(m) = c.measure {
            v.insert(format!("controls.{i}.measure"), m.to_string());
        }
        v.insert(format!("controls.{i}.status"), c.status.code().to_owned());
        v.insert(format!("controls.{i}.follow_up"), c.follow_up.clone());
    }
    v.insert("version".to_owned(), version.to_string());
    v
}

/// A likelihood or impact as typed ("๔", "4"); anything not a small number is
/// 0, which the assessment's own check then refuses at the field.
fn score_part(text: &str) -> u8 {
    to_arabic_digits(text.trim()).parse().unwrap_or(0)
}

/// An area read from the form, with the form row each kept event and control
/// came from.
struct TypedArea {
    area: RiskArea,
    event_rows: Vec<usize>,
    control_rows: Vec<usize>,
}

/// Reads the area form onto `id`. Problems only the form can see (an unknown
/// project, an event with neither a score nor a level) go to `errors`.
fn read_area(
    values: &BTreeMap<String, String>,
    id: RiskAreaId,
    links: &Links,
    errors: &mut ValidationErrors,
) -> TypedArea {
    let get = |k: &str| field(values, k);
    let mut events = Vec::new();
    let mut event_rows = Vec::new();
    for i in 0..row_count(values, "events", 0) {
        let row = format!("events.{i}");
        if row_filled(values, &row, EVENT_KEYS) {
            events.push(read_event(values, &row, errors));
            event_rows.push(i);
        }
    }
    let mut controls = Vec::new();
    let mut control_rows = Vec::new();
    for i in 0..row_count(values, "controls", 0) {
        let row = format!("controls.{i}");
        if row_filled(values, &row, CONTROL_KEYS) {
            controls.push(read_control(values, &row, links, errors));
            control_rows.push(i);
        }
    }
    TypedArea {
        area: RiskArea {
            id,
            process: get("process"),
            events,
            controls,
        },
        event_rows,
        control_rows,
    }
}

/// One field of the area form, trimmed ("" when absent).
fn field(values: &BTreeMap<String, String>, key: &str) -> String {
    values.get(key).map_or("", |v| v.trim()).to_owned()
}

/// One event row: scored when a likelihood or impact is typed, else levelled.
fn read_event(
    values: &BTreeMap<String, String>,
    row: &str,
    errors: &mut ValidationErrors,
) -> RiskEvent {
    let get = |k: &str| field(values, &format!("{row}.{k}"));
    let likelihood = get("likelihood");
    let impact = get("impact");
    let rating = if !likelihood.is_empty() || !impact.is_empty() {
        RiskRating::Scored {
            likelihood: score_part(&likelihood),
            impact: score_part(&impact),
        }
    } else if let Some(level) = RiskLevel::from_code(&get("level")) {
        RiskRating::Level { level }
    } else {
        errors.add(
            format!("{row}.likelihood"),
            "กรุณากรอกโอกาสและผลกระทบ (1 ถึง 5) หรือเลือกระดับความเสี่ยง",
        );
        RiskRating::Level {
            level: RiskLevel::Low,
        }
    };
    RiskEvent {
        text: get("text"),
        rating,
    }
}

/// One control row; a project or measure it names must be one of `links`.
fn read_control(
    values: &BTreeMap<String, String>,
    row: &str,
    links: &Links,
    errors: &mut ValidationErrors,
) -> Control {
    let get = |k: &str| field(values, &format!("{row}.{k}"));
    let project = linked(&get("project"), |p: ProjectId| links.project(p).is_some());
    if project == Some(None) {
        errors.add(
            format!("{row}.project"),
            "ไม่พบโครงการนี้ในแผนปฏิบัติการที่ครอบคลุมปีงบประมาณนี้",
        );
    }
    let measure = linked(&get("measure"), |m: MeasureId| links.measure(m).is_some());
    if measure == Some(None) {
        errors.add(format!("{row}.measure"), "ไม่พบมาตรการนี้ในปีงบประมาณนี้");
    }
    Control {
        id: get("id").parse().unwrap_or_default(),
        text: get("text"),
        project: project.flatten(),
        measure: measure.flatten(),
        status: ProgressStatus::from_code(&get("status")).unwrap_or_default(),
        follow_up: get("follow_up"),
    }
}

/// The id a control's select names: `None` when nothing is chosen, `Some(None)`
/// when what is chosen is not one `known` accepts.
fn linked<T: std::str::FromStr + Copy>(text: &str, known: impl Fn(T) -> bool) -> Option<Option<T>> {
    if text.is_empty() {
        return None;
    }
    Some(text.parse::<T>().ok().filter(|id| known(*id)))
}

/// The field of the area form that an assessment error of area `position`
/// (`area_2.likelihood_3`) belongs to; errors of other parts go to the top.
fn area_field(field: &str, position: usize, typed: &TypedArea) -> String {
    let prefix = format!("area_{}.", position + 1);
    let Some(rest) = field.strip_prefix(&prefix) else {
        return "form".to_owned();
    };
    if rest == "process" {
        return rest.to_owned();
    }
    let row = |rows: &[usize], n: &str| -> Option<usize> {
        let n: usize = n.parse().ok()?;
        rows.get(n.checked_sub(1)?).copied()
    };
    let mapped = rest.split_once('_').and_then(|(name, n)| match name {
        "event" => row(&typed.event_rows, n).map(|r| format!("events.{r}.text")),
        "likelihood" | "impact" => row(&typed.event_rows, n).map(|r| format!("events.{r}.{name}")),
        "control" => row(&typed.control_rows, n).map(|r| format!("controls.{r}.text")),
        _ => None,
    });
    mapped.unwrap_or_else(|| "form".to_owned())
}

/// The assessment with the typed area in place (replacing the one with its id,
/// or added last), or the problems at the form's fields.
fn with_area(
    stored: &RiskAssessment,
    values: &BTreeMap<String, String>,
    id: RiskAreaId,
    links: &Links,
) -> Result<RiskAssessment, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let typed = read_area(values, id, links, &mut errors);
    let mut assessment = RiskAssessment {
        version: posted_version(values, stored.version),
        ..stored.clone()
    };
    let position = match assessment.areas.iter().position(|a| a.id == id) {
        Some(p) => {
            assessment.areas[p] = typed.area.clone();
            p
        }
        None => {
            assessment.areas.push(typed.area.clone());
            assessment.areas.len() - 1
        }
    };
    if let Err(found) = assessment.validate() {
        for e in found.0 {
            errors.add(area_field(&e.field, position, &typed), e.message);
        }
    }
    errors.into_result()?;
    Ok(assessment)
}

/// Where the area form posts.
#[derive(Debug, Clone, Copy)]
enum AreaMode {
    New,
    Edit(RiskAreaId),
}

async fn render_area_form(
    state: &AppState,
    user: &CurrentUser,
    year: i32,
    mode: AreaMode,
    form: FormState,
    add: Option<&str>,
) -> AppResult<Html<String>> {
    let links = Links::load(state, user, year).await?;
    let (heading, action) = match mode {
        AreaMode::New => ("เพิ่มกระบวนงานที่มีความเสี่ยง", format!("/risk/{year}/areas")),
        AreaMode::Edit(id) => (
            "แก้ไขกระบวนงานที่มีความเสี่ยง",
            format!("/risk/{year}/areas/{id}"),
        ),
    };
    let event_rows: Vec<usize> =
        (0..rows_shown(&form.values, "events", EVENT_KEYS, add == Some("events"), 1)).collect();
    let control_rows: Vec<usize> = (0..rows_shown(
        &form.values,
        "controls",
        CONTROL_KEYS,
        add == Some("controls"),
        1,
    ))
        .collect();
    let levels: Vec<(&str, &str)> = RiskLevel::ALL
        .into_iter()
        .map(|l| (l.code(), l.label_th()))
        .collect();
    let statuses: Vec<(&str, &str)> = ProgressStatus::ALL
        .into_iter()
        .map(|s| (s.code(), s.label_th()))
        .collect();
    let page = PageContext::new(user, heading, "risk");
    state.templates.render(
        "risk_area.html",
        context! {
            page => page,
            heading => heading,
            year => year,
            year_label => FiscalYear::new(year).label_th(),
            action => action,
            event_rows => event_rows,
            control_rows => control_rows,
            projects => options(&links.projects),
            measures => options(&links.measures),
            levels => levels,
            statuses => statuses,
            form => form,
        },
    )
}

/// The choices of a project or measure select: id and label.
fn options<T: ToString>(links: &[(T, String)]) -> Vec<(String, String)> {
    links
        .iter()
        .map(|(id, label)| (id.to_string(), label.clone()))
        .collect()
}

async fn new_area(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(Year(year)): Path<Year>,
) -> AppResult<Html<String>> {
    let assessment = load_assessment(&state, &user, year).await?;
    let form = FormState::with_values([("version", assessment.version.to_string())]);
    render_area_form(
        &state,
        &user,
        assessment.fiscal_year,
        AreaMode::New,
        form,
        None,
    )
    .await
}

fn find_area(assessment: &RiskAssessment, id: RiskAreaId) -> AppResult<RiskAreaId> {
    assessment
        .areas
        .iter()
        .any(|a| a.id == id)
        .then_some(id)
        .ok_or(AppError::NotFound)
}

async fn edit_area(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path((Year(year), id)): Path<(Year, RiskAreaId)>,
) -> AppResult<Html<String>> {
    let assessment = load_assessment(&state, &user, year).await?;
    let id = find_area(&assessment, id)?;
    let area = assessment
        .areas
        .iter()
        .find(|a| a.id == id)
        .ok_or(AppError::NotFound)?;
    let form = FormState::with_values(area_values(area, assessment.version));
    render_area_form(
        &state,
        &user,
        assessment.fiscal_year,
        AreaMode::Edit(id),
        form,
        None,
    )
    .await
}

async fn create_area(
    State(state): State<AppState>,
    Path(Year(year)): Path<Year>,
    Admin(user): Admin,
    CheckedForm { form, problems, .. }: CheckedForm<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let stored = load_assessment(&state, &user, year).await?;
    save_area(&state, &user, &stored, AreaMode::New, typed(form), problems).await
}

async fn update_area(
    State(state): State<AppState>,
    Path((Year(year), id)): Path<(Year, RiskAreaId)>,
    Admin(user): Admin,
    CheckedForm { form, problems, .. }: CheckedForm<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let stored = load_assessment(&state, &user, year).await?;
    let id = find_area(&stored, id)?;
    save_area(
        &state,
        &user,
        &stored,
        AreaMode::Edit(id),
        typed(form),
        problems,
    )
    .await
}

/// Saves the posted area, or shows the form again: with one more row when
/// "เพิ่มแถว" was pressed, with the messages when something is wrong.
async fn save_area(
    state: &AppState,
    user: &CurrentUser,
    stored: &RiskAssessment,
    mode: AreaMode,
    mut values: BTreeMap<String, String>,
    problems: ValidationErrors,
) -> AppResult<Response> {
    let year = stored.fiscal_year;
    if let Some(add) = values.remove("add") {
        let form = FormState::with_values(values);
        return Ok(
            render_area_form(state, user, year, mode, form, Some(add.as_str()))
                .await?
                .into_response(),
        );
    }
    let links = Links::load(state, user, year).await?;
    let id = match mode {
        AreaMode::New => RiskAreaId::new(),
        AreaMode::Edit(id) => id,
    };
    let assessment = match problems.and_then_read(with_area(stored, &values, id, &links)) {
        Ok(a) => a,
        Err(errors) => {
            let form = FormState::with_values(values).with_errors(&errors);
            return Ok(render_area_form(state, user, year, mode, form, None)
                .await?
                .into_response());
        }
    };
    match state
        .app
        .store
        .save_risk_assessment(user.actor(), &assessment)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{}?notice=saved", risk_url(year))).into_response()),
        Err(StoreError::Stale) => {
            let form = FormState::with_values(values).with_error("form", STALE_TH);
            Ok(render_area_form(state, user, year, mode, form, None)
                .await?
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

async fn confirm_delete_area(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path((Year(year), id)): Path<(Year, RiskAreaId)>,
) -> AppResult<Html<String>> {
    let assessment = load_assessment(&state, &user, year).await?;
    let id = find_area(&assessment, id)?;
    let area = assessment
        .areas
        .iter()
        .find(|a| a.id == id)
        .ok_or(AppError::NotFound)?;
    let year = assessment.fiscal_year;
    let lines = vec![
        format!("กระบวนงาน “{}”", area.process),
        format!(
            "ประเด็นความเสี่ยง {} รายการ และมาตรการควบคุม {} รายการ พร้อมผลการติดตาม",
            area.events.len(),
            area.controls.len()
        ),
    ];
    render_confirm(
        &state,
        &user,
        "risk",
        "ลบกระบวนงานที่มีความเสี่ยง",
        lines,
        format!("/risk/{year}/areas/{id}/delete"),
        risk_url(year),
    )
}

async fn delete_area(
    State(state): State<AppState>,
    Path((Year(year), id)): Path<(Year, RiskAreaId)>,
    Admin(user): Admin,
    ProtectedForm { .. }: ProtectedForm<ConfirmForm>,
) -> AppResult<Redirect> {
    let stored = load_assessment(&state, &user, year).await?;
    let id = find_area(&stored, id)?;
    let year = stored.fiscal_year;
    let mut changed = stored;
    changed.areas.retain(|a| a.id != id);
    state
        .app
        .store
        .save_risk_assessment(user.actor(), &changed)
        .await?;
    Ok(Redirect::to(&format!("{}?notice=deleted", risk_url(year))))
}

async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(Year(year)): Path<Year>,
    Query(query): Query<DownloadQuery>,
) -> AppResult<Response> {
    let format = query.format()?;
    let document = render_risk_assessment(
        &state.app.store,
        &state.app.renderer,
        user.agency()?,
        year,
        format,
    )
    .await?;
    Ok(attachment(document))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn rows_shown_are_the_typed_ones_and_a_blank_one() {
        let values = form(&[
            ("events.0.text", "ก"),
            ("events.1.text", ""),
            ("events.1.level", ""),
        ]);
        assert_eq!(rows_shown(&values, "events", EVENT_KEYS, false, 1), 2);
        assert_eq!(rows_shown(&values, "events", EVENT_KEYS, true, 1), 3);
        assert_eq!(
            rows_shown(&BTreeMap::new(), "events", EVENT_KEYS, false, 1),
            1
        );
    }

    #[test]
    fn scores_and_levels_are_read_and_errors_land_at_their_rows() {
        let values = form(&[
            ("process", "การจัดซื้อจัดจ้าง"),
            ("events.0.text", "ว่าง"),
            ("events.0.level", "high"),
            ("events.2.text", "ฮั้วประมูล"),
            ("events.2.likelihood", "๖"),
            ("events.2.impact", "4"),
            ("controls.1.text", ""),
            ("controls.1.follow_up", "ติดตามแล้ว"),
        ]);
        let stored = RiskAssessment::new(prongsai_core::model::AgencyId::new(), 2568);
        let errors = with_area(&stored, &values, RiskAreaId::new(), &Links::default()).unwrap_err();
        assert!(
            errors
                .get("events.2.likelihood")
                .unwrap()
                .contains("1 ถึง 5")
        );
        assert!(errors.get("events.2.impact").is_none());
        assert!(errors.get("controls.1.text").is_some());
        let fixed = form(&[
            ("process", "การจัดซื้อจัดจ้าง"),
            ("events.0.text", "ว่าง"),
            ("events.0.level", "high"),
            ("events.2.text", "ฮั้วประมูล"),
            ("events.2.likelihood", "๕"),
            ("events.2.impact", "4"),
        ]);
        let saved = with_area(&stored, &fixed, RiskAreaId::new(), &Links::default()).unwrap();
        let events = &saved.areas[0].events;
        assert_eq!(events[0].level(&saved.bands), Some(RiskLevel::High));
        assert_eq!(events[1].score(), Some(20));
    }

    #[test]
    fn bands_are_checked_at_their_fields() {
        let ok = read_bands(&form(&[
            ("band_low", "5"),
            ("band_high", "15"),
            ("band_very_high", "25"),
        ]))
        .unwrap();
        assert_eq!(ok.level(6), Some(RiskLevel::High));
        let errors = read_bands(&form(&[("band_low", "30")])).unwrap_err();
        assert!(errors.get("band_low").is_some());
        let errors = read_bands(&form(&[("band_low", "5")])).unwrap_err();
        assert!(errors.get("bands").unwrap().contains("25"));
    }
}
