//! Staff case pages over HTTP: the list and its filters, staff entry (bad input
//! kept at its fields, a letter-channel case, its tracking code and files), the
//! workflow to closed, refused moves and stale versions, internal notes, who may
//! do what — above all that every corruption route refuses every role but the
//! corruption handler —, the audited opening of a corruption report, other
//! agencies' cases and the headers of a file download.

use crate::common;

use axum::http::{StatusCode, header};
use chrono::{Duration, Utc};
use prongsai_core::complaints::tracking::TrackingCode;
use prongsai_core::complaints::{
    Case, CaseKind, CaseStatus, Channel, MessageVisibility, SubmissionLimits, due_on,
};
use prongsai_core::model::{AgencyId, AuditAction, CaseId, DepartmentId, Role, User, UserId};
use prongsai_core::thai::calendar::{format_date_numeric, in_thailand};
use prongsai_core::thai::fiscal::FiscalYear;
use prongsai_store::{Actor, CaseFilter, NewCase};
use prongsai_testkit::http::{Browser, Page, TestApp};

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

/// A case of `agency` received `days_ago` days ago, stored through the store.
async fn seed_case(
    app: &TestApp,
    agency: AgencyId,
    kind: CaseKind,
    subject: &str,
    days_ago: i64,
    department: Option<DepartmentId>,
) -> Case {
    let received_at = Utc::now() - Duration::days(days_ago);
    let case = Case {
        agency_id: agency,
        id: CaseId::new(),
        kind,
        channel: Channel::Telephone,
        fiscal_year: FiscalYear::containing(in_thailand(received_at).date_naive()).be(),
        number: 0,
        code_hash: TrackingCode::random().lookup_hash(),
        status: if department.is_some() {
            CaseStatus::Assigned
        } else {
            CaseStatus::Received
        },
        subject: subject.to_owned(),
        details: format!("รายละเอียดของ{subject}"),
        place: "หมู่ 2".to_owned(),
        contact_sealed: None,
        consent: false,
        received_at,
        due_on: due_on(received_at, 15),
        department_id: department,
        outcome_note: String::new(),
        answered_at: None,
        first_reply_at: None,
        closed_at: None,
        purged_at: None,
        version: 1,
    };
    app.store
        .create_case(
            Actor::default(),
            &NewCase {
                case,
                attachments: Vec::new(),
            },
        )
        .await
        .unwrap()
}

async fn stored(app: &TestApp, case: &Case) -> Case {
    app.store
        .find_case(case.agency_id, case.id)
        .await
        .unwrap()
        .unwrap()
}

async fn cases_of(app: &TestApp, agency: AgencyId, kind: CaseKind) -> Vec<Case> {
    let filter = CaseFilter {
        kind: Some(kind),
        ..CaseFilter::default()
    };
    app.store.list_cases(agency, &filter).await.unwrap()
}

/// A user of agency A granted the corruption-handler permission.
async fn handler(app: &TestApp) -> (User, Browser) {
    let user = app
        .add_user(app.a.agency.id, "handler.alpha", Role::Staff, None)
        .await;
    app.store
        .set_corruption_handler(Actor::default(), app.a.agency.id, user.id, true)
        .await
        .unwrap();
    let browser = app.login(&user.username).await;
    (user, browser)
}

async fn supervisor(app: &TestApp) -> Browser {
    let user = User {
        id: UserId::new(),
        agency_id: None,
        username: "sup.krabi".to_owned(),
        display_name: "ผู้กำกับดูแลกระบี่".to_owned(),
        role: Role::Supervisor,
        department_id: None,
        supervised_province: Some("กระบี่".to_owned()),
        password_hash: prongsai_web::hash_password(prongsai_testkit::http::PASSWORD).unwrap(),
        active: true,
    };
    app.store
        .create_user(Actor::default(), &user)
        .await
        .unwrap();
    app.login(&user.username).await
}

