//! Action plans and their follow-ups in the store: a whole plan round-trips with
//! its order and budgets, versions refuse a stale save, plans of an agency never
//! share a year, tenancy, what may not disappear while referred to, follow-up
//! versions, deletes and bundles. Every scenario runs on SQLite always and on
//! PostgreSQL when `PRONGSAI_TEST_DATABASE_URL` names a server, each in its own
//! fresh database (the harness of `common/mod.rs`).

use crate::common;

use chrono::NaiveDate;
use prongsai_core::action_plan::{
    ActionPlan, Budget, Dimension, FollowUp, IntroSections, Mission, PlanTarget, Project,
    ProjectKind, TargetKind, YearBudget, YearValue,
};
use prongsai_core::bundle::Bundle;
use prongsai_core::measures::ProgressStatus;
use prongsai_core::model::{
    ActionPlanId, Agency, AgencyId, AgencyKind, AuditAction, Department, DepartmentId, DimensionId,
    MissionId, ProjectId, UserId,
};
use prongsai_core::thai::fiscal::ReportingRound;
use prongsai_core::thai::numbers::Baht;
use prongsai_store::{Actor, Store, StoreError};

use common::{TestDb, assert_moves_between_backends, json_text};

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

const CLI: Actor = Actor { user_id: None };

fn agency(code: &str) -> Agency {
    Agency {
        id: AgencyId::new(),
        code: code.to_owned(),
        kind: AgencyKind::SubdistrictAdministrativeOrganization,
        name: format!("องค์การบริหารส่วนตำบล{code}"),
        district: "บางแค".to_owned(),
        province: "กรุงเทพมหานคร".to_owned(),
        website: None,
        thai_digits: true,
        logo: None,
    }
}

async fn new_agency(store: &Store, code: &str) -> (Agency, Department) {
    let a = agency(code);
    store.create_agency(CLI, &a).await.unwrap();
    let office = Department {
        agency_id: a.id,
        id: DepartmentId::new(),
        name: "สำนักปลัด".to_owned(),
        sort_order: 1,
    };
    store.create_department(CLI, &office).await.unwrap();
    (a, office)
}

fn budgets(entries: &[(i32, Option<i64>)]) -> Vec<YearBudget> {
    entries
        .iter()
        .map(|(year, satang)| YearBudget {
            fiscal_year: *year,
            budget: satang.map_or(Budget::NotUsed, |s| Budget::Amount(Baht(s))),
        })
        .collect()
}

fn project(name: &str, owner: Option<DepartmentId>, money: &[(i32, Option<i64>)]) -> Project {
    Project {
        id: ProjectId::new(),
        kind: ProjectKind::Project,
        name: name.to_owned(),
        rationale: "ตามที่สำนักงาน ป.ป.ช. กำหนด\n\n- ข้อแรก\n- ข้อสอง".to_owned(),
        objectives: vec!["เพื่อสร้างจิตสำนึก".to_owned(), "เพื่อป้องกันการทุจริต".to_owned()],
        target_group: "บุคลากรทุกคน".to_owned(),
        methods: vec![
            "ประชุมวางแผน".to_owned(),
            "จัดอบรม".to_owned(),
            "ประเมินผล".to_owned(),
        ],
        first_year: 2566,
        last_year: 2570,
        budgets: budgets(money),
        owner_department: owner,
        owner_text: "งานบริหารทั่วไป".to_owned(),
        outputs: vec!["ผู้เข้าร่วม 50 คน".to_owned()],
        outcomes: vec!["บุคลากรมีความรู้".to_owned()],
        indicators: vec!["ร้อยละ 80 ผ่านแบบทดสอบ".to_owned()],
    }
}

