//! Golden tests: the engine must reproduce figures NACC published.
//!
//! - FY2564 (Phichit table, methodology §3.4): every published indicator 9,
//!   indicator 10 and OIT value from an item pass/fail pattern.
//! - FY2565 (อบต.หนองปรุง, committee-order seed): ten official indicator scores →
//!   total 60.61, rating D; the analysis table's 88.52 for indicator 6 is a typo
//!   for the ranked list's 88.42, because 88.52 gives 60.62.
//! - FY2566–2568 rating rules, including the SAO 2568 downgrade (94.64 with EIT
//!   below 85 is only ผ่าน) and a 97.07 that is ผ่านดี, not ผ่านดีเยี่ยม.
//! - Question-level answer values, reverse items and sub-items.

use std::collections::BTreeMap;

use prongsai_core::ita::{
    Answer, AnswerType, Catalog, Framework, Instrument, OitInput, Question, ScoreInput,
    ScoreReport, SurveyInput, score, score_json,
};

fn builtin(year: i32) -> Framework {
    Framework::builtin(year).expect("built-in framework")
}

/// Every OIT item of `fw` passed except `failed`.
fn items_failing(fw: &Framework, failed: &[&str]) -> BTreeMap<String, bool> {
    fw.oit_items()
        .map(|item| (item.code.clone(), !failed.contains(&item.code.as_str())))
        .collect()
}

fn official(pairs: &[(u32, f64)]) -> BTreeMap<String, f64> {
    pairs.iter().map(|(n, v)| (n.to_string(), *v)).collect()
}

fn official_input(
    year: i32,
    iit: &[(u32, f64)],
    eit: &[(u32, f64)],
    oit: &[(u32, f64)],
) -> ScoreInput {
    ScoreInput {
        year,
        iit: Some(SurveyInput::Indicators(official(iit))),
        eit: Some(SurveyInput::Indicators(official(eit))),
        oit: Some(OitInput::Indicators(official(oit))),
    }
}

/// Every indicator of every instrument at `value`.
fn uniform(year: i32, value: f64) -> ScoreInput {
    official_input(
        year,
        &[(1, value), (2, value), (3, value), (4, value), (5, value)],
        &[(6, value), (7, value), (8, value)],
        &[(9, value), (10, value)],
    )
}

fn rating_of(input: &ScoreInput) -> String {
    let fw = builtin(input.year);
    score(&fw, input).unwrap().rating.unwrap()
}

/// Failed items, and the published indicator 9, indicator 10 and OIT points.
const PHICHIT_2564: [(&[&str], f64, f64, f64); 10] = [
    (&[], 100.0, 100.0, 40.00),
    (&["O10", "O29"], 93.50, 100.0, 38.70),
    (&["O10"], 97.50, 100.0, 39.50),
    (&["O1", "O34"], 97.78, 93.75, 38.31),
    (&["O18"], 97.14, 100.0, 39.43),
    (&["O10", "O34", "O35"], 97.50, 87.50, 37.00),
    (&["O1", "O29"], 93.78, 100.0, 38.76),
    (&["O29"], 96.00, 100.0, 39.20),
    (&["O10", "O25", "O34"], 92.50, 93.75, 37.25),
    (&["O10", "O18"], 94.64, 100.0, 38.93),
];

#[test]
fn fy2564_published_oit_values_come_from_item_patterns() {
    let fw = builtin(2564);
    for (failed, ind9, ind10, oit_points) in PHICHIT_2564 {
        let input = ScoreInput {
            year: 2564,
            iit: None,
            eit: None,
            oit: Some(OitInput::Items(items_failing(&fw, failed))),
        };
        let report = score(&fw, &input).unwrap();
        assert_eq!(
            report.indicators[&9], ind9,
            "indicator 9 with {failed:?} failed"
        );
        assert_eq!(
            report.indicators[&10], ind10,
            "indicator 10 with {failed:?} failed"
        );
        assert_eq!(
            report.instruments[&Instrument::Oit].points,
            oit_points,
            "{failed:?}"
        );
        assert_eq!(report.total, None, "no total without IIT and EIT");
    }
}

