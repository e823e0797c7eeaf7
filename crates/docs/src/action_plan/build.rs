//! Fills an [`ActionPlanDocument`] from the plan, its totals, the risk assessment
//! and the agency: pure, so the web page, the command line and the tests make the
//! same document from the same data.

use prongsai_core::action_plan::{
    ActionPlan, Budget, ListItem, NodeTotals, Project, plan_totals, text_blocks,
};
use prongsai_core::risk::RiskAssessment;
use prongsai_core::thai::calendar::format_date_long;
use prongsai_core::thai::digits::digits_for;
use prongsai_core::thai::numbers::{Baht, format_integer};

use super::{
    ActionPlanDocument, DimensionSection, MissionSection, ProjectSection, RiskRow, TargetRow,
    TotalsRow,
};
use crate::agency::DocumentAgency;

/// What a project without money of its own says in part 3.
const NO_BUDGET: &str = "ไม่ใช้งบประมาณ";

/// The agency's choice of digits, applied to the numbers and text the plan
/// composes; what the user typed (titles, names, owners, paragraphs and their
/// list markers) prints as typed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Digits(pub(crate) bool);

impl Digits {
    /// Text composed here (never what a user typed, which prints as typed).
    pub(crate) fn text(self, text: &str) -> String {
        digits_for(text, self.0)
    }

    /// A count or a year.
    pub(crate) fn number(self, n: impl ToString) -> String {
        digits_for(&n.to_string(), self.0)
    }

    /// Money as the plans print it: whole baht without decimals ("๒๐,๐๐๐"),
    /// satang only when there are some, "-" for nothing.
    pub(crate) fn money(self, amount: Baht) -> String {
        if amount == Baht::ZERO {
            return "-".to_owned();
        }
        let text = if amount.satang_part() == 0 {
            format_integer(amount.whole_baht())
        } else {
            amount.to_string()
        };
        self.text(&text)
    }
}

/// Non-empty entries as list items marked "1)", "2)" … (or "1." … with
/// `closer` "."), in the document's digits; a single entry goes unmarked, as the
/// seed prints a lone objective or outcome.
fn marked_items(items: &[String], closer: &str, digits: Digits) -> Vec<ListItem> {
    let items: Vec<&str> = items
        .iter()
        .map(|item| item.trim())
        .filter(|item| !item.is_empty())
        .collect();
    let single = items.len() == 1;
    items
        .into_iter()
        .enumerate()
        .map(|(index, text)| ListItem {
            marker: if single {
                String::new()
            } else {
                digits.number(format!("{}{closer}", index + 1))
            },
            text: text.to_owned(),
        })
        .collect()
}

fn totals_row(totals: &NodeTotals, digits: Digits) -> TotalsRow {
    TotalsRow {
        projects: digits.number(totals.projects),
        amounts: totals
            .per_year
            .iter()
            .map(|year| digits.money(year.amount))
            .collect(),
        total: digits.money(totals.total),
    }
}

fn risk_rows(assessment: &RiskAssessment, digits: Digits) -> Vec<RiskRow> {
    assessment
        .areas
        .iter()
        .enumerate()
        .map(|(index, area)| {
            let events: Vec<String> = area.events.iter().map(|e| e.text.clone()).collect();
            let controls: Vec<String> = area.controls.iter().map(|c| c.text.clone()).collect();
            RiskRow {
                number: digits.number(index + 1),
                process: area.process.clone(),
                events: marked_items(&events, ".", digits),
                levels: area
                    .events
                    .iter()
                    .filter(|e| !e.text.trim().is_empty())
                    .map(
                        |event| match (event.level(&assessment.bands), event.score()) {
                            (Some(level), Some(score)) => {
                                digits.text(&format!("{} ({score})", level.label_th()))
                            }
                            (Some(level), None) => level.label_th().to_owned(),
                            (None, _) => "-".to_owned(),
                        },
                    )
                    .collect(),
                controls: marked_items(&controls, ".", digits),
            }
        })
        .collect()
}

/// "ปีงบประมาณ พ.ศ. 2566 - 2570", or one year.
fn period(first: i32, last: i32) -> String {
    if first == last {
        format!("ปีงบประมาณ พ.ศ. {first}")
    } else {
        format!("ปีงบประมาณ พ.ศ. {first} - {last}")
    }
}

fn budget_lines(project: &Project, digits: Digits) -> Vec<String> {
    if project.uses_no_budget() {
        return vec![NO_BUDGET.to_owned()];
    }
    (project.first_year..=project.last_year)
        .map(|year| {
            let amount = match project.budget(year) {
                Budget::Amount(amount) if amount != Baht::ZERO => {
                    format!("งบประมาณ {} บาท", digits.money(amount))
                }
                _ => NO_BUDGET.to_owned(),
            };
            format!(
                "{} {amount}",
                digits.text(&format!("ปีงบประมาณ พ.ศ. {year}"))
            )
        })
        .collect()
}