/// A plan with every field filled: two dimensions, three missions, four projects,
/// budgets given in an order that is not the years' order, with ไม่ใช้งบประมาณ.
fn full_plan(agency: AgencyId, first_year: i32, owner: DepartmentId) -> ActionPlan {
    let mut plan = ActionPlan::new(agency, first_year);
    plan.preface = "แผนฉบับนี้จัดทำขึ้นเพื่อ…\n\n1. ข้อแรก\n2. ข้อสอง".to_owned();
    plan.preface_date = NaiveDate::from_ymd_opt(2022, 9, 30);
    plan.intro = IntroSections {
        rationale: "หลักการและเหตุผล".to_owned(),
        objectives: "- วัตถุประสงค์".to_owned(),
        goals: "เป้าหมาย".to_owned(),
        benefits: "ประโยชน์".to_owned(),
    };
    plan.targets = vec![
        PlanTarget {
            label: String::new(),
            kind: TargetKind::ItaScore,
            values: vec![
                YearValue {
                    fiscal_year: first_year,
                    value: 91.5,
                },
                YearValue {
                    fiscal_year: first_year + 1,
                    value: 92.0,
                },
            ],
        },
        PlanTarget {
            label: "จำนวนเรื่องร้องเรียน".to_owned(),
            kind: TargetKind::Custom {
                unit: "เรื่อง".to_owned(),
            },
            values: vec![YearValue {
                fiscal_year: first_year,
                value: 0.1,
            }],
        },
    ];
    let y = first_year;
    let mut first = project(
        "อบรมคุณธรรม",
        Some(owner),
        &[(y + 1, Some(120_000_000)), (y, None)],
    );
    first.kind = ProjectKind::Activity;
    let mut second = project("มาตรการ NO Gift Policy", None, &[]);
    second.kind = ProjectKind::Measure;
    second.first_year = y + 1;
    second.last_year = y + 2;
    plan.dimensions = vec![
        Dimension {
            id: DimensionId::new(),
            title: "มิติที่ 1 การสร้างสังคมที่ไม่ทนต่อการทุจริต".to_owned(),
            missions: vec![
                Mission {
                    id: MissionId::new(),
                    title: "การสร้างจิตสำนึกแก่บุคลากร".to_owned(),
                    projects: vec![first, second],
                },
                Mission {
                    id: MissionId::new(),
                    title: "การสร้างจิตสำนึกแก่ประชาชน".to_owned(),
                    projects: vec![project("เผยแพร่ความรู้", Some(owner), &[(y, Some(500_000))])],
                },
            ],
        },
        Dimension {
            id: DimensionId::new(),
            title: "มิติที่ 2 การบริหารราชการเพื่อป้องกันการทุจริต".to_owned(),
            missions: vec![Mission {
                id: MissionId::new(),
                title: "การแสดงเจตจำนงทางการเมือง".to_owned(),
                projects: vec![project(
                    "ประกาศเจตจำนง",
                    None,
                    &[(y, Some(0)), (y + 4, Some(30_00))],
                )],
            }],
        },
    ];
    plan
}

fn project_ids(plan: &ActionPlan) -> Vec<ProjectId> {
    plan.numbered_projects().map(|(_, _, _, p)| p.id).collect()
}

fn report(plan: &ActionPlan, project: ProjectId, year: i32, round: ReportingRound) -> FollowUp {
    let mut f = FollowUp::new(plan, project, year, round);
    f.status = ProgressStatus::Done;
    f.done = "จัดอบรมแล้ว ๒ ครั้ง".to_owned();
    f.spent = Some(Baht(900_000));
    f.outputs_achieved = "ผู้เข้าร่วม 48 คน".to_owned();
    f.problems = "งบประมาณล่าช้า".to_owned();
    f.suggestions = "เริ่มเร็วขึ้น".to_owned();
    f
}

// ---------------------------------------------------------------------------
// Scenarios, each run on both backends
// ---------------------------------------------------------------------------