/// The fields of a good staff entry.
fn entry(kind: &str, channel: &str) -> Vec<(&'static str, String)> {
    let now = in_thailand(Utc::now() - Duration::hours(1));
    vec![
        ("kind", kind.to_owned()),
        ("entry_token", "token-of-this-form".to_owned()),
        ("channel", channel.to_owned()),
        (
            "received_date",
            format_date_numeric(now.date_naive(), false),
        ),
        ("received_time", now.format("%H:%M").to_string()),
        ("subject", "ไฟฟ้าส่องสว่างดับทั้งซอย".to_owned()),
        ("details", "ไฟดับมาสามคืน ซอยมืดมาก".to_owned()),
        ("place", "ซอย 5 หมู่ 3".to_owned()),
        ("name", "นายสมปอง รักถิ่น".to_owned()),
        ("phone", "081 234 5678".to_owned()),
        ("email", "sompong@example.com".to_owned()),
        ("address", "12 หมู่ 3".to_owned()),
        ("department", String::new()),
        ("consent", "1".to_owned()),
    ]
}

fn with(
    fields: &[(&'static str, String)],
    changes: &[(&'static str, &str)],
) -> Vec<(&'static str, String)> {
    fields
        .iter()
        .map(|(k, v)| {
            let v = changes
                .iter()
                .find(|(c, _)| c == k)
                .map_or_else(|| v.clone(), |(_, n)| (*n).to_owned());
            (*k, v)
        })
        .collect()
}

async fn post_entry(
    app: &TestApp,
    browser: &Browser,
    fields: &[(&'static str, String)],
    files: &[(&str, &str, &[u8])],
) -> Page {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post_multipart_files(browser, "/cases/new", &pairs, files)
        .await
}

/// The tracking code the saved page shows.
fn shown_code(page: &Page) -> TrackingCode {
    let marker = "class=\"tracking-code\"><strong>";
    let start = page.body.find(marker).expect("a tracking code") + marker.len();
    TrackingCode::parse(&page.body[start..start + 19]).expect("a well-formed code")
}

/// Text as the auto-escaping templates write it.
fn html(text: &str) -> String {
    text.replace('&', "&amp;").replace('/', "&#x2f;")
}

fn header_of(page: &Page, name: header::HeaderName) -> &str {
    page.headers.get(name).map_or("", |v| v.to_str().unwrap())
}

#[tokio::test]
async fn the_list_shows_a_year_and_filters_by_status_department_and_overdue() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let department = app.a.department.id;
    let fresh = seed_case(
        &app,
        app.a.agency.id,
        CaseKind::Complaint,
        "ถนนชำรุด",
        0,
        Some(department),
    )
    .await;
    let overdue = seed_case(
        &app,
        app.a.agency.id,
        CaseKind::Complaint,
        "ขยะไม่เก็บ",
        20,
        None,
    )
    .await;
    let secret = seed_case(
        &app,
        app.a.agency.id,
        CaseKind::Corruption,
        "เรียกรับเงินใต้โต๊ะ",
        0,
        None,
    )
    .await;
    seed_case(
        &app,
        app.b.agency.id,
        CaseKind::Complaint,
        "เรื่องของบราโว",
        0,
        None,
    )
    .await;

    let year = fresh.fiscal_year;
    let page = app.get(Some(&admin), &format!("/cases?year={year}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("ถนนชำรุด"));
    assert!(page.body.contains(&html(&fresh.number_label())));
    assert!(
        !page.body.contains("เรียกรับเงินใต้โต๊ะ"),
        "corruption stays off the complaint list"
    );
    assert!(!page.body.contains("เรื่องของบราโว"));
    assert!(
        !page.body.contains("kind=corruption"),
        "no corruption tab without the grant"
    );
    assert!(
        page.body.contains("/complaints/statistics") && page.body.contains("/complaints/settings")
    );

    let page = app
        .get(Some(&admin), &format!("/cases?year={year}&status=assigned"))
        .await;
    assert!(page.body.contains("ถนนชำรุด") && !page.body.contains("ขยะไม่เก็บ"));
    let page = app
        .get(
            Some(&admin),
            &format!("/cases?year={year}&department={department}"),
        )
        .await;
    assert!(page.body.contains("ถนนชำรุด") && !page.body.contains("ขยะไม่เก็บ"));

    let page = app
        .get(
            Some(&admin),
            &format!("/cases?year={}&overdue=1", overdue.fiscal_year),
        )
        .await;
    assert!(page.body.contains("ขยะไม่เก็บ"), "{}", page.body);
    assert!(!page.body.contains("ถนนชำรุด"));
    assert!(page.body.contains("class=\"overdue\""));

    let page = app
        .get(Some(&admin), &format!("/cases?year={}", year - 3))
        .await;
    assert!(page.body.contains("ไม่มีเรื่องตามเงื่อนไขที่เลือก"));

    let (_, handler) = handler(&app).await;
    let page = app
        .get(
            Some(&handler),
            &format!("/cases?kind=corruption&year={}", secret.fiscal_year),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("เรียกรับเงินใต้โต๊ะ") && !page.body.contains("ถนนชำรุด"));
    assert!(page.body.contains(&html(&secret.number_label())));
}

#[tokio::test]
async fn staff_entry_refuses_bad_input_at_its_fields_and_keeps_what_was_typed() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let page = app.get(Some(&admin), "/cases/new?kind=complaint").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("ผู้ร้องยินยอมตามประกาศคุ้มครองข้อมูลส่วนบุคคล"));
    assert!(
        !page.body.contains("value=\"online\""),
        "staff do not record the web form channel"
    );
    assert!(page.body.contains("value=\"telephone\" selected"));

    let long = "ก".repeat(SubmissionLimits::DETAILS + 1);
    let bad = with(
        &entry("complaint", "telephone"),
        &[
            ("subject", "  "),
            ("details", &long),
            ("place", "<script>alert(1)</script>"),
            ("phone", "โทรมา"),
            ("email", "sompong@"),
            ("received_date", "31/2/2569"),
        ],
    );
    let page = post_entry(&app, &admin, &bad, &[("files.0", "photo.pdf", PNG)]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("กรุณากรอกเรื่องที่ร้องเรียน"));
    assert!(page.body.contains("ใส่ได้ไม่เกิน 5,000 ตัวอักษร"));
    assert!(page.body.contains("หมายเลขโทรศัพท์ต้องเป็นตัวเลข"));
    assert!(page.body.contains("อีเมลไม่ถูกต้อง"));
    assert!(page.body.contains("ไม่มีวันที่ 31 เดือน 2"));
    assert!(page.body.contains("ไม่ใช่ชนิดที่นามสกุลไฟล์ระบุ"));
    assert!(page.body.contains("ไฟล์แนบต้องเลือกใหม่อีกครั้ง"));
    assert!(
        page.body
            .contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;")
    );
    assert!(!page.body.contains("<script>alert(1)"));
    assert!(page.body.contains("นายสมปอง รักถิ่น"), "typed values are kept");
    assert!(page.body.contains("value=\"โทรมา\""));

    let big = vec![b'%'; 10 * 1024 * 1024 + 1];
    let page = post_entry(
        &app,
        &admin,
        &entry("complaint", "letter"),
        &[("files.0", "scan.pdf", &big)],
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("10 MB"), "{}", page.body);
    let page = post_entry(
        &app,
        &admin,
        &with(&entry("complaint", "online"), &[("received_time", "25:61")]),
        &[],
    )
    .await;
    assert!(page.body.contains("กรุณาเลือกช่องทางที่รับเรื่อง"));
    assert!(page.body.contains("อ่านเวลาไม่ได้"));
    assert!(
        cases_of(&app, app.a.agency.id, CaseKind::Complaint)
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn a_letter_case_gets_a_number_a_code_shown_once_a_sealed_contact_and_its_files() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let fields = entry("complaint", "letter");
    let page = post_entry(
        &app,
        &admin,
        &fields,
        &[("files.0", "หนังสือร้องเรียน.pdf", PDF)],
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("บันทึกเรื่องเรียบร้อยแล้ว"));
    let code = shown_code(&page);

    let cases = cases_of(&app, app.a.agency.id, CaseKind::Complaint).await;
    assert_eq!(cases.len(), 1);
    let case = &cases[0];
    assert_eq!(case.channel, Channel::Letter);
    assert_eq!(case.status, CaseStatus::Received);
    assert!(case.consent);
    assert_eq!(case.code_hash, code.lookup_hash());
    assert!(page.body.contains(&html(&case.number_label())));
    let sealed = case.contact_sealed.as_ref().expect("a sealed contact");
    assert!(!sealed.windows(8).any(|w| w == b"sompong@"));

    // The same form sent again stores nothing new and shows the same code.
    let again = post_entry(
        &app,
        &admin,
        &fields,
        &[("files.0", "หนังสือร้องเรียน.pdf", PDF)],
    )
    .await;
    assert_eq!(shown_code(&again), code);
    assert_eq!(
        cases_of(&app, app.a.agency.id, CaseKind::Complaint)
            .await
            .len(),
        1
    );

    let view = app.get(Some(&admin), &format!("/cases/{}", case.id)).await;
    assert_eq!(view.status, StatusCode::OK, "{}", view.body);
    assert!(view.body.contains("นายสมปอง รักถิ่น") && view.body.contains("081 234 5678"));
    assert!(view.body.contains(&html("หนังสือ/จดหมาย")));
    assert!(
        !view.body.contains(&code.to_string()),
        "the code is never shown again"
    );

    let files = app
        .store
        .case_attachments(app.a.agency.id, case.id)
        .await
        .unwrap();
    assert_eq!(files.len(), 1);
    assert!(!files[0].from_reporter);
    let url = format!("/cases/{}/files/{}", case.id, files[0].id);
    assert!(view.body.contains(&files[0].id.to_string()));
    let download = app.get(Some(&admin), &url).await;
    assert_eq!(download.status, StatusCode::OK);
    assert_eq!(
        header_of(&download, header::CONTENT_TYPE),
        "application/pdf"
    );
    assert_eq!(
        header_of(&download, header::X_CONTENT_TYPE_OPTIONS),
        "nosniff"
    );
    let disposition = header_of(&download, header::CONTENT_DISPOSITION);
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(
        disposition.contains("filename*=UTF-8''%E0%B8%AB"),
        "{disposition}"
    );
    assert_eq!(download.body.as_bytes(), PDF);

    // Staff reading the complaint see it but not the contact, and no forms.
    let staff = app.login("staff.alpha").await;
    let view = app.get(Some(&staff), &format!("/cases/{}", case.id)).await;
    assert_eq!(view.status, StatusCode::OK);
    assert!(!view.body.contains("นายสมปอง") && view.body.contains("แสดงเฉพาะผู้รับผิดชอบเรื่อง"));
    assert!(!view.body.contains("/status\"") && !view.body.contains("/messages\""));
    assert_eq!(app.get(Some(&staff), &url).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_case_moves_to_closed_and_refuses_illegal_moves_and_stale_versions() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let case = seed_case(
        &app,
        app.a.agency.id,
        CaseKind::Complaint,
        "ท่อระบายน้ำอุดตัน",
        1,
        None,
    )
    .await;
    let url = format!("/cases/{}", case.id);
    let department = app.a.department.id.to_string();

    let v = stored(&app, &case).await.version.to_string();
    let page = app
        .post(
            Some(&admin),
            &format!("{url}/assign"),
            &[("department", department.as_str()), ("version", &v)],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let now = stored(&app, &case).await;
    assert_eq!(now.status, CaseStatus::Assigned);
    assert_eq!(now.department_id, Some(app.a.department.id));

    let v = now.version.to_string();
    let page = app
        .post(
            Some(&admin),
            &format!("{url}/status"),
            &[("status", "in_progress"), ("version", &v)],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let now = stored(&app, &case).await;
    assert_eq!(now.status, CaseStatus::InProgress);

    // Stale: the version the first page showed is gone.
    let page = app
        .post(
            Some(&admin),
            &format!("{url}/status"),
            &[("status", "resolved"), ("version", &v)],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("มีผู้อื่นบันทึกรายการนี้ไปก่อนแล้ว"),
        "{}",
        page.body
    );
    assert_eq!(stored(&app, &case).await.status, CaseStatus::InProgress);

    let v = now.version.to_string();
    let page = app
        .post(
            Some(&admin),
            &format!("{url}/status"),
            &[("status", "closed"), ("version", &v)],
        )
        .await;
    assert!(page.body.contains("เปลี่ยนสถานะจาก"), "{}", page.body);
    let page = app
        .post(
            Some(&admin),
            &format!("{url}/status"),
            &[
                ("status", "forwarded"),
                ("outcome_note", " "),
                ("version", &v),
            ],
        )
        .await;
    assert!(page.body.contains("กรุณาระบุหน่วยงานที่ส่งต่อ"));
    assert_eq!(stored(&app, &case).await.status, CaseStatus::InProgress);

    let page = app
        .post(
            Some(&admin),
            &format!("{url}/status"),
            &[("status", "resolved"), ("version", &v)],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let now = stored(&app, &case).await;
    assert_eq!(now.status, CaseStatus::Resolved);
    let answered = now.answered_at.expect("answered_at set on the answer");
    assert!(now.closed_at.is_none());

    let v = now.version.to_string();
    let page = app
        .post(
            Some(&admin),
            &format!("{url}/status"),
            &[("status", "closed"), ("version", &v)],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let now = stored(&app, &case).await;
    assert_eq!(now.status, CaseStatus::Closed);
    assert_eq!(now.answered_at, Some(answered));
    assert!(now.closed_at.is_some());
    let view = app.get(Some(&admin), &url).await;
    assert!(!view.body.contains("เปลี่ยนสถานะ</h2>") && !view.body.contains("/assign\""));
}

#[tokio::test]
async fn internal_notes_stay_out_of_the_public_messages() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let case = seed_case(
        &app,
        app.a.agency.id,
        CaseKind::Complaint,
        "น้ำประปาขุ่น",
        1,
        None,
    )
    .await;
    let url = format!("/cases/{}/messages", case.id);
    let page = app
        .post_multipart_files(
            &admin,
            &url,
            &[
                ("body", "ประสานการประปาแล้ว รอผล"),
                ("visibility", "internal"),
            ],
            &[],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert!(
        stored(&app, &case).await.first_reply_at.is_none(),
        "a note is no reply"
    );
    let page = app
        .post_multipart_files(
            &admin,
            &url,
            &[
                ("body", "หน่วยงานรับเรื่องแล้ว จะแก้ไขภายใน 7 วัน"),
                ("visibility", "public"),
            ],
            &[("files.0", "ภาพ.png", PNG)],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let messages = app
        .store
        .case_messages(app.a.agency.id, case.id)
        .await
        .unwrap();
    let public: Vec<&str> = messages
        .iter()
        .filter(|m| m.visibility == MessageVisibility::Public)
        .map(|m| m.body.as_str())
        .collect();
    assert_eq!(public, ["หน่วยงานรับเรื่องแล้ว จะแก้ไขภายใน 7 วัน"]);
    assert_eq!(messages.len(), 2);
    assert!(stored(&app, &case).await.first_reply_at.is_some());
    let view = app.get(Some(&admin), &format!("/cases/{}", case.id)).await;
    assert!(view.body.contains("class=\"message internal\""));
    assert!(view.body.contains("class=\"message public\""));
    assert!(view.body.contains("ภาพ.png"));

    let page = app
        .post_multipart_files(
            &admin,
            &url,
            &[("body", ""), ("visibility", "public")],
            &[("files.0", "x.exe", b"MZ\x90\0")],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("กรุณากรอกข้อความ"));
    assert!(page.body.contains("x.exe"));
    assert_eq!(
        app.store
            .case_messages(app.a.agency.id, case.id)
            .await
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn department_heads_handle_their_departments_cases_and_readers_only_read() {
    let app = common::app().await;
    let head_user = app
        .add_user(
            app.a.agency.id,
            "head.alpha",
            Role::DepartmentHead,
            Some(app.a.department.id),
        )
        .await;
    let head = app.login(&head_user.username).await;
    let mine = seed_case(
        &app,
        app.a.agency.id,
        CaseKind::Complaint,
        "ทางเท้าชำรุด",
        1,
        Some(app.a.department.id),
    )
    .await;
    let other = seed_case(
        &app,
        app.a.agency.id,
        CaseKind::Complaint,
        "สุนัขจรจัด",
        1,
        None,
    )
    .await;

    let list = app
        .get(Some(&head), &format!("/cases?year={}", mine.fiscal_year))
        .await;
    assert!(list.body.contains("ทางเท้าชำรุด") && !list.body.contains("สุนัขจรจัด"));
    assert_eq!(
        app.get(Some(&head), &format!("/cases/{}", other.id))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(Some(&head), "/cases/new").await.status,
        StatusCode::FORBIDDEN
    );
    let url = format!("/cases/{}", mine.id);
    let view = app.get(Some(&head), &url).await;
    assert_eq!(view.status, StatusCode::OK);
    assert!(
        !view.body.contains("value=\"rejected\""),
        "department heads take two steps only"
    );
    let page = app
        .post(
            Some(&head),
            &format!("{url}/assign"),
            &[
                ("department", &app.a.department.id.to_string()),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let page = app
        .post(
            Some(&head),
            &format!("{url}/status"),
            &[
                ("status", "rejected"),
                ("outcome_note", "ไม่ใช่อำนาจ"),
                ("version", "1"),
            ],
        )
        .await;
    assert!(page.body.contains("เปลี่ยนสถานะจาก"));
    let v = stored(&app, &mine).await.version.to_string();
    let page = app
        .post(
            Some(&head),
            &format!("{url}/status"),
            &[("status", "in_progress"), ("version", &v)],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let page = app
        .post_multipart_files(
            &head,
            &format!("{url}/messages"),
            &[("body", "ลงพื้นที่แล้ว"), ("visibility", "internal")],
            &[],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);

    let exec_user = app
        .add_user(app.a.agency.id, "exec.alpha", Role::Executive, None)
        .await;
    let executive = app.login(&exec_user.username).await;
    let view = app
        .get(Some(&executive), &format!("/cases/{}", other.id))
        .await;
    assert_eq!(view.status, StatusCode::OK);
    assert!(!view.body.contains("/status\""));
    let page = app
        .post(
            Some(&executive),
            &format!("/cases/{}/status", other.id),
            &[("status", "screening"), ("version", "1")],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn every_corruption_route_refuses_every_role_but_the_handler() {
    let app = common::app().await;
    let (_, handler) = handler(&app).await;
    let fields = entry("corruption", "walk_in");
    let page = post_entry(&app, &handler, &fields, &[("files.0", "หลักฐาน.pdf", PDF)]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let case = cases_of(&app, app.a.agency.id, CaseKind::Corruption)
        .await
        .remove(0);
    let file = app
        .store
        .case_attachments(app.a.agency.id, case.id)
        .await
        .unwrap()
        .remove(0);
    let id = case.id;
    let department = app.a.department.id.to_string();

    let head = app
        .add_user(
            app.a.agency.id,
            "head.alpha",
            Role::DepartmentHead,
            Some(app.a.department.id),
        )
        .await;
    let executive = app
        .add_user(app.a.agency.id, "exec.alpha", Role::Executive, None)
        .await;
    let mut refused = vec![
        (
            "admin without the grant",
            app.login(&app.a.admin.username).await,
        ),
        ("executive", app.login(&executive.username).await),
        ("staff", app.login("staff.alpha").await),
        ("department head", app.login(&head.username).await),
    ];
    refused.push(("supervisor", supervisor(&app).await));
    let entry_pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    for (who, browser) in &refused {
        let gets = [
            "/cases?kind=corruption".to_owned(),
            "/cases/new?kind=corruption".to_owned(),
            format!("/cases/{id}"),
            format!("/cases/{id}/files/{}", file.id),
        ];
        for path in &gets {
            let page = app.get(Some(browser), path).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{who} GET {path}");
            assert!(page.body.contains("ไม่มีสิทธิ์"), "{who} GET {path}");
            assert!(!page.body.contains("หลักฐาน.pdf") && !page.body.contains("นายสมปอง"));
        }
        let page = app
            .post_multipart_files(browser, "/cases/new", &entry_pairs, &[])
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{who} POST new");
        let page = app
            .post(
                Some(browser),
                &format!("/cases/{id}/status"),
                &[("status", "screening"), ("version", "1")],
            )
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{who} POST status");
        let page = app
            .post(
                Some(browser),
                &format!("/cases/{id}/assign"),
                &[("department", department.as_str()), ("version", "1")],
            )
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{who} POST assign");
        let page = app
            .post_multipart_files(
                browser,
                &format!("/cases/{id}/messages"),
                &[("body", "x"), ("visibility", "internal")],
                &[],
            )
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{who} POST messages");
    }
    assert_eq!(
        cases_of(&app, app.a.agency.id, CaseKind::Corruption)
            .await
            .len(),
        1
    );
    assert_eq!(stored(&app, &case).await.status, CaseStatus::Received);
    assert!(
        app.store
            .case_messages(app.a.agency.id, id)
            .await
            .unwrap()
            .is_empty()
    );
    let admin_list = app.get(Some(&refused[0].1), "/cases").await;
    assert!(!admin_list.body.contains("kind=corruption"));

    // The handler does all of it.
    let list = app
        .get(
            Some(&handler),
            &format!("/cases?kind=corruption&year={}", case.fiscal_year),
        )
        .await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("ไฟฟ้าส่องสว่างดับทั้งซอย"));
    assert_eq!(
        app.get(Some(&handler), "/cases/new?kind=corruption")
            .await
            .status,
        StatusCode::OK
    );
    let view = app.get(Some(&handler), &format!("/cases/{id}")).await;
    assert_eq!(view.status, StatusCode::OK);
    assert!(view.body.contains("นายสมปอง รักถิ่น"));
    let download = app
        .get(Some(&handler), &format!("/cases/{id}/files/{}", file.id))
        .await;
    assert_eq!(download.status, StatusCode::OK);
    assert_eq!(download.body.as_bytes(), PDF);
    let v = stored(&app, &case).await.version.to_string();
    let page = app
        .post(
            Some(&handler),
            &format!("/cases/{id}/assign"),
            &[("department", department.as_str()), ("version", &v)],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let v = stored(&app, &case).await.version.to_string();
    let page = app
        .post(
            Some(&handler),
            &format!("/cases/{id}/status"),
            &[("status", "in_progress"), ("version", &v)],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let page = app
        .post_multipart_files(
            &handler,
            &format!("/cases/{id}/messages"),
            &[("body", "ขอบคุณสำหรับข้อมูล"), ("visibility", "public")],
            &[],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(stored(&app, &case).await.status, CaseStatus::InProgress);
}

#[tokio::test]
async fn opening_a_corruption_report_is_audited_and_refusals_open_nothing() {
    let app = common::app().await;
    let (user, handler) = handler(&app).await;
    let case = seed_case(
        &app,
        app.a.agency.id,
        CaseKind::Corruption,
        "ฮั้วประมูล",
        1,
        None,
    )
    .await;
    let opens = |entries: &[prongsai_core::model::AuditEntry]| {
        entries
            .iter()
            .filter(|e| {
                e.action == AuditAction::Open
                    && e.entity == "case"
                    && e.entity_id == case.id.to_string()
            })
            .map(|e| e.user_id)
            .collect::<Vec<_>>()
    };
    let admin = app.login(&app.a.admin.username).await;
    assert_eq!(
        app.get(Some(&admin), &format!("/cases/{}", case.id))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let audit = app.store.list_audit(app.a.agency.id, 100).await.unwrap();
    assert!(opens(&audit).is_empty());

    let view = app
        .get(Some(&handler), &format!("/cases/{}", case.id))
        .await;
    assert_eq!(view.status, StatusCode::OK);
    assert!(view.body.contains("ฮั้วประมูล"));
    let audit = app.store.list_audit(app.a.agency.id, 100).await.unwrap();
    assert_eq!(opens(&audit), [Some(user.id)]);
    let open = audit
        .iter()
        .find(|e| e.action == AuditAction::Open)
        .unwrap();
    let written = format!("{:?}{:?}", open.before, open.after);
    assert!(
        !written.contains("ฮั้วประมูล"),
        "the audit row carries no content"
    );

    // A complaint is read without an opening row.
    let complaint = seed_case(
        &app,
        app.a.agency.id,
        CaseKind::Complaint,
        "ถนนชำรุด",
        1,
        None,
    )
    .await;
    app.get(Some(&admin), &format!("/cases/{}", complaint.id))
        .await;
    let audit = app.store.list_audit(app.a.agency.id, 100).await.unwrap();
    assert_eq!(
        audit
            .iter()
            .filter(|e| e.action == AuditAction::Open)
            .count(),
        1
    );
}

#[tokio::test]
async fn another_agencys_case_and_its_files_are_not_found() {
    let app = common::app().await;
    let admin_b = app.login(&app.b.admin.username).await;
    let page = post_entry(
        &app,
        &admin_b,
        &entry("complaint", "line"),
        &[("files.0", "a.pdf", PDF)],
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let theirs = cases_of(&app, app.b.agency.id, CaseKind::Complaint)
        .await
        .remove(0);
    let file = app
        .store
        .case_attachments(app.b.agency.id, theirs.id)
        .await
        .unwrap()
        .remove(0);
    let admin = app.login(&app.a.admin.username).await;
    let url = format!("/cases/{}", theirs.id);
    assert_eq!(
        app.get(Some(&admin), &url).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(Some(&admin), &format!("{url}/files/{}", file.id))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let page = app
        .post(
            Some(&admin),
            &format!("{url}/status"),
            &[("status", "screening"), ("version", "1")],
        )
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get(Some(&admin), "/cases/not-a-case").await.status,
        StatusCode::NOT_FOUND
    );
    // A file of one case is not reachable through another case of the same agency.
    let mine = seed_case(
        &app,
        app.a.agency.id,
        CaseKind::Complaint,
        "ของอัลฟา",
        1,
        None,
    )
    .await;
    assert_eq!(
        app.get(
            Some(&admin),
            &format!("/cases/{}/files/{}", mine.id, file.id)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(stored(&app, &theirs).await.status, CaseStatus::Received);
}
