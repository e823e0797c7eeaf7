//! ITA results (ผลการประเมิน ITA) of the agency: the list by year, one result's
//! figures, and the form an administrator enters them with.
//!
//! NACC publishes the ten indicator scores (or an agency knows its OIT items
//! passed), while the totals, instrument figures and rating follow from the
//! year's framework. So only the input is stored and every page scores it again
//! with `ita::score`: a corrected framework corrects every result, and a published
//! total that the computation does not reproduce is flagged rather than trusted.
//! Question-level or respondent data goes through the same JSON as
//! `prongsai ita score`, pasted into the form's advanced box.

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::context;
use prongsai_core::ita::{
    self, Catalog, DRAFT_WARNING_TH, Framework, Instrument, OitInput, ScoreError, ScoreInput,
    ScoreReport, SurveyInput, round2,
};
use prongsai_core::model::{AgencyId, ItaResult, ResultSource};
use prongsai_core::thai::digits::to_arabic_digits;
use prongsai_core::thai::fiscal::FiscalYear;
use prongsai_core::validation::ValidationErrors;
use serde::{Deserialize, Serialize};

use crate::auth::Admin;
use crate::auth::CurrentUser;
use crate::auth::csrf::{CheckedForm, ProtectedForm};
use crate::error::{AppError, AppResult};
use crate::extract::{Path, Year};
use crate::forms::{FormState, optional};
use crate::pages::Notice;
use crate::render::PageContext;
use crate::state::AppState;
use prongsai_app::ita_results::{ResultSummary, catalog_for, summarize_with_report};
use prongsai_core::field_limits::FieldKind;
use prongsai_core::thai::calendar::today_in_thailand;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/ita", get(list).post(create))
        .route("/ita/new", get(new_form))
        .route("/ita/{year}/{source}", get(view).post(update))
        .route("/ita/{year}/{source}/edit", get(edit_form))
        .route("/ita/{year}/{source}/delete", post(delete))
}

const INSTRUMENTS: [Instrument; 3] = [Instrument::Iit, Instrument::Eit, Instrument::Oit];
const SOURCES: [ResultSource; 2] = [ResultSource::Official, ResultSource::SelfAssessed];
const MAX_RATING_CHARS: usize = FieldKind::Code.max_chars();
const MAX_NOTE_CHARS: usize = FieldKind::Text.max_chars();

async fn load(
    state: &AppState,
    user: &CurrentUser,
    year: i32,
    source: ResultSource,
) -> AppResult<ItaResult> {
    state
        .app
        .store
        .get_ita_result(user.agency_id()?, year, source)
        .await?
        .ok_or(AppError::NotFound)
}

fn detail_url(year: i32, source: ResultSource) -> String {
    format!("/ita/{year}/{}", source.code())
}

/// An instrument's figures in a row of the list or the detail page.
#[derive(Debug, Serialize)]
struct InstrumentRow {
    code: &'static str,
    name_th: String,
    weight: f64,
    /// `None` when the instrument was not entered.
    percent: Option<f64>,
    points: Option<f64>,
}

fn instrument_rows(framework: &Framework, report: Option<&ScoreReport>) -> Vec<InstrumentRow> {
    INSTRUMENTS
        .into_iter()
        .filter_map(|code| framework.instrument(code))
        .map(|spec| {
            let figures = report.and_then(|r| r.instruments.get(&spec.code));
            InstrumentRow {
                code: spec.code.code(),
                name_th: spec.name_th.clone(),
                weight: spec.weight,
                percent: figures.map(|f| f.percent),
                points: figures.map(|f| f.points),
            }
        })
        .collect()
}

/// One line of the list: the shared summary plus the instrument figures.
#[derive(Debug, Serialize)]
struct ListRow {
    summary: ResultSummary,
    instruments: Vec<InstrumentRow>,
}

fn list_row(result: &ItaResult, catalog: &Catalog) -> ListRow {
    let (summary, report) = summarize_with_report(result, catalog);
    let instruments = catalog
        .get(result.fiscal_year)
        .map(|framework| instrument_rows(framework, report.as_ref()))
        .unwrap_or_default();
    ListRow {
        summary,
        instruments,
    }
}

async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(notice): Query<Notice>,
) -> AppResult<Html<String>> {
    let agency_id = user.agency_id()?;
    let catalog = catalog_for(&state.app.store, agency_id).await?;
    let mut results = state.app.store.list_ita_results(agency_id).await?;
    results.sort_by_key(|r| {
        (
            std::cmp::Reverse(r.fiscal_year),
            r.source != ResultSource::Official,
        )
    });
    let rows: Vec<ListRow> = results.iter().map(|r| list_row(r, &catalog)).collect();
    let page = PageContext::new(&user, "ผลการประเมิน ITA", "ita").with_notice(notice.message());
    state.templates.render(
        "ita_list.html",
        context! { page => page, rows => rows, draft_warning => DRAFT_WARNING_TH },
    )
}

/// An indicator's score on the detail page.
#[derive(Debug, Serialize)]
struct IndicatorRow {
    number: u32,
    name_th: String,
    instrument: &'static str,
    weight: f64,
    score: Option<f64>,
}

/// An OIT item and whether it passed.
#[derive(Debug, Serialize)]
struct ItemRow {
    code: String,
    title_th: String,
    passed: bool,
}

/// A sub-indicator's score with its items (only when items were entered).
#[derive(Debug, Serialize)]
struct SubIndicatorRow {
    code: String,
    name_th: String,
    score: Option<f64>,
    items: Vec<ItemRow>,
}

/// A question's score (only when answers were entered).
#[derive(Debug, Serialize)]
struct QuestionRow {
    code: String,
    text_th: String,
    score: f64,
}

