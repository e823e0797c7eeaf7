//! The analysis of one ITA result (official or self-assessed), computed from its
//! score report and, when there is one, the previous year's.
//!
//! It answers the questions the measures document must answer before any measure
//! is written: where the agency stands (total, rating, each instrument against the
//! pass mark), which indicators are best and worst, what changed since last year
//! and what the weaknesses are under the agency's chosen rule. It is a pure
//! function of the numbers so the same result always gives the same analysis and
//! the Thai draft ([`super::draft_text_th`]) can be regenerated at any time.
//!
//! Indicators and instruments are matched across years by number and code, which
//! NACC kept stable from 2564 to 2568 even when it renamed them; names come from
//! the current year's framework.

use serde::Serialize;

use super::rank::rank;
use super::settings::{AnalysisSettings, WeaknessRule};
use crate::ita::{Framework, Instrument, ScoreReport, round2};

/// The analysis of one year's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// Buddhist-era fiscal year of the result.
    pub year: i32,
    /// Whether the framework is an unconfirmed draft.
    pub draft: bool,
    /// The ITA total; `None` until every instrument has a result.
    pub total: Option<f64>,
    pub rating: Option<String>,
    /// The fiscal year of the previous result, when one was given.
    pub previous_year: Option<i32>,
    pub previous_total: Option<f64>,
    /// Total minus the previous total, when both exist.
    pub total_change: Option<f64>,
    /// The weakness rule applied.
    pub rule: WeaknessRule,
    /// The mark instruments are compared with (see [`AnalysisSettings::pass_mark`]).
    pub pass_mark: f64,
    /// Each instrument with a result, in framework order (IIT, EIT, OIT).
    pub instruments: Vec<InstrumentFinding>,
    /// Instruments of the framework without a result yet.
    pub missing_instruments: Vec<Instrument>,
    /// Every indicator with a score, highest first.
    pub ranked: Vec<RankedIndicator>,
    /// The indicators the rule marks as weaknesses, lowest score first.
    pub weaknesses: Vec<RankedIndicator>,
    /// The lowest question scores, lowest first; empty when the result was
    /// entered as indicator scores.
    pub lowest_questions: Vec<QuestionFinding>,
}

/// One instrument's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InstrumentFinding {
    pub code: Instrument,
    pub name_th: String,
    /// Percent of the instrument's maximum, 0–100.
    pub percent: f64,
    /// Points in the total.
    pub points: f64,
    /// The instrument's weight: the points it gives at 100 percent.
    pub max_points: f64,
    pub previous_percent: Option<f64>,
    /// Percent minus the previous percent.
    pub change: Option<f64>,
    /// Whether the percent is below the pass mark.
    pub below_pass_mark: bool,
}

/// An indicator's place in the ranking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankedIndicator {
    /// 1 for the highest score; equal scores share a rank and the next rank
    /// skips (1, 2, 2, 4).
    pub rank: u32,
    pub number: u32,
    pub name_th: String,
    pub instrument: Instrument,
    pub score: f64,
    pub previous_score: Option<f64>,
    /// Score minus the previous score.
    pub change: Option<f64>,
    /// Why the rule marks this indicator as a weakness, if it does.
    pub weakness: Option<WeaknessReason>,
}

/// Why an indicator is a weakness.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WeaknessReason {
    BelowPassMark {
        pass_mark: f64,
    },
    /// The score fell by `by` points since the previous result.
    Dropped {
        by: f64,
    },
    /// The indicator is among the `n` lowest.
    LowestN {
        n: u32,
    },
}

/// A question among the lowest scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionFinding {
    /// e.g. "i9".
    pub code: String,
    /// The number of the indicator the question belongs to.
    pub indicator: u32,
    pub text_th: String,
    pub score: f64,
}

