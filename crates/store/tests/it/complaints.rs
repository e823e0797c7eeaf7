//! Complaints and corruption reports in the store: running numbers per agency,
//! fiscal year and kind; a form sent twice stored once; batches; optimistic
//! versions; messages and the first public reply; the purge after the retention
//! period; notifications claimed once; settings and corruption handlers;
//! tenancy; an audit trail and a database file that hold no content or contact;
//! and bundles carrying all of it. Every scenario runs on SQLite always and on
//! PostgreSQL when `PRONGSAI_TEST_DATABASE_URL` names a server (the harness of
//! `common/mod.rs`).

use crate::common;

use chrono::{DateTime, Duration, NaiveDate, TimeZone as _, Utc};
use prongsai_core::bundle::Bundle;
use prongsai_core::complaints::sealing::MasterKey;
use prongsai_core::complaints::tracking::TrackingCode;
use prongsai_core::complaints::{
    Case, CaseAttachment, CaseKind, CaseMessage, CaseStatus, Channel, ComplaintSettings,
    MessageAuthor, MessageVisibility, ReporterContact,
};
use prongsai_core::field_limits::FieldKind;
use prongsai_core::model::{
    Agency, AgencyId, AgencyKind, AuditAction, CaseAttachmentId, CaseId, CaseMessageId, Department,
    DepartmentId, Role, User, UserId,
};
use prongsai_store::{
    Actor, CaseFilter, NewCase, PurgeReport, RECEIVED_NOTICE, Store, StoreError, Submitted,
};

use common::{TestDb, assert_moves_between_backends, json_text};

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

const CLI: Actor = Actor { user_id: None };

/// Words that must never reach the audit trail or, sealed, the database file.
const SUBJECT: &str = "ปลัดเรียกรับเงินใต้โต๊ะ";
const DETAILS: &str = "เรียกเงินสามหมื่นบาทเพื่อเซ็นอนุญาตก่อสร้าง";
const PLACE: &str = "ห้องกองช่าง ชั้นสอง";
const REPORTER_NAME: &str = "นางสาวพรทิพย์ ลับเฉพาะ";
const REPORTER_PHONE: &str = "0897654321";