/// Everything the detail page shows besides the stored result itself.
#[derive(Debug, Default, Serialize)]
struct Detail {
    draft: bool,
    computed_total: Option<f64>,
    computed_rating: Option<String>,
    instruments: Vec<InstrumentRow>,
    indicators: Vec<IndicatorRow>,
    sub_indicators: Vec<SubIndicatorRow>,
    questions: Vec<QuestionRow>,
    /// Notes of the scoring (instruments still missing…), the draft warning aside.
    warnings: Vec<String>,
    /// Published figures the computation does not reproduce, in Thai.
    mismatches: Vec<String>,
    /// Why nothing could be computed, in Thai.
    problem: Option<String>,
}

fn detail(result: &ItaResult, framework: Option<&Framework>) -> Detail {
    let Some(framework) = framework else {
        return Detail {
            problem: Some(format!(
                "ไม่มีกรอบการประเมินของปีงบประมาณ {} จึงคำนวณคะแนนไม่ได้ กรุณานำเข้ากรอบการประเมินของปีนั้น",
                result.fiscal_year
            )),
            ..Detail::default()
        };
    };
    let (report, problem) = match ita::score(framework, &result.input) {
        Ok(report) => (Some(report), None),
        Err(e) => (None, Some(format!("คำนวณคะแนนไม่ได้: {e}"))),
    };
    let report = report.as_ref();
    let computed_total = report.and_then(|r| r.total);
    let computed_rating = report.and_then(|r| r.rating.clone());
    let mismatches = total_mismatch(result.published_total, computed_total)
        .into_iter()
        .chain(rating_mismatch(
            result.published_rating.as_deref(),
            computed_rating.as_deref(),
        ))
        .collect();
    Detail {
        draft: framework.is_draft(),
        computed_total,
        computed_rating,
        instruments: instrument_rows(framework, report),
        indicators: indicator_rows(framework, report),
        sub_indicators: sub_indicator_rows(framework, report, result.input.oit.as_ref()),
        questions: question_rows(framework, report),
        warnings: report.map(scoring_notes).unwrap_or_default(),
        mismatches,
        problem,
    }
}

/// Every indicator of the framework with its score, if any.
fn indicator_rows(framework: &Framework, report: Option<&ScoreReport>) -> Vec<IndicatorRow> {
    framework
        .indicators
        .iter()
        .map(|i| IndicatorRow {
            number: i.number,
            name_th: i.name_th.clone(),
            instrument: i.instrument.code(),
            weight: i.weight,
            score: report.and_then(|r| r.indicators.get(&i.number).copied()),
        })
        .collect()
}

/// The OIT sub-indicators with each item passed or not, when items were entered.
fn sub_indicator_rows(
    framework: &Framework,
    report: Option<&ScoreReport>,
    oit: Option<&OitInput>,
) -> Vec<SubIndicatorRow> {
    let (Some(scores), Some(OitInput::Items(passed))) =
        (report.and_then(|r| r.sub_indicators.as_ref()), oit)
    else {
        return Vec::new();
    };
    framework
        .indicators_of(Instrument::Oit)
        .flat_map(|i| &i.sub_indicators)
        .map(|sub| SubIndicatorRow {
            code: sub.code.clone(),
            name_th: sub.name_th.clone(),
            score: scores.get(&sub.code),
            items: sub
                .items
                .iter()
                .map(|item| ItemRow {
                    code: item.code.clone(),
                    title_th: item.title_th.clone(),
                    passed: passed.get(&item.code).copied().unwrap_or(false),
                })
                .collect(),
        })
        .collect()
}

/// The questions answered, with their scores.
fn question_rows(framework: &Framework, report: Option<&ScoreReport>) -> Vec<QuestionRow> {
    let Some(scores) = report.and_then(|r| r.question_scores.as_ref()) else {
        return Vec::new();
    };
    framework
        .questions()
        .filter_map(|q| {
            scores.get(&q.code).map(|score| QuestionRow {
                code: q.code.clone(),
                text_th: q.text_th.clone(),
                score,
            })
        })
        .collect()
}

/// The scoring's notes, without the draft warning the page shows apart.
fn scoring_notes(report: &ScoreReport) -> Vec<String> {
    report
        .warnings
        .iter()
        .filter(|w| !w.contains(DRAFT_WARNING_TH))
        .cloned()
        .collect()
}

/// The Thai note when the published total differs from the computed one at two
/// decimals (as NACC prints them).
fn total_mismatch(published: Option<f64>, computed: Option<f64>) -> Option<String> {
    let (published, computed) = (published?, computed?);
    (round2(published) != round2(computed))
        .then(|| format!("คะแนนรวมที่คำนวณได้ ({computed:.2}) ไม่ตรงกับที่ประกาศ ({published:.2})"))
}

/// The Thai note when the published rating differs from the computed one.
fn rating_mismatch(published: Option<&str>, computed: Option<&str>) -> Option<String> {
    let (published, computed) = (published?.trim(), computed?);
    (published != computed)
        .then(|| format!("ระดับผลที่คำนวณได้ ({computed}) ไม่ตรงกับที่ประกาศ ({published})"))
}

async fn view(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((Year(year), source)): Path<(Year, ResultSource)>,
    Query(notice): Query<Notice>,
) -> AppResult<Html<String>> {
    let result = load(&state, &user, year, source).await?;
    let catalog = catalog_for(&state.app.store, result.agency_id).await?;
    let detail = detail(&result, catalog.get(result.fiscal_year));
    let title = format!(
        "ผลการประเมิน ITA ปี {} {}",
        result.fiscal_year,
        result.source.label_th()
    );
    let page = PageContext::new(&user, title, "ita").with_notice(notice.message());
    state.templates.render(
        "ita_view.html",
        context! {
            page => page,
            result => &result,
            source_label => result.source.label_th(),
            detail => detail,
            draft_warning => DRAFT_WARNING_TH,
        },
    )
}

