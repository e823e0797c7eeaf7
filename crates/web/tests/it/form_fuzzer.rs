//! Every POST form an administrator can reach, sent with hostile values in
//! every field a user types: control characters, direction overrides, text
//! far past any sensible length, emoji, impossible numbers and dates, markup.
//! Nothing may answer 5xx, on SQLite or on PostgreSQL. The forms are found the
//! way a user finds them, by following the pages' own links from the
//! dashboard, so a new form is fuzzed without being listed here.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use axum::http::StatusCode;
use prongsai_testkit::http::{Browser, TestApp, post, post_multipart};

use crate::common::html_forms::{self, FieldKind, Form};
use crate::common::{self};

/// Pages the crawl opens at most.
const MAX_PAGES: usize = 400;
/// Pages of one shape (the same path but for its years and ids: one year's
/// page and the next year's) the crawl opens at most; their forms are alike.
const PAGES_PER_SHAPE: usize = 2;
/// Crawl-and-fuzz rounds at most.
const ROUNDS: usize = 4;

/// A path with each segment that holds a digit (a year, an id, an item code)
/// replaced by `#`.
fn shape(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            if segment.chars().any(|c| c.is_ascii_digit()) {
                "#"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// What goes into every typed field, one payload per submission; after them
/// each form is sent once more with a plain value of each field's type
/// ([`plain_value`]), so that it creates what has forms of its own.
fn payloads() -> Vec<String> {
    vec![
        "ก\u{0}ข".to_owned(),
        "รายงาน\u{85}\u{9f}\u{1b}[31m".to_owned(),
        "report\u{202E}fdp.exe".to_owned(),
        "ก".repeat(40_000),
        "😀🇹🇭\u{FFFF}\u{E000}".to_owned(),
        "-99999999999999999999999".to_owned(),
        "2567-13-45".to_owned(),
        "<script>alert(1)</script>' OR '1'='1".to_owned(),
        " \u{200B}\u{0E48} ".to_owned(),
        "๑๒๓.๔๕".to_owned(),
    ]
}

/// Paths the crawl leaves alone: they end the session or only download.
fn skipped(path: &str) -> bool {
    path.starts_with("/logout")
        || path.starts_with("/static")
        || path.contains("/sessions/end")
        || path.contains("/password")
        || [
            ".pdf", ".docx", ".xlsx", ".csv", ".json", ".zip", ".png", ".svg",
        ]
        .iter()
        .any(|ext| path.split('?').next().is_some_and(|p| p.ends_with(ext)))
        || path.contains("format=")
        || path.contains("/download")
}

/// Every POST form reachable from the dashboard by links whose shape (action
/// and field names) is not in `shapes` yet, each once; their shapes are added.
async fn new_forms(app: &TestApp, browser: &Browser, shapes: &mut BTreeSet<String>) -> Vec<Form> {
    let mut seen = BTreeSet::new();
    let mut per_shape: BTreeMap<String, usize> = BTreeMap::new();
    let mut queue = VecDeque::from(["/".to_owned()]);
    let mut forms = Vec::new();
    while let Some(path) = queue.pop_front() {
        if seen.len() >= MAX_PAGES || !seen.insert(path.clone()) {
            continue;
        }
        let opened = per_shape.entry(shape(&path)).or_default();
        if *opened >= PAGES_PER_SHAPE {
            continue;
        }
        *opened += 1;
        let page = app.get(Some(browser), &path).await;
        assert!(
            page.status.as_u16() < 500,
            "GET {path}: {} {}",
            page.status,
            page.body
        );
        let content_type = page
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if !content_type.starts_with("text/html") {
            continue;
        }
        let parts = html_forms::read(&page.body);
        for link in parts.links {
            let link = link.split('#').next().unwrap_or_default().to_owned();
            if !link.is_empty() && !skipped(&link) && !seen.contains(&link) {
                queue.push_back(link);
            }
        }
        for mut form in parts.forms {
            if form.action.is_empty() {
                form.action.clone_from(&path);
            }
            let names: Vec<&str> = form.fields.iter().map(|f| f.name.as_str()).collect();
            if !skipped(&form.action) && shapes.insert(format!("{} {names:?}", shape(&form.action)))
            {
                forms.push(form);
            }
        }
    }
    forms
}

/// A value a clerk would type into a field of this type.
fn plain_value(input_type: &str) -> &'static str {
    match input_type {
        "number" => "3",
        "date" => "2025-01-15",
        "email" => "clerk@example.go.th",
        "url" => "https://www.example.go.th/oit/2568",
        "tel" => "0812345678",
        _ => "โครงการทดสอบ ๑",
    }
}

/// Sends `form` with `payload` in every typed field (`None`: a plain value of
/// each field's type).
async fn send(
    app: &TestApp,
    browser: &Browser,
    form: &Form,
    payload: Option<&str>,
) -> (StatusCode, String) {
    let values: Vec<(&str, &str)> = form
        .fields
        .iter()
        .filter(|f| f.kind != FieldKind::File && f.name != "csrf_token")
        .map(|f| {
            let value = match (f.kind == FieldKind::Typed, payload) {
                (true, Some(payload)) => payload,
                (true, None) => plain_value(&f.input_type),
                (false, _) => f.value.as_str(),
            };
            (f.name.as_str(), value)
        })
        .collect();
    let page = if form.multipart {
        let files: Vec<(&str, &str, &[u8])> = form
            .fields
            .iter()
            .filter(|f| f.kind == FieldKind::File)
            .map(|f| {
                let bytes = payload.unwrap_or("%PDF-1.4 plain").as_bytes();
                (f.name.as_str(), "ไฟล์\u{202E}fdp.exe", bytes)
            })
            .collect();
        post_multipart(&app.router, browser, &form.action, &values, &files).await
    } else {
        post(&app.router, Some(browser), &form.action, &values).await
    };
    (page.status, page.body)
}

/// Crawls, fuzzes every form with every payload, and says what answered 5xx.
/// Some payloads are valid (a topic may well be called "๑๒๓.๔๕"), and what
/// they create has forms of its own (the topic's measures): the crawl runs
/// again until it finds no new form.
async fn fuzz(app: &TestApp) {
    let mut browser = app.login("admin.alpha").await;
    let mut shapes = BTreeSet::new();
    let mut failures = Vec::new();
    let (mut sent, mut fuzzed) = (0, 0);
    for _round in 0..ROUNDS {
        let forms = new_forms(app, &browser, &mut shapes).await;
        if forms.is_empty() {
            break;
        }
        fuzzed += forms.len();
        for form in &forms {
            let hostile = payloads().into_iter().map(Some);
            for payload in hostile.chain([None]) {
                let (status, body) = send(app, &browser, form, payload.as_deref()).await;
                sent += 1;
                if status.is_server_error() {
                    let shown: String = payload.unwrap_or_default().chars().take(24).collect();
                    let said: String = body.chars().take(200).collect();
                    failures.push(format!(
                        "POST {} with {shown:?}: {status} {said}",
                        form.action
                    ));
                }
                if status == StatusCode::SEE_OTHER && body.is_empty() {
                    // A form may have ended this session (a role changed): sign in again.
                    let home = app.get(Some(&browser), "/").await;
                    if home.status != StatusCode::OK {
                        browser = app.login("admin.alpha").await;
                    }
                }
            }
        }
    }
    assert!(fuzzed >= 30, "only {fuzzed} forms found");
    println!(
        "form fuzzer: {fuzzed} forms, {sent} submissions, {} answered 5xx",
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_form_answers_5xx_on_sqlite() {
    fuzz(&common::app().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_form_answers_5xx_on_postgresql() {
    let Some((_database, app)) = common::app_on_postgres().await else {
        return;
    };
    fuzz(&app).await;
}