/// Analyses `current`, scored with `framework`, against the `previous` year's
/// result if there is one.
///
/// Only indicators, instruments and questions of `framework` are analysed, so
/// `current` must have been scored with it. `settings` are used as given; check
/// them first with [`AnalysisSettings::validate`] (a lowest-n rule with n = 0
/// simply marks nothing).
#[must_use]
pub fn analyze(
    framework: &Framework,
    current: &ScoreReport,
    previous: Option<&ScoreReport>,
    settings: &AnalysisSettings,
) -> Analysis {
    let pass_mark = settings.pass_mark();
    let mut instruments = Vec::new();
    let mut missing_instruments = Vec::new();
    for spec in &framework.instruments {
        let Some(score) = current.instruments.get(&spec.code) else {
            missing_instruments.push(spec.code);
            continue;
        };
        let percent = round2(score.percent);
        let previous_percent = previous
            .and_then(|p| p.instruments.get(&spec.code))
            .map(|p| round2(p.percent));
        instruments.push(InstrumentFinding {
            code: spec.code,
            name_th: spec.name_th.clone(),
            percent,
            points: round2(score.points),
            max_points: spec.weight,
            previous_percent,
            change: difference(Some(percent), previous_percent),
            below_pass_mark: percent < pass_mark,
        });
    }

    let ranked = ranked_indicators(framework, current, previous, settings);
    let mut weaknesses: Vec<RankedIndicator> = ranked
        .iter()
        .filter(|i| i.weakness.is_some())
        .cloned()
        .collect();
    weaknesses.reverse();

    let total = current.total.map(round2);
    let previous_total = previous.and_then(|p| p.total).map(round2);
    Analysis {
        year: current.year,
        draft: current.draft || framework.is_draft(),
        total,
        rating: current.rating.clone(),
        previous_year: previous.map(|p| p.year),
        previous_total,
        total_change: difference(total, previous_total),
        rule: settings.rule,
        pass_mark,
        instruments,
        missing_instruments,
        ranked,
        weaknesses,
        lowest_questions: lowest_questions(framework, current, settings.lowest_questions),
    }
}

fn ranked_indicators(
    framework: &Framework,
    current: &ScoreReport,
    previous: Option<&ScoreReport>,
    settings: &AnalysisSettings,
) -> Vec<RankedIndicator> {
    let scores: Vec<(u32, f64)> = framework
        .indicators
        .iter()
        .filter_map(|i| {
            current
                .indicators
                .get(&i.number)
                .map(|s| (i.number, round2(*s)))
        })
        .collect();
    let places = rank(&scores);
    let count = places.len();
    places
        .into_iter()
        .enumerate()
        .filter_map(|(position, place)| {
            let indicator = framework.indicator(place.number)?;
            let previous_score = previous
                .and_then(|p| p.indicators.get(&place.number))
                .map(|s| round2(*s));
            let change = difference(Some(place.score), previous_score);
            let weakness = match settings.rule {
                WeaknessRule::BelowPassMark { pass_mark } => {
                    (place.score < pass_mark).then_some(WeaknessReason::BelowPassMark { pass_mark })
                }
                WeaknessRule::Dropped => change
                    .filter(|c| *c < 0.0)
                    .map(|c| WeaknessReason::Dropped { by: -c }),
                WeaknessRule::LowestN { n } => {
                    let lowest = usize::try_from(n).unwrap_or(usize::MAX);
                    (count - position <= lowest).then_some(WeaknessReason::LowestN { n })
                }
            };
            Some(RankedIndicator {
                rank: place.rank,
                number: place.number,
                name_th: indicator.name_th.clone(),
                instrument: indicator.instrument,
                score: place.score,
                previous_score,
                change,
                weakness,
            })
        })
        .collect()
}

/// The `n` lowest question scores, lowest first; equal scores in framework order.
fn lowest_questions(framework: &Framework, current: &ScoreReport, n: u32) -> Vec<QuestionFinding> {
    let Some(scores) = &current.question_scores else {
        return Vec::new();
    };
    let mut found: Vec<QuestionFinding> = framework
        .indicators
        .iter()
        .flat_map(|i| i.questions.iter().map(move |q| (i.number, q)))
        .filter_map(|(indicator, question)| {
            scores.get(&question.code).map(|score| QuestionFinding {
                code: question.code.clone(),
                indicator,
                text_th: question.text_th.clone(),
                score: round2(score),
            })
        })
        .collect();
    found.sort_by(|a, b| a.score.total_cmp(&b.score));
    found.truncate(usize::try_from(n).unwrap_or(usize::MAX));
    found
}

/// `current - previous`, rounded, when both exist.
fn difference(current: Option<f64>, previous: Option<f64>) -> Option<f64> {
    Some(round2(current? - previous?))
}
