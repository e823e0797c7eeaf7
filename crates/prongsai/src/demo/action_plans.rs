//! The action plan of อบต.บางแค (พ.ศ. 2566–2570, with its corruption-risk table as
//! the assessment of fiscal year 2566) and the committee order ๙๘/๒๕๖๕ of
//! อบต.หนองปรุง with the memo that follows it, transcribed from the seed documents
//! in `shared/reference/seeds` (`demo/action-plans/*.json`, `demo/orders/*.json`,
//! compiled in), so that each document the system makes can be laid beside its seed.
//!
//! The files keep a schema of their own: departments and officials by name as
//! `demo/agencies.json` spells them, a risk control's project by its running number
//! in the plan (1, 2, … as part 2 numbers them), budgets as a user types them, and
//! list entries without their printed markers (the documents number them), a
//! sub-list kept inside its entry on lines of its own. Ids are made here and every
//! value is checked as its form would check it before anything is written.
//!
//! Loading never touches what a user made: a plan is loaded only when no plan of
//! the agency covers any of its years, an assessment only into a year without one,
//! an order only when its number is free in its year, and a memo only when its year
//! has no memo of the same number and subject.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use prongsai_core::action_plan::{
    ActionPlan, Dimension, IntroSections, Mission, PlanTarget, Project, ProjectKind, TargetKind,
    YearBudget, YearValue, parse_budget,
};
use prongsai_core::correspondence::{
    Assignment, Committee, CommitteeMember, MemberRole, Memo, MemoAcknowledgement, Order, Signer,
};
use prongsai_core::measures::ProgressStatus;
use prongsai_core::model::{
    ActionPlanId, AgencyId, ControlId, DimensionId, MemoId, MissionId, OrderId, ProjectId,
    RiskAreaId, Role, User, UserId,
};
use prongsai_core::risk::{
    Control, RiskArea, RiskAssessment, RiskBands, RiskEvent, RiskLevel, RiskRating,
};
use prongsai_core::thai::calendar::thailand_offset;
use prongsai_store::{Actor, Store};
use serde::Deserialize;

use crate::credentials::{generate_password, hash};
use crate::demo::names::Names;
use crate::error::CliError;

/// The plan of อบต.บางแค and its risk table.
const PLAN_FILES: [(&str, &str); 1] = [(
    "bangkhae-2566-2570.json",
    include_str!("../../demo/action-plans/bangkhae-2566-2570.json"),
)];

/// The order and the memo of อบต.หนองปรุง.
const ORDER_FILES: [(&str, &str); 1] = [(
    "nongprung-2565.json",
    include_str!("../../demo/orders/nongprung-2565.json"),
)];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanFile {
    /// The agency's code in `demo/agencies.json`.
    agency: String,
    /// The seed document it was transcribed from, named in error messages.
    source: String,
    first_year: i32,
    last_year: i32,
    title: String,
    preface: String,
    preface_date: Option<NaiveDate>,
    intro: IntroSections,
    targets: Vec<TargetFile>,
    dimensions: Vec<DimensionFile>,
    risk_assessment: Option<RiskFile>,
}

