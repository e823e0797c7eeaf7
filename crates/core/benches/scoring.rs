//! Scoring throughput: 10,000 agencies' raw answers for FY2565 (IIT 30 questions
//! × 50 respondents with the framework's sub-items, EIT 15 questions × 100
//! respondents, all 43 OIT items), scored with `ita::score` in one process.
//!
//! The baseline reads every answer value of the same data once and sums it, so the
//! ratio shows what the engine costs beyond touching the data: validating each
//! answer against its question, the NACC arithmetic and building the report.
//! Inputs are generated outside the timed sections, in batches so the process
//! stays small; both loops run over each batch. Run with
//! `cargo bench -p prongsai-core --bench scoring` (2,000 agencies; the 10,000 with
//! `PRONGSAI_BENCH_FULL=1`). It reports a time and has no goal to assert.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use prongsai_core::ita::{
    Answer, AnswerType, Framework, Instrument, OitInput, Question, ScoreInput, SurveyInput, score,
};
use prongsai_testkit::bench::Mode;

const BATCH: usize = 1_000;
const IIT_RESPONDENTS: usize = 50;
const EIT_RESPONDENTS: usize = 100;
const YEAR: i32 = 2565;

/// SplitMix64: a small, fixed-seed generator so every run scores the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    /// A four-level answer leaning towards the favourable end, as real surveys do.
    fn level(&mut self, reverse: bool) -> u8 {
        let favourable = match self.next() % 100 {
            0..=44 => 4,
            45..=79 => 3,
            80..=94 => 2,
            _ => 1,
        };
        if reverse { 5 - favourable } else { favourable }
    }
}

fn one_answer(rng: &mut Rng, kind: AnswerType, reverse: bool) -> Answer {
    match kind {
        AnswerType::FourLevel => Answer::Level(rng.level(reverse)),
        AnswerType::YesNo => Answer::YesNo(rng.chance(90) != reverse),
    }
}

fn answer(rng: &mut Rng, question: &Question) -> Answer {
    if question.sub_items.is_empty() {
        one_answer(rng, question.answer_type, question.reverse)
    } else {
        Answer::SubItems(
            question
                .sub_items
                .iter()
                .map(|sub| one_answer(rng, question.answer_type, sub.reverse))
                .collect(),
        )
    }
}

fn survey(
    rng: &mut Rng,
    fw: &Framework,
    instrument: Instrument,
    respondents: usize,
) -> SurveyInput {
    SurveyInput::Questions(
        fw.indicators_of(instrument)
            .flat_map(|i| &i.questions)
            .map(|q| {
                (
                    q.code.clone(),
                    (0..respondents).map(|_| answer(rng, q)).collect(),
                )
            })
            .collect(),
    )
}

fn agency(rng: &mut Rng, fw: &Framework) -> ScoreInput {
    ScoreInput {
        year: YEAR,
        iit: Some(survey(rng, fw, Instrument::Iit, IIT_RESPONDENTS)),
        eit: Some(survey(rng, fw, Instrument::Eit, EIT_RESPONDENTS)),
        oit: Some(OitInput::Items(
            fw.oit_items()
                .map(|item| (item.code.clone(), rng.chance(85)))
                .collect::<BTreeMap<_, _>>(),
        )),
    }
}

fn answer_sum(answer: &Answer) -> u64 {
    match answer {
        Answer::YesNo(yes) => u64::from(*yes),
        Answer::Level(level) => u64::from(*level),
        Answer::SubItems(parts) => parts.iter().map(answer_sum).sum(),
    }
}

fn survey_sum(survey: Option<&SurveyInput>) -> u64 {
    match survey {
        Some(SurveyInput::Questions(questions)) => {
            questions.values().flatten().map(answer_sum).sum()
        }
        _ => 0,
    }
}

/// The baseline: every answer value read once and summed.
fn baseline(input: &ScoreInput) -> u64 {
    let oit = match &input.oit {
        Some(OitInput::Items(items)) => items.values().filter(|p| **p).count() as u64,
        _ => 0,
    };
    survey_sum(input.iit.as_ref()) + survey_sum(input.eit.as_ref()) + oit
}

fn values_in(input: &ScoreInput) -> u64 {
    fn count(answer: &Answer) -> u64 {
        match answer {
            Answer::SubItems(parts) => parts.len() as u64,
            _ => 1,
        }
    }
    let survey = |s: Option<&SurveyInput>| match s {
        Some(SurveyInput::Questions(q)) => q.values().flatten().map(count).sum(),
        _ => 0,
    };
    let oit = match &input.oit {
        Some(OitInput::Items(items)) => items.len() as u64,
        _ => 0,
    };
    survey(input.iit.as_ref()) + survey(input.eit.as_ref()) + oit
}

fn main() {
    let mode = Mode::from_env();
    let agencies: usize = mode.pick(2_000, 10_000);
    let fw = Framework::builtin(YEAR).expect("built-in framework");
    let mut rng = Rng(2565);
    let mut generating = Duration::ZERO;
    let mut baseline_time = Duration::ZERO;
    let mut scoring_time = Duration::ZERO;
    let mut baseline_check = 0u64;
    let mut total_sum = 0.0;
    let mut values = 0u64;

    for _ in 0..agencies / BATCH {
        let start = Instant::now();
        let batch: Vec<ScoreInput> = (0..BATCH).map(|_| agency(&mut rng, &fw)).collect();
        generating += start.elapsed();
        values += batch.iter().map(values_in).sum::<u64>();

        let start = Instant::now();
        for input in &batch {
            baseline_check = baseline_check.wrapping_add(baseline(black_box(input)));
        }
        baseline_time += start.elapsed();

        let start = Instant::now();
        for input in &batch {
            let report = score(&fw, black_box(input)).expect("generated input scores");
            total_sum += black_box(report.total.expect("every instrument given"));
        }
        scoring_time += start.elapsed();
    }

    let per_second = agencies as f64 / scoring_time.as_secs_f64();
    println!(
        "ITA scoring benchmark, FY{YEAR} framework, {}",
        mode.describe()
    );
    println!(
        "  {agencies} agencies: IIT 30 x {IIT_RESPONDENTS}, EIT 15 x {EIT_RESPONDENTS}, OIT 43 items; {values} answer values"
    );
    println!(
        "  input generation (untimed): {:.2} s",
        generating.as_secs_f64()
    );
    println!(
        "  baseline (read + sum every value): {:.3} s  (checksum {baseline_check})",
        baseline_time.as_secs_f64()
    );
    println!(
        "  ita::score:                        {:.3} s  (mean total {:.2})",
        scoring_time.as_secs_f64(),
        total_sum / agencies as f64
    );
    println!(
        "  ratio score / baseline: {:.1}x",
        scoring_time.as_secs_f64() / baseline_time.as_secs_f64()
    );
    println!("  throughput: {per_second:.0} agencies/s");
}
