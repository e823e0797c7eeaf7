//! The written parts of a plan and its targets. The introduction form holds the
//! title, the preface with its date (a Thai date as people type it) and the
//! sections of part 1 as text areas, where lines starting "- " or "(1)" become
//! lists in the documents. The targets form is a table: one row per target (ITA
//! score, fewer corruption cases than a base year, or the agency's own with its
//! unit), a value per fiscal year of the plan; a blank row adds one and a row
//! emptied is removed.
//!
//! Both forms carry the plan's version, so a concurrent save is refused with a
//! message and what was typed is kept.

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use minijinja::context;
use prongsai_core::action_plan::{ActionPlan, PlanTarget, TargetKind, YearValue};
use prongsai_core::measures::{format_quantity, parse_quantity};
use prongsai_core::model::ActionPlanId;
use prongsai_core::thai::calendar::{format_date_numeric, parse_thai_date};
use prongsai_core::thai::digits::digits_for;
use prongsai_core::validation::ValidationErrors;

use crate::auth::Admin;
use crate::auth::CurrentUser;
use crate::auth::csrf::CheckedForm;
use crate::error::AppResult;
use crate::extract::Path;
use crate::forms::FormState;
use crate::pages::action_plans::plans::{
    NAV, load_plan, parse_typed_year, plan_url, posted_version, save_plan,
};
use crate::pages::cycle::{MAX_ROWS, row_count};
use crate::render::PageContext;
use crate::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/action-plans/{id}/intro", get(intro_form).post(save_intro))
        .route(
            "/action-plans/{id}/targets",
            get(targets_form).post(save_targets),
        )
}

/// The text sections of the introduction form, in form order.
const SECTIONS: [&str; 5] = ["preface", "rationale", "objectives", "goals", "benefits"];

fn intro_values(plan: &ActionPlan, thai_digits: bool) -> BTreeMap<String, String> {
    let mut v = BTreeMap::new();
    v.insert("title".to_owned(), plan.title.clone());
    v.insert(
        "preface_date".to_owned(),
        plan.preface_date
            .map(|d| format_date_numeric(d, thai_digits))
            .unwrap_or_default(),
    );
    v.insert("preface".to_owned(), plan.preface.clone());
    v.insert("rationale".to_owned(), plan.intro.rationale.clone());
    v.insert("objectives".to_owned(), plan.intro.objectives.clone());
    v.insert("goals".to_owned(), plan.intro.goals.clone());
    v.insert("benefits".to_owned(), plan.intro.benefits.clone());
    v.insert("version".to_owned(), plan.version.to_string());
    v
}

/// Reads the introduction form onto `plan`; problems at their fields.
fn read_intro(values: &BTreeMap<String, String>, plan: &mut ActionPlan) -> ValidationErrors {
    let get = |k: &str| values.get(k).cloned().unwrap_or_default();
    let mut errors = ValidationErrors::new();
    let date = get("preface_date");
    plan.preface_date = if date.trim().is_empty() {
        None
    } else {
        match parse_thai_date(&date) {
            Ok(d) => Some(d),
            Err(e) => {
                errors.add("preface_date", e.to_string());
                plan.preface_date
            }
        }
    };
    let text = |k: &str| get(k).trim_end().to_owned();
    plan.title = get("title").trim().to_owned();
    plan.preface = text("preface");
    plan.intro.rationale = text("rationale");
    plan.intro.objectives = text("objectives");
    plan.intro.goals = text("goals");
    plan.intro.benefits = text("benefits");
    errors.require("title", &plan.title, "ชื่อแผน");
    errors
}

async fn render_intro(
    state: &AppState,
    user: &CurrentUser,
    plan: &ActionPlan,
    form: FormState,
) -> AppResult<Html<String>> {
    let title = "คำนำและบทนำของแผน";
    let page = PageContext::new(user, title, NAV);
    state.templates.render(
        "action_plan_intro.html",
        context! {
            page => page,
            heading => title,
            plan_url => plan_url(plan.id),
            plan_label => format!("{} {}", plan.title, plan.years_label()),
            sections => SECTIONS,
            form => form,
        },
    )
}

async fn intro_form(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<ActionPlanId>,
) -> AppResult<Html<String>> {
    let plan = load_plan(&state, &user, id).await?;
    let form = FormState::with_values(intro_values(&plan, user.agency()?.thai_digits));
    render_intro(&state, &user, &plan, form).await
}

fn typed(mut fields: BTreeMap<String, String>) -> BTreeMap<String, String> {
    fields.remove("csrf_token");
    fields
}

/// Saves `changed` (at the version the form posted) and goes back to the plan;
/// a refusal renders the form again through `again` with what was typed.
async fn save_or_refuse<F, Fut>(
    state: &AppState,
    user: &CurrentUser,
    changed: ActionPlan,
    values: BTreeMap<String, String>,
    again: F,
) -> AppResult<Response>
where
    F: FnOnce(FormState) -> Fut,
    Fut: Future<Output = AppResult<Html<String>>>,
{
    match save_plan(state, user, &changed).await? {
        Ok(saved) => {
            Ok(Redirect::to(&format!("{}?notice=saved", plan_url(saved.id))).into_response())
        }
        Err((field, message)) => {
            let form = FormState::with_values(values).with_error(&field, message);
            Ok(again(form).await?.into_response())
        }
    }
}

