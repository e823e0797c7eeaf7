//! The plan of a fiscal year: topics (ประเด็น) in order, each with its measures
//! in order. A measure carries everything the seed documents print about it: the
//! weakness it answers, the improvement, numbered steps, timeframe, owners,
//! monitoring and reporting, and targets.

use serde::{Deserialize, Serialize};

use crate::model::{AgencyId, DepartmentId, MeasureId, TopicId};
use crate::thai::fiscal::FiscalYear;
use crate::validation::ValidationErrors;

use super::quantity::format_quantity;
use super::timeframe::Timeframe;

/// A topic (ประเด็น) that groups measures in the documents: an ITA indicator, an
/// instrument (IIT/EIT/OIT), one of the annual report's topics, or the agency's own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Topic {
    pub id: TopicId,
    pub agency_id: AgencyId,
    pub fiscal_year: i32,
    /// 1-based order in the plan.
    pub position: i32,
    pub title: String,
    /// The catalogue entry it came from ([`super::TopicTemplate::key`]), if any.
    pub catalog_key: Option<String>,
}

impl Topic {
    /// Checks what a user typed. Field names: `title`.
    ///
    /// # Errors
    /// The problems found, in Thai.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        errors.require("title", &self.title, "ชื่อประเด็น");
        errors.into_result()
    }
}

/// Who carries a measure out (ผู้รับผิดชอบ): departments of the agency and/or
/// positions written as text ("หัวหน้าสำนักปลัด", "เจ้าพนักงานพัสดุ").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owners {
    #[serde(default)]
    pub departments: Vec<DepartmentId>,
    #[serde(default)]
    pub positions: Vec<String>,
}

impl Owners {
    /// Whether nobody is named.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.departments.is_empty() && self.positions.iter().all(|p| p.trim().is_empty())
    }
}

/// A target (เป้าหมาย/ตัวชี้วัด): text, and optionally a number with its unit, e.g.
/// "อบรมให้ความรู้" 3 "ครั้ง".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<f64>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
}

impl Target {
    /// "อบรมให้ความรู้ 3 ครั้ง" (Arabic digits; documents localise).
    #[must_use]
    pub fn label(&self) -> String {
        let mut out = self.text.trim().to_owned();
        if let Some(q) = self.quantity {
            out.push(' ');
            out.push_str(&format_quantity(q));
            if !self.unit.trim().is_empty() {
                out.push(' ');
                out.push_str(self.unit.trim());
            }
        }
        out
    }
}

/// One integrity measure (มาตรการ/กิจกรรม) of a fiscal year's plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    pub id: MeasureId,
    pub agency_id: AgencyId,
    pub fiscal_year: i32,
    pub topic_id: TopicId,
    /// 1-based order within its topic.
    pub position: i32,
    /// มาตรการ/กิจกรรม.
    pub title: String,
    /// ITA indicator numbers (1–10) the measure answers.
    #[serde(default)]
    pub indicators: Vec<u32>,
    /// ประเด็นที่เป็นข้อบกพร่อง/จุดอ่อน.
    #[serde(default)]
    pub weakness: String,
    /// ประเด็นที่ต้องพัฒนาให้ดีขึ้น.
    #[serde(default)]
    pub improvement: String,
    /// ขั้นตอนหรือวิธีการปฏิบัติ, in order; documents number them. Optional:
    /// many plans name a measure and its owner only, and a step invented to
    /// fill a form would be printed as if planned.
    #[serde(default)]
    pub steps: Vec<String>,
    pub timeframe: Timeframe,
    #[serde(default)]
    pub owners: Owners,
    /// การกำกับติดตาม: who follows the measure up.
    #[serde(default)]
    pub monitoring: String,
    /// การรายงานผล: who reports to whom, how often.
    #[serde(default)]
    pub reporting: String,
    #[serde(default)]
    pub targets: Vec<Target>,
    /// Incremented by every save; a save naming an older version is refused
    /// (two people editing the same measure).
    pub version: i64,
}

impl Measure {
    /// Checks what a user typed. Field names are the form's: `title`,
    /// `timeframe`, `owners`, `indicators`, `targets.N.text`. Steps may be
    /// left out.
    ///
    /// # Errors
    /// The problems found, in Thai.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        errors.require("title", &self.title, "ชื่อมาตรการ/กิจกรรม");
        if let Err(message) = self.timeframe.check(FiscalYear::new(self.fiscal_year)) {
            errors.add("timeframe", message);
        }
        if self.owners.is_empty() {
            errors.add("owners", "กรุณาระบุผู้รับผิดชอบอย่างน้อย ๑ ราย");
        }
        if let Some(bad) = self.indicators.iter().find(|n| !(1..=10).contains(*n)) {
            errors.add("indicators", format!("ไม่มีตัวชี้วัดที่ {bad}"));
        }
        for (i, t) in self.targets.iter().enumerate() {
            if t.text.trim().is_empty() {
                errors.add(format!("targets.{i}.text"), "กรุณากรอกเป้าหมาย");
            }
            if t.quantity.is_none() && !t.unit.trim().is_empty() {
                errors.add(format!("targets.{i}.quantity"), "กรุณากรอกจำนวนของหน่วยที่ระบุ");
            }
        }
        errors.into_result()
    }

    /// The steps as the documents number them: "๑. …", one per line.
    #[must_use]
    pub fn non_empty_steps(&self) -> Vec<&str> {
        self.steps
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect()
    }
}

