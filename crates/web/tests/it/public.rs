//! The public complaint and corruption forms, the receipt and the tracking page,
//! through the real router over a real SQLite file.

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use chrono::Utc;
use prongsai_core::complaints::sealing::FINGERPRINT_PREFIX;
use prongsai_core::complaints::{
    CaseKind, CaseMessage, CaseStatus, MessageAuthor, MessageVisibility, SubmissionLimits,
};
use prongsai_core::model::CaseMessageId;
use prongsai_store::{Actor, CaseFilter};
use prongsai_web::WebConfig;
use sha2::Digest as _;

use crate::common;

use common::public::PublicApp as App;
use prongsai_testkit::http::{Page, hidden_value};

/// The cases of the first agency of `kind`, newest first.
async fn cases(app: &App, kind: CaseKind) -> Vec<prongsai_core::complaints::Case> {
    let filter = CaseFilter {
        kind: Some(kind),
        ..CaseFilter::default()
    };
    app.store.list_cases(app.agency.id, &filter).await.unwrap()
}

/// A urlencoded POST, as the benchmark sends.
fn urlencoded(path: &str, fields: &[(&str, &str)]) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(serde_urlencoded::to_string(fields).unwrap()))
        .unwrap()
}

/// A multipart POST as a browser sends the form: fields in order, then files.
fn multipart(path: &str, fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> Request<Body> {
    const BOUNDARY: &str = "----prongsai-public-5b1e";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    let empty: &[(&str, &[u8])] = &[("", b"")];
    // A browser sends an empty part for a file input left empty.
    for (file_name, bytes) in if files.is_empty() { empty } else { files } {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    Request::post(path)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(Body::from(body))
        .unwrap()
}

/// A request as it comes from a client at `addr` (the server adds this).
fn from(addr: &str, mut req: Request<Body>) -> Request<Body> {
    let addr: SocketAddr = addr.parse().unwrap();
    req.extensions_mut().insert(ConnectInfo(addr));
    req
}

/// The tracking code on a receipt: four groups of four of Crockford's base-32.
fn code_on(receipt: &str) -> String {
    let start = receipt
        .find("tracking-code")
        .expect("a receipt with a tracking code");
    let text: String = receipt[start..]
        .split("</p>")
        .next()
        .unwrap()
        .split('>')
        .skip(1)
        .map(|part| part.split('<').next().unwrap())
        .collect();
    let groups: Vec<&str> = text.split('-').collect();
    assert_eq!(groups.len(), 4, "code {text:?}");
    for g in &groups {
        assert_eq!(g.len(), 4, "code {text:?}");
        assert!(
            g.chars()
                .all(|c| "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(c)),
            "code {text:?}"
        );
    }
    text
}

fn assert_private(page: &Page) {
    assert_eq!(page.headers[header::CACHE_CONTROL], "no-store");
    assert_eq!(page.headers[header::REFERRER_POLICY], "no-referrer");
}

const SUBJECT: &str = "เจ้าหน้าที่เรียกเงินค่าอนุมัติใบอนุญาต";
const DETAILS: &str = "เมื่อวันที่ 3 มีนาคม เจ้าหน้าที่กองช่างขอเงินสองพันบาทเพื่อเร่งออกใบอนุญาตก่อสร้าง";

fn report_fields<'a>(token: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("token", token),
        ("subject", SUBJECT),
        ("details", DETAILS),
        ("place", "สำนักงาน อบต."),
        ("consent", "on"),
    ];
    fields.extend_from_slice(extra);
    fields
}

#[tokio::test]
async fn an_anonymous_report_gets_a_code_and_no_identity_reaches_the_disk_in_clear() {
    let app = App::new().await;
    let form = app.get("/p/nongprung/report").await;
    assert_eq!(form.status, StatusCode::OK);
    assert_private(&form);
    assert!(form.body.contains("ระบุตัวตน (ไม่บังคับ)"));
    assert!(form.body.contains("lang=\"th\""));
    assert!(!form.body.contains("<script"));
    let token = hidden_value(&form.body, "token").unwrap();
    assert_eq!(token.len(), 22);

    // Another reporter gives a name, a phone number and an e-mail address.
    let name = "นายผู้แจ้ง ปิดบังชื่อ";
    let phone = "0812345679";
    let email = "whistle.blower@example.org";
    let identified = app
        .send(multipart(
            "/p/nongprung/report",
            &report_fields(
                "another-form-token-0000",
                &[("name", name), ("phone", phone), ("email", email)],
            ),
            &[],
        ))
        .await;
    assert_eq!(identified.status, StatusCode::OK, "{}", identified.body);

    let receipt = app
        .send(multipart(
            "/p/nongprung/report",
            &report_fields(&token, &[]),
            &[],
        ))
        .await;
    assert_eq!(receipt.status, StatusCode::OK, "{}", receipt.body);
    assert_private(&receipt);
    let code = code_on(&receipt.body);
    assert!(receipt.body.contains("จดรหัสนี้ไว้"));
    assert!(receipt.body.contains("ท. "), "the case number");
    assert!(!receipt.body.contains("<svg"), "no QR code on a report");
    assert!(receipt.body.contains("ไม่มีคิวอาร์โค้ด"));

    let reports = cases(&app, CaseKind::Corruption).await;
    assert_eq!(reports.len(), 2);
    assert_eq!(
        reports
            .iter()
            .filter(|c| c.contact_sealed.is_none())
            .count(),
        1,
        "the anonymous report has no contact at all"
    );

    for (path, bytes) in app.bytes_on_disk() {
        for secret in [name, phone, email] {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{secret} in clear in {}",
                path.display()
            );
        }
    }

    let page = app
        .send(urlencoded("/p/nongprung/track", &[("code", &code)]))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_private(&page);
    assert!(page.body.contains(CaseStatus::Received.label_th()));
    assert!(page.body.contains("ท. "));
}

