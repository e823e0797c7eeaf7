//! The OIT checklist, link checks and surveys in the store: versioned entries
//! and carry-over that never overwrites; settings defaulted until saved; the
//! newest check per link, a link's history and its archived bytes; surveys
//! versioned, found by token and kept to their agency; responses written in
//! batches where a device answers once; a department in use by the checklist;
//! and bundles carrying all of it. Every scenario runs on SQLite always and on
//! PostgreSQL when `PRONGSAI_TEST_DATABASE_URL` names a server (the harness of
//! `common/mod.rs`).

use crate::common;

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, TimeZone as _, Utc};
use prongsai_core::bundle::Bundle;
use prongsai_core::disclosure::{
    DisclosureEntry, DisclosureSettings, DisclosureStatus, EvidenceLink, LinkCheck, LinkFacts,
    LinkVerdict,
};
use prongsai_core::ita::Answer;
use prongsai_core::model::{
    Agency, AgencyId, AgencyKind, AuditAction, Department, DepartmentId, LinkCheckId, SurveyId,
    SurveyResponseId,
};
use prongsai_core::surveys::{
    ResponseAnswers, SampleRule, SatisfactionQuestion, SatisfactionScale, Survey, SurveyKind,
    SurveyResponse, SurveyStatus,
};
use prongsai_store::{Actor, ResponseOutcome, Store, StoreError};

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
        district: "ชะอำ".to_owned(),
        province: "เพชรบุรี".to_owned(),
        website: Some("https://example.go.th".to_owned()),
        thai_digits: false,
        logo: None,
    }
}

