//! An agency's ITA result for one fiscal year, as entered: official scores from
//! NACC, or a self-assessment. The scores are computed from the input and the
//! year's framework whenever they are shown, so a corrected framework corrects
//! every result.

use serde::{Deserialize, Serialize};

use super::ids::AgencyId;
use crate::ita::ScoreInput;

/// Where a result comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResultSource {
    /// Published by NACC (ผลการประเมินอย่างเป็นทางการ).
    Official,
    /// The agency's own estimate (ผลการประเมินตนเอง).
    SelfAssessed,
}

impl ResultSource {
    /// The stable code stored in the database.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Official => "official",
            Self::SelfAssessed => "self_assessed",
        }
    }

    /// Parses [`ResultSource::code`].
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Official, Self::SelfAssessed]
            .into_iter()
            .find(|s| s.code() == code)
    }

    /// The Thai label.
    #[must_use]
    pub fn label_th(self) -> &'static str {
        match self {
            Self::Official => "ผลอย่างเป็นทางการ (ป.ป.ช.)",
            Self::SelfAssessed => "ผลการประเมินตนเอง",
        }
    }
}

/// One stored result: the raw input, scored on demand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItaResult {
    pub agency_id: AgencyId,
    /// Buddhist-era fiscal year, e.g. 2568.
    pub fiscal_year: i32,
    pub source: ResultSource,
    /// What the user entered, in the same shape as `prongsai ita score` reads.
    pub input: ScoreInput,
    /// The total NACC printed, when known. Some documents state only the total and
    /// the rating (for example an annual report's preamble); such a result has an
    /// input with no instruments and is charted by this figure.
    pub published_total: Option<f64>,
    /// The rating NACC printed, when known (e.g. "ผ่านดี", "D").
    pub published_rating: Option<String>,
    /// Free text, e.g. where the official result was published.
    pub note: String,
}
