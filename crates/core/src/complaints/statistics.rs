//! Complaint statistics per fiscal year, with small counts withheld for
//! corruption reports.
//!
//! An agency publishes how many complaints it received, by kind, channel, status,
//! department, quarter and month, and how many it answered in time. For corruption
//! reports a small count is itself a clue ("one report about the finance division
//! in March" names the reporter in a small office), so in protected statistics any
//! count from 1 to N−1 is shown as "น้อยกว่า N". Hiding one cell is not enough when
//! the total is shown, because the total minus the other cells gives it back; so
//! when a breakdown would hide exactly one cell, the next smallest non-zero cell is
//! withheld too ("ไม่เปิดเผย"), the usual secondary suppression of official
//! statistics. Zero is shown as zero: it names no one.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::case::{Case, CaseKind, CaseStatus, Channel};
use super::deadline::{Timeliness, timeliness};
use crate::model::DepartmentId;
use crate::thai::calendar::in_thailand;
use crate::thai::fiscal::{FiscalYear, Quarter};

/// What statistics need of one case; nothing that identifies anyone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseFacts {
    pub kind: CaseKind,
    pub channel: Channel,
    pub status: CaseStatus,
    pub department_id: Option<DepartmentId>,
    /// The Thailand date the case was received.
    pub received_on: NaiveDate,
    pub timeliness: Timeliness,
}

impl CaseFacts {
    /// The facts of `case` as they stand on `today` (a Thailand date).
    #[must_use]
    pub fn of(case: &Case, today: NaiveDate) -> Self {
        Self {
            kind: case.kind,
            channel: case.channel,
            status: case.status,
            department_id: case.department_id,
            received_on: in_thailand(case.received_at).date_naive(),
            timeliness: timeliness(case, today),
        }
    }
}

/// A count as published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "shown", content = "value", rename_all = "snake_case")]
pub enum Count {
    Exact(u32),
    /// A count from 1 to N−1, shown as "น้อยกว่า N".
    FewerThan(u32),
    /// Withheld so that a hidden count cannot be worked out from the others.
    Withheld,
}

impl Count {
    /// The count as a reader sees it.
    #[must_use]
    pub fn text_th(self) -> String {
        match self {
            Self::Exact(n) => n.to_string(),
            Self::FewerThan(n) => format!("น้อยกว่า {n}"),
            Self::Withheld => "ไม่เปิดเผย".to_owned(),
        }
    }

    /// The exact value, when it is shown.
    #[must_use]
    pub fn exact(self) -> Option<u32> {
        match self {
            Self::Exact(n) => Some(n),
            _ => None,
        }
    }
}

/// One breakdown: a row per key (every key listed, zeros included) and the total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Breakdown<K> {
    pub rows: Vec<(K, Count)>,
    pub total: Count,
}

/// A month of the fiscal year: the calendar year (C.E.) and month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

/// Whose statistics: every case, or one kind. Protection (withholding small
/// counts) is asked for separately so staff pages can show exact figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    All,
    Kind(CaseKind),
}

/// The statistics of one fiscal year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComplaintStatistics {
    pub fiscal_year: i32,
    /// `Some(N)` when counts below N are withheld.
    pub protected_below: Option<u32>,
    pub total: Count,
    pub by_kind: Breakdown<CaseKind>,
    pub by_channel: Breakdown<Channel>,
    pub by_status: Breakdown<CaseStatus>,
    /// `None` is "not yet assigned"; departments in first-seen order of `departments`.
    pub by_department: Breakdown<Option<DepartmentId>>,
    pub by_quarter: Breakdown<Quarter>,
    pub by_month: Breakdown<Month>,
    pub by_timeliness: Breakdown<Timeliness>,
    /// Cases answered in time out of cases answered, in percent; `None` when none
    /// were answered, or (protected) when fewer than N were.
    pub on_time_percent: Option<f64>,
}

