//! Risk assessments, orders and memos in the store: whole-replace saves that keep
//! order, optimistic versions, order numbers unique per year, acknowledgements
//! recorded once per person, tenancy, officials an order names kept from
//! deletion, and bundles carrying all three. Every scenario runs on SQLite always
//! and on PostgreSQL when `PRONGSAI_TEST_DATABASE_URL` names a server, each in
//! its own fresh database (the harness of `common/mod.rs`).

use crate::common;

use chrono::{DateTime, NaiveDate, TimeZone as _, Utc};
use prongsai_core::bundle::Bundle;
use prongsai_core::correspondence::{
    Assignment, Committee, CommitteeMember, MemberRole, Memo, MemoAcknowledgement, Order, Signer,
};
use prongsai_core::measures::{Measure, Owners, ProgressStatus, Timeframe, Topic};
use prongsai_core::model::{
    Agency, AgencyId, AgencyKind, AuditAction, ControlId, Department, DepartmentId, MeasureId,
    MemoId, Official, OfficialId, OrderId, ProjectId, RiskAreaId, Role, TopicId, User, UserId,
};
use prongsai_core::risk::{
    Control, RiskArea, RiskAssessment, RiskBand, RiskBands, RiskEvent, RiskLevel, RiskRating,
};
use prongsai_store::{Actor, Store, StoreError};

use common::{TestDb, assert_moves_between_backends, json_text};

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

const CLI: Actor = Actor { user_id: None };

const FISCAL_YEAR: i32 = 2568;

fn agency(code: &str) -> Agency {
    Agency {
        id: AgencyId::new(),
        code: code.to_owned(),
        kind: AgencyKind::SubdistrictAdministrativeOrganization,
        name: format!("องค์การบริหารส่วนตำบล{code}"),
        district: "โนนสูง".to_owned(),
        province: "นครราชสีมา".to_owned(),
        website: None,
        thai_digits: true,
        logo: None,
    }
}

fn official(agency: AgencyId, first: &str, position: &str) -> Official {
    Official {
        agency_id: agency,
        id: OfficialId::new(),
        title: "นาย".to_owned(),
        first_name: first.to_owned(),
        last_name: "ใจดี".to_owned(),
        position: position.to_owned(),
        department_id: None,
    }
}

fn user(agency: AgencyId, username: &str) -> User {
    User {
        id: UserId::new(),
        agency_id: Some(agency),
        username: username.to_owned(),
        display_name: format!("ผู้ใช้ {username}"),
        role: Role::Staff,
        department_id: None,
        supervised_province: None,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo".to_owned(),
        active: true,
    }
}

/// An agency with its office, two officials (the mayor and the permanent
/// secretary) and two users.
struct Setup {
    agency: Agency,
    office: Department,
    mayor: Official,
    secretary: Official,
    users: [User; 2],
}

async fn setup(store: &Store, code: &str) -> Setup {
    let a = agency(code);
    store.create_agency(CLI, &a).await.unwrap();
    let office = Department {
        agency_id: a.id,
        id: DepartmentId::new(),
        name: "สำนักปลัด".to_owned(),
        sort_order: 1,
    };
    store.create_department(CLI, &office).await.unwrap();
    let mayor = official(a.id, "สมชาย", "นายกองค์การบริหารส่วนตำบล");
    let secretary = official(a.id, "สมศักดิ์", "ปลัดองค์การบริหารส่วนตำบล");
    store.create_official(CLI, &mayor).await.unwrap();
    store.create_official(CLI, &secretary).await.unwrap();
    let users = [
        user(a.id, &format!("{code}.first")),
        user(a.id, &format!("{code}.second")),
    ];
    for u in &users {
        store.create_user(CLI, u).await.unwrap();
    }
    Setup {
        agency: a,
        office,
        mayor,
        secretary,
        users,
    }
}

fn as_user(u: &User) -> Actor {
    Actor {
        user_id: Some(u.id),
    }
}

fn someone() -> Actor {
    Actor {
        user_id: Some(UserId::new()),
    }
}

fn scored(text: &str, likelihood: u8, impact: u8) -> RiskEvent {
    RiskEvent {
        text: text.to_owned(),
        rating: RiskRating::Scored { likelihood, impact },
    }
}

fn levelled(text: &str, level: RiskLevel) -> RiskEvent {
    RiskEvent {
        text: text.to_owned(),
        rating: RiskRating::Level { level },
    }
}

