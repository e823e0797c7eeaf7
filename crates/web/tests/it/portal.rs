//! The public transparency portal over HTTP: what is published and only that,
//! frozen when published, per agency, with its files byte for byte, the public
//! error page, the logo and the QR poster.

use crate::common;
use prongsai_testkit::files::{pdf_text_if_installed, without_spaces};

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use chrono::{DateTime, TimeZone, Utc};
use prongsai_core::model::{AgencyId, Logo, PublicationId};
use prongsai_core::publication::{
    Publication, PublishedFile, PublishedKind, PublishedSummary, SummaryTable,
};
use prongsai_store::Actor;
use prongsai_testkit::http::TestApp;
use tower::ServiceExt as _;

/// A small file that looks like a PDF and is not valid UTF-8, so that a lossy
/// text round trip anywhere would show.
const PDF_BYTES: &[u8] =
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
const CSV_BYTES: &[u8] = b"\xef\xbb\xbf\xe0\xb8\xa3\xe0\xb8\xa7\xe0\xb8\xa1,12\r\n";
const CSV: &str = "text/csv; charset=utf-8";

/// 21 November 2025 20:00 UTC is already 22 November in Thailand.
fn published_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 11, 21, 20, 0, 0).unwrap()
}

fn publication(agency: AgencyId, kind: PublishedKind, year: i32, title: &str) -> Publication {
    Publication {
        agency_id: agency,
        id: PublicationId::new(),
        kind,
        fiscal_year: year,
        title: title.to_owned(),
        published_at: published_at(),
        published_by: None,
        summary: PublishedSummary {
            facts: vec![("คะแนนรวม".to_owned(), "87.45".to_owned())],
            tables: vec![SummaryTable {
                caption: "คะแนนรายตัวชี้วัด".to_owned(),
                header: vec!["ตัวชี้วัด".to_owned(), "คะแนน".to_owned()],
                rows: vec![
                    vec!["การปฏิบัติหน้าที่".to_owned(), "91.20".to_owned()],
                    vec!["การเปิดเผยข้อมูล".to_owned(), "<b>ไม่ใช่ตัวหนา</b>".to_owned()],
                ],
            }],
        },
        files: vec![
            PublishedFile {
                file_name: format!("{}-{year}.pdf", kind.code()),
                content_type: "application/pdf".to_owned(),
                bytes: PDF_BYTES.to_vec(),
            },
            PublishedFile {
                file_name: format!("{}-{year}.csv", kind.code()),
                content_type: CSV.to_owned(),
                bytes: CSV_BYTES.to_vec(),
            },
        ],
    }
}

struct Raw {
    status: StatusCode,
    headers: HeaderMap,
    bytes: Vec<u8>,
}

impl Raw {
    fn text(&self) -> String {
        String::from_utf8(self.bytes.clone()).expect("pages are UTF-8")
    }

    fn header(&self, name: header::HeaderName) -> &str {
        self.headers.get(&name).map_or("", |v| v.to_str().unwrap())
    }
}

