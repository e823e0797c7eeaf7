//! The portal's publications in the store: a publish stores the snapshot with
//! its files, publishing the same kind and year again replaces it whole, lists
//! and item reads carry no bytes, unpublishing removes it, another agency sees
//! none of it, the audit trail names files without their bytes, and bundles
//! carry the bytes. Every scenario runs on SQLite always and on PostgreSQL when
//! `PRONGSAI_TEST_DATABASE_URL` names a server (the harness of `common/mod.rs`).

use crate::common;

use chrono::{DateTime, TimeZone as _, Utc};
use prongsai_core::bundle::Bundle;
use prongsai_core::model::{Agency, AgencyId, AgencyKind, AuditAction, PublicationId, UserId};
use prongsai_core::publication::{
    Publication, PublishedFile, PublishedKind, PublishedSummary, SummaryTable,
};
use prongsai_store::{Actor, PublishedFileInfo, Store, StoreError};

use common::{TestDb, assert_moves_between_backends, json_text};

const CLI: Actor = Actor { user_id: None };

fn agency(code: &str) -> Agency {
    Agency {
        id: AgencyId::new(),
        code: code.to_owned(),
        kind: AgencyKind::SubdistrictAdministrativeOrganization,
        name: format!("องค์การบริหารส่วนตำบล{code}"),
        district: "บ้านลาด".to_owned(),
        province: "เพชรบุรี".to_owned(),
        website: None,
        thai_digits: false,
        logo: None,
    }
}

async fn new_agency(store: &Store, code: &str) -> AgencyId {
    let a = agency(code);
    store.create_agency(CLI, &a).await.unwrap();
    a.id
}

fn at(day: u32, nanos: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, day, 9, 30, 0)
        .unwrap()
        .checked_add_signed(chrono::Duration::nanoseconds(i64::from(nanos)))
        .unwrap()
}

/// Bytes that differ per publication and are easy to find in a JSON image.
fn bytes(tag: &str, len: usize) -> Vec<u8> {
    tag.bytes().cycle().take(len).collect()
}

fn publication(agency: AgencyId, kind: PublishedKind, year: i32, tag: &str) -> Publication {
    Publication {
        agency_id: agency,
        id: PublicationId::new(),
        kind,
        fiscal_year: year,
        title: format!("{} ประจำปีงบประมาณ พ.ศ. {year}", kind.label_th()),
        published_at: at(10, 0),
        published_by: Some(UserId::new()),
        summary: PublishedSummary {
            facts: vec![("จำนวนโครงการ".to_owned(), tag.len().to_string())],
            tables: vec![SummaryTable {
                caption: "ระดับความเสี่ยง".to_owned(),
                header: vec!["ระดับ".to_owned(), "จำนวน".to_owned()],
                rows: vec![vec!["สูง".to_owned(), "2".to_owned()]],
            }],
        },
        files: vec![
            PublishedFile {
                file_name: format!("{tag}.pdf"),
                content_type: "application/pdf".to_owned(),
                bytes: bytes(&format!("%PDF-{tag}"), 3000),
            },
            PublishedFile {
                file_name: format!("{tag}.xlsx"),
                content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    .to_owned(),
                bytes: bytes(tag, 1234),
            },
        ],
    }
}

fn infos(p: &Publication) -> Vec<PublishedFileInfo> {
    p.files
        .iter()
        .enumerate()
        .map(|(index, f)| PublishedFileInfo {
            index,
            file_name: f.file_name.clone(),
            content_type: f.content_type.clone(),
            size_bytes: i64::try_from(f.bytes.len()).unwrap(),
        })
        .collect()
}

/// `p` as `find_publication` returns it: every file without its bytes.
fn without_bytes(p: &Publication) -> Publication {
    let mut p = p.clone();
    for f in &mut p.files {
        f.bytes.clear();
    }
    p
}

// ---------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------