fn control(text: &str, project: Option<ProjectId>, measure: Option<MeasureId>) -> Control {
    Control {
        id: ControlId::new(),
        text: text.to_owned(),
        project,
        measure,
        status: ProgressStatus::InProgress,
        follow_up: "ดำเนินการแล้ว ๒ ครั้ง".to_owned(),
    }
}

fn assessment(agency: AgencyId, year: i32, measure: Option<MeasureId>) -> RiskAssessment {
    RiskAssessment {
        agency_id: agency,
        fiscal_year: year,
        bands: RiskBands(vec![
            RiskBand {
                max: 4,
                level: RiskLevel::Low,
            },
            RiskBand {
                max: 12,
                level: RiskLevel::High,
            },
            RiskBand {
                max: 25,
                level: RiskLevel::VeryHigh,
            },
        ]),
        areas: vec![
            RiskArea {
                id: RiskAreaId::new(),
                process: "การบริหารงานบุคคล".to_owned(),
                events: vec![
                    scored("เรียกรับผลประโยชน์ในการสอบคัดเลือก", 4, 5),
                    levelled("เลือกปฏิบัติในการเลื่อนขั้น", RiskLevel::Medium),
                    scored("ใช้ตำแหน่งหน้าที่เอื้อประโยชน์", 1, 2),
                ],
                controls: vec![
                    control(
                        "ประกาศหลักเกณฑ์การประเมินอย่างเปิดเผย",
                        Some(ProjectId::new()),
                        None,
                    ),
                    control("จัดอบรมคุณธรรมจริยธรรม", None, measure),
                ],
            },
            RiskArea {
                id: RiskAreaId::new(),
                process: "การจัดซื้อจัดจ้าง".to_owned(),
                events: vec![levelled("แบ่งซื้อแบ่งจ้าง", RiskLevel::VeryHigh)],
                controls: vec![],
            },
            RiskArea {
                id: RiskAreaId::new(),
                process: "การอนุมัติอนุญาต".to_owned(),
                events: vec![],
                controls: vec![control("ลดขั้นตอน", None, None)],
            },
        ],
        version: 0,
    }
}

fn order(s: &Setup, year: i32, number: i32) -> Order {
    Order {
        id: OrderId::new(),
        agency_id: s.agency.id,
        year,
        number,
        subject: "แต่งตั้งคณะทำงานการประเมินคุณธรรมและความโปร่งใส".to_owned(),
        preamble: "ตามที่สำนักงาน ป.ป.ช. กำหนด\n\nอาศัยอำนาจตามมาตรา ๕๙".to_owned(),
        committees: vec![
            Committee {
                title: "คณะทำงานอำนวยการ".to_owned(),
                members: vec![
                    CommitteeMember {
                        official: Some(s.mayor.id),
                        position: String::new(),
                        role: MemberRole::Chair,
                    },
                    CommitteeMember {
                        official: None,
                        position: "รองนายกองค์การบริหารส่วนตำบล".to_owned(),
                        role: MemberRole::Member,
                    },
                    CommitteeMember {
                        official: Some(s.secretary.id),
                        position: "ปลัดองค์การบริหารส่วนตำบล".to_owned(),
                        role: MemberRole::Secretary,
                    },
                ],
                duties: vec!["ให้คำปรึกษา".to_owned(), "กำกับติดตาม".to_owned()],
            },
            Committee {
                title: "คณะทำงานดำเนินการ".to_owned(),
                members: vec![
                    CommitteeMember {
                        official: None,
                        position: "หัวหน้าสำนักปลัด".to_owned(),
                        role: MemberRole::Custom("หัวหน้าคณะทำงาน".to_owned()),
                    },
                    CommitteeMember {
                        official: None,
                        position: "นักจัดการงานทั่วไป".to_owned(),
                        role: MemberRole::Custom("คณะทำงาน/เลขานุการ".to_owned()),
                    },
                ],
                duties: vec![],
            },
        ],
        assignments: vec![
            Assignment {
                heading: "ผู้บริหารที่รับผิดชอบการประเมินของหน่วยงาน".to_owned(),
                people: vec!["นายกองค์การบริหารส่วนตำบล".to_owned()],
                duty: "กำกับดูแลการประเมิน".to_owned(),
            },
            Assignment {
                heading: "ผู้ดูแลระบบ".to_owned(),
                people: vec![
                    "นักวิเคราะห์นโยบายและแผน".to_owned(),
                    "นักจัดการงานทั่วไป".to_owned(),
                ],
                duty: String::new(),
            },
        ],
        closing: "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป".to_owned(),
        date: NaiveDate::from_ymd_opt(2022, 3, 15),
        signer: Signer {
            official: Some(s.mayor.id),
            name: "นายสมชาย ใจดี".to_owned(),
            rank: "ว่าที่ร้อยตรี".to_owned(),
            position: "นายกองค์การบริหารส่วนตำบล".to_owned(),
        },
        version: 0,
    }
}