async fn save_intro(
    State(state): State<AppState>,
    Path(id): Path<ActionPlanId>,
    Admin(user): Admin,
    CheckedForm { form, problems, .. }: CheckedForm<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let plan = load_plan(&state, &user, id).await?;
    let values = typed(form);
    let mut changed = plan.clone();
    changed.version = posted_version(values.get("version"), plan.version)?;
    let read = read_intro(&values, &mut changed).into_result();
    if let Err(errors) = problems.and_then_read(read) {
        let form = FormState::with_values(values).with_errors(&errors);
        return Ok(render_intro(&state, &user, &plan, form)
            .await?
            .into_response());
    }
    save_or_refuse(&state, &user, changed, values, |form| {
        render_intro(&state, &user, &plan, form)
    })
    .await
}

/// The code of a target kind in the form.
fn kind_code(kind: &TargetKind) -> &'static str {
    match kind {
        TargetKind::ItaScore => "ita_score",
        TargetKind::FewerCases { .. } => "fewer_cases",
        TargetKind::Custom { .. } => "custom",
    }
}

fn value_field(row: usize, year: i32) -> String {
    format!("targets.{row}.value_{year}")
}

fn targets_values(plan: &ActionPlan, thai_digits: bool) -> BTreeMap<String, String> {
    let mut v = BTreeMap::new();
    for (i, t) in plan.targets.iter().enumerate() {
        v.insert(format!("targets.{i}.kind"), kind_code(&t.kind).to_owned());
        v.insert(format!("targets.{i}.label"), t.label.clone());
        match &t.kind {
            TargetKind::FewerCases { base_year } => {
                v.insert(
                    format!("targets.{i}.base_year"),
                    digits_for(&base_year.to_string(), thai_digits),
                );
            }
            TargetKind::Custom { unit } => {
                v.insert(format!("targets.{i}.unit"), unit.clone());
            }
            TargetKind::ItaScore => {}
        }
        for y in &t.values {
            v.insert(
                value_field(i, y.fiscal_year),
                digits_for(&format_quantity(y.value), thai_digits),
            );
        }
    }
    v.insert("version".to_owned(), plan.version.to_string());
    v
}

/// Reads the target rows onto `plan`: blank rows are dropped, problems are
/// reported at the form row they came from.
fn read_targets(values: &BTreeMap<String, String>, plan: &mut ActionPlan) -> ValidationErrors {
    let get = |k: &str| values.get(k).cloned().unwrap_or_default();
    let mut errors = ValidationErrors::new();
    let mut targets = Vec::new();
    let mut rows = Vec::new();
    for i in 0..row_count(values, "targets", 0) {
        let label = get(&format!("targets.{i}.label"));
        let typed: Vec<(i32, String)> = plan
            .years()
            .into_iter()
            .map(|y| (y, get(&value_field(i, y))))
            .collect();
        if label.trim().is_empty() && typed.iter().all(|(_, v)| v.trim().is_empty()) {
            continue;
        }
        let kind = read_target_kind(&get, i, plan.first_year, &mut errors);
        let mut year_values = Vec::new();
        for (year, text) in typed {
            match parse_quantity(&text) {
                Ok(Some(value)) => year_values.push(YearValue {
                    fiscal_year: year,
                    value,
                }),
                Ok(None) => {}
                Err(message) => errors.add(value_field(i, year), message),
            }
        }
        targets.push(PlanTarget {
            label: label.trim().to_owned(),
            kind,
            values: year_values,
        });
        rows.push(i);
    }
    plan.targets = targets;
    if let Err(found) = plan.validate() {
        for e in found.0 {
            if let Some(field) = target_field(&e.field, &rows)
                && errors.get(&field).is_none()
            {
                errors.add(field, e.message);
            }
        }
    }
    errors
}

/// The kind of target row `i`; a "fewer cases" target needs its base year
/// (the year before the plan if it is missing, with a message).
fn read_target_kind(
    get: &impl Fn(&str) -> String,
    i: usize,
    first_year: i32,
    errors: &mut ValidationErrors,
) -> TargetKind {
    match get(&format!("targets.{i}.kind")).as_str() {
        "ita_score" => TargetKind::ItaScore,
        "fewer_cases" => {
            let field = format!("targets.{i}.base_year");
            let base_year = parse_typed_year(&get(&field)).unwrap_or_else(|| {
                errors.add(&field, "กรุณากรอกปีฐาน พ.ศ. ที่ใช้คำนวณ เช่น 2565");
                first_year - 1
            });
            TargetKind::FewerCases { base_year }
        }
        "custom" => TargetKind::Custom {
            unit: get(&format!("targets.{i}.unit")).trim().to_owned(),
        },
        _ => {
            errors.add(format!("targets.{i}.kind"), "กรุณาเลือกชนิดของค่าเป้าหมาย");
            TargetKind::ItaScore
        }
    }
}