async fn publish_then_read(db: &TestDb) {
    let store = &db.store;
    let a = new_agency(store, "published").await;
    let mut p = publication(a, PublishedKind::RiskAssessment, 2568, "risk");
    // Nanoseconds are cut to what both backends keep.
    p.published_at = at(10, 123_456_789);
    let publisher = Actor {
        user_id: p.published_by,
    };
    store.publish(publisher, &p).await.unwrap();
    p.published_at = at(10, 123_456_000);

    let listed = store.publications(a).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, p.id);
    assert_eq!(listed[0].kind, p.kind);
    assert_eq!(listed[0].fiscal_year, 2568);
    assert_eq!(listed[0].title, p.title);
    assert_eq!(listed[0].published_at, p.published_at);
    assert_eq!(listed[0].files, infos(&p), "names and sizes, in order");

    let found = store.find_publication(a, p.id).await.unwrap().unwrap();
    assert_eq!(found, without_bytes(&p), "the summary whole, no bytes");

    for (index, file) in p.files.iter().enumerate() {
        let read = store.publication_file(a, p.id, index).await.unwrap();
        assert_eq!(read.as_ref(), Some(file), "file {index}");
    }
    assert_eq!(store.publication_file(a, p.id, 2).await.unwrap(), None);
    assert_eq!(
        store
            .publication_file(a, PublicationId::new(), 0)
            .await
            .unwrap(),
        None
    );

    let log = store.list_audit(a, 10).await.unwrap();
    let entry = log.iter().find(|e| e.entity == "publication").unwrap();
    assert_eq!(entry.action, AuditAction::Create);
    assert_eq!(entry.entity_id, p.id.to_string());
    assert_eq!(entry.user_id, p.published_by);
    let after = entry.after.as_ref().unwrap();
    assert_eq!(after["kind"], "risk_assessment");
    assert_eq!(after["files"][0]["file_name"], "risk.pdf");
    assert_eq!(after["files"][0]["size_bytes"], 3000);
    let text = after.to_string();
    assert!(!text.contains("%PDF-risk"), "no bytes in the trail: {text}");
    assert!(!text.contains("JVBERi1yaXNr"), "not even as base64: {text}");
}

async fn republishing_replaces_the_snapshot(db: &TestDb) {
    let store = &db.store;
    let a = new_agency(store, "republished").await;
    let first = publication(a, PublishedKind::ActionPlan, 2568, "first");
    store.publish(CLI, &first).await.unwrap();
    let other_year = publication(a, PublishedKind::ActionPlan, 2567, "older");
    store.publish(CLI, &other_year).await.unwrap();

    let mut second = publication(a, PublishedKind::ActionPlan, 2568, "second");
    second.published_at = at(20, 0);
    second.files.truncate(1);
    store.publish(CLI, &second).await.unwrap();

    assert_eq!(store.find_publication(a, first.id).await.unwrap(), None);
    for index in 0..2 {
        assert_eq!(
            store.publication_file(a, first.id, index).await.unwrap(),
            None,
            "the old files are gone"
        );
    }
    assert_eq!(
        store.find_publication(a, second.id).await.unwrap(),
        Some(without_bytes(&second))
    );
    assert_eq!(
        store.publication_file(a, second.id, 0).await.unwrap(),
        Some(second.files[0].clone())
    );
    assert_eq!(store.publication_file(a, second.id, 1).await.unwrap(), None);
    let listed: Vec<_> = store
        .publications(a)
        .await
        .unwrap()
        .into_iter()
        .map(|l| (l.id, l.published_at, l.files.len()))
        .collect();
    assert_eq!(
        listed,
        [(second.id, at(20, 0), 1), (other_year.id, at(10, 0), 2)],
        "the other year is untouched"
    );

    let log = store.list_audit(a, 10).await.unwrap();
    let replaced = &log[0];
    assert_eq!(replaced.action, AuditAction::Update);
    assert_eq!(replaced.entity_id, second.id.to_string());
    let before = replaced.before.as_ref().unwrap();
    assert_eq!(before["id"], first.id.to_string());
    assert_eq!(before["files"][1]["size_bytes"], 1234);
    assert_eq!(
        replaced.after.as_ref().unwrap()["files"][0]["size_bytes"],
        3000
    );
}

