//! The measure form (มาตรการ/กิจกรรม): everything the plan documents print about
//! a measure, typed the way officials write it (Thai dates in the Buddhist era,
//! numbers in Thai or Arabic digits, one step or position per line).
//!
//! Checkboxes and repeated rows are named per item (`indicator_3`,
//! `dept_<id>`, `targets.2.unit`), so the form reads as a map and each message
//! lands at its field. The form posts the version it loaded: when someone else
//! saved the measure in between, the store refuses and the form comes back with
//! what this user typed and a message at the top; nothing is overwritten.

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::context;
use prongsai_core::measures::{
    Measure, Owners, Target, Timeframe, Topic, format_quantity, parse_quantity, topic_catalog,
};
use prongsai_core::model::{Department, MeasureId, TopicId};
use prongsai_core::thai::calendar::{format_date_numeric, parse_thai_date};
use prongsai_core::thai::digits::{digits_for, to_arabic_digits};
use prongsai_core::thai::fiscal::{FiscalYear, Quarter};
use prongsai_core::validation::ValidationErrors;
use prongsai_store::StoreError;
use serde::Deserialize;

use crate::auth::Admin;
use crate::auth::CurrentUser;
use crate::auth::csrf::CheckedForm;
use crate::error::{AppResult, STALE_TH};
use crate::extract::{Path, Year};
use crate::forms::FormState;
use crate::pages::cycle::plan::{load_measure, plan_url};
use crate::pages::cycle::{IndicatorOption, MAX_ROWS, framework_for, lines, remap_rows, row_count};
use crate::render::PageContext;
use crate::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/plan/{year}/measures", post(create))
        .route("/plan/{year}/measures/new", get(new_form))
        .route("/plan/{year}/measures/{id}", get(edit_form).post(update))
}

/// Blank target rows a form always offers.
const MIN_TARGET_ROWS: usize = 3;

/// What the form can offer: the year's topics, the agency's departments and the
/// framework's indicators.
#[derive(Debug)]
struct Choices {
    topics: Vec<Topic>,
    departments: Vec<Department>,
    indicators: Vec<IndicatorOption>,
}

async fn choices(state: &AppState, user: &CurrentUser, year: i32) -> AppResult<Choices> {
    let agency = user.agency_id()?;
    let framework = framework_for(state, user, year).await?;
    Ok(Choices {
        topics: state.app.store.list_topics(agency, year).await?,
        departments: state.app.store.list_departments(agency).await?,
        indicators: framework
            .indicators
            .iter()
            .map(IndicatorOption::from)
            .collect(),
    })
}

fn indicator_field(number: u32) -> String {
    format!("indicator_{number}")
}

fn department_field(department: &Department) -> String {
    format!("dept_{}", department.id)
}

fn quarter_code(q: Quarter) -> String {
    q.number().to_string()
}

fn parse_quarter(text: &str) -> Option<Quarter> {
    Quarter::ALL
        .into_iter()
        .find(|q| quarter_code(*q) == to_arabic_digits(text.trim()))
}

/// The form's values for a stored measure.
fn measure_values(m: &Measure, choices: &Choices, thai_digits: bool) -> BTreeMap<String, String> {
    let mut v = BTreeMap::new();
    let mut set = |k: String, val: String| {
        v.insert(k, val);
    };
    set("topic_id".into(), m.topic_id.to_string());
    set("title".into(), m.title.clone());
    for n in &m.indicators {
        set(indicator_field(*n), "yes".into());
    }
    set("weakness".into(), m.weakness.clone());
    set("improvement".into(), m.improvement.clone());
    set("steps".into(), m.steps.join("\n"));
    match m.timeframe {
        Timeframe::WholeYear => set("timeframe_kind".into(), "whole_year".into()),
        Timeframe::Quarters { first, last } => {
            set("timeframe_kind".into(), "quarters".into());
            set("quarter_first".into(), quarter_code(first));
            set("quarter_last".into(), quarter_code(last));
        }
        Timeframe::Dates { start, end } => {
            set("timeframe_kind".into(), "dates".into());
            set("date_start".into(), format_date_numeric(start, thai_digits));
            set("date_end".into(), format_date_numeric(end, thai_digits));
        }
    }
    for d in &choices.departments {
        if m.owners.departments.contains(&d.id) {
            set(department_field(d), "yes".into());
        }
    }
    set("positions".into(), m.owners.positions.join("\n"));
    set("monitoring".into(), m.monitoring.clone());
    set("reporting".into(), m.reporting.clone());
    for (i, t) in m.targets.iter().enumerate() {
        set(format!("targets.{i}.text"), t.text.clone());
        set(
            format!("targets.{i}.quantity"),
            t.quantity
                .map(|q| digits_for(&format_quantity(q), thai_digits))
                .unwrap_or_default(),
        );
        set(format!("targets.{i}.unit"), t.unit.clone());
    }
    set("version".into(), m.version.to_string());
    v
}

