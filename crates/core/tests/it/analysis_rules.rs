//! The analysis beyond the seed: change since the previous year, the dropped
//! rule, tied scores, results with instruments still missing, question-level
//! results, draft frameworks, and edits of the generated text that must survive
//! regeneration.

use std::collections::BTreeMap;

use prongsai_core::ita::{
    Answer, AnswerType, DRAFT_WARNING_TH, Framework, Instrument, OitInput, Question, ScoreInput,
    ScoreReport, SurveyInput, score,
};

fn builtin(year: i32) -> Framework {
    Framework::builtin(year).expect("built-in framework")
}

fn official(scores: &[f64; 10], numbers: std::ops::RangeInclusive<u32>) -> BTreeMap<String, f64> {
    numbers
        .map(|n| (n.to_string(), scores[n as usize - 1]))
        .collect()
}

/// A full official result: `scores[0]` is indicator 1.
fn report(year: i32, scores: &[f64; 10]) -> (Framework, ScoreReport) {
    let framework = builtin(year);
    let input = ScoreInput {
        year,
        iit: Some(SurveyInput::Indicators(official(scores, 1..=5))),
        eit: Some(SurveyInput::Indicators(official(scores, 6..=8))),
        oit: Some(OitInput::Indicators(official(scores, 9..=10))),
    };
    let report = score(&framework, &input).expect("valid input");
    (framework, report)
}

const Y2565: [f64; 10] = [
    86.52, 75.34, 83.35, 74.51, 82.38, 88.42, 88.91, 83.96, 39.27, 12.5,
];
/// A made-up previous year: indicators 2, 6 and 9 were higher, the rest lower.
const Y2564: [f64; 10] = [80.0, 80.0, 80.0, 70.0, 80.0, 90.0, 85.0, 80.0, 50.0, 12.5];

/// The best answer to `question` (four-level 4 or มี, inverted for reverse items).
fn good(question: &Question) -> Answer {
    let one = |reverse: bool| match question.answer_type {
        AnswerType::FourLevel => Answer::Level(if reverse { 1 } else { 4 }),
        AnswerType::YesNo => Answer::YesNo(!reverse),
    };
    if question.sub_items.is_empty() {
        one(question.reverse)
    } else {
        Answer::SubItems(question.sub_items.iter().map(|s| one(s.reverse)).collect())
    }
}

/// Three respondents answering every question of `instrument` at best, except
/// the questions in `poor`, given the single-answer value `level` by two of them.
fn answers(
    framework: &Framework,
    instrument: Instrument,
    poor: &[(&str, u8)],
) -> BTreeMap<String, Vec<Answer>> {
    framework
        .indicators_of(instrument)
        .flat_map(|i| &i.questions)
        .map(|q| {
            let respondents = match poor.iter().find(|(code, _)| *code == q.code) {
                Some((_, level)) => vec![Answer::Level(*level), Answer::Level(*level), good(q)],
                None => vec![good(q); 3],
            };
            (q.code.clone(), respondents)
        })
        .collect()
}

mod analysis {
    use prongsai_core::analysis::{
        AnalysisSettings, EditableText, Regenerated, WeaknessReason, WeaknessRule, analyze,
        draft_text_th,
    };
    use prongsai_core::thai::numbers::format_decimal;

    use super::*;

    fn with_rule(rule: WeaknessRule) -> AnalysisSettings {
        AnalysisSettings {
            rule,
            ..AnalysisSettings::default()
        }
    }