async fn listing_is_newest_year_first_then_kind_order(db: &TestDb) {
    let store = &db.store;
    let a = new_agency(store, "ordered").await;
    for (kind, year) in [
        (PublishedKind::ComplaintStatistics, 2567),
        (PublishedKind::Measures, 2568),
        (PublishedKind::ComplaintStatistics, 2568),
        (PublishedKind::ItaAnalysis, 2567),
        (PublishedKind::AnnualReport, 2568),
        (PublishedKind::ItaAnalysis, 2568),
    ] {
        store
            .publish(CLI, &publication(a, kind, year, kind.code()))
            .await
            .unwrap();
    }
    let order: Vec<_> = store
        .publications(a)
        .await
        .unwrap()
        .into_iter()
        .map(|l| (l.fiscal_year, l.kind))
        .collect();
    assert_eq!(
        order,
        [
            (2568, PublishedKind::ItaAnalysis),
            (2568, PublishedKind::Measures),
            (2568, PublishedKind::AnnualReport),
            (2568, PublishedKind::ComplaintStatistics),
            (2567, PublishedKind::ItaAnalysis),
            (2567, PublishedKind::ComplaintStatistics),
        ]
    );
}

async fn unpublishing_removes_the_item(db: &TestDb) {
    let store = &db.store;
    let a = new_agency(store, "unpublished").await;
    let p = publication(a, PublishedKind::Measures, 2568, "plan");
    store.publish(CLI, &p).await.unwrap();
    let kept = publication(a, PublishedKind::HalfYearReport, 2568, "half");
    store.publish(CLI, &kept).await.unwrap();

    assert!(matches!(
        store.unpublish(CLI, a, PublicationId::new()).await,
        Err(StoreError::NotFound)
    ));
    store.unpublish(CLI, a, p.id).await.unwrap();
    assert_eq!(store.find_publication(a, p.id).await.unwrap(), None);
    assert_eq!(store.publication_file(a, p.id, 0).await.unwrap(), None);
    let left: Vec<_> = store
        .publications(a)
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.id)
        .collect();
    assert_eq!(left, [kept.id]);
    assert!(matches!(
        store.unpublish(CLI, a, p.id).await,
        Err(StoreError::NotFound)
    ));

    let entry = &store.list_audit(a, 10).await.unwrap()[0];
    assert_eq!(entry.action, AuditAction::Delete);
    assert_eq!(entry.entity_id, p.id.to_string());
    assert_eq!(
        entry.before.as_ref().unwrap()["files"][0]["file_name"],
        "plan.pdf"
    );
    assert_eq!(entry.after, None);

    // The kind and year are free again.
    let again = publication(a, PublishedKind::Measures, 2568, "again");
    store.publish(CLI, &again).await.unwrap();
    assert_eq!(store.publications(a).await.unwrap().len(), 2);
}

async fn publications_stay_with_their_agency(db: &TestDb) {
    let store = &db.store;
    let mine = new_agency(store, "mine").await;
    let theirs = new_agency(store, "theirs").await;
    let p = publication(mine, PublishedKind::RiskAssessment, 2568, "mine");
    store.publish(CLI, &p).await.unwrap();
    // The same kind and year for the other agency is its own item.
    let q = publication(theirs, PublishedKind::RiskAssessment, 2568, "theirs");
    store.publish(CLI, &q).await.unwrap();

    assert_eq!(store.find_publication(theirs, p.id).await.unwrap(), None);
    assert_eq!(store.publication_file(theirs, p.id, 0).await.unwrap(), None);
    assert!(matches!(
        store.unpublish(CLI, theirs, p.id).await,
        Err(StoreError::NotFound)
    ));
    let ids = |listed: Vec<prongsai_store::PublicationListing>| -> Vec<PublicationId> {
        listed.into_iter().map(|l| l.id).collect()
    };
    assert_eq!(ids(store.publications(mine).await.unwrap()), [p.id]);
    assert_eq!(ids(store.publications(theirs).await.unwrap()), [q.id]);
    assert!(store.find_publication(mine, p.id).await.unwrap().is_some());

    let ghost = publication(AgencyId::new(), PublishedKind::Measures, 2568, "ghost");
    assert!(matches!(
        store.publish(CLI, &ghost).await,
        Err(StoreError::Invalid(_))
    ));
}

