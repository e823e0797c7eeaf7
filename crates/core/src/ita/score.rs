//! The scoring engine: an assessment (answers, items or official indicator
//! scores) and its year's framework → the figures NACC publishes.
//!
//! Each instrument is scored on its own, so an agency can enter official
//! indicator scores for the surveys and item results for OIT, or score OIT alone
//! while the surveys are open. Indicators combine into an instrument by their
//! weights; instrument points add up to the total, which needs every instrument.
//! Nothing is rounded until the report (see [`super::round`]).

use std::collections::BTreeMap;

use super::catalog::Catalog;
use super::error::ScoreError;
use super::framework::{DRAFT_WARNING_TH, Framework, Instrument};
use super::input::{OitInput, ScoreInput, SurveyInput};
use super::oit::score_items;
use super::parse::{ParseError, parse_json};
use super::report::{CodeScores, InstrumentScore, ScoreReport};
use super::round::round2;
use super::survey::score_answers;
use super::values::IndicatorValues;

/// Scores an assessment against `framework`.
///
/// # Errors
/// [`ScoreError::Invalid`] naming the field for an input year that is not the
/// framework's, an instrument the framework lacks, an unknown or missing
/// indicator, question or item code, a value outside 0–100, an answer of the
/// wrong kind (level outside 1–4, yes/no for a four-level question, wrong number
/// of sub-items) or a question nobody answered.
pub fn score(framework: &Framework, input: &ScoreInput) -> Result<ScoreReport, ScoreError> {
    if input.year != framework.year {
        return Err(ScoreError::invalid(
            "year",
            format!(
                "ข้อมูลเป็นของปี {} แต่กรอบการประเมินเป็นของปี {}",
                input.year, framework.year
            ),
        ));
    }
    let mut indicators = BTreeMap::new();
    let mut question_scores = None;
    let mut sub_indicators = None;
    for (instrument, survey) in [(Instrument::Iit, &input.iit), (Instrument::Eit, &input.eit)] {
        let Some(survey) = survey else { continue };
        require_instrument(framework, instrument)?;
        let values = match survey {
            SurveyInput::Indicators(given) => official(framework, instrument, given)?,
            SurveyInput::Questions(answers) => score_answers(
                framework,
                instrument,
                answers,
                question_scores.get_or_insert_with(CodeScores::default),
            )?,
        };
        indicators.extend(values);
    }
    if let Some(oit) = &input.oit {
        require_instrument(framework, Instrument::Oit)?;
        let values = match oit {
            OitInput::Indicators(given) => official(framework, Instrument::Oit, given)?,
            OitInput::Items(items) => score_items(
                framework,
                items,
                sub_indicators.insert(CodeScores::default()),
            )?,
        };
        indicators.extend(values);
    }
    Ok(report(
        framework,
        &indicators,
        sub_indicators,
        question_scores,
    ))
}

/// Parses a score input (the JSON `prongsai ita score` reads), picks its year's
/// framework from `catalog` and scores it.
///
/// # Errors
/// [`ScoreError::Syntax`] with line and column for text that is not JSON,
/// [`ScoreError::Invalid`] for JSON of the wrong shape or that does not fit the
/// framework, [`ScoreError::NoFramework`] for a year without one.
pub fn score_json(text: &str, catalog: &Catalog) -> Result<ScoreReport, ScoreError> {
    let input: ScoreInput = parse_json(text).map_err(|e| match e {
        ParseError::Syntax {
            line,
            column,
            reason,
        } => ScoreError::Syntax {
            line,
            column,
            reason,
        },
        ParseError::Shape { path, reason } => ScoreError::Invalid { path, reason },
    })?;
    let framework = catalog
        .get(input.year)
        .ok_or(ScoreError::NoFramework { year: input.year })?;
    score(framework, &input)
}