/// What the result form sends. Item checkboxes are named after the year's items
/// (`item_O12`), so the form is read as a map.
#[derive(Debug, Clone, Default)]
struct ItaForm(BTreeMap<String, String>);

impl ItaForm {
    fn new(mut fields: BTreeMap<String, String>) -> Self {
        fields.remove("csrf_token");
        Self(fields)
    }

    fn get(&self, name: &str) -> &str {
        self.0.get(name).map_or("", String::as_str)
    }

    fn values(&self) -> FormState {
        FormState::with_values(self.0.clone())
    }
}

fn indicator_field(number: u32) -> String {
    format!("ind_{number}")
}

fn item_field(code: &str) -> String {
    format!("item_{code}")
}

/// A score as typed: 0–100 with at most two decimals, in Thai or Arabic digits.
/// Blank is `None` (not entered).
fn parse_score(text: &str) -> Result<Option<f64>, &'static str> {
    const FORMAT: &str = "กรุณากรอกคะแนนเป็นตัวเลข 0–100 ทศนิยมไม่เกิน 2 ตำแหน่ง เช่น 86.52 หรือ ๘๖.๕๒";
    let text = to_arabic_digits(text.trim());
    if text.is_empty() {
        return Ok(None);
    }
    let (whole, decimals) = text.split_once('.').unwrap_or((&text, ""));
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 3 || decimals.len() > 2 {
        return Err(FORMAT);
    }
    if !digits_only(whole) || !digits_only(decimals) {
        return Err(FORMAT);
    }
    let value: f64 = text.parse().map_err(|_| FORMAT)?;
    if value > 100.0 {
        return Err("คะแนนต้องไม่เกิน 100");
    }
    Ok(Some(value))
}

/// The fiscal year typed in the form, which must have a framework.
fn parse_fiscal_year(text: &str, years: &[i32]) -> Result<i32, String> {
    let listed = years
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let typed = to_arabic_digits(text.trim());
    let year = typed.parse::<i32>().ok();
    match year {
        Some(y) if years.contains(&y) => Ok(y),
        Some(y) if (1900..2300).contains(&y) => Err(format!(
            "ปีงบประมาณต้องเป็นปี พ.ศ. (ค.ศ. + 543 เช่น {}) ปีที่มีกรอบการประเมิน: {listed}",
            y + 543
        )),
        _ if typed.is_empty() => Err(format!(
            "กรุณากรอกปีงบประมาณ (พ.ศ.) ปีที่มีกรอบการประเมิน: {listed}"
        )),
        _ => Err(format!(
            "ไม่มีกรอบการประเมินของปีงบประมาณนี้ ปีที่มีกรอบการประเมิน: {listed} (ปีอื่นนำเข้าได้ที่เมนู กรอบการประเมิน)"
        )),
    }
}

/// The official indicator scores of one instrument from the form: `None` when
/// every box is blank; a message on each blank box when only some are filled.
fn instrument_scores(
    framework: &Framework,
    instrument: Instrument,
    form: &ItaForm,
    errors: &mut ValidationErrors,
) -> Option<BTreeMap<String, f64>> {
    let mut scores = BTreeMap::new();
    let mut blank = Vec::new();
    let mut invalid = false;
    for indicator in framework.indicators_of(instrument) {
        let field = indicator_field(indicator.number);
        match parse_score(form.get(&field)) {
            Ok(Some(score)) => {
                scores.insert(indicator.number.to_string(), score);
            }
            Ok(None) => blank.push(field),
            Err(message) => {
                errors.add(field, message);
                invalid = true;
            }
        }
    }
    if scores.is_empty() && !invalid {
        return None;
    }
    for field in blank {
        errors.add(
            field,
            format!(
                "กรุณากรอกคะแนนให้ครบทุกตัวชี้วัดของ {} หรือเว้นว่างทั้งหมดถ้ายังไม่มีผล",
                instrument.code()
            ),
        );
    }
    Some(scores)
}

/// The score input the form's boxes describe (the advanced box aside).
fn input_from_form(
    framework: &Framework,
    form: &ItaForm,
    errors: &mut ValidationErrors,
) -> ScoreInput {
    let iit =
        instrument_scores(framework, Instrument::Iit, form, errors).map(SurveyInput::Indicators);
    let eit =
        instrument_scores(framework, Instrument::Eit, form, errors).map(SurveyInput::Indicators);
    let oit = if form.get("oit_mode") == "items" {
        Some(OitInput::Items(
            framework
                .oit_items()
                .map(|item| {
                    (
                        item.code.clone(),
                        form.get(&item_field(&item.code)) == "yes",
                    )
                })
                .collect(),
        ))
    } else {
        instrument_scores(framework, Instrument::Oit, form, errors).map(OitInput::Indicators)
    };
    ScoreInput {
        year: framework.year,
        iit,
        eit,
        oit,
    }
}

/// Reads the advanced box (the JSON of `prongsai ita score`). The engine's reader
/// is asked for the Thai message when the text does not parse.
fn parse_advanced(text: &str, catalog: &Catalog) -> Result<ScoreInput, String> {
    serde_json::from_str(text).map_err(|_| match ita::score_json(text, catalog) {
        Err(e) => e.to_string(),
        Ok(_) => "ข้อมูล JSON มีชื่อช่องซ้ำกัน กรุณาเหลือไว้ช่องละครั้งเดียว".to_owned(),
    })
}

