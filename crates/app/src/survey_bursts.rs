//! A survey's answers as the score predictions count them: every answer but
//! those of a burst day an administrator has not accepted yet
//! (`prongsai_core::surveys::bursts`). The page shows the held days with their
//! answers and a button to accept each; the progress table still counts them.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use prongsai_core::model::AgencyId;
use prongsai_core::surveys::bursts::held_days;
use prongsai_core::surveys::{Survey, SurveyResponse};
use prongsai_store::Store;

use crate::ServiceError;

/// What the predictions read of one survey, and what its page shows of all
/// its answers.
#[derive(Debug, Clone)]
pub struct CountedAnswers {
    /// The answers counted.
    pub responses: Vec<SurveyResponse>,
    /// Burst days not accepted yet, with their answers (left out above).
    pub held: Vec<(NaiveDate, u64)>,
    /// Every answer per day, oldest first (held days included).
    pub per_day: Vec<(NaiveDate, u64)>,
    /// Every answer, held or not.
    pub answered: u64,
}

/// The answers of `survey` the predictions count, and the days held back,
/// from one read of its answers.
///
/// # Errors
/// Store errors.
pub async fn counted_answers(
    store: &Store,
    agency: AgencyId,
    survey: &Survey,
) -> Result<CountedAnswers, ServiceError> {
    let all = store.survey_responses(agency, survey.id).await?;
    let accepted = store.accepted_survey_days(agency, survey.id).await?;
    let mut per_day: BTreeMap<NaiveDate, u64> = BTreeMap::new();
    for response in &all {
        *per_day.entry(response.submitted_on).or_default() += 1;
    }
    let per_day: Vec<(NaiveDate, u64)> = per_day.into_iter().collect();
    let held = held_days(&per_day, &accepted);
    let answered = all.len() as u64;
    let responses = all
        .into_iter()
        .filter(|r| !held.iter().any(|(day, _)| *day == r.submitted_on))
        .collect();
    Ok(CountedAnswers {
        responses,
        held,
        per_day,
        answered,
    })
}
