//! The public survey form: answering through the real router over a real
//! SQLite file, one answer sheet per device, bad answers kept and explained,
//! closed and unknown surveys, and what the stored row does not hold.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use chrono::{Duration, Utc};
use prongsai_core::ita::Framework;
use prongsai_core::model::{Agency, SurveyId};
use prongsai_core::surveys::{
    AskedQuestion, SampleRule, SatisfactionQuestion, SatisfactionScale, Scale, Survey, SurveyKind,
    SurveyStatus, asked_questions,
};
use prongsai_core::thai::calendar::today_in_thailand;
use prongsai_store::Actor;
use tower::ServiceExt as _;

const YEAR: i32 = 2568;

use crate::common;

use common::public::{PublicApp as App, agency};
use prongsai_testkit::http::Page;

fn survey(agency: &Agency, kind: SurveyKind, token: &str) -> Survey {
    Survey {
        id: SurveyId::new(),
        agency_id: agency.id,
        fiscal_year: YEAR,
        kind,
        title: format!("แบบสำรวจทดสอบ {}", kind.code()),
        public_token: token.to_owned(),
        status: SurveyStatus::Open,
        population: Some(120),
        sample_rule: SampleRule::default(),
        closes_on: None,
        questions: Vec::new(),
        created_at: Utc::now(),
        version: 1,
    }
}

async fn create(app: &App, survey: &Survey) {
    app.store
        .create_survey(Actor::default(), survey)
        .await
        .unwrap();
}

async fn count(app: &App, survey: &Survey) -> u64 {
    app.store
        .survey_response_count(survey.agency_id, survey.id)
        .await
        .unwrap()
}

/// The framework's questions of an IIT survey.
fn iit_questions() -> Vec<AskedQuestion> {
    let framework = Framework::builtin(YEAR).unwrap();
    let questions = asked_questions(
        &survey(&agency("x", "x"), SurveyKind::Iit, "t"),
        Some(&framework),
    );
    assert!(
        questions.iter().any(|q| !q.sub_items.is_empty()),
        "2568 has sub-items"
    );
    assert!(questions.iter().any(|q| q.scale == Scale::YesNo));
    questions
}

/// A complete answer sheet: the highest choice everywhere.
fn full_answers(questions: &[AskedQuestion]) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    for q in questions {
        let Some((value, _)) = q.scale.choices().last() else {
            continue;
        };
        if q.sub_items.is_empty() {
            fields.push((q.code.clone(), (*value).to_owned()));
        } else {
            for n in 1..=q.sub_items.len() {
                fields.push((format!("{}.{n}", q.code), (*value).to_owned()));
            }
        }
    }
    fields
}

fn post(path: &str, fields: &[(String, String)], cookie: Option<&str>) -> Request<Body> {
    let mut req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(serde_urlencoded::to_string(fields).unwrap()))
        .unwrap();
    if let Some(cookie) = cookie {
        req.headers_mut()
            .insert(header::COOKIE, cookie.parse().unwrap());
    }
    req
}

fn path(agency: &Agency, token: &str) -> String {
    format!("/p/{}/surveys/{token}", agency.code)
}

/// The `name=value` of the device cookie the page set.
fn device_cookie(page: &Page) -> String {
    let set = page
        .headers
        .get(header::SET_COOKIE)
        .expect("the form sets the device cookie")
        .to_str()
        .unwrap();
    assert!(set.starts_with("prongsai_device="), "{set}");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/p/", "Max-Age=31536000"] {
        assert!(set.contains(attribute), "{attribute} in {set}");
    }
    set.split(';').next().unwrap().to_owned()
}

fn checked(body: &str, field: &str, value: &str) -> bool {
    body.contains(&format!("name=\"{field}\" value=\"{value}\" checked"))
}

