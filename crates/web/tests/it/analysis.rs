//! The analysis page: ranked indicators, the rule setting, edited text that
//! regenerating never overwrites without asking, and the three downloads.

use crate::common;

use axum::http::{StatusCode, header};
use prongsai_app::analysis;
use prongsai_core::model::ResultSource;
use prongsai_core::thai::calendar::today_in_thailand;
use prongsai_testkit::http::TestApp;

const PAGE: &str = "/ita/2565/official/analysis";

#[tokio::test]
async fn analysis_ranks_and_marks_weaknesses_by_the_chosen_rule() {
    let app = common::app().await;
    let browser = app.login("admin.alpha").await;
    let page = app.get(Some(&browser), PAGE).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    // IIT 90 > EIT 80 > OIT 70: IIT indicators rank first, OIT last.
    let first_iit = page.body.find("1. การปฏิบัติหน้าที่").unwrap();
    let first_oit = page.body.find("9. การเปิดเผยข้อมูล").unwrap();
    assert!(first_iit < first_oit);
    // Default rule: below 85 is a weakness (EIT 80 and OIT 70), IIT 90 is not.
    assert_eq!(page.body.matches("class=\"weakness\"").count(), 5);

    let saved = app
        .post(
            Some(&browser),
            &format!("{PAGE}/settings"),
            &[
                ("rule", "lowest_n"),
                ("n", "๒"),
                ("pass_mark", ""),
                ("lowest_questions", "5"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = app.get(Some(&browser), PAGE).await;
    assert_eq!(page.body.matches("class=\"weakness\"").count(), 2);

    let bad = app
        .post(
            Some(&browser),
            &format!("{PAGE}/settings"),
            &[
                ("rule", "below_pass_mark"),
                ("pass_mark", "๑๕๐"),
                ("n", "2"),
                ("lowest_questions", "5"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::OK);
    assert!(bad.body.contains("value=\"๑๕๐\""), "typed value kept");
    assert!(bad.body.contains("class=\"error\""));
}

#[tokio::test]
async fn edited_text_is_kept_until_the_officer_confirms_a_new_draft() {
    let app = common::app().await;
    let browser = app.login("admin.alpha").await;
    let edited = "ย่อหน้าที่เจ้าหน้าที่เขียนเอง\n\nย่อหน้าที่สอง";
    let saved = app
        .post(
            Some(&browser),
            &format!("{PAGE}/text"),
            &[("analysis_text", edited)],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);

    // Changing the rule changes the fresh draft, not the edited text.
    app.post(
        Some(&browser),
        &format!("{PAGE}/settings"),
        &[
            ("rule", "lowest_n"),
            ("n", "1"),
            ("pass_mark", ""),
            ("lowest_questions", "5"),
        ],
    )
    .await;
    let page = app.get(Some(&browser), PAGE).await;
    assert!(page.body.contains("ย่อหน้าที่เจ้าหน้าที่เขียนเอง"));
    assert!(page.body.contains("ร่างใหม่จากตัวเลขปัจจุบัน"));

    let refused = app
        .post(Some(&browser), &format!("{PAGE}/regenerate"), &[])
        .await;
    assert_eq!(refused.status, StatusCode::OK);
    assert!(refused.body.contains("กรุณาติ๊กยืนยัน"));
    let page = app.get(Some(&browser), PAGE).await;
    assert!(
        page.body.contains("ย่อหน้าที่เจ้าหน้าที่เขียนเอง"),
        "nothing overwritten"
    );

    let replaced = app
        .post(
            Some(&browser),
            &format!("{PAGE}/regenerate"),
            &[("confirm", "yes")],
        )
        .await;
    assert_eq!(replaced.status, StatusCode::SEE_OTHER);
    let page = app.get(Some(&browser), PAGE).await;
    assert!(!page.body.contains("ย่อหน้าที่เจ้าหน้าที่เขียนเอง"));
    assert!(
        page.body
            .contains("ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2565")
    );

    let empty = app
        .post(
            Some(&browser),
            &format!("{PAGE}/text"),
            &[("analysis_text", " \n\n ")],
        )
        .await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.body.contains("กรุณากรอกข้อความการวิเคราะห์"));
}

/// The analysis of อบต.อัลฟา's official 2565 result as the app layer loads it.
async fn load(app: &TestApp) -> analysis::LoadedAnalysis {
    analysis::load(&app.store, &app.a.agency, 2565, ResultSource::Official)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_draft_saved_unchanged_is_printed_as_saved_after_the_numbers_change() {
    let app = common::app().await;
    let browser = app.login("admin.alpha").await;
    // The officer reads the first draft's findings per instrument and saves them.
    let draft = load(&app).await.fresh;
    assert!(draft.iter().any(|p| p.starts_with("ผลคะแนน IIT")));
    let saved = app
        .post(
            Some(&browser),
            &format!("{PAGE}/text"),
            &[("analysis_text", &draft.join("\n\n"))],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);

    // A new weakness rule gives a new draft; the saved findings stay printed.
    let changed = app
        .post(
            Some(&browser),
            &format!("{PAGE}/settings"),
            &[
                ("rule", "lowest_n"),
                ("n", "1"),
                ("pass_mark", ""),
                ("lowest_questions", "5"),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER);
    let loaded = load(&app).await;
    assert_ne!(loaded.fresh, draft, "the rule changes the draft");
    assert_eq!(loaded.text.current(), draft.as_slice());
    let document = analysis::document(&app.a.agency, &loaded, today_in_thailand());
    assert_eq!(
        document.analysis_text, draft,
        "the document prints the saved text"
    );
    let page = app.get(Some(&browser), PAGE).await;
    assert!(page.body.contains("ร่างใหม่จากตัวเลขปัจจุบัน"));

    // Pressing "new draft" without the confirmation keeps the saved text too.
    let refused = app
        .post(Some(&browser), &format!("{PAGE}/regenerate"), &[])
        .await;
    assert_eq!(refused.status, StatusCode::OK);
    assert_eq!(load(&app).await.text.current(), draft.as_slice());
}

#[tokio::test]
async fn downloads_are_real_documents_and_staff_can_read_but_not_edit() {
    let app = common::app().await;
    let staff = app.login("staff.alpha").await;
    let page = app.get(Some(&staff), PAGE).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        !page.body.contains(">บันทึกข้อความ</button>"),
        "no save button for staff"
    );
    let denied = app
        .post(
            Some(&staff),
            &format!("{PAGE}/text"),
            &[("analysis_text", "x")],
        )
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);

    for (format, magic, kind) in [
        ("pdf", &b"%PDF"[..], "application/pdf"),
        ("docx", &b"PK"[..], "wordprocessingml"),
        ("xlsx", &b"PK"[..], "spreadsheetml"),
    ] {
        let req = axum::http::Request::get(format!("{PAGE}/download/{format}"))
            .header(header::COOKIE, &staff.cookie)
            .body(axum::body::Body::empty())
            .unwrap();
        let response = tower::ServiceExt::oneshot(app.router.clone(), req)
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{format}");
        let content_type = response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(content_type.contains(kind), "{format}: {content_type}");
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        assert!(bytes.starts_with(magic), "{format}");
    }
    assert_eq!(
        app.get(Some(&staff), &format!("{PAGE}/download/exe"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn another_agencys_analysis_is_404() {
    let app = common::app().await;
    let browser = app.login("admin.alpha").await;
    for path in [
        "/ita/2564/official/analysis",
        "/ita/2564/official/analysis/download/pdf",
    ] {
        assert_eq!(
            app.get(Some(&browser), path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let page = app
        .post(
            Some(&browser),
            "/ita/2564/official/analysis/text",
            &[("analysis_text", "ยึด")],
        )
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(
        app.store
            .get_analysis(app.b.agency.id, 2564, ResultSource::Official)
            .await
            .unwrap()
            .is_none()
    );
}