/// The form field a scoring error belongs to, for input built from the boxes:
/// `iit.indicators.3` → `ind_3`, `oit.items.O12` → `item_O12`, `year` →
/// `fiscal_year`, anything else about an instrument → its group (`iit`, `eit`,
/// `oit`), and the rest → the message at the top of the form.
fn field_for_path(path: &str) -> String {
    let parts: Vec<&str> = path.splitn(3, '.').collect();
    match parts.as_slice() {
        ["year"] => "fiscal_year".to_owned(),
        [_, "indicators", number] if number.parse::<u32>().is_ok() => {
            indicator_field(number.parse().unwrap_or_default())
        }
        ["oit", "items", code] => item_field(code),
        [group @ ("iit" | "eit" | "oit"), ..] => (*group).to_owned(),
        _ => "form".to_owned(),
    }
}

/// Where a scoring error is shown: on the advanced box when the input came from
/// there (with its path), otherwise next to the field the path names.
fn score_error_field(error: &ScoreError, from_advanced: bool) -> (String, String) {
    match error {
        ScoreError::Invalid { path, reason } if !from_advanced => {
            (field_for_path(path), reason.clone())
        }
        other if from_advanced => ("advanced".to_owned(), other.to_string()),
        other => ("form".to_owned(), other.to_string()),
    }
}

/// What a submitted form says, read and checked field by field (not scored yet).
#[derive(Debug)]
struct Entered {
    input: ScoreInput,
    /// The input came from the advanced box.
    from_advanced: bool,
    published_total: Option<f64>,
    published_rating: Option<String>,
    note: String,
}

/// Reads every field of the form, collecting a message per wrong field.
fn read_form(
    framework: &Framework,
    catalog: &Catalog,
    form: &ItaForm,
) -> Result<Entered, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let published_total = parse_score(form.get("published_total")).unwrap_or_else(|message| {
        errors.add("published_total", message);
        None
    });
    let published_rating = optional(form.get("published_rating"));
    if published_rating
        .as_ref()
        .is_some_and(|r| r.chars().count() > MAX_RATING_CHARS)
    {
        errors.add(
            "published_rating",
            format!("ระดับผลการประเมินยาวเกิน {MAX_RATING_CHARS} ตัวอักษร"),
        );
    }
    let note = form.get("note").trim().to_owned();
    if note.chars().count() > MAX_NOTE_CHARS {
        errors.add("note", format!("หมายเหตุยาวเกิน {MAX_NOTE_CHARS} ตัวอักษร"));
    }
    let advanced = form.get("advanced").trim();
    let from_advanced = !advanced.is_empty();
    let input = if from_advanced {
        parse_advanced(advanced, catalog).unwrap_or_else(|message| {
            errors.add("advanced", message);
            ScoreInput {
                year: framework.year,
                iit: None,
                eit: None,
                oit: None,
            }
        })
    } else {
        input_from_form(framework, form, &mut errors)
    };
    errors.into_result()?;
    Ok(Entered {
        input,
        from_advanced,
        published_total,
        published_rating,
        note,
    })
}

/// Turns a submitted form into the result to store, or the errors to show: the
/// fields must read, something must be entered, and the input must score.
fn build_result(
    agency_id: AgencyId,
    source: ResultSource,
    framework: &Framework,
    catalog: &Catalog,
    form: &ItaForm,
) -> Result<ItaResult, ValidationErrors> {
    let entered = read_form(framework, catalog, form)?;
    let input = &entered.input;
    let mut errors = ValidationErrors::new();
    let has_instruments = input.iit.is_some() || input.eit.is_some() || input.oit.is_some();
    if !has_instruments && entered.published_total.is_none() {
        errors.add(
            "form",
            "ยังไม่มีคะแนน กรุณากรอกคะแนนตัวชี้วัดอย่างน้อยหนึ่งแบบวัด ผลรายข้อ OIT หรือคะแนนรวมที่ประกาศ",
        );
    } else if let Err(e) = ita::score(framework, input) {
        let (field, message) = score_error_field(&e, entered.from_advanced);
        errors.add(field, message);
    }
    errors.into_result()?;
    Ok(ItaResult {
        agency_id,
        fiscal_year: framework.year,
        source,
        input: entered.input,
        published_total: entered.published_total,
        published_rating: entered.published_rating,
        note: entered.note,
    })
}

/// Whether the form's boxes can show `input` without losing anything: official
/// indicator scores or OIT items, all of them known to `framework`.
fn fits_boxes(framework: &Framework, input: &ScoreInput) -> bool {
    let indicators_fit = |scores: &BTreeMap<String, f64>, instrument: Instrument| {
        scores.keys().all(|key| {
            key.parse()
                .ok()
                .and_then(|n| framework.indicator(n))
                .is_some_and(|i| i.instrument == instrument && i.number.to_string() == *key)
        })
    };
    let survey_fits = |survey: &Option<SurveyInput>, instrument| match survey {
        None => true,
        Some(SurveyInput::Indicators(scores)) => indicators_fit(scores, instrument),
        Some(SurveyInput::Questions(_)) => false,
    };
    let oit_fits = match &input.oit {
        None => true,
        Some(OitInput::Indicators(scores)) => indicators_fit(scores, Instrument::Oit),
        Some(OitInput::Items(items)) => items
            .keys()
            .all(|code| framework.oit_items().any(|item| item.code == *code)),
    };
    input.year == framework.year
        && survey_fits(&input.iit, Instrument::Iit)
        && survey_fits(&input.eit, Instrument::Eit)
        && oit_fits
}