#[tokio::test]
async fn a_full_iit_sheet_is_stored_once_per_device() {
    let app = App::new().await;
    let survey = survey(&app.agency, SurveyKind::Iit, "iit-token-0001");
    create(&app, &survey).await;
    let questions = iit_questions();
    let url = path(&app.agency, &survey.public_token);

    let form = app.get(&url).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains("lang=\"th\""));
    assert!(!form.body.contains("<script"));
    assert!(form.body.contains("ไม่ถามชื่อ"), "the anonymity note");
    assert_eq!(form.headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
    for q in &questions {
        assert!(
            form.body.contains(&format!("id=\"q-{}\"", q.code)),
            "{}",
            q.code
        );
    }
    let sub = questions.iter().find(|q| !q.sub_items.is_empty()).unwrap();
    assert!(
        form.body
            .contains(&format!("name=\"{}.{}\"", sub.code, sub.sub_items.len()))
    );
    let cookie = device_cookie(&form);

    let answers = full_answers(&questions);
    let done = app.send(post(&url, &answers, Some(&cookie))).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body.contains("ขอบคุณที่ตอบแบบสำรวจ"));
    assert_eq!(count(&app, &survey).await, 1);
    let stored = app
        .store
        .survey_responses(app.agency.id, survey.id)
        .await
        .unwrap();
    assert_eq!(stored[0].submitted_on, today_in_thailand());
    assert_eq!(stored[0].answers.choices.len(), questions.len());
    let hash = stored[0].device_hash.clone().expect("the device's hash");
    assert_eq!(hash.len(), 64);
    assert!(!hash.contains(cookie.trim_start_matches("prongsai_device=")));

    let again = app.send(post(&url, &answers, Some(&cookie))).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("อุปกรณ์นี้ตอบแบบสำรวจนี้แล้ว ขอบคุณค่ะ"));
    assert_eq!(
        count(&app, &survey).await,
        1,
        "nothing stored the second time"
    );

    // The form shown again to a device that has the cookie sets no new one.
    let mut req = Request::get(&url).body(Body::empty()).unwrap();
    req.headers_mut()
        .insert(header::COOKIE, cookie.parse().unwrap());
    assert!(
        app.send(req)
            .await
            .headers
            .get(header::SET_COOKIE)
            .is_none()
    );

    // Another phone answers too; a browser without cookies as well.
    let other = app
        .send(post(
            &url,
            &answers,
            Some("prongsai_device=BBBBBBBBBBBBBBBBBBBBBB"),
        ))
        .await;
    assert_eq!(other.status, StatusCode::OK);
    assert_eq!(
        app.send(post(&url, &answers, None)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.send(post(&url, &answers, None)).await.status,
        StatusCode::OK
    );
    assert_eq!(count(&app, &survey).await, 4);
}

#[tokio::test]
async fn bad_answers_are_explained_at_their_question_and_the_rest_kept() {
    let app = App::new().await;
    let survey = survey(&app.agency, SurveyKind::Iit, "iit-token-0002");
    create(&app, &survey).await;
    let questions = iit_questions();
    let url = path(&app.agency, &survey.public_token);
    let answers = full_answers(&questions);
    let four = questions
        .iter()
        .find(|q| q.scale == Scale::FourLevel && q.sub_items.is_empty())
        .unwrap();
    let kept = answers.iter().find(|(f, _)| *f != four.code).unwrap();

    // Out of range.
    let mut out_of_range = answers.clone();
    out_of_range
        .iter_mut()
        .find(|(f, _)| *f == four.code)
        .unwrap()
        .1 = "9".to_owned();
    // Missing.
    let missing: Vec<_> = answers
        .iter()
        .filter(|(f, _)| *f != four.code)
        .cloned()
        .collect();
    for (fields, message) in [
        (&out_of_range, "คำตอบต้องเป็นระดับ 1 ถึง 4"),
        (&missing, "กรุณาเลือกคำตอบของข้อนี้"),
    ] {
        let page = app.send(post(&url, fields, None)).await;
        assert_eq!(
            page.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            page.body
        );
        let at = page.body.find(&format!("id=\"q-{}\"", four.code)).unwrap();
        let error = page.body.find(&format!("id=\"e-{}\"", four.code)).unwrap();
        let next = page.body[at + 1..]
            .find("id=\"q-")
            .map_or(usize::MAX, |n| n + at + 1);
        assert!(
            at < error && error < next,
            "the message inside its question"
        );
        assert!(page.body[error..].starts_with(&format!("id=\"e-{}\">{message}", four.code)));
        assert!(page.body.contains("ยังส่งไม่ได้"));
        assert!(checked(&page.body, &kept.0, &kept.1), "other answers kept");
        assert!(!checked(&page.body, &four.code, "9"));
    }

    // A sub-item the question does not have.
    let sub = questions.iter().find(|q| !q.sub_items.is_empty()).unwrap();
    let mut forged = answers.clone();
    forged.push((
        format!("{}.{}", sub.code, sub.sub_items.len() + 1),
        "yes".to_owned(),
    ));
    let page = app.send(post(&url, &forged, None)).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.body
            .contains(&format!("id=\"e-{}\">คำตอบที่ส่งมามีข้อย่อยที่ไม่มีในข้อนี้", sub.code))
    );
    assert!(checked(
        &page.body,
        &format!("{}.1", sub.code),
        &answers
            .iter()
            .find(|(f, _)| *f == format!("{}.1", sub.code))
            .unwrap()
            .1
    ));

    assert_eq!(count(&app, &survey).await, 0, "nothing stored");
}