fn require_instrument(framework: &Framework, instrument: Instrument) -> Result<(), ScoreError> {
    if framework.instrument(instrument).is_none() {
        return Err(ScoreError::invalid(
            instrument.input_key(),
            format!(
                "กรอบการประเมินปี {} ไม่มีแบบวัด {}",
                framework.year,
                instrument.code()
            ),
        ));
    }
    Ok(())
}

/// Official indicator scores as NACC sent them: every indicator of the
/// instrument, each 0–100.
fn official(
    framework: &Framework,
    instrument: Instrument,
    given: &BTreeMap<String, f64>,
) -> Result<IndicatorValues, ScoreError> {
    let base = format!("{}.indicators", instrument.input_key());
    for (key, value) in given {
        let path = format!("{base}.{key}");
        let indicator = key
            .parse::<u32>()
            .ok()
            .filter(|n| n.to_string() == *key)
            .and_then(|n| framework.indicator(n));
        match indicator {
            None => {
                return Err(ScoreError::invalid(
                    path,
                    format!("ไม่มีตัวชี้วัด \"{key}\" ในกรอบการประเมินปี {}", framework.year),
                ));
            }
            Some(found) if found.instrument != instrument => {
                return Err(ScoreError::invalid(
                    path,
                    format!(
                        "ตัวชี้วัดที่ {key} เป็นของแบบวัด {} ไม่ใช่ {}",
                        found.instrument.code(),
                        instrument.code()
                    ),
                ));
            }
            Some(_) => {}
        }
        if !(0.0..=100.0).contains(value) {
            return Err(ScoreError::invalid(
                path,
                format!("คะแนนต้องอยู่ระหว่าง 0 ถึง 100 (ได้ {value})"),
            ));
        }
    }
    framework
        .indicators_of(instrument)
        .map(|indicator| {
            given
                .get(&indicator.number.to_string())
                .map(|value| (indicator.number, *value))
                .ok_or_else(|| {
                    ScoreError::invalid(
                        &base,
                        format!(
                            "ขาดคะแนนตัวชี้วัดที่ {} (ต้องมีทุกตัวชี้วัดของแบบวัด {})",
                            indicator.number,
                            instrument.code()
                        ),
                    )
                })
        })
        .collect()
}

fn report(
    framework: &Framework,
    indicators: &BTreeMap<u32, f64>,
    sub_indicators: Option<CodeScores>,
    question_scores: Option<CodeScores>,
) -> ScoreReport {
    let mut instruments = BTreeMap::new();
    let mut percents = Vec::new();
    let mut missing = Vec::new();
    let mut total = 0.0;
    for spec in &framework.instruments {
        let weighted: Option<f64> = framework
            .indicators_of(spec.code)
            .map(|i| indicators.get(&i.number).map(|score| score * i.weight))
            .sum();
        let Some(weighted) = weighted else {
            missing.push(spec.code.code());
            continue;
        };
        let points = weighted / 100.0;
        let percent = weighted / spec.weight;
        instruments.insert(
            spec.code,
            InstrumentScore {
                percent: round2(percent),
                points: round2(points),
            },
        );
        percents.push(percent);
        total += points;
    }
    let mut warnings = Vec::new();
    if framework.is_draft() {
        warnings.push(format!(
            "กรอบการประเมินปี {} เป็นฉบับร่าง: {DRAFT_WARNING_TH}",
            framework.year
        ));
    }
    let total = if missing.is_empty() {
        Some(total)
    } else {
        warnings.push(format!(
            "ยังไม่มีข้อมูลแบบวัด {} จึงยังไม่มีคะแนนรวมและระดับผลการประเมิน",
            missing.join(", ")
        ));
        None
    };
    ScoreReport {
        year: framework.year,
        draft: framework.is_draft(),
        total: total.map(round2),
        rating: total
            .and_then(|t| framework.rating.rate(t, &percents))
            .map(str::to_owned),
        instruments,
        indicators: indicators
            .iter()
            .map(|(number, score)| (*number, round2(*score)))
            .collect(),
        sub_indicators,
        question_scores,
        warnings,
    }
}