/// Counts `facts` received in `year` within `scope`. `departments` lists the
/// agency's departments in display order (each gets a row, zeros included);
/// `protect_below` withholds counts from 1 to N−1.
#[must_use]
pub fn statistics(
    facts: &[CaseFacts],
    year: FiscalYear,
    scope: Scope,
    departments: &[DepartmentId],
    protect_below: Option<u32>,
) -> ComplaintStatistics {
    let chosen: Vec<&CaseFacts> = facts
        .iter()
        .filter(|f| year.contains(f.received_on))
        .filter(|f| match scope {
            Scope::All => true,
            Scope::Kind(k) => f.kind == k,
        })
        .collect();
    let kinds: Vec<CaseKind> = match scope {
        Scope::All => CaseKind::ALL.to_vec(),
        Scope::Kind(k) => vec![k],
    };
    let mut department_keys: Vec<Option<DepartmentId>> =
        departments.iter().copied().map(Some).collect();
    for f in &chosen {
        if f.department_id.is_some() && !department_keys.contains(&f.department_id) {
            department_keys.push(f.department_id);
        }
    }
    department_keys.push(None);
    let months = fiscal_months(year);
    let total = u32::try_from(chosen.len()).unwrap_or(u32::MAX);
    let answered = chosen
        .iter()
        .filter(|f| matches!(f.timeliness, Timeliness::OnTime | Timeliness::Late))
        .count();
    let on_time = chosen
        .iter()
        .filter(|f| f.timeliness == Timeliness::OnTime)
        .count();
    let enough = protect_below.is_none_or(|n| answered >= n as usize);
    #[allow(clippy::cast_precision_loss)] // counts of cases are far below 2^52
    let on_time_percent =
        (answered > 0 && enough).then(|| on_time as f64 * 100.0 / answered as f64);
    ComplaintStatistics {
        fiscal_year: year.be(),
        protected_below: protect_below,
        total: protect(total, protect_below),
        by_kind: breakdown(&chosen, &kinds, |f| f.kind, total, protect_below),
        by_channel: breakdown(&chosen, &Channel::ALL, |f| f.channel, total, protect_below),
        by_status: breakdown(
            &chosen,
            &CaseStatus::ALL,
            |f| f.status,
            total,
            protect_below,
        ),
        by_department: breakdown(
            &chosen,
            &department_keys,
            |f| f.department_id,
            total,
            protect_below,
        ),
        by_quarter: breakdown(
            &chosen,
            &Quarter::ALL,
            |f| Quarter::of(f.received_on),
            total,
            protect_below,
        ),
        by_month: breakdown(
            &chosen,
            &months,
            |f| Month {
                year: f.received_on.year(),
                month: f.received_on.month(),
            },
            total,
            protect_below,
        ),
        by_timeliness: breakdown(
            &chosen,
            &[
                Timeliness::OnTime,
                Timeliness::Late,
                Timeliness::Pending,
                Timeliness::Overdue,
            ],
            |f| f.timeliness,
            total,
            protect_below,
        ),
        on_time_percent,
    }
}

/// The twelve months of a fiscal year, October first.
fn fiscal_months(year: FiscalYear) -> Vec<Month> {
    let mut out = Vec::with_capacity(12);
    let mut date = year.start();
    while year.contains(date) {
        out.push(Month {
            year: date.year(),
            month: date.month(),
        });
        date = date
            .checked_add_months(chrono::Months::new(1))
            .expect("a month after a fiscal-year start is a valid date");
    }
    out
}

fn protect(n: u32, below: Option<u32>) -> Count {
    match below {
        Some(limit) if n > 0 && n < limit => Count::FewerThan(limit),
        _ => Count::Exact(n),
    }
}