/// The form's values for a stored result: in the boxes when they can hold it,
/// otherwise as JSON in the advanced box.
fn values_for(result: &ItaResult, framework: Option<&Framework>) -> BTreeMap<String, String> {
    let mut values = BTreeMap::from([
        ("fiscal_year".to_owned(), result.fiscal_year.to_string()),
        ("source".to_owned(), result.source.code().to_owned()),
        (
            "published_total".to_owned(),
            result
                .published_total
                .map(|t| t.to_string())
                .unwrap_or_default(),
        ),
        (
            "published_rating".to_owned(),
            result.published_rating.clone().unwrap_or_default(),
        ),
        ("note".to_owned(), result.note.clone()),
        ("oit_mode".to_owned(), "indicators".to_owned()),
    ]);
    let input = &result.input;
    if !framework.is_some_and(|f| fits_boxes(f, input)) {
        let json = serde_json::to_string_pretty(input).unwrap_or_default();
        values.insert("advanced".to_owned(), json);
        return values;
    }
    let scores = [&input.iit, &input.eit]
        .into_iter()
        .flatten()
        .filter_map(|s| match s {
            SurveyInput::Indicators(scores) => Some(scores),
            SurveyInput::Questions(_) => None,
        });
    let oit_scores = match &input.oit {
        Some(OitInput::Indicators(scores)) => Some(scores),
        _ => None,
    };
    for (number, score) in scores.chain(oit_scores).flatten() {
        values.insert(format!("ind_{number}"), score.to_string());
    }
    if let Some(OitInput::Items(items)) = &input.oit {
        values.insert("oit_mode".to_owned(), "items".to_owned());
        for (code, _) in items.iter().filter(|(_, passed)| **passed) {
            values.insert(item_field(code), "yes".to_owned());
        }
    }
    values
}

/// The year a new result's form is laid out for: the latest year with a
/// framework that is not after the current fiscal year, else the latest one.
fn default_year(years: &[i32], current: i32) -> Option<i32> {
    years
        .iter()
        .copied()
        .filter(|y| *y <= current)
        .max()
        .or_else(|| years.iter().copied().max())
}

/// Which form the page shows: a new result, or an existing one's.
#[derive(Debug, Clone, Copy)]
enum FormTarget {
    Create,
    Edit(i32, ResultSource),
}

async fn render_form(
    state: &AppState,
    user: &CurrentUser,
    target: FormTarget,
    catalog: &Catalog,
    framework: Option<&Framework>,
    form: FormState,
) -> AppResult<Html<String>> {
    let (title, action, edit) = match target {
        FormTarget::Create => ("บันทึกผลการประเมิน ITA".to_owned(), "/ita".to_owned(), None),
        FormTarget::Edit(year, source) => (
            format!("แก้ไขผลการประเมิน ITA ปี {year} {}", source.label_th()),
            detail_url(year, source),
            Some(
                context! { year => year, source => source.code(), source_label => source.label_th() },
            ),
        ),
    };
    let sources: Vec<[&str; 2]> = SOURCES.iter().map(|s| [s.code(), s.label_th()]).collect();
    let page = PageContext::new(user, title, "ita");
    state.templates.render(
        "ita_edit.html",
        context! {
            page => page,
            action => action,
            edit => edit,
            framework => framework,
            years => catalog.years(),
            sources => sources,
            draft_warning => DRAFT_WARNING_TH,
            form => form,
        },
    )
}

/// `?year=&source=` of the new-result page.
#[derive(Debug, Default, Deserialize)]
struct NewQuery {
    #[serde(default)]
    year: Option<String>,
    #[serde(default)]
    source: Option<String>,
}

async fn new_form(
    State(state): State<AppState>,
    Admin(user): Admin,
    Query(query): Query<NewQuery>,
) -> AppResult<Html<String>> {
    let catalog = catalog_for(&state.app.store, user.agency_id()?).await?;
    let years = catalog.years();
    let current = FiscalYear::containing(today_in_thailand()).be();
    let typed = query.year.unwrap_or_default();
    let (year, error) = if typed.trim().is_empty() {
        (default_year(&years, current), None)
    } else {
        match parse_fiscal_year(&typed, &years) {
            Ok(year) => (Some(year), None),
            Err(message) => (default_year(&years, current), Some(message)),
        }
    };
    let framework = year.and_then(|y| catalog.get(y));
    let source = query
        .source
        .filter(|s| ResultSource::from_code(s).is_some())
        .unwrap_or_else(|| ResultSource::Official.code().to_owned());
    let shown_year = if error.is_some() {
        typed
    } else {
        year.map(|y| y.to_string()).unwrap_or_default()
    };
    let mut form = FormState::with_values([
        ("fiscal_year", shown_year),
        ("source", source),
        ("oit_mode", "indicators".to_owned()),
    ]);
    if let Some(message) = error {
        form = form.with_error("fiscal_year", message);
    }
    render_form(&state, &user, FormTarget::Create, &catalog, framework, form).await
}

async fn create(
    State(state): State<AppState>,
    Admin(user): Admin,
    CheckedForm { form, problems, .. }: CheckedForm<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let agency_id = user.agency_id()?;
    let catalog = catalog_for(&state.app.store, agency_id).await?;
    let form = ItaForm::new(form);
    let again = |framework, values| {
        render_form(
            &state,
            &user,
            FormTarget::Create,
            &catalog,
            framework,
            values,
        )
    };
    let (year, source, framework) = match new_result_key(&form, &catalog) {
        Ok(key) => key,
        Err((shown, values)) => {
            let values = values.with_errors(&problems);
            return Ok(again(shown, values).await?.into_response());
        }
    };
    if let Some((field, message)) = create_conflict(&state, agency_id, &form, year, source).await? {
        let values = form
            .values()
            .with_error(field, message)
            .with_errors(&problems);
        return Ok(again(Some(framework), values).await?.into_response());
    }
    match problems.and_then_read(build_result(agency_id, source, framework, &catalog, &form)) {
        Ok(result) => {
            state
                .app
                .store
                .save_ita_result(user.actor(), &result)
                .await?;
            let to = format!("{}?notice=saved", detail_url(year, source));
            Ok(Redirect::to(&to).into_response())
        }
        Err(errors) => {
            let values = form.values().with_errors(&errors);
            Ok(again(Some(framework), values).await?.into_response())
        }
    }
}

/// The year the boxes on the page were laid out for.
fn laid_out_year(form: &ItaForm) -> Option<i32> {
    to_arabic_digits(form.get("form_year")).parse().ok()
}

