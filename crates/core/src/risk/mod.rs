//! The corruption-risk assessment of a fiscal year (การประเมินความเสี่ยงการทุจริต).
//!
//! As the action-plan seed prints it: per process or area (ขั้นตอนการดำเนินงาน), the
//! risk events (ประเด็นความเสี่ยง), a level per event, and the controls
//! (มาตรการควบคุมความเสี่ยง). A level comes from likelihood × impact (1–5 each) through
//! the agency's bands, or is entered directly as the seed does when no score was
//! worked out. A control may point at a project of the action plan or a measure of
//! the year, and is followed up with a status and a note.

mod bands;
mod heat_map;

use serde::{Deserialize, Serialize};

use crate::measures::ProgressStatus;
use crate::model::{AgencyId, ControlId, MeasureId, ProjectId, RiskAreaId};
use crate::validation::ValidationErrors;

pub use bands::{RiskBand, RiskBands, RiskLevel};
pub use heat_map::{HeatCell, HeatMap, heat_map, level_cell};

/// The assessment of one fiscal year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskAssessment {
    pub agency_id: AgencyId,
    pub fiscal_year: i32,
    /// The bands that turn a score into a level for this assessment.
    #[serde(default)]
    pub bands: RiskBands,
    /// The areas in order.
    #[serde(default)]
    pub areas: Vec<RiskArea>,
    #[serde(default)]
    pub version: i64,
}

/// A process or area with its risk events and controls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskArea {
    pub id: RiskAreaId,
    /// ขั้นตอน/กระบวนงาน, e.g. "การบริหารงานบุคคล".
    pub process: String,
    #[serde(default)]
    pub events: Vec<RiskEvent>,
    #[serde(default)]
    pub controls: Vec<Control>,
}

/// One risk event with its rating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskEvent {
    pub text: String,
    pub rating: RiskRating,
}

/// How a risk event was rated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum RiskRating {
    /// โอกาส × ผลกระทบ, each 1–5.
    Scored { likelihood: u8, impact: u8 },
    /// A level entered directly.
    Level { level: RiskLevel },
}

/// A control of an area and its follow-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Control {
    pub id: ControlId,
    pub text: String,
    /// The action-plan project that carries it out, if any.
    #[serde(default)]
    pub project: Option<ProjectId>,
    /// The measure of the year that carries it out, if any.
    #[serde(default)]
    pub measure: Option<MeasureId>,
    /// Where the control stands.
    #[serde(default)]
    pub status: ProgressStatus,
    /// What was done, what remains.
    #[serde(default)]
    pub follow_up: String,
}

impl RiskEvent {
    /// The event's level under `bands`, or `None` when a score is out of range.
    #[must_use]
    pub fn level(&self, bands: &RiskBands) -> Option<RiskLevel> {
        match self.rating {
            RiskRating::Level { level } => Some(level),
            RiskRating::Scored { likelihood, impact } => {
                bands.level(u32::from(likelihood) * u32::from(impact))
            }
        }
    }

    /// The score, when the event was scored.
    #[must_use]
    pub fn score(&self) -> Option<u32> {
        match self.rating {
            RiskRating::Scored { likelihood, impact } => {
                Some(u32::from(likelihood) * u32::from(impact))
            }
            RiskRating::Level { .. } => None,
        }
    }
}

impl RiskAssessment {
    /// An empty assessment with the default bands.
    #[must_use]
    pub fn new(agency_id: AgencyId, fiscal_year: i32) -> Self {
        Self {
            agency_id,
            fiscal_year,
            bands: RiskBands::default(),
            areas: Vec::new(),
            version: 0,
        }
    }

    /// Checks what a user typed. Field names: `area_N.process`, `area_N.event_M`,
    /// `area_N.likelihood_M`, `area_N.impact_M`, `area_N.control_M`, and `bands`.
    ///
    /// # Errors
    /// The problems found, in Thai.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if let Err(message) = self.bands.check() {
            errors.add("bands", message);
        }
        for (a, area) in self.areas.iter().enumerate() {
            let prefix = format!("area_{}", a + 1);
            errors.require(
                &format!("{prefix}.process"),
                &area.process,
                "ขั้นตอน/กระบวนงาน",
            );
            for (e, event) in area.events.iter().enumerate() {
                errors.require(
                    &format!("{prefix}.event_{}", e + 1),
                    &event.text,
                    "ประเด็นความเสี่ยง",
                );
                if let RiskRating::Scored { likelihood, impact } = event.rating {
                    for (name, value, label) in [
                        ("likelihood", likelihood, "โอกาส"),
                        ("impact", impact, "ผลกระทบ"),
                    ] {
                        if !(1..=5).contains(&value) {
                            errors.add(
                                format!("{prefix}.{name}_{}", e + 1),
                                format!("{label}ต้องเป็นตัวเลข 1 ถึง 5"),
                            );
                        }
                    }
                }
            }
            for (c, control) in area.controls.iter().enumerate() {
                errors.require(
                    &format!("{prefix}.control_{}", c + 1),
                    &control.text,
                    "มาตรการควบคุมความเสี่ยง",
                );
            }
        }
        errors.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scored(l: u8, i: u8) -> RiskEvent {
        RiskEvent {
            text: "เรียกรับเงิน".into(),
            rating: RiskRating::Scored {
                likelihood: l,
                impact: i,
            },
        }
    }

    #[test]
    fn likelihood_zero_or_six_is_refused_at_its_field() {
        let mut assessment = RiskAssessment::new(AgencyId::new(), 2568);
        assessment.areas.push(RiskArea {
            id: RiskAreaId::new(),
            process: "การบริหารงานบุคคล".into(),
            events: vec![scored(0, 3), scored(2, 6)],
            controls: vec![],
        });
        let errors = assessment.validate().unwrap_err();
        assert!(
            errors
                .get("area_1.likelihood_1")
                .unwrap()
                .contains("1 ถึง 5")
        );
        assert!(errors.get("area_1.impact_2").is_some());
        assert!(errors.get("area_1.likelihood_2").is_none());
    }

    #[test]
    fn levels_come_from_scores_or_are_entered() {
        let bands = RiskBands::default();
        assert_eq!(scored(3, 4).level(&bands), Some(RiskLevel::High));
        assert_eq!(scored(3, 4).score(), Some(12));
        let direct = RiskEvent {
            text: "x".into(),
            rating: RiskRating::Level {
                level: RiskLevel::Medium,
            },
        };
        assert_eq!(direct.level(&bands), Some(RiskLevel::Medium));
        assert_eq!(direct.score(), None);
    }
}
