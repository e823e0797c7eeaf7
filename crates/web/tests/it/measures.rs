//! The measures cycle over HTTP: the plan and the measure form, progress rounds
//! with evidence, the department head's view, concurrent edits, approval and
//! reopening, deletion after confirmation, copying a plan and the dashboard.

use crate::common;

use axum::http::{StatusCode, header};
use chrono::NaiveDate;
use prongsai_core::measures::PlanMemo;
use prongsai_core::model::{AuditAction, Department, DepartmentId, MeasureId, Role, TopicId};
use prongsai_core::thai::calendar::{format_date_long, today_in_thailand};
use prongsai_core::thai::fiscal::{FiscalYear, ReportingRound};
use prongsai_store::Actor;
use prongsai_testkit::http::{Browser, Page, TestApp};

const STALE: &str = "มีผู้อื่นบันทึกรายการนี้ไปก่อนแล้ว กรุณาโหลดหน้าใหม่แล้วแก้ไขอีกครั้ง";
const LOCKED: &str = "รอบรายงานนี้ได้รับอนุมัติแล้ว แก้ไขไม่ได้จนกว่าผู้ดูแลระบบจะเปิดรอบใหม่";

/// A small but complete PDF.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

/// The fiscal year the tests plan: the current one.
fn year() -> i32 {
    FiscalYear::containing(today_in_thailand()).be()
}

async fn add_topic(app: &TestApp, browser: &Browser, year: i32, title: &str) -> TopicId {
    let page = app
        .post(
            Some(browser),
            &format!("/plan/{year}/topics"),
            &[("catalog_key", ""), ("title", title)],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    app.store
        .list_topics(app.a.agency.id, year)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.title == title)
        .expect("topic stored")
        .id
}

