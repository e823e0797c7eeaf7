//! Creating and editing a survey (`/surveys/new?kind=&year=`,
//! `/surveys/{id}/edit`): title, population, the minimum-sample rule, the last
//! day of answers and, for a satisfaction survey, its questions. Administrators
//! only.
//!
//! Satisfaction questions are rows ("เพิ่มแถว" posts what was typed back with
//! one more row, no JavaScript needed). Their codes (s1, s2 …) name the stored
//! answers, so once anyone has answered, a question keeps its code and place:
//! its wording may be corrected and new questions added after it, but removing,
//! reordering or changing the scale of an answered question is refused, since
//! the old answers would then be counted under another question.
//!
//! IIT and EIT surveys ask the framework's questions of their year, so they
//! cannot be created for a year without one. The public link's token is made
//! once, from the operating system's random source, and never changes.

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use base64::Engine as _;
use chrono::Utc;
use minijinja::context;
use prongsai_core::model::{AgencyId, SurveyId};
use prongsai_core::surveys::{
    SampleRule, SatisfactionQuestion, SatisfactionScale, Survey, SurveyKind, SurveyStatus,
};
use prongsai_core::thai::calendar::{format_date_numeric, parse_thai_date, today_in_thailand};
use prongsai_core::thai::digits::to_arabic_digits;
use prongsai_core::thai::fiscal::FiscalYear;
use prongsai_core::validation::ValidationErrors;
use prongsai_store::StoreError;
use serde::Deserialize;

use crate::auth::Admin;
use crate::auth::CurrentUser;
use crate::auth::csrf::CheckedForm;
use crate::error::{AppError, AppResult, STALE_TH};
use crate::extract::Path;
use crate::forms::FormState;
use crate::pages::records::risk::{rows_shown, typed};
use crate::pages::surveys::list::{NAV, survey_url};
use crate::render::PageContext;
use crate::state::AppState;
use prongsai_app::ita_results::year_framework;

/// The explanation shown with the sample rule.
const SAMPLE_RULE_TH: &str = "ป.ป.ช. ไม่เผยแพร่สูตร ค่าเริ่มต้นคือร้อยละ 10 ไม่น้อยกว่า 30 คน ไม่เกิน 400 คน";

/// What a satisfaction survey starts with.
const DEFAULT_QUESTIONS: [(&str, SatisfactionScale); 3] = [
    ("ความพึงพอใจต่อขั้นตอนการให้บริการ", SatisfactionScale::FiveLevel),
    ("ความพึงพอใจต่อเจ้าหน้าที่ผู้ให้บริการ", SatisfactionScale::FiveLevel),
    ("ข้อเสนอแนะเพิ่มเติม", SatisfactionScale::Text),
];

/// The keys of one question row (`questions.N.text`, …).
const QUESTION_KEYS: &[&str] = &["text"];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/surveys/new", get(new_form).post(create))
        .route("/surveys/{id}/edit", get(edit_form).post(update))
}

/// 16 random bytes, base64url without padding: the unguessable part of the
/// public link.
fn public_token() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system's random source is available");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The title a new survey starts with.
fn default_title(kind: SurveyKind, year: i32) -> String {
    format!("{} ปีงบประมาณ {year}", kind.label_th())
}

/// `?kind=&year=` of the new-survey form.
#[derive(Debug, Default, Deserialize)]
struct NewQuery {
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    year: Option<String>,
}

fn parse_kind(code: Option<&str>) -> AppResult<SurveyKind> {
    SurveyKind::from_code(code.unwrap_or_default().trim()).ok_or(AppError::NotFound)
}

/// A fiscal year typed in Arabic or Thai digits, within the supported range.
fn read_year(text: &str) -> Option<i32> {
    let year: i32 = to_arabic_digits(text.trim()).parse().ok()?;
    FiscalYear::try_from(year).ok().map(FiscalYear::be)
}

