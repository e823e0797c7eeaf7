//! The repository conformance suite: one set of scenarios, run against SQLite
//! always and against PostgreSQL when `PRONGSAI_TEST_DATABASE_URL` names a server
//! (an admin URL such as `postgres://postgres:postgres@127.0.0.1:5432/postgres`;
//! `.ci/postgres.sh` starts one and prints it). Every test gets its own database:
//! a temporary SQLite file, or a fresh PostgreSQL database created through the
//! admin URL and dropped afterwards, so tests run in parallel without colliding.
//!
//! Scenarios are backend-generic functions taking a [`TestDb`]; the
//! `on_both_backends!` list at the end runs each on both. Tests that compare the
//! two backends (schema parity, cross-backend export/import) follow it.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, TimeZone, Utc};
use prongsai_core::bundle::Bundle;
use prongsai_core::ita::{Answer, OitInput, ScoreInput, SurveyInput};
use prongsai_core::model::{
    Agency, AgencyId, AgencyKind, AuditAction, Department, DepartmentId, ItaResult, Logo, Official,
    OfficialId, ResultSource, Role, User, UserId,
};
use prongsai_store::{
    Actor, Backend, Session, Store, StoreError, StoredAnalysis, StoredFramework, unique_key_field,
};
use serde_json::{Value, json};
use sqlx::Connection as _;

use common::{TestDb, assert_moves_between_backends, json_text, with_database};

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
        district: "เมืองกระบี่".to_owned(),
        province: "กระบี่".to_owned(),
        website: Some(format!("https://{code}.go.th")),
        thai_digits: true,
        logo: Some(Logo {
            content_type: "image/png".to_owned(),
            bytes: vec![0x89, b'P', b'N', b'G', 0, 1, 2, 3],
        }),
    }
}

fn department(agency: AgencyId, name: &str, sort_order: i32) -> Department {
    Department {
        agency_id: agency,
        id: DepartmentId::new(),
        name: name.to_owned(),
        sort_order,
    }
}

fn official(agency: AgencyId, first: &str, department: Option<DepartmentId>) -> Official {
    Official {
        agency_id: agency,
        id: OfficialId::new(),
        title: "นาย".to_owned(),
        first_name: first.to_owned(),
        last_name: "ใจดี".to_owned(),
        position: "ปลัดองค์การบริหารส่วนตำบล".to_owned(),
        department_id: department,
    }
}

fn user(agency: Option<AgencyId>, username: &str) -> User {
    User {
        id: UserId::new(),
        agency_id: agency,
        username: username.to_owned(),
        display_name: "สมหญิง รักดี".to_owned(),
        role: if agency.is_some() {
            Role::Admin
        } else {
            Role::Supervisor
        },
        department_id: None,
        supervised_province: None,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo".to_owned(),
        active: true,
    }
}

fn ita_result(agency: AgencyId, year: i32, source: ResultSource) -> ItaResult {
    ItaResult {
        agency_id: agency,
        fiscal_year: year,
        source,
        input: ScoreInput {
            year,
            iit: Some(SurveyInput::Indicators(BTreeMap::from([
                ("1".to_owned(), 91.25),
                ("2".to_owned(), 100.0),
            ]))),
            eit: Some(SurveyInput::Questions(BTreeMap::from([(
                "e1".to_owned(),
                vec![
                    Answer::Level(4),
                    Answer::YesNo(true),
                    Answer::SubItems(vec![Answer::YesNo(false), Answer::Level(2)]),
                ],
            )]))),
            oit: Some(OitInput::Items(BTreeMap::from([
                ("O1".to_owned(), true),
                ("O2".to_owned(), false),
            ]))),
        },
        published_total: Some(87.63),
        published_rating: Some("A".to_owned()),
        note: "ประกาศบนเว็บไซต์ ป.ป.ช.".to_owned(),
    }
}

fn framework(agency: AgencyId, year: i32) -> StoredFramework {
    StoredFramework {
        agency_id: agency,
        fiscal_year: year,
        document: json!({
            "year": year,
            "zeta": "keys keep their order",
            "alpha": [1, 2.5, "สาม", null, {"b": true, "a": false}],
        }),
    }
}

fn analysis(agency: AgencyId, year: i32, source: ResultSource) -> StoredAnalysis {
    StoredAnalysis {
        agency_id: agency,
        fiscal_year: year,
        source,
        settings: json!({"tone": "formal", "compare_with": year - 1, "charts": true}),
        text: json!({
            "zeta": "keys keep their order",
            "paragraphs": [
                format!("ผลการประเมิน ITA ปีงบประมาณ พ.ศ. {year}"),
                "ควรเปิดเผยข้อมูลให้ครบถ้วน",
            ],
            "alpha": {"b": 1.5, "a": null},
        }),
    }
}

fn actor(user: &User) -> Actor {
    Actor {
        user_id: Some(user.id),
    }
}

/// Fills one agency with a bit of everything, including updates and deletes so
/// its audit log has every kind of row. Returns the agency.
async fn seed(store: &Store, code: &str) -> Agency {
    let a = agency(code);
    store.create_agency(CLI, &a).await.unwrap();
    let admin = user(Some(a.id), &format!("admin.{code}"));
    store.create_user(CLI, &admin).await.unwrap();
    let by = actor(&admin);

    let finance = department(a.id, "กองคลัง", 2);
    let office = department(a.id, "สำนักปลัด", 1);
    let gone = department(a.id, "ส่วนที่ยุบ", 9);
    for d in [&finance, &office, &gone] {
        store.create_department(by, d).await.unwrap();
    }
    store.delete_department(by, a.id, gone.id).await.unwrap();

    let mut head = user(Some(a.id), &format!("head.{code}"));
    head.role = Role::DepartmentHead;
    head.department_id = Some(finance.id);
    store.create_user(by, &head).await.unwrap();

    let somchai = official(a.id, "สมชาย", Some(office.id));
    let mut somsri = official(a.id, "สมศรี", None);
    store.create_official(by, &somchai).await.unwrap();
    store.create_official(by, &somsri).await.unwrap();
    somsri.department_id = Some(finance.id);
    store.update_official(by, &somsri).await.unwrap();

    store
        .save_ita_result(by, &ita_result(a.id, 2567, ResultSource::Official))
        .await
        .unwrap();
    let mut own = ita_result(a.id, 2568, ResultSource::SelfAssessed);
    store.save_ita_result(by, &own).await.unwrap();
    own.published_total = None;
    own.published_rating = None;
    store.save_ita_result(by, &own).await.unwrap();
    store
        .save_framework(by, &framework(a.id, 2568))
        .await
        .unwrap();
    let mut edited = analysis(a.id, 2568, ResultSource::SelfAssessed);
    store.save_analysis(by, &edited).await.unwrap();
    edited.text["paragraphs"][1] = json!("แก้ไขโดยผู้ใช้");
    store.save_analysis(by, &edited).await.unwrap();
    // The analysis of a result that is no longer entered is kept all the same.
    store
        .save_analysis(by, &analysis(a.id, 2566, ResultSource::Official))
        .await
        .unwrap();

    let mut renamed = a.clone();
    renamed.name.push_str(" (ชื่อใหม่)");
    store.update_agency(by, &renamed).await.unwrap();
    renamed
}

