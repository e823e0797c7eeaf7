//! The agency's own surveys: reading a submitted form, predicting scores through
//! the official engine (checked against figures worked out by hand), the
//! weakest questions, the satisfaction summary, and when a survey takes answers.

use std::collections::BTreeMap;

use chrono::{NaiveDate, Utc};
use prongsai_core::ita::{Answer, AnswerType, Framework, Instrument, Question};
use prongsai_core::model::{AgencyId, SurveyId, SurveyResponseId};
use prongsai_core::surveys::{
    AskedQuestion, ResponseAnswers, SampleRule, SatisfactionQuestion, SatisfactionScale, Scale,
    Survey, SurveyKind, SurveyResponse, SurveyStatus, asked_questions, parse_answers, predict,
    question_results, satisfaction_summary,
};

fn framework() -> Framework {
    Framework::builtin(2568).expect("the 2568 framework ships")
}

fn survey(kind: SurveyKind) -> Survey {
    Survey {
        id: SurveyId::new(),
        agency_id: AgencyId::new(),
        fiscal_year: 2568,
        kind,
        title: "แบบสำรวจทดสอบ".to_owned(),
        public_token: "token".to_owned(),
        status: SurveyStatus::Open,
        population: Some(120),
        sample_rule: SampleRule::default(),
        closes_on: None,
        questions: Vec::new(),
        created_at: Utc::now(),
        version: 1,
    }
}

fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn response(answers: ResponseAnswers) -> SurveyResponse {
    SurveyResponse {
        id: SurveyResponseId::new(),
        survey_id: SurveyId::new(),
        agency_id: AgencyId::new(),
        submitted_on: NaiveDate::from_ymd_opt(2025, 3, 1).expect("a real day"),
        answers,
        device_hash: None,
    }
}

/// The answer that scores 100: the top level or "yes", the bottom or "no" for
/// reverse-scored parts.
fn best(kind: AnswerType, reverse: bool) -> Answer {
    match (kind, reverse) {
        (AnswerType::FourLevel, false) => Answer::Level(4),
        (AnswerType::FourLevel, true) => Answer::Level(1),
        (AnswerType::YesNo, reverse) => Answer::YesNo(!reverse),
    }
}

fn best_answer(question: &Question) -> Answer {
    if question.sub_items.is_empty() {
        best(question.answer_type, question.reverse)
    } else {
        Answer::SubItems(
            question
                .sub_items
                .iter()
                .map(|s| best(question.answer_type, s.reverse))
                .collect(),
        )
    }
}

/// A respondent giving the best answer everywhere except `changed`.
fn respondent(
    fw: &Framework,
    instrument: Instrument,
    changed: &[(&str, Answer)],
) -> SurveyResponse {
    let choices = fw
        .indicators_of(instrument)
        .flat_map(|i| &i.questions)
        .map(|q| {
            let answer = changed
                .iter()
                .find(|(code, _)| *code == q.code)
                .map_or_else(|| best_answer(q), |(_, a)| a.clone());
            (q.code.clone(), answer)
        })
        .collect();
    response(ResponseAnswers {
        choices,
        comments: BTreeMap::new(),
    })
}

fn all_items_passed(fw: &Framework) -> BTreeMap<String, bool> {
    fw.oit_items().map(|i| (i.code.clone(), true)).collect()
}

#[test]
fn iit_questions_come_from_the_framework_with_their_sub_items() {
    let fw = framework();
    let asked = asked_questions(&survey(SurveyKind::Iit), Some(&fw));
    assert_eq!(asked.len(), 30);
    let i1 = &asked[0];
    assert_eq!(i1.code, "i1");
    assert_eq!(i1.indicator, Some(1));
    assert_eq!(i1.scale, Scale::FourLevel);
    assert_eq!(i1.sub_items.len(), 2);
    assert!(asked.iter().all(|q| q.required));
    assert_eq!(
        asked.iter().find(|q| q.code == "i4").unwrap().scale,
        Scale::YesNo
    );
    assert!(asked_questions(&survey(SurveyKind::Eit), None).is_empty());
}

