//! The measures cycle: topics and their measures, progress per round with its
//! evidence files, round approvals and the plan's memo. What its modules share
//! is here: the agency lock their writes take, the stored codes of rounds, and
//! audit images.
//!
//! Positions and approvals are decided by reading before writing (the last
//! position of a topic, whether a round is approved). On SQLite the write
//! transaction already excludes every other writer; on PostgreSQL the agency's
//! row is locked, shared by reporting writes and exclusive for plan order and
//! approvals, so what a write read stays true until it commits.

pub(crate) mod approvals;
pub(crate) mod evidence_files;
pub(crate) mod measures;
mod plan;
pub(crate) mod plan_memos;
pub(crate) mod progress;
pub(crate) mod topics;

use prongsai_core::model::AgencyId;
use prongsai_core::thai::fiscal::ReportingRound;
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use crate::dialect::AgencyLock;
use crate::pool::{Conn, on_conn};
use crate::{StoreError, StoreResult};

/// Takes `lock` on the agency's measures cycle until the transaction ends. An
/// agency that does not exist holds nothing to lock; the write's own foreign keys
/// refuse it, the same on both backends.
pub(crate) async fn lock_agency(
    conn: Conn<'_>,
    agency: AgencyId,
    lock: AgencyLock,
) -> StoreResult<()> {
    let Some(sql) = conn.backend().agency_lock(lock) else {
        return Ok(());
    };
    let _: Option<Uuid> = on_conn!(conn, |c| {
        sqlx::query_scalar(sql)
            .bind(agency.0)
            .fetch_optional(c)
            .await
    })?;
    Ok(())
}

/// The stored code of a round, the same as its JSON form.
pub(crate) fn round_code(round: ReportingRound) -> &'static str {
    match round {
        ReportingRound::HalfYear => "half_year",
        ReportingRound::FullYear => "full_year",
    }
}

/// Parses [`round_code`].
pub(crate) fn round_from_code(code: &str) -> Option<ReportingRound> {
    [ReportingRound::HalfYear, ReportingRound::FullYear]
        .into_iter()
        .find(|r| round_code(*r) == code)
}

/// How a row keyed by fiscal year and round is named in the audit log: `2568/half_year`.
pub(crate) fn year_round_id(year: i32, round: ReportingRound) -> String {
    format!("{year}/{}", round_code(round))
}

/// The JSON image of a value of the cycle for the audit trail. None of them holds
/// anything secret, so the image is the value as serialized.
pub(crate) fn image<T: Serialize>(value: &T) -> StoreResult<Value> {
    serde_json::to_value(value).map_err(|e| StoreError::Invalid(format!("audit image: {e}")))
}

/// Where a move of `offset` places takes the row at `position` among `count`
/// (positions 1..=count): the new position, the range of positions it passes
/// and the step those rows shift by. `None` when the move would leave the list
/// or not move at all.
pub(crate) fn move_plan(position: i32, offset: i32, count: i32) -> Option<(i32, (i32, i32), i32)> {
    let target = position
        .checked_add(offset)
        .filter(|t| (1..=count).contains(t) && *t != position)?;
    Some(if target < position {
        (target, (target, position - 1), 1)
    } else {
        (target, (position + 1, target), -1)
    })
}

#[cfg(test)]
mod tests {
    use super::move_plan;

    #[test]
    fn moves_pass_the_rows_between() {
        assert_eq!(move_plan(3, -1, 5), Some((2, (2, 2), 1)));
        assert_eq!(move_plan(2, 2, 5), Some((4, (3, 4), -1)));
        assert_eq!(move_plan(1, -1, 5), None);
        assert_eq!(move_plan(5, 1, 5), None);
        assert_eq!(move_plan(2, 0, 5), None);
    }
}
