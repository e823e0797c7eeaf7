//! The staff survey pages: creating each kind through the form with bad input
//! kept, versioned edits, who may do what, the predicted scores and weakest
//! questions moving as responses arrive, closing and reopening, and one agency
//! never reaching another's survey.

use crate::common;

use std::collections::BTreeMap;

use axum::http::StatusCode;
use chrono::{NaiveDate, Utc};
use prongsai_core::ita::{Answer, AnswerType, Framework, Instrument, Question};
use prongsai_core::model::{AgencyId, Role, SurveyId, SurveyResponseId, User, UserId};
use prongsai_core::surveys::{
    ResponseAnswers, SampleRule, SatisfactionQuestion, SatisfactionScale, Survey, SurveyKind,
    SurveyResponse, SurveyStatus,
};
use prongsai_store::Actor;
use prongsai_testkit::http::{Browser, TestApp};

const YEAR: i32 = 2568;
const STALE: &str = "มีผู้อื่นบันทึกรายการนี้ไปก่อนแล้ว";

fn sample_fields<'a>(title: &'a str, population: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("year", "2568"),
        ("title", title),
        ("population", population),
        ("sample_percent", "10"),
        ("sample_minimum", "30"),
        ("sample_maximum", "400"),
        ("closes_on", ""),
    ]
}

fn with<'a>(
    mut fields: Vec<(&'a str, &'a str)>,
    more: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    for (k, v) in more {
        fields.retain(|(key, _)| key != k);
        fields.push((k, v));
    }
    fields
}

async fn surveys_of(app: &TestApp, agency: AgencyId) -> Vec<Survey> {
    app.store.surveys(agency, Some(YEAR)).await.unwrap()
}

/// A survey stored directly, as the form would store it.
async fn stored_survey(app: &TestApp, agency: AgencyId, kind: SurveyKind) -> Survey {
    let survey = Survey {
        id: SurveyId::new(),
        agency_id: agency,
        fiscal_year: YEAR,
        kind,
        title: format!("แบบสำรวจ {}", kind.code()),
        public_token: format!("token-{}", SurveyId::new()),
        status: SurveyStatus::Open,
        population: Some(40),
        sample_rule: SampleRule::default(),
        closes_on: None,
        questions: if kind == SurveyKind::Satisfaction {
            vec![
                SatisfactionQuestion {
                    code: "s1".to_owned(),
                    text_th: "ความรวดเร็วในการให้บริการ".to_owned(),
                    scale: SatisfactionScale::FiveLevel,
                },
                SatisfactionQuestion {
                    code: "s2".to_owned(),
                    text_th: "ข้อเสนอแนะ".to_owned(),
                    scale: SatisfactionScale::Text,
                },
            ]
        } else {
            Vec::new()
        },
        created_at: Utc::now(),
        version: 1,
    };
    app.store
        .create_survey(Actor::default(), &survey)
        .await
        .unwrap();
    app.store
        .find_survey(agency, survey.id)
        .await
        .unwrap()
        .unwrap()
}

fn best(kind: AnswerType, reverse: bool) -> Answer {
    match (kind, reverse) {
        (AnswerType::FourLevel, false) => Answer::Level(4),
        (AnswerType::FourLevel, true) => Answer::Level(1),
        (AnswerType::YesNo, reverse) => Answer::YesNo(!reverse),
    }
}

fn best_answer(q: &Question) -> Answer {
    if q.sub_items.is_empty() {
        best(q.answer_type, q.reverse)
    } else {
        Answer::SubItems(
            q.sub_items
                .iter()
                .map(|s| best(q.answer_type, s.reverse))
                .collect(),
        )
    }
}

fn response(
    survey: &Survey,
    choices: BTreeMap<String, Answer>,
    comments: BTreeMap<String, String>,
) -> SurveyResponse {
    SurveyResponse {
        id: SurveyResponseId::new(),
        survey_id: survey.id,
        agency_id: survey.agency_id,
        submitted_on: NaiveDate::from_ymd_opt(2025, 2, 3).unwrap(),
        answers: ResponseAnswers { choices, comments },
        device_hash: None,
    }
}