async fn fetch(app: &TestApp, path: &str) -> Raw {
    let response = app
        .router
        .clone()
        .oneshot(
            Request::get(path)
                .header(header::HOST, "portal.test:8080")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec();
    Raw {
        status,
        headers,
        bytes,
    }
}

/// What every public page must be: Thai, script-free, with nothing loaded
/// from another host and every input labelled.
fn assert_public_page(html: &str) {
    assert!(html.contains("<html lang=\"th\">"), "{html}");
    assert!(!html.to_lowercase().contains("<script"), "{html}");
    assert!(!html.contains("http://"), "an absolute URL: {html}");
    assert!(!html.contains("https://"), "an absolute URL: {html}");
    assert!(!html.contains("//"), "a protocol-relative URL: {html}");
    assert!(html.contains("href=\"/static/portal.css\""), "{html}");
    assert!(!html.contains("app.css"), "the staff stylesheet: {html}");
    assert!(html.contains("class=\"skip\" href=\"#content\""), "{html}");
    for input in html.split("<input").skip(1) {
        let tag = &input[..input.find('>').unwrap()];
        if tag.contains("type=\"hidden\"") {
            continue;
        }
        let id = tag
            .split("id=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("an input without id: {tag}"));
        assert!(
            html.contains(&format!("<label for=\"{id}\"")),
            "no label for {id}"
        );
    }
}

#[tokio::test]
async fn home_lists_published_items_with_thai_dates_and_files() {
    let app = common::app().await;
    let ita = publication(
        app.a.agency.id,
        PublishedKind::ItaAnalysis,
        2568,
        "ผลการประเมิน ITA ปี 2568",
    );
    let older = publication(
        app.a.agency.id,
        PublishedKind::ItaAnalysis,
        2567,
        "ผลการประเมิน ITA ปี 2567",
    );
    let stats = publication(
        app.a.agency.id,
        PublishedKind::ComplaintStatistics,
        2568,
        "สถิติเรื่องร้องเรียน ปี 2568",
    );
    for p in [&older, &stats, &ita] {
        app.store.publish(Actor::default(), p).await.unwrap();
    }

    let page = fetch(&app, "/p/alpha").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert_public_page(&html);
    assert!(html.contains("อบต.อัลฟา"), "{html}");
    assert!(
        html.contains("องค์การบริหารส่วนตำบล · อำเภอของอบต.อัลฟา จังหวัดกระบี่</p>"),
        "{html}"
    );
    for link in [
        "/p/alpha/complaint",
        "/p/alpha/report",
        "/p/alpha/track",
        "/p/alpha/poster",
    ] {
        assert!(html.contains(&format!("href=\"{link}\"")), "{link}: {html}");
    }
    assert!(html.contains(PublishedKind::ItaAnalysis.label_th()));
    assert!(html.contains(PublishedKind::ComplaintStatistics.label_th()));
    assert!(
        !html.contains(PublishedKind::RiskAssessment.label_th()),
        "an empty section"
    );
    assert!(html.contains("เผยแพร่เมื่อ <time datetime=\"2025-11-22\">22 พฤศจิกายน 2568</time>"));
    // Sections in the portal's order; within one, the newest year first.
    let at = |needle: &str| html.find(needle).unwrap_or_else(|| panic!("{needle}"));
    assert!(at("ผลการประเมิน ITA ปี 2568") < at("ผลการประเมิน ITA ปี 2567"));
    assert!(at("ผลการประเมิน ITA ปี 2567") < at("สถิติเรื่องร้องเรียน ปี 2568"));
    let item = format!("/p/alpha/items/{}", ita.id);
    assert!(html.contains(&format!("href=\"{item}\"")), "{html}");
    assert!(html.contains(&format!("href=\"{item}/files/0\"")), "{html}");
    assert!(html.contains("PDF</span> ita_analysis-2568.pdf"), "{html}");
    assert!(
        html.contains(&format!("({} ไบต์)", PDF_BYTES.len())),
        "{html}"
    );
    assert!(html.contains("CSV</span> ita_analysis-2568.csv"), "{html}");

    assert_eq!(page.header(header::REFERRER_POLICY), "no-referrer");
    assert_eq!(page.header(header::CACHE_CONTROL), "no-store");
    assert!(
        page.header(header::CONTENT_SECURITY_POLICY)
            .contains("script-src 'self'")
    );

    // Another agency's portal shows none of it.
    let bravo = fetch(&app, "/p/bravo").await.text();
    assert_public_page(&bravo);
    assert!(bravo.contains("อบต.บราโว"));
    assert!(!bravo.contains("ผลการประเมิน ITA ปี"), "{bravo}");
    assert!(bravo.contains("หน่วยงานยังไม่ได้เผยแพร่ข้อมูลในหน้านี้"));
}

#[tokio::test]
async fn item_page_shows_the_summary_escaped() {
    let app = common::app().await;
    let risk = publication(
        app.a.agency.id,
        PublishedKind::RiskAssessment,
        2568,
        "การประเมินความเสี่ยง ปี 2568",
    );
    app.store.publish(Actor::default(), &risk).await.unwrap();

    let page = fetch(&app, &format!("/p/alpha/items/{}", risk.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert_public_page(&html);
    assert!(html.contains("<h1>การประเมินความเสี่ยง ปี 2568</h1>"), "{html}");
    assert!(html.contains("<dt>คะแนนรวม</dt>"), "{html}");
    assert!(html.contains("<dd>87.45</dd>"), "{html}");
    assert!(html.contains("<caption>คะแนนรายตัวชี้วัด</caption>"), "{html}");
    assert!(html.contains("<th scope=\"col\">ตัวชี้วัด</th>"), "{html}");
    assert!(
        html.contains("<td>การปฏิบัติหน้าที่</td><td class=\"num\">91.20</td>"),
        "{html}"
    );
    assert!(html.contains("&lt;b&gt;ไม่ใช่ตัวหนา&lt;&#x2f;b&gt;"), "{html}");
    assert!(!html.contains("<b>"), "{html}");
    assert!(html.contains("22 พฤศจิกายน 2568"), "{html}");
    assert!(html.contains(&format!("/p/alpha/items/{}/files/1", risk.id)));
}

#[tokio::test]
async fn files_are_served_as_stored() {
    let app = common::app().await;
    let plan = publication(
        app.a.agency.id,
        PublishedKind::ActionPlan,
        2568,
        "แผนปฏิบัติการป้องกันการทุจริต 2568-2570",
    );
    app.store.publish(Actor::default(), &plan).await.unwrap();

    let pdf = fetch(&app, &format!("/p/alpha/items/{}/files/0", plan.id)).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.bytes, PDF_BYTES);
    assert_eq!(pdf.header(header::CONTENT_TYPE), "application/pdf");
    assert_eq!(
        pdf.header(header::CONTENT_DISPOSITION),
        "inline; filename=\"action_plan-2568.pdf\""
    );
    assert_eq!(pdf.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    assert_eq!(pdf.header(header::CACHE_CONTROL), "public, max-age=300");
    assert_eq!(pdf.header(header::REFERRER_POLICY), "no-referrer");

    let csv = fetch(&app, &format!("/p/alpha/items/{}/files/1", plan.id)).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.bytes, CSV_BYTES);
    assert_eq!(csv.header(header::CONTENT_TYPE), CSV);
    assert!(
        csv.header(header::CONTENT_DISPOSITION)
            .starts_with("attachment;")
    );

    for missing in ["2", "x", "-1"] {
        let page = fetch(&app, &format!("/p/alpha/items/{}/files/{missing}", plan.id)).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{missing}");
    }
}

#[tokio::test]
async fn unknown_agency_and_other_agencys_items_are_public_404s() {
    let app = common::app().await;
    let theirs = publication(
        app.b.agency.id,
        PublishedKind::Measures,
        2568,
        "มาตรการของบราโว",
    );
    app.store.publish(Actor::default(), &theirs).await.unwrap();

    for path in [
        "/p/no-such-agency",
        "/p/no-such-agency/poster",
        "/p/no-such-agency/logo",
        &format!("/p/no-such-agency/items/{}", theirs.id),
    ] {
        let page = fetch(&app, path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        let html = page.text();
        assert_public_page(&html);
        assert!(html.contains("ไม่พบหน่วยงาน"), "{path}: {html}");
        assert!(!html.contains("/login"), "{html}");
    }

    for path in [
        format!("/p/alpha/items/{}", theirs.id),
        format!("/p/alpha/items/{}/files/0", theirs.id),
        format!("/p/alpha/items/{}", PublicationId::new()),
        "/p/alpha/items/not-an-id".to_owned(),
        "/p/alpha/logo".to_owned(),
    ] {
        let page = fetch(&app, &path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        let html = page.text();
        assert_public_page(&html);
        assert!(html.contains("ไม่พบข้อมูล"), "{path}: {html}");
        assert!(
            html.contains("href=\"/p/alpha\""),
            "back to alpha's home: {html}"
        );
        assert!(!html.contains("มาตรการของบราโว"), "{html}");
    }
    // The same id under its own agency works.
    let own = fetch(&app, &format!("/p/bravo/items/{}", theirs.id)).await;
    assert_eq!(own.status, StatusCode::OK);
}

#[tokio::test]
async fn later_edits_change_nothing_until_republished() {
    let app = common::app().await;
    let first = publication(
        app.a.agency.id,
        PublishedKind::ItaAnalysis,
        2565,
        "ผลการประเมิน ITA ปี 2565",
    );
    app.store.publish(Actor::default(), &first).await.unwrap();
    let item = format!("/p/alpha/items/{}", first.id);
    let home_before = fetch(&app, "/p/alpha").await.bytes;
    let item_before = fetch(&app, &item).await.bytes;
    let file_before = fetch(&app, &format!("{item}/files/0")).await.bytes;

    // The sources the snapshot was taken from change: the year's ITA result and
    // the department's name.
    let mut result = app
        .store
        .list_ita_results(app.a.agency.id)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.fiscal_year == 2565)
        .unwrap();
    result.note = "แก้ไขหลังเผยแพร่".to_owned();
    result.published_total = Some(12.5);
    app.store
        .save_ita_result(Actor::default(), &result)
        .await
        .unwrap();
    let mut department = app.a.department.clone();
    department.name = "กองที่เปลี่ยนชื่อแล้ว".to_owned();
    app.store
        .update_department(Actor::default(), &department)
        .await
        .unwrap();

    assert_eq!(fetch(&app, "/p/alpha").await.bytes, home_before);
    assert_eq!(fetch(&app, &item).await.bytes, item_before);
    assert_eq!(
        fetch(&app, &format!("{item}/files/0")).await.bytes,
        file_before
    );

    // Publishing again replaces the item of that kind and year.
    let mut second = publication(
        app.a.agency.id,
        PublishedKind::ItaAnalysis,
        2565,
        "ผลการประเมิน ITA ปี 2565 ฉบับปรับปรุง",
    );
    second.published_at = published_at() + chrono::Duration::days(40);
    second.files.truncate(1);
    second.files[0].bytes = b"%PDF-1.4\nrepublished\n%%EOF\n".to_vec();
    app.store.publish(Actor::default(), &second).await.unwrap();
    let home = fetch(&app, "/p/alpha").await.text();
    assert!(home.contains("ผลการประเมิน ITA ปี 2565 ฉบับปรับปรุง"), "{home}");
    assert!(home.contains("1 มกราคม 2569"), "{home}");
    assert!(!home.contains("22 พฤศจิกายน 2568"), "{home}");
    let listings = app.store.publications(app.a.agency.id).await.unwrap();
    assert_eq!(listings.len(), 1);
    let file = fetch(&app, &format!("/p/alpha/items/{}/files/0", listings[0].id)).await;
    assert_eq!(file.bytes, b"%PDF-1.4\nrepublished\n%%EOF\n");

    // Unpublished: gone from the portal.
    app.store
        .unpublish(Actor::default(), app.a.agency.id, listings[0].id)
        .await
        .unwrap();
    let home = fetch(&app, "/p/alpha").await.text();
    assert!(!home.contains("ผลการประเมิน ITA ปี 2565"), "{home}");
    let gone = fetch(&app, &format!("/p/alpha/items/{}", listings[0].id)).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn logo_is_served_with_its_type_and_shown_in_the_header() {
    let app = common::app().await;
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let mut agency = app.a.agency.clone();
    agency.logo = Some(Logo {
        content_type: "image/png".to_owned(),
        bytes: png.clone(),
    });
    app.store
        .update_agency(Actor::default(), &agency)
        .await
        .unwrap();

    let logo = fetch(&app, "/p/alpha/logo").await;
    assert_eq!(logo.status, StatusCode::OK);
    assert_eq!(logo.header(header::CONTENT_TYPE), "image/png");
    assert_eq!(logo.bytes, png);
    let home = fetch(&app, "/p/alpha").await.text();
    assert!(home.contains("src=\"/p/alpha/logo\""), "{home}");
    let bravo = fetch(&app, "/p/bravo").await.text();
    assert!(!bravo.contains("/logo\""), "{bravo}");
}

#[tokio::test]
async fn a_corrupt_logo_is_refused_at_upload_and_never_fails_a_document() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let mut corrupt = b"\x89PNG\r\n\x1a\n".to_vec();
    corrupt.extend_from_slice(&[0x5a; 400]);
    let refused = app
        .post_multipart(
            &admin,
            "/agency/logo",
            &[],
            Some(("logo", "logo.png", corrupt.as_slice())),
        )
        .await;
    assert_eq!(refused.status, StatusCode::OK);
    assert!(refused.body.contains("อ่านไฟล์โลโก้ไม่ได้"), "{}", refused.body);
    let stored = app
        .store
        .get_agency(app.a.agency.id)
        .await
        .unwrap()
        .unwrap();
    assert!(stored.logo.is_none(), "nothing was kept");

    // One kept before the check (or imported): documents print without it.
    let mut agency = app.a.agency.clone();
    agency.logo = Some(Logo {
        content_type: "image/png".to_owned(),
        bytes: corrupt,
    });
    app.store
        .update_agency(Actor::default(), &agency)
        .await
        .unwrap();
    let poster = fetch(&app, "/p/alpha/poster").await;
    assert_eq!(poster.status, StatusCode::OK);
    assert!(poster.bytes.starts_with(b"%PDF"));
}

#[tokio::test]
async fn poster_is_a_pdf_naming_the_agency() {
    let app = common::app().await;
    let page = fetch(&app, "/p/alpha/poster").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.header(header::CONTENT_TYPE), "application/pdf");
    assert!(
        page.header(header::CONTENT_DISPOSITION)
            .starts_with("inline")
    );
    assert!(page.bytes.starts_with(b"%PDF"));
    let Some(text) = pdf_text_if_installed(&page.bytes).map(|text| without_spaces(&text)) else {
        return;
    };
    assert!(text.contains("อบต.อัลฟา"), "{text}");
}

#[tokio::test]
async fn stylesheet_is_served() {
    let app = common::app().await;
    let css = fetch(&app, "/static/portal.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.header(header::CONTENT_TYPE), "text/css; charset=utf-8");
    let text = css.text();
    assert!(text.contains(":focus-visible"), "visible focus");
    assert!(
        !text.contains("@import") && !text.contains("url("),
        "nothing fetched from elsewhere"
    );
}
