//! The questions a survey asks, one list for every kind, and the reading of a
//! submitted form into answers.
//!
//! Form fields are named by the question code (`i4`) and, for a question with
//! sub-items, the code and the sub-item's number from 1 (`i4.2`). Values are
//! `1`–`4` (four-level), `1`–`5` (satisfaction), `yes`/`no` or free text. Anything
//! else is refused at its question, so a forged form cannot store a value the
//! scoring engine would reject later.

use std::collections::BTreeMap;

use serde::Serialize;

use super::response::ResponseAnswers;
use super::survey::{SatisfactionScale, Survey, SurveyKind};
use crate::field_limits::FieldKind;
use crate::ita::{Answer, AnswerType, Framework};
use crate::validation::{
    CONTROL_CHARACTER_TH, ValidationErrors, has_control_character, too_long_th,
};

/// Longer comments are refused (counted in characters).
const MAX_COMMENT_CHARS: usize = FieldKind::Text.max_chars();

/// How a question is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// 1 น้อยที่สุดหรือไม่มีเลย … 4 มากที่สุด.
    FourLevel,
    /// มี / ไม่มี (yes / no).
    YesNo,
    /// 1 น้อยที่สุด … 5 มากที่สุด.
    FiveLevel,
    /// Free text, optional.
    Text,
}

impl Scale {
    /// The choices a form offers: (value, Thai label).
    #[must_use]
    pub fn choices(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Self::FourLevel => &[
                ("1", "น้อยที่สุดหรือไม่มีเลย"),
                ("2", "น้อย"),
                ("3", "มาก"),
                ("4", "มากที่สุด"),
            ],
            Self::YesNo => &[("yes", "มี / ใช่"), ("no", "ไม่มี / ไม่ใช่")],
            Self::FiveLevel => &[
                ("1", "น้อยที่สุด"),
                ("2", "น้อย"),
                ("3", "ปานกลาง"),
                ("4", "มาก"),
                ("5", "มากที่สุด"),
            ],
            Self::Text => &[],
        }
    }
}

/// One question as a respondent sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AskedQuestion {
    /// The form field (and, for IIT/EIT, the framework's code).
    pub code: String,
    pub text_th: String,
    /// The framework indicator it belongs to (IIT/EIT only).
    pub indicator: Option<u32>,
    pub scale: Scale,
    /// Parts answered separately (field `code.N`, N from 1).
    pub sub_items: Vec<String>,
    /// Whether an answer is required (every choice question; never free text).
    pub required: bool,
}

/// The questions of `survey`; IIT and EIT take them from `framework` (the
/// survey's year), satisfaction surveys from the survey itself.
#[must_use]
pub fn asked_questions(survey: &Survey, framework: Option<&Framework>) -> Vec<AskedQuestion> {
    match survey.kind.instrument() {
        Some(instrument) => framework
            .into_iter()
            .flat_map(|f| f.indicators_of(instrument))
            .flat_map(|indicator| {
                indicator.questions.iter().map(move |q| AskedQuestion {
                    code: q.code.clone(),
                    text_th: q.text_th.clone(),
                    indicator: Some(indicator.number),
                    scale: match q.answer_type {
                        AnswerType::FourLevel => Scale::FourLevel,
                        AnswerType::YesNo => Scale::YesNo,
                    },
                    sub_items: q.sub_items.iter().map(|s| s.text_th.clone()).collect(),
                    required: true,
                })
            })
            .collect(),
        None => {
            debug_assert_eq!(survey.kind, SurveyKind::Satisfaction);
            survey
                .questions
                .iter()
                .map(|q| AskedQuestion {
                    code: q.code.clone(),
                    text_th: q.text_th.clone(),
                    indicator: None,
                    scale: match q.scale {
                        SatisfactionScale::FiveLevel => Scale::FiveLevel,
                        SatisfactionScale::Text => Scale::Text,
                    },
                    sub_items: Vec::new(),
                    required: q.scale == SatisfactionScale::FiveLevel,
                })
                .collect()
        }
    }
}

/// Reads a submitted form (field → value) into answers.
///
/// # Errors
/// Every unanswered required question and every value outside its scale, keyed
/// by the question's code so the form shows the message at the question.
pub fn parse_answers(
    questions: &[AskedQuestion],
    fields: &BTreeMap<String, String>,
) -> Result<ResponseAnswers, ValidationErrors> {
    let mut answers = ResponseAnswers::default();
    let mut errors = ValidationErrors::new();
    for question in questions {
        if question.scale == Scale::Text {
            let text = fields.get(&question.code).map_or("", |t| t.trim());
            let count = text.chars().count();
            if count > MAX_COMMENT_CHARS {
                errors.add(&question.code, too_long_th(count, MAX_COMMENT_CHARS));
            } else if has_control_character(text, true) {
                errors.add(&question.code, CONTROL_CHARACTER_TH);
            } else if !text.is_empty() {
                answers
                    .comments
                    .insert(question.code.clone(), text.to_owned());
            }
            continue;
        }
        let answer = if question.sub_items.is_empty() {
            read_choice(question.scale, fields.get(&question.code))
                .map_err(|m| (question.code.clone(), m))
        } else {
            (1..=question.sub_items.len())
                .map(|n| {
                    let field = format!("{}.{n}", question.code);
                    read_choice(question.scale, fields.get(&field)).map_err(|m| (field, m))
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Answer::SubItems)
        };
        match answer {
            Ok(answer) => {
                answers.choices.insert(question.code.clone(), answer);
            }
            Err((field, message)) => errors.add(field, message),
        }
    }
    errors.into_result().map(|()| answers)
}

fn read_choice(scale: Scale, value: Option<&String>) -> Result<Answer, &'static str> {
    let Some(value) = value.map(|v| v.trim()).filter(|v| !v.is_empty()) else {
        return Err("กรุณาเลือกคำตอบของข้อนี้");
    };
    let level = |top: u8, message: &'static str| match value.parse::<u8>() {
        Ok(level) if (1..=top).contains(&level) => Ok(Answer::Level(level)),
        _ => Err(message),
    };
    match scale {
        Scale::YesNo => match value {
            "yes" => Ok(Answer::YesNo(true)),
            "no" => Ok(Answer::YesNo(false)),
            _ => Err("คำตอบต้องเป็น มี หรือ ไม่มี"),
        },
        Scale::FourLevel => level(4, "คำตอบต้องเป็นระดับ 1 ถึง 4"),
        Scale::FiveLevel => level(5, "คำตอบต้องเป็นระดับ 1 ถึง 5"),
        Scale::Text => Err("ข้อนี้ตอบเป็นข้อความ"),
    }
}
