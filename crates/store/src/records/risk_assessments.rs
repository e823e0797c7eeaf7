//! The corruption-risk assessment of a fiscal year: one row per agency and year
//! (the bands and the version) with its areas, their risk events and controls as
//! rows in order. A save replaces the areas, events and controls whole, so the
//! stored order is always the order the user gave.
//!
//! A control's project and measure are plain ids without foreign keys (see the
//! migration): a plan saved again or a measure deleted leaves the control, and
//! what was written about it, in place.

use std::collections::HashMap;

use prongsai_core::measures::ProgressStatus;
use prongsai_core::model::{AgencyId, ControlId, MeasureId, ProjectId, RiskAreaId};
use prongsai_core::risk::{Control, RiskArea, RiskAssessment, RiskEvent, RiskLevel, RiskRating};
use serde_json::Value;
use uuid::Uuid;

use crate::audit::Audited;
use crate::audited::Entity;
use crate::cycle;
use crate::dialect::Lock;
use crate::pool::{Conn, Tx, on_conn};
use crate::rows::{parse_code, parse_json, to_json};
use crate::versioned::{self, Versioned};
use crate::{Actor, Store, StoreError, StoreResult};

const ENTITY: &str = "risk_assessment";

/// The columns of [`AssessmentRow`], for every SELECT of the table.
macro_rules! select_assessment {
    () => {
        "SELECT agency_id, fiscal_year, bands_json, version FROM risk_assessments"
    };
}

const BY_YEAR: &str = concat!(
    select_assessment!(),
    " WHERE agency_id = $1 AND fiscal_year = $2"
);

#[derive(sqlx::FromRow)]
struct AssessmentRow {
    agency_id: Uuid,
    fiscal_year: i32,
    bands_json: String,
    version: i64,
}

#[derive(sqlx::FromRow)]
struct AreaRow {
    fiscal_year: i32,
    position: i32,
    id: Uuid,
    process: String,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    fiscal_year: i32,
    area_position: i32,
    text: String,
    likelihood: Option<i32>,
    impact: Option<i32>,
    level: Option<String>,
}

#[derive(sqlx::FromRow)]
struct ControlRow {
    fiscal_year: i32,
    area_position: i32,
    id: Uuid,
    text: String,
    project_id: Option<Uuid>,
    measure_id: Option<Uuid>,
    status: String,
    follow_up: String,
}

impl EventRow {
    fn into_event(self) -> StoreResult<RiskEvent> {
        let rating = match (self.likelihood, self.impact, self.level) {
            (Some(likelihood), Some(impact), None) => RiskRating::Scored {
                likelihood: score_part(likelihood)?,
                impact: score_part(impact)?,
            },
            (None, None, Some(level)) => RiskRating::Level {
                level: parse_code("risk level", &level, RiskLevel::from_code)?,
            },
            _ => {
                return Err(StoreError::Invalid(
                    "stored risk event is neither scored nor levelled".to_owned(),
                ));
            }
        };
        Ok(RiskEvent {
            text: self.text,
            rating,
        })
    }
}

/// A stored likelihood or impact, which the schema keeps within 1–5.
fn score_part(value: i32) -> StoreResult<u8> {
    u8::try_from(value).map_err(|_| StoreError::Invalid(format!("stored risk score part {value}")))
}

impl ControlRow {
    fn into_control(self) -> StoreResult<Control> {
        Ok(Control {
            id: ControlId(self.id),
            text: self.text,
            project: self.project_id.map(ProjectId),
            measure: self.measure_id.map(MeasureId),
            status: parse_code("control status", &self.status, ProgressStatus::from_code)?,
            follow_up: self.follow_up,
        })
    }
}

impl Audited for RiskAssessment {
    fn audit_image(&self) -> StoreResult<Value> {
        cycle::image(self)
    }
}

/// Which assessments of an agency a read loads.
#[derive(Clone, Copy)]
enum Years {
    One(i32),
    All,
}

impl Years {
    fn bind(self) -> Option<i32> {
        match self {
            Self::One(year) => Some(year),
            Self::All => None,
        }
    }
}

