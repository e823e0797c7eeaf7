//! A progress entry's results, each with its own evidence: progress written in
//! the shape before them (one summary, one list of links) migrates to one
//! result holding both; results with their links and files round-trip through
//! a save, the audit log and a bundle; and a bundle of the version before them
//! still imports, read as one result. Every scenario runs on SQLite always and
//! on PostgreSQL when `PRONGSAI_TEST_DATABASE_URL` names a server.

use crate::common;

use chrono::{TimeZone, Utc};
use prongsai_core::bundle::{Bundle, read_bundle};
use prongsai_core::measures::{
    EvidenceLink, Owners, Progress, ProgressResult, ProgressStatus, Timeframe,
};
use prongsai_core::model::{AgencyId, EvidenceFileId, MeasureId, TopicId};
use prongsai_core::thai::fiscal::ReportingRound;
use prongsai_store::{Actor, Store};
use serde_json::json;

use common::{OldDb, Raw, TestDb, json_text};

const CLI: Actor = Actor { user_id: None };
const YEAR: i32 = 2568;
/// The last migration before results had their own evidence.
const BEFORE_RESULTS: i64 = 9;

fn link(url: &str, label: &str) -> EvidenceLink {
    EvidenceLink {
        url: url.to_owned(),
        label: label.to_owned(),
    }
}

/// An agency, a topic and two measures written with SQL as schema 9 holds them.
async fn old_plan(old: &OldDb) -> (AgencyId, MeasureId, MeasureId) {
    let agency = AgencyId::new();
    old.execute(
        &format!(
            "INSERT INTO agencies (id, code, kind, name, district, province, thai_digits) \
             VALUES ($1, 'old-shape', 'subdistrict_administrative_organization', \
             'องค์การบริหารส่วนตำบลดินแดง', 'ลำทับ', 'กระบี่', {})",
            old.true_literal()
        ),
        &[Raw::Id(agency.0)],
    )
    .await;
    let topic = TopicId::new();
    old.execute(
        "INSERT INTO measure_topics (agency_id, id, fiscal_year, position, title) \
         VALUES ($1, $2, $3, 1, 'ประเด็นที่ ๑')",
        &[Raw::Id(agency.0), Raw::Id(topic.0), Raw::Int(YEAR.into())],
    )
    .await;
    let measures = [MeasureId::new(), MeasureId::new()];
    let timeframe = serde_json::to_string(&Timeframe::WholeYear).unwrap();
    let owners = serde_json::to_string(&Owners::default().positions).unwrap();
    for (position, m) in (1..).zip(measures) {
        old.execute(
            "INSERT INTO measures (agency_id, id, fiscal_year, topic_id, position, title, \
             indicators_json, weakness, improvement, steps_json, timeframe_json, \
             owner_positions_json, monitoring, reporting, targets_json, version) \
             VALUES ($1, $2, $3, $4, $5, 'มาตรการ', '[]', '', '', '[\"ขั้นตอน\"]', $6, $7, \
             '', '', '[]', 1)",
            &[
                Raw::Id(agency.0),
                Raw::Id(m.0),
                Raw::Int(YEAR.into()),
                Raw::Id(topic.0),
                Raw::Int(position),
                Raw::Text(timeframe.clone()),
                Raw::Text(owners.clone()),
            ],
        )
        .await;
    }
    (agency, measures[0], measures[1])
}

/// One progress row in the shape of schema 9.
async fn old_progress(
    old: &OldDb,
    ids: (AgencyId, MeasureId),
    round: &str,
    summary: &str,
    links: &str,
) {
    old.execute(
        "INSERT INTO measure_progress (agency_id, measure_id, round, status, summary, outcome, \
         achieved_json, links_json, updated_by, updated_at, version) \
         VALUES ($1, $2, $3, 'in_progress', $4, 'ผลลัพธ์', '[]', $5, NULL, $6, 3)",
        &[
            Raw::Id(ids.0.0),
            Raw::Id(ids.1.0),
            Raw::Text(round.to_owned()),
            Raw::Text(summary.to_owned()),
            Raw::Text(links.to_owned()),
            Raw::Time(Utc.with_ymd_and_hms(2025, 3, 1, 9, 30, 0).unwrap()),
        ],
    )
    .await;
}

