//! The agency's own surveys and their anonymous responses.
//!
//! A survey is configured by staff and audited like any record. Responses are
//! not: they come from the public with no account, and an audit row per answer
//! sheet would only add a second, timed trace of each respondent that the
//! anonymity rules forbid. They arrive in bursts (a poster's QR code at a staff
//! meeting), so they are written in batches, one transaction per batch, and a
//! device that answered before is turned away by the unique key itself, with no
//! read before each write.

use std::cmp::Reverse;

use chrono::{DateTime, NaiveDate, SubsecRound as _, Utc};
use prongsai_core::model::{AgencyId, SurveyId, SurveyResponseId};
use prongsai_core::surveys::{
    ResponseAnswers, SampleRule, Survey, SurveyKind, SurveyResponse, SurveyStatus,
};
use serde_json::Value;
use uuid::Uuid;

use crate::audit::{self, Audited, Change};
use crate::audited::Entity;
use crate::dialect::Lock;
use crate::pool::{Conn, on_conn};
use crate::rows::{parse_code, parse_json, to_json};
use crate::{Actor, Store, StoreError, StoreResult};

const ENTITY: &str = "survey";

/// What became of one submitted response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseOutcome {
    /// Written.
    Stored,
    /// The device already answered this survey; nothing was written.
    Duplicate,
}

/// The columns of [`SurveyRow`], for every SELECT of the table.
macro_rules! select_survey {
    () => {
        "SELECT agency_id, id, fiscal_year, kind, title, public_token, status, population, \
         sample_percent, sample_minimum, sample_maximum, closes_on, questions_json, \
         created_at, version FROM surveys"
    };
}

const BY_ID: &str = concat!(select_survey!(), " WHERE agency_id = $1 AND id = $2");

#[derive(sqlx::FromRow)]
struct SurveyRow {
    agency_id: Uuid,
    id: Uuid,
    fiscal_year: i32,
    kind: String,
    title: String,
    public_token: String,
    status: String,
    population: Option<i32>,
    sample_percent: i32,
    sample_minimum: i32,
    sample_maximum: i32,
    closes_on: Option<NaiveDate>,
    questions_json: String,
    created_at: DateTime<Utc>,
    version: i32,
}

fn from_column(what: &str, value: i32) -> StoreResult<u32> {
    u32::try_from(value).map_err(|_| StoreError::Invalid(format!("stored {what} {value}")))
}

fn to_column(what: &str, value: u32) -> StoreResult<i32> {
    i32::try_from(value).map_err(|_| StoreError::Invalid(format!("{what} {value} is too large")))
}

impl SurveyRow {
    fn into_survey(self) -> StoreResult<Survey> {
        Ok(Survey {
            id: SurveyId(self.id),
            agency_id: AgencyId(self.agency_id),
            fiscal_year: self.fiscal_year,
            kind: parse_code("survey kind", &self.kind, SurveyKind::from_code)?,
            title: self.title,
            public_token: self.public_token,
            status: parse_code("survey status", &self.status, SurveyStatus::from_code)?,
            population: self
                .population
                .map(|p| from_column("population", p))
                .transpose()?,
            sample_rule: SampleRule {
                percent: from_column("sample_percent", self.sample_percent)?,
                minimum: from_column("sample_minimum", self.sample_minimum)?,
                maximum: from_column("sample_maximum", self.sample_maximum)?,
            },
            closes_on: self.closes_on,
            questions: parse_json("survey questions", &self.questions_json)?,
            created_at: self.created_at,
            version: self.version,
        })
    }
}

/// A survey's numbers as columns, checked to fit.
struct Columns {
    population: Option<i32>,
    percent: i32,
    minimum: i32,
    maximum: i32,
    questions: String,
}

impl Columns {
    fn of(s: &Survey) -> StoreResult<Self> {
        Ok(Self {
            population: s
                .population
                .map(|p| to_column("population", p))
                .transpose()?,
            percent: to_column("sample_percent", s.sample_rule.percent)?,
            minimum: to_column("sample_minimum", s.sample_rule.minimum)?,
            maximum: to_column("sample_maximum", s.sample_rule.maximum)?,
            questions: to_json(&s.questions)?,
        })
    }
}

impl Audited for Survey {
    fn audit_image(&self) -> StoreResult<Value> {
        serde_json::to_value(self).map_err(|e| StoreError::Invalid(format!("audit image: {e}")))
    }
}