/// The timeframe typed in the form; parse problems go to `errors` at their field.
fn read_timeframe(get: &impl Fn(&str) -> String, errors: &mut ValidationErrors) -> Timeframe {
    match get("timeframe_kind").as_str() {
        "whole_year" => Timeframe::WholeYear,
        "quarters" => match (
            parse_quarter(&get("quarter_first")),
            parse_quarter(&get("quarter_last")),
        ) {
            (Some(first), Some(last)) => Timeframe::Quarters { first, last },
            _ => {
                errors.add("timeframe", "กรุณาเลือกไตรมาสเริ่มต้นและไตรมาสสิ้นสุด");
                Timeframe::WholeYear
            }
        },
        "dates" => {
            let mut date = |field: &str| match parse_thai_date(&get(field)) {
                Ok(d) => Some(d),
                Err(e) => {
                    errors.add(field, e.to_string());
                    None
                }
            };
            match (date("date_start"), date("date_end")) {
                (Some(start), Some(end)) => Timeframe::Dates { start, end },
                _ => Timeframe::WholeYear,
            }
        }
        _ => {
            errors.add("timeframe", "กรุณาเลือกระยะเวลาดำเนินการ");
            Timeframe::WholeYear
        }
    }
}

/// The targets typed in the form; blank rows are skipped. Returns the targets
/// and, for each, the form row it came from.
fn read_targets(
    get: &impl Fn(&str) -> String,
    rows: usize,
    errors: &mut ValidationErrors,
) -> (Vec<Target>, Vec<usize>) {
    let mut targets = Vec::new();
    let mut from = Vec::new();
    for i in 0..rows {
        let text = get(&format!("targets.{i}.text"));
        let quantity = get(&format!("targets.{i}.quantity"));
        let unit = get(&format!("targets.{i}.unit"));
        if text.trim().is_empty() && quantity.trim().is_empty() && unit.trim().is_empty() {
            continue;
        }
        let quantity = match parse_quantity(&quantity) {
            Ok(q) => q,
            Err(message) => {
                errors.add(format!("targets.{i}.quantity"), message);
                None
            }
        };
        targets.push(Target {
            text: text.trim().to_owned(),
            quantity,
            unit: unit.trim().to_owned(),
        });
        from.push(i);
    }
    (targets, from)
}

/// Reads the form onto `base` (id, agency, year, position, version kept unless
/// the form says otherwise). Every problem is reported at its field.
fn read_measure(
    values: &BTreeMap<String, String>,
    base: &Measure,
    choices: &Choices,
) -> Result<Measure, ValidationErrors> {
    let get = |k: &str| values.get(k).cloned().unwrap_or_default();
    let mut errors = ValidationErrors::new();
    let topic_id = get("topic_id")
        .parse::<TopicId>()
        .ok()
        .filter(|id| choices.topics.iter().any(|t| t.id == *id));
    if topic_id.is_none() {
        errors.add("topic_id", "กรุณาเลือกประเด็น");
    }
    let timeframe = read_timeframe(&get, &mut errors);
    let (targets, target_rows) = read_targets(&get, row_count(values, "targets", 0), &mut errors);
    let version = get("version").trim().parse::<i64>().unwrap_or(base.version);
    let measure = Measure {
        topic_id: topic_id.unwrap_or(base.topic_id),
        title: get("title").trim().to_owned(),
        indicators: choices
            .indicators
            .iter()
            .map(|i| i.number)
            .filter(|n| values.contains_key(&indicator_field(*n)))
            .collect(),
        weakness: get("weakness").trim().to_owned(),
        improvement: get("improvement").trim().to_owned(),
        steps: lines(&get("steps")),
        timeframe,
        owners: Owners {
            departments: choices
                .departments
                .iter()
                .filter(|d| values.contains_key(&department_field(d)))
                .map(|d| d.id)
                .collect(),
            positions: lines(&get("positions")),
        },
        monitoring: get("monitoring").trim().to_owned(),
        reporting: get("reporting").trim().to_owned(),
        targets,
        version,
        ..base.clone()
    };
    if let Err(found) = measure.validate() {
        for e in remap_rows(found, "targets", &target_rows).0 {
            errors.add(e.field, e.message);
        }
    }
    errors.into_result()?;
    Ok(measure)
}

/// Where the form posts and what it is for.
#[derive(Debug, Clone, Copy)]
enum FormMode {
    New,
    Edit(MeasureId),
}

