//! The analysis of อบต.หนองปรุง's FY2565 result, as its measures document (the
//! committee-order seed) prints it: total 60.61, rating D, the ten indicators
//! ranked from 88.91 down to 12.50 under "คะแนนสูงสุดรายตัวชี้วัด", and the
//! findings per instrument. The seed's second table prints indicator 6 as 88.52;
//! the ranked list's 88.42 is the value that gives the published total.

use std::collections::BTreeMap;

use prongsai_core::ita::{
    Framework, Instrument, OitInput, ScoreInput, ScoreReport, SurveyInput, score,
};

const AGENCY: &str = "องค์การบริหารส่วนตำบลหนองปรุง";

/// The ten official indicator scores of FY2565, by indicator number.
const NONG_PRUNG_2565: [(u32, f64); 10] = [
    (1, 86.52),
    (2, 75.34),
    (3, 83.35),
    (4, 74.51),
    (5, 82.38),
    (6, 88.42),
    (7, 88.91),
    (8, 83.96),
    (9, 39.27),
    (10, 12.5),
];

/// The seed's ranked list: name as printed in the seed and score, highest first.
const SEED_RANKED: [(&str, f64); 10] = [
    ("ประสิทธิภาพการสื่อสาร", 88.91),
    ("คุณภาพการดำเนินงาน", 88.42),
    ("การปฏิบัติหน้าที่", 86.52),
    ("การปรับปรุงการทำงาน", 83.96),
    ("การใช้อำนาจ", 83.35),
    ("การแก้ไขปัญหาการทุจริต", 82.38),
    ("การใช้งบประมาณ", 75.34),
    ("การใช้ทรัพย์สินของทางราชการ", 74.51),
    ("การเปิดเผยข้อมูล", 39.27),
    ("การป้องกันการทุจริต", 12.50),
];

fn report_2565() -> (Framework, ScoreReport) {
    let framework = Framework::builtin(2565).expect("built-in 2565");
    let part = |numbers: std::ops::RangeInclusive<u32>| -> BTreeMap<String, f64> {
        NONG_PRUNG_2565
            .iter()
            .filter(|(n, _)| numbers.contains(n))
            .map(|(n, v)| (n.to_string(), *v))
            .collect()
    };
    let input = ScoreInput {
        year: 2565,
        iit: Some(SurveyInput::Indicators(part(1..=5))),
        eit: Some(SurveyInput::Indicators(part(6..=8))),
        oit: Some(OitInput::Indicators(part(9..=10))),
    };
    let report = score(&framework, &input).expect("seed scores");
    (framework, report)
}

mod analysis {
    use prongsai_core::analysis::{
        AnalysisSettings, WeaknessReason, WeaknessRule, analyze, draft_text_th,
    };

    use super::*;

