//! OIT items → sub-indicator and indicator scores.
//!
//! NACC's rule, confirmed by reproducing every published FY2564 value: an item
//! passes (100) or fails (0); a sub-indicator scores the percentage of its items
//! passed; an OIT indicator is the mean of its sub-indicators, not of its items,
//! so an item in a small sub-indicator weighs more than one in a large one.

use std::collections::BTreeMap;

use super::error::ScoreError;
use super::framework::{Framework, Instrument};
use super::report::CodeScores;
use super::round::round2;
use super::values::{IndicatorValues, check_codes, mean};

/// OIT indicator scores (unrounded) from every item's pass/fail, recording each
/// sub-indicator's score in `sub_scores`.
pub(crate) fn score_items(
    framework: &Framework,
    items: &BTreeMap<String, bool>,
    sub_scores: &mut CodeScores,
) -> Result<IndicatorValues, ScoreError> {
    let codes = framework
        .indicators_of(Instrument::Oit)
        .flat_map(|i| &i.sub_indicators)
        .flat_map(|s| &s.items)
        .map(|item| item.code.as_str());
    check_codes(
        codes,
        items,
        |code| {
            ScoreError::invalid(
                format!("oit.items.{code}"),
                format!("ไม่มีข้อ {code} ในแบบวัด OIT ของปี {}", framework.year),
            )
        },
        |code| {
            ScoreError::invalid(
                "oit.items",
                format!(
                    "ขาดผลของข้อ {code} (ต้องระบุผ่านหรือไม่ผ่านทุกข้อของปี {})",
                    framework.year
                ),
            )
        },
    )?;
    let mut values = IndicatorValues::new();
    for indicator in framework.indicators_of(Instrument::Oit) {
        let mut scores = Vec::with_capacity(indicator.sub_indicators.len());
        for sub in &indicator.sub_indicators {
            let passed = sub
                .items
                .iter()
                .filter(|item| items.get(&item.code) == Some(&true))
                .count();
            let score = passed as f64 * 100.0 / sub.items.len() as f64;
            sub_scores.push(&sub.code, round2(score));
            scores.push(score);
        }
        values.push((indicator.number, mean(&scores)));
    }
    Ok(values)
}