async fn render_form(
    state: &AppState,
    user: &CurrentUser,
    year: i32,
    mode: FormMode,
    choices: &Choices,
    form: FormState,
) -> AppResult<Html<String>> {
    let (title, action) = match mode {
        FormMode::New => ("เพิ่มมาตรการ", format!("/plan/{year}/measures")),
        FormMode::Edit(id) => ("แก้ไขมาตรการ", format!("/plan/{year}/measures/{id}")),
    };
    let target_rows: Vec<usize> =
        (0..(row_count(&form.values, "targets", 0) + 2).clamp(MIN_TARGET_ROWS, MAX_ROWS)).collect();
    let quarters: Vec<(String, String)> = Quarter::ALL
        .into_iter()
        .map(|q| (quarter_code(q), q.label_th()))
        .collect();
    let page = PageContext::new(user, title, "plan");
    state.templates.render(
        "measure_form.html",
        context! {
            page => page,
            heading => title,
            year => year,
            year_label => FiscalYear::new(year).label_th(),
            action => action,
            topics => choices.topics,
            departments => choices.departments,
            indicators => choices.indicators,
            quarters => quarters,
            target_rows => target_rows,
            form => form,
        },
    )
}

/// `?topic=` of the new-measure link.
#[derive(Debug, Deserialize)]
struct NewQuery {
    #[serde(default)]
    topic: String,
}

async fn new_form(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(Year(year)): Path<Year>,
    Query(query): Query<NewQuery>,
) -> AppResult<Html<String>> {
    let choices = choices(&state, &user, year).await?;
    let mut values: BTreeMap<String, String> = BTreeMap::new();
    values.insert("timeframe_kind".into(), "whole_year".into());
    values.insert("version".into(), "0".into());
    if let Some(topic) = choices
        .topics
        .iter()
        .find(|t| t.id.to_string() == query.topic)
    {
        values.insert("topic_id".into(), topic.id.to_string());
        let framework = framework_for(&state, &user, year).await?;
        let defaults = topic_catalog(&framework)
            .into_iter()
            .find(|t| Some(&t.key) == topic.catalog_key.as_ref())
            .map(|t| t.indicators)
            .unwrap_or_default();
        for n in defaults {
            values.insert(indicator_field(n), "yes".into());
        }
    }
    render_form(
        &state,
        &user,
        year,
        FormMode::New,
        &choices,
        FormState::with_values(values),
    )
    .await
}

fn typed(mut fields: BTreeMap<String, String>) -> BTreeMap<String, String> {
    fields.remove("csrf_token");
    fields
}

async fn create(
    State(state): State<AppState>,
    Path(Year(year)): Path<Year>,
    Admin(user): Admin,
    CheckedForm { form, problems, .. }: CheckedForm<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let values = typed(form);
    let choices = choices(&state, &user, year).await?;
    let base = Measure {
        id: MeasureId::new(),
        agency_id: user.agency_id()?,
        fiscal_year: year,
        topic_id: TopicId::new(),
        position: 0,
        title: String::new(),
        indicators: Vec::new(),
        weakness: String::new(),
        improvement: String::new(),
        steps: Vec::new(),
        timeframe: Timeframe::WholeYear,
        owners: Owners::default(),
        monitoring: String::new(),
        reporting: String::new(),
        targets: Vec::new(),
        version: 1,
    };
    match problems.and_then_read(read_measure(&values, &base, &choices)) {
        Ok(measure) => {
            let measure = Measure {
                version: 1,
                ..measure
            };
            state
                .app
                .store
                .create_measure(user.actor(), &measure)
                .await?;
            Ok(Redirect::to(&format!("{}?notice=saved", plan_url(year))).into_response())
        }
        Err(errors) => {
            let form = FormState::with_values(values).with_errors(&errors);
            Ok(
                render_form(&state, &user, year, FormMode::New, &choices, form)
                    .await?
                    .into_response(),
            )
        }
    }
}

async fn edit_form(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path((Year(year), id)): Path<(Year, MeasureId)>,
) -> AppResult<Html<String>> {
    let measure = load_measure(&state, &user, year, id).await?;
    let choices = choices(&state, &user, year).await?;
    let thai_digits = user.agency()?.thai_digits;
    let form = FormState::with_values(measure_values(&measure, &choices, thai_digits));
    render_form(
        &state,
        &user,
        year,
        FormMode::Edit(measure.id),
        &choices,
        form,
    )
    .await
}