#[tokio::test]
async fn a_complaint_receipt_has_a_qr_code_of_the_tracking_page() {
    let app = App::new().await;
    let form = app.get("/p/nongprung/complaint").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(!form.body.contains("ระบุตัวตน (ไม่บังคับ)"));
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    let receipt = app
        .send(multipart(
            "/p/nongprung/complaint",
            &[
                ("token", ""),
                ("subject", "ถนนเป็นหลุมบ่อ"),
                ("details", "ถนนหน้าโรงเรียนเป็นหลุมลึก รถจักรยานยนต์ล้มบ่อย"),
                ("consent", "on"),
            ],
            &[("หลุมบนถนน.png", png)],
        ))
        .await;
    assert_eq!(receipt.status, StatusCode::OK, "{}", receipt.body);
    let code = code_on(&receipt.body);
    assert!(receipt.body.contains("<svg"), "a QR code");
    assert!(receipt.body.contains("ร. "));
    assert!(receipt.body.contains("href=\"/p/nongprung/track\""));

    let complaints = cases(&app, CaseKind::Complaint).await;
    assert_eq!(complaints.len(), 1);
    assert_eq!(complaints[0].status, CaseStatus::Received);
    let files = app
        .store
        .case_attachments(app.agency.id, complaints[0].id)
        .await
        .unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].file_name, "หลุมบนถนน.png");
    assert_eq!(files[0].content_type, "image/png");

    let prefilled = app.get(&format!("/p/nongprung/track?code={code}")).await;
    assert!(prefilled.body.contains(&format!("value=\"{code}\"")));

    let page = app
        .send(urlencoded(
            "/p/nongprung/track",
            &[("code", &code.to_lowercase().replace('-', " "))],
        ))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("หลุมบนถนน.png"),
        "the reporter's file by name"
    );
}