/// The form's values for a stored (or new) survey.
fn survey_values(survey: &Survey, thai_digits: bool) -> BTreeMap<String, String> {
    let mut values = BTreeMap::from([
        ("kind".to_owned(), survey.kind.code().to_owned()),
        ("year".to_owned(), survey.fiscal_year.to_string()),
        ("title".to_owned(), survey.title.clone()),
        (
            "population".to_owned(),
            survey.population.map(|p| p.to_string()).unwrap_or_default(),
        ),
        (
            "sample_percent".to_owned(),
            survey.sample_rule.percent.to_string(),
        ),
        (
            "sample_minimum".to_owned(),
            survey.sample_rule.minimum.to_string(),
        ),
        (
            "sample_maximum".to_owned(),
            survey.sample_rule.maximum.to_string(),
        ),
        (
            "closes_on".to_owned(),
            survey
                .closes_on
                .map(|d| format_date_numeric(d, thai_digits))
                .unwrap_or_default(),
        ),
        ("version".to_owned(), survey.version.to_string()),
    ]);
    for (i, q) in survey.questions.iter().enumerate() {
        values.insert(format!("questions.{i}.code"), q.code.clone());
        values.insert(format!("questions.{i}.text"), q.text_th.clone());
        values.insert(format!("questions.{i}.scale"), q.scale.code().to_owned());
    }
    values
}

/// What the form page shows.
struct FormPage<'a> {
    kind: SurveyKind,
    /// `None` for a new survey.
    existing: Option<&'a Survey>,
    form: FormState,
    add_row: bool,
    /// Whether anyone answered already (answered questions are then fixed).
    answered: bool,
}

fn render_form(state: &AppState, user: &CurrentUser, p: FormPage<'_>) -> AppResult<Html<String>> {
    let heading = match p.existing {
        Some(s) => format!("แก้ไขแบบสำรวจ: {}", s.title),
        None => format!("สร้าง{}", p.kind.label_th()),
    };
    let rows = if p.kind == SurveyKind::Satisfaction {
        rows_shown(&p.form.values, "questions", QUESTION_KEYS, p.add_row, 1)
    } else {
        0
    };
    let action = p.existing.map_or_else(
        || "/surveys/new".to_owned(),
        |s| format!("{}/edit", survey_url(s.id)),
    );
    let scales = [
        (SatisfactionScale::FiveLevel.code(), "ให้คะแนน 1–5"),
        (SatisfactionScale::Text.code(), "ข้อความ (ไม่บังคับตอบ)"),
    ];
    let page = PageContext::new(user, heading.clone(), NAV);
    state.templates.render(
        "survey_form.html",
        context! {
            page => page,
            heading => heading,
            action => action,
            kind => p.kind.code(),
            satisfaction => p.kind == SurveyKind::Satisfaction,
            editing => p.existing.is_some(),
            back => p.existing.map_or_else(|| "/surveys".to_owned(), |s| survey_url(s.id)),
            rows => (0..rows).collect::<Vec<_>>(),
            scales => scales,
            answered => p.answered,
            sample_rule_th => SAMPLE_RULE_TH,
            form => p.form,
        },
    )
}

async fn new_form(
    State(state): State<AppState>,
    Admin(user): Admin,
    Query(query): Query<NewQuery>,
) -> AppResult<Html<String>> {
    let agency = user.agency()?;
    let kind = parse_kind(query.kind.as_deref())?;
    let year = match query.year.as_deref().map(str::trim) {
        None | Some("") => FiscalYear::containing(today_in_thailand()).be(),
        Some(text) => read_year(text).ok_or(AppError::NotFound)?,
    };
    let draft = Survey {
        title: default_title(kind, year),
        questions: default_questions(kind),
        version: 0,
        ..new_survey(agency.id, kind, year)
    };
    let mut values = survey_values(&draft, agency.thai_digits);
    values.retain(|k, _| !(k.starts_with("questions.") && k.ends_with(".code")));
    let mut form = FormState::with_values(values);
    if let Some(problem) = framework_problem(&state, agency.id, kind, year).await? {
        form = form.with_error("year", problem);
    }
    render_form(
        &state,
        &user,
        FormPage {
            kind,
            existing: None,
            form,
            add_row: false,
            answered: false,
        },
    )
}

