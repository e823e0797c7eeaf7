//! The agency's records over HTTP: the corruption-risk assessment (register,
//! levels, heat map, bands, refused scores), orders (committees through the
//! form, duplicate numbers, copies, downloads) and memos (acknowledgements),
//! other agencies' ids and who may write.

use crate::common;
use prongsai_testkit::files::{pdf_words, without_spaces};

use axum::http::{StatusCode, header};
use prongsai_core::correspondence::MemberRole;
use prongsai_core::model::{MemoId, OrderId, Role};
use prongsai_testkit::http::{Browser, Page, TestApp};

const YEAR: i32 = 2568;
const PDF: &str = "application/pdf";
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn with(fields: &[(String, String)], changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = fields
        .iter()
        .filter(|(k, _)| !changes.iter().any(|(c, _)| c == k))
        .cloned()
        .collect();
    out.extend(owned(changes));
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

/// Text as the auto-escaping templates write it.
fn html(text: &str) -> String {
    text.replace('&', "&amp;").replace('/', "&#x2f;")
}

fn content_type(page: &Page) -> &str {
    page.headers
        .get(header::CONTENT_TYPE)
        .map_or("", |v| v.to_str().unwrap())
}

/// The body of a download, as bytes.
async fn download(app: &TestApp, browser: &Browser, path: &str) -> (StatusCode, String, Vec<u8>) {
    let req = axum::http::Request::get(path)
        .header(header::COOKIE, &browser.cookie)
        .body(axum::body::Body::empty())
        .unwrap();
    let response = tower::ServiceExt::oneshot(app.router.clone(), req)
        .await
        .unwrap();
    let status = response.status();
    let kind = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map_or(String::new(), |v| v.to_str().unwrap().to_owned());
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec();
    (status, kind, bytes)
}

async fn start_assessment(app: &TestApp, admin: &Browser) {
    let page = app
        .post(Some(admin), "/risk", &[("year", &YEAR.to_string())])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(
        page.location.as_deref(),
        Some(format!("/risk/{YEAR}").as_str())
    );
}

fn area_fields() -> Vec<(String, String)> {
    owned(&[
        ("version", "1"),
        ("process", "การจัดซื้อจัดจ้าง"),
        ("events.0.text", "เรียกรับผลประโยชน์จากผู้รับจ้าง"),
        ("events.0.likelihood", "4"),
        ("events.0.impact", "5"),
        ("events.0.level", ""),
        ("events.1.text", "ใช้รถราชการไปธุระส่วนตัว"),
        ("events.1.likelihood", ""),
        ("events.1.impact", ""),
        ("events.1.level", "medium"),
        ("events.2.text", "ฮั้วประมูล"),
        ("events.2.likelihood", "๔"),
        ("events.2.impact", "๕"),
        ("events.2.level", ""),
        ("events.3.text", ""),
        ("events.3.likelihood", ""),
        ("events.3.impact", ""),
        ("events.3.level", ""),
        ("controls.0.text", "เผยแพร่ข้อมูลการจัดซื้อจัดจ้างทุกโครงการ"),
        ("controls.0.project", ""),
        ("controls.0.measure", ""),
        ("controls.0.status", "in_progress"),
        ("controls.0.follow_up", "เผยแพร่แล้วครึ่งปีแรก"),
        ("controls.1.text", ""),
        ("controls.1.status", "not_started"),
        ("controls.1.follow_up", ""),
    ])
}

#[tokio::test]
async fn an_assessment_shows_levels_from_scores_and_entered_levels_and_its_heat_map() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    start_assessment(&app, &admin).await;
    let path = format!("/risk/{YEAR}/areas");

    // "เพิ่มแถว" shows what was typed with one more blank row, and saves nothing.
    let more = post_fields(
        &app,
        &admin,
        &path,
        &with(&area_fields(), &[("add", "events")]),
    )
    .await;
    assert_eq!(more.status, StatusCode::OK);
    assert!(more.body.contains("name=\"events.4.text\""));
    assert!(!more.body.contains("name=\"events.5.text\""));
    assert!(more.body.contains("value=\"ฮั้วประมูล\""));
    let stored = app.store.get_risk_assessment(app.a.agency.id, YEAR).await;
    assert!(stored.unwrap().unwrap().areas.is_empty());

    let page = post_fields(&app, &admin, &path, &area_fields()).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let stored = app
        .store
        .get_risk_assessment(app.a.agency.id, YEAR)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.areas.len(), 1);
    assert_eq!(
        stored.areas[0].events.len(),
        3,
        "the blank row is not saved"
    );
    assert_eq!(stored.areas[0].controls.len(), 1);

    let view = app.get(Some(&admin), &format!("/risk/{YEAR}")).await;
    assert_eq!(view.status, StatusCode::OK);
    assert!(view.body.contains("level-very_high\">สูงมาก"));
    assert!(view.body.contains("level-medium\">ปานกลาง"));
    assert!(view.body.contains("กำหนดระดับโดยตรง"));
    assert!(view.body.contains("4 × 5"));
    assert!(view.body.contains("อยู่ระหว่างดำเนินการ"));
    assert!(view.body.contains("เผยแพร่แล้วครึ่งปีแรก"));
    assert!(view.body.contains("<svg"));
    assert!(
        view.body
            .contains("โอกาส 4 ผลกระทบ 5 คะแนน 20 ระดับสูงมาก: 2 ประเด็น"),
        "two scored events in one cell of the heat map"
    );
    // The event typed as medium is counted at 2 × 2, not left off the map.
    assert!(
        view.body
            .contains("โอกาส 2 ผลกระทบ 2 คะแนน 4 ระดับปานกลาง: 1 ประเด็น"),
        "the levelled event is on the heat map"
    );
    assert!(
        view.body
            .contains("ประเด็นความเสี่ยงที่กำหนดระดับโดยตรง 1 ประเด็น นับอยู่ในช่อง")
    );
    for (level, count) in [("very_high", 2), ("medium", 1), ("low", 0)] {
        let row = format!("level-row-{level}\">");
        let at = view.body.find(&row).expect("level row") + row.len();
        let rest = &view.body[at..];
        let cells: Vec<&str> = rest.split("<td class=\"num\">").skip(2).take(1).collect();
        assert!(
            cells[0].starts_with(&format!("{count}<")),
            "{level}: {}",
            &cells[0][..20]
        );
    }

    // Bands: a lower top band moves score 20 down, one that stops short of 25 is refused.
    let bands = format!("/risk/{YEAR}/bands");
    let refused = app
        .post(
            Some(&admin),
            &bands,
            &[
                ("version", "2"),
                ("band_low", "3"),
                ("band_very_high", "20"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::OK);
    assert!(refused.body.contains("ช่วงสุดท้ายของเกณฑ์ต้องสิ้นสุดที่ 25 คะแนน"));
    let saved = app
        .post(
            Some(&admin),
            &bands,
            &[
                ("version", "2"),
                ("band_low", "5"),
                ("band_medium", "10"),
                ("band_high", "25"),
                ("band_very_high", ""),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let view = app.get(Some(&admin), &format!("/risk/{YEAR}")).await;
    assert!(view.body.contains("คะแนน 20 ระดับสูง: 2 ประเด็น"));

    // Deleting the area goes through a confirmation.
    let area = stored.areas[0].id;
    let confirm = app
        .get(Some(&admin), &format!("/risk/{YEAR}/areas/{area}/delete"))
        .await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(confirm.body.contains("การจัดซื้อจัดจ้าง"));
    let deleted = app
        .post(
            Some(&admin),
            &format!("/risk/{YEAR}/areas/{area}/delete"),
            &[],
        )
        .await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER);
    let stored = app
        .store
        .get_risk_assessment(app.a.agency.id, YEAR)
        .await
        .unwrap()
        .unwrap();
    assert!(stored.areas.is_empty());
}

#[tokio::test]
async fn likelihood_zero_or_six_is_refused_at_its_field_with_the_rest_kept() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    start_assessment(&app, &admin).await;
    let fields = with(
        &area_fields(),
        &[("events.0.likelihood", "0"), ("events.2.likelihood", "๖")],
    );
    let page = post_fields(&app, &admin, &format!("/risk/{YEAR}/areas"), &fields).await;
    assert_eq!(page.status, StatusCode::OK);
    for row in [0, 2] {
        let marker = format!("id=\"e-events.{row}.likelihood\">โอกาสต้องเป็นตัวเลข 1 ถึง 5");
        assert!(page.body.contains(&marker), "row {row}");
    }
    assert!(!page.body.contains("id=\"e-events.1.likelihood\""));
    assert!(!page.body.contains("id=\"e-events.0.impact\""));
    assert!(page.body.contains("value=\"การจัดซื้อจัดจ้าง\""));
    assert!(page.body.contains("value=\"๖\""));
    assert!(page.body.contains("value=\"เผยแพร่แล้วครึ่งปีแรก\""));
    let stored = app
        .store
        .get_risk_assessment(app.a.agency.id, YEAR)
        .await
        .unwrap()
        .unwrap();
    assert!(stored.areas.is_empty(), "nothing saved");
}

fn order_fields(app: &TestApp, number: &str) -> Vec<(String, String)> {
    let official = app.a.official.id.to_string();
    owned(&[
        ("version", "0"),
        ("year", "2568"),
        ("number", number),
        (
            "subject",
            "แต่งตั้งคณะทำงานการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน",
        ),
        ("preamble", "เพื่อให้การประเมิน ITA เป็นไปด้วยความเรียบร้อย"),
        ("committees.0.title", "คณะทำงานอำนวยการ"),
        ("committees.0.duties", "ให้คำปรึกษา\nกำกับติดตาม"),
        ("committees.0.members.0.official", ""),
        (
            "committees.0.members.0.position",
            "นายกองค์การบริหารส่วนตำบลอัลฟา",
        ),
        ("committees.0.members.0.role", "chair"),
        ("committees.0.members.0.role_text", ""),
        ("committees.0.members.1.official", &official),
        ("committees.0.members.1.position", ""),
        ("committees.0.members.1.role", "secretary"),
        ("committees.0.members.1.role_text", ""),
        ("committees.0.members.2.official", ""),
        ("committees.0.members.2.position", ""),
        ("committees.0.members.2.role", "member"),
        ("committees.0.members.2.role_text", ""),
        ("committees.1.title", "คณะทำงานจัดเก็บข้อมูล"),
        ("committees.1.duties", "รวบรวมข้อมูล OIT"),
        ("committees.1.members.0.official", ""),
        ("committees.1.members.0.position", "หัวหน้าสำนักปลัด"),
        ("committees.1.members.0.role", "other"),
        ("committees.1.members.0.role_text", "หัวหน้าคณะทำงาน"),
        ("committees.1.members.1.official", ""),
        ("committees.1.members.1.position", "นักวิเคราะห์นโยบายและแผน"),
        ("committees.1.members.1.role", "other"),
        ("committees.1.members.1.role_text", "คณะทำงาน/เลขานุการ"),
        ("assignments.0.heading", "ผู้ดูแลระบบ"),
        ("assignments.0.people", "นักวิชาการคอมพิวเตอร์"),
        ("assignments.0.duty", "นำเข้าข้อมูล"),
        ("closing", "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป"),
        ("date", "1 ตุลาคม 2567"),
        ("signer_official", ""),
        ("signer_rank", "ว่าที่ร้อยตรี"),
        ("signer_name", "สมชาย ใจดี"),
        ("signer_position", "นายกองค์การบริหารส่วนตำบลอัลฟา"),
    ])
}

async fn create_order(app: &TestApp, admin: &Browser, number: &str) -> OrderId {
    let page = post_fields(app, admin, "/orders", &order_fields(app, number)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let location = page.location.unwrap();
    location
        .trim_start_matches("/orders/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn an_order_with_two_committees_round_trips_through_its_form_and_prints_its_members() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let new = app.get(Some(&admin), "/orders/new").await;
    assert_eq!(new.status, StatusCode::OK);
    assert!(
        new.body
            .contains("name=\"number\" type=\"text\" value=\"1\"")
    );

    // "เพิ่มคณะกรรมการ" gives a third committee and keeps what was typed.
    let more = post_fields(
        &app,
        &admin,
        "/orders",
        &with(&order_fields(&app, "12"), &[("add", "committee")]),
    )
    .await;
    assert_eq!(more.status, StatusCode::OK);
    assert!(more.body.contains("name=\"committees.2.title\""));
    assert!(more.body.contains("value=\"คณะทำงานจัดเก็บข้อมูล\""));
    assert!(
        app.store
            .list_orders(app.a.agency.id, None)
            .await
            .unwrap()
            .is_empty()
    );

    let id = create_order(&app, &admin, "12").await;
    let order = app.store.get_order(app.a.agency.id, id).await.unwrap();
    assert_eq!((order.year, order.number), (2568, 12));
    assert_eq!(order.committees.len(), 2);
    assert_eq!(
        order.committees[0].members.len(),
        2,
        "blank member row skipped"
    );
    assert_eq!(
        order.committees[0].members[1].official,
        Some(app.a.official.id)
    );
    assert_eq!(order.committees[0].members[1].role, MemberRole::Secretary);
    assert_eq!(
        order.committees[1].members[1].role,
        MemberRole::Custom("คณะทำงาน/เลขานุการ".into())
    );
    assert_eq!(order.committees[0].duties, vec!["ให้คำปรึกษา", "กำกับติดตาม"]);
    assert_eq!(order.signer.printed_name(), "ว่าที่ร้อยตรี สมชาย ใจดี");

    // The edit form holds the order; posting it back changes nothing.
    let edit = app.get(Some(&admin), &format!("/orders/{id}/edit")).await;
    assert_eq!(edit.status, StatusCode::OK);
    for text in [
        "คณะทำงานจัดเก็บข้อมูล",
        "หัวหน้าคณะทำงาน",
        &html("คณะทำงาน/เลขานุการ"),
        "1&#x2f;10&#x2f;2567",
    ] {
        assert!(edit.body.contains(&format!("value=\"{text}\"")), "{text}");
    }
    let again = post_fields(
        &app,
        &admin,
        &format!("/orders/{id}"),
        &with(&order_fields(&app, "12"), &[("version", "1")]),
    )
    .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
    let resaved = app.store.get_order(app.a.agency.id, id).await.unwrap();
    assert_eq!(
        resaved,
        prongsai_core::correspondence::Order {
            version: resaved.version,
            ..order
        }
    );

    let view = app.get(Some(&admin), &format!("/orders/{id}")).await;
    assert!(view.body.contains("12&#x2f;2568"));
    assert!(view.body.contains(&app.a.official.full_name()));

    let (status, kind, pdf) =
        download(&app, &admin, &format!("/orders/{id}/download?format=pdf")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, PDF);
    let text = pdf_words(&pdf);
    for member in [
        "หัวหน้าสำนักปลัด",
        "นักวิเคราะห์นโยบายและแผน",
        "คณะทำงานอำนวยการ",
        &app.a.official.full_name(),
    ] {
        assert!(
            text.contains(&without_spaces(member)),
            "{member} not in the PDF"
        );
    }
    let (status, kind, _) =
        download(&app, &admin, &format!("/orders/{id}/download?format=docx")).await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, DOCX));
}

#[tokio::test]
async fn a_number_used_in_the_year_is_refused_with_everything_kept_and_copies_take_the_next() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let first = create_order(&app, &admin, "5").await;
    let fields = with(&order_fields(&app, "๕"), &[("subject", "คำสั่งฉบับที่สอง")]);
    let page = post_fields(&app, &admin, "/orders", &fields).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("id=\"e-number\">เลขที่คำสั่งนี้ถูกใช้แล้วในปี 2568")
    );
    assert!(page.body.contains("value=\"คำสั่งฉบับที่สอง\""));
    assert!(page.body.contains("value=\"นักวิเคราะห์นโยบายและแผน\""));
    assert!(page.body.contains("value=\"๕\""));
    assert_eq!(
        app.store
            .list_orders(app.a.agency.id, None)
            .await
            .unwrap()
            .len(),
        1
    );

    let copy = app
        .get(Some(&admin), &format!("/orders/new?from={first}"))
        .await;
    assert_eq!(copy.status, StatusCode::OK);
    assert!(copy.body.contains("value=\"คณะทำงานจัดเก็บข้อมูล\""));
    let year: i32 =
        chrono::Datelike::year(&prongsai_core::thai::calendar::today_in_thailand()) + 543;
    let next = app
        .store
        .next_order_number(app.a.agency.id, year)
        .await
        .unwrap();
    assert!(
        copy.body
            .contains(&format!("name=\"number\" type=\"text\" value=\"{next}\""))
    );
    assert!(
        !copy.body.contains("1 ตุลาคม 2567"),
        "the date is not copied"
    );
}