#[tokio::test]
async fn a_complaint_file_name_keeps_no_direction_override_and_its_extension() {
    let app = App::new().await;
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    let long = format!("รูป\u{202E}{}gnp.png", "ก".repeat(300));
    let receipt = app
        .send(multipart(
            "/p/nongprung/complaint",
            &[
                ("token", ""),
                ("subject", "ถนนเป็นหลุมบ่อ"),
                ("details", "ถนนหน้าโรงเรียนเป็นหลุมลึก"),
                ("consent", "on"),
            ],
            &[(long.as_str(), png)],
        ))
        .await;
    assert_eq!(receipt.status, StatusCode::OK, "{}", receipt.body);
    let complaints = cases(&app, CaseKind::Complaint).await;
    let files = app
        .store
        .case_attachments(app.agency.id, complaints[0].id)
        .await
        .unwrap();
    let name = &files[0].file_name;
    assert!(!name.contains('\u{202E}'), "{name}");
    assert!(
        name.starts_with("รูป") && name.ends_with("gnp.png"),
        "{name}"
    );
    assert_eq!(name.chars().count(), 200);
}

/// A report's file is fingerprinted with the agency's key: the plain SHA-256,
/// which would let whoever holds the database and a suspected reporter's photo
/// confirm it was sent, is nowhere on disk; the same file gets the same
/// fingerprint within an agency and another in another agency. A row from
/// before fingerprints were keyed gets its keyed one from housekeeping.
#[tokio::test]
async fn a_report_file_has_a_keyed_fingerprint_and_no_plain_hash_on_disk() {
    let app = App::new().await;
    let photo = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR a photo of the envelope";
    let plain = hex::encode(sha2::Sha256::digest(photo));
    for (agency, token) in [
        ("nongprung", "fingerprint-token-00001"),
        ("nongprung", "fingerprint-token-00002"),
        ("bangkhen", "fingerprint-token-00003"),
    ] {
        let receipt = app
            .send(multipart(
                &format!("/p/{agency}/report"),
                &report_fields(token, &[]),
                &[("envelope.png", photo)],
            ))
            .await;
        assert_eq!(receipt.status, StatusCode::OK, "{}", receipt.body);
    }
    let mut fingerprints = Vec::new();
    for agency in [&app.agency, &app.other] {
        for case in app
            .store
            .list_cases(agency.id, &CaseFilter::default())
            .await
            .unwrap()
        {
            for file in app
                .store
                .case_attachments(agency.id, case.id)
                .await
                .unwrap()
            {
                fingerprints.push((agency.id, file));
            }
        }
    }
    assert_eq!(fingerprints.len(), 3);
    for (_, file) in &fingerprints {
        assert!(
            file.sha256.starts_with(FINGERPRINT_PREFIX),
            "{}",
            file.sha256
        );
        assert!(!file.sha256.contains(&plain));
    }
    let ours: Vec<_> = fingerprints
        .iter()
        .filter(|(a, _)| *a == app.agency.id)
        .collect();
    let theirs: Vec<_> = fingerprints
        .iter()
        .filter(|(a, _)| *a == app.other.id)
        .collect();
    assert_eq!(
        ours[0].1.sha256, ours[1].1.sha256,
        "one file, one fingerprint"
    );
    assert_ne!(ours[0].1.sha256, theirs[0].1.sha256, "keyed per agency");
    for (path, bytes) in app.bytes_on_disk() {
        assert!(
            !bytes.windows(plain.len()).any(|w| w == plain.as_bytes()),
            "the plain hash in {}",
            path.display()
        );
    }

    let (agency, old) = ours[0];
    app.store
        .set_attachment_fingerprint(*agency, old.id, &plain)
        .await
        .unwrap();
    let report = prongsai_app::jobs::run_housekeeping(app.state.app(), Utc::now()).await;
    assert_eq!(report.rekeyed, 1);
    let again = app
        .store
        .find_case_attachment(*agency, old.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.sha256, old.sha256);
    let quiet = prongsai_app::jobs::run_housekeeping(app.state.app(), Utc::now()).await;
    assert_eq!(quiet.rekeyed, 0);
}