fn agency(code: &str) -> Agency {
    Agency {
        id: AgencyId::new(),
        code: code.to_owned(),
        kind: AgencyKind::SubdistrictAdministrativeOrganization,
        name: format!("องค์การบริหารส่วนตำบล{code}"),
        district: "ชะอำ".to_owned(),
        province: "เพชรบุรี".to_owned(),
        website: None,
        thai_digits: false,
        logo: None,
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

/// An agency with one department and two users.
struct Setup {
    agency: Agency,
    works: Department,
    handler: User,
    clerk: User,
}

async fn setup(store: &Store, code: &str) -> Setup {
    let a = agency(code);
    store.create_agency(CLI, &a).await.unwrap();
    let works = Department {
        agency_id: a.id,
        id: DepartmentId::new(),
        name: "กองช่าง".to_owned(),
        sort_order: 1,
    };
    store.create_department(CLI, &works).await.unwrap();
    let handler = user(a.id, &format!("{code}.handler"));
    let clerk = user(a.id, &format!("{code}.clerk"));
    for u in [&handler, &clerk] {
        store.create_user(CLI, u).await.unwrap();
    }
    Setup {
        agency: a,
        works,
        handler,
        clerk,
    }
}

fn as_user(u: &User) -> Actor {
    Actor {
        user_id: Some(u.id),
    }
}

/// A time with nanoseconds, which the store cuts to microseconds.
fn at(seconds: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(seconds, 123_456_789).unwrap()
}

const JAN_2025: i64 = 1_736_000_000;

/// A fresh online case of `kind` in fiscal year `year`, received at `received`.
fn case(agency: AgencyId, kind: CaseKind, year: i32, received: DateTime<Utc>) -> Case {
    Case {
        agency_id: agency,
        id: CaseId::new(),
        kind,
        channel: Channel::Online,
        fiscal_year: year,
        number: 0,
        code_hash: TrackingCode::random().lookup_hash(),
        status: CaseStatus::Received,
        subject: SUBJECT.to_owned(),
        details: DETAILS.to_owned(),
        place: PLACE.to_owned(),
        contact_sealed: None,
        consent: true,
        received_at: received,
        due_on: NaiveDate::from_ymd_opt(2025, 1, 20).unwrap(),
        department_id: None,
        outcome_note: String::new(),
        answered_at: None,
        first_reply_at: None,
        closed_at: None,
        purged_at: None,
        version: 0,
    }
}

fn new(case: Case) -> NewCase {
    NewCase {
        case,
        attachments: Vec::new(),
    }
}

fn attachment(c: &Case, name: &str, from_reporter: bool) -> CaseAttachment {
    CaseAttachment {
        agency_id: c.agency_id,
        case_id: c.id,
        id: CaseAttachmentId::new(),
        file_name: name.to_owned(),
        content_type: "image/png".to_owned(),
        size_bytes: 2048,
        sha256: "ab".repeat(32),
        uploaded_at: at(JAN_2025 + 60),
        from_reporter,
    }
}

fn message(
    c: &Case,
    author: MessageAuthor,
    visibility: MessageVisibility,
    body: &str,
    when: i64,
) -> CaseMessage {
    CaseMessage {
        agency_id: c.agency_id,
        case_id: c.id,
        id: CaseMessageId::new(),
        at: at(when),
        author,
        visibility,
        body: body.to_owned(),
    }
}

fn created(result: &Submitted) -> &Case {
    match result {
        Submitted::Created(c) => c,
        Submitted::Duplicate(c) => panic!("duplicate of {}", c.number_label()),
    }
}

async fn submit_one(store: &Store, c: Case) -> Case {
    let mut results = store.submit_cases(&[new(c)]).await.unwrap();
    assert_eq!(results.len(), 1);
    created(&results.remove(0)).clone()
}

async fn audited(store: &Store, agency: AgencyId, entity: &str, action: AuditAction) -> usize {
    store
        .list_audit(agency, 1000)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.entity == entity && e.action == action)
        .count()
}

/// A corruption report that went through its whole life: messages both ways,
/// a file, a department, closed at `closed`.
async fn closed_report(store: &Store, s: &Setup, closed: DateTime<Utc>) -> Case {
    let mut report = case(s.agency.id, CaseKind::Corruption, 2568, at(JAN_2025));
    report.department_id = Some(s.works.id);
    let file = attachment(&report, "หลักฐาน.png", true);
    let stored = store
        .submit_cases(&[NewCase {
            case: report,
            attachments: vec![file],
        }])
        .await
        .unwrap();
    let stored = created(&stored[0]).clone();
    store
        .add_case_message(
            as_user(&s.handler),
            &message(
                &stored,
                MessageAuthor::Staff(s.handler.id),
                MessageVisibility::Public,
                "ได้รับเรื่องแล้ว",
                JAN_2025 + 3600,
            ),
        )
        .await
        .unwrap();
    let current = store
        .find_case(s.agency.id, stored.id)
        .await
        .unwrap()
        .unwrap();
    let done = Case {
        status: CaseStatus::Closed,
        outcome_note: "ส่ง ป.ป.ช.".to_owned(),
        answered_at: Some(closed),
        closed_at: Some(closed),
        ..current.clone()
    };
    store
        .update_case(as_user(&s.handler), &done, current.version)
        .await
        .unwrap();
    store
        .find_case(s.agency.id, stored.id)
        .await
        .unwrap()
        .unwrap()
}

// ---------------------------------------------------------------------------
// Scenarios, each run on both backends
// ---------------------------------------------------------------------------

async fn numbered_per_agency_year_and_kind(db: &TestDb) {
    let store = &db.store;
    let s = setup(store, "numbers").await;
    let other = setup(store, "othernumbers").await;
    let a = s.agency.id;
    let batch: Vec<NewCase> = [
        (a, CaseKind::Complaint, 2568),
        (a, CaseKind::Complaint, 2568),
        (a, CaseKind::Corruption, 2568),
        (a, CaseKind::Complaint, 2569),
        (other.agency.id, CaseKind::Complaint, 2568),
        (a, CaseKind::Complaint, 2568),
    ]
    .into_iter()
    .map(|(agency, kind, year)| new(case(agency, kind, year, at(JAN_2025))))
    .collect();
    let results = store.submit_cases(&batch).await.unwrap();
    let numbers: Vec<i32> = results.iter().map(|r| created(r).number).collect();
    assert_eq!(numbers, [1, 2, 1, 1, 1, 3]);
    for (r, sent) in results.iter().zip(&batch) {
        let c = created(r);
        assert_eq!(c.id, sent.case.id, "results are in the order sent");
        assert_eq!(c.version, 1);
        assert_eq!(c.received_at, at(JAN_2025).trunc_micros());
        assert_eq!(
            store.find_case(c.agency_id, c.id).await.unwrap().as_ref(),
            Some(c)
        );
    }
    assert_eq!(created(&results[2]).number_label(), "ท. 1/2568");

    // Staff entry continues the same sequence and keeps what staff set.
    let mut phoned = case(a, CaseKind::Complaint, 2568, at(JAN_2025 + 10));
    phoned.channel = Channel::Telephone;
    phoned.status = CaseStatus::Assigned;
    phoned.department_id = Some(s.works.id);
    phoned.number = 99;
    let stored = store
        .create_case(as_user(&s.clerk), &new(phoned.clone()))
        .await
        .unwrap();
    assert_eq!(stored.number, 4);
    assert_eq!(stored.status, CaseStatus::Assigned);
    assert_eq!(stored.channel, Channel::Telephone);
    let same_code = Case {
        id: CaseId::new(),
        ..phoned
    };
    assert!(matches!(
        store.create_case(as_user(&s.clerk), &new(same_code)).await,
        Err(StoreError::Conflict { field }) if field == "code_hash"
    ));
    // Refused with nothing written: the next number is still 5.
    let next = submit_one(store, case(a, CaseKind::Complaint, 2568, at(JAN_2025))).await;
    assert_eq!(next.number, 5);

    // A department of another agency cannot be named.
    let mut foreign = case(a, CaseKind::Complaint, 2568, at(JAN_2025));
    foreign.department_id = Some(other.works.id);
    assert!(matches!(
        store.create_case(CLI, &new(foreign)).await,
        Err(StoreError::Invalid(_))
    ));
    let created_rows = audited(store, a, "case", AuditAction::Create).await;
    assert_eq!(created_rows, 7, "one audit row per stored case");
    let entry = store
        .list_audit(a, 1000)
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.entity == "case" && e.entity_id == created(&results[0]).id.to_string())
        .unwrap();
    assert_eq!(entry.user_id, None);
    assert_eq!(
        entry.after.unwrap(),
        serde_json::json!({"kind": "complaint", "channel": "online", "number": 1, "fiscal_year": 2568})
    );
}

