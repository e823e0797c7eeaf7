//! The measures cycle in the store: plan order, optimistic versions, tenancy,
//! copying a plan, progress, the approval lock, the memo, and bundles carrying it
//! all. Every scenario runs on SQLite always and on PostgreSQL when
//! `PRONGSAI_TEST_DATABASE_URL` names a server, each in its own fresh database
//! (the harness of `common/mod.rs`, shared with `suite.rs`).

use crate::common;

use chrono::{NaiveDate, TimeZone, Utc};
use prongsai_core::bundle::Bundle;
use prongsai_core::measures::{
    EvidenceFile, EvidenceKind, EvidenceLink, Measure, Owners, PlanMemo, Progress, ProgressResult,
    ProgressStatus, RoundApproval, Target, Timeframe, Topic,
};
use prongsai_core::model::{
    Agency, AgencyId, AgencyKind, AuditAction, Department, DepartmentId, EvidenceFileId, MeasureId,
    OfficialId, TopicId, UserId,
};
use prongsai_core::thai::fiscal::{Quarter, ReportingRound};
use prongsai_store::{Actor, Store, StoreError};

use common::{TestDb, assert_moves_between_backends, json_text};

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

const CLI: Actor = Actor { user_id: None };

const YEAR: i32 = 2568;

fn agency(code: &str) -> Agency {
    Agency {
        id: AgencyId::new(),
        code: code.to_owned(),
        kind: AgencyKind::SubdistrictAdministrativeOrganization,
        name: format!("องค์การบริหารส่วนตำบล{code}"),
        district: "เมืองนครราชสีมา".to_owned(),
        province: "นครราชสีมา".to_owned(),
        website: None,
        thai_digits: true,
        logo: None,
    }
}

fn department(agency: AgencyId, name: &str) -> Department {
    Department {
        agency_id: agency,
        id: DepartmentId::new(),
        name: name.to_owned(),
        sort_order: 1,
    }
}

fn topic(agency: AgencyId, year: i32, title: &str) -> Topic {
    Topic {
        id: TopicId::new(),
        agency_id: agency,
        fiscal_year: year,
        position: 0,
        title: title.to_owned(),
        catalog_key: Some("annual:1".to_owned()),
    }
}

fn measure(t: &Topic, title: &str, departments: Vec<DepartmentId>) -> Measure {
    Measure {
        id: MeasureId::new(),
        agency_id: t.agency_id,
        fiscal_year: t.fiscal_year,
        topic_id: t.id,
        position: 0,
        title: title.to_owned(),
        indicators: vec![3, 9],
        weakness: "การเปิดเผยข้อมูลยังไม่ครบถ้วน".to_owned(),
        improvement: "เผยแพร่ข้อมูลบนเว็บไซต์".to_owned(),
        steps: vec!["ประชุมชี้แจง".to_owned(), "จัดอบรม".to_owned()],
        timeframe: Timeframe::Dates {
            start: NaiveDate::from_ymd_opt(2024, 10, 1).unwrap(),
            end: NaiveDate::from_ymd_opt(2025, 3, 31).unwrap(),
        },
        owners: Owners {
            departments,
            positions: vec!["หัวหน้าสำนักปลัด".to_owned()],
        },
        monitoring: "ปลัดติดตามทุกไตรมาส".to_owned(),
        reporting: "รายงานนายกทุก ๖ เดือน".to_owned(),
        targets: vec![Target {
            text: "ผู้เข้าร่วมอบรม".to_owned(),
            quantity: Some(36.5),
            unit: "คน".to_owned(),
        }],
        version: 0,
    }
}

fn progress(m: &Measure, round: ReportingRound) -> Progress {
    let mut p = Progress::empty(m.agency_id, m.id, round);
    p.status = ProgressStatus::InProgress;
    p.results = vec![
        ProgressResult::of_summary(
            "จัดอบรมแล้ว ๑ ครั้ง".to_owned(),
            vec![EvidenceLink {
                url: "https://www.nongprung.go.th/news/1".to_owned(),
                label: "ข่าวกิจกรรม".to_owned(),
            }],
        ),
        ProgressResult::of_summary("ผู้เข้าร่วม ๓๖ คน".to_owned(), Vec::new()),
    ];
    p.achieved = vec![Some(12.25)];
    p
}

fn evidence(m: &Measure, round: ReportingRound) -> EvidenceFile {
    EvidenceFile {
        id: EvidenceFileId::new(),
        agency_id: m.agency_id,
        measure_id: m.id,
        round,
        file_name: "รายงานการประชุม.pdf".to_owned(),
        kind: EvidenceKind::Pdf,
        size_bytes: 2048,
        sha256: "ab".repeat(32),
        uploaded_by: None,
        // Nanoseconds: the store keeps microseconds, the same on both backends.
        uploaded_at: Utc.timestamp_opt(1_740_000_000, 123_456_789).unwrap(),
    }
}

