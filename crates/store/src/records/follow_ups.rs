//! Follow-ups (การติดตามผล) of an action plan's projects, one per project, fiscal
//! year and round, in `project_follow_ups`. A tenant table keyed by (agency_id,
//! plan_id, project_id, fiscal_year, round); its project must be in its plan.
//!
//! Saves are optimistic like progress: version 0 means "there was none when I
//! loaded the form" and inserts; any other version must still be the stored one.
//! A save holds the agency's shared lock, so the plan it checked the project
//! against cannot lose that project before it commits.

use prongsai_core::action_plan::FollowUp;
use prongsai_core::measures::ProgressStatus;
use prongsai_core::model::{ActionPlanId, AgencyId, ProjectId};
use prongsai_core::thai::fiscal::ReportingRound;
use prongsai_core::thai::numbers::Baht;
use serde_json::Value;
use uuid::Uuid;

use crate::audit::{self, Audited, Change};
use crate::cycle::{self, lock_agency, round_code, round_from_code, year_round_id};
use crate::dialect::{AgencyLock, Lock};
use crate::pool::{Conn, Tx, on_conn};
use crate::rows::parse_code;
use crate::{Actor, Store, StoreError, StoreResult};

pub(crate) const ENTITY: &str = "follow_up";

/// The columns of [`FollowUpRow`] (table alias `f`), for every SELECT of the table.
macro_rules! select_follow_up {
    () => {
        "SELECT f.agency_id, f.plan_id, f.project_id, f.fiscal_year, f.round, f.status, \
         f.done, f.spent_satang, f.outputs_achieved, f.problems, f.suggestions, f.version \
         FROM project_follow_ups AS f"
    };
}

const BY_KEY: &str = concat!(
    select_follow_up!(),
    " WHERE f.agency_id = $1 AND f.plan_id = $2 AND f.project_id = $3 \
     AND f.fiscal_year = $4 AND f.round = $5"
);

#[derive(sqlx::FromRow)]
struct FollowUpRow {
    agency_id: Uuid,
    plan_id: Uuid,
    project_id: Uuid,
    fiscal_year: i32,
    round: String,
    status: String,
    done: String,
    spent_satang: Option<i64>,
    outputs_achieved: String,
    problems: String,
    suggestions: String,
    version: i64,
}

impl FollowUpRow {
    fn into_follow_up(self) -> StoreResult<FollowUp> {
        Ok(FollowUp {
            agency_id: AgencyId(self.agency_id),
            plan_id: ActionPlanId(self.plan_id),
            project_id: ProjectId(self.project_id),
            fiscal_year: self.fiscal_year,
            round: parse_code("reporting round", &self.round, round_from_code)?,
            status: parse_code("follow-up status", &self.status, ProgressStatus::from_code)?,
            done: self.done,
            spent: self.spent_satang.map(Baht),
            outputs_achieved: self.outputs_achieved,
            problems: self.problems,
            suggestions: self.suggestions,
            version: self.version,
        })
    }
}

impl Audited for FollowUp {
    fn audit_image(&self) -> StoreResult<Value> {
        cycle::image(self)
    }
}

/// How a follow-up is named in the audit log: `PLAN/PROJECT/2568/half_year`.
pub(crate) fn entity_id(f: &FollowUp) -> String {
    format!(
        "{}/{}/{}",
        f.plan_id,
        f.project_id,
        year_round_id(f.fiscal_year, f.round)
    )
}

async fn fetch(conn: Conn<'_>, key: &FollowUp, lock: Lock) -> StoreResult<Option<FollowUp>> {
    let sql = conn.backend().locked(BY_KEY, lock);
    let row: Option<FollowUpRow> = on_conn!(conn, |c| {
        sqlx::query_as(&sql)
            .bind(key.agency_id.0)
            .bind(key.plan_id.0)
            .bind(key.project_id.0)
            .bind(key.fiscal_year)
            .bind(round_code(key.round))
            .fetch_optional(c)
            .await
    })?;
    row.map(FollowUpRow::into_follow_up).transpose()
}