/// An agency with one department.
async fn setup(store: &Store, code: &str) -> (Agency, Department) {
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

fn entry(agency: AgencyId, year: i32, item: &str) -> DisclosureEntry {
    DisclosureEntry {
        links: vec![EvidenceLink {
            url: format!("https://example.go.th/oit/{item}"),
            note: "หน้า 1".to_owned(),
        }],
        keywords: vec!["โครงสร้าง".to_owned()],
        explanation: "เผยแพร่บนเว็บไซต์".to_owned(),
        due_on: NaiveDate::from_ymd_opt(2025, 3, 31),
        ..DisclosureEntry::empty(agency, year, item)
    }
}

/// A time with nanoseconds, which the store cuts to microseconds.
fn at(seconds: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(seconds, 123_456_789).unwrap()
}

const JAN_2025: i64 = 1_735_689_600;

fn check(agency: AgencyId, year: i32, url: &str, seconds: i64, verdict: LinkVerdict) -> LinkCheck {
    LinkCheck {
        id: LinkCheckId::new(),
        agency_id: agency,
        fiscal_year: year,
        url: url.to_owned(),
        checked_at: at(seconds),
        facts: LinkFacts {
            http_status: Some(200),
            content_sha256: Some("ab".repeat(32)),
            clicks_from_home: Some(2),
            home_checked: true,
            mentions_year: Some(true),
            keywords_found: vec!["โครงสร้าง".to_owned()],
            keywords_expected: vec!["โครงสร้าง".to_owned()],
            ..LinkFacts::default()
        },
        verdict,
        detail_th: verdict.label_th().to_owned(),
        archived: false,
    }
}

fn survey(agency: AgencyId, year: i32, kind: SurveyKind, token: &str) -> Survey {
    let questions = if kind == SurveyKind::Satisfaction {
        vec![SatisfactionQuestion {
            code: "s1".to_owned(),
            text_th: "ความพึงพอใจต่อการให้บริการ".to_owned(),
            scale: SatisfactionScale::FiveLevel,
        }]
    } else {
        Vec::new()
    };
    Survey {
        id: SurveyId::new(),
        agency_id: agency,
        fiscal_year: year,
        kind,
        title: format!("แบบสำรวจ {token}"),
        public_token: token.to_owned(),
        status: SurveyStatus::Open,
        population: Some(120),
        sample_rule: SampleRule::default(),
        closes_on: NaiveDate::from_ymd_opt(2025, 6, 30),
        questions,
        created_at: at(JAN_2025),
        version: 0,
    }
}

fn response(s: &Survey, day: u32, device: Option<&str>) -> SurveyResponse {
    SurveyResponse {
        id: SurveyResponseId::new(),
        survey_id: s.id,
        agency_id: s.agency_id,
        submitted_on: NaiveDate::from_ymd_opt(2025, 1, day).unwrap(),
        answers: ResponseAnswers {
            choices: BTreeMap::from([
                ("i1".to_owned(), Answer::Level(3)),
                ("i2".to_owned(), Answer::YesNo(true)),
            ]),
            comments: BTreeMap::from([("s2".to_owned(), "บริการดีมาก".to_owned())]),
        },
        device_hash: device.map(str::to_owned),
    }
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

// ---------------------------------------------------------------------------
// Scenarios, each run on both backends
// ---------------------------------------------------------------------------

async fn entries_are_versioned(db: &TestDb) {
    let store = &db.store;
    let (a, office) = setup(store, "entries").await;
    assert!(
        store
            .find_disclosure_entry(a.id, YEAR, "O1")
            .await
            .unwrap()
            .is_none()
    );
    let mut draft = entry(a.id, YEAR, "O1");
    draft.department_id = Some(office.id);
    let saved = store.save_disclosure_entry(CLI, &draft).await.unwrap();
    assert_eq!(saved.version, 1);
    assert!(saved.updated_at > DateTime::<Utc>::UNIX_EPOCH);
    assert_eq!(
        store.find_disclosure_entry(a.id, YEAR, "O1").await.unwrap(),
        Some(saved.clone())
    );
    // A second "new" entry for the same item is somebody else's first save.
    assert!(matches!(
        store.save_disclosure_entry(CLI, &draft).await,
        Err(StoreError::Stale)
    ));

    let mut edited = saved.clone();
    edited.status = DisclosureStatus::Ready;
    edited.links.push(EvidenceLink {
        url: "https://example.go.th/oit/O1-2".to_owned(),
        note: String::new(),
    });
    let second = store.save_disclosure_entry(CLI, &edited).await.unwrap();
    assert_eq!(second.version, 2);
    assert_eq!(second.links.len(), 2);
    assert_eq!(second.status, DisclosureStatus::Ready);
    // The first user's copy is now stale and changes nothing.
    let mut late = saved.clone();
    late.explanation = "ทับของคนอื่น".to_owned();
    assert!(matches!(
        store.save_disclosure_entry(CLI, &late).await,
        Err(StoreError::Stale)
    ));
    assert_eq!(
        store.find_disclosure_entry(a.id, YEAR, "O1").await.unwrap(),
        Some(second)
    );
    assert_eq!(
        audited(store, a.id, "disclosure_entry", AuditAction::Create).await,
        1
    );
    assert_eq!(
        audited(store, a.id, "disclosure_entry", AuditAction::Update).await,
        1
    );

    // A department of another agency is refused.
    let (_, foreign) = setup(store, "foreign").await;
    let mut wrong = entry(a.id, YEAR, "O2");
    wrong.department_id = Some(foreign.id);
    assert!(matches!(
        store.save_disclosure_entry(CLI, &wrong).await,
        Err(StoreError::Invalid(_))
    ));

    // The department cannot go while the checklist names it.
    assert!(matches!(
        store.delete_department(CLI, a.id, office.id).await,
        Err(StoreError::InUse { by }) if by == "disclosure entries"
    ));
}

async fn carry_over_never_overwrites(db: &TestDb) {
    let store = &db.store;
    let (a, _) = setup(store, "carry").await;
    let mut kept = entry(a.id, YEAR, "O2");
    kept.explanation = "แก้ไขแล้ว".to_owned();
    store.save_disclosure_entry(CLI, &kept).await.unwrap();
    let batch = [
        entry(a.id, YEAR, "O1"),
        entry(a.id, YEAR, "O2"),
        entry(a.id, YEAR, "O3"),
        entry(a.id, YEAR - 1, "O1"),
    ];
    assert_eq!(
        store.insert_disclosure_entries(CLI, &batch).await.unwrap(),
        3
    );
    assert_eq!(
        store.insert_disclosure_entries(CLI, &batch).await.unwrap(),
        0
    );
    let year = store.disclosure_entries(a.id, YEAR).await.unwrap();
    let codes: Vec<_> = year.iter().map(|e| e.item_code.as_str()).collect();
    assert_eq!(codes, ["O1", "O2", "O3"]);
    assert!(year.iter().all(|e| e.version == 1));
    assert_eq!(year[1].explanation, "แก้ไขแล้ว");
    assert_eq!(
        store.disclosure_years(a.id).await.unwrap(),
        [YEAR, YEAR - 1]
    );
    assert_eq!(
        audited(store, a.id, "disclosure_entry", AuditAction::Create).await,
        4
    );
    // Another agency sees none of it.
    let (b, _) = setup(store, "other").await;
    assert!(
        store
            .disclosure_entries(b.id, YEAR)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.disclosure_years(b.id).await.unwrap().is_empty());
    assert!(
        store
            .find_disclosure_entry(b.id, YEAR, "O1")
            .await
            .unwrap()
            .is_none()
    );
}

async fn settings_default_until_saved(db: &TestDb) {
    let store = &db.store;
    let (a, _) = setup(store, "settings").await;
    assert_eq!(
        store.disclosure_settings(a.id).await.unwrap(),
        DisclosureSettings::default()
    );
    let settings = DisclosureSettings {
        extra_domains: vec![
            "example.go.th".to_owned(),
            "eservice.example.go.th".to_owned(),
        ],
        home_url: "https://example.go.th/index.php".to_owned(),
        max_clicks: 4,
        check_interval_hours: 0,
        keep_archive: true,
    };
    store
        .save_disclosure_settings(CLI, a.id, &settings)
        .await
        .unwrap();
    assert_eq!(store.disclosure_settings(a.id).await.unwrap(), settings);
    let changed = DisclosureSettings {
        max_clicks: 2,
        ..settings.clone()
    };
    store
        .save_disclosure_settings(CLI, a.id, &changed)
        .await
        .unwrap();
    assert_eq!(store.disclosure_settings(a.id).await.unwrap(), changed);
    assert_eq!(
        audited(store, a.id, "disclosure_settings", AuditAction::Create).await,
        1
    );
    assert_eq!(
        audited(store, a.id, "disclosure_settings", AuditAction::Update).await,
        1
    );
    let (b, _) = setup(store, "unset").await;
    assert_eq!(
        store.disclosure_settings(b.id).await.unwrap(),
        DisclosureSettings::default()
    );
}

async fn link_checks_latest_history_and_archive(db: &TestDb) {
    let store = &db.store;
    let (a, _) = setup(store, "links").await;
    let (url1, url2) = (
        "https://example.go.th/oit/O1",
        "https://example.go.th/oit/O2",
    );
    assert!(
        store
            .last_link_check_at(a.id, YEAR)
            .await
            .unwrap()
            .is_none()
    );
    let first = [
        check(a.id, YEAR, url1, JAN_2025, LinkVerdict::Broken),
        check(a.id, YEAR, url2, JAN_2025, LinkVerdict::Working),
        check(
            a.id,
            YEAR - 1,
            url1,
            JAN_2025 - 86_400,
            LinkVerdict::Working,
        ),
    ];
    store.save_link_checks(&first, &[]).await.unwrap();
    let mut newer = check(a.id, YEAR, url1, JAN_2025 + 3_600, LinkVerdict::Working);
    newer.archived = true;
    let page = "<html>ปีงบประมาณ 2568</html>".as_bytes().to_vec();
    store
        .save_link_checks(std::slice::from_ref(&newer), &[(newer.id, page.clone())])
        .await
        .unwrap();

    let latest = store.latest_link_checks(a.id, YEAR).await.unwrap();
    let seen: Vec<_> = latest.iter().map(|c| (c.url.as_str(), c.verdict)).collect();
    assert_eq!(
        seen,
        [(url1, LinkVerdict::Working), (url2, LinkVerdict::Working)]
    );
    assert_eq!(latest[0].id, newer.id);
    assert_eq!(latest[0].checked_at, at(JAN_2025 + 3_600).trunc_micros());
    assert_eq!(latest[0].facts, newer.facts);

    let history = store.link_check_history(a.id, url1).await.unwrap();
    let ids: Vec<_> = history.iter().map(|c| c.id).collect();
    assert_eq!(ids, [newer.id, first[0].id, first[2].id]);
    assert_eq!(
        store.last_link_check_at(a.id, YEAR).await.unwrap(),
        Some(at(JAN_2025 + 3_600).trunc_micros())
    );
    assert_eq!(
        store.link_check_archive(a.id, newer.id).await.unwrap(),
        Some(page)
    );
    assert_eq!(
        store.link_check_archive(a.id, first[0].id).await.unwrap(),
        None
    );

    // An archive of a check not in the run is refused, and nothing is written.
    let orphan = check(a.id, YEAR, url2, JAN_2025 + 7_200, LinkVerdict::Broken);
    assert!(matches!(
        store
            .save_link_checks(
                std::slice::from_ref(&orphan),
                &[(LinkCheckId::new(), vec![1])]
            )
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(store.link_check_history(a.id, url2).await.unwrap().len(), 1);

    // Another agency reads none of it, not even by id.
    let (b, _) = setup(store, "nolinks").await;
    assert!(
        store
            .latest_link_checks(b.id, YEAR)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .link_check_history(b.id, url1)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.link_check_archive(b.id, newer.id).await.unwrap(),
        None
    );
    assert!(
        store
            .last_link_check_at(b.id, YEAR)
            .await
            .unwrap()
            .is_none()
    );
}

async fn surveys_are_versioned_and_kept_to_their_agency(db: &TestDb) {
    let store = &db.store;
    let (a, _) = setup(store, "surveys").await;
    let iit = survey(a.id, YEAR, SurveyKind::Iit, "iit-token");
    let satisfaction = survey(a.id, YEAR, SurveyKind::Satisfaction, "sat-token");
    let older = survey(a.id, YEAR - 1, SurveyKind::Eit, "eit-old");
    for s in [&satisfaction, &iit, &older] {
        store.create_survey(CLI, s).await.unwrap();
    }
    let stored = store.find_survey(a.id, iit.id).await.unwrap().unwrap();
    assert_eq!(stored.version, 1);
    assert_eq!(stored.created_at, at(JAN_2025).trunc_micros());
    assert_eq!(
        Survey {
            version: 0,
            created_at: iit.created_at,
            ..stored.clone()
        },
        iit
    );
    assert_eq!(
        store
            .find_survey_by_token(a.id, "sat-token")
            .await
            .unwrap()
            .map(|s| s.questions),
        Some(satisfaction.questions.clone())
    );
    let listed: Vec<_> = store
        .surveys(a.id, None)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(listed, [iit.id, satisfaction.id, older.id]);
    let of_year: Vec<_> = store
        .surveys(a.id, Some(YEAR - 1))
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(of_year, [older.id]);

    // A token is the agency's own; another agency may use the same one.
    let mut taken = survey(a.id, YEAR, SurveyKind::Eit, "iit-token");
    taken.title = "ซ้ำ".to_owned();
    assert!(matches!(
        store.create_survey(CLI, &taken).await,
        Err(StoreError::Conflict { field }) if field == "public_token"
    ));
    let (b, _) = setup(store, "elsewhere").await;
    store
        .create_survey(CLI, &survey(b.id, YEAR, SurveyKind::Iit, "iit-token"))
        .await
        .unwrap();
    assert!(store.find_survey(b.id, iit.id).await.unwrap().is_none());
    assert_ne!(
        store
            .find_survey_by_token(b.id, "iit-token")
            .await
            .unwrap()
            .unwrap()
            .id,
        iit.id
    );

    // Updates over the loaded version only.
    let closed = Survey {
        status: SurveyStatus::Closed,
        population: None,
        ..stored.clone()
    };
    store.update_survey(CLI, &closed, 1).await.unwrap();
    let after = store.find_survey(a.id, iit.id).await.unwrap().unwrap();
    assert_eq!(after.version, 2);
    assert_eq!(after.status, SurveyStatus::Closed);
    assert_eq!(after.population, None);
    assert!(matches!(
        store.update_survey(CLI, &closed, 1).await,
        Err(StoreError::Stale)
    ));
    let hijacked = Survey {
        agency_id: b.id,
        ..closed.clone()
    };
    assert!(matches!(
        store.update_survey(CLI, &hijacked, 2).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(audited(store, a.id, "survey", AuditAction::Create).await, 3);
    assert_eq!(audited(store, a.id, "survey", AuditAction::Update).await, 1);
}

async fn a_device_answers_once(db: &TestDb) {
    let store = &db.store;
    let (a, _) = setup(store, "answers").await;
    let s = survey(a.id, YEAR, SurveyKind::Iit, "answer");
    let other = survey(a.id, YEAR, SurveyKind::Eit, "other");
    for x in [&s, &other] {
        store.create_survey(CLI, x).await.unwrap();
    }
    let first = [
        response(&s, 5, Some("device-a")),
        response(&s, 5, None),
        response(&s, 3, None),
    ];
    assert_eq!(
        store.submit_survey_responses(&first).await.unwrap(),
        [ResponseOutcome::Stored; 3]
    );
    let second = [
        response(&s, 6, Some("device-a")),
        response(&s, 6, Some("device-b")),
        response(&s, 6, Some("device-b")),
        response(&other, 6, Some("device-a")),
        response(&s, 7, Some("device-c")),
    ];
    assert_eq!(
        store.submit_survey_responses(&second).await.unwrap(),
        [
            ResponseOutcome::Duplicate,
            ResponseOutcome::Stored,
            ResponseOutcome::Duplicate,
            ResponseOutcome::Stored,
            ResponseOutcome::Stored,
        ]
    );
    assert_eq!(store.survey_response_count(a.id, s.id).await.unwrap(), 5);
    assert_eq!(
        store.survey_response_count(a.id, other.id).await.unwrap(),
        1
    );
    let stored = store.survey_responses(a.id, s.id).await.unwrap();
    assert_eq!(stored.len(), 5);
    assert_eq!(stored[0], first[2]);
    assert!(
        stored
            .windows(2)
            .all(|w| { (w[0].submitted_on, w[0].id) < (w[1].submitted_on, w[1].id) })
    );
    let day = |d| NaiveDate::from_ymd_opt(2025, 1, d).unwrap();
    let days: Vec<_> = stored.iter().map(|r| r.submitted_on).collect();
    assert_eq!(days, [day(3), day(5), day(5), day(6), day(7)]);
    // Responses are not audited: nothing ties an answer to a time of day.
    let trail = store.list_audit(a.id, 1000).await.unwrap();
    assert_eq!(trail.len(), 4, "agency, department and two surveys only");

    // A response to another agency's survey is refused and the batch with it.
    let (b, _) = setup(store, "stranger").await;
    let mut stray = response(&s, 8, Some("device-z"));
    stray.agency_id = b.id;
    assert!(matches!(
        store
            .submit_survey_responses(&[response(&s, 8, Some("device-y")), stray])
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(store.survey_response_count(a.id, s.id).await.unwrap(), 5);
    assert!(store.survey_responses(b.id, s.id).await.unwrap().is_empty());
    assert_eq!(store.survey_response_count(b.id, s.id).await.unwrap(), 0);
    assert!(store.survey_responses(b.id, s.id).await.unwrap().is_empty());

    // Deleting the survey takes its responses with it, and only its own.
    assert!(matches!(
        store.delete_survey(CLI, b.id, s.id).await,
        Err(StoreError::NotFound)
    ));
    store.delete_survey(CLI, a.id, s.id).await.unwrap();
    assert!(store.find_survey(a.id, s.id).await.unwrap().is_none());
    assert_eq!(store.survey_response_count(a.id, s.id).await.unwrap(), 0);
    assert_eq!(
        store.survey_response_count(a.id, other.id).await.unwrap(),
        1
    );
    assert_eq!(audited(store, a.id, "survey", AuditAction::Delete).await, 1);
}

async fn bundles_carry_the_checklist_and_surveys(db: &TestDb) {
    let store = &db.store;
    let (a, _) = setup(store, "bundled").await;
    seed(store, a.id).await;
    let exported = store.export_agency(a.id).await.unwrap();
    assert_eq!(exported.disclosure_entries.len(), 2);
    assert_eq!(exported.disclosure_settings.as_ref().unwrap().max_clicks, 5);
    assert_eq!(exported.link_checks.len(), 2);
    assert_eq!(
        exported
            .link_checks
            .iter()
            .filter_map(|l| l.archive.as_deref())
            .collect::<Vec<_>>(),
        [b"%PDF-1.7 evidence".as_slice()]
    );
    assert_eq!(exported.surveys.len(), 1);
    assert_eq!(exported.survey_responses.len(), 2);
    assert!(
        json_text(&exported).contains("JVBERi0xLjcgZXZpZGVuY2U="),
        "archive in base64"
    );

    let fresh = db.fresh().await;
    fresh
        .store
        .import_bundle(&Bundle::new(vec![exported.clone()]))
        .await
        .unwrap();
    let again = fresh.store.export_agency(a.id).await.unwrap();
    assert_eq!(json_text(&again), json_text(&exported));
    assert_eq!(again, exported);
    // The imported device hashes still turn a second answer away.
    let s = &exported.surveys[0];
    assert_eq!(
        fresh
            .store
            .submit_survey_responses(&[response(s, 9, Some("device-1"))])
            .await
            .unwrap(),
        [ResponseOutcome::Duplicate]
    );

    // A bundle whose rows do not hang together is refused whole.
    let mut missing_archive = exported.clone();
    missing_archive.link_checks[0].archive = Some(vec![1, 2, 3]);
    missing_archive.link_checks[1].archive = None;
    let mut twice = exported.clone();
    twice.survey_responses[1].device_hash = twice.survey_responses[0].device_hash.clone();
    let mut orphan = exported.clone();
    orphan.survey_responses[0].survey_id = SurveyId::new();
    for (bundle, expect) in [
        (missing_archive, "link_checks"),
        (twice, "device_hash"),
        (orphan, "does not exist"),
    ] {
        let empty = db.fresh().await;
        match empty.store.import_bundle(&Bundle::new(vec![bundle])).await {
            Err(StoreError::Invalid(what)) => assert!(what.contains(expect), "{what}"),
            Err(StoreError::Conflict { field }) => assert_eq!(field, expect),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            empty.store.export_agency(a.id).await,
            Err(StoreError::NotFound)
        ));
    }
}

/// Two checklist entries, saved settings, two checks (one archived), a survey
/// and two responses.
async fn seed(store: &Store, a: AgencyId) {
    store
        .insert_disclosure_entries(CLI, &[entry(a, YEAR, "O1"), entry(a, YEAR, "O10")])
        .await
        .unwrap();
    store
        .save_disclosure_settings(
            CLI,
            a,
            &DisclosureSettings {
                max_clicks: 5,
                keep_archive: true,
                ..DisclosureSettings::default()
            },
        )
        .await
        .unwrap();
    let plain = check(
        a,
        YEAR,
        "https://example.go.th/oit/O1",
        JAN_2025,
        LinkVerdict::Working,
    );
    let mut kept = check(
        a,
        YEAR,
        "https://example.go.th/o10.pdf",
        JAN_2025,
        LinkVerdict::YearNotFound,
    );
    kept.archived = true;
    store
        .save_link_checks(
            &[plain, kept.clone()],
            &[(kept.id, b"%PDF-1.7 evidence".to_vec())],
        )
        .await
        .unwrap();
    let s = survey(a, YEAR, SurveyKind::Satisfaction, "poster");
    store.create_survey(CLI, &s).await.unwrap();
    store
        .submit_survey_responses(&[response(&s, 2, Some("device-1")), response(&s, 3, None)])
        .await
        .unwrap();
}

/// Accepted burst days of a survey: kept once each, audited, only the
/// agency's own survey, and removed with the survey.
async fn accepted_days_stay_with_their_survey(db: &TestDb) {
    let store = &db.store;
    let (a, _) = setup(store, "bursts").await;
    let b = agency("bursts-other");
    store.create_agency(CLI, &b).await.unwrap();
    let eit = survey(a.id, YEAR, SurveyKind::Eit, "burst-token");
    store.create_survey(CLI, &eit).await.unwrap();
    let day = NaiveDate::from_ymd_opt(2025, 2, 6).unwrap();
    for _ in 0..2 {
        store
            .accept_survey_day(CLI, a.id, eit.id, day, at(JAN_2025))
            .await
            .unwrap();
    }
    assert_eq!(
        store.accepted_survey_days(a.id, eit.id).await.unwrap(),
        [day]
    );
    let trail = store.list_audit(a.id, 50).await.unwrap();
    assert_eq!(
        trail
            .iter()
            .filter(|e| e.entity == "survey_accepted_day")
            .count(),
        1
    );
    assert!(matches!(
        store
            .accept_survey_day(CLI, b.id, eit.id, day, at(JAN_2025))
            .await,
        Err(StoreError::NotFound)
    ));
    store.delete_survey(CLI, a.id, eit.id).await.unwrap();
    assert!(
        store
            .accepted_survey_days(a.id, eit.id)
            .await
            .unwrap()
            .is_empty()
    );
}

on_both_backends!(
    accepted_days_stay_with_their_survey,
    entries_are_versioned,
    carry_over_never_overwrites,
    settings_default_until_saved,
    link_checks_latest_history_and_archive,
    surveys_are_versioned_and_kept_to_their_agency,
    a_device_answers_once,
    bundles_carry_the_checklist_and_surveys,
);

// ---------------------------------------------------------------------------
// Cross-backend
// ---------------------------------------------------------------------------

#[tokio::test]
async fn the_checklist_and_surveys_move_between_backends() {
    assert_moves_between_backends(async |store: &Store, code: &str| {
        let (a, _) = setup(store, &code.replace('-', "")).await;
        seed(store, a.id).await;
        a.id
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