    #[test]
    fn change_since_last_year_per_indicator_instrument_and_total() {
        let (framework, current) = report(2565, &Y2565);
        let (_, previous) = report(2564, &Y2564);
        let analysis = analyze(
            &framework,
            &current,
            Some(&previous),
            &AnalysisSettings::default(),
        );
        assert_eq!(analysis.previous_year, Some(2564));
        let previous_total = previous.total.unwrap();
        assert_eq!(analysis.previous_total, Some(previous_total));
        assert_eq!(
            analysis.total_change,
            Some(prongsai_core::ita::round2(60.61 - previous_total))
        );
        let by_number = |n: u32| analysis.ranked.iter().find(|i| i.number == n).unwrap();
        assert_eq!(by_number(1).previous_score, Some(80.0));
        assert_eq!(by_number(1).change, Some(6.52));
        assert_eq!(by_number(9).change, Some(-10.73));
        assert_eq!(by_number(10).change, Some(0.0));
        let iit = &analysis.instruments[0];
        assert_eq!(iit.previous_percent, Some(78.0));
        assert_eq!(iit.change, Some(2.42));

        let text = draft_text_th(&analysis, "อบต.ทดสอบ").join("\n");
        let change = analysis.total_change.unwrap();
        let word = if change < 0.0 {
            "ลดลง"
        } else {
            "เพิ่มขึ้น"
        };
        assert!(text.contains(&format!(
            "{word} {} คะแนน จากปีงบประมาณ พ.ศ. 2564 ({} คะแนน)",
            format_decimal(change.abs(), 2),
            format_decimal(previous_total, 2)
        )));
        assert!(
            text.contains("1. ประสิทธิภาพการสื่อสาร ได้คะแนน 88.91 คะแนน (เพิ่มขึ้น 3.91 คะแนน จากปีก่อน)")
        );
        assert!(text.contains("10. การป้องกันการทุจริต ได้คะแนน 12.50 คะแนน (เท่าเดิม จากปีก่อน)"));
        assert!(text.contains("เพิ่มขึ้น 2.42 จากร้อยละ 78.00 ในปีงบประมาณ พ.ศ. 2564"));
    }

    #[test]
    fn dropped_rule_marks_indicators_lower_than_last_year() {
        let (framework, current) = report(2565, &Y2565);
        let (_, previous) = report(2564, &Y2564);
        let analysis = analyze(
            &framework,
            &current,
            Some(&previous),
            &with_rule(WeaknessRule::Dropped),
        );
        let weak: Vec<(u32, Option<WeaknessReason>)> = analysis
            .weaknesses
            .iter()
            .map(|i| (i.number, i.weakness))
            .collect();
        assert_eq!(
            weak,
            [
                (9, Some(WeaknessReason::Dropped { by: 10.73 })),
                (2, Some(WeaknessReason::Dropped { by: 4.66 })),
                (6, Some(WeaknessReason::Dropped { by: 1.58 })),
            ]
        );
        let text = draft_text_th(&analysis, "อบต.ทดสอบ").join("\n");
        assert!(text.contains("ตัวชี้วัดที่ได้คะแนนลดลงจากปีงบประมาณ พ.ศ. 2564 จำนวน 3 ตัวชี้วัด"));
        assert!(
            text.contains("1. ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล ได้คะแนน 39.27 คะแนน ลดลงจากปีก่อน 10.73 คะแนน")
        );

        let alone = analyze(
            &framework,
            &current,
            None,
            &with_rule(WeaknessRule::Dropped),
        );
        assert!(alone.weaknesses.is_empty());
        let text = draft_text_th(&alone, "อบต.ทดสอบ").join("\n");
        assert!(text.contains("ไม่มีผลการประเมินปีก่อนให้เปรียบเทียบ"));

        let same = analyze(
            &framework,
            &current,
            Some(&current),
            &with_rule(WeaknessRule::Dropped),
        );
        assert!(same.weaknesses.is_empty());
        let text = draft_text_th(&same, "อบต.ทดสอบ").join("\n");
        assert!(text.contains("ไม่มีตัวชี้วัดที่ได้คะแนนลดลงจากปีงบประมาณ พ.ศ. 2565"));
        assert!(text.contains("เท่ากับปีงบประมาณ พ.ศ. 2565 (60.61 คะแนน)"));
    }

    #[test]
    fn lowest_n_draft_names_the_rank_reason() {
        let (framework, current) = report(2565, &Y2565);
        let analysis = analyze(
            &framework,
            &current,
            None,
            &with_rule(WeaknessRule::LowestN { n: 3 }),
        );
        let text = draft_text_th(&analysis, "อบต.ทดสอบ").join("\n");
        assert!(text.contains("ตัวชี้วัดที่ได้คะแนนต่ำสุด 3 ลำดับ ดังนี้"));
        assert!(
            text.contains("3. ตัวชี้วัดที่ 4 การใช้ทรัพย์สินของราชการ ได้คะแนน 74.51 คะแนน อยู่ใน 3 ลำดับต่ำสุด")
        );
    }

