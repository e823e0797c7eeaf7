//! A fiscal year's ITA framework as data: instruments and their weights, the ten
//! indicators with their questions or OIT items, and the rating scheme.
//!
//! NACC changes the assessment every year (items renumbered, merged, dropped; the
//! rating labels changed in 2566 and 2567), so nothing about a year is written in
//! code. Each year is one JSON file; the scoring engine only reads these types.
//! Years whose content could not be confirmed against the official NACC manual
//! are marked `draft` and carry [`DRAFT_WARNING_TH`] wherever they are used.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::rating::RatingScheme;

/// Shown with every use of a draft framework.
pub const DRAFT_WARNING_TH: &str = "ต้องตรวจสอบกับคู่มือ ป.ป.ช.";

/// One of NACC's three assessment instruments (แบบวัด).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Instrument {
    /// แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน — the staff survey.
    #[serde(rename = "IIT")]
    Iit,
    /// แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก — the service-user survey.
    #[serde(rename = "EIT")]
    Eit,
    /// แบบวัดการเปิดเผยข้อมูลสาธารณะ — the open-data checklist.
    #[serde(rename = "OIT")]
    Oit,
}

impl Instrument {
    /// The code NACC uses: "IIT", "EIT" or "OIT".
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Iit => "IIT",
            Self::Eit => "EIT",
            Self::Oit => "OIT",
        }
    }

    /// The key of this instrument in a score input ("iit", "eit", "oit").
    #[must_use]
    pub fn input_key(self) -> &'static str {
        match self {
            Self::Iit => "iit",
            Self::Eit => "eit",
            Self::Oit => "oit",
        }
    }
}

/// How sure we are that a framework matches NACC's manual for that year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FrameworkStatus {
    /// Checked against published NACC figures.
    Confirmed,
    /// Best available approximation; every use shows [`DRAFT_WARNING_TH`].
    Draft,
}

/// The framework of one fiscal year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// Buddhist-era fiscal year.
    pub year: i32,
    pub status: FrameworkStatus,
    /// Where the content comes from and what is uncertain (Thai, optionally with
    /// an English summary).
    pub confidence_note: String,
    pub instruments: Vec<InstrumentSpec>,
    pub indicators: Vec<Indicator>,
    pub rating: RatingScheme,
    /// Previous year's OIT item code → this year's code, for comparing results
    /// across years. Items merged by NACC map to the same new code; dropped items
    /// are absent.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub previous_year_item_mapping: BTreeMap<String, String>,
}

/// An instrument and its share of the total score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstrumentSpec {
    pub code: Instrument,
    pub name_th: String,
    /// Points out of 100 in the total (30, 30, 40 in every known year).
    pub weight: f64,
}

/// One indicator (ตัวชี้วัด). Survey indicators have questions, OIT indicators
/// have sub-indicators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// 1–10 in every known year.
    pub number: u32,
    pub name_th: String,
    pub name_en: String,
    pub instrument: Instrument,
    /// Points out of 100 in the total; an instrument's indicators add up to the
    /// instrument's weight.
    pub weight: f64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<Question>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sub_indicators: Vec<SubIndicator>,
}

/// A survey question (ข้อคำถาม) such as i4 or e11.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub code: String,
    pub text_th: String,
    pub answer_type: AnswerType,
    /// Whether agreeing describes bad behaviour, so the value is inverted
    /// (มากที่สุด → 0, มี → 0). With sub-items, each sub-item's own flag is used
    /// and this one must be true exactly when all of them are.
    pub reverse: bool,
    /// Parts answered separately and averaged; empty for a single answer, never
    /// exactly one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sub_items: Vec<SubItem>,
}

/// The kind of answer a question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerType {
    /// น้อยที่สุดหรือไม่มีเลย / น้อย / มาก / มากที่สุด → 0 / 33.33 / 66.67 / 100.
    FourLevel,
    /// มี / ไม่มี → 100 / 0.
    YesNo,
}

/// One part of a question with sub-items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubItem {
    pub text_th: String,
    pub reverse: bool,
}

/// An OIT sub-indicator (ตัวชี้วัดย่อย) such as 9.1 ข้อมูลพื้นฐาน. Its score is the
/// share of its items passed; the indicator is the mean of its sub-indicators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubIndicator {
    /// `"<indicator number>.<n>"`, e.g. "10.2".
    pub code: String,
    pub name_th: String,
    pub items: Vec<OitItem>,
}

/// An OIT item (ข้อ O1, O2 …): passed (100) or not (0) by NACC's assessors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OitItem {
    pub code: String,
    pub title_th: String,
    /// What the published evidence must contain to pass.
    pub evidence_th: String,
}

impl Framework {
    /// Whether this year's content is an unconfirmed approximation.
    #[must_use]
    pub fn is_draft(&self) -> bool {
        self.status == FrameworkStatus::Draft
    }

    /// The instrument entry for `code`, if this year has it.
    #[must_use]
    pub fn instrument(&self, code: Instrument) -> Option<&InstrumentSpec> {
        self.instruments.iter().find(|i| i.code == code)
    }

    /// The indicator numbered `number`.
    #[must_use]
    pub fn indicator(&self, number: u32) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.number == number)
    }

    /// The indicators of one instrument, in file order.
    pub fn indicators_of(
        &self,
        instrument: Instrument,
    ) -> impl Iterator<Item = &Indicator> + Clone {
        self.indicators
            .iter()
            .filter(move |i| i.instrument == instrument)
    }

    /// Every OIT item, in file order.
    pub fn oit_items(&self) -> impl Iterator<Item = &OitItem> {
        self.indicators
            .iter()
            .flat_map(|i| &i.sub_indicators)
            .flat_map(|s| &s.items)
    }

    /// Every survey question, in file order.
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.indicators.iter().flat_map(|i| &i.questions)
    }
}
