//! Publishing to the portal over HTTP: the administrator publishes a year's risk
//! assessment and ITA analysis as frozen snapshots (real PDF and XLSX, with a
//! summary), the page shows when, later edits leave the snapshot as it was
//! until it is published again, a missing source is named at its row, only the
//! administrator publishes or unpublishes, and another agency's publication is
//! 404.

use crate::common;
use prongsai_testkit::files::{pdf_words, without_spaces};

use axum::http::StatusCode;
use chrono::{TimeZone as _, Utc};
use prongsai_core::complaints::tracking::TrackingCode;
use prongsai_core::complaints::{Case, CaseKind, CaseStatus, Channel, due_on};
use prongsai_core::model::{CaseId, PublicationId, RiskAreaId, Role};
use prongsai_core::publication::{Publication, PublishedKind};
use prongsai_core::risk::{RiskArea, RiskAssessment, RiskEvent, RiskLevel, RiskRating};
use prongsai_core::thai::calendar::{format_date_long, in_thailand};
use prongsai_store::{Actor, NewCase};
use prongsai_testkit::http::{Browser, TestApp};

const YEAR: i32 = 2568;
const PDF: &str = "application/pdf";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Text as the auto-escaping templates write it.
fn html(text: &str) -> String {
    text.replace('&', "&amp;").replace('/', "&#x2f;")
}

fn event(text: &str, level: RiskLevel) -> RiskEvent {
    RiskEvent {
        text: text.to_owned(),
        rating: RiskRating::Level { level },
    }
}

/// Saves the agency's assessment of [`YEAR`] with one area of `events`, over
/// whatever version is stored.
async fn save_assessment(app: &TestApp, process: &str, events: Vec<RiskEvent>) {
    let agency = app.a.agency.id;
    let version = app
        .store
        .get_risk_assessment(agency, YEAR)
        .await
        .unwrap()
        .map_or(0, |a| a.version);
    let assessment = RiskAssessment {
        areas: vec![RiskArea {
            id: RiskAreaId::new(),
            process: process.to_owned(),
            events,
            controls: Vec::new(),
        }],
        version,
        ..RiskAssessment::new(agency, YEAR)
    };
    app.store
        .save_risk_assessment(Actor::default(), &assessment)
        .await
        .unwrap();
}

async fn publish(
    app: &TestApp,
    browser: &Browser,
    kind: &str,
    year: i32,
) -> prongsai_testkit::http::Page {
    app.post(
        Some(browser),
        "/publications/publish",
        &[("kind", kind), ("year", &year.to_string())],
    )
    .await
}

/// The agency's one publication of `kind` and [`YEAR`], read back whole.
async fn stored(app: &TestApp, kind: PublishedKind, year: i32) -> Publication {
    let agency = app.a.agency.id;
    let listing = app
        .store
        .publications(agency)
        .await
        .unwrap()
        .into_iter()
        .find(|l| l.kind == kind && l.fiscal_year == year)
        .expect("published");
    let mut p = app
        .store
        .find_publication(agency, listing.id)
        .await
        .unwrap()
        .unwrap();
    for (index, file) in p.files.iter_mut().enumerate() {
        *file = app
            .store
            .publication_file(agency, listing.id, index)
            .await
            .unwrap()
            .unwrap();
    }
    p
}

fn fact<'a>(p: &'a Publication, label: &str) -> &'a str {
    p.summary
        .facts
        .iter()
        .find(|(l, _)| l == label)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no fact {label}: {:?}", p.summary.facts))
}