async fn update(
    State(state): State<AppState>,
    Path((Year(year), id)): Path<(Year, MeasureId)>,
    Admin(user): Admin,
    CheckedForm { form, problems, .. }: CheckedForm<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let stored = load_measure(&state, &user, year, id).await?;
    let values = typed(form);
    let choices = choices(&state, &user, year).await?;
    let mode = FormMode::Edit(stored.id);
    let measure = match problems.and_then_read(read_measure(&values, &stored, &choices)) {
        Ok(m) => m,
        Err(errors) => {
            let form = FormState::with_values(values).with_errors(&errors);
            return Ok(render_form(&state, &user, year, mode, &choices, form)
                .await?
                .into_response());
        }
    };
    match state.app.store.update_measure(user.actor(), &measure).await {
        Ok(_) => Ok(Redirect::to(&format!("{}?notice=saved", plan_url(year))).into_response()),
        Err(StoreError::Stale) => {
            let form = FormState::with_values(values).with_error("form", STALE_TH);
            Ok(render_form(&state, &user, year, mode, &choices, form)
                .await?
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use prongsai_core::model::{AgencyId, DepartmentId};

    fn choices() -> (Choices, TopicId) {
        let agency_id = AgencyId::new();
        let topic = Topic {
            id: TopicId::new(),
            agency_id,
            fiscal_year: 2569,
            position: 1,
            title: "ประเด็น".into(),
            catalog_key: None,
        };
        let id = topic.id;
        (
            Choices {
                topics: vec![topic],
                departments: vec![Department {
                    agency_id,
                    id: DepartmentId::new(),
                    name: "กองคลัง".into(),
                    sort_order: 1,
                }],
                indicators: vec![IndicatorOption {
                    number: 3,
                    name_th: "การใช้ทรัพย์สินของราชการ".into(),
                }],
            },
            id,
        )
    }

    fn base(topic: TopicId) -> Measure {
        Measure {
            id: MeasureId::new(),
            agency_id: AgencyId::new(),
            fiscal_year: 2569,
            topic_id: topic,
            position: 2,
            title: String::new(),
            indicators: vec![],
            weakness: String::new(),
            improvement: String::new(),
            steps: vec![],
            timeframe: Timeframe::WholeYear,
            owners: Owners::default(),
            monitoring: String::new(),
            reporting: String::new(),
            targets: vec![],
            version: 4,
        }
    }

    fn form(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_typed_measure_reads_back_with_its_rows_and_dates() {
        let (choices, topic) = choices();
        let dept = department_field(&choices.departments[0]);
        let topic = topic.to_string();
        let values = form(&[
            ("topic_id", &topic),
            ("title", " อบรมจริยธรรม "),
            ("indicator_3", "yes"),
            ("indicator_9", "yes"),
            ("steps", "หนึ่ง\n\nสอง"),
            ("timeframe_kind", "dates"),
            ("date_start", "๑/๑๑/๒๕๖๘"),
            ("date_end", "31/3/2569"),
            (&dept, "yes"),
            ("targets.1.text", "อบรม"),
            ("targets.1.quantity", "๓"),
            ("targets.1.unit", "ครั้ง"),
            ("version", "3"),
        ]);
        let m = read_measure(&values, &base(TopicId::new()), &choices).unwrap();
        assert_eq!(m.title, "อบรมจริยธรรม");
        assert_eq!(m.indicators, vec![3], "only the year's indicators");
        assert_eq!(m.steps, vec!["หนึ่ง".to_owned(), "สอง".to_owned()]);
        assert_eq!(m.targets[0].label(), "อบรม 3 ครั้ง");
        assert_eq!(m.version, 3);
        assert_eq!(m.position, 2);
        assert_eq!(m.owners.departments, vec![choices.departments[0].id]);
        let back = measure_values(&m, &choices, true);
        assert_eq!(back["date_start"], "๑/๑๑/๒๕๖๘");
        assert_eq!(back["targets.0.quantity"], "๓");
        assert_eq!(back[&dept], "yes");
    }

    #[test]
    fn each_problem_is_named_at_its_form_field() {
        let (choices, topic) = choices();
        let topic = topic.to_string();
        let values = form(&[
            ("topic_id", &topic),
            ("title", ""),
            ("steps", "ขั้นตอน"),
            ("positions", "ปลัด"),
            ("timeframe_kind", "dates"),
            ("date_start", "1/3/2569"),
            ("date_end", "1/2/2569"),
            ("targets.2.text", "อบรม"),
            ("targets.2.quantity", "สามครั้ง"),
        ]);
        let errors = read_measure(&values, &base(TopicId::new()), &choices).unwrap_err();
        assert!(errors.get("title").is_some());
        assert!(errors.get("timeframe").unwrap().contains("ก่อนวันเริ่มต้น"));
        assert!(errors.get("targets.2.quantity").is_some());
        let bad_date = form(&[("timeframe_kind", "dates"), ("date_start", "1/3/2026")]);
        let errors = read_measure(&bad_date, &base(TopicId::new()), &choices).unwrap_err();
        assert!(errors.get("date_start").unwrap().contains("พุทธศักราช"));
        assert!(errors.get("date_end").is_some());
        assert!(errors.get("topic_id").is_some());
    }
}
