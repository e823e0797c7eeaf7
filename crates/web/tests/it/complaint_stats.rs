//! The complaint statistics page and its downloads: counts of the cases stored
//! for the year (another agency's not among them), corruption counts withheld
//! below the threshold for every reader, PDF/XLSX/CSV attachments with their
//! content types, the CSV's byte-order mark, a year typed wrong kept at its field.

use crate::common;

use axum::http::{StatusCode, header};
use chrono::{DateTime, Duration, TimeZone, Utc};
use prongsai_core::complaints::tracking::TrackingCode;
use prongsai_core::complaints::{Case, CaseKind, CaseStatus, Channel, due_on};
use prongsai_core::model::{AgencyId, CaseId, DepartmentId, Role};
use prongsai_store::{Actor, NewCase};
use prongsai_testkit::http::{Page, TestApp};

/// Fiscal year 2568: October 2024 to September 2025.
const YEAR: i32 = 2568;

fn received(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, day, 3, 0, 0).unwrap()
}

fn case(
    agency: AgencyId,
    kind: CaseKind,
    channel: Channel,
    day: u32,
    department: Option<DepartmentId>,
    answered: bool,
) -> NewCase {
    let at = received(day);
    let answered_at = answered.then(|| at + Duration::days(3));
    NewCase {
        case: Case {
            agency_id: agency,
            id: CaseId::new(),
            kind,
            channel,
            fiscal_year: YEAR,
            number: 0,
            code_hash: TrackingCode::random().lookup_hash(),
            status: if answered {
                CaseStatus::Resolved
            } else {
                CaseStatus::Received
            },
            subject: "ถนนในหมู่บ้านชำรุด".to_owned(),
            details: "รายละเอียดสำหรับการทดสอบ".to_owned(),
            place: String::new(),
            contact_sealed: None,
            consent: true,
            received_at: at,
            due_on: due_on(at, 15),
            department_id: department,
            outcome_note: String::new(),
            answered_at,
            first_reply_at: None,
            closed_at: None,
            purged_at: None,
            version: 0,
        },
        attachments: Vec::new(),
    }
}

/// Agency A: six complaints (four online, one answered in time, and two by
/// telephone, one assigned to its department) and seven corruption reports
/// (five online, two by telephone); agency B: one complaint by letter.
async fn seed(app: &TestApp) {
    let a = app.a.agency.id;
    let department = Some(app.a.department.id);
    let mut cases = vec![
        case(a, CaseKind::Complaint, Channel::Online, 3, None, true),
        case(a, CaseKind::Complaint, Channel::Online, 4, None, false),
        case(a, CaseKind::Complaint, Channel::Online, 5, None, false),
        case(a, CaseKind::Complaint, Channel::Online, 6, None, false),
        case(
            a,
            CaseKind::Complaint,
            Channel::Telephone,
            7,
            department,
            false,
        ),
        case(a, CaseKind::Complaint, Channel::Telephone, 8, None, false),
    ];
    for day in 10..15 {
        cases.push(case(
            a,
            CaseKind::Corruption,
            Channel::Online,
            day,
            None,
            false,
        ));
    }
    for day in 15..17 {
        cases.push(case(
            a,
            CaseKind::Corruption,
            Channel::Telephone,
            day,
            None,
            false,
        ));
    }
    cases.push(case(
        app.b.agency.id,
        CaseKind::Complaint,
        Channel::Letter,
        3,
        None,
        false,
    ));
    for new in &cases {
        app.store.create_case(Actor::default(), new).await.unwrap();
    }
}

/// The HTML of the section of one kind (1 complaints, 2 corruption).
fn section(body: &str, index: usize) -> &str {
    let start = body
        .find(&format!("id=\"kind-{index}\""))
        .unwrap_or_else(|| panic!("no section {index}"));
    let rest = &body[start..];
    &rest[..rest.find("</section>").unwrap()]
}

fn row(label: &str, count: &str) -> String {
    format!("<tr><td>{label}</td><td class=\"num\">{count}</td></tr>")
}

fn header_of(page: &Page, name: header::HeaderName) -> &str {
    page.headers.get(name).map_or("", |v| v.to_str().unwrap())
}