/// An EIT answer sheet with the best answer everywhere except `changed`.
fn eit_sheet(survey: &Survey, changed: &[(&str, Answer)]) -> SurveyResponse {
    let fw = Framework::builtin(YEAR).unwrap();
    let choices = fw
        .indicators_of(Instrument::Eit)
        .flat_map(|i| &i.questions)
        .map(|q| {
            let answer = changed
                .iter()
                .find(|(c, _)| *c == q.code)
                .map_or_else(|| best_answer(q), |(_, a)| a.clone());
            (q.code.clone(), answer)
        })
        .collect();
    response(survey, choices, BTreeMap::new())
}

async fn admin(app: &TestApp) -> Browser {
    app.login("admin.alpha").await
}

#[tokio::test]
async fn iit_and_eit_surveys_are_created_through_the_form_with_bad_input_kept() {
    let app = common::app().await;
    let browser = admin(&app).await;
    let page = app
        .get(Some(&browser), "/surveys/new?kind=iit&year=2568")
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("ปีงบประมาณ 2568\""), "title prefilled");
    assert!(
        page.body
            .contains("ป.ป.ช. ไม่เผยแพร่สูตร ค่าเริ่มต้นคือร้อยละ 10 ไม่น้อยกว่า 30 คน ไม่เกิน 400 คน")
    );
    assert!(page.body.contains("value=\"400\""), "default maximum shown");

    let bad = with(
        sample_fields("  ", "0"),
        &[
            ("kind", "iit"),
            ("sample_minimum", "50"),
            ("sample_maximum", "40"),
        ],
    );
    let page = app.post(Some(&browser), "/surveys/new", &bad).await;
    assert_eq!(page.status, StatusCode::OK);
    for field in ["title", "population", "sample_maximum"] {
        assert!(
            page.body.contains(&format!("id=\"e-{field}\"")),
            "{field}: {}",
            page.body
        );
    }
    assert!(page.body.contains("กรุณากรอกชื่อแบบสำรวจ"));
    assert!(page.body.contains("จำนวนสูงสุดต้องไม่น้อยกว่าจำนวนขั้นต่ำ"));
    assert!(page.body.contains("value=\"50\""), "typed minimum kept");
    assert!(page.body.contains("value=\"0\""), "typed population kept");

    let page = app
        .post(
            Some(&browser),
            "/surveys/new",
            &with(
                sample_fields("IIT ประจำปี", "๒๔๐"),
                &[("kind", "iit"), ("sample_percent", "สิบ")],
            ),
        )
        .await;
    assert!(page.body.contains("กรุณากรอกเป็นตัวเลขจำนวนเต็ม"));
    assert!(page.body.contains("value=\"สิบ\""));
    assert!(
        surveys_of(&app, app.a.agency.id).await.is_empty(),
        "nothing saved"
    );

    for kind in ["iit", "eit"] {
        let page = app
            .post(
                Some(&browser),
                "/surveys/new",
                &with(sample_fields("แบบวัดของหน่วยงาน", "๒๔๐"), &[("kind", kind)]),
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        assert!(page.location.unwrap().ends_with("?notice=saved"));
    }
    let stored = surveys_of(&app, app.a.agency.id).await;
    assert_eq!(stored.len(), 2);
    let iit = stored.iter().find(|s| s.kind == SurveyKind::Iit).unwrap();
    assert_eq!(iit.population, Some(240));
    assert_eq!(iit.minimum_sample(), Some(30));
    assert_eq!(iit.public_token.len(), 22);
    assert_ne!(stored[0].public_token, stored[1].public_token);
    assert_eq!(iit.status, SurveyStatus::Open);

    let page = app
        .get(Some(&browser), "/surveys/new?kind=eit&year=2570")
        .await;
    assert!(page.body.contains("ไม่มีกรอบการประเมินของปีงบประมาณ 2570"));
    let page = app
        .post(
            Some(&browser),
            "/surveys/new",
            &with(
                sample_fields("EIT", "100"),
                &[("kind", "eit"), ("year", "2570")],
            ),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"e-year\""));
    assert!(
        app.store
            .surveys(app.a.agency.id, Some(2570))
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn satisfaction_questions_are_rows_that_keep_what_was_typed() {
    let app = common::app().await;
    let browser = admin(&app).await;
    let page = app
        .get(Some(&browser), "/surveys/new?kind=satisfaction&year=2568")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("name=\"questions.2.text\""));
    assert!(page.body.contains("เพิ่มแถว"));

    let only_text = with(
        sample_fields("ความพึงพอใจ", "500"),
        &[
            ("kind", "satisfaction"),
            ("questions.0.text", "ข้อเสนอแนะของท่าน"),
            ("questions.0.scale", "text"),
        ],
    );
    let page = app.post(Some(&browser), "/surveys/new", &only_text).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"e-questions\""));
    assert!(page.body.contains("ต้องมีข้อคำถามแบบให้คะแนน 1–5 อย่างน้อยหนึ่งข้อ"));
    assert!(page.body.contains("value=\"ข้อเสนอแนะของท่าน\""));

    let page = app
        .post(
            Some(&browser),
            "/surveys/new",
            &with(only_text.clone(), &[("add", "question")]),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        !page.body.contains("id=\"e-questions\""),
        "adding a row is no error"
    );
    assert!(page.body.contains("name=\"questions.1.text\""));
    assert!(page.body.contains("value=\"ข้อเสนอแนะของท่าน\""));
    assert!(surveys_of(&app, app.a.agency.id).await.is_empty());

    let page = app
        .post(
            Some(&browser),
            "/surveys/new",
            &with(
                only_text,
                &[
                    ("questions.1.text", ""),
                    ("questions.2.text", "ความสะดวกของสถานที่"),
                    ("questions.2.scale", "five_level"),
                ],
            ),
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let stored = surveys_of(&app, app.a.agency.id).await;
    let codes: Vec<(&str, &str)> = stored[0]
        .questions
        .iter()
        .map(|q| (q.code.as_str(), q.text_th.as_str()))
        .collect();
    assert_eq!(
        codes,
        [("s1", "ข้อเสนอแนะของท่าน"), ("s2", "ความสะดวกของสถานที่")]
    );
}

