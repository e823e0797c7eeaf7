//! Properties of the scoring engine over random inputs: every figure stays in
//! 0–100 (points within the instrument's weight), and passing one more OIT item
//! never lowers any figure.

use std::collections::BTreeMap;

use proptest::prelude::*;
use proptest::sample::select;

use prongsai_core::ita::{
    Answer, AnswerType, Framework, Instrument, OitInput, Question, ScoreInput, ScoreReport,
    SurveyInput, score,
};

fn builtin(year: i32) -> Framework {
    Framework::builtin(year).expect("built-in framework")
}

fn answer_strategy(question: &Question) -> BoxedStrategy<Answer> {
    let one = match question.answer_type {
        AnswerType::FourLevel => (1u8..=4).prop_map(Answer::Level).boxed(),
        AnswerType::YesNo => any::<bool>().prop_map(Answer::YesNo).boxed(),
    };
    if question.sub_items.is_empty() {
        one
    } else {
        prop::collection::vec(one, question.sub_items.len())
            .prop_map(Answer::SubItems)
            .boxed()
    }
}

/// Between one and six respondents' answers to every question of `instrument`.
fn answers_strategy(fw: &Framework, instrument: Instrument) -> BoxedStrategy<SurveyInput> {
    let per_question: Vec<_> = fw
        .indicators_of(instrument)
        .flat_map(|i| &i.questions)
        .map(|q| {
            let code = q.code.clone();
            prop::collection::vec(answer_strategy(q), 1..=6).prop_map(move |a| (code.clone(), a))
        })
        .collect();
    per_question
        .prop_map(|pairs| SurveyInput::Questions(pairs.into_iter().collect()))
        .boxed()
}

fn official_strategy(
    fw: &Framework,
    instrument: Instrument,
) -> BoxedStrategy<BTreeMap<String, f64>> {
    let numbers: Vec<String> = fw
        .indicators_of(instrument)
        .map(|i| i.number.to_string())
        .collect();
    prop::collection::vec(0.0..=100.0f64, numbers.len())
        .prop_map(move |values| numbers.iter().cloned().zip(values).collect())
        .boxed()
}

fn survey_strategy(fw: &Framework, instrument: Instrument) -> BoxedStrategy<SurveyInput> {
    prop_oneof![
        answers_strategy(fw, instrument),
        official_strategy(fw, instrument).prop_map(SurveyInput::Indicators),
    ]
    .boxed()
}

fn items_strategy(fw: &Framework) -> BoxedStrategy<BTreeMap<String, bool>> {
    let codes: Vec<String> = fw.oit_items().map(|i| i.code.clone()).collect();
    prop::collection::vec(any::<bool>(), codes.len())
        .prop_map(move |passed| codes.iter().cloned().zip(passed).collect())
        .boxed()
}

fn oit_strategy(fw: &Framework) -> BoxedStrategy<OitInput> {
    prop_oneof![
        items_strategy(fw).prop_map(OitInput::Items),
        official_strategy(fw, Instrument::Oit).prop_map(OitInput::Indicators),
    ]
    .boxed()
}

/// A random complete input for a random built-in year, with OIT from `oit`.
fn input_strategy(
    oit: fn(&Framework) -> BoxedStrategy<OitInput>,
) -> impl Strategy<Value = (Framework, ScoreInput)> {
    select(Framework::builtin_years()).prop_flat_map(move |year| {
        let fw = builtin(year);
        (
            Just(fw.clone()),
            survey_strategy(&fw, Instrument::Iit),
            survey_strategy(&fw, Instrument::Eit),
            oit(&fw),
        )
            .prop_map(move |(fw, iit, eit, oit)| {
                let input = ScoreInput {
                    year,
                    iit: Some(iit),
                    eit: Some(eit),
                    oit: Some(oit),
                };
                (fw, input)
            })
    })
}

fn oit_items_only(fw: &Framework) -> BoxedStrategy<OitInput> {
    items_strategy(fw).prop_map(OitInput::Items).boxed()
}

fn in_range(value: f64, max: f64) -> bool {
    (0.0..=max).contains(&value)
}

/// Every figure of a report, labelled, for comparing two reports.
fn figures(report: &ScoreReport) -> Vec<(String, f64)> {
    let mut all = vec![("total".to_owned(), report.total.unwrap_or(f64::NAN))];
    for (instrument, s) in &report.instruments {
        all.push((format!("{} percent", instrument.code()), s.percent));
        all.push((format!("{} points", instrument.code()), s.points));
    }
    for (number, s) in &report.indicators {
        all.push((format!("indicator {number}"), *s));
    }
    for (code, s) in report.sub_indicators.iter().flat_map(|subs| subs.iter()) {
        all.push((format!("sub-indicator {code}"), s));
    }
    all
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_score_stays_within_0_and_100((fw, input) in input_strategy(oit_strategy)) {
        let report = score(&fw, &input).unwrap();
        let total = report.total.unwrap();
        prop_assert!(in_range(total, 100.0), "total {total}");
        prop_assert!(report.rating.is_some());
        for (number, s) in &report.indicators {
            prop_assert!(in_range(*s, 100.0), "indicator {number}: {s}");
        }
        for (code, s) in report.sub_indicators.iter().flat_map(|subs| subs.iter()) {
            prop_assert!(in_range(s, 100.0), "sub-indicator {code}: {s}");
        }
        for (code, s) in report.question_scores.iter().flat_map(|q| q.iter()) {
            prop_assert!(in_range(s, 100.0), "question {code}: {s}");
        }
        for spec in &fw.instruments {
            let s = report.instruments[&spec.code];
            prop_assert!(in_range(s.percent, 100.0), "{:?} percent {}", spec.code, s.percent);
            prop_assert!(in_range(s.points, spec.weight), "{:?} points {}", spec.code, s.points);
        }
    }

    #[test]
    fn passing_one_more_item_never_lowers_a_score(
        (fw, mut input) in input_strategy(oit_items_only),
        pick in any::<prop::sample::Index>(),
    ) {
        let Some(OitInput::Items(mut items)) = input.oit.clone() else {
            unreachable!("the strategy gives OIT items")
        };
        let failed: Vec<String> = items.iter().filter(|(_, p)| !**p).map(|(c, _)| c.clone()).collect();
        prop_assume!(!failed.is_empty());
        let before = score(&fw, &input).unwrap();
        let flipped = pick.get(&failed).clone();
        items.insert(flipped.clone(), true);
        input.oit = Some(OitInput::Items(items));
        let after = score(&fw, &input).unwrap();
        for ((name, old), (_, new)) in figures(&before).into_iter().zip(figures(&after)) {
            prop_assert!(new >= old, "{name} fell from {old} to {new}");
        }
        let sub = fw
            .indicators_of(Instrument::Oit)
            .flat_map(|i| &i.sub_indicators)
            .find(|s| s.items.iter().any(|i| i.code == flipped))
            .unwrap();
        let sub_score = |r: &ScoreReport| r.sub_indicators.as_ref().unwrap().get(&sub.code).unwrap();
        prop_assert!(sub_score(&after) > sub_score(&before), "{} did not rise", sub.code);
    }
}
