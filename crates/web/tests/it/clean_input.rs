//! Typed text that cannot be kept comes back in Thai next to its field with
//! everything typed, on the staff forms, and nothing is saved: a control
//! character (NUL, a C1 control), more characters than core's table of limits
//! gives the field, a form over the body limit. Every text field a form renders
//! carries the table's `maxlength`. The forms are read from their rendered HTML
//! and posted back as a browser would, so a new field is covered without
//! listing it here.

use axum::http::StatusCode;
use prongsai_core::field_limits::max_chars;
use prongsai_core::validation::CONTROL_CHARACTER_TH;
use prongsai_testkit::http::{Browser, TestApp};

use crate::common;

/// The form pages of an administrator of agency `a` (seeded with a department,
/// an official and the ITA result of 2565).
fn form_pages(app: &TestApp) -> Vec<String> {
    vec![
        format!("/departments/{}", app.a.department.id),
        format!("/officials/{}", app.a.official.id),
        "/users".to_owned(),
        format!("/users/{}", app.a.admin.id),
        "/complaints/settings".to_owned(),
        "/oit/settings".to_owned(),
        "/ita/2565/official/edit".to_owned(),
        "/plan/2565/measures/new".to_owned(),
        "/memos/new".to_owned(),
        "/orders/new".to_owned(),
        "/surveys/new?kind=satisfaction&year=2568".to_owned(),
    ]
}

/// One named field of a rendered form.
#[derive(Debug, Clone)]
struct Field {
    name: String,
    value: String,
    /// A text input or a text area (what a person types into).
    typed: bool,
    maxlength: Option<usize>,
}

/// The value of `name="…"` in a tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let pattern = format!(" {name}=\"");
    let at = tag.find(&pattern)? + pattern.len();
    let len = tag[at..].find('"')?;
    Some(unescape(&tag[at..at + len]))
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

/// The fields of every text input and text area in `html`, and of hidden and
/// checked inputs.
fn fields(html: &str) -> Vec<Field> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = rest[..end].replace(['\n', '\t'], " ");
        let maxlength = attribute(&tag, "maxlength").map(|v| v.parse().unwrap());
        if tag.starts_with("<input") {
            let kind = attribute(&tag, "type").unwrap_or_else(|| "text".to_owned());
            let sent = match kind.as_str() {
                "checkbox" | "radio" => tag.contains(" checked"),
                "submit" | "button" | "file" => false,
                _ => true,
            };
            if let (Some(name), true) = (attribute(&tag, "name"), sent) {
                found.push(Field {
                    name,
                    value: attribute(&tag, "value").unwrap_or_default(),
                    typed: matches!(kind.as_str(), "text" | "email" | "tel" | "url" | "search"),
                    maxlength,
                });
            }
        } else if tag.starts_with("<textarea") {
            let close = rest.find("</textarea>").unwrap();
            if let Some(name) = attribute(&tag, "name") {
                found.push(Field {
                    name,
                    value: unescape(&rest[end + 1..close]),
                    typed: true,
                    maxlength,
                });
            }
        }
        rest = &rest[1..];
    }
    found
}

/// The form of a page with the most text fields (not the layout's logout).
fn main_form(html: &str) -> (String, Vec<Field>) {
    html.split("<form")
        .skip(1)
        .filter_map(|form| {
            let tag = &form[..form.find('>')?];
            let action = attribute(&format!(" {tag}"), "action")?;
            let body = &form[..form.find("</form>")?];
            (action != "/logout").then(|| (action, fields(body)))
        })
        .max_by_key(|(_, fields)| fields.iter().filter(|f| f.typed).count())
        .expect("a form")
}

