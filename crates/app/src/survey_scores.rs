//! Predicted ITA scores from the agency's own surveys and OIT checklist.
//!
//! The prediction is worth something only if it is computed exactly as NACC's
//! result will be, so everything goes through [`prongsai_core::surveys::predict`],
//! the official engine: IIT and EIT answers of every survey of the year (open
//! or closed, several surveys of a kind count together) and the checklist's
//! predicted OIT items, in one call. The year's page and a survey's page both
//! read their figures from here.

use prongsai_core::disclosure::predicted_items;
use prongsai_core::ita::{DRAFT_WARNING_TH, Framework, Instrument, ScoreReport};
use prongsai_core::model::{Agency, AgencyId};
use prongsai_core::surveys::{
    QuestionResult, SatisfactionSummary, Survey, SurveyKind, SurveyResponse, asked_questions,
    predict, question_results, satisfaction_summary,
};
use prongsai_store::Store;
use serde::Serialize;

use crate::context::App;
use crate::error::ServiceError;
use crate::ita_results::{catalog_for, year_framework};
use crate::survey_bursts::counted_answers;

/// How many of the weakest questions a page lists.
pub const WEAKEST_SHOWN: usize = 5;

/// One instrument's predicted figures.
#[derive(Debug, Clone, Serialize)]
pub struct InstrumentPrediction {
    /// "IIT", "EIT" or "OIT".
    pub code: &'static str,
    pub name_th: String,
    /// Percent of its maximum; `None` without data.
    pub percent: Option<f64>,
    /// Points in the total; `None` without data.
    pub points: Option<f64>,
    /// Respondents (IIT, EIT) or items predicted to pass of all items (OIT), in Thai.
    pub basis_th: String,
}

/// One indicator's predicted score.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorPrediction {
    pub number: u32,
    pub name_th: String,
    pub score: f64,
}

/// The predicted scores of one fiscal year.
#[derive(Debug, Clone, Serialize)]
pub struct YearPrediction {
    pub year: i32,
    /// Why nothing could be predicted (no framework for the year, or data the
    /// engine refuses), in Thai.
    pub problem: Option<String>,
    /// The framework's draft warning, when it is a draft.
    pub draft_warning: Option<&'static str>,
    /// IIT, EIT and OIT in that order (empty when there is a problem).
    pub instruments: Vec<InstrumentPrediction>,
    /// Only when all three instruments have data.
    pub total: Option<f64>,
    pub rating: Option<String>,
    /// The weakest survey questions of IIT and EIT together, weakest first.
    pub weakest: Vec<QuestionResult>,
}

/// What a page says when the year has no framework.
#[must_use]
pub fn no_framework_th(year: i32) -> String {
    format!("ไม่มีกรอบการประเมินของปีงบประมาณ {year} จึงคาดการณ์คะแนนไม่ได้")
}

/// Every IIT and every EIT response of the year's surveys that the
/// predictions count (a burst day not accepted yet is left out).
async fn year_responses(
    app: &App,
    agency: &Agency,
    surveys: &[Survey],
) -> Result<(Vec<SurveyResponse>, Vec<SurveyResponse>), ServiceError> {
    let (mut iit, mut eit) = (Vec::new(), Vec::new());
    for survey in surveys {
        let target = match survey.kind {
            SurveyKind::Iit => &mut iit,
            SurveyKind::Eit => &mut eit,
            SurveyKind::Satisfaction => continue,
        };
        target.extend(
            counted_answers(&app.store, agency.id, survey)
                .await?
                .responses,
        );
    }
    Ok((iit, eit))
}

/// The predicted IIT, EIT, OIT and total of `year`, with the weakest questions.
///
/// # Errors
/// Store errors. A year without a framework, or answers the engine refuses, is
/// not an error: [`YearPrediction::problem`] says so.
pub async fn year_prediction(
    app: &App,
    agency: &Agency,
    year: i32,
) -> Result<YearPrediction, ServiceError> {
    let catalog = catalog_for(&app.store, agency.id).await?;
    let mut prediction = YearPrediction {
        year,
        problem: None,
        draft_warning: None,
        instruments: Vec::new(),
        total: None,
        rating: None,
        weakest: Vec::new(),
    };
    let Some(framework) = catalog.get(year) else {
        prediction.problem = Some(no_framework_th(year));
        return Ok(prediction);
    };
    prediction.draft_warning = framework.is_draft().then_some(DRAFT_WARNING_TH);
    let surveys = app.store.surveys(agency.id, Some(year)).await?;
    let (iit, eit) = year_responses(app, agency, &surveys).await?;
    let entries = app.store.disclosure_entries(agency.id, year).await?;
    let items = if entries.is_empty() {
        None
    } else {
        let checks = app.store.latest_link_checks(agency.id, year).await?;
        Some(predicted_items(framework, &entries, &checks))
    };
    let passed = items
        .as_ref()
        .map(|items| (items.values().filter(|p| **p).count(), items.len()));
    let report = match predict(framework, &iit, &eit, items) {
        Ok(report) => report,
        Err(e) => {
            prediction.problem = Some(format!("คาดการณ์คะแนนไม่ได้: {e}"));
            return Ok(prediction);
        }
    };
    let basis = |instrument: Instrument| match instrument {
        Instrument::Iit => respondents_th(iit.len()),
        Instrument::Eit => respondents_th(eit.len()),
        Instrument::Oit => passed.map_or_else(
            || "ยังไม่ได้กรอกรายการตรวจสอบ OIT".to_owned(),
            |(passed, all)| format!("คาดว่าผ่าน {passed} จาก {all} ข้อ"),
        ),
    };
    prediction.instruments = instrument_rows(framework, &report, basis);
    prediction.total = report.total;
    prediction.rating.clone_from(&report.rating);
    let mut weakest = question_results(framework, Instrument::Iit, &report, iit.len());
    weakest.extend(question_results(
        framework,
        Instrument::Eit,
        &report,
        eit.len(),
    ));
    weakest.sort_by(|a, b| a.score.total_cmp(&b.score));
    weakest.truncate(WEAKEST_SHOWN);
    prediction.weakest = weakest;
    Ok(prediction)
}

