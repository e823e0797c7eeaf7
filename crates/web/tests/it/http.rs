//! HTTP behaviour of the real router: login, sessions, CSRF, headers, forms that
//! keep what was typed, and tenant isolation.

use crate::common;

use axum::http::{StatusCode, header};
use prongsai_app::Settings;
use prongsai_testkit::http::{Browser, PASSWORD, Page, TestApp, hidden_value};
use prongsai_web::WebConfig;

#[tokio::test]
async fn login_page_is_thai_and_sets_secure_headers() {
    let app = common::app().await;
    let page = app.get(None, "/login").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("เข้าสู่ระบบ"));
    assert!(page.body.contains("lang=\"th\""));
    let csp = page.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"));
    assert_eq!(page.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(page.headers[header::X_FRAME_OPTIONS], "DENY");
    let cookie = page.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Secure")
    );
}

#[tokio::test]
async fn pages_need_a_login() {
    let app = common::app().await;
    for path in [
        "/",
        "/departments",
        "/officials",
        "/users",
        "/ita",
        "/frameworks",
        "/agency",
        "/audit",
    ] {
        let page = app.get(None, path).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(page.location.as_deref(), Some("/login"), "{path}");
    }
    let forged = Browser {
        cookie: "prongsai_session=00ff".to_owned(),
        csrf: String::new(),
    };
    assert_eq!(
        app.get(Some(&forged), "/").await.location.as_deref(),
        Some("/login")
    );
}

/// The login form filled in as `username` with `password`, from `client`.
async fn login_as(app: &TestApp, username: &str, password: &str, client: &str) -> Page {
    let page = app.get(None, "/login").await;
    let cookie = prongsai_testkit::http::set_cookie(&page, "prongsai_login_csrf").unwrap();
    let token = hidden_value(&page.body, "csrf_token").unwrap();
    let body = serde_urlencoded::to_string([
        ("username", username),
        ("password", password),
        ("csrf_token", token.as_str()),
    ])
    .unwrap();
    let mut req = axum::http::Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, format!("prongsai_login_csrf={cookie}"))
        .body(axum::body::Body::from(body))
        .unwrap();
    let peer: std::net::SocketAddr = client.parse().unwrap();
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(peer));
    app.send(req).await
}

#[tokio::test]
async fn wrong_password_keeps_the_username_and_throttles_only_the_guessing_address() {
    let config = WebConfig {
        login_attempts: 2,
        ..WebConfig::default()
    };
    let app = common::app_with(Settings::default(), config).await;
    let guesser = "203.0.113.7:50000";
    let page = login_as(&app, "admin.alpha", "wrong-password", guesser).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"));
    assert!(page.body.contains("value=\"admin.alpha\""));
    login_as(&app, "admin.alpha", "wrong-password", guesser).await;
    let page = login_as(&app, "admin.alpha", PASSWORD, guesser).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("ผิดหลายครั้งจากเครื่องนี้ กรุณารอ"),
        "the guessing address waits, even with the right password"
    );
    assert!(page.body.contains("value=\"admin.alpha\""));
    let owner = login_as(&app, "admin.alpha", PASSWORD, "198.51.100.20:40000").await;
    assert_eq!(
        owner.location.as_deref(),
        Some("/"),
        "the right password from another address logs in"
    );
}

#[tokio::test]
async fn every_user_changes_their_own_password_and_other_browsers_are_logged_out() {
    let app = common::app().await;
    let here = app.login("staff.alpha").await;
    let elsewhere = app.login("staff.alpha").await;
    let page = app.get(Some(&here), "/account/password").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("รหัสผ่านปัจจุบัน"));
    let new_password = "ใหม่-รหัสผ่าน-2568";
    let wrong = app
        .post(
            Some(&here),
            "/account/password",
            &[
                ("current_password", "not-my-password"),
                ("password", new_password),
                ("password_confirm", new_password),
            ],
        )
        .await;
    assert!(wrong.body.contains("รหัสผ่านปัจจุบันไม่ถูกต้อง"));
    let changed = app
        .post(
            Some(&here),
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("password", new_password),
                ("password_confirm", new_password),
            ],
        )
        .await;
    assert_eq!(
        changed.location.as_deref(),
        Some("/account/password?notice=password")
    );
    assert_eq!(
        app.get(Some(&here), "/").await.status,
        StatusCode::OK,
        "this browser stays"
    );
    assert_eq!(
        app.get(Some(&elsewhere), "/").await.location.as_deref(),
        Some("/login"),
        "the other browser is logged out"
    );
    let old = login_as(&app, "staff.alpha", PASSWORD, "198.51.100.20:40000").await;
    assert!(old.body.contains("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"));
    let new = login_as(&app, "staff.alpha", new_password, "198.51.100.20:40000").await;
    assert_eq!(new.location.as_deref(), Some("/"));
}

