//! The multi-year anti-corruption action plan (แผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับ
//! คุณธรรมและความโปร่งใส) and its follow-up.
//!
//! A plan covers a range of fiscal years (five by default, พ.ศ. 2566–2570 in the
//! seed). It holds an introduction (preface, rationale, objectives, goals, benefits),
//! targets per year, and dimensions (มิติ) → missions (ภารกิจ, numbered 1.1, 1.2 …)
//! → projects (โครงการ/กิจกรรม/มาตรการ) with a budget per fiscal year. Numbers and
//! totals are never stored: they follow from the order of things and the budgets,
//! so a plan whose columns do not add up cannot exist.
//!
//! Each project is followed up per fiscal year and round (half year, full year):
//! status, what was done, money spent against the budget, outputs achieved,
//! problems and suggestions.

mod budget;
mod follow_up;
mod plan;
mod template;
mod text;
mod totals;

pub use budget::{Budget, parse_budget};
pub use follow_up::{FollowUp, FollowUpSummary, follow_up_summary};
pub use plan::{
    ActionPlan, DEFAULT_PLAN_YEARS, Dimension, IntroSections, Mission, PlanTarget, Project,
    ProjectKind, TargetKind, YearBudget, YearValue, copy_plan,
};
pub use template::{TEMPLATE_VERIFIED, local_government_template};
pub use text::{ListItem, TextBlock, text_blocks};
pub use totals::{NodeTotals, PlanTotals, YearAmount, plan_totals};