async fn seed_publications(store: &Store, code: &str) -> AgencyId {
    let a = new_agency(store, code).await;
    for (kind, year) in [
        (PublishedKind::RiskAssessment, 2568),
        (PublishedKind::ItaAnalysis, 2567),
        (PublishedKind::ComplaintStatistics, 2568),
    ] {
        let mut p = publication(a, kind, year, kind.code());
        p.published_at = at(11, 987_654_000);
        store.publish(CLI, &p).await.unwrap();
    }
    let mut empty = publication(a, PublishedKind::PlanFollowUp, 2568, "none");
    empty.files.clear();
    empty.published_by = None;
    store.publish(CLI, &empty).await.unwrap();
    a
}

async fn bundles_carry_publications_with_bytes(db: &TestDb) {
    let store = &db.store;
    let a = seed_publications(store, "bundled").await;
    let exported = store.export_agency(a).await.unwrap();
    let keys: Vec<_> = exported
        .publications
        .iter()
        .map(|p| (p.fiscal_year, p.kind, p.files.len()))
        .collect();
    assert_eq!(
        keys,
        [
            (2567, PublishedKind::ItaAnalysis, 2),
            (2568, PublishedKind::PlanFollowUp, 0),
            (2568, PublishedKind::RiskAssessment, 2),
            (2568, PublishedKind::ComplaintStatistics, 2),
        ]
    );
    assert_eq!(exported.publications[0].files[1].bytes.len(), 1234);

    let fresh = db.fresh().await;
    fresh
        .store
        .import_bundle(&Bundle::new(vec![exported.clone()]))
        .await
        .unwrap();
    let again = fresh.store.export_agency(a).await.unwrap();
    assert_eq!(json_text(&again), json_text(&exported));
    let first = &exported.publications[0];
    assert_eq!(
        fresh.store.publication_file(a, first.id, 0).await.unwrap(),
        Some(first.files[0].clone()),
        "the bytes came along"
    );

    // Refused whole: a publication of another agency, one listed twice, a
    // second one of the same kind and year.
    let mut foreign = exported.clone();
    foreign.publications[1].agency_id = AgencyId::new();
    let mut twice = exported.clone();
    twice.publications.push(exported.publications[0].clone());
    let mut same_key = exported.clone();
    let mut copy = exported.publications[0].clone();
    copy.id = PublicationId::new();
    same_key.publications.push(copy);
    for (bundle, expect) in [
        (foreign, "publications[1]"),
        (twice, "id"),
        (same_key, "id"),
    ] {
        let empty = db.fresh().await;
        match empty.store.import_bundle(&Bundle::new(vec![bundle])).await {
            Err(StoreError::Invalid(what)) => assert!(what.contains(expect), "{what}"),
            Err(StoreError::Conflict { field }) => assert_eq!(field, expect),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            empty.store.export_agency(a).await,
            Err(StoreError::NotFound)
        ));
    }
}

on_both_backends!(
    publish_then_read,
    republishing_replaces_the_snapshot,
    listing_is_newest_year_first_then_kind_order,
    unpublishing_removes_the_item,
    publications_stay_with_their_agency,
    bundles_carry_publications_with_bytes,
);

#[test]
fn a_bundle_without_publications_still_reads() {
    let a = agency("older");
    let text = serde_json::json!({
        "agency": a,
        "departments": [], "officials": [], "users": [], "ita_results": [],
        "frameworks": [], "audit_log": [],
    });
    let read: prongsai_core::bundle::AgencyBundle = serde_json::from_value(text).unwrap();
    assert!(read.publications.is_empty());
}

#[tokio::test]
async fn publications_move_between_backends() {
    assert_moves_between_backends(async |store: &Store, code: &str| {
        seed_publications(store, &code.replace('-', "")).await
    })
    .await;
}