#[tokio::test]
async fn the_page_counts_the_year_and_withholds_small_corruption_counts() {
    let app = common::app().await;
    seed(&app).await;
    let admin = app.login(&app.a.admin.username).await;
    let page = app
        .get(Some(&admin), &format!("/complaints/statistics?year={YEAR}"))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let complaints = section(&page.body, 1);
    assert!(
        complaints.contains("<dd class=\"total\">6</dd>"),
        "{complaints}"
    );
    assert!(complaints.contains(&row("เว็บไซต์ (ออนไลน์)", "4")));
    assert!(complaints.contains(&row("โทรศัพท์", "2")));
    assert!(
        complaints.contains(&row("หนังสือ&#x2f;จดหมาย", "0")),
        "agency B's letter is not counted"
    );
    assert!(complaints.contains(&row(&app.a.department.name, "1")));
    assert!(complaints.contains(&row("ยังไม่ได้มอบหมาย", "5")));
    assert!(complaints.contains(&row("มีนาคม 2568", "6")));
    assert!(complaints.contains("<dd class=\"on-time\">100.00</dd>"));

    let corruption = section(&page.body, 2);
    assert!(corruption.contains("<dd class=\"total\">7</dd>"));
    assert!(
        corruption.contains(&row("โทรศัพท์", "น้อยกว่า 5")),
        "{corruption}"
    );
    assert!(!corruption.contains(&row("โทรศัพท์", "2")));
    // Shown with the 2 hidden, 5 would give it back from the total of 7.
    assert!(corruption.contains(&row("เว็บไซต์ (ออนไลน์)", "ไม่เปิดเผย")));
    assert!(page.body.contains("แสดงแบบคุ้มครองผู้แจ้งสำหรับผู้ใช้ทุกคน"));
    for format in ["pdf", "xlsx", "csv"] {
        assert!(page.body.contains(&format!(
            "/complaints/statistics/{YEAR}/download?format={format}"
        )));
    }

    // Every role of the agency reads the same protected figures.
    app.add_user(app.a.agency.id, "exec.alpha", Role::Executive, None)
        .await;
    app.add_user(
        app.a.agency.id,
        "head.alpha",
        Role::DepartmentHead,
        Some(app.a.department.id),
    )
    .await;
    for username in ["exec.alpha", "head.alpha", "staff.alpha"] {
        let browser = app.login(username).await;
        let page = app
            .get(
                Some(&browser),
                &format!("/complaints/statistics?year={YEAR}"),
            )
            .await;
        assert_eq!(page.status, StatusCode::OK, "{username}");
        assert!(
            section(&page.body, 2).contains(&row("โทรศัพท์", "น้อยกว่า 5")),
            "{username}"
        );
    }
    let anonymous = app
        .get(None, &format!("/complaints/statistics?year={YEAR}"))
        .await;
    assert_ne!(anonymous.status, StatusCode::OK);
    assert!(!anonymous.body.contains("น้อยกว่า"));

    // Agency B sees only its own letter.
    let other = app.login(&app.b.admin.username).await;
    let page = app
        .get(Some(&other), &format!("/complaints/statistics?year={YEAR}"))
        .await;
    assert!(section(&page.body, 1).contains("<dd class=\"total\">1</dd>"));
    assert!(section(&page.body, 2).contains("<dd class=\"total\">0</dd>"));
}

#[tokio::test]
async fn downloads_are_attachments_with_their_content_types() {
    let app = common::app().await;
    seed(&app).await;
    let admin = app.login(&app.a.admin.username).await;
    for (format, kind, magic) in [
        ("pdf", "application/pdf", &b"%PDF-"[..]),
        (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &b"PK"[..],
        ),
        ("csv", "text/csv; charset=utf-8", &b"\xEF\xBB\xBF"[..]),
    ] {
        let path = format!("/complaints/statistics/{YEAR}/download?format={format}");
        let page = app.get(Some(&admin), &path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
        assert_eq!(header_of(&page, header::CONTENT_TYPE), kind, "{path}");
        assert_eq!(
            header_of(&page, header::CONTENT_DISPOSITION),
            format!("attachment; filename=\"complaint-statistics-{YEAR}.{format}\"")
        );
        let bytes = download_bytes(&app, &admin, &path).await;
        assert!(bytes.starts_with(magic), "{path}");
    }
    let csv = download_bytes(
        &app,
        &admin,
        &format!("/complaints/statistics/{YEAR}/download?format=csv"),
    )
    .await;
    let text = std::str::from_utf8(&csv[3..]).unwrap();
    assert!(text.starts_with("ประเภทเรื่อง,จำแนกตาม,รายการ,จำนวน\r\n"));
    assert!(text.contains("เรื่องร้องเรียน/ร้องทุกข์,รวม,ทั้งหมด,6\r\n"));
    assert!(text.contains("เรื่องร้องเรียนการทุจริตและประพฤติมิชอบ,ช่องทาง,โทรศัพท์,น้อยกว่า 5\r\n"));
    assert!(!text.contains("เรื่องร้องเรียนการทุจริตและประพฤติมิชอบ,ช่องทาง,โทรศัพท์,2\r\n"));

    let docx = app
        .get(
            Some(&admin),
            &format!("/complaints/statistics/{YEAR}/download?format=docx"),
        )
        .await;
    assert_eq!(docx.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = app
        .get(
            Some(&admin),
            &format!("/complaints/statistics/{YEAR}/download?format=odt"),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let bad_year = app
        .get(
            Some(&admin),
            "/complaints/statistics/abc/download?format=pdf",
        )
        .await;
    assert_eq!(bad_year.status, StatusCode::NOT_FOUND);
}

/// The body of a download as bytes (the harness reads bodies as text).
async fn download_bytes(
    app: &TestApp,
    browser: &prongsai_testkit::http::Browser,
    path: &str,
) -> Vec<u8> {
    let req = axum::http::Request::get(path)
        .header(header::COOKIE, &browser.cookie)
        .body(axum::body::Body::empty())
        .unwrap();
    let response = tower::ServiceExt::oneshot(app.router.clone(), req)
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec()
}

#[tokio::test]
async fn a_year_typed_wrong_is_kept_at_its_field_with_a_thai_message() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let page = app
        .get(
            Some(&admin),
            "/complaints/statistics?year=%E0%B8%AA%E0%B8%AD%E0%B8%87",
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("value=\"สอง\""), "{}", page.body);
    assert!(page.body.contains("id=\"e-year\""));
    assert!(page.body.contains("กรุณากรอกปีงบประมาณ พ.ศ. เป็นตัวเลข"));
    assert!(!page.body.contains("id=\"kind-1\""));

    // Thai digits are a year like any other; no year is the current one.
    let page = app
        .get(
            Some(&admin),
            "/complaints/statistics?year=%E0%B9%92%E0%B9%95%E0%B9%96%E0%B9%98",
        )
        .await;
    assert!(page.body.contains("ประจำปีงบประมาณ พ.ศ. 2568"));
    let page = app.get(Some(&admin), "/complaints/statistics").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"kind-2\""));
}