fn no_framework_for(kind: SurveyKind, year: i32) -> String {
    format!(
        "ไม่มีกรอบการประเมินของปีงบประมาณ {year} จึงสร้าง{} ไม่ได้ กรุณานำเข้ากรอบการประเมินของปีนี้ก่อน หรือเลือกปีอื่น",
        kind.label_th()
    )
}

/// A whole number typed in Arabic or Thai digits; a problem goes to `errors`.
fn number(
    values: &BTreeMap<String, String>,
    field: &str,
    errors: &mut ValidationErrors,
) -> Option<u32> {
    let text = values.get(field).map_or("", |v| v.trim());
    let parsed = to_arabic_digits(text).replace(',', "").parse().ok();
    if parsed.is_none() {
        errors.add(field, "กรุณากรอกเป็นตัวเลขจำนวนเต็ม เช่น 120");
    }
    parsed
}

/// The question rows typed, blank rows dropped, with the code each row carried.
fn typed_questions(
    values: &BTreeMap<String, String>,
    errors: &mut ValidationErrors,
) -> Vec<(Option<String>, SatisfactionQuestion)> {
    let get = |k: String| values.get(&k).map_or("", |v| v.trim()).to_owned();
    let rows = rows_shown(values, "questions", QUESTION_KEYS, false, 0);
    let mut typed = Vec::new();
    for i in 0..rows {
        let text = get(format!("questions.{i}.text"));
        if text.is_empty() {
            continue;
        }
        if text.chars().count() > 500 {
            errors.add(format!("questions.{i}.text"), "ข้อคำถามยาวเกิน 500 ตัวอักษร");
        }
        let scale = SatisfactionScale::from_code(&get(format!("questions.{i}.scale")))
            .unwrap_or(SatisfactionScale::FiveLevel);
        let code = Some(get(format!("questions.{i}.code"))).filter(|c| !c.is_empty());
        typed.push((
            code,
            SatisfactionQuestion {
                code: String::new(),
                text_th: text,
                scale,
            },
        ));
    }
    typed
}

/// What an answered survey may not lose.
const ANSWERED_FIXED_TH: &str = "มีผู้ตอบแบบสำรวจนี้แล้ว จึงลบ สลับลำดับ หรือเปลี่ยนรูปแบบคำตอบของข้อคำถามเดิมไม่ได้ แก้ไขถ้อยคำหรือเพิ่มข้อใหม่ต่อท้ายได้";

/// The questions with their codes: s1, s2 … in order while nobody has
/// answered; once answered, the stored questions must come first in their
/// order and scale, and new ones get the next free numbers.
fn numbered_questions(
    typed: Vec<(Option<String>, SatisfactionQuestion)>,
    stored: &[SatisfactionQuestion],
    answered: bool,
) -> Result<Vec<SatisfactionQuestion>, &'static str> {
    if !answered {
        return Ok(typed
            .into_iter()
            .enumerate()
            .map(|(i, (_, q))| SatisfactionQuestion {
                code: format!("s{}", i + 1),
                ..q
            })
            .collect());
    }
    let kept_in_place = stored.len() <= typed.len()
        && stored.iter().zip(&typed).all(|(old, (code, new))| {
            code.as_deref() == Some(old.code.as_str()) && old.scale == new.scale
        });
    if !kept_in_place {
        return Err(ANSWERED_FIXED_TH);
    }
    let mut next = stored
        .iter()
        .filter_map(|q| q.code.strip_prefix('s')?.parse::<usize>().ok())
        .max()
        .unwrap_or(0);
    Ok(typed
        .into_iter()
        .enumerate()
        .map(|(i, (_, q))| match stored.get(i) {
            Some(old) => SatisfactionQuestion {
                code: old.code.clone(),
                ..q
            },
            None => {
                next += 1;
                SatisfactionQuestion {
                    code: format!("s{next}"),
                    ..q
                }
            }
        })
        .collect())
}