/// Progress written before results had their own evidence comes out of the
/// migration as one result holding the summary as typed and every link in
/// order; an entry with neither has no results, one with links alone keeps
/// them under a result without text. Nothing else changes, and the entry
/// saves again over its version.
async fn old_progress_migrates_to_one_result(old: OldDb) {
    let (agency, first, second) = old_plan(&old).await;
    let summary = "จัดอบรม ๓ ครั้ง\nผู้เข้าร่วม \"๓๖\" คน";
    old_progress(
        &old,
        (agency, first),
        "half_year",
        summary,
        r#"[{"url":"https://www.dindaeng.go.th/news/1","label":"ภาพกิจกรรม"},{"url":"https://www.dindaeng.go.th/o36.pdf"}]"#,
    )
    .await;
    old_progress(&old, (agency, first), "full_year", "", "[]").await;
    old_progress(
        &old,
        (agency, second),
        "half_year",
        "",
        r#"[{"url":"https://www.dindaeng.go.th/news/2"}]"#,
    )
    .await;
    let db = old.open().await;
    let store = &db.store;

    let migrated = store
        .get_progress(agency, first, ReportingRound::HalfYear)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        migrated.results,
        [ProgressResult::of_summary(
            summary.to_owned(),
            vec![
                link("https://www.dindaeng.go.th/news/1", "ภาพกิจกรรม"),
                link("https://www.dindaeng.go.th/o36.pdf", ""),
            ],
        )]
    );
    assert_eq!(migrated.outcome, "ผลลัพธ์");
    assert_eq!(migrated.version, 3);
    assert_eq!(migrated.status, ProgressStatus::InProgress);
    let empty = store
        .get_progress(agency, first, ReportingRound::FullYear)
        .await
        .unwrap()
        .unwrap();
    assert!(empty.results.is_empty());
    let links_only = store
        .get_progress(agency, second, ReportingRound::HalfYear)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        links_only.results,
        [ProgressResult::of_summary(
            String::new(),
            vec![link("https://www.dindaeng.go.th/news/2", "")],
        )]
    );

    let mut more = migrated.clone();
    more.results.push(ProgressResult::of_summary(
        "เผยแพร่คู่มือ".to_owned(),
        vec![link("https://www.dindaeng.go.th/manual", "คู่มือ")],
    ));
    let saved = store.save_progress(CLI, &more).await.unwrap();
    assert_eq!(saved.version, 4);
    assert_eq!(saved.results, more.results);
}

/// Results keep their order, their own links and the ids of their files
/// through a save, a read, the audit log and export → import → export.
async fn results_round_trip(db: &TestDb) {
    let store = &db.store;
    let (agency, measure) = new_plan(store).await;
    let file = EvidenceFileId::new();
    let mut p = Progress::empty(agency, measure, ReportingRound::FullYear);
    p.status = ProgressStatus::Done;
    p.results = vec![
        ProgressResult {
            text: "จัดอบรม ๓ ครั้ง".to_owned(),
            links: vec![
                link("https://a.go.th/1", "ภาพ"),
                link("https://a.go.th/2", ""),
            ],
            files: vec![file],
        },
        ProgressResult::of_summary("ไม่มีหลักฐาน".to_owned(), Vec::new()),
        ProgressResult::of_summary(
            "เผยแพร่".to_owned(),
            (1..=34)
                .map(|n| link(&format!("https://a.go.th/news/{n}"), ""))
                .collect(),
        ),
    ];
    let saved = store.save_progress(CLI, &p).await.unwrap();
    assert_eq!(saved.results, p.results);
    assert_eq!(saved.links().count(), 36);
    let listed = store
        .list_progress(agency, YEAR, ReportingRound::FullYear)
        .await
        .unwrap();
    assert_eq!(listed, std::slice::from_ref(&saved));
    let audit = store.list_audit(agency, 10).await.unwrap();
    let row = audit.iter().find(|e| e.entity == "progress").unwrap();
    let after = row.after.as_ref().unwrap();
    assert_eq!(after["results"][0]["links"][1]["url"], "https://a.go.th/2");
    assert_eq!(after["results"][0]["files"][0], file.to_string());
    assert!(after.get("summary").is_none());

    let exported = store.export_agency(agency).await.unwrap();
    assert_eq!(exported.progress, [saved]);
    let target = db.fresh().await;
    target
        .store
        .import_bundle(&Bundle::new(vec![exported.clone()]))
        .await
        .unwrap();
    assert_eq!(
        json_text(&target.store.export_agency(agency).await.unwrap()),
        json_text(&exported)
    );
}