fn owner(project: &Project, agency: &DocumentAgency) -> String {
    let department = project
        .owner_department
        .and_then(|id| agency.department_name(id))
        .unwrap_or_default();
    let text = project.owner_text.trim();
    match (department.is_empty(), text.is_empty()) {
        (true, true) => "-".to_owned(),
        (false, true) => department.to_owned(),
        (true, false) => text.to_owned(),
        (false, false) if text.contains(department) => text.to_owned(),
        (false, false) => format!("{department} {text}"),
    }
}

fn project_section(
    number: usize,
    project: &Project,
    years: &[i32],
    agency: &DocumentAgency,
    digits: Digits,
) -> ProjectSection {
    let total = Baht(
        years
            .iter()
            .map(|year| project.budget(*year).amount().0)
            .sum(),
    );
    ProjectSection {
        number: digits.number(number),
        kind: project.kind.label_th().to_owned(),
        name: project.display_name(),
        budgets: years
            .iter()
            .map(|year| digits.money(project.budget(*year).amount()))
            .collect(),
        total: digits.money(total),
        rationale: text_blocks(&project.rationale),
        objectives: marked_items(&project.objectives, ")", digits),
        target_group: text_blocks(&project.target_group),
        methods: marked_items(&project.methods, ")", digits),
        period: digits.text(&period(project.first_year, project.last_year)),
        budget_lines: budget_lines(project, digits),
        owner: owner(project, agency),
        outputs: marked_items(&project.outputs, ")", digits),
        outcomes: marked_items(&project.outcomes, ")", digits),
        indicators: marked_items(&project.indicators, ")", digits),
    }
}

/// The plan as a document: its introduction, the risk table of `risk` (the
/// assessment part 1 prints; none leaves a note), the summary with every total
/// from [`plan_totals`], and a section per project. Owner departments are named
/// from `agency`; its `thai_digits` chooses the digits throughout.
#[must_use]
pub fn action_plan_document(
    plan: &ActionPlan,
    risk: Option<&RiskAssessment>,
    agency: &DocumentAgency,
) -> ActionPlanDocument {
    let digits = Digits(agency.thai_digits);
    let years = plan.years();
    let totals = plan_totals(plan);
    let mut running = 0;
    let dimensions = plan
        .dimensions
        .iter()
        .enumerate()
        .map(|(d, dimension)| DimensionSection {
            number: digits.number(d + 1),
            title: dimension.title.clone(),
            missions: dimension
                .missions
                .iter()
                .enumerate()
                .map(|(m, mission)| MissionSection {
                    number: digits.number(format!("{}.{}", d + 1, m + 1)),
                    title: mission.title.clone(),
                    projects: mission
                        .projects
                        .iter()
                        .map(|project| {
                            running += 1;
                            project_section(running, project, &years, agency, digits)
                        })
                        .collect(),
                })
                .collect(),
            // plan_totals lists the dimensions in the plan's order.
            total: totals_row(&totals.dimensions[d].1, digits),
        })
        .collect();
    ActionPlanDocument {
        agency_name: agency.name.clone(),
        title: plan.title.clone(),
        years_label: digits.text(&format!("({})", plan.years_label())),
        years: years.iter().map(|year| digits.number(year)).collect(),
        preface: text_blocks(&plan.preface),
        preface_date: plan
            .preface_date
            .map(|date| format_date_long(date, agency.thai_digits))
            .unwrap_or_default(),
        risk_year: risk
            .map(|r| digits.number(r.fiscal_year))
            .unwrap_or_default(),
        risks: risk.map(|r| risk_rows(r, digits)).unwrap_or_default(),
        rationale: text_blocks(&plan.intro.rationale),
        objectives: text_blocks(&plan.intro.objectives),
        goals: text_blocks(&plan.intro.goals),
        targets: plan
            .targets
            .iter()
            .map(|target| TargetRow {
                heading: digits.text(&target.heading()),
                values: years
                    .iter()
                    .map(|year| {
                        target
                            .value_text(*year)
                            .map_or_else(|| "-".to_owned(), |v| digits.text(&v))
                    })
                    .collect(),
            })
            .collect(),
        benefits: text_blocks(&plan.intro.benefits),
        dimensions,
        total: totals_row(&totals.plan, digits),
        thai_digits: agency.thai_digits,
    }
}
