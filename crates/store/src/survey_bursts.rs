//! The days of a survey whose burst of answers an administrator accepted
//! (`prongsai_core::surveys::bursts`): until then the predictions leave those
//! answers out. Accepting is audited; it is never undone, as the answers it
//! lets in were always stored.

use chrono::{DateTime, NaiveDate, Utc};
use prongsai_core::model::{AgencyId, SurveyId};
use serde_json::json;

use crate::audit::{self, Change};
use crate::pool::on_conn;
use crate::{Actor, Store, StoreError, StoreResult};

const ENTITY: &str = "survey_accepted_day";

impl Store {
    /// The accepted days of a survey, oldest first.
    ///
    /// # Errors
    /// Database errors.
    pub async fn accepted_survey_days(
        &self,
        agency: AgencyId,
        survey: SurveyId,
    ) -> StoreResult<Vec<NaiveDate>> {
        let mut lease = self.lease().await?;
        let days: Vec<NaiveDate> = on_conn!(lease.conn(), |c| {
            sqlx::query_scalar(
                "SELECT day FROM survey_accepted_days \
                 WHERE agency_id = $1 AND survey_id = $2 ORDER BY day",
            )
            .bind(agency.0)
            .bind(survey.0)
            .fetch_all(c)
            .await
        })?;
        Ok(days)
    }

    /// Accepts `day`'s answers of the survey, audited; accepting a day twice
    /// writes nothing.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the agency has no such survey; database
    /// errors.
    pub async fn accept_survey_day(
        &self,
        actor: Actor,
        agency: AgencyId,
        survey: SurveyId,
        day: NaiveDate,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let exists: Option<i32> = on_conn!(tx.conn(), |c| {
            sqlx::query_scalar("SELECT 1 FROM surveys WHERE agency_id = $1 AND id = $2")
                .bind(agency.0)
                .bind(survey.0)
                .fetch_optional(c)
                .await
        })?;
        if exists.is_none() {
            return Err(StoreError::NotFound);
        }
        let inserted = on_conn!(tx.conn(), |c| {
            sqlx::query(
                "INSERT INTO survey_accepted_days (agency_id, survey_id, day, accepted_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (agency_id, survey_id, day) DO NOTHING",
            )
            .bind(agency.0)
            .bind(survey.0)
            .bind(day)
            .bind(at)
            .execute(c)
            .await
            .map(|r| r.rows_affected())
        })?;
        if inserted > 0 {
            let image = json!({ "survey_id": survey.to_string(), "day": day.to_string() });
            let change = Change::create(ENTITY, Some(agency), format!("{survey}/{day}"), image);
            audit::record(tx.conn(), actor, change).await?;
        }
        tx.commit().await
    }
}
