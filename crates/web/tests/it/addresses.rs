//! What the address of a page may hold and who may open it, checked before any
//! handler runs: a malformed id, year or round is the Thai not-found page on
//! every feature, a well-formed one still opens its page (Thai digits too), and
//! the administrator's pages refuse every other role with the Thai "no
//! permission" page.

use crate::common;

use axum::http::StatusCode;
use prongsai_core::model::Role;

const NOT_FOUND_TH: &str = "ไม่พบข้อมูล";
const FORBIDDEN_TH: &str = "ไม่มีสิทธิ์";

#[tokio::test]
async fn malformed_ids_years_and_rounds_are_the_thai_not_found_page() {
    let app = common::app().await;
    let browser = app.login("admin.alpha").await;
    let gets = [
        "/departments/not-an-id",
        "/officials/123",
        "/users/%E0%B8%81",
        "/cases/xyz",
        "/action-plans/xyz",
        "/action-plans/xyz/follow-up/2565/half",
        "/surveys/abc",
        "/memos/abc",
        "/orders/abc/edit",
        "/publications/abc/unpublish",
        "/evidence/abc",
        "/oit/links/abc/archive",
        "/plan/20x8",
        "/plan/2565/measures/abc",
        "/plan/68",
        "/progress/2565/quarter",
        "/progress/abc/half",
        "/ita/abc/official",
        "/ita/2565/unofficial",
        "/ita/2565/official/analysis/x",
        "/risk/abc",
        "/oit/2565x/items/O1",
        "/documents/abc/measures",
        "/frameworks/abc",
        "/complaints/statistics/abc/download",
    ];
    for path in gets {
        let page = app.get(Some(&browser), path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "GET {path}");
        assert!(
            page.body.contains(NOT_FOUND_TH),
            "GET {path}: {}",
            page.body
        );
    }
    let posts = [
        ("/departments/not-an-id/delete", vec![("confirm", "yes")]),
        ("/cases/xyz/status", vec![("status", "closed")]),
        ("/surveys/abc/close", vec![("version", "1")]),
        ("/progress/2565/quarter/approve", vec![]),
    ];
    for (path, fields) in &posts {
        let page = app.post(Some(&browser), path, fields).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "POST {path}");
        assert!(page.body.contains(NOT_FOUND_TH), "POST {path}");
    }
}

#[tokio::test]
async fn well_formed_addresses_still_open_their_pages() {
    let app = common::app().await;
    let browser = app.login("admin.alpha").await;
    let gets = [
        format!("/departments/{}", app.a.department.id),
        format!("/officials/{}", app.a.official.id),
        format!("/users/{}", app.a.admin.id),
        "/ita/2565/official".to_owned(),
        "/ita/๒๕๖๕/official".to_owned(),
        "/plan/2565".to_owned(),
        "/plan/๒๕๖๕".to_owned(),
        "/progress/2565/half".to_owned(),
        "/progress/2565/full".to_owned(),
    ];
    for path in &gets {
        let page = app.get(Some(&browser), path).await;
        assert_eq!(page.status, StatusCode::OK, "GET {path}: {}", page.body);
        assert!(!page.body.contains(NOT_FOUND_TH), "GET {path}");
    }
}

#[tokio::test]
async fn administrator_pages_refuse_every_other_role() {
    let app = common::app().await;
    let agency = app.a.agency.id;
    let department = app.a.department.id;
    app.add_user(agency, "exec.alpha", Role::Executive, None)
        .await;
    app.add_user(agency, "head.alpha", Role::DepartmentHead, Some(department))
        .await;
    let gets = [
        format!("/departments/{department}"),
        format!("/officials/{}", app.a.official.id),
        "/users".to_owned(),
        format!("/users/{}", app.a.admin.id),
        "/audit".to_owned(),
        "/complaints/settings".to_owned(),
        "/oit/settings".to_owned(),
        "/frameworks/derive?from=2565".to_owned(),
        "/ita/new".to_owned(),
        "/ita/2565/official/edit".to_owned(),
        "/plan/2565/measures/new".to_owned(),
        "/memos/new".to_owned(),
        "/orders/new".to_owned(),
        "/surveys/new".to_owned(),
        "/risk/2565/areas/new".to_owned(),
    ];
    for who in ["staff.alpha", "exec.alpha", "head.alpha"] {
        let browser = app.login(who).await;
        for path in &gets {
            let page = app.get(Some(&browser), path).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{who} GET {path}");
            assert!(page.body.contains(FORBIDDEN_TH), "{who} GET {path}");
        }
        let page = app
            .post(
                Some(&browser),
                "/departments",
                &[("name", "กองใหม่"), ("sort_order", "9")],
            )
            .await;
        assert_eq!(
            page.status,
            StatusCode::FORBIDDEN,
            "{who} POST /departments"
        );
        let page = app.post(Some(&browser), "/oit/2565/check", &[]).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{who} POST check");
    }
    let names: Vec<String> = app
        .store
        .list_departments(agency)
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.name)
        .collect();
    assert!(!names.iter().any(|n| n == "กองใหม่"));
}
