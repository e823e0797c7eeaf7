//! The OIT checklist: entries with their evidence links, link checks against the
//! local sample website, the predicted score, who may edit what, stale saves,
//! carry-over from last year, the history of a link and the check settings.

use crate::common;

use std::time::Duration;

use axum::http::{StatusCode, header};
use prongsai_app::Settings;
use prongsai_core::disclosure::{DisclosureEntry, DisclosureStatus, EvidenceLink};
use prongsai_core::ita::Framework;
use prongsai_core::model::{Department, DepartmentId, Role};
use prongsai_store::Actor;
use prongsai_testkit::http::{Browser, Page, TestApp};
use prongsai_testkit::sample_site::{SampleEvidence, SampleKind, SampleSite, sample_evidence};
use prongsai_web::WebConfig;

const YEAR: i32 = 2568;

/// Text as the auto-escaping templates write it.
fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('/', "&#x2f;")
}

fn item_codes() -> Vec<String> {
    Framework::builtin(YEAR)
        .expect("a built-in framework")
        .oit_items()
        .map(|i| i.code.clone())
        .collect()
}

/// The app with agency A's website on `site`, and a checker allowed to fetch
/// that site's loopback address and port.
async fn app_on(site: &SampleSite) -> TestApp {
    let mut settings = Settings::default();
    settings.link_check.allowed_private = vec![site.address()];
    settings.link_check.timeout = Duration::from_secs(5);
    let app = common::app_with(settings, WebConfig::default()).await;
    let agency = prongsai_core::model::Agency {
        website: Some(site.base_url.clone()),
        ..app.a.agency.clone()
    };
    app.store
        .update_agency(Actor::default(), &agency)
        .await
        .unwrap();
    app
}

fn evidence(kind: SampleKind) -> SampleEvidence {
    sample_evidence(YEAR)
        .into_iter()
        .find(|e| e.kind == kind)
        .expect("the sample site serves this kind")
}

fn url_of(site: &SampleSite, e: &SampleEvidence) -> String {
    format!("{}{}", site.base_url, e.path)
}

/// Posts the form of one item: its links (address, note), keywords, status.
async fn save_entry(
    app: &TestApp,
    browser: &Browser,
    code: &str,
    version: i32,
    links: &[&str],
    keywords: &str,
    extra: &[(&str, &str)],
) -> Page {
    let version = version.to_string();
    let names: Vec<(String, String)> = (0..links.len())
        .map(|i| (format!("links.{i}.url"), format!("links.{i}.note")))
        .collect();
    let mut fields: Vec<(&str, &str)> = vec![
        ("version", version.as_str()),
        ("explanation", "เผยแพร่บนเว็บไซต์"),
        ("keywords", keywords),
        ("status", "ready"),
        ("due_on", ""),
    ];
    for ((url_field, note_field), url) in names.iter().zip(links) {
        fields.push((url_field.as_str(), url));
        fields.push((note_field.as_str(), "หน้าหลักฐาน"));
    }
    fields.extend_from_slice(extra);
    if !fields.iter().any(|(k, _)| *k == "department") {
        fields.push(("department", ""));
    }
    app.post(Some(browser), &format!("/oit/{YEAR}/items/{code}"), &fields)
        .await
}