#[tokio::test]
async fn a_complaint_with_a_nul_is_refused_with_the_form_refilled() {
    let app = App::new().await;
    let page = app
        .send(multipart(
            "/p/nongprung/complaint",
            &[
                ("token", ""),
                ("subject", "ถนน\u{0}เป็นหลุม"),
                ("details", "บรรทัดแรก\r\nบรรทัดสอง"),
                ("consent", "on"),
            ],
            &[],
        ))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("อักขระควบคุมที่มองไม่เห็น"));
    assert!(page.body.contains("บรรทัดสอง"), "the details come back");
    assert!(cases(&app, CaseKind::Complaint).await.is_empty());
}

#[tokio::test]
async fn a_report_keeps_no_file_name_that_could_name_its_sender() {
    let app = App::new().await;
    let pdf = b"%PDF-1.7\n1 0 obj\n";
    let receipt = app
        .send(multipart(
            "/p/nongprung/report",
            &report_fields("token-for-a-file", &[]),
            &[("คำร้องของนายสมชาย.pdf", pdf)],
        ))
        .await;
    assert_eq!(receipt.status, StatusCode::OK, "{}", receipt.body);
    let report = &cases(&app, CaseKind::Corruption).await[0];
    let files = app
        .store
        .case_attachments(app.agency.id, report.id)
        .await
        .unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].file_name, "หลักฐาน-1.pdf");
}

#[tokio::test]
async fn a_form_sent_twice_files_one_case_and_shows_the_same_code() {
    let app = App::new().await;
    let form = app.get("/p/nongprung/complaint").await;
    let token = hidden_value(&form.body, "token").unwrap();
    let fields = [
        ("token", token.as_str()),
        ("subject", "น้ำประปาไม่ไหล"),
        ("details", "น้ำประปาหมู่ 5 ไม่ไหลมาสองวัน"),
        ("consent", "on"),
    ];
    let first = app
        .send(multipart("/p/nongprung/complaint", &fields, &[]))
        .await;
    let second = app
        .send(multipart("/p/nongprung/complaint", &fields, &[]))
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(second.status, StatusCode::OK, "{}", second.body);
    let code = code_on(&first.body);
    assert_eq!(code, code_on(&second.body));
    assert_eq!(cases(&app, CaseKind::Complaint).await.len(), 1);

    // Both at once (a double tap) land in one batch or two; still one case.
    let fields = [
        ("token", "double-tap-token"),
        ("subject", "ไฟฟ้าดับ"),
        ("details", "ไฟฟ้าดับทั้งหมู่บ้าน"),
        ("consent", "on"),
    ];
    let (a, b) = tokio::join!(
        app.send(urlencoded("/p/nongprung/complaint", &fields)),
        app.send(urlencoded("/p/nongprung/complaint", &fields)),
    );
    assert_eq!(code_on(&a.body), code_on(&b.body));
    assert_eq!(cases(&app, CaseKind::Complaint).await.len(), 2);

    // The same token with other content is another complaint.
    let other = app
        .send(multipart(
            "/p/nongprung/complaint",
            &[
                ("token", token.as_str()),
                ("subject", "น้ำประปาไม่ไหล"),
                ("details", "น้ำประปาหมู่ 6 ก็ไม่ไหลเช่นกัน"),
                ("consent", "on"),
            ],
            &[],
        ))
        .await;
    assert_eq!(other.status, StatusCode::OK);
    assert_ne!(code_on(&other.body), code);
    assert_eq!(cases(&app, CaseKind::Complaint).await.len(), 3);
}