/// The fields of a valid measure, to be overridden by a test.
fn measure_fields(topic: TopicId, title: &str, department: DepartmentId) -> Vec<(String, String)> {
    [
        ("topic_id", topic.to_string()),
        ("title", title.to_owned()),
        ("indicator_3", "yes".to_owned()),
        ("steps", "ประชุมชี้แจง\nจัดอบรม".to_owned()),
        ("timeframe_kind", "quarters".to_owned()),
        ("quarter_first", "1".to_owned()),
        ("quarter_last", "2".to_owned()),
        (&format!("dept_{department}"), "yes".to_owned()),
        ("positions", "หัวหน้าสำนักปลัด".to_owned()),
        ("targets.0.text", "จัดอบรม".to_owned()),
        ("targets.0.quantity", "๓".to_owned()),
        ("targets.0.unit", "ครั้ง".to_owned()),
        ("version", "0".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

fn with(fields: &[(String, String)], changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = fields
        .iter()
        .filter(|(k, _)| !changes.iter().any(|(c, _)| c == k))
        .cloned()
        .collect();
    out.extend(
        changes
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    out
}

async fn post_fields(
    app: &TestApp,
    browser: &Browser,
    path: &str,
    fields: &[(String, String)],
) -> Page {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    app.post(Some(browser), path, &pairs).await
}

async fn add_measure(
    app: &TestApp,
    browser: &Browser,
    year: i32,
    topic: TopicId,
    title: &str,
    department: DepartmentId,
) -> MeasureId {
    let fields = measure_fields(topic, title, department);
    let page = post_fields(app, browser, &format!("/plan/{year}/measures"), &fields).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    app.store
        .list_measures(app.a.agency.id, year)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.title == title)
        .expect("measure stored")
        .id
}

/// Text as the auto-escaping templates write it.
fn html(text: &str) -> String {
    text.replace('&', "&amp;").replace('/', "&#x2f;")
}

/// Where each text first appears on the page (panics when one is missing).
fn positions(body: &str, texts: &[&str]) -> Vec<usize> {
    texts
        .iter()
        .map(|t| {
            body.find(t)
                .unwrap_or_else(|| panic!("{t} not on the page"))
        })
        .collect()
}

fn in_order(body: &str, texts: &[&str]) -> bool {
    positions(body, texts).windows(2).all(|w| w[0] < w[1])
}

#[tokio::test]
async fn a_plan_is_built_through_its_forms_in_order() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let y = year();
    let page = app
        .post(
            Some(&admin),
            &format!("/plan/{y}/topics"),
            &[("catalog_key", "annual:2"), ("title", "")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let catalogued = "การให้บริการและระบบ E-Service";
    let first = app.store.list_topics(app.a.agency.id, y).await.unwrap()[0].clone();
    assert_eq!(first.title, catalogued);
    assert_eq!(first.catalog_key.as_deref(), Some("annual:2"));
    let own = add_topic(&app, &admin, y, "ประเด็นที่หน่วยงานกำหนดเอง").await;
    let dept = app.a.department.id;
    add_measure(&app, &admin, y, own, "มาตรการในประเด็นเอง", dept).await;
    add_measure(&app, &admin, y, first.id, "มาตรการแรก", dept).await;
    let second = add_measure(&app, &admin, y, first.id, "มาตรการที่สอง", dept).await;

    let plan = app.get(Some(&admin), &format!("/plan/{y}")).await;
    assert_eq!(plan.status, StatusCode::OK);
    assert!(in_order(
        &plan.body,
        &[
            catalogued,
            "มาตรการแรก",
            "มาตรการที่สอง",
            "ประเด็นที่หน่วยงานกำหนดเอง",
            "มาตรการในประเด็นเอง"
        ]
    ));
    assert!(plan.body.contains("ไตรมาสที่ 1 - 2"));
    assert!(plan.body.contains("จัดอบรม 3 ครั้ง"));
    assert!(plan.body.contains(&app.a.department.name));
    assert!(
        plan.body
            .contains(&format!("/documents/{y}/measures?format=pdf"))
    );
    assert!(
        plan.body
            .contains(&format!("/documents/{y}/memo?format=docx"))
    );

    // Reorder: the own topic up, the second measure up.
    let page = app
        .post(
            Some(&admin),
            &format!("/plan/{y}/topics/{own}/move"),
            &[("offset", "-1")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let page = app
        .post(
            Some(&admin),
            &format!("/plan/{y}/measures/{second}/move"),
            &[("offset", "-1")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let plan = app.get(Some(&admin), &format!("/plan/{y}")).await;
    assert!(in_order(
        &plan.body,
        &[
            "ประเด็นที่หน่วยงานกำหนดเอง",
            catalogued,
            "มาตรการที่สอง",
            "มาตรการแรก"
        ]
    ));

    // Rename: empty is refused at the topic's box, a name is kept.
    let page = app
        .post(
            Some(&admin),
            &format!("/plan/{y}/topics/{own}"),
            &[("title", "  ")],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("กรุณากรอกชื่อประเด็น"));
    let page = app
        .post(
            Some(&admin),
            &format!("/plan/{y}/topics/{own}"),
            &[("title", "ประเด็นชื่อใหม่")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let plan = app.get(Some(&admin), &format!("/plan/{y}")).await;
    assert!(plan.body.contains("ประเด็นชื่อใหม่"));

    // The edit form shows what was stored.
    let edit = app
        .get(Some(&admin), &format!("/plan/{y}/measures/{second}"))
        .await;
    assert_eq!(edit.status, StatusCode::OK);
    assert!(edit.body.contains("value=\"มาตรการที่สอง\""));
    assert!(edit.body.contains("ประชุมชี้แจง\nจัดอบรม"));
    assert!(edit.body.contains("name=\"targets.0.quantity\"") && edit.body.contains("value=\"3\""));
    assert!(
        edit.body
            .contains("name=\"indicator_3\" value=\"yes\" checked")
    );

    // Staff read the plan and change nothing.
    let staff = app.login("staff.alpha").await;
    let plan = app.get(Some(&staff), &format!("/plan/{y}")).await;
    assert_eq!(plan.status, StatusCode::OK);
    assert!(plan.body.contains("มาตรการแรก"));
    assert!(!plan.body.contains("เพิ่มประเด็น"));
    let page = app
        .post(
            Some(&staff),
            &format!("/plan/{y}/topics"),
            &[("title", "ของเจ้าหน้าที่")],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let page = app
        .get(Some(&staff), &format!("/plan/{y}/measures/new"))
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);

    // Another agency's admin sees none of it.
    let other = app.login(&app.b.admin.username).await;
    let plan = app.get(Some(&other), &format!("/plan/{y}")).await;
    assert!(!plan.body.contains("มาตรการแรก"));
    let page = app
        .get(Some(&other), &format!("/plan/{y}/measures/{second}"))
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bad_measure_input_is_named_at_each_field_and_kept() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let y = year();
    let topic = add_topic(&app, &admin, y, "ประเด็นทดสอบ").await;
    let fields = with(
        &measure_fields(topic, "", app.a.department.id),
        &[
            ("timeframe_kind", "dates"),
            ("date_start", &format!("1/3/{y}")),
            ("date_end", &format!("1/2/{y}")),
            ("targets.0.quantity", "สามครั้ง"),
            ("weakness", "ยังไม่มีช่องทางร้องเรียนออนไลน์"),
        ],
    );
    let page = post_fields(&app, &admin, &format!("/plan/{y}/measures"), &fields).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains(&html("id=\"e-title\">กรุณากรอกชื่อมาตรการ/กิจกรรม")),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("id=\"e-timeframe\">วันสิ้นสุดต้องไม่อยู่ก่อนวันเริ่มต้น")
    );
    assert!(
        page.body
            .contains("id=\"e-targets.0.quantity\">กรุณากรอกเป็นตัวเลข")
    );
    for kept in [
        "value=\"สามครั้ง\"",
        &html(&format!("value=\"1/3/{y}\"")),
        &html(&format!("value=\"1/2/{y}\"")),
        "ยังไม่มีช่องทางร้องเรียนออนไลน์",
        "หัวหน้าสำนักปลัด",
        "value=\"dates\" checked",
    ] {
        assert!(page.body.contains(kept), "{kept} was lost");
    }
    // A Gregorian year is refused at its date box.
    let fields = with(
        &measure_fields(topic, "มาตรการ", app.a.department.id),
        &[
            ("timeframe_kind", "dates"),
            ("date_start", "1/10/2025"),
            ("date_end", "x"),
        ],
    );
    let page = post_fields(&app, &admin, &format!("/plan/{y}/measures"), &fields).await;
    assert!(
        page.body
            .contains("id=\"e-date_start\">ปี 2025 ไม่ใช่ปีพุทธศักราช")
    );
    assert!(page.body.contains("id=\"e-date_end\">"));
    assert!(
        app.store
            .list_measures(app.a.agency.id, y)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn the_second_of_two_concurrent_saves_is_refused() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let other_admin = app
        .add_user(app.a.agency.id, "admin2.alpha", Role::Admin, None)
        .await;
    let second = app.login(&other_admin.username).await;
    let y = year();
    let topic = add_topic(&app, &admin, y, "ประเด็น").await;
    let id = add_measure(&app, &admin, y, topic, "ชื่อเดิม", app.a.department.id).await;
    let url = format!("/plan/{y}/measures/{id}");
    let first_form = app.get(Some(&admin), &url).await;
    let second_form = app.get(Some(&second), &url).await;
    let loaded = prongsai_testkit::http::hidden_value(&first_form.body, "version").unwrap();
    assert_eq!(loaded, "1");
    assert_eq!(
        prongsai_testkit::http::hidden_value(&second_form.body, "version").unwrap(),
        "1"
    );

    let base = measure_fields(topic, "ฉบับของคนแรก", app.a.department.id);
    let page = post_fields(&app, &admin, &url, &with(&base, &[("version", &loaded)])).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let late = with(&base, &[("version", &loaded), ("title", "ฉบับของคนที่สอง")]);
    let page = post_fields(&app, &second, &url, &late).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(STALE));
    assert!(
        page.body.contains("value=\"ฉบับของคนที่สอง\""),
        "the second user's input is kept"
    );
    let stored = app
        .store
        .get_measure(app.a.agency.id, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.title, "ฉบับของคนแรก");
    assert_eq!(stored.version, 2);
}

/// A measure owned by another department of agency A, and that department.
async fn second_department(app: &TestApp) -> Department {
    let d = Department {
        agency_id: app.a.agency.id,
        id: DepartmentId::new(),
        name: "กองช่างอัลฟา".to_owned(),
        sort_order: 2,
    };
    app.store
        .create_department(Actor::default(), &d)
        .await
        .unwrap();
    d
}

/// An administrator and an executive of agency a, and one measure of this
/// year titled `title` under a topic of the same name.
async fn approval_setup(app: &TestApp, title: &str) -> (Browser, Browser, i32, MeasureId) {
    let admin = app.login(&app.a.admin.username).await;
    app.add_user(app.a.agency.id, "exec.alpha", Role::Executive, None)
        .await;
    let executive = app.login("exec.alpha").await;
    let y = year();
    let topic = add_topic(app, &admin, y, title).await;
    let id = add_measure(app, &admin, y, topic, title, app.a.department.id).await;
    (admin, executive, y, id)
}

fn report(summary: &str, version: &str) -> Vec<(&'static str, String)> {
    vec![
        ("version", version.to_owned()),
        ("status", "in_progress".to_owned()),
        ("results.0.text", summary.to_owned()),
        ("outcome", String::new()),
        ("achieved.0", "๒".to_owned()),
        (
            "results.0.links.0.url",
            "https://www.alpha.go.th/news/1".to_owned(),
        ),
        ("results.0.links.0.label", "ข่าวประชาสัมพันธ์".to_owned()),
    ]
}

async fn post_report(
    app: &TestApp,
    browser: &Browser,
    url: &str,
    fields: &[(&'static str, String)],
    file: Option<(&str, &[u8])>,
) -> Page {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post_multipart(browser, url, &pairs, file.map(|(n, b)| ("file", n, b)))
        .await
}

#[tokio::test]
async fn a_department_head_sees_and_reports_only_its_own_measures() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let works = second_department(&app).await;
    app.add_user(
        app.a.agency.id,
        "head.alpha",
        Role::DepartmentHead,
        Some(app.a.department.id),
    )
    .await;
    let head = app.login("head.alpha").await;
    let y = year();
    let topic = add_topic(&app, &admin, y, "ประเด็น").await;
    let own = add_measure(
        &app,
        &admin,
        y,
        topic,
        "มาตรการของกองคลัง",
        app.a.department.id,
    )
    .await;
    let foreign = add_measure(&app, &admin, y, topic, "มาตรการของกองช่าง", works.id).await;

    let round = app.get(Some(&head), &format!("/progress/{y}/half")).await;
    assert_eq!(round.status, StatusCode::OK);
    assert!(round.body.contains("มาตรการของกองคลัง"));
    assert!(!round.body.contains("มาตรการของกองช่าง"));
    let foreign_url = format!("/progress/{y}/half/{foreign}");
    assert_eq!(
        app.get(Some(&head), &foreign_url).await.status,
        StatusCode::NOT_FOUND
    );
    let page = post_report(&app, &head, &foreign_url, &report("แอบแก้", "0"), None).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(
        app.store
            .get_progress(app.a.agency.id, foreign, ReportingRound::HalfYear)
            .await
            .unwrap()
            .is_none()
    );

    let own_url = format!("/progress/{y}/half/{own}");
    let page = post_report(
        &app,
        &head,
        &own_url,
        &report("ดำเนินการไปแล้วสองครั้ง", "0"),
        None,
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let saved = app
        .store
        .get_progress(app.a.agency.id, own, ReportingRound::HalfYear)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(saved.results[0].text, "ดำเนินการไปแล้วสองครั้ง");
    assert_eq!(saved.achieved, vec![Some(2.0)]);
    // A second page loaded before that save is refused, not overwriting it.
    let page = post_report(&app, &admin, &own_url, &report("จากหน้าเก่า", "0"), None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(STALE) && page.body.contains("จากหน้าเก่า"));
    let kept = app
        .store
        .get_progress(app.a.agency.id, own, ReportingRound::HalfYear)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.results[0].text, "ดำเนินการไปแล้วสองครั้ง");
    let round = app.get(Some(&head), &format!("/progress/{y}/half")).await;
    assert!(
        round.body.contains("ผู้ใช้ head.alpha"),
        "the last update names who"
    );

    // The head cannot change the plan; staff read the report but cannot post it.
    let page = app
        .get(Some(&head), &format!("/plan/{y}/measures/{own}"))
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let staff = app.login("staff.alpha").await;
    let page = app.get(Some(&staff), &own_url).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("ดำเนินการไปแล้วสองครั้ง"));
    assert!(page.body.contains("<fieldset disabled"));
    let page = post_report(&app, &staff, &own_url, &report("เจ้าหน้าที่แก้", "1"), None).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    // The administrator sees both measures.
    let round = app.get(Some(&admin), &format!("/progress/{y}/half")).await;
    assert!(round.body.contains("มาตรการของกองช่าง") && round.body.contains("กองช่างอัลฟา"));
}

#[tokio::test]
async fn a_link_with_thai_digits_is_offered_in_arabic_digits_and_saved_when_confirmed() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let y = year();
    let topic = add_topic(&app, &admin, y, "ประเด็น").await;
    let id = add_measure(&app, &admin, y, topic, "มาตรการมีลิงก์", app.a.department.id).await;
    let url = format!("/progress/{y}/half/{id}");
    let typed = "สรุปผลที่พิมพ์ไว้";
    let ascii = "https://www.alpha.go.th/front/menu/114/189";

    let mut fields = report(typed, "0");
    fields[5].1 = "https://www.alpha.go.th/front/menu/๑๑๔/๑๘๙".to_owned();
    let page = post_report(&app, &admin, &url, &fields, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("ลิงก์มีเลขไทย"), "the warning");
    assert!(page.body.contains(&html(&format!("value=\"{ascii}\""))));
    assert!(page.body.contains(typed) && page.body.contains("ข่าวประชาสัมพันธ์"));
    let nothing = app
        .store
        .get_progress(app.a.agency.id, id, ReportingRound::HalfYear)
        .await
        .unwrap();
    assert!(nothing.is_none(), "not saved silently");

    fields[5].1 = ascii.to_owned();
    let page = post_report(&app, &admin, &url, &fields, None).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let saved = app
        .store
        .get_progress(app.a.agency.id, id, ReportingRound::HalfYear)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(saved.results[0].links[0].url, ascii);
}

#[tokio::test]
async fn evidence_is_checked_stored_and_downloaded_by_its_agency_only() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let y = year();
    let topic = add_topic(&app, &admin, y, "ประเด็น").await;
    let id = add_measure(
        &app,
        &admin,
        y,
        topic,
        "มาตรการมีหลักฐาน",
        app.a.department.id,
    )
    .await;
    let url = format!("/progress/{y}/half/{id}");
    let typed = "สรุปผลที่พิมพ์ไว้ไม่หาย";

    // A link that is not http(s).
    let mut fields = report(typed, "0");
    fields[5].1 = "ftp://files.alpha.go.th/a.pdf".to_owned();
    let page = post_report(&app, &admin, &url, &fields, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&html(
        "id=\"e-results-0-links-0-url\">ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https://"
    )));
    assert!(
        page.body.contains(typed)
            && page
                .body
                .contains(&html("value=\"ftp://files.alpha.go.th/a.pdf\""))
    );

    // A file named .pdf that is not a PDF.
    let page = post_report(
        &app,
        &admin,
        &url,
        &report(typed, "0"),
        Some(("report.pdf", b"MZ\x90\x00 not a pdf")),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("id=\"e-file\">ไฟล์นี้ไม่ใช่ PDF ตามที่ชื่อไฟล์ระบุ")
    );
    assert!(page.body.contains(typed));

    // 25 MB: over the route's limit, answered with the form, not a bare 413.
    let mut big = PDF.to_vec();
    big.resize(25 * 1024 * 1024, b' ');
    let page = post_report(
        &app,
        &admin,
        &url,
        &report(typed, "0"),
        Some(("scan.pdf", &big)),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("id=\"e-file\">ไฟล์มีขนาดใหญ่เกิน 20 MB"),
        "{}",
        &page.body[..page.body.len().min(3000)]
    );
    assert!(
        page.body.contains(typed)
            && page
                .body
                .contains(&html("value=\"https://www.alpha.go.th/news/1\""))
    );
    assert!(
        app.store
            .get_progress(app.a.agency.id, id, ReportingRound::HalfYear)
            .await
            .unwrap()
            .is_none(),
        "nothing saved from a refused form"
    );

    // A real PDF with a Thai name goes in and comes back byte for byte.
    let page = post_report(
        &app,
        &admin,
        &url,
        &report(typed, "0"),
        Some(("รายงานผล.pdf", PDF)),
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let files = app
        .store
        .list_evidence_files(app.a.agency.id, y, ReportingRound::HalfYear)
        .await
        .unwrap();
    assert_eq!(files.len(), 1);
    let file = &files[0];
    assert_eq!(file.file_name, "รายงานผล.pdf");
    assert_eq!(file.size_bytes, PDF.len() as i64);
    let form = app.get(Some(&admin), &url).await;
    assert!(form.body.contains(&format!("/evidence/{}", file.id)));
    let download = app
        .get(Some(&admin), &format!("/evidence/{}", file.id))
        .await;
    assert_eq!(download.status, StatusCode::OK);
    assert_eq!(download.body.as_bytes(), PDF);
    assert_eq!(download.headers[header::CONTENT_TYPE], "application/pdf");
    assert_eq!(download.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    let disposition = download.headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(
        disposition.contains("filename*=UTF-8''%E0%B8%A3%E0%B8%B2%E0%B8%A2%E0%B8%87%E0%B8%B2%E0%B8%99%E0%B8%9C%E0%B8%A5.pdf"),
        "{disposition}"
    );

    // Another agency cannot download it, nor can a visitor.
    let other = app.login(&app.b.admin.username).await;
    let page = app
        .get(Some(&other), &format!("/evidence/{}", file.id))
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_ne!(page.body.as_bytes(), PDF);
    let page = app.get(None, &format!("/evidence/{}", file.id)).await;
    assert_eq!(page.location.as_deref(), Some("/login"));

    // Deleting the file removes it.
    let page = app
        .post(
            Some(&admin),
            &format!("{url}/files/{}/delete", file.id),
            &[],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let page = app
        .get(Some(&admin), &format!("/evidence/{}", file.id))
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_approved_round_is_locked_until_the_administrator_reopens_it() {
    let app = common::app().await;
    let (admin, executive, y, id) = approval_setup(&app, "มาตรการที่จะอนุมัติ").await;
    let url = format!("/progress/{y}/full/{id}");
    let page = post_report(&app, &admin, &url, &report("ผลก่อนอนุมัติ", "0"), None).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);

    // Only the executive approves.
    let page = app
        .post(Some(&admin), &format!("/progress/{y}/full/approve"), &[])
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let round = app
        .get(Some(&executive), &format!("/progress/{y}/full"))
        .await;
    assert!(round.body.contains("อนุมัติผลการดำเนินงานรอบนี้"));
    assert!(round.body.contains(&format!(
        "/documents/{y}/annual-report?format=pdf&amp;links=1"
    )));
    let page = app
        .post(
            Some(&executive),
            &format!("/progress/{y}/full/approve"),
            &[("confirm", "yes")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let round = app.get(Some(&admin), &format!("/progress/{y}/full")).await;
    assert!(round.body.contains("ได้รับอนุมัติแล้วโดย ผู้ใช้ exec.alpha"));

    // A stale page posting into the locked round is refused with the message.
    let page = post_report(&app, &admin, &url, &report("แก้หลังอนุมัติ", "1"), None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(LOCKED));
    assert!(page.body.contains("แก้หลังอนุมัติ"), "what was typed stays");
    let stored = app
        .store
        .get_progress(app.a.agency.id, id, ReportingRound::FullYear)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.results[0].text, "ผลก่อนอนุมัติ");
    let form = app.get(Some(&admin), &url).await;
    assert!(form.body.contains("<fieldset disabled"));

    // The administrator reopens after a confirmation; the trail has it.
    let confirm = app
        .get(Some(&admin), &format!("/progress/{y}/full/reopen"))
        .await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(confirm.body.contains("ยืนยันการเปิดรอบใหม่"));
    let page = app
        .post(Some(&executive), &format!("/progress/{y}/full/reopen"), &[])
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let page = app
        .post(Some(&admin), &format!("/progress/{y}/full/reopen"), &[])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let trail = app.store.list_audit(app.a.agency.id, 50).await.unwrap();
    assert!(trail.iter().any(|e| e.entity == "round_approval"
        && e.action == AuditAction::Delete
        && e.user_id == Some(app.a.admin.id)));
    let page = post_report(&app, &admin, &url, &report("แก้หลังเปิดรอบใหม่", "1"), None).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
}

#[tokio::test]
async fn approving_a_round_asks_for_a_ticked_confirmation_first() {
    let app = common::app().await;
    let (_, executive, y, _) = approval_setup(&app, "มาตรการ").await;
    let approve = format!("/progress/{y}/full/approve");

    let round = app
        .get(Some(&executive), &format!("/progress/{y}/full"))
        .await;
    assert!(
        round
            .body
            .contains(r#"<input type="checkbox" name="confirm" value="yes" required"#),
        "the browser asks for the box without scripts: {}",
        round.body
    );

    // Without the box ticked the round stays open and the page says why.
    let page = app.post(Some(&executive), &approve, &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("กรุณาติ๊กยืนยัน"), "{}", page.body);
    assert!(
        app.store
            .get_round_approval(app.a.agency.id, y, ReportingRound::FullYear)
            .await
            .unwrap()
            .is_none()
    );

    let page = app
        .post(Some(&executive), &approve, &[("confirm", "yes")])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(
        app.store
            .get_round_approval(app.a.agency.id, y, ReportingRound::FullYear)
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn the_dashboard_opens_on_the_latest_planned_year_while_the_current_one_is_empty() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let y = year();
    let past = y - 2;
    let topic = add_topic(&app, &admin, past, "ประเด็นของปีก่อน").await;
    add_measure(
        &app,
        &admin,
        past,
        topic,
        "มาตรการของปีก่อน",
        app.a.department.id,
    )
    .await;

    let home = app.get(Some(&admin), "/").await;
    assert!(
        home.body.contains("ปีงบประมาณล่าสุดที่มีมาตรการ"),
        "{}",
        home.body
    );
    assert!(home.body.contains(&format!("พ.ศ. {past}")));
    assert!(
        home.body.contains("ความก้าวหน้าของมาตรการรอบ 12 เดือน"),
        "its full-year round"
    );
    assert!(home.body.contains("ประเด็นของปีก่อน"));

    let topic = add_topic(&app, &admin, y, "ประเด็นของปีนี้").await;
    add_measure(&app, &admin, y, topic, "มาตรการของปีนี้", app.a.department.id).await;
    let home = app.get(Some(&admin), "/").await;
    assert!(home.body.contains("ปีงบประมาณปัจจุบัน"));
    assert!(home.body.contains(&format!("พ.ศ. {y}")));
    assert!(home.body.contains("ประเด็นของปีนี้"));
    assert!(!home.body.contains("ประเด็นของปีก่อน"));
}

#[tokio::test]
async fn the_audit_log_reads_the_cycle_in_thai_with_names_and_thai_dates() {
    let app = common::app().await;
    let (admin, executive, y, id) = approval_setup(&app, "มาตรการที่ตรวจประวัติ").await;
    let url = format!("/progress/{y}/full/{id}");
    let page = post_report(&app, &admin, &url, &report("ผลที่บันทึก", "0"), None).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let page = app
        .post(
            Some(&executive),
            &format!("/progress/{y}/full/approve"),
            &[("confirm", "yes")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);

    let log = app.get(Some(&admin), "/audit").await;
    assert_eq!(log.status, StatusCode::OK);
    let body = &log.body;
    for thai in [
        "ประเด็นของมาตรการ",
        "การอนุมัติรอบรายงาน",
        "ผลการดำเนินงานตามมาตรการ",
        "ขั้นตอนหรือวิธีการปฏิบัติ ที่ 1",
        "อยู่ระหว่างดำเนินการ",
        "ผู้ใช้ exec.alpha",
        &format!("ปีงบประมาณ {y} รอบ 12 เดือน"),
        &format!(
            "{} เวลา",
            format_date_long(today_in_thailand(), app.a.agency.thai_digits)
        ),
    ] {
        assert!(body.contains(thai), "{thai} missing from the audit log");
    }
    assert!(body.contains(&app.a.admin.display_name));
    for raw in [
        ">measure<",
        ">round_approval<",
        ">progress<",
        "approved_by",
        "updated_at",
        "in_progress",
        "half_year",
        "full_year",
    ] {
        assert!(!body.contains(raw), "{raw} shown in the audit log");
    }
    assert!(!body.contains(&id.to_string()), "a raw id is shown");
    assert!(
        !body.contains(&executive_id(&app).await),
        "a raw user id is shown"
    );
    let iso = iso_timestamp(body);
    assert!(iso.is_none(), "an ISO timestamp is shown: {iso:?}");
}

/// The id of the executive the audit test adds, as text.
async fn executive_id(app: &TestApp) -> String {
    app.store
        .list_users(app.a.agency.id)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.username == "exec.alpha")
        .unwrap()
        .id
        .to_string()
}

/// The first "YYYY-MM-DDTHH:MM" in `text`, if any.
fn iso_timestamp(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(16)).find_map(|i| {
        let w = &bytes[i..i + 16];
        let digits = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15];
        let shaped = digits.iter().all(|&d| w[d].is_ascii_digit())
            && w[4] == b'-'
            && w[7] == b'-'
            && w[10] == b'T'
            && w[13] == b':';
        shaped.then(|| &text[i..i + 16])
    })
}

#[tokio::test]
async fn plan_and_progress_rows_name_their_cells_for_the_phone_cards() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let y = year();
    let topic = add_topic(&app, &admin, y, "ประเด็น").await;
    add_measure(
        &app,
        &admin,
        y,
        topic,
        "มาตรการบนโทรศัพท์",
        app.a.department.id,
    )
    .await;
    let plan = app.get(Some(&admin), &format!("/plan/{y}")).await;
    assert!(
        plan.body
            .contains(r#"<table class="measures cards-on-phone">"#)
    );
    for label in ["มาตรการ/กิจกรรม", "ระยะเวลา", "ผู้รับผิดชอบ", "เป้าหมาย"]
    {
        assert!(
            plan.body.contains(&format!(r#"<td data-label="{label}">"#)),
            "{label}"
        );
    }
    let round = app.get(Some(&admin), &format!("/progress/{y}/full")).await;
    assert_eq!(
        round
            .body
            .matches(r#"<table class="cards-on-phone">"#)
            .count(),
        2
    );
    for label in ["มาตรการ/กิจกรรม", "สถานะ", "ปรับปรุงล่าสุด", "ส่วนราชการ"]
    {
        assert!(
            round
                .body
                .contains(&format!(r#"<td data-label="{label}">"#)),
            "{label}"
        );
    }
}

#[tokio::test]
async fn an_old_plans_measures_document_is_dated_by_the_plan_never_today() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    // The 2566 plan answers the seeded 2565 result; its fiscal year is over.
    let old = 2566;
    let topic = add_topic(&app, &admin, old, "ประเด็นของแผนเก่า").await;
    add_measure(
        &app,
        &admin,
        old,
        topic,
        "มาตรการของแผนเก่า",
        app.a.department.id,
    )
    .await;
    let today = format_date_long(today_in_thailand(), app.a.agency.thai_digits);
    let made_on = async || {
        let page = app
            .get(
                Some(&admin),
                &format!("/documents/{old}/measures?format=docx"),
            )
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let text = prongsai_testkit::files::docx_body_text(&page.bytes);
        let at = text.find("จัดทำเมื่อ").expect(&text);
        text[at..].lines().next().unwrap_or_default().to_owned()
    };
    let line = made_on().await;
    assert_eq!(
        line,
        format!("จัดทำเมื่อ ปีงบประมาณ พ.ศ. {old}"),
        "without a memo"
    );
    assert!(!line.contains(&today));

    let memo = PlanMemo {
        agency_id: app.a.agency.id,
        fiscal_year: old,
        from_unit: "สำนักปลัด".to_owned(),
        number: String::new(),
        date: NaiveDate::from_ymd_opt(2022, 10, 31),
        subject: "มาตรการ".to_owned(),
        to: "นายก".to_owned(),
        body: vec!["แจ้งมาตรการ".to_owned()],
        signer: None,
        acknowledgers: vec![],
    };
    app.store
        .save_plan_memo(Actor { user_id: None }, &memo)
        .await
        .unwrap();
    assert_eq!(made_on().await, "จัดทำเมื่อ 31 ตุลาคม 2565", "the memo's date");
}

#[tokio::test]
async fn deleting_asks_first_and_says_what_goes() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let y = year();
    let topic = add_topic(&app, &admin, y, "ประเด็นที่จะลบ").await;
    let keep = add_measure(&app, &admin, y, topic, "มาตรการที่ยังอยู่", app.a.department.id).await;
    let gone = add_measure(&app, &admin, y, topic, "มาตรการที่จะลบ", app.a.department.id).await;
    let staff = app.login("staff.alpha").await;
    let confirm_url = format!("/plan/{y}/measures/{gone}/delete");
    assert_eq!(
        app.get(Some(&staff), &confirm_url).await.status,
        StatusCode::FORBIDDEN
    );
    let confirm = app.get(Some(&admin), &confirm_url).await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(confirm.body.contains("มาตรการที่จะลบ") && confirm.body.contains("ยืนยันการลบ"));
    assert!(
        app.store
            .get_measure(app.a.agency.id, gone)
            .await
            .unwrap()
            .is_some(),
        "the page alone deletes nothing"
    );
    let page = app.post(Some(&admin), &confirm_url, &[]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(
        app.store
            .get_measure(app.a.agency.id, gone)
            .await
            .unwrap()
            .is_none()
    );
    let plan = app.get(Some(&admin), &format!("/plan/{y}")).await;
    assert!(!plan.body.contains("มาตรการที่จะลบ") && plan.body.contains("มาตรการที่ยังอยู่"));

    let confirm = app
        .get(Some(&admin), &format!("/plan/{y}/topics/{topic}/delete"))
        .await;
    assert!(confirm.body.contains("ประเด็นที่จะลบ") && confirm.body.contains("มาตรการที่ยังอยู่"));
    let page = app
        .post(
            Some(&admin),
            &format!("/plan/{y}/topics/{topic}/delete"),
            &[],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(
        app.store
            .get_measure(app.a.agency.id, keep)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        app.store
            .list_topics(app.a.agency.id, y)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn an_empty_year_copies_the_previous_plan_and_the_dashboard_shows_the_round() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let y = year();
    let fy = FiscalYear::new(y);
    let topic = add_topic(&app, &admin, y, "ประเด็นของปีนี้").await;
    // A measure that ends on the first day of the year: overdue from the second.
    let first_day = format!("1/10/{}", y - 1);
    let fields = with(
        &measure_fields(topic, "มาตรการวันแรก", app.a.department.id),
        &[
            ("timeframe_kind", "dates"),
            ("date_start", &first_day),
            ("date_end", &first_day),
        ],
    );
    let page = post_fields(&app, &admin, &format!("/plan/{y}/measures"), &fields).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);

    let home = app.get(Some(&admin), "/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("href=\"/plan\"") && home.body.contains("href=\"/progress\""));
    assert!(home.body.contains("ประเด็นของปีนี้") && home.body.contains(&app.a.department.name));
    let overdue = today_in_thailand() > fy.start();
    assert_eq!(home.body.contains("มาตรการเลยกำหนด 1 รายการ"), overdue);
    if overdue {
        let round = app.get(Some(&admin), "/progress").await;
        let round = app
            .get(Some(&admin), round.location.as_deref().unwrap())
            .await;
        assert!(round.body.contains("class=\"status-not_started overdue\""));
        assert!(round.body.contains("เลยกำหนด"));
    }

    let next = y + 1;
    let empty = app.get(Some(&admin), &format!("/plan/{next}")).await;
    assert!(empty.body.contains(&format!("/plan/{next}/copy")));
    let page = app
        .post(Some(&admin), &format!("/plan/{next}/copy"), &[])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let copied = app.get(Some(&admin), &format!("/plan/{next}")).await;
    assert!(copied.body.contains("ประเด็นของปีนี้") && copied.body.contains("มาตรการวันแรก"));
    // A refused copy sends the browser back to the plan's own address (a
    // reload posts nothing), where the reason is shown.
    let page = app
        .post(Some(&admin), &format!("/plan/{next}/copy"), &[])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let back = page.location.unwrap();
    assert!(back.starts_with(&format!("/plan/{next}?")), "{back}");
    assert!(
        app.get(Some(&admin), &back)
            .await
            .body
            .contains("มีประเด็นอยู่แล้ว")
    );
    let empty_year = y + 5;
    let page = app
        .post(Some(&admin), &format!("/plan/{empty_year}/copy"), &[])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let back = page.location.unwrap();
    assert!(back.starts_with(&format!("/plan/{empty_year}?")), "{back}");
    let shown = app.get(Some(&admin), &back).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(
        shown
            .body
            .contains(&format!("ปีงบประมาณ {} ไม่มีมาตรการให้คัดลอก", empty_year - 1))
    );
    assert!(
        app.store
            .list_topics(app.a.agency.id, empty_year)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn junk_in_the_measure_forms_never_gives_a_server_error() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let y = year();
    let topic = add_topic(&app, &admin, y, "ประเด็น").await;
    let id = add_measure(&app, &admin, y, topic, "มาตรการ", app.a.department.id).await;
    let long = "ก".repeat(5000);
    let nasty = [
        "",
        "\0",
        "\u{1}",
        "<script>alert(1)</script>",
        "-1",
        "1e309",
        "99999999999999999999",
        "31/2/2569",
        long.as_str(),
    ];
    let fields = [
        "catalog_key",
        "title",
        "topic_id",
        "timeframe_kind",
        "quarter_first",
        "date_start",
        "targets.0.quantity",
        "targets.99999.text",
        "version",
        "offset",
    ];
    let paths = [
        format!("/plan/{y}/topics"),
        format!("/plan/{y}/topics/{topic}"),
        format!("/plan/{y}/measures"),
        format!("/plan/{y}/measures/{id}"),
        format!("/plan/{y}/measures/{id}/move"),
    ];
    for path in &paths {
        for value in nasty {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|f| (*f, value)).collect();
            let page = app.post(Some(&admin), path, &pairs).await;
            assert!(
                !page.status.is_server_error() && !page.body.contains("<script>alert(1)</script>"),
                "POST {path} with {:?} gave {}",
                value.chars().take(20).collect::<String>(),
                page.status
            );
        }
    }
    let report = format!("/progress/{y}/half/{id}");
    for value in nasty {
        let pairs = [
            ("version", value),
            ("status", value),
            ("results.0.text", value),
            ("achieved.0", value),
            ("results.0.links.0.url", value),
            ("results.0.files", value),
            ("file_result", value),
            ("add", value),
        ];
        let page = app
            .post_multipart(
                &admin,
                &report,
                &pairs,
                Some(("file", value, value.as_bytes())),
            )
            .await;
        assert!(
            !page.status.is_server_error(),
            "POST {report} with {:?} gave {}",
            value.chars().take(20).collect::<String>(),
            page.status
        );
    }
    assert_eq!(
        app.get(Some(&admin), &format!("/plan/{y}")).await.status,
        StatusCode::OK
    );
}

/// A report of several results, each with its own links: `results` is (text,
/// links) per form row, blank rows included as a browser posts them.
fn results_report(results: &[(&str, &[&str])]) -> Vec<(String, String)> {
    let mut fields = vec![
        ("version".to_owned(), "0".to_owned()),
        ("status".to_owned(), "done".to_owned()),
        ("outcome".to_owned(), "ประชาชนเชื่อมั่นมากขึ้น".to_owned()),
        ("achieved.0".to_owned(), "๗๒".to_owned()),
    ];
    for (i, (text, links)) in results.iter().enumerate() {
        fields.push((format!("results.{i}.text"), (*text).to_owned()));
        for (j, url) in links.iter().enumerate() {
            let label = if url.is_empty() {
                String::new()
            } else {
                format!("หลักฐาน {j}")
            };
            fields.push((format!("results.{i}.links.{j}.url"), (*url).to_owned()));
            fields.push((format!("results.{i}.links.{j}.label"), label));
        }
    }
    fields
}

/// The administrator, the year and a new measure of the first department.
async fn measure_to_report(app: &TestApp, title: &str) -> (Browser, i32, MeasureId) {
    let admin = app.login(&app.a.admin.username).await;
    let y = year();
    let topic = add_topic(app, &admin, y, "ประเด็น").await;
    let id = add_measure(app, &admin, y, topic, title, app.a.department.id).await;
    (admin, y, id)
}

async fn post_owned(
    app: &TestApp,
    browser: &Browser,
    url: &str,
    fields: &[(String, String)],
    file: Option<(&str, &[u8])>,
) -> Page {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    app.post_multipart(browser, url, &pairs, file.map(|(n, b)| ("file", n, b)))
        .await
}

#[tokio::test]
async fn several_results_keep_their_own_links_through_the_form() {
    let app = common::app().await;
    let (admin, y, id) = measure_to_report(&app, "มาตรการหลายผล").await;
    let url = format!("/progress/{y}/full/{id}");
    let fields = results_report(&[
        (
            "จัดอบรม ๓ ครั้ง",
            &[
                "https://www.alpha.go.th/news/1",
                "https://www.alpha.go.th/news/2",
            ],
        ),
        ("ประกาศนโยบายแล้ว", &[]),
        ("", &[""]),
        ("เผยแพร่คู่มือ", &["https://www.alpha.go.th/manual"]),
    ]);
    let page = post_owned(&app, &admin, &url, &fields, None).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let saved = app
        .store
        .get_progress(app.a.agency.id, id, ReportingRound::FullYear)
        .await
        .unwrap()
        .unwrap();
    let texts: Vec<&str> = saved.results.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts, ["จัดอบรม ๓ ครั้ง", "ประกาศนโยบายแล้ว", "เผยแพร่คู่มือ"]);
    let links: Vec<usize> = saved.results.iter().map(|r| r.links.len()).collect();
    assert_eq!(links, [2, 0, 1]);
    assert_eq!(
        saved.results[2].links[0].url,
        "https://www.alpha.go.th/manual"
    );
    assert_eq!(saved.achieved, [Some(72.0)]);

    // The form shows each result with its own links, a blank link row under
    // each, a blank result after them, and the rows' templates for scripts.
    let form = app.get(Some(&admin), &url).await;
    assert!(
        in_order(
            &form.body,
            &[
                "จัดอบรม ๓ ครั้ง",
                &html("https://www.alpha.go.th/news/2"),
                "name=\"results.0.links.2.url\"",
                "ประกาศนโยบายแล้ว",
                "name=\"results.1.links.0.url\"",
                "เผยแพร่คู่มือ",
                &html("https://www.alpha.go.th/manual"),
                "name=\"results.3.text\"",
                "<template id=\"link-template\">",
            ]
        ),
        "{}",
        form.body
    );
    assert!(!form.body.contains("name=\"results.4.text\""));
    assert!(
        form.body
            .contains("<script src=\"/static/rows.js\" defer></script>")
    );
    let script = app.get(Some(&admin), "/static/rows.js").await;
    assert_eq!(script.status, StatusCode::OK);
    assert!(script.body.contains("data-add"));

    // The report of the round with links: each link under its own result,
    // then the target with what was achieved.
    let round = app.get(Some(&admin), &format!("/progress/{y}/half")).await;
    assert!(
        round
            .body
            .contains("half-year-report?format=pdf&amp;links=1")
    );
    let pdf = app
        .get(
            Some(&admin),
            &format!("/documents/{y}/half-year-report?format=pdf&round=full&links=1"),
        )
        .await;
    assert_eq!(pdf.status, StatusCode::OK);
    if let Some(text) = prongsai_testkit::files::pdf_text_if_installed(&pdf.bytes) {
        let text = prongsai_testkit::files::without_spaces(&text.replace('\u{200b}', ""));
        let mut from = 0;
        for needle in [
            "1.จัดอบรม๓ครั้ง",
            "หลักฐาน0:https://www.alpha.go.th/news/1",
            "https://www.alpha.go.th/news/2",
            "2.ประกาศนโยบายแล้ว",
            "3.เผยแพร่คู่มือ",
            "https://www.alpha.go.th/manual",
            "เป้าหมาย:จัดอบรม3ครั้งผลที่ได้:72ครั้ง",
        ] {
            let at = text[from..]
                .find(needle)
                .unwrap_or_else(|| panic!("{needle} missing or out of order: {text}"));
            from += at + needle.len();
        }
    }
}

#[tokio::test]
async fn adding_a_row_without_scripts_saves_and_comes_back_with_the_row() {
    let app = common::app().await;
    let (admin, y, id) = measure_to_report(&app, "มาตรการหลายลิงก์").await;
    let url = format!("/progress/{y}/half/{id}");
    let mut fields = results_report(&[("จัดอบรม", &["https://www.alpha.go.th/1"])]);
    fields.push(("add".to_owned(), "results.0.links".to_owned()));
    let page = post_owned(&app, &admin, &url, &fields, None).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let to = page.location.unwrap();
    assert!(to.ends_with("&add=results.0.links#result-0"), "{to}");
    let saved = app
        .store
        .get_progress(app.a.agency.id, id, ReportingRound::HalfYear)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(saved.results[0].links.len(), 1, "what was typed is saved");
    // The stored link, the usual blank row and the row asked for.
    let form = app.get(Some(&admin), &to).await;
    assert!(form.body.contains("name=\"results.0.links.2.url\""));
    assert!(!form.body.contains("name=\"results.0.links.3.url\""));

    // A result asked for while something is wrong: the form comes back with
    // the message, everything typed and the new result.
    let mut fields = results_report(&[
        (
            "จัดอบรม",
            &["https://www.alpha.go.th/1", "ftp://www.alpha.go.th/x"],
        ),
        ("", &[""]),
    ]);
    fields[0].1 = saved.version.to_string();
    fields.push(("add".to_owned(), "results".to_owned()));
    let page = post_owned(&app, &admin, &url, &fields, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("id=\"e-results-0-links-1-url\""),
        "{}",
        page.body
    );
    assert!(page.body.contains(&html("ftp://www.alpha.go.th/x")));
    assert!(page.body.contains("name=\"results.2.text\""));
}

#[tokio::test]
async fn bad_results_keep_what_was_typed_with_a_thai_message_at_the_row() {
    let app = common::app().await;
    let (admin, y, id) = measure_to_report(&app, "มาตรการผิด").await;
    let url = format!("/progress/{y}/half/{id}");
    let fields = results_report(&[
        ("ผลข้อแรก", &["https://www.alpha.go.th/ok"]),
        ("ผลข้อสอง", &["", "javascript:alert(1)"]),
    ]);
    let page = post_owned(&app, &admin, &url, &fields, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("id=\"e-results-1-links-1-url\">"),
        "the message at its row: {}",
        page.body
    );
    for kept in [
        "ผลข้อแรก",
        "https://www.alpha.go.th/ok",
        "ผลข้อสอง",
        "javascript:alert(1)",
    ] {
        assert!(page.body.contains(&html(kept)), "{kept} was lost");
    }
    // Done without a result: the message is at the first result.
    let fields = results_report(&[(" ", &[]), ("", &[""])]);
    let page = post_owned(&app, &admin, &url, &fields, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&format!(
        "id=\"e-results-0-text\">{}",
        prongsai_core::measures::RESULT_REQUIRED_TH
    )));
    assert!(page.body.contains("ประชาชนเชื่อมั่นมากขึ้น"), "the outcome stays");
    assert!(
        app.store
            .get_progress(app.a.agency.id, id, ReportingRound::HalfYear)
            .await
            .unwrap()
            .is_none(),
        "nothing saved"
    );
}

#[tokio::test]
async fn a_file_belongs_to_the_result_it_was_attached_to() {
    let app = common::app().await;
    let (admin, y, id) = measure_to_report(&app, "มาตรการมีไฟล์").await;
    let url = format!("/progress/{y}/half/{id}");
    let mut fields = results_report(&[("ผลข้อแรก", &[]), ("ผลข้อสอง", &[])]);
    fields.push(("file_result".to_owned(), "1".to_owned()));
    let page = post_owned(&app, &admin, &url, &fields, Some(("ภาพ.pdf", PDF))).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let saved = app
        .store
        .get_progress(app.a.agency.id, id, ReportingRound::HalfYear)
        .await
        .unwrap()
        .unwrap();
    let files = app
        .store
        .list_evidence_files(app.a.agency.id, y, ReportingRound::HalfYear)
        .await
        .unwrap();
    assert_eq!(files.len(), 1);
    assert!(saved.results[0].files.is_empty());
    assert_eq!(saved.results[1].files, [files[0].id]);
    let form = app.get(Some(&admin), &url).await;
    assert!(form.body.contains(&format!(
        "name=\"results.1.files\" value=\"{}\"",
        files[0].id
    )));
    assert!(
        in_order(&form.body, &["ภาพ.pdf", "<td>ผลข้อที่ 2</td>"]),
        "the file is listed with its result"
    );

    // Saving again keeps the file with its result; a second file for the
    // entry as a whole belongs to none.
    let mut fields = results_report(&[("ผลข้อแรก", &[]), ("ผลข้อสอง", &[])]);
    fields[0].1 = saved.version.to_string();
    fields.push(("results.1.files".to_owned(), files[0].id.to_string()));
    let page = post_owned(&app, &admin, &url, &fields, Some(("รวม.pdf", PDF))).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let again = app
        .store
        .get_progress(app.a.agency.id, id, ReportingRound::HalfYear)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.results[1].files, [files[0].id]);
    assert_eq!(
        again.results.iter().map(|r| r.files.len()).sum::<usize>(),
        1
    );
}

#[tokio::test]
async fn a_measure_without_steps_is_saved() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let y = year();
    let topic = add_topic(&app, &admin, y, "ประเด็น").await;
    let fields = with(
        &measure_fields(topic, "มาตรการไม่มีขั้นตอน", app.a.department.id),
        &[("steps", "")],
    );
    let page = post_fields(&app, &admin, &format!("/plan/{y}/measures"), &fields).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let measures = app.store.list_measures(app.a.agency.id, y).await.unwrap();
    assert_eq!(measures.len(), 1);
    assert!(measures[0].steps.is_empty());
}