/// Reads the form over `base` (the stored survey, or a new one of its kind and
/// agency); every problem is reported at its field.
fn read_form(
    values: &BTreeMap<String, String>,
    base: &Survey,
    answered: bool,
) -> Result<Survey, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let get = |k: &str| values.get(k).map_or("", |v| v.trim());
    let population = if get("population").is_empty() {
        None
    } else {
        number(values, "population", &mut errors)
    };
    let percent = number(values, "sample_percent", &mut errors);
    let minimum = number(values, "sample_minimum", &mut errors);
    let maximum = number(values, "sample_maximum", &mut errors);
    let closes_on = if get("closes_on").is_empty() {
        None
    } else {
        match parse_thai_date(get("closes_on")) {
            Ok(day) => Some(day),
            Err(e) => {
                errors.add("closes_on", e.to_string());
                None
            }
        }
    };
    let questions = if base.kind == SurveyKind::Satisfaction {
        let typed = typed_questions(values, &mut errors);
        numbered_questions(typed, &base.questions, answered)
            .map_err(|message| errors.add("questions", message))
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let defaults = SampleRule::default();
    let survey = Survey {
        title: get("title").to_owned(),
        population,
        sample_rule: SampleRule {
            percent: percent.unwrap_or(defaults.percent),
            minimum: minimum.unwrap_or(defaults.minimum),
            maximum: maximum.unwrap_or(defaults.maximum),
        },
        closes_on,
        questions,
        ..base.clone()
    };
    // A number that did not parse keeps its own message: the form shows the
    // first message of each field.
    if let Err(more) = survey.validate() {
        errors.0.extend(more.0);
    }
    errors.into_result().map(|()| survey)
}

async fn create(
    State(state): State<AppState>,
    Admin(user): Admin,
    CheckedForm { form, problems, .. }: CheckedForm<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let agency = user.agency()?;
    let mut values = typed(form);
    let kind = parse_kind(values.get("kind").map(String::as_str))?;
    let add_row = values.remove("add").is_some();
    let rerender = |form: FormState, add_row: bool| {
        render_form(
            &state,
            &user,
            FormPage {
                kind,
                existing: None,
                form,
                add_row,
                answered: false,
            },
        )
        .map(IntoResponse::into_response)
    };
    if add_row {
        return rerender(FormState::with_values(values), true);
    }
    let mut errors = problems;
    let year = read_year(values.get("year").map_or("", String::as_str));
    match year {
        None => errors.add("year", "กรุณากรอกปีงบประมาณ พ.ศ. เป็นตัวเลข เช่น 2569"),
        Some(year) => {
            if let Some(problem) = framework_problem(&state, agency.id, kind, year).await? {
                errors.add("year", problem);
            }
        }
    }
    let base = Survey {
        public_token: public_token(),
        ..new_survey(agency.id, kind, year.unwrap_or_default())
    };
    let survey = match read_form(&values, &base, false) {
        Ok(survey) if errors.is_empty() => survey,
        Ok(_) => return rerender(FormState::with_values(values).with_errors(&errors), false),
        Err(more) => {
            errors.0.extend(more.0);
            return rerender(FormState::with_values(values).with_errors(&errors), false);
        }
    };
    state.app.store.create_survey(user.actor(), &survey).await?;
    Ok(Redirect::to(&format!("{}?notice=saved", survey_url(survey.id))).into_response())
}

