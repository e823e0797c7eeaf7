//! The follow-up of a project in one fiscal year and round (รายงานการกำกับติดตาม
//! ผลการดำเนินการตามแผนปฏิบัติการฯ รอบ 6 เดือน / ประจำปี): status, what was done, money
//! spent against the budget, outputs achieved, problems and suggestions.

use serde::{Deserialize, Serialize};

use crate::measures::ProgressStatus;
use crate::model::{ActionPlanId, AgencyId, ProjectId};
use crate::thai::fiscal::ReportingRound;
use crate::thai::numbers::Baht;
use crate::validation::ValidationErrors;

use super::plan::ActionPlan;

/// What was reported for one project in one fiscal year and round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub agency_id: AgencyId,
    pub plan_id: ActionPlanId,
    pub project_id: ProjectId,
    pub fiscal_year: i32,
    pub round: ReportingRound,
    pub status: ProgressStatus,
    /// ผลการดำเนินงาน: what was done.
    #[serde(default)]
    pub done: String,
    /// งบประมาณที่ใช้ไป; `None` when no money was spent or none is reported.
    #[serde(default)]
    pub spent: Option<Baht>,
    /// ผลผลิตที่ได้.
    #[serde(default)]
    pub outputs_achieved: String,
    /// ปัญหา/อุปสรรค.
    #[serde(default)]
    pub problems: String,
    /// ข้อเสนอแนะ.
    #[serde(default)]
    pub suggestions: String,
    #[serde(default)]
    pub version: i64,
}

impl FollowUp {
    /// An empty report of a project.
    #[must_use]
    pub fn new(
        plan: &ActionPlan,
        project_id: ProjectId,
        fiscal_year: i32,
        round: ReportingRound,
    ) -> Self {
        Self {
            agency_id: plan.agency_id,
            plan_id: plan.id,
            project_id,
            fiscal_year,
            round,
            status: ProgressStatus::NotStarted,
            done: String::new(),
            spent: None,
            outputs_achieved: String::new(),
            problems: String::new(),
            suggestions: String::new(),
            version: 0,
        }
    }

    /// Checks a report against its plan. Field names: `fiscal_year`, `spent`, `done`.
    ///
    /// # Errors
    /// The problems found, in Thai.
    pub fn validate(&self, plan: &ActionPlan) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if !plan.covers(self.fiscal_year) {
            errors.add(
                "fiscal_year",
                format!("ปีงบประมาณต้องอยู่ในช่วงปีของแผน ({})", plan.years_label()),
            );
        }
        if plan.project(self.project_id).is_none() {
            errors.add("project", "ไม่พบโครงการนี้ในแผน");
        }
        if self.spent.is_some_and(Baht::is_negative) {
            errors.add("spent", "งบประมาณที่ใช้ไปต้องไม่ติดลบ");
        }
        if self.status != ProgressStatus::NotStarted && self.done.trim().is_empty() {
            errors.add("done", "กรุณากรอกผลการดำเนินงาน");
        }
        errors.into_result()
    }
}

/// How far a plan's projects got in one fiscal year and round.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FollowUpSummary {
    pub projects: usize,
    pub done: usize,
    pub in_progress: usize,
    pub not_started: usize,
    /// The year's budget of every project.
    pub budget: Baht,
    /// What the reports say was spent.
    pub spent: Baht,
}

/// Counts the reports of one fiscal year and round against the plan; a project
/// without a report counts as not started.
#[must_use]
pub fn follow_up_summary(
    plan: &ActionPlan,
    reports: &[FollowUp],
    fiscal_year: i32,
    round: ReportingRound,
) -> FollowUpSummary {
    let mut summary = FollowUpSummary::default();
    for (_, _, _, project) in plan.numbered_projects() {
        if !(project.first_year..=project.last_year).contains(&fiscal_year) {
            continue;
        }
        summary.projects += 1;
        summary.budget = Baht(summary.budget.0 + project.budget(fiscal_year).amount().0);
        let report = reports.iter().find(|r| {
            r.project_id == project.id && r.fiscal_year == fiscal_year && r.round == round
        });
        match report.map_or(ProgressStatus::NotStarted, |r| r.status) {
            ProgressStatus::Done => summary.done += 1,
            ProgressStatus::InProgress => summary.in_progress += 1,
            ProgressStatus::NotStarted => summary.not_started += 1,
        }
        if let Some(spent) = report.and_then(|r| r.spent) {
            summary.spent = Baht(summary.spent.0 + spent.0);
        }
    }
    summary
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action_plan::plan::tests::two_dimension_plan;

    #[test]
    fn a_report_outside_the_plan_years_or_negative_is_refused() {
        let plan = two_dimension_plan();
        let project = plan.dimensions[0].missions[0].projects[0].id;
        let mut report = FollowUp::new(&plan, project, 2575, ReportingRound::HalfYear);
        report.spent = Some(Baht(-1));
        report.status = ProgressStatus::Done;
        let errors = report.validate(&plan).unwrap_err();
        for field in ["fiscal_year", "spent", "done"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }

    #[test]
    fn summary_counts_missing_reports_as_not_started() {
        let plan = two_dimension_plan();
        let first = plan.dimensions[0].missions[0].projects[0].id;
        let mut report = FollowUp::new(&plan, first, 2566, ReportingRound::FullYear);
        report.status = ProgressStatus::Done;
        report.done = "อบรมแล้ว ๒ ครั้ง".into();
        report.spent = Some(Baht(900_000));
        let summary = follow_up_summary(&plan, &[report], 2566, ReportingRound::FullYear);
        assert_eq!(
            (summary.projects, summary.done, summary.not_started),
            (3, 1, 2)
        );
        assert_eq!(summary.budget, Baht(1_550_000));
        assert_eq!(summary.spent, Baht(900_000));
        let half = follow_up_summary(&plan, &[], 2566, ReportingRound::HalfYear);
        assert_eq!(half.done, 0);
    }
}