#[tokio::test]
async fn bad_input_gets_messages_at_its_fields_and_keeps_what_was_typed() {
    let app = App::new().await;
    let script = "<script>alert('x')</script>";

    let empty = app
        .send(multipart(
            "/p/nongprung/complaint",
            &[
                ("token", "t-1"),
                ("subject", " "),
                ("details", ""),
                ("place", script),
            ],
            &[],
        ))
        .await;
    assert_eq!(empty.status, StatusCode::OK);
    assert_private(&empty);
    assert!(empty.body.contains("กรุณากรอกเรื่องที่ร้องเรียน"));
    assert!(empty.body.contains("กรุณากรอกรายละเอียด"));
    assert!(empty.body.contains("ประกาศการคุ้มครองข้อมูลส่วนบุคคลแล้ว"));
    assert!(
        empty
            .body
            .contains("aria-describedby=\"h-subject e-subject\"")
    );
    assert!(empty.body.contains("aria-invalid=\"true\""));
    assert!(!empty.body.contains(script), "typed script shown raw");
    assert!(
        empty.body.contains("&lt;script&gt;"),
        "typed script kept, escaped"
    );
    assert_eq!(hidden_value(&empty.body, "token").as_deref(), Some("t-1"));

    let long = "ก".repeat(SubmissionLimits::SUBJECT + 1);
    let oversize = app
        .send(multipart(
            "/p/nongprung/complaint",
            &[
                ("subject", &long),
                ("details", "รายละเอียด"),
                ("email", "somchai@"),
                ("consent", "on"),
            ],
            &[],
        ))
        .await;
    assert!(oversize.body.contains("ใส่ได้ไม่เกิน 500 ตัวอักษร"));
    assert!(oversize.body.contains("อีเมลไม่ถูกต้อง"));
    assert!(oversize.body.contains(&long), "the long subject is kept");
    assert!(
        oversize
            .body
            .contains("name=\"consent\" type=\"checkbox\" value=\"on\" checked")
    );

    let pdf = b"%PDF-1.7\n";
    let false_extension = app
        .send(multipart(
            "/p/nongprung/report",
            &report_fields("t-2", &[]),
            &[("photo.jpg", pdf)],
        ))
        .await;
    assert_eq!(false_extension.status, StatusCode::OK);
    assert!(false_extension.body.contains("ไม่ใช่ชนิดที่นามสกุลไฟล์ระบุ"));
    assert!(false_extension.body.contains("กรุณาเลือกไฟล์ใหม่อีกครั้ง"));
    assert!(false_extension.body.contains(SUBJECT), "text kept");
    let program = app
        .send(multipart(
            "/p/nongprung/report",
            &report_fields("t-3", &[]),
            &[("setup.exe", b"MZ\x90\x00")],
        ))
        .await;
    assert!(program.body.contains("หรือ PDF จึงแนบไม่ได้"));
    let too_many = app
        .send(multipart(
            "/p/nongprung/report",
            &report_fields("t-4", &[]),
            &[
                ("a.pdf", pdf),
                ("b.pdf", pdf),
                ("c.pdf", pdf),
                ("d.pdf", pdf),
            ],
        ))
        .await;
    assert!(too_many.body.contains("แนบไฟล์ได้ไม่เกิน 3 ไฟล์"));
    let big = vec![b'%'; 10 * 1024 * 1024 + 1];
    let oversized_file = app
        .send(multipart(
            "/p/nongprung/report",
            &report_fields("t-5", &[]),
            &[("big.pdf", &big)],
        ))
        .await;
    assert_eq!(oversized_file.status, StatusCode::OK);
    assert!(
        oversized_file
            .body
            .contains("big.pdf&quot; มีขนาดใหญ่เกิน 10 MB")
    );
    assert!(cases(&app, CaseKind::Corruption).await.is_empty());
    assert!(cases(&app, CaseKind::Complaint).await.is_empty());

    // Script in a valid complaint is stored as typed and never shown raw.
    let receipt = app
        .send(multipart(
            "/p/nongprung/complaint",
            &[("subject", script), ("details", script), ("consent", "on")],
            &[],
        ))
        .await;
    assert_eq!(receipt.status, StatusCode::OK);
    assert!(!receipt.body.contains(script));
    assert_eq!(cases(&app, CaseKind::Complaint).await[0].subject, script);
}

#[tokio::test]
async fn an_unknown_agency_is_a_thai_404_everywhere() {
    let app = App::new().await;
    for page in [
        app.get("/p/nowhere/complaint").await,
        app.get("/p/nowhere/report").await,
        app.get("/p/nowhere/track").await,
        app.send(urlencoded(
            "/p/nowhere/complaint",
            &[("subject", "ก"), ("details", "ข"), ("consent", "on")],
        ))
        .await,
        app.send(urlencoded(
            "/p/nowhere/track",
            &[("code", "0000-0000-0000-0000")],
        ))
        .await,
    ] {
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        assert!(page.body.contains("ไม่พบหน่วยงาน"), "{}", page.body);
    }
}