#[tokio::test]
async fn edits_are_versioned_and_answered_questions_stay_in_place() {
    let app = common::app().await;
    let browser = admin(&app).await;
    let survey = stored_survey(&app, app.a.agency.id, SurveyKind::Satisfaction).await;
    let edit = format!("/surveys/{}/edit", survey.id);
    let page = app.get(Some(&browser), &edit).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("name=\"version\" value=\"1\""));
    let fields = with(
        sample_fields("ชื่อใหม่", "40"),
        &[
            ("version", "1"),
            ("questions.0.code", "s1"),
            ("questions.0.text", "ความรวดเร็ว (แก้ถ้อยคำ)"),
            ("questions.0.scale", "five_level"),
            ("questions.1.code", "s2"),
            ("questions.1.text", "ข้อเสนอแนะ"),
            ("questions.1.scale", "text"),
        ],
    );
    let page = app.post(Some(&browser), &edit, &fields).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let page = app
        .post(
            Some(&browser),
            &edit,
            &with(fields.clone(), &[("title", "ชื่อที่สองจากหน้าเก่า")]),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(STALE), "{}", page.body);
    assert!(page.body.contains("value=\"ชื่อที่สองจากหน้าเก่า\""));
    let saved = app
        .store
        .find_survey(app.a.agency.id, survey.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(saved.title, "ชื่อใหม่");
    assert_eq!(saved.version, 2);

    app.store
        .submit_survey_responses(&[response(
            &saved,
            BTreeMap::from([("s1".to_owned(), Answer::Level(4))]),
            BTreeMap::new(),
        )])
        .await
        .unwrap();
    let swapped = with(
        sample_fields("ชื่อใหม่", "40"),
        &[
            ("version", "2"),
            ("questions.0.code", "s2"),
            ("questions.0.text", "ข้อเสนอแนะ"),
            ("questions.0.scale", "text"),
            ("questions.1.code", "s1"),
            ("questions.1.text", "ความรวดเร็ว"),
            ("questions.1.scale", "five_level"),
        ],
    );
    let page = app.post(Some(&browser), &edit, &swapped).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("มีผู้ตอบแบบสำรวจนี้แล้ว จึงลบ สลับลำดับ"));
    let appended = with(
        fields,
        &[
            ("version", "2"),
            ("questions.2.text", "ความสะอาดของสถานที่"),
            ("questions.2.scale", "five_level"),
        ],
    );
    let page = app.post(Some(&browser), &edit, &appended).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let saved = app
        .store
        .find_survey(app.a.agency.id, survey.id)
        .await
        .unwrap()
        .unwrap();
    let codes: Vec<&str> = saved.questions.iter().map(|q| q.code.as_str()).collect();
    assert_eq!(codes, ["s1", "s2", "s3"]);
}