fn breakdown<K: Copy + Ord>(
    facts: &[&CaseFacts],
    keys: &[K],
    key_of: impl Fn(&CaseFacts) -> K,
    total: u32,
    below: Option<u32>,
) -> Breakdown<K> {
    let mut counts: BTreeMap<K, u32> = keys.iter().map(|k| (*k, 0)).collect();
    for f in facts {
        if let Some(c) = counts.get_mut(&key_of(f)) {
            *c += 1;
        }
    }
    let mut rows: Vec<(K, Count)> = keys
        .iter()
        .map(|k| (*k, protect(counts[k], below)))
        .collect();
    let total = protect(total, below);
    let hidden = rows
        .iter()
        .filter(|(_, c)| matches!(c, Count::FewerThan(_)))
        .count();
    if hidden == 1 && matches!(total, Count::Exact(_)) {
        let smallest = rows
            .iter_mut()
            .filter_map(|(_, c)| c.exact().filter(|n| *n > 0).map(|n| (n, c)))
            .min_by_key(|(n, _)| *n);
        if let Some((_, cell)) = smallest {
            *cell = Count::Withheld;
        }
    }
    Breakdown { rows, total }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(kind: CaseKind, channel: Channel, on: (i32, u32, u32)) -> CaseFacts {
        CaseFacts {
            kind,
            channel,
            status: CaseStatus::Resolved,
            department_id: None,
            received_on: NaiveDate::from_ymd_opt(on.0, on.1, on.2).unwrap(),
            timeliness: Timeliness::OnTime,
        }
    }

    fn row<K: PartialEq + Copy>(b: &Breakdown<K>, key: K) -> Count {
        b.rows.iter().find(|(k, _)| *k == key).unwrap().1
    }

    #[test]
    fn counts_only_the_fiscal_year_and_scope_asked_for() {
        let facts = vec![
            fact(CaseKind::Complaint, Channel::Online, (2025, 10, 1)),
            fact(CaseKind::Complaint, Channel::Line, (2026, 9, 30)),
            fact(CaseKind::Complaint, Channel::Online, (2026, 10, 1)),
            fact(CaseKind::Corruption, Channel::Online, (2026, 1, 5)),
        ];
        let s = statistics(
            &facts,
            FiscalYear::new(2569),
            Scope::Kind(CaseKind::Complaint),
            &[],
            None,
        );
        assert_eq!(s.total, Count::Exact(2));
        assert_eq!(row(&s.by_channel, Channel::Line), Count::Exact(1));
        assert_eq!(row(&s.by_quarter, Quarter::Q1), Count::Exact(1));
        assert_eq!(row(&s.by_quarter, Quarter::Q4), Count::Exact(1));
        assert_eq!(s.by_month.rows.len(), 12);
        assert_eq!(
            s.by_month.rows[0].0,
            Month {
                year: 2025,
                month: 10
            }
        );
        assert_eq!(s.on_time_percent, Some(100.0));
    }

    #[test]
    fn small_counts_are_withheld_with_a_second_cell_when_one_would_be_derivable() {
        let mut facts = Vec::new();
        for _ in 0..12 {
            facts.push(fact(CaseKind::Corruption, Channel::Online, (2026, 2, 1)));
        }
        for _ in 0..2 {
            facts.push(fact(CaseKind::Corruption, Channel::Telephone, (2026, 2, 1)));
        }
        for _ in 0..6 {
            facts.push(fact(CaseKind::Corruption, Channel::Letter, (2026, 2, 1)));
        }
        let s = statistics(
            &facts,
            FiscalYear::new(2569),
            Scope::Kind(CaseKind::Corruption),
            &[],
            Some(5),
        );
        assert_eq!(s.total, Count::Exact(20));
        assert_eq!(row(&s.by_channel, Channel::Telephone), Count::FewerThan(5));
        assert_eq!(row(&s.by_channel, Channel::Letter), Count::Withheld);
        assert_eq!(row(&s.by_channel, Channel::Online), Count::Exact(12));
        assert_eq!(row(&s.by_channel, Channel::Line), Count::Exact(0));
        assert_eq!(Count::FewerThan(5).text_th(), "น้อยกว่า 5");
    }

    #[test]
    fn a_small_year_hides_its_total_and_its_rate() {
        let facts = vec![fact(CaseKind::Corruption, Channel::Online, (2026, 3, 1)); 3];
        let s = statistics(
            &facts,
            FiscalYear::new(2569),
            Scope::Kind(CaseKind::Corruption),
            &[],
            Some(5),
        );
        assert_eq!(s.total, Count::FewerThan(5));
        assert_eq!(row(&s.by_channel, Channel::Online), Count::FewerThan(5));
        assert_eq!(s.on_time_percent, None);
        let open = statistics(&facts, FiscalYear::new(2569), Scope::All, &[], None);
        assert_eq!(open.total, Count::Exact(3));
        assert_eq!(open.on_time_percent, Some(100.0));
    }

    #[test]
    fn every_department_gets_a_row_and_unassigned_comes_last() {
        let d = DepartmentId::new();
        let mut f = fact(CaseKind::Complaint, Channel::Online, (2026, 3, 1));
        f.department_id = Some(d);
        let s = statistics(
            &[f, fact(CaseKind::Complaint, Channel::Online, (2026, 3, 2))],
            FiscalYear::new(2569),
            Scope::All,
            &[DepartmentId::new(), d],
            None,
        );
        assert_eq!(s.by_department.rows.len(), 3);
        assert_eq!(s.by_department.rows[1], (Some(d), Count::Exact(1)));
        assert_eq!(s.by_department.rows[2], (None, Count::Exact(1)));
    }
}