fn respondents_th(count: usize) -> String {
    if count == 0 {
        "ยังไม่มีผู้ตอบ".to_owned()
    } else {
        format!("ผู้ตอบ {count} คน")
    }
}

fn instrument_rows(
    framework: &Framework,
    report: &ScoreReport,
    basis: impl Fn(Instrument) -> String,
) -> Vec<InstrumentPrediction> {
    framework
        .instruments
        .iter()
        .map(|spec| {
            let scored = report.instruments.get(&spec.code);
            InstrumentPrediction {
                code: spec.code.code(),
                name_th: spec.name_th.clone(),
                percent: scored.map(|s| s.percent),
                points: scored.map(|s| s.points),
                basis_th: basis(spec.code),
            }
        })
        .collect()
}

/// One IIT or EIT survey's own predicted figures.
#[derive(Debug, Clone, Serialize)]
pub struct SurveyPrediction {
    /// Percent of the instrument's maximum.
    pub percent: f64,
    pub indicators: Vec<IndicatorPrediction>,
    /// Weakest first, at most [`WEAKEST_SHOWN`].
    pub weakest: Vec<QuestionResult>,
}

/// What a survey's page shows of its answers: the prediction of an IIT or EIT
/// survey (or why there is none), or the summary of a satisfaction survey.
#[derive(Debug, Clone, Default)]
pub struct SurveyFigures {
    /// Why nothing could be predicted, in Thai.
    pub problem: Option<String>,
    pub prediction: Option<SurveyPrediction>,
    pub summary: Option<SatisfactionSummary>,
}

/// The figures of one survey from its `responses`, under the year's framework.
///
/// # Errors
/// A store failure reading the agency's frameworks.
pub async fn survey_figures(
    store: &Store,
    agency: AgencyId,
    survey: &Survey,
    responses: &[SurveyResponse],
) -> Result<SurveyFigures, ServiceError> {
    if survey.kind.instrument().is_none() {
        let questions = asked_questions(survey, None);
        return Ok(SurveyFigures {
            summary: Some(satisfaction_summary(&questions, responses)),
            ..SurveyFigures::default()
        });
    }
    let Some(framework) = year_framework(store, agency, survey.fiscal_year).await? else {
        return Ok(SurveyFigures {
            problem: Some(no_framework_th(survey.fiscal_year)),
            ..SurveyFigures::default()
        });
    };
    Ok(match survey_prediction(&framework, survey, responses) {
        Ok(prediction) => SurveyFigures {
            prediction,
            ..SurveyFigures::default()
        },
        Err(reason) => SurveyFigures {
            problem: Some(format!("คาดการณ์คะแนนไม่ได้: {reason}")),
            ..SurveyFigures::default()
        },
    })
}

/// The predicted indicator and instrument scores of one IIT or EIT survey from
/// its own responses; `Ok(None)` for a satisfaction survey or before anyone
/// answered.
///
/// # Errors
/// What the engine refuses, in Thai (e.g. responses kept from a framework
/// that has since been replaced and lacks a question).
pub fn survey_prediction(
    framework: &Framework,
    survey: &Survey,
    responses: &[SurveyResponse],
) -> Result<Option<SurveyPrediction>, String> {
    let Some(instrument) = survey.kind.instrument() else {
        return Ok(None);
    };
    if responses.is_empty() {
        return Ok(None);
    }
    let (iit, eit) = match instrument {
        Instrument::Iit => (responses, &[][..]),
        _ => (&[][..], responses),
    };
    let report = predict(framework, iit, eit, None).map_err(|e| e.to_string())?;
    let percent = report
        .instruments
        .get(&instrument)
        .map_or(0.0, |s| s.percent);
    let indicators = framework
        .indicators_of(instrument)
        .filter_map(|i| {
            report
                .indicators
                .get(&i.number)
                .map(|score| IndicatorPrediction {
                    number: i.number,
                    name_th: i.name_th.clone(),
                    score: *score,
                })
        })
        .collect();
    let mut weakest = question_results(framework, instrument, &report, responses.len());
    weakest.truncate(WEAKEST_SHOWN);
    Ok(Some(SurveyPrediction {
        percent,
        indicators,
        weakest,
    }))
}