#[test]
fn answers_are_read_per_sub_item_and_refused_at_their_field() {
    let fw = framework();
    let asked = asked_questions(&survey(SurveyKind::Iit), Some(&fw));
    let i1_to_i4: Vec<AskedQuestion> = asked.into_iter().take(4).collect();
    let answers = parse_answers(
        &i1_to_i4,
        &fields(&[
            ("i1.1", "4"),
            ("i1.2", " 3 "),
            ("i2", "2"),
            ("i3.1", "1"),
            ("i3.2", "2"),
            ("i3.3", "3"),
            ("i4.1", "yes"),
            ("i4.2", "no"),
            ("i4.3", "no"),
        ]),
    )
    .unwrap();
    assert_eq!(
        answers.choices["i1"],
        Answer::SubItems(vec![Answer::Level(4), Answer::Level(3)])
    );
    assert_eq!(answers.choices["i2"], Answer::Level(2));
    assert_eq!(
        answers.choices["i4"],
        Answer::SubItems(vec![
            Answer::YesNo(true),
            Answer::YesNo(false),
            Answer::YesNo(false)
        ])
    );

    let errors = parse_answers(
        &i1_to_i4,
        &fields(&[
            ("i1.1", "5"),
            ("i1.2", "3"),
            ("i2", "0"),
            ("i3.1", "1"),
            ("i3.3", "3"),
            ("i4.1", "maybe"),
            ("i4.2", "no"),
            ("i4.3", "no"),
        ]),
    )
    .unwrap_err();
    assert_eq!(errors.get("i1.1"), Some("คำตอบต้องเป็นระดับ 1 ถึง 4"));
    assert_eq!(errors.get("i2"), Some("คำตอบต้องเป็นระดับ 1 ถึง 4"));
    assert_eq!(errors.get("i3.2"), Some("กรุณาเลือกคำตอบของข้อนี้"));
    assert_eq!(errors.get("i4.1"), Some("คำตอบต้องเป็น มี หรือ ไม่มี"));
    assert!(errors.get("i1.2").is_none());
    assert!(errors.get("i3.3").is_none());
}

#[test]
fn satisfaction_answers_take_five_levels_and_optional_comments() {
    let mut s = survey(SurveyKind::Satisfaction);
    s.questions = vec![
        SatisfactionQuestion {
            code: "s1".to_owned(),
            text_th: "ความสะดวกในการติดต่อ".to_owned(),
            scale: SatisfactionScale::FiveLevel,
        },
        SatisfactionQuestion {
            code: "s2".to_owned(),
            text_th: "ข้อเสนอแนะ".to_owned(),
            scale: SatisfactionScale::Text,
        },
    ];
    let asked = asked_questions(&s, None);
    assert!(asked[0].required && !asked[1].required);
    let answers = parse_answers(&asked, &fields(&[("s1", "5")])).unwrap();
    assert_eq!(answers.choices["s1"], Answer::Level(5));
    assert!(answers.comments.is_empty());
    let answers = parse_answers(&asked, &fields(&[("s1", "1"), ("s2", "  ดีมาก ")])).unwrap();
    assert_eq!(answers.comments["s2"], "ดีมาก");
    let errors = parse_answers(&asked, &fields(&[("s1", "6")])).unwrap_err();
    assert_eq!(errors.get("s1"), Some("คำตอบต้องเป็นระดับ 1 ถึง 5"));
    let errors = parse_answers(&asked, &fields(&[("s2", &"ก".repeat(5_001))])).unwrap_err();
    assert!(errors.get("s1").is_some());
    assert!(errors.get("s2").is_some());
}

/// Two service users: one gives the best answer everywhere, the other also
/// except e1 (level 1 → 0) and e4 (a reverse yes/no answered "yes" → 0). So
/// e1 = e4 = 50, indicator 6 = (50 + 100 + 100 + 50 + 100) / 5 = 80, indicators
/// 7 and 8 = 100, EIT = (80·10 + 100·10 + 100·10) / 30 = 93.33 and 28.00 points.
/// With IIT and OIT at 100 the total is 30 + 28 + 40 = 98.00, yet EIT under 95
/// makes the rating ผ่านดี, not ผ่านดีเยี่ยม.
#[test]
fn predicted_scores_match_the_figures_worked_out_by_hand() {
    let fw = framework();
    let eit = [
        respondent(&fw, Instrument::Eit, &[]),
        respondent(
            &fw,
            Instrument::Eit,
            &[("e1", Answer::Level(1)), ("e4", Answer::YesNo(true))],
        ),
    ];
    let only_eit = predict(&fw, &[], &eit, None).unwrap();
    assert_eq!(only_eit.indicators[&6], 80.0);
    assert_eq!(only_eit.indicators[&7], 100.0);
    assert_eq!(only_eit.instruments[&Instrument::Eit].percent, 93.33);
    assert_eq!(only_eit.instruments[&Instrument::Eit].points, 28.0);
    assert_eq!(only_eit.total, None, "no total without IIT and OIT");
    assert!(!only_eit.instruments.contains_key(&Instrument::Iit));

    let iit = [respondent(&fw, Instrument::Iit, &[])];
    let all = predict(&fw, &iit, &eit, Some(all_items_passed(&fw))).unwrap();
    assert_eq!(all.instruments[&Instrument::Iit].percent, 100.0);
    assert_eq!(all.instruments[&Instrument::Oit].percent, 100.0);
    assert_eq!(all.total, Some(98.0));
    assert_eq!(all.rating.as_deref(), Some("ผ่านดี"));
    assert!(all.draft, "2568 is a draft framework");
}

#[test]
fn a_response_missing_a_question_is_refused_by_the_engine() {
    let fw = framework();
    let mut partial = respondent(&fw, Instrument::Eit, &[]);
    partial.answers.choices.remove("e15");
    assert!(predict(&fw, &[], &[partial], None).is_err());
}