#[tokio::test]
async fn closed_and_unknown_surveys_take_no_answers() {
    let app = App::new().await;
    let answers = full_answers(&iit_questions());
    let closed = Survey {
        status: SurveyStatus::Closed,
        ..survey(&app.agency, SurveyKind::Iit, "closed-token-01")
    };
    let expired = Survey {
        closes_on: Some(today_in_thailand() - Duration::days(1)),
        ..survey(&app.agency, SurveyKind::Iit, "expired-token-1")
    };
    let today = Survey {
        closes_on: Some(today_in_thailand()),
        ..survey(&app.agency, SurveyKind::Iit, "today-token-001")
    };
    for s in [&closed, &expired, &today] {
        create(&app, s).await;
    }
    for s in [&closed, &expired] {
        let url = path(&app.agency, &s.public_token);
        let form = app.get(&url).await;
        assert_eq!(form.status, StatusCode::GONE);
        assert!(form.body.contains("แบบสำรวจนี้ปิดรับคำตอบแล้ว"));
        let sent = app.send(post(&url, &answers, None)).await;
        assert_eq!(sent.status, StatusCode::GONE);
        assert_eq!(count(&app, s).await, 0);
    }
    let url = path(&app.agency, &today.public_token);
    assert_eq!(
        app.send(post(&url, &answers, None)).await.status,
        StatusCode::OK,
        "the last day still counts"
    );

    // Wrong token, the token under another agency, an unknown agency.
    for url in [
        path(&app.agency, "no-such-token"),
        path(&app.other, &today.public_token),
        format!("/p/nosuch/surveys/{}", today.public_token),
    ] {
        let page = app.get(&url).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{url}");
        assert!(page.body.contains("ไม่พบ"));
        assert_eq!(
            app.send(post(&url, &answers, None)).await.status,
            StatusCode::NOT_FOUND
        );
    }
    assert_eq!(count(&app, &today).await, 1);
}

#[tokio::test]
async fn a_post_from_another_site_is_refused() {
    let app = App::new().await;
    let survey = survey(&app.agency, SurveyKind::Iit, "iit-token-0003");
    create(&app, &survey).await;
    let url = path(&app.agency, &survey.public_token);
    let answers = full_answers(&iit_questions());
    for (name, value) in [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let mut req = post(&url, &answers, None);
        req.headers_mut()
            .insert(header::HOST, "itas.example.go.th".parse().unwrap());
        req.headers_mut().insert(name, value.parse().unwrap());
        let page = app.send(req).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        assert!(page.body.contains("ส่งแบบฟอร์มจากเว็บไซต์อื่นไม่ได้"));
    }
    assert_eq!(count(&app, &survey).await, 0);
    let mut req = post(&url, &answers, None);
    req.headers_mut()
        .insert(header::HOST, "itas.example.go.th".parse().unwrap());
    req.headers_mut().insert(
        header::ORIGIN,
        "https://itas.example.go.th".parse().unwrap(),
    );
    assert_eq!(app.send(req).await.status, StatusCode::OK);
    assert_eq!(count(&app, &survey).await, 1);
}