/// Starts a check from the checklist and waits until the page no longer shows
/// it running; returns the page then.
async fn check_and_wait(app: &TestApp, browser: &Browser) -> Page {
    let started = app
        .post(Some(browser), &format!("/oit/{YEAR}/check"), &[])
        .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
    for _ in 0..400 {
        let page = app.get(Some(browser), &format!("/oit?year={YEAR}")).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        if !page.body.contains("id=\"check-progress\"") {
            return page;
        }
        assert!(page.body.contains("http-equiv=\"refresh\""));
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the link check did not finish");
}

fn predicted_score(page: &Page) -> f64 {
    let marker = "id=\"predicted-score\">";
    let start = page.body.find(marker).expect("the predicted score") + marker.len();
    let end = start + page.body[start..].find('<').unwrap();
    page.body[start..end].trim().parse().expect("a number")
}

#[tokio::test]
async fn a_check_shows_each_verdict_and_fixing_a_broken_link_raises_the_prediction() {
    let site = SampleSite::start(YEAR).await.unwrap();
    let app = app_on(&site).await;
    let admin = app.login("admin.alpha").await;
    let settings = app
        .post(
            Some(&admin),
            "/oit/settings",
            &[
                ("extra_domains", ""),
                ("home_url", ""),
                ("max_clicks", "3"),
                ("check_interval_hours", "24"),
                ("keep_archive", "yes"),
            ],
        )
        .await;
    assert_eq!(settings.status, StatusCode::SEE_OTHER, "{}", settings.body);

    let codes = item_codes();
    let kinds = [
        SampleKind::Good,
        SampleKind::Broken,
        SampleKind::Unlinked,
        SampleKind::WrongYear,
    ];
    for (code, kind) in codes.iter().zip(kinds) {
        let e = evidence(kind);
        let page = save_entry(
            &app,
            &admin,
            code,
            0,
            &[&url_of(&site, &e)],
            &e.keywords.join(", "),
            &[],
        )
        .await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "{kind:?}: {}",
            page.body
        );
    }
    let before = app.get(Some(&admin), &format!("/oit?year={YEAR}")).await;
    assert!(before.body.contains("ยังไม่ได้ตรวจ"));
    assert_eq!(predicted_score(&before), 0.0);

    let page = check_and_wait(&app, &admin).await;
    for verdict in ["ใช้งานได้", "ลิงก์เสีย", "ไม่ได้เชื่อมโยงจากหน้าหลัก", "ไม่พบปีงบประมาณ"]
    {
        assert!(page.body.contains(verdict), "{verdict} missing");
    }
    let first = predicted_score(&page);
    assert!(first > 0.0, "the good item passes");

    let form = app
        .get(Some(&admin), &format!("/oit/{YEAR}/items/{}", codes[1]))
        .await;
    let version = prongsai_testkit::http::hidden_value(&form.body, "version").unwrap();
    let good = evidence(SampleKind::Good);
    let fixed = save_entry(
        &app,
        &admin,
        &codes[1],
        version.parse().unwrap(),
        &[&url_of(&site, &good)],
        &good.keywords.join(", "),
        &[],
    )
    .await;
    assert_eq!(fixed.status, StatusCode::SEE_OTHER, "{}", fixed.body);
    let page = check_and_wait(&app, &admin).await;
    assert!(predicted_score(&page) > first, "{}", page.body);

    let good_url = url_of(&site, &good);
    let checks = app
        .store
        .link_check_history(app.a.agency.id, &good_url)
        .await
        .unwrap();
    assert_eq!(checks.len(), 2);
    let hash = checks[0].facts.content_sha256.clone().expect("a hash");
    let history_path = format!(
        "/oit/links?{}",
        serde_urlencoded::to_string([("url", good_url.as_str())]).unwrap()
    );
    let history = app.get(Some(&admin), &history_path).await;
    assert_eq!(history.status, StatusCode::OK);
    assert!(history.body.contains(&hash));
    assert!(checks[0].archived);
    let archive = app
        .get(
            Some(&admin),
            &format!("/oit/links/{}/archive", checks[0].id),
        )
        .await;
    assert_eq!(archive.status, StatusCode::OK);
    assert!(!archive.body.is_empty());
    assert!(
        archive.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );

    let other = app.login("admin.bravo").await;
    let theirs = app.get(Some(&other), &history_path).await;
    assert!(!theirs.body.contains(&hash));
    let archive = app
        .get(
            Some(&other),
            &format!("/oit/links/{}/archive", checks[0].id),
        )
        .await;
    assert_eq!(archive.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_private_address_given_as_an_own_domain_is_refused_by_the_checker() {
    let site = SampleSite::start(YEAR).await.unwrap();
    let app = app_on(&site).await;
    let admin = app.login("admin.alpha").await;
    let settings = app
        .post(
            Some(&admin),
            "/oit/settings",
            &[
                ("extra_domains", "10.1.2.3"),
                ("home_url", ""),
                ("max_clicks", "3"),
                ("check_interval_hours", "0"),
            ],
        )
        .await;
    assert_eq!(settings.status, StatusCode::SEE_OTHER, "{}", settings.body);
    let codes = item_codes();
    let saved = save_entry(
        &app,
        &admin,
        &codes[0],
        0,
        &["http://10.1.2.3/oit/o1"],
        "",
        &[],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = check_and_wait(&app, &admin).await;
    assert!(page.body.contains("verdict-refused"), "{}", page.body);
    let checks = app
        .store
        .latest_link_checks(app.a.agency.id, YEAR)
        .await
        .unwrap();
    assert_eq!(checks.len(), 1);
    assert!(checks[0].facts.refused.is_some());
    assert_eq!(checks[0].facts.http_status, None);
}

#[tokio::test]
async fn malformed_and_foreign_addresses_are_refused_at_their_row_with_what_was_typed_kept() {
    let site = SampleSite::start(YEAR).await.unwrap();
    let app = app_on(&site).await;
    let admin = app.login("admin.alpha").await;
    let code = &item_codes()[0];
    let good = url_of(&site, &evidence(SampleKind::Good));
    let page = save_entry(
        &app,
        &admin,
        code,
        0,
        &[
            &good,
            "www.example.go.th/oit",
            "https://evil.example.com/o1",
        ],
        "โครงสร้าง",
        &[],
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("ที่อยู่ลิงก์ไม่ถูกต้อง"));
    assert!(page.body.contains("ลิงก์ต้องอยู่บนเว็บไซต์ของหน่วยงาน (127.0.0.1)"));
    assert!(page.body.contains("id=\"e-links.1.url\""));
    assert!(page.body.contains("id=\"e-links.2.url\""));
    assert!(!page.body.contains("id=\"e-links.0.url\""));
    assert!(page.body.contains(&html("www.example.go.th/oit")));
    assert!(page.body.contains(&html("https://evil.example.com/o1")));
    assert!(page.body.contains(&html(&good)));
    assert!(
        app.store
            .find_disclosure_entry(app.a.agency.id, YEAR, code)
            .await
            .unwrap()
            .is_none(),
        "nothing saved"
    );

    let more = save_entry(
        &app,
        &admin,
        code,
        0,
        &[&good],
        "โครงสร้าง",
        &[("links.1.url", ""), ("links.1.note", ""), ("add", "links")],
    )
    .await;
    assert_eq!(more.status, StatusCode::OK);
    assert!(more.body.contains(&html(&good)));
    assert!(more.body.contains("name=\"links.2.url\""));
}

#[tokio::test]
async fn a_link_with_thai_digits_is_offered_in_arabic_digits_and_saved_when_confirmed() {
    let site = SampleSite::start(YEAR).await.unwrap();
    let app = app_on(&site).await;
    let admin = app.login("admin.alpha").await;
    let code = &item_codes()[0];
    let typed = format!("{}/front/menu/๑๑๔/๑๘๙", site.base_url);
    let ascii = format!("{}/front/menu/114/189", site.base_url);
    let page = save_entry(&app, &admin, code, 0, &[&typed], "โครงสร้าง", &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("ลิงก์มีเลขไทย"), "the warning");
    assert!(page.body.contains("id=\"e-links.0.url\""));
    assert!(page.body.contains(&html(&ascii)), "the offer in the field");
    assert!(!page.body.contains("%E0%B9"), "never percent-encoded");
    let nothing = app
        .store
        .find_disclosure_entry(app.a.agency.id, YEAR, code)
        .await
        .unwrap();
    assert!(nothing.is_none(), "not saved silently");

    let page = save_entry(&app, &admin, code, 0, &[&ascii], "โครงสร้าง", &[]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let saved = app
        .store
        .find_disclosure_entry(app.a.agency.id, YEAR, code)
        .await
        .unwrap()
        .expect("saved");
    assert_eq!(saved.links[0].url, ascii);
}

async fn second_department(app: &TestApp) -> Department {
    let department = Department {
        agency_id: app.a.agency.id,
        id: DepartmentId::new(),
        name: "กองช่าง".to_owned(),
        sort_order: 2,
    };
    app.store
        .create_department(Actor::default(), &department)
        .await
        .unwrap();
    department
}

#[tokio::test]
async fn department_heads_edit_only_their_departments_items_and_staff_read() {
    let site = SampleSite::start(YEAR).await.unwrap();
    let app = app_on(&site).await;
    let admin = app.login("admin.alpha").await;
    let other = second_department(&app).await;
    let codes = item_codes();
    let good = url_of(&site, &evidence(SampleKind::Good));
    let own_department = app.a.department.id.to_string();
    let other_department = other.id.to_string();
    for (code, department) in [(&codes[0], &own_department), (&codes[1], &other_department)] {
        let page = save_entry(
            &app,
            &admin,
            code,
            0,
            &[&good],
            "",
            &[("department", department.as_str())],
        )
        .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    }
    app.add_user(
        app.a.agency.id,
        "head.alpha",
        Role::DepartmentHead,
        Some(app.a.department.id),
    )
    .await;
    let head = app.login("head.alpha").await;
    let list = app.get(Some(&head), &format!("/oit?year={YEAR}")).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.body
            .contains(&format!("/oit/{YEAR}/items/{}\">แก้ไข", codes[0]))
    );
    assert!(
        list.body
            .contains(&format!("/oit/{YEAR}/items/{}\">ดู", codes[1]))
    );

    let own = save_entry(
        &app,
        &head,
        &codes[0],
        1,
        &[&good],
        "",
        &[("department", other_department.as_str())],
    )
    .await;
    assert_eq!(own.status, StatusCode::SEE_OTHER, "{}", own.body);
    let saved = app
        .store
        .find_disclosure_entry(app.a.agency.id, YEAR, &codes[0])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        saved.department_id,
        Some(app.a.department.id),
        "owner unchanged"
    );
    let theirs = save_entry(&app, &head, &codes[1], 1, &[&good], "", &[]).await;
    assert_eq!(theirs.status, StatusCode::FORBIDDEN);
    assert!(theirs.body.contains("ไม่มีสิทธิ์"));

    let staff = app.login("staff.alpha").await;
    let view = app
        .get(Some(&staff), &format!("/oit/{YEAR}/items/{}", codes[0]))
        .await;
    assert_eq!(view.status, StatusCode::OK);
    assert!(view.body.contains("ดูรายการนี้ได้อย่างเดียว"));
    let denied = save_entry(&app, &staff, &codes[0], 2, &[&good], "", &[]).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    let check = app
        .post(Some(&staff), &format!("/oit/{YEAR}/check"), &[])
        .await;
    assert_eq!(check.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_stale_save_is_refused_with_what_was_typed_kept() {
    let site = SampleSite::start(YEAR).await.unwrap();
    let app = app_on(&site).await;
    let admin = app.login("admin.alpha").await;
    let code = &item_codes()[0];
    let good = url_of(&site, &evidence(SampleKind::Good));
    let first = save_entry(&app, &admin, code, 0, &[&good], "", &[]).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    let stale = save_entry(&app, &admin, code, 0, &[&good], "คำที่พิมพ์ไว้", &[]).await;
    assert_eq!(stale.status, StatusCode::OK);
    assert!(stale.body.contains("มีผู้อื่นบันทึกรายการนี้ไปก่อนแล้ว"));
    assert!(stale.body.contains("คำที่พิมพ์ไว้"));
}

#[tokio::test]
async fn carry_over_copies_last_years_entries_through_the_mapping() {
    let site = SampleSite::start(YEAR).await.unwrap();
    let app = app_on(&site).await;
    let framework = Framework::builtin(YEAR).unwrap();
    let (old_code, new_code) = framework
        .previous_year_item_mapping
        .iter()
        .next()
        .map(|(o, n)| (o.clone(), n.clone()))
        .expect("the framework maps last year's items");
    let url = url_of(&site, &evidence(SampleKind::Good));
    let old = DisclosureEntry {
        links: vec![EvidenceLink {
            url: url.clone(),
            note: "ปีที่แล้ว".to_owned(),
        }],
        status: DisclosureStatus::Submitted,
        ..DisclosureEntry::empty(app.a.agency.id, YEAR - 1, &old_code)
    };
    app.store
        .insert_disclosure_entries(Actor::default(), &[old])
        .await
        .unwrap();
    let admin = app.login("admin.alpha").await;
    let list = app.get(Some(&admin), &format!("/oit?year={YEAR}")).await;
    assert!(list.body.contains("ยกมาจากปีที่แล้ว"));
    let carried = app
        .post(Some(&admin), &format!("/oit/{YEAR}/carry-over"), &[])
        .await;
    assert_eq!(carried.status, StatusCode::SEE_OTHER, "{}", carried.body);
    assert!(carried.location.unwrap().contains("notice=carried"));
    let entry = app
        .store
        .find_disclosure_entry(app.a.agency.id, YEAR, &new_code)
        .await
        .unwrap()
        .expect("carried over");
    assert_eq!(entry.links[0].url, url);
    assert_eq!(entry.status, DisclosureStatus::NotStarted);
    let again = app
        .post(Some(&admin), &format!("/oit/{YEAR}/carry-over"), &[])
        .await;
    assert!(again.location.unwrap().contains("notice=nothing"));
}

#[tokio::test]
async fn settings_are_validated_at_their_fields_and_for_administrators_only() {
    let app = common::app().await;
    let admin = app.login("admin.alpha").await;
    let bad = app
        .post(
            Some(&admin),
            "/oit/settings",
            &[
                ("extra_domains", "dindaeng go th/"),
                ("home_url", "ไม่ใช่ลิงก์"),
                ("max_clicks", "9"),
                ("check_interval_hours", "สิบ"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::OK);
    assert!(bad.body.contains("id=\"e-max_clicks\""));
    assert!(bad.body.contains("id=\"e-check_interval_hours\""));
    assert!(bad.body.contains("id=\"e-home_url\""));
    assert!(bad.body.contains("id=\"e-extra_domains\""));
    assert!(bad.body.contains("ไม่ใช่ลิงก์"));
    let good = app
        .post(
            Some(&admin),
            "/oit/settings",
            &[
                ("extra_domains", "Dindaeng.go.th"),
                ("home_url", "https://www.dindaeng.go.th/"),
                ("max_clicks", "๔"),
                ("check_interval_hours", "12"),
            ],
        )
        .await;
    assert_eq!(good.status, StatusCode::SEE_OTHER, "{}", good.body);
    let stored = app
        .store
        .disclosure_settings(app.a.agency.id)
        .await
        .unwrap();
    assert_eq!(stored.extra_domains, ["dindaeng.go.th"]);
    assert_eq!(stored.max_clicks, 4);
    assert_eq!(stored.check_interval_hours, 12);
    assert!(!stored.keep_archive);

    let staff = app.login("staff.alpha").await;
    assert_eq!(
        app.get(Some(&staff), "/oit/settings").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn housekeeping_checks_the_newest_year_once_per_interval() {
    let site = SampleSite::start(YEAR).await.unwrap();
    let app = app_on(&site).await;
    let admin = app.login("admin.alpha").await;
    let url = url_of(&site, &evidence(SampleKind::Good));
    let saved = save_entry(&app, &admin, &item_codes()[0], 0, &[&url], "", &[]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let mut settings = Settings::default();
    settings.link_check.allowed_private = vec![site.address()];
    let state = prongsai_web::AppState::new(app.store.clone(), settings, WebConfig::default());
    let history = || app.store.link_check_history(app.a.agency.id, &url);

    let now = chrono::Utc::now();
    prongsai_app::jobs::run_housekeeping(state.app(), now).await;
    assert_eq!(history().await.unwrap().len(), 1, "never checked: due");
    prongsai_app::jobs::run_housekeeping(state.app(), now + chrono::TimeDelta::hours(23)).await;
    assert_eq!(history().await.unwrap().len(), 1, "within the 24 hours");
    prongsai_app::jobs::run_housekeeping(state.app(), now + chrono::TimeDelta::hours(25)).await;
    assert_eq!(history().await.unwrap().len(), 2, "the interval passed");
}