#[test]
fn oit_indicator_is_the_mean_of_sub_indicators_not_of_items() {
    let fw = builtin(2564);
    let input = ScoreInput {
        year: 2564,
        iit: None,
        eit: None,
        oit: Some(OitInput::Items(items_failing(&fw, &["O1", "O34"]))),
    };
    let report = score(&fw, &input).unwrap();
    let subs = report.sub_indicators.unwrap();
    assert_eq!(subs.get("9.1"), Some(88.89));
    assert_eq!(subs.get("9.2"), Some(100.0));
    assert_eq!(subs.get("10.1"), Some(87.5));
    assert_eq!(subs.get("10.2"), Some(100.0));
    // A mean over the 33 items of indicator 9 would print 96.97.
    assert_eq!(report.indicators[&9], 97.78);
    let order: Vec<&str> = subs.iter().map(|(code, _)| code).collect();
    assert_eq!(order, ["9.1", "9.2", "9.3", "9.4", "9.5", "10.1", "10.2"]);
}

#[test]
fn fy2564_oit_points_are_the_same_from_printed_indicator_scores() {
    // The rounding finding: summing the printed (rounded) indicator scores gives
    // the published OIT figure in every column, as does the unrounded engine.
    for (_, ind9, ind10, oit_points) in PHICHIT_2564 {
        let fw = builtin(2564);
        let input = ScoreInput {
            year: 2564,
            iit: None,
            eit: None,
            oit: Some(OitInput::Indicators(official(&[(9, ind9), (10, ind10)]))),
        };
        let report = score(&fw, &input).unwrap();
        assert_eq!(report.instruments[&Instrument::Oit].points, oit_points);
    }
}

const NONGPRUNG_IIT: [(u32, f64); 5] = [(1, 86.52), (2, 75.34), (3, 83.35), (4, 74.51), (5, 82.38)];
const NONGPRUNG_OIT: [(u32, f64); 2] = [(9, 39.27), (10, 12.50)];

#[test]
fn fy2565_nongprung_total_and_rating() {
    let input = official_input(
        2565,
        &NONGPRUNG_IIT,
        &[(6, 88.42), (7, 88.91), (8, 83.96)],
        &NONGPRUNG_OIT,
    );
    let report = score(&builtin(2565), &input).unwrap();
    assert_eq!(report.total, Some(60.61));
    assert_eq!(report.rating.as_deref(), Some("D"));
    assert!(!report.draft);
    assert!(report.warnings.is_empty());
    let iit = report.instruments[&Instrument::Iit];
    let eit = report.instruments[&Instrument::Eit];
    let oit = report.instruments[&Instrument::Oit];
    assert_eq!((iit.percent, iit.points), (80.42, 24.13));
    assert_eq!((eit.percent, eit.points), (87.10, 26.13));
    // 25.885 exactly: a half that binary floating point stores just below.
    assert_eq!((oit.percent, oit.points), (25.89, 10.35));
    assert_eq!(report.indicators[&6], 88.42);
}

#[test]
fn fy2565_the_88_52_in_the_analysis_table_is_the_typo() {
    let input = official_input(
        2565,
        &NONGPRUNG_IIT,
        &[(6, 88.52), (7, 88.91), (8, 83.96)],
        &NONGPRUNG_OIT,
    );
    let report = score(&builtin(2565), &input).unwrap();
    assert_eq!(report.total, Some(60.62));
    assert_ne!(report.total, Some(60.61));
}

#[test]
fn fy2565_report_json_has_the_documented_shape() {
    let text = r#"{"year": 2565,
        "iit": {"indicators": {"1": 86.52, "2": 75.34, "3": 83.35, "4": 74.51, "5": 82.38}},
        "eit": {"indicators": {"6": 88.42, "7": 88.91, "8": 83.96}},
        "oit": {"indicators": {"9": 39.27, "10": 12.5}}}"#;
    let report = score_json(text, &Catalog::default()).unwrap();
    let json = serde_json::to_string(&report).unwrap();
    assert_eq!(
        json,
        concat!(
            r#"{"year":2565,"draft":false,"total":60.61,"rating":"D","#,
            r#""instruments":{"IIT":{"percent":80.42,"points":24.13},"#,
            r#""EIT":{"percent":87.1,"points":26.13},"OIT":{"percent":25.89,"points":10.35}},"#,
            r#""indicators":{"1":86.52,"2":75.34,"3":83.35,"4":74.51,"5":82.38,"#,
            r#""6":88.42,"7":88.91,"8":83.96,"9":39.27,"10":12.5},"warnings":[]}"#
        )
    );
}

#[test]
fn letter_bands_up_to_2565_compare_two_decimal_totals() {
    for year in [2564, 2565] {
        for (total, label) in [
            (100.0, "AA"),
            (95.0, "AA"),
            (94.99, "A"),
            (94.994, "A"),
            (94.995, "AA"),
            (85.0, "A"),
            (84.99, "B"),
            (75.0, "B"),
            (74.99, "C"),
            (65.0, "C"),
            (64.99, "D"),
            (55.0, "D"),
            (54.99, "E"),
            (50.0, "E"),
            (49.99, "F"),
            (0.0, "F"),
        ] {
            assert_eq!(rating_of(&uniform(year, total)), label, "{year}: {total}");
        }
    }
}

