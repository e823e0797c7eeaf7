//! Totals of an action plan: per mission, dimension and fiscal year, and for the
//! whole plan, with the number of projects at each level. Always computed from the
//! projects' budgets, never typed, so the summary table of part 2 adds up.

use serde::Serialize;

use crate::model::{DimensionId, MissionId};
use crate::thai::numbers::Baht;

use super::plan::ActionPlan;

/// An amount in one fiscal year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct YearAmount {
    pub fiscal_year: i32,
    pub amount: Baht,
}

/// The totals of one node of the plan (a mission, a dimension, the plan).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeTotals {
    pub projects: usize,
    /// One entry per fiscal year of the plan, in order.
    pub per_year: Vec<YearAmount>,
    pub total: Baht,
}

/// Every total the plan's documents print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanTotals {
    pub missions: Vec<(MissionId, NodeTotals)>,
    pub dimensions: Vec<(DimensionId, NodeTotals)>,
    pub plan: NodeTotals,
}

impl PlanTotals {
    /// The totals of one mission.
    #[must_use]
    pub fn mission(&self, id: MissionId) -> Option<&NodeTotals> {
        self.missions.iter().find(|(m, _)| *m == id).map(|(_, t)| t)
    }

    /// The totals of one dimension.
    #[must_use]
    pub fn dimension(&self, id: DimensionId) -> Option<&NodeTotals> {
        self.dimensions
            .iter()
            .find(|(d, _)| *d == id)
            .map(|(_, t)| t)
    }
}

fn empty(years: &[i32]) -> NodeTotals {
    NodeTotals {
        projects: 0,
        per_year: years
            .iter()
            .map(|y| YearAmount {
                fiscal_year: *y,
                amount: Baht::ZERO,
            })
            .collect(),
        total: Baht::ZERO,
    }
}

fn add(into: &mut NodeTotals, from: &NodeTotals) {
    into.projects += from.projects;
    for (a, b) in into.per_year.iter_mut().zip(&from.per_year) {
        a.amount = Baht(a.amount.0 + b.amount.0);
    }
    into.total = Baht(into.total.0 + from.total.0);
}

/// Adds up the plan. Budgets of years outside the plan are not counted (validation
/// refuses them anyway).
#[must_use]
pub fn plan_totals(plan: &ActionPlan) -> PlanTotals {
    let years = plan.years();
    let mut missions = Vec::new();
    let mut dimensions = Vec::new();
    let mut whole = empty(&years);
    for dimension in &plan.dimensions {
        let mut dim = empty(&years);
        for mission in &dimension.missions {
            let mut mis = empty(&years);
            for project in &mission.projects {
                mis.projects += 1;
                for cell in &mut mis.per_year {
                    let amount = project.budget(cell.fiscal_year).amount();
                    cell.amount = Baht(cell.amount.0 + amount.0);
                    mis.total = Baht(mis.total.0 + amount.0);
                }
            }
            add(&mut dim, &mis);
            missions.push((mission.id, mis));
        }
        add(&mut whole, &dim);
        dimensions.push((dimension.id, dim));
    }
    PlanTotals {
        missions,
        dimensions,
        plan: whole,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action_plan::plan::tests::two_dimension_plan;

    #[test]
    fn totals_add_up_at_every_level() {
        let plan = two_dimension_plan();
        let totals = plan_totals(&plan);
        let first = totals.dimension(plan.dimensions[0].id).unwrap();
        assert_eq!(first.projects, 2);
        assert_eq!(first.per_year[0].amount, Baht(1_000_000));
        assert_eq!(first.per_year[1].amount, Baht(1_200_000));
        assert_eq!(first.total, Baht(2_200_000));
        assert_eq!(totals.plan.projects, 3);
        assert_eq!(totals.plan.per_year[0].amount, Baht(1_550_000));
        assert_eq!(totals.plan.total, Baht(2_750_000));
        let sum_of_years: i64 = totals.plan.per_year.iter().map(|y| y.amount.0).sum();
        assert_eq!(sum_of_years, totals.plan.total.0);
    }
}
