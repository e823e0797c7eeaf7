//! The writes that cross the tables of the measures cycle: deleting a topic or a
//! measure takes its measures, progress and evidence rows with it, and copying a
//! plan to a new year writes topics and measures together. They live here, above
//! `topics`, `measures`, `progress` and `evidence_files`, so that none of those
//! needs another's rows and the modules import each other in one direction only.

use prongsai_core::measures::{EvidenceFile, Measure, Topic, copy_plan_to_year};
use prongsai_core::model::{AgencyId, MeasureId, TopicId};

use crate::audit::{self, Audited as _, Change};
use crate::cycle::lock_agency;
use crate::cycle::{evidence_files, measures, progress, topics};
use crate::dialect::{AgencyLock, Lock};
use crate::pool::{Tx, on_conn};
use crate::{Actor, Store, StoreError, StoreResult};

/// Deletes one measure with its evidence rows and progress, auditing each row;
/// returns the evidence rows. Leaves the positions of its topic to the caller.
async fn delete_measure_rows(
    tx: &mut Tx,
    actor: Actor,
    m: &Measure,
) -> StoreResult<Vec<EvidenceFile>> {
    let agency = m.agency_id;
    let files = evidence_files::of_measure(tx.conn(), agency, m.id).await?;
    let reports = progress::of_measure(tx.conn(), agency, m.id).await?;
    for sql in [
        "DELETE FROM evidence_files WHERE agency_id = $1 AND measure_id = $2",
        "DELETE FROM measure_progress WHERE agency_id = $1 AND measure_id = $2",
        "DELETE FROM measure_owner_departments WHERE agency_id = $1 AND measure_id = $2",
        "DELETE FROM measures WHERE agency_id = $1 AND id = $2",
    ] {
        on_conn!(tx.conn(), |c| {
            sqlx::query(sql)
                .bind(agency.0)
                .bind(m.id.0)
                .execute(c)
                .await
                .map(|r| r.rows_affected())
        })?;
    }
    let mut changes = Vec::with_capacity(files.len() + reports.len() + 1);
    for f in &files {
        changes.push(Change::delete(
            evidence_files::ENTITY,
            Some(agency),
            f.id.to_string(),
            f.audit_image()?,
        ));
    }
    for p in &reports {
        changes.push(Change::delete(
            progress::ENTITY,
            Some(agency),
            progress::entity_id(p.measure_id, p.round),
            p.audit_image()?,
        ));
    }
    changes.push(Change::delete(
        measures::ENTITY,
        Some(agency),
        m.id.to_string(),
        m.audit_image()?,
    ));
    for change in changes {
        audit::record(tx.conn(), actor, change).await?;
    }
    Ok(files)
}

impl Store {
    /// Deletes the measure with its progress and evidence rows (each audited) and
    /// closes the gap in its topic. Returns the evidence rows removed, so the
    /// caller deletes their files.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the agency has no such measure.
    pub async fn delete_measure(
        &self,
        actor: Actor,
        agency: AgencyId,
        id: MeasureId,
    ) -> StoreResult<Vec<EvidenceFile>> {
        let mut tx = self.write().await?;
        lock_agency(tx.conn(), agency, AgencyLock::Exclusive).await?;
        let before = measures::fetch(tx.conn(), agency, id, Lock::ForUpdate)
            .await?
            .ok_or(StoreError::NotFound)?;
        let removed = delete_measure_rows(&mut tx, actor, &before).await?;
        measures::shift(
            tx.conn(),
            agency,
            before.topic_id,
            (before.position + 1, i32::MAX),
            -1,
        )
        .await?;
        tx.commit().await?;
        Ok(removed)
    }

    /// Deletes the topic with its measures, their progress and their evidence
    /// rows (each audited), and closes the gap it leaves. Returns the evidence
    /// rows removed, so the caller deletes their files.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the agency has no such topic.
    pub async fn delete_topic(
        &self,
        actor: Actor,
        agency: AgencyId,
        id: TopicId,
    ) -> StoreResult<Vec<EvidenceFile>> {
        let mut tx = self.write().await?;
        lock_agency(tx.conn(), agency, AgencyLock::Exclusive).await?;
        let before = topics::fetch(tx.conn(), agency, id, Lock::ForUpdate)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut removed = Vec::new();
        for m in measures::of_topic(tx.conn(), agency, id).await? {
            removed.extend(delete_measure_rows(&mut tx, actor, &m).await?);
        }
        on_conn!(tx.conn(), |c| {
            sqlx::query("DELETE FROM measure_topics WHERE agency_id = $1 AND id = $2")
                .bind(agency.0)
                .bind(id.0)
                .execute(c)
                .await
                .map(|r| r.rows_affected())
        })?;
        topics::shift(
            tx.conn(),
            agency,
            before.fiscal_year,
            (before.position + 1, i32::MAX),
            -1,
        )
        .await?;
        let change = Change::delete(
            topics::ENTITY,
            Some(agency),
            id.to_string(),
            before.audit_image()?,
        );
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await?;
        Ok(removed)
    }

    /// Copies the plan of fiscal year `from` into `to` (fresh ids, same order and
    /// content, version 1, date timeframes moved by the years between); returns
    /// the number of measures copied. Progress, evidence and approvals stay with
    /// `from`.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] on `fiscal_year` when `to` already has topics;
    /// [`StoreError::Invalid`] when `from` has none.
    pub async fn copy_plan(
        &self,
        actor: Actor,
        agency: AgencyId,
        from: i32,
        to: i32,
    ) -> StoreResult<usize> {
        let mut tx = self.write().await?;
        lock_agency(tx.conn(), agency, AgencyLock::Exclusive).await?;
        if !topics::of_year(tx.conn(), agency, to).await?.is_empty() {
            return Err(StoreError::Conflict {
                field: "fiscal_year".to_owned(),
            });
        }
        let old_topics: Vec<Topic> = topics::of_year(tx.conn(), agency, from).await?;
        if old_topics.is_empty() {
            return Err(StoreError::Invalid(format!(
                "fiscal year {from} has no plan to copy"
            )));
        }
        let old_measures = measures::of_year(tx.conn(), agency, from).await?;
        let (new_topics, new_measures) = copy_plan_to_year(&old_topics, &old_measures, to);
        for t in &new_topics {
            topics::insert(tx.conn(), t).await?;
            let change = Change::create(
                topics::ENTITY,
                Some(agency),
                t.id.to_string(),
                t.audit_image()?,
            );
            audit::record(tx.conn(), actor, change).await?;
        }
        for m in &new_measures {
            measures::insert(&mut tx, m).await?;
            let change = Change::create(
                measures::ENTITY,
                Some(agency),
                m.id.to_string(),
                m.audit_image()?,
            );
            audit::record(tx.conn(), actor, change).await?;
        }
        tx.commit().await?;
        Ok(new_measures.len())
    }
}