#[tokio::test]
async fn an_administrator_ends_a_users_sessions() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let staff = app.login("staff.alpha").await;
    let staff_id = app
        .store
        .find_user_by_username("staff.alpha")
        .await
        .unwrap()
        .unwrap()
        .id;
    let ended = app
        .post(
            Some(&admin),
            &format!("/users/{}/sessions/end", staff_id.0),
            &[],
        )
        .await;
    assert_eq!(
        ended.location.as_deref(),
        Some("/users?notice=sessions_ended")
    );
    assert_eq!(
        app.get(Some(&staff), "/").await.location.as_deref(),
        Some("/login")
    );
    assert_eq!(app.get(Some(&admin), "/").await.status, StatusCode::OK);
    let refused = app
        .post(
            Some(&staff),
            &format!("/users/{}/sessions/end", app.a.admin.id.0),
            &[],
        )
        .await;
    assert_ne!(
        refused.location.as_deref(),
        Some("/users?notice=sessions_ended")
    );
}

#[tokio::test]
async fn login_without_its_csrf_cookie_is_refused() {
    let app = common::app().await;
    let page = app
        .post(
            None,
            "/login",
            &[
                ("username", "admin.alpha"),
                ("password", PASSWORD),
                ("csrf_token", "x"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(prongsai_testkit::http::set_cookie(&page, "prongsai_session").is_none());
}

#[tokio::test]
async fn dashboard_shows_own_results_as_svg_and_current_round() {
    let app = common::app().await;
    let browser = app.login(&app.a.admin.username).await;
    let page = app.get(Some(&browser), "/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<svg"));
    assert!(!page.body.contains(&app.b.agency.name));
    assert!(page.body.contains("data-year=\"2565\""));
    assert!(
        !page.body.contains("data-year=\"2564\""),
        "the other agency's year leaked"
    );
    assert!(page.body.contains("อบต.อัลฟา"));
    assert!(!page.body.contains("อบต.บราโว"));
    assert!(page.body.contains("ปีงบประมาณปัจจุบัน"));
    assert!(page.body.contains("รอบ"));
    assert_eq!(page.headers[header::CACHE_CONTROL], "no-store");
}

#[tokio::test]
async fn the_agency_page_says_what_a_user_can_do_not_which_command() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let page = app.get(Some(&admin), "/agency").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("CLI"), "{}", page.body);
    assert!(page.body.contains(&format!("/p/{}", app.a.agency.code)));
    assert!(page.body.contains("ติดต่อผู้ดูแลเซิร์ฟเวอร์"));
}