fn memo(s: &Setup, year: i32, date: Option<NaiveDate>) -> Memo {
    Memo {
        id: MemoId::new(),
        agency_id: s.agency.id,
        year,
        department: Some(s.office.id),
        from_unit: "สำนักปลัด องค์การบริหารส่วนตำบล โทร. ๐ ๔๔๐๐ ๐๐๐๐".to_owned(),
        number: "นม ๗๘๕๐๑/๑๒๓".to_owned(),
        date,
        subject: "แจ้งคำสั่งแต่งตั้งคณะทำงาน".to_owned(),
        to: "ผู้อำนวยการกองทุกกอง".to_owned(),
        body: "ด้วยองค์การบริหารส่วนตำบล\n\nจึงเรียนมาเพื่อทราบ".to_owned(),
        signer: Signer {
            official: Some(s.secretary.id),
            name: "นายสมศักดิ์ ใจดี".to_owned(),
            rank: String::new(),
            position: "ปลัดองค์การบริหารส่วนตำบล".to_owned(),
        },
        acknowledgements: vec![],
        version: 0,
    }
}

fn ack(u: &User, at: DateTime<Utc>) -> MemoAcknowledgement {
    MemoAcknowledgement {
        user_id: u.id,
        name: u.display_name.clone(),
        position: "นักจัดการงานทั่วไป".to_owned(),
        at,
    }
}

fn at(seconds: i64, nanos: u32) -> DateTime<Utc> {
    Utc.timestamp_opt(seconds, nanos).unwrap()
}

async fn measure_of(store: &Store, agency: AgencyId) -> Measure {
    let topic = Topic {
        id: TopicId::new(),
        agency_id: agency,
        fiscal_year: FISCAL_YEAR,
        position: 0,
        title: "การเปิดเผยข้อมูล".to_owned(),
        catalog_key: None,
    };
    store.save_topic(CLI, &topic).await.unwrap();
    let measure = Measure {
        id: MeasureId::new(),
        agency_id: agency,
        fiscal_year: FISCAL_YEAR,
        topic_id: topic.id,
        position: 0,
        title: "อบรมคุณธรรม".to_owned(),
        indicators: vec![],
        weakness: String::new(),
        improvement: String::new(),
        steps: vec![],
        timeframe: Timeframe::WholeYear,
        owners: Owners::default(),
        monitoring: String::new(),
        reporting: String::new(),
        targets: vec![],
        version: 0,
    };
    store.create_measure(CLI, &measure).await.unwrap()
}

/// The agency's audit rows of `entity` with `action`.
async fn audited(store: &Store, agency: AgencyId, entity: &str, action: AuditAction) -> usize {
    store
        .list_audit(agency, 1000)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.entity == entity && e.action == action)
        .count()
}

/// Everything of the agency: an assessment in two years, orders in two years and
/// memos with acknowledgements.
async fn seed_records(store: &Store, s: &Setup) {
    store
        .save_risk_assessment(CLI, &assessment(s.agency.id, FISCAL_YEAR, None))
        .await
        .unwrap();
    store
        .save_risk_assessment(CLI, &assessment(s.agency.id, FISCAL_YEAR + 1, None))
        .await
        .unwrap();
    for (year, number) in [(2568, 2), (2567, 98), (2568, 1)] {
        store
            .save_order(CLI, &order(s, year, number))
            .await
            .unwrap();
    }
    for date in [NaiveDate::from_ymd_opt(2025, 1, 2), None] {
        let m = store.save_memo(CLI, &memo(s, 2568, date)).await.unwrap();
        for (u, seconds) in s.users.iter().zip([1_740_000_000, 1_730_000_000]) {
            store
                .acknowledge_memo(CLI, s.agency.id, m.id, &ack(u, at(seconds, 123_456_789)))
                .await
                .unwrap();
        }
    }
}