/// One row of the targets table, a value per year of the plan in order.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetFile {
    #[serde(default)]
    label: String,
    kind: TargetKind,
    values: Vec<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DimensionFile {
    title: String,
    missions: Vec<MissionFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MissionFile {
    title: String,
    projects: Vec<ProjectFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectFile {
    kind: ProjectKind,
    name: String,
    rationale: String,
    objectives: Vec<String>,
    target_group: String,
    methods: Vec<String>,
    first_year: i32,
    last_year: i32,
    /// Fiscal year → the budget as typed ("ไม่ใช้งบประมาณ", "1,200,000").
    #[serde(default)]
    budgets: BTreeMap<i32, String>,
    owner_department: Option<String>,
    #[serde(default)]
    owner_text: String,
    outputs: Vec<String>,
    outcomes: Vec<String>,
    #[serde(default)]
    indicators: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RiskFile {
    fiscal_year: i32,
    areas: Vec<AreaFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AreaFile {
    process: String,
    events: Vec<EventFile>,
    controls: Vec<ControlFile>,
}

/// An event with the level the seed prints beside it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EventFile {
    text: String,
    level: RiskLevel,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ControlFile {
    text: String,
    /// The running number of the plan project that carries the control out.
    project: Option<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OrderFile {
    agency: String,
    source: String,
    order: OrderBody,
    memo: Option<MemoFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OrderBody {
    year: i32,
    number: i32,
    subject: String,
    preamble: String,
    committees: Vec<CommitteeFile>,
    assignments: Vec<Assignment>,
    closing: String,
    date: Option<NaiveDate>,
    signer: SignerFile,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CommitteeFile {
    title: String,
    members: Vec<MemberFile>,
    duties: Vec<String>,
}

/// A member by position as printed, and by name when the seed names the person.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MemberFile {
    official: Option<String>,
    position: String,
    /// The role as printed; `chair`, `member` and `secretary` are the usual ones.
    role: String,
}

/// The signer as printed, with the official of that name.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SignerFile {
    official: Option<String>,
    name: String,
    #[serde(default)]
    rank: String,
    position: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MemoFile {
    year: i32,
    department: Option<String>,
    from_unit: String,
    number: String,
    date: Option<NaiveDate>,
    subject: String,
    to: String,
    body: String,
    signer: SignerFile,
    /// Only the people the seed shows as having acknowledged it.
    acknowledgements: Vec<AcknowledgementFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AcknowledgementFile {
    /// The official, by "first last" name.
    official: String,
    /// The name as printed, with its title.
    name: String,
    /// The position as printed; a line break starts a new line.
    position: String,
}

/// Loads every plan, risk table, order and memo that is not in the database yet.
pub(crate) async fn ensure_demo_action_plans(store: &Store) -> Result<(), CliError> {
    let actor = Actor::default();
    for (name, text) in PLAN_FILES {
        let file: PlanFile = serde_json::from_str(text)
            .map_err(|e| CliError::failure(format!("ข้อมูลแผนปฏิบัติการสาธิต {name} เสียหาย: {e}")))?;
        let fail = |message: String| {
            CliError::failure(format!(
                "ข้อมูลแผนปฏิบัติการสาธิต {name} ({}): {message}",
                file.source
            ))
        };
        let agency = agency_id(store, &file.agency, name).await?;
        let names = Names::of(store, agency).await?;
        let mut plan = None;
        for year in file.first_year..=file.last_year {
            if let Some(existing) = store.action_plan_covering(agency, year).await? {
                plan = Some(existing);
                break;
            }
        }
        let plan = match plan {
            Some(existing) => existing,
            None => {
                let built = build_plan(&file, agency, &names).map_err(fail)?;
                store.save_action_plan(actor, &built).await?
            }
        };
        if let Some(risk) = &file.risk_assessment
            && store
                .get_risk_assessment(agency, risk.fiscal_year)
                .await?
                .is_none()
        {
            let assessment = build_risk(risk, agency, &plan).map_err(fail)?;
            store.save_risk_assessment(actor, &assessment).await?;
        }
    }
    for (name, text) in ORDER_FILES {
        let file: OrderFile = serde_json::from_str(text)
            .map_err(|e| CliError::failure(format!("ข้อมูลคำสั่งสาธิต {name} เสียหาย: {e}")))?;
        let fail = |message: String| {
            CliError::failure(format!("ข้อมูลคำสั่งสาธิต {name} ({}): {message}", file.source))
        };
        let agency = agency_id(store, &file.agency, name).await?;
        let names = Names::of(store, agency).await?;
        if store
            .find_order(agency, file.order.year, file.order.number)
            .await?
            .is_none()
        {
            let order = build_order(&file.order, agency, &names).map_err(fail)?;
            store.save_order(actor, &order).await?;
        }
        if let Some(memo_file) = &file.memo {
            let taken = store
                .list_memos(agency, Some(memo_file.year))
                .await?
                .iter()
                .any(|m| m.number == memo_file.number && m.subject == memo_file.subject);
            if !taken {
                let memo = build_memo(memo_file, agency, &names).map_err(fail)?;
                let memo = store.save_memo(actor, &memo).await?;
                acknowledge(store, actor, &file.agency, &memo, memo_file, &names).await?;
            }
        }
    }
    Ok(())
}

async fn agency_id(store: &Store, code: &str, file: &str) -> Result<AgencyId, CliError> {
    store
        .find_agency_by_code(code)
        .await?
        .map(|a| a.id)
        .ok_or_else(|| CliError::failure(format!("ข้อมูลสาธิต {file}: ไม่มีหน่วยงานรหัส {code}")))
}

/// Turns a plan file into a checked plan; the message names the project at fault.
fn build_plan(file: &PlanFile, agency_id: AgencyId, names: &Names) -> Result<ActionPlan, String> {
    let years: Vec<i32> = (file.first_year..=file.last_year).collect();
    let targets = file
        .targets
        .iter()
        .enumerate()
        .map(|(t, target)| {
            if target.values.len() != years.len() {
                return Err(format!(
                    "ค่าเป้าหมายแถวที่ {}: ต้องมีค่าครบ {} ปี",
                    t + 1,
                    years.len()
                ));
            }
            Ok(PlanTarget {
                label: target.label.clone(),
                kind: target.kind.clone(),
                values: years
                    .iter()
                    .zip(&target.values)
                    .map(|(&fiscal_year, &value)| YearValue { fiscal_year, value })
                    .collect(),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut number = 0;
    let mut dimensions = Vec::with_capacity(file.dimensions.len());
    for d in &file.dimensions {
        let mut missions = Vec::with_capacity(d.missions.len());
        for m in &d.missions {
            let mut projects = Vec::with_capacity(m.projects.len());
            for p in &m.projects {
                number += 1;
                let project = build_project(p, names)
                    .map_err(|message| format!("โครงการลำดับที่ {number}: {message}"))?;
                projects.push(project);
            }
            missions.push(Mission {
                id: MissionId::new(),
                title: m.title.clone(),
                projects,
            });
        }
        dimensions.push(Dimension {
            id: DimensionId::new(),
            title: d.title.clone(),
            missions,
        });
    }
    let plan = ActionPlan {
        id: ActionPlanId::new(),
        agency_id,
        first_year: file.first_year,
        last_year: file.last_year,
        title: file.title.clone(),
        preface: file.preface.clone(),
        preface_date: file.preface_date,
        intro: file.intro.clone(),
        targets,
        dimensions,
        version: 0,
    };
    plan.validate().map_err(|errors| errors.to_string())?;
    Ok(plan)
}

fn build_project(p: &ProjectFile, names: &Names) -> Result<Project, String> {
    let budgets = p
        .budgets
        .iter()
        .map(|(&fiscal_year, text)| {
            parse_budget(text)
                .map(|budget| YearBudget {
                    fiscal_year,
                    budget,
                })
                .map_err(|message| format!("งบประมาณปี {fiscal_year}: {message}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Project {
        id: ProjectId::new(),
        kind: p.kind,
        name: p.name.clone(),
        rationale: p.rationale.clone(),
        objectives: p.objectives.clone(),
        target_group: p.target_group.clone(),
        methods: p.methods.clone(),
        first_year: p.first_year,
        last_year: p.last_year,
        budgets,
        owner_department: p
            .owner_department
            .as_deref()
            .map(|d| names.department(d))
            .transpose()?,
        owner_text: p.owner_text.clone(),
        outputs: p.outputs.clone(),
        outcomes: p.outcomes.clone(),
        indicators: p.indicators.clone(),
    })
}

/// The risk table, each control linked to the project of its running number in
/// `plan` (the stored plan, whose numbers a user may have changed: a number it no
/// longer has links nothing).
fn build_risk(
    file: &RiskFile,
    agency_id: AgencyId,
    plan: &ActionPlan,
) -> Result<RiskAssessment, String> {
    let projects: Vec<ProjectId> = plan.numbered_projects().map(|(_, _, _, p)| p.id).collect();
    let assessment = RiskAssessment {
        agency_id,
        fiscal_year: file.fiscal_year,
        bands: RiskBands::default(),
        areas: file
            .areas
            .iter()
            .map(|area| RiskArea {
                id: RiskAreaId::new(),
                process: area.process.clone(),
                events: area
                    .events
                    .iter()
                    .map(|e| RiskEvent {
                        text: e.text.clone(),
                        rating: RiskRating::Level { level: e.level },
                    })
                    .collect(),
                controls: area
                    .controls
                    .iter()
                    .map(|c| Control {
                        id: ControlId::new(),
                        text: c.text.clone(),
                        project: c
                            .project
                            .and_then(|n| n.checked_sub(1))
                            .and_then(|i| projects.get(i).copied()),
                        measure: None,
                        status: ProgressStatus::default(),
                        follow_up: String::new(),
                    })
                    .collect(),
            })
            .collect(),
        version: 0,
    };
    assessment
        .validate()
        .map_err(|errors| format!("การประเมินความเสี่ยงปี {}: {errors}", file.fiscal_year))?;
    Ok(assessment)
}

fn build_signer(s: &SignerFile, names: &Names) -> Result<Signer, String> {
    Ok(Signer {
        official: s
            .official
            .as_deref()
            .map(|o| names.official(o))
            .transpose()?,
        name: s.name.clone(),
        rank: s.rank.clone(),
        position: s.position.clone(),
    })
}

fn build_order(file: &OrderBody, agency_id: AgencyId, names: &Names) -> Result<Order, String> {
    let mut committees = Vec::with_capacity(file.committees.len());
    for (c, committee) in (1..).zip(&file.committees) {
        let members = committee
            .members
            .iter()
            .map(|m| {
                Ok(CommitteeMember {
                    official: m
                        .official
                        .as_deref()
                        .map(|o| names.official(o))
                        .transpose()?,
                    position: m.position.clone(),
                    role: MemberRole::from_form(&m.role)
                        .ok_or_else(|| format!("คณะที่ {c}: ไม่ได้ระบุบทบาทของ {}", m.position))?,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        committees.push(Committee {
            title: committee.title.clone(),
            members,
            duties: committee.duties.clone(),
        });
    }
    let order = Order {
        id: OrderId::new(),
        agency_id,
        year: file.year,
        number: file.number,
        subject: file.subject.clone(),
        preamble: file.preamble.clone(),
        committees,
        assignments: file.assignments.clone(),
        closing: file.closing.clone(),
        date: file.date,
        signer: build_signer(&file.signer, names)?,
        version: 0,
    };
    order
        .validate()
        .map_err(|errors| format!("คำสั่งที่ {}/{}: {errors}", file.number, file.year))?;
    Ok(order)
}

/// The memo without acknowledgements: those are recorded one by one, as the
/// people acknowledge it.
fn build_memo(file: &MemoFile, agency_id: AgencyId, names: &Names) -> Result<Memo, String> {
    for a in &file.acknowledgements {
        names.official(&a.official)?;
    }
    let memo = Memo {
        id: MemoId::new(),
        agency_id,
        year: file.year,
        department: file
            .department
            .as_deref()
            .map(|d| names.department(d))
            .transpose()?,
        from_unit: file.from_unit.clone(),
        number: file.number.clone(),
        date: file.date,
        subject: file.subject.clone(),
        to: file.to.clone(),
        body: file.body.clone(),
        signer: build_signer(&file.signer, names)?,
        acknowledgements: Vec::new(),
        version: 0,
    };
    memo.validate()
        .map_err(|errors| format!("บันทึกข้อความ: {errors}"))?;
    Ok(memo)
}

/// Records the acknowledgements the seed shows. An acknowledgement is made by an
/// account, so each person gets an account of their own, inactive (nobody signs in
/// with it; an administrator may activate it and set a password), in the person's
/// department, named `ackN.PLACE` in the order the seed lists them.
async fn acknowledge(
    store: &Store,
    actor: Actor,
    code: &str,
    memo: &Memo,
    file: &MemoFile,
    names: &Names,
) -> Result<(), CliError> {
    let place = code.split('-').next().unwrap_or(code);
    let at = acknowledged_at(file.date);
    let officials = store.list_officials(memo.agency_id).await?;
    let mut password_hash: Option<String> = None;
    for (n, a) in (1..).zip(&file.acknowledgements) {
        let username = format!("ack{n}.{place}");
        let user = match store.find_user_by_username(&username).await? {
            Some(user) => user,
            None => {
                let phc = match &password_hash {
                    Some(phc) => phc.clone(),
                    None => {
                        let phc = hash(generate_password()).await?;
                        password_hash = Some(phc.clone());
                        phc
                    }
                };
                let official = names.official(&a.official).map_err(CliError::failure)?;
                let user = User {
                    id: UserId::new(),
                    agency_id: Some(memo.agency_id),
                    username,
                    display_name: a.name.clone(),
                    role: Role::Staff,
                    department_id: officials
                        .iter()
                        .find(|o| o.id == official)
                        .and_then(|o| o.department_id),
                    supervised_province: None,
                    password_hash: phc,
                    active: false,
                };
                store.create_user(actor, &user).await?;
                user
            }
        };
        let ack = MemoAcknowledgement {
            user_id: user.id,
            name: a.name.clone(),
            position: a.position.clone(),
            at,
        };
        store
            .acknowledge_memo(actor, memo.agency_id, memo.id, &ack)
            .await?;
    }
    Ok(())
}

/// The start of the memo's day in Thailand (now, when the memo has no date): an
/// acknowledgement the seed dates only by its memo is recorded then.
fn acknowledged_at(date: Option<NaiveDate>) -> DateTime<Utc> {
    date.and_then(|d| {
        d.and_hms_opt(0, 0, 0)?
            .and_local_timezone(thailand_offset())
            .single()
    })
    .map_or_else(Utc::now, |t| t.with_timezone(&Utc))
}

/// The demo plan as `demo` builds it, for the tests of the data that refers
/// to its projects (`follow_ups`).
#[cfg(test)]
pub(crate) fn built_demo_plan() -> ActionPlan {
    let file: PlanFile = serde_json::from_str(PLAN_FILES[0].1).unwrap();
    let names = Names::of_demo_agency(&file.agency);
    build_plan(&file, AgencyId::new(), &names).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan_file() -> PlanFile {
        serde_json::from_str(PLAN_FILES[0].1).unwrap()
    }

    #[test]
    fn every_plan_builds_as_a_user_would_have_to_enter_it() {
        for (name, text) in PLAN_FILES {
            let file: PlanFile =
                serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            let names = Names::of_demo_agency(&file.agency);
            let plan = build_plan(&file, AgencyId::new(), &names)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            for (n, _, _, project) in plan.numbered_projects() {
                assert!(
                    project.owner_department.is_some() || !project.owner_text.trim().is_empty(),
                    "{name}: project {n} has no owner"
                );
            }
            let Some(risk) = &file.risk_assessment else {
                continue;
            };
            let count = plan.numbered_projects().count();
            for area in &risk.areas {
                for c in &area.controls {
                    if let Some(n) = c.project {
                        assert!((1..=count).contains(&n), "{name}: {}", c.text);
                    }
                }
            }
            build_risk(risk, plan.agency_id, &plan).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }

    #[test]
    fn a_control_links_the_project_of_its_number() {
        let file = plan_file();
        let plan =
            build_plan(&file, AgencyId::new(), &Names::of_demo_agency(&file.agency)).unwrap();
        let risk = build_risk(
            file.risk_assessment.as_ref().unwrap(),
            plan.agency_id,
            &plan,
        )
        .unwrap();
        for (area, control) in risk
            .areas
            .iter()
            .zip(&file.risk_assessment.as_ref().unwrap().areas)
        {
            for (built, written) in area.controls.iter().zip(&control.controls) {
                let linked = built
                    .project
                    .map(|id| plan.project(id).unwrap().name.clone());
                let expected = written.project.map(|n| {
                    let (_, _, _, p) = plan.numbered_projects().nth(n - 1).unwrap();
                    p.name.clone()
                });
                assert_eq!(linked, expected, "{}", built.text);
            }
        }
        let mut shorter = plan.clone();
        shorter.dimensions.truncate(1);
        let relinked = build_risk(
            file.risk_assessment.as_ref().unwrap(),
            plan.agency_id,
            &shorter,
        )
        .unwrap();
        assert!(
            relinked.areas[3]
                .controls
                .iter()
                .all(|c| c.project.is_none()),
            "a number the stored plan no longer has links nothing"
        );
    }

    #[test]
    fn every_order_and_memo_builds_and_names_people_that_exist() {
        for (name, text) in ORDER_FILES {
            let file: OrderFile =
                serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            let names = Names::of_demo_agency(&file.agency);
            build_order(&file.order, AgencyId::new(), &names)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            if let Some(memo) = &file.memo {
                let built = build_memo(memo, AgencyId::new(), &names)
                    .unwrap_or_else(|e| panic!("{name}: {e}"));
                assert!(built.acknowledgements.is_empty());
            }
        }
    }

    #[test]
    fn unknown_names_and_short_targets_are_refused_with_the_place_named() {
        let file = plan_file();
        let error = build_plan(&file, AgencyId::new(), &Names::default()).unwrap_err();
        assert!(error.starts_with("โครงการลำดับที่ 1:"), "{error}");
        assert!(error.contains("ไม่มีส่วนราชการชื่อ"), "{error}");
        let mut short = plan_file();
        short.targets[1].values.pop();
        let error = build_plan(
            &short,
            AgencyId::new(),
            &Names::of_demo_agency(&short.agency),
        )
        .unwrap_err();
        assert!(error.starts_with("ค่าเป้าหมายแถวที่ 2"), "{error}");
        let orders: OrderFile = serde_json::from_str(ORDER_FILES[0].1).unwrap();
        let error = build_memo(
            orders.memo.as_ref().unwrap(),
            AgencyId::new(),
            &Names::default(),
        )
        .unwrap_err();
        assert!(error.starts_with("ไม่มีเจ้าหน้าที่ชื่อ"), "{error}");
    }

    #[test]
    fn an_acknowledgement_dated_by_its_memo_is_at_the_start_of_that_thai_day() {
        let at = acknowledged_at(NaiveDate::from_ymd_opt(2022, 10, 31));
        assert_eq!(at.to_rfc3339(), "2022-10-30T17:00:00+00:00");
    }
}