/// A survey of `kind` for `year` before the form is read onto it.
fn new_survey(agency: AgencyId, kind: SurveyKind, year: i32) -> Survey {
    Survey {
        id: SurveyId::new(),
        agency_id: agency,
        fiscal_year: year,
        kind,
        title: String::new(),
        public_token: String::new(),
        status: SurveyStatus::Open,
        population: None,
        sample_rule: SampleRule::default(),
        closes_on: None,
        questions: Vec::new(),
        created_at: Utc::now(),
        version: 1,
    }
}

/// The questions a new satisfaction survey starts with; none for the others.
fn default_questions(kind: SurveyKind) -> Vec<SatisfactionQuestion> {
    if kind != SurveyKind::Satisfaction {
        return Vec::new();
    }
    DEFAULT_QUESTIONS
        .iter()
        .enumerate()
        .map(|(i, (text, scale))| SatisfactionQuestion {
            code: format!("s{}", i + 1),
            text_th: (*text).to_owned(),
            scale: *scale,
        })
        .collect()
}

/// Why an IIT or EIT survey of `year` cannot be predicted: no framework.
async fn framework_problem(
    state: &AppState,
    agency: AgencyId,
    kind: SurveyKind,
    year: i32,
) -> AppResult<Option<String>> {
    if kind.instrument().is_none() {
        return Ok(None);
    }
    let framework = year_framework(&state.app.store, agency, year).await?;
    Ok(framework.is_none().then(|| no_framework_for(kind, year)))
}

/// The agency's survey `id`, or 404 (another agency's id included).
pub(crate) async fn agency_survey(
    state: &AppState,
    agency: AgencyId,
    id: SurveyId,
) -> AppResult<Survey> {
    state
        .app
        .store
        .find_survey(agency, id)
        .await?
        .ok_or(AppError::NotFound)
}

async fn edit_form(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<SurveyId>,
) -> AppResult<Html<String>> {
    let agency = user.agency()?;
    let survey = agency_survey(&state, agency.id, id).await?;
    let answered = state
        .app
        .store
        .survey_response_count(agency.id, survey.id)
        .await?
        > 0;
    render_form(
        &state,
        &user,
        FormPage {
            kind: survey.kind,
            existing: Some(&survey),
            form: FormState::with_values(survey_values(&survey, agency.thai_digits)),
            add_row: false,
            answered,
        },
    )
}

