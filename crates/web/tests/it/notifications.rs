//! E-mail notifications through a real SMTP conversation with a local sink: a new
//! complaint and a new corruption report (which must say nothing of itself), news
//! for a complainant, deadline reminders sent once each, no claims without a
//! mailer, the deletion of expired corruption reports with their files, and the
//! overdue panel of the dashboard.

use crate::common;

use axum::http::StatusCode;
use chrono::{DateTime, Days, Duration, NaiveDate, Utc};
use prongsai_app::Settings;
use prongsai_app::case_files::CaseVault;
use prongsai_app::jobs::{HousekeepingReport, run_housekeeping};
use prongsai_core::complaints::sealing::MasterKey;
use prongsai_core::complaints::tracking::TrackingCode;
use prongsai_core::complaints::{
    Case, CaseAttachment, CaseKind, CaseStatus, Channel, ComplaintSettings,
};
use prongsai_core::model::{AgencyId, CaseAttachmentId, CaseId, Role};
use prongsai_core::thai::calendar::in_thailand;
use prongsai_core::thai::fiscal::FiscalYear;
use prongsai_store::{Actor, CaseFilter, NewCase, Store};
use prongsai_testkit::http::TestApp;
use prongsai_testkit::smtp::{Received, SmtpSink};
use prongsai_web::{AppState, WebConfig};

const BASE: &str = "https://itas.example.go.th";
const STAFF_LIST: &str = "saraban@alpha.example.go.th";
const HANDLER_LIST: &str = "integrity@alpha.example.go.th";

fn mail_settings(sink: &SmtpSink) -> Settings {
    Settings {
        smtp: Some(sink.config()),
        public_base_url: Some(format!("{BASE}/")),
        ..Settings::default()
    }
}

async fn with_lists(store: &Store, agency: AgencyId) {
    let settings = ComplaintSettings {
        notify_emails: vec![STAFF_LIST.to_owned()],
        corruption_notify_emails: vec![HANDLER_LIST.to_owned()],
        ..ComplaintSettings::default()
    };
    store
        .save_complaint_settings(Actor::default(), agency, &settings)
        .await
        .unwrap();
}

/// The router's app with mail to `sink` and both lists set for agency A.
async fn mailing_app(sink: &SmtpSink) -> TestApp {
    let app = common::app_with(mail_settings(sink), WebConfig::default()).await;
    with_lists(&app.store, app.a.agency.id).await;
    app
}

/// A state over the app's store for running housekeeping directly.
fn state(app: &TestApp, settings: Settings) -> AppState {
    AppState::new(app.store.clone(), settings, WebConfig::default())
}

fn today() -> NaiveDate {
    in_thailand(Utc::now()).date_naive()
}

fn this_fiscal_year() -> i32 {
    FiscalYear::containing(today()).be()
}

fn case(agency: AgencyId, kind: CaseKind, received_at: DateTime<Utc>, due: NaiveDate) -> Case {
    Case {
        agency_id: agency,
        id: CaseId::new(),
        kind,
        channel: Channel::Telephone,
        fiscal_year: FiscalYear::containing(in_thailand(received_at).date_naive()).be(),
        number: 0,
        code_hash: TrackingCode::random().lookup_hash(),
        status: CaseStatus::InProgress,
        subject: format!("เรื่องลับ{}", kind.code()),
        details: format!("รายละเอียดลับ{}", kind.code()),
        place: "ซอยลับ 7".to_owned(),
        contact_sealed: None,
        consent: true,
        received_at,
        due_on: due,
        department_id: None,
        outcome_note: String::new(),
        answered_at: None,
        first_reply_at: None,
        closed_at: None,
        purged_at: None,
        version: 1,
    }
}