    #[test]
    fn ties_share_a_rank_and_are_listed_by_indicator_number() {
        let scores = [90.0, 80.0, 90.0, 70.0, 80.0, 95.0, 70.0, 80.0, 95.0, 60.0];
        let (framework, current) = report(2565, &scores);
        let analysis = analyze(
            &framework,
            &current,
            None,
            &with_rule(WeaknessRule::LowestN { n: 2 }),
        );
        let ranked: Vec<(u32, u32)> = analysis.ranked.iter().map(|i| (i.rank, i.number)).collect();
        assert_eq!(
            ranked,
            [
                (1, 6),
                (1, 9),
                (3, 1),
                (3, 3),
                (5, 2),
                (5, 5),
                (5, 8),
                (8, 4),
                (8, 7),
                (10, 10)
            ]
        );
        // Exactly n weaknesses: of the two 70.00s, indicator 7 is listed later.
        let weak: Vec<u32> = analysis.weaknesses.iter().map(|i| i.number).collect();
        assert_eq!(weak, [10, 7]);
        let text = draft_text_th(&analysis, "อบต.ทดสอบ").join("\n");
        assert!(text.contains(
            "ตัวชี้วัดที่ได้คะแนนสูงสุด คือ ตัวชี้วัดที่ 6 คุณภาพการดำเนินงาน และตัวชี้วัดที่ 9 การเปิดเผยข้อมูล (95.00 คะแนน)"
        ));
        assert!(text.contains("5. การใช้งบประมาณ ได้คะแนน 80.00 คะแนน"));
        assert!(text.contains("5. การปรับปรุงระบบการทำงาน ได้คะแนน 80.00 คะแนน"));

        let (framework, flat) = report(2565, &[85.0; 10]);
        let analysis = analyze(&framework, &flat, None, &AnalysisSettings::default());
        assert!(analysis.ranked.iter().all(|i| i.rank == 1));
        assert!(analysis.weaknesses.is_empty());
        let text = draft_text_th(&analysis, "อบต.ทดสอบ").join("\n");
        assert!(text.contains("ทุกตัวชี้วัดได้คะแนนเท่ากัน คือ 85.00 คะแนน"));
        assert!(text.contains("ไม่มีตัวชี้วัดที่ได้คะแนนต่ำกว่าเกณฑ์ 85 คะแนน"));
    }

    #[test]
    fn missing_instruments_leave_no_total_and_no_panic() {
        let framework = builtin(2565);
        let oit_only = ScoreInput {
            year: 2565,
            iit: None,
            eit: None,
            oit: Some(OitInput::Indicators(official(&Y2565, 9..=10))),
        };
        let current = score(&framework, &oit_only).unwrap();
        let (_, previous) = report(2564, &Y2564);
        let analysis = analyze(
            &framework,
            &current,
            Some(&previous),
            &AnalysisSettings::default(),
        );
        assert_eq!(analysis.total, None);
        assert_eq!(analysis.rating, None);
        assert_eq!(analysis.total_change, None);
        assert_eq!(
            analysis.missing_instruments,
            [Instrument::Iit, Instrument::Eit]
        );
        assert_eq!(analysis.instruments.len(), 1);
        let numbers: Vec<u32> = analysis.ranked.iter().map(|i| i.number).collect();
        assert_eq!(numbers, [9, 10]);
        let text = draft_text_th(&analysis, "อบต.ทดสอบ");
        assert_eq!(
            text[0],
            "ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2565 ของอบต.ทดสอบ ยังไม่มีคะแนนรวมและระดับผลการประเมิน เนื่องจากยังไม่มีผลแบบวัด IIT และ EIT"
        );

        let nothing = ScoreInput {
            year: 2565,
            iit: None,
            eit: None,
            oit: None,
        };
        let empty = score(&framework, &nothing).unwrap();
        for rule in [
            WeaknessRule::default(),
            WeaknessRule::Dropped,
            WeaknessRule::LowestN { n: 3 },
        ] {
            let analysis = analyze(&framework, &empty, Some(&previous), &with_rule(rule));
            assert!(analysis.ranked.is_empty());
            assert!(analysis.weaknesses.is_empty());
            assert!(analysis.instruments.is_empty());
            let text = draft_text_th(&analysis, "อบต.ทดสอบ");
            assert_eq!(text.last().unwrap(), "ยังไม่มีคะแนนรายตัวชี้วัด");
        }
    }

