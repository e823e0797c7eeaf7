//! A user of one agency never reads or writes another's data: every route that
//! takes an id is walked with the other agency's ids and answers 404 (never 403,
//! which would confirm the id exists), and the other agency's rows are unchanged.

use crate::common;

use axum::http::StatusCode;
use prongsai_core::model::{Role, User, UserId};
use prongsai_store::{Actor, StoredFramework};

#[tokio::test]
async fn foreign_ids_are_404_on_every_route_and_nothing_changes() {
    let app = common::app().await;
    let b = &app.b;
    let mut framework = prongsai_core::ita::Framework::builtin(2565).unwrap();
    framework.year = 2571;
    let document = serde_json::to_value(&framework).unwrap();
    app.store
        .save_framework(
            Actor::default(),
            &StoredFramework {
                agency_id: b.agency.id,
                fiscal_year: 2571,
                document,
            },
        )
        .await
        .unwrap();
    let before = app.store.export_agency(b.agency.id).await.unwrap();

    let browser = app.login("admin.alpha").await;
    let dept = b.department.id.to_string();
    let official = b.official.id.to_string();
    let user = b.admin.id.to_string();
    let gets = [
        format!("/departments/{dept}"),
        format!("/officials/{official}"),
        format!("/users/{user}"),
        "/ita/2564/official".to_owned(),
        "/ita/2564/official/edit".to_owned(),
        "/frameworks/2571".to_owned(),
        "/frameworks/derive?from=2571".to_owned(),
    ];
    for path in &gets {
        let page = app.get(Some(&browser), path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "GET {path}");
        assert!(!page.body.contains("อบต.บราโว"), "GET {path} leaked a name");
        assert!(!page.body.contains("สมศรีbravo"), "GET {path} leaked a name");
    }
    let posts: Vec<(String, Vec<(&str, &str)>)> = vec![
        (
            format!("/departments/{dept}"),
            vec![("name", "ยึด"), ("sort_order", "1")],
        ),
        (
            format!("/departments/{dept}/delete"),
            vec![("confirm", "yes")],
        ),
        (
            format!("/officials/{official}"),
            vec![
                ("title", "นาย"),
                ("first_name", "ยึด"),
                ("last_name", "ยึด"),
                ("position", "ยึด"),
                ("department_id", ""),
            ],
        ),
        (
            format!("/officials/{official}/delete"),
            vec![("confirm", "yes")],
        ),
        (
            format!("/users/{user}"),
            vec![
                ("display_name", "ยึด"),
                ("role", "staff"),
                ("department_id", ""),
                ("active", "yes"),
            ],
        ),
        (
            format!("/users/{user}/password"),
            vec![
                ("password", "taken-over-123"),
                ("password_confirm", "taken-over-123"),
            ],
        ),
        (
            "/ita/2564/official".to_owned(),
            vec![
                ("ind_1", "1"),
                ("ind_2", "1"),
                ("ind_3", "1"),
                ("ind_4", "1"),
                ("ind_5", "1"),
                ("oit_mode", "indicators"),
            ],
        ),
        (
            "/ita/2564/official/delete".to_owned(),
            vec![("confirm", "yes")],
        ),
        ("/frameworks/derive".to_owned(), vec![("from", "2571")]),
    ];
    for (path, fields) in &posts {
        let page = app.post(Some(&browser), path, fields).await;
        assert_eq!(
            page.status,
            StatusCode::NOT_FOUND,
            "POST {path}: {}",
            page.body
        );
        assert!(
            page.location.is_none(),
            "POST {path} redirected as if it had worked"
        );
    }

    // Ids of the other agency inside forms are refused as field errors, not written.
    let page = app
        .post(
            Some(&browser),
            "/officials",
            &[
                ("title", "นาย"),
                ("first_name", "ข้าม"),
                ("last_name", "หน่วย"),
                ("position", "ปลัด"),
                ("department_id", &dept),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let page = app
        .post(
            Some(&browser),
            "/users",
            &[
                ("username", "cross.head"),
                ("display_name", "ข้ามหน่วย"),
                ("role", "department_head"),
                ("department_id", &dept),
                ("password", "long-enough-pw"),
                ("password_confirm", "long-enough-pw"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let a_officials = app.store.list_officials(app.a.agency.id).await.unwrap();
    assert!(a_officials.iter().all(|o| o.first_name != "ข้าม"));
    assert!(
        app.store
            .find_user_by_username("cross.head")
            .await
            .unwrap()
            .is_none()
    );

    let after = app.store.export_agency(b.agency.id).await.unwrap();
    assert_eq!(before, after, "the other agency's data changed");

    // The lists show only the own agency.
    for path in [
        "/departments",
        "/officials",
        "/users",
        "/ita",
        "/frameworks",
        "/agency",
        "/audit",
    ] {
        let page = app.get(Some(&browser), path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        for foreign in ["อบต.บราโว", "สมศรีbravo", "admin.bravo", "กองคลังอบต.บราโว"]
        {
            assert!(!page.body.contains(foreign), "{path} shows {foreign}");
        }
    }
}

#[tokio::test]
async fn supervisors_see_only_their_province() {
    let app = common::app().await;
    for (username, province) in [("sup.krabi", Some("กระบี่")), ("sup.trang", Some("ตรัง"))]
    {
        let user = User {
            id: UserId::new(),
            agency_id: None,
            username: username.to_owned(),
            display_name: username.to_owned(),
            role: Role::Supervisor,
            department_id: None,
            supervised_province: province.map(str::to_owned),
            password_hash: prongsai_web::hash_password(prongsai_testkit::http::PASSWORD).unwrap(),
            active: true,
        };
        app.store
            .create_user(Actor::default(), &user)
            .await
            .unwrap();
    }
    let krabi = app.login("sup.krabi").await;
    let page = app.get(Some(&krabi), "/").await;
    assert!(page.body.contains("อบต.อัลฟา") && page.body.contains("อบต.บราโว"));
    let trang = app.login("sup.trang").await;
    let page = app.get(Some(&trang), "/").await;
    assert!(!page.body.contains("อบต.อัลฟา") && page.body.contains("ไม่มีหน่วยงานในความกำกับดูแล"));
    // A supervisor has no agency of its own: single-agency pages are 404, writes too.
    assert_eq!(
        app.get(Some(&trang), "/departments").await.status,
        StatusCode::NOT_FOUND
    );
    let page = app
        .post(Some(&trang), "/departments", &[("name", "x")])
        .await;
    assert!(matches!(
        page.status,
        StatusCode::NOT_FOUND | StatusCode::FORBIDDEN
    ));
}

#[tokio::test]
async fn roles_read_but_only_admins_write() {
    let app = common::app().await;
    let staff = app.login("staff.alpha").await;
    for path in [
        "/",
        "/departments",
        "/officials",
        "/ita",
        "/frameworks",
        "/agency",
    ] {
        assert_eq!(
            app.get(Some(&staff), path).await.status,
            StatusCode::OK,
            "{path}"
        );
    }
    for path in ["/users", "/audit"] {
        assert_eq!(
            app.get(Some(&staff), path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let id = app.a.official.id.to_string();
    let page = app
        .post(
            Some(&staff),
            &format!("/officials/{id}/delete"),
            &[("confirm", "yes")],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(
        app.store
            .get_official(app.a.agency.id, app.a.official.id)
            .await
            .unwrap()
            .is_some()
    );
    let page = app
        .post(
            Some(&staff),
            "/agency",
            &[("name", "ยึด"), ("province", "x"), ("kind", "other")],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
}