fn approval(agency: AgencyId, year: i32, round: ReportingRound, by: UserId) -> RoundApproval {
    RoundApproval {
        agency_id: agency,
        fiscal_year: year,
        round,
        approved_by: Some(by),
        approved_at: Utc.timestamp_opt(1_745_000_000, 987_654_321).unwrap(),
    }
}

fn memo(agency: AgencyId, year: i32) -> PlanMemo {
    PlanMemo {
        agency_id: agency,
        fiscal_year: year,
        from_unit: "สำนักปลัด องค์การบริหารส่วนตำบลหนองปรุง".to_owned(),
        number: "นม ๗๘๕๐๑/๑๒๓".to_owned(),
        date: NaiveDate::from_ymd_opt(2024, 11, 1),
        subject: "มาตรการส่งเสริมคุณธรรมและความโปร่งใส".to_owned(),
        to: "ผู้อำนวยการกองทุกกอง".to_owned(),
        body: vec![
            "ด้วยองค์การบริหารส่วนตำบล".to_owned(),
            "จึงเรียนมาเพื่อทราบ".to_owned(),
        ],
        signer: Some(OfficialId::new()),
        acknowledgers: vec![OfficialId::new(), OfficialId::new()],
    }
}

fn someone() -> Actor {
    Actor {
        user_id: Some(UserId::new()),
    }
}

async fn new_agency(store: &Store, code: &str) -> (Agency, Department, Department) {
    let a = agency(code);
    store.create_agency(CLI, &a).await.unwrap();
    let office = department(a.id, "สำนักปลัด");
    let finance = department(a.id, "กองคลัง");
    store.create_department(CLI, &office).await.unwrap();
    store.create_department(CLI, &finance).await.unwrap();
    (a, office, finance)
}

fn titles_of_topics(topics: &[Topic]) -> Vec<(i32, &str)> {
    topics
        .iter()
        .map(|t| (t.position, t.title.as_str()))
        .collect()
}

fn titles_of_measures(measures: &[Measure]) -> Vec<(i32, &str)> {
    measures
        .iter()
        .map(|m| (m.position, m.title.as_str()))
        .collect()
}

// ---------------------------------------------------------------------------
// Scenarios, each run on both backends
// ---------------------------------------------------------------------------