#[tokio::test]
async fn a_published_snapshot_stays_as_it_was_until_published_again() {
    let app = common::app().await;
    save_assessment(
        &app,
        "การจัดซื้อจัดจ้างวัสดุสำนักงาน",
        vec![event("แบ่งซื้อแบ่งจ้างเพื่อเลี่ยงวิธีประกวดราคา", RiskLevel::High)],
    )
    .await;
    let admin = app.login("admin.alpha").await;

    let page = app
        .get(Some(&admin), &format!("/publications?year={YEAR}"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("การประเมินความเสี่ยงการทุจริต"));
    assert!(page.body.contains("ยังไม่เผยแพร่"));
    assert!(
        page.body
            .contains(&format!("href=\"{}\"", html("/p/alpha")))
    );

    let page = publish(&app, &admin, "risk_assessment", YEAR).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let back = page.location.unwrap();
    assert_eq!(back, format!("/publications?year={YEAR}&notice=published"));
    let first = stored(&app, PublishedKind::RiskAssessment, YEAR).await;
    assert_eq!(first.published_by, Some(app.a.admin.id));
    assert_eq!(
        first.title,
        format!("การประเมินความเสี่ยงการทุจริต ปีงบประมาณ พ.ศ. {YEAR}")
    );

    // The page says when, in Thailand's date, and offers the next snapshot.
    let page = app.get(Some(&admin), &back).await;
    assert!(page.body.contains("เผยแพร่บนเว็บไซต์สาธารณะเรียบร้อยแล้ว"));
    let today = format_date_long(in_thailand(first.published_at).date_naive(), false);
    assert!(
        page.body.contains(&format!("เผยแพร่แล้วเมื่อ {today} เวลา")),
        "{}",
        page.body
    );
    assert!(page.body.contains("เผยแพร่ฉบับปรับปรุง"));
    assert!(
        page.body
            .contains(&html(&format!("/p/alpha/items/{}", first.id)))
    );

    // Real files: a PDF that reads back, and an XLSX (a zip).
    let types: Vec<_> = first
        .files
        .iter()
        .map(|f| f.content_type.as_str())
        .collect();
    assert_eq!(types, [PDF, XLSX]);
    assert!(first.files[0].bytes.starts_with(b"%PDF-"));
    assert!(first.files[1].bytes.starts_with(b"PK"));
    assert_eq!(
        first.files[0].file_name,
        format!("risk-assessment-{YEAR}.pdf")
    );
    let text = pdf_words(&first.files[0].bytes);
    assert!(
        text.contains(&without_spaces("การจัดซื้อจัดจ้างวัสดุสำนักงาน")),
        "{text}"
    );
    assert_eq!(fact(&first, "จำนวนเหตุการณ์ความเสี่ยง"), "1");
    let levels = &first.summary.tables[0].rows;
    assert!(
        levels.contains(&vec!["สูง".to_owned(), "1".to_owned()]),
        "{levels:?}"
    );

    // The source is edited: the snapshot is untouched.
    save_assessment(
        &app,
        "การเบิกจ่ายค่าตอบแทนล่วงเวลา",
        vec![
            event("เบิกค่าล่วงเวลาโดยไม่ได้ปฏิบัติงานจริง", RiskLevel::VeryHigh),
            event("อนุมัติโดยไม่ตรวจหลักฐาน", RiskLevel::Medium),
        ],
    )
    .await;
    let unchanged = stored(&app, PublishedKind::RiskAssessment, YEAR).await;
    assert_eq!(unchanged, first, "files and summary as published");

    // Published again, the new snapshot replaces the old.
    let page = publish(&app, &admin, "risk_assessment", YEAR).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let second = stored(&app, PublishedKind::RiskAssessment, YEAR).await;
    assert_ne!(second.id, first.id);
    assert_eq!(fact(&second, "จำนวนเหตุการณ์ความเสี่ยง"), "2");
    let text = pdf_words(&second.files[0].bytes);
    assert!(
        text.contains(&without_spaces("การเบิกจ่ายค่าตอบแทนล่วงเวลา")),
        "{text}"
    );
    assert!(!text.contains(&without_spaces("การจัดซื้อจัดจ้างวัสดุสำนักงาน")));
    assert_eq!(
        app.store.publications(app.a.agency.id).await.unwrap().len(),
        1
    );
    assert_eq!(
        app.store
            .find_publication(app.a.agency.id, first.id)
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn the_ita_analysis_is_published_with_its_scores() {
    let app = common::app().await;
    let admin = app.login("admin.alpha").await;
    // The harness enters the official result of 2565 for this agency.
    let page = publish(&app, &admin, "ita_analysis", 2565).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let p = stored(&app, PublishedKind::ItaAnalysis, 2565).await;
    assert!(p.files[0].bytes.starts_with(b"%PDF-"));
    assert_eq!(p.files[0].file_name, "ita-analysis-2565-official.pdf");
    assert!(!fact(&p, "คะแนนรวม").is_empty());
    assert_eq!(p.summary.tables[0].caption, "คะแนนตามเครื่องมือการประเมิน");
    assert_eq!(p.summary.tables[1].rows.len(), 10, "every indicator");
    assert_eq!(p.summary.tables[1].rows[0][0], "1", "in indicator order");
}

/// A case of agency A received in March of [`YEAR`], still open.
async fn add_case(app: &TestApp, kind: CaseKind) {
    let at = Utc.with_ymd_and_hms(2025, 3, 10, 3, 0, 0).unwrap();
    let case = Case {
        agency_id: app.a.agency.id,
        id: CaseId::new(),
        kind,
        channel: Channel::Online,
        fiscal_year: YEAR,
        number: 0,
        code_hash: TrackingCode::random().lookup_hash(),
        status: CaseStatus::Received,
        subject: "ไฟฟ้าส่องสว่างในหมู่บ้านดับ".to_owned(),
        details: "รายละเอียดสำหรับการทดสอบ".to_owned(),
        place: String::new(),
        contact_sealed: None,
        consent: true,
        received_at: at,
        due_on: due_on(at, 15),
        department_id: None,
        outcome_note: String::new(),
        answered_at: None,
        first_reply_at: None,
        closed_at: None,
        purged_at: None,
        version: 0,
    };
    let new = NewCase {
        case,
        attachments: Vec::new(),
    };
    app.store.create_case(Actor::default(), &new).await.unwrap();
}

#[tokio::test]
async fn complaint_statistics_are_published_with_corruption_counts_withheld() {
    let app = common::app().await;
    for kind in [
        CaseKind::Complaint,
        CaseKind::Complaint,
        CaseKind::Corruption,
    ] {
        add_case(&app, kind).await;
    }
    let admin = app.login("admin.alpha").await;
    let page = publish(&app, &admin, "complaint_statistics", YEAR).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let p = stored(&app, PublishedKind::ComplaintStatistics, YEAR).await;
    let types: Vec<_> = p.files.iter().map(|f| f.content_type.as_str()).collect();
    assert_eq!(types, [PDF, XLSX, "text/csv; charset=utf-8"]);
    assert!(p.files[0].bytes.starts_with(b"%PDF-"));
    assert!(
        p.files[2].bytes.starts_with(b"\xEF\xBB\xBF"),
        "CSV with a BOM"
    );
    assert_eq!(fact(&p, "เรื่องร้องเรียนทั่วไป"), "2");
    let corruption = fact(&p, "เรื่องร้องเรียนการทุจริตและประพฤติมิชอบ");
    assert!(
        corruption.starts_with("น้อยกว่า "),
        "one report is withheld: {corruption}"
    );
    let online = |caption: &str| {
        let table = p
            .summary
            .tables
            .iter()
            .find(|t| t.caption == caption)
            .unwrap();
        table
            .rows
            .iter()
            .find(|r| r[0] == Channel::Online.label_th())
            .unwrap()[1]
            .clone()
    };
    assert_eq!(online("เรื่องร้องเรียนทั่วไปตามช่องทาง"), "2");
    assert!(online("เรื่องร้องเรียนการทุจริตตามช่องทาง").starts_with("น้อยกว่า "));

    // A case received later changes nothing published.
    add_case(&app, CaseKind::Complaint).await;
    assert_eq!(
        stored(&app, PublishedKind::ComplaintStatistics, YEAR).await,
        p
    );
}

#[tokio::test]
async fn the_action_plan_covering_the_year_and_its_follow_up_are_published() {
    let app = common::app().await;
    let admin = app.login("admin.alpha").await;
    let page = app
        .post(
            Some(&admin),
            "/action-plans",
            &[
                ("first_year", "2566"),
                ("years", "5"),
                ("start", "template"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);

    for kind in ["action_plan", "plan_follow_up"] {
        let page = publish(&app, &admin, kind, YEAR).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{kind}: {}", page.body);
    }
    let plan = stored(&app, PublishedKind::ActionPlan, YEAR).await;
    assert_eq!(plan.fiscal_year, YEAR, "listed under the year asked");
    assert_eq!(
        plan.title,
        "แผนปฏิบัติการป้องกันการทุจริต ปีงบประมาณ พ.ศ. 2566 - 2570"
    );
    assert_eq!(fact(&plan, "ระยะเวลาของแผน"), "พ.ศ. 2566 - 2570");
    assert_eq!(
        plan.summary.tables[0].rows.len(),
        5,
        "a budget row per year"
    );
    assert_eq!(plan.files[0].file_name, "action-plan-2566-2570.pdf");
    assert!(plan.files[0].bytes.starts_with(b"%PDF-"));
    let follow_up = stored(&app, PublishedKind::PlanFollowUp, YEAR).await;
    assert_eq!(
        follow_up.files[0].file_name,
        format!("follow-up-full-year-{YEAR}.pdf")
    );
    assert!(follow_up.files[1].bytes.starts_with(b"PK"));
    let projects: usize = fact(&plan, "จำนวนโครงการ").parse().unwrap();
    let this_year: usize = fact(&follow_up, "จำนวนโครงการในปีงบประมาณ").parse().unwrap();
    assert!(this_year <= projects, "{this_year} of {projects}");

    // A year the plan does not cover has nothing to publish.
    let page = publish(&app, &admin, "action_plan", 2571).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("ที่ครอบคลุมปีงบประมาณ 2571"));
}

#[tokio::test]
async fn a_missing_source_is_named_at_its_row_and_nothing_is_published() {
    let app = common::app().await;
    let admin = app.login("admin.alpha").await;
    for (kind, message) in [
        (
            "action_plan",
            format!("ยังไม่มีแผนปฏิบัติการป้องกันการทุจริตที่ครอบคลุมปีงบประมาณ {YEAR}"),
        ),
        (
            "risk_assessment",
            format!("ยังไม่มีการประเมินความเสี่ยงการทุจริตของปีงบประมาณ {YEAR}"),
        ),
        ("measures", format!("ยังไม่มีมาตรการของปีงบประมาณ {YEAR}")),
        (
            "ita_analysis",
            format!("ยังไม่มีผลการประเมิน ITA ของปีงบประมาณ {YEAR}"),
        ),
    ] {
        let page = publish(&app, &admin, kind, YEAR).await;
        assert_eq!(page.status, StatusCode::OK, "{kind}");
        let row_start = page.body.find(&format!("id=\"kind-{kind}\"")).unwrap();
        let row = &page.body[row_start..];
        let row = &row[..row.find("</tr>").unwrap()];
        assert!(row.contains(&message), "{kind}: {row}");
        assert!(row.contains("role=\"alert\""));
    }
    assert!(
        app.store
            .publications(app.a.agency.id)
            .await
            .unwrap()
            .is_empty()
    );

    // Requests no page of ours sends.
    assert_eq!(
        publish(&app, &admin, "brochure", YEAR).await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        app.post(
            Some(&admin),
            "/publications/publish",
            &[("kind", "measures"), ("year", "ปีหน้า")]
        )
        .await
        .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        app.get(Some(&admin), "/publications?year=abc").await.status,
        StatusCode::NOT_FOUND
    );
    // Thai digits in the address read like Arabic ones.
    let page = app.get(Some(&admin), "/publications?year=๒๕๖๗").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("ปีงบประมาณ พ.ศ. 2567"));
}

#[tokio::test]
async fn only_the_administrator_publishes_and_unpublishes() {
    let app = common::app().await;
    save_assessment(
        &app,
        "การรับสมัครบุคลากร",
        vec![event("ฝากเข้าทำงาน", RiskLevel::Medium)],
    )
    .await;
    let admin = app.login("admin.alpha").await;
    assert_eq!(
        publish(&app, &admin, "risk_assessment", YEAR).await.status,
        StatusCode::SEE_OTHER
    );
    let id = stored(&app, PublishedKind::RiskAssessment, YEAR).await.id;

    app.add_user(app.a.agency.id, "exec.alpha", Role::Executive, None)
        .await;
    for username in ["exec.alpha", "staff.alpha"] {
        let reader = app.login(username).await;
        let page = app
            .get(Some(&reader), &format!("/publications?year={YEAR}"))
            .await;
        assert_eq!(page.status, StatusCode::OK, "{username} reads");
        assert!(page.body.contains("เผยแพร่แล้วเมื่อ"));
        assert!(
            !page.body.contains("/publications/publish"),
            "{username} sees no button"
        );
        assert_eq!(
            publish(&app, &reader, "risk_assessment", YEAR).await.status,
            StatusCode::FORBIDDEN,
            "{username}"
        );
        let path = format!("/publications/{id}/unpublish");
        assert_eq!(
            app.get(Some(&reader), &path).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            app.post(Some(&reader), &path, &[]).await.status,
            StatusCode::FORBIDDEN
        );
    }
    assert_eq!(
        stored(&app, PublishedKind::RiskAssessment, YEAR).await.id,
        id
    );

    // Without a login, the page sends to the login form.
    let page = app.get(None, "/publications").await;
    assert_eq!(page.location.as_deref(), Some("/login"));
    // A form without the session's token is refused.
    let page = app
        .post(
            Some(&admin),
            &format!("/publications/{id}/unpublish"),
            &[("csrf_token", "wrong")],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);

    // The administrator confirms, then unpublishes.
    let page = app
        .get(Some(&admin), &format!("/publications/{id}/unpublish"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains(&format!("การประเมินความเสี่ยงการทุจริต ปีงบประมาณ พ.ศ. {YEAR}"))
    );
    assert!(page.body.contains("ยืนยันการยกเลิกการเผยแพร่"));
    let page = app
        .post(Some(&admin), &format!("/publications/{id}/unpublish"), &[])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(
        page.location.as_deref(),
        Some(format!("/publications?year={YEAR}&notice=unpublished").as_str())
    );
    assert!(
        app.store
            .publications(app.a.agency.id)
            .await
            .unwrap()
            .is_empty()
    );
    let page = app
        .post(Some(&admin), &format!("/publications/{id}/unpublish"), &[])
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND, "already gone");
}

#[tokio::test]
async fn another_agencys_publication_is_not_found() {
    let app = common::app().await;
    let bravo = app.login("admin.bravo").await;
    // The harness enters bravo's official result of 2564.
    assert_eq!(
        publish(&app, &bravo, "ita_analysis", 2564).await.status,
        StatusCode::SEE_OTHER
    );
    let theirs = app.store.publications(app.b.agency.id).await.unwrap()[0].id;

    let admin = app.login("admin.alpha").await;
    for path in [
        format!("/publications/{theirs}/unpublish"),
        format!("/publications/{}/unpublish", PublicationId::new()),
        "/publications/not-an-id/unpublish".to_owned(),
    ] {
        assert_eq!(
            app.get(Some(&admin), &path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
        assert_eq!(
            app.post(Some(&admin), &path, &[]).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let page = app.get(Some(&admin), "/publications?year=2564").await;
    assert!(!page.body.contains(&theirs.to_string()));
    assert!(page.body.contains("ยังไม่เผยแพร่"));
    assert_eq!(
        app.store.publications(app.b.agency.id).await.unwrap().len(),
        1
    );
    assert!(
        app.store
            .publications(app.a.agency.id)
            .await
            .unwrap()
            .is_empty()
    );
}