fn is_conflict(result: Result<(), StoreError>, expected: &str) -> bool {
    matches!(result, Err(StoreError::Conflict { field }) if field == expected)
}

// ---------------------------------------------------------------------------
// Scenarios, each run on both backends
// ---------------------------------------------------------------------------

async fn agencies_crud_and_audit(db: &TestDb) {
    let store = &db.store;
    let b = agency("bangkhla");
    let a = agency("ao-nang");
    store.create_agency(CLI, &b).await.unwrap();
    store.create_agency(CLI, &a).await.unwrap();

    assert_eq!(store.get_agency(a.id).await.unwrap(), Some(a.clone()));
    assert_eq!(store.get_agency(AgencyId::new()).await.unwrap(), None);
    assert_eq!(
        store.find_agency_by_code("bangkhla").await.unwrap(),
        Some(b.clone())
    );
    assert_eq!(store.find_agency_by_code("nowhere").await.unwrap(), None);
    assert_eq!(
        store.list_agencies().await.unwrap(),
        vec![a.clone(), b.clone()],
        "agencies are listed by code"
    );

    let admin = user(Some(a.id), "admin.aonang");
    store.create_user(CLI, &admin).await.unwrap();
    let mut changed = a.clone();
    changed.name = "เทศบาลตำบลอ่าวนาง".to_owned();
    changed.kind = AgencyKind::SubdistrictMunicipality;
    changed.website = None;
    changed.logo = None;
    store.update_agency(actor(&admin), &changed).await.unwrap();
    assert_eq!(store.get_agency(a.id).await.unwrap(), Some(changed.clone()));

    let missing = agency("ghost");
    assert!(matches!(
        store.update_agency(CLI, &missing).await,
        Err(StoreError::NotFound)
    ));

    let log = store.list_audit(a.id, 10).await.unwrap();
    let kinds: Vec<_> = log.iter().map(|e| (e.entity.as_str(), e.action)).collect();
    assert_eq!(
        kinds,
        [
            ("agency", AuditAction::Update),
            ("user", AuditAction::Create),
            ("agency", AuditAction::Create),
        ],
        "newest first"
    );
    let update = &log[0];
    assert_eq!(update.agency_id, Some(a.id));
    assert_eq!(update.user_id, Some(admin.id));
    assert_eq!(update.entity_id, a.id.to_string());
    let before = update.before.as_ref().unwrap();
    let after = update.after.as_ref().unwrap();
    assert_eq!(before["name"], json!(a.name));
    assert_eq!(after["name"], json!(changed.name));
    // The logo is described, never copied into the trail.
    assert_eq!(
        before["logo"],
        json!({"content_type": "image/png", "size": 8})
    );
    assert_eq!(after["logo"], Value::Null);
    let create = &log[2];
    assert_eq!(create.user_id, None, "the command line has no user");
    assert_eq!(create.before, None);
    assert_eq!(create.after.as_ref().unwrap()["code"], json!("ao-nang"));
    assert!(log.windows(2).all(|w| w[0].at >= w[1].at));

    // Each agency sees only its own trail.
    let other = store.list_audit(b.id, 10).await.unwrap();
    assert_eq!(other.len(), 1);
    assert_eq!(other[0].entity_id, b.id.to_string());
}

async fn departments_crud_and_audit(db: &TestDb) {
    let store = &db.store;
    let a = agency("khao-thong");
    store.create_agency(CLI, &a).await.unwrap();
    let engineering = department(a.id, "กองช่าง", 3);
    let finance = department(a.id, "กองคลัง", 2);
    let office = department(a.id, "สำนักปลัด", 1);
    let education = department(a.id, "กองการศึกษา", 3);
    for d in [&engineering, &finance, &office, &education] {
        store.create_department(CLI, d).await.unwrap();
    }
    let listed: Vec<_> = store
        .list_departments(a.id)
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.name)
        .collect();
    // By sort order, then name (byte order: ก is before ช).
    assert_eq!(listed, ["สำนักปลัด", "กองคลัง", "กองการศึกษา", "กองช่าง"]);

    let mut renamed = finance.clone();
    renamed.name = "กองคลังและพัสดุ".to_owned();
    renamed.sort_order = 0;
    store.update_department(CLI, &renamed).await.unwrap();
    assert_eq!(
        store.get_department(a.id, finance.id).await.unwrap(),
        Some(renamed.clone())
    );

    store
        .delete_department(CLI, a.id, education.id)
        .await
        .unwrap();
    assert_eq!(
        store.get_department(a.id, education.id).await.unwrap(),
        None
    );
    assert!(matches!(
        store.delete_department(CLI, a.id, education.id).await,
        Err(StoreError::NotFound)
    ));
    let mut ghost = department(a.id, "ไม่มีจริง", 1);
    assert!(matches!(
        store.update_department(CLI, &ghost).await,
        Err(StoreError::NotFound)
    ));
    ghost.agency_id = AgencyId::new();
    assert!(
        matches!(
            store.create_department(CLI, &ghost).await,
            Err(StoreError::Invalid(_))
        ),
        "a department of an agency that does not exist"
    );

    let log = store.list_audit(a.id, 3).await.unwrap();
    assert_eq!(log.len(), 3, "the limit applies");
    assert_eq!(log[0].action, AuditAction::Delete);
    assert_eq!(log[0].entity, "department");
    assert_eq!(log[0].entity_id, education.id.to_string());
    assert_eq!(log[0].before.as_ref().unwrap()["name"], json!("กองการศึกษา"));
    assert_eq!(log[0].after, None);
    assert_eq!(log[1].action, AuditAction::Update);
    assert_eq!(log[1].before, Some(serde_json::to_value(&finance).unwrap()));
    assert_eq!(log[1].after, Some(serde_json::to_value(&renamed).unwrap()));
    assert_eq!(store.list_audit(a.id, 100).await.unwrap().len(), 7);
}

async fn officials_crud_and_audit(db: &TestDb) {
    let store = &db.store;
    let a = agency("nong-thale");
    store.create_agency(CLI, &a).await.unwrap();
    let office = department(a.id, "สำนักปลัด", 1);
    store.create_department(CLI, &office).await.unwrap();

    let somsri = official(a.id, "สมศรี", Some(office.id));
    let mut somchai = official(a.id, "สมชาย", None);
    let anan = official(a.id, "อนันต์", None);
    for o in [&somsri, &somchai, &anan] {
        store.create_official(CLI, o).await.unwrap();
    }
    let names: Vec<_> = store
        .list_officials(a.id)
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.first_name)
        .collect();
    assert_eq!(names, ["สมชาย", "สมศรี", "อนันต์"], "by first name");

    somchai.position = "รองปลัด".to_owned();
    somchai.department_id = Some(office.id);
    store.update_official(CLI, &somchai).await.unwrap();
    assert_eq!(
        store.get_official(a.id, somchai.id).await.unwrap(),
        Some(somchai.clone())
    );
    store.delete_official(CLI, a.id, anan.id).await.unwrap();
    assert_eq!(store.get_official(a.id, anan.id).await.unwrap(), None);
    assert!(matches!(
        store.delete_official(CLI, a.id, anan.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.update_official(CLI, &anan).await,
        Err(StoreError::NotFound)
    ));

    // A department that is not the agency's is refused by the composite foreign
    // key, which also shows foreign keys are enforced.
    let mut stray = official(a.id, "หลงทาง", Some(DepartmentId::new()));
    assert!(matches!(
        store.create_official(CLI, &stray).await,
        Err(StoreError::Invalid(_))
    ));
    stray.department_id = None;
    store.create_official(CLI, &stray).await.unwrap();

    let log = store.list_audit(a.id, 100).await.unwrap();
    let officials: Vec<_> = log.iter().filter(|e| e.entity == "official").collect();
    assert_eq!(
        officials.len(),
        6,
        "4 creates, 1 update, 1 delete; the refused one left none"
    );
    let update = officials
        .iter()
        .find(|e| e.action == AuditAction::Update)
        .unwrap();
    assert_eq!(update.after.as_ref().unwrap()["position"], json!("รองปลัด"));
    assert_eq!(
        update.before.as_ref().unwrap()["department_id"],
        Value::Null
    );
}

