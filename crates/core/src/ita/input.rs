//! What can be scored: the JSON shape `prongsai ita score` reads, stored as-is
//! for every ITA result.
//!
//! The shape only says what kind of value goes where; whether the codes, counts
//! and ranges fit the year's framework is checked by [`score`](super::score()), which
//! names the offending path (`iit.questions.i4[2]`, `oit.items.O44`…).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A whole assessment to score. Any instrument may be missing (for example only
/// OIT items while the surveys are still open); the total then needs all three.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreInput {
    /// Buddhist-era fiscal year; picks the framework.
    pub year: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iit: Option<SurveyInput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eit: Option<SurveyInput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oit: Option<OitInput>,
}

/// IIT or EIT: official indicator scores, or every respondent's answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum SurveyInput {
    /// Indicator number ("1".."8") → score 0–100, as NACC publishes them.
    Indicators(BTreeMap<String, f64>),
    /// Question code ("i1", "e4") → one answer per respondent.
    Questions(BTreeMap<String, Vec<Answer>>),
}

/// OIT: pass/fail per item, or official indicator scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum OitInput {
    /// Item code ("O1") → passed.
    Items(BTreeMap<String, bool>),
    /// Indicator number ("9", "10") → score 0–100.
    Indicators(BTreeMap<String, f64>),
}

/// One respondent's answer to one question.
///
/// Four-level questions take the level 1–4 (1 = น้อยที่สุดหรือไม่มีเลย … 4 = มากที่สุด);
/// yes/no questions take `true` (มี/ใช่) or `false`. A question with sub-items takes
/// a list with one such answer per sub-item, in the framework's order. The answer
/// is what the respondent chose: reverse-scored questions are inverted when
/// scored, not here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    YesNo(bool),
    Level(u8),
    SubItems(Vec<Answer>),
}