#[test]
fn fy2566_passes_at_85() {
    assert_eq!(rating_of(&uniform(2566, 86.78)), "ผ่าน");
    assert_eq!(rating_of(&uniform(2566, 85.0)), "ผ่าน");
    assert_eq!(rating_of(&uniform(2566, 84.99)), "ไม่ผ่าน");
}

const FULL_IIT: [(u32, f64); 5] = [(1, 100.0), (2, 100.0), (3, 100.0), (4, 100.0), (5, 100.0)];
const FULL_OIT: [(u32, f64); 2] = [(9, 100.0), (10, 100.0)];

#[test]
fn sao_2568_high_total_with_eit_below_85_is_only_pass() {
    let input = official_input(
        2568,
        &FULL_IIT,
        &[(6, 82.13), (7, 82.13), (8, 82.14)],
        &FULL_OIT,
    );
    let report = score(&builtin(2568), &input).unwrap();
    assert_eq!(report.total, Some(94.64));
    assert_eq!(report.instruments[&Instrument::Eit].percent, 82.13);
    assert_eq!(report.rating.as_deref(), Some("ผ่าน"));
    assert!(report.draft);
    assert_eq!(
        report.warnings,
        ["กรอบการประเมินปี 2568 เป็นฉบับร่าง: ต้องตรวจสอบกับคู่มือ ป.ป.ช."]
    );
}

#[test]
fn a_97_07_with_one_instrument_below_95_is_good_not_excellent() {
    let input = official_input(
        2568,
        &FULL_IIT,
        &[(6, 90.23), (7, 90.23), (8, 90.24)],
        &FULL_OIT,
    );
    let report = score(&builtin(2568), &input).unwrap();
    assert_eq!(report.total, Some(97.07));
    assert_eq!(report.rating.as_deref(), Some("ผ่านดี"));
}

#[test]
fn tiers_from_2567() {
    for year in [2567, 2568, 2569] {
        assert_eq!(rating_of(&uniform(year, 100.0)), "ผ่านดีเยี่ยม");
        assert_eq!(rating_of(&uniform(year, 95.0)), "ผ่านดีเยี่ยม");
        assert_eq!(rating_of(&uniform(year, 94.99)), "ผ่านดี");
        assert_eq!(rating_of(&uniform(year, 85.0)), "ผ่านดี");
        assert_eq!(rating_of(&uniform(year, 84.99)), "ต้องปรับปรุง");
        assert_eq!(rating_of(&uniform(year, 70.0)), "ต้องปรับปรุง");
        assert_eq!(rating_of(&uniform(year, 69.99)), "ต้องปรับปรุงโดยด่วน");
        assert_eq!(rating_of(&uniform(year, 0.0)), "ต้องปรับปรุงโดยด่วน");
    }
    // Total 96 but IIT at 94 %: every instrument must reach 95 % for ผ่านดีเยี่ยม.
    let iit_94 = [(1, 94.0), (2, 94.0), (3, 94.0), (4, 94.0), (5, 94.0)];
    let input = official_input(2567, &iit_94, &[(6, 98.0), (7, 98.0), (8, 98.0)], &FULL_OIT);
    let report = score(&builtin(2567), &input).unwrap();
    assert_eq!(report.total, Some(97.6));
    assert_eq!(report.rating.as_deref(), Some("ผ่านดี"));
}

#[test]
fn instrument_thresholds_compare_two_decimal_percents() {
    // EIT at 84.995 % prints as 85.00 %, which meets ผ่านดี's 85 % condition.
    let input = official_input(
        2568,
        &FULL_IIT,
        &[(6, 84.995), (7, 84.995), (8, 84.995)],
        &FULL_OIT,
    );
    let report = score(&builtin(2568), &input).unwrap();
    assert_eq!(report.instruments[&Instrument::Eit].percent, 85.0);
    assert_eq!(report.rating.as_deref(), Some("ผ่านดี"));
    let input = official_input(
        2568,
        &FULL_IIT,
        &[(6, 84.994), (7, 84.994), (8, 84.994)],
        &FULL_OIT,
    );
    assert_eq!(rating_of(&input), "ผ่าน");
}

/// Every question of `instrument` answered by `respondents` people with `answer`.
fn answers(
    fw: &Framework,
    instrument: Instrument,
    respondents: usize,
    answer: impl Fn(&Question) -> Answer,
) -> BTreeMap<String, Vec<Answer>> {
    fw.indicators_of(instrument)
        .flat_map(|i| &i.questions)
        .map(|q| (q.code.clone(), vec![answer(q); respondents]))
        .collect()
}