async fn users_crud_and_redaction(db: &TestDb) {
    let store = &db.store;
    let a = agency("krabi-noi");
    store.create_agency(CLI, &a).await.unwrap();
    let office = department(a.id, "สำนักปลัด", 1);
    store.create_department(CLI, &office).await.unwrap();

    let admin = user(Some(a.id), "  Admin.KrabiNoi ");
    store.create_user(CLI, &admin).await.unwrap();
    let stored = store.get_user(admin.id).await.unwrap().unwrap();
    assert_eq!(stored.username, "admin.krabinoi", "trimmed and lower-cased");
    assert_eq!(
        store
            .find_user_by_username("ADMIN.krabinoi ")
            .await
            .unwrap(),
        Some(stored.clone())
    );
    assert_eq!(store.find_user_by_username("nobody").await.unwrap(), None);
    assert_eq!(store.get_user(UserId::new()).await.unwrap(), None);

    let mut clerk = user(Some(a.id), "clerk");
    clerk.role = Role::Staff;
    clerk.department_id = Some(office.id);
    store.create_user(actor(&stored), &clerk).await.unwrap();
    let names: Vec<_> = store
        .list_users(a.id)
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.username)
        .collect();
    assert_eq!(names, ["admin.krabinoi", "clerk"]);

    // A national supervisor belongs to no agency and shows in no agency's list.
    let national = user(None, "supervisor.national");
    store.create_user(CLI, &national).await.unwrap();
    assert_eq!(store.list_users(a.id).await.unwrap().len(), 2);
    assert_eq!(
        store
            .get_user(national.id)
            .await
            .unwrap()
            .unwrap()
            .agency_id,
        None
    );

    // Renaming, deactivating, and a new password.
    let mut changed = clerk.clone();
    changed.username = "Clerk.One".to_owned();
    changed.active = false;
    changed.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$bmV3c2FsdA$bmV3aGFzaA".to_owned();
    store.update_user(actor(&stored), &changed).await.unwrap();
    let reread = store.get_user(clerk.id).await.unwrap().unwrap();
    assert_eq!(reread.username, "clerk.one");
    assert!(!reread.active);
    assert_eq!(reread.password_hash, changed.password_hash);

    // Not found: an unknown id, or moving a user to another agency.
    assert!(matches!(
        store.update_user(CLI, &user(Some(a.id), "ghost")).await,
        Err(StoreError::NotFound)
    ));
    let mut moved = reread.clone();
    moved.agency_id = None;
    moved.department_id = None;
    assert!(matches!(
        store.update_user(CLI, &moved).await,
        Err(StoreError::NotFound)
    ));

    let log = store.list_audit(a.id, 100).await.unwrap();
    let text = serde_json::to_string(&log).unwrap();
    assert!(
        !text.contains("argon2"),
        "no password hash in the trail: {text}"
    );
    let update = &log[0];
    assert_eq!(
        (update.entity.as_str(), update.action),
        ("user", AuditAction::Update)
    );
    assert_eq!(update.user_id, Some(admin.id));
    let before = update.before.as_ref().unwrap();
    let after = update.after.as_ref().unwrap();
    assert_eq!(before["password_hash"], json!("[redacted]"));
    assert_eq!(after["password_hash"], json!("[changed]"));
    assert_eq!(before["username"], json!("clerk"));
    assert_eq!(after["username"], json!("clerk.one"));
    assert_eq!(after["active"], json!(false));
    // The supervisor's creation is installation-wide, in no agency's trail.
    assert!(log.iter().all(|e| e.entity_id != national.id.to_string()));
}