    #[test]
    fn lowest_questions_come_from_scored_answers() {
        let framework = builtin(2565);
        let input = ScoreInput {
            year: 2565,
            iit: Some(SurveyInput::Questions(answers(
                &framework,
                Instrument::Iit,
                &[("i9", 4), ("i7", 2), ("i2", 2)],
            ))),
            eit: Some(SurveyInput::Questions(answers(
                &framework,
                Instrument::Eit,
                &[("e3", 3)],
            ))),
            oit: Some(OitInput::Indicators(official(&Y2565, 9..=10))),
        };
        let current = score(&framework, &input).unwrap();
        let settings = AnalysisSettings {
            lowest_questions: 3,
            ..AnalysisSettings::default()
        };
        let analysis = analyze(&framework, &current, None, &settings);
        let found: Vec<(&str, u32, f64)> = analysis
            .lowest_questions
            .iter()
            .map(|q| (q.code.as_str(), q.indicator, q.score))
            .collect();
        // i9 is reverse-scored: two answers of มากที่สุด score 0. Equal scores
        // (i2 and i7, (33.33 + 33.33 + 100) / 3) keep the framework's order.
        assert_eq!(
            found,
            [("i9", 2, 33.33), ("i2", 1, 55.55), ("i7", 2, 55.55)]
        );
        let i9 = &analysis.lowest_questions[0];
        assert_eq!(
            i9.text_th,
            framework
                .questions()
                .find(|q| q.code == "i9")
                .unwrap()
                .text_th
        );

        let text = draft_text_th(&analysis, "อบต.ทดสอบ").join("\n");
        assert!(text.contains("ข้อคำถามที่ได้คะแนนต่ำสุด 3 ข้อ ได้แก่"));
        assert!(text.contains(&format!(
            "1. ข้อคำถาม i9 “{}” ได้คะแนน 33.33 คะแนน",
            i9.text_th
        )));

        let none = AnalysisSettings {
            lowest_questions: 0,
            ..AnalysisSettings::default()
        };
        assert!(
            analyze(&framework, &current, None, &none)
                .lowest_questions
                .is_empty()
        );
    }

    #[test]
    fn draft_frameworks_are_flagged_in_the_text() {
        let (framework, current) = report(2567, &[90.0; 10]);
        let analysis = analyze(&framework, &current, None, &AnalysisSettings::default());
        assert!(analysis.draft);
        let text = draft_text_th(&analysis, "อบต.ทดสอบ");
        assert!(text[0].contains("ได้คะแนน 90.00 คะแนน"));
        assert!(text[1].contains(DRAFT_WARNING_TH));
    }

    #[test]
    fn analysis_serializes_with_tagged_reasons() {
        let (framework, current) = report(2565, &Y2565);
        let analysis = analyze(&framework, &current, None, &AnalysisSettings::default());
        let json = serde_json::to_value(&analysis).unwrap();
        assert_eq!(json["ranked"][0]["instrument"], "EIT");
        assert_eq!(
            json["weaknesses"][0]["weakness"],
            serde_json::json!({"kind": "below_pass_mark", "pass_mark": 85.0})
        );
        assert_eq!(json["rule"]["kind"], "below_pass_mark");
    }

    #[test]
    fn regenerating_never_loses_edits() {
        let (framework, current) = report(2565, &Y2565);
        let first = draft_text_th(
            &analyze(&framework, &current, None, &AnalysisSettings::default()),
            "อบต.ทดสอบ",
        );
        let mut text = EditableText::new(first.clone());
        assert_eq!(text.current(), first);

        let mut edited = first.clone();
        edited[0] = "ข้อความที่เจ้าหน้าที่แก้ไขเอง".to_owned();
        text.edit(edited.clone());
        assert_eq!(text.current(), edited);

        assert_eq!(text.regenerate(first.clone()), Regenerated::Unchanged);
        assert_eq!(text.current(), edited);

        let fresh = draft_text_th(
            &analyze(
                &framework,
                &current,
                None,
                &with_rule(WeaknessRule::LowestN { n: 2 }),
            ),
            "อบต.ทดสอบ",
        );
        let outcome = text.regenerate(fresh.clone());
        assert_eq!(
            outcome,
            Regenerated::Conflict {
                edited: edited.clone(),
                fresh: fresh.clone()
            }
        );
        assert_eq!(text.current(), edited, "a conflict changes nothing");
        assert_eq!(text.generated, first);

        let mut kept = text.clone();
        kept.keep_edits(fresh.clone());
        assert_eq!(kept.current(), edited);
        assert_eq!(kept.generated, fresh);

        text.use_fresh(fresh.clone());
        assert_eq!(text.current(), fresh);
        assert!(!text.is_edited());
        assert_eq!(text.regenerate(first.clone()), Regenerated::Replaced);
        assert_eq!(text.current(), first);

        let json = serde_json::to_string(&kept).unwrap();
        let back: EditableText = serde_json::from_str(&json).unwrap();
        assert_eq!(back, kept);
        let plain: EditableText = serde_json::from_str(r#"{"generated":["ก"]}"#).unwrap();
        assert_eq!(plain.current(), ["ก"]);
    }
}
