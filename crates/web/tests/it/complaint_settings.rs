//! The complaint settings page: administrators only, bad input kept at its field,
//! the warnings when nobody can read or hear of corruption reports, and the
//! corruption-handler grants (visible, audited, within the agency).

use crate::common;

use axum::http::StatusCode;
use prongsai_core::complaints::ComplaintSettings;
use prongsai_core::model::{Role, User};
use prongsai_testkit::http::{Browser, Page, TestApp};

const PATH: &str = "/complaints/settings";
const NO_HANDLER: &str = "ยังไม่มีผู้รับผิดชอบเรื่องร้องเรียนการทุจริต — เรื่องที่แจ้งเข้ามาจะไม่มีผู้เปิดอ่าน";
const NO_EMAIL: &str = "ยังไม่ได้กำหนดอีเมลรับแจ้งเรื่องร้องเรียนการทุจริต";

/// Text as the auto-escaping templates write it.
fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('/', "&#x2f;")
}

async fn user_named(app: &TestApp, username: &str) -> User {
    let agency = if username.ends_with(".alpha") {
        app.a.agency.id
    } else {
        app.b.agency.id
    };
    app.store
        .list_users(agency)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.username == username)
        .unwrap()
}

async fn set_handler(app: &TestApp, browser: &Browser, user: &User, grant: bool) -> Page {
    let id = user.id.to_string();
    let handler = if grant { "yes" } else { "" };
    app.post(
        Some(browser),
        "/complaints/settings/handlers",
        &[("user_id", id.as_str()), ("handler", handler)],
    )
    .await
}

