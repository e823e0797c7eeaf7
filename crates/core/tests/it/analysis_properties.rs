//! Properties of the analysis over random results: the ranking is a permutation
//! of the scored indicators sorted from highest to lowest with competition ranks,
//! the lowest-n rule marks exactly min(n, indicators), and the Thai draft is
//! produced for any result without panicking.

use std::collections::BTreeMap;

use proptest::prelude::*;

use prongsai_core::ita::{Framework, OitInput, ScoreInput, SurveyInput, score};

/// Scores with two decimals, drawn from a small set half of the time so that
/// ties are common.
fn score_strategy() -> impl Strategy<Value = f64> {
    prop_oneof![
        (0u32..=10_000).prop_map(|c| f64::from(c) / 100.0),
        prop::sample::select(vec![0.0, 50.0, 74.51, 85.0, 100.0]),
    ]
}

/// Ten indicator scores and which instruments are given.
fn input_strategy() -> impl Strategy<Value = ScoreInput> {
    (
        prop::collection::vec(score_strategy(), 10),
        any::<(bool, bool, bool)>(),
    )
        .prop_map(|(scores, (iit, eit, oit))| {
            let part = |numbers: std::ops::RangeInclusive<u32>| -> BTreeMap<String, f64> {
                numbers
                    .map(|n| (n.to_string(), scores[n as usize - 1]))
                    .collect()
            };
            ScoreInput {
                year: 2565,
                iit: iit.then(|| SurveyInput::Indicators(part(1..=5))),
                eit: eit.then(|| SurveyInput::Indicators(part(6..=8))),
                oit: oit.then(|| OitInput::Indicators(part(9..=10))),
            }
        })
}

mod analysis {
    use prongsai_core::analysis::{AnalysisSettings, WeaknessRule, analyze, draft_text_th};

    use super::*;

    proptest! {
        #[test]
        fn ranking_is_a_sorted_permutation_and_lowest_n_marks_min_n(
            input in input_strategy(),
            previous in input_strategy(),
            n in 1u32..=12,
        ) {
            let framework = Framework::builtin(2565).expect("built-in 2565");
            let current = score(&framework, &input).unwrap();
            let previous = score(&framework, &previous).unwrap();
            let settings = AnalysisSettings {
                rule: WeaknessRule::LowestN { n },
                ..AnalysisSettings::default()
            };
            let analysis = analyze(&framework, &current, Some(&previous), &settings);

            let mut numbers: Vec<u32> = analysis.ranked.iter().map(|i| i.number).collect();
            numbers.sort_unstable();
            let scored: Vec<u32> = current.indicators.keys().copied().collect();
            prop_assert_eq!(numbers, scored);
            for pair in analysis.ranked.windows(2) {
                prop_assert!(pair[0].score >= pair[1].score);
                if pair[0].score == pair[1].score {
                    prop_assert!(pair[0].number < pair[1].number);
                    prop_assert_eq!(pair[0].rank, pair[1].rank);
                }
            }
            for indicator in &analysis.ranked {
                let higher = analysis.ranked.iter().filter(|i| i.score > indicator.score).count();
                prop_assert_eq!(indicator.rank as usize, higher + 1);
                prop_assert_eq!(indicator.score, current.indicators[&indicator.number]);
            }

            let expected = (n as usize).min(analysis.ranked.len());
            prop_assert_eq!(analysis.weaknesses.len(), expected);
            let lowest = analysis.ranked.iter().rev().take(expected).map(|i| i.number);
            prop_assert!(lowest.eq(analysis.weaknesses.iter().map(|i| i.number)));

            let text = draft_text_th(&analysis, "อบต.ทดสอบ");
            prop_assert!(text[0].contains("ประจำปีงบประมาณ พ.ศ. 2565"));
            for weakness in &analysis.weaknesses {
                let line = format!("ตัวชี้วัดที่ {} {}", weakness.number, weakness.name_th);
                prop_assert!(text.iter().any(|p| p.contains(&line)));
            }
        }

        #[test]
        fn below_pass_mark_and_dropped_mark_exactly_what_they_say(
            input in input_strategy(),
            previous in input_strategy(),
            pass_mark in score_strategy(),
        ) {
            let framework = Framework::builtin(2565).expect("built-in 2565");
            let current = score(&framework, &input).unwrap();
            let previous = score(&framework, &previous).unwrap();
            let below = analyze(
                &framework,
                &current,
                Some(&previous),
                &AnalysisSettings {
                    rule: WeaknessRule::BelowPassMark { pass_mark },
                    ..AnalysisSettings::default()
                },
            );
            for indicator in &below.ranked {
                prop_assert_eq!(indicator.weakness.is_some(), indicator.score < pass_mark);
            }
            let dropped = analyze(
                &framework,
                &current,
                Some(&previous),
                &AnalysisSettings {
                    rule: WeaknessRule::Dropped,
                    ..AnalysisSettings::default()
                },
            );
            for indicator in &dropped.ranked {
                let fell = indicator
                    .previous_score
                    .is_some_and(|p| indicator.score < p);
                prop_assert_eq!(indicator.weakness.is_some(), fell);
            }
            prop_assert!(dropped.weaknesses.windows(2).all(|w| w[0].score <= w[1].score));
        }
    }
}