/// Posts the main form of `page` with `poison` typed into its first text
/// field and a distinct marker in every other empty text field; checks the
/// answer is the form again with `message` and everything typed, and that no
/// audit row (no change) was written.
async fn refused(
    app: &TestApp,
    browser: &Browser,
    page: &str,
    poison: &dyn Fn(&str) -> String,
    message: &str,
) {
    let html = app.get(Some(browser), page).await;
    assert_eq!(html.status, StatusCode::OK, "GET {page}");
    let (action, mut fields) = main_form(&html.body);
    let first = fields
        .iter()
        .position(|f| f.typed)
        .unwrap_or_else(|| panic!("{page}: no text field in {action} {fields:?}"));
    fields[first].value = poison(&fields[first].name);
    let mut markers = Vec::new();
    for (i, field) in fields.iter_mut().enumerate() {
        if field.typed && i != first && field.value.is_empty() {
            field.value = format!("พิมพ์ไว้ที่{i}");
            markers.push(field.value.clone());
        }
    }
    let before = app
        .store
        .list_audit(app.a.agency.id, 10_000)
        .await
        .unwrap()
        .len();
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|f| (f.name.as_str(), f.value.as_str()))
        .collect();
    let answer = app.post(Some(browser), &action, &pairs).await;
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "POST {action}: {}",
        answer.body
    );
    assert!(answer.body.contains(message), "POST {action}: no message");
    for marker in &markers {
        assert!(
            answer.body.contains(marker.as_str()),
            "POST {action}: {marker} lost"
        );
    }
    let after = app
        .store
        .list_audit(app.a.agency.id, 10_000)
        .await
        .unwrap()
        .len();
    assert_eq!(before, after, "POST {action} saved something");
}

#[tokio::test]
async fn control_characters_are_refused_on_every_staff_form_with_what_was_typed() {
    let app = common::app().await;
    let browser = app.login("admin.alpha").await;
    for page in form_pages(&app) {
        for control in ['\u{0}', '\u{85}', '\u{1B}'] {
            let poison = move |_: &str| format!("ข้อความ{control}ทดสอบ");
            refused(&app, &browser, &page, &poison, CONTROL_CHARACTER_TH).await;
        }
    }
}

#[tokio::test]
async fn text_over_its_limit_is_refused_on_every_staff_form_with_what_was_typed() {
    let app = common::app().await;
    let browser = app.login("admin.alpha").await;
    for page in form_pages(&app) {
        let poison = |name: &str| "ก".repeat(max_chars(name) + 1);
        refused(&app, &browser, &page, &poison, "ยาวเกินกำหนด").await;
    }
}

#[tokio::test]
async fn every_text_field_carries_the_maxlength_of_the_table() {
    let app = common::app().await;
    let browser = app.login("admin.alpha").await;
    let mut checked = 0;
    for page in form_pages(&app) {
        let html = app.get(Some(&browser), &page).await;
        for field in fields(&html.body).into_iter().filter(|f| f.typed) {
            assert_eq!(
                field.maxlength,
                Some(max_chars(&field.name)),
                "{page}: {}",
                field.name
            );
            checked += 1;
        }
    }
    assert!(checked > 50, "{checked} fields");
}

#[tokio::test]
async fn a_form_over_the_body_limit_comes_back_with_what_fits() {
    let app = common::app().await;
    let browser = app.login("admin.alpha").await;
    let html = app.get(Some(&browser), "/orders/new").await;
    let (action, fields) = main_form(&html.body);
    let long = "ย".repeat(800_000);
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|f| match f.name.as_str() {
            "subject" => ("subject", "แต่งตั้งคณะทำงาน"),
            "preamble" => ("preamble", long.as_str()),
            name => (name, f.value.as_str()),
        })
        .collect();
    let before = app.store.list_orders(app.a.agency.id, None).await.unwrap();
    let answer = app.post(Some(&browser), &action, &pairs).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert!(answer.body.contains("ยาวเกินกว่าที่แบบฟอร์มส่งได้"));
    assert!(answer.body.contains("แต่งตั้งคณะทำงาน"), "the subject is kept");
    assert!(
        answer.body.contains(&"ย".repeat(100_000)),
        "the preamble is kept as far as it came"
    );
    let after = app.store.list_orders(app.a.agency.id, None).await.unwrap();
    assert_eq!(before.len(), after.len());
}

/// A form that cannot show the problem at its field is refused with a page
/// that names the field in Thai, never by its key in the code, and stores
/// nothing.
#[tokio::test]
async fn a_refusal_without_the_form_names_the_field_in_thai() {
    let app = common::app().await;
    let admin = app.login("admin.alpha").await;
    let refused = app
        .post(
            Some(&admin),
            "/plan/2570/topics",
            &[("title", "หัวข้อ\u{0}ใหม่")],
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("ช่องชื่อเรื่องหรือหัวข้อ"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains(CONTROL_CHARACTER_TH),
        "{}",
        refused.body
    );
    assert!(!refused.body.contains("\"title\""), "{}", refused.body);
    let plan = app.get(Some(&admin), "/plan/2570").await;
    assert!(!plan.body.contains("หัวข้อ\u{0}ใหม่") && !plan.body.contains("หัวข้อใหม่"));
}
