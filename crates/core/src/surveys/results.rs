//! Survey responses → predicted ITA scores (through the same engine as the
//! official ones), question-level results, and the satisfaction summary.

use std::collections::BTreeMap;

use serde::Serialize;

use super::questions::{AskedQuestion, Scale};
use super::response::SurveyResponse;
use crate::ita::{
    Answer, Framework, Instrument, OitInput, ScoreError, ScoreInput, ScoreReport, SurveyInput,
    score,
};

/// The engine's input for one survey instrument: every respondent's answer per
/// question code.
#[must_use]
pub fn survey_input(responses: &[SurveyResponse]) -> SurveyInput {
    let mut questions: BTreeMap<String, Vec<Answer>> = BTreeMap::new();
    for response in responses {
        for (code, answer) in &response.answers.choices {
            questions
                .entry(code.clone())
                .or_default()
                .push(answer.clone());
        }
    }
    SurveyInput::Questions(questions)
}

/// The predicted scores from the agency's own IIT and EIT responses and the
/// checklist's predicted OIT items; an instrument without data is left out (the
/// total then stays empty, as the engine does for official results).
///
/// # Errors
/// What the engine refuses, e.g. a response stored under an older framework
/// that lacks a question this year has.
pub fn predict(
    framework: &Framework,
    iit: &[SurveyResponse],
    eit: &[SurveyResponse],
    oit_items: Option<BTreeMap<String, bool>>,
) -> Result<ScoreReport, ScoreError> {
    let given =
        |responses: &[SurveyResponse]| (!responses.is_empty()).then(|| survey_input(responses));
    score(
        framework,
        &ScoreInput {
            year: framework.year,
            iit: given(iit),
            eit: given(eit),
            oit: oit_items.map(OitInput::Items),
        },
    )
}

/// One question's result, for finding the weakest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionResult {
    pub code: String,
    pub text_th: String,
    pub indicator: Option<u32>,
    /// 0–100 as NACC scores it (reverse items already inverted).
    pub score: f64,
    pub respondents: usize,
}

/// Every question of one instrument with its score from `report`, weakest
/// first (ties in framework order).
#[must_use]
pub fn question_results(
    framework: &Framework,
    instrument: Instrument,
    report: &ScoreReport,
    respondents: usize,
) -> Vec<QuestionResult> {
    let Some(scores) = &report.question_scores else {
        return Vec::new();
    };
    let mut results: Vec<QuestionResult> = framework
        .indicators_of(instrument)
        .flat_map(|indicator| {
            indicator.questions.iter().filter_map(move |q| {
                scores.get(&q.code).map(|score| QuestionResult {
                    code: q.code.clone(),
                    text_th: q.text_th.clone(),
                    indicator: Some(indicator.number),
                    score,
                    respondents,
                })
            })
        })
        .collect();
    results.sort_by(|a, b| a.score.total_cmp(&b.score));
    results
}

/// One satisfaction question's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SatisfactionRow {
    pub code: String,
    pub text_th: String,
    /// How many chose 1, 2, 3, 4 and 5.
    pub counts: [u32; 5],
    pub answered: u32,
    /// Mean level 1–5 (0 when nobody answered).
    pub mean: f64,
    /// Share choosing 4 or 5, in per cent.
    pub satisfied_percent: f64,
}

/// A satisfaction survey's report figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SatisfactionSummary {
    pub respondents: usize,
    pub rows: Vec<SatisfactionRow>,
    /// Mean over every rated answer.
    pub overall_mean: f64,
    /// Share of every rated answer that was 4 or 5, in per cent.
    pub overall_satisfied_percent: f64,
    /// (question text, comment) in question order, then answer order.
    pub comments: Vec<(String, String)>,
}

/// Counts and means of a satisfaction survey's responses.
#[must_use]
pub fn satisfaction_summary(
    questions: &[AskedQuestion],
    responses: &[SurveyResponse],
) -> SatisfactionSummary {
    let mut rows = Vec::new();
    let mut comments = Vec::new();
    let (mut all_sum, mut all_count, mut all_satisfied) = (0u64, 0u32, 0u32);
    for question in questions {
        if question.scale == Scale::Text {
            comments.extend(
                responses
                    .iter()
                    .filter_map(|r| r.answers.comments.get(&question.code))
                    .map(|text| (question.text_th.clone(), text.clone())),
            );
            continue;
        }
        let mut counts = [0u32; 5];
        for response in responses {
            if let Some(Answer::Level(level @ 1..=5)) = response.answers.choices.get(&question.code)
            {
                counts[usize::from(level - 1)] += 1;
            }
        }
        let answered: u32 = counts.iter().sum();
        let sum: u64 = counts
            .iter()
            .zip(1u64..)
            .map(|(count, level)| u64::from(*count) * level)
            .sum();
        let satisfied = counts[3] + counts[4];
        all_sum += sum;
        all_count += answered;
        all_satisfied += satisfied;
        rows.push(SatisfactionRow {
            code: question.code.clone(),
            text_th: question.text_th.clone(),
            counts,
            answered,
            mean: ratio(sum as f64, answered),
            satisfied_percent: ratio(f64::from(satisfied) * 100.0, answered),
        });
    }
    SatisfactionSummary {
        respondents: responses.len(),
        rows,
        overall_mean: ratio(all_sum as f64, all_count),
        overall_satisfied_percent: ratio(f64::from(all_satisfied) * 100.0, all_count),
        comments,
    }
}

fn ratio(numerator: f64, count: u32) -> f64 {
    if count == 0 {
        0.0
    } else {
        crate::ita::round2(numerator / f64::from(count))
    }
}