/// The year, source and framework of a new result; else the form again with
/// Thai messages, and the framework whose boxes it shows.
fn new_result_key<'c>(
    form: &ItaForm,
    catalog: &'c Catalog,
) -> Result<(i32, ResultSource, &'c Framework), (Option<&'c Framework>, FormState)> {
    let years = catalog.years();
    let year = parse_fiscal_year(form.get("fiscal_year"), &years);
    let source = ResultSource::from_code(form.get("source"));
    let shown = year
        .as_ref()
        .ok()
        .copied()
        .or(laid_out_year(form))
        .and_then(|y| catalog.get(y))
        .or_else(|| {
            default_year(&years, FiscalYear::containing(today_in_thailand()).be())
                .and_then(|y| catalog.get(y))
        });
    let mut errors = ValidationErrors::new();
    if let Err(message) = &year {
        errors.add("fiscal_year", message.clone());
    }
    if source.is_none() {
        errors.add("source", "กรุณาเลือกประเภทผลการประเมิน");
    }
    let (Ok(year), Some(source), Some(framework)) = (year, source, shown) else {
        if let Some(Err(more)) = shown.map(|f| read_form(f, catalog, form)) {
            errors.0.extend(more.0);
        }
        return Err((shown, form.values().with_errors(&errors)));
    };
    Ok((year, source, framework))
}

/// Why a well-formed new result is not saved as typed, as a field and a Thai
/// message: OIT items laid out for another year, or a result that exists.
async fn create_conflict(
    state: &AppState,
    agency: AgencyId,
    form: &ItaForm,
    year: i32,
    source: ResultSource,
) -> AppResult<Option<(&'static str, String)>> {
    if form.get("oit_mode") == "items"
        && laid_out_year(form) != Some(year)
        && form.get("advanced").trim().is_empty()
    {
        let message =
            format!("รายการข้อ OIT ด้านล่างเปลี่ยนเป็นของปี {year} แล้ว กรุณาตรวจผลรายข้ออีกครั้งแล้วกดบันทึก");
        return Ok(Some(("oit_mode", message)));
    }
    if state
        .app
        .store
        .get_ita_result(agency, year, source)
        .await?
        .is_some()
    {
        let message = format!(
            "มี{}ของปี {year} อยู่แล้ว กรุณาแก้ไขจากหน้ารายละเอียดของผลนั้นแทน",
            source.label_th()
        );
        return Ok(Some(("fiscal_year", message)));
    }
    Ok(None)
}

async fn edit_form(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path((Year(year), source)): Path<(Year, ResultSource)>,
) -> AppResult<Html<String>> {
    let result = load(&state, &user, year, source).await?;
    let catalog = catalog_for(&state.app.store, result.agency_id).await?;
    let framework = catalog.get(result.fiscal_year);
    let form = FormState::with_values(values_for(&result, framework));
    let target = FormTarget::Edit(result.fiscal_year, result.source);
    render_form(&state, &user, target, &catalog, framework, form).await
}

async fn update(
    State(state): State<AppState>,
    Path((Year(year), source)): Path<(Year, ResultSource)>,
    Admin(user): Admin,
    CheckedForm { form, problems, .. }: CheckedForm<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let existing = load(&state, &user, year, source).await?;
    let catalog = catalog_for(&state.app.store, existing.agency_id).await?;
    let framework = catalog.get(existing.fiscal_year);
    let target = FormTarget::Edit(existing.fiscal_year, existing.source);
    let form = ItaForm::new(form);
    let built = match framework {
        Some(framework) => build_result(
            existing.agency_id,
            existing.source,
            framework,
            &catalog,
            &form,
        ),
        None => {
            let mut errors = ValidationErrors::new();
            errors.add(
                "form",
                format!(
                    "ไม่มีกรอบการประเมินของปีงบประมาณ {} กรุณานำเข้ากรอบการประเมินของปีนั้นก่อน (เมนู กรอบการประเมิน)",
                    existing.fiscal_year
                ),
            );
            Err(errors)
        }
    };
    match problems.and_then_read(built) {
        Ok(result) => {
            state
                .app
                .store
                .save_ita_result(user.actor(), &result)
                .await?;
            let to = format!(
                "{}?notice=saved",
                detail_url(result.fiscal_year, result.source)
            );
            Ok(Redirect::to(&to).into_response())
        }
        Err(errors) => {
            let form = form.values().with_errors(&errors);
            Ok(
                render_form(&state, &user, target, &catalog, framework, form)
                    .await?
                    .into_response(),
            )
        }
    }
}

/// What the delete form sends: the confirmation box must be ticked.
#[derive(Debug, Deserialize)]
struct DeleteForm {
    #[serde(default)]
    confirm: String,
}

