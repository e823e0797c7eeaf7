//! A survey's answers as the score predictions count them: every answer but
//! those of a burst day an administrator has not accepted yet
//! (`prongsai_core::surveys::bursts`). The page shows the held days with their
//! answers and a button to accept each; the progress table still counts them.

use chrono::NaiveDate;
use prongsai_core::model::AgencyId;
use prongsai_core::surveys::bursts::held_days;
use prongsai_core::surveys::{Survey, SurveyResponse};
use prongsai_store::Store;

use crate::ServiceError;

/// What the predictions read of one survey.
#[derive(Debug, Clone)]
pub struct CountedAnswers {
    /// The answers counted.
    pub responses: Vec<SurveyResponse>,
    /// Burst days not accepted yet, with their answers (left out above).
    pub held: Vec<(NaiveDate, u64)>,
}

/// The answers of `survey` the predictions count, and the days held back.
///
/// # Errors
/// Store errors.
pub async fn counted_answers(
    store: &Store,
    agency: AgencyId,
    survey: &Survey,
) -> Result<CountedAnswers, ServiceError> {
    let progress = store.survey_progress(agency, survey.id).await?;
    let accepted = store.accepted_survey_days(agency, survey.id).await?;
    let held = held_days(&progress, &accepted);
    let responses = store
        .survey_responses(agency, survey.id)
        .await?
        .into_iter()
        .filter(|r| !held.iter().any(|(day, _)| *day == r.submitted_on))
        .collect();
    Ok(CountedAnswers { responses, held })
}