async fn create_memo(app: &TestApp, admin: &Browser) -> MemoId {
    let department = app.a.department.id.to_string();
    let page = post_fields(
        app,
        admin,
        "/memos",
        &owned(&[
            ("version", "0"),
            ("year", "2568"),
            ("department", &department),
            ("from_unit", ""),
            ("number", "กบ ๘๑๒๐๑/๑๒๓"),
            ("date", "31/10/2567"),
            ("subject", "แจ้งมาตรการส่งเสริมคุณธรรม"),
            ("to", "ผู้อำนวยการกองทุกกอง"),
            ("body", "ขอแจ้งมาตรการ\r\n\r\nจึงเรียนมาเพื่อโปรดทราบ"),
            ("signer_official", &app.a.official.id.to_string()),
            ("signer_name", ""),
            ("signer_rank", ""),
            ("signer_position", ""),
        ]),
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    app.store.list_memos(app.a.agency.id, None).await.unwrap()[0].id
}

#[tokio::test]
async fn a_memo_lists_its_acknowledgements_in_order_once_per_person() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let staff = app.login("staff.alpha").await;
    let id = create_memo(&app, &admin).await;
    let memo = app.store.get_memo(app.a.agency.id, id).await.unwrap();
    assert_eq!(
        memo.from_unit,
        format!("{} {}", app.a.department.name, app.a.agency.name)
    );
    assert_eq!(memo.signer.name, app.a.official.full_name());

    let page = app.get(Some(&staff), &format!("/memos/{id}")).await;
    assert!(page.body.contains(">รับทราบ</button>"));
    let ack = format!("/memos/{id}/acknowledge");
    for (browser, position) in [(&staff, "นักจัดการงานทั่วไป"), (&admin, ""), (&staff, "ซ้ำ")]
    {
        let page = app
            .post(Some(browser), &ack, &[("position", position)])
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
    }
    let memo = app.store.get_memo(app.a.agency.id, id).await.unwrap();
    let names: Vec<&str> = memo
        .acknowledgements
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(names, vec!["ผู้ใช้ staff.alpha", "ผู้ใช้ admin.alpha"]);
    assert_eq!(memo.acknowledgements[0].position, "นักจัดการงานทั่วไป");

    let page = app.get(Some(&staff), &format!("/memos/{id}")).await;
    let staff_at = page.body.find("<td>ผู้ใช้ staff.alpha").unwrap();
    let admin_at = page.body.find("<td>ผู้ใช้ admin.alpha").unwrap();
    assert!(staff_at < admin_at);
    assert!(!page.body.contains(">รับทราบ</button>"));
    assert!(page.body.contains("ท่านรับทราบบันทึกข้อความนี้แล้ว"));

    let (status, kind, pdf) =
        download(&app, &staff, &format!("/memos/{id}/download?format=pdf")).await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, PDF));
    let text = pdf_words(&pdf);
    assert!(text.contains(&without_spaces("แจ้งมาตรการส่งเสริมคุณธรรม")));
    let (status, kind, _) =
        download(&app, &staff, &format!("/memos/{id}/download?format=docx")).await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, DOCX));
}