#[tokio::test]
async fn wrong_foreign_and_deleted_codes_get_the_same_answer() {
    let app = App::new().await;
    let receipt = app
        .send(multipart(
            "/p/nongprung/report",
            &report_fields("purge-me", &[]),
            &[],
        ))
        .await;
    let purged_code = code_on(&receipt.body);
    // Closed long ago, so the retention period has passed and the content goes.
    let mut report = cases(&app, CaseKind::Corruption).await.remove(0);
    let version = report.version;
    report.status = CaseStatus::Closed;
    report.answered_at = Some(Utc::now() - chrono::Duration::days(400));
    report.closed_at = Some(Utc::now() - chrono::Duration::days(400));
    app.store
        .update_case(Actor::default(), &report, version)
        .await
        .unwrap();
    let purged = app.store.purge_expired_cases(Utc::now()).await.unwrap();
    assert_eq!(purged.cases, 1);

    let other_receipt = app
        .send(multipart(
            &format!("/p/{}/complaint", app.other.code),
            &report_fields("elsewhere", &[]),
            &[],
        ))
        .await;
    let foreign_code = code_on(&other_receipt.body);

    let unknown_code = "M2XD-7KQ4-C3NB-9HTV";
    let not_a_code = "รหัสของฉัน";
    let mut answers = Vec::new();
    for typed in [
        unknown_code,
        purged_code.as_str(),
        foreign_code.as_str(),
        not_a_code,
    ] {
        let page = app
            .send(urlencoded("/p/nongprung/track", &[("code", typed)]))
            .await;
        answers.push((page.status, page.body.replace(typed, "CODE")));
    }
    for (status, body) in &answers {
        assert_eq!(*status, StatusCode::NOT_FOUND);
        assert!(body.contains("ไม่พบเรื่องตามรหัสติดตามนี้"));
        assert_eq!(body, &answers[0].1, "every failure reads the same");
    }
}

#[tokio::test]
async fn wrong_codes_are_throttled_per_client_even_before_a_right_one() {
    let config = WebConfig {
        tracking_attempts: 3,
        tracking_window: Duration::from_secs(600),
        ..WebConfig::default()
    };
    let app = App::with_config(config).await;
    let receipt = app
        .send(multipart(
            "/p/nongprung/report",
            &report_fields("right", &[]),
            &[],
        ))
        .await;
    let right = code_on(&receipt.body);
    let guesser = "203.0.113.7:50000";
    for n in 0..3 {
        let guess = format!("0000-0000-0000-000{n}");
        let page = app
            .send(from(
                guesser,
                urlencoded("/p/nongprung/track", &[("code", &guess)]),
            ))
            .await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "guess {n}");
    }
    let blocked = app
        .send(from(
            "203.0.113.7:50001",
            urlencoded("/p/nongprung/track", &[("code", "0000-0000-0000-0009")]),
        ))
        .await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(blocked.body.contains("หลายครั้งเกินไป กรุณารอ"));
    assert!(
        blocked.body.contains("0000-0000-0000-0009"),
        "the code typed comes back in the form"
    );
    let right_but_blocked = app
        .send(from(
            guesser,
            urlencoded("/p/nongprung/track", &[("code", &right)]),
        ))
        .await;
    assert_eq!(right_but_blocked.status, StatusCode::TOO_MANY_REQUESTS);
    let reply_blocked = app
        .send(from(
            guesser,
            urlencoded(
                "/p/nongprung/track/reply",
                &[("code", &right), ("message", "ข้อมูลเพิ่ม")],
            ),
        ))
        .await;
    assert_eq!(reply_blocked.status, StatusCode::TOO_MANY_REQUESTS);

    let elsewhere = app
        .send(from(
            "198.51.100.20:40000",
            urlencoded("/p/nongprung/track", &[("code", &right)]),
        ))
        .await;
    assert_eq!(elsewhere.status, StatusCode::OK);
}