/// Writes one follow-up verbatim (save and import) unless its key is taken;
/// returns whether it did.
pub(crate) async fn insert(conn: Conn<'_>, f: &FollowUp) -> StoreResult<bool> {
    let inserted = on_conn!(conn, |c| {
        sqlx::query(
            "INSERT INTO project_follow_ups (agency_id, plan_id, project_id, fiscal_year, \
             round, status, done, spent_satang, outputs_achieved, problems, suggestions, \
             version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
             ON CONFLICT (agency_id, plan_id, project_id, fiscal_year, round) DO NOTHING",
        )
        .bind(f.agency_id.0)
        .bind(f.plan_id.0)
        .bind(f.project_id.0)
        .bind(f.fiscal_year)
        .bind(round_code(f.round))
        .bind(f.status.code())
        .bind(&f.done)
        .bind(f.spent.map(|b| b.0))
        .bind(&f.outputs_achieved)
        .bind(&f.problems)
        .bind(&f.suggestions)
        .bind(f.version)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(inserted == 1)
}

/// Every follow-up of one agency by plan, project, fiscal year and round code,
/// for export.
pub(crate) async fn all_of(conn: Conn<'_>, agency: AgencyId) -> StoreResult<Vec<FollowUp>> {
    let rows: Vec<FollowUpRow> = on_conn!(conn, |c| {
        sqlx::query_as(concat!(
            select_follow_up!(),
            " WHERE f.agency_id = $1 \
             ORDER BY f.plan_id, f.project_id, f.fiscal_year, f.round"
        ))
        .bind(agency.0)
        .fetch_all(c)
        .await
    })?;
    rows.into_iter().map(FollowUpRow::into_follow_up).collect()
}

/// The projects of a plan that have at least one follow-up.
pub(crate) async fn followed_projects(
    conn: Conn<'_>,
    agency: AgencyId,
    plan: ActionPlanId,
) -> StoreResult<Vec<ProjectId>> {
    let ids: Vec<Uuid> = on_conn!(conn, |c| {
        sqlx::query_scalar(
            "SELECT DISTINCT project_id FROM project_follow_ups \
             WHERE agency_id = $1 AND plan_id = $2",
        )
        .bind(agency.0)
        .bind(plan.0)
        .fetch_all(c)
        .await
    })?;
    Ok(ids.into_iter().map(ProjectId).collect())
}

/// Deletes every follow-up of a plan; returns them, for the caller's audit rows.
pub(crate) async fn delete_of_plan(
    tx: &mut Tx,
    agency: AgencyId,
    plan: ActionPlanId,
) -> StoreResult<Vec<FollowUp>> {
    let rows: Vec<FollowUpRow> = on_conn!(tx.conn(), |c| {
        sqlx::query_as(concat!(
            select_follow_up!(),
            " WHERE f.agency_id = $1 AND f.plan_id = $2 \
             ORDER BY f.project_id, f.fiscal_year, f.round"
        ))
        .bind(agency.0)
        .bind(plan.0)
        .fetch_all(c)
        .await
    })?;
    let reports = rows
        .into_iter()
        .map(FollowUpRow::into_follow_up)
        .collect::<StoreResult<Vec<_>>>()?;
    on_conn!(tx.conn(), |c| {
        sqlx::query("DELETE FROM project_follow_ups WHERE agency_id = $1 AND plan_id = $2")
            .bind(agency.0)
            .bind(plan.0)
            .execute(c)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(reports)
}

/// The years of the plan that holds the project, or `None` when the agency's plan
/// has no such project.
async fn plan_years_of_project(conn: Conn<'_>, f: &FollowUp) -> StoreResult<Option<(i32, i32)>> {
    Ok(on_conn!(conn, |c| {
        sqlx::query_as(
            "SELECT pl.first_year, pl.last_year FROM action_plan_projects AS p \
             JOIN action_plans AS pl ON pl.agency_id = p.agency_id AND pl.id = p.plan_id \
             WHERE p.agency_id = $1 AND p.plan_id = $2 AND p.id = $3",
        )
        .bind(f.agency_id.0)
        .bind(f.plan_id.0)
        .bind(f.project_id.0)
        .fetch_optional(c)
        .await
    })?)
}

impl Store {
    /// The follow-ups of one plan in one fiscal year and round, in plan order;
    /// projects without one are absent.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn list_follow_ups(
        &self,
        agency: AgencyId,
        plan: ActionPlanId,
        fiscal_year: i32,
        round: ReportingRound,
    ) -> StoreResult<Vec<FollowUp>> {
        let mut lease = self.lease().await?;
        let rows: Vec<FollowUpRow> = on_conn!(lease.conn(), |c| {
            sqlx::query_as(concat!(
                select_follow_up!(),
                " JOIN action_plan_projects AS p \
                   ON p.agency_id = f.agency_id AND p.plan_id = f.plan_id AND p.id = f.project_id \
                 JOIN action_plan_missions AS m \
                   ON m.agency_id = p.agency_id AND m.plan_id = p.plan_id AND m.id = p.mission_id \
                 JOIN action_plan_dimensions AS d \
                   ON d.agency_id = m.agency_id AND d.plan_id = m.plan_id AND d.id = m.dimension_id \
                 WHERE f.agency_id = $1 AND f.plan_id = $2 AND f.fiscal_year = $3 AND f.round = $4 \
                 ORDER BY d.position, m.position, p.position"
            ))
            .bind(agency.0)
            .bind(plan.0)
            .bind(fiscal_year)
            .bind(round_code(round))
            .fetch_all(c)
            .await
        })?;
        rows.into_iter().map(FollowUpRow::into_follow_up).collect()
    }

    /// Saves a project's follow-up in a fiscal year and round over version
    /// `f.version`, the one the user loaded (0 when there was none); returns what
    /// was stored, with the next version.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the agency's plan has no such project (or no
    /// longer has the follow-up the version names); [`StoreError::Invalid`] for a
    /// fiscal year outside the plan's years or a negative amount spent;
    /// [`StoreError::Stale`] when someone else saved it since it was loaded.
    pub async fn save_follow_up(&self, actor: Actor, f: &FollowUp) -> StoreResult<FollowUp> {
        let agency = f.agency_id;
        let mut tx = self.write().await?;
        lock_agency(tx.conn(), agency, AgencyLock::Shared).await?;
        let (first, last) = plan_years_of_project(tx.conn(), f)
            .await?
            .ok_or(StoreError::NotFound)?;
        if !(first..=last).contains(&f.fiscal_year) {
            return Err(StoreError::Invalid(format!(
                "fiscal year {} is outside the plan's years {first}-{last}",
                f.fiscal_year
            )));
        }
        let before = if f.version == 0 {
            let stored = FollowUp {
                version: 1,
                ..f.clone()
            };
            if !insert(tx.conn(), &stored).await? {
                return Err(StoreError::Stale);
            }
            None
        } else {
            let before = fetch(tx.conn(), f, Lock::ForUpdate)
                .await?
                .ok_or(StoreError::NotFound)?;
            update(&mut tx, f).await?;
            Some(before)
        };
        let after = fetch(tx.conn(), f, Lock::None)
            .await?
            .ok_or(StoreError::NotFound)?;
        let id = entity_id(&after);
        let change = Change::saved(
            ENTITY,
            Some(agency),
            id,
            before.map(|b| b.audit_image()).transpose()?,
            after.audit_image()?,
        );
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await?;
        Ok(after)
    }
}

/// Writes the follow-up's content over version `f.version`, the next version.
async fn update(tx: &mut Tx, f: &FollowUp) -> StoreResult<()> {
    let updated = on_conn!(tx.conn(), |c| {
        sqlx::query(
            "UPDATE project_follow_ups SET status = $7, done = $8, spent_satang = $9, \
             outputs_achieved = $10, problems = $11, suggestions = $12, version = version + 1 \
             WHERE agency_id = $1 AND plan_id = $2 AND project_id = $3 AND fiscal_year = $4 \
             AND round = $5 AND version = $6",
        )
        .bind(f.agency_id.0)
        .bind(f.plan_id.0)
        .bind(f.project_id.0)
        .bind(f.fiscal_year)
        .bind(round_code(f.round))
        .bind(f.version)
        .bind(f.status.code())
        .bind(&f.done)
        .bind(f.spent.map(|b| b.0))
        .bind(&f.outputs_achieved)
        .bind(&f.problems)
        .bind(&f.suggestions)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    if updated == 0 {
        return Err(StoreError::Stale);
    }
    Ok(())
}