/// The form field of a plan validation field about targets: `target_2_label`
/// and `target_2_2567` of the second kept row, whose form row is `rows[1]`.
fn target_field(field: &str, rows: &[usize]) -> Option<String> {
    let rest = field.strip_prefix("target_")?;
    let (number, tail) = rest.split_once('_')?;
    let row = rows.get(number.parse::<usize>().ok()?.checked_sub(1)?)?;
    Some(if tail == "label" {
        format!("targets.{row}.label")
    } else {
        value_field(*row, tail.parse().ok()?)
    })
}

async fn render_targets(
    state: &AppState,
    user: &CurrentUser,
    plan: &ActionPlan,
    form: FormState,
) -> AppResult<Html<String>> {
    let title = "ค่าเป้าหมายของแผน";
    let rows: Vec<usize> = (0..(row_count(&form.values, "targets", 0) + 1).min(MAX_ROWS)).collect();
    let kinds = [
        ("ita_score", "คะแนน ITA"),
        ("fewer_cases", "จำนวนคดีทุจริตลดลง (ร้อยละ เทียบกับปีฐาน)"),
        ("custom", "ค่าเป้าหมายของหน่วยงานเอง (ระบุหน่วยนับ)"),
    ];
    let page = PageContext::new(user, title, NAV);
    state.templates.render(
        "action_plan_targets.html",
        context! {
            page => page,
            heading => title,
            plan_url => plan_url(plan.id),
            plan_label => format!("{} {}", plan.title, plan.years_label()),
            years => plan.years(),
            rows => rows,
            kinds => kinds,
            default_base_year => plan.first_year - 1,
            form => form,
        },
    )
}

async fn targets_form(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<ActionPlanId>,
) -> AppResult<Html<String>> {
    let plan = load_plan(&state, &user, id).await?;
    let form = FormState::with_values(targets_values(&plan, user.agency()?.thai_digits));
    render_targets(&state, &user, &plan, form).await
}

async fn save_targets(
    State(state): State<AppState>,
    Path(id): Path<ActionPlanId>,
    Admin(user): Admin,
    CheckedForm { form, problems, .. }: CheckedForm<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let plan = load_plan(&state, &user, id).await?;
    let values = typed(form);
    let mut changed = plan.clone();
    changed.version = posted_version(values.get("version"), plan.version)?;
    let read = read_targets(&values, &mut changed).into_result();
    if let Err(errors) = problems.and_then_read(read) {
        let form = FormState::with_values(values).with_errors(&errors);
        return Ok(render_targets(&state, &user, &plan, form)
            .await?
            .into_response());
    }
    save_or_refuse(&state, &user, changed, values, |form| {
        render_targets(&state, &user, &plan, form)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use prongsai_core::model::AgencyId;

    fn form(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn target_rows_skip_blanks_and_report_at_their_row() {
        let mut plan = ActionPlan::new(AgencyId::new(), 2566);
        let values = form(&[
            ("targets.0.kind", "ita_score"),
            ("targets.0.value_2566", "๙๑"),
            ("targets.1.kind", "custom"),
            ("targets.2.kind", "fewer_cases"),
            ("targets.2.base_year", "2565"),
            ("targets.2.value_2567", "สิบ"),
            ("targets.2.value_2568", "150"),
            ("targets.3.kind", "custom"),
            ("targets.3.value_2566", "4"),
        ]);
        let errors = read_targets(&values, &mut plan);
        assert!(errors.get("targets.2.value_2567").is_some());
        assert!(errors.get("targets.2.value_2568").unwrap().contains("100"));
        assert!(errors.get("targets.3.label").is_some());
        assert_eq!(plan.targets.len(), 3, "the blank row is dropped");
        assert_eq!(
            plan.targets[0].value_text(2566).as_deref(),
            Some("91 คะแนน")
        );
    }

    #[test]
    fn intro_keeps_lists_and_reads_a_thai_date() {
        let mut plan = ActionPlan::new(AgencyId::new(), 2566);
        let values = form(&[
            ("title", "แผน"),
            ("preface_date", "๑ ตุลาคม ๒๕๖๕"),
            ("objectives", "- ข้อหนึ่ง\n- ข้อสอง\n"),
        ]);
        assert!(read_intro(&values, &mut plan).is_empty());
        assert_eq!(plan.intro.objectives, "- ข้อหนึ่ง\n- ข้อสอง");
        assert_eq!(intro_values(&plan, false)["preface_date"], "1/10/2565");
        let bad = form(&[("title", ""), ("preface_date", "1/10/2022")]);
        let errors = read_intro(&bad, &mut plan);
        assert!(errors.get("title").is_some());
        assert!(errors.get("preface_date").is_some());
    }
}