async fn delete(
    State(state): State<AppState>,
    Path((Year(year), source)): Path<(Year, ResultSource)>,
    Admin(user): Admin,
    ProtectedForm { form, .. }: ProtectedForm<DeleteForm>,
) -> AppResult<Response> {
    let existing = load(&state, &user, year, source).await?;
    if form.confirm != "yes" {
        let catalog = catalog_for(&state.app.store, existing.agency_id).await?;
        let framework = catalog.get(existing.fiscal_year);
        let form = FormState::with_values(values_for(&existing, framework))
            .with_error("confirm", "กรุณาติ๊กยืนยันก่อนลบ");
        let target = FormTarget::Edit(existing.fiscal_year, existing.source);
        return Ok(
            render_form(&state, &user, target, &catalog, framework, form)
                .await?
                .into_response(),
        );
    }
    state
        .app
        .store
        .delete_ita_result(
            user.actor(),
            existing.agency_id,
            existing.fiscal_year,
            existing.source,
        )
        .await?;
    Ok(Redirect::to("/ita?notice=deleted").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin(year: i32) -> Framework {
        Framework::builtin(year).expect("built-in framework")
    }

    fn form(fields: &[(&str, &str)]) -> ItaForm {
        ItaForm::new(
            fields
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    /// NACC's indicator scores of Nong Prung, FY2565, as its integrity measures
    /// quote them (published total 60.61, rating D); see the demo data's note.
    const NONG_PRUNG_2565: [(&str, &str); 10] = [
        ("ind_1", "86.52"),
        ("ind_2", "75.34"),
        ("ind_3", "83.35"),
        ("ind_4", "74.51"),
        ("ind_5", "82.38"),
        ("ind_6", "88.42"),
        ("ind_7", "88.91"),
        ("ind_8", "83.96"),
        ("ind_9", "๓๙.๒๗"),
        ("ind_10", "12.5"),
    ];

    #[test]
    fn scores_accept_thai_digits_and_reject_what_is_not_a_score() {
        assert_eq!(parse_score("86.52"), Ok(Some(86.52)));
        assert_eq!(parse_score(" ๘๖.๕๒ "), Ok(Some(86.52)));
        assert_eq!(parse_score("100"), Ok(Some(100.0)));
        assert_eq!(parse_score("0"), Ok(Some(0.0)));
        assert_eq!(parse_score(""), Ok(None));
        assert_eq!(parse_score("   "), Ok(None));
        for bad in [
            "abc", "86.523", "-1", "1e2", "NaN", "inf", ".5", "86,52", "1.2.3", "0001",
        ] {
            assert!(parse_score(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_score("100.01"), Err("คะแนนต้องไม่เกิน 100"));
    }

    #[test]
    fn fiscal_year_must_have_a_framework() {
        let years = [2564, 2565, 2568];
        assert_eq!(parse_fiscal_year("๒๕๖๘", &years), Ok(2568));
        for bad in ["", "abc", "99999", "2570", "99999999999999"] {
            let message = parse_fiscal_year(bad, &years).expect_err(bad);
            assert!(message.contains("2564, 2565, 2568"), "{message}");
        }
        let ce = parse_fiscal_year("2025", &years).expect_err("CE year");
        assert!(ce.contains("2568"), "{ce}");
    }

    #[test]
    fn paths_of_scoring_errors_map_to_form_fields() {
        assert_eq!(field_for_path("year"), "fiscal_year");
        assert_eq!(field_for_path("iit.indicators.3"), "ind_3");
        assert_eq!(field_for_path("oit.indicators.10"), "ind_10");
        assert_eq!(field_for_path("oit.items.O12"), "item_O12");
        assert_eq!(field_for_path("eit.indicators"), "eit");
        assert_eq!(field_for_path("oit.items"), "oit");
        assert_eq!(field_for_path("iit"), "iit");
        assert_eq!(field_for_path("iit.questions.i3[7][1]"), "iit");
        assert_eq!(field_for_path(""), "form");
        let invalid = ScoreError::Invalid {
            path: "iit.indicators.3".to_owned(),
            reason: "ผิด".to_owned(),
        };
        assert_eq!(
            score_error_field(&invalid, false),
            ("ind_3".to_owned(), "ผิด".to_owned())
        );
        assert_eq!(
            score_error_field(&invalid, true),
            ("advanced".to_owned(), "iit.indicators.3: ผิด".to_owned())
        );
    }

    #[test]
    fn official_indicator_scores_give_the_published_total() {
        let fw = builtin(2565);
        let catalog = Catalog::default();
        let mut fields = NONG_PRUNG_2565.to_vec();
        fields.push(("published_total", "60.61"));
        fields.push(("published_rating", " D "));
        let result = build_result(
            AgencyId::new(),
            ResultSource::Official,
            &fw,
            &catalog,
            &form(&fields),
        )
        .expect("valid form");
        assert_eq!(result.published_rating.as_deref(), Some("D"));
        assert_eq!(result.input.year, 2565);
        let report = ita::score(&fw, &result.input).expect("scores");
        assert_eq!(report.total, Some(60.61));
        assert_eq!(report.rating.as_deref(), Some("D"));
        assert!(total_mismatch(result.published_total, report.total).is_none());

        // The misprint in the same document (88.52 for indicator 6) gives 60.62.
        fields[5] = ("ind_6", "88.52");
        let typo = build_result(
            AgencyId::new(),
            ResultSource::Official,
            &fw,
            &catalog,
            &form(&fields),
        )
        .expect("valid form");
        let shown = detail(&typo, Some(&fw));
        assert_eq!(
            shown.mismatches,
            ["คะแนนรวมที่คำนวณได้ (60.62) ไม่ตรงกับที่ประกาศ (60.61)"]
        );
        assert!(rating_mismatch(Some("D"), Some("D")).is_none());
        assert!(rating_mismatch(Some("C"), Some("D")).is_some());
    }

    #[test]
    fn blank_instruments_are_left_out_and_half_filled_ones_are_errors() {
        let fw = builtin(2568);
        let catalog = Catalog::default();
        let only_oit = form(&[("ind_9", "90"), ("ind_10", "80")]);
        let result = build_result(
            AgencyId::new(),
            ResultSource::SelfAssessed,
            &fw,
            &catalog,
            &only_oit,
        )
        .expect("OIT alone is fine");
        assert!(result.input.iit.is_none() && result.input.eit.is_none());
        assert!(matches!(result.input.oit, Some(OitInput::Indicators(_))));

        let half = form(&[("ind_1", "90"), ("ind_2", "x")]);
        let errors = build_result(
            AgencyId::new(),
            ResultSource::Official,
            &fw,
            &catalog,
            &half,
        )
        .expect_err("half filled");
        assert!(errors.get("ind_2").is_some());
        assert!(errors.get("ind_3").is_some());
        assert!(errors.get("ind_1").is_none());

        let nothing = form(&[("note", "ยังไม่มีผล")]);
        let errors = build_result(
            AgencyId::new(),
            ResultSource::Official,
            &fw,
            &catalog,
            &nothing,
        )
        .expect_err("nothing entered");
        assert!(errors.get("form").is_some());
        let published_only = form(&[("published_total", "91.5")]);
        assert!(
            build_result(
                AgencyId::new(),
                ResultSource::Official,
                &fw,
                &catalog,
                &published_only
            )
            .is_ok()
        );
    }

    #[test]
    fn oit_items_are_read_from_the_checkboxes() {
        let fw = builtin(2568);
        let catalog = Catalog::default();
        let first = fw
            .oit_items()
            .next()
            .map(|i| i.code.clone())
            .unwrap_or_default();
        let field = item_field(&first);
        let items = form(&[("oit_mode", "items"), (field.as_str(), "yes")]);
        let result = build_result(
            AgencyId::new(),
            ResultSource::SelfAssessed,
            &fw,
            &catalog,
            &items,
        )
        .expect("items");
        let Some(OitInput::Items(passed)) = &result.input.oit else {
            panic!("items expected");
        };
        assert_eq!(passed.len(), fw.oit_items().count());
        assert_eq!(passed.values().filter(|p| **p).count(), 1);
        assert_eq!(passed.get(&first), Some(&true));
        let values = values_for(&result, Some(&fw));
        assert_eq!(values.get("oit_mode").map(String::as_str), Some("items"));
        assert_eq!(values.get(&field).map(String::as_str), Some("yes"));
        assert!(!values.contains_key("advanced"));
    }

    #[test]
    fn the_advanced_box_replaces_the_boxes_and_reports_in_thai() {
        let fw = builtin(2568);
        let catalog = Catalog::default();
        let good = form(&[
            ("ind_1", "x"),
            (
                "advanced",
                r#"{"year": 2568, "oit": {"indicators": {"9": 100, "10": 50}}}"#,
            ),
        ]);
        let result = build_result(
            AgencyId::new(),
            ResultSource::Official,
            &fw,
            &catalog,
            &good,
        )
        .expect("advanced wins");
        assert!(result.input.iit.is_none());

        let syntax = form(&[("advanced", "{\"year\": 2568,")]);
        let errors = build_result(
            AgencyId::new(),
            ResultSource::Official,
            &fw,
            &catalog,
            &syntax,
        )
        .expect_err("syntax");
        assert!(errors.get("advanced").is_some_and(|m| m.contains("บรรทัด")));

        let other_year = form(&[(
            "advanced",
            r#"{"year": 2567, "oit": {"indicators": {"9": 1, "10": 1}}}"#,
        )]);
        let errors = build_result(
            AgencyId::new(),
            ResultSource::Official,
            &fw,
            &catalog,
            &other_year,
        )
        .expect_err("year");
        assert!(
            errors
                .get("advanced")
                .is_some_and(|m| m.starts_with("year:"))
        );

        let unknown = form(&[(
            "advanced",
            r#"{"year": 2568, "oit": {"items": {"O999": true}}}"#,
        )]);
        let errors = build_result(
            AgencyId::new(),
            ResultSource::Official,
            &fw,
            &catalog,
            &unknown,
        )
        .expect_err("unknown item");
        assert!(
            errors
                .get("advanced")
                .is_some_and(|m| m.starts_with("oit.items"))
        );
    }

    #[test]
    fn stored_question_answers_are_edited_as_json() {
        let fw = builtin(2568);
        let result = ItaResult {
            agency_id: AgencyId::new(),
            fiscal_year: 2568,
            source: ResultSource::SelfAssessed,
            input: ScoreInput {
                year: 2568,
                iit: Some(SurveyInput::Questions(BTreeMap::new())),
                eit: None,
                oit: None,
            },
            published_total: Some(88.5),
            published_rating: None,
            note: String::new(),
        };
        let values = values_for(&result, Some(&fw));
        assert!(
            values
                .get("advanced")
                .is_some_and(|j| j.contains("questions"))
        );
        assert_eq!(
            values.get("published_total").map(String::as_str),
            Some("88.5")
        );
        let no_framework = values_for(&result, None);
        assert!(no_framework.contains_key("advanced"));
    }

    #[test]
    fn the_default_year_is_the_latest_not_in_the_future() {
        assert_eq!(default_year(&[2564, 2568, 2569], 2568), Some(2568));
        assert_eq!(default_year(&[2569, 2570], 2568), Some(2570));
        assert_eq!(default_year(&[], 2568), None);
    }

    #[test]
    fn details_name_the_indicators_and_list_items() {
        let fw = builtin(2568);
        let items = fw.oit_items().map(|i| (i.code.clone(), true)).collect();
        let result = ItaResult {
            agency_id: AgencyId::new(),
            fiscal_year: 2568,
            source: ResultSource::SelfAssessed,
            input: ScoreInput {
                year: 2568,
                iit: None,
                eit: None,
                oit: Some(OitInput::Items(items)),
            },
            published_total: None,
            published_rating: None,
            note: String::new(),
        };
        let shown = detail(&result, Some(&fw));
        assert!(shown.draft);
        assert_eq!(shown.indicators.len(), 10);
        assert_eq!(shown.indicators[8].score, Some(100.0));
        assert_eq!(shown.indicators[0].score, None);
        assert!(!shown.sub_indicators.is_empty());
        assert!(
            shown
                .sub_indicators
                .iter()
                .all(|s| s.items.iter().all(|i| i.passed))
        );
        assert!(!shown.warnings.is_empty());
        assert!(shown.warnings.iter().all(|w| !w.contains(DRAFT_WARNING_TH)));
        assert!(detail(&result, None).problem.is_some());
    }
}