#[tokio::test]
async fn other_agencies_ids_answer_not_found() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    start_assessment(&app, &admin).await;
    let page = post_fields(&app, &admin, &format!("/risk/{YEAR}/areas"), &area_fields()).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let area = app
        .store
        .get_risk_assessment(app.a.agency.id, YEAR)
        .await
        .unwrap()
        .unwrap()
        .areas[0]
        .id;
    let order = create_order(&app, &admin, "7").await;
    let memo = create_memo(&app, &admin).await;

    let other = app.login(&app.b.admin.username).await;
    for path in [
        format!("/risk/{YEAR}"),
        format!("/risk/{YEAR}/areas/{area}"),
        format!("/orders/{order}"),
        format!("/orders/{order}/edit"),
        format!("/orders/{order}/download?format=pdf"),
        format!("/orders/new?from={order}"),
        format!("/memos/{memo}"),
        format!("/memos/{memo}/download?format=docx"),
    ] {
        let page = app.get(Some(&other), &path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!page.body.contains("การจัดซื้อจัดจ้าง"), "{path}");
    }
    for path in [
        format!("/memos/{memo}/acknowledge"),
        format!("/orders/{order}/delete"),
        format!("/risk/{YEAR}/areas/{area}/delete"),
    ] {
        let page = app.post(Some(&other), &path, &[]).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
    }
    let memo = app.store.get_memo(app.a.agency.id, memo).await.unwrap();
    assert!(memo.acknowledgements.is_empty());
    assert!(app.store.get_order(app.a.agency.id, order).await.is_ok());
    let orders = app.get(Some(&other), "/orders").await;
    assert!(!orders.body.contains(&order.to_string()));
}