#[tokio::test]
async fn staff_read_only_and_supervisors_not_at_all() {
    let app = common::app().await;
    let survey = stored_survey(&app, app.a.agency.id, SurveyKind::Eit).await;
    let view = format!("/surveys/{}", survey.id);
    app.add_user(
        app.a.agency.id,
        "head.alpha",
        Role::DepartmentHead,
        Some(app.a.department.id),
    )
    .await;
    for username in ["staff.alpha", "head.alpha"] {
        let browser = app.login(username).await;
        assert_eq!(
            app.get(Some(&browser), "/surveys?year=2568").await.status,
            StatusCode::OK
        );
        let page = app.get(Some(&browser), &view).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            !page.body.contains("ปิดรับคำตอบ</button>"),
            "no buttons for readers"
        );
        assert_eq!(
            app.get(Some(&browser), "/surveys/new?kind=eit&year=2568")
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let page = app
            .post(
                Some(&browser),
                "/surveys/new",
                &with(sample_fields("x", "10"), &[("kind", "eit")]),
            )
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        let page = app
            .post(
                Some(&browser),
                &format!("{view}/close"),
                &[("version", "1")],
            )
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        assert_eq!(
            app.get(Some(&browser), &format!("{view}/export?format=csv"))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
    }
    let supervisor = User {
        id: UserId::new(),
        agency_id: None,
        username: "sup.krabi".to_owned(),
        display_name: "ผู้กำกับ".to_owned(),
        role: Role::Supervisor,
        department_id: None,
        supervised_province: Some("กระบี่".to_owned()),
        password_hash: prongsai_web::hash_password(prongsai_testkit::http::PASSWORD).unwrap(),
        active: true,
    };
    app.store
        .create_user(Actor::default(), &supervisor)
        .await
        .unwrap();
    let browser = app.login("sup.krabi").await;
    assert_eq!(
        app.get(Some(&browser), "/surveys").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(Some(&browser), &view).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(None, "/surveys").await.status,
        StatusCode::SEE_OTHER
    );
    let unchanged = app
        .store
        .find_survey(app.a.agency.id, survey.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(unchanged.status, SurveyStatus::Open);
    assert_eq!(unchanged.version, 1);
}

/// Two service users as in the core test: e1 and e4 score 50, indicator 6 is
/// 80 and EIT 93.33.
#[tokio::test]
async fn predicted_scores_and_weakest_questions_follow_the_responses() {
    let app = common::app().await;
    let browser = admin(&app).await;
    let survey = stored_survey(&app, app.a.agency.id, SurveyKind::Eit).await;
    let page = app.get(Some(&browser), "/surveys?year=2568").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("คะแนนคาดการณ์"));
    assert!(
        page.body.contains("ต้องตรวจสอบกับคู่มือ ป.ป.ช."),
        "2568 is a draft"
    );
    let eit_row = |body: &str| {
        let start = body.find("id=\"predicted-eit\"").expect("EIT row");
        body[start..start + body[start..].find("</tr>").unwrap()].to_owned()
    };
    assert!(eit_row(&page.body).contains("ยังไม่มีข้อมูล"));
    assert!(!page.body.contains("id=\"weakest\""));
    assert!(
        page.body.contains("0 / 30"),
        "progress against the minimum sample"
    );

    app.store
        .submit_survey_responses(&[
            eit_sheet(&survey, &[]),
            eit_sheet(
                &survey,
                &[("e1", Answer::Level(1)), ("e4", Answer::YesNo(true))],
            ),
        ])
        .await
        .unwrap();
    let page = app.get(Some(&browser), "/surveys?year=2568").await;
    let row = eit_row(&page.body);
    assert!(row.contains("93.33"), "{row}");
    assert!(row.contains("28.00"), "{row}");
    assert!(row.contains("ผู้ตอบ 2 คน"), "{row}");
    let weakest = &page.body[page.body.find("id=\"weakest\"").unwrap()..];
    assert!(weakest.find("<td>e1</td>").unwrap() < weakest.find("<td>e5</td>").unwrap());
    assert!(weakest.contains("50.00"));
    assert!(page.body.contains("2 / 30"));

    let page = app
        .get(Some(&browser), &format!("/surveys/{}", survey.id))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("id=\"instrument-score\">93.33<"));
    assert!(page.body.contains("<td>e1</td>"));
    assert!(page.body.contains("80.00"), "indicator 6");
    assert!(page.body.contains("id=\"responses\">2 คน"));
    assert!(page.body.contains("ครบแล้วร้อยละ 6"));
    assert!(page.body.contains("id=\"per-day\""));
    assert!(
        page.body
            .contains(&format!("/p/alpha/surveys/{}", survey.public_token))
    );
    assert!(page.body.contains("<svg"), "QR code inline");
}