async fn a_form_sent_twice_is_one_case(db: &TestDb) {
    let store = &db.store;
    let s = setup(store, "twice").await;
    let a = s.agency.id;
    let first = case(a, CaseKind::Corruption, 2568, at(JAN_2025));
    let again = Case {
        id: CaseId::new(),
        ..first.clone()
    };
    let stored = submit_one(store, first.clone()).await;
    let file = attachment(&again, "ซ้ำ.png", true);
    let results = store
        .submit_cases(&[NewCase {
            case: again,
            attachments: vec![file.clone()],
        }])
        .await
        .unwrap();
    assert_eq!(results, [Submitted::Duplicate(stored.clone())]);
    let all = store.list_cases(a, &CaseFilter::default()).await.unwrap();
    assert_eq!(all, std::slice::from_ref(&stored));
    assert!(
        store
            .find_case_attachment(a, file.id)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(audited(store, a, "case", AuditAction::Create).await, 1);

    // A batch mixing new cases and repeats, repeats of cases in the same batch
    // included: each repeat gives the case its first sending made.
    let b = case(a, CaseKind::Corruption, 2568, at(JAN_2025 + 1));
    let c = case(a, CaseKind::Corruption, 2568, at(JAN_2025 + 2));
    let repeat = |x: &Case| {
        new(Case {
            id: CaseId::new(),
            ..x.clone()
        })
    };
    let batch = [
        new(b.clone()),
        repeat(&first),
        new(c.clone()),
        repeat(&b),
        repeat(&c),
    ];
    let results = store.submit_cases(&batch).await.unwrap();
    let stored_b = created(&results[0]).clone();
    let stored_c = created(&results[2]).clone();
    assert_eq!(
        results,
        [
            Submitted::Created(stored_b.clone()),
            Submitted::Duplicate(stored),
            Submitted::Created(stored_c.clone()),
            Submitted::Duplicate(stored_b.clone()),
            Submitted::Duplicate(stored_c.clone()),
        ]
    );
    assert_eq!(
        (stored_b.number, stored_c.number),
        (2, 3),
        "no number skipped"
    );
    assert_eq!(
        store
            .list_cases(a, &CaseFilter::default())
            .await
            .unwrap()
            .len(),
        3
    );

    // A batch that fails writes nothing of itself.
    let ghost = case(AgencyId::new(), CaseKind::Complaint, 2568, at(JAN_2025));
    let fine = case(a, CaseKind::Complaint, 2568, at(JAN_2025));
    assert!(matches!(
        store.submit_cases(&[new(fine.clone()), new(ghost)]).await,
        Err(StoreError::Invalid(_))
    ));
    assert!(store.find_case(a, fine.id).await.unwrap().is_none());
}

async fn updates_are_versioned(db: &TestDb) {
    let store = &db.store;
    let s = setup(store, "versions").await;
    let a = s.agency.id;
    let stored = submit_one(store, case(a, CaseKind::Complaint, 2568, at(JAN_2025))).await;
    let assigned = Case {
        status: CaseStatus::Assigned,
        department_id: Some(s.works.id),
        channel: Channel::Letter,
        subject: "ถนนชำรุด".to_owned(),
        ..stored.clone()
    };
    store
        .update_case(as_user(&s.clerk), &assigned, 1)
        .await
        .unwrap();
    let after = store.find_case(a, stored.id).await.unwrap().unwrap();
    assert_eq!(
        after,
        Case {
            version: 2,
            ..assigned.clone()
        }
    );

    // A second editor who loaded version 1 is refused, and nothing changes.
    let late = Case {
        status: CaseStatus::Rejected,
        ..stored.clone()
    };
    assert!(matches!(
        store.update_case(as_user(&s.handler), &late, 1).await,
        Err(StoreError::Stale)
    ));
    assert_eq!(store.find_case(a, stored.id).await.unwrap().unwrap(), after);

    let answered = Case {
        status: CaseStatus::Resolved,
        answered_at: Some(at(JAN_2025 + 86_400)),
        ..after.clone()
    };
    store
        .update_case(as_user(&s.clerk), &answered, 2)
        .await
        .unwrap();
    let resolved = store.find_case(a, stored.id).await.unwrap().unwrap();
    assert_eq!(
        resolved.answered_at,
        Some(at(JAN_2025 + 86_400).trunc_micros())
    );
    assert_eq!(resolved.version, 3);

    let unknown = Case {
        id: CaseId::new(),
        ..answered.clone()
    };
    assert!(matches!(
        store.update_case(CLI, &unknown, 3).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(audited(store, a, "case", AuditAction::Update).await, 2);
}

async fn messages_and_the_first_public_reply(db: &TestDb) {
    let store = &db.store;
    let s = setup(store, "messages").await;
    let other = setup(store, "othermessages").await;
    let a = s.agency.id;
    let stored = submit_one(store, case(a, CaseKind::Complaint, 2568, at(JAN_2025))).await;
    let staff = MessageAuthor::Staff(s.clerk.id);
    let (public, internal) = (MessageVisibility::Public, MessageVisibility::Internal);

    // Added out of time order; read back oldest first.
    let from_reporter = message(
        &stored,
        MessageAuthor::Reporter,
        public,
        "ขอเพิ่มเติมข้อมูล",
        JAN_2025 + 500,
    );
    let note = message(&stored, staff, internal, "โทรสอบถามแล้ว", JAN_2025 + 100);
    for m in [&from_reporter, &note] {
        store.add_case_message(CLI, m).await.unwrap();
    }
    let unchanged = store.find_case(a, stored.id).await.unwrap().unwrap();
    assert_eq!(
        unchanged.first_reply_at, None,
        "neither the reporter nor a note replies"
    );
    assert_eq!(unchanged.version, 1);

    let reply = message(
        &stored,
        staff,
        public,
        "กองช่างจะซ่อมภายในสัปดาห์นี้",
        JAN_2025 + 900,
    );
    store
        .add_case_message(as_user(&s.clerk), &reply)
        .await
        .unwrap();
    let replied = store.find_case(a, stored.id).await.unwrap().unwrap();
    assert_eq!(replied.first_reply_at, Some(reply.at.trunc_micros()));
    assert_eq!(replied.version, 2);

    let second = message(&stored, staff, public, "ซ่อมเสร็จแล้ว", JAN_2025 + 2000);
    store
        .add_case_message(as_user(&s.clerk), &second)
        .await
        .unwrap();
    let still = store.find_case(a, stored.id).await.unwrap().unwrap();
    assert_eq!(
        still.first_reply_at, replied.first_reply_at,
        "the first reply stays first"
    );
    assert_eq!(still.version, 2);

    let read = store.case_messages(a, stored.id).await.unwrap();
    let bodies: Vec<&str> = read.iter().map(|m| m.body.as_str()).collect();
    assert_eq!(
        bodies,
        [
            "โทรสอบถามแล้ว",
            "ขอเพิ่มเติมข้อมูล",
            "กองช่างจะซ่อมภายในสัปดาห์นี้",
            "ซ่อมเสร็จแล้ว"
        ]
    );
    assert_eq!(read[1].author, MessageAuthor::Reporter);
    assert_eq!(read[0].at, note.at.trunc_micros());

    // A staff author of another agency, or an unknown case, is refused.
    let foreign = message(
        &stored,
        MessageAuthor::Staff(other.clerk.id),
        public,
        "x",
        JAN_2025,
    );
    assert!(matches!(
        store.add_case_message(CLI, &foreign).await,
        Err(StoreError::Invalid(_))
    ));
    let nowhere = CaseMessage {
        case_id: CaseId::new(),
        ..second.clone()
    };
    assert!(matches!(
        store.add_case_message(CLI, &nowhere).await,
        Err(StoreError::NotFound)
    ));

    // Files added later.
    let file = attachment(&stored, "ภาพถนน.png", false);
    store
        .add_case_attachment(as_user(&s.clerk), &file)
        .await
        .unwrap();
    let files = store.case_attachments(a, stored.id).await.unwrap();
    assert_eq!(
        files,
        [CaseAttachment {
            uploaded_at: file.uploaded_at.trunc_micros(),
            ..file.clone()
        }]
    );
    assert_eq!(
        store
            .find_case_attachment(a, file.id)
            .await
            .unwrap()
            .as_ref(),
        files.first()
    );
    assert_eq!(
        audited(store, a, "case_message", AuditAction::Create).await,
        4
    );
    assert_eq!(
        audited(store, a, "case_attachment", AuditAction::Create).await,
        1
    );
}

async fn lists_filter_and_sort_newest_first(db: &TestDb) {
    let store = &db.store;
    let s = setup(store, "lists").await;
    let other = setup(store, "otherlists").await;
    let a = s.agency.id;
    let mut stored = Vec::new();
    for (kind, year, offset) in [
        (CaseKind::Complaint, 2568, 10),
        (CaseKind::Corruption, 2568, 20),
        (CaseKind::Complaint, 2569, 30),
        (CaseKind::Complaint, 2568, 40),
    ] {
        stored.push(submit_one(store, case(a, kind, year, at(JAN_2025 + offset))).await);
    }
    submit_one(
        store,
        case(other.agency.id, CaseKind::Complaint, 2568, at(JAN_2025)),
    )
    .await;
    let resolved = Case {
        status: CaseStatus::Resolved,
        department_id: Some(s.works.id),
        ..stored[3].clone()
    };
    store.update_case(CLI, &resolved, 1).await.unwrap();

    let ids = |cases: Vec<Case>| cases.into_iter().map(|c| c.id).collect::<Vec<_>>();
    let list = |filter: CaseFilter| async move { ids(store.list_cases(a, &filter).await.unwrap()) };
    assert_eq!(
        list(CaseFilter::default()).await,
        [stored[3].id, stored[2].id, stored[1].id, stored[0].id]
    );
    assert_eq!(
        list(CaseFilter {
            kind: Some(CaseKind::Complaint),
            fiscal_year: Some(2568),
            ..CaseFilter::default()
        })
        .await,
        [stored[3].id, stored[0].id]
    );
    assert_eq!(
        list(CaseFilter {
            status: Some(CaseStatus::Resolved),
            ..CaseFilter::default()
        })
        .await,
        [stored[3].id]
    );
    assert_eq!(
        list(CaseFilter {
            department_id: Some(s.works.id),
            ..CaseFilter::default()
        })
        .await,
        [stored[3].id]
    );
    assert_eq!(
        list(CaseFilter {
            unanswered_only: true,
            kind: Some(CaseKind::Complaint),
            ..CaseFilter::default()
        })
        .await,
        [stored[2].id, stored[0].id]
    );

    let waiting = store.unanswered_cases().await.unwrap();
    let mine: Vec<_> = waiting
        .iter()
        .filter(|c| c.agency_id == a)
        .map(|c| c.id)
        .collect();
    assert_eq!(mine.len(), 3);
    assert!(!mine.contains(&stored[3].id));
    assert!(waiting.iter().any(|c| c.agency_id == other.agency.id));
}

async fn purged_after_retention_only(db: &TestDb) {
    let store = &db.store;
    let s = setup(store, "purge").await;
    let long = setup(store, "purgelong").await;
    let now = at(JAN_2025 + 400 * 86_400);
    let day = Duration::days(1);
    let expired = closed_report(store, &s, now - day * 91).await;
    let recent = closed_report(store, &s, now - day * 89).await;
    let kept_longer = closed_report(store, &long, now - day * 91).await;
    store
        .save_complaint_settings(
            CLI,
            long.agency.id,
            &ComplaintSettings {
                retention_days: 120,
                ..ComplaintSettings::default()
            },
        )
        .await
        .unwrap();
    // A complaint closed as long ago, and a report answered but never closed,
    // are not purged.
    let mut complaint = case(s.agency.id, CaseKind::Complaint, 2568, at(JAN_2025));
    complaint.status = CaseStatus::Closed;
    complaint.closed_at = Some(now - day * 200);
    let complaint = store.create_case(CLI, &new(complaint)).await.unwrap();
    let mut open_report = case(s.agency.id, CaseKind::Corruption, 2568, at(JAN_2025));
    open_report.status = CaseStatus::Resolved;
    open_report.answered_at = Some(now - day * 200);
    let open_report = store.create_case(CLI, &new(open_report)).await.unwrap();
    let expired_files = store
        .case_attachments(s.agency.id, expired.id)
        .await
        .unwrap();
    assert_eq!(expired_files.len(), 1);

    let report = store.purge_expired_cases(now).await.unwrap();
    assert_eq!(
        report,
        PurgeReport {
            cases: 1,
            attachments: expired_files
        }
    );
    let purged = store
        .find_case(s.agency.id, expired.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        purged,
        Case {
            subject: String::new(),
            details: String::new(),
            place: String::new(),
            outcome_note: String::new(),
            contact_sealed: None,
            purged_at: Some(now.trunc_micros()),
            version: expired.version + 1,
            ..expired.clone()
        },
        "what statistics need stays"
    );
    assert!(
        store
            .case_messages(s.agency.id, expired.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .case_attachments(s.agency.id, expired.id)
            .await
            .unwrap()
            .is_empty()
    );
    for untouched in [&recent, &complaint, &open_report] {
        assert_eq!(
            store
                .find_case(s.agency.id, untouched.id)
                .await
                .unwrap()
                .as_ref(),
            Some(untouched)
        );
    }
    assert_eq!(
        store
            .find_case(long.agency.id, kept_longer.id)
            .await
            .unwrap()
            .unwrap(),
        kept_longer
    );
    assert_eq!(
        store
            .case_messages(s.agency.id, recent.id)
            .await
            .unwrap()
            .len(),
        1
    );

    // Purged once: a second run finds nothing, and the case takes no new content.
    assert_eq!(
        store.purge_expired_cases(now).await.unwrap(),
        PurgeReport::default()
    );
    let late = message(
        &purged,
        MessageAuthor::Reporter,
        MessageVisibility::Public,
        "ยังอยู่ไหม",
        JAN_2025,
    );
    assert!(matches!(
        store.add_case_message(CLI, &late).await,
        Err(StoreError::Invalid(_))
    ));
    assert!(
        store
            .unanswered_cases()
            .await
            .unwrap()
            .iter()
            .all(|c| c.id != expired.id)
    );

    // The longer period passes too.
    let later = store.purge_expired_cases(now + day * 30).await.unwrap();
    assert_eq!(later.cases, 2, "the recent one and the longer-kept one");
}

async fn notifications_are_claimed_once(db: &TestDb) {
    let store = &db.store;
    let s = setup(store, "notify").await;
    let a = s.agency.id;
    let c = submit_one(store, case(a, CaseKind::Complaint, 2568, at(JAN_2025))).await;
    assert!(
        store
            .claim_notification(a, c.id, "received", at(JAN_2025))
            .await
            .unwrap()
    );
    assert!(
        !store
            .claim_notification(a, c.id, "received", at(JAN_2025 + 60))
            .await
            .unwrap()
    );
    assert!(
        store
            .claim_notification(a, c.id, "reminder", at(JAN_2025))
            .await
            .unwrap()
    );
    assert!(matches!(
        store
            .claim_notification(a, CaseId::new(), "received", at(JAN_2025))
            .await,
        Err(StoreError::Invalid(_))
    ));
}

async fn settings_and_handlers(db: &TestDb) {
    let store = &db.store;
    let s = setup(store, "settings").await;
    let other = setup(store, "othersettings").await;
    let a = s.agency.id;
    assert_eq!(
        store.complaint_settings(a).await.unwrap(),
        ComplaintSettings::default()
    );
    let mine = ComplaintSettings {
        deadline_days: 30,
        reminder_days: 5,
        small_count_threshold: 3,
        retention_days: 365,
        notify_emails: vec!["saraban@settings.go.th".to_owned()],
        corruption_notify_emails: vec!["palad@settings.go.th".to_owned()],
    };
    store
        .save_complaint_settings(as_user(&s.handler), a, &mine)
        .await
        .unwrap();
    assert_eq!(store.complaint_settings(a).await.unwrap(), mine);
    let shorter = ComplaintSettings {
        deadline_days: 10,
        ..mine.clone()
    };
    store
        .save_complaint_settings(CLI, a, &shorter)
        .await
        .unwrap();
    assert_eq!(store.complaint_settings(a).await.unwrap(), shorter);
    assert_eq!(
        store.complaint_settings(other.agency.id).await.unwrap(),
        ComplaintSettings::default(),
        "another agency keeps its own"
    );
    assert_eq!(
        audited(store, a, "complaint_settings", AuditAction::Create).await,
        1
    );
    assert_eq!(
        audited(store, a, "complaint_settings", AuditAction::Update).await,
        1
    );

    assert!(store.corruption_handlers(a).await.unwrap().is_empty());
    assert!(!store.is_corruption_handler(a, s.handler.id).await.unwrap());
    for _ in 0..2 {
        store
            .set_corruption_handler(CLI, a, s.handler.id, true)
            .await
            .unwrap();
    }
    assert_eq!(store.corruption_handlers(a).await.unwrap(), [s.handler.id]);
    assert!(store.is_corruption_handler(a, s.handler.id).await.unwrap());
    assert!(!store.is_corruption_handler(a, s.clerk.id).await.unwrap());
    assert!(
        !store
            .is_corruption_handler(other.agency.id, s.handler.id)
            .await
            .unwrap(),
        "a grant holds in its own agency only"
    );
    assert!(matches!(
        store
            .set_corruption_handler(CLI, a, other.clerk.id, true)
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        audited(store, a, "corruption_handler", AuditAction::Create).await,
        1
    );
    for _ in 0..2 {
        store
            .set_corruption_handler(CLI, a, s.handler.id, false)
            .await
            .unwrap();
    }
    assert!(!store.is_corruption_handler(a, s.handler.id).await.unwrap());
    assert_eq!(
        audited(store, a, "corruption_handler", AuditAction::Delete).await,
        1
    );
}

async fn cases_stay_with_their_agency(db: &TestDb) {
    let store = &db.store;
    let s = setup(store, "tenant").await;
    let other = setup(store, "othertenant").await;
    let (a, b) = (s.agency.id, other.agency.id);
    let mine = closed_report(store, &s, at(JAN_2025 + 86_400)).await;
    let file = store.case_attachments(a, mine.id).await.unwrap().remove(0);
    assert!(store.find_case(b, mine.id).await.unwrap().is_none());
    assert!(store.open_case(CLI, b, mine.id).await.unwrap().is_none());
    assert!(
        store
            .find_case_by_code(b, &mine.code_hash)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store.find_case_by_code(a, &mine.code_hash).await.unwrap(),
        Some(mine.clone())
    );
    assert!(store.case_messages(b, mine.id).await.unwrap().is_empty());
    assert!(store.case_attachments(b, mine.id).await.unwrap().is_empty());
    assert!(
        store
            .find_case_attachment(b, file.id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .list_cases(b, &CaseFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
    let hijacked = Case {
        agency_id: b,
        ..mine.clone()
    };
    assert!(matches!(
        store.update_case(CLI, &hijacked, mine.version).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store
            .add_case_attachment(
                CLI,
                &CaseAttachment {
                    agency_id: b,
                    ..file.clone()
                }
            )
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(audited(store, b, "case", AuditAction::Open).await, 0);

    // A department that cases are assigned to cannot be deleted.
    assert!(matches!(
        store.delete_department(CLI, a, s.works.id).await,
        Err(StoreError::InUse { by }) if by == "cases"
    ));
}

async fn the_trail_holds_no_content(db: &TestDb) {
    let store = &db.store;
    let s = setup(store, "trail").await;
    let a = s.agency.id;
    let key = MasterKey::generate().agency_key(a);
    let mut report = case(a, CaseKind::Corruption, 2568, at(JAN_2025));
    let contact = ReporterContact {
        name: REPORTER_NAME.to_owned(),
        phone: REPORTER_PHONE.to_owned(),
        ..ReporterContact::default()
    };
    report.contact_sealed = Some(key.seal(
        &serde_json::to_vec(&contact).unwrap(),
        report.id.0.as_bytes(),
    ));
    let file = attachment(&report, "ชื่อผู้แจ้ง-หลักฐาน.png", true);
    let stored = store
        .submit_cases(&[NewCase {
            case: report,
            attachments: vec![file],
        }])
        .await
        .unwrap();
    let stored = created(&stored[0]).clone();
    let opened = store
        .open_case(as_user(&s.handler), a, stored.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(opened, stored);
    let sealed = opened.contact_sealed.as_deref().unwrap();
    let unsealed: ReporterContact =
        serde_json::from_slice(&key.open(sealed, stored.id.0.as_bytes()).unwrap()).unwrap();
    assert_eq!(unsealed, contact);

    let reply = message(
        &stored,
        MessageAuthor::Staff(s.handler.id),
        MessageVisibility::Internal,
        "ข้อความลับของผู้รับเรื่อง",
        JAN_2025 + 60,
    );
    store
        .add_case_message(as_user(&s.handler), &reply)
        .await
        .unwrap();
    let later = attachment(&stored, "เอกสารแนบลับ.pdf", false);
    store
        .add_case_attachment(as_user(&s.handler), &later)
        .await
        .unwrap();
    let current = store.find_case(a, stored.id).await.unwrap().unwrap();
    let closed = Case {
        status: CaseStatus::Closed,
        outcome_note: "เหตุผลลับของการปิดเรื่อง".to_owned(),
        closed_at: Some(at(JAN_2025)),
        answered_at: Some(at(JAN_2025)),
        ..current.clone()
    };
    store
        .update_case(as_user(&s.handler), &closed, current.version)
        .await
        .unwrap();
    store
        .purge_expired_cases(at(JAN_2025 + 365 * 86_400))
        .await
        .unwrap();

    let trail = store.list_audit(a, 1000).await.unwrap();
    let opened_rows: Vec<_> = trail
        .iter()
        .filter(|e| e.action == AuditAction::Open)
        .collect();
    assert_eq!(opened_rows.len(), 1);
    assert_eq!(opened_rows[0].user_id, Some(s.handler.id));
    assert_eq!(opened_rows[0].entity_id, stored.id.to_string());
    let text = serde_json::to_string(&trail).unwrap();
    for secret in [
        SUBJECT,
        DETAILS,
        PLACE,
        REPORTER_NAME,
        REPORTER_PHONE,
        "ข้อความลับของผู้รับเรื่อง",
        "ชื่อผู้แจ้ง",
        "เอกสารแนบลับ",
        "เหตุผลลับของการปิดเรื่อง",
        &stored.code_hash,
    ] {
        assert!(!text.contains(secret), "the audit trail holds {secret}");
    }
    assert!(
        trail
            .iter()
            .any(|e| e.entity == "case" && e.action == AuditAction::Update)
    );
}

async fn bundles_carry_cases(db: &TestDb) {
    let store = &db.store;
    let s = setup(store, "bundled").await;
    seed_cases(store, &s).await;
    let exported = store.export_agency(s.agency.id).await.unwrap();
    assert_eq!(exported.cases.len(), 4);
    assert!(exported.cases.windows(2).all(|w| w[0].id < w[1].id));
    assert_eq!(exported.case_messages.len(), 2);
    assert_eq!(exported.case_attachments.len(), 1);
    assert_eq!(exported.corruption_handlers, [s.handler.id]);
    assert_eq!(
        exported.complaint_settings.as_ref().unwrap().deadline_days,
        20
    );
    let text = json_text(&exported);
    for secret in [REPORTER_NAME, REPORTER_PHONE] {
        assert!(
            !text.contains(secret),
            "the bundle holds {secret} in the clear"
        );
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
    // Numbering continues where the exported database was.
    let next = submit_one(
        &fresh.store,
        case(s.agency.id, CaseKind::Complaint, 2568, at(JAN_2025)),
    )
    .await;
    assert_eq!(next.number, 3);

    // A bundle whose rows do not hang together is refused whole.
    let mut foreign_handler = exported.clone();
    foreign_handler.corruption_handlers.push(UserId::new());
    let mut twice = exported.clone();
    let mut copy = exported.cases[0].clone();
    copy.id = CaseId::new();
    twice.cases.push(copy);
    let mut orphan = exported.clone();
    orphan.case_messages[0].case_id = CaseId::new();
    // A NUL kept by SQLite: refused before anything is written, on either
    // backend (PostgreSQL cannot store it at all).
    let mut nul = exported.clone();
    nul.departments[0].name.push('\u{0}');
    let mut c1 = exported.clone();
    c1.cases[1].subject.push('\u{85}');
    // Longer than the table of limits lets a form save (a subject is a title).
    let mut long = exported.clone();
    long.cases[0].subject = "ก".repeat(FieldKind::Title.max_chars() + 1);
    for (bundle, expect) in [
        (foreign_handler, "corruption_handlers"),
        (twice, "code_hash"),
        (orphan, "does not exist"),
        (nul, ".departments[0].name: holds a control character"),
        (c1, ".cases[1].subject: holds a control character"),
        (long, ".cases[0].subject: 501 characters, over the 500"),
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

/// Cases of both kinds with a sealed contact, messages, a file, settings and a
/// handler.
async fn seed_cases(store: &Store, s: &Setup) {
    let a = s.agency.id;
    let key = MasterKey::generate().agency_key(a);
    store
        .save_complaint_settings(
            CLI,
            a,
            &ComplaintSettings {
                deadline_days: 20,
                ..ComplaintSettings::default()
            },
        )
        .await
        .unwrap();
    store
        .set_corruption_handler(CLI, a, s.handler.id, true)
        .await
        .unwrap();
    let mut report = case(a, CaseKind::Corruption, 2568, at(JAN_2025));
    let contact = format!("{REPORTER_NAME} {REPORTER_PHONE}");
    report.contact_sealed = Some(key.seal(contact.as_bytes(), report.id.0.as_bytes()));
    submit_one(store, report).await;
    for offset in [1, 2] {
        submit_one(
            store,
            case(a, CaseKind::Complaint, 2568, at(JAN_2025 + offset)),
        )
        .await;
    }
    let closed = closed_report(store, s, at(JAN_2025 + 86_400)).await;
    store
        .add_case_message(
            CLI,
            &message(
                &closed,
                MessageAuthor::Reporter,
                MessageVisibility::Public,
                "ขอบคุณครับ",
                JAN_2025 + 90_000,
            ),
        )
        .await
        .unwrap();
}

/// Files whose fingerprint is still a plain hash are listed (every agency's,
/// oldest first, at most the limit asked) until a keyed one replaces it.
async fn plain_hashes_are_listed_until_keyed(db: &TestDb) {
    let store = &db.store;
    let s = setup(store, "fingerprints").await;
    let case = submit_one(
        store,
        case(s.agency.id, CaseKind::Corruption, 2568, at(JAN_2025)),
    )
    .await;
    let plain = attachment(&case, "ภาพ-1.png", true);
    let keyed = CaseAttachment {
        sha256: format!("hmac-sha256:{}", "cd".repeat(32)),
        ..attachment(&case, "ภาพ-2.png", true)
    };
    for file in [&plain, &keyed] {
        store.add_case_attachment(CLI, file).await.unwrap();
    }
    let listed = store.attachments_with_plain_hash(10).await.unwrap();
    assert_eq!(listed.iter().map(|f| f.id).collect::<Vec<_>>(), [plain.id]);
    assert!(
        store
            .attachments_with_plain_hash(0)
            .await
            .unwrap()
            .is_empty()
    );
    let other = setup(store, "elsewhere").await;
    store
        .set_attachment_fingerprint(other.agency.id, plain.id, "hmac-sha256:")
        .await
        .unwrap();
    assert_eq!(
        store.attachments_with_plain_hash(10).await.unwrap().len(),
        1,
        "another agency's id changes nothing"
    );
    store
        .set_attachment_fingerprint(case.agency_id, plain.id, "hmac-sha256:ef")
        .await
        .unwrap();
    assert!(
        store
            .attachments_with_plain_hash(10)
            .await
            .unwrap()
            .is_empty()
    );
    let stored = store
        .find_case_attachment(case.agency_id, plain.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.sha256, "hmac-sha256:ef");
}

/// "New case" mails are counted per agency and kind, and the cases still
/// waiting for theirs are listed until one is claimed.
async fn received_notices_are_counted_and_waiting_cases_listed(db: &TestDb) {
    let store = &db.store;
    let s = setup(store, "notices").await;
    let now = Utc::now();
    let mut waiting = Vec::new();
    for kind in [
        CaseKind::Complaint,
        CaseKind::Complaint,
        CaseKind::Corruption,
    ] {
        waiting.push(submit_one(store, case(s.agency.id, kind, 2569, now)).await);
    }
    let since = now - Duration::hours(1);
    assert_eq!(
        store
            .received_notices_since(s.agency.id, CaseKind::Complaint, since)
            .await
            .unwrap(),
        0
    );
    let listed = store.cases_awaiting_received_notice(since).await.unwrap();
    assert_eq!(listed.len(), 3);
    assert!(
        store
            .claim_notification(s.agency.id, waiting[0].id, RECEIVED_NOTICE, now)
            .await
            .unwrap()
    );
    assert!(
        !store
            .claim_notification(s.agency.id, waiting[0].id, RECEIVED_NOTICE, now)
            .await
            .unwrap(),
        "claimed once"
    );
    assert_eq!(
        store
            .received_notices_since(s.agency.id, CaseKind::Complaint, since)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .received_notices_since(s.agency.id, CaseKind::Corruption, since)
            .await
            .unwrap(),
        0
    );
    let listed = store.cases_awaiting_received_notice(since).await.unwrap();
    assert_eq!(
        listed.iter().map(|c| c.id).collect::<Vec<_>>(),
        [waiting[1].id, waiting[2].id]
    );
    assert!(
        store
            .cases_awaiting_received_notice(now + Duration::hours(1))
            .await
            .unwrap()
            .is_empty(),
        "only those received since"
    );
}

on_both_backends!(
    received_notices_are_counted_and_waiting_cases_listed,
    plain_hashes_are_listed_until_keyed,
    numbered_per_agency_year_and_kind,
    a_form_sent_twice_is_one_case,
    updates_are_versioned,
    messages_and_the_first_public_reply,
    lists_filter_and_sort_newest_first,
    purged_after_retention_only,
    notifications_are_claimed_once,
    settings_and_handlers,
    cases_stay_with_their_agency,
    the_trail_holds_no_content,
    bundles_carry_cases,
);

// ---------------------------------------------------------------------------
// SQLite file bytes
// ---------------------------------------------------------------------------

/// Whether `needle` occurs in the database file or its write-ahead log.
fn file_holds(path: &std::path::Path, needle: &str) -> bool {
    let mut files = vec![path.to_path_buf()];
    for suffix in ["-wal", "-journal"] {
        files.push(std::path::PathBuf::from(format!(
            "{}{suffix}",
            path.display()
        )));
    }
    files
        .iter()
        .filter_map(|f| std::fs::read(f).ok())
        .any(|bytes| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
}

#[tokio::test]
async fn the_sqlite_file_holds_no_plaintext_contact_and_no_purged_content() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("prongsai.db");
    let store = Store::open_sqlite(&path).await.unwrap();
    let s = setup(&store, "sealed").await;
    let key = MasterKey::generate().agency_key(s.agency.id);
    let contact = ReporterContact {
        name: REPORTER_NAME.to_owned(),
        phone: REPORTER_PHONE.to_owned(),
        email: "porntip.secret@example.com".to_owned(),
        address: String::new(),
    };
    let mut report = case(s.agency.id, CaseKind::Corruption, 2568, at(JAN_2025));
    report.subject = "ร้องเรียนเรื่องที่จะถูกลบภายหลัง".to_owned();
    report.contact_sealed = Some(key.seal(
        &serde_json::to_vec(&contact).unwrap(),
        report.id.0.as_bytes(),
    ));
    let stored = submit_one(&store, report).await;
    let kept = submit_one(
        &store,
        case(s.agency.id, CaseKind::Corruption, 2568, at(JAN_2025)),
    )
    .await;
    store.close().await;
    for secret in [REPORTER_NAME, REPORTER_PHONE, "porntip.secret"] {
        assert!(
            !file_holds(&path, secret),
            "the database file holds {secret}"
        );
    }
    assert!(
        file_holds(&path, SUBJECT),
        "the search would find plain text"
    );

    // After the purge the emptied subject is gone from the file and its log,
    // while the store is still open, and the case not purged keeps its own.
    let store = Store::open_sqlite(&path).await.unwrap();
    let current = store
        .find_case(s.agency.id, stored.id)
        .await
        .unwrap()
        .unwrap();
    let closed = Case {
        status: CaseStatus::Closed,
        closed_at: Some(at(JAN_2025)),
        answered_at: Some(at(JAN_2025)),
        ..current.clone()
    };
    store
        .update_case(CLI, &closed, current.version)
        .await
        .unwrap();
    assert!(file_holds(&path, "ร้องเรียนเรื่องที่จะถูกลบภายหลัง"));
    let report = store
        .purge_expired_cases(at(JAN_2025 + 365 * 86_400))
        .await
        .unwrap();
    assert_eq!(report.cases, 1);
    assert!(!file_holds(&path, "ร้องเรียนเรื่องที่จะถูกลบภายหลัง"));
    assert!(file_holds(&path, &kept.subject));
    store.close().await;
}

// ---------------------------------------------------------------------------
// Cross-backend
// ---------------------------------------------------------------------------

#[tokio::test]
async fn cases_move_between_backends() {
    assert_moves_between_backends(async |store: &Store, code: &str| {
        let s = setup(store, &code.replace('-', "")).await;
        seed_cases(store, &s).await;
        s.agency.id
    })
    .await;
}

/// Cutting to whole microseconds, what the store keeps.
trait TruncMicros {
    fn trunc_micros(self) -> Self;
}

impl TruncMicros for DateTime<Utc> {
    fn trunc_micros(self) -> Self {
        use chrono::SubsecRound as _;
        self.trunc_subsecs(6)
    }
}