#[tokio::test]
async fn pages_fold_their_menu_and_tables_on_phones_and_carry_a_favicon() {
    let app = common::app().await;
    let icon = app.get(None, "/static/favicon.svg").await;
    assert_eq!(icon.status, StatusCode::OK);
    assert_eq!(icon.headers[header::CONTENT_TYPE], "image/svg+xml");
    assert!(icon.body.starts_with("<svg"));
    let login = app.get(None, "/login").await;
    assert!(
        login
            .body
            .contains(r#"<link rel="icon" href="/static/favicon.svg""#)
    );

    let admin = app.login(&app.a.admin.username).await;
    let home = app.get(Some(&admin), "/").await;
    assert!(
        home.body
            .contains(r#"<link rel="icon" href="/static/favicon.svg""#)
    );
    let menu = home
        .body
        .split("<details class=\"menu\">")
        .nth(1)
        .expect("a menu");
    let menu = menu.split("</details>").next().unwrap();
    assert!(menu.contains("<summary>เมนู</summary>"));
    assert!(
        menu.contains(r#"<a href="/plan""#),
        "the links are inside the menu"
    );
    let css = app.get(None, "/static/app.css").await.body;
    assert!(css.contains("table.cards-on-phone td[data-label]::before"));
    assert!(css.contains("@media (max-width: 47.99em)"));
}

#[tokio::test]
async fn logout_ends_the_session() {
    let app = common::app().await;
    let browser = app.login("admin.alpha").await;
    let page = app.post(Some(&browser), "/logout", &[]).await;
    assert_eq!(page.location.as_deref(), Some("/login"));
    assert_eq!(
        app.get(Some(&browser), "/").await.location.as_deref(),
        Some("/login")
    );
}

#[tokio::test]
async fn state_changes_need_the_session_csrf_token() {
    let app = common::app().await;
    let browser = app.login("admin.alpha").await;
    let missing = app
        .post(
            Some(&browser),
            "/departments",
            &[("name", "กองช่าง"), ("csrf_token", "")],
        )
        .await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    let wrong = app
        .post(
            Some(&browser),
            "/departments",
            &[("name", "กองช่าง"), ("csrf_token", "abc")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    assert!(wrong.body.contains("แบบฟอร์มหมดอายุ"));
    let departments = app.store.list_departments(app.a.agency.id).await.unwrap();
    assert!(departments.iter().all(|d| d.name != "กองช่าง"));
}

#[tokio::test]
async fn a_name_with_a_nul_or_only_invisible_characters_is_refused_in_thai() {
    let app = common::app().await;
    let browser = app.login("admin.alpha").await;
    for (name, message) in [
        ("กอง\u{0}คลัง", "อักขระควบคุมที่มองไม่เห็น"),
        ("\u{200B}\u{200B}", "กรุณากรอกชื่อส่วนราชการ"),
        ("\u{0E49}", "กรุณากรอกชื่อส่วนราชการ"),
    ] {
        let page = app
            .post(
                Some(&browser),
                "/departments",
                &[("name", name), ("sort_order", "7")],
            )
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains(message), "{name:?}");
        assert!(page.body.contains("value=\"7\""), "what was typed is kept");
    }
    assert_eq!(
        app.store
            .list_departments(app.a.agency.id)
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn department_form_keeps_input_and_shows_thai_errors() {
    let app = common::app().await;
    let browser = app.login("admin.alpha").await;
    let page = app
        .post(
            Some(&browser),
            "/departments",
            &[("name", "  "), ("sort_order", "สาม")],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("กรุณากรอกชื่อส่วนราชการ"));
    assert!(page.body.contains("ลำดับต้องเป็นจำนวนเต็ม"));
    assert!(
        page.body.contains("value=\"สาม\""),
        "typed value must be kept"
    );
    assert_eq!(
        app.store
            .list_departments(app.a.agency.id)
            .await
            .unwrap()
            .len(),
        1
    );

    let page = app
        .post(
            Some(&browser),
            "/departments",
            &[("name", "กองช่าง"), ("sort_order", "๒")],
        )
        .await;
    assert_eq!(page.location.as_deref(), Some("/departments?notice=saved"));
    let list = app.get(Some(&browser), "/departments?notice=saved").await;
    assert!(list.body.contains("กองช่าง") && list.body.contains("บันทึกเรียบร้อยแล้ว"));

    let dup = app
        .post(
            Some(&browser),
            "/departments",
            &[("name", "กองช่าง"), ("sort_order", "")],
        )
        .await;
    assert!(dup.body.contains("มีส่วนราชการชื่อนี้อยู่แล้ว"));
}

#[tokio::test]
async fn department_in_use_is_not_deleted() {
    let app = common::app().await;
    let browser = app.login("admin.alpha").await;
    assert_eq!(app.a.official.department_id, Some(app.a.department.id));
    let path = format!("/departments/{}/delete", app.a.department.id);
    let unconfirmed = app.post(Some(&browser), &path, &[]).await;
    assert!(unconfirmed.body.contains("กรุณาติ๊กยืนยันก่อนลบ"));
    let in_use = app.post(Some(&browser), &path, &[("confirm", "yes")]).await;
    assert!(in_use.body.contains("ลบไม่ได้"));
    assert!(
        app.store
            .get_department(app.a.agency.id, app.a.department.id)
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn staff_cannot_change_master_data() {
    let app = common::app().await;
    let browser = app.login("staff.alpha").await;
    let page = app
        .post(Some(&browser), "/departments", &[("name", "กองใหม่")])
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let list = app.get(Some(&browser), "/departments").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(!list.body.contains("เพิ่มส่วนราชการ"));
}

#[tokio::test]
async fn unknown_pages_and_garbage_ids_are_404_in_thai() {
    let app = common::app().await;
    let browser = app.login("admin.alpha").await;
    for path in [
        "/no-such-page",
        "/departments/not-a-uuid",
        "/departments/00000000-0000-0000-0000-000000000000",
    ] {
        let page = app.get(Some(&browser), path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert!(page.body.contains("ไม่พบข้อมูล"), "{path}");
    }
}

#[tokio::test]
async fn no_input_a_user_can_type_causes_a_server_error() {
    let app = common::app().await;
    let browser = app.login("admin.alpha").await;
    let dept = app.a.department.id.to_string();
    let official = app.a.official.id.to_string();
    let user = app.a.admin.id.to_string();
    let long = "ก".repeat(5000);
    let nasty = [
        "",
        " ",
        "\0",
        "\u{1}",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "-1",
        "1e309",
        "NaN",
        "๑๒๓.๔๕๖",
        "99999999999999999999",
        "2565/../..",
        long.as_str(),
    ];
    let forms: Vec<(String, Vec<&str>)> = vec![
        ("/departments".to_owned(), vec!["name", "sort_order"]),
        (format!("/departments/{dept}"), vec!["name", "sort_order"]),
        (
            "/officials".to_owned(),
            vec![
                "title",
                "first_name",
                "last_name",
                "position",
                "department_id",
            ],
        ),
        (
            format!("/officials/{official}"),
            vec![
                "title",
                "first_name",
                "last_name",
                "position",
                "department_id",
            ],
        ),
        (
            "/users".to_owned(),
            vec![
                "username",
                "display_name",
                "role",
                "department_id",
                "password",
                "password_confirm",
                "active",
            ],
        ),
        (
            format!("/users/{user}"),
            vec!["display_name", "role", "department_id", "active"],
        ),
        (
            format!("/users/{user}/password"),
            vec!["password", "password_confirm"],
        ),
        (
            "/agency".to_owned(),
            vec![
                "kind",
                "name",
                "district",
                "province",
                "website",
                "thai_digits",
            ],
        ),
        (
            "/ita".to_owned(),
            vec![
                "fiscal_year",
                "source",
                "ind_1",
                "ind_9",
                "oit_mode",
                "published_total",
                "advanced",
            ],
        ),
        (
            "/frameworks/derive".to_owned(),
            vec!["from", "code_O1", "replace"],
        ),
    ];
    for (path, fields) in &forms {
        for value in nasty {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|f| (*f, value)).collect();
            let page = app.post(Some(&browser), path, &pairs).await;
            assert!(
                !page.status.is_server_error(),
                "POST {path} with {:?} gave {}",
                value.chars().take(20).collect::<String>(),
                page.status
            );
            assert!(
                !page.body.contains("<script>alert(1)</script>"),
                "POST {path} echoed markup unescaped"
            );
        }
    }
    // Nothing saved before was lost and the session still works.
    assert!(
        app.store
            .get_department(app.a.agency.id, app.a.department.id)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        app.store
            .get_official(app.a.agency.id, app.a.official.id)
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(app.get(Some(&browser), "/").await.status, StatusCode::OK);
}

#[tokio::test]
async fn ita_list_shows_instrument_figures_and_the_total() {
    let app = common::app().await;
    let browser = app.login("admin.alpha").await;
    let page = app.get(Some(&browser), "/ita").await;
    assert_eq!(page.status, StatusCode::OK);
    // IIT 90 %, EIT 80 %, OIT 70 % weighted 30/30/40: 27 + 24 + 28 = 79.00.
    for figure in [
        "90.00", "80.00", "70.00", "27.00", "24.00", "28.00", "79.00",
    ] {
        assert!(page.body.contains(figure), "{figure} missing from the list");
    }
}