#[tokio::test]
async fn a_urlencoded_post_files_a_complaint() {
    let app = App::new().await;
    let receipt = app
        .send(urlencoded(
            "/p/nongprung/complaint",
            &[
                ("subject", "ขยะไม่ได้เก็บ"),
                ("details", "รถเก็บขยะไม่มาสองสัปดาห์"),
                ("consent", "on"),
            ],
        ))
        .await;
    assert_eq!(receipt.status, StatusCode::OK, "{}", receipt.body);
    code_on(&receipt.body);
    let complaints = cases(&app, CaseKind::Complaint).await;
    assert_eq!(complaints.len(), 1);
    assert!(complaints[0].contact_sealed.is_none());
    assert_eq!(complaints[0].number, 1);
}

#[tokio::test]
async fn a_post_from_another_site_is_refused() {
    let app = App::new().await;
    let fields = [
        ("subject", "ทดสอบ"),
        ("details", "ส่งจากเว็บอื่น"),
        ("consent", "on"),
    ];
    let with = |name: &'static str, value: &'static str| {
        let mut req = urlencoded("/p/nongprung/complaint", &fields);
        req.headers_mut()
            .insert(header::HOST, "itas.example.go.th".parse().unwrap());
        req.headers_mut().insert(name, value.parse().unwrap());
        req
    };
    for req in [
        with("origin", "https://evil.example"),
        with("origin", "https://itas.example.go.th.evil.example"),
        with("sec-fetch-site", "cross-site"),
    ] {
        let page = app.send(req).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        assert!(page.body.contains("ส่งแบบฟอร์มจากเว็บไซต์อื่นไม่ได้"));
    }
    let track = {
        let mut req = urlencoded("/p/nongprung/track", &[("code", "0000-0000-0000-0000")]);
        req.headers_mut()
            .insert(header::ORIGIN, "https://evil.example".parse().unwrap());
        req
    };
    assert_eq!(app.send(track).await.status, StatusCode::FORBIDDEN);
    assert!(cases(&app, CaseKind::Complaint).await.is_empty());

    // Our own page: the same origin, or "null" under Referrer-Policy: no-referrer.
    for req in [
        with("origin", "https://itas.example.go.th"),
        with("origin", "null"),
        with("sec-fetch-site", "same-origin"),
    ] {
        assert_eq!(app.send(req).await.status, StatusCode::OK);
    }
    assert_eq!(cases(&app, CaseKind::Complaint).await.len(), 3);
}