async fn store_case(store: &Store, case: Case) -> Case {
    store
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

/// A case of agency A due `due_in` days from today (negative: already past).
async fn due_case(app: &TestApp, kind: CaseKind, due_in: i64) -> Case {
    let due = today() + Duration::days(due_in);
    let received = Utc::now() - Duration::days(15 - due_in);
    store_case(&app.store, case(app.a.agency.id, kind, received, due)).await
}

fn to(messages: &[Received], address: &str) -> Vec<Received> {
    messages
        .iter()
        .filter(|m| m.to.iter().any(|t| t == address))
        .cloned()
        .collect()
}

#[tokio::test]
async fn a_new_complaint_mails_the_staff_list_with_its_number() {
    let sink = SmtpSink::start().await;
    let app = mailing_app(&sink).await;
    let page = app
        .post(
            None,
            "/p/alpha/complaint",
            &[
                ("subject", "ไฟฟ้าส่องสว่างดับทั้งซอย"),
                ("details", "ดับมาสามคืนแล้ว"),
                ("place", "หมู่ 3"),
                ("consent", "on"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let messages = sink.wait_for(1).await;
    assert_eq!(messages.len(), 1);
    let mail = &messages[0];
    assert_eq!(mail.to, [STAFF_LIST]);
    assert_eq!(mail.from, "no-reply@itas.example.go.th");
    let stored = app
        .store
        .list_cases(app.a.agency.id, &CaseFilter::default())
        .await
        .unwrap();
    let [stored] = stored.as_slice() else {
        panic!("one case stored: {stored:?}");
    };
    assert_eq!(
        mail.subject(),
        format!("เรื่องร้องเรียนใหม่ ร. {}/{}", stored.number, this_fiscal_year())
    );
    let body = mail.body();
    assert!(body.contains("ไฟฟ้าส่องสว่างดับทั้งซอย"), "{body}");
    assert!(
        body.contains(&format!("{BASE}/cases/{}", stored.id)),
        "{body}"
    );
    assert!(!body.contains("ดับมาสามคืนแล้ว"), "details stay in the system");
    assert_eq!(sink.settle().await.len(), 1, "one mail, to one list");
}

#[tokio::test]
async fn a_corruption_report_mail_says_nothing_of_the_report_or_reporter() {
    let sink = SmtpSink::start().await;
    let app = mailing_app(&sink).await;
    let secrets = [
        ("subject", "ปลัดเรียกรับเงินค่าใบอนุญาต"),
        ("details", "เรียกเงินสามหมื่นบาทที่ห้องประชุม"),
        ("place", "อาคารสำนักงานชั้นสอง"),
        ("name", "สมหญิง ผู้แจ้ง"),
        ("phone", "0812345678"),
        ("email", "whistle@example.com"),
        ("address", "บ้านเลขที่ 99"),
    ];
    let mut fields = secrets.to_vec();
    fields.push(("consent", "on"));
    let page = app.post(None, "/p/alpha/report", &fields).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let messages = sink.wait_for(1).await;
    let mail = &messages[0];
    assert_eq!(mail.to, [HANDLER_LIST]);
    assert_eq!(mail.subject(), "มีเรื่องแจ้งเบาะแสการทุจริตใหม่");
    let all = mail.everything();
    for (field, secret) in secrets {
        assert!(!all.contains(secret), "{field} leaked into the mail");
    }
    assert!(!all.contains("ท. "), "not even the number");
    let stored = app
        .store
        .list_cases(app.a.agency.id, &CaseFilter::default())
        .await
        .unwrap();
    assert!(
        mail.body()
            .contains(&format!("{BASE}/cases/{}", stored[0].id))
    );
    assert_eq!(sink.settle().await.len(), 1, "nothing to the staff list");
}

#[tokio::test]
async fn a_public_reply_tells_a_complainant_with_an_email_where_to_read_it() {
    let sink = SmtpSink::start().await;
    let app = mailing_app(&sink).await;
    let reporter = "reporter@example.com";
    for path in ["/p/alpha/complaint", "/p/alpha/report"] {
        let subject = format!("ถนนชำรุด {path}");
        let page = app
            .post(
                None,
                path,
                &[
                    ("subject", subject.as_str()),
                    ("details", "หลุมลึก"),
                    ("email", reporter),
                    ("consent", "on"),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    }
    sink.wait_for(2).await;
    app.store
        .set_corruption_handler(Actor::default(), app.a.agency.id, app.a.admin.id, true)
        .await
        .unwrap();
    let admin = app.login("admin.alpha").await;
    let cases = app
        .store
        .list_cases(app.a.agency.id, &CaseFilter::default())
        .await
        .unwrap();
    for c in &cases {
        for (visibility, body) in [
            ("internal", "บันทึกภายในห้ามส่งออก"),
            ("public", "ซ่อมเสร็จแล้วเมื่อวานนี้"),
        ] {
            let page = app
                .post_multipart(
                    &admin,
                    &format!("/cases/{}/messages", c.id),
                    &[("body", body), ("visibility", visibility)],
                    None,
                )
                .await;
            assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        }
    }
    let messages = sink.wait_for(3).await;
    let news = to(&sink.settle().await, reporter);
    assert_eq!(
        news.len(),
        1,
        "one mail, for the complaint only: {messages:?}"
    );
    let mail = &news[0];
    assert_eq!(mail.subject(), "มีความคืบหน้าเรื่องร้องเรียนของท่าน");
    let body = mail.body();
    assert!(body.contains(&format!("{BASE}/p/alpha/track")), "{body}");
    let all = mail.everything();
    for secret in ["ซ่อมเสร็จแล้วเมื่อวานนี้", "บันทึกภายในห้ามส่งออก", "ถนนชำรุด"]
    {
        assert!(!all.contains(secret), "{secret} in the mail");
    }
}

#[tokio::test]
async fn a_reminder_and_an_overdue_notice_go_out_once_each() {
    let sink = SmtpSink::start().await;
    let app = mailing_app(&sink).await;
    let state = state(&app, mail_settings(&sink));
    let tomorrow = due_case(&app, CaseKind::Complaint, 1).await;
    let late = due_case(&app, CaseKind::Complaint, -2).await;
    let late_report = due_case(&app, CaseKind::Corruption, -1).await;
    let not_yet = due_case(&app, CaseKind::Complaint, 10).await;

    let first = run_housekeeping(state.app(), Utc::now()).await;
    assert_eq!(
        first,
        HousekeepingReport {
            reminders: 1,
            overdue: 2,
            purged: 0,
            rekeyed: 0,
            digests: 0
        }
    );
    let second = run_housekeeping(state.app(), Utc::now()).await;
    assert_eq!(second, HousekeepingReport::default());
    let messages = sink.settle().await;
    assert_eq!(messages.len(), 3, "{messages:?}");

    let staff = to(&messages, STAFF_LIST);
    let soon: Vec<_> = staff
        .iter()
        .filter(|m| m.subject().starts_with("ใกล้ครบกำหนด"))
        .collect();
    assert_eq!(soon.len(), 1);
    assert!(soon[0].subject().contains(&tomorrow.number_label()));
    assert!(soon[0].body().contains("ครบกำหนดในอีก 1 วัน"));
    assert!(soon[0].body().contains(&tomorrow.id.to_string()));
    let overdue: Vec<_> = staff
        .iter()
        .filter(|m| m.subject().starts_with("เลยกำหนดแล้ว"))
        .collect();
    assert_eq!(overdue.len(), 1);
    assert!(overdue[0].body().contains(&late.id.to_string()));
    assert!(overdue[0].body().contains("เลยกำหนดมาแล้ว 2 วัน"));
    assert!(
        !messages
            .iter()
            .any(|m| m.body().contains(&not_yet.id.to_string()))
    );

    let handlers = to(&messages, HANDLER_LIST);
    assert_eq!(handlers.len(), 1);
    assert!(handlers[0].subject().starts_with("เลยกำหนดแล้ว"));
    assert!(handlers[0].body().contains(&late_report.id.to_string()));
    let all = handlers[0].everything();
    for secret in [
        &late_report.subject,
        &late_report.details,
        &late_report.place,
    ] {
        assert!(!all.contains(secret.as_str()), "{secret} in the mail");
    }

    let answered = Case {
        status: CaseStatus::Resolved,
        answered_at: Some(Utc::now()),
        ..tomorrow.clone()
    };
    app.store
        .update_case(Actor::default(), &answered, tomorrow.version)
        .await
        .unwrap();
    let later = Utc::now() + Duration::days(5);
    assert_eq!(
        run_housekeeping(state.app(), later).await,
        HousekeepingReport::default(),
        "answered and already notified cases rest"
    );
}

#[tokio::test]
async fn without_a_mailer_reminders_wait_for_one() {
    let sink = SmtpSink::start().await;
    let app = mailing_app(&sink).await;
    due_case(&app, CaseKind::Complaint, 1).await;
    let silent = state(&app, Settings::default());
    assert_eq!(
        run_housekeeping(silent.app(), Utc::now()).await,
        HousekeepingReport::default()
    );
    assert!(sink.settle().await.is_empty());
    let mailing = state(&app, mail_settings(&sink));
    let report = run_housekeeping(mailing.app(), Utc::now()).await;
    assert_eq!(report.reminders, 1, "the reminder was not used up");
    assert_eq!(sink.settle().await.len(), 1);
}

#[tokio::test]
async fn reminders_wait_for_a_recipient_and_a_working_server() {
    let sink = SmtpSink::start().await;
    let app = common::app_with(mail_settings(&sink), WebConfig::default()).await;
    due_case(&app, CaseKind::Complaint, 0).await;
    let state = state(&app, mail_settings(&sink));
    assert_eq!(run_housekeeping(state.app(), Utc::now()).await.reminders, 0);
    assert!(sink.settle().await.is_empty());
    with_lists(&app.store, app.a.agency.id).await;
    assert_eq!(run_housekeeping(state.app(), Utc::now()).await.reminders, 1);
    let messages = sink.settle().await;
    assert!(messages[0].body().contains("ครบกำหนดวันนี้"));
}

#[tokio::test]
async fn an_expired_corruption_report_loses_its_content_and_files() {
    let app = common::app().await;
    let dir = tempfile::tempdir().unwrap();
    let key = MasterKey::generate();
    let config = Settings {
        data_dir: dir.path().to_path_buf(),
        master_key: key.clone(),
        ..Settings::default()
    };
    let vault = CaseVault::new(dir.path(), key);
    let state = state(&app, config);
    let now = Utc::now();
    let mut stored = Vec::new();
    for (kind, closed_days_ago) in [
        (CaseKind::Corruption, 100),
        (CaseKind::Corruption, 10),
        (CaseKind::Complaint, 100),
    ] {
        let received = now - Duration::days(200);
        let due = in_thailand(received).date_naive() + Days::new(15);
        let c = case(app.a.agency.id, kind, received, due);
        let file = CaseAttachment {
            agency_id: c.agency_id,
            case_id: c.id,
            id: CaseAttachmentId::new(),
            file_name: "หลักฐาน-1.pdf".to_owned(),
            content_type: "application/pdf".to_owned(),
            size_bytes: 20,
            sha256: String::new(),
            uploaded_at: received,
            from_reporter: true,
        };
        vault.write_file(&file, b"%PDF-1.7 evidence").await.unwrap();
        let created = app
            .store
            .create_case(
                Actor::default(),
                &NewCase {
                    case: c,
                    attachments: vec![file.clone()],
                },
            )
            .await
            .unwrap();
        let closed_at = now - Duration::days(closed_days_ago);
        let closed = Case {
            status: CaseStatus::Closed,
            answered_at: Some(closed_at),
            closed_at: Some(closed_at),
            ..created.clone()
        };
        app.store
            .update_case(Actor::default(), &closed, created.version)
            .await
            .unwrap();
        stored.push((created, file));
    }
    let report = run_housekeeping(state.app(), now).await;
    assert_eq!(report.purged, 1);
    let gone = std::io::ErrorKind::NotFound;
    let (expired, expired_file) = &stored[0];
    assert_eq!(
        vault.read_file(expired_file).await.unwrap_err().kind(),
        gone
    );
    let after = app
        .store
        .find_case(app.a.agency.id, expired.id)
        .await
        .unwrap()
        .unwrap();
    assert!(after.purged_at.is_some());
    assert!(after.details.is_empty() && after.subject.is_empty());
    for (kept, kept_file) in &stored[1..] {
        assert_eq!(
            vault.read_file(kept_file).await.unwrap(),
            b"%PDF-1.7 evidence",
            "{:?} kept",
            kept.kind
        );
    }
    assert_eq!(run_housekeeping(state.app(), now).await.purged, 0);
}

#[tokio::test]
async fn the_dashboard_shows_overdue_complaints_and_counts_reports_for_handlers_only() {
    let app = common::app().await;
    let late = Case {
        subject: "ท่อระบายน้ำอุดตันหน้าตลาด".to_owned(),
        ..due_case(&app, CaseKind::Complaint, -3).await
    };
    app.store
        .update_case(Actor::default(), &late, late.version)
        .await
        .unwrap();
    due_case(&app, CaseKind::Complaint, 4).await;
    let report = due_case(&app, CaseKind::Corruption, -1).await;
    let b_late = store_case(
        &app.store,
        case(
            app.b.agency.id,
            CaseKind::Complaint,
            Utc::now() - Duration::days(30),
            today() - Days::new(10),
        ),
    )
    .await;

    let admin = app.login("admin.alpha").await;
    let page = app.get(Some(&admin), "/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("เรื่องร้องเรียนเลยกำหนด ยังไม่ได้ตอบหรือชี้แจงผู้ร้อง 1 เรื่อง"),
        "{}",
        page.body
    );
    assert!(page.body.contains("ท่อระบายน้ำอุดตันหน้าตลาด"));
    assert!(page.body.contains(&format!("href=\"/cases/{}\"", late.id)));
    assert!(page.body.contains("<td class=\"num\">3 วัน</td>"));
    assert!(!page.body.contains(&b_late.id.to_string()));
    assert!(!page.body.contains("เรื่องร้องเรียนการทุจริตเลยกำหนด"));

    app.store
        .set_corruption_handler(Actor::default(), app.a.agency.id, app.a.admin.id, true)
        .await
        .unwrap();
    let page = app.get(Some(&admin), "/").await;
    assert!(page.body.contains("เรื่องร้องเรียนการทุจริตเลยกำหนด 1 เรื่อง"));
    assert!(!page.body.contains(&report.subject));
    assert!(!page.body.contains(&report.id.to_string()));

    app.add_user(
        app.a.agency.id,
        "head.alpha",
        Role::DepartmentHead,
        Some(app.a.department.id),
    )
    .await;
    let head = app.login("head.alpha").await;
    let page = app.get(Some(&head), "/").await;
    assert!(
        page.body.contains("ไม่มีเรื่องร้องเรียนที่เลยกำหนด"),
        "a department head sees their department's cases only"
    );
}

/// Past ten "new case" mails in an hour the rest wait, and the next
/// housekeeping run sends them as one digest naming each; a case is told once.
#[tokio::test]
async fn past_the_rate_new_complaints_go_out_as_one_digest() {
    let sink = SmtpSink::start().await;
    let app = mailing_app(&sink).await;
    for n in 1..=12 {
        let page = app
            .post(
                None,
                "/p/alpha/complaint",
                &[
                    ("subject", &format!("ท่อระบายน้ำอุดตัน จุดที่ {n}")),
                    ("details", "น้ำท่วมขังหน้าบ้าน"),
                    ("consent", "on"),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    }
    let single = sink.settle().await;
    assert_eq!(single.len(), 10, "ten single mails, then the rate holds");
    let state = state(&app, mail_settings(&sink));
    let later = Utc::now() + Duration::minutes(2);
    let report = run_housekeeping(state.app(), later).await;
    assert_eq!(report.digests, 1);
    let all = sink.settle().await;
    assert_eq!(all.len(), 11);
    let digest = all
        .iter()
        .find(|m| m.subject().contains("รวมแจ้ง"))
        .expect("the digest");
    assert_eq!(digest.to, [STAFF_LIST]);
    let body = digest.body();
    let told: Vec<_> = (1..=12)
        .filter(|n| body.contains(&format!("จุดที่ {n} ")))
        .collect();
    assert_eq!(told.len(), 2, "the two that waited: {body}");
    for mail in &single {
        for n in &told {
            assert!(!mail.body().contains(&format!("จุดที่ {n}\n")), "told twice");
        }
    }
    let again = run_housekeeping(state.app(), later).await;
    assert_eq!(again.digests, 0);
}