impl Entity for Survey {
    const NAME: &'static str = ENTITY;
    type Key = (AgencyId, SurveyId);

    fn key(&self) -> Self::Key {
        (self.agency_id, self.id)
    }

    async fn fetch(conn: Conn<'_>, key: &Self::Key, lock: Lock) -> StoreResult<Option<Self>> {
        let (agency, id) = *key;
        let sql = conn.backend().locked(BY_ID, lock);
        let row: Option<SurveyRow> = on_conn!(conn, |c| {
            sqlx::query_as(&sql)
                .bind(agency.0)
                .bind(id.0)
                .fetch_optional(c)
                .await
        })?;
        row.map(SurveyRow::into_survey).transpose()
    }
}

/// Writes one survey verbatim (create and import).
pub(crate) async fn insert(conn: Conn<'_>, s: &Survey) -> StoreResult<()> {
    let cols = Columns::of(s)?;
    on_conn!(conn, |c| {
        sqlx::query(
            "INSERT INTO surveys (agency_id, id, fiscal_year, kind, title, public_token, status, \
             population, sample_percent, sample_minimum, sample_maximum, closes_on, \
             questions_json, created_at, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        )
        .bind(s.agency_id.0)
        .bind(s.id.0)
        .bind(s.fiscal_year)
        .bind(s.kind.code())
        .bind(&s.title)
        .bind(&s.public_token)
        .bind(s.status.code())
        .bind(cols.population)
        .bind(cols.percent)
        .bind(cols.minimum)
        .bind(cols.maximum)
        .bind(s.closes_on)
        .bind(&cols.questions)
        .bind(s.created_at)
        .bind(s.version)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct ResponseRow {
    agency_id: Uuid,
    survey_id: Uuid,
    id: Uuid,
    submitted_on: NaiveDate,
    answers_json: String,
    device_hash: Option<String>,
}

impl ResponseRow {
    fn into_response(self) -> StoreResult<SurveyResponse> {
        Ok(SurveyResponse {
            id: SurveyResponseId(self.id),
            survey_id: SurveyId(self.survey_id),
            agency_id: AgencyId(self.agency_id),
            submitted_on: self.submitted_on,
            answers: parse_json::<ResponseAnswers>("survey answers", &self.answers_json)?,
            device_hash: self.device_hash,
        })
    }
}

/// The columns of [`ResponseRow`], for every SELECT of the table.
macro_rules! select_response {
    () => {
        "SELECT agency_id, survey_id, id, submitted_on, answers_json, device_hash \
         FROM survey_responses"
    };
}

/// Writes one response unless its device already answered the survey (or its
/// id is taken); returns whether it did. Submit and import.
pub(crate) async fn insert_response(conn: Conn<'_>, r: &SurveyResponse) -> StoreResult<bool> {
    let answers = to_json(&r.answers)?;
    let inserted = on_conn!(conn, |c| {
        sqlx::query(
            "INSERT INTO survey_responses (agency_id, survey_id, id, submitted_on, \
             answers_json, device_hash) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        )
        .bind(r.agency_id.0)
        .bind(r.survey_id.0)
        .bind(r.id.0)
        .bind(r.submitted_on)
        .bind(&answers)
        .bind(r.device_hash.as_deref())
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(inserted == 1)
}

/// Every survey of one agency by id, for export.
pub(crate) async fn all_of(conn: Conn<'_>, agency: AgencyId) -> StoreResult<Vec<Survey>> {
    let rows: Vec<SurveyRow> = on_conn!(conn, |c| {
        sqlx::query_as(concat!(
            select_survey!(),
            " WHERE agency_id = $1 ORDER BY id"
        ))
        .bind(agency.0)
        .fetch_all(c)
        .await
    })?;
    rows.into_iter().map(SurveyRow::into_survey).collect()
}

/// Every response of one agency by survey then id, for export.
pub(crate) async fn all_responses_of(
    conn: Conn<'_>,
    agency: AgencyId,
) -> StoreResult<Vec<SurveyResponse>> {
    let rows: Vec<ResponseRow> = on_conn!(conn, |c| {
        sqlx::query_as(concat!(
            select_response!(),
            " WHERE agency_id = $1 ORDER BY survey_id, id"
        ))
        .bind(agency.0)
        .fetch_all(c)
        .await
    })?;
    rows.into_iter().map(ResponseRow::into_response).collect()
}

impl Store {
    /// Stores a new survey at version 1, created now (to the microsecond);
    /// audited.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] on `public_token` when the agency already has a
    /// survey with that token (or on `id`); [`StoreError::Invalid`] when the
    /// agency does not exist; database errors.
    pub async fn create_survey(&self, actor: Actor, survey: &Survey) -> StoreResult<()> {
        let stored = Survey {
            created_at: survey.created_at.trunc_subsecs(6),
            version: 1,
            ..survey.clone()
        };
        self.audited_create(actor, &stored, async |tx| insert(tx.conn(), &stored).await)
            .await
    }

    /// Saves a survey's settings (everything but its id, agency and creation
    /// time) over `expected_version`, the one the user loaded; the version goes
    /// up by one. Audited.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the agency has no such survey;
    /// [`StoreError::Stale`] when it was saved since `expected_version`;
    /// [`StoreError::Conflict`] on `public_token`; database errors.
    pub async fn update_survey(
        &self,
        actor: Actor,
        survey: &Survey,
        expected_version: i32,
    ) -> StoreResult<()> {
        let (agency, id) = (survey.agency_id, survey.id);
        let cols = Columns::of(survey)?;
        let mut tx = self.write().await?;
        let before = Survey::fetch(tx.conn(), &(agency, id), Lock::ForUpdate)
            .await?
            .ok_or(StoreError::NotFound)?;
        if before.version != expected_version {
            return Err(StoreError::Stale);
        }
        let after = Survey {
            agency_id: agency,
            created_at: before.created_at,
            version: expected_version + 1,
            ..survey.clone()
        };
        let updated = on_conn!(tx.conn(), |c| {
            sqlx::query(
                "UPDATE surveys SET fiscal_year = $4, kind = $5, title = $6, public_token = $7, \
                 status = $8, population = $9, sample_percent = $10, sample_minimum = $11, \
                 sample_maximum = $12, closes_on = $13, questions_json = $14, \
                 version = version + 1 \
                 WHERE agency_id = $1 AND id = $2 AND version = $3",
            )
            .bind(agency.0)
            .bind(id.0)
            .bind(expected_version)
            .bind(after.fiscal_year)
            .bind(after.kind.code())
            .bind(&after.title)
            .bind(&after.public_token)
            .bind(after.status.code())
            .bind(cols.population)
            .bind(cols.percent)
            .bind(cols.minimum)
            .bind(cols.maximum)
            .bind(after.closes_on)
            .bind(&cols.questions)
            .execute(c)
            .await
            .map(|r| r.rows_affected())
        })?;
        if updated == 0 {
            return Err(StoreError::Stale);
        }
        let change = Change::update(
            ENTITY,
            Some(agency),
            id.to_string(),
            before.audit_image()?,
            after.audit_image()?,
        );
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await
    }

    /// The agency's surveys (of one fiscal year when `year` is given), newest
    /// fiscal year first, then by kind, then by creation time.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn surveys(&self, agency: AgencyId, year: Option<i32>) -> StoreResult<Vec<Survey>> {
        let mut lease = self.lease().await?;
        let rows: Vec<SurveyRow> = on_conn!(lease.conn(), |c| {
            sqlx::query_as(concat!(
                select_survey!(),
                " WHERE agency_id = $1 AND ($2 IS NULL OR fiscal_year = $2)"
            ))
            .bind(agency.0)
            .bind(year)
            .fetch_all(c)
            .await
        })?;
        let mut surveys = rows
            .into_iter()
            .map(SurveyRow::into_survey)
            .collect::<StoreResult<Vec<_>>>()?;
        surveys.sort_by_key(|s| (Reverse(s.fiscal_year), s.kind, s.created_at, s.id));
        Ok(surveys)
    }

    /// `None` also when the survey belongs to another agency.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn find_survey(&self, agency: AgencyId, id: SurveyId) -> StoreResult<Option<Survey>> {
        Survey::fetch(self.lease().await?.conn(), &(agency, id), Lock::None).await
    }

    /// The agency's survey with public token `token`, for the public form.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn find_survey_by_token(
        &self,
        agency: AgencyId,
        token: &str,
    ) -> StoreResult<Option<Survey>> {
        let mut lease = self.lease().await?;
        let row: Option<SurveyRow> = on_conn!(lease.conn(), |c| {
            sqlx::query_as(concat!(
                select_survey!(),
                " WHERE agency_id = $1 AND public_token = $2"
            ))
            .bind(agency.0)
            .bind(token)
            .fetch_optional(c)
            .await
        })?;
        row.map(SurveyRow::into_survey).transpose()
    }

    /// Deletes a survey with all its responses; audited (the responses only as
    /// their number).
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the agency has no such survey; database
    /// errors.
    pub async fn delete_survey(
        &self,
        actor: Actor,
        agency: AgencyId,
        id: SurveyId,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let before = Survey::fetch(tx.conn(), &(agency, id), Lock::ForUpdate)
            .await?
            .ok_or(StoreError::NotFound)?;
        on_conn!(tx.conn(), |c| {
            sqlx::query("DELETE FROM survey_accepted_days WHERE agency_id = $1 AND survey_id = $2")
                .bind(agency.0)
                .bind(id.0)
                .execute(c)
                .await
                .map(|r| r.rows_affected())
        })?;
        let responses = on_conn!(tx.conn(), |c| {
            sqlx::query("DELETE FROM survey_responses WHERE agency_id = $1 AND survey_id = $2")
                .bind(agency.0)
                .bind(id.0)
                .execute(c)
                .await
                .map(|r| r.rows_affected())
        })?;
        on_conn!(tx.conn(), |c| {
            sqlx::query("DELETE FROM surveys WHERE agency_id = $1 AND id = $2")
                .bind(agency.0)
                .bind(id.0)
                .execute(c)
                .await
                .map(|r| r.rows_affected())
        })?;
        let mut before_image = before.audit_image()?;
        before_image["responses"] = Value::from(responses);
        let change = Change::delete(ENTITY, Some(agency), id.to_string(), before_image);
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await
    }

    /// Stores many responses in one transaction (group commit). A response whose
    /// `device_hash` the survey already has, stored before or earlier in the
    /// batch, is [`ResponseOutcome::Duplicate`] and nothing is written for it.
    /// Not audited (see the module). Outcomes are in the order of `responses`.
    ///
    /// # Errors
    /// [`StoreError::Invalid`] when a response's survey is not its agency's;
    /// database errors. Nothing of the batch is written then.
    pub async fn submit_survey_responses(
        &self,
        responses: &[SurveyResponse],
    ) -> StoreResult<Vec<ResponseOutcome>> {
        let mut tx = self.write().await?;
        let mut outcomes = Vec::with_capacity(responses.len());
        for r in responses {
            outcomes.push(if insert_response(tx.conn(), r).await? {
                ResponseOutcome::Stored
            } else {
                ResponseOutcome::Duplicate
            });
        }
        tx.commit().await?;
        Ok(outcomes)
    }

    /// A survey's responses by day of answering, then id.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn survey_responses(
        &self,
        agency: AgencyId,
        survey: SurveyId,
    ) -> StoreResult<Vec<SurveyResponse>> {
        let mut lease = self.lease().await?;
        let rows: Vec<ResponseRow> = on_conn!(lease.conn(), |c| {
            sqlx::query_as(concat!(
                select_response!(),
                " WHERE agency_id = $1 AND survey_id = $2 ORDER BY submitted_on, id"
            ))
            .bind(agency.0)
            .bind(survey.0)
            .fetch_all(c)
            .await
        })?;
        rows.into_iter().map(ResponseRow::into_response).collect()
    }

    /// How many responses a survey has.
    ///
    /// # Errors
    /// Database errors.
    pub async fn survey_response_count(
        &self,
        agency: AgencyId,
        survey: SurveyId,
    ) -> StoreResult<u64> {
        let mut lease = self.lease().await?;
        let count: i64 = on_conn!(lease.conn(), |c| {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM survey_responses WHERE agency_id = $1 AND survey_id = $2",
            )
            .bind(agency.0)
            .bind(survey.0)
            .fetch_one(c)
            .await
        })?;
        count_of(count)
    }
}

/// A database count, which is never negative.
fn count_of(count: i64) -> StoreResult<u64> {
    u64::try_from(count).map_err(|_| StoreError::Invalid(format!("count {count}")))
}