    #[test]
    fn ranking_follows_the_seeds_list_highest_first() {
        let (framework, report) = report_2565();
        let analysis = analyze(&framework, &report, None, &AnalysisSettings::default());
        assert_eq!(analysis.year, 2565);
        assert_eq!(analysis.total, Some(60.61));
        assert_eq!(analysis.rating.as_deref(), Some("D"));
        assert!(!analysis.draft);

        let numbers: Vec<u32> = analysis.ranked.iter().map(|i| i.number).collect();
        assert_eq!(numbers, [7, 6, 1, 8, 3, 5, 2, 4, 9, 10]);
        let ranks: Vec<u32> = analysis.ranked.iter().map(|i| i.rank).collect();
        assert_eq!(ranks, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        for (ranked, (seed_name, seed_score)) in analysis.ranked.iter().zip(SEED_RANKED) {
            assert_eq!(ranked.score, seed_score, "indicator {}", ranked.number);
            // The seed shortens two official names; the framework keeps NACC's.
            let official = match seed_name {
                "การปรับปรุงการทำงาน" => {
                    "การปรับปรุงระบบการทำงาน"
                }
                "การใช้ทรัพย์สินของทางราชการ" => {
                    "การใช้ทรัพย์สินของราชการ"
                }
                other => other,
            };
            assert_eq!(ranked.name_th, official);
        }
        assert_eq!(analysis.ranked[0].instrument, Instrument::Eit);
        assert_eq!(analysis.ranked[9].instrument, Instrument::Oit);
    }

    #[test]
    fn instruments_are_found_against_the_pass_mark() {
        let (framework, report) = report_2565();
        let analysis = analyze(&framework, &report, None, &AnalysisSettings::default());
        let found: Vec<(Instrument, f64, f64, f64, bool)> = analysis
            .instruments
            .iter()
            .map(|i| (i.code, i.percent, i.points, i.max_points, i.below_pass_mark))
            .collect();
        assert_eq!(
            found,
            [
                (Instrument::Iit, 80.42, 24.13, 30.0, true),
                (Instrument::Eit, 87.10, 26.13, 30.0, false),
                (Instrument::Oit, 25.89, 10.35, 40.0, true),
            ]
        );
        assert!(analysis.missing_instruments.is_empty());
        assert!(analysis.instruments.iter().all(|i| i.change.is_none()));
    }

    #[test]
    fn weaknesses_under_each_rule() {
        let (framework, report) = report_2565();
        let numbers = |rule| {
            let settings = AnalysisSettings {
                rule,
                ..AnalysisSettings::default()
            };
            analyze(&framework, &report, None, &settings)
                .weaknesses
                .iter()
                .map(|i| i.number)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            numbers(WeaknessRule::BelowPassMark { pass_mark: 85.0 }),
            [10, 9, 4, 2, 5, 3, 8]
        );
        assert_eq!(
            numbers(WeaknessRule::BelowPassMark { pass_mark: 50.0 }),
            [10, 9]
        );
        // 86.52 is not below a pass mark of 86.52.
        assert_eq!(
            numbers(WeaknessRule::BelowPassMark { pass_mark: 86.52 }).len(),
            7
        );
        assert_eq!(numbers(WeaknessRule::LowestN { n: 3 }), [10, 9, 4]);
        assert_eq!(numbers(WeaknessRule::LowestN { n: 30 }).len(), 10);
        assert!(numbers(WeaknessRule::Dropped).is_empty());

        let analysis = analyze(
            &framework,
            &report,
            None,
            &AnalysisSettings {
                rule: WeaknessRule::LowestN { n: 2 },
                ..AnalysisSettings::default()
            },
        );
        assert_eq!(
            analysis.ranked[9].weakness,
            Some(WeaknessReason::LowestN { n: 2 })
        );
        assert_eq!(analysis.ranked[7].weakness, None);
    }

    #[test]
    fn draft_text_reads_like_the_seed() {
        let (framework, report) = report_2565();
        let analysis = analyze(&framework, &report, None, &AnalysisSettings::default());
        let paragraphs = draft_text_th(&analysis, AGENCY);
        assert_eq!(
            paragraphs[0],
            "ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2565 ขององค์การบริหารส่วนตำบลหนองปรุง ได้คะแนน 60.61 คะแนน อยู่ในระดับ D"
        );
        assert_eq!(
            paragraphs[1],
            "ตัวชี้วัดที่ได้คะแนนสูงสุด คือ ตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร (88.91 คะแนน) และตัวชี้วัดที่ได้คะแนนต่ำสุด คือ ตัวชี้วัดที่ 10 การป้องกันการทุจริต (12.50 คะแนน)"
        );
        assert!(paragraphs.contains(&"1. ประสิทธิภาพการสื่อสาร ได้คะแนน 88.91 คะแนน".to_owned()));
        assert!(paragraphs.contains(&"10. การป้องกันการทุจริต ได้คะแนน 12.50 คะแนน".to_owned()));
        let text = paragraphs.join("\n");
        assert!(text.contains(
            "ผลคะแนน IIT (แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน) ได้ร้อยละ 80.42 คิดเป็น 24.13 คะแนน จากคะแนนเต็ม 30 คะแนน ต่ำกว่าเกณฑ์ร้อยละ 85"
        ));
        assert!(text.contains("ผลคะแนน EIT"));
        assert!(text.contains("ได้ร้อยละ 87.10"));
        assert!(text.contains("ผ่านเกณฑ์ร้อยละ 85"));
        assert!(text.contains("ผลคะแนน OIT"));
        assert!(text.contains("ตัวชี้วัดที่ได้คะแนนต่ำกว่าเกณฑ์ 85 คะแนน จำนวน 7 ตัวชี้วัด"));
        for weakness in &analysis.weaknesses {
            assert!(
                text.contains(&format!(
                    "ตัวชี้วัดที่ {} {} ได้คะแนน",
                    weakness.number, weakness.name_th
                )),
                "weakness {} missing from the draft",
                weakness.number
            );
        }
        assert!(
            text.contains("1. ตัวชี้วัดที่ 10 การป้องกันการทุจริต ได้คะแนน 12.50 คะแนน ต่ำกว่าเกณฑ์ 85 คะแนน")
        );
        assert!(!text.contains("ข้อคำถาม"), "no questions in official scores");
        assert!(
            !text.contains("ปีก่อน"),
            "no comparison without a previous year"
        );
    }
}
