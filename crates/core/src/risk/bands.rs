//! Risk levels and the bands that turn a score (likelihood × impact, 1–25) into a
//! level. The default bands are 1–3 ต่ำ, 4–8 ปานกลาง, 9–14 สูง, 15–25 สูงมาก; an
//! agency whose own risk manual draws the lines elsewhere sets its own.

use serde::{Deserialize, Serialize};

/// A risk level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    /// ต่ำ.
    Low,
    /// ปานกลาง.
    Medium,
    /// สูง.
    High,
    /// สูงมาก.
    VeryHigh,
}

impl RiskLevel {
    /// Every level, lowest first.
    pub const ALL: [Self; 4] = [Self::Low, Self::Medium, Self::High, Self::VeryHigh];

    /// The stable code stored and posted by forms.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
            Self::VeryHigh => "very_high",
        }
    }

    /// The level from its code.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == code)
    }

    /// ต่ำ / ปานกลาง / สูง / สูงมาก.
    #[must_use]
    pub fn label_th(self) -> &'static str {
        match self {
            Self::Low => "ต่ำ",
            Self::Medium => "ปานกลาง",
            Self::High => "สูง",
            Self::VeryHigh => "สูงมาก",
        }
    }

    /// The colour a heat map and a register paint the level with (hex RGB); picked
    /// so black text stays readable on each.
    #[must_use]
    pub fn colour(self) -> &'static str {
        match self {
            Self::Low => "#9be59b",
            Self::Medium => "#ffe680",
            Self::High => "#ffb366",
            Self::VeryHigh => "#ff8080",
        }
    }
}

/// One band: scores up to and including `max` (and above the previous band's max)
/// have `level`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskBand {
    pub max: u32,
    pub level: RiskLevel,
}

/// The bands, lowest first, the last ending at 25.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RiskBands(pub Vec<RiskBand>);

impl Default for RiskBands {
    fn default() -> Self {
        Self(vec![
            RiskBand {
                max: 3,
                level: RiskLevel::Low,
            },
            RiskBand {
                max: 8,
                level: RiskLevel::Medium,
            },
            RiskBand {
                max: 14,
                level: RiskLevel::High,
            },
            RiskBand {
                max: 25,
                level: RiskLevel::VeryHigh,
            },
        ])
    }
}

impl RiskBands {
    /// The level of a score 1–25, or `None` outside.
    #[must_use]
    pub fn level(&self, score: u32) -> Option<RiskLevel> {
        if !(1..=25).contains(&score) {
            return None;
        }
        self.0.iter().find(|b| score <= b.max).map(|b| b.level)
    }

    /// "1–3", "4–8" … for each band, to print the legend.
    #[must_use]
    pub fn ranges(&self) -> Vec<(String, RiskLevel)> {
        let mut low = 1;
        self.0
            .iter()
            .map(|b| {
                let range = format!("{low}–{}", b.max);
                low = b.max + 1;
                (range, b.level)
            })
            .collect()
    }

    /// Checks that the bands rise, levels rise, and the last ends at 25.
    ///
    /// # Errors
    /// A Thai message saying what is wrong.
    pub fn check(&self) -> Result<(), String> {
        if self.0.is_empty() {
            return Err("กรุณากำหนดเกณฑ์ระดับความเสี่ยงอย่างน้อยหนึ่งช่วง".to_owned());
        }
        let mut previous_max = 0;
        let mut previous_level: Option<RiskLevel> = None;
        for band in &self.0 {
            if band.max <= previous_max {
                return Err("ช่วงคะแนนของเกณฑ์ระดับความเสี่ยงต้องเรียงจากน้อยไปมาก".to_owned());
            }
            if previous_level.is_some_and(|l| band.level <= l) {
                return Err("ระดับความเสี่ยงต้องเรียงจากต่ำไปสูง".to_owned());
            }
            previous_max = band.max;
            previous_level = Some(band.level);
        }
        if previous_max != 25 {
            return Err("ช่วงสุดท้ายของเกณฑ์ต้องสิ้นสุดที่ 25 คะแนน".to_owned());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_bands_match_the_issue() {
        let bands = RiskBands::default();
        let expect = [
            (1, RiskLevel::Low),
            (3, RiskLevel::Low),
            (4, RiskLevel::Medium),
            (8, RiskLevel::Medium),
            (9, RiskLevel::High),
            (14, RiskLevel::High),
            (15, RiskLevel::VeryHigh),
            (25, RiskLevel::VeryHigh),
        ];
        for (score, level) in expect {
            assert_eq!(bands.level(score), Some(level), "{score}");
        }
        assert_eq!(bands.level(0), None);
        assert_eq!(bands.level(26), None);
        assert!(bands.check().is_ok());
        assert_eq!(bands.ranges()[1].0, "4–8");
    }

    #[test]
    fn configured_bands_are_checked() {
        let short = RiskBands(vec![RiskBand {
            max: 20,
            level: RiskLevel::Low,
        }]);
        assert!(short.check().unwrap_err().contains("25"));
        let falling = RiskBands(vec![
            RiskBand {
                max: 10,
                level: RiskLevel::High,
            },
            RiskBand {
                max: 25,
                level: RiskLevel::Low,
            },
        ]);
        assert!(falling.check().is_err());
        let custom = RiskBands(vec![
            RiskBand {
                max: 5,
                level: RiskLevel::Low,
            },
            RiskBand {
                max: 25,
                level: RiskLevel::High,
            },
        ]);
        assert_eq!(custom.level(6), Some(RiskLevel::High));
    }
}
