//! Action plans (แผนปฏิบัติการป้องกันการทุจริต) over a range of fiscal years: the
//! header in `action_plans`, the tree in `action_plan_dimensions`,
//! `action_plan_missions` and `action_plan_projects`, and each project's budget
//! per fiscal year in `action_plan_budgets`. A tenant table set: every query names
//! the agency, and composite foreign keys keep every row in its own plan and a
//! project's owner among its agency's departments.
//!
//! A plan is edited as a whole, so a save replaces its tree in one write
//! transaction after the optimistic version check (`UPDATE … WHERE version = $n`).
//! The follow-ups of a project survive the replacement (their foreign key is
//! checked at commit); a save that would drop a project with follow-ups is
//! refused before anything is written. Two plans of an agency never share a year,
//! so "the plan of fiscal year Y" has one answer.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use prongsai_core::action_plan::{
    ActionPlan, Budget, Dimension, IntroSections, Mission, PlanTarget, Project, ProjectKind,
    YearBudget,
};
use prongsai_core::model::{
    ActionPlanId, AgencyId, DepartmentId, DimensionId, MissionId, ProjectId,
};
use prongsai_core::thai::numbers::Baht;
use serde_json::Value;
use uuid::Uuid;

use crate::audit::{self, Audited, Change};
use crate::audited::Entity;
use crate::cycle::{self, lock_agency};
use crate::dialect::{AgencyLock, Lock};
use crate::pool::{Conn, Tx, on_conn};
use crate::records::follow_ups;
use crate::rows::{parse_code, parse_json, to_json};
use crate::versioned::{self, Versioned};
use crate::{Actor, Store, StoreError, StoreResult};

const ENTITY: &str = "action_plan";

/// The columns of [`PlanRow`], for every SELECT of the header.
macro_rules! select_plan {
    () => {
        "SELECT agency_id, id, first_year, last_year, title, preface, preface_date, \
         intro_json, targets_json, version FROM action_plans"
    };
}

const BY_ID: &str = concat!(select_plan!(), " WHERE agency_id = $1 AND id = $2");

#[derive(sqlx::FromRow)]
struct PlanRow {
    agency_id: Uuid,
    id: Uuid,
    first_year: i32,
    last_year: i32,
    title: String,
    preface: String,
    preface_date: Option<NaiveDate>,
    intro_json: String,
    targets_json: String,
    version: i64,
}

#[derive(sqlx::FromRow)]
struct DimensionRow {
    id: Uuid,
    title: String,
}

#[derive(sqlx::FromRow)]
struct MissionRow {
    dimension_id: Uuid,
    id: Uuid,
    title: String,
}

#[derive(sqlx::FromRow)]
struct ProjectRow {
    mission_id: Uuid,
    id: Uuid,
    kind: String,
    name: String,
    rationale: String,
    objectives_json: String,
    target_group: String,
    methods_json: String,
    first_year: i32,
    last_year: i32,
    owner_department_id: Option<Uuid>,
    owner_text: String,
    outputs_json: String,
    outcomes_json: String,
    indicators_json: String,
}

#[derive(sqlx::FromRow)]
struct BudgetRow {
    project_id: Uuid,
    fiscal_year: i32,
    amount_satang: Option<i64>,
}

impl ProjectRow {
    fn into_project(self, budgets: Vec<YearBudget>) -> StoreResult<Project> {
        Ok(Project {
            id: ProjectId(self.id),
            kind: parse_code("project kind", &self.kind, ProjectKind::from_code)?,
            name: self.name,
            rationale: self.rationale,
            objectives: parse_json("project objectives", &self.objectives_json)?,
            target_group: self.target_group,
            methods: parse_json("project methods", &self.methods_json)?,
            first_year: self.first_year,
            last_year: self.last_year,
            budgets,
            owner_department: self.owner_department_id.map(DepartmentId),
            owner_text: self.owner_text,
            outputs: parse_json("project outputs", &self.outputs_json)?,
            outcomes: parse_json("project outcomes", &self.outcomes_json)?,
            indicators: parse_json("project indicators", &self.indicators_json)?,
        })
    }
}

impl Audited for ActionPlan {
    fn audit_image(&self) -> StoreResult<Value> {
        cycle::image(self)
    }
}