#[tokio::test]
async fn executives_read_and_acknowledge_but_do_not_write() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    start_assessment(&app, &admin).await;
    let order = create_order(&app, &admin, "3").await;
    let memo = create_memo(&app, &admin).await;
    app.add_user(app.a.agency.id, "exec.alpha", Role::Executive, None)
        .await;
    let exec = app.login("exec.alpha").await;

    for path in [
        format!("/risk/{YEAR}"),
        "/orders".to_owned(),
        format!("/orders/{order}"),
        format!("/memos/{memo}"),
    ] {
        let page = app.get(Some(&exec), &path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(
            !page.body.contains("danger-link"),
            "{path} offers no delete"
        );
    }
    for path in [
        "/orders/new".to_owned(),
        format!("/orders/{order}/edit"),
        format!("/risk/{YEAR}/areas/new"),
        "/memos/new".to_owned(),
    ] {
        let page = app.get(Some(&exec), &path).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
    }
    let writes: Vec<(String, Vec<(String, String)>)> = vec![
        ("/risk".to_owned(), owned(&[("year", "2569")])),
        (format!("/risk/{YEAR}/areas"), area_fields()),
        (
            format!("/risk/{YEAR}/bands"),
            owned(&[("band_very_high", "25")]),
        ),
        ("/orders".to_owned(), order_fields(&app, "4")),
        (format!("/orders/{order}"), order_fields(&app, "3")),
        (format!("/orders/{order}/delete"), vec![]),
        (format!("/memos/{memo}/delete"), vec![]),
    ];
    for (path, fields) in writes {
        let page = post_fields(&app, &exec, &path, &fields).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(
        app.store
            .list_orders(app.a.agency.id, None)
            .await
            .unwrap()
            .len(),
        1
    );
    let page = app
        .post(Some(&exec), &format!("/memos/{memo}/acknowledge"), &[])
        .await;
    assert_eq!(
        page.status,
        StatusCode::SEE_OTHER,
        "anyone of the agency acknowledges"
    );
}

#[tokio::test]
async fn downloads_come_with_their_content_types() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let missing = app
        .get(Some(&admin), &format!("/risk/{YEAR}/download?format=pdf"))
        .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        missing
            .body
            .contains("ยังไม่มีการประเมินความเสี่ยงการทุจริตของปีงบประมาณ")
    );
    start_assessment(&app, &admin).await;
    let page = post_fields(&app, &admin, &format!("/risk/{YEAR}/areas"), &area_fields()).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    for (format, kind) in [("pdf", PDF), ("docx", DOCX), ("xlsx", XLSX)] {
        let path = format!("/risk/{YEAR}/download?format={format}");
        let page = app.get(Some(&admin), &path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert_eq!(content_type(&page), kind, "{path}");
        let disposition = page.headers.get(header::CONTENT_DISPOSITION).unwrap();
        assert!(
            disposition
                .to_str()
                .unwrap()
                .contains(&format!("risk-assessment-{YEAR}.{format}"))
        );
    }
    let (_, _, pdf) = download(&app, &admin, &format!("/risk/{YEAR}/download?format=pdf")).await;
    assert!(pdf_words(&pdf).contains(&without_spaces("เรียกรับผลประโยชน์จากผู้รับจ้าง")));
    let order = create_order(&app, &admin, "9").await;
    let xlsx = app
        .get(
            Some(&admin),
            &format!("/orders/{order}/download?format=xlsx"),
        )
        .await;
    assert_eq!(xlsx.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = app
        .get(
            Some(&admin),
            &format!("/orders/{order}/download?format=odt"),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}