async fn update(
    State(state): State<AppState>,
    Path(id): Path<SurveyId>,
    Admin(user): Admin,
    CheckedForm { form, problems, .. }: CheckedForm<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let agency = user.agency()?;
    let stored = agency_survey(&state, agency.id, id).await?;
    let mut values = typed(form);
    let add_row = values.remove("add").is_some();
    let answered = state
        .app
        .store
        .survey_response_count(agency.id, stored.id)
        .await?
        > 0;
    let rerender = |form: FormState, add_row: bool| {
        render_form(
            &state,
            &user,
            FormPage {
                kind: stored.kind,
                existing: Some(&stored),
                form,
                add_row,
                answered,
            },
        )
        .map(IntoResponse::into_response)
    };
    if add_row {
        return rerender(FormState::with_values(values), true);
    }
    let version: i32 = values
        .get("version")
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| AppError::BadRequest("survey form without a version".to_owned()))?;
    let survey = match problems.and_then_read(read_form(&values, &stored, answered)) {
        Ok(survey) => survey,
        Err(errors) => {
            return rerender(FormState::with_values(values).with_errors(&errors), false);
        }
    };
    match state
        .app
        .store
        .update_survey(user.actor(), &survey, version)
        .await
    {
        Ok(()) => {
            Ok(Redirect::to(&format!("{}?notice=saved", survey_url(survey.id))).into_response())
        }
        Err(StoreError::Stale) => rerender(
            FormState::with_values(values).with_error("version", STALE_TH),
            false,
        ),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(code: &str, text: &str, scale: SatisfactionScale) -> SatisfactionQuestion {
        SatisfactionQuestion {
            code: code.to_owned(),
            text_th: text.to_owned(),
            scale,
        }
    }

    fn typed_row(code: Option<&str>, text: &str) -> (Option<String>, SatisfactionQuestion) {
        (
            code.map(str::to_owned),
            question("", text, SatisfactionScale::FiveLevel),
        )
    }

    #[test]
    fn tokens_are_unguessable_and_url_safe() {
        let (a, b) = (public_token(), public_token());
        assert_eq!(a.len(), 22);
        assert_ne!(a, b);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
    }

    #[test]
    fn unanswered_questions_are_numbered_in_order() {
        let numbered = numbered_questions(
            vec![typed_row(Some("s2"), "ข"), typed_row(None, "ก")],
            &[],
            false,
        )
        .unwrap();
        let codes: Vec<&str> = numbered.iter().map(|q| q.code.as_str()).collect();
        assert_eq!(codes, ["s1", "s2"]);
    }

    #[test]
    fn answered_questions_keep_their_codes_and_places() {
        let stored = [
            question("s1", "ก", SatisfactionScale::FiveLevel),
            question("s2", "ข", SatisfactionScale::FiveLevel),
        ];
        let numbered = numbered_questions(
            vec![
                typed_row(Some("s1"), "ก (แก้คำ)"),
                typed_row(Some("s2"), "ข"),
                typed_row(None, "ค"),
            ],
            &stored,
            true,
        )
        .unwrap();
        let codes: Vec<&str> = numbered.iter().map(|q| q.code.as_str()).collect();
        assert_eq!(codes, ["s1", "s2", "s3"]);
        assert_eq!(numbered[0].text_th, "ก (แก้คำ)");
        for typed in [
            vec![typed_row(Some("s2"), "ข"), typed_row(Some("s1"), "ก")],
            vec![typed_row(Some("s1"), "ก")],
            vec![
                typed_row(Some("s1"), "ก"),
                (
                    Some("s2".to_owned()),
                    question("", "ข", SatisfactionScale::Text),
                ),
            ],
        ] {
            assert_eq!(
                numbered_questions(typed, &stored, true),
                Err(ANSWERED_FIXED_TH)
            );
        }
    }

    #[test]
    fn numbers_and_dates_are_read_as_typed() {
        let base = Survey {
            id: SurveyId::new(),
            agency_id: AgencyId::new(),
            fiscal_year: 2568,
            kind: SurveyKind::Eit,
            title: String::new(),
            public_token: public_token(),
            status: SurveyStatus::Open,
            population: None,
            sample_rule: SampleRule::default(),
            closes_on: None,
            questions: Vec::new(),
            created_at: Utc::now(),
            version: 1,
        };
        let values: BTreeMap<String, String> = [
            ("title", " แบบวัด EIT "),
            ("population", "๑,๒๐๐"),
            ("sample_percent", "10"),
            ("sample_minimum", "30"),
            ("sample_maximum", "400"),
            ("closes_on", "31/3/2568"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let survey = read_form(&values, &base, false).unwrap();
        assert_eq!(survey.title, "แบบวัด EIT");
        assert_eq!(survey.population, Some(1_200));
        assert_eq!(survey.minimum_sample(), Some(120));
        assert_eq!(survey.closes_on.unwrap().to_string(), "2025-03-31");
        let mut bad = values.clone();
        bad.insert("sample_percent".to_owned(), "สิบ".to_owned());
        bad.insert("closes_on".to_owned(), "เมื่อวาน".to_owned());
        let errors = read_form(&bad, &base, false).unwrap_err();
        assert_eq!(
            errors.get("sample_percent"),
            Some("กรุณากรอกเป็นตัวเลขจำนวนเต็ม เช่น 120")
        );
        assert!(errors.get("closes_on").is_some());
    }
}