async fn a_whole_plan_round_trips(db: &TestDb) {
    let store = &db.store;
    let (a, office) = new_agency(store, "roundtrip").await;
    let plan = full_plan(a.id, 2566, office.id);
    let saved = store.save_action_plan(CLI, &plan).await.unwrap();
    assert_eq!(saved.version, 1);
    assert_eq!(
        saved,
        ActionPlan {
            version: 1,
            ..plan.clone()
        }
    );
    assert_eq!(store.get_action_plan(a.id, plan.id).await.unwrap(), saved);
    let first_budgets = &saved.dimensions[0].missions[0].projects[0].budgets;
    assert_eq!(
        first_budgets[0].fiscal_year, 2567,
        "budgets keep the order given"
    );
    assert_eq!(first_budgets[1].budget, Budget::NotUsed);
    let zero = &saved.dimensions[1].missions[0].projects[0].budgets[0];
    assert_eq!(
        zero.budget,
        Budget::Amount(Baht(0)),
        "0 baht is not ไม่ใช้งบประมาณ"
    );

    // A second save reorders and replaces the tree; the version moves on.
    let mut edited = saved.clone();
    edited.dimensions.swap(0, 1);
    edited.dimensions[1].missions[0].projects.swap(0, 1);
    edited.dimensions[1].missions[0].projects[0].budgets = budgets(&[(2568, Some(7))]);
    edited.title = "แผนปฏิบัติการฉบับปรับปรุง".to_owned();
    edited.preface_date = None;
    let again = store.save_action_plan(CLI, &edited).await.unwrap();
    assert_eq!(
        again,
        ActionPlan {
            version: 2,
            ..edited
        }
    );
    assert_eq!(store.get_action_plan(a.id, plan.id).await.unwrap(), again);

    // Lists and the plan of a year.
    let later = full_plan(a.id, 2571, office.id);
    store.save_action_plan(CLI, &later).await.unwrap();
    let listed: Vec<i32> = store
        .list_action_plans(a.id)
        .await
        .unwrap()
        .iter()
        .map(|p| p.first_year)
        .collect();
    assert_eq!(listed, [2566, 2571]);
    for (year, first) in [(2566, Some(2566)), (2570, Some(2566)), (2571, Some(2571))] {
        let found = store.action_plan_covering(a.id, year).await.unwrap();
        assert_eq!(found.map(|p| p.first_year), first, "{year}");
    }
    assert!(
        store
            .action_plan_covering(a.id, 2565)
            .await
            .unwrap()
            .is_none()
    );
}

async fn a_stale_save_is_refused(db: &TestDb) {
    let store = &db.store;
    let (a, office) = new_agency(store, "stale").await;
    let loaded = store
        .save_action_plan(CLI, &full_plan(a.id, 2566, office.id))
        .await
        .unwrap();
    let mut first = loaded.clone();
    first.title = "บันทึกก่อน".to_owned();
    store.save_action_plan(CLI, &first).await.unwrap();
    let mut second = loaded.clone();
    second.title = "บันทึกทีหลัง".to_owned();
    second.dimensions.clear();
    assert!(matches!(
        store.save_action_plan(CLI, &second).await,
        Err(StoreError::Stale)
    ));
    let stored = store.get_action_plan(a.id, loaded.id).await.unwrap();
    assert_eq!((stored.title.as_str(), stored.version), ("บันทึกก่อน", 2));
    assert_eq!(
        stored.dimensions, loaded.dimensions,
        "nothing of the stale save"
    );
    // A new plan saved twice as new is stale the second time.
    assert!(matches!(
        store
            .save_action_plan(
                CLI,
                &ActionPlan {
                    version: 0,
                    ..loaded
                }
            )
            .await,
        Err(StoreError::Stale)
    ));
}

async fn overlapping_years_conflict(db: &TestDb) {
    let store = &db.store;
    let (a, office) = new_agency(store, "overlap").await;
    let first = store
        .save_action_plan(CLI, &full_plan(a.id, 2566, office.id))
        .await
        .unwrap();
    let mut overlapping = full_plan(a.id, 2570, office.id);
    assert!(matches!(
        store.save_action_plan(CLI, &overlapping).await,
        Err(StoreError::Conflict { field }) if field == "first_year"
    ));
    overlapping.first_year = 2571;
    overlapping.last_year = 2575;
    let second = store.save_action_plan(CLI, &overlapping).await.unwrap();
    // Moving the first plan into the second's years conflicts too.
    let mut moved = first.clone();
    moved.last_year = 2571;
    assert!(matches!(
        store.save_action_plan(CLI, &moved).await,
        Err(StoreError::Conflict { field }) if field == "first_year"
    ));
    // Another agency's plans do not count.
    let (b, b_office) = new_agency(store, "overlap-b").await;
    store
        .save_action_plan(CLI, &full_plan(b.id, 2566, b_office.id))
        .await
        .unwrap();
    assert_eq!(store.list_action_plans(a.id).await.unwrap().len(), 2);
    assert_eq!(
        store.list_action_plans(a.id).await.unwrap()[1].id,
        second.id
    );
}

