//! What scoring produces: the figures NACC publishes, rounded as NACC prints
//! them, plus the per-question scores the weakness analysis needs.
//!
//! The JSON shape is what `prongsai ita score` prints and what the web pages read:
//! indicators keyed "1".."10" in numeric order, sub-indicators and questions in
//! framework order (9.1 … 10.2, i1 … i30), instruments in IIT, EIT, OIT order.

use std::collections::BTreeMap;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::framework::Instrument;

/// The scored assessment. Every figure is rounded to two decimals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreReport {
    /// Buddhist-era fiscal year.
    pub year: i32,
    /// Whether the framework used is an unconfirmed draft.
    pub draft: bool,
    /// The ITA total; `None` until every instrument of the framework is given.
    pub total: Option<f64>,
    /// The rating label of the year's scheme, with the total.
    pub rating: Option<String>,
    /// Each instrument given: percent of its maximum and points in the total.
    pub instruments: BTreeMap<Instrument, InstrumentScore>,
    /// Indicator number → score 0–100, for the instruments given.
    pub indicators: BTreeMap<u32, f64>,
    /// OIT sub-indicator code → percent of its items passed; only when items
    /// were given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_indicators: Option<CodeScores>,
    /// Question code → score 0–100; only when answers were given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question_scores: Option<CodeScores>,
    /// Things the reader must know (in Thai), such as a draft framework.
    pub warnings: Vec<String>,
}

/// One instrument's result.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct InstrumentScore {
    /// Weighted mean of its indicators, 0–100.
    pub percent: f64,
    /// Its contribution to the total (percent × weight / 100).
    pub points: f64,
}

/// Scores keyed by code, in framework order (a JSON object when serialized).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CodeScores(Vec<(String, f64)>);

impl CodeScores {
    pub(crate) fn push(&mut self, code: &str, score: f64) {
        self.0.push((code.to_owned(), score));
    }

    /// The score of `code`.
    #[must_use]
    pub fn get(&self, code: &str) -> Option<f64> {
        self.0.iter().find(|(c, _)| c == code).map(|(_, s)| *s)
    }

    /// Code and score pairs in framework order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, f64)> {
        self.0.iter().map(|(c, s)| (c.as_str(), *s))
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for CodeScores {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (code, score) in &self.0 {
            map.serialize_entry(code, score)?;
        }
        map.end()
    }
}