/// A bundle of version 1 (written before results had their own evidence)
/// still imports: each entry's summary and links become one result; an entry
/// with neither has none.
async fn a_version_1_bundle_still_imports(db: &TestDb) {
    let store = &db.store;
    let (agency, measure) = new_plan(store).await;
    let mut p = Progress::empty(agency, measure, ReportingRound::HalfYear);
    p.status = ProgressStatus::InProgress;
    store.save_progress(CLI, &p).await.unwrap();
    let mut full = Progress::empty(agency, measure, ReportingRound::FullYear);
    full.results = vec![ProgressResult::of_summary("ใหม่".to_owned(), Vec::new())];
    store.save_progress(CLI, &full).await.unwrap();
    let exported = store.export_agency(agency).await.unwrap();

    // The same agency as version 1 wrote it.
    let mut old = serde_json::to_value(Bundle::new(vec![exported])).unwrap();
    old["version"] = json!(1);
    let entries = old["agencies"][0]["progress"].as_array_mut().unwrap();
    assert_eq!(entries.len(), 2);
    for entry in entries.iter_mut() {
        let entry = entry.as_object_mut().unwrap();
        entry.remove("results");
        let half = entry["round"] == "half_year";
        entry.insert(
            "summary".to_owned(),
            json!(if half {
                "อบรมแล้ว ๒ ครั้ง\nผู้เข้าร่วม ๓๖ คน"
            } else {
                ""
            }),
        );
        entry.insert(
            "links".to_owned(),
            if half {
                json!([{ "url": "https://a.go.th/1", "label": "ภาพ" }, { "url": "https://a.go.th/2" }])
            } else {
                json!([])
            },
        );
    }
    let text = serde_json::to_string_pretty(&old).unwrap();
    assert!(text.contains("\"summary\"") && text.contains("\"version\": 1"));

    let bundle = read_bundle(serde_json::from_str(&text).unwrap()).unwrap();
    let target = db.fresh().await;
    target.store.import_bundle(&bundle).await.unwrap();
    let half = target
        .store
        .get_progress(agency, measure, ReportingRound::HalfYear)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        half.results,
        [ProgressResult::of_summary(
            "อบรมแล้ว ๒ ครั้ง\nผู้เข้าร่วม ๓๖ คน".to_owned(),
            vec![
                link("https://a.go.th/1", "ภาพ"),
                link("https://a.go.th/2", "")
            ],
        )]
    );
    assert_eq!(half.version, 1);
    let full = target
        .store
        .get_progress(agency, measure, ReportingRound::FullYear)
        .await
        .unwrap()
        .unwrap();
    assert!(full.results.is_empty());
}

/// An agency with one measure, made through the store.
async fn new_plan(store: &Store) -> (AgencyId, MeasureId) {
    use prongsai_core::measures::{Measure, Topic};
    use prongsai_core::model::{Agency, AgencyKind};
    let agency = Agency {
        id: AgencyId::new(),
        code: format!("results-{}", uuid::Uuid::now_v7().simple()),
        kind: AgencyKind::SubdistrictAdministrativeOrganization,
        name: "องค์การบริหารส่วนตำบลดินแดง".to_owned(),
        district: "ลำทับ".to_owned(),
        province: "กระบี่".to_owned(),
        website: None,
        thai_digits: true,
        logo: None,
    };
    store.create_agency(CLI, &agency).await.unwrap();
    let topic = Topic {
        id: TopicId::new(),
        agency_id: agency.id,
        fiscal_year: YEAR,
        position: 0,
        title: "ประเด็นที่ ๑".to_owned(),
        catalog_key: None,
    };
    store.save_topic(CLI, &topic).await.unwrap();
    let measure = Measure {
        id: MeasureId::new(),
        agency_id: agency.id,
        fiscal_year: YEAR,
        topic_id: topic.id,
        position: 0,
        title: "มาตรการ".to_owned(),
        indicators: vec![],
        weakness: String::new(),
        improvement: String::new(),
        steps: vec![],
        timeframe: Timeframe::WholeYear,
        owners: Owners {
            departments: vec![],
            positions: vec!["ปลัด".to_owned()],
        },
        monitoring: String::new(),
        reporting: String::new(),
        targets: vec![],
        version: 0,
    };
    let measure = store.create_measure(CLI, &measure).await.unwrap();
    (agency.id, measure.id)
}

on_both_backends!(results_round_trip, a_version_1_bundle_still_imports);

#[tokio::test]
async fn sqlite_old_progress_migrates_to_one_result() {
    old_progress_migrates_to_one_result(OldDb::sqlite(BEFORE_RESULTS).await).await;
}

#[tokio::test]
async fn postgres_old_progress_migrates_to_one_result() {
    let Some(old) = OldDb::postgres(BEFORE_RESULTS).await else {
        return;
    };
    old_progress_migrates_to_one_result(old).await;
}
