//! One anonymous answer sheet.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ita::Answer;
use crate::model::{AgencyId, SurveyId, SurveyResponseId};

/// What a respondent chose: question code → answer (levels 1–4 or yes/no for
/// IIT/EIT as the scoring engine reads them, 1–5 for satisfaction), and the
/// free-text answers apart.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ResponseAnswers {
    pub choices: BTreeMap<String, Answer>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub comments: BTreeMap<String, String>,
}

/// One respondent's answers. Deliberately without a time of day, an address or
/// an account: the day is enough for progress, and nothing else could link the
/// answers to a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveyResponse {
    pub id: SurveyResponseId,
    pub survey_id: SurveyId,
    pub agency_id: AgencyId,
    /// Thailand's date when answered.
    pub submitted_on: NaiveDate,
    pub answers: ResponseAnswers,
    /// SHA-256 of the survey id and the device's random token, so the same
    /// device cannot answer twice; `None` when the browser keeps no cookie.
    pub device_hash: Option<String>,
}