async fn plan_order_moves_and_deletes(db: &TestDb) {
    let store = &db.store;
    let (a, office, finance) = new_agency(store, "order").await;
    let by = someone();

    let first = topic(a.id, YEAR, "ประเด็นหนึ่ง");
    let second = topic(a.id, YEAR, "ประเด็นสอง");
    store.save_topic(by, &first).await.unwrap();
    store.save_topic(by, &second).await.unwrap();
    // A new topic with a position inside the plan goes there.
    let mut front = topic(a.id, YEAR, "ประเด็นแรกสุด");
    front.position = 1;
    store.save_topic(by, &front).await.unwrap();
    // Another year is another plan.
    store
        .save_topic(by, &topic(a.id, YEAR + 1, "ปีหน้า"))
        .await
        .unwrap();
    let topics = store.list_topics(a.id, YEAR).await.unwrap();
    assert_eq!(
        titles_of_topics(&topics),
        [(1, "ประเด็นแรกสุด"), (2, "ประเด็นหนึ่ง"), (3, "ประเด็นสอง")]
    );
    // Saving an existing topic changes its title, not its place.
    let mut renamed = first.clone();
    renamed.title = "ประเด็นหนึ่ง (แก้ไข)".to_owned();
    renamed.position = 0;
    store.save_topic(by, &renamed).await.unwrap();
    let topics = store.list_topics(a.id, YEAR).await.unwrap();
    assert_eq!(topics[1].title, "ประเด็นหนึ่ง (แก้ไข)");
    assert_eq!(topics[1].position, 2);

    store.move_topic(by, a.id, second.id, -1).await.unwrap();
    store.move_topic(by, a.id, front.id, -1).await.unwrap(); // already first: no-op
    store.move_topic(by, a.id, first.id, 1).await.unwrap(); // already last: no-op
    assert_eq!(
        titles_of_topics(&store.list_topics(a.id, YEAR).await.unwrap()),
        [
            (1, "ประเด็นแรกสุด"),
            (2, "ประเด็นสอง"),
            (3, "ประเด็นหนึ่ง (แก้ไข)")
        ]
    );

    let mut made = Vec::new();
    for (title, t) in [("ก", &first), ("ข", &first), ("ค", &first), ("ง", &second)] {
        let stored = store
            .create_measure(by, &measure(t, title, vec![finance.id, office.id]))
            .await
            .unwrap();
        assert_eq!(stored.version, 1);
        made.push(stored);
    }
    assert_eq!(made[2].position, 3);
    assert_eq!(made[3].position, 1);
    let got = store.get_measure(a.id, made[0].id).await.unwrap().unwrap();
    assert_eq!(got, made[0]);
    assert_eq!(
        got.owners.departments,
        [finance.id, office.id],
        "owner order kept"
    );
    // By topic position, then measure position.
    assert_eq!(
        titles_of_measures(&store.list_measures(a.id, YEAR).await.unwrap()),
        [(1, "ง"), (1, "ก"), (2, "ข"), (3, "ค")]
    );

    store.move_measure(by, a.id, made[2].id, -1).await.unwrap();
    store.move_measure(by, a.id, made[0].id, -1).await.unwrap(); // no-op at the top
    store.move_measure(by, a.id, made[3].id, 1).await.unwrap(); // alone in its topic
    assert_eq!(
        titles_of_measures(&store.list_measures(a.id, YEAR).await.unwrap()),
        [(1, "ง"), (1, "ก"), (2, "ค"), (3, "ข")]
    );
    assert!(matches!(
        store.move_measure(by, a.id, MeasureId::new(), 1).await,
        Err(StoreError::NotFound)
    ));

    // Deleting a measure closes the gap and takes its progress and evidence.
    store
        .save_progress(by, &progress(&made[0], ReportingRound::HalfYear))
        .await
        .unwrap();
    let file = evidence(&made[0], ReportingRound::HalfYear);
    store.add_evidence_file(by, &file).await.unwrap();
    let removed = store.delete_measure(by, a.id, made[0].id).await.unwrap();
    assert_eq!(removed.len(), 1);
    assert_eq!(removed[0].id, file.id);
    assert_eq!(store.get_measure(a.id, made[0].id).await.unwrap(), None);
    assert_eq!(store.get_evidence_file(a.id, file.id).await.unwrap(), None);
    assert_eq!(
        store
            .get_progress(a.id, made[0].id, ReportingRound::HalfYear)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        titles_of_measures(&store.list_measures(a.id, YEAR).await.unwrap()),
        [(1, "ง"), (1, "ค"), (2, "ข")]
    );

    // Deleting a topic takes its measures with their progress and evidence, and
    // hands back the evidence rows.
    let kept = &made[3];
    for m in &made[1..3] {
        store
            .save_progress(by, &progress(m, ReportingRound::FullYear))
            .await
            .unwrap();
    }
    let files = [
        evidence(&made[1], ReportingRound::FullYear),
        evidence(&made[2], ReportingRound::HalfYear),
    ];
    for f in &files {
        store.add_evidence_file(by, f).await.unwrap();
    }
    store
        .add_evidence_file(by, &evidence(kept, ReportingRound::FullYear))
        .await
        .unwrap();
    let mut removed: Vec<_> = store
        .delete_topic(by, a.id, first.id)
        .await
        .unwrap()
        .into_iter()
        .map(|f| f.id)
        .collect();
    removed.sort();
    let mut expected: Vec<_> = files.iter().map(|f| f.id).collect();
    expected.sort();
    assert_eq!(removed, expected);
    assert_eq!(
        titles_of_topics(&store.list_topics(a.id, YEAR).await.unwrap()),
        [(1, "ประเด็นแรกสุด"), (2, "ประเด็นสอง")]
    );
    assert_eq!(
        titles_of_measures(&store.list_measures(a.id, YEAR).await.unwrap()),
        [(1, "ง")]
    );
    assert!(
        store
            .list_progress(a.id, YEAR, ReportingRound::FullYear)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .list_evidence_files(a.id, YEAR, ReportingRound::FullYear)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(matches!(
        store.delete_topic(by, a.id, first.id).await,
        Err(StoreError::NotFound)
    ));

    // Every change is in the audit log, including the rows a delete took along.
    let log = store.list_audit(a.id, 1000).await.unwrap();
    let deleted = |entity: &str| {
        log.iter()
            .filter(|e| e.entity == entity && e.action == AuditAction::Delete)
            .count()
    };
    assert_eq!(deleted("topic"), 1);
    assert_eq!(deleted("measure"), 3);
    assert_eq!(deleted("progress"), 3);
    assert_eq!(deleted("evidence_file"), 3);
    assert!(
        log.iter()
            .all(|e| e.user_id == by.user_id || e.user_id.is_none())
    );
    let moved = log
        .iter()
        .find(|e| {
            e.entity == "topic"
                && e.entity_id == second.id.to_string()
                && e.action == AuditAction::Update
        })
        .unwrap();
    assert_eq!(moved.before.as_ref().unwrap()["position"], 3);
    assert_eq!(moved.after.as_ref().unwrap()["position"], 2);
}

async fn stale_updates_are_refused(db: &TestDb) {
    let store = &db.store;
    let (a, office, finance) = new_agency(store, "stale").await;
    let t = topic(a.id, YEAR, "ประเด็น");
    let other = topic(a.id, YEAR, "ประเด็นอื่น");
    store.save_topic(CLI, &t).await.unwrap();
    store.save_topic(CLI, &other).await.unwrap();
    let m1 = store
        .create_measure(CLI, &measure(&t, "หนึ่ง", vec![office.id]))
        .await
        .unwrap();
    let m2 = store
        .create_measure(CLI, &measure(&t, "สอง", vec![]))
        .await
        .unwrap();
    store
        .create_measure(CLI, &measure(&other, "อื่น", vec![]))
        .await
        .unwrap();

    // Two people load version 1; the first save wins.
    let mut mine = m1.clone();
    mine.title = "หนึ่ง (ฉบับของฉัน)".to_owned();
    mine.owners.departments = vec![finance.id];
    let saved = store.update_measure(CLI, &mine).await.unwrap();
    assert_eq!(saved.version, 2);
    assert_eq!(saved.owners.departments, [finance.id]);
    assert_eq!(
        store.get_measure(a.id, m1.id).await.unwrap(),
        Some(saved.clone())
    );
    let mut theirs = m1.clone();
    theirs.title = "หนึ่ง (ฉบับของเขา)".to_owned();
    assert!(matches!(
        store.update_measure(CLI, &theirs).await,
        Err(StoreError::Stale)
    ));
    assert_eq!(
        store.get_measure(a.id, m1.id).await.unwrap(),
        Some(saved.clone())
    );
    let updates = store
        .list_audit(a.id, 1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.entity == "measure" && e.action == AuditAction::Update)
        .count();
    assert_eq!(updates, 1, "a refused save leaves no audit row");

    // Another topic puts it at that topic's end and closes the gap it leaves.
    let mut moved = saved.clone();
    moved.topic_id = other.id;
    let moved = store.update_measure(CLI, &moved).await.unwrap();
    assert_eq!((moved.position, moved.version), (2, 3));
    assert_eq!(
        store
            .get_measure(a.id, m2.id)
            .await
            .unwrap()
            .unwrap()
            .position,
        1
    );
    assert!(matches!(
        store.update_measure(CLI, &measure(&t, "ไม่มี", vec![])).await,
        Err(StoreError::NotFound)
    ));
}

async fn measures_stay_within_their_agency(db: &TestDb) {
    let store = &db.store;
    let (a, office, _) = new_agency(store, "mine").await;
    let (b, theirs_dept, _) = new_agency(store, "theirs").await;
    let t = topic(a.id, YEAR, "ของเรา");
    let u = topic(b.id, YEAR, "ของเขา");
    store.save_topic(CLI, &t).await.unwrap();
    store.save_topic(CLI, &u).await.unwrap();
    let m = store
        .create_measure(CLI, &measure(&t, "มาตรการ", vec![office.id]))
        .await
        .unwrap();

    assert_eq!(store.get_measure(b.id, m.id).await.unwrap(), None);
    assert!(store.list_measures(b.id, YEAR).await.unwrap().is_empty());
    let mut foreign = m.clone();
    foreign.agency_id = b.id;
    assert!(matches!(
        store.update_measure(CLI, &foreign).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.delete_measure(CLI, b.id, m.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.move_measure(CLI, b.id, m.id, 1).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.delete_topic(CLI, b.id, t.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.move_topic(CLI, b.id, t.id, 1).await,
        Err(StoreError::NotFound)
    ));
    let mut p = progress(&m, ReportingRound::HalfYear);
    p.agency_id = b.id;
    assert!(matches!(
        store.save_progress(CLI, &p).await,
        Err(StoreError::NotFound)
    ));

    // Another agency's topic or department cannot be referenced, on create or update.
    let mut on_their_topic = measure(&t, "ผิดหน่วยงาน", vec![]);
    on_their_topic.topic_id = u.id;
    assert!(matches!(
        store.create_measure(CLI, &on_their_topic).await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store
            .create_measure(CLI, &measure(&t, "ผิดกอง", vec![theirs_dept.id]))
            .await,
        Err(StoreError::Invalid(_))
    ));
    let mut moved = m.clone();
    moved.topic_id = u.id;
    assert!(matches!(
        store.update_measure(CLI, &moved).await,
        Err(StoreError::Invalid(_))
    ));
    let mut owned = m.clone();
    owned.owners.departments = vec![theirs_dept.id];
    assert!(matches!(
        store.update_measure(CLI, &owned).await,
        Err(StoreError::Invalid(_))
    ));
    // A topic of another year is refused too: a measure's year is its topic's.
    let next = topic(a.id, YEAR + 1, "ปีหน้า");
    store.save_topic(CLI, &next).await.unwrap();
    let mut other_year = m.clone();
    other_year.topic_id = next.id;
    assert!(matches!(
        store.update_measure(CLI, &other_year).await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(store.get_measure(a.id, m.id).await.unwrap(), Some(m));
    assert!(store.list_measures(b.id, YEAR).await.unwrap().is_empty());
}

async fn an_owner_department_cannot_be_deleted(db: &TestDb) {
    let store = &db.store;
    let (a, office, spare) = new_agency(store, "owners").await;
    let t = topic(a.id, YEAR, "ประเด็น");
    store.save_topic(CLI, &t).await.unwrap();
    let m = store
        .create_measure(CLI, &measure(&t, "มาตรการ", vec![office.id]))
        .await
        .unwrap();
    assert!(matches!(
        store.delete_department(CLI, a.id, office.id).await,
        Err(StoreError::InUse { by }) if by == "measures"
    ));
    assert!(
        store
            .list_departments(a.id)
            .await
            .unwrap()
            .iter()
            .any(|d| d.id == office.id),
        "the department is still there"
    );
    store.delete_measure(CLI, a.id, m.id).await.unwrap();
    store.delete_department(CLI, a.id, office.id).await.unwrap();
    store.delete_department(CLI, a.id, spare.id).await.unwrap();
}

async fn copying_a_plan(db: &TestDb) {
    let store = &db.store;
    let (a, office, _) = new_agency(store, "copy").await;
    let (b, _, _) = new_agency(store, "bystander").await;
    let first = topic(a.id, YEAR, "หนึ่ง");
    let second = topic(a.id, YEAR, "สอง");
    store.save_topic(CLI, &first).await.unwrap();
    store.save_topic(CLI, &second).await.unwrap();
    for (t, title) in [(&second, "ค"), (&first, "ก"), (&first, "ข")] {
        store
            .create_measure(CLI, &measure(t, title, vec![office.id]))
            .await
            .unwrap();
    }
    let mut edited = store.list_measures(a.id, YEAR).await.unwrap()[0].clone();
    edited.title = "ก (แก้ไข)".to_owned();
    store.update_measure(CLI, &edited).await.unwrap();

    assert_eq!(store.measure_years(a.id).await.unwrap(), vec![YEAR]);
    assert_eq!(store.copy_plan(CLI, a.id, YEAR, YEAR + 1).await.unwrap(), 3);
    assert_eq!(
        store.measure_years(a.id).await.unwrap(),
        vec![YEAR + 1, YEAR],
        "newest first"
    );
    assert!(store.measure_years(b.id).await.unwrap().is_empty());
    let old = store.list_measures(a.id, YEAR).await.unwrap();
    let new = store.list_measures(a.id, YEAR + 1).await.unwrap();
    assert_eq!(titles_of_measures(&new), titles_of_measures(&old));
    let new_topics = store.list_topics(a.id, YEAR + 1).await.unwrap();
    assert_eq!(
        titles_of_topics(&new_topics),
        titles_of_topics(&store.list_topics(a.id, YEAR).await.unwrap())
    );
    for (o, n) in old.iter().zip(&new) {
        assert_ne!(o.id, n.id);
        assert_eq!(n.version, 1);
        assert_eq!(n.fiscal_year, YEAR + 1);
        assert_eq!(n.owners, o.owners);
        assert!(new_topics.iter().any(|t| t.id == n.topic_id));
    }
    assert_eq!(
        new[0].timeframe,
        Timeframe::Dates {
            start: NaiveDate::from_ymd_opt(2025, 10, 1).unwrap(),
            end: NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
        }
    );
    // A year that has a plan is not overwritten; a year without one has nothing to copy.
    assert!(matches!(
        store.copy_plan(CLI, a.id, YEAR, YEAR + 1).await,
        Err(StoreError::Conflict { field }) if field == "fiscal_year"
    ));
    assert!(matches!(
        store.copy_plan(CLI, a.id, YEAR - 1, YEAR + 2).await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store.copy_plan(CLI, b.id, YEAR, YEAR + 1).await,
        Err(StoreError::Invalid(_))
    ));
    assert!(store.list_topics(b.id, YEAR + 1).await.unwrap().is_empty());
}

async fn progress_versions(db: &TestDb) {
    let store = &db.store;
    let (a, _, _) = new_agency(store, "progress").await;
    let t = topic(a.id, YEAR, "ประเด็น");
    store.save_topic(CLI, &t).await.unwrap();
    let m = store
        .create_measure(CLI, &measure(&t, "มาตรการ", vec![]))
        .await
        .unwrap();
    let round = ReportingRound::HalfYear;
    assert_eq!(store.get_progress(a.id, m.id, round).await.unwrap(), None);

    let by = someone();
    let first = store.save_progress(by, &progress(&m, round)).await.unwrap();
    assert_eq!(first.version, 1);
    assert_eq!(first.updated_by, by.user_id);
    assert!(first.updated_at > Utc.timestamp_opt(1_700_000_000, 0).unwrap());
    assert_eq!(first.achieved, [Some(12.25)]);
    assert_eq!(
        store.get_progress(a.id, m.id, round).await.unwrap(),
        Some(first.clone())
    );
    // Someone else also started from "nothing reported yet".
    assert!(matches!(
        store.save_progress(CLI, &progress(&m, round)).await,
        Err(StoreError::Stale)
    ));

    let mut done = first.clone();
    done.status = ProgressStatus::Done;
    done.outcome = "ผู้เข้าร่วมพึงพอใจ".to_owned();
    let second = store.save_progress(CLI, &done).await.unwrap();
    assert_eq!(second.version, 2);
    assert_eq!(second.updated_by, None);
    assert_eq!(second.status, ProgressStatus::Done);
    let mut late = first.clone();
    late.results[0].text = "ฉบับเก่า".to_owned();
    assert!(matches!(
        store.save_progress(by, &late).await,
        Err(StoreError::Stale)
    ));
    assert_eq!(
        store.get_progress(a.id, m.id, round).await.unwrap(),
        Some(second.clone())
    );
    assert_eq!(
        store.list_progress(a.id, YEAR, round).await.unwrap(),
        [second]
    );
    assert!(
        store
            .list_progress(a.id, YEAR, ReportingRound::FullYear)
            .await
            .unwrap()
            .is_empty()
    );
    let mut nowhere = progress(&m, round);
    nowhere.measure_id = MeasureId::new();
    assert!(matches!(
        store.save_progress(CLI, &nowhere).await,
        Err(StoreError::NotFound)
    ));

    let log = store.list_audit(a.id, 1000).await.unwrap();
    let actions: Vec<_> = log
        .iter()
        .rev()
        .filter(|e| e.entity == "progress")
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, [AuditAction::Create, AuditAction::Update]);
}

async fn approval_locks_the_round(db: &TestDb) {
    let store = &db.store;
    let (a, _, _) = new_agency(store, "locked").await;
    let t = topic(a.id, YEAR, "ประเด็น");
    store.save_topic(CLI, &t).await.unwrap();
    let m = store
        .create_measure(CLI, &measure(&t, "มาตรการ", vec![]))
        .await
        .unwrap();
    let round = ReportingRound::HalfYear;
    let saved = store
        .save_progress(CLI, &progress(&m, round))
        .await
        .unwrap();
    let kept = evidence(&m, round);
    store.add_evidence_file(CLI, &kept).await.unwrap();
    let stored_file = store
        .get_evidence_file(a.id, kept.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        stored_file.uploaded_at,
        Utc.timestamp_opt(1_740_000_000, 123_456_000).unwrap(),
        "kept to the microsecond"
    );

    let executive = UserId::new();
    assert_eq!(
        store.get_round_approval(a.id, YEAR, round).await.unwrap(),
        None
    );
    store
        .approve_round(CLI, &approval(a.id, YEAR, round, executive))
        .await
        .unwrap();
    let approved = store
        .get_round_approval(a.id, YEAR, round)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(approved.approved_by, Some(executive));
    assert_eq!(
        approved.approved_at,
        Utc.timestamp_opt(1_745_000_000, 987_654_000).unwrap()
    );
    assert!(matches!(
        store
            .approve_round(CLI, &approval(a.id, YEAR, round, executive))
            .await,
        Err(StoreError::Conflict { field }) if field == "round"
    ));

    let mut change = saved.clone();
    change.results[0].text = "แก้หลังอนุมัติ".to_owned();
    assert!(matches!(
        store.save_progress(CLI, &change).await,
        Err(StoreError::Locked)
    ));
    assert!(matches!(
        store.add_evidence_file(CLI, &evidence(&m, round)).await,
        Err(StoreError::Locked)
    ));
    assert!(matches!(
        store.delete_evidence_file(CLI, a.id, kept.id).await,
        Err(StoreError::Locked)
    ));
    assert_eq!(
        store.get_progress(a.id, m.id, round).await.unwrap(),
        Some(saved.clone())
    );
    assert_eq!(
        store.list_evidence_files(a.id, YEAR, round).await.unwrap(),
        [stored_file]
    );
    // The other round, and the same round of another year, stay open.
    store
        .save_progress(CLI, &progress(&m, ReportingRound::FullYear))
        .await
        .unwrap();
    store
        .approve_round(CLI, &approval(a.id, YEAR + 1, round, executive))
        .await
        .unwrap();

    let admin = someone();
    store.reopen_round(admin, a.id, YEAR, round).await.unwrap();
    assert_eq!(
        store.get_round_approval(a.id, YEAR, round).await.unwrap(),
        None
    );
    assert!(matches!(
        store.reopen_round(admin, a.id, YEAR, round).await,
        Err(StoreError::NotFound)
    ));
    let log = store.list_audit(a.id, 1000).await.unwrap();
    let reopened = log
        .iter()
        .find(|e| e.entity == "round_approval" && e.action == AuditAction::Delete)
        .unwrap();
    assert_eq!(reopened.user_id, admin.user_id, "who reopened it");
    assert_eq!(reopened.entity_id, format!("{YEAR}/half_year"));
    assert_eq!(
        reopened.before.as_ref().unwrap()["approved_by"],
        executive.to_string(),
        "who had approved it"
    );

    let after = store.save_progress(CLI, &change).await.unwrap();
    assert_eq!(after.version, 2);
    store
        .delete_evidence_file(CLI, a.id, kept.id)
        .await
        .unwrap();
    assert_eq!(store.get_evidence_file(a.id, kept.id).await.unwrap(), None);
    assert!(matches!(
        store.delete_evidence_file(CLI, a.id, kept.id).await,
        Err(StoreError::NotFound)
    ));
}

async fn plan_memo_saved_and_replaced(db: &TestDb) {
    let store = &db.store;
    let (a, _, _) = new_agency(store, "memo").await;
    assert_eq!(store.get_plan_memo(a.id, YEAR).await.unwrap(), None);
    let mut m = memo(a.id, YEAR);
    store.save_plan_memo(CLI, &m).await.unwrap();
    assert_eq!(
        store.get_plan_memo(a.id, YEAR).await.unwrap(),
        Some(m.clone())
    );
    m.subject.push_str(" (ฉบับแก้ไข)");
    m.acknowledgers.pop();
    store.save_plan_memo(CLI, &m).await.unwrap();
    assert_eq!(
        store.get_plan_memo(a.id, YEAR).await.unwrap(),
        Some(m.clone())
    );
    assert_eq!(store.get_plan_memo(a.id, YEAR + 1).await.unwrap(), None);
    assert_eq!(
        store.get_plan_memo(AgencyId::new(), YEAR).await.unwrap(),
        None
    );
    let actions: Vec<_> = store
        .list_audit(a.id, 1000)
        .await
        .unwrap()
        .into_iter()
        .rev()
        .filter(|e| e.entity == "plan_memo")
        .map(|e| (e.action, e.entity_id))
        .collect();
    assert_eq!(
        actions,
        [
            (AuditAction::Create, YEAR.to_string()),
            (AuditAction::Update, YEAR.to_string())
        ]
    );
    assert!(matches!(
        store
            .save_plan_memo(CLI, &memo(AgencyId::new(), YEAR))
            .await,
        Err(StoreError::Invalid(_))
    ));
}

async fn concurrent_writers_keep_positions_and_versions(db: &TestDb) {
    let store = &db.store;
    let (a, _, _) = new_agency(store, "busy").await;
    let t = topic(a.id, YEAR, "ประเด็น");
    store.save_topic(CLI, &t).await.unwrap();
    let target = store
        .create_measure(CLI, &measure(&t, "มาตรการร่วม", vec![]))
        .await
        .unwrap();

    // Writers appending measures and topics at once must not number the same
    // place twice; writers saving one measure's first report must not both win.
    const WRITERS: usize = 8;
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(WRITERS));
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..WRITERS {
        let start = std::sync::Arc::clone(&start);
        let store = store.clone();
        let (t, target) = (t.clone(), target.clone());
        tasks.spawn(async move {
            start.wait().await;
            store
                .create_measure(CLI, &measure(&t, &format!("ที่ {i}"), vec![]))
                .await?;
            store
                .save_topic(CLI, &topic(t.agency_id, YEAR, &format!("ประเด็นที่ {i}")))
                .await?;
            match store
                .save_progress(CLI, &progress(&target, ReportingRound::HalfYear))
                .await
            {
                Ok(_) => Ok(true),
                Err(StoreError::Stale) => Ok(false),
                Err(e) => Err(e),
            }
        });
    }
    let mut first_reports = 0;
    while let Some(done) = tasks.join_next().await {
        if done.expect("task").expect("concurrent write") {
            first_reports += 1;
        }
    }
    assert_eq!(
        first_reports, 1,
        "one first report wins, the others are stale"
    );
    let positions: Vec<_> = store
        .list_measures(a.id, YEAR)
        .await
        .unwrap()
        .iter()
        .map(|m| m.position)
        .collect();
    assert_eq!(positions, (1..=9).collect::<Vec<_>>());
    let positions: Vec<_> = store
        .list_topics(a.id, YEAR)
        .await
        .unwrap()
        .iter()
        .map(|t| t.position)
        .collect();
    assert_eq!(positions, (1..=9).collect::<Vec<_>>());
}

/// Fills one agency's measures cycle: two years of plans, progress in both
/// rounds, evidence, an approval, a reopened round and a memo. Returns the agency.
async fn seed_cycle(store: &Store, code: &str) -> Agency {
    let (a, office, finance) = new_agency(store, code).await;
    let by = someone();
    let topics = [
        topic(a.id, YEAR, "ประเด็นหนึ่ง"),
        topic(a.id, YEAR, "ประเด็นสอง"),
    ];
    for t in &topics {
        store.save_topic(by, t).await.unwrap();
    }
    let mut measures = Vec::new();
    for (i, t) in [&topics[0], &topics[1], &topics[0]].into_iter().enumerate() {
        let mut m = measure(
            t,
            &format!("มาตรการที่ {}", i + 1),
            vec![office.id, finance.id],
        );
        if i == 1 {
            m.timeframe = Timeframe::Quarters {
                first: Quarter::Q2,
                last: Quarter::Q3,
            };
            m.targets.push(Target {
                text: "เผยแพร่ข่าว".to_owned(),
                quantity: None,
                unit: String::new(),
            });
        }
        measures.push(store.create_measure(by, &m).await.unwrap());
    }
    measures[0].title.push_str(" (ปรับปรุง)");
    store.update_measure(by, &measures[0]).await.unwrap();
    store
        .move_measure(by, a.id, measures[2].id, -1)
        .await
        .unwrap();
    for m in &measures {
        for round in [ReportingRound::HalfYear, ReportingRound::FullYear] {
            store.save_progress(by, &progress(m, round)).await.unwrap();
            store
                .add_evidence_file(by, &evidence(m, round))
                .await
                .unwrap();
        }
    }
    store
        .approve_round(
            by,
            &approval(a.id, YEAR, ReportingRound::HalfYear, UserId::new()),
        )
        .await
        .unwrap();
    store
        .approve_round(
            by,
            &approval(a.id, YEAR, ReportingRound::FullYear, UserId::new()),
        )
        .await
        .unwrap();
    store
        .reopen_round(by, a.id, YEAR, ReportingRound::FullYear)
        .await
        .unwrap();
    store.copy_plan(by, a.id, YEAR, YEAR + 1).await.unwrap();
    store.save_plan_memo(by, &memo(a.id, YEAR)).await.unwrap();
    store
        .save_plan_memo(by, &memo(a.id, YEAR + 1))
        .await
        .unwrap();
    a
}

async fn bundles_carry_the_cycle(db: &TestDb) {
    let a = seed_cycle(&db.store, "bundled").await;
    seed_cycle(&db.store, "neighbour").await;
    let exported = db.store.export_agency(a.id).await.unwrap();
    assert_eq!(exported.topics.len(), 4);
    assert_eq!(exported.measures.len(), 6);
    assert_eq!(exported.progress.len(), 6);
    assert_eq!(exported.evidence_files.len(), 6);
    assert_eq!(exported.round_approvals.len(), 1);
    assert_eq!(exported.plan_memos.len(), 2);
    let ids: Vec<_> = exported.measures.iter().map(|m| m.id).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "measures by id");
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
    // The imported cycle works: the approval still locks, versions continue.
    assert_eq!(
        target.store.list_measures(a.id, YEAR).await.unwrap(),
        db.store.list_measures(a.id, YEAR).await.unwrap()
    );
    let locked = exported
        .progress
        .iter()
        .find(|p| p.round == ReportingRound::HalfYear)
        .unwrap();
    assert!(matches!(
        target.store.save_progress(CLI, locked).await,
        Err(StoreError::Locked)
    ));

    // A bundle written before the cycle existed still reads, with none of it.
    let mut older = serde_json::to_value(Bundle::new(vec![exported.clone()])).unwrap();
    for field in [
        "topics",
        "measures",
        "progress",
        "evidence_files",
        "round_approvals",
        "plan_memos",
    ] {
        assert!(
            older["agencies"][0]
                .as_object_mut()
                .unwrap()
                .remove(field)
                .is_some(),
            "{field}"
        );
    }
    let older: Bundle = serde_json::from_value(older).unwrap();
    assert!(older.agencies[0].measures.is_empty());

    // A row of another agency is refused, and nothing is written.
    let mut foreign = exported.clone();
    foreign.progress[0].agency_id = AgencyId::new();
    let elsewhere = db.fresh().await;
    assert!(matches!(
        elsewhere
            .store
            .import_bundle(&Bundle::new(vec![foreign]))
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert!(elsewhere.store.list_agencies().await.unwrap().is_empty());
}

on_both_backends!(
    plan_order_moves_and_deletes,
    stale_updates_are_refused,
    measures_stay_within_their_agency,
    an_owner_department_cannot_be_deleted,
    copying_a_plan,
    progress_versions,
    approval_locks_the_round,
    plan_memo_saved_and_replaced,
    concurrent_writers_keep_positions_and_versions,
    bundles_carry_the_cycle,
);

// ---------------------------------------------------------------------------
// Cross-backend
// ---------------------------------------------------------------------------

#[tokio::test]
async fn cycle_moves_between_backends() {
    assert_moves_between_backends(async |store: &Store, code: &str| {
        seed_cycle(store, code).await.id
    })
    .await;
}