/// The rows of one table of a plan's tree, in position order.
async fn children<T>(
    conn: &mut Conn<'_>,
    sql: &str,
    agency: AgencyId,
    plan: Uuid,
) -> StoreResult<Vec<T>>
where
    T: Send + Unpin + for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>,
    T: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
{
    Ok(on_conn!(conn, |c| {
        sqlx::query_as(sql)
            .bind(agency.0)
            .bind(plan)
            .fetch_all(&mut **c)
            .await
    })?)
}

/// The plan of a header row, with its dimensions, missions, projects and budgets.
async fn with_tree(conn: &mut Conn<'_>, row: PlanRow) -> StoreResult<ActionPlan> {
    let agency = AgencyId(row.agency_id);
    let dimensions: Vec<DimensionRow> = children(
        conn,
        "SELECT id, title FROM action_plan_dimensions \
         WHERE agency_id = $1 AND plan_id = $2 ORDER BY position",
        agency,
        row.id,
    )
    .await?;
    let missions: Vec<MissionRow> = children(
        conn,
        "SELECT dimension_id, id, title FROM action_plan_missions \
         WHERE agency_id = $1 AND plan_id = $2 ORDER BY position",
        agency,
        row.id,
    )
    .await?;
    let projects: Vec<ProjectRow> = children(
        conn,
        "SELECT mission_id, id, kind, name, rationale, objectives_json, target_group, \
         methods_json, first_year, last_year, owner_department_id, owner_text, outputs_json, \
         outcomes_json, indicators_json FROM action_plan_projects \
         WHERE agency_id = $1 AND plan_id = $2 ORDER BY position",
        agency,
        row.id,
    )
    .await?;
    let budgets: Vec<BudgetRow> = children(
        conn,
        "SELECT project_id, fiscal_year, amount_satang FROM action_plan_budgets \
         WHERE agency_id = $1 AND plan_id = $2 ORDER BY position",
        agency,
        row.id,
    )
    .await?;

    let mut budgets_of = HashMap::<Uuid, Vec<YearBudget>>::new();
    for b in budgets {
        budgets_of
            .entry(b.project_id)
            .or_default()
            .push(YearBudget {
                fiscal_year: b.fiscal_year,
                budget: b
                    .amount_satang
                    .map_or(Budget::NotUsed, |s| Budget::Amount(Baht(s))),
            });
    }
    let mut projects_of = HashMap::<Uuid, Vec<Project>>::new();
    for p in projects {
        let budgets = budgets_of.remove(&p.id).unwrap_or_default();
        projects_of
            .entry(p.mission_id)
            .or_default()
            .push(p.into_project(budgets)?);
    }
    let mut missions_of = HashMap::<Uuid, Vec<Mission>>::new();
    for m in missions {
        missions_of
            .entry(m.dimension_id)
            .or_default()
            .push(Mission {
                id: MissionId(m.id),
                title: m.title,
                projects: projects_of.remove(&m.id).unwrap_or_default(),
            });
    }
    let dimensions = dimensions
        .into_iter()
        .map(|d| Dimension {
            id: DimensionId(d.id),
            title: d.title,
            missions: missions_of.remove(&d.id).unwrap_or_default(),
        })
        .collect();
    Ok(ActionPlan {
        id: ActionPlanId(row.id),
        agency_id: agency,
        first_year: row.first_year,
        last_year: row.last_year,
        title: row.title,
        preface: row.preface,
        preface_date: row.preface_date,
        intro: parse_json::<IntroSections>("plan introduction", &row.intro_json)?,
        targets: parse_json::<Vec<PlanTarget>>("plan targets", &row.targets_json)?,
        dimensions,
        version: row.version,
    })
}

/// The plans of header rows, each with its tree.
async fn with_trees(conn: &mut Conn<'_>, rows: Vec<PlanRow>) -> StoreResult<Vec<ActionPlan>> {
    let mut plans = Vec::with_capacity(rows.len());
    for row in rows {
        plans.push(with_tree(conn, row).await?);
    }
    Ok(plans)
}

impl Entity for ActionPlan {
    const NAME: &'static str = ENTITY;
    type Key = (AgencyId, ActionPlanId);

    fn key(&self) -> Self::Key {
        (self.agency_id, self.id)
    }

    async fn fetch(conn: Conn<'_>, key: &Self::Key, lock: Lock) -> StoreResult<Option<Self>> {
        fetch(conn, key.0, key.1, lock).await
    }
}

impl Versioned for ActionPlan {
    fn version(&self) -> i64 {
        self.version
    }
}