/// The areas of the agency's assessments in `years`, with their events and
/// controls, keyed by fiscal year, each list in order.
async fn areas_of(
    mut conn: Conn<'_>,
    agency: AgencyId,
    years: Years,
) -> StoreResult<HashMap<i32, Vec<RiskArea>>> {
    let year = years.bind();
    let areas: Vec<AreaRow> = on_conn!(&mut conn, |c| {
        sqlx::query_as(
            "SELECT fiscal_year, position, id, process FROM risk_areas \
             WHERE agency_id = $1 AND ($2 IS NULL OR fiscal_year = $2) \
             ORDER BY fiscal_year, position",
        )
        .bind(agency.0)
        .bind(year)
        .fetch_all(&mut **c)
        .await
    })?;
    let events: Vec<EventRow> = on_conn!(&mut conn, |c| {
        sqlx::query_as(
            "SELECT fiscal_year, area_position, text, likelihood, impact, level \
             FROM risk_events WHERE agency_id = $1 AND ($2 IS NULL OR fiscal_year = $2) \
             ORDER BY fiscal_year, area_position, position",
        )
        .bind(agency.0)
        .bind(year)
        .fetch_all(&mut **c)
        .await
    })?;
    let controls: Vec<ControlRow> = on_conn!(&mut conn, |c| {
        sqlx::query_as(
            "SELECT fiscal_year, area_position, id, text, project_id, measure_id, status, \
             follow_up FROM risk_controls \
             WHERE agency_id = $1 AND ($2 IS NULL OR fiscal_year = $2) \
             ORDER BY fiscal_year, area_position, position",
        )
        .bind(agency.0)
        .bind(year)
        .fetch_all(&mut **c)
        .await
    })?;
    let mut events_of = HashMap::<(i32, i32), Vec<RiskEvent>>::new();
    for row in events {
        let key = (row.fiscal_year, row.area_position);
        events_of.entry(key).or_default().push(row.into_event()?);
    }
    let mut controls_of = HashMap::<(i32, i32), Vec<Control>>::new();
    for row in controls {
        let key = (row.fiscal_year, row.area_position);
        controls_of
            .entry(key)
            .or_default()
            .push(row.into_control()?);
    }
    let mut by_year = HashMap::<i32, Vec<RiskArea>>::new();
    for row in areas {
        let key = (row.fiscal_year, row.position);
        by_year.entry(row.fiscal_year).or_default().push(RiskArea {
            id: RiskAreaId(row.id),
            process: row.process,
            events: events_of.remove(&key).unwrap_or_default(),
            controls: controls_of.remove(&key).unwrap_or_default(),
        });
    }
    Ok(by_year)
}

impl Entity for RiskAssessment {
    const NAME: &'static str = ENTITY;
    type Key = (AgencyId, i32);

    fn key(&self) -> Self::Key {
        (self.agency_id, self.fiscal_year)
    }

    async fn fetch(mut conn: Conn<'_>, key: &Self::Key, lock: Lock) -> StoreResult<Option<Self>> {
        let (agency, year) = *key;
        let sql = conn.backend().locked(BY_YEAR, lock);
        let row: Option<AssessmentRow> = on_conn!(&mut conn, |c| {
            sqlx::query_as(&sql)
                .bind(agency.0)
                .bind(year)
                .fetch_optional(&mut **c)
                .await
        })?;
        let Some(row) = row else {
            return Ok(None);
        };
        let mut areas = areas_of(conn, agency, Years::One(year)).await?;
        Ok(Some(RiskAssessment {
            agency_id: AgencyId(row.agency_id),
            fiscal_year: row.fiscal_year,
            bands: parse_json("risk bands", &row.bands_json)?,
            areas: areas.remove(&year).unwrap_or_default(),
            version: row.version,
        }))
    }
}

impl Versioned for RiskAssessment {
    fn version(&self) -> i64 {
        self.version
    }
}