// ---------------------------------------------------------------------------
// Scenarios, each run on both backends
// ---------------------------------------------------------------------------

async fn risk_assessments_round_trip_in_order(db: &TestDb) {
    let store = &db.store;
    let s = setup(store, "risk").await;
    let a = s.agency.id;
    let by = someone();
    let m = measure_of(store, a).await;

    assert_eq!(
        store.get_risk_assessment(a, FISCAL_YEAR).await.unwrap(),
        None
    );
    let new = assessment(a, FISCAL_YEAR, Some(m.id));
    let saved = store.save_risk_assessment(by, &new).await.unwrap();
    assert_eq!(saved.version, 1);
    assert_eq!(
        saved,
        RiskAssessment {
            version: 1,
            ..new.clone()
        }
    );
    assert_eq!(
        store.get_risk_assessment(a, FISCAL_YEAR).await.unwrap(),
        Some(saved.clone())
    );
    let events = &saved.areas[0].events;
    assert_eq!(events[0].level(&saved.bands), Some(RiskLevel::VeryHigh));
    assert_eq!(events[1].level(&saved.bands), Some(RiskLevel::Medium));
    assert_eq!(
        saved.areas[0].controls[0].project,
        new.areas[0].controls[0].project
    );
    assert_eq!(saved.areas[0].controls[1].measure, Some(m.id));

    // A whole replace keeps the order given: areas reversed, an event and a
    // control dropped, a control added.
    let mut edited = saved.clone();
    edited.areas.reverse();
    edited.areas[2].events.remove(1);
    edited.areas[2].controls.remove(0);
    edited.areas[1]
        .controls
        .push(control("ตรวจสอบราคากลาง", None, None));
    edited.bands = RiskBands::default();
    let second = store.save_risk_assessment(by, &edited).await.unwrap();
    assert_eq!(second.version, 2);
    assert_eq!(
        second,
        RiskAssessment {
            version: 2,
            ..edited.clone()
        }
    );
    let processes: Vec<_> = second.areas.iter().map(|x| x.process.as_str()).collect();
    assert_eq!(
        processes,
        ["การอนุมัติอนุญาต", "การจัดซื้อจัดจ้าง", "การบริหารงานบุคคล"]
    );

    // The measure a control names may go; the control stays, naming it still.
    store.delete_measure(CLI, a, m.id).await.unwrap();
    let reread = store
        .get_risk_assessment(a, FISCAL_YEAR)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(reread.areas[2].controls[0].measure, Some(m.id));

    // Stale: the version loaded before, or a second "new" assessment of the year.
    assert!(matches!(
        store.save_risk_assessment(by, &edited).await,
        Err(StoreError::Stale)
    ));
    assert!(matches!(
        store.save_risk_assessment(by, &new).await,
        Err(StoreError::Stale)
    ));
    let mut ghost = assessment(a, FISCAL_YEAR + 5, None);
    ghost.version = 3;
    assert!(matches!(
        store.save_risk_assessment(by, &ghost).await,
        Err(StoreError::NotFound)
    ));
    // The schema refuses a likelihood outside 1-5, and nothing of the save stays.
    let mut bad = second.clone();
    bad.areas[0].events.push(scored("เกินช่วง", 6, 1));
    bad.areas[0].process = "ไม่ควรถูกบันทึก".to_owned();
    assert!(matches!(
        store.save_risk_assessment(by, &bad).await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(
        store.get_risk_assessment(a, FISCAL_YEAR).await.unwrap(),
        Some(second.clone())
    );
    // An area id twice in one assessment is a conflict on `id`.
    let mut twice = assessment(a, FISCAL_YEAR + 2, None);
    twice.areas[1].id = twice.areas[0].id;
    match store.save_risk_assessment(by, &twice).await {
        Err(StoreError::Conflict { field }) => assert_eq!(field, "id"),
        other => panic!("{other:?}"),
    }
    // Another year may reuse the ids (a copy of last year's).
    let mut copied = second.clone();
    copied.fiscal_year = FISCAL_YEAR + 1;
    copied.version = 0;
    store.save_risk_assessment(by, &copied).await.unwrap();
    assert_eq!(
        store.list_risk_assessment_years(a).await.unwrap(),
        [FISCAL_YEAR, FISCAL_YEAR + 1]
    );

    // Tenancy: another agency sees nothing and cannot save over it.
    let other = setup(store, "otherrisk").await;
    assert_eq!(
        store
            .get_risk_assessment(other.agency.id, FISCAL_YEAR)
            .await
            .unwrap(),
        None
    );
    assert!(
        store
            .list_risk_assessment_years(other.agency.id)
            .await
            .unwrap()
            .is_empty()
    );
    let mut hijack = second.clone();
    hijack.agency_id = other.agency.id;
    assert!(matches!(
        store.save_risk_assessment(by, &hijack).await,
        Err(StoreError::NotFound)
    ));

    // Audited: two creates and one update, by who saved.
    assert_eq!(
        audited(store, a, "risk_assessment", AuditAction::Create).await,
        2
    );
    assert_eq!(
        audited(store, a, "risk_assessment", AuditAction::Update).await,
        1
    );
    let log = store.list_audit(a, 1000).await.unwrap();
    let update = log
        .iter()
        .find(|e| e.entity == "risk_assessment" && e.action == AuditAction::Update)
        .unwrap();
    assert_eq!(update.user_id, by.user_id);
    assert_eq!(update.entity_id, FISCAL_YEAR.to_string());
    assert_eq!(update.before.as_ref().unwrap()["version"], 1);
    assert_eq!(update.after.as_ref().unwrap()["version"], 2);
}

async fn orders_numbered_per_year(db: &TestDb) {
    let store = &db.store;
    let s = setup(store, "orders").await;
    let a = s.agency.id;
    let by = someone();

    assert_eq!(store.next_order_number(a, 2565).await.unwrap(), 1);
    let new = order(&s, 2565, 98);
    let saved = store.save_order(by, &new).await.unwrap();
    assert_eq!(saved.version, 1);
    assert_eq!(
        saved,
        Order {
            version: 1,
            ..new.clone()
        }
    );
    assert_eq!(store.get_order(a, new.id).await.unwrap(), saved);
    assert_eq!(
        store.find_order(a, 2565, 98).await.unwrap(),
        Some(saved.clone())
    );
    assert_eq!(store.find_order(a, 2565, 97).await.unwrap(), None);
    assert_eq!(store.next_order_number(a, 2565).await.unwrap(), 99);
    assert_eq!(store.next_order_number(a, 2566).await.unwrap(), 1);

    // The number is taken in its year, by a new order or by an edit.
    let duplicate = order(&s, 2565, 98);
    match store.save_order(by, &duplicate).await {
        Err(StoreError::Conflict { field }) => assert_eq!(field, "number"),
        other => panic!("{other:?}"),
    }
    // The same number in another year is another order.
    let next_year = store.save_order(by, &order(&s, 2566, 98)).await.unwrap();
    let first = store.save_order(by, &order(&s, 2565, 3)).await.unwrap();
    let mut renumbered = first.clone();
    renumbered.number = 98;
    match store.save_order(by, &renumbered).await {
        Err(StoreError::Conflict { field }) => assert_eq!(field, "number"),
        other => panic!("{other:?}"),
    }
    assert_eq!(store.get_order(a, first.id).await.unwrap(), first);

    // By year, then number.
    let listed: Vec<_> = store
        .list_orders(a, None)
        .await
        .unwrap()
        .iter()
        .map(|o| (o.year, o.number))
        .collect();
    assert_eq!(listed, [(2565, 3), (2565, 98), (2566, 98)]);
    let of_2566 = store.list_orders(a, Some(2566)).await.unwrap();
    assert_eq!(of_2566, std::slice::from_ref(&next_year));

    // A whole replace keeps the order given.
    let mut edited = saved.clone();
    edited.committees.reverse();
    edited.committees[1].members.swap(0, 2);
    edited.committees[1].duties.push("จัดทำรายงาน".to_owned());
    edited.assignments.truncate(1);
    edited.signer.official = None;
    edited.date = None;
    let second = store.save_order(by, &edited).await.unwrap();
    assert_eq!(
        second,
        Order {
            version: 2,
            ..edited.clone()
        }
    );
    assert_eq!(store.get_order(a, edited.id).await.unwrap(), second);
    assert!(matches!(
        store.save_order(by, &edited).await,
        Err(StoreError::Stale)
    ));
    assert!(matches!(
        store.save_order(by, &new).await,
        Err(StoreError::Stale)
    ));

    // Officials named by an order cannot be deleted, as member or as signer.
    match store.delete_official(CLI, a, s.mayor.id).await {
        Err(StoreError::InUse { by }) => assert_eq!(by, "orders"),
        other => panic!("{other:?}"),
    }
    let mut signer_only = order(&s, 2567, 1);
    signer_only.committees.truncate(1);
    signer_only.committees[0].members.truncate(1);
    signer_only.committees[0].members[0].official = None;
    signer_only.committees[0].members[0].position = "นายก".to_owned();
    signer_only.signer.official = Some(s.secretary.id);
    for o in [&saved, &first, &next_year] {
        store.delete_order(by, a, o.id).await.unwrap();
    }
    let signer_only = store.save_order(by, &signer_only).await.unwrap();
    match store.delete_official(CLI, a, s.secretary.id).await {
        Err(StoreError::InUse { by }) => assert_eq!(by, "orders"),
        other => panic!("{other:?}"),
    }
    store.delete_official(CLI, a, s.mayor.id).await.unwrap();
    store.delete_order(by, a, signer_only.id).await.unwrap();
    store.delete_official(CLI, a, s.secretary.id).await.unwrap();
    assert!(store.list_orders(a, None).await.unwrap().is_empty());
    assert!(matches!(
        store.get_order(a, saved.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.delete_order(by, a, saved.id).await,
        Err(StoreError::NotFound)
    ));

    // Audited: every create, the update and every delete.
    assert_eq!(audited(store, a, "order", AuditAction::Create).await, 4);
    assert_eq!(audited(store, a, "order", AuditAction::Update).await, 1);
    assert_eq!(audited(store, a, "order", AuditAction::Delete).await, 4);
}

async fn orders_stay_with_their_agency(db: &TestDb) {
    let store = &db.store;
    let s = setup(store, "mine").await;
    let other = setup(store, "theirs").await;
    let saved = store.save_order(CLI, &order(&s, 2565, 1)).await.unwrap();

    assert!(matches!(
        store.get_order(other.agency.id, saved.id).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        store.find_order(other.agency.id, 2565, 1).await.unwrap(),
        None
    );
    assert!(
        store
            .list_orders(other.agency.id, None)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .next_order_number(other.agency.id, 2565)
            .await
            .unwrap(),
        1
    );
    assert!(matches!(
        store.delete_order(CLI, other.agency.id, saved.id).await,
        Err(StoreError::NotFound)
    ));
    let mut hijack = saved.clone();
    hijack.agency_id = other.agency.id;
    assert!(matches!(
        store.save_order(CLI, &hijack).await,
        Err(StoreError::NotFound)
    ));
    // Another agency's officials cannot be named, as member or as signer.
    let mut foreign_member = order(&s, 2565, 2);
    foreign_member.committees[0].members[0].official = Some(other.mayor.id);
    assert!(matches!(
        store.save_order(CLI, &foreign_member).await,
        Err(StoreError::Invalid(_))
    ));
    let mut foreign_signer = order(&s, 2565, 2);
    foreign_signer.signer.official = Some(other.mayor.id);
    assert!(matches!(
        store.save_order(CLI, &foreign_signer).await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(store.list_orders(s.agency.id, None).await.unwrap(), [saved]);
    // Their officials are theirs to delete.
    store
        .delete_official(CLI, other.agency.id, other.mayor.id)
        .await
        .unwrap();
}

async fn memos_and_acknowledgements(db: &TestDb) {
    let store = &db.store;
    let s = setup(store, "memos").await;
    let a = s.agency.id;
    let by = someone();
    let [first, second] = &s.users;

    // Acknowledgements a save is handed are not the save's to write.
    let mut new = memo(&s, 2568, NaiveDate::from_ymd_opt(2025, 2, 1));
    new.acknowledgements = vec![ack(first, at(1_700_000_000, 0))];
    let saved = store.save_memo(by, &new).await.unwrap();
    assert_eq!(saved.version, 1);
    assert_eq!(
        saved,
        Memo {
            version: 1,
            acknowledgements: vec![],
            ..new.clone()
        }
    );
    assert_eq!(store.get_memo(a, new.id).await.unwrap(), saved);

    // In the order they were made; the time is kept to the microsecond.
    let once = store
        .acknowledge_memo(
            as_user(first),
            a,
            saved.id,
            &ack(first, at(1_740_000_000, 123_456_789)),
        )
        .await
        .unwrap();
    let twice = store
        .acknowledge_memo(
            as_user(second),
            a,
            saved.id,
            &ack(second, at(1_740_000_100, 0)),
        )
        .await
        .unwrap();
    assert_eq!(twice.version, 1, "acknowledging is not editing");
    assert_eq!(
        twice.acknowledgements,
        [
            ack(first, at(1_740_000_000, 123_456_000)),
            ack(second, at(1_740_000_100, 0))
        ]
    );
    assert_eq!(once.acknowledgements, twice.acknowledgements[..1]);
    // A second acknowledgement by the same person changes nothing.
    let mut again = ack(first, at(1_750_000_000, 0));
    again.position = "ตำแหน่งใหม่".to_owned();
    let unchanged = store
        .acknowledge_memo(as_user(first), a, saved.id, &again)
        .await
        .unwrap();
    assert_eq!(unchanged, twice);
    assert_eq!(
        audited(store, a, "memo_acknowledgement", AuditAction::Create).await,
        2
    );

    // An edit keeps the acknowledgements, whatever it is handed.
    let mut edited = twice.clone();
    edited.subject = "แจ้งคำสั่ง (แก้ไข)".to_owned();
    edited.acknowledgements.clear();
    edited.department = None;
    let stored = store.save_memo(by, &edited).await.unwrap();
    assert_eq!(stored.version, 2);
    assert_eq!(stored.subject, edited.subject);
    assert_eq!(stored.department, None);
    assert_eq!(stored.acknowledgements, twice.acknowledgements);
    assert!(matches!(
        store.save_memo(by, &edited).await,
        Err(StoreError::Stale)
    ));
    assert!(matches!(
        store.save_memo(by, &new).await,
        Err(StoreError::Stale)
    ));

    // By year, then date with undated last, then id.
    let undated = store.save_memo(by, &memo(&s, 2568, None)).await.unwrap();
    let earlier = store
        .save_memo(by, &memo(&s, 2568, NaiveDate::from_ymd_opt(2024, 12, 1)))
        .await
        .unwrap();
    let last_year = store
        .save_memo(by, &memo(&s, 2567, NaiveDate::from_ymd_opt(2025, 6, 1)))
        .await
        .unwrap();
    let ids = |memos: Vec<Memo>| memos.into_iter().map(|m| m.id).collect::<Vec<_>>();
    assert_eq!(
        ids(store.list_memos(a, None).await.unwrap()),
        [last_year.id, earlier.id, stored.id, undated.id]
    );
    let of_2568 = store.list_memos(a, Some(2568)).await.unwrap();
    assert_eq!(of_2568[1], stored, "lists carry acknowledgements");
    assert_eq!(ids(of_2568), [earlier.id, stored.id, undated.id]);

    // Bad acknowledgements: another agency's user, an unknown memo.
    let other = setup(store, "othermemos").await;
    assert!(matches!(
        store
            .acknowledge_memo(
                CLI,
                a,
                saved.id,
                &ack(&other.users[0], at(1_740_000_000, 0))
            )
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store
            .acknowledge_memo(CLI, a, MemoId::new(), &ack(first, at(1_740_000_000, 0)))
            .await,
        Err(StoreError::NotFound)
    ));

    // Tenancy.
    let b = other.agency.id;
    assert!(matches!(
        store.get_memo(b, saved.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(store.list_memos(b, None).await.unwrap().is_empty());
    assert!(matches!(
        store
            .acknowledge_memo(
                CLI,
                b,
                saved.id,
                &ack(&other.users[0], at(1_740_000_000, 0))
            )
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.delete_memo(CLI, b, saved.id).await,
        Err(StoreError::NotFound)
    ));
    let mut hijack = stored.clone();
    hijack.agency_id = b;
    assert!(matches!(
        store.save_memo(CLI, &hijack).await,
        Err(StoreError::NotFound)
    ));
    let mut foreign = memo(&s, 2568, None);
    foreign.department = Some(other.office.id);
    assert!(matches!(
        store.save_memo(CLI, &foreign).await,
        Err(StoreError::Invalid(_))
    ));

    // The signer official is kept while a memo names them.
    match store.delete_official(CLI, a, s.secretary.id).await {
        Err(StoreError::InUse { by }) => assert_eq!(by, "memos"),
        other => panic!("{other:?}"),
    }
    // So is a department that issues a memo and nothing else refers to.
    let treasury = Department {
        agency_id: a,
        id: DepartmentId::new(),
        name: "กองคลัง".to_owned(),
        sort_order: 2,
    };
    store.create_department(CLI, &treasury).await.unwrap();
    let mut issued = memo(&s, 2568, None);
    issued.department = Some(treasury.id);
    let issued = store.save_memo(by, &issued).await.unwrap();
    match store.delete_department(CLI, a, treasury.id).await {
        Err(StoreError::InUse { by }) => assert_eq!(by, "memos"),
        other => panic!("{other:?}"),
    }
    store.delete_memo(by, a, issued.id).await.unwrap();
    store.delete_department(CLI, a, treasury.id).await.unwrap();
    for m in [&saved, &undated, &earlier, &last_year] {
        store.delete_memo(by, a, m.id).await.unwrap();
    }
    assert!(matches!(
        store.get_memo(a, saved.id).await,
        Err(StoreError::NotFound)
    ));
    store.delete_official(CLI, a, s.secretary.id).await.unwrap();
    assert_eq!(audited(store, a, "memo", AuditAction::Create).await, 5);
    assert_eq!(audited(store, a, "memo", AuditAction::Update).await, 1);
    assert_eq!(audited(store, a, "memo", AuditAction::Delete).await, 5);
    let log = store.list_audit(a, 1000).await.unwrap();
    let deleted = log
        .iter()
        .find(|e| {
            e.entity == "memo"
                && e.action == AuditAction::Delete
                && e.entity_id == saved.id.to_string()
        })
        .unwrap();
    assert_eq!(
        deleted.before.as_ref().unwrap()["acknowledgements"]
            .as_array()
            .unwrap()
            .len(),
        2,
        "the trail keeps who had acknowledged it"
    );
}

async fn bundles_carry_records(db: &TestDb) {
    let store = &db.store;
    let s = setup(store, "bundled").await;
    seed_records(store, &s).await;
    let exported = store.export_agency(s.agency.id).await.unwrap();
    assert_eq!(exported.risk_assessments.len(), 2);
    let numbers: Vec<_> = exported.orders.iter().map(|o| (o.year, o.number)).collect();
    assert_eq!(numbers, [(2567, 98), (2568, 1), (2568, 2)]);
    assert_eq!(exported.memos.len(), 2);
    assert!(exported.memos.windows(2).all(|w| w[0].id < w[1].id));
    for m in &exported.memos {
        let users: Vec<_> = m.acknowledgements.iter().map(|x| x.user_id).collect();
        assert_eq!(users, [s.users[1].id, s.users[0].id], "by time made");
    }

    let fresh = db.fresh().await;
    fresh
        .store
        .import_bundle(&Bundle::new(vec![exported.clone()]))
        .await
        .unwrap();
    let again = fresh.store.export_agency(s.agency.id).await.unwrap();
    assert_eq!(json_text(&again), json_text(&exported));
    assert_eq!(again, exported);

    // A bundle whose rows do not hang together is refused whole.
    let mut foreign_ack = exported.clone();
    foreign_ack.memos[0].acknowledgements[0].user_id = UserId::new();
    let mut twice = exported.clone();
    twice.orders.push(exported.orders[0].clone());
    let mut taken_number = exported.clone();
    let mut copy = exported.orders[0].clone();
    copy.id = OrderId::new();
    taken_number.orders.push(copy);
    for (bundle, expect) in [
        (foreign_ack, "acknowledgements"),
        (twice, "id"),
        (taken_number, "number"),
    ] {
        let empty = db.fresh().await;
        match empty.store.import_bundle(&Bundle::new(vec![bundle])).await {
            Err(StoreError::Invalid(what)) => assert!(what.contains(expect), "{what}"),
            Err(StoreError::Conflict { field }) => assert_eq!(field, expect),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            empty.store.export_agency(s.agency.id).await,
            Err(StoreError::NotFound)
        ));
    }
}

on_both_backends!(
    risk_assessments_round_trip_in_order,
    orders_numbered_per_year,
    orders_stay_with_their_agency,
    memos_and_acknowledgements,
    bundles_carry_records,
);

// ---------------------------------------------------------------------------
// Cross-backend
// ---------------------------------------------------------------------------

#[tokio::test]
async fn records_move_between_backends() {
    assert_moves_between_backends(async |store: &Store, code: &str| {
        let s = setup(store, &code.replace('-', "")).await;
        seed_records(store, &s).await;
        s.agency.id
    })
    .await;
}