#[tokio::test]
async fn the_tracking_page_shows_public_messages_only_and_takes_replies() {
    let app = App::new().await;
    let receipt = app
        .send(multipart(
            "/p/nongprung/report",
            &report_fields("notes", &[]),
            &[],
        ))
        .await;
    let code = code_on(&receipt.body);
    let report = cases(&app, CaseKind::Corruption).await.remove(0);
    let staff = Actor {
        user_id: Some(app.staff.id),
    };
    for (visibility, body) in [
        (
            MessageVisibility::Internal,
            "บันทึกภายใน: สอบถามหัวหน้ากองช่างแล้ว",
        ),
        (
            MessageVisibility::Public,
            "ได้รับเรื่องแล้ว อยู่ระหว่างตรวจสอบข้อเท็จจริง",
        ),
    ] {
        let message = CaseMessage {
            agency_id: app.agency.id,
            case_id: report.id,
            id: CaseMessageId::new(),
            at: Utc::now(),
            author: MessageAuthor::Staff(app.staff.id),
            visibility,
            body: body.to_owned(),
        };
        app.store.add_case_message(staff, &message).await.unwrap();
    }
    let page = app
        .send(urlencoded("/p/nongprung/track", &[("code", &code)]))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("อยู่ระหว่างตรวจสอบข้อเท็จจริง"));
    assert!(
        !page.body.contains("บันทึกภายใน"),
        "an internal note on the public page"
    );
    assert!(
        !page.body.contains(&app.staff.display_name),
        "staff names stay inside"
    );
    assert_eq!(
        hidden_value(&page.body, "code").as_deref(),
        Some(code.as_str())
    );

    let script = "<script>alert(1)</script> มีหลักฐานเพิ่ม";
    let pdf = b"%PDF-1.7\n";
    let replied = app
        .send(multipart(
            "/p/nongprung/track/reply",
            &[("code", &code), ("message", script)],
            &[("ใบเสร็จ.pdf", pdf)],
        ))
        .await;
    assert_eq!(replied.status, StatusCode::OK, "{}", replied.body);
    assert!(replied.body.contains("ส่งข้อความถึงเจ้าหน้าที่แล้ว"));
    assert!(replied.body.contains("&lt;script&gt;alert(1)"));
    assert!(!replied.body.contains("<script>"));
    assert!(replied.body.contains("หลักฐาน-1.pdf"));
    let messages = app
        .store
        .case_messages(app.agency.id, report.id)
        .await
        .unwrap();
    let last = messages.last().unwrap();
    assert_eq!(last.author, MessageAuthor::Reporter);
    assert_eq!(last.visibility, MessageVisibility::Public);
    assert_eq!(last.body, script);

    let empty = app
        .send(multipart(
            "/p/nongprung/track/reply",
            &[("code", &code), ("message", "  ")],
            &[],
        ))
        .await;
    assert!(empty.body.contains("กรุณาพิมพ์ข้อความ"));

    let mut report = app
        .store
        .find_case(app.agency.id, report.id)
        .await
        .unwrap()
        .unwrap();
    let version = report.version;
    report.status = CaseStatus::Closed;
    report.answered_at = Some(Utc::now());
    report.closed_at = Some(Utc::now());
    app.store
        .update_case(Actor::default(), &report, version)
        .await
        .unwrap();
    let closed = app
        .send(urlencoded(
            "/p/nongprung/track/reply",
            &[("code", &code), ("message", "ยังมีข้อมูลอีก")],
        ))
        .await;
    assert_eq!(closed.status, StatusCode::CONFLICT);
    assert!(closed.body.contains("เรื่องนี้ปิดแล้ว"));
    let after = app
        .store
        .case_messages(app.agency.id, report.id)
        .await
        .unwrap();
    assert_eq!(after.len(), messages.len());
}

/// One client may file only so many complaints with one agency in a window:
/// the next comes back 429 with a Thai message, what was typed kept and
/// nothing filed; another client files as usual.
#[tokio::test]
async fn a_client_that_files_too_much_waits_and_keeps_what_it_typed() {
    let app = App::with_config(WebConfig {
        public_filings_per_client: 2,
        ..WebConfig::default()
    })
    .await;
    let complaint = |subject: &str| {
        urlencoded(
            "/p/nongprung/complaint",
            &[
                ("subject", subject),
                ("details", "รถเก็บขยะไม่มาสองสัปดาห์"),
                ("consent", "on"),
            ],
        )
    };
    for n in 1..=2 {
        let filed = app
            .send(from("198.51.100.7:5000", complaint(&format!("ขยะ {n}"))))
            .await;
        assert_eq!(filed.status, StatusCode::OK, "{}", filed.body);
    }
    let third = app
        .send(from("198.51.100.7:5001", complaint("ขยะล้นถังหน้าตลาด")))
        .await;
    assert_eq!(third.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(third.body.contains("กรุณารอ"), "{}", third.body);
    assert!(
        third.body.contains("ขยะล้นถังหน้าตลาด"),
        "what was typed is kept"
    );
    assert_eq!(cases(&app, CaseKind::Complaint).await.len(), 2);
    let neighbour = app
        .send(from("198.51.100.8:5000", complaint("ไฟถนนดับ")))
        .await;
    assert_eq!(neighbour.status, StatusCode::OK, "{}", neighbour.body);
    assert_eq!(cases(&app, CaseKind::Complaint).await.len(), 3);
}