/// Writes one assessment verbatim with its areas (import), unless its year is
/// taken; returns whether it did.
pub(crate) async fn insert(tx: &mut Tx, a: &RiskAssessment) -> StoreResult<bool> {
    let bands = to_json(&a.bands)?;
    let inserted = on_conn!(tx.conn(), |c| {
        sqlx::query(
            "INSERT INTO risk_assessments (agency_id, fiscal_year, bands_json, version) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (agency_id, fiscal_year) DO NOTHING",
        )
        .bind(a.agency_id.0)
        .bind(a.fiscal_year)
        .bind(&bands)
        .bind(a.version)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    if inserted == 0 {
        return Ok(false);
    }
    write_areas(tx, a).await?;
    Ok(true)
}

/// Replaces the assessment's areas, events and controls with `a.areas`.
async fn write_areas(tx: &mut Tx, a: &RiskAssessment) -> StoreResult<()> {
    let (agency, year) = (a.agency_id, a.fiscal_year);
    for sql in [
        "DELETE FROM risk_controls WHERE agency_id = $1 AND fiscal_year = $2",
        "DELETE FROM risk_events WHERE agency_id = $1 AND fiscal_year = $2",
        "DELETE FROM risk_areas WHERE agency_id = $1 AND fiscal_year = $2",
    ] {
        on_conn!(tx.conn(), |c| {
            sqlx::query(sql)
                .bind(agency.0)
                .bind(year)
                .execute(c)
                .await
                .map(|r| r.rows_affected())
        })?;
    }
    for (area_position, area) in (1_i32..).zip(&a.areas) {
        on_conn!(tx.conn(), |c| {
            sqlx::query(
                "INSERT INTO risk_areas (agency_id, fiscal_year, position, id, process) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(agency.0)
            .bind(year)
            .bind(area_position)
            .bind(area.id.0)
            .bind(&area.process)
            .execute(c)
            .await
            .map(|r| r.rows_affected())
        })?;
        for (position, event) in (1_i32..).zip(&area.events) {
            let (likelihood, impact, level) = match event.rating {
                RiskRating::Scored { likelihood, impact } => {
                    (Some(i32::from(likelihood)), Some(i32::from(impact)), None)
                }
                RiskRating::Level { level } => (None, None, Some(level.code())),
            };
            on_conn!(tx.conn(), |c| {
                sqlx::query(
                    "INSERT INTO risk_events (agency_id, fiscal_year, area_position, position, \
                     text, likelihood, impact, level) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(agency.0)
                .bind(year)
                .bind(area_position)
                .bind(position)
                .bind(&event.text)
                .bind(likelihood)
                .bind(impact)
                .bind(level)
                .execute(c)
                .await
                .map(|r| r.rows_affected())
            })?;
        }
        for (position, control) in (1_i32..).zip(&area.controls) {
            on_conn!(tx.conn(), |c| {
                sqlx::query(
                    "INSERT INTO risk_controls (agency_id, fiscal_year, area_position, position, \
                     id, text, project_id, measure_id, status, follow_up) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(agency.0)
                .bind(year)
                .bind(area_position)
                .bind(position)
                .bind(control.id.0)
                .bind(&control.text)
                .bind(control.project.map(|p| p.0))
                .bind(control.measure.map(|m| m.0))
                .bind(control.status.code())
                .bind(&control.follow_up)
                .execute(c)
                .await
                .map(|r| r.rows_affected())
            })?;
        }
    }
    Ok(())
}

/// Every assessment of one agency by fiscal year, for export.
pub(crate) async fn all_of(
    mut conn: Conn<'_>,
    agency: AgencyId,
) -> StoreResult<Vec<RiskAssessment>> {
    let rows: Vec<AssessmentRow> = on_conn!(&mut conn, |c| {
        sqlx::query_as(concat!(
            select_assessment!(),
            " WHERE agency_id = $1 ORDER BY fiscal_year"
        ))
        .bind(agency.0)
        .fetch_all(&mut **c)
        .await
    })?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut areas = areas_of(conn, agency, Years::All).await?;
    rows.into_iter()
        .map(|row| {
            Ok(RiskAssessment {
                agency_id: AgencyId(row.agency_id),
                fiscal_year: row.fiscal_year,
                bands: parse_json("risk bands", &row.bands_json)?,
                areas: areas.remove(&row.fiscal_year).unwrap_or_default(),
                version: row.version,
            })
        })
        .collect()
}

impl Store {
    /// The fiscal years the agency has an assessment for, oldest first.
    ///
    /// # Errors
    /// Database errors.
    pub async fn list_risk_assessment_years(&self, agency: AgencyId) -> StoreResult<Vec<i32>> {
        let mut lease = self.lease().await?;
        let years: Vec<i32> = on_conn!(lease.conn(), |c| {
            sqlx::query_scalar(
                "SELECT fiscal_year FROM risk_assessments WHERE agency_id = $1 \
                 ORDER BY fiscal_year",
            )
            .bind(agency.0)
            .fetch_all(c)
            .await
        })?;
        Ok(years)
    }

    /// The assessment of one fiscal year, if one was saved.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn get_risk_assessment(
        &self,
        agency: AgencyId,
        fiscal_year: i32,
    ) -> StoreResult<Option<RiskAssessment>> {
        RiskAssessment::fetch(
            self.lease().await?.conn(),
            &(agency, fiscal_year),
            Lock::None,
        )
        .await
    }

    /// Saves the assessment over version `assessment.version`, the one the user
    /// loaded (0 for a year that has none yet), replacing its areas, events and
    /// controls whole; returns what was stored, with the next version.
    ///
    /// # Errors
    /// [`StoreError::Stale`] when someone else saved the year since it was
    /// loaded (or created it first); [`StoreError::NotFound`] when a version is
    /// named but the year has no assessment; [`StoreError::Conflict`] on `id`
    /// when an area or control id appears twice; [`StoreError::Invalid`] for a
    /// likelihood or impact outside 1–5 or an agency that does not exist.
    pub async fn save_risk_assessment(
        &self,
        actor: Actor,
        assessment: &RiskAssessment,
    ) -> StoreResult<RiskAssessment> {
        let (agency, year) = (assessment.agency_id, assessment.fiscal_year);
        let stored = RiskAssessment {
            version: assessment.version + 1,
            ..assessment.clone()
        };
        versioned::save_whole(
            self.write().await?,
            actor,
            assessment,
            async |tx| insert(tx, &stored).await,
            async |tx| {
                let bands = to_json(&stored.bands)?;
                on_conn!(tx.conn(), |c| {
                    sqlx::query(
                        "UPDATE risk_assessments SET bands_json = $4, version = version + 1 \
                     WHERE agency_id = $1 AND fiscal_year = $2 AND version = $3",
                    )
                    .bind(agency.0)
                    .bind(year)
                    .bind(assessment.version)
                    .bind(&bands)
                    .execute(c)
                    .await
                    .map(|r| r.rows_affected())
                })?;
                write_areas(tx, &stored).await
            },
        )
        .await
    }
}