async fn plans_stay_within_their_agency(db: &TestDb) {
    let store = &db.store;
    let (a, office) = new_agency(store, "tenant-a").await;
    let (b, b_office) = new_agency(store, "tenant-b").await;
    let plan = store
        .save_action_plan(CLI, &full_plan(a.id, 2566, office.id))
        .await
        .unwrap();
    assert!(matches!(
        store.get_action_plan(b.id, plan.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(store.list_action_plans(b.id).await.unwrap().is_empty());
    assert!(
        store
            .action_plan_covering(b.id, 2566)
            .await
            .unwrap()
            .is_none()
    );
    // Saving it as the other agency's finds nothing to update.
    let mut hijack = plan.clone();
    hijack.agency_id = b.id;
    hijack.dimensions.clear();
    assert!(matches!(
        store.save_action_plan(CLI, &hijack).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.delete_action_plan(CLI, b.id, plan.id).await,
        Err(StoreError::NotFound)
    ));
    // An owner department of another agency is refused, and nothing is saved.
    let foreign = full_plan(a.id, 2571, b_office.id);
    assert!(matches!(
        store.save_action_plan(CLI, &foreign).await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(
        store.list_action_plans(a.id).await.unwrap(),
        std::slice::from_ref(&plan)
    );
    // A follow-up naming the plan from the other agency is not found either.
    let project = project_ids(&plan)[0];
    let mut stray = report(&plan, project, 2566, ReportingRound::HalfYear);
    stray.agency_id = b.id;
    assert!(matches!(
        store.save_follow_up(CLI, &stray).await,
        Err(StoreError::NotFound)
    ));
    assert!(
        store
            .list_follow_ups(b.id, plan.id, 2566, ReportingRound::HalfYear)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn referenced_rows_cannot_disappear(db: &TestDb) {
    let store = &db.store;
    let (a, office) = new_agency(store, "inuse").await;
    let plan = store
        .save_action_plan(CLI, &full_plan(a.id, 2566, office.id))
        .await
        .unwrap();
    assert!(matches!(
        store.delete_department(CLI, a.id, office.id).await,
        Err(StoreError::InUse { by }) if by == "action plan projects"
    ));

    // A project with a follow-up may move, but not disappear.
    let followed = project_ids(&plan)[0];
    store
        .save_follow_up(
            CLI,
            &report(&plan, followed, 2566, ReportingRound::FullYear),
        )
        .await
        .unwrap();
    let mut moved = plan.clone();
    let p = moved.dimensions[0].missions[0].projects.remove(0);
    moved.dimensions[1].missions[0].projects.push(p);
    let moved = store.save_action_plan(CLI, &moved).await.unwrap();
    assert_eq!(
        store
            .list_follow_ups(a.id, plan.id, 2566, ReportingRound::FullYear)
            .await
            .unwrap()
            .len(),
        1,
        "the follow-up survives the tree being written again"
    );
    let mut dropped = moved.clone();
    dropped.dimensions[1].missions[0].projects.pop();
    dropped.title = "ไม่ควรถูกบันทึก".to_owned();
    assert!(matches!(
        store.save_action_plan(CLI, &dropped).await,
        Err(StoreError::InUse { by }) if by == "follow_ups"
    ));
    assert_eq!(store.get_action_plan(a.id, plan.id).await.unwrap(), moved);
    // A project without follow-ups may go.
    let mut fewer = moved.clone();
    fewer.dimensions[0].missions[1].projects.clear();
    let fewer = store.save_action_plan(CLI, &fewer).await.unwrap();
    assert_eq!(project_ids(&fewer).len(), 3);
}

async fn follow_ups_are_versioned(db: &TestDb) {
    let store = &db.store;
    let (a, office) = new_agency(store, "followup").await;
    let plan = store
        .save_action_plan(CLI, &full_plan(a.id, 2566, office.id))
        .await
        .unwrap();
    let ids = project_ids(&plan);
    let mut no_money = report(&plan, ids[2], 2567, ReportingRound::HalfYear);
    no_money.spent = None;
    no_money.status = ProgressStatus::InProgress;
    let later = store.save_follow_up(CLI, &no_money).await.unwrap();
    let first = store
        .save_follow_up(CLI, &report(&plan, ids[0], 2567, ReportingRound::HalfYear))
        .await
        .unwrap();
    assert_eq!(first.version, 1);
    assert_eq!(
        first,
        FollowUp {
            version: 1,
            ..report(&plan, ids[0], 2567, ReportingRound::HalfYear)
        }
    );
    // Plan order, only the year and round asked for.
    store
        .save_follow_up(CLI, &report(&plan, ids[0], 2567, ReportingRound::FullYear))
        .await
        .unwrap();
    store
        .save_follow_up(CLI, &report(&plan, ids[1], 2568, ReportingRound::HalfYear))
        .await
        .unwrap();
    assert_eq!(
        store
            .list_follow_ups(a.id, plan.id, 2567, ReportingRound::HalfYear)
            .await
            .unwrap(),
        [first.clone(), later.clone()]
    );

    let mut edited = first.clone();
    edited.done = "จัดอบรมครบแล้ว".to_owned();
    edited.spent = Some(Baht(1_000_000));
    let saved = store.save_follow_up(CLI, &edited).await.unwrap();
    assert_eq!(
        saved,
        FollowUp {
            version: 2,
            ..edited
        }
    );
    let mut stale = first.clone();
    stale.done = "ข้อมูลเก่า".to_owned();
    assert!(matches!(
        store.save_follow_up(CLI, &stale).await,
        Err(StoreError::Stale)
    ));
    assert!(matches!(
        store
            .save_follow_up(
                CLI,
                &FollowUp {
                    version: 0,
                    ..first.clone()
                }
            )
            .await,
        Err(StoreError::Stale)
    ));

    // A project not in the plan, or a year outside it.
    let stranger = report(&plan, ProjectId::new(), 2567, ReportingRound::HalfYear);
    assert!(matches!(
        store.save_follow_up(CLI, &stranger).await,
        Err(StoreError::NotFound)
    ));
    let mut elsewhere = report(&plan, ids[0], 2567, ReportingRound::HalfYear);
    elsewhere.plan_id = ActionPlanId::new();
    assert!(matches!(
        store.save_follow_up(CLI, &elsewhere).await,
        Err(StoreError::NotFound)
    ));
    let outside = report(&plan, ids[0], 2575, ReportingRound::HalfYear);
    assert!(matches!(
        store.save_follow_up(CLI, &outside).await,
        Err(StoreError::Invalid(_))
    ));
}

async fn writes_are_audited(db: &TestDb) {
    let store = &db.store;
    let (a, office) = new_agency(store, "audited").await;
    let by = Actor {
        user_id: Some(UserId::new()),
    };
    let plan = store
        .save_action_plan(by, &full_plan(a.id, 2566, office.id))
        .await
        .unwrap();
    let mut edited = plan.clone();
    edited.title = "แผนที่แก้ไข".to_owned();
    let edited = store.save_action_plan(by, &edited).await.unwrap();
    let project = project_ids(&plan)[0];
    let f = store
        .save_follow_up(by, &report(&plan, project, 2566, ReportingRound::HalfYear))
        .await
        .unwrap();
    let f2 = store
        .save_follow_up(
            by,
            &FollowUp {
                done: "แก้ไข".to_owned(),
                ..f.clone()
            },
        )
        .await
        .unwrap();

    let log = store.list_audit(a.id, 1000).await.unwrap();
    let of_plan: Vec<_> = log.iter().filter(|e| e.entity == "action_plan").collect();
    assert_eq!(of_plan.len(), 2, "one row per save");
    let update = of_plan[0];
    assert_eq!(update.action, AuditAction::Update);
    assert_eq!(update.user_id, by.user_id);
    assert_eq!(update.entity_id, plan.id.to_string());
    assert_eq!(update.before, Some(serde_json::to_value(&plan).unwrap()));
    assert_eq!(update.after, Some(serde_json::to_value(&edited).unwrap()));
    assert_eq!(of_plan[1].action, AuditAction::Create);
    let of_follow_ups: Vec<_> = log.iter().filter(|e| e.entity == "follow_up").collect();
    assert_eq!(of_follow_ups.len(), 2);
    assert_eq!(
        of_follow_ups[0].before,
        Some(serde_json::to_value(&f).unwrap())
    );
    assert_eq!(
        of_follow_ups[0].after,
        Some(serde_json::to_value(&f2).unwrap())
    );
    assert!(of_follow_ups[0].entity_id.ends_with("/2566/half_year"));

    // Deleting the plan takes its follow-ups along, each audited.
    store.delete_action_plan(by, a.id, plan.id).await.unwrap();
    assert!(matches!(
        store.get_action_plan(a.id, plan.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(
        store
            .list_follow_ups(a.id, plan.id, 2566, ReportingRound::HalfYear)
            .await
            .unwrap()
            .is_empty()
    );
    let log = store.list_audit(a.id, 1000).await.unwrap();
    let deletes: Vec<_> = log
        .iter()
        .filter(|e| e.action == AuditAction::Delete)
        .map(|e| e.entity.as_str())
        .collect();
    assert_eq!(deletes.len(), 2);
    assert!(deletes.contains(&"action_plan") && deletes.contains(&"follow_up"));
    let export = store.export_agency(a.id).await.unwrap();
    assert!(export.action_plans.is_empty() && export.follow_ups.is_empty());
    // Its department is free again.
    store.delete_department(CLI, a.id, office.id).await.unwrap();
}

/// An agency with two plans and follow-ups in both rounds.
async fn seed_plans(store: &Store, code: &str) -> Agency {
    let (a, office) = new_agency(store, code).await;
    let later = store
        .save_action_plan(CLI, &full_plan(a.id, 2571, office.id))
        .await
        .unwrap();
    let plan = store
        .save_action_plan(CLI, &full_plan(a.id, 2566, office.id))
        .await
        .unwrap();
    for (p, year, round) in [
        (&plan, 2566, ReportingRound::HalfYear),
        (&plan, 2566, ReportingRound::FullYear),
        (&plan, 2567, ReportingRound::HalfYear),
        (&later, 2571, ReportingRound::FullYear),
    ] {
        for project in project_ids(p).into_iter().take(2) {
            store
                .save_follow_up(CLI, &report(p, project, year, round))
                .await
                .unwrap();
        }
    }
    a
}

async fn bundles_carry_plans_and_follow_ups(db: &TestDb) {
    let a = seed_plans(&db.store, "bundled").await;
    seed_plans(&db.store, "neighbour").await;
    let exported = db.store.export_agency(a.id).await.unwrap();
    assert_eq!(exported.action_plans.len(), 2);
    assert_eq!(exported.action_plans[0].first_year, 2566, "by first year");
    assert_eq!(exported.follow_ups.len(), 8);
    assert_eq!(
        json_text(&exported),
        json_text(&db.store.export_agency(a.id).await.unwrap())
    );

    let target = db.fresh().await;
    target
        .store
        .import_bundle(&Bundle::new(vec![exported.clone()]))
        .await
        .unwrap();
    assert_eq!(
        json_text(&target.store.export_agency(a.id).await.unwrap()),
        json_text(&exported)
    );
    // The imported plan works: versions continue, follow-ups hold their projects.
    let plan = target
        .store
        .get_action_plan(a.id, exported.action_plans[0].id)
        .await
        .unwrap();
    assert_eq!(plan, exported.action_plans[0]);
    let mut dropped = plan.clone();
    dropped.dimensions.clear();
    assert!(matches!(
        target.store.save_action_plan(CLI, &dropped).await,
        Err(StoreError::InUse { .. })
    ));

    // A row of another agency, or a follow-up of a project not in the bundle, is
    // refused, and nothing is written.
    let elsewhere = db.fresh().await;
    let mut foreign = exported.clone();
    foreign.follow_ups[0].agency_id = AgencyId::new();
    assert!(matches!(
        elsewhere
            .store
            .import_bundle(&Bundle::new(vec![foreign]))
            .await,
        Err(StoreError::Invalid(_))
    ));
    let mut orphan = exported.clone();
    orphan.follow_ups[0].project_id = ProjectId::new();
    assert!(matches!(
        elsewhere
            .store
            .import_bundle(&Bundle::new(vec![orphan]))
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert!(elsewhere.store.list_agencies().await.unwrap().is_empty());
}

on_both_backends!(
    a_whole_plan_round_trips,
    a_stale_save_is_refused,
    overlapping_years_conflict,
    plans_stay_within_their_agency,
    referenced_rows_cannot_disappear,
    follow_ups_are_versioned,
    writes_are_audited,
    bundles_carry_plans_and_follow_ups,
);

// ---------------------------------------------------------------------------
// Cross-backend
// ---------------------------------------------------------------------------

#[tokio::test]
async fn plans_move_between_backends() {
    assert_moves_between_backends(async |store: &Store, code: &str| {
        seed_plans(store, code).await.id
    })
    .await;
}