#[tokio::test]
async fn only_administrators_open_or_change_the_settings() {
    let app = common::app().await;
    app.add_user(app.a.agency.id, "exec.alpha", Role::Executive, None)
        .await;
    let staff = user_named(&app, "staff.alpha").await;
    for username in ["staff.alpha", "exec.alpha"] {
        let browser = app.login(username).await;
        assert_eq!(
            app.get(Some(&browser), PATH).await.status,
            StatusCode::FORBIDDEN
        );
        let page = app
            .post(Some(&browser), PATH, &[("deadline_days", "30")])
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        let page = set_handler(&app, &browser, &staff, true).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(
        app.store.complaint_settings(app.a.agency.id).await.unwrap(),
        ComplaintSettings::default()
    );
    assert!(
        !app.store
            .is_corruption_handler(app.a.agency.id, staff.id)
            .await
            .unwrap()
    );
    assert_eq!(app.get(None, PATH).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn bad_input_is_reported_at_its_field_with_what_was_typed() {
    let app = common::app().await;
    let admin = app.login("admin.alpha").await;
    let page = app.get(Some(&admin), PATH).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("value=\"15\""), "the defaults are shown");
    let page = app
        .post(
            Some(&admin),
            PATH,
            &[
                ("deadline_days", "สิบห้า"),
                ("reminder_days", "3"),
                ("small_count_threshold", "1"),
                ("retention_days", "90"),
                ("notify_emails", "saraban@alpha.go.th\nสมชาย ใจดี"),
                ("corruption_notify_emails", "<script>alert(1)</script>"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    for message in [
        "กรุณากรอกเป็นตัวเลขจำนวนเต็ม เช่น 15",
        "เกณฑ์ไม่เปิดเผยจำนวนต้องอยู่ระหว่าง 2 ถึง 50",
        "อีเมล &quot;สมชาย ใจดี&quot; ไม่ถูกต้อง",
    ] {
        assert!(page.body.contains(message), "{message}: {}", page.body);
    }
    assert!(page.body.contains("id=\"e-deadline_days\""));
    assert!(page.body.contains("id=\"e-corruption_notify_emails\""));
    assert!(page.body.contains("value=\"สิบห้า\""));
    assert!(
        page.body
            .contains("saraban@alpha.go.th\nสมชาย ใจดี</textarea>")
    );
    assert!(!page.body.contains("<script>alert(1)"));
    assert!(page.body.contains(&html("<script>alert(1)</script>")));
    assert_eq!(
        app.store.complaint_settings(app.a.agency.id).await.unwrap(),
        ComplaintSettings::default(),
        "nothing saved"
    );

    let page = app
        .post(
            Some(&admin),
            PATH,
            &[
                ("deadline_days", "๒๐"),
                ("reminder_days", "5"),
                ("small_count_threshold", "3"),
                ("retention_days", "180"),
                (
                    "notify_emails",
                    "saraban@alpha.go.th\r\npalad@alpha.go.th\r\n",
                ),
                ("corruption_notify_emails", "integrity@alpha.go.th"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let saved = app.store.complaint_settings(app.a.agency.id).await.unwrap();
    assert_eq!(
        saved,
        ComplaintSettings {
            deadline_days: 20,
            reminder_days: 5,
            small_count_threshold: 3,
            retention_days: 180,
            notify_emails: vec![
                "saraban@alpha.go.th".to_owned(),
                "palad@alpha.go.th".to_owned()
            ],
            corruption_notify_emails: vec!["integrity@alpha.go.th".to_owned()],
        }
    );
    assert_eq!(
        app.store.complaint_settings(app.b.agency.id).await.unwrap(),
        ComplaintSettings::default(),
        "the other agency is untouched"
    );
    let page = app.get(Some(&admin), &page.location.unwrap()).await;
    assert!(page.body.contains("บันทึกเรียบร้อยแล้ว"));
    assert!(
        page.body
            .contains("saraban@alpha.go.th\npalad@alpha.go.th</textarea>")
    );
    assert!(!page.body.contains(NO_EMAIL));
}

#[tokio::test]
async fn handler_grants_are_shown_audited_and_warned_about() {
    let app = common::app().await;
    let admin = app.login("admin.alpha").await;
    let staff = user_named(&app, "staff.alpha").await;
    let page = app.get(Some(&admin), PATH).await;
    assert!(page.body.contains(NO_HANDLER), "{}", page.body);
    assert!(page.body.contains(NO_EMAIL));
    assert!(page.body.contains("ระบบบันทึกการเปิดอ่านทุกครั้ง"));
    assert!(page.body.contains(&staff.display_name));

    let before = app
        .store
        .list_audit(app.a.agency.id, 100)
        .await
        .unwrap()
        .len();
    let page = set_handler(&app, &admin, &staff, true).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert!(
        app.store
            .is_corruption_handler(app.a.agency.id, staff.id)
            .await
            .unwrap()
    );
    let page = app.get(Some(&admin), PATH).await;
    assert!(!page.body.contains(NO_HANDLER));
    assert!(
        page.body
            .contains(&format!("ยกเลิกสิทธิ์ของ {}", staff.display_name))
    );
    assert!(
        page.body
            .contains(&format!("มอบสิทธิ์ให้ {}", app.a.admin.display_name))
    );

    let page = set_handler(&app, &admin, &staff, false).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(
        !app.store
            .is_corruption_handler(app.a.agency.id, staff.id)
            .await
            .unwrap()
    );
    assert!(app.get(Some(&admin), PATH).await.body.contains(NO_HANDLER));

    let audit = app.store.list_audit(app.a.agency.id, 100).await.unwrap();
    let about_staff: Vec<_> = audit[..audit.len() - before]
        .iter()
        .filter(|e| {
            let id = staff.id.to_string();
            e.entity_id.contains(&id)
                || [&e.before, &e.after]
                    .iter()
                    .any(|v| v.as_ref().is_some_and(|v| v.to_string().contains(&id)))
        })
        .collect();
    assert_eq!(about_staff.len(), 2, "grant and revoke audited: {audit:?}");
    assert!(
        about_staff
            .iter()
            .all(|e| e.user_id == Some(app.a.admin.id))
    );
}

#[tokio::test]
async fn grants_stay_within_the_agency_and_skip_inactive_users() {
    let app = common::app().await;
    let admin = app.login("admin.alpha").await;
    let other = user_named(&app, "staff.bravo").await;
    let page = set_handler(&app, &admin, &other, true).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(
        app.store
            .corruption_handlers(app.b.agency.id)
            .await
            .unwrap()
            .is_empty()
    );
    let page = app
        .post(
            Some(&admin),
            "/complaints/settings/handlers",
            &[("user_id", "not-an-id"), ("handler", "yes")],
        )
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);

    let mut retired = app
        .add_user(app.a.agency.id, "retired.alpha", Role::Staff, None)
        .await;
    retired.active = false;
    app.store
        .update_user(prongsai_store::Actor::default(), &retired)
        .await
        .unwrap();
    let page = set_handler(&app, &admin, &retired, true).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("ถูกปิดการใช้งาน"));
    assert!(
        app.store
            .corruption_handlers(app.a.agency.id)
            .await
            .unwrap()
            .is_empty()
    );
}