/// Copies a plan into fiscal year `to`: fresh ids, the same order and content,
/// version 1. Date timeframes move by the number of years between the plans;
/// measures keep their topics.
#[must_use]
pub fn copy_plan_to_year(
    topics: &[Topic],
    measures: &[Measure],
    to: i32,
) -> (Vec<Topic>, Vec<Measure>) {
    let mut new_topics = Vec::with_capacity(topics.len());
    let mut new_measures = Vec::with_capacity(measures.len());
    for topic in topics {
        let id = TopicId::new();
        new_topics.push(Topic {
            id,
            fiscal_year: to,
            ..topic.clone()
        });
        for m in measures.iter().filter(|m| m.topic_id == topic.id) {
            let years = to - m.fiscal_year;
            new_measures.push(Measure {
                id: MeasureId::new(),
                fiscal_year: to,
                topic_id: id,
                timeframe: shift_years(m.timeframe, years),
                version: 1,
                ..m.clone()
            });
        }
    }
    (new_topics, new_measures)
}

fn shift_years(t: Timeframe, years: i32) -> Timeframe {
    let shift = |d: chrono::NaiveDate| {
        let months = years.unsigned_abs() * 12;
        let moved = if years >= 0 {
            d.checked_add_months(chrono::Months::new(months))
        } else {
            d.checked_sub_months(chrono::Months::new(months))
        };
        moved.unwrap_or(d)
    };
    match t {
        Timeframe::Dates { start, end } => Timeframe::Dates {
            start: shift(start),
            end: shift(end),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::thai::fiscal::Quarter;
    use chrono::NaiveDate;

    fn measure() -> Measure {
        Measure {
            id: MeasureId::new(),
            agency_id: AgencyId::new(),
            fiscal_year: 2568,
            topic_id: TopicId::new(),
            position: 1,
            title: "การป้องกันการขัดกันระหว่างประโยชน์ส่วนตนและประโยชน์ส่วนรวม".into(),
            indicators: vec![3],
            weakness: String::new(),
            improvement: String::new(),
            steps: vec!["กำหนดนโยบาย".into()],
            timeframe: Timeframe::Quarters {
                first: Quarter::Q1,
                last: Quarter::Q1,
            },
            owners: Owners {
                departments: vec![],
                positions: vec!["หัวหน้าสำนักปลัด".into()],
            },
            monitoring: String::new(),
            reporting: String::new(),
            targets: vec![Target {
                text: "จัดกิจกรรมอบรม".into(),
                quantity: Some(3.0),
                unit: "ครั้ง".into(),
            }],
            version: 1,
        }
    }

    #[test]
    fn a_complete_measure_is_valid() {
        assert_eq!(measure().validate(), Ok(()));
        let without_steps = Measure {
            steps: vec![String::new()],
            ..measure()
        };
        assert_eq!(without_steps.validate(), Ok(()), "steps are optional");
        assert_eq!(measure().targets[0].label(), "จัดกิจกรรมอบรม 3 ครั้ง");
    }

    #[test]
    fn each_problem_is_named_at_its_field() {
        let mut m = measure();
        m.title = "  ".into();
        m.steps = vec![String::new()];
        m.owners = Owners::default();
        m.indicators = vec![11];
        m.targets[0].text = String::new();
        m.targets[0].quantity = None;
        m.timeframe = Timeframe::Dates {
            start: NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(),
            end: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        };
        let errors = m.validate().unwrap_err();
        for field in [
            "title",
            "owners",
            "indicators",
            "timeframe",
            "targets.0.text",
            "targets.0.quantity",
        ] {
            assert!(errors.get(field).is_some(), "{field}: {errors}");
        }
    }

    #[test]
    fn copying_a_plan_keeps_order_and_moves_dates() {
        let topic = Topic {
            id: TopicId::new(),
            agency_id: AgencyId::new(),
            fiscal_year: 2568,
            position: 1,
            title: "ประเด็นที่ ๑".into(),
            catalog_key: None,
        };
        let mut m = measure();
        m.topic_id = topic.id;
        m.version = 7;
        m.timeframe = Timeframe::Dates {
            start: NaiveDate::from_ymd_opt(2024, 10, 1).unwrap(),
            end: NaiveDate::from_ymd_opt(2025, 3, 31).unwrap(),
        };
        let (topics, measures) =
            copy_plan_to_year(std::slice::from_ref(&topic), std::slice::from_ref(&m), 2569);
        assert_eq!(topics.len(), 1);
        assert_ne!(topics[0].id, topic.id);
        assert_eq!(topics[0].fiscal_year, 2569);
        assert_eq!(measures[0].topic_id, topics[0].id);
        assert_eq!(measures[0].version, 1);
        assert_eq!(measures[0].title, m.title);
        assert_eq!(
            measures[0].timeframe,
            Timeframe::Dates {
                start: NaiveDate::from_ymd_opt(2025, 10, 1).unwrap(),
                end: NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
            }
        );
        assert_eq!(measures[0].validate(), Ok(()));
    }
}