pub(crate) async fn fetch(
    mut conn: Conn<'_>,
    agency: AgencyId,
    id: ActionPlanId,
    lock: Lock,
) -> StoreResult<Option<ActionPlan>> {
    let sql = conn.backend().locked(BY_ID, lock);
    let row: Option<PlanRow> = on_conn!(&mut conn, |c| {
        sqlx::query_as(&sql)
            .bind(agency.0)
            .bind(id.0)
            .fetch_optional(&mut **c)
            .await
    })?;
    match row {
        Some(row) => with_tree(&mut conn, row).await.map(Some),
        None => Ok(None),
    }
}

/// Every plan of one agency by first year, then id (list and export).
pub(crate) async fn all_of(mut conn: Conn<'_>, agency: AgencyId) -> StoreResult<Vec<ActionPlan>> {
    let rows: Vec<PlanRow> = on_conn!(&mut conn, |c| {
        sqlx::query_as(concat!(
            select_plan!(),
            " WHERE agency_id = $1 ORDER BY first_year, id"
        ))
        .bind(agency.0)
        .fetch_all(&mut **c)
        .await
    })?;
    with_trees(&mut conn, rows).await
}

/// Writes one plan verbatim, header and tree (save and import).
pub(crate) async fn insert(tx: &mut Tx, plan: &ActionPlan) -> StoreResult<bool> {
    let intro = to_json(&plan.intro)?;
    let targets = to_json(&plan.targets)?;
    let inserted = on_conn!(tx.conn(), |c| {
        sqlx::query(
            "INSERT INTO action_plans (agency_id, id, first_year, last_year, title, preface, \
             preface_date, intro_json, targets_json, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             ON CONFLICT (agency_id, id) DO NOTHING",
        )
        .bind(plan.agency_id.0)
        .bind(plan.id.0)
        .bind(plan.first_year)
        .bind(plan.last_year)
        .bind(&plan.title)
        .bind(&plan.preface)
        .bind(plan.preface_date)
        .bind(&intro)
        .bind(&targets)
        .bind(plan.version)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    if inserted == 0 {
        return Ok(false);
    }
    write_tree(tx, plan).await?;
    Ok(true)
}

/// Inserts the plan's dimensions, missions, projects and budgets, each numbered
/// 1..n within its parent.
async fn write_tree(tx: &mut Tx, plan: &ActionPlan) -> StoreResult<()> {
    let (agency, id) = (plan.agency_id.0, plan.id.0);
    for (position, d) in (1_i32..).zip(&plan.dimensions) {
        on_conn!(tx.conn(), |c| {
            sqlx::query(
                "INSERT INTO action_plan_dimensions (agency_id, plan_id, id, position, title) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(agency)
            .bind(id)
            .bind(d.id.0)
            .bind(position)
            .bind(&d.title)
            .execute(c)
            .await
            .map(|r| r.rows_affected())
        })?;
        for (position, m) in (1_i32..).zip(&d.missions) {
            on_conn!(tx.conn(), |c| {
                sqlx::query(
                    "INSERT INTO action_plan_missions \
                     (agency_id, plan_id, dimension_id, id, position, title) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(agency)
                .bind(id)
                .bind(d.id.0)
                .bind(m.id.0)
                .bind(position)
                .bind(&m.title)
                .execute(c)
                .await
                .map(|r| r.rows_affected())
            })?;
            for (position, p) in (1_i32..).zip(&m.projects) {
                insert_project(tx, plan, m.id, position, p).await?;
            }
        }
    }
    Ok(())
}

async fn insert_project(
    tx: &mut Tx,
    plan: &ActionPlan,
    mission: MissionId,
    position: i32,
    p: &Project,
) -> StoreResult<()> {
    let (agency, id) = (plan.agency_id.0, plan.id.0);
    let objectives = to_json(&p.objectives)?;
    let methods = to_json(&p.methods)?;
    let outputs = to_json(&p.outputs)?;
    let outcomes = to_json(&p.outcomes)?;
    let indicators = to_json(&p.indicators)?;
    on_conn!(tx.conn(), |c| {
        sqlx::query(
            "INSERT INTO action_plan_projects (agency_id, plan_id, mission_id, id, position, \
             kind, name, rationale, objectives_json, target_group, methods_json, first_year, \
             last_year, owner_department_id, owner_text, outputs_json, outcomes_json, \
             indicators_json) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
             $17, $18)",
        )
        .bind(agency)
        .bind(id)
        .bind(mission.0)
        .bind(p.id.0)
        .bind(position)
        .bind(p.kind.code())
        .bind(&p.name)
        .bind(&p.rationale)
        .bind(&objectives)
        .bind(&p.target_group)
        .bind(&methods)
        .bind(p.first_year)
        .bind(p.last_year)
        .bind(p.owner_department.map(|d| d.0))
        .bind(&p.owner_text)
        .bind(&outputs)
        .bind(&outcomes)
        .bind(&indicators)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    for (position, b) in (1_i32..).zip(&p.budgets) {
        let amount = match b.budget {
            Budget::NotUsed => None,
            Budget::Amount(baht) => Some(baht.0),
        };
        on_conn!(tx.conn(), |c| {
            sqlx::query(
                "INSERT INTO action_plan_budgets \
                 (agency_id, plan_id, project_id, fiscal_year, position, amount_satang) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(agency)
            .bind(id)
            .bind(p.id.0)
            .bind(b.fiscal_year)
            .bind(position)
            .bind(amount)
            .execute(c)
            .await
            .map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

/// Deletes the plan's tree, leaves first.
async fn delete_tree(tx: &mut Tx, agency: AgencyId, plan: ActionPlanId) -> StoreResult<()> {
    for sql in [
        "DELETE FROM action_plan_budgets WHERE agency_id = $1 AND plan_id = $2",
        "DELETE FROM action_plan_projects WHERE agency_id = $1 AND plan_id = $2",
        "DELETE FROM action_plan_missions WHERE agency_id = $1 AND plan_id = $2",
        "DELETE FROM action_plan_dimensions WHERE agency_id = $1 AND plan_id = $2",
    ] {
        on_conn!(tx.conn(), |c| {
            sqlx::query(sql)
                .bind(agency.0)
                .bind(plan.0)
                .execute(c)
                .await
                .map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

/// Whether another plan of the agency shares a fiscal year with `plan`.
async fn overlaps(conn: Conn<'_>, plan: &ActionPlan) -> StoreResult<bool> {
    let found: Option<i32> = on_conn!(conn, |c| {
        sqlx::query_scalar(
            "SELECT 1 FROM action_plans WHERE agency_id = $1 AND id <> $2 \
             AND first_year <= $4 AND last_year >= $3 LIMIT 1",
        )
        .bind(plan.agency_id.0)
        .bind(plan.id.0)
        .bind(plan.first_year)
        .bind(plan.last_year)
        .fetch_optional(c)
        .await
    })?;
    Ok(found.is_some())
}

/// Refuses a save that drops a project the stored plan has follow-ups of.
async fn ensure_followed_projects_kept(conn: Conn<'_>, plan: &ActionPlan) -> StoreResult<()> {
    let followed = follow_ups::followed_projects(conn, plan.agency_id, plan.id).await?;
    let kept: HashSet<ProjectId> = plan.numbered_projects().map(|(_, _, _, p)| p.id).collect();
    if followed.iter().all(|p| kept.contains(p)) {
        Ok(())
    } else {
        Err(StoreError::InUse {
            by: "follow_ups".to_owned(),
        })
    }
}

impl Store {
    /// One agency's action plans by first fiscal year, each whole.
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn list_action_plans(&self, agency: AgencyId) -> StoreResult<Vec<ActionPlan>> {
        all_of(self.lease().await?.conn(), agency).await
    }

    /// # Errors
    /// [`StoreError::NotFound`] when the agency has no such plan (another agency's
    /// plan included); database errors.
    pub async fn get_action_plan(
        &self,
        agency: AgencyId,
        id: ActionPlanId,
    ) -> StoreResult<ActionPlan> {
        fetch(self.lease().await?.conn(), agency, id, Lock::None)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// The plan whose years include `fiscal_year`, if any (plans never overlap).
    ///
    /// # Errors
    /// Database errors, or a stored row this build cannot read.
    pub async fn action_plan_covering(
        &self,
        agency: AgencyId,
        fiscal_year: i32,
    ) -> StoreResult<Option<ActionPlan>> {
        let mut lease = self.lease().await?;
        let mut conn = lease.conn();
        let row: Option<PlanRow> = on_conn!(&mut conn, |c| {
            sqlx::query_as(concat!(
                select_plan!(),
                " WHERE agency_id = $1 AND first_year <= $2 AND last_year >= $2 \
                 ORDER BY first_year, id LIMIT 1"
            ))
            .bind(agency.0)
            .bind(fiscal_year)
            .fetch_optional(&mut **c)
            .await
        })?;
        match row {
            Some(row) => with_tree(&mut conn, row).await.map(Some),
            None => Ok(None),
        }
    }

    /// Saves the whole plan over version `plan.version`, the one the user loaded
    /// (0 for a new plan): the header and, replaced in the same transaction, its
    /// dimensions, missions, projects and budgets. Returns what was stored, with
    /// the next version.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the agency has no plan of that id (for a
    /// version other than 0); [`StoreError::Stale`] when someone else saved it
    /// since it was loaded; [`StoreError::Conflict`] on `first_year` when its
    /// years overlap another plan of the agency (on `id` for an id of another
    /// plan's part); [`StoreError::InUse`] (`follow_ups`) when a project that has
    /// follow-ups would disappear; [`StoreError::Invalid`] for an owner department
    /// that is not the agency's. Nothing is written in any of these cases.
    pub async fn save_action_plan(
        &self,
        actor: Actor,
        plan: &ActionPlan,
    ) -> StoreResult<ActionPlan> {
        let agency = plan.agency_id;
        let mut tx = self.write().await?;
        lock_agency(tx.conn(), agency, AgencyLock::Exclusive).await?;
        versioned::save_whole(
            tx,
            actor,
            plan,
            async |tx| {
                refuse_overlap(tx, plan).await?;
                let stored = ActionPlan {
                    version: 1,
                    ..plan.clone()
                };
                insert(tx, &stored).await
            },
            async |tx| {
                refuse_overlap(tx, plan).await?;
                ensure_followed_projects_kept(tx.conn(), plan).await?;
                update_header(tx, plan).await?;
                delete_tree(tx, agency, plan.id).await?;
                write_tree(tx, plan).await
            },
        )
        .await
    }

    /// Deletes the plan with its follow-ups, auditing each.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the agency has no such plan.
    pub async fn delete_action_plan(
        &self,
        actor: Actor,
        agency: AgencyId,
        id: ActionPlanId,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        lock_agency(tx.conn(), agency, AgencyLock::Exclusive).await?;
        let before = fetch(tx.conn(), agency, id, Lock::ForUpdate)
            .await?
            .ok_or(StoreError::NotFound)?;
        let reports = follow_ups::delete_of_plan(&mut tx, agency, id).await?;
        delete_tree(&mut tx, agency, id).await?;
        on_conn!(tx.conn(), |c| {
            sqlx::query("DELETE FROM action_plans WHERE agency_id = $1 AND id = $2")
                .bind(agency.0)
                .bind(id.0)
                .execute(c)
                .await
                .map(|r| r.rows_affected())
        })?;
        for r in &reports {
            let change = Change::delete(
                follow_ups::ENTITY,
                Some(agency),
                follow_ups::entity_id(r),
                r.audit_image()?,
            );
            audit::record(tx.conn(), actor, change).await?;
        }
        let change = Change::delete(ENTITY, Some(agency), id.to_string(), before.audit_image()?);
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await
    }
}

/// [`StoreError::Conflict`] on `first_year` when the plan's years overlap another
/// plan of the agency.
async fn refuse_overlap(tx: &mut Tx, plan: &ActionPlan) -> StoreResult<()> {
    if overlaps(tx.conn(), plan).await? {
        return Err(StoreError::Conflict {
            field: "first_year".to_owned(),
        });
    }
    Ok(())
}

/// Writes the header's content over version `plan.version`, the next version.
async fn update_header(tx: &mut Tx, plan: &ActionPlan) -> StoreResult<()> {
    let intro = to_json(&plan.intro)?;
    let targets = to_json(&plan.targets)?;
    let updated = on_conn!(tx.conn(), |c| {
        sqlx::query(
            "UPDATE action_plans SET first_year = $4, last_year = $5, title = $6, \
             preface = $7, preface_date = $8, intro_json = $9, targets_json = $10, \
             version = version + 1 \
             WHERE agency_id = $1 AND id = $2 AND version = $3",
        )
        .bind(plan.agency_id.0)
        .bind(plan.id.0)
        .bind(plan.version)
        .bind(plan.first_year)
        .bind(plan.last_year)
        .bind(&plan.title)
        .bind(&plan.preface)
        .bind(plan.preface_date)
        .bind(&intro)
        .bind(&targets)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    if updated == 0 {
        return Err(StoreError::Stale);
    }
    Ok(())
}