#[tokio::test]
async fn the_stored_row_holds_no_address_agent_or_cookie() {
    let app = App::new().await;
    let survey = survey(&app.agency, SurveyKind::Eit, "eit-token-00001");
    create(&app, &survey).await;
    let framework = Framework::builtin(YEAR).unwrap();
    let answers = full_answers(&asked_questions(&survey, Some(&framework)));
    let device = "CCCCCCCCCCCCCCCCCCCCCC";
    let mut req = post(
        &path(&app.agency, &survey.public_token),
        &answers,
        Some(&format!("prongsai_device={device}")),
    );
    let agent = "MarkerAgent/7.7 (respondent-phone-zq)";
    req.headers_mut()
        .insert(header::USER_AGENT, agent.parse().unwrap());
    req.headers_mut()
        .insert("x-forwarded-for", "198.51.100.123".parse().unwrap());
    let addr: SocketAddr = "203.0.113.201:40404".parse().unwrap();
    req.extensions_mut().insert(ConnectInfo(addr));
    let page = app.send(req).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(count(&app, &survey).await, 1);
    for (path, bytes) in app.bytes_on_disk() {
        for marker in [
            "respondent-phone-zq",
            "198.51.100.123",
            "203.0.113.201",
            device,
        ] {
            assert!(
                !bytes.windows(marker.len()).any(|w| w == marker.as_bytes()),
                "{marker} stored in {}",
                path.display()
            );
        }
    }
}

#[tokio::test]
async fn a_satisfaction_survey_takes_levels_and_a_comment() {
    let app = App::new().await;
    let survey = Survey {
        questions: vec![
            SatisfactionQuestion {
                code: "s1".to_owned(),
                text_th: "ความพึงพอใจต่อการให้บริการของเจ้าหน้าที่".to_owned(),
                scale: SatisfactionScale::FiveLevel,
            },
            SatisfactionQuestion {
                code: "s2".to_owned(),
                text_th: "ข้อเสนอแนะเพิ่มเติม".to_owned(),
                scale: SatisfactionScale::Text,
            },
        ],
        ..survey(&app.agency, SurveyKind::Satisfaction, "sat-token-00001")
    };
    create(&app, &survey).await;
    let url = path(&app.agency, &survey.public_token);
    let form = app.get(&url).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("name=\"s1\" value=\"5\""));
    assert!(form.body.contains("<textarea id=\"f-s2\" name=\"s2\""));

    let comment = "อยากให้เปิดบริการช่วงพักเที่ยง <b>ด้วย</b>";
    let missing = app
        .send(post(&url, &[("s2".to_owned(), comment.to_owned())], None))
        .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        missing.body.contains("อยากให้เปิดบริการช่วงพักเที่ยง &lt;b&gt;"),
        "the comment kept, escaped"
    );
    assert!(!missing.body.contains("<b>ด้วย"));

    let done = app
        .send(post(
            &url,
            &[
                ("s1".to_owned(), "4".to_owned()),
                ("s2".to_owned(), comment.to_owned()),
            ],
            None,
        ))
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let stored = app
        .store
        .survey_responses(app.agency.id, survey.id)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(
        stored[0].answers.comments.get("s2").map(String::as_str),
        Some(comment)
    );
    assert_eq!(stored[0].answers.choices.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_concurrent_sheets_are_all_stored() {
    let app = App::new().await;
    let survey = survey(&app.agency, SurveyKind::Iit, "iit-token-0004");
    create(&app, &survey).await;
    let url = path(&app.agency, &survey.public_token);
    let answers = full_answers(&iit_questions());
    let tasks: Vec<_> = (0..200)
        .map(|i| {
            let router = app.router.clone();
            let req = post(
                &url,
                &answers,
                Some(&format!("prongsai_device=device-{i:016}")),
            );
            tokio::spawn(async move { router.oneshot(req).await.unwrap().status() })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), StatusCode::OK);
    }
    assert_eq!(count(&app, &survey).await, 200);
    let stored = app
        .store
        .survey_responses(app.agency.id, survey.id)
        .await
        .unwrap();
    assert!(stored.iter().all(|r| r.submitted_on == today_in_thailand()));
}