/// The literal "most" / "yes" to every question and sub-item.
fn agree_with_everything(q: &Question) -> Answer {
    let one = match q.answer_type {
        AnswerType::FourLevel => Answer::Level(4),
        AnswerType::YesNo => Answer::YesNo(true),
    };
    if q.sub_items.is_empty() {
        one
    } else {
        Answer::SubItems(vec![one; q.sub_items.len()])
    }
}

fn iit_report(given: BTreeMap<String, Vec<Answer>>) -> ScoreReport {
    let input = ScoreInput {
        year: 2565,
        iit: Some(SurveyInput::Questions(given)),
        eit: None,
        oit: None,
    };
    score(&builtin(2565), &input).unwrap()
}

#[test]
fn reverse_items_invert_and_sub_items_average() {
    let report = iit_report(answers(
        &builtin(2565),
        Instrument::Iit,
        3,
        agree_with_everything,
    ));
    let q = report.question_scores.unwrap();
    // Plain four-level and yes/no questions: full marks.
    assert_eq!(q.get("i1"), Some(100.0));
    assert_eq!(q.get("i26"), Some(100.0));
    // Reverse-scored: "most" and "yes" are the worst answers.
    for code in [
        "i4", "i5", "i6", "i9", "i10", "i16", "i17", "i18", "i19", "i22",
    ] {
        assert_eq!(q.get(code), Some(0.0), "{code}");
    }
    // i11: transparent (normal) at 100, favouring a vendor (reverse) at 0.
    assert_eq!(q.get("i11"), Some(50.0));
    assert_eq!(report.indicators[&1], 50.0);
    assert_eq!(report.indicators[&2], 58.33);
    assert_eq!(report.indicators[&3], 50.0);
    assert_eq!(report.indicators[&4], 66.67);
    assert_eq!(report.indicators[&5], 100.0);
    assert_eq!(q.len(), 30);
}

#[test]
fn four_level_values_respondent_and_sub_item_means() {
    let fw = builtin(2565);
    let mut given = answers(&fw, Instrument::Iit, 1, agree_with_everything);
    let level = |l: u8| Answer::Level(l);
    given.insert("i2".into(), vec![level(1), level(2), level(3), level(4)]);
    given.insert("i7".into(), vec![level(2)]);
    given.insert("i13".into(), vec![level(3)]);
    given.insert("i9".into(), vec![level(2)]);
    given.insert("i14".into(), vec![level(4), level(4), level(1)]);
    given.insert(
        "i3".into(),
        vec![Answer::SubItems(vec![level(4), level(3), level(1)])],
    );
    given.insert(
        "i30".into(),
        vec![
            Answer::SubItems(vec![level(4); 4]),
            Answer::SubItems(vec![level(1); 4]),
        ],
    );
    given.insert(
        "i4".into(),
        vec![Answer::SubItems(vec![
            Answer::YesNo(false),
            Answer::YesNo(false),
            Answer::YesNo(true),
        ])],
    );
    let q = iit_report(given).question_scores.unwrap();
    assert_eq!(q.get("i2"), Some(50.0));
    assert_eq!(q.get("i7"), Some(33.33));
    assert_eq!(q.get("i13"), Some(66.67));
    assert_eq!(q.get("i9"), Some(66.67), "reverse level 2");
    assert_eq!(q.get("i14"), Some(66.67));
    assert_eq!(q.get("i3"), Some(55.56));
    assert_eq!(q.get("i30"), Some(50.0));
    assert_eq!(
        q.get("i4"),
        Some(66.67),
        "two of three reverse yes/no sub-items clean"
    );
}

#[test]
fn eit_answers_score_like_iit() {
    let fw = builtin(2565);
    let input = ScoreInput {
        year: 2565,
        iit: None,
        eit: Some(SurveyInput::Questions(answers(
            &fw,
            Instrument::Eit,
            2,
            agree_with_everything,
        ))),
        oit: None,
    };
    let report = score(&fw, &input).unwrap();
    // e4 (asked for a bribe, yes) is the only reverse EIT question.
    assert_eq!(report.question_scores.unwrap().get("e4"), Some(0.0));
    assert_eq!(report.indicators[&6], 80.0);
    assert_eq!(report.indicators[&7], 100.0);
    assert_eq!(report.instruments[&Instrument::Eit].percent, 93.33);
    assert_eq!(report.instruments[&Instrument::Eit].points, 28.0);
}