#[test]
fn question_results_put_the_weakest_first() {
    let fw = framework();
    let eit = [
        respondent(&fw, Instrument::Eit, &[("e12", Answer::Level(2))]),
        respondent(
            &fw,
            Instrument::Eit,
            &[("e12", Answer::Level(1)), ("e9", Answer::Level(3))],
        ),
    ];
    let report = predict(&fw, &[], &eit, None).unwrap();
    let results = question_results(&fw, Instrument::Eit, &report, eit.len());
    assert_eq!(results.len(), 15);
    assert_eq!(results[0].code, "e12");
    assert_eq!(results[0].score, 16.67);
    assert_eq!(results[0].indicator, Some(8));
    assert_eq!(results[0].respondents, 2);
    assert_eq!(results[1].code, "e9");
    assert_eq!(
        results[1].score, 83.34,
        "(66.67 + 100) / 2 = 83.335, half up"
    );
    assert_eq!(results[2].code, "e1", "ties keep framework order");
    assert!(question_results(&fw, Instrument::Iit, &report, 0).is_empty());
}

#[test]
fn the_satisfaction_summary_counts_levels_and_collects_comments() {
    let asked = vec![
        AskedQuestion {
            code: "s1".to_owned(),
            text_th: "ความรวดเร็ว".to_owned(),
            indicator: None,
            scale: Scale::FiveLevel,
            sub_items: Vec::new(),
            required: true,
        },
        AskedQuestion {
            code: "s2".to_owned(),
            text_th: "ข้อเสนอแนะ".to_owned(),
            indicator: None,
            scale: Scale::Text,
            sub_items: Vec::new(),
            required: false,
        },
    ];
    let sheet = |level: u8, comment: Option<&str>| {
        response(ResponseAnswers {
            choices: BTreeMap::from([("s1".to_owned(), Answer::Level(level))]),
            comments: comment
                .map(|c| BTreeMap::from([("s2".to_owned(), c.to_owned())]))
                .unwrap_or_default(),
        })
    };
    let responses = [
        sheet(5, Some("บริการดี")),
        sheet(4, None),
        sheet(2, Some("รอนาน")),
    ];
    let summary = satisfaction_summary(&asked, &responses);
    assert_eq!(summary.respondents, 3);
    assert_eq!(summary.rows.len(), 1);
    assert_eq!(summary.rows[0].counts, [0, 1, 0, 1, 1]);
    assert_eq!(summary.rows[0].answered, 3);
    assert_eq!(summary.rows[0].mean, 3.67);
    assert_eq!(summary.rows[0].satisfied_percent, 66.67);
    assert_eq!(summary.overall_mean, 3.67);
    assert_eq!(
        summary.comments,
        [
            ("ข้อเสนอแนะ".to_owned(), "บริการดี".to_owned()),
            ("ข้อเสนอแนะ".to_owned(), "รอนาน".to_owned())
        ]
    );
    let empty = satisfaction_summary(&asked, &[]);
    assert_eq!(empty.rows[0].mean, 0.0);
    assert_eq!(empty.overall_satisfied_percent, 0.0);
}

#[test]
fn a_survey_takes_answers_while_open_and_until_its_last_day() {
    let day = |d: u32| NaiveDate::from_ymd_opt(2025, 3, d).expect("a real day");
    let mut s = survey(SurveyKind::Eit);
    assert!(s.accepts_answers(day(1)));
    s.closes_on = Some(day(10));
    assert!(s.accepts_answers(day(10)));
    assert!(!s.accepts_answers(day(11)));
    s.closes_on = None;
    s.status = SurveyStatus::Closed;
    assert!(!s.accepts_answers(day(1)));
}

#[test]
fn the_minimum_sample_follows_the_rule_and_the_population() {
    let mut s = survey(SurveyKind::Iit);
    assert_eq!(s.minimum_sample(), Some(30));
    s.population = Some(1_000);
    assert_eq!(s.minimum_sample(), Some(100));
    s.sample_rule = SampleRule {
        percent: 20,
        minimum: 10,
        maximum: 150,
    };
    assert_eq!(s.minimum_sample(), Some(150));
    s.population = None;
    assert_eq!(s.minimum_sample(), None);
}

#[test]
fn validation_reports_each_problem_at_its_field() {
    let mut s = survey(SurveyKind::Satisfaction);
    s.title = "  ".to_owned();
    s.population = Some(0);
    s.sample_rule = SampleRule {
        percent: 10,
        minimum: 50,
        maximum: 40,
    };
    s.questions = vec![SatisfactionQuestion {
        code: "s1".to_owned(),
        text_th: "ข้อเสนอแนะ".to_owned(),
        scale: SatisfactionScale::Text,
    }];
    let errors = s.validate().unwrap_err();
    for field in ["title", "population", "sample_maximum", "questions"] {
        assert!(errors.get(field).is_some(), "{field}: {errors}");
    }
    assert!(errors.get("sample_percent").is_none());

    let mut fine = survey(SurveyKind::Iit);
    fine.questions.clear();
    assert!(fine.validate().is_ok(), "IIT needs no questions of its own");
}
