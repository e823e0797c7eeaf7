//! Follow-up reports of the demo action plan (`demo/follow-ups/*.json`,
//! compiled in), so that its half-year and annual follow-up report
//! (`plan-report`) has something to print. The seed documents hold no
//! follow-up of อบต.บางแค's plan, so these are fictional and say so in their
//! `source`: what a department head would plausibly have reported on each
//! project, some of them late or not started, none spending money (the seed's
//! projects are all ไม่ใช้งบประมาณ).
//!
//! A file names a project by its running number in the plan (1, 2, … as part 2
//! numbers them) and a status by its code. Every report is checked as the
//! follow-up form checks it, and a round is loaded only when nobody has reported
//! on the plan in it yet, so loading never touches what a user entered.

use prongsai_core::action_plan::{ActionPlan, FollowUp};
use prongsai_core::measures::ProgressStatus;
use prongsai_core::thai::fiscal::ReportingRound;
use prongsai_store::{Actor, Store};
use serde::Deserialize;

use crate::error::CliError;

/// The follow-ups of อบต.บางแค's plan.
const FOLLOW_UP_FILES: [(&str, &str); 1] = [(
    "bangkhae-2566.json",
    include_str!("../../demo/follow-ups/bangkhae-2566.json"),
)];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FollowUpFile {
    /// The agency's code in `demo/agencies.json`.
    agency: String,
    /// Where the reports come from (here: that they are made up).
    source: String,
    fiscal_year: i32,
    rounds: Vec<RoundFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoundFile {
    round: ReportingRound,
    reports: Vec<ReportFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportFile {
    /// The project's running number in the plan.
    project: usize,
    /// `not_started`, `in_progress` or `done`.
    status: String,
    #[serde(default)]
    done: String,
    #[serde(default)]
    outputs_achieved: String,
    #[serde(default)]
    problems: String,
    #[serde(default)]
    suggestions: String,
}

/// Loads each round of each file whose plan has no report in that round yet.
pub(crate) async fn ensure_demo_follow_ups(store: &Store) -> Result<(), CliError> {
    for (name, text) in FOLLOW_UP_FILES {
        let file: FollowUpFile = serde_json::from_str(text)
            .map_err(|e| CliError::failure(format!("ข้อมูลติดตามผลสาธิต {name} เสียหาย: {e}")))?;
        let fail = |message: String| {
            CliError::failure(format!(
                "ข้อมูลติดตามผลสาธิต {name} ({}): {message}",
                file.source
            ))
        };
        let Some(agency) = store.find_agency_by_code(&file.agency).await? else {
            return Err(fail(format!("ไม่มีหน่วยงานรหัส {}", file.agency)));
        };
        let Some(plan) = store
            .action_plan_covering(agency.id, file.fiscal_year)
            .await?
        else {
            return Err(fail(format!(
                "ไม่มีแผนที่ครอบคลุมปีงบประมาณ {}",
                file.fiscal_year
            )));
        };
        for round in &file.rounds {
            let reported = store
                .list_follow_ups(agency.id, plan.id, file.fiscal_year, round.round)
                .await?;
            if !reported.is_empty() {
                continue;
            }
            for report in &round.reports {
                let follow_up =
                    build_follow_up(&plan, file.fiscal_year, round.round, report).map_err(fail)?;
                store.save_follow_up(Actor::default(), &follow_up).await?;
            }
        }
    }
    Ok(())
}

/// One report as the follow-up form would store it; the message names the project.
fn build_follow_up(
    plan: &ActionPlan,
    fiscal_year: i32,
    round: ReportingRound,
    report: &ReportFile,
) -> Result<FollowUp, String> {
    let place = format!("รอบ {} โครงการที่ {}", round.label_th(), report.project);
    let project = plan
        .numbered_projects()
        .find(|(number, ..)| *number == report.project)
        .map(|(.., p)| p.id)
        .ok_or_else(|| format!("{place}: ไม่มีโครงการลำดับนี้ในแผน"))?;
    let status = ProgressStatus::from_code(&report.status)
        .ok_or_else(|| format!("{place}: ไม่รู้จักสถานะ {}", report.status))?;
    let follow_up = FollowUp {
        status,
        done: report.done.clone(),
        outputs_achieved: report.outputs_achieved.clone(),
        problems: report.problems.clone(),
        suggestions: report.suggestions.clone(),
        ..FollowUp::new(plan, project, fiscal_year, round)
    };
    follow_up
        .validate(plan)
        .map_err(|errors| format!("{place}: {errors}"))?;
    Ok(follow_up)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::action_plans::built_demo_plan;

    #[test]
    fn every_report_builds_against_the_demo_plan_and_each_round_has_content() {
        let plan = built_demo_plan();
        for (name, text) in FOLLOW_UP_FILES {
            let file: FollowUpFile = serde_json::from_str(text).unwrap();
            assert!(file.source.contains("สมมุติ"), "{name} says it is made up");
            assert!(plan.covers(file.fiscal_year));
            for round in &file.rounds {
                assert!(!round.reports.is_empty());
                for report in &round.reports {
                    let built = build_follow_up(&plan, file.fiscal_year, round.round, report)
                        .unwrap_or_else(|e| panic!("{name}: {e}"));
                    assert!(
                        built.status == ProgressStatus::NotStarted || !built.done.is_empty(),
                        "{name}: a started project says what was done"
                    );
                }
            }
        }
    }
}