async fn tenant_isolation(db: &TestDb) {
    let store = &db.store;
    let a = seed(store, "agency-a").await;
    let b = agency("agency-b");
    store.create_agency(CLI, &b).await.unwrap();

    let a_department = store.list_departments(a.id).await.unwrap().remove(0);
    let a_official = store.list_officials(a.id).await.unwrap().remove(0);
    let a_user = store.list_users(a.id).await.unwrap().remove(0);

    // Reads through agency B see nothing of A.
    assert_eq!(
        store.get_department(b.id, a_department.id).await.unwrap(),
        None
    );
    assert_eq!(store.get_official(b.id, a_official.id).await.unwrap(), None);
    assert_eq!(
        store
            .get_ita_result(b.id, 2567, ResultSource::Official)
            .await
            .unwrap(),
        None
    );
    assert!(store.list_departments(b.id).await.unwrap().is_empty());
    assert!(store.list_officials(b.id).await.unwrap().is_empty());
    assert!(store.list_users(b.id).await.unwrap().is_empty());
    assert!(store.list_ita_results(b.id).await.unwrap().is_empty());
    assert!(store.list_frameworks(b.id).await.unwrap().is_empty());
    assert_eq!(store.get_framework(b.id, 2568).await.unwrap(), None);
    assert!(store.list_analyses(b.id).await.unwrap().is_empty());
    for (year, source) in [
        (2568, ResultSource::SelfAssessed),
        (2566, ResultSource::Official),
    ] {
        assert!(
            store
                .get_analysis(a.id, year, source)
                .await
                .unwrap()
                .is_some()
        );
        assert_eq!(store.get_analysis(b.id, year, source).await.unwrap(), None);
    }
    let b_audit = store.list_audit(b.id, 100).await.unwrap();
    assert_eq!(b_audit.len(), 1, "only B's own creation");

    // Writes through agency B to A's rows are not found, and change nothing.
    let mut hijacked = a_department.clone();
    hijacked.agency_id = b.id;
    assert!(matches!(
        store.update_department(CLI, &hijacked).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.delete_department(CLI, b.id, a_department.id).await,
        Err(StoreError::NotFound)
    ));
    let mut hijacked = a_official.clone();
    hijacked.agency_id = b.id;
    assert!(matches!(
        store.update_official(CLI, &hijacked).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.delete_official(CLI, b.id, a_official.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store
            .delete_ita_result(CLI, b.id, 2567, ResultSource::Official)
            .await,
        Err(StoreError::NotFound)
    ));
    let mut hijacked = a_user.clone();
    hijacked.agency_id = Some(b.id);
    hijacked.department_id = None;
    assert!(matches!(
        store.update_user(CLI, &hijacked).await,
        Err(StoreError::NotFound)
    ));
    // Agency B cannot point at A's department either.
    let borrowed = official(b.id, "ยืมตัว", Some(a_department.id));
    assert!(matches!(
        store.create_official(CLI, &borrowed).await,
        Err(StoreError::Invalid(_))
    ));
    let mut borrowing = user(Some(b.id), "borrower");
    borrowing.department_id = Some(a_department.id);
    assert!(matches!(
        store.create_user(CLI, &borrowing).await,
        Err(StoreError::Invalid(_))
    ));

    assert_eq!(
        store.get_department(a.id, a_department.id).await.unwrap(),
        Some(a_department)
    );
    assert_eq!(
        store.get_official(a.id, a_official.id).await.unwrap(),
        Some(a_official)
    );
    assert_eq!(store.get_user(a_user.id).await.unwrap(), Some(a_user));
    assert_eq!(store.list_audit(b.id, 100).await.unwrap(), b_audit);

    // Saving B's analysis under the same key makes B's own row; A's is untouched.
    let a_analyses = store.list_analyses(a.id).await.unwrap();
    let mut b_analysis = a_analyses[1].clone();
    b_analysis.agency_id = b.id;
    b_analysis.text = json!({"paragraphs": ["ของหน่วยงาน B"]});
    store.save_analysis(CLI, &b_analysis).await.unwrap();
    assert_eq!(store.list_analyses(b.id).await.unwrap(), [b_analysis]);
    assert_eq!(store.list_analyses(a.id).await.unwrap(), a_analyses);
    let b_log = store.list_audit(b.id, 1).await.unwrap();
    assert_eq!(
        (b_log[0].entity.as_str(), b_log[0].action),
        ("analysis", AuditAction::Create),
        "a create in B's trail, not an update of A's row"
    );
}

async fn conflicts(db: &TestDb) {
    let store = &db.store;
    let a = agency("sai-thai");
    store.create_agency(CLI, &a).await.unwrap();
    let a_id = a.id;
    let audit_rows = move || async move { store.list_audit(a_id, 1000).await.unwrap().len() };
    let rows_before = audit_rows().await;

    let mut same_code = agency("sai-thai");
    assert!(is_conflict(
        store.create_agency(CLI, &same_code).await,
        "code"
    ));
    same_code.code = "sai-thai-2".to_owned();
    store.create_agency(CLI, &same_code).await.unwrap();
    let mut taken = same_code.clone();
    taken.code = "sai-thai".to_owned();
    assert!(is_conflict(store.update_agency(CLI, &taken).await, "code"));
    let mut same_id = agency("other-code");
    same_id.id = a.id;
    assert!(is_conflict(store.create_agency(CLI, &same_id).await, "id"));

    store
        .create_user(CLI, &user(Some(a.id), "somying"))
        .await
        .unwrap();
    assert!(is_conflict(
        store.create_user(CLI, &user(Some(a.id), " SomYing")).await,
        "username"
    ));
    let mut other = user(Some(a.id), "other");
    store.create_user(CLI, &other).await.unwrap();
    other.username = "SOMYING".to_owned();
    assert!(is_conflict(
        store.update_user(CLI, &other).await,
        "username"
    ));

    let office = department(a.id, "สำนักปลัด", 1);
    store.create_department(CLI, &office).await.unwrap();
    assert!(is_conflict(
        store
            .create_department(CLI, &department(a.id, "สำนักปลัด", 2))
            .await,
        "name"
    ));
    let mut again = office.clone();
    again.name = "อื่น".to_owned();
    assert!(is_conflict(
        store.create_department(CLI, &again).await,
        "id"
    ));
    let mut finance = department(a.id, "กองคลัง", 2);
    store.create_department(CLI, &finance).await.unwrap();
    finance.name = "สำนักปลัด".to_owned();
    assert!(is_conflict(
        store.update_department(CLI, &finance).await,
        "name"
    ));
    // The same name in another agency is fine.
    store
        .create_department(CLI, &department(same_code.id, "สำนักปลัด", 1))
        .await
        .unwrap();

    // Failed writes left no audit rows: 2 users and 2 departments were created.
    assert_eq!(audit_rows().await, rows_before + 4);
}

async fn department_in_use(db: &TestDb) {
    let store = &db.store;
    let a = agency("ban-klang");
    store.create_agency(CLI, &a).await.unwrap();
    let office = department(a.id, "สำนักปลัด", 1);
    let finance = department(a.id, "กองคลัง", 2);
    store.create_department(CLI, &office).await.unwrap();
    store.create_department(CLI, &finance).await.unwrap();

    let mut somchai = official(a.id, "สมชาย", Some(office.id));
    store.create_official(CLI, &somchai).await.unwrap();
    let mut head = user(Some(a.id), "head");
    head.role = Role::DepartmentHead;
    head.department_id = Some(finance.id);
    store.create_user(CLI, &head).await.unwrap();

    assert!(matches!(
        store.delete_department(CLI, a.id, office.id).await,
        Err(StoreError::InUse { by }) if by == "officials"
    ));
    assert!(matches!(
        store.delete_department(CLI, a.id, finance.id).await,
        Err(StoreError::InUse { by }) if by == "users"
    ));
    assert_eq!(store.list_departments(a.id).await.unwrap().len(), 2);

    somchai.department_id = None;
    store.update_official(CLI, &somchai).await.unwrap();
    head.department_id = None;
    store.update_user(CLI, &head).await.unwrap();
    store.delete_department(CLI, a.id, office.id).await.unwrap();
    store
        .delete_department(CLI, a.id, finance.id)
        .await
        .unwrap();
    assert!(store.list_departments(a.id).await.unwrap().is_empty());
}

async fn sessions(db: &TestDb) {
    let store = &db.store;
    let a = agency("phi-phi");
    store.create_agency(CLI, &a).await.unwrap();
    let somying = user(Some(a.id), "somying");
    let somchai = user(Some(a.id), "somchai");
    store.create_user(CLI, &somying).await.unwrap();
    store.create_user(CLI, &somchai).await.unwrap();

    let now =
        Utc.with_ymd_and_hms(2025, 10, 1, 8, 30, 0).unwrap() + Duration::nanoseconds(123_456_789);
    let session = |user: &User, token: &str, expires: DateTime<Utc>| Session {
        token_hash: format!("{token:0>64}"),
        user_id: user.id,
        csrf_token: format!("csrf-{token}"),
        created_at: now,
        expires_at: expires,
    };
    let long = session(&somying, "a1", now + Duration::hours(8));
    let short = session(&somying, "b2", now + Duration::minutes(1));
    let expired = session(&somchai, "c3", now - Duration::seconds(1));
    for s in [&long, &short, &expired] {
        store.create_session(s).await.unwrap();
    }

    // Times come back cut to microseconds, the precision both backends keep.
    let found = store.find_session(&long.token_hash).await.unwrap().unwrap();
    assert_eq!(
        found.created_at,
        Utc.with_ymd_and_hms(2025, 10, 1, 8, 30, 0).unwrap() + Duration::microseconds(123_456)
    );
    assert_eq!(
        Session {
            created_at: long.created_at,
            expires_at: long.expires_at,
            ..found.clone()
        },
        long
    );
    assert_eq!(found.expires_at - found.created_at, Duration::hours(8));
    assert_eq!(store.find_session("unknown").await.unwrap(), None);

    assert!(is_conflict(store.create_session(&long).await, "token_hash"));
    let mut orphan = session(&somying, "d4", now);
    orphan.user_id = UserId::new();
    assert!(matches!(
        store.create_session(&orphan).await,
        Err(StoreError::Invalid(_))
    ));

    assert_eq!(store.delete_expired_sessions(now).await.unwrap(), 1);
    assert_eq!(store.find_session(&expired.token_hash).await.unwrap(), None);
    assert_eq!(
        store
            .delete_expired_sessions(now + Duration::minutes(1))
            .await
            .unwrap(),
        1,
        "expiring exactly now counts"
    );
    assert_eq!(store.find_session(&short.token_hash).await.unwrap(), None);
    assert!(
        store
            .find_session(&long.token_hash)
            .await
            .unwrap()
            .is_some()
    );

    store.delete_session(&long.token_hash).await.unwrap();
    store.delete_session(&long.token_hash).await.unwrap();
    assert_eq!(store.find_session(&long.token_hash).await.unwrap(), None);

    let phone = session(&somchai, "e5", now + Duration::hours(1));
    let laptop = session(&somchai, "f6", now + Duration::hours(1));
    let other = session(&somying, "g7", now + Duration::hours(1));
    for s in [&phone, &laptop, &other] {
        store.create_session(s).await.unwrap();
    }
    store
        .delete_other_sessions(somchai.id, &laptop.token_hash)
        .await
        .unwrap();
    assert_eq!(store.find_session(&phone.token_hash).await.unwrap(), None);
    assert!(
        store
            .find_session(&laptop.token_hash)
            .await
            .unwrap()
            .is_some(),
        "the session the change was made in stays"
    );
    store.delete_user_sessions(somchai.id).await.unwrap();
    assert_eq!(store.find_session(&laptop.token_hash).await.unwrap(), None);
    assert!(
        store
            .find_session(&other.token_hash)
            .await
            .unwrap()
            .is_some()
    );

    // Removing a user (only ever done by hand in the database) takes its
    // sessions along.
    db.execute_raw("DELETE FROM users WHERE id = $1", somying.id.0)
        .await;
    assert_eq!(store.find_session(&other.token_hash).await.unwrap(), None);
}

async fn ita_results_upsert(db: &TestDb) {
    let store = &db.store;
    let a = agency("saladan");
    store.create_agency(CLI, &a).await.unwrap();

    let own_2568 = ita_result(a.id, 2568, ResultSource::SelfAssessed);
    let official_2568 = ita_result(a.id, 2568, ResultSource::Official);
    let mut official_2567 = ita_result(a.id, 2567, ResultSource::Official);
    official_2567.input = ScoreInput {
        year: 2567,
        iit: None,
        eit: None,
        oit: None,
    };
    official_2567.published_total = Some(85.0);
    for r in [&own_2568, &official_2568, &official_2567] {
        store.save_ita_result(CLI, r).await.unwrap();
    }
    assert_eq!(
        store.list_ita_results(a.id).await.unwrap(),
        [
            official_2567.clone(),
            official_2568.clone(),
            own_2568.clone()
        ],
        "by fiscal year, then source"
    );

    let mut corrected = official_2568.clone();
    corrected.published_total = Some(88.12);
    corrected.published_rating = None;
    corrected.note = "แก้ไขตามประกาศ".to_owned();
    store.save_ita_result(CLI, &corrected).await.unwrap();
    assert_eq!(
        store
            .get_ita_result(a.id, 2568, ResultSource::Official)
            .await
            .unwrap(),
        Some(corrected.clone())
    );
    assert_eq!(store.list_ita_results(a.id).await.unwrap().len(), 3);

    store
        .delete_ita_result(CLI, a.id, 2568, ResultSource::SelfAssessed)
        .await
        .unwrap();
    assert_eq!(
        store
            .get_ita_result(a.id, 2568, ResultSource::SelfAssessed)
            .await
            .unwrap(),
        None
    );
    assert!(matches!(
        store
            .delete_ita_result(CLI, a.id, 2568, ResultSource::SelfAssessed)
            .await,
        Err(StoreError::NotFound)
    ));

    let log = store.list_audit(a.id, 3).await.unwrap();
    assert_eq!(log[0].action, AuditAction::Delete);
    assert_eq!(log[0].entity_id, "2568/self_assessed");
    assert_eq!(log[1].action, AuditAction::Update);
    assert_eq!(log[1].entity, "ita_result");
    assert_eq!(log[1].entity_id, "2568/official");
    assert_eq!(
        log[1].before,
        Some(serde_json::to_value(&official_2568).unwrap())
    );
    assert_eq!(
        log[1].after,
        Some(serde_json::to_value(&corrected).unwrap())
    );
    assert_eq!(log[2].action, AuditAction::Create);

    let stray = ita_result(AgencyId::new(), 2568, ResultSource::Official);
    assert!(matches!(
        store.save_ita_result(CLI, &stray).await,
        Err(StoreError::Invalid(_))
    ));
}

async fn frameworks_upsert(db: &TestDb) {
    let store = &db.store;
    let a = agency("khlong-thom");
    store.create_agency(CLI, &a).await.unwrap();
    let f2569 = framework(a.id, 2569);
    let f2568 = framework(a.id, 2568);
    store.save_framework(CLI, &f2569).await.unwrap();
    store.save_framework(CLI, &f2568).await.unwrap();
    assert_eq!(
        store.list_frameworks(a.id).await.unwrap(),
        [f2568.clone(), f2569.clone()]
    );

    let mut revised = f2569.clone();
    revised.document = json!({"year": 2569, "status": "final"});
    store.save_framework(CLI, &revised).await.unwrap();
    assert_eq!(
        store.get_framework(a.id, 2569).await.unwrap(),
        Some(revised.clone())
    );
    assert_eq!(store.get_framework(a.id, 2570).await.unwrap(), None);

    // Documents keep their key order exactly.
    let listed = store.list_frameworks(a.id).await.unwrap();
    assert_eq!(
        serde_json::to_string(&listed[0].document).unwrap(),
        serde_json::to_string(&f2568.document).unwrap()
    );

    let log = store.list_audit(a.id, 1).await.unwrap();
    assert_eq!(
        (
            log[0].entity.as_str(),
            log[0].entity_id.as_str(),
            log[0].action
        ),
        ("framework", "2569", AuditAction::Update)
    );
    assert_eq!(log[0].before.as_ref().unwrap()["document"], f2569.document);
    assert_eq!(log[0].after.as_ref().unwrap()["document"], revised.document);
}

async fn analyses_upsert(db: &TestDb) {
    let store = &db.store;
    let a = agency("ko-lanta-yai");
    store.create_agency(CLI, &a).await.unwrap();
    assert_eq!(
        store
            .get_analysis(a.id, 2568, ResultSource::Official)
            .await
            .unwrap(),
        None
    );
    assert!(store.list_analyses(a.id).await.unwrap().is_empty());

    let own_2568 = analysis(a.id, 2568, ResultSource::SelfAssessed);
    let official_2568 = analysis(a.id, 2568, ResultSource::Official);
    let official_2567 = analysis(a.id, 2567, ResultSource::Official);
    for an in [&own_2568, &official_2568, &official_2567] {
        store.save_analysis(CLI, an).await.unwrap();
    }
    assert_eq!(
        store.list_analyses(a.id).await.unwrap(),
        [
            official_2567.clone(),
            official_2568.clone(),
            own_2568.clone()
        ],
        "by fiscal year, then source"
    );
    // No result is needed: the text is kept apart from the result it explains.
    assert!(store.list_ita_results(a.id).await.unwrap().is_empty());

    let admin = user(Some(a.id), "admin.lantayai");
    store.create_user(CLI, &admin).await.unwrap();
    let mut edited = official_2568.clone();
    edited.text = json!({"paragraphs": ["ข้อความที่ผู้ใช้แก้ไข"], "edited": true});
    edited.settings["tone"] = json!("plain");
    store.save_analysis(actor(&admin), &edited).await.unwrap();
    assert_eq!(
        store
            .get_analysis(a.id, 2568, ResultSource::Official)
            .await
            .unwrap(),
        Some(edited.clone())
    );
    assert_eq!(
        store
            .get_analysis(a.id, 2568, ResultSource::SelfAssessed)
            .await
            .unwrap(),
        Some(own_2568.clone()),
        "the other source of the same year is untouched"
    );
    assert_eq!(
        store
            .get_analysis(a.id, 2569, ResultSource::Official)
            .await
            .unwrap(),
        None
    );
    assert_eq!(store.list_analyses(a.id).await.unwrap().len(), 3);

    // JSON keeps its key order exactly.
    let listed = store.list_analyses(a.id).await.unwrap();
    assert_eq!(
        serde_json::to_string(&listed[0].text).unwrap(),
        serde_json::to_string(&official_2567.text).unwrap()
    );
    assert_eq!(
        serde_json::to_string(&listed[0].settings).unwrap(),
        serde_json::to_string(&official_2567.settings).unwrap()
    );

    let log = store.list_audit(a.id, 3).await.unwrap();
    let update = &log[0];
    assert_eq!(
        (
            update.entity.as_str(),
            update.entity_id.as_str(),
            update.action
        ),
        ("analysis", "2568/official", AuditAction::Update)
    );
    assert_eq!(update.user_id, Some(admin.id));
    let image = |an: &StoredAnalysis| {
        json!({
            "agency_id": an.agency_id,
            "fiscal_year": an.fiscal_year,
            "source": an.source,
            "settings": an.settings,
            "text": an.text,
        })
    };
    assert_eq!(update.before, Some(image(&official_2568)));
    assert_eq!(update.after, Some(image(&edited)));
    let create = &log[2];
    assert_eq!(
        (
            create.entity.as_str(),
            create.entity_id.as_str(),
            create.action
        ),
        ("analysis", "2567/official", AuditAction::Create)
    );
    assert_eq!(create.before, None);
    assert_eq!(create.after, Some(image(&official_2567)));

    let stray = analysis(AgencyId::new(), 2568, ResultSource::Official);
    assert!(matches!(
        store.save_analysis(CLI, &stray).await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(store.list_audit(a.id, 100).await.unwrap().len(), 6);
}

async fn export_import_round_trip(db: &TestDb) {
    let a = seed(&db.store, "lanta").await;
    // A neighbour whose rows must stay out of the bundle.
    seed(&db.store, "neighbour").await;
    let exported = db.store.export_agency(a.id).await.unwrap();
    assert_eq!(exported.departments.len(), 2);
    assert_eq!(exported.officials.len(), 2);
    assert_eq!(exported.users.len(), 2);
    assert_eq!(exported.ita_results.len(), 2);
    assert_eq!(exported.frameworks.len(), 1);
    let keys: Vec<_> = exported
        .analyses
        .iter()
        .map(|an| (an.fiscal_year, an.source))
        .collect();
    assert_eq!(
        keys,
        [
            (2566, ResultSource::Official),
            (2568, ResultSource::SelfAssessed)
        ]
    );
    assert_eq!(
        exported.analyses[1].text["paragraphs"][1],
        json!("แก้ไขโดยผู้ใช้")
    );
    assert_eq!(exported.audit_log.len(), 18);
    assert_eq!(
        json_text(&exported),
        json_text(&db.store.export_agency(a.id).await.unwrap()),
        "two exports are identical"
    );
    assert!(matches!(
        db.store.export_agency(AgencyId::new()).await,
        Err(StoreError::NotFound)
    ));

    let target = db.fresh().await;
    let bundle = Bundle::new(vec![exported.clone()]);
    target.store.import_bundle(&bundle).await.unwrap();
    let again = target.store.export_agency(a.id).await.unwrap();
    assert_eq!(json_text(&again), json_text(&exported));
    // The imported agency works like any other.
    assert_eq!(
        target.store.list_departments(a.id).await.unwrap(),
        db.store.list_departments(a.id).await.unwrap()
    );
    let admin = target
        .store
        .find_user_by_username("admin.lanta")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(admin.password_hash, user(None, "x").password_hash);

    // Importing the same bundle again is refused whole (the agency's id and code
    // are both taken; which one a backend reports first is its business).
    assert!(matches!(
        target.store.import_bundle(&bundle).await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(
        json_text(&target.store.export_agency(a.id).await.unwrap()),
        json_text(&exported)
    );
    assert_eq!(
        target.store.list_analyses(a.id).await.unwrap(),
        db.store.list_analyses(a.id).await.unwrap()
    );

    // A version 1 bundle written before analyses existed has no such field; it
    // still reads, and imports as an agency without analyses.
    let mut older = serde_json::to_value(&bundle).unwrap();
    assert!(
        older["agencies"][0]
            .as_object_mut()
            .unwrap()
            .remove("analyses")
            .is_some()
    );
    let older: Bundle = serde_json::from_value(older).unwrap();
    assert_eq!(older.version, prongsai_core::bundle::BUNDLE_VERSION);
    assert!(older.agencies[0].analyses.is_empty());
    let elsewhere = db.fresh().await;
    elsewhere.store.import_bundle(&older).await.unwrap();
    assert!(
        elsewhere
            .store
            .list_analyses(a.id)
            .await
            .unwrap()
            .is_empty()
    );
    let mut without = exported.clone();
    without.analyses.clear();
    assert_eq!(
        json_text(&elsewhere.store.export_agency(a.id).await.unwrap()),
        json_text(&without)
    );
}

async fn invalid_bundle_rejected_whole(db: &TestDb) {
    let source = db.fresh().await;
    let first = source
        .store
        .export_agency(seed(&source.store, "first").await.id)
        .await
        .unwrap();
    let second = source
        .store
        .export_agency(seed(&source.store, "second").await.id)
        .await
        .unwrap();
    let store = &db.store;
    let nothing_written = move || async move {
        assert!(store.list_agencies().await.unwrap().is_empty());
        assert_eq!(
            store.find_user_by_username("admin.first").await.unwrap(),
            None
        );
    };

    let mut bad = Bundle::new(vec![first.clone(), second.clone()]);
    bad.format = "something-else".to_owned();
    assert!(matches!(
        store.import_bundle(&bad).await,
        Err(StoreError::Invalid(_))
    ));
    let mut bad = Bundle::new(vec![first.clone(), second.clone()]);
    bad.version = prongsai_core::bundle::BUNDLE_VERSION + 1;
    assert!(matches!(
        store.import_bundle(&bad).await,
        Err(StoreError::Invalid(_))
    ));

    // The second agency holds a row of another agency: the first is not written.
    let mut wrong_agency = second.clone();
    wrong_agency.officials[0].agency_id = first.agency.id;
    let result = store
        .import_bundle(&Bundle::new(vec![first.clone(), wrong_agency]))
        .await;
    assert!(
        matches!(result, Err(StoreError::Invalid(ref m)) if m.starts_with("agencies[1].officials[0]")),
        "{result:?}"
    );
    nothing_written().await;

    // A reference to a department that is not in the bundle.
    let mut dangling = second.clone();
    dangling.users[1].department_id = Some(DepartmentId::new());
    assert!(matches!(
        store
            .import_bundle(&Bundle::new(vec![first.clone(), dangling]))
            .await,
        Err(StoreError::Invalid(_))
    ));
    nothing_written().await;

    let mut framework_twice = second.clone();
    framework_twice
        .frameworks
        .push(framework_twice.frameworks[0].clone());
    assert!(
        store
            .import_bundle(&Bundle::new(vec![first.clone(), framework_twice]))
            .await
            .is_err()
    );
    nothing_written().await;
    let mut analysis_twice = second.clone();
    analysis_twice
        .analyses
        .push(analysis_twice.analyses[1].clone());
    let result = store
        .import_bundle(&Bundle::new(vec![first.clone(), analysis_twice]))
        .await;
    assert!(
        matches!(result, Err(StoreError::Invalid(ref m)) if m == "agencies[1].analyses[2]: 2568/self_assessed appears twice"),
        "{result:?}"
    );
    nothing_written().await;
    let mut shouting = second.clone();
    shouting.users[0].username = "Admin.Second".to_owned();
    assert!(matches!(
        store
            .import_bundle(&Bundle::new(vec![first.clone(), shouting]))
            .await,
        Err(StoreError::Invalid(_))
    ));
    nothing_written().await;
    let mut twice = second.clone();
    twice.ita_results.push(twice.ita_results[0].clone());
    assert!(is_conflict(
        store
            .import_bundle(&Bundle::new(vec![first.clone(), twice]))
            .await,
        "fiscal_year"
    ));
    nothing_written().await;

    // Problems only the database sees roll back everything written before them.
    let taken = user(None, "admin.second");
    store.create_user(CLI, &taken).await.unwrap();
    assert!(is_conflict(
        store
            .import_bundle(&Bundle::new(vec![first.clone(), second.clone()]))
            .await,
        "username"
    ));
    nothing_written().await;
    let mut same_code = second.clone();
    same_code.agency.code = "first".to_owned();
    same_code.users.clear();
    assert!(is_conflict(
        store
            .import_bundle(&Bundle::new(vec![first.clone(), same_code]))
            .await,
        "code"
    ));
    nothing_written().await;

    // Once the clash is gone the same bundle goes in whole.
    db.execute_raw("DELETE FROM users WHERE id = $1", taken.id.0)
        .await;
    store
        .import_bundle(&Bundle::new(vec![first.clone(), second.clone()]))
        .await
        .unwrap();
    assert_eq!(store.list_agencies().await.unwrap().len(), 2);
    assert_eq!(
        json_text(&store.export_agency(second.agency.id).await.unwrap()),
        json_text(&second)
    );
}

async fn concurrent_writes(db: &TestDb) {
    let store = &db.store;
    let a = agency("busy");
    store.create_agency(CLI, &a).await.unwrap();
    let shared = department(a.id, "สำนักปลัด", 0);
    store.create_department(CLI, &shared).await.unwrap();

    // Writers racing on one new ITA result, one department and fresh rows: none
    // may fail (no SQLITE_BUSY, no spurious conflict) and none may be lost. The
    // pool is warmed and the writers start together, so they really overlap.
    const WRITERS: usize = 12;
    let mut warm = tokio::task::JoinSet::new();
    for _ in 0..WRITERS {
        let store = store.clone();
        warm.spawn(async move { store.list_agencies().await });
    }
    for warmed in warm.join_all().await {
        warmed.expect("warm-up read");
    }
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(WRITERS));
    let mut tasks = tokio::task::JoinSet::new();
    for (i, _) in (1_i32..).zip(0..WRITERS) {
        let start = std::sync::Arc::clone(&start);
        let store = store.clone();
        let mut result = ita_result(a.id, 2568, ResultSource::SelfAssessed);
        result.note = format!("รอบที่ {i}");
        let mut renumbered = shared.clone();
        renumbered.sort_order = i;
        let extra = department(a.id, &format!("กองที่ {i:02}"), i);
        let mut text = analysis(a.id, 2568, ResultSource::SelfAssessed);
        text.text = json!({"paragraphs": [format!("ฉบับที่ {i}")]});
        tasks.spawn(async move {
            start.wait().await;
            store.save_ita_result(CLI, &result).await?;
            store.save_analysis(CLI, &text).await?;
            store.update_department(CLI, &renumbered).await?;
            store.create_department(CLI, &extra).await
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.expect("task").expect("concurrent write");
    }
    assert_eq!(store.list_departments(a.id).await.unwrap().len(), 13);

    let mut log = store.list_audit(a.id, 1000).await.unwrap();
    log.reverse();
    for entity in ["ita_result", "analysis"] {
        let saves: Vec<_> = log
            .iter()
            .filter(|e| e.entity == entity)
            .map(|e| e.action)
            .collect();
        assert_eq!(saves.len(), 12, "{entity}");
        assert_eq!(saves[0], AuditAction::Create, "{entity}");
        assert!(
            saves[1..].iter().all(|&s| s == AuditAction::Update),
            "{entity}"
        );
    }
    // Every before-image is what the previous change left: the chain is unbroken.
    let shared_id = shared.id.to_string();
    for (entity, id) in [
        ("ita_result", "2568/self_assessed"),
        ("analysis", "2568/self_assessed"),
        ("department", &shared_id),
    ] {
        let chain: Vec<_> = log
            .iter()
            .filter(|e| e.entity == entity && e.entity_id == id)
            .collect();
        assert_eq!(chain.len(), 13 - usize::from(entity != "department"));
        for pair in chain.windows(2) {
            assert_eq!(pair[1].before, pair[0].after, "{entity} chain");
        }
    }
}

async fn tenant_tables_lead_with_agency_id(db: &TestDb) {
    let tables = db.store.table_columns().await.unwrap();
    let names: BTreeSet<_> = tables.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        BTreeSet::from([
            "action_plan_budgets",
            "action_plan_dimensions",
            "action_plan_missions",
            "action_plan_projects",
            "action_plans",
            "agencies",
            "analyses",
            "audit_log",
            "case_attachments",
            "case_counters",
            "case_messages",
            "case_notifications",
            "cases",
            "complaint_settings",
            "corruption_handlers",
            "departments",
            "disclosure_entries",
            "disclosure_settings",
            "evidence_files",
            "frameworks",
            "installation_settings",
            "ita_results",
            "link_check_archives",
            "link_checks",
            "measure_owner_departments",
            "measure_progress",
            "measure_topics",
            "measures",
            "memo_acknowledgements",
            "memos",
            "officials",
            "order_assignments",
            "order_committee_members",
            "order_committees",
            "orders",
            "plan_memos",
            "project_follow_ups",
            "publication_files",
            "publications",
            "risk_areas",
            "risk_assessments",
            "risk_controls",
            "risk_events",
            "round_approvals",
            "sessions",
            "survey_accepted_days",
            "survey_responses",
            "surveys",
            "users",
        ])
    );
    for (table, columns) in &tables {
        if !["agencies", "users", "sessions", "installation_settings"].contains(&table.as_str()) {
            assert_eq!(columns[0], "agency_id", "{table} must lead with agency_id");
        }
    }
    let sorted = db.store.schema_columns().await.unwrap();
    assert_eq!(
        sorted["departments"],
        ["agency_id", "id", "name", "sort_order"]
    );
    assert_eq!(
        tables["departments"],
        ["agency_id", "id", "name", "sort_order"]
    );
}

/// Every primary and unique key of the schema names one of its own columns as
/// the conflicting field, and the two keys whose conflict is the year say so.
async fn every_key_names_one_of_its_columns(db: &TestDb) {
    let shape = db.store.schema_shape().await.unwrap();
    let mut keys = 0;
    for (table, t) in &shape.tables {
        let all = t
            .unique_keys
            .iter()
            .chain(std::iter::once(&t.primary_key).filter(|k| !k.is_empty()));
        for key in all {
            let field = unique_key_field(table, key);
            assert!(
                key.iter().any(|c| c == field),
                "{table} {key:?} names {field}"
            );
            keys += 1;
        }
    }
    assert!(keys > 50, "every table's keys were read ({keys})");
    for table in ["ita_results", "analyses"] {
        let key = &shape.tables[table].primary_key;
        assert_eq!(key, &["agency_id", "fiscal_year", "source"], "{table}");
        assert_eq!(unique_key_field(table, key), "fiscal_year");
    }
    assert_eq!(
        unique_key_field(
            "surveys",
            &shape.tables["surveys"]
                .unique_keys
                .iter()
                .next()
                .unwrap()
                .clone()
        ),
        "public_token"
    );
}

async fn migrate_is_idempotent(db: &TestDb) {
    let a = agency("migrated");
    db.store.create_agency(CLI, &a).await.unwrap();
    db.store.migrate().await.unwrap();
    db.store.migrate().await.unwrap();
    assert_eq!(db.store.get_agency(a.id).await.unwrap(), Some(a));
}

on_both_backends!(
    agencies_crud_and_audit,
    departments_crud_and_audit,
    officials_crud_and_audit,
    users_crud_and_redaction,
    tenant_isolation,
    conflicts,
    department_in_use,
    sessions,
    ita_results_upsert,
    frameworks_upsert,
    analyses_upsert,
    export_import_round_trip,
    invalid_bundle_rejected_whole,
    concurrent_writes,
    tenant_tables_lead_with_agency_id,
    every_key_names_one_of_its_columns,
    migrate_is_idempotent,
);

// ---------------------------------------------------------------------------
// Backend-specific and cross-backend tests
// ---------------------------------------------------------------------------

#[tokio::test]
async fn sqlite_file_survives_reopen_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.db");
    let a = agency("reopened");
    {
        let store = Store::open_sqlite(&path).await.unwrap();
        store.create_agency(CLI, &a).await.unwrap();
        assert!(
            dir.path().join("data.db-wal").exists(),
            "writes go through the write-ahead log"
        );
        store.close().await;
    }
    let store = Store::open_sqlite(&path).await.unwrap();
    assert_eq!(store.get_agency(a.id).await.unwrap(), Some(a.clone()));
    assert_eq!(store.list_audit(a.id, 10).await.unwrap().len(), 1);

    let mut raw = sqlx::SqliteConnection::connect_with(
        &sqlx::sqlite::SqliteConnectOptions::new().filename(&path),
    )
    .await
    .unwrap();
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&mut raw)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    raw.close().await.unwrap();
    store.close().await;

    let by_url = Store::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    assert_eq!(by_url.backend(), Backend::Sqlite);
    assert_eq!(by_url.get_agency(a.id).await.unwrap(), Some(a));
    by_url.close().await;
}

#[tokio::test]
async fn unusable_urls_and_paths_are_refused() {
    for url in [
        "mysql://root:secret@db/prongsai",
        "/var/lib/prongsai.db",
        "secret",
    ] {
        match Store::connect(url).await {
            Err(StoreError::Open(message)) => {
                assert!(!message.contains("secret"), "{message} repeats the URL");
            }
            other => panic!("{url}: {other:?}"),
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let nowhere = dir.path().join("missing-dir").join("data.db");
    assert!(matches!(
        Store::open_sqlite(&nowhere).await,
        Err(StoreError::Open(_))
    ));
}

#[tokio::test]
async fn schemas_match_across_backends() {
    let Some(pg) = TestDb::postgres().await else {
        return;
    };
    let sqlite = TestDb::sqlite().await;
    assert_eq!(
        sqlite.store.schema_columns().await.unwrap(),
        pg.store.schema_columns().await.unwrap()
    );
    assert_eq!(
        sqlite.store.table_columns().await.unwrap(),
        pg.store.table_columns().await.unwrap(),
        "columns are declared in the same order too"
    );
    let (lite, postgres) = (
        sqlite.store.schema_shape().await.unwrap(),
        pg.store.schema_shape().await.unwrap(),
    );
    for (table, shape) in &lite.tables {
        let other = &postgres.tables[table];
        assert_eq!(
            shape.columns, other.columns,
            "{table}: column kinds and nullability"
        );
        assert_eq!(shape.primary_key, other.primary_key, "{table}: primary key");
        assert_eq!(shape.unique_keys, other.unique_keys, "{table}: unique keys");
        assert_eq!(
            shape.foreign_keys, other.foreign_keys,
            "{table}: foreign keys"
        );
        assert_eq!(shape.indexes, other.indexes, "{table}: indexes");
    }
    assert_eq!(lite, postgres);
    let foreign_keys: usize = lite.tables.values().map(|t| t.foreign_keys.len()).sum();
    let indexes: usize = lite.tables.values().map(|t| t.indexes.len()).sum();
    assert!(
        foreign_keys > 40 && indexes > 20,
        "{foreign_keys} foreign keys, {indexes} indexes"
    );
}

#[tokio::test]
async fn bundles_move_between_backends() {
    assert_moves_between_backends(async |store: &Store, code: &str| seed(store, code).await.id)
        .await;
}

#[test]
fn database_name_is_replaced_in_urls() {
    assert_eq!(
        with_database("postgres://u:p@h:5432/postgres", "t"),
        "postgres://u:p@h:5432/t"
    );
    assert_eq!(
        with_database("postgres://u:p@h/postgres?sslmode=disable", "t"),
        "postgres://u:p@h/t?sslmode=disable"
    );
    assert_eq!(with_database("postgres://h", "t"), "postgres://h/t");
}