#[tokio::test]
async fn a_satisfaction_survey_shows_its_summary_and_comments() {
    let app = common::app().await;
    let browser = admin(&app).await;
    let survey = stored_survey(&app, app.a.agency.id, SurveyKind::Satisfaction).await;
    let sheet = |level: u8, comment: &str| {
        response(
            &survey,
            BTreeMap::from([("s1".to_owned(), Answer::Level(level))]),
            BTreeMap::from([("s2".to_owned(), comment.to_owned())]),
        )
    };
    app.store
        .submit_survey_responses(&[sheet(5, "บริการรวดเร็วมาก"), sheet(2, "รอคิวนาน")])
        .await
        .unwrap();
    let page = app
        .get(Some(&browser), &format!("/surveys/{}", survey.id))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("ผลความพึงพอใจ"));
    assert!(page.body.contains("3.50"), "mean of 5 and 2");
    assert!(page.body.contains("50.00"), "one of two satisfied");
    assert!(page.body.contains("บริการรวดเร็วมาก"));
    assert!(page.body.contains("รอคิวนาน"));
    assert!(page.body.contains("/report?format=docx"));
}

#[tokio::test]
async fn the_administrator_closes_and_reopens_a_survey() {
    let app = common::app().await;
    let browser = admin(&app).await;
    let survey = stored_survey(&app, app.a.agency.id, SurveyKind::Iit).await;
    let view = format!("/surveys/{}", survey.id);
    let page = app
        .post(
            Some(&browser),
            &format!("{view}/close"),
            &[("version", "1")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let stored = app
        .store
        .find_survey(app.a.agency.id, survey.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.status, SurveyStatus::Closed);
    let page = app.get(Some(&browser), &view).await;
    assert!(page.body.contains("id=\"closed\""));
    assert!(page.body.contains("เปิดรับคำตอบอีกครั้ง"));
    let list = app.get(Some(&browser), "/surveys?year=2568").await;
    assert!(list.body.contains("ปิดรับคำตอบแล้ว"));

    let page = app
        .post(Some(&browser), &format!("{view}/open"), &[("version", "1")])
        .await;
    assert_eq!(
        page.status,
        StatusCode::CONFLICT,
        "a stale page cannot reopen"
    );
    let page = app
        .post(Some(&browser), &format!("{view}/open"), &[("version", "2")])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let stored = app
        .store
        .find_survey(app.a.agency.id, survey.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.status, SurveyStatus::Open);
    assert_eq!(stored.version, 3);
}

#[tokio::test]
async fn another_agencys_survey_is_not_found() {
    let app = common::app().await;
    let survey = stored_survey(&app, app.a.agency.id, SurveyKind::Satisfaction).await;
    let bravo = app.login("admin.bravo").await;
    let view = format!("/surveys/{}", survey.id);
    for path in [
        view.clone(),
        format!("{view}/edit"),
        format!("{view}/export?format=csv"),
        format!("{view}/report?format=pdf"),
        format!("{view}/poster"),
        "/surveys/not-an-id".to_owned(),
    ] {
        assert_eq!(
            app.get(Some(&bravo), &path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    for action in ["close", "open"] {
        let page = app
            .post(
                Some(&bravo),
                &format!("{view}/{action}"),
                &[("version", "1")],
            )
            .await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
    }
    let page = app
        .post(
            Some(&bravo),
            &format!("{view}/edit"),
            &with(sample_fields("ยึด", "10"), &[("version", "1")]),
        )
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let list = app.get(Some(&bravo), "/surveys?year=2568").await;
    assert!(!list.body.contains(&survey.title));
    let unchanged = app
        .store
        .find_survey(app.a.agency.id, survey.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(unchanged.version, 1);
}

/// A day with far more answers than the survey's others is held out of the
/// predictions (still counted as answers) and shown with a button; once the
/// administrator accepts it, its answers count.
#[tokio::test]
async fn a_burst_of_answers_is_held_until_the_administrator_accepts_it() {
    let app = common::app().await;
    let browser = admin(&app).await;
    let survey = stored_survey(&app, app.a.agency.id, SurveyKind::Eit).await;
    let on = |day: u32, sheet: SurveyResponse| SurveyResponse {
        submitted_on: NaiveDate::from_ymd_opt(2025, 2, day).unwrap(),
        ..sheet
    };
    let mut sheets = Vec::new();
    for day in 3..=5 {
        for _ in 0..3 {
            sheets.push(on(day, eit_sheet(&survey, &[])));
        }
    }
    for _ in 0..40 {
        sheets.push(on(6, eit_sheet(&survey, &[("e1", Answer::Level(1))])));
    }
    app.store.submit_survey_responses(&sheets).await.unwrap();
    let path = format!("/surveys/{}", survey.id);
    let page = app.get(Some(&browser), &path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("id=\"held-days\""), "{}", page.body);
    assert!(
        page.body.contains("6 กุมภาพันธ์ 2568: 40 คำตอบ"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("id=\"responses\">49 คน"),
        "every answer is counted"
    );
    assert!(
        page.body.contains("id=\"instrument-score\">100.00<"),
        "the burst's low e1 answers are left out"
    );

    let staff = app.login("staff.alpha").await;
    let refused = app
        .post(
            Some(&staff),
            &format!("{path}/accept-day"),
            &[("day", "2025-02-06")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let accepted = app
        .post(
            Some(&browser),
            &format!("{path}/accept-day"),
            &[("day", "2025-02-06")],
        )
        .await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
    let page = app.get(Some(&browser), &path).await;
    assert!(!page.body.contains("id=\"held-days\""));
    assert!(
        !page.body.contains("id=\"instrument-score\">100.00<"),
        "now counted"
    );
    let trail = app.store.list_audit(app.a.agency.id, 50).await.unwrap();
    assert!(trail.iter().any(|e| e.entity == "survey_accepted_day"));
}
