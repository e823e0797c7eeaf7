//! A survey and what the agency configures for it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::sample::SampleRule;
use crate::ita::Instrument;
use crate::model::{AgencyId, SurveyId};
use crate::validation::ValidationErrors;

/// Which questionnaire a survey asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SurveyKind {
    /// The framework's IIT questions, for the agency's staff.
    Iit,
    /// The framework's EIT questions, for people who used a service.
    Eit,
    /// The agency's own satisfaction questions.
    Satisfaction,
}

impl SurveyKind {
    pub const ALL: [Self; 3] = [Self::Iit, Self::Eit, Self::Satisfaction];

    /// The stable code stored in the database and forms.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Iit => "iit",
            Self::Eit => "eit",
            Self::Satisfaction => "satisfaction",
        }
    }

    /// Parses [`SurveyKind::code`].
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The Thai name.
    #[must_use]
    pub fn label_th(self) -> &'static str {
        match self {
            Self::Iit => "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)",
            Self::Eit => "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)",
            Self::Satisfaction => "แบบสำรวจความพึงพอใจ",
        }
    }

    /// The ITA instrument whose questions the survey asks, if any.
    #[must_use]
    pub fn instrument(self) -> Option<Instrument> {
        match self {
            Self::Iit => Some(Instrument::Iit),
            Self::Eit => Some(Instrument::Eit),
            Self::Satisfaction => None,
        }
    }
}

/// Whether a survey takes answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SurveyStatus {
    Open,
    Closed,
}

impl SurveyStatus {
    /// The stable code stored in the database.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Closed => "closed",
        }
    }

    /// Parses [`SurveyStatus::code`].
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Open, Self::Closed]
            .into_iter()
            .find(|s| s.code() == code)
    }

    /// The Thai label.
    #[must_use]
    pub fn label_th(self) -> &'static str {
        match self {
            Self::Open => "เปิดรับคำตอบ",
            Self::Closed => "ปิดรับคำตอบแล้ว",
        }
    }
}

/// How a satisfaction question is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SatisfactionScale {
    /// 1 น้อยที่สุด … 5 มากที่สุด.
    FiveLevel,
    /// Free text (ข้อเสนอแนะ), optional.
    Text,
}

impl SatisfactionScale {
    /// The stable code stored in forms.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::FiveLevel => "five_level",
            Self::Text => "text",
        }
    }

    /// Parses [`SatisfactionScale::code`].
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        [Self::FiveLevel, Self::Text]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// A question the agency writes for a satisfaction survey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SatisfactionQuestion {
    /// "s1", "s2" … in the order asked; stable once answers exist.
    pub code: String,
    pub text_th: String,
    pub scale: SatisfactionScale,
}

/// One survey of one agency and fiscal year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Survey {
    pub id: SurveyId,
    pub agency_id: AgencyId,
    /// Buddhist-era fiscal year; for IIT and EIT it picks the framework.
    pub fiscal_year: i32,
    pub kind: SurveyKind,
    pub title: String,
    /// The unguessable part of the public link (`/p/{agency}/surveys/{token}`).
    pub public_token: String,
    pub status: SurveyStatus,
    /// The number of people the survey is for (staff with a year's service for
    /// IIT, service users for EIT), as the agency enters it.
    pub population: Option<u32>,
    pub sample_rule: SampleRule,
    /// Answers are refused after this day (Thailand time), even while open.
    pub closes_on: Option<NaiveDate>,
    /// Satisfaction surveys only.
    pub questions: Vec<SatisfactionQuestion>,
    pub created_at: DateTime<Utc>,
    pub version: i32,
}

impl Survey {
    /// The minimum sample, when the population is known.
    #[must_use]
    pub fn minimum_sample(&self) -> Option<u32> {
        self.population.map(|p| self.sample_rule.minimum_sample(p))
    }

    /// Whether answers are taken on `today` (Thailand's date).
    #[must_use]
    pub fn accepts_answers(&self, today: NaiveDate) -> bool {
        self.status == SurveyStatus::Open && self.closes_on.is_none_or(|last| today <= last)
    }

    /// Checks what the agency typed; messages name the form fields.
    ///
    /// # Errors
    /// A Thai message per field.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = match self.sample_rule.validate() {
            Ok(()) => ValidationErrors::new(),
            Err(errors) => errors,
        };
        errors.require("title", &self.title, "ชื่อแบบสำรวจ");
        errors.check_field("title", &self.title);
        if self.population.is_some_and(|p| p == 0 || p > 10_000_000) {
            errors.add("population", "จำนวนประชากรต้องอยู่ระหว่าง 1 ถึง 10,000,000 คน");
        }
        if self.kind == SurveyKind::Satisfaction {
            if !self
                .questions
                .iter()
                .any(|q| q.scale == SatisfactionScale::FiveLevel)
            {
                errors.add(
                    "questions",
                    "แบบสำรวจความพึงพอใจต้องมีข้อคำถามแบบให้คะแนน 1–5 อย่างน้อยหนึ่งข้อ",
                );
            }
            if self.questions.iter().any(|q| q.text_th.trim().is_empty()) {
                errors.add("questions", "ข้อคำถามต้องไม่ว่าง");
            }
            if self.questions.len() > 40 {
                errors.add("questions", "ข้อคำถามต้องไม่เกิน 40 ข้อ");
            }
        }
        errors.into_result()
    }
}
