//! IIT and EIT answers → question scores.
//!
//! NACC's rule: each answer has a value (four-level 0 / 33.33 / 66.67 / 100,
//! yes/no 0 / 100, inverted for reverse-scored items), a question with sub-items
//! scores each respondent by the mean of the sub-items, and the question score is
//! the mean over respondents. Values are kept in whole hundredths so the sum over
//! respondents is exact; the only division happens once per question.

use std::collections::BTreeMap;

use super::error::ScoreError;
use super::framework::{AnswerType, Framework, Instrument, Question};
use super::input::Answer;
use super::report::CodeScores;
use super::round::round2;
use super::values::{IndicatorValues, check_codes, mean};

/// Four-level values in hundredths of a point, as NACC issues them.
const FOUR_LEVEL: [u32; 4] = [0, 3333, 6667, 10_000];

/// A full answer (มากที่สุด, มี) in hundredths.
const FULL: u32 = 10_000;

/// Why one answer (or one sub-item of it) cannot be scored.
enum Problem {
    LevelOutOfRange(u8),
    YesNoForFourLevel,
    LevelForYesNo,
    ListForSingle,
    NeedsSubItems,
    WrongSubItemCount(usize),
}

/// Indicator scores (unrounded) and question scores (rounded) of one survey
/// instrument from every respondent's answers to every question.
pub(crate) fn score_answers(
    framework: &Framework,
    instrument: Instrument,
    answers: &BTreeMap<String, Vec<Answer>>,
    question_scores: &mut CodeScores,
) -> Result<IndicatorValues, ScoreError> {
    let base = format!("{}.questions", instrument.input_key());
    let codes = framework
        .indicators_of(instrument)
        .flat_map(|i| &i.questions)
        .map(|q| q.code.as_str());
    check_codes(
        codes,
        answers,
        |code| {
            ScoreError::invalid(
                format!("{base}.{code}"),
                format!(
                    "ไม่มีข้อคำถาม {code} ในแบบวัด {} ของปี {}",
                    instrument.code(),
                    framework.year
                ),
            )
        },
        |code| {
            ScoreError::invalid(
                &base,
                format!(
                    "ขาดคำตอบข้อ {code} (ต้องมีคำตอบทุกข้อของแบบวัด {})",
                    instrument.code()
                ),
            )
        },
    )?;
    let mut values = IndicatorValues::new();
    for indicator in framework.indicators_of(instrument) {
        let mut scores = Vec::with_capacity(indicator.questions.len());
        for question in &indicator.questions {
            let given = answers.get(&question.code).map_or(&[][..], Vec::as_slice);
            let score = score_question(question, given, &format!("{base}.{}", question.code))?;
            question_scores.push(&question.code, round2(score));
            scores.push(score);
        }
        values.push((indicator.number, mean(&scores)));
    }
    Ok(values)
}

/// The score (0–100) of `question` from every respondent's answer.
///
/// `path` is the JSON path of the answer list, e.g. `iit.questions.i4`.
fn score_question(question: &Question, answers: &[Answer], path: &str) -> Result<f64, ScoreError> {
    if answers.is_empty() {
        return Err(ScoreError::invalid(
            path,
            format!("ข้อ {} ยังไม่มีผู้ตอบ ต้องมีคำตอบอย่างน้อยหนึ่งคน", question.code),
        ));
    }
    let mut sum: u64 = 0;
    for (respondent, answer) in answers.iter().enumerate() {
        let value = respondent_sum(question, answer).map_err(|(sub_item, problem)| {
            let mut at = format!("{path}[{respondent}]");
            if let Some(sub_item) = sub_item {
                at.push_str(&format!("[{sub_item}]"));
            }
            ScoreError::invalid(at, describe(question, sub_item.is_some(), &problem))
        })?;
        sum += u64::from(value);
    }
    let parts = question.sub_items.len().max(1) * answers.len();
    Ok(sum as f64 / parts as f64 / 100.0)
}

/// One respondent's answer in hundredths, summed over the sub-items.
fn respondent_sum(question: &Question, answer: &Answer) -> Result<u32, (Option<usize>, Problem)> {
    if question.sub_items.is_empty() {
        return value(question.answer_type, question.reverse, answer).map_err(|p| (None, p));
    }
    let Answer::SubItems(parts) = answer else {
        return Err((None, Problem::NeedsSubItems));
    };
    if parts.len() != question.sub_items.len() {
        return Err((None, Problem::WrongSubItemCount(parts.len())));
    }
    let mut sum = 0;
    for (index, (part, sub)) in parts.iter().zip(&question.sub_items).enumerate() {
        sum += value(question.answer_type, sub.reverse, part).map_err(|p| (Some(index), p))?;
    }
    Ok(sum)
}

fn value(kind: AnswerType, reverse: bool, answer: &Answer) -> Result<u32, Problem> {
    let value = match (kind, answer) {
        (AnswerType::FourLevel, Answer::Level(level @ 1..=4)) => FOUR_LEVEL[usize::from(level - 1)],
        (AnswerType::FourLevel, Answer::Level(level)) => {
            return Err(Problem::LevelOutOfRange(*level));
        }
        (AnswerType::FourLevel, Answer::YesNo(_)) => return Err(Problem::YesNoForFourLevel),
        (AnswerType::YesNo, Answer::YesNo(yes)) => {
            if *yes {
                FULL
            } else {
                0
            }
        }
        (AnswerType::YesNo, Answer::Level(_)) => return Err(Problem::LevelForYesNo),
        (_, Answer::SubItems(_)) => return Err(Problem::ListForSingle),
    };
    Ok(if reverse { FULL - value } else { value })
}

fn describe(question: &Question, in_sub_item: bool, problem: &Problem) -> String {
    let code = &question.code;
    let parts = question.sub_items.len();
    match problem {
        Problem::LevelOutOfRange(level) => {
            format!("ระดับคำตอบต้องเป็น 1–4 (1 = น้อยที่สุดหรือไม่มีเลย, 4 = มากที่สุด) แต่ได้ {level}")
        }
        Problem::YesNoForFourLevel => {
            format!("ข้อ {code} ตอบเป็นระดับ 1–4 ไม่ใช่ true/false")
        }
        Problem::LevelForYesNo => {
            format!("ข้อ {code} ตอบเป็น true (มี) หรือ false (ไม่มี) ไม่ใช่ระดับ 1–4")
        }
        Problem::ListForSingle if in_sub_item => {
            "คำตอบของข้อย่อยแต่ละข้อต้องเป็นค่าเดียว ไม่ใช่รายการ".to_owned()
        }
        Problem::ListForSingle => {
            format!("ข้อ {code} ไม่มีข้อย่อย ต้องตอบเป็นค่าเดียว ไม่ใช่รายการ")
        }
        Problem::NeedsSubItems => {
            format!("ข้อ {code} มีข้อย่อย {parts} ข้อ ต้องตอบเป็นรายการ {parts} คำตอบ")
        }
        Problem::WrongSubItemCount(given) => {
            format!("ข้อ {code} มีข้อย่อย {parts} ข้อ แต่คำตอบมี {given} ข้อ")
        }
    }
}
